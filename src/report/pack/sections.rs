//! What the pack says, in order: each section's paragraphs, tables and
//! figures built from the [`Evidence`] once, for both renderings. A column
//! is added here and nowhere else.

use super::derived::{band, heat};
use super::doc::{Block, Cell, Doc, HeatMap, Inline, Section, Table, code, col, num, strong, text};
use super::performance::{audits, nonconformities, objectives, open, reviews, training};
use super::rows::{Evidence, TrailRow};
use crate::findings::Severity;
use crate::history::short_id;

pub(super) fn cited(e: &Evidence) -> String {
    let commit = match &e.provenance.commit {
        Some(c) if e.provenance.dirty => format!("commit {c} with uncommitted changes"),
        Some(c) => format!("commit {c}"),
        None => "a folder outside git (no commit)".into(),
    };
    format!("Evaluated as of {} from {commit} by isms {}.", e.now, e.version)
}

pub(super) fn yes_no(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    }
}

/// The colours of the level bands, from the lowest band to the highest.
pub(super) const BAND_COLOURS: [&str; 5] = ["#2e7d32", "#9e9d24", "#ef6c00", "#c62828", "#6a1b9a"];

/// A governed file's current verdict: who approved it with which key, or
/// why it stands.
pub(super) fn verdict(verified: Option<&TrailRow>, baseline: bool) -> Cell {
    match verified {
        Some(t) if t.approved => Cell::lines(t.approvals.iter().map(|a| {
            vec![
                text(format!("version {} approved by {} with ", t.version, a.name)),
                code(&a.key),
                text(" in "),
                code(short_id(&a.commit)),
            ]
        }))
        .marked("pass"),
        Some(t) => Cell::new(vec![text(format!(
            "version {} ({} {}) not approved",
            t.version,
            short_id(&t.commit),
            t.date
        ))])
        .marked("fail"),
        None if baseline => Cell::of("unchanged since the trust root (approved baseline)"),
        None => Cell::of("not governed by an approval rule"),
    }
}

/// The whole pack.
pub fn document(e: &Evidence) -> Doc {
    let mut lead = Vec::new();
    match &e.scope {
        // A template's instruction is not a scope: it is never printed
        // as if it were one (ISMS-DOC-003 names it among the findings).
        Some(scope) if crate::workspace::meaning::is_prompt(scope) => lead.push(Block::Para(vec![
            strong("Scope:"),
            text(" not written yet: the scope in isms.toml is still a template's instruction (ISMS-DOC-003)"),
        ])),
        Some(scope) => lead.push(Block::Para(vec![strong("Scope:"), text(format!(" {scope}"))])),
        None => {}
    }
    lead.push(Block::Para(vec![text(cited(e))]));
    Doc {
        title: format!("ISMS evidence pack — {}", e.organisation),
        lead,
        sections: vec![
            status(e),
            findings(e),
            documents(e),
            approvals(e),
            emergencies(e),
            risks(e),
            soa(e),
            objectives(e),
            reviews(e),
            audits(e),
            nonconformities(e),
            open(e),
            training(e),
        ],
        footer: cited(e),
        generator: format!("isms {}", e.version),
    }
}

fn status(e: &Evidence) -> Section {
    let clauses = Table {
        id: "clauses",
        columns: vec![
            col("Clause"),
            num("Rules"),
            num("Errors"),
            num("Warnings"),
            num("Waived"),
            col("Note"),
        ],
        rows: e
            .clauses
            .iter()
            .map(|c| {
                vec![
                    Cell::of(&c.clause),
                    Cell::num(c.rules),
                    Cell::num(c.errors),
                    Cell::num(c.warnings),
                    Cell::num(c.waived),
                    if c.rules == 0 {
                        Cell::of("no rule evidences this clause: show it by other means").marked("warn")
                    } else {
                        Cell::of("")
                    },
                ]
            })
            .collect(),
        empty: "",
    };
    let duties = Table {
        id: "duties",
        columns: vec![col("Rule"), col("Duty"), col("Clauses"), col("Status"), num("Findings")],
        rows: e
            .duties
            .iter()
            .map(|d| {
                vec![
                    Cell::code(&d.id),
                    Cell::of(&d.title),
                    Cell::of(d.clauses.join(", ")),
                    Cell::of(d.status).marked(d.status),
                    Cell::num(d.findings),
                ]
            })
            .collect(),
        empty: "",
    };
    Section {
        id: "dashboard",
        title: "Status",
        blocks: vec![
            Block::Figures(vec![
                (
                    "the gate",
                    if e.errors > 0 { "failing" } else { "passing" }.into(),
                    Some(if e.errors > 0 { "fail" } else { "pass" }),
                ),
                ("errors", e.errors.to_string(), None),
                ("warnings", e.warnings.to_string(), None),
                ("waived", e.waived.to_string(), None),
                ("files checked", e.files.to_string(), None),
                ("rules", e.duties.len().to_string(), None),
            ]),
            Block::Heading("Findings by clause".into()),
            Block::Table(clauses),
            Block::Heading("Duties of the rule pack".into()),
            Block::Table(duties),
        ],
    }
}

fn findings(e: &Evidence) -> Section {
    let rows = e
        .findings
        .iter()
        .map(|f| {
            let (severity, mark) = match (&f.waiver, f.severity) {
                (Some(_), _) => ("waived", "waived"),
                (None, Severity::Error) => ("error", "fail"),
                (None, Severity::Warning) => ("warning", "warn"),
            };
            vec![
                Cell::of(severity).marked(mark),
                Cell::code(&f.rule),
                Cell::of(f.clauses.join(", ")),
                if f.place.is_empty() {
                    Cell::of("the ISMS as a whole")
                } else {
                    Cell::code(&f.place)
                },
                Cell::of(&f.message),
                match &f.waiver {
                    Some((reason, by, expires)) => Cell::of(format!("{reason} — approved by {by}, expires {expires}")),
                    None => Cell::of(""),
                },
            ]
        })
        .collect();
    Section {
        id: "findings",
        title: "Findings",
        blocks: vec![
            Block::Para(vec![text(
                "Every finding of the check, waived ones included with their waiver: the reason, who approved it and when it expires.",
            )]),
            Block::Table(Table {
                id: "findings-table",
                columns: vec![
                    col("Severity"),
                    col("Rule"),
                    col("Clauses"),
                    col("Where"),
                    col("Finding"),
                    col("Waiver"),
                ],
                rows,
                empty: "None: the ISMS meets every rule.",
            }),
        ],
    }
}

fn documents(e: &Evidence) -> Section {
    let rows = e
        .documents
        .iter()
        .map(|d| {
            vec![
                Cell::of(&d.id),
                Cell::new(vec![
                    text(if d.title.is_empty() { "—" } else { &d.title }),
                    Inline::Break,
                    code(&d.path),
                ]),
                Cell::of(&d.kind),
                Cell::of(&d.owner),
                Cell::of(&d.version),
                Cell::of(&d.status),
                Cell::of(&d.approved_by),
                Cell::of(&d.approved_on),
                Cell::of(&d.next_review),
                verdict(d.verified.as_ref(), d.baseline),
            ]
        })
        .collect();
    Section {
        id: "documents",
        title: "Documented information",
        blocks: vec![
            Block::Para(vec![text(format!(
                "{} documents with their owner, version, approval and next review as they state them; for governed files, the approval verified from history.",
                e.documents.len()
            ))]),
            Block::Table(Table {
                id: "document-register",
                columns: vec![
                    col("Id"),
                    col("Title"),
                    col("Type"),
                    col("Owner"),
                    col("Version"),
                    col("Status"),
                    col("Approved by"),
                    col("Approved on"),
                    col("Next review"),
                    col("Verified approval"),
                ],
                rows,
                empty: "No documents.",
            }),
        ],
    }
}

fn approvals(e: &Evidence) -> Section {
    let mut blocks = Vec::new();
    match &e.provenance.no_trail {
        Some(why) => blocks.push(Block::Para(vec![text(why)])),
        None => {
            blocks.push(Block::Para(vec![text(format!(
                "Every version of every governed file {}, each judged by the configuration in force; keys are the SHA-256 fingerprints verified against isms.toml.",
                match &e.trust_root {
                    Some(root) => format!("since the trust root {}", short_id(root)),
                    None => "since the first commit".into(),
                }
            ))]));
            let rows = e
                .trail
                .iter()
                .map(|t| {
                    vec![
                        Cell::code(&t.path),
                        Cell::num(t.version),
                        Cell::new(vec![
                            code(short_id(&t.commit)),
                            text(format!(" {} {}", t.date, t.summary)),
                        ]),
                        Cell::of(&t.author),
                        Cell::lines(
                            t.approvals
                                .iter()
                                .map(|a| vec![text(format!("{} ({})", a.name, a.roles.join(", ")))]),
                        ),
                        Cell::lines(t.approvals.iter().map(|a| vec![code(&a.key)])),
                        Cell::lines(t.approvals.iter().map(|a| vec![code(short_id(&a.commit))])),
                        if t.approved {
                            Cell::of("approved").marked("pass")
                        } else {
                            Cell::of("not approved").marked("fail")
                        },
                    ]
                })
                .collect();
            blocks.push(Block::Table(Table {
                id: "trail",
                columns: vec![
                    col("Document"),
                    num("Version"),
                    col("Change"),
                    col("Author"),
                    col("Approved by (role)"),
                    col("Key"),
                    col("Approving commit"),
                    col("Verdict"),
                ],
                rows,
                empty: "No governed file changed since the trust root.",
            }));
            if !e.baseline.is_empty() {
                let mut parts = vec![text("Unchanged since the trust root (its approved baseline): ")];
                for (k, b) in e.baseline.iter().enumerate() {
                    if k > 0 {
                        parts.push(text(", "));
                    }
                    parts.push(code(b));
                }
                blocks.push(Block::Para(parts));
            }
        }
    }
    Section {
        id: "approvals",
        title: "Approval trail of governed documents",
        blocks,
    }
}

/// Emergency changes: merged on a signed declaration, to be approved
/// within the deadline (A.8.32 asks that emergency changes be controlled
/// too).
fn emergencies(e: &Evidence) -> Section {
    let rows: Vec<Vec<Cell>> = e
        .trail
        .iter()
        .filter_map(|t| {
            let d = t.emergency.as_ref()?;
            let fine = t.approved;
            Some(vec![
                Cell::code(&t.path),
                Cell::new(vec![
                    code(short_id(&t.commit)),
                    text(format!(" {} {}", t.date, t.summary)),
                ]),
                Cell::of(&d.declarer),
                Cell::of(&d.reason),
                Cell::of(&d.declared),
                Cell::of(&d.due),
                if fine {
                    Cell::of(&d.standing).marked("pass")
                } else if d.standing.starts_with("overdue") {
                    Cell::of(&d.standing).marked("fail")
                } else {
                    Cell::of(&d.standing)
                },
            ])
        })
        .collect();
    Section {
        id: "emergencies",
        title: "Emergency changes",
        blocks: vec![
            Block::Para(vec![text(
                "Changes merged before their approval on a signed emergency declaration (isms emergency): who declared it, why and when, and whether the rule's approvers approved it within the deadline.",
            )]),
            Block::Table(Table {
                id: "emergencies",
                columns: vec![
                    col("Document"),
                    col("Change"),
                    col("Declared by"),
                    col("Reason"),
                    col("Declared"),
                    col("Due"),
                    col("Approved"),
                ],
                rows,
                empty: "No emergency change since the trust root.",
            }),
        ],
    }
}

fn risks(e: &Evidence) -> Section {
    let mut order: Vec<(&String, &u32)> = e.levels.iter().collect();
    order.sort_by_key(|(_, lowest)| **lowest);
    let legend: Vec<(String, u32, &'static str)> = order
        .iter()
        .enumerate()
        .map(|(k, (name, lowest))| ((*name).clone(), **lowest, BAND_COLOURS[k.min(BAND_COLOURS.len() - 1)]))
        .collect();
    let map = |residual: bool| {
        Block::Heat(HeatMap {
            which: if residual { "residual" } else { "inherent" },
            scale: e.scale,
            cells: heat(&e.risks, e.scale, residual),
            legend: legend.clone(),
        })
    };
    let score = |p: Option<(u32, u32)>| p.map_or(String::new(), |(l, i)| format!("{l}×{i} = {}", l * i));
    let level = |p: Option<(u32, u32)>| p.and_then(|(l, i)| band(&e.levels, l * i)).unwrap_or("").to_string();
    Section {
        id: "risks",
        title: "Risk register",
        blocks: vec![
            Block::Para(vec![text(format!(
                "{} risks on a {}×{} likelihood × impact scale; residual scores above {} need formal acceptance.",
                e.risks.len(),
                e.scale,
                e.scale,
                e.threshold
            ))]),
            map(false),
            map(true),
            Block::Heading("Acceptances".into()),
            Block::Table(Table {
                id: "acceptances",
                columns: vec![
                    col("Risk"),
                    num("Residual"),
                    col("Accepted by"),
                    col("On"),
                    col("Expires"),
                ],
                rows: e
                    .risks
                    .iter()
                    .filter(|r| !r.accepted_by.is_empty())
                    .map(|r| {
                        vec![
                            Cell::of(format!("{} {}", r.id, r.title)),
                            Cell::num(r.residual.map_or(String::new(), |(l, i)| (l * i).to_string())),
                            Cell::of(&r.accepted_by),
                            Cell::of(&r.accepted_on),
                            Cell::of(&r.expires),
                        ]
                    })
                    .collect(),
                empty: "No residual risk has been formally accepted.",
            }),
            Block::Heading("All risks".into()),
            Block::Table(Table {
                id: "risk-register",
                columns: vec![
                    col("Risk"),
                    col("Owner"),
                    col("Inherent"),
                    col("Level"),
                    col("Treatment"),
                    col("Residual"),
                    col("Level"),
                ],
                rows: e
                    .risks
                    .iter()
                    .map(|r| {
                        vec![
                            Cell::of(format!("{} {}", r.id, r.title)),
                            Cell::of(&r.owner),
                            Cell::of(score(r.inherent)),
                            Cell::of(level(r.inherent)),
                            Cell::of(&r.treatment),
                            Cell::of(score(r.residual)),
                            Cell::of(level(r.residual)),
                        ]
                    })
                    .collect(),
                empty: "The risk register is empty.",
            }),
        ],
    }
}

fn soa(e: &Evidence) -> Section {
    let applicable = e.soa.iter().filter(|c| c.applicable == Some(true)).count();
    let mut blocks = vec![Block::Para(vec![text(format!(
        "{} controls listed, {applicable} applicable.",
        e.soa.len()
    ))])];
    if let Some((path, verified, baseline)) = &e.soa_approval {
        let v = verdict(verified.as_ref(), *baseline);
        let mut parts = vec![
            strong("Approval of the current version"),
            text(" of "),
            code(path),
            text(": "),
        ];
        parts.extend(
            v.parts
                .into_iter()
                .map(|p| if p == Inline::Break { text("; ") } else { p }),
        );
        blocks.push(Block::Para(parts));
    }
    blocks.push(Block::Table(Table {
        id: "soa-table",
        columns: vec![
            col("Control"),
            col("Applicable"),
            col("Justification"),
            col("Status"),
            col("Owner"),
        ],
        rows: e
            .soa
            .iter()
            .map(|c| {
                vec![
                    Cell::of(&c.control),
                    Cell::of(yes_no(c.applicable)),
                    Cell::of(&c.justification),
                    Cell::of(&c.status),
                    Cell::of(&c.owner),
                ]
            })
            .collect(),
        empty: "There is no Statement of Applicability.",
    }));
    Section {
        id: "soa",
        title: "Statement of Applicability",
        blocks,
    }
}
