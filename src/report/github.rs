//! GitHub renderings of a check: workflow-command annotations (with
//! GitHub's escaping and per-step limits) and the Markdown used for the job
//! summary and the sticky pull request comment.

use crate::check::Outcome;
use crate::findings::{Finding, Severity};
use crate::source::LineCol;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// The hidden marker that identifies isms's comment on a pull request.
pub const MARKER: &str = "<!-- isms:report -->";

/// GitHub shows at most this many annotations of each level per step.
pub const PER_LEVEL: usize = 10;

/// GitHub's limit on a comment body, in characters.
pub const COMMENT_LIMIT: usize = 65_536;

/// GitHub's limit on a job summary, in bytes.
pub const SUMMARY_LIMIT: usize = 1024 * 1024;

/// Escapes a workflow command's message (`%`, `\r`, `\n`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Where a finding is: its path from the repository root and its first
/// and last line and column.
fn place(f: &Finding, prefix: &str) -> Option<(String, LineCol, LineCol)> {
    let (file, span) = (f.file.as_ref()?, f.span?);
    Some((
        format!("{prefix}{}", file.name),
        file.line_col(span.start),
        file.line_col(span.end),
    ))
}

/// Workflow commands for the unwaived findings: at most [`PER_LEVEL`] of
/// each level, then one notice saying how many more there are.
pub fn annotations(outcome: &Outcome, prefix: &str) -> String {
    let mut out = String::new();
    let mut shown = [0usize; 2];
    let mut hidden = [0usize; 2];
    for f in outcome.findings.iter().filter(|f| f.waived.is_none()) {
        let (level, i) = match f.severity {
            _ if f.todo => ("notice", 1),
            Severity::Error => ("error", 0),
            Severity::Warning => ("warning", 1),
        };
        if shown[i] == PER_LEVEL {
            hidden[i] += 1;
            continue;
        }
        shown[i] += 1;
        let mut props = Vec::new();
        if let Some((path, start, end)) = place(f, prefix) {
            props.push(format!("file={}", escape_property(&path)));
            props.push(format!("line={}", start.line));
            props.push(format!("endLine={}", end.line));
            if start.line == end.line {
                props.push(format!("col={}", start.column));
                props.push(format!("endColumn={}", end.column.max(start.column)));
            }
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("{}: {}", f.rule, f.title))
        ));
        let _ = writeln!(out, "::{level} {}::{}", props.join(","), escape_data(&message(f)));
    }
    if hidden[0] + hidden[1] > 0 {
        let _ = writeln!(
            out,
            "::notice title=isms::{}",
            escape_data(&format!(
                "{} more error(s) and {} more warning(s) than GitHub shows per step: see the job summary",
                hidden[0], hidden[1]
            ))
        );
    }
    out
}

/// Check run annotations for every unwaived finding that has a place (the
/// others are in the check run's summary): no per-step limit applies.
pub fn check_annotations(outcome: &Outcome, prefix: &str) -> Vec<Value> {
    outcome
        .findings
        .iter()
        .filter(|f| f.waived.is_none())
        .filter_map(|f| {
            let (path, start, end) = place(f, prefix)?;
            let mut a = json!({
                "path": path,
                "start_line": start.line,
                "end_line": end.line.max(start.line),
                "annotation_level": match f.severity {
                    _ if f.todo => "notice",
                    Severity::Error => "failure",
                    Severity::Warning => "warning",
                },
                "title": format!("{}: {}", f.rule, f.title),
                "message": message(f),
            });
            if start.line == end.line {
                a["start_column"] = json!(start.column);
                a["end_column"] = json!(end.column.max(start.column));
            }
            Some(a)
        })
        .collect()
}

/// The check run's title: the verdict in a few words.
pub fn check_title(outcome: &Outcome) -> String {
    let (e, w) = (outcome.count(Severity::Error), outcome.count(Severity::Warning));
    format!(
        "{e} error{}, {w} warning{}{}",
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" },
        todos(outcome)
    )
}

/// `, 3 to-dos` when the configuration has some.
fn todos(outcome: &Outcome) -> String {
    match outcome.todos() {
        0 => String::new(),
        1 => ", 1 to-do".into(),
        n => format!(", {n} to-dos"),
    }
}

fn message(f: &Finding) -> String {
    match &f.help {
        Some(h) => format!("{}\n{}", f.message, h),
        None => f.message.clone(),
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

/// The Markdown of a run that could not check (the job summary, the
/// failed check run's summary): each problem with its place, then the
/// warnings of the GitHub API.
pub fn could_not_run(problems: &[crate::diag::Problem], warnings: &[String]) -> String {
    let mut text = String::from("## ⛔ isms could not run\n\n");
    for p in problems {
        let _ = writeln!(
            text,
            "- {}{}",
            p,
            p.location().map(|l| format!(" ({l})")).unwrap_or_default()
        );
    }
    for w in warnings {
        let _ = writeln!(text, "- warning: {w}");
    }
    text
}

/// The Markdown report: verdict, findings, approvals.
pub fn markdown(outcome: &Outcome, prefix: &str, context: &str) -> String {
    let errors = outcome.count(Severity::Error);
    let warnings = outcome.count(Severity::Warning);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## {} isms: {} error{}, {} warning{}{}\n",
        if errors > 0 { "❌" } else { "✅" },
        errors,
        if errors == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" },
        match outcome.waived() {
            0 => String::new(),
            n => format!(", {n} waived"),
        } + &todos(outcome)
    );
    if !context.is_empty() {
        let _ = writeln!(out, "{context}\n");
    }
    let open: Vec<&Finding> = outcome
        .findings
        .iter()
        .filter(|f| f.waived.is_none() && !f.todo)
        .collect();
    if !open.is_empty() {
        out.push_str("| | rule | where | finding |\n|---|---|---|---|\n");
        for f in &open {
            let place = match (&f.file, f.span) {
                (Some(file), Some(span)) => format!("`{prefix}{}:{}`", file.name, file.line_col(span.start).line),
                (Some(file), None) => format!("`{prefix}{}`", file.name),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                if f.severity == Severity::Error { "❌" } else { "⚠️" },
                f.rule,
                place,
                cell(&message(f))
            );
        }
        out.push('\n');
    }
    // To-dos of the configuration, folded away: they never fail the check
    // and must not drown the findings.
    let todo: Vec<&Finding> = outcome
        .findings
        .iter()
        .filter(|f| f.waived.is_none() && f.todo)
        .collect();
    if !todo.is_empty() {
        let _ = writeln!(out, "<details><summary>To do in isms.toml ({})</summary>\n", todo.len());
        for f in &todo {
            let _ = writeln!(out, "- {}: {}", f.rule, cell(&f.message));
        }
        out.push_str("\n</details>\n\n");
    }
    if let Some(h) = &outcome.history {
        if !h.judgements.is_empty() {
            out.push_str("### Approvals\n\n| file | change | approved by | |\n|---|---|---|---|\n");
            for j in &h.judgements {
                let who = if j.approvers.is_empty() {
                    "—".to_string()
                } else {
                    j.approvers
                        .iter()
                        .map(|a| format!("{} ({})", a.person, a.key))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let _ = writeln!(
                    out,
                    "| `{prefix}{}` | {} | {} | {} |",
                    j.path,
                    crate::history::short_id(&j.change),
                    cell(&who),
                    if j.approved {
                        "✅".to_string()
                    } else {
                        format!("needs {} of {}", j.min, j.roles.join(", "))
                    }
                );
            }
            out.push('\n');
            // Who may still approve each change, any veto, and how.
            let waiting: Vec<&crate::history::Issue> =
                h.issues.iter().filter(|i| i.rule == crate::history::MISSING).collect();
            if !waiting.is_empty() {
                for i in &waiting {
                    let _ = writeln!(
                        out,
                        "- `{prefix}{}`: {}",
                        i.path.as_deref().unwrap_or(""),
                        cell(&match &i.help {
                            Some(help) if i.message.contains("requested changes") => format!("{} — {help}", i.message),
                            Some(help) => help.clone(),
                            None => i.message.clone(),
                        })
                    );
                }
                out.push_str("\nTo approve: an approving review of this pull request on GitHub, or `isms approve` on the branch (a signed statement of exactly this content; then push).\n\n");
            }
        }
    }
    let _ = writeln!(
        out,
        "<sub>{} files checked against {} rules as of {} by isms {}.</sub>",
        outcome.files(),
        outcome.rules.len(),
        outcome.now,
        env!("CARGO_PKG_VERSION")
    );
    out
}

/// The comment body: the marker and the report, cut to GitHub's limit with
/// a pointer to the job summary when it is too long.
pub fn comment(report: &str) -> String {
    cut_chars(&format!("{MARKER}\n{report}"), COMMENT_LIMIT)
}

/// A check run's summary, within GitHub's limit (65,535 characters).
pub fn check_summary(report: &str) -> String {
    cut_chars(report, COMMENT_LIMIT - 1)
}

/// `body`, or as much of it as fits in `limit` characters, cut at a line
/// end, with a pointer to the job summary.
fn cut_chars(body: &str, limit: usize) -> String {
    if body.chars().count() <= limit {
        return body.to_string();
    }
    let tail = "\n\n…cut here: the report is longer than GitHub takes here. The whole report is in the job summary of this run.\n";
    let keep = limit - tail.chars().count();
    let mut cut: String = body.chars().take(keep).collect();
    // Do not leave half a table row.
    if let Some(i) = cut.rfind('\n') {
        cut.truncate(i);
    }
    cut + tail
}

/// The job summary text, within GitHub's size limit.
pub fn summary(report: &str) -> String {
    if report.len() <= SUMMARY_LIMIT {
        return report.to_string();
    }
    let tail =
        "\n\n…cut here: the report is longer than a job summary may be; `isms check --format json` has it all.\n";
    let mut end = SUMMARY_LIMIT - tail.len();
    while !report.is_char_boundary(end) {
        end -= 1;
    }
    let mut cut = report[..end].to_string();
    if let Some(i) = cut.rfind('\n') {
        cut.truncate(i);
    }
    cut + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn comment_is_cut_to_the_limit_at_a_line() {
        let long = "| row |\n".repeat(20_000);
        let body = comment(&long);
        assert!(body.chars().count() <= COMMENT_LIMIT);
        assert!(body.starts_with(MARKER));
        assert!(body.ends_with("The whole report is in the job summary of this run.\n"));
        assert!(body.contains("| row |\n\n…cut here"));
        assert_eq!(comment("short"), format!("{MARKER}\nshort"));
    }
}
