//! The verified-commit cache: signature verdicts already worked out, kept
//! under the repository's git directory (`.git/isms/verified`) so that a
//! re-run (a gate re-runs on every push) does not verify again what it has
//! verified before.
//!
//! An entry is keyed by the commit id — a hash of the whole commit object,
//! signature included — and by a digest of the key ring it was verified
//! against (every person, key and key material): a verdict is a function of
//! exactly those two, so a warm run and a cold run judge alike. Nothing in a
//! branch's tree is read into it; a damaged, foreign or older cache is
//! ignored and rebuilt, never an error. It is a speed-up only.

use super::CommitFacts;
use super::keys::{Key, KeyRing};
use super::signature::{Signed, Verdict, verify_all};
use git2::Oid;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The first line of a cache file: the format and the tool that wrote it.
fn header() -> String {
    format!("isms-verified-cache v1 isms {}", env!("CARGO_PKG_VERSION"))
}

#[derive(Serialize, Deserialize)]
struct Line {
    commit: String,
    ring: String,
    verdict: Verdict,
}

/// The digest of a key ring: every entry's person, place and key material.
pub fn ring_digest(ring: &KeyRing) -> String {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    for e in &ring.entries {
        h.update(e.person.as_bytes());
        h.update([0]);
        h.update(format!("{}:{}", e.at.0, e.at.1).as_bytes());
        h.update([0]);
        match &e.key {
            Key::Ssh(k) => h.update(k.to_openssh().unwrap_or_default().as_bytes()),
            Key::Pgp(k) => h.update(k.to_armored_string(Default::default()).unwrap_or_default().as_bytes()),
        }
        h.update([1]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The cache of one repository.
#[derive(Default)]
pub struct Cache {
    file: Option<PathBuf>,
    /// Ring digest → commit id → verdict (a repository has few rings).
    entries: HashMap<String, HashMap<String, Verdict, foldhash::fast::RandomState>>,
    changed: bool,
}

impl Cache {
    /// Reads the cache of the repository whose git directory is `git_dir`;
    /// `ISMS_NO_CACHE` set means none. Whatever cannot be read is left out.
    pub fn open(git_dir: &Path) -> Cache {
        if std::env::var_os("ISMS_NO_CACHE").is_some() {
            return Cache::default();
        }
        let file = git_dir.join("isms").join("verified");
        let mut cache = Cache {
            file: Some(file.clone()),
            ..Cache::default()
        };
        let Ok(text) = std::fs::read_to_string(&file) else {
            return cache;
        };
        let mut lines = text.lines();
        if lines.next() != Some(header().as_str()) {
            // Another version's or a damaged cache: rebuilt from scratch.
            cache.changed = true;
            return cache;
        }
        let lines_in = text.bytes().filter(|b| *b == b'\n').count();
        for line in lines {
            match serde_json::from_str::<Line>(line) {
                Ok(l) if l.verdict != Verdict::Unsigned => {
                    let commits = cache.entries.entry(l.ring).or_insert_with(|| {
                        let mut m = HashMap::default();
                        m.reserve(lines_in);
                        m
                    });
                    commits.insert(l.commit, l.verdict);
                }
                _ => cache.changed = true,
            }
        }
        cache
    }

    pub fn get(&self, commit: &str, ring: &str) -> Option<Verdict> {
        self.entries.get(ring)?.get(commit).cloned()
    }

    pub fn put(&mut self, commit: &str, ring: &str, verdict: &Verdict) {
        // Unsigned is no verdict to keep.
        if *verdict == Verdict::Unsigned {
            return;
        }
        if self.get(commit, ring).as_ref() != Some(verdict) {
            self.entries
                .entry(ring.to_string())
                .or_default()
                .insert(commit.to_string(), verdict.clone());
            self.changed = true;
        }
    }

    /// Writes the cache when it changed (to a temporary file, then renamed
    /// over the old one). A cache that cannot be written is no error.
    pub fn save(&mut self) {
        let (Some(file), true) = (&self.file, self.changed) else {
            return;
        };
        let Some(dir) = file.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let mut text = header();
        text.push('\n');
        // By commit, then ring.
        let mut all: Vec<(&String, &String, &Verdict)> = self
            .entries
            .iter()
            .flat_map(|(ring, commits)| commits.iter().map(move |(commit, v)| (commit, ring, v)))
            .collect();
        all.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for (commit, ring, verdict) in all {
            let line = Line {
                commit: commit.clone(),
                ring: ring.clone(),
                verdict: verdict.clone(),
            };
            if let Ok(l) = serde_json::to_string(&line) {
                text.push_str(&l);
                text.push('\n');
            }
        }
        let tmp = dir.join(format!("verified.{}.tmp", std::process::id()));
        if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, file).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        self.changed = false;
    }
}

impl super::Repo {
    /// The verified-commit cache of this repository.
    pub(crate) fn cache(&mut self) -> &mut Cache {
        let git_dir = self.repo.path().to_path_buf();
        self.cache.get_or_insert_with(|| Cache::open(&git_dir))
    }

    /// Verifies each signed commit of `work` against its ring — or takes the
    /// verdict an earlier run worked out for that commit and that exact
    /// ring — and puts the verdicts into `facts`.
    pub(crate) fn verify_cached(&mut self, facts: &mut [CommitFacts], work: Vec<(usize, Oid)>, rings: &[&KeyRing]) {
        let mut digests: HashMap<*const KeyRing, String> = HashMap::new();
        let keys: Vec<String> = rings
            .iter()
            .map(|r| {
                digests
                    .entry(std::ptr::from_ref(*r))
                    .or_insert_with(|| ring_digest(r))
                    .clone()
            })
            .collect();
        let mut todo_at: Vec<(usize, usize)> = Vec::new();
        let mut ids: Vec<Oid> = Vec::new();
        {
            let cache = self.cache();
            for (j, (i, id)) in work.into_iter().enumerate() {
                let Some(fact) = facts.get_mut(i) else { continue };
                match cache.get(&fact.id, &keys[j]) {
                    Some(v) => fact.signature = v,
                    None => {
                        todo_at.push((i, j));
                        ids.push(id);
                    }
                }
            }
        }
        // The signatures not yet verified, read now. One that cannot be
        // read is no signature: the commit approves nothing.
        let mut todo: Vec<(Signed, &KeyRing)> = Vec::new();
        let mut readable: Vec<(usize, usize)> = Vec::new();
        for ((i, j), id) in todo_at.into_iter().zip(ids) {
            if let Ok(Some(signed)) = self.signed(id) {
                todo.push((signed, rings[j]));
                readable.push((i, j));
            }
        }
        let cache = self.cache();
        for ((i, j), verdict) in readable.into_iter().zip(verify_all(&todo)) {
            if let Some(fact) = facts.get_mut(i) {
                cache.put(&fact.id, &keys[j], &verdict);
                fact.signature = verdict;
            }
        }
        cache.save();
        self.facts().save();
    }
}
