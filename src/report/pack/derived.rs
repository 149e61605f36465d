//! What the pack works out from the data rather than reads: which clauses
//! the rules evidence, the approval trail of each governed file, the teams
//! and their training, risk bands and heat maps, people named with their
//! role, and the review inputs the minutes do not cover.

use super::rows::*;
use crate::check::Outcome;
use crate::findings::Severity;
use crate::history;
use crate::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};

/// The clauses of ISO/IEC 27001:2022 that ask for something (4.1–10.2,
/// with the sub-clauses rules cite), in order.
pub const CLAUSES: [&str; 30] = [
    "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3", "7.1", "7.2", "7.3",
    "7.4", "7.5.1", "7.5.2", "7.5.3", "8.1", "8.2", "8.3", "9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1",
    "10.2",
];

/// Whether a rule or finding citing `cited` speaks to clause `clause`: the
/// same clause, or one containing the other (`6.1` and `6.1.2`).
pub fn cites(cited: &str, clause: &str) -> bool {
    cited == clause || clause.starts_with(&format!("{cited}.")) || cited.starts_with(&format!("{clause}."))
}

/// Every clause with the rules that evidence it and the findings against
/// it; clauses the rules cite beyond [`CLAUSES`] follow.
pub(super) fn clauses(outcome: &Outcome) -> Vec<ClauseRow> {
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
pub(super) fn missing_inputs(ws: &Workspace, inputs: &[String], minutes: &str) -> Vec<String> {
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
pub(super) fn clause_key(clause: &str) -> Vec<u32> {
    clause.split('.').map(|p| p.parse().unwrap_or(u32::MAX)).collect()
}

pub(super) fn trail(ws: &Workspace, report: &history::Report, now: &str) -> Vec<TrailRow> {
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
            let time_of = |id: &str| commits.get(id).map(|c| c.time);
            let name_of = |id: &str| format!("{} ({id})", name(id));
            let emergency = j.emergency.as_ref().and_then(|d| {
                Some(super::rows::EmergencyRow {
                    declarer: d.declarer_name.clone(),
                    reason: d.reason.clone(),
                    declared: d.declared.clone(),
                    due: d.due.clone(),
                    standing: crate::check::emergency::standing(j, &time_of, &name_of, now)?,
                })
            });
            TrailRow {
                emergency,
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
pub(super) fn teams(outcome: &Outcome) -> Vec<TeamRow> {
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
