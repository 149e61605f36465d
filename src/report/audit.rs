//! Renderers of `isms audit`: the evidence listing of who approved which
//! version of which governed file, with which verified key, as JSON (a
//! versioned contract), Markdown (for an auditor's file) and plain text.

use crate::history::{CommitFacts, Issue, Judgement, Report};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::fmt::Write as _;

/// The version of the audit JSON's shape.
pub const AUDIT_VERSION: u32 = 1;

use crate::history::short_id as short;

fn issue_json(i: &Issue) -> Value {
    json!({
        "rule": i.rule,
        "severity": if i.warning { "warning" } else { "error" },
        "message": i.message,
        "path": i.path,
        "commit": i.commit,
        "help": i.help,
    })
}

#[derive(serde::Serialize)]
struct Summary {
    commits: usize,
    signed: usize,
    verified: usize,
    versions: usize,
    approved: usize,
    errors: usize,
    warnings: usize,
}

/// The audit JSON's shape, borrowing the report.
#[derive(serde::Serialize)]
struct Audit<'a> {
    version: u32,
    head: &'a Option<String>,
    since: &'a Option<String>,
    summary: Summary,
    versions: &'a [Judgement],
    commits: &'a [CommitFacts],
    findings: Vec<Value>,
}

fn audit(report: &Report) -> Audit<'_> {
    Audit {
        version: AUDIT_VERSION,
        head: &report.head,
        since: &report.trust_root,
        summary: Summary {
            commits: report.commits.len(),
            signed: report
                .commits
                .iter()
                .filter(|c| c.signature.word() != "unsigned")
                .count(),
            verified: report.commits.iter().filter(|c| c.signature.signer().is_some()).count(),
            versions: report.judgements.len(),
            approved: report.judgements.iter().filter(|j| j.approved).count(),
            errors: report.issues.iter().filter(|i| !i.warning).count(),
            warnings: report.issues.iter().filter(|i| i.warning).count(),
        },
        versions: &report.judgements,
        commits: &report.commits,
        findings: report.issues.iter().map(issue_json).collect(),
    }
}

/// The whole audit as JSON.
pub fn json(report: &Report) -> Value {
    serde_json::to_value(audit(report)).unwrap_or(Value::Null)
}

/// Writes the audit JSON (pretty, ending in a newline) straight from the
/// report to `out`: a long history's audit is tens of megabytes, neither
/// copied into a JSON value nor into one string first.
pub fn write_json(report: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &audit(report))?;
    out.write_all(b"\n")
}

fn approvers(j: &Judgement) -> String {
    if j.approvers.is_empty() {
        return "—".into();
    }
    j.approvers
        .iter()
        .map(|a| format!("{} in {} with {}", a.person, short(&a.commit), a.key))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The commits by id, looked up once per version instead of searched.
fn by_id(report: &Report) -> HashMap<&str, &CommitFacts> {
    report.commits.iter().map(|c| (c.id.as_str(), c)).collect()
}

fn date(commit: Option<&&CommitFacts>) -> String {
    commit
        .and_then(|c| chrono::DateTime::from_timestamp(c.time, 0))
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn author(commit: Option<&&CommitFacts>) -> String {
    commit
        .map(|c| c.author.person.clone().unwrap_or_else(|| c.author.email.clone()))
        .unwrap_or_default()
}

/// Markdown evidence for an auditor: one row per version, then the
/// emergency changes as they stand at `now`.
pub fn markdown(report: &Report, now: &str) -> String {
    let mut out = String::from("# Approval evidence\n\n");
    let _ = writeln!(
        out,
        "History from {} to {}: {} commits, {} versions of governed files, {} approved.\n",
        report.trust_root.as_deref().map_or("the first commit", short),
        report.head.as_deref().map_or("", short),
        report.commits.len(),
        report.judgements.len(),
        report.judgements.iter().filter(|j| j.approved).count()
    );
    out.push_str("| file | version | date (committer) | author | rule | approved by (verified key) | status |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    let commits = by_id(report);
    for j in &report.judgements {
        let commit = commits.get(j.change.as_str());
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} ({} of {}) | {} | {} |",
            j.path,
            short(&j.change),
            date(commit),
            author(commit),
            j.rule,
            j.min,
            j.roles.join(", "),
            approvers(j),
            if j.approved { "approved" } else { "**not approved**" }
        );
    }
    emergency_markdown(report, now, &mut out);
    if !report.issues.is_empty() {
        out.push_str("\n## Findings\n\n");
        for i in &report.issues {
            let _ = writeln!(
                out,
                "- **{}** {} {}",
                i.rule,
                if i.warning { "(warning)" } else { "(error)" },
                i.message
            );
        }
    }
    out
}

/// Each version an emergency declaration let through: (judgement, how it
/// stands as of `now`).
fn emergencies<'a>(report: &'a Report, now: &str) -> Vec<(&'a Judgement, String)> {
    let commits = by_id(report);
    let time_of = |id: &str| commits.get(id).map(|c| c.time);
    let name_of = |id: &str| id.to_string();
    report
        .judgements
        .iter()
        .filter_map(|j| crate::check::emergency::standing(j, &time_of, &name_of, now).map(|s| (j, s)))
        .collect()
}

/// The emergency changes, as Markdown (nothing when there are none).
fn emergency_markdown(report: &Report, now: &str, out: &mut String) {
    let list = emergencies(report, now);
    if list.is_empty() {
        return;
    }
    out.push_str("\n## Emergency changes\n\n");
    out.push_str("| file | version | declared by | reason | declared | due | status |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for (j, standing) in list {
        if let Some(d) = &j.emergency {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} |",
                j.path,
                short(&j.change),
                d.declarer_name,
                d.reason.replace('|', "\\|"),
                d.declared,
                d.due,
                standing
            );
        }
    }
}

/// Plain text for a terminal (emergency changes as they stand at `now`).
pub fn human(report: &Report, now: &str) -> String {
    let mut out = String::new();
    let commits = by_id(report);
    for j in &report.judgements {
        let _ = writeln!(
            out,
            "{} {} {} by {} — {}",
            if j.approved { "✓" } else { "✗" },
            j.path,
            short(&j.change),
            author(commits.get(j.change.as_str())),
            if j.approved {
                format!("approved by {}", approvers(j))
            } else {
                format!("not approved ({} of {} needed)", j.min, j.roles.join(", "))
            }
        );
    }
    for (j, standing) in emergencies(report, now) {
        if let Some(d) = &j.emergency {
            let _ = writeln!(
                out,
                "emergency: {} {} declared by {} at {} (\"{}\"), due {}: {standing}",
                j.path,
                short(&j.change),
                d.declarer_name,
                d.declared,
                d.reason,
                d.due
            );
        }
    }
    for i in &report.issues {
        let _ = writeln!(
            out,
            "{} {}: {}",
            if i.warning { "warning" } else { "error" },
            i.rule,
            i.message
        );
    }
    let _ = writeln!(
        out,
        "{} commits audited, {} of {} versions approved, {} errors, {} warnings",
        report.commits.len(),
        report.judgements.iter().filter(|j| j.approved).count(),
        report.judgements.len(),
        report.issues.iter().filter(|i| !i.warning).count(),
        report.issues.iter().filter(|i| i.warning).count()
    );
    out
}
