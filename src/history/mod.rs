//! Approvals from designated signers, verified from git history (git2): the
//! facts of each commit (changed governed paths, author, trailers, verified
//! signer), the configuration in force at a commit (the trust root), and the
//! judgement of each change to a governed file against the approval rules.
//!
//! Three modes share one engine:
//! - a range `base..head` (`isms check --base`): everything is judged by the
//!   configuration of `base`, never by the branch under review;
//! - the current state (`isms check`): the latest change to each governed
//!   file, back to the pinned trust root;
//! - the whole history (`isms audit`): every version of every governed file,
//!   each judged by the configuration of its parent commit.

pub mod keys;
pub mod signature;

use crate::config::{self, Config, Resolved};
use crate::diag::{Problem, Problems};
use crate::source::SourceFile;
use git2::{Oid, Repository};
use keys::KeyRing;
use serde::Serialize;
use signature::Verdict;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

/// Ids of the approval findings (built into `isms`, not Rego).
pub const MISSING: &str = "ISMS-APPROVAL-001";
pub const SELF_APPROVAL: &str = "ISMS-APPROVAL-002";
pub const SIGNATURE: &str = "ISMS-APPROVAL-003";
pub const AUTHOR_MISMATCH: &str = "ISMS-APPROVAL-004";
pub const STALE: &str = "ISMS-APPROVAL-005";
pub const FORGED_TRAILER: &str = "ISMS-APPROVAL-006";
pub const NO_HISTORY: &str = "ISMS-APPROVAL-007";

/// The documentation of the approval rules: id, title, description, fix.
pub const RULES: &[(&str, &str, &str, &str)] = &[
    (
        MISSING,
        "Every change to a governed file is approved by its designated signers",
        "For each [[approval]] rule, the last change to a governed file needs at least `min` distinct people holding one of the rule's roles to approve it: each by a commit signed with their key listed in isms.toml, at or after the change (a signed, possibly empty, approval commit or a signed merge). Authors and signers of the change do not count. People, roles, keys and rules are those of the base commit (the trust root), never of the branch under review.",
        "Ask one of the people who may still approve to add a signed approval commit (`git commit -S --allow-empty -m \"Approve …\"`) or to sign the merge.",
    ),
    (
        SELF_APPROVAL,
        "Nobody approves their own change",
        "The signature of someone who authored or signed a change to a governed file does not count as an approval of that change (segregation of duties, A.5.3).",
        "Have someone else who holds one of the rule's roles approve the change.",
    ),
    (
        SIGNATURE,
        "Commit signatures verify against the designated signers' keys",
        "A signature that does not verify (a tampered commit, a wrong namespace) is an error. A signature by a key nobody in isms.toml holds, by an expired or revoked OpenPGP key, or in a format isms does not verify (X.509) is a warning: such a commit cannot approve anything.",
        "Re-sign the commit with a key listed for you in isms.toml, or add your public key to your [[person]] entry (which is itself an approved change).",
    ),
    (
        AUTHOR_MISMATCH,
        "The author of a signed commit is its signer",
        "When a commit's author e-mail belongs to one person in isms.toml and the commit is signed by another, the author field is a claim the signature does not back (git itself does not bind author to signer).",
        "Commit under your own identity, or have the claimed author sign their own work.",
    ),
    (
        STALE,
        "Approvals made before a later change are stale",
        "An approval counts only for the version it was given for: a change to the governed file after the approval makes it stale, and the new version needs its own approval.",
        "Ask the approver to approve again after the latest change.",
    ),
    (
        FORGED_TRAILER,
        "Approved-by trailers are backed by the approver's signature",
        "An `Approved-by:` trailer counts only inside a commit signed by that same person; anyone can type a trailer.",
        "Remove the trailer, or have the named person sign the commit that carries it.",
    ),
    (
        NO_HISTORY,
        "Approvals can be verified from git history",
        "When approval rules are configured, isms needs the git history of the ISMS to verify them; without it (not a git repository, a shallow clone missing the commits) approvals are not verified, and this is said rather than skipped silently.",
        "Run isms inside the git repository with full history (`fetch-depth: 0` in GitHub Actions), or pin `[history] trust_root` to where the ISMS's history starts.",
    ),
];

/// One identity as a commit states it.
#[derive(Debug, Clone, Serialize)]
pub struct Identity {
    pub name: String,
    pub email: String,
    /// The person in isms.toml with this e-mail, if any.
    pub person: Option<String>,
}

/// The facts of one commit.
#[derive(Debug, Clone, Serialize)]
pub struct CommitFacts {
    pub id: String,
    pub parents: Vec<String>,
    pub author: Identity,
    pub committer: Identity,
    /// Committer time, seconds since the epoch (chosen by the committer:
    /// informative only).
    pub time: i64,
    pub summary: String,
    pub trailers: Vec<(String, String)>,
    pub signature: Verdict,
    /// Governed paths (relative to the ISMS root) this commit changed.
    pub changed: Vec<String>,
}

/// A person's approval of a version.
#[derive(Debug, Clone, Serialize)]
pub struct Approver {
    pub person: String,
    pub commit: String,
    pub key: String,
}

/// An approval attested by a platform rather than proven by a signature: a
/// GitHub review "approved" on the head commit of a pull request, by a login
/// mapped to a person.
#[derive(Debug, Clone, Serialize)]
pub struct Attested {
    /// The GitHub login; mapped to a person by the configuration of the base.
    pub login: String,
    /// What attests it, e.g. `GitHub review 123 (attested by GitHub)`.
    pub evidence: String,
}

/// The judgement of one version of one governed file under one rule.
#[derive(Debug, Clone, Serialize)]
pub struct Judgement {
    pub rule: String,
    /// Index of the `[[approval]]` rule; `None` for the built-in rule that
    /// governs isms.toml when no rule does.
    pub rule_index: Option<usize>,
    pub path: String,
    /// The commit that made this version.
    pub change: String,
    pub roles: Vec<String>,
    pub min: u32,
    pub approvers: Vec<Approver>,
    pub approved: bool,
}

/// Something wrong, before it becomes a finding.
#[derive(Debug, Clone)]
pub struct Issue {
    pub rule: &'static str,
    pub warning: bool,
    pub message: String,
    /// The governed file it is about, relative to the ISMS root.
    pub path: Option<String>,
    /// The `[[approval]]` rule it is about.
    pub rule_index: Option<usize>,
    pub commit: Option<String>,
    pub help: Option<String>,
}

/// Everything one run found out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub mode: String,
    pub base: Option<String>,
    pub head: Option<String>,
    pub trust_root: Option<String>,
    pub commits: Vec<CommitFacts>,
    pub judgements: Vec<Judgement>,
    /// Governed files whose current version is the baseline at the trust
    /// root (no change since).
    pub baseline: Vec<String>,
    #[serde(skip)]
    pub issues: Vec<Issue>,
}

/// An approval rule in force at some commit.
#[derive(Debug, Clone)]
struct Rule {
    index: Option<usize>,
    name: String,
    roles: Vec<String>,
    min: u32,
    set: globset::GlobSet,
}

/// The configuration in force at one commit: who may sign what.
pub struct Judge {
    pub config: Arc<Config>,
    pub ring: KeyRing,
    rules: Vec<Rule>,
}

impl Judge {
    fn new(config: Arc<Config>, ring: KeyRing) -> Judge {
        let raw = &config.raw;
        let mut rules: Vec<Rule> = raw
            .approvals
            .iter()
            .enumerate()
            .map(|(i, a)| Rule {
                index: Some(i),
                name: a.name.clone().unwrap_or_else(|| a.paths.join(", ")),
                roles: a.roles.clone(),
                min: a.min,
                set: crate::workspace::glob_set(&a.paths),
            })
            .collect();
        // isms.toml and the organisation's own rules decide who may sign
        // what: they are governed even when no rule names them.
        let mut own = vec![config::FILE_NAME.to_string()];
        if let Some(custom) = &raw.rules.custom {
            own.push(format!("{}/**", custom.trim_end_matches('/')));
        }
        let uncovered: Vec<String> = own
            .into_iter()
            .filter(|p| {
                let probe = p.trim_end_matches("/**").to_string() + if p.ends_with("/**") { "/x.rego" } else { "" };
                !rules.iter().any(|r| r.set.is_match(&probe))
            })
            .collect();
        if !uncovered.is_empty() {
            rules.push(Rule {
                index: None,
                name: "ISMS configuration (built in)".into(),
                roles: raw
                    .roles
                    .iter()
                    .filter(|(_, r)| r.top_management)
                    .map(|(id, _)| id.clone())
                    .collect(),
                min: 1,
                set: crate::workspace::glob_set(&uncovered),
            });
        }
        Judge { config, ring, rules }
    }

    fn governed(&self, path: &str) -> bool {
        self.rules.iter().any(|r| r.set.is_match(path))
    }

    /// Active people holding one of `roles`.
    fn eligible(&self, roles: &[String]) -> BTreeSet<String> {
        self.config
            .raw
            .people
            .iter()
            .filter(|p| p.active && p.roles.iter().any(|r| roles.contains(r)))
            .map(|p| p.id.clone())
            .collect()
    }

    fn person_by_email(&self, email: &str) -> Option<String> {
        let lower = email.to_lowercase();
        self.config
            .raw
            .people
            .iter()
            .find(|p| p.emails.iter().any(|e| e.to_lowercase() == lower))
            .map(|p| p.id.clone())
    }

    fn name_of(&self, id: &str) -> String {
        self.config
            .raw
            .people
            .iter()
            .find(|p| p.id == id)
            .map(|p| format!("{} ({id})", p.name))
            .unwrap_or_else(|| id.to_string())
    }
}

/// What a judge is built from: the blob of isms.toml and of each key file
/// it names.
type JudgeKey = (Oid, Vec<Option<Oid>>);

/// The git repository an ISMS lives in.
pub struct Repo {
    repo: Repository,
    /// The ISMS root relative to the work tree, `""` or ending in `/`.
    prefix: String,
    configs: HashMap<Oid, Arc<Config>>,
    judges: HashMap<JudgeKey, Option<Arc<Judge>>>,
}

fn git_problem(what: &str, e: &git2::Error) -> Box<Problem> {
    Box::new(Problem::new("git::error", format!("{what}: {}", e.message())))
}

/// The git repository an ISMS folder is in, as `locate` finds it.
pub struct Located {
    pub repo: Repository,
    /// The work tree, canonical.
    pub workdir: std::path::PathBuf,
    /// The ISMS root relative to the work tree: `""` or ending in `/`.
    pub prefix: String,
}

/// Finds the git repository containing `root`, its work tree and where the
/// ISMS sits in it; `Ok(None)` when `root` is in no repository. The one
/// place that works out the ISMS's path prefix inside a repository.
pub fn locate(root: &Path) -> Result<Option<Located>, Box<Problem>> {
    let repo = match Repository::discover(root) {
        Ok(r) => r,
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
        Err(e) => return Err(git_problem("cannot open the git repository", &e)),
    };
    let Some(workdir) = repo.workdir() else {
        return Err(Box::new(Problem::new("git::bare", "the repository has no work tree")));
    };
    let workdir = workdir.canonicalize().unwrap_or_else(|_| workdir.to_path_buf());
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let prefix = match root.strip_prefix(&workdir) {
        Ok(rel) if rel.as_os_str().is_empty() => String::new(),
        Ok(rel) => format!("{}/", rel.to_string_lossy().replace('\\', "/")),
        Err(_) => String::new(),
    };
    Ok(Some(Located { repo, workdir, prefix }))
}

impl Repo {
    /// Opens the repository containing `root`; `Ok(None)` when there is none.
    pub fn discover(root: &Path) -> Result<Option<Repo>, Box<Problem>> {
        Ok(locate(root)?.map(|found| Repo {
            repo: found.repo,
            prefix: found.prefix,
            configs: HashMap::new(),
            judges: HashMap::new(),
        }))
    }

    /// Resolves a revision (`main`, `HEAD~3`, a commit id) to a commit.
    pub fn resolve(&self, rev: &str) -> Result<Oid, Box<Problem>> {
        self.repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id())
            .map_err(|e| {
                Box::new(
                    git_problem(&format!("cannot resolve `{rev}`"), &e)
                        .help("fetch the full history (`fetch-depth: 0` in GitHub Actions) or check the revision"),
                )
            })
    }

    /// The commit checked out, when there is one.
    pub fn head_commit(&self) -> Option<String> {
        self.repo.head().ok()?.peel_to_commit().ok().map(|c| c.id().to_string())
    }

    /// Whether the ISMS's files in the work tree or index differ from the
    /// commit checked out (untracked files count; ignored ones do not).
    pub fn is_dirty(&self) -> bool {
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true).include_ignored(false);
        if !self.prefix.is_empty() {
            opts.pathspec(&self.prefix);
        }
        self.repo
            .statuses(Some(&mut opts))
            .map(|s| !s.is_empty())
            .unwrap_or(false)
    }

    /// A file of the ISMS (relative to its root) as it is in commit `id`.
    fn read_at(&self, id: Oid, rel: &str) -> Option<String> {
        let commit = self.repo.find_commit(id).ok()?;
        let tree = commit.tree().ok()?;
        let entry = tree.get_path(Path::new(&format!("{}{rel}", self.prefix))).ok()?;
        let blob = self.repo.find_blob(entry.id()).ok()?;
        String::from_utf8(blob.content().to_vec()).ok()
    }

    /// The configuration in force at commit `id` (its isms.toml and key
    /// files); `None` when the commit has no isms.toml.
    pub fn judge_at(&mut self, id: Oid) -> Result<Option<Arc<Judge>>, Problems> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(|e| Problems(vec![*git_problem("cannot read a commit", &e)]))?;
        let tree = commit
            .tree()
            .map_err(|e| Problems(vec![*git_problem("cannot read a tree", &e)]))?;
        let path = format!("{}{}", self.prefix, config::FILE_NAME);
        let Ok(entry) = tree.get_path(Path::new(&path)) else {
            return Ok(None);
        };
        // The judge depends on isms.toml and on the key files it names; the
        // cache key is their blob ids, so an unchanged configuration is
        // parsed once however long the history.
        let config = match self.configs.get(&entry.id()) {
            Some(c) => c.clone(),
            None => {
                let short = short(&id);
                let text = self.read_at(id, config::FILE_NAME).unwrap_or_default();
                let file = SourceFile::new(format!("isms.toml@{short}"), text);
                let parsed = config::parse(file).map_err(|mut p| {
                    p.0.insert(
                        0,
                        Problem::new(
                            "git::bad-config",
                            format!("isms.toml at commit {short} is not valid; it is the configuration in force there"),
                        ),
                    );
                    p
                })?;
                let parsed = Arc::new(parsed);
                self.configs.insert(entry.id(), parsed.clone());
                parsed
            }
        };
        let key_files: Vec<Option<Oid>> = config
            .raw
            .people
            .iter()
            .flat_map(|p| p.keys.iter())
            .filter(|k| !keys::looks_inline(k))
            .map(|k| {
                tree.get_path(Path::new(&format!("{}{k}", self.prefix)))
                    .ok()
                    .map(|e| e.id())
            })
            .collect();
        let key = (entry.id(), key_files);
        if let Some(j) = self.judges.get(&key) {
            return Ok(j.clone());
        }
        let short = short(&id);
        let (ring, errors) = KeyRing::build(&config.raw, |rel| self.read_at(id, rel));
        if !errors.is_empty() {
            return Err(Problems(
                errors
                    .into_iter()
                    .map(|e| Problem::new("git::bad-key", format!("in isms.toml at commit {short}: {}", e.message)))
                    .collect(),
            ));
        }
        let judge = Some(Arc::new(Judge::new(config, ring)));
        self.judges.insert(key, judge.clone());
        Ok(judge)
    }

    /// Commits reachable from `head` but not from any of `hide`, oldest
    /// first (topological).
    fn walk(&self, head: Oid, hide: &[Oid]) -> Result<Vec<Oid>, Box<Problem>> {
        let mut walk = self
            .repo
            .revwalk()
            .map_err(|e| git_problem("cannot walk history", &e))?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
            .map_err(|e| git_problem("cannot walk history", &e))?;
        walk.push(head).map_err(|e| git_problem("cannot walk history", &e))?;
        for h in hide {
            walk.hide(*h).map_err(|e| git_problem("cannot walk history", &e))?;
        }
        walk.collect::<Result<Vec<_>, _>>()
            .map_err(|e| git_problem("cannot walk history", &e))
    }

    /// The paths under the ISMS root that `commit` changed. A merge changes
    /// a path only where its result differs from every parent (a conflict
    /// resolution or an evil merge), not where it brings in a branch.
    fn changed(&self, commit: &git2::Commit<'_>) -> Result<Vec<String>, Box<Problem>> {
        let tree = commit.tree().map_err(|e| git_problem("cannot read a tree", &e))?;
        let mut opts = git2::DiffOptions::new();
        if !self.prefix.is_empty() {
            opts.pathspec(&self.prefix);
        }
        let mut result: Option<BTreeSet<String>> = None;
        let parents: Vec<Option<git2::Tree<'_>>> = if commit.parent_count() == 0 {
            vec![None]
        } else {
            commit.parents().map(|p| p.tree().ok()).collect()
        };
        for parent in parents {
            let diff = self
                .repo
                .diff_tree_to_tree(parent.as_ref(), Some(&tree), Some(&mut opts))
                .map_err(|e| git_problem("cannot diff a commit", &e))?;
            let mut paths = BTreeSet::new();
            for delta in diff.deltas() {
                for file in [delta.old_file(), delta.new_file()] {
                    if let Some(p) = file.path().and_then(|p| p.to_str()) {
                        if let Some(rel) = p.strip_prefix(&self.prefix) {
                            paths.insert(rel.to_string());
                        }
                    }
                }
            }
            result = Some(match result {
                None => paths,
                Some(acc) => acc.intersection(&paths).cloned().collect(),
            });
        }
        Ok(result.unwrap_or_default().into_iter().collect())
    }

    /// The facts of one commit, its signature verified against `ring`.
    fn facts(&self, id: Oid, judge: &Judge, ring: &KeyRing) -> Result<CommitFacts, Box<Problem>> {
        let (mut facts, signed) = self.facts_unverified(id, judge)?;
        if let Some(signed) = signed {
            facts.signature = signature::verify(&signed.signature, &signed.payload, ring);
        }
        Ok(facts)
    }

    /// The facts of one commit with its signature not yet verified (the
    /// verdict says unsigned), and the signature to verify when it has one.
    fn facts_unverified(&self, id: Oid, judge: &Judge) -> Result<(CommitFacts, Option<Signed>), Box<Problem>> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(|e| git_problem("cannot read a commit", &e))?;
        let identity = |sig: git2::Signature<'_>| {
            let email = sig.email().unwrap_or("").to_string();
            Identity {
                name: sig.name().unwrap_or("").to_string(),
                person: judge.person_by_email(&email),
                email,
            }
        };
        let signed = match self.repo.extract_signature(&id, None) {
            Ok((sig, payload)) => Some(Signed {
                signature: sig.to_vec(),
                payload: payload.to_vec(),
            }),
            Err(e) if e.code() == git2::ErrorCode::NotFound => None,
            Err(e) => return Err(git_problem("cannot read a commit signature", &e)),
        };
        let signature = Verdict::Unsigned;
        let message = commit.message().unwrap_or("");
        let trailers = git2::message_trailers_strs(message)
            .map(|t| t.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
            .unwrap_or_default();
        let changed = self
            .changed(&commit)?
            .into_iter()
            .filter(|p| judge.governed(p))
            .collect();
        Ok((
            CommitFacts {
                id: id.to_string(),
                parents: commit.parent_ids().map(|p| p.to_string()).collect(),
                author: identity(commit.author()),
                committer: identity(commit.committer()),
                time: commit.time().seconds(),
                summary: commit
                    .summary_bytes()
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default(),
                trailers,
                signature,
                changed,
            },
            signed,
        ))
    }
}

/// A commit's signature and the payload it signs, read but not verified.
struct Signed {
    signature: Vec<u8>,
    payload: Vec<u8>,
}

/// Verifies signatures on all cores: each worker takes the next one not
/// yet taken. The verdicts come back in the order of `work`.
fn verify_all(work: &[(Signed, &KeyRing)]) -> Vec<Verdict> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(work.len() / 64 + 1);
    let verify = |(s, ring): &(Signed, &KeyRing)| signature::verify(&s.signature, &s.payload, ring);
    if workers <= 1 {
        return work.iter().map(verify).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Work is taken in blocks, so the counter is not contended.
    const BLOCK: usize = 32;
    let run = || {
        let mut done = Vec::new();
        loop {
            let start = next.fetch_add(BLOCK, std::sync::atomic::Ordering::Relaxed);
            if start >= work.len() {
                break;
            }
            let end = (start + BLOCK).min(work.len());
            done.push((start, work[start..end].iter().map(verify).collect::<Vec<_>>()));
        }
        done
    };
    let mut blocks = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers).map(|_| scope.spawn(run)).collect();
        let mut all = run();
        for h in helpers {
            match h.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    blocks.sort_by_key(|(start, _)| *start);
    blocks.into_iter().flat_map(|(_, v)| v).collect()
}

/// A commit summary cut to a readable length for messages.
fn brief(summary: &str) -> String {
    if summary.chars().count() <= 60 {
        summary.to_string()
    } else {
        format!("{}…", summary.chars().take(59).collect::<String>())
    }
}

/// The short form of a commit id, as git prints it.
pub fn short_id(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

fn short(id: &Oid) -> String {
    short_id(&id.to_string()).to_string()
}

/// Judges the range `base..head` by the configuration of `base`.
pub fn range(repo: &mut Repo, base: &str, head: &str) -> Result<Report, Problems> {
    range_attested(repo, base, head, &[])
}

/// [`range`], with approvals of the head attested by a platform (reviews).
pub fn range_attested(repo: &mut Repo, base: &str, head: &str, attested: &[Attested]) -> Result<Report, Problems> {
    let base_id = repo.resolve(base).map_err(|p| Problems(vec![*p]))?;
    let head_id = repo.resolve(head).map_err(|p| Problems(vec![*p]))?;
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
    let ids = repo.walk(head_id, &[base_id]).map_err(|p| Problems(vec![*p]))?;
    let mut commits = Vec::with_capacity(ids.len());
    for id in &ids {
        // A key removed on the branch stops counting at once; a key added on
        // the branch never counts in this range.
        let ring = match repo.commit_parent(*id) {
            Some(parent) => match repo.judge_at(parent)? {
                Some(at_parent) => intersect(&judge.ring, &at_parent.ring),
                None => KeyRing::default(),
            },
            None => judge.ring.clone(),
        };
        commits.push(repo.facts(*id, &judge, &ring).map_err(|p| Problems(vec![*p]))?);
    }
    let mut report = Report {
        mode: "range".into(),
        base: Some(base_id.to_string()),
        head: Some(head_id.to_string()),
        ..Report::default()
    };
    // Logins become people by the base's configuration, like everything else.
    let attested = people_of(&judge, attested);
    judge_versions(&judge, &parent_indices(&commits), &commits, &attested, &mut report);
    commit_issues(&judge, &commits, &mut report);
    report.commits = commits;
    Ok(report)
}

impl Repo {
    fn commit_parent(&self, id: Oid) -> Option<Oid> {
        self.repo.find_commit(id).ok()?.parent_id(0).ok()
    }
}

fn intersect(base: &KeyRing, now: &KeyRing) -> KeyRing {
    KeyRing {
        entries: base
            .entries
            .iter()
            .filter(|e| now.holds(&e.person, &e.key.fingerprint()))
            .cloned()
            .collect(),
    }
}

/// Attested approvals with their logins mapped to people by `judge`'s
/// configuration; logins nobody has are dropped.
fn people_of(judge: &Judge, attested: &[Attested]) -> Vec<(String, String)> {
    attested
        .iter()
        .filter_map(|a| {
            let login = a.login.to_lowercase();
            judge
                .config
                .raw
                .people
                .iter()
                .find(|p| p.github.as_deref().is_some_and(|g| g.to_lowercase() == login))
                .map(|p| (p.id.clone(), a.evidence.clone()))
        })
        .collect()
}

/// Judges the last change of every governed path changed in a range
/// against `judge`; every change in the range counts as its making.
fn judge_versions(
    judge: &Judge,
    parents: &[Vec<usize>],
    commits: &[CommitFacts],
    attested: &[(String, String)],
    report: &mut Report,
) {
    // path → positions of the commits that changed it.
    let mut changes: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in commits.iter().enumerate() {
        for p in &c.changed {
            changes.entry(p.as_str()).or_default().push(i);
        }
    }
    for (path, positions) in changes {
        for rule in judge.rules.iter().filter(|r| r.set.is_match(path)) {
            judge_one(judge, rule, path, (parents, commits), &positions, 0, attested, report);
        }
    }
}

/// For each commit (in topological order, parents first), the indices of
/// its parents among `commits`; parents outside the walk are left out.
fn parent_indices(commits: &[CommitFacts]) -> Vec<Vec<usize>> {
    let index: HashMap<&str, usize> = commits.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    commits
        .iter()
        .map(|c| {
            c.parents
                .iter()
                .filter_map(|p| index.get(p.as_str()).copied())
                .collect()
        })
        .collect()
}

/// Which of the commits `from..to` are `from` or come after it (have it as
/// an ancestor), indexed from `from`: one pass in topological order, linear
/// in the window, where libgit2's pairwise reachability test would walk the
/// whole history for each pair.
fn descendants(parents: &[Vec<usize>], from: usize, to: usize) -> Vec<bool> {
    let mut reach = vec![false; to.saturating_sub(from)];
    if let Some(r) = reach.first_mut() {
        *r = true;
    }
    for j in from + 1..to {
        reach[j - from] = parents[j].iter().any(|&p| p >= from && reach[p - from]);
    }
    reach
}

/// Judges one version of `path` under `rule`. `positions` are the commits
/// (indices into `commits`) that made the version, the last one last;
/// signatures before `window` are not looked at. `attested` approvals are of
/// the head, so they count for the last version in view.
#[allow(clippy::too_many_arguments)]
fn judge_one(
    judge: &Judge,
    rule: &Rule,
    path: &str,
    (parents, commits): (&[Vec<usize>], &[CommitFacts]),
    positions: &[usize],
    window: usize,
    attested: &[(String, String)],
    report: &mut Report,
) {
    let Some(&last) = positions.last() else { return };
    let after_last = descendants(parents, last, commits.len());
    let change = &commits[last];
    // Authors and signers of every change to the path in view.
    let mut makers: BTreeSet<String> = BTreeSet::new();
    for &i in positions {
        let c = &commits[i];
        makers.extend(c.author.person.iter().cloned());
        makers.extend(c.signature.signer().map(String::from));
    }
    let eligible = judge.eligible(&rule.roles);
    let mut approvers: Vec<Approver> = Vec::new();
    let mut self_approvals: Vec<(String, String)> = Vec::new();
    let mut stale: Vec<(String, String)> = Vec::new();
    for (i, c) in commits.iter().enumerate().skip(window) {
        let Verdict::Good { person, key } = &c.signature else {
            continue;
        };
        if !eligible.contains(person) {
            continue;
        }
        let after = i >= last && after_last[i - last];
        if !after {
            // Stale: given after an earlier change of this version's making,
            // before its last change.
            if i < last && positions.iter().any(|&p| p < i) && !makers.contains(person) {
                stale.push((person.clone(), c.id.clone()));
            }
            continue;
        }
        if makers.contains(person) {
            // Signing one's own change commit is how changes are made;
            // signing another commit after it is an attempt to approve it.
            if !positions.contains(&i) {
                self_approvals.push((person.clone(), c.id.clone()));
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
        if eligible.contains(person) && !approvers.iter().any(|x| &x.person == person) {
            if makers.contains(person) {
                self_approvals.push((person.clone(), evidence.clone()));
            } else {
                approvers.push(Approver {
                    person: person.clone(),
                    commit: commits.last().map(|c| c.id.clone()).unwrap_or_default(),
                    key: evidence.clone(),
                });
            }
        }
    }
    let approved = approvers.len() >= rule.min as usize;
    let change_short = short_id(&change.id);
    let about = |id: &'static str, warning: bool, message: String, commit: String, help: Option<String>| Issue {
        rule: id,
        warning,
        message,
        path: Some(path.to_string()),
        rule_index: rule.index,
        commit: Some(commit),
        help,
    };
    if !approved {
        let could: Vec<String> = eligible
            .iter()
            .filter(|p| !makers.contains(*p) && !approvers.iter().any(|a| &a.person == *p))
            .map(|p| judge.name_of(p))
            .collect();
        let have = approvers
            .iter()
            .map(|a| judge.name_of(&a.person))
            .collect::<Vec<_>>()
            .join(", ");
        report.issues.push(about(
            MISSING,
            false,
            format!(
                "{path} changed in {change_short} (\"{}\") needs {} signed approval{} from {} under the rule `{}`; it has {}{}",
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
                "nobody who holds the rule's roles can still approve: every holder authored or signed the change, or none is active".into()
            } else {
                format!("could still approve: {}", could.join(", "))
            }),
        ));
    }
    for (person, commit) in self_approvals {
        let message = if commit.starts_with("GitHub") {
            format!(
                "{} approved their own change to {path} ({commit}): that does not count",
                judge.name_of(&person)
            )
        } else {
            format!(
                "{} signed {} after changing {path} themselves: that does not approve their own change",
                judge.name_of(&person),
                short_id(&commit)
            )
        };
        report.issues.push(about(SELF_APPROVAL, false, message, commit, None));
    }
    for (person, commit) in stale {
        if approvers.iter().any(|a| a.person == person) {
            continue;
        }
        let message = format!(
            "the approval of {path} by {} in {} is stale: the file changed again in {change_short}",
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
}

/// Findings about single commits: signatures, author claims, trailers.
fn commit_issues(judge: &Judge, commits: &[CommitFacts], report: &mut Report) {
    for c in commits {
        let short = short_id(&c.id);
        let at = |rule, warning, message: String, help: Option<String>| Issue {
            rule,
            warning,
            message,
            path: c.changed.first().cloned(),
            rule_index: None,
            commit: Some(c.id.clone()),
            help,
        };
        match &c.signature {
            Verdict::Unsigned | Verdict::Good { .. } => {}
            Verdict::Bad { .. } => report.issues.push(at(
                SIGNATURE,
                false,
                format!("commit {short} (\"{}\"): {}", brief(&c.summary), c.signature.explain()),
                None,
            )),
            other => report.issues.push(at(
                SIGNATURE,
                true,
                format!(
                    "commit {short} (\"{}\"): {}; it approves nothing",
                    brief(&c.summary),
                    other.explain()
                ),
                None,
            )),
        }
        if let (Some(claimed), Some(signer)) = (&c.author.person, c.signature.signer()) {
            if claimed != signer {
                report.issues.push(at(
                    AUTHOR_MISMATCH,
                    false,
                    format!(
                        "commit {short} claims {} as its author <{}> but is signed by {}",
                        judge.name_of(claimed),
                        c.author.email,
                        judge.name_of(signer)
                    ),
                    None,
                ));
            }
        }
        for (key, value) in &c.trailers {
            if !key.eq_ignore_ascii_case("approved-by") {
                continue;
            }
            let named = match judge.config.resolve(value) {
                Resolved::Person { id } => Some(id),
                _ => judge.person_by_email(value.rsplit('<').next().unwrap_or("").trim_end_matches('>')),
            };
            let backed = named.as_deref().is_some_and(|n| c.signature.signer() == Some(n));
            if !backed {
                report.issues.push(at(
                    FORGED_TRAILER,
                    false,
                    format!(
                        "commit {short} carries `Approved-by: {value}` but is {}",
                        match c.signature.signer() {
                            Some(s) => format!("signed by {}", judge.name_of(s)),
                            None => c.signature.explain(),
                        }
                    ),
                    Some("a trailer counts only inside a commit signed by the person it names".into()),
                ));
            }
        }
    }
}

/// Judges the current state: the latest change of each governed file since
/// the trust root, each by the configuration of its parent commit.
pub fn state(repo: &mut Repo, trust_root: Option<&str>) -> Result<Report, Problems> {
    if repo.repo.is_empty().unwrap_or(false) {
        // A new repository: nothing is committed, so nothing is approved or
        // unapproved yet.
        return Ok(Report {
            mode: "unborn".into(),
            ..Report::default()
        });
    }
    let head = repo.resolve("HEAD").map_err(|p| Problems(vec![*p]))?;
    let root = match trust_root {
        Some(rev) => Some(
            repo.resolve(rev)
                .map_err(|p| Problems(vec![p.help("`[history] trust_root` in isms.toml")]))?,
        ),
        None => None,
    };
    audit_walk(repo, head, root, "state", true)
}

/// Finds platform attestations (approving reviews of the pull request that
/// brought a commit in) for a version that signatures leave unapproved.
pub type Attest<'a> = &'a mut dyn FnMut(&str) -> Vec<Attested>;

/// Judges every version of every governed file since `since` (or the trust
/// root), each by the configuration of its parent commit; `attest`, when
/// given, is asked about versions no signature approves.
pub fn audit(
    repo: &mut Repo,
    since: Option<&str>,
    progress: &mut dyn FnMut(usize, usize),
    attest: Option<Attest<'_>>,
) -> Result<Report, Problems> {
    let head = repo.resolve("HEAD").map_err(|p| Problems(vec![*p]))?;
    let root = match since {
        Some(rev) => Some(repo.resolve(rev).map_err(|p| Problems(vec![*p]))?),
        None => None,
    };
    let mut report = audit_walk_with(repo, head, root, "audit", false, progress, attest)?;
    report.trust_root = root.map(|r| r.to_string());
    Ok(report)
}

fn audit_walk(
    repo: &mut Repo,
    head: Oid,
    root: Option<Oid>,
    mode: &str,
    latest_only: bool,
) -> Result<Report, Problems> {
    let mut report = audit_walk_with(repo, head, root, mode, latest_only, &mut |_, _| {}, None)?;
    report.trust_root = root.map(|r| r.to_string());
    Ok(report)
}

fn audit_walk_with(
    repo: &mut Repo,
    head: Oid,
    root: Option<Oid>,
    mode: &str,
    latest_only: bool,
    progress: &mut dyn FnMut(usize, usize),
    mut attest: Option<Attest<'_>>,
) -> Result<Report, Problems> {
    let hide: Vec<Oid> = root.into_iter().collect();
    let ids = repo.walk(head, &hide).map_err(|p| Problems(vec![*p]))?;
    // Each commit is judged by its parent's configuration; a root commit
    // (no parent) by its own.
    let mut commits = Vec::with_capacity(ids.len());
    let mut judges: Vec<Arc<Judge>> = Vec::with_capacity(ids.len());
    let mut report = Report {
        mode: mode.into(),
        head: Some(head.to_string()),
        ..Report::default()
    };
    for (n, id) in ids.iter().enumerate() {
        progress(n + 1, ids.len());
        let at = repo.commit_parent(*id).unwrap_or(*id);
        let judge = match repo.judge_at(at)? {
            Some(j) => j,
            // Before the ISMS had a configuration nothing was governed.
            None => match repo.judge_at(*id)? {
                Some(j) => j,
                None => continue,
            },
        };
        let (facts, signed) = repo.facts_unverified(*id, &judge).map_err(|p| Problems(vec![*p]))?;
        commits.push((facts, signed));
        judges.push(judge);
    }
    // Signatures are verified together, on all cores: they are the bulk of
    // the work and independent of each other.
    let mut signed = Vec::new();
    let mut facts = Vec::with_capacity(commits.len());
    for (i, (f, s)) in commits.into_iter().enumerate() {
        if let Some(s) = s {
            signed.push((i, s));
        }
        facts.push(f);
    }
    let (at, work): (Vec<usize>, Vec<(Signed, &KeyRing)>) =
        signed.into_iter().map(|(i, s)| (i, (s, &judges[i].ring))).unzip();
    for (i, verdict) in at.into_iter().zip(verify_all(&work)) {
        facts[i].signature = verdict;
    }
    let parents = parent_indices(&facts);

    // path → positions of its changes.
    let mut changes: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in facts.iter().enumerate() {
        for p in &c.changed {
            changes.entry(p.clone()).or_default().push(i);
        }
    }
    for (path, positions) in &changes {
        // Indices into `positions` of the versions judged.
        let first = if latest_only {
            positions.len().saturating_sub(1)
        } else {
            0
        };
        for (k, &at) in positions.iter().enumerate().skip(first) {
            // This version's approvals come after it and before the next
            // change of the path.
            let end = positions.get(k + 1).copied().unwrap_or(facts.len());
            let window = if latest_only {
                k.checked_sub(1).map_or(0, |prev| positions[prev] + 1)
            } else {
                at
            };
            let judge = &judges[at];
            for rule in judge.rules.iter().filter(|r| r.set.is_match(path)) {
                let slice = (&parents[..], &facts[..end]);
                let mut one = Report::default();
                judge_one(judge, rule, path, slice, &[at], window, &[], &mut one);
                let unapproved = one.judgements.last().is_some_and(|j| !j.approved);
                if let (true, Some(attest)) = (unapproved, attest.as_mut()) {
                    let attested = people_of(judge, &attest(&facts[at].id));
                    if !attested.is_empty() {
                        one = Report::default();
                        judge_one(judge, rule, path, slice, &[at], window, &attested, &mut one);
                    }
                }
                report.judgements.extend(one.judgements);
                report.issues.extend(one.issues);
            }
        }
    }
    if let Some(j) = judges.last() {
        commit_issues(j, &facts, &mut report);
    }
    if latest_only {
        // Governed files that exist now but did not change since the root.
        if let Ok(Some(j)) = repo.judge_at(head) {
            let changed: BTreeSet<&String> = changes.keys().collect();
            let mut baseline = Vec::new();
            if let Ok(commit) = repo.repo.find_commit(head) {
                if let Ok(tree) = commit.tree() {
                    let _ = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
                        let full = format!("{dir}{}", entry.name().unwrap_or(""));
                        if let Some(rel) = full.strip_prefix(&repo.prefix) {
                            if entry.kind() == Some(git2::ObjectType::Blob)
                                && j.governed(rel)
                                && !changed.contains(&rel.to_string())
                            {
                                baseline.push(rel.to_string());
                            }
                        }
                        git2::TreeWalkResult::Ok
                    });
                }
            }
            report.baseline = baseline;
        }
    }
    report.commits = facts;
    Ok(report)
}
