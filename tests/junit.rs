//! `isms check --format junit`: valid against a JUnit XML schema
//! (tests/junit.xsd, checked with xmlschema) and read by a real consumer
//! (junitparser), with one case per rule and target, failures carrying the
//! message and the place, the waived finding skipped with its waiver. The
//! Python tools come from scripts/test (target/tools/venv).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Scratch;
use std::process::Command;

const RISKS: &str = "registers/risks.csv";

fn python() -> String {
    let venv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/venv/bin/python");
    let python = std::env::var("ISMS_TEST_PYTHON").unwrap_or_else(|_| {
        if venv.exists() {
            venv.display().to_string()
        } else {
            "python3".into()
        }
    });
    let ok = Command::new(&python)
        .args(["-c", "import junitparser, xmlschema"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "junitparser and xmlschema are not installed for {python}: run scripts/test (it installs them into target/tools/venv), or `pip install junitparser xmlschema`"
    );
    python
}

#[test]
fn junit_is_valid_and_read_by_a_consumer() {
    let python = python();
    let s = Scratch::example();
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    let (code, out, err) = common::run(Some(s.path()), &["check", "--format", "junit", "--now", common::NOW]);
    assert_eq!(code, 1, "{err}");
    let report = s.path().join("report.xml");
    std::fs::write(&report, &out).unwrap();
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/junit.xsd");
    let script = r#"
import sys, json, xmlschema
from junitparser import JUnitXml, Failure, Skipped
xmlschema.XMLSchema(sys.argv[2]).validate(sys.argv[1])
xml = JUnitXml.fromfile(sys.argv[1])
cases = []
for suite in xml:
    for case in suite:
        outcome = None
        for r in case.result:
            if isinstance(r, Failure):
                outcome = ["failure", r.type, r.message, r.text]
            elif isinstance(r, Skipped):
                outcome = ["skipped", None, r.message, None]
        cases.append([case.classname, case.name, outcome])
print(json.dumps({"tests": xml.tests, "failures": xml.failures, "skipped": xml.skipped, "cases": cases}))
"#;
    let run = Command::new(&python)
        .args(["-c", script, report.to_str().unwrap(), schema.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let read: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let cases = read["cases"].as_array().unwrap();
    assert_eq!(read["tests"].as_u64().unwrap() as usize, cases.len());
    assert_eq!(read["failures"], 1, "{read:#}");
    assert_eq!(read["skipped"], 1, "{read:#}");
    let failed = cases.iter().find(|c| c[2][0] == "failure").unwrap();
    assert_eq!(failed[0], "ISMS-RISK-002");
    assert_eq!(failed[1], "risks/R-007/score");
    assert_eq!(failed[2][1], "error");
    assert!(
        failed[2][3]
            .as_str()
            .unwrap()
            .starts_with("registers/risks.csv:8:112: risk R-007: score is 21"),
        "{failed}"
    );
    let skipped = cases.iter().find(|c| c[2][0] == "skipped").unwrap();
    assert!(
        skipped[2][2].as_str().unwrap().starts_with("waived: Supplier-assessed"),
        "{skipped}"
    );
    // Every rule is there: the ones with no finding pass.
    let passing = cases.iter().filter(|c| c[2].is_null()).count();
    assert!(passing >= 30, "{passing}");

    // …and the schema does reject what is not JUnit.
    let broken = out.replace("<testcase ", "<testcose ");
    std::fs::write(&report, broken).unwrap();
    let run = Command::new(&python)
        .args(["-c", script, report.to_str().unwrap(), schema.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!run.status.success());
}

/// A check that cannot run still writes a JUnit report, valid against the
/// schema: one failing case per problem, named by its code and place — for
/// a broken isms.toml (two mistakes: two cases) and for a folder with none.
#[test]
fn junit_of_a_check_that_cannot_run_has_a_failing_case_per_problem() {
    let python = python();
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/junit.xsd");
    let script = r#"
import sys, json, xmlschema
from junitparser import JUnitXml, Failure
xmlschema.XMLSchema(sys.argv[2]).validate(sys.argv[1])
xml = JUnitXml.fromfile(sys.argv[1])
cases = []
for suite in xml:
    for case in suite:
        failed = [r for r in case.result if isinstance(r, Failure)]
        cases.append([case.classname, case.name, failed[0].message if failed else None])
print(json.dumps({"tests": xml.tests, "failures": xml.failures, "cases": cases}))
"#;
    let read = |dir: &std::path::Path| {
        let (code, out, err) = common::run(Some(dir), &["check", "--format", "junit", "--now", common::NOW]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(!err.is_empty(), "the problems are also said on standard error");
        let report = tempfile::tempdir().unwrap();
        let file = report.path().join("report.xml");
        std::fs::write(&file, &out).unwrap();
        let run = Command::new(&python)
            .args(["-c", script, file.to_str().unwrap(), schema.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(run.status.success(), "{}\n{out}", String::from_utf8_lossy(&run.stderr));
        serde_json::from_slice::<serde_json::Value>(&run.stdout).unwrap()
    };
    let s = Scratch::example();
    s.replace("isms.toml", "[rules]\n", "[rules]\nbogus = 1\n");
    s.replace("isms.toml", "[history]\n", "[history]\nstart = 7\n");
    let read_broken = read(s.path());
    let text = s.read("isms.toml");
    let line = text.lines().position(|l| l == "bogus = 1").unwrap() + 1;
    let second = text.lines().position(|l| l == "start = 7").unwrap() + 1;
    assert_eq!(read_broken["tests"], 2, "{read_broken:#}");
    assert_eq!(read_broken["failures"], 2, "{read_broken:#}");
    let cases = read_broken["cases"].as_array().unwrap();
    assert_eq!(cases[0][0], "config::unknown-key", "{read_broken:#}");
    assert_eq!(cases[0][1], format!("isms.toml:{line}:1"));
    assert!(cases[0][2].as_str().unwrap().contains("bogus"), "{read_broken:#}");
    assert_eq!(cases[1][0], "config::unknown-key", "{read_broken:#}");
    assert_eq!(cases[1][1], format!("isms.toml:{second}:1"));

    let empty = tempfile::tempdir().unwrap();
    let read_none = read(empty.path());
    assert_eq!(read_none["failures"], 1, "{read_none:#}");
    assert_eq!(read_none["cases"][0][0], "config::not-found");
}
