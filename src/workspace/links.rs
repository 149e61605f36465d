//! Links between the pages of the ISMS: which relative links and which
//! vault `[[name]]` links of a document lead to no file of the repository.

use crate::source::Span;
use std::collections::HashSet;
use std::path::Path;

/// The links of the document at `name` (a path of the repository) that
/// lead nowhere; `notes` holds every file's path and the ends of it,
/// lower-cased.
pub(super) fn broken(
    root: &Path,
    name: &str,
    links: Vec<(String, Span)>,
    notes: &HashSet<String>,
) -> Vec<(String, Span)> {
    let folder = name.rsplit_once('/').map_or("", |(f, _)| f).to_string();
    // A site generator publishes `a/b.md` at `a/b/` (Hugo's pretty
    // URLs): its relative links are read from there too.
    let page = name.rsplit_once('.').map_or(name, |(p, _)| p).to_string();
    // `[[name]]` is a link only where a note-taking tool made it (a
    // folder of the page, or the repository, is an Obsidian vault or a
    // Foam workspace): elsewhere it is text.
    let vault = links.iter().any(|(t, _)| t.starts_with("[["))
        && std::iter::successors(Some(folder.as_str()), |f| {
            (!f.is_empty()).then(|| f.rsplit_once('/').map_or("", |(up, _)| up))
        })
        .any(|f| {
            let at = root.join(f);
            at.join(".obsidian").is_dir() || at.join(".foam").exists()
        });
    links
        .into_iter()
        .filter(
            |(target, _)| match target.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")) {
                Some(name) => vault && !names_a_note(notes, name),
                None => !leads_somewhere(root, &folder, target) && !leads_somewhere(root, &page, target),
            },
        )
        .collect()
}

/// Whether a vault's `[[name]]` (`Supplier procedure`, `policies/Access`,
/// `diagram.png`, `Note#Heading`, `Note|shown as`) names one of its files:
/// a note by its name or its path's end, with or without `.md`.
fn names_a_note(notes: &HashSet<String>, name: &str) -> bool {
    let name = name.split(['#', '|']).next().unwrap_or("").trim().to_lowercase();
    if name.is_empty() {
        return true;
    }
    notes.contains(&name) || notes.contains(&format!("{name}.md"))
}

/// Whether a relative link of a document in `folder` leads to a file or
/// folder of the repository (as a site resolves it: the path, the path
/// with `.md`, or its folder's index). A link that climbs out of the
/// repository is not judged.
fn leads_somewhere(root: &Path, folder: &str, target: &str) -> bool {
    let path = target.split(['#', '?']).next().unwrap_or("").replace("%20", " ");
    if path.is_empty() {
        return true;
    }
    let joined = if folder.is_empty() {
        path.clone()
    } else {
        format!("{folder}/{path}")
    };
    if !crate::source::is_contained(&joined) {
        return true;
    }
    // `..` taken lexically: the folder it climbs out of need not exist (a
    // page's published address).
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    let base = root.join(&joined);
    let candidates = [
        base.clone(),
        root.join(format!("{joined}.md")),
        base.join("index.md"),
        base.join("_index.md"),
        base.join("README.md"),
    ];
    candidates.iter().any(|c| c.exists())
}

/// A value with its Markdown links written as their text (a wiki's
/// mention of a person): read where references are resolved.
pub use crate::config::without_links;
