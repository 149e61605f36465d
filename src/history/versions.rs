//! The versions in force along the line of main (the state and audit
//! modes): at each position of the line, each governed path it touched is
//! a version, judged by the configuration in force there; the configuration
//! itself moves on only when a change of it is approved.

use super::content::{Version, attested_for, judge_version, started_elsewhere};
use super::emergency::{self, Declarations};
use super::gate::Gate;
use super::judge::{Judge, Rule, people_of};
use super::line::Line;
use super::model::{Attest, Report};
use super::objects::{Entry, short_id};
use super::repo::Repo;
use super::statement;
use super::statements::Statements;
use super::walked::Walked;
use crate::diag::Problems;
use crate::findings::catalogue::MISSING;
use foldhash::HashMap;
use git2::Oid;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// An approval statement arrived on the line: (position, file, blob, id).
pub(crate) type Arrival = (usize, String, Oid, statement::Id);

/// An emergency declaration arrived on the line: (position, file, blob).
pub(crate) type Declaration = (usize, String, Oid);

/// What judging the versions along the line reads: the walk, the line,
/// and what is worked out from them once.
pub(crate) struct Along<'a> {
    walked: &'a Walked,
    ids: &'a [Oid],
    line: &'a Line,
    root: Option<Oid>,
    latest_only: bool,
    /// Per path, the positions on the line that touched it: a version is in
    /// force from its position to the next.
    touches: HashMap<&'a str, Vec<usize>>,
    /// Per signer: (position on the line where merged, commit), in order.
    signed_by: HashMap<&'a str, Vec<(usize, usize)>>,
    statement_arrivals: Vec<Arrival>,
    declaration_arrivals: Vec<Declaration>,
}

/// What judging keeps up to date along the line.
pub(crate) struct Kept {
    /// The configuration in force, and the commit it is from.
    pub(crate) judge: Option<Arc<Judge>>,
    pub(crate) in_force: Option<Oid>,
    /// Per path: makers since its last approved version, contents made
    /// since.
    makers: BTreeMap<String, BTreeSet<String>>,
    earlier: BTreeMap<String, BTreeSet<Entry>>,
    /// Per path (state): the judgement of its last version.
    last_version: BTreeMap<String, Report>,
    /// Per path: the content last approved (the trust root's until then).
    approved_content: BTreeMap<String, Entry>,
    bases: HashMap<(usize, Oid), Vec<Oid>>,
    /// Per path (audit): the missing-approval issues of the versions made
    /// since its last approved one.
    on_the_way: BTreeMap<String, Vec<usize>>,
    statements: Statements,
}

impl Kept {
    pub(crate) fn new(judge: Option<Arc<Judge>>, root: Option<Oid>, statements: Statements) -> Kept {
        Kept {
            judge,
            in_force: root,
            makers: BTreeMap::new(),
            earlier: BTreeMap::new(),
            last_version: BTreeMap::new(),
            approved_content: BTreeMap::new(),
            bases: HashMap::default(),
            on_the_way: BTreeMap::new(),
            statements,
        }
    }

    /// (State) only what is in force now: the last version of each path
    /// whose content is not the one last approved (or the trust root's).
    pub(crate) fn in_force_now(&mut self, repo: &Repo, head: Oid, report: &mut Report) {
        for (path, one) in std::mem::take(&mut self.last_version) {
            let now = repo.entry(head, &path);
            let approved = self.approved_content.get(&path).is_some_and(|a| *a == now);
            if approved && one.judgements.iter().all(|j| !j.approved) {
                continue;
            }
            report.judgements.extend(one.judgements);
            report.issues.extend(one.issues);
        }
    }
}

/// One version: a path at a position of the line.
struct At<'p> {
    path: &'p String,
    content: Entry,
    /// The position on the line and the commit there.
    k: usize,
    m: usize,
    /// The commit whose content this version replaces.
    previous: Option<Oid>,
    /// The parent whose change a merge here dropped, if it did.
    dropped_from: Option<Oid>,
    /// Where this version stops being in force.
    until: usize,
}

/// How one version was judged.
struct Judged {
    one: Report,
    approved: bool,
    /// Whether approval statements alone approve the whole change from
    /// the content approved before, and whose.
    covered: bool,
    covering: Vec<String>,
}

impl<'a> Along<'a> {
    pub(crate) fn new(
        (walked, ids, line): (&'a Walked, &'a [Oid], &'a Line),
        root: Option<Oid>,
        (statement_arrivals, declaration_arrivals): (Vec<Arrival>, Vec<Declaration>),
        latest_only: bool,
    ) -> Along<'a> {
        let mut touches: HashMap<&str, Vec<usize>> = HashMap::default();
        for (k, &m) in line.line.iter().enumerate() {
            for p in walked.touched[m].iter().chain(line.dropped[k].iter().map(|(p, _)| p)) {
                touches.entry(p.as_str()).or_default().push(k);
            }
        }
        let mut signed_by: HashMap<&str, Vec<(usize, usize)>> = HashMap::default();
        for (pos, bucket) in line.arrivals.iter().enumerate() {
            for &i in bucket {
                if let Some(signer) = walked.facts[i].signature.signer() {
                    signed_by.entry(signer).or_default().push((pos, i));
                }
            }
        }
        Along {
            walked,
            ids,
            line,
            root,
            latest_only,
            touches,
            signed_by,
            statement_arrivals,
            declaration_arrivals,
        }
    }

    /// Judges the versions made at position `k` of the line, by the
    /// configuration in force; an approved change of the configuration puts
    /// the commit's own configuration in force.
    pub(crate) fn judge_position(
        &self,
        gate: &mut Gate,
        kept: &mut Kept,
        k: usize,
        (report, attest): (&mut Report, &mut Option<Attest<'_>>),
    ) -> Result<(), Problems> {
        let m = self.line.line[k];
        let mid = self.ids[m];
        if kept.judge.is_none() {
            // Before the ISMS had a configuration nothing was governed; the
            // first configuration is the bootstrap.
            kept.judge = gate.judge_lenient(mid);
            kept.in_force = kept.judge.as_ref().map(|_| mid);
        }
        let Some(j) = kept.judge.clone() else { return Ok(()) };
        // The line's previous commit holds what a version made here
        // replaces; commits of the line after it descend from it.
        let previous = match self.line.switched.get(&m) {
            Some(p) => Some(*p),
            None => gate.repo.first_parent(mid),
        };
        let (mut config_touched, mut config_ok) = (false, true);
        let dropped = &self.line.dropped[k];
        let here: Vec<&String> = self.walked.touched[m]
            .iter()
            .chain(dropped.iter().map(|(p, _)| p))
            .filter(|p| j.governed(p))
            .collect();
        for path in here {
            let dropped_from = dropped.iter().find(|(p, _)| p == path).map(|(_, from)| *from);
            let at = At {
                path,
                content: self.walked.entry(&gate.repo, m, path),
                k,
                m,
                previous: dropped_from.or(previous),
                dropped_from,
                until: self.until(path, k),
            };
            let approved = self.judge_version_at(&gate.repo, (&j, kept), &at, (report, attest));
            if j.is_config(path) {
                config_touched = true;
                config_ok &= approved;
            }
        }
        if config_touched && config_ok {
            if let Some(next) = gate.judge_lenient(mid) {
                kept.judge = Some(next);
                kept.in_force = Some(mid);
            }
        }
        Ok(())
    }

    /// The position after `k` where `path` is touched next (the end of the
    /// line when it is not).
    fn until(&self, path: &str, k: usize) -> usize {
        self.touches
            .get(path)
            .and_then(|ks| ks.get(ks.partition_point(|&x| x <= k)).copied())
            .unwrap_or(self.line.line.len())
    }

    /// Judges one version and keeps what the next versions of its path
    /// need; says whether it is approved.
    fn judge_version_at(
        &self,
        repo: &Repo,
        (j, kept): (&Judge, &mut Kept),
        at: &At<'_>,
        (report, attest): (&mut Report, &mut Option<Attest<'_>>),
    ) -> bool {
        self.note_makers(repo, kept, at);
        let (candidates, elsewhere) = self.candidates(repo, (j, kept), at);
        let from = match (at.dropped_from, kept.approved_content.get(at.path)) {
            (Some(parent), _) => repo.entry(parent, at.path),
            (None, Some(e)) => *e,
            (None, None) => self.root.and_then(|r| repo.entry(r, at.path)),
        };
        let judged = self.judge_rules((repo, j, kept), at, (&candidates, &elsewhere, from), attest);
        self.keep_approved(repo, kept, at, (judged.approved, from));
        let approved = judged.approved;
        self.record(kept, at, judged, report);
        approved
    }

    /// The makers of the version (who may not approve it) and the contents
    /// made on the way to it (whose approvals are stale), added to those
    /// since the path's last approved version.
    fn note_makers(&self, repo: &Repo, kept: &mut Kept, at: &At<'_>) {
        let (walked, path) = (self.walked, at.path);
        let arrived: &[usize] = self.line.arrivals.get(at.k).map_or(&[], Vec::as_slice);
        // A change of another parent this merge dropped: the merge made the
        // content (its people may not approve it).
        let mut who = walked.makers(path, arrived.iter().copied());
        if at.dropped_from.is_some() {
            let c = &walked.facts[at.m];
            who.extend(c.author.person.iter().cloned());
            who.extend(c.committer.person.iter().cloned());
            who.extend(c.signature.signer().map(String::from));
        }
        kept.makers.entry(path.clone()).or_default().extend(who);
        let made_here: Vec<usize> = arrived
            .iter()
            .copied()
            .filter(|&i| walked.made[i].iter().any(|p| p == path))
            .collect();
        let before = kept.earlier.entry(path.clone()).or_default();
        before.extend(made_here.into_iter().map(|i| walked.entry(repo, i, path)));
        before.remove(&at.content);
    }

    /// Approvals: signed commits merged into the line while this version is
    /// in force (never those already on the line before it: a rollback
    /// needs new approvals). A commit of the line holds this content there;
    /// one merged in is looked at. Per person, their signed commits in the
    /// window, until one holds this content (and, for a maker, is not their
    /// own making of it, nor approved it as a change from other content):
    /// one approval per person is all that counts. Also the candidates
    /// that approved this content as a change from other content.
    fn candidates(
        &self,
        repo: &Repo,
        (j, kept): (&Judge, &mut Kept),
        at: &At<'_>,
    ) -> (Vec<(usize, Entry)>, BTreeSet<usize>) {
        let (walked, path, content) = (self.walked, at.path, at.content);
        let acc = kept.makers.get(path).cloned().unwrap_or_default();
        let mut people: BTreeSet<String> = j.covering(path, |c| c.eligible.clone());
        people.extend(acc.iter().cloned());
        let on_line = |i: usize| self.line.holds(i);
        let mut candidates: Vec<(usize, Entry)> = Vec::new();
        let mut elsewhere: BTreeSet<usize> = BTreeSet::new();
        for person in &people {
            let Some(list) = self.signed_by.get(person.as_str()) else {
                continue;
            };
            let start = list.partition_point(|(pos, _)| *pos < at.k);
            for &(pos, i) in list[start..].iter().take_while(|(pos, _)| *pos < at.until) {
                let held = if i == self.line.line[pos] {
                    content
                } else {
                    walked.entry(repo, i, path)
                };
                candidates.push((i, held));
                let own_making = acc.contains(person) && walked.made[i].iter().any(|p| p == path);
                if held != content || own_making {
                    continue;
                }
                if let Some(r) = at.previous {
                    let left = started_elsewhere(
                        repo,
                        (walked, &[(i, held)]),
                        (path, content),
                        (r, &on_line),
                        &mut kept.bases,
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
        (candidates, elsewhere)
    }

    /// Judges the version under every rule covering its path, with the
    /// approval statements that arrived while it is in force and approve
    /// exactly the change from `from` (the last approved content); a rule
    /// they leave unmet is asked of `attest` (reviews of the pull request
    /// that brought the commit).
    fn judge_rules(
        &self,
        (repo, j, kept): (&Repo, &Judge, &mut Kept),
        at: &At<'_>,
        (candidates, elsewhere, from): (&[(usize, Entry)], &BTreeSet<usize>, Entry),
        attest: &mut Option<Attest<'_>>,
    ) -> Judged {
        let (walked, path, content) = (self.walked, at.path, at.content);
        let arrived_statements: Vec<(String, Oid)> = self
            .statement_arrivals
            .iter()
            .filter(|(pos, _, _, _)| *pos >= at.k && *pos < at.until)
            .map(|(_, file, oid, _)| (file.clone(), *oid))
            .collect();
        let stated = kept
            .statements
            .approving((repo, j), &arrived_statements, (path, from, content));
        let (makers, earlier) = (&kept.makers[path], &kept.earlier[path]);
        let version = Version {
            path,
            content,
            change: at.m,
            makers,
            candidates,
            earlier,
            elsewhere,
        };
        // Declarations that arrived with this version.
        let mut declared_here = Declarations::of(
            self.declaration_arrivals
                .iter()
                .filter(|(pos, _, _)| *pos == at.k)
                .map(|(_, file, oid)| (file.clone(), *oid))
                .collect(),
        );
        let mut one = Report::default();
        let mut approved = true;
        let rules: Vec<usize> = j.covering(path, |c| c.rules.clone());
        for rule in rules.iter().filter_map(|&i| j.rules.get(i)) {
            // EMERGENCY HOOK: a declaration that arrived with this version,
            // covering exactly this change under this rule, is attached to
            // the judgement for `check::emergency`; its declarer cannot be
            // among the approvers.
            let declared =
                declared_here.covering((repo, j, rule), (path, from, content), Some(walked.facts[at.m].time));
            let narrowed = declared
                .as_ref()
                .map(|d| emergency::without_declarer(rule, &d.declarer));
            let rule = narrowed.as_ref().unwrap_or(rule);
            approved &= self.judge_rule((repo, j, rule), (at, &version), &stated, (&mut one, attest));
            if let (Some(d), Some(judged)) = (declared, one.judgements.last_mut()) {
                judged.emergency = Some(d);
            }
        }
        // Statements that meet every rule alone, each approving the whole
        // change from the content approved before the versions made on the
        // way to this one (a rebased or fast-forwarded change).
        let spanning: BTreeSet<&String> = stated.iter().map(|(p, _)| p).filter(|p| !makers.contains(*p)).collect();
        let covered = approved
            && at.dropped_from.is_none()
            && !spanning.is_empty()
            && rules
                .iter()
                .filter_map(|&i| j.rules.get(i))
                .all(|rule| spanning.iter().filter(|p| rule.eligible.contains(**p)).count() >= rule.min as usize);
        let covering: Vec<String> = spanning.iter().map(|p| j.name_of(p)).collect();
        Judged {
            one,
            approved,
            covered,
            covering,
        }
    }

    /// Judges the version under one rule by the approvals `stated`; when
    /// they leave it unmet, again with the reviews `attest` gives of the
    /// commit (the first judgement and its issues replaced).
    fn judge_rule(
        &self,
        (repo, j, rule): (&Repo, &Judge, &Rule),
        (at, version): (&At<'_>, &Version<'_>),
        stated: &[(String, String)],
        (one, attest): (&mut Report, &mut Option<Attest<'_>>),
    ) -> bool {
        let (walked, path) = (self.walked, at.path.as_str());
        let ok = judge_version((j, rule), version, walked, stated, one);
        let (false, Some(attest)) = (ok, attest.as_mut()) else {
            return ok;
        };
        let mut attested = stated.to_vec();
        let reviews = people_of(j, &attest(&walked.facts[at.m].id));
        attested.extend(attested_for(repo, &reviews, (path, at.content), at.previous));
        if attested.len() == stated.len() {
            return ok;
        }
        let len = one.judgements.len();
        one.judgements.truncate(len.saturating_sub(1));
        one.issues
            .retain(|i| i.rule_index != rule.index || i.path.as_deref() != Some(path));
        judge_version((j, rule), version, walked, &attested, one)
    }

    /// The content last approved at the path, and the makers and earlier
    /// contents since, once the version is judged.
    fn keep_approved(&self, repo: &Repo, kept: &mut Kept, at: &At<'_>, (approved, from): (bool, Entry)) {
        let path = at.path;
        if at.dropped_from.is_some() {
            // Main held the dropped content before this merge.
            kept.approved_content.insert(path.clone(), from);
        } else if !kept.approved_content.contains_key(path) {
            let then = self.root.and_then(|r| repo.entry(r, path));
            kept.approved_content.insert(path.clone(), then);
        }
        if approved {
            kept.makers.remove(path);
            kept.earlier.remove(path);
            kept.approved_content.insert(path.clone(), at.content);
        }
    }

    /// Puts the version's judgement in the report. State: the trail of
    /// every version (for the evidence pack), and the last version of each
    /// path kept for the end. Audit: every version; a version approved by
    /// statements spanning the versions made on the way to it turns their
    /// missing approvals into warnings.
    fn record(&self, kept: &mut Kept, at: &At<'_>, judged: Judged, report: &mut Report) {
        let path = at.path;
        if self.latest_only {
            report.trail.extend(judged.one.judgements.iter().cloned());
            kept.last_version.insert(path.clone(), judged.one);
            return;
        }
        let start = report.issues.len();
        report.judgements.extend(judged.one.judgements);
        report.issues.extend(judged.one.issues);
        let list = kept.on_the_way.entry(path.clone()).or_default();
        if at.dropped_from.is_some() {
            list.clear();
        }
        if !judged.approved {
            list.extend(
                (start..report.issues.len()).filter(|&i| report.issues[i].rule == MISSING && !report.issues[i].warning),
            );
        } else if judged.covered {
            let change = short_id(&self.walked.facts[at.m].id);
            for i in std::mem::take(list) {
                if let Some(issue) = report.issues.get_mut(i) {
                    issue.warning = true;
                    issue.message.push_str(&format!(
                        "; it was made on the way to the content of {change}, whose approval statement ({}) approves the whole change from the content approved before it, so it needs no approval of its own (git cannot tell a rebase or fast-forward landing at once from this commit pushed to main alone)",
                        judged.covering.join(", ")
                    ));
                }
            }
        } else {
            list.clear();
        }
    }
}
