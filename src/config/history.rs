//! `[history]`: where judging the git history starts (the trust root).

use super::*;

/// Where the history that approvals are verified from starts.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// The pinned trust-root commit: the versions of the governed files at
    /// this commit are the accepted baseline, and the history before it is
    /// not judged (`isms check` without `--base`, `isms audit`). A commit id,
    /// or `HEAD` to take everything committed so far as the baseline (only
    /// for demos and for the day of adoption: ranges given with `--base` are
    /// always judged).
    #[serde(default)]
    #[schemars(regex(pattern = r"^(HEAD|[0-9a-fA-F]{7,64})$"))]
    pub trust_root: Option<String>,
}
