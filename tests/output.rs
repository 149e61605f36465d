//! Snapshots of every output format (human, JSON, SARIF, JUnit and the
//! GitHub renderings of `isms github`) on the bundled example and on a
//! failing copy of it, so that a change of output is seen in review: the
//! `.snap` files beside this test are the expected bytes. A difference
//! fails the test (insta writes the new output beside the snapshot as
//! `.snap.new`; `INSTA_UPDATE=always cargo test --test output` accepts it,
//! no cargo-insta needed). Nothing is redacted but the temporary folder the
//! GitHub run writes its report to.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

const NOW: &str = "2026-06-30";
const RISKS: &str = "registers/risks.csv";

/// The formats of `isms check`.
const FORMATS: [&str; 4] = ["human", "json", "sarif", "junit"];

/// `isms check PATH --no-history --now NOW --format FORMAT --color never`:
/// exit code, standard output and standard error, as one text.
fn check(path: &Path, format: &str) -> String {
    let (code, stdout, stderr) = common::run(
        None,
        &[
            "check",
            path.to_str().unwrap(),
            "--no-history",
            "--now",
            NOW,
            "--format",
            format,
            "--color",
            "never",
        ],
    );
    format!("exit {code}\n--- stdout\n{stdout}--- stderr\n{stderr}")
}

/// A copy of the example with one risk's inherent score off its matrix
/// 5 × 3 is not 14), in a temporary folder outside any repository.
fn failing_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::example(), dir.path());
    let path = dir.path().join(RISKS);
    let text = std::fs::read_to_string(&path).unwrap();
    let from = "Users can disable agent,5,3,15,";
    assert_eq!(text.matches(from).count(), 1);
    std::fs::write(&path, text.replacen(from, "Users can disable agent,5,3,14,", 1)).unwrap();
    dir
}

#[test]
fn every_check_format_of_the_example() {
    for format in FORMATS {
        insta::assert_snapshot!(format!("example_{format}"), check(&common::example(), format));
    }
}

#[test]
fn every_check_format_of_a_failing_copy() {
    let copy = failing_copy();
    for format in FORMATS {
        let out = check(copy.path(), format);
        assert!(out.starts_with("exit 1\n"), "{out}");
        insta::assert_snapshot!(format!("failing_{format}"), out);
    }
}

/// A problem that stops the check (an unknown key in isms.toml), in each
/// format: exit 2, and still a valid document where the format has one.
#[test]
fn every_check_format_of_a_copy_that_cannot_be_checked() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::example(), dir.path());
    let config = dir.path().join("isms.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[organisaton]\nname = \"Lumen\"\n")).unwrap();
    for format in FORMATS {
        let out = check(dir.path(), format);
        assert!(out.starts_with("exit 2\n"), "{out}");
        insta::assert_snapshot!(format!("stopped_{format}"), out);
    }
}

/// Commits every file of `dir` as a fixed author at a fixed time, so that
/// the commit ids (which the GitHub renderings name) are the same on every
/// run; returns the commit's id.
fn commit_all(dir: &Path, message: &str, seconds: i64) -> String {
    let repo = git2::Repository::open(dir)
        .or_else(|_| git2::Repository::init(dir))
        .unwrap();
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let who = git2::Signature::new("Test", "test@example.invalid", &git2::Time::new(seconds, 0)).unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &who, &who, message, &tree, &parents)
        .unwrap()
        .to_string()
}

/// `isms github` without a token (so no API: workflow commands, the job
/// summary, the step outputs, the comment kept in a file) for `event`:
/// everything it wrote, as one text, its temporary folder said `[TEMP]`.
fn github(dir: &Path, event: &str, payload: serde_json::Value) -> String {
    let files = tempfile::tempdir().unwrap();
    let event_path = files.path().join("event.json");
    std::fs::write(&event_path, payload.to_string()).unwrap();
    let (summary, outputs, comment) = (
        files.path().join("summary.md"),
        files.path().join("outputs"),
        files.path().join("comment.md"),
    );
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("isms"))
        .args(["github", "--now", NOW, "--color", "never", "--comment-file"])
        .arg(&comment)
        .current_dir(dir)
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_REPOSITORY", "lumen/isms")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_TEMP", files.path())
        .env_remove("GITHUB_TOKEN")
        .env_remove("GITHUB_API_URL")
        .output()
        .unwrap();
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_else(|_| "(not written)\n".into());
    let text = format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}--- job summary\n{}--- comment file\n{}--- step outputs\n{}",
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        read(&summary),
        read(&comment),
        read(&outputs),
    );
    text.replace(files.path().to_str().unwrap(), "[TEMP]")
}

#[test]
fn github_renderings_of_the_example_of_a_failing_pull_request_and_of_one_that_cannot_be_checked() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::example(), dir.path());
    let base = commit_all(dir.path(), "Baseline", 1_780_000_000);
    insta::assert_snapshot!(
        "github_example",
        github(dir.path(), "workflow_dispatch", serde_json::json!({}))
    );

    let path = dir.path().join(RISKS);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("Users can disable agent,5,3,15,", "Users can disable agent,5,3,14,", 1),
    )
    .unwrap();
    let head = commit_all(dir.path(), "Rescore R-029", 1_780_000_100);
    let event = serde_json::json!({"pull_request": {"number": 7, "base": {"sha": base}, "head": {"sha": head}}});
    let out = github(dir.path(), "pull_request", event);
    assert!(out.starts_with("exit 1\n"), "{out}");
    insta::assert_snapshot!("github_failing", out);

    // A head that is not in the clone (a fork's, unfetched): no verdict.
    let unfetched = "1111111111111111111111111111111111111111";
    let event = serde_json::json!({"pull_request": {"number": 8, "base": {"sha": base}, "head": {"sha": unfetched}}});
    let out = github(dir.path(), "pull_request", event);
    assert!(out.starts_with("exit 2\n"), "{out}");
    insta::assert_snapshot!("github_stopped", out);
}
