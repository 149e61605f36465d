//! Markdown documents: front matter (TOML between `+++` lines, YAML between
//! `---` lines) checked against the document fields, and the headings of
//! the body, each with its span.

use super::fields::{coerce, normalise_name, read_field};
use crate::config::kinds::DOCUMENT_FIELDS;
use crate::diag::{Problem, Problems};
use crate::source::{SourceFile, Span};
use crate::tree::{Kind, Node, parse_toml, parse_yaml};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

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

/// A file's name without its folders and its extension: the id of a
/// document or a note that states none (`NC-002.md` is `NC-002`, `R-007.yaml`
/// is `R-007`); a Notion export's page id after the name (`Access Control
/// Policy 2e3f…7b.md`) is no part of it.
pub(crate) fn stem(name: &str) -> &str {
    let file = name.rsplit('/').next().unwrap_or(name);
    let file = [".md", ".MD", ".markdown", ".yaml", ".yml", ".json", ".toml"]
        .iter()
        .find_map(|ext| file.strip_suffix(ext))
        .unwrap_or(file);
    match file.rsplit_once(' ') {
        Some((page, id)) if !page.trim().is_empty() && id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) => {
            page.trim_end()
        }
        _ => file,
    }
}

/// The first top-level heading (`# Title`) from `from` on: its span in
/// the text, and its words.
pub(crate) fn first_title_heading(text: &str, from: usize) -> Option<(Span, &str)> {
    let mut pos = from;
    for line in text.get(from..)?.split_inclusive('\n') {
        let t = line.trim_end();
        if let Some(h) = t.strip_prefix("# ").map(str::trim).filter(|h| !h.is_empty()) {
            let at = pos + (t.len() - h.len());
            return Some((Span::new(at, at + h.len()), h));
        }
        pos += line.len();
    }
    None
}

/// Where the front matter is: (format is TOML, inner text span, block span).
pub(crate) fn front_matter(text: &str) -> Option<(bool, Span, Span)> {
    let (fence, toml) = if text.starts_with("+++") {
        ("+++", true)
    } else if text.starts_with("---") {
        ("---", false)
    } else {
        return None;
    };
    let first_end = text.find('\n')?;
    if text.get(..first_end)?.trim_end() != fence {
        return None;
    }
    let inner_start = first_end + 1;
    let mut pos = inner_start;
    for line in text.get(inner_start..)?.split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some((toml, Span::new(inner_start, pos), Span::new(0, pos + line.len())));
        }
        pos += line.len();
    }
    // An opening fence with no closing one: report it as unterminated.
    Some((toml, Span::new(inner_start, text.len()), Span::new(0, usize::MAX)))
}

pub(crate) fn shift(node: &mut Node, by: usize) {
    node.span = Span::new(node.span.start + by, node.span.end + by);
    match &mut node.kind {
        Kind::Array(items) => items.iter_mut().for_each(|n| shift(n, by)),
        Kind::Table(entries) => entries.iter_mut().for_each(|(k, v)| {
            k.span = Span::new(k.span.start + by, k.span.end + by);
            shift(v, by);
        }),
        _ => {}
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

/// Reads the metadata entries (front matter keys, or the rows of a
/// document-control table) onto the document fields.
fn read_entries(
    file: &Arc<SourceFile>,
    reading: &Reading,
    entries: Vec<(crate::tree::Key, Node)>,
    (block, body_start, source): (Span, usize, &'static str),
    problems: &mut Problems,
) -> Document {
    let file = Arc::clone(file);
    let mut doc = Document {
        file: Arc::clone(&file),
        id: String::new(),
        id_derived: false,
        metadata: source,
        topics: Vec::new(),
        prompts: Vec::new(),
        links: Vec::new(),
        broken_links: Vec::new(),
        objectives: Vec::new(),
        mentions: Vec::new(),
        front_span: Span::new(block.start, block.end),
        spans: HashMap::new(),
        values: Map::new(),
        headings: Vec::new(),
    };
    let mut rest = Map::new();
    let mut invalid = Vec::new();
    for (key, node) in &entries {
        let name = normalise_name(&key.name);
        rest.insert(key.name.clone(), node.to_json());
        doc.spans.insert(name.clone(), node.span);
        let target = reading.fields.get(&name).unwrap_or(&name);
        let Some(field) = DOCUMENT_FIELDS.iter().find(|f| f.name == target) else {
            continue;
        };
        doc.spans.insert(field.name.to_string(), node.span);
        let name = || format!("{source} `{}`", key.name);
        // A yes/no key named by a value of the field (`draft: true` for the
        // status): that value when yes, nothing when no.
        let named_value;
        let node = match (&node.kind, field.ty) {
            (Kind::Bool(yes), crate::config::kinds::FieldType::Enum(values))
                if values
                    .iter()
                    .any(|v| v.split('=').next() == Some(name_of(&key.name).as_str())) =>
            {
                if !yes {
                    continue;
                }
                named_value = Node::new(node.span, Kind::Str(name_of(&key.name)));
                &named_value
            }
            _ => node,
        };
        // A type of the organisation's own (`ISMS`, `Richtlinie`) or a
        // blank: the document is what its title says (below); the word is
        // kept in `front_matter`.
        // `Policy` alone says a policy, not which: the title tells the
        // information security policy from a topic-specific one.
        if field.name == "type"
            && node.as_str().is_some_and(|t| {
                !crate::workspace::fields::is_vocabulary_value(field, t) || t.trim().eq_ignore_ascii_case("policy")
            })
        {
            continue;
        }
        match read_field(
            field,
            node,
            &reading.context,
            ("document::placeholder", "document::bad-value"),
            (&file, &name),
        ) {
            Ok(Some(v)) => {
                doc.values.insert(field.name.to_string(), v);
            }
            Ok(None) => {}
            Err(p) => {
                invalid.push(field.name);
                problems.push(*p);
            }
        }
    }
    // `Approved by: Javier Olmos, Director General — 12/03/2026`: who, and
    // when beside it (when no date of approval is stated apart).
    if !doc.values.contains_key("approved_on")
        && let Some(Value::String(by)) = doc.values.get("approved_by").cloned()
        && let Some((s, e)) = super::dates::find(&by, reading.context.dates)
        && let Ok(Some(date)) = super::dates::read(&by[s..e], reading.context.dates)
    {
        let who = by[..s]
            .trim_end_matches([' ', ',', '-', '—', '–', '(', ';', ':'])
            .trim();
        let at = doc.spans.get("approved_by").copied();
        if let Some(at) = at {
            doc.spans
                .insert("approved_on".into(), Span::new(at.start + s, at.start + e));
        }
        doc.values.insert("approved_on".into(), Value::from(date));
        if !who.is_empty() {
            if let Some(at) = at {
                doc.spans
                    .insert("approved_by".into(), Span::new(at.start, at.start + who.len()));
            }
            doc.values.insert("approved_by".into(), Value::from(who.to_string()));
        }
    }
    doc.headings = headings(&file.text, body_start);
    let stem = stem(&file.name);
    // A document without a `title` is titled by its first top-level
    // heading, else its first heading, else its file name.
    if !doc.values.contains_key("title") && !invalid.contains(&"title") {
        let heading = doc
            .headings
            .iter()
            .find(|h| h.level == 1)
            .or_else(|| doc.headings.first())
            .filter(|h| !h.text.is_empty())
            // A numbered section (`1.0 Purpose`, `1. Introduction`) is no
            // title: a Word document's title is a bold line above it.
            .filter(|h| !is_numbered_section(&h.text));
        let bold_title = heading
            .is_none()
            .then(|| bold_title(&file.text, body_start, &reading.context.organisation))
            .flatten();
        if let Some((title, span)) = bold_title {
            doc.values.insert("title".into(), Value::from(title));
            doc.spans.insert("title".into(), span);
        } else {
            match heading {
                Some(h) => {
                    doc.values.insert("title".into(), Value::from(h.text.clone()));
                    doc.spans.insert("title".into(), h.span);
                }
                None => {
                    doc.values
                        .insert("title".into(), Value::from(stem.replace(['-', '_'], " ")));
                }
            }
        }
    }
    // Defaults by path, for what the document does not state.
    for (set, values) in &reading.defaults {
        if !set.is_match(&file.name) {
            continue;
        }
        for (name, value) in values {
            let Some(field) = DOCUMENT_FIELDS.iter().find(|f| f.name == name) else {
                continue;
            };
            if doc.values.contains_key(field.name) || invalid.contains(&field.name) {
                continue;
            }
            let node = Node::new(Span::new(0, 0), Kind::Str(value.clone()));
            if let Ok(Some(v)) = coerce(field, &node, &reading.context) {
                doc.values.insert(field.name.to_string(), v);
            }
        }
    }
    // A document that does not say what it is, is what its title, file
    // name and folder say (`other` when they say nothing): documented
    // information either way, never "missing a type".
    if !doc.values.contains_key("type") && !invalid.contains(&"type") {
        let title = doc.values.get("title").and_then(Value::as_str).unwrap_or("");
        doc.values.insert(
            "type".into(),
            Value::from(super::meaning::infer_type(title, &file.name)),
        );
    }
    // A document without an id is known by its file name (made unique by
    // its path when names repeat, see `workspace::load_documents`).
    if !doc.values.contains_key("id") && !invalid.contains(&"id") {
        doc.values.insert("id".into(), Value::from(stem));
        doc.id_derived = true;
    }
    if let Some(Value::String(id)) = doc.values.get("id") {
        doc.id = id.clone();
    }
    let record = matches!(
        doc.values.get("type").and_then(Value::as_str),
        Some("minutes" | "record")
    );
    doc.prompts = super::meaning::prompts_in(&file.text, body_start, record);
    doc.links = super::meaning::relative_links(&file.text, body_start);
    doc.mentions = super::meaning::mentions(&file.text, reading.context.dates)
        .into_iter()
        .map(|(topic, date, elsewhere, at)| (topic, date, elsewhere, Span::new(at, at)))
        .collect();
    if doc
        .values
        .get("title")
        .and_then(Value::as_str)
        .is_some_and(super::meaning::names_objectives)
    {
        doc.objectives = super::meaning::listed_objectives(&file.text, body_start);
    }
    // The topics the document's own words state: a template's prompt that
    // mentions objectives states none.
    let mut body = file.text.get(body_start..).unwrap_or("").to_string();
    for (_, span) in &doc.prompts {
        let (from, to) = (span.start - body_start, span.end - body_start);
        if let Some(text) = body.get(from..to) {
            let blank = " ".repeat(text.len());
            body.replace_range(from..to, &blank);
        }
    }
    // A heading over nothing but prompts states nothing either.
    let body = without_empty_sections(&body);
    doc.topics = super::meaning::policy_topics(&body)
        .into_iter()
        .map(|(topic, at)| (topic, sentence_span(&file.text, body_start + at)))
        .collect();
    doc.values.insert("front_matter".into(), Value::Object(rest));
    doc
}

/// The text with every ATX heading whose section (up to the next heading)
/// holds no text blanked out, keeping every byte's place.
fn without_empty_sections(body: &str) -> String {
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let is_heading = |l: &str| crate::tree::markdown::atx_heading(l.trim_start()).is_some();
    let mut out = String::with_capacity(body.len());
    for (i, line) in lines.iter().enumerate() {
        let empty_section = is_heading(line)
            && lines
                .iter()
                .skip(i + 1)
                .take_while(|l| !is_heading(l))
                .all(|l| l.trim().is_empty());
        if empty_section {
            let text = line.trim_end_matches('\n');
            out.extend(std::iter::repeat_n(' ', text.len()));
            out.push_str(&line[text.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// A key's name as a value would spell it (`Draft` → `draft`).
fn name_of(key: &str) -> String {
    key.trim().to_lowercase().replace(['_', ' '], "-")
}

/// The span of the line holding a byte offset (a topic's sentence is shown
/// by its line).
fn sentence_span(text: &str, at: usize) -> Span {
    let at = at.min(text.len());
    let start = text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let mut s = start;
    // Past blank lines to the text.
    while text.get(s..).is_some_and(|t| t.starts_with(['\n', '\r'])) {
        s += 1;
    }
    let end = text.get(s..).and_then(|t| t.find('\n')).map_or(text.len(), |i| s + i);
    Span::new(s, text.get(s..end).map_or(end, |l| s + l.trim_end().len()))
}

/// The metadata keys a Markdown file states, with a sample value each: its
/// front-matter keys, or the rows of its document-control table (those
/// naming a field of `reading`). Empty when it has neither. For `isms
/// adopt`.
pub fn metadata_keys(text: &str, reading: &Reading) -> Vec<(String, String)> {
    let sample = |node: &Node| {
        let v = node.to_json();
        v.as_str().map_or_else(|| v.to_string(), String::from)
    };
    match front_matter(text) {
        Some((is_toml, inner, block)) if block.end != usize::MAX => {
            let inner_text = text.get(inner.start..inner.end).unwrap_or("");
            let parsed = if is_toml {
                parse_toml(inner_text)
            } else {
                parse_yaml(inner_text)
            };
            match parsed.ok().as_ref().and_then(|r| r.as_table()) {
                Some(entries) => entries.iter().map(|(k, n)| (k.name.clone(), sample(n))).collect(),
                None => Vec::new(),
            }
        }
        Some(_) => Vec::new(),
        None => body_control(text, reading)
            .map(|(rows, _, _)| rows.iter().map(|(k, n)| (k.name.clone(), sample(n))).collect())
            .unwrap_or_default(),
    }
}

/// Whether a Markdown file's metadata is only a sentence (a plain
/// document's control), for `isms adopt`.
pub fn has_control_line(text: &str, reading: &Reading) -> bool {
    front_matter(text).is_none() && body_control(text, reading).is_some_and(|(_, _, s)| s == CONTROL_LINE)
}

const CONTROL_LINE: &str = "document-control line";

type Entries = Vec<(crate::tree::Key, Node)>;

/// A document's control stated in its body, where documents state it:
/// under the title (before its first section), in a section named for it
/// ("Document control", "Dokumentenlenkung", "Información del
/// documento"), at its very end (a footer). In each place, a table of
/// `| label | value |` rows, a list of `Label: value` lines (a Notion
/// export's properties, pandoc's `**Owner:** …`), or sentences ("Version
/// 1.2, approved by the Board on 3 March 2026"). What the first place
/// states wins; the others add what it leaves out. The source named is
/// the first place's.
fn body_control(text: &str, reading: &Reading) -> Option<(Entries, Span, &'static str)> {
    // Pandoc's grid tables read as pipe tables (every span the same).
    let text = &*crate::tree::markdown::grid_as_pipes(text);
    let mut out: Option<(Entries, Span, &'static str)> = None;
    for (region, sentences) in control_regions(text) {
        let found = control_table(text, region, reading)
            .map(|(e, s)| (e, s, "document-control table"))
            .or_else(|| property_list(text, region, reading).map(|(e, s)| (e, s, "property list")))
            .or_else(|| control_line(text, region, sentences).map(|(e, s)| (e, s, CONTROL_LINE)));
        let Some((entries, span, source)) = found else { continue };
        match &mut out {
            None => out = Some((entries, span, source)),
            Some((have, _, first)) => {
                // A table or list found later outranks sentences read first.
                if *first == CONTROL_LINE && source != CONTROL_LINE {
                    *first = source;
                }
                // What the first place states is not stated again: a field
                // given there is not given by another label elsewhere.
                let field = |label: &str| reading.field_of(label).unwrap_or_else(|| normalise_name(label));
                for (k, n) in entries {
                    let f = field(&k.name);
                    if !have.iter().any(|(h, _)| field(&h.name) == f) {
                        have.push((k, n));
                    }
                }
            }
        }
    }
    out
}

/// Headings of a section that states a document's control.
const CONTROL_SECTIONS: &[&str] = &[
    // (Confluence's page properties macro, exported.)
    "page properties",
    "properties",
    "metadata",
    "documentgegevens",
    "document control",
    "document information",
    "document details",
    "document properties",
    "document metadata",
    "about this document",
    "version control",
    "approval",
    "approvals",
    "document approval",
    "dokumentenlenkung",
    "dokumentinformation",
    "dokumentinformationen",
    "dokumentensteuerung",
    "freigabe",
    "contrôle du document",
    "contrôle documentaire",
    "informations sur le document",
    "gestion documentaire",
    "control del documento",
    "control de documentos",
    "información del documento",
    "control documental",
    "documentbeheer",
    "documentinformatie",
    "controllo del documento",
    "informazioni sul documento",
];

/// The places a document states its control, as byte ranges of its text,
/// each with whether any paragraph of it may be read as sentences (not
/// only its first): under the title, up to the first section (sentences:
/// its first paragraph only); each section whose heading names the
/// document's control, up to the next heading; the last paragraph of the
/// document.
fn control_regions(text: &str) -> Vec<((usize, usize), bool)> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut pos = 0;
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        }
        if !fenced {
            lines.push((pos, line));
        }
        pos += line.len();
    }
    fn heading(l: &str) -> Option<(usize, &str)> {
        let t = l.trim_start();
        let level = t.chars().take_while(|c| *c == '#').count();
        (level > 0 && level <= 6 && t[level..].starts_with([' ', '\t'])).then(|| (level, t[level..].trim()))
    }
    let mut regions = Vec::new();
    // Under the title: from after the first heading (or the start, when
    // the text opens with its control) to the next heading.
    let first = lines.iter().position(|(_, l)| heading(l).is_some());
    let start_at = match first {
        Some(i) if lines[..i].iter().all(|(_, l)| l.trim().is_empty()) => i + 1,
        Some(_) => 0,
        None => 0,
    };
    // (A line above the title, `**AYUNTAMIENTO DE VALDEMORA**` over `#
    // ALCANCE …`, a Word letterhead: the title's own place runs on to the
    // next heading after it.)
    let after = match first {
        Some(i) if start_at == 0 => i + 1,
        _ => start_at,
    };
    let end_at = lines[after.min(lines.len())..]
        .iter()
        .position(|(_, l)| heading(l).is_some())
        .map_or(lines.len(), |n| after + n)
        .min(after + CONTROL_TABLE_WITHIN);
    if start_at < end_at {
        let from = lines[start_at].0;
        let to = lines.get(end_at).map_or(text.len(), |(p, _)| *p);
        regions.push(((from, to), false));
    }
    // Sections named for it.
    for (i, (_, l)) in lines.iter().enumerate() {
        let Some((level, words)) = heading(l) else { continue };
        let words = words
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
            .trim_matches(['*', '_', ':'])
            .to_lowercase();
        if !CONTROL_SECTIONS.contains(&words.as_str()) {
            continue;
        }
        let end = lines[i + 1..]
            .iter()
            .position(|(_, l)| heading(l).is_some_and(|(lv, _)| lv <= level))
            .map_or(lines.len(), |n| i + 1 + n);
        if i + 1 < end {
            let from = lines[i + 1].0;
            let to = lines.get(end).map_or(text.len(), |(p, _)| *p);
            regions.push(((from, to), true));
        }
    }
    // The last paragraph (a footer), when it is not a heading.
    let mut last = lines.len();
    while last > 0 && lines[last - 1].1.trim().is_empty() {
        last -= 1;
    }
    let mut first_of_last = last;
    while first_of_last > 0 && !lines[first_of_last - 1].1.trim().is_empty() {
        first_of_last -= 1;
    }
    // (A short page's footer sits inside the region under its title, whose
    // first paragraph only is read: read on its own too.)
    if first_of_last < last
        && first_of_last > start_at
        && !lines[first_of_last..last].iter().any(|(_, l)| heading(l).is_some())
    {
        let from = lines[first_of_last].0;
        let to = lines.get(last).map_or(text.len(), |(p, _)| *p);
        if !regions.iter().any(|((f, t), every)| *every && *f <= from && to <= *t) {
            regions.push(((from, to), true));
        }
    }
    regions
}

/// A list of `Label: value` lines (at least two naming document fields):
/// a Notion export's page properties under the title, pandoc's
/// `**Document Owner:** Jane Doe`, a `- Owner: …` list. The lines may be
/// one paragraph or several; every label is kept (those that name no
/// field for the organisation's own rules).
fn property_list(text: &str, (from, to): (usize, usize), reading: &Reading) -> Option<(Entries, Span)> {
    use regex::Regex;
    use std::sync::LazyLock;
    static LINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(
            // (A letter is `[^\W\d_]`: the regex crate is built with
            // `unicode-perl` only.)
            // (A quoted block's `> ` too: a wiki page's metadata.)
            r"^[ \t]*(?:>[ \t]*)?(?:[-*+][ \t]+)?(?:\*\*|__)?([^\W\d_][\w /&'’().\-]{0,40}?)(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*(.*?)[ \t]*(?:\\|[ \t]{2,})?[ \t]*$",
        )
        .ok()
    });
    // A pandoc simple table's row, converted from Word: a bold label, then
    // its value after spaces (`  **Aprobado por**   Junta de Gobierno`).
    static BOLD: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^[ \t]*(?:\*\*|__)([^\W\d_][^*_:]{0,40}?)(?:\*\*|__)[ \t]+(\S.*?)[ \t]*$").ok());
    let re = LINE.as_ref()?;
    let bold = BOLD.as_ref()?;
    let region = text.get(from..to)?;
    let mut rows: Entries = Vec::new();
    let mut known = 0;
    let (mut start, mut end) = (None, 0);
    let mut pos = from;
    for line in region.split_inclusive('\n') {
        let here = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            continue;
        }
        let Some(caps) = re.captures(body).or_else(|| bold.captures(body)) else {
            // (A pandoc table's rule of dashes between its rows.)
            if start.is_some() && !is_rule(body) {
                break;
            }
            continue;
        };
        let (Some(label), Some(value)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        // `http://…`, `Note: …` sentences: a label is a few words.
        let label_text = label.as_str().trim();
        if label_text.split_whitespace().count() > 5 || value.as_str().starts_with("//") {
            if start.is_some() {
                break;
            }
            continue;
        }
        let value_text = value.as_str().trim_end_matches(['*', '_', ' ']).trim();
        let value_start = here + value.start();
        if reading.field_of(label_text).is_some() {
            known += 1;
        }
        start.get_or_insert(here);
        end = here + body.len();
        rows.push((
            crate::tree::Key {
                name: label_text.to_string(),
                span: Span::new(here + label.start(), here + label.end()),
            },
            Node::new(
                Span::new(value_start, value_start + value_text.len()),
                if value_text.is_empty() {
                    Kind::Null
                } else {
                    Kind::Str(value_text.to_string())
                },
            ),
        ));
    }
    (known >= 2).then(|| (rows, Span::new(start.unwrap_or(from), end)))
}

/// The statements of a plain document's control in the first paragraph
/// under its title — "Version 1.2, approved by the Partners' Board on 3
/// March 2026. Next review March 2027." — as entries with the spans of
/// their values, named by the fields they fill (`version`, `approved by`,
/// `approved on`, `next review`, `owner`), and the paragraph's span.
fn control_line(text: &str, (from, to): (usize, usize), every_paragraph: bool) -> Option<(Entries, Span)> {
    // The first paragraph of the place (every one, in a section or footer
    // of its own), until one states something.
    let region = text.get(from..to)?;
    let mut paragraphs: Vec<(usize, usize)> = Vec::new();
    let mut pos = from;
    let mut current: Option<(usize, usize)> = None;
    for line in region.split_inclusive('\n') {
        let here = pos;
        pos += line.len();
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with('|') {
            if let Some(p) = current.take() {
                paragraphs.push(p);
            }
            continue;
        }
        let end = here + line.trim_end().len();
        match &mut current {
            Some((_, e)) => *e = end,
            None => current = Some((here, end)),
        }
    }
    paragraphs.extend(current);
    if !every_paragraph {
        paragraphs.truncate(1);
    }
    // Away from the title, a paragraph states the document's control only
    // when it says two things of it ("approved by the Managing Director on
    // 24/04/2026"), not one in passing.
    let least = if every_paragraph { 2 } else { 1 };
    paragraphs
        .into_iter()
        .filter_map(|(start, end)| control_sentences(text, start, end))
        .find(|(entries, _)| entries.len() >= least)
}

/// A line of dashes (and the spaces between a pandoc table's columns).
fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| c == '-' || c == ' ' || c == '=')
}

/// The statements of a document's control in one paragraph, [`control_line`].
fn control_sentences(text: &str, start: usize, end: usize) -> Option<(Entries, Span)> {
    use regex::Regex;
    use std::sync::LazyLock;
    // A value ends at a full stop followed by a space or the line's end
    // (not the dot inside `1.2`), or at a semicolon.
    const END: &str = r"(?:[.;](?:\s|$)|;|\s[·•|]\s|$)";
    static PATTERNS: LazyLock<Vec<(Regex, [&'static str; 2])>> = LazyLock::new(|| {
        let p = |re: String, names: [&'static str; 2]| Regex::new(&re).ok().map(|r| (r, names));
        [
            p(r"\bversion\s*:?\s*(v?\d+(?:\.\d+)*)".into(), ["version", ""]),
            // `approved by X on D`, `approved by X, D`, `approved on D by
            // X`: the approval's words, split below into who and when.
            p(
                format!(r"\b(?:approved|authori[sz]ed|signed off|agreed|adopted|issued|effective)\s+((?:by|on|from)\s.+?)\s*{END}"),
                ["approval", ""],
            ),
            // `Aprobado por Javier Olmos, 12/03/2026`, `Approuvé par …`,
            // `Genehmigt von …`: who, then when.
            p(
                format!(r"\b(?:aprobado|aprobada|approuvé|approuvée|genehmigt|freigegeben|approvato|approvata|goedgekeurd)\s+(?:por|par|von|durch|da|door)\s+(.+?)\s*{END}"),
                ["approval", ""],
            ),
            // `Approved: Daniel Okafor, 12/02/2026`, `Approved 20/03/2026
            // by Daniel Okafor`.
            p(
                format!(r"\b(?:approved|authori[sz]ed|signed off)(?:\s+by)?\s*:\s*(.+?)\s*{END}"),
                ["approval", ""],
            ),
            p(
                format!(r"\b(?:approved|authori[sz]ed|signed off)\s+(\d.+?)\s*{END}"),
                ["approval", ""],
            ),
            p(format!(r"\bnext review(?:\s+(?:due|date|by|on))?\s*:?\s*(.+?)\s*{END}"), ["next review", ""]),
            // `Status: Approved`, `Statut : en vigueur`.
            p(format!(r"^\s*(?:document\s+)?(?:status|statut|estado|stato)\s*:\s*(.+?)\s*{END}"), ["status", ""]),
            p(format!(r"\b(?:review due|due for review|review by)\s*:?\s*(.+?)\s*{END}"), ["next review", ""]),
            p(format!(r"\b(?:document\s+)?owner\s*:\s*(.+?)\s*{END}"), ["owner", ""]),
        ]
        .into_iter()
        .flatten()
        .collect()
    });
    let para = text.get(start..end)?;
    // Matched in ASCII lower case (the same length, so the places found are
    // the text's own); the values are taken from the text as written.
    // Lines of the paragraph read as one (a statement wrapped onto the
    // next line), in the same bytes.
    // A line that opens with a label of its own (`Date of meeting: …`,
    // `Approved by …`) starts a new statement: the line break before it
    // ends the value before (a `;`, the same length).
    static LABEL: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"^[\s>*_]*(?:[^\W\d_][\w /&'’().\-]{0,40}?[*_]*\s*:|(?:approved|authori[sz]ed|signed off|version|next review|review|owner|document owner|issue|ref)\b)").ok()
    });
    let mut lower = para.to_ascii_lowercase();
    let breaks: Vec<usize> = lower.match_indices('\n').map(|(i, _)| i).collect();
    for i in breaks {
        let next = lower.get(i + 1..).unwrap_or("");
        let labelled = LABEL.as_ref().is_some_and(|re| re.is_match(next));
        lower.replace_range(i..i + 1, if labelled { ";" } else { " " });
    }
    let lower = lower.replace('\r', " ");
    let mut entries: Vec<(crate::tree::Key, Node)> = Vec::new();
    for (re, names) in PATTERNS.iter() {
        for caps in re.captures_iter(&lower) {
            for (i, name) in names.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
                let Some(m) = caps.get(i + 1) else { continue };
                if entries.iter().any(|(k, _)| k.name == *name) {
                    continue;
                }
                if *name == "approval" {
                    // A rule the text states ("exceptions must be approved
                    // by the CISO"), not the document's own approval.
                    let before = lower.get(..caps.get(0).map_or(0, |c| c.start())).unwrap_or("");
                    let before = before.trim_end();
                    if [
                        "must be",
                        "shall be",
                        "should be",
                        "to be",
                        "will be",
                        "may be",
                        "can be",
                        "must",
                        "shall",
                    ]
                    .iter()
                    .any(|m| before.ends_with(m))
                    {
                        continue;
                    }
                    for (field, from, to) in approval_parts(para, m.start(), m.end()) {
                        if entries.iter().any(|(k, _)| k.name == field) {
                            continue;
                        }
                        push_value(&mut entries, (para, start), field, from..to);
                    }
                    continue;
                }
                push_value(&mut entries, (para, start), name, m.range());
            }
        }
    }
    (!entries.is_empty()).then(|| (entries, Span::new(start, end)))
}

/// An entry of a control statement: its value as written between `from`
/// and `to` of the paragraph, emphasis markers and closing stops trimmed.
fn push_value(
    entries: &mut Vec<(crate::tree::Key, Node)>,
    (para, start): (&str, usize),
    name: &str,
    std::ops::Range { start: from, end: to }: std::ops::Range<usize>,
) {
    let raw = para.get(from..to).unwrap_or("");
    let lead = raw.len() - raw.trim_start_matches([' ', '*', '_']).len();
    let mut value = raw
        .trim_start_matches([' ', '*', '_'])
        .trim_end_matches([' ', '*', '_', '.', ',', ';'])
        .to_string();
    // `(next review 09/2025)`: the bracket closes the remark, not the value.
    while value.ends_with(')') && value.matches('(').count() < value.matches(')').count() {
        value.pop();
        value.truncate(value.trim_end_matches([' ', '.', ',', ';']).len());
    }
    if value.is_empty() {
        return;
    }
    let at = start + from + lead;
    entries.push((
        crate::tree::Key {
            name: name.to_string(),
            span: Span::new(at, at + value.len()),
        },
        Node::new(Span::new(at, at + value.len()), Kind::Str(value)),
    ));
}

/// Who and when of an approval's words (`by the Chief Executive on behalf
/// of the Board, 18 February 2026`, `on 3 March 2026 by the Board`): the
/// `approved by` and `approved on` entries' places in the paragraph.
fn approval_parts(para: &str, from: usize, to: usize) -> Vec<(&'static str, usize, usize)> {
    let words = para.get(from..to).unwrap_or("");
    let lower = words.to_ascii_lowercase().replace(['\n', '\r'], " ");
    let mut out = Vec::new();
    let date = crate::workspace::dates::find(words, None).or_else(|| {
        // A blank where the date belongs: `on [date]`.
        let at = lower.find(" on ")? + 4;
        let rest = words.get(at..)?;
        let end = rest.find([' ', ',', '.']).unwrap_or(rest.len());
        crate::workspace::values::is_placeholder(rest.get(..end)?).then_some((at, at + end))
    });
    if let Some((s, e)) = date {
        out.push(("approved on", from + s, from + e));
    }
    // Who: after `by`, up to the date (or ` on `, `, `), the article dropped.
    if let Some(by) = lower.find("by ").filter(|&b| b == 0 || lower[..b].ends_with(' ')) {
        let mut who_start = by + 3;
        if lower[who_start..].starts_with("the ") {
            who_start += 4;
        }
        let mut who_end = words.len();
        if let Some((s, _)) = date.filter(|(s, _)| *s > who_start) {
            who_end = who_end.min(s);
        }
        for stop in [
            " on ", ", ", " dated ", "; ", " el ", " le ", " am ", " il ", " op ", " em ",
        ] {
            if let Some(at) = lower[who_start..who_end].find(stop) {
                who_end = who_start + at;
            }
        }
        if who_end > who_start {
            out.push(("approved by", from + who_start, from + who_end));
        }
    } else if !lower.starts_with("on ")
        && !lower.starts_with("from ")
        && !lower.starts_with(|c: char| c.is_ascii_digit())
    {
        // `Daniel Okafor, 12/02/2026` after `Approved:`: who, then when.
        let mut who_end = words.len();
        if let Some((s, _)) = date {
            who_end = who_end.min(s);
        }
        for stop in [" on ", " dated ", "; ", " el ", " le ", " am ", " il ", " op ", " em "] {
            if let Some(at) = lower[..who_end].find(stop) {
                who_end = at;
            }
        }
        let who = words[..who_end].trim_end_matches([' ', ',', ';', '-', '–', '(']);
        if !who.trim().is_empty() {
            out.push(("approved by", from, from + who.len()));
        }
    }
    out
}

/// How far under its title a document's control may be looked for.
const CONTROL_TABLE_WITHIN: usize = 40;

/// A document-control table in a place of a document ([`control_regions`]):
/// the first Markdown table whose rows are `| field | value |`, at least
/// two of them naming document fields (built in, or mapped by `[documents]
/// fields`). Its rows become entries with the spans of their cells; a table
/// whose header row is itself a field row counts that row too.
fn control_table(text: &str, (from, to): (usize, usize), reading: &Reading) -> Option<(Entries, Span)> {
    let region = text.get(from..to)?;
    let mut pos = from;
    // The rows of the table being read (separator rows left out).
    let mut table: Vec<Vec<(String, Span)>> = Vec::new();
    let mut start = None;
    let mut end = 0;
    for line in region.split_inclusive('\n') {
        let here = pos;
        pos += line.len();
        let trimmed = line.trim();
        let is_row = trimmed.starts_with('|') && trimmed.len() > 1;
        if !is_row {
            if let Some(s) = start.take() {
                // The end of a table: it is the one, or the next may be.
                if let Some(entries) = table_entries(&table, reading) {
                    return Some((entries, Span::new(s, end)));
                }
                table.clear();
            }
            continue;
        }
        start.get_or_insert(here);
        end = here + line.trim_end().len();
        let cells = cells(line, here);
        // The separator row `|---|---|`.
        if cells
            .iter()
            .all(|(c, _)| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        {
            continue;
        }
        table.push(cells);
    }
    let start = start?;
    table_entries(&table, reading).map(|entries| (entries, Span::new(start, end)))
}

/// The document's control a table gives: its `| field | value |` rows
/// (two at least naming document fields), or a sign-off table across
/// (`| Version | Approved by | Last reviewed | Next review |` over its
/// rows): the header's fields from its last row, the version in force.
fn table_entries(table: &[Vec<(String, Span)>], reading: &Reading) -> Option<Entries> {
    let known = |label: &str| reading.field_of(label.trim_matches('*').trim());
    let entry = |(label, label_span): &(String, Span), (value, value_span): &(String, Span)| {
        (
            crate::tree::Key {
                name: label.trim_matches('*').trim().to_string(),
                span: *label_span,
            },
            Node::new(
                *value_span,
                if value.is_empty() {
                    Kind::Null
                } else {
                    Kind::Str(value.trim_matches('*').trim().to_string())
                },
            ),
        )
    };
    let rows: Entries = table
        .iter()
        .filter_map(|cells| match &cells[..] {
            [label, value, ..] if known(&label.0).is_some() => Some(entry(label, value)),
            _ => None,
        })
        .collect();
    if rows.len() >= 2 {
        return Some(rows);
    }
    // Across: a header naming at least two fields, one of them the sign-off
    // (who approved, or when it is reviewed).
    let (header, data) = table.split_first()?;
    let fields: Vec<Option<String>> = header.iter().map(|(h, _)| known(h)).collect();
    let signs_off = fields
        .iter()
        .flatten()
        .any(|f| matches!(f.as_str(), "approved_by" | "next_review" | "last_reviewed"));
    if fields.iter().flatten().count() < 2 || !signs_off {
        return None;
    }
    let last = data
        .iter()
        .rev()
        .find(|cells| cells.iter().any(|(c, _)| !c.is_empty()))?;
    let entries: Entries = header
        .iter()
        .zip(last)
        .zip(&fields)
        .filter(|(_, f)| f.is_some())
        .map(|((h, v), _)| entry(h, v))
        .collect();
    (entries.len() >= 2).then_some(entries)
}

/// The cells of a table row with the spans of their trimmed text.
fn cells(line: &str, at: usize) -> Vec<(String, Span)> {
    let body = line.trim_end_matches(['\n', '\r']);
    let mut out = Vec::new();
    let mut cell_start: Option<usize> = None;
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == b'|' {
            if let Some(s0) = cell_start {
                let raw = &body[s0..i];
                let lead = raw.len() - raw.trim_start().len();
                let text = raw.trim();
                out.push((text.to_string(), Span::new(at + s0 + lead, at + s0 + lead + text.len())));
            }
            cell_start = Some(i + 1);
        }
        i += 1;
    }
    out
}

/// Whether a heading is a numbered section (`1.0 Purpose`, `1. Scope`,
/// `2 Roles`), not a document's title.
fn is_numbered_section(heading: &str) -> bool {
    let t = heading.trim();
    let number: String = t.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    number.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t[number.len()..].starts_with([' ', '\t'])
        && crate::workspace::fields::leading_control(t).is_none()
}

/// A Word document's title: the first paragraph in bold alone (`**ISP-001
/// Information Security Policy**`) before the first heading, that is not
/// the organisation's letterhead (its name, or in capitals a company's).
fn bold_title(text: &str, body_start: usize, organisation: &str) -> Option<(String, Span)> {
    let mut pos = body_start;
    for line in text.get(body_start..)?.split_inclusive('\n') {
        let at = pos;
        pos += line.len();
        let t = line.trim();
        if t.starts_with('#') || t.starts_with('|') || t.starts_with('+') {
            break;
        }
        let Some(inner) = t
            .strip_prefix("**")
            .and_then(|r| r.strip_suffix("**"))
            .or_else(|| t.strip_prefix("__").and_then(|r| r.strip_suffix("__")))
        else {
            continue;
        };
        let inner = inner.trim();
        let letters: Vec<char> = inner.chars().filter(|c| c.is_alphabetic()).collect();
        let letterhead = (!organisation.is_empty() && inner.eq_ignore_ascii_case(organisation.trim()))
            || (letters.iter().all(|c| c.is_uppercase())
                && ["ltd", "limited", "gmbh", "inc", "plc", "llc", "sa", "bv", "ag"]
                    .iter()
                    .any(|w| {
                        inner
                            .to_lowercase()
                            .split_whitespace()
                            .any(|x| x.trim_matches('.') == *w)
                    }));
        if inner.is_empty() || letterhead || inner.contains("**") {
            continue;
        }
        let lead = line.find(inner).unwrap_or(0);
        return Some((inner.to_string(), Span::new(at + lead, at + lead + inner.len())));
    }
    None
}

/// The headings of the body (ATX and setext; not inside code blocks).
fn headings(text: &str, body_start: usize) -> Vec<Heading> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let body = text.get(body_start..).unwrap_or("");
    let mut out = Vec::new();
    let mut current: Option<(u8, String, Span)> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let span = Span::new(range.start + body_start, range.end + body_start);
                current = Some((level as u8, String::new(), span));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s, _)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, span)) = current.take() {
                    let span = Span::new(span.start, span.end);
                    out.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        span: trim_span(body_start, body, span),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

fn trim_span(body_start: usize, body: &str, span: Span) -> Span {
    let local = body.get(span.start - body_start..span.end - body_start).unwrap_or("");
    let trimmed = local.trim_end_matches(['\n', '\r']);
    Span::new(span.start, span.start + trimmed.len())
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
