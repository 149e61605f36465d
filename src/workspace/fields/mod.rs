//! Checking one register cell or front-matter value against its documented
//! field type, and turning it into the plain JSON value rules see.

use crate::config::kinds::{Field, FieldType};
use crate::diag::Problem;
use crate::source::SourceFile;
use crate::tree::{Kind, Node};
use crate::workspace::annex_a::{self, ControlError};
use serde_json::Value;
use std::sync::Arc;

mod in_text;

pub use in_text::*;

/// Field names are matched loosely: `Risk Owner`, `risk-owner` and
/// `risk_owner` are the same name.
pub fn normalise_name(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The problem codes of one kind of file: a placeholder, a bad value.
pub type ValueCodes = (&'static str, &'static str);

/// Reads the value at `node` into `field`: the value, `None` when absent
/// (an empty cell), or the problem located at the value when it is a
/// template placeholder or does not fit the field. `name` says what the
/// value is (e.g. "risk `owner`"); it is only worked out for a problem.
pub fn read_field(
    field: &Field,
    node: &Node,
    ctx: &super::values::Context,
    (placeholder, bad_value): ValueCodes,
    (file, name): (&Arc<SourceFile>, &dyn Fn() -> String),
) -> Result<Option<Value>, Box<Problem>> {
    // What an investigation finds, not known yet (`Root cause: TBD` of an
    // incident under investigation), is not stated, rather than a blank
    // left. (A risk's treatment `TBD` is a decision not taken: said.)
    if matches!(
        field.name,
        "root_cause" | "lessons_learned" | "post_incident_report" | "corrective_action"
    ) && node.as_str().is_some_and(|s| {
        matches!(
            s.trim().trim_matches(['(', ')', '.']).to_lowercase().as_str(),
            "tbd" | "tbc" | "to be determined" | "to be confirmed" | "pending" | "under investigation"
        )
    }) {
        return Ok(None);
    }
    // Controls written as YAML numbers (`controls: [8.7, 5.30]`): as
    // written, not as the number (`5.30` is A.5.30, not 5.3).
    let written;
    let node = if matches!(field.ty, FieldType::Control | FieldType::Controls) && has_number(node) {
        written = numbers_as_written(node, &file.text);
        &written
    } else {
        node
    };
    if ctx.placeholders.node(node) && !node.as_str().is_some_and(|s| is_vocabulary_value(field, s)) {
        // Shown as written (`[TBD]` in YAML is a list, but the reader wrote
        // `[TBD]`), or as its value where the source cannot be shown.
        let written = file
            .text
            .get(node.span.start..node.span.end)
            .map(|w| w.trim().trim_matches(['"', '\'']))
            .filter(|w| !w.is_empty() && !w.contains('\n') && w.chars().count() <= 120)
            .map(str::to_string);
        let shown = written.unwrap_or_else(|| node.to_json().to_string().trim_matches('"').to_string());
        return Err(Box::new(
            Problem::new(
                placeholder,
                format!("{} is not filled in: `{shown}` is a placeholder", name()),
            )
            .at(file, node.span)
            .label("placeholder")
            .help(field.doc),
        ));
    }
    coerce(field, node, ctx).map_err(|message| {
        Box::new(
            Problem::new(bad_value, format!("{}: {message}", name()))
                .at(file, node.span)
                .label(field.ty.describe())
                .help(field.doc),
        )
    })
}

/// Whether a value is, or lists, a number.
fn has_number(node: &Node) -> bool {
    match &node.kind {
        Kind::Int(_) | Kind::Float(_) => true,
        Kind::Array(items) => items.iter().any(has_number),
        _ => false,
    }
}

/// The value with its numbers as the source writes them (`5.30`, not
/// `5.3`).
fn numbers_as_written(node: &Node, source: &str) -> Node {
    let kind = match &node.kind {
        Kind::Int(_) | Kind::Float(_) => match source.get(node.span.start..node.span.end) {
            Some(t) if !t.trim().is_empty() => Kind::Str(t.trim().trim_matches(['"', '\'']).to_string()),
            _ => Kind::Str(node.to_json().to_string()),
        },
        Kind::Array(items) => Kind::Array(items.iter().map(|i| numbers_as_written(i, source)).collect()),
        other => other.clone(),
    };
    Node::new(node.span, kind)
}

/// [`read_field`], giving the value as the rules hold it. Plain text and
/// whole numbers written as text (every CSV cell) are made directly; the
/// other types go through [`coerce`]'s JSON value, their short strings
/// (the items of a list: asset ids, owners) shared through `shared`.
pub fn read_rego(
    field: &Field,
    node: &Node,
    (ctx, shared): (&super::values::Context, &mut super::shared::Shared),
    codes: ValueCodes,
    at: (&Arc<SourceFile>, &dyn Fn() -> String),
) -> Result<Option<regorus::Value>, Box<Problem>> {
    if let Kind::Str(s) = &node.kind
        && matches!(field.ty, FieldType::Text | FieldType::Ref | FieldType::Integer)
        && !ctx.placeholders.node(node)
    {
        let t = s.trim();
        if is_blank(t) {
            return Ok(None);
        }
        if !matches!(field.ty, FieldType::Integer) {
            return Ok(Some(regorus::Value::from(t)));
        }
        if let Ok(i) = t.parse::<i64>() {
            return Ok(Some(regorus::Value::from(i)));
        }
    }
    read_field(field, node, ctx, codes, at).map(|v| v.as_ref().map(|v| shared.value(v)))
}

/// Checks a value against its field type. `Ok(None)` means the value is
/// empty (an empty CSV cell, `null`, `""`) and counts as absent.
pub fn coerce(field: &Field, node: &Node, ctx: &super::values::Context) -> Result<Option<Value>, String> {
    if is_empty(node) {
        return Ok(None);
    }
    // A treatment not yet decided (`offen`, `TBD`, `pending`) is none: the
    // rules say what a risk without one needs.
    if field.name == "treatment"
        && let Some(t) = node.as_str()
        && undecided(t)
    {
        return Ok(None);
    }
    let text = node.as_str();
    let v = match field.ty {
        FieldType::Text => match &node.kind {
            Kind::Str(s) => Value::from(s.trim()),
            Kind::Int(i) => Value::from(i.to_string()),
            Kind::Float(f) => Value::from(f.to_string()),
            // A list where one text is expected (an export's `findings:
            // [NC-1, NC-2]` as a report): its items, joined.
            Kind::Array(_) => Value::from(list(field, node)?.join("; ")),
            _ => return Err(expected(field, node)),
        },
        FieldType::Integer => match (&node.kind, text) {
            (Kind::Int(i), _) => Value::from(*i),
            (_, Some(s)) if ctx.scale_rank(field.name, s).is_some() => {
                Value::from(ctx.scale_rank(field.name, s).unwrap_or_default())
            }
            (_, Some(s)) => s
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| format!("`{}` is not a whole number", s.trim()))?,
            _ => return Err(expected(field, node)),
        },
        FieldType::Number => match (&node.kind, text) {
            (Kind::Int(i), _) => Value::from(*i),
            (Kind::Float(f), _) => Value::from(*f),
            (_, Some(s)) => {
                let cleaned = s.trim().replace([',', '_'], "");
                match cleaned.parse::<i64>() {
                    Ok(i) => Value::from(i),
                    Err(_) => cleaned
                        .parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .map(Value::from)
                        .ok_or_else(|| format!("`{}` is not a number", s.trim()))?,
                }
            }
            _ => return Err(expected(field, node)),
        },
        FieldType::Bool => match (&node.kind, text) {
            (Kind::Bool(b), _) => Value::from(*b),
            (_, Some(s)) => match yes_no(s) {
                Some(b) => Value::from(b),
                None => return Err(format!("`{}` is not yes/no or true/false", s.trim())),
            },
            _ => return Err(expected(field, node)),
        },
        FieldType::Date => match (text, &node.kind) {
            (Some(s), _) => match super::dates::read(s, ctx.dates)? {
                Some(d) => Value::from(d),
                None => return Ok(None),
            },
            // A revision history (comply's `majorRevisions: [{date: Jun 1
            // 2025, comment: …}]`): its latest date.
            (None, Kind::Array(items)) => {
                let mut latest: Option<String> = None;
                for item in items {
                    let date = match &item.kind {
                        Kind::Table(entries) => entries
                            .iter()
                            .find(|(k, _)| k.name.eq_ignore_ascii_case("date"))
                            .and_then(|(_, v)| v.as_str()),
                        _ => item.as_str(),
                    };
                    let Some(date) = date else {
                        return Err(expected(field, node));
                    };
                    if let Some(d) = super::dates::read(date, ctx.dates)? {
                        latest = latest.max(Some(d));
                    }
                }
                match latest {
                    Some(d) => Value::from(d),
                    None => return Ok(None),
                }
            }
            (None, _) => return Err(expected(field, node)),
        },
        FieldType::DateTime => match text {
            Some(s) => match date_time(s.trim()) {
                Ok(dt) => Value::from(dt),
                // A date however written, with its time (`09/01/2026
                // 08:42`) or without one.
                Err(e) => {
                    let (day, time) = match s.trim().rsplit_once(' ') {
                        Some((d, t)) if clock(t).is_some() => (d, clock(t)),
                        _ => (s, None),
                    };
                    match super::dates::read(day, ctx.dates) {
                        Ok(Some(d)) => Value::from(format!("{d}T{}", time.as_deref().unwrap_or("00:00:00"))),
                        Ok(None) => return Ok(None),
                        Err(_) => return Err(e),
                    }
                }
            },
            None => return Err(expected(field, node)),
        },
        // `implemented: true`: the vocabulary's yes or no.
        FieldType::Enum(values) if matches!(node.kind, Kind::Bool(_)) => {
            let Kind::Bool(yes) = node.kind else {
                return Err(expected(field, node));
            };
            match enumeration(values, if yes { "yes" } else { "no" }) {
                Ok(v) => Value::from(v),
                Err(_) => return Err(expected(field, node)),
            }
        }
        FieldType::Enum(values) => match text {
            Some(s) => match enumeration(values, s) {
                Ok(v) => Value::from(v),
                // The organisation's own word, where the vocabulary is its own.
                Err(_) if field.open => Value::from(s.trim()),
                Err(e) => return Err(e),
            },
            None => return Err(expected(field, node)),
        },
        FieldType::List | FieldType::Refs => Value::from(list(field, node)?),
        FieldType::Ref => match text {
            Some(s) => Value::from(s.trim()),
            None => return Err(expected(field, node)),
        },
        FieldType::Control => match text {
            Some(s) => Value::from(control(s)?),
            None => return Err(expected(field, node)),
        },
        FieldType::Controls => {
            // A relation to pages (`A.8.3 Restricting access (https://…)`):
            // their links left out.
            let unlinked;
            let node = match node.as_str() {
                Some(t) if t.contains("://") => {
                    unlinked = Node::new(node.span, Kind::Str(without_links(t)));
                    &unlinked
                }
                _ => node,
            };
            let items: Vec<String> = list(field, node)?
                .iter()
                .flat_map(|i| {
                    i.split('/')
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(String::from)
                        .collect::<Vec<_>>()
                })
                .collect();
            Value::from(
                items
                    .iter()
                    .map(|s| control_or_theme(s))
                    .collect::<Result<Vec<_>, _>>()?,
            )
        }
    };
    Ok(Some(v))
}

fn is_empty(node: &Node) -> bool {
    match &node.kind {
        Kind::Null => true,
        Kind::Str(s) => is_blank(s),
        _ => false,
    }
}

/// An empty cell, or one holding only a dash (`-`, `—`, `–`): nothing
/// written.
pub fn is_blank(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || (t.chars().count() <= 2 && t.chars().all(|c| matches!(c, '-' | '—' | '–' | '−')))
}

fn expected(field: &Field, node: &Node) -> String {
    // A list where one value is asked (`owner: [IT Manager, CISO]`): say
    // what it holds, as written.
    if let Kind::Array(items) = &node.kind {
        let shown: Vec<String> = items
            .iter()
            .map(|i| {
                i.as_str()
                    .map_or_else(|| i.to_json().to_string(), |s| s.trim().to_string())
            })
            .collect();
        if !shown.is_empty() && shown.len() <= 6 {
            return format!(
                "{} values ({}) where one {} is expected",
                shown.len(),
                shown.join(", "),
                field.ty.describe()
            );
        }
    }
    format!("expected {}, found {}", field.ty.describe(), node.type_name())
}

/// Checks `YYYY-MM-DD`.
pub fn date(s: &str) -> Result<String, String> {
    if s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not a date: write YYYY-MM-DD"))
    }
}

/// Accepts a date, or a date and time with `T` or a space, optional seconds
/// and an optional offset; returns it as `YYYY-MM-DDTHH:MM:SS`, converted to
/// UTC when an offset is given, so that rules can compare and subtract.
fn date_time(s: &str) -> Result<String, String> {
    let bad = || format!("`{s}` is not a date-time: write YYYY-MM-DDTHH:MM (optionally with seconds and an offset)");
    if s.len() == 10 {
        return date(s).map(|d| format!("{d}T00:00:00")).map_err(|_| bad());
    }
    let normal = s.replacen(' ', "T", 1);
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(&normal) {
        return Ok(dt.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string());
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(&normal, fmt) {
            return Ok(dt.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    Err(bad())
}

/// A time of day, `08:42` or `08:42:10`, as `HH:MM:SS`.
fn clock(t: &str) -> Option<String> {
    ["%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveTime::parse_from_str(t, f).ok())
        .map(|time| time.format("%H:%M:%S").to_string())
}

/// `2 of 3`, `3/3`, `3 van 4`, `2 sur 3`, `88%` opening a text: (done,
/// of).
fn progress_count(s: &str) -> Option<(u32, u32)> {
    let t = s.trim().to_lowercase().replace('/', " / ").replace('%', " % ");
    if let Some(p) = t.split_whitespace().next().and_then(|n| n.parse::<u32>().ok())
        && t.split_whitespace().nth(1) == Some("%")
    {
        return (p <= 100).then_some((p, 100));
    }
    let mut words = t.split_whitespace();
    let done: u32 = words.next()?.parse().ok()?;
    let mut next = words.next()?;
    if next == "out" {
        next = words.next().filter(|w| *w == "of")?;
    }
    if !matches!(next, "of" | "/" | "van" | "von" | "de" | "sur" | "su" | "di" | "aus") {
        return None;
    }
    let of: u32 = words.next()?.parse().ok()?;
    (of > 0 && done <= of).then_some((done, of))
}

fn enumeration(values: &[&str], s: &str) -> Result<String, String> {
    let lookup = |s: &str| -> Option<String> {
        let wanted = s.trim().to_lowercase().replace('_', "-");
        for v in values {
            match v.split_once('=') {
                Some((alias, target)) if alias == wanted || alias.replace('-', " ") == wanted.replace('-', " ") => {
                    return Some(target.to_string());
                }
                None if *v == wanted || v.replace('-', " ") == wanted => return Some((*v).to_string()),
                _ => {}
            }
        }
        None
    };
    // As written; else in English (`freigegeben`, `(Approved)`, `sehr hoch`).
    let read = |s: &str| lookup(s).or_else(|| super::words::values_in_english(s).iter().find_map(|e| lookup(e)));
    if let Some(v) = read(s) {
        return Ok(v);
    }
    // Confluence's status macro, exported as text (`STATUS: APPROVED`).
    if let Some(rest) = s
        .trim()
        .get(..7)
        .filter(|h| h.eq_ignore_ascii_case("status:"))
        .and(s.trim().get(7..))
        && let Some(v) = read(rest.trim())
    {
        return Ok(v);
    }
    // A tick or a cross (`✅`, `✗`) where the vocabulary says what yes and
    // no are (`yes=implemented`).
    if let Some(v) = yes_no(s).and_then(|yes| lookup(if yes { "yes" } else { "no" })) {
        return Ok(v);
    }
    // Progress as a count (`2 of 3 depots met`, `3 van 4 gehaald`, `3/3 so
    // far`) where the vocabulary has an achieved state: all of them is
    // achieved, fewer is still under way.
    if let Some((done, of)) = progress_count(s)
        && let Some(v) = lookup("achieved")
    {
        return Ok(if done >= of { v } else { lookup("on-track").unwrap_or(v) });
    }
    // A value followed by its remark (`Open - investigating`, `Planned Q2
    // 2027`, `Closed (duplicate)`): the value it opens with.
    let t = s.trim();
    let head = t
        .find([' ', '(', ':', ',', ';'])
        .map(|at| t[..at].trim_end_matches(['-', '–', '—']))
        .filter(|h| !h.is_empty() && h.len() < t.len());
    let lead = t
        .split_once([':', ',', ';', '(', '–', '—'])
        .or_else(|| t.split_once(" - "))
        .map(|(h, _)| h.trim());
    for part in [lead, head].into_iter().flatten() {
        if let Some(v) = read(part) {
            return Ok(v);
        }
    }
    let names: Vec<&str> = values.iter().filter(|v| !v.contains('=')).copied().collect();
    Err(format!("`{}` is not one of: {}", s.trim(), names.join(", ")))
}

/// Whether a text is a value of the field's vocabulary, in whatever
/// language or decoration (`[DRAFT]` is a status, not a blank).
pub fn is_vocabulary_value(field: &Field, s: &str) -> bool {
    match field.ty {
        FieldType::Enum(values) => enumeration(values, s).is_ok(),
        FieldType::Bool => yes_no(s).is_some(),
        _ => false,
    }
}

/// Whether a treatment cell says none was decided yet.
fn undecided(s: &str) -> bool {
    let t = s.trim().trim_end_matches(['.', '!']).to_lowercase();
    let english = super::words::value_in_english(&t).unwrap_or_else(|| t.clone());
    [t.as_str(), english.as_str()].iter().any(|w| {
        matches!(
            *w,
            "open" | "tbd" | "tbc" | "pending" | "undecided" | "to be decided" | "not decided" | "none" | "not yet"
        )
    })
}

/// A yes/no answer in any of the languages read.
fn yes_no(s: &str) -> Option<bool> {
    // An emoji's presentation selector (`✔️`) is not part of the answer.
    let t = s.trim().trim_end_matches('\u{fe0f}').to_lowercase();
    match t.as_str() {
        "true" | "yes" | "y" | "x" | "1" | "✓" | "✔" | "✅" | "☑" | "☒" => Some(true),
        "false" | "no" | "n" | "0" | "✗" | "✘" | "❌" | "✖" | "☐" => Some(false),
        // The one-letter answers of a `J/N`, `S/N` or `O/N` column.
        "j" | "s" | "o" => Some(true),
        // An SoA's own words for applicability (`Included/Excluded`).
        "included" | "include" | "applicable" | "in scope" | "selected" => Some(true),
        "excluded" | "exclude" | "not applicable" | "n/a" | "na" | "out of scope" | "not selected" => Some(false),
        _ => match super::words::value_in_english(&t).as_deref() {
            Some("yes") => Some(true),
            Some("no") => Some(false),
            // An answer and its remark (`Yes — 15 Sep 2026`, `No, not
            // used`, `Y (baseline)`): the answer.
            _ => [" —", " –", " -", ",", ":", ";", " (", " /"]
                .iter()
                .find_map(|sep| t.split_once(sep).map(|(head, _)| head.trim()))
                .filter(|head| {
                    [
                        "yes", "no", "y", "n", "true", "false", "ja", "nein", "oui", "non", "sí", "si",
                    ]
                    .contains(head)
                })
                .and_then(yes_no),
        },
    }
}

/// A control id, or a theme of Annex A (`A.8`, the technological
/// controls) where a list names a whole theme: kept as `A.8`, for rules to
/// read as any control of it.
fn control_or_theme(s: &str) -> Result<String, String> {
    let t = s.trim();
    // A related page titled by its control (`A.8.3 Restricting access
    // (https://…)`): the control.
    let t = match leading_control(t) {
        Some(end) => &t[..end],
        None => t,
    };
    let theme = t
        .strip_prefix("A.")
        .or_else(|| t.strip_prefix("Annex A."))
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|n| (5..=8).contains(n));
    match theme {
        Some(n) => Ok(format!("A.{n}")),
        None => control(t),
    }
}

pub(crate) fn control(s: &str) -> Result<String, String> {
    annex_a::normalise(s).map_err(|e| match e {
        ControlError::Malformed => format!("`{}` is not an Annex A control id (write e.g. A.5.1)", s.trim()),
        ControlError::Unknown(id) => format!("`{id}` is not a control of ISO/IEC 27001:2022 Annex A (A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14, A.8.1–A.8.34)"),
        ControlError::Edition2013(id) => match crate::workspace::annex_a::successors_2013(&id) {
            Some(new) => format!(
                "`{id}` is an ISO/IEC 27001:2013 control id: the 2022 edition renumbered Annex A, and {} succeeds it",
                new.join(" and ")
            ),
            None => format!("`{id}` is shaped like an ISO/IEC 27001:2013 control id, but that edition had no such control: name an ISO/IEC 27001:2022 control (A.5.1–A.8.34)"),
        },
    })
}

fn list(field: &Field, node: &Node) -> Result<Vec<String>, String> {
    match &node.kind {
        Kind::Str(s) => Ok(s
            .split([';', ',', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()),
        Kind::Array(items) => items
            .iter()
            .map(|item| match &item.kind {
                Kind::Str(s) => Ok(s.trim().to_string()),
                Kind::Int(i) => Ok(i.to_string()),
                // An item that is a record of its own (an action with its
                // id, title and owner) is named by its id.
                Kind::Table(_) if item.get("id").and_then(Node::as_str).is_some() => Ok(item
                    .get("id")
                    .and_then(Node::as_str)
                    .unwrap_or_default()
                    .trim()
                    .to_string()),
                _ => Err(format!(
                    "expected {}: every item a string, found {}",
                    field.ty.describe(),
                    item.type_name()
                )),
            })
            .collect(),
        _ => Err(expected(field, node)),
    }
}

#[cfg(test)]
mod tests;
