//! `isms demo`: one offline command shows a signed history, an approved
//! change and a pull request that lacks its approval.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use std::process::Command;

#[test]
fn demo_reports_the_missing_approval_and_who_could_give_it() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("lumen");
    let (code, out, err) = common::run(None, &["demo", dir.to_str().unwrap(), "--color", "never"]);
    // A demo is not a gate: it succeeds when the gate stopped its pull
    // request for what it planted.
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.ends_with("The gate held: this pull request cannot merge until the CISO or CTO approves it.\n"),
        "{out}"
    );
    assert!(out.contains("ISMS-APPROVAL-001"), "{out}");
    assert!(
        out.contains("registers/risks.csv changed in") && out.contains("needs 1 signed\n  │ approval from ciso or cto"),
        "{out}"
    );
    assert!(
        out.contains("could still approve: Lena Vogel (lena), Priya Raman (priya)"),
        "{out}"
    );
    assert!(out.contains("ISMS-APPROVAL-006"), "{out}");
    assert!(out.contains("✗ 2 errors, 0 warnings, 1 waived"), "{out}");

    // The history is real: git itself verifies main's signatures with the
    // keys the demo wrote into isms.toml.
    let config = std::fs::read_to_string(dir.join("isms.toml")).unwrap();
    let allowed: String = config
        .lines()
        .filter_map(|l| l.strip_prefix("keys = [\"").and_then(|l| l.strip_suffix("\"]")))
        .map(|k| format!("* {k}\n"))
        .collect();
    assert_eq!(allowed.lines().count(), 4);
    let allowed_path = parent.path().join("allowed_signers");
    std::fs::write(&allowed_path, allowed).unwrap();
    let log = Command::new("git")
        .args([
            "-c",
            &format!("gpg.ssh.allowedSignersFile={}", allowed_path.display()),
            "log",
            "--format=%G? %s",
            "main",
        ])
        .current_dir(&dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    let log = String::from_utf8(log.stdout).unwrap();
    assert_eq!(log.lines().count(), 5, "{log}");
    assert!(log.lines().all(|l| l.starts_with("G ")), "{log}");

    // On main, everything is approved.
    let (code, out, _) = common::run(Some(&dir), &["audit", "--format", "json"]);
    assert_eq!(code, 1, "the branch's versions are unapproved");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["summary"]["versions"], 7);
    assert_eq!(json["summary"]["approved"], 5);

    // A second demo into the same folder is refused.
    let (code, _, err) = common::run(None, &["demo", dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("is not empty"), "{err}");
}
