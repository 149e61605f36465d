//! The local workflow: `isms hook install` and the real pre-commit framework
//! refusing a commit whose staged register is broken, accepting it fixed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Scratch;
use std::path::Path;
use std::process::{Command, Output};

const RISKS: &str = "registers/risks.csv";

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Tom")
        .env("GIT_AUTHOR_EMAIL", "tom.eriksen@lumen-health.example")
        .env("GIT_COMMITTER_NAME", "Tom")
        .env("GIT_COMMITTER_EMAIL", "tom.eriksen@lumen-health.example")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn head(dir: &Path) -> String {
    String::from_utf8(git(dir, &["rev-parse", "HEAD"]).stdout).unwrap()
}

/// Breaks, stages and tries to commit R-007's score; then fixes it.
fn refused_then_accepted(s: &Scratch) {
    let before = head(s.path());
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    git(s.path(), &["add", RISKS]);
    let out = git(s.path(), &["commit", "-m", "Raise R-007"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "the commit went through: {said}");
    assert!(said.contains("ISMS-RISK-002"), "{said}");
    assert!(said.contains("registers/risks.csv:8:112"), "{said}");
    assert_eq!(head(s.path()), before);

    s.replace(RISKS, "Untested restores,4,5,21,", "Untested restores,4,5,20,");
    s.replace(RISKS, "Untested restores", "Restores never tested");
    git(s.path(), &["add", RISKS]);
    let out = git(s.path(), &["commit", "-m", "Reword R-007"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(head(s.path()), before);
}

#[test]
fn native_hook_refuses_a_broken_staged_register() {
    let s = Scratch::example();
    let (code, out, err) = common::run(Some(s.path()), &["hook", "install"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("installed "), "{out}");
    let hook = s.path().join(".git/hooks/pre-commit");
    assert!(std::fs::read_to_string(&hook).unwrap().contains("check --staged '.'"));
    refused_then_accepted(&s);
}

#[test]
fn hook_install_honours_core_hooks_path_and_spares_foreign_hooks() {
    let s = Scratch::example();
    git(s.path(), &["config", "core.hooksPath", ".githooks"]);
    s.write(".githooks/pre-commit", "#!/bin/sh\necho my own hook\n");
    let (code, _, err) = common::run(Some(s.path()), &["hook", "install"]);
    assert_eq!(code, 2);
    assert!(err.contains("exists and was not written by isms"), "{err}");
    assert_eq!(s.read(".githooks/pre-commit"), "#!/bin/sh\necho my own hook\n");

    let (code, _, err) = common::run(Some(s.path()), &["hook", "install", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(s.read(".githooks/pre-commit").contains("isms hook install"));
    // Reinstalling over its own hook needs no --force.
    let (code, _, _) = common::run(Some(s.path()), &["hook", "install"]);
    assert_eq!(code, 0);
    assert!(!s.path().join(".git/hooks/pre-commit").exists());
}

/// The pre-commit framework (installed by scripts/test from PyPI) running this
/// repository's hook definition as a `repo: local` hook with the built
/// binary: building the hook with `language: rust` from a clone would take
/// the length of a release build of isms.
#[test]
fn pre_commit_framework_runs_the_hook() {
    let version = Command::new("pre-commit").arg("--version").output();
    assert!(
        version.as_ref().is_ok_and(|o| o.status.success()),
        "the pre-commit framework is not installed: `pip install pre-commit` (scripts/test does)"
    );
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let out = Command::new("pre-commit")
        .args(["validate-manifest", manifest.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // The manifest's one hook, with its entry pointed at the built binary.
    let manifest_text = std::fs::read_to_string(&manifest).unwrap();
    assert!(manifest_text.contains("entry: isms check --staged"));
    let s = Scratch::example();
    let home = tempfile::tempdir().unwrap();
    let binary = assert_cmd::cargo::cargo_bin("isms");
    s.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: isms\n        name: isms check (staged ISMS)\n        \
             entry: {} check --staged\n        language: system\n        pass_filenames: false\n        always_run: true\n",
            binary.display()
        ),
    );
    git(s.path(), &["add", ".pre-commit-config.yaml"]);
    let out = Command::new("pre-commit")
        .arg("install")
        .current_dir(s.path())
        .env("PRE_COMMIT_HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    commits_through_pre_commit(&s, home.path());
}

/// A broken staged register refused, then fixed and accepted, through the
/// hook script `pre-commit install` wrote (it finds its cache through
/// PRE_COMMIT_HOME).
fn commits_through_pre_commit(s: &Scratch, home: &Path) {
    let commit = |msg: &str| {
        Command::new("git")
            .args(["commit", "-m", msg])
            .current_dir(s.path())
            .env("PRE_COMMIT_HOME", home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "Tom")
            .env("GIT_AUTHOR_EMAIL", "tom@example.invalid")
            .env("GIT_COMMITTER_NAME", "Tom")
            .env("GIT_COMMITTER_EMAIL", "tom@example.invalid")
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let before = head(s.path());
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    git(s.path(), &["add", RISKS]);
    let out = commit("Raise R-007");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("isms check (staged ISMS)") && said.contains("Failed"),
        "{said}"
    );
    assert!(said.contains("ISMS-RISK-002"), "{said}");
    assert_eq!(head(s.path()), before);

    s.replace(RISKS, "Untested restores,4,5,21,", "Untested restores,4,5,20,");
    git(s.path(), &["add", RISKS]);
    let out = commit("Add the pre-commit configuration");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("isms check (staged ISMS)") && said.contains("Passed"),
        "{said}"
    );
}

/// The `isms-push` hook through the real pre-commit framework: a push of an
/// unapproved change to the risk register is refused, naming the finding;
/// the hook judges exactly the pushed range.
#[test]
fn pre_push_hook_judges_the_pushed_range() {
    let version = Command::new("pre-commit").arg("--version").output();
    assert!(
        version.as_ref().is_ok_and(|o| o.status.success()),
        "the pre-commit framework is not installed: `pip install pre-commit` (scripts/test does)"
    );
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml")).unwrap();
    assert!(manifest.contains("id: isms-push\n") && manifest.contains("entry: isms check --pre-push"));
    let s = Scratch::example();
    let home = tempfile::tempdir().unwrap();
    let remote = tempfile::tempdir().unwrap();
    git(remote.path(), &["init", "-q", "--bare"]);
    git(s.path(), &["remote", "add", "origin", remote.path().to_str().unwrap()]);
    git(s.path(), &["push", "-q", "origin", "HEAD:refs/heads/main"]);
    git(s.path(), &["fetch", "-q", "origin"]);
    let binary = assert_cmd::cargo::cargo_bin("isms");
    s.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: isms-push\n        name: isms check (the pushed commits and their approvals)\n        \
             entry: {} check --pre-push\n        language: system\n        pass_filenames: false\n        always_run: true\n        stages: [pre-push]\n",
            binary.display()
        ),
    );
    let env = |c: &mut Command| {
        c.current_dir(s.path())
            .env("PRE_COMMIT_HOME", home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "Tom")
            .env("GIT_AUTHOR_EMAIL", "tom@example.invalid")
            .env("GIT_COMMITTER_NAME", "Tom")
            .env("GIT_COMMITTER_EMAIL", "tom@example.invalid")
            .env("NO_COLOR", "1");
    };
    let mut install = Command::new("pre-commit");
    install.args(["install", "--hook-type", "pre-push"]);
    env(&mut install);
    let out = install.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The hook configuration itself is not governed: this push passes.
    git(s.path(), &["add", ".pre-commit-config.yaml"]);
    let mut commit = Command::new("git");
    commit.args(["commit", "-q", "-m", "Hooks"]);
    env(&mut commit);
    assert!(commit.output().unwrap().status.success());
    let push = || {
        let mut c = Command::new("git");
        c.args(["push", "origin", "HEAD:refs/heads/main"]);
        env(&mut c);
        let out = c.output().unwrap();
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    let (ok, said) = push();
    assert!(ok, "{said}");
    // An unapproved change to the risk register is refused at push.
    s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,4,16,");
    git(s.path(), &["add", RISKS]);
    let mut commit = Command::new("git");
    commit.args(["commit", "-q", "-m", "Rescore R-007"]);
    env(&mut commit);
    assert!(commit.output().unwrap().status.success());
    let (ok, said) = push();
    assert!(!ok, "{said}");
    assert!(
        said.contains("ISMS-APPROVAL-001") && said.contains("registers/risks.csv"),
        "{said}"
    );
}
