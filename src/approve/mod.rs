//! `isms approve` and `isms status`: what the current branch changes in
//! governed files, who may still approve each change, and the approval
//! itself — a signed statement bound to the exact content
//! ([`crate::history::statement`]), signed with the approver's own git
//! signing set-up (`ssh-keygen` or `gpg`, as `git commit -S` does; isms never
//! reads a private key), written under `.isms/approvals/` and committed.

use crate::check;
use crate::diag::{Problem, Problems};
use crate::findings::Finding;
use crate::history::keys::{Key, KeyRing};
use crate::history::signature::Verdict;
use crate::history::statement::{self, Statement};
use crate::history::{self, Gate};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod diff;
mod signing;

pub use diff::*;
pub use signing::*;

/// One governed change on the branch still lacking approvals.
#[derive(Debug, Clone)]
pub struct Pending {
    pub path: String,
    pub rule: String,
    pub min: u32,
    pub roles: Vec<String>,
    /// Who approved it already.
    pub have: Vec<String>,
    /// Who may still approve it: eligible, not a maker, not among `have`.
    pub could: Vec<String>,
    /// Who made the content (they may not approve it).
    pub makers: Vec<String>,
    /// The active people holding one of the rule's roles in the base's
    /// configuration.
    pub eligible: Vec<String>,
    pub from: history::Entry,
    pub to: history::Entry,
}

/// What the branch needs, judged by the base's configuration.
#[derive(Debug)]
pub struct Plan {
    pub base: String,
    pub head: String,
    pub pending: Vec<Pending>,
    /// The approval findings `isms check --base` reports for the branch
    /// (the same run of the same function): missing approvals, forged
    /// trailers, vetoes, self-approvals, signatures.
    pub findings: Vec<Finding>,
    /// The person git's author e-mail belongs to, by the base's
    /// configuration.
    pub me: Option<String>,
    /// git's author e-mail, as git would commit with it.
    pub email: Option<String>,
    pub names: BTreeMap<String, String>,
    /// The keys of the base's configuration: what a statement is verified
    /// against.
    pub ring: KeyRing,
}

impl Plan {
    /// `Name (id)`, or the id of someone the base does not name.
    pub fn name(&self, id: &str) -> String {
        match self.names.get(id) {
            Some(n) => format!("{n} ({id})"),
            None => id.to_string(),
        }
    }

    fn names_of(&self, ids: &[String]) -> String {
        if ids.is_empty() {
            return "nobody".into();
        }
        ids.iter().map(|i| self.name(i)).collect::<Vec<_>>().join(", ")
    }
}

fn problem(code: &'static str, message: impl Into<String>) -> Problems {
    Problems(vec![Problem::new(code, message)])
}

/// The base to compare with: the one given, else the first of `main`,
/// `origin/main`, `master`, `origin/master` that the clone has (`main`
/// when none, so that the error names it).
pub fn base_or_default(root: &Path, given: Option<String>) -> String {
    if let Some(b) = given {
        return b;
    }
    let repo = git2::Repository::discover(root).ok();
    ["main", "origin/main", "master", "origin/master"]
        .into_iter()
        .find(|rev| repo.as_ref().is_some_and(|r| r.revparse_single(rev).is_ok()))
        .unwrap_or("main")
        .to_string()
}

/// Judges the branch `base..head` (`None`: `HEAD` and the working tree, as
/// `isms check --base BASE` does) with the check itself
/// ([`check::change`]), and lists what still needs approval.
pub fn plan(root: &Path, base: &str, head: Option<&str>, now: &check::Date) -> Result<Plan, Problems> {
    let range = check::Range {
        base: Some(base.to_string()),
        head: head.map(String::from),
        ..check::Range::default()
    };
    let outcome = check::change(root, now, range)?;
    let findings = check::approval_findings_of(&outcome);
    let Some(report) = outcome.history.as_ref() else {
        return Err(problem(
            "git::not-a-repository",
            format!("{} is not inside a git repository", root.display()),
        ));
    };
    let Some(mut gate) = Gate::discover(root)? else {
        return Err(problem(
            "git::not-a-repository",
            format!("{} is not inside a git repository", root.display()),
        ));
    };
    let base_id = gate.repo.resolve(base)?;
    let head_id = gate.repo.resolve(head.unwrap_or("HEAD"))?;
    let Some(judge) = gate.judge_at(base_id)? else {
        return Err(problem("git::no-config", format!("the base {base} has no isms.toml")));
    };
    let raw = &judge.config.raw;
    let email = author_email(root);
    let me = email.as_deref().and_then(|e| {
        raw.people
            .iter()
            .find(|p| p.emails.iter().any(|m| m.eq_ignore_ascii_case(e)))
            .map(|p| p.id.clone())
    });
    let pending = report
        .judgements
        .iter()
        .filter(|j| !j.approved)
        .map(|j| {
            let have: Vec<String> = j.approvers.iter().map(|a| a.person.clone()).collect();
            Pending {
                path: j.path.clone(),
                rule: j.rule.clone(),
                min: j.min,
                roles: j.roles.clone(),
                could: j
                    .eligible
                    .iter()
                    .filter(|p| !j.makers.contains(p) && !have.contains(p))
                    .cloned()
                    .collect(),
                have,
                makers: j.makers.clone(),
                eligible: j.eligible.clone(),
                from: gate.repo.entry(base_id, &j.path),
                to: j.content,
            }
        })
        .collect();
    Ok(Plan {
        base: base_id.to_string(),
        head: head_id.to_string(),
        pending,
        findings,
        me,
        email,
        names: raw.people.iter().map(|p| (p.id.clone(), p.name.clone())).collect(),
        ring: judge.ring.clone(),
    })
}

/// The statement `person` makes for the changes they may approve, or why
/// they may approve none: `approve::not-eligible` (no pending change has
/// them among its eligible approvers in the base's configuration) or
/// `approve::maker` (they made every change they are eligible for).
/// `Ok(None)`: nothing waits for them (nothing pending, or approved by them
/// already).
pub fn statement(plan: &Plan, person: &str, date: &str) -> Result<Option<Statement>, Box<Problem>> {
    if plan.pending.is_empty() {
        return Ok(None);
    }
    let eligible: Vec<&Pending> = plan
        .pending
        .iter()
        .filter(|p| p.eligible.iter().any(|e| e == person))
        .collect();
    if eligible.is_empty() {
        let needs: Vec<String> = plan
            .pending
            .iter()
            .map(|p| {
                format!(
                    "{} needs {} of {} (rule `{}`; may approve: {})",
                    p.path,
                    p.min,
                    p.roles.join(", "),
                    p.rule,
                    plan.names_of(&p.could)
                )
            })
            .collect();
        return Err(Box::new(
            Problem::new(
                "approve::not-eligible",
                format!(
                    "{} is not an eligible approver of any change on this branch in the base's isms.toml: {}",
                    plan.name(person),
                    needs.join("; ")
                ),
            )
            .help("an approver is an active person holding one of the rule's roles in the base's isms.toml; a role or person added on the branch counts only once it is merged"),
        ));
    }
    let mine: Vec<&Pending> = eligible
        .iter()
        .copied()
        .filter(|p| !p.makers.iter().any(|m| m == person) && !p.have.iter().any(|h| h == person))
        .collect();
    if mine.is_empty() {
        let made: Vec<&Pending> = eligible
            .iter()
            .copied()
            .filter(|p| p.makers.iter().any(|m| m == person))
            .collect();
        if made.is_empty() {
            return Ok(None);
        }
        let paths: Vec<&str> = made.iter().map(|p| p.path.as_str()).collect();
        let mut others: Vec<String> = made.iter().flat_map(|p| p.could.iter().cloned()).collect();
        others.sort();
        others.dedup();
        return Err(Box::new(
            Problem::new(
                "approve::maker",
                format!(
                    "{} made the change to {} (authored, committed or signed a commit that produced it): nobody approves their own change",
                    plan.name(person),
                    paths.join(", ")
                ),
            )
            .help(if others.is_empty() {
                "nobody else may approve it in the base's isms.toml: a second approver is needed (`isms explain ISMS-APPROVAL-009`)".to_string()
            } else {
                format!("ask someone else who may approve it: {}", plan.names_of(&others))
            }),
        ));
    }
    // Each path once (a path under two rules is one change), each rule
    // once, in the order the changes name them.
    let mut rules: Vec<&str> = Vec::new();
    let mut changes: Vec<(String, history::Entry, history::Entry)> = Vec::new();
    for p in &mine {
        if !rules.contains(&p.rule.as_str()) {
            rules.push(&p.rule);
        }
        if !changes.iter().any(|(path, _, _)| *path == p.path) {
            changes.push((p.path.clone(), p.from, p.to));
        }
    }
    Ok(Some(Statement {
        approver: person.to_string(),
        rule: rules.join(", "),
        date: date.to_string(),
        changes,
    }))
}

/// Whether `key` is one of `person`'s keys in the base's configuration;
/// else `approve::not-your-key`, saying whose it is.
pub fn check_key(plan: &Plan, person: &str, key: &Key) -> Result<(), Box<Problem>> {
    let fingerprint = key.fingerprint();
    if plan.ring.holds(person, &fingerprint) {
        return Ok(());
    }
    let owner = plan
        .ring
        .entries
        .iter()
        .find(|e| e.fingerprint == fingerprint)
        .map(|e| e.person.clone());
    Err(not_your_key(plan, person, &fingerprint, owner.as_deref()))
}

fn not_your_key(plan: &Plan, person: &str, fingerprint: &str, owner: Option<&str>) -> Box<Problem> {
    let whose = match owner {
        Some(other) => format!("is {}'s in the base's isms.toml", plan.name(other)),
        None => "is nobody's in the base's isms.toml".to_string(),
    };
    let listed: Vec<&str> = plan
        .ring
        .entries
        .iter()
        .filter(|e| e.person == person)
        .map(|e| e.fingerprint.as_str())
        .collect();
    Box::new(
        Problem::new(
            "approve::not-your-key",
            format!(
                "the signing key {fingerprint} (git's user.signingkey) {whose}, not {}'s: a statement signed with it would approve nothing",
                plan.name(person)
            ),
        )
        .help(if listed.is_empty() {
            format!(
                "the base's isms.toml lists no key for {}: add it in an approved change first",
                plan.name(person)
            )
        } else {
            format!(
                "sign with the key the base's isms.toml lists for you ({}): git config user.signingkey <its file>; a key added on this branch counts once it is merged",
                listed.join(", ")
            )
        }),
    )
}

/// Checks a signature just made, before anything is written: it must
/// verify, as the check will verify it, as `person`'s key in the base's
/// configuration.
pub fn check_signature(plan: &Plan, person: &str, st: &Statement, signature: &str) -> Result<(), Box<Problem>> {
    let bytes = format!("{}{signature}", st.payload());
    match statement::verify(bytes.as_bytes(), &plan.ring).map(|(_, v)| v) {
        Some(Verdict::Good { person: signer, .. }) if signer == person => Ok(()),
        Some(Verdict::Good { person: signer, key }) => Err(not_your_key(
            plan,
            person,
            key.trim_start_matches("OpenPGP key "),
            Some(&signer),
        )),
        Some(Verdict::UnknownKey { key }) => Err(not_your_key(plan, person, &key, None)),
        Some(other) => Err(Box::new(Problem::new(
            "approve::sign",
            format!("the signature just made does not count: {}", other.explain()),
        ))),
        None => Err(Box::new(Problem::new(
            "approve::sign",
            "the signature just made cannot be read as a signature of the statement",
        ))),
    }
}

/// Writes the signed statement under `.isms/approvals/` and commits it
/// (with the approver's own git set-up). Returns the file's path.
pub fn record(root: &Path, st: &Statement, signature: &str, message: &str) -> Result<PathBuf, Box<Problem>> {
    use sha2::Digest as _;
    let payload = st.payload();
    let digest = hex::encode(&sha2::Sha256::digest(payload.as_bytes())[..6]);
    let rel = format!("{}{}-{}-{digest}.approval", statement::DIR, st.approver, st.date);
    commit_file(root, &rel, &format!("{payload}{signature}"), message)
}

/// Writes `text` at `rel` (relative to the ISMS root) and commits that
/// file alone, with the user's own git set-up. Returns the file's path.
pub fn commit_file(root: &Path, rel: &str, text: &str, message: &str) -> Result<PathBuf, Box<Problem>> {
    let file = root.join(rel);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            Box::new(Problem::new(
                "io::unwritable",
                format!("cannot create {}: {e}", dir.display()),
            ))
        })?;
    }
    std::fs::write(&file, text).map_err(|e| {
        Box::new(Problem::new(
            "io::unwritable",
            format!("cannot write {}: {e}", file.display()),
        ))
    })?;
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .map_err(|e| Box::new(Problem::new("git::run", format!("cannot run git: {e}"))))
    };
    let out = git(&["add", "--", rel])?;
    if !out.status.success() {
        return Err(Box::new(Problem::new(
            "git::run",
            format!("git add failed: {}", String::from_utf8_lossy(&out.stderr).trim()),
        )));
    }
    let out = git(&["commit", "-q", "-m", message, "--", rel])?;
    if !out.status.success() {
        return Err(Box::new(Problem::new(
            "git::run",
            format!("git commit failed: {}", String::from_utf8_lossy(&out.stderr).trim()),
        )));
    }
    Ok(file)
}

/// The branches to look at for `isms status --me`: local branches and
/// fetched remote branches, other than the base and `HEAD` aliases.
pub fn branches(root: &Path, base: &str) -> Vec<String> {
    let Ok(repo) = git2::Repository::discover(root) else {
        return Vec::new();
    };
    let base_id = repo.revparse_single(base).ok().map(|o| o.id());
    let mut out = Vec::new();
    if let Ok(list) = repo.branches(None) {
        for (b, _) in list.flatten() {
            let (Ok(Some(name)), Some(target)) = (b.name(), b.get().target()) else {
                continue;
            };
            if name.ends_with("/HEAD") || Some(target) == base_id || name == base {
                continue;
            }
            out.push(name.to_string());
        }
    }
    out.sort();
    out
}
