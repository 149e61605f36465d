//! Approvals from designated signers, verified from git history (git2): the
//! facts of each commit (changed governed paths, author, trailers, verified
//! signer), the configuration in force at a commit (the trust root), and the
//! judgement of each change to a governed file against the approval rules.
//!
//! Three modes share one engine:
//! - a range `base..head` (`isms check --base`): everything is judged by the
//!   configuration of `base`, never by the branch under review;
//! - the current state (`isms check`): the latest change to each governed
//!   file, back to the pinned trust root;
//! - the whole history (`isms audit`): every version of every governed file,
//!   each judged by the configuration of its parent commit.

//!
//! Where things are: `repo` (facts from git), `judge` (the configuration in
//! force at a commit), `keys` and `signature` (key rings and verifying a
//! signature), `cache` and `facts_cache` (verdicts and commit facts of
//! earlier runs), `statement` (approval statements), `content` (what judging
//! one version of a path takes), `range` and `state` (the judging modes),
//! `model` (what judging produces), `staged` (the content about to be
//! committed), `emergency` (emergency declarations: reading, verifying,
//! which one covers a version).

mod cache;
mod content;
pub mod emergency;
mod facts_cache;
mod judge;
pub mod keys;
mod model;
mod range;
mod repo;
pub mod signature;
pub mod staged;
mod state;
pub mod statement;

pub use judge::{Judge, own_paths};
pub use model::{Approver, Attested, CommitFacts, Identity, Issue, Judgement, Report};
pub use range::{range, range_attested};
pub use repo::{Located, Repo, locate};
pub use state::{Attest, audit, state, state_at};

pub(crate) use judge::{Attestation, Rule, intersect, people_of};
pub(crate) use repo::{Diffs, Entry, short};
pub(crate) use signature::Signed;

use crate::config::Resolved;
use signature::Verdict;

pub use crate::findings::catalogue::{
    AUTHOR_MISMATCH, FORGED_TRAILER, GOVERNS_NOTHING, MISSING, NO_HISTORY, SELF_APPROVAL, SIGNATURE, STALE, UNWAIVABLE,
};

/// A commit summary cut to a readable length for messages.
fn brief(summary: &str) -> String {
    if summary.chars().count() <= 60 {
        summary.to_string()
    } else {
        format!("{}…", summary.chars().take(59).collect::<String>())
    }
}

/// The short form of a commit id, as git prints it.
pub fn short_id(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

/// For each commit (in topological order, parents first), the indices of
/// its parents among `commits`; parents outside the walk are left out.
fn parent_indices(commits: &[CommitFacts]) -> Vec<Vec<usize>> {
    let index: foldhash::HashMap<&str, usize> = commits.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    commits
        .iter()
        .map(|c| {
            c.parents
                .iter()
                .filter_map(|p| index.get(p.as_str()).copied())
                .collect()
        })
        .collect()
}

/// Findings about single commits: signatures, author claims, trailers.
pub(crate) fn commit_issues(judge: &Judge, commits: &[CommitFacts], report: &mut Report) {
    for c in commits {
        let short = short_id(&c.id);
        let at = |rule, warning, message: String, help: Option<String>| Issue {
            rule,
            warning,
            message,
            path: c.changed.first().cloned(),
            rule_index: None,
            commit: Some(c.id.clone()),
            help,
            lines: None,
        };
        match &c.signature {
            Verdict::Unsigned | Verdict::Good { .. } => {}
            Verdict::Bad { .. } => report.issues.push(at(
                SIGNATURE,
                false,
                format!("commit {short} (\"{}\"): {}", brief(&c.summary), c.signature.explain()),
                None,
            )),
            other => report.issues.push(at(
                SIGNATURE,
                true,
                format!(
                    "commit {short} (\"{}\"): {}; it approves nothing",
                    brief(&c.summary),
                    other.explain()
                ),
                None,
            )),
        }
        if let (Some(claimed), Some(signer)) = (&c.author.person, c.signature.signer()) {
            if claimed != signer {
                report.issues.push(at(
                    AUTHOR_MISMATCH,
                    false,
                    format!(
                        "commit {short} claims {} as its author <{}> but is signed by {}",
                        judge.name_of(claimed),
                        c.author.email,
                        judge.name_of(signer)
                    ),
                    None,
                ));
            }
        }
        for (key, value) in &c.trailers {
            if !key.eq_ignore_ascii_case("approved-by") {
                continue;
            }
            let named = match judge.config.resolve(value) {
                Resolved::Person { id } => Some(id),
                _ => judge.person_by_email(value.rsplit('<').next().unwrap_or("").trim_end_matches('>')),
            };
            let backed = named.as_deref().is_some_and(|n| c.signature.signer() == Some(n));
            if !backed {
                report.issues.push(at(
                    FORGED_TRAILER,
                    false,
                    format!(
                        "commit {short} carries `Approved-by: {value}` but is {}",
                        match c.signature.signer() {
                            Some(s) => format!("signed by {}", judge.name_of(s)),
                            None => c.signature.explain(),
                        }
                    ),
                    Some(format!(
                        "a trailer counts only inside a commit signed by the person it names: rewrite the branch without it (`git rebase -i {short}~1`, `reword` {short}), as its author rather than as an approver of the change (whoever commits a change to a governed file becomes one of its makers); approval statements (`isms approve`) survive the rewrite, approval commits do not"
                    )),
                ));
            }
        }
    }
}
