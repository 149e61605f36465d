//! `isms adopt`: reads an existing ISMS folder as it is — the front-matter
//! keys and document-control tables of its Markdown documents, the headers
//! of its CSV registers and the record keys of its YAML, JSON and TOML ones
//! — and writes an `isms.toml` that maps them onto the
//! built-in fields (by name, and by synonyms practitioners use), says what it
//! could not map, and never overwrites anything. Then `isms check` runs on
//! the folder unchanged.

use crate::config::kinds::{DOCUMENT_FIELDS, RegisterKind};
use crate::diag::Problem;
use crate::workspace::document::{Reading, metadata_keys};
use crate::workspace::fields::normalise_name;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Names people give document fields, mapped to the built-in ones.
const DOCUMENT_SYNONYMS: &[(&str, &str)] = &[
    ("document_id", "id"),
    ("doc_id", "id"),
    ("document_number", "id"),
    ("reference", "id"),
    ("ref", "id"),
    ("document_title", "title"),
    ("name", "title"),
    ("document_type", "type"),
    ("category", "type"),
    ("document_owner", "owner"),
    ("policy_owner", "owner"),
    ("author", "owner"),
    ("state", "status"),
    ("document_status", "status"),
    ("rev", "version"),
    ("revision", "version"),
    ("version_number", "version"),
    ("approver", "approved_by"),
    ("approved", "approved_by"),
    ("approval", "approved_by"),
    ("effective_date", "approved_on"),
    ("effective", "approved_on"),
    ("approval_date", "approved_on"),
    ("date_approved", "approved_on"),
    ("issue_date", "approved_on"),
    ("next_review_date", "next_review"),
    ("review_date", "next_review"),
    ("next_review_on", "next_review"),
    ("review_by", "next_review"),
    ("annex_a", "controls"),
    ("iso_controls", "controls"),
    ("iso27001_controls", "controls"),
    ("control_mapping", "controls"),
    ("classification_level", "classification"),
    ("confidentiality", "classification"),
];

/// What `isms adopt` found and proposes.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// The isms.toml to write.
    pub config: String,
    /// What it could not map, one line each.
    pub unmapped: Vec<String>,
    pub documents: usize,
    pub registers: usize,
}

/// Looks at `dir` and proposes its isms.toml.
pub fn propose(dir: &Path, organisation: &str) -> Proposal {
    let files = walk(dir);
    let mut unmapped = Vec::new();

    // Documents: every Markdown file with front matter or a control table.
    let guess = Reading::with_fields(DOCUMENT_SYNONYMS.iter().copied());
    let mut doc_paths: Vec<String> = Vec::new();
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    let mut unknown_keys: BTreeSet<String> = BTreeSet::new();
    let mut without_id = 0;
    let mut unreadable: Vec<String> = Vec::new();
    for rel in files.iter().filter(|f| f.to_ascii_lowercase().ends_with(".md")) {
        // As the check reads it: UTF-8, a byte-order mark dropped, within
        // the size limit. A file that cannot be read is left out by name.
        let text = match crate::source::read_in_root(dir, rel) {
            Ok(t) => t,
            Err(e) => {
                unmapped.push(format!("`{rel}`: {e}; excluded from the documents"));
                unreadable.push(rel.clone());
                continue;
            }
        };
        let keys = metadata_keys(&text, &guess);
        if keys.is_empty() {
            continue;
        }
        doc_paths.push(rel.clone());
        let mut has_id = false;
        for (key, _) in &keys {
            let name = normalise_name(key);
            let field = if DOCUMENT_FIELDS.iter().any(|f| f.name == name) {
                Some(name.clone())
            } else {
                DOCUMENT_SYNONYMS
                    .iter()
                    .find(|(s, _)| *s == name)
                    .map(|(_, f)| (*f).to_string())
            };
            match field {
                Some(f) => {
                    has_id |= f == "id";
                    if f != name {
                        fields.insert(key.clone(), f);
                    }
                }
                None => {
                    unknown_keys.insert(key.clone());
                }
            }
        }
        if !has_id {
            without_id += 1;
        }
    }
    for key in &unknown_keys {
        unmapped.push(format!(
            "document key `{key}`: not a built-in field; kept for your own rules (input.documents[].front_matter)"
        ));
    }

    // Registers: CSV, YAML, JSON and TOML files named after a register kind.
    let mut registers = Vec::new();
    for rel in &files {
        let Some(format) = crate::config::Format::from_path(rel) else {
            continue;
        };
        let stem = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
        if stem == crate::config::FILE_NAME || stem.starts_with('.') || stem.starts_with("package") {
            continue;
        }
        let Some(kind) = kind_of(&stem) else {
            if format == crate::config::Format::Csv {
                unmapped.push(format!("`{rel}`: no register kind in its name; not read"));
            }
            continue;
        };
        if registers
            .iter()
            .any(|(k, _, _, _, _): &(RegisterKind, _, _, _, u8)| *k == kind)
        {
            unmapped.push(format!("`{rel}`: a second {} register; not read", kind.name()));
            continue;
        }
        let text = match crate::source::read_in_root(dir, rel) {
            Ok(t) => t,
            Err(e) => {
                unmapped.push(format!("`{rel}`: {e}; not read"));
                continue;
            }
        };
        let delimiter = if format == crate::config::Format::Csv {
            sniff_delimiter(&text)
        } else {
            b','
        };
        match crate::workspace::register::record_keys(kind, format, delimiter, &text) {
            Ok(keys) => {
                let (columns, extra) = map_columns(kind, keys.iter().map(String::as_str));
                registers.push((kind, rel.clone(), columns, extra, delimiter));
            }
            Err(e) => unmapped.push(format!(
                "`{rel}`: looks like the {} register but {e}; not read",
                kind.name()
            )),
        }
    }

    // The configuration.
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Written by `isms adopt`: your files as they are, mapped onto isms's built-in\n# fields. Review it, then run `isms check`: every finding is something an\n# auditor would ask about. docs/config.md explains every setting.\n"
    );
    let _ = writeln!(out, "[organisation]\nname = {}\n", toml_str(organisation));
    out.push_str(
        "# Who is who: add your people (`[[person]]` with id, name, emails, roles,\n# keys) and the roles your documents and registers name as owners.\n[roles.ceo]\nname = \"Chief Executive\"\ntop_management = true\n\n[roles.ciso]\nname = \"Information Security Officer\"\n\n",
    );
    if !doc_paths.is_empty() {
        let folders: BTreeSet<String> = doc_paths
            .iter()
            .map(|p| match p.split_once('/') {
                Some((top, _)) => format!("{top}/**/*.md"),
                None => "*.md".to_string(),
            })
            .collect();
        out.push_str("[documents]\n");
        let _ = writeln!(out, "paths = {}", toml_list(folders.iter()));
        if !unreadable.is_empty() {
            let _ = writeln!(
                out,
                "# Not UTF-8 or too large to read: left out.\nexclude = {}",
                toml_list(unreadable.iter())
            );
        }
        if without_id > 0 {
            let _ = writeln!(
                out,
                "# {without_id} of {} documents state no id: they take their file name.\nid_from_file = true",
                doc_paths.len()
            );
        }
        if !fields.is_empty() {
            let pairs: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{} = {}", toml_key(k), toml_str(v)))
                .collect();
            let _ = writeln!(out, "fields = {{ {} }}", pairs.join(", "));
        }
        out.push('\n');
        for (needle, kind) in [
            ("polic", "topic-specific-policy"),
            ("procedur", "procedure"),
            ("standard", "standard"),
            ("plan", "plan"),
        ] {
            let dirs: BTreeSet<String> = doc_paths
                .iter()
                .filter_map(|p| p.rsplit_once('/').map(|(d, _)| d.to_string()))
                .filter(|d| {
                    d.to_ascii_lowercase()
                        .rsplit('/')
                        .next()
                        .is_some_and(|last| last.contains(needle))
                })
                .collect();
            if dirs.is_empty() {
                continue;
            }
            let globs: Vec<String> = dirs.iter().map(|d| format!("{d}/**")).collect();
            let _ = writeln!(
                out,
                "[[documents.defaults]]\npaths = {}\nvalues = {{ type = \"{kind}\" }}\n",
                toml_list(globs.iter())
            );
        }
        if let Some(top) = doc_paths.iter().find(|p| {
            let name = p.rsplit('/').next().unwrap_or(p).to_ascii_lowercase();
            name.contains("information-security-policy") || name.contains("information_security_policy")
        }) {
            // Listed last: an earlier entry naming a type wins, so this one
            // is placed before the folder defaults.
            let entry = format!(
                "[[documents.defaults]]\npaths = [{}]\nvalues = {{ type = \"information-security-policy\" }}\n\n",
                toml_str(top)
            );
            if let Some(at) = out.find("[[documents.defaults]]") {
                out.insert_str(at, &entry);
            } else {
                out.push_str(&entry);
            }
        }
    } else {
        out.push_str("[documents]\npaths = []\n\n");
    }
    for (kind, path, columns, extra, delimiter) in &registers {
        let _ = writeln!(
            out,
            "[[register]]\nkind = \"{}\"\npath = {}",
            kind.name(),
            toml_str(path)
        );
        match delimiter {
            b';' => out.push_str("delimiter = \";\"\n"),
            b'\t' => out.push_str("delimiter = \"\\t\"\n"),
            _ => {}
        }
        if !columns.is_empty() {
            let pairs: Vec<String> = columns
                .iter()
                .map(|(k, v)| format!("{} = {}", toml_str(k), toml_str(v)))
                .collect();
            let _ = writeln!(out, "columns = {{ {} }}", pairs.join(", "));
        }
        if !extra.is_empty() {
            let _ = writeln!(out, "extra = {}", toml_list(extra.iter()));
            for e in extra {
                unmapped.push(format!(
                    "`{path}` column `{e}`: not a field of the {} register; kept as extra",
                    kind.name()
                ));
            }
        }
        out.push('\n');
    }
    if !unmapped.is_empty() {
        out.push_str("# Not mapped (kept for your own rules, or not read):\n");
        for u in &unmapped {
            let _ = writeln!(out, "#   {u}");
        }
    }
    Proposal {
        config: out,
        unmapped,
        documents: doc_paths.len(),
        registers: registers.len(),
    }
}

/// Writes the proposal as `dir/isms.toml`; refuses to overwrite one.
pub fn adopt(dir: &Path, organisation: &str) -> Result<(PathBuf, Proposal), Box<Problem>> {
    let target = dir.join(crate::config::FILE_NAME);
    if target.exists() {
        return Err(Box::new(
            Problem::new(
                "adopt::exists",
                format!("{} already exists; nothing was written", target.display()),
            )
            .help("`isms adopt` never overwrites: move the file away to start again"),
        ));
    }
    let proposal = propose(dir, organisation);
    std::fs::write(&target, &proposal.config).map_err(|e| {
        Box::new(Problem::new(
            "io::unwritable",
            format!("cannot write {}: {e}", target.display()),
        ))
    })?;
    Ok((target, proposal))
}

/// Files under `dir` (relative, `/`-separated), skipping hidden folders,
/// `target` and `node_modules`.
fn walk(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || {
                let name = e.file_name().to_string_lossy();
                !name.starts_with('.') && name != "target" && name != "node_modules"
            }
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

/// The register kind a file name suggests.
/// The field delimiter of a CSV export: the one of `,`, `;` and tab that
/// its header line uses most (outside quotes); `,` when none.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in &mut counts {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts
        .iter()
        .filter(|c| c.1 > 0)
        .max_by_key(|c| c.1)
        .map_or(b',', |c| c.0)
}

fn kind_of(name: &str) -> Option<RegisterKind> {
    let table: &[(&[&str], RegisterKind)] = &[
        (&["soa", "applicability"], RegisterKind::Soa),
        (&["risk"], RegisterKind::Risks),
        (&["asset"], RegisterKind::Assets),
        (&["training", "awareness"], RegisterKind::Training),
        (&["nonconform", "finding", "corrective"], RegisterKind::Findings),
        (&["audit"], RegisterKind::Audits),
        (&["change"], RegisterKind::Changes),
        (&["incident"], RegisterKind::Incidents),
        (&["objective"], RegisterKind::Objectives),
        (&["budget"], RegisterKind::Budget),
        (&["improvement"], RegisterKind::Improvements),
        (&["review"], RegisterKind::Reviews),
        (&["role"], RegisterKind::Roles),
    ];
    table
        .iter()
        .find(|(needles, _)| needles.iter().any(|n| name.contains(n)))
        .map(|(_, k)| *k)
}

/// Maps CSV headers onto a register's fields: an exact name, a name that
/// ends or starts with a field's (`Risk ID` → `id`, `Inherent Likelihood`
/// → `likelihood`), or a close spelling. The rest are kept as `extra`.
fn map_columns<'a>(
    kind: RegisterKind,
    headers: impl Iterator<Item = &'a str>,
) -> (BTreeMap<String, String>, Vec<String>) {
    let fields: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    let mut columns = BTreeMap::new();
    let mut extra = Vec::new();
    let headers: Vec<&str> = headers.collect();
    // Exact names first, so they are not taken by a looser match.
    for h in &headers {
        let n = normalise_name(h);
        if let Some(f) = fields.iter().find(|f| **f == n) {
            taken.insert(f);
        }
    }
    for h in headers {
        let n = normalise_name(h);
        if fields.contains(&n.as_str()) {
            continue;
        }
        // A column named after the register's item is its title or name.
        let item = match (kind, n.as_str()) {
            (RegisterKind::Risks, "risk") => Some("title"),
            (RegisterKind::Assets, "asset") => Some("name"),
            (RegisterKind::Soa, "control" | "control_id" | "annex_a_control") => Some("id"),
            _ => None,
        };
        let mut best: Option<&str> = item.filter(|f| fields.contains(f) && !taken.contains(f));
        if best.is_none() {
            for f in fields.iter().filter(|f| !taken.contains(*f)) {
                let fits = n.ends_with(&format!("_{f}")) || n.starts_with(&format!("{f}_"));
                if fits && best.is_none_or(|b| f.len() > b.len()) {
                    best = Some(f);
                }
            }
        }
        if best.is_none() {
            best = fields
                .iter()
                .filter(|f| !taken.contains(*f))
                .map(|f| (f, strsim::jaro_winkler(&n, f)))
                .filter(|(_, score)| *score >= 0.92)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(f, _)| *f);
        }
        match best {
            Some(f) => {
                taken.insert(f);
                columns.insert(h.to_string(), f.to_string());
            }
            None => extra.push(h.to_string()),
        }
    }
    (columns, extra)
}

fn toml_str(s: &str) -> String {
    // A JSON string is a valid TOML basic string (same escapes).
    serde_json::Value::from(s).to_string()
}

fn toml_key(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        s.to_string()
    } else {
        toml_str(s)
    }
}

fn toml_list<'a>(items: impl Iterator<Item = &'a String>) -> String {
    format!("[{}]", items.map(|s| toml_str(s)).collect::<Vec<_>>().join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_headers_map_onto_risk_fields() {
        let (columns, extra) = map_columns(
            RegisterKind::Risks,
            [
                "Risk ID",
                "Risk",
                "Risk Owner",
                "Inherent Likelihood",
                "Residual Likelihood",
                "Notes",
            ]
            .into_iter(),
        );
        assert_eq!(columns.get("Risk ID").map(String::as_str), Some("id"));
        assert_eq!(columns.get("Risk Owner").map(String::as_str), Some("owner"));
        assert_eq!(
            columns.get("Inherent Likelihood").map(String::as_str),
            Some("likelihood")
        );
        assert_eq!(columns.get("Risk").map(String::as_str), Some("title"));
        // Already the field's name: no mapping needed.
        assert!(!columns.contains_key("Residual Likelihood") && !extra.contains(&"Residual Likelihood".to_string()));
        assert_eq!(extra, ["Notes"]);
    }
}
