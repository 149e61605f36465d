//! CSV into a table of spanned cells (the `csv` crate's reader): a header,
//! and for each row its span and the span and text of every cell.

use super::*;

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
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<Key>> = None;
    let mut rows = Vec::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map_or(start, |p| p.byte() as usize);
                let message = match e.kind() {
                    ::csv::ErrorKind::Utf8 { .. } => "invalid UTF-8 in a cell".to_string(),
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
