//! The JSON Schema of `isms.toml` (`isms schema`) accepts exactly what the
//! CLI accepts: one table of edits of the bundled example's isms.toml, each
//! judged by `isms check` (does it stop on the file's form?) and by
//! check-jsonschema (PyPI, installed by scripts/test into
//! target/tools/venv) against the schema `isms schema` prints — the two
//! verdicts must be the same, and the one the table states.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Scratch;
use std::path::Path;
use std::process::Command;

/// (what, the text replaced, its replacement, whether isms accepts it).
/// Each replacement is made once, in the example's isms.toml.
const CASES: &[(&str, &str, &str, bool)] = &[
    ("the example as it is", "", "", true),
    // Register kinds, and the other spelling docs/config.md gives.
    (
        "nonconformities",
        "kind = \"findings\"",
        "kind = \"nonconformities\"",
        true,
    ),
    ("no such kind", "kind = \"assets\"", "kind = \"asset-register\"", false),
    (
        "a format",
        "kind = \"assets\"",
        "kind = \"assets\"\nformat = \"csv\"",
        true,
    ),
    (
        "yml is an extension, not a format",
        "kind = \"assets\"",
        "kind = \"assets\"\nformat = \"yml\"",
        false,
    ),
    (
        "a delimiter",
        "kind = \"assets\"",
        "kind = \"assets\"\ndelimiter = \",\"",
        true,
    ),
    (
        "no such delimiter",
        "kind = \"assets\"",
        "kind = \"assets\"\ndelimiter = \"|\"",
        false,
    ),
    // Keys and types.
    (
        "an unknown key",
        "github = \"mokafor\"",
        "github = \"mokafor\"\nphone = \"1\"",
        false,
    ),
    (
        "a wrong type",
        "github = \"mokafor\"",
        "github = \"mokafor\"\nactive = \"yes\"",
        false,
    ),
    ("an unknown top-level table", "[history]", "[histroy]", false),
    // Approval rules: k of n, with k at least 1, paths and roles named.
    ("min 2", "min = 2", "min = 2", true),
    ("min 0 lets anything through", "min = 2", "min = 0", false),
    ("min negative", "min = 2", "min = -1", false),
    ("min as text", "min = 2", "min = \"two\"", false),
    ("no paths", "paths = [\"registers/risks.csv\"]", "paths = []", false),
    ("no roles", "roles = [\"ciso\", \"cto\"]", "roles = []", false),
    // People and roles.
    (
        "an e-mail without @",
        "emails = [\"maya.okafor@lumen-health.example\"]",
        "emails = [\"maya.okafor\"]",
        false,
    ),
    (
        "a role id with a space",
        "[roles.ceo]",
        "[roles.\"board member\"]\nname = \"Board member\"\n\n[roles.ceo]",
        false,
    ),
    (
        "a role id with a dot and a dash",
        "[roles.ceo]",
        "[roles.\"board.member-1\"]\nname = \"Board member\"\n\n[roles.ceo]",
        true,
    ),
    // Rule settings and their ranges.
    (
        "a severity",
        "[rules]\n",
        "[rules]\nseverity = { \"ISMS-RISK-002\" = \"warning\" }\n",
        true,
    ),
    (
        "no such severity",
        "[rules]\n",
        "[rules]\nseverity = { \"ISMS-RISK-002\" = \"loud\" }\n",
        false,
    ),
    ("scale 10", "scale = 5", "scale = 10", true),
    ("scale 1", "scale = 5", "scale = 1", false),
    ("scale 11", "scale = 5", "scale = 11", false),
    (
        "review every 60 months",
        "review_interval_months = 12",
        "review_interval_months = 60",
        true,
    ),
    (
        "review never",
        "review_interval_months = 12",
        "review_interval_months = 0",
        false,
    ),
    (
        "review every 61 months",
        "review_interval_months = 12",
        "review_interval_months = 61",
        false,
    ),
    (
        "training never",
        "[rules]\n",
        "[rules]\ntraining_interval_months = 0\n",
        false,
    ),
    (
        "a level band",
        "[rules.risk]\n",
        "[rules.risk]\nlevels = { low = 1, medium = 5, high = 10, very-high = 17 }\n",
        true,
    ),
    (
        "no such level",
        "[rules.risk]\n",
        "[rules.risk]\nlevels = { low = 1, medium = 5, high = 10, very_high = 17 }\n",
        false,
    ),
    (
        "a band from 0",
        "[rules.risk]\n",
        "[rules.risk]\nlevels = { low = 0, medium = 5, high = 10, very-high = 17 }\n",
        false,
    ),
    // Waivers.
    (
        "an expiry as a TOML date",
        "expires = \"2027-03-31\"",
        "expires = 2027-03-31",
        true,
    ),
    (
        "an expiry that is no date",
        "expires = \"2027-03-31\"",
        "expires = \"2027-02-31\"",
        false,
    ),
    (
        "an expiry written day first",
        "expires = \"2027-03-31\"",
        "expires = \"31/03/2027\"",
        false,
    ),
    (
        "a waiver without a reason",
        "reason = \"Supplier-assessed residual score pending re-assessment after the Q1 contract renewal\"",
        "reason = \" \"",
        false,
    ),
    // The trust root: a commit id or HEAD, never a name that moves.
    (
        "trust root HEAD",
        "trust_root = \"HEAD\"",
        "trust_root = \"HEAD\"",
        true,
    ),
    (
        "a full commit id",
        "trust_root = \"HEAD\"",
        "trust_root = \"4b825dc642cb6eb9a060e54bf8d69288fbee4904\"",
        true,
    ),
    (
        "a short commit id",
        "trust_root = \"HEAD\"",
        "trust_root = \"4b825dc\"",
        true,
    ),
    ("a branch name", "trust_root = \"HEAD\"", "trust_root = \"main\"", false),
    (
        "too short an id",
        "trust_root = \"HEAD\"",
        "trust_root = \"4b825d\"",
        false,
    ),
];

fn isms(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(assert_cmd::cargo::cargo_bin("isms"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

fn check_jsonschema() -> String {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/venv/bin/check-jsonschema");
    let program = if venv.exists() {
        venv.display().to_string()
    } else {
        "check-jsonschema".into()
    };
    let ok = Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "check-jsonschema is not installed: run scripts/test (it installs it into target/tools/venv), or `pip install check-jsonschema`"
    );
    program
}

#[test]
fn the_schema_accepts_exactly_what_isms_accepts() {
    let validator = check_jsonschema();
    let work = tempfile::tempdir().unwrap();
    let (code, schema) = isms(work.path(), &["schema"]);
    assert_eq!(code, 0, "{schema}");
    std::fs::write(work.path().join("isms.schema.json"), &schema).unwrap();

    let s = Scratch::example();
    let example = s.read("isms.toml");
    let mut files = Vec::new();
    let mut cli = Vec::new();
    for (i, (what, from, to, _)) in CASES.iter().enumerate() {
        assert!(example.contains(from), "{what}: the example has no {from:?}");
        let text = example.replacen(from, to, 1);
        // isms: the check stops (exit 2) on a problem with the file's form.
        s.write("isms.toml", &text);
        let (code, out) = isms(
            s.path(),
            &["check", "--no-history", "--format", "json", "--now", common::NOW],
        );
        let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{what}: {e}\n{out}"));
        let config_problems: Vec<String> = json["problems"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter(|p| p["code"].as_str().unwrap().starts_with("config::"))
                    .map(|p| format!("{} {}", p["code"], p["message"]))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            code != 2 || !config_problems.is_empty() && !config_problems.iter().any(|p| p.contains("config::syntax")),
            "{what}: exit 2 for another reason: {json:#}"
        );
        cli.push((code != 2, config_problems));
        let file = work.path().join(format!("case-{i:02}.toml"));
        std::fs::write(&file, &text).unwrap();
        files.push(file);
    }

    // check-jsonschema, once over every case.
    let out = Command::new(&validator)
        .args(["--output-format", "json", "--schemafile"])
        .arg(work.path().join("isms.schema.json"))
        .args(&files)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(report["parse_errors"], serde_json::json!([]), "{report:#}");
    let mut disagreements = Vec::new();
    for (i, (what, _, to, accepted)) in CASES.iter().enumerate() {
        let name = files[i].display().to_string();
        let schema_says: Vec<String> = report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["filename"] == name.as_str())
            .map(|e| format!("{}: {}", e["path"], e["message"]))
            .collect();
        let (isms_accepts, isms_says) = &cli[i];
        if *isms_accepts != *accepted || schema_says.is_empty() != *accepted {
            disagreements.push(format!(
                "{what} ({to:?}): expected {}; isms {} {isms_says:?}; the schema {} {schema_says:?}",
                if *accepted { "accepted" } else { "refused" },
                if *isms_accepts { "accepts" } else { "refuses" },
                if schema_says.is_empty() { "accepts" } else { "refuses" },
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
