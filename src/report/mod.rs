//! Renderers of one findings model: `human` (miette, for terminals),
//! `json` (the versioned machine contract), SARIF, JUnit, GitHub, the
//! audit's evidence listing, `pack` (the evidence pack of `isms report`)
//! and `oscal` (the same check as OSCAL assessment results, catalog and
//! profile). A check's result — its findings, or the problems that stopped
//! it — is rendered in one [`Format`] by one dispatch, [`render`]; each of
//! the four renderers has the one signature `render(&Checked, &At)`.

pub mod audit;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod oscal;
pub mod pack;
pub mod sarif;

use crate::check::Outcome;
use crate::diag::Problem;
use human::Style;
use std::path::Path;

/// The formats of a check's result (`isms check --format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
    /// JUnit XML, for CI test reports: one test case per rule and target.
    Junit,
}

/// What a check came to, as every renderer takes it.
#[derive(Clone, Copy)]
pub enum Checked<'a> {
    /// It ran: its findings.
    Findings(&'a Outcome),
    /// It could not run: the problems to fix first.
    Problems(&'a [Problem]),
}

/// Where and when the check was made, and how the terminal draws.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    /// The ISMS root, when known: SARIF's paths are relative to its
    /// repository's root.
    pub root: Option<&'a Path>,
    /// The evaluation date, which JUnit stamps its problems with (findings
    /// carry their own).
    pub now: &'a crate::check::Date,
    pub style: Style,
}

impl At<'_> {
    /// Where the ISMS sits in its repository (`""` when unknown).
    fn prefix(&self) -> String {
        self.root.map(repo_prefix).unwrap_or_default()
    }
}

/// A rendering, for standard output and standard error.
#[derive(Debug, Default)]
pub struct Rendered {
    pub stdout: String,
    pub stderr: String,
}

/// The one dispatch: `checked` in `format`. Problems in human form go to
/// standard error; in SARIF and JUnit the document (still valid, so that
/// code scanning and CI test reports read it) goes to standard output and
/// the human form to standard error, for whoever reads the job's log.
pub fn render(format: Format, checked: &Checked<'_>, at: &At<'_>) -> Rendered {
    let body = match format {
        Format::Human => human::render(checked, at),
        Format::Json => json::render(checked, at),
        Format::Sarif => sarif::render(checked, at),
        Format::Junit => junit::render(checked, at),
    };
    match (format, checked) {
        (Format::Human, Checked::Problems(_)) => Rendered {
            stdout: String::new(),
            stderr: body,
        },
        (Format::Sarif | Format::Junit, Checked::Problems(_)) => Rendered {
            stdout: body,
            stderr: human::render(checked, at),
        },
        _ => Rendered {
            stdout: body,
            stderr: String::new(),
        },
    }
}

/// Where the ISMS at `root` sits in its git repository (`""` outside one):
/// the prefix of its paths where code scanning and GitHub look for them.
pub fn repo_prefix(root: &std::path::Path) -> String {
    crate::history::locate(root)
        .ok()
        .flatten()
        .map(|l| l.prefix)
        .unwrap_or_default()
}
