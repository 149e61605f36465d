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

use super::facts_cache::{Raw, oid, raw};
use super::keys::{Key, KeyRing};
use super::signature::Verdict;
use crate::caches::{body, write_over};
use git2::Oid;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The first line of a cache file: the format and the tool that wrote it.
fn header() -> String {
    format!("isms-verified-cache v2 isms {}", env!("CARGO_PKG_VERSION"))
}

/// A verdict as the file keeps it (the report's form is tagged by a
/// field, which a compact encoding cannot read back).
#[derive(Serialize, Deserialize)]
enum Kept {
    Good(String, String),
    Bad(String),
    UnknownKey(String),
    Expired(String, String),
    Revoked(String, String),
    Unsupported(String),
}

impl Kept {
    fn of(v: &Verdict) -> Option<Kept> {
        Some(match v.clone() {
            Verdict::Unsigned => return None,
            Verdict::Good { person, key } => Kept::Good(person, key),
            Verdict::Bad { reason } => Kept::Bad(reason),
            Verdict::UnknownKey { key } => Kept::UnknownKey(key),
            Verdict::Expired { person, key } => Kept::Expired(person, key),
            Verdict::Revoked { person, key } => Kept::Revoked(person, key),
            Verdict::Unsupported { format } => Kept::Unsupported(format),
        })
    }

    fn verdict(self) -> Verdict {
        match self {
            Kept::Good(person, key) => Verdict::Good { person, key },
            Kept::Bad(reason) => Verdict::Bad { reason },
            Kept::UnknownKey(key) => Verdict::UnknownKey { key },
            Kept::Expired(person, key) => Verdict::Expired { person, key },
            Kept::Revoked(person, key) => Verdict::Revoked { person, key },
            Kept::Unsupported(format) => Verdict::Unsupported { format },
        }
    }
}

/// The file's body: per ring digest, the commits verified against it.
type Body = Vec<(String, Vec<(Raw, Kept)>)>;

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
    hex::encode(h.finalize())
}

/// The cache of one repository.
#[derive(Default)]
pub struct Cache {
    file: Option<PathBuf>,
    /// Ring digest → commit → verdict (a repository has few rings).
    entries: HashMap<String, HashMap<Oid, Verdict, foldhash::fast::RandomState>>,
    changed: bool,
}

impl Cache {
    /// Reads the cache of the repository whose git directory is `git_dir`;
    /// `ISMS_NO_CACHE` set means none. A cache that cannot be read whole
    /// is left out (and its verdicts worked out again).
    pub fn open(git_dir: &Path) -> Cache {
        let Some(file) = crate::caches::file(git_dir, "verified") else {
            return Cache::default();
        };
        let mut cache = Cache {
            file: Some(file.clone()),
            ..Cache::default()
        };
        let Ok(bytes) = std::fs::read(&file) else {
            return cache;
        };
        match body(&bytes, &header()).map(postcard::take_from_bytes::<Body>) {
            Some(Ok((rings, []))) => {
                for (ring, commits) in rings {
                    let mut kept = HashMap::default();
                    kept.reserve(commits.len());
                    for (commit, verdict) in commits {
                        if let Some(commit) = oid(&commit) {
                            kept.insert(commit, verdict.verdict());
                        }
                    }
                    cache.entries.insert(ring, kept);
                }
            }
            // Another version's or a damaged cache: rebuilt from scratch.
            _ => cache.changed = true,
        }
        cache
    }

    pub fn get(&self, commit: &Oid, ring: &str) -> Option<Verdict> {
        self.entries.get(ring)?.get(commit).cloned()
    }

    pub fn put(&mut self, commit: Oid, ring: &str, verdict: &Verdict) {
        // Unsigned is no verdict to keep.
        if *verdict == Verdict::Unsigned {
            return;
        }
        if self.get(&commit, ring).as_ref() != Some(verdict) {
            self.entries
                .entry(ring.to_string())
                .or_default()
                .insert(commit, verdict.clone());
            self.changed = true;
        }
    }

    /// Writes the cache when it changed (to a temporary file, then renamed
    /// over the old one). A cache that cannot be written is no error.
    pub fn save(&mut self) {
        let (Some(file), true) = (&self.file, self.changed) else {
            return;
        };
        // By ring, then commit: the same verdicts make the same file.
        let mut body: Body = self
            .entries
            .iter()
            .map(|(ring, commits)| {
                let mut kept: Vec<(Raw, Kept)> = commits
                    .iter()
                    .filter_map(|(c, v)| Some((raw(c)?, Kept::of(v)?)))
                    .collect();
                kept.sort_by_key(|k| k.0);
                (ring.clone(), kept)
            })
            .collect();
        body.sort_by(|a, b| a.0.cmp(&b.0));
        let Ok(encoded) = postcard::to_allocvec(&body) else {
            return;
        };
        let mut bytes = format!("{}\n", header()).into_bytes();
        bytes.extend_from_slice(&encoded);
        write_over(file, &bytes);
        self.changed = false;
    }
}
