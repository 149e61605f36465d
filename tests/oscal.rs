//! `isms report --format oscal | oscal-catalog | oscal-profile`: the
//! documents are valid under NIST's published OSCAL 1.2.3 JSON schemas
//! (vendored in tests/oscal with NIST's licence), a real OSCAL consumer
//! (compliance-trestle, from PyPI; scripts/test installs it into
//! target/tools/venv) imports and validates them, they say what the check
//! found — statuses of known clauses and controls, `file:line` evidence,
//! the example's one waiver as an accepted risk, the demo's signed
//! approvals — and two runs on one commit give the same bytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Scratch;
use serde_json::Value;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-06-30";

/// `isms report --now NOW --format FORMAT` in `dir`: the document's text.
fn report(dir: &Path, format: &str) -> String {
    let (code, out, err) = common::run(Some(dir), &["report", "--now", NOW, "--format", format]);
    assert_eq!(code, 0, "{out}{err}");
    out
}

/// The schema errors of `doc` under NIST's schema of `model`.
fn schema_errors(model: &str, doc: &Value) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/oscal/oscal_{model}_schema.json"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn assert_valid(model: &str, text: &str) -> Value {
    let doc: Value = serde_json::from_str(text).unwrap();
    let errors = schema_errors(model, &doc);
    assert!(errors.is_empty(), "not valid OSCAL {model}:\n{}", errors.join("\n"));
    doc
}

/// The finding of a clause or control, by its label (`6.1.2`, `A.5.15`).
fn finding<'a>(result: &'a Value, label: &str) -> &'a Value {
    result["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["props"][0]["value"] == label)
        .unwrap_or_else(|| panic!("no finding for {label}"))
}

/// (OSCAL state, OSCAL reason, isms status) of a finding.
fn status(result: &Value, label: &str) -> (String, String, String) {
    let f = finding(result, label);
    let prop = |name: &str| {
        f["props"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["value"].as_str().unwrap().to_string())
            .unwrap()
    };
    (
        f["target"]["status"]["state"].as_str().unwrap().into(),
        f["target"]["status"]["reason"].as_str().unwrap().into(),
        prop("status"),
    )
}

fn s(state: &str, reason: &str, status: &str) -> (String, String, String) {
    (state.into(), reason.into(), status.into())
}

fn prop<'a>(item: &'a Value, name: &str) -> Vec<&'a str> {
    item["props"]
        .as_array()
        .map(|props| {
            props
                .iter()
                .filter(|p| p["name"] == name)
                .map(|p| p["value"].as_str().unwrap())
                .collect()
        })
        .unwrap_or_default()
}

fn head(dir: &Path) -> String {
    git2::Repository::open(dir)
        .unwrap()
        .head()
        .unwrap()
        .peel_to_commit()
        .unwrap()
        .id()
        .to_string()
}

/// The Annex A ids the example's SoA marks applicable, read with the csv
/// crate.
fn applicable_in_example() -> Vec<String> {
    let mut reader = csv::Reader::from_path(common::example().join("registers/soa.csv")).unwrap();
    reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[1] == "Yes")
        .map(|r| r[0].to_string())
        .collect()
}

#[test]
fn the_examples_results_are_valid_oscal_and_say_what_the_check_found() {
    let scratch = Scratch::example();
    let commit = head(scratch.path());
    let text = report(scratch.path(), "oscal");
    let doc = assert_valid("assessment-results", &text);
    let ar = &doc["assessment-results"];
    assert_eq!(ar["metadata"]["oscal-version"], "1.2.3");
    assert_eq!(ar["metadata"]["version"], commit.as_str());
    assert_eq!(ar["metadata"]["last-modified"], "2026-06-30T00:00:00Z");
    assert_eq!(ar["results"].as_array().unwrap().len(), 1);
    let result = &ar["results"][0];
    assert_eq!(result["start"], "2026-06-30T00:00:00Z");
    assert_eq!(prop(result, "commit"), [commit.as_str()]);
    assert_eq!(
        prop(result, "tool"),
        [format!("isms {}", env!("CARGO_PKG_VERSION")).as_str()]
    );

    // A finding per clause (30) and Annex A control (93), each reviewed.
    let findings = result["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 123);
    let reviewed = result["reviewed-controls"]["control-selections"][0]["include-controls"]
        .as_array()
        .unwrap();
    assert_eq!(reviewed.len(), 123);
    assert_eq!(findings[0]["target"]["target-id"], "clause-4.1");
    assert_eq!(findings[122]["target"]["target-id"], "a-8.34");

    // Statuses: the example's only error is waived, so what the rules
    // evidence is satisfied; what no rule evidences is said so.
    assert_eq!(status(result, "6.1.2"), s("satisfied", "pass", "satisfied"));
    assert_eq!(status(result, "9.3.1"), s("satisfied", "pass", "satisfied"));
    assert_eq!(status(result, "A.8.32"), s("satisfied", "pass", "satisfied"));
    assert_eq!(status(result, "4.1"), s("not-satisfied", "other", "not-evidenced"));
    assert_eq!(status(result, "A.7.4"), s("not-satisfied", "other", "not-evidenced"));
    assert_eq!(prop(finding(result, "A.7.4"), "applicability"), ["applicable"]);
    // The SoA's word on each control: applicability and implementation.
    let implementation = |label: &str| finding(result, label)["target"]["implementation-status"]["state"].clone();
    assert_eq!(implementation("A.8.32"), "implemented");
    assert_eq!(implementation("A.5.1"), "planned");
    assert_eq!(implementation("A.7.5"), "not-applicable");
    assert_eq!(prop(finding(result, "A.7.5"), "applicability"), ["not-applicable"]);
    assert!(
        finding(result, "9.3.1")["target"]
            .get("implementation-status")
            .is_none()
    );
    assert_eq!(prop(finding(result, "A.5.3"), "rule")[0], "ISMS-APPROVAL-001");

    // The waiver: exactly one risk, accepted by the CISO until it expires,
    // tied to the observation of the finding it waives (its file:line).
    let risks = result["risks"].as_array().unwrap();
    assert_eq!(risks.len(), 1);
    let risk = &risks[0];
    assert_eq!(risk["status"], "deviation-approved");
    assert_eq!(prop(risk, "rule"), ["ISMS-RISK-002"]);
    assert_eq!(prop(risk, "approved-by"), ["ciso"]);
    assert_eq!(prop(risk, "expires"), ["2027-03-31"]);
    assert_eq!(risk["deadline"], "2027-03-31T00:00:00Z");
    assert_eq!(
        risk["risk-log"]["entries"][0]["title"],
        "Accepted by Priya Raman (CISO)"
    );
    assert!(
        risk["statement"]
            .as_str()
            .unwrap()
            .starts_with("Waived in isms.toml: Supplier-assessed residual score pending re-assessment")
    );
    let party = risk["risk-log"]["entries"][0]["logged-by"][0]["party-uuid"].clone();
    assert!(
        ar["metadata"]["parties"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["uuid"] == party && p["name"] == "Priya Raman (CISO)")
    );
    let observed = risk["related-observations"][0]["observation-uuid"].clone();
    let observation = result["observations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["uuid"] == observed)
        .unwrap();
    assert_eq!(prop(observation, "rule"), ["ISMS-RISK-002"]);
    assert_eq!(prop(observation, "waived"), ["true"]);
    let evidence = &observation["relevant-evidence"][0];
    assert_eq!(evidence["href"], "registers/risks.csv#L31");
    assert_eq!(
        evidence["description"],
        format!("registers/risks.csv:31 at commit {commit}").as_str()
    );
    assert_eq!(prop(evidence, "commit"), [commit.as_str()]);
    // Both clauses the waived finding cites carry the accepted risk.
    for label in ["6.1.2", "8.2"] {
        assert_eq!(finding(result, label)["related-risks"][0]["risk-uuid"], risk["uuid"]);
    }
    assert!(finding(result, "6.1.3").get("related-risks").is_none());

    // Two runs of the same commit: the same bytes.
    assert_eq!(report(scratch.path(), "oscal"), text);

    // The schema is enforced: an id that is no token (OSCAL ids may not
    // start with a digit: `\p{L}` patterns) and a UUID of version 1 fail.
    let mut bad = doc.clone();
    bad["assessment-results"]["results"][0]["findings"][0]["target"]["target-id"] = "4.1".into();
    bad["assessment-results"]["uuid"] = "8c1ad0e2-d3a1-11ee-a506-0242ac120002".into();
    let errors = schema_errors("assessment-results", &bad);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("/results/0/findings/0/target/target-id")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.ends_with("at /assessment-results/uuid")),
        "{errors:#?}"
    );
}

#[test]
fn the_catalog_and_the_profile_are_valid_oscal_and_the_profile_is_the_soa() {
    let scratch = Scratch::example();
    let text = report(scratch.path(), "oscal-catalog");
    let catalog = assert_valid("catalog", &text);
    let groups = catalog["catalog"]["groups"].as_array().unwrap();
    let ids: Vec<&str> = groups
        .iter()
        .flat_map(|g| g["groups"].as_array().unwrap())
        .flat_map(|g| g["controls"].as_array().unwrap())
        .map(|c| c["props"][0]["value"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 123);
    assert_eq!((ids[0], ids[29], ids[30], ids[122]), ("4.1", "10.2", "A.5.1", "A.8.34"));
    // Not one of the standard's own titles: spot checks of ones that
    // would be tempting to copy.
    let title = |label: &str| {
        groups
            .iter()
            .flat_map(|g| g["groups"].as_array().unwrap())
            .flat_map(|g| g["controls"].as_array().unwrap())
            .find(|c| c["props"][0]["value"] == label)
            .map(|c| c["title"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(title("A.5.15"), "Access control policy and rules");
    assert_ne!(title("9.1"), "Monitoring, measurement, analysis and evaluation");
    assert_ne!(title("10.1"), "Continual improvement");
    assert_eq!(report(scratch.path(), "oscal-catalog"), text);

    let profile = assert_valid("profile", &report(scratch.path(), "oscal-profile"));
    let selected: Vec<&str> = profile["profile"]["imports"][0]["include-controls"][0]["with-ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let applicable = applicable_in_example();
    assert_eq!(applicable.len(), 88);
    let expected: Vec<String> = isms::report::pack::CLAUSES
        .iter()
        .map(|c| format!("clause-{c}"))
        .chain(applicable.iter().map(|c| format!("a-{}", c.trim_start_matches("A."))))
        .collect();
    assert_eq!(selected, expected);
    // The assessment results point at both.
    let ar: Value = serde_json::from_str(&report(scratch.path(), "oscal")).unwrap();
    let resources = ar["assessment-results"]["back-matter"]["resources"].as_array().unwrap();
    assert!(resources.iter().any(|r| r["uuid"] == catalog["catalog"]["uuid"]));
    assert!(resources.iter().any(|r| r["uuid"] == profile["profile"]["uuid"]));
}

#[test]
fn outside_git_the_unverified_approvals_are_a_warning_on_what_they_evidence() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::example(), tmp.path());
    let doc = assert_valid("assessment-results", &report(tmp.path(), "oscal"));
    let ar = &doc["assessment-results"];
    assert_eq!(ar["metadata"]["version"], "not-in-git");
    let result = &ar["results"][0];
    assert!(prop(result, "commit").is_empty());
    assert!(result["remarks"].as_str().unwrap().contains("not in a git repository"));
    // ISMS-APPROVAL-007 warns that nothing was verified: satisfied, but
    // not a plain pass, on each clause and control it evidences.
    for label in ["5.1", "7.5.3", "A.5.3", "A.8.32"] {
        assert_eq!(status(result, label), s("satisfied", "other", "satisfied"), "{label}");
        assert_eq!(
            finding(result, label)["target"]["status"]["remarks"],
            "satisfied with 1 warning"
        );
    }
    assert_eq!(status(result, "6.1.2"), s("satisfied", "pass", "satisfied"));
    let warning = result["observations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| prop(o, "rule") == ["ISMS-APPROVAL-007"])
        .unwrap();
    assert_eq!(prop(warning, "severity"), ["warning"]);
    assert_eq!(warning["relevant-evidence"][0]["description"], "isms.toml:1");
}

#[test]
fn an_organisations_own_rule_is_named_apart_and_its_finding_fails_what_it_cites() {
    // Outside git: in a repository, a rule folder added since the
    // approved configuration is not loaded until it is approved.
    let scratch = Scratch::empty();
    common::copy_dir(&common::example(), scratch.path());
    scratch.replace("isms.toml", "[rules]\n", "[rules]\ncustom = \"rules\"\n");
    scratch.write(
        "rules/cctv.rego",
        "# METADATA\n# title: The CCTV log is kept\n# custom:\n#   id: ACME-001\n#   clauses: [\"9.1\"]\n#   controls: [\"A.7.4\"]\npackage acme.cctv\n\ndeny contains {\"msg\": \"no CCTV log\"} if true\n",
    );
    let doc = assert_valid("assessment-results", &report(scratch.path(), "oscal"));
    let result = &doc["assessment-results"]["results"][0];
    for label in ["9.1", "A.7.4"] {
        assert_eq!(
            status(result, label),
            s("not-satisfied", "fail", "not-satisfied"),
            "{label}"
        );
        assert_eq!(prop(finding(result, label), "organisation-rule"), ["ACME-001"]);
        assert!(prop(finding(result, label), "rule").is_empty());
    }
    let observation = result["observations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| prop(o, "rule") == ["ACME-001"])
        .unwrap();
    assert_eq!(observation["description"], "no CCTV log");
    assert_eq!(prop(observation, "control"), ["A.7.4"]);
}

/// The signed demo repository: `isms demo DIR` (its pull request branch
/// lacks one approval).
fn demo() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("lumen");
    let (code, out, err) = common::run(None, &["demo", dir.to_str().unwrap(), "--color", "never"]);
    assert_eq!(code, 0, "{out}{err}");
    (tmp, dir)
}

#[test]
fn the_demos_results_carry_its_signed_approvals_and_the_missing_one() {
    let (_tmp, dir) = demo();
    let text = report(&dir, "oscal");
    let doc = assert_valid("assessment-results", &text);
    let result = &doc["assessment-results"]["results"][0];
    // The branch's change to the risk register lacks its approval: the
    // clauses and controls the approval rule evidences are not satisfied.
    for label in ["5.1", "7.5.3", "A.5.3", "A.8.32"] {
        assert_eq!(
            status(result, label),
            s("not-satisfied", "fail", "not-satisfied"),
            "{label}"
        );
    }
    assert_eq!(status(result, "6.1.2"), s("satisfied", "pass", "satisfied"));
    let observations = result["observations"].as_array().unwrap();
    let approvals: Vec<&Value> = observations.iter().filter(|o| o["types"][0] == "historic").collect();
    let titles: Vec<&str> = approvals.iter().map(|o| o["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "docs/policies/information-security-policy.md version 1: approved",
            "isms.toml version 1: approved",
            "registers/risks.csv version 1: approved",
            "registers/soa.csv version 1: approved",
            "registers/risks.csv version 2: approved",
            "registers/risks.csv version 3: not approved",
            "registers/risks.csv version 4: not approved",
        ]
    );
    // Each approval names the approver and the verified key, and the
    // approving commit is in the repository.
    let repo = git2::Repository::open(&dir).unwrap();
    let policy = approvals[0]["relevant-evidence"][0].clone();
    assert_eq!(policy["href"], "docs/policies/information-security-policy.md");
    assert_eq!(prop(&policy, "approver"), ["maya"]);
    assert!(prop(&policy, "key")[0].starts_with("SHA256:"), "{policy}");
    let approving = git2::Oid::from_str(prop(&policy, "commit")[0]).unwrap();
    assert!(repo.find_commit(approving).is_ok());
    assert_eq!(
        approvals[5]["relevant-evidence"][0]["description"]
            .as_str()
            .unwrap()
            .split(" of commit ")
            .next(),
        Some("No verified approval of the version")
    );
    // The findings the approval rule evidences point at those observations.
    let related: Vec<&Value> = finding(result, "7.5.3")["related-observations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["observation-uuid"])
        .collect();
    assert!(approvals.iter().all(|a| related.contains(&&a["uuid"])));
    // The rule finding of the missing approval points at its file:line.
    let missing = observations
        .iter()
        .find(|o| prop(o, "rule") == ["ISMS-APPROVAL-001"])
        .unwrap();
    assert!(
        missing["relevant-evidence"][0]["href"]
            .as_str()
            .unwrap()
            .starts_with("registers/risks.csv#L"),
        "{missing}"
    );
    assert_eq!(report(&dir, "oscal"), text);
}

/// compliance-trestle, from target/tools/venv (scripts/test installs it).
fn trestle() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/venv/bin/trestle");
    assert!(
        venv.exists(),
        "compliance-trestle is not installed at {}: run scripts/test (it installs it into target/tools/venv)",
        venv.display()
    );
    venv
}

fn run_trestle(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(trestle())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "trestle {args:?} failed:\n{text}");
    text
}

#[test]
fn compliance_trestle_imports_and_validates_every_document() {
    let (_tmp, demo) = demo();
    let example = Scratch::example();
    // Trestle refuses to import a file from inside its own project.
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("trestle");
    std::fs::create_dir(&work).unwrap();
    let files = [
        ("lumen", report(example.path(), "oscal")),
        ("demo", report(&demo, "oscal")),
        ("iso27001", report(example.path(), "oscal-catalog")),
        ("lumen-profile", report(example.path(), "oscal-profile")),
    ];
    run_trestle(&work, &["init"]);
    for (name, text) in &files {
        let path = tmp.path().join(format!("{name}.json"));
        std::fs::write(&path, text).unwrap();
        run_trestle(&work, &["import", "-f", path.to_str().unwrap(), "-o", name]);
    }
    let out = run_trestle(&work, &["validate", "-a"]);
    let valid: Vec<&str> = out.lines().filter(|l| l.starts_with("VALID: ")).collect();
    assert_eq!(valid.len(), 4, "{out}");
    for model in [
        "assessment-results/lumen/assessment-results.json",
        "assessment-results/demo/assessment-results.json",
        "catalogs/iso27001/catalog.json",
        "profiles/lumen-profile/profile.json",
    ] {
        assert!(valid.iter().any(|l| l.contains(model)), "{model} not valid:\n{out}");
        assert!(work.join(model).exists());
    }
    assert!(!out.contains("INVALID"), "{out}");
    // What trestle read back is what isms wrote: the findings and their
    // states survive the round trip.
    let back: Value = serde_json::from_str(
        &std::fs::read_to_string(work.join("assessment-results/lumen/assessment-results.json")).unwrap(),
    )
    .unwrap();
    let ours: Value = serde_json::from_str(&files[0].1).unwrap();
    let states = |v: &Value| -> Vec<(String, String)> {
        v["assessment-results"]["results"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["target"]["target-id"].as_str().unwrap().to_string(),
                    f["target"]["status"]["state"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(states(&back), states(&ours));
    // So does the accepted risk (trestle writes UTC as `+00:00`).
    let risks: Value = serde_json::from_str(
        &back["assessment-results"]["results"][0]["risks"]
            .to_string()
            .replace("+00:00", "Z"),
    )
    .unwrap();
    assert_eq!(risks, ours["assessment-results"]["results"][0]["risks"]);
}
