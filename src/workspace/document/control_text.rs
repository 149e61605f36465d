//! Document control written as sentences (`Approved by the CEO on 3 March
//! 2026`): the approver, the dates and the version each names.

use super::Entries;
use crate::source::Span;
use crate::tree::{Kind, Node};

/// The statements of a document's control in one paragraph, [`control_line`].
pub(super) fn control_sentences(text: &str, start: usize, end: usize) -> Option<(Entries, Span)> {
    use super::pattern::Pattern;
    use std::sync::LazyLock;
    // A value ends at a full stop followed by a space or the line's end
    // (not the dot inside `1.2`), or at a semicolon.
    const END: &str = r"(?:[.;](?:\s|$)|;|\s[·•|]\s|$)";
    static PATTERNS: LazyLock<Vec<(Pattern, [&'static str; 2])>> = LazyLock::new(|| {
        // (Leaked once: a pattern keeps its source for the form it is
        // compiled in, [`Pattern`].)
        let p = |re: String, names: [&'static str; 2]| Some((Pattern::new(String::leak(re)), names));
        [
            p(r"\bversion\s*:?\s*(v?\d+(?:\.\d+)*)".into(), ["version", ""]),
            // `approved by X on D`, `approved by X, D`, `approved on D by
            // X`: the approval's words, split below into who and when.
            p(
                format!(r"\b(?:approved|authori[sz]ed|signed off|agreed|adopted|issued|effective)\s+((?:by|on|from)\s.+?)\s*{END}"),
                ["approval", ""],
            ),
            // `Aprobado por Javier Olmos, 12/03/2026`, `Approuvé par …`,
            // `Genehmigt von …`: who, then when.
            p(
                format!(r"\b(?:aprobado|aprobada|approuvé|approuvée|genehmigt|freigegeben|approvato|approvata|goedgekeurd)\s+(?:por|par|von|durch|da|door)\s+(.+?)\s*{END}"),
                ["approval", ""],
            ),
            // `Approved: Daniel Okafor, 12/02/2026`, `Approved 20/03/2026
            // by Daniel Okafor`.
            p(
                format!(r"\b(?:approved|authori[sz]ed|signed off)(?:\s+by)?\s*:\s*(.+?)\s*{END}"),
                ["approval", ""],
            ),
            p(
                format!(r"\b(?:approved|authori[sz]ed|signed off)\s+(\d.+?)\s*{END}"),
                ["approval", ""],
            ),
            p(format!(r"\bnext review(?:\s+(?:due|date|by|on))?\s*:?\s*(.+?)\s*{END}"), ["next review", ""]),
            // `Status: Approved`, `Statut : en vigueur`.
            p(format!(r"^\s*(?:document\s+)?(?:status|statut|estado|stato)\s*:\s*(.+?)\s*{END}"), ["status", ""]),
            p(format!(r"\b(?:review due|due for review|review by)\s*:?\s*(.+?)\s*{END}"), ["next review", ""]),
            p(format!(r"\b(?:document\s+)?owner\s*:\s*(.+?)\s*{END}"), ["owner", ""]),
        ]
        .into_iter()
        .flatten()
        .collect()
    });
    let para = text.get(start..end)?;
    // Matched in ASCII lower case (the same length, so the places found are
    // the text's own); the values are taken from the text as written.
    // Lines of the paragraph read as one (a statement wrapped onto the
    // next line), in the same bytes.
    // A line that opens with a label of its own (`Date of meeting: …`,
    // `Approved by …`) starts a new statement: the line break before it
    // ends the value before (a `;`, the same length).
    static LABEL: Pattern = Pattern::new(
        r"^[\s>*_]*(?:[^\W\d_][\w /&'’().\-]{0,40}?[*_]*\s*:|(?:approved|authori[sz]ed|signed off|version|next review|review|owner|document owner|issue|ref)\b)",
    );
    let mut lower = para.to_ascii_lowercase();
    let label = LABEL.for_text(&lower);
    let breaks: Vec<usize> = lower.match_indices('\n').map(|(i, _)| i).collect();
    for i in breaks {
        let next = lower.get(i + 1..).unwrap_or("");
        let labelled = label.is_some_and(|re| re.is_match(next));
        lower.replace_range(i..i + 1, if labelled { ";" } else { " " });
    }
    let lower = lower.replace('\r', " ");
    let mut entries: Vec<(crate::tree::Key, Node)> = Vec::new();
    for (pattern, names) in PATTERNS.iter() {
        let Some(re) = pattern.for_text(&lower) else { continue };
        for caps in re.captures_iter(&lower) {
            for (i, name) in names.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
                let Some(m) = caps.get(i + 1) else { continue };
                if entries.iter().any(|(k, _)| k.name == *name) {
                    continue;
                }
                if *name == "approval" {
                    // A rule the text states ("exceptions must be approved
                    // by the CISO"), not the document's own approval.
                    let before = lower.get(..caps.get(0).map_or(0, |c| c.start())).unwrap_or("");
                    let before = before.trim_end();
                    if [
                        "must be",
                        "shall be",
                        "should be",
                        "to be",
                        "will be",
                        "may be",
                        "can be",
                        "must",
                        "shall",
                    ]
                    .iter()
                    .any(|m| before.ends_with(m))
                    {
                        continue;
                    }
                    for (field, from, to) in approval_parts(para, m.start(), m.end()) {
                        if entries.iter().any(|(k, _)| k.name == field) {
                            continue;
                        }
                        push_value(&mut entries, (para, start), field, from..to);
                    }
                    continue;
                }
                push_value(&mut entries, (para, start), name, m.range());
            }
        }
    }
    (!entries.is_empty()).then(|| (entries, Span::new(start, end)))
}

/// An entry of a control statement: its value as written between `from`
/// and `to` of the paragraph, emphasis markers and closing stops trimmed.
pub(super) fn push_value(
    entries: &mut Vec<(crate::tree::Key, Node)>,
    (para, start): (&str, usize),
    name: &str,
    std::ops::Range { start: from, end: to }: std::ops::Range<usize>,
) {
    let raw = para.get(from..to).unwrap_or("");
    let lead = raw.len() - raw.trim_start_matches([' ', '*', '_']).len();
    let mut value = raw
        .trim_start_matches([' ', '*', '_'])
        .trim_end_matches([' ', '*', '_', '.', ',', ';'])
        .to_string();
    // `(next review 09/2025)`: the bracket closes the remark, not the value.
    while value.ends_with(')') && value.matches('(').count() < value.matches(')').count() {
        value.pop();
        value.truncate(value.trim_end_matches([' ', '.', ',', ';']).len());
    }
    if value.is_empty() {
        return;
    }
    let at = start + from + lead;
    entries.push((
        crate::tree::Key {
            name: name.to_string(),
            span: Span::new(at, at + value.len()),
        },
        Node::new(Span::new(at, at + value.len()), Kind::Str(value)),
    ));
}

/// Who and when of an approval's words (`by the Chief Executive on behalf
/// of the Board, 18 February 2026`, `on 3 March 2026 by the Board`): the
/// `approved by` and `approved on` entries' places in the paragraph.
pub(super) fn approval_parts(para: &str, from: usize, to: usize) -> Vec<(&'static str, usize, usize)> {
    let words = para.get(from..to).unwrap_or("");
    let lower = words.to_ascii_lowercase().replace(['\n', '\r'], " ");
    let mut out = Vec::new();
    let date = crate::workspace::dates::find(words, None).or_else(|| {
        // A blank where the date belongs: `on [date]`.
        let at = lower.find(" on ")? + 4;
        let rest = words.get(at..)?;
        let end = rest.find([' ', ',', '.']).unwrap_or(rest.len());
        crate::workspace::values::is_placeholder(rest.get(..end)?).then_some((at, at + end))
    });
    if let Some((s, e)) = date {
        out.push(("approved on", from + s, from + e));
    }
    // Who: after `by`, up to the date (or ` on `, `, `), the article dropped.
    if let Some(by) = lower.find("by ").filter(|&b| b == 0 || lower[..b].ends_with(' ')) {
        let mut who_start = by + 3;
        if lower[who_start..].starts_with("the ") {
            who_start += 4;
        }
        let mut who_end = words.len();
        if let Some((s, _)) = date.filter(|(s, _)| *s > who_start) {
            who_end = who_end.min(s);
        }
        for stop in [
            " on ", ", ", " dated ", "; ", " el ", " le ", " am ", " il ", " op ", " em ",
        ] {
            if let Some(at) = lower[who_start..who_end].find(stop) {
                who_end = who_start + at;
            }
        }
        if who_end > who_start {
            out.push(("approved by", from + who_start, from + who_end));
        }
    } else if !lower.starts_with("on ")
        && !lower.starts_with("from ")
        && !lower.starts_with(|c: char| c.is_ascii_digit())
    {
        // `Daniel Okafor, 12/02/2026` after `Approved:`: who, then when.
        let mut who_end = words.len();
        if let Some((s, _)) = date {
            who_end = who_end.min(s);
        }
        for stop in [" on ", " dated ", "; ", " el ", " le ", " am ", " il ", " op ", " em "] {
            if let Some(at) = lower[..who_end].find(stop) {
                who_end = at;
            }
        }
        let who = words[..who_end].trim_end_matches([' ', ',', ';', '-', '–', '(']);
        if !who.trim().is_empty() {
            out.push(("approved by", from, from + who.len()));
        }
    }
    out
}
