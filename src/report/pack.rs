//! `isms report`: the evidence pack an auditor reads without git. One
//! [`Evidence`] is gathered from a check's [`Outcome`] and an audit's
//! [`history::Report`] (the same data `isms check` and `isms audit` print),
//! then rendered as one self-contained HTML file (inline CSS and SVG; no
//! script, font or network) or as GitHub-flavoured Markdown (tables only).

use crate::check::Outcome;
use crate::findings::Severity;
use crate::history;
use crate::workspace::Workspace;
use crate::workspace::kinds::RegisterKind;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

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
    pub trail: Vec<TrailRow>,
    /// Governed files unchanged since the trust root.
    pub baseline: Vec<String>,
    pub trust_root: Option<String>,
    pub scale: u32,
    pub threshold: u32,
    pub levels: BTreeMap<String, u32>,
    pub risks: Vec<RiskRow>,
    pub soa: Vec<SoaRow>,
    pub timeline: Vec<Event>,
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

    let mut clauses: BTreeMap<String, ClauseRow> = BTreeMap::new();
    for f in &outcome.findings {
        for c in &f.clauses {
            let row = clauses.entry(c.clone()).or_insert_with(|| ClauseRow {
                clause: c.clone(),
                errors: 0,
                warnings: 0,
                waived: 0,
            });
            match (&f.waived, f.severity) {
                (Some(_), _) => row.waived += 1,
                (None, Severity::Error) => row.errors += 1,
                (None, Severity::Warning) => row.warnings += 1,
            }
        }
    }
    for r in &outcome.rules {
        for c in &r.clauses {
            clauses.entry(c.clone()).or_insert_with(|| ClauseRow {
                clause: c.clone(),
                errors: 0,
                warnings: 0,
                waived: 0,
            });
        }
    }
    let mut clauses: Vec<ClauseRow> = clauses.into_values().collect();
    clauses.sort_by_cached_key(|c| clause_key(&c.clause));

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

    let (trail, baseline, trust_root) = match audit {
        Some(report) => (trail(ws, report), report.baseline.clone(), report.trust_root.clone()),
        None => (Vec::new(), Vec::new(), None),
    };

    let risks = records(ws, RegisterKind::Risks)
        .map(|r| {
            let pair = |a: &str, b: &str| Some((number(r.get(a))?, number(r.get(b))?));
            let inherent = pair("likelihood", "impact");
            RiskRow {
                id: text(r.get("id")),
                title: text(r.get("title")),
                owner: text(r.get("owner")),
                inherent,
                residual: pair("residual_likelihood", "residual_impact").or(inherent),
                treatment: text(r.get("treatment")),
                accepted_by: text(r.get("accepted_by")),
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
            owner: text(c.get("owner")),
        })
        .collect();

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

    let now = outcome.now.as_str();
    let mut open = Vec::new();
    for (kind, done) in [
        (RegisterKind::Findings, &["closed"][..]),
        (RegisterKind::Improvements, &["done", "cancelled"][..]),
        (RegisterKind::Objectives, &["achieved", "closed", "cancelled"][..]),
    ] {
        for r in records(ws, kind) {
            let status = text(r.get("status"));
            if done.contains(&status.as_str()) {
                continue;
            }
            let due_on = text(r.get("due_on"));
            let overdue = !due_on.is_empty() && due_on.as_str() < now;
            // Every open nonconformity is listed; other actions when overdue.
            if kind == RegisterKind::Findings || overdue {
                open.push(OpenItem {
                    register: kind.name().to_string(),
                    id: text(r.get("id")),
                    title: text(r.get("title")),
                    owner: text(r.get("owner")),
                    due_on,
                    status: if status.is_empty() { "open".into() } else { status },
                    overdue,
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
        clauses,
        duties,
        trail,
        baseline,
        trust_root,
        scale: raw.rules.risk.scale,
        threshold: raw.rules.risk.acceptance_threshold,
        levels: raw.rules.risk.levels.clone(),
        risks,
        soa,
        timeline,
        open,
        teams: teams(outcome),
    }
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
fn band(levels: &BTreeMap<String, u32>, score: u32) -> Option<&str> {
    levels
        .iter()
        .filter(|(_, lowest)| **lowest <= score)
        .max_by_key(|(_, lowest)| **lowest)
        .map(|(name, _)| name.as_str())
}

/// Counts per (likelihood, impact) cell, 1-based, on the scale.
fn heat(risks: &[RiskRow], scale: u32, residual: bool) -> BTreeMap<(u32, u32), usize> {
    let mut cells = BTreeMap::new();
    for r in risks {
        let pair = if residual { r.residual } else { r.inherent };
        if let Some((l, i)) = pair.filter(|(l, i)| (1..=scale).contains(l) && (1..=scale).contains(i)) {
            *cells.entry((l, i)).or_insert(0) += 1;
        }
    }
    cells
}

fn short(id: &str) -> &str {
    history::short_id(id)
}

fn yes_no(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    }
}

fn status_word(e: &Evidence) -> &'static str {
    if e.errors > 0 { "failing" } else { "passing" }
}

fn cited(e: &Evidence) -> String {
    let commit = match &e.provenance.commit {
        Some(c) if e.provenance.dirty => format!("commit {c} with uncommitted changes"),
        Some(c) => format!("commit {c}"),
        None => "a folder outside git (no commit)".into(),
    };
    format!("Evaluated as of {} from {commit} by isms {}.", e.now, e.version)
}

/// HTML-escapes text for element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The colour of a level band, from the lowest band to the highest.
fn band_colour(levels: &BTreeMap<String, u32>, score: u32) -> &'static str {
    const COLOURS: [&str; 5] = ["#2e7d32", "#9e9d24", "#ef6c00", "#c62828", "#6a1b9a"];
    let mut order: Vec<u32> = levels.values().copied().collect();
    order.sort_unstable();
    let rank = order
        .iter()
        .filter(|lowest| **lowest <= score)
        .count()
        .saturating_sub(1);
    COLOURS[rank.min(COLOURS.len() - 1)]
}

/// A scale × scale heat map as inline SVG: impact up, likelihood across.
fn heat_svg(e: &Evidence, residual: bool) -> String {
    let cells = heat(&e.risks, e.scale, residual);
    let n = e.scale.max(1);
    let (cell, left, top) = (56u32, 56u32, 12u32);
    let (w, h) = (left + n * cell + 12, top + n * cell + 48);
    let label = if residual { "Residual" } else { "Inherent" };
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" id=\"heatmap-{}\" role=\"img\" aria-label=\"{label} risk heat map\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
        label.to_lowercase()
    );
    for i in 1..=n {
        for l in 1..=n {
            let x = left + (l - 1) * cell;
            let y = top + (n - i) * cell;
            let count = cells.get(&(l, i)).copied().unwrap_or(0);
            let _ = write!(
                s,
                "<g><title>likelihood {l} × impact {i} = {}: {count} risk(s)</title><rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"#fff\" stroke-width=\"2\"/>",
                l * i,
                band_colour(&e.levels, l * i),
                if count > 0 { "0.9" } else { "0.25" }
            );
            if count > 0 {
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"central\" fill=\"#fff\" font-weight=\"bold\">{count}</text>",
                    x + cell / 2,
                    y + cell / 2
                );
            }
            s.push_str("</g>");
        }
    }
    for k in 1..=n {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{k}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"central\" font-size=\"12\">{k}</text>",
            left + (k - 1) * cell + cell / 2,
            top + n * cell + 16,
            left - 8,
            top + (n - k) * cell + cell / 2
        );
    }
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">likelihood →</text><text x=\"14\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 14 {})\">impact →</text></svg>",
        left + n * cell / 2,
        top + n * cell + 36,
        top + n * cell / 2,
        top + n * cell / 2
    );
    s
}

/// Reviews and audits on a line of time, with today marked.
fn timeline_svg(e: &Evidence) -> String {
    let days = |d: &str| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| d.num_days_from_ce())
            .ok()
    };
    use chrono::Datelike as _;
    let points: Vec<(i32, &Event)> = e.timeline.iter().filter_map(|ev| Some((days(&ev.date)?, ev))).collect();
    let now = days(&e.now);
    let all: Vec<i32> = points.iter().map(|(d, _)| *d).chain(now).collect();
    let (Some(&min), Some(&max)) = (all.iter().min(), all.iter().max()) else {
        return String::new();
    };
    let span = (max - min).max(1) as f64;
    let (w, left, right) = (760.0, 40.0, 40.0);
    let x = |d: i32| left + (d - min) as f64 / span * (w - left - right);
    let h = 60 + 18 * points.len();
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline\" role=\"img\" aria-label=\"Management reviews and internal audits over time\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><line x1=\"{left}\" y1=\"30\" x2=\"{}\" y2=\"30\" stroke=\"#555\" stroke-width=\"2\"/>",
        w - right
    );
    for (k, (d, ev)) in points.iter().enumerate() {
        let (colour, shape) = match ev.kind {
            "review" => ("#1565c0", "circle"),
            _ => ("#6a1b9a", "rect"),
        };
        let cx = x(*d);
        let fill = if ev.planned { "#fff" } else { colour };
        if shape == "circle" {
            let _ = write!(
                s,
                "<circle cx=\"{cx:.1}\" cy=\"30\" r=\"7\" fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"2\"><title>{}</title></circle>",
                esc(&format!("{} {}: {}", ev.date, ev.id, ev.title))
            );
        } else {
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"23\" width=\"14\" height=\"14\" fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"2\"><title>{}</title></rect>",
                cx - 7.0,
                esc(&format!("{} {}: {}", ev.date, ev.id, ev.title))
            );
        }
        let y = 58 + 18 * k;
        let anchor = if cx > w / 2.0 { "end" } else { "start" };
        let _ = write!(
            s,
            "<line x1=\"{cx:.1}\" y1=\"37\" x2=\"{cx:.1}\" y2=\"{}\" stroke=\"{colour}\" stroke-dasharray=\"2 2\"/><text x=\"{cx:.1}\" y=\"{y}\" text-anchor=\"{anchor}\" font-size=\"12\">{} {}{}</text>",
            y - 10,
            esc(&ev.date),
            esc(&ev.id),
            if ev.planned { " (planned)" } else { "" }
        );
    }
    if let Some(now) = now {
        let _ = write!(
            s,
            "<line x1=\"{0:.1}\" y1=\"14\" x2=\"{0:.1}\" y2=\"46\" stroke=\"#c62828\" stroke-width=\"2\"/><text x=\"{0:.1}\" y=\"10\" text-anchor=\"middle\" font-size=\"11\" fill=\"#c62828\">{1}</text>",
            x(now),
            esc(&e.now)
        );
    }
    s.push_str("</svg>");
    s
}

const CSS: &str = "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1a1a1a;max-width:1100px;margin:2rem auto;padding:0 1rem}\
h1{font-size:1.7rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #ddd;padding-bottom:.2rem}\
table{border-collapse:collapse;width:100%;margin:.6rem 0}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#f4f4f4}td.n{text-align:right}code{font-size:.9em;overflow-wrap:anywhere}.muted{color:#666}\
.pass{color:#2e7d32;font-weight:bold}.fail{color:#c62828;font-weight:bold}.warn{color:#ef6c00;font-weight:bold}.waived{color:#666;font-weight:bold}\
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:8rem}.card b{font-size:1.5rem;display:block}\
.maps{display:flex;gap:2rem;flex-wrap:wrap}figure{margin:0}figcaption{font-weight:bold;margin-bottom:.3rem}\
@media print{h2{break-before:auto}table{font-size:11px}}";

/// The report as one self-contained HTML page.
pub fn html(e: &Evidence) -> String {
    let mut o = String::with_capacity(64 * 1024 + 200 * e.risks.len() + 300 * e.trail.len());
    let title = format!("ISMS evidence pack — {}", e.organisation);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"generator\" content=\"isms {}\"><title>{}</title><style>{CSS}</style></head><body>\n",
        e.version,
        esc(&title)
    );
    let _ = write!(o, "<header><h1>{}</h1>", esc(&title));
    if let Some(scope) = &e.scope {
        let _ = write!(o, "<p><b>Scope:</b> {}</p>", esc(scope));
    }
    let _ = writeln!(
        o,
        "<p id=\"provenance\" class=\"muted\">{}</p></header>",
        esc(&cited(e))
    );

    // Dashboard.
    let _ = write!(
        o,
        "<section id=\"dashboard\"><h2>Status</h2><div class=\"cards\"><div class=\"card\"><b class=\"{}\">{}</b>the gate</div><div class=\"card\"><b>{}</b>errors</div><div class=\"card\"><b>{}</b>warnings</div><div class=\"card\"><b>{}</b>waived</div><div class=\"card\"><b>{}</b>files checked</div><div class=\"card\"><b>{}</b>rules</div></div>",
        if e.errors > 0 { "fail" } else { "pass" },
        status_word(e),
        e.errors,
        e.warnings,
        e.waived,
        e.files,
        e.duties.len()
    );
    o.push_str("<h3>Findings by clause</h3><table id=\"clauses\"><thead><tr><th>Clause</th><th>Errors</th><th>Warnings</th><th>Waived</th></tr></thead><tbody>");
    for c in &e.clauses {
        let _ = write!(
            o,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&c.clause),
            c.errors,
            c.warnings,
            c.waived
        );
    }
    o.push_str("</tbody></table><h3>Duties of the rule pack</h3><table id=\"duties\"><thead><tr><th>Rule</th><th>Duty</th><th>Clauses</th><th>Status</th><th>Findings</th></tr></thead><tbody>");
    for d in &e.duties {
        let _ = write!(
            o,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&d.id),
            esc(&d.title),
            esc(&d.clauses.join(", ")),
            d.status,
            d.status,
            d.findings
        );
    }
    o.push_str("</tbody></table></section>\n");

    // Approval trail.
    o.push_str("<section id=\"approvals\"><h2>Approval trail of governed documents</h2>");
    match &e.provenance.no_trail {
        Some(why) => {
            let _ = write!(o, "<p>{}</p>", esc(why));
        }
        None => {
            let _ = write!(
                o,
                "<p class=\"muted\">Every version of every governed file {}, each judged by the configuration of its parent commit; keys are the SHA-256 fingerprints verified against isms.toml.</p>",
                match &e.trust_root {
                    Some(root) => format!("since the trust root {}", short(root)),
                    None => "since the first commit".into(),
                }
            );
            o.push_str("<table id=\"trail\"><thead><tr><th>Document</th><th>Version</th><th>Change</th><th>Author</th><th>Approved by (role)</th><th>Key</th><th>Approving commit</th><th>Verdict</th></tr></thead><tbody>");
            for t in &e.trail {
                let approvers: Vec<String> = t
                    .approvals
                    .iter()
                    .map(|a| format!("{} ({})", esc(&a.name), esc(&a.roles.join(", "))))
                    .collect();
                let keys: Vec<String> = t
                    .approvals
                    .iter()
                    .map(|a| format!("<code>{}</code>", esc(&a.key)))
                    .collect();
                let commits: Vec<String> = t
                    .approvals
                    .iter()
                    .map(|a| format!("<code>{}</code>", esc(short(&a.commit))))
                    .collect();
                let _ = write!(
                    o,
                    "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td><code>{}</code> {} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>",
                    esc(&t.path),
                    t.version,
                    esc(short(&t.commit)),
                    esc(&t.date),
                    esc(&t.summary),
                    esc(&t.author),
                    if approvers.is_empty() {
                        "—".into()
                    } else {
                        approvers.join("<br>")
                    },
                    keys.join("<br>"),
                    commits.join("<br>"),
                    if t.approved { "pass" } else { "fail" },
                    if t.approved { "approved" } else { "not approved" }
                );
            }
            o.push_str("</tbody></table>");
            if !e.baseline.is_empty() {
                let _ = write!(
                    o,
                    "<p>Unchanged since the trust root (its approved baseline): {}</p>",
                    e.baseline
                        .iter()
                        .map(|b| format!("<code>{}</code>", esc(b)))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
    }
    o.push_str("</section>\n");

    // Risks.
    let _ = write!(
        o,
        "<section id=\"risks\"><h2>Risk register</h2><p>{} risks on a {}×{} likelihood × impact scale; residual scores above {} need formal acceptance.</p><div class=\"maps\"><figure><figcaption>Inherent</figcaption>{}</figure><figure><figcaption>Residual</figcaption>{}</figure></div>",
        e.risks.len(),
        e.scale,
        e.scale,
        e.threshold,
        heat_svg(e, false),
        heat_svg(e, true)
    );
    o.push_str("<h3>Acceptances</h3><table id=\"acceptances\"><thead><tr><th>Risk</th><th>Residual</th><th>Accepted by</th><th>On</th><th>Expires</th></tr></thead><tbody>");
    for r in e.risks.iter().filter(|r| !r.accepted_by.is_empty()) {
        let _ = write!(
            o,
            "<tr><td>{} {}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&r.id),
            esc(&r.title),
            r.residual.map_or(String::new(), |(l, i)| (l * i).to_string()),
            esc(&r.accepted_by),
            esc(&r.accepted_on),
            esc(&r.expires)
        );
    }
    o.push_str("</tbody></table><h3>All risks</h3><table id=\"risk-register\"><thead><tr><th>Risk</th><th>Owner</th><th>Inherent</th><th>Level</th><th>Treatment</th><th>Residual</th><th>Level</th></tr></thead><tbody>");
    for r in &e.risks {
        let score = |p: Option<(u32, u32)>| p.map_or(String::new(), |(l, i)| format!("{l}×{i} = {}", l * i));
        let level = |p: Option<(u32, u32)>| p.and_then(|(l, i)| band(&e.levels, l * i)).unwrap_or("").to_string();
        let _ = write!(
            o,
            "<tr><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&r.id),
            esc(&r.title),
            esc(&r.owner),
            score(r.inherent),
            esc(&level(r.inherent)),
            esc(&r.treatment),
            score(r.residual),
            esc(&level(r.residual))
        );
    }
    o.push_str("</tbody></table></section>\n");

    // SoA.
    let applicable = e.soa.iter().filter(|c| c.applicable == Some(true)).count();
    let _ = write!(
        o,
        "<section id=\"soa\"><h2>Statement of Applicability</h2><p>{} controls listed, {applicable} applicable.</p><table id=\"soa-table\"><thead><tr><th>Control</th><th>Applicable</th><th>Justification</th><th>Status</th><th>Owner</th></tr></thead><tbody>",
        e.soa.len()
    );
    for c in &e.soa {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.control),
            yes_no(c.applicable),
            esc(&c.justification),
            esc(&c.status),
            esc(&c.owner)
        );
    }
    o.push_str("</tbody></table></section>\n");

    // Reviews and audits.
    o.push_str("<section id=\"reviews\"><h2>Management reviews and internal audits</h2>");
    o.push_str(&timeline_svg(e));
    o.push_str(
        "<table id=\"events\"><thead><tr><th>Date</th><th>Kind</th><th>Id</th><th>Title</th></tr></thead><tbody>",
    );
    for ev in &e.timeline {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&ev.date),
            if ev.kind == "review" {
                "management review"
            } else if ev.planned {
                "internal audit (planned)"
            } else {
                "internal audit"
            },
            esc(&ev.id),
            esc(&ev.title)
        );
    }
    o.push_str("</tbody></table></section>\n");

    // Open items.
    o.push_str("<section id=\"open\"><h2>Open nonconformities and overdue actions</h2>");
    if e.open.is_empty() {
        o.push_str("<p>None: every nonconformity is closed and no action is past its due date.</p>");
    } else {
        o.push_str("<table id=\"open-items\"><thead><tr><th>Register</th><th>Id</th><th>Title</th><th>Owner</th><th>Due</th><th>Status</th></tr></thead><tbody>");
        for i in &e.open {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td{}>{}{}</td><td>{}</td></tr>",
                esc(&i.register),
                esc(&i.id),
                esc(&i.title),
                esc(&i.owner),
                if i.overdue { " class=\"fail\"" } else { "" },
                esc(&i.due_on),
                if i.overdue { " (overdue)" } else { "" },
                esc(&i.status)
            );
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>\n");

    // Training.
    o.push_str("<section id=\"training\"><h2>Training coverage</h2><table id=\"teams\"><thead><tr><th>Team</th><th>Active people</th><th>Awareness current</th><th>Privileged</th><th>Role-specific current</th></tr></thead><tbody>");
    for t in &e.teams {
        let _ = write!(
            o,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} ({})</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&t.team),
            t.people,
            t.aware,
            percent(t.aware, t.people),
            t.privileged,
            if t.privileged > 0 {
                format!("{} ({})", t.role_trained, percent(t.role_trained, t.privileged))
            } else {
                "—".into()
            }
        );
    }
    let _ = write!(
        o,
        "</tbody></table></section>\n<footer class=\"muted\"><p>{}</p></footer></body></html>\n",
        esc(&cited(e))
    );
    o
}

fn percent(part: usize, whole: usize) -> String {
    (part * 100)
        .checked_div(whole)
        .map_or_else(|| "—".into(), |p| format!("{p}%"))
}

/// Escapes text for a GFM table cell (or running text): no HTML, no pipes,
/// no line breaks.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The report as GitHub-flavoured Markdown: headings, lists and tables; the
/// heat maps as tables of counts.
pub fn markdown(e: &Evidence) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# ISMS evidence pack — {}\n", md(&e.organisation));
    if let Some(scope) = &e.scope {
        let _ = writeln!(o, "**Scope:** {}\n", md(scope));
    }
    let _ = writeln!(o, "{}\n", md(&cited(e)));

    let _ = writeln!(o, "## Status\n");
    let _ = writeln!(
        o,
        "The gate is **{}**: {} errors, {} warnings, {} waived; {} files checked against {} rules.\n",
        status_word(e),
        e.errors,
        e.warnings,
        e.waived,
        e.files,
        e.duties.len()
    );
    let _ = writeln!(
        o,
        "### Findings by clause\n\n| Clause | Errors | Warnings | Waived |\n|---|---:|---:|---:|"
    );
    for c in &e.clauses {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |",
            md(&c.clause),
            c.errors,
            c.warnings,
            c.waived
        );
    }
    let _ = writeln!(
        o,
        "\n### Duties of the rule pack\n\n| Rule | Duty | Clauses | Status | Findings |\n|---|---|---|---|---:|"
    );
    for d in &e.duties {
        let _ = writeln!(
            o,
            "| `{}` | {} | {} | {} | {} |",
            d.id,
            md(&d.title),
            md(&d.clauses.join(", ")),
            if d.status == "pass" {
                "pass".to_string()
            } else {
                format!("**{}**", d.status)
            },
            d.findings
        );
    }

    let _ = writeln!(o, "\n## Approval trail of governed documents\n");
    match &e.provenance.no_trail {
        Some(why) => {
            let _ = writeln!(o, "{}", md(why));
        }
        None => {
            let _ = writeln!(
                o,
                "Every version of every governed file {}, each judged by the configuration of its parent commit; keys are the SHA-256 fingerprints verified against isms.toml.\n",
                match &e.trust_root {
                    Some(root) => format!("since the trust root `{}`", short(root)),
                    None => "since the first commit".into(),
                }
            );
            let _ = writeln!(
                o,
                "| Document | Version | Change | Author | Approved by (role) | Key | Approving commit | Verdict |\n|---|---:|---|---|---|---|---|---|"
            );
            for t in &e.trail {
                let who: Vec<String> = t
                    .approvals
                    .iter()
                    .map(|a| format!("{} ({})", md(&a.name), md(&a.roles.join(", "))))
                    .collect();
                let keys: Vec<String> = t.approvals.iter().map(|a| format!("`{}`", a.key)).collect();
                let commits: Vec<String> = t.approvals.iter().map(|a| format!("`{}`", short(&a.commit))).collect();
                let _ = writeln!(
                    o,
                    "| `{}` | {} | `{}` {} {} | {} | {} | {} | {} | {} |",
                    t.path.replace('|', "\\|"),
                    t.version,
                    short(&t.commit),
                    md(&t.date),
                    md(&t.summary),
                    md(&t.author),
                    if who.is_empty() { "—".into() } else { who.join("; ") },
                    keys.join("; "),
                    commits.join("; "),
                    if t.approved { "approved" } else { "**not approved**" }
                );
            }
            if !e.baseline.is_empty() {
                let _ = writeln!(
                    o,
                    "\nUnchanged since the trust root (its approved baseline): {}",
                    e.baseline
                        .iter()
                        .map(|b| format!("`{b}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
    }

    let _ = writeln!(
        o,
        "\n## Risk register\n\n{} risks on a {}×{} likelihood × impact scale; residual scores above {} need formal acceptance.\n",
        e.risks.len(),
        e.scale,
        e.scale,
        e.threshold
    );
    for residual in [false, true] {
        let cells = heat(&e.risks, e.scale, residual);
        let _ = writeln!(
            o,
            "### {} heat map (risks per cell; impact down the side, likelihood across)\n",
            if residual { "Residual" } else { "Inherent" }
        );
        let mut header = String::from("| impact ↓ likelihood → |");
        let mut rule = String::from("|---|");
        for l in 1..=e.scale {
            let _ = write!(header, " {l} |");
            rule.push_str("---:|");
        }
        let _ = writeln!(o, "{header}\n{rule}");
        for i in (1..=e.scale).rev() {
            let _ = write!(o, "| **{i}** |");
            for l in 1..=e.scale {
                match cells.get(&(l, i)) {
                    Some(n) => {
                        let _ = write!(o, " {n} |");
                    }
                    None => o.push_str(" · |"),
                }
            }
            o.push('\n');
        }
        o.push('\n');
    }
    let _ = writeln!(
        o,
        "### Acceptances\n\n| Risk | Residual | Accepted by | On | Expires |\n|---|---:|---|---|---|"
    );
    for r in e.risks.iter().filter(|r| !r.accepted_by.is_empty()) {
        let _ = writeln!(
            o,
            "| {} {} | {} | {} | {} | {} |",
            md(&r.id),
            md(&r.title),
            r.residual.map_or(String::new(), |(l, i)| (l * i).to_string()),
            md(&r.accepted_by),
            md(&r.accepted_on),
            md(&r.expires)
        );
    }
    let _ = writeln!(
        o,
        "\n### All risks\n\n| Risk | Owner | Inherent | Treatment | Residual |\n|---|---|---|---|---|"
    );
    for r in &e.risks {
        let score = |p: Option<(u32, u32)>| {
            p.map_or(String::new(), |(l, i)| {
                format!("{l}×{i} = {} {}", l * i, band(&e.levels, l * i).unwrap_or(""))
            })
        };
        let _ = writeln!(
            o,
            "| {} {} | {} | {} | {} | {} |",
            md(&r.id),
            md(&r.title),
            md(&r.owner),
            score(r.inherent).trim_end(),
            md(&r.treatment),
            score(r.residual).trim_end()
        );
    }

    let applicable = e.soa.iter().filter(|c| c.applicable == Some(true)).count();
    let _ = writeln!(
        o,
        "\n## Statement of Applicability\n\n{} controls listed, {applicable} applicable.\n\n| Control | Applicable | Justification | Status | Owner |\n|---|---|---|---|---|",
        e.soa.len()
    );
    for c in &e.soa {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |",
            md(&c.control),
            yes_no(c.applicable),
            md(&c.justification),
            md(&c.status),
            md(&c.owner)
        );
    }

    let _ = writeln!(
        o,
        "\n## Management reviews and internal audits\n\n| Date | Kind | Id | Title |\n|---|---|---|---|"
    );
    for ev in &e.timeline {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |",
            md(&ev.date),
            if ev.kind == "review" {
                "management review"
            } else if ev.planned {
                "internal audit (planned)"
            } else {
                "internal audit"
            },
            md(&ev.id),
            md(&ev.title)
        );
    }

    let _ = writeln!(o, "\n## Open nonconformities and overdue actions\n");
    if e.open.is_empty() {
        let _ = writeln!(
            o,
            "None: every nonconformity is closed and no action is past its due date."
        );
    } else {
        let _ = writeln!(
            o,
            "| Register | Id | Title | Owner | Due | Status |\n|---|---|---|---|---|---|"
        );
        for i in &e.open {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {}{} | {} |",
                md(&i.register),
                md(&i.id),
                md(&i.title),
                md(&i.owner),
                md(&i.due_on),
                if i.overdue { " **(overdue)**" } else { "" },
                md(&i.status)
            );
        }
    }

    let _ = writeln!(
        o,
        "\n## Training coverage\n\n| Team | Active people | Awareness current | Privileged | Role-specific current |\n|---|---:|---:|---:|---:|"
    );
    for t in &e.teams {
        let _ = writeln!(
            o,
            "| {} | {} | {} ({}) | {} | {} |",
            md(&t.team),
            t.people,
            t.aware,
            percent(t.aware, t.people),
            t.privileged,
            if t.privileged > 0 {
                format!("{} ({})", t.role_trained, percent(t.role_trained, t.privileged))
            } else {
                "—".into()
            }
        );
    }
    o
}
