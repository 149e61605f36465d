//! YAML into the spanned tree (yaml-rust2's event parser): every key and
//! scalar with its byte span, aliases expanded up to a bound, duplicate
//! keys refused, plain scalars typed by the YAML 1.2 core schema (quoted
//! ones and `!!str` stay strings).

use super::*;

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

    /// A flow collection (`[a, b]`, `{k: v}`) spans its closing bracket,
    /// which the parser's end marker stops before.
    fn closing(&self, at: usize, end: usize, open: u8, close: u8) -> usize {
        let bytes = self.text.as_bytes();
        if bytes.get(at) == Some(&open) && bytes.get(end) == Some(&close) {
            end + 1
        } else {
            end
        }
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
                let end = self.closing(at, end, b'[', b']');
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
                let end = self.closing(at, end, b'{', b'}');
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
