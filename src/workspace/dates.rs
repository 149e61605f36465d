//! Dates as organisations write them: `2026-03-14`, `14/03/2026` (read in
//! the order `[organisation] dates` gives), `14 March 2026`, `March 14,
//! 2026`, `March 2027` (the month's last day), and words that mean "no
//! date" (`Ongoing`). A date that cannot be read says why: which day it
//! would be in either order, or that the day does not exist.

use crate::config::DateOrder;
use chrono::{Datelike, NaiveDate};

/// A period that recurs rather than a date: `each half-term`, `every
/// quarter`, `every 6 months`, `twice a year`, `per sprint`.
fn recurring(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let period = |w: &str| {
        let w = w.trim_end_matches(['s', '.', ',']);
        matches!(
            w,
            "day"
                | "week"
                | "month"
                | "quarter"
                | "year"
                | "term"
                | "half-term"
                | "half-year"
                | "semester"
                | "sprint"
                | "release"
                | "review"
                | "cycle"
                | "audit"
                | "meeting"
                | "half"
        )
    };
    match words.as_slice() {
        [lead, rest @ ..]
            if matches!(*lead, "each" | "every" | "per" | "once" | "twice" | "after" | "at") && !rest.is_empty() =>
        {
            rest.iter().any(|w| period(w))
        }
        [w] => matches!(
            *w,
            "termly"
                | "biannually"
                | "biannual"
                | "semi-annually"
                | "fortnightly"
                | "per-sprint"
                // German, French, Spanish, Italian, Dutch
                | "monatlich"
                | "wöchentlich"
                | "jährlich"
                | "halbjährlich"
                | "quartalsweise"
                | "vierteljährlich"
                | "täglich"
                | "laufend"
                | "fortlaufend"
                | "dauerhaft"
                | "ständig"
                | "mensuel"
                | "mensuelle"
                | "trimestriel"
                | "trimestrielle"
                | "annuel"
                | "annuelle"
                | "continu"
                | "mensual"
                | "trimestral"
                | "anual"
                | "continuo"
                | "permanente"
                | "mensile"
                | "trimestrale"
                | "annuale"
                | "maandelijks"
                | "jaarlijks"
                | "doorlopend"
        ),
        _ => false,
    }
}

/// A date read from a value: `Ok(Some(YYYY-MM-DD))`, `Ok(None)` for a word
/// meaning there is no date (`ongoing`, `n/a`), or why it is not a date.
pub fn read(text: &str, order: Option<DateOrder>) -> Result<Option<String>, String> {
    let t = text.trim().trim_end_matches('.');
    let lower = t.to_lowercase();
    if matches!(
        lower.as_str(),
        "ongoing"
            | "continuous"
            | "continual"
            | "rolling"
            | "n/a"
            | "na"
            | "none"
            | "not applicable"
            | "permanent"
            | "monthly"
            | "quarterly"
            | "weekly"
            | "annually"
            | "yearly"
            | "daily"
            | "each month"
            | "each quarter"
            | "done"
            | "closed"
            | "complete"
            | "completed"
            | "tbc"
            | "tba"
    ) || recurring(&lower)
    {
        return Ok(None);
    }
    if let Some(iso) = iso(t) {
        return iso.map(Some);
    }
    // Two whole dates (`20/04/2026 – 22/04/2026`): the last.
    if t.contains(['–', '—', ' ']) && t.len() >= 13 {
        if let Some(last) = span_of_dates(t, order) {
            return Ok(Some(last));
        }
    }
    // A date-time where a date is asked (`2026-02-18T11:00:00Z`): its day.
    if t.len() > 10
        && t.as_bytes().get(10).is_some_and(|b| *b == b'T' || *b == b' ')
        && let Some(iso) = t.get(..10).and_then(iso)
    {
        return iso.map(Some);
    }
    if let Some(numeric) = numeric(t, order) {
        return numeric.map(Some);
    }
    if let Some(named) = with_month_name(t) {
        return named.map(Some);
    }
    if let Some(month) = month_year(t) {
        return month.map(Some);
    }
    if let Some(quarter) = quarter(t) {
        return quarter.map(Some);
    }
    // A span of days (`14-17 Apr 2025`, a course of four days): its last.
    if let Some(last) = last_of_span(t) {
        return last.map(Some);
    }
    Err(format!("`{t}` is not a date: write YYYY-MM-DD"))
}

/// `02/2027`, `2/2027`, `02-2027`: a month of a year, read as its last day
/// (as `February 2027` is).
fn month_year(t: &str) -> Option<Result<String, String>> {
    let (m, y) = t.split_once(['/', '-', '.'])?;
    if m.is_empty() || m.len() > 2 || y.len() != 4 || !m.bytes().chain(y.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (m, y) = (m.parse::<u32>().ok()?, y.parse::<i32>().ok()?);
    if !(1..=12).contains(&m) {
        return Some(Err(format!("`{t}` is not a date: there is no month {m}")));
    }
    let next = if m == 12 { ymd(y + 1, 1, 1) } else { ymd(y, m + 1, 1) }?;
    let last = next.pred_opt()?;
    Some(Ok(last.format("%Y-%m-%d").to_string()))
}

/// `Q3 2026`, `Q1/2027`, `2026 Q2`: a quarter, read as its last day.
fn quarter(t: &str) -> Option<Result<String, String>> {
    let words: Vec<&str> = t.split([' ', '/', '-']).filter(|w| !w.is_empty()).collect();
    let (q, y) = match words.as_slice() {
        [q, y] if q.starts_with(['Q', 'q']) => (*q, *y),
        [y, q] if q.starts_with(['Q', 'q']) => (*q, *y),
        _ => return None,
    };
    let n: u32 = q.get(1..)?.parse().ok()?;
    let year: i32 = (y.len() == 4).then(|| y.parse().ok()).flatten()?;
    if !(1..=4).contains(&n) {
        return Some(Err(format!("`{t}` is not a date: there is no quarter {n}")));
    }
    let next = if n == 4 {
        ymd(year + 1, 1, 1)
    } else {
        ymd(year, n * 3 + 1, 1)
    }?;
    Some(Ok(next.pred_opt()?.format("%Y-%m-%d").to_string()))
}

/// `14-17 Apr 2025`, `3–5 March 2026`: the last day of the span.
fn last_of_span(t: &str) -> Option<Result<String, String>> {
    let (first, rest) = t.split_once(['-', '–'])?;
    let first = first.trim();
    if first.is_empty() || first.len() > 2 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    with_month_name(rest.trim())
}

/// Whether a text is two dates joined as a span, by their shapes alone
/// (the order of day and month aside).
fn span_shape(t: &str) -> bool {
    t.bytes().any(|b| b.is_ascii_digit())
        && span_sides(t).is_some_and(|(a, b)| looks_like_date(a) && looks_like_date(b))
}

const SPAN_SEPARATORS: [&str; 10] = [" – ", " — ", " - ", "–", "—", " to ", " bis ", " al ", " au ", " tot "];

/// The two sides of a span (`20/04/2026 – 22/04/2026`), trimmed, when
/// neither is a span itself.
fn span_sides(t: &str) -> Option<(&str, &str)> {
    let (a, b) = SPAN_SEPARATORS.iter().find_map(|sep| t.split_once(sep))?;
    let single = |x: &str| !x.contains(['–', '—']) && !x.contains(" - ");
    (single(a) && single(b)).then(|| (a.trim(), b.trim()))
}

/// Two whole dates joined as a span (`20/04/2026 – 22/04/2026`, `2026-04-20
/// to 2026-04-22`, `20.04.2026 bis 22.04.2026`): the last, when both read.
fn span_of_dates(t: &str, order: Option<DateOrder>) -> Option<String> {
    let (first, last) = span_sides(t)?;
    read(first, order).ok().flatten()?;
    read(last, order).ok().flatten()
}

/// Whether a text is written as a date (in any of the shapes [`read`]
/// knows), whether or not that day exists.
pub fn looks_like_date(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.');
    let day = if t.len() > 10 && t.as_bytes().get(10).is_some_and(|b| *b == b'T' || *b == b' ') {
        t.get(..10).unwrap_or(t)
    } else {
        t
    };
    // The shapes alone (nothing formatted): this is asked of every cell
    // of every register, most of which are no dates.
    iso_parts(day).is_some()
        || numeric_parts(t).is_some()
        // (`09/01/2026 08:42`: a day and its time.)
        || (day.len() < t.len() && numeric_parts(day).is_some())
        || named_shape(t)
        // `14-Oct-2026`, `02/2027`, `Q1 2027`, `14-17 Apr 2025`.
        || (t.contains('-') && t.bytes().any(|b| b.is_ascii_alphabetic()) && with_month_name(t).is_some())
        || month_year(t).is_some()
        || quarter(t).is_some()
        || last_of_span(t).is_some()
        || span_shape(t)
}

/// Whether a text is `14 March 2026`, `March 14, 2026` or `March 2027`:
/// the shapes [`with_month_name`] reads, without reading the day.
fn named_shape(t: &str) -> bool {
    let mut words = t.split([' ', ',']).filter(|w| !w.is_empty());
    let (Some(a), Some(b), c, None) = (words.next(), words.next(), words.next(), words.next()) else {
        return false;
    };
    match c {
        Some(c) => {
            year(c).is_some() && ((day(a).is_some() && month(b).is_some()) || (month(a).is_some() && day(b).is_some()))
        }
        None => year(b).is_some() && month(a).is_some(),
    }
}

/// A day written as a number with at most two letters after it (`14`,
/// `14th`).
fn day(w: &str) -> Option<u32> {
    // (`14.` of German, `1er` of French, `3rd` of English.)
    let w = w.strip_suffix('.').unwrap_or(w);
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || digits.len() > 2 || w.len() - digits.len() > 2 {
        return None;
    }
    digits.parse().ok()
}

/// A year of four characters.
fn year(w: &str) -> Option<i32> {
    (w.len() == 4).then(|| w.parse().ok()).flatten()
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Why a year, month and day is no date (the day is past the month's end,
/// or the month is not one).
fn impossible(t: &str, y: i32, m: u32, d: u32) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match MONTHS.get((m as usize).wrapping_sub(1)) {
        Some(name) => {
            let last = (28..=31).rev().find(|&d| ymd(y, m, d).is_some()).unwrap_or(28);
            if d == 0 || d > 31 {
                format!("`{t}` is not a date: there is no day {d}")
            } else {
                format!("`{t}` is not a date: {name} {y} has {last} days")
            }
        }
        None => format!("`{t}` is not a date: there is no month {m}"),
    }
}

/// `YYYY-MM-DD`: `None` when the text is not in that shape.
fn iso(t: &str) -> Option<Result<String, String>> {
    let (y, m, d) = iso_parts(t)?;
    Some(match ymd(y, m, d) {
        Some(date) => Ok(date.format("%Y-%m-%d").to_string()),
        None => Err(impossible(t, y, m, d)),
    })
}

/// The year, month and day of a text in the shape `YYYY-MM-DD`.
fn iso_parts(t: &str) -> Option<(i32, u32, u32)> {
    let b = t.as_bytes();
    if t.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    Some((
        t.get(..4)?.parse::<i32>().ok()?,
        t.get(5..7)?.parse::<u32>().ok()?,
        t.get(8..)?.parse::<u32>().ok()?,
    ))
}

/// The three numbers of a text in the shape `14/03/2026`, `14.03.26`
/// (first, second, year as written plus 2000 for two digits).
fn numeric_parts(t: &str) -> Option<(u32, u32, i32)> {
    // Every part is digits: so is the first character.
    if !t.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut parts = t.split(['/', '.', '-']);
    let (Some(a), Some(b), Some(c), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|ch| ch.is_ascii_digit()))
    {
        return None;
    }
    if a.len() > 2 || b.len() > 2 || !(c.len() == 4 || c.len() == 2) {
        return None;
    }
    let (a, b) = (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?);
    let mut year = c.parse::<i32>().ok()?;
    if c.len() == 2 {
        year += 2000;
    }
    Some((a, b, year))
}

/// `14/03/2026`, `14.03.2026`, `14-03-2026` (and two-digit years):
/// `None` when the text is not in that shape.
fn numeric(t: &str, order: Option<DateOrder>) -> Option<Result<String, String>> {
    let (a, b, year) = numeric_parts(t)?;
    let day_first = ymd(year, b, a);
    let month_first = ymd(year, a, b);
    let show = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    Some(match order {
        Some(DateOrder::DayFirst) => day_first.map(show).ok_or_else(|| impossible(t, year, b, a)),
        Some(DateOrder::MonthFirst) => month_first.map(show).ok_or_else(|| impossible(t, year, a, b)),
        None => Err(match (day_first, month_first) {
            (Some(d), Some(m)) if d == m => format!(
                "`{t}` is not written YYYY-MM-DD: it is {} (set `[organisation] dates` to read such dates as they are)",
                show(d)
            ),
            (Some(d), Some(m)) => format!(
                "`{t}` is not written YYYY-MM-DD: day first it is {}, month first {} (write it as YYYY-MM-DD, or set `[organisation] dates = \"day-first\"`)",
                show(d),
                show(m)
            ),
            (Some(d), None) => format!(
                "`{t}` is not written YYYY-MM-DD: it would be {} (day first; set `[organisation] dates = \"day-first\"` to read such dates as they are)",
                show(d)
            ),
            (None, Some(m)) => format!(
                "`{t}` is not written YYYY-MM-DD: it would be {} (month first; set `[organisation] dates = \"month-first\"` to read such dates as they are)",
                show(m)
            ),
            (None, None) => format!("`{t}` is not a date in either order of day and month"),
        }),
    })
}

/// The month a word names (`March`, `Mar`, `Sept`).
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches([',', '.']).to_lowercase();
    if w.len() < 3 {
        return None;
    }
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(i) = NAMES
        .iter()
        .position(|n| n.starts_with(&w) || (w == "sept" && *n == "september"))
    {
        return u32::try_from(i + 1).ok();
    }
    // French, German, Spanish, Italian, Dutch, Portuguese: the full names
    // (`janvier 2027`, `März 2026`, `15 de marzo de 2026` is not read).
    const OTHERS: [(&str, u32); 55] = [
        ("janvier", 1),
        ("février", 2),
        ("fevrier", 2),
        ("mars", 3),
        ("avril", 4),
        ("mai", 5),
        ("juin", 6),
        ("juillet", 7),
        ("août", 8),
        ("aout", 8),
        ("septembre", 9),
        ("octobre", 10),
        ("novembre", 11),
        ("décembre", 12),
        ("decembre", 12),
        ("januar", 1),
        ("februar", 2),
        ("märz", 3),
        ("maerz", 3),
        ("juni", 6),
        ("juli", 7),
        ("oktober", 10),
        ("dezember", 12),
        ("enero", 1),
        ("febrero", 2),
        ("marzo", 3),
        ("abril", 4),
        ("mayo", 5),
        ("junio", 6),
        ("julio", 7),
        ("agosto", 8),
        ("septiembre", 9),
        ("octubre", 10),
        ("noviembre", 11),
        ("diciembre", 12),
        ("gennaio", 1),
        ("febbraio", 2),
        ("aprile", 4),
        ("maggio", 5),
        ("giugno", 6),
        ("luglio", 7),
        ("settembre", 9),
        ("ottobre", 10),
        ("dicembre", 12),
        ("januari", 1),
        ("februari", 2),
        ("maart", 3),
        ("mei", 5),
        ("augustus", 8),
        ("janeiro", 1),
        ("fevereiro", 2),
        ("março", 3),
        ("maio", 5),
        ("junho", 6),
        ("julho", 7),
    ];
    OTHERS.iter().find(|(n, _)| *n == w).map(|(_, m)| *m)
}

/// `14 March 2026`, `14th Mar 2026`, `March 14, 2026`, `March 2027`:
/// `None` when the text is not in such a shape.
fn with_month_name(t: &str) -> Option<Result<String, String>> {
    // `14-Oct-2026`, `Oct-2026`: a spreadsheet's dashes for spaces.
    let dashed = !t.contains(' ') && t.bytes().any(|b| b.is_ascii_alphabetic());
    let words: Vec<&str> = if dashed {
        t.split(['-', ',']).filter(|w| !w.is_empty()).collect()
    } else {
        t.split([' ', ',']).filter(|w| !w.is_empty()).collect()
    };
    let show = |y: i32, m: u32, d: u32| match ymd(y, m, d) {
        Some(date) => Ok(date.format("%Y-%m-%d").to_string()),
        None => Err(impossible(t, y, m, d)),
    };
    match words.as_slice() {
        [d, m, y] => {
            if let (Some(d), Some(m), Some(y)) = (day(d), month(m), year(y)) {
                return Some(show(y, m, d));
            }
            let (Some(m), Some(d), Some(y)) = (month(words[0]), day(words[1]), year(words[2])) else {
                return None;
            };
            Some(show(y, m, d))
        }
        [m, y] => {
            let (Some(m), Some(y)) = (month(m), year(y)) else {
                return None;
            };
            // A month without a day: its last day.
            let next = if m == 12 { ymd(y + 1, 1, 1) } else { ymd(y, m + 1, 1) }?;
            let last = next.pred_opt()?;
            Some(Ok(format!("{}-{:02}-{:02}", last.year(), last.month(), last.day())))
        }
        _ => None,
    }
}

/// Where a date is written inside a longer text (`Head of IT, 17 Feb
/// 2026`): its byte range, for reading a cell that holds a date beside
/// something else.
pub fn find(text: &str, _order: Option<DateOrder>) -> Option<(usize, usize)> {
    // Every date is written with a digit: prose without one holds none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // Candidate runs: one to three words (or one numeric token), tried
    // longest first at every word start.
    let words: Vec<(usize, usize)> = {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            let sep = c.is_whitespace() || c == ',' || c == '(' || c == ')' || c == ';';
            match (sep, start) {
                (true, Some(s)) => {
                    out.push((s, i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push((s, text.len()));
        }
        out
    };
    for i in 0..words.len() {
        for n in (1..=3).rev() {
            let Some(&(_, end)) = words.get(i + n - 1) else {
                continue;
            };
            let start = words[i].0;
            let candidate = text.get(start..end).unwrap_or("").trim_end_matches(['.', '*', '_']);
            let looks = candidate.chars().any(|c| c.is_ascii_digit());
            // A date written as one, even one that does not exist (`31/06/2026`
            // beside a name is still that name's date, to be reported).
            if looks && looks_like_date(candidate) {
                return Some((start, start + candidate.len()));
            }
        }
    }
    None
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
