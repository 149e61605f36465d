//! The built-in register kinds and their documented fields: the one table
//! that validation, column mapping, the input reference and the JSON Schema
//! of `isms.toml` all read.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The kind of a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegisterKind {
    Risks,
    Assets,
    Soa,
    Roles,
    Training,
    Audits,
    #[serde(alias = "nonconformities")] // also in RegisterKind::OTHER_NAMES
    Findings,
    Changes,
    Incidents,
    Objectives,
    Budget,
    Improvements,
    Reviews,
    /// A register of documents (a master list, a GRC tool's policy
    /// export): documents known only there are read as documents.
    Documents,
    /// A register of suppliers (A.5.19–A.5.22): who provides what, how
    /// critical they are, whether their agreement has security clauses,
    /// and when they were last and are next assessed.
    Suppliers,
}

/// The JSON Schema of a kind: every name `kind` takes, the other spellings
/// serde accepts included (tests/schema.rs holds the two to each other).
impl JsonSchema for RegisterKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RegisterKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = RegisterKind::ALL
            .iter()
            .map(|k| k.name())
            .chain(RegisterKind::OTHER_NAMES.iter().map(|(name, _)| *name))
            .collect();
        schemars::json_schema!({
            "description": "The kind of a register.",
            "type": "string",
            "enum": names,
        })
    }
}

/// The type of a register field, and how its text is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Integer,
    Number,
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM-DD`, optionally followed by `THH:MM[:SS]` or ` HH:MM[:SS]`
    /// and an offset.
    DateTime,
    /// One of the listed values; aliases map onto them (`alias=value`).
    Enum(&'static [&'static str]),
    /// A list of free-text values (in CSV: separated by `;` or `,`).
    List,
    /// One Annex A control id, normalised.
    Control,
    /// A list of Annex A control ids, normalised.
    Controls,
    /// A person or a role (id, name or e-mail).
    Ref,
    /// A list of people or roles.
    Refs,
}

impl FieldType {
    pub fn describe(&self) -> String {
        match self {
            FieldType::Text => "text".into(),
            FieldType::Integer => "integer".into(),
            FieldType::Number => "number".into(),
            FieldType::Bool => "boolean".into(),
            FieldType::Date => "date (YYYY-MM-DD)".into(),
            FieldType::DateTime => "date-time (YYYY-MM-DDTHH:MM)".into(),
            FieldType::Enum(values) => {
                let names: Vec<&str> = values.iter().filter(|v| !v.contains('=')).copied().collect();
                format!("one of: {}", names.join(", "))
            }
            FieldType::List => "list of text".into(),
            FieldType::Control => "Annex A control id".into(),
            FieldType::Controls => "list of Annex A control ids".into(),
            FieldType::Ref => "person or role".into(),
            FieldType::Refs => "list of people or roles".into(),
        }
    }
}

/// One documented field of a register kind.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
    pub doc: &'static str,
    /// The organisation's own vocabulary is as good as the listed one
    /// (an asset type `Supplier`, a classification `customer-confidential`):
    /// a value outside the list is kept as written, not reported.
    pub open: bool,
}

const fn req(name: &'static str, ty: FieldType, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        required: true,
        doc,
        open: false,
    }
}

/// An optional field whose vocabulary the organisation may extend.
const fn own(name: &'static str, ty: FieldType, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        doc,
        open: true,
    }
}

const fn opt(name: &'static str, ty: FieldType, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        doc,
        open: false,
    }
}

use FieldType::*;

const LEVEL: FieldType = Enum(&[
    "low",
    "medium",
    "high",
    "very-high",
    "very high=very-high",
    "critical=very-high",
    "extreme=very-high",
    "severe=very-high",
    "significant=high",
    "moderate=medium",
    "med=medium",
    "minor=low",
    "negligible=low",
    "very low=low",
    "faible=low",
    "moyen=medium",
    "moyenne=medium",
    "élevé=high",
    "élevée=high",
    "très élevé=very-high",
    "critique=very-high",
    "niedrig=low",
    "gering=low",
    "mittel=medium",
    "hoch=high",
    "sehr hoch=very-high",
    "kritisch=very-high",
    "red=high",
    "amber=medium",
    "yellow=medium",
    "green=low",
    "rot=high",
    "gelb=medium",
    "grün=low",
    "rouge=high",
    "orange=medium",
    "vert=low",
    "rojo=high",
    "naranja=medium",
    "amarillo=medium",
    "verde=low",
]);
const TREATMENT: FieldType = Enum(&[
    "mitigate",
    "transfer",
    "avoid",
    "accept",
    "modify=mitigate",
    "reduce=mitigate",
    "share=transfer",
    "retain=accept",
    "treat=mitigate",
    "mitigation=mitigate",
    "tolerate=accept",
    "terminate=avoid",
    "réduire=mitigate",
    "atténuer=mitigate",
    "accepter=accept",
    "transférer=transfer",
    "partager=transfer",
    "éviter=avoid",
    "reduzieren=mitigate",
    "mindern=mitigate",
    "akzeptieren=accept",
    "tragen=accept",
    "übertragen=transfer",
    "vermeiden=avoid",
]);

const RISKS: &[Field] = &[
    req("id", Text, "Unique risk id, e.g. `R-001`."),
    req("title", Text, "Short statement of the risk."),
    opt("description", Text, "Cause, event and consequence."),
    req("owner", Ref, "The risk owner: a person or a role (6.1.2 c)."),
    opt("assets", List, "Ids of the assets the risk concerns."),
    opt("threat", Text, "The threat."),
    opt("vulnerability", Text, "The vulnerability exploited."),
    req("likelihood", Integer, "Inherent likelihood on the configured scale."),
    req("impact", Integer, "Inherent impact on the configured scale."),
    opt("score", Integer, "Inherent score; must equal likelihood × impact."),
    opt("level", LEVEL, "Inherent level band."),
    opt("treatment", TREATMENT, "Treatment option (6.1.3)."),
    opt(
        "treatment_plan",
        Text,
        "The treatment in words (`Reduce: MFA for all admins`, `Accept: cost exceeds loss`): its first word gives the option when `treatment` is not recorded (6.1.3 e).",
    ),
    opt("treatment_due", Date, "When the planned treatment is to be done."),
    opt("controls", Controls, "Annex A controls the treatment relies on."),
    opt("residual_likelihood", Integer, "Likelihood after treatment."),
    opt("residual_impact", Integer, "Impact after treatment."),
    opt(
        "residual_score",
        Integer,
        "Residual score; must equal residual likelihood × impact.",
    ),
    opt(
        "residual_level",
        LEVEL,
        "Residual level band (for registers that rate residual risk by level).",
    ),
    opt("accepted_by", Ref, "Who accepted the residual risk."),
    opt("accepted_on", Date, "When the residual risk was accepted."),
    opt("acceptance_expires", Date, "When the acceptance lapses."),
    opt(
        "status",
        Enum(&[
            "open",
            "treated",
            "accepted",
            "closed",
            "in-treatment=treated",
            "treating=treated",
            "complete=treated",
            "completed=treated",
            "done=treated",
            "implemented=treated",
            "not-started=open",
            "new=open",
            "identified=open",
            "in-progress=treated",
            "ongoing=treated",
            "underway=treated",
            "mitigated=treated",
            "monitoring=open",
            "monitored=open",
            "watch=open",
            "watching=open",
            "ouvert=open",
            "clos=closed",
            "fermé=closed",
            "traité=treated",
            "en traitement=treated",
            "en cours=treated",
            "accepté=accepted",
            "offen=open",
            "geschlossen=closed",
            "behandelt=treated",
            "akzeptiert=accepted",
        ]),
        "Where the risk stands.",
    ),
    opt("last_reviewed", Date, "Date of the last review of the risk."),
    opt("next_review", Date, "Date of the next planned review."),
];

const ASSETS: &[Field] = &[
    req("id", Text, "Unique asset id, e.g. `AS-001`."),
    req("name", Text, "Name of the asset."),
    own(
        "type",
        Enum(&[
            "information",
            "software",
            "hardware",
            "service",
            "people",
            "site",
            "other",
            "data=information",
            "information system=software",
            "application=software",
            "system=software",
            "saas=service",
            "cloud service=service",
            "device=hardware",
            "equipment=hardware",
            "premises=site",
            "facility=site",
            "document=information",
            "records=information",
            "personnel=people",
            "staff=people",
        ]),
        "Kind of asset (the organisation's own kinds are kept as written).",
    ),
    req("owner", Ref, "The asset owner: a person or a role (A.5.9)."),
    own(
        "classification",
        Enum(&["public", "internal", "confidential", "restricted"]),
        "Classification (A.5.12), in the organisation's own scheme where it has one.",
    ),
    own(
        "criticality",
        Enum(&[
            "low",
            "medium",
            "high",
            "critical",
            "yes=critical",
            "true=critical",
            "no=low",
            "false=low",
            "tier 1=critical",
            "tier 2=high",
            "tier 3=medium",
        ]),
        "Business criticality (`critical`, or yes in a column of critical assets).",
    ),
    opt("location", Text, "Where it is kept or hosted."),
    opt("status", Enum(&["active", "retired", "planned"]), "Life-cycle status."),
];

const SOA: &[Field] = &[
    req("id", Control, "The Annex A control, e.g. `A.5.1`."),
    opt("title", Text, "A short title in the organisation's own words."),
    req("applicable", Bool, "Whether the control is applicable (6.1.3 d)."),
    opt("justification", Text, "Why it is included or excluded."),
    opt(
        "status",
        Enum(&[
            "not-started",
            "planned",
            "partial",
            "implemented",
            "not-applicable",
            "in-progress=partial",
            "partly=partial",
            "partially=partial",
            "partially implemented=partial",
            "yes=implemented",
            "in place=implemented",
            "complete=implemented",
            "no=not-started",
            "not implemented=not-started",
            "n/a=not-applicable",
            "not applicable=not-applicable",
            "excluded=not-applicable",
            "out of scope=not-applicable",
            "mis en œuvre=implemented",
            "mis en oeuvre=implemented",
            "implémenté=implemented",
            "en place=implemented",
            "partiel=partial",
            "partielle=partial",
            "partiellement mis en œuvre=partial",
            "parcial=partial",
            "partiellement=partial",
            "planifié=planned",
            "prévu=planned",
            "non applicable=not-applicable",
            "umgesetzt=implemented",
            "teilweise=partial",
            "teilweise umgesetzt=partial",
            "geplant=planned",
            "nicht umgesetzt=not-started",
            "nicht anwendbar=not-applicable",
        ]),
        "Implementation status.",
    ),
    opt("owner", Ref, "Control owner: a person or a role."),
    opt("evidence", Text, "Where the evidence of operation is."),
    opt("last_reviewed", Date, "Date of the last review."),
];

const ROLES: &[Field] = &[
    req("id", Text, "Role id, as used in `isms.toml`."),
    req("title", Text, "Role title."),
    opt("responsibilities", Text, "Responsibilities and authorities (5.3)."),
    opt("holders", Refs, "People holding the role."),
    opt("reports_to", Ref, "The role or person it reports to."),
];

const TRAINING: &[Field] = &[
    req("id", Text, "Unique record id."),
    req("person", Ref, "Who was trained."),
    req("course", Text, "Course or session."),
    opt(
        "type",
        Enum(&[
            "awareness",
            "role-specific",
            "onboarding",
            "exercise",
            "acknowledgement",
            "communication",
            "acknowledgment=acknowledgement",
        ]),
        "Kind of training (7.2, 7.3); `acknowledgement` and `communication` record that a document was read or communicated (5.2).",
    ),
    opt(
        "document",
        Text,
        "Id of the document acknowledged or communicated, e.g. `POL-001`.",
    ),
    opt(
        "completed_on",
        Date,
        "Completion date; absent for training assigned but not done yet (a log's open rows).",
    ),
    opt("expires", Date, "When it must be repeated."),
    opt("evidence", Text, "Attendance log, certificate or LMS record."),
];

const AUDITS: &[Field] = &[
    req("id", Text, "Unique audit id."),
    req("title", Text, "Audit title."),
    opt("scope", Text, "Processes, clauses or sites audited."),
    opt("area", Ref, "The role or person owning the audited area."),
    opt(
        "auditor",
        Ref,
        "Lead auditor (9.2.2); an internal audit names one (ISMS-AUD-001).",
    ),
    opt(
        "type",
        Enum(&[
            "internal",
            "external",
            "certification=external",
            "surveillance=external",
            "supplier",
            "second-party=supplier",
            "internal audit=internal",
            "audit=internal",
            "external audit=external",
        ]),
        "Internal (9.2), or an external audit (certification body, customer, supplier).",
    ),
    opt("planned_on", Date, "Planned date."),
    opt("performed_on", Date, "Date performed."),
    opt(
        "status",
        Enum(&[
            "planned",
            "in-progress",
            "completed",
            "cancelled",
            "complete=completed",
            "done=completed",
            "performed=completed",
            "scheduled=planned",
            "not-started=planned",
            "booked=planned",
            "postponed=planned",
            "deferred=planned",
            "underway=in-progress",
            "ongoing=in-progress",
            "canceled=cancelled",
        ]),
        "Audit status.",
    ),
    opt("report", Text, "Path or reference of the report."),
];

const FINDINGS: &[Field] = &[
    req("id", Text, "Unique finding id."),
    req("title", Text, "What was found."),
    own(
        "source",
        // Where findings come from is the organisation's own list
        // (`DSPT self-assessment`, `customer audit`).
        Enum(&[
            "internal-audit",
            "external-audit",
            "incident",
            "review",
            "self-identified",
            "other",
        ]),
        "Where it came from.",
    ),
    opt("audit", Text, "Id of the audit that raised it."),
    opt(
        "type",
        Enum(&[
            "major",
            "minor",
            "observation",
            "opportunity",
            "ofi=opportunity",
            "major nonconformity=major",
            "minor nonconformity=minor",
            "opportunity for improvement=opportunity",
            "major nc=major",
            "minor nc=minor",
            "nc majeure=major",
            "nc mineure=minor",
            "non-conformité majeure=major",
            "non-conformité mineure=minor",
            "recommendation=opportunity",
            "improvement=opportunity",
            "remark=observation",
        ]),
        "Grading.",
    ),
    req("owner", Ref, "Who owns the corrective action."),
    opt(
        "raised_on",
        Date,
        "When it was raised (the audit's date stands for it when the findings are listed in its report).",
    ),
    opt("due_on", Date, "Due date of the corrective action."),
    opt(
        "status",
        Enum(&[
            "open",
            "in-progress",
            "closed",
            "close=closed",
            "done=closed",
            "resolved=closed",
            "completed=closed",
            "complete=closed",
            "noted=closed",
            "accepted=open",
            "ongoing=in-progress",
            "not-started=open",
            "new=open",
            "planned=open",
            "clos=closed",
            "clôturé=closed",
            "ouvert=open",
            "en cours=in-progress",
        ]),
        "Status (10.2).",
    ),
    opt("root_cause", Text, "Root cause analysis."),
    opt("corrective_action", Text, "The corrective action taken."),
    opt("closed_on", Date, "Closure date."),
    opt("verified_by", Ref, "Who checked the effectiveness."),
    opt("verified_on", Date, "When effectiveness was checked."),
    opt(
        "verified",
        Bool,
        "Whether the effectiveness of the action was checked (an export's yes/no for it).",
    ),
];

const CHANGES: &[Field] = &[
    req("id", Text, "Unique change id."),
    req("title", Text, "What changes."),
    opt(
        "category",
        Enum(&["standard", "normal", "emergency", "architectural"]),
        "Change category.",
    ),
    opt(
        "significant",
        Bool,
        "Whether the change is significant to the ISMS (6.3).",
    ),
    opt("requested_by", Ref, "Requester."),
    opt("implemented_by", Ref, "Implementer."),
    opt("approved_by", Ref, "Approver (A.8.32)."),
    opt("approved_on", Date, "Approval date."),
    opt("impact_assessment", Text, "Security impact assessment."),
    opt("backout_plan", Text, "Back-out plan."),
    opt(
        "status",
        Enum(&["proposed", "approved", "implemented", "rejected", "rolled-back"]),
        "Status.",
    ),
    opt("implemented_on", Date, "Implementation date."),
];

const INCIDENTS: &[Field] = &[
    req("id", Text, "Unique incident id."),
    req("title", Text, "Summary."),
    req(
        "severity",
        Enum(&[
            "low",
            "medium",
            "high",
            "critical",
            "minor=low",
            "moderate=medium",
            "major=high",
            "severe=critical",
            "p1=critical",
            "p2=high",
            "p3=medium",
            "p4=low",
            "sev1=critical",
            "sev2=high",
            "sev3=medium",
            "sev4=low",
            "sev 1=critical",
            "sev 2=high",
            "sev 3=medium",
            "sev 4=low",
            "s1=critical",
            "s2=high",
            "s3=medium",
            "s4=low",
            "sev-1=critical",
            "sev-2=high",
            "sev-3=medium",
            "sev-4=low",
        ]),
        "Severity (A.5.25).",
    ),
    opt(
        "type",
        Enum(&["incident", "exercise", "near-miss"]),
        "A real incident, an exercise or a near miss.",
    ),
    req("detected_at", DateTime, "When it was detected."),
    opt(
        "reported_at",
        DateTime,
        "When it was reported to the security function.",
    ),
    opt("root_cause", Text, "What caused it, as the review found (A.5.27)."),
    opt("escalated_at", DateTime, "When management was informed."),
    opt("escalated_to", Ref, "Who it was escalated to."),
    opt(
        "notified_at",
        DateTime,
        "When external parties were notified, if required.",
    ),
    opt(
        "status",
        Enum(&[
            "open",
            "contained",
            "resolved",
            "closed",
            "in-progress=open",
            "investigating=open",
            "under-investigation=open",
            "investigation=open",
            "reported=open",
            "triage=open",
            "triaged=open",
            "ongoing=open",
            "active=open",
            "new=open",
            "monitoring=contained",
            "mitigated=contained",
            "remediated=resolved",
            "fixed=resolved",
            "complete=closed",
            "completed=closed",
            "done=closed",
        ]),
        "Status.",
    ),
    opt("closed_on", Date, "When it was closed."),
    opt("post_incident_report", Text, "Reference of the post-incident report."),
    opt("lessons_learned", Text, "Lessons learned (A.5.27)."),
];

const OBJECTIVES: &[Field] = &[
    req("id", Text, "Unique objective id."),
    req("title", Text, "The objective (6.2)."),
    req("owner", Ref, "Who is responsible."),
    opt("measure", Text, "How it is measured."),
    opt("target", Text, "Target value."),
    opt("due_on", Date, "When it is to be achieved."),
    opt(
        "status",
        Enum(&[
            "planned",
            "on-track",
            "at-risk",
            "achieved",
            "missed",
            "in-progress=on-track",
            "ongoing=on-track",
            "not-started=planned",
            "done=achieved",
            "complete=achieved",
            "completed=achieved",
            "met=achieved",
            "not met=missed",
            "behind=at-risk",
            "off-track=at-risk",
        ]),
        "Where it stands; progress as a count (`2 of 3 met`, `88%`) is achieved when complete, else on track.",
    ),
];

const BUDGET: &[Field] = &[
    req("id", Text, "Unique budget line id."),
    req("item", Text, "What the money is for (7.1)."),
    req("period", Text, "Budget period, e.g. `2026` or `2026-H1`."),
    opt("amount", Number, "Amount."),
    opt("currency", Text, "Currency code."),
    opt("approved_by", Ref, "Who approved it."),
    opt("approved_on", Date, "Approval date."),
];

const IMPROVEMENTS: &[Field] = &[
    req("id", Text, "Unique improvement id."),
    req("title", Text, "The improvement (10.1)."),
    req("owner", Ref, "Who is responsible."),
    opt("source", Text, "Where the idea came from."),
    opt("raised_on", Date, "When it was raised."),
    opt("due_on", Date, "Target date."),
    opt(
        "status",
        Enum(&[
            "open",
            "in-progress",
            "done",
            "cancelled",
            "not-started=open",
            "ongoing=in-progress",
            "complete=done",
            "completed=done",
            "closed=done",
        ]),
        "Status.",
    ),
    opt("measure", Text, "How success is measured."),
];

const REVIEWS: &[Field] = &[
    req("id", Text, "Unique review id."),
    req("held_on", Date, "Date of the management review (9.3)."),
    opt("chair", Ref, "Who chaired it."),
    opt("attendees", Refs, "Who attended."),
    opt("minutes", Text, "Id or path of the minutes document."),
    opt("inputs", List, "The 9.3.2 inputs covered."),
    opt("decisions", Text, "Decisions taken (9.3.3)."),
    opt("actions", List, "Ids of the actions raised."),
    opt("next_review", Date, "Planned date of the next review."),
];

/// The documents register: a document's control, one record each.
const DOCUMENTS: &[Field] = &[
    req("id", Text, "Document id, e.g. `POL-006`."),
    req("title", Text, "Document title."),
    own(
        "type",
        DOCUMENT_TYPE,
        "Document type (as in front matter); a type of the organisation's own is kept, the document read as its title says.",
    ),
    opt("owner", Ref, "Document owner."),
    opt("status", DOCUMENT_STATUS, "Approval status."),
    opt("version", Text, "Version label."),
    opt("approved_by", Ref, "Who approved this version."),
    opt("approved_on", Date, "When this version was approved."),
    opt("next_review", Date, "When it is next due for review."),
    own(
        "classification",
        CLASSIFICATION,
        "Classification, in the organisation's own scheme where it has one.",
    ),
    opt(
        "path",
        Text,
        "The document's file in the repository, when it has one (its own metadata is read there).",
    ),
];

/// The suppliers register: one record per supplier (A.5.19–A.5.22).
const SUPPLIERS: &[Field] = &[
    req(
        "id",
        Text,
        "Unique supplier id, e.g. `SUP-001`; a register without ids knows its suppliers by their line.",
    ),
    req("name", Text, "The supplier's name."),
    opt("service", Text, "What the supplier provides (A.5.19)."),
    own(
        "criticality",
        Enum(&[
            "low",
            "medium",
            "high",
            "critical",
            "tier 1=critical",
            "tier 2=high",
            "tier 3=medium",
            "tier 4=low",
            "tier1=critical",
            "tier2=high",
            "tier3=medium",
            "tier4=low",
            "very high=critical",
            "very-high=critical",
            "key=critical",
            "strategic=critical",
            "essential=critical",
            "significant=high",
            "important=high",
            "moderate=medium",
            "med=medium",
            "minor=low",
            "negligible=low",
            "yes=critical",
            "no=low",
            "faible=low",
            "moyenne=medium",
            "moyen=medium",
            "élevée=high",
            "élevé=high",
            "critique=critical",
            "niedrig=low",
            "mittel=medium",
            "hoch=high",
            "kritisch=critical",
        ]),
        "How much the organisation depends on the supplier (a tiering of its own is kept as written); `high` and `critical` suppliers need security clauses in their agreement (A.5.20).",
    ),
    opt(
        "data",
        Text,
        "The information the supplier handles or processes (personal data, customer data, none).",
    ),
    opt("owner", Ref, "Who manages the relationship: a person or a role."),
    opt(
        "security_clauses",
        Bool,
        "Whether the agreement with the supplier states information security requirements (A.5.20).",
    ),
    opt(
        "last_assessed",
        Date,
        "When the supplier was last assessed or reviewed (A.5.22).",
    ),
    opt(
        "next_assessment",
        Date,
        "When the supplier is next to be assessed (A.5.22).",
    ),
    opt(
        "status",
        Enum(&[
            "active",
            "onboarding",
            "offboarded",
            "current=active",
            "approved=active",
            "live=active",
            "in use=active",
            "pending=onboarding",
            "proposed=onboarding",
            "under review=onboarding",
            "exited=offboarded",
            "terminated=offboarded",
            "ended=offboarded",
            "former=offboarded",
            "inactive=offboarded",
            "retired=offboarded",
            "off-boarded=offboarded",
        ]),
        "Where the relationship stands; an `offboarded` supplier is no longer checked.",
    ),
];

impl RegisterKind {
    /// Other names `kind` accepts, and the kind each means.
    pub const OTHER_NAMES: [(&'static str, RegisterKind); 1] = [("nonconformities", RegisterKind::Findings)];

    pub const ALL: [RegisterKind; 15] = [
        RegisterKind::Risks,
        RegisterKind::Assets,
        RegisterKind::Soa,
        RegisterKind::Roles,
        RegisterKind::Training,
        RegisterKind::Audits,
        RegisterKind::Findings,
        RegisterKind::Changes,
        RegisterKind::Incidents,
        RegisterKind::Objectives,
        RegisterKind::Budget,
        RegisterKind::Improvements,
        RegisterKind::Reviews,
        RegisterKind::Documents,
        RegisterKind::Suppliers,
    ];

    /// The statuses after which nothing more is due for a record of this
    /// kind (an objective `achieved` or `missed`, a nonconformity
    /// `closed`): the one vocabulary the evidence pack and the rules
    /// (`data.isms.vocabulary.finished`) both read. Empty for kinds whose
    /// records do not finish.
    pub fn finished(self) -> &'static [&'static str] {
        match self {
            RegisterKind::Risks => &["closed"],
            RegisterKind::Audits => &["completed", "cancelled"],
            RegisterKind::Findings => &["closed"],
            RegisterKind::Changes => &["implemented", "rejected", "rolled-back"],
            RegisterKind::Incidents => &["closed"],
            RegisterKind::Objectives => &["achieved", "missed"],
            RegisterKind::Improvements => &["done", "cancelled"],
            RegisterKind::Suppliers => &["offboarded"],
            _ => &[],
        }
    }

    /// The name used in `isms.toml` and in the Rego input.
    pub fn name(self) -> &'static str {
        match self {
            RegisterKind::Risks => "risks",
            RegisterKind::Assets => "assets",
            RegisterKind::Soa => "soa",
            RegisterKind::Roles => "roles",
            RegisterKind::Training => "training",
            RegisterKind::Audits => "audits",
            RegisterKind::Findings => "findings",
            RegisterKind::Changes => "changes",
            RegisterKind::Incidents => "incidents",
            RegisterKind::Objectives => "objectives",
            RegisterKind::Budget => "budget",
            RegisterKind::Improvements => "improvements",
            RegisterKind::Reviews => "reviews",
            RegisterKind::Documents => "documents",
            RegisterKind::Suppliers => "suppliers",
        }
    }

    /// The key of one record in TOML (`[[risk]]`), YAML and JSON files.
    pub fn item(self) -> &'static str {
        match self {
            RegisterKind::Risks => "risk",
            RegisterKind::Assets => "asset",
            RegisterKind::Soa => "control",
            RegisterKind::Roles => "role",
            RegisterKind::Training => "training",
            RegisterKind::Audits => "audit",
            RegisterKind::Findings => "finding",
            RegisterKind::Changes => "change",
            RegisterKind::Incidents => "incident",
            RegisterKind::Objectives => "objective",
            RegisterKind::Budget => "line",
            RegisterKind::Improvements => "improvement",
            RegisterKind::Reviews => "review",
            RegisterKind::Documents => "document",
            RegisterKind::Suppliers => "supplier",
        }
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            RegisterKind::Risks => RISKS,
            RegisterKind::Assets => ASSETS,
            RegisterKind::Soa => SOA,
            RegisterKind::Roles => ROLES,
            RegisterKind::Training => TRAINING,
            RegisterKind::Audits => AUDITS,
            RegisterKind::Findings => FINDINGS,
            RegisterKind::Changes => CHANGES,
            RegisterKind::Incidents => INCIDENTS,
            RegisterKind::Objectives => OBJECTIVES,
            RegisterKind::Budget => BUDGET,
            RegisterKind::Improvements => IMPROVEMENTS,
            RegisterKind::Reviews => REVIEWS,
            RegisterKind::Documents => DOCUMENTS,
            RegisterKind::Suppliers => SUPPLIERS,
        }
    }

    pub fn field(self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.name == name)
    }
}

/// Front-matter fields of an ISMS document.
const DOCUMENT_TYPE: FieldType = Enum(&[
    "information-security-policy",
    "topic-specific-policy",
    "scope",
    "procedure",
    "standard",
    "plan",
    "minutes",
    "record",
    "other",
    "policy=topic-specific-policy",
]);

const DOCUMENT_STATUS: FieldType = Enum(&[
    "draft",
    "approved",
    "retired",
    "superseded",
    "active=approved",
    "published=approved",
    "current=approved",
    "in force=approved",
    "live=approved",
    "final=approved",
    "issued=approved",
    "effective=approved",
    "released=approved",
    "in review=draft",
    "under review=draft",
    "for review=draft",
    "proposed=draft",
    "archived=retired",
    "withdrawn=retired",
    "obsolete=retired",
    "deprecated=retired",
    "inactive=retired",
    "replaced=superseded",
]);

const CLASSIFICATION: FieldType = Enum(&["public", "internal", "confidential", "restricted"]);

pub const DOCUMENT_FIELDS: &[Field] = &[
    req("id", Text, "Unique document id, e.g. `POL-001`."),
    req("title", Text, "Document title."),
    req(
        "type",
        DOCUMENT_TYPE,
        "Document type; `information-security-policy` marks the top-level policy (5.2).",
    ),
    opt("owner", Ref, "Document owner: a person or a role."),
    // A note's own status (`closed` on an incident's note, `investigating`)
    // says what the note records, not an approval: kept as written.
    own(
        "status",
        DOCUMENT_STATUS,
        "Approval status (a status of the organisation's own is kept as written).",
    ),
    opt("version", Text, "Version label."),
    opt("approved_by", Ref, "Who approved this version."),
    opt("approved_on", Date, "When this version was approved."),
    opt("next_review", Date, "When it is next due for review."),
    opt(
        "last_reviewed",
        Date,
        "When it was last reviewed; with no `next_review`, the next review falls one review cycle later.",
    ),
    opt(
        "review_cycle",
        Text,
        "How often it is reviewed (`12 months`, `2 years`, `annual`); `rules.review_interval_months` when not said.",
    ),
    opt("controls", Controls, "Annex A controls the document implements."),
    own(
        "classification",
        CLASSIFICATION,
        "Classification, in the organisation's own scheme where it has one.",
    ),
];

/// `data.isms.vocabulary` for the rules: `finished.<register>` is
/// [`RegisterKind::finished`]; `fields.<register>` names the built-in
/// fields its records can hold (a record holds no other field at its top
/// level: extra columns are under `extra`), so that a rule looking for a
/// field in every register skips the registers that cannot have it.
pub fn vocabulary() -> serde_json::Value {
    let finished: serde_json::Map<String, serde_json::Value> = RegisterKind::ALL
        .iter()
        .map(|k| (k.name().to_string(), serde_json::json!(k.finished())))
        .collect();
    let fields: serde_json::Map<String, serde_json::Value> = RegisterKind::ALL
        .iter()
        .map(|k| {
            let names: Vec<&str> = k.fields().iter().map(|f| f.name).collect();
            (k.name().to_string(), serde_json::json!(names))
        })
        .collect();
    serde_json::json!({ "isms": { "vocabulary": { "finished": finished, "fields": fields } } })
}

#[cfg(test)]
mod vocabulary_tests {
    use super::*;

    /// Every finishing status is a status the register's field accepts, so
    /// the pack and the rules cannot speak of one that does not exist.
    #[test]
    fn finished_statuses_are_values_of_the_status_field() {
        for kind in RegisterKind::ALL {
            let Some(field) = kind.fields().iter().find(|f| f.name == "status") else {
                assert!(kind.finished().is_empty(), "{kind:?}");
                continue;
            };
            let FieldType::Enum(values) = field.ty else {
                panic!("{kind:?}: status is not an enumeration");
            };
            for s in kind.finished() {
                assert!(
                    values.iter().any(|v| v.split('=').next() == Some(*s)),
                    "{kind:?}: `{s}` is not a status"
                );
            }
        }
    }
}
