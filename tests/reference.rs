//! The generated reference pages and the JSON Schema in the repository are
//! up to date, and the schema accepts the example and rejects mistakes when
//! checked by an independent validator (Python's `jsonschema`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use std::path::Path;

fn generated(args: &[&str]) -> String {
    let (code, out, err) = common::run(None, args);
    assert_eq!(code, 0, "{err}");
    out
}

fn committed(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

#[test]
fn registers_reference_is_up_to_date() {
    assert_eq!(
        committed("docs/registers.md"),
        generated(&["reference", "registers"]),
        "run: isms reference registers > docs/registers.md"
    );
}

#[test]
fn rules_reference_is_up_to_date() {
    assert_eq!(
        committed("docs/rules.md"),
        generated(&["reference", "rules"]),
        "run: isms reference rules > docs/rules.md"
    );
}

#[test]
fn codes_reference_is_up_to_date() {
    assert_eq!(
        committed("docs/codes.md"),
        generated(&["reference", "codes"]),
        "run: isms reference codes > docs/codes.md"
    );
}

#[test]
fn json_schema_is_up_to_date() {
    assert_eq!(
        committed("schema/isms.schema.json"),
        generated(&["schema"]),
        "run: isms schema > schema/isms.schema.json"
    );
}

/// Validates `isms.toml` text against the shipped schema with an
/// independent validator (the `jsonschema` crate): the paths of the errors.
fn schema_errors(toml_text: &str) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(&committed("schema/isms.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let doc: serde_json::Value = toml::from_str(toml_text).unwrap();
    validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn schema_accepts_the_example_and_rejects_mistakes() {
    let text = committed("examples/lumen/isms.toml");
    assert_eq!(schema_errors(&text), Vec::<String>::new());
    for (from, to, want) in [
        (
            "github = \"mokafor\"",
            "github = \"mokafor\"\nphone = \"1\"",
            "at /person/0",
        ),
        ("min = 2", "min = \"two\"", "at /approval/3/min"),
        ("kind = \"assets\"", "kind = \"asset-register\"", "at /register/1/kind"),
        (
            "[rules]\n",
            "[rules]\nseverity = { \"ISMS-RISK-002\" = \"loud\" }\n",
            "at /rules/severity/ISMS-RISK-002",
        ),
    ] {
        let errors = schema_errors(&text.replacen(from, to, 1));
        assert_eq!(errors.len(), 1, "{to}: {errors:?}");
        assert!(errors[0].ends_with(want), "{to}: {errors:?}");
    }
}

#[test]
fn rules_are_listed_by_id() {
    let out = generated(&["rules", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "ISMS-APPROVAL-001",
            "ISMS-APPROVAL-002",
            "ISMS-APPROVAL-003",
            "ISMS-APPROVAL-004",
            "ISMS-APPROVAL-005",
            "ISMS-APPROVAL-006",
            "ISMS-APPROVAL-007",
            "ISMS-APPROVAL-008",
            "ISMS-APPROVAL-009",
            "ISMS-APPROVAL-010",
            "ISMS-ASSET-001",
            "ISMS-ASSET-002",
            "ISMS-AUD-001",
            "ISMS-CHG-001",
            "ISMS-DOC-001",
            "ISMS-DOC-002",
            "ISMS-DOC-003",
            "ISMS-DOC-004",
            "ISMS-IMP-001",
            "ISMS-IMP-002",
            "ISMS-INC-001",
            "ISMS-MR-001",
            "ISMS-MR-002",
            "ISMS-NC-001",
            "ISMS-POL-001",
            "ISMS-POL-002",
            "ISMS-POL-003",
            "ISMS-POL-004",
            "ISMS-POL-005",
            "ISMS-POL-006",
            "ISMS-REG-001",
            "ISMS-RES-001",
            "ISMS-RISK-001",
            "ISMS-RISK-002",
            "ISMS-RISK-003",
            "ISMS-RISK-004",
            "ISMS-RISK-005",
            "ISMS-RISK-006",
            "ISMS-RISK-007",
            "ISMS-ROLE-001",
            "ISMS-ROLE-002",
            "ISMS-SOA-001",
            "ISMS-SOA-002",
            "ISMS-SOA-003",
            "ISMS-SUP-001",
            "ISMS-SUP-002",
            "ISMS-TRAIN-001",
            "ISMS-TRAIN-002",
            "ISMS-TRAIN-003",
            "ISMS-TRAIN-004",
            "ISMS-VALUE-001",
            "ISMS-VALUE-002",
            "ISMS-VALUE-003",
            "ISMS-VALUE-004",
            "ISMS-WAIVER-001",
        ]
    );
}

/// Every test docs/security.md names as the proof of a guarantee exists:
/// `file::name` is `fn name` in `tests/file.rs`; `file::*` is the file.
#[test]
fn every_guarantee_in_security_md_names_a_test_that_exists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/security.md")).unwrap();
    let named = regex::Regex::new(r"`([a-z_]+)::([a-z_0-9*]+)`").unwrap();
    let mut checked = 0;
    // Problem codes (`config::unwaivable`, `git::shallow`) look alike.
    let codes = ["config", "git", "io", "rego", "register", "document"];
    for cap in named.captures_iter(&doc).filter(|c| !codes.contains(&&c[1])) {
        let file = root.join("tests").join(format!("{}.rs", &cap[1]));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{} does not exist", file.display()));
        // `prefix_*`: at least one test of that prefix.
        let name = &cap[2];
        let wanted = match name.strip_suffix('*') {
            Some(prefix) => format!("fn {prefix}"),
            None => format!("fn {name}("),
        };
        assert!(text.contains(&wanted), "{}::{name} is not a test", &cap[1]);
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} tests named");
}
