//! Rule metadata read from `# METADATA` comment blocks (OPA's convention),
//! because regorus does not implement `rego.metadata.*`. A block placed
//! before the `package` line describes the rule package; its YAML holds
//! `title`, `description` and, under `custom`, `id`, `severity`,
//! `clauses`, `controls` and `remediation`.

use crate::tree::{Kind, Node, parse_yaml};
use serde::Serialize;

/// What is known about one rule (one Rego package with `deny`/`warn`).
#[derive(Debug, Clone, Serialize)]
pub struct RuleMeta {
    pub id: String,
    pub title: String,
    pub description: String,
    pub remediation: String,
    pub clauses: Vec<String>,
    pub controls: Vec<String>,
    /// `data.`-rooted package path, e.g. `data.isms.risks.owner_known`.
    pub package: String,
    /// The file the package is defined in.
    pub file: String,
    pub builtin: bool,
    /// Which of `deny` and `warn` the package defines.
    #[serde(skip)]
    pub defines: [bool; 2],
}

/// Metadata problems: (1-based line, message).
pub type MetaError = (usize, String);

/// Reads the package name and its metadata block from a rule file.
/// `Ok(None)` when the file has no `package` line.
pub fn read(file: &str, text: &str, builtin: bool) -> Result<Option<RuleMeta>, MetaError> {
    let mut block: Option<(usize, Vec<String>)> = None;
    let mut collecting = false;
    let mut package = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed == "# METADATA" {
            block = Some((i + 1, Vec::new()));
            collecting = true;
            continue;
        }
        if collecting {
            if let Some(rest) = trimmed.strip_prefix('#') {
                if let Some((_, lines)) = block.as_mut() {
                    lines.push(rest.strip_prefix(' ').unwrap_or(rest).to_string());
                }
                continue;
            }
            collecting = false;
        }
        if let Some(rest) = trimmed.strip_prefix("package ") {
            package = Some(rest.trim().to_string());
            break;
        }
    }
    let Some(package) = package else { return Ok(None) };
    // Only packages that define `deny` or `warn` are rules; others are
    // helpers (such as `isms.lib.dates`).
    let defines = ["deny", "warn"].map(|k| {
        text.lines().any(|l| {
            l.strip_prefix(k)
                .is_some_and(|rest| rest.starts_with([' ', '[', ':', '\t']))
        })
    });
    if defines == [false, false] {
        return Ok(None);
    }
    let mut meta = RuleMeta {
        id: package.clone(),
        title: package.rsplit('.').next().unwrap_or(&package).replace('_', " "),
        description: String::new(),
        remediation: String::new(),
        clauses: Vec::new(),
        controls: Vec::new(),
        package: format!("data.{package}"),
        file: file.to_string(),
        builtin,
        defines,
    };
    let Some((line, lines)) = block else {
        return Ok(Some(meta));
    };
    let yaml = lines.join("\n");
    let node = parse_yaml(&yaml).map_err(|e| (line, format!("METADATA is not valid YAML: {}", e.message)))?;
    let text_of = |n: Option<&Node>| n.and_then(Node::as_str).map(|s| s.trim().to_string());
    let list_of = |n: Option<&Node>| -> Vec<String> {
        match n.map(|n| &n.kind) {
            Some(Kind::Array(items)) => items
                .iter()
                .filter_map(|i| {
                    i.as_str().map(String::from).or_else(|| match i.kind {
                        Kind::Float(f) => Some(f.to_string()),
                        Kind::Int(v) => Some(v.to_string()),
                        _ => None,
                    })
                })
                .collect(),
            Some(Kind::Str(s)) => vec![s.clone()],
            Some(Kind::Float(f)) => vec![f.to_string()],
            _ => Vec::new(),
        }
    };
    if let Some(t) = text_of(node.get("title")) {
        meta.title = t;
    }
    if let Some(d) = text_of(node.get("description")) {
        meta.description = d;
    }
    if let Some(custom) = node.get("custom") {
        if let Some(id) = text_of(custom.get("id")) {
            meta.id = id;
        }
        if let Some(r) = text_of(custom.get("remediation")) {
            meta.remediation = r;
        }
        meta.clauses = list_of(custom.get("clauses"));
        meta.controls = list_of(custom.get("controls"));
    }
    Ok(Some(meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_package_metadata() {
        let text = "# METADATA\n# title: Risk owner\n# description: >-\n#   Every risk has\n#   an owner.\n# custom:\n#   id: ISMS-RISK-001\n#   clauses: [\"6.1.2\"]\n#   controls: [A.5.9]\n#   remediation: Name one.\npackage isms.risks.owner\n\ndeny contains x if { false }\n";
        let m = read("p.rego", text, true).unwrap().unwrap();
        assert_eq!(m.id, "ISMS-RISK-001");
        assert_eq!(m.title, "Risk owner");
        assert_eq!(m.description, "Every risk has an owner.");
        assert_eq!(m.clauses, ["6.1.2"]);
        assert_eq!(m.controls, ["A.5.9"]);
        assert_eq!(m.package, "data.isms.risks.owner");
    }

    #[test]
    fn without_metadata_the_package_is_the_id() {
        let m = read(
            "p.rego",
            "package acme.rules.x\nwarn contains \"x\" if { false }\n",
            false,
        )
        .unwrap()
        .unwrap();
        assert_eq!(m.id, "acme.rules.x");
        assert_eq!(m.title, "x");
        assert!(read("p.rego", "package lib\nf(x) := x\n", false).unwrap().is_none());
    }
}
