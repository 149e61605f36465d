//! The risk scale a register uses, read from its values: numbers (and how
//! many points, from a `(1-5)` header, a `4x4` in the methodology or the
//! highest value), or words of a known ladder (`Low … Very High`, `Rare …
//! Almost certain`); the level bands its scores and levels show; whether
//! its scores are likelihood × impact at all.

use super::fit::LADDERS;
pub use super::ladders::{ladders_in_text, plain_word, title_case};

/// The scale found for one factor.
#[derive(Debug, Clone, PartialEq)]
pub enum Factor {
    Numbers { max: i64 },
    Words(Vec<String>),
    Unknown,
}

/// A factor's scale from its cells: the ladders the organisation's method
/// states (`stated`, from [`ladders_in_text`]) before the known ones.
pub fn factor(cells: &[String], stated: &[Vec<String>]) -> Factor {
    let filled: Vec<String> = cells
        .iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !crate::workspace::fields::is_blank(c) && !crate::workspace::values::is_placeholder(c))
        .collect();
    if filled.is_empty() {
        return Factor::Unknown;
    }
    let numbers: Vec<i64> = filled.iter().filter_map(|c| c.parse().ok()).collect();
    if numbers.len() * 10 >= filled.len() * 6 {
        return Factor::Numbers {
            max: numbers.iter().copied().max().unwrap_or(0),
        };
    }
    let words: Vec<String> = filled.iter().map(|c| plain_word(c)).collect();
    // The shortest ladder the method states holding every word used, else
    // the shortest known one.
    let holds = |l: &[&str]| words.iter().all(|w| l.contains(&w.as_str()));
    let stated: Vec<Vec<&str>> = stated.iter().map(|l| l.iter().map(String::as_str).collect()).collect();
    let ladder = stated
        .iter()
        .map(Vec::as_slice)
        .filter(|l| holds(l))
        .min_by_key(|l| l.len())
        .or_else(|| {
            // (A ladder up to `very likely` only where that word is used:
            // `Rare … Likely` alone is the classic five levels to `almost
            // certain`.)
            let very = words.iter().any(|w| w == "very likely");
            LADDERS
                .iter()
                .copied()
                .filter(|l| holds(l) && (very || !l.contains(&"very likely")))
                .min_by_key(|l| l.len())
        });
    match ladder {
        Some(l) => {
            // As the register writes them (its own capitals), lowest first.
            let written = |w: &str| {
                filled
                    .iter()
                    .find(|c| plain_word(c) == w)
                    .cloned()
                    .unwrap_or_else(|| title_case(w))
            };
            Factor::Words(l.iter().map(|w| written(w)).collect())
        }
        None => Factor::Unknown,
    }
}

/// The number of points a scale of numbers has: said in a header
/// (`Likelihood (1-5)`), in the organisation's method (`5x5`, `4 x 4`),
/// else the highest value used, at least 5 unless the method says less.
pub fn points(max: i64, headers: &[&str], method_text: &str) -> u32 {
    for h in headers {
        if let Some(n) = range_in(h) {
            return n;
        }
    }
    // The method's stated scale wins over the register's values: a
    // likelihood of 7 on a scale the method rates 1–5 is a value to report,
    // not a wider scale.
    if let Some(n) = scored_range_in(method_text) {
        return n;
    }
    if let Some(n) = matrix_in(method_text) {
        return n.max(u32::try_from(max).unwrap_or(0));
    }
    u32::try_from(max).unwrap_or(5).clamp(5, 10)
}

/// The scale a method's sentence about rating likelihood or impact states
/// (`La vraisemblance et l'impact sont cotés de 1 à 4`, `Likelihood is
/// rated 1 to 5`): the upper end of its range.
fn scored_range_in(text: &str) -> Option<u32> {
    const RATED: &[&str] = &[
        "likelihood",
        "probability",
        "impact",
        "vraisemblance",
        "probabilité",
        "gravité",
        "wahrscheinlichkeit",
        "auswirkung",
        "schadenshöhe",
        "probabilidad",
        "impacto",
        "probabilità",
        "kans",
        "waarschijnlijkheid",
    ];
    text.split(['.', '\n'])
        .filter(|s| {
            let s = s.to_lowercase();
            RATED.iter().any(|w| s.contains(w))
        })
        .find_map(range_in)
}

/// `1-5`, `1 to 4`, `1–3`, `1 à 4`, `1 bis 5` in a text: the upper end.
fn range_in(text: &str) -> Option<u32> {
    let t = text.replace(['–', '—'], "-");
    let t = [" to ", " à ", " bis ", " al ", " a ", " tot ", " t/m "]
        .iter()
        .fold(t, |t, sep| t.replace(sep, "-"));
    let at = t.find("1-")?;
    let n: u32 = t
        .get(at + 2..)?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    (2..=10).contains(&n).then_some(n)
}

/// `5x5`, `4 x 4`, `3×3` in a text.
fn matrix_in(text: &str) -> Option<u32> {
    let t = text.replace('×', "x").to_lowercase();
    let bytes = t.as_bytes();
    for (i, _) in t.match_indices('x') {
        let before = t.get(..i)?.trim_end();
        let after = t.get(i + 1..)?.trim_start();
        let a = before.chars().next_back()?;
        let b = after.chars().next()?;
        let fence_before = before.chars().rev().nth(1).is_none_or(|c| !c.is_alphanumeric());
        let fence_after = after.chars().nth(1).is_none_or(|c| !c.is_alphanumeric());
        if a == b && a.is_ascii_digit() && fence_before && fence_after && i < bytes.len() {
            let n = a.to_digit(10)?;
            if (3..=9).contains(&n) {
                return Some(n);
            }
        }
    }
    None
}

/// Level bands from the (score, level) pairs a register shows, when the
/// default bands (low 1, medium 5, high 10, very-high 17) do not fit them:
/// each level seen starts at its lowest score (the lowest level at 1), a
/// level above all those seen starts just above them. `None` when the
/// defaults fit, or when the pairs overlap (the register's levels do not
/// follow its scores, which the check will say).
pub fn bands(pairs: &[(i64, String)], points: u32) -> Option<Vec<(String, u32)>> {
    use crate::config::RISK_LEVELS;
    let mut seen: Vec<(usize, i64, i64)> = Vec::new(); // (level rank, min, max)
    for (score, level) in pairs {
        let node = crate::tree::Node::new(Default::default(), crate::tree::Kind::Str(level.clone()));
        let field = crate::config::kinds::RegisterKind::Risks.field("level")?;
        let Ok(Some(serde_json::Value::String(canonical))) =
            crate::workspace::fields::coerce(field, &node, &Default::default())
        else {
            continue;
        };
        let rank = RISK_LEVELS.iter().position(|l| *l == canonical)?;
        match seen.iter_mut().find(|(r, _, _)| *r == rank) {
            Some(entry) => {
                entry.1 = entry.1.min(*score);
                entry.2 = entry.2.max(*score);
            }
            None => seen.push((rank, *score, *score)),
        }
    }
    if seen.is_empty() {
        return None;
    }
    seen.sort();
    if seen.windows(2).any(|pair| pair[0].2 >= pair[1].1) {
        return None;
    }
    const DEFAULT: [i64; 4] = [1, 5, 10, 17];
    let fits_default = seen.iter().all(|&(rank, min, max)| {
        let from = DEFAULT[rank];
        let to = DEFAULT.get(rank + 1).map_or(i64::MAX, |n| n - 1);
        from <= min && max <= to
    });
    if fits_default {
        return None;
    }
    let top = i64::from(points * points);
    let mut out = Vec::new();
    for (i, (rank, min, _)) in seen.iter().enumerate() {
        let start = if i == 0 { 1 } else { u32::try_from(*min).ok()? };
        out.push((RISK_LEVELS[*rank].to_string(), start));
    }
    // Levels above the highest seen start just above it.
    let (last_rank, _, last_max) = *seen.last()?;
    for (rank, level) in RISK_LEVELS.iter().enumerate().skip(last_rank + 1) {
        let start = last_max + 1 + i64::try_from(rank - last_rank - 1).ok()?;
        if start <= top {
            out.push((level.to_string(), u32::try_from(start).ok()?));
        }
    }
    Some(out)
}

/// The level bands a methodology states, in a table (`| 1 - 3 | Low |`)
/// or in a sentence (`Low 1-5, Medium 6-12, High 15-25`): each level's
/// lowest score, when two or more levels are given in order.
/// A score the register gives two levels, and those levels (as written):
/// its levels follow no bands.
pub fn two_levels(pairs: &[(i64, String)]) -> Option<(i64, String, String)> {
    let field = crate::config::kinds::RegisterKind::Risks.field("level")?;
    let canonical = |w: &str| {
        let node = crate::tree::Node::new(Default::default(), crate::tree::Kind::Str(w.to_string()));
        match crate::workspace::fields::coerce(field, &node, &Default::default()) {
            Ok(Some(serde_json::Value::String(l))) => Some(l),
            _ => None,
        }
    };
    let mut seen: Vec<(i64, String, &str)> = Vec::new();
    for (score, level) in pairs {
        let Some(c) = canonical(level) else { continue };
        if let Some((_, _, other)) = seen.iter().find(|(s, l, _)| s == score && *l != c) {
            return Some((*score, (*other).to_string(), level.clone()));
        }
        seen.push((*score, c, level));
    }
    None
}

pub fn bands_in_text(text: &str) -> Option<Vec<(String, u32)>> {
    use crate::config::RISK_LEVELS;
    let field = crate::config::kinds::RegisterKind::Risks.field("level")?;
    let canonical = |w: &str| -> Option<String> {
        let node = crate::tree::Node::new(Default::default(), crate::tree::Kind::Str(w.to_string()));
        match crate::workspace::fields::coerce(field, &node, &Default::default()) {
            Ok(Some(serde_json::Value::String(l))) => Some(l),
            _ => None,
        }
    };
    let mut found: Vec<(String, u32)> = Vec::new();
    for line in text.lines() {
        let flat = [" to ", " à ", " bis ", " al ", " a ", " tot ", " t/m "]
            .iter()
            .fold(line.replace(['–', '—'], "-"), |t, sep| t.replace(sep, " - "));
        // Pieces: table cells, or comma-separated phrases.
        for piece in flat.split(['|', ',', ';']) {
            let p = piece.trim().trim_matches('*').trim();
            let mut start = None;
            let mut level = None;
            let words: Vec<&str> = p.split_whitespace().collect();
            for (i, w) in words.iter().enumerate() {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
                if let Some((a, b)) = w.split_once('-')
                    && let (Ok(a), Ok(_)) = (a.parse::<u32>(), b.parse::<u32>())
                {
                    start = Some(a);
                } else if let (Ok(a), Some(&"-")) = (w.parse::<u32>(), words.get(i + 1)) {
                    start = Some(a);
                }
                let two = words.get(i + 1).map(|n| format!("{w} {n}"));
                if let Some(l) = two.as_deref().and_then(canonical).or_else(|| canonical(w)) {
                    level = Some(l);
                }
            }
            // The same line's cells: a range in one, the level in the next.
            if let (Some(s), Some(l)) = (start, level.clone()) {
                if !found.iter().any(|(x, _)| *x == l) {
                    found.push((l, s));
                }
            }
        }
        // A table row: `| 1 - 3 | Low |`, `| 1–6 | Green | Acceptable |`
        // has the range and the level in cells of one line.
        let cells: Vec<&str> = flat.split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
        let range = cells.iter().find_map(|c| {
            let (a, b) = c.split_once('-')?;
            b.trim().parse::<u32>().ok()?;
            a.trim().parse::<u32>().ok()
        });
        let word = cells.iter().find_map(|c| canonical(c.trim_matches('*')));
        if cells.len() >= 2
            && let (Some(a), Some(l)) = (range, word)
            && !found.iter().any(|(x, _)| *x == l)
        {
            found.push((l, a));
        }
    }
    if found.len() < 2 {
        return None;
    }
    found.sort_by_key(|(l, _)| RISK_LEVELS.iter().position(|x| x == l));
    let ordered = found.windows(2).all(|w| w[0].1 < w[1].1);
    (ordered && found.first().is_some_and(|(_, s)| *s == 1)).then_some(found)
}

/// The risk appetite a methodology states: the highest residual score
/// that may be accepted without more (`scores of 10 or less`, `inférieure
/// ou égale à 6`), and the highest level (`Low or Medium`, `Medium or
/// below`), read from its sentences about acceptance or appetite.
pub fn appetite(text: &str) -> (Option<u32>, Option<&'static str>) {
    // A table row, a heading and a paragraph end a sentence: the numbers of
    // a band table (`| 1 bis 3 | gering |`) above a heading `Risikoakzeptanz`
    // are not the appetite its paragraph states; a heading labels the
    // sentence after it, as `Appetite:` does.
    let flat: String = text
        .lines()
        .map(|l| {
            let t = l.trim();
            if t.starts_with('#') {
                // A heading labels what follows it (`## Risk appetite`).
                format!("{}: ", t.trim_end_matches([':', '.']))
            } else if t.is_empty() || t.starts_with('|') {
                format!("{t};; ")
            } else {
                format!("{t} ")
            }
        })
        .collect::<String>()
        .replace(['*', '_'], "");
    let mut score = None;
    let mut level = None;
    // A label ending in `:` (`Appetite:`, `What we will accept:`) makes
    // what follows it about the appetite too.
    let mut carried: Option<bool> = None; // Some(whether the label names the appetite)
    for sentence in flat.split_inclusive(['.', ';', ':']).flat_map(|s| s.split(",,")) {
        if sentence
            .trim_matches(|c: char| c == ';' || c.is_whitespace())
            .is_empty()
        {
            continue; // (the end of a paragraph: a label still holds)
        }
        let s = sentence.to_lowercase();
        let label = std::mem::take(&mut carried);
        let own = [
            "appetite",
            "accept",
            "fine as",
            "tolerable",
            "tolerated",
            "signs it off",
            "sign-off",
            "seuil",
            "tolér",
            "akzeptanz",
            "akzeptier",
            "akzeptab",
            "accepte",
            "acceptab",
            "acceptatie",
            "risicobereidheid",
            "risikobereitschaft",
            "acceptab",
            "aceptab",
        ]
        .iter()
        .any(|w| s.contains(w));
        let about = own || label.is_some();
        if own && s.trim_end().ends_with(':') {
            carried = Some(s.contains("appetite"));
            continue;
        }
        // `appetite:` then the number (a data file's key).
        if label == Some(true) && score.is_none() {
            let n: String = s.trim_start().chars().take_while(char::is_ascii_digit).collect();
            if let Ok(n) = n.parse::<u32>()
                && (1..=100).contains(&n)
            {
                score = Some(n);
            }
        }
        if !about {
            continue;
        }
        let or_less = [
            "or less",
            "or below",
            "or lower",
            "ou égale",
            "ou égal",
            "ou moins",
            "oder weniger",
            "oder niedriger",
            "at most",
            "up to",
            "<=",
            "≤",
            "maximum",
            "bis",
            "bis zu",
            "höchstens",
            "jusqu'à",
            "jusqu’à",
            "hasta",
            "fino a",
            "tot en met",
            "of lager",
            "of minder",
            "ten hoogste",
            "maximaal",
        ];
        // `Anything over 12 must …`, `above 12 is outside appetite`: the
        // highest score accepted without more is that number.
        if score.is_none()
            && [
                "must", "need", "require", "outside", "treat", "escalat", "erforder", "müssen", "muss", "doit",
                "doivent", "debe", "deben", "requier", "moet", "moeten", "vereist",
            ]
            .iter()
            .any(|w| s.contains(w))
        {
            for marker in [
                "above",
                "over",
                "more than",
                "greater than",
                "exceeding",
                "higher than",
                ">",
                "über",
                "oberhalb von",
                "mehr als",
                "au-dessus de",
                "supérieur à",
                "supérieure à",
                "por encima de",
                "más de",
                "superiore a",
                "boven",
                "hoger dan",
                "meer dan",
            ] {
                let Some(at) = find_word(&s, marker) else { continue };
                let n: String = s[at + marker.len()..]
                    .trim_start()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if let Ok(n) = n.parse::<u32>()
                    && (1..=100).contains(&n)
                {
                    score = Some(n);
                    break;
                }
            }
        }
        if score.is_none() {
            for marker in or_less {
                let Some(at) = find_word(&s, marker) else { continue };
                // The number just before the marker, or just after it.
                let before: String = s[..at]
                    .trim_end()
                    .chars()
                    .rev()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                let after: String = s[at + marker.len()..]
                    .trim_start()
                    .trim_start_matches(|c: char| c.is_alphabetic() || c == ' ' || c == '\'')
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                let n = if before.is_empty() {
                    after
                } else {
                    before.chars().rev().collect()
                };
                if let Ok(n) = n.parse::<u32>()
                    && (1..=100).contains(&n)
                {
                    score = Some(n);
                    break;
                }
            }
        }
        if level.is_none() {
            let words = [
                ("very high", "very-high"),
                ("critical", "very-high"),
                ("high", "high"),
                ("medium", "medium"),
                ("moderate", "medium"),
                ("low", "low"),
                // Ratings by colour.
                ("red", "high"),
                ("amber", "medium"),
                ("yellow", "medium"),
                ("green", "low"),
            ];
            // `Low or Medium are within appetite`, `Medium or below`.
            let within = s.contains("within")
                || s.contains("or below")
                || s.contains("or lower")
                || s.contains("may be accepted")
                || s.contains("can be accepted");
            if within && !s.contains("outside") && !s.contains("above") && !s.contains("must") {
                let highest = words
                    .iter()
                    .filter(|(w, _)| {
                        s.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w) || (w.contains(' ') && s.contains(w))
                    })
                    .map(|(_, l)| *l)
                    .max_by_key(|l| crate::config::RISK_LEVELS.iter().position(|x| x == l));
                level = highest;
            }
        }
    }
    (score, level)
}

/// Where `word` stands in `s` as whole words (`bis 6`, not `bisher`); a
/// marker of symbols (`<=`) anywhere.
fn find_word(s: &str, word: &str) -> Option<usize> {
    let symbol = !word.chars().any(char::is_alphanumeric);
    let mut from = 0;
    while let Some(i) = s.get(from..)?.find(word) {
        let at = from + i;
        let end = at + word.len();
        let before = s[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = s[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if symbol || (before && after) {
            return Some(at);
        }
        from = end;
    }
    None
}

/// A band table whose action says what a band needs (`| 12–25 | High |
/// Must be treated, or accepted in writing by the CEO |`): the appetite is
/// the score just below the lowest band that must be treated or signed off.
pub fn appetite_in_bands(text: &str) -> Option<u32> {
    let mut lowest: Option<u32> = None;
    for line in text.lines().filter(|l| l.trim_start().starts_with('|')) {
        let cells: Vec<String> = line.split('|').map(|c| c.trim().to_lowercase()).collect();
        let needs = cells.iter().any(|c| {
            [
                "must",
                "require",
                "needs",
                "need to",
                "obligatori",
                "obligatoire",
                "doit",
                "muss",
                "verpflichtend",
            ]
            .iter()
            .any(|w| c.contains(w))
                && [
                    "treat",
                    "accept",
                    "sign",
                    "approv",
                    "escalat",
                    "mitig",
                    "tratar",
                    "acept",
                    "traiter",
                    "behandel",
                    "akzeptier",
                ]
                .iter()
                .any(|w| c.contains(w))
        });
        if !needs {
            continue;
        }
        let from = cells.iter().find_map(|c| {
            let (a, b) = c.split_once(['–', '-', '—'])?;
            let (a, b) = (a.trim(), b.trim());
            let a: u32 = a.parse().ok()?;
            let _: u32 = b.parse().ok()?;
            Some(a)
        });
        if let Some(n) = from.filter(|n| (2..=100).contains(n)) {
            lowest = Some(lowest.map_or(n, |l| l.min(n)));
        }
    }
    lowest.map(|n| n - 1)
}

#[cfg(test)]
#[path = "scale_tests.rs"]
mod tests;
