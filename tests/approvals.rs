//! Approvals verified from real git repositories: commits made and signed
//! by the real `git` with keys `ssh-keygen` generates for each test, judged
//! by `isms check --base` (and, for the pinned trust root, without it).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{Scratch, findings, sh, t};

use common::lab::{Lab, RISKS, messages};

#[test]
fn approved_change_passes() {
    let lab = Lab::new();
    let base = lab.head();
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    lab.commit("priya", Some("priya"), "Approve R-001 rewording");
    let (code, found, json) = lab.judge(&base);
    assert_eq!(found, []);
    assert_eq!(code, 0, "{json:#}");
    let judged = &json["approvals"]["judgements"][0];
    assert_eq!(judged["path"], RISKS);
    assert_eq!(judged["approved"], true);
    assert_eq!(judged["approvers"][0]["person"], "priya");
    assert!(judged["approvers"][0]["key"].as_str().unwrap().starts_with("SHA256:"));
}

#[test]
fn unapproved_change_says_who_could_still_approve() {
    let lab = Lab::new();
    let base = lab.head();
    lab.edit_risks(1);
    let change = lab.commit("omar", Some("omar"), "Reword R-001");
    let (code, found, json) = lab.judge(&base);
    assert_eq!(code, 1);
    assert_eq!(found, [t("ISMS-APPROVAL-001", RISKS, 2, 1)]);
    let f = common::finding(&json, "ISMS-APPROVAL-001");
    assert_eq!(
        f["message"],
        format!(
            "registers/risks.csv changed in {} (\"Reword R-001\") needs 1 signed approval from ciso or cto under the rule `risk register`; it has 0",
            &change[..7]
        )
    );
    // The second place: the rule in isms.toml.
    let related = &f["related"][0];
    assert_eq!(related["file"], "isms.toml");
    assert_eq!(related["message"], "approval rule `risk register`: 1 of these roles");
    let line = related["line"].as_u64().unwrap() as usize;
    assert_eq!(
        lab.s.read("isms.toml").lines().nth(line - 1),
        Some("roles = [\"ciso\", \"cto\"]")
    );
    let help = f["help"].as_str().unwrap();
    assert!(
        help.starts_with(
            "could still approve: Lena Vogel (lena), Priya Raman (priya); approval rule `risk register` at isms.toml:"
        ),
        "{help}"
    );
}

#[test]
fn self_approval_does_not_count() {
    let lab = Lab::new();
    let base = lab.head();
    lab.edit_risks(1);
    lab.commit("priya", Some("priya"), "Reword R-001");
    lab.commit("priya", Some("priya"), "Approve my own change");
    let (code, found, _) = lab.judge(&base);
    assert_eq!(code, 1);
    // Signing her own change commit is normal; signing an approval of it
    // is the self-approval.
    assert_eq!(
        found,
        [t("ISMS-APPROVAL-001", RISKS, 2, 1), t("ISMS-APPROVAL-002", RISKS, 2, 1)]
    );
}

#[test]
fn approver_without_the_role_does_not_count() {
    let lab = Lab::new();
    let base = lab.head();
    lab.edit_risks(1);
    lab.commit("lena", Some("lena"), "Reword R-001");
    lab.commit("omar", Some("omar"), "Approve (as an engineer)");
    let (_, found, _) = lab.judge(&base);
    assert_eq!(found, [t("ISMS-APPROVAL-001", RISKS, 2, 1)]);
}

/// Someone who has left (`active = false`, kept for the history of their
/// approvals) holds their role and key still, and approves nothing new; the
/// finding names who could still approve.
#[test]
fn an_approver_who_has_left_does_not_count() {
    let lab = Lab::new();
    lab.s
        .replace("isms.toml", "roles = [\"cto\"]", "roles = [\"cto\"]\nactive = false");
    lab.amend_baseline();
    let base = lab.head();
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    lab.commit("lena", Some("lena"), "Approve R-001 rewording");
    let (code, found, json) = lab.judge(&base);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(found, [t("ISMS-APPROVAL-001", RISKS, 2, 1)]);
    let help = common::finding(&json, "ISMS-APPROVAL-001")["help"].as_str().unwrap();
    assert!(help.starts_with("could still approve: Priya Raman (priya); "), "{help}");
    // Priya, still here, approves it (the content rules still report
    // what Lena's leaving left without an active holder).
    lab.commit("priya", Some("priya"), "Approve R-001 rewording");
    let (_, found, json) = lab.judge(&base);
    assert_eq!(found, []);
    let judged = &json["approvals"]["judgements"][0];
    assert_eq!((&judged["path"], &judged["approved"]), (&RISKS.into(), &true.into()));
    assert_eq!(judged["approvers"][0]["person"], "priya");
}

#[test]
fn signer_added_in_the_same_range_does_not_count() {
    let lab = Lab::new();
    let base = lab.head();
    let zed = lab.keys["stranger"].1.clone();
    lab.s.append(
        "isms.toml",
        &format!("\n[[person]]\nid = \"zed\"\nname = \"Zed New\"\nemails = [\"zed@elsewhere.example\"]\nroles = [\"ciso\"]\nkeys = [\"{zed}\"]\n"),
    );
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Add Zed as CISO and reword R-001");
    lab.commit("zed", Some("stranger"), "Approve as Zed");
    let (code, found, json) = lab.judge(&base);
    assert_eq!(code, 1);
    // Both the register and the configuration change lack approval, and
    // Zed's key is unknown to the base.
    assert_eq!(
        found,
        [
            // Zed's approval changes no file: it is about a commit.
            t("ISMS-APPROVAL-003", "", 0, 0),
            t("ISMS-APPROVAL-001", "isms.toml", 251, 1),
            t("ISMS-APPROVAL-001", RISKS, 2, 1)
        ]
    );
    assert!(messages(&json, "ISMS-APPROVAL-003")[0].contains("which is not the key of anyone in isms.toml"));
}

#[test]
fn configuration_weakened_on_the_branch_is_judged_by_the_base() {
    let lab = Lab::new();
    let base = lab.head();
    lab.s.replace(
        "isms.toml",
        "paths = [\"registers/risks.csv\"]\nroles = [\"ciso\", \"cto\"]",
        "paths = [\"registers/risks.csv\"]\nroles = [\"engineer\"]",
    );
    lab.edit_risks(1);
    lab.commit("lena", Some("lena"), "Engineers may approve risks now");
    lab.commit("omar", Some("omar"), "Approve");
    let (_, found, _) = lab.judge(&base);
    assert_eq!(
        found,
        [
            t("ISMS-APPROVAL-001", "isms.toml", 153, 1),
            t("ISMS-APPROVAL-001", RISKS, 2, 1)
        ]
    );
}

#[test]
fn forged_approved_by_trailer() {
    let lab = Lab::new();
    let base = lab.head();
    lab.edit_risks(1);
    lab.commit(
        "omar",
        Some("omar"),
        "Reword R-001\n\nApproved-by: Priya Raman <priya.raman@lumen-health.example>",
    );
    let (_, found, json) = lab.judge(&base);
    assert_eq!(
        found,
        [t("ISMS-APPROVAL-006", RISKS, 1, 1), t("ISMS-APPROVAL-001", RISKS, 2, 1)]
    );
    assert!(
        messages(&json, "ISMS-APPROVAL-006")[0].ends_with("but is signed by Omar Haddad (omar)"),
        "{json:#}"
    );
}

#[test]
fn trailer_inside_the_approvers_own_signed_commit_is_fine() {
    let lab = Lab::new();
    let base = lab.head();
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    lab.commit("priya", Some("priya"), "Approve\n\nApproved-by: priya");
    let (code, found, _) = lab.judge(&base);
    assert_eq!((code, found), (0, vec![]));
}

#[test]
fn author_spoofing() {
    let lab = Lab::new();
    let base = lab.head();
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    // Omar signs an approval that claims Priya as its author.
    lab.commit_as("priya.raman@lumen-health.example", Some("omar"), "Approve");
    let (_, found, json) = lab.judge(&base);
    assert_eq!(
        found,
        [t("ISMS-APPROVAL-004", "", 0, 0), t("ISMS-APPROVAL-001", RISKS, 2, 1)]
    );
    assert!(messages(&json, "ISMS-APPROVAL-004")[0].contains("claims Priya Raman (priya) as its author"));
}

#[test]
fn removed_key_stops_counting_from_that_point() {
    let lab = Lab::new();
    let base = lab.head();
    lab.edit_risks(1);
    let priya = lab.keys["priya"].1.clone();
    lab.s.replace("isms.toml", &format!("\nkeys = [\"{priya}\"]"), "");
    lab.commit("lena", Some("lena"), "Reword R-001; Priya's key is compromised");
    lab.commit("priya", Some("priya"), "Approve with the removed key");
    let (_, found, json) = lab.judge(&base);
    assert_eq!(
        found,
        [
            t("ISMS-APPROVAL-003", "", 0, 0),
            t("ISMS-APPROVAL-001", "isms.toml", 86, 1),
            t("ISMS-APPROVAL-001", RISKS, 2, 1)
        ]
    );
    assert!(messages(&json, "ISMS-APPROVAL-003")[0].contains("not the key of anyone"));
}

#[test]
fn later_edit_makes_an_approval_stale() {
    let lab = Lab::new();
    let base = lab.head();
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    let approval = lab.commit("priya", Some("priya"), "Approve");
    lab.edit_risks(2);
    lab.commit("omar", Some("omar"), "Reword R-001 again");
    let (_, found, json) = lab.judge(&base);
    assert_eq!(
        found,
        [t("ISMS-APPROVAL-001", RISKS, 2, 1), t("ISMS-APPROVAL-005", RISKS, 2, 1)]
    );
    assert!(
        messages(&json, "ISMS-APPROVAL-005")[0]
            .contains(&format!("Priya Raman (priya) in {} is stale", &approval[..7]))
    );
    let f = common::finding(&json, "ISMS-APPROVAL-005");
    assert_eq!(f["severity"], "warning");
}

#[test]
fn signed_merge_approves_and_does_not_count_as_a_change() {
    let lab = Lab::new();
    let base = lab.head();
    sh(lab.path(), "git", &["checkout", "-q", "-b", "feature"], &[]);
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    sh(lab.path(), "git", &["checkout", "-q", "-"], &[]);
    let key = lab.keys["priya"].0.to_str().unwrap().to_string();
    let email = Lab::email("priya");
    sh(
        lab.path(),
        "git",
        &[
            "-c",
            "gpg.format=ssh",
            "merge",
            "-q",
            "--no-ff",
            &format!("--gpg-sign={key}"),
            "-m",
            "Merge feature",
            "feature",
        ],
        &[
            ("GIT_AUTHOR_NAME", "Priya"),
            ("GIT_AUTHOR_EMAIL", &email),
            ("GIT_COMMITTER_NAME", "Priya"),
            ("GIT_COMMITTER_EMAIL", &email),
        ],
    );
    let (code, found, json) = lab.judge(&base);
    assert_eq!((code, found), (0, vec![]), "{json:#}");
    assert_eq!(json["approvals"]["judgements"][0]["approvers"][0]["person"], "priya");
}

#[test]
fn unsigned_history_before_a_pinned_trust_root_is_not_judged() {
    let lab = Lab::new();
    lab.edit_risks(1);
    lab.commit("omar", None, "Unsigned, before adoption");
    lab.commit("omar", None, "Unsigned, before adoption (2)");
    // isms.toml needs two of the CEO and the CISO.
    let root = lab.pin_trust_root();
    let (code, json) = lab.s.check(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["approvals"]["trust_root"], root);
    assert!(
        json["approvals"]["baseline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == RISKS)
    );

    lab.edit_risks(2);
    lab.commit("omar", None, "Unsigned, after adoption");
    let (code, json) = lab.s.check(&[]);
    assert_eq!(code, 1);
    let found: Vec<_> = findings(&json)
        .into_iter()
        .filter(|f| f.0.starts_with("ISMS-APPROVAL"))
        .collect();
    assert_eq!(found, [t("ISMS-APPROVAL-001", RISKS, 1, 1)]);
}

#[test]
fn tampered_commit_is_a_bad_signature() {
    let lab = Lab::new();
    let base = lab.head();
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    lab.commit("priya", Some("priya"), "Approve");
    // Rewrite the approval's message, keeping Priya's signature.
    let raw = sh(lab.path(), "git", &["cat-file", "commit", "HEAD"], &[]).replace("Approve", "Approve all");
    std::fs::write(lab.keys_dir.path().join("forged"), raw).unwrap();
    let forged = lab.keys_dir.path().join("forged");
    let id = sh(
        lab.path(),
        "git",
        &["hash-object", "-t", "commit", "-w", forged.to_str().unwrap()],
        &[],
    );
    sh(lab.path(), "git", &["reset", "-q", "--soft", id.trim()], &[]);
    let (_, found, json) = lab.judge(&base);
    assert_eq!(
        found,
        [t("ISMS-APPROVAL-003", "", 0, 0), t("ISMS-APPROVAL-001", RISKS, 2, 1)]
    );
    let f = common::finding(&json, "ISMS-APPROVAL-003");
    assert_eq!(f["severity"], "error");
}

#[test]
fn unknown_base_revision_is_a_clear_error() {
    let lab = Lab::new();
    let (code, json) = lab.s.check(&["--base", "no-such-branch"]);
    assert_eq!(code, 2);
    assert!(
        json["problems"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot resolve `no-such-branch`")
    );
}

#[test]
fn audit_lists_every_version_with_its_approvers() {
    let lab = Lab::new();
    lab.edit_risks(1);
    let first = lab.commit("omar", Some("omar"), "Reword R-001");
    lab.commit("lena", Some("lena"), "Approve");
    lab.edit_risks(2);
    let second = lab.commit("omar", Some("omar"), "Reword R-001 again");
    let (code, out, _) = common::run(Some(lab.path()), &["audit", "--format", "json"]);
    assert_eq!(code, 1, "the second version is not approved");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let versions: Vec<(String, String, bool, Vec<String>)> = json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["path"] == RISKS)
        .map(|v| {
            (
                v["change"].as_str().unwrap().to_string(),
                v["rule"].as_str().unwrap().to_string(),
                v["approved"].as_bool().unwrap(),
                v["approvers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a["person"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    // The trust root `HEAD` is the adoption commit (the baseline): Omar's
    // two edits after it are the versions.
    assert_eq!(versions.len(), 2, "{versions:?}");
    assert_eq!(versions[0], (first, "risk register".into(), true, vec!["lena".into()]));
    assert_eq!(versions[1], (second.clone(), "risk register".into(), false, vec![]));
    assert_eq!(json["summary"]["verified"], 3);

    let (_, md, _) = common::run(Some(lab.path()), &["audit", "--format", "markdown"]);
    assert!(md.starts_with("# Approval evidence\n"), "{md}");
    assert!(
        md.contains(&format!("| `registers/risks.csv` | {} |", &second[..7])),
        "{md}"
    );
    assert!(md.contains("| lena in "), "{md}");
    assert!(md.contains("**not approved**"), "{md}");
}

#[test]
fn audit_judges_each_commit_by_its_parents_configuration() {
    let lab = Lab::new();
    // Lena's key is removed; her later signature approves nothing, whatever
    // the commit dates say.
    let lena = lab.keys["lena"].1.clone();
    lab.s.replace("isms.toml", &format!("\nkeys = [\"{lena}\"]"), "");
    lab.commit("priya", Some("priya"), "Remove Lena's key");
    lab.commit("maya", Some("maya"), "Approve the key removal");
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    lab.commit("lena", Some("lena"), "Approve with the removed key");
    let (_, out, _) = common::run(Some(lab.path()), &["audit", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let last = json["commits"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["signature"]["status"], "unknown-key", "{last:#}");
    let risks: Vec<&serde_json::Value> = json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["path"] == RISKS)
        .collect();
    assert_eq!(risks.last().unwrap()["approved"], false);
}

#[test]
fn without_a_repository_approvals_are_reported_unverified() {
    let s = Scratch::example();
    std::fs::remove_dir_all(s.path().join(".git")).unwrap();
    let (code, json) = s.check(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(findings(&json), [t("ISMS-APPROVAL-007", "isms.toml", 1, 1)]);
    let message = messages(&json, "ISMS-APPROVAL-007").remove(0);
    assert!(
        message.ends_with("is not inside a git repository: the 4 approval rule(s) of isms.toml were not verified"),
        "{message}"
    );
    let (code, json) = s.check(&["--base", "main"]);
    assert_eq!(code, 2);
    assert_eq!(json["problems"][0]["code"], "git::not-a-repository");
}

#[test]
fn an_invalid_configuration_at_the_base_is_a_clear_error() {
    let lab = Lab::new();
    let good = lab.s.read("isms.toml");
    lab.s.append("isms.toml", "\n[broken\n");
    let base = lab.commit("omar", Some("omar"), "Break isms.toml");
    lab.s.write("isms.toml", good);
    lab.commit("omar", Some("omar"), "Repair isms.toml");
    let (code, json) = lab.s.check(&["--base", &base]);
    assert_eq!(code, 2, "{json:#}");
    assert_eq!(json["problems"][0]["code"], "git::bad-config");
    assert_eq!(
        json["problems"][0]["message"],
        format!(
            "isms.toml at commit {} is not valid; it is the configuration in force there",
            &base[..7]
        )
    );
}

// Tamper attempts: a branch that tries to change the rules it is judged by.

#[test]
fn tamper_author_makes_themselves_a_signer() {
    let lab = Lab::new();
    let base = lab.head();
    lab.s.replace(
        "isms.toml",
        "github = \"ohaddad\"\nroles = [\"engineer\"]",
        "github = \"ohaddad\"\nroles = [\"engineer\", \"ciso\"]",
    );
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Make myself CISO and reword R-001");
    lab.commit("omar", Some("omar"), "Approve as CISO");
    let (code, found, _) = lab.judge(&base);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            t("ISMS-APPROVAL-001", "isms.toml", 114, 1),
            t("ISMS-APPROVAL-001", RISKS, 2, 1)
        ]
    );
}

#[test]
fn tamper_lowering_min_is_judged_by_the_old_min() {
    let lab = Lab::new();
    let base = lab.head();
    // The ISMS configuration needs the CEO and the CISO (min = 2); the
    // branch asks for one, and only the CEO approves.
    lab.s.replace(
        "isms.toml",
        "roles = [\"ceo\", \"ciso\"]\nmin = 2",
        "roles = [\"ceo\", \"ciso\"]\nmin = 1",
    );
    lab.commit("omar", Some("omar"), "One approver is enough");
    lab.commit("maya", Some("maya"), "Approve");
    let (code, found, json) = lab.judge(&base);
    assert_eq!(code, 1);
    assert_eq!(found, [t("ISMS-APPROVAL-001", "isms.toml", 165, 1)]);
    assert!(
        messages(&json, "ISMS-APPROVAL-001")[0].contains("needs 2 signed approvals from ceo or ciso under the rule `ISMS configuration`; it has 1 (Maya Okafor (maya))"),
        "{json:#}"
    );
}

#[test]
fn tamper_removing_an_approval_rule_does_not_ungovern_the_file() {
    let lab = Lab::new();
    let base = lab.head();
    lab.s.replace(
        "isms.toml",
        "[[approval]]\nname = \"risk register\"\npaths = [\"registers/risks.csv\"]\nroles = [\"ciso\", \"cto\"]\nmin = 1\n",
        "",
    );
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Risks need no approval any more");
    let (code, found, _) = lab.judge(&base);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            t("ISMS-APPROVAL-001", "isms.toml", 149, 1),
            t("ISMS-APPROVAL-001", RISKS, 2, 1)
        ]
    );
}

#[test]
fn tamper_turning_a_rule_off_or_waiving_it_on_the_branch_needs_approval() {
    for (what, config) in [
        ("off", "\n[rules.severity]\nISMS-RISK-002 = \"off\"\n"),
        (
            "waiver",
            "\n[[waiver]]\nrule = \"ISMS-RISK-002\"\ntarget = \"risks/R-001\"\nreason = \"trust me\"\napproved_by = \"ciso\"\nexpires = \"2027-06-30\"\n",
        ),
    ] {
        let lab = Lab::new();
        let base = lab.head();
        // A wrong score, and the branch's own way around the rule that finds it.
        lab.misscore_first_risk();
        lab.s.append("isms.toml", config);
        lab.commit("omar", Some("omar"), "Quiet ISMS-RISK-002");
        lab.commit("priya", Some("priya"), "Approve the risk change");
        let (code, found, _) = lab.judge(&base);
        assert_eq!(code, 1, "{what}");
        assert_eq!(found, [t("ISMS-APPROVAL-001", "isms.toml", 251, 1)], "{what}");
    }
}

/// The example with its own rules folder, `rules/`, approved on `main`.
fn lab_with_own_rules() -> Lab {
    let lab = Lab::new();
    lab.s.replace("isms.toml", "[rules]\n", "[rules]\ncustom = \"rules\"\n");
    lab.s.write(
        "rules/escalation.rego",
        "# METADATA\n# title: Incidents name who they were escalated to\n# custom:\n#   id: ACME-001\npackage acme.escalation\n\ndeny contains {\"msg\": sprintf(\"incident %s names nobody\", [i.id])} if {\n\tsome i in input.registers.incidents\n\ti.escalated_at\n\tnot i.escalated_to\n}\n",
    );
    lab.commit("priya", Some("priya"), "Our own rules");
    lab.commit("maya", Some("maya"), "Approve our own rules");
    lab
}

#[test]
fn tamper_an_always_passing_rule_cannot_hide_a_built_in_finding() {
    let lab = lab_with_own_rules();
    let base = lab.head();
    lab.misscore_first_risk();
    lab.s.write(
        "rules/allow.rego",
        "# METADATA\n# title: Everything is fine\n# custom:\n#   id: ACME-002\npackage acme.allow\n\ndeny := set()\n\nallow := true\n",
    );
    lab.commit("omar", Some("omar"), "Everything is fine");
    lab.commit("priya", Some("priya"), "Approve the risk change");
    let (code, json) = lab.s.check(&["--base", &base]);
    assert_eq!(code, 1);
    let rules: Vec<(String, String)> = findings(&json).into_iter().map(|f| (f.0, f.1)).collect();
    // The new rule file is governed, and the finding points at it.
    assert_eq!(
        rules,
        [
            ("ISMS-RISK-002".to_string(), RISKS.to_string()),
            ("ISMS-APPROVAL-001".to_string(), "rules/allow.rego".to_string()),
        ],
        "{json:#}"
    );
    assert!(messages(&json, "ISMS-APPROVAL-001")[0].starts_with("rules/allow.rego changed in"));
}

#[test]
fn tamper_replacing_a_built_in_rule_fails_closed() {
    let lab = lab_with_own_rules();
    let base = lab.head();
    // Same package as the built-in score rule, trying to make its `deny`
    // empty: the branch's rules never run (the base's do), and the change
    // to them needs approval.
    lab.misscore_first_risk();
    lab.s
        .write("rules/score.rego", "package isms.risk.score\n\ndeny := set()\n");
    lab.commit("omar", Some("omar"), "Replace the score rule");
    let (code, json) = lab.s.check(&["--base", &base]);
    assert_eq!(code, 1, "{json:#}");
    let found = findings(&json);
    assert!(
        found.contains(&t("ISMS-APPROVAL-001", "rules/score.rego", 1, 1)),
        "{found:?}"
    );
    assert!(found.iter().any(|f| f.0 == "ISMS-RISK-002"), "{found:?}");
}

/// The built-in pack is compiled beside the loading of the registers when
/// the working copy names no rules of its own; the verdict's rules are the
/// base's. A branch that drops its own rules from `isms.toml` is still
/// judged by them, as approved.
#[test]
fn tamper_dropping_the_own_rules_on_the_branch_does_not_silence_them() {
    let lab = lab_with_own_rules();
    let base = lab.head();
    let incidents = "registers/incidents.json";
    let text = lab.s.read(incidents);
    lab.s
        .write(incidents, text.replacen("\"escalated_to\": \"ceo\",", "", 1));
    lab.s.replace("isms.toml", "[rules]\ncustom = \"rules\"\n", "[rules]\n");
    lab.commit("omar", Some("omar"), "Nobody needs to be named");
    let (code, json) = lab.s.check(&["--base", &base]);
    assert_eq!(code, 1, "{json:#}");
    let found = findings(&json);
    // The rule names no record, so its finding has no place.
    assert!(
        found.contains(&t("ACME-001", "", 0, 0)),
        "the approved rule still runs: {found:?}"
    );
    assert!(
        found.iter().any(|f| f.0 == "ISMS-APPROVAL-001" && f.1 == "isms.toml"),
        "{found:?}"
    );
}
