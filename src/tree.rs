//! The spanned data tree: every TOML, YAML, JSON and CSV file `isms` reads is
//! parsed into [`Node`]s that keep the byte span of each key and value, so
//! that a finding can point at the exact cell of a register.

use crate::source::Span;

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

/// Parses a single-document YAML file into a node. Anchors and aliases are
/// expanded up to [`MAX_YAML_NODES`] nodes; duplicate keys are errors.
pub fn parse_yaml(text: &str) -> Result<Node, SyntaxError> {
    let mut builder = YamlBuilder {
        text,
        parser: yaml_rust2::parser::Parser::new_from_str(text),
        anchors: std::collections::HashMap::new(),
        nodes: 0,
        ascii: text.is_ascii(),
        cursor: (0, 0),
    };
    builder.document()
}

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

struct YamlBuilder<'a> {
    text: &'a str,
    parser: yaml_rust2::parser::Parser<std::str::Chars<'a>>,
    anchors: std::collections::HashMap<usize, Node>,
    nodes: usize,
    ascii: bool,
    cursor: (usize, usize),
}

impl YamlBuilder<'_> {
    fn next(&mut self) -> Result<(yaml_rust2::Event, usize), SyntaxError> {
        match self.parser.next_token() {
            Ok((ev, mark)) => Ok((ev, self.byte_offset(mark.index()))),
            Err(e) => {
                let at = self.byte_offset(e.marker().index());
                Err(SyntaxError::new(char_at(self.text, at), e.info().to_string()))
            }
        }
    }

    /// The parser counts characters; spans are bytes. Markers arrive in
    /// order, so a cursor makes the conversion linear overall.
    fn byte_offset(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index;
        }
        let (mut chars, mut bytes) = self.cursor;
        if char_index < chars {
            (chars, bytes) = (0, 0);
        }
        let rest = self.text.get(bytes..).unwrap_or("");
        for ch in rest.chars() {
            if chars == char_index {
                break;
            }
            chars += 1;
            bytes += ch.len_utf8();
        }
        self.cursor = (chars, bytes);
        bytes
    }

    fn document(&mut self) -> Result<Node, SyntaxError> {
        use yaml_rust2::Event;
        let mut root = None;
        loop {
            let (ev, at) = self.next()?;
            match ev {
                Event::StreamStart | Event::DocumentStart | Event::DocumentEnd | Event::Nothing => {}
                Event::StreamEnd => break,
                other => {
                    if root.is_some() {
                        return Err(SyntaxError::new(
                            char_at(self.text, at),
                            "more than one YAML document in the file",
                        ));
                    }
                    root = Some(self.node(other, at, 0)?);
                }
            }
        }
        Ok(root.unwrap_or_else(|| Node::new(Span::new(0, 0), Kind::Null)))
    }

    fn count(&mut self, n: usize, at: usize) -> Result<(), SyntaxError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_YAML_NODES {
            return Err(SyntaxError::new(
                char_at(self.text, at),
                format!("the file expands to more than {MAX_YAML_NODES} values (aliases expanding exponentially?)"),
            ));
        }
        Ok(())
    }

    fn node(&mut self, ev: yaml_rust2::Event, at: usize, depth: usize) -> Result<Node, SyntaxError> {
        use yaml_rust2::Event;
        if depth >= MAX_DEPTH {
            return Err(SyntaxError::new(
                char_at(self.text, at),
                format!("nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.count(1, at)?;
        match ev {
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id).cloned() else {
                    return Err(SyntaxError::new(char_at(self.text, at), "unknown alias"));
                };
                self.count(node_count(&node), at)?;
                // The alias points at its own place, not at the anchor's.
                Ok(Node::new(char_at(self.text, at), node.kind))
            }
            Event::Scalar(value, style, anchor, tag) => {
                let end = scalar_end(self.text, at, &value, style);
                let node = Node::new(Span::new(at, end), yaml_scalar(value, style, tag.as_ref()));
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                Ok(node)
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                let end = loop {
                    let (ev, at2) = self.next()?;
                    if ev == Event::SequenceEnd {
                        break at2;
                    }
                    items.push(self.node(ev, at2, depth + 1)?);
                };
                let end = items.last().map_or(end, |n: &Node| n.span.end.max(end));
                let node = Node::new(Span::new(at, end), Kind::Array(items));
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                Ok(node)
            }
            Event::MappingStart(anchor, _) => {
                let mut entries: Vec<(Key, Node)> = Vec::new();
                let mut keys = std::collections::HashSet::new();
                let end = loop {
                    let (ev, kat) = self.next()?;
                    if ev == Event::MappingEnd {
                        break kat;
                    }
                    let key_node = self.node(ev, kat, depth + 1)?;
                    let name = match key_node.kind {
                        Kind::Str(s) => s,
                        Kind::Int(i) => i.to_string(),
                        Kind::Bool(b) => b.to_string(),
                        Kind::Float(f) => f.to_string(),
                        Kind::Null => "null".to_string(),
                        _ => {
                            return Err(SyntaxError::new(key_node.span, "a mapping key must be a plain value"));
                        }
                    };
                    let key = Key {
                        name,
                        span: key_node.span,
                    };
                    if !keys.insert(key.name.clone()) {
                        return Err(SyntaxError::new(key.span, format!("duplicate key `{}`", key.name)));
                    }
                    let (vev, vat) = self.next()?;
                    let value = self.node(vev, vat, depth + 1)?;
                    entries.push((key, value));
                };
                let end = entries.last().map_or(end, |(_, n)| n.span.end.max(end));
                let node = Node::new(Span::new(at, end), Kind::Table(entries));
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                Ok(node)
            }
            other => Err(SyntaxError::new(
                char_at(self.text, at),
                format!("unexpected YAML event {other:?}"),
            )),
        }
    }
}

fn node_count(node: &Node) -> usize {
    match &node.kind {
        Kind::Array(items) => 1 + items.iter().map(node_count).sum::<usize>(),
        Kind::Table(entries) => 1 + entries.iter().map(|(_, v)| node_count(v)).sum::<usize>(),
        _ => 1,
    }
}

fn scalar_end(text: &str, at: usize, value: &str, style: yaml_rust2::scanner::TScalarStyle) -> usize {
    use yaml_rust2::scanner::TScalarStyle;
    let rest = text.get(at..).unwrap_or("");
    let line_end = rest.find(['\n', '\r']).map_or(text.len(), |i| at + i);
    let guess = match style {
        TScalarStyle::Plain => at + value.len(),
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => at + value.len() + 2,
        _ => line_end,
    };
    guess.min(line_end).max(at + 1).min(text.len().max(at))
}

fn yaml_scalar(value: String, style: yaml_rust2::scanner::TScalarStyle, tag: Option<&yaml_rust2::parser::Tag>) -> Kind {
    use yaml_rust2::scanner::TScalarStyle;
    if style != TScalarStyle::Plain {
        return Kind::Str(value);
    }
    if let Some(tag) = tag {
        if tag.suffix == "str" {
            return Kind::Str(value);
        }
    }
    match value.as_str() {
        "~" | "null" | "Null" | "NULL" | "" => Kind::Null,
        "true" | "True" | "TRUE" => Kind::Bool(true),
        "false" | "False" | "FALSE" => Kind::Bool(false),
        v => {
            if let Ok(i) = v.parse::<i64>() {
                Kind::Int(i)
            } else if let Some(hex) = v.strip_prefix("0x").and_then(|h| i64::from_str_radix(h, 16).ok()) {
                Kind::Int(hex)
            } else if looks_like_float(v) {
                v.parse::<f64>().map_or(Kind::Str(value), Kind::Float)
            } else {
                Kind::Str(value)
            }
        }
    }
}

fn looks_like_float(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        && v.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.')
}

// ---------------------------------------------------------------- CSV

/// A CSV table: the header row and the records, each cell with its span.
#[derive(Debug, Clone)]
pub struct CsvTable {
    pub header: Vec<Key>,
    /// One entry per data row: the row's span and its cells (`None` past the
    /// end of a short row).
    pub rows: Vec<(Span, Vec<Node>)>,
}

/// Parses CSV with a header row. Cells keep the span of their text (inside
/// the quotes when quoted). Blank lines are skipped; a row with more cells
/// than the header is an error.
pub fn parse_csv(text: &str) -> Result<CsvTable, SyntaxError> {
    parse_csv_with(text, b',')
}

/// [`parse_csv`] with another field delimiter (`;` from spreadsheets set
/// to a European locale, a tab).
pub fn parse_csv_with(text: &str, delimiter: u8) -> Result<CsvTable, SyntaxError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<Key>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map_or(start, |p| p.byte() as usize);
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "invalid UTF-8 in a cell".to_string(),
                    _ => e.to_string(),
                };
                return Err(SyntaxError::new(char_at(text, at), message));
            }
        }
        let mut row_start = record.position().map_or(start, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(row_start), Some(b'\n' | b'\r')) {
            row_start += 1;
        }
        let row_end = reader.position().byte() as usize;
        let spans = cell_spans(text, row_start, row_end, record.len(), delimiter);
        let cells: Vec<(String, Span)> = record.iter().map(str::to_string).zip(spans).collect();
        if cells.len() == 1 && cells.first().is_some_and(|(c, _)| c.trim().is_empty()) {
            continue;
        }
        let row_span = Span::new(row_start, trim_line_end(text, row_start, row_end));
        match &header {
            None => {
                let mut names: Vec<Key> = Vec::with_capacity(cells.len());
                for (name, span) in cells {
                    let name = name.trim().to_string();
                    if name.is_empty() {
                        return Err(SyntaxError::new(span, "empty column name in the header row"));
                    }
                    if names.iter().any(|k| k.name == name) {
                        return Err(SyntaxError::new(span, format!("duplicate column `{name}`")));
                    }
                    names.push(Key { name, span });
                }
                header = Some(names);
            }
            Some(names) => {
                if cells.len() > names.len() {
                    let extra = cells.get(names.len()).map_or(row_span, |(_, s)| *s);
                    return Err(SyntaxError::new(
                        extra,
                        format!(
                            "this row has {} cells but the header has {} columns",
                            cells.len(),
                            names.len()
                        ),
                    ));
                }
                let nodes = cells
                    .into_iter()
                    .map(|(value, span)| Node::new(span, Kind::Str(value)))
                    .collect();
                rows.push((row_span, nodes));
            }
        }
    }
    match header {
        Some(header) => Ok(CsvTable { header, rows }),
        None => Err(SyntaxError::new(
            Span::new(0, 0),
            "the file is empty: a CSV register needs a header row",
        )),
    }
}

fn trim_line_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut e = end.min(bytes.len());
    while e > start && matches!(bytes.get(e - 1), Some(b'\n' | b'\r')) {
        e -= 1;
    }
    e
}

/// Byte spans of the `n` cells of the raw CSV row `text[start..end]`,
/// following RFC 4180 quoting.
fn cell_spans(text: &str, start: usize, end: usize, n: usize, delimiter: u8) -> Vec<Span> {
    let bytes = text.as_bytes();
    let end = trim_line_end(text, start, end);
    let mut spans = Vec::with_capacity(n);
    let mut i = start;
    while spans.len() < n {
        if bytes.get(i) == Some(&b'"') {
            let open = i + 1;
            let mut j = open;
            loop {
                match bytes.get(j) {
                    Some(b'"') if bytes.get(j + 1) == Some(&b'"') => j += 2,
                    Some(b'"') | None => break,
                    Some(_) => j += 1,
                }
            }
            spans.push(Span::new(open, j.min(end)));
            i = j + 1;
            while i < end && bytes.get(i) != Some(&delimiter) {
                i += 1;
            }
        } else {
            let mut j = i;
            while j < end && bytes.get(j) != Some(&delimiter) {
                j += 1;
            }
            spans.push(Span::new(i, j));
            i = j;
        }
        i += 1; // the delimiter
    }
    spans
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
}
