//! A document's front-matter entries read into its fields: each key to its
//! field (typed and checked), sections left empty dropped from the body,
//! and the span of the sentence a value was read from.

use super::headings::{bold_title, is_numbered_section};
use super::{Document, Reading, headings};
use crate::config::kinds::DOCUMENT_FIELDS;
use crate::diag::Problems;
use crate::source::{SourceFile, Span};
use crate::tree::{Kind, Node};
use crate::workspace::fields::{coerce, normalise_name, read_field};
use crate::workspace::note_head::stem;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Reads the metadata entries (front matter keys, or the rows of a
/// document-control table) onto the document fields.
pub(super) fn read_entries(
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
        review_inputs: Vec::new(),
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
        && let Some((s, e)) = crate::workspace::dates::find(&by, reading.context.dates)
        && let Ok(Some(date)) = crate::workspace::dates::read(&by[s..e], reading.context.dates)
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
            Value::from(crate::workspace::meaning::infer_type(title, &file.name)),
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
    doc.prompts = crate::workspace::meaning::prompts_in(&file.text, body_start, record);
    doc.links = crate::workspace::meaning::relative_links(&file.text, body_start);
    doc.mentions = crate::workspace::meaning::mentions(&file.text, reading.context.dates)
        .into_iter()
        .map(|(topic, date, elsewhere, at)| (topic, date, elsewhere, Span::new(at, at)))
        .collect();
    if doc
        .values
        .get("title")
        .and_then(Value::as_str)
        .is_some_and(crate::workspace::meaning::names_objectives)
    {
        doc.objectives = crate::workspace::meaning::listed_objectives(&file.text, body_start);
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
    doc.review_inputs = crate::workspace::meaning::review_inputs(&body);
    doc.topics = crate::workspace::meaning::policy_topics(&body)
        .into_iter()
        .map(|(topic, at)| (topic, sentence_span(&file.text, body_start + at)))
        .collect();
    doc.values.insert("front_matter".into(), Value::Object(rest));
    doc
}

/// The text with every ATX heading whose section (up to the next heading)
/// holds no text blanked out, keeping every byte's place.
pub(super) fn without_empty_sections(body: &str) -> String {
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
pub(super) fn name_of(key: &str) -> String {
    key.trim().to_lowercase().replace(['_', ' '], "-")
}

/// The span of the line holding a byte offset (a topic's sentence is shown
/// by its line).
pub(super) fn sentence_span(text: &str, at: usize) -> Span {
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
