//! A lab for approval tests: the example ISMS in a real git repository
//! whose designated signers have SSH keys made by `ssh-keygen`, commits
//! made and signed by the real `git`.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use super::{Scratch, findings, sh};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const RISKS: &str = "registers/risks.csv";

/// A finding as (rule, file, line, column).
pub type Found = (String, String, u64, u64);

/// People of the example who sign in these tests: id, e-mail, the unique
/// `roles = …` line of their `[[person]]` entry.
pub const SIGNERS: &[(&str, &str, &str)] = &[
    (
        "priya",
        "priya.raman@lumen-health.example",
        "roles = [\"ciso\", \"dpo\"]",
    ),
    ("lena", "lena.vogel@lumen-health.example", "roles = [\"cto\"]"),
    (
        "maya",
        "maya.okafor@lumen-health.example",
        "github = \"mokafor\"\nroles = [\"ceo\"]",
    ),
    (
        "omar",
        "omar.haddad@lumen-health.example",
        "github = \"ohaddad\"\nroles = [\"engineer\"]",
    ),
];

/// An SSH key pair made by `ssh-keygen`: (private key file, public line).
pub fn keygen(dir: &Path, name: &str) -> (PathBuf, String) {
    let path = dir.join(name);
    sh(
        dir,
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            name,
            "-f",
            path.to_str().unwrap(),
        ],
        &[],
    );
    let public = std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap();
    (path, public.trim().to_string())
}

/// The example ISMS in a git repository whose signers have SSH keys; its
/// last commit (unsigned) is the base of each test's change.
pub struct Lab {
    pub s: Scratch,
    pub keys_dir: tempfile::TempDir,
    pub keys: HashMap<&'static str, (PathBuf, String)>,
}

impl Lab {
    pub fn new() -> Lab {
        let s = Scratch::example();
        let keys_dir = tempfile::tempdir().unwrap();
        let mut keys = HashMap::new();
        for (id, _, roles) in SIGNERS {
            let (private, public) = keygen(keys_dir.path(), id);
            s.replace("isms.toml", roles, &format!("{roles}\nkeys = [\"{public}\"]"));
            keys.insert(*id, (private, public));
        }
        keys.insert("stranger", keygen(keys_dir.path(), "stranger"));
        let lab = Lab { s, keys_dir, keys };
        // The day of adoption: the baseline (the trust root `HEAD` pins it)
        // holds the designated signers' keys.
        sh(lab.path(), "git", &["add", "-A"], &[]);
        sh(
            lab.path(),
            "git",
            &[
                "commit",
                "-q",
                "--amend",
                "-m",
                "Baseline with the designated signers' keys",
            ],
            &[
                ("GIT_AUTHOR_NAME", "Maya"),
                ("GIT_AUTHOR_EMAIL", "maya.okafor@lumen-health.example"),
                ("GIT_COMMITTER_NAME", "Maya"),
                ("GIT_COMMITTER_EMAIL", "maya.okafor@lumen-health.example"),
            ],
        );
        lab
    }

    pub fn path(&self) -> &Path {
        self.s.path()
    }

    pub fn email(id: &str) -> String {
        SIGNERS
            .iter()
            .find(|s| s.0 == id)
            .map_or_else(|| format!("{id}@elsewhere.example"), |s| s.1.to_string())
    }

    /// Stages everything and commits as `author`, signed by `signer`.
    pub fn commit(&self, author: &str, signer: Option<&str>, message: &str) -> String {
        self.commit_as(&Lab::email(author), signer, message)
    }

    pub fn commit_as(&self, email: &str, signer: Option<&str>, message: &str) -> String {
        sh(self.path(), "git", &["add", "-A"], &[]);
        let key = signer.map(|s| self.keys[s].0.to_str().unwrap().to_string());
        let mut args = vec!["-c", "gpg.format=ssh", "commit", "-q", "--allow-empty", "-m", message];
        let flag = key.as_ref().map(|k| format!("--gpg-sign={k}"));
        if let Some(f) = &flag {
            args.push(f);
        }
        let env = [
            ("GIT_AUTHOR_NAME", "Someone"),
            ("GIT_AUTHOR_EMAIL", email),
            ("GIT_COMMITTER_NAME", "Someone"),
            ("GIT_COMMITTER_EMAIL", email),
        ];
        sh(self.path(), "git", &args, &env);
        self.head()
    }

    /// Folds the working copy into the baseline commit (which must still
    /// be `HEAD`): the day of adoption.
    pub fn amend_baseline(&self) {
        self.amend_baseline_with("maya", None);
    }

    /// [`Lab::amend_baseline`], committed and signed by `person`.
    pub fn amend_baseline_as(&self, person: &str) {
        self.amend_baseline_with(person, Some(person));
    }

    fn amend_baseline_with(&self, person: &str, signer: Option<&str>) {
        sh(self.path(), "git", &["add", "-A"], &[]);
        let email = Lab::email(person);
        let key = signer.map(|s| format!("--gpg-sign={}", self.keys[s].0.to_str().unwrap()));
        let mut args = vec![
            "-c",
            "gpg.format=ssh",
            "commit",
            "-q",
            "--amend",
            "--no-edit",
            "--reset-author",
        ];
        if let Some(k) = &key {
            args.push(k);
        }
        let env = [
            ("GIT_AUTHOR_NAME", person),
            ("GIT_AUTHOR_EMAIL", email.as_str()),
            ("GIT_COMMITTER_NAME", person),
            ("GIT_COMMITTER_EMAIL", email.as_str()),
        ];
        sh(self.path(), "git", &args, &env);
    }

    pub fn head(&self) -> String {
        sh(self.path(), "git", &["rev-parse", "HEAD"], &[]).trim().to_string()
    }

    /// Pins the trust root at the current head, as an approved change of
    /// `isms.toml` (Omar makes it, Maya and Priya approve it, all signed);
    /// returns the root.
    pub fn pin_trust_root(&self) -> String {
        let root = self.head();
        self.s.replace(
            "isms.toml",
            "trust_root = \"HEAD\"",
            &format!("trust_root = \"{root}\""),
        );
        self.commit("omar", Some("omar"), "Pin the trust root");
        self.commit("maya", Some("maya"), "Approve");
        self.commit("priya", Some("priya"), "Approve");
        root
    }

    /// Retitles risk R-001: a change to the governed risk register.
    pub fn edit_risks(&self, n: u32) {
        let text = self.s.read(RISKS);
        let lines: Vec<String> = text
            .lines()
            .map(|l| match l.strip_prefix("R-001,") {
                Some(rest) => format!(
                    "R-001,Ransomware encrypts data ({n}),{}",
                    rest.split_once(',').unwrap().1
                ),
                None => l.to_string(),
            })
            .collect();
        self.s.write(RISKS, lines.join("\n") + "\n");
    }

    /// Gives R-001 the score 9 where likelihood × impact is 8, which the
    /// built-in ISMS-RISK-002 reports.
    pub fn misscore_first_risk(&self) {
        let text = self.s.read(RISKS).replacen(",2,4,8,Medium,", ",2,4,9,Medium,", 1);
        self.s.write(RISKS, text);
    }

    /// `isms check --base BASE`: exit code and the approval findings as
    /// (rule, file, line, column).
    pub fn judge(&self, base: &str) -> (i32, Vec<Found>, serde_json::Value) {
        let (code, json) = self.s.check(&["--base", base]);
        let found = findings(&json)
            .into_iter()
            .filter(|f| f.0.starts_with("ISMS-APPROVAL"))
            .collect();
        (code, found, json)
    }
}

pub fn messages(json: &serde_json::Value, rule: &str) -> Vec<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}
