//! `isms approve` and `isms status`: what the current branch changes in
//! governed files, who may still approve each change, and the approval
//! itself — a signed statement bound to the exact content
//! ([`crate::history::statement`]), signed with the approver's own git
//! signing set-up (`ssh-keygen` or `gpg`, as `git commit -S` does; isms never
//! reads a private key), written under `.isms/approvals/` and committed.

use crate::diag::{Problem, Problems};
use crate::history::statement::{self, Statement};
use crate::history::{self, Repo};
use std::path::{Path, PathBuf};

/// One governed change on the branch still lacking approvals.
#[derive(Debug, Clone)]
pub struct Pending {
    pub path: String,
    pub rule: String,
    pub min: u32,
    pub roles: Vec<String>,
    /// Who approved it already.
    pub have: Vec<String>,
    /// Active people holding one of the roles, other than those who have.
    pub could: Vec<String>,
    pub from: history::Entry,
    pub to: history::Entry,
}

/// What the branch needs, judged by the base's configuration.
#[derive(Debug)]
pub struct Plan {
    pub base: String,
    pub head: String,
    pub pending: Vec<Pending>,
    /// The person git's `user.email` belongs to, by the base's configuration.
    pub me: Option<String>,
    pub names: std::collections::BTreeMap<String, String>,
}

fn problem(code: &'static str, message: impl Into<String>) -> Problems {
    Problems(vec![Problem::new(code, message)])
}

/// The base to compare with: the one given, else the first of `main`,
/// `origin/main`, `master`, `origin/master` that the clone has (`main`
/// when none, so that the error names it).
pub fn base_or_default(root: &Path, given: Option<String>) -> String {
    if let Some(b) = given {
        return b;
    }
    let repo = git2::Repository::discover(root).ok();
    ["main", "origin/main", "master", "origin/master"]
        .into_iter()
        .find(|rev| repo.as_ref().is_some_and(|r| r.revparse_single(rev).is_ok()))
        .unwrap_or("main")
        .to_string()
}

/// Judges `base..head` and lists what still needs approval.
pub fn plan(root: &Path, base: &str, head: &str) -> Result<Plan, Problems> {
    let Some(mut repo) = Repo::discover(root)? else {
        return Err(problem(
            "git::not-a-repository",
            format!("{} is not inside a git repository", root.display()),
        ));
    };
    let base_id = repo.resolve(base)?;
    let head_id = repo.resolve(head)?;
    let report = history::range(&mut repo, base, head)?;
    let Some(judge) = repo.judge_at(base_id)? else {
        return Err(problem("git::no-config", format!("the base {base} has no isms.toml")));
    };
    let raw = &judge.config.raw;
    let email: Option<String> = git2::Repository::discover(root)
        .ok()
        .and_then(|r| r.config().ok())
        .and_then(|c| c.get_string("user.email").ok());
    let me = email.and_then(|e| {
        raw.people
            .iter()
            .find(|p| p.emails.iter().any(|m| m.eq_ignore_ascii_case(&e)))
            .map(|p| p.id.clone())
    });
    let pending = report
        .judgements
        .iter()
        .filter(|j| !j.approved)
        .map(|j| {
            let have: Vec<String> = j.approvers.iter().map(|a| a.person.clone()).collect();
            Pending {
                path: j.path.clone(),
                rule: j.rule.clone(),
                min: j.min,
                roles: j.roles.clone(),
                could: raw
                    .people
                    .iter()
                    .filter(|p| p.active && p.roles.iter().any(|r| j.roles.contains(r)) && !have.contains(&p.id))
                    .map(|p| p.id.clone())
                    .collect(),
                have,
                from: repo.entry(base_id, &j.path),
                to: j.content,
            }
        })
        .collect();
    Ok(Plan {
        base: base_id.to_string(),
        head: head_id.to_string(),
        pending,
        me,
        names: raw.people.iter().map(|p| (p.id.clone(), p.name.clone())).collect(),
    })
}

/// The statement `person` makes for the changes they may approve.
pub fn statement(plan: &Plan, person: &str, date: &str) -> Option<Statement> {
    let mine: Vec<&Pending> = plan
        .pending
        .iter()
        .filter(|p| p.could.iter().any(|c| c == person))
        .collect();
    if mine.is_empty() {
        return None;
    }
    // Each rule once, in the order the changes name them.
    let mut rules: Vec<&str> = Vec::new();
    for p in &mine {
        if !rules.contains(&p.rule.as_str()) {
            rules.push(&p.rule);
        }
    }
    Some(Statement {
        approver: person.to_string(),
        rule: rules.join(", "),
        date: date.to_string(),
        changes: mine.iter().map(|p| (p.path.clone(), p.from, p.to)).collect(),
    })
}

/// Signs `payload` as `git commit -S` would sign a commit: `gpg.format`
/// `ssh` runs `ssh-keygen -Y sign` with `user.signingkey` (a key file, or
/// `key::…` for a key held by ssh-agent); otherwise `gpg --detach-sign`
/// (with `user.signingkey` as the local user when set). Returns the
/// armoured signature.
pub fn sign(root: &Path, payload: &str) -> Result<String, Box<Problem>> {
    let config = git2::Repository::discover(root)
        .and_then(|r| r.config())
        .and_then(|mut c| c.snapshot())
        .map_err(|e| {
            Box::new(Problem::new(
                "git::config",
                format!("cannot read git's configuration: {}", e.message()),
            ))
        })?;
    let format = config.get_string("gpg.format").unwrap_or_else(|_| "openpgp".into());
    let key = config.get_string("user.signingkey").ok();
    let dir = tempfile::tempdir().map_err(|e| {
        Box::new(Problem::new(
            "io::unwritable",
            format!("cannot make a temporary folder: {e}"),
        ))
    })?;
    let message = dir.path().join("statement");
    std::fs::write(&message, payload).map_err(|e| Box::new(Problem::new("io::unwritable", e.to_string())))?;
    let failed = |what: &str, out: &std::process::Output| {
        Box::new(
            Problem::new(
                "approve::sign",
                format!("{what} could not sign: {}", String::from_utf8_lossy(&out.stderr).trim()),
            )
            .help("set up signing as for `git commit -S`: `git config gpg.format ssh` and `git config user.signingkey ~/.ssh/id_ed25519.pub`, or a gpg key"),
        )
    };
    let run = |cmd: &mut std::process::Command, what: &str| {
        cmd.output().map_err(|e| {
            Box::new(
                Problem::new("approve::sign", format!("cannot run {what}: {e}"))
                    .help("install it, as git needs it to sign commits"),
            )
        })
    };
    match format.as_str() {
        "ssh" => {
            let Some(key) = key else {
                return Err(Box::new(
                    Problem::new("approve::sign", "gpg.format is ssh but user.signingkey is not set")
                        .help("git config user.signingkey ~/.ssh/id_ed25519.pub"),
                ));
            };
            let key_file: PathBuf = match key.strip_prefix("key::") {
                Some(literal) => {
                    let f = dir.path().join("key.pub");
                    std::fs::write(&f, literal).map_err(|e| Box::new(Problem::new("io::unwritable", e.to_string())))?;
                    f
                }
                None => PathBuf::from(shellexpand_home(&key)),
            };
            let program = config
                .get_string("gpg.ssh.program")
                .unwrap_or_else(|_| "ssh-keygen".into());
            let out = run(
                std::process::Command::new(&program)
                    .args(["-q", "-Y", "sign", "-n", statement::NAMESPACE, "-f"])
                    .arg(&key_file)
                    .arg(&message),
                &program,
            )?;
            let sig = dir.path().join("statement.sig");
            if !out.status.success() || !sig.exists() {
                return Err(failed(&program, &out));
            }
            std::fs::read_to_string(sig).map_err(|e| Box::new(Problem::new("io::read", e.to_string())))
        }
        "openpgp" => {
            let program = config.get_string("gpg.program").unwrap_or_else(|_| "gpg".into());
            let mut cmd = std::process::Command::new(&program);
            cmd.args(["--batch", "--yes", "--armor", "--detach-sign"]);
            if let Some(key) = &key {
                cmd.args(["--local-user", key]);
            }
            cmd.args(["--output", "-"]).arg(&message);
            let out = run(&mut cmd, &program)?;
            if !out.status.success() {
                return Err(failed(&program, &out));
            }
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        other => Err(Box::new(Problem::new(
            "approve::sign",
            format!("gpg.format `{other}` is not one isms verifies (ssh or openpgp)"),
        ))),
    }
}

/// `~/…` as the shell reads it.
fn shellexpand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => path.to_string(),
    }
}

/// Writes the signed statement under `.isms/approvals/` and commits it
/// (with the approver's own git set-up). Returns the file's path.
pub fn record(root: &Path, st: &Statement, signature: &str, message: &str) -> Result<PathBuf, Box<Problem>> {
    use sha2::Digest as _;
    let payload = st.payload();
    let digest = hex::encode(&sha2::Sha256::digest(payload.as_bytes())[..6]);
    let rel = format!("{}{}-{}-{digest}.approval", statement::DIR, st.approver, st.date);
    let file = root.join(&rel);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            Box::new(Problem::new(
                "io::unwritable",
                format!("cannot create {}: {e}", dir.display()),
            ))
        })?;
    }
    std::fs::write(&file, format!("{payload}{signature}")).map_err(|e| {
        Box::new(Problem::new(
            "io::unwritable",
            format!("cannot write {}: {e}", file.display()),
        ))
    })?;
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .map_err(|e| Box::new(Problem::new("git::run", format!("cannot run git: {e}"))))
    };
    let out = git(&["add", "--", &rel])?;
    if !out.status.success() {
        return Err(Box::new(Problem::new(
            "git::run",
            format!("git add failed: {}", String::from_utf8_lossy(&out.stderr).trim()),
        )));
    }
    let out = git(&["commit", "-q", "-m", message, "--", &rel])?;
    if !out.status.success() {
        return Err(Box::new(Problem::new(
            "git::run",
            format!("git commit failed: {}", String::from_utf8_lossy(&out.stderr).trim()),
        )));
    }
    Ok(file)
}

/// The branches to look at for `isms status --me`: local branches and
/// fetched remote branches, other than the base and `HEAD` aliases.
pub fn branches(root: &Path, base: &str) -> Vec<String> {
    let Ok(repo) = git2::Repository::discover(root) else {
        return Vec::new();
    };
    let base_id = repo.revparse_single(base).ok().map(|o| o.id());
    let mut out = Vec::new();
    if let Ok(list) = repo.branches(None) {
        for (b, _) in list.flatten() {
            let (Ok(Some(name)), Some(target)) = (b.name(), b.get().target()) else {
                continue;
            };
            if name.ends_with("/HEAD") || Some(target) == base_id || name == base {
                continue;
            }
            out.push(name.to_string());
        }
    }
    out.sort();
    out
}
