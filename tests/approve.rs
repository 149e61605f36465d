//! `isms approve` and approval statements: an approver signs a statement of
//! the exact content with their own git signing set-up (`ssh-keygen`, with
//! a key file or through `ssh-agent`); the statement travels with the tree,
//! so the approval survives a merge commit, a squash and a rebase, and
//! `isms check` and `isms audit` on `main` show it with the verified key.
//! A statement for other content, by a key the base does not hold, or for
//! another file approves nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::lab::{Lab, RISKS};
use common::sh;
use serde_json::Value;

fn git(lab: &Lab, args: &[&str]) -> String {
    sh(lab.path(), "git", args, &[]).trim().to_string()
}

/// Sets up git as `person` would have it: their e-mail, SSH signing with
/// `key` (a key file, or `key::…` for one held by ssh-agent).
fn as_person(lab: &Lab, person: &str, key: &str) {
    git(lab, &["config", "user.email", &Lab::email(person)]);
    git(lab, &["config", "user.name", person]);
    git(lab, &["config", "gpg.format", "ssh"]);
    git(lab, &["config", "user.signingkey", key]);
}

fn approve(lab: &Lab, person: &str) -> (i32, String, String) {
    let key = lab.keys[person].0.to_str().unwrap().to_string();
    as_person(lab, person, &key);
    common::run(Some(lab.path()), &["approve", "--base", "main", "--yes"])
}

/// A lab whose `main` is the baseline and whose branch `change` has Omar's
/// edit of the risk register.
fn change() -> Lab {
    let lab = Lab::new();
    git(&lab, &["branch", "-M", "main"]);
    git(&lab, &["checkout", "-q", "-b", "change"]);
    lab.edit_risks(1);
    lab.commit("omar", None, "Reword R-001");
    lab
}

fn audit_version(lab: &Lab) -> Value {
    let (_, out, err) = common::run(Some(lab.path()), &["audit", "--format", "json"]);
    let json: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|v| v["path"] == RISKS)
        .unwrap()
        .clone()
}

/// Brings `change` into `main`, which moved on meanwhile (a document outside
/// any approval rule), as Omar does it: a merge commit, a squash, or a
/// rebase and fast-forward.
fn merge_into_main(lab: &Lab, how: &str) {
    git(lab, &["checkout", "-q", "main"]);
    lab.s.append("docs/policies/acceptable-use.md", "\nReviewed.\n");
    lab.commit("maya", None, "Note a review");
    let who = [
        ("GIT_AUTHOR_NAME", "Omar"),
        ("GIT_AUTHOR_EMAIL", "omar.haddad@lumen-health.example"),
        ("GIT_COMMITTER_NAME", "Omar"),
        ("GIT_COMMITTER_EMAIL", "omar.haddad@lumen-health.example"),
    ];
    match how {
        "merge" => {
            sh(
                lab.path(),
                "git",
                &["merge", "-q", "--no-ff", "change", "-m", "Merge change"],
                &who,
            );
        }
        "squash" => {
            sh(lab.path(), "git", &["merge", "-q", "--squash", "change"], &who);
            sh(lab.path(), "git", &["commit", "-q", "-m", "Reword R-001 (#7)"], &who);
        }
        _ => {
            git(lab, &["checkout", "-q", "change"]);
            sh(lab.path(), "git", &["rebase", "-q", "main"], &who);
            git(lab, &["checkout", "-q", "main"]);
            git(lab, &["merge", "-q", "--ff-only", "change"]);
        }
    }
}

#[test]
fn an_approval_statement_survives_a_merge_a_squash_and_a_rebase() {
    for how in ["merge", "squash", "rebase"] {
        let lab = change();
        let (code, out, err) = approve(&lab, "priya");
        assert_eq!(code, 0, "{how}: {out}{err}");
        assert!(out.contains(&format!("{RISKS}: approved")), "{how}: {out}");
        let (code, json) = lab.s.check(&["--base", "main"]);
        assert_eq!(code, 0, "{how}: {json:#}");

        merge_into_main(&lab, how);
        // State mode on main: the change is approved, by Priya's key.
        let (code, json) = lab.s.check(&[]);
        assert_eq!(code, 0, "{how}: {json:#}");
        let v = audit_version(&lab);
        assert_eq!(v["approved"], true, "{how}: {v:#}");
        assert_eq!(v["approvers"][0]["person"], "priya", "{how}: {v:#}");
        let key = v["approvers"][0]["key"].as_str().unwrap();
        let fingerprint = sh(
            lab.path(),
            "ssh-keygen",
            &["-l", "-f", &format!("{}.pub", lab.keys["priya"].0.display())],
            &[],
        );
        assert!(
            key.starts_with(fingerprint.split_whitespace().nth(1).unwrap())
                && key.contains("(approval statement .isms/approvals/priya-"),
            "{how}: {key}"
        );
    }
}

#[test]
fn a_statement_approves_only_the_content_the_key_and_the_file_it_names() {
    // Edited after the approval: the statement names the old content.
    let lab = change();
    assert_eq!(approve(&lab, "priya").0, 0);
    lab.edit_risks(2);
    lab.commit("omar", None, "Reword R-001 again");
    let (code, json) = lab.s.check(&["--base", "main"]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(common::lab::messages(&json, "ISMS-APPROVAL-001").len(), 1, "{json:#}");

    // Signed by a key the base's isms.toml does not hold.
    let lab = change();
    let stranger = lab.keys["stranger"].0.to_str().unwrap().to_string();
    as_person(&lab, "priya", &stranger);
    let (code, out, err) = common::run(Some(lab.path()), &["approve", "--base", "main", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("your approval does not count"), "{out}");
    assert_eq!(lab.s.check(&["--base", "main"]).0, 1);

    // The maker's own statement does not count either.
    let lab = change();
    let (_, out, _) = approve(&lab, "omar");
    assert!(out.contains("Nothing here waits for"), "{out}");

    // A statement copied onto another change: it names the risk register's
    // content, not the SoA's.
    let lab = change();
    assert_eq!(approve(&lab, "priya").0, 0);
    let file = git(&lab, &["ls-files", ".isms/approvals"]);
    let statement = lab.s.read(&file);
    git(&lab, &["checkout", "-q", "main"]);
    git(&lab, &["checkout", "-q", "-b", "other"]);
    let soa = lab.s.read("registers/soa.csv");
    lab.s
        .write("registers/soa.csv", soa.replacen("planned", "implemented", 1));
    lab.s.write(&file.replace(".approval", "-copy.approval"), &statement);
    lab.commit("omar", None, "Implement A.5.1, with an approval from elsewhere");
    let (code, json) = lab.s.check(&["--base", "main"]);
    assert_eq!(code, 1, "{json:#}");
    assert!(
        common::lab::messages(&json, "ISMS-APPROVAL-001")
            .iter()
            .any(|m| m.starts_with("registers/soa.csv changed")),
        "{json:#}"
    );

    // A statement altered by one byte is no statement.
    let lab = change();
    assert_eq!(approve(&lab, "priya").0, 0);
    let file = git(&lab, &["ls-files", ".isms/approvals"]);
    lab.s.replace(&file, "rule: risk register", "rule: risk registe");
    lab.commit("omar", None, "Touch the statement");
    assert_eq!(lab.s.check(&["--base", "main"]).0, 1);
}

#[test]
fn approving_through_ssh_agent_with_the_public_key_only() {
    let lab = change();
    let agent = sh(lab.path(), "ssh-agent", &["-s"], &[]);
    let var = |name: &str| {
        agent
            .split(';')
            .find_map(|part| part.trim().strip_prefix(&format!("{name}=")))
            .unwrap()
            .to_string()
    };
    let (sock, pid) = (var("SSH_AUTH_SOCK"), var("SSH_AGENT_PID"));
    let private = lab.keys["priya"].0.to_str().unwrap().to_string();
    sh(lab.path(), "ssh-add", &["-q", &private], &[("SSH_AUTH_SOCK", &sock)]);
    // git's `key::` form: only the public key, the agent holds the rest.
    as_person(&lab, "priya", &format!("key::{}", lab.keys["priya"].1));
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("isms"))
        .args(["approve", "--base", "main", "--yes"])
        .current_dir(lab.path())
        .env("SSH_AUTH_SOCK", &sock)
        .output()
        .unwrap();
    let _ = std::process::Command::new("kill").arg(&pid).status();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(lab.s.check(&["--base", "main"]).0, 0);
}

#[test]
fn status_lists_what_waits_for_me_on_every_branch() {
    let lab = Lab::new();
    git(&lab, &["branch", "-M", "main"]);
    for (branch, what) in [("risks", "risk"), ("soa", "soa"), ("policy", "policy")] {
        git(&lab, &["checkout", "-q", "-b", branch, "main"]);
        match what {
            "risk" => lab.edit_risks(1),
            "soa" => {
                let soa = lab.s.read("registers/soa.csv");
                lab.s
                    .write("registers/soa.csv", soa.replacen("planned", "implemented", 1));
            }
            _ => {
                lab.s
                    .append("docs/policies/information-security-policy.md", "\nReviewed.\n");
            }
        }
        lab.commit("omar", None, &format!("Change the {what}"));
    }
    git(&lab, &["checkout", "-q", "main"]);
    // Priya (CISO) approves the risk register and the SoA; the policy is
    // the CEO's.
    as_person(&lab, "priya", lab.keys["priya"].0.to_str().unwrap());
    let (code, out, err) = common::run(Some(lab.path()), &["status", "--me"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("risks: registers/risks.csv: needs 1 of ciso, cto"),
        "{out}"
    );
    assert!(lines[1].starts_with("soa: registers/soa.csv: needs 1 of ciso"), "{out}");
    as_person(&lab, "maya", lab.keys["maya"].0.to_str().unwrap());
    let (_, out, _) = common::run(Some(lab.path()), &["status", "--me"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("policy: docs/policies/information-security-policy.md: needs 1 of ceo"),
        "{out}"
    );
}

/// OpenPGP: Lena (CTO) signs with gpg, as `git commit -S` would
/// (`gpg.format` openpgp, `user.signingkey` her key); her armoured key is a
/// key file of the baseline.
#[test]
fn approving_with_an_openpgp_key_through_gpg() {
    for how in ["merge", "squash", "rebase"] {
        let lab = Lab::new();
        let home = lab.keys_dir.path().join("gnupg-lena");
        std::fs::create_dir_all(&home).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        let home_s = home.to_str().unwrap().to_string();
        let env = [("GNUPGHOME", home_s.as_str())];
        let uid = "Lena Vogel <lena.vogel@lumen-health.example>";
        let (fpr, armoured) = common::gpg_key(lab.path(), uid, "ed25519", &env);
        lab.s.write("keys/lena.asc", armoured);
        let ssh = lab.keys["lena"].1.clone();
        lab.s.replace(
            "isms.toml",
            &format!("keys = [\"{ssh}\"]"),
            &format!("keys = [\"{ssh}\", \"keys/lena.asc\"]"),
        );
        lab.amend_baseline();
        git(&lab, &["branch", "-M", "main"]);
        git(&lab, &["checkout", "-q", "-b", "change"]);
        lab.edit_risks(1);
        lab.commit("omar", None, "Reword R-001");

        git(&lab, &["config", "user.email", "lena.vogel@lumen-health.example"]);
        git(&lab, &["config", "gpg.format", "openpgp"]);
        git(&lab, &["config", "user.signingkey", &fpr]);
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("isms"))
            .args(["approve", "--base", "main", "--yes"])
            .current_dir(lab.path())
            .env("GNUPGHOME", &home)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{said}{}", String::from_utf8_lossy(&out.stderr));
        assert!(said.contains(&format!("{RISKS}: approved")), "{said}");
        // Merged by Omar (whoever commits a squash made its content); the
        // approval stands, with Lena's OpenPGP key.
        merge_into_main(&lab, how);
        let (code, json) = lab.s.check(&[]);
        assert_eq!(code, 0, "{how}: {json:#}");
        let v = audit_version(&lab);
        assert_eq!(v["approvers"][0]["person"], "lena", "{how}: {v:#}");
        assert!(
            v["approvers"][0]["key"]
                .as_str()
                .unwrap()
                .starts_with(&format!("OpenPGP key {fpr}")),
            "{how}: {v:#}"
        );
    }
}

/// A statement approves once: one already in the base — under its own name
/// or moved to another — approves nothing in a new range, even for the very
/// change it names.
#[test]
fn an_old_statement_under_a_new_name_approves_nothing_anew() {
    let (lab, file) = statement_kept_on_main();
    for rename in [false, true] {
        git(&lab, &["checkout", "-q", "-B", "again", "main"]);
        lab.edit_risks(1);
        lab.commit("omar", None, "Reword R-001, again");
        if rename {
            git(&lab, &["mv", &file, &file.replace(".approval", "-again.approval")]);
            lab.commit("omar", None, "Move the statement");
        }
        let (code, json) = lab.s.check(&["--base", "main"]);
        assert_eq!(code, 1, "renamed: {rename}: {json:#}");
        assert_eq!(common::lab::messages(&json, "ISMS-APPROVAL-001").len(), 1, "{json:#}");
        git(&lab, &["checkout", "-q", "main"]);
    }
}

/// Priya's statement approving `change`, brought onto `main` without the
/// change it approves; `main` checked out. Returns the statement's file.
fn statement_kept_on_main() -> (Lab, String) {
    let lab = change();
    assert_eq!(approve(&lab, "priya").0, 0);
    let file = git(&lab, &["ls-files", ".isms/approvals"]);
    git(&lab, &["checkout", "-q", "main"]);
    git(&lab, &["checkout", "change", "--", ".isms"]);
    lab.commit("maya", None, "Keep Priya's statement");
    (lab, file)
}

/// [`statement_kept_on_main`], then the statement deleted from `main`
/// (statement files are not governed: anyone may).
fn statement_kept_then_deleted_on_main() -> Lab {
    let (lab, file) = statement_kept_on_main();
    git(&lab, &["rm", "-q", &file]);
    lab.commit("maya", None, "Tidy the approvals folder");
    lab
}

/// Statement files are not governed, so anyone may delete one from `main`;
/// re-added on a branch that makes the same change again, it is a replay of
/// an approval given once, and approves nothing anew: a statement ever in
/// the base's history is old, wherever it is now.
#[test]
fn a_statement_deleted_from_main_approves_nothing_when_added_again() {
    let lab = statement_kept_then_deleted_on_main();
    git(&lab, &["checkout", "-q", "-B", "again", "main"]);
    lab.edit_risks(1);
    git(&lab, &["checkout", "change", "--", ".isms"]);
    lab.commit("omar", None, "Reword R-001, with the old statement");
    let (code, json) = lab.s.check(&["--base", "main"]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(common::lab::messages(&json, "ISMS-APPROVAL-001").len(), 1, "{json:#}");
    // The same branch against a base that never held the statement: it counts.
    let (code, json) = lab.s.check(&["--base", "main~2"]);
    assert_eq!(code, 0, "{json:#}");
}

/// The same replay on `main` itself, judged in state mode: the statement
/// was on `main` and deleted before the trust root was pinned, then comes
/// back with the change it names. Only what arrives after the trust root
/// and was never before it counts.
#[test]
fn a_statement_deleted_before_the_trust_root_approves_nothing_on_main() {
    let lab = statement_kept_then_deleted_on_main();
    lab.pin_trust_root();
    let (code, json) = lab.s.check(&[]);
    assert_eq!(code, 0, "{json:#}");
    lab.edit_risks(1);
    git(&lab, &["checkout", "change", "--", ".isms"]);
    lab.commit("omar", None, "Reword R-001, with the old statement");
    let (code, json) = lab.s.check(&[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(common::lab::messages(&json, "ISMS-APPROVAL-001").len(), 1, "{json:#}");
}

/// Without `--base`, a repository whose main line is `master` is compared
/// with `master`.
#[test]
fn status_finds_the_main_line_when_it_is_called_master() {
    let lab = Lab::new();
    git(&lab, &["branch", "-M", "master"]);
    git(&lab, &["checkout", "-q", "-b", "change"]);
    lab.edit_risks(1);
    lab.commit("omar", None, "Reword R-001");
    let (code, out, err) = common::run(Some(lab.path()), &["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("registers/risks.csv: needs 1 of ciso, cto"), "{out}");
}
