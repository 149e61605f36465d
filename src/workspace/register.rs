//! Loading one register file (TOML, CSV, YAML, JSON or a Markdown table),
//! or one note of a folder kept as a register (its front matter), into
//! records whose fields are checked against the register kind and keep
//! their spans.

use super::fields::{normalise_name, read_rego};
use crate::config::kinds::{Field, RegisterKind};
use crate::config::{Format, RegisterEntry};
use crate::diag::{Problem, Problems, did_you_mean};
use crate::source::{SourceFile, Span};
use crate::tree::{CsvRows, Key, Kind, Node, parse_json, parse_toml, parse_yaml};
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

/// One note of a folder kept as a register (`incidents/`, a Markdown file
/// per incident): its front matter is the record, known by the note's file
/// name unless it states an id. `None` for a note without front matter (a
/// README beside the notes).
pub fn load_note(
    entry: &RegisterEntry,
    file: Arc<SourceFile>,
    ctx: &super::values::Context,
    problems: &mut Problems,
) -> Option<Register> {
    let (toml, inner, block) = super::document::front_matter(&file.text)?;
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
    super::document::shift(&mut root, inner.start);
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
    ctx: &super::values::Context,
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
fn one_record(
    entry: &RegisterEntry,
    file: Arc<SourceFile>,
    ctx: &super::values::Context,
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
        entries.insert(0, entry_of("id", Span::new(0, 0), super::document::stem(&file.name)));
    }
    if let Some(body) = body {
        if !reader.names_field(&entries, "title")
            && entry.kind.fields().iter().any(|f| f.name == "title")
            && let Some((span, heading)) = super::document::first_title_heading(&file.text, body)
        {
            // Titled by its heading (`# Webhook events sent to the wrong customer`).
            entries.push(entry_of("title", span, heading));
        }
        // What the body says of what the front matter leaves out (`##
        // Lessons learned`, `**Root cause:** …`, the postmortem held).
        for (field, span, value) in super::note_body::fields(entry.kind, &file.text, body) {
            if !reader.names_field(&entries, field) {
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

/// What one register's records are read with: the meaning of each name
/// its file uses, and the values its columns have produced so far.
struct Reader<'e> {
    entry: &'e RegisterEntry,
    file: &'e Arc<SourceFile>,
    ctx: &'e super::values::Context,
    /// `columns` of isms.toml, by normalised name (a column mapped onto
    /// several fields: the first; and each of its parts by its own name).
    mapping: HashMap<String, &'e str>,
    /// Columns mapped onto several fields, by normalised name: each cell is
    /// read as one part per field.
    compound: HashMap<String, Vec<&'static Field>>,
    /// A table with no id column: each record is known by its line.
    line_ids: bool,
    /// Text fields two columns give (`Reason for inclusion`, `Reason for
    /// exclusion`): a record filling both is the mapping's mistake, said
    /// once, at the second column's header.
    coalesced: Vec<&'static str>,
    /// `extra` of isms.toml, normalised.
    extra: Vec<String>,
    /// What each name written in the file means, worked out once per name.
    meanings: HashMap<String, Meaning, foldhash::fast::RandomState>,
    /// The key met last at each place of a record, and its meaning: a
    /// CSV file's records share their header's keys, so a key is known by
    /// its allocation without hashing its name. (The key is held, so no
    /// other key can take its address.)
    at_place: Vec<(Rc<Key>, Meaning)>,
    shared: super::shared::Shared,
    /// The built-in fields' names as the rules read them, made once.
    keys: Vec<regorus::Value>,
    /// The place of each of `keys`, then of `extra` and `_file`, in the
    /// order of the record's keys: a record's values are put in that order
    /// and built into its object in one pass, not inserted one by one.
    ranks: Vec<usize>,
    /// Which of `keys` is `id`.
    id_column: Option<usize>,
    /// `_file`, and the file's path: its value in every record.
    file_key: regorus::Value,
    file_name: regorus::Value,
    columns: super::shared::Columns,
}

impl<'e> Reader<'e> {
    fn new(entry: &'e RegisterEntry, file: &'e Arc<SourceFile>, ctx: &'e super::values::Context) -> Reader<'e> {
        let mut shared = super::shared::Shared::default();
        let keys: Vec<regorus::Value> = entry.kind.fields().iter().map(|f| shared.text(f.name)).collect();
        let mut all: Vec<regorus::Value> = keys.clone();
        all.extend([shared.text("extra"), shared.text("_file")]);
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by(|&a, &b| all[a].cmp(&all[b]));
        let mut ranks = vec![0; all.len()];
        for (rank, &i) in order.iter().enumerate() {
            ranks[i] = rank;
        }
        let mut mapping: HashMap<String, &'e str> = HashMap::new();
        let mut compound: HashMap<String, Vec<&'static Field>> = HashMap::new();
        for (from, to) in &entry.columns {
            let fields = to.fields();
            if let Some(first) = fields.first() {
                mapping.insert(normalise_name(from), first);
            }
            // A list (even of one field): each cell read for its parts.
            if matches!(to, crate::config::ColumnFields::Many(_)) {
                for f in &fields {
                    mapping.insert(normalise_name(&part_key(from, f)), f);
                }
                compound.insert(
                    normalise_name(from),
                    fields.iter().filter_map(|f| entry.kind.field(f)).collect(),
                );
            }
        }
        Reader {
            entry,
            file,
            ctx,
            mapping,
            compound,
            line_ids: false,
            coalesced: Vec::new(),
            extra: entry.extra.iter().map(|e| normalise_name(e)).collect(),
            meanings: HashMap::default(),
            at_place: Vec::new(),
            id_column: entry.kind.fields().iter().position(|f| f.name == "id"),
            file_key: shared.text("_file"),
            file_name: shared.text(&file.name),
            columns: super::shared::Columns::new(keys.len()),
            keys,
            ranks,
            shared,
        }
    }

    /// The records of a table (a CSV file, a Markdown table): the header's
    /// names are judged once, at the header; each row becomes a record. A
    /// malformed row is reported where it is and left out; the rows around
    /// it are read.
    fn table(
        &mut self,
        header: Vec<Key>,
        rows: impl Iterator<Item = Result<(Span, Vec<Node>), crate::tree::SyntaxError>>,
        what: &str,
        (register, problems): (&mut Register, &mut Problems),
    ) {
        let (kind, file) = (self.entry.kind, self.file);
        // A table states its columns once, in the header: report there.
        let mut header_fields: Vec<&'static str> = Vec::new();
        for key in &header {
            match self.meaning(&key.name) {
                Meaning::Unknown => problems.push(unknown_field(kind, &key.name, file, key.span)),
                // Two columns mapped onto one text field (`Reason for
                // inclusion`, `Reason for exclusion`): each record's first
                // filled one is read.
                Meaning::Field(f, _)
                    if header_fields.contains(&f.name)
                        && !(matches!(f.ty, crate::config::kinds::FieldType::Text)
                            && self.mapping.contains_key(&normalise_name(&key.name))) =>
                {
                    problems.push(duplicate_field(f, file, key.span))
                }
                Meaning::Field(f, _) if header_fields.contains(&f.name) => self.coalesced.push(f.name),
                Meaning::Field(f, _) => header_fields.push(f.name),
                Meaning::Extra => {}
            }
        }
        // A log kept without ids (a training log, an incident list): its
        // records are known by their line.
        self.line_ids = !header_fields.contains(&"id");
        // Row by row: the cells of one row are dropped before the next is
        // read.
        // The columns that say which record a row is: its id and the
        // record's required fields (title, owner, scores…).
        let identifying: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, key)| match self.meaning(&key.name) {
                Meaning::Field(f, _) => f.name == "id" || f.required,
                _ => false,
            })
            .map(|(i, _)| i)
            .collect();
        let header: Vec<Rc<Key>> = header.into_iter().map(Rc::new).collect();
        for row in rows {
            match row {
                Ok((_, cells)) if is_section_row(&cells) => {}
                // A row that carries on the one above (`| | | + quarterly
                // phishing simulation | |`: a table cannot merge cells): none
                // of the columns that say which record it is holds anything.
                Ok((_, cells))
                    if identifying.len() >= 2
                        && identifying.iter().all(|&i| {
                            cells
                                .get(i)
                                .is_none_or(|n| n.as_str().is_some_and(|t| t.trim().is_empty()))
                        }) => {}
                Ok((span, cells)) => {
                    let entries: Vec<(Rc<Key>, Node)> = header.iter().cloned().zip(cells).collect();
                    if let Some(record) = self.record(span, &entries, Format::Csv, problems) {
                        register.records.push(record);
                    }
                }
                Err(e) => problems.push(malformed(file, e, what)),
            }
        }
    }

    /// The entries of a record with each cell of a compound column split
    /// into one entry per field, holding that field's part of the cell.
    fn expand(&self, entries: &[(Rc<Key>, Node)]) -> Vec<(Rc<Key>, Node)> {
        let mut out = Vec::with_capacity(entries.len() + 2);
        for (key, node) in entries {
            let Some(fields) = self.compound.get(&normalise_name(&key.name)) else {
                out.push((Rc::clone(key), node.clone()));
                continue;
            };
            for field in fields {
                let part = Rc::new(Key {
                    name: part_key(&key.name, field.name),
                    span: key.span,
                });
                let value = match &node.kind {
                    Kind::Str(text) => match super::fields::part_of(field, text, self.ctx) {
                        Some((from, to)) => {
                            let start = (node.span.start + from).min(node.span.end);
                            let end = (node.span.start + to).min(node.span.end);
                            Node::new(
                                Span::new(start, end),
                                Kind::Str(text.get(from..to).unwrap_or("").to_string()),
                            )
                        }
                        None => Node::new(node.span, Kind::Null),
                    },
                    _ => node.clone(),
                };
                out.push((part, value));
            }
        }
        out
    }

    /// What a column or key name of the file stands for.
    /// Whether a record's keys give the built-in field `field` (by name
    /// or through `columns`).
    fn names_field(&mut self, entries: &[(Key, Node)], field: &str) -> bool {
        entries
            .iter()
            .any(|(k, _)| matches!(self.meaning(&k.name), Meaning::Field(f, _) if f.name == field))
    }

    fn meaning(&mut self, name: &str) -> Meaning {
        if let Some(m) = self.meanings.get(name) {
            return *m;
        }
        let kind = self.entry.kind;
        let n = normalise_name(name);
        let mapped = self.mapping.get(&n).copied();
        let target = mapped.unwrap_or(n.as_str());
        // A column kept as `extra` stays extra even when its name is a
        // field's (a `Status` column of the organisation's own words).
        let m = match kind.fields().iter().position(|f| f.name == target) {
            Some(_) if mapped.is_none() && self.extra.contains(&n) => Meaning::Extra,
            Some(i) => Meaning::Field(&kind.fields()[i], i),
            None if self.extra.contains(&n) => Meaning::Extra,
            None => Meaning::Unknown,
        };
        self.meanings.insert(name.to_string(), m);
        m
    }

    /// [`Reader::meaning`] of the key at place `i` of a record.
    fn meaning_at(&mut self, i: usize, key: &Rc<Key>) -> Meaning {
        if let Some((known, m)) = self.at_place.get(i)
            && Rc::ptr_eq(known, key)
        {
            return *m;
        }
        let m = self.meaning(&key.name);
        if i < self.at_place.len() {
            self.at_place[i] = (Rc::clone(key), m);
        } else if i == self.at_place.len() {
            self.at_place.push((Rc::clone(key), m));
        }
        m
    }

    /// One record from its keys and values, every problem with it reported;
    /// `None` when it is so incomplete that it has neither its required
    /// fields nor an id.
    fn record(
        &mut self,
        span: Span,
        entries: &[(Rc<Key>, Node)],
        format: Format,
        problems: &mut Problems,
    ) -> Option<Record> {
        let (kind, file) = (self.entry.kind, self.file);
        // A column holding two values (`12 Medium`, `Head of IT, 2026-07-14`)
        // becomes one entry per field it maps onto, each its part of the cell.
        let expanded: Vec<(Rc<Key>, Node)>;
        let entries = if self.compound.is_empty() {
            entries
        } else {
            expanded = self.expand(entries);
            &expanded
        };
        let mut spans: Vec<(&'static str, Span)> = Vec::with_capacity(entries.len());
        // (rank, key, value), ranked as the object's keys are ordered.
        let mut values: Vec<(usize, regorus::Value, regorus::Value)> = Vec::with_capacity(self.ranks.len());
        let mut present = vec![false; self.keys.len()];
        let mut id = String::new();
        let mut extras = Map::new();
        // Fields whose value was reported as bad are not also "missing".
        let mut invalid: Vec<&'static str> = Vec::new();
        for (i, (key, node)) in entries.iter().enumerate() {
            match self.meaning_at(i, key) {
                Meaning::Field(field, column) => {
                    if spans.iter().any(|(name, _)| *name == field.name) {
                        // CSV reported it once, at the header; an empty
                        // cell of a second column is nothing.
                        let empty =
                            node.as_str().is_some_and(super::fields::is_blank) || matches!(node.kind, Kind::Null);
                        let table = matches!(format, Format::Csv | Format::Markdown);
                        if !empty && !table {
                            problems.push(duplicate_field(field, file, key.span));
                        } else if !empty && self.coalesced.contains(&field.name) {
                            self.coalesced.retain(|f| *f != field.name);
                            problems.push(duplicate_field(field, file, key.span));
                        }
                        continue;
                    }
                    spans.push((field.name, node.span));
                    let name = || format!("{} `{}`", kind.item(), field.name);
                    let ctx = self.ctx;
                    let shared = &mut self.shared;
                    let mut read = || {
                        read_rego(
                            field,
                            node,
                            (ctx, &mut *shared),
                            ("register::placeholder", "register::bad-value"),
                            (file, &name),
                        )
                    };
                    let value = match &node.kind {
                        Kind::Str(text) => self.columns.value(column, text, read),
                        _ => read(),
                    };
                    match value {
                        Ok(Some(v)) => {
                            if let (Some(key), Some(&rank)) = (self.keys.get(column), self.ranks.get(column)) {
                                if Some(column) == self.id_column
                                    && let regorus::Value::String(s) = &v
                                {
                                    id = s.to_string();
                                }
                                present[column] = true;
                                values.push((rank, key.clone(), v));
                            }
                        }
                        Ok(None) => {
                            spans.pop();
                            // A date field holding a recurrence or `ongoing`
                            // (a commitment with no one date) is kept as
                            // written, under `extra`.
                            if matches!(
                                field.ty,
                                crate::config::kinds::FieldType::Date | crate::config::kinds::FieldType::DateTime
                            ) && let Kind::Str(text) = &node.kind
                                && !super::fields::is_blank(text)
                            {
                                extras.insert(field.name.to_string(), Value::from(text.trim()));
                            }
                        }
                        Err(p) => {
                            invalid.push(field.name);
                            problems.push(*p);
                        }
                    }
                }
                Meaning::Unknown => {
                    if format != Format::Csv {
                        problems.push(unknown_field(kind, &key.name, file, key.span));
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
        let n = self.keys.len();
        if !extras.is_empty() {
            values.push((
                self.ranks[n],
                self.shared.text("extra"),
                self.shared.value(&Value::Object(extras)),
            ));
        }
        let mut complete = true;
        if id.is_empty() && self.line_ids {
            id = format!("line {}", file.line_col(span.start).line);
            if let (Some(column), true) = (self.id_column, span.end > span.start) {
                if let (Some(key), Some(&rank)) = (self.keys.get(column), self.ranks.get(column)) {
                    present[column] = true;
                    values.push((rank, key.clone(), regorus::Value::from(id.as_str())));
                }
            }
        }
        // A risk stated by its threat or description needs no title.
        let stated = |name: &str| {
            kind.fields()
                .iter()
                .zip(&present)
                .any(|(f, here)| *here && f.name == name)
        };
        // (An audit by its scope.)
        let instead: &[&str] = match kind {
            RegisterKind::Risks => &["description", "threat", "vulnerability"],
            RegisterKind::Audits => &["scope"],
            _ => &[],
        };
        let title_stated = instead.iter().any(|f| stated(f));
        let missing: Vec<&'static Field> = kind
            .fields()
            .iter()
            .zip(&present)
            .filter(|(f, here)| f.required && !**here)
            .filter(|(f, _)| !(f.name == "title" && title_stated))
            .map(|(f, _)| f)
            .filter(|f| !invalid.contains(&f.name))
            .collect();
        if !missing.is_empty() {
            // One finding per record, naming every field it lacks.
            complete = false;
            let item = if id.is_empty() {
                kind.item().to_string()
            } else {
                format!("{} {id}", kind.item())
            };
            let names: Vec<String> = missing
                .iter()
                .map(|field| {
                    let column = self
                        .entry
                        .columns
                        .iter()
                        .find(|(_, to)| to.fields().contains(&field.name))
                        .map(|(from, _)| from.as_str());
                    match column {
                        Some(col) => format!("`{}` (column `{col}`)", field.name),
                        None => format!("`{}`", field.name),
                    }
                })
                .collect();
            let message = format!("{item} is missing {}", join_and(&names));
            let at = if span.end > span.start {
                crate::tree::char_at(&file.text, span.start)
            } else {
                span
            };
            let help: Vec<String> = missing.iter().map(|f| format!("{}: {}", f.name, f.doc)).collect();
            problems.push(
                Problem::new("register::missing-field", message)
                    .at(file, at)
                    .label("in this record")
                    .help(help.join("; ")),
            );
        }
        if !complete && id.is_empty() {
            return None;
        }
        values.push((self.ranks[n + 1], self.file_key.clone(), self.file_name.clone()));
        // In key order, so that the map is built without searching.
        values.sort_unstable_by_key(|(rank, _, _)| *rank);
        let values: BTreeMap<regorus::Value, regorus::Value> = values.into_iter().map(|(_, k, v)| (k, v)).collect();
        Some(Record {
            id,
            span,
            spans,
            values: regorus::Value::from(values),
        })
    }
}

/// What a column or key name of a register file stands for.
#[derive(Debug, Clone, Copy)]
enum Meaning {
    /// A built-in field, and its place in the kind's list of fields.
    Field(&'static Field, usize),
    Extra,
    Unknown,
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A row that holds no record: a spacer a spreadsheet leaves between
/// blocks (every cell empty), or a row that heads a section of the table,
/// its first cell alone filled with a numbered title (`5 Organisational
/// controls`, `A.6 People controls`, `2. Supplier risks`) or one in
/// capitals (`ORGANISATIONAL CONTROLS`).
pub fn is_section_row(cells: &[Node]) -> bool {
    let filled: Vec<&str> = cells
        .iter()
        .filter_map(|n| n.as_str())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if filled.is_empty() && cells.iter().all(|n| n.as_str().is_some()) {
        return true;
    }
    // A spreadsheet's totals row (`TOTAL,93 controls,Y: 82,,N: 11`).
    if cells.first().and_then(|n| n.as_str()).is_some_and(is_totals_label) {
        return true;
    }
    let filled: Vec<&str> = filled.into_iter().filter(|t| !super::fields::is_blank(t)).collect();
    let [only] = filled.as_slice() else { return false };
    if cells.first().and_then(|n| n.as_str()).map(str::trim) != Some(*only) {
        return false;
    }
    // A note under the table (`SoA v3 – prepared by A. Ferrer 10/03/2026,
    // approved by …`): a sentence where an id belongs, the rest empty.
    if cells.len() > 2 && only.split_whitespace().count() >= 6 {
        return true;
    }
    let letters: Vec<char> = only.chars().filter(|c| c.is_alphabetic()).collect();
    if cells.len() > 2
        && letters.len() >= 6
        && letters.iter().all(|c| c.is_uppercase())
        && !only.chars().any(|c| c.is_ascii_digit())
        && only.split_whitespace().count() >= 2
    {
        return true;
    }
    let Some((number, title)) = only.split_once(' ') else {
        return false;
    };
    let number = number.trim_start_matches("A.").trim_end_matches('.');
    !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit() || c == '.')
        && title.split_whitespace().count() >= 1
        && title.chars().next().is_some_and(char::is_alphabetic)
        && annex_a_control(only).is_none()
}

/// Whether a row's first cell says it is the totals row of a spreadsheet
/// (`TOTAL`, `Summe:`).
pub fn is_totals_label(cell: &str) -> bool {
    matches!(
        cell.trim().to_lowercase().trim_end_matches(':'),
        "total" | "totals" | "sum" | "grand total" | "gesamt" | "summe" | "totaal" | "total général"
    )
}

/// The control a cell names when it is one (a section row is not).
fn annex_a_control(text: &str) -> Option<String> {
    super::annex_a::normalise(text).ok()
}

/// The name a part of a compound column is known by.
fn part_key(column: &str, field: &str) -> String {
    format!("{column}\u{1f}{field}")
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

/// A record's nested tables as dotted keys (`inherent: {likelihood: 3}`
/// is `inherent.likelihood`), as exports of other tools nest them: the
/// register's `columns` map the dotted names.
pub fn flatten(entries: Vec<(Key, Node)>) -> Vec<(Key, Node)> {
    let mut out = Vec::with_capacity(entries.len());
    for (key, node) in entries {
        match node.kind {
            Kind::Table(inner) if !inner.is_empty() => {
                for (k, v) in flatten(inner) {
                    out.push((
                        Key {
                            name: format!("{}.{}", key.name, k.name),
                            span: k.span,
                        },
                        v,
                    ));
                }
            }
            kind => out.push((key, Node { kind, ..node })),
        }
    }
    out
}

/// Records keyed by their id: a table (or map) of at least two tables,
/// each given its key as its `id` (unless it states one), spanning its key
/// and its value.
pub fn keyed(node: &Node) -> Option<Vec<Node>> {
    let Kind::Table(entries) = &node.kind else { return None };
    if entries.len() < 2 || !entries.iter().all(|(_, v)| matches!(v.kind, Kind::Table(_))) {
        return None;
    }
    Some(
        entries
            .iter()
            .map(|(k, v)| {
                let Kind::Table(inner) = &v.kind else { return v.clone() };
                let mut fields = inner.clone();
                if !fields.iter().any(|(f, _)| f.name.eq_ignore_ascii_case("id")) {
                    fields.insert(
                        0,
                        (
                            Key {
                                name: "id".into(),
                                span: k.span,
                            },
                            Node::new(k.span, Kind::Str(k.name.clone())),
                        ),
                    );
                }
                Node::new(Span::new(k.span.start, v.span.end.max(k.span.end)), Kind::Table(fields))
            })
            .collect(),
    )
}

/// Finds the records in a parsed file: a top-level array, or an array under
/// the kind's item key (`[[risk]]`, `risk:`). Other top-level keys are
/// returned so that they can be reported rather than silently ignored.
fn records_of(kind: RegisterKind, key: Option<&str>, root: Node) -> Result<(Vec<Node>, Vec<Key>), String> {
    // `records = "data.risks"`: the records under a key of a key.
    if let Some((outer, inner)) = key.and_then(|k| k.split_once('.')) {
        let Kind::Table(entries) = root.kind else {
            return Err(format!("no `{outer}` table holds the records"));
        };
        let Some((_, node)) = entries.into_iter().find(|(k, _)| k.name == outer) else {
            return Err(format!("no `{outer}` table holds the records"));
        };
        return records_of(kind, Some(inner), node).map(|(items, _)| (items, Vec::new()));
    }
    // The file itself a map of records by id (`A.5.1:` then its fields).
    if let Kind::Table(entries) = &root.kind {
        let item = key.unwrap_or(kind.item());
        let named = entries.iter().any(|(k, _)| k.name == item || k.name == kind.name());
        if !named
            && key.is_none()
            && let Some(items) = keyed(&root).filter(|items| items.len() >= 3)
        {
            return Ok((items, Vec::new()));
        }
    }
    match root.kind {
        Kind::Array(items) => Ok((items, Vec::new())),
        Kind::Table(entries) => {
            let item = key.unwrap_or(kind.item());
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
                // Records keyed by their id (`[controls]` with `"A.5.1" =
                // { … }`, a YAML map of ids).
                Some((_, node)) if keyed(&node).is_some() => Ok((keyed(&node).unwrap_or_default(), others)),
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
