//! A training matrix (a row per person, a group of columns per course, as
//! `courses` of a `[[register]]` names them) read as training records: one
//! per person and course the row fills, the course named by its key in
//! `courses` and located at its first column's header.

use crate::config::RegisterEntry;
use crate::diag::{Problem, Problems};
use crate::source::{SourceFile, Span};
use crate::tree::{Key, Kind, Node};
use crate::workspace::fields::normalise_name;
use std::rc::Rc;
use std::sync::Arc;

/// One course of a matrix: its name, the places of its columns in the
/// header, and the header cell that names it.
pub(super) struct Course {
    name: Rc<str>,
    columns: Vec<usize>,
    at: Span,
}

/// The courses of `courses` found in `header`; a column named there that
/// the file lacks is said at the header.
pub(super) fn courses(
    (entry, file): (&RegisterEntry, &Arc<SourceFile>),
    header: &[Key],
    problems: &mut Problems,
) -> Vec<Course> {
    let mut out = Vec::new();
    for (name, columns) in &entry.courses {
        let mut places = Vec::new();
        for column in columns {
            match header
                .iter()
                .position(|k| normalise_name(&k.name) == normalise_name(column))
            {
                Some(i) => places.push(i),
                None => problems.push(
                    Problem::new(
                        "register::unknown-column",
                        format!(
                            "the course `{name}` names a column `{column}` that {} does not have",
                            file.name
                        ),
                    )
                    .at(file, header.first().map_or(Span::new(0, 0), |k| k.span))
                    .help("`courses` in isms.toml names each course's columns as the header writes them"),
                ),
            }
        }
        if let Some(&first) = places.first() {
            out.push(Course {
                name: Rc::from(name.as_str()),
                at: header[first].span,
                columns: places,
            });
        }
    }
    out
}

/// Whether the header's column at `place` belongs to a course.
pub(super) fn in_a_course(courses: &[Course], place: usize) -> bool {
    courses.iter().any(|c| c.columns.contains(&place))
}

/// The keyed cells of one record.
type Entries = Vec<(Rc<Key>, Node)>;

/// The records of one row: the cells outside every course, with each
/// course's cells and the course's name; a course whose cells are all
/// empty gives none (not taken, as far as the matrix says).
pub(super) fn records_of_row(courses: &[Course], header: &[Rc<Key>], cells: Vec<Node>) -> Vec<(Rc<str>, Entries)> {
    let shared: Vec<(Rc<Key>, Node)> = header
        .iter()
        .zip(&cells)
        .enumerate()
        .filter(|(i, _)| !in_a_course(courses, *i))
        .map(|(_, (k, n))| (Rc::clone(k), n.clone()))
        .collect();
    let course_key = Rc::new(Key {
        name: "course".to_string(),
        span: Span::new(0, 0),
    });
    let mut out = Vec::new();
    for course in courses {
        let own: Vec<(Rc<Key>, Node)> = course
            .columns
            .iter()
            .filter_map(|&i| Some((Rc::clone(header.get(i)?), cells.get(i)?.clone())))
            .collect();
        let filled = own.iter().any(|(_, n)| {
            !matches!(n.kind, Kind::Null) && n.as_str().is_none_or(|t| !crate::workspace::fields::is_blank(t))
        });
        if !filled {
            continue;
        }
        let mut entries = shared.clone();
        entries.push((
            Rc::clone(&course_key),
            Node::new(course.at, Kind::Str(course.name.to_string())),
        ));
        entries.extend(own);
        out.push((Rc::clone(&course.name), entries));
    }
    out
}
