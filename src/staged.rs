//! `isms check --staged`: the ISMS as it is in the git index (what is about
//! to be committed), written out to a private temporary folder so that the
//! ordinary loader reads it with the same limits and locations.

use crate::diag::{Problem, Problems};
use std::path::Path;

/// Writes the staged files under the ISMS root to a temporary folder and
/// returns it; the folder is removed when the value is dropped.
pub fn materialize(root: &Path) -> Result<tempfile::TempDir, Problems> {
    let fail =
        |what: &str, e: &dyn std::fmt::Display| Problems(vec![Problem::new("git::error", format!("{what}: {e}"))]);
    let repo = git2::Repository::discover(root).map_err(|e| {
        Problems(vec![
            Problem::new(
                "git::not-a-repository",
                format!(
                    "{} is not inside a git repository: there is no index to check",
                    root.display()
                ),
            )
            .help(format!("run `isms check` without --staged ({})", e.message())),
        ])
    })?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| Problems(vec![Problem::new("git::bare", "the repository has no work tree")]))?;
    let workdir = workdir
        .canonicalize()
        .map_err(|e| fail("cannot read the work tree", &e))?;
    let root = root
        .canonicalize()
        .map_err(|e| fail("cannot read the ISMS folder", &e))?;
    let prefix = match root.strip_prefix(&workdir) {
        Ok(rel) if rel.as_os_str().is_empty() => String::new(),
        Ok(rel) => format!("{}/", rel.to_string_lossy().replace('\\', "/")),
        Err(_) => String::new(),
    };
    let index = repo.index().map_err(|e| fail("cannot read the git index", &e))?;
    let dir = tempfile::Builder::new()
        .prefix("isms-staged-")
        .tempdir()
        .map_err(|e| fail("cannot create a temporary folder", &e))?;
    for entry in index.iter() {
        let Ok(path) = std::str::from_utf8(&entry.path) else {
            continue;
        };
        let Some(rel) = path.strip_prefix(&prefix) else {
            continue;
        };
        // Regular files only: symlinks (0o120000) and submodules (0o160000)
        // are not ISMS content and are not followed.
        if entry.mode & 0o170000 != 0o100000 {
            continue;
        }
        // Entries in the middle of a merge conflict have stages 1–3.
        if (entry.flags >> 12) & 0x3 != 0 {
            continue;
        }
        if !crate::source::is_contained(rel) {
            continue;
        }
        let blob = repo
            .find_blob(entry.id)
            .map_err(|e| fail(&format!("cannot read the staged `{rel}`"), &e))?;
        let target = dir.path().join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail("cannot write a temporary file", &e))?;
        }
        std::fs::write(&target, blob.content()).map_err(|e| fail("cannot write a temporary file", &e))?;
    }
    Ok(dir)
}
