//! Markdown pipe tables into spanned cells: every table of a Markdown file
//! (outside code blocks) with the heading it sits under, its header row and
//! its rows, each cell with the span of its text. Registers kept as
//! Markdown tables and document-control tables are read through it.

use super::*;

/// One pipe table of a Markdown text.
#[derive(Debug, Clone)]
pub struct MdTable {
    /// The text of the nearest heading above the table, if any.
    pub heading: Option<String>,
    /// The span of the whole table (header row to last row).
    pub span: Span,
    /// The header row's cells.
    pub header: Vec<Key>,
    /// The data rows: each row's span and its cells.
    pub rows: Vec<(Span, Vec<(String, Span)>)>,
}

impl MdTable {
    /// The rows as register cells: `Ok` with a row's cells (padded to the
    /// header's width with absent cells), or the syntax error of a row with
    /// more cells than the header has columns.
    pub fn records(&self) -> impl Iterator<Item = Result<(Span, Vec<Node>), SyntaxError>> + '_ {
        let columns = self.header.len();
        self.rows
            .iter()
            .filter(|(_, cells)| !is_placeholder_row(cells))
            .map(move |(span, cells)| {
                if cells.len() > columns {
                    let extra = cells.get(columns).map_or(*span, |(_, s)| *s);
                    return Err(SyntaxError::new(
                        extra,
                        format!(
                            "this table row has {} cells but the header has {} columns",
                            cells.len(),
                            columns
                        ),
                    ));
                }
                Ok((
                    *span,
                    cells
                        .iter()
                        .map(|(text, span)| Node::new(*span, Kind::Str(text.clone())))
                        .collect(),
                ))
            })
    }
}

/// A row that holds no record: every cell empty, an ellipsis (`...`, `…`)
/// or a run of dashes or underscores, as templates leave `| ... | ... |`.
pub fn is_placeholder_row(cells: &[(String, Span)]) -> bool {
    cells.iter().all(|(c, _)| {
        let t = c.trim();
        t.is_empty() || t.chars().all(|ch| matches!(ch, '.' | '…' | '-' | '_' | ' '))
    })
}

/// Every pipe table of `text`, in order. A table is a row of cells followed
/// by a delimiter row (`|---|:--:|`); it ends at the first line that is not
/// a row. Tables inside fenced or indented code blocks are not tables.
pub fn tables(text: &str) -> Vec<MdTable> {
    let text = &*grid_as_pipes(text);
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    let mut fence: Option<(char, usize)> = None;
    let lines: Vec<(usize, &str)> = {
        let mut pos = 0;
        text.split_inclusive('\n')
            .map(|l| {
                let at = pos;
                pos += l.len();
                (at, l)
            })
            .collect()
    };
    let mut i = front_matter_lines(&lines);
    while i < lines.len() {
        let (at, line) = lines[i];
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        // Fenced code blocks.
        if let Some(f) = fence_of(trimmed) {
            match fence {
                None => fence = Some(f),
                Some((c, n)) if f.0 == c && f.1 >= n && trimmed.trim_start_matches(c).trim().is_empty() => fence = None,
                _ => {}
            }
            i += 1;
            continue;
        }
        if fence.is_some() || content.starts_with("    ") || content.starts_with('\t') {
            i += 1;
            continue;
        }
        if let Some(h) = atx_heading(trimmed) {
            heading = Some(h);
            i += 1;
            continue;
        }
        // Setext heading: a line of text underlined with === or ---.
        if let Some(&(_, next)) = lines.get(i + 1) {
            let under = next.trim();
            if !trimmed.is_empty()
                && !trimmed.contains('|')
                && under.len() >= 2
                && (under.chars().all(|c| c == '=') || under.chars().all(|c| c == '-'))
            {
                heading = Some(trimmed.trim().to_string());
                i += 2;
                continue;
            }
        }
        let Some(&(_, next)) = lines.get(i + 1) else {
            break;
        };
        if !content.contains('|') || !is_delimiter_row(next) {
            i += 1;
            continue;
        }
        let header_cells = row_cells(content, at);
        let width = row_cells(next.trim_end_matches(['\n', '\r']), 0).len();
        if header_cells.is_empty() || width != header_cells.len() {
            i += 1;
            continue;
        }
        let header: Vec<Key> = header_cells
            .into_iter()
            .map(|(name, span)| Key {
                name: strip_emphasis(&name).0.to_string(),
                span,
            })
            .collect();
        let start = at;
        let mut end = at + content.len();
        let mut rows = Vec::new();
        let mut j = i + 2;
        while let Some(&(row_at, row)) = lines.get(j) {
            let row_content = row.trim_end_matches(['\n', '\r']);
            if row_content.trim().is_empty() || !row_content.contains('|') {
                break;
            }
            let cells: Vec<(String, Span)> = row_cells(row_content, row_at)
                .into_iter()
                .map(|(text, span)| {
                    let (inner, lead, len) = strip_emphasis(&text);
                    let inner = inner.to_string();
                    (inner, Span::new(span.start + lead, span.start + lead + len))
                })
                .collect();
            let leading = row_content.len() - row_content.trim_start().len();
            rows.push((
                Span::new(row_at + leading, row_at + row_content.trim_end().len()),
                cells,
            ));
            end = row_at + row_content.trim_end().len();
            j += 1;
        }
        // A header over two rows (a group's cell over `L | I | Rating`).
        let (header, rows) = match rows.first().and_then(|(_, sub)| {
            let cells: Vec<(String, Span)> = header.iter().map(|k| (k.name.clone(), k.span)).collect();
            merge_header(&cells, sub)
        }) {
            Some(merged) => (
                merged.into_iter().map(|(name, span)| Key { name, span }).collect(),
                rows.into_iter().skip(1).collect(),
            ),
            None => (header, rows),
        };
        out.push(MdTable {
            heading: heading.clone(),
            span: Span::new(start, end),
            header,
            rows,
        });
        i = j;
    }
    out
}

/// Pandoc's grid tables (what Word documents become) as pipe tables, each
/// line replaced by one of the same length so that every span still points
/// into the original text: the border above the header row and the last
/// border become blank, the header's border (`+===+`, else the first
/// inner one) the delimiter row, other borders rows of empty cells (no
/// record). Rows are already pipe rows; a cell written over several lines
/// becomes several rows.
pub fn grid_as_pipes(text: &str) -> std::borrow::Cow<'_, str> {
    let is_border = |l: &str| {
        let t = l.trim_end_matches(['\n', '\r']).trim();
        t.len() >= 3
            && t.starts_with('+')
            && t.ends_with('+')
            && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ':'))
            && t.contains(['-', '='])
    };
    if !text.lines().any(is_border) {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < lines.len() {
        if !is_border(lines[i]) {
            out.push_str(lines[i]);
            i += 1;
            continue;
        }
        // The block: borders and the rows between them.
        let start = i;
        let mut end = i;
        while end + 1 < lines.len() && (is_border(lines[end + 1]) || lines[end + 1].trim_start().starts_with('|')) {
            end += 1;
        }
        let borders: Vec<usize> = (start..=end).filter(|&k| is_border(lines[k])).collect();
        let header_border = borders
            .iter()
            .copied()
            .find(|&k| lines[k].contains('='))
            .or_else(|| borders.get(1).copied().filter(|&k| k != end));
        for (k, line) in lines.iter().enumerate().take(end + 1).skip(start) {
            if !is_border(line) {
                out.push_str(line);
                continue;
            }
            let mapped: String = if k == start || k == end {
                line.chars()
                    .map(|c| if matches!(c, '\n' | '\r') { c } else { ' ' })
                    .collect()
            } else if Some(k) == header_border {
                line.chars()
                    .map(|c| match c {
                        '+' => '|',
                        '=' => '-',
                        c => c,
                    })
                    .collect()
            } else {
                line.chars()
                    .map(|c| match c {
                        '+' => '|',
                        '-' | '=' | ':' => ' ',
                        c => c,
                    })
                    .collect()
            };
            out.push_str(&mapped);
        }
        i = end + 1;
    }
    std::borrow::Cow::Owned(out)
}

/// The cells of one table row, split at unescaped pipes (not those in code
/// spans), with the spans of their trimmed text; a leading and a trailing
/// pipe are optional, as in GitHub-flavoured Markdown.
pub fn row_cells(line: &str, at: usize) -> Vec<(String, Span)> {
    let body = line.trim_end_matches(['\n', '\r']);
    let bytes = body.as_bytes();
    let mut bounds: Vec<usize> = Vec::new();
    let mut i = 0;
    let mut in_code = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                i += 2;
                continue;
            }
            b'`' => in_code = !in_code,
            b'|' if !in_code => bounds.push(i),
            _ => {}
        }
        i += 1;
    }
    let first_pipe_leads = body.trim_start().starts_with('|');
    let last_pipe_trails = body.trim_end().ends_with('|') && body.trim_end().len() > 1;
    let mut starts_ends: Vec<(usize, usize)> = Vec::new();
    let mut prev = if first_pipe_leads {
        match bounds.first() {
            Some(&b) => b + 1,
            None => 0,
        }
    } else {
        0
    };
    let skip = usize::from(first_pipe_leads);
    for &b in bounds.iter().skip(skip) {
        starts_ends.push((prev, b));
        prev = b + 1;
    }
    if !last_pipe_trails {
        starts_ends.push((prev, body.len()));
    }
    starts_ends
        .into_iter()
        .map(|(s0, e0)| {
            let raw = body.get(s0..e0).unwrap_or("");
            let lead = raw.len() - raw.trim_start().len();
            let text = raw.trim();
            (
                text.replace("\\|", "|"),
                Span::new(at + s0 + lead, at + s0 + lead + text.len()),
            )
        })
        .collect()
}

/// Whether a line is a table's delimiter row: cells of dashes with
/// optional colons.
pub fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    if !t.contains('-') {
        return false;
    }
    let cells = row_cells(t, 0);
    !cells.is_empty()
        && cells.iter().all(|(c, _)| {
            let c = c.trim();
            !c.is_empty() && c.trim_matches(':').chars().all(|ch| ch == '-') && c.contains('-')
        })
}

/// `**x**`, `__x__`, `*x*`, `` `x` `` → `x`, with the offset and length of
/// `x` in the text.
fn strip_emphasis(text: &str) -> (&str, usize, usize) {
    for mark in ["**", "__", "`", "*", "_"] {
        if text.len() > 2 * mark.len() && text.starts_with(mark) && text.ends_with(mark) {
            let inner = &text[mark.len()..text.len() - mark.len()];
            if !inner.contains(mark) {
                return (
                    inner.trim(),
                    mark.len() + (inner.len() - inner.trim_start().len()),
                    inner.trim().len(),
                );
            }
        }
    }
    (text, 0, text.len())
}

/// How many lines a front-matter block (`---` or `+++` fenced) at the top
/// takes; 0 when there is none.
fn front_matter_lines(lines: &[(usize, &str)]) -> usize {
    let Some(fence) = lines
        .first()
        .map(|(_, l)| l.trim_end())
        .filter(|l| *l == "---" || *l == "+++")
    else {
        return 0;
    };
    lines
        .iter()
        .skip(1)
        .position(|(_, l)| l.trim_end() == fence)
        .map_or(0, |n| n + 2)
}

fn fence_of(line: &str) -> Option<(char, usize)> {
    for c in ['`', '~'] {
        let n = line.chars().take_while(|&ch| ch == c).count();
        if n >= 3 {
            return Some((c, n));
        }
    }
    None
}

/// The text of an ATX heading line (`## 2. Risk register ##`).
pub fn atx_heading(line: &str) -> Option<String> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim();
    Some(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_with_their_headings_and_cell_spans() {
        let text = "# Risks\n\nIntro | not a table\n\n## Register\n\n| ID | Risk | Owner |\n|---|:--|--:|\n| R-1 | **Laptop** theft | CISO |\n| R-2 | Phishing \\| vishing | `IT` |\n| ... | ... | ... |\n\n```\n| a | b |\n|---|---|\n```\nno | leading\n--|--\nx | y\n";
        let t = tables(text);
        assert_eq!(t.len(), 2, "{t:#?}");
        assert_eq!(t[0].heading.as_deref(), Some("Register"));
        let names: Vec<&str> = t[0].header.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["ID", "Risk", "Owner"]);
        assert_eq!(t[0].rows.len(), 3);
        let records: Vec<_> = t[0].records().collect::<Result<_, _>>().unwrap();
        assert_eq!(records.len(), 2, "the `...` row is a placeholder");
        let cell = |n: &Node| &text[n.span.start..n.span.end];
        assert_eq!(cell(&records[0].1[1]), "**Laptop** theft");
        assert_eq!(records[1].1[1].as_str(), Some("Phishing | vishing"));
        assert_eq!(cell(&records[1].1[2]), "IT");
        assert_eq!(records[1].1[2].as_str(), Some("IT"));
        // A table without leading pipes.
        assert_eq!(t[1].header.len(), 2);
        assert_eq!(t[1].rows[0].1[1].0, "y");
    }

    #[test]
    fn a_row_wider_than_its_header_is_a_located_error() {
        let text = "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n";
        let t = tables(text);
        let err = t[0].records().next().unwrap().unwrap_err();
        assert_eq!(&text[err.span.start..err.span.end], "3");
    }
}
