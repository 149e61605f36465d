//! `isms github`: pull request mode in GitHub Actions — reads the event,
//! judges the range by the base's configuration with the reviews GitHub
//! attests, and reports through a check run (or workflow commands), the
//! job summary, the sticky comment and the step outputs.

use super::*;

/// The arguments of `isms github`.
#[derive(Debug, clap::Args)]
pub struct GithubArgs {
    /// The ISMS folder, or any folder inside it.
    pub path: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Do not create or update the pull request comment.
    #[arg(long)]
    pub no_comment: bool,
    /// Also write the JSON report to this file (default: $RUNNER_TEMP/isms-report.json).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Also write the pull request comment's body to this file, for a
    /// later workflow to post (fork pull requests get a read-only token).
    #[arg(long, value_name = "FILE")]
    pub comment_file: Option<PathBuf>,
    /// Evaluation date (YYYY-MM-DD; default: today, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub now: Option<String>,
}

pub(super) fn github(args: GithubArgs, style: Style) -> ExitCode {
    let GithubArgs {
        path,
        fail_on,
        no_comment,
        report: report_path,
        comment_file,
        now,
    } = args;
    let now = now.unwrap_or_else(today);
    use crate::report::github as gh;
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let summary_file = env("GITHUB_STEP_SUMMARY").map(PathBuf::from);
    let mut warnings: Vec<String> = Vec::new();
    // Stops with exit 2: the problems in the job summary and, when a check
    // run was started, as its failed conclusion.
    let stop = |problems: &[Problem], warnings: &[String], run: Option<(&crate::github::Api, u64)>| {
        let mut text = String::from("## ⛔ isms could not run\n\n");
        for p in problems {
            text.push_str(&format!(
                "- {}{}\n",
                p,
                p.location().map(|l| format!(" ({l})")).unwrap_or_default()
            ));
        }
        for w in warnings {
            text.push_str(&format!("- warning: {w}\n"));
        }
        if let Some((api, id)) = run {
            if let Err(e) =
                api.complete_check_run(id, "failure", ("isms could not run", &gh::check_summary(&text)), &[])
            {
                eprintln!("isms: warning: GitHub API: the check run was not completed: {e}");
            }
        }
        if let Some(f) = &summary_file {
            let _ = crate::github::append(f, &text);
        }
        fail(problems, Format::Human, style)
    };
    let mut event = match crate::github::read_event(&env) {
        Ok(e) => e,
        Err(p) => return stop(&[*p], &warnings, None),
    };
    let root = match root_of(path) {
        Ok(r) => r,
        Err(p) => return stop(&[*p], &warnings, None),
    };
    if event.head.is_empty() {
        match git2::Repository::discover(&root)
            .ok()
            .and_then(|r| Some(r.head().ok()?.peel_to_commit().ok()?.id().to_string()))
        {
            Some(id) => event.head = id,
            None => {
                let p = Problem::new(
                    "github::event",
                    format!("{} has no commit checked out to judge", root.display()),
                )
                .help("check the repository out with actions/checkout and `fetch-depth: 0`");
                return stop(&[p], &warnings, None);
            }
        }
    }
    let api = match crate::github::Api::from_env(&env, &event.owner, &event.repo) {
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
    // One check run carries the verdict and every annotation; without the
    // `checks: write` permission, annotations are workflow commands.
    let check_run = api.as_ref().and_then(|api| match api.create_check_run(&event.head) {
        Ok(id) => Some((api, id)),
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
    });
    let mut attested = Vec::new();
    let mut vetoes = Vec::new();
    // Reviews that could not be read: the check still runs and reports,
    // but cannot pass (a "changes requested" review may be among them).
    let mut unread: Option<Problem> = None;
    let mut context = format!("`{}` event, head {}", event.name, &event.head[..7]);
    if let (Some(api), Some(number)) = (&api, event.number) {
        context = format!("Pull request #{number}, head {}", &event.head[..7]);
        match api.reviews(number, &event.head) {
            Ok((a, v)) => {
                attested = a;
                vetoes = v;
            }
            Err(e) => {
                warnings.push(format!("reviews not read, so none counts as an approval: {e}"));
                // A veto among them would block the change: no pass without them.
                unread = Some(reviews_unread(number, &e));
            }
        }
        match api.changed_files(number) {
            Ok(files) => context.push_str(&format!(
                ", {} changed file{}",
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            )),
            Err(e) => warnings.push(format!("changed files not read: {e}")),
        }
    }
    if let Some(api) = &api {
        // A merge group: the approving reviews of each queued pull request
        // count for the files where the group's head holds exactly what the
        // review approved.
        match group_reviews(api, &root, &event.group) {
            Ok((found, vetoed, mut more)) => {
                attested.extend(found);
                vetoes.extend(vetoed);
                warnings.append(&mut more);
            }
            Err(p) => {
                warnings.push(format!("{}, so no review of the merge group counts", p.message));
                unread = Some(*p);
            }
        }
        if !event.group.is_empty() {
            let numbers: Vec<String> = event.group.iter().map(|n| format!("#{n}")).collect();
            context = format!(
                "Merge group of pull request {}, head {}",
                numbers.join(", "),
                &event.head[..7]
            );
        }
    }
    let head_copy = match crate::history::staged::materialize_commit(&root, &event.head) {
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
            return stop(&problems.0, &warnings, check_run);
        }
    };
    let range = check::Range {
        base: event.base.clone(),
        head: event.base.as_ref().map(|_| event.head.clone()),
        git_root: Some(root.clone()),
        attested,
        vetoes,
        ..check::Range::default()
    };
    let outcome = match check::run(head_copy.path(), &now, &range) {
        Ok(o) => o,
        Err(problems) => return stop(&problems.0, &warnings, check_run),
    };
    let prefix = repo_prefix(&root);
    let errors = outcome.count(Severity::Error);
    let warnings_n = outcome.count(Severity::Warning);
    let failing = errors > 0 || matches!(fail_on, FailOn::Warning) && warnings_n > 0;
    if let (Some(p), false) = (unread, failing) {
        return stop(&[p], &warnings, check_run);
    }
    let markdown = gh::markdown(&outcome, &prefix, &context);
    if let Some(f) = &comment_file {
        if let Err(e) = std::fs::write(f, gh::comment(&markdown)) {
            eprintln!("isms: cannot write {}: {e}", f.display());
        }
    }
    if let (Some(api), Some(number), false) = (&api, event.number, no_comment) {
        match api.upsert_comment(number, &gh::comment(&markdown)) {
            Ok(true) => eprintln!("isms: commented on pull request #{number}"),
            Ok(false) => eprintln!("isms: updated its comment on pull request #{number}"),
            Err(e) => warnings.push(format!("the pull request comment was not written: {e}")),
        }
    }
    let mut annotated = false;
    if let Some((api, id)) = check_run {
        let conclusion = if failing { "failure" } else { "success" };
        let output = (gh::check_title(&outcome), gh::check_summary(&markdown));
        let annotations = gh::check_annotations(&outcome, &prefix);
        match api.complete_check_run(id, conclusion, (&output.0, &output.1), &annotations) {
            Ok(requests) => {
                annotated = true;
                eprintln!(
                    "isms: check run `{}` {conclusion} with {} annotation{} ({requests} update{})",
                    crate::github::CHECK_NAME,
                    annotations.len(),
                    if annotations.len() == 1 { "" } else { "s" },
                    if requests == 1 { "" } else { "s" },
                );
            }
            Err(e) => warnings.push(format!(
                "the check run was not completed, so annotations are workflow commands: {e}"
            )),
        }
    }
    let mut out = if annotated {
        String::new()
    } else {
        gh::annotations(&outcome, &prefix)
    };
    for w in &warnings {
        out.push_str(&format!("::warning title=isms (GitHub API)::{}\n", gh::escape_data(w)));
    }
    out.push_str(&report::human::report(&outcome, style));
    print(&out);
    let mut summary = markdown;
    if !warnings.is_empty() {
        summary
            .push_str("\n**GitHub API** (the verdict does not depend on it, but unread reviews withhold a pass):\n\n");
        for w in &warnings {
            summary.push_str(&format!("- {w}\n"));
        }
    }
    if let Some(f) = &summary_file {
        if let Err(e) = crate::github::append(f, &gh::summary(&summary)) {
            eprintln!("isms: {e}");
        }
    }
    let report_path = report_path.or_else(|| env("RUNNER_TEMP").map(|t| PathBuf::from(t).join("isms-report.json")));
    if let Some(p) = &report_path {
        if let Err(e) = std::fs::write(p, format!("{:#}\n", report::json::report(&outcome))) {
            eprintln!("isms: cannot write {}: {e}", p.display());
        }
    }
    if let Some(f) = env("GITHUB_OUTPUT") {
        let text = format!(
            "errors={errors}\nwarnings={warnings_n}\nreport={}\n",
            report_path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        );
        if let Err(e) = crate::github::append(std::path::Path::new(&f), &text) {
            eprintln!("isms: {e}");
        }
    }
    ExitCode::from(u8::from(failing))
}

/// The problem of reviews that could not be read.
fn reviews_unread(number: u64, e: &str) -> Problem {
    let p = Problem::new(
        "github::reviews-unread",
        format!("the reviews of pull request #{number} could not be read: {e}"),
    );
    if e.contains(crate::github::UNREACHABLE) {
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
pub(super) fn group_reviews(
    api: &crate::github::Api,
    root: &std::path::Path,
    group: &[u64],
) -> Result<GroupReviews, Box<Problem>> {
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
            crate::github::name_pull_request(&mut approvals, n);
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
type GroupReviews = (
    Vec<crate::history::Attested>,
    Vec<crate::history::Attested>,
    Vec<String>,
);

#[cfg(test)]
mod tests {
    /// Reviews unread for want of a network are not blamed on permissions.
    #[test]
    fn unread_reviews_name_the_network_or_the_permission() {
        let network = super::reviews_unread(
            5,
            &format!(
                "GET /x: {} (Connection refused): a network error",
                crate::github::UNREACHABLE
            ),
        );
        let help = network.help.unwrap_or_default();
        assert!(help.contains("could not be reached from the runner"), "{help}");
        assert!(!help.contains("permissions"), "{help}");
        let refused = super::reviews_unread(5, "GET /x: 403 Resource not accessible by integration");
        assert!(refused.help.unwrap_or_default().contains("pull-requests: read"));
    }
}
