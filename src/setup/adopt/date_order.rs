//! The organisation's order of dates (day first or month first), read from
//! the dates its registers write and the way its documents spell them.

use crate::config::DateOrder;

/// The order of day and month the organisation writes: day first when a
/// date has a first part over 12, month first when a second part is; none
/// when there is no such date or both are seen.
pub(super) fn date_order(cells: &[&str]) -> Option<DateOrder> {
    let (mut day, mut month) = (false, false);
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for c in cells {
        // Each distinct cell once; once both orders are seen, neither is.
        if day && month {
            break;
        }
        if !seen.insert(c) {
            continue;
        }
        let Some((s, e)) = crate::workspace::dates::find(c, None) else {
            continue;
        };
        let d = c.get(s..e).unwrap_or("");
        // (`14-02-2026` too, its year last; never an ISO date.)
        let parts: Vec<u32> = d.split(['/', '.', '-']).filter_map(|p| p.parse().ok()).collect();
        if let [a, b, year] = parts.as_slice()
            && *year > 31
        {
            day |= *a > 12 && *b <= 12;
            month |= *b > 12 && *a <= 12;
        }
    }
    match (day, month) {
        (true, false) => Some(DateOrder::DayFirst),
        (false, true) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

/// Whether some date is written with slashes in an order the numbers
/// cannot tell (`02/06/2026`).
pub(super) fn ambiguous(cells: &[&str]) -> bool {
    cells.iter().any(|c| {
        let parts: Vec<u32> = c.trim().split(['/', '.']).filter_map(|p| p.parse().ok()).collect();
        matches!(parts.as_slice(), [a, b, y] if *a <= 12 && *b <= 12 && *a != *b && *y > 1900)
    })
}

/// The order of day and month the organisation's spelling suggests when
/// its dates cannot tell: a British or European text (`organisation`,
/// `Ltd`, `£`, `GmbH`) writes the day first, an American one (`LLC`,
/// `organization`, `$`) the month; `None` when neither says more.
pub(super) fn order_by_spelling(markdown: &[(String, String)]) -> Option<DateOrder> {
    const DAY: &[&str] = &[
        "organisation",
        " ltd",
        "limited",
        "£",
        "€",
        "gmbh",
        "sarl",
        " s.l.",
        " b.v.",
        "licence",
        "programme",
        "colour",
        "behaviour",
        "authorise",
        " plc",
    ];
    const MONTH: &[&str] = &[
        " llc",
        " inc.",
        "$",
        "organization",
        "color",
        "behavior",
        "authorize",
        "license ",
    ];
    let (mut day, mut month) = (0usize, 0usize);
    for (_, text) in markdown {
        let lower = text.to_lowercase();
        day += DAY.iter().filter(|w| lower.contains(*w)).count();
        month += MONTH.iter().filter(|w| lower.contains(*w)).count();
    }
    match day.cmp(&month) {
        std::cmp::Ordering::Greater => Some(DateOrder::DayFirst),
        std::cmp::Ordering::Less => Some(DateOrder::MonthFirst),
        std::cmp::Ordering::Equal => None,
    }
}
