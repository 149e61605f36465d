//! Gathering the evidence: one [`Evidence`] from a check's [`Outcome`] and
//! an audit's [`history::Report`] (the same data `isms check` and `isms
//! audit` print). Nothing here decides how it looks.

use crate::check::Outcome;
use crate::config::kinds::RegisterKind;
use crate::findings::Severity;
use crate::history;
use crate::workspace::Workspace;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Where the report was built from, so it can be cited.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// The commit checked out (`HEAD`), when the ISMS is in a git repository.
    pub commit: Option<String>,
    /// Whether the work tree differs from that commit.
    pub dirty: bool,
    /// Why there is no approval trail, when there is none.
    pub no_trail: Option<String>,
}

/// One clause's row of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseRow {
    pub clause: String,
    /// How many rules evidence it; 0 marks a clause no rule covers.
    pub rules: usize,
    pub errors: usize,
    pub warnings: usize,
    pub waived: usize,
}

/// A rule of the pack (a duty) and how the ISMS stands against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    pub id: String,
    pub title: String,
    pub clauses: Vec<String>,
    /// `pass`, `fail`, `warn` or `waived`.
    pub status: &'static str,
    pub findings: usize,
}

/// An approver of one version, as the audit verified them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub person: String,
    pub name: String,
    /// The person's roles that the approval rule asks for.
    pub roles: Vec<String>,
    /// The verified key fingerprint (or how GitHub attested it).
    pub key: String,
    pub commit: String,
}

/// One version of one governed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailRow {
    pub path: String,
    /// 1 for the first version since the trust root.
    pub version: usize,
    pub commit: String,
    pub date: String,
    pub author: String,
    pub summary: String,
    pub rule: String,
    pub approved: bool,
    pub approvals: Vec<Approval>,
}

/// A risk as the register records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskRow {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub inherent: Option<(u32, u32)>,
    pub residual: Option<(u32, u32)>,
    pub treatment: String,
    pub accepted_by: String,
    pub accepted_on: String,
    pub expires: String,
}

/// A Statement of Applicability entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoaRow {
    pub control: String,
    pub applicable: Option<bool>,
    pub justification: String,
    pub status: String,
    pub owner: String,
}

/// A management review or an internal audit, on the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: String,
    /// `review` or `audit`.
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    /// Planned but not yet performed.
    pub planned: bool,
}

/// An open item: a nonconformity or an action past its due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItem {
    pub register: String,
    pub id: String,
    pub title: String,
    pub owner: String,
    pub due_on: String,
    pub status: String,
    pub overdue: bool,
}

/// Training coverage of one team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRow {
    pub team: String,
    /// Active people in the team.
    pub people: usize,
    /// Of them, with current awareness training.
    pub aware: usize,
    /// Of them, holding a privileged role.
    pub privileged: usize,
    /// Of those, with current role-specific training.
    pub role_trained: usize,
}

/// One finding as the pack lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    pub severity: Severity,
    pub rule: String,
    pub clauses: Vec<String>,
    /// `file:line`, or empty for a finding about the whole ISMS.
    pub place: String,
    pub message: String,
    /// (reason, approved by, expires) when waived.
    pub waiver: Option<(String, String, String)>,
}

/// One document of the register of documented information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub path: String,
    pub id: String,
    pub title: String,
    pub kind: String,
    pub owner: String,
    pub version: String,
    pub status: String,
    pub approved_by: String,
    pub approved_on: String,
    pub next_review: String,
    /// For a governed file: its current version's verdict in the trail.
    pub verified: Option<TrailRow>,
    /// For a governed file unchanged since the trust root.
    pub baseline: bool,
}

/// A management review with what it covered and decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    pub id: String,
    pub held_on: String,
    pub chair: String,
    pub attendees: Vec<String>,
    pub covered: Vec<String>,
    /// The required inputs (`rules.review_inputs`) it did not cover.
    pub missing: Vec<String>,
    pub decisions: String,
    /// Each action and where it stands.
    pub actions: Vec<String>,
}

/// An internal audit with its auditor and what it raised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub id: String,
    pub title: String,
    pub scope: String,
    pub auditor: String,
    /// `false` when ISMS-AUD-001 found the auditor responsible for the area.
    pub independent: bool,
    pub planned_on: String,
    pub performed_on: String,
    pub status: String,
    /// The nonconformities it raised, with their status.
    pub raised: Vec<String>,
}

/// A nonconformity and its corrective action (10.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonconformityRow {
    pub id: String,
    pub title: String,
    pub audit: String,
    pub kind: String,
    pub owner: String,
    pub raised_on: String,
    pub due_on: String,
    pub status: String,
    pub corrective_action: String,
    pub closed_on: String,
    pub verified: String,
    pub overdue: bool,
}

/// An information security objective (6.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectiveRow {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub measure: String,
    pub target: String,
    pub due_on: String,
    pub status: String,
    pub overdue: bool,
}

/// Everything the report shows, gathered once and rendered twice.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub organisation: String,
    pub scope: Option<String>,
    pub now: String,
    pub version: &'static str,
    pub provenance: Provenance,
    pub errors: usize,
    pub warnings: usize,
    pub waived: usize,
    pub files: usize,
    pub clauses: Vec<ClauseRow>,
    pub duties: Vec<Duty>,
    pub findings: Vec<FindingRow>,
    pub documents: Vec<DocumentRow>,
    pub trail: Vec<TrailRow>,
    /// Governed files unchanged since the trust root.
    pub baseline: Vec<String>,
    pub trust_root: Option<String>,
    pub scale: u32,
    pub threshold: u32,
    pub levels: BTreeMap<String, u32>,
    pub risks: Vec<RiskRow>,
    pub soa: Vec<SoaRow>,
    /// The SoA register's path and the verdict on its current version.
    pub soa_approval: Option<(String, Option<TrailRow>, bool)>,
    pub timeline: Vec<Event>,
    pub reviews: Vec<ReviewRow>,
    pub audits: Vec<AuditRow>,
    pub nonconformities: Vec<NonconformityRow>,
    pub objectives: Vec<ObjectiveRow>,
    pub open: Vec<OpenItem>,
    pub teams: Vec<TeamRow>,
}

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

fn records(ws: &Workspace, kind: RegisterKind) -> impl Iterator<Item = &serde_json::Map<String, Value>> {
    ws.registers
        .iter()
        .filter(move |r| r.kind == kind)
        .flat_map(|r| r.records.iter().map(|rec| &rec.values))
}

/// Gathers the evidence from a check and, when there is a repository, the
/// audit of its history.
pub fn gather(outcome: &Outcome, audit: Option<&history::Report>, provenance: Provenance) -> Evidence {
    let ws = &outcome.workspace;
    let raw = &ws.config.raw;
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
        Some(report) => (trail(ws, report), report.baseline.clone(), report.trust_root.clone()),
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

    let risks = records(ws, RegisterKind::Risks)
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

    let soa = records(ws, RegisterKind::Soa)
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

    let mut timeline: Vec<Event> = records(ws, RegisterKind::Reviews)
        .filter_map(|r| {
            Some(Event {
                date: r.get("held_on")?.as_str()?.to_string(),
                kind: "review",
                id: text(r.get("id")),
                title: "Management review".into(),
                planned: false,
            })
        })
        .chain(records(ws, RegisterKind::Audits).filter_map(|a| {
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
            if let Some(r) = records(ws, kind).find(|r| text(r.get("id")) == id) {
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
    let reviews = records(ws, RegisterKind::Reviews)
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

    let audits = records(ws, RegisterKind::Audits)
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
                raised: records(ws, RegisterKind::Findings)
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
    let nonconformities = records(ws, RegisterKind::Findings)
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
    let objectives = records(ws, RegisterKind::Objectives)
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
        for r in records(ws, kind) {
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
        now: outcome.now.clone(),
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

/// The clauses of ISO/IEC 27001:2022 that ask for something (4.1–10.2,
/// with the sub-clauses rules cite), in order.
pub const CLAUSES: [&str; 30] = [
    "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3", "7.1", "7.2", "7.3",
    "7.4", "7.5.1", "7.5.2", "7.5.3", "8.1", "8.2", "8.3", "9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1",
    "10.2",
];

/// Whether a rule or finding citing `cited` speaks to clause `clause`: the
/// same clause, or one containing the other (`6.1` and `6.1.2`).
fn cites(cited: &str, clause: &str) -> bool {
    cited == clause || clause.starts_with(&format!("{cited}.")) || cited.starts_with(&format!("{clause}."))
}

/// Every clause with the rules that evidence it and the findings against
/// it; clauses the rules cite beyond [`CLAUSES`] follow.
fn clauses(outcome: &Outcome) -> Vec<ClauseRow> {
    let mut all: Vec<String> = CLAUSES.iter().map(|c| (*c).to_string()).collect();
    for c in outcome.rules.iter().flat_map(|r| &r.clauses) {
        if !all.iter().any(|a| cites(c, a)) && !all.contains(c) {
            all.push(c.clone());
        }
    }
    let mut rows: Vec<ClauseRow> = all
        .into_iter()
        .map(|clause| {
            let mut row = ClauseRow {
                rules: outcome
                    .rules
                    .iter()
                    .filter(|r| r.clauses.iter().any(|c| cites(c, &clause)))
                    .count(),
                errors: 0,
                warnings: 0,
                waived: 0,
                clause,
            };
            for f in outcome
                .findings
                .iter()
                .filter(|f| f.clauses.iter().any(|c| cites(c, &row.clause)))
            {
                match (&f.waived, f.severity) {
                    (Some(_), _) => row.waived += 1,
                    (None, Severity::Error) => row.errors += 1,
                    (None, Severity::Warning) => row.warnings += 1,
                }
            }
            row
        })
        .collect();
    rows.sort_by_cached_key(|c| clause_key(&c.clause));
    rows
}

/// The required review inputs (`rules.review_inputs`) that a review's
/// `inputs` and the headings of its minutes do not cover, matched as the
/// rule ISMS-MR-002 matches them: lower-case letters and digits only, an
/// input covered when some entry contains it.
fn missing_inputs(ws: &Workspace, inputs: &[String], minutes: &str) -> Vec<String> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut covered: Vec<String> = inputs.iter().map(|i| norm(i)).collect();
    if !minutes.is_empty() {
        for d in ws
            .documents
            .iter()
            .filter(|d| d.id == minutes || d.file.name == minutes)
        {
            covered.extend(d.headings.iter().map(|h| norm(&h.text)));
        }
    }
    ws.config
        .raw
        .rules
        .review_inputs
        .iter()
        .filter(|wanted| {
            let w = norm(wanted);
            !covered.iter().any(|c| c.contains(&w))
        })
        .cloned()
        .collect()
}

/// A person or role as a reader knows them: a person's name with their
/// roles, a role's name with who holds it; anything else as written.
pub fn named(raw: &crate::config::RawConfig, who: &str) -> String {
    if who.is_empty() {
        return String::new();
    }
    if let Some(p) = raw.people.iter().find(|p| p.id == who) {
        let roles: Vec<&str> = p
            .roles
            .iter()
            .map(|r| raw.roles.get(r).map_or(r.as_str(), |role| role.name.as_str()))
            .collect();
        return if roles.is_empty() {
            p.name.clone()
        } else {
            format!("{} ({})", p.name, roles.join(", "))
        };
    }
    let role = raw
        .roles
        .iter()
        .find(|(id, role)| id.as_str() == who || role.name.eq_ignore_ascii_case(who));
    if let Some((id, role)) = role {
        let holders: Vec<&str> = raw
            .people
            .iter()
            .filter(|p| p.active && p.roles.contains(id))
            .map(|p| p.name.as_str())
            .collect();
        return if holders.is_empty() {
            format!("{} (held by nobody)", role.name)
        } else {
            format!("{} ({})", holders.join(", "), role.name)
        };
    }
    who.to_string()
}

/// `5.1` before `10.2`: clause numbers compared as numbers.
fn clause_key(clause: &str) -> Vec<u32> {
    clause.split('.').map(|p| p.parse().unwrap_or(u32::MAX)).collect()
}

fn trail(ws: &Workspace, report: &history::Report) -> Vec<TrailRow> {
    let raw = &ws.config.raw;
    let commits: BTreeMap<&str, &history::CommitFacts> = report.commits.iter().map(|c| (c.id.as_str(), c)).collect();
    let name = |id: &str| {
        raw.people
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    let mut versions: BTreeMap<&str, usize> = BTreeMap::new();
    report
        .judgements
        .iter()
        .map(|j| {
            let version = versions.entry(j.path.as_str()).or_insert(0);
            *version += 1;
            let commit = commits.get(j.change.as_str());
            TrailRow {
                path: j.path.clone(),
                version: *version,
                commit: j.change.clone(),
                date: commit
                    .and_then(|c| chrono::DateTime::from_timestamp(c.time, 0))
                    .map(|t| t.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                author: commit
                    .map(|c| c.author.person.as_deref().map_or_else(|| c.author.email.clone(), &name))
                    .unwrap_or_default(),
                summary: commit.map(|c| c.summary.clone()).unwrap_or_default(),
                rule: j.rule.clone(),
                approved: j.approved,
                approvals: j
                    .approvers
                    .iter()
                    .map(|a| Approval {
                        person: a.person.clone(),
                        name: name(&a.person),
                        roles: raw
                            .people
                            .iter()
                            .find(|p| p.id == a.person)
                            .map(|p| p.roles.iter().filter(|r| j.roles.contains(r)).cloned().collect())
                            .unwrap_or_default(),
                        key: a.key.clone(),
                        commit: a.commit.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Training coverage per team: a person's `team` in isms.toml, or their
/// first role when they have none. Who lacks current training is what the
/// rules ISMS-TRAIN-001 (awareness) and ISMS-TRAIN-002 (role-specific) found,
/// so the report and the check cannot disagree.
fn teams(outcome: &Outcome) -> Vec<TeamRow> {
    let raw = &outcome.workspace.config.raw;
    let flagged = |rule: &str, suffix: &str| -> BTreeSet<usize> {
        outcome
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .filter_map(|f| {
                f.target
                    .as_deref()?
                    .strip_prefix("config/person.")?
                    .strip_suffix(suffix)?
                    .parse()
                    .ok()
            })
            .collect()
    };
    let unaware = flagged("ISMS-TRAIN-001", "");
    let untrained = flagged("ISMS-TRAIN-002", ".roles");
    let mut teams: BTreeMap<String, TeamRow> = BTreeMap::new();
    for (i, p) in raw.people.iter().enumerate().filter(|(_, p)| p.active) {
        let team = p
            .team
            .clone()
            .or_else(|| {
                p.roles
                    .first()
                    .map(|r| raw.roles.get(r).map_or_else(|| r.clone(), |role| role.name.clone()))
            })
            .unwrap_or_else(|| "(no team or role)".into());
        let privileged = p
            .roles
            .iter()
            .any(|r| raw.roles.get(r).is_some_and(|role| role.privileged));
        let row = teams.entry(team.clone()).or_insert_with(|| TeamRow {
            team,
            people: 0,
            aware: 0,
            privileged: 0,
            role_trained: 0,
        });
        row.people += 1;
        row.aware += usize::from(!unaware.contains(&i));
        if privileged {
            row.privileged += 1;
            row.role_trained += usize::from(!untrained.contains(&i));
        }
    }
    teams.into_values().collect()
}

/// The level band a score falls in: the highest band starting at or below it.
pub(super) fn band(levels: &BTreeMap<String, u32>, score: u32) -> Option<&str> {
    levels
        .iter()
        .filter(|(_, lowest)| **lowest <= score)
        .max_by_key(|(_, lowest)| **lowest)
        .map(|(name, _)| name.as_str())
}

/// The risk ids in each (likelihood, impact) cell, 1-based, on the scale.
pub(super) fn heat(risks: &[RiskRow], scale: u32, residual: bool) -> BTreeMap<(u32, u32), Vec<String>> {
    let mut cells: BTreeMap<(u32, u32), Vec<String>> = BTreeMap::new();
    for r in risks {
        let pair = if residual { r.residual } else { r.inherent };
        if let Some((l, i)) = pair.filter(|(l, i)| (1..=scale).contains(l) && (1..=scale).contains(i)) {
            cells.entry((l, i)).or_default().push(r.id.clone());
        }
    }
    cells
}
