//! A walk's commits read with their signatures verified: each against the
//! key ring of the configuration that judges it, or the verdict the
//! verified-commit cache (`cache`) kept for that commit and that exact
//! ring; what the cache does not know is verified on a second thread while
//! the commits are still being read. Also who a commit's people are and
//! what it changed that is governed, by a judge.

use super::cache::{Cache, ring_digest};
use super::facts::Unverified;
use super::gate::Gate;
use super::judge::Judge;
use super::model::Identity;
use super::signature::{Signed, verify};
use super::walked::Walked;
use crate::diag::Problem;
use git2::Oid;
use std::collections::HashMap;
use std::sync::Arc;

/// The verified-commit cache being read on another thread.
pub(crate) struct Opening(Option<std::thread::JoinHandle<Cache>>);

impl Gate {
    /// Starts reading the verified-commit cache on another thread (while
    /// this one reads the commits), unless it is open already.
    pub(crate) fn open_cache_early(&self) -> Opening {
        if self.cache.is_some() {
            return Opening(None);
        }
        let git_dir = self.repo.git_dir().to_path_buf();
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
        let git_dir = self.repo.git_dir();
        self.cache.get_or_insert_with(|| Cache::open(git_dir))
    }

    /// The facts of the commits `ids`, each signature verified against the
    /// ring of `judge_of` that commit — or the verdict an earlier run
    /// worked out for that commit and that exact ring taken from the cache.
    /// Signatures are verified on a second thread while this one reads the
    /// commits (a cold run's two halves overlap), and on both once all are
    /// read. A signature that cannot be read is no signature: the commit
    /// approves nothing.
    pub(crate) fn commits_verified(
        &mut self,
        ids: &[Oid],
        judge_of: &dyn Fn(&mut Gate, Oid) -> Option<Arc<Judge>>,
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
                    let u = self.facts_judged(*id, judge.as_deref())?;
                    let mut facts = u.facts;
                    if let (true, Some(j)) = (u.signed, judge) {
                        let (_, digest) = digests
                            .entry(Arc::as_ptr(&j))
                            .or_insert_with(|| (j.clone(), ring_digest(&j.ring)));
                        let digest = digest.clone();
                        match self.cache().get(id, &digest) {
                            Some(v) => facts.signature = v,
                            None => {
                                if let Ok(Some(signed)) = self.repo.signed(*id) {
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
        self.repo.facts().save();
        Ok(walked)
    }
}

impl Gate {
    /// The facts of commit `id` with its signature not yet verified (see
    /// `Repo::facts_unverified`), its people known by `judge`'s
    /// configuration and `changed` listing those of the paths it made that
    /// `judge` governs (none without a judge).
    pub(crate) fn facts_judged(&mut self, id: Oid, judge: Option<&Judge>) -> Result<Unverified, Box<Problem>> {
        let mut u = self.repo.facts_unverified(id)?;
        let person = |who: &mut Identity| who.person = judge.and_then(|j| j.person_by_email(&who.email));
        person(&mut u.facts.author);
        person(&mut u.facts.committer);
        u.facts.changed = u
            .diffs
            .made
            .iter()
            .filter(|p| judge.is_some_and(|j| j.governed(p)))
            .cloned()
            .collect();
        Ok(u)
    }
}
