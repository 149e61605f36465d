//! Renderers of one findings model: `human` (miette, for terminals),
//! `json` (the versioned machine contract), SARIF, GitHub, the audit's
//! evidence listing, and `pack` (the evidence pack of `isms report`).

pub mod audit;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod pack;
pub mod sarif;
