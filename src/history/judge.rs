//! The configuration in force at a commit: who may sign what (the approval
//! rules, the configuration's own files, the key ring), read from the
//! isms.toml and key files of that commit, and the trust root it names.

use super::keys::{self, KeyRing};
use super::repo::{Repo, git_problem, short};
use super::{Attested, statement};
use crate::config::{self, Config};
use crate::diag::{Problem, Problems};
use crate::source::SourceFile;
use git2::Oid;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// An approval rule in force at some commit.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) index: Option<usize>,
    pub(crate) name: String,
    pub(crate) roles: Vec<String>,
    pub(crate) min: u32,
    pub(crate) set: globset::GlobSet,
    /// The active people holding one of `roles`.
    pub(crate) eligible: BTreeSet<String>,
}

/// The configuration in force at one commit: who may sign what.
pub struct Judge {
    pub config: Arc<Config>,
    pub ring: KeyRing,
    pub(crate) rules: Vec<Rule>,
    /// The configuration's own files (isms.toml, key files, own rules).
    pub(crate) own: globset::GlobSet,
    /// Each e-mail address in lower case → the first person listing it.
    by_email: foldhash::HashMap<String, String>,
    /// Per path, as worked out so far: the rules covering it.
    covering: std::sync::Mutex<foldhash::HashMap<String, Covering>>,
}

/// The rules covering one path, and the active people holding a role one
/// of them names.
pub(crate) struct Covering {
    pub(crate) rules: Vec<usize>,
    pub(crate) eligible: BTreeSet<String>,
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

/// The active people holding one of `roles`.
fn eligible(raw: &config::RawConfig, roles: &[String]) -> BTreeSet<String> {
    raw.people
        .iter()
        .filter(|p| p.active && p.roles.iter().any(|r| roles.contains(r)))
        .map(|p| p.id.clone())
        .collect()
}

impl Judge {
    pub(crate) fn new(config: Arc<Config>, ring: KeyRing) -> Judge {
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
                eligible: eligible(raw, &a.roles),
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
            let roles: Vec<String> = raw
                .roles
                .iter()
                .filter(|(_, r)| r.top_management)
                .map(|(id, _)| id.clone())
                .collect();
            rules.push(Rule {
                index: None,
                name: "ISMS configuration (built in)".into(),
                eligible: eligible(raw, &roles),
                roles,
                min: 1,
                set: crate::workspace::glob_set(&uncovered),
            });
        }
        let own = crate::workspace::glob_set(&own);
        let mut by_email = foldhash::HashMap::default();
        for p in &raw.people {
            for e in &p.emails {
                by_email.entry(e.to_lowercase()).or_insert_with(|| p.id.clone());
            }
        }
        Judge {
            config,
            ring,
            rules,
            own,
            by_email,
            covering: Default::default(),
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
                let fp = e.fingerprint.as_str();
                key == fp || key.strip_prefix("OpenPGP key ") == Some(fp)
            }
        })
    }

    /// Whether a path needs approval. Approval statements and emergency
    /// declarations never do: they count only by their own signature.
    pub(crate) fn governed(&self, path: &str) -> bool {
        !statement::is_statement(path)
            && !super::emergency::is_declaration(path)
            && self.covering(path, |c| !c.rules.is_empty())
    }

    /// `with` of the rules covering `path` (worked out once per path).
    pub(crate) fn covering<T>(&self, path: &str, with: impl FnOnce(&Covering) -> T) -> T {
        let Ok(mut known) = self.covering.lock() else {
            return with(&self.cover(path));
        };
        if let Some(c) = known.get(path) {
            return with(c);
        }
        let c = known.entry(path.to_string()).or_insert_with(|| self.cover(path));
        with(c)
    }

    fn cover(&self, path: &str) -> Covering {
        let rules: Vec<usize> = (0..self.rules.len())
            .filter(|&i| self.rules[i].set.is_match(path))
            .collect();
        let eligible = rules
            .iter()
            .flat_map(|&i| self.rules[i].eligible.iter().cloned())
            .collect();
        Covering { rules, eligible }
    }

    pub(crate) fn person_by_email(&self, email: &str) -> Option<String> {
        self.by_email.get(&email.to_lowercase()).cloned()
    }

    pub(crate) fn name_of(&self, id: &str) -> String {
        self.config
            .raw
            .people
            .iter()
            .find(|p| p.id == id)
            .map(|p| format!("{} ({id})", p.name))
            .unwrap_or_else(|| id.to_string())
    }
}

impl Repo {
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

    /// The isms.toml of commit `id`, parsed; `None` when it has none.
    pub(crate) fn config_at(&mut self, id: Oid) -> Result<Option<Arc<Config>>, Problems> {
        Ok(self.config_entry(id)?.map(|(_, _, c)| c))
    }

    /// The tree of commit `id`, the blob of its isms.toml and that file
    /// parsed; `None` when it has no isms.toml.
    pub(crate) fn config_entry(&mut self, id: Oid) -> Result<Option<(Oid, Oid, Arc<Config>)>, Problems> {
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
        // What an earlier run found this commit's configuration to be made
        // of, when a judge of exactly that is at hand.
        match self.facts().judge_key(&id) {
            Some(None) => return Ok(None),
            Some(Some(key)) => {
                if let Some(j) = self.judges.get(&key) {
                    return Ok(j.clone());
                }
            }
            None => {}
        }
        let prefix = self.prefix.clone();
        let Some((tree_id, config_blob, config)) = self.config_entry(id)? else {
            self.facts().set_judge_key(&id, None);
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
        self.facts().set_judge_key(&id, Some(&key));
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
    pub(crate) fn first_parent_checked(&self, id: Oid) -> Result<Option<Oid>, Problems> {
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
        let mut hops = 0;
        loop {
            let Some(config) = self.config_at(at)? else {
                return Ok(None);
            };
            match config.raw.history.trust_root.as_deref() {
                None => return Ok(None),
                Some("HEAD") => {
                    let mut first = at;
                    let mut run = vec![at];
                    let adopted = loop {
                        let Some(parent) = self.first_parent_checked(first)? else {
                            break true;
                        };
                        match self.config_at(parent)? {
                            None => break true,
                            Some(c) if c.raw.history.trust_root.as_deref() == Some("HEAD") => {
                                first = parent;
                                run.push(parent);
                            }
                            Some(_) => {
                                at = parent;
                                break false;
                            }
                        }
                    };
                    if !adopted {
                        continue;
                    }
                    // The run began at `first`: it adopted the configuration
                    // only if no merge of the run brought in a configuration
                    // from a line that does not descend from it. A merge
                    // whose first parent had none and that brought in one
                    // configured line (adopting through a merged branch, or
                    // a commit without isms.toml made the first parent of a
                    // merge with main) takes that line's trust root. Two
                    // lines that each adopted isms.toml (a new parentless
                    // commit merged with main, either parent first) leave
                    // the trust root in doubt: refused.
                    hops += 1;
                    let others = self.configured_elsewhere(&run, first)?;
                    let merged_in = match others.as_slice() {
                        [] => return Ok(Some(first)),
                        [(c, p)] if *c == first && hops <= 16 => Some(*p),
                        _ => None,
                    };
                    match merged_in {
                        Some(p) => at = p,
                        None => {
                            let (c, p) = others.first().copied().unwrap_or((first, first));
                            return Err(Problems(vec![
                                Problem::new(
                                    "git::bad-trust-root",
                                    format!(
                                        "`trust_root = \"HEAD\"` names no single commit that adopted isms.toml: {} began one line of configurations, and merge {} brought in {}, whose line holds another",
                                        short(&first),
                                        short(&c),
                                        short(&p)
                                    ),
                                )
                                .help("a commit that came later never becomes the trust root; pin `[history] trust_root` to the commit that adopted isms.toml, in an approved change"),
                            ]));
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
}

impl Repo {
    /// The parents, other than the first, of the commits of `run` (a
    /// first-parent run of configurations saying `HEAD` that began at
    /// `first`) that hold a configuration and do not descend from `first`,
    /// each with the commit of the run that merged it.
    fn configured_elsewhere(&mut self, run: &[Oid], first: Oid) -> Result<Vec<(Oid, Oid)>, Problems> {
        let on_run: std::collections::HashSet<Oid> = run.iter().copied().collect();
        let mut out = Vec::new();
        for &c in run.iter().rev() {
            let parents: Vec<Oid> = match self.repo.find_commit(c) {
                Ok(commit) => commit.parent_ids().skip(1).collect(),
                Err(e) => return Err(Problems(vec![*git_problem("cannot read a commit", &e)])),
            };
            for p in parents {
                if self.config_at(p)?.is_none() {
                    continue;
                }
                if c == first || !self.descends_from(p, first, &on_run) {
                    out.push((c, p));
                }
            }
        }
        Ok(out)
    }

    /// Whether `p` descends from `first`: its first-parent line reaches a
    /// commit of the run (all of which do), else git's answer.
    fn descends_from(&mut self, p: Oid, first: Oid, on_run: &std::collections::HashSet<Oid>) -> bool {
        let mut at = p;
        for _ in 0..10_000 {
            if on_run.contains(&at) {
                return true;
            }
            match self.first_parent(at) {
                Some(parent) => at = parent,
                None => break,
            }
        }
        self.repo.graph_descendant_of(p, first).unwrap_or(false)
    }
}

pub(crate) fn intersect(base: &KeyRing, now: &KeyRing) -> KeyRing {
    KeyRing {
        entries: base
            .entries
            .iter()
            .filter(|e| now.holds(&e.person, &e.fingerprint))
            .cloned()
            .collect(),
    }
}

/// An attested approval by a person: (person, evidence, approved commit).
pub(crate) type Attestation = (String, String, Option<String>);

/// Attested approvals with their logins mapped to people by `judge`'s
/// configuration; logins nobody has are dropped.
pub(crate) fn people_of(judge: &Judge, attested: &[Attested]) -> Vec<Attestation> {
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
