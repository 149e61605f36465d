//! What a note kept as a register's record (an incident's or a
//! nonconformity's Markdown file) says in its body rather than in its front
//! matter: a section or a labelled line (`## Lessons learned`, `**Root
//! cause:** …`) gives the field it names, and a sentence about the
//! postmortem held is the post-incident report. The front matter wins: a
//! field it states is never taken from the body.

use crate::config::kinds::RegisterKind;
use crate::source::Span;

/// The labels, in English once translated, that name a field of a note's
/// kind in its body.
fn labels(kind: RegisterKind) -> &'static [(&'static str, &'static [&'static str])] {
    match kind {
        RegisterKind::Incidents => &[
            (
                "lessons_learned",
                &[
                    "lessons learned",
                    "lessons learnt",
                    "lessons",
                    "learnings",
                    "what we learned",
                    "what we learnt",
                    "takeaways",
                ],
            ),
            (
                "post_incident_report",
                &[
                    "post incident review",
                    "post incident report",
                    "postmortem",
                    "post mortem",
                    "retrospective",
                    "pir",
                    "incident review",
                ],
            ),
            ("root_cause", &["root cause", "cause", "root cause analysis", "rca"]),
        ],
        RegisterKind::Findings => &[
            ("root_cause", &["root cause", "cause", "root cause analysis", "rca"]),
            (
                "corrective_action",
                &[
                    "corrective action",
                    "corrective actions",
                    "action",
                    "actions",
                    "correction",
                    "remediation",
                ],
            ),
        ],
        _ => &[],
    }
}

/// Words of a sentence that say a postmortem was held (`Postmortem PM-7
/// done`), for the post-incident report.
const REVIEW_WORDS: &[&str] = &[
    "postmortem",
    "post-mortem",
    "post mortem",
    "post-incident review",
    "retrospective",
];

/// The fields the body of a note of `kind` states, from `from` (the end of
/// its front matter): each field's name, the span of its value and the
/// value, the first statement of a field only.
pub fn fields(kind: RegisterKind, text: &str, from: usize) -> Vec<(&'static str, Span, String)> {
    let labels = labels(kind);
    if labels.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(&'static str, Span, String)> = Vec::new();
    let mut push = |field: &'static str, span: Span, value: &str| {
        let value = value.trim();
        if !found.iter().any(|(f, _, _)| *f == field)
            && !super::fields::is_blank(value)
            && !super::values::is_placeholder(value)
        {
            found.push((field, span, value.to_string()));
        }
    };
    let body = text.get(from..).unwrap_or("");
    let lines = lines_with_offsets(body, from);
    let mut i = 0;
    while i < lines.len() {
        let (at, line) = lines[i];
        let t = line.trim();
        if let Some(heading) = t.strip_prefix('#') {
            let label = heading.trim_start_matches('#');
            if let Some(field) = field_of(labels, label) {
                // The section's first paragraph.
                let mut j = i + 1;
                while j < lines.len() && lines[j].1.trim().is_empty() {
                    j += 1;
                }
                let start = j;
                while j < lines.len() && !lines[j].1.trim().is_empty() && !lines[j].1.trim_start().starts_with('#') {
                    j += 1;
                }
                if j > start {
                    let (s, first) = lines[start];
                    let (e, last) = lines[j - 1];
                    let lead = first.len() - first.trim_start().len();
                    let span = Span::new(s + lead, e + last.trim_end().len());
                    push(field, span, text.get(span.start..span.end).unwrap_or(""));
                }
                i = j;
                continue;
            }
        } else if let Some((label, value, offset)) = labelled(t) {
            if let Some(field) = field_of(labels, label) {
                let lead = line.len() - line.trim_start().len();
                let start = at + lead + offset;
                push(field, Span::new(start, start + value.len()), value);
            }
        }
        if kind == RegisterKind::Incidents {
            let lower = t.to_lowercase();
            if REVIEW_WORDS.iter().any(|w| lower.contains(w)) {
                let lead = line.len() - line.trim_start().len();
                push("post_incident_report", Span::new(at + lead, at + lead + t.len()), t);
            }
        }
        i += 1;
    }
    found
}

/// The lines of `body`, each with its byte offset in the whole text.
fn lines_with_offsets(body: &str, from: usize) -> Vec<(usize, &str)> {
    let mut at = from;
    body.split_inclusive('\n')
        .map(|l| {
            let here = at;
            at += l.len();
            (here, l.trim_end_matches(['\n', '\r']))
        })
        .collect()
}

/// A labelled line (`**Lessons learned:** rotate keys`, `- Root cause:
/// …`): its label, its value and where the value starts in the line.
fn labelled(line: &str) -> Option<(&str, &str, usize)> {
    let bullet = line.len() - line.trim_start_matches(['-', '*', ' ']).len();
    // Keep `**` of a bold label: only a list's `- ` or `* ` is a bullet.
    let bullet = if line[bullet..].starts_with('*') || line.get(..bullet).is_some_and(|b| b.ends_with("**")) {
        line.len() - line.trim_start_matches(['-', ' ']).len()
    } else {
        bullet
    };
    let rest = line.get(bullet..)?;
    let colon = rest.find(':')?;
    let label = rest.get(..colon)?.trim_matches(['*', '_', ' ']);
    if label.is_empty() || label.split_whitespace().count() > 4 {
        return None;
    }
    let after = rest.get(colon + 1..)?;
    let skipped = after.len() - after.trim_start_matches(['*', '_', ' ']).len();
    let value = after.get(skipped..)?.trim_end();
    if value.is_empty() {
        return None;
    }
    Some((label, value, bullet + colon + 1 + skipped))
}

/// The field a label names, once lower-cased, its markup dropped and put
/// in English.
fn field_of(labels: &[(&'static str, &'static [&'static str])], label: &str) -> Option<&'static str> {
    let plain: String = label
        .trim()
        .trim_end_matches(':')
        .trim_matches(['*', '_', ' '])
        .to_lowercase()
        .replace('-', " ");
    let english = super::words::translated(&plain);
    labels
        .iter()
        .find(|(_, names)| names.iter().any(|n| *n == plain || *n == english))
        .map(|(field, _)| *field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(kind: RegisterKind, text: &str) -> Vec<(&'static str, String)> {
        fields(kind, text, 0)
            .into_iter()
            .map(|(f, span, v)| {
                assert_eq!(&text[span.start..span.end], v);
                (f, v)
            })
            .collect()
    }

    #[test]
    fn sections_and_labels_give_fields() {
        let note = "# Outage\n\nWhat happened.\n\n## Lessons learned\n\nRotate keys yearly.\nTest failover.\n\n## Timeline\n\n- 10:00 paged\n";
        assert_eq!(
            values(RegisterKind::Incidents, note),
            vec![("lessons_learned", "Rotate keys yearly.\nTest failover.".to_string())]
        );
        let nc = "# NC-3\n\n**Root cause:** no owner for the review.\n- Corrective action: assign one\n";
        assert_eq!(
            values(RegisterKind::Findings, nc),
            vec![
                ("root_cause", "no owner for the review.".to_string()),
                ("corrective_action", "assign one".to_string())
            ]
        );
    }

    #[test]
    fn a_sentence_about_the_postmortem_is_the_report() {
        let note = "# Booking API outage\n\nFailover slow. Postmortem PM-2026-02 done; action: tune pools.\n";
        assert_eq!(
            values(RegisterKind::Incidents, note),
            vec![(
                "post_incident_report",
                "Failover slow. Postmortem PM-2026-02 done; action: tune pools.".to_string()
            )]
        );
    }

    #[test]
    fn empty_sections_and_prompts_give_nothing() {
        let note = "# X\n\n## Lessons learned\n\n## Root cause\n\nTBD\n";
        assert_eq!(values(RegisterKind::Incidents, note), vec![]);
        assert_eq!(values(RegisterKind::Risks, "## Lessons\n\nx\n"), vec![]);
    }
}
