//! `isms emergency`: declaring an emergency change on the current branch —
//! a declaration ([`crate::history::emergency`]) of exactly the governed
//! content the branch changes and may let through, with the reason and the
//! signed time, signed with the declarer's own git signing set-up exactly
//! as `isms approve` signs a statement ([`crate::approve::sign_in`]),
//! written under `.isms/approvals/` and committed. It refuses, before
//! signing, what would let nothing through.

use crate::approve::{self, Plan};
use crate::diag::Problem;
use crate::history::emergency::{self as declared, Declaration};
use crate::history::signature::Verdict;
use crate::history::{Gate, statement};
use std::path::{Path, PathBuf};

/// What a declaration made now would let through, and what it would not.
#[derive(Debug)]
pub struct Draft {
    pub declaration: Declaration,
    /// Changes the branch makes that no declaration can let through, each
    /// with the reason.
    pub left: Vec<(String, String)>,
    /// The deadline of the base's `[emergency]`.
    pub deadline: String,
}

fn refusal(code: &'static str, message: impl Into<String>, help: impl Into<String>) -> Box<Problem> {
    Box::new(Problem::new(code, message).help(help))
}

/// The declaration `person` may make now (`declared`: RFC 3339, UTC) for
/// the changes `plan` lists as waiting, by the base's configuration; or
/// why not: `emergency::not-configured` (the base has no `[emergency]`),
/// `emergency::not-eligible` (not an active holder of a declarer role
/// there), `emergency::reason` (no one-line reason),
/// `emergency::nothing` (no waiting change is under a rule it may stand in
/// for).
pub fn draft(root: &Path, plan: &Plan, person: &str, reason: &str, declared: &str) -> Result<Draft, Box<Problem>> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().any(char::is_control) {
        return Err(refusal(
            "emergency::reason",
            "an emergency needs its reason, on one line",
            "isms emergency --reason \"firewall rule for the outage INC-123\"",
        ));
    }
    let mut gate = Gate::discover(root)?.ok_or_else(|| {
        Box::new(Problem::new(
            "git::not-a-repository",
            format!("{} is not inside a git repository", root.display()),
        ))
    })?;
    let base =
        git2::Oid::from_str(&plan.base).map_err(|e| Box::new(Problem::new("git::error", e.message().to_string())))?;
    let no_config = || Box::new(Problem::new("git::no-config", "the base has no isms.toml"));
    let judge = gate
        .judge_at(base)
        .map_err(|p| p.0.into_iter().next().map_or_else(no_config, Box::new))?
        .ok_or_else(no_config)?;
    let raw = &judge.config.raw;
    let Some(setting) = &raw.emergency else {
        return Err(refusal(
            "emergency::not-configured",
            "the base's isms.toml has no [emergency]: no declaration would let anything through",
            "an [emergency] table (declarers, deadline, rules) in the base's isms.toml, added in an approved change, makes emergency changes possible; one added on this branch counts only once it is merged",
        ));
    };
    let may = raw
        .people
        .iter()
        .any(|p| p.id == person && p.active && p.roles.iter().any(|r| setting.declarers.contains(r)));
    if !may {
        return Err(refusal(
            "emergency::not-eligible",
            format!(
                "{} holds none of the roles that may declare an emergency in the base's isms.toml ({})",
                plan.name(person),
                setting.declarers.join(", ")
            ),
            "ask someone holding one of those roles to declare it",
        ));
    }
    let mut changes = Vec::new();
    let mut left = Vec::new();
    for p in &plan.pending {
        let overridable = setting.rules.contains(&p.rule);
        let why = if judge.is_config(&p.path) {
            Some("the ISMS's configuration is never passed by an emergency".to_string())
        } else if !overridable {
            Some(format!("the rule `{}` is not one [emergency] rules names", p.rule))
        } else {
            None
        };
        match why {
            Some(why) => left.push((p.path.clone(), why)),
            None if !changes.iter().any(|(path, _, _)| *path == p.path) => changes.push((p.path.clone(), p.from, p.to)),
            None => {}
        }
    }
    // A path under two rules, one of which it may not stand in for.
    changes.retain(|(path, _, _)| !left.iter().any(|(l, _)| l == path));
    if changes.is_empty() {
        let listed: Vec<String> = left.iter().map(|(p, why)| format!("{p}: {why}")).collect();
        return Err(refusal(
            "emergency::nothing",
            if listed.is_empty() {
                "nothing on this branch waits for approval: there is nothing to declare".to_string()
            } else {
                format!(
                    "no change on this branch may be let through by an emergency: {}",
                    listed.join("; ")
                )
            },
            "an emergency lets through only changes under the rules [emergency] rules names in the base's isms.toml",
        ));
    }
    Ok(Draft {
        declaration: Declaration {
            declarer: person.to_string(),
            declared: declared.to_string(),
            reason: reason.to_string(),
            changes,
        },
        left,
        deadline: setting.deadline.clone(),
    })
}

/// Checks a signature just made, before anything is written: it must
/// verify as `person`'s key in the base's configuration.
pub fn check_signature(plan: &Plan, person: &str, d: &Declaration, signature: &str) -> Result<(), Box<Problem>> {
    let bytes = format!("{}{signature}", d.payload());
    match declared::verify(bytes.as_bytes(), &plan.ring).map(|(_, v)| v) {
        Some(Verdict::Good { person: signer, .. }) if signer == person => Ok(()),
        Some(other) => Err(Box::new(Problem::new(
            "emergency::sign",
            format!(
                "the signature just made is not {}'s in the base's isms.toml: {}",
                plan.name(person),
                other.explain()
            ),
        ))),
        None => Err(Box::new(Problem::new(
            "emergency::sign",
            "the signature just made cannot be read as a signature of the declaration",
        ))),
    }
}

/// Signs the declaration as `isms approve` signs a statement, in the
/// declarations' own namespace.
pub fn sign(signing: &approve::Signing, d: &Declaration) -> Result<String, Box<Problem>> {
    approve::sign_in(signing, declared::NAMESPACE, &d.payload())
}

/// Writes the signed declaration under `.isms/approvals/` and commits it.
pub fn record(root: &Path, d: &Declaration, signature: &str, message: &str) -> Result<PathBuf, Box<Problem>> {
    use sha2::Digest as _;
    let payload = d.payload();
    let digest = hex::encode(&sha2::Sha256::digest(payload.as_bytes())[..6]);
    let stamp: String = d.declared.chars().filter(char::is_ascii_digit).collect();
    let rel = format!("{}{}-{stamp}-{digest}{}", statement::DIR, d.declarer, declared::SUFFIX);
    approve::commit_file(root, &rel, &format!("{payload}{signature}"), message)
}

/// An emergency change in force at the base that waits for someone's
/// approval.
#[derive(Debug, Clone)]
pub struct Waiting {
    pub path: String,
    pub rule: String,
    /// The change the declaration let through: what an approval statement
    /// of it names.
    pub from: crate::history::Entry,
    pub to: crate::history::Entry,
    /// What `isms status --me` says of it.
    pub line: String,
}

/// The emergency changes in force at `base` (its state, judged as of
/// `now`) that wait for `person`'s approval: not approved, `person`
/// eligible under the rule, neither a maker nor the declarer.
pub fn waiting(root: &Path, base: &str, person: &str, now: &str) -> Result<Vec<Waiting>, crate::diag::Problems> {
    let Some(mut gate) = Gate::discover(root)? else {
        return Ok(Vec::new());
    };
    let mut report = crate::history::state_at(&mut gate, base)?;
    crate::check::emergency::judge(&mut report, now);
    Ok(report
        .judgements
        .iter()
        .filter(|j| !j.approved && j.eligible.iter().any(|e| e == person) && !j.makers.iter().any(|m| m == person))
        .filter_map(|j| {
            let d = j.emergency.as_ref()?;
            Some(Waiting {
                path: j.path.clone(),
                rule: j.rule.clone(),
                from: d.change.0,
                to: d.change.1,
                line: format!(
                    "{}: emergency declared by {} at {} (\"{}\"): needs {} of {} (rule `{}`), has {}, due {}",
                    approve::shown(&j.path),
                    d.declarer_name,
                    d.declared,
                    approve::shown(&d.reason),
                    j.min,
                    j.roles.join(", "),
                    j.rule,
                    j.approvers.len(),
                    d.due
                ),
            })
        })
        .collect())
}

/// The statement approving the emergency changes `waiting` lists, by
/// `person` (`date`: YYYY-MM-DD); `None` when nothing waits.
pub fn statement(waiting: &[Waiting], person: &str, date: &str) -> Option<statement::Statement> {
    let mut rules: Vec<&str> = Vec::new();
    let mut changes = Vec::new();
    for w in waiting {
        if !rules.contains(&w.rule.as_str()) {
            rules.push(&w.rule);
        }
        if !changes.iter().any(|(p, _, _)| *p == w.path) {
            changes.push((w.path.clone(), w.from, w.to));
        }
    }
    (!changes.is_empty()).then(|| statement::Statement {
        approver: person.to_string(),
        rule: rules.join(", "),
        date: date.to_string(),
        changes,
    })
}

/// The person git's author e-mail belongs to in the configuration of
/// `base`, if any.
pub fn person_at(root: &Path, base: &str) -> Option<String> {
    let email = approve::author_email(root)?;
    let mut gate = Gate::discover(root).ok()??;
    let id = gate.repo.resolve(base).ok()?;
    let judge = gate.judge_at(id).ok()??;
    judge
        .config
        .raw
        .people
        .iter()
        .find(|p| p.emails.iter().any(|m| m.eq_ignore_ascii_case(&email)))
        .map(|p| p.id.clone())
}
