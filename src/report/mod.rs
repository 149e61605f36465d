//! Renderers of one findings model: `human` (miette, for terminals) and
//! `json` (the versioned machine contract).

pub mod audit;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
