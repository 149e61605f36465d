//! The generated reference pages and the JSON Schema in the repository are
//! up to date, and the schema accepts the example and rejects mistakes when
//! checked by an independent validator (Python's `jsonschema`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use std::path::Path;

fn generated(args: &[&str]) -> String {
    let out = Command::cargo_bin("isms").unwrap().args(args).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
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
fn json_schema_is_up_to_date() {
    assert_eq!(
        committed("schema/isms.schema.json"),
        generated(&["schema"]),
        "run: isms schema > schema/isms.schema.json"
    );
}

/// Validates a TOML file against the schema with Python's `jsonschema`.
fn validate(toml_path: &Path) -> (bool, String) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/isms.schema.json");
    let script = "import json, sys, tomllib, jsonschema\n\
        doc = tomllib.load(open(sys.argv[1], 'rb'))\n\
        # TOML dates are not JSON: compare them as the strings isms reads.\n\
        doc = json.loads(json.dumps(doc, default=str))\n\
        jsonschema.validate(doc, json.load(open(sys.argv[2])))\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(toml_path)
        .arg(&schema)
        .output()
        .expect("python3 with jsonschema (pip install jsonschema)");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        !stderr.contains("ModuleNotFoundError"),
        "install the validator: pip install jsonschema\n{stderr}"
    );
    (out.status.success(), stderr)
}

#[test]
fn schema_accepts_the_example_and_rejects_mistakes() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lumen/isms.toml");
    let (ok, err) = validate(&example);
    assert!(ok, "{err}");

    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(&example).unwrap();
    for (from, to, why) in [
        (
            "github = \"mokafor\"",
            "github = \"mokafor\"\nphone = \"1\"",
            "Additional properties are not allowed",
        ),
        ("min = 2", "min = \"two\"", "is not of type 'integer'"),
        ("kind = \"assets\"", "kind = \"asset-register\"", "is not one of"),
    ] {
        let path = dir.path().join("isms.toml");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let (ok, err) = validate(&path);
        assert!(!ok, "schema accepted {to}");
        assert!(err.contains(why), "{err}");
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
            "ISMS-POL-001",
            "ISMS-POL-002",
            "ISMS-POL-003",
            "ISMS-RISK-001",
            "ISMS-RISK-002"
        ]
    );
}
