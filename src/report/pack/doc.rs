//! The evidence pack as a document: sections of paragraphs, tables and
//! figures, built once (`sections`) and rendered by each backend (`html`,
//! `markdown`), so a column or a row is added in one place and both
//! renderings carry the same rows.

pub use super::rows::Event;
use std::collections::BTreeMap;

/// A run of text in a paragraph or a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(String),
    /// A line break inside a cell.
    Break,
}

/// `part` as a whole percentage of `whole` (`—` when `whole` is 0).
pub(super) fn percent(part: usize, whole: usize) -> String {
    (part * 100)
        .checked_div(whole)
        .map_or_else(|| "—".into(), |p| format!("{p}%"))
}

/// Shorthands for building runs.
pub fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

pub fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

pub fn strong(s: impl Into<String>) -> Inline {
    Inline::Strong(s.into())
}

/// One table cell: its runs and how it is marked (`pass`, `fail`, `warn`,
/// `waived`), which the HTML colours and the Markdown makes bold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub parts: Vec<Inline>,
    pub mark: Option<&'static str>,
}

impl Cell {
    pub fn new(parts: Vec<Inline>) -> Cell {
        Cell { parts, mark: None }
    }

    /// Plain text; `—` when empty.
    pub fn of(s: impl Into<String>) -> Cell {
        let s = s.into();
        Cell::new(vec![text(if s.is_empty() { "—".to_string() } else { s })])
    }

    pub fn num(n: impl ToString) -> Cell {
        Cell::new(vec![text(n.to_string())])
    }

    pub fn code(s: impl Into<String>) -> Cell {
        Cell::new(vec![code(s)])
    }

    /// Lines, one per item; `—` when there are none.
    pub fn lines(items: impl IntoIterator<Item = Vec<Inline>>) -> Cell {
        let mut parts = Vec::new();
        for item in items {
            if !parts.is_empty() {
                parts.push(Inline::Break);
            }
            parts.extend(item);
        }
        if parts.is_empty() {
            parts.push(text("—"));
        }
        Cell::new(parts)
    }

    pub fn marked(mut self, mark: &'static str) -> Cell {
        self.mark = Some(mark);
        self
    }

    /// The cell as plain text (what a reader of either rendering sees).
    pub fn plain(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Inline::Text(s) | Inline::Code(s) | Inline::Strong(s) => s.as_str(),
                Inline::Break => "; ",
            })
            .collect()
    }
}

/// A column heading; numeric columns are right-aligned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    pub numeric: bool,
}

pub const fn col(title: &'static str) -> Column {
    Column { title, numeric: false }
}

pub const fn num(title: &'static str) -> Column {
    Column { title, numeric: true }
}

/// A table with an id (the HTML element's, and an anchor in Markdown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub id: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Said instead of an empty table.
    pub empty: &'static str,
}

/// A likelihood × impact heat map: the risk ids in each cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeatMap {
    /// `inherent` or `residual`.
    pub which: &'static str,
    pub scale: u32,
    pub cells: BTreeMap<(u32, u32), Vec<String>>,
    /// The level bands: (name, lowest score, colour), lowest first.
    pub legend: Vec<(String, u32, &'static str)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Para(Vec<Inline>),
    /// A sub-heading inside a section.
    Heading(String),
    /// Key figures: (label, value, mark).
    Figures(Vec<(&'static str, String, Option<&'static str>)>),
    Table(Table),
    Heat(HeatMap),
    /// Management reviews and internal audits on a line of time.
    Timeline {
        points: Vec<Event>,
        now: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub blocks: Vec<Block>,
}

/// The whole pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub title: String,
    pub lead: Vec<Block>,
    pub sections: Vec<Section>,
    /// Where it comes from, said again at the end.
    pub footer: String,
    pub generator: String,
}
