//! Renderers of one findings model: `human` (miette, for terminals) and
//! `json` (the versioned machine contract).

pub mod human;
pub mod json;
