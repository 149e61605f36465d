//! The check as OSCAL assessment results: one result for the check; a
//! finding per clause and Annex A control with its status (satisfied,
//! not satisfied, not evidenced); an observation per rule finding (its
//! `file:line` and commit as relevant evidence) and per version of a
//! governed file (who approved it, with which verified key); a risk per
//! waiver, accepted by its approver until it expires. docs/output.md
//! describes the mapping field by field.

use super::catalog::{self, applicable, control_id, same_control};
use super::{Ids, OSCAL_VERSION, PROFILE_FILE, midnight, nonempty, prop, render, timestamp, version};
use crate::check::Outcome;
use crate::findings::{Finding, Severity};
use crate::report::pack::{Evidence, TrailRow, cites};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// How a clause or control stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Satisfied,
    NotSatisfied,
    NotEvidenced,
}

impl Status {
    fn name(self) -> &'static str {
        match self {
            Status::Satisfied => "satisfied",
            Status::NotSatisfied => "not-satisfied",
            Status::NotEvidenced => "not-evidenced",
        }
    }
}

/// One rule finding as an observation, with what the findings need to
/// refer to it.
struct Observed<'a> {
    uuid: String,
    finding: &'a Finding,
    value: Value,
    risk: Option<Value>,
    risk_uuid: Option<String>,
}

/// Whether `s` is a date `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

fn party(ids: &Ids, key: &str, name: &str) -> (String, Value) {
    let uuid = ids.of("party", key);
    (
        uuid.clone(),
        json!({ "uuid": uuid, "type": "person", "name": nonempty(name, key) }),
    )
}

/// The assessment results of one check.
pub fn assessment_results(outcome: &Outcome, e: &Evidence) -> String {
    let ids = Ids::new(&e.organisation);
    let at = timestamp(e);
    let version = version(e);
    let commit = e.provenance.commit.clone();
    let mut parties: BTreeMap<String, Value> = BTreeMap::new();
    let mut approvers: BTreeSet<String> = BTreeSet::new();

    // Rule findings: observations, and risks for the waived ones. The
    // pack's rows are the outcome's findings, one for one and in order.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let observed: Vec<Observed> = outcome
        .findings
        .iter()
        .zip(&e.findings)
        .map(|(f, row)| {
            let base = format!(
                "{}|{}|{}|{}",
                f.rule,
                f.target.as_deref().unwrap_or(""),
                row.place,
                f.message
            );
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let key = if *n == 1 { base } else { format!("{base}|{n}") };
            let uuid = ids.of("observation", &key);
            let mut props = vec![
                prop("rule", &f.rule),
                prop(
                    "severity",
                    if f.severity == Severity::Error {
                        "error"
                    } else {
                        "warning"
                    },
                ),
            ];
            if let Some(t) = f.target.as_deref().filter(|t| !t.trim().is_empty()) {
                props.push(prop("target", t.trim()));
            }
            props.extend(f.clauses.iter().map(|c| prop("clause", c)));
            props.extend(f.controls.iter().map(|c| prop("control", c)));
            if f.todo {
                props.push(prop("configuration-to-do", "true"));
            }
            if f.waived.is_some() {
                props.push(prop("waived", "true"));
            }
            let mut value = json!({
                "uuid": uuid,
                "title": format!("{}: {}", f.rule, nonempty(&f.title, &f.rule)),
                "description": nonempty(&f.message, &f.rule),
                "props": props,
                "methods": ["TEST"],
                "types": ["finding"],
                "collected": at,
            });
            if !row.place.is_empty() {
                let (path, line) = match row.place.rsplit_once(':') {
                    Some((p, l)) if l.chars().all(|c| c.is_ascii_digit()) => (p.to_string(), Some(l.to_string())),
                    _ => (row.place.clone(), None),
                };
                let href = match &line {
                    Some(l) => format!("{path}#L{l}"),
                    None => path.clone(),
                };
                let mut evidence = json!({
                    "href": href,
                    "description": match &commit {
                        Some(c) => format!("{} at commit {c}", row.place),
                        None => row.place.clone(),
                    },
                    "props": [prop("file", &path)],
                });
                if let (Some(l), Some(props)) = (&line, evidence["props"].as_array_mut()) {
                    props.push(prop("line", l));
                }
                if let (Some(c), Some(props)) = (&commit, evidence["props"].as_array_mut()) {
                    props.push(prop("commit", c));
                }
                value["relevant-evidence"] = json!([evidence]);
            }
            if let Some(help) = f.help.as_deref().filter(|h| !h.trim().is_empty()) {
                value["remarks"] = json!(help.trim());
            }
            let (risk, risk_uuid) = match (&f.waived, &row.waiver) {
                (Some(w), Some((reason, approver, expires))) => {
                    let risk_uuid = ids.of("risk", &key);
                    let (party_uuid, p) = party(&ids, &w.approved_by, approver);
                    parties.insert(party_uuid.clone(), p);
                    approvers.insert(party_uuid.clone());
                    let mut risk = json!({
                        "uuid": risk_uuid,
                        "title": format!("Accepted: {} ({})", f.rule, nonempty(&row.place, "the whole ISMS")),
                        "description": nonempty(&f.message, &f.rule),
                        "statement": format!(
                            "Waived in isms.toml: {}. Accepted by {} until {}.",
                            nonempty(reason, "no reason given"),
                            nonempty(approver, &w.approved_by),
                            nonempty(expires, "no expiry")
                        ),
                        "props": [
                            prop("rule", &f.rule),
                            prop("approved-by", nonempty(&w.approved_by, "nobody")),
                            prop("expires", nonempty(expires, "never")),
                        ],
                        "status": "deviation-approved",
                        "risk-log": { "entries": [{
                            "uuid": ids.of("risk-log", &key),
                            "title": format!("Accepted by {}", nonempty(approver, &w.approved_by)),
                            "start": at,
                            "logged-by": [{ "party-uuid": party_uuid }],
                            "status-change": "deviation-approved",
                        }] },
                        "related-observations": [{ "observation-uuid": uuid }],
                    });
                    if is_date(expires) {
                        risk["deadline"] = json!(midnight(expires));
                    }
                    (Some(risk), Some(risk_uuid))
                }
                _ => (None, None),
            };
            Observed {
                uuid,
                finding: f,
                value,
                risk,
                risk_uuid,
            }
        })
        .collect();

    // Approvals: an observation per version of a governed file.
    let approval_obs: Vec<(String, Value)> = e
        .trail
        .iter()
        .map(|t| approval(&ids, t, &at, &mut parties, &mut approvers))
        .collect();
    // The clauses and controls the approval rules evidence.
    let approval_rules: Vec<_> = outcome
        .rules
        .iter()
        .filter(|r| r.id.starts_with("ISMS-APPROVAL-"))
        .collect();

    let applicable = applicable(e);
    let findings: Vec<Value> = catalog::all()
        .map(|(label, title)| {
            let is_control = label.starts_with("A.");
            let about = |clauses: &[String], controls: &[String]| {
                if is_control {
                    controls.iter().any(|c| same_control(c, label))
                } else {
                    clauses.iter().any(|c| cites(c, label))
                }
            };
            let evidencing: Vec<_> = outcome
                .rules
                .iter()
                .filter(|r| about(&r.clauses, &r.controls))
                .collect();
            let rules: Vec<&str> = evidencing.iter().map(|r| r.id.as_str()).collect();
            let against: Vec<&Observed> = observed
                .iter()
                .filter(|o| about(&o.finding.clauses, &o.finding.controls))
                .collect();
            let live = |s: Severity| {
                against
                    .iter()
                    .filter(|o| o.finding.waived.is_none() && !o.finding.todo && o.finding.severity == s)
                    .count()
            };
            let (errors, warnings) = (live(Severity::Error), live(Severity::Warning));
            let waived = against.iter().filter(|o| o.finding.waived.is_some()).count();
            let status = if rules.is_empty() {
                Status::NotEvidenced
            } else if errors > 0 {
                Status::NotSatisfied
            } else {
                Status::Satisfied
            };
            let mut props = vec![
                json!({ "name": "label", "value": label }),
                prop("status", status.name()),
            ];
            // The organisation's own rules apart: they evidence what they
            // say, and a reader may want to read them first.
            props.extend(
                evidencing
                    .iter()
                    .map(|r| prop(if r.builtin { "rule" } else { "organisation-rule" }, &r.id)),
            );
            // What the SoA says of a control: applicability, and how far
            // it is implemented (OSCAL's implementation states).
            let mut implementation = None;
            if is_control {
                let soa = e.soa.iter().find(|s| same_control(&s.control, label));
                let applicability = match soa.and_then(|s| s.applicable) {
                    Some(true) => "applicable",
                    Some(false) => "not-applicable",
                    None if soa.is_some() => "undecided",
                    None => "not-in-soa",
                };
                props.push(prop("applicability", applicability));
                implementation = match (soa, soa.and_then(|s| s.applicable)) {
                    (_, Some(false)) => Some("not-applicable"),
                    (Some(row), Some(true)) => implementation_state(&row.status),
                    _ => None,
                };
            }
            let description = match status {
                Status::NotEvidenced => {
                    "No rule of the check evidences this; it needs assessing by other means.".to_string()
                }
                _ => format!(
                    "Evidenced by {} rule{} ({}): {errors} error{}, {warnings} warning{}, {waived} waived.",
                    rules.len(),
                    if rules.len() == 1 { "" } else { "s" },
                    rules.join(", "),
                    if errors == 1 { "" } else { "s" },
                    if warnings == 1 { "" } else { "s" },
                ),
            };
            let (state, reason) = match status {
                Status::Satisfied if warnings > 0 => ("satisfied", "other"),
                Status::Satisfied => ("satisfied", "pass"),
                Status::NotSatisfied => ("not-satisfied", "fail"),
                Status::NotEvidenced => ("not-satisfied", "other"),
            };
            let id = control_id(label);
            let mut finding = json!({
                "uuid": ids.of("finding", label),
                "title": format!("{label} {title}"),
                "description": description,
                "props": props,
                "target": {
                    "type": "objective-id",
                    "target-id": id,
                    "status": { "state": state, "reason": reason },
                },
            });
            match status {
                Status::NotEvidenced => {
                    finding["target"]["status"]["remarks"] = json!("not evidenced: no rule of the check covers it");
                }
                Status::Satisfied if warnings > 0 => {
                    finding["target"]["status"]["remarks"] = json!(format!(
                        "satisfied with {warnings} warning{}",
                        if warnings == 1 { "" } else { "s" }
                    ));
                }
                _ => {}
            }
            if let Some(state) = implementation {
                finding["target"]["implementation-status"] = json!({ "state": state });
            }
            let mut related: Vec<Value> = against.iter().map(|o| json!({ "observation-uuid": o.uuid })).collect();
            if approval_rules.iter().any(|r| about(&r.clauses, &r.controls)) {
                related.extend(approval_obs.iter().map(|(u, _)| json!({ "observation-uuid": u })));
            }
            if !related.is_empty() {
                finding["related-observations"] = json!(related);
            }
            let risks: Vec<Value> = against
                .iter()
                .filter_map(|o| o.risk_uuid.as_ref())
                .map(|u| json!({ "risk-uuid": u }))
                .collect();
            if !risks.is_empty() {
                finding["related-risks"] = json!(risks);
            }
            finding
        })
        .collect();

    let reviewed: Vec<Value> = catalog::all()
        .map(|(label, _)| json!({ "control-id": control_id(label) }))
        .collect();
    let mut result_props = vec![
        prop("tool", format!("isms {}", e.version)),
        prop("evaluation-date", &e.now),
        prop("errors", e.errors.to_string()),
        prop("warnings", e.warnings.to_string()),
        prop("waived", e.waived.to_string()),
        prop("files", e.files.to_string()),
        prop("rules", outcome.rules.len().to_string()),
        prop("applicable-controls", applicable.len().to_string()),
    ];
    if let Some(c) = &commit {
        result_props.push(prop("commit", c));
        result_props.push(prop("uncommitted-changes", e.provenance.dirty.to_string()));
    }
    let mut result = json!({
        "uuid": ids.of("result", &version),
        "title": format!("isms check of {}", nonempty(&e.organisation, "the ISMS")),
        "description": format!(
            "isms {} evaluated {} rules over {} files on {}{}: {} errors, {} warnings, {} waived findings.",
            e.version,
            outcome.rules.len(),
            e.files,
            e.now,
            commit.as_ref().map(|c| format!(" at commit {c}")).unwrap_or_default(),
            e.errors,
            e.warnings,
            e.waived
        ),
        "start": at,
        "end": at,
        "props": result_props,
        "reviewed-controls": {
            "description": "Every clause of ISO/IEC 27001:2022 and every Annex A control; the profile selects the clauses and the controls the Statement of Applicability declares applicable.",
            "control-selections": [{ "include-controls": reviewed }],
        },
    });
    let observations: Vec<Value> = observed
        .iter()
        .map(|o| o.value.clone())
        .chain(approval_obs.into_iter().map(|(_, v)| v))
        .collect();
    if !observations.is_empty() {
        result["observations"] = json!(observations);
    }
    let risks: Vec<Value> = observed.iter().filter_map(|o| o.risk.clone()).collect();
    if !risks.is_empty() {
        result["risks"] = json!(risks);
    }
    result["findings"] = json!(findings);
    if let Some(reason) = &e.provenance.no_trail {
        result["remarks"] = json!(reason);
    }

    // The organisation first, then people in UUID order (stable).
    let organisation = ids.of("organisation", &e.organisation);
    let mut party_list = vec![
        json!({ "uuid": organisation, "type": "organization", "name": nonempty(&e.organisation, "the organisation") }),
    ];
    party_list.extend(parties.into_values());
    let mut metadata = json!({
        "title": format!("ISMS assessment results: {}", nonempty(&e.organisation, "the organisation")),
        "last-modified": at,
        "version": version,
        "oscal-version": OSCAL_VERSION,
        "props": [prop("tool", format!("isms {}", e.version))],
        "roles": [
            { "id": "isms-owner", "title": "Organisation whose ISMS is assessed" },
            { "id": "approver", "title": "Approver of ISMS content or of a waiver" },
        ],
        "parties": party_list,
        "responsible-parties": [{ "role-id": "isms-owner", "party-uuids": [organisation] }],
    });
    if !approvers.is_empty()
        && let Some(list) = metadata["responsible-parties"].as_array_mut()
    {
        list.push(json!({ "role-id": "approver", "party-uuids": approvers.into_iter().collect::<Vec<_>>() }));
    }
    let plan = ids.of("resource", "assessment-plan");
    let profile = ids.of("profile", &e.organisation);
    let doc = json!({
        "assessment-results": {
            "uuid": ids.of("assessment-results", &version),
            "metadata": metadata,
            "import-ap": {
                "href": format!("#{plan}"),
                "remarks": "isms has no separate assessment plan: the plan is its rule pack, run on every check.",
            },
            "results": [result],
            "back-matter": { "resources": [
                {
                    "uuid": plan,
                    "title": "Assessment plan: the rules of isms",
                    "description": format!(
                        "The {} rules isms {} evaluates (`isms rules` lists them with the clauses and controls each evidences), over the ISMS at the profile's scope.",
                        outcome.rules.len(),
                        e.version
                    ),
                    "props": [prop("tool", format!("isms {}", e.version))],
                },
                catalog::catalog_resource(),
                {
                    "uuid": profile,
                    "title": format!("ISO/IEC 27001:2022 as applicable to {}", nonempty(&e.organisation, "the organisation")),
                    "description": "Written by `isms report --format oscal-profile`.",
                    "rlinks": [{ "href": PROFILE_FILE, "media-type": "application/oscal.profile+json" }],
                },
            ] },
        }
    });
    render(&doc)
}

/// OSCAL's implementation state of an SoA status (`implemented`,
/// `partially implemented`, `planned`, …); none for other words.
fn implementation_state(status: &str) -> Option<&'static str> {
    let s = status.trim().to_lowercase();
    match s.as_str() {
        "implemented" | "in place" | "done" | "complete" | "completed" => Some("implemented"),
        "partial" | "partially implemented" | "in progress" => Some("partial"),
        "planned" | "not started" | "to do" | "todo" => Some("planned"),
        "alternative" => Some("alternative"),
        "not-applicable" | "not applicable" | "n/a" => Some("not-applicable"),
        _ => None,
    }
}

/// One version of a governed file as an observation: who approved it,
/// with which verified key, in which commit.
fn approval(
    ids: &Ids,
    t: &TrailRow,
    at: &str,
    parties: &mut BTreeMap<String, Value>,
    approvers: &mut BTreeSet<String>,
) -> (String, Value) {
    let uuid = ids.of("approval", &format!("{}|{}", t.path, t.commit));
    let mut evidence: Vec<Value> = t
        .approvals
        .iter()
        .map(|a| {
            let (party_uuid, p) = party(ids, &a.person, &a.name);
            parties.insert(party_uuid.clone(), p);
            approvers.insert(party_uuid);
            let roles = if a.roles.is_empty() {
                String::new()
            } else {
                format!(" ({})", a.roles.join(", "))
            };
            json!({
                "href": t.path,
                "description": format!(
                    "Approved by {}{roles} with the verified key {} in commit {}",
                    nonempty(&a.name, &a.person),
                    nonempty(&a.key, "unknown"),
                    nonempty(&a.commit, "unknown")
                ),
                "props": [
                    prop("approver", nonempty(&a.person, "unknown")),
                    prop("key", nonempty(&a.key, "unknown")),
                    prop("commit", nonempty(&a.commit, "unknown")),
                ],
            })
        })
        .collect();
    if evidence.is_empty() {
        evidence.push(json!({
            "href": t.path,
            "description": format!("No verified approval of the version of commit {}", nonempty(&t.commit, "unknown")),
        }));
    }
    let value = json!({
        "uuid": uuid,
        "title": format!(
            "{} version {}: {}",
            t.path,
            t.version,
            if t.approved { "approved" } else { "not approved" }
        ),
        "description": format!(
            "Version {} of {}, made in commit {}{}{}{}, judged under the approval rule {}: {}.",
            t.version,
            t.path,
            nonempty(&t.commit, "unknown"),
            if t.date.is_empty() { String::new() } else { format!(" on {}", t.date) },
            if t.author.is_empty() { String::new() } else { format!(" by {}", t.author) },
            if t.summary.trim().is_empty() { String::new() } else { format!(" (\"{}\")", t.summary.trim()) },
            nonempty(&t.rule, "unnamed"),
            if t.approved { "approved by its designated signers" } else { "not approved" }
        ),
        "props": [
            prop("governed-file", &t.path),
            prop("version", t.version.to_string()),
            prop("commit", nonempty(&t.commit, "unknown")),
            prop("approval-rule", nonempty(&t.rule, "unnamed")),
            prop("approved", t.approved.to_string()),
        ],
        "methods": ["EXAMINE"],
        "types": ["historic"],
        "relevant-evidence": evidence,
        "collected": at,
    });
    (uuid, value)
}

#[cfg(test)]
mod tests {
    use super::super::NS;
    use super::*;

    #[test]
    fn uuids_are_version_5_and_stable() {
        let ids = Ids::new("Lumen Health");
        let a = ids.of("finding", "A.5.15");
        assert_eq!(a, Ids::new("Lumen Health").of("finding", "A.5.15"));
        assert_ne!(a, Ids::new("Other").of("finding", "A.5.15"));
        assert_ne!(a, ids.of("finding", "A.5.1"));
        assert_eq!(a.as_bytes()[14], b'5');
        assert!(NS.starts_with("urn:"));
    }
}
