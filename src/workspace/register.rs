//! Loading one register file (TOML, CSV, YAML or JSON) into records whose
//! fields are checked against the register kind and keep their spans.

use super::fields::{normalise_name, read_field};
use crate::config::kinds::{Field, RegisterKind};
use crate::config::{Format, RegisterEntry};
use crate::diag::{Problem, Problems, did_you_mean};
use crate::source::{SourceFile, Span};
use crate::tree::{Key, Kind, Node, parse_csv_with, parse_json, parse_toml, parse_yaml};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::Arc;

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
    placeholders: &super::values::Placeholders,
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
    let syntax = |e: crate::tree::SyntaxError, what: &str| {
        Problem::new(
            "register::syntax",
            format!("{} is not valid {what}: {}", file.name, e.message),
        )
        .at(&file, e.span)
    };
    // (record span, keys and values) for every record, whatever the format.
    // Keys are shared: a CSV header key serves every row without a copy.
    let mut header: Vec<Rc<Key>> = Vec::new();
    let rows: Vec<Row> = match format {
        Format::Csv => match parse_csv_with(&file.text, entry.delimiter.map_or(b',', |d| d.byte())) {
            Ok(table) => {
                header = table.header.into_iter().map(Rc::new).collect();
                table
                    .rows
                    .into_iter()
                    .map(|(span, cells)| (span, header.iter().cloned().zip(cells).collect()))
                    .collect()
            }
            Err(e) => {
                problems.push(syntax(e, "CSV"));
                return register;
            }
        },
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
            match records_of(kind, root) {
                Ok((items, others)) => {
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
                        .into_iter()
                        .filter_map(|item| {
                            let (span, found) = (item.span, item.type_name());
                            match item.kind {
                                Kind::Table(entries) => {
                                    Some((span, entries.into_iter().map(|(k, v)| (Rc::new(k), v)).collect()))
                                }
                                _ => {
                                    problems.push(
                                        Problem::new(
                                            "register::wrong-type",
                                            format!("a {} record must be a table, found {found}", kind.item()),
                                        )
                                        .at(&file, span),
                                    );
                                    None
                                }
                            }
                        })
                        .collect()
                }
                Err(message) => {
                    problems.push(
                        Problem::new("register::shape", message)
                            .at(&file, Span::new(root_start, root_start))
                            .help(shape_help(kind, format)),
                    );
                    return register;
                }
            }
        }
    };

    // Map the file's own names onto built-in fields once per register.
    let mapping: HashMap<String, &str> = entry
        .columns
        .iter()
        .map(|(from, to)| (normalise_name(from), to.as_str()))
        .collect();
    let extra: Vec<String> = entry.extra.iter().map(|e| normalise_name(e)).collect();
    // What each name written in the file means, worked out once per name.
    let mut meanings: HashMap<String, Meaning> = HashMap::new();
    let mut meaning = |name: &str| -> Meaning {
        if let Some(m) = meanings.get(name) {
            return *m;
        }
        let n = normalise_name(name);
        let target = mapping.get(&n).copied().unwrap_or(n.as_str());
        let m = match kind.field(target) {
            Some(f) => Meaning::Field(f),
            None if extra.contains(&n) => Meaning::Extra,
            None => Meaning::Unknown,
        };
        meanings.insert(name.to_string(), m);
        m
    };

    // A CSV file states its columns once, in the header: report there.
    let mut header_fields: Vec<&'static str> = Vec::new();
    for key in &header {
        match meaning(&key.name) {
            Meaning::Unknown => problems.push(unknown_field(kind, &key.name, &file, key.span)),
            Meaning::Field(f) if header_fields.contains(&f.name) => problems.push(duplicate_field(f, &file, key.span)),
            Meaning::Field(f) => header_fields.push(f.name),
            Meaning::Extra => {}
        }
    }

    let mut shared = super::shared::Shared::default();
    let file_name = shared.text(&file.name);
    for (span, entries) in rows {
        let mut spans: Vec<(&'static str, Span)> = Vec::with_capacity(entries.len());
        let mut values: BTreeMap<regorus::Value, regorus::Value> = BTreeMap::new();
        let mut extras = Map::new();
        // Fields whose value was reported as bad are not also "missing".
        let mut invalid: Vec<&'static str> = Vec::new();
        for (key, node) in &entries {
            match meaning(&key.name) {
                Meaning::Field(field) => {
                    if spans.iter().any(|(name, _)| *name == field.name) {
                        // CSV reported it once, at the header.
                        if format != Format::Csv {
                            problems.push(duplicate_field(field, &file, key.span));
                        }
                        continue;
                    }
                    spans.push((field.name, node.span));
                    let name = || format!("{} `{}`", kind.item(), field.name);
                    match read_field(
                        field,
                        node,
                        placeholders,
                        ("register::placeholder", "register::bad-value"),
                        (&file, &name),
                    ) {
                        Ok(Some(v)) => {
                            values.insert(shared.text(field.name), shared.value(&v));
                        }
                        Ok(None) => {
                            spans.pop();
                        }
                        Err(p) => {
                            invalid.push(field.name);
                            problems.push(*p);
                        }
                    }
                }
                Meaning::Unknown => {
                    if format != Format::Csv {
                        problems.push(unknown_field(kind, &key.name, &file, key.span));
                    }
                }
                Meaning::Extra => {
                    // Empty cells count as absent, for extra columns too.
                    if !matches!(&node.kind, Kind::Null) && node.as_str().is_none_or(|s| !s.trim().is_empty()) {
                        extras.insert(key.name.clone(), node.to_json());
                    }
                }
            }
        }
        if !extras.is_empty() {
            values.insert(shared.text("extra"), shared.value(&Value::Object(extras)));
        }
        let mut complete = true;
        for field in kind.fields().iter().filter(|f| f.required) {
            if !values.contains_key(&regorus::Value::from(field.name)) && !invalid.contains(&field.name) {
                complete = false;
                let column = entry
                    .columns
                    .iter()
                    .find(|(_, to)| to.as_str() == field.name)
                    .map(|(from, _)| from.as_str());
                let message = match column {
                    Some(col) => format!("{} is missing `{}` (column `{col}`)", kind.item(), field.name),
                    None => format!("{} is missing `{}`", kind.item(), field.name),
                };
                let at = if span.end > span.start {
                    crate::tree::char_at(&file.text, span.start)
                } else {
                    span
                };
                problems.push(
                    Problem::new("register::missing-field", message)
                        .at(&file, at)
                        .label("in this record")
                        .help(format!("{}: {}", field.name, field.doc)),
                );
            }
        }
        let id = match values.get(&regorus::Value::from("id")) {
            Some(regorus::Value::String(id)) => id.to_string(),
            _ => String::new(),
        };
        if complete || !id.is_empty() {
            values.insert(shared.text("_file"), file_name.clone());
            register.records.push(Record {
                id,
                span,
                spans,
                values: regorus::Value::from(values),
            });
        }
    }
    register
}

/// One record as read: its span, and each key (shared) with its value.
type Row = (Span, Vec<(Rc<Key>, Node)>);

/// What a column or key name of a register file stands for.
#[derive(Debug, Clone, Copy)]
enum Meaning {
    Field(&'static Field),
    Extra,
    Unknown,
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

/// The field names a TOML, YAML or JSON register's records use, in the
/// order first seen (what `isms adopt` maps); CSV headers are read as such.
pub(crate) fn record_keys(
    kind: RegisterKind,
    format: Format,
    delimiter: u8,
    text: &str,
) -> Result<Vec<String>, String> {
    let root = match format {
        Format::Toml => parse_toml(text),
        Format::Yaml => parse_yaml(text),
        Format::Json => parse_json(text),
        Format::Csv => {
            let table = parse_csv_with(text, delimiter).map_err(|e| e.message)?;
            return Ok(table.header.into_iter().map(|k| k.name).collect());
        }
    }
    .map_err(|e| e.message)?;
    let (records, _) = records_of(kind, root)?;
    let mut keys: Vec<String> = Vec::new();
    for record in records {
        if let Kind::Table(entries) = record.kind {
            for (key, _) in entries {
                if !keys.contains(&key.name) {
                    keys.push(key.name);
                }
            }
        }
    }
    Ok(keys)
}

/// Finds the records in a parsed file: a top-level array, or an array under
/// the kind's item key (`[[risk]]`, `risk:`). Other top-level keys are
/// returned so that they can be reported rather than silently ignored.
fn records_of(kind: RegisterKind, root: Node) -> Result<(Vec<Node>, Vec<Key>), String> {
    match root.kind {
        Kind::Array(items) => Ok((items, Vec::new())),
        Kind::Table(entries) => {
            let item = kind.item();
            let mut records = None;
            let mut others = Vec::new();
            for (key, value) in entries {
                if records.is_none() && (key.name == item || key.name == kind.name()) {
                    records = Some((key, value));
                } else {
                    others.push(key);
                }
            }
            match records {
                Some((
                    _,
                    Node {
                        kind: Kind::Array(items),
                        ..
                    },
                )) => Ok((items, others)),
                Some((k, other)) => Err(format!(
                    "`{}` must be a list of {item} records, found {}",
                    k.name,
                    other.type_name()
                )),
                None if others.is_empty() => Ok((Vec::new(), Vec::new())),
                None => Err(format!(
                    "no `{item}` records found (top-level keys: {})",
                    others.iter().map(|k| k.name.as_str()).collect::<Vec<_>>().join(", ")
                )),
            }
        }
        Kind::Null => Ok((Vec::new(), Vec::new())),
        _ => Err(format!(
            "expected a list of {} records, found {}",
            kind.item(),
            root.type_name()
        )),
    }
}
