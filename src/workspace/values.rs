//! Values that do not fit their field, placeholders, and missing required
//! fields: reported as located findings, never as reasons to stop. The
//! record or document is loaded without that value and every rule still
//! runs; one bad cell never hides the rest.

use crate::diag::Problem;
use crate::tree::{Kind, Node};

/// Whether a loading problem is about one value or one file (reported as
/// a finding, not a reason to stop): a value that does not fit, a
/// placeholder, a missing field, a file that cannot be read whole.
pub fn is_value_problem(problem: &Problem) -> bool {
    matches!(
        problem.code,
        "register::bad-value"
            | "document::bad-value"
            | "register::placeholder"
            | "document::placeholder"
            | "register::missing-field"
            | "document::missing-field"
            | "register::malformed"
            | "document::malformed"
    )
}

/// Whether a text is a template placeholder rather than a value.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return false;
    }
    let upper = t.to_ascii_uppercase();
    // Bracketed blanks and names: [TBD], [______], [ORG NAME], <Role/Name>.
    let bracketed = |open: char, close: char| {
        t.starts_with(open) && t.ends_with(close) && t.len() >= 3 && !t[1..t.len() - 1].contains([open, close])
    };
    if bracketed('[', ']') {
        let inner = t[1..t.len() - 1].trim();
        // `[ ]` and `[x]` are task-list boxes, not placeholders.
        return !(inner.is_empty() || inner.eq_ignore_ascii_case("x"));
    }
    if bracketed('<', '>') {
        return !t.contains("://") && !t.contains('@');
    }
    if t.chars().all(|c| c == '_') && t.len() >= 3 {
        return true;
    }
    // A date's pattern left where the date belongs.
    if matches!(
        upper.as_str(),
        "YYYY-MM-DD" | "DD/MM/YYYY" | "MM/DD/YYYY" | "DD-MM-YYYY" | "DD.MM.YYYY" | "YYYY"
    ) {
        return true;
    }
    // `N. N.` (nomen nescio): a name not yet known.
    let unspaced = || upper.bytes().filter(|b| *b != b' ');
    if ["N.N.", "N.N", "NN.", "NN"].iter().any(|n| unspaced().eq(n.bytes())) {
        return true;
    }
    matches!(
        upper.as_str(),
        "TBD"
            | "TBC"
            | "TBA"
            | "TODO"
            | "FIXME"
            | "?"
            | "??"
            | "???"
            | "UNBESETZT"
            | "VACANT"
            | "À DÉFINIR"
            | "A DÉFINIR"
            | "POR DEFINIR"
            | "DA DEFINIRE"
    ) || (upper.len() >= 3 && upper.chars().all(|c| c == 'X'))
        || upper.starts_with("TBD ")
        || upper.starts_with("TODO:")
        || upper.starts_with("TODO ")
}

/// How values are read for one organisation: its placeholder patterns,
/// the order it writes day and month in, and the words of its risk scales.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub placeholders: Placeholders,
    pub dates: Option<crate::config::DateOrder>,
    /// `rules.risk.likelihood_words`, lower-cased, lowest first.
    pub likelihood_words: Vec<String>,
    /// `rules.risk.impact_words`, lower-cased, lowest first.
    pub impact_words: Vec<String>,
    /// The organisation's name (a Word document's letterhead is no title).
    pub organisation: String,
}

impl Context {
    pub fn new(raw: &crate::config::RawConfig) -> Context {
        let lower = |words: &[String]| words.iter().map(|w| w.trim().to_lowercase()).collect();
        Context {
            placeholders: Placeholders::new(&raw.rules.placeholders),
            dates: raw.organisation.dates,
            likelihood_words: lower(&raw.rules.risk.likelihood_words),
            impact_words: lower(&raw.rules.risk.impact_words),
            organisation: raw.organisation.name.clone(),
        }
    }

    /// The rank (1 = lowest) of a word of a risk factor's scale, for the
    /// factor the field is (`likelihood`, `residual_impact`, …).
    pub fn scale_rank(&self, field: &str, text: &str) -> Option<i64> {
        let words = if field.ends_with("likelihood") {
            &self.likelihood_words
        } else if field.ends_with("impact") {
            &self.impact_words
        } else {
            return None;
        };
        let t = text.trim().to_lowercase();
        words
            .iter()
            .position(|w| *w == t)
            .and_then(|i| i64::try_from(i + 1).ok())
    }
}

/// The organisation's own placeholder patterns (`[rules] placeholders`),
/// beside the built-in ones.
#[derive(Debug, Clone, Default)]
pub struct Placeholders {
    extra: Vec<regex::Regex>,
}

impl Placeholders {
    /// Compiles the patterns (whole value, case-insensitive); ones that do
    /// not compile are left out (the configuration reports them).
    pub fn new(patterns: &[String]) -> Placeholders {
        Placeholders {
            extra: patterns
                .iter()
                .filter_map(|p| regex::Regex::new(&format!("(?i)^(?:{p})$")).ok())
                .collect(),
        }
    }

    /// Whether a text is a placeholder, built in or the organisation's.
    pub fn matches(&self, text: &str) -> bool {
        is_placeholder(text) || self.extra.iter().any(|r| r.is_match(text.trim()))
    }

    /// Whether a value node is a placeholder: a placeholder text, or a list
    /// whose every item is one (YAML reads `owner: [TBD]` as a list).
    pub fn node(&self, node: &Node) -> bool {
        match &node.kind {
            Kind::Str(s) => self.matches(s),
            Kind::Array(items) => !items.is_empty() && items.iter().all(|n| self.node(n)),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn placeholders_and_values() {
        for p in [
            "[TBD]",
            "TBD",
            "tbd",
            "TODO",
            "<Role/Name>",
            "[______]",
            "[ORG NAME]",
            "XXX",
            "xxxx",
            "___",
            "?",
            "YYYY-MM-DD",
            "dd/mm/yyyy",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for v in [
            "maya",
            "CISO",
            "2026-01-01",
            "[ ]",
            "[x]",
            "N/A",
            "<https://example.com>",
            "<maya@example.com>",
            "X",
            "Tbd-related risk",
        ] {
            assert!(!is_placeholder(v), "{v}");
        }
    }
}
