//! The risk scale of the chosen risk register: its points, its words and
//! level bands, and the appetite its methodology states.

use super::{Chosen, RiskScale, scale};
use crate::config::kinds::RegisterKind;

/// The scale of the chosen risk register.
pub(super) fn risk_scale(chosen: &[Chosen], method: &str, stated: impl FnOnce() -> String) -> RiskScale {
    let mut s = RiskScale::default();
    let Some(risks) = chosen.iter().find(|c| c.kind == RegisterKind::Risks) else {
        return s;
    };
    let column = |field: &str| risks.mapping.field_column(field).map(|ci| &risks.table.columns[ci]);
    let header = |field: &str| {
        risks
            .mapping
            .field_column(field)
            .map(|ci| risks.table.header[ci].as_str())
    };
    let mut max = 0;
    let mut words_scale = false;
    let ladders = scale::ladders_in_text(method);
    for (factor, words) in [("likelihood", &mut s.likelihood_words), ("impact", &mut s.impact_words)] {
        let mut cells: Vec<String> = column(factor).cloned().unwrap_or_default();
        cells.extend(column(&format!("residual_{factor}")).cloned().unwrap_or_default());
        match scale::factor(&cells, &ladders) {
            scale::Factor::Numbers { max: m } => max = max.max(m),
            scale::Factor::Words(w) => {
                words_scale = true;
                *words = w;
            }
            scale::Factor::Unknown => {}
        }
    }
    let headers: Vec<&str> = ["likelihood", "impact"].iter().filter_map(|f| header(f)).collect();
    let points = if words_scale {
        u32::try_from(s.likelihood_words.len().max(s.impact_words.len())).unwrap_or(5)
    } else {
        scale::points(max, &headers, method)
    };
    s.points = Some(points);
    // Level bands from the scores and levels the register shows.
    let ctx = crate::workspace::values::Context::default();
    let pairs: Vec<(i64, String)> = match (risks.mapping.field_column("score"), risks.mapping.field_column("level")) {
        (Some(sc), Some(lc)) => risks.table.columns[sc]
            .iter()
            .zip(&risks.table.columns[lc])
            .filter_map(|(score, level)| {
                let field = RegisterKind::Risks.field("score")?;
                let (a, b) = crate::workspace::fields::part_of(field, score, &ctx)?;
                let n: i64 = score.get(a..b)?.parse().ok()?;
                let lfield = RegisterKind::Risks.field("level")?;
                // (A level in another language, `Medio`, is the whole cell.)
                let (c, d) = crate::workspace::fields::part_of(lfield, level, &ctx).unwrap_or((0, level.len()));
                Some((n, level.get(c..d)?.trim().to_string()))
            })
            .collect(),
        _ => Vec::new(),
    };
    if !words_scale {
        // The bands the method states, else those the register shows.
        s.levels = scale::bands_in_text(method).or_else(|| scale::bands(&pairs, points));
        if s.levels.is_none() {
            s.unbanded = scale::two_levels(&pairs);
        }
    }
    let mut stated_text: Option<String> = None;
    let (threshold, level) = match scale::appetite(method) {
        (None, None) => {
            let text = stated();
            let found = scale::appetite(&text);
            stated_text = Some(text);
            found
        }
        found => found,
    };
    s.threshold = threshold.filter(|t| *t <= points * points);
    s.acceptance_level = level;
    // An appetite stated as a level, on a register of scores: the scores
    // below the next level's band.
    if s.threshold.is_none()
        && let (Some(level), Some(bands)) = (level, &s.levels)
    {
        let rank = crate::config::RISK_LEVELS.iter().position(|l| *l == level);
        let next = bands
            .iter()
            .filter(|(l, _)| crate::config::RISK_LEVELS.iter().position(|x| x == l) > rank)
            .map(|(_, start)| *start)
            .min();
        s.threshold = next.map(|n| n.saturating_sub(1)).filter(|t| *t >= 1);
    }
    // Else the lowest band the method says must be treated or signed off.
    if s.threshold.is_none() && s.acceptance_level.is_none() {
        s.threshold = scale::appetite_in_bands(method)
            .or_else(|| stated_text.as_deref().and_then(scale::appetite_in_bands))
            .filter(|t| *t <= points * points);
    }
    s
}

/// Whether a text says `appetite` in any case (as its lower-case form
/// would: no other character lower-cases to these ASCII letters), without
/// lower-casing a register of thousands of rows.
pub(super) fn mentions_appetite(text: &str) -> bool {
    let has = |word: &[u8]| {
        text.as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    // The appetite by its name, or what residual risk is accepted (`The
    // partners accept residual risks of 10 or less`, `Restrisiken … bis 6
    // gelten als akzeptabel`).
    has(b"appetite")
        || (has(b"residual") && has(b"accept"))
        || (has(b"restrisik") && has(b"akzept"))
        || (has(b"restrisico") && has(b"accept"))
        || (has("résiduel".as_bytes()) && has(b"accept"))
        || (has(b"residual") && has(b"acept"))
}
