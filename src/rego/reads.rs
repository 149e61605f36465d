//! What a rule package reads, found in its Rego text before evaluation:
//! the parts of the input (`input.registers.risks`, `input.now`) its
//! modules and the modules they refer to (`data.isms.lib.dates`) name, or
//! "all of it" where a reference cannot be read that far. The rule result
//! cache keys a package's answer by exactly these parts, so the reading is
//! conservative: any use of `input` or `data` not followed by a plain
//! `.name` counts as reading everything, and a package calling a builtin
//! whose answer is not a function of its arguments (the clock, randomness,
//! the network) is not cached at all.

use std::collections::BTreeSet;

/// How deep an input path is followed: `input.registers.risks` is kept,
/// `input.settings.risk.scale` is read as `input.settings.risk` (all of
/// it). Deeper would only cut the parts finer.
pub(super) const DEPTH: usize = 2;

/// Builtins whose answer is not a function of their arguments: a package
/// that can reach one is never answered from the cache.
const UNSTABLE: &[&str] = &[
    "time.now_ns",
    "rand.",
    "uuid.",
    "http.send",
    "net.lookup_ip_addr",
    "opa.runtime",
    // Checks a token's expiry against the clock.
    "io.jwt.decode_verify",
];

/// What a rule package reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reads {
    /// These parts of the input (each a path from the input's root),
    /// besides the rule sources and the data document.
    Parts(BTreeSet<Vec<String>>),
    /// The whole input.
    All,
    /// Something no input determines: never answered from a cache.
    Unstable,
}

/// One source file as read for references.
struct Module {
    /// The package path, `data.` left off (`isms.risk.score`).
    package: Vec<String>,
    /// Input paths named; `None`: the whole input.
    input: Option<BTreeSet<Vec<String>>>,
    /// `data.` paths named; `None`: all of `data` (every module).
    data: Option<BTreeSet<Vec<String>>>,
    unstable: bool,
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The `.name` segments right after position `at` of `code` (no spaces
/// between), up to `max` of them. What follows them (`[k]`, a part chosen
/// by value) is read as all of the path found so far.
fn segments(code: &[u8], mut at: usize, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    while out.len() < max
        && code.get(at) == Some(&b'.')
        && code.get(at + 1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
    {
        let start = at + 1;
        let mut end = start;
        while code.get(end).copied().is_some_and(is_ident) {
            end += 1;
        }
        out.push(String::from_utf8_lossy(&code[start..end]).into_owned());
        at = end;
    }
    out
}

/// Every use of the root name `root` (`input`, `data`) in `code`: the path
/// named after it, or `None` where it is used bare or by value.
fn uses(code: &str, root: &str, max: usize) -> Option<BTreeSet<Vec<String>>> {
    let bytes = code.as_bytes();
    let mut found = BTreeSet::new();
    let mut from = 0;
    while let Some(pos) = code[from..].find(root) {
        let at = from + pos;
        from = at + root.len();
        let before = at.checked_sub(1).map(|i| bytes[i]);
        // A field of something else (`r.input`) or a longer name (`inputs`).
        if before.is_some_and(|b| is_ident(b) || b == b'.') || bytes.get(from).copied().is_some_and(is_ident) {
            continue;
        }
        let path = segments(bytes, from, max);
        if path.is_empty() {
            return None;
        }
        found.insert(path);
    }
    Some(found)
}

fn read_module(text: &str) -> Module {
    let code = super::recursion::code_only(text);
    let package = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("package "))
        .map(|p| {
            // A quoted segment (`a["b-c"]`) ends the path read: shorter
            // matches more modules, never fewer.
            let plain = p.trim().split('[').next().unwrap_or("");
            plain.split('.').filter(|s| !s.is_empty()).map(String::from).collect()
        })
        .unwrap_or_default();
    // The `package` line names no data to read.
    let body: String = code
        .lines()
        .map(|l| if l.trim_start().starts_with("package ") { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    Module {
        package,
        input: uses(&body, "input", DEPTH),
        data: uses(&body, "data", usize::MAX),
        unstable: UNSTABLE.iter().any(|u| body.contains(u)),
    }
}

/// Whether one path is a prefix of the other (either way).
fn overlaps(a: &[String], b: &[String]) -> bool {
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// What each of `packages` (`data.`-rooted, as rule metadata names them)
/// reads, given every Rego source loaded (test files left out by the
/// caller).
pub fn reads<'a>(sources: impl Iterator<Item = &'a str>, packages: &[String]) -> Vec<Reads> {
    let modules: Vec<Module> = sources.map(read_module).collect();
    packages
        .iter()
        .map(|package| {
            let root: Vec<String> = package
                .strip_prefix("data.")
                .unwrap_or(package)
                .split('.')
                .map(String::from)
                .collect();
            // The package's own modules, then every module they refer to.
            let mut todo: Vec<usize> = (0..modules.len())
                .filter(|&i| overlaps(&modules[i].package, &root))
                .collect();
            if todo.is_empty() {
                // Its modules not found: nothing is known of what it reads.
                return Reads::All;
            }
            let mut seen: BTreeSet<usize> = todo.iter().copied().collect();
            let mut parts = BTreeSet::new();
            let mut all = false;
            while let Some(i) = todo.pop() {
                let m = &modules[i];
                if m.unstable {
                    return Reads::Unstable;
                }
                match &m.input {
                    Some(paths) => parts.extend(paths.iter().cloned()),
                    None => all = true,
                }
                for (j, other) in modules.iter().enumerate() {
                    let referred = match &m.data {
                        None => true,
                        Some(paths) => paths.iter().any(|p| overlaps(p, &other.package)),
                    };
                    if referred && seen.insert(j) {
                        todo.push(j);
                    }
                }
            }
            if all { Reads::All } else { Reads::Parts(parts) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(list: &[&[&str]]) -> Reads {
        Reads::Parts(list.iter().map(|p| p.iter().map(|s| s.to_string()).collect()).collect())
    }

    #[test]
    fn the_input_paths_a_package_and_its_libraries_name() {
        let lib = "package lib.dates\n\nnow_ns := time.parse_ns(\"2006-01-02\", input.now)\n";
        let rule = "package r\n\nimport data.lib.dates\n\n# input.people is only a comment\n\
                    deny contains x if {\n\tsome x in input.registers.risks\n\tx.input < dates.now_ns\n\
                    \tinput.settings.risk.scale > 1\n\tmsg := \"input.documents\"\n}\n";
        let other = "package q\n\ndeny contains input.registers.assets[_]\n";
        let got = reads([lib, rule, other].into_iter(), &["data.r".into(), "data.q".into()]);
        assert_eq!(
            got,
            [
                parts(&[&["now"], &["registers", "risks"], &["settings", "risk"]]),
                parts(&[&["registers", "assets"]])
            ]
        );
    }

    #[test]
    fn imports_aliases_and_a_package_over_two_files() {
        let lib = "package lib.util\n\nowners := {r.owner | some r in input.registers.risks}\n";
        let first = "package r\n\nimport input.registers.assets as assets\nimport data.lib.util as u\n\n\
                     deny contains a.id if {\n\tsome a in assets\n\tnot u.owners[a.owner]\n}\n";
        let second = "package r\n\nwarn contains p if { some p in input.people }\n";
        assert_eq!(
            reads([lib, first, second].into_iter(), &["data.r".into()]),
            [parts(&[&["people"], &["registers", "assets"], &["registers", "risks"]])]
        );
        // `import input` (the whole document under another name), `import data`.
        for import in ["import input as i", "import data"] {
            let text = format!("package r\n\n{import}\n\ndeny contains 1 if input.now\n");
            let got = reads([lib, text.as_str()].into_iter(), &["data.r".into()]);
            let want = if import == "import data" {
                parts(&[&["now"], &["registers", "risks"]])
            } else {
                Reads::All
            };
            assert_eq!(got, [want], "{import}");
        }
    }

    #[test]
    fn a_bare_or_computed_use_reads_everything() {
        for body in [
            "deny contains x if { x := input }",
            "deny contains x if { some k; x := input[k] }",
            "deny contains x if { x := object.get(input, \"registers\", {}) }",
            "deny contains x if { x := data.lib.f with input as {} }",
        ] {
            let text = format!("package r\n\n{body}\n");
            assert_eq!(
                reads([text.as_str()].into_iter(), &["data.r".into()]),
                [Reads::All],
                "{body}"
            );
        }
    }

    #[test]
    fn data_read_by_value_takes_in_every_module() {
        let lib = "package lib\n\nx := input.people\n";
        let rule = "package r\n\ndeny contains y if { some k; y := data[k].x }\n";
        assert_eq!(
            reads([lib, rule].into_iter(), &["data.r".into()]),
            [parts(&[&["people"]])]
        );
        let rule = "package r\n\ndeny contains y if { y := data.lib[\"x\"] }\n";
        assert_eq!(
            reads([lib, rule].into_iter(), &["data.r".into()]),
            [parts(&[&["people"]])]
        );
    }

    #[test]
    fn the_clock_randomness_and_the_network_are_never_cached() {
        for call in [
            "time.now_ns()",
            "rand.intn(\"x\", 9)",
            "uuid.rfc4122(\"x\")",
            "http.send({})",
        ] {
            let lib = format!("package lib\n\nf := {call}\n");
            let rule = "package r\n\nimport data.lib\n\ndeny contains lib.f if input.now\n";
            assert_eq!(
                reads([lib.as_str(), rule].into_iter(), &["data.r".into()]),
                [Reads::Unstable],
                "{call}"
            );
        }
    }

    #[test]
    fn the_built_in_packs_reads() {
        let sources: Vec<&str> = crate::rego::builtin_files()
            .iter()
            .filter(|(name, _)| !name.ends_with("_test.rego"))
            .map(|(_, text)| *text)
            .collect();
        let got = reads(
            sources.iter().copied(),
            &["data.isms.risk.score".into(), "data.isms.risk.review".into()],
        );
        assert_eq!(got[0], parts(&[&["registers", "risks"], &["settings", "risk"]]));
        let Reads::Parts(review) = &got[1] else {
            panic!("risk.review reads parts: {:?}", got[1]);
        };
        assert!(review.contains(&vec!["now".to_string()]), "{review:?}");
        assert!(
            review.contains(&vec!["registers".to_string(), "risks".to_string()]),
            "{review:?}"
        );
    }
}
