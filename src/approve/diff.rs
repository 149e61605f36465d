//! What a governed change shows its approver: the diff of a file between
//! two entries of its history, with control characters made visible.

use crate::history;
use std::path::Path;

/// The unified diff of one governed change (`from` → `to`), coloured for
/// a terminal when `color`.
pub fn diff(root: &Path, path: &str, from: history::Entry, to: history::Entry, color: bool) -> String {
    const SUBMODULE: i32 = 0o160000;
    let paint = |code: &str, line: &str| {
        if color {
            format!("\x1b[{code}m{line}\x1b[0m\n")
        } else {
            format!("{line}\n")
        }
    };
    let Ok(repo) = git2::Repository::discover(root) else {
        return String::new();
    };
    let mut out = String::new();
    if let (Some((_, a)), Some((_, b))) = (from, to) {
        if a != b {
            out.push_str(&paint("1", &format!("{}: mode {a:o} → {b:o}", shown(path))));
        }
    }
    let blob = |e: history::Entry| match e {
        Some((oid, mode)) if mode != SUBMODULE => repo.find_blob(oid).ok(),
        _ => None,
    };
    for (e, side) in [(from, "was"), (to, "becomes")] {
        if let Some((oid, SUBMODULE)) = e {
            out.push_str(&paint(
                "1",
                &format!("{} {side} the submodule commit {oid}", shown(path)),
            ));
        }
    }
    let (old, new) = (blob(from), blob(to));
    if old.is_none() && new.is_none() {
        return out;
    }
    let mut options = git2::DiffOptions::new();
    options.context_lines(3);
    let empty: &[u8] = &[];
    let patch = git2::Patch::from_buffers(
        old.as_ref().map_or(empty, |b| b.content()),
        Some(Path::new(path)),
        new.as_ref().map_or(empty, |b| b.content()),
        Some(Path::new(path)),
        Some(&mut options),
    );
    let Ok(text) = patch
        .and_then(|mut p| p.to_buf())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
    else {
        out.push_str(&paint("1", &format!("{}: the change cannot be shown", shown(path))));
        return out;
    };
    for line in text.lines() {
        let line = &shown(line.strip_suffix('\r').unwrap_or(line));
        let code = if line.starts_with("diff ")
            || line.starts_with("index ")
            || line.starts_with("--- ")
            || line.starts_with("+++ ")
            || line.starts_with("new file")
            || line.starts_with("deleted file")
        {
            "1"
        } else if line.starts_with("@@") {
            "36"
        } else if line.starts_with('+') {
            "32"
        } else if line.starts_with('-') {
            "31"
        } else {
            ""
        };
        if code.is_empty() {
            out.push_str(line);
            out.push('\n');
        } else {
            out.push_str(&paint(code, line));
        }
    }
    out
}

/// Text from the repository as it may be shown on a terminal: control
/// characters (escape sequences that move the cursor or erase a line, a
/// carriage return that overwrites it) and the bidirectional overrides
/// that reorder it (Trojan Source) are written out as `\u{…}`, so that
/// no content can hide a line of a change from the approver asked to sign
/// it.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let reorders =
            matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
        if (c.is_control() && c != '\t') || reorders {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}
