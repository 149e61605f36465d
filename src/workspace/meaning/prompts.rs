//! Template prompts still left in a document: instructions to its author,
//! blank fields and placeholders to fill in.

use crate::source::Span;

/// The paragraphs of a document body that are still a template's
/// instructions or blanks, with their spans: text an author was asked to
/// replace ("State the purpose … in your own words", "Describe in one line
/// what the ISMS covers", `<Policy Name>`, `[ORG NAME]`, `YYYY-MM-DD`,
/// `_____`). Code blocks, tables and headings are not paragraphs.
pub fn prompts(text: &str, body_start: usize) -> Vec<(String, Span)> {
    prompts_in(text, body_start, false)
}

/// [`prompts`] of a record (minutes, a log): there a field left empty
/// (`Status of actions: [ ]`, `Decision: ____`) is a record never filled
/// in, not a form for its reader.
pub fn prompts_in(text: &str, body_start: usize, record: bool) -> Vec<(String, Span)> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let body = text.get(body_start..).unwrap_or("");
    let mut out = Vec::new();
    let mut current: Option<(String, usize, usize)> = None;
    let mut depth_skip = 0usize;
    let mut paragraph = false;
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Table(_) | Tag::Heading { .. }) => depth_skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Table | TagEnd::Heading(_)) => {
                depth_skip = depth_skip.saturating_sub(1)
            }
            Event::Start(Tag::Paragraph) if depth_skip == 0 => {
                paragraph = true;
                current = Some((String::new(), range.start, range.end));
            }
            // The item of a tight list is a unit of text of its own.
            Event::Start(Tag::Item) if depth_skip == 0 && !paragraph => {
                current = Some((String::new(), range.start, range.end));
            }
            Event::End(TagEnd::Item) if !paragraph => {
                if let Some((s, start, end)) = current.take()
                    && (is_prompt(&s) || (record && is_empty_field(&s)))
                {
                    let raw = body.get(start..end).unwrap_or("");
                    let first = raw.lines().next().unwrap_or("").trim_end();
                    out.push((
                        s.trim().to_string(),
                        Span::new(body_start + start, body_start + start + first.len()),
                    ));
                }
            }
            Event::Text(t) => {
                if let Some((s, _, _)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            // Code is quoted, not written: `#inc-YYYYMMDD` is a name.
            Event::Code(_) => {
                if let Some((s, _, _)) = current.as_mut() {
                    s.push_str("code");
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((s, _, _)) = current.as_mut() {
                    s.push(' ');
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                if let Some((s, _, _)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Paragraph) => {
                paragraph = false;
                if let Some((s, start, end)) = current.take()
                    && (is_prompt(&s) || (record && is_empty_field(&s)))
                {
                    let raw = body.get(start..end).unwrap_or("");
                    let len = raw.trim_end().len();
                    out.push((
                        s.trim().to_string(),
                        Span::new(body_start + start, body_start + start + len),
                    ));
                }
            }
            _ => {}
        }
    }
    out
}

/// A field of a record left empty: `Label: [ ]`, `Label: ____`. (A bare
/// `Findings:` introduces the list under it: not a blank.)
pub(super) fn is_empty_field(t: &str) -> bool {
    let t = t.trim();
    let Some((label, value)) = t.rsplit_once(':') else {
        return false;
    };
    let v = value.trim();
    !label.trim().is_empty()
        && label.len() <= 120
        && !v.is_empty()
        && (v == "[ ]" || v == "[]" || v.chars().all(|c| c == '_' || c == '.'))
}

/// Verbs a template uses to tell its reader what to write.
pub(super) const INSTRUCTIONS: &[&str] = &[
    "state",
    "describe",
    "set out",
    "list",
    "insert",
    "enter",
    "add",
    "define",
    "explain",
    "outline",
    "specify",
    "provide",
    "summarise",
    "summarize",
    "write",
    "fill in",
    "replace",
    "document",
    "identify",
    "include",
    "record",
    // French, Spanish, German, Italian: the polite imperatives.
    "décrivez",
    "indiquez",
    "précisez",
    "listez",
    "insérez",
    "renseignez",
    "complétez",
    "expliquez",
    "describa",
    "indique",
    "especifique",
    "beschreiben sie",
    "geben sie",
    "tragen sie",
    "descrivere",
    "indicare",
];

/// Whether a paragraph (or a one-line value) is a template's instruction or
/// blank rather than the organisation's own text.
pub fn is_prompt(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return false;
    }
    let lower = t.to_lowercase();
    if is_form(t) {
        return false;
    }
    if has_blank(t) {
        return true;
    }
    if lower.contains("in your own words")
        || lower.contains("lorem ipsum")
        || lower.contains("delete this")
        || lower.contains("replace this")
        || lower.contains("this template")
    {
        return true;
    }
    let starts_with_instruction = INSTRUCTIONS
        .iter()
        .any(|v| lower.starts_with(v) && lower[v.len()..].starts_with([' ', ':']));
    if !starts_with_instruction {
        return false;
    }
    // An instruction to the template's reader: it points at the standard
    // ("(clause 5.2 a)", "(4.3)"), at the text to write ("in one line",
    // "here", "this section"), or at the organisation as "your".
    let cites_clause = {
        let mut found = false;
        for (i, _) in lower.match_indices('(') {
            let inner = &lower[i + 1..];
            let inner = inner.strip_prefix("clause ").unwrap_or(inner);
            let mut chars = inner.chars();
            if chars.next().is_some_and(|c| c.is_ascii_digit())
                && chars.next() == Some('.')
                && chars.next().is_some_and(|c| c.is_ascii_digit())
            {
                found = true;
                break;
            }
        }
        found
    };
    // `Explain how…`, `Describe what…`: what the document should say, not
    // what its reader should do.
    let verb_len = INSTRUCTIONS
        .iter()
        .find(|v| lower.starts_with(*v) && lower[v.len()..].starts_with([' ', ':']))
        .map_or(0, |v| v.len());
    let after_verb = lower[verb_len..].trim_start();
    let meta = ["how ", "what ", "why ", "when ", "who ", "which ", "where ", "whether "]
        .iter()
        .any(|w| after_verb.starts_with(w));
    cites_clause
        || meta
        || lower.contains(" your ")
        || lower.contains("this procedure")
        || lower.contains("this plan")
        || lower.contains("in one line")
        || lower.contains(" here")
        || lower.contains(" ici")
        || lower.contains(" aquí")
        || lower.contains(" hier ")
        || lower.contains(" qui ")
        || lower.contains("votre ")
        || lower.contains(" su empresa")
        || lower.contains(" ihre ")
        || lower.contains("this section")
        || lower.contains("this policy")
        || lower.contains("this document")
        || lower.contains("your organisation")
        || lower.contains("your organization")
        || lower.contains("your company")
}

/// A form for its reader to fill in — nothing but `Label: ______` pairs
/// (`Name: ____ Signature: ____ Date: ____`) — is not a blank of the
/// document's author.
pub(super) fn is_form(t: &str) -> bool {
    let mut rest = t.trim();
    let mut pairs = 0;
    while !rest.is_empty() {
        let Some(colon) = rest.find(':') else { return false };
        let label = rest[..colon].trim();
        if label.is_empty() || label.len() > 40 || label.contains('_') {
            return false;
        }
        let after = rest[colon + 1..].trim_start();
        let blank = after.len() - after.trim_start_matches(['_', '.', ' ', '\\']).len();
        if blank < 3 {
            return false;
        }
        rest = after[blank..].trim_start();
        pairs += 1;
    }
    pairs >= 1
}

/// Template blanks inside a text: `<Policy Name>`, `[ORG NAME]`,
/// `[Insert …]`, `{{name}}`, `YYYY-MM-DD`, `DD/MM/YYYY`, `_____`.
pub fn has_blank(t: &str) -> bool {
    if t.contains("YYYY") || t.contains("DD/MM") || t.contains("MM/DD") || t.contains("____") {
        return true;
    }
    // `{{Company Name}}` is a blank; `{{ r.id }}`, `{% for %}`, `{{< ref >}}`
    // are a site generator's template code.
    let mut rest = t;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        let inner = after[..close].trim();
        let code = inner.is_empty()
            || inner.contains(['.', '(', '|', '%', '<', '>', '"', '\''])
            || inner.starts_with(['#', '/', '-'])
            || inner.split_whitespace().next().is_some_and(|w| {
                matches!(
                    w,
                    "if" | "for" | "end" | "else" | "range" | "with" | "define" | "block" | "include"
                )
            });
        if !code {
            return true;
        }
        rest = &after[close + 2..];
    }
    // <Words In Angle Brackets>, not HTML tags, links or e-mail addresses.
    let mut rest = t;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else { break };
        let inner = &after[..close];
        let looks_like_tag = inner.starts_with('/')
            || inner.contains('=')
            || inner.contains("://")
            || inner.contains('@')
            || inner
                .split_whitespace()
                .next()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        if !inner.is_empty() && !looks_like_tag && inner.chars().any(char::is_alphabetic) {
            return true;
        }
        rest = &after[close + 1..];
    }
    // [ORG NAME], [Company Name], [Insert date]: brackets not followed by
    // a link target.
    let mut rest = t;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        let inner = after[..close].trim();
        let linked = after[close + 1..].starts_with('(') || after[close + 1..].starts_with('[');
        // Two or more words in capitals: [ORG NAME], [COMPANY NAME].
        let shouty_words = inner
            .split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase))
            .count();
        let shouty = shouty_words >= 2 && inner.chars().all(|c| !c.is_lowercase());
        let lower = inner.to_lowercase();
        let asks = [
            "insert",
            "enter",
            "add ",
            "name of",
            "company name",
            "organisation name",
            "organization name",
        ]
        .iter()
        .any(|w| lower.starts_with(w))
            || INSTRUCTIONS
                .iter()
                .any(|v| lower.starts_with(v) && lower[v.len()..].starts_with(' '));
        if !linked && (shouty || asks || matches!(lower.as_str(), "tbd" | "tbc" | "todo")) {
            return true;
        }
        rest = &after[close + 1..];
    }
    false
}
