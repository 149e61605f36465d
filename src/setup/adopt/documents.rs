//! The documents of a folder, read as `isms check` will read them: where
//! they are (a Docusaurus or MkDocs site's docs folder; else the folders
//! holding Markdown), which are templates, partials or snippets rather than
//! documents, how their front-matter keys and document-control labels map
//! onto the document fields (by name, and only onto a date field when the
//! values are dates), whether plain documents must be read, and which one
//! is the information security policy.

use super::fit::header_words;
use crate::config::kinds::DOCUMENT_FIELDS;
use crate::workspace::document::{Reading, metadata_keys};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Names practitioners give each document field, as [`header_words`]
/// makes them.
const NAMES: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "document id",
            "doc id",
            "document reference",
            "doc ref",
            "document ref",
            "reference",
            "ref",
            "document no",
            "document number",
            "doc no",
            "policy id",
            "policy number",
            "document code",
            "identifier",
            "doc reference",
        ],
    ),
    ("title", &["title", "document title", "document name", "name"]),
    ("type", &["type", "document type", "category", "kind"]),
    (
        "owner",
        &[
            "owner",
            "document owner",
            "policy owner",
            "plan owner",
            "procedure owner",
            "owned by",
            "maintained by",
            "responsible",
        ],
    ),
    ("status", &["status", "state", "document status", "approval status"]),
    (
        "version",
        &[
            "version",
            "rev",
            "revision",
            "issue",
            "version no",
            "version number",
            "issue no",
            "edition",
        ],
    ),
    (
        "approved_by",
        &[
            "approved by",
            "approver",
            "authorised by",
            "authorized by",
            "approved",
            "approval",
            "signed off by",
            "sign off",
        ],
    ),
    (
        "approved_on",
        &[
            "approved on",
            "approval date",
            "date approved",
            "date of approval",
            "effective date",
            "effective",
            "effective from",
            "issue date",
            "date of issue",
            "issued",
            "date",
            "publication date",
            "published",
            "in force from",
        ],
    ),
    (
        "next_review",
        &[
            "next review",
            "next review date",
            "review date",
            "review by",
            "next review due",
            "review due",
            "due for review",
            "next review on",
            "valid until",
        ],
    ),
    (
        "last_reviewed",
        &[
            "last reviewed",
            "last review",
            "last review date",
            "date of last review",
            "reviewed",
            "reviewed on",
            "date reviewed",
            "review completed",
            "previous review",
        ],
    ),
    (
        "review_cycle",
        &[
            "review cycle",
            "review frequency",
            "review interval",
            "review period",
            "reviewed every",
            "frequency of review",
        ],
    ),
    (
        "controls",
        &[
            "controls",
            "annex a",
            "iso controls",
            "iso27001 controls",
            "iso 27001 controls",
            "control mapping",
            "annex a controls",
        ],
    ),
    (
        "classification",
        &[
            "classification",
            "security classification",
            "classification level",
            "confidentiality",
            "sensitivity",
            "marking",
            "protective marking",
        ],
    ),
];

/// The document field a metadata key names, if any.
pub fn field_of(key: &str) -> Option<&'static str> {
    let w = header_words(key);
    if DOCUMENT_FIELDS.iter().any(|f| f.name.replace('_', " ") == w) {
        return DOCUMENT_FIELDS
            .iter()
            .find(|f| f.name.replace('_', " ") == w)
            .map(|f| f.name);
    }
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&w.as_str()))
        .map(|(f, _)| *f)
}

/// A reading that knows every name of [`NAMES`], to find document-control
/// tables however they label their rows.
pub fn guess() -> Reading {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (field, names) in NAMES {
        for n in *names {
            pairs.push((n.to_string(), field.to_string()));
        }
    }
    Reading::with_fields(pairs.iter().map(|(a, b)| (a.as_str(), b.as_str()))).labels(field_of)
}

/// What the documents of a folder are and how to read them.
#[derive(Debug, Default)]
pub struct Found {
    /// Globs of the documents.
    pub paths: Vec<String>,
    pub exclude: Vec<String>,
    /// Metadata key as written → field.
    pub fields: BTreeMap<String, String>,
    /// Keys kept for the organisation's own rules.
    pub kept: BTreeSet<String>,
    pub plain: bool,
    /// Documents read (not templates, partials or snippets).
    pub documents: Vec<String>,
    /// Files left out, and why.
    pub left_out: Vec<(String, String)>,
    /// Values written in the metadata, by field (to find roles and the
    /// order of dates).
    pub values: Vec<(&'static str, String)>,
    /// Documents an index page (a README) lists under a kind
    /// (`Policies: [access control](access-control.md)`), by kind.
    pub listed: BTreeMap<&'static str, Vec<String>>,
}

/// The site generator's docs folder, when the folder is a site.
pub fn site_docs(dir: &Path, files: &[String]) -> Option<String> {
    if files.iter().any(|f| f.starts_with("docusaurus.config.")) {
        return Some("docs".into());
    }
    if files.iter().any(|f| f == "mkdocs.yml" || f == "mkdocs.yaml") {
        let text = std::fs::read_to_string(dir.join("mkdocs.yml"))
            .or_else(|_| std::fs::read_to_string(dir.join("mkdocs.yaml")))
            .unwrap_or_default();
        let docs_dir = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("docs_dir:"))
            .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
            .unwrap_or_else(|| "docs".into());
        return Some(docs_dir);
    }
    None
}

/// Folders whose Markdown files are snippets included elsewhere.
fn is_snippet_folder(part: &str) -> bool {
    matches!(
        part.to_lowercase().as_str(),
        "includes" | "_includes" | "partials" | "_partials" | "snippets" | "_snippets" | "overrides"
    )
}

/// A software project's own records kept beside the ISMS (architecture
/// decision records, RFCs), not documented information of the ISMS.
fn is_engineering_folder(part: &str) -> bool {
    matches!(
        part.to_lowercase().as_str(),
        "adr" | "adrs" | "decisions" | "architecture-decisions" | "decision-records" | "rfcs" | "rfc"
    )
}

/// A software project's own pages (`CHANGELOG.md`, `CONTRIBUTING.md`).
fn is_project_page(file: &str) -> bool {
    matches!(
        file.to_lowercase().as_str(),
        "changelog.md" | "contributing.md" | "code_of_conduct.md" | "code-of-conduct.md" | "license.md" | "authors.md"
    )
}

/// Reads the Markdown files of the folder.
pub fn find(dir: &Path, files: &[String], markdown: &[(String, String)]) -> Found {
    let mut found = Found::default();
    let docs_root = site_docs(dir, files);
    let guess = guess();
    // Folders of templates: a folder named so whose files hold blanks.
    let mut template_dirs: BTreeSet<String> = BTreeSet::new();
    for (path, text) in markdown {
        if let Some((folder, _)) = path.rsplit_once('/')
            && folder.to_lowercase().split('/').any(|p| p.contains("template"))
            && (crate::workspace::meaning::has_blank(text) || !crate::workspace::meaning::prompts(text, 0).is_empty())
        {
            let top: Vec<&str> = folder.split('/').collect();
            let cut = top
                .iter()
                .position(|p| p.to_lowercase().contains("template"))
                .map_or(folder.to_string(), |i| top[..=i].join("/"));
            template_dirs.insert(cut);
        }
    }
    let mut plain = 0;
    // Every metadata key written, with its values, in the order first met.
    let mut by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // And the documents each key is written in.
    let mut in_docs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, text) in markdown {
        if let Some(root) = &docs_root
            && !path.starts_with(&format!("{root}/"))
        {
            continue;
        }
        if let Some(t) = template_dirs.iter().find(|t| path.starts_with(&format!("{t}/"))) {
            found.left_out.push((path.clone(), format!("a template (in `{t}/`)")));
            continue;
        }
        let file = path.rsplit('/').next().unwrap_or(path);
        if file.starts_with('_') && !file.eq_ignore_ascii_case("_index.md") {
            found
                .left_out
                .push((path.clone(), "a partial (its name starts with `_`)".into()));
            continue;
        }
        if file.to_lowercase().contains("template") {
            found.left_out.push((path.clone(), "a template".into()));
            continue;
        }
        if let Some(why) = archived(path) {
            found.left_out.push((path.clone(), why));
            continue;
        }
        if path.split('/').rev().skip(1).any(is_engineering_folder) || is_project_page(file) {
            // (Left out of the check too: the folder, or the page.)
            let parts: Vec<&str> = path.split('/').collect();
            let glob = match parts[..parts.len() - 1].iter().position(|p| is_engineering_folder(p)) {
                Some(i) => format!("{}/**", parts[..=i].join("/")),
                None => path.clone(),
            };
            if !found.exclude.contains(&glob) {
                found.exclude.push(glob);
            }
            found.left_out.push((
                path.clone(),
                "a software project's own record (a decision record, a changelog)".into(),
            ));
            continue;
        }
        if path.split('/').rev().skip(1).any(is_snippet_folder) {
            found
                .left_out
                .push((path.clone(), "a snippet included in other pages".into()));
            continue;
        }
        let keys = metadata_keys(text, &guess);
        if keys.is_empty() || crate::workspace::document::has_control_line(text, &guess) {
            plain += 1;
        }
        for (key, value) in keys {
            by_key.entry(key.clone()).or_default().push(value);
            in_docs.entry(key).or_default().push(path.clone());
        }
        found.documents.push(path.clone());
    }
    map_keys(&mut found, by_key, &in_docs);
    // A page whose metadata `isms check` would not read with the fields
    // mapped (a control table of blanks, under a status line) is read as
    // plain: adoption never leaves a document out unsaid.
    if plain == 0 {
        let reading = crate::workspace::document::Reading::with_fields(
            found.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        plain += markdown
            .iter()
            .filter(|(path, _)| found.documents.contains(path))
            .filter(|(path, text)| {
                let file = crate::source::SourceFile::new(path.as_str(), text.as_str());
                crate::workspace::document::load(file, &reading, &mut Default::default()).is_none()
            })
            .count();
    }
    found.plain = plain > 0;
    found.paths = match &docs_root {
        Some(root) => vec![format!("{root}/**/*.md")],
        None => {
            let tops: BTreeSet<String> = found
                .documents
                .iter()
                .map(|p| match p.split_once('/') {
                    Some((top, _)) => format!("{top}/**/*.md"),
                    None => "*.md".to_string(),
                })
                .collect();
            tops.into_iter().collect()
        }
    };
    let engineering = std::mem::take(&mut found.exclude);
    found.exclude = template_dirs.into_iter().map(|t| format!("{t}/**")).collect();
    found.exclude.extend(engineering);
    let snippet_globs: BTreeSet<String> = found
        .left_out
        .iter()
        .filter(|(_, why)| why.starts_with("a snippet"))
        .filter_map(|(p, _)| p.rsplit_once('/').map(|(d, _)| format!("{d}/**")))
        .collect();
    found.exclude.extend(snippet_globs);
    let archive_globs: BTreeSet<String> = found
        .left_out
        .iter()
        .filter(|(_, why)| why.starts_with("an archived copy"))
        .map(|(p, why)| {
            if why.contains("folder") {
                p.rsplit_once('/').map_or(p.clone(), |(d, _)| format!("{d}/**"))
            } else {
                p.clone()
            }
        })
        .collect();
    found.exclude.extend(archive_globs);
    found.listed = listed_kinds(markdown, &found.documents);
    found
}

/// Maps each metadata key onto the field its name and its values say: a
/// key whose values are dates only onto a date field (`approved` holding
/// `2026-03-25` is the approval's date, `review` the next review's), one
/// naming a person only onto a field of people; two keys written in one
/// document never onto one field (the one whose name says it best wins;
/// the other is kept). Documents that label a field differently (`Date`,
/// `Approval date`) each have theirs mapped.
fn map_keys(found: &mut Found, by_key: BTreeMap<String, Vec<String>>, in_docs: &BTreeMap<String, Vec<String>>) {
    let dated = |values: &[String]| {
        let n = values.iter().filter(|v| !crate::workspace::fields::is_blank(v)).count();
        let d = values
            .iter()
            .filter(|v| crate::workspace::dates::find(v, None).is_some())
            .count();
        n > 0 && d * 10 >= n * 6
    };
    let mut candidates: Vec<(&'static str, String, f64)> = Vec::new();
    // Values that are dates and nothing else (`Approved by: Javier
    // Olmos — 12/03/2026` names who, and when beside it).
    let only_dates = |values: &[String]| {
        let n = values.iter().filter(|v| !crate::workspace::fields::is_blank(v)).count();
        let d = values
            .iter()
            .filter(|v| {
                matches!(crate::workspace::dates::read(v, None), Ok(Some(_)) | Err(_))
                    && crate::workspace::dates::looks_like_date(v)
            })
            .count();
        n > 0 && d * 10 >= n * 6
    };
    for (key, values) in &by_key {
        let words = header_words(key);
        let named = field_of(key);
        let is_dated = if matches!(named, Some("owner" | "approved_by")) {
            only_dates(values)
        } else {
            dated(values)
        };
        let field = match (named, is_dated) {
            (Some(f @ ("approved_on" | "next_review" | "last_reviewed")), true) => Some(f),
            (Some("approved_on" | "next_review" | "last_reviewed"), false) => None,
            (Some("owner" | "approved_by"), true) | (None, true) => {
                // A review that took place (`last_reviewed`, `reviewed`)
                // is not the one that falls due.
                if ["last", "previous", "reviewed", "done", "completed"]
                    .iter()
                    .any(|w| words.split(' ').any(|x| x == *w))
                    && words.contains("review")
                {
                    Some("last_reviewed")
                } else if ["review", "next", "due", "valid", "expire", "renew"]
                    .iter()
                    .any(|w| words.contains(w))
                {
                    Some("next_review")
                } else if ["approv", "effective", "issue", "publish", "sign", "adopt", "revisions"]
                    .iter()
                    .any(|w| words.contains(w))
                {
                    Some("approved_on")
                } else {
                    None
                }
            }
            (Some(f), false) => Some(f),
            (None, false) => {
                // A yes/no key named by a status (`draft: true`).
                let bools = values.iter().all(|v| matches!(v.trim(), "true" | "false"));
                (bools && words == "draft").then_some("status")
            }
            (Some(_), true) => None,
        };
        let Some(field) = field else {
            found.kept.insert(key.clone());
            continue;
        };
        // The surer the name, the better the claim on the field.
        let score =
            if words == field.replace('_', " ") { 2.0 } else { 1.0 } + if named == Some(field) { 0.5 } else { 0.0 };
        candidates.push((field, key.clone(), score));
    }
    candidates.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.1.cmp(&b.1)));
    let together = |a: &str, b: &str| {
        let da = in_docs.get(a).map(Vec::as_slice).unwrap_or(&[]);
        in_docs.get(b).is_some_and(|db| db.iter().any(|d| da.contains(d)))
    };
    let mut taken: Vec<(&'static str, String)> = Vec::new();
    for (field, key, _) in candidates {
        if taken.iter().any(|(f, k)| *f == field && together(k, &key)) {
            found.kept.insert(key);
            continue;
        }
        taken.push((field, key));
    }
    for (field, key) in taken {
        if key != field {
            found.fields.insert(key.clone(), field.to_string());
        }
        found.kept.remove(&key);
        for v in by_key.get(&key).into_iter().flatten() {
            found.values.push((field, v.clone()));
        }
    }
}

/// What index pages (`README.md`, `index.md`) say their links are: a list
/// item or section labelled `Policies`, `Procedures`, `Records`… gives the
/// documents it links to that kind.
fn listed_kinds(markdown: &[(String, String)], documents: &[String]) -> BTreeMap<&'static str, Vec<String>> {
    let mut out: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (path, text) in markdown {
        let file = path.rsplit('/').next().unwrap_or(path).to_lowercase();
        if !matches!(file.as_str(), "readme.md" | "index.md" | "_index.md") {
            continue;
        }
        let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
        let mut section: Option<&'static str> = None;
        // List items with their continuation lines.
        let mut items: Vec<(Option<&'static str>, String)> = Vec::new();
        for line in text.lines() {
            let t = line.trim();
            if let Some(h) = crate::tree::markdown::atx_heading(t) {
                section = crate::workspace::meaning::kind_of_label(&h);
                continue;
            }
            let starts_item = t.starts_with("- ")
                || t.starts_with("* ")
                || t.split_once(". ")
                    .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()));
            if starts_item || items.is_empty() || t.is_empty() {
                items.push((section, t.to_string()));
            } else if let Some(last) = items.last_mut() {
                last.1.push(' ');
                last.1.push_str(t);
            }
        }
        for (section, item) in items {
            let body = item.trim_start_matches(['-', '*', ' ']);
            let label = body.split_once(':').filter(|(l, _)| !l.contains('[')).map(|(l, _)| l);
            let Some(kind) = label.and_then(crate::workspace::meaning::kind_of_label).or(section) else {
                continue;
            };
            let mut rest = body;
            while let Some(at) = rest.find("](") {
                let after = &rest[at + 2..];
                let Some(close) = after.find(')') else { break };
                let target = after[..close].split('#').next().unwrap_or("").trim();
                rest = &after[close..];
                if !target.to_lowercase().ends_with(".md") || target.contains("://") {
                    continue;
                }
                let joined = if folder.is_empty() {
                    target.to_string()
                } else {
                    format!("{folder}/{target}")
                };
                let joined = joined.trim_start_matches("./").to_string();
                if documents.contains(&joined) {
                    out.entry(kind).or_default().push(joined);
                }
            }
        }
    }
    out
}

/// Why a page is a copy kept for the record rather than a document in
/// force: it sits in an archive folder, or its name says it was superseded.
fn archived(path: &str) -> Option<String> {
    let (folders, file) = path.rsplit_once('/').unwrap_or(("", path));
    let folder_word = folders.split('/').find(|f| {
        matches!(
            f.to_lowercase().as_str(),
            "archive" | "archived" | "archives" | "superseded" | "obsolete" | "retired" | "old versions" | "_archive"
        )
    });
    if let Some(f) = folder_word {
        return Some(format!("an archived copy (in the `{f}` folder)"));
    }
    let lower = file.to_lowercase();
    ["superseded", "archived", "obsolete", "withdrawn"]
        .iter()
        .find(|w| lower.contains(*w))
        .map(|w| format!("an archived copy (its name says {w})"))
}
