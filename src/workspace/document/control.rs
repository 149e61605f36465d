//! Document control kept in the body rather than in front matter: where
//! it is (a control section, a property list, a document-control line),
//! and the keys it gives.

use super::control_table::CONTROL_TABLE_WITHIN;
use super::control_text::control_sentences;
use super::{Entries, Reading, control_table};
use crate::source::Span;
use crate::tree::{Kind, Node, parse_toml, parse_yaml};
use crate::workspace::fields::normalise_name;
use crate::workspace::note_head::front_matter;

/// The metadata keys a Markdown file states, with a sample value each: its
/// front-matter keys, or the rows of its document-control table (those
/// naming a field of `reading`). Empty when it has neither. For `isms
/// adopt`.
pub fn metadata_keys(text: &str, reading: &Reading) -> Vec<(String, String)> {
    let sample = |node: &Node| {
        // (A revision history, `[{date: Jun 2 2026, comment: …}]`: its
        // dates, as the field reads them.)
        if let crate::tree::Kind::Array(items) = &node.kind {
            let dates: Vec<&str> = items
                .iter()
                .filter_map(|i| match &i.kind {
                    crate::tree::Kind::Table(e) => e
                        .iter()
                        .find(|(k, _)| k.name.eq_ignore_ascii_case("date"))
                        .and_then(|(_, v)| v.as_str()),
                    _ => None,
                })
                .collect();
            if !dates.is_empty() && dates.len() == items.len() {
                return dates.join("; ");
            }
        }
        let v = node.to_json();
        v.as_str().map_or_else(|| v.to_string(), String::from)
    };
    match front_matter(text) {
        Some((is_toml, inner, block)) if block.end != usize::MAX => {
            let inner_text = text.get(inner.start..inner.end).unwrap_or("");
            let parsed = if is_toml {
                parse_toml(inner_text)
            } else {
                parse_yaml(inner_text)
            };
            let mut keys: Vec<(String, String)> = match parsed.ok().as_ref().and_then(|r| r.as_table()) {
                Some(entries) => entries.iter().map(|(k, n)| (k.name.clone(), sample(n))).collect(),
                None => Vec::new(),
            };
            // And the labels of the page's own control, which say what the
            // front matter leaves out (`- **Approver:** …` under `## Policy
            // owner and approval`).
            // (Only labels of document fields the front matter does not
            // give: a body's other `Label: value` lines are its prose.)
            if let Some((rows, _, _)) = text.get(block.end..).and_then(|body| body_control(body, reading)) {
                let given: Vec<String> = keys.iter().filter_map(|(k, _)| reading.field_of(k)).collect();
                for (k, n) in &rows {
                    if let Some(f) = reading.field_of(&k.name)
                        && !given.contains(&f)
                    {
                        keys.push((k.name.clone(), sample(n)));
                    }
                }
            }
            keys
        }
        Some(_) => Vec::new(),
        None => body_control(text, reading)
            .map(|(rows, _, _)| rows.iter().map(|(k, n)| (k.name.clone(), sample(n))).collect())
            .unwrap_or_default(),
    }
}

/// Whether a Markdown file's metadata is only a sentence (a plain
/// document's control), for `isms adopt`.
pub fn has_control_line(text: &str, reading: &Reading) -> bool {
    front_matter(text).is_none() && body_control(text, reading).is_some_and(|(_, _, s)| s == CONTROL_LINE)
}

pub(super) const CONTROL_LINE: &str = "document-control line";

/// A document's control stated in its body, where documents state it:
/// under the title (before its first section), in a section named for it
/// ("Document control", "Dokumentenlenkung", "Información del
/// documento"), at its very end (a footer). In each place, a table of
/// `| label | value |` rows, a list of `Label: value` lines (a Notion
/// export's properties, pandoc's `**Owner:** …`), or sentences ("Version
/// 1.2, approved by the Board on 3 March 2026"). What the first place
/// states wins; the others add what it leaves out. The source named is
/// the first place's.
pub(super) fn body_control(text: &str, reading: &Reading) -> Option<(Entries, Span, &'static str)> {
    // Pandoc's grid tables read as pipe tables (every span the same).
    let text = &*crate::tree::markdown::grid_as_pipes(text);
    let mut out: Option<(Entries, Span, &'static str)> = None;
    // Each table of a place is a place of its own (a control table, then a
    // table of versions naming who approved the one in force).
    let mut places: Vec<((usize, usize), bool, bool)> = Vec::new();
    for (region, sentences) in control_regions(text) {
        places.push((region, sentences, false));
    }
    let mut at = 0;
    while let Some(&((from, to), sentences, after_table)) = places.get(at) {
        at += 1;
        let table = control_table(text, (from, to), reading);
        if let Some((_, span)) = &table
            && span.end < to
        {
            places.insert(at, ((span.end, to), sentences, true));
        }
        let found = table
            .map(|(e, s)| (e, s, "document-control table"))
            .or_else(|| {
                (!after_table)
                    .then(|| property_list(text, (from, to), reading).map(|(e, s)| (e, s, "property list")))
                    .flatten()
            })
            .or_else(|| {
                (!after_table)
                    .then(|| control_line(text, (from, to), sentences).map(|(e, s)| (e, s, CONTROL_LINE)))
                    .flatten()
            });
        let Some((entries, span, source)) = found else { continue };
        match &mut out {
            None => out = Some((entries, span, source)),
            Some((have, _, first)) => {
                // A table or list found later outranks sentences read first.
                if *first == CONTROL_LINE && source != CONTROL_LINE {
                    *first = source;
                }
                // What the first place states is not stated again: a field
                // given there is not given by another label elsewhere.
                let field = |label: &str| reading.field_of(label).unwrap_or_else(|| normalise_name(label));
                for (k, n) in entries {
                    let f = field(&k.name);
                    if !have.iter().any(|(h, _)| field(&h.name) == f) {
                        have.push((k, n));
                    }
                }
            }
        }
    }
    out
}

/// Headings of a section that states a document's control.
pub(super) const CONTROL_SECTIONS: &[&str] = &[
    // (Confluence's page properties macro, exported.)
    "page properties",
    "properties",
    "metadata",
    "documentgegevens",
    "document control",
    "document information",
    "document details",
    "document properties",
    "document metadata",
    "about this document",
    "version control",
    "approval",
    "approvals",
    "document approval",
    "dokumentenlenkung",
    "dokumentinformation",
    "dokumentinformationen",
    "dokumentensteuerung",
    "freigabe",
    "contrôle du document",
    "contrôle documentaire",
    "informations sur le document",
    "gestion documentaire",
    "control del documento",
    "control de documentos",
    "información del documento",
    "control documental",
    "documentbeheer",
    "documentinformatie",
    "controllo del documento",
    "informazioni sul documento",
    // A table of versions, each with who approved it: the last row is
    // the version in force.
    "version history",
    "revision history",
    "document history",
    "change history",
    "control de versiones",
    "control de cambios",
    "historial de versiones",
    "historial de cambios",
    "versionshistorie",
    "änderungshistorie",
    "versionierung",
    "historique des versions",
    "historique des modifications",
    "versiegeschiedenis",
    "versiebeheer",
    "cronologia delle revisioni",
];

/// The places a document states its control, as byte ranges of its text,
/// each with whether any paragraph of it may be read as sentences (not
/// only its first): under the title, up to the first section (sentences:
/// its first paragraph only); each section whose heading names the
/// document's control, up to the next heading; the last paragraph of the
/// document.
pub(super) fn control_regions(text: &str) -> Vec<((usize, usize), bool)> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut pos = 0;
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        }
        if !fenced {
            lines.push((pos, line));
        }
        pos += line.len();
    }
    fn heading(l: &str) -> Option<(usize, &str)> {
        let t = l.trim_start();
        let level = t.chars().take_while(|c| *c == '#').count();
        (level > 0 && level <= 6 && t[level..].starts_with([' ', '\t'])).then(|| (level, t[level..].trim()))
    }
    let mut regions = Vec::new();
    // Under the title: from after the first heading (or the start, when
    // the text opens with its control) to the next heading.
    let first = lines.iter().position(|(_, l)| heading(l).is_some());
    let start_at = match first {
        Some(i) if lines[..i].iter().all(|(_, l)| l.trim().is_empty()) => i + 1,
        Some(_) => 0,
        None => 0,
    };
    // (A line above the title, `**AYUNTAMIENTO DE VALDEMORA**` over `#
    // ALCANCE …`, a Word letterhead: the title's own place runs on to the
    // next heading after it.)
    let after = match first {
        Some(i) if start_at == 0 => i + 1,
        _ => start_at,
    };
    let end_at = lines[after.min(lines.len())..]
        .iter()
        .position(|(_, l)| heading(l).is_some())
        .map_or(lines.len(), |n| after + n)
        .min(after + CONTROL_TABLE_WITHIN);
    if start_at < end_at {
        let from = lines[start_at].0;
        let to = lines.get(end_at).map_or(text.len(), |(p, _)| *p);
        regions.push(((from, to), false));
    }
    // Sections named for it.
    for (i, (_, l)) in lines.iter().enumerate() {
        let Some((level, words)) = heading(l) else { continue };
        let words = words
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
            .trim_matches(['*', '_', ':'])
            .to_lowercase();
        // (Or a heading about the document's approval or owner: `Policy
        // owner and approval`, `Review and sign-off`.)
        let about_control = || {
            [
                "approval",
                "sign-off",
                "sign off",
                "ownership",
                "policy owner",
                "document owner",
            ]
            .iter()
            .any(|w| words.contains(w))
                && !words.contains("exception")
        };
        if !CONTROL_SECTIONS.contains(&words.as_str()) && !about_control() {
            continue;
        }
        let end = lines[i + 1..]
            .iter()
            .position(|(_, l)| heading(l).is_some_and(|(lv, _)| lv <= level))
            .map_or(lines.len(), |n| i + 1 + n);
        if i + 1 < end {
            let from = lines[i + 1].0;
            let to = lines.get(end).map_or(text.len(), |(p, _)| *p);
            regions.push(((from, to), true));
        }
    }
    // The last paragraph (a footer), when it is not a heading.
    let mut last = lines.len();
    while last > 0 && lines[last - 1].1.trim().is_empty() {
        last -= 1;
    }
    let mut first_of_last = last;
    while first_of_last > 0 && !lines[first_of_last - 1].1.trim().is_empty() {
        first_of_last -= 1;
    }
    // (A short page's footer sits inside the region under its title, whose
    // first paragraph only is read: read on its own too.)
    if first_of_last < last
        && first_of_last > start_at
        && !lines[first_of_last..last].iter().any(|(_, l)| heading(l).is_some())
    {
        let from = lines[first_of_last].0;
        let to = lines.get(last).map_or(text.len(), |(p, _)| *p);
        if !regions.iter().any(|((f, t), every)| *every && *f <= from && to <= *t) {
            regions.push(((from, to), true));
        }
    }
    regions
}

/// A list of `Label: value` lines (at least two naming document fields):
/// a Notion export's page properties under the title, pandoc's
/// `**Document Owner:** Jane Doe`, a `- Owner: …` list. The lines may be
/// one paragraph or several; every label is kept (those that name no
/// field for the organisation's own rules).
pub(super) fn property_list(text: &str, (from, to): (usize, usize), reading: &Reading) -> Option<(Entries, Span)> {
    use super::pattern::Pattern;
    // (A letter is `[^\W\d_]`: the regex crate is built with
    // `unicode-perl` only.)
    // (A quoted block's `> ` too: a wiki page's metadata.)
    static LINE: Pattern = Pattern::new(
        r"^[ \t]*(?:>[ \t]*)?(?:[-*+][ \t]+)?(?:\*\*|__)?([^\W\d_][\w /&'’().\-]{0,40}?)(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*(.*?)[ \t]*(?:\\|[ \t]{2,})?[ \t]*$",
    );
    // A pandoc simple table's row, converted from Word: a bold label, then
    // its value after spaces (`  **Aprobado por**   Junta de Gobierno`).
    static BOLD: Pattern = Pattern::new(r"^[ \t]*(?:\*\*|__)([^\W\d_][^*_:]{0,40}?)(?:\*\*|__)[ \t]+(\S.*?)[ \t]*$");
    let region = text.get(from..to)?;
    let mut rows: Entries = Vec::new();
    let mut known = 0;
    let (mut start, mut end) = (None, 0);
    let mut pos = from;
    for line in region.split_inclusive('\n') {
        let here = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            continue;
        }
        let caps = LINE.for_text(body).and_then(|re| re.captures(body));
        let Some(caps) = caps.or_else(|| BOLD.for_text(body).and_then(|re| re.captures(body))) else {
            // (A pandoc table's rule of dashes between its rows.)
            if start.is_some() && !is_rule(body) {
                break;
            }
            continue;
        };
        let (Some(label), Some(value)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        // `http://…`, `Note: …` sentences: a label is a few words.
        let label_text = label.as_str().trim();
        if label_text.split_whitespace().count() > 5 || value.as_str().starts_with("//") {
            if start.is_some() {
                break;
            }
            continue;
        }
        let value_text = value.as_str().trim_end_matches(['*', '_', ' ']).trim();
        let value_start = here + value.start();
        if reading.field_of(label_text).is_some() {
            known += 1;
        }
        start.get_or_insert(here);
        end = here + body.len();
        rows.push((
            crate::tree::Key {
                name: label_text.to_string(),
                span: Span::new(here + label.start(), here + label.end()),
            },
            Node::new(
                Span::new(value_start, value_start + value_text.len()),
                if value_text.is_empty() {
                    Kind::Null
                } else {
                    Kind::Str(value_text.to_string())
                },
            ),
        ));
    }
    (known >= 2).then(|| (rows, Span::new(start.unwrap_or(from), end)))
}

/// The statements of a plain document's control in the first paragraph
/// under its title — "Version 1.2, approved by the Partners' Board on 3
/// March 2026. Next review March 2027." — as entries with the spans of
/// their values, named by the fields they fill (`version`, `approved by`,
/// `approved on`, `next review`, `owner`), and the paragraph's span.
pub(super) fn control_line(text: &str, (from, to): (usize, usize), every_paragraph: bool) -> Option<(Entries, Span)> {
    // The first paragraph of the place (every one, in a section or footer
    // of its own), until one states something.
    let region = text.get(from..to)?;
    let mut paragraphs: Vec<(usize, usize)> = Vec::new();
    let mut pos = from;
    let mut current: Option<(usize, usize)> = None;
    for line in region.split_inclusive('\n') {
        let here = pos;
        pos += line.len();
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with('|') {
            if let Some(p) = current.take() {
                paragraphs.push(p);
            }
            continue;
        }
        let end = here + line.trim_end().len();
        match &mut current {
            Some((_, e)) => *e = end,
            None => current = Some((here, end)),
        }
    }
    paragraphs.extend(current);
    if !every_paragraph {
        paragraphs.truncate(1);
    }
    // Away from the title, a paragraph states the document's control only
    // when it says two things of it ("approved by the Managing Director on
    // 24/04/2026"), not one in passing.
    let least = if every_paragraph { 2 } else { 1 };
    paragraphs
        .into_iter()
        .filter_map(|(start, end)| control_sentences(text, start, end))
        .find(|(entries, _)| entries.len() >= least)
}

/// A line of dashes (and the spaces between a pandoc table's columns).
pub(super) fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| c == '-' || c == ' ' || c == '=')
}
