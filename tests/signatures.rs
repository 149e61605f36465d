//! Differential test of signature verification against real git: commits
//! signed by `git commit -S` with keys from `ssh-keygen` and `gpg`; for every
//! commit, the verdict of `isms audit` equals what `git log --format=%G?`
//! says with the same keys (allowed signers file, GnuPG keyring).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs a program with a private HOME and no user git configuration.
    fn run(&self, cwd: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> String {
        let home = self.dir.path().to_str().unwrap();
        let mut all = vec![("HOME", home)];
        all.extend_from_slice(env);
        common::sh(cwd, program, args, &all)
    }

    /// A new folder gpg accepts as its home (private to its owner).
    fn gnupg_home(&self, name: &str) -> PathBuf {
        let home = self.path(name);
        std::fs::create_dir_all(&home).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        home
    }

    fn ssh_key(&self, name: &str, kind: &[&str]) -> (String, String) {
        let path = self.path(name);
        let mut args = vec!["-q", "-N", "", "-C", name, "-f", path.to_str().unwrap()];
        args.extend_from_slice(kind);
        self.run(self.dir.path(), "ssh-keygen", &args, &[]);
        let public = std::fs::read_to_string(self.path(&format!("{name}.pub"))).unwrap();
        (path.to_str().unwrap().to_string(), public.trim().to_string())
    }

    /// A GnuPG home with one new key: (home, fingerprint, armoured public key).
    fn gpg_key(&self, name: &str, algo: &str) -> (String, String, String) {
        let home = self.gnupg_home(&format!("gnupg-{name}"));
        let home_s = home.to_str().unwrap().to_string();
        let uid = format!("{name} <{name}@example.invalid>");
        let env = [
            ("HOME", self.dir.path().to_str().unwrap()),
            ("GNUPGHOME", home_s.as_str()),
        ];
        let (fpr, armoured) = common::gpg_key(self.dir.path(), &uid, algo, &env);
        (home_s, fpr, armoured)
    }
}

/// How a test commit is signed.
enum Sign<'a> {
    Ssh(&'a str),
    Gpg(&'a str, &'a str),
    /// With a `gpg.program` (a wrapper that fakes gpg's clock).
    GpgVia(&'a str, &'a str, &'a str),
    No,
}

#[test]
fn verdicts_match_git_verify_commit() {
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
    };
    let (ed, ed_pub) = env.ssh_key("ssh-ed25519", &["-t", "ed25519"]);
    let (ec, ec_pub) = env.ssh_key("ssh-ecdsa", &["-t", "ecdsa", "-b", "256"]);
    let (rsa, rsa_pub) = env.ssh_key("ssh-rsa", &["-t", "rsa", "-b", "2048"]);
    let (stranger, _) = env.ssh_key("ssh-stranger", &["-t", "ed25519"]);
    let (g_ed, g_ed_fpr, g_ed_pub) = env.gpg_key("gpged", "ed25519");
    let (g_rsa, g_rsa_fpr, g_rsa_pub) = env.gpg_key("gpgrsa", "rsa2048");
    let (g_ec, g_ec_fpr, g_ec_pub) = env.gpg_key("gpgec", "nistp256");
    let (g_x, g_x_fpr, _) = env.gpg_key("gpgstranger", "ed25519");
    // A key that signs with a signing subkey.
    let (g_sub, g_sub_fpr, _) = env.gpg_key("gpgsub", "ed25519");
    env.run(
        env.dir.path(),
        "gpg",
        &[
            "--batch",
            "--passphrase",
            "",
            "--quick-add-key",
            &g_sub_fpr,
            "ed25519",
            "sign",
            "never",
        ],
        &[("GNUPGHOME", g_sub.as_str())],
    );
    let g_sub_pub = env.run(
        env.dir.path(),
        "gpg",
        &["--batch", "--armor", "--export", &g_sub_fpr],
        &[("GNUPGHOME", g_sub.as_str())],
    );
    // A key that expired before it signed: made on 2020-01-01, signing on
    // 2020-01-05 (gpg's faked clock, through a gpg.program wrapper), then
    // given a two-day lifetime by a newer self-signature.
    let (g_old, g_old_fpr) = {
        let home = env.gnupg_home("gnupg-expired");
        let h = home.to_str().unwrap().to_string();
        let gpg_at = |when: &str, args: &[&str]| {
            let mut all = vec!["--batch", "--passphrase", "", "--faked-system-time", when];
            all.extend_from_slice(args);
            env.run(env.dir.path(), "gpg", &all, &[("GNUPGHOME", h.as_str())])
        };
        gpg_at(
            "20200101T000000",
            &[
                "--quick-gen-key",
                "old <old@example.invalid>",
                "ed25519",
                "sign",
                "never",
            ],
        );
        let listing = gpg_at(
            "20200101T000000",
            &["--with-colons", "--list-keys", "old@example.invalid"],
        );
        let fpr = listing
            .lines()
            .find_map(|l| l.strip_prefix("fpr:"))
            .map(|l| l.trim_matches(':').to_string())
            .unwrap();
        (h, fpr)
    };
    // The configuration's copy of that key carries the two-day lifetime: a
    // second home imports the secret key and re-signs with the expiry.
    let g_old_pub = {
        let home = env.gnupg_home("gnupg-expiring");
        let h2 = home.to_str().unwrap().to_string();
        let secret = env.run(
            env.dir.path(),
            "gpg",
            &[
                "--batch",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                "",
                "--armor",
                "--export-secret-keys",
                &g_old_fpr,
            ],
            &[("GNUPGHOME", g_old.as_str())],
        );
        std::fs::write(env.path("old-secret.asc"), secret).unwrap();
        let secret_path = env.path("old-secret.asc");
        let base = ["--batch", "--pinentry-mode", "loopback", "--passphrase", ""];
        let mut import = base.to_vec();
        import.extend(["--import", secret_path.to_str().unwrap()]);
        env.run(env.dir.path(), "gpg", &import, &[("GNUPGHOME", h2.as_str())]);
        let mut expire = base.to_vec();
        expire.extend([
            "--faked-system-time",
            "20200101T000100",
            "--quick-set-expire",
            &g_old_fpr,
            "2d",
        ]);
        env.run(env.dir.path(), "gpg", &expire, &[("GNUPGHOME", h2.as_str())]);
        env.run(
            env.dir.path(),
            "gpg",
            &["--batch", "--armor", "--export", &g_old_fpr],
            &[("GNUPGHOME", h2.as_str())],
        )
    };
    let wrapper = env.path("gpg-2020-01-05");
    std::fs::write(
        &wrapper,
        "#!/bin/sh\nexec gpg --faked-system-time 20200105T000000 \"$@\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // A key whose owner has revoked it: the configuration (a key file in the
    // repository) and the oracle's keyring hold the revocation; the signing
    // home still signs with it.
    let (g_rv, g_rv_fpr, g_rv_pub) = env.gpg_key("gpgrevoked", "ed25519");
    let revoked_pub = {
        let cert = std::fs::read_to_string(Path::new(&g_rv).join(format!("openpgp-revocs.d/{g_rv_fpr}.rev")))
            .unwrap()
            .replace(":-----BEGIN", "-----BEGIN");
        let home = env.gnupg_home("gnupg-revoking");
        let h = home.to_str().unwrap();
        for (name, text) in [("pub.asc", g_rv_pub.as_str()), ("rev.asc", cert.as_str())] {
            std::fs::write(env.path(name), text).unwrap();
            env.run(
                env.dir.path(),
                "gpg",
                &["--batch", "--import", env.path(name).to_str().unwrap()],
                &[("GNUPGHOME", h)],
            );
        }
        env.run(
            env.dir.path(),
            "gpg",
            &["--batch", "--armor", "--export", &g_rv_fpr],
            &[("GNUPGHOME", h)],
        )
    };

    let repo = env.path("repo");
    std::fs::create_dir_all(repo.join("data")).unwrap();
    std::fs::create_dir_all(repo.join("keys")).unwrap();
    std::fs::write(repo.join("keys/sam-old.asc"), &revoked_pub).unwrap();
    let toml_str = |s: &str| s.replace('\n', "\\n");
    std::fs::write(
        repo.join("isms.toml"),
        format!(
            "[organisation]\nname = \"Diff Ltd\"\n\n[roles.ciso]\nname = \"CISO\"\ntop_management = true\n\n\
             [[person]]\nid = \"sam\"\nname = \"Sam\"\nemails = [\"sam@example.invalid\"]\nroles = [\"ciso\"]\n\
             keys = [\"{ed_pub}\", \"{ec_pub}\", \"{rsa_pub}\", \"{}\", \"{}\", \"{}\", \"keys/sam-old.asc\", \"{}\", \"{}\"]\n\n\
             [[approval]]\npaths = [\"data/**\"]\nroles = [\"ciso\"]\n\n[documents]\npaths = []\n",
            toml_str(&g_ed_pub),
            toml_str(&g_rsa_pub),
            toml_str(&g_ec_pub),
            toml_str(&g_sub_pub),
            toml_str(&g_old_pub)
        ),
    )
    .unwrap();
    env.run(&repo, "git", &["init", "-q"], &[]);
    let who = [
        ("GIT_AUTHOR_NAME", "Sam"),
        ("GIT_AUTHOR_EMAIL", "sam@example.invalid"),
        ("GIT_COMMITTER_NAME", "Sam"),
        ("GIT_COMMITTER_EMAIL", "sam@example.invalid"),
    ];
    let mut n = 0;
    let mut commit = |sign: Sign<'_>| -> String {
        n += 1;
        std::fs::write(repo.join("data/file.txt"), format!("{n}\n")).unwrap();
        env.run(&repo, "git", &["add", "-A"], &who);
        let message = format!("change {n}");
        let mut args: Vec<String> = Vec::new();
        let mut extra_env: Vec<(&str, &str)> = who.to_vec();
        match &sign {
            Sign::Ssh(key) => {
                args.extend(["-c".into(), "gpg.format=ssh".into()]);
                args.extend([
                    "commit".into(),
                    "-q".into(),
                    "-m".into(),
                    message,
                    format!("--gpg-sign={key}"),
                ]);
            }
            Sign::Gpg(home, fpr) => {
                extra_env.push(("GNUPGHOME", home));
                args.extend([
                    "commit".into(),
                    "-q".into(),
                    "-m".into(),
                    message,
                    format!("--gpg-sign={fpr}"),
                ]);
            }
            Sign::GpgVia(program, home, fpr) => {
                extra_env.push(("GNUPGHOME", home));
                args.extend(["-c".into(), format!("gpg.program={program}")]);
                args.extend([
                    "commit".into(),
                    "-q".into(),
                    "-m".into(),
                    message,
                    format!("--gpg-sign={fpr}"),
                ]);
            }
            Sign::No => args.extend(["commit".into(), "-q".into(), "-m".into(), message]),
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.run(&repo, "git", &args, &extra_env);
        env.run(&repo, "git", &["rev-parse", "HEAD"], &[]).trim().to_string()
    };
    commit(Sign::No);
    commit(Sign::Ssh(&ed));
    commit(Sign::Ssh(&ec));
    commit(Sign::Ssh(&rsa));
    commit(Sign::Ssh(&stranger));
    commit(Sign::Gpg(&g_ed, &g_ed_fpr));
    commit(Sign::Gpg(&g_rsa, &g_rsa_fpr));
    commit(Sign::Gpg(&g_ec, &g_ec_fpr));
    commit(Sign::Gpg(&g_x, &g_x_fpr));
    commit(Sign::Gpg(&g_rv, &g_rv_fpr));
    commit(Sign::Gpg(&g_sub, &g_sub_fpr));
    commit(Sign::GpgVia(wrapper.to_str().unwrap(), &g_old, &g_old_fpr));
    commit(Sign::No);
    // Tampered: a signed commit's message rewritten, the signature kept.
    for sign in [Sign::Ssh(&ed), Sign::Gpg(&g_ed, &g_ed_fpr)] {
        commit(sign);
        let raw = env
            .run(&repo, "git", &["cat-file", "commit", "HEAD"], &[])
            .replace("change ", "tampered change ");
        std::fs::write(env.path("forged"), raw).unwrap();
        let forged = env.path("forged");
        let id = env.run(
            &repo,
            "git",
            &["hash-object", "-t", "commit", "-w", forged.to_str().unwrap()],
            &[],
        );
        env.run(&repo, "git", &["reset", "-q", "--soft", id.trim()], &[]);
    }

    // The oracle: git with the same keys — an allowed signers file and a
    // keyring holding only the configured OpenPGP keys, fully trusted.
    let allowed = env.path("allowed_signers");
    std::fs::write(
        &allowed,
        [&ed_pub, &ec_pub, &rsa_pub]
            .iter()
            .map(|k| format!("sam@example.invalid {k}\n"))
            .collect::<String>(),
    )
    .unwrap();
    let verify_home = env.gnupg_home("gnupg-verify");
    let vh = verify_home.to_str().unwrap();
    for key in [&g_ed_pub, &g_rsa_pub, &g_ec_pub, &revoked_pub, &g_sub_pub, &g_old_pub] {
        let file = env.path("import.asc");
        std::fs::write(&file, key).unwrap();
        env.run(
            &repo,
            "gpg",
            &["--batch", "--import", file.to_str().unwrap()],
            &[("GNUPGHOME", vh)],
        );
    }
    // Ultimate owner trust, so that gpg reports a good signature as G, not
    // "good but of unknown validity".
    let trust = env.path("ownertrust");
    std::fs::write(
        &trust,
        format!("{g_ed_fpr}:6:\n{g_rsa_fpr}:6:\n{g_ec_fpr}:6:\n{g_sub_fpr}:6:\n{g_old_fpr}:6:\n"),
    )
    .unwrap();
    env.run(
        &repo,
        "gpg",
        &["--batch", "--import-ownertrust", trust.to_str().unwrap()],
        &[("GNUPGHOME", vh)],
    );
    let log = env.run(
        &repo,
        "git",
        &[
            "-c",
            &format!("gpg.ssh.allowedSignersFile={}", allowed.to_str().unwrap()),
            "log",
            "--format=%H %G?",
        ],
        &[("GNUPGHOME", vh)],
    );
    let git: BTreeMap<String, &str> = log
        .lines()
        .map(|l| {
            let (id, code) = l.split_once(' ').unwrap();
            let word = match code {
                "G" => "good",
                "B" => "bad",
                // U: SSH, good signature, no principal; E: OpenPGP, no key.
                "U" | "E" => "unknown-key",
                "N" => "unsigned",
                "R" => "revoked",
                "Y" => "expired",
                other => panic!("unexpected %G? {other} for {id}"),
            };
            (id.to_string(), word)
        })
        .collect();

    let (code, out, err) = common::run(Some(&repo), &["audit", "--format", "json"]);
    assert!(code == 0 || code == 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let isms: BTreeMap<String, &str> = json["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["signature"]["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(isms, git);
    // Every outcome is represented.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in git.values() {
        *counts.entry(v).or_default() += 1;
    }
    assert_eq!(
        counts,
        BTreeMap::from([
            ("bad", 2),
            ("expired", 1),
            ("good", 7),
            ("revoked", 1),
            ("unknown-key", 2),
            ("unsigned", 2)
        ])
    );
}
