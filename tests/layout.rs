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

/// A source's code without its test module: what follows a `#[cfg(test)]`
/// that opens a module.
fn without_tests(text: &str) -> &str {
    let mut from = 0;
    while let Some(at) = text[from..].find("#[cfg(test)]") {
        let at = from + at;
        let rest = text[at + "#[cfg(test)]".len()..].trim_start();
        let rest = match rest.strip_prefix("#[path") {
            Some(r) => r.split_once(']').map_or(r, |(_, r)| r).trim_start(),
            None => rest,
        };
        if rest.starts_with("mod ") {
            return &text[..at];
        }
        from = at + 1;
    }
    text
}

/// The code of a source with comments, strings and character literals
/// blanked out (line ends kept), so that braces and names in them do not
/// count.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |out: &mut String, s: &[u8]| {
        for &c in s {
            out.push(if c == b'\n' { '\n' } else { ' ' });
        }
    };
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            let end = text[i..].find('\n').map_or(b.len(), |e| i + e);
            blank(&mut out, &b[i..end]);
            i = end;
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let end = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            blank(&mut out, &b[i..end]);
            i = end;
        } else if c == b'r'
            && matches!(b.get(i + 1), Some(b'#') | Some(b'"'))
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'_')
        {
            let hashes = b[i + 1..].iter().take_while(|&&h| h == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            let close = format!("\"{}", "#".repeat(hashes));
            let start = i + 2 + hashes;
            let end = text[start..].find(&close).map_or(b.len(), |e| start + e + close.len());
            blank(&mut out, &b[i..end]);
            i = end;
        } else if c == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(b.len());
            blank(&mut out, &b[i..end]);
            i = end;
        } else if c == b'\'' {
            // A character literal (`'{'`, `'\n'`, `'\u{7f}'`), not a lifetime.
            let end = if b.get(i + 1) == Some(&b'\\') {
                text[i + 2..].find('\'').map(|e| i + 2 + e + 1)
            } else {
                let ch = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + ch) == Some(&b'\'')).then_some(i + 2 + ch)
            };
            match end {
                Some(end) => {
                    blank(&mut out, &b[i..end]);
                    i = end;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let ch = text[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// The identifiers of `code`, in order, each with the text that follows it.
fn idents(code: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let b = code.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphabetic() || b[i] == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push((&code[start..i], &code[i..]));
        } else {
            i += 1;
        }
    }
    out
}

/// The names a path continues with after `prefix::`: one name, or each of
/// a `{…}` group (its first segment).
fn names_after(rest: &str) -> Vec<String> {
    let first = |s: &str| -> String {
        s.trim()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    match rest.strip_prefix('{') {
        Some(group) => {
            // The group's top-level items (nested groups belong to their item).
            let mut depth = 0;
            let mut items = vec![String::new()];
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => items.push(String::new()),
                    _ => {}
                }
                if let Some(last) = items.last_mut() {
                    last.push(c);
                }
            }
            items
                .iter()
                .map(|i| first(i.trim_start_matches(',')))
                .filter(|n| !n.is_empty())
                .collect()
        }
        None => vec![first(rest)].into_iter().filter(|n| !n.is_empty()).collect(),
    }
}

/// Per folder of `src/` (`history`, `report/pack`, …): each file's module
/// name (`mod` for mod.rs) → the modules of the same folder it imports.
/// A name a child takes from `super::` that mod.rs re-exports (`pub use
/// judge::Judge`) is an import of the module that defines it; mod.rs's
/// re-exports and `mod` lines are its table of contents, not imports.
fn folder_imports() -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let sources = sources();
    let mut folders: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (rel, text) in &sources {
        let Some((folder, file)) = rel.rsplit_once('/') else {
            continue;
        };
        let module = file.trim_end_matches(".rs").to_string();
        folders
            .entry(folder.to_string())
            .or_default()
            .insert(module, code_only(without_tests(text)));
    }
    let mut out = BTreeMap::new();
    for (folder, files) in &folders {
        // A folder's modules: its files, and its subfolders with a mod.rs.
        let mut modules: BTreeSet<String> = files.keys().filter(|m| *m != "mod").cloned().collect();
        for sub in folders.keys() {
            if let Some(name) = sub.strip_prefix(&format!("{folder}/")) {
                if !name.contains('/') {
                    modules.insert(name.to_string());
                }
            }
        }
        // What mod.rs re-exports: item → the module defining it.
        let mut exported: BTreeMap<String, String> = BTreeMap::new();
        let head = files.get("mod").cloned().unwrap_or_default();
        for statement in head.split(';') {
            let s = statement.trim();
            let Some(path) = ["pub use ", "pub(crate) use ", "pub(super) use "]
                .iter()
                .find_map(|p| s.strip_prefix(p))
            else {
                continue;
            };
            let Some((module, rest)) = path.split_once("::") else {
                continue;
            };
            if !modules.contains(module.trim()) {
                continue;
            }
            let items: Vec<String> = match rest.trim().strip_prefix('{') {
                Some(group) => group.trim_end_matches('}').split(',').map(|i| i.to_string()).collect(),
                None => vec![rest.to_string()],
            };
            for item in items {
                let item = item.trim();
                let name = match item.rsplit_once(" as ") {
                    Some((_, alias)) => alias.trim(),
                    None => item.rsplit("::").next().unwrap_or(item).trim(),
                };
                if !name.is_empty() && name != "*" {
                    exported.insert(name.to_string(), module.trim().to_string());
                }
            }
        }
        let resolve = |name: &str| -> String {
            if modules.contains(name) {
                name.to_string()
            } else {
                exported.get(name).cloned().unwrap_or_else(|| "mod".to_string())
            }
        };
        let crate_path = format!("crate::{}::", folder.replace('/', "::"));
        let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (module, code) in files {
            let mut named = BTreeSet::new();
            if module == "mod" {
                // Its own code: every statement but the table of contents.
                for statement in code.split_inclusive([';', '}']) {
                    let s = statement.trim_start();
                    if [
                        "pub use ",
                        "pub(crate) use ",
                        "pub(super) use ",
                        "mod ",
                        "pub mod ",
                        "pub(crate) mod ",
                    ]
                    .iter()
                    .any(|p| s.starts_with(p))
                    {
                        continue;
                    }
                    let tokens = idents(statement);
                    for (k, (name, rest)) in tokens.iter().enumerate() {
                        let after_path = k > 0 && {
                            let before = &statement[..statement.len() - rest.len() - name.len()];
                            before.trim_end().ends_with("::") && !before.trim_end().ends_with("self::")
                        };
                        if after_path {
                            continue;
                        }
                        if modules.contains(*name) && rest.starts_with("::") {
                            named.insert(name.to_string());
                        } else if let Some(m) = exported.get(*name) {
                            named.insert(m.clone());
                        }
                    }
                }
            } else {
                for (at, _) in code.match_indices("super::") {
                    if code[..at].ends_with("super::") {
                        continue;
                    }
                    let rest = &code[at + "super::".len()..];
                    if rest.starts_with("super::") {
                        continue;
                    }
                    named.extend(names_after(rest).iter().map(|n| resolve(n)));
                }
            }
            for (at, _) in code.match_indices(&crate_path) {
                let rest = &code[at + crate_path.len()..];
                named.extend(names_after(rest).iter().map(|n| resolve(n)));
            }
            named.remove(module);
            imports.insert(module.clone(), named);
        }
        // mod.rs is the folder's entrance (its table of contents and the
        // few items every room shares), not a room of it.
        imports.remove("mod");
        for named in imports.values_mut() {
            named.remove("mod");
        }
        out.insert(folder.clone(), imports);
    }
    out
}

/// A cycle of imports in `graph`, when there is one.
fn a_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

/// Cycles known and left to their folders' owners, each a pair of modules
/// that import each other: the test fails once one is gone, so that it is
/// taken off this list.
const KNOWN_CYCLES: &[(&str, &str, &str)] = &[
    // None left: report/pack's `percent` lives in `doc`, a note's head in
    // workspace's `note_head`.
];

#[test]
fn no_import_cycle_inside_a_folder() {
    let mut cycles = Vec::new();
    for (folder, mut graph) in folder_imports() {
        for (f, a, b) in KNOWN_CYCLES.iter().filter(|(f, _, _)| *f == folder) {
            let mutual = graph.get(*a).is_some_and(|d| d.contains(*b)) && graph.get(*b).is_some_and(|d| d.contains(*a));
            assert!(
                mutual,
                "{f}/: {a} and {b} no longer import each other: take them off KNOWN_CYCLES"
            );
            graph.entry(a.to_string()).or_default().remove(*b);
        }
        if let Some(cycle) = a_cycle(&graph) {
            cycles.push(format!("{folder}/: {}", cycle.join(" → ")));
        }
    }
    assert!(
        cycles.is_empty(),
        "import cycles inside folders:\n{}",
        cycles.join("\n")
    );
}

/// The import check sees what it must: a child naming a sibling through
/// mod.rs's re-export, and mod.rs's own code naming a child.
#[test]
fn folder_imports_are_read_through_re_exports() {
    let imports = folder_imports();
    let history = &imports["history"];
    // `use super::Repo;` in facts.rs: the re-export of `repo::Repo`.
    assert!(history["facts"].contains("repo"), "{history:?}");
    // `use super::line::Line;` in state.rs: the module itself.
    assert!(history["state"].contains("line"), "{history:?}");
    // The plumbing judges nothing.
    for judging in ["gate", "judge", "verified", "versions", "content"] {
        assert!(!history["repo"].contains(judging), "{history:?}");
    }
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]
    .into();
    assert_eq!(a_cycle(&graph).unwrap(), ["a", "b", "a"]);
    assert_eq!(names_after("{a, b::{c, d}, e::f}"), ["a", "b", "e"]);
    assert_eq!(
        code_only("let s = \"{\"; // }\nlet c = '{';"),
        "let s =    ;     \nlet c =    ;"
    );
}

/// Every `fn` of the code of a source: (name, first line, lines it spans).
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let tokens = idents(code);
    for (name, rest) in tokens.iter().filter(|(n, _)| *n == "fn").map(|(_, rest)| {
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        (name, *rest)
    }) {
        let start = code.len() - rest.len();
        // The body: from the first `{` at depth 0 of the signature (a
        // declaration without one ends at `;`).
        let mut depth = 0i32;
        let mut open = None;
        for (k, c) in rest.char_indices() {
            match c {
                '(' | '[' | '<' if open.is_none() => depth += 1,
                ')' | ']' | '>' if open.is_none() => depth -= 1,
                ';' if open.is_none() && depth <= 0 => break,
                '{' if open.is_none() && depth <= 0 => {
                    open = Some(k);
                    break;
                }
                _ => {}
            }
        }
        let Some(open) = open else { continue };
        let mut braces = 0;
        let mut end = None;
        for (k, c) in rest[open..].char_indices() {
            match c {
                '{' => braces += 1,
                '}' => {
                    braces -= 1;
                    if braces == 0 {
                        end = Some(open + k);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else { continue };
        let first = code[..start].matches('\n').count() + 1;
        let lines = rest[..end].matches('\n').count() + 1;
        out.push((name, first, lines));
    }
    out
}

/// The gate's judgement reads top-down: no function in `history/` or
/// `check/` longer than 80 lines (test modules aside).
#[test]
fn no_long_function_in_the_gate() {
    let mut long = Vec::new();
    for (rel, text) in sources() {
        // Tests kept in a file of their own are no part of the gate.
        if !(rel.starts_with("history/") || rel.starts_with("check/")) || rel.ends_with("_tests.rs") {
            continue;
        }
        for (name, line, lines) in functions(&code_only(without_tests(&text))) {
            if lines > 80 {
                long.push(format!("{rel}:{line} fn {name}: {lines} lines"));
            }
        }
    }
    assert!(long.is_empty(), "functions over 80 lines:\n{}", long.join("\n"));
}

#[test]
fn function_lengths_are_measured_to_the_closing_brace() {
    let code = code_only("fn a(x: Vec<u8>) -> u8 {\n    let s = \"}\";\n    0\n}\nfn b();\nfn c() {}\n");
    assert_eq!(functions(&code), [("a".to_string(), 1, 4), ("c".to_string(), 6, 1)]);
}

/// No file of `history/` over 600 lines.
#[test]
fn no_long_file_in_history() {
    let long: Vec<String> = sources()
        .into_iter()
        .filter(|(rel, _)| rel.starts_with("history/"))
        .map(|(rel, text)| (rel, text.lines().count()))
        .filter(|(_, n)| *n > 600)
        .map(|(rel, n)| format!("{rel}: {n} lines"))
        .collect();
    assert!(long.is_empty(), "files over 600 lines:\n{}", long.join("\n"));
}

/// `history::Repo` is plumbing: the files it is made of, and everything
/// they import inside `history/`, name nothing of configuration or
/// judging.
#[test]
fn the_history_plumbing_judges_nothing() {
    let plumbing = ["objects", "trees", "repo", "facts", "facts_cache", "model"];
    let history = &folder_imports()["history"];
    for module in plumbing {
        let outside: Vec<&String> = history[module]
            .iter()
            .filter(|m| !plumbing.contains(&m.as_str()))
            .collect();
        assert!(outside.is_empty(), "history/{module}.rs imports {outside:?}");
    }
    for (rel, text) in sources() {
        let Some(module) = rel.strip_prefix("history/").and_then(|f| f.strip_suffix(".rs")) else {
            continue;
        };
        if plumbing.contains(&module) {
            let code = code_only(without_tests(&text));
            for judging in ["crate::config", "crate::findings", "crate::check", "crate::rego"] {
                assert!(!code.contains(judging), "history/{module}.rs names {judging}");
            }
        }
    }
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
