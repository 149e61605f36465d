//! The sections on performance and improvement: objectives (6.2),
//! management reviews (9.3), internal audits (9.2), nonconformities and
//! corrective actions (10.2), open items, and training (7.2).

use super::doc::{Block, Cell, Section, Table, col, num, percent, text};
use super::rows::Evidence;

pub(super) fn objectives(e: &Evidence) -> Section {
    Section {
        id: "objectives",
        title: "Information security objectives",
        blocks: vec![Block::Table(Table {
            id: "objectives-table",
            columns: vec![
                col("Id"),
                col("Objective"),
                col("Owner"),
                col("Measure"),
                col("Target"),
                col("Due"),
                col("Status"),
            ],
            rows: e
                .objectives
                .iter()
                .map(|o| {
                    let due = Cell::of(if o.overdue {
                        format!("{} (overdue)", o.due_on)
                    } else {
                        o.due_on.clone()
                    });
                    vec![
                        Cell::of(&o.id),
                        Cell::of(&o.title),
                        Cell::of(&o.owner),
                        Cell::of(&o.measure),
                        Cell::of(&o.target),
                        if o.overdue { due.marked("fail") } else { due },
                        Cell::of(&o.status),
                    ]
                })
                .collect(),
            empty: "No objectives are recorded.",
        })],
    }
}

pub(super) fn reviews(e: &Evidence) -> Section {
    let points = e.timeline.clone();
    let rows = e
        .reviews
        .iter()
        .map(|r| {
            let missing = Cell::of(if r.missing.is_empty() {
                "none".to_string()
            } else {
                r.missing.join(", ")
            });
            vec![
                Cell::of(&r.id),
                Cell::of(&r.held_on),
                Cell::of(&r.chair),
                Cell::lines(r.attendees.iter().map(|a| vec![text(a)])),
                Cell::of(r.covered.join(", ")),
                if r.missing.is_empty() {
                    missing
                } else {
                    missing.marked("fail")
                },
                Cell::of(&r.decisions),
                Cell::lines(r.actions.iter().map(|a| vec![text(a)])),
            ]
        })
        .collect();
    Section {
        id: "reviews",
        title: "Management reviews",
        blocks: vec![
            Block::Timeline {
                points,
                now: e.now.clone(),
            },
            Block::Table(Table {
                id: "reviews-table",
                columns: vec![
                    col("Id"),
                    col("Held on"),
                    col("Chair"),
                    col("Attendees"),
                    col("Inputs covered (9.3.2)"),
                    col("Inputs missing"),
                    col("Decisions"),
                    col("Actions and where each stands"),
                ],
                rows,
                empty: "No management review is recorded.",
            }),
        ],
    }
}

pub(super) fn audits(e: &Evidence) -> Section {
    let rows = e
        .audits
        .iter()
        .map(|a| {
            vec![
                Cell::of(&a.id),
                Cell::of(&a.title),
                Cell::of(&a.scope),
                Cell::of(&a.auditor),
                if a.independent {
                    Cell::of("yes")
                } else {
                    Cell::of("no: responsible for the audited area").marked("fail")
                },
                Cell::of(&a.planned_on),
                Cell::of(&a.performed_on),
                Cell::of(&a.status),
                Cell::lines(a.raised.iter().map(|r| vec![text(r)])),
            ]
        })
        .collect();
    Section {
        id: "audits",
        title: "Internal audits",
        blocks: vec![Block::Table(Table {
            id: "audits-table",
            columns: vec![
                col("Id"),
                col("Title"),
                col("Scope"),
                col("Auditor"),
                col("Independent"),
                col("Planned"),
                col("Performed"),
                col("Status"),
                col("Nonconformities raised"),
            ],
            rows,
            empty: "No internal audit is recorded.",
        })],
    }
}

pub(super) fn nonconformities(e: &Evidence) -> Section {
    let rows = e
        .nonconformities
        .iter()
        .map(|n| {
            let due = Cell::of(if n.overdue {
                format!("{} (overdue)", n.due_on)
            } else {
                n.due_on.clone()
            });
            vec![
                Cell::of(&n.id),
                Cell::of(&n.title),
                Cell::of(&n.audit),
                Cell::of(&n.kind),
                Cell::of(&n.owner),
                Cell::of(&n.raised_on),
                if n.overdue { due.marked("fail") } else { due },
                Cell::of(&n.status),
                Cell::of(&n.corrective_action),
                Cell::of(&n.closed_on),
                Cell::of(&n.verified),
            ]
        })
        .collect();
    Section {
        id: "nonconformities",
        title: "Nonconformities and corrective actions",
        blocks: vec![Block::Table(Table {
            id: "nonconformities-table",
            columns: vec![
                col("Id"),
                col("Nonconformity"),
                col("Audit"),
                col("Type"),
                col("Owner"),
                col("Raised"),
                col("Due"),
                col("Status"),
                col("Corrective action"),
                col("Closed"),
                col("Verified"),
            ],
            rows,
            empty: "No nonconformity is recorded.",
        })],
    }
}

pub(super) fn open(e: &Evidence) -> Section {
    let rows = e
        .open
        .iter()
        .map(|i| {
            let due = Cell::of(if i.overdue {
                format!("{} (overdue)", i.due_on)
            } else {
                i.due_on.clone()
            });
            vec![
                Cell::of(&i.register),
                Cell::of(&i.id),
                Cell::of(&i.title),
                Cell::of(&i.owner),
                if i.overdue { due.marked("fail") } else { due },
                Cell::of(&i.status),
            ]
        })
        .collect();
    Section {
        id: "open",
        title: "Open nonconformities and overdue actions",
        blocks: vec![Block::Table(Table {
            id: "open-items",
            columns: vec![
                col("Register"),
                col("Id"),
                col("Title"),
                col("Owner"),
                col("Due"),
                col("Status"),
            ],
            rows,
            empty: "None: every nonconformity is closed and no action is past its due date.",
        })],
    }
}

pub(super) fn training(e: &Evidence) -> Section {
    let rows = e
        .teams
        .iter()
        .map(|t| {
            vec![
                Cell::of(&t.team),
                Cell::num(t.people),
                Cell::num(format!("{} ({})", t.aware, percent(t.aware, t.people))),
                Cell::num(t.privileged),
                Cell::num(if t.privileged > 0 {
                    format!("{} ({})", t.role_trained, percent(t.role_trained, t.privileged))
                } else {
                    "—".into()
                }),
            ]
        })
        .collect();
    Section {
        id: "training",
        title: "Training coverage",
        blocks: vec![Block::Table(Table {
            id: "teams",
            columns: vec![
                col("Team"),
                num("Active people"),
                num("Awareness current"),
                num("Privileged"),
                num("Role-specific current"),
            ],
            rows,
            empty: "No active people are recorded.",
        })],
    }
}
