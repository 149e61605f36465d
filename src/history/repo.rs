//! Facts from git: the repository an ISMS lives in, the commits of a walk,
//! what each commit changed under the ISMS root, and the entries of paths.

use super::facts_cache::{Fact, FactsCache, oid, raw};
use super::judge::Judge;
use super::model::{CommitFacts, Identity};
use super::signature::{Signed, Verdict};
use super::{cache, short_id, statement};
use crate::config::Config;
use crate::diag::Problem;
use git2::{Oid, Repository};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

/// What a judge is built from: the blob of isms.toml and of each key file
/// it names.
pub(crate) type JudgeKey = (Oid, Vec<Option<Oid>>);

/// The git repository an ISMS lives in.
pub struct Repo {
    pub(crate) repo: Repository,
    /// The ISMS root relative to the work tree, `""` or ending in `/`.
    pub(crate) prefix: String,
    pub(crate) configs: HashMap<Oid, Arc<Config>>,
    pub(crate) judges: HashMap<JudgeKey, Option<Arc<Judge>>>,
    /// Configurations (isms.toml blobs) known not to parse.
    pub(crate) broken: std::collections::HashSet<Oid>,
    /// Configurations whose key files cannot be read.
    pub(crate) broken_keys: std::collections::HashSet<JudgeKey>,
    /// Signature verdicts of earlier runs, opened on first use.
    pub(crate) cache: Option<cache::Cache>,
    /// Commit facts of earlier runs, opened on first use.
    pub(crate) facts: Option<FactsCache>,
    /// The entries of the trees read lately, by tree id: a path is looked
    /// up in every commit judged, and libgit2 keeps no tree larger than
    /// 4 KiB parsed (a folder of 200 documents is read again per lookup).
    trees: std::cell::RefCell<Trees>,
}

/// Trees read, in two generations: a tree is looked for in both and kept
/// in the newer; when the newer holds [`Trees::ENTRIES`] entries it becomes
/// the older and the older is dropped. Memory stays bounded on a long
/// history, while the trees of a commit and of its parent (what a walk
/// compares) are still at hand.
#[derive(Default)]
struct Trees {
    newer: HashMap<Oid, std::rc::Rc<Option<ReadTree>>>,
    older: HashMap<Oid, std::rc::Rc<Option<ReadTree>>>,
    entries: usize,
}

impl Trees {
    /// Entries held by a generation (≈ 100 bytes each).
    const ENTRIES: usize = 5_000;

    fn get(&mut self, id: &Oid) -> Option<std::rc::Rc<Option<ReadTree>>> {
        if let Some(known) = self.newer.get(id) {
            return Some(std::rc::Rc::clone(known));
        }
        let known = self.older.remove(id)?;
        self.put(*id, std::rc::Rc::clone(&known));
        Some(known)
    }

    fn put(&mut self, id: Oid, entries: std::rc::Rc<Option<ReadTree>>) {
        self.entries += entries.as_ref().as_ref().map_or(1, |t| t.entries.len());
        self.newer.insert(id, entries);
        if self.entries > Self::ENTRIES {
            self.older = std::mem::take(&mut self.newer);
            self.entries = 0;
        }
    }
}

/// A tree's entries by name: the object and the mode.
type TreeEntries = HashMap<Vec<u8>, (Oid, i32)>;

/// The code of a name that is not UTF-8.
pub(crate) const NON_UTF8: &str = "git::non-utf8-path";
/// The code of a tree git would not write or check out as it is.
pub(crate) const IRREGULAR: &str = "git::irregular-tree";

/// A tree as read: its entries by name, and the first entry that cannot be
/// judged by its path.
pub(crate) struct ReadTree {
    /// By name, UTF-8 names only: the object and the mode (as libgit2
    /// reads it). A name with a flaw maps to [`ReadTree::FLAWED`], which
    /// equals no entry a tree can hold: it differs from everything.
    entries: TreeEntries,
    /// The first entry with a flaw: its name, the code and why.
    flaw: Option<(Vec<u8>, &'static str, &'static str)>,
    /// Every name with a flaw, and why.
    flawed: HashMap<Vec<u8>, (&'static str, &'static str)>,
    /// Whether its entries are out of git's order (a lookup by halving, as
    /// libgit2's, may then miss any name of it).
    unordered: bool,
}

impl ReadTree {
    const FLAWED: (Oid, i32) = (Oid::ZERO_SHA1, 0);

    fn of(tree: &git2::Tree<'_>) -> ReadTree {
        let mut read = ReadTree {
            entries: TreeEntries::with_capacity(tree.len()),
            flaw: None,
            flawed: HashMap::new(),
            unordered: false,
        };
        let mut previous: Option<(Vec<u8>, bool)> = None;
        for e in tree.iter() {
            let name = e.name_bytes().to_vec();
            let is_tree = e.filemode_raw() == 0o040000;
            let mut flaw = if std::str::from_utf8(&name).is_err() {
                Some((NON_UTF8, "a name that is not UTF-8"))
            } else if name.is_empty()
                || name == b"."
                || name == b".."
                || name.eq_ignore_ascii_case(b".git")
                || name.contains(&b'/')
            {
                Some((IRREGULAR, "a name git refuses to check out"))
            } else if ![0o040000, 0o100644, 0o100755, 0o120000, 0o160000].contains(&e.filemode_raw()) {
                Some((IRREGULAR, "a file mode git does not write"))
            } else if read.entries.contains_key(&name) || read.flawed.contains_key(&name) {
                Some((
                    IRREGULAR,
                    "a name the tree holds twice (`git checkout` writes one, libgit2 may read the other)",
                ))
            } else {
                None
            };
            // Out of git's order (folders sort as `name/`): git's own lookup
            // by halving may miss an entry `git checkout` writes.
            if let Some((p, p_tree)) = &previous {
                if git_order(p, *p_tree, &name, is_tree) != std::cmp::Ordering::Less {
                    read.unordered = true;
                    if flaw.is_none() {
                        flaw = Some((IRREGULAR, "entries out of git's order"));
                    }
                }
            }
            previous = Some((name.clone(), is_tree));
            match flaw {
                Some(f) => {
                    if read.flaw.is_none() {
                        read.flaw = Some((name.clone(), f.0, f.1));
                    }
                    if f.0 != NON_UTF8 {
                        read.entries.insert(name.clone(), Self::FLAWED);
                    }
                    read.flawed.entry(name).or_insert(f);
                }
                None => {
                    read.entries.insert(name, (e.id(), e.filemode()));
                }
            }
        }
        read
    }

    /// Why `name` cannot be judged by its path here, if it cannot.
    fn flaw_of(&self, name: &[u8]) -> Option<(&'static str, &'static str)> {
        self.flawed.get(name).copied()
    }
}

/// Git's order of tree entries: by name, a folder's name compared as if it
/// ended in `/`.
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> std::cmp::Ordering {
    let slash = |tree: bool| if tree { &b"/"[..] } else { &b""[..] };
    a.iter().chain(slash(a_tree)).cmp(b.iter().chain(slash(b_tree)))
}

pub(crate) use crate::source::escaped;

/// An entry of a commit's tree that cannot be judged by its path: which
/// approval rule governs it, and what `git checkout` writes there, cannot
/// be told from its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flaw {
    pub code: &'static str,
    /// The entry's path in the repository, escaped.
    pub path: String,
    pub why: &'static str,
}

impl Flaw {
    fn unreadable(path: &str) -> Flaw {
        Flaw {
            code: IRREGULAR,
            path: path.trim_end_matches('/').to_string(),
            why: "a folder whose tree cannot be read",
        }
    }

    /// The problem of `commit` holding this flaw, located at the entry
    /// (relative to the ISMS root `prefix` when under it).
    pub(crate) fn problem(&self, prefix: &str, commit: Oid) -> Box<Problem> {
        let rel = self.path.strip_prefix(prefix).unwrap_or(&self.path);
        Box::new(
            Problem::new(
                self.code,
                format!(
                    "commit {} holds `{}`: {}; which approval rule governs it, and what `git checkout` writes there, cannot be told from its name, so the history is not judged",
                    short(&commit),
                    self.path,
                    self.why
                ),
            )
            .in_path(rel.to_string())
            .help(if self.code == NON_UTF8 {
                "rewrite the branch without this commit, or with the name in UTF-8 (`git mv`); on a line that cannot be rewritten, an approved change of `[history] trust_root` to a later commit takes it out of what is judged"
            } else {
                "rewrite the branch without this commit: git itself never writes such a tree (`git fsck` reports it); on a line that cannot be rewritten, an approved change of `[history] trust_root` to a later commit takes it out of what is judged"
            }),
        )
    }
}

pub(crate) fn git_problem(what: &str, e: &git2::Error) -> Box<Problem> {
    Box::new(Problem::new("git::error", format!("{what}: {}", e.message())))
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
            configs: HashMap::new(),
            judges: HashMap::new(),
            broken: std::collections::HashSet::new(),
            broken_keys: std::collections::HashSet::new(),
            cache: None,
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

    /// The paths under the ISMS root (relative to it) whose entry (blob,
    /// mode, link, submodule, presence) differs between two trees, as
    /// libgit2's diff of the ISMS's folders finds them (no pathspec: with
    /// one, even a literal one, libgit2 misses a submodule removed from a
    /// folder named `s[u]b`, where `git diff-tree` sees it). Only to test
    /// [`Repo::differing_read`].
    #[cfg(test)]
    pub(crate) fn differing_trees(
        &self,
        old: Option<&git2::Tree<'_>>,
        new: Option<&git2::Tree<'_>>,
    ) -> Result<BTreeMap<String, Entry>, Box<Problem>> {
        let folder = |tree: Option<&git2::Tree<'_>>| -> Option<git2::Tree<'_>> {
            let tree = tree?;
            if self.prefix.is_empty() {
                return self.repo.find_tree(tree.id()).ok();
            }
            let entry = tree.get_path(Path::new(self.prefix.trim_end_matches('/'))).ok()?;
            (entry.filemode() == 0o040000).then(|| self.repo.find_tree(entry.id()).ok())?
        };
        let (old, new) = (folder(old), folder(new));
        let mut opts = git2::DiffOptions::new();
        opts.include_typechange(true).ignore_submodules(false);
        let diff = self
            .repo
            .diff_tree_to_tree(old.as_ref(), new.as_ref(), Some(&mut opts))
            .map_err(|e| git_problem("cannot diff a commit", &e))?;
        let mut paths = BTreeMap::new();
        let rel = |file: &git2::DiffFile<'_>| file.path().and_then(|p| p.to_str()).map(String::from);
        for delta in diff.deltas() {
            let (was, now) = (delta.old_file(), delta.new_file());
            // The new side's entry: what the newer tree holds at the path.
            let entry = now.exists().then(|| (now.id(), norm_mode(i32::from(now.mode()))));
            if let Some(p) = rel(&was) {
                paths.entry(p).or_insert(None);
            }
            if let Some(p) = rel(&now) {
                paths.insert(p, entry);
            }
        }
        Ok(paths)
    }

    /// The differing paths between root trees `old` (`None`: empty) and
    /// `new`, from the trees read once per tree id ([`Repo::tree_entries`]):
    /// a folder whose tree id is unchanged is not opened, and the ISMS's
    /// folder is found by its literal name. The new side is judged strictly:
    /// a tree of it that differs from the old side's and holds an entry
    /// that cannot be judged by its path (a name twice, a name that is not
    /// UTF-8, a name or mode git would not check out as it is) is a
    /// [`Flaw`]. The old side (a base or a trust root, which went through
    /// the gate before, or a parent refused itself) is read leniently:
    /// such an entry there differs from whatever the new side holds.
    pub(crate) fn differing_read(&self, old: Option<Oid>, new: Oid) -> Result<BTreeMap<String, Entry>, Flaw> {
        let new = self.folder(new, true)?;
        let old = match old {
            Some(root) => self.folder(root, false)?,
            None => None,
        };
        let mut paths = BTreeMap::new();
        self.diff_read(old, new, "", &mut paths)?;
        Ok(paths)
    }

    /// The ISMS's folder in root tree `root`, by its literal name: `None`
    /// when it is not a folder there. `strict`: a folder on the way whose
    /// tree cannot be read, or that names the next folder with a flaw, is
    /// an error; otherwise the ISMS's folder is taken as absent.
    fn folder(&self, root: Oid, strict: bool) -> Result<Option<Oid>, Flaw> {
        let mut at = root;
        let mut walked = String::new();
        for name in self.prefix.split('/').filter(|n| !n.is_empty()) {
            let read = self.tree_entries(at);
            let Some(tree) = read.as_ref().as_ref() else {
                return if strict {
                    Err(Flaw::unreadable(&walked))
                } else {
                    Ok(None)
                };
            };
            let why = match tree.flaw_of(name.as_bytes()) {
                None if tree.unordered => Some((IRREGULAR, "entries out of git's order")),
                other => other,
            };
            if let Some(why) = why {
                return if strict {
                    Err(Flaw {
                        code: why.0,
                        path: format!("{walked}{name}"),
                        why: why.1,
                    })
                } else {
                    Ok(None)
                };
            }
            match tree.entries.get(name.as_bytes()) {
                Some(&(oid, 0o040000)) => at = oid,
                _ => return Ok(None),
            }
            walked.push_str(name);
            walked.push('/');
        }
        Ok(Some(at))
    }

    /// The differing entries between trees `old` and `new` (`None`: empty)
    /// at folder `at` (`""` or ending in `/`, relative to the ISMS root),
    /// into `paths` as [`Repo::differing_trees`] puts them: a path left or
    /// changed maps to the new side's entry, a path gone to `None`.
    fn diff_read(
        &self,
        old: Option<Oid>,
        new: Option<Oid>,
        at: &str,
        paths: &mut BTreeMap<String, Entry>,
    ) -> Result<(), Flaw> {
        if old == new {
            return Ok(());
        }
        let new_read = new.map(|id| self.tree_entries(id));
        let new_tree: Option<&ReadTree> = match &new_read {
            None => None,
            Some(read) => match read.as_ref() {
                Some(tree) => Some(tree),
                None => return Err(Flaw::unreadable(&format!("{}{at}", self.prefix))),
            },
        };
        if let Some((name, code, why)) = new_tree.and_then(|t| t.flaw.as_ref()) {
            return Err(Flaw {
                code,
                path: format!("{}{at}{}", self.prefix, escaped(name)),
                why,
            });
        }
        // An old tree that cannot be read is taken as empty: everything the
        // new side holds there differs from it.
        let old_read = old.map(|id| self.tree_entries(id));
        let old_tree: Option<&ReadTree> = old_read.as_ref().and_then(|r| r.as_ref().as_ref());
        let empty = TreeEntries::default();
        let old_map = old_tree.map_or(&empty, |t| &t.entries);
        let new_map = new_tree.map_or(&empty, |t| &t.entries);
        let mut names: BTreeSet<&Vec<u8>> = old_map.keys().collect();
        names.extend(new_map.keys());
        for name in names {
            let (was, now) = (old_map.get(name).copied(), new_map.get(name).copied());
            if was == now {
                continue;
            }
            // Only names that are UTF-8 are kept (see `ReadTree`).
            let Ok(name) = std::str::from_utf8(name) else { continue };
            let path = format!("{at}{name}");
            let tree = |e: Option<(Oid, i32)>| e.filter(|(_, mode)| *mode == 0o040000).map(|(oid, _)| oid);
            let (was_tree, now_tree) = (tree(was), tree(now));
            if was_tree.is_some() || now_tree.is_some() {
                self.diff_read(was_tree, now_tree, &format!("{path}/"), paths)?;
            }
            // A file (link, submodule) left or changed: the new side's entry;
            // one gone, or turned into a folder: none.
            if let Some((oid, mode)) = now.filter(|_| now_tree.is_none()) {
                paths.insert(path, Some((oid, norm_mode(mode))));
            } else if was.is_some() && was_tree.is_none() {
                paths.insert(path, None);
            }
        }
        Ok(())
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
        let commit = self.repo.find_commit(id).ok()?;
        let path = format!("{}{rel}", self.prefix);
        match self.entry_in(commit.tree_id(), &path) {
            Some(found) => found,
            // A name with a flaw on the way (held twice, say: git itself
            // refuses to write such a tree, and a commit holding one where it
            // changed is refused): looked up as git's own library does.
            None => {
                let entry = commit.tree().ok()?.get_path(Path::new(&path)).ok()?;
                Some((entry.id(), norm_mode(entry.filemode())))
            }
        }
    }

    /// [`Repo::entry`] from the trees read so far: `None` when a name on
    /// the way has a flaw.
    fn entry_in(&self, root: Oid, path: &str) -> Option<Entry> {
        let mut at = root;
        // As git's lookup by path: a trailing `/` names a folder.
        let (path, folder) = match path.strip_suffix('/') {
            Some(p) => (p, true),
            None => (path, false),
        };
        let mut names = path.split('/').peekable();
        while let Some(name) = names.next() {
            let read = self.tree_entries(at);
            let Some(tree) = read.as_ref().as_ref() else {
                return Some(None);
            };
            if tree.flaw_of(name.as_bytes()).is_some() {
                return None;
            }
            let Some(&(oid, mode)) = tree.entries.get(name.as_bytes()) else {
                return Some(None);
            };
            if names.peek().is_none() {
                return Some((!folder || mode == 0o040000).then_some((oid, norm_mode(mode))));
            }
            if mode != 0o040000 {
                return Some(None);
            }
            at = oid;
        }
        Some(None)
    }

    /// The entries of tree `id`, read once; `None` inside when it cannot be
    /// read.
    fn tree_entries(&self, id: Oid) -> std::rc::Rc<Option<ReadTree>> {
        if let Some(known) = self.trees.borrow_mut().get(&id) {
            return known;
        }
        let read = std::rc::Rc::new(self.repo.find_tree(id).ok().map(|tree| ReadTree::of(&tree)));
        self.trees.borrow_mut().put(id, std::rc::Rc::clone(&read));
        read
    }

    /// The approval statement files in the tree of `commit`: (path relative
    /// to the ISMS root, blob).
    pub(crate) fn statement_files(&self, commit: Oid) -> Vec<(String, Oid)> {
        let dir = format!("{}{}", self.prefix, statement::DIR);
        let Some(tree) = self
            .repo
            .find_commit(commit)
            .ok()
            .and_then(|c| c.tree().ok())
            .and_then(|t| t.get_path(Path::new(dir.trim_end_matches('/'))).ok())
            .and_then(|e| e.to_object(&self.repo).ok())
            .and_then(|o| o.into_tree().ok())
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, oid) in self.blobs_under(tree.id()) {
            // A name that is not UTF-8 names no statement (and a commit
            // holding one is refused where it changed).
            let Ok(name) = String::from_utf8(name) else { continue };
            let rel = format!("{}{name}", statement::DIR);
            if statement::is_statement(&rel) {
                out.push((rel, oid));
            }
        }
        out
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

    /// Which of the statements `wanted` (by what was signed, see
    /// [`statement::Id`]) any commit reachable from `from` held in its
    /// statements folder, under any name and in any encoding; `id_of`
    /// identifies a statement blob. Each distinct folder is read once; the
    /// walk stops when all are found.
    pub(crate) fn statements_in_history(
        &self,
        from: Oid,
        wanted: &foldhash::HashSet<statement::Id>,
        id_of: &mut dyn FnMut(Oid) -> statement::Id,
    ) -> Result<std::collections::HashSet<statement::Id>, Box<Problem>> {
        let mut found = std::collections::HashSet::new();
        if wanted.is_empty() {
            return Ok(found);
        }
        let dir = format!("{}{}", self.prefix, statement::DIR);
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
            // Every blob, whatever its name: a used statement is used under
            // any name.
            let blobs: Vec<Oid> = self
                .blobs_under(folder.id())
                .into_iter()
                .map(|(_, blob)| blob)
                .filter(|blob| blobs_read.insert(*blob))
                .collect();
            for blob in blobs {
                let id = id_of(blob);
                if wanted.contains(&id) {
                    found.insert(id);
                }
            }
            if found.len() == wanted.len() {
                break;
            }
        }
        Ok(found)
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
        Ok(super::signature::split_signature(object.data()))
    }

    /// The facts of one commit with its signature not yet verified (the
    /// verdict says unsigned), whether it has a signature to verify, and
    /// the paths it changed — from the commit-facts cache when an earlier
    /// run read them. `changed` in the facts lists those of `made` that
    /// `judge` governs.
    pub(crate) fn facts_unverified(&mut self, id: Oid, judge: Option<&Judge>) -> Result<Unverified, Box<Problem>> {
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
            person: judge.and_then(|j| j.person_by_email(email)),
            name: name.clone(),
            email: email.clone(),
        };
        let changed = diffs
            .made
            .iter()
            .filter(|p| judge.is_some_and(|j| j.governed(p)))
            .cloned()
            .collect();
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
                changed,
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
            signed: super::signature::split_signature(commit.raw_header_bytes()).is_some(),
            made: diffs.made.clone(),
            touched: diffs.touched.clone(),
            held: Fact::held_of(&diffs).ok_or_else(unsupported)?,
            judge: None,
        };
        Ok((fact, diffs))
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

    pub(crate) fn commit_parent(&self, id: Oid) -> Option<Oid> {
        self.repo.find_commit(id).ok()?.parent_id(0).ok()
    }
}

/// A file mode as git compares it: a regular file is 644 or 755, whatever
/// an old tree wrote; links, submodules and folders as they are.
pub(crate) fn norm_mode(mode: i32) -> i32 {
    if mode & 0o170000 == 0o100000 {
        if mode & 0o111 != 0 { 0o100755 } else { 0o100644 }
    } else {
        mode
    }
}

/// The entry of a path in a tree: the object and the mode; `None` when
/// absent.
pub(crate) type Entry = Option<(Oid, i32)>;

/// What a commit changed under the ISMS root (see [`Repo::diffs`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Diffs {
    pub made: Vec<String>,
    pub touched: Vec<String>,
    /// The commit's own entry at each path of `made` and `touched`, known
    /// from the diffs without a tree lookup.
    pub held: BTreeMap<String, Entry>,
}

/// A commit read but not verified.
pub(crate) struct Unverified {
    pub facts: CommitFacts,
    /// Whether the commit carries a signature (read it with `Repo::signed`).
    pub signed: bool,
    pub diffs: Diffs,
}

/// A commit id as git writes it (40 lowercase hex digits), without the
/// formatting machinery `to_string` goes through (an audit writes one per
/// commit and parent).
pub(crate) fn hex(id: &Oid) -> String {
    let mut out = [0u8; 40];
    match ::hex::encode_to_slice(id.as_bytes(), &mut out) {
        Ok(()) => String::from_utf8_lossy(&out).into_owned(),
        Err(_) => id.to_string(),
    }
}

pub(crate) fn short(id: &Oid) -> String {
    short_id(&id.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    /// The repository at `path` with the ISMS at `prefix`, no cache.
    fn opened(path: &std::path::Path, prefix: impl Into<String>) -> super::Repo {
        super::Repo {
            repo: git2::Repository::open(path).unwrap(),
            prefix: prefix.into(),
            configs: Default::default(),
            judges: Default::default(),
            broken: Default::default(),
            broken_keys: Default::default(),
            cache: None,
            facts: None,
            trees: Default::default(),
        }
    }

    /// `Repo::entry` reads trees once and walks them itself; what it finds
    /// at a path is what `git rev-parse COMMIT:PATH` (and `git ls-tree`'s
    /// mode) finds, for files, folders, executables, symbolic links, a
    /// trailing `/`, paths through a file, absent paths and odd spellings,
    /// from the repository's root and from an ISMS in a subfolder.
    #[test]
    fn an_entry_is_what_git_finds_at_the_path() {
        use std::process::Command;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let git = |args: &[&str]| {
            let out = Command::new("git")
                .args([
                    "-c",
                    "user.name=t",
                    "-c",
                    "user.email=t@example.com",
                    "-c",
                    "commit.gpgsign=false",
                ])
                .args(args)
                .current_dir(root)
                .output()
                .unwrap();
            (
                out.status.success(),
                String::from_utf8_lossy(&out.stdout).trim().to_string(),
            )
        };
        assert!(git(&["init", "-q"]).0);
        for (path, text) in [
            ("isms/isms.toml", "x"),
            ("isms/docs/policy.md", "p"),
            ("isms/docs/deep/er/note.md", "n"),
            ("isms/run.sh", "#!/bin/sh"),
            ("top.txt", "t"),
        ] {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            std::fs::write(root.join(path), text).unwrap();
        }
        std::os::unix::fs::symlink("docs/policy.md", root.join("isms/link.md")).unwrap();
        assert!(git(&["add", "-A"]).0);
        assert!(git(&["update-index", "--chmod=+x", "isms/run.sh"]).0);
        assert!(git(&["commit", "-qm", "one"]).0);
        let head = git(&["rev-parse", "HEAD"]).1;
        let id = git2::Oid::from_str(&head).unwrap();
        for prefix in ["", "isms/"] {
            let repo = opened(root, prefix.to_string());
            for rel in [
                "isms.toml",
                "docs/policy.md",
                "docs/deep/er/note.md",
                "docs",
                "docs/",
                "docs/deep/",
                "docs/policy.md/",
                "docs/policy.md/x",
                "run.sh",
                "link.md",
                "missing.md",
                "docs/missing/x.md",
                "isms/isms.toml",
                "top.txt",
                "",
                "Docs/policy.md",
            ] {
                let full = format!("{prefix}{rel}");
                let (found, object) = git(&["rev-parse", "--verify", "-q", &format!("{head}:{full}")]);
                // `HEAD:` is the root tree to git; no entry names it.
                let expected = (found && !full.is_empty()).then(|| {
                    let listed = git(&["ls-tree", &head, full.trim_end_matches('/')]).1;
                    let mode = i32::from_str_radix(listed.split(' ').next().unwrap(), 8).unwrap();
                    (git2::Oid::from_str(&object).unwrap(), super::norm_mode(mode))
                });
                assert_eq!(repo.entry(id, rel), expected, "{full:?}");
                // Asked again: the same, from the trees already read.
                assert_eq!(repo.entry(id, rel), expected, "{full:?} again");
            }
        }
    }

    /// A tree naming one entry twice (written with `git hash-object
    /// --literally`; git itself refuses to) is looked up as libgit2's
    /// own path lookup does, as it was before trees were read once.
    #[test]
    fn a_tree_naming_an_entry_twice_is_looked_up_as_libgit2_does() {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let a = repo.blob(b"approved").unwrap();
        let b = repo.blob(b"changed").unwrap();
        let mut raw = Vec::new();
        for blob in [a, b] {
            raw.extend_from_slice(b"100644 policy.md\0");
            raw.extend_from_slice(blob.as_bytes());
        }
        let mut child = Command::new("git")
            .args(["hash-object", "-t", "tree", "--literally", "-w", "--stdin"])
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&raw).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let tree = git2::Oid::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap();
        let signature = git2::Signature::now("t", "t@example.com").unwrap();
        let tree_object = repo.find_tree(tree).unwrap();
        assert_eq!(tree_object.len(), 2);
        let commit = repo
            .commit(None, &signature, &signature, "twice", &tree_object, &[])
            .unwrap();
        let expected = tree_object
            .get_path(std::path::Path::new("policy.md"))
            .map(|e| (e.id(), super::norm_mode(e.filemode())))
            .ok();
        assert!(expected.is_some());
        let repo = opened(dir.path(), String::new());
        assert_eq!(repo.entry(commit, "policy.md"), expected);
        assert_eq!(repo.entry(commit, "policy.md"), expected, "again");
    }

    /// An entry of a tree as written: mode, name, object.
    type Literal<'a> = (&'a str, &'a [u8], git2::Oid);

    /// A tree of exactly `entries` (mode, name, object), in this order,
    /// written with `git hash-object --literally` (git itself refuses to).
    fn literal_tree(dir: &std::path::Path, entries: &[Literal<'_>]) -> git2::Oid {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let mut raw = Vec::new();
        for (mode, name, oid) in entries {
            raw.extend_from_slice(mode.as_bytes());
            raw.push(b' ');
            raw.extend_from_slice(name);
            raw.push(0);
            raw.extend_from_slice(oid.as_bytes());
        }
        let mut child = Command::new("git")
            .args(["hash-object", "-t", "tree", "--literally", "-w", "--stdin"])
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&raw).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        git2::Oid::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap()
    }

    /// A tree git would not write is a flaw where it is the new side of a
    /// difference (located at the entry, with its code), and differs from
    /// everything where it is the old side; inside the ISMS's folder and on
    /// the way to it.
    #[test]
    fn an_irregular_tree_is_a_flaw_on_the_new_side_and_differs_on_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let git = git2::Repository::init(dir.path()).unwrap();
        let a = git.blob(b"approved").unwrap();
        let b = git.blob(b"changed").unwrap();
        let regular = literal_tree(dir.path(), &[("100644", b"a.md", a), ("100644", b"p.md", a)]);
        let cases: Vec<(&str, Vec<Literal<'_>>, &str, &str)> = vec![
            (
                "twice",
                vec![("100644", b"a.md", a), ("100644", b"p.md", a), ("100644", b"p.md", b)],
                super::IRREGULAR,
                "p.md",
            ),
            (
                "mode",
                vec![("100644", b"a.md", a), ("100664", b"p.md", a)],
                super::IRREGULAR,
                "p.md",
            ),
            (
                "dot dot",
                vec![("100644", b"..", b), ("100644", b"a.md", a), ("100644", b"p.md", a)],
                super::IRREGULAR,
                "..",
            ),
            (
                "dot git",
                vec![("100644", b".Git", b), ("100644", b"a.md", a), ("100644", b"p.md", a)],
                super::IRREGULAR,
                ".Git",
            ),
            (
                "slash",
                vec![("100644", b"a.md", a), ("100644", b"p.md", a), ("100644", b"p.md/x", b)],
                super::IRREGULAR,
                "p.md/x",
            ),
            (
                "order",
                vec![("100644", b"p.md", b), ("100644", b"a.md", a)],
                super::IRREGULAR,
                "a.md",
            ),
            (
                "utf-8",
                vec![
                    ("100644", b"a.md", a),
                    ("100644", b"p.md", a),
                    ("100644", b"q\xe9.md", b),
                ],
                super::NON_UTF8,
                "q\\xe9.md",
            ),
        ];
        for (what, entries, code, name) in cases {
            let flawed = literal_tree(dir.path(), &entries);
            for prefix in ["", "isms/"] {
                let (old, new) = if prefix.is_empty() {
                    (regular, flawed)
                } else {
                    (
                        literal_tree(dir.path(), &[("40000", b"isms", regular)]),
                        literal_tree(dir.path(), &[("40000", b"isms", flawed)]),
                    )
                };
                let repo = opened(dir.path(), prefix);
                let flaw = repo.differing_read(Some(old), new).unwrap_err();
                assert_eq!(
                    (flaw.code, flaw.path.as_str()),
                    (code, format!("{prefix}{name}").as_str()),
                    "{what}"
                );
                // As the old side: whatever has a flaw differs.
                let back = repo.differing_read(Some(new), old).unwrap();
                if code == super::NON_UTF8 {
                    // A name that is not UTF-8, gone: nothing can name it.
                    assert!(back.is_empty(), "{what}: {back:?}");
                } else {
                    assert!(back.contains_key(name), "{what}: {back:?}");
                }
            }
        }
        // On the way to the ISMS's folder: its name twice.
        let twice = literal_tree(dir.path(), &[("40000", b"isms", regular), ("40000", b"isms", regular)]);
        let repo = opened(dir.path(), "isms/");
        let flaw = repo.differing_read(None, twice).unwrap_err();
        assert_eq!((flaw.code, flaw.path.as_str()), (super::IRREGULAR, "isms"));
    }

    /// The differences between two commits' trees read from the trees kept
    /// once per id are libgit2's diff's, path for path and entry for entry:
    /// on random histories of nested folders, executables, links and
    /// submodules, files turned into folders and back, from the root and
    /// from an ISMS in a subfolder (which may itself turn into a file).
    #[test]
    fn differences_read_from_kept_trees_are_libgit2s() {
        let dir = tempfile::tempdir().unwrap();
        let git = git2::Repository::init(dir.path()).unwrap();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        // A random tree: up to `depth` levels of folders.
        fn build(git: &git2::Repository, next: &mut dyn FnMut(u64) -> u64, depth: u32) -> git2::Oid {
            let mut builder = git.treebuilder(None).unwrap();
            for _ in 0..next(5) + 1 {
                let name = ["a", "b", "c", "sub", "d.md", "e", "s[u]b", "s?b", "*"][next(9) as usize];
                match next(8) {
                    0 if depth > 0 => {
                        let tree = build(git, next, depth - 1);
                        builder.insert(name, tree, 0o040000).unwrap();
                    }
                    1 => {
                        let blob = git.blob(format!("{}", next(3)).as_bytes()).unwrap();
                        builder.insert(name, blob, 0o100755).unwrap();
                    }
                    2 => {
                        let blob = git.blob(b"target").unwrap();
                        builder.insert(name, blob, 0o120000).unwrap();
                    }
                    3 => {
                        let commit = git2::Oid::from_str(&format!("{:040x}", next(3) + 1)).unwrap();
                        builder.insert(name, commit, 0o160000).unwrap();
                    }
                    _ => {
                        let blob = git.blob(format!("{}", next(3)).as_bytes()).unwrap();
                        builder.insert(name, blob, 0o100644).unwrap();
                    }
                }
            }
            builder.write().unwrap()
        }
        let trees: Vec<git2::Oid> = (0..40).map(|_| build(&git, &mut next, 3)).collect();
        let mut compared = 0;
        // Folder names git would read as patterns are read literally: `s[u]b`
        // is not `sub`, nor `*` everything.
        for prefix in ["", "sub/", "sub/sub/", "s[u]b/", "s?b/", "*/", "sub/s[u]b/"] {
            let repo = opened(dir.path(), prefix.to_string());
            for (i, &new) in trees.iter().enumerate() {
                for old in [
                    None,
                    Some(trees[(i + 1) % trees.len()]),
                    Some(trees[(i * 7 + 3) % trees.len()]),
                ] {
                    let old_tree = old.map(|o| repo.repo.find_tree(o).unwrap());
                    let new_tree = repo.repo.find_tree(new).unwrap();
                    let expected = repo.differing_trees(old_tree.as_ref(), Some(&new_tree)).unwrap();
                    let read = repo.differing_read(old, new).expect("regular trees are read");
                    assert_eq!(read, expected, "prefix {prefix:?}, {old:?} -> {new}");
                    compared += expected.len();
                }
            }
        }
        assert!(compared > 500, "{compared} differences compared");
    }

    #[test]
    fn hex_writes_an_id_as_git_does() {
        for text in [
            "0000000000000000000000000000000000000000",
            "ff00a1b2c3d4e5f60718293a4b5c6d7e8f90abcd",
        ] {
            let id = git2::Oid::from_str(text).unwrap();
            assert_eq!(super::hex(&id), text);
            assert_eq!(super::hex(&id), id.to_string());
        }
    }
}
