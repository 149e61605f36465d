//! Objectives named by a document: whether its title names objectives,
//! the objectives it lists (with what each states), and its relative
//! links to other files.

use super::doc_type::words;
use crate::source::Span;

/// Whether a title names the organisation's objectives, in any of the
/// languages read (`Security objectives 2026`, `Informationssicherheitsziele`).
pub fn names_objectives(title: &str) -> bool {
    words(title).iter().any(|w| w == "objective" || w == "objectives")
}

/// The links of a text that point at files of the repository
/// (no scheme, no page anchor alone, not a site's absolute path), with the
/// span of each target as written; a wikilink (`[[Supplier procedure]]`)
/// as `[[name]]`.
pub fn relative_links(text: &str, body_start: usize) -> Vec<(String, Span)> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let body = text.get(body_start..).unwrap_or("");
    let mut out = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_WIKILINKS;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let target = match &event {
            // A note's `[[Other note]]` (an Obsidian vault): by its name,
            // kept as written between the brackets for the workspace to
            // find among the vault's notes.
            Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => {
                let name = dest_url.trim();
                if name.is_empty() || name.starts_with('#') || name.contains("://") {
                    continue;
                }
                let raw = body.get(range.clone()).unwrap_or("");
                let span = match raw.find(name) {
                    Some(at) => Span::new(
                        body_start + range.start + at,
                        body_start + range.start + at + name.len(),
                    ),
                    None => Span::new(body_start + range.start, body_start + range.end),
                };
                out.push((format!("[[{name}]]"), span));
                continue;
            }
            // (An image is no documented information: a logo left behind
            // by a Word conversion, `media/image1.png`, breaks nothing.)
            Event::Start(Tag::Link { dest_url, .. }) => dest_url.to_string(),
            _ => continue,
        };
        let t = target.trim();
        if t.is_empty()
            || t.starts_with('#')
            || t.starts_with('/')
            || t.contains("://")
            || t.contains(':')
            || t.starts_with('{')
        {
            continue;
        }
        let raw = body.get(range.clone()).unwrap_or("");
        let span = match raw.rfind(t) {
            Some(at) => Span::new(body_start + range.start + at, body_start + range.start + at + t.len()),
            None => Span::new(body_start + range.start, body_start + range.end),
        };
        out.push((t.to_string(), span));
    }
    out
}

/// Whether a list item's label names the page's control (`Owner`,
/// `Approver`, `Next review`), not an objective.
fn is_control_label(label: &str) -> bool {
    matches!(
        label,
        "owner"
            | "document owner"
            | "policy owner"
            | "approver"
            | "approved by"
            | "approved on"
            | "approved"
            | "approval date"
            | "next review"
            | "review date"
            | "last reviewed"
            | "reviewed"
            | "version"
            | "classification"
            | "effective date"
            | "effective"
            | "author"
            | "status"
    )
}

/// The objectives a document lists (the items of its top-level numbered
/// or bulleted list), each with whether it states a measure or target,
/// who owns it and when it is due: for a document about objectives.
pub fn listed_objectives(text: &str, body_start: usize) -> Vec<(String, Span, [bool; 3])> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let body = text.get(body_start..).unwrap_or("");
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<(String, usize, usize)> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) if depth == 1 => current = Some((String::new(), range.start, range.end)),
            Event::Text(t) | Event::Code(t) => {
                if let Some((s, _, _)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((s, _, _)) = current.as_mut() {
                    s.push(' ');
                }
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                if let Some((s, start, end)) = current.take() {
                    let lower = s.to_lowercase();
                    // A line of the page's own control (`Approver: CEO`)
                    // is no objective.
                    if lower
                        .split_once(':')
                        .is_some_and(|(label, _)| is_control_label(label.trim()))
                    {
                        continue;
                    }
                    // A link and nothing else (a page's breadcrumbs, `1.
                    // [ISMS Home](…)`) leads somewhere; it states nothing.
                    let item = body
                        .get(start..end)
                        .unwrap_or("")
                        .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '-' | '*' | '+' | ')'))
                        .trim();
                    if item.starts_with('[')
                        && item.ends_with(')')
                        && item.matches("](").count() == 1
                        && crate::workspace::links::without_links(item) != item
                    {
                        continue;
                    }
                    let measure = lower.contains("measur")
                        || lower.contains("target")
                        || lower.contains("kpi")
                        || lower.contains('%')
                        || lower.chars().any(|c| c.is_ascii_digit());
                    let owner = lower.contains("owner") || lower.contains("responsib") || lower.contains("lead:");
                    let when = crate::workspace::dates::find(&s, None).is_some()
                        || ["by ", "due", "quarter", "month", "year", "ongoing", "annual"]
                            .iter()
                            .any(|w| lower.contains(w));
                    let raw = body.get(start..end).unwrap_or("");
                    let first = raw.lines().next().unwrap_or("").trim_end();
                    out.push((
                        s.trim().to_string(),
                        Span::new(body_start + start, body_start + start + first.len()),
                        [measure, owner, when],
                    ));
                }
            }
            _ => {}
        }
    }
    out
}
