//! The ladders of words an organisation rates likelihood and impact with,
//! as its method states them in a table (`| gering | 1 |`, `| 1 | Rare |
//! once in ten years |`) or in a sentence (`probability Rare, Unlikely,
//! Likely, Very likely;`), and a level's word as a ladder holds it.

/// A level's word as ladders hold it: lower case, `-` and `_` as spaces,
/// single spaces (`Very_High` is `very high`).
pub fn plain_word(c: &str) -> String {
    c.trim()
        .to_lowercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The ladders a methodology states in its tables: a table whose every
/// row gives a level's number and its word (`| gering | 1 |`, `| 1 |
/// Rare | once in ten years or less |`), numbered 1 to n (at least three
/// levels), each as [`plain_word`], lowest first. A table of bands (`| 1
/// bis 3 | gering |`) states no ladder.
pub fn ladders_in_text(text: &str) -> Vec<Vec<String>> {
    let mut ladders = Vec::new();
    let mut rows: Vec<Option<(u32, String)>> = Vec::new();
    let mut finish = |rows: &mut Vec<Option<(u32, String)>>| {
        let taken = std::mem::take(rows);
        // The header row (before the `|---|` line) is no level.
        let levels: Option<Vec<(u32, String)>> = taken.into_iter().skip(1).collect();
        let Some(mut levels) = levels else { return };
        levels.sort();
        let numbered = levels.iter().enumerate().all(|(i, (n, _))| *n as usize == i + 1);
        let mut distinct: Vec<&String> = levels.iter().map(|(_, w)| w).collect();
        distinct.sort();
        distinct.dedup();
        if levels.len() >= 3 && numbered && distinct.len() == levels.len() {
            ladders.push(levels.into_iter().map(|(_, w)| w).collect());
        }
    };
    for line in text.lines() {
        let t = line.trim();
        if !t.starts_with('|') {
            finish(&mut rows);
            continue;
        }
        let cells: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
        if cells.iter().all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))) {
            // The separator: what came before it is the header.
            rows.truncate(1);
            continue;
        }
        let number = cells.iter().find_map(|c| c.trim_matches('*').parse::<u32>().ok());
        let word = cells
            .iter()
            .map(|c| c.trim_matches('*'))
            .find(|c| {
                !c.is_empty()
                    && !c.bytes().any(|b| b.is_ascii_digit())
                    && c.split_whitespace().count() <= 3
                    && c.chars().count() <= 30
            })
            .map(plain_word);
        rows.push(number.zip(word));
    }
    finish(&mut rows);
    ladders.extend(ladders_in_sentences(text));
    ladders
}

/// Ladders listed after the factor they rate, lowest first: `probability
/// Rare, Unlikely, Likely, Very likely;`, `Impact: Low, Moderate, High or
/// Critical.` (three levels or more, each of at most three words and no
/// digit).
fn ladders_in_sentences(text: &str) -> Vec<Vec<String>> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for factor in ["probability", "likelihood", "impact", "severity", "consequence"] {
        let mut from = 0;
        while let Some(i) = lower.get(from..).and_then(|t| t.find(factor)) {
            let start = from + i + factor.len();
            from = start;
            let Some(rest) = lower.get(start..) else { break };
            let rest = rest.trim_start_matches([':', ' ', '(']);
            let end = rest.find(['.', ';', '\n', ')', '|']).unwrap_or(rest.len());
            let list = rest[..end].replace(" and ", ", ").replace(" or ", ", ");
            let items: Vec<String> = list.split(',').map(plain_word).filter(|w| !w.is_empty()).collect();
            let fits = |w: &String| !w.bytes().any(|b| b.is_ascii_digit()) && w.split(' ').count() <= 3;
            if items.len() >= 3 && items.iter().all(fits) {
                out.push(items);
            }
        }
    }
    out
}

/// A ladder's word as a title (`very high` → `Very High`), where the
/// register does not write it.
pub fn title_case(w: &str) -> String {
    w.split(' ')
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().collect::<String>() + c.as_str())
        })
        .collect::<Vec<_>>()
        .join(" ")
}
