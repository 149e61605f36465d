//! The `isms.toml` that `isms adopt` writes: every part commented, so
//! that an ISMS manager can see what was found and why.

use super::documents::Found;
use super::people::Named;
use super::{Chosen, RiskScale};
use crate::config::DateOrder;
use crate::config::kinds::RegisterKind;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

pub struct Parts<'a> {
    pub organisation: &'a str,
    pub dates: Option<DateOrder>,
    pub named: &'a BTreeMap<String, Named>,
    /// People a table of people says have left.
    pub inactive: &'a [String],
    /// The people of other organisations (an external auditor).
    pub external: &'a [String],
    pub docs: &'a Found,
    pub chosen: &'a [Chosen],
    pub scale: &'a RiskScale,
    pub dir: &'a Path,
    /// The text of each file read as UTF-8, by its path.
    pub texts: &'a std::collections::HashMap<&'a str, &'a str>,
}

pub fn config(p: &Parts<'_>) -> String {
    let mut out = String::new();
    out.push_str(
        "# Written by `isms adopt`: your files as they are, read for what they mean and\n# mapped onto isms's built-in fields. Review it, then run `isms check`: every\n# finding is something an auditor would ask about. docs/config.md explains\n# every setting.\n\n",
    );
    let _ = writeln!(out, "[organisation]\nname = {}", s(p.organisation));
    match p.dates {
        Some(DateOrder::DayFirst) => {
            out.push_str("# Dates such as 21/04/2026 are written day first.\ndates = \"day-first\"\n")
        }
        Some(DateOrder::MonthFirst) => {
            out.push_str("# Dates such as 04/21/2026 are written month first.\ndates = \"month-first\"\n")
        }
        None => {}
    }
    out.push('\n');
    roles_and_people(p, &mut out);
    documents(p, &mut out);
    risk_rules(p, &mut out);
    for c in p.chosen {
        register(c, &mut out);
    }
    out
}

fn roles_and_people(p: &Parts<'_>, out: &mut String) {
    let roles: Vec<&Named> = p.named.values().filter(|n| matches!(n, Named::Role { .. })).collect();
    let people: Vec<&Named> = p.named.values().filter(|n| matches!(n, Named::Person { .. })).collect();
    if roles.is_empty() && people.is_empty() {
        out.push_str(
            "# Who is who: add your people (`[[person]]` with id, name, emails, roles,\n# keys) and the roles they hold.\n\n",
        );
        return;
    }
    if !roles.is_empty() {
        out.push_str(
            "# The roles your documents and registers name as owners and approvers.\n# To do: say who holds each, in a [[person]] entry (roles = [\"…\"]); until\n# then `isms check` reports each role once as held by nobody.\n",
        );
        for r in roles {
            if let Named::Role {
                id,
                title,
                top,
                management,
            } = r
            {
                let _ = writeln!(out, "[roles.{}]\nname = {}", key(id), s(title));
                if *top {
                    out.push_str("top_management = true\n");
                } else if *management {
                    out.push_str("management = true\n");
                }
                out.push('\n');
            }
        }
    }
    if !people.is_empty() {
        // (A set: a users export lists thousands, half of them gone.)
        let inactive: std::collections::HashSet<&str> = p.inactive.iter().map(String::as_str).collect();
        out.push_str("# The people your documents and registers name. To do: their roles, and\n# their e-mails and keys if they approve changes.\n");
        for person in people {
            if let Named::Person { id, name, email, roles } = person {
                // A handle (`@asha`) is a login: the id without its `@`, and
                // the login by which the registers name them.
                let plain = if crate::config::is_identifier(id) {
                    id.clone()
                } else {
                    super::people::slug(id)
                };
                let _ = writeln!(out, "[[person]]\nid = {}\nname = {}", s(&plain), s(name));
                if let Some(login) = id.strip_prefix('@').filter(|l| crate::config::is_identifier(l)) {
                    let _ = writeln!(out, "github = {}", s(login));
                }
                if let Some(e) = email {
                    let _ = writeln!(out, "emails = [{}]", s(e));
                }
                if !roles.is_empty() {
                    let _ = writeln!(out, "roles = {}", list(roles.iter()));
                }
                if inactive.contains(id.as_str()) {
                    out.push_str("active = false\n");
                }
                if p.external.contains(&plain) {
                    out.push_str("# Of another organisation: not trained by this ISMS.\nexternal = true\n");
                }
                out.push('\n');
            }
        }
    }
}

fn documents(p: &Parts<'_>, out: &mut String) {
    let docs = p.docs;
    if docs.documents.is_empty() {
        out.push_str("[documents]\npaths = []\n\n");
        return;
    }
    out.push_str("[documents]\n");
    let _ = writeln!(out, "paths = {}", list(docs.paths.iter()));
    if !docs.exclude.is_empty() {
        let _ = writeln!(
            out,
            "# Not documents: templates, snippets, a software project's own records (decision\n# records, changelog), and the notes read as a register's records.\nexclude = {}",
            list(docs.exclude.iter())
        );
    }
    if docs.plain {
        out.push_str("# Some documents carry no metadata: they are read all the same, titled by\n# their first heading, their kind read from their title, name and folder.\nplain = true\n");
    }
    if !docs.fields.is_empty() {
        let pairs: Vec<String> = docs
            .fields
            .iter()
            .map(|(k, v)| format!("{} = {}", key(k), s(v)))
            .collect();
        let _ = writeln!(
            out,
            "# Your metadata keys and document-control labels.\nfields = {{ {} }}",
            pairs.join(", ")
        );
    }
    out.push('\n');
    // What an index page says its links are, for the documents whose own
    // title, name and folder say nothing.
    // The type the check reads each document as: one reading of each,
    // for the index pages' lists and for the policy below.
    let typed = document_types(p);
    let plain_kind = read_as(&typed, "other");
    for (kind, paths) in &p.docs.listed {
        let paths: Vec<&String> = paths.iter().filter(|path| plain_kind.contains(path)).collect();
        if paths.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "# An index page lists these as {kind}s.\n[[documents.defaults]]\npaths = {}\nvalues = {{ type = \"{}\" }}\n",
            list(paths.into_iter()),
            match *kind {
                "topic-specific-policy" => "topic-specific-policy",
                k => k,
            }
        );
    }
    // Of several documents read as the information security policy, the
    // one nearest the top is; the others are topic-specific.
    let policies = top_policies(&typed);
    if policies.len() > 1 {
        let _ = writeln!(
            out,
            "# {} documents read as the information security policy; {} is taken as it,\n# the others as topic-specific policies. Correct this if it is not so.",
            policies.len(),
            policies[0]
        );
        let _ = writeln!(
            out,
            "[[documents.defaults]]\npaths = {}\nvalues = {{ type = \"topic-specific-policy\" }}\n",
            list(policies[1..].iter())
        );
    }
}

/// The documents the check would read as the information security policy,
/// the one nearest the top of the folder first.
fn top_policies(typed: &[(&String, Option<String>)]) -> Vec<String> {
    let mut found = read_as(typed, "information-security-policy");
    found.sort_by_key(|path| (path.matches('/').count(), path.len()));
    found
}

/// The documents the check would read as of this type.
fn read_as(typed: &[(&String, Option<String>)], wanted: &str) -> Vec<String> {
    typed
        .iter()
        .filter(|(_, t)| t.as_deref() == Some(wanted))
        .map(|(path, _)| (*path).clone())
        .collect()
}

/// Each document (not a chosen register) with the type the check reads
/// it as, from the text already read (else read again).
fn document_types<'a>(p: &Parts<'a>) -> Vec<(&'a String, Option<String>)> {
    let mut documents = crate::config::Documents {
        plain: p.docs.plain,
        ..Default::default()
    };
    documents.fields = p.docs.fields.clone();
    let reading = crate::workspace::document::Reading::new(&documents);
    p.docs
        .documents
        .iter()
        .filter(|path| !p.chosen.iter().any(|c| &c.table.path == *path))
        .filter_map(|path| {
            let text = match p.texts.get(path.as_str()) {
                Some(t) => (*t).to_string(),
                None => crate::source::read_in_root(p.dir, path).ok()?,
            };
            let file = crate::source::SourceFile::new(path.as_str(), text);
            let mut problems = crate::diag::Problems::default();
            let kind = crate::workspace::document::load(file, &reading, &mut problems)
                .and_then(|d| d.values.get("type").and_then(|t| t.as_str()).map(String::from));
            Some((path, kind))
        })
        .collect()
}

fn risk_rules(p: &Parts<'_>, out: &mut String) {
    let scale = p.scale;
    let Some(points) = scale.points else { return };
    out.push_str("# The risk scale your risk register uses.\n[rules.risk]\n");
    let _ = writeln!(out, "scale = {points}");
    if !scale.likelihood_words.is_empty() {
        let _ = writeln!(
            out,
            "# Likelihood and impact are words, lowest first; scores are not worked out\n# from them (add `matrix` to have levels checked).\nlikelihood_words = {}",
            list(scale.likelihood_words.iter())
        );
    }
    if !scale.impact_words.is_empty() {
        let _ = writeln!(out, "impact_words = {}", list(scale.impact_words.iter()));
    }
    if let Some(t) = scale.threshold {
        let _ = writeln!(
            out,
            "# The appetite your risk method states: residual scores up to {t} may be accepted\n# without more.\nacceptance_threshold = {t}"
        );
    }
    if let Some(l) = scale.acceptance_level {
        let _ = writeln!(
            out,
            "# Residual risk above {l} must be formally accepted, as your method says.\nacceptance_level = \"{l}\""
        );
    }
    if let Some((score, a, b)) = &scale.unbanded {
        let _ = writeln!(
            out,
            "# Your register rates a score of {score} both {a} and {b}: its levels follow no\n# score bands, so none are checked. Set the lowest score of each level here\n# (low, medium, high, very-high) to have them checked.\nlevels = {{}}"
        );
    }
    if let Some(levels) = &scale.levels {
        let pairs: Vec<String> = levels.iter().map(|(l, n)| format!("{l} = {n}")).collect();
        let _ = writeln!(
            out,
            "# The lowest score of each level, as the register's scores and levels show.\nlevels = {{ {} }}",
            pairs.join(", ")
        );
    }
    out.push('\n');
}

fn register(c: &Chosen, out: &mut String) {
    let t = &c.table;
    let _ = writeln!(out, "[[register]]\nkind = \"{}\"\npath = {}", c.kind.name(), s(&t.path));
    if t.format == crate::config::Format::Markdown && t.index.1 > 1 {
        if let Some(h) = &t.heading {
            let _ = writeln!(out, "table = {}", s(h));
        }
    }
    if t.windows_1252 {
        out.push_str("encoding = \"windows-1252\"\n");
    }
    match t.delimiter {
        b';' => out.push_str("delimiter = \";\"\n"),
        b'\t' => out.push_str("delimiter = \"\\t\"\n"),
        _ => {}
    }
    if let Some(k) = &t.records_key {
        let _ = writeln!(out, "records = {}", s(k));
    }
    let mut pairs: Vec<String> = Vec::new();
    for (ci, fields) in &c.mapping.columns {
        let header = &t.header[*ci];
        match fields.as_slice() {
            // A list, even of one field, reads each cell for its part.
            one if c.mapping.parts.contains(ci) => pairs.push(format!("{} = {}", s(header), list(one.iter()))),
            [one] if crate::workspace::fields::normalise_name(header) == *one => {}
            [one] => pairs.push(format!("{} = {}", s(header), s(one))),
            many => pairs.push(format!("{} = {}", s(header), list(many.iter()))),
        }
    }
    if !pairs.is_empty() {
        let _ = writeln!(out, "columns = {{ {} }}", pairs.join(", "));
    }
    let extra: Vec<&String> = t
        .header
        .iter()
        .enumerate()
        .filter(|(ci, _)| !c.mapping.columns.contains_key(ci))
        .map(|(_, h)| h)
        // A note's name and heading stand for them; no key to keep.
        .filter(|h| !(t.is_notes() && matches!(h.as_str(), "id" | "title")))
        .collect();
    if !extra.is_empty() {
        let _ = writeln!(out, "extra = {}", list(extra.into_iter()));
    }
    if !c.courses.is_empty() {
        let courses: Vec<String> = c
            .courses
            .iter()
            .map(|(course, columns)| format!("{} = {}", s(course), list(columns.iter().map(|ci| &t.header[*ci]))))
            .collect();
        let _ = writeln!(
            out,
            "# A training matrix: each course's columns give one record per person.\ncourses = {{ {} }}",
            courses.join(", ")
        );
    }
    out.push('\n');
    let _ = RegisterKind::Risks;
}

/// A TOML string (a JSON string is one: same escapes).
fn s(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

fn key(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        text.to_string()
    } else {
        s(text)
    }
}

fn list<'a, T: AsRef<str> + 'a>(items: impl Iterator<Item = &'a T>) -> String {
    format!("[{}]", items.map(|i| s(i.as_ref())).collect::<Vec<_>>().join(", "))
}
