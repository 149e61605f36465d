//! The files `isms adopt` reads: the folder walked, with archived copies
//! and the machinery of a site (its build, its theme, its partials) left
//! out.

use std::path::Path;

/// The register for each kind: each table is the kind it fits best; of
/// several tables of one kind, the best fit wins and the others are said.
/// Whether a path names a copy kept for the record: in an archive or
/// old-versions folder, or named as archived, superseded or old.
pub(super) fn is_archived(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "archive"
                | "archived"
                | "archives"
                | "old"
                | "superseded"
                | "obsolete"
                | "previous"
                | "backup"
                | "bak"
                | "deprecated"
                | "retired"
                | "alt"
                | "archiv"
        )
    })
}

/// Files of a site or a tool rather than of the ISMS.
pub(super) fn is_machinery(rel: &str) -> bool {
    let file = rel.rsplit('/').next().unwrap_or(rel).to_lowercase();
    file.starts_with("package")
        || file.starts_with("tsconfig")
        || file.starts_with("docusaurus.config")
        || file.starts_with("mkdocs.")
        || file == "_category_.json"
        || file == "authors.yml"
        || file == "sidebars.js"
        || file == crate::config::FILE_NAME
        || file.starts_with('.')
}

/// Files under `dir` (relative, `/`-separated), skipping hidden folders
/// and those of build tools.
pub(super) fn walk(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || {
                let name = e.file_name().to_string_lossy();
                !name.starts_with('.')
                    && !matches!(
                        name.as_ref(),
                        "target" | "node_modules" | "build" | "site" | "dist" | "vendor"
                    )
            }
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}
