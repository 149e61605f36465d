//! Values that do not fit their field, placeholders, and missing required
//! fields: reported as located findings, never as reasons to stop. The
//! record or document is loaded without that value and every rule still
//! runs; one bad cell never hides the rest.

use crate::diag::Problem;
use crate::tree::{Kind, Node};

/// A value that does not fit its field (a date that is not a date, an
/// unknown enum value, an unknown control id).
pub const BAD_VALUE: &str = "ISMS-VALUE-001";
/// A placeholder (`[TBD]`, `TODO`, `<Role/Name>`, `[______]`) where a value
/// belongs.
pub const PLACEHOLDER: &str = "ISMS-VALUE-002";
/// A required field that is absent.
pub const MISSING: &str = "ISMS-VALUE-003";

/// The documentation of these findings: id, title, clauses, description, fix.
pub const RULES: &[(&str, &str, &[&str], &str, &str)] = &[
    (
        BAD_VALUE,
        "Values fit their fields",
        &["7.5.2"],
        "A value of a register or of a document's metadata must fit its field: a date is a date (YYYY-MM-DD), an enumeration takes one of its values, a control id names an Annex A control of ISO/IEC 27001:2022. A value that does not fit is reported where it is; the record is read without it, so every other rule still runs. A rule's finding at exactly that place (a field now missing) is the same defect: it is folded into this finding and named in its help, unless this rule is set to a lower severity.",
        "Correct the value; the help names what the field expects.",
    ),
    (
        PLACEHOLDER,
        "Fields are filled in, not placeholders",
        &["7.5.2"],
        "Template placeholders such as `[TBD]`, `TBD`, `TODO`, `<Role/Name>`, `[______]`, `[ORG NAME]` or `XXX` in a field mean the information was never filled in: an owner, a date or an approver that an auditor will ask for. The field is read as absent; a rule's finding at exactly that place (\"has no owner\") is folded into this one and named in its help, unless this rule is set to a lower severity.",
        "Fill in the field, or remove it if it does not apply.",
    ),
    (
        MISSING,
        "Required fields are present",
        &["7.5.2"],
        "A record or document lacks a field every entry of its kind needs (such as a risk's title). The record is still read when it has an id.",
        "Add the field; the help says what it holds.",
    ),
];

/// The rule id a loading problem becomes, when it is about one value.
pub fn rule_of(problem: &Problem) -> Option<&'static str> {
    match problem.code {
        "register::bad-value" | "document::bad-value" => Some(BAD_VALUE),
        "register::placeholder" | "document::placeholder" => Some(PLACEHOLDER),
        "register::missing-field" | "document::missing-field" => Some(MISSING),
        _ => None,
    }
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
    matches!(upper.as_str(), "TBD" | "TBC" | "TODO" | "FIXME" | "?" | "??" | "???")
        || (upper.len() >= 3 && upper.chars().all(|c| c == 'X'))
        || upper.starts_with("TBD ")
        || upper.starts_with("TODO:")
        || upper.starts_with("TODO ")
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
