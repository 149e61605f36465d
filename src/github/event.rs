//! The workflow run `isms github` is in: the event GitHub Actions names
//! (pull request, merge group, push, schedule, manual) read into the range
//! to judge, and the files of the step it appends to (job summary, step
//! outputs).

use crate::diag::Problem;
use serde_json::Value;
use std::path::PathBuf;

/// What the workflow run is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub name: String,
    pub owner: String,
    pub repo: String,
    /// The pull request, when there is one.
    pub number: Option<u64>,
    /// The pull requests a merge group merges (read from its head ref,
    /// `…/gh-readonly-queue/<base>/pr-<number>-<sha>`).
    pub group: Vec<u64>,
    /// The base of the range; `None` for a push that created a branch, and
    /// for a scheduled or manual run, which judges the state at the head.
    pub base: Option<String>,
    /// The head commit; empty for a scheduled or manual run until it is
    /// resolved from the clone.
    pub head: String,
}

fn problem(message: impl Into<String>) -> Box<Problem> {
    Box::new(Problem::new("github::event", message))
}

/// Reads `GITHUB_EVENT_NAME`, `GITHUB_EVENT_PATH` and `GITHUB_REPOSITORY`.
pub fn read_event(env: &dyn Fn(&str) -> Option<String>) -> Result<Event, Box<Problem>> {
    let name = env("GITHUB_EVENT_NAME").ok_or_else(|| {
        Box::new(
            Problem::new(
                "github::event",
                "GITHUB_EVENT_NAME is not set: isms github runs inside GitHub Actions",
            )
            .help("outside Actions, use `isms check --base <rev>`"),
        )
    })?;
    let repository = env("GITHUB_REPOSITORY").ok_or_else(|| problem("GITHUB_REPOSITORY is not set"))?;
    let (owner, repo) = repository
        .split_once('/')
        .ok_or_else(|| problem(format!("GITHUB_REPOSITORY `{repository}` is not owner/name")))?;
    let path = env("GITHUB_EVENT_PATH").ok_or_else(|| problem("GITHUB_EVENT_PATH is not set"))?;
    let text = std::fs::read_to_string(&path).map_err(|e| problem(format!("cannot read the event {path}: {e}")))?;
    let payload: Value =
        serde_json::from_str(&text).map_err(|e| problem(format!("the event {path} is not JSON: {e}")))?;
    let sha = |v: &Value, what: &str| -> Result<String, Box<Problem>> {
        v.as_str()
            .filter(|s| s.len() == 40 && s.chars().all(|c| c.is_ascii_hexdigit()))
            .map(String::from)
            .ok_or_else(|| problem(format!("the {name} event has no {what}")))
    };
    let mut group = Vec::new();
    let (number, base, head) = match name.as_str() {
        "pull_request" | "pull_request_target" | "pull_request_review" => {
            let pr = &payload["pull_request"];
            let number = pr["number"]
                .as_u64()
                .ok_or_else(|| problem(format!("the {name} event has no pull_request.number")))?;
            (
                Some(number),
                Some(sha(&pr["base"]["sha"], "pull_request.base.sha")?),
                sha(&pr["head"]["sha"], "pull_request.head.sha")?,
            )
        }
        "merge_group" => {
            let g = &payload["merge_group"];
            group = queued_pull_requests(g["head_ref"].as_str().unwrap_or(""));
            (
                None,
                Some(sha(&g["base_sha"], "merge_group.base_sha")?),
                sha(&g["head_sha"], "merge_group.head_sha")?,
            )
        }
        "push" => {
            let before = sha(&payload["before"], "before")?;
            let created = before.chars().all(|c| c == '0');
            (None, (!created).then_some(before), sha(&payload["after"], "after")?)
        }
        // A scheduled or manual run judges the state of what is checked
        // out (reviews fall due with time, not only with changes); the
        // head is resolved from the clone.
        "schedule" | "workflow_dispatch" => (None, None, String::new()),
        other => {
            return Err(Box::new(
                Problem::new("github::event", format!("isms github does not handle `{other}` events"))
                    .help("run it on pull_request, pull_request_target, pull_request_review, merge_group, push, schedule or workflow_dispatch"),
            ));
        }
    };
    Ok(Event {
        name,
        owner: owner.to_string(),
        repo: repo.to_string(),
        number,
        group,
        base,
        head,
    })
}

/// The pull request numbers in a merge queue's ref: each `pr-<number>-`
/// segment of `refs/heads/gh-readonly-queue/<base>/pr-<number>-<sha>`.
fn queued_pull_requests(head_ref: &str) -> Vec<u64> {
    let Some((_, queued)) = head_ref.split_once("gh-readonly-queue/") else {
        return Vec::new();
    };
    queued
        .split('/')
        .filter_map(|seg| seg.strip_prefix("pr-"))
        .filter_map(|rest| rest.split('-').next()?.parse().ok())
        .collect()
}

/// Where the run writes what the action exposes.
#[derive(Debug, Default)]
pub struct Outputs {
    pub summary: Option<PathBuf>,
    pub output: Option<PathBuf>,
}

/// Appends to a file GitHub reads (job summary, step outputs).
pub fn append(path: &std::path::Path, text: &str) -> Result<(), String> {
    use std::io::Write as _;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_with(name: &str, payload: &str) -> impl Fn(&str) -> Option<String> {
        let dir = std::env::temp_dir().join(format!("isms-event-{}-{name}", std::process::id()));
        std::fs::write(&dir, payload).unwrap();
        let name = name.to_string();
        move |k: &str| match k {
            "GITHUB_EVENT_NAME" => Some(name.clone()),
            "GITHUB_REPOSITORY" => Some("acme/isms".into()),
            "GITHUB_EVENT_PATH" => Some(dir.display().to_string()),
            _ => None,
        }
    }

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";

    #[test]
    fn events_give_their_range() {
        let pr = format!(r#"{{"pull_request": {{"number": 7, "base": {{"sha": "{A}"}}, "head": {{"sha": "{B}"}}}}}}"#);
        for name in ["pull_request", "pull_request_target", "pull_request_review"] {
            let e = read_event(&env_with(name, &pr)).unwrap();
            assert_eq!((e.number, e.base.as_deref(), e.head.as_str()), (Some(7), Some(A), B));
            assert_eq!((e.owner.as_str(), e.repo.as_str()), ("acme", "isms"));
        }
        let group = format!(r#"{{"merge_group": {{"base_sha": "{A}", "head_sha": "{B}"}}}}"#);
        let e = read_event(&env_with("merge_group", &group)).unwrap();
        assert_eq!((e.number, e.base.as_deref(), e.group.len()), (None, Some(A), 0));
        let queued = format!(
            r#"{{"merge_group": {{"base_sha": "{A}", "head_sha": "{B}", "head_ref": "refs/heads/gh-readonly-queue/release/v2/pr-1234-{A}"}}}}"#
        );
        let e = read_event(&env_with("merge_group", &queued)).unwrap();
        assert_eq!(e.group, [1234]);
        assert_eq!(queued_pull_requests("refs/heads/feature/pr-9-x"), Vec::<u64>::new());
        let push = format!(r#"{{"before": "{}", "after": "{B}"}}"#, "0".repeat(40));
        let e = read_event(&env_with("push", &push)).unwrap();
        assert_eq!((e.base, e.head.as_str()), (None, B));
        let err = read_event(&env_with("issues", "{}")).unwrap_err();
        assert_eq!(err.to_string(), "isms github does not handle `issues` events");
        let err = read_event(&env_with("pull_request", r#"{"pull_request": {"number": 1}}"#)).unwrap_err();
        assert_eq!(err.to_string(), "the pull_request event has no pull_request.base.sha");
    }
}
