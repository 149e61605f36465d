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
        out.contains("The gate held: this pull request cannot merge until the CISO or CTO approves it.\n"),
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

/// Runs `script` with `sh` in `dir`, git configured by nothing but the
/// repository's own configuration and what the script sets, `stdin` fed.
fn shell(dir: &std::path::Path, home: &std::path::Path, script: &str, stdin: &str) -> (i32, String, String) {
    use std::io::Write as _;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The commands the demo prints in the block that starts with `opening`:
/// its indented lines, up to the next line that is not.
fn commands(out: &str, opening: &str) -> Vec<String> {
    out.lines()
        .skip_while(|l| !l.starts_with(opening))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().to_string())
        .collect()
}

/// The approval findings of `isms check --base main` (rule, file), and its
/// exit code.
fn check_approvals(dir: &std::path::Path) -> (i32, Vec<(String, String)>) {
    let (code, json) = common::check_at(dir, &["--base", "main"]);
    let mut found: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("ISMS-APPROVAL-") && f["waived"] == false)
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    found.sort();
    (code, found)
}

/// What `isms status` lists (rule, file) and its exit code.
fn status_approvals(dir: &std::path::Path) -> (i32, Vec<(String, String)>, String) {
    let (code, out, err) = common::run(Some(dir), &["status", "--base", "main", "--color", "never"]);
    let mut found: Vec<(String, String)> = out
        .lines()
        .filter(|l| l.starts_with("✗ error ") || l.starts_with("! warning "))
        .map(|l| {
            let mut words = l.split_whitespace().skip(2);
            let rule = words.next().unwrap().to_string();
            let place = words.next().unwrap_or("");
            (rule, place.split(':').next().unwrap().to_string())
        })
        .collect();
    found.sort();
    (code, found, format!("{out}{err}"))
}

/// The approver's first hour: the demo leaves the approvers' keys (out of
/// git) and prints the commands that approve its pull request as the CISO;
/// run as printed, they leave only the trailer Tom typed, which `status`
/// names as the check does, with its fix; the commands printed for that
/// make the pull request pass. `status` and `check --base` agree at every
/// step.
#[test]
fn the_demos_pull_request_is_approved_as_the_ciso_with_the_key_it_leaves() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("lumen");
    let home = parent.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let (code, out, err) = common::run(None, &["demo", dir.to_str().unwrap(), "--color", "never"]);
    assert_eq!(code, 0, "{out}{err}");
    let dir = std::fs::canonicalize(&dir).unwrap();
    let keys = dir.join(".demo-keys");
    assert!(
        out.contains(&format!(
            "The approvers' keys are in {}/ (kept out of git",
            keys.display()
        )),
        "{out}"
    );
    for id in ["tom", "maya", "priya", "sam"] {
        let private = keys.join(id);
        assert!(
            std::fs::read_to_string(&private)
                .unwrap()
                .contains("OPENSSH PRIVATE KEY")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(std::fs::metadata(&private).unwrap().permissions().mode() & 0o777, 0o600);
        }
        // The key the demo wrote into isms.toml is the one left.
        let public = std::fs::read_to_string(keys.join(format!("{id}.pub"))).unwrap();
        let line: Vec<&str> = public.split_whitespace().take(2).collect();
        assert!(
            std::fs::read_to_string(dir.join("isms.toml"))
                .unwrap()
                .contains(&line.join(" "))
        );
    }
    // Kept out of git: nothing to commit, and git ignores them.
    let (code, status, _) = shell(&dir, &home, "git status --porcelain --ignored=no", "");
    assert_eq!((code, status.as_str()), (0, ""), "{status}");
    let (code, _, _) = shell(&dir, &home, "git check-ignore -q .demo-keys/priya", "");
    assert_eq!(code, 0);
    // No commit holds a private key.
    let (_, log, _) = shell(&dir, &home, "git log --all -p | grep -c 'PRIVATE KEY' || true", "");
    assert_eq!(log.trim(), "0");

    let before = (check_approvals(&dir), status_approvals(&dir));
    assert_eq!(before.0.0, 1);
    assert_eq!(before.1.0, 1, "{}", before.1.2);
    assert_eq!(
        before.0.1,
        vec![
            ("ISMS-APPROVAL-001".to_string(), "registers/risks.csv".to_string()),
            ("ISMS-APPROVAL-006".to_string(), "registers/risks.csv".to_string())
        ]
    );
    assert_eq!(before.0.1, before.1.1, "{}", before.1.2);

    // As printed: approve as the CISO (answering the question with y).
    let approve = commands(&out, "Approve the pull request as the CISO");
    assert_eq!(approve.len(), 7, "{out}");
    assert_eq!(approve[0], format!("cd {}", dir.display()));
    assert!(approve[5].ends_with(" approve --base main"), "{out}");
    assert!(
        approve[5].starts_with('/'),
        "the isms printed is an absolute path: {out}"
    );
    let script = approve[..6].join("\n");
    let (code, said, err) = shell(parent.path(), &home, &script, "y\n");
    assert_eq!(code, 0, "{said}{err}");
    // The lines changed were shown before the question.
    assert!(
        said.contains("--- a/registers/risks.csv\n+++ b/registers/risks.csv\n"),
        "{said}"
    );
    assert!(said.contains("\n-R-016,") && said.contains("\n+R-016,"), "{said}");
    assert!(said.contains("registers/risks.csv: approved"), "{said}");
    // What is left is what the check says, with its fix.
    assert!(said.contains("ISMS-APPROVAL-006"), "{said}");

    let after = (check_approvals(&dir), status_approvals(&dir));
    assert_eq!(after.0.0, 1);
    assert_eq!(
        after.0.1,
        vec![("ISMS-APPROVAL-006".to_string(), "registers/risks.csv".to_string())]
    );
    assert_eq!(after.1.0, 1, "{}", after.1.2);
    assert_eq!(after.0.1, after.1.1, "{}", after.1.2);
    assert!(after.1.2.contains("rewrite the branch without it"), "{}", after.1.2);
    // The check itself, as printed, names only the trailer.
    let (code, said, _) = shell(&dir, &home, &approve[6], "");
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("✗ 1 error"), "{said}");

    // As printed: Tom folds his commit and the approval into one, without
    // the trailer; the pull request passes.
    let fix = commands(&out, "commits a change to the risk register");
    assert_eq!(fix.len(), 3, "{out}");
    let (code, said, err) = shell(&dir, &home, &fix[..2].join("\n"), "");
    assert_eq!(code, 0, "{said}{err}");
    let (code, said, err) = shell(&dir, &home, &fix[2], "");
    assert_eq!(code, 0, "{said}{err}");
    let done = (check_approvals(&dir), status_approvals(&dir));
    assert_eq!(done.0, (0, vec![]));
    assert_eq!((done.1.0, done.1.1.clone()), (0, vec![]), "{}", done.1.2);
    assert!(
        done.1.2.contains("Nothing on this branch needs approval against main"),
        "{}",
        done.1.2
    );
}
