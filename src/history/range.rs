//! The range mode: `base..head` (`isms check --base`, pull requests), one
//! content per path (the head's), everything judged by the configuration of
//! `base`, never by the branch under review.

use super::content::{Version, Walked, attested_for, check_complete, judge_version, started_elsewhere};
use super::keys::KeyRing;
use super::signature::verify_into;
use super::statement::Statements;
use super::{
    Attested, Entry, Issue, MISSING, Repo, Report, Signed, commit_issues, intersect, parent_indices, people_of, short,
};
use crate::diag::{Problem, Problems};
use git2::Oid;
use std::collections::BTreeSet;

/// Judges the range `base..head` by the configuration of `base`.
pub fn range(repo: &mut Repo, base: &str, head: &str) -> Result<Report, Problems> {
    range_attested(repo, base, head, &[], &[])
}

/// [`range`], with approvals of the head attested by a platform (reviews),
/// and vetoes: "changes requested" reviews that block every change their
/// author is eligible to approve until dismissed or replaced.
pub fn range_attested(
    repo: &mut Repo,
    base: &str,
    head: &str,
    attested: &[Attested],
    vetoes: &[Attested],
) -> Result<Report, Problems> {
    let mut clock = crate::diag::Stopwatch::new();
    let base_id = repo.resolve(base)?;
    let head_id = repo.resolve(head)?;
    let Some(judge) = repo.judge_at(base_id)? else {
        return Err(Problems(vec![
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
        ]));
    };
    clock.lap("the base's configuration");
    let ids = repo.walk(head_id, &[base_id])?;
    check_complete(repo, &ids)?;
    clock.lap(&format!("walk {} commits", ids.len()));
    let mut walked = Walked::with_capacity(ids.len());
    let mut work: Vec<(usize, Signed)> = Vec::new();
    let mut rings: Vec<KeyRing> = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        // A key removed on the branch stops counting at once; a key added on
        // the branch never counts in this range.
        let ring = match repo.commit_parent(*id) {
            Some(parent) => match repo.judge_lenient(parent) {
                Some(at_parent) => intersect(&judge.ring, &at_parent.ring),
                None => KeyRing::default(),
            },
            None => judge.ring.clone(),
        };
        let u = repo.facts_unverified(*id, Some(&judge))?;
        if u.signed {
            if let Some(s) = repo.signed(*id)? {
                work.push((n, s));
                rings.push(ring);
            }
        }
        walked.push(u.facts, u.diffs);
    }
    repo.facts().save();
    verify_into(&mut walked.facts, work, &rings.iter().collect::<Vec<_>>());
    walked.parents = parent_indices(&walked.facts);
    clock.lap("commit facts and signatures");

    let mut report = Report {
        mode: "range".into(),
        base: Some(base_id.to_string()),
        head: Some(head_id.to_string()),
        ..Report::default()
    };
    // Logins become people by the base's configuration, like everything else.
    let attested = people_of(&judge, attested);
    let vetoes = people_of(&judge, vetoes);
    let base_has = |repo: &Repo, path: &str| repo.entry(base_id, path);
    // Approval statements new in the range: in the head's tree and never,
    // as they are, in the base's history (an old statement approves nothing
    // anew: moved to another name, or deleted from the base and added
    // again, it is a replay of an approval given once).
    // A statement is known by what was signed, so one re-encoded (another
    // armour, other line ends) is the same statement.
    let mut statements = Statements::default();
    let in_head = repo.statement_files(head_id);
    let wanted: foldhash::HashSet<_> = in_head.iter().map(|(_, oid)| statements.id(repo, *oid)).collect();
    let old = repo.statements_in_history(base_id, &wanted, &mut |oid| statements.id(repo, oid))?;
    let new_statements: Vec<(String, Oid)> = in_head
        .into_iter()
        .filter(|(_, oid)| !old.contains(&statements.id(repo, *oid)))
        .collect();
    clock.lap("approval statements new in the range");
    // Emergency declarations new in the range, like statements.
    let mut declarations = super::emergency::Declarations::new_in_range(repo, base_id, head_id)?;
    let differing = repo.differing(Some(base_id), head_id)?;
    let all: Vec<usize> = (0..walked.facts.len()).collect();
    let mut bases = foldhash::HashMap::default();
    // The change the merge would make: a branch behind the base changed
    // nothing where it holds what it held at every merge base (only the
    // base changed the path since; a merge, squash or rebase keeps the
    // base's content there). Where both changed it, the head's content is
    // judged, and an approval given before the base changed it does not
    // count ([`started_elsewhere`]).
    let forks = if walked.facts.is_empty() {
        Vec::new()
    } else {
        repo.merge_bases_of(base_id, head_id)
    };
    let mut merged: Option<Option<git2::Index>> = None;
    for path in differing.iter().filter(|p| judge.governed(p)) {
        let mut content = repo.entry(head_id, path);
        if !forks.is_empty() && forks.iter().all(|f| repo.entry(*f, path) == content) {
            continue;
        }
        // Both sides changed it since the fork: what lands is the merge's
        // result, judged when the merge is clean there (a conflict keeps
        // the head's content, which an approval given before the base
        // changed does not approve).
        if !forks.is_empty() && forks.iter().any(|f| repo.entry(*f, path) != base_has(repo, path)) {
            let index = merged.get_or_insert_with(|| repo.merged(base_id, head_id));
            if let Some(result) = index.as_ref().and_then(|i| repo.merged_entry(i, path)) {
                content = result;
            }
            if content == base_has(repo, path) {
                continue;
            }
        }
        let makers = walked.makers(path, all.iter().copied());
        let earlier: BTreeSet<Entry> = all
            .iter()
            .filter(|&&i| walked.made[i].iter().any(|p| p == path))
            .map(|&i| walked.entry(repo, i, path))
            .filter(|e| *e != content)
            .collect();
        // The commit that made the content (else the last that brought it).
        let change = all
            .iter()
            .rev()
            .copied()
            .find(|&i| walked.made[i].iter().any(|p| p == path) && walked.entry(repo, i, path) == content)
            .or_else(|| {
                all.iter()
                    .rev()
                    .copied()
                    .find(|&i| walked.touched[i].iter().chain(&walked.made[i]).any(|p| p == path))
            })
            .unwrap_or(walked.facts.len().saturating_sub(1));
        if walked.facts.is_empty() {
            continue;
        }
        let candidates: Vec<(usize, Entry)> = all
            .iter()
            .filter(|&&i| walked.facts[i].signature.signer().is_some())
            .map(|&i| (i, walked.entry(repo, i, path)))
            .collect();
        let elsewhere = started_elsewhere(
            repo,
            (&walked, &candidates),
            (path, content),
            (base_id, &|_| false),
            &mut bases,
        );
        let version = Version {
            path,
            content,
            change,
            makers: &makers,
            candidates: &candidates,
            earlier: &earlier,
            elsewhere: &elsewhere,
        };
        let mut here = attested_for(repo, &attested, (path, content), Some(base_id));
        here.extend(statements.approving((repo, &judge), &new_statements, (path, base_has(repo, path), content)));
        let before = report.issues.len();
        for rule in judge.rules.iter().filter(|r| r.set.is_match(path)) {
            // EMERGENCY HOOK: a declaration covering exactly this change
            // under this rule is attached to the judgement, for
            // `check::emergency` to let it through until its deadline; its
            // declarer cannot be among the approvers.
            let declared = declarations.covering((repo, &judge, rule), (path, base_has(repo, path), content), None);
            let narrowed = declared
                .as_ref()
                .map(|d| super::emergency::without_declarer(rule, &d.declarer));
            let rule = narrowed.as_ref().unwrap_or(rule);
            let approved = judge_version((&judge, rule), &version, &walked, &here, &mut report);
            if let (Some(d), Some(j)) = (declared, report.judgements.last_mut()) {
                j.emergency = Some(d);
            }
            let eligible = &rule.eligible;
            // A veto blocks the content its pull request's head holds (in a
            // pull request, the head itself; in a merge group, what that
            // pull request brings), or every change when it names no head.
            let vetoed = attested_for(repo, &vetoes, (path, content), None);
            for (person, evidence) in vetoed.iter().filter(|(p, _)| eligible.contains(p)) {
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
                    commit: walked.facts.last().map(|c| c.id.clone()),
                    help: Some(format!(
                        "{} approves the head, or the review is dismissed, to lift the veto",
                        judge.name_of(person)
                    )),
                    lines: None,
                });
            }
        }
        // Point the findings at the lines the change touched, where the
        // diff of a pull request shows them.
        if report.issues.len() > before {
            let lines = repo.changed_lines(base_has(repo, path), content);
            for issue in &mut report.issues[before..] {
                issue.lines = lines;
            }
        }
    }
    commit_issues(&judge, &walked.facts, &mut report);
    report.commits = walked.facts;
    clock.lap("versions judged");
    Ok(report)
}
