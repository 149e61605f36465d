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

mod cache;
mod content;
pub mod keys;
mod model;
pub mod signature;
pub mod staged;
pub mod statement;

pub use content::{Attest, audit, range, range_attested, state};
pub use model::{Approver, Attested, CommitFacts, Identity, Issue, Judgement, Report};

use crate::config::{self, Config, Resolved};
use crate::diag::{Problem, Problems};
use crate::source::SourceFile;
use git2::{Oid, Repository};
use keys::KeyRing;
use signature::Verdict;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

pub use crate::findings::catalogue::{
    AUTHOR_MISMATCH, FORGED_TRAILER, GOVERNS_NOTHING, MISSING, NO_HISTORY, SELF_APPROVAL, SIGNATURE, STALE, UNWAIVABLE,
};

/// An approval rule in force at some commit.
#[derive(Debug, Clone)]
struct Rule {
    index: Option<usize>,
    name: String,
    roles: Vec<String>,
    min: u32,
    set: globset::GlobSet,
}

/// The configuration in force at one commit: who may sign what.
pub struct Judge {
    pub config: Arc<Config>,
    pub ring: KeyRing,
    rules: Vec<Rule>,
    /// The configuration's own files (isms.toml, key files, own rules).
    own: globset::GlobSet,
}

/// The paths that make up a configuration: isms.toml, the key files its
/// people name, and the organisation's own rules folder.
pub fn own_paths(raw: &config::RawConfig) -> Vec<String> {
    let mut own = vec![config::FILE_NAME.to_string()];
    for key in raw.people.iter().flat_map(|p| p.keys.iter()) {
        let glob = globset::escape(key);
        if !keys::looks_inline(key) && !own.contains(&glob) {
            own.push(glob);
        }
    }
    if let Some(custom) = &raw.rules.custom {
        own.push(format!("{}/**", custom.trim_end_matches('/')));
    }
    own
}

impl Judge {
    fn new(config: Arc<Config>, ring: KeyRing) -> Judge {
        let raw = &config.raw;
        let mut rules: Vec<Rule> = raw
            .approvals
            .iter()
            .enumerate()
            .map(|(i, a)| Rule {
                index: Some(i),
                name: a.name.clone().unwrap_or_else(|| a.paths.join(", ")),
                roles: a.roles.clone(),
                min: a.min,
                set: crate::workspace::glob_set(&a.paths),
            })
            .collect();
        // isms.toml, the key files it names and the organisation's own rules
        // decide who may sign what: they are governed even when no rule
        // names them.
        let own = own_paths(raw);
        let uncovered: Vec<String> = own
            .iter()
            .filter(|p| {
                let probe = p.trim_end_matches("/**").to_string() + if p.ends_with("/**") { "/x.rego" } else { "" };
                !rules.iter().any(|r| r.set.is_match(&probe))
            })
            .cloned()
            .collect();
        if !uncovered.is_empty() {
            rules.push(Rule {
                index: None,
                name: "ISMS configuration (built in)".into(),
                roles: raw
                    .roles
                    .iter()
                    .filter(|(_, r)| r.top_management)
                    .map(|(id, _)| id.clone())
                    .collect(),
                min: 1,
                set: crate::workspace::glob_set(&uncovered),
            });
        }
        let own = crate::workspace::glob_set(&own);
        Judge {
            config,
            ring,
            rules,
            own,
        }
    }

    /// Whether `path` is part of the configuration itself: isms.toml, a key
    /// file it names, or the organisation's own rules.
    pub(crate) fn is_config(&self, path: &str) -> bool {
        self.own.is_match(path)
    }

    /// Whether this configuration holds the key a good signature names for
    /// `person` (an SSH `SHA256:` fingerprint or `OpenPGP key …`).
    pub(crate) fn vouches(&self, person: &str, key: &str) -> bool {
        self.ring.entries.iter().any(|e| {
            e.person == person && {
                let fp = e.key.fingerprint();
                key == fp || key.strip_prefix("OpenPGP key ") == Some(fp.as_str())
            }
        })
    }

    /// Whether a path needs approval. Approval statements never do: they
    /// count only by their own signature.
    fn governed(&self, path: &str) -> bool {
        !statement::is_statement(path) && self.rules.iter().any(|r| r.set.is_match(path))
    }

    /// Active people holding one of `roles`.
    fn eligible(&self, roles: &[String]) -> BTreeSet<String> {
        self.config
            .raw
            .people
            .iter()
            .filter(|p| p.active && p.roles.iter().any(|r| roles.contains(r)))
            .map(|p| p.id.clone())
            .collect()
    }

    fn person_by_email(&self, email: &str) -> Option<String> {
        let lower = email.to_lowercase();
        self.config
            .raw
            .people
            .iter()
            .find(|p| p.emails.iter().any(|e| e.to_lowercase() == lower))
            .map(|p| p.id.clone())
    }

    fn name_of(&self, id: &str) -> String {
        self.config
            .raw
            .people
            .iter()
            .find(|p| p.id == id)
            .map(|p| format!("{} ({id})", p.name))
            .unwrap_or_else(|| id.to_string())
    }
}

/// What a judge is built from: the blob of isms.toml and of each key file
/// it names.
type JudgeKey = (Oid, Vec<Option<Oid>>);

/// The git repository an ISMS lives in.
pub struct Repo {
    repo: Repository,
    /// The ISMS root relative to the work tree, `""` or ending in `/`.
    prefix: String,
    configs: HashMap<Oid, Arc<Config>>,
    judges: HashMap<JudgeKey, Option<Arc<Judge>>>,
    /// Configurations (isms.toml blobs) known not to parse.
    broken: std::collections::HashSet<Oid>,
    /// Configurations whose key files cannot be read.
    broken_keys: std::collections::HashSet<JudgeKey>,
    /// Signature verdicts of earlier runs, opened on first use.
    cache: Option<cache::Cache>,
}

fn git_problem(what: &str, e: &git2::Error) -> Box<Problem> {
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
        Ok(rel) => format!("{}/", rel.to_string_lossy().replace('\\', "/")),
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
            opts.pathspec(&self.prefix);
        }
        self.repo
            .statuses(Some(&mut opts))
            .map(|s| !s.is_empty())
            .unwrap_or(false)
    }

    /// Whether any of `paths` (globs relative to the ISMS root) has
    /// uncommitted changes in the work tree or the index.
    pub fn is_dirty_at(&self, paths: &[String]) -> bool {
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true).include_ignored(false);
        for p in paths {
            opts.pathspec(format!("{}{p}", self.prefix));
        }
        self.repo
            .statuses(Some(&mut opts))
            .map(|s| !s.is_empty())
            // Unknown is dirty: the working copy's knobs are then only a what-if.
            .unwrap_or(true)
    }

    /// Whether the configuration (isms.toml, key files, own rules) differs
    /// between two commits.
    pub fn config_differs(&mut self, a: &str, b: &str) -> bool {
        let (Ok(a), Ok(b)) = (Oid::from_str(a), Oid::from_str(b)) else {
            return true;
        };
        let Some(judge) = self.judge_lenient(b).or_else(|| self.judge_lenient(a)) else {
            return true;
        };
        match self.differing(Some(a), b) {
            Ok(paths) => paths.iter().any(|p| judge.is_config(p)),
            Err(_) => true,
        }
    }

    /// A file of the ISMS (relative to its root) as it is in commit `id`.
    fn read_at(&self, id: Oid, rel: &str) -> Option<String> {
        let commit = self.repo.find_commit(id).ok()?;
        let tree = commit.tree().ok()?;
        let entry = tree.get_path(Path::new(&format!("{}{rel}", self.prefix))).ok()?;
        let blob = self.repo.find_blob(entry.id()).ok()?;
        String::from_utf8(blob.content().to_vec()).ok()
    }

    /// The isms.toml of commit `id`, parsed; `None` when it has none.
    pub(crate) fn config_at(&mut self, id: Oid) -> Result<Option<Arc<Config>>, Problems> {
        Ok(self.config_entry(id)?.map(|(_, _, c)| c))
    }

    /// The tree of commit `id`, the blob of its isms.toml and that file
    /// parsed; `None` when it has no isms.toml.
    fn config_entry(&mut self, id: Oid) -> Result<Option<(Oid, Oid, Arc<Config>)>, Problems> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(|e| Problems(vec![*git_problem("cannot read a commit", &e)]))?;
        let tree = commit
            .tree()
            .map_err(|e| Problems(vec![*git_problem("cannot read a tree", &e)]))?;
        let path = format!("{}{}", self.prefix, config::FILE_NAME);
        let Ok(entry) = tree.get_path(Path::new(&path)) else {
            return Ok(None);
        };
        // Parsed once per blob, however long the history.
        let (tree_id, blob) = (tree.id(), entry.id());
        drop(entry);
        drop(tree);
        drop(commit);
        if let Some(c) = self.configs.get(&blob) {
            return Ok(Some((tree_id, blob, c.clone())));
        }
        if self.broken.contains(&blob) {
            return Err(Problems(vec![Problem::new(
                "git::bad-config",
                format!("isms.toml at commit {} is not valid", short(&id)),
            )]));
        }
        let short = short(&id);
        let text = self.read_at(id, config::FILE_NAME).unwrap_or_default();
        let file = SourceFile::new(format!("isms.toml@{short}"), text);
        let parsed = config::parse(file).map_err(|mut p| {
            self.broken.insert(blob);
            p.0.insert(
                0,
                Problem::new(
                    "git::bad-config",
                    format!("isms.toml at commit {short} is not valid; it is the configuration in force there"),
                ),
            );
            p
        })?;
        let parsed = Arc::new(parsed);
        self.configs.insert(blob, parsed.clone());
        Ok(Some((tree_id, blob, parsed)))
    }

    /// [`Repo::judge_at`] for a commit whose configuration only decides
    /// which keys a signature is checked against: a configuration that does
    /// not parse, or names a key that cannot be read, vouches for nobody
    /// (it approves nothing), rather than stopping the whole judgement.
    pub(crate) fn judge_lenient(&mut self, id: Oid) -> Option<Arc<Judge>> {
        self.judge_at(id).ok().flatten()
    }

    /// The configuration in force at commit `id` (its isms.toml and key
    /// files); `None` when the commit has no isms.toml.
    pub fn judge_at(&mut self, id: Oid) -> Result<Option<Arc<Judge>>, Problems> {
        let prefix = self.prefix.clone();
        let Some((tree_id, config_blob, config)) = self.config_entry(id)? else {
            return Ok(None);
        };
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(|e| Problems(vec![*git_problem("cannot read a tree", &e)]))?;
        let key_files: Vec<Option<Oid>> = config
            .raw
            .people
            .iter()
            .flat_map(|p| p.keys.iter())
            .filter(|k| !keys::looks_inline(k))
            .map(|k| tree.get_path(Path::new(&format!("{prefix}{k}"))).ok().map(|e| e.id()))
            .collect();
        drop(tree);
        let key = (config_blob, key_files);
        if let Some(j) = self.judges.get(&key) {
            return Ok(j.clone());
        }
        let short = short(&id);
        if self.broken_keys.contains(&key) {
            return Err(Problems(vec![Problem::new(
                "git::bad-key",
                format!("in isms.toml at commit {short}: a key cannot be read"),
            )]));
        }
        let (ring, errors) = KeyRing::build(&config.raw, |rel| self.read_at(id, rel));
        if !errors.is_empty() {
            self.broken_keys.insert(key.clone());
            return Err(Problems(
                errors
                    .into_iter()
                    .map(|e| Problem::new("git::bad-key", format!("in isms.toml at commit {short}: {}", e.message)))
                    .collect(),
            ));
        }
        let judge = Some(Arc::new(Judge::new(config, ring)));
        self.judges.insert(key, judge.clone());
        Ok(judge)
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

    /// The first parent of `id`, refusing to step past a shallow clone's cut.
    fn first_parent_checked(&self, id: Oid) -> Result<Option<Oid>, Problems> {
        if self.shallow_roots().contains(&id) {
            return Err(Problems(vec![
                Problem::new(
                    "git::shallow",
                    format!("the history is cut at commit {} by a shallow clone", short(&id)),
                )
                .help("fetch the full history: `git fetch --unshallow` (or `fetch-depth: 0` in actions/checkout)"),
            ]));
        }
        Ok(self.commit_parent(id))
    }

    /// The trust root that the configuration of commit `at` names: `None`
    /// when it names none (the whole history is judged). A commit id must be
    /// `at` or one of its ancestors. `HEAD` is the day of adoption: the
    /// oldest commit, along first parents, of the run of configurations that
    /// all say `HEAD`, when that run began with the configuration itself;
    /// a configuration changed to say `HEAD` keeps the trust root it had
    /// before (the change is judged like any other), so `HEAD` never moves.
    pub(crate) fn trust_root_of(&mut self, at: Oid) -> Result<Option<Oid>, Problems> {
        let mut at = at;
        loop {
            let Some(config) = self.config_at(at)? else {
                return Ok(None);
            };
            match config.raw.history.trust_root.as_deref() {
                None => return Ok(None),
                Some("HEAD") => {
                    let mut first = at;
                    loop {
                        let Some(parent) = self.first_parent_checked(first)? else {
                            return Ok(Some(first));
                        };
                        match self.config_at(parent)? {
                            None => return Ok(Some(first)),
                            Some(c) if c.raw.history.trust_root.as_deref() == Some("HEAD") => first = parent,
                            Some(_) => {
                                at = parent;
                                break;
                            }
                        }
                    }
                }
                Some(rev) => {
                    let root = self.resolve(rev).map_err(|p| {
                        Problems(vec![p.help(
                            "`[history] trust_root` in isms.toml names a commit that is not in this clone: fetch the full history (`fetch-depth: 0`) or correct the id",
                        )])
                    })?;
                    if root != at && !self.repo.graph_descendant_of(at, root).unwrap_or(false) {
                        return Err(Problems(vec![
                            Problem::new(
                                "git::bad-trust-root",
                                format!(
                                    "the trust root {} named by isms.toml at {} is not in that commit's history",
                                    short(&root),
                                    short(&at)
                                ),
                            )
                            .help("pin `[history] trust_root` to a commit on the history of the branch judged"),
                        ]));
                    }
                    return Ok(Some(root));
                }
            }
        }
    }

    /// Commits reachable from `head` but not from any of `hide`, oldest
    /// first (topological).
    fn walk(&self, head: Oid, hide: &[Oid]) -> Result<Vec<Oid>, Box<Problem>> {
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
    /// includes a merge taking a side's older content).
    fn diffs(&self, commit: &git2::Commit<'_>) -> Result<Diffs, Box<Problem>> {
        let tree = commit.tree().map_err(|e| git_problem("cannot read a tree", &e))?;
        let parents: Vec<Option<git2::Tree<'_>>> = if commit.parent_count() == 0 {
            vec![None]
        } else {
            let mut trees = Vec::with_capacity(commit.parent_count());
            for p in commit.parents() {
                trees.push(Some(
                    p.tree().map_err(|e| git_problem("cannot read a parent's tree", &e))?,
                ));
            }
            trees
        };
        let mut made: Option<BTreeSet<String>> = None;
        let mut touched = Vec::new();
        let mut held = BTreeMap::new();
        for (n, parent) in parents.iter().enumerate() {
            let paths = self.differing_trees(parent.as_ref(), Some(&tree))?;
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
    /// mode, link, submodule, presence) differs between two trees.
    fn differing_trees(
        &self,
        old: Option<&git2::Tree<'_>>,
        new: Option<&git2::Tree<'_>>,
    ) -> Result<BTreeMap<String, Entry>, Box<Problem>> {
        let mut opts = git2::DiffOptions::new();
        if !self.prefix.is_empty() {
            opts.pathspec(&self.prefix);
        }
        opts.include_typechange(true).ignore_submodules(false);
        let diff = self
            .repo
            .diff_tree_to_tree(old, new, Some(&mut opts))
            .map_err(|e| git_problem("cannot diff a commit", &e))?;
        let mut paths = BTreeMap::new();
        let rel = |file: &git2::DiffFile<'_>| {
            file.path()
                .and_then(|p| p.to_str())
                .and_then(|p| p.strip_prefix(&self.prefix))
                .map(String::from)
        };
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

    /// The paths whose entry differs between commit `old` (`None`: the empty
    /// tree) and commit `new`.
    pub(crate) fn differing(&self, old: Option<Oid>, new: Oid) -> Result<BTreeSet<String>, Box<Problem>> {
        let tree_of = |id: Oid| {
            self.repo
                .find_commit(id)
                .and_then(|c| c.tree())
                .map_err(|e| git_problem("cannot read a tree", &e))
        };
        let old_tree = old.map(tree_of).transpose()?;
        let new_tree = tree_of(new)?;
        Ok(self
            .differing_trees(old_tree.as_ref(), Some(&new_tree))?
            .into_keys()
            .collect())
    }

    /// The entry of a path (relative to the ISMS root) in commit `id`: the
    /// object it names and its mode; `None` when the path is absent.
    pub(crate) fn entry(&self, id: Oid, rel: &str) -> Entry {
        let commit = self.repo.find_commit(id).ok()?;
        let tree = commit.tree().ok()?;
        let entry = tree.get_path(Path::new(&format!("{}{rel}", self.prefix))).ok()?;
        Some((entry.id(), norm_mode(entry.filemode())))
    }

    /// The verified-commit cache of this repository.
    fn cache(&mut self) -> &mut cache::Cache {
        let git_dir = self.repo.path().to_path_buf();
        self.cache.get_or_insert_with(|| cache::Cache::open(&git_dir))
    }

    /// Verifies each signed commit of `work` against its ring — or takes the
    /// verdict an earlier run worked out for that commit and that exact
    /// ring — and puts the verdicts into `facts`.
    pub(crate) fn verify_cached(&mut self, facts: &mut [CommitFacts], work: Vec<(usize, Signed)>, rings: &[&KeyRing]) {
        let mut digests: HashMap<*const KeyRing, String> = HashMap::new();
        let keys: Vec<String> = rings
            .iter()
            .map(|r| {
                digests
                    .entry(std::ptr::from_ref(*r))
                    .or_insert_with(|| cache::ring_digest(r))
                    .clone()
            })
            .collect();
        let cache = self.cache();
        let mut todo_at: Vec<(usize, usize)> = Vec::new();
        let mut todo: Vec<(Signed, &KeyRing)> = Vec::new();
        for (j, ((i, signed), ring)) in work.into_iter().zip(rings.iter().copied()).enumerate() {
            let Some(fact) = facts.get_mut(i) else { continue };
            match cache.get(&fact.id, &keys[j]) {
                Some(v) => fact.signature = v,
                None => {
                    todo_at.push((i, j));
                    todo.push((signed, ring));
                }
            }
        }
        for ((i, j), verdict) in todo_at.into_iter().zip(verify_all(&todo)) {
            if let Some(fact) = facts.get_mut(i) {
                cache.put(&fact.id, &keys[j], &verdict);
                fact.signature = verdict;
            }
        }
        cache.save();
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
        let _ = tree.walk(git2::TreeWalkMode::PreOrder, |parent, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                let rel = format!("{}{parent}{}", statement::DIR, entry.name().unwrap_or(""));
                if statement::is_statement(&rel) {
                    out.push((rel, entry.id()));
                }
            }
            git2::TreeWalkResult::Ok
        });
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
    fn signed(&self, id: Oid) -> Result<Option<Signed>, Box<Problem>> {
        let odb = self
            .repo
            .odb()
            .map_err(|e| git_problem("cannot read the object database", &e))?;
        let object = odb.read(id).map_err(|e| git_problem("cannot read a commit", &e))?;
        Ok(split_signature(object.data()))
    }

    /// The facts of one commit with its signature not yet verified (the
    /// verdict says unsigned), the signature to verify when it has one, and
    /// the paths it changed. `changed` in the facts lists those of `made`
    /// that `judge` governs.
    fn facts_unverified(&self, id: Oid, judge: Option<&Judge>) -> Result<Unverified, Box<Problem>> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(|e| git_problem("cannot read a commit", &e))?;
        let identity = |sig: git2::Signature<'_>| {
            let email = sig.email().unwrap_or("").to_string();
            Identity {
                name: sig.name().unwrap_or("").to_string(),
                person: judge.and_then(|j| j.person_by_email(&email)),
                email,
            }
        };
        let signed = self.signed(id)?;
        let message = commit.message().unwrap_or("");
        let trailers = git2::message_trailers_strs(message)
            .map(|t| t.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
            .unwrap_or_default();
        let diffs = self.diffs(&commit)?;
        let changed = diffs
            .made
            .iter()
            .filter(|p| judge.is_some_and(|j| j.governed(p)))
            .cloned()
            .collect();
        Ok(Unverified {
            facts: CommitFacts {
                id: id.to_string(),
                parents: commit.parent_ids().map(|p| p.to_string()).collect(),
                author: identity(commit.author()),
                committer: identity(commit.committer()),
                time: commit.time().seconds(),
                summary: commit
                    .summary_bytes()
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default(),
                trailers,
                signature: Verdict::Unsigned,
                changed,
            },
            signed,
            diffs,
        })
    }
}

/// Splits a raw commit object into its `gpgsig` signature and the payload
/// it signs (the object without that header), as git does; `None` when the
/// headers hold no `gpgsig`.
fn split_signature(data: &[u8]) -> Option<Signed> {
    let header_len = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .map_or(data.len(), |end| end + 1);
    let mut signature = Vec::new();
    let mut payload = Vec::with_capacity(data.len());
    let (mut inside, mut found) = (false, false);
    let mut pos = 0;
    while pos < header_len {
        let end = data[pos..header_len]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(header_len, |n| pos + n + 1);
        let line = &data[pos..end];
        if !found && line.starts_with(b"gpgsig ") {
            (inside, found) = (true, true);
            signature.extend_from_slice(&line[7..]);
        } else if inside && line.starts_with(b" ") {
            signature.extend_from_slice(&line[1..]);
        } else {
            inside = false;
            payload.extend_from_slice(line);
        }
        pos = end;
    }
    payload.extend_from_slice(&data[header_len..]);
    // A signature written with its final newline leaves an empty
    // continuation line; the armour ends with exactly one newline.
    while signature.ends_with(b"\n") {
        signature.pop();
    }
    signature.push(b'\n');
    found.then_some(Signed { signature, payload })
}

/// A file mode as git compares it: a regular file is 644 or 755, whatever
/// an old tree wrote; links, submodules and folders as they are.
fn norm_mode(mode: i32) -> i32 {
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
    pub signed: Option<Signed>,
    pub diffs: Diffs,
}

/// A commit's signature and the payload it signs, read but not verified.
pub(crate) struct Signed {
    signature: Vec<u8>,
    payload: Vec<u8>,
}

/// Verifies signatures on all cores: each worker takes the next one not
/// yet taken. The verdicts come back in the order of `work`.
fn verify_all(work: &[(Signed, &KeyRing)]) -> Vec<Verdict> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(work.len() / 64 + 1);
    let verify = |(s, ring): &(Signed, &KeyRing)| signature::verify(&s.signature, &s.payload, ring);
    if workers <= 1 {
        return work.iter().map(verify).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Work is taken in blocks, so the counter is not contended.
    const BLOCK: usize = 32;
    let run = || {
        let mut done = Vec::new();
        loop {
            let start = next.fetch_add(BLOCK, std::sync::atomic::Ordering::Relaxed);
            if start >= work.len() {
                break;
            }
            let end = (start + BLOCK).min(work.len());
            done.push((start, work[start..end].iter().map(verify).collect::<Vec<_>>()));
        }
        done
    };
    let mut blocks = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers).map(|_| scope.spawn(run)).collect();
        let mut all = run();
        for h in helpers {
            match h.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    blocks.sort_by_key(|(start, _)| *start);
    blocks.into_iter().flat_map(|(_, v)| v).collect()
}

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

fn short(id: &Oid) -> String {
    short_id(&id.to_string()).to_string()
}

impl Repo {
    fn commit_parent(&self, id: Oid) -> Option<Oid> {
        self.repo.find_commit(id).ok()?.parent_id(0).ok()
    }
}

fn intersect(base: &KeyRing, now: &KeyRing) -> KeyRing {
    KeyRing {
        entries: base
            .entries
            .iter()
            .filter(|e| now.holds(&e.person, &e.key.fingerprint()))
            .cloned()
            .collect(),
    }
}

/// An attested approval by a person: (person, evidence, approved commit).
pub(crate) type Attestation = (String, String, Option<String>);

/// Attested approvals with their logins mapped to people by `judge`'s
/// configuration; logins nobody has are dropped.
fn people_of(judge: &Judge, attested: &[Attested]) -> Vec<Attestation> {
    attested
        .iter()
        .filter_map(|a| {
            let login = a.login.to_lowercase();
            judge
                .config
                .raw
                .people
                .iter()
                .find(|p| p.github.as_deref().is_some_and(|g| g.to_lowercase() == login))
                .map(|p| (p.id.clone(), a.evidence.clone(), a.commit.clone()))
        })
        .collect()
}

/// For each commit (in topological order, parents first), the indices of
/// its parents among `commits`; parents outside the walk are left out.
fn parent_indices(commits: &[CommitFacts]) -> Vec<Vec<usize>> {
    let index: HashMap<&str, usize> = commits.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
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
                    Some("a trailer counts only inside a commit signed by the person it names".into()),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {}

#[cfg(test)]
mod split_tests {
    #[test]
    fn signature_and_payload_as_git_reads_them() {
        let raw = b"tree 1\nparent 2\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\ngpgsig -----BEGIN SSH SIGNATURE-----\n U1NI\n -----END SSH SIGNATURE-----\n \n\nApprove\n\n-----BEGIN SSH SIGNATURE-----\nnot a header\n";
        let signed = super::split_signature(raw).unwrap();
        assert_eq!(
            signed.signature,
            b"-----BEGIN SSH SIGNATURE-----\nU1NI\n-----END SSH SIGNATURE-----\n"
        );
        assert_eq!(
            signed.payload,
            b"tree 1\nparent 2\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nApprove\n\n-----BEGIN SSH SIGNATURE-----\nnot a header\n"
        );
        // An armoured block in the message is no signature.
        assert!(super::split_signature(b"tree 1\n\nmsg\ngpgsig x\n").is_none());
    }
}
