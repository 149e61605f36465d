//! Markdown documents: front matter (TOML between `+++` lines, YAML between
//! `---` lines) checked against the document fields, and the headings of
//! the body, each with its span.

use super::fields::normalise_name;
use crate::config::kinds::DOCUMENT_FIELDS;
use crate::diag::{Problem, Problems};
use crate::source::{SourceFile, Span};
use crate::tree::{parse_toml, parse_yaml};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

mod control;
mod control_table;
mod control_text;
mod entries;
mod headings;
mod pattern;

use super::note_head::{front_matter, shift};
pub use control::*;
use control_table::*;
use entries::*;
use headings::*;

type Entries = Vec<(crate::tree::Key, crate::tree::Node)>;

/// A heading of the document body.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub span: Span,
}

/// An ISMS document.
#[derive(Debug)]
pub struct Document {
    pub file: Arc<SourceFile>,
    pub id: String,
    /// Whether the id was not stated but taken from the file's name (made
    /// unique by its path when two documents share a name).
    pub id_derived: bool,
    /// Where its metadata was read: `front matter`, `document-control
    /// table`, or `none` for a plain Markdown document.
    pub metadata: &'static str,
    /// The clause 5.2 topics its headings or sentences state, with where.
    pub topics: Vec<(&'static str, Span)>,
    /// The inputs of clause 9.3.2 its headings or sentences cover (read of
    /// minutes kept without a reviews register).
    pub review_inputs: Vec<&'static str>,
    /// Template instructions and blanks still in its text.
    pub prompts: Vec<(String, Span)>,
    /// The links to files of the repository it holds, by target as
    /// written; those that lead nowhere are found when the whole
    /// repository is known (see `workspace::load_documents`).
    pub links: Vec<(String, Span)>,
    /// Links that lead to no file of the repository.
    pub broken_links: Vec<(String, Span)>,
    /// For a document about objectives: the objectives it lists, with
    /// whether each states a measure, an owner and a date.
    pub objectives: Vec<(String, Span, [bool; 3])>,
    /// What it says of management reviews and internal audits: topic, the
    /// date given, whether the records are said to be kept elsewhere, and
    /// where.
    pub mentions: Vec<(&'static str, Option<String>, bool, Span)>,
    /// The span of the whole front matter block.
    pub front_span: Span,
    /// Front-matter key (normalised) → span of its value.
    pub spans: HashMap<String, Span>,
    /// Checked front-matter values; other keys are kept under `front_matter`.
    pub values: Map<String, Value>,
    pub headings: Vec<Heading>,
}

/// A document known only from a documents register: its record's values
/// and the places of its cells in the register.
pub fn from_record(file: &Arc<SourceFile>, rec: &super::register::Record) -> Document {
    let mut values = rec.to_json();
    values.remove("extra");
    values.remove("_file");
    values.remove("path");
    let title = values.get("title").and_then(Value::as_str).unwrap_or("").to_string();
    // A type of the organisation's own (`ISMS`) is kept; the document is
    // what its title says.
    let type_field = DOCUMENT_FIELDS.iter().find(|f| f.name == "type");
    let known = values
        .get("type")
        .and_then(Value::as_str)
        .zip(type_field)
        .is_some_and(|(t, f)| {
            crate::workspace::fields::is_vocabulary_value(f, t) && !t.trim().eq_ignore_ascii_case("policy")
        });
    if !known {
        if let Some(own) = values.remove("type") {
            values.insert("type_as_written".into(), own);
        }
        values.insert("type".into(), Value::from(super::meaning::infer_type(&title, &title)));
    }
    values.insert("front_matter".into(), Value::Object(Map::new()));
    Document {
        file: Arc::clone(file),
        id: rec.id.clone(),
        id_derived: false,
        metadata: "document register",
        topics: Vec::new(),
        review_inputs: Vec::new(),
        prompts: Vec::new(),
        links: Vec::new(),
        broken_links: Vec::new(),
        objectives: Vec::new(),
        mentions: Vec::new(),
        front_span: rec.span,
        spans: rec.spans.iter().map(|(k, s)| ((*k).to_string(), *s)).collect(),
        values,
        headings: Vec::new(),
    }
}

/// How an organisation's documents are read: its front-matter keys mapped
/// onto the built-in fields, default values by path, ids from file names
/// (`[documents]` in isms.toml).
#[derive(Default)]
pub struct Reading {
    /// Normalised key → built-in field name.
    fields: HashMap<String, String>,
    /// A label's field by its meaning, for `isms adopt` finding labels in
    /// any wording or language (`Verantwortlich`, `Fecha de aprobación`).
    labels: Option<fn(&str) -> Option<&'static str>>,
    defaults: Vec<(globset::GlobSet, Vec<(String, String)>)>,
    plain: bool,
    context: super::values::Context,
}

impl Reading {
    /// A reading that maps these (label → field) pairs and nothing else.
    pub fn with_fields<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Reading {
        Reading {
            fields: fields
                .into_iter()
                .map(|(k, v)| (normalise_name(k), v.to_string()))
                .collect(),
            ..Reading::default()
        }
    }

    pub fn new(documents: &crate::config::Documents) -> Reading {
        Reading {
            fields: documents
                .fields
                .iter()
                .map(|(k, v)| (normalise_name(k), v.clone()))
                .collect(),
            defaults: documents
                .defaults
                .iter()
                .map(|d| {
                    let values = d.values.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    (super::glob_set(&d.paths), values)
                })
                .collect(),
            plain: documents.plain,
            context: super::values::Context::default(),
            labels: None,
        }
    }

    /// Labels also known by their meaning (`isms adopt`).
    pub fn labels(mut self, f: fn(&str) -> Option<&'static str>) -> Reading {
        self.labels = Some(f);
        self
    }

    /// The field a metadata label names: as configured, built in, or (for
    /// `isms adopt`) by its meaning.
    fn field_of(&self, label: &str) -> Option<String> {
        let name = normalise_name(label);
        let target = self.fields.get(&name).unwrap_or(&name);
        if let Some(f) = DOCUMENT_FIELDS.iter().find(|f| f.name == target) {
            return Some(f.name.to_string());
        }
        self.labels.and_then(|f| f(label)).map(String::from)
    }

    /// With the organisation's own placeholder patterns.
    pub fn context(mut self, context: super::values::Context) -> Reading {
        self.context = context;
        self
    }
}

/// Loads a Markdown file. `None` when it has neither front matter nor a
/// document-control table and plain documents are not read (it is not an
/// ISMS document then).
pub fn load(file: Arc<SourceFile>, reading: &Reading, problems: &mut Problems) -> Option<Document> {
    let Some((is_toml, inner, block)) = front_matter(&file.text) else {
        // No front matter: a document-control table under the title, when
        // there is one, is the metadata; else, for a plain Markdown ISMS,
        // the document has none.
        let control = body_control(&file.text, reading);
        if let Some((entries, span, source)) = control.clone()
            && source != CONTROL_LINE
        {
            return Some(read_entries(&file, reading, entries, (span, 0, source), problems));
        }
        if !reading.plain {
            return None;
        }
        // A plain document: its control, if any, in a sentence ("Version
        // 1.2, approved by the Board on 3 March 2026").
        let (entries, span, source) = control.unwrap_or((Vec::new(), Span::new(0, 0), "none"));
        return Some(read_entries(&file, reading, entries, (span, 0, source), problems));
    };
    if block.end == usize::MAX {
        let fence = if is_toml { "+++" } else { "---" };
        problems.push(
            Problem::new(
                "document::malformed",
                format!("front matter opened with `{fence}` is never closed"),
            )
            .at(&file, Span::new(0, 3))
            .help(format!("end the front matter with a line holding only `{fence}`")),
        );
        return None;
    }
    let inner_text = file.text.get(inner.start..inner.end).unwrap_or("");
    let parsed = if is_toml {
        parse_toml(inner_text)
    } else {
        parse_yaml(inner_text)
    };
    let mut root = match parsed {
        Ok(root) => root,
        Err(e) => {
            problems.push(
                Problem::new(
                    "document::malformed",
                    format!(
                        "front matter is not valid {}: {}",
                        if is_toml { "TOML" } else { "YAML" },
                        e.message
                    ),
                )
                .at(&file, Span::new(e.span.start + inner.start, e.span.end + inner.start)),
            );
            return None;
        }
    };
    shift(&mut root, inner.start);
    let Some(entries) = root.as_table() else {
        problems.push(
            Problem::new(
                "document::malformed",
                format!("front matter must be a table of keys, found {}", root.type_name()),
            )
            .at(&file, Span::new(block.start, 3)),
        );
        return None;
    };

    let mut entries = entries.to_vec();
    // What the front matter does not say, from the page's own control (a
    // sign-off table at its foot: `| Version | Approved by | Next review |`).
    if let Some(body) = file.text.get(block.end..)
        && let Some((more, _, _)) = body_control(body, reading)
    {
        let have: Vec<String> = entries.iter().filter_map(|(k, _)| reading.field_of(&k.name)).collect();
        for (mut key, mut value) in more {
            let Some(field) = reading.field_of(&key.name) else {
                continue;
            };
            if have.contains(&field) {
                continue;
            }
            key.span = Span::new(key.span.start + block.end, key.span.end + block.end);
            shift(&mut value, block.end);
            entries.push((key, value));
        }
    }
    Some(read_entries(
        &file,
        reading,
        entries,
        (Span::new(block.start, block.end), block.end, "front matter"),
        problems,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_and_headings() {
        let text = "+++\nid = \"POL-1\"\ntitle = \"Policy\"\ntype = \"policy\"\napproved-on = 2026-01-05\n+++\n# Purpose\n\n```\n# not a heading\n```\nScope\n-----\n";
        let file = SourceFile::new("p.md", text);
        let mut problems = Problems::default();
        let doc = load(file, &Reading::default(), &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.id, "POL-1");
        assert_eq!(doc.values["type"], "topic-specific-policy");
        assert_eq!(doc.values["approved_on"], "2026-01-05");
        let span = doc.spans["approved_on"];
        assert_eq!(&text[span.start..span.end], "2026-01-05");
        let names: Vec<&str> = doc.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(names, ["Purpose", "Scope"]);
        assert_eq!(&text[doc.headings[0].span.start..doc.headings[0].span.end], "# Purpose");
    }

    #[test]
    fn yaml_front_matter_errors_are_located() {
        let text = "---\nid: X\ntitle: [unclosed\n---\nbody\n";
        let file = SourceFile::new("p.md", text);
        let mut problems = Problems::default();
        assert!(load(file.clone(), &Reading::default(), &mut problems).is_none());
        let p = &problems.0[0];
        assert_eq!(file.line_col(p.span.unwrap().start).line, 4);
    }
}

#[cfg(test)]
mod control_line_tests {
    use super::*;
    use crate::tree::Node;

    #[test]
    fn a_plain_documents_control_in_a_sentence() {
        let text = "# Information security policy\n\nVersion 1.2, approved by the Partners' Board on 3 March 2026. Next review March 2027.\n\nBody.\n";
        let (entries, _, _) = body_control(text, &Reading::default()).unwrap();
        let got: Vec<(String, String)> = entries
            .iter()
            .map(|(k, n)| (k.name.clone(), n.as_str().unwrap_or("").to_string()))
            .collect();
        let mut got = got;
        got.sort();
        assert_eq!(
            got,
            [
                ("approved by".to_string(), "Partners' Board".to_string()),
                ("approved on".into(), "3 March 2026".into()),
                ("next review".into(), "March 2027".into()),
                ("version".into(), "1.2".into()),
            ]
        );
        for (_, n) in &entries {
            assert_eq!(&text[n.span.start..n.span.end], n.as_str().unwrap());
        }
        let value = |entries: &[(crate::tree::Key, Node)], name: &str| {
            entries
                .iter()
                .find(|(k, _)| k.name == name)
                .and_then(|(_, n)| n.as_str().map(String::from))
        };
        let text = "# Remote working\n\nVersion 1.0, approved by [name] on [date].\n";
        let (entries, _, _) = body_control(text, &Reading::default()).unwrap();
        assert_eq!(value(&entries, "approved by").as_deref(), Some("[name]"));
        assert_eq!(value(&entries, "approved on").as_deref(), Some("[date]"));
        // In italics, wrapped, the date after a comma, on behalf of someone.
        let text = "# Scope\n\n*Version 2.0. Approved by the Chief Executive on behalf of the Board,\n18 February 2026. Next review February 2027.*\n";
        let (entries, _, _) = body_control(text, &Reading::default()).unwrap();
        assert_eq!(value(&entries, "approved by").as_deref(), Some("Chief Executive"));
        assert_eq!(value(&entries, "approved on").as_deref(), Some("18 February 2026"));
        assert_eq!(value(&entries, "next review").as_deref(), Some("February 2027"));
        assert_eq!(value(&entries, "version").as_deref(), Some("2.0"));
        for (_, n) in &entries {
            assert_eq!(&text[n.span.start..n.span.end], n.as_str().unwrap());
        }
    }

    /// Where documents state their control, however they state it.
    #[test]
    fn a_documents_control_wherever_it_is_stated() {
        let read = |text: &str| -> (Vec<(String, String)>, &'static str) {
            let (entries, _, source) = body_control(text, &Reading::default()).unwrap();
            for (_, n) in &entries {
                if let Some(v) = n.as_str() {
                    assert_eq!(&text[n.span.start..n.span.end], v, "{text}");
                }
            }
            let mut got: Vec<(String, String)> = entries
                .iter()
                .map(|(k, n)| (k.name.clone(), n.as_str().unwrap_or("").to_string()))
                .collect();
            got.sort();
            (got, source)
        };
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
        };
        // A Notion export's page properties: one paragraph of lines.
        let notion = "# Access Policy\n\nOwner: Liam Doherty\nStatus: Approved\nApprover: Priya Raman\nApproved on: January 12, 2026\nNext review: January 12, 2027\nTags: People, Policy\n\nBody text.\n";
        assert_eq!(
            read(notion),
            (
                pairs(&[
                    ("Approved on", "January 12, 2026"),
                    ("Approver", "Priya Raman"),
                    ("Next review", "January 12, 2027"),
                    ("Owner", "Liam Doherty"),
                    ("Status", "Approved"),
                    ("Tags", "People, Policy"),
                ]),
                "property list"
            )
        );
        // pandoc's bold labels, a paragraph each, hard line breaks.
        let pandoc = "# Backup Standard\n\n**Document Owner:** Jane Roe\\\n**Version:** 2.1\n\n**Approved by:** Tom Hale\n\n## 1. Purpose\n";
        assert_eq!(
            read(pandoc).0,
            pairs(&[
                ("Approved by", "Tom Hale"),
                ("Document Owner", "Jane Roe"),
                ("Version", "2.1")
            ])
        );
        // A table at the end, under a heading naming it.
        let end = "# Policy\n\n## 1. Purpose\n\nText.\n\n## Document control\n\n| Field | Value |\n|---|---|\n| Owner | Head of IT |\n| Version | 3 |\n";
        assert_eq!(
            read(end),
            (
                pairs(&[("Owner", "Head of IT"), ("Version", "3")]),
                "document-control table"
            )
        );
        // A footer sentence.
        let footer =
            "# Policy\n\n## Purpose\n\nText.\n\n---\n\nOwner: Dana Smith · approved by the CEO on 4 May 2026.\n";
        let (got, _) = read(footer);
        assert!(got.contains(&("approved by".into(), "CEO".into())), "{got:?}");
        assert!(got.contains(&("owner".into(), "Dana Smith".into())), "{got:?}");
        assert!(got.contains(&("approved on".into(), "4 May 2026".into())), "{got:?}");
        // A table of page properties with no field in it, then the
        // control table: the second is the one.
        let confluence = "# SoA\n\n| Page | Space |\n|---|---|\n| 12 | ISMS |\n\n| Owner | CISO |\n|---|---|\n| Status | Approved |\n";
        assert_eq!(read(confluence).0, pairs(&[("Owner", "CISO"), ("Status", "Approved")]));
        // Body sentences further down are not a control statement.
        let body = "# Policy\n\n## Purpose\n\nThis procedure is approved by the manager on request.\n\n## Scope\n\nAll staff.\n";
        assert!(body_control(body, &Reading::default()).is_none());
    }
}
