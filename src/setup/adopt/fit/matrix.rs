//! A training matrix by its columns: a person column and, per course, a
//! group of date columns named by the course and what the date is
//! (`Security Awareness completed`, `Security Awareness expires`,
//! `GDPR – Due`). Read as a training register with `courses`.

use super::Mapping;
use super::synonyms::header_words;
use crate::setup::adopt::tables::Table;
use std::collections::BTreeMap;

/// The words that end a course's column, and the field they give.
const ENDINGS: &[(&str, &str)] = &[
    ("completed on", "completed_on"),
    ("date completed", "completed_on"),
    ("completion date", "completed_on"),
    ("completed", "completed_on"),
    ("completion", "completed_on"),
    ("done", "completed_on"),
    ("passed", "completed_on"),
    ("attended", "completed_on"),
    ("date", "completed_on"),
    ("next due", "expires"),
    ("due date", "expires"),
    ("due", "expires"),
    ("expiry date", "expires"),
    ("expiry", "expires"),
    ("expires", "expires"),
    ("expires on", "expires"),
    ("valid until", "expires"),
    ("renewal", "expires"),
    ("refresh by", "expires"),
];

/// The course and field a header names (`Security Awareness completed` →
/// `Security Awareness`, `completed_on`), as the header writes the course.
/// (English endings only: a translated header's words are in another
/// order than its text.)
fn course_column(header: &str) -> Option<(String, &'static str)> {
    let text = header.trim().trim_end_matches([')', ']', ':']).trim_end();
    let lower = text.to_lowercase();
    // The longest ending first (`expiry date` before `date`).
    let mut endings: Vec<&(&str, &'static str)> = ENDINGS.iter().collect();
    endings.sort_by_key(|(e, _)| std::cmp::Reverse(e.len()));
    for (ending, field) in endings {
        let Some(head) = lower.strip_suffix(ending) else {
            continue;
        };
        // The ending as words of their own, after a separator.
        if !head.ends_with([' ', '(', '[', '-', '–', ':', '/', '_']) {
            continue;
        }
        let course = text
            .get(..head.len())?
            .trim_end_matches([' ', '(', '[', '-', '–', ':', '/', '_'])
            .trim();
        if course.is_empty() || course.chars().all(|c| !c.is_alphabetic()) {
            return None;
        }
        return Some((course.to_string(), *field));
    }
    None
}

/// Each course's name and the places of its columns.
pub type Courses = Vec<(String, Vec<usize>)>;

/// The mapping of a training matrix and its courses (each course's name
/// and columns), when `table` is one: a person column, and two or more
/// courses of date columns whose cells are dates or empty.
pub fn training(table: &Table) -> Option<(Mapping, Courses)> {
    let person = table.header.iter().position(|h| {
        matches!(
            header_words(h).as_str(),
            "name" | "person" | "employee" | "staff" | "staff member" | "full name" | "trainee" | "learner"
        )
    })?;
    // A table with a column of courses is a log, a row per course taken.
    if table.header.iter().any(|h| {
        matches!(
            header_words(h).as_str(),
            "course" | "training" | "module" | "course name" | "training name" | "session"
        )
    }) {
        return None;
    }
    let mut courses: BTreeMap<String, Vec<(usize, &'static str)>> = BTreeMap::new();
    for (i, h) in table.header.iter().enumerate() {
        if i == person {
            continue;
        }
        let Some((course, field)) = course_column(h) else {
            continue;
        };
        let cells = table.columns.get(i)?;
        let dated = cells
            .iter()
            .filter(|c| !c.trim().is_empty())
            .all(|c| super::profile::is_date(c.trim()) || crate::workspace::fields::is_blank(c));
        if !dated || cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let fields = courses.entry(course).or_default();
        // One column of each field per course.
        if fields.iter().any(|(_, f)| *f == field) {
            return None;
        }
        fields.push((i, field));
    }
    // Each course says when it was completed.
    courses.retain(|_, fields| fields.iter().any(|(_, f)| *f == "completed_on"));
    // Two courses or more; or one that says it is training (a personnel
    // export's `Security training completed`).
    let says_training = |c: &str| {
        let w = c.to_lowercase();
        ["training", "awareness", "course"].iter().any(|t| w.contains(t))
    };
    if courses.len() < 2 && !courses.keys().next().is_some_and(|c| says_training(c)) {
        return None;
    }
    let mut mapping = Mapping {
        columns: BTreeMap::from([(person, vec!["person"])]),
        parts: Default::default(),
        score: 1.0,
    };
    let mut out = Vec::new();
    for (course, columns) in courses {
        for (i, field) in &columns {
            mapping.columns.insert(*i, vec![*field]);
        }
        out.push((course, columns.into_iter().map(|(i, _)| i).collect()));
    }
    Some((mapping, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn courses_by_their_columns() {
        assert_eq!(
            course_column("Security Awareness completed"),
            Some(("Security Awareness".into(), "completed_on"))
        );
        assert_eq!(course_column("GDPR – Expiry date"), Some(("GDPR".into(), "expires")));
        assert_eq!(course_column("Phishing (due)"), Some(("Phishing".into(), "expires")));
        assert_eq!(course_column("Completed"), None, "a column of one course is no matrix");
        assert_eq!(course_column("Role"), None);
        assert_eq!(course_column("Date d'expiration"), None);
        assert_eq!(course_column("Date de réalisation"), None);
    }
}
