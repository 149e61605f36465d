//! `isms check`: the ISMS checked as it is (or as staged, or a range of
//! history), rendered in the chosen format, with the exit code of the
//! verdict.

use super::*;

/// The arguments of `isms check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The ISMS folder, or any folder inside it (default: the current one).
    pub path: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Evaluation date (YYYY-MM-DD; default: today, UTC), for reproducible results.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub now: Option<check::Date>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Judge the change `BASE..HEAD`: approvals by the configuration of BASE (a pull request's target).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// The tip of the change (default: HEAD, and the working tree's content); needs --base. Its content is read from git objects, not from the working tree.
    #[arg(long, value_name = "REV", requires = "base")]
    pub head: Option<String>,
    /// Check what is staged in the git index (what the next commit will hold), not the working tree; approvals are not judged. For pre-commit hooks.
    #[arg(long, conflicts_with_all = ["base", "head"])]
    pub staged: bool,
    /// Judge the content only, not approvals: for an ISMS whose git history is not its own (the bundled example inside this project's repository). Never for a gate.
    #[arg(long, conflicts_with_all = ["base", "head"])]
    pub no_history: bool,
    /// As a pre-push hook of the pre-commit framework: judge the range being pushed (PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF), or the current state when a whole new history is pushed.
    #[arg(long, conflicts_with_all = ["base", "head", "staged", "no_history"])]
    pub pre_push: bool,
}

pub(super) fn check(args: CheckArgs, style: Style) -> ExitCode {
    let CheckArgs {
        path,
        format,
        now,
        fail_on,
        base,
        head,
        staged,
        no_history,
        pre_push,
    } = args;
    let root = match root_of(path) {
        Ok(r) => r,
        Err(p) => return stopped(&[*p], format, None, style),
    };
    let now = now.unwrap_or_else(today);
    let stop = |problems: &[Problem]| stopped(problems, format, Some((&root, &now)), style);
    // The staged content, written out; dropped (removed) at the end.
    let index = match staged.then(|| crate::history::staged::materialize(&root)).transpose() {
        Ok(dir) => dir,
        Err(problems) => return stop(&problems.0),
    };
    // pre-commit names the pushed range in its environment.
    let (base, head) = if pre_push {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        match (var("PRE_COMMIT_FROM_REF"), var("PRE_COMMIT_TO_REF")) {
            (Some(from), Some(to)) => (Some(from), Some(to)),
            _ => (None, None),
        }
    } else {
        (base, head)
    };
    // A head named (`--head`, or the ref being pushed) is checked as that
    // commit holds it, read from git objects: the working tree may be
    // another branch, or hold edits the commit does not (`check::change`).
    let result = match &index {
        Some(dir) => {
            let range = check::Range {
                skip_history: true,
                // A copy is checked; the repository is still where it was.
                git_root: Some(root.clone()),
                ..check::Range::default()
            };
            check::run(dir.path(), &now, &range)
        }
        None => {
            let range = check::Range {
                base,
                head,
                skip_history: no_history,
                ..check::Range::default()
            };
            check::change(&root, &now, range)
        }
    };
    match result {
        Ok(outcome) => {
            let at = report::At {
                root: Some(&root),
                now: &now,
                style,
            };
            render(format, &Checked::Findings(&outcome), &at);
            let failing = check::Gate::of(&outcome, fail_on.severity(), None).is_fail();
            // The process ends here: the workspace's values (hundreds of
            // thousands in a large ISMS) are left to the operating system
            // instead of being freed one by one.
            std::mem::forget(outcome);
            ExitCode::from(u8::from(failing))
        }
        Err(problems) => stop(&problems.0),
    }
}

/// A check that cannot run (exit 2), said in the format asked for
/// ([`report::render`]: SARIF and JUnit still give a valid document). `at`
/// is the ISMS root and the evaluation date, when known.
fn stopped(
    problems: &[Problem],
    format: Format,
    at: Option<(&std::path::Path, &check::Date)>,
    style: Style,
) -> ExitCode {
    let now = at.map_or_else(today, |(_, now)| now.clone());
    let at = report::At {
        root: at.map(|(root, _)| root),
        now: &now,
        style,
    };
    render(format, &Checked::Problems(problems), &at);
    ExitCode::from(2)
}
