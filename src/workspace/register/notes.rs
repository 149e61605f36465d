//! Registers kept as a folder of files, a record per file: a note's front
//! matter (`incidents/INC-004.md`) or a data file of its own
//! (`risks/R-007.yaml`), known by its file name unless it states an id.

use super::reader::Reader;
use super::rows::flatten;
use super::{MALFORMED, Register, malformed};
use crate::config::{Format, RegisterEntry};
use crate::diag::{Problem, Problems};
use crate::source::{SourceFile, Span};
use crate::tree::{Key, Kind, Node, parse_toml, parse_yaml};
use std::rc::Rc;
use std::sync::Arc;

/// One note of a folder kept as a register (`incidents/`, a Markdown file
/// per incident): its front matter is the record, known by the note's file
/// name unless it states an id. `None` for a note without front matter (a
/// README beside the notes).
pub fn load_note(
    entry: &RegisterEntry,
    file: Arc<SourceFile>,
    ctx: &crate::workspace::values::Context,
    problems: &mut Problems,
) -> Option<Register> {
    let (toml, inner, block) = crate::workspace::note_head::front_matter(&file.text)?;
    let what = if toml { "TOML" } else { "YAML" };
    if block.end == usize::MAX {
        problems.push(
            Problem::new(MALFORMED, format!("{}: the front matter is not closed", file.name))
                .at(&file, Span::new(0, 3))
                .help("end the front matter with a line of its own fence (`---`)"),
        );
        return None;
    }
    let text = file.text.get(inner.start..inner.end)?;
    let parsed = if toml { parse_toml(text) } else { parse_yaml(text) };
    let mut root = match parsed {
        Ok(root) => root,
        Err(mut e) => {
            e.span = Span::new(e.span.start + inner.start, e.span.end + inner.start);
            problems.push(malformed(&file, e, what));
            return None;
        }
    };
    crate::workspace::note_head::shift(&mut root, inner.start);
    let Kind::Table(entries) = root.kind else {
        return None;
    };
    one_record(entry, file, ctx, (entries, block, Some(block.end)), problems)
}

/// One record kept as a data file of its own in a folder kept as a
/// register (`risks/R-007.yaml`): the file's keys are the record, known by
/// the file's name unless it states an id. `None` for a file that is no
/// one record (a list, a scalar), which is said.
pub fn load_record_file(
    entry: &RegisterEntry,
    file: Arc<SourceFile>,
    ctx: &crate::workspace::values::Context,
    problems: &mut Problems,
) -> Option<Register> {
    let format = Format::from_path(&file.name)?;
    let (parsed, what) = match format {
        Format::Json => (crate::tree::parse_json(&file.text), "JSON"),
        Format::Toml => (parse_toml(&file.text), "TOML"),
        _ => (parse_yaml(&file.text), "YAML"),
    };
    let root = match parsed {
        Ok(root) => root,
        Err(e) => {
            problems.push(malformed(&file, e, what));
            return None;
        }
    };
    let span = root.span;
    match root.kind {
        Kind::Table(entries) => one_record(entry, file, ctx, (entries, span, None), problems),
        _ => {
            problems.push(
                Problem::new(
                    MALFORMED,
                    format!(
                        "{}: not one {} (a file of this folder is one record)",
                        file.name,
                        entry.kind.item()
                    ),
                )
                .at(&file, span)
                .help("keep one record per file here, its fields as keys; or a list of records as one register file"),
            );
            None
        }
    }
}

/// The record of a note or a record file: its keys, the id from the file's
/// name and the title from its first heading where it states none, and
/// what the note's body says (`body`: where it starts).
pub(super) fn one_record(
    entry: &RegisterEntry,
    file: Arc<SourceFile>,
    ctx: &crate::workspace::values::Context,
    (entries, block, body): (Vec<(Key, Node)>, Span, Option<usize>),
    problems: &mut Problems,
) -> Option<Register> {
    let mut reader = Reader::new(entry, &file, ctx);
    let mut entries: Vec<(Key, Node)> = flatten(entries);
    let entry_of = |name: &str, span: Span, value: &str| {
        (
            Key {
                name: name.into(),
                span,
            },
            Node::new(span, Kind::Str(value.to_string())),
        )
    };
    if !reader.names_field(&entries, "id") {
        // Known by the note's name (`NC-002.md` is NC-002).
        entries.insert(
            0,
            entry_of("id", Span::new(0, 0), crate::workspace::note_head::stem(&file.name)),
        );
    }
    if let Some(body) = body {
        if !reader.names_field(&entries, "title")
            && entry.kind.fields().iter().any(|f| f.name == "title")
            && let Some((span, heading)) = crate::workspace::note_head::first_title_heading(&file.text, body)
        {
            // Titled by its heading (`# Webhook events sent to the wrong customer`).
            entries.push(entry_of("title", span, heading));
        }
        // What the body says of what the front matter leaves out (`##
        // Lessons learned`, `**Root cause:** …`, the postmortem held).
        for (field, span, value) in crate::workspace::note_body::fields(entry.kind, &file.text, body) {
            // Prose under a heading the kind keeps no field for is prose.
            if !reader.names_field(&entries, field) && entry.kind.field(field).is_some() {
                entries.push(entry_of(field, span, &value));
            }
        }
    }
    let entries: Vec<(Rc<Key>, Node)> = entries.into_iter().map(|(k, v)| (Rc::new(k), v)).collect();
    let record = reader.record(block, &entries, Format::Yaml, problems)?;
    Some(Register {
        kind: entry.kind,
        file,
        records: vec![record],
    })
}
