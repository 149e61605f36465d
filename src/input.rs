//! The Rego input document (version 1): one JSON value built from the
//! workspace, documented field by field in `docs/input.md`. Facts are
//! computed here (resolved references, holders of roles, normalised
//! values); decisions are left to the rules.

use crate::config::Resolved;
use crate::config::kinds::{FieldType, RegisterKind};
use crate::workspace::Workspace;
use crate::workspace::shared::rego;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashSet};

/// The version of the input document's shape.
pub const INPUT_VERSION: u32 = 1;

/// Builds the input document for an evaluation date (`YYYY-MM-DD`), as
/// JSON (`isms input`).
pub fn build(ws: &Workspace, now: &str) -> Value {
    let mut input = document(ws, now);
    if let Some(Value::Object(registers)) = input.get_mut("registers") {
        for reg in &ws.registers {
            if let Some(Value::Array(out)) = registers.get_mut(reg.kind.name()) {
                out.extend(reg.records.iter().map(|rec| Value::Object(rec.to_json())));
            }
        }
    }
    input
}

/// The input document as the rules read it: `document` (with whatever the
/// caller added to it) turned into a regorus value, and the records of
/// every register put in as they were loaded: each record is already a
/// regorus value ([`crate::workspace::shared`]), shared, not copied.
pub fn for_rules(document: Value, ws: &Workspace) -> regorus::Value {
    let mut registers: BTreeMap<regorus::Value, Vec<regorus::Value>> = BTreeMap::new();
    for reg in &ws.registers {
        let out = registers.entry(regorus::Value::from(reg.kind.name())).or_default();
        out.reserve(reg.records.len());
        out.extend(reg.records.iter().map(|rec| rec.values.clone()));
    }
    let mut input = rego(&document);
    if let Ok(object) = input.as_object_mut() {
        if let Some(Ok(into)) = object
            .get_mut(&regorus::Value::from("registers"))
            .map(regorus::Value::as_object_mut)
        {
            for (kind, records) in registers {
                into.insert(kind, regorus::Value::from(records));
            }
        }
    }
    input
}

/// The input document with every register empty: what `build` and
/// `for_rules` fill, each their way.
pub fn document(ws: &Workspace, now: &str) -> Value {
    let raw = &ws.config.raw;
    let active: HashSet<&str> = raw.people.iter().filter(|p| p.active).map(|p| p.id.as_str()).collect();
    // The references are resolved on a second core while the rest is
    // built: they are the largest part to work out.
    let (mut input, refs) = std::thread::scope(|scope| {
        let refs = scope.spawn(|| references(ws, &active));
        let input = all_but_references(ws, now, &active);
        (
            input,
            refs.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    });
    // In its place, after `people`.
    input.insert("refs".into(), Value::Object(refs.into_iter().collect()));
    Value::Object(input)
}

/// [`document`] with `refs` left null.
fn all_but_references(ws: &Workspace, now: &str, active: &HashSet<&str>) -> Map<String, Value> {
    let raw = &ws.config.raw;
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
                    "external": p.external,
                    "top_management": top,
                    "management": holds(|role| role.management || role.top_management),
                    "privileged": holds(|role| role.privileged),
                    "index": index,
                }),
            )
        })
        .collect();

    let registers: Map<String, Value> = RegisterKind::ALL
        .iter()
        .map(|k| (k.name().to_string(), Value::Array(Vec::new())))
        .collect();
    let documents: Vec<Value> = ws
        .documents
        .iter()
        .map(|d| {
            let mut obj = d.values.clone();
            obj.insert("path".into(), Value::from(d.file.name.as_str()));
            obj.insert(
                "headings".into(),
                d.headings
                    .iter()
                    .map(|h| json!({"level": h.level, "text": h.text}))
                    .collect(),
            );
            obj.insert("metadata".into(), Value::from(d.metadata));
            obj.insert(
                "topics".into(),
                d.topics
                    .iter()
                    .map(|(topic, span)| (topic.to_string(), json!(d.file.line_col(span.start).line)))
                    .collect::<Map<String, Value>>()
                    .into(),
            );
            obj.insert("review_inputs".into(), json!(d.review_inputs));
            obj.insert(
                "broken_links".into(),
                d.broken_links
                    .iter()
                    .map(|(target, span)| json!({"line": d.file.line_col(span.start).line, "target": target}))
                    .collect(),
            );
            obj.insert(
                "mentions".into(),
                d.mentions
                    .iter()
                    .map(|(topic, date, elsewhere, span)| {
                        json!({"topic": topic, "date": date, "kept_elsewhere": elsewhere, "line": d.file.line_col(span.start).line})
                    })
                    .collect(),
            );
            obj.insert(
                "listed_objectives".into(),
                d.objectives
                    .iter()
                    .map(|(text, span, [measure, owner, when])| {
                        json!({"line": d.file.line_col(span.start).line, "text": text, "measure": measure, "owner": owner, "when": when})
                    })
                    .collect(),
            );
            obj.insert(
                "prompts".into(),
                d.prompts
                    .iter()
                    .map(|(text, span)| json!({"line": d.file.line_col(span.start).line, "text": text}))
                    .collect(),
            );
            Value::Object(obj)
        })
        .collect();
    // The parts are moved in, not serialised again as `json!` would.
    let mut input = Map::new();
    input.insert("version".into(), json!(INPUT_VERSION));
    input.insert("now".into(), json!(now));
    let mut organisation = json!(raw.organisation);
    organisation["scope_is_prompt"] = Value::from(
        raw.organisation
            .scope
            .as_deref()
            .is_some_and(crate::workspace::meaning::is_prompt),
    );
    input.insert("organisation".into(), organisation);
    input.insert("roles".into(), Value::Object(roles));
    input.insert("people".into(), Value::Object(people));
    input.insert("refs".into(), Value::Null);
    input.insert("documents".into(), Value::Array(documents));
    input.insert("registers".into(), Value::Object(registers));
    let mut files: Map<String, Value> = Map::new();
    for entry in &raw.registers {
        if let Value::Array(paths) = files
            .entry(entry.kind.name().to_string())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            paths.push(Value::from(entry.path.as_str()));
        }
    }
    input.insert("register_files".into(), Value::Object(files));
    input.insert("unread_controls".into(), json!(unread_controls(ws)));
    input.insert("approvals".into(), approvals(ws));
    input.insert(
        "annex_a".into(),
        json!(crate::workspace::annex_a::all().collect::<Vec<_>>()),
    );
    input.insert("settings".into(), settings(raw));
    input
}

/// The controls of SoA rows that could not be read (a row wider than its
/// header, said as malformed at the row): by the row's first cell, so that
/// the row is not also said to be missing. `input.unread_controls`.
fn unread_controls(ws: &Workspace) -> Vec<String> {
    let mut out = Vec::new();
    for p in ws.value_problems.iter().filter(|p| p.code == "register::malformed") {
        let (Some(file), Some(span)) = (&p.file, p.span) else {
            continue;
        };
        let Some(entry) = ws
            .config
            .raw
            .registers
            .iter()
            .find(|r| r.kind == RegisterKind::Soa && r.path == file.name)
        else {
            continue;
        };
        let delimiter = entry.delimiter.map_or(',', |d| char::from(d.byte()));
        let start = file
            .text
            .get(..span.start)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line = file.text.get(start..).and_then(|t| t.lines().next()).unwrap_or("");
        let first = line.split(delimiter).next().unwrap_or("").trim().trim_matches('"');
        if let Ok(id) = crate::workspace::fields::control(first) {
            out.push(id);
        }
    }
    out
}

/// Every person-or-role reference that appears anywhere (register
/// fields of the reference types, documents' owner and approver, waivers'
/// approver), resolved once: `input.refs`.
fn references(ws: &Workspace, active: &HashSet<&str>) -> BTreeMap<String, Value> {
    let mut refs: BTreeMap<String, Value> = BTreeMap::new();
    let mut resolve = |s: &str| {
        if !refs.contains_key(s) {
            refs.insert(s.to_string(), resolved_json(&ws.config.resolve(s), active));
        }
    };
    for reg in &ws.registers {
        let ref_fields: Vec<(regorus::Value, bool)> = reg
            .kind
            .fields()
            .iter()
            .filter_map(|f| match f.ty {
                FieldType::Ref => Some((regorus::Value::from(f.name), false)),
                FieldType::Refs => Some((regorus::Value::from(f.name), true)),
                _ => None,
            })
            .collect();
        // A register shares each repeated cell's string between its
        // records: a string met before (the same allocation) is skipped
        // without comparing its text.
        let mut met: foldhash::HashSet<usize> = foldhash::HashSet::default();
        let mut once = |s: &regorus::Rc<str>| {
            if met.insert(regorus::Rc::as_ptr(s).cast::<u8>() as usize) {
                resolve(s);
            }
        };
        for rec in &reg.records {
            let Ok(values) = rec.values.as_object() else {
                continue;
            };
            for (name, many) in &ref_fields {
                match (values.get(name), many) {
                    (Some(regorus::Value::String(s)), false) => once(s),
                    (Some(regorus::Value::Array(items)), true) => items.iter().for_each(|i| {
                        if let regorus::Value::String(s) = i {
                            once(s);
                        }
                    }),
                    _ => {}
                }
            }
        }
    }
    for d in &ws.documents {
        for key in ["owner", "approved_by"] {
            if let Some(Value::String(s)) = d.values.get(key) {
                resolve(s);
            }
        }
    }
    for w in &ws.config.raw.waivers {
        resolve(&w.approved_by);
    }
    refs
}

/// `input.settings`: the rule settings of a configuration.
pub fn settings(raw: &crate::config::RawConfig) -> Value {
    let mut settings = json!({
        "review_interval_months": raw.rules.review_interval_months,
        "training_interval_months": raw.rules.training_interval_months,
        "supplier_review_interval_months": raw.rules.supplier_review_interval_months,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The input the rules read is the JSON input, value for value: built
    /// in place for the rules, through serde for `isms input`.
    #[test]
    fn the_rules_read_what_isms_input_prints() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lumen");
        let ws = crate::workspace::load(&root).unwrap();
        let json = build(&ws, "2026-06-30");
        assert!(json["registers"]["risks"].as_array().is_some_and(|r| r.len() > 10));
        assert_eq!(for_rules(document(&ws, "2026-06-30"), &ws), regorus::Value::from(json));
    }

    /// What `data.isms.vocabulary.fields` promises the rules (ISMS-ROLE-002
    /// skips registers by it): a record holds its kind's built-in fields,
    /// `extra` and `_file` at its top level, nothing else — also when the
    /// file maps its own column names and keeps extra columns.
    #[test]
    fn records_hold_only_the_fields_the_vocabulary_names() {
        let dir = tempfile::tempdir().unwrap();
        let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lumen");
        for entry in walkdir::WalkDir::new(&example) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&example).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        let config = std::fs::read_to_string(dir.path().join("isms.toml")).unwrap();
        std::fs::write(
            dir.path().join("isms.toml"),
            config.replace(
                "path = \"registers/assets.csv\"",
                "path = \"registers/assets.csv\"\ncolumns = { \"Owner\" = \"owner\" }\nextra = [\"approved_by\", \"Cost\"]",
            ),
        )
        .unwrap();
        let assets = std::fs::read_to_string(dir.path().join("registers/assets.csv")).unwrap();
        let mut lines = assets.lines();
        let header = lines.next().unwrap().replace(",owner,", ",Owner,");
        let mut rewritten = format!("{header},approved_by,Cost\n");
        for line in lines {
            rewritten.push_str(&format!("{line},ciso,12\n"));
        }
        std::fs::write(dir.path().join("registers/assets.csv"), rewritten).unwrap();
        let ws = crate::workspace::load(dir.path()).unwrap();
        let vocabulary = crate::config::kinds::vocabulary();
        let mut seen = 0;
        for register in &ws.registers {
            let fields = &vocabulary["isms"]["vocabulary"]["fields"][register.kind.name()];
            for record in &register.records {
                for key in record.to_json().keys() {
                    seen += 1;
                    assert!(
                        key == "extra" || key == "_file" || fields.as_array().unwrap().iter().any(|f| f == key),
                        "{}: `{key}` is not a field of {}",
                        register.file.name,
                        register.kind.name()
                    );
                }
            }
        }
        let assets = ws.registers.iter().find(|r| r.kind.name() == "assets").unwrap();
        assert_eq!(
            assets.records[0].to_json()["extra"],
            json!({"approved_by": "ciso", "Cost": "12"})
        );
        assert!(assets.records[0].get("owner").is_some());
        assert!(seen > 500, "{seen}");
    }

    #[test]
    fn numbers_convert_as_regorus_reads_them() {
        let v = json!([0, -7, 3.5, 5.0, u64::MAX, i64::MIN, 1e300, "x", null, true, {"a": [1.25]}]);
        assert_eq!(rego(&v), regorus::Value::from(v.clone()));
    }
}
