//! A document's headings and its title: the Markdown headings of the body,
//! numbered sections, and a bold line that stands for a title.

use super::Heading;
use crate::source::Span;

/// Whether a heading is a numbered section (`1.0 Purpose`, `1. Scope`,
/// `2 Roles`), not a document's title.
pub(super) fn is_numbered_section(heading: &str) -> bool {
    let t = heading.trim();
    let number: String = t.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    number.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t[number.len()..].starts_with([' ', '\t'])
        && crate::workspace::fields::leading_control(t).is_none()
}

/// A Word document's title: the first paragraph in bold alone (`**ISP-001
/// Information Security Policy**`) before the first heading, that is not
/// the organisation's letterhead (its name, or in capitals a company's).
pub(super) fn bold_title(text: &str, body_start: usize, organisation: &str) -> Option<(String, Span)> {
    let mut pos = body_start;
    for line in text.get(body_start..)?.split_inclusive('\n') {
        let at = pos;
        pos += line.len();
        let t = line.trim();
        if t.starts_with('#') || t.starts_with('|') || t.starts_with('+') {
            break;
        }
        let Some(inner) = t
            .strip_prefix("**")
            .and_then(|r| r.strip_suffix("**"))
            .or_else(|| t.strip_prefix("__").and_then(|r| r.strip_suffix("__")))
        else {
            continue;
        };
        let inner = inner.trim();
        let letters: Vec<char> = inner.chars().filter(|c| c.is_alphabetic()).collect();
        let letterhead = (!organisation.is_empty() && inner.eq_ignore_ascii_case(organisation.trim()))
            || (letters.iter().all(|c| c.is_uppercase())
                && ["ltd", "limited", "gmbh", "inc", "plc", "llc", "sa", "bv", "ag"]
                    .iter()
                    .any(|w| {
                        inner
                            .to_lowercase()
                            .split_whitespace()
                            .any(|x| x.trim_matches('.') == *w)
                    }));
        if inner.is_empty() || letterhead || inner.contains("**") {
            continue;
        }
        let lead = line.find(inner).unwrap_or(0);
        return Some((inner.to_string(), Span::new(at + lead, at + lead + inner.len())));
    }
    None
}

/// The headings of the body (ATX and setext; not inside code blocks).
pub(super) fn headings(text: &str, body_start: usize) -> Vec<Heading> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let body = text.get(body_start..).unwrap_or("");
    let mut out = Vec::new();
    let mut current: Option<(u8, String, Span)> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let span = Span::new(range.start + body_start, range.end + body_start);
                current = Some((level as u8, String::new(), span));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s, _)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, span)) = current.take() {
                    let span = Span::new(span.start, span.end);
                    out.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        span: trim_span(body_start, body, span),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

pub(super) fn trim_span(body_start: usize, body: &str, span: Span) -> Span {
    let local = body.get(span.start - body_start..span.end - body_start).unwrap_or("");
    let trimmed = local.trim_end_matches(['\n', '\r']);
    Span::new(span.start, span.start + trimmed.len())
}
