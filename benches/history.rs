//! Audit of a long signed history: builds a repository of N commits in a
//! temporary folder (every other commit changes a governed file, the next is
//! its SSH-signed approval), then times `isms`'s whole-history audit
//! in-process against a `git verify-commit` loop over a sample of the same
//! commits (one process per commit, as a shell loop would), extrapolated.
//!
//! `cargo bench --bench history` (10,000 commits) or `-- N [SAMPLE]`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let n = args.first().copied().unwrap_or(10_000);
    let sample = args.get(1).copied().unwrap_or(300).min(n);
    let dir = tempfile::tempdir().unwrap();
    let key_path = dir.path().join("alice");
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "alice", "-f"])
        .arg(&key_path)
        .status()
        .unwrap();
    assert!(status.success());
    let private = ssh_key::PrivateKey::from_openssh(std::fs::read_to_string(&key_path).unwrap()).unwrap();
    let public = std::fs::read_to_string(dir.path().join("alice.pub"))
        .unwrap()
        .trim()
        .to_string();

    let repo_dir = dir.path().join("repo");
    let repo = git2::Repository::init(&repo_dir).unwrap();
    let config = format!(
        "[organisation]\nname = \"Bench Ltd\"\n\n[roles.ciso]\nname = \"CISO\"\ntop_management = true\n\n\
         [roles.engineer]\nname = \"Engineer\"\n\n\
         [[person]]\nid = \"alice\"\nname = \"Alice\"\nemails = [\"alice@example.invalid\"]\nroles = [\"ciso\"]\nkeys = [\"{public}\"]\n\n\
         [[person]]\nid = \"bob\"\nname = \"Bob\"\nemails = [\"bob@example.invalid\"]\nroles = [\"engineer\"]\n\n\
         [[approval]]\nname = \"data\"\npaths = [\"data/**\"]\nroles = [\"ciso\"]\n\n[documents]\npaths = []\n"
    );
    let started = Instant::now();
    let config_blob = repo.blob(config.as_bytes()).unwrap();
    let mut parent: Option<git2::Oid> = None;
    let alice = git2::Signature::new("Alice", "alice@example.invalid", &git2::Time::new(1_700_000_000, 0)).unwrap();
    let bob = git2::Signature::new("Bob", "bob@example.invalid", &git2::Time::new(1_700_000_000, 0)).unwrap();
    for i in 0..n {
        let change = i % 2 == 0;
        let content = format!("version {}\n", i / 2);
        let data = repo.blob(content.as_bytes()).unwrap();
        let mut sub = repo.treebuilder(None).unwrap();
        sub.insert("file.txt", data, 0o100644).unwrap();
        let sub = sub.write().unwrap();
        let mut root = repo.treebuilder(None).unwrap();
        root.insert("isms.toml", config_blob, 0o100644).unwrap();
        root.insert("data", sub, 0o040000).unwrap();
        let tree = repo.find_tree(root.write().unwrap()).unwrap();
        let parents: Vec<git2::Commit<'_>> = parent.iter().map(|p| repo.find_commit(*p).unwrap()).collect();
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let who = if change { &bob } else { &alice };
        let message = if change {
            format!("Change {}", i / 2)
        } else {
            format!("Approve change {}", i / 2)
        };
        let buf = repo
            .commit_create_buffer(who, who, &message, &tree, &parent_refs)
            .unwrap();
        let id = if change {
            repo.odb().unwrap().write(git2::ObjectType::Commit, &buf).unwrap()
        } else {
            let sig = ssh_key::SshSig::sign(&private, "git", ssh_key::HashAlg::Sha512, &buf).unwrap();
            let pem = sig.to_pem(ssh_key::LineEnding::LF).unwrap();
            repo.commit_signed(std::str::from_utf8(&buf).unwrap(), &pem, None)
                .unwrap()
        };
        parent = Some(id);
    }
    repo.reference("refs/heads/main", parent.unwrap(), true, "bench")
        .unwrap();
    repo.set_head("refs/heads/main").unwrap();
    println!(
        "built {n} commits ({} signed) in {:.1} s",
        n / 2,
        started.elapsed().as_secs_f64()
    );

    let mut best = f64::MAX;
    let mut versions = 0;
    for _ in 0..3 {
        let mut r = isms::history::Repo::discover(&repo_dir).unwrap().unwrap();
        let t = Instant::now();
        let report = isms::history::audit(&mut r, None, &mut |_, _| {}, None).unwrap();
        best = best.min(t.elapsed().as_secs_f64());
        versions = report.judgements.len();
        assert_eq!(report.judgements.iter().filter(|j| j.approved).count(), versions);
        assert_eq!(
            report
                .commits
                .iter()
                .filter(|c| c.signature.signer() == Some("alice"))
                .count(),
            n / 2
        );
    }
    println!(
        "isms audit (in-process, best of 3): {n} commits, {versions} versions, all approved: {:.2} s ({:.1} µs per commit)",
        best,
        best * 1e6 / n as f64
    );

    let mut r = isms::history::Repo::discover(&repo_dir).unwrap().unwrap();
    let t = Instant::now();
    let state = isms::history::state(&mut r, None).unwrap();
    println!(
        "isms check's current-state judgement (no trust root, whole history walked): {:.2} s, {} version(s) judged",
        t.elapsed().as_secs_f64(),
        state.judgements.len()
    );

    let allowed = dir.path().join("allowed_signers");
    std::fs::write(&allowed, format!("alice@example.invalid {public}\n")).unwrap();
    let ids: Vec<String> = {
        let mut walk = repo.revwalk().unwrap();
        walk.push_head().unwrap();
        walk.filter_map(Result::ok).map(|o| o.to_string()).collect()
    };
    let signed: Vec<&String> = ids.iter().step_by(1).take(sample).collect();
    let t = Instant::now();
    let mut good = 0;
    for id in &signed {
        if verify(&repo_dir, &allowed, id) {
            good += 1;
        }
    }
    let per = t.elapsed().as_secs_f64() / signed.len() as f64;
    println!(
        "git verify-commit loop: {} commits in {:.2} s ({:.1} ms per commit, {good} good); extrapolated to {n}: {:.0} s",
        signed.len(),
        per * signed.len() as f64,
        per * 1e3,
        per * n as f64
    );
}

fn verify(repo: &Path, allowed: &Path, id: &str) -> bool {
    Command::new("git")
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .arg("-c")
        .arg(format!("gpg.ssh.allowedSignersFile={}", allowed.display()))
        .args(["verify-commit", id])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}
