//! Facts from git: the repository an ISMS lives in, the commits of a walk,
//! what each commit changed under the ISMS root, the entries of paths,
//! blobs and the signatures commits carry. Plumbing only: nothing here
//! reads a configuration or judges (see `gate` for that).

use super::facts_cache::FactsCache;
use super::objects::Signed;
use super::objects::{Diffs, Entry, git_problem, norm_mode};
use super::trees::{Flaw, NON_UTF8, TreeView, Trees};
use crate::diag::Problem;
use crate::source::escaped;
use git2::{Oid, Repository};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The git repository an ISMS lives in.
pub struct Repo {
    pub(crate) repo: Repository,
    /// The ISMS root relative to the work tree, `""` or ending in `/`.
    pub(crate) prefix: String,
    /// Commit facts of earlier runs, opened on first use.
    pub(crate) facts: Option<FactsCache>,
    /// The entries of the trees read lately, by tree id: a path is looked
    /// up in every commit judged, and libgit2 keeps no tree larger than
    /// 4 KiB parsed (a folder of 200 documents is read again per lookup).
    trees: std::cell::RefCell<Trees>,
}

/// The git repository an ISMS folder is in, as `locate` finds it.
pub struct Located {
    pub repo: Repository,
    /// The work tree, canonical.
    pub workdir: std::path::PathBuf,
    /// The ISMS root relative to the work tree: `""` or ending in `/`.
    pub prefix: String,
}

/// Finds the git repository containing `root`, its work tree and where the
/// ISMS sits in it; `Ok(None)` when `root` is in no repository. The one
/// place that works out the ISMS's path prefix inside a repository.
pub fn locate(root: &Path) -> Result<Option<Located>, Box<Problem>> {
    let repo = match Repository::discover(root) {
        Ok(r) => r,
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
        Err(e) => return Err(git_problem("cannot open the git repository", &e)),
    };
    let Some(workdir) = repo.workdir() else {
        return Err(Box::new(Problem::new("git::bare", "the repository has no work tree")));
    };
    let workdir = workdir.canonicalize().unwrap_or_else(|_| workdir.to_path_buf());
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let prefix = match root.strip_prefix(&workdir) {
        Ok(rel) if rel.as_os_str().is_empty() => String::new(),
        Ok(rel) => match rel.to_str() {
            // A `\` is a separator on Windows only: elsewhere it is a
            // character of a name.
            Some(rel) if cfg!(windows) => format!("{}/", rel.replace('\\', "/")),
            Some(rel) => format!("{rel}/"),
            // Never read loosely: another folder could have the lossy name.
            None => {
                return Err(Box::new(
                    Problem::new(
                        NON_UTF8,
                        format!(
                            "the ISMS's folder `{}` is a name that is not UTF-8",
                            escaped(rel.as_os_str().as_encoded_bytes())
                        ),
                    )
                    .help("rename the folder to a UTF-8 name"),
                ));
            }
        },
        Err(_) => String::new(),
    };
    Ok(Some(Located { repo, workdir, prefix }))
}

impl Repo {
    /// Opens the repository containing `root`; `Ok(None)` when there is none.
    pub fn discover(root: &Path) -> Result<Option<Repo>, Box<Problem>> {
        Ok(locate(root)?.map(|found| Repo {
            repo: found.repo,
            prefix: found.prefix,
            facts: None,
            trees: std::cell::RefCell::default(),
        }))
    }

    /// Resolves a revision (`main`, `HEAD~3`, a commit id) to a commit.
    pub fn resolve(&self, rev: &str) -> Result<Oid, Box<Problem>> {
        self.repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id())
            .map_err(|e| {
                Box::new(
                    git_problem(&format!("cannot resolve `{rev}`"), &e)
                        .help("fetch the full history (`fetch-depth: 0` in GitHub Actions) or check the revision"),
                )
            })
    }

    /// The commit checked out, when there is one.
    pub fn head_commit(&self) -> Option<String> {
        self.repo.head().ok()?.peel_to_commit().ok().map(|c| c.id().to_string())
    }

    /// Whether the ISMS's files in the work tree or index differ from the
    /// commit checked out (untracked files count; ignored ones do not).
    pub fn is_dirty(&self) -> bool {
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true).include_ignored(false);
        if !self.prefix.is_empty() {
            // The ISMS's folder by its literal name, never as a pattern.
            opts.pathspec(&self.prefix).disable_pathspec_match(true);
        }
        self.repo
            .statuses(Some(&mut opts))
            .map(|s| !s.is_empty())
            .unwrap_or(false)
    }

    /// Whether any of `paths` (globs relative to the ISMS root) has
    /// uncommitted changes in the work tree or the index.
    pub fn is_dirty_at(&self, paths: &[String]) -> bool {
        // The globs are patterns under the ISMS's folder, whose own name
        // must not be one: a folder name git would read as a pattern leaves
        // the answer unknown, and unknown is dirty.
        if self.prefix.contains(['*', '?', '[', '\\']) {
            return true;
        }
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true).include_ignored(false);
        for p in paths {
            opts.pathspec(format!("{}{p}", self.prefix));
        }
        self.repo
            .statuses(Some(&mut opts))
            .map(|s| !s.is_empty())
            // Unknown is clean: the configuration in force decides, never
            // one whose state cannot be read.
            .unwrap_or(false)
    }

    /// A file of the ISMS (relative to its root) as it is in commit `id`.
    pub(crate) fn read_at(&self, id: Oid, rel: &str) -> Option<String> {
        let commit = self.repo.find_commit(id).ok()?;
        let tree = commit.tree().ok()?;
        let entry = tree.get_path(Path::new(&format!("{}{rel}", self.prefix))).ok()?;
        let blob = self.repo.find_blob(entry.id()).ok()?;
        String::from_utf8(blob.content().to_vec()).ok()
    }

    /// Commits reachable from `head` but not from any of `hide`, oldest
    /// first (topological), as git's walk gives them — or as the same walk
    /// gave them last time: the walk is keyed by `head`, `hide` and what
    /// could make git see another history (a shallow clone's cut, grafts).
    pub(crate) fn walk(&mut self, head: Oid, hide: &[Oid]) -> Result<Vec<Oid>, Box<Problem>> {
        let key = self.walk_key(head, hide);
        if let Some(ids) = self.facts().walk(&key) {
            return Ok(ids);
        }
        let ids = self.walk_git(head, hide)?;
        self.facts().put_walk(key, &ids);
        Ok(ids)
    }

    /// What a walk is of: head, hidden commits, and the digests of the
    /// files that change what git sees of the history.
    fn walk_key(&self, head: Oid, hide: &[Oid]) -> String {
        use sha2::Digest as _;
        let mut h = sha2::Sha256::new();
        for name in ["shallow", "info/grafts"] {
            h.update(std::fs::read(self.repo.path().join(name)).unwrap_or_default());
            h.update([0]);
        }
        let digest = hex::encode(&h.finalize()[..8]);
        let hidden: Vec<String> = hide.iter().map(Oid::to_string).collect();
        format!("walk {head} hide {} history {digest}", hidden.join(","))
    }

    fn walk_git(&self, head: Oid, hide: &[Oid]) -> Result<Vec<Oid>, Box<Problem>> {
        let mut walk = self
            .repo
            .revwalk()
            .map_err(|e| git_problem("cannot walk history", &e))?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
            .map_err(|e| git_problem("cannot walk history", &e))?;
        walk.push(head).map_err(|e| git_problem("cannot walk history", &e))?;
        for h in hide {
            walk.hide(*h).map_err(|e| git_problem("cannot walk history", &e))?;
        }
        walk.collect::<Result<Vec<_>, _>>()
            .map_err(|e| git_problem("cannot walk history", &e))
    }

    /// The paths under the ISMS root (relative to it) that `commit` changed:
    /// `made` where its result differs from every parent (new content: an
    /// edit, a conflict resolution, an evil merge), `touched` where it
    /// differs from its first parent (content arriving on the line, which
    /// includes a merge taking a side's older content). A commit whose tree
    /// holds, where it differs from a parent's, an entry that cannot be
    /// judged by its path (see [`Flaw`]) is refused.
    pub(crate) fn diffs(&self, commit: &git2::Commit<'_>) -> Result<Diffs, Box<Problem>> {
        let tree = commit.tree_id();
        let parents: Vec<Option<Oid>> = if commit.parent_count() == 0 {
            vec![None]
        } else {
            commit.parents().map(|p| Some(p.tree_id())).collect()
        };
        let mut made: Option<BTreeSet<String>> = None;
        let mut touched = Vec::new();
        let mut held = BTreeMap::new();
        for (n, parent) in parents.iter().enumerate() {
            let paths = self
                .differing_read(*parent, tree)
                .map_err(|flaw| flaw.problem(&self.prefix, commit.id()))?;
            if n == 0 {
                touched = paths.keys().cloned().collect();
            }
            made = Some(match made {
                None => paths.keys().cloned().collect(),
                Some(acc) => acc.into_iter().filter(|p| paths.contains_key(p)).collect(),
            });
            for (p, e) in paths {
                held.entry(p).or_insert(e);
            }
        }
        Ok(Diffs {
            made: made.unwrap_or_default().into_iter().collect(),
            touched,
            held,
        })
    }

    /// The paths whose entry differs between commit `old` (`None`: the empty
    /// tree) and commit `new`; a flaw of `new`'s tree where it differs is
    /// refused as in [`Repo::diffs`].
    pub(crate) fn differing(&self, old: Option<Oid>, new: Oid) -> Result<BTreeSet<String>, Box<Problem>> {
        let tree_of = |id: Oid| {
            self.repo
                .find_commit(id)
                .map(|c| c.tree_id())
                .map_err(|e| git_problem("cannot read a tree", &e))
        };
        let old_tree = old.map(tree_of).transpose()?;
        let new_tree = tree_of(new)?;
        Ok(self
            .differing_read(old_tree, new_tree)
            .map_err(|flaw| flaw.problem(&self.prefix, new))?
            .into_keys()
            .collect())
    }

    /// The entry of a path (relative to the ISMS root) in commit `id`: the
    /// object it names and its mode; `None` when the path is absent.
    pub(crate) fn entry(&self, id: Oid, rel: &str) -> Entry {
        self.trees().entry(id, rel)
    }

    /// The differing paths between root trees `old` (`None`: empty) and
    /// `new` (see [`TreeView::differing_read`]).
    pub(crate) fn differing_read(&self, old: Option<Oid>, new: Oid) -> Result<BTreeMap<String, Entry>, Flaw> {
        self.trees().differing_read(old, new)
    }

    /// The trees of this repository, read once per tree id.
    pub(crate) fn trees(&self) -> TreeView<'_> {
        TreeView {
            repo: &self.repo,
            prefix: &self.prefix,
            trees: &self.trees,
        }
    }

    /// The content of blob `id`; `None` when it cannot be read.
    pub(crate) fn blob(&self, id: Oid) -> Option<Vec<u8>> {
        self.repo.find_blob(id).ok().map(|b| b.content().to_vec())
    }

    /// The files under folder `dir` (relative to the ISMS root, ending in
    /// `/`) in the tree of `commit`, at any depth: (path relative to the
    /// ISMS root, blob). A name that is not UTF-8 is left out (a commit
    /// holding one is refused where it changed).
    pub(crate) fn files_under(&self, commit: Oid, dir: &str) -> Vec<(String, Oid)> {
        let full = format!("{}{dir}", self.prefix);
        let Some(tree) = self
            .repo
            .find_commit(commit)
            .ok()
            .and_then(|c| c.tree().ok())
            .and_then(|t| t.get_path(Path::new(full.trim_end_matches('/'))).ok())
            .and_then(|e| e.to_object(&self.repo).ok())
            .and_then(|o| o.into_tree().ok())
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, oid) in self.blobs_under(tree.id()) {
            let Ok(name) = String::from_utf8(name) else { continue };
            out.push((format!("{dir}{name}"), oid));
        }
        out
    }

    /// Walks the commits reachable from `from`, newest first, and gives
    /// `each` the blobs (whatever their names, at any depth) of folder `dir`
    /// (relative to the ISMS root) not given before, folder by distinct
    /// folder, until `each` says it is done.
    pub(crate) fn blobs_in_history(
        &self,
        from: Oid,
        dir: &str,
        each: &mut dyn FnMut(Vec<Oid>) -> bool,
    ) -> Result<(), Box<Problem>> {
        let dir = format!("{}{dir}", self.prefix);
        let dir = Path::new(dir.trim_end_matches('/'));
        let mut walk = self
            .repo
            .revwalk()
            .map_err(|e| git_problem("cannot walk the history", &e))?;
        walk.push(from)
            .map_err(|e| git_problem("cannot walk the history", &e))?;
        let mut folders_read: std::collections::HashSet<Oid> = std::collections::HashSet::new();
        let mut blobs_read: std::collections::HashSet<Oid> = std::collections::HashSet::new();
        for id in walk {
            let id = id.map_err(|e| git_problem("cannot walk the history", &e))?;
            let commit = self
                .repo
                .find_commit(id)
                .map_err(|e| git_problem("cannot read a commit", &e))?;
            let tree = commit
                .tree()
                .map_err(|e| git_problem("cannot read a commit's tree", &e))?;
            let Ok(folder) = tree.get_path(dir) else { continue };
            if !folders_read.insert(folder.id()) {
                continue;
            }
            let Ok(folder) = self.repo.find_tree(folder.id()) else {
                continue;
            };
            let blobs: Vec<Oid> = self
                .blobs_under(folder.id())
                .into_iter()
                .map(|(_, blob)| blob)
                .filter(|blob| blobs_read.insert(*blob))
                .collect();
            if each(blobs) {
                break;
            }
        }
        Ok(())
    }

    /// Every blob under tree `id`, at any depth: (path below it, as bytes,
    /// blob). Read entry by entry, so that no name (one that is not UTF-8,
    /// which ends libgit2's own walk through git2) is ever skipped.
    pub(crate) fn blobs_under(&self, id: Oid) -> Vec<(Vec<u8>, Oid)> {
        let mut out = Vec::new();
        let mut folders = vec![(Vec::new(), id)];
        while let Some((at, id)) = folders.pop() {
            let Ok(tree) = self.repo.find_tree(id) else { continue };
            for e in tree.iter() {
                let mut path = at.clone();
                path.extend_from_slice(e.name_bytes());
                match e.kind() {
                    Some(git2::ObjectType::Tree) => {
                        path.push(b'/');
                        folders.push((path, e.id()));
                    }
                    Some(git2::ObjectType::Blob) => out.push((path, e.id())),
                    _ => {}
                }
            }
        }
        out
    }

    /// The entry at `rel` of the commit whose full id is `id`; `None` when
    /// the clone does not hold that commit.
    pub(crate) fn entry_of_named(&self, id: &str, rel: &str) -> Option<Entry> {
        let oid = Oid::from_str(id)
            .ok()
            .filter(|o| o.to_string() == id.to_ascii_lowercase())?;
        self.repo.find_commit(oid).ok()?;
        Some(self.entry(oid, rel))
    }

    /// The lines of `new` content that its change from `old` touched: the
    /// first and last line (1-based) of the first hunk, without context.
    /// A deletion inside the file gives the line it happened at.
    pub(crate) fn changed_lines(&self, old: Entry, new: Entry) -> Option<(usize, usize)> {
        let new_blob = self.repo.find_blob(new?.0).ok()?;
        let old_blob = old.and_then(|(id, _)| self.repo.find_blob(id).ok());
        let mut opts = git2::DiffOptions::new();
        opts.context_lines(0);
        let old_bytes = old_blob.as_ref().map_or(&[][..], |b| b.content());
        let patch = git2::Patch::from_buffers(old_bytes, None, new_blob.content(), None, Some(&mut opts)).ok()?;
        let (hunk, _) = patch.hunk(0).ok()?;
        let start = hunk.new_start().max(1);
        let end = (hunk.new_start() + hunk.new_lines()).saturating_sub(1).max(start);
        Some((start as usize, end as usize))
    }

    /// The signature of commit `id` and the payload it signs, read where
    /// git reads it: the `gpgsig` header of the commit object only. An
    /// armoured block in the message (libgit2 would find it) is not a
    /// signature to git, so it is none here.
    pub(crate) fn signed(&self, id: Oid) -> Result<Option<Signed>, Box<Problem>> {
        let odb = self
            .repo
            .odb()
            .map_err(|e| git_problem("cannot read the object database", &e))?;
        let object = odb.read(id).map_err(|e| git_problem("cannot read a commit", &e))?;
        Ok(super::objects::split_signature(object.data()))
    }

    /// The commit-facts cache of this repository, opened on first use.
    pub(crate) fn facts(&mut self) -> &mut FactsCache {
        let (repo, prefix) = (&self.repo, &self.prefix);
        self.facts.get_or_insert_with(|| FactsCache::open(repo.path(), prefix))
    }

    /// The first parent of `id`, from the commit-facts cache when known.
    pub(crate) fn first_parent(&mut self, id: Oid) -> Option<Oid> {
        match self.facts().get(&id) {
            Some(fact) => fact.parents.first().and_then(super::facts_cache::oid),
            None => self.commit_parent(id),
        }
    }

    /// The best common ancestors of `a` and `b` (`git merge-base --all`);
    /// empty when they share no history or it cannot be read.
    pub(crate) fn merge_bases_of(&self, a: Oid, b: Oid) -> Vec<Oid> {
        self.repo
            .merge_bases(a, b)
            .map(|bases| bases.iter().copied().collect())
            .unwrap_or_default()
    }

    /// The index of merging commits `ours` and `theirs` as git merges them
    /// (`None` when it cannot be worked out).
    pub(crate) fn merged(&self, ours: Oid, theirs: Oid) -> Option<git2::Index> {
        let ours = self.repo.find_commit(ours).ok()?;
        let theirs = self.repo.find_commit(theirs).ok()?;
        self.repo.merge_commits(&ours, &theirs, None).ok()
    }

    /// What a merge's index holds at `rel`: `Some(None)` when the merge
    /// deletes it, `None` when the path is in conflict.
    pub(crate) fn merged_entry(&self, index: &git2::Index, rel: &str) -> Option<Entry> {
        let full = format!("{}{rel}", self.prefix);
        let conflicted = index.conflicts().ok()?.flatten().any(|c| {
            [c.ancestor.as_ref(), c.our.as_ref(), c.their.as_ref()]
                .into_iter()
                .flatten()
                .any(|e| e.path == full.as_bytes())
        });
        if conflicted {
            return None;
        }
        Some(
            index
                .get_path(Path::new(&full), 0)
                .map(|e| (e.id, norm_mode(e.mode as i32))),
        )
    }

    /// The parents of commit `id` other than the first.
    pub(crate) fn other_parents(&self, id: Oid) -> Result<Vec<Oid>, Box<Problem>> {
        match self.repo.find_commit(id) {
            Ok(commit) => Ok(commit.parent_ids().skip(1).collect()),
            Err(e) => Err(git_problem("cannot read a commit", &e)),
        }
    }

    /// Whether commit `a` descends from commit `b` (git's answer; `false`
    /// when it cannot be worked out).
    pub(crate) fn descends(&self, a: Oid, b: Oid) -> bool {
        self.repo.graph_descendant_of(a, b).unwrap_or(false)
    }

    /// The commits where a shallow clone cut the history: their parents
    /// are missing.
    pub(crate) fn shallow_roots(&self) -> std::collections::HashSet<Oid> {
        if !self.repo.is_shallow() {
            return std::collections::HashSet::new();
        }
        std::fs::read_to_string(self.repo.path().join("shallow"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| Oid::from_str(l.trim()).ok())
            .collect()
    }

    /// Whether nothing is committed yet. (libgit2's `is_empty` knows only
    /// an unborn `master`: a branch born `main` or `trunk` is asked of HEAD
    /// itself — and only in a repository holding no reference at all. An
    /// orphan branch checked out beside committed history is no new
    /// repository: resolving HEAD fails, closed.)
    pub(crate) fn is_unborn(&self) -> bool {
        let no_references = self.repo.references().is_ok_and(|mut refs| refs.next().is_none());
        self.repo.is_empty().unwrap_or(false)
            || (no_references && matches!(self.repo.head(), Err(e) if e.code() == git2::ErrorCode::UnbornBranch))
    }

    /// The files of commit `id` under the ISMS root (relative to it), in
    /// the order of a walk of its tree; none when it cannot be read.
    pub(crate) fn files_at(&self, id: Oid) -> Vec<String> {
        let mut out = Vec::new();
        if let Ok(tree) = self.repo.find_commit(id).and_then(|c| c.tree()) {
            let _ = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
                let full = format!("{dir}{}", entry.name().unwrap_or(""));
                if let Some(rel) = full.strip_prefix(&self.prefix) {
                    if entry.kind() != Some(git2::ObjectType::Tree) {
                        out.push(rel.to_string());
                    }
                }
                git2::TreeWalkResult::Ok
            });
        }
        out
    }

    /// The tree of commit `id`.
    pub(crate) fn tree_id(&self, id: Oid) -> Result<Oid, Box<Problem>> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(|e| git_problem("cannot read a commit", &e))?;
        let tree = commit.tree().map_err(|e| git_problem("cannot read a tree", &e))?;
        Ok(tree.id())
    }

    /// The object at `rel` (relative to the ISMS root) in tree `tree`, as
    /// git's lookup by path finds it; `None` when absent.
    pub(crate) fn blob_at(&self, tree: Oid, rel: &str) -> Result<Option<Oid>, Box<Problem>> {
        Ok(self.blobs_at(tree, &[rel])?.pop().flatten())
    }

    /// [`Repo::blob_at`] of each of `rels`, the tree read once.
    pub(crate) fn blobs_at(&self, tree: Oid, rels: &[impl AsRef<str>]) -> Result<Vec<Option<Oid>>, Box<Problem>> {
        let tree = self
            .repo
            .find_tree(tree)
            .map_err(|e| git_problem("cannot read a tree", &e))?;
        Ok(rels
            .iter()
            .map(|rel| {
                let path = format!("{}{}", self.prefix, rel.as_ref());
                tree.get_path(Path::new(&path)).ok().map(|e| e.id())
            })
            .collect())
    }

    /// The git directory (`.git`).
    pub(crate) fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    pub(crate) fn commit_parent(&self, id: Oid) -> Option<Oid> {
        self.repo.find_commit(id).ok()?.parent_id(0).ok()
    }
}

#[cfg(test)]
#[path = "repo_tests.rs"]
mod tests;
