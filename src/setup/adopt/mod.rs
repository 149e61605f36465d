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

mod choose;
mod chosen_scale;
mod date_order;
mod documents;
mod files;
mod fit;
mod ladders;
mod people;
mod scale;
mod tables;
mod write;

use crate::config::Format;
use crate::config::kinds::{FieldType, RegisterKind};
use crate::diag::Problem;
use fit::Mapping;
use std::path::{Path, PathBuf};
use tables::Table;

use choose::*;
use chosen_scale::*;
use date_order::*;
use files::*;

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
    /// A training matrix's courses: each course's name and columns.
    courses: fit::matrix::Courses,
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
            // (In the languages read: `Metodologia valutazione rischi`,
            // `Risikomanagement Methodik`, `Risicomethode`.)
            [
                "method", "metod", "risk", "risik", "risch", "riesgo", "risque", "risico", "risco",
            ]
            .iter()
            .any(|w| p.contains(w))
                && in_force(&p)
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
    // People of other organisations doing a role (an external auditor).
    let mut external: Vec<String> = Vec::new();
    // Who the audit programme names as auditor.
    let mut auditors: Vec<String> = Vec::new();
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
                    if c.kind == RegisterKind::Audits && *field == "auditor" {
                        auditors.extend(items.iter().cloned());
                    }
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
    // A wiki's mention of a person is the name it shows.
    for r in refs.iter_mut() {
        if let std::borrow::Cow::Owned(plain) = crate::workspace::links::without_links(r) {
            *r = plain;
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
    // Someone named with a remark that they are from outside (`Ruth Mensah
    // (external auditor, Mensah Assurance)`), or named only as the auditor
    // of the audit programme (`Dr Hannah Okafor (School of Physics,
    // independent)`), is of another organisation: not staff to train.
    let outside = |r: &str| {
        r.split_once('(')
            .is_some_and(|(_, remark)| people::says_outside(remark))
    };
    let name_of = |r: &str| people::slug(r.split_once('(').map_or(r, |(n, _)| n).trim());
    for r in &refs {
        if outside(r) {
            external.push(name_of(r));
        }
    }
    for a in &auditors {
        let id = name_of(a);
        if !refs.iter().any(|r| !auditors.contains(r) && name_of(r) == id) {
            external.push(id);
        }
    }
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
            // (`CEO (top management)`: the title, and what its remark says.)
            let (title, remark) = match title.trim().strip_suffix(')').and_then(|t| t.rsplit_once('(')) {
                Some((t, r)) if people::says_top_management(r) && !t.trim().is_empty() => (t.trim(), true),
                _ => (title.as_str(), false),
            };
            let top = remark
                || c.table
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
                // (A wiki's mention of the holder is the name it shows.)
                let holder = crate::workspace::links::without_links(holder);
                let holder = holder.as_ref();
                for h in people::split_outside_brackets(holder)
                    .into_iter()
                    .filter(|h| !h.is_empty())
                {
                    // Someone from outside (`Gemma Lowe (external, Lowe
                    // Assurance)`) does the role; they are not staff whose
                    // training the ISMS keeps.
                    // (So does a role outsourced, `DPO (outsourced)`, or a
                    // company, `Clearwater Privacy Ltd`.)
                    if people::says_outside(&format!("{h} {title}")) || people::is_company(h) {
                        // (By their name, when they are named elsewhere: the
                        // auditor of the audit programme.)
                        if !people::is_company(h) {
                            external.push(name_of(h));
                        }
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
    // (A training register lists its people with their job titles too:
    // each person once.)
    let mut once: std::collections::HashSet<String> = std::collections::HashSet::new();
    let listed: Vec<people::Listed> = tables
        .iter()
        .filter(|t| {
            !chosen
                .iter()
                .any(|c| c.table.path == t.path && c.table.index == t.index && c.kind != RegisterKind::Training)
        })
        // (A folder of pages is no staff list, whatever keys its pages
        // share: comply's `name:` is a page's name. A folder named for
        // people is.)
        .filter(|t| !t.is_notes() || people::is_people_folder(&t.path))
        .filter_map(people::listed)
        .flatten()
        .filter(|p| once.insert(p.id.clone()))
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
    inactive.extend(refs.iter().filter_map(|r| people::left(r)));
    let mut named = people::from_references(refs.iter().map(String::as_str));
    people::as_roles(&mut named, &titles);
    people::assign(&mut named, &holders);
    // Where each person and role is among the names, kept as they change:
    // a list of thousands of people, each looked up by a scan of every
    // name, was quadratic.
    let mut index = people::Index::of(&named);
    for p in &listed {
        // A job-title column holds titles (`Customer Success`), roles
        // whatever their words.
        let mut roles: Vec<String> = Vec::new();
        if let Some(t) = &p.title {
            let role = people::role(t);
            if let people::Named::Role { id, .. } = &role {
                roles.push(id.clone());
                if !index.has_role(id) {
                    index.insert(&mut named, t.clone(), role.clone());
                }
            }
        }
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

    // (Someone a staff list names is staff, whatever else they do.)
    external.retain(|id| !listed.iter().any(|p| p.id == *id || people::slug(&p.name) == *id));
    let config = write::config(&write::Parts {
        organisation,
        dates,
        named: &named,
        inactive: &inactive,
        external: &external,
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
