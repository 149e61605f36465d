//! Emergency declarations: a signed file that lets one exact change of a
//! governed file through now, before its approvers can approve it, with a
//! reason and a deadline for the retroactive approval (`[emergency]` of
//! the judging configuration). This module reads and verifies
//! declarations and says which one covers a version being judged; the
//! verdict by the clock (a warning until the deadline, an error after it)
//! is `check::emergency`'s.
//!
//! A declaration lives beside the approval statements, under
//! `.isms/approvals/`, named `….emergency`:
//!
//! ```text
//! isms-emergency v1
//! declarer: priya
//! declared: 2026-12-07T03:12:45Z
//! reason: firewall rule for the outage INC-123
//! file 100644:3f2a… 100644:9c1d… registers/firewall.csv
//! -----BEGIN SSH SIGNATURE-----
//! …
//! ```
//!
//! Everything before the armoured signature is signed: SSH signatures in
//! the `isms-emergency` namespace (no commit or statement signature can
//! pass for one), OpenPGP signatures over the same bytes (which start with
//! `isms-emergency`, where a statement's start with `isms-approval`).
//!
//! A declaration covers a version only when all of these hold, and
//! otherwise does nothing: the judging configuration has `[emergency]`
//! (the base's in a range, the one in force on `main`); the rule judged is
//! one `[emergency] rules` names; the path is not the configuration's own
//! (isms.toml, key files, own rules — never, whatever the setting); the
//! signature is good, by a key the judging configuration holds for an
//! active person holding a declarer role, who is the declarer it names;
//! it names exactly this change (path, content before, content after); it
//! is new (in the range and never in the base's history; on `main`,
//! arriving with the version, once, dated no later than the commit that
//! brought it). Its declarer cannot be the retroactive approver.

use super::judge::{Judge, Rule};
use super::objects::Entry;
use super::repo::Repo;
use super::signature::{self, Verdict};
use super::statement;
use super::statements;
use super::walked::Walked;
use git2::Oid;
use std::collections::HashMap;

pub use super::model::Declared;
pub use super::statement::{SUFFIX, is_declaration};

/// The SSH signature namespace of a declaration.
pub const NAMESPACE: &str = "isms-emergency";

const MAGIC: &str = "isms-emergency v1";

/// What a declaration says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// Who declares (must be the signer).
    pub declarer: String,
    /// When, as signed: RFC 3339 in UTC (`2026-12-07T03:12:45Z`).
    pub declared: String,
    /// Why: one line.
    pub reason: String,
    /// (path, content before, content after).
    pub changes: Vec<(String, Entry, Entry)>,
}

/// Seconds since the epoch of an RFC 3339 time in UTC written as
/// declarations write it.
pub fn seconds_of(text: &str) -> Option<i64> {
    let t = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    (t.to_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string() == text).then(|| t.timestamp())
}

/// An instant as declarations write it.
pub fn time_text(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

impl Declaration {
    /// The text that is signed.
    pub fn payload(&self) -> String {
        let mut out = format!(
            "{MAGIC}\ndeclarer: {}\ndeclared: {}\nreason: {}\n",
            self.declarer, self.declared, self.reason
        );
        for (path, from, to) in &self.changes {
            out.push_str(&format!(
                "file {} {} {path}\n",
                statement::entry_text(*from),
                statement::entry_text(*to)
            ));
        }
        out
    }

    /// Whether it names `path` changing from `from` to `to`.
    pub fn covers(&self, path: &str, from: Entry, to: Entry) -> bool {
        self.changes.iter().any(|(p, f, t)| p == path && *f == from && *t == to)
    }
}

/// Reads a declaration file: the declaration, the signed bytes and the
/// signature. Anything not in the canonical form is refused.
pub fn parse(bytes: &[u8]) -> Result<(Declaration, &[u8], &[u8]), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())?;
    let at = text.find("-----BEGIN ").ok_or_else(|| "no signature".to_string())?;
    let (payload, sig) = text.split_at(at);
    let mut lines = payload.lines();
    if lines.next() != Some(MAGIC) {
        return Err(format!("does not start with `{MAGIC}`"));
    }
    let mut d = Declaration {
        declarer: String::new(),
        declared: String::new(),
        reason: String::new(),
        changes: Vec::new(),
    };
    for line in lines {
        if let Some(v) = line.strip_prefix("declarer: ") {
            d.declarer = v.to_string();
        } else if let Some(v) = line.strip_prefix("declared: ") {
            d.declared = v.to_string();
        } else if let Some(v) = line.strip_prefix("reason: ") {
            d.reason = v.to_string();
        } else if let Some(v) = line.strip_prefix("file ") {
            let mut parts = v.splitn(3, ' ');
            let (Some(from), Some(to), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(format!("`{line}` is not `file FROM TO PATH`"));
            };
            d.changes
                .push((path.to_string(), statement::entry_of(from)?, statement::entry_of(to)?));
        } else {
            return Err(format!("unknown line `{line}`"));
        }
    }
    if seconds_of(&d.declared).is_none() {
        return Err(format!("`{}` is not a time in UTC (YYYY-MM-DDTHH:MM:SSZ)", d.declared));
    }
    // The reason is shown wherever findings are: no control character
    // (an escape sequence, a carriage return) may hide or rewrite a line.
    if d.reason.chars().any(char::is_control) {
        return Err("the reason holds a control character".into());
    }
    if d.reason.trim().is_empty() || d.changes.is_empty() || d.declarer.is_empty() {
        return Err("a declaration needs a declarer, a reason and the content it lets through".into());
    }
    if d.payload() != payload {
        return Err("not in the canonical form".into());
    }
    Ok((d, payload.as_bytes(), sig.as_bytes()))
}

/// What identifies a declaration: a SHA-256 digest of what was signed,
/// so that the same declaration under another name or armour is the same
/// (used once, it lets nothing through again). Another file is known by
/// its bytes. Never equal to a statement's [`statement::Id`].
pub fn identity(bytes: &[u8]) -> statement::Id {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    match parse(bytes) {
        Ok((_, payload, _)) => {
            h.update(b"isms-emergency payload\0");
            h.update(payload);
        }
        Err(_) => {
            h.update(b"isms-emergency file\0");
            h.update(bytes);
        }
    }
    h.finalize().into()
}

/// A declaration and the verdict on its signature against `ring`.
pub fn verify(bytes: &[u8], ring: &super::keys::KeyRing) -> Option<(Declaration, Verdict)> {
    let (d, payload, sig) = parse(bytes).ok()?;
    Some((d, signature::verify_in(NAMESPACE, sig, payload, ring)))
}

/// The declaration files in the tree of `commit`: (path relative to the
/// ISMS root, blob).
fn files_at(repo: &Repo, commit: Oid) -> Vec<(String, Oid)> {
    repo.files_under(commit, statement::DIR)
        .into_iter()
        .filter(|(rel, _)| is_declaration(rel))
        .collect()
}

/// What each declaration blob signed, worked out once per blob.
#[derive(Default)]
struct Identities(HashMap<Oid, statement::Id>);

impl Identities {
    fn of(&mut self, repo: &Repo, oid: Oid) -> statement::Id {
        *self.0.entry(oid).or_insert_with(|| {
            identity(
                repo.repo
                    .find_blob(oid)
                    .map(|b| b.content().to_vec())
                    .unwrap_or_default()
                    .as_slice(),
            )
        })
    }
}

/// Declarations that may cover versions being judged, read once each.
#[derive(Default)]
pub(super) struct Declarations {
    files: Vec<(String, Oid)>,
    read: HashMap<Oid, Option<Vec<u8>>>,
}

impl Declarations {
    /// The declarations new in `base..head`: in the head's tree and never,
    /// as they are (by what was signed), in the base's history.
    pub(super) fn new_in_range(repo: &Repo, base: Oid, head: Oid) -> Result<Declarations, Box<crate::diag::Problem>> {
        let in_head = files_at(repo, head);
        let mut ids = Identities::default();
        let mut id_of = |repo: &Repo, oid: Oid| ids.of(repo, oid);
        let wanted: foldhash::HashSet<statement::Id> = in_head.iter().map(|(_, oid)| id_of(repo, *oid)).collect();
        let old = statements::in_history(repo, base, &wanted, &mut |oid| id_of(repo, oid))?;
        let files = in_head
            .into_iter()
            .filter(|(_, oid)| !old.contains(&id_of(repo, *oid)))
            .collect();
        Ok(Declarations {
            files,
            read: HashMap::new(),
        })
    }

    /// The given declaration files.
    pub(super) fn of(files: Vec<(String, Oid)>) -> Declarations {
        Declarations {
            files,
            read: HashMap::new(),
        }
    }

    /// The declaration that lets `path` change from `from` to `to` under
    /// `rule` by the configuration of `judge`, if any (see the module's
    /// doc for every condition); `not_after`: the time of the commit that
    /// brought it (on `main`), which it may not be dated after.
    pub(super) fn covering(
        &mut self,
        (repo, judge, rule): (&Repo, &Judge, &Rule),
        (path, from, to): (&str, Entry, Entry),
        not_after: Option<i64>,
    ) -> Option<Declared> {
        if self.files.is_empty() || judge.is_config(path) {
            return None;
        }
        let raw = &judge.config.raw;
        let setting = raw.emergency.as_ref()?;
        let seconds = setting.deadline_seconds()?;
        let name = raw.approvals.get(rule.index?)?.name.as_deref()?;
        if !setting.rules.iter().any(|r| r == name) {
            return None;
        }
        for (file, oid) in &self.files {
            let bytes = self
                .read
                .entry(*oid)
                .or_insert_with(|| repo.repo.find_blob(*oid).ok().map(|b| b.content().to_vec()));
            let Some(bytes) = bytes else { continue };
            let Some((d, Verdict::Good { person, key })) = verify(bytes, &judge.ring) else {
                continue;
            };
            let may_declare = raw
                .people
                .iter()
                .any(|p| p.id == person && p.active && p.roles.iter().any(|r| setting.declarers.contains(r)));
            let Some(at) = seconds_of(&d.declared) else { continue };
            if d.declarer != person
                || !may_declare
                || !judge.vouches(&person, &key)
                || !d.covers(path, from, to)
                || not_after.is_some_and(|t| at > t)
            {
                continue;
            }
            return Some(Declared {
                declarer_name: judge.name_of(&person),
                declarer: person,
                reason: d.reason,
                declared: d.declared,
                declared_at: at,
                deadline: setting.deadline.clone(),
                due: time_text(at + seconds),
                due_at: at + seconds,
                file: file.clone(),
                key,
                change: (from, to),
            });
        }
        None
    }
}

/// The declarations arriving on the line of `main` (`line`: positions in
/// `walked`), by the position where each arrived (added or changed
/// relative to the line's previous commit): each once, by what was signed,
/// and none that the trust root's history held.
pub(super) fn arrivals(
    repo: &Repo,
    walked: &Walked,
    line: &[usize],
    root: Option<Oid>,
) -> Result<Vec<(usize, String, Oid)>, Box<crate::diag::Problem>> {
    let mut ids = Identities::default();
    let mut id_of = |repo: &Repo, oid: Oid| ids.of(repo, oid);
    let mut seen: foldhash::HashSet<statement::Id> = foldhash::HashSet::default();
    let mut out = Vec::new();
    for (k, &m) in line.iter().enumerate() {
        for p in walked.touched[m].iter().filter(|p| is_declaration(p)) {
            if let Some(Some((oid, _))) = walked.held[m].get(p) {
                if seen.insert(id_of(repo, *oid)) {
                    out.push((k, p.clone(), *oid));
                }
            }
        }
    }
    if let Some(root) = root {
        let old = statements::in_history(repo, root, &seen, &mut |oid| id_of(repo, oid))?;
        out.retain(|(_, _, oid)| !old.contains(&id_of(repo, *oid)));
    }
    Ok(out)
}

/// `rule` with the declarer taken out of its eligible approvers: whoever
/// declared an emergency cannot also approve it afterwards.
pub(super) fn without_declarer(rule: &Rule, declarer: &str) -> Rule {
    let mut rule = rule.clone();
    rule.eligible.remove(declarer);
    rule
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Declaration {
        let oid = Oid::from_str("3f2a6c1d9e0b4a5f8c7d6e5f4a3b2c1d0e9f8a7b").unwrap();
        Declaration {
            declarer: "priya".into(),
            declared: "2026-12-07T03:12:45Z".into(),
            reason: "firewall rule for the outage INC-123".into(),
            changes: vec![("registers/risks.csv".into(), Some((oid, 0o100644)), None)],
        }
    }

    #[test]
    fn a_declaration_is_read_back_exactly_and_nothing_else_is() {
        let d = sample();
        let text = format!(
            "{}-----BEGIN SSH SIGNATURE-----\nx\n-----END SSH SIGNATURE-----\n",
            d.payload()
        );
        let (back, payload, _) = parse(text.as_bytes()).unwrap();
        assert_eq!(back, d);
        assert_eq!(payload, d.payload().as_bytes());
        for bad in [
            text.replace("isms-emergency v1", "isms-approval v1"),
            text.replace("2026-12-07T03:12:45Z", "2026-12-07 03:12:45"),
            text.replace("2026-12-07T03:12:45Z", "2026-12-07T03:12:45+01:00"),
            text.replace("reason: firewall rule for the outage INC-123\n", "reason: \n"),
            text.replace("reason: ", "why: "),
            text.replace("outage", "out\x1b[2Kage"),
            text.replace("outage", "out\rage"),
            text.replace("-----BEGIN SSH SIGNATURE-----\nx\n-----END SSH SIGNATURE-----\n", ""),
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
        // Known by what was signed, never as a statement.
        let other = text.replace("-----BEGIN SSH SIGNATURE-----\n", "-----BEGIN SSH SIGNATURE-----\r\n");
        assert_eq!(identity(text.as_bytes()), identity(other.as_bytes()));
        assert_ne!(identity(text.as_bytes()), statement::identity(text.as_bytes()));
        assert!(is_declaration(".isms/approvals/priya-x.emergency"));
        assert!(!is_declaration(".isms/approvals/priya-x.approval"));
        assert_eq!(seconds_of("1970-01-02T00:00:00Z"), Some(86_400));
        assert_eq!(time_text(86_400), "1970-01-02T00:00:00Z");
    }
}
