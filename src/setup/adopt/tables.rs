//! The tables of a folder that could be registers: every CSV file, every
//! Markdown pipe table, the records of every YAML, JSON and TOML file, and
//! each folder of notes with front matter (a note a row), each as its
//! header and its cells' text.

use crate::config::Format;
use crate::tree::{Kind, Node};

/// A table found in the folder.
#[derive(Debug, Clone)]
pub struct Table {
    pub path: String,
    pub format: Format,
    /// A CSV file's delimiter.
    pub delimiter: u8,
    /// A Markdown table: the heading it sits under.
    pub heading: Option<String>,
    /// Which of the file's Markdown tables this is, and how many it has.
    pub index: (usize, usize),
    /// A YAML, JSON or TOML file: the top-level key holding the records
    /// (none for a top-level list).
    pub records_key: Option<String>,
    /// The column (or record key) names, in order.
    pub header: Vec<String>,
    /// Each column's cells, as text (blank where a row has none).
    pub columns: Vec<Vec<String>>,
    /// Data rows.
    pub rows: usize,
    /// Why the file cannot be read whole, if it cannot.
    pub malformed: Option<String>,
    /// The file is Windows-1252 text, not UTF-8.
    pub windows_1252: bool,
}

impl Table {
    /// Where the table is, for a person: the file, and the heading of a
    /// Markdown table when its file holds several.
    pub fn place(&self) -> String {
        match (&self.heading, self.index.1 > 1) {
            (Some(h), true) => format!("`{}` (the table under \"{h}\")", self.path),
            _ => format!("`{}`", self.path),
        }
    }

    /// A folder of notes, one record per note.
    pub fn is_notes(&self) -> bool {
        self.path.ends_with('/')
    }
}

/// Folders of notes, one record per note (`incidents/`, a Markdown file
/// per incident with its front matter): each folder holding two notes or
/// more with front matter, as one table whose path is the folder's with a
/// `/` and whose rows are its notes, in the order of their names. The
/// note's file name stands for its `id`, its first heading for its
/// `title`, where its keys give none (as `isms check` reads them).
pub fn notes(markdown: &[(String, String)], data: &[(String, String)]) -> Vec<Table> {
    let mut folders: std::collections::BTreeMap<&str, Vec<(&str, &str)>> = std::collections::BTreeMap::new();
    for (path, text) in markdown.iter().chain(data) {
        let Some((folder, name)) = path.rsplit_once('/') else {
            continue;
        };
        if name.starts_with(['.', '_']) {
            continue;
        }
        folders.entry(folder).or_default().push((name, text));
    }
    let mut out = Vec::new();
    for (folder, mut notes) in folders {
        notes.sort();
        let mut records: Vec<Vec<(String, String)>> = Vec::new();
        for (name, text) in &notes {
            // A record kept as a data file of its own (`risks/R-007.yaml`),
            // or a note's front matter.
            let (parsed, body_from) = match Format::from_path(name) {
                Some(Format::Yaml) => (crate::tree::parse_yaml(text), None),
                Some(Format::Json) => (crate::tree::parse_json(text), None),
                Some(Format::Toml) => (crate::tree::parse_toml(text), None),
                _ => {
                    let Some((toml, inner, block)) = crate::workspace::note_head::front_matter(text) else {
                        continue;
                    };
                    if block.end == usize::MAX {
                        continue;
                    }
                    let body = text.get(inner.start..inner.end).unwrap_or("");
                    let parsed = if toml {
                        crate::tree::parse_toml(body)
                    } else {
                        crate::tree::parse_yaml(body)
                    };
                    (parsed, Some(block.end))
                }
            };
            let Ok(Node {
                kind: Kind::Table(entries),
                ..
            }) = parsed
            else {
                continue;
            };
            let mut row: Vec<(String, String)> = entries.iter().map(|(k, v)| (k.name.clone(), text_of(v))).collect();
            let has = |row: &[(String, String)], key: &str| row.iter().any(|(k, _)| k.eq_ignore_ascii_case(key));
            // (As `isms check` reads the note: `register::load_note`.)
            if !has(&row, "id") {
                row.insert(0, ("id".into(), crate::workspace::note_head::stem(name).to_string()));
            }
            if let Some(body) = body_from
                && !has(&row, "title")
                && let Some((_, h)) = crate::workspace::note_head::first_title_heading(text, body)
            {
                row.push(("title".into(), h.to_string()));
            }
            records.push(row);
        }
        if records.len() < 2 {
            continue;
        }
        let mut header: Vec<String> = Vec::new();
        for row in &records {
            for (k, _) in row {
                if !header.contains(k) {
                    header.push(k.clone());
                }
            }
        }
        let columns: Vec<Vec<String>> = header
            .iter()
            .map(|h| {
                records
                    .iter()
                    .map(|row| {
                        row.iter()
                            .find(|(k, _)| k == h)
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        out.push(Table {
            path: format!("{folder}/"),
            format: Format::Yaml,
            delimiter: b',',
            heading: None,
            index: (0, 1),
            records_key: None,
            header,
            columns,
            rows: records.len(),
            malformed: None,
            windows_1252: false,
        });
    }
    out
}

/// Whether a YAML, JSON or TOML file holds one record: a table of three
/// keys or more, none of them a list of tables (a register's records).
pub fn is_one_record(format: Format, text: &str) -> bool {
    // (One record is short: a register's file is not parsed twice.)
    if text.len() > 16 * 1024 {
        return false;
    }
    let parsed = match format {
        Format::Yaml => crate::tree::parse_yaml(text),
        Format::Json => crate::tree::parse_json(text),
        Format::Toml => crate::tree::parse_toml(text),
        _ => return false,
    };
    let Ok(Node {
        kind: Kind::Table(entries),
        ..
    }) = parsed
    else {
        return false;
    };
    entries.len() >= 3
        && entries.iter().all(|(_, v)| match &v.kind {
            Kind::Array(items) => !items.iter().any(|i| matches!(i.kind, Kind::Table(_))),
            Kind::Table(inner) => inner.len() <= 8,
            _ => true,
        })
}

/// The tables of one file's text.
pub fn of_file(path: &str, format: Format, text: &str) -> Vec<Table> {
    match format {
        Format::Csv => csv(path, text).into_iter().collect(),
        Format::Markdown => markdown(path, text),
        Format::Yaml | Format::Json | Format::Toml => data(path, format, text).into_iter().collect(),
    }
}

/// Why a YAML, JSON or TOML file cannot be read at all, with the line:
/// `isms adopt` says so rather than pass over it in silence.
pub fn unreadable(format: Format, text: &str) -> Option<String> {
    let parsed = match format {
        Format::Yaml => crate::tree::parse_yaml(text),
        Format::Json => crate::tree::parse_json(text),
        Format::Toml => crate::tree::parse_toml(text),
        Format::Csv => {
            // A CSV with a header isms cannot read (an empty or duplicate
            // column name) is said, not passed over.
            let e = crate::tree::CsvRows::new(text, sniff_delimiter(text)).err()?;
            let line = text.get(..e.span.start).map_or(1, |t| t.matches('\n').count() + 1);
            return Some(format!("its header cannot be read (line {line}: {})", e.message));
        }
        _ => return None,
    };
    let e = parsed.err()?;
    let line = text.get(..e.span.start).map_or(1, |t| t.matches('\n').count() + 1);
    let what = match format {
        Format::Yaml => "YAML",
        Format::Json => "JSON",
        _ => "TOML",
    };
    Some(format!("not valid {what} (line {line}: {})", e.message))
}

/// The delimiter of a CSV export: the one of `,`, `;` and tab that its
/// header line uses most (outside quotes); `,` when none.
pub fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in &mut counts {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts
        .iter()
        .filter(|c| c.1 > 0)
        .max_by_key(|c| c.1)
        .map_or(b',', |c| c.0)
}

fn csv(path: &str, text: &str) -> Option<Table> {
    let delimiter = sniff_delimiter(text);
    let (header, rows) = crate::tree::CsvRows::new(text, delimiter).ok()?;
    let mut table = Table {
        path: path.to_string(),
        format: Format::Csv,
        delimiter,
        heading: None,
        index: (0, 1),
        records_key: None,
        header: header.iter().map(|k| k.name.clone()).collect(),
        columns: vec![Vec::new(); header.len()],
        rows: 0,
        malformed: None,
        windows_1252: false,
    };
    for row in rows {
        match row {
            Ok((_, cells)) => push_row(&mut table, cells.iter().map(|n| n.as_str().unwrap_or(""))),
            Err(e) => {
                table.malformed.get_or_insert(e.message);
            }
        }
    }
    Some(table)
}

fn push_row<'a>(table: &mut Table, cells: impl Iterator<Item = &'a str>) {
    let row: Vec<&str> = cells.map(str::trim).collect();
    // A note under the table (`SoA v3 – prepared by …, approved by …`): a
    // sentence in the first cell, the rest empty; no record (as the check
    // reads it).
    // (Nor a spreadsheet's totals row, `TOTAL,93 controls,…`.)
    if row
        .first()
        .is_some_and(|c| crate::workspace::register::is_totals_label(c))
    {
        return;
    }
    let filled = row.iter().filter(|c| !c.is_empty()).count();
    if table.columns.len() > 2 && filled == 1 && row.first().is_some_and(|c| c.split_whitespace().count() >= 6) {
        return;
    }
    let mut cells = row.into_iter();
    for column in &mut table.columns {
        column.push(cells.next().unwrap_or("").to_string());
    }
    table.rows += 1;
}

fn markdown(path: &str, text: &str) -> Vec<Table> {
    let found = crate::tree::markdown::tables(text);
    let n = found.len();
    found
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let mut table = Table {
                path: path.to_string(),
                format: Format::Markdown,
                delimiter: b',',
                heading: t.heading.clone(),
                index: (i, n),
                records_key: None,
                header: t.header.iter().map(|k| k.name.clone()).collect(),
                columns: vec![Vec::new(); t.header.len()],
                rows: 0,
                malformed: None,
                windows_1252: false,
            };
            for row in t.records() {
                match row {
                    Ok((_, cells)) => push_row(&mut table, cells.iter().map(|n| n.as_str().unwrap_or(""))),
                    Err(e) => {
                        table.malformed.get_or_insert(e.message);
                    }
                }
            }
            table
        })
        .collect()
}

/// The records of a YAML, JSON or TOML file: a top-level list of tables,
/// or the largest list of tables under a top-level key.
fn data(path: &str, format: Format, text: &str) -> Option<Table> {
    let root = match format {
        Format::Yaml => crate::tree::parse_yaml(text),
        Format::Json => crate::tree::parse_json(text),
        _ => crate::tree::parse_toml(text),
    }
    .ok()?;
    let root_keyed = crate::workspace::register::keyed(&root).filter(|items| items.len() >= 3);
    let (key, items): (Option<String>, Vec<Node>) = match root.kind {
        Kind::Array(items) => (None, items),
        // A map of records by id, at the top.
        Kind::Table(_) if root_keyed.is_some() => (None, root_keyed.unwrap_or_default()),
        Kind::Table(entries) => {
            // The largest list of tables at the top or one level down
            // (`{"data": {"risks": [...]}}` is `data.risks`).
            let mut lists: Vec<(String, Vec<Node>)> = Vec::new();
            for (k, v) in entries {
                match v.kind {
                    Kind::Array(items) if items.iter().any(|i| matches!(i.kind, Kind::Table(_))) => {
                        lists.push((k.name, items))
                    }
                    // Records keyed by their id (`[controls]` then `"A.5.1" = {…}`).
                    Kind::Table(_) if crate::workspace::register::keyed(&v).is_some_and(|i| i.len() >= 3) => {
                        lists.push((k.name, crate::workspace::register::keyed(&v).unwrap_or_default()))
                    }
                    Kind::Table(inner) => {
                        for (k2, v2) in inner {
                            if let Kind::Array(items) = v2.kind
                                && items.iter().any(|i| matches!(i.kind, Kind::Table(_)))
                            {
                                lists.push((format!("{}.{}", k.name, k2.name), items));
                            }
                        }
                    }
                    _ => {}
                }
            }
            let (k, items) = lists.into_iter().max_by_key(|(_, items)| items.len())?;
            (Some(k), items)
        }
        _ => return None,
    };
    let records: Vec<Vec<(String, String)>> = items
        .into_iter()
        .filter_map(|item| match item.kind {
            Kind::Table(entries) => Some(
                crate::workspace::register::flatten(entries)
                    .into_iter()
                    .map(|(k, v)| (k.name, text_of(&v)))
                    .collect(),
            ),
            _ => None,
        })
        .collect();
    if records.is_empty() {
        return None;
    }
    let mut header: Vec<String> = Vec::new();
    for r in &records {
        for (k, _) in r {
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
    }
    let mut table = Table {
        path: path.to_string(),
        format,
        delimiter: b',',
        heading: None,
        index: (0, 1),
        records_key: key,
        columns: vec![Vec::new(); header.len()],
        header,
        rows: 0,
        malformed: None,
        windows_1252: false,
    };
    for r in &records {
        let cells: Vec<&str> = table
            .header
            .iter()
            .map(|h| r.iter().find(|(k, _)| k == h).map_or("", |(_, v)| v.as_str()))
            .collect();
        push_row(&mut table, cells.into_iter());
    }
    Some(table)
}

/// A value as the text a cell would hold: lists joined with `; `.
fn text_of(node: &Node) -> String {
    match &node.kind {
        Kind::Null => String::new(),
        Kind::Bool(b) => b.to_string(),
        Kind::Int(i) => i.to_string(),
        Kind::Float(f) => f.to_string(),
        Kind::Str(s) => s.clone(),
        Kind::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join("; "),
        Kind::Table(_) => node.to_json().to_string(),
    }
}
