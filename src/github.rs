//! `isms github`: pull request mode in GitHub Actions. Reads the event,
//! judges the range of the pull request (or merge group, or push) by the
//! base's configuration, checks the head's content from git objects, and
//! reports: annotations and the job summary always; with a token, approving
//! reviews on the head as attested approvals and one sticky comment, kept up
//! to date. An API failure is a warning, never a change of verdict.

use crate::diag::Problem;
use crate::history::Attested;
use octocrab::{Octocrab, Page};
use serde_json::{Value, json};
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

/// A GitHub API client for one repository, and the warnings it ran into.
pub struct Api {
    client: Octocrab,
    owner: String,
    repo: String,
    runtime: tokio::runtime::Runtime,
    pub warnings: Vec<String>,
}

/// How an error that never reached GitHub begins.
pub const UNREACHABLE: &str = "the GitHub API could not be reached";

/// Whether GitHub never answered: the request did not get through (no
/// connection, DNS, TLS, a timeout), as opposed to an answer that refused
/// it (a status) or that could not be read.
fn unanswered(e: &octocrab::Error) -> bool {
    matches!(
        e,
        octocrab::Error::Service { .. } | octocrab::Error::Hyper { .. } | octocrab::Error::Http { .. }
    )
}

/// What the network error under `e` is, in a few words: the innermost
/// cause (`Connection refused (os error 111)`).
fn cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut inner = e;
    while let Some(next) = inner.source() {
        inner = next;
    }
    inner.to_string()
}

/// An API call that failed, and whether GitHub answered it at all: a
/// network error is said as such, never as a missing permission.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub message: String,
    /// GitHub never answered (no connection, DNS, TLS, a timeout).
    pub network: bool,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Describes an API error without ever including the token.
fn describe(e: &octocrab::Error) -> String {
    if unanswered(e) {
        return format!("{UNREACHABLE} ({}): a network error, not a permission", cause(e));
    }
    match e {
        octocrab::Error::GitHub { source, .. } => {
            let hint = match source.status_code.as_u16() {
                401 => " (the token is not valid)",
                403 => {
                    " (the token may not do this: a fork's pull request gets a read-only token, or the workflow lacks `permissions`)"
                }
                404 => " (not found, or not visible to the token)",
                422 => " (GitHub refused the content)",
                429 => " (rate limited)",
                s if s >= 500 => " (GitHub is having trouble)",
                _ => "",
            };
            format!("{} {}{hint}", source.status_code.as_u16(), source.message)
        }
        other => {
            let text = other.to_string();
            text.lines().next().unwrap_or("error").to_string()
        }
    }
}

impl Api {
    /// A client from the environment of a workflow run: `GITHUB_TOKEN`, and
    /// `GITHUB_API_URL` (GitHub Enterprise, or a mock) else api.github.com.
    /// `Ok(None)` without a token.
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>, owner: &str, repo: &str) -> Result<Option<Api>, String> {
        let Some(token) = env("GITHUB_TOKEN") else {
            return Ok(None);
        };
        let url = env("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".into());
        Api::new(&url, token, owner, repo).map(Some)
    }

    /// A client for `api_url` (GitHub's, or GitHub Enterprise's, or a mock).
    pub fn new(api_url: &str, token: String, owner: &str, repo: &str) -> Result<Api, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the HTTP runtime: {e}"))?;
        let client = runtime.block_on(async {
            Octocrab::builder()
                .personal_token(token)
                .base_uri(api_url)
                .map_err(|e| format!("GITHUB_API_URL `{api_url}` is not usable: {}", describe(&e)))?
                .build()
                .map_err(|e| format!("cannot build the GitHub client: {}", describe(&e)))
        })?;
        Ok(Api {
            client,
            owner: owner.to_string(),
            repo: repo.to_string(),
            runtime,
            warnings: Vec::new(),
        })
    }

    /// Every item of a paged listing.
    fn all(&self, route: String) -> Result<Vec<Value>, String> {
        self.runtime.block_on(async {
            let first: Page<Value> = self
                .client
                .get(&route, None::<&()>)
                .await
                .map_err(|e| format!("GET {route}: {}", describe(&e)))?;
            self.client
                .all_pages(first)
                .await
                .map_err(|e| format!("GET {route} (next page): {}", describe(&e)))
        })
    }

    /// The files a pull request changes (all pages; GitHub stops at 3,000).
    pub fn changed_files(&self, number: u64) -> Result<Vec<String>, String> {
        let route = format!("/repos/{}/{}/pulls/{number}/files?per_page=100", self.owner, self.repo);
        Ok(self
            .all(route)?
            .iter()
            .filter_map(|f| f["filename"].as_str().map(String::from))
            .collect())
    }

    /// Approving reviews of the head commit: for each reviewer, their latest
    /// review that approves or requests changes; it counts when it approves
    /// and was given on `head`. Dismissed reviews, and reviews of an older
    /// commit, do not count.
    pub fn approvals(&self, number: u64, head: &str) -> Result<Vec<Attested>, String> {
        Ok(self.reviews(number, head)?.0)
    }

    /// The approvals of [`Api::approvals`] and the vetoes: reviewers whose
    /// latest such review requests changes (on any commit: as on GitHub, it
    /// stands until it is dismissed or replaced by an approval).
    pub fn reviews(&self, number: u64, head: &str) -> Result<(Vec<Attested>, Vec<Attested>), String> {
        let route = format!(
            "/repos/{}/{}/pulls/{number}/reviews?per_page=100",
            self.owner, self.repo
        );
        let reviews = self.all(route)?;
        let mut latest: Vec<(String, &Value)> = Vec::new();
        for r in &reviews {
            let state = r["state"].as_str().unwrap_or("");
            if !matches!(state, "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED") {
                continue;
            }
            let Some(login) = r["user"]["login"].as_str() else {
                continue;
            };
            match latest.iter_mut().find(|(l, _)| l.eq_ignore_ascii_case(login)) {
                Some(slot) => slot.1 = r,
                None => latest.push((login.to_string(), r)),
            }
        }
        let attested = |login: &str, r: &Value, what: &str| Attested {
            evidence: format!(
                "GitHub review {} by @{login}{what}",
                r["id"].as_u64().map(|i| i.to_string()).unwrap_or_default()
            ),
            login: login.to_string(),
            commit: Some(head.to_string()),
        };
        let approvals = latest
            .iter()
            .filter(|(_, r)| r["state"] == "APPROVED" && r["commit_id"].as_str() == Some(head))
            .map(|(login, r)| attested(login, r, " (attested by GitHub)"))
            .collect();
        let vetoes = latest
            .iter()
            .filter(|(_, r)| r["state"] == "CHANGES_REQUESTED")
            .map(|(login, r)| attested(login, r, &format!(" on pull request #{number}")))
            .collect();
        Ok((approvals, vetoes))
    }

    /// Approving reviews of the merged pull requests that contain `sha`
    /// (each judged on that pull request's final head), for `isms audit`.
    pub fn approvals_for_commit(&self, sha: &str) -> Result<Vec<Attested>, String> {
        let route = format!("/repos/{}/{}/commits/{sha}/pulls?per_page=100", self.owner, self.repo);
        let mut out = Vec::new();
        for pr in self.all(route)?.iter().filter(|p| !p["merged_at"].is_null()) {
            let (Some(number), Some(head)) = (pr["number"].as_u64(), pr["head"]["sha"].as_str()) else {
                continue;
            };
            out.extend(self.approvals_named(number, head)?);
        }
        Ok(out)
    }

    /// [`Api::approvals`], with the evidence naming the pull request (for
    /// approvals read about another commit than the pull request's own).
    pub fn approvals_named(&self, number: u64, head: &str) -> Result<Vec<Attested>, String> {
        let mut approvals = self.approvals(number, head)?;
        name_pull_request(&mut approvals, number);
        Ok(approvals)
    }

    /// The head commit of pull request `number`.
    pub fn pull_request_head(&self, number: u64) -> Result<String, String> {
        let route = format!("/repos/{}/{}/pulls/{number}", self.owner, self.repo);
        self.runtime.block_on(async {
            let pr: Value = self
                .client
                .get(&route, None::<&()>)
                .await
                .map_err(|e| format!("GET {route}: {}", describe(&e)))?;
            pr["head"]["sha"]
                .as_str()
                .map(String::from)
                .ok_or_else(|| format!("GET {route}: the answer has no head.sha"))
        })
    }

    /// Creates the check run `isms` on `head`, in progress; returns its id.
    /// The error says whether GitHub answered: a refusal is most often the
    /// workflow's missing `checks: write`, a network error is not.
    pub fn create_check_run(&self, head: &str) -> Result<u64, ApiError> {
        let route = format!("/repos/{}/{}/check-runs", self.owner, self.repo);
        let payload = json!({ "name": CHECK_NAME, "head_sha": head, "status": "in_progress" });
        self.runtime.block_on(async {
            let run: Value = self.client.post(&route, Some(&payload)).await.map_err(|e| ApiError {
                message: format!("POST {route}: {}", describe(&e)),
                network: unanswered(&e),
            })?;
            run["id"].as_u64().ok_or_else(|| ApiError {
                message: format!("POST {route}: the answer has no id"),
                network: false,
            })
        })
    }

    /// Completes check run `id` with its output and every annotation, in
    /// batches of [`ANNOTATIONS_PER_REQUEST`] (GitHub appends the
    /// annotations of each update); the last request sets the conclusion.
    /// Returns how many requests it made.
    pub fn complete_check_run(
        &self,
        id: u64,
        conclusion: &str,
        (title, summary): (&str, &str),
        annotations: &[Value],
    ) -> Result<usize, String> {
        let route = format!("/repos/{}/{}/check-runs/{id}", self.owner, self.repo);
        let batches: Vec<&[Value]> = if annotations.is_empty() {
            vec![&[]]
        } else {
            annotations.chunks(ANNOTATIONS_PER_REQUEST).collect()
        };
        let last = batches.len() - 1;
        for (i, batch) in batches.iter().enumerate() {
            let mut payload = json!({
                "output": { "title": title, "summary": summary, "annotations": batch },
            });
            if i == last {
                payload["status"] = json!("completed");
                payload["conclusion"] = json!(conclusion);
            }
            self.runtime
                .block_on(self.client.patch::<Value, _, _>(&route, Some(&payload)))
                .map_err(|e| format!("PATCH {route}: {}", describe(&e)))?;
        }
        Ok(batches.len())
    }

    /// Creates the sticky comment, or updates the one that has the marker.
    /// Returns whether it was created.
    pub fn upsert_comment(&self, number: u64, body: &str) -> Result<bool, String> {
        let list = format!(
            "/repos/{}/{}/issues/{number}/comments?per_page=100",
            self.owner, self.repo
        );
        let existing = self
            .all(list)?
            .into_iter()
            .find(|c| {
                c["body"]
                    .as_str()
                    .is_some_and(|b| b.starts_with(crate::report::github::MARKER))
            })
            .and_then(|c| c["id"].as_u64());
        self.runtime.block_on(async {
            let payload = json!({ "body": body });
            match existing {
                Some(id) => {
                    let route = format!("/repos/{}/{}/issues/comments/{id}", self.owner, self.repo);
                    self.client
                        .patch::<Value, _, _>(&route, Some(&payload))
                        .await
                        .map(|_| false)
                        .map_err(|e| format!("PATCH {route}: {}", describe(&e)))
                }
                None => {
                    let route = format!("/repos/{}/{}/issues/{number}/comments", self.owner, self.repo);
                    self.client
                        .post::<_, Value>(&route, Some(&payload))
                        .await
                        .map(|_| true)
                        .map_err(|e| format!("POST {route}: {}", describe(&e)))
                }
            }
        })
    }
}

/// The name of the check run isms creates.
pub const CHECK_NAME: &str = "isms";

/// GitHub takes at most this many annotations per check run request.
pub const ANNOTATIONS_PER_REQUEST: usize = 50;

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

/// Approvals' evidence naming the pull request they were given on.
pub fn name_pull_request(approvals: &mut [Attested], number: u64) {
    for a in approvals {
        a.evidence = a.evidence.replace(
            " (attested by GitHub)",
            &format!(" on pull request #{number} (attested by GitHub)"),
        );
    }
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
