//! `isms github`: pull request mode in GitHub Actions. Reads the
//! environment GitHub Actions sets (the event, the token, the step's
//! files), runs the use case (`github::pull_request`) and prints and writes
//! what it returns: the log, the job summary, the comment's body, the JSON
//! report and the step outputs.

use super::*;
use crate::github::pull_request::{self, Request, Run};

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
    pub now: Option<check::Date>,
}

pub(super) fn github(args: GithubArgs, style: Style) -> ExitCode {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let files = Files {
        summary: env("GITHUB_STEP_SUMMARY").map(PathBuf::from),
        comment: args.comment_file,
        report: args
            .report
            .or_else(|| env("RUNNER_TEMP").map(|t| PathBuf::from(t).join("isms-report.json"))),
        outputs: env("GITHUB_OUTPUT").map(PathBuf::from),
    };
    let event = match crate::github::event::read_event(&env) {
        Ok(e) => e,
        Err(p) => return files.finish(pull_request::stopped(vec![*p], &[], None), style),
    };
    let root = match root_of(args.path) {
        Ok(r) => r,
        Err(p) => return files.finish(pull_request::stopped(vec![*p], &[], None), style),
    };
    let client = crate::github::api::Api::from_env(&env, &event.owner, &event.repo);
    let now = args.now.unwrap_or_else(today);
    let run = pull_request::run(Request {
        root: &root,
        event,
        api: client.as_ref().map(Option::as_ref).map_err(String::clone),
        now: &now,
        fail_on: args.fail_on.severity(),
        comment: !args.no_comment,
        style,
    });
    files.finish(run, style)
}

/// The files of the step that the run writes.
struct Files {
    /// The job summary (`GITHUB_STEP_SUMMARY`), appended to.
    summary: Option<PathBuf>,
    /// `--comment-file`.
    comment: Option<PathBuf>,
    /// `--report`, else `$RUNNER_TEMP/isms-report.json`.
    report: Option<PathBuf>,
    /// The step outputs (`GITHUB_OUTPUT`), appended to.
    outputs: Option<PathBuf>,
}

impl Files {
    /// Prints and writes what the use case returned; its exit code.
    fn finish(&self, run: Run, style: Style) -> ExitCode {
        let judged = match run {
            Run::Judged(judged) => judged,
            Run::Stopped(stopped) => {
                for note in &stopped.notes {
                    eprintln!("{note}");
                }
                if let Some(f) = &self.summary {
                    let _ = crate::github::event::append(f, &stopped.summary);
                }
                return fail(&stopped.problems, Format::Human, style);
            }
        };
        if let Some(f) = &self.comment {
            if let Err(e) = std::fs::write(f, &judged.comment) {
                eprintln!("isms: cannot write {}: {e}", f.display());
            }
        }
        for note in &judged.notes {
            eprintln!("{note}");
        }
        print(&judged.log);
        if let Some(f) = &self.summary {
            if let Err(e) = crate::github::event::append(f, &judged.summary) {
                eprintln!("isms: {e}");
            }
        }
        if let Some(p) = &self.report {
            if let Err(e) = std::fs::write(p, &judged.report) {
                eprintln!("isms: cannot write {}: {e}", p.display());
            }
        }
        if let Some(f) = &self.outputs {
            let text = format!(
                "errors={}\nwarnings={}\nreport={}\n",
                judged.errors,
                judged.warnings,
                self.report
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            );
            if let Err(e) = crate::github::event::append(f, &text) {
                eprintln!("isms: {e}");
            }
        }
        ExitCode::from(u8::from(judged.failing))
    }
}
