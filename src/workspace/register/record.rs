//! One record read from its keys and values: each field typed and
//! checked, every problem with it reported.

use super::reader::{Meaning, Reader};
use super::rows::join_and;
use super::{Record, duplicate_field, unknown_field};
use crate::config::Format;
use crate::config::kinds::{Field, RegisterKind};
use crate::diag::{Problem, Problems};
use crate::source::Span;
use crate::tree::{Key, Kind, Node};
use crate::workspace::fields::read_rego;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

impl<'e> Reader<'e> {
    /// One record from its keys and values, every problem with it reported;
    /// `None` when it is so incomplete that it has neither its required
    /// fields nor an id.
    pub(super) fn record(
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
                        let empty = node.as_str().is_some_and(crate::workspace::fields::is_blank)
                            || matches!(node.kind, Kind::Null);
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
                                && !crate::workspace::fields::is_blank(text)
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
            id = match &self.line_suffix {
                Some(course) => format!("line {}, {course}", file.line_col(span.start).line),
                None => format!("line {}", file.line_col(span.start).line),
            };
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
