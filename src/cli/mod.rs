//! Command-line interface: argument parsing, choosing the reporter and
//! colour, and mapping results to exit codes (0 clean, 1 findings, 2 could
//! not run). The only place that prints. `args` is the command line as
//! clap reads it; each command's use case lives beside it: `check_command`,
//! `github_command` (pull request mode: the environment in, the use case's
//! `github::pull_request` report out), `approve` (approve, status),
//! `emergency`, `evidence`
//! (audit, report), `rules` (explain, test), `setup` (adopt, init, hook),
//! `demo`, `reference` (the generated reference pages).

// The edge of the program: printing is allowed here and nowhere else in
// the library (lib.rs denies clippy's print_stdout and print_stderr).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::check;
use crate::diag::Problem;
use crate::findings::Severity;
use crate::report::{self, Checked, Format, human::Style};
use crate::workspace;
use clap::Parser;

mod approve;
mod args;
mod check_command;
mod demo;
mod emergency;
mod evidence;
mod github_command;
pub mod reference;
mod rules;
mod setup;
pub use args::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

fn parse_date(s: &str) -> Result<check::Date, String> {
    check::Date::parse(s)
}

fn today() -> check::Date {
    check::Date::from(chrono::Utc::now().date_naive())
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

/// Prints what a check (or any command) came to in `format`: its output
/// on standard output, the rest on standard error.
fn render(format: Format, checked: &Checked<'_>, at: &report::At<'_>) {
    let rendered = report::render(format, checked, at);
    print(&rendered.stdout);
    eprint!("{}", rendered.stderr);
}

/// The problems that stopped a command (exit 2), in `format`.
fn fail(problems: &[Problem], format: Format, style: Style) -> ExitCode {
    let at = report::At {
        root: None,
        now: &today(),
        style,
    };
    render(format, &Checked::Problems(problems), &at);
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
        Command::Check(args) => check_command::check(args, style),
        Command::Input { path, now } => {
            let root = match root_of(path) {
                Ok(r) => r,
                Err(p) => return fail(&[*p], Format::Human, style),
            };
            match workspace::load(&root) {
                Ok(ws) => {
                    print(&format!(
                        "{:#}\n",
                        crate::input::build(&ws, now.unwrap_or_else(today).as_str())
                    ));
                    ExitCode::SUCCESS
                }
                Err(problems) => fail(&problems.0, Format::Human, style),
            }
        }
        Command::Rules { format } => {
            // Inside an ISMS the organisation's own rules are listed too.
            let rules = match rules::rule_set(None, false) {
                Ok(r) => r.rules,
                Err(problems) => return fail(&problems, format.problems(), style),
            };
            match format {
                ListFormat::Json => print(&format!("{:#}\n", serde_json::json!({"version": 1, "rules": rules}))),
                ListFormat::Human => {
                    let mut out = String::new();
                    for r in &rules {
                        out.push_str(&format!("{:<17} {:<12} {}\n", r.id, r.clauses.join(","), r.title));
                    }
                    print(&out);
                }
            }
            ExitCode::SUCCESS
        }
        Command::Explain { id } => rules::explain(&id, style),
        Command::Test(args) => rules::test(args, style),
        Command::Audit {
            path,
            since,
            format,
            now,
        } => evidence::audit(
            path,
            (since, now.unwrap_or_else(today).as_str().to_string()),
            format,
            style,
        ),
        Command::Report {
            path,
            format,
            out,
            sign,
            now,
        } => evidence::evidence(path, format, (out, sign), now.unwrap_or_else(today), style),
        Command::Demo { dir } => demo::demo(dir, style),
        Command::Approve {
            path,
            base,
            yes,
            message,
        } => approve::approve(path, base, yes, message, style),
        Command::Status { path, base, me } => approve::status(path, base, me, style),
        Command::Emergency {
            path,
            reason,
            base,
            yes,
            at,
        } => emergency::emergency(path, (base, reason, at), yes, style),
        Command::Github(args) => github_command::github(args, style),
        Command::Adopt { dir, organisation } => setup::adopt(dir, organisation, style),
        Command::Init { dir, organisation } => setup::init(dir, organisation, style),
        Command::Hook {
            action: HookAction::Install { path, force },
        } => setup::hook_install(path, force, style),
        Command::Reference { page } => {
            let text = match page {
                Page::Registers => crate::cli::reference::registers(),
                Page::Codes => crate::cli::reference::codes(),
                Page::Rules => match crate::findings::catalogue::load_rules(std::path::Path::new("."), None, false) {
                    Ok(r) => crate::cli::reference::rules(&r.rules),
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
