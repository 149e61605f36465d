//! What a document mentions by date: a management review or a meeting
//! held, and the date its sentences give for it.

/// What a text says of the ISMS's management reviews and internal audits
/// outside their own records: each sentence naming one, the date it gives
/// (`Agreed at management review, 27/01/2026`, `Internal audit (March
/// 2026, Northgate)`), and whether it says the records are kept elsewhere
/// (`minutes … stay in the SharePoint library`).
pub fn mentions(
    text: &str,
    dates: Option<crate::config::DateOrder>,
) -> Vec<(&'static str, Option<String>, bool, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    let flat = text.replace('\n', " ");
    for sentence in flat.split_inclusive(['.', ';', '!', '?']) {
        let at = pos;
        pos += sentence.len();
        let lower = sentence.to_lowercase();
        for (topic, words) in [
            (
                "management_review",
                &[
                    "management review",
                    "revue de direction",
                    "managementbewertung",
                    "directiebeoordeling",
                    "revisión por la dirección",
                    "riesame della direzione",
                ][..],
            ),
            (
                "internal_audit",
                &["internal audit", "audit interne", "internes audit", "interne audit"][..],
            ),
            (
                "asset_inventory",
                &[
                    "asset inventory",
                    "asset register",
                    "inventory of assets",
                    "inventory of information",
                    "asset list",
                    "cmdb",
                    "inventar",
                    "inventaire",
                    "inventario",
                ][..],
            ),
        ] {
            if !words.iter().any(|w| lower.contains(w)) {
                continue;
            }
            // The next one planned (`Nächste Managementbewertung: Oktober
            // 2026`) was not held then.
            let planned = [
                "next ",
                "nächste",
                "prochaine",
                "próxima",
                "proxima",
                "prossim",
                "volgende",
                "planned",
                "scheduled",
                "geplant",
                "prévue",
                "prevista",
            ]
            .iter()
            .any(|w| lower.contains(w));
            let date = crate::workspace::dates::find(sentence, dates)
                .filter(|_| !planned)
                .and_then(|(s, e)| {
                    crate::workspace::dates::read(
                        sentence.get(s..e)?,
                        dates.or(Some(crate::config::DateOrder::DayFirst)),
                    )
                    .ok()
                    .flatten()
                });
            let elsewhere = [
                "kept in",
                "stay in",
                "stays in",
                "held in",
                "stored in",
                "are kept",
                "is kept",
                "sharepoint",
                "not exported",
                "outside this",
                "held outside",
                "kept outside",
                "in the grc",
                "in the cmdb",
                "cmdb",
                "service desk",
                "asset management tool",
                "in intune",
                "in jira",
                "in snipe",
                "geführt in",
                "gepflegt in",
                "tenu dans",
                "se mantiene en",
            ]
            .iter()
            .any(|w| lower.contains(w));
            out.push((topic, date, elsewhere, at));
        }
    }
    // Minutes dated by a line of their own are of that day: their title's
    // month (`Management Review – June 2025`) says no other date.
    if let Some(held) = meeting_date(text, dates) {
        if let (topic, Some(day), _, _) = &held {
            let month = day.get(..7).unwrap_or("");
            out.retain(|(t, d, _, _)| !(t == topic && d.as_deref().is_some_and(|d| d.starts_with(month))));
        }
        out.push(held);
    }
    out
}

/// Minutes say when the meeting was held on a line of their own (`Datum:
/// 14.10.2025`, `**Date of meeting:** 3 March 2026`): a mention, on that
/// date, of the review or audit their title names.
pub(super) fn meeting_date(
    text: &str,
    dates: Option<crate::config::DateOrder>,
) -> Option<(&'static str, Option<String>, bool, usize)> {
    // The title: the first heading (a letterhead may stand above it),
    // else the first line.
    let mut lines = text.lines().filter(|l| !l.trim().is_empty() && l.trim() != "---");
    let first = lines.next()?;
    let title = text
        .lines()
        .take(12)
        .find(|l| l.trim_start().starts_with('#'))
        .unwrap_or(first)
        .to_lowercase();
    let topic = if [
        "management review",
        "revue de direction",
        "managementbewertung",
        "revisión por la dirección",
        "directiebeoordeling",
        "riesame della direzione",
    ]
    .iter()
    .any(|w| title.contains(w))
    {
        "management_review"
    } else if [
        "internal audit",
        "audit interne",
        "internes audit",
        "auditoría interna",
        "interne audit",
        "audit interno",
    ]
    .iter()
    .any(|w| title.contains(w))
    {
        "internal_audit"
    } else {
        return None;
    };
    let mut at = 0;
    // Each line, and each statement of a line (`Auditor: Northbeam.
    // Fieldwork: 2025-09-15 to 2025-09-16.`).
    let statements = text.lines().take(40).flat_map(|line| {
        let here = at;
        at += line.len() + 1;
        // (The whole line first: `Datum: 14. Oktober 2025` is one.)
        let parts: Vec<&str> = if line.contains(". ") {
            line.split(". ").collect()
        } else {
            Vec::new()
        };
        std::iter::once((here, line)).chain(parts.into_iter().map(move |part| (here, part)))
    });
    for (here, part) in statements {
        let t = part.trim().trim_start_matches(['-', '*', ' ', '|']);
        let Some((label, value)) = t.split_once([':', '|']) else {
            continue;
        };
        let label = label.trim().trim_matches(['*', '_', ' ']).to_lowercase();
        if !matches!(
            label.as_str(),
            "date"
                | "datum"
                | "fecha"
                | "data"
                | "date of meeting"
                | "meeting date"
                | "held on"
                | "sitzungsdatum"
                | "date de la réunion"
                | "fecha de la reunión"
                | "date held"
                | "held"
                | "audit date"
                | "date of audit"
                | "dates"
                | "audit dates"
                | "fecha de la auditoría"
                | "fecha de auditoría"
                | "date de l'audit"
                | "datum des audits"
                | "auditdatum"
                | "performed on"
                | "fieldwork"
                | "audit fieldwork"
                | "on site"
                | "onsite"
        ) {
            continue;
        }
        let value = value.trim_start_matches(['*', '_', ' ']);
        // (Of a span of days, `20/05/2025 – 22/05/2025`, the first.)
        let order = dates.or(Some(crate::config::DateOrder::DayFirst));
        let date = crate::workspace::dates::find(value, dates).and_then(|(s, e)| {
            let found = value.get(s..e)?;
            crate::workspace::dates::read(found, order).ok().flatten().or_else(|| {
                let first = found
                    .split(['–', '—'])
                    .next()?
                    .split(" - ")
                    .next()?
                    .split(" to ")
                    .next()?
                    .trim();
                crate::workspace::dates::read(first, order).ok().flatten()
            })
        });
        if date.is_some() {
            return Some((topic, date, false, here));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The minutes' date line, not the month of their title, dates them.
    #[test]
    fn minutes_are_of_the_day_their_date_line_gives() {
        let text =
            "# Management Review – June 2025\n\nDate: 2025-06-24. Attendees: the CEO, the CISO.\n\n## Decisions\n";
        let dates: Vec<Option<String>> = mentions(text, None)
            .into_iter()
            .filter(|(t, ..)| *t == "management_review")
            .map(|(_, d, ..)| d)
            .collect();
        assert_eq!(dates, [Some("2025-06-24".to_string())]);
    }
}
