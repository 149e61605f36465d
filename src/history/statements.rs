//! Approval statements as the gate reads them: the statement files of a
//! commit, those a history ever held, and the approvals the files give for
//! a change under a judge's keys (each blob read and identified once).

use super::judge::Judge;
use super::objects::Entry;
use super::repo::Repo;
use super::signature::Verdict;
use super::statement::{DIR, Id, identity, is_statement, verify};
use crate::diag::Problem;
use git2::Oid;
use std::collections::HashMap;

/// The approval statement files in the tree of `commit`: (path relative
/// to the ISMS root, blob).
pub(crate) fn files_at(repo: &Repo, commit: Oid) -> Vec<(String, Oid)> {
    repo.files_under(commit, DIR)
        .into_iter()
        .filter(|(rel, _)| is_statement(rel))
        .collect()
}

/// Which of the statements `wanted` (by what was signed, see [`Id`]) any
/// commit reachable from `from` held in its statements folder, under any
/// name and in any encoding (a used statement is used under any name);
/// `id_of` identifies a statement blob. Each distinct folder is read once;
/// the walk stops when all are found.
pub(crate) fn in_history(
    repo: &Repo,
    from: Oid,
    wanted: &foldhash::HashSet<Id>,
    id_of: &mut dyn FnMut(Oid) -> Id,
) -> Result<std::collections::HashSet<Id>, Box<Problem>> {
    let mut found = std::collections::HashSet::new();
    if wanted.is_empty() {
        return Ok(found);
    }
    repo.blobs_in_history(from, DIR, &mut |blobs| {
        for blob in blobs {
            let id = id_of(blob);
            if wanted.contains(&id) {
                found.insert(id);
            }
        }
        found.len() == wanted.len()
    })?;
    Ok(found)
}

/// Approval statement files, read once each (by blob) and verified against
/// the keys of the configuration that judges each use of them.
#[derive(Default)]
pub(crate) struct Statements {
    read: HashMap<Oid, Option<Vec<u8>>>,
    ids: HashMap<Oid, Id>,
}

impl Statements {
    /// The [`Id`] of the statement file whose blob is `oid` (a blob that
    /// cannot be read is identified by its object id: it approves nothing).
    pub(crate) fn id(&mut self, repo: &Repo, oid: Oid) -> Id {
        if let Some(id) = self.ids.get(&oid) {
            return *id;
        }
        let bytes = self.read.entry(oid).or_insert_with(|| repo.blob(oid));
        let id = match bytes {
            Some(bytes) => identity(bytes),
            None => identity(oid.as_bytes()),
        };
        self.ids.insert(oid, id);
        id
    }

    /// The approvals (person, evidence) that the statement files `files`
    /// give for `path` changing from `from` to `to`: each signed with a key
    /// `judge` holds for its person, naming exactly that change.
    pub(crate) fn approving(
        &mut self,
        (repo, judge): (&Repo, &Judge),
        files: &[(String, Oid)],
        (path, from, to): (&str, Entry, Entry),
    ) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (file, oid) in files {
            let bytes = self.read.entry(*oid).or_insert_with(|| repo.blob(*oid));
            let Some(bytes) = bytes else { continue };
            let Some((st, Verdict::Good { person, key })) = verify(bytes, &judge.ring) else {
                continue;
            };
            if judge.vouches(&person, &key) && st.approves(path, from, to) && !out.iter().any(|(p, _)| *p == person) {
                out.push((person, format!("{key} (approval statement {file})")));
            }
        }
        out
    }
}
