//! Loading one register file (TOML, CSV, YAML, JSON or a Markdown table),
//! or one note of a folder kept as a register (its front matter), into
//! records whose fields are checked against the register kind and keep
//! their spans.

use super::fields::normalise_name;
use crate::config::kinds::{Field, RegisterKind};
use crate::config::{Format, RegisterEntry};
use crate::diag::{Problem, Problems, did_you_mean};
use crate::source::{SourceFile, Span};
use crate::tree::{CsvRows, Key, Kind, Node, parse_json, parse_toml, parse_yaml};
use serde_json::{Map, Value};
use std::rc::Rc;
use std::sync::Arc;

mod matrix;
mod notes;
mod reader;
mod record;
mod rows;

pub use notes::*;
use reader::*;
pub use rows::*;

/// One record of a register.
#[derive(Debug, Clone)]
pub struct Record {
    /// The record's id (for the SoA, the normalised control id).
    pub id: String,
    /// The span of the whole record (a CSV row, a `[[risk]]` table).
    pub span: Span,
    /// Built-in field name → the span of its value, in the order read.
    pub spans: Vec<(&'static str, Span)>,
    /// The checked values as the rules see them, one object: extra columns
    /// under `extra`, the file's path under `_file` (see [`super::shared`]).
    pub values: regorus::Value,
}

impl Record {
    /// The span of a built-in field's value, if the record has one.
    pub fn span_of(&self, field: &str) -> Option<Span> {
        self.spans
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, span)| *span)
    }

    /// A value of the record, by field name.
    pub fn get(&self, field: &str) -> Option<&regorus::Value> {
        match &self.values {
            regorus::Value::Object(map) => map.get(&regorus::Value::from(field)),
            _ => None,
        }
    }

    /// The record as plain JSON (`isms input`, the evidence pack).
    pub fn to_json(&self) -> Map<String, Value> {
        match super::shared::json(&self.values) {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}

/// A loaded register file.
#[derive(Debug)]
pub struct Register {
    pub kind: RegisterKind,
    pub file: Arc<SourceFile>,
    pub records: Vec<Record>,
}

/// Parses a register file and checks every record; all problems are
/// collected.
pub fn load(
    entry: &RegisterEntry,
    file: Arc<SourceFile>,
    ctx: &super::values::Context,
    problems: &mut Problems,
) -> Register {
    let kind = entry.kind;
    let mut register = Register {
        kind,
        file: Arc::clone(&file),
        records: Vec::new(),
    };
    let format = entry
        .format
        .or_else(|| Format::from_path(&entry.path))
        .unwrap_or(Format::Csv);
    let syntax = |e: crate::tree::SyntaxError, what: &str| malformed(&file, e, what);
    let mut reader = Reader::new(entry, &file, ctx);
    match format {
        Format::Csv => {
            let (header, rows) = match CsvRows::new(&file.text, entry.delimiter.map_or(b',', |d| d.byte())) {
                Ok(parsed) => parsed,
                Err(e) => {
                    problems.push(syntax(e, "CSV"));
                    return register;
                }
            };
            reader.table(header, rows, "CSV", (&mut register, problems));
        }
        Format::Markdown => {
            let tables = crate::tree::markdown::tables(&file.text);
            // Under the heading named (or anywhere), the table whose header
            // names the register's columns: a page often opens with a table
            // of its own properties under the same heading (a Confluence
            // page's), before the register.
            let known: Vec<String> = entry
                .columns
                .keys()
                .chain(entry.extra.iter())
                .map(|c| normalise_name(c))
                .chain(kind.fields().iter().map(|f| f.name.to_string()))
                .collect();
            let fit = |t: &&crate::tree::markdown::MdTable| {
                t.header
                    .iter()
                    .filter(|k| known.contains(&normalise_name(&k.name)))
                    .count()
            };
            let under: Vec<&crate::tree::markdown::MdTable> = tables
                .iter()
                .filter(|t| {
                    entry.table.as_ref().is_none_or(|name| {
                        t.heading
                            .as_deref()
                            .is_some_and(|h| normalise_name(h) == normalise_name(name))
                    })
                })
                .collect();
            let best = under.iter().map(fit).max().unwrap_or(0);
            let table = under.iter().find(|t| fit(t) == best).copied();
            let Some(table) = table else {
                let under: Vec<String> = tables
                    .iter()
                    .filter_map(|t| t.heading.as_ref().map(|h| format!("`{h}`")))
                    .collect();
                let message = match (&entry.table, under.is_empty()) {
                    (Some(name), false) => format!(
                        "{} has no table under a heading `{name}` (its tables are under {})",
                        file.name,
                        under.join(", ")
                    ),
                    (Some(name), true) => format!("{} has no table under a heading `{name}`", file.name),
                    (None, _) => format!("{} holds no Markdown table", file.name),
                };
                problems.push(
                    Problem::new(MALFORMED, message)
                        .at(&file, Span::new(0, 0))
                        .help("a register kept in Markdown is a pipe table: a header row, a delimiter row `|---|---|`, then one row per record"),
                );
                return register;
            };
            let rows = table.records();
            reader.table(table.header.clone(), rows, "Markdown", (&mut register, problems));
        }
        Format::Toml | Format::Yaml | Format::Json => {
            let parsed = match format {
                Format::Toml => parse_toml(&file.text).map_err(|e| syntax(e, "TOML")),
                Format::Yaml => parse_yaml(&file.text).map_err(|e| syntax(e, "YAML")),
                _ => parse_json(&file.text).map_err(|e| syntax(e, "JSON")),
            };
            let root = match parsed {
                Ok(root) => root,
                Err(p) => {
                    problems.push(p);
                    return register;
                }
            };
            let root_start = root.span.start;
            let items = match records_of(kind, entry.records.as_deref(), root) {
                Ok((items, others)) => {
                    // An export's other keys (its metadata) beside the
                    // records named by `records` are not records.
                    let others = if entry.records.is_some() { Vec::new() } else { others };
                    for key in others {
                        problems.push(
                            Problem::new(
                                "register::unknown-key",
                                format!(
                                    "unexpected top-level key `{}` in the {} register",
                                    key.name,
                                    kind.name()
                                ),
                            )
                            .at(&file, key.span)
                            .help(format!(
                                "records go under `{}`; nothing else belongs at the top level",
                                kind.item()
                            )),
                        );
                    }
                    items
                }
                Err(message) => {
                    problems.push(
                        Problem::new("register::shape", message)
                            .at(&file, Span::new(root_start, root_start))
                            .help(shape_help(kind, format)),
                    );
                    return register;
                }
            };
            // A list kept without ids (assets known by their name): its
            // records are known by their line, as a table's are.
            reader.line_ids = !items.is_empty()
                && items.iter().all(|item| match &item.kind {
                    Kind::Table(entries) => !reader.names_field(entries, "id"),
                    _ => true,
                });
            for item in items {
                let (span, found) = (item.span, item.type_name());
                match item.kind {
                    Kind::Table(entries) => {
                        let entries: Vec<(Rc<Key>, Node)> =
                            flatten(entries).into_iter().map(|(k, v)| (Rc::new(k), v)).collect();
                        if let Some(record) = reader.record(span, &entries, format, problems) {
                            register.records.push(record);
                        }
                    }
                    _ => problems.push(
                        Problem::new(
                            "register::wrong-type",
                            format!("a {} record must be a table, found {found}", kind.item()),
                        )
                        .at(&file, span),
                    ),
                }
            }
        }
    }
    register
}

/// The code of a register that cannot be read whole: a syntax error, a
/// row wider than its header, an unterminated quote. A finding
/// (ISMS-VALUE-004) beside every other: the rest of the ISMS is checked.
pub const MALFORMED: &str = "register::malformed";

fn malformed(file: &Arc<SourceFile>, e: crate::tree::SyntaxError, what: &str) -> Problem {
    Problem::new(MALFORMED, format!("{} is not valid {what}: {}", file.name, e.message))
        .at(file, e.span)
        .label("here")
        .help("correct the file here; the records it could not read are left out of the check")
}

fn duplicate_field(field: &Field, file: &Arc<SourceFile>, span: Span) -> Problem {
    Problem::new(
        "register::duplicate-field",
        format!("field `{}` is given twice", field.name),
    )
    .at(file, span)
    .help("two columns or keys map onto the same built-in field; check `columns` in isms.toml")
}

fn unknown_field(kind: RegisterKind, name: &str, file: &Arc<SourceFile>, span: Span) -> Problem {
    let names: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
    let mut p = Problem::new(
        "register::unknown-field",
        format!("`{name}` is not a field of the {} register", kind.name()),
    )
    .at(file, span);
    p = match did_you_mean(&normalise_name(name), names.iter().copied()) {
        Some(s) => p.help(format!(
            "did you mean `{s}`? To keep your own name, map it in isms.toml: columns = {{ \"{name}\" = \"{s}\" }}; or keep it for your own rules with extra = [\"{name}\"]"
        )),
        None => p.help(format!("map it onto a field with `columns`, or keep it for your own rules with `extra = [\"{name}\"]` (fields: {})", names.join(", "))),
    };
    p
}

fn shape_help(kind: RegisterKind, format: Format) -> String {
    let item = kind.item();
    match format {
        Format::Toml => format!("write each record as a [[{item}]] table"),
        Format::Yaml => format!("write a list of records, or `{item}:` followed by a list"),
        _ => format!("write an array of objects, or {{\"{item}\": [ … ]}}"),
    }
}
