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
//! Two floors. The plumbing reads git and judges nothing: `objects` (entries,
//! diffs, ids), `trees` (trees read once, entries with a flaw), `repo` (the
//! repository: walks, entries, blobs, signatures read), `facts` (one
//! commit's facts) and `facts_cache` (those of earlier runs), `signature`
//! and `keys` (key rings and verifying a signature), `statement` (the
//! approval statement format), `model` (what judging produces).
//! The judging: `judge` (one configuration: who may sign what), `gate` (the
//! [`Gate`]: the configurations in force at commits, the judges and the
//! caches), `trust_root`, `cache` and `verified` (signature verdicts, kept
//! and worked out), `walked` (a walk's commits), `statements` (approval
//! statements read from history), `content` (judging one version of a
//! path), `commits` (findings about single commits), and the modes: `range`,
//! `state` with `line` (the line of main) and `versions` (each version in
//! force along it); `emergency` (emergency declarations: reading,
//! verifying, which one covers a version). `staged` is the content about to
//! be committed.

mod cache;
mod commits;
mod content;
pub mod emergency;
mod facts;
mod facts_cache;
mod gate;
mod judge;
pub mod keys;
mod line;
mod model;
mod objects;
mod range;
mod repo;
pub mod signature;
pub mod staged;
mod state;
pub mod statement;
mod statements;
mod trees;
mod trust_root;
mod verified;
mod versions;
mod walked;

pub use gate::Gate;
pub use judge::{Judge, own_paths};
pub use model::{Approver, Attest, Attested, CommitFacts, Identity, Issue, Judgement, Report};
pub use objects::short_id;
pub use range::{range, range_attested};
pub use repo::{Located, Repo, locate};
pub use state::{audit, state, state_at};

pub(crate) use objects::Entry;

pub use crate::findings::catalogue::{
    AUTHOR_MISMATCH, FORGED_TRAILER, GOVERNS_NOTHING, MISSING, NO_HISTORY, SELF_APPROVAL, SIGNATURE, STALE, UNWAIVABLE,
};
