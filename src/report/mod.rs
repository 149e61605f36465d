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

/// Where the ISMS at `root` sits in its git repository (`""` outside one):
/// the prefix of its paths where code scanning and GitHub look for them.
pub fn repo_prefix(root: &std::path::Path) -> String {
    crate::history::locate(root)
        .ok()
        .flatten()
        .map(|l| l.prefix)
        .unwrap_or_default()
}
