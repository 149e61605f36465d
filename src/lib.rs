//! `isms`: a compliance gate for an ISO/IEC 27001:2022 ISMS kept as code.
pub mod annex_a;
pub mod config;
pub mod diag;
pub mod source;
pub mod tree;
pub mod workspace;
