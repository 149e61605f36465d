//! Recursive Rego functions, found before evaluation. Rego forbids
//! recursion; regorus detects it for rules but not for functions, and a
//! function that calls itself (directly or through others) would run the
//! evaluator out of stack and abort the process. This check reads each
//! file's top-level function definitions and the calls in their bodies, and
//! reports a cycle among the functions of one package with its place.

use std::collections::{BTreeMap, BTreeSet};

/// A cycle found: the functions in call order (the first repeated at the
/// end) and the line of the first one's definition (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub names: Vec<String>,
    pub line: usize,
}

/// The text with comments and string contents blanked (same length, same
/// lines), so that `#` or `f(` inside them is not read as code.
pub(super) fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let (mut in_string, mut in_raw, mut in_comment) = (false, false, false);
    while let Some(c) = chars.next() {
        if in_comment {
            if c == '\n' {
                in_comment = false;
                out.push('\n');
            } else {
                out.push(' ');
            }
        } else if in_string {
            match c {
                '\\' => {
                    out.push(' ');
                    if let Some(next) = chars.next() {
                        out.push(if next == '\n' { '\n' } else { ' ' });
                    }
                }
                '"' => {
                    in_string = false;
                    out.push('"');
                }
                '\n' => out.push('\n'),
                _ => out.push(' '),
            }
        } else if in_raw {
            if c == '`' {
                in_raw = false;
                out.push('`');
            } else {
                out.push(if c == '\n' { '\n' } else { ' ' });
            }
        } else {
            match c {
                '#' => {
                    in_comment = true;
                    out.push(' ');
                }
                '"' => {
                    in_string = true;
                    out.push('"');
                }
                '`' => {
                    in_raw = true;
                    out.push('`');
                }
                c => out.push(c),
            }
        }
    }
    out
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The identifier at the start of `line`, when a `(` follows it.
fn defined_function(line: &str) -> Option<&str> {
    if !line.starts_with(is_ident_start) {
        return None;
    }
    let end = line.find(|c: char| !is_ident(c)).unwrap_or(line.len());
    let name = &line[..end];
    if matches!(name, "package" | "import" | "default") {
        return None;
    }
    line[end..].starts_with('(').then_some(name)
}

/// Identifiers followed by `(` in `body` (not preceded by `.`: `time.add_date`
/// is a built-in, `data.x.f` another package).
fn calls(body: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if is_ident_start(c) && (i == 0 || !(is_ident(bytes[i - 1] as char) || bytes[i - 1] == b'.')) {
            let start = i;
            while i < bytes.len() && is_ident(bytes[i] as char) {
                i += 1;
            }
            let mut j = i;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'(' {
                out.insert(&body[start..i]);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The first cycle among the functions defined in `text` (one file, one
/// package), if any.
pub fn find(text: &str) -> Option<Cycle> {
    let code = code_only(text);
    // Function name → (first definition line, the calls of all its bodies).
    let mut functions: BTreeMap<&str, (usize, BTreeSet<&str>)> = BTreeMap::new();
    let mut current: Option<&str> = None;
    for (n, line) in code.lines().enumerate() {
        if line.starts_with(is_ident_start) {
            current = defined_function(line);
            if let Some(name) = current {
                functions.entry(name).or_insert((n + 1, BTreeSet::new()));
            }
        }
        if let Some(name) = current {
            let body = match defined_function(line) {
                // The head's own name is a definition, not a call.
                Some(def) => &line[def.len()..],
                None => line,
            };
            if let Some(entry) = functions.get_mut(name) {
                entry.1.extend(calls(body));
            }
        }
    }
    let names: Vec<&str> = functions.keys().copied().collect();
    for start in names {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(start, vec![start])];
        let mut seen = BTreeSet::new();
        while let Some((at, path)) = stack.pop() {
            let Some((_, called)) = functions.get(at) else { continue };
            for &next in called {
                if next == start {
                    let mut names: Vec<String> = path.iter().map(|s| s.to_string()).collect();
                    names.push(start.to_string());
                    return Some(Cycle {
                        names,
                        line: functions[start].0,
                    });
                }
                if functions.contains_key(next) && seen.insert(next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push((next, longer));
                }
            }
        }
    }
    None
}

/// Whether Rego text uses the `every` keyword in its code (not in a
/// comment or a string).
pub fn uses_every(text: &str) -> bool {
    let code = code_only(text);
    code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .any(|w| w == "every")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_and_mutual_recursion() {
        let c = find("package p\n\nf(x) := f(x + 1)\n").unwrap();
        assert_eq!((c.names, c.line), (vec!["f".to_string(), "f".to_string()], 3));
        let c = find("package p\n\n# f calls g\nf(x) := y if {\n\ty := g(x)\n}\n\ng(x) := f(x)\n").unwrap();
        assert_eq!(c.names, ["f", "g", "f"]);
    }

    #[test]
    fn calls_in_comments_strings_builtins_and_other_packages_do_not_count() {
        let text = "package p\n\nf(x) := y if {\n\t# f(x) again\n\ty := sprintf(\"f(%v)\", [x])\n\tcount(time.f(1)) > 0\n\tdata.q.f(1)\n}\n\ndeny contains f(1)\n";
        assert_eq!(find(text), None);
    }

    #[test]
    fn the_built_in_pack_has_no_recursion() {
        for (name, text) in crate::rego::builtin_files() {
            assert_eq!(find(text), None, "{name}");
        }
    }
}
