//! The state and audit modes: the versions of each governed path along the
//! first-parent line of `HEAD` since the trust root, each judged by the
//! configuration in force there (the latest one whose own change was
//! approved).

use super::content::{Version, attested_for, check_complete, judge_version, started_elsewhere};
use super::statement;
use super::statement::Statements;
use super::{Attested, Entry, Judge, Repo, Report, commit_issues, parent_indices, people_of};
use crate::diag::Problems;
use foldhash::{HashMap, HashSet};
use git2::Oid;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Judges the current state: the content of each governed file at `HEAD`
/// that differs from the trust root's, by the configuration in force.
pub fn state(repo: &mut Repo) -> Result<Report, Problems> {
    // (libgit2's `is_empty` knows only an unborn `master`: a branch born
    // `main` or `trunk` is asked of HEAD itself — and only in a repository
    // holding no reference at all. An orphan branch checked out beside
    // committed history is no new repository: resolving HEAD fails, closed.)
    let no_references = repo.repo.references().is_ok_and(|mut refs| refs.next().is_none());
    let unborn = repo.repo.is_empty().unwrap_or(false)
        || (no_references && matches!(repo.repo.head(), Err(e) if e.code() == git2::ErrorCode::UnbornBranch));
    if unborn {
        // A new repository: nothing is committed, so nothing is approved or
        // unapproved yet.
        return Ok(Report {
            mode: "unborn".into(),
            ..Report::default()
        });
    }
    state_at(repo, "HEAD")
}

/// [`state`] of the commit `rev` names (`isms status --me` looks at the
/// base's emergencies this way).
pub fn state_at(repo: &mut Repo, rev: &str) -> Result<Report, Problems> {
    let head = repo.resolve(rev)?;
    in_force_walk(repo, (head, None), true, &mut |_, _| {}, None)
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
    in_force_walk(repo, (head, since), false, progress, attest)
}

/// Walks from the trust root the configuration names: when that
/// configuration is not itself in force (its change was not approved), the
/// trust root it names is not trusted either, and the one named by the
/// configuration of that trust root is tried, back to the first commit.
fn in_force_walk(
    repo: &mut Repo,
    (head, since): (Oid, Option<Oid>),
    latest_only: bool,
    progress: &mut dyn FnMut(usize, usize),
    mut attest: Option<Attest<'_>>,
) -> Result<Report, Problems> {
    let mode = if latest_only { "state" } else { "audit" };
    if let Some(root) = since {
        let (report, _) = walk_versions(repo, (head, Some(root)), mode, progress, attest)?;
        return Ok(report);
    }
    let mut root = repo.trust_root_of(head)?;
    let mut tries = 0;
    loop {
        tries += 1;
        let (report, current) = walk_versions(
            repo,
            (head, root),
            mode,
            progress,
            attest.as_deref_mut().map(|a| a as _),
        )?;
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
    (head, root): (Oid, Option<Oid>),
    mode: &str,
    progress: &mut dyn FnMut(usize, usize),
    mut attest: Option<Attest<'_>>,
) -> Result<(Report, bool), Problems> {
    let latest_only = mode == "state";
    let mut clock = crate::diag::Stopwatch::new();
    let opening = repo.open_cache_early();
    let hide: Vec<Oid> = root.into_iter().collect();
    let ids = repo.walk(head, &hide)?;
    check_complete(repo, &ids)?;
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
    repo.cache_opened(opening);
    let judge_of = |repo: &mut Repo, id: Oid| {
        let at = repo.first_parent(id).unwrap_or(id);
        repo.judge_lenient(at).or_else(|| repo.judge_lenient(id))
    };
    let mut walked = repo.commits_verified(&ids, &judge_of, progress)?;
    clock.lap("commit facts and signatures");
    walked.parents = parent_indices(&walked.facts);
    let n = walked.facts.len();
    let index: HashMap<Oid, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();

    // The line of main from the trust root to head: first parents, except
    // where a first parent does not descend from the trust root (a new
    // parentless commit, or one from before the adoption, made the first
    // parent of a merge): main was the parent that does. For every commit,
    // the position on that line where it was first merged in.
    let root_id = root.map(|r| super::repo::hex(&r));
    let mut descends = vec![root.is_none(); n];
    if root.is_some() {
        for i in 0..n {
            descends[i] = walked.facts[i].parents.iter().any(|p| Some(p) == root_id.as_ref())
                || walked.parents[i].iter().any(|&q| descends[q]);
        }
    }
    let mut line: Vec<usize> = Vec::new();
    // Line commits whose previous commit on the line is not their first
    // parent, with that previous commit.
    let mut switched: HashMap<usize, Oid> = HashMap::default();
    let mut at = index.get(&head).copied();
    while let Some(i) = at {
        line.push(i);
        let parents: Vec<Oid> = walked.facts[i]
            .parents
            .iter()
            .filter_map(|p| Oid::from_str(p).ok())
            .collect();
        let on_line = |p: &Oid| Some(*p) == root || index.get(p).is_some_and(|&q| descends[q]);
        at = match parents.iter().position(on_line) {
            Some(0) | None => parents.first().and_then(|p| index.get(p).copied()),
            Some(other) => {
                switched.insert(i, parents[other]);
                index.get(&parents[other]).copied()
            }
        };
    }
    line.reverse();
    // A switched commit's changes are those from its previous commit.
    for (&i, &previous) in &switched {
        walked.touched[i] = repo.differing(Some(previous), ids[i])?.into_iter().collect();
    }
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

    // Merges whose result is their first parent's where another parent
    // changed the path: what main's content became does not depend on the
    // parents' order, and a merge pushed with its parents swapped (the
    // branch first) drops a change of main there.
    let dropped = dropped_by_merges(repo, &line, &walked, &switched)?;
    // Per path, the positions on the line that touched it: a version is in
    // force from its position to the next.
    let mut touches: HashMap<&str, Vec<usize>> = HashMap::default();
    for (k, &m) in line.iter().enumerate() {
        for p in walked.touched[m].iter().chain(dropped[k].iter().map(|(p, _)| p)) {
            touches.entry(p.as_str()).or_default().push(k);
        }
    }
    // Per signer: (position on the line where merged, commit), in order.
    let mut signed_by: HashMap<&str, Vec<(usize, usize)>> = HashMap::default();
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
    // on the line approves nothing anew, nor does one the trust root's
    // history ever held (in its tree, or deleted before it).
    // A statement is known by what was signed (see `statement::Id`): the
    // same payload under another armour or line ends arrives only once.
    let mut statements = Statements::default();
    let mut statement_arrivals: Vec<(usize, String, Oid, statement::Id)> = Vec::new();
    let mut seen: HashSet<statement::Id> = HashSet::default();
    for (k, &m) in line.iter().enumerate() {
        for p in walked.touched[m].iter().filter(|p| statement::is_statement(p)) {
            if let Some(Some((oid, _))) = walked.held[m].get(p) {
                let id = statements.id(repo, *oid);
                if seen.insert(id) {
                    statement_arrivals.push((k, p.clone(), *oid, id));
                }
            }
        }
    }
    if let Some(root) = root {
        let old = repo.statements_in_history(root, &seen, &mut |oid| statements.id(repo, oid))?;
        statement_arrivals.retain(|(_, _, _, id)| !old.contains(id));
    }

    // Emergency declarations, by the position where each arrived.
    let declaration_arrivals = super::emergency::arrivals(repo, &walked, &line, root)?;

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
    let mut bases = HashMap::default();
    // Per path (audit): the missing-approval issues of the versions made
    // since its last approved one.
    let mut on_the_way: BTreeMap<String, Vec<usize>> = BTreeMap::new();
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
        // The line's previous commit holds what a version made here
        // replaces; commits of the line after it descend from it.
        let previous = match switched.get(&m) {
            Some(p) => Some(*p),
            None => repo.first_parent(mid),
        };
        let on_line = |i: usize| merged_at[i] != usize::MAX && line.get(merged_at[i]) == Some(&i);
        // Commits first merged in here.
        let arrived: &[usize] = arrivals.get(k).map_or(&[], Vec::as_slice);
        let mut config_touched = false;
        let mut config_ok = true;
        let here: Vec<&String> = walked.touched[m]
            .iter()
            .chain(dropped[k].iter().map(|(p, _)| p))
            .filter(|p| j.governed(p))
            .collect();
        for path in here {
            let content = walked.entry(repo, m, path);
            // A change of another parent this merge dropped: the merge made
            // the content (its people may not approve it), and what it
            // replaced is that parent's.
            let dropped_from = dropped[k].iter().find(|(p, _)| p == path).map(|(_, from)| *from);
            let previous = dropped_from.or(previous);
            let mut who = walked.makers(path, arrived.iter().copied());
            if dropped_from.is_some() {
                let c = &walked.facts[m];
                who.extend(c.author.person.iter().cloned());
                who.extend(c.committer.person.iter().cloned());
                who.extend(c.signature.signer().map(String::from));
            }
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
            let mut people: BTreeSet<String> = j.covering(path, |c| c.eligible.clone());
            people.extend(acc.iter().cloned());
            // Per person, their signed commits in the window, until one
            // holds this content (and, for a maker, is not their own
            // making of it, nor approved it as a change from other
            // content): one approval per person is all that counts.
            let mut candidates: Vec<(usize, Entry)> = Vec::new();
            let mut elsewhere: BTreeSet<usize> = BTreeSet::new();
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
                    if held != content || own_making {
                        continue;
                    }
                    if let Some(r) = previous {
                        let left = started_elsewhere(
                            repo,
                            (&walked, &[(i, held)]),
                            (path, content),
                            (r, &on_line),
                            &mut bases,
                        );
                        if !left.is_empty() {
                            elsewhere.extend(left);
                            continue;
                        }
                    }
                    break;
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
                elsewhere: &elsewhere,
            };
            // Statements that arrived while this version is in force and
            // approve exactly the change from the last approved content.
            let from = match (dropped_from, approved_content.get(path)) {
                (Some(parent), _) => repo.entry(parent, path),
                (None, Some(e)) => *e,
                (None, None) => root.and_then(|r| repo.entry(r, path)),
            };
            let arrived_statements: Vec<(String, Oid)> = statement_arrivals
                .iter()
                .filter(|(pos, _, _, _)| *pos >= k && *pos < until)
                .map(|(_, file, oid, _)| (file.clone(), *oid))
                .collect();
            let stated = statements.approving((repo, &j), &arrived_statements, (path, from, content));
            // Declarations that arrived with this version.
            let mut declared_here = super::emergency::Declarations::of(
                declaration_arrivals
                    .iter()
                    .filter(|(pos, _, _)| *pos == k)
                    .map(|(_, file, oid)| (file.clone(), *oid))
                    .collect(),
            );
            let mut one = Report::default();
            let mut approved = true;
            for rule in j
                .covering(path, |c| c.rules.clone())
                .into_iter()
                .filter_map(|i| j.rules.get(i))
            {
                // EMERGENCY HOOK: a declaration that arrived with this
                // version, covering exactly this change under this rule, is
                // attached to the judgement for `check::emergency`; its
                // declarer cannot be among the approvers.
                let declared =
                    declared_here.covering((repo, &j, rule), (path, from, content), Some(walked.facts[m].time));
                let narrowed = declared
                    .as_ref()
                    .map(|d| super::emergency::without_declarer(rule, &d.declarer));
                let rule = narrowed.as_ref().unwrap_or(rule);
                let mut ok = judge_version((&j, rule), &version, &walked, &stated, &mut one);
                if let (false, Some(attest)) = (ok, attest.as_mut()) {
                    let mut attested = stated.clone();
                    attested.extend(attested_for(
                        repo,
                        &people_of(&j, &attest(&walked.facts[m].id)),
                        (path, content),
                        previous,
                    ));
                    if attested.len() > stated.len() {
                        let len = one.judgements.len();
                        one.judgements.truncate(len.saturating_sub(1));
                        one.issues
                            .retain(|i| i.rule_index != rule.index || i.path.as_deref() != Some(path));
                        ok = judge_version((&j, rule), &version, &walked, &attested, &mut one);
                    }
                }
                if let (Some(d), Some(judged)) = (declared, one.judgements.last_mut()) {
                    judged.emergency = Some(d);
                }
                approved &= ok;
            }
            // Statements that meet every rule alone, each approving the whole
            // change from the content approved before the versions made on
            // the way to this one (a rebased or fast-forwarded change).
            let spanning: BTreeSet<&String> = stated.iter().map(|(p, _)| p).filter(|p| !acc.contains(*p)).collect();
            let covered = approved
                && dropped_from.is_none()
                && !spanning.is_empty()
                && j.covering(path, |c| c.rules.clone())
                    .into_iter()
                    .filter_map(|i| j.rules.get(i))
                    .all(|rule| spanning.iter().filter(|p| rule.eligible.contains(**p)).count() >= rule.min as usize);
            let covering: Vec<String> = spanning.iter().map(|p| j.name_of(p)).collect();
            if dropped_from.is_some() {
                // Main held the dropped content before this merge.
                approved_content.insert(path.clone(), from);
            } else if !approved_content.contains_key(path) {
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
                let start = report.issues.len();
                report.judgements.extend(one.judgements);
                report.issues.extend(one.issues);
                let list = on_the_way.entry(path.clone()).or_default();
                if dropped_from.is_some() {
                    list.clear();
                }
                if !approved {
                    list.extend(
                        (start..report.issues.len())
                            .filter(|&i| report.issues[i].rule == super::MISSING && !report.issues[i].warning),
                    );
                } else if covered {
                    let change = super::short_id(&walked.facts[m].id);
                    for i in std::mem::take(list) {
                        if let Some(issue) = report.issues.get_mut(i) {
                            issue.warning = true;
                            issue.message.push_str(&format!(
                                "; it was made on the way to the content of {change}, whose approval statement ({}) approves the whole change from the content approved before it, so it needs no approval of its own (git cannot tell a rebase or fast-forward landing at once from this commit pushed to main alone)",
                                covering.join(", ")
                            ));
                        }
                    }
                } else {
                    list.clear();
                }
            }
        }
        if config_touched && config_ok {
            if let Some(next) = repo.judge_lenient(mid) {
                judge = Some(next);
                in_force = Some(mid);
            }
        }
    }
    clock.lap("versions judged");
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
    clock.lap("report");
    Ok((report, config_current))
}

/// Per position on `line`, the paths a merge there dropped, each with the
/// parent whose change it dropped: the merge's result is its first
/// parent's (the previous commit on the line), while another parent holds
/// other content there that it changed since its merge base with the
/// first (an empty tree when they share no history). Whatever the
/// parents' order, main's content changed there.
fn dropped_by_merges(
    repo: &Repo,
    line: &[usize],
    walked: &super::content::Walked,
    switched: &HashMap<usize, Oid>,
) -> Result<Vec<Vec<(String, Oid)>>, Problems> {
    let mut dropped: Vec<Vec<(String, Oid)>> = vec![Vec::new(); line.len()];
    for (k, &m) in line.iter().enumerate() {
        let mut parents: Vec<Oid> = walked.facts[m]
            .parents
            .iter()
            .filter_map(|p| Oid::from_str(p).ok())
            .collect();
        // The previous commit on the line first.
        if let Some(previous) = switched.get(&m) {
            parents.retain(|p| p != previous);
            parents.insert(0, *previous);
        }
        let [first, others @ ..] = parents.as_slice() else {
            continue;
        };
        for &other in others {
            let differ = repo.differing(Some(*first), other)?;
            let mut bases: Option<Vec<Oid>> = None;
            for path in differ {
                if statement::is_statement(&path)
                    || walked.touched[m].contains(&path)
                    || dropped[k].iter().any(|(p, _)| *p == path)
                {
                    continue;
                }
                let theirs = repo.entry(other, &path);
                if theirs == repo.entry(*first, &path) {
                    continue;
                }
                let bases = bases.get_or_insert_with(|| repo.merge_bases_of(*first, other));
                // No shared history: the base is empty, as for git's merge.
                let changed = if bases.is_empty() {
                    theirs.is_some()
                } else {
                    bases.iter().any(|b| repo.entry(*b, &path) != theirs)
                };
                if changed {
                    dropped[k].push((path, other));
                }
            }
        }
    }
    Ok(dropped)
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
