//! The shape of a register's rows: section and totals rows that are no
//! records, keyed tables flattened into records, and the records found
//! under a register's key.

use crate::config::kinds::RegisterKind;
use crate::source::Span;
use crate::tree::{Key, Kind, Node};

/// `a`, `a and b`, `a, b and c`.
pub(super) fn join_and(items: &[String]) -> String {
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
    let filled: Vec<&str> = filled
        .into_iter()
        .filter(|t| !crate::workspace::fields::is_blank(t))
        .collect();
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
pub(super) fn annex_a_control(text: &str) -> Option<String> {
    crate::workspace::annex_a::normalise(text).ok()
}

/// The name a part of a compound column is known by.
pub(super) fn part_key(column: &str, field: &str) -> String {
    format!("{column}\u{1f}{field}")
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
pub(super) fn records_of(kind: RegisterKind, key: Option<&str>, root: Node) -> Result<(Vec<Node>, Vec<Key>), String> {
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
