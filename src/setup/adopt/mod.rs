//! `isms adopt`: reads an existing ISMS folder for what its files mean and
//! writes the `isms.toml` that lets `isms check` read them as they are.
//! A register is chosen by how well its columns and values fit a kind
//! (never by its file name alone: a catalogue named `risk.csv` is not a
//! risk register), in CSV, YAML, JSON, TOML or a Markdown table; a column
//! is mapped from its header and its values together (control ids only
//! from a column of control ids, dates from a column of dates); the risk
//! scale, its words and bands are read from the register; the roles and
//! people the material names become roles and people; templates, partials
//! and snippets are left out. What it cannot map is listed with the
//! reason. It never overwrites a file.

mod documents;
mod fit;
mod people;
mod scale;
mod tables;
mod write;

use crate::config::kinds::{FieldType, RegisterKind};
use crate::config::{DateOrder, Format};
use crate::diag::Problem;
use fit::Mapping;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tables::Table;

/// What `isms adopt` found and proposes.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// The isms.toml to write.
    pub config: String,
    /// What it could not map, or left out, one line each.
    pub unmapped: Vec<String>,
    pub documents: usize,
    pub registers: usize,
}

/// A register chosen for a kind.
#[derive(Debug, Clone)]
struct Chosen {
    kind: RegisterKind,
    table: Table,
    mapping: Mapping,
}

/// The risk scale found in the risk register.
#[derive(Debug, Clone, Default)]
struct RiskScale {
    points: Option<u32>,
    likelihood_words: Vec<String>,
    impact_words: Vec<String>,
    levels: Option<Vec<(String, u32)>>,
    /// A score the register gives two levels (`12`, `Medium`, `High`): no
    /// bands follow from it, and none are checked.
    unbanded: Option<(i64, String, String)>,
    /// The appetite the methodology states.
    threshold: Option<u32>,
    acceptance_level: Option<&'static str>,
}

/// Looks at `dir` and proposes its isms.toml.
pub fn propose(dir: &Path, organisation: &str) -> Proposal {
    let files = walk(dir);
    let mut unmapped: Vec<String> = Vec::new();
    let mut markdown: Vec<(String, String)> = Vec::new();
    // Data files that hold one record each (`risks/R-007.yaml`): a folder
    // of them may be a register.
    let mut record_files: Vec<(String, String)> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    // Each file read as UTF-8 with its text, read once: the documents'
    // types and the appetite are read from these.
    let mut read: Vec<(&str, String)> = Vec::new();
    for rel in &files {
        let Some(format) = Format::from_path(rel) else {
            continue;
        };
        if is_machinery(rel) {
            continue;
        }
        let mut windows_1252 = false;
        let text = match crate::source::read_in_root(dir, rel) {
            Ok(t) => t,
            // A spreadsheet's "CSV" in Western Europe is Windows-1252: read
            // as such (and said so in isms.toml), not left out.
            Err(crate::source::ReadError::NotUtf8 { .. })
                if format != Format::Markdown && crate::source::read_in_root_as(dir, rel, true).is_ok() =>
            {
                windows_1252 = true;
                crate::source::read_in_root_as(dir, rel, true).unwrap_or_default()
            }
            Err(e) => {
                unmapped.push(format!("`{rel}`: {e}; not read"));
                continue;
            }
        };
        if format == Format::Markdown {
            markdown.push((rel.clone(), text.clone()));
        } else if tables::is_one_record(format, &text) {
            record_files.push((rel.clone(), text.clone()));
        }
        if let Some(why) = tables::unreadable(format, &text) {
            unmapped.push(format!(
                "`{rel}`: {why}; not read — correct it and run `isms adopt` again"
            ));
        } else {
            tables.extend(tables::of_file(rel, format, &text).into_iter().map(|mut t| {
                t.windows_1252 = windows_1252;
                t
            }));
        }
        if !windows_1252 {
            read.push((rel.as_str(), text));
        }
    }
    // The risk method: pages about risk or the method first; the
    // appetite, when they state none, wherever the ISMS states it (a
    // manual's section, the policy, a register's title row, a data file's
    // `appetite:`), never in templates or archived copies.
    let in_force = |p: &str| !crate::workspace::meaning::is_template_path(p) && !is_archived(p);
    let method: String = markdown
        .iter()
        .filter(|(p, _)| {
            let p = p.to_lowercase();
            (p.contains("method") || p.contains("risk")) && in_force(&p)
        })
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    // (Only read when the method states no appetite.)
    let stated = || -> String {
        read.iter()
            .filter(|(p, t)| in_force(p) && mentions_appetite(t))
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };

    tables.extend(tables::notes(&markdown, &record_files));
    let mut docs = documents::find(dir, &files, &markdown);
    for (path, why) in &docs.left_out {
        unmapped.push(format!("`{path}`: {why}; not a document"));
    }

    // The order of day and month, from every date written with slashes.
    let mut cells: Vec<&str> = tables
        .iter()
        .flat_map(|t| t.columns.iter().flatten().map(String::as_str))
        .collect();
    cells.extend(docs.values.iter().map(|(_, v)| v.as_str()));
    let dates = date_order(&cells).or_else(|| ambiguous(&cells).then(|| order_by_spelling(&markdown)).flatten());
    let ctx = crate::workspace::values::Context {
        dates,
        ..Default::default()
    };

    let mut chosen = choose(&tables, &ctx, &mut unmapped);
    // The notes of a folder read as a register are its records, not
    // documents.
    for c in chosen.iter().filter(|c| c.table.is_notes()) {
        let folder = c.table.path.trim_end_matches('/');
        docs.exclude.push(format!("{folder}/*.md"));
        docs.documents
            .retain(|d| d.rsplit_once('/').is_none_or(|(f, _)| f != folder));
    }
    unlink_assets(&mut chosen, &mut unmapped);
    let scale = risk_scale(&chosen, &method, stated);

    // Roles and people: every reference the registers and documents hold.
    let mut refs: Vec<String> = Vec::new();
    let mut inactive: Vec<String> = Vec::new();
    for c in &chosen {
        for (ci, fields) in &c.mapping.columns {
            for field in fields {
                let Some(f) = c.kind.field(field) else { continue };
                // Who holds a role and who was trained are said below and
                // not at all: neither names an owner or approver.
                if !matches!(f.ty, FieldType::Ref | FieldType::Refs)
                    || (c.kind == RegisterKind::Training && *field == "person")
                    || (c.kind == RegisterKind::Roles && *field == "holders")
                {
                    continue;
                }
                // Each distinct cell once: a later copy names whom the
                // first did (each name is kept once, first seen first).
                let mut cells_seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
                for cell in &c.table.columns[*ci] {
                    if !cells_seen.insert(cell.as_str()) {
                        continue;
                    }
                    let text = match fit_part(f, cell, &ctx) {
                        Some(t) => t,
                        None => continue,
                    };
                    let items: Vec<String> = if f.ty == FieldType::Refs {
                        text.split([',', ';']).map(|s| s.trim().to_string()).collect()
                    } else {
                        vec![text]
                    };
                    refs.extend(items);
                }
            }
        }
    }
    for (field, value) in &docs.values {
        if matches!(*field, "owner" | "approved_by") {
            refs.push(value.trim().to_string());
        }
    }
    refs.retain(|r| {
        !crate::workspace::fields::is_blank(r)
            && !crate::workspace::values::is_placeholder(r)
            && !crate::workspace::meaning::has_blank(r)
            && !r.starts_with('[')
            // A link to a note (`see [[Risk Acceptance R-05]]`) names the
            // note, not someone.
            && !r.contains("[[")
            && !r.contains("](")
            && r.chars().any(char::is_alphabetic)
            && r.len() <= 80
            // `Owner` in an acceptance column is the risk's owner; `null` an
            // export's empty value; a minute's reference (`ORC 2026-09 min
            // 4.2`) names a decision, not someone.
            && !matches!(
                r.trim().to_lowercase().as_str(),
                "owner" | "risk owner" | "the owner" | "the risk owner" | "null" | "none" | "nil" | "n/a" | "na"
            )
            && (r.contains('@') || r.chars().filter(char::is_ascii_digit).count() < 3)
    });
    // A roles register's titles are roles, and its holders that are people
    // hold them.
    let mut holders: Vec<(String, String)> = Vec::new();
    // Titles a roles register lists (`Caldicott Guardian` is a role there,
    // whatever its words), and those its row says are top management.
    let mut titles: Vec<(String, bool)> = Vec::new();
    for c in chosen.iter().filter(|c| c.kind == RegisterKind::Roles) {
        let (Some(tc), hc) = (c.mapping.field_column("title"), c.mapping.field_column("holders")) else {
            continue;
        };
        for (row, title) in c.table.columns[tc].iter().enumerate() {
            if crate::workspace::fields::is_blank(title) {
                continue;
            }
            let top = c
                .table
                .columns
                .iter()
                .enumerate()
                .filter(|(ci, _)| *ci != tc && Some(*ci) != hc)
                .filter_map(|(_, col)| col.get(row))
                .any(|cell| people::says_top_management(cell));
            titles.push((title.trim().to_string(), top));
            if let Some(hc) = hc
                && let Some(holder) = c.table.columns[hc].get(row)
            {
                for h in people::split_outside_brackets(holder)
                    .into_iter()
                    .filter(|h| !h.is_empty())
                {
                    // Someone from outside (`Gemma Lowe (external, Lowe
                    // Assurance)`) does the role; they are not staff whose
                    // training the ISMS keeps.
                    // (So does a role outsourced, `DPO (outsourced)`, or a
                    // company, `Clearwater Privacy Ltd`.)
                    let lower = format!("{} {}", h.to_lowercase(), title.to_lowercase());
                    if [
                        "external",
                        "extern",
                        "externe",
                        "externo",
                        "externa",
                        "contractor",
                        "consultant",
                        "outsourced",
                        "third party",
                        "third-party",
                    ]
                    .iter()
                    .any(|w| lower.contains(w))
                        || people::is_company(h)
                    {
                        continue;
                    }
                    if matches!(people::classify(h), people::Named::Person { .. }) {
                        holders.push((h.to_string(), title.trim().to_string()));
                        refs.push(title.trim().to_string());
                        refs.push(h.to_string());
                    }
                }
            }
        }
    }
    // A table of people (a users export, a staff list): they are the
    // people, by the ids the registers name them with; their job titles
    // are roles they hold.
    let listed: Vec<people::Listed> = tables
        .iter()
        .filter(|t| {
            !chosen
                .iter()
                .any(|c| c.table.path == t.path && c.table.index == t.index)
        })
        .filter_map(people::listed)
        .flatten()
        .collect();
    // Each name once (first seen first), then looked up among the listed
    // people's ids, names and addresses by one set: registers of thousands
    // of rows repeat a few owners.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    refs.retain(|r| seen.insert(r.clone()));
    let listed_keys: std::collections::HashSet<String> = listed
        .iter()
        .flat_map(|p| [Some(&p.id), Some(&p.name), p.email.as_ref()])
        .flatten()
        .map(|k| k.to_lowercase())
        .collect();
    refs.retain(|r| !listed_keys.contains(&r.trim().to_lowercase()));
    refs.extend(listed.iter().filter_map(|p| p.title.clone()));
    inactive.extend(refs.iter().filter_map(|r| people::left(r)));
    let mut named = people::from_references(refs.iter().map(String::as_str));
    people::as_roles(&mut named, &titles);
    people::assign(&mut named, &holders);
    // Where each person and role is among the names, kept as they change:
    // a list of thousands of people, each looked up by a scan of every
    // name, was quadratic.
    let mut index = people::Index::of(&named);
    for p in &listed {
        let mut roles: Vec<String> = p
            .title
            .iter()
            .filter_map(|t| match people::classify(t) {
                people::Named::Role { id, .. } => Some(id),
                people::Named::Person { .. } => None,
            })
            .collect();
        // The ISMS roles the list gives each (`roles: [top-management,
        // risk-acceptor]`): roles of the configuration.
        for r in &p.roles {
            let role = people::role(r);
            if let people::Named::Role { id, .. } = &role {
                if !roles.contains(id) {
                    roles.push(id.clone());
                }
                if !index.has_role(id) {
                    index.insert(&mut named, r.clone(), role.clone());
                }
            }
        }
        // Named elsewhere too (`Stefan Albrecht (ISB)` as a document's
        // owner): one person, with the roles both give.
        for k in index.keys_of(&p.id) {
            if let Some(people::Named::Person { roles: more, .. }) = index.remove(&mut named, &k) {
                for r in more {
                    if !roles.contains(&r) {
                        roles.push(r);
                    }
                }
            }
        }
        index.insert(
            &mut named,
            format!("\u{0}{}", p.id),
            people::Named::Person {
                id: p.id.clone(),
                name: p.name.clone(),
                email: p.email.clone(),
                roles,
            },
        );
        if !p.active {
            inactive.push(p.id.clone());
        }
    }
    // The listed people hold what the roles register says too.
    people::assign(&mut named, &holders);

    let config = write::config(&write::Parts {
        organisation,
        dates,
        named: &named,
        inactive: &inactive,
        docs: &docs,
        chosen: &chosen,
        scale: &scale,
        dir,
        texts: &read.iter().map(|(p, t)| (*p, t.as_str())).collect(),
    });
    // The isms.toml as written must read back; a proposal that does not is
    // a bug, said plainly rather than written.
    let mut out_unmapped = unmapped;
    for c in &chosen {
        let mapped: Vec<usize> = c.mapping.columns.keys().copied().collect();
        for (ci, h) in c.table.header.iter().enumerate() {
            let said = out_unmapped
                .iter()
                .any(|u| u.contains(&format!("column `{h}`: describes")));
            if !mapped.contains(&ci) && !said {
                out_unmapped.push(format!(
                    "{} column `{h}`: not a field of the {} register (or its values do not fit one); kept as extra",
                    c.table.place(),
                    c.kind.name()
                ));
            }
        }
        if let Some(m) = &c.table.malformed {
            out_unmapped.push(format!(
                "{}: {m} — `isms check` reports where it breaks",
                c.table.place()
            ));
        }
        let themes: Vec<String> = c
            .mapping
            .field_column("controls")
            .map(|ci| {
                c.table.columns[ci]
                    .iter()
                    .flat_map(|cell| {
                        cell.split([',', ';', '/'])
                            .map(str::trim)
                            .map(String::from)
                            .collect::<Vec<_>>()
                    })
                    .filter(|t| fit::theme(t).is_some() && crate::workspace::annex_a::normalise(t).is_err())
                    .collect()
            })
            .unwrap_or_default();
        if !themes.is_empty() {
            let mut themes = themes;
            themes.sort();
            themes.dedup();
            out_unmapped.push(format!(
                "{}: {} name a theme of Annex A rather than controls; read as the theme (any applicable control of it)",
                c.table.place(),
                themes.join(", ")
            ));
        }
    }
    for key in &docs.kept {
        out_unmapped.push(format!(
            "document key `{key}`: not a built-in field; kept for your own rules (input.documents[].front_matter)"
        ));
    }
    Proposal {
        config,
        unmapped: out_unmapped,
        documents: docs.documents.len(),
        registers: chosen.len(),
    }
}

/// The text of a reference cell (its name part, for a compound cell).
fn fit_part(
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

/// The register for each kind: each table is the kind it fits best; of
/// several tables of one kind, the best fit wins and the others are said.
/// Whether a path names a copy kept for the record: in an archive or
/// old-versions folder, or named as archived, superseded or old.
fn is_archived(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "archive"
                | "archived"
                | "archives"
                | "old"
                | "superseded"
                | "obsolete"
                | "previous"
                | "backup"
                | "bak"
                | "deprecated"
                | "retired"
                | "alt"
                | "archiv"
        )
    })
}

/// A two-column table of a document's control: labels the documents
/// reading knows down its first column (`Document ID`, `Owner`, `Status`),
/// the header row being one of them.
fn is_control_table(table: &Table) -> bool {
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
fn is_revision_history(table: &Table) -> bool {
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

fn choose(tables: &[Table], ctx: &crate::workspace::values::Context, unmapped: &mut Vec<String>) -> Vec<Chosen> {
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
fn unlink_assets(chosen: &mut [Chosen], unmapped: &mut Vec<String>) {
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

/// The scale of the chosen risk register.
fn risk_scale(chosen: &[Chosen], method: &str, stated: impl FnOnce() -> String) -> RiskScale {
    let mut s = RiskScale::default();
    let Some(risks) = chosen.iter().find(|c| c.kind == RegisterKind::Risks) else {
        return s;
    };
    let column = |field: &str| risks.mapping.field_column(field).map(|ci| &risks.table.columns[ci]);
    let header = |field: &str| {
        risks
            .mapping
            .field_column(field)
            .map(|ci| risks.table.header[ci].as_str())
    };
    let mut max = 0;
    let mut words_scale = false;
    for (factor, words) in [("likelihood", &mut s.likelihood_words), ("impact", &mut s.impact_words)] {
        let mut cells: Vec<String> = column(factor).cloned().unwrap_or_default();
        cells.extend(column(&format!("residual_{factor}")).cloned().unwrap_or_default());
        match scale::factor(&cells) {
            scale::Factor::Numbers { max: m } => max = max.max(m),
            scale::Factor::Words(w) => {
                words_scale = true;
                *words = w;
            }
            scale::Factor::Unknown => {}
        }
    }
    let headers: Vec<&str> = ["likelihood", "impact"].iter().filter_map(|f| header(f)).collect();
    let points = if words_scale {
        u32::try_from(s.likelihood_words.len().max(s.impact_words.len())).unwrap_or(5)
    } else {
        scale::points(max, &headers, method)
    };
    s.points = Some(points);
    // Level bands from the scores and levels the register shows.
    let ctx = crate::workspace::values::Context::default();
    let pairs: Vec<(i64, String)> = match (risks.mapping.field_column("score"), risks.mapping.field_column("level")) {
        (Some(sc), Some(lc)) => risks.table.columns[sc]
            .iter()
            .zip(&risks.table.columns[lc])
            .filter_map(|(score, level)| {
                let field = RegisterKind::Risks.field("score")?;
                let (a, b) = crate::workspace::fields::part_of(field, score, &ctx)?;
                let n: i64 = score.get(a..b)?.parse().ok()?;
                let lfield = RegisterKind::Risks.field("level")?;
                // (A level in another language, `Medio`, is the whole cell.)
                let (c, d) = crate::workspace::fields::part_of(lfield, level, &ctx).unwrap_or((0, level.len()));
                Some((n, level.get(c..d)?.trim().to_string()))
            })
            .collect(),
        _ => Vec::new(),
    };
    if !words_scale {
        // The bands the method states, else those the register shows.
        s.levels = scale::bands_in_text(method).or_else(|| scale::bands(&pairs, points));
        if s.levels.is_none() {
            s.unbanded = scale::two_levels(&pairs);
        }
    }
    let mut stated_text: Option<String> = None;
    let (threshold, level) = match scale::appetite(method) {
        (None, None) => {
            let text = stated();
            let found = scale::appetite(&text);
            stated_text = Some(text);
            found
        }
        found => found,
    };
    s.threshold = threshold.filter(|t| *t <= points * points);
    s.acceptance_level = level;
    // An appetite stated as a level, on a register of scores: the scores
    // below the next level's band.
    if s.threshold.is_none()
        && let (Some(level), Some(bands)) = (level, &s.levels)
    {
        let rank = crate::config::RISK_LEVELS.iter().position(|l| *l == level);
        let next = bands
            .iter()
            .filter(|(l, _)| crate::config::RISK_LEVELS.iter().position(|x| x == l) > rank)
            .map(|(_, start)| *start)
            .min();
        s.threshold = next.map(|n| n.saturating_sub(1)).filter(|t| *t >= 1);
    }
    // Else the lowest band the method says must be treated or signed off.
    if s.threshold.is_none() && s.acceptance_level.is_none() {
        s.threshold = scale::appetite_in_bands(method)
            .or_else(|| stated_text.as_deref().and_then(scale::appetite_in_bands))
            .filter(|t| *t <= points * points);
    }
    s
}

/// The order of day and month the organisation writes: day first when a
/// date has a first part over 12, month first when a second part is; none
/// when there is no such date or both are seen.
fn date_order(cells: &[&str]) -> Option<DateOrder> {
    let (mut day, mut month) = (false, false);
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for c in cells {
        // Each distinct cell once; once both orders are seen, neither is.
        if day && month {
            break;
        }
        if !seen.insert(c) {
            continue;
        }
        let Some((s, e)) = crate::workspace::dates::find(c, None) else {
            continue;
        };
        let d = c.get(s..e).unwrap_or("");
        // (`14-02-2026` too, its year last; never an ISO date.)
        let parts: Vec<u32> = d.split(['/', '.', '-']).filter_map(|p| p.parse().ok()).collect();
        if let [a, b, year] = parts.as_slice()
            && *year > 31
        {
            day |= *a > 12 && *b <= 12;
            month |= *b > 12 && *a <= 12;
        }
    }
    match (day, month) {
        (true, false) => Some(DateOrder::DayFirst),
        (false, true) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

/// Whether some date is written with slashes in an order the numbers
/// cannot tell (`02/06/2026`).
fn ambiguous(cells: &[&str]) -> bool {
    cells.iter().any(|c| {
        let parts: Vec<u32> = c.trim().split(['/', '.']).filter_map(|p| p.parse().ok()).collect();
        matches!(parts.as_slice(), [a, b, y] if *a <= 12 && *b <= 12 && *a != *b && *y > 1900)
    })
}

/// The order of day and month the organisation's spelling suggests when
/// its dates cannot tell: a British or European text (`organisation`,
/// `Ltd`, `£`, `GmbH`) writes the day first, an American one (`LLC`,
/// `organization`, `$`) the month; `None` when neither says more.
fn order_by_spelling(markdown: &[(String, String)]) -> Option<DateOrder> {
    const DAY: &[&str] = &[
        "organisation",
        " ltd",
        "limited",
        "£",
        "€",
        "gmbh",
        "sarl",
        " s.l.",
        " b.v.",
        "licence",
        "programme",
        "colour",
        "behaviour",
        "authorise",
        " plc",
    ];
    const MONTH: &[&str] = &[
        " llc",
        " inc.",
        "$",
        "organization",
        "color",
        "behavior",
        "authorize",
        "license ",
    ];
    let (mut day, mut month) = (0usize, 0usize);
    for (_, text) in markdown {
        let lower = text.to_lowercase();
        day += DAY.iter().filter(|w| lower.contains(*w)).count();
        month += MONTH.iter().filter(|w| lower.contains(*w)).count();
    }
    match day.cmp(&month) {
        std::cmp::Ordering::Greater => Some(DateOrder::DayFirst),
        std::cmp::Ordering::Less => Some(DateOrder::MonthFirst),
        std::cmp::Ordering::Equal => None,
    }
}

/// Whether a text says `appetite` in any case (as its lower-case form
/// would: no other character lower-cases to these ASCII letters), without
/// lower-casing a register of thousands of rows.
fn mentions_appetite(text: &str) -> bool {
    let has = |word: &[u8]| {
        text.as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    // The appetite by its name, or what residual risk is accepted (`The
    // partners accept residual risks of 10 or less`, `Restrisiken … bis 6
    // gelten als akzeptabel`).
    has(b"appetite")
        || (has(b"residual") && has(b"accept"))
        || (has(b"restrisik") && has(b"akzept"))
        || (has(b"restrisico") && has(b"accept"))
        || (has("résiduel".as_bytes()) && has(b"accept"))
        || (has(b"residual") && has(b"acept"))
}

/// Files of a site or a tool rather than of the ISMS.
fn is_machinery(rel: &str) -> bool {
    let file = rel.rsplit('/').next().unwrap_or(rel).to_lowercase();
    file.starts_with("package")
        || file.starts_with("tsconfig")
        || file.starts_with("docusaurus.config")
        || file.starts_with("mkdocs.")
        || file == "_category_.json"
        || file == "authors.yml"
        || file == "sidebars.js"
        || file == crate::config::FILE_NAME
        || file.starts_with('.')
}

/// Writes the proposal as `dir/isms.toml`; refuses to overwrite one.
pub fn adopt(dir: &Path, organisation: &str) -> Result<(PathBuf, Proposal), Box<Problem>> {
    let target = dir.join(crate::config::FILE_NAME);
    if target.exists() {
        return Err(Box::new(
            Problem::new(
                "adopt::exists",
                format!("{} already exists; nothing was written", target.display()),
            )
            .help("`isms adopt` never overwrites: move the file away to start again"),
        ));
    }
    let proposal = propose(dir, organisation);
    std::fs::write(&target, &proposal.config).map_err(|e| {
        Box::new(Problem::new(
            "io::unwritable",
            format!("cannot write {}: {e}", target.display()),
        ))
    })?;
    Ok((target, proposal))
}

/// Files under `dir` (relative, `/`-separated), skipping hidden folders
/// and those of build tools.
fn walk(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || {
                let name = e.file_name().to_string_lossy();
                !name.starts_with('.')
                    && !matches!(
                        name.as_ref(),
                        "target" | "node_modules" | "build" | "site" | "dist" | "vendor"
                    )
            }
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}
