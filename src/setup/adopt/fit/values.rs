//! How well a column's values fit a field: by the field's type, and for an
//! enumerated field by its allowed values.

use super::profile::Profile;
use super::synonyms::header_words;
use crate::config::kinds::{Field, FieldType};

/// Whether a column's values can be read as the field's type; the share
/// of its cells that can, or `None` when they cannot (too few fit).
pub fn value_fit(field: &Field, p: &Profile) -> Option<f64> {
    if p.filled == 0 {
        return Some(0.5);
    }
    let enough = |share: f64, at: f64| (share >= at).then_some(share);
    // A column of machine keys names no one and titles nothing; as an id
    // it gives way to a column of references a reader knows (`ref_id`).
    if p.uuids >= 0.9 {
        return (field.name == "id").then_some(0.0);
    }
    // (A list field reads a list of records: a review's actions.)
    if p.objects >= 0.5 && !matches!(field.ty, FieldType::List | FieldType::Refs) {
        return None;
    }
    match field.ty {
        FieldType::Integer | FieldType::Number => {
            let factor = field.name.ends_with("likelihood") || field.name.ends_with("impact");
            let score = field.name.ends_with("score");
            enough(p.ints, 0.6)
                .or_else(|| if factor { enough(p.scale_words, 0.6) } else { None })
                .or_else(|| if score { enough(p.int_words, 0.6) } else { None })
        }
        FieldType::Bool => enough(p.bools, 0.8),
        FieldType::Date | FieldType::DateTime => enough(p.dates, 0.6),
        FieldType::Control => enough(p.single_controls, 0.6),
        FieldType::Controls => enough(p.controls, 0.6),
        FieldType::Enum(_) if field.name.ends_with("level") => {
            enough(p.levels, 0.6).or_else(|| enough(p.int_words, 0.6))
        }
        FieldType::Enum(_) => None,
        FieldType::Ref | FieldType::Refs => {
            // Who was trained may be an employee number.
            let numbers_fine = field.name == "person";
            if p.avg_len > 80.0 || (p.ints > 0.5 && !numbers_fine) || p.dates > 0.5 || p.bools > 0.8 {
                None
            } else {
                Some(1.0)
            }
        }
        FieldType::Text | FieldType::List => {
            if field.name == "id" && p.avg_len > 40.0 {
                None
            } else if matches!(field.name, "title" | "name" | "item") && p.ints >= 0.8 {
                // Nor does a column of numbers (a score).
                None
            } else if matches!(field.name, "title" | "name" | "item") && p.codes >= 0.8 {
                // A column of codes names its records, it does not title them.
                None
            } else if p.bools > 0.8 || (p.dates > 0.8 && field.name != "id") {
                None
            } else {
                Some(1.0)
            }
        }
    }
}

/// The share of an enumeration column's cells that its field reads, or
/// `None` when too few are: most of its cells (four in five), or half of
/// them when the column bears the field's own name (`Classification`: the
/// others are values outside the scheme, to report). A column of the
/// organisation's own vocabulary is kept as it is rather than reported
/// cell by cell.
pub fn enum_fit(
    kind: crate::config::kinds::RegisterKind,
    field: &Field,
    header: &str,
    cells: &[String],
    ctx: &crate::workspace::values::Context,
) -> Option<f64> {
    // Each distinct value once (blank or a placeholder, or read), counted
    // as often as it occurs.
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for c in cells {
        *counts.entry(c.as_str()).or_default() += 1;
    }
    counts.retain(|c, _| !crate::workspace::fields::is_blank(c) && !crate::workspace::values::is_placeholder(c));
    let filled: usize = counts.values().sum();
    if filled == 0 {
        return Some(0.5);
    }
    let reads = |c: &str| {
        let node = crate::tree::Node::new(Default::default(), crate::tree::Kind::Str(c.to_string()));
        crate::workspace::fields::coerce(field, &node, ctx).is_ok()
    };
    let ok: usize = counts.iter().filter(|(c, _)| reads(c)).map(|(_, k)| *k).sum();
    let share = ok as f64 / filled as f64;
    let own_name = header_words(header) == field.name.replace('_', " ");
    if share >= 0.999 {
        return Some(share);
    }
    let distinct: Vec<&str> = counts.into_keys().collect();
    // A cell that says more than the value — when (`Complete 18/03/2026;
    // 1 minor NC`), or a remark after it (`Close (issue template added)`)
    // — is read for its part, when every cell has one. A word that merely
    // holds a value's word (`Information system`) is not that.
    let parts = distinct
        .iter()
        .filter(|c| {
            reads(c)
                || crate::workspace::fields::part_of(field, c, ctx).is_some_and(|(a, b)| {
                    let dated = crate::workspace::dates::find(c, None).is_some();
                    let leading = c.get(..a).is_some_and(|t| t.trim().is_empty())
                        && c.get(b..)
                            .is_some_and(|t| t.trim_start().starts_with(['(', ';', ',', '-', '—', '–', ':']));
                    (dated || leading) && reads(c.get(a..b).unwrap_or(""))
                })
        })
        .count();
    if parts == distinct.len() {
        return Some(-0.8);
    }
    // An objective's progress is free text as often as a status (`1
    // incident`, `Not done; moved to February`): read as the status only
    // when every value is one.
    if kind == crate::config::kinds::RegisterKind::Objectives && field.name == "status" {
        return None;
    }
    (share >= 0.8 || (own_name && share >= 0.5)).then_some(share)
}
