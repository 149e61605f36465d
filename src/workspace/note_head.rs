//! The head of a Markdown note or document, shared by documents and
//! registers kept as notes: its front matter block, the id its file name
//! gives, and its first title heading.

use crate::source::Span;
use crate::tree::{Kind, Node};

/// A file's name without its folders and its extension: the id of a
/// document or a note that states none (`NC-002.md` is `NC-002`, `R-007.yaml`
/// is `R-007`); a Notion export's page id after the name (`Access Control
/// Policy 2e3f…7b.md`) is no part of it.
pub(crate) fn stem(name: &str) -> &str {
    let file = name.rsplit('/').next().unwrap_or(name);
    let file = [".md", ".MD", ".markdown", ".yaml", ".yml", ".json", ".toml"]
        .iter()
        .find_map(|ext| file.strip_suffix(ext))
        .unwrap_or(file);
    match file.rsplit_once(' ') {
        Some((page, id)) if !page.trim().is_empty() && id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) => {
            page.trim_end()
        }
        _ => file,
    }
}

/// The first top-level heading (`# Title`) from `from` on: its span in
/// the text, and its words.
pub(crate) fn first_title_heading(text: &str, from: usize) -> Option<(Span, &str)> {
    let mut pos = from;
    for line in text.get(from..)?.split_inclusive('\n') {
        let t = line.trim_end();
        if let Some(h) = t.strip_prefix("# ").map(str::trim).filter(|h| !h.is_empty()) {
            let at = pos + (t.len() - h.len());
            return Some((Span::new(at, at + h.len()), h));
        }
        pos += line.len();
    }
    None
}

/// Where the front matter is: (format is TOML, inner text span, block span).
pub(crate) fn front_matter(text: &str) -> Option<(bool, Span, Span)> {
    let (fence, toml) = if text.starts_with("+++") {
        ("+++", true)
    } else if text.starts_with("---") {
        ("---", false)
    } else {
        return None;
    };
    let first_end = text.find('\n')?;
    if text.get(..first_end)?.trim_end() != fence {
        return None;
    }
    let inner_start = first_end + 1;
    let mut pos = inner_start;
    for line in text.get(inner_start..)?.split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some((toml, Span::new(inner_start, pos), Span::new(0, pos + line.len())));
        }
        pos += line.len();
    }
    // An opening fence with no closing one: report it as unterminated.
    Some((toml, Span::new(inner_start, text.len()), Span::new(0, usize::MAX)))
}

pub(crate) fn shift(node: &mut Node, by: usize) {
    node.span = Span::new(node.span.start + by, node.span.end + by);
    match &mut node.kind {
        Kind::Array(items) => items.iter_mut().for_each(|n| shift(n, by)),
        Kind::Table(entries) => entries.iter_mut().for_each(|(k, v)| {
            k.span = Span::new(k.span.start + by, k.span.end + by);
            shift(v, by);
        }),
        _ => {}
    }
}
