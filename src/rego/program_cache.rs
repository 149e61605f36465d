//! The compiled-rules cache: the VM program of a set of rule entry points,
//! kept under the repository's git directory (`.git/isms/rules`) so that a
//! re-run with the same rules (a pre-commit hook runs on every commit)
//! does not compile them again.
//!
//! The program is keyed by a digest of everything it is compiled from: the
//! tool's version and build (its executable's size and time: regorus, the
//! compiler and the vocabulary are built into it), the entry points, and
//! the name and exact text of every Rego file loaded, in load order. The
//! payload carries its own digest. A file with another key, another
//! version's header, a damaged payload or one regorus cannot read whole is
//! ignored and replaced, never an error: it is a speed-up only, and a warm
//! run evaluates the very program a cold run compiles. `ISMS_NO_CACHE` set
//! means no cache.

use regorus::rvm::program::{DeserializationResult, Program};
use sha2::Digest as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The first line of the file: the format and the tool that wrote it.
fn header() -> String {
    format!("isms-rules-cache v1 isms {}", env!("CARGO_PKG_VERSION"))
}

/// Where the cache of the repository whose git directory is `git_dir` is
/// kept; `None` when caching is switched off.
pub fn file(git_dir: &Path) -> Option<PathBuf> {
    crate::caches::file(git_dir, "rules")
}

/// The build of the running tool: its executable's size and modification
/// time. A development build keeps the package's version number while
/// regorus, the compiler's options or the vocabulary change under it; any
/// rebuild or reinstall is another build, whose programs are compiled
/// afresh. `None` (no caching) when the executable cannot be looked at.
pub(super) fn build() -> Option<String> {
    let meta = std::env::current_exe().ok()?.metadata().ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("{} {}", meta.len(), modified.as_nanos()))
}

/// The digest of what a program is compiled from: the tool and its build,
/// the entry points and every source (name and text), each field
/// length-prefixed so that no two different inputs run together into the
/// same bytes. `None` when the build cannot be told.
pub fn key<'a>(entries: &[String], sources: impl Iterator<Item = (&'a str, &'a str)>) -> Option<String> {
    let build = build()?;
    let mut h = sha2::Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(header().as_bytes());
    field(build.as_bytes());
    field(&(entries.len() as u64).to_le_bytes());
    for e in entries {
        field(e.as_bytes());
    }
    for (name, text) in sources {
        field(name.as_bytes());
        field(text.as_bytes());
    }
    Some(hex::encode(h.finalize()))
}

/// The program kept in `file` under `key`, when there is one and it reads
/// back whole.
pub fn read(file: &Path, key: &str) -> Option<Arc<Program>> {
    let bytes = std::fs::read(file).ok()?;
    let payload = crate::caches::read_digested(&bytes, &[header(), key.to_string()])?;
    match Program::deserialize_binary(payload).ok()? {
        DeserializationResult::Complete(program) => Some(Arc::new(program)),
        DeserializationResult::Partial(_) => None,
    }
}

/// Keeps `program` in `file` under `key` (written to a temporary file, then
/// renamed over the old one). A cache that cannot be written is no error.
pub fn write(file: &Path, key: &str, program: &Program) {
    let Ok(payload) = program.serialize_binary() else {
        return;
    };
    crate::caches::write_digested(file, &[header(), key.to_string()], &payload);
}
