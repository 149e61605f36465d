//! The pull-request use case of `isms github`, as a plain function: the
//! head of the event resolved, the reviews GitHub attests read (of the
//! pull request, or of each one queued in a merge group), the head's
//! content checked by the base's configuration with them, the gate asked
//! (`check::Gate`: reviews that could not be read withhold a pass), and the
//! verdict published through the check run and the sticky comment. It
//! returns what is left to print and write — the log, the job summary, the
//! comment's body, the JSON report, the counts for the step outputs — and
//! reads no environment and prints nothing: that is `cli/`.

use crate::check::{self, Gate, Outcome};
use crate::diag::Problem;
use crate::findings::Severity;
use crate::github::api::{self, Api};
use crate::github::event::Event;
use crate::history::Attested;
use crate::report::{self, Checked, github as gh, human::Style};
use std::path::Path;

/// What `isms github` is asked to judge.
pub struct Request<'a> {
    /// The ISMS folder in the clone the workflow checked out.
    pub root: &'a Path,
    /// The event of the workflow run (its head resolved from the clone
    /// when the event names none).
    pub event: Event,
    /// The API client; `Ok(None)` without a token, `Err` when it could not
    /// be built (why). Without it: no check run, no comment, no reviews.
    pub api: Result<Option<&'a Api>, String>,
    /// The evaluation date.
    pub now: &'a check::Date,
    /// The lowest severity that fails the gate.
    pub fail_on: Severity,
    /// Whether to create or update the pull request comment.
    pub comment: bool,
    /// How the human report in the log is drawn.
    pub style: Style,
}

/// What the use case ended with.
pub enum Run {
    /// The check ran and the gate passed or failed on its findings.
    Judged(Box<Judged>),
    /// No verdict (exit 2): the check could not run, or a pass was
    /// withheld for what could not be read.
    Stopped(Stopped),
}

/// A verdict, and what reports it.
pub struct Judged {
    /// Whether the gate failed (exit 1).
    pub failing: bool,
    /// Unwaived errors and warnings (to-dos left out), for the step outputs.
    pub errors: usize,
    pub warnings: usize,
    /// The job's log: the annotations as workflow commands when no check
    /// run carried them, the API's warnings, the human report.
    pub log: String,
    /// The job summary (cut to GitHub's limit).
    pub summary: String,
    /// The pull request comment's body, behind its marker (cut to
    /// GitHub's limit).
    pub comment: String,
    /// The JSON report.
    pub report: String,
    /// What was done on GitHub, one line each for standard error, in order.
    pub notes: Vec<String>,
}

/// No verdict, and why.
pub struct Stopped {
    pub problems: Vec<Problem>,
    /// The job summary saying isms could not run, with the problems and the
    /// API's warnings.
    pub summary: String,
    /// What went wrong on GitHub meanwhile, for standard error.
    pub notes: Vec<String>,
}

/// No verdict for `problems`: the job summary says so and, when a check
/// run was started, it is completed as failed.
pub fn stopped(problems: Vec<Problem>, warnings: &[String], check_run: Option<(&Api, u64)>) -> Run {
    let text = gh::could_not_run(&problems, warnings);
    let mut notes = Vec::new();
    if let Some((api, id)) = check_run {
        if let Err(e) = api.complete_check_run(id, "failure", ("isms could not run", &gh::check_summary(&text)), &[]) {
            notes.push(format!(
                "isms: warning: GitHub API: the check run was not completed: {e}"
            ));
        }
    }
    Run::Stopped(Stopped {
        problems,
        summary: text,
        notes,
    })
}

/// Judges the event's change and publishes the verdict on GitHub.
pub fn run(request: Request<'_>) -> Run {
    let Request {
        root,
        mut event,
        api,
        now,
        fail_on,
        comment,
        style,
    } = request;
    let mut warnings: Vec<String> = Vec::new();
    if event.head.is_empty() {
        match checked_out_head(root) {
            Ok(id) => event.head = id,
            Err(p) => return stopped(vec![*p], &warnings, None),
        }
    }
    let api = match api {
        Ok(Some(api)) => Some(api),
        Ok(None) => {
            warnings.push("no GITHUB_TOKEN: no check run, no pull request comment, reviews not read".into());
            None
        }
        Err(e) => {
            warnings.push(e);
            None
        }
    };
    let check_run = api.and_then(|api| open_check_run(api, &event.head, &mut warnings).map(|id| (api, id)));
    let reviews = read_reviews(api, root, &event, &mut warnings);
    // The copy of the head lives as long as the outcome read from it.
    let (_head_copy, outcome) = match check_head(root, &event, now, reviews.attested, reviews.vetoes) {
        Ok(checked) => checked,
        Err(problems) => return stopped(problems, &warnings, check_run),
    };
    let failing = match Gate::of(&outcome, fail_on, reviews.unread) {
        Gate::Withheld(p) => return stopped(vec![*p], &warnings, check_run),
        gate => gate.is_fail(),
    };
    let published = Published {
        api,
        check_run,
        number: event.number.filter(|_| comment),
        prefix: report::repo_prefix(root),
        context: reviews.context,
    };
    Run::Judged(Box::new(published.verdict(&outcome, failing, warnings, style)))
}

/// The commit checked out, for a scheduled or manual run.
fn checked_out_head(root: &Path) -> Result<String, Box<Problem>> {
    git2::Repository::discover(root)
        .ok()
        .and_then(|r| Some(r.head().ok()?.peel_to_commit().ok()?.id().to_string()))
        .ok_or_else(|| {
            Box::new(
                Problem::new(
                    "github::event",
                    format!("{} has no commit checked out to judge", root.display()),
                )
                .help("check the repository out with actions/checkout and `fetch-depth: 0`"),
            )
        })
}

/// One check run carries the verdict and every annotation; without the
/// `checks: write` permission, annotations are workflow commands.
fn open_check_run(api: &Api, head: &str, warnings: &mut Vec<String>) -> Option<u64> {
    match api.create_check_run(head) {
        Ok(id) => Some(id),
        Err(e) if e.network => {
            warnings.push(format!(
                "no check run (the GitHub API could not be reached), so annotations are workflow commands: {e}"
            ));
            None
        }
        Err(e) => {
            warnings.push(format!(
                "no check run (the workflow needs `permissions: checks: write`), so annotations are workflow commands: {e}"
            ));
            None
        }
    }
}

/// What GitHub attests about the change, and the line that says what the
/// run is about.
struct Reviews {
    attested: Vec<Attested>,
    vetoes: Vec<Attested>,
    /// Reviews that could not be read: the check still runs and reports,
    /// but cannot pass (a "changes requested" review may be among them).
    unread: Option<Problem>,
    context: String,
}

/// The reviews of the pull request, or of each one queued in the merge
/// group; without an API, none.
fn read_reviews(api: Option<&Api>, root: &Path, event: &Event, warnings: &mut Vec<String>) -> Reviews {
    let mut reviews = Reviews {
        attested: Vec::new(),
        vetoes: Vec::new(),
        unread: None,
        context: format!("`{}` event, head {}", event.name, &event.head[..7]),
    };
    let Some(api) = api else {
        return reviews;
    };
    if let Some(number) = event.number {
        reviews.context = format!("Pull request #{number}, head {}", &event.head[..7]);
        match api.reviews(number, &event.head) {
            Ok((a, v)) => {
                reviews.attested = a;
                reviews.vetoes = v;
            }
            Err(e) => {
                warnings.push(format!("reviews not read, so none counts as an approval: {e}"));
                // A veto among them would block the change: no pass without them.
                reviews.unread = Some(reviews_unread(number, &e));
            }
        }
        match api.changed_files(number) {
            Ok(files) => reviews.context.push_str(&format!(
                ", {} changed file{}",
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            )),
            Err(e) => warnings.push(format!("changed files not read: {e}")),
        }
    }
    // A merge group: the approving reviews of each queued pull request
    // count for the files where the group's head holds exactly what the
    // review approved.
    match group_reviews(api, root, &event.group) {
        Ok((found, vetoed, mut more)) => {
            reviews.attested.extend(found);
            reviews.vetoes.extend(vetoed);
            warnings.append(&mut more);
        }
        Err(p) => {
            warnings.push(format!("{}, so no review of the merge group counts", p.message));
            reviews.unread = Some(*p);
        }
    }
    if !event.group.is_empty() {
        let numbers: Vec<String> = event.group.iter().map(|n| format!("#{n}")).collect();
        reviews.context = format!(
            "Merge group of pull request {}, head {}",
            numbers.join(", "),
            &event.head[..7]
        );
    }
    reviews
}

/// The check of the head's content, read from git objects, judged by the
/// base's configuration with the reviews as attested approvals and vetoes;
/// the copy of the head is returned with it (removed when dropped).
fn check_head(
    root: &Path,
    event: &Event,
    now: &check::Date,
    attested: Vec<Attested>,
    vetoes: Vec<Attested>,
) -> Result<(tempfile::TempDir, Outcome), Vec<Problem>> {
    let head_copy = match crate::history::staged::materialize_commit(root, &event.head) {
        Ok(d) => d,
        Err(mut problems) => {
            // The head of a pull request from a fork is not in a clone of the
            // base repository: name the fetch that brings it.
            if let (Some(n), Some(p)) = (event.number, problems.0.first_mut()) {
                p.help = Some(format!(
                    "the pull request's head {} is not in this clone{}: fetch it with `git fetch origin +refs/pull/{n}/head` (or check out `ref: ${{{{ github.event.pull_request.head.sha }}}}` with `fetch-depth: 0`)",
                    crate::history::short_id(&event.head),
                    if event.name == "pull_request_target" {
                        " (pull_request_target checks out the base, and a fork's commits are not fetched)"
                    } else {
                        ""
                    },
                ));
            }
            return Err(problems.0);
        }
    };
    let range = check::Range {
        base: event.base.clone(),
        head: event.base.as_ref().map(|_| event.head.clone()),
        git_root: Some(root.to_path_buf()),
        attested,
        vetoes,
        ..check::Range::default()
    };
    match check::run(head_copy.path(), now, &range) {
        Ok(outcome) => Ok((head_copy, outcome)),
        Err(problems) => Err(problems.0),
    }
}

/// Where the verdict is published.
struct Published<'a> {
    api: Option<&'a Api>,
    check_run: Option<(&'a Api, u64)>,
    /// The pull request to comment on (none with `--no-comment`).
    number: Option<u64>,
    /// Where the ISMS sits in the repository.
    prefix: String,
    context: String,
}

impl Published<'_> {
    /// Publishes the verdict (the comment, the check run with every
    /// annotation) and gives what is left to print and write.
    fn verdict(self, outcome: &Outcome, failing: bool, mut warnings: Vec<String>, style: Style) -> Judged {
        let prefix = &self.prefix;
        let markdown = gh::markdown(outcome, prefix, &self.context);
        let comment = gh::comment(&markdown);
        let mut notes = Vec::new();
        if let (Some(api), Some(number)) = (self.api, self.number) {
            match api.upsert_comment(number, &comment) {
                Ok(true) => notes.push(format!("isms: commented on pull request #{number}")),
                Ok(false) => notes.push(format!("isms: updated its comment on pull request #{number}")),
                Err(e) => warnings.push(format!("the pull request comment was not written: {e}")),
            }
        }
        let mut annotated = false;
        if let Some((api, id)) = self.check_run {
            let conclusion = if failing { "failure" } else { "success" };
            let output = (gh::check_title(outcome), gh::check_summary(&markdown));
            let annotations = gh::check_annotations(outcome, prefix);
            match api.complete_check_run(id, conclusion, (&output.0, &output.1), &annotations) {
                Ok(requests) => {
                    annotated = true;
                    notes.push(format!(
                        "isms: check run `{}` {conclusion} with {} annotation{} ({requests} update{})",
                        api::CHECK_NAME,
                        annotations.len(),
                        if annotations.len() == 1 { "" } else { "s" },
                        if requests == 1 { "" } else { "s" },
                    ));
                }
                Err(e) => warnings.push(format!(
                    "the check run was not completed, so annotations are workflow commands: {e}"
                )),
            }
        }
        let mut log = if annotated {
            String::new()
        } else {
            gh::annotations(outcome, prefix)
        };
        for w in &warnings {
            log.push_str(&format!("::warning title=isms (GitHub API)::{}\n", gh::escape_data(w)));
        }
        let at = report::At {
            root: None,
            now: &outcome.now,
            style,
        };
        log.push_str(&report::human::render(&Checked::Findings(outcome), &at));
        let mut summary = markdown;
        if !warnings.is_empty() {
            summary.push_str(
                "\n**GitHub API** (the verdict does not depend on it, but unread reviews withhold a pass):\n\n",
            );
            for w in &warnings {
                summary.push_str(&format!("- {w}\n"));
            }
        }
        Judged {
            failing,
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
            log,
            summary: gh::summary(&summary),
            comment,
            report: report::json::render(&Checked::Findings(outcome), &at),
            notes,
        }
    }
}

/// The problem of reviews that could not be read.
fn reviews_unread(number: u64, e: &str) -> Problem {
    let p = Problem::new(
        "github::reviews-unread",
        format!("the reviews of pull request #{number} could not be read: {e}"),
    );
    if e.contains(api::UNREACHABLE) {
        return p.help(
            "a \"changes requested\" review would block the change, so there is no verdict without them: \
             the GitHub API could not be reached from the runner; run the job again",
        );
    }
    p.help(
        "a \"changes requested\" review would block the change, so there is no verdict without them: \
         run the job again; the workflow needs `permissions: pull-requests: read`",
    )
}

/// The reviews of the pull requests in a merge group: the approving ones,
/// each bound to its pull request's head; the "changes requested" ones
/// (vetoes), bound to that head too, so that each blocks the content its
/// own pull request brings (or every change, when that head is not in the
/// clone); and warnings for approvals that cannot count. A pull request or
/// its reviews that cannot be read is an error: a veto may be among them.
fn group_reviews(api: &Api, root: &std::path::Path, group: &[u64]) -> Result<GroupReviews, Box<Problem>> {
    let mut found = Vec::new();
    let mut vetoes = Vec::new();
    let mut warnings = Vec::new();
    let repo = git2::Repository::discover(root).ok();
    let held = |sha: &str| {
        let (Some(repo), Ok(oid)) = (&repo, git2::Oid::from_str(sha)) else {
            return false;
        };
        repo.find_commit(oid).is_ok()
    };
    for &n in group {
        let head = api.pull_request_head(n).map_err(|e| {
            Box::new(
                Problem::new(
                    "github::reviews-unread",
                    format!("pull request #{n} of the merge group could not be read: {e}"),
                )
                .help("its reviews may hold a veto, so there is no verdict without them: run the job again"),
            )
        })?;
        let (mut approvals, mut vetoed) = api.reviews(n, &head).map_err(|e| Box::new(reviews_unread(n, &e)))?;
        if held(&head) {
            api::name_pull_request(&mut approvals, n);
            found.append(&mut approvals);
        } else {
            warnings.push(format!(
                "the head {} of pull request #{n} is not in this clone, so its reviews count for nothing and its vetoes block every change: fetch it with `git fetch origin +refs/pull/{n}/head`",
                crate::history::short_id(&head)
            ));
            for v in &mut vetoed {
                v.commit = None;
            }
        }
        vetoes.append(&mut vetoed);
    }
    Ok((found, vetoes, warnings))
}

/// What [`group_reviews`] read: approvals, vetoes, warnings.
type GroupReviews = (Vec<Attested>, Vec<Attested>, Vec<String>);

#[cfg(test)]
mod tests {
    /// Reviews unread for want of a network are not blamed on permissions.
    #[test]
    fn unread_reviews_name_the_network_or_the_permission() {
        let network = super::reviews_unread(
            5,
            &format!(
                "GET /x: {} (Connection refused): a network error",
                super::api::UNREACHABLE
            ),
        );
        let help = network.help.unwrap_or_default();
        assert!(help.contains("could not be reached from the runner"), "{help}");
        assert!(!help.contains("permissions"), "{help}");
        let refused = super::reviews_unread(5, "GET /x: 403 Resource not accessible by integration");
        assert!(refused.help.unwrap_or_default().contains("pull-requests: read"));
    }
}
