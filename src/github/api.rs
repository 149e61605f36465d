//! The GitHub REST client of `isms github` and `isms audit`: reviews of a
//! pull request (approvals and "changes requested"), its files and head,
//! the check run with its annotations, the sticky comment. Each call says
//! whether it failed for want of a network or of a permission.

use crate::history::Attested;
use octocrab::{Octocrab, Page};
use serde_json::{Value, json};

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

/// Approvals' evidence naming the pull request they were given on.
pub fn name_pull_request(approvals: &mut [Attested], number: u64) {
    for a in approvals {
        a.evidence = a.evidence.replace(
            " (attested by GitHub)",
            &format!(" on pull request #{number} (attested by GitHub)"),
        );
    }
}
