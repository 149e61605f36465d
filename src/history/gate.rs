//! The gate: the judging of a repository's history. [`Gate`] owns the
//! repository (plumbing, [`Repo`]) and everything judging keeps while it
//! works: the configurations read from commits (each isms.toml blob parsed
//! once), the judges built from them (once per configuration and key
//! files), the configurations and key files known not to read, and the
//! verified-commit cache. It offers the three modes (`range`, `state`,
//! `audit`), the trust root (`trust_root`) and the commits of a walk with
//! their signatures verified (`verified`).

use super::cache::Cache;
use super::facts_cache::JudgeKey;
use super::judge::Judge;
use super::keys::{self, KeyRing};
use super::objects::short;
use super::repo::Repo;
use crate::config::{self, Config};
use crate::diag::{Problem, Problems};
use crate::source::SourceFile;
use git2::Oid;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// A repository's history as the gate judges it.
pub struct Gate {
    /// The repository: facts from git.
    pub repo: Repo,
    /// Configurations by isms.toml blob.
    configs: HashMap<Oid, Arc<Config>>,
    /// Judges by what they are built from; `None`: no configuration.
    judges: HashMap<JudgeKey, Option<Arc<Judge>>>,
    /// Configurations (isms.toml blobs) known not to parse.
    broken: HashSet<Oid>,
    /// Configurations whose key files cannot be read.
    broken_keys: HashSet<JudgeKey>,
    /// Signature verdicts of earlier runs, opened on first use.
    pub(crate) cache: Option<Cache>,
}

impl Gate {
    /// The gate of `repo`, with nothing judged yet.
    pub fn new(repo: Repo) -> Gate {
        Gate {
            repo,
            configs: HashMap::new(),
            judges: HashMap::new(),
            broken: HashSet::new(),
            broken_keys: HashSet::new(),
            cache: None,
        }
    }

    /// The gate of the repository containing `root`; `Ok(None)` when there
    /// is none.
    pub fn discover(root: &Path) -> Result<Option<Gate>, Box<Problem>> {
        Ok(Repo::discover(root)?.map(Gate::new))
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
        match self.repo.differing(Some(a), b) {
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
        let tree_id = self.repo.tree_id(id)?;
        let Some(blob) = self.repo.blob_at(tree_id, config::FILE_NAME)? else {
            return Ok(None);
        };
        // Parsed once per blob, however long the history.
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
        let text = self.repo.read_at(id, config::FILE_NAME).unwrap_or_default();
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

    /// [`Gate::judge_at`] for a commit whose configuration only decides
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
        match self.repo.facts().judge_key(&id) {
            Some(None) => return Ok(None),
            Some(Some(key)) => {
                if let Some(j) = self.judges.get(&key) {
                    return Ok(j.clone());
                }
            }
            None => {}
        }
        let Some((tree_id, config_blob, config)) = self.config_entry(id)? else {
            self.repo.facts().set_judge_key(&id, None);
            return Ok(None);
        };
        let named: Vec<&String> = config
            .raw
            .people
            .iter()
            .flat_map(|p| p.keys.iter())
            .filter(|k| !keys::looks_inline(k))
            .collect();
        let key_files = self.repo.blobs_at(tree_id, &named)?;
        let key = (config_blob, key_files);
        self.repo.facts().set_judge_key(&id, Some(&key));
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
        let (ring, errors) = KeyRing::build(&config.raw, |rel| self.repo.read_at(id, rel));
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
}
