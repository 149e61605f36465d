//! Synthetic ISMS repositories of any size, for benchmarks and tests.
//!
//! [`write`] scales the bundled example ISMS (Lumen) to a [`Spec`]: N risks
//! in the example's spreadsheet layout (every field filled, owners,
//! assets, controls and acceptances varied but consistent), assets, people
//! with their awareness and role-specific training, and documents. The
//! result passes every built-in rule, so a benchmark measures the work of a
//! clean check and a test can plant exactly the findings it asserts.
//!
//! [`history`] turns such a folder into a git repository with a signed
//! history: the baseline approved by the CEO and the CISO, then changes to
//! governed procedures by an engineer, each followed by the CISO's
//! SSH-signed approval, as `git commit -S` makes them.

use crate::diag::Problem;
use crate::setup::demo::{Signer, demo_config, embedded, sign_commit};
use git2::{Oid, Repository, Time};
use std::fmt::Write as _;
use std::path::Path;

/// The size of a synthetic ISMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub risks: usize,
    pub assets: usize,
    /// People in `isms.toml` (at least the example's 12).
    pub people: usize,
    /// Training records (at least the example's own).
    pub training: usize,
    /// Markdown documents (at least the example's own).
    pub documents: usize,
    /// Commits of history, when [`history`] builds one.
    pub commits: usize,
}

impl Spec {
    /// The organisation of the speed targets: 10,000 risks, 5,000 assets,
    /// 1,000 people, 2,000 training records, 200 documents.
    pub const ORGANISATION: Spec = Spec {
        risks: 10_000,
        assets: 5_000,
        people: 1_000,
        training: 2_000,
        documents: 200,
        commits: 0,
    };

    /// The organisation's proportions at `risks` risks.
    pub fn scaled(risks: usize) -> Spec {
        Spec {
            risks,
            assets: risks / 2,
            people: (risks / 10).max(EXAMPLE_PEOPLE),
            training: risks / 5,
            documents: (risks / 50).max(EXAMPLE_DOCUMENTS),
            commits: 0,
        }
    }
}

/// People of the example's `isms.toml`.
const EXAMPLE_PEOPLE: usize = 12;
/// Controlled documents of the example (`docs/README.md` is not one).
const EXAMPLE_DOCUMENTS: usize = 17;

/// Where generated documents go; changes in [`history`] edit them.
pub const GENERATED_DOCS: &str = "docs/procedures/generated";

/// Owners of generated risks: the example's managers, by name, role and id.
const OWNERS: [&str; 6] = [
    "CISO",
    "cto",
    "Head of Operations",
    "Data Protection Officer",
    "ISMS Manager",
    "Support Lead",
];

fn problem(what: &str, e: impl std::fmt::Display) -> Box<Problem> {
    Box::new(Problem::new("synth::error", format!("{what}: {e}")))
}

fn io(e: std::io::Error) -> Box<Problem> {
    problem("cannot write the synthetic ISMS", e)
}

/// Writes an ISMS of `spec`'s size into `dir` (created when absent). The
/// example's registers other than risks, assets and training are kept.
pub fn write(dir: &Path, spec: &Spec) -> Result<(), Box<Problem>> {
    write_with(dir, spec, &[])
}

fn write_with(dir: &Path, spec: &Spec, signers: &[&Signer]) -> Result<(), Box<Problem>> {
    let mut applicable = Vec::new();
    for (rel, text) in embedded::EXAMPLE {
        let text = match *rel {
            "isms.toml" => config(text, spec, signers)?,
            "registers/risks.csv" => continue,
            "registers/assets.csv" => continue,
            "registers/training.csv" => training(text, spec),
            "registers/soa.csv" => {
                applicable = text
                    .lines()
                    .filter(|l| l.split(',').nth(1) == Some("Yes"))
                    .filter_map(|l| l.split(',').next())
                    .map(String::from)
                    .collect();
                text.to_string()
            }
            _ => text.to_string(),
        };
        put(dir, rel, &text)?;
    }
    put(dir, "registers/risks.csv", &risks(spec, &applicable))?;
    put(dir, "registers/assets.csv", &assets(spec))?;
    for i in EXAMPLE_DOCUMENTS..spec.documents {
        put(dir, &document_path(i), &document(i, 0))?;
    }
    Ok(())
}

fn put(dir: &Path, rel: &str, text: &str) -> Result<(), Box<Problem>> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, text).map_err(io)
}

/// The example's configuration, with the signers' keys, without its
/// stand-in trust root, and with `spec.people - 12` more engineers.
fn config(text: &str, spec: &Spec, signers: &[&Signer]) -> Result<String, Box<Problem>> {
    let mut out = demo_config(text, signers)?;
    out.push_str("\n# Generated people: engineers (privileged: they need role-specific training).\n");
    for i in EXAMPLE_PEOPLE..spec.people {
        let _ = write!(
            out,
            "[[person]]\nid = \"eng{i:05}\"\nname = \"Engineer {i:05}\"\nemails = [\"eng{i:05}@lumen-health.example\"]\nroles = [\"engineer\"]\n\n"
        );
    }
    // Governed when there are generated documents to govern.
    if spec.documents > EXAMPLE_DOCUMENTS {
        out.push_str(&format!(
            "[[approval]]\nname = \"generated procedures\"\npaths = [\"{GENERATED_DOCS}/**\"]\nroles = [\"ciso\"]\n"
        ));
    }
    Ok(out)
}

/// The example's training records, then for every generated engineer an
/// awareness course and a role-specific one in turn (refreshers after the
/// first two rounds) until `spec.training` records.
fn training(text: &str, spec: &Spec) -> String {
    const COURSES: [(&str, &str); 4] = [
        ("Security awareness 2026", "awareness"),
        ("Secure engineering 2026", "role-specific"),
        ("Phishing refresher 2026", "awareness"),
        ("Incident drill 2026", "role-specific"),
    ];
    let mut out = text.to_string();
    let engineers = spec.people.saturating_sub(EXAMPLE_PEOPLE);
    let start = text.lines().count().saturating_sub(1);
    for (k, n) in (start..spec.training).enumerate() {
        if engineers == 0 {
            break;
        }
        let person = EXAMPLE_PEOPLE + k % engineers;
        let (course, kind) = COURSES[(k / engineers) % COURSES.len()];
        let _ = writeln!(
            out,
            "TR-{:06},eng{person:05},{course},{kind},2026-{:02}-{:02},2027-06-30,LMS export 2026-07-01,",
            n + 1,
            3 + k % 6,
            1 + k % 28
        );
    }
    out
}

fn level(score: usize) -> &'static str {
    match score {
        0..=4 => "Low",
        5..=9 => "Medium",
        10..=16 => "High",
        _ => "Very high",
    }
}

/// Risks in the example's spreadsheet layout. One in ten keeps a residual
/// score above the acceptance threshold (9) and is accepted by the CEO.
fn risks(spec: &Spec, controls: &[String]) -> String {
    let mut out = String::from(
        "Risk ID,Risk,Risk Owner,Affected Assets,Threat,Vulnerability,Inherent Likelihood,Inherent Impact,Inherent Score,Risk Level,Treatment Option,Annex A Controls,Residual Likelihood,Residual Impact,Residual Score,Accepted By,Accepted On,Status,Last Reviewed,Notes\n",
    );
    let assets = spec.assets.max(1);
    let pick = |k: usize| controls.get(k % controls.len().max(1)).map_or("A.5.1", String::as_str);
    for i in 0..spec.risks {
        let (l, m) = (i % 5 + 1, (i / 5) % 5 + 1);
        let (rl, rm, accepted) = if i % 10 == 9 {
            (l.max(2), m.max(5), "Maya Okafor,2026-02-21")
        } else {
            (1, m.min(3), ",")
        };
        let affected = if spec.assets == 0 {
            String::new()
        } else {
            format!("AS-{:05}; AS-{:05}", i % assets, (i * 7 + 3) % assets)
        };
        let _ = writeln!(
            out,
            "R-{i:06},Synthetic risk {i},{},{affected},Threat {},Weakness {},{l},{m},{},{},Mitigate,\"{}, {}\",{rl},{rm},{},{accepted},treated,2026-{:02}-{:02},",
            OWNERS[i % OWNERS.len()],
            i % 97,
            i % 89,
            l * m,
            level(l * m),
            pick(i),
            pick(i * 13 + 5),
            rl * rm,
            1 + i % 11,
            1 + i % 28,
        );
    }
    out
}

fn assets(spec: &Spec) -> String {
    const TYPES: [&str; 4] = ["information", "software", "hardware", "service"];
    const CLASSES: [&str; 4] = ["public", "internal", "confidential", "restricted"];
    const CRITICAL: [&str; 4] = ["low", "medium", "high", "critical"];
    let mut out = String::from("id,name,type,owner,classification,criticality,location,status\n");
    for i in 0..spec.assets {
        let _ = writeln!(
            out,
            "AS-{i:05},Synthetic asset {i},{},{},{},{},AWS eu-west-2,active",
            TYPES[i % 4],
            OWNERS[i % OWNERS.len()],
            CLASSES[(i / 4) % 4],
            CRITICAL[(i / 16) % 4],
        );
    }
    out
}

/// Where generated document `i` lives.
pub fn document_path(i: usize) -> String {
    format!("{GENERATED_DOCS}/pro-{i:04}.md")
}

/// Generated procedure `i` at its `version`th revision.
pub fn document(i: usize, version: usize) -> String {
    format!(
        "---\nid: PRO-G{i:04}\ntitle: Generated Procedure {i}\ntype: procedure\nowner: cto\nstatus: approved\nversion: \"1.{version}\"\napproved_by: priya\napproved_on: 2026-05-01\nnext_review: 2027-05-01\ncontrols: [\"A.8.32\"]\n---\n# Generated Procedure {i}\n\n## Purpose\n\nHow Lumen carries out generated procedure {i} (revision {version}).\n\n## Steps\n\n1. Plan.\n2. Do.\n3. Record the outcome in the register.\n"
    )
}

/// What [`history`] built.
pub struct History {
    /// The commit of the approved baseline.
    pub baseline: Oid,
    /// The tip of `main`.
    pub head: Oid,
    /// Commits on `main`.
    pub commits: usize,
    /// Commits signed (all of them).
    pub signed: usize,
    signers: Signers,
}

/// The people who sign in a synthetic history, with keys made at run time.
struct Signers {
    maya: Signer,
    priya: Signer,
    tom: Signer,
    omar: Signer,
}

fn git(e: git2::Error) -> Box<Problem> {
    problem("cannot build the history", e.message())
}

/// Writes an SSH-signed commit of `tree` on `parent` by `who`, `clock`
/// seconds after the epoch, as `git commit -S` would.
fn commit(
    repo: &Repository,
    (tree, parent): (Oid, Option<Oid>),
    who: &Signer,
    clock: i64,
    message: &str,
) -> Result<Oid, Box<Problem>> {
    let tree = repo.find_tree(tree).map_err(git)?;
    let parent = parent.map(|p| repo.find_commit(p)).transpose().map_err(git)?;
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    sign_commit(repo, who, Time::new(clock, 0), (&tree, &parents), message).map_err(|e| problem("cannot commit", e))
}

/// The start of synthetic time: 2026-05-28; each commit is a minute later.
const EPOCH: i64 = 1_780_000_000;

/// Writes an ISMS of `spec`'s size into `dir` as a git repository on
/// `main` with `spec.commits` commits (at least 3), every one SSH-signed
/// as `git commit -S` signs: the baseline by the ISMS manager, its
/// approvals by the CEO and the CISO, then pairs of a change to a generated
/// procedure by an engineer and the CISO's approval. The work tree is left
/// checked out at the tip. There is always at least one generated
/// procedure for the changes to edit.
pub fn history(dir: &Path, spec: &Spec) -> Result<History, Box<Problem>> {
    let spec = &Spec {
        documents: spec.documents.max(EXAMPLE_DOCUMENTS + 1),
        ..*spec
    };
    let signer = Signer::generate;
    let signers = Signers {
        maya: signer("maya", "Maya Okafor", "maya.okafor@lumen-health.example")?,
        priya: signer("priya", "Priya Raman", "priya.raman@lumen-health.example")?,
        tom: signer("tom", "Tom Eriksen", "tom.eriksen@lumen-health.example")?,
        omar: signer("omar", "Omar Haddad", "omar.haddad@lumen-health.example")?,
    };
    let Signers { maya, priya, tom, omar } = &signers;
    write_with(dir, spec, &[maya, priya, tom, omar])?;

    let repo = Repository::init(dir).map_err(git)?;
    let mut index = repo.index().map_err(git)?;
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).map_err(git)?;
    let mut tree = index.write_tree().map_err(git)?;
    let baseline = commit(&repo, (tree, None), tom, EPOCH, "Adopt isms: the ISMS as it stands")?;
    let mut head = baseline;
    for (clock, who, role) in [(EPOCH + 60, maya, "CEO"), (EPOCH + 120, priya, "CISO")] {
        let message = format!("Approve the ISMS baseline ({role})");
        head = commit(&repo, (tree, Some(head)), who, clock, &message)?;
    }
    let mut commits = 3;
    let documents = spec.documents - EXAMPLE_DOCUMENTS;
    let mut latest: Vec<Option<String>> = vec![None; documents];
    let mut n = 0;
    while commits + 2 <= spec.commits {
        let doc = n % documents;
        let text = document(EXAMPLE_DOCUMENTS + doc, 1 + n / documents);
        let blob = repo.blob(text.as_bytes()).map_err(git)?;
        tree = replace(&repo, tree, &document_path(EXAMPLE_DOCUMENTS + doc), blob)?;
        latest[doc] = Some(text);
        let clock = EPOCH + 60 * commits as i64;
        for (clock, who, message) in [
            (clock, omar, format!("Revise generated procedure {doc}")),
            (
                clock + 60,
                priya,
                format!("Approve the revision of generated procedure {doc}"),
            ),
        ] {
            head = commit(&repo, (tree, Some(head)), who, clock, &message)?;
        }
        commits += 2;
        n += 1;
    }
    if commits < spec.commits {
        // An odd count: one more commit, with no change, to reach it.
        let clock = EPOCH + 60 * commits as i64;
        head = commit(
            &repo,
            (tree, Some(head)),
            priya,
            clock,
            "Record the quarterly ISMS status",
        )?;
        commits += 1;
    }
    repo.reference("refs/heads/main", head, true, "synthetic history")
        .map_err(git)?;
    repo.set_head("refs/heads/main").map_err(git)?;
    for (doc, text) in latest.iter().enumerate() {
        if let Some(text) = text {
            put(dir, &document_path(EXAMPLE_DOCUMENTS + doc), text)?;
        }
    }
    checkout(&repo, tree)?;
    Ok(History {
        baseline,
        head,
        commits,
        signed: commits,
        signers,
    })
}

/// Makes the index match `tree` (the work tree already does).
fn checkout(repo: &Repository, tree: Oid) -> Result<(), Box<Problem>> {
    let mut index = repo.index().map_err(git)?;
    index.read_tree(&repo.find_tree(tree).map_err(git)?).map_err(git)?;
    index.write().map_err(git)
}

/// What [`pull_request`] built.
pub struct PullRequest {
    /// The tip of `main`, the base of the pull request.
    pub base: Oid,
    /// The tip of the branch.
    pub head: Oid,
    /// The files it changes, relative to the ISMS root.
    pub files: Vec<String>,
}

/// The branch of a pull request, on top of a [`history`] in `dir`: the
/// engineer edits three governed files (a risk's review date in the risk
/// register, an SoA justification and a generated procedure) and the CISO
/// approves, both SSH-signed. The branch `pr` is left checked out.
pub fn pull_request(dir: &Path, history: &History) -> Result<PullRequest, Box<Problem>> {
    let repo = Repository::open(dir).map_err(git)?;
    let edits = [
        ("registers/risks.csv", "treated,2026-01-01,", "treated,2026-11-20,"),
        (
            "registers/soa.csv",
            "Legal requirement (UK GDPR)",
            "Legal requirement (UK GDPR and DPA 2018)",
        ),
        (
            &document_path(EXAMPLE_DOCUMENTS) as &str,
            "## Steps",
            "## Steps (revised)",
        ),
    ];
    let mut tree = repo.find_commit(history.head).and_then(|c| c.tree()).map_err(git)?.id();
    let mut files = Vec::new();
    for (rel, from, to) in edits {
        let path = dir.join(rel);
        let text = std::fs::read_to_string(&path).map_err(io)?;
        if !text.contains(from) {
            return Err(problem(
                "cannot edit the synthetic ISMS",
                format!("`{from}` is not in {rel}"),
            ));
        }
        let text = text.replacen(from, to, 1);
        std::fs::write(&path, &text).map_err(io)?;
        let blob = repo.blob(text.as_bytes()).map_err(git)?;
        tree = replace(&repo, tree, rel, blob)?;
        files.push(rel.to_string());
    }
    let clock = EPOCH + 60 * (history.commits as i64 + 1);
    let change = commit(
        &repo,
        (tree, Some(history.head)),
        &history.signers.omar,
        clock,
        "Review R-000000, refine the SoA and a procedure",
    )?;
    let head = commit(
        &repo,
        (tree, Some(change)),
        &history.signers.priya,
        clock + 60,
        "Approve the review",
    )?;
    repo.reference("refs/heads/pr", head, true, "synthetic pull request")
        .map_err(git)?;
    repo.set_head("refs/heads/pr").map_err(git)?;
    checkout(&repo, tree)?;
    Ok(PullRequest {
        base: history.head,
        head,
        files,
    })
}

/// `tree` with the blob at `path` (slash-separated) replaced by `blob`.
fn replace(repo: &Repository, tree: Oid, path: &str, blob: Oid) -> Result<Oid, Box<Problem>> {
    let fail = git;
    let current = repo.find_tree(tree).map_err(fail)?;
    let mut builder = repo.treebuilder(Some(&current)).map_err(fail)?;
    match path.split_once('/') {
        None => {
            builder.insert(path, blob, 0o100644).map_err(fail)?;
        }
        Some((name, rest)) => {
            let sub = current
                .get_name(name)
                .ok_or_else(|| problem("cannot build the history", format!("no folder {name}")))?
                .id();
            let sub = replace(repo, sub, rest, blob)?;
            builder.insert(name, sub, 0o040000).map_err(fail)?;
        }
    }
    builder.write().map_err(fail)
}
