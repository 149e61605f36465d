//! The ISMS as git holds it, written out to a private temporary folder so
//! that the ordinary loader reads it with the same limits and locations:
//! the index for `isms check --staged` (what is about to be committed), a
//! commit for `isms github` (the head of a pull request).

use super::{Located, locate};
use crate::diag::{Problem, Problems};
use std::path::Path;

/// Writes one file of the copy, making its folders.
fn write(dir: &Path, rel: &str, content: &[u8]) -> std::io::Result<()> {
    let target = dir.join(rel);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(target, content)
}

/// Writes the staged files under the ISMS root to a temporary folder and
/// returns it; the folder is removed when the value is dropped.
pub fn materialize(root: &Path) -> Result<tempfile::TempDir, Problems> {
    let fail =
        |what: &str, e: &dyn std::fmt::Display| Problems(vec![Problem::new("git::error", format!("{what}: {e}"))]);
    let Located { repo, prefix, .. } = locate(root)?.ok_or_else(|| {
        Problems(vec![
            Problem::new(
                "git::not-a-repository",
                format!(
                    "{} is not inside a git repository: there is no index to check",
                    root.display()
                ),
            )
            .help("run `isms check` without --staged"),
        ])
    })?;
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
        write(dir.path(), rel, blob.content()).map_err(|e| fail("cannot write a temporary file", &e))?;
    }
    Ok(dir)
}

/// Writes the files under the ISMS root as they are in commit `rev` to a
/// temporary folder: what a pull request's head holds, read from git
/// objects, whatever is checked out (and without running anything of it).
pub fn materialize_commit(root: &Path, rev: &str) -> Result<tempfile::TempDir, Problems> {
    materialize_commit_only(root, rev, &|_| true)
}

/// [`materialize_commit`], writing only the files (paths relative to the
/// ISMS root) that `keep` accepts.
pub fn materialize_commit_only(
    root: &Path,
    rev: &str,
    keep: &dyn Fn(&str) -> bool,
) -> Result<tempfile::TempDir, Problems> {
    let fail =
        |what: &str, e: &dyn std::fmt::Display| Problems(vec![Problem::new("git::error", format!("{what}: {e}"))]);
    let Located { repo, prefix, .. } = locate(root)?.ok_or_else(|| {
        Problems(vec![Problem::new(
            "git::not-a-repository",
            format!("{} is not inside a git repository", root.display()),
        )])
    })?;
    let tree = isms_tree(&repo, prefix.trim_end_matches('/'), rev)?;
    let dir = tempfile::Builder::new()
        .prefix("isms-head-")
        .tempdir()
        .map_err(|e| fail("cannot create a temporary folder", &e))?;
    let mut failed: Option<Problems> = None;
    let walked = tree
        .walk(git2::TreeWalkMode::PreOrder, |parent, entry| {
            let name = match checked_name(parent, entry.name_bytes(), rev) {
                Ok(name) => name,
                Err(refused) => {
                    failed = Some(refused);
                    return git2::TreeWalkResult::Abort;
                }
            };
            // Regular files only (0o100644, 0o100755): no symlinks, no submodules.
            if entry.kind() != Some(git2::ObjectType::Blob) || entry.filemode() & 0o170000 != 0o100000 {
                return git2::TreeWalkResult::Ok;
            }
            let rel = format!("{parent}{name}");
            if !crate::source::is_contained(&rel) || !keep(&rel) {
                return git2::TreeWalkResult::Ok;
            }
            let written = repo
                .find_blob(entry.id())
                .map_err(|e| e.message().to_string())
                .and_then(|blob| write(dir.path(), &rel, blob.content()).map_err(|e| e.to_string()));
            match written {
                Ok(()) => git2::TreeWalkResult::Ok,
                Err(e) => {
                    failed = Some(fail(&format!("cannot write `{rel}`"), &e));
                    git2::TreeWalkResult::Abort
                }
            }
        })
        .map_err(|e| fail("cannot read a tree", &e.message()));
    match (failed, walked) {
        (Some(p), _) | (None, Err(p)) => Err(p),
        (None, Ok(())) => Ok(dir),
    }
}

/// The tree of the ISMS's folder `prefix` (no `/` at the end) in commit
/// `rev`.
fn isms_tree<'r>(repo: &'r git2::Repository, prefix: &str, rev: &str) -> Result<git2::Tree<'r>, Problems> {
    let fail =
        |what: &str, e: &dyn std::fmt::Display| Problems(vec![Problem::new("git::error", format!("{what}: {e}"))]);
    let commit = repo
        .revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .map_err(|e| {
            Problems(vec![
                Problem::new("git::error", format!("cannot resolve `{rev}`: {}", e.message()))
                    .help("fetch the full history (`fetch-depth: 0` in GitHub Actions)"),
            ])
        })?;
    let tree = commit.tree().map_err(|e| fail("cannot read a tree", &e.message()))?;
    if prefix.is_empty() {
        return Ok(tree);
    }
    let entry = tree
        .get_path(Path::new(prefix))
        .map_err(|e| fail(&format!("`{prefix}` is not in {rev}"), &e.message()))?;
    repo.find_tree(entry.id())
        .map_err(|e| fail("cannot read a tree", &e.message()))
}

/// The name of an entry of folder `parent` in `rev`, refused as the
/// history refuses it: a name that is not UTF-8 (never dropped), or one
/// git would not check out (`.`, `..`, `.git`).
fn checked_name<'n>(parent: &str, name: &'n [u8], rev: &str) -> Result<&'n str, Problems> {
    let Ok(name) = std::str::from_utf8(name) else {
        let rel = format!("{parent}{}", crate::source::escaped(name));
        return Err(Problems(vec![
            Problem::new(
                super::trees::NON_UTF8,
                format!("`{rel}` in {rev} is a name that is not UTF-8, which no rule can be told to govern or not"),
            )
            .in_path(rel)
            .help("rename it to a UTF-8 name (`git mv`)"),
        ]));
    };
    if name.is_empty() || name == "." || name == ".." || name.eq_ignore_ascii_case(".git") {
        let rel = format!("{parent}{name}");
        return Err(Problems(vec![
            Problem::new(
                super::trees::IRREGULAR,
                format!("`{rel}` in {rev} is a name git refuses to check out"),
            )
            .in_path(rel),
        ]));
    }
    Ok(name)
}
