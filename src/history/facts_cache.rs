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

use super::objects::Diffs;
use crate::caches::{body, write_over};
use git2::Oid;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a judge is built from: the blob of isms.toml and of each key file
/// it names.
pub(crate) type JudgeKey = (Oid, Vec<Option<Oid>>);

/// An object id as its 20 bytes (SHA-1, the only object format the
/// repositories `isms` opens have).
pub(crate) type Raw = [u8; 20];

/// The bytes of `id`; `None` for an id of another length.
pub(crate) fn raw(id: &Oid) -> Option<Raw> {
    id.as_bytes().try_into().ok()
}

/// The id of `raw`.
pub(crate) fn oid(raw: &Raw) -> Option<Oid> {
    Oid::from_bytes(raw).ok()
}

/// A commit's entries at the paths it changed: (object, mode), `None`
/// where the path is absent.
pub(crate) type Held = Vec<(String, Option<(Raw, i32)>)>;

/// What a commit is, as git records it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Fact {
    pub parents: Vec<Raw>,
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
    pub held: Held,
    /// What the commit's configuration is made of (see `Gate::judge_at`):
    /// the blob of isms.toml and of each key file it names; `Some(None)`
    /// where the commit has no isms.toml; `None` when not looked at yet.
    pub judge: Option<Option<(Raw, Vec<Option<Raw>>)>>,
}

impl Fact {
    /// The diffs recorded in the fact.
    pub fn diffs(&self) -> Option<Diffs> {
        let mut held = std::collections::BTreeMap::new();
        for (path, entry) in &self.held {
            let entry = match entry {
                Some((id, mode)) => Some((oid(id)?, *mode)),
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

    /// The fact of a diff, for keeping; `None` when an id is not SHA-1.
    pub fn held_of(diffs: &Diffs) -> Option<Held> {
        diffs
            .held
            .iter()
            .map(|(p, e)| {
                Some((
                    p.clone(),
                    match e {
                        Some((id, mode)) => Some((raw(id)?, *mode)),
                        None => None,
                    },
                ))
            })
            .collect()
    }
}

/// The facts of one repository's commits, for one place of the ISMS in it,
/// and the last walk of its history.
#[derive(Default)]
pub(crate) struct FactsCache {
    file: Option<PathBuf>,
    header: String,
    entries: HashMap<Oid, Fact, foldhash::fast::RandomState>,
    changed: bool,
    /// The last walk: what it was of (see `Repo::walk`) and the commits,
    /// in the order git gave them.
    walk: Option<(String, Vec<Oid>)>,
    walk_changed: bool,
}

impl FactsCache {
    /// Reads the cache of the repository whose git directory is `git_dir`,
    /// for an ISMS at `prefix`; `ISMS_NO_CACHE` set means none. A cache
    /// that cannot be read whole is left out (its commits are read from git
    /// again, and it is written anew).
    pub fn open(git_dir: &Path, prefix: &str) -> FactsCache {
        let header = format!(
            "isms-facts-cache v3 isms {} prefix {prefix:?}",
            env!("CARGO_PKG_VERSION")
        );
        let Some(file) = crate::caches::file(git_dir, "facts") else {
            return FactsCache::default();
        };
        let mut cache = FactsCache {
            file: Some(file.clone()),
            header,
            ..FactsCache::default()
        };
        let Ok(bytes) = std::fs::read(&file) else {
            return cache;
        };
        match body(&bytes, &cache.header).and_then(read_facts) {
            Some(kept) => {
                cache.entries.reserve(kept.len());
                for (id, fact) in kept {
                    if let Some(id) = oid(&id) {
                        cache.entries.insert(id, fact);
                    }
                }
            }
            None => cache.changed = true,
        }
        cache
    }

    /// The commits of the walk `key` when it was the last one kept.
    pub fn walk(&mut self, key: &str) -> Option<Vec<Oid>> {
        if self.walk.is_none() {
            self.walk = self.read_walk();
        }
        self.walk.as_ref().filter(|(k, _)| k == key).map(|(_, ids)| ids.clone())
    }

    /// Keeps the walk `key` (replacing the last one), written at once.
    pub fn put_walk(&mut self, key: String, ids: &[Oid]) {
        if self.file.is_some() {
            self.walk = Some((key, ids.to_vec()));
            self.walk_changed = true;
            self.save_walk();
        }
    }

    fn save_walk(&mut self) {
        if let (Some(file), true, Some((key, ids))) = (&self.file, self.walk_changed, &self.walk) {
            let mut bytes = format!("{}\n{key}\n", self.header).into_bytes();
            bytes.extend_from_slice(&(ids.len() as u64).to_le_bytes());
            for id in ids {
                bytes.extend_from_slice(id.as_bytes());
            }
            write_over(&file.with_file_name("walk"), &bytes);
            self.walk_changed = false;
        }
    }

    /// `.git/isms/walk`: the header, the walk's key, then the number of
    /// commits (8 bytes, little-endian) and their ids (20 bytes each): a
    /// file cut short or run on is no walk.
    fn read_walk(&self) -> Option<(String, Vec<Oid>)> {
        let file = self.file.as_ref()?.with_file_name("walk");
        let bytes = std::fs::read(file).ok()?;
        let rest = body(&bytes, &self.header)?;
        let end = rest.iter().position(|b| *b == b'\n')?;
        let key = std::str::from_utf8(&rest[..end]).ok()?.to_string();
        let (count, ids) = rest[end + 1..].split_first_chunk::<8>()?;
        if u64::try_from(ids.len()).ok()? != u64::from_le_bytes(*count).checked_mul(20)? {
            return None;
        }
        let ids: Option<Vec<Oid>> = ids.chunks_exact(20).map(|id| Oid::from_bytes(id).ok()).collect();
        Some((key, ids?))
    }

    /// What commit `id`'s configuration is made of, when known: `Some(None)`
    /// for none.
    pub fn judge_key(&self, id: &Oid) -> Option<Option<JudgeKey>> {
        let known = self.get(id)?.judge.as_ref()?;
        let Some((config, keys)) = known else {
            return Some(None);
        };
        // An absent key file stays `None`; an id that does not read, no key.
        let keys: Option<Vec<Option<Oid>>> = keys
            .iter()
            .map(|k| k.as_ref().map_or(Some(None), |k| oid(k).map(Some)))
            .collect();
        Some(Some((oid(config)?, keys?)))
    }

    /// Records what commit `id`'s configuration is made of (only for a
    /// commit whose facts are kept).
    pub fn set_judge_key(&mut self, id: &Oid, key: Option<&JudgeKey>) {
        let value = match key {
            None => None,
            Some((config, keys)) => {
                let keys: Option<Vec<Option<Raw>>> = keys
                    .iter()
                    .map(|k| k.as_ref().map_or(Some(None), |k| raw(k).map(Some)))
                    .collect();
                let (Some(config), Some(keys)) = (raw(config), keys) else {
                    return;
                };
                Some((config, keys))
            }
        };
        if let Some(fact) = self.get_mut(id) {
            if fact.judge.as_ref() != Some(&value) {
                fact.judge = Some(value);
                self.changed = true;
            }
        }
    }

    pub fn get(&self, id: &Oid) -> Option<&Fact> {
        self.entries.get(id)
    }

    fn get_mut(&mut self, id: &Oid) -> Option<&mut Fact> {
        self.entries.get_mut(id)
    }

    /// Keeps the facts of commit `id`; without a cache file they are
    /// handed back.
    pub fn put(&mut self, id: Oid, fact: Fact) -> Option<Fact> {
        if self.file.is_none() {
            return Some(fact);
        }
        self.entries.insert(id, fact);
        self.changed = true;
        None
    }

    /// Writes the cache when it changed (to a temporary file renamed over
    /// the old one). A cache that cannot be written is no error.
    pub fn save(&mut self) {
        self.save_walk();
        let (Some(file), true) = (&self.file, self.changed) else {
            return;
        };
        // By id, so that the same facts make the same file.
        let mut facts: Vec<(Raw, &Fact)> = self
            .entries
            .iter()
            .filter_map(|(id, fact)| Some((raw(id)?, fact)))
            .collect();
        facts.sort_by_key(|f| f.0);
        let header = format!("{}\n", self.header).into_bytes();
        let Ok(mut text) = postcard::to_extend(&(facts.len() as u64), header) else {
            return;
        };
        for fact in &facts {
            match postcard::to_extend(fact, text) {
                Ok(more) => text = more,
                Err(_) => return,
            }
        }
        write_over(file, &text);
        self.changed = false;
    }
}

/// The facts of a cache file's body: a count, then each (id, fact) by
/// ascending id (so that the same facts make the same file), to the last
/// byte; `None` when it is not that.
fn read_facts(mut rest: &[u8]) -> Option<Vec<(Raw, Fact)>> {
    let (count, after) = postcard::take_from_bytes::<u64>(rest).ok()?;
    rest = after;
    // Each fact takes more than 32 bytes: a damaged count asks for no more.
    let mut kept: Vec<(Raw, Fact)> = Vec::with_capacity(usize::try_from(count).ok()?.min(rest.len() / 32));
    for _ in 0..count {
        let (fact, after) = postcard::take_from_bytes::<(Raw, Fact)>(rest).ok()?;
        if kept.last().is_some_and(|(last, _)| *last >= fact.0) {
            return None;
        }
        kept.push(fact);
        rest = after;
    }
    rest.is_empty().then_some(kept)
}
