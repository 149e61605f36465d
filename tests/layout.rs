//! The layout of `src/`, read from the sources: no two top-level modules
//! import each other, so the pipeline reads in one direction; and every
//! problem code the sources raise is in the catalogue (`diag::CODES`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every source file below `src/`: (path relative to it, text).
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
    out
}

/// Top-level module → the top-level modules it names as `crate::…`
/// (test modules left out).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in sources() {
        let top = rel.split('/').next().unwrap().trim_end_matches(".rs").to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let code = text.split("#[cfg(test)]").next().unwrap();
        for part in code.split("crate::").skip(1) {
            // `crate::a::…`, or each of `crate::{a, b::…}`.
            let names: Vec<&str> = match part.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .map(str::trim)
                    .collect(),
                None => vec![part],
            };
            for name in names {
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != top {
                    out.entry(top.clone()).or_default().insert(name);
                }
            }
        }
    }
    out
}

#[test]
fn no_two_modules_import_each_other() {
    let imports = imports();
    let mut pairs = BTreeSet::new();
    for (a, deps) in &imports {
        for b in deps {
            if imports.get(b).is_some_and(|d| d.contains(a)) {
                pairs.insert(if a < b {
                    (a.clone(), b.clone())
                } else {
                    (b.clone(), a.clone())
                });
            }
        }
    }
    assert!(pairs.is_empty(), "modules that import each other: {pairs:?}");
}

/// Every quoted `area::name` literal in the sources is a catalogued code,
/// and every catalogued code is used somewhere but in the catalogue itself.
#[test]
fn the_catalogue_of_codes_is_complete() {
    let mut used = BTreeSet::new();
    for (rel, text) in sources() {
        let text = if rel == "diag.rs" {
            // The catalogue names every code: not a use.
            let start = text.find("pub const CODES").unwrap();
            let end = start + text[start..].find("\n];").unwrap();
            format!("{}{}", &text[..start], &text[end..])
        } else {
            text
        };
        for part in text.split('"').skip(1).step_by(2) {
            if let Some((area, name)) = part.split_once("::") {
                let plain = |s: &str| {
                    !s.is_empty()
                        && s.chars()
                            .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
                };
                if plain(area) && plain(name) && !name.contains("::") {
                    used.insert(part.to_string());
                }
            }
        }
    }
    let catalogued: BTreeSet<String> = isms::diag::CODES.iter().map(|(c, _)| c.to_string()).collect();
    let missing: Vec<&String> = used.iter().filter(|c| !catalogued.contains(*c)).collect();
    assert!(missing.is_empty(), "codes not in diag::CODES: {missing:?}");
    let unused: Vec<&String> = catalogued.iter().filter(|c| !used.contains(*c)).collect();
    assert!(unused.is_empty(), "catalogued but never used: {unused:?}");
}

/// The gate is decided in one place, `check::Gate`: no command counts a
/// check's findings to choose its exit code. The pull-request use case
/// (`github/`) reads no environment and prints nothing: the edge of the
/// program is `cli/`.
#[test]
fn the_gate_is_decided_in_check_and_the_edge_is_the_cli() {
    let mut checked = 0;
    for (rel, text) in sources() {
        let code = text.split("#[cfg(test)]").next().unwrap();
        if rel.starts_with("cli/") {
            checked += 1;
            assert!(
                !code.contains("count(Severity::") && !code.contains("count(crate::findings::Severity::"),
                "{rel} counts findings to decide the gate: ask check::Gate"
            );
        }
        if rel.starts_with("github/") {
            checked += 1;
            for edge in ["std::env::", "print!(", "println!(", "eprint!(", "eprintln!("] {
                assert!(
                    !code.contains(edge),
                    "{rel} uses `{edge}`: reading the environment and printing are cli/'s"
                );
            }
        }
    }
    assert!(checked >= 10, "cli/ and github/ not found under src/ ({checked} files)");
}

/// No source file is over 600 lines (as `wc -l` counts them, unit tests
/// included), so a behaviour is found by its name: the declarative tables
/// (`config/kinds.rs`, `workspace/words.rs`) are exempt, and `history/`
/// has its own test.
#[test]
fn no_file_over_600_lines() {
    const TABLES: [&str; 2] = ["config/kinds.rs", "workspace/words.rs"];
    let mut checked = 0;
    let mut long = Vec::new();
    for (rel, text) in sources() {
        if TABLES.contains(&rel.as_str()) || rel.starts_with("history/") || !rel.ends_with(".rs") {
            continue;
        }
        checked += 1;
        let lines = text.matches('\n').count();
        if lines > 600 {
            long.push(format!("{rel} ({lines} lines)"));
        }
    }
    long.sort();
    assert!(checked >= 100, "src/ not found ({checked} files)");
    assert!(long.is_empty(), "files over 600 lines: {long:?}");
}
