//! Terminal output with miette: each finding with its source line
//! underlined, the rule id, the clauses it evidences and the fix.

use crate::check::{Mode, Outcome};
use crate::diag::Problem;
use crate::findings::{Finding, Severity};
use crate::source::SourceFile;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use std::fmt;

/// Whether to use colour and Unicode drawing.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100)
}

struct FindingDiag<'a>(&'a Finding, Vec<RelatedDiag<'a>>);

impl<'a> FindingDiag<'a> {
    fn new(f: &'a Finding) -> Self {
        FindingDiag(f, f.related.iter().map(RelatedDiag).collect())
    }
}

/// A second place of a finding, rendered below it.
struct RelatedDiag<'a>(&'a crate::findings::Related);

impl fmt::Debug for RelatedDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.label)
    }
}

impl fmt::Display for RelatedDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "see {}", self.0.file.name)
    }
}

impl std::error::Error for RelatedDiag<'_> {}

impl Diagnostic for RelatedDiag<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&*self.0.file as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.0.label.clone()),
            self.0.span,
        ))))
    }
}

impl fmt::Debug for FindingDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl fmt::Display for FindingDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.0.file, self.0.span) {
            (Some(_), Some(_)) => f.write_str(&self.0.message),
            (Some(file), None) => write!(f, "{} ({})", self.0.message, file.name),
            _ => f.write_str(&self.0.message),
        }
    }
}

impl std::error::Error for FindingDiag<'_> {}

impl Diagnostic for FindingDiag<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.0.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.0.severity {
            Severity::Error if self.0.waived.is_none() => miette::Severity::Error,
            Severity::Warning if self.0.waived.is_none() => miette::Severity::Warning,
            _ => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let f = self.0;
        let mut parts = Vec::new();
        if let Some(h) = &f.help {
            parts.push(h.clone());
        }
        let mut refs: Vec<String> = f.clauses.iter().map(|c| format!("ISO 27001 {c}")).collect();
        refs.extend(f.controls.iter().cloned());
        if !refs.is_empty() {
            parts.push(format!("evidences {}", refs.join(", ")));
        }
        if let Some(w) = &f.waived {
            parts.push(format!(
                "waived until {} (approved by {}: {})",
                w.expires, w.approved_by, w.reason
            ));
        }
        (!parts.is_empty()).then(|| Box::new(parts.join("\n")) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.0.span?;
        self.0.file.as_deref().map(|f: &SourceFile| f as &dyn SourceCode)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.1.is_empty() {
            return None;
        }
        Some(Box::new(self.1.iter().map(|d| d as &dyn Diagnostic)))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.0.span?;
        self.0.file.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.0.title.clone()),
            span,
        ))))
    }
}

fn draw(diag: &dyn Diagnostic, style: Style) -> String {
    let mut out = String::new();
    if handler(style).render_report(&mut out, diag).is_err() {
        out = diag.to_string();
    }
    out
}

/// The human rendering of a check: its findings with the verdict line, or
/// the problems that stopped it.
pub fn render(checked: &super::Checked<'_>, at: &super::At<'_>) -> String {
    match checked {
        super::Checked::Findings(outcome) => report(outcome, at.style),
        super::Checked::Problems(list) => problems(list, at.style),
    }
}

/// The human report of a completed check.
fn report(outcome: &Outcome, style: Style) -> String {
    let mut out = String::new();
    for f in outcome.findings.iter().filter(|f| !f.todo) {
        out.push_str(&draw(&FindingDiag::new(f), style));
        out.push('\n');
    }
    // To-dos of the configuration, one line each after the findings.
    let todos: Vec<&Finding> = outcome.findings.iter().filter(|f| f.todo).collect();
    if !todos.is_empty() {
        out.push_str(&format!("To do in isms.toml ({}):\n", todos.len()));
        for f in todos {
            let place = match (&f.file, f.span) {
                (Some(file), Some(span)) => format!(" — {}:{}", file.name, file.line_col(span.start).line),
                (Some(file), None) => format!(" — {}", file.name),
                _ => String::new(),
            };
            out.push_str(&format!("  • {}{place} [{}]\n", f.message, f.rule));
        }
        out.push('\n');
    }
    let errors = outcome.count(Severity::Error);
    let warnings = outcome.count(Severity::Warning);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mark = if errors > 0 { "✗" } else { "✓" };
    out.push_str(&format!(
        "{mark} {}, {}{} — {} checked against {} as of {}\n",
        plural(errors, "error"),
        plural(warnings, "warning"),
        match (outcome.waived(), outcome.todos()) {
            (0, 0) => String::new(),
            (0, t) => format!(", {}", plural(t, "to-do")),
            (n, 0) => format!(", {n} waived"),
            (n, t) => format!(", {n} waived, {}", plural(t, "to-do")),
        },
        plural(outcome.files(), "file"),
        plural(outcome.rules.len(), "rule"),
        outcome.now,
    ));
    if let Some(h) = &outcome.history {
        out.push_str(&format!("  approvals: {}\n", approvals_line(h)));
    }
    out
}

/// One line on what git history said about approvals.
fn approvals_line(h: &crate::history::Report) -> String {
    let short = |id: &Option<String>| id.as_deref().map(crate::history::short_id).map(String::from);
    let approved = h.judgements.iter().filter(|j| j.approved).count();
    let judged = format!(
        "{approved} of {} changed governed file version{} approved",
        h.judgements.len(),
        if h.judgements.len() == 1 { "" } else { "s" }
    );
    match Mode::of(h) {
        Some(Mode::Range) => format!(
            "{judged} in {}..{} ({} commit{}), judged by the configuration of {}",
            short(&h.base).unwrap_or_default(),
            short(&h.head).unwrap_or_default(),
            h.commits.len(),
            if h.commits.len() == 1 { "" } else { "s" },
            short(&h.base).unwrap_or_default()
        ),
        Some(Mode::NoRepository) => "not verified: no git repository".into(),
        Some(Mode::Unborn) => "nothing committed yet: approvals are judged from the first commit on".into(),
        _ => format!(
            "{judged} since {}; {} governed file{} unchanged since then (baseline)",
            short(&h.trust_root).map_or("the first commit".to_string(), |t| format!("the trust root {t}")),
            h.baseline.len(),
            if h.baseline.len() == 1 { "" } else { "s" }
        ),
    }
}

/// Problems that stopped the check.
/// One problem as [`problems`] renders each, without the closing line
/// (for a refusal, where the repository was checked).
pub fn problem(problem: &Problem, style: Style) -> String {
    draw(problem, style)
}

fn problems(problems: &[Problem], style: Style) -> String {
    let mut out = String::new();
    for p in problems {
        out.push_str(&draw(p, style));
        out.push('\n');
    }
    out.push_str(&format!(
        "✗ isms could not check this repository: {} problem{} to fix first\n",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ));
    out
}
