//! What the evidence pack holds, row by row: the plain data [`Evidence`]
//! gathered once and read by every section. No behaviour here.

use crate::findings::Severity;
use std::collections::BTreeMap;

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
    /// When an emergency declaration let this version through.
    pub emergency: Option<EmergencyRow>,
}

/// An emergency change: who declared it, why, when, and how it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmergencyRow {
    pub declarer: String,
    pub reason: String,
    pub declared: String,
    pub due: String,
    /// Approved by whom and when, waiting until the deadline, or overdue.
    pub standing: String,
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
