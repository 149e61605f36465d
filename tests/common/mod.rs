//! Helpers for the integration tests: a scratch copy of an ISMS, edits to
//! it, and running the built `isms` binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

pub mod lab;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub const NOW: &str = "2026-11-27";

pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lumen")
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A scratch copy of the example ISMS.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    /// A copy of the example, committed as the first commit of a fresh git
    /// repository (the example's `trust_root = "HEAD"` takes it as the
    /// baseline). Edits made afterwards are not committed.
    pub fn example() -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&example(), dir.path());
        let s = Scratch { dir };
        s.commit_all("Baseline");
        s
    }

    /// Commits every file of the scratch folder (creating the repository
    /// on first use), unsigned, as a test author.
    pub fn commit_all(&self, message: &str) -> git2::Oid {
        let repo = git2::Repository::open(self.path())
            .or_else(|_| git2::Repository::init(self.path()))
            .unwrap();
        let mut index = repo.index().unwrap();
        index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let who = git2::Signature::now("Test", "test@example.invalid").unwrap();
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        repo.commit(Some("HEAD"), &who, &who, message, &tree, &parents).unwrap()
    }

    pub fn empty() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Replaces exactly one occurrence of `from` in a file.
    pub fn replace(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in {rel}");
        self.write(rel, text.replacen(from, to, 1))
    }

    pub fn append(&self, rel: &str, more: &str) -> &Self {
        let text = self.read(rel);
        self.write(rel, format!("{text}{more}"))
    }

    /// `isms check --format json --now NOW` plus `args`: (exit code, JSON).
    pub fn check(&self, args: &[&str]) -> (i32, Value) {
        check_at(self.path(), args)
    }
}

/// Runs a program in `dir` with no user or system git configuration and
/// `env` added, panicking with its output when it fails; returns stdout.
pub fn sh(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A new OpenPGP signing key for `uid` (algorithm `algo`, no passphrase,
/// no expiry) in the gpg home that `env` names: (fingerprint, armoured
/// public key).
pub fn gpg_key(dir: &Path, uid: &str, algo: &str, env: &[(&str, &str)]) -> (String, String) {
    let args = [
        "--batch",
        "--passphrase",
        "",
        "--quick-gen-key",
        uid,
        algo,
        "sign",
        "never",
    ];
    sh(dir, "gpg", &args, env);
    let listing = sh(dir, "gpg", &["--batch", "--with-colons", "--list-keys", uid], env);
    let fpr = listing
        .lines()
        .find_map(|l| l.strip_prefix("fpr:"))
        .map(|l| l.trim_matches(':').to_string())
        .unwrap();
    let armoured = sh(dir, "gpg", &["--batch", "--armor", "--export", &fpr], env);
    (fpr, armoured)
}

/// Runs `isms` with `args`, in `dir` when given: (exit code, stdout, stderr).
pub fn run(dir: Option<&Path>, args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("isms").unwrap();
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let out = cmd.args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

pub fn check_at(path: &Path, args: &[&str]) -> (i32, Value) {
    let out = Command::cargo_bin("isms")
        .unwrap()
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .args(if args.contains(&"--now") {
            &[][..]
        } else {
            &["--now", NOW][..]
        })
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), json)
}

/// The first finding of `rule` in a report (panics when there is none).
pub fn finding<'a>(json: &'a Value, rule: &str) -> &'a Value {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} finding in {json:#}"))
}

/// The unwaived findings as (rule, file, line, column) tuples.
pub fn findings(json: &Value) -> Vec<(String, String, u64, u64)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["waived"] == false)
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// The problems of a run that could not check: (code, file, line, column).
pub fn problems(json: &Value) -> Vec<(String, String, u64, u64)> {
    json["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems in {json:#}"))
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_string(),
                p["file"].as_str().unwrap_or("").to_string(),
                p["line"].as_u64().unwrap_or(0),
                p["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

pub fn t(rule: &str, file: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (rule.to_string(), file.to_string(), line, column)
}

/// xorshift64*: a small deterministic generator, so a failing random case
/// replays (the fuzz smoke test, the model-based test).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
