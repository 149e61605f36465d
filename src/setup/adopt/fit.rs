//! What a table is, read from its header and its values together: each
//! column's profile (how many of its cells are numbers, dates, level
//! words, control ids, yes/no…), how well a column fits a field of a
//! register kind (its name among the names practitioners give that field,
//! and values of the field's type), and how well a whole table fits a kind
//! (the fields that make a register of that kind, and a word for its
//! subject in its name, heading or columns). A name alone never decides.

use super::tables::Table;
use crate::config::Format;
use crate::config::kinds::{Field, FieldType, RegisterKind};
use crate::workspace::annex_a;
use std::collections::BTreeMap;

/// What a column's non-blank cells look like: the share of each kind of
/// value among them.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub filled: usize,
    pub ints: f64,
    /// `12 Medium`: a number and a level word.
    pub int_words: f64,
    /// Level words (`Low`, `Very High`, `Critical`).
    pub levels: f64,
    /// Words of a likelihood or impact scale (levels, `Rare`, `Likely`,
    /// `Major`).
    pub scale_words: f64,
    pub dates: f64,
    /// A name and a date (`Head of IT, 21/04/2026`).
    pub with_dates: f64,
    /// Cells whose every item is a control id or an Annex A theme.
    pub controls: f64,
    /// Cells holding exactly one control id.
    pub single_controls: f64,
    /// Cells that open with a control id before more text (`A.5.1
    /// Security policies`).
    pub leading_controls: f64,
    pub bools: f64,
    pub avg_len: f64,
    pub distinct: usize,
    pub max_int: i64,
    /// Cells that look like codes (`IA-26-01`, `R-007`): short, no space,
    /// a digit.
    pub codes: f64,
}

/// Words that rate a risk, lowest to highest within each ladder.
pub const LADDERS: &[&[&str]] = &[
    &["low", "medium", "high", "very high"],
    &["very low", "low", "medium", "high", "very high"],
    &["low", "medium", "high", "very high", "critical"],
    &["low", "medium", "high", "critical"],
    &["low", "medium", "high", "extreme"],
    &["low", "moderate", "high", "very high"],
    &["negligible", "low", "medium", "high", "very high"],
    &["rare", "unlikely", "possible", "likely", "almost certain"],
    &["insignificant", "minor", "moderate", "major", "catastrophic"],
    &["negligible", "minor", "moderate", "major", "severe"],
    &["low", "medium", "high"],
    &["faible", "moyen", "élevé", "très élevé"],
    &["niedrig", "mittel", "hoch", "sehr hoch"],
];

fn is_scale_word(w: &str) -> bool {
    LADDERS.iter().any(|l| l.contains(&w))
}

fn is_level_word(w: &str) -> bool {
    matches!(
        w,
        "low"
            | "medium"
            | "med"
            | "high"
            | "very high"
            | "very low"
            | "critical"
            | "extreme"
            | "severe"
            | "significant"
            | "moderate"
            | "minor"
            | "negligible"
            | "faible"
            | "moyen"
            | "moyenne"
            | "élevé"
            | "élevée"
            | "très élevé"
            | "critique"
            | "niedrig"
            | "gering"
            | "mittel"
            | "hoch"
            | "sehr hoch"
            | "kritisch"
            | "red"
            | "amber"
            | "green"
            | "rot"
            | "gelb"
            | "grün"
            | "rouge"
            | "orange"
            | "vert"
            | "rojo"
            | "naranja"
            | "verde"
    ) || crate::workspace::words::value_in_english(w)
        .is_some_and(|e| matches!(e.as_str(), "low" | "medium" | "high" | "very high" | "critical"))
}

/// A yes/no answer followed by its remark (`Yes - contractual`, `No, not
/// used`, `Y (baseline)`), not a sentence that opens with "No".
fn answered(cell: &str) -> bool {
    let t = cell.trim().to_lowercase();
    ["yes", "no", "y", "n"].iter().any(|a| {
        t.strip_prefix(a).is_some_and(|rest| {
            [" -", " –", " —", ",", ":", ";", " (", " /"]
                .iter()
                .any(|sep| rest.starts_with(sep))
        })
    })
}

/// The lower-cased words of a cell, dashes and underscores as spaces.
fn plain(cell: &str) -> String {
    cell.trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`')
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a token names an Annex A control (either edition) or theme.
pub fn is_control_token(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() {
        return false;
    }
    match annex_a::normalise(t) {
        Ok(_) | Err(annex_a::ControlError::Edition2013(_)) | Err(annex_a::ControlError::Unknown(_)) => true,
        Err(annex_a::ControlError::Malformed) => theme(t).is_some(),
    }
}

/// An Annex A theme a token names (`A.8`, `Annex A.7`): its number.
pub fn theme(t: &str) -> Option<u32> {
    let t = t.trim().trim_start_matches("Annex").trim();
    let n = t.strip_prefix("A.").or_else(|| t.strip_prefix("A"))?.trim();
    let n: u32 = n.parse().ok()?;
    (5..=8).contains(&n).then_some(n)
}

fn control_items(cell: &str) -> Vec<String> {
    let cell = if cell.contains("://") {
        crate::workspace::fields::without_links(cell)
    } else {
        cell.to_string()
    };
    cell.split([',', ';', '/', '\n', '+', '&'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Whether a cell holds a date, as `isms` reads dates (either order of day
/// and month).
fn is_date(cell: &str) -> bool {
    crate::workspace::dates::looks_like_date(cell)
}

/// The profile of a column.
pub fn profile(cells: &[String]) -> Profile {
    // Each distinct value is read once and counted as often as it occurs:
    // a register's level, owner and status columns repeat a handful of
    // values over thousands of rows. (Integer counts: the same shares
    // whatever the order.)
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for c in cells.iter().map(|c| c.trim()) {
        *counts.entry(c).or_default() += 1;
    }
    counts.retain(|c, _| !crate::workspace::fields::is_blank(c) && !crate::workspace::values::is_placeholder(c));
    let n: usize = counts.values().sum();
    let chars: usize = counts.iter().map(|(c, k)| c.chars().count() * k).sum();
    let mut p = Profile {
        filled: n,
        distinct: counts.len(),
        ..Profile::default()
    };
    if n == 0 {
        return p;
    }
    // How many cells of each sort.
    let mut tally = [0usize; 11];
    let mut max_int: Option<i64> = None;
    for (&c, &k) in &counts {
        let w = plain(c);
        let digits = c.bytes().any(|b| b.is_ascii_digit());
        let int = c.parse::<i64>().ok();
        if let Some(i) = int {
            max_int = Some(max_int.map_or(i, |m| m.max(i)));
        }
        let leading = crate::workspace::fields::leading_control(c).is_some();
        let sorts = [
            int.is_some(),
            digits && {
                let (num, rest) = w.split_once(' ').unwrap_or((&w, ""));
                num.parse::<i64>().is_ok() && is_level_word(rest.trim())
            },
            is_level_word(&w),
            is_scale_word(&w),
            // (No date is written without a digit.)
            digits && is_date(c),
            digits && crate::workspace::dates::find(c, None).is_some(),
            {
                // `A.8.3`, or a related page titled by its control (`A.8.3
                // Restricting access (https://…)`).
                let items = control_items(c);
                !items.is_empty()
                    && items
                        .iter()
                        .all(|i| is_control_token(i) || crate::workspace::fields::leading_control(i).is_some())
            },
            annex_a::normalise(c).is_ok(),
            leading,
            matches!(
                w.as_str(),
                "y" | "n"
                    | "j"
                    | "s"
                    | "o"
                    | "yes"
                    | "no"
                    | "true"
                    | "false"
                    | "x"
                    | "applicable"
                    | "not applicable"
                    | "included"
                    | "excluded"
                    | "✓"
                    | "✗"
                    | "✔"
                    | "✘"
                    | "✅"
                    | "❌"
                    | "✖"
                    | "☑"
                    | "☒"
                    | "☐"
                    | "✔️"
                    | "✖️"
                    | "oui"
                    | "non"
                    | "ja"
                    | "nein"
                    | "sí"
                    | "si"
                    | "sim"
                    | "não"
                    | "nao"
                    | "nee"
            ) || answered(c),
            c.len() <= 16 && !c.contains(' ') && digits && c.chars().any(|ch| ch.is_alphabetic()),
        ];
        for (t, yes) in tally.iter_mut().zip(sorts) {
            if yes {
                *t += k;
            }
        }
    }
    let share = |i: usize| tally[i] as f64 / n as f64;
    p.ints = share(0);
    p.int_words = share(1);
    p.levels = share(2);
    p.scale_words = share(3);
    p.dates = share(4);
    p.with_dates = share(5);
    p.controls = share(6);
    p.single_controls = share(7);
    p.leading_controls = share(8);
    p.bools = share(9);
    p.codes = share(10);
    p.avg_len = chars as f64 / n as f64;
    p.max_int = max_int.unwrap_or(0);
    p
}

/// A header as words: lower-case, punctuation and `(…)` remarks dropped.
pub fn header_words(h: &str) -> String {
    // `N°`, `Nº`, `Nr.`: the number a record is known by.
    if matches!(
        h.trim().to_lowercase().as_str(),
        "n°" | "nº" | "n.º" | "nr." | "nr" | "no." | "numéro" | "número"
    ) {
        return "id".into();
    }
    let mut out = String::new();
    let mut remark = String::new();
    let mut depth = 0;
    for c in h.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth = usize::saturating_sub(depth, 1);
                // A remark that says which value the column holds —
                // `Score (residual)`, `Likelihood (inherent)` — is kept.
                if depth == 0 {
                    let r = remark.trim().to_lowercase();
                    if matches!(
                        r.as_str(),
                        "residual" | "inherent" | "current" | "target" | "rest" | "résiduel" | "residual risk"
                    ) {
                        out.push(' ');
                        out.push_str(&r);
                        out.push(' ');
                    }
                    remark.clear();
                }
            }
            c if depth > 0 => remark.push(c),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            '#' => out.push_str(" no "),
            _ => out.push(' '),
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    // `Inherent L`, `Res. I`, `Residual P`: the letters of a risk's factors
    // beside the word that says which.
    let expanded: Vec<&str> = if words.len() >= 2 {
        words
            .iter()
            .map(|w| match *w {
                "l" | "p" => "likelihood",
                "i" => "impact",
                "res" => "residual",
                "inh" => "inherent",
                w => w,
            })
            .collect()
    } else {
        words
    };
    crate::workspace::words::translated(&expanded.join(" "))
}

/// Names practitioners give a field, as [`header_words`] makes them.
fn synonyms(kind: RegisterKind, field: &str) -> &'static [&'static str] {
    use RegisterKind::*;
    match (kind, field) {
        (Soa, "id") => &[
            "control",
            "control id",
            "control no",
            "control ref",
            "annex a control",
            "annex a",
            "id",
            "ref",
            "reference",
            "clause",
            "control number",
        ],
        (Soa, "title") => &[
            "title",
            "control name",
            "name",
            "control title",
            "description",
            "control area",
            "control description",
            "control",
        ],
        (Soa, "applicable") => &[
            "applicable",
            "applicability",
            "included",
            "in scope",
            "selected",
            "applies",
            "applicable y n",
            "inclusion",
            "is applicable",
        ],
        (Soa, "justification") => &[
            "justification",
            "reason",
            "rationale",
            "justification for inclusion",
            "justification for exclusion",
            "reason for inclusion",
            "reason for exclusion",
            "why",
            "basis",
            "reasons",
        ],
        (Soa, "status") => &[
            "status",
            "implementation",
            "implemented",
            "implementation status",
            "state",
            "progress",
        ],
        (Soa, "evidence") => &[
            "evidence",
            "reference",
            "references",
            "documents",
            "where implemented",
            "implementation reference",
            "document reference",
        ],
        (Soa, "owner") => &["owner", "control owner", "responsible", "responsibility"],
        (Risks, "id") => &[
            "id",
            "risk id",
            "ref",
            "risk ref",
            "reference",
            "risk no",
            "no",
            "risk number",
            "number",
            "risk reference",
        ],
        (Risks, "title") => &[
            "risk",
            "title",
            "risk title",
            "risk name",
            "name",
            "risk description",
            "description",
            "summary",
            "risk statement",
            "scenario",
            "risk scenario",
            "event",
        ],
        (Risks, "description") => &[
            "description",
            "details",
            "risk description",
            "consequence",
            "consequences",
        ],
        (Risks, "owner") => &["owner", "risk owner", "owned by", "responsible", "accountable"],
        (Risks, "assets") => &[
            "asset",
            "assets",
            "affected asset",
            "affected assets",
            "asset id",
            "asset ids",
            "asset ref",
            "information asset",
        ],
        (Risks, "threat") => &["threat", "threats", "threat source", "threat event"],
        (Risks, "vulnerability") => &["vulnerability", "vulnerabilities", "weakness"],
        (Risks, "likelihood") => &[
            "likelihood",
            "l",
            "probability",
            "p",
            "inherent likelihood",
            "likelihood score",
            "chance",
        ],
        (Risks, "impact") => &[
            "impact",
            "i",
            "consequence",
            "severity",
            "c",
            "inherent impact",
            "impact score",
        ],
        (Risks, "score") => &[
            "score",
            "risk score",
            "inherent score",
            "inherent risk",
            "inherent",
            "rating",
            "risk rating",
            "l x i",
            "lxi",
            "inherent rating",
            "risk",
        ],
        (Risks, "level") => &[
            "level",
            "risk level",
            "inherent level",
            "rating",
            "band",
            "risk rating",
            "inherent risk level",
            "risk band",
            "inherent risk",
        ],
        (Risks, "treatment") => &[
            "treatment",
            "treatment option",
            "response",
            "risk treatment",
            "option",
            "decision",
            "risk response",
            "treatment decision",
        ],
        (Risks, "treatment_plan") => &[
            "treatment plan",
            "treatment action",
            "treatment actions",
            "risk treatment plan",
            "action plan",
            "actions",
            "action",
            "planned action",
            "planned actions",
            "further action",
            "further actions",
            "mitigation",
            "mitigation plan",
            "mitigating actions",
            "mitigation actions",
            "treatment description",
            "proposed treatment",
            "planned treatment",
        ],
        (Risks, "treatment_due") => &[
            "target",
            "target quarter",
            "action due",
            "treatment due",
            "due",
            "due date",
            "target date",
            "action due date",
            "treatment date",
            "deadline",
            "due by",
            "completion date",
            "implementation date",
            "target completion",
        ],
        (Risks, "controls") => &[
            "controls",
            "control",
            "control reference",
            "control references",
            "annex a",
            "annex a controls",
            "control refs",
            "controls applied",
            "treatment controls",
            "iso controls",
            "planned controls",
            "annex a control",
            "controls annex a",
            "iso 27001 controls",
            "mitigating controls",
        ],
        (Risks, "residual_likelihood") => &[
            "residual likelihood",
            "res l",
            "rl",
            "residual l",
            "post treatment likelihood",
            "target likelihood",
        ],
        (Risks, "residual_impact") => &[
            "residual impact",
            "res i",
            "ri",
            "residual i",
            "post treatment impact",
            "target impact",
        ],
        (Risks, "residual_score") => &[
            "residual score",
            "residual",
            "residual risk",
            "res score",
            "residual rating",
            "residual risk score",
            "target score",
        ],
        (Risks, "residual_level") => &[
            "residual level",
            "residual risk",
            "residual",
            "residual rating",
            "residual risk level",
            "target level",
        ],
        (Risks, "accepted_by") => &[
            "accepted by",
            "acceptance",
            "accepted",
            "residual accepted",
            "risk acceptance",
            "acceptance name date",
            "risk accepted by",
            "approved by",
            "acceptance by",
        ],
        (Risks, "accepted_on") => &["accepted on", "acceptance date", "date accepted", "accepted date"],
        (Risks, "acceptance_expires") => &[
            "acceptance expires",
            "acceptance expiry",
            "acceptance valid until",
            "accepted until",
        ],
        (Risks, "status") => &["status", "state", "risk status"],
        (Risks, "last_reviewed") => &[
            "last reviewed",
            "reviewed",
            "reviewed on",
            "review date",
            "last review",
            "date reviewed",
            "reviewed date",
            "last review date",
            "date of review",
            "assessed on",
            "assessment date",
            "date assessed",
        ],
        (Risks, "next_review") => &["next review", "next review date", "review due", "next review due"],
        (Assets, "id") => &[
            "id",
            "asset id",
            "ref",
            "asset ref",
            "reference",
            "asset no",
            "no",
            "asset number",
            "tag",
        ],
        (Assets, "name") => &[
            "name",
            "asset",
            "asset name",
            "title",
            "description",
            "asset description",
            "item",
        ],
        (Assets, "type") => &[
            "type",
            "asset type",
            "category",
            "class",
            "asset class",
            "asset category",
        ],
        (Assets, "owner") => &["owner", "asset owner", "owned by", "responsible", "custodian"],
        (Assets, "classification") => &[
            "classification",
            "information classification",
            "security classification",
            "sensitivity",
            "confidentiality",
        ],
        (Assets, "criticality") => &[
            "criticality",
            "business criticality",
            "importance",
            "critical",
            "priority",
        ],
        (Assets, "location") => &["location", "where", "hosted", "hosting", "site", "hosted at", "stored"],
        (Assets, "status") => &["status", "state", "lifecycle"],
        (Training, "id") => &["id", "record id", "ref", "record"],
        (Training, "person") => &[
            "person",
            "name",
            "employee",
            "staff",
            "staff member",
            "employee no",
            "employee id",
            "employee number",
            "trainee",
            "user",
            "attendee",
            "learner",
            "who",
        ],
        (Training, "course") => &[
            "course",
            "training",
            "module",
            "session",
            "course name",
            "training name",
            "subject",
            "title",
        ],
        (Training, "type") => &["type", "training type", "kind", "category"],
        (Training, "completed_on") => &[
            "completed on",
            "completed",
            "date",
            "completion date",
            "date completed",
            "completed date",
            "attended",
            "date attended",
            "passed on",
        ],
        (Training, "expires") => &[
            "expires",
            "next due",
            "due",
            "expiry",
            "renewal",
            "refresh by",
            "valid until",
            "next due date",
        ],
        (Training, "evidence") => &["evidence", "certificate", "record", "lms record", "proof"],
        (Training, "document") => &["document", "policy", "document id"],
        (Audits, "id") => &["id", "audit id", "ref", "audit ref", "reference", "audit no", "no"],
        (Audits, "title") => &[
            "title",
            "audit",
            "audit title",
            "name",
            "subject",
            "area audited",
            "topic",
        ],
        (Audits, "scope") => &[
            "scope",
            "area",
            "areas",
            "processes",
            "clauses",
            "audit scope",
            "scope and criteria",
            "controls",
        ],
        (Audits, "area") => &["area owner", "auditee", "process owner"],
        (Audits, "auditor") => &[
            "lead auditor id",
            "auditor id",
            "lead auditor name",
            "auditor",
            "lead auditor",
            "auditors",
            "audited by",
            "performed by",
            "conducted by",
        ],
        (Audits, "planned_on") => &[
            "planned on",
            "planned",
            "planned date",
            "date planned",
            "due",
            "scheduled",
            "month",
            "planned month",
            "quarter",
        ],
        (Audits, "performed_on") => &[
            "start",
            "start date",
            "started",
            "end",
            "end date",
            "performed on",
            "performed",
            "date performed",
            "date",
            "completed",
            "audit date",
            "date of audit",
            "conducted on",
        ],
        (Audits, "status") => &["status", "state"],
        (Audits, "report") => &["report", "report ref", "findings", "result", "results", "outcome"],
        (Findings, "id") => &[
            "id",
            "nc id",
            "finding id",
            "ref",
            "reference",
            "nc",
            "nc no",
            "no",
            "number",
        ],
        (Findings, "title") => &[
            "title",
            "finding",
            "nonconformity",
            "description",
            "issue",
            "summary",
            "non conformity",
        ],
        (Findings, "source") => &["source", "origin", "raised from", "found by"],
        (Findings, "audit") => &["audit", "audit id", "audit ref"],
        (Findings, "type") => &["type", "grade", "grading", "classification", "severity", "category"],
        (Findings, "owner") => &["owner", "action owner", "responsible", "assigned to"],
        (Findings, "raised_on") => &[
            "raised on",
            "raised",
            "date raised",
            "date",
            "found on",
            "identified",
            "date identified",
            "opened",
        ],
        (Findings, "due_on") => &["due on", "due", "due date", "target date", "deadline", "target"],
        (Findings, "status") => &["status", "state"],
        (Findings, "root_cause") => &["root cause", "cause", "root cause analysis"],
        (Findings, "corrective_action") => &["corrective action", "action", "actions", "correction", "remediation"],
        (Findings, "closed_on") => &["closed on", "closed", "date closed", "closure date"],
        (Findings, "verified_by") => &["verified by", "effectiveness checked by", "verifier"],
        (Findings, "verified_on") => &[
            "verified on",
            "verified",
            "effectiveness checked",
            "effectiveness check date",
        ],
        (Findings, "verified") => &[
            "effectiveness checked",
            "effectiveness verified",
            "effective",
            "verified",
            "effectiveness check",
        ],
        (Changes, "id") => &["id", "change id", "ref", "change ref", "rfc", "change no", "no"],
        (Changes, "title") => &["title", "change", "description", "summary", "change description"],
        (Changes, "category") => &["category", "type", "change type", "class"],
        (Changes, "significant") => &["significant", "isms significant", "significant change"],
        (Changes, "requested_by") => &["requested by", "requester", "raised by"],
        (Changes, "implemented_by") => &["implemented by", "implementer"],
        (Changes, "approved_by") => &["approved by", "approver", "cab approval", "authorised by"],
        (Changes, "approved_on") => &["approved on", "approval date", "date approved"],
        (Changes, "impact_assessment") => &["impact assessment", "security impact", "risk assessment", "impact"],
        (Changes, "backout_plan") => &["backout plan", "rollback plan", "back out plan", "rollback"],
        (Changes, "status") => &["status", "state"],
        (Changes, "implemented_on") => &[
            "implemented on",
            "implemented",
            "date implemented",
            "implementation date",
        ],
        (Incidents, "id") => &[
            "id",
            "incident id",
            "ref",
            "incident ref",
            "incident no",
            "no",
            "reference",
            "ticket",
        ],
        (Incidents, "title") => &["title", "summary", "incident", "description", "what happened", "name"],
        (Incidents, "severity") => &["severity", "priority", "impact", "rating", "level"],
        (Incidents, "type") => &["type", "kind", "incident type"],
        (Incidents, "detected_at") => &[
            "detected at",
            "detected",
            "date detected",
            "detected on",
            "date",
            "occurred",
            "date reported",
            "reported",
            "opened",
            "declared",
            "declared on",
            "raised",
            "logged",
            "date logged",
            "date time",
            "when",
            "date time reported",
            "date and time reported",
            "date time detected",
            "date and time",
        ],
        (Incidents, "reported_at") => &["reported at", "reported to security", "reported on"],
        (Incidents, "escalated_at") => &["escalated at", "escalated", "escalated on", "management informed"],
        (Incidents, "escalated_to") => &["escalated to"],
        (Incidents, "notified_at") => &[
            "notified at",
            "notified",
            "regulator notified",
            "authority notified",
            "ico notified",
        ],
        (Incidents, "status") => &["status", "state"],
        (Incidents, "post_incident_report") => &["post incident report", "pir", "report", "post incident review"],
        (Incidents, "lessons_learned") => &["lessons learned", "lessons", "lessons learnt", "learning", "follow up"],
        (Objectives, "id") => &["id", "ref", "objective id", "no", "number", "reference"],
        (Objectives, "title") => &["title", "objective", "objectives", "description", "name", "goal"],
        (Objectives, "owner") => &["owner", "responsible", "who", "accountable", "lead"],
        (Objectives, "measure") => &[
            "measure",
            "metric",
            "kpi",
            "indicator",
            "how measured",
            "how evaluated",
            "measured by",
            "measurement",
        ],
        (Objectives, "target") => &["target", "target value", "goal value"],
        (Objectives, "due_on") => &[
            "due on",
            "due",
            "due date",
            "by when",
            "by",
            "when",
            "deadline",
            "target date",
            "date",
            "due by",
        ],
        (Objectives, "status") => &["status", "progress", "state", "rag"],
        (Budget, "id") => &["id", "ref", "line", "line id", "no"],
        (Budget, "item") => &["item", "description", "what", "budget item", "cost", "line item"],
        (Budget, "period") => &["period", "year", "financial year", "fy", "budget year"],
        (Budget, "amount") => &["amount", "budget", "value", "cost", "gbp", "eur", "usd"],
        (Budget, "currency") => &["currency"],
        (Budget, "approved_by") => &["approved by", "approver"],
        (Budget, "approved_on") => &["approved on", "approval date"],
        (Improvements, "id") => &["id", "ref", "no", "improvement id"],
        (Improvements, "title") => &["title", "improvement", "description", "opportunity", "action"],
        (Improvements, "owner") => &["owner", "responsible", "action owner"],
        (Improvements, "source") => &["source", "origin", "raised from"],
        (Improvements, "raised_on") => &["raised on", "raised", "date raised", "date"],
        (Improvements, "due_on") => &["due on", "due", "due date", "target date"],
        (Improvements, "status") => &["status", "state"],
        (Improvements, "measure") => &["measure", "success measure", "kpi"],
        (Reviews, "id") => &["id", "ref", "review id", "meeting", "no"],
        (Reviews, "held_on") => &["held on", "date", "meeting date", "review date", "held"],
        (Reviews, "chair") => &["chair id", "chair", "chaired by", "chairperson"],
        (Reviews, "attendees") => &[
            "attendee ids",
            "attendee id",
            "attendees",
            "attendance",
            "present",
            "participants",
        ],
        (Reviews, "minutes") => &["minutes", "minutes ref", "record"],
        (Reviews, "inputs") => &["inputs covered", "inputs", "agenda", "topics"],
        (Reviews, "decisions") => &["decisions", "outputs", "outcomes", "decisions taken"],
        (Reviews, "actions") => &["actions", "action ids", "actions raised"],
        (Reviews, "next_review") => &["next review", "next meeting", "next review date"],
        (Roles, "id") => &["id", "role id", "ref"],
        (Roles, "title") => &["title", "role", "role title", "name", "position"],
        (Roles, "responsibilities") => &[
            "responsibilities",
            "responsibility",
            "duties",
            "accountabilities",
            "description",
        ],
        (Roles, "holders") => &[
            "holders",
            "holder",
            "held by",
            "person",
            "people",
            "name",
            "assigned to",
            "who",
            "named person",
            "responsible person",
            "current holder",
            "incumbent",
        ],
        (Roles, "reports_to") => &["reports to", "line manager", "reporting to"],
        (Documents, "id") => &["id", "document id", "policy id", "ref", "reference", "doc id", "number"],
        (Documents, "title") => &["title", "name", "document title", "policy", "policy name"],
        (Documents, "type") => &["type", "document type", "category", "kind"],
        (Documents, "owner") => &["owner", "owner id", "document owner", "policy owner"],
        (Documents, "status") => &["status", "state"],
        (Documents, "version") => &["version", "rev", "revision", "issue"],
        (Documents, "approved_by") => &["approved by", "approver", "approved by id", "approver id"],
        (Documents, "approved_on") => &[
            "approved on",
            "approved at",
            "approval date",
            "date approved",
            "effective date",
            "published",
        ],
        (Documents, "next_review") => &["next review", "next review date", "review date", "review due"],
        (Documents, "classification") => &["classification"],
        (Documents, "path") => &["path", "file", "document", "document path", "link", "url", "location"],
        _ => &[],
    }
}

/// How well a header names a field: 1 for one of the names practitioners
/// give it (or the field's own), less for a name that holds one of them,
/// 0 for none. The header is given as words ([`header_words`]), read once
/// per table.
fn name_score(kind: RegisterKind, field: &str, h: &str) -> f64 {
    // When a record was closed is never when it was opened (`Date closed`
    // is no detection date).
    if matches!(
        field,
        "detected_at" | "reported_at" | "raised_on" | "escalated_at" | "notified_at"
    ) && h
        .split(' ')
        .any(|w| matches!(w, "closed" | "closure" | "resolved" | "completed"))
    {
        return 0.0;
    }
    let own = field.replace('_', " ");
    if h == own {
        return 1.0;
    }
    let names = synonyms(kind, field);
    if names.contains(&h) {
        return 0.95;
    }
    // A header that holds a name as whole words (`Likelihood score (1-5)`,
    // `Inherent risk rating`), the longer the name the surer.
    let words: Vec<&str> = h.split(' ').collect();
    let holds = |name: &str| {
        let n: Vec<&str> = name.split(' ').collect();
        n.len() <= words.len() && words.windows(n.len()).any(|w| w == n.as_slice())
    };
    names
        .iter()
        .chain(std::iter::once(&own.as_str()))
        .filter(|n| n.len() > 2 && holds(n))
        .map(|n| 0.5 + 0.3 * (n.len() as f64 / h.len().max(1) as f64))
        .fold(0.0, f64::max)
}

/// Whether a column's values can be read as the field's type; the share
/// of its cells that can, or `None` when they cannot (too few fit).
pub fn value_fit(field: &Field, p: &Profile) -> Option<f64> {
    if p.filled == 0 {
        return Some(0.5);
    }
    let enough = |share: f64, at: f64| (share >= at).then_some(share);
    match field.ty {
        FieldType::Integer | FieldType::Number => {
            let factor = field.name.ends_with("likelihood") || field.name.ends_with("impact");
            let score = field.name.ends_with("score");
            enough(p.ints, 0.6)
                .or_else(|| if factor { enough(p.scale_words, 0.6) } else { None })
                .or_else(|| if score { enough(p.int_words, 0.6) } else { None })
        }
        FieldType::Bool => enough(p.bools, 0.8),
        FieldType::Date | FieldType::DateTime => enough(p.dates, 0.6),
        FieldType::Control => enough(p.single_controls, 0.6),
        FieldType::Controls => enough(p.controls, 0.6),
        FieldType::Enum(_) if field.name.ends_with("level") => {
            enough(p.levels, 0.6).or_else(|| enough(p.int_words, 0.6))
        }
        FieldType::Enum(_) => None,
        FieldType::Ref | FieldType::Refs => {
            // Who was trained may be an employee number.
            let numbers_fine = field.name == "person";
            if p.avg_len > 80.0 || (p.ints > 0.5 && !numbers_fine) || p.dates > 0.5 || p.bools > 0.8 {
                None
            } else {
                Some(1.0)
            }
        }
        FieldType::Text | FieldType::List => {
            if field.name == "id" && p.avg_len > 40.0 {
                None
            } else if matches!(field.name, "title" | "name" | "item") && p.ints >= 0.8 {
                // Nor does a column of numbers (a score).
                None
            } else if matches!(field.name, "title" | "name" | "item") && p.codes >= 0.8 {
                // A column of codes names its records, it does not title them.
                None
            } else if p.bools > 0.8 || (p.dates > 0.8 && field.name != "id") {
                None
            } else {
                Some(1.0)
            }
        }
    }
}

/// The share of an enumeration column's cells that its field reads, or
/// `None` when too few are: most of its cells (four in five), or half of
/// them when the column bears the field's own name (`Classification`: the
/// others are values outside the scheme, to report). A column of the
/// organisation's own vocabulary is kept as it is rather than reported
/// cell by cell.
pub fn enum_fit(field: &Field, header: &str, cells: &[String], ctx: &crate::workspace::values::Context) -> Option<f64> {
    // Each distinct value once (blank or a placeholder, or read), counted
    // as often as it occurs.
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for c in cells {
        *counts.entry(c.as_str()).or_default() += 1;
    }
    counts.retain(|c, _| !crate::workspace::fields::is_blank(c) && !crate::workspace::values::is_placeholder(c));
    let filled: usize = counts.values().sum();
    if filled == 0 {
        return Some(0.5);
    }
    let reads = |c: &str| {
        let node = crate::tree::Node::new(Default::default(), crate::tree::Kind::Str(c.to_string()));
        crate::workspace::fields::coerce(field, &node, ctx).is_ok()
    };
    let ok: usize = counts.iter().filter(|(c, _)| reads(c)).map(|(_, k)| *k).sum();
    let share = ok as f64 / filled as f64;
    let own_name = header_words(header) == field.name.replace('_', " ");
    if share >= 0.999 {
        return Some(share);
    }
    let distinct: Vec<&str> = counts.into_keys().collect();
    // A cell that says more than the value — when (`Complete 18/03/2026;
    // 1 minor NC`), or a remark after it (`Close (issue template added)`)
    // — is read for its part, when every cell has one. A word that merely
    // holds a value's word (`Information system`) is not that.
    let parts = distinct
        .iter()
        .filter(|c| {
            reads(c)
                || crate::workspace::fields::part_of(field, c, ctx).is_some_and(|(a, b)| {
                    let dated = crate::workspace::dates::find(c, None).is_some();
                    let leading = c.get(..a).is_some_and(|t| t.trim().is_empty())
                        && c.get(b..)
                            .is_some_and(|t| t.trim_start().starts_with(['(', ';', ',', '-', '—', '–', ':']));
                    (dated || leading) && reads(c.get(a..b).unwrap_or(""))
                })
        })
        .count();
    if parts == distinct.len() {
        return Some(-0.8);
    }
    (share >= 0.8 || (own_name && share >= 0.5)).then_some(share)
}

/// How a table's columns map onto one kind's fields.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// Column index → the fields it maps onto (two for a compound column).
    pub columns: BTreeMap<usize, Vec<&'static str>>,
    /// Columns whose cells are read for their field's part (`Close (…)`).
    pub parts: std::collections::BTreeSet<usize>,
    /// How well the table fits the kind.
    pub score: f64,
}

impl Mapping {
    pub fn field_column(&self, field: &str) -> Option<usize> {
        self.columns.iter().find(|(_, fs)| fs.contains(&field)).map(|(c, _)| *c)
    }

    pub fn has(&self, field: &str) -> bool {
        self.field_column(field).is_some()
    }
}

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

fn subject(kind: RegisterKind) -> &'static [&'static str] {
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
fn makes(kind: RegisterKind, m: &Mapping) -> bool {
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
    }
}

/// The best mapping of a table's columns onto a kind's fields, or `None`
/// when the table is not a register of that kind.
#[cfg(test)]
pub fn map_kind(kind: RegisterKind, table: &Table, ctx: &crate::workspace::values::Context) -> Option<Mapping> {
    map_kind_profiled(kind, table, &profiles(table), ctx)
}

/// The profiles of a table's columns, in column order: computed once per
/// table and shared by every kind it is fitted to.
pub fn profiles(table: &Table) -> Vec<Profile> {
    table.columns.iter().map(|c| profile(c)).collect()
}

/// [`map_kind`] with the table's column profiles already computed.
pub fn map_kind_profiled(
    kind: RegisterKind,
    table: &Table,
    profiles: &[Profile],
    ctx: &crate::workspace::values::Context,
) -> Option<Mapping> {
    let mut part_read: Vec<(usize, &'static str)> = Vec::new();
    // Every (column, field) pair that fits, by how well.
    let mut pairs: Vec<(f64, usize, &'static Field)> = Vec::new();
    for (ci, header) in table.header.iter().enumerate() {
        let p = &profiles[ci];
        let words = header_words(header);
        for field in kind.fields() {
            let name = name_score(kind, field.name, &words);
            if name <= 0.0 {
                continue;
            }
            let values = match field.ty {
                FieldType::Enum(_) if !field.name.ends_with("level") => {
                    enum_fit(field, header, &table.columns[ci], ctx)
                }
                _ => value_fit(field, p),
            };
            if let Some(v) = values {
                // (A share below zero: read for the part of each cell.)
                if v < 0.0 {
                    part_read.push((ci, field.name));
                }
                pairs.push((name * (0.5 + 0.5 * v.abs()), ci, field));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut m = Mapping::default();
    for &(score, ci, field) in &pairs {
        if m.columns.contains_key(&ci) || m.has(field.name) {
            continue;
        }
        m.columns.insert(ci, vec![field.name]);
        m.score += score * if field.required { 2.0 } else { 1.0 };
    }
    // Records of their own keys (YAML, JSON, TOML) may give one field under
    // two keys that never meet in a record (`why` for an included control,
    // `reason` for an excluded one): both are read.
    // So may a table's two text columns (`Reason for inclusion`, `Reason
    // for exclusion`), never both filled in a row.
    {
        let records = matches!(table.format, Format::Yaml | Format::Json | Format::Toml);
        for &(_, ci, field) in &pairs {
            if !m.has(field.name) || m.columns.contains_key(&ci) {
                continue;
            }
            if !records && !matches!(field.ty, FieldType::Text) {
                continue;
            }
            // Apart from every key already read as that field.
            let others: Vec<usize> = m
                .columns
                .iter()
                .filter(|(_, fs)| fs.contains(&field.name))
                .map(|(c, _)| *c)
                .collect();
            let filled = |c: usize, row: usize| table.columns[c].get(row).is_some_and(|v| !v.trim().is_empty());
            let apart = (0..table.rows).all(|row| !(filled(ci, row) && others.iter().any(|&o| filled(o, row))));
            if apart && (0..table.rows).any(|row| filled(ci, row)) {
                m.columns.insert(ci, vec![field.name]);
            }
        }
    }
    // The SoA's control column, by its values when its name did not say.
    if kind == RegisterKind::Soa
        && !m.has("id")
        && let Some(ci) = (0..table.header.len())
            .filter(|ci| !m.columns.contains_key(ci))
            .find(|&ci| profiles[ci].single_controls >= 0.9)
    {
        m.columns.insert(ci, vec!["id"]);
        m.score += 1.5;
    }
    // Or a column whose cells open with the control's id (`A.5.1 Security
    // policies`, a Notion database's `Name`): the id and the title, each
    // read from its part.
    if kind == RegisterKind::Soa
        && !m.has("id")
        && let Some(ci) = (0..table.header.len()).find(|&ci| profiles[ci].leading_controls >= 0.9)
    {
        let title_elsewhere = m.has("title") && m.field_column("title") != Some(ci);
        let fields = if title_elsewhere {
            vec!["id"]
        } else {
            vec!["id", "title"]
        };
        m.columns.insert(ci, fields);
        m.parts.insert(ci);
        m.score += 1.5;
    }
    // An id column by its values: the first column, unique short codes.
    if !m.has("id")
        && kind != RegisterKind::Soa
        && let Some(p) = profiles.first()
        && !m.columns.contains_key(&0)
        && p.filled == table.rows
        && p.distinct == p.filled
        && p.avg_len <= 16.0
        && table.rows > 0
    {
        // Names, not codes (`Client project files`), where the kind's name
        // is not mapped: the column is the name, and the records are known
        // by their line.
        let name = ["name", "title"]
            .into_iter()
            .find(|f| kind.fields().iter().any(|x| x.name == *f));
        match name {
            Some(f) if p.codes < 0.5 && !m.has(f) => {
                m.columns.insert(0, vec![f]);
            }
            _ => {
                m.columns.insert(0, vec!["id"]);
            }
        }
        m.score += 1.0;
    }
    // A `Treatment` column of sentences rather than options (`Enable S3
    // Block Public Access`, `Accept: multi-region costs more`): the
    // treatment in words, its option read from its first word.
    if kind == RegisterKind::Risks
        && !m.has("treatment")
        && !m.has("treatment_plan")
        && let Some(plan) = kind.fields().iter().find(|f| f.name == "treatment_plan")
        && let Some(ci) = (0..table.header.len()).find(|ci| {
            let words = header_words(&table.header[*ci]);
            !m.columns.contains_key(ci)
                && (words == "treatment" || synonyms(kind, "treatment").contains(&words.as_str()))
                && value_fit(plan, &profiles[*ci]).is_some()
        })
    {
        m.columns.insert(ci, vec!["treatment_plan"]);
        m.score += 0.5;
    }
    // A training export's `due_date` is the date to complete it by, not
    // the date it must be repeated: dates before the completion, or less
    // than ten months after it, are deadlines, not renewals.
    if kind == RegisterKind::Training
        && let (Some(due), Some(done)) = (m.field_column("expires"), m.field_column("completed_on"))
    {
        let read = |c: &str| {
            crate::workspace::dates::read(c, ctx.dates)
                .ok()
                .flatten()
                .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        };
        let pairs: Vec<(chrono::NaiveDate, chrono::NaiveDate)> = (0..table.rows)
            .filter_map(|row| {
                Some((
                    read(table.columns[due].get(row)?)?,
                    read(table.columns[done].get(row)?)?,
                ))
            })
            .collect();
        // (A renewal falls a year or more after the completion.)
        let deadlines = pairs.iter().filter(|(d, c)| (*d - *c).num_days() < 300).count();
        if !pairs.is_empty() && deadlines * 2 > pairs.len() {
            m.columns.remove(&due);
        }
    }
    compound(kind, &mut m, profiles);
    // `Accept (Daniel Okafor, MD, 12/02/2026) – …` in the treatment column,
    // and no column of acceptances: the acceptance's date is read there.
    if kind == RegisterKind::Risks
        && !m.has("accepted_on")
        && !m.has("accepted_by")
        && let Some(ci) = m.field_column("treatment")
    {
        let accepts: Vec<&String> = table.columns[ci]
            .iter()
            .filter(|c| c.trim_start().to_lowercase().starts_with("accept"))
            .collect();
        let dated = accepts
            .iter()
            .filter(|c| crate::workspace::dates::find(c, None).is_some())
            .count();
        if dated > 0
            && dated * 2 >= accepts.len()
            && let Some(fields) = m.columns.get_mut(&ci)
        {
            fields.push("accepted_on");
            part_read.push((ci, "treatment"));
        }
    }
    for (ci, field) in part_read {
        if m.columns.get(&ci).is_some_and(|fs| fs.first() == Some(&field)) {
            m.parts.insert(ci);
        }
    }
    if !makes(kind, &m) {
        return None;
    }
    let place = format!(
        "{} {} {}",
        table.path.to_lowercase().replace(['-', '_', '/'], " "),
        table.heading.as_deref().unwrap_or("").to_lowercase(),
        table
            .header
            .iter()
            .map(|h| h.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ")
    );
    // And in English, for a folder in another language
    // (`Schulungsnachweise_2026.csv` holds training records).
    let words: Vec<&str> = place
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let place = format!("{place} {}", crate::workspace::words::translated(&words.join(" ")));
    if subject(kind).iter().any(|w| place.contains(w)) {
        m.score += 3.0;
    } else if !matches!(kind, RegisterKind::Risks | RegisterKind::Soa) {
        // Only risks and the SoA are told by their fields alone.
        return None;
    }
    Some(m)
}

/// A column whose cells hold two values maps onto both fields: a score
/// with its level (`12 Medium`), an acceptance with its date (`Head of
/// IT, 21/04/2026`), when no column of their own holds the second.
fn compound(kind: RegisterKind, m: &mut Mapping, profiles: &[Profile]) {
    let pairs: &[(&str, &str)] = match kind {
        RegisterKind::Risks => &[
            ("score", "level"),
            ("residual_score", "residual_level"),
            ("level", "score"),
            ("residual_level", "residual_score"),
            ("accepted_by", "accepted_on"),
        ],
        RegisterKind::Audits => &[("status", "performed_on")],
        RegisterKind::Findings => &[("status", "closed_on")],
        RegisterKind::Changes => &[("status", "implemented_on")],
        _ => &[],
    };
    for &(first, second) in pairs {
        let Some(ci) = m.field_column(first) else { continue };
        if m.has(second) {
            continue;
        }
        let p = &profiles[ci];
        let holds_both = match second {
            "accepted_on" | "performed_on" | "closed_on" | "implemented_on" => p.with_dates >= 0.3,
            _ => p.int_words >= 0.6,
        };
        if holds_both && let Some(fields) = m.columns.get_mut(&ci) {
            fields.push(second);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            path: "r.csv".into(),
            format: crate::config::Format::Csv,
            delimiter: b',',
            heading: None,
            index: (0, 1),
            records_key: None,
            header: header.iter().map(|h| h.to_string()).collect(),
            columns: (0..header.len())
                .map(|i| rows.iter().map(|r| r[i].to_string()).collect())
                .collect(),
            rows: rows.len(),
            malformed: None,
            windows_1252: false,
        }
    }

    #[test]
    fn an_iso_27005_register_is_read_by_its_values() {
        let t = table(
            &[
                "risk_id",
                "asset",
                "threat",
                "existing_controls",
                "risk_owner",
                "likelihood",
                "impact",
                "risk_score",
                "risk_level",
                "control_reference",
                "reviewed_on",
            ],
            &[
                &[
                    "R-1",
                    "PMS",
                    "Outage",
                    "Screen lock after ten minutes",
                    "Practice manager",
                    "3",
                    "4",
                    "12",
                    "High",
                    "A.8.14; A.5.30",
                    "2026-05-12",
                ],
                &[
                    "R-2",
                    "Records",
                    "Leaver",
                    "Leaver checklist",
                    "Group IT lead",
                    "2",
                    "2",
                    "4",
                    "Low",
                    "A.8",
                    "2026-05-12",
                ],
            ],
        );
        let ctx = crate::workspace::values::Context::default();
        let m = map_kind(RegisterKind::Risks, &t, &ctx).unwrap();
        let field = |c: &str| {
            let ci = t.header.iter().position(|h| h == c).unwrap();
            m.columns.get(&ci).cloned().unwrap_or_default()
        };
        assert_eq!(field("control_reference"), ["controls"]);
        assert!(field("existing_controls").is_empty(), "free text is not control ids");
        assert_eq!(field("reviewed_on"), ["last_reviewed"]);
        assert_eq!(field("risk_owner"), ["owner"]);
        assert_eq!(field("risk_score"), ["score"]);
        assert_eq!(field("risk_level"), ["level"]);
        assert_eq!(field("asset"), ["assets"]);
        assert!(map_kind(RegisterKind::Soa, &t, &ctx).is_none());
    }

    #[test]
    fn a_catalogue_named_risk_is_not_a_risk_register() {
        let t = table(
            &["id", "threat", "vulnerability", "source"],
            &[&["T-1", "Phishing", "Untrained staff", "ENISA"]],
        );
        assert!(map_kind(RegisterKind::Risks, &t, &Default::default()).is_none());
    }

    #[test]
    fn compound_cells_map_onto_two_fields() {
        let t = table(
            &["ID", "Risk", "Owner", "L", "I", "Score", "Accepted by"],
            &[&[
                "R-01",
                "Laptop",
                "IT Manager",
                "3",
                "4",
                "12 Medium",
                "IT Manager, 2026-07-14",
            ]],
        );
        let m = map_kind(RegisterKind::Risks, &t, &Default::default()).unwrap();
        assert_eq!(m.columns.get(&5).unwrap(), &["score", "level"]);
        assert_eq!(m.columns.get(&6).unwrap(), &["accepted_by", "accepted_on"]);
        assert_eq!(m.columns.get(&3).unwrap(), &["likelihood"]);
    }

    #[test]
    fn a_soa_by_its_control_column_and_yes_no() {
        let t = table(
            &[
                "control_id",
                "control_name",
                "applicable",
                "reason",
                "implementation",
                "owner",
            ],
            &[
                &[
                    "A.5.1",
                    "Policies",
                    "Y",
                    "Good practice",
                    "Implemented",
                    "Operations director",
                ],
                &["A.5.2", "Roles", "N", "", "Partial", "Operations director"],
            ],
        );
        let m = map_kind(RegisterKind::Soa, &t, &Default::default()).unwrap();
        let names: Vec<&str> = (0..6).map(|i| m.columns.get(&i).map_or("", |f| f[0])).collect();
        assert_eq!(names, ["id", "title", "applicable", "justification", "status", "owner"]);
    }
}

#[cfg(test)]
mod foreign_tests {
    use super::*;

    #[test]
    fn french_and_german_headers() {
        assert_eq!(header_words("Propriétaire"), "owner");
        assert_eq!(header_words("Prob. résiduelle"), "residual likelihood");
        assert_eq!(header_words("Mesures (Annexe A)"), "controls");
        assert_eq!(header_words("Eintrittswahrscheinlichkeit"), "likelihood");
        assert_eq!(header_words("Risk ID"), "risk id");
    }
}
