//! `isms check` on the example ISMS and on broken variants of it: the
//! exact findings (rule, file, line, column) and exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{Scratch, check_at, example, findings, t};

const POLICY: &str = "docs/policies/information-security-policy.md";
const RISKS: &str = "registers/risks.csv";

#[test]
fn example_passes_with_one_waived_finding() {
    let (code, json) = check_at(&example(), &["--no-history"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["warnings"], 0);
    assert_eq!(json["summary"]["waived"], 1);
    assert_eq!(json["summary"]["files"], 31);
    assert_eq!(json["summary"]["rules"], 55);
    let f = &json["findings"][0];
    assert_eq!(f["rule"], "ISMS-RISK-002");
    assert_eq!(f["file"], RISKS);
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(31), Some(162)));
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(31), Some(163))
    );
    assert_eq!(f["target"], "risks/R-030/residual_score");
    assert_eq!(f["clauses"], serde_json::json!(["6.1.2", "8.2"]));
    assert_eq!(f["waived"], true);
    assert_eq!(f["waiver"]["approved_by"], "ciso");
}

#[test]
fn wrong_risk_score_points_at_the_cell() {
    let s = Scratch::example();
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1);
    assert_eq!(findings(&json), [t("ISMS-RISK-002", RISKS, 8, 112)]);
    assert_eq!(
        json["findings"][0]["message"],
        "risk R-007: score is 21 but likelihood × impact is 4 × 5 = 20"
    );
}

#[test]
fn likelihood_off_the_scale() {
    let s = Scratch::example();
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,6,5,30,");
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1);
    assert_eq!(findings(&json), [t("ISMS-RISK-002", RISKS, 8, 108)]);
    assert_eq!(json["findings"][0]["target"], "risks/R-007/likelihood");
}

#[test]
fn unknown_and_vacant_risk_owners() {
    let s = Scratch::example();
    s.replace(
        RISKS,
        "R-007,Backup restore fails during incident,Head of Operations,",
        "R-007,Backup restore fails during incident,Practice Manager,",
    );
    // A role with no active holder: Chris left, and held the only engineer
    // role left to him in this variant.
    s.replace(
        "isms.toml",
        "[roles.support-lead]\nname = \"Support Lead\"",
        "[roles.support-lead]\nname = \"Support Lead\"\n\n[roles.night-shift]\nname = \"Night Shift Lead\"",
    );
    s.replace(
        RISKS,
        "R-015,Data sent to wrong customer,Support Lead,",
        "R-015,Data sent to wrong customer,Night Shift Lead,",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1);
    // The new role has no holder at all: that is one to-do of the roles
    // rule, naming the risk it leaves without an accountable owner, not
    // one error per record naming the role.
    assert_eq!(
        findings(&json),
        [t("ISMS-ROLE-001", "isms.toml", 54, 1), t("ISMS-RISK-001", RISKS, 8, 44)]
    );
    assert_eq!(json["findings"][0]["todo"], true);
    let messages: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["waived"] == false)
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "the role night-shift (Night Shift Lead) is held by nobody: say who holds it (a [[person]] with roles = [\"night-shift\"])",
            "risk R-007 is owned by \"Practice Manager\", who is not a person or role in isms.toml",
        ]
    );
}

#[test]
fn risk_owner_by_email_and_by_name_resolves() {
    let s = Scratch::example();
    s.replace(
        RISKS,
        "R-007,Backup restore fails during incident,Head of Operations,",
        "R-007,Backup restore fails during incident,sam.whitfield@lumen-health.example,",
    );
    s.replace(
        RISKS,
        "R-015,Data sent to wrong customer,Support Lead,",
        "R-015,Data sent to wrong customer,Ben Carter,",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn policy_approved_by_someone_outside_top_management() {
    let s = Scratch::example();
    s.replace(POLICY, "approved_by = \"maya\"", "approved_by = \"tom\"");
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1);
    assert_eq!(findings(&json), [t("ISMS-POL-002", POLICY, 8, 15)]);
    assert_eq!(json["findings"][0]["target"], "documents/POL-001/approved_by");
}

#[test]
fn policy_approved_by_a_top_management_role_passes() {
    let s = Scratch::example();
    s.replace(
        POLICY,
        "approved_by = \"maya\"",
        "approved_by = \"Chief Executive Officer\"",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn draft_policy_and_missing_approval() {
    let s = Scratch::example();
    s.replace(POLICY, "status = \"approved\"", "status = \"draft\"");
    s.replace(POLICY, "approved_by = \"maya\"\n", "");
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1);
    // One defect, one finding: a draft with no approval is the policy not
    // approved, said once at its status.
    assert_eq!(findings(&json), [t("ISMS-POL-002", POLICY, 6, 10)]);
    assert_eq!(
        json["findings"][0]["message"],
        "the information security policy POL-001 is not approved: its status is draft; it names no approver"
    );
}

#[test]
fn stale_policy_a_year_later() {
    let (code, json) = check_at(&example(), &["--no-history", "--now", "2027-03-05"]);
    assert_eq!(code, 1);
    // By then the acceptable use policy (due 2027-02-15) is overdue as well,
    // and Sam's role-specific training (2026-02) has lapsed (Ben's awareness
    // course of 2026-01 is still valid by its own date, 2027-06-30)…
    assert_eq!(
        findings(&json),
        [
            t("ISMS-DOC-001", "docs/policies/acceptable-use.md", 10, 15),
            t("ISMS-POL-003", POLICY, 10, 15),
            // …and the risk assessment procedure is due for its review.
            t("ISMS-DOC-001", "docs/procedures/risk-assessment.md", 10, 14),
            t("ISMS-TRAIN-002", "isms.toml", 98, 9),
            // …the supplier audit planned for 2027-02-15 is not recorded as
            // performed…
            t("ISMS-AUD-001", "registers/audits.toml", 24, 1),
            // …there is no budget for 2027 yet…
            t("ISMS-RES-001", "registers/budget.toml", 1, 1),
            // …and three improvement actions and objectives are overdue (warnings).
            t("ISMS-IMP-001", "registers/improvements.yaml", 8, 13),
            t("ISMS-IMP-001", "registers/improvements.yaml", 16, 13),
            t("ISMS-IMP-001", "registers/objectives.toml", 18, 10),
        ]
    );
    assert_eq!(
        json["findings"][1]["message"],
        "the information security policy POL-001 was due for review on 2027-03-01"
    );
}

#[test]
fn review_interval_is_a_setting() {
    let s = Scratch::example();
    s.replace("isms.toml", "review_interval_months = 12", "review_interval_months = 6");
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1);
    // The interval governs the management review (9.3) and risk reviews
    // (8.2) too: R-021 was last reviewed in May.
    assert_eq!(
        findings(&json),
        [
            t("ISMS-POL-003", POLICY, 9, 15),
            t("ISMS-MR-001", "registers/reviews.toml", 5, 11),
            t("ISMS-RISK-005", RISKS, 22, 134)
        ]
    );
}

#[test]
fn missing_policy_points_at_the_organisation() {
    let s = Scratch::example();
    s.replace(
        POLICY,
        "type = \"information-security-policy\"",
        "type = \"topic-specific-policy\"",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1);
    assert_eq!(findings(&json), [t("ISMS-POL-001", "isms.toml", 4, 1)]);
}

#[test]
fn expired_waiver_is_an_error_and_no_longer_waives() {
    let (_, json) = check_at(&example(), &["--no-history", "--now", "2027-02-01"]);
    let got = findings(&json);
    assert!(
        !got.iter().any(|f| f.0 == "ISMS-WAIVER-001" || f.0 == "ISMS-RISK-002"),
        "{got:?}"
    );
    assert_eq!(json["summary"]["waived"], 1);
    let (code, json) = check_at(&example(), &["--no-history", "--now", "2027-04-01"]);
    assert_eq!(code, 1);
    let got = findings(&json);
    assert!(got.contains(&t("ISMS-WAIVER-001", "isms.toml", 237, 11)), "{got:?}");
    assert!(got.contains(&t("ISMS-RISK-002", RISKS, 31, 162)), "{got:?}");
    assert_eq!(json["summary"]["waived"], 0);
}

#[test]
fn severity_settings_turn_rules_down_or_off() {
    let s = Scratch::example();
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    s.replace(
        "isms.toml",
        "[rules]\n",
        "[rules]\nseverity = { \"ISMS-RISK-002\" = \"warning\" }\n",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 0);
    assert_eq!(json["summary"]["warnings"], 1);
    assert_eq!(json["findings"][1]["severity"], "warning");
    let (code, _) = s.check(&["--fail-on", "warning"]);
    assert_eq!(code, 1);

    s.replace(
        "isms.toml",
        "\"ISMS-RISK-002\" = \"warning\"",
        "\"ISMS-RISK-002\" = \"off\"",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 0);
    assert_eq!(json["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn organisation_rules_run_beside_the_pack() {
    let s = Scratch::example();
    s.replace("isms.toml", "[rules]\n", "[rules]\ncustom = \"rules\"\n");
    s.write(
        "rules/assets.rego",
        r#"# METADATA
# title: Critical assets are restricted
# custom:
#   id: LUMEN-001
#   clauses: ["8.1"]
#   controls: ["A.5.12"]
#   remediation: Classify critical assets as restricted.
package lumen.assets

warn contains {"msg": sprintf("asset %s is critical but only %s", [a.id, a.classification]), "register": "assets", "record": a.id, "field": "classification"} if {
	some a in input.registers.assets
	a.criticality == "critical"
	a.classification != "restricted"
}
"#,
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["rules"], 56);
    assert_eq!(
        findings(&json),
        [
            t("LUMEN-001", "registers/assets.csv", 4, 43),
            t("LUMEN-001", "registers/assets.csv", 7, 49),
            t("LUMEN-001", "registers/assets.csv", 12, 45)
        ]
    );
    let f = &json["findings"][0];
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["controls"], serde_json::json!(["A.5.12"]));
    assert_eq!(f["help"], "Classify critical assets as restricted.");
    let (code, _) = s.check(&["--fail-on", "warning"]);
    assert_eq!(code, 1);
}

#[test]
fn finds_isms_toml_in_a_parent_folder() {
    let dir = example().join("docs/policies");
    let (code, _, _) = common::run(
        Some(&dir),
        &["check", "--no-history", "--now", common::NOW, "--format", "json"],
    );
    assert_eq!(code, 0);
}

#[test]
fn human_output_underlines_the_value_without_colour_when_piped() {
    let s = Scratch::example();
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    let path = s.path().to_str().unwrap();
    let (code, text, _) = common::run(None, &["check", "--now", common::NOW, path]);
    assert_eq!(code, 1);
    assert!(!text.contains('\u{1b}'), "colour escape in piped output");
    assert!(text.contains("ISMS-RISK-002"), "{text}");
    assert!(text.contains("[registers/risks.csv:8:112]"), "{text}");
    assert!(
        text.contains("risk R-007: score is 21 but likelihood × impact is 4 × 5 = 20"),
        "{text}"
    );
    assert!(text.contains("evidences ISO 27001 6.1.2, ISO 27001 8.2"), "{text}");
    assert!(text.contains("✗ 1 error, 0 warnings, 1 waived"), "{text}");
    let (_, forced, _) = common::run(None, &["--color", "always", "check", "--now", common::NOW, path]);
    assert!(forced.contains('\u{1b}'));
}

#[test]
fn staged_checks_the_index_not_the_working_tree() {
    let s = Scratch::example();
    let stage = |s: &Scratch| {
        let repo = git2::Repository::open(s.path()).unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(std::path::Path::new(RISKS)).unwrap();
        index.write().unwrap();
    };
    // A broken score in the working tree only: the index is still clean.
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    let (code, json) = s.check(&["--staged"]);
    assert_eq!(code, 0, "{json:#}");
    assert!(json["approvals"].is_null(), "no history work when staged");
    // Staged: the commit would carry it.
    stage(&s);
    let (code, json) = s.check(&["--staged"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&json), [t("ISMS-RISK-002", RISKS, 8, 112)]);
    // Fixed in the working tree but not staged: still refused.
    s.replace(RISKS, "Untested restores,4,5,21,", "Untested restores,4,5,20,");
    let (code, _) = s.check(&["--staged"]);
    assert_eq!(code, 1);
    stage(&s);
    let (code, _) = s.check(&["--staged"]);
    assert_eq!(code, 0);
}
