//! Problems that stop `isms` from judging the repository (exit code 2):
//! a bad `isms.toml`, an unreadable or malformed register, a broken rule.
//! Each carries a stable code, the file and span it is about, and a hint.

use crate::source::{SourceFile, Span};
use miette::{Diagnostic, LabeledSpan, MietteSpanContents, SourceCode, SpanContents};
use std::fmt;
use std::sync::Arc;

/// One problem, located where possible.
#[derive(Debug, Clone)]
pub struct Problem {
    /// A stable code such as `config::unknown-key`.
    pub code: &'static str,
    pub message: String,
    pub file: Option<Arc<SourceFile>>,
    /// The path of the file when there is no text to show (unreadable files).
    pub path: Option<String>,
    pub span: Option<Span>,
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Problem {
            code,
            message: message.into(),
            file: None,
            path: None,
            span: None,
            label: None,
            help: None,
        }
    }

    /// Locates the problem at a span of a file.
    pub fn at(mut self, file: &Arc<SourceFile>, span: Span) -> Self {
        self.path = Some(file.name.clone());
        self.file = Some(Arc::clone(file));
        self.span = Some(span);
        self
    }

    /// Names the file when its text cannot be shown.
    pub fn in_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column` of the problem, as far as it is known.
    pub fn location(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        match (&self.file, self.span) {
            (Some(file), Some(span)) => {
                let lc = file.line_col(span.start);
                Some(format!("{path}:{}:{}", lc.line, lc.column))
            }
            _ => Some(path.clone()),
        }
    }

    /// The JSON form used by `--format json` when the tool cannot run.
    pub fn to_json(&self) -> serde_json::Value {
        let (line, column) = match (&self.file, self.span) {
            (Some(file), Some(span)) => {
                let lc = file.line_col(span.start);
                (Some(lc.line), Some(lc.column))
            }
            _ => (None, None),
        };
        serde_json::json!({
            "code": self.code,
            "message": self.message,
            "file": self.path,
            "line": line,
            "column": column,
            "help": self.help,
        })
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match (&self.help, &self.file, &self.path) {
            (Some(h), _, _) => Some(Box::new(h)),
            // Without source text, still say which file it is.
            (None, None, Some(p)) => Some(Box::new(format!("in {p}"))),
            _ => None,
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.file.as_ref().map(|f| f as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        self.file.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            self.label.clone(),
            span,
        ))))
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self
            .text
            .as_str()
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// All the problems found in one stage; the stage reports every one of them.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

/// One problem is a list of one: `?` turns a `Box<Problem>` into `Problems`.
impl From<Box<Problem>> for Problems {
    fn from(p: Box<Problem>) -> Problems {
        Problems(vec![*p])
    }
}

impl Problems {
    pub fn push(&mut self, p: Problem) {
        self.0.push(p);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Orders problems by file and position, so output reads top to bottom
    /// and is the same on every run.
    pub fn sorted(mut self) -> Self {
        self.0
            .sort_by(|a, b| (&a.path, a.span.map(|s| s.start)).cmp(&(&b.path, b.span.map(|s| s.start))));
        self
    }
}

/// The closest candidate to a misspelled name, for "did you mean" hints.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&name.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
