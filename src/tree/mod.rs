//! The spanned data tree: every TOML, YAML, JSON and CSV file `isms` reads is
//! parsed into [`Node`]s that keep the byte span of each key and value, so
//! that a finding can point at the exact cell of a register.

use crate::source::Span;

mod csv;
pub mod markdown;
mod yaml;
pub use csv::{CsvRows, CsvTable, parse_csv, parse_csv_with};
pub use yaml::parse_yaml;

/// A value with the span of its text in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: Kind,
}

/// A table key and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Strings, and TOML dates (kept as their text, e.g. `2026-01-31`).
    Str(String),
    Array(Vec<Node>),
    Table(Vec<(Key, Node)>),
}

impl Node {
    pub fn new(span: Span, kind: Kind) -> Self {
        Node { span, kind }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    pub fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        match &self.kind {
            Kind::Table(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_table(&self) -> Option<&[(Key, Node)]> {
        match &self.kind {
            Kind::Table(entries) => Some(entries),
            _ => None,
        }
    }

    /// The name of this value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) => "an integer",
            Kind::Float(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Table(_) => "a table",
        }
    }

    /// The plain JSON value, without spans.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.kind {
            Kind::Null => serde_json::Value::Null,
            Kind::Bool(b) => (*b).into(),
            Kind::Int(i) => (*i).into(),
            Kind::Float(f) => serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into),
            Kind::Str(s) => s.as_str().into(),
            Kind::Array(items) => items.iter().map(Node::to_json).collect(),
            Kind::Table(entries) => entries
                .iter()
                .map(|(k, v)| (k.name.clone(), v.to_json()))
                .collect::<serde_json::Map<_, _>>()
                .into(),
        }
    }
}

/// A syntax error at a place in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

impl SyntaxError {
    fn new(span: Span, message: impl Into<String>) -> Self {
        SyntaxError {
            span,
            message: message.into(),
        }
    }
}

/// The largest nesting depth accepted in any data file. Registers are two
/// levels deep; this only keeps hostile input from exhausting the stack.
pub const MAX_DEPTH: usize = 64;

/// The most nodes one YAML file may expand to through aliases, so that an
/// "exponential entity" file is refused rather than expanded.
pub const MAX_YAML_NODES: usize = 1_000_000;

// ---------------------------------------------------------------- TOML

/// Parses TOML into a table node.
pub fn parse_toml(text: &str) -> Result<Node, SyntaxError> {
    let table = toml::de::DeTable::parse(text).map_err(|e| {
        let span = e.span().map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
        SyntaxError::new(span, e.message().trim().to_string())
    })?;
    let span = table.span();
    Ok(Node::new(
        Span::new(span.start, span.end),
        toml_table(table.into_inner()),
    ))
}

fn toml_table(table: toml::de::DeTable<'_>) -> Kind {
    Kind::Table(
        table
            .into_iter()
            .map(|(k, v)| {
                let ks = k.span();
                let key = Key {
                    name: k.into_inner().into_owned(),
                    span: Span::new(ks.start, ks.end),
                };
                (key, toml_value(v))
            })
            .collect(),
    )
}

fn toml_value(value: toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    use toml::de::DeValue;
    let s = value.span();
    let span = Span::new(s.start, s.end);
    let kind = match value.into_inner() {
        DeValue::String(s) => Kind::Str(s.into_owned()),
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(v) => Kind::Int(v),
            Err(_) => Kind::Str(i.as_str().to_string()),
        },
        DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
            Ok(v) => Kind::Float(v),
            Err(_) => Kind::Str(f.as_str().to_string()),
        },
        DeValue::Boolean(b) => Kind::Bool(b),
        DeValue::Datetime(d) => Kind::Str(d.to_string()),
        DeValue::Array(items) => Kind::Array(items.into_iter().map(toml_value).collect()),
        DeValue::Table(t) => toml_table(t),
    };
    Node::new(span, kind)
}

// ---------------------------------------------------------------- JSON

/// Parses strict JSON (no comments, no trailing commas) into a node.
pub fn parse_json(text: &str) -> Result<Node, SyntaxError> {
    use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = parse_to_ast(text, &CollectOptions::default(), &options).map_err(|e| {
        let r = e.range();
        SyntaxError::new(Span::new(r.start, r.end), e.kind().to_string())
    })?;
    let Some(value) = parsed.value else {
        return Err(SyntaxError::new(Span::new(0, 0), "the file holds no JSON value"));
    };
    json_value(value, 0)
}

fn json_value(value: jsonc_parser::ast::Value<'_>, depth: usize) -> Result<Node, SyntaxError> {
    use jsonc_parser::ast::{ObjectPropName, Value};
    let span_of = |r: jsonc_parser::common::Range| Span::new(r.start, r.end);
    Ok(match value {
        Value::StringLit(s) => Node::new(span_of(s.range), Kind::Str(s.value.into_owned())),
        Value::NumberLit(n) => {
            let span = span_of(n.range);
            let kind = if let Ok(i) = n.value.parse::<i64>() {
                Kind::Int(i)
            } else {
                match n.value.parse::<f64>() {
                    Ok(f) => Kind::Float(f),
                    Err(_) => return Err(SyntaxError::new(span, format!("invalid number `{}`", n.value))),
                }
            };
            Node::new(span, kind)
        }
        Value::BooleanLit(b) => Node::new(span_of(b.range), Kind::Bool(b.value)),
        Value::NullKeyword(n) => Node::new(span_of(n.range), Kind::Null),
        Value::Array(a) => {
            let span = span_of(a.range);
            if depth >= MAX_DEPTH {
                return Err(SyntaxError::new(span, format!("nested deeper than {MAX_DEPTH} levels")));
            }
            let items = a
                .elements
                .into_iter()
                .map(|v| json_value(v, depth + 1))
                .collect::<Result<_, _>>()?;
            Node::new(span, Kind::Array(items))
        }
        Value::Object(o) => {
            let span = span_of(o.range);
            if depth >= MAX_DEPTH {
                return Err(SyntaxError::new(span, format!("nested deeper than {MAX_DEPTH} levels")));
            }
            let mut entries: Vec<(Key, Node)> = Vec::with_capacity(o.properties.len());
            let mut seen = std::collections::HashSet::new();
            for prop in o.properties {
                let (name, range) = match prop.name {
                    ObjectPropName::String(s) => (s.value.into_owned(), s.range),
                    ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                };
                let key = Key {
                    name,
                    span: span_of(range),
                };
                if !seen.insert(key.name.clone()) {
                    return Err(SyntaxError::new(key.span, format!("duplicate key `{}`", key.name)));
                }
                entries.push((key, json_value(prop.value, depth + 1)?));
            }
            Node::new(span, Kind::Table(entries))
        }
    })
}

// ---------------------------------------------------------------- YAML

/// The span of the one character at byte `at` of `text` (empty at the end),
/// so an error points at a whole character and never past the text.
pub fn char_at(text: &str, at: usize) -> Span {
    let mut start = at.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let width = text[start..].chars().next().map_or(0, char::len_utf8);
    Span::new(start, start + width)
}

// ---------------------------------------------------------------- CSV

/// How many rows at the top of a table file may come before its header.
pub const HEADER_WITHIN: usize = 8;

/// Which of a file's first rows is its header: the first with at least two
/// names that is at least half as wide (in cells filled) as the widest of
/// them; rows above it are a title, a date, a note.
pub fn header_row(rows: &[(Span, Vec<(String, Span)>)]) -> Option<usize> {
    let filled = |cells: &[(String, Span)]| cells.iter().filter(|(c, _)| !c.trim().is_empty()).count();
    let widest = rows.iter().map(|(_, c)| filled(c)).max()?;
    rows.iter()
        .position(|(_, c)| filled(c) >= 2.max(widest.div_ceil(2)))
        .or(if widest >= 1 { Some(0) } else { None })
}

/// A header written over two rows, as spreadsheets merge a group's cell
/// over its columns (`Inherent` over `L | I | Rating`): the group's name
/// carried over the empty cells after it, and each column named by its
/// group and its own cell below (`Inherent L`). `None` when the second row
/// is a record, not the rest of the header.
pub fn merge_header(header: &[(String, Span)], sub: &[(String, Span)]) -> Option<Vec<(String, Span)>> {
    let empty = |c: &str| c.trim().is_empty();
    if !header.iter().any(|(c, _)| empty(c)) || header.first().is_none_or(|(c, _)| empty(c)) {
        return None;
    }
    let named: Vec<&(String, Span)> = sub.iter().filter(|(c, _)| !empty(c)).collect();
    if named.len() < 2 {
        return None;
    }
    // The second row names columns briefly; a record holds sentences,
    // dates, ids.
    if named
        .iter()
        .any(|(c, _)| c.chars().count() > 24 || c.chars().filter(char::is_ascii_digit).count() > 2)
    {
        return None;
    }
    // It names only the columns under a merged cell (a group's own and the
    // empty ones after it), never one the first row names alone.
    let in_group = |i: usize| empty(&header[i].0) || header.get(i + 1).is_some_and(|(n, _)| empty(n));
    if sub
        .iter()
        .enumerate()
        .any(|(i, (c, _))| !empty(c) && (i >= header.len() || !in_group(i)))
    {
        return None;
    }
    let mut out = Vec::with_capacity(header.len());
    let mut group: Option<&str> = None;
    for (i, (h, span)) in header.iter().enumerate() {
        let below = sub.get(i).map(|(c, _)| c.trim()).filter(|c| !c.is_empty());
        let starts_group = !empty(h) && header.get(i + 1).is_some_and(|(n, _)| empty(n));
        if !empty(h) {
            group = starts_group.then_some(h.trim());
        }
        let name = match (empty(h), below, group) {
            (false, Some(b), Some(g)) => format!("{g} {b}"),
            (false, _, _) => h.trim().to_string(),
            (true, Some(b), Some(g)) => format!("{g} {b}"),
            (true, Some(b), None) => b.to_string(),
            // A column named by neither row.
            (true, None, _) => return None,
        };
        out.push((name, *span));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn toml_spans() {
        let text = "[[risk]]\nid = \"R-1\"\nlikelihood = 3\non = 2026-01-02\n";
        let node = parse_toml(text).unwrap();
        let risk = &node.get("risk").unwrap().as_array().unwrap()[0];
        assert_eq!(at(text, risk.get("id").unwrap().span), "\"R-1\"");
        assert_eq!(risk.get("likelihood").unwrap().kind, Kind::Int(3));
        assert_eq!(risk.get("on").unwrap().kind, Kind::Str("2026-01-02".into()));
    }

    #[test]
    fn json_spans_and_duplicates() {
        let text = "[{\"id\": \"Ä-1\", \"n\": 2}]";
        let node = parse_json(text).unwrap();
        let rec = &node.as_array().unwrap()[0];
        assert_eq!(at(text, rec.get("n").unwrap().span), "2");
        assert_eq!(at(text, rec.get("id").unwrap().span), "\"Ä-1\"");
        let err = parse_json("{\"a\": 1, \"a\": 2}").unwrap_err();
        assert_eq!(err.span, Span::new(9, 12));
        assert!(parse_json("[1,]").is_err());
    }

    #[test]
    fn yaml_spans_and_aliases() {
        let text = "- id: é-1\n  n: 'x'\n- id: R-2\n";
        let node = parse_yaml(text).unwrap();
        let items = node.as_array().unwrap();
        assert_eq!(at(text, items[0].get("id").unwrap().span), "é-1");
        assert_eq!(at(text, items[0].get("n").unwrap().span), "'x'");
        assert_eq!(at(text, items[1].get("id").unwrap().span), "R-2");
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
        assert!(parse_yaml(bomb).unwrap_err().message.contains("expands"));
        assert!(parse_yaml("a: 1\na: 2\n").unwrap_err().message.contains("duplicate"));
    }

    #[test]
    fn csv_cell_spans() {
        let text = "id,title\r\nR-1,\"a, \"\"b\"\"\"\n\nR-2,c\n";
        let table = parse_csv(text).unwrap();
        assert_eq!(table.header[1].name, "title");
        assert_eq!(table.rows.len(), 2);
        let (_, cells) = &table.rows[0];
        assert_eq!(at(text, cells[0].span), "R-1");
        assert_eq!(at(text, cells[1].span), "a, \"\"b\"\"");
        assert_eq!(cells[1].kind, Kind::Str("a, \"b\"".into()));
        assert_eq!(at(text, table.rows[1].1[1].span), "c");
        assert!(parse_csv("a,b\n1,2,3\n").is_err());
    }

    /// A spreadsheet's export: a title and a date above the header, and a
    /// header merged over two rows.
    #[test]
    fn headers_below_a_title_and_over_two_rows() {
        let text = "ACME Ltd - Risk Register v4,,,,\nLast updated 14/10/2026,,,,\n,,,,\nRef,Risk,Inherent,,\n,,L,I,Rating\nR-1,Flood,3,4,High\n";
        let (header, rows) = CsvRows::new(text, b',').unwrap();
        let names: Vec<&str> = header.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["Ref", "Risk", "Inherent L", "Inherent I", "Inherent Rating"]);
        let rows: Vec<_> = rows.collect::<Result<_, _>>().unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].1[0].as_str(), Some("R-1"));
        // A second row that is a record is not a header.
        let text = "Ref,Risk,Inherent,,\nR-1,Flood,3,4,High\n";
        assert!(CsvRows::new(text, b',').is_err(), "an unnamed column is still an error");
        let text = "Ref,Risk,L,I,Rating\nR-1,Flood,3,4,High\n";
        let (header, rows) = CsvRows::new(text, b',').unwrap();
        assert_eq!(header.len(), 5);
        assert_eq!(rows.count(), 1);
    }
}
