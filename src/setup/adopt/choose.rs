//! Which tables become which registers: each table fitted to every kind,
//! control and revision-history tables left out, the best fit chosen per
//! kind, and asset links dropped where no asset register is chosen.

use super::files::is_archived;
use super::tables::Table;
use super::{Chosen, documents, fit, people};
use crate::config::Format;
use crate::config::kinds::RegisterKind;
use crate::setup::adopt::fit::Mapping;
use std::collections::BTreeMap;

/// The text of a reference cell (its name part, for a compound cell).
pub(super) fn fit_part(
    field: &crate::config::kinds::Field,
    cell: &str,
    ctx: &crate::workspace::values::Context,
) -> Option<String> {
    if crate::workspace::fields::is_blank(cell) {
        return None;
    }
    match crate::workspace::fields::part_of(field, cell, ctx) {
        Some((a, b)) => cell.get(a..b).map(|s| s.trim().to_string()),
        None => None,
    }
}

/// A two-column table of a document's control: labels the documents
/// reading knows down its first column (`Document ID`, `Owner`, `Status`),
/// the header row being one of them.
pub(super) fn is_control_table(table: &Table) -> bool {
    if table.header.len() != 2 {
        return false;
    }
    let labels = std::iter::once(table.header[0].as_str())
        .chain(table.columns[0].iter().map(String::as_str))
        .filter(|l| documents::field_of(l).is_some())
        .count();
    labels >= 2
}

/// A document's revision history: version, date and who or what changed.
pub(super) fn is_revision_history(table: &Table) -> bool {
    let words: Vec<String> = table.header.iter().map(|h| fit::header_words(h)).collect();
    let has = |names: &[&str]| words.iter().any(|w| names.contains(&w.as_str()));
    has(&["version", "rev", "revision", "issue"])
        && has(&["date", "issued", "date of issue"])
        && has(&[
            "author",
            "changes",
            "change",
            "comment",
            "comments",
            "description",
            "changed by",
            "summary of changes",
            "reason",
        ])
        && table.header.len() <= 6
}

pub(super) fn choose(
    tables: &[Table],
    ctx: &crate::workspace::values::Context,
    unmapped: &mut Vec<String>,
) -> Vec<Chosen> {
    let mut best: BTreeMap<RegisterKind, Vec<(f64, Chosen)>> = BTreeMap::new();
    for table in tables {
        if table.rows == 0 && table.format != Format::Csv {
            continue;
        }
        if crate::workspace::meaning::is_template_path(&table.path) {
            continue;
        }
        // A document's own tables are no registers: its control (`| Owner |
        // … |`, a page's properties) and its revision history.
        if table.format == Format::Markdown && (is_control_table(table) || is_revision_history(table)) {
            continue;
        }
        // A training matrix (a row per person, columns per course) is a
        // training register read course by course.
        if let Some((mapping, courses)) = fit::matrix::training(table) {
            let weight = mapping.score * (1.0 + (table.rows as f64 + 1.0).ln() / 4.0);
            best.entry(RegisterKind::Training).or_default().push((
                weight,
                Chosen {
                    kind: RegisterKind::Training,
                    table: table.clone(),
                    mapping,
                    courses,
                },
            ));
            continue;
        }
        // A list of people (`people.yaml`, a users export) gives the
        // people; it is no register.
        if people::only_people(table) {
            unmapped.push(format!(
                "{}: a list of people; read as the [[person]] entries",
                table.place()
            ));
            continue;
        }
        let profiles = fit::profiles(table);
        // A folder of notes is a log of records (incidents, findings,
        // changes…, a note per control), never the documents or the roles.
        // Its name says which (`incidents/`): a folder of minutes and
        // reports (`records/`) is documents.
        let record_kind = |k: &RegisterKind| {
            !table.is_notes()
                || (!matches!(k, RegisterKind::Documents | RegisterKind::Roles | RegisterKind::Budget)
                    && fit::folder_names(*k, &table.path))
        };
        let fits: Vec<(RegisterKind, Mapping)> = RegisterKind::ALL
            .iter()
            .filter(|k| record_kind(k))
            .filter_map(|k| fit::map_kind_profiled(*k, table, &profiles, ctx).map(|m| (*k, m)))
            .collect();
        let Some((kind, mapping)) = fits.into_iter().max_by(|a, b| a.1.score.total_cmp(&b.1.score)) else {
            // A folder of pages that are no records: nothing to say.
            if table.is_notes() {
                continue;
            }
            // A data file, or a table named like a register, that fits no
            // kind is said, with what the kind its name suggests needs.
            let data_file = table.format != Format::Markdown;
            if people::listed(table).is_some() {
                unmapped.push(format!(
                    "{}: a list of people; read as the [[person]] entries",
                    table.place()
                ));
                continue;
            }
            match fit::named_kind(table) {
                Some(kind) => unmapped.push(format!(
                    "{}: named like a {} register, but its columns ({}) do not give {}; not read",
                    table.place(),
                    kind.name(),
                    table.header.join(", "),
                    fit::needs(kind)
                )),
                None if data_file && table.rows > 0 => unmapped.push(format!(
                    "{}: its columns ({}) fit no register kind; not read",
                    table.place(),
                    table.header.join(", ")
                )),
                None => {}
            }
            continue;
        };
        // More records, more surely the register (a template keeps one); a
        // copy kept for the record (an archive, last year's, an old
        // version) is not the register in force.
        let weight = mapping.score
            * (1.0 + (table.rows as f64 + 1.0).ln() / 4.0)
            * if is_archived(&table.path) { 0.25 } else { 1.0 };
        best.entry(kind).or_default().push((
            weight,
            Chosen {
                kind,
                table: table.clone(),
                mapping,
                courses: Vec::new(),
            },
        ));
    }
    let mut out = Vec::new();
    for (kind, mut candidates) in best {
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut it = candidates.into_iter();
        if let Some((_, winner)) = it.next() {
            for (_, other) in it {
                unmapped.push(format!(
                    "{}: also looks like a {} register, but {} fits better; not read",
                    other.table.place(),
                    kind.name(),
                    winner.table.place()
                ));
            }
            out.push(winner);
        }
    }
    out
}

/// A risk register's asset column names the asset register's assets (by
/// id or name) for most risks, or it is a description of its own: then it
/// is kept as an extra column, not checked against the asset register.
pub(super) fn unlink_assets(chosen: &mut [Chosen], unmapped: &mut Vec<String>) {
    let known: std::collections::HashSet<String> = chosen
        .iter()
        .filter(|c| c.kind == RegisterKind::Assets)
        .flat_map(|c| {
            ["id", "name"]
                .iter()
                .filter_map(|f| c.mapping.field_column(f))
                .flat_map(|ci| c.table.columns[ci].iter())
                .flat_map(|v| {
                    let v = v.trim().to_lowercase();
                    let short = v.split('(').next().unwrap_or(&v).trim().to_string();
                    [v, short]
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for c in chosen.iter_mut().filter(|c| c.kind == RegisterKind::Risks) {
        let Some(ci) = c.mapping.field_column("assets") else {
            continue;
        };
        let items: Vec<String> = c.table.columns[ci]
            .iter()
            .flat_map(|cell| {
                cell.split([';', ','])
                    .map(|s| s.trim().to_lowercase())
                    .collect::<Vec<_>>()
            })
            .filter(|s| !s.is_empty())
            .collect();
        let named = items.iter().filter(|i| known.contains(i.as_str())).count();
        if items.is_empty() || named * 10 >= items.len() * 6 {
            continue;
        }
        c.mapping.columns.remove(&ci);
        unmapped.push(format!(
            "{} column `{}`: describes assets in its own words rather than naming the asset register's ({named} of {} do); kept as extra",
            c.table.place(),
            c.table.header[ci],
            items.len()
        ));
    }
}
