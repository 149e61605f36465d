//! `--format json`: a stable, versioned document. Version 1 fields are
//! documented in `docs/output.md`; new fields may be added, none removed or
//! changed without bumping `version`.

use crate::check::Outcome;
use crate::diag::Problem;
use crate::findings::{Finding, Severity};
use serde_json::{Value, json};

/// The version of the JSON report's shape.
pub const REPORT_VERSION: u32 = 1;

fn tool() -> Value {
    json!({"name": "isms", "version": env!("CARGO_PKG_VERSION")})
}

/// The JSON form of one finding.
pub fn finding(f: &Finding) -> Value {
    let (start, end) = match (&f.file, f.span) {
        (Some(file), Some(span)) => (Some(file.line_col(span.start)), Some(file.line_col(span.end))),
        _ => (None, None),
    };
    json!({
        "rule": f.rule,
        "title": f.title,
        "severity": f.severity.as_str(),
        "message": f.message,
        "file": f.file.as_ref().map(|f| f.name.clone()),
        "line": start.map(|p| p.line),
        "column": start.map(|p| p.column),
        "end_line": end.map(|p| p.line),
        "end_column": end.map(|p| p.column),
        "target": f.target,
        "clauses": f.clauses,
        "controls": f.controls,
        "help": f.help,
        "waived": f.waived.is_some(),
        "waiver": f.waived,
        "todo": f.todo,
        "related": f.related.iter().map(|r| {
            let at = r.file.line_col(r.span.start);
            json!({"file": r.file.name, "line": at.line, "column": at.column, "message": r.label})
        }).collect::<Vec<_>>(),
    })
}

/// The JSON rendering of a check (the versioned contract): its findings,
/// or the problems that stopped it.
pub fn render(checked: &super::Checked<'_>, _at: &super::At<'_>) -> String {
    let value = match checked {
        super::Checked::Findings(outcome) => report(outcome),
        super::Checked::Problems(list) => problems(list),
    };
    format!("{value:#}\n")
}

/// The report of a completed check.
fn report(outcome: &Outcome) -> Value {
    json!({
        "version": REPORT_VERSION,
        "tool": tool(),
        "now": outcome.now,
        "summary": {
            "errors": outcome.count(Severity::Error),
            "warnings": outcome.count(Severity::Warning),
            "todos": outcome.todos(),
            "waived": outcome.waived(),
            "files": outcome.files(),
            "rules": outcome.rules.len(),
        },
        "findings": outcome.findings.iter().map(finding).collect::<Vec<_>>(),
        "approvals": outcome.history.as_ref().map(|h| json!({
            "mode": h.mode,
            "base": h.base,
            "head": h.head,
            "trust_root": h.trust_root,
            "commits": h.commits.len(),
            "judgements": h.judgements,
            "baseline": h.baseline,
        })),
    })
}

/// The report when the check could not run (exit code 2).
fn problems(problems: &[Problem]) -> Value {
    json!({
        "version": REPORT_VERSION,
        "tool": tool(),
        "problems": problems.iter().map(Problem::to_json).collect::<Vec<_>>(),
    })
}
