//! A pattern of the document readers compiled for the text it is asked of:
//! as written (Unicode `\w`, `\d`, `\s`, `\b`, letters as `[^\W\d_]`) for
//! text with any character beyond ASCII, and with those classes ASCII for
//! ASCII text, which they match alike. The Unicode tables are most of the
//! cost of compiling such a pattern (milliseconds each, on every run); a
//! workspace written in ASCII never compiles them.

use regex::Regex;
use std::sync::OnceLock;

/// One pattern, compiled at most once in each of its two forms.
pub(super) struct Pattern {
    source: &'static str,
    unicode: OnceLock<Option<Regex>>,
    ascii: OnceLock<Option<Regex>>,
}

impl Pattern {
    pub(super) const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            unicode: OnceLock::new(),
            ascii: OnceLock::new(),
        }
    }

    /// The pattern to match against `text` (`None`: it does not compile).
    pub(super) fn for_text(&self, text: &str) -> Option<&Regex> {
        if text.is_ascii() {
            self.ascii.get_or_init(|| Regex::new(&ascii(self.source)).ok()).as_ref()
        } else {
            self.unicode.get_or_init(|| Regex::new(self.source).ok()).as_ref()
        }
    }
}

/// `source` with its Unicode classes ASCII: the same matches on ASCII text.
/// (`[^\W\d_]` is a letter; `\w`, `\d`, `\s` appear inside brackets or
/// alone, `[:word:]` and the like being valid inside brackets only.)
fn ascii(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 32);
    let mut depth = 0usize;
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        if depth == 0
            && let Some(after) = rest.strip_prefix(r"[^\W\d_]")
        {
            out.push_str("[[:alpha:]]");
            rest = after;
            continue;
        }
        if let Some(after) = rest.strip_prefix('\\') {
            let Some(e) = after.chars().next() else {
                out.push('\\');
                break;
            };
            let class = match e {
                'w' => Some("[:word:]"),
                'd' => Some("[:digit:]"),
                's' => Some("[:space:]"),
                _ => None,
            };
            match (class, e) {
                (Some(class), _) if depth > 0 => out.push_str(class),
                (Some(class), _) => {
                    out.push('[');
                    out.push_str(class);
                    out.push(']');
                }
                (None, 'b') if depth == 0 => out.push_str(r"(?-u:\b)"),
                (None, e) => {
                    out.push('\\');
                    out.push(e);
                }
            }
            rest = &after[e.len_utf8()..];
            continue;
        }
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_classes_for_unicode_ones() {
        assert_eq!(
            ascii(r"^[^\W\d_][\w /&'’().\-]{0,40}?\s*:"),
            r"^[[:alpha:]][[:word:] /&'’().\-]{0,40}?[[:space:]]*:"
        );
        assert_eq!(
            ascii(r"\bversion\s*(v?\d+)[.;](?:\s|$)"),
            r"(?-u:\b)version[[:space:]]*(v?[[:digit:]]+)[.;](?:[[:space:]]|$)"
        );
        assert_eq!(ascii(r"[^*_:]\\w"), r"[^*_:]\\w");
    }

    #[test]
    fn both_forms_match_ascii_text_alike() {
        let p = Pattern::new(r"^[ \t]*(?:\*\*)?([^\W\d_][\w /&'’().\-]{0,40}?)(?:\*\*)?\s*:\s*(.*?)\b(\d*)$");
        let unicode = Regex::new(p.source).unwrap();
        for text in [
            "Owner: Jane Doe 12",
            "**Next review:** 2026-01-01",
            "_x: y",
            "9 lives: none",
            "a b c d: e f",
        ] {
            let a = p.for_text(text).unwrap().captures(text).map(|c| format!("{c:?}"));
            let u = unicode.captures(text).map(|c| format!("{c:?}"));
            assert_eq!(a, u, "{text}");
        }
        assert!(p.for_text("Propriétaire : Zoë").unwrap().is_match("Propriétaire : Zoë"));
    }
}
