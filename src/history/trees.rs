//! Trees as read: each tree's entries read once per tree id (libgit2 keeps
//! no large tree parsed), the entries that cannot be judged by their path
//! ([`Flaw`]), and what differs between two trees under the ISMS root.

use super::objects::{Entry, norm_mode, short};
use crate::diag::Problem;
use crate::source::escaped;
use git2::{Oid, Repository};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// Trees read, in two generations: a tree is looked for in both and kept
/// in the newer; when the newer holds [`Trees::ENTRIES`] entries it becomes
/// the older and the older is dropped. Memory stays bounded on a long
/// history, while the trees of a commit and of its parent (what a walk
/// compares) are still at hand.
#[derive(Default)]
pub(crate) struct Trees {
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
        // Names as a case-insensitive checkout (macOS, Windows) sees them.
        let mut folded: std::collections::HashSet<String> = std::collections::HashSet::new();
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
            } else if std::str::from_utf8(&name).is_ok_and(|n| !folded.insert(n.to_lowercase())) {
                Some((
                    IRREGULAR,
                    "a name another entry differs from only in case (a case-insensitive checkout writes one over the other)",
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

/// The trees of a repository as read for an ISMS at `prefix`.
pub(crate) struct TreeView<'a> {
    pub(crate) repo: &'a Repository,
    /// The ISMS root relative to the work tree, `""` or ending in `/`.
    pub(crate) prefix: &'a str,
    pub(crate) trees: &'a RefCell<Trees>,
}

impl TreeView<'_> {
    /// The paths under the ISMS root (relative to it) whose entry (blob,
    /// mode, link, submodule, presence) differs between two trees, as
    /// libgit2's diff of the ISMS's folders finds them (no pathspec: with
    /// one, even a literal one, libgit2 misses a submodule removed from a
    /// folder named `s[u]b`, where `git diff-tree` sees it). Only to test
    /// [`TreeView::differing_read`].
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
            .map_err(|e| super::objects::git_problem("cannot diff a commit", &e))?;
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
    /// `new`, from the trees read once per tree id ([`TreeView::tree_entries`]):
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
    /// into `paths` as [`TreeView::differing_trees`] puts them: a path left or
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

    /// [`TreeView::entry`] from the trees read so far: `None` when a name on
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
}
