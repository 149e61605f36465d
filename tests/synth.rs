//! The synthetic ISMS generator that the benchmarks use: what it writes
//! passes every built-in rule (so a benchmark measures a clean check), it
//! has exactly the size asked for, and its signed history audits as all
//! approved, by the CLI a user runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use isms::testing::synth::{self, Spec};

/// Training records of the example ISMS, which the generator keeps.
fn example_training() -> usize {
    count_lines(&common::example().join("registers/training.csv")) - 1
}

fn count_lines(path: &std::path::Path) -> usize {
    std::fs::read_to_string(path).unwrap().lines().count()
}

#[test]
fn a_generated_isms_has_the_asked_size_and_passes_every_rule() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        risks: 1_000,
        assets: 500,
        people: 120,
        training: example_training() + 2 * 108,
        documents: 40,
        commits: 0,
    };
    synth::write(dir.path(), &spec).unwrap();
    let (code, json) = common::check_at(dir.path(), &["--now", "2026-11-27"]);
    // Not a git repository yet: the approvals cannot be judged (a warning).
    assert_eq!(
        common::findings(&json),
        vec![common::t("ISMS-APPROVAL-007", "isms.toml", 1, 1)],
        "{json:#}"
    );
    assert_eq!(code, 0);
    assert_eq!(count_lines(&dir.path().join("registers/risks.csv")), 1_001);
    assert_eq!(count_lines(&dir.path().join("registers/assets.csv")), 501);
    assert_eq!(
        count_lines(&dir.path().join("registers/training.csv")),
        1 + example_training() + 216
    );
    // docs/README.md is not a controlled document (no front matter).
    let docs = walkdir::WalkDir::new(dir.path().join("docs"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "md"))
        .count();
    assert_eq!(docs, 41);
    let config = std::fs::read_to_string(dir.path().join("isms.toml")).unwrap();
    assert_eq!(config.matches("[[person]]").count(), 120);
    // The files checked: isms.toml, 13 registers, 40 documents.
    assert_eq!(json["summary"]["files"], 54, "{:#}", json["summary"]);
}

#[test]
fn too_little_training_for_the_people_is_reported_per_person() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        training: example_training() + 2 * 30,
        people: 42,
        ..Spec::scaled(100)
    };
    synth::write(dir.path(), &spec).unwrap();
    // 30 generated engineers, two courses each: all covered.
    let (code, json) = common::check_at(dir.path(), &["--now", "2026-11-27"]);
    let no_history = common::t("ISMS-APPROVAL-007", "isms.toml", 1, 1);
    assert_eq!(
        (code, common::findings(&json)),
        (0, vec![no_history.clone()]),
        "{json:#}"
    );
    // 10 records fewer: the last 10 engineers miss their role-specific course.
    let spec = Spec {
        training: example_training() + 2 * 30 - 10,
        ..spec
    };
    let dir = tempfile::tempdir().unwrap();
    synth::write(dir.path(), &spec).unwrap();
    let (code, json) = common::check_at(dir.path(), &["--now", "2026-11-27"]);
    let rules: Vec<String> = common::findings(&json).into_iter().map(|f| f.0).collect();
    let mut expected = vec!["ISMS-APPROVAL-007".to_string()];
    expected.extend(vec!["ISMS-TRAIN-002".to_string(); 10]);
    assert_eq!(rules, expected, "{json:#}");
    assert_eq!(code, 1);
}

#[test]
fn a_generated_history_audits_as_all_approved() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        commits: 41,
        ..Spec::scaled(200)
    };
    let built = synth::history(dir.path(), &spec).unwrap();
    assert_eq!((built.commits, built.signed), (41, 41));
    let log = common::sh(dir.path(), "git", &["rev-list", "--count", "HEAD"], &[]);
    assert_eq!(log.trim(), "41");
    // The work tree is the tip: nothing to commit.
    let status = common::sh(dir.path(), "git", &["status", "--porcelain"], &[]);
    assert_eq!(status, "");
    let (code, out, err) = common::run(Some(dir.path()), &["audit", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let versions = json["versions"].as_array().unwrap();
    assert!(versions.iter().all(|v| v["approved"] == true), "{json:#}");
    // 20 revisions of generated procedures on top of the baseline's files.
    let revisions = versions
        .iter()
        .filter(|v| {
            v["path"].as_str().unwrap().starts_with(synth::GENERATED_DOCS) && v["commit"] != json["commits"][0]["id"]
        })
        .count();
    assert!(revisions >= 20, "{revisions}");
    let (code, json) = common::check_at(dir.path(), &["--now", "2026-11-27"]);
    assert_eq!((code, common::findings(&json)), (0, vec![]), "{json:#}");
}

#[test]
fn a_generated_pull_request_changes_three_governed_files_and_is_approved() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        commits: 9,
        ..Spec::scaled(300)
    };
    let built = synth::history(dir.path(), &spec).unwrap();
    let pr = synth::pull_request(dir.path(), &built).unwrap();
    let changed = common::sh(dir.path(), "git", &["diff", "--name-only", "main", "pr"], &[]);
    let mut files = pr.files.clone();
    files.sort();
    assert_eq!(changed.lines().collect::<Vec<_>>(), files);
    assert_eq!(files.len(), 3);
    let status = common::sh(dir.path(), "git", &["status", "--porcelain"], &[]);
    assert_eq!(status, "");
    let (code, json) = common::check_at(dir.path(), &["--now", "2026-11-27", "--base", "main"]);
    assert!(json.get("problems").is_none(), "{json:#}");
    assert_eq!((code, common::findings(&json)), (0, vec![]), "{json:#}");
    let approvals = json["approvals"]["judgements"].as_array().unwrap();
    let approved: Vec<(&str, bool)> = approvals
        .iter()
        .map(|j| (j["path"].as_str().unwrap(), j["approved"].as_bool().unwrap()))
        .collect();
    assert_eq!(approved.len(), 3, "{approved:?}");
    assert!(approved.iter().all(|(_, ok)| *ok), "{approved:?}");
    assert_eq!(json["approvals"]["commits"], 2);
}
