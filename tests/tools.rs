//! `isms test` (the Rego unit tests, as `opa test` runs them, with
//! coverage) and `isms explain`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Scratch;
use std::path::Path;

fn isms(args: &[&str], dir: &Path) -> (i32, String, String) {
    common::run(Some(dir), args)
}

/// The number of `test_` rules in the built-in pack, counted from the files.
fn builtin_tests(filter: &str) -> usize {
    let mut n = 0;
    for entry in walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")) {
        if entry.to_string_lossy().ends_with("_test.rego") && entry.to_string_lossy().contains(filter) {
            let text = std::fs::read_to_string(&entry).unwrap();
            n += text.lines().filter(|l| l.starts_with("test_")).count();
        }
    }
    n
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

#[test]
fn builtin_pack_tests_pass_with_high_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = isms(&["test", "--format", "json", "--threshold", "90"], dir.path());
    assert_eq!(code, 0, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["failed"], 0);
    assert_eq!(json["passed"].as_u64().unwrap() as usize, builtin_tests(""));
    assert!(json["coverage"]["percent"].as_f64().unwrap() >= 90.0, "{json:#}");
    let (code, out, _) = isms(&["test"], dir.path());
    assert_eq!(code, 0);
    assert!(
        out.ends_with(&format!("\n{} passed, 0 failed\n", builtin_tests(""))),
        "{out}"
    );
}

#[test]
fn filter_selects_tests() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = isms(&["test", "--filter", "soa\\."], dir.path());
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with(&format!("\n{} passed, 0 failed\n", builtin_tests("/soa/"))),
        "{out}"
    );
    let (code, out, _) = isms(&["test", "--filter", "no-such-test"], dir.path());
    assert_eq!(code, 1, "no test run is a failure: {out}");
    let (code, _, err) = isms(&["test", "--filter", "("], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("--filter is not a regular expression"), "{err}");
}

#[test]
fn organisation_tests_run_and_failures_are_named() {
    let s = Scratch::example();
    s.replace("isms.toml", "[rules]\n", "[rules]\ncustom = \"rules\"\n");
    s.write(
        "rules/assets.rego",
        "package lumen.assets\n\nwarn contains {\"msg\": a.id, \"register\": \"assets\", \"record\": a.id} if {\n\tsome a in input.registers.assets\n\ta.criticality == \"critical\"\n}\n",
    );
    s.write(
        "rules/assets_test.rego",
        "package lumen.assets_test\n\nimport data.lumen.assets\n\ntest_critical_asset_warns if {\n\tcount(assets.warn) == 1 with input as {\"registers\": {\"assets\": [{\"id\": \"A\", \"criticality\": \"critical\"}]}}\n}\n\ntest_wrong_expectation if {\n\tcount(assets.warn) == 5 with input as {\"registers\": {\"assets\": []}}\n}\n",
    );
    let (code, out, _) = isms(&["test", "--filter", "lumen"], s.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("PASS data.lumen.assets_test.test_critical_asset_warns"),
        "{out}"
    );
    assert!(
        out.contains("FAIL data.lumen.assets_test.test_wrong_expectation\n     in rules/assets_test.rego"),
        "{out}"
    );
    assert!(out.ends_with("\n1 passed, 1 failed\n"), "{out}");
}

#[test]
fn explain_prints_a_rules_documentation() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = isms(&["explain", "ISMS-RISK-002"], dir.path());
    assert_eq!(code, 0);
    assert!(
        out.starts_with("ISMS-RISK-002: Risk scores and levels follow the configured matrix\n"),
        "{out}"
    );
    assert!(out.contains("Clauses:  6.1.2, 8.2"), "{out}");
    assert!(out.contains("policies/risk/score.rego"), "{out}");
    assert!(out.contains("Fix: Recompute the score"), "{out}");
    let (code, out, _) = isms(&["explain", "ISMS-APPROVAL-005"], dir.path());
    assert_eq!(code, 0);
    assert!(
        out.starts_with("ISMS-APPROVAL-005: Approvals of an earlier content are stale\n"),
        "{out}"
    );
    assert!(out.contains("Rule:     built into isms\n"), "{out}");
    let (code, _, err) = isms(&["explain", "ISMS-RISK-02"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `ISMS-RISK-002`?"), "{err}");
    // Problem codes are explained as rules are.
    let (code, out, _) = isms(&["explain", "config::unknown-key"], dir.path());
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "config::unknown-key: a problem that stops the check (exit code 2)\n\nA key isms.toml does not know.\n\nEvery problem is located where it can be; docs/codes.md lists them all.\n"
    );
}

#[test]
fn every_command_has_help_with_examples_and_completions_exist() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        "demo",
        "check",
        "audit",
        "github",
        "init",
        "hook",
        "rules",
        "explain",
        "test",
        "input",
        "schema",
        "completions",
    ] {
        let (code, out, _) = isms(&[command, "--help"], dir.path());
        assert_eq!(code, 0, "{command}");
        assert!(
            out.contains("Example"),
            "`isms {command} --help` shows no example:\n{out}"
        );
    }
    let (code, out, _) = isms(&["--version"], dir.path());
    assert_eq!(
        (code, out.as_str()),
        (0, concat!("isms ", env!("CARGO_PKG_VERSION"), "\n"))
    );
    let (code, out, _) = isms(&["completions", "bash"], dir.path());
    assert_eq!(code, 0);
    assert!(
        out.contains("_isms()") && out.contains("demo") && out.contains("--staged"),
        "{out}"
    );
    let (code, _, err) = isms(&["completions", "powerpoint"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'powerpoint'"), "{err}");
}
