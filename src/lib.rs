//! `isms`: a compliance gate for an ISO/IEC 27001:2022 ISMS kept as code.
//!
//! The pipeline is a chain of plain functions: [`config`] and [`workspace`]
//! load the repository with spans (through [`tree`] and [`source`]),
//! [`history`] judges the approvals from git, [`input`] builds the Rego
//! input, [`rego`] evaluates the rules, [`findings`] holds the findings
//! model, the native rules, waivers and severity settings, [`check`] runs
//! the chain, and [`report`] renders the result. Only [`cli`] prints.
//! Beside the pipeline: [`approve`] (approval statements), [`github`] (the
//! GitHub client), [`setup`] (init, adopt, hook, demo), [`diag`] (problems
//! and their codes), [`caches`] (the files kept under `.git/isms`) and `testing` (synthetic repositories and fuzzing
//! entry points, behind the `testing` feature: tests, benches and fuzz
//! targets turn it on; the shipped binary does not hold it).

// The library neither prints nor panics: problems are returned as values
// and only the command line (`cli`, which allows itself to print) writes to
// the terminal.
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::panic)]

pub mod approve;
pub mod caches;
pub mod check;
pub mod cli;
pub mod config;
pub mod diag;
pub mod emergency;
pub mod findings;
pub mod github;
pub mod history;
pub mod input;
pub mod rego;
pub mod report;
pub mod setup;
pub mod source;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tree;
pub mod workspace;
