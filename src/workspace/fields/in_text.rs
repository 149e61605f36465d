//! A field's value found within a longer text (a cell that says more than
//! the value, a sentence of a document): where it is, with links and a
//! leading control id set aside.

use crate::config::kinds::{Field, FieldType};
use crate::workspace::annex_a;

/// Where a field's part is in a cell that holds more than one value (a
/// column mapped onto several fields): the leading number of `12 Medium`
/// for a score, its level word for a level, the date in `Head of IT,
/// 21/04/2026` for a date, the rest for a person or text (`Y - ` and `N`
/// markers of a yes/no column dropped). Its byte range in `text`, or
/// `None` when the cell holds no such part.
pub fn part_of(field: &Field, text: &str, ctx: &crate::workspace::values::Context) -> Option<(usize, usize)> {
    // `A.5.1 Security policies`: the control id and the title.
    if let Some(end) = leading_control(text) {
        return match field.ty {
            FieldType::Control | FieldType::Controls => Some((0, end)),
            FieldType::Text => {
                let rest = text.get(end..)?;
                let lead = rest.len() - rest.trim_start_matches([' ', '-', '–', '—', ':', '.']).len();
                let t = rest.trim_start_matches([' ', '-', '–', '—', ':', '.']).trim_end();
                (!t.is_empty()).then_some((end + lead, end + lead + t.len()))
            }
            _ => None,
        };
    }
    let date = crate::workspace::dates::find(text, ctx.dates);
    let trimmed = |from: usize, to: usize| -> Option<(usize, usize)> {
        let t = text.get(from..to)?;
        let lead = t.len() - t.trim_start_matches([' ', ',', ';', '-', '–', '—', ':', '(']).len();
        let t = t.trim_start_matches([' ', ',', ';', '-', '–', '—', ':', '(']);
        let t2 = t.trim_end_matches([' ', ',', ';', '-', '–', '—', ':', ')']);
        (!t2.is_empty()).then_some((from + lead, from + lead + t2.len()))
    };
    match field.ty {
        FieldType::Integer | FieldType::Number => {
            let start = text.find(|c: char| c.is_ascii_digit())?;
            if date.is_some_and(|(s, e)| (s..e).contains(&start)) {
                return None;
            }
            let len = text
                .get(start..)?
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(text.len() - start);
            Some((start, start + len))
        }
        FieldType::Enum(values) => {
            // The longest value or alias the cell names as whole words.
            let lower = text.to_lowercase();
            let mut best: Option<(usize, usize)> = None;
            for v in values {
                let name = v.split('=').next().unwrap_or(v);
                for candidate in [name.to_string(), name.replace('-', " ")] {
                    if let Some(at) = find_word(&lower, &candidate)
                        && best.is_none_or(|(s, e)| e - s < candidate.len())
                    {
                        best = Some((at, at + candidate.len()));
                    }
                }
            }
            best
        }
        FieldType::Date | FieldType::DateTime => date,
        FieldType::Bool => {
            let first = text.split(|c: char| !c.is_alphanumeric()).next()?;
            (!first.is_empty()).then_some((0, first.len()))
        }
        FieldType::Text | FieldType::Ref | FieldType::Refs | FieldType::List => {
            let (from, to) = match date {
                Some((s, _)) if text.get(..s).is_some_and(|t| !t.trim().is_empty()) => (0, s),
                Some((_, e)) => (e, text.len()),
                None => (0, text.len()),
            };
            let (from, to) = trimmed(from, to)?;
            // `Y - Head of IT`: the answer of a yes/no column before the name.
            let t = text.get(from..to)?;
            let first = t.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            // `N. N.` is a blank name, not the answer no.
            let next = t[first.len()..].chars().next();
            let answer = matches!(first.to_lowercase().as_str(), "y" | "yes" | "n" | "no")
                && next.is_none_or(|c| matches!(c, ' ' | '-' | '–' | '—' | ':' | ',' | ';' | '/'));
            if answer && first.len() == t.len() {
                return None;
            }
            if answer {
                return trimmed(from + first.len(), to);
            }
            Some((from, to))
        }
        FieldType::Control | FieldType::Controls => trimmed(0, text.len()),
    }
}

/// A text without the web addresses in it: `(https://…)` after a title,
/// a Markdown link's target (`[A.8.3](https://…)` is `A.8.3`), a bare
/// address.
pub fn without_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        // Back to where the address starts.
        let start = rest[..at]
            .rfind(|c: char| c.is_whitespace() || c == '(' || c == '<')
            .map_or(0, |i| i + 1);
        let end = rest[at..]
            .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == ',')
            .map_or(rest.len(), |i| at + i);
        let mut head = &rest[..start];
        let mut tail = &rest[end..];
        // `(…)` or `[text](…)` around it.
        if head.ends_with('(') && tail.starts_with(')') {
            head = &head[..head.len() - 1];
            tail = &tail[1..];
            if head.ends_with(']') {
                head = &head[..head.len() - 1];
                if let Some(open) = head.rfind('[') {
                    out.push_str(&head[..open]);
                    head = &head[open + 1..];
                }
            }
        }
        out.push_str(head.trim_end());
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// The end of an Annex A control id that opens a longer text (`A.5.1
/// Security policies`, `5.15 – Access control`), when it does.
pub fn leading_control(text: &str) -> Option<usize> {
    let t = text.trim_end();
    let end = t.find([' ', '\t']).filter(|&e| e + 1 < t.len())?;
    let token = t[..end].trim_end_matches([':', '.', ',']);
    annex_a::normalise(token).ok().map(|_| token.len())
}

/// Where `word` stands in `text` as a whole word (both lower-case).
pub(super) fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text.get(from..)?.find(word) {
        let start = from + at;
        let end = start + word.len();
        let before = text.get(..start).and_then(|t| t.chars().next_back());
        let after = text.get(end..).and_then(|t| t.chars().next());
        if before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric()) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}
