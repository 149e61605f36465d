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
//!
//! It also owns reading a walk's commits with their signatures verified
//! ([`Repo::commits_verified`](super::Repo)): what the cache does not know is
//! verified on a second thread while the commits are still being read.

use super::content::Walked;
use super::facts_cache::{Raw, oid, raw};
use super::judge::Judge;
use super::keys::{Key, KeyRing};
use super::signature::{Signed, Verdict, verify};
use crate::caches::{body, write_over};
use crate::diag::Problem;
use git2::Oid;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// The verified-commit cache being read on another thread.
pub(crate) struct Opening(Option<std::thread::JoinHandle<Cache>>);

impl super::Repo {
    /// Starts reading the verified-commit cache on another thread (while
    /// this one reads the commits), unless it is open already.
    pub(crate) fn open_cache_early(&self) -> Opening {
        if self.cache.is_some() {
            return Opening(None);
        }
        let git_dir = self.repo.path().to_path_buf();
        Opening(std::thread::Builder::new().spawn(move || Cache::open(&git_dir)).ok())
    }

    /// Takes the cache `opening` read (a thread that failed read nothing:
    /// the cache is then read here).
    pub(crate) fn cache_opened(&mut self, opening: Opening) {
        if let Some(cache) = opening.0.and_then(|h| h.join().ok()) {
            self.cache.get_or_insert(cache);
        }
    }

    /// The verified-commit cache of this repository.
    pub(crate) fn cache(&mut self) -> &mut Cache {
        let repo = &self.repo;
        self.cache.get_or_insert_with(|| Cache::open(repo.path()))
    }

    /// The facts of the commits `ids`, each signature verified against the
    /// ring of `judge_of` that commit — or the verdict an earlier run
    /// worked out for that commit and that exact ring taken from the cache.
    /// Signatures are verified on a second thread while this one reads the
    /// commits (a cold run's two halves overlap), and on both once all are
    /// read. A signature that cannot be read is no signature: the commit
    /// approves nothing.
    pub(super) fn commits_verified(
        &mut self,
        ids: &[Oid],
        judge_of: &dyn Fn(&mut Self, Oid) -> Option<Arc<Judge>>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Walked, Box<Problem>> {
        type Job = (usize, Signed, Arc<Judge>);
        let mut walked = Walked::with_capacity(ids.len());
        // Per configuration (kept alive here, so that its address is not
        // taken by another): the digest of its ring.
        let mut digests: HashMap<*const Judge, (Arc<Judge>, String)> = HashMap::new();
        // The commits sent to be verified: (index, id, ring digest).
        let mut sent: HashMap<usize, (Oid, String)> = HashMap::new();
        let (send, receive) = std::sync::mpsc::channel::<Job>();
        let receive = std::sync::Mutex::new(receive);
        // Verifies what is sent until the sender is gone.
        let work = || {
            let mut done = Vec::new();
            while let Ok(Ok((i, signed, judge))) = receive.lock().map(|r| r.recv()) {
                done.push((i, verify(&signed.signature, &signed.payload, &judge.ring)));
            }
            done
        };
        let (verdicts, read) = std::thread::scope(|scope| {
            let helper = scope.spawn(work);
            let mut inline = Vec::new();
            let mut read = || -> Result<(), Box<Problem>> {
                for (n, id) in ids.iter().enumerate() {
                    progress(n + 1, ids.len());
                    let judge = judge_of(self, *id);
                    let u = self.facts_unverified(*id, judge.as_deref())?;
                    let mut facts = u.facts;
                    if let (true, Some(j)) = (u.signed, judge) {
                        let (_, digest) = digests
                            .entry(Arc::as_ptr(&j))
                            .or_insert_with(|| (j.clone(), ring_digest(&j.ring)));
                        let digest = digest.clone();
                        match self.cache().get(id, &digest) {
                            Some(v) => facts.signature = v,
                            None => {
                                if let Ok(Some(signed)) = self.signed(*id) {
                                    sent.insert(n, (*id, digest));
                                    if let Err(std::sync::mpsc::SendError((n, signed, j))) = send.send((n, signed, j)) {
                                        inline.push((n, verify(&signed.signature, &signed.payload, &j.ring)));
                                    }
                                }
                            }
                        }
                    }
                    walked.push(facts, u.diffs);
                }
                Ok(())
            };
            let read = read();
            drop(send);
            let mut verdicts = work();
            match helper.join() {
                Ok(more) => verdicts.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            verdicts.extend(inline);
            (verdicts, read)
        });
        read?;
        let cache = self.cache();
        for (i, verdict) in verdicts {
            if let (Some((id, digest)), Some(fact)) = (sent.get(&i), walked.facts.get_mut(i)) {
                cache.put(*id, digest, &verdict);
                fact.signature = verdict;
            }
        }
        cache.save();
        self.facts().save();
        Ok(walked)
    }
}
