//! Approval statements: a signed file in the repository that approves an
//! exact change — for each governed path, the content it was (the last
//! approved) and the content it becomes — so that an approval travels with
//! the tree and survives squash, rebase and cherry-pick merges, verifiable
//! offline from the repository alone.
//!
//! A statement lives under `.isms/approvals/` in the ISMS root:
//!
//! ```text
//! isms-approval v1
//! approver: priya
//! rule: risk register
//! date: 2026-11-30
//! file 100644:3f2a… 100644:9c1d… registers/risks.csv
//! -----BEGIN SSH SIGNATURE-----
//! …
//! ```
//!
//! Everything before the armoured signature is what is signed: SSH
//! signatures in the `isms-approval` namespace (so no commit signature,
//! namespace `git`, can pass for one and no statement signature for a
//! commit's), OpenPGP signatures over the same bytes (a commit's payload
//! starts with `tree`, a statement's with `isms-approval`). Statement files
//! are never governed themselves: they count only by their signature.

use super::objects::Entry;
use super::signature::{self, Verdict};
use git2::Oid;

/// Where statements live, relative to the ISMS root.
pub const DIR: &str = ".isms/approvals/";

/// The SSH signature namespace of a statement.
pub const NAMESPACE: &str = "isms-approval";

const MAGIC: &str = "isms-approval v1";

/// What a statement approves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Who says they approve (informational: the key decides who did).
    pub approver: String,
    pub rule: String,
    pub date: String,
    /// (path, content before, content after).
    pub changes: Vec<(String, Entry, Entry)>,
}

/// Whether `path` (relative to the ISMS root) is a statement file.
pub fn is_statement(path: &str) -> bool {
    path.starts_with(DIR) && path.ends_with(".approval")
}

/// The file name ending of an emergency declaration (in [`DIR`], beside
/// the statements; the format is `emergency`'s).
pub const SUFFIX: &str = ".emergency";

/// Whether `path` (relative to the ISMS root) is an emergency declaration
/// file.
pub fn is_declaration(path: &str) -> bool {
    path.starts_with(DIR) && path.ends_with(SUFFIX)
}

pub(super) fn entry_text(e: Entry) -> String {
    match e {
        None => "-".into(),
        Some((oid, mode)) => format!("{mode:o}:{oid}"),
    }
}

pub(super) fn entry_of(s: &str) -> Result<Entry, String> {
    if s == "-" {
        return Ok(None);
    }
    let (mode, oid) = s.split_once(':').ok_or_else(|| format!("`{s}` is not MODE:OBJECT"))?;
    let mode = i32::from_str_radix(mode, 8)
        .ok()
        .filter(|m| [0o100644, 0o100755, 0o120000, 0o160000].contains(m))
        .ok_or_else(|| format!("`{mode}` is not a file mode git records"))?;
    let oid = Oid::from_str(oid)
        .ok()
        .filter(|o| o.to_string() == oid)
        .ok_or_else(|| format!("`{oid}` is not a full object id"))?;
    Ok(Some((oid, mode)))
}

impl Statement {
    /// The text that is signed.
    pub fn payload(&self) -> String {
        let mut out = format!(
            "{MAGIC}\napprover: {}\nrule: {}\ndate: {}\n",
            self.approver, self.rule, self.date
        );
        for (path, from, to) in &self.changes {
            out.push_str(&format!("file {} {} {path}\n", entry_text(*from), entry_text(*to)));
        }
        out
    }

    /// Whether it approves `path` changing from `from` to `to`.
    pub fn approves(&self, path: &str, from: Entry, to: Entry) -> bool {
        self.changes.iter().any(|(p, f, t)| p == path && *f == from && *t == to)
    }
}

/// Reads a statement file: the statement, the signed bytes and the
/// signature.
pub fn parse(bytes: &[u8]) -> Result<(Statement, &[u8], &[u8]), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())?;
    let at = text.find("-----BEGIN ").ok_or_else(|| "no signature".to_string())?;
    let (payload, signature) = text.split_at(at);
    let mut lines = payload.lines();
    if lines.next() != Some(MAGIC) {
        return Err(format!("does not start with `{MAGIC}`"));
    }
    let mut st = Statement {
        approver: String::new(),
        rule: String::new(),
        date: String::new(),
        changes: Vec::new(),
    };
    for line in lines {
        if let Some(v) = line.strip_prefix("approver: ") {
            st.approver = v.to_string();
        } else if let Some(v) = line.strip_prefix("rule: ") {
            st.rule = v.to_string();
        } else if let Some(v) = line.strip_prefix("date: ") {
            st.date = v.to_string();
        } else if let Some(v) = line.strip_prefix("file ") {
            let mut parts = v.splitn(3, ' ');
            let (Some(from), Some(to), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(format!("`{line}` is not `file FROM TO PATH`"));
            };
            st.changes.push((path.to_string(), entry_of(from)?, entry_of(to)?));
        } else if !line.is_empty() {
            return Err(format!("unknown line `{line}`"));
        }
    }
    // What was parsed must be exactly what is signed.
    if st.payload() != payload {
        return Err("not in the canonical form".into());
    }
    Ok((st, payload.as_bytes(), signature.as_bytes()))
}

/// What identifies a statement: a SHA-256 digest of what was signed (its
/// canonical payload), never of the file's bytes. The same signed payload
/// under another armour (CRLF line ends, no final newline, a `Comment:`
/// header, no CRC line, another packet encoding) or under another file
/// name is the same statement: used once, it approves nothing again. A
/// file that is no statement is identified by its bytes (it approves
/// nothing anyway).
pub type Id = [u8; 32];

/// The [`Id`] of a statement file's bytes.
pub fn identity(bytes: &[u8]) -> Id {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    match parse(bytes) {
        Ok((_, payload, _)) => {
            h.update(b"isms-approval payload\0");
            h.update(payload);
        }
        Err(_) => {
            h.update(b"isms-approval file\0");
            h.update(bytes);
        }
    }
    h.finalize().into()
}

/// A statement and the verdict on its signature against `ring`.
pub fn verify(bytes: &[u8], ring: &super::keys::KeyRing) -> Option<(Statement, Verdict)> {
    let (st, payload, sig) = parse(bytes).ok()?;
    let verdict = signature::verify_in(NAMESPACE, sig, payload, ring);
    Some((st, verdict))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A statement is known by what was signed: its armour re-encoded, its
    /// signature's lines ended otherwise, it is the same statement; another
    /// payload is another one.
    #[test]
    fn a_statement_is_known_by_its_payload_whatever_its_armour() {
        let oid = Oid::from_str("3f2a6c1d9e0b4a5f8c7d6e5f4a3b2c1d0e9f8a7b").unwrap();
        let st = Statement {
            approver: "priya".into(),
            rule: "risk register".into(),
            date: "2026-11-30".into(),
            changes: vec![("registers/risks.csv".into(), None, Some((oid, 0o100644)))],
        };
        let armour = "-----BEGIN PGP SIGNATURE-----\n\niHUEABYKAB0WIQ\n=abcd\n-----END PGP SIGNATURE-----\n";
        let text = format!("{}{armour}", st.payload());
        let id = identity(text.as_bytes());
        for other in [
            text.replace("-----BEGIN PGP SIGNATURE-----\n", "-----BEGIN PGP SIGNATURE-----\r\n"),
            format!("{}{}", st.payload(), armour.replace('\n', "\r\n")),
            text.trim_end().to_string(),
            text.replace(
                "-----BEGIN PGP SIGNATURE-----\n",
                "-----BEGIN PGP SIGNATURE-----\nComment: x\n",
            ),
            text.replace("=abcd\n", ""),
        ] {
            assert_ne!(other, text);
            assert_eq!(identity(other.as_bytes()), id, "{other:?}");
        }
        let mut later = st.clone();
        later.date = "2026-12-01".into();
        assert_ne!(identity(format!("{}{armour}", later.payload()).as_bytes()), id);
        // A file that is no statement is known by its bytes.
        assert_ne!(identity(b"x"), identity(b"y"));
    }

    #[test]
    fn the_payload_is_read_back_exactly() {
        let oid = Oid::from_str("3f2a6c1d9e0b4a5f8c7d6e5f4a3b2c1d0e9f8a7b").unwrap();
        let st = Statement {
            approver: "priya".into(),
            rule: "risk register".into(),
            date: "2026-11-30".into(),
            changes: vec![("registers/risk register.csv".into(), None, Some((oid, 0o100644)))],
        };
        let text = format!(
            "{}-----BEGIN SSH SIGNATURE-----\nx\n-----END SSH SIGNATURE-----\n",
            st.payload()
        );
        let (back, payload, _) = parse(text.as_bytes()).unwrap();
        assert_eq!(back, st);
        assert_eq!(payload, st.payload().as_bytes());
        assert!(back.approves("registers/risk register.csv", None, Some((oid, 0o100644))));
        assert!(!back.approves(
            "registers/risk register.csv",
            Some((oid, 0o100644)),
            Some((oid, 0o100644))
        ));
        // Anything not canonical is refused, never read loosely.
        for bad in [
            text.replace("isms-approval v1", "isms-approval v2"),
            text.replace("approver: priya\n", "approver: priya\r\n"),
            text.replace("date: 2026-11-30\n", "date: 2026-11-30\nwho: me\n"),
            text.replace("file - ", "file  - "),
            text.replace("100644:", "644:"),
            text.replace("-----BEGIN SSH SIGNATURE-----\nx\n-----END SSH SIGNATURE-----\n", ""),
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
