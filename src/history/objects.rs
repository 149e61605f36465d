//! The plain values of git history every room shares: the entry of a path
//! (object and mode), what a commit changed, commit ids written out, the
//! signature a commit carries (read, not verified), and the problem of a
//! git call that failed. Imports nothing of the history.

use crate::diag::Problem;
use git2::Oid;
use std::collections::BTreeMap;

/// The entry of a path in a tree: the object and the mode; `None` when
/// absent.
pub(crate) type Entry = Option<(Oid, i32)>;

/// What a commit changed under the ISMS root (see `Repo::diffs`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Diffs {
    pub made: Vec<String>,
    pub touched: Vec<String>,
    /// The commit's own entry at each path of `made` and `touched`, known
    /// from the diffs without a tree lookup.
    pub held: BTreeMap<String, Entry>,
}

/// A file mode as git compares it: a regular file is 644 or 755, whatever
/// an old tree wrote; links, submodules and folders as they are.
pub(crate) fn norm_mode(mode: i32) -> i32 {
    if mode & 0o170000 == 0o100000 {
        if mode & 0o111 != 0 { 0o100755 } else { 0o100644 }
    } else {
        mode
    }
}

/// A commit id as git writes it (40 lowercase hex digits), without the
/// formatting machinery `to_string` goes through (an audit writes one per
/// commit and parent).
pub(crate) fn hex(id: &Oid) -> String {
    let mut out = [0u8; 40];
    match ::hex::encode_to_slice(id.as_bytes(), &mut out) {
        Ok(()) => String::from_utf8_lossy(&out).into_owned(),
        Err(_) => id.to_string(),
    }
}

pub(crate) fn short(id: &Oid) -> String {
    short_id(&id.to_string()).to_string()
}

/// The short form of a commit id, as git prints it.
pub fn short_id(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

/// A commit summary cut to a readable length for messages.
pub(crate) fn brief(summary: &str) -> String {
    if summary.chars().count() <= 60 {
        summary.to_string()
    } else {
        format!("{}…", summary.chars().take(59).collect::<String>())
    }
}

pub(crate) fn git_problem(what: &str, e: &git2::Error) -> Box<Problem> {
    Box::new(Problem::new("git::error", format!("{what}: {}", e.message())))
}

/// A commit's signature and the payload it signs, read but not verified.
pub(crate) struct Signed {
    pub(crate) signature: Vec<u8>,
    pub(crate) payload: Vec<u8>,
}

/// Splits a raw commit object into its `gpgsig` signature and the payload
/// it signs (the object without that header), as git does; `None` when the
/// headers hold no `gpgsig`.
pub(crate) fn split_signature(data: &[u8]) -> Option<Signed> {
    let header_len = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .map_or(data.len(), |end| end + 1);
    let mut signature = Vec::new();
    let mut payload = Vec::with_capacity(data.len());
    let (mut inside, mut found) = (false, false);
    let mut pos = 0;
    while pos < header_len {
        let end = data[pos..header_len]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(header_len, |n| pos + n + 1);
        let line = &data[pos..end];
        if !found && line.starts_with(b"gpgsig ") {
            (inside, found) = (true, true);
            signature.extend_from_slice(&line[7..]);
        } else if inside && line.starts_with(b" ") {
            signature.extend_from_slice(&line[1..]);
        } else {
            inside = false;
            payload.extend_from_slice(line);
        }
        pos = end;
    }
    payload.extend_from_slice(&data[header_len..]);
    // A signature written with its final newline leaves an empty
    // continuation line; the armour ends with exactly one newline.
    while signature.ends_with(b"\n") {
        signature.pop();
    }
    signature.push(b'\n');
    found.then_some(Signed { signature, payload })
}
