//! A column's profile: the share of numbers, dates, level words, control
//! ids, yes/no… among its non-blank cells, and the words that make them.

use crate::workspace::annex_a;

/// What a column's non-blank cells look like: the share of each kind of
/// value among them.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub filled: usize,
    pub ints: f64,
    /// `12 Medium`: a number and a level word.
    pub int_words: f64,
    /// Level words (`Low`, `Very High`, `Critical`).
    pub levels: f64,
    /// Words of a likelihood or impact scale (levels, `Rare`, `Likely`,
    /// `Major`).
    pub scale_words: f64,
    pub dates: f64,
    /// A name and a date (`Head of IT, 21/04/2026`).
    pub with_dates: f64,
    /// Cells whose every item is a control id or an Annex A theme.
    pub controls: f64,
    /// Cells holding exactly one control id.
    pub single_controls: f64,
    /// Cells that open with a control id before more text (`A.5.1
    /// Security policies`).
    pub leading_controls: f64,
    pub bools: f64,
    pub avg_len: f64,
    pub distinct: usize,
    pub max_int: i64,
    /// Cells that look like codes (`IA-26-01`, `R-007`): short, no space,
    /// a digit.
    pub codes: f64,
    /// Machine keys (`8a2122e6-5d9c-5d59-bda7-03fe736aef17`): a GRC
    /// export's record and user ids, which name no one to a reader.
    pub uuids: f64,
    /// Objects of a JSON or YAML record written out (`{"str": "Ransomware"}`):
    /// no field of one value reads them.
    pub objects: f64,
}

/// Words that rate a risk, lowest to highest within each ladder.
pub const LADDERS: &[&[&str]] = &[
    &["low", "medium", "high", "very high"],
    &["very low", "low", "medium", "high", "very high"],
    &["low", "medium", "high", "very high", "critical"],
    &["low", "medium", "high", "critical"],
    &["low", "medium", "high", "extreme"],
    &["low", "moderate", "high", "very high"],
    &["negligible", "low", "medium", "high", "very high"],
    &["rare", "unlikely", "possible", "likely", "almost certain"],
    &["rare", "unlikely", "likely", "very likely"],
    &["rare", "unlikely", "possible", "likely", "very likely"],
    &["insignificant", "minor", "moderate", "major", "catastrophic"],
    &["negligible", "minor", "moderate", "major", "severe"],
    &["low", "medium", "high"],
    &["faible", "moyen", "élevé", "très élevé"],
    &["niedrig", "mittel", "hoch", "sehr hoch"],
    &["gering", "mittel", "hoch", "sehr hoch"],
    &["sehr gering", "gering", "mittel", "hoch", "sehr hoch"],
    &["low", "moderate", "high", "critical"],
    &["very low", "low", "moderate", "high", "very high"],
    &["bajo", "medio", "alto", "muy alto"],
    &["baja", "media", "alta", "muy alta"],
    &["muy baja", "baja", "media", "alta", "muy alta"],
    &["muy bajo", "bajo", "medio", "alto", "muy alto"],
    &["basso", "medio", "alto", "molto alto"],
    &["bassa", "media", "alta", "molto alta"],
    &["molto bassa", "bassa", "media", "alta", "molto alta"],
    &["laag", "gemiddeld", "hoog", "zeer hoog"],
    &["laag", "middel", "hoog", "zeer hoog"],
    &["baixo", "médio", "alto", "muito alto"],
];

pub(super) fn is_scale_word(w: &str) -> bool {
    LADDERS.iter().any(|l| l.contains(&w))
}

pub(super) fn is_level_word(w: &str) -> bool {
    matches!(
        w,
        "low"
            | "medium"
            | "med"
            | "high"
            | "very high"
            | "very low"
            | "critical"
            | "extreme"
            | "severe"
            | "significant"
            | "moderate"
            | "minor"
            | "negligible"
            | "faible"
            | "moyen"
            | "moyenne"
            | "élevé"
            | "élevée"
            | "très élevé"
            | "critique"
            | "niedrig"
            | "gering"
            | "mittel"
            | "hoch"
            | "sehr hoch"
            | "kritisch"
            | "red"
            | "amber"
            | "green"
            | "rot"
            | "gelb"
            | "grün"
            | "rouge"
            | "orange"
            | "vert"
            | "rojo"
            | "naranja"
            | "verde"
    ) || crate::workspace::words::value_in_english(w).is_some_and(|e| {
        matches!(
            e.as_str(),
            "very low" | "low" | "medium" | "high" | "very high" | "critical"
        )
    })
}

/// A yes/no answer followed by its remark (`Yes - contractual`, `No, not
/// used`, `Y (baseline)`), not a sentence that opens with "No".
pub(super) fn answered(cell: &str) -> bool {
    let t = cell.trim().to_lowercase();
    ["yes", "no", "y", "n"].iter().any(|a| {
        t.strip_prefix(a).is_some_and(|rest| {
            [" -", " –", " —", ",", ":", ";", " (", " /"]
                .iter()
                .any(|sep| rest.starts_with(sep))
        })
    })
}

/// The lower-cased words of a cell, dashes and underscores as spaces.
pub(super) fn plain(cell: &str) -> String {
    cell.trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`')
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a token names an Annex A control (either edition) or theme.
pub fn is_control_token(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() {
        return false;
    }
    match annex_a::normalise(t) {
        Ok(_) | Err(annex_a::ControlError::Edition2013(_)) | Err(annex_a::ControlError::Unknown(_)) => true,
        Err(annex_a::ControlError::Malformed) => theme(t).is_some(),
    }
}

/// An Annex A theme a token names (`A.8`, `Annex A.7`): its number.
pub fn theme(t: &str) -> Option<u32> {
    let t = t.trim().trim_start_matches("Annex").trim();
    let n = t.strip_prefix("A.").or_else(|| t.strip_prefix("A"))?.trim();
    let n: u32 = n.parse().ok()?;
    (5..=8).contains(&n).then_some(n)
}

pub(super) fn control_items(cell: &str) -> Vec<String> {
    let cell = if cell.contains("://") {
        crate::workspace::fields::without_links(cell)
    } else {
        cell.to_string()
    };
    cell.split([',', ';', '/', '\n', '+', '&'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Whether a cell holds a date, as `isms` reads dates (either order of day
/// and month).
pub(super) fn is_date(cell: &str) -> bool {
    crate::workspace::dates::looks_like_date(cell)
}

/// The profile of a column.
pub fn profile(cells: &[String]) -> Profile {
    // Each distinct value is read once and counted as often as it occurs:
    // a register's level, owner and status columns repeat a handful of
    // values over thousands of rows. (Integer counts: the same shares
    // whatever the order.)
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for c in cells.iter().map(|c| c.trim()) {
        *counts.entry(c).or_default() += 1;
    }
    counts.retain(|c, _| !crate::workspace::fields::is_blank(c) && !crate::workspace::values::is_placeholder(c));
    let n: usize = counts.values().sum();
    // (A wiki's mention, `[Hannah Reid](https://…)`, is as long as its name.)
    let chars: usize = counts
        .iter()
        .map(|(c, k)| crate::workspace::links::without_links(c).chars().count() * k)
        .sum();
    let mut p = Profile {
        filled: n,
        distinct: counts.len(),
        ..Profile::default()
    };
    if n == 0 {
        return p;
    }
    // How many cells of each sort.
    let mut tally = [0usize; 13];
    let mut max_int: Option<i64> = None;
    for (&c, &k) in &counts {
        let w = plain(c);
        let digits = c.bytes().any(|b| b.is_ascii_digit());
        let int = c.parse::<i64>().ok();
        if let Some(i) = int {
            max_int = Some(max_int.map_or(i, |m| m.max(i)));
        }
        let leading = crate::workspace::fields::leading_control(c).is_some();
        let sorts = [
            int.is_some(),
            digits && {
                let (num, rest) = w.split_once(' ').unwrap_or((&w, ""));
                num.parse::<i64>().is_ok() && is_level_word(rest.trim())
            },
            is_level_word(&w),
            is_scale_word(&w),
            // (No date is written without a digit.)
            digits && is_date(c),
            digits && crate::workspace::dates::find(c, None).is_some(),
            {
                // `A.8.3`, or a related page titled by its control (`A.8.3
                // Restricting access (https://…)`).
                let items = control_items(c);
                !items.is_empty()
                    && items
                        .iter()
                        .all(|i| is_control_token(i) || crate::workspace::fields::leading_control(i).is_some())
            },
            annex_a::normalise(c).is_ok(),
            leading,
            matches!(
                w.as_str(),
                "y" | "n"
                    | "j"
                    | "s"
                    | "o"
                    | "yes"
                    | "no"
                    | "true"
                    | "false"
                    | "x"
                    | "applicable"
                    | "not applicable"
                    | "included"
                    | "excluded"
                    | "✓"
                    | "✗"
                    | "✔"
                    | "✘"
                    | "✅"
                    | "❌"
                    | "✖"
                    | "☑"
                    | "☒"
                    | "☐"
                    | "✔️"
                    | "✖️"
                    | "oui"
                    | "non"
                    | "ja"
                    | "sì"
                    | "nein"
                    | "sí"
                    | "si"
                    | "sim"
                    | "não"
                    | "nao"
                    | "nee"
            ) || answered(c),
            c.len() <= 16 && !c.contains(' ') && digits && c.chars().any(|ch| ch.is_alphabetic()),
            is_uuid(c),
            c.trim_start().starts_with('{'),
        ];
        for (t, yes) in tally.iter_mut().zip(sorts) {
            if yes {
                *t += k;
            }
        }
    }
    let share = |i: usize| tally[i] as f64 / n as f64;
    p.ints = share(0);
    p.int_words = share(1);
    p.levels = share(2);
    p.scale_words = share(3);
    p.dates = share(4);
    p.with_dates = share(5);
    p.controls = share(6);
    p.single_controls = share(7);
    p.leading_controls = share(8);
    p.bools = share(9);
    p.codes = share(10);
    p.uuids = share(11);
    p.objects = share(12);
    p.avg_len = chars as f64 / n as f64;
    p.max_int = max_int.unwrap_or(0);
    p
}

/// `8a2122e6-5d9c-5d59-bda7-03fe736aef17`: five groups of hex digits.
fn is_uuid(c: &str) -> bool {
    let groups: Vec<&str> = c.trim().split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}
