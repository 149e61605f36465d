//! `isms`: a compliance gate for an ISO/IEC 27001:2022 ISMS kept as code.
//!
//! The pipeline is a chain of plain functions: [`config`] and [`workspace`]
//! load the repository with spans, [`input`] builds the Rego input,
//! [`rego`] evaluates the rules, [`check`] resolves findings and waivers,
//! and [`report`] renders them. Only [`cli`] prints.

pub mod adopt;
pub mod annex_a;
pub mod approve;
pub mod check;
pub mod cli;
pub mod config;
pub mod demo;
pub mod diag;
pub mod findings;
pub mod fuzzing;
pub mod github;
pub mod history;
pub mod hook;
pub mod init;
pub mod input;
pub mod reference;
pub mod rego;
pub mod report;
pub mod source;
pub mod staged;
pub mod synth;
pub mod tree;
pub mod workspace;
