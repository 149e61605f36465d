//! Renderers of one findings model: `human` (miette, for terminals),
//! `json` (the versioned machine contract), SARIF, GitHub, the audit's
//! evidence listing, `pack` (the evidence pack of `isms report`) and `oscal`
//! (the same check as OSCAL assessment results, catalog and profile).

pub mod audit;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod oscal;
pub mod pack;
pub mod sarif;
