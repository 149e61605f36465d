//! The commit-facts cache: what a commit is, read once from git and kept
//! under the repository's git directory (`.git/isms/facts`) — its parents,
//! author and committer, time, summary, trailers, whether it carries a
//! signature, and the paths under the ISMS root it changed with the entries
//! it holds there. A warm audit then reads no commit object or tree again.
//!
//! Every fact is a function of the commit id alone (the id is a hash of the
//! commit object, which names its parents and its tree by hash) and of the
//! ISMS's place in the repository, which the file's header names with the
//! tool's version: a cache for another place, version or format is
//! ignored and rebuilt. Who a person is, which paths are governed and
//! whether a signature verifies are judged afresh on every run; nothing a
//! branch can write changes what the cache says about another commit.

use super::Diffs;
use git2::Oid;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a commit is, as git records it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Fact {
    pub parents: Vec<String>,
    /// (name, e-mail)
    pub author: (String, String),
    pub committer: (String, String),
    pub time: i64,
    pub summary: String,
    pub trailers: Vec<(String, String)>,
    /// Whether the commit carries a `gpgsig` header.
    pub signed: bool,
    pub made: Vec<String>,
    pub touched: Vec<String>,
    /// The commit's entry at each path of `made` and `touched`: (object,
    /// mode), `None` where the path is absent.
    pub held: Vec<(String, Option<(String, i32)>)>,
}

impl Fact {
    /// The diffs recorded in the fact; `None` when an object id in it does
    /// not parse (a damaged line: the commit is read from git again).
    pub fn diffs(&self) -> Option<Diffs> {
        let mut held = std::collections::BTreeMap::new();
        for (path, entry) in &self.held {
            let entry = match entry {
                Some((id, mode)) => Some((Oid::from_str(id).ok()?, *mode)),
                None => None,
            };
            held.insert(path.clone(), entry);
        }
        Some(Diffs {
            made: self.made.clone(),
            touched: self.touched.clone(),
            held,
        })
    }

    /// The fact of a diff, for keeping.
    pub fn held_of(diffs: &Diffs) -> Vec<(String, Option<(String, i32)>)> {
        diffs
            .held
            .iter()
            .map(|(p, e)| (p.clone(), e.map(|(id, mode)| (id.to_string(), mode))))
            .collect()
    }
}

/// The facts of one repository's commits, for one place of the ISMS in it.
#[derive(Default)]
pub(crate) struct FactsCache {
    file: Option<PathBuf>,
    header: String,
    entries: HashMap<String, Fact>,
    changed: bool,
}

impl FactsCache {
    /// Reads the cache of the repository whose git directory is `git_dir`,
    /// for an ISMS at `prefix`; `ISMS_NO_CACHE` set means none. A line
    /// that cannot be read is left out (and read from git again).
    pub fn open(git_dir: &Path, prefix: &str) -> FactsCache {
        let header = format!(
            "isms-facts-cache v1 isms {} prefix {prefix:?}",
            env!("CARGO_PKG_VERSION")
        );
        if std::env::var_os("ISMS_NO_CACHE").is_some() {
            return FactsCache::default();
        }
        let file = git_dir.join("isms").join("facts");
        let mut cache = FactsCache {
            file: Some(file.clone()),
            header,
            ..FactsCache::default()
        };
        let Ok(text) = std::fs::read_to_string(&file) else {
            return cache;
        };
        let mut lines = text.lines();
        if lines.next() != Some(cache.header.as_str()) {
            cache.changed = true;
            return cache;
        }
        for line in lines {
            match serde_json::from_str::<(String, Fact)>(line) {
                Ok((id, fact)) if Oid::from_str(&id).is_ok_and(|o| o.to_string() == id) => {
                    cache.entries.insert(id, fact);
                }
                _ => cache.changed = true,
            }
        }
        cache
    }

    pub fn get(&self, id: &str) -> Option<&Fact> {
        self.entries.get(id)
    }

    pub fn put(&mut self, id: String, fact: Fact) {
        if self.file.is_some() {
            self.entries.insert(id, fact);
            self.changed = true;
        }
    }

    /// Writes the cache when it changed (to a temporary file renamed over
    /// the old one). A cache that cannot be written is no error.
    pub fn save(&mut self) {
        let (Some(file), true) = (&self.file, self.changed) else {
            return;
        };
        let Some(dir) = file.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let mut text = self.header.clone();
        text.push('\n');
        let mut ids: Vec<&String> = self.entries.keys().collect();
        ids.sort();
        for id in ids {
            if let Some(fact) = self.entries.get(id) {
                if let Ok(line) = serde_json::to_string(&(id, fact)) {
                    text.push_str(&line);
                    text.push('\n');
                }
            }
        }
        let tmp = dir.join(format!("facts.{}.tmp", std::process::id()));
        if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, file).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        self.changed = false;
    }
}
