//! The files the caches keep under the repository's git directory
//! (`.git/isms/verified`, `facts`, `walk`, `rules`, `results`): where each
//! is (nowhere when `ISMS_NO_CACHE` is set), its header line, and how it is
//! written — to a temporary file beside it, renamed over the old one, so
//! that a reader never sees half a file. What each file holds, and why a
//! warm run judges as a cold one, is its owner's (`history::cache`,
//! `history::facts_cache`, `rego::program_cache`, `rego::result_cache`).

use sha2::Digest as _;
use std::path::{Path, PathBuf};

/// Where the cache `name` of the repository whose git directory is
/// `git_dir` is kept; `None` when caching is switched off.
pub fn file(git_dir: &Path, name: &str) -> Option<PathBuf> {
    if std::env::var_os("ISMS_NO_CACHE").is_some() {
        return None;
    }
    Some(git_dir.join("isms").join(name))
}

/// What follows the first line of a cache file when that line is
/// `header`.
pub fn body<'a>(bytes: &'a [u8], header: &str) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(header.as_bytes())?;
    rest.strip_prefix(b"\n")
}

/// Writes `bytes` to a temporary file beside `file`, then renames it over
/// `file`; a file that cannot be written is no error (it is a cache).
pub fn write_over(file: &Path, bytes: &[u8]) {
    let Some(dir) = file.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) else {
        return;
    };
    use std::io::Write as _;
    if tmp.write_all(bytes).is_ok() {
        let _ = tmp.persist(file);
    }
}

/// Writes `lines`, the payload's SHA-256 digest as a line, then `payload`
/// over `file` ([`write_over`]).
pub fn write_digested(file: &Path, lines: &[String], payload: &[u8]) {
    let mut bytes = Vec::with_capacity(payload.len() + 200);
    for line in lines
        .iter()
        .map(String::as_str)
        .chain([hex::encode(sha2::Sha256::digest(payload)).as_str()])
    {
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(payload);
    write_over(file, &bytes);
}

/// The payload of a file [`write_digested`] wrote, when it begins with
/// exactly `lines` and the payload's digest matches.
pub fn read_digested<'a>(bytes: &'a [u8], lines: &[String]) -> Option<&'a [u8]> {
    let mut rest = bytes;
    for line in lines {
        rest = body(rest, line)?;
    }
    let end = rest.iter().position(|b| *b == b'\n')?;
    let (digest, payload) = (&rest[..end], &rest[end + 1..]);
    (digest == hex::encode(sha2::Sha256::digest(payload)).as_bytes()).then_some(payload)
}
