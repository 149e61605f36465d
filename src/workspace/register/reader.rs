//! The reader of one register file: the register's fields known by the
//! names its columns or keys give them, and the table of a format read
//! into keyed rows.

use super::rows::{is_section_row, part_key};
use super::{Register, duplicate_field, malformed, unknown_field};
use crate::config::kinds::Field;
use crate::config::{Format, RegisterEntry};
use crate::diag::Problems;
use crate::source::{SourceFile, Span};
use crate::tree::{Key, Kind, Node};
use crate::workspace::fields::normalise_name;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// What one register's records are read with: the meaning of each name
/// its file uses, and the values its columns have produced so far.
pub(super) struct Reader<'e> {
    pub(super) entry: &'e RegisterEntry,
    pub(super) file: &'e Arc<SourceFile>,
    pub(super) ctx: &'e crate::workspace::values::Context,
    /// `columns` of isms.toml, by normalised name (a column mapped onto
    /// several fields: the first; and each of its parts by its own name).
    pub(super) mapping: HashMap<String, &'e str>,
    /// Columns mapped onto several fields, by normalised name: each cell is
    /// read as one part per field.
    pub(super) compound: HashMap<String, Vec<&'static Field>>,
    /// A table with no id column: each record is known by its line.
    pub(super) line_ids: bool,
    /// The course of a training matrix's record being read: its id is its
    /// line and its course (`line 9, GDPR Essentials`).
    pub(super) line_suffix: Option<Rc<str>>,
    /// Text fields two columns give (`Reason for inclusion`, `Reason for
    /// exclusion`): a record filling both is the mapping's mistake, said
    /// once, at the second column's header.
    pub(super) coalesced: Vec<&'static str>,
    /// `extra` of isms.toml, normalised.
    pub(super) extra: Vec<String>,
    /// What each name written in the file means, worked out once per name.
    pub(super) meanings: HashMap<String, Meaning, foldhash::fast::RandomState>,
    /// The key met last at each place of a record, and its meaning: a
    /// CSV file's records share their header's keys, so a key is known by
    /// its allocation without hashing its name. (The key is held, so no
    /// other key can take its address.)
    pub(super) at_place: Vec<(Rc<Key>, Meaning)>,
    pub(super) shared: crate::workspace::shared::Shared,
    /// The built-in fields' names as the rules read them, made once.
    pub(super) keys: Vec<regorus::Value>,
    /// The place of each of `keys`, then of `extra` and `_file`, in the
    /// order of the record's keys: a record's values are put in that order
    /// and built into its object in one pass, not inserted one by one.
    pub(super) ranks: Vec<usize>,
    /// Which of `keys` is `id`.
    pub(super) id_column: Option<usize>,
    /// `_file`, and the file's path: its value in every record.
    pub(super) file_key: regorus::Value,
    pub(super) file_name: regorus::Value,
    pub(super) columns: crate::workspace::shared::Columns,
}

impl<'e> Reader<'e> {
    pub(super) fn new(
        entry: &'e RegisterEntry,
        file: &'e Arc<SourceFile>,
        ctx: &'e crate::workspace::values::Context,
    ) -> Reader<'e> {
        let mut shared = crate::workspace::shared::Shared::default();
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
            line_suffix: None,
            coalesced: Vec::new(),
            extra: entry.extra.iter().map(|e| normalise_name(e)).collect(),
            meanings: HashMap::default(),
            at_place: Vec::new(),
            id_column: entry.kind.fields().iter().position(|f| f.name == "id"),
            file_key: shared.text("_file"),
            file_name: shared.text(&file.name),
            columns: crate::workspace::shared::Columns::new(keys.len()),
            keys,
            ranks,
            shared,
        }
    }

    /// The records of a table (a CSV file, a Markdown table): the header's
    /// names are judged once, at the header; each row becomes a record. A
    /// malformed row is reported where it is and left out; the rows around
    /// it are read.
    pub(super) fn table(
        &mut self,
        header: Vec<Key>,
        rows: impl Iterator<Item = Result<(Span, Vec<Node>), crate::tree::SyntaxError>>,
        what: &str,
        (register, problems): (&mut Register, &mut Problems),
    ) {
        let (kind, file) = (self.entry.kind, self.file);
        let courses = super::matrix::courses((self.entry, self.file), &header, problems);
        // A table states its columns once, in the header: report there.
        let mut header_fields: Vec<&'static str> = Vec::new();
        let mut course_fields: Vec<&'static str> = Vec::new();
        for (place, key) in header.iter().enumerate() {
            // A course's columns repeat the fields of every other course.
            if super::matrix::in_a_course(&courses, place) {
                match self.meaning(&key.name) {
                    Meaning::Unknown => problems.push(unknown_field(kind, &key.name, file, key.span)),
                    Meaning::Field(f, _) => course_fields.push(f.name),
                    Meaning::Extra => {}
                }
                continue;
            }
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
        if !courses.is_empty() {
            header_fields.push("course");
            header_fields.extend(course_fields);
        }
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
                Ok((span, cells)) if !courses.is_empty() => {
                    for (course, entries) in super::matrix::records_of_row(&courses, &header, cells) {
                        self.line_suffix = Some(course);
                        if let Some(record) = self.record(span, &entries, Format::Csv, problems) {
                            register.records.push(record);
                        }
                    }
                    self.line_suffix = None;
                }
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
    pub(super) fn expand(&self, entries: &[(Rc<Key>, Node)]) -> Vec<(Rc<Key>, Node)> {
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
                    Kind::Str(text) => match crate::workspace::fields::part_of(field, text, self.ctx) {
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
    pub(super) fn names_field(&mut self, entries: &[(Key, Node)], field: &str) -> bool {
        entries
            .iter()
            .any(|(k, _)| matches!(self.meaning(&k.name), Meaning::Field(f, _) if f.name == field))
    }

    pub(super) fn meaning(&mut self, name: &str) -> Meaning {
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
    pub(super) fn meaning_at(&mut self, i: usize, key: &Rc<Key>) -> Meaning {
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
}

/// What a column or key name of a register file stands for.
#[derive(Debug, Clone, Copy)]
pub(super) enum Meaning {
    /// A built-in field, and its place in the kind's list of fields.
    Field(&'static Field, usize),
    Extra,
    Unknown,
}
