//! The Rego input document (version 1): one JSON value built from the
//! workspace, documented field by field in `docs/input.md`. Facts are
//! computed here (resolved references, holders of roles, normalised
//! values); decisions are left to the rules.

use crate::config::Resolved;
use crate::config::kinds::{FieldType, RegisterKind};
use crate::workspace::Workspace;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashSet};

/// The version of the input document's shape.
pub const INPUT_VERSION: u32 = 1;

/// Builds the input document for an evaluation date (`YYYY-MM-DD`).
pub fn build(ws: &Workspace, now: &str) -> Value {
    let raw = &ws.config.raw;
    let active: HashSet<&str> = raw.people.iter().filter(|p| p.active).map(|p| p.id.as_str()).collect();

    let roles: Map<String, Value> = raw
        .roles
        .iter()
        .map(|(id, role)| {
            let holders = ws.config.role_holders.get(id).cloned().unwrap_or_default();
            let active_holders: Vec<&String> = holders.iter().filter(|h| active.contains(h.as_str())).collect();
            (
                id.clone(),
                json!({
                    "id": id,
                    "name": role.name,
                    "top_management": role.top_management,
                    "management": role.management || role.top_management,
                    "privileged": role.privileged,
                    "holders": holders,
                    "active_holders": active_holders,
                }),
            )
        })
        .collect();

    let people: Map<String, Value> = raw
        .people
        .iter()
        .enumerate()
        .map(|(index, p)| {
            let holds =
                |flag: fn(&crate::config::Role) -> bool| p.roles.iter().any(|r| raw.roles.get(r).is_some_and(flag));
            let top = holds(|role| role.top_management);
            (
                p.id.clone(),
                json!({
                    "id": p.id,
                    "name": p.name,
                    "emails": p.emails,
                    "github": p.github,
                    "roles": p.roles,
                    "active": p.active,
                    "top_management": top,
                    "management": holds(|role| role.management || role.top_management),
                    "privileged": holds(|role| role.privileged),
                    "index": index,
                }),
            )
        })
        .collect();

    // Every person-or-role reference that appears anywhere, resolved once.
    let mut refs: BTreeMap<String, Value> = BTreeMap::new();
    let mut resolve = |s: &str| {
        if !refs.contains_key(s) {
            refs.insert(s.to_string(), resolved_json(&ws.config.resolve(s), &active));
        }
    };

    let mut registers: Map<String, Value> = RegisterKind::ALL
        .iter()
        .map(|k| (k.name().to_string(), Value::Array(Vec::new())))
        .collect();
    for reg in &ws.registers {
        let ref_fields: Vec<(&str, bool)> = reg
            .kind
            .fields()
            .iter()
            .filter_map(|f| match f.ty {
                FieldType::Ref => Some((f.name, false)),
                FieldType::Refs => Some((f.name, true)),
                _ => None,
            })
            .collect();
        let Some(Value::Array(out)) = registers.get_mut(reg.kind.name()) else {
            continue;
        };
        out.reserve(reg.records.len());
        for rec in &reg.records {
            for (name, many) in &ref_fields {
                match (rec.values.get(*name), many) {
                    (Some(Value::String(s)), false) => resolve(s),
                    (Some(Value::Array(items)), true) => items.iter().filter_map(Value::as_str).for_each(&mut resolve),
                    _ => {}
                }
            }
            let mut obj = rec.values.clone();
            obj.insert("_file".into(), Value::from(reg.file.name.as_str()));
            out.push(Value::Object(obj));
        }
    }

    let documents: Vec<Value> = ws
        .documents
        .iter()
        .map(|d| {
            for key in ["owner", "approved_by"] {
                if let Some(Value::String(s)) = d.values.get(key) {
                    resolve(s);
                }
            }
            let mut obj = d.values.clone();
            obj.insert("path".into(), Value::from(d.file.name.as_str()));
            obj.insert(
                "headings".into(),
                d.headings
                    .iter()
                    .map(|h| json!({"level": h.level, "text": h.text}))
                    .collect(),
            );
            Value::Object(obj)
        })
        .collect();

    for w in &raw.waivers {
        resolve(&w.approved_by);
    }

    let input = json!({
        "version": INPUT_VERSION,
        "now": now,
        "organisation": raw.organisation,
        "roles": roles,
        "people": people,
        "refs": refs,
        "documents": documents,
        "registers": registers,
        "approvals": approvals(ws),
        "annex_a": crate::workspace::annex_a::all().collect::<Vec<_>>(),
        "settings": settings(raw),
    });
    input
}

/// `input.settings`: the rule settings of a configuration.
pub fn settings(raw: &crate::config::RawConfig) -> Value {
    let mut settings = json!({
        "review_interval_months": raw.rules.review_interval_months,
        "training_interval_months": raw.rules.training_interval_months,
        "escalation_hours": raw.rules.escalation_hours,
        "policy_sections": raw.rules.policy_sections,
        "conflicting_roles": raw.rules.conflicting_roles,
        "risk": raw.rules.risk,
        "review_inputs": raw.rules.review_inputs,
        "params": raw.rules.params,
    });
    if let Some(required) = &raw.rules.required_roles {
        settings["required_roles"] = json!(required);
    }
    settings
}

/// The approval rules, each with the loaded files (`isms.toml`, registers,
/// documents) its path globs govern.
fn approvals(ws: &Workspace) -> Value {
    let files: Vec<&str> = std::iter::once(crate::config::FILE_NAME)
        .chain(ws.registers.iter().map(|r| r.file.name.as_str()))
        .chain(ws.documents.iter().map(|d| d.file.name.as_str()))
        .collect();
    ws.config
        .raw
        .approvals
        .iter()
        .map(|rule| {
            let set = crate::workspace::glob_set(&rule.paths);
            let mut value = json!(rule);
            value["covers"] = json!(files.iter().filter(|f| set.is_match(f)).collect::<Vec<_>>());
            value
        })
        .collect()
}

fn resolved_json(r: &Resolved, active_people: &HashSet<&str>) -> Value {
    let active = |id: &str| active_people.contains(id);
    match r {
        Resolved::Person { id } => json!({
            "kind": "person",
            "id": id,
            "people": [id],
            "active_people": if active(id) { vec![id.clone()] } else { vec![] },
        }),
        Resolved::Role { id, people } => json!({
            "kind": "role",
            "id": id,
            "people": people,
            "active_people": people.iter().filter(|p| active(p)).collect::<Vec<_>>(),
        }),
        Resolved::Unknown => json!({"kind": "unknown", "people": [], "active_people": []}),
    }
}
