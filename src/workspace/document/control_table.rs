//! Document control kept as a table near the title: its rows of label and
//! value, read as entries.

use super::Entries;
use super::Reading;
use crate::source::Span;
use crate::tree::{Kind, Node};

/// How far under its title a document's control may be looked for.
pub(super) const CONTROL_TABLE_WITHIN: usize = 40;

/// A document-control table in a place of a document ([`control_regions`]):
/// the first Markdown table whose rows are `| field | value |`, at least
/// two of them naming document fields (built in, or mapped by `[documents]
/// fields`). Its rows become entries with the spans of their cells; a table
/// whose header row is itself a field row counts that row too.
pub(super) fn control_table(text: &str, (from, to): (usize, usize), reading: &Reading) -> Option<(Entries, Span)> {
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
pub(super) fn table_entries(table: &[Vec<(String, Span)>], reading: &Reading) -> Option<Entries> {
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
    if let Some(entries) = approval_rows(header, data) {
        return Some(entries);
    }
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

/// A Word template's approval table (`| Name | Role | Signature | Date |`,
/// a row per signatory): who approved it and when, from the approver's
/// row (its role or name says approval), else the last signed row. The
/// approver is named with the role beside the name (`Priya Raman (Chief
/// Executive Officer)`).
fn approval_rows(header: &[(String, Span)], data: &[Vec<(String, Span)>]) -> Option<Entries> {
    let column = |names: &[&str]| {
        header.iter().position(|(h, _)| {
            let h = h.trim_matches('*').trim().to_lowercase();
            names.contains(&h.as_str())
        })
    };
    let name = column(&["name", "approver", "approved by", "signatory", "approver name"])?;
    let date = column(&["date", "date approved", "date signed", "signed on", "approval date"])?;
    let role = column(&["role", "title", "position", "job title", "function"]);
    let signature = column(&["signature", "signed", "sign-off"]);
    if role.is_none() && signature.is_none() {
        return None;
    }
    let cell = |row: &Vec<(String, Span)>, at: usize| row.get(at).filter(|(c, _)| !c.trim().is_empty()).cloned();
    let signed: Vec<&Vec<(String, Span)>> = data
        .iter()
        .filter(|row| cell(row, name).is_some() && cell(row, date).is_some())
        .collect();
    let says_approval = |row: &&&Vec<(String, Span)>| row.iter().any(|(c, _)| c.to_lowercase().contains("approv"));
    let row = signed.iter().find(says_approval).or_else(|| signed.last())?;
    let (who, who_at) = cell(row, name)?;
    let (when, when_at) = cell(row, date)?;
    let who = match role.and_then(|r| cell(row, r)) {
        Some((title, _)) if !title.to_lowercase().contains("approv") => {
            format!("{} ({title})", who.trim_matches('*').trim())
        }
        _ => who.trim_matches('*').trim().to_string(),
    };
    let key = |name: &str, span: Span| crate::tree::Key {
        name: name.to_string(),
        span,
    };
    Some(vec![
        (key("approved_by", header[name].1), Node::new(who_at, Kind::Str(who))),
        (
            key("approved_on", header[date].1),
            Node::new(when_at, Kind::Str(when.trim_matches('*').trim().to_string())),
        ),
    ])
}

/// The cells of a table row with the spans of their trimmed text.
pub(super) fn cells(line: &str, at: usize) -> Vec<(String, Span)> {
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
