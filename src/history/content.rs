//! Approvals bound to content: the judging modes.
//!
//! A change is the difference between two contents of a governed path
//! (blob, mode, link, submodule, presence), however it got there. A content
//! is approved when at least `min` eligible, distinct people who did not make
//! it signed a commit, inside the range judged, whose tree holds exactly that
//! content at that path (or, in pull request mode, approved on GitHub a head
//! that holds it). Content equal to the base's needs nothing.
//!
//! - [`range`]: `base..head` (`isms check --base`), one content per path (the
//!   head's), everything judged by the configuration of `base`.
//! - [`state`] and [`audit`]: the versions of each path along the first-parent
//!   line of `HEAD` since the trust root, each judged by the configuration in
//!   force there: the latest one whose own change was approved.

use super::keys::KeyRing;
use super::statement;
use super::{
    Approver, Attestation, Attested, CommitFacts, Entry, Issue, Judge, Judgement, MISSING, Repo, Report, Rule,
    SELF_APPROVAL, STALE, Signed, brief, commit_issues, intersect, parent_indices, people_of, short, short_id,
    verify_all,
};
use crate::diag::{Problem, Problems};
use git2::Oid;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// The commits of a walk, oldest first, with what each changed.
struct Walked {
    facts: Vec<CommitFacts>,
    made: Vec<Vec<String>>,
    touched: Vec<Vec<String>>,
    /// Each commit's entry at the paths it made or touched.
    held: Vec<BTreeMap<String, Entry>>,
    parents: Vec<Vec<usize>>,
}

impl Walked {
    fn push(&mut self, facts: CommitFacts, diffs: super::Diffs) {
        self.facts.push(facts);
        self.made.push(diffs.made);
        self.touched.push(diffs.touched);
        self.held.push(diffs.held);
    }

    fn with_capacity(n: usize) -> Walked {
        Walked {
            facts: Vec::with_capacity(n),
            made: Vec::with_capacity(n),
            touched: Vec::with_capacity(n),
            held: Vec::with_capacity(n),
            parents: Vec::new(),
        }
    }

    /// Commit `i`'s entry at `path`: known from its diffs, else looked up.
    fn entry(&self, repo: &Repo, i: usize, path: &str) -> Entry {
        match self.held[i].get(path) {
            Some(e) => *e,
            None => Oid::from_str(&self.facts[i].id)
                .ok()
                .and_then(|id| repo.entry(id, path)),
        }
    }

    /// The people who made content at `path` in the commits `among`: their
    /// authors, committers and signers.
    fn makers(&self, path: &str, among: impl Iterator<Item = usize>) -> BTreeSet<String> {
        let mut makers = BTreeSet::new();
        for i in among {
            if self.made[i].iter().any(|p| p == path) {
                let c = &self.facts[i];
                makers.extend(c.author.person.iter().cloned());
                makers.extend(c.committer.person.iter().cloned());
                makers.extend(c.signature.signer().map(String::from));
            }
        }
        makers
    }
}

/// One content of one path to judge under one rule.
struct Version<'a> {
    path: &'a str,
    content: Entry,
    /// The commit that brought this content (for messages).
    change: usize,
    /// Who may not approve it.
    makers: &'a BTreeSet<String>,
    /// Commits whose signature may approve it, oldest first, each with the
    /// content of the path it holds.
    candidates: &'a [(usize, Entry)],
    /// Contents of the path made on the way to this one: an approval of one
    /// of them is stale.
    earlier: &'a BTreeSet<Entry>,
}

/// Judges one version under one rule: pushes its judgement and issues, and
/// says whether it is approved.
fn judge_version(
    (judge, rule): (&Judge, &Rule),
    v: &Version<'_>,
    walked: &Walked,
    attested: &[(String, String)],
    report: &mut Report,
) -> bool {
    let eligible = judge.eligible(&rule.roles);
    let mut approvers: Vec<Approver> = Vec::new();
    let mut own: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut stale: Vec<(String, String)> = Vec::new();
    for &(i, held) in v.candidates {
        let c = &walked.facts[i];
        let super::signature::Verdict::Good { person, key } = &c.signature else {
            continue;
        };
        if !eligible.contains(person) || !judge.vouches(person, key) {
            continue;
        }
        if held != v.content {
            if v.earlier.contains(&held) {
                stale.push((person.clone(), c.id.clone()));
            }
            continue;
        }
        if v.makers.contains(person) {
            // Signing one's own change commit is how changes are made; a
            // signature on another commit holding it is a self-approval.
            if !walked.made[i].iter().any(|p| p == v.path) {
                own.entry(person.clone()).or_default().push(c.id.clone());
            }
            continue;
        }
        if !approvers.iter().any(|a| &a.person == person) {
            approvers.push(Approver {
                person: person.clone(),
                commit: c.id.clone(),
                key: key.clone(),
            });
        }
    }
    for (person, evidence) in attested {
        if !eligible.contains(person) || approvers.iter().any(|x| &x.person == person) {
            continue;
        }
        if v.makers.contains(person) {
            own.entry(person.clone()).or_default().push(evidence.clone());
        } else {
            approvers.push(Approver {
                person: person.clone(),
                commit: walked.facts.last().map(|c| c.id.clone()).unwrap_or_default(),
                key: evidence.clone(),
            });
        }
    }
    let approved = approvers.len() >= rule.min as usize;
    let change = &walked.facts[v.change];
    let change_short = short_id(&change.id);
    let path = v.path;
    let about = |id: &'static str, warning: bool, message: String, commit: String, help: Option<String>| Issue {
        rule: id,
        warning,
        message,
        path: Some(path.to_string()),
        rule_index: rule.index,
        commit: Some(commit),
        help,
        lines: None,
    };
    if !approved {
        let could: Vec<String> = eligible
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
        report.issues.push(about(
            MISSING,
            false,
            format!(
                "{path} {verb} in {change_short} (\"{}\") needs {} signed approval{} from {} under the rule `{}`; it has {}{}",
                brief(&change.summary),
                rule.min,
                if rule.min == 1 { "" } else { "s" },
                rule.roles.join(" or "),
                rule.name,
                approvers.len(),
                if have.is_empty() { String::new() } else { format!(" ({have})") },
            ),
            change.id.clone(),
            Some(if could.is_empty() {
                "nobody who holds the rule's roles can still approve: every holder made the change, or none is active"
                    .into()
            } else {
                format!("could still approve: {}", could.join(", "))
            }),
        ));
    }
    // One finding per version, naming every offender.
    if !own.is_empty() {
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
        report.issues.push(about(
            SELF_APPROVAL,
            false,
            format!(
                "{} made the change to {path} in {change_short} themselves: their approval ({}{}) does not count",
                who.join(", "),
                listed.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
            first,
            None,
        ));
    }
    let mut seen = BTreeSet::new();
    for (person, commit) in stale {
        if approvers.iter().any(|a| a.person == person) || v.makers.contains(&person) || !seen.insert(person.clone()) {
            continue;
        }
        let message = format!(
            "the approval of {path} by {} in {} is stale: it approved an earlier content, and the file changed again in {change_short}",
            judge.name_of(&person),
            short_id(&commit)
        );
        report.issues.push(about(STALE, true, message, commit, None));
    }
    report.judgements.push(Judgement {
        rule: rule.name.clone(),
        rule_index: rule.index,
        path: path.to_string(),
        change: change.id.clone(),
        roles: rule.roles.clone(),
        min: rule.min,
        approvers,
        approved,
    });
    approved
}

/// A history cut by a shallow clone cannot be judged: exit 2, never a pass.
fn check_complete(repo: &Repo, ids: &[Oid]) -> Result<(), Problems> {
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
    let ids = repo.walk(head_id, &[base_id])?;
    check_complete(repo, &ids)?;
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
        if let Some(s) = u.signed {
            work.push((n, s));
            rings.push(ring);
        }
        walked.push(u.facts, u.diffs);
    }
    verify_into(&mut walked.facts, work, &rings.iter().collect::<Vec<_>>());
    walked.parents = parent_indices(&walked.facts);

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
    // Approval statements new in the range: in the head's tree and not, as
    // they are, in the base's (an old statement approves nothing anew).
    // (By content: an old statement moved to another name is still old.)
    let in_base: BTreeSet<Oid> = repo.statement_files(base_id).into_iter().map(|(_, oid)| oid).collect();
    let new_statements: Vec<(String, Oid)> = repo
        .statement_files(head_id)
        .into_iter()
        .filter(|(_, oid)| !in_base.contains(oid))
        .collect();
    let mut statements = Statements::default();
    let differing = repo.differing(Some(base_id), head_id)?;
    let all: Vec<usize> = (0..walked.facts.len()).collect();
    for path in differing.iter().filter(|p| judge.governed(p)) {
        let content = repo.entry(head_id, path);
        let makers = walked.makers(path, all.iter().copied());
        let earlier: BTreeSet<Entry> = all
            .iter()
            .filter(|&&i| walked.made[i].iter().any(|p| p == path))
            .map(|&i| walked.entry(repo, i, path))
            .filter(|e| *e != content)
            .collect();
        let change = all
            .iter()
            .rev()
            .copied()
            .find(|&i| walked.touched[i].iter().chain(&walked.made[i]).any(|p| p == path))
            .unwrap_or(walked.facts.len().saturating_sub(1));
        if walked.facts.is_empty() {
            continue;
        }
        let candidates: Vec<(usize, Entry)> = all
            .iter()
            .filter(|&&i| walked.facts[i].signature.signer().is_some())
            .map(|&i| (i, walked.entry(repo, i, path)))
            .collect();
        let version = Version {
            path,
            content,
            change,
            makers: &makers,
            candidates: &candidates,
            earlier: &earlier,
        };
        let mut here = attested_for(repo, &attested, path, content);
        here.extend(statements.approving(repo, &judge, &new_statements, path, base_has(repo, path), content));
        let before = report.issues.len();
        for rule in judge.rules.iter().filter(|r| r.set.is_match(path)) {
            let approved = judge_version((&judge, rule), &version, &walked, &here, &mut report);
            let eligible = judge.eligible(&rule.roles);
            for (person, evidence, _) in vetoes.iter().filter(|(p, _, _)| eligible.contains(p)) {
                if let Some(j) = report.judgements.last_mut() {
                    j.approved = false;
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
    Ok(report)
}

/// Approval statement files, read once each (by blob) and verified against
/// the keys of the configuration that judges each use of them.
#[derive(Default)]
struct Statements {
    read: HashMap<Oid, Option<Vec<u8>>>,
}

impl Statements {
    /// The approvals (person, evidence) that the statement files `files`
    /// give for `path` changing from `from` to `to`: each signed with a key
    /// `judge` holds for its person, naming exactly that change.
    fn approving(
        &mut self,
        repo: &Repo,
        judge: &Judge,
        files: &[(String, Oid)],
        path: &str,
        from: Entry,
        to: Entry,
    ) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (file, oid) in files {
            let bytes = self
                .read
                .entry(*oid)
                .or_insert_with(|| repo.repo.find_blob(*oid).ok().map(|b| b.content().to_vec()));
            let Some(bytes) = bytes else { continue };
            let Some((st, super::signature::Verdict::Good { person, key })) = statement::verify(bytes, &judge.ring)
            else {
                continue;
            };
            if judge.vouches(&person, &key) && st.approves(path, from, to) && !out.iter().any(|(p, _)| *p == person) {
                out.push((person, format!("{key} (approval statement {file})")));
            }
        }
        out
    }
}

/// The attested approvals that hold for `content` at `path`: those given
/// on the head being judged, or on a commit (a pull request's head) that
/// holds exactly `content` there. An approval of a commit this clone does
/// not hold counts for nothing.
fn attested_for(repo: &Repo, attested: &[Attestation], path: &str, content: Entry) -> Vec<(String, String)> {
    attested
        .iter()
        .filter(|(_, _, commit)| match commit {
            None => true,
            Some(id) => repo.entry_of_named(id, path) == Some(content),
        })
        .map(|(person, evidence, _)| (person.clone(), evidence.clone()))
        .collect()
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

/// Judges the current state: the content of each governed file at `HEAD`
/// that differs from the trust root's, by the configuration in force.
pub fn state(repo: &mut Repo) -> Result<Report, Problems> {
    if repo.repo.is_empty().unwrap_or(false) {
        // A new repository: nothing is committed, so nothing is approved or
        // unapproved yet.
        return Ok(Report {
            mode: "unborn".into(),
            ..Report::default()
        });
    }
    let head = repo.resolve("HEAD")?;
    in_force_walk(repo, head, None, true, &mut |_, _| {}, None)
}

/// Finds platform attestations (approving reviews of the pull request that
/// brought a commit in) for a version that signatures leave unapproved.
pub type Attest<'a> = &'a mut dyn FnMut(&str) -> Vec<Attested>;

/// Judges every version of every governed file along the first-parent line
/// since `since` (or the trust root), each by the configuration in force
/// there; `attest`, when given, is asked about versions no signature
/// approves.
pub fn audit(
    repo: &mut Repo,
    since: Option<&str>,
    progress: &mut dyn FnMut(usize, usize),
    attest: Option<Attest<'_>>,
) -> Result<Report, Problems> {
    let head = repo.resolve("HEAD")?;
    let since = match since {
        Some(rev) => Some(repo.resolve(rev)?),
        None => None,
    };
    in_force_walk(repo, head, since, false, progress, attest)
}

/// Walks from the trust root the configuration names: when that
/// configuration is not itself in force (its change was not approved), the
/// trust root it names is not trusted either, and the one named by the
/// configuration of that trust root is tried, back to the first commit.
fn in_force_walk(
    repo: &mut Repo,
    head: Oid,
    since: Option<Oid>,
    latest_only: bool,
    progress: &mut dyn FnMut(usize, usize),
    mut attest: Option<Attest<'_>>,
) -> Result<Report, Problems> {
    let mode = if latest_only { "state" } else { "audit" };
    if let Some(root) = since {
        let (report, _) = walk_versions(repo, head, Some(root), mode, progress, attest)?;
        return Ok(report);
    }
    let mut root = repo.trust_root_of(head)?;
    let mut tries = 0;
    loop {
        tries += 1;
        let (report, current) = walk_versions(repo, head, root, mode, progress, attest.as_deref_mut().map(|a| a as _))?;
        if current || tries > 16 {
            return Ok(report);
        }
        let Some(r) = root else { return Ok(report) };
        let next = repo.trust_root_of(r)?;
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
    repo: &mut Repo,
    head: Oid,
    root: Option<Oid>,
    mode: &str,
    progress: &mut dyn FnMut(usize, usize),
    mut attest: Option<Attest<'_>>,
) -> Result<(Report, bool), Problems> {
    let latest_only = mode == "state";
    let hide: Vec<Oid> = root.into_iter().collect();
    let ids = repo.walk(head, &hide)?;
    check_complete(repo, &ids)?;
    let mut report = Report {
        mode: mode.into(),
        head: Some(head.to_string()),
        trust_root: root.map(|r| r.to_string()),
        ..Report::default()
    };
    // Facts; each signature verified against the keys of its parent's
    // configuration (key validity by position in history), and counted
    // later only if the configuration in force also holds that key.
    let mut walked = Walked::with_capacity(ids.len());
    let mut work: Vec<(usize, Signed)> = Vec::new();
    let mut judges: Vec<Arc<Judge>> = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        progress(n + 1, ids.len());
        let at = repo.commit_parent(*id).unwrap_or(*id);
        let judge = repo.judge_lenient(at).or_else(|| repo.judge_lenient(*id));
        let u = repo.facts_unverified(*id, judge.as_deref())?;
        if let (Some(s), Some(j)) = (u.signed, judge) {
            work.push((n, s));
            judges.push(j);
        }
        walked.push(u.facts, u.diffs);
    }
    repo.verify_cached(
        &mut walked.facts,
        work,
        &judges.iter().map(|j| &j.ring).collect::<Vec<_>>(),
    );
    drop(judges);
    walked.parents = parent_indices(&walked.facts);
    let n = walked.facts.len();
    let index: HashMap<Oid, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();

    // The first-parent line from the oldest walked commit to head, and for
    // every commit the position on that line where it was first merged in.
    let mut line: Vec<usize> = Vec::new();
    let mut at = index.get(&head).copied();
    while let Some(i) = at {
        line.push(i);
        at = walked.facts[i]
            .parents
            .first()
            .and_then(|p| Oid::from_str(p).ok())
            .and_then(|p| index.get(&p).copied());
    }
    line.reverse();
    let mut merged_at = vec![usize::MAX; n];
    for (k, &i) in line.iter().enumerate() {
        merged_at[i] = k;
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, ps) in walked.parents.iter().enumerate() {
        for &p in ps {
            children[p].push(i);
        }
    }
    for i in (0..n).rev() {
        if merged_at[i] == usize::MAX {
            merged_at[i] = children[i].iter().map(|&c| merged_at[c]).min().unwrap_or(usize::MAX);
        }
    }
    let mut arrivals: Vec<Vec<usize>> = vec![Vec::new(); line.len()];
    for (i, &k) in merged_at.iter().enumerate() {
        if let Some(bucket) = arrivals.get_mut(k) {
            bucket.push(i);
        }
    }

    // Per path, the positions on the line that touched it: a version is in
    // force from its position to the next.
    let mut touches: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, &m) in line.iter().enumerate() {
        for p in &walked.touched[m] {
            touches.entry(p.as_str()).or_default().push(k);
        }
    }
    // Per signer: (position on the line where merged, commit), in order.
    let mut signed_by: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (pos, bucket) in arrivals.iter().enumerate() {
        for &i in bucket {
            if let Some(signer) = walked.facts[i].signature.signer() {
                signed_by.entry(signer).or_default().push((pos, i));
            }
        }
    }

    // Approval statements, by the position on the line where each arrived
    // (added or changed relative to the line's previous commit).
    // A statement arrives once: the same statement moved or re-added later
    // on the line approves nothing anew.
    let mut statement_arrivals: Vec<(usize, String, Oid)> = Vec::new();
    let mut seen: std::collections::HashSet<Oid> = root
        .map(|r| repo.statement_files(r).into_iter().map(|(_, oid)| oid).collect())
        .unwrap_or_default();
    for (k, &m) in line.iter().enumerate() {
        for p in walked.touched[m].iter().filter(|p| statement::is_statement(p)) {
            if let Some(Some((oid, _))) = walked.held[m].get(p) {
                if seen.insert(*oid) {
                    statement_arrivals.push((k, p.clone(), *oid));
                }
            }
        }
    }
    let mut statements = Statements::default();

    let mut judge: Option<Arc<Judge>> = match root {
        Some(r) => repo.judge_at(r)?,
        None => None,
    };
    let mut in_force: Option<Oid> = root;
    // Per path: makers since its last approved version, contents made since.
    let mut makers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut earlier: BTreeMap<String, BTreeSet<Entry>> = BTreeMap::new();
    let mut last_version: BTreeMap<String, Report> = BTreeMap::new();
    // Per path: the content last approved (the trust root's until then).
    let mut approved_content: BTreeMap<String, Entry> = BTreeMap::new();
    for (k, &m) in line.iter().enumerate() {
        let mid = ids[m];
        if judge.is_none() {
            // Before the ISMS had a configuration nothing was governed; the
            // first configuration is the bootstrap.
            judge = repo.judge_lenient(mid);
            in_force = judge.as_ref().map(|_| mid);
            if judge.is_none() {
                continue;
            }
        }
        let Some(j) = judge.clone() else { continue };
        // Commits first merged in here.
        let arrived: &[usize] = arrivals.get(k).map_or(&[], Vec::as_slice);
        let mut config_touched = false;
        let mut config_ok = true;
        for path in walked.touched[m].iter().filter(|p| j.governed(p)) {
            let content = walked.entry(repo, m, path);
            let who = walked.makers(path, arrived.iter().copied());
            let acc = makers.entry(path.clone()).or_default();
            acc.extend(who);
            let made_here: BTreeSet<Entry> = arrived
                .iter()
                .filter(|&&i| walked.made[i].iter().any(|p| p == path))
                .map(|&i| walked.entry(repo, i, path))
                .collect();
            let before = earlier.entry(path.clone()).or_default();
            before.extend(made_here);
            before.remove(&content);
            // Approvals: signed commits merged into the line while this
            // version is in force (never those already on the line before
            // it: a rollback needs new approvals). A commit of the line
            // holds this content there; one merged in is looked at.
            let until = touches
                .get(path.as_str())
                .and_then(|ks| ks.get(ks.partition_point(|&x| x <= k)).copied())
                .unwrap_or(line.len());
            let mut people: BTreeSet<String> = j
                .rules
                .iter()
                .filter(|r| r.set.is_match(path))
                .flat_map(|r| j.eligible(&r.roles))
                .collect();
            people.extend(acc.iter().cloned());
            // Per person, their signed commits in the window, until one
            // holds this content (and, for a maker, is not their own
            // making of it): one approval per person is all that counts.
            let mut candidates: Vec<(usize, Entry)> = Vec::new();
            for person in &people {
                let Some(list) = signed_by.get(person.as_str()) else {
                    continue;
                };
                let start = list.partition_point(|(pos, _)| *pos < k);
                for &(pos, i) in list[start..].iter().take_while(|(pos, _)| *pos < until) {
                    let held = if i == line[pos] {
                        content
                    } else {
                        walked.entry(repo, i, path)
                    };
                    candidates.push((i, held));
                    let own_making = acc.contains(person) && walked.made[i].iter().any(|p| p == path);
                    if held == content && !own_making {
                        break;
                    }
                }
            }
            candidates.sort_unstable();
            let version = Version {
                path,
                content,
                change: m,
                makers: acc,
                candidates: &candidates,
                earlier: before,
            };
            // Statements that arrived while this version is in force and
            // approve exactly the change from the last approved content.
            let from = match approved_content.get(path) {
                Some(e) => *e,
                None => root.and_then(|r| repo.entry(r, path)),
            };
            let arrived_statements: Vec<(String, Oid)> = statement_arrivals
                .iter()
                .filter(|(pos, _, _)| *pos >= k && *pos < until)
                .map(|(_, file, oid)| (file.clone(), *oid))
                .collect();
            let stated = statements.approving(repo, &j, &arrived_statements, path, from, content);
            let mut one = Report::default();
            let mut approved = true;
            for rule in j.rules.iter().filter(|r| r.set.is_match(path)) {
                let mut ok = judge_version((&j, rule), &version, &walked, &stated, &mut one);
                if let (false, Some(attest)) = (ok, attest.as_mut()) {
                    let mut attested = stated.clone();
                    attested.extend(attested_for(
                        repo,
                        &people_of(&j, &attest(&walked.facts[m].id)),
                        path,
                        content,
                    ));
                    if attested.len() > stated.len() {
                        let len = one.judgements.len();
                        one.judgements.truncate(len.saturating_sub(1));
                        one.issues
                            .retain(|i| i.rule_index != rule.index || i.path.as_deref() != Some(path));
                        ok = judge_version((&j, rule), &version, &walked, &attested, &mut one);
                    }
                }
                approved &= ok;
            }
            if !approved_content.contains_key(path) {
                let then = root.and_then(|r| repo.entry(r, path));
                approved_content.insert(path.clone(), then);
            }
            if approved {
                makers.remove(path);
                earlier.remove(path);
                approved_content.insert(path.clone(), content);
            }
            if j.is_config(path) {
                config_touched = true;
                config_ok &= approved;
            }
            if latest_only {
                // The trail of every version, for the evidence pack (an
                // audit's judgements are that trail already).
                report.trail.extend(one.judgements.iter().cloned());
                last_version.insert(path.clone(), one);
            } else {
                report.judgements.extend(one.judgements);
                report.issues.extend(one.issues);
            }
        }
        if config_touched && config_ok {
            if let Some(next) = repo.judge_lenient(mid) {
                judge = Some(next);
                in_force = Some(mid);
            }
        }
    }
    if latest_only {
        // Only what is in force now: the last version of each path whose
        // content is not the one last approved (or the trust root's).
        for (path, one) in last_version {
            let now = repo.entry(head, &path);
            if approved_content.get(&path).is_some_and(|a| *a == now) && one.judgements.iter().all(|j| !j.approved) {
                continue;
            }
            report.judgements.extend(one.judgements);
            report.issues.extend(one.issues);
        }
    }
    // The configuration at head is current when it is what is in force.
    let mut config_current = true;
    if let (Some(f), Some(j)) = (in_force, &judge) {
        if f != head {
            config_current = !repo.differing(Some(f), head)?.iter().any(|p| j.is_config(p));
        }
    }
    report.in_force = in_force.map(|f| f.to_string());
    report.rules_in_force = judge.as_ref().map_or(0, |j| j.config.raw.approvals.len());
    if let Some(j) = &judge {
        commit_issues(j, &walked.facts, &mut report);
        if latest_only {
            report.baseline = baseline(repo, head, root, j)?;
        }
    }
    report.commits = walked.facts;
    Ok((report, config_current))
}

/// Governed files at `head` whose content is the trust root's.
fn baseline(repo: &Repo, head: Oid, root: Option<Oid>, judge: &Judge) -> Result<Vec<String>, Problems> {
    let Some(root) = root else { return Ok(Vec::new()) };
    let changed = repo.differing(Some(root), head)?;
    let mut out = Vec::new();
    if let Ok(tree) = repo.repo.find_commit(head).and_then(|c| c.tree()) {
        let _ = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            let full = format!("{dir}{}", entry.name().unwrap_or(""));
            if let Some(rel) = full.strip_prefix(&repo.prefix) {
                if entry.kind() != Some(git2::ObjectType::Tree) && judge.governed(rel) && !changed.contains(rel) {
                    out.push(rel.to_string());
                }
            }
            git2::TreeWalkResult::Ok
        });
    }
    Ok(out)
}
