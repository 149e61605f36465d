//! The rule pack on broken variants of the example: for each duty, the
//! failure is reported with the right rule, file and line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{Scratch, check_at, example, findings, t};

const SOA: &str = "registers/soa.csv";
const RISKS: &str = "registers/risks.csv";

fn only(s: &Scratch, args: &[&str]) -> Vec<(String, String, u64, u64)> {
    let (code, json) = s.check(args);
    assert_eq!(code, 1, "{json:#}");
    findings(&json)
}

fn message(s: &Scratch, args: &[&str], i: usize) -> String {
    let (_, json) = s.check(args);
    let unwaived: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["waived"] == false)
        .collect();
    unwaived[i]["message"].as_str().unwrap().to_string()
}

#[test]
fn soa_missing_a_control() {
    let s = Scratch::example();
    s.replace(
        SOA,
        "A.5.9,Yes,Best practice for SaaS providers,implemented,CISO,evidence/a.5.9,2026-09-15\n",
        "",
    );
    assert_eq!(only(&s, &[]), [t("ISMS-SOA-001", SOA, 1, 1)]);
    assert_eq!(
        message(&s, &[], 0),
        "the Statement of Applicability lacks 1 of the 93 Annex A controls: A.5.9"
    );
}

#[test]
fn soa_listing_a_control_twice_under_another_spelling() {
    let s = Scratch::example();
    s.append(SOA, "5.09,Yes,Duplicate,implemented,CISO,,2026-09-15\n");
    assert_eq!(only(&s, &[]), [t("ISMS-SOA-001", SOA, 95, 1)]);
    assert_eq!(
        message(&s, &[], 0),
        "A.5.9 is listed more than once in the Statement of Applicability (first as entry 9)"
    );
}

#[test]
fn soa_entry_without_justification_or_owner() {
    let s = Scratch::example();
    s.replace(
        SOA,
        "A.5.10,Yes,Contractual requirement (NHS DSPT),implemented,ISMS Manager,",
        "A.5.10,Yes,,implemented,,",
    );
    assert_eq!(
        only(&s, &[]),
        [t("ISMS-SOA-002", SOA, 11, 1), t("ISMS-SOA-002", SOA, 11, 1)]
    );
}

#[test]
fn duplicate_asset_id() {
    let s = Scratch::example();
    s.replace(
        "registers/assets.csv",
        "AS-012,Email and office suite",
        "AS-011,Email and office suite",
    );
    // The renamed asset is gone, so the risks that named it are flagged too.
    assert_eq!(
        only(&s, &[]),
        [
            t("ISMS-REG-001", "registers/assets.csv", 13, 1),
            t("ISMS-RISK-004", RISKS, 3, 46),
            t("ISMS-RISK-004", RISKS, 21, 38)
        ]
    );
}

#[test]
fn residual_risk_above_threshold_without_acceptance() {
    let s = Scratch::example();
    s.replace(RISKS, "\"A.8.6, A.8.20\",3,2,6,", "\"A.8.6, A.8.20\",3,4,12,");
    assert_eq!(only(&s, &[]), [t("ISMS-RISK-003", RISKS, 13, 1)]);
    assert_eq!(
        message(&s, &[], 0),
        "risk R-012: residual score 12 is above the acceptance threshold 9 but nobody accepted it"
    );
}

#[test]
fn risk_naming_an_unknown_asset() {
    let s = Scratch::example();
    s.replace(
        RISKS,
        "R-012,DDoS against the web application,cto,AS-003,",
        "R-012,DDoS against the web application,cto,AS-093,",
    );
    assert_eq!(only(&s, &[]), [t("ISMS-RISK-004", RISKS, 13, 44)]);
}

#[test]
fn new_person_without_awareness_training() {
    let s = Scratch::example();
    s.replace(
        "isms.toml",
        "[[approval]]\nname = \"information security policy\"",
        "[[person]]\nid = \"zoe\"\nname = \"Zoe Adams\"\nroles = [\"engineer\"]\n\n[[approval]]\nname = \"information security policy\"",
    );
    assert_eq!(only(&s, &[]), [t("ISMS-TRAIN-001", "isms.toml", 129, 1)]);
}

#[test]
fn stale_management_review() {
    let (code, json) = check_at(&example(), &["--now", "2027-03-20"]);
    assert_eq!(code, 1);
    let got = findings(&json);
    assert!(
        got.contains(&t("ISMS-MR-001", "registers/reviews.toml", 5, 11)),
        "{got:?}"
    );
}

#[test]
fn overdue_nonconformity() {
    let s = Scratch::example();
    s.replace(
        "registers/nonconformities.toml",
        "status = \"closed\"",
        "status = \"in-progress\"",
    );
    assert_eq!(
        only(&s, &[]),
        [t("ISMS-NC-001", "registers/nonconformities.toml", 11, 10)]
    );
}
