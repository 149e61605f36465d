//! `isms github` against a local mock of the GitHub API (wiremock; nothing
//! leaves loopback): the binary runs with a fake event payload, job summary
//! and outputs files; the requests it makes are asserted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Scratch;
use serde_json::{Value, json};
use std::path::Path;
use wiremock::matchers::{body_string_contains, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const RISKS: &str = "registers/risks.csv";
const TOKEN: &str = "ghs_test_token_never_printed";
const COMMENTS: &str = "/repos/lumen/isms/issues/5/comments";

/// The example with a pull request: the base commit, then the head, which
/// changes the risk register (unsigned). Returns (scratch, base, head).
fn pull_request(break_score: bool) -> (Scratch, String, String) {
    let s = Scratch::example();
    let base = git2::Repository::open(s.path())
        .unwrap()
        .head()
        .unwrap()
        .target()
        .unwrap()
        .to_string();
    if break_score {
        s.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    } else {
        s.replace(RISKS, "Untested restores", "Restores never tested");
    }
    let head = s.commit_all("Update R-007").to_string();
    (s, base, head)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    summary: String,
    outputs: String,
}

fn run(dir: &Path, event: &str, payload: Value, api: Option<&str>) -> Run {
    run_with(dir, event, payload, api, &[])
}

/// [`run`] with further arguments for `isms github`.
fn run_with(dir: &Path, event: &str, payload: Value, api: Option<&str>, extra: &[&str]) -> Run {
    let files = tempfile::tempdir().unwrap();
    let event_path = files.path().join("event.json");
    std::fs::write(&event_path, payload.to_string()).unwrap();
    let summary = files.path().join("summary.md");
    let outputs = files.path().join("outputs");
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("isms"));
    cmd.args(["github", "--now", common::NOW, "--color", "never"])
        .args(extra)
        .current_dir(dir)
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_REPOSITORY", "lumen/isms")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_TEMP", files.path())
        .env_remove("GITHUB_TOKEN");
    if let Some(url) = api {
        cmd.env("GITHUB_API_URL", url).env("GITHUB_TOKEN", TOKEN);
    }
    let out = cmd.output().unwrap();
    let run = Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        outputs: std::fs::read_to_string(&outputs).unwrap_or_default(),
    };
    for text in [&run.stdout, &run.stderr, &run.summary, &run.outputs] {
        assert!(!text.contains(TOKEN), "the token was printed");
    }
    run
}

fn pr_event(base: &str, head: &str) -> Value {
    json!({"action": "synchronize", "number": 5, "pull_request": {
        "number": 5, "base": {"sha": base, "ref": "main"}, "head": {"sha": head, "ref": "update-r007"}}})
}

/// The merge queue's event for pull request #5 queued onto `base`.
fn merge_group_event(base: &str, head: &str) -> Value {
    json!({"action": "checks_requested", "merge_group": {
        "base_sha": base, "head_sha": head,
        "head_ref": format!("refs/heads/gh-readonly-queue/main/pr-5-{base}")}})
}

fn review(id: u64, login: &str, state: &str, commit: &str) -> Value {
    json!({"id": id, "user": {"login": login}, "state": state, "commit_id": commit, "body": ""})
}

/// `isms github` on pull request #5 (`base`..`head`) with `reviews` as
/// its reviews and every other API answer empty; no comment is posted.
async fn reviewed(dir: &Path, base: &str, head: &str, reviews: Value) -> Run {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/lumen/isms/pulls/5/reviews"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reviews))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let uri = server.uri();
    let (dir, event) = (dir.to_path_buf(), pr_event(base, head));
    tokio::task::spawn_blocking(move || run_with(&dir, "pull_request", event, Some(&uri), &["--no-comment"]))
        .await
        .unwrap()
}

/// Mounts two pages of reviews and two pages of changed files.
async fn mount_pull_request(server: &MockServer, head: &str, old: &str) {
    let reviews = "/repos/lumen/isms/pulls/5/reviews";
    let next = |p: &str| format!("<{}{p}?per_page=100&page=2>; rel=\"next\"", server.uri());
    Mock::given(method("GET"))
        .and(path(reviews))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([review(2, "lvogel", "APPROVED", head)])))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(reviews))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", next(reviews).as_str())
                // Priya approved an older commit: that does not count.
                .set_body_json(json!([review(1, "praman", "APPROVED", old)])),
        )
        .expect(1)
        .mount(server)
        .await;
    let files = "/repos/lumen/isms/pulls/5/files";
    Mock::given(method("GET"))
        .and(path(files))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"filename": "docs/README.md"}])))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(files))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", next(files).as_str())
                .set_body_json(json!([{"filename": RISKS}])),
        )
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_creates_the_comment_second_updates_it() {
    let (s, base, head) = pull_request(false);
    let server = MockServer::start().await;
    mount_pull_request(&server, &head, &base).await;
    Mock::given(method("GET"))
        .and(path(COMMENTS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": 1, "body": "Looks good"}])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(COMMENTS))
        .and(body_string_contains("<!-- isms:report -->"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 99, "body": "x"})))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let first = tokio::task::spawn_blocking({
        let event = pr_event(&base, &head);
        let s_path = s.path().to_path_buf();
        move || run(&s_path, "pull_request", event, Some(&uri))
    })
    .await
    .unwrap();
    // Lena's review of the head approves the change to the risk register.
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    assert!(
        first.stderr.contains("commented on pull request #5"),
        "{}",
        first.stderr
    );
    assert!(
        first.summary.starts_with("## ✅ isms: 0 errors, 0 warnings, 1 waived"),
        "{}",
        first.summary
    );
    assert!(first.summary.contains("Pull request #5, head"), "{}", first.summary);
    assert!(first.summary.contains(", 2 changed files"), "{}", first.summary);
    assert!(
        first.summary.contains("| `registers/risks.csv` |")
            && first
                .summary
                .contains("GitHub review 2 by @lvogel (attested by GitHub)"),
        "{}",
        first.summary
    );
    assert!(
        !first.summary.contains("@praman"),
        "a review of an older commit counted"
    );
    assert!(
        first.outputs.starts_with("errors=0\nwarnings=0\nreport="),
        "{}",
        first.outputs
    );
    server.verify().await;

    // Second run: the comment is found by its marker and updated in place.
    server.reset().await;
    mount_pull_request(&server, &head, &base).await;
    Mock::given(method("GET"))
        .and(path(COMMENTS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"id": 1, "body": "Looks good"},
            {"id": 99, "body": "<!-- isms:report -->\nold report"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/repos/lumen/isms/issues/comments/99"))
        .and(body_string_contains("<!-- isms:report -->"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 99, "body": "x"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(COMMENTS))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    let uri = server.uri();
    let second = tokio::task::spawn_blocking({
        let event = pr_event(&base, &head);
        let s_path = s.path().to_path_buf();
        move || run(&s_path, "pull_request", event, Some(&uri))
    })
    .await
    .unwrap();
    assert_eq!(second.code, 0);
    assert!(
        second.stderr.contains("updated its comment on pull request #5"),
        "{}",
        second.stderr
    );
    server.verify().await;
}

/// The pull request `base..head` judged twice: with a GitHub API that
/// forbids every read (403), and without a token.
async fn forbidden_and_tokenless(dir: &Path, base: String, head: String) -> (Run, Run) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(json!({"message": "Resource not accessible by integration"})),
        )
        .mount(&server)
        .await;
    let uri = server.uri();
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || {
        (
            run(&dir, "pull_request", pr_event(&base, &head), Some(&uri)),
            run(&dir, "pull_request", pr_event(&base, &head), None),
        )
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn forbidden_api_degrades_to_summary_and_annotations_with_the_same_verdict() {
    let (s, base, head) = pull_request(true);
    let (with_api, without) = forbidden_and_tokenless(s.path(), base, head).await;
    // The broken score and the missing approval fail both runs alike.
    assert_eq!((with_api.code, without.code), (1, 1));
    assert!(
        with_api.stdout.contains("::warning title=isms (GitHub API)::reviews not read, so none counts as an approval: GET /repos/lumen/isms/pulls/5/reviews"),
        "{}",
        with_api.stdout
    );
    assert!(
        with_api.stdout.contains("403 Resource not accessible by integration"),
        "{}",
        with_api.stdout
    );
    assert!(
        with_api.summary.starts_with("## ❌ isms: 2 errors"),
        "{}",
        with_api.summary
    );
    assert!(
        with_api
            .summary
            .contains("**GitHub API** (the verdict does not depend on it, but unread reviews withhold a pass)")
    );
    // The annotation of the broken score, located from the repository root.
    let annotation = with_api
        .stdout
        .lines()
        .find(|l| l.starts_with("::error file=registers/risks.csv,line=8,") && l.contains("ISMS-RISK-002"))
        .unwrap_or_else(|| panic!("{}", with_api.stdout));
    assert_eq!(
        annotation,
        "::error file=registers/risks.csv,line=8,endLine=8,col=112,endColumn=114,title=ISMS-RISK-002%3A Risk scores and levels follow the configured matrix::risk R-007: score is 21 but likelihood × impact is 4 × 5 = 20%0ARecompute the score as likelihood × impact and read the level from the matrix, or correct the factor that is off the scale."
    );
    assert!(
        without
            .stdout
            .contains("::warning title=isms (GitHub API)::no GITHUB_TOKEN")
    );
    assert_eq!(
        with_api.stdout.lines().filter(|l| l.starts_with("::error")).count(),
        without.stdout.lines().filter(|l| l.starts_with("::error")).count()
    );
}

#[test]
fn merge_group_and_push_events_judge_their_range_without_the_api() {
    let (s, base, head) = pull_request(false);
    let group = json!({"merge_group": {"base_sha": base, "head_sha": head, "head_ref": "gh-readonly-queue/main/pr-5"}});
    let r = run(s.path(), "merge_group", group, None);
    // No review can count here: the change lacks its approval, reported
    // at the line the change touched.
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("::error file=registers/risks.csv,line=8,endLine=8,col=1,"),
        "{}",
        r.stdout
    );
    assert!(r.summary.contains("`merge_group` event"), "{}", r.summary);

    let push = json!({"before": base, "after": head});
    let r = run(s.path(), "push", push, None);
    assert_eq!(r.code, 1);
    let r = run(s.path(), "issues", json!({}), None);
    assert_eq!(r.code, 2);
    assert!(r.summary.starts_with("## ⛔ isms could not run"), "{}", r.summary);
    assert!(
        r.stderr.contains("isms github does not handle `issues` events"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_head_is_checked_from_git_objects_not_the_working_tree() {
    let (s, base, head) = pull_request(true);
    // The working tree is repaired but the head commit is not.
    s.replace(RISKS, "Untested restores,4,5,21,", "Untested restores,4,5,20,");
    let r = run(s.path(), "pull_request", pr_event(&base, &head), None);
    assert!(r.stdout.contains("ISMS-RISK-002"), "{}", r.stdout);
}

#[test]
fn no_pull_request_runs_the_branchs_own_rules() {
    let s = Scratch::example();
    s.replace("isms.toml", "[rules]\n", "[rules]\ncustom = \"rules\"\n");
    let rule = |verdict: &str| {
        format!(
            "# METADATA\n# title: Lumen's own rule\n# custom:\n#   id: LUMEN-001\npackage lumen.own\n\n\
             deny contains {{\"msg\": \"{verdict}\", \"config\": \"organisation\"}} if {{\n\tinput.organisation.name == \"Lumen Health Analytics Ltd\"\n\t{}\n}}\n",
            if verdict == "base rule" { "false" } else { "true" }
        )
    };
    s.write("rules/own.rego", rule("base rule"));
    let base = s.commit_all("Lumen's own rules").to_string();
    s.write("rules/own.rego", rule("the branch's rule ran"));
    let head = s.commit_all("Change Lumen's own rule").to_string();

    // The base's rules decide, whatever the event: the branch's are content.
    let r = run(s.path(), "pull_request", pr_event(&base, &head), None);
    let ran = |r: &Run| r.stdout.contains("title=LUMEN-001") || r.summary.contains("LUMEN-001");
    assert!(!ran(&r), "{}", r.stdout);
    assert!(
        r.stdout.contains("base rule") || r.stdout.contains("ISMS-APPROVAL-001"),
        "{}",
        r.stdout
    );
    let r = run(s.path(), "pull_request_target", pr_event(&base, &head), None);
    assert!(!ran(&r), "{}", r.stdout);
    assert!(
        r.stdout.contains("ISMS-APPROVAL-001"),
        "the change to the rules still needs approval"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn audit_counts_the_approving_reviews_of_the_pull_request_that_merged_a_change() {
    let (s, base, head) = pull_request(false);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/repos/lumen/isms/commits/{head}/pulls")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"number": 9, "merged_at": "2026-11-20T10:00:00Z", "head": {"sha": head}}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/repos/lumen/isms/commits/{base}/pulls")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/lumen/isms/pulls/9/reviews"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([review(3, "lvogel", "APPROVED", &head)])))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let dir = s.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("isms"))
            .args(["audit", "--format", "json"])
            .current_dir(&dir)
            .env("GITHUB_TOKEN", TOKEN)
            .env("GITHUB_REPOSITORY", "lumen/isms")
            .env("GITHUB_API_URL", &uri)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let version = json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["path"] == RISKS && v["change"] == head.as_str())
        .unwrap()
        .clone();
    assert_eq!(version["approved"], true, "{version:#}");
    assert_eq!(version["approvers"][0]["person"], "lena");
    assert_eq!(
        version["approvers"][0]["key"],
        "GitHub review 3 by @lvogel on pull request #9 (attested by GitHub)"
    );
    // The baseline commit came in no pull request: unapproved.
    assert!(
        json["versions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["change"] == base.as_str())
            .all(|v| v["approved"] == false)
    );
    server.verify().await;
}

/// A fork's head is not in a clone of the base repository (what
/// `pull_request_target` checks out): exit 2, and the message names the
/// fetch that brings it, not "fetch the full history".
#[test]
fn an_unfetched_fork_head_names_the_fetch_that_brings_it() {
    let s = Scratch::example();
    let base = s.commit_all("Baseline again").to_string();
    let missing = "1234567890abcdef1234567890abcdef12345678";
    let r = run(s.path(), "pull_request_target", pr_event(&base, missing), None);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    // The terminal wraps the help; compare without whitespace.
    let said: String = r.stderr.split_whitespace().collect();
    assert!(
        said.contains("gitfetchorigin+refs/pull/5/head") && said.contains("afork'scommitsarenotfetched"),
        "{}",
        r.stderr
    );
    assert!(r.summary.contains("isms could not run"), "{}", r.summary);
}

/// The pull request breaks the score of R-007 and of 118 added risks: with
/// the approval it lacks, 120 findings, each with a place.
fn pull_request_with_120_findings() -> (Scratch, String, String) {
    let s = Scratch::example();
    let base = s.commit_all("Baseline").to_string();
    let text = std::fs::read_to_string(s.path().join(RISKS)).unwrap();
    let row = text.lines().find(|l| l.starts_with("R-007,")).unwrap().to_string();
    let broken = row.replace("Untested restores,4,5,20,", "Untested restores,4,5,21,");
    let mut new = text.replace(&row, &broken);
    for n in 0..118 {
        new.push_str(&broken.replacen("R-007", &format!("R-{:03}", 200 + n), 1));
        new.push('\n');
    }
    s.write(RISKS, new);
    let head = s.commit_all("Add risks").to_string();
    (s, base, head)
}

/// The lines `git diff -U0` says the head changed in `file`, as ranges.
fn changed_hunks(dir: &Path, base: &str, head: &str, file: &str) -> Vec<(u64, u64)> {
    let out = std::process::Command::new("git")
        .args(["diff", "-U0", base, head, "--", file])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("@@ "))
        .map(|l| {
            let plus = l.split(' ').nth(1).unwrap().trim_start_matches('+');
            let (start, len) = plus.split_once(',').unwrap_or((plus, "1"));
            let (start, len): (u64, u64) = (start.parse().unwrap(), len.parse().unwrap());
            (start, start + len.max(1) - 1)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_check_run_is_created_then_completed_with_120_annotations_in_3_batches() {
    let (s, base, head) = pull_request_with_120_findings();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(COMMENTS))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 99})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/repos/lumen/isms/check-runs"))
        .and(body_string_contains(&head))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 77, "status": "in_progress"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/repos/lumen/isms/check-runs/77"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 77})))
        .expect(3)
        .mount(&server)
        .await;
    let uri = server.uri();
    let r = tokio::task::spawn_blocking({
        let event = pr_event(&base, &head);
        let dir = s.path().to_path_buf();
        move || run(&dir, "pull_request", event, Some(&uri))
    })
    .await
    .unwrap();
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    server.verify().await;
    let requests = server.received_requests().await.unwrap();
    let create: Value = requests
        .iter()
        .find(|q| q.method.as_str() == "POST" && q.url.path().ends_with("/check-runs"))
        .map(|q| serde_json::from_slice(&q.body).unwrap())
        .unwrap();
    assert_eq!(
        create,
        json!({"name": "isms", "head_sha": head, "status": "in_progress"})
    );
    let updates: Vec<Value> = requests
        .iter()
        .filter(|q| q.method.as_str() == "PATCH")
        .map(|q| serde_json::from_slice(&q.body).unwrap())
        .collect();
    let sizes: Vec<usize> = updates
        .iter()
        .map(|u| u["output"]["annotations"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [50, 50, 20]);
    // Only the last update completes the run, with the verdict.
    assert_eq!(
        updates.iter().map(|u| u["conclusion"].clone()).collect::<Vec<_>>(),
        [Value::Null, Value::Null, json!("failure")]
    );
    assert_eq!(updates[2]["status"], "completed");
    assert_eq!(updates[0]["output"]["title"], "120 errors, 0 warnings");
    assert!(
        updates[0]["output"]["summary"]
            .as_str()
            .unwrap()
            .starts_with("## ❌ isms: 120 errors")
    );
    let all: Vec<&Value> = updates
        .iter()
        .flat_map(|u| u["output"]["annotations"].as_array().unwrap())
        .collect();
    let score = all
        .iter()
        .find(|a| {
            a["title"].as_str().unwrap().starts_with("ISMS-RISK-002")
                && a["message"].as_str().unwrap().contains("R-007")
        })
        .unwrap();
    assert_eq!(
        **score,
        json!({
            "path": RISKS, "start_line": 8, "end_line": 8, "start_column": 112, "end_column": 114,
            "annotation_level": "failure",
            "title": "ISMS-RISK-002: Risk scores and levels follow the configured matrix",
            "message": "risk R-007: score is 21 but likelihood × impact is 4 × 5 = 20\nRecompute the score as likelihood × impact and read the level from the matrix, or correct the factor that is off the scale."
        })
    );
    // The approval finding sits on lines the change touched (git's own
    // diff is the oracle), so the pull request's diff shows it.
    let approval = all
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("ISMS-APPROVAL-001"))
        .unwrap();
    let hunks = changed_hunks(s.path(), &base, &head, RISKS);
    let (start, end) = (
        approval["start_line"].as_u64().unwrap(),
        approval["end_line"].as_u64().unwrap(),
    );
    assert!(
        hunks.iter().any(|&(a, b)| a <= start && end <= b),
        "{start}-{end} is outside the changed hunks {hunks:?}"
    );
    assert_eq!((start, end), hunks[0]);
    // With a check run there are no workflow-command annotations too.
    assert!(!r.stdout.contains("::error"), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("check run `isms` failure with 120 annotations (3 updates)"),
        "{}",
        r.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_check_run_that_cannot_be_created_leaves_workflow_commands() {
    let (s, base, head) = pull_request(false);
    let server = MockServer::start().await;
    mount_pull_request(&server, &head, &base).await;
    Mock::given(method("GET"))
        .and(path(COMMENTS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/repos/lumen/isms/check-runs"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(json!({"message": "Resource not accessible by integration"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let r = tokio::task::spawn_blocking({
        let event = pr_event(&base, &head);
        let dir = s.path().to_path_buf();
        move || run(&dir, "pull_request", event, Some(&uri))
    })
    .await
    .unwrap();
    // Lena's review approves; the verdict does not depend on the check run.
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("::warning title=isms (GitHub API)::no check run (the workflow needs `permissions: checks: write`), so annotations are workflow commands: POST /repos/lumen/isms/check-runs: 403"),
        "{}",
        r.stdout
    );
}

/// The merge queue's commit: the tree of `tree_of` squashed onto `base`,
/// committed by GitHub, unsigned.
fn squash(dir: &Path, base: &str, tree_of: &str) -> String {
    let repo = git2::Repository::open(dir).unwrap();
    let tree = repo
        .find_commit(git2::Oid::from_str(tree_of).unwrap())
        .unwrap()
        .tree()
        .unwrap();
    let parent = repo.find_commit(git2::Oid::from_str(base).unwrap()).unwrap();
    let sig = git2::Signature::now("GitHub", "noreply@github.com").unwrap();
    repo.commit(None, &sig, &sig, "Update R-007 (#5)", &tree, &[&parent])
        .unwrap()
        .to_string()
}

/// A mock of GitHub with pull request #5 at `head` and its `reviews`.
async fn queued_pull_request(head: &str, reviews: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/lumen/isms/pulls/5"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"number": 5, "head": {"sha": head}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/lumen/isms/pulls/5/reviews"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reviews))
        .mount(&server)
        .await;
    server
}

/// A merge queue: the group's head is the pull request squashed onto the
/// base. The approving review of the pull request's head counts where the
/// group holds exactly the content it approved, and only there.
#[tokio::test(flavor = "multi_thread")]
async fn merge_group_reads_the_reviews_of_its_pull_request() {
    let (s, base, pr_head) = pull_request(false);
    let group_head = squash(s.path(), &base, &pr_head);
    // A second group whose head holds other content than the review saw.
    s.replace(RISKS, "Restores never tested", "Restores never tested at all");
    let other = s.commit_all("More").to_string();
    let other_group = squash(s.path(), &base, &other);
    let server = queued_pull_request(&pr_head, json!([review(2, "lvogel", "APPROVED", &pr_head)])).await;
    let event = |head: &str| merge_group_event(&base, head);
    let uri = server.uri();
    let dir = s.path().to_path_buf();
    let (pass, fail) = tokio::task::spawn_blocking({
        let (a, b) = (event(&group_head), event(&other_group));
        move || {
            (
                run(&dir, "merge_group", a, Some(&uri)),
                run(&dir, "merge_group", b, Some(&uri)),
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(pass.code, 0, "{}{}", pass.stdout, pass.stderr);
    assert!(
        pass.summary
            .contains("GitHub review 2 by @lvogel on pull request #5 (attested by GitHub)"),
        "{}",
        pass.summary
    );
    assert!(
        pass.summary.contains("Merge group of pull request #5, head"),
        "{}",
        pass.summary
    );
    assert_eq!(fail.code, 1, "{}{}", fail.stdout, fail.stderr);
    assert!(fail.stdout.contains("ISMS-APPROVAL-001"), "{}", fail.stdout);
}

/// What the action self-test workflow does on a runner: the example as a
/// repository of its own, judged as it is checked out by a manual run; the
/// same with a planted defect fails with exactly that error.
#[test]
fn scheduled_and_manual_runs_judge_the_checked_out_state() {
    let clean = Scratch::example();
    let r = run(clean.path(), "workflow_dispatch", json!({}), None);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.outputs.starts_with("errors=0\n"), "{}", r.outputs);
    assert!(r.summary.contains("`workflow_dispatch` event, head"), "{}", r.summary);

    let defect = Scratch::example();
    defect.replace(RISKS, "Untested restores,4,5,20,", "Untested restores,4,5,21,");
    // In the adoption commit itself, as the workflow does: the defect is
    // the one finding (a later commit would also lack its approval).
    let amended = std::process::Command::new("git")
        .args(["commit", "-qa", "--amend", "--no-edit"])
        .current_dir(defect.path())
        .status()
        .unwrap();
    assert!(amended.success());
    let r = run(defect.path(), "schedule", json!({"schedule": "17 5 * * 1"}), None);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.outputs.starts_with("errors=1\n"), "{}", r.outputs);
    assert!(r.stdout.contains("title=ISMS-RISK-002"), "{}", r.stdout);
}

/// A fork's pull request has a read-only token: the comment's body is kept
/// in a file for the workflow that posts it (docs/fork/).
#[test]
fn the_comment_body_can_be_kept_for_another_workflow_to_post() {
    let (s, base, head) = pull_request(true);
    let kept = tempfile::tempdir().unwrap();
    let file = kept.path().join("comment.md");
    let r = run_with(
        s.path(),
        "pull_request",
        pr_event(&base, &head),
        None,
        &["--comment-file", file.to_str().unwrap()],
    );
    assert_eq!(r.code, 1);
    let body = std::fs::read_to_string(&file).unwrap();
    assert!(body.starts_with("<!-- isms:report -->\n## ❌ isms: 2 errors"), "{body}");
    assert!(body.contains("ISMS-RISK-002"), "{body}");
    // The same report as the job summary, behind the marker.
    assert!(
        r.summary.starts_with(
            body.trim_start_matches("<!-- isms:report -->\n")
                .lines()
                .next()
                .unwrap()
        )
    );
}

/// A veto: an eligible approver's "changes requested" review blocks the
/// change it could approve, even with another approval, naming them; once
/// the review is dismissed the check passes.
#[tokio::test(flavor = "multi_thread")]
async fn a_changes_requested_review_blocks_until_it_is_dismissed() {
    let (s, base, head) = pull_request(false);
    let run_with_reviews = |list: Value| reviewed(s.path(), &base, &head, list);
    let blocked = run_with_reviews(json!([
        review(1, "lvogel", "APPROVED", &head),
        review(2, "praman", "CHANGES_REQUESTED", &base),
    ]))
    .await;
    assert_eq!(blocked.code, 1, "{}{}", blocked.stdout, blocked.stderr);
    assert!(
        blocked.stdout.contains(
            "registers/risks.csv is blocked under the rule `risk register`: Priya Raman (priya) requested changes (GitHub review 2 by @praman on pull request #5), though it has its approvals"
        ),
        "{}",
        blocked.stdout
    );
    let dismissed = run_with_reviews(json!([
        review(1, "lvogel", "APPROVED", &head),
        review(2, "praman", "CHANGES_REQUESTED", &base),
        review(3, "praman", "DISMISSED", &base),
    ]))
    .await;
    assert_eq!(dismissed.code, 0, "{}{}", dismissed.stdout, dismissed.stderr);
    // A reviewer who could not approve this change has no veto over it.
    let outsider = run_with_reviews(json!([
        review(1, "lvogel", "APPROVED", &head),
        review(2, "ohaddad", "CHANGES_REQUESTED", &head),
    ]))
    .await;
    assert_eq!(outsider.code, 0, "{}{}", outsider.stdout, outsider.stderr);
}

/// An approving review of a head that forked before the base changed the
/// same file approved the head's content as a change from the old content:
/// it does not approve undoing the base's change. Brought up to date (the
/// base's change kept) and reviewed again, it passes.
#[tokio::test(flavor = "multi_thread")]
async fn a_review_of_a_head_behind_a_change_of_the_same_file_does_not_roll_it_back() {
    let (s, fork, head) = pull_request(false);
    // Main changes the same register since the pull request forked.
    common::sh(s.path(), "git", &["checkout", "-q", "--detach", &fork], &[]);
    s.replace(RISKS, "Broad production access", "Production access too broad");
    let main = s.commit_all("Reword R-003 on main").to_string();
    let approved = |head: &str| json!([review(1, "lvogel", "APPROVED", head)]);
    // Against the fork it approved, the review counts.
    let against_fork = reviewed(s.path(), &fork, &head, approved(&head)).await;
    assert_eq!(against_fork.code, 0, "{}{}", against_fork.stdout, against_fork.stderr);
    // Against main, the head would drop main's rewording of R-003.
    let behind = reviewed(s.path(), &main, &head, approved(&head)).await;
    assert_eq!(behind.code, 1, "{}{}", behind.stdout, behind.stderr);
    assert!(
        behind.stdout.contains("ISMS-APPROVAL-001") && behind.stdout.contains(RISKS),
        "{}",
        behind.stdout
    );
    // Brought up to date by a merge that keeps main's change, and reviewed.
    common::sh(s.path(), "git", &["checkout", "-q", "--detach", &head], &[]);
    common::sh(
        s.path(),
        "git",
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.invalid",
            "merge",
            "-q",
            "-m",
            "Merge main",
            &main,
        ],
        &[],
    );
    let updated = common::sh(s.path(), "git", &["rev-parse", "HEAD"], &[])
        .trim()
        .to_string();
    let up_to_date = reviewed(s.path(), &main, &updated, approved(&updated)).await;
    assert_eq!(up_to_date.code, 0, "{}{}", up_to_date.stdout, up_to_date.stderr);
}

/// The sticky comment says, per governed file, who may still approve and
/// the two ways to do it.
#[test]
fn the_comment_says_who_may_still_approve_and_how() {
    let (s, base, head) = pull_request(false);
    let kept = tempfile::tempdir().unwrap();
    let file = kept.path().join("comment.md");
    let r = run_with(
        s.path(),
        "pull_request",
        pr_event(&base, &head),
        None,
        &["--comment-file", file.to_str().unwrap()],
    );
    assert_eq!(r.code, 1);
    let body = std::fs::read_to_string(&file).unwrap();
    assert!(
        body.contains("- `registers/risks.csv`: could still approve: Lena Vogel (lena), Priya Raman (priya)"),
        "{body}"
    );
    assert!(
        body.contains(
            "To approve: an approving review of this pull request on GitHub, or `isms approve` on the branch"
        ),
        "{body}"
    );
}

/// Reviews that cannot be read may hide a veto: a pull request that would
/// otherwise pass does not (exit 2, naming why and the permission), while
/// one that fails still reports every finding (see
/// `forbidden_api_degrades_to_summary_and_annotations_with_the_same_verdict`).
#[tokio::test(flavor = "multi_thread")]
async fn unread_reviews_withhold_a_pass() {
    let s = Scratch::example();
    let base = s.commit_all("Baseline").to_string();
    // A change nothing governs: it passes on its own.
    s.write("NOTES.txt", "meeting notes\n");
    let head = s.commit_all("Notes").to_string();
    let (with_api, without) = forbidden_and_tokenless(s.path(), base, head).await;
    assert_eq!(without.code, 0, "{}{}", without.stdout, without.stderr);
    assert_eq!(with_api.code, 2, "{}{}", with_api.stdout, with_api.stderr);
    let all = format!("{}{}{}", with_api.stdout, with_api.stderr, with_api.summary);
    assert!(
        all.contains("the reviews of pull request #5 could not be read: GET /repos/lumen/isms/pulls/5/reviews"),
        "{all}"
    );
    assert!(all.contains("permissions: pull-requests: read"), "{all}");
}

/// In a merge queue, a "changes requested" review of a queued pull request
/// by someone eligible to approve its change blocks the group, as on the
/// pull request itself.
#[tokio::test(flavor = "multi_thread")]
async fn a_veto_on_a_queued_pull_request_blocks_its_merge_group() {
    let (s, base, pr_head) = pull_request(false);
    let group_head = squash(s.path(), &base, &pr_head);
    let server = queued_pull_request(
        &pr_head,
        json!([
            review(2, "lvogel", "APPROVED", &pr_head),
            review(3, "praman", "CHANGES_REQUESTED", &pr_head),
        ]),
    )
    .await;
    let event = merge_group_event(&base, &group_head);
    let uri = server.uri();
    let dir = s.path().to_path_buf();
    let r = tokio::task::spawn_blocking(move || run(&dir, "merge_group", event, Some(&uri)))
        .await
        .unwrap();
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "registers/risks.csv is blocked under the rule `risk register`: Priya Raman (priya) requested changes (GitHub review 3 by @praman on pull request #5), though it has its approvals"
        ),
        "{}",
        r.stdout
    );
}

/// To-dos of the configuration on GitHub: notices, not warnings; folded
/// away under the findings in the job summary; counted apart in the title.
#[test]
fn to_dos_are_notices_folded_under_the_findings() {
    let s = Scratch::example();
    s.replace(
        "isms.toml",
        "[[approval]]\nname = \"statement of applicability\"\npaths = [\"registers/soa.csv\"]\nroles = [\"ciso\"]\n",
        "",
    );
    let amended = std::process::Command::new("git")
        .args(["commit", "-qa", "--amend", "--no-edit"])
        .current_dir(s.path())
        .status()
        .unwrap();
    assert!(amended.success());
    let r = run(s.path(), "workflow_dispatch", json!({}), None);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.outputs.starts_with("errors=0\nwarnings=0\n"), "{}", r.outputs);
    assert!(r.stdout.contains("::notice file=registers/soa.csv"), "{}", r.stdout);
    assert!(!r.stdout.contains("::warning file="), "{}", r.stdout);
    assert!(
        r.summary
            .starts_with("## ✅ isms: 0 errors, 0 warnings, 1 waived, 1 to-do\n"),
        "{}",
        r.summary
    );
    assert!(
        r.summary.contains("<details><summary>To do in isms.toml (1)</summary>\n\n- ISMS-SOA-003: the Statement of Applicability registers/soa.csv is not governed"),
        "{}",
        r.summary
    );
    assert!(!r.summary.contains("| ⚠️ | ISMS-SOA-003"), "{}", r.summary);
}

/// A GitHub API that cannot be reached (a closed port on loopback) is said
/// to be a network error — never "the workflow needs `permissions: checks:
/// write`" or a missing read permission — for the check run, the reviews,
/// the changed files and the comment alike; the verdict is the check's own
/// (the change lacks the approval no review could be read for).
#[test]
fn an_unreachable_api_is_a_network_error_not_a_missing_permission() {
    let (s, base, head) = pull_request(false);
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let r = run(
        s.path(),
        "pull_request",
        pr_event(&base, &head),
        Some(&format!("http://127.0.0.1:{closed}")),
    );
    let said = format!("{}{}{}", r.stdout, r.stderr, r.summary);
    assert!(
        said.contains("::warning title=isms (GitHub API)::no check run (the GitHub API could not be reached), so annotations are workflow commands: POST /repos/lumen/isms/check-runs: the GitHub API could not be reached ("),
        "{said}"
    );
    assert!(said.contains("a network error, not a permission"), "{said}");
    assert!(!said.contains("checks: write"), "{said}");
    assert!(!said.contains("pull-requests: read"), "{said}");
    for what in [
        "reviews not read, so none counts as an approval: GET /repos/lumen/isms/pulls/5/reviews?per_page=100: the GitHub API could not be reached (",
        "changed files not read: GET /repos/lumen/isms/pulls/5/files?per_page=100: the GitHub API could not be reached (",
        "the pull request comment was not written: GET /repos/lumen/isms/issues/5/comments?per_page=100: the GitHub API could not be reached (",
    ] {
        assert!(said.contains(what), "{what}\n{said}");
    }
    assert_eq!(r.code, 1, "{said}");
}

/// Pull request mode with an emergency declaration on the branch (made by
/// `isms emergency` with the CISO's key): the check passes with the
/// warning in the annotations and the summary; an approver's "changes
/// requested" review still blocks it.
#[tokio::test(flavor = "multi_thread")]
async fn an_emergency_passes_a_pull_request_with_a_warning_and_a_veto_still_blocks_it() {
    use common::lab::Lab;
    let lab = Lab::new();
    lab.s.append(
        "isms.toml",
        "\n[emergency]\ndeclarers = [\"ciso\"]\ndeadline = \"72h\"\nrules = [\"risk register\"]\n",
    );
    lab.amend_baseline();
    let git = |args: &[&str]| common::sh(lab.path(), "git", args, &[]).trim().to_string();
    git(&["branch", "-M", "main"]);
    let base = lab.head();
    git(&["checkout", "-q", "-b", "change"]);
    lab.edit_risks(1);
    lab.commit("omar", None, "Rescore R-001 for the incident");
    git(&["config", "user.email", &Lab::email("priya")]);
    git(&["config", "gpg.format", "ssh"]);
    git(&["config", "user.signingkey", lab.keys["priya"].0.to_str().unwrap()]);
    let (code, out, err) = common::run(
        Some(lab.path()),
        &[
            "emergency",
            "--base",
            "main",
            "--reason",
            "outage INC-7",
            "--yes",
            "--at",
            "2026-11-27T03:00:00Z",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let head = lab.head();
    let passed = reviewed(lab.path(), &base, &head, json!([])).await;
    assert_eq!(passed.code, 0, "{}{}", passed.stdout, passed.stderr);
    assert!(
        passed.stdout.contains("::warning file=registers/risks.csv")
            && passed.stdout.contains("ISMS-APPROVAL-010")
            && passed.stdout.contains("declared by Priya Raman (priya)"),
        "{}",
        passed.stdout
    );
    assert!(passed.summary.contains("ISMS-APPROVAL-010"), "{}", passed.summary);
    let vetoed = reviewed(
        lab.path(),
        &base,
        &head,
        json!([review(1, "lvogel", "CHANGES_REQUESTED", &head)]),
    )
    .await;
    assert_eq!(vetoed.code, 1, "{}{}", vetoed.stdout, vetoed.stderr);
    assert!(
        vetoed
            .stdout
            .contains("is blocked under the rule `risk register`: Lena Vogel (lena) requested changes"),
        "{}",
        vetoed.stdout
    );
}
