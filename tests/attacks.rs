//! Attacks on the gate by someone with write access to a branch but no
//! approver's key, each on a real repository whose commits are made and
//! signed by the real `git` with keys from `ssh-keygen`. Every test asserts
//! the exit code and the finding (rule, file) that explains it; the
//! must-pass shapes (net-zero changes, a branch brought up to date by a
//! merge) pass. docs/security.md names these tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::lab::{Lab, RISKS};
use common::{findings, sh, t};

const POLICY: &str = "docs/policies/information-security-policy.md";

fn git(lab: &Lab, args: &[&str]) -> String {
    sh(lab.path(), "git", args, &[]).trim().to_string()
}

/// `git commit-tree TREE -p P…` as `author` (unsigned): a commit of any
/// shape, whatever `git merge` would have made.
fn commit_tree(lab: &Lab, tree: &str, parents: &[&str], author: &str, message: &str) -> String {
    let email = Lab::email(author);
    let mut args = vec!["commit-tree", tree, "-m", message];
    for p in parents {
        args.push("-p");
        args.push(p);
    }
    let env = [
        ("GIT_AUTHOR_NAME", author),
        ("GIT_AUTHOR_EMAIL", email.as_str()),
        ("GIT_COMMITTER_NAME", author),
        ("GIT_COMMITTER_EMAIL", email.as_str()),
    ];
    sh(lab.path(), "git", &args, &env).trim().to_string()
}

/// A finding as (rule, file, line, column).
type Found = (String, String, u64, u64);

/// Approval findings as (rule, file, line, column) of `isms check` args.
fn approvals(lab: &Lab, args: &[&str]) -> (i32, Vec<Found>, serde_json::Value) {
    let (code, json) = lab.s.check(args);
    let found = findings(&json)
        .into_iter()
        .filter(|f| f.0.starts_with("ISMS-APPROVAL"))
        .collect();
    (code, found, json)
}

/// Problems (exit 2) as (code, line).
fn problems(json: &serde_json::Value) -> Vec<(String, u64)> {
    json["problems"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap_or("").to_string(),
                p["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn line_of(lab: &Lab, file: &str, needle: &str) -> u64 {
    lab.s.read(file).lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
}

/// Two approved versions of the risk register on main: (v1, main).
fn two_approved_versions(lab: &Lab) -> (String, String) {
    lab.edit_risks(1);
    let v1 = lab.commit("omar", Some("omar"), "Risks v1");
    lab.commit("priya", Some("priya"), "Approve risks v1");
    lab.edit_risks(2);
    lab.commit("omar", Some("omar"), "Risks v2");
    let main = lab.commit("priya", Some("priya"), "Approve risks v2");
    (v1, main)
}

// 1. Verdict knobs on the branch.

#[test]
fn attack_waiving_or_switching_off_an_approval_finding_is_a_config_error() {
    for (what, config, needle) in [
        (
            "waiver *",
            "\n[[waiver]]\nrule = \"ISMS-APPROVAL-001\"\ntarget = \"*\"\nreason = \"trust me\"\napproved_by = \"ciso\"\nexpires = \"2027-06-30\"\n",
            "rule = \"ISMS-APPROVAL-001\"",
        ),
        (
            "waiver approvals/",
            "\n[[waiver]]\nrule = \"ISMS-APPROVAL-001\"\ntarget = \"approvals/\"\nreason = \"trust me\"\napproved_by = \"ciso\"\nexpires = \"2027-06-30\"\n",
            "rule = \"ISMS-APPROVAL-001\"",
        ),
        (
            "off",
            "\n[rules.severity]\nISMS-APPROVAL-001 = \"off\"\n",
            "ISMS-APPROVAL-001 = \"off\"",
        ),
        (
            "warning",
            "\n[rules.severity]\nISMS-APPROVAL-002 = \"warning\"\n",
            "ISMS-APPROVAL-002 = \"warning\"",
        ),
    ] {
        let lab = Lab::new();
        let base = lab.head();
        lab.edit_risks(1);
        lab.s.append("isms.toml", config);
        lab.commit("omar", Some("omar"), "Quiet the gate");
        let (code, json) = lab.s.check(&["--base", &base]);
        assert_eq!(code, 2, "{what}: {json:#}");
        let line = line_of(&lab, "isms.toml", needle);
        assert_eq!(problems(&json), [("config::unwaivable".to_string(), line)], "{what}");
    }
}

#[test]
fn attack_branch_waiver_or_severity_of_a_content_rule_is_not_applied() {
    for (what, config) in [
        (
            "waiver",
            "\n[[waiver]]\nrule = \"ISMS-RISK-002\"\ntarget = \"*\"\nreason = \"trust me\"\napproved_by = \"ciso\"\nexpires = \"2027-06-30\"\n",
        ),
        ("off", "\n[rules.severity]\nISMS-RISK-002 = \"off\"\n"),
        ("warning", "\n[rules.severity]\nISMS-RISK-002 = \"warning\"\n"),
    ] {
        let lab = Lab::new();
        let base = lab.head();
        lab.misscore_first_risk();
        lab.s.append("isms.toml", config);
        lab.commit("omar", Some("omar"), "Quiet ISMS-RISK-002");
        lab.commit("priya", Some("priya"), "Approve the risks");
        let (code, json) = lab.s.check(&["--base", &base]);
        assert_eq!(code, 1, "{what}");
        let risk = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "ISMS-RISK-002" && f["message"].as_str().unwrap().starts_with("risk R-001"))
            .unwrap_or_else(|| panic!("{what}: {json:#}"));
        assert_eq!(risk["severity"], "error", "{what}");
        assert_eq!(risk["waived"], false, "{what}");
        let found: Vec<_> = findings(&json)
            .into_iter()
            .filter(|f| f.0.starts_with("ISMS-APPROVAL"))
            .collect();
        assert_eq!(found, [t("ISMS-APPROVAL-001", "isms.toml", 251, 1)], "{what}");
    }
}

// 2. Rollback through a merge.

#[test]
fn attack_rollback_through_a_merge_with_an_old_ancestor() {
    let lab = Lab::new();
    let (v1, main) = two_approved_versions(&lab);
    let tree = git(&lab, &["rev-parse", &format!("{v1}^{{tree}}")]);
    let merge = commit_tree(&lab, &tree, &[&main, &v1], "omar", "Merge v1");
    let (code, found, json) = approvals(&lab, &["--base", &main, "--head", &merge]);
    assert_eq!(
        (code, found),
        (1, vec![t("ISMS-APPROVAL-001", RISKS, 2, 1)]),
        "{json:#}"
    );

    // Landed on main: state mode and the audit say so too.
    git(&lab, &["reset", "-q", "--hard", &merge]);
    let (code, found, _) = approvals(&lab, &[]);
    assert_eq!((code, found), (1, vec![t("ISMS-APPROVAL-001", RISKS, 1, 1)]));
    let (code, out, _) = common::run(Some(lab.path()), &["audit", "--format", "json"]);
    assert_eq!(code, 1);
    let audit: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rolled_back = audit["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["change"] == merge.as_str())
        .unwrap_or_else(|| panic!("{audit:#}"));
    assert_eq!(rolled_back["approved"], false);
}

#[test]
fn attack_octopus_merge_picks_files_from_several_ancestors() {
    let lab = Lab::new();
    let base = lab.head();
    lab.s.append(POLICY, "\nOld wording.\n");
    let old_policy = lab.commit("omar", Some("omar"), "Old policy wording");
    lab.commit("maya", Some("maya"), "Approve the policy");
    lab.s.replace(POLICY, "\nOld wording.\n", "\nNew wording.\n");
    lab.commit("omar", Some("omar"), "New policy wording");
    lab.commit("maya", Some("maya"), "Approve the policy");
    let (v1, main) = two_approved_versions(&lab);
    assert_ne!(base, main);
    // A tree with the old risks and the old policy, merged from both.
    git(&lab, &["checkout", "-q", &v1, "--", RISKS]);
    git(&lab, &["checkout", "-q", &old_policy, "--", POLICY]);
    git(&lab, &["add", "-A"]);
    let tree = git(&lab, &["write-tree"]);
    git(&lab, &["reset", "-q", "--hard"]);
    let merge = commit_tree(&lab, &tree, &[&main, &v1, &old_policy], "omar", "Octopus");
    let (code, found, json) = approvals(&lab, &["--base", &main, "--head", &merge]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(
        found,
        [
            t("ISMS-APPROVAL-001", POLICY, 51, 1),
            t("ISMS-APPROVAL-001", RISKS, 2, 1)
        ]
    );
}

// 3. Approve Y, ship X.

#[test]
fn attack_approve_y_ship_x() {
    let lab = Lab::new();
    let base = lab.head();
    git(&lab, &["checkout", "-q", "-b", "x"]);
    lab.edit_risks(10);
    let x = lab.commit("omar", Some("omar"), "X");
    git(&lab, &["checkout", "-q", "-b", "y", &base]);
    lab.edit_risks(11);
    lab.commit("omar", Some("omar"), "Y");
    let approved_y = lab.commit("priya", Some("priya"), "Approve Y");
    let x_tree = git(&lab, &["rev-parse", &format!("{x}^{{tree}}")]);
    let head = commit_tree(&lab, &x_tree, &[&approved_y, &x], "omar", "Merge X, keep X");
    let (code, found, json) = approvals(&lab, &["--base", &base, "--head", &head]);
    assert_eq!(code, 1, "{json:#}");
    // Priya's approval was of Y: stale for X.
    assert_eq!(
        found,
        [t("ISMS-APPROVAL-001", RISKS, 2, 1), t("ISMS-APPROVAL-005", RISKS, 2, 1)]
    );
}

// 4. Riding on another approved branch.

#[test]
fn attack_riding_on_another_approved_branch() {
    let lab = Lab::new();
    let base = lab.head();
    git(&lab, &["checkout", "-q", "-b", "other"]);
    lab.edit_risks(20);
    lab.commit("lena", Some("lena"), "Lena's change");
    lab.commit("priya", Some("priya"), "Approve Lena's change");
    git(&lab, &["checkout", "-q", "-b", "mine", &base]);
    lab.edit_risks(21);
    lab.commit("omar", Some("omar"), "My change");
    let env = [
        ("GIT_AUTHOR_NAME", "omar"),
        ("GIT_AUTHOR_EMAIL", "omar.haddad@lumen-health.example"),
        ("GIT_COMMITTER_NAME", "omar"),
        ("GIT_COMMITTER_EMAIL", "omar.haddad@lumen-health.example"),
    ];
    sh(
        lab.path(),
        "git",
        &["merge", "-q", "-s", "ours", "-m", "Merge other", "other"],
        &env,
    );
    let (code, found, json) = approvals(&lab, &["--base", &base]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(found[0], t("ISMS-APPROVAL-001", RISKS, 2, 1), "{found:?}");
    assert!(
        !found.iter().any(|f| f.0 == "ISMS-APPROVAL-001" && f.1 != RISKS),
        "{found:?}"
    );
}

// 5. Key files.

/// The lab with Priya's key in `keys/priya.pub`, part of the baseline.
fn lab_with_key_file() -> Lab {
    let lab = Lab::new();
    let public = lab.keys["priya"].1.clone();
    lab.s.write("keys/priya.pub", format!("{public}\n"));
    lab.s.replace(
        "isms.toml",
        &format!("keys = [\"{public}\"]"),
        "keys = [\"keys/priya.pub\"]",
    );
    lab.amend_baseline();
    lab
}

#[test]
fn attack_key_file_swapped_on_a_branch() {
    let lab = lab_with_key_file();
    let base = lab.head();
    let stranger = lab.keys["stranger"].1.clone();
    lab.s.write("keys/priya.pub", format!("{stranger}\n"));
    lab.commit("omar", Some("omar"), "Rotate Priya's key");
    let (code, found, json) = approvals(&lab, &["--base", &base]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(found, [t("ISMS-APPROVAL-001", "keys/priya.pub", 1, 1)]);

    // Landed unapproved, then "Priya" (the stranger's key) approves a risk
    // change: the swap is not in force, so her approval is not either.
    lab.edit_risks(3);
    lab.commit("omar", Some("omar"), "Risks");
    lab.commit_as("priya.raman@lumen-health.example", Some("stranger"), "Approve as Priya");
    let (code, found, json) = approvals(&lab, &[]);
    assert_eq!(code, 1, "{json:#}");
    assert!(
        found.contains(&t("ISMS-APPROVAL-001", "keys/priya.pub", 1, 1)),
        "{found:?}"
    );
    assert!(found.contains(&t("ISMS-APPROVAL-001", RISKS, 1, 1)), "{found:?}");
    let (code, _, _) = common::run(Some(lab.path()), &["audit", "--format", "json"]);
    assert_eq!(code, 1);
}

// 6. Paths that govern nothing.

#[test]
fn attack_paths_that_could_govern_nothing_are_refused() {
    for (from, to, code, suggestion) in [
        (
            "paths = [\"registers/risks.csv\"]",
            "paths = [\"./registers/risks.csv\"]",
            "config::path-spelling",
            "did you mean `registers/risks.csv`?",
        ),
        (
            "paths = [\"registers/risks.csv\"]",
            "paths = [\"registers/./risks.csv\"]",
            "config::path-spelling",
            "did you mean `registers/risks.csv`?",
        ),
        (
            "paths = [\"registers/risks.csv\"]",
            "paths = [\"registers//risks.csv\"]",
            "config::path-spelling",
            "did you mean `registers/risks.csv`?",
        ),
        (
            "paths = [\"registers/risks.csv\"]",
            "paths = [\"registers/ \"]",
            "config::path-spelling",
            "did you mean `registers/**`?",
        ),
        (
            "paths = [\"registers/risks.csv\"]",
            "paths = [\"registers/risks.csv \"]",
            "config::path-spelling",
            "did you mean `registers/risks.csv`?",
        ),
        (
            "[rules]\n",
            "[rules]\ncustom = \"./rules\"\n",
            "config::path-spelling",
            "did you mean `rules`?",
        ),
    ] {
        let s = common::Scratch::example();
        s.replace("isms.toml", from, to);
        let (exit, json) = s.check(&[]);
        assert_eq!(exit, 2, "{to}: {json:#}");
        let p = &json["problems"][0];
        assert_eq!(p["code"], code, "{to}: {json:#}");
        assert_eq!(p["help"], suggestion, "{to}");
        let line = s
            .read("isms.toml")
            .lines()
            .position(|l| l.contains(to.trim_end_matches('\n').lines().last().unwrap()))
            .unwrap()
            + 1;
        assert_eq!(p["line"], line as u64, "{to}");
    }
}

#[test]
fn attack_a_path_in_the_wrong_letter_case_is_reported() {
    let s = common::Scratch::example();
    s.replace(
        "isms.toml",
        "paths = [\"registers/risks.csv\"]",
        "paths = [\"registers/Risks.csv\"]",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 0, "{json:#}");
    let line = s
        .read("isms.toml")
        .lines()
        .position(|l| l.contains("registers/Risks.csv"))
        .unwrap() as u64
        + 1;
    let f: Vec<_> = findings(&json)
        .into_iter()
        .filter(|f| f.0 == "ISMS-APPROVAL-008")
        .collect();
    assert_eq!(f, [t("ISMS-APPROVAL-008", "isms.toml", line, 10)]);
    let message = common::finding(&json, "ISMS-APPROVAL-008");
    assert_eq!(message["help"], "did you mean `registers/risks.csv`?");
}

// 7. State mode.

/// The lab with the trust root pinned to its baseline by an approved change.
fn lab_with_pinned_root() -> (Lab, String) {
    let lab = Lab::new();
    let root = lab.pin_trust_root();
    let (code, found, json) = approvals(&lab, &[]);
    assert_eq!((code, found), (0, vec![]), "{json:#}");
    (lab, root)
}

#[test]
fn attack_state_mode_moving_the_trust_root_to_head() {
    for new_root in ["HEAD", "parent"] {
        let (lab, root) = lab_with_pinned_root();
        let parent = lab.head();
        let value = if new_root == "HEAD" { "HEAD".to_string() } else { parent };
        lab.s.replace(
            "isms.toml",
            &format!("trust_root = \"{root}\""),
            &format!("trust_root = \"{value}\""),
        );
        lab.edit_risks(5);
        lab.commit("omar", None, "Move the trust root");
        let (code, found, json) = approvals(&lab, &[]);
        assert_eq!(code, 1, "{new_root}: {json:#}");
        assert_eq!(
            found,
            [
                t("ISMS-APPROVAL-001", "isms.toml", 1, 1),
                t("ISMS-APPROVAL-001", RISKS, 1, 1)
            ],
            "{new_root}"
        );
        assert_eq!(json["approvals"]["trust_root"], root.as_str(), "{new_root}");
    }
}

#[test]
fn attack_state_mode_deleting_every_approval_rule() {
    let (lab, _) = lab_with_pinned_root();
    let text = lab.s.read("isms.toml");
    let kept: Vec<&str> = text.split("\n[[approval]]").collect();
    // Keep what precedes the first rule and what follows the last one.
    let last = kept.last().unwrap();
    let after = &last[last.find("\n[").unwrap()..];
    lab.s.write("isms.toml", format!("{}{after}", kept[0]));
    assert!(!lab.s.read("isms.toml").contains("[[approval]]"));
    lab.edit_risks(6);
    lab.commit("omar", None, "No more approval rules");
    let (code, found, json) = approvals(&lab, &[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(
        found,
        [
            t("ISMS-APPROVAL-001", "isms.toml", 1, 1),
            t("ISMS-APPROVAL-001", RISKS, 1, 1)
        ]
    );
}

// Must-pass shapes.

#[test]
fn net_zero_changes_need_no_approval() {
    let lab = Lab::new();
    let base = lab.head();
    lab.edit_risks(1);
    lab.commit("omar", None, "Edit");
    git(
        &lab,
        &[
            "-c",
            "user.name=omar",
            "-c",
            "user.email=omar.haddad@lumen-health.example",
            "revert",
            "--no-edit",
            "HEAD",
        ],
    );
    let policy = lab.s.read(POLICY);
    std::fs::remove_file(lab.path().join(POLICY)).unwrap();
    lab.commit("omar", None, "Delete the policy");
    lab.s.write(POLICY, &policy);
    lab.commit("omar", None, "Re-add the policy");
    let (code, found, json) = approvals(&lab, &["--base", &base]);
    assert_eq!((code, found), (0, vec![]), "{json:#}");
}

#[test]
fn approved_branch_brought_up_to_date_by_a_merge_passes() {
    let lab = Lab::new();
    let old_base = lab.head();
    git(&lab, &["checkout", "-q", "-b", "feature"]);
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    lab.commit("priya", Some("priya"), "Approve R-001");
    git(&lab, &["checkout", "-q", "-"]);
    lab.s.append(POLICY, "\nA clarified sentence.\n");
    lab.commit("lena", Some("lena"), "Clarify the policy");
    let new_base = lab.commit("maya", Some("maya"), "Approve the policy");
    git(&lab, &["checkout", "-q", "feature"]);
    let env = [
        ("GIT_AUTHOR_NAME", "omar"),
        ("GIT_AUTHOR_EMAIL", "omar.haddad@lumen-health.example"),
        ("GIT_COMMITTER_NAME", "omar"),
        ("GIT_COMMITTER_EMAIL", "omar.haddad@lumen-health.example"),
    ];
    sh(lab.path(), "git", &["merge", "-q", "--no-edit", &new_base], &env);
    for base in [&new_base, &old_base] {
        let (code, found, json) = approvals(&lab, &["--base", base]);
        assert_eq!((code, found), (0, vec![]), "{json:#}");
    }
}

// Nuisances.

#[test]
fn a_signature_in_the_message_body_is_no_signature_as_for_git() {
    let lab = Lab::new();
    let base = lab.head();
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    let approval = lab.commit("priya", Some("priya"), "Approve");
    // The same commit with its signature moved from the header into the
    // message: git says unsigned.
    let raw = git(&lab, &["cat-file", "commit", &approval]);
    let (head, message) = raw.split_once("\n\n").unwrap();
    let mut headers = Vec::new();
    let mut signature = Vec::new();
    let mut in_sig = false;
    for line in head.lines() {
        if let Some(rest) = line.strip_prefix("gpgsig ") {
            in_sig = true;
            signature.push(rest.to_string());
        } else if in_sig && line.starts_with(' ') {
            signature.push(line[1..].to_string());
        } else {
            in_sig = false;
            headers.push(line.to_string());
        }
    }
    let moved = format!("{}\n\n{message}\n{}\n", headers.join("\n"), signature.join("\n"));
    let file = lab.path().join(".git/moved-commit");
    std::fs::write(&file, moved).unwrap();
    let forged = git(&lab, &["hash-object", "-t", "commit", "-w", file.to_str().unwrap()]);
    git(&lab, &["update-ref", "HEAD", &forged]);
    let git_says = git(&lab, &["-c", "gpg.format=ssh", "log", "-1", "--format=%G?", &forged]);
    assert_eq!(git_says, "N");
    let (code, found, json) = approvals(&lab, &["--base", &base]);
    assert_eq!(
        (code, found),
        (1, vec![t("ISMS-APPROVAL-001", RISKS, 2, 1)]),
        "{json:#}"
    );
    let (_, out, _) = common::run(Some(lab.path()), &["audit", "--format", "json"]);
    let audit: serde_json::Value = serde_json::from_str(&out).unwrap();
    let commit = audit["commits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == forged.as_str())
        .unwrap();
    assert_eq!(commit["signature"]["status"], "unsigned", "{commit:#}");
}

#[test]
fn a_shallow_clone_is_exit_2_with_advice_to_fetch_in_every_mode() {
    let lab = Lab::new();
    let base = lab.head();
    git(&lab, &["checkout", "-q", "-b", "feature"]);
    for n in 0..5 {
        lab.edit_risks(n);
        lab.commit("omar", Some("omar"), &format!("Edit {n}"));
    }
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", lab.path().display());
    let dir = clone.path().join("c");
    sh(
        clone.path(),
        "git",
        &["clone", "-q", "--depth", "3", "--branch", "feature", &url, "c"],
        &[],
    );
    sh(&dir, "git", &["fetch", "-q", "--depth", "1", "origin", &base], &[]);
    for args in [vec!["--base", base.as_str()], vec![]] {
        let (code, json) = common::check_at(&dir, &args);
        assert_eq!(code, 2, "{args:?}: {json:#}");
        let p = &json["problems"][0];
        assert_eq!(p["code"], "git::shallow", "{args:?}: {json:#}");
        assert!(
            p["help"].as_str().unwrap().contains("git fetch --unshallow"),
            "{json:#}"
        );
    }
    let (code, _, err) = common::run(Some(&dir), &["audit", "--format", "json"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn audit_names_every_self_approver_once_per_version() {
    let lab = Lab::new();
    // No trust root: the whole history is audited, and the baseline's
    // isms.toml was committed by the CEO.
    lab.s.replace("isms.toml", "[history]\ntrust_root = \"HEAD\"\n", "");
    lab.amend_baseline_as("maya");
    for n in 0..20 {
        lab.edit_risks(n);
        lab.commit("maya", Some("maya"), &format!("Edit {n}"));
    }
    let (_, out, _) = common::run(Some(lab.path()), &["audit", "--format", "json"]);
    let audit: serde_json::Value = serde_json::from_str(&out).unwrap();
    let own: Vec<&serde_json::Value> = audit["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "ISMS-APPROVAL-002" && f["message"].as_str().unwrap().contains("isms.toml"))
        .collect();
    assert!(own.len() <= 1, "{own:#?}");
}

#[test]
fn a_shadow_document_with_the_same_id_is_a_finding() {
    let s = common::Scratch::example();
    let policy = s.read(POLICY);
    s.write("docs/policies/shadow-policy.md", &policy);
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1, "{json:#}");
    let line = policy.lines().position(|l| l.starts_with("id")).unwrap() as u64 + 1;
    let found: Vec<_> = findings(&json).into_iter().filter(|f| f.0 == "ISMS-DOC-002").collect();
    assert_eq!(
        found,
        [t("ISMS-DOC-002", "docs/policies/shadow-policy.md", line, 6)],
        "{json:#}"
    );
}

// 4b. An approval given before the base changed the file.

fn as_omar() -> [(&'static str, &'static str); 4] {
    [
        ("GIT_AUTHOR_NAME", "omar"),
        ("GIT_AUTHOR_EMAIL", "omar.haddad@lumen-health.example"),
        ("GIT_COMMITTER_NAME", "omar"),
        ("GIT_COMMITTER_EMAIL", "omar.haddad@lumen-health.example"),
    ]
}

/// Omar changes the risks to X on `branch` and Priya approves; main then
/// has Lena change them to B2, approved by Priya. Main is checked out.
/// Returns (Priya's approval of X, main).
fn x_approved_on_a_branch_while_main_moved_to_b2(lab: &Lab, branch: &str) -> (String, String) {
    let fork = lab.head();
    git(lab, &["checkout", "-q", "-b", branch]);
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Risks X");
    let approval = lab.commit("priya", Some("priya"), "Approve risks X");
    git(lab, &["checkout", "-q", "-B", "main", &fork]);
    lab.edit_risks(2);
    lab.commit("lena", Some("lena"), "Risks B2");
    let main = lab.commit("priya", Some("priya"), "Approve risks B2");
    (approval, main)
}

/// Priya approved the risks as X on a branch that was never merged; main
/// then changed them to B2, approved. Merging the abandoned branch and
/// taking its side of the conflict lands X over B2 with an approval of X
/// given when the file was B: it approves nothing, in range and state mode.
#[test]
fn attack_an_approval_given_before_the_base_changed_does_not_roll_it_back() {
    let lab = Lab::new();
    let (approval, main) = x_approved_on_a_branch_while_main_moved_to_b2(&lab, "abandoned");
    git(&lab, &["checkout", "-q", "-b", "mine"]);
    sh(
        lab.path(),
        "git",
        &["merge", "-q", "-X", "theirs", "-m", "Merge abandoned", "abandoned"],
        &as_omar(),
    );
    let x = git(&lab, &["rev-parse", &format!("{approval}:{RISKS}")]);
    assert_eq!(git(&lab, &["rev-parse", &format!("HEAD:{RISKS}")]), x);
    let (code, found, json) = approvals(&lab, &["--base", &main]);
    assert_eq!(
        (code, found),
        (
            1,
            vec![t("ISMS-APPROVAL-001", RISKS, 2, 1), t("ISMS-APPROVAL-005", RISKS, 2, 1)]
        ),
        "{json:#}"
    );
    let note = common::finding(&json, "ISMS-APPROVAL-005");
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .contains("has changed on the base since"),
        "{note:#}"
    );
    // Landed on main by a fast-forward: the state check says so too.
    git(&lab, &["checkout", "-q", "main"]);
    git(&lab, &["merge", "-q", "--ff-only", "mine"]);
    let (code, found, json) = approvals(&lab, &[]);
    assert_eq!(
        (code, found),
        (
            1,
            vec![t("ISMS-APPROVAL-001", RISKS, 1, 1), t("ISMS-APPROVAL-005", RISKS, 1, 1)]
        ),
        "{json:#}"
    );
    // Priya, seeing X replace B2 on main, approves it there: now it counts
    // (her earlier approval, merged in the same change, does not hide it).
    lab.commit("priya", Some("priya"), "Approve risks X over B2");
    let (code, found, json) = approvals(&lab, &[]);
    assert_eq!((code, found), (0, vec![]), "{json:#}");
}

/// The same with the approved branch itself: brought up to date with main
/// by a merge that keeps its own side of a conflict in the risks, it drops
/// main's approved change, and its approval no longer counts; approved
/// again after the merge, it passes.
#[test]
fn attack_an_approved_branch_updated_with_its_side_of_a_conflict_needs_approval_again() {
    let lab = Lab::new();
    let (_, main) = x_approved_on_a_branch_while_main_moved_to_b2(&lab, "mine");
    git(&lab, &["checkout", "-q", "mine"]);
    sh(
        lab.path(),
        "git",
        &["merge", "-q", "-X", "ours", "-m", "Merge main", "main"],
        &as_omar(),
    );
    let (code, found, json) = approvals(&lab, &["--base", &main]);
    assert_eq!(
        (code, found),
        (
            1,
            vec![t("ISMS-APPROVAL-001", RISKS, 2, 1), t("ISMS-APPROVAL-005", RISKS, 2, 1)]
        ),
        "{json:#}"
    );
    lab.commit("priya", Some("priya"), "Approve risks X over B2");
    let (code, found, json) = approvals(&lab, &["--base", &main]);
    assert_eq!((code, found), (0, vec![]), "{json:#}");
}

/// A commit Priya signed in a history this repository does not share (an
/// orphan branch: another repository of the same people) approves nothing
/// when merged in, though its tree holds exactly the head's content.
#[test]
fn attack_an_approval_from_an_unrelated_history_approves_nothing() {
    let lab = Lab::new();
    let main = lab.head();
    git(&lab, &["checkout", "-q", "--orphan", "elsewhere"]);
    lab.edit_risks(7);
    lab.commit("lena", None, "Another repository's risks");
    lab.commit("priya", Some("priya"), "Approve them there");
    let stranger = lab.head();
    git(&lab, &["checkout", "-q", "-b", "mine", &main]);
    lab.edit_risks(7);
    lab.commit("omar", Some("omar"), "Risks");
    sh(
        lab.path(),
        "git",
        &[
            "merge",
            "-q",
            "--allow-unrelated-histories",
            "-s",
            "ours",
            "-m",
            "Merge",
            &stranger,
        ],
        &as_omar(),
    );
    let (code, found, json) = approvals(&lab, &["--base", &main]);
    assert_eq!(
        (code, found),
        (
            1,
            vec![t("ISMS-APPROVAL-001", RISKS, 2, 1), t("ISMS-APPROVAL-005", RISKS, 2, 1)]
        ),
        "{json:#}"
    );
}

/// `--head` names what is judged: its content is read from the commit, not
/// from the working tree (here another branch, whose content is clean).
#[test]
fn the_named_head_is_checked_not_the_working_tree() {
    let lab = Lab::new();
    let base = lab.head();
    git(&lab, &["checkout", "-q", "-b", "bad"]);
    lab.misscore_first_risk();
    lab.commit("omar", Some("omar"), "Misscore R-001");
    let bad = lab.commit("priya", Some("priya"), "Approve the risks");
    git(&lab, &["checkout", "-q", &base]);
    let (code, json) = lab.s.check(&["--base", &base, "--head", &bad]);
    assert_eq!(code, 1, "{json:#}");
    let risk = common::finding(&json, "ISMS-RISK-002");
    assert!(risk["message"].as_str().unwrap().starts_with("risk R-001"), "{risk:#}");
    assert!(
        findings(&json).iter().all(|f| !f.0.starts_with("ISMS-APPROVAL")),
        "{json:#}"
    );
    // The working tree itself is clean.
    let (code, json) = lab.s.check(&["--base", &base]);
    assert_eq!(code, 0, "{json:#}");
}
