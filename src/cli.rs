//! Command-line interface: argument parsing, choosing the reporter and
//! colour, and mapping results to exit codes (0 clean, 1 findings, 2 could
//! not run). The only place that prints.

use crate::check;
use crate::diag::Problem;
use crate::findings::Severity;
use crate::report::{self, human::Style};
use crate::workspace;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "isms",
    version,
    about = "A compliance gate for an ISO/IEC 27001:2022 ISMS kept as code"
)]
pub struct Cli {
    /// When to use colour: auto (a terminal without NO_COLOR), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
    /// JUnit XML, for CI test reports: one test case per rule and target.
    Junit,
}

impl CheckFormat {
    /// How problems that stop the check are reported in this format.
    fn problems(self) -> Format {
        match self {
            CheckFormat::Json => Format::Json,
            CheckFormat::Human | CheckFormat::Sarif | CheckFormat::Junit => Format::Human,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Write the pre-commit hook (where `core.hooksPath` says, else .git/hooks).
    Install {
        /// The ISMS folder, or any folder inside it.
        path: Option<PathBuf>,
        /// Replace a pre-commit hook that isms did not write.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page (inline CSS and SVG; no scripts, fonts or network).
    Html,
    /// GitHub-flavoured Markdown: headings and tables, no raw HTML.
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the ISMS: configuration, documents, registers and rules.
    #[command(
        after_help = "Examples:\n  isms check\n  isms check examples/lumen --no-history --format json\n  isms check --base origin/main\n  isms check --now 2026-06-30 --fail-on warning"
    )]
    #[command(display_order = 2)]
    Check {
        /// The ISMS folder, or any folder inside it (default: the current one).
        path: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Evaluation date (YYYY-MM-DD; default: today, UTC), for reproducible results.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        now: Option<String>,
        /// Lowest severity that makes the exit code 1.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Judge the change `BASE..HEAD`: approvals by the configuration of BASE (a pull request's target).
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        /// The tip of the change (default: HEAD); needs --base.
        #[arg(long, value_name = "REV", requires = "base")]
        head: Option<String>,
        /// Check what is staged in the git index (what the next commit will hold), not the working tree; approvals are not judged. For pre-commit hooks.
        #[arg(long, conflicts_with_all = ["base", "head"])]
        staged: bool,
        /// Judge the content only, not approvals: for an ISMS whose git history is not its own (the bundled example inside this project's repository). Never for a gate.
        #[arg(long, conflicts_with_all = ["base", "head"])]
        no_history: bool,
        /// As a pre-push hook of the pre-commit framework: judge the range being pushed (PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF), or the current state when a whole new history is pushed.
        #[arg(long, conflicts_with_all = ["base", "head", "staged", "no_history"])]
        pre_push: bool,
    },
    /// Print the Rego input document the rules see (see docs/input.md).
    #[command(after_help = "Example:\n  isms input examples/lumen --now 2026-06-30 > input.json")]
    #[command(display_order = 9)]
    Input {
        /// The ISMS folder, or any folder inside it.
        path: Option<PathBuf>,
        /// Evaluation date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        now: Option<String>,
    },
    /// Print the JSON Schema of isms.toml (for editor completion and validation).
    #[command(
        after_help = "Example:\n  isms schema > isms.schema.json   # then point your editor's TOML schema setting at it"
    )]
    #[command(display_order = 10)]
    Schema,
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  isms completions bash > ~/.local/share/bash-completion/completions/isms\n  isms completions zsh > ~/.zfunc/_isms\n  isms completions fish > ~/.config/fish/completions/isms.fish"
    )]
    #[command(display_order = 11)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// List the rules: built-in and, inside an ISMS, the organisation's own.
    #[command(after_help = "Examples:\n  isms rules\n  isms rules --format json")]
    #[command(display_order = 6)]
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Print the whole documentation of one rule.
    #[command(after_help = "Example:\n  isms explain ISMS-RISK-002")]
    #[command(display_order = 7)]
    Explain {
        /// The rule id, e.g. ISMS-POL-002.
        id: String,
    },
    /// Run the `test_*` rules of the built-in pack and of the organisation's own rules, as `opa test` does.
    #[command(after_help = "Examples:\n  isms test\n  isms test --filter risk --coverage\n  isms test --threshold 90")]
    #[command(display_order = 8)]
    Test {
        /// The ISMS folder whose own rules (`rules.custom`) are tested too.
        path: Option<PathBuf>,
        /// Run only the tests whose `data.` path matches this regular expression.
        #[arg(long, value_name = "REGEX")]
        filter: Option<String>,
        /// Report line coverage of the rule files.
        #[arg(long)]
        coverage: bool,
        /// Fail (exit 1) when total line coverage is below this percentage; implies --coverage.
        #[arg(long, value_name = "PERCENT")]
        threshold: Option<f64>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Audit the whole git history: every version of every governed file, who approved it, with which verified key.
    #[command(
        after_help = "Each version is judged by the configuration in force before it (the latest approved one).\nBy default the audit starts at the trust root in force, or at the first commit.\n\nExamples:\n  isms audit\n  isms audit --since v1.0 --format markdown > evidence.md\n  isms audit --format json"
    )]
    #[command(display_order = 3)]
    Audit {
        /// The ISMS folder, or any folder inside it.
        path: Option<PathBuf>,
        /// Start after this commit instead of the trust root.
        #[arg(long, value_name = "REV")]
        since: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = AuditFormat::Human)]
        format: AuditFormat,
    },
    /// Build the evidence pack for an auditor: status by clause, the approval trail, the risk register with heat maps, the SoA, reviews and audits, open nonconformities, training coverage.
    #[command(
        after_help = "The report states the evaluation date, the commit it was built from and the tool version, so it\ncan be cited. It is evidence, not a gate: the exit code is 0 whenever the report is written,\nwhatever it finds (2 when the ISMS cannot be read).\n\nExamples:\n  isms report --out evidence.html\n  isms report --format markdown --out EVIDENCE.md\n  isms report examples/lumen --now 2026-11-27 > lumen.html"
    )]
    #[command(display_order = 4)]
    Report {
        /// The ISMS folder, or any folder inside it (default: the current one).
        path: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
        /// Write the report to this file instead of standard output.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Sign the written pack with this SSH key (a private key file, or a
        /// public key whose private half is in ssh-agent) using ssh-keygen:
        /// the signature goes to PATH.sig, namespace `isms-report`.
        #[arg(long, value_name = "KEY", requires = "out")]
        sign: Option<PathBuf>,
        /// Evaluation date (YYYY-MM-DD; default: today, UTC).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        now: Option<String>,
    },
    /// See everything isms does, offline, in one command: the example ISMS in a throwaway repository with a signed history and a pull request that lacks its approval.
    #[command(after_help = "Examples:\n  isms demo\n  isms demo /tmp/lumen")]
    #[command(display_order = 1)]
    Demo {
        /// An empty or new folder for the repository (default: a new temporary folder, kept for you to explore).
        dir: Option<PathBuf>,
    },
    /// Scaffold a new ISMS repository: isms.toml, the policy and scope to write, empty registers, a pre-commit configuration, the GitHub workflow.
    #[command(
        after_help = "Then run `isms check` in it: every finding is something to fill in.\n\nExamples:\n  isms init acme-isms --organisation \"Acme Ltd\"\n  isms init ."
    )]
    #[command(display_order = 4)]
    Init {
        /// The folder to create or fill (default: the current one).
        dir: Option<PathBuf>,
        /// The organisation's name (default: the folder's name).
        #[arg(long)]
        organisation: Option<String>,
    },
    /// Adopt an existing ISMS as it is: write an isms.toml mapping its documents' metadata and its spreadsheet registers onto isms's fields (never overwrites).
    #[command(
        after_help = "Reads the front-matter keys and document-control tables of the Markdown documents, the headers\nof the CSV registers and the record keys of the YAML, JSON and TOML ones, maps them by name and by the synonyms practitioners use, and lists\nwhat it could not map. Then run `isms check`: the files are read unchanged.\n\nExamples:\n  isms adopt\n  isms adopt path/to/isms --organisation \"Acme Ltd\""
    )]
    #[command(display_order = 4)]
    Adopt {
        /// The folder of the existing ISMS (default: the current one).
        dir: Option<PathBuf>,
        /// The organisation's name (default: the folder's name).
        #[arg(long)]
        organisation: Option<String>,
    },
    /// Git hooks: `isms hook install` writes a pre-commit hook running `isms check --staged`.
    #[command(after_help = "Examples:\n  isms hook install\n  isms hook install path/to/isms --force")]
    #[command(display_order = 5)]
    Hook {
        #[command(subcommand)]
        action: HookAction,
    },
    /// Approve what the current branch changes in governed files: a statement bound to the exact content, signed with your git signing key.
    #[command(
        after_help = "Shows each governed change on the branch you may approve (the rule, the approvals it has, the\nlines changed), asks before signing (or --yes), then signs a statement of exactly that content\nwith the key git signs your commits with (gpg.format, user.signingkey: ssh-keygen or gpg; isms\nnever reads a private key), writes it under .isms/approvals/ and commits it. Push the branch:\nthe approval then survives merge, squash and rebase.\n\nExamples:\n  isms approve\n  isms approve --base origin/main --yes"
    )]
    #[command(display_order = 5)]
    Approve {
        /// The ISMS folder, or any folder inside it.
        path: Option<PathBuf>,
        /// What the branch is compared with.
        #[arg(long, value_name = "REV", default_value = "main")]
        base: String,
        /// Sign without asking.
        #[arg(long)]
        yes: bool,
        /// The commit message of the approval.
        #[arg(long, value_name = "TEXT")]
        message: Option<String>,
    },
    /// What still needs whose approval on this branch; with --me, what waits for you on every branch.
    #[command(after_help = "Examples:\n  isms status\n  isms status --me --base origin/main")]
    #[command(display_order = 5)]
    Status {
        /// The ISMS folder, or any folder inside it.
        path: Option<PathBuf>,
        #[arg(long, value_name = "REV", default_value = "main")]
        base: String,
        /// Only what waits for you (git's user.email), on every local and fetched branch.
        #[arg(long)]
        me: bool,
    },
    /// Pull request mode in GitHub Actions: annotations, job summary, one sticky comment, reviews as approvals.
    #[command(
        after_help = "Reads GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_TOKEN,\nGITHUB_STEP_SUMMARY and GITHUB_OUTPUT. The range is the pull request's base..head (merge_group:\nbase_sha..head_sha; push: before..after), judged by the base's configuration; the head's content\nis read from git objects, so check out with `fetch-depth: 0`. API failures are warnings: the\nverdict never depends on them.\n\nExample (a workflow step):\n  - run: isms github\n    env:\n      GITHUB_TOKEN: ${{ github.token }}"
    )]
    #[command(display_order = 6)]
    Github {
        /// The ISMS folder, or any folder inside it.
        path: Option<PathBuf>,
        /// Lowest severity that makes the exit code 1.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Do not create or update the pull request comment.
        #[arg(long)]
        no_comment: bool,
        /// Also write the JSON report to this file (default: $RUNNER_TEMP/isms-report.json).
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Also write the pull request comment's body to this file, for a
        /// later workflow to post (fork pull requests get a read-only token).
        #[arg(long, value_name = "FILE")]
        comment_file: Option<PathBuf>,
        /// Evaluation date (YYYY-MM-DD; default: today, UTC).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        now: Option<String>,
    },
    /// Print a generated reference page (Markdown).
    #[command(hide = true)]
    Reference {
        #[arg(value_enum)]
        page: Page,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Page {
    Registers,
    Rules,
}

fn parse_date(s: &str) -> Result<String, String> {
    crate::workspace::fields::date(s)
}

fn today() -> String {
    chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string()
}

fn style(choice: ColorChoice) -> Style {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    };
    Style { color }
}

fn root_of(path: Option<PathBuf>) -> Result<PathBuf, Box<Problem>> {
    let start = path.unwrap_or_else(|| PathBuf::from("."));
    let start = if start.file_name().is_some_and(|n| n == crate::config::FILE_NAME) && start.is_file() {
        start.parent().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."))
    } else {
        start
    };
    if !start.exists() {
        return Err(Box::new(Problem::new(
            "io::not-found",
            format!("`{}` does not exist", start.display()),
        )));
    }
    workspace::find_root(&start).ok_or_else(|| {
        Box::new(
            Problem::new(
                "config::not-found",
                format!("no isms.toml in `{}` or any folder above it", start.display()),
            )
            .help("run isms inside an ISMS repository, or pass its folder: isms check path/to/isms"),
        )
    })
}

fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`isms check | head`) is not an error worth reporting.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn fail(problems: &[Problem], format: Format, style: Style) -> ExitCode {
    match format {
        Format::Json => print(&format!("{:#}\n", report::json::problems(problems))),
        Format::Human => eprint!("{}", report::human::problems(problems, style)),
    }
    ExitCode::from(2)
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let style = style(cli.color);
    match cli.command {
        Command::Check {
            path,
            format,
            now,
            fail_on,
            base,
            head,
            staged,
            no_history,
            pre_push,
        } => {
            let root = match root_of(path) {
                Ok(r) => r,
                Err(p) => return fail(&[*p], format.problems(), style),
            };
            let now = now.unwrap_or_else(today);
            // The staged content, written out; dropped (removed) at the end.
            let index = match staged.then(|| crate::staged::materialize(&root)).transpose() {
                Ok(dir) => dir,
                Err(problems) => return fail(&problems.0, format.problems(), style),
            };
            let checked = index.as_ref().map_or(root.as_path(), |d| d.path());
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
            let range = check::Range {
                base,
                head,
                skip_history: staged || no_history,
                ..check::Range::default()
            };
            match check::run(checked, &now, &range) {
                Ok(outcome) => {
                    match format {
                        CheckFormat::Json => print(&format!("{:#}\n", report::json::report(&outcome))),
                        CheckFormat::Human => print(&report::human::report(&outcome, style)),
                        CheckFormat::Junit => print(&report::junit::report(&outcome)),
                        CheckFormat::Sarif => {
                            // Paths relative to the repository root, where code scanning resolves them.
                            let prefix = repo_prefix(&root);
                            print(&format!("{:#}\n", report::sarif::report(&outcome, &prefix)))
                        }
                    }
                    let failing = outcome.count(Severity::Error) > 0
                        || matches!(fail_on, FailOn::Warning) && outcome.count(Severity::Warning) > 0;
                    ExitCode::from(u8::from(failing))
                }
                // A check that cannot run still gives code scanning a valid log.
                Err(problems) if format == CheckFormat::Sarif => {
                    print(&format!(
                        "{:#}\n",
                        report::sarif::problems(&problems.0, &repo_prefix(&root))
                    ));
                    eprint!("{}", report::human::problems(&problems.0, style));
                    ExitCode::from(2)
                }
                Err(problems) => fail(&problems.0, format.problems(), style),
            }
        }
        Command::Input { path, now } => {
            let root = match root_of(path) {
                Ok(r) => r,
                Err(p) => return fail(&[*p], Format::Human, style),
            };
            match workspace::load(&root) {
                Ok(ws) => {
                    print(&format!("{:#}\n", crate::input::build(&ws, &now.unwrap_or_else(today))));
                    ExitCode::SUCCESS
                }
                Err(problems) => fail(&problems.0, Format::Human, style),
            }
        }
        Command::Rules { format } => {
            // Inside an ISMS the organisation's own rules are listed too.
            let rules = match rule_set(None, false) {
                Ok(r) => r.rules,
                Err(problems) => return fail(&problems, format, style),
            };
            match format {
                Format::Json => print(&format!("{:#}\n", serde_json::json!({"version": 1, "rules": rules}))),
                Format::Human => {
                    let mut out = String::new();
                    for r in &rules {
                        out.push_str(&format!("{:<17} {:<12} {}\n", r.id, r.clauses.join(","), r.title));
                    }
                    print(&out);
                }
            }
            ExitCode::SUCCESS
        }
        Command::Explain { id } => explain(&id, style),
        Command::Test {
            path,
            filter,
            coverage,
            threshold,
            format,
        } => test(
            path,
            filter.as_deref(),
            coverage || threshold.is_some(),
            threshold,
            format,
            style,
        ),
        Command::Audit { path, since, format } => audit(path, since, format, style),
        Command::Report {
            path,
            format,
            out,
            sign,
            now,
        } => evidence(path, format, (out, sign), now.unwrap_or_else(today), style),
        Command::Demo { dir } => demo(dir, style),
        Command::Approve {
            path,
            base,
            yes,
            message,
        } => approve(path, &base, yes, message, style),
        Command::Status { path, base, me } => status(path, &base, me, style),
        Command::Github {
            path,
            fail_on,
            no_comment,
            report,
            comment_file,
            now,
        } => github(
            path,
            fail_on,
            (no_comment, comment_file),
            report,
            now.unwrap_or_else(today),
            style,
        ),
        Command::Adopt { dir, organisation } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            let organisation = organisation.unwrap_or_else(|| crate::init::Answers::guess(&dir).organisation);
            match crate::adopt::adopt(&dir, &organisation) {
                Ok((path, proposal)) => {
                    let mut out = format!(
                        "wrote {}: {} documents and {} registers mapped as they are\n",
                        path.display(),
                        proposal.documents,
                        proposal.registers
                    );
                    for u in &proposal.unmapped {
                        out.push_str(&format!("  not mapped: {u}\n"));
                    }
                    out.push_str(
                        "next: review it, then `isms check` — every finding is something an auditor would ask about\n",
                    );
                    print(&out);
                    ExitCode::SUCCESS
                }
                Err(p) => fail(&[*p], Format::Human, style),
            }
        }
        Command::Init { dir, organisation } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            if let Err(e) = std::fs::create_dir_all(&dir) {
                let p = Problem::new("io::unwritable", format!("cannot create {}: {e}", dir.display()));
                return fail(&[p], Format::Human, style);
            }
            let mut answers = crate::init::Answers::guess(&dir);
            if let Some(o) = organisation {
                answers.organisation = o;
            }
            match crate::init::init(&dir, &answers) {
                Ok(files) => {
                    print(&format!(
                        "created the ISMS of {} in {} ({} files)\nnext: cd {} && isms check — every finding is something to fill in\n\
                         commit this scaffold before installing the pre-commit hook: the hook refuses commits with error findings\n",
                        answers.organisation,
                        dir.display(),
                        files.len(),
                        dir.display()
                    ));
                    ExitCode::SUCCESS
                }
                Err(p) => fail(&[*p], Format::Human, style),
            }
        }
        Command::Hook {
            action: HookAction::Install { path, force },
        } => {
            let root = match root_of(path) {
                Ok(r) => r,
                Err(p) => return fail(&[*p], Format::Human, style),
            };
            match crate::hook::install(&root, force) {
                Ok(hook) => {
                    print(&format!(
                        "installed {}: commits now run `isms check --staged`\n",
                        hook.display()
                    ));
                    ExitCode::SUCCESS
                }
                Err(p) => fail(&[*p], Format::Human, style),
            }
        }
        Command::Reference { page } => {
            let text = match page {
                Page::Registers => crate::reference::registers(),
                Page::Rules => match crate::rego::RuleSet::load(std::path::Path::new("."), None, false) {
                    Ok(r) => crate::reference::rules(&r.rules),
                    Err(problems) => return fail(&problems.0, Format::Human, style),
                },
            };
            print(&text);
            ExitCode::SUCCESS
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command, "isms", &mut out);
            print(&String::from_utf8_lossy(&out));
            ExitCode::SUCCESS
        }
        Command::Schema => {
            print(&format!("{:#}\n", crate::config::json_schema()));
            ExitCode::SUCCESS
        }
    }
}

fn github(
    path: Option<PathBuf>,
    fail_on: FailOn,
    (no_comment, comment_file): (bool, Option<PathBuf>),
    report_path: Option<PathBuf>,
    now: String,
    style: Style,
) -> ExitCode {
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
    let api = match env("GITHUB_TOKEN") {
        Some(token) => {
            let url = env("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".into());
            match crate::github::Api::new(&url, token, &event.owner, &event.repo) {
                Ok(api) => Some(api),
                Err(e) => {
                    warnings.push(e);
                    None
                }
            }
        }
        None => {
            warnings.push("no GITHUB_TOKEN: no check run, no pull request comment, reviews not read".into());
            None
        }
    };
    // One check run carries the verdict and every annotation; without the
    // `checks: write` permission, annotations are workflow commands.
    let check_run = api.as_ref().and_then(|api| match api.create_check_run(&event.head) {
        Ok(id) => Some((api, id)),
        Err(e) => {
            warnings.push(format!(
                "no check run (the workflow needs `permissions: checks: write`), so annotations are workflow commands: {e}"
            ));
            None
        }
    });
    let mut attested = Vec::new();
    let mut vetoes = Vec::new();
    let mut context = format!("`{}` event, head {}", event.name, &event.head[..7]);
    if let (Some(api), Some(number)) = (&api, event.number) {
        context = format!("Pull request #{number}, head {}", &event.head[..7]);
        match api.reviews(number, &event.head) {
            Ok((a, v)) => {
                attested = a;
                vetoes = v;
            }
            Err(e) => warnings.push(format!("reviews not read, so none counts as an approval: {e}")),
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
        let (found, mut more) = group_approvals(api, &root, &event.group);
        attested.extend(found);
        warnings.append(&mut more);
        if !event.group.is_empty() {
            let numbers: Vec<String> = event.group.iter().map(|n| format!("#{n}")).collect();
            context = format!(
                "Merge group of pull request {}, head {}",
                numbers.join(", "),
                &event.head[..7]
            );
        }
    }
    let head_copy = match crate::staged::materialize_commit(&root, &event.head) {
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
        out.push_str(&format!(
            "::warning title=isms (GitHub API)::{}\n",
            w.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
        ));
    }
    out.push_str(&report::human::report(&outcome, style));
    print(&out);
    let mut summary = markdown;
    if !warnings.is_empty() {
        summary.push_str("\n**GitHub API** (the verdict does not depend on it):\n\n");
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

/// The approving reviews of the pull requests in a merge group, each bound
/// to its pull request's head, and warnings for those that cannot count.
fn group_approvals(
    api: &crate::github::Api,
    root: &std::path::Path,
    group: &[u64],
) -> (Vec<crate::history::Attested>, Vec<String>) {
    let mut found = Vec::new();
    let mut warnings = Vec::new();
    let repo = git2::Repository::discover(root).ok();
    let held = |sha: &str| {
        let (Some(repo), Ok(oid)) = (&repo, git2::Oid::from_str(sha)) else {
            return false;
        };
        repo.find_commit(oid).is_ok()
    };
    for &n in group {
        let head = match api.pull_request_head(n) {
            Ok(h) => h,
            Err(e) => {
                warnings.push(format!(
                    "pull request #{n} of the merge group not read, so its reviews count for nothing: {e}"
                ));
                continue;
            }
        };
        if !held(&head) {
            warnings.push(format!(
                "the head {} of pull request #{n} is not in this clone, so its reviews count for nothing: fetch it with `git fetch origin +refs/pull/{n}/head`",
                crate::history::short_id(&head)
            ));
            continue;
        }
        match api.approvals_named(n, &head) {
            Ok(mut a) => found.append(&mut a),
            Err(e) => warnings.push(format!("reviews of pull request #{n} not read, so none counts: {e}")),
        }
    }
    (found, warnings)
}

fn approve(path: Option<PathBuf>, base: &str, yes: bool, message: Option<String>, style: Style) -> ExitCode {
    use crate::approve;
    let root = match root_of(path) {
        Ok(r) => r,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    let plan = match approve::plan(&root, base, "HEAD") {
        Ok(p) => p,
        Err(problems) => return fail(&problems.0, Format::Human, style),
    };
    let Some(me) = plan.me.clone() else {
        let p = Problem::new(
            "approve::who",
            "git's user.email is not the e-mail of any person in the base's isms.toml",
        )
        .help("git config user.email you@example.com (the address isms.toml lists for you)");
        return fail(&[p], Format::Human, style);
    };
    let name = |id: &str| plan.names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let Some(st) = approve::statement(&plan, &me, &today()) else {
        if plan.pending.is_empty() {
            print(&format!("Nothing on this branch needs approval against {base}.\n"));
        } else {
            let mut out = format!("Nothing here waits for {}'s approval:\n", name(&me));
            for p in &plan.pending {
                out.push_str(&format!(
                    "  {} needs {} of {} ({}); could approve: {}\n",
                    p.path,
                    p.min,
                    p.roles.join(", "),
                    p.rule,
                    p.could.iter().map(|c| name(c)).collect::<Vec<_>>().join(", ")
                ));
            }
            print(&out);
        }
        return ExitCode::SUCCESS;
    };
    let mut out = format!("{} may approve, against {base}:\n", name(&me));
    for (path, _, _) in &st.changes {
        if let Some(p) = plan.pending.iter().find(|p| &p.path == path) {
            out.push_str(&format!(
                "  {path}  rule `{}`: needs {} of {}; approved so far by {}\n",
                p.rule,
                p.min,
                p.roles.join(", "),
                if p.have.is_empty() {
                    "nobody".to_string()
                } else {
                    p.have.iter().map(|h| name(h)).collect::<Vec<_>>().join(", ")
                }
            ));
        }
    }
    out.push_str(&format!("The statement to sign:\n{}", st.payload()));
    print(&out);
    if !yes {
        eprint!("Sign it? [y/N] ");
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer).is_err() || !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("isms: not signed");
            return ExitCode::from(1);
        }
    }
    let signature = match approve::sign(&root, &st.payload()) {
        Ok(s) => s,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    let paths: Vec<&str> = st.changes.iter().map(|(p, _, _)| p.as_str()).collect();
    let message = message.unwrap_or_else(|| format!("Approve {}", paths.join(", ")));
    let file = match approve::record(&root, &st, &signature, &message) {
        Ok(f) => f,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    // Judged again, as the gate will judge it.
    let after = match approve::plan(&root, base, "HEAD") {
        Ok(p) => p,
        Err(problems) => return fail(&problems.0, Format::Human, style),
    };
    let mut out = format!("Signed and committed {}.\n", file.display());
    for path in &paths {
        match after.pending.iter().find(|p| p.path == *path) {
            Some(p) if p.have.contains(&me) => out.push_str(&format!(
                "  {path}: your approval counts; it still needs {} more\n",
                (p.min as usize).saturating_sub(p.have.len())
            )),
            Some(_) => out.push_str(&format!(
                "  {path}: your approval does not count (you made this change, or your key is not in the base's isms.toml)\n"
            )),
            None => out.push_str(&format!("  {path}: approved\n")),
        }
    }
    out.push_str("Push the branch so the pull request's check sees it.\n");
    print(&out);
    ExitCode::SUCCESS
}

fn status(path: Option<PathBuf>, base: &str, me: bool, style: Style) -> ExitCode {
    use crate::approve;
    let root = match root_of(path) {
        Ok(r) => r,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    let heads: Vec<String> = if me {
        approve::branches(&root, base)
    } else {
        vec!["HEAD".to_string()]
    };
    let mut out = String::new();
    let mut who: Option<String> = None;
    for head in &heads {
        let plan = match approve::plan(&root, base, head) {
            Ok(p) => p,
            Err(problems) => return fail(&problems.0, Format::Human, style),
        };
        let name = |id: &str| plan.names.get(id).cloned().unwrap_or_else(|| id.to_string());
        if me && plan.me.is_none() {
            let p = Problem::new(
                "approve::who",
                "git's user.email is not the e-mail of any person in the base's isms.toml",
            );
            return fail(&[p], Format::Human, style);
        }
        who = plan.me.clone().or(who);
        for p in &plan.pending {
            if me && !plan.me.as_ref().is_some_and(|m| p.could.contains(m)) {
                continue;
            }
            out.push_str(&format!(
                "{}{}: needs {} of {} (rule `{}`), has {}; could approve: {}\n",
                if me { format!("{head}: ") } else { String::new() },
                p.path,
                p.min,
                p.roles.join(", "),
                p.rule,
                p.have.len(),
                p.could.iter().map(|c| name(c)).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if out.is_empty() {
        out = if me {
            format!("Nothing waits for {}'s approval.\n", who.unwrap_or_default())
        } else {
            format!("Nothing on this branch needs approval against {base}.\n")
        };
    }
    print(&out);
    ExitCode::SUCCESS
}

fn demo(dir: Option<PathBuf>, style: Style) -> ExitCode {
    let dir = match dir {
        Some(d) => d,
        None => match tempfile::Builder::new().prefix("isms-demo-").tempdir() {
            Ok(t) => t.keep(),
            Err(e) => {
                let p = Problem::new("io::unwritable", format!("cannot make a temporary folder: {e}"));
                return fail(&[p], Format::Human, style);
            }
        },
    };
    let built = match crate::demo::build(&dir) {
        Ok(d) => d,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    print(&format!(
        "isms demo: the ISMS of Lumen Health Analytics Ltd (the bundled example) in a new git repository,\n\
         {dir}\n\n\
         main: {n} commits signed with SSH keys made just now, for Tom Eriksen (ISMS manager),\n\
         Maya Okafor (CEO), Priya Raman (CISO) and Sam Whitfield (Head of Operations, a risk owner):\n\
         the ISMS adopted and approved, then a risk review approved by the CISO.\n\
         {branch}: Sam lowers the residual score of R-016, a risk he owns; Tom records the review date\n\
         in a commit saying \"Approved-by: Priya Raman\" that Tom signed, not Priya.\n\n\
         The check a pull request from {branch} into main gets, as of {date} (the example's date):\n\
         isms check --base main --head {branch} --now {date}\n\n",
        dir = built.dir.display(),
        n = built.main_commits,
        branch = crate::demo::BRANCH,
        date = crate::demo::EXAMPLE_DATE,
    ));
    let range = check::Range {
        base: Some("main".into()),
        head: Some(crate::demo::BRANCH.into()),
        ..check::Range::default()
    };
    match check::run(&built.dir, crate::demo::EXAMPLE_DATE, &range) {
        Ok(outcome) => {
            print(&report::human::report(&outcome, style));
            print(&format!(
                "\nExplore it: cd {} && isms audit --format markdown   (who approved what, with which key)\n",
                built.dir.display()
            ));
            // The demo succeeds when the gate stopped its pull request for
            // exactly what it planted: the missing approval and the forged
            // trailer. A demo is not a gate: that is exit 0.
            let caught = |rule: &str| outcome.findings.iter().any(|f| f.rule == rule && f.waived.is_none());
            if caught(crate::history::MISSING) && caught(crate::history::FORGED_TRAILER) {
                print("The gate held: this pull request cannot merge until the CISO or CTO approves it.\n");
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "isms: the demo's pull request was not stopped as planted (ISMS-APPROVAL-001 and ISMS-APPROVAL-006)"
                );
                ExitCode::from(1)
            }
        }
        Err(problems) => fail(&problems.0, Format::Human, style),
    }
}

fn audit(path: Option<PathBuf>, since: Option<String>, format: AuditFormat, style: Style) -> ExitCode {
    let as_format = if format == AuditFormat::Json {
        Format::Json
    } else {
        Format::Human
    };
    let root = match root_of(path) {
        Ok(r) => r,
        Err(p) => return fail(&[*p], as_format, style),
    };
    // The working copy's configuration must be valid, though the audit
    // judges by the configurations in force in history.
    if let Err(problems) = workspace::load_config(&root) {
        return fail(&problems.0, as_format, style);
    }
    let mut repo = match crate::history::Repo::discover(&root) {
        Ok(Some(r)) => r,
        Ok(None) => {
            let p = Problem::new(
                "git::not-a-repository",
                format!(
                    "{} is not inside a git repository: there is no history to audit",
                    root.display()
                ),
            );
            return fail(&[p], as_format, style);
        }
        Err(p) => return fail(&[*p], as_format, style),
    };
    // Without --since, the audit starts at the trust root of the
    // configuration in force (read from history, never the working copy).
    let show_progress = std::io::stderr().is_terminal() && format != AuditFormat::Json;
    let mut progress = |done: usize, total: usize| {
        if show_progress && (done % 64 == 0 || done == total) {
            eprint!("\r  verifying commits: {done}/{total}");
            if done == total {
                eprint!("\r\x1b[K");
            }
        }
    };
    // With a token, the approving reviews of the pull request that brought a
    // change in count too, as attested by GitHub.
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let api = match (env("GITHUB_TOKEN"), env("GITHUB_REPOSITORY")) {
        (Some(token), Some(repository)) => {
            let url = env("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".into());
            match repository.split_once('/') {
                Some((owner, name)) => match crate::github::Api::new(&url, token, owner, name) {
                    Ok(api) => Some(api),
                    Err(e) => {
                        eprintln!("isms: warning: {e}; reviews are not used as evidence");
                        None
                    }
                },
                None => None,
            }
        }
        _ => None,
    };
    let mut api_warnings: Vec<String> = Vec::new();
    let mut cache: std::collections::HashMap<String, Vec<crate::history::Attested>> = Default::default();
    let mut attest = |sha: &str| -> Vec<crate::history::Attested> {
        let Some(api) = &api else { return Vec::new() };
        if let Some(found) = cache.get(sha) {
            return found.clone();
        }
        let found = api.approvals_for_commit(sha).unwrap_or_else(|e| {
            api_warnings.push(e);
            Vec::new()
        });
        cache.insert(sha.to_string(), found.clone());
        found
    };
    let attest_fn: Option<crate::history::Attest<'_>> = if api.is_some() { Some(&mut attest) } else { None };
    let result = crate::history::audit(&mut repo, since.as_deref(), &mut progress, attest_fn);
    for w in &api_warnings {
        eprintln!("isms: warning: GitHub API: {w}; those reviews are not used as evidence");
    }
    let report = match result {
        Ok(r) => r,
        Err(problems) => return fail(&problems.0, as_format, style),
    };
    print(&match format {
        AuditFormat::Json => format!("{:#}\n", report::audit::json(&report)),
        AuditFormat::Markdown => report::audit::markdown(&report),
        AuditFormat::Human => report::audit::human(&report),
    });
    ExitCode::from(u8::from(report.issues.iter().any(|i| !i.warning)))
}

/// `isms report`: the check and the audit, gathered into one evidence pack.
fn evidence(
    path: Option<PathBuf>,
    format: ReportFormat,
    (out, sign): (Option<PathBuf>, Option<PathBuf>),
    now: String,
    style: Style,
) -> ExitCode {
    let root = match root_of(path) {
        Ok(r) => r,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    let outcome = match check::run(&root, &now, &check::Range::default()) {
        Ok(o) => o,
        Err(problems) => return fail(&problems.0, Format::Human, style),
    };
    let mut provenance = report::pack::Provenance::default();
    // The trail is what the check's own walk of the history saw: every
    // version since the trust root in force (history is walked once).
    let audit = match crate::history::Repo::discover(&root) {
        Ok(Some(repo)) => {
            provenance.commit = repo.head_commit();
            provenance.dirty = repo.is_dirty();
            match &outcome.history {
                Some(state) if state.mode == "state" => Some(crate::history::Report {
                    judgements: state.trail.clone(),
                    ..state.clone()
                }),
                Some(state) if state.mode == "unborn" => None,
                _ => {
                    provenance.no_trail =
                        Some("No approval rule governs any file, so there is no approval trail to show.".into());
                    None
                }
            }
        }
        Ok(None) => {
            provenance.no_trail =
                Some("This ISMS is not in a git repository: there is no history of approvals to show.".into());
            None
        }
        Err(p) => {
            provenance.no_trail = Some(format!("The repository could not be opened: {}", p.message));
            None
        }
    };
    let evidence = report::pack::gather(&outcome, audit.as_ref(), provenance);
    let text = match format {
        ReportFormat::Html => report::pack::html(&evidence),
        ReportFormat::Markdown => report::pack::markdown(&evidence),
    };
    match out {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, &text) {
                let p = Problem::new("io::write", format!("cannot write `{}`: {e}", path.display()));
                return fail(&[p], Format::Human, style);
            }
            eprintln!(
                "isms: wrote the evidence pack to {} ({} KB, {} errors, {} warnings as of {})",
                path.display(),
                text.len().div_ceil(1024),
                evidence.errors,
                evidence.warnings,
                evidence.now
            );
            if let Some(key) = &sign {
                if let Err(p) = sign_pack(&path, key) {
                    return fail(&[*p], Format::Human, style);
                }
                eprintln!(
                    "isms: signed it: {}.sig (verify: ssh-keygen -Y verify -f allowed_signers -I SIGNER -n {} -s {}.sig < {})",
                    path.display(),
                    report::pack::NAMESPACE,
                    path.display(),
                    path.display()
                );
            }
        }
        None => print(&text),
    }
    ExitCode::SUCCESS
}

/// Signs a written pack with `ssh-keygen -Y sign` (the user's own key and
/// agent; isms never reads the private key): `PATH.sig` beside it.
fn sign_pack(path: &std::path::Path, key: &std::path::Path) -> Result<(), Box<Problem>> {
    let sig = PathBuf::from(format!("{}.sig", path.display()));
    // ssh-keygen refuses to overwrite a signature; an old one would lie.
    if sig.exists() {
        std::fs::remove_file(&sig).map_err(|e| {
            Box::new(Problem::new(
                "io::write",
                format!("cannot replace `{}`: {e}", sig.display()),
            ))
        })?;
    }
    let out = std::process::Command::new("ssh-keygen")
        .args(["-q", "-Y", "sign", "-n", report::pack::NAMESPACE, "-f"])
        .arg(key)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            Box::new(
                Problem::new("report::sign", format!("cannot run ssh-keygen: {e}"))
                    .help("install OpenSSH (ssh-keygen signs the pack)"),
            )
        })?;
    if !out.status.success() || !sig.exists() {
        return Err(Box::new(
            Problem::new(
                "report::sign",
                format!(
                    "ssh-keygen could not sign {} with {}: {}",
                    path.display(),
                    key.display(),
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
            )
            .help("give a private key file, or a public key whose private key is loaded in ssh-agent"),
        ));
    }
    Ok(())
}

/// Where the ISMS sits in its git repository (`""` outside one), so that
/// paths resolve where code scanning and GitHub look for them.
fn repo_prefix(root: &std::path::Path) -> String {
    crate::history::locate(root)
        .ok()
        .flatten()
        .map(|l| l.prefix)
        .unwrap_or_default()
}

/// The rules in force where `isms` runs: the built-in pack, plus the
/// organisation's own when inside an ISMS.
fn rule_set(path: Option<&std::path::Path>, tests: bool) -> Result<crate::rego::RuleSet, Vec<Problem>> {
    let root = workspace::find_root(path.unwrap_or(std::path::Path::new(".")));
    let custom = match &root {
        Some(r) => workspace::load_config(r).map_err(|p| p.0)?.raw.rules.custom,
        None => None,
    };
    crate::rego::RuleSet::load(
        root.as_deref().unwrap_or(std::path::Path::new(".")),
        custom.as_deref(),
        tests,
    )
    .map_err(|p| p.0)
}

fn explain(id: &str, style: Style) -> ExitCode {
    let rules = match rule_set(None, false) {
        Ok(r) => r.rules,
        Err(problems) => return fail(&problems, Format::Human, style),
    };
    let Some(rule) = rules.iter().find(|r| r.id.eq_ignore_ascii_case(id)) else {
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        let mut p = Problem::new("rules::unknown", format!("no rule has the id `{id}`"));
        p = match crate::diag::did_you_mean(id, ids.iter().copied()) {
            Some(s) => p.help(format!("did you mean `{s}`? `isms rules` lists every rule")),
            None => p.help("`isms rules` lists every rule"),
        };
        return fail(&[p], Format::Human, style);
    };
    let mut out = format!("{}: {}\n\n", rule.id, rule.title);
    if !rule.clauses.is_empty() {
        out.push_str(&format!("Clauses:  {}\n", rule.clauses.join(", ")));
    }
    if !rule.controls.is_empty() {
        out.push_str(&format!("Controls: {}\n", rule.controls.join(", ")));
    }
    let place = if rule.package.is_empty() {
        "built into isms".to_string()
    } else {
        format!(
            "{} ({}{})",
            rule.package,
            rule.file,
            if rule.builtin { ", built in" } else { "" }
        )
    };
    out.push_str(&format!(
        "Rule:     {place}\n\n{}\n\nFix: {}\n",
        rule.description, rule.remediation
    ));
    print(&out);
    ExitCode::SUCCESS
}

fn test(
    path: Option<PathBuf>,
    filter: Option<&str>,
    coverage: bool,
    threshold: Option<f64>,
    format: Format,
    style: Style,
) -> ExitCode {
    let filter = match filter.map(regex::Regex::new).transpose() {
        Ok(f) => f,
        Err(e) => {
            return fail(
                &[Problem::new(
                    "args::bad-filter",
                    format!("--filter is not a regular expression: {e}"),
                )],
                format,
                style,
            );
        }
    };
    let mut rules = match rule_set(path.as_deref(), true) {
        Ok(r) => r,
        Err(problems) => return fail(&problems, format, style),
    };
    if coverage {
        rules.enable_coverage();
    }
    let results = crate::rego::run_tests(&mut rules, filter.as_ref());
    let files = if coverage { rules.coverage() } else { Vec::new() };
    let (covered, lines) = files.iter().fold((0, 0), |(c, l), f| (c + f.covered, l + f.lines));
    let total = if lines == 0 {
        100.0
    } else {
        covered as f64 * 100.0 / lines as f64
    };
    let passed = results.iter().filter(|r| r.passed).count();
    let failed = results.len() - passed;
    match format {
        Format::Json => print(&format!(
            "{:#}\n",
            serde_json::json!({
                "version": 1,
                "passed": passed,
                "failed": failed,
                "tests": results.iter().map(|r| serde_json::json!({"name": r.name, "file": r.file, "passed": r.passed, "error": r.error})).collect::<Vec<_>>(),
                "coverage": coverage.then(|| serde_json::json!({"percent": total, "files": files})),
            })
        )),
        Format::Human => {
            let mut out = String::new();
            for r in &results {
                out.push_str(&format!("{} {}\n", if r.passed { "PASS" } else { "FAIL" }, r.name));
                if !r.passed {
                    out.push_str(&format!(
                        "     in {}: {}\n",
                        r.file,
                        r.error.as_deref().unwrap_or("the test's body was not true")
                    ));
                }
            }
            if coverage {
                out.push_str("\ncoverage:\n");
                for f in &files {
                    out.push_str(&format!(
                        "  {:6.1}%  {} ({} of {} lines)\n",
                        f.percent(),
                        f.file,
                        f.covered,
                        f.lines
                    ));
                }
                out.push_str(&format!("  {total:6.1}%  total\n"));
            }
            out.push_str(&format!("\n{passed} passed, {failed} failed\n"));
            print(&out);
        }
    }
    if results.is_empty() {
        eprintln!(
            "no test_ rules found{}",
            if filter.is_some() { " that match --filter" } else { "" }
        );
    }
    let below = threshold.is_some_and(|t| total < t);
    if below && format == Format::Human {
        eprintln!(
            "coverage {total:.1}% is below the threshold of {:.1}%",
            threshold.unwrap_or_default()
        );
    }
    ExitCode::from(u8::from(failed > 0 || below || results.is_empty()))
}
