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

    // Signed by a key the base's isms.toml does not hold, or by the maker:
    // refused before signing (approve_refuses_before_signing_and_says_why).
    let lab = change();
    let stranger = lab.keys["stranger"].0.to_str().unwrap().to_string();
    as_person(&lab, "priya", &stranger);
    let (code, out, err) = common::run(Some(lab.path()), &["approve", "--base", "main", "--yes"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("approve::not-your-key"), "{err}");
    assert_eq!(lab.s.check(&["--base", "main"]).0, 1);

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
    let (code, out, err) = common::run(Some(lab.path()), &["status", "--color", "never"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with("Against master, as `isms check --base master` judges this branch:\n✗ error ISMS-APPROVAL-001 registers/risks.csv:"),
        "{out}"
    );
    assert!(out.contains("\n  registers/risks.csv: needs 1 of ciso, cto"), "{out}");
}

/// Nothing was signed or committed: `HEAD` as before, the tree clean, no
/// statement written, the signing program never run.
fn nothing_committed(lab: &Lab, head: &str, marker: &std::path::Path) {
    assert_eq!(lab.head(), head);
    assert_eq!(git(lab, &["status", "--porcelain", "--untracked-files=all"]), "");
    assert!(!lab.path().join(".isms").exists());
    assert!(!marker.exists(), "the signing program was run");
}

/// A signing program that records being run and signs nothing.
fn tripwire(lab: &Lab) -> (String, std::path::PathBuf) {
    let marker = lab.keys_dir.path().join("signed");
    let program = lab.keys_dir.path().join("ssh-keygen-tripwire");
    std::fs::write(&program, format!("#!/bin/sh\ntouch '{}'\nexit 1\n", marker.display())).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (program.to_str().unwrap().to_string(), marker)
}

/// `isms approve` refuses, exit 1, before anything is signed or committed,
/// and says which refusal: the signer holds no role that may approve the
/// change in the base's configuration (`approve::not-eligible`), made the
/// change (`approve::maker`), or signs with a key the base does not list
/// for them (`approve::not-your-key`: another person's, nobody's, one
/// added on the branch; a key it cannot tell before signing is checked on
/// the signature, still before anything is written).
#[test]
fn approve_refuses_before_signing_and_says_why() {
    let refused = |lab: &Lab, person: &str, key: &str, code_word: &str, says: &[&str]| {
        let head = lab.head();
        let (program, marker) = tripwire(lab);
        as_person(lab, person, key);
        git(lab, &["config", "gpg.ssh.program", &program]);
        let (code, out, err) = common::run(Some(lab.path()), &["approve", "--base", "main", "--yes"]);
        assert_eq!(code, 1, "{code_word}: {out}{err}");
        assert!(err.contains(code_word), "{code_word}: {err}");
        // As said, whatever the width the message was wrapped to.
        let flat = |t: &str| t.split_whitespace().filter(|w| *w != "│").collect::<Vec<_>>().join(" ");
        for s in says {
            assert!(flat(&err).contains(&flat(s)), "{code_word}: `{s}` in {err}");
        }
        assert!(err.contains("nothing signed, nothing committed"), "{err}");
        nothing_committed(lab, &head, &marker);
        git(lab, &["config", "--unset", "gpg.ssh.program"]);
    };
    let key = |lab: &Lab, id: &str| lab.keys[id].0.to_str().unwrap().to_string();

    // Maya (CEO) may not approve the risk register (CISO or CTO).
    let lab = change();
    refused(
        &lab,
        "maya",
        &key(&lab, "maya"),
        "approve::not-eligible",
        &[
            "Maya Okafor (maya) is not an eligible approver",
            "registers/risks.csv needs 1 of ciso, cto",
        ],
    );
    // Omar (engineer), who made it, holds no such role either.
    refused(&lab, "omar", &key(&lab, "omar"), "approve::not-eligible", &["Omar"]);
    // An e-mail nobody has in the base's isms.toml.
    refused(
        &lab,
        "someone",
        &key(&lab, "priya"),
        "approve::who",
        &["(someone@elsewhere.example) is not the e-mail of any person"],
    );

    // Priya made the change herself.
    let lab = Lab::new();
    git(&lab, &["branch", "-M", "main"]);
    git(&lab, &["checkout", "-q", "-b", "change"]);
    lab.edit_risks(1);
    lab.commit("priya", Some("priya"), "Reword R-001");
    refused(
        &lab,
        "priya",
        &key(&lab, "priya"),
        "approve::maker",
        &[
            "Priya Raman (priya) made the change to registers/risks.csv",
            "Lena Vogel (lena)",
        ],
    );

    // Priya's e-mail, Lena's key; a key nobody has.
    let lab = change();
    refused(
        &lab,
        "priya",
        &key(&lab, "lena"),
        "approve::not-your-key",
        &["is Lena Vogel (lena)'s in the base's isms.toml, not Priya Raman (priya)'s"],
    );
    refused(
        &lab,
        "priya",
        &key(&lab, "stranger"),
        "approve::not-your-key",
        &["is nobody's"],
    );
    // The public key file, or git's `key::` literal, tells the same.
    let public = format!("{}.pub", key(&lab, "lena"));
    refused(
        &lab,
        "priya",
        &public,
        "approve::not-your-key",
        &["Lena Vogel (lena)'s"],
    );
    let literal = format!("key::{}", lab.keys["stranger"].1);
    refused(&lab, "priya", &literal, "approve::not-your-key", &["is nobody's"]);

    // A key added for Priya on the branch does not count on it.
    let lab = change();
    lab.s.replace(
        "isms.toml",
        &format!("keys = [\"{}\"]", lab.keys["priya"].1),
        &format!("keys = [\"{}\", \"{}\"]", lab.keys["priya"].1, lab.keys["stranger"].1),
    );
    lab.commit("omar", None, "Add Priya's new key");
    refused(
        &lab,
        "priya",
        &key(&lab, "stranger"),
        "approve::not-your-key",
        &["is nobody's"],
    );

    // OpenPGP: a gpg key the base does not list, named by user.signingkey
    // (told before signing, from what gpg exports), or gpg's default key
    // (told only by the signature it makes, still before anything is
    // written).
    let lab = change();
    let gnupg = lab.keys_dir.path().join("gnupg");
    std::fs::create_dir_all(&gnupg).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&gnupg, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let env = [("GNUPGHOME", gnupg.to_str().unwrap())];
    let (fpr, _) = common::gpg_key(
        lab.path(),
        "Priya Raman <priya.raman@lumen-health.example>",
        "ed25519",
        &env,
    );
    git(&lab, &["config", "user.email", &Lab::email("priya")]);
    git(&lab, &["config", "gpg.format", "openpgp"]);
    // gpg, with a log of what it was asked to do.
    let log = lab.keys_dir.path().join("gpg.log");
    let wrapper = lab.keys_dir.path().join("gpg-logged");
    std::fs::write(
        &wrapper,
        format!("#!/bin/sh\necho \"$@\" >> '{}'\nexec gpg \"$@\"\n", log.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    git(&lab, &["config", "gpg.program", wrapper.to_str().unwrap()]);
    for key in [Some(fpr.as_str()), None] {
        match key {
            Some(k) => git(&lab, &["config", "user.signingkey", k]),
            None => git(&lab, &["config", "--unset", "user.signingkey"]),
        };
        let head = lab.head();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("isms"))
            .args(["approve", "--base", "main", "--yes"])
            .current_dir(lab.path())
            .env("GNUPGHOME", &gnupg)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{key:?}: {err}");
        assert!(
            err.contains("approve::not-your-key") && err.contains("is nobody's"),
            "{key:?}: {err}"
        );
        nothing_committed(&lab, &head, &lab.keys_dir.path().join("signed"));
        let asked = std::fs::read_to_string(&log).unwrap_or_default();
        assert_eq!(asked.contains("--detach-sign"), key.is_none(), "{key:?}: {asked}");
    }
}

/// git's configuration is read as git reads it: an `includeIf` of the
/// global file that only this repository matches, and `GIT_CONFIG_COUNT`
/// (what `git -c` passes on). The lines changed are shown before signing,
/// coloured when asked.
#[test]
fn approve_reads_gits_configuration_as_git_does_and_shows_the_lines_changed() {
    let lab = change();
    let home = tempfile::tempdir().unwrap();
    let repo = std::fs::canonicalize(lab.path()).unwrap();
    let included = home.path().join("priya.inc");
    std::fs::write(
        &included,
        format!(
            "[user]\n\tname = Priya Raman\n\temail = {}\n\tsigningkey = {}\n[gpg]\n\tformat = ssh\n",
            Lab::email("priya"),
            lab.keys["priya"].0.display()
        ),
    )
    .unwrap();
    std::fs::write(
        home.path().join(".gitconfig"),
        format!(
            "[includeIf \"gitdir:{}/\"]\n\tpath = {}\n",
            repo.display(),
            included.display()
        ),
    )
    .unwrap();
    let run = |lab: &Lab, env: &[(&str, &str)], args: &[&str]| {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("isms"))
            .args(args)
            .current_dir(lab.path())
            .env("HOME", home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_CONFIG_GLOBAL")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    // libgit2 would not see the includeIf's e-mail: git does.
    let (code, out, err) = run(&lab, &[], &["approve", "--base", "main", "--yes", "--color", "never"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("Priya Raman (priya) may approve, against main:\n"),
        "{out}"
    );
    assert!(
        out.contains("--- a/registers/risks.csv\n+++ b/registers/risks.csv\n@@ "),
        "{out}"
    );
    assert!(out.contains("\n+R-001,Ransomware encrypts data (1),"), "{out}");
    assert!(out.contains("\n-R-001,"), "{out}");
    assert!(!out.contains('\x1b'), "{out}");
    assert!(out.contains("registers/risks.csv: approved"), "{out}");
    assert_eq!(lab.s.check(&["--base", "main"]).0, 0);

    // `git -c` / GIT_CONFIG_COUNT: Lena, with no configuration file at all.
    let lab = change();
    let key = lab.keys["lena"].0.to_str().unwrap().to_string();
    let email = Lab::email("lena");
    let env = [
        ("GIT_CONFIG_COUNT", "4"),
        ("GIT_CONFIG_KEY_0", "user.email"),
        ("GIT_CONFIG_VALUE_0", email.as_str()),
        ("GIT_CONFIG_KEY_1", "user.name"),
        ("GIT_CONFIG_VALUE_1", "Lena Vogel"),
        ("GIT_CONFIG_KEY_2", "gpg.format"),
        ("GIT_CONFIG_VALUE_2", "ssh"),
        ("GIT_CONFIG_KEY_3", "user.signingkey"),
        ("GIT_CONFIG_VALUE_3", key.as_str()),
    ];
    let (code, out, err) = run(&lab, &env, &["approve", "--base", "main", "--yes", "--color", "always"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("Lena Vogel (lena) may approve"), "{out}");
    assert!(out.contains("\x1b[32m+R-001,Ransomware encrypts data (1),"), "{out}");
    assert!(out.contains("\x1b[31m-R-001,"), "{out}");
    assert_eq!(lab.s.check(&["--base", "main"]).0, 0);
}

/// `isms status` lists exactly the approval findings `isms check --base`
/// reports (the same function judges both), each with its fix, and fails
/// exactly when the check fails for approvals: missing approvals, a
/// self-approval, a forged trailer, an author who did not sign.
#[test]
fn status_says_what_the_check_says() {
    let status = |lab: &Lab| {
        let (code, out, err) = common::run(Some(lab.path()), &["status", "--base", "main", "--color", "never"]);
        let mut found: Vec<(String, String, u64)> = out
            .lines()
            .filter(|l| l.starts_with("✗ error ") || l.starts_with("! warning "))
            .map(|l| {
                let mut words = l.split_whitespace().skip(2);
                let rule = words.next().unwrap().to_string();
                let mut place = words.next().unwrap_or("").split(':');
                let file = place.next().unwrap().to_string();
                (rule, file, place.next().map_or(0, |n| n.parse().unwrap()))
            })
            .collect();
        found.sort();
        let fixes = out.lines().filter(|l| l.starts_with("  fix: ")).count();
        assert_eq!(fixes, found.len(), "each with its fix: {out}");
        (code, found, format!("{out}{err}"))
    };
    let check = |lab: &Lab| {
        let (code, found, json) = lab.judge("main");
        let mut found: Vec<(String, String, u64)> = found.into_iter().map(|(r, f, l, _)| (r, f, l)).collect();
        found.sort();
        (code, found, json)
    };
    let mut seen = std::collections::BTreeSet::new();
    type Make = Box<dyn Fn(&Lab)>;
    let scenarios: Vec<(&str, Make)> = vec![
        ("unapproved", Box::new(|_: &Lab| {})),
        (
            "self-approved",
            Box::new(|lab: &Lab| {
                lab.edit_risks(2);
                lab.commit("priya", Some("priya"), "Reword R-001 again");
                lab.commit("priya", Some("priya"), "Approve it myself");
            }),
        ),
        (
            "forged",
            Box::new(|lab: &Lab| {
                lab.s.append("docs/policies/acceptable-use.md", "\nNoted.\n");
                lab.commit(
                    "omar",
                    None,
                    "Note\n\nApproved-by: Priya Raman <priya.raman@lumen-health.example>",
                );
            }),
        ),
        (
            "not the author",
            Box::new(|lab: &Lab| {
                lab.s.append("docs/policies/acceptable-use.md", "\nNoted.\n");
                lab.commit("lena", Some("omar"), "Note, as Lena");
            }),
        ),
        (
            "approved",
            Box::new(|lab: &Lab| {
                lab.commit("priya", Some("priya"), "Approve");
            }),
        ),
    ];
    for (name, make) in scenarios {
        let lab = change();
        make(&lab);
        let (s_code, s_found, said) = status(&lab);
        let (c_code, c_found, json) = check(&lab);
        assert_eq!(s_found, c_found, "{name}: {said}\n{json:#}");
        let errors = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"].as_str().unwrap().starts_with("ISMS-APPROVAL-") && f["severity"] == "error");
        assert_eq!(s_code, i32::from(errors), "{name}: {said}");
        // The content is clean: the check fails for approvals only.
        assert_eq!(c_code, s_code, "{name}: {json:#}");
        seen.extend(s_found.into_iter().map(|f| f.0));
    }
    let seen: Vec<String> = seen.into_iter().collect();
    assert_eq!(
        seen,
        [
            "ISMS-APPROVAL-001",
            "ISMS-APPROVAL-002",
            "ISMS-APPROVAL-004",
            "ISMS-APPROVAL-006"
        ]
    );
}

/// Content cannot hide a line of the change from the approver: escape
/// sequences (erase the line, move the cursor up), a carriage return and
/// bidirectional overrides in a changed row are shown written out, never
/// sent to the terminal.
#[test]
fn approve_shows_no_content_that_moves_the_cursor_or_reorders_text() {
    let lab = Lab::new();
    git(&lab, &["branch", "-M", "main"]);
    git(&lab, &["checkout", "-q", "-b", "change"]);
    let text = lab.s.read(RISKS).replacen(
        "R-001,Ransomware encrypts production data,",
        "R-001,Ransomware\u{1b}[2K\u{1b}[1A encrypts\r data \u{202e}atad,",
        1,
    );
    lab.s.write(RISKS, text);
    lab.commit("omar", None, "Reword R-001");
    as_person(&lab, "priya", lab.keys["priya"].0.to_str().unwrap());
    let (code, out, err) = common::run(
        Some(lab.path()),
        &["approve", "--base", "main", "--yes", "--color", "never"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("+R-001,Ransomware\\u{1b}[2K\\u{1b}[1A encrypts\\u{d} data \\u{202e}atad,"),
        "{out}"
    );
    assert!(!out.contains(['\u{1b}', '\r', '\u{202e}']), "{out:?}");
}
