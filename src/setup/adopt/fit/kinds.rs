//! Which kind a whole table is: the fields that make a register of a kind,
//! and a word for its subject in its name, folder, heading or columns.

use super::Mapping;
use crate::config::kinds::RegisterKind;
use crate::setup::adopt::tables::Table;

/// Words naming each kind's subject, one of which is in the file's name,
/// the table's heading or its header when a table is of that kind.
/// Whether a folder's own name says it holds records of a kind
/// (`incidents/`, `Nonconformities/`, `ncs/`), in English or translated.
pub fn folder_names(kind: RegisterKind, folder: &str) -> bool {
    let last = folder.trim_end_matches('/').rsplit('/').next().unwrap_or(folder);
    let words = last.to_lowercase().replace(['-', '_'], " ");
    let place = format!("{words} {} ", crate::workspace::words::translated(&words));
    subject(kind).iter().any(|w| place.contains(w))
        || (kind == RegisterKind::Findings && matches!(words.trim(), "ncs" | "nc"))
}

pub(super) fn subject(kind: RegisterKind) -> &'static [&'static str] {
    use RegisterKind::*;
    match kind {
        Risks => &["risk", "threat"],
        Assets => &["asset", "inventory"],
        Soa => &["applicab", "soa", "control"],
        Roles => &["role", "raci", "responsibilit"],
        Training => &["training", "course", "awareness", "learning"],
        Audits => &["audit"],
        Findings => &["nonconform", "non conform", "finding", "corrective", "capa", "nc "],
        Changes => &["change"],
        Incidents => &["incident", "breach", "event"],
        Objectives => &["objective"],
        Budget => &["budget", "cost", "spend"],
        Improvements => &["improvement", "improvements"],
        Reviews => &["management review", "review meeting", "management_review", "meeting"],
        Documents => &["polic", "document", "procedure", "standard"],
        // (In the languages whose words for them no translation reads.)
        Suppliers => &[
            "supplier",
            "vendor",
            "third part",
            "outsourc",
            "lieferant",
            "fournisseur",
            "prestataire",
            "proveedor",
            "fornitor",
            "leverancier",
        ],
    }
}

/// What a register of the kind needs, in words (for saying why a table
/// named like one is not read as one).
pub fn needs(kind: RegisterKind) -> &'static str {
    use RegisterKind::*;
    match kind {
        Risks => "a likelihood and an impact (or a level and an owner)",
        Soa => "a column of Annex A control ids and one saying whether each applies",
        Assets => "a name or id, and an owner or a classification",
        Training => "who, which course, and when it was completed",
        Audits => "a date, and an auditor or what was audited and found",
        Findings => "what was found, an owner, and a date or action",
        Changes => "what changes, and its approval, implementation or category",
        Incidents => "a summary, a severity and when it was detected",
        Objectives => "the objective and its measure or target",
        Budget => "an item and an amount",
        Improvements => "the improvement and its owner",
        Reviews => "when it was held, and its inputs, decisions or chair",
        Documents => "each document's title and its approval, owner, version or review date",
        Roles => "the role and its responsibilities or holders",
        Suppliers => "each supplier's name and its service with its criticality, security clauses or assessment dates",
    }
}

/// The kind a table's file name, heading or columns name, if any.
pub fn named_kind(table: &Table) -> Option<RegisterKind> {
    // A Markdown table by its heading alone: a document's other tables
    // (revision history, contacts) are no registers. Else the file's name
    // first, then its folders, then its columns: `Audit Programme.csv`
    // is named for audits though a column says `clauses / controls`.
    let places: Vec<String> = match table.format {
        crate::config::Format::Markdown => vec![table.heading.as_deref().unwrap_or("").to_lowercase()],
        _ => {
            let path = table.path.to_lowercase().replace(['-', '_'], " ");
            let file = path.rsplit('/').next().unwrap_or(&path).to_string();
            let headers = table
                .header
                .iter()
                .map(|h| h.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            vec![file, path.replace('/', " "), headers]
        }
    };
    places.iter().find_map(|place| {
        RegisterKind::ALL
            .into_iter()
            .find(|k| subject(*k).iter().any(|w| place.contains(w)))
    })
}

/// The fields without which a table is not a register of the kind.
pub(super) fn makes(kind: RegisterKind, m: &Mapping) -> bool {
    use RegisterKind::*;
    let has = |f: &str| m.has(f);
    match kind {
        Risks => {
            (has("likelihood") && has("impact")) || (has("level") && has("owner") && (has("title") || has("threat")))
        }
        Soa => has("id") && has("applicable"),
        Assets => (has("name") || has("id")) && (has("owner") || has("classification")),
        Training => has("person") && has("course") && has("completed_on"),
        // (An audit history without an auditor column, `| Audit | Date |
        // Scope | Result |`, is one too: the check asks for the auditor.)
        Audits => {
            (has("planned_on") || has("performed_on"))
                && (has("auditor") || ((has("title") || has("id")) && (has("scope") || has("report"))))
        }
        Findings => has("title") && has("owner") && (has("raised_on") || has("due_on") || has("corrective_action")),
        Changes => has("title") && (has("approved_by") || has("implemented_on") || has("category")),
        Incidents => has("title") && has("severity") && has("detected_at"),
        Objectives => has("title") && (has("measure") || has("target")),
        Budget => has("item") && has("amount"),
        Improvements => has("title") && has("owner"),
        Reviews => has("held_on") && (has("inputs") || has("decisions") || has("chair")),
        Roles => has("title") && (has("responsibilities") || has("holders")),
        Documents => has("title") && (has("approved_by") || has("approved_on") || has("next_review") || has("version")),
        // (A list of names and services alone is a contact list.)
        Suppliers => {
            has("name")
                && (has("security_clauses")
                    || has("last_assessed")
                    || has("next_assessment")
                    || (has("service") && has("criticality")))
        }
    }
}
