//! The rule result cache: each rule package's `deny`/`warn` answer, kept
//! under the repository's git directory (`.git/isms/results`) and keyed by
//! a SHA-256 digest of everything the answer is a function of: the tool's
//! version and build, the evaluator and its time limit, the name and exact
//! text of every Rego source loaded, the data document, the entry point,
//! and the exact content of each part of the input the package reads
//! ([`super::reads`]: `input.registers.risks`, `input.now`, or all of the
//! input). A re-run where only a document changed answers the risk rules
//! from here; a rule whose parts changed is evaluated again.
//!
//! A speed-up only: the answer read back is the very answer evaluating
//! gave (the differential tests compare warm, cold and uncached runs). A
//! file with another header, a damaged payload or entries that do not read
//! back is ignored and rewritten, never an error. A package that can reach
//! the clock, randomness or the network, a number too large to tell its
//! kind by its digits, and any evaluation that failed are never kept.
//! `ISMS_NO_CACHE` set means no cache.

use super::reads::Reads;
use sha2::Digest as _;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

type Key = [u8; 32];

/// The first line of the file: the format and the tool that wrote it.
fn header() -> String {
    format!("isms-results-cache v1 isms {}", env!("CARGO_PKG_VERSION"))
}

/// Where the cache of the repository whose git directory is `git_dir` is
/// kept; `None` when caching is switched off.
fn file(git_dir: &Path) -> Option<PathBuf> {
    crate::caches::file(git_dir, "results")
}

/// A digest being fed through a buffer (one hasher call per 64 KiB, not
/// one per value).
struct Feed {
    hasher: sha2::Sha256,
    buf: Vec<u8>,
    /// A value was met whose kind its digits do not tell (an integer beyond
    /// 2^53 may be a float or exact): no key.
    doubtful: bool,
}

impl Feed {
    fn new() -> Feed {
        Feed {
            hasher: sha2::Sha256::new(),
            buf: Vec::with_capacity(1 << 16),
            doubtful: false,
        }
    }

    /// A length or count: four bytes (nothing read into the input comes
    /// near 4 GiB; one that did would be doubtful, never cut short).
    fn count(&mut self, n: usize) {
        match u32::try_from(n) {
            Ok(n) => self.buf.extend_from_slice(&n.to_le_bytes()),
            Err(_) => self.doubtful = true,
        }
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.count(bytes.len());
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= 1 << 16 {
            self.hasher.update(&self.buf);
            self.buf.clear();
        }
    }

    fn tag(&mut self, tag: u8, count: usize) {
        self.buf.push(tag);
        self.count(count);
    }

    /// Every value fed with its kind and length, so that no two different
    /// values run together into the same bytes.
    fn value(&mut self, v: &regorus::Value) {
        use regorus::Value as V;
        match v {
            V::Null => self.buf.push(0),
            V::Bool(b) => self.buf.push(if *b { 11 } else { 1 }),
            V::Number(n) => match n.as_i64() {
                // Beyond 2^53 an integer may be a float or exact: its
                // digits do not tell which, and the two may add up apart.
                Some(i) if i.unsigned_abs() > 1 << 53 => self.doubtful = true,
                Some(i) => {
                    self.buf.push(2);
                    self.buf.extend_from_slice(&i.to_le_bytes());
                }
                None => {
                    let digits = n.format_decimal();
                    if digits.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                        self.doubtful = true;
                    }
                    self.buf.push(12);
                    self.bytes(digits.as_bytes());
                }
            },
            V::String(s) => {
                self.buf.push(3);
                self.bytes(s.as_bytes());
            }
            V::Array(items) => {
                self.tag(4, items.len());
                for item in items.iter() {
                    self.value(item);
                }
            }
            V::Set(items) => {
                self.tag(5, items.len());
                for item in items.iter_sorted() {
                    self.value(item);
                }
            }
            V::Object(fields) => {
                self.tag(6, fields.len());
                for (k, v) in fields.iter_sorted() {
                    self.value(k);
                    self.value(v);
                }
            }
            V::Undefined => self.buf.push(7),
        }
    }

    fn finish(mut self) -> Option<Key> {
        if self.doubtful {
            return None;
        }
        self.hasher.update(&self.buf);
        Some(self.hasher.finalize().into())
    }
}

/// Works out the key of each rule answer of one evaluation, the digest of
/// each input part computed once however many rules read it.
pub struct Keys<'a> {
    base: Option<Key>,
    input: &'a regorus::Value,
    parts: HashMap<Vec<String>, Option<Key>>,
}

impl<'a> Keys<'a> {
    /// `what`: the evaluator, its time limit and the tool's build, as
    /// text; `sources`: every Rego source (name, text) in load order.
    pub fn new<'s>(
        what: &str,
        sources: impl Iterator<Item = (&'s str, &'s str)>,
        data: &regorus::Value,
        input: &'a regorus::Value,
    ) -> Keys<'a> {
        let mut feed = Feed::new();
        feed.bytes(header().as_bytes());
        feed.bytes(what.as_bytes());
        for (name, text) in sources {
            feed.bytes(name.as_bytes());
            feed.bytes(text.as_bytes());
        }
        feed.value(data);
        Keys {
            base: feed.finish(),
            input,
            parts: HashMap::new(),
        }
    }

    /// The digest of one part of the input (`[]`: all of it; an absent part
    /// is fed as undefined). An object above [`super::reads`]'s depth is
    /// fed as the digests of its fields, so that each part is walked once
    /// however many rules read it, alone or within a larger part.
    fn part(&mut self, path: &[String]) -> Option<Key> {
        if let Some(known) = self.parts.get(path) {
            return *known;
        }
        let mut at = self.input;
        for seg in path {
            at = &at[&regorus::Value::from(seg.as_str())];
        }
        let mut feed = Feed::new();
        match at {
            regorus::Value::Object(fields) if path.len() < super::reads::DEPTH => {
                feed.tag(10, fields.len());
                for (k, _) in fields.iter_sorted() {
                    let regorus::Value::String(name) = k else {
                        // Not a field a path can name: walked whole.
                        feed.value(at);
                        break;
                    };
                    let mut inner = path.to_vec();
                    inner.push(name.to_string());
                    let digest = self.part(&inner);
                    feed.bytes(name.as_bytes());
                    feed.bytes(&digest?);
                }
            }
            _ => feed.value(at),
        }
        let digest = feed.finish();
        self.parts.insert(path.to_vec(), digest);
        digest
    }

    /// The key of `entry`'s answer, reading `reads`; `None`: not cached.
    pub fn key(&mut self, entry: &str, reads: &Reads) -> Option<Key> {
        let base = self.base?;
        let parts: Vec<Vec<String>> = match reads {
            Reads::Unstable => return None,
            Reads::All => vec![Vec::new()],
            Reads::Parts(parts) => parts.iter().cloned().collect(),
        };
        let mut feed = Feed::new();
        feed.bytes(&base);
        feed.bytes(entry.as_bytes());
        feed.tag(8, parts.len());
        for path in &parts {
            feed.tag(9, path.len());
            for seg in path {
                feed.bytes(seg.as_bytes());
            }
            let digest = self.part(path)?;
            feed.bytes(&digest);
        }
        feed.finish()
    }
}

/// The answers kept by an earlier run, and those of this one.
pub struct ResultCache {
    file: PathBuf,
    kept: HashMap<Key, String>,
    /// This run's answers (read back or new), written over the file.
    now: Vec<(Key, String)>,
    /// Whether `now` differs from what the file holds.
    changed: bool,
}

impl ResultCache {
    /// The cache of the repository whose git directory is `git_dir`;
    /// `None` when caching is switched off.
    pub fn open(git_dir: &Path) -> Option<ResultCache> {
        let file = file(git_dir)?;
        let kept = std::fs::read(&file)
            .ok()
            .and_then(|bytes| parse(&bytes))
            .unwrap_or_default();
        Some(ResultCache {
            file,
            kept,
            now: Vec::new(),
            changed: false,
        })
    }

    /// The answer kept under `key`, as JSON, when it reads back.
    pub fn get(&mut self, key: &Key) -> Option<serde_json::Value> {
        let text = self.kept.get(key)?;
        let value = serde_json::from_str(text).ok()?;
        self.now.push((*key, text.clone()));
        Some(value)
    }

    /// Keeps `value` under `key`.
    pub fn keep(&mut self, key: Key, value: &serde_json::Value) {
        if let Ok(text) = serde_json::to_string(value) {
            self.now.push((key, text));
            self.changed = true;
        }
    }

    /// Writes this run's answers over the file (to a temporary file, then
    /// renamed) when any is new or some kept one was not used. A cache
    /// that cannot be written is no error.
    pub fn write(mut self) {
        if !self.changed && self.now.len() == self.kept.len() {
            return;
        }
        self.now.sort_by_key(|e| e.0);
        self.now.dedup_by(|a, b| a.0 == b.0);
        let Ok(payload) = postcard::to_allocvec(&self.now) else {
            return;
        };
        crate::caches::write_digested(&self.file, &[header()], &payload);
    }
}

/// The answers in a file's bytes, when its header is this tool's and its
/// payload is whole (its digest matches and it reads to its last byte).
fn parse(bytes: &[u8]) -> Option<HashMap<Key, String>> {
    let payload = crate::caches::read_digested(bytes, &[header()])?;
    let (entries, rest): (Vec<(Key, String)>, &[u8]) = postcard::take_from_bytes(payload).ok()?;
    rest.is_empty().then(|| entries.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_of(input: &str, reads: &Reads) -> Option<Key> {
        let input = regorus::Value::from_json_str(input).unwrap();
        let data = regorus::Value::new_object();
        Keys::new("vm", [("a.rego", "package a")].into_iter(), &data, &input).key("data.a.deny", reads)
    }

    #[test]
    fn a_key_changes_with_the_parts_read_and_only_with_them() {
        let risks = Reads::Parts([vec!["registers".to_string(), "risks".to_string()]].into());
        let base = key_of(r#"{"registers": {"risks": [{"id": "R-1"}], "assets": []}}"#, &risks);
        assert!(base.is_some());
        // Another register changed: same key.
        let other = key_of(r#"{"registers": {"risks": [{"id": "R-1"}], "assets": [1]}}"#, &risks);
        assert_eq!(base, other);
        // The part read changed, by a value or by its kind: another key.
        for changed in [
            r#"{"registers": {"risks": [{"id": "R-2"}]}}"#,
            r#"{"registers": {"risks": [{"id": 1}]}}"#,
            r#"{"registers": {"risks": [{"id": "R-1", "x": null}]}}"#,
            r#"{"registers": {"risks": [{"id": "R-1"}, {"id": "R-1"}]}}"#,
            r#"{"registers": {}}"#,
        ] {
            assert_ne!(base, key_of(changed, &risks), "{changed}");
        }
        // The whole input read: any change is another key.
        assert_ne!(
            key_of(
                r#"{"registers": {"risks": [{"id": "R-1"}], "assets": []}}"#,
                &Reads::All
            ),
            key_of(
                r#"{"registers": {"risks": [{"id": "R-1"}], "assets": [1]}}"#,
                &Reads::All
            )
        );
        // Never a key for what no input determines, nor for a number whose
        // kind its digits do not tell.
        assert_eq!(key_of(r#"{"now": "2026-12-01"}"#, &Reads::Unstable), None);
        assert_eq!(key_of(r#"{"n": 12345678901234567890}"#, &Reads::All), None);
        assert_eq!(key_of(r#"{"n": 1152921504606846976}"#, &Reads::All), None);
        assert!(key_of(r#"{"n": 9007199254740992}"#, &Reads::All).is_some());
    }

    #[test]
    fn strings_do_not_run_together() {
        let all = Reads::All;
        assert_ne!(key_of(r#"["ab", "c"]"#, &all), key_of(r#"["a", "bc"]"#, &all));
        assert_ne!(key_of(r#"{"a": ["b"]}"#, &all), key_of(r#"{"a": "b"}"#, &all));
    }

    #[test]
    fn a_damaged_or_foreign_file_is_an_empty_cache() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = ResultCache::open(dir.path()).unwrap();
        cache.keep([7; 32], &serde_json::json!([{"msg": "x"}]));
        cache.write();
        let path = dir.path().join("isms").join("results");
        let whole = std::fs::read(&path).unwrap();
        assert_eq!(
            ResultCache::open(dir.path()).unwrap().get(&[7; 32]),
            Some(serde_json::json!([{"msg": "x"}]))
        );
        for damaged in [
            whole[..whole.len() - 1].to_vec(),
            [whole.as_slice(), b"x"].concat(),
            String::from_utf8_lossy(&whole).replace("v1", "v0").into_bytes(),
        ] {
            std::fs::write(&path, &damaged).unwrap();
            assert_eq!(ResultCache::open(dir.path()).unwrap().get(&[7; 32]), None);
        }
    }
}
