//! One commit's facts, read from git or from the commit-facts cache: its
//! parents, author, committer, time, summary, trailers, whether it carries
//! a signature, and what it changed under the ISMS root. Plumbing: who the
//! people are and what is governed are judged elsewhere.

use super::Repo;
use super::facts_cache::{Fact, oid, raw};
use super::model::Verdict;
use super::model::{CommitFacts, Identity};
use super::objects::{Diffs, git_problem, hex};
use crate::diag::Problem;
use git2::Oid;

/// A commit read but not verified.
pub(crate) struct Unverified {
    pub facts: CommitFacts,
    /// Whether the commit carries a signature (read it with `Repo::signed`).
    pub signed: bool,
    pub diffs: Diffs,
}

impl Repo {
    /// The facts of one commit with its signature not yet verified (the
    /// verdict says unsigned), whether it has a signature to verify, and
    /// the paths it changed — from the commit-facts cache when an earlier
    /// run read them. Nobody is anybody yet (no person named) and nothing
    /// is governed (`changed` empty): judging says who and what.
    pub(crate) fn facts_unverified(&mut self, id: Oid) -> Result<Unverified, Box<Problem>> {
        let mut fresh = None;
        if self.facts().get(&id).is_none() {
            let (fact, _) = self.read_fact(id)?;
            // Kept, unless there is no cache (`ISMS_NO_CACHE`).
            fresh = self.facts().put(id, fact);
        }
        let fact = match (&fresh, self.facts().get(&id)) {
            (Some(fact), _) | (None, Some(fact)) => fact,
            (None, None) => {
                return Err(Box::new(Problem::new(
                    "git::error",
                    format!("commit {id} was not read"),
                )));
            }
        };
        let diffs = fact.diffs().ok_or_else(|| {
            Box::new(Problem::new(
                "git::error",
                format!("commit {id}: an object id that is not SHA-1"),
            ))
        })?;
        let identity = |(name, email): &(String, String)| Identity {
            person: None,
            name: name.clone(),
            email: email.clone(),
        };
        Ok(Unverified {
            facts: CommitFacts {
                id: hex(&id),
                parents: fact.parents.iter().filter_map(oid).map(|p| hex(&p)).collect(),
                author: identity(&fact.author),
                committer: identity(&fact.committer),
                time: fact.time,
                summary: fact.summary.clone(),
                trailers: fact.trailers.clone(),
                signature: Verdict::Unsigned,
                changed: Vec::new(),
            },
            signed: fact.signed,
            diffs,
        })
    }

    /// What commit `id` is, read from git.
    fn read_fact(&self, id: Oid) -> Result<(Fact, Diffs), Box<Problem>> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(|e| git_problem("cannot read a commit", &e))?;
        let person = |sig: git2::Signature<'_>| {
            (
                sig.name().unwrap_or("").to_string(),
                sig.email().unwrap_or("").to_string(),
            )
        };
        let message = commit.message().unwrap_or("");
        let trailers = git2::message_trailers_strs(message)
            .map(|t| t.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
            .unwrap_or_default();
        let diffs = self.diffs(&commit)?;
        // Every id is SHA-1 (git2 is built without SHA-256 object support).
        let unsupported = || {
            Box::new(Problem::new(
                "git::error",
                format!("commit {id} names an object that is not SHA-1"),
            ))
        };
        let parents: Option<Vec<_>> = commit.parent_ids().map(|p| raw(&p)).collect();
        let fact = Fact {
            parents: parents.ok_or_else(unsupported)?,
            author: person(commit.author()),
            committer: person(commit.committer()),
            time: commit.time().seconds(),
            summary: commit
                .summary_bytes()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default(),
            trailers,
            // The header as the commit object has it, already read: the
            // same test as `signed` (a `gpgsig` header line), without
            // reading the object from the database again.
            signed: super::objects::split_signature(commit.raw_header_bytes()).is_some(),
            made: diffs.made.clone(),
            touched: diffs.touched.clone(),
            held: Fact::held_of(&diffs).ok_or_else(unsupported)?,
            judge: None,
        };
        Ok((fact, diffs))
    }
}
