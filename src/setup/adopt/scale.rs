//! The risk scale a register uses, read from its values: numbers (and how
//! many points, from a `(1-5)` header, a `4x4` in the methodology or the
//! highest value), or words of a known ladder (`Low … Very High`, `Rare …
//! Almost certain`); the level bands its scores and levels show; whether
//! its scores are likelihood × impact at all.

use super::fit::LADDERS;

/// The scale found for one factor.
#[derive(Debug, Clone, PartialEq)]
pub enum Factor {
    Numbers { max: i64 },
    Words(Vec<String>),
    Unknown,
}

/// A factor's scale from its cells.
pub fn factor(cells: &[String]) -> Factor {
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
    let words: Vec<String> = filled
        .iter()
        .map(|c| {
            c.to_lowercase()
                .replace(['-', '_'], " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    // The shortest known ladder holding every word used.
    let ladder = LADDERS
        .iter()
        .filter(|l| words.iter().all(|w| l.contains(&w.as_str())))
        .min_by_key(|l| l.len());
    match ladder {
        Some(l) => {
            // As the register writes them (its own capitals), lowest first.
            let written = |w: &str| {
                filled
                    .iter()
                    .find(|c| c.to_lowercase().replace(['-', '_'], " ") == w)
                    .cloned()
                    .unwrap_or_else(|| title_case(w))
            };
            Factor::Words(l.iter().map(|w| written(w)).collect())
        }
        None => Factor::Unknown,
    }
}

fn title_case(w: &str) -> String {
    w.split(' ')
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().collect::<String>() + c.as_str())
        })
        .collect::<Vec<_>>()
        .join(" ")
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
    if let Some(n) = matrix_in(method_text) {
        return n.max(u32::try_from(max).unwrap_or(0));
    }
    u32::try_from(max).unwrap_or(5).max(5).min(10)
}

/// `1-5`, `1 to 4`, `1–3` in a text: the upper end.
fn range_in(text: &str) -> Option<u32> {
    let t = text.replace(['–', '—'], "-").replace(" to ", "-");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_from_values() {
        let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(factor(&cells(&["3", "4", "2"])), Factor::Numbers { max: 4 });
        assert_eq!(
            factor(&cells(&["Medium", "Very High", "Low", "High"])),
            Factor::Words(vec!["Low".into(), "Medium".into(), "High".into(), "Very High".into()])
        );
        assert_eq!(
            factor(&cells(&["Rare", "likely"])),
            Factor::Words(vec![
                "Rare".into(),
                "Unlikely".into(),
                "Possible".into(),
                "likely".into(),
                "Almost Certain".into()
            ])
        );
        assert_eq!(points(4, &["Likelihood (1-5)"], ""), 5);
        assert_eq!(points(4, &["L"], "Ratings use the 4x4 matrix"), 4);
        assert_eq!(points(3, &["L"], "no method"), 5);
    }

    #[test]
    fn bands_from_scores_and_levels() {
        let p = |v: &[(i64, &str)]| v.iter().map(|(s, l)| (*s, l.to_string())).collect::<Vec<_>>();
        assert_eq!(
            bands(
                &p(&[
                    (8, "High"),
                    (12, "Critical"),
                    (6, "Medium"),
                    (4, "Medium"),
                    (2, "Low"),
                    (9, "High")
                ]),
                4
            ),
            Some(vec![
                ("low".into(), 1),
                ("medium".into(), 4),
                ("high".into(), 8),
                ("very-high".into(), 12)
            ])
        );
        // The defaults fit: nothing to say.
        assert_eq!(
            bands(&p(&[(6, "Medium"), (9, "Medium"), (10, "High"), (16, "High")]), 5),
            None
        );
        // Low 1-5, Medium 6-12, High 15-25: no very-high seen, none above.
        assert_eq!(
            bands(
                &p(&[(4, "Low"), (12, "Medium"), (15, "High"), (25, "High"), (6, "Medium")]),
                5
            ),
            Some(vec![("low".into(), 1), ("medium".into(), 6), ("high".into(), 15)])
        );
        assert_eq!(bands(&p(&[(8, "High"), (9, "Medium")]), 5), None);
    }
}
