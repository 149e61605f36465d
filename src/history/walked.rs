//! The commits of a walk as judging holds them: each one's facts, what it
//! made and touched, its entries there, and its parents among the walk.

use super::model::CommitFacts;
use super::objects::{Diffs, Entry};
use super::repo::Repo;
use git2::Oid;
use std::collections::{BTreeMap, BTreeSet};

/// The commits of a walk, oldest first, with what each changed.
pub(crate) struct Walked {
    pub(crate) facts: Vec<CommitFacts>,
    pub(crate) made: Vec<Vec<String>>,
    pub(crate) touched: Vec<Vec<String>>,
    /// Each commit's entry at the paths it made or touched.
    pub(crate) held: Vec<BTreeMap<String, Entry>>,
    pub(crate) parents: Vec<Vec<usize>>,
}

impl Walked {
    pub(crate) fn push(&mut self, facts: CommitFacts, diffs: Diffs) {
        self.facts.push(facts);
        self.made.push(diffs.made);
        self.touched.push(diffs.touched);
        self.held.push(diffs.held);
    }

    pub(crate) fn with_capacity(n: usize) -> Walked {
        Walked {
            facts: Vec::with_capacity(n),
            made: Vec::with_capacity(n),
            touched: Vec::with_capacity(n),
            held: Vec::with_capacity(n),
            parents: Vec::new(),
        }
    }

    /// Commit `i`'s entry at `path`: known from its diffs, else looked up.
    pub(crate) fn entry(&self, repo: &Repo, i: usize, path: &str) -> Entry {
        match self.held[i].get(path) {
            Some(e) => *e,
            None => Oid::from_str(&self.facts[i].id)
                .ok()
                .and_then(|id| repo.entry(id, path)),
        }
    }

    /// The people who made content at `path` in the commits `among`: their
    /// authors, committers and signers.
    pub(crate) fn makers(&self, path: &str, among: impl Iterator<Item = usize>) -> BTreeSet<String> {
        let mut makers = BTreeSet::new();
        for i in among {
            if self.made[i].iter().any(|p| p == path) {
                let c = &self.facts[i];
                makers.extend(c.author.person.iter().cloned());
                makers.extend(c.committer.person.iter().cloned());
                makers.extend(c.signature.signer().map(String::from));
            }
        }
        makers
    }
}

/// For each commit (in topological order, parents first), the indices of
/// its parents among `commits`; parents outside the walk are left out.
pub(crate) fn parent_indices(commits: &[CommitFacts]) -> Vec<Vec<usize>> {
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
