//! `isms check --format sarif`: valid SARIF 2.1.0 (checked against the
//! OASIS schema kept in tests/), accepted by GitHub code scanning (checked
//! with Microsoft's sarif-multitool and its `Gh` rules, installed by
//! scripts/test into tests/sarif-multitool), paths from the repository
//! root, waived findings as suppressions, fingerprints stable when lines
//! move.
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

/// What Microsoft's sarif-multitool says of `doc` with the rules GitHub
/// code scanning applies on upload and SARIF's own (`--rule-kind
/// "Gh;Sarif"`): each `error` and `warning` line. Only SARIF2005 is set
/// aside: a local build does not know where it will be published, so it
/// names no `informationUri` (a release build does, see src/report/sarif.rs).
fn multitool(doc: &Value) -> Vec<String> {
    let platform = match std::env::consts::OS {
        "linux" => "linux/Sarif.Multitool",
        "macos" => "darwin/Sarif.Multitool",
        _ => "win32/Sarif.Multitool.exe",
    };
    let tool = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sarif-multitool/node_modules/@microsoft/sarif-multitool-")
        .display()
        .to_string()
        + platform;
    assert!(
        std::path::Path::new(&tool).is_file(),
        "sarif-multitool is not installed: `npm ci --prefix tests/sarif-multitool` (scripts/test does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("isms.sarif");
    std::fs::write(&log, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    let out = std::process::Command::new(&tool)
        .args(["validate", "--rule-kind", "Gh;Sarif", "--log", "ForceOverwrite", "-o"])
        .arg(dir.path().join("validation.sarif"))
        .arg(&log)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Analysis completed successfully"),
        "sarif-multitool did not run: {said}"
    );
    said.lines()
        .filter(|l| l.contains(": error ") || l.contains(": warning "))
        .filter(|l| !l.contains(" SARIF2005: "))
        .map(|l| l.split_once("isms.sarif").map_or(l, |(_, rest)| rest).to_string())
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
    assert_eq!(rules.len(), 55);
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

/// GitHub code scanning ingests every log isms writes: findings about a
/// value, about the organisation as a whole or a register that is not
/// there (no file of their own: shown at isms.toml or at the register), an
/// organisation's own rule that documents nothing and places nothing, and
/// a check that cannot run, whether isms.toml is broken or absent (a
/// `rules` array all the same).
#[test]
fn every_sarif_log_passes_github_code_scanning_rules() {
    // A finding at a value.
    let s = Scratch::example();
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    let (code, doc) = sarif(s.path());
    assert_eq!(code, 1);
    assert_eq!(multitool(&doc), Vec::<String>::new());

    // …and the tool does hold a log to GitHub's rules: a result without a
    // place, a rule without its help.
    let mut wrong = doc.clone();
    wrong["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("locations");
    wrong["runs"][0]["tool"]["driver"]["rules"][0]
        .as_object_mut()
        .unwrap()
        .remove("help");
    let said = multitool(&wrong);
    assert!(said.iter().any(|l| l.contains("error GH1015")), "{said:#?}");
    assert!(said.iter().any(|l| l.contains("error GH2012")), "{said:#?}");

    // Organisation-level findings: no SoA register, and an own rule with no
    // metadata and no place.
    let s = Scratch::example();
    let config = s.read("isms.toml");
    let config = config
        .replace(
            "[[register]]\nkind = \"soa\"\npath = \"registers/soa.csv\"\ncolumns = { \"Control\" = \"id\", \"Applicable\" = \"applicable\", \"Justification\" = \"justification\", \"Implementation\" = \"status\", \"Owner\" = \"owner\" }\n",
            "",
        )
        .replace("[rules]\n", "[rules]\ncustom = \"rules\"\n");
    s.write("isms.toml", &config);
    s.write(
        "rules/bare.rego",
        "package acme.bare\n\ndeny contains {\"msg\": \"the board has not met this year\"} if { true }\n",
    );
    let (code, doc) = sarif(s.path());
    assert_eq!(code, 1);
    assert_eq!(schema_errors(&doc), Vec::<String>::new());
    assert_eq!(multitool(&doc), Vec::<String>::new());
    let uri = |r: &Value| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].clone();
    let line = |r: &Value| r["locations"][0]["physicalLocation"]["region"]["startLine"].clone();
    let organisation_line = config.lines().position(|l| l == "[organisation]").unwrap() + 1;
    let soa = result(&doc, "ISMS-SOA-001");
    assert!(
        soa["message"]["text"]
            .as_str()
            .unwrap()
            .contains("there is no Statement of Applicability"),
        "{soa:#}"
    );
    assert_eq!((uri(soa), line(soa)), ("isms.toml".into(), organisation_line.into()));
    let bare = result(&doc, "acme.bare");
    assert_eq!((uri(bare), line(bare)), ("isms.toml".into(), organisation_line.into()));
    let rules = doc["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let described = rules.iter().find(|r| r["id"] == "acme.bare").unwrap();
    assert_eq!(described["help"]["text"], "bare");

    // A finding about a register as a whole is at that register.
    let s = Scratch::example();
    s.write("registers/audits.toml", "");
    let (_, doc) = sarif(s.path());
    assert_eq!(multitool(&doc), Vec::<String>::new());
    let audit = result(&doc, "ISMS-AUD-001");
    assert_eq!((uri(audit), line(audit)), ("registers/audits.toml".into(), 1.into()));

    // The check cannot run: a broken isms.toml, or none at all.
    let s = Scratch::example();
    s.replace("isms.toml", "[rules]\n", "[rules]\nbogus = 1\n");
    let (code, doc) = sarif(s.path());
    assert_eq!(code, 2);
    assert_eq!(multitool(&doc), Vec::<String>::new());
    let rules = doc["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "ISMS-RISK-002"), "{doc:#}");
    let empty = tempfile::tempdir().unwrap();
    let (code, doc) = sarif(empty.path());
    assert_eq!(code, 2);
    assert_eq!(schema_errors(&doc), Vec::<String>::new());
    assert_eq!(multitool(&doc), Vec::<String>::new());
    assert_eq!(
        doc["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["descriptor"]["id"],
        "config::not-found"
    );
}
