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
    let (header, rows) = CsvRows::new(text, delimiter)?;
    Ok(CsvTable {
        header,
        rows: rows.collect::<Result<_, _>>()?,
    })
}

/// The data rows of a CSV text, one at a time (a register of 100,000 rows
/// is checked row by row, never held as cells in full).
pub struct CsvRows<'a> {
    text: &'a str,
    delimiter: u8,
    columns: usize,
    /// The header row's cells as written, empty ones past the table
    /// included (a row may be as wide).
    exported: usize,
    reader: ::csv::Reader<&'a [u8]>,
    record: ::csv::StringRecord,
    /// A syntax error ended the rows.
    failed: bool,
    /// Rows read ahead while finding the header, not yet given out.
    pending: std::collections::VecDeque<(Span, Vec<(String, Span)>)>,
}

impl<'a> CsvRows<'a> {
    /// Reads the header row (the first line that is not blank) and returns
    /// it with the rows that follow it.
    pub fn new(text: &'a str, delimiter: u8) -> Result<(Vec<Key>, CsvRows<'a>), SyntaxError> {
        let mut rows = CsvRows {
            text,
            delimiter,
            columns: usize::MAX,
            exported: 0,
            reader: ::csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(text.as_bytes()),
            record: ::csv::StringRecord::new(),
            failed: false,
            pending: std::collections::VecDeque::new(),
        };
        // A spreadsheet's export may open with its title and a date above
        // the header (`ACME – Risk Register v4`, `Last updated 14/10/2026`):
        // the header is the first row as wide as the table.
        let mut ahead = Vec::new();
        while ahead.len() < HEADER_WITHIN {
            match rows.next_cells() {
                Ok(Some(row)) => ahead.push(row),
                Ok(None) => break,
                Err(e) if ahead.is_empty() => return Err(e),
                Err(_) => break,
            }
        }
        let Some(at) = header_row(&ahead) else {
            return Err(SyntaxError::new(
                Span::new(0, 0),
                "the file is empty: a CSV register needs a header row",
            ));
        };
        let above = at
            .checked_sub(1)
            .and_then(|i| ahead.get(i))
            .map(|(_, cells)| cells.clone());
        let mut ahead = ahead.split_off(at);
        let (_, mut cells) = ahead.remove(0);
        // Groups merged over the header, in the row above it (`,RISK,,,
        // INHERENT,,,RESIDUAL,,` over `Ref,…,L,I,Score,…,L,I,Score`): a
        // name the header repeats is told apart by its group.
        if let Some(groups) = above {
            grouped(&mut cells, &groups);
        }
        // A header over two rows (merged group cells): one name per column.
        if let Some((_, sub)) = ahead.first()
            && let Some(merged) = merge_header(&cells, sub)
        {
            cells = merged;
            ahead.remove(0);
        }
        rows.pending = ahead.into();
        // A spreadsheet's export carries the empty cells of formatted
        // columns past the table (`…;Controls Anhang A;;`): no columns.
        rows.exported = cells.len();
        // (Only where the rows read ahead hold nothing under them either:
        // data under an unnamed column is an error, below.)
        let filled = |i: usize| {
            rows.pending
                .iter()
                .any(|(_, row)| row.get(i).is_some_and(|(c, _)| !c.trim().is_empty()))
        };
        while cells.len() > 1
            && cells.last().is_some_and(|(name, _)| name.trim().is_empty())
            && !filled(cells.len() - 1)
        {
            cells.pop();
        }
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
        rows.columns = names.len();
        Ok((names, rows))
    }

    /// The next row that is not blank: its span and each cell's text and
    /// span; `None` at the end.
    #[allow(clippy::type_complexity)]
    fn next_cells(&mut self) -> Result<Option<(Span, Vec<(String, Span)>)>, SyntaxError> {
        let text = self.text;
        loop {
            let start = self.reader.position().byte() as usize;
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return Ok(None),
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
            let mut row_start = self.record.position().map_or(start, |p| p.byte() as usize);
            while matches!(text.as_bytes().get(row_start), Some(b'\n' | b'\r')) {
                row_start += 1;
            }
            let row_end = self.reader.position().byte() as usize;
            let (spans, unclosed) = cell_spans(text, row_start, row_end, self.record.len(), self.delimiter);
            if let Some(open) = unclosed {
                let lines = text.get(open..).map_or(0, |rest| rest.lines().count());
                return Err(SyntaxError::new(
                    char_at(text, open.saturating_sub(1)),
                    format!(
                        "the quote opened here is never closed: the {lines} line(s) to the end of the file were read as one cell"
                    ),
                ));
            }
            let cells: Vec<(String, Span)> = self.record.iter().map(str::to_string).zip(spans).collect();
            if cells.len() == 1 && cells.first().is_some_and(|(c, _)| c.trim().is_empty()) {
                continue;
            }
            return Ok(Some((
                Span::new(row_start, trim_line_end(text, row_start, row_end)),
                cells,
            )));
        }
    }
}

/// Names a header repeats (`L`, `Score`), each prefixed with the group
/// whose merged cell, in the row above, spans its column (`Inherent L`,
/// `Residual L`); the header as it is when a name stays repeated.
fn grouped(cells: &mut [(String, Span)], groups: &[(String, Span)]) {
    let repeated = |cells: &[(String, Span)], name: &str| {
        cells
            .iter()
            .filter(|(c, _)| c.trim() == name && !name.is_empty())
            .count()
            > 1
    };
    if !cells.iter().any(|(c, _)| repeated(cells, c.trim())) {
        return;
    }
    let mut group: Option<&str> = None;
    let mut named: Vec<String> = Vec::with_capacity(cells.len());
    for (i, (c, _)) in cells.iter().enumerate() {
        if let Some((g, _)) = groups.get(i).filter(|(g, _)| !g.trim().is_empty()) {
            group = Some(g.trim());
        }
        named.push(match group {
            Some(g) if repeated(cells, c.trim()) => format!("{g} {}", c.trim()),
            _ => c.trim().to_string(),
        });
    }
    if named.iter().enumerate().any(|(i, n)| named[..i].contains(n)) {
        return;
    }
    for ((c, _), n) in cells.iter_mut().zip(named) {
        *c = n;
    }
}

impl Iterator for CsvRows<'_> {
    /// A data row: its span and its cells (fewer than the header's columns
    /// when the row is short), or the syntax error that ends the file.
    type Item = Result<(Span, Vec<Node>), SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let next = match self.pending.pop_front() {
            Some(row) => Ok(Some(row)),
            None => self.next_cells(),
        };
        let (row_span, cells) = match next {
            Ok(Some(row)) => row,
            Ok(None) => return None,
            Err(e) => {
                self.failed = true;
                return Some(Err(e));
            }
        };
        let mut cells = cells;
        // Empty cells past the header's last column (the export's trailing
        // `;;`) are no data.
        // (Only as wide as the header row was written: a row with one
        // cell more than its header is misaligned, and said.)
        if cells.len() > self.columns
            && cells.len() <= self.exported
            && cells[self.columns..].iter().all(|(c, _)| c.trim().is_empty())
        {
            cells.truncate(self.columns);
        }
        if cells.len() > self.columns {
            // The row is left out; the rows after it are read.
            let extra = cells.get(self.columns).map_or(row_span, |(_, s)| *s);
            return Some(Err(SyntaxError::new(
                extra,
                format!(
                    "this row has {} cells but the header has {} columns",
                    cells.len(),
                    self.columns
                ),
            )));
        }
        Some(Ok((
            row_span,
            cells
                .into_iter()
                .map(|(value, span)| Node::new(span, Kind::Str(value)))
                .collect(),
        )))
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
/// following RFC 4180 quoting, and where a quoted cell opened that the
/// text ends inside of (an unterminated quote), if one did.
fn cell_spans(text: &str, start: usize, end: usize, n: usize, delimiter: u8) -> (Vec<Span>, Option<usize>) {
    let mut unclosed = None;
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
                    Some(b'"') => break,
                    None => {
                        unclosed = Some(open);
                        break;
                    }
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
    (spans, unclosed)
}
