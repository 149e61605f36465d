//! The state and audit modes: the versions of each governed path along the
//! first-parent line of `HEAD` since the trust root, each judged by the
//! configuration in force there (the latest one whose own change was
//! approved).

use super::commits::commit_issues;
use super::content::check_complete;
use super::gate::Gate;
use super::judge::Judge;
use super::line::Line;
use super::model::{Attest, Report};
use super::repo::Repo;
use super::statement;
use super::statements::{self, Statements};
use super::versions::{Along, Arrival, Kept};
use super::walked::{Walked, parent_indices};
use crate::diag::Problems;
use foldhash::HashSet;
use git2::Oid;
use std::sync::Arc;

/// Judges the current state: the content of each governed file at `HEAD`
/// that differs from the trust root's, by the configuration in force.
pub fn state(gate: &mut Gate) -> Result<Report, Problems> {
    if gate.repo.is_unborn() {
        // A new repository: nothing is committed, so nothing is approved or
        // unapproved yet.
        return Ok(Report {
            mode: "unborn".into(),
            ..Report::default()
        });
    }
    state_at(gate, "HEAD")
}

/// [`state`] of the commit `rev` names (`isms status --me` looks at the
/// base's emergencies this way).
pub fn state_at(gate: &mut Gate, rev: &str) -> Result<Report, Problems> {
    let head = gate.repo.resolve(rev)?;
    in_force_walk(gate, (head, None), true, &mut |_, _| {}, None)
}

/// Judges every version of every governed file along the first-parent line
/// since `since` (or the trust root), each by the configuration in force
/// there; `attest`, when given, is asked about versions no signature
/// approves.
pub fn audit(
    gate: &mut Gate,
    since: Option<&str>,
    progress: &mut dyn FnMut(usize, usize),
    attest: Option<Attest<'_>>,
) -> Result<Report, Problems> {
    let head = gate.repo.resolve("HEAD")?;
    let since = match since {
        Some(rev) => Some(gate.repo.resolve(rev)?),
        None => None,
    };
    in_force_walk(gate, (head, since), false, progress, attest)
}

/// Walks from the trust root the configuration names: when that
/// configuration is not itself in force (its change was not approved), the
/// trust root it names is not trusted either, and the one named by the
/// configuration of that trust root is tried, back to the first commit.
fn in_force_walk(
    gate: &mut Gate,
    (head, since): (Oid, Option<Oid>),
    latest_only: bool,
    progress: &mut dyn FnMut(usize, usize),
    mut attest: Option<Attest<'_>>,
) -> Result<Report, Problems> {
    let mode = if latest_only { "state" } else { "audit" };
    if let Some(root) = since {
        let (report, _) = walk_versions(gate, (head, Some(root)), mode, progress, attest)?;
        return Ok(report);
    }
    let mut root = gate.trust_root_of(head)?;
    let mut tries = 0;
    loop {
        tries += 1;
        let (report, current) = walk_versions(
            gate,
            (head, root),
            mode,
            progress,
            attest.as_deref_mut().map(|a| a as _),
        )?;
        if current || tries > 16 {
            return Ok(report);
        }
        let Some(r) = root else { return Ok(report) };
        let next = gate.trust_root_of(r)?;
        if next == root {
            return Ok(report);
        }
        root = next;
    }
}

/// Judges the versions of each governed path along the first-parent line
/// of `head` since `root`, keeping the configuration in force up to date.
/// Returns the report and whether the configuration at `head` is the one in
/// force (its changes since `root` approved).
fn walk_versions(
    gate: &mut Gate,
    (head, root): (Oid, Option<Oid>),
    mode: &str,
    progress: &mut dyn FnMut(usize, usize),
    attest: Option<Attest<'_>>,
) -> Result<(Report, bool), Problems> {
    let latest_only = mode == "state";
    let mut clock = crate::diag::Stopwatch::new();
    let opening = gate.open_cache_early();
    let hide: Vec<Oid> = root.into_iter().collect();
    let ids = gate.repo.walk(head, &hide)?;
    check_complete(&gate.repo, &ids)?;
    clock.lap(&format!("walk {} commits", ids.len()));
    let mut report = Report {
        mode: mode.into(),
        head: Some(head.to_string()),
        trust_root: root.map(|r| r.to_string()),
        ..Report::default()
    };
    // Facts; each signature verified against the keys of its parent's
    // configuration (key validity by position in history), and counted
    // later only if the configuration in force also holds that key.
    gate.cache_opened(opening);
    let judge_of = |gate: &mut Gate, id: Oid| {
        let at = gate.repo.first_parent(id).unwrap_or(id);
        gate.judge_lenient(at).or_else(|| gate.judge_lenient(id))
    };
    let mut walked = gate.commits_verified(&ids, &judge_of, progress)?;
    clock.lap("commit facts and signatures");
    walked.parents = parent_indices(&walked.facts);
    let line = Line::of(&gate.repo, &mut walked, &ids, (head, root))?;
    let mut statements = Statements::default();
    let arrived = statement_arrivals(&gate.repo, (&walked, &line), root, &mut statements)?;
    // Emergency declarations, by the position where each arrived.
    let declared = super::emergency::arrivals(&gate.repo, &walked, &line.line, root)?;
    let along = Along::new((&walked, &ids, &line), root, (arrived, declared), latest_only);
    let judge = match root {
        Some(r) => gate.judge_at(r)?,
        None => None,
    };
    let mut kept = Kept::new(judge, root, statements);
    let mut attest = attest;
    for k in 0..line.line.len() {
        along.judge_position(gate, &mut kept, k, (&mut report, &mut attest))?;
    }
    clock.lap("versions judged");
    if latest_only {
        kept.in_force_now(&gate.repo, head, &mut report);
    }
    let current = config_current(&gate.repo, (kept.in_force, &kept.judge), head)?;
    report.in_force = kept.in_force.map(|f| f.to_string());
    report.rules_in_force = kept.judge.as_ref().map_or(0, |j| j.config.raw.approvals.len());
    if let Some(j) = &kept.judge {
        commit_issues(j, &walked.facts, &mut report);
        if latest_only {
            report.baseline = baseline(&gate.repo, head, root, j)?;
        }
    }
    report.commits = walked.facts;
    clock.lap("report");
    Ok((report, current))
}

/// Approval statements, by the position on the line where each arrived
/// (added or changed relative to the line's previous commit). A statement
/// arrives once: the same statement moved or re-added later on the line
/// approves nothing anew, nor does one the trust root's history ever held
/// (in its tree, or deleted before it). A statement is known by what was
/// signed (see `statement::Id`): the same payload under another armour or
/// line ends arrives only once.
fn statement_arrivals(
    repo: &Repo,
    (walked, line): (&Walked, &Line),
    root: Option<Oid>,
    statements: &mut Statements,
) -> Result<Vec<Arrival>, Problems> {
    let mut arrivals: Vec<Arrival> = Vec::new();
    let mut seen: HashSet<statement::Id> = HashSet::default();
    for (k, &m) in line.line.iter().enumerate() {
        for p in walked.touched[m].iter().filter(|p| statement::is_statement(p)) {
            if let Some(Some((oid, _))) = walked.held[m].get(p) {
                let id = statements.id(repo, *oid);
                if seen.insert(id) {
                    arrivals.push((k, p.clone(), *oid, id));
                }
            }
        }
    }
    if let Some(root) = root {
        let old = statements::in_history(repo, root, &seen, &mut |oid| statements.id(repo, oid))?;
        arrivals.retain(|(_, _, _, id)| !old.contains(id));
    }
    Ok(arrivals)
}

/// The configuration at head is current when it is what is in force.
fn config_current(
    repo: &Repo,
    (in_force, judge): (Option<Oid>, &Option<Arc<Judge>>),
    head: Oid,
) -> Result<bool, Problems> {
    if let (Some(f), Some(j)) = (in_force, judge) {
        if f != head {
            return Ok(!repo.differing(Some(f), head)?.iter().any(|p| j.is_config(p)));
        }
    }
    Ok(true)
}

/// Governed files at `head` whose content is the trust root's.
fn baseline(repo: &Repo, head: Oid, root: Option<Oid>, judge: &Judge) -> Result<Vec<String>, Problems> {
    let Some(root) = root else { return Ok(Vec::new()) };
    let changed = repo.differing(Some(root), head)?;
    Ok(repo
        .files_at(head)
        .into_iter()
        .filter(|rel| judge.governed(rel) && !changed.contains(rel))
        .collect())
}
