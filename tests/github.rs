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
    let files = tempfile::tempdir().unwrap();
    let event_path = files.path().join("event.json");
    std::fs::write(&event_path, payload.to_string()).unwrap();
    let summary = files.path().join("summary.md");
    let outputs = files.path().join("outputs");
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("isms"));
    cmd.args(["github", "--now", common::NOW, "--color", "never"])
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

fn review(id: u64, login: &str, state: &str, commit: &str) -> Value {
    json!({"id": id, "user": {"login": login}, "state": state, "commit_id": commit, "body": ""})
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

#[tokio::test(flavor = "multi_thread")]
async fn forbidden_api_degrades_to_summary_and_annotations_with_the_same_verdict() {
    let (s, base, head) = pull_request(true);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(json!({"message": "Resource not accessible by integration"})),
        )
        .mount(&server)
        .await;
    let uri = server.uri();
    let s_path = s.path().to_path_buf();
    let (with_api, without) = tokio::task::spawn_blocking(move || {
        (
            run(&s_path, "pull_request", pr_event(&base, &head), Some(&uri)),
            run(&s_path, "pull_request", pr_event(&base, &head), None),
        )
    })
    .await
    .unwrap();
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
            .contains("**GitHub API** (the verdict does not depend on it)")
    );
    // The annotation of the broken score, located from the repository root.
    let annotation = with_api
        .stdout
        .lines()
        .find(|l| l.starts_with("::error file=registers/risks.csv,line=8,"))
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
    // No review can count here: the change lacks its approval.
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("::error file=registers/risks.csv,line=1,"),
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
    assert!(!r.stdout.contains("the branch's rule ran"), "{}", r.stdout);
    assert!(
        r.stdout.contains("base rule") || r.stdout.contains("ISMS-APPROVAL-001"),
        "{}",
        r.stdout
    );
    let r = run(s.path(), "pull_request_target", pr_event(&base, &head), None);
    assert!(!r.stdout.contains("the branch's rule ran"), "{}", r.stdout);
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
