//! `isms init`: the scaffold is a valid ISMS whose check reports only what
//! the organisation must fill in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Runs isms with a HOME of its own, so git's user settings do not leak in.
fn isms(home: &Path, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(assert_cmd::cargo::cargo_bin("isms"))
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn init_scaffolds_an_isms_that_checks_to_a_to_do_list() {
    let home = tempfile::tempdir().unwrap();
    let parent = tempfile::tempdir().unwrap();
    let (code, out, err) = isms(
        home.path(),
        parent.path(),
        &["init", "acme", "--organisation", "Acme Ltd"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("created the ISMS of Acme Ltd in acme (17 files)\n"),
        "{out}"
    );
    let dir = parent.path().join("acme");
    assert!(dir.join(".git").is_dir(), "a git repository is created");
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/isms.yml")).unwrap();
    assert_eq!(
        workflow,
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/github-workflow.yml")).unwrap()
    );

    // isms.toml follows the published JSON Schema.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/isms.schema.json")).unwrap(),
    )
    .unwrap();
    let config: toml::Value = toml::from_str(&std::fs::read_to_string(dir.join("isms.toml")).unwrap()).unwrap();
    let config = serde_json::to_value(config).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&config).map(|e| e.to_string()).collect();
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(config["organisation"]["name"], "Acme Ltd");
    assert_eq!(config["person"][0]["id"], "manager");

    // The check runs (no problem stops it) and lists what to do.
    let (code, out, err) = isms(home.path(), &dir, &["check", "--format", "json", "--now", "2026-11-27"]);
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: BTreeSet<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        BTreeSet::from([
            "ISMS-AUD-001",
            "ISMS-DOC-001",
            "ISMS-DOC-003",
            "ISMS-IMP-002",
            "ISMS-INC-001",
            "ISMS-MR-001",
            "ISMS-POL-002",
            "ISMS-RES-001",
            "ISMS-RISK-007",
            "ISMS-SOA-001",
            "ISMS-TRAIN-001",
            "ISMS-TRAIN-002",
        ])
    );
    // The scaffold's own prompts are reported as unwritten, with the
    // clause, until the organisation writes its own text; and the empty
    // risk register and objectives are gaps, not a pass.
    let at = |rule: &str| -> Vec<(String, u64)> {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| (f["file"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
            .collect()
    };
    assert_eq!(
        at("ISMS-DOC-003"),
        [
            ("docs/information-security-policy.md".to_string(), 12),
            ("docs/isms-scope.md".to_string(), 12),
            ("isms.toml".to_string(), 9)
        ]
    );
    assert_eq!(at("ISMS-RISK-007"), [("registers/risks.csv".to_string(), 1)]);
    assert_eq!(at("ISMS-IMP-002"), [("registers/objectives.toml".to_string(), 1)]);
    let scope = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ISMS-DOC-003" && f["file"] == "isms.toml")
        .unwrap();
    assert_eq!(
        scope["message"],
        "the ISMS scope in isms.toml is still a template's instruction: \"Describe in one line what the ISMS covers\""
    );
    assert_eq!(scope["clauses"], serde_json::json!(["4.3", "5.2", "7.5.2"]));
    assert_eq!(json["approvals"]["mode"], "unborn");

    // Running it again writes nothing.
    let (code, _, err) = isms(home.path(), parent.path(), &["init", "acme"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("already has isms.toml, docs/information-security-policy.md"),
        "{err}"
    );
}

#[test]
fn init_pre_commit_configuration_is_valid() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = isms(home.path(), dir.path(), &["init", "."]);
    assert_eq!(code, 0, "{err}");
    let out = Command::new("pre-commit")
        .args(["validate-config", ".pre-commit-config.yaml"])
        .current_dir(dir.path())
        .output()
        .expect("the pre-commit framework is not installed: `pip install pre-commit` (scripts/test does)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
