//! `isms check --format sarif`: valid SARIF 2.1.0 (checked against the
//! OASIS schema kept in tests/), paths from the repository root, waived
//! findings as suppressions, fingerprints stable when lines move.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Scratch;
use serde_json::Value;

const RISKS: &str = "registers/risks.csv";

fn sarif(dir: &std::path::Path) -> (i32, Value) {
    sarif_with(dir, &[])
}

fn sarif_with(dir: &std::path::Path, more: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "sarif", "--now", common::NOW];
    args.extend_from_slice(more);
    let (code, out, err) = common::run(Some(dir), &args);
    (
        code,
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}{err}")),
    )
}

fn schema_errors(doc: &Value) -> Vec<String> {
    // The OASIS schema, kept verbatim. One of its patterns has a stray `]`,
    // a literal in ECMA-262 regular expressions but an error in Rust's:
    // escaped here, with the same meaning.
    let text = include_str!("sarif-schema-2.1.0.json").replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#,
    );
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn result<'a>(doc: &'a Value, rule: &str) -> &'a Value {
    doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == rule)
        .unwrap_or_else(|| panic!("no {rule} result"))
}

#[test]
fn sarif_validates_and_locates_findings() {
    let s = Scratch::example();
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    let (code, doc) = sarif(s.path());
    assert_eq!(code, 1);
    assert_eq!(schema_errors(&doc), Vec::<String>::new());
    // …and the schema does reject what is not SARIF 2.1.0.
    let mut wrong = doc.clone();
    wrong["version"] = "2.0.0".into();
    wrong["runs"][0]["results"][0]["level"] = "fatal".into();
    assert_eq!(schema_errors(&wrong).len(), 2, "{:?}", schema_errors(&wrong));
    let rules = doc["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 51);
    let r = result(&doc, "ISMS-RISK-002");
    assert_eq!(r["level"], "error");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], RISKS);
    assert_eq!(loc["region"]["startLine"], 8);
    assert_eq!(loc["region"]["startColumn"], 112);
    assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], "ISMS-RISK-002");
    // The waived finding is not an open result (GitHub code scanning
    // ignores suppressions): it is listed with its waiver beside them.
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().all(|r| r["suppressions"].is_null()), "{doc:#}");
    assert!(
        !results
            .iter()
            .any(|r| r["message"]["text"].as_str().unwrap().contains("R-030"))
    );
    let waived = doc["runs"][0]["properties"]["waived"].as_array().unwrap();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["ruleId"], "ISMS-RISK-002");
    assert_eq!(waived[0]["suppressions"][0]["status"], "accepted");
    assert_eq!(doc["runs"][0]["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn a_check_that_cannot_run_is_still_a_valid_sarif_log() {
    let s = Scratch::example();
    s.replace("isms.toml", "[rules]\n", "[rules]\nbogus = 1\n");
    let (code, doc) = sarif(s.path());
    assert_eq!(code, 2);
    assert_eq!(schema_errors(&doc), Vec::<String>::new());
    let run = &doc["runs"][0];
    assert_eq!(run["results"], serde_json::json!([]));
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let n = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(n["level"], "error");
    assert_eq!(n["descriptor"]["id"], "config::unknown-key");
    assert_eq!(
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "isms.toml"
    );
}

#[test]
fn fingerprints_survive_a_change_of_the_value() {
    let s = Scratch::example();
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    let (_, before) = sarif(s.path());
    s.replace(RISKS, "Untested restores,4,5,21,", "Untested restores,4,5,22,");
    let (_, after) = sarif(s.path());
    let (a, b) = (result(&before, "ISMS-RISK-002"), result(&after, "ISMS-RISK-002"));
    assert_ne!(a["message"], b["message"]);
    assert_eq!(a["partialFingerprints"], b["partialFingerprints"]);
}

#[test]
fn fingerprints_survive_lines_moving() {
    let s = Scratch::example();
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    let (_, before) = sarif(s.path());
    // A new risk above R-007 moves its line.
    s.replace(
        RISKS,
        "R-007,",
        "R-006b,Courier loses backup tapes,Head of Operations,AS-010,Loss,Unencrypted tapes,1,3,3,Low,Mitigate,A.8.13,1,1,1,,,treated,2026-10-26,\nR-007,",
    );
    let (_, after) = sarif(s.path());
    let (a, b) = (result(&before, "ISMS-RISK-002"), result(&after, "ISMS-RISK-002"));
    assert_eq!(a["locations"][0]["physicalLocation"]["region"]["startLine"], 8);
    assert_eq!(b["locations"][0]["physicalLocation"]["region"]["startLine"], 9);
    assert_eq!(a["partialFingerprints"], b["partialFingerprints"]);
}

#[test]
fn sarif_paths_are_relative_to_the_repository_root() {
    let (code, doc) = sarif_with(&common::example(), &["--no-history"]);
    assert_eq!(code, 0);
    assert_eq!(schema_errors(&doc), Vec::<String>::new());
    // The example's one finding is waived: listed beside the results.
    let r = &doc["runs"][0]["properties"]["waived"][0];
    assert_eq!(r["ruleId"], "ISMS-RISK-002");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "examples/lumen/registers/risks.csv"
    );
}
