//! The line of main in a walk from the trust root to head: first parents,
//! except where a first parent does not descend from the trust root (a new
//! parentless commit, or one from before the adoption, made the first
//! parent of a merge): main was the parent that does. For every commit,
//! the position on that line where it was first merged in; for every
//! merge of the line, the changes of other parents it dropped.

use super::objects::hex;
use super::repo::Repo;
use super::statement;
use super::walked::Walked;
use crate::diag::Problems;
use foldhash::HashMap;
use git2::Oid;

/// The line of main through a walk's commits (indices into the walk).
pub(crate) struct Line {
    /// The line's commits, oldest first.
    pub(crate) line: Vec<usize>,
    /// Line commits whose previous commit on the line is not their first
    /// parent, with that previous commit.
    pub(crate) switched: HashMap<usize, Oid>,
    /// Per commit, the position on the line where it was first merged in
    /// (`usize::MAX`: never).
    pub(crate) merged_at: Vec<usize>,
    /// Per position on the line, the commits first merged in there.
    pub(crate) arrivals: Vec<Vec<usize>>,
    /// Per position on the line, the paths a merge there dropped, each
    /// with the parent whose change it dropped.
    pub(crate) dropped: Vec<Vec<(String, Oid)>>,
}

impl Line {
    /// The line of `head` back to `root` through `walked` (the commits
    /// `ids`); a switched commit's `touched` becomes the paths that differ
    /// from its previous commit on the line.
    pub(crate) fn of(
        repo: &Repo,
        walked: &mut Walked,
        ids: &[Oid],
        (head, root): (Oid, Option<Oid>),
    ) -> Result<Line, Problems> {
        let descends = descending(walked, root);
        let (line, switched) = trace(walked, ids, (head, root), &descends);
        // A switched commit's changes are those from its previous commit.
        for (&i, &previous) in &switched {
            walked.touched[i] = repo.differing(Some(previous), ids[i])?.into_iter().collect();
        }
        let merged_at = merged_positions(walked, &line);
        let mut arrivals: Vec<Vec<usize>> = vec![Vec::new(); line.len()];
        for (i, &k) in merged_at.iter().enumerate() {
            if let Some(bucket) = arrivals.get_mut(k) {
                bucket.push(i);
            }
        }
        // Merges whose result is their first parent's where another parent
        // changed the path: what main's content became does not depend on
        // the parents' order, and a merge pushed with its parents swapped
        // (the branch first) drops a change of main there.
        let dropped = dropped_by_merges(repo, &line, walked, &switched)?;
        Ok(Line {
            line,
            switched,
            merged_at,
            arrivals,
            dropped,
        })
    }

    /// Whether commit `i` is itself on the line.
    pub(crate) fn holds(&self, i: usize) -> bool {
        self.merged_at[i] != usize::MAX && self.line.get(self.merged_at[i]) == Some(&i)
    }
}

/// Per commit, whether it descends from `root` (all do without one).
fn descending(walked: &Walked, root: Option<Oid>) -> Vec<bool> {
    let n = walked.facts.len();
    let root_id = root.map(|r| hex(&r));
    let mut descends = vec![root.is_none(); n];
    if root.is_some() {
        for i in 0..n {
            descends[i] = walked.facts[i].parents.iter().any(|p| Some(p) == root_id.as_ref())
                || walked.parents[i].iter().any(|&q| descends[q]);
        }
    }
    descends
}

/// The line from `head` back, newest last, and its switched commits.
fn trace(
    walked: &Walked,
    ids: &[Oid],
    (head, root): (Oid, Option<Oid>),
    descends: &[bool],
) -> (Vec<usize>, HashMap<usize, Oid>) {
    let index: HashMap<Oid, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut line: Vec<usize> = Vec::new();
    let mut switched: HashMap<usize, Oid> = HashMap::default();
    let mut at = index.get(&head).copied();
    while let Some(i) = at {
        line.push(i);
        let parents: Vec<Oid> = walked.facts[i]
            .parents
            .iter()
            .filter_map(|p| Oid::from_str(p).ok())
            .collect();
        let on_line = |p: &Oid| Some(*p) == root || index.get(p).is_some_and(|&q| descends[q]);
        at = match parents.iter().position(on_line) {
            Some(0) | None => parents.first().and_then(|p| index.get(p).copied()),
            Some(other) => {
                switched.insert(i, parents[other]);
                index.get(&parents[other]).copied()
            }
        };
    }
    line.reverse();
    (line, switched)
}

/// Per commit, the position on `line` where it was first merged in.
fn merged_positions(walked: &Walked, line: &[usize]) -> Vec<usize> {
    let n = walked.facts.len();
    let mut merged_at = vec![usize::MAX; n];
    for (k, &i) in line.iter().enumerate() {
        merged_at[i] = k;
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, ps) in walked.parents.iter().enumerate() {
        for &p in ps {
            children[p].push(i);
        }
    }
    for i in (0..n).rev() {
        if merged_at[i] == usize::MAX {
            merged_at[i] = children[i].iter().map(|&c| merged_at[c]).min().unwrap_or(usize::MAX);
        }
    }
    merged_at
}

/// Per position on `line`, the paths a merge there dropped, each with the
/// parent whose change it dropped: the merge's result is its first
/// parent's (the previous commit on the line), while another parent holds
/// other content there that it changed since its merge base with the
/// first (an empty tree when they share no history). Whatever the
/// parents' order, main's content changed there.
fn dropped_by_merges(
    repo: &Repo,
    line: &[usize],
    walked: &Walked,
    switched: &HashMap<usize, Oid>,
) -> Result<Vec<Vec<(String, Oid)>>, Problems> {
    let mut dropped: Vec<Vec<(String, Oid)>> = vec![Vec::new(); line.len()];
    for (k, &m) in line.iter().enumerate() {
        let mut parents: Vec<Oid> = walked.facts[m]
            .parents
            .iter()
            .filter_map(|p| Oid::from_str(p).ok())
            .collect();
        // The previous commit on the line first.
        if let Some(previous) = switched.get(&m) {
            parents.retain(|p| p != previous);
            parents.insert(0, *previous);
        }
        let [first, others @ ..] = parents.as_slice() else {
            continue;
        };
        for &other in others {
            let differ = repo.differing(Some(*first), other)?;
            let mut bases: Option<Vec<Oid>> = None;
            for path in differ {
                if statement::is_statement(&path)
                    || walked.touched[m].contains(&path)
                    || dropped[k].iter().any(|(p, _)| *p == path)
                {
                    continue;
                }
                let theirs = repo.entry(other, &path);
                if theirs == repo.entry(*first, &path) {
                    continue;
                }
                let bases = bases.get_or_insert_with(|| repo.merge_bases_of(*first, other));
                // No shared history: the base is empty, as for git's merge.
                let changed = if bases.is_empty() {
                    theirs.is_some()
                } else {
                    bases.iter().any(|b| repo.entry(*b, &path) != theirs)
                };
                if changed {
                    dropped[k].push((path, other));
                }
            }
        }
    }
    Ok(dropped)
}
