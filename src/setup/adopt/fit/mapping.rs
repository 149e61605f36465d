//! The mapping of a table's columns onto a kind's fields: the best
//! assignment of columns to fields, and fields compounded from several
//! columns.

use super::Mapping;
use super::kinds::{makes, subject};
use super::profile::Profile;
use super::synonyms::{header_words, name_score};
use super::values::{enum_fit, value_fit};
use super::{profile, synonyms};
use crate::config::Format;
use crate::config::kinds::{Field, FieldType, RegisterKind};
use crate::setup::adopt::tables::Table;

/// The best mapping of a table's columns onto a kind's fields, or `None`
/// when the table is not a register of that kind.
#[cfg(test)]
pub fn map_kind(kind: RegisterKind, table: &Table, ctx: &crate::workspace::values::Context) -> Option<Mapping> {
    map_kind_profiled(kind, table, &profiles(table), ctx)
}

/// The profiles of a table's columns, in column order: computed once per
/// table and shared by every kind it is fitted to.
pub fn profiles(table: &Table) -> Vec<Profile> {
    table.columns.iter().map(|c| profile(c)).collect()
}

/// [`map_kind`] with the table's column profiles already computed.
pub fn map_kind_profiled(
    kind: RegisterKind,
    table: &Table,
    profiles: &[Profile],
    ctx: &crate::workspace::values::Context,
) -> Option<Mapping> {
    let mut part_read: Vec<(usize, &'static str)> = Vec::new();
    // Every (column, field) pair that fits, by how well.
    let mut pairs: Vec<(f64, usize, &'static Field)> = Vec::new();
    for (ci, header) in table.header.iter().enumerate() {
        let p = &profiles[ci];
        // A level's index beside its name (`current_proba.value` beside
        // `current_proba.name`, a GRC export): the name is what the
        // organisation reads and rates by.
        if let Some(stem) = header.strip_suffix(".value")
            && table.header.iter().any(|h| h.strip_suffix(".name") == Some(stem))
        {
            continue;
        }
        let words = header_words(header);
        for field in kind.fields() {
            let name = name_score(kind, field.name, &words);
            if name <= 0.0 {
                continue;
            }
            let values = match field.ty {
                FieldType::Enum(_) if !field.name.ends_with("level") => {
                    enum_fit(kind, field, header, &table.columns[ci], ctx)
                }
                _ => value_fit(field, p),
            };
            if let Some(v) = values {
                // (A share below zero: read for the part of each cell.)
                if v < 0.0 {
                    part_read.push((ci, field.name));
                }
                pairs.push((name * (0.5 + 0.5 * v.abs()), ci, field));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut m = Mapping::default();
    for &(score, ci, field) in &pairs {
        if m.columns.contains_key(&ci) || m.has(field.name) {
            continue;
        }
        m.columns.insert(ci, vec![field.name]);
        m.score += score * if field.required { 2.0 } else { 1.0 };
    }
    // Records of their own keys (YAML, JSON, TOML) may give one field under
    // two keys that never meet in a record (`why` for an included control,
    // `reason` for an excluded one): both are read.
    // So may a table's two text columns (`Reason for inclusion`, `Reason
    // for exclusion`), never both filled in a row.
    {
        let records = matches!(table.format, Format::Yaml | Format::Json | Format::Toml);
        for &(_, ci, field) in &pairs {
            if !m.has(field.name) || m.columns.contains_key(&ci) {
                continue;
            }
            if !records && !matches!(field.ty, FieldType::Text) {
                continue;
            }
            // Apart from every key already read as that field.
            let others: Vec<usize> = m
                .columns
                .iter()
                .filter(|(_, fs)| fs.contains(&field.name))
                .map(|(c, _)| *c)
                .collect();
            let filled = |c: usize, row: usize| table.columns[c].get(row).is_some_and(|v| !v.trim().is_empty());
            let apart = (0..table.rows).all(|row| !(filled(ci, row) && others.iter().any(|&o| filled(o, row))));
            if apart && (0..table.rows).any(|row| filled(ci, row)) {
                m.columns.insert(ci, vec![field.name]);
            }
        }
    }
    // The SoA's control column, by its values when its name did not say.
    if kind == RegisterKind::Soa
        && !m.has("id")
        && let Some(ci) = (0..table.header.len())
            .filter(|ci| !m.columns.contains_key(ci))
            .find(|&ci| profiles[ci].single_controls >= 0.9)
    {
        m.columns.insert(ci, vec!["id"]);
        m.score += 1.5;
    }
    // Or a column whose cells open with the control's id (`A.5.1 Security
    // policies`, a Notion database's `Name`): the id and the title, each
    // read from its part.
    if kind == RegisterKind::Soa
        && !m.has("id")
        && let Some(ci) = (0..table.header.len()).find(|&ci| profiles[ci].leading_controls >= 0.9)
    {
        let title_elsewhere = m.has("title") && m.field_column("title") != Some(ci);
        let fields = if title_elsewhere {
            vec!["id"]
        } else {
            vec!["id", "title"]
        };
        m.columns.insert(ci, fields);
        m.parts.insert(ci);
        m.score += 1.5;
    }
    // An id column by its values: the first column, unique short codes.
    if !m.has("id")
        && kind != RegisterKind::Soa
        && let Some(p) = profiles.first()
        && !m.columns.contains_key(&0)
        && p.filled == table.rows
        && p.distinct == p.filled
        && p.avg_len <= 16.0
        && table.rows > 0
    {
        // Names, not codes (`Client project files`), where the kind's name
        // is not mapped: the column is the name, and the records are known
        // by their line.
        let name = ["name", "title"]
            .into_iter()
            .find(|f| kind.fields().iter().any(|x| x.name == *f));
        match name {
            Some(f) if p.codes < 0.5 && !m.has(f) => {
                m.columns.insert(0, vec![f]);
            }
            _ => {
                m.columns.insert(0, vec!["id"]);
            }
        }
        m.score += 1.0;
    }
    // A `Treatment` column of sentences rather than options (`Enable S3
    // Block Public Access`, `Accept: multi-region costs more`): the
    // treatment in words, its option read from its first word.
    if kind == RegisterKind::Risks
        && !m.has("treatment")
        && !m.has("treatment_plan")
        && let Some(plan) = kind.fields().iter().find(|f| f.name == "treatment_plan")
        && let Some(ci) = (0..table.header.len()).find(|ci| {
            let words = header_words(&table.header[*ci]);
            !m.columns.contains_key(ci)
                && (words == "treatment" || synonyms(kind, "treatment").contains(&words.as_str()))
                && value_fit(plan, &profiles[*ci]).is_some()
        })
    {
        m.columns.insert(ci, vec!["treatment_plan"]);
        m.score += 0.5;
    }
    // A training export's `due_date` is the date to complete it by, not
    // the date it must be repeated: dates before the completion, or less
    // than ten months after it, are deadlines, not renewals.
    if kind == RegisterKind::Training
        && let (Some(due), Some(done)) = (m.field_column("expires"), m.field_column("completed_on"))
    {
        let read = |c: &str| {
            crate::workspace::dates::read(c, ctx.dates)
                .ok()
                .flatten()
                .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        };
        let pairs: Vec<(chrono::NaiveDate, chrono::NaiveDate)> = (0..table.rows)
            .filter_map(|row| {
                Some((
                    read(table.columns[due].get(row)?)?,
                    read(table.columns[done].get(row)?)?,
                ))
            })
            .collect();
        // (A renewal falls a year or more after the completion.)
        let deadlines = pairs.iter().filter(|(d, c)| (*d - *c).num_days() < 300).count();
        if !pairs.is_empty() && deadlines * 2 > pairs.len() {
            m.columns.remove(&due);
        }
    }
    compound(kind, &mut m, profiles);
    // `Accept (Daniel Okafor, MD, 12/02/2026) – …` in the treatment column,
    // and no column of acceptances: the acceptance's date is read there.
    if kind == RegisterKind::Risks
        && !m.has("accepted_on")
        && !m.has("accepted_by")
        && let Some(ci) = m.field_column("treatment")
    {
        let accepts: Vec<&String> = table.columns[ci]
            .iter()
            .filter(|c| c.trim_start().to_lowercase().starts_with("accept"))
            .collect();
        let dated = accepts
            .iter()
            .filter(|c| crate::workspace::dates::find(c, None).is_some())
            .count();
        if dated > 0
            && dated * 2 >= accepts.len()
            && let Some(fields) = m.columns.get_mut(&ci)
        {
            fields.push("accepted_on");
            part_read.push((ci, "treatment"));
        }
    }
    for (ci, field) in part_read {
        if m.columns.get(&ci).is_some_and(|fs| fs.first() == Some(&field)) {
            m.parts.insert(ci);
        }
    }
    if !makes(kind, &m) {
        return None;
    }
    let place = format!(
        "{} {} {}",
        table.path.to_lowercase().replace(['-', '_', '/'], " "),
        table.heading.as_deref().unwrap_or("").to_lowercase(),
        table
            .header
            .iter()
            .map(|h| h.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ")
    );
    // And in English, for a folder in another language
    // (`Schulungsnachweise_2026.csv` holds training records).
    let words: Vec<&str> = place
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let place = format!("{place} {}", crate::workspace::words::translated(&words.join(" ")));
    if subject(kind).iter().any(|w| place.contains(w)) {
        m.score += 3.0;
    } else if !matches!(kind, RegisterKind::Risks | RegisterKind::Soa) {
        // Only risks and the SoA are told by their fields alone.
        return None;
    }
    Some(m)
}

/// A column whose cells hold two values maps onto both fields: a score
/// with its level (`12 Medium`), an acceptance with its date (`Head of
/// IT, 21/04/2026`), when no column of their own holds the second.
pub(super) fn compound(kind: RegisterKind, m: &mut Mapping, profiles: &[Profile]) {
    let pairs: &[(&str, &str)] = match kind {
        RegisterKind::Risks => &[
            ("score", "level"),
            ("residual_score", "residual_level"),
            ("level", "score"),
            ("residual_level", "residual_score"),
            ("accepted_by", "accepted_on"),
        ],
        RegisterKind::Audits => &[("status", "performed_on")],
        RegisterKind::Findings => &[("status", "closed_on")],
        RegisterKind::Changes => &[("status", "implemented_on")],
        _ => &[],
    };
    // An audit programme naming each audit by what it covers (`Area`,
    // `Ambito`) and no title: what it covers is its title too.
    if kind == RegisterKind::Audits
        && !m.has("title")
        && let Some(ci) = m.field_column("scope")
        && let Some(fields) = m.columns.get_mut(&ci)
    {
        fields.push("title");
    }
    for &(first, second) in pairs {
        let Some(ci) = m.field_column(first) else { continue };
        if m.has(second) {
            continue;
        }
        let p = &profiles[ci];
        let holds_both = match second {
            "accepted_on" | "performed_on" | "closed_on" | "implemented_on" => p.with_dates >= 0.3,
            _ => p.int_words >= 0.6,
        };
        if holds_both && let Some(fields) = m.columns.get_mut(&ci) {
            fields.push(second);
        }
    }
}
