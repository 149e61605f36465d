//! Source files and byte spans: owns reading a file of the ISMS repository
//! safely (inside the root, size-limited, UTF-8) and turning byte offsets
//! into 1-based line and column numbers.

use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The largest file `isms` reads (16 MiB). Registers larger than this are not
/// spreadsheets any more, and refusing them keeps a pull request from making
/// the gate run out of memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A half-open byte range into a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start, span.end - span.start).into()
    }
}

/// A 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// One file, its path relative to the ISMS root, and its text.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the ISMS root, with `/` separators.
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Arc::new(SourceFile {
            name: name.into(),
            text,
            line_starts,
        })
    }

    /// The 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        LineCol { line: line + 1, column }
    }

    /// The byte span of a whole (1-based) line, without its line ending.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |e| e.saturating_sub(1));
        let end = if self.text.get(..end).is_some_and(|t| t.ends_with('\r')) {
            end - 1
        } else {
            end
        };
        Span::new(start, end)
    }
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    NotFound,
    Escapes,
    TooLarge(u64),
    NotUtf8 {
        valid_up_to: usize,
    },
    /// Configured as Windows-1252, but holding bytes that encoding leaves
    /// undefined (or a NUL).
    NotWindows1252,
    NotAFile,
    Io(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "file not found"),
            ReadError::Escapes => write!(f, "path leaves the ISMS repository"),
            ReadError::TooLarge(size) => write!(f, "file is {size} bytes, larger than the {MAX_FILE_BYTES}-byte limit"),
            ReadError::NotUtf8 { valid_up_to } => {
                write!(f, "file is not valid UTF-8 (first bad byte at offset {valid_up_to})")
            }
            ReadError::NotWindows1252 => write!(
                f,
                "file is not Windows-1252 text (it holds bytes that encoding leaves undefined)"
            ),
            ReadError::NotAFile => write!(f, "not a regular file"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Whether a relative path written in configuration stays inside the root:
/// no absolute paths, no `..` that climbs above it.
pub fn is_contained(rel: &str) -> bool {
    let path = Path::new(rel);
    let mut depth: i64 = 0;
    for component in path.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    !rel.starts_with('/') && !rel.starts_with('\\')
}

/// A folder of the repository, resolved: `None` when it is not there, is
/// not a folder, or resolves (through symlinks too) outside `root`.
pub fn contained(root: &Path, rel: &str) -> Option<PathBuf> {
    if !is_contained(rel) {
        return None;
    }
    let canonical = root.join(rel).canonicalize().ok()?;
    let canonical_root = root.canonicalize().ok()?;
    (canonical.starts_with(&canonical_root) && canonical.is_dir()).then_some(canonical)
}

/// Reads a file of the repository: refuses paths that resolve (through
/// symlinks too) outside `root`, files over [`MAX_FILE_BYTES`] and text that
/// is not UTF-8. A UTF-8 byte-order mark is dropped.
pub fn read_in_root(root: &Path, rel: &str) -> Result<String, ReadError> {
    read_in_root_as(root, rel, false)
}

/// The characters of Windows-1252 at 0x80–0x9F (`None`: undefined there).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// Text saved as Windows-1252 (a spreadsheet's "CSV" in Western Europe),
/// decoded; `None` when the bytes cannot be that (a byte Windows-1252
/// leaves undefined, or a NUL, as in UTF-16).
pub fn decode_windows_1252(bytes: &[u8]) -> Option<String> {
    bytes
        .iter()
        .map(|&b| match b {
            0 => None,
            0x80..=0x9f => CP1252_HIGH[usize::from(b - 0x80)],
            b => Some(char::from(b)),
        })
        .collect()
}

/// [`read_in_root`], the file's text taken as Windows-1252 when
/// `windows_1252` says so.
pub fn read_in_root_as(root: &Path, rel: &str, windows_1252: bool) -> Result<String, ReadError> {
    if !is_contained(rel) {
        return Err(ReadError::Escapes);
    }
    let path: PathBuf = root.join(rel);
    let canonical = match path.canonicalize() {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::NotFound),
        Err(e) => return Err(ReadError::Io(e.to_string())),
    };
    let canonical_root = root.canonicalize().map_err(|e| ReadError::Io(e.to_string()))?;
    if !canonical.starts_with(&canonical_root) {
        return Err(ReadError::Escapes);
    }
    let meta = std::fs::metadata(&canonical).map_err(|e| ReadError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let bytes = std::fs::read(&canonical).map_err(|e| ReadError::Io(e.to_string()))?;
    let mut text = if windows_1252 {
        decode_windows_1252(&bytes).ok_or(ReadError::NotWindows1252)?
    } else {
        String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
            valid_up_to: e.utf8_error().valid_up_to(),
        })?
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// A name as bytes, readable: UTF-8 as it is, other bytes as `\xNN` (a
/// name that is not UTF-8 is shown so, never read loosely).
pub fn escaped(name: &[u8]) -> String {
    let mut out = String::new();
    for chunk in name.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("a", "ab\nçd\r\nef");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(f.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(f.line_col(9), LineCol { line: 3, column: 2 });
        assert_eq!(f.line_span(2), Span::new(3, 6));
    }

    #[test]
    fn containment() {
        assert!(is_contained("registers/risks.csv"));
        assert!(is_contained("a/../b"));
        assert!(!is_contained("../b"));
        assert!(!is_contained("a/../../b"));
        assert!(!is_contained("/etc/passwd"));
    }
}
