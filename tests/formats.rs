//! The same register in TOML, CSV, YAML and JSON: the same records reach the
//! rules, and a finding points at the exact value in each format.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{Scratch, findings, t};

const CONFIG: &str = r#"[organisation]
name = "Formats Ltd"

[roles.ceo]
name = "Chief Executive"
top_management = true

[roles.ciso]
name = "CISO"

[[person]]
id = "ana"
name = "Ana Silva"
emails = ["ana@formats.example"]
roles = ["ceo"]

[[person]]
id = "ivo"
name = "Ivo Petrov"
roles = ["ciso"]

[documents]
paths = ["*.md"]

[[register]]
kind = "risks"
path = "REGISTER"
"#;

const POLICY: &str = "---\nid: POL-1\ntitle: Policy\ntype: information-security-policy\nstatus: approved\napproved-by: Chief Executive\napproved-on: 2026-10-01\n---\n# Policy\n";

/// An ISMS whose risk register is `name` with `text`.
fn isms(name: &str, text: &str) -> Scratch {
    let s = Scratch::empty();
    s.write("isms.toml", CONFIG.replace("REGISTER", name));
    s.write("policy.md", POLICY);
    s.write(name, text);
    s
}

const TOML: &str = r#"[[risk]]
id = "R-1"
title = "Laptop theft"
owner = "ivo"
likelihood = 2
impact = 3
score = 6

[[risk]]
id = "R-2"
title = "Phishing"
owner = "CISO"
likelihood = 4
impact = 3
score = 11
controls = ["A.6.3", "8.5"]
"#;

const CSV: &str = "id,title,owner,likelihood,impact,score,controls\nR-1,Laptop theft,ivo,2,3,6,\nR-2,Phishing,CISO,4,3,11,\"A.6.3; 8.5\"\n";

const YAML: &str = "risk:\n  - id: R-1\n    title: Laptop theft\n    owner: ivo\n    likelihood: 2\n    impact: 3\n    score: 6\n  - id: R-2\n    title: Phishing\n    owner: CISO\n    likelihood: 4\n    impact: 3\n    score: 11\n    controls: [A.6.3, '8.5']\n";

const JSON: &str = "[\n  {\"id\": \"R-1\", \"title\": \"Laptop theft\", \"owner\": \"ivo\", \"likelihood\": 2, \"impact\": 3, \"score\": 6},\n  {\"id\": \"R-2\", \"title\": \"Phishing\", \"owner\": \"CISO\", \"likelihood\": 4, \"impact\": 3, \"score\": 11,\n   \"controls\": [\"A.6.3\", \"8.5\"]}\n]\n";

#[test]
fn a_wrong_score_is_found_at_its_place_in_every_format() {
    for (name, text, line, column) in [
        ("risks.toml", TOML, 15, 9),
        ("risks.csv", CSV, 3, 23),
        ("risks.yaml", YAML, 13, 12),
        ("risks.json", JSON, 3, 94),
    ] {
        let s = isms(name, text);
        let (code, json) = s.check(&[]);
        assert_eq!(code, 1, "{name}: {json:#}");
        // This small ISMS fails other rules too (it has no SoA, no reviews):
        // look at the score rule only.
        let scores: Vec<_> = findings(&json).into_iter().filter(|f| f.0 == "ISMS-RISK-002").collect();
        assert_eq!(scores, [t("ISMS-RISK-002", name, line, column)], "{name}");
        let score = common::finding(&json, "ISMS-RISK-002");
        assert_eq!(
            score["message"], "risk R-2: score is 11 but likelihood × impact is 4 × 3 = 12",
            "{name}"
        );
    }
}

#[test]
fn every_format_gives_the_rules_the_same_records() {
    let inputs: Vec<serde_json::Value> = [
        ("risks.toml", TOML),
        ("risks.csv", CSV),
        ("risks.yaml", YAML),
        ("risks.json", JSON),
    ]
    .into_iter()
    .map(|(name, text)| {
        let s = isms(name, text);
        let (code, out, err) = common::run(None, &["input", "--now", common::NOW, s.path().to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let mut input: serde_json::Value = serde_json::from_str(&out).unwrap();
        let risks = input["registers"]["risks"].take();
        risks
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r.as_object_mut().unwrap().remove("_file");
                r
            })
            .collect()
    })
    .collect();
    for other in &inputs[1..] {
        assert_eq!(&inputs[0], other);
    }
    assert_eq!(inputs[0][1]["controls"], serde_json::json!(["A.6.3", "A.8.5"]));
    assert_eq!(inputs[0][1]["likelihood"], 4);
}
