//! The range mode: `base..head` (`isms check --base`, pull requests), one
//! content per path (the head's), everything judged by the configuration of
//! `base`, never by the branch under review.

use super::commits::commit_issues;
use super::content::{Version, attested_for, check_complete, judge_version, started_elsewhere};
use super::emergency::{self, Declarations};
use super::gate::Gate;
use super::judge::{Attestation, Judge, Rule, intersect, people_of};
use super::keys::KeyRing;
use super::model::{Attested, CommitFacts, Issue, Report};
use super::objects::{Entry, short};
use super::repo::Repo;
use super::signature::{Signed, verify_all};
use super::statements::{self, Statements};
use super::walked::{Walked, parent_indices};
use crate::diag::{Problem, Problems};
use crate::findings::catalogue::MISSING;
use git2::Oid;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Judges the range `base..head` by the configuration of `base`.
pub fn range(gate: &mut Gate, base: &str, head: &str) -> Result<Report, Problems> {
    range_attested(gate, base, head, &[], &[])
}

/// [`range`], with approvals of the head attested by a platform (reviews),
/// and vetoes: "changes requested" reviews that block every change their
/// author is eligible to approve until dismissed or replaced.
pub fn range_attested(
    gate: &mut Gate,
    base: &str,
    head: &str,
    attested: &[Attested],
    vetoes: &[Attested],
) -> Result<Report, Problems> {
    let mut clock = crate::diag::Stopwatch::new();
    let base_id = gate.repo.resolve(base)?;
    let head_id = gate.repo.resolve(head)?;
    let judge = base_judge(gate, base_id)?;
    clock.lap("the base's configuration");
    let ids = gate.repo.walk(head_id, &[base_id])?;
    check_complete(&gate.repo, &ids)?;
    clock.lap(&format!("walk {} commits", ids.len()));
    let walked = commits_of_range(gate, &judge, &ids)?;
    clock.lap("commit facts and signatures");
    let mut report = Report {
        mode: "range".into(),
        base: Some(base_id.to_string()),
        head: Some(head_id.to_string()),
        ..Report::default()
    };
    let repo = &gate.repo;
    // Logins become people by the base's configuration, like everything else.
    let range = Range {
        repo,
        judge: &judge,
        walked: &walked,
        ends: (base_id, head_id),
        attested: people_of(&judge, attested),
        vetoes: people_of(&judge, vetoes),
        statements: Statements::default(),
        new_statements: Vec::new(),
        declarations: Declarations::default(),
    };
    let mut range = new_statements(range)?;
    // Emergency declarations new in the range, like statements.
    range.declarations = Declarations::new_in_range(repo, base_id, head_id)?;
    clock.lap("approval statements new in the range");
    let differing = repo.differing(Some(base_id), head_id)?;
    let mut landing = Landing::new(repo, (base_id, head_id), walked.facts.is_empty());
    for path in differing.iter().filter(|p| judge.governed(p)) {
        let Some(content) = landing.content(path) else { continue };
        if walked.facts.is_empty() {
            continue;
        }
        judge_path(&mut range, &mut landing.bases, (path, content), &mut report);
    }
    commit_issues(&judge, &walked.facts, &mut report);
    report.commits = walked.facts;
    clock.lap("versions judged");
    Ok(report)
}

/// The judge of the base's configuration; a base without one cannot judge.
fn base_judge(gate: &mut Gate, base_id: Oid) -> Result<Arc<Judge>, Problems> {
    match gate.judge_at(base_id)? {
        Some(judge) => Ok(judge),
        None => Err(Problems(vec![
            Problem::new(
                "git::no-config",
                format!(
                    "the base commit {} has no isms.toml to judge the change by",
                    short(&base_id)
                ),
            )
            .help(
                "approvals are judged by the configuration of the base; add isms.toml in its own approved commit first",
            ),
        ])),
    }
}

/// The commits of the range with their facts by the base's configuration,
/// each signature verified against the keys both the base and the commit's
/// parent hold: a key removed on the branch stops counting at once; a key
/// added on the branch never counts in this range.
fn commits_of_range(gate: &mut Gate, judge: &Judge, ids: &[Oid]) -> Result<Walked, Problems> {
    let mut walked = Walked::with_capacity(ids.len());
    let mut work: Vec<(usize, Signed)> = Vec::new();
    let mut rings: Vec<KeyRing> = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        let ring = match gate.repo.commit_parent(*id) {
            Some(parent) => match gate.judge_lenient(parent) {
                Some(at_parent) => intersect(&judge.ring, &at_parent.ring),
                None => KeyRing::default(),
            },
            None => judge.ring.clone(),
        };
        let u = gate.facts_judged(*id, Some(judge))?;
        if u.signed {
            if let Some(s) = gate.repo.signed(*id)? {
                work.push((n, s));
                rings.push(ring);
            }
        }
        walked.push(u.facts, u.diffs);
    }
    gate.repo.facts().save();
    verify_into(&mut walked.facts, work, &rings.iter().collect::<Vec<_>>());
    walked.parents = parent_indices(&walked.facts);
    Ok(walked)
}

/// Puts verified verdicts into the facts, verifying on all cores: `work[j]`
/// is verified against `rings[j]`.
fn verify_into(facts: &mut [CommitFacts], work: Vec<(usize, Signed)>, rings: &[&KeyRing]) {
    let (at, pairs): (Vec<usize>, Vec<(Signed, &KeyRing)>) = work
        .into_iter()
        .zip(rings.iter().copied())
        .map(|((i, s), r)| (i, (s, r)))
        .unzip();
    for (i, verdict) in at.into_iter().zip(verify_all(&pairs)) {
        if let Some(f) = facts.get_mut(i) {
            f.signature = verdict;
        }
    }
}

/// What judging the paths of a range reads: the range, its commits, the
/// base's judge, the attested approvals and vetoes, and the approval
/// statements new in the range.
struct Range<'a> {
    repo: &'a Repo,
    judge: &'a Judge,
    walked: &'a Walked,
    /// (base, head)
    ends: (Oid, Oid),
    attested: Vec<Attestation>,
    vetoes: Vec<Attestation>,
    statements: Statements,
    new_statements: Vec<(String, Oid)>,
    /// Emergency declarations new in the range.
    declarations: Declarations,
}

/// Approval statements new in the range: in the head's tree and never, as
/// they are, in the base's history (an old statement approves nothing
/// anew: moved to another name, or deleted from the base and added again,
/// it is a replay of an approval given once). A statement is known by what
/// was signed, so one re-encoded (another armour, other line ends) is the
/// same statement.
fn new_statements(mut range: Range<'_>) -> Result<Range<'_>, Problems> {
    let (repo, (base_id, head_id)) = (range.repo, range.ends);
    let statements = &mut range.statements;
    let in_head = statements::files_at(repo, head_id);
    let wanted: foldhash::HashSet<_> = in_head.iter().map(|(_, oid)| statements.id(repo, *oid)).collect();
    let old = statements::in_history(repo, base_id, &wanted, &mut |oid| statements.id(repo, oid))?;
    range.new_statements = in_head
        .into_iter()
        .filter(|(_, oid)| !old.contains(&statements.id(repo, *oid)))
        .collect();
    Ok(range)
}

/// What lands at each path if the range is merged.
struct Landing<'a> {
    repo: &'a Repo,
    /// (base, head)
    ends: (Oid, Oid),
    /// The merge bases of base and head (none when the range is empty).
    forks: Vec<Oid>,
    /// The index of merging head into base, worked out once when needed.
    merged: Option<Option<git2::Index>>,
    /// Merge bases worked out so far (see `started_elsewhere`).
    bases: foldhash::HashMap<(usize, Oid), Vec<Oid>>,
}

impl<'a> Landing<'a> {
    fn new(repo: &'a Repo, ends: (Oid, Oid), empty: bool) -> Landing<'a> {
        let forks = if empty {
            Vec::new()
        } else {
            repo.merge_bases_of(ends.0, ends.1)
        };
        Landing {
            repo,
            ends,
            forks,
            merged: None,
            bases: foldhash::HashMap::default(),
        }
    }

    /// The change the merge would make at `path`: `None` when it makes
    /// none. A branch behind the base changed nothing where it holds what
    /// it held at every merge base (only the base changed the path since; a
    /// merge, squash or rebase keeps the base's content there). Where both
    /// sides changed it since the fork, what lands is the merge's result,
    /// judged when the merge is clean there (a conflict keeps the head's
    /// content, which an approval given before the base changed does not
    /// approve, see `started_elsewhere`).
    fn content(&mut self, path: &str) -> Option<Entry> {
        let (repo, (base_id, head_id)) = (self.repo, self.ends);
        let mut content = repo.entry(head_id, path);
        let forks = &self.forks;
        if !forks.is_empty() && forks.iter().all(|f| repo.entry(*f, path) == content) {
            return None;
        }
        let base_has = repo.entry(base_id, path);
        if !forks.is_empty() && forks.iter().any(|f| repo.entry(*f, path) != base_has) {
            let index = self.merged.get_or_insert_with(|| repo.merged(base_id, head_id));
            if let Some(result) = index.as_ref().and_then(|i| repo.merged_entry(i, path)) {
                content = result;
            }
            if content == base_has {
                return None;
            }
        }
        Some(content)
    }
}

/// Judges the content landing at `path` under every rule of the base's
/// configuration that covers it; vetoes block it; its findings point at
/// the lines the change touched, where the diff of a pull request shows
/// them.
fn judge_path(
    range: &mut Range<'_>,
    bases: &mut foldhash::HashMap<(usize, Oid), Vec<Oid>>,
    (path, content): (&str, Entry),
    report: &mut Report,
) {
    let (repo, judge, walked, base_id) = (range.repo, range.judge, range.walked, range.ends.0);
    let all: Vec<usize> = (0..walked.facts.len()).collect();
    let makers = walked.makers(path, all.iter().copied());
    let earlier: BTreeSet<Entry> = all
        .iter()
        .filter(|&&i| walked.made[i].iter().any(|p| p == path))
        .map(|&i| walked.entry(repo, i, path))
        .filter(|e| *e != content)
        .collect();
    let candidates: Vec<(usize, Entry)> = all
        .iter()
        .filter(|&&i| walked.facts[i].signature.signer().is_some())
        .map(|&i| (i, walked.entry(repo, i, path)))
        .collect();
    let elsewhere = started_elsewhere(
        repo,
        (walked, &candidates),
        (path, content),
        (base_id, &|_| false),
        bases,
    );
    let version = Version {
        path,
        content,
        change: change_of(walked, path, content, repo),
        makers: &makers,
        candidates: &candidates,
        earlier: &earlier,
        elsewhere: &elsewhere,
    };
    let base_has = repo.entry(base_id, path);
    let mut here = attested_for(repo, &range.attested, (path, content), Some(base_id));
    here.extend(
        range
            .statements
            .approving((repo, judge), &range.new_statements, (path, base_has, content)),
    );
    let before = report.issues.len();
    for rule in judge.rules.iter().filter(|r| r.set.is_match(path)) {
        // EMERGENCY HOOK: a declaration covering exactly this change under
        // this rule is attached to the judgement, for `check::emergency` to
        // let it through until its deadline; its declarer cannot be among
        // the approvers.
        let declared = range
            .declarations
            .covering((repo, judge, rule), (path, base_has, content), None);
        let narrowed = declared
            .as_ref()
            .map(|d| emergency::without_declarer(rule, &d.declarer));
        let rule = narrowed.as_ref().unwrap_or(rule);
        let approved = judge_version((judge, rule), &version, walked, &here, report);
        if let (Some(d), Some(j)) = (declared, report.judgements.last_mut()) {
            j.emergency = Some(d);
        }
        veto((range, rule), (path, content), approved, report);
    }
    if report.issues.len() > before {
        let lines = repo.changed_lines(base_has, content);
        for issue in &mut report.issues[before..] {
            issue.lines = lines;
        }
    }
}

/// The commit that made `content` at `path` (else the last that brought
/// it).
fn change_of(walked: &Walked, path: &str, content: Entry, repo: &Repo) -> usize {
    let n = walked.facts.len();
    (0..n)
        .rev()
        .find(|&i| walked.made[i].iter().any(|p| p == path) && walked.entry(repo, i, path) == content)
        .or_else(|| {
            (0..n)
                .rev()
                .find(|&i| walked.touched[i].iter().chain(&walked.made[i]).any(|p| p == path))
        })
        .unwrap_or(n.saturating_sub(1))
}

/// A veto blocks the content its pull request's head holds (in a pull
/// request, the head itself; in a merge group, what that pull request
/// brings), or every change when it names no head: the rule's judgement is
/// not approved, and an issue says who blocks it.
fn veto((range, rule): (&Range<'_>, &Rule), (path, content): (&str, Entry), approved: bool, report: &mut Report) {
    let judge = range.judge;
    let vetoed = attested_for(range.repo, &range.vetoes, (path, content), None);
    for (person, evidence) in vetoed.iter().filter(|(p, _)| rule.eligible.contains(p)) {
        if let Some(j) = report.judgements.last_mut() {
            j.approved = false;
            // A veto holds over an emergency too.
            j.emergency = None;
        }
        report.issues.push(Issue {
            rule: MISSING,
            warning: false,
            message: format!(
                "{path} is blocked under the rule `{}`: {} requested changes ({evidence}){}",
                rule.name,
                judge.name_of(person),
                if approved { ", though it has its approvals" } else { "" }
            ),
            path: Some(path.to_string()),
            rule_index: rule.index,
            commit: range.walked.facts.last().map(|c| c.id.clone()),
            help: Some(format!(
                "{} approves the head, or the review is dismissed, to lift the veto",
                judge.name_of(person)
            )),
            lines: None,
        });
    }
}
