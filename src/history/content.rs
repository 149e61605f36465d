//! Approvals bound to content: the judging modes.
//!
//! A change is the difference between two contents of a governed path
//! (blob, mode, link, submodule, presence), however it got there. A content
//! is approved when at least `min` eligible, distinct people who did not make
//! it signed a commit, inside the range judged, whose tree holds exactly that
//! content at that path (or, in pull request mode, approved on GitHub a head
//! that holds it), on a line that left the base where the path held the
//! content the change replaces ([`started_elsewhere`]). Content equal to the
//! base's needs nothing.
//!
//! - [`range`]: `base..head` (`isms check --base`), one content per path (the
//!   head's), everything judged by the configuration of `base`.
//! - [`state`] and [`audit`]: the versions of each path along the first-parent
//!   line of `HEAD` since the trust root, each judged by the configuration in
//!   force there: the latest one whose own change was approved.

use super::judge::{Attestation, Judge, Rule};
use super::model::{Approver, CommitFacts, Issue, Judgement, Report};
use super::objects::{Entry, brief, short, short_id};
use super::repo::Repo;
use super::signature::Verdict;
use super::walked::Walked;
use crate::diag::{Problem, Problems};
use crate::findings::catalogue::{MISSING, SELF_APPROVAL, STALE};
use foldhash::HashMap;
use git2::Oid;
use std::collections::{BTreeMap, BTreeSet};

/// One content of one path to judge under one rule.
pub(crate) struct Version<'a> {
    pub(crate) path: &'a str,
    pub(crate) content: Entry,
    /// The commit that brought this content (for messages).
    pub(crate) change: usize,
    /// Who may not approve it.
    pub(crate) makers: &'a BTreeSet<String>,
    /// Commits whose signature may approve it, oldest first, each with the
    /// content of the path it holds.
    pub(crate) candidates: &'a [(usize, Entry)],
    /// Contents of the path made on the way to this one: an approval of one
    /// of them is stale.
    pub(crate) earlier: &'a BTreeSet<Entry>,
    /// Candidates that hold this content but approved it as a change from
    /// other content ([`started_elsewhere`]): they approve nothing here.
    pub(crate) elsewhere: &'a BTreeSet<usize>,
}

/// The candidates holding `content` at `path` whose approval was given to
/// a change from other content than the one `reference` holds there: a
/// line that left `reference`'s history (at their merge bases) where the
/// path held something else, or shares no history with it. An approval of
/// X given when the file was B does not approve replacing B2 by X: landing
/// it would silently undo the approved change B → B2 (an abandoned
/// approved branch merged in, or an approved branch brought up to date
/// with its side of a conflict). Candidates for which `descends` holds
/// have `reference` itself as their merge base and are not looked at.
pub(crate) fn started_elsewhere(
    repo: &Repo,
    (walked, candidates): (&Walked, &[(usize, Entry)]),
    (path, content): (&str, Entry),
    (reference, descends): (Oid, &dyn Fn(usize) -> bool),
    bases: &mut HashMap<(usize, Oid), Vec<Oid>>,
) -> BTreeSet<usize> {
    // Read only when a candidate needs it: most approvals descend from the
    // reference, and a tree lookup per version is a cost on long histories.
    let mut replaced: Option<Entry> = None;
    let mut out = BTreeSet::new();
    for &(i, held) in candidates {
        if held != content || descends(i) {
            continue;
        }
        let replaced = *replaced.get_or_insert_with(|| repo.entry(reference, path));
        if held == replaced {
            continue;
        }
        let Ok(id) = Oid::from_str(&walked.facts[i].id) else {
            out.insert(i);
            continue;
        };
        let found = bases
            .entry((i, reference))
            .or_insert_with(|| repo.merge_bases_of(id, reference));
        if !left_where_it_held(repo, found, path, replaced) {
            out.insert(i);
        }
    }
    out
}

/// Whether a line whose merge bases with the reference are `bases` left it
/// where `path` held `replaced`, the content the change replaces: at every
/// merge base, and there is one.
fn left_where_it_held(repo: &Repo, bases: &[Oid], path: &str, replaced: Entry) -> bool {
    !bases.is_empty() && bases.iter().all(|b| repo.entry(*b, path) == replaced)
}

/// What the candidates and attestations of one version under one rule
/// came to: who approved it, and which approvals do not count and why.
#[derive(Default)]
struct Gathered {
    approvers: Vec<Approver>,
    /// Makers who approved their own change: person → evidence.
    own: BTreeMap<String, Vec<String>>,
    /// Approvals of an earlier content: (person, commit).
    stale: Vec<(String, String)>,
    /// Approvals of this content as a change from other content.
    rebased: Vec<(String, String)>,
}

/// Judges one version under one rule: pushes its judgement and issues, and
/// says whether it is approved.
pub(crate) fn judge_version(
    (judge, rule): (&Judge, &Rule),
    v: &Version<'_>,
    walked: &Walked,
    attested: &[(String, String)],
    report: &mut Report,
) -> bool {
    let mut gathered = Gathered::default();
    signed_approvals((judge, rule), v, walked, &mut gathered);
    attested_approvals(rule, v, walked, attested, &mut gathered);
    let approved = gathered.approvers.len() >= rule.min as usize;
    let change = &walked.facts[v.change];
    if !approved {
        report
            .issues
            .push(missing_approvals((judge, rule), v, change, &gathered.approvers));
    }
    if let Some(issue) = self_approvals((judge, rule), v, change, &gathered.own) {
        report.issues.push(issue);
    }
    report
        .issues
        .extend(stale_approvals((judge, rule), v, change, &gathered));
    report.judgements.push(Judgement {
        rule: rule.name.clone(),
        rule_index: rule.index,
        path: v.path.to_string(),
        change: change.id.clone(),
        roles: rule.roles.clone(),
        min: rule.min,
        approvers: gathered.approvers,
        approved,
        content: v.content,
        makers: v.makers.iter().cloned().collect(),
        eligible: rule.eligible.iter().cloned().collect(),
        emergency: None,
    });
    approved
}

/// The signed commits among the candidates: each good signature by an
/// eligible person with a key the judge vouches for approves the content it
/// holds, unless it is their own making, an earlier content, or this
/// content approved as a change from other content.
fn signed_approvals((judge, rule): (&Judge, &Rule), v: &Version<'_>, walked: &Walked, out: &mut Gathered) {
    for &(i, held) in v.candidates {
        let c = &walked.facts[i];
        let Verdict::Good { person, key } = &c.signature else {
            continue;
        };
        if !rule.eligible.contains(person) || !judge.vouches(person, key) {
            continue;
        }
        if held != v.content {
            if v.earlier.contains(&held) {
                out.stale.push((person.clone(), c.id.clone()));
            }
            continue;
        }
        if v.makers.contains(person) {
            // Signing one's own change commit is how changes are made; a
            // signature on another commit holding it is a self-approval.
            if !walked.made[i].iter().any(|p| p == v.path) {
                out.own.entry(person.clone()).or_default().push(c.id.clone());
            }
            continue;
        }
        if v.elsewhere.contains(&i) {
            out.rebased.push((person.clone(), c.id.clone()));
            continue;
        }
        if !out.approvers.iter().any(|a| &a.person == person) {
            out.approvers.push(Approver {
                person: person.clone(),
                commit: c.id.clone(),
                key: key.clone(),
            });
        }
    }
}

/// Attested approvals (reviews, statements) by eligible people who have
/// not approved yet; a maker's is a self-approval.
fn attested_approvals(
    rule: &Rule,
    v: &Version<'_>,
    walked: &Walked,
    attested: &[(String, String)],
    out: &mut Gathered,
) {
    for (person, evidence) in attested {
        if !rule.eligible.contains(person) || out.approvers.iter().any(|x| &x.person == person) {
            continue;
        }
        if v.makers.contains(person) {
            out.own.entry(person.clone()).or_default().push(evidence.clone());
        } else {
            out.approvers.push(Approver {
                person: person.clone(),
                commit: walked.facts.last().map(|c| c.id.clone()).unwrap_or_default(),
                key: evidence.clone(),
            });
        }
    }
}

/// An issue of `rule` about version `v`'s path.
fn about(
    (rule, v): (&Rule, &Version<'_>),
    (id, warning): (&'static str, bool),
    message: String,
    commit: String,
    help: Option<String>,
) -> Issue {
    Issue {
        rule: id,
        warning,
        message,
        path: Some(v.path.to_string()),
        rule_index: rule.index,
        commit: Some(commit),
        help,
        lines: None,
    }
}

/// The issue of a version with fewer approvals than the rule asks.
fn missing_approvals(
    (judge, rule): (&Judge, &Rule),
    v: &Version<'_>,
    change: &CommitFacts,
    approvers: &[Approver],
) -> Issue {
    let could: Vec<String> = rule
        .eligible
        .iter()
        .filter(|p| !v.makers.contains(*p) && !approvers.iter().any(|a| &a.person == *p))
        .map(|p| judge.name_of(p))
        .collect();
    let have = approvers
        .iter()
        .map(|a| judge.name_of(&a.person))
        .collect::<Vec<_>>()
        .join(", ");
    let verb = if v.content.is_none() { "deleted" } else { "changed" };
    about(
        (rule, v),
        (MISSING, false),
        format!(
            "{} {verb} in {} (\"{}\") needs {} signed approval{} from {} under the rule `{}`; it has {}{}",
            v.path,
            short_id(&change.id),
            brief(&change.summary),
            rule.min,
            if rule.min == 1 { "" } else { "s" },
            rule.roles.join(" or "),
            rule.name,
            approvers.len(),
            if have.is_empty() {
                String::new()
            } else {
                format!(" ({have})")
            },
        ),
        change.id.clone(),
        Some(if could.is_empty() {
            crate::config::approvals::NOBODY_LEFT.into()
        } else {
            format!("could still approve: {}", could.join(", "))
        }),
    )
}

/// One finding per version naming every maker who approved their own
/// change.
fn self_approvals(
    (judge, rule): (&Judge, &Rule),
    v: &Version<'_>,
    change: &CommitFacts,
    own: &BTreeMap<String, Vec<String>>,
) -> Option<Issue> {
    if own.is_empty() {
        return None;
    }
    let who: Vec<String> = own.keys().map(|p| judge.name_of(p)).collect();
    let evidence: Vec<&String> = own.values().flatten().collect();
    let listed: Vec<String> = evidence
        .iter()
        .take(3)
        .map(|e| {
            if e.starts_with("GitHub") {
                (*e).clone()
            } else {
                short_id(e).to_string()
            }
        })
        .collect();
    let more = evidence.len().saturating_sub(3);
    let first = evidence.first().map(|e| (*e).clone()).unwrap_or_default();
    Some(about(
        (rule, v),
        (SELF_APPROVAL, false),
        format!(
            "{} made the change to {} in {} themselves: their approval ({}{}) does not count",
            who.join(", "),
            v.path,
            short_id(&change.id),
            listed.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
        first,
        None,
    ))
}

/// Warnings about approvals that do not count for this content: of an
/// earlier content (stale), or of this content as a change from what the
/// path held where the branch left the base (rebased); one per person.
fn stale_approvals((judge, rule): (&Judge, &Rule), v: &Version<'_>, change: &CommitFacts, g: &Gathered) -> Vec<Issue> {
    let (path, change_short) = (v.path, short_id(&change.id));
    let approved = |person: &String| g.approvers.iter().any(|a| &a.person == person);
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (person, commit) in &g.stale {
        if approved(person) || v.makers.contains(person) || !seen.insert(person.clone()) {
            continue;
        }
        let message = format!(
            "the approval of {path} by {} in {} is stale: it approved an earlier content, and the file changed again in {change_short}",
            judge.name_of(person),
            short_id(commit)
        );
        out.push(about((rule, v), (STALE, true), message, commit.clone(), None));
    }
    for (person, commit) in &g.rebased {
        if approved(person) || !seen.insert(person.clone()) {
            continue;
        }
        let message = format!(
            "the approval of {path} by {} in {} does not count here: it approved this content as a change from what {path} held where that branch left the base, and {path} has changed on the base since",
            judge.name_of(person),
            short_id(commit)
        );
        let help = format!(
            "bring the branch up to date with the base (merge or rebase), keep the base's changes to {path}, and approve the result"
        );
        out.push(about((rule, v), (STALE, true), message, commit.clone(), Some(help)));
    }
    out
}

/// A history cut by a shallow clone cannot be judged: exit 2, never a pass.
pub(crate) fn check_complete(repo: &Repo, ids: &[Oid]) -> Result<(), Problems> {
    let shallow = repo.shallow_roots();
    if let Some(cut) = ids.iter().find(|id| shallow.contains(id)) {
        return Err(Problems(vec![
            Problem::new(
                "git::shallow",
                format!(
                    "the history is cut at commit {} by a shallow clone: what came before it cannot be judged",
                    short(cut)
                ),
            )
            .help("fetch the full history: `git fetch --unshallow` (or `fetch-depth: 0` in actions/checkout)"),
        ]));
    }
    Ok(())
}

/// The attested approvals that hold for `content` at `path`: those given
/// on the head being judged, or on a commit (a pull request's head) that
/// holds exactly `content` there. An approval of a commit this clone does
/// not hold counts for nothing. With a `reference` (approvals, not vetoes),
/// an approval of a commit whose line left the reference where the path
/// held other content than the reference's counts for nothing either (as
/// for signed commits, [`started_elsewhere`]).
pub(crate) fn attested_for(
    repo: &Repo,
    attested: &[Attestation],
    (path, content): (&str, Entry),
    reference: Option<Oid>,
) -> Vec<(String, String)> {
    let replaced = reference.map(|r| (r, repo.entry(r, path)));
    attested
        .iter()
        .filter(|(_, _, commit)| match commit {
            None => true,
            Some(id) => {
                repo.entry_of_named(id, path) == Some(content)
                    && match (replaced, Oid::from_str(id)) {
                        (None, _) => true,
                        (Some((_, replaced)), _) if replaced == content => true,
                        (Some((r, replaced)), Ok(id)) => {
                            left_where_it_held(repo, &repo.merge_bases_of(id, r), path, replaced)
                        }
                        (Some(_), Err(_)) => false,
                    }
            }
        })
        .map(|(person, evidence, _)| (person.clone(), evidence.clone()))
        .collect()
}
