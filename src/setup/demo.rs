//! `isms demo`: the whole product in one offline command. Writes the bundled
//! example ISMS into a throwaway git repository with a signed history (keys
//! generated at run time for the CEO, the CISO, a risk owner and the ISMS
//! manager), adds a branch whose change lacks its approval, and runs the
//! check a pull request from that branch would get.

use crate::diag::Problem;
use git2::{Repository, Signature, Time};
use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, SshSig};
use std::path::{Path, PathBuf};

pub(crate) mod embedded {
    include!(concat!(env!("OUT_DIR"), "/example.rs"));
}

/// The evaluation date the example's dates are written for.
pub const EXAMPLE_DATE: &str = "2026-11-27";

/// The branch the demo's pull request comes from.
pub const BRANCH: &str = "review-r016";

/// A person of the example who signs in the demo.
pub(crate) struct Signer {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) email: &'static str,
    pub(crate) key: PrivateKey,
}

impl Signer {
    /// A signer with a new Ed25519 key, made just now.
    pub(crate) fn generate(id: &'static str, name: &'static str, email: &'static str) -> Result<Signer, Box<Problem>> {
        Ok(Signer {
            id,
            name,
            email,
            key: PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519)
                .map_err(|e| problem("cannot make a key", e))?,
        })
    }
}

pub(crate) fn problem(what: &str, e: impl std::fmt::Display) -> Box<Problem> {
    Box::new(Problem::new("demo::error", format!("{what}: {e}")))
}

/// What the demo built.
pub struct Demo {
    pub dir: PathBuf,
    pub main_commits: usize,
    /// Where the approvers' key pairs are (`<dir>/.demo-keys`).
    pub keys: PathBuf,
}

/// Builds the demo repository in `dir` (which must be empty or absent).
pub fn build(dir: &Path) -> Result<Demo, Box<Problem>> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| problem("cannot read the folder", e))?
            .next()
            .is_some()
    {
        return Err(Box::new(
            Problem::new("demo::not-empty", format!("{} is not empty", dir.display()))
                .help("give isms demo an empty or new folder, or none (it then makes one)"),
        ));
    }
    let signer = Signer::generate;
    let tom = signer("tom", "Tom Eriksen", "tom.eriksen@lumen-health.example")?;
    let maya = signer("maya", "Maya Okafor", "maya.okafor@lumen-health.example")?;
    let priya = signer("priya", "Priya Raman", "priya.raman@lumen-health.example")?;
    let sam = signer("sam", "Sam Whitfield", "sam.whitfield@lumen-health.example")?;

    for (rel, text) in embedded::EXAMPLE {
        let text = if *rel == "isms.toml" {
            demo_config(text, &[&tom, &maya, &priya, &sam])?
        } else {
            text.to_string()
        };
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| problem("cannot write the example", e))?;
        }
        std::fs::write(&path, text).map_err(|e| problem("cannot write the example", e))?;
    }

    let repo = Repository::init(dir).map_err(|e| problem("cannot create the repository", e.message()))?;
    let day = |d: i64| Time::new(1_793_606_400 + d * 86_400, 0); // 2026-11-02 + d days, UTC
    let mut main = Vec::new();
    main.push(commit(
        &repo,
        "main",
        &tom,
        day(0),
        "Adopt isms: the ISMS of Lumen Health Analytics as it stands",
    )?);
    main.push(commit(&repo, "main", &maya, day(1), "Approve the ISMS baseline (CEO)")?);
    main.push(commit(
        &repo,
        "main",
        &priya,
        day(1),
        "Approve the ISMS baseline (CISO)",
    )?);
    edit(
        dir,
        "registers/risks.csv",
        "treated,2026-09-21,Reviewed",
        "treated,2026-11-05,Reviewed",
    )?;
    main.push(commit(
        &repo,
        "main",
        &sam,
        day(3),
        "Quarterly review of R-016 (office break-in)",
    )?);
    main.push(commit(&repo, "main", &priya, day(4), "Approve the R-016 review")?);

    // The pull request: Sam re-scores a risk he owns; Tom's follow-up claims
    // the CISO's approval in a trailer, but Tom signed it, not Priya.
    repo.branch(
        BRANCH,
        &repo
            .head()
            .and_then(|h| h.peel_to_commit())
            .map_err(|e| problem("cannot branch", e.message()))?,
        true,
    )
    .map_err(|e| problem("cannot branch", e.message()))?;
    repo.set_head(&format!("refs/heads/{BRANCH}"))
        .map_err(|e| problem("cannot switch branch", e.message()))?;
    edit(
        dir,
        "registers/risks.csv",
        "\"A.7.1, A.7.2\",2,3,6,",
        "\"A.7.1, A.7.2\",2,2,4,",
    )?;
    commit(
        &repo,
        BRANCH,
        &sam,
        day(20),
        "R-016: badge readers installed, residual risk down to 4",
    )?;
    edit(
        dir,
        "registers/risks.csv",
        "treated,2026-11-05,Reviewed",
        "treated,2026-11-23,Reviewed",
    )?;
    commit(
        &repo,
        BRANCH,
        &tom,
        day(21),
        "R-016: record the review date\n\nApproved-by: Priya Raman <priya.raman@lumen-health.example>",
    )?;
    let keys = write_keys(&repo, dir, &[&tom, &maya, &priya, &sam])?;
    Ok(Demo {
        dir: dir.to_path_buf(),
        main_commits: main.len(),
        keys,
    })
}

/// The folder (in the demo repository) where the approvers' keys are left.
pub const KEYS: &str = ".demo-keys";

/// Leaves each signer's key pair in `.demo-keys/` (the private key readable
/// by its owner only, as ssh-keygen wants it), kept out of git by
/// `.git/info/exclude`: the demo's keys exist so that its pull request can
/// be approved, and never belong in a commit. Written after the history,
/// so no commit of the demo holds them.
fn write_keys(repo: &Repository, dir: &Path, signers: &[&Signer]) -> Result<PathBuf, Box<Problem>> {
    let folder = dir.join(KEYS);
    std::fs::create_dir_all(&folder).map_err(|e| problem("cannot write the keys", e))?;
    let exclude = repo.path().join("info").join("exclude");
    if let Some(info) = exclude.parent() {
        std::fs::create_dir_all(info).map_err(|e| problem("cannot write .git/info/exclude", e))?;
    }
    let mut excluded = std::fs::read_to_string(&exclude).unwrap_or_default();
    if !excluded.lines().any(|l| l.trim() == format!("/{KEYS}/")) {
        if !excluded.is_empty() && !excluded.ends_with('\n') {
            excluded.push('\n');
        }
        excluded.push_str(&format!(
            "# isms demo: the approvers' keys, never to be committed\n/{KEYS}/\n"
        ));
        std::fs::write(&exclude, excluded).map_err(|e| problem("cannot write .git/info/exclude", e))?;
    }
    for s in signers {
        let private = s
            .key
            .to_openssh(LineEnding::LF)
            .map_err(|e| problem("cannot write a key", e))?;
        let public = s
            .key
            .public_key()
            .to_openssh()
            .map_err(|e| problem("cannot write a key", e))?;
        let path = folder.join(s.id);
        write_private(&path, private.as_bytes()).map_err(|e| problem("cannot write a key", e))?;
        std::fs::write(folder.join(format!("{}.pub", s.id)), format!("{public} {}\n", s.email))
            .map_err(|e| problem("cannot write a key", e))?;
    }
    Ok(folder)
}

/// Writes a private key readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)?.write_all(bytes)
}

/// The example's isms.toml with the signers' public keys, and without the
/// `trust_root = "HEAD"` that stands in for a history it does not have.
pub(crate) fn demo_config(text: &str, signers: &[&Signer]) -> Result<String, Box<Problem>> {
    // The example's closing `[history]` section (and its comment) stands in
    // for a history it does not have; the demo has one.
    let text = text.split("# Where the ISMS's history starts.").next().unwrap_or(text);
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for line in text.lines() {
        if let Some(id) = line.strip_prefix("id = \"").and_then(|l| l.strip_suffix('"')) {
            current = signers.iter().find(|s| s.id == id).map(|s| s.id);
        }
        out.push_str(line);
        out.push('\n');
        if line.starts_with("roles = [") {
            if let Some(s) = current.take().and_then(|id| signers.iter().find(|s| s.id == id)) {
                let public = s
                    .key
                    .public_key()
                    .to_openssh()
                    .map_err(|e| problem("cannot write a public key", e))?;
                out.push_str(&format!("keys = [\"{public}\"]\n"));
            }
        }
    }
    Ok(out)
}

fn edit(dir: &Path, rel: &str, from: &str, to: &str) -> Result<(), Box<Problem>> {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).map_err(|e| problem("cannot edit the example", e))?;
    if !text.contains(from) {
        return Err(problem("cannot edit the example", format!("`{from}` is not in {rel}")));
    }
    std::fs::write(&path, text.replacen(from, to, 1)).map_err(|e| problem("cannot edit the example", e))
}

/// Writes a commit of `tree` on `parents`, authored and committed by `who`
/// at `when` and signed with their SSH key as `git commit -S` signs (the
/// `git` namespace, SHA-512). Refs are left to the caller.
pub(crate) fn sign_commit(
    repo: &Repository,
    who: &Signer,
    when: Time,
    (tree, parents): (&git2::Tree<'_>, &[&git2::Commit<'_>]),
    message: &str,
) -> Result<git2::Oid, String> {
    let author = Signature::new(who.name, who.email, &when).map_err(|e| e.message().to_string())?;
    let buffer = repo
        .commit_create_buffer(&author, &author, message, tree, parents)
        .map_err(|e| e.message().to_string())?;
    let payload = std::str::from_utf8(&buffer).map_err(|e| e.to_string())?;
    let signature = SshSig::sign(&who.key, "git", HashAlg::Sha512, &buffer)
        .and_then(|s| s.to_pem(LineEnding::LF))
        .map_err(|e| format!("cannot sign: {e}"))?;
    repo.commit_signed(payload, &signature, None)
        .map_err(|e| e.message().to_string())
}

/// Commits the whole work tree on `branch`, signed by `who` with their SSH
/// key as `git commit -S` would (the `git` namespace, SHA-512).
fn commit(repo: &Repository, branch: &str, who: &Signer, when: Time, message: &str) -> Result<git2::Oid, Box<Problem>> {
    let fail = |e: git2::Error| problem("cannot commit", e.message());
    let mut index = repo.index().map_err(fail)?;
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .map_err(fail)?;
    index.write().map_err(fail)?;
    let tree = repo.find_tree(index.write_tree().map_err(fail)?).map_err(fail)?;
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    let id = sign_commit(repo, who, when, (&tree, &parents), message).map_err(|e| problem("cannot commit", e))?;
    repo.reference(&format!("refs/heads/{branch}"), id, true, message)
        .map_err(fail)?;
    if parent.is_none() {
        repo.set_head(&format!("refs/heads/{branch}")).map_err(fail)?;
    }
    Ok(id)
}
