//! Gathering the evidence: one [`Evidence`] from a check's [`Outcome`] and
//! an audit's [`history::Report`] (the same data `isms check` and `isms
//! audit` print). Nothing here decides how it looks.

use super::derived::{clauses, missing_inputs, named, teams, trail};
use super::rows::*;
use crate::check::Outcome;
use crate::config::kinds::RegisterKind;
use crate::findings::Severity;
use crate::history;
use crate::workspace::Workspace;
use serde_json::Value;

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items.iter().map(|i| text(Some(i))).collect::<Vec<_>>().join(", "),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn number(v: Option<&Value>) -> Option<u32> {
    v.and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok())
}

/// Every record of the workspace as plain JSON, with its register's kind:
/// made once per pack (the pack looks records up many times).
fn rows(ws: &Workspace) -> Vec<(RegisterKind, serde_json::Map<String, Value>)> {
    ws.registers
        .iter()
        .flat_map(|r| r.records.iter().map(move |rec| (r.kind, rec.to_json())))
        .collect()
}

fn records(
    rows: &[(RegisterKind, serde_json::Map<String, Value>)],
    kind: RegisterKind,
) -> impl Iterator<Item = &serde_json::Map<String, Value>> {
    rows.iter().filter(move |(k, _)| *k == kind).map(|(_, r)| r)
}

/// Gathers the evidence from a check and, when there is a repository, the
/// audit of its history.
pub fn gather(outcome: &Outcome, audit: Option<&history::Report>, provenance: Provenance) -> Evidence {
    let ws = &outcome.workspace;
    let raw = &ws.config.raw;
    let rows = rows(ws);
    let live = |s: Severity| {
        outcome
            .findings
            .iter()
            .filter(move |f| f.severity == s && f.waived.is_none())
    };
    let now = outcome.now.as_str();

    let duties = outcome
        .rules
        .iter()
        .map(|r| {
            let of: Vec<_> = outcome.findings.iter().filter(|f| f.rule == r.id).collect();
            let status = if of.iter().any(|f| f.waived.is_none() && f.severity == Severity::Error) {
                "fail"
            } else if of.iter().any(|f| f.waived.is_none()) {
                "warn"
            } else if !of.is_empty() {
                "waived"
            } else {
                "pass"
            };
            Duty {
                id: r.id.clone(),
                title: r.title.clone(),
                clauses: r.clauses.clone(),
                status,
                findings: of.len(),
            }
        })
        .collect();

    let findings = outcome
        .findings
        .iter()
        .map(|f| FindingRow {
            severity: f.severity,
            rule: f.rule.clone(),
            clauses: f.clauses.clone(),
            place: match (&f.file, f.span) {
                (Some(file), Some(span)) => format!("{}:{}", file.name, file.line_col(span.start).line),
                (Some(file), None) => file.name.clone(),
                _ => String::new(),
            },
            message: f.message.clone(),
            waiver: f
                .waived
                .as_ref()
                .map(|w| (w.reason.clone(), named(raw, &w.approved_by), w.expires.clone())),
        })
        .collect();

    let (trail, baseline, trust_root) = match audit {
        Some(report) => (
            trail(ws, report, outcome.now.as_str()),
            report.baseline.clone(),
            report.trust_root.clone(),
        ),
        None => (Vec::new(), Vec::new(), None),
    };
    // The verdict on a governed file's current version: its last version in
    // the trail, or the baseline when it has not changed since the root.
    let current = |path: &str| trail.iter().rev().find(|t| t.path == path).cloned();
    let is_baseline = |path: &str| baseline.iter().any(|b| b == path);

    let documents = ws
        .documents
        .iter()
        .map(|d| {
            let v = |k: &str| text(d.values.get(k));
            DocumentRow {
                path: d.file.name.clone(),
                id: d.id.clone(),
                title: v("title"),
                kind: v("type"),
                owner: named(raw, &v("owner")),
                version: v("version"),
                status: v("status"),
                approved_by: named(raw, &v("approved_by")),
                approved_on: v("approved_on"),
                next_review: v("next_review"),
                verified: current(&d.file.name),
                baseline: is_baseline(&d.file.name),
            }
        })
        .collect();

    let risks = records(&rows, RegisterKind::Risks)
        .map(|r| {
            let pair = |a: &str, b: &str| Some((number(r.get(a))?, number(r.get(b))?));
            let inherent = pair("likelihood", "impact");
            RiskRow {
                id: text(r.get("id")),
                title: text(r.get("title")),
                owner: named(raw, &text(r.get("owner"))),
                inherent,
                residual: pair("residual_likelihood", "residual_impact").or(inherent),
                treatment: text(r.get("treatment")),
                accepted_by: named(raw, &text(r.get("accepted_by"))),
                accepted_on: text(r.get("accepted_on")),
                expires: text(r.get("acceptance_expires")),
            }
        })
        .collect();

    let soa = records(&rows, RegisterKind::Soa)
        .map(|c| SoaRow {
            control: text(c.get("id")),
            applicable: c.get("applicable").and_then(Value::as_bool),
            justification: text(c.get("justification")),
            status: text(c.get("status")),
            owner: named(raw, &text(c.get("owner"))),
        })
        .collect();
    let soa_approval = ws
        .registers
        .iter()
        .find(|r| r.kind == RegisterKind::Soa)
        .map(|r| (r.file.name.clone(), current(&r.file.name), is_baseline(&r.file.name)));

    let mut timeline: Vec<Event> = records(&rows, RegisterKind::Reviews)
        .filter_map(|r| {
            Some(Event {
                date: r.get("held_on")?.as_str()?.to_string(),
                kind: "review",
                id: text(r.get("id")),
                title: "Management review".into(),
                planned: false,
            })
        })
        .chain(records(&rows, RegisterKind::Audits).filter_map(|a| {
            let (date, planned) = match (a.get("performed_on"), a.get("planned_on")) {
                (Some(Value::String(d)), _) => (d.clone(), false),
                (None, Some(Value::String(d))) => (d.clone(), true),
                _ => return None,
            };
            Some(Event {
                date,
                kind: "audit",
                id: text(a.get("id")),
                title: text(a.get("title")),
                planned,
            })
        }))
        .collect();
    timeline.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));

    // Where an action named by a review stands, from its own register.
    let finished = |kind: RegisterKind, status: &str| kind.finished().contains(&status);
    let stands = |id: &str| -> String {
        for kind in [
            RegisterKind::Improvements,
            RegisterKind::Findings,
            RegisterKind::Objectives,
            RegisterKind::Changes,
        ] {
            if let Some(r) = records(&rows, kind).find(|r| text(r.get("id")) == id) {
                let status = text(r.get("status"));
                let due = text(r.get("due_on"));
                let overdue = !due.is_empty() && due.as_str() < now && !finished(kind, &status);
                return format!(
                    "{id}: {}{}{}",
                    if status.is_empty() { "no status" } else { &status },
                    if due.is_empty() {
                        String::new()
                    } else {
                        format!(", due {due}")
                    },
                    if overdue { " (overdue)" } else { "" }
                );
            }
        }
        format!("{id}: not found in any register")
    };
    let reviews = records(&rows, RegisterKind::Reviews)
        .map(|r| {
            let list = |k: &str| -> Vec<String> {
                match r.get(k) {
                    Some(Value::Array(items)) => items.iter().map(|i| text(Some(i))).collect(),
                    Some(v) => vec![text(Some(v))],
                    None => Vec::new(),
                }
            };
            let covered = list("inputs");
            let minutes = text(r.get("minutes"));
            let missing = missing_inputs(ws, &covered, &minutes);
            ReviewRow {
                id: text(r.get("id")),
                held_on: text(r.get("held_on")),
                chair: named(raw, &text(r.get("chair"))),
                attendees: list("attendees").iter().map(|a| named(raw, a)).collect(),
                covered,
                missing,
                decisions: text(r.get("decisions")),
                actions: list("actions").iter().map(|a| stands(a)).collect(),
            }
        })
        .collect();

    let audits = records(&rows, RegisterKind::Audits)
        .map(|a| {
            let id = text(a.get("id"));
            let target = format!("audits/{id}/auditor");
            AuditRow {
                title: text(a.get("title")),
                scope: text(a.get("scope")),
                auditor: named(raw, &text(a.get("auditor"))),
                independent: !outcome
                    .findings
                    .iter()
                    .any(|f| f.rule == "ISMS-AUD-001" && f.target.as_deref() == Some(target.as_str())),
                planned_on: text(a.get("planned_on")),
                performed_on: text(a.get("performed_on")),
                status: text(a.get("status")),
                raised: records(&rows, RegisterKind::Findings)
                    .filter(|f| text(f.get("audit")) == id)
                    .map(|f| format!("{} ({})", text(f.get("id")), text(f.get("status"))))
                    .collect(),
                id,
            }
        })
        .collect();

    let overdue = |kind: RegisterKind, r: &serde_json::Map<String, Value>| {
        let due = text(r.get("due_on"));
        !due.is_empty() && due.as_str() < now && !finished(kind, &text(r.get("status")))
    };
    let nonconformities = records(&rows, RegisterKind::Findings)
        .map(|f| NonconformityRow {
            id: text(f.get("id")),
            title: text(f.get("title")),
            audit: text(f.get("audit")),
            kind: text(f.get("type")),
            owner: named(raw, &text(f.get("owner"))),
            raised_on: text(f.get("raised_on")),
            due_on: text(f.get("due_on")),
            status: text(f.get("status")),
            corrective_action: text(f.get("corrective_action")),
            closed_on: text(f.get("closed_on")),
            verified: match (text(f.get("verified_by")), text(f.get("verified_on"))) {
                (by, on) if by.is_empty() => on,
                (by, on) => format!("{} {on}", named(raw, &by)).trim_end().to_string(),
            },
            overdue: overdue(RegisterKind::Findings, f),
        })
        .collect();
    let objectives = records(&rows, RegisterKind::Objectives)
        .map(|o| ObjectiveRow {
            id: text(o.get("id")),
            title: text(o.get("title")),
            owner: named(raw, &text(o.get("owner"))),
            measure: text(o.get("measure")),
            target: text(o.get("target")),
            due_on: text(o.get("due_on")),
            status: text(o.get("status")),
            overdue: overdue(RegisterKind::Objectives, o),
        })
        .collect();

    let mut open = Vec::new();
    for kind in [
        RegisterKind::Findings,
        RegisterKind::Improvements,
        RegisterKind::Objectives,
    ] {
        for r in records(&rows, kind) {
            let status = text(r.get("status"));
            if finished(kind, &status) {
                continue;
            }
            let late = overdue(kind, r);
            // Every open nonconformity is listed; other actions when overdue.
            if kind == RegisterKind::Findings || late {
                open.push(OpenItem {
                    register: kind.name().to_string(),
                    id: text(r.get("id")),
                    title: text(r.get("title")),
                    owner: named(raw, &text(r.get("owner"))),
                    due_on: text(r.get("due_on")),
                    status: if status.is_empty() { "open".into() } else { status },
                    overdue: late,
                });
            }
        }
    }

    Evidence {
        organisation: raw.organisation.name.clone(),
        scope: raw.organisation.scope.clone(),
        now: outcome.now.to_string(),
        version: env!("CARGO_PKG_VERSION"),
        provenance,
        errors: live(Severity::Error).count(),
        warnings: live(Severity::Warning).count(),
        waived: outcome.waived(),
        files: outcome.files(),
        clauses: clauses(outcome),
        duties,
        findings,
        documents,
        trail,
        baseline,
        trust_root,
        scale: raw.rules.risk.scale,
        threshold: raw.rules.risk.acceptance_threshold,
        levels: raw.rules.risk.levels.clone(),
        risks,
        soa,
        soa_approval,
        timeline,
        reviews,
        audits,
        nonconformities,
        objectives,
        open,
        teams: teams(outcome),
    }
}
