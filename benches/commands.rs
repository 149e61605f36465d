//! The speed targets, measured as a user meets them: the release `isms`
//! binary run as a process on synthetic repositories from [`isms::testing::synth`].
//! Wall time is the median of several runs; peak memory is the maximum
//! resident set size reported by GNU time (`/usr/bin/time`) when present.
//!
//! `cargo bench --bench commands` runs everything; name cases to run some
//! (`-- check pr`): `check` (the organisation: 10k risks, 5k assets, 1k
//! people, 2k training records, 200 documents), `scale` (1k, 10k, 100k
//! risks), `pr` (a pull request touching 3 files on 20,000 commits),
//! `audit` (20,000 SSH-signed commits, against `git verify-commit` and the
//! bare signature verifications), `openpgp` (2,003 gpg-signed commits,
//! against `sq-git log` when installed and `git log --format=%G?`),
//! `example` (the bundled example), `report` (the example's evidence pack,
//! and the organisation's), `adopt` (`isms adopt` on a folder of 500
//! documents and ten 5,000-row registers written as organisations keep
//! them).
//! `-- generate DIR [RISKS] [COMMITS]` (or `-- generate-openpgp DIR
//! [COMMITS]`) writes one repository to look at instead.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use isms::testing::synth::{self, Spec};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-27";

/// One command run `runs` times: (median wall time, peak RSS in MiB).
/// The binary measured: this build's, or `ISMS_BENCH_BINARY` (to compare
/// two builds on the same generated repositories).
fn binary() -> String {
    std::env::var("ISMS_BENCH_BINARY").unwrap_or_else(|_| env!("CARGO_BIN_EXE_isms").to_string())
}

/// Cold: every run without the caches under `.git/isms` (`ISMS_NO_CACHE`).
fn measure(dir: &Path, args: &[&str], runs: usize, expect: i32) -> (Duration, Option<f64>) {
    measure_with(dir, args, runs, expect, true)
}

/// Warm: one run fills the caches (verified commits, commit facts, the
/// walk, compiled rules, rule answers), then the runs measured use them.
fn measure_warm(dir: &Path, args: &[&str], runs: usize, expect: i32) -> (Duration, Option<f64>) {
    let _ = Command::new(binary())
        .args(args)
        .current_dir(dir)
        .env_remove("ISMS_NO_CACHE")
        .output();
    measure_with(dir, args, runs, expect, false)
}

/// How the caches under `.git/isms` stand for each run measured.
#[derive(Clone, Copy, PartialEq)]
enum Caches {
    /// Switched off (`ISMS_NO_CACHE`).
    Off,
    /// On but empty, as on a fresh runner: `.git/isms` removed before
    /// each run, so the run also works out and writes what it would keep.
    Fresh,
    /// On, as the runs before left them.
    Kept,
}

/// As a fresh runner runs it: the caches on but empty.
fn measure_fresh(dir: &Path, args: &[&str], runs: usize, expect: i32) -> (Duration, Option<f64>) {
    measure_each(dir, args, (runs, expect), Caches::Fresh)
}

fn measure_with(dir: &Path, args: &[&str], runs: usize, expect: i32, cold: bool) -> (Duration, Option<f64>) {
    measure_each(dir, args, (runs, expect), if cold { Caches::Off } else { Caches::Kept })
}

/// `runs` timed runs, each expected to exit with `expect`: (median wall
/// time, peak RSS in MiB).
fn measure_each(dir: &Path, args: &[&str], (runs, expect): (usize, i32), caches: Caches) -> (Duration, Option<f64>) {
    let empty = || {
        if caches == Caches::Fresh {
            let _ = std::fs::remove_dir_all(dir.join(".git/isms"));
        }
    };
    let mut times = Vec::with_capacity(runs);
    // One run not timed first: the files in the page cache, as on a runner
    // that has just checked them out (a repository the bench has just
    // written is still being flushed to disk).
    for run in 0..=runs {
        empty();
        let start = Instant::now();
        let mut cmd = Command::new(binary());
        cmd.args(args).current_dir(dir);
        if caches == Caches::Off {
            cmd.env("ISMS_NO_CACHE", "1");
        } else {
            cmd.env_remove("ISMS_NO_CACHE");
        }
        let out = cmd.output().unwrap();
        if run > 0 {
            times.push(start.elapsed());
        }
        assert_eq!(
            out.status.code(),
            Some(expect),
            "isms {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    times.sort();
    empty();
    (times[runs / 2], peak(dir, args, caches == Caches::Off))
}

/// Peak resident memory of one run, from GNU time's `%M` (KiB).
fn peak(dir: &Path, args: &[&str], cold: bool) -> Option<f64> {
    let mut cmd = Command::new("/usr/bin/time");
    cmd.args(["-f", "%M"]).arg(binary()).args(args).current_dir(dir);
    if cold {
        cmd.env("ISMS_NO_CACHE", "1");
    }
    let out = cmd.output().ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let kib: f64 = text.lines().last()?.trim().parse().ok()?;
    Some(kib / 1024.0)
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn mib(m: Option<f64>) -> String {
    m.map_or("—".into(), |m| format!("{m:.0} MiB"))
}

fn check_args() -> Vec<&'static str> {
    vec!["check", "--now", NOW, "--format", "json"]
}

fn organisation() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        commits: 3,
        ..Spec::ORGANISATION
    };
    synth::history(dir.path(), &spec).unwrap();
    let (wall, rss) = measure(dir.path(), &check_args(), 7, 0);
    println!(
        "| full check of the organisation (10k risks, 5k assets, 1k people, 2k training, 200 documents), cold | {} | {} | ≤ 200 ms, ≤ 300 MiB |",
        ms(wall),
        mib(rss)
    );
    let (wall, rss) = measure_fresh(dir.path(), &check_args(), 7, 0);
    println!(
        "| the same check as a fresh runner runs it (caches on, empty) | {} | {} | ≤ 200 ms, ≤ 300 MiB |",
        ms(wall),
        mib(rss)
    );
    let (wall, rss) = measure_warm(dir.path(), &check_args(), 7, 0);
    println!(
        "| the same check, warm (rule answers and compiled rules kept) | {} | {} | ≤ 200 ms, ≤ 300 MiB |",
        ms(wall),
        mib(rss)
    );
}

fn scale() {
    for risks in [1_000, 10_000, 100_000] {
        let dir = tempfile::tempdir().unwrap();
        let spec = Spec {
            commits: 3,
            ..Spec::scaled(risks)
        };
        synth::history(dir.path(), &spec).unwrap();
        let runs = if risks >= 100_000 { 3 } else { 7 };
        let (wall, rss) = measure(dir.path(), &check_args(), runs, 0);
        println!(
            "| check at {risks} risks ({} assets, {} people, {} training, {} documents) | {} | {} | {:.1} ms per 1k risks |",
            spec.assets,
            spec.people,
            spec.training,
            spec.documents,
            ms(wall),
            mib(rss),
            wall.as_secs_f64() * 1e6 / risks as f64
        );
    }
}

fn pull_request() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        commits: 20_000,
        ..Spec::ORGANISATION
    };
    let started = Instant::now();
    let history = synth::history(dir.path(), &spec).unwrap();
    let pr = synth::pull_request(dir.path(), &history).unwrap();
    // The first timed runs met 20,000 loose commits still being written out.
    repack(dir.path());
    eprintln!(
        "built {} commits and the pull request in {:.1} s (packed)",
        history.commits,
        started.elapsed().as_secs_f64()
    );
    let mut args = check_args();
    args.extend(["--base", "main"]);
    let (wall, rss) = measure(dir.path(), &args, 7, 0);
    println!(
        "| pull-request check (`--base main`, {} files changed) on {} commits, organisation size, cold | {} | {} | ≤ 200 ms |",
        pr.files.len(),
        history.commits,
        ms(wall),
        mib(rss)
    );
    let (wall, rss) = measure_fresh(dir.path(), &args, 7, 0);
    println!(
        "| the same pull-request check as a fresh runner runs it (caches on, empty) | {} | {} | ≤ 200 ms |",
        ms(wall),
        mib(rss)
    );
    let (wall, rss) = measure_warm(dir.path(), &args, 7, 0);
    println!(
        "| the same pull-request check, warm | {} | {} | ≤ 200 ms |",
        ms(wall),
        mib(rss)
    );
}

/// Packs the repository as a clone is: the generator writes loose objects.
fn repack(dir: &Path) {
    let packed = Command::new("git")
        .args(["repack", "-adq"])
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(packed.success());
}

fn audit() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        commits: 20_000,
        ..Spec::scaled(1_000)
    };
    let history = synth::history(dir.path(), &spec).unwrap();
    repack(dir.path());
    let (wall, rss) = measure(dir.path(), &["audit", "--format", "json"], 3, 0);
    println!(
        "| `isms audit` of {} SSH-signed commits, cold | {} | {} | {:.0} µs per commit |",
        history.signed,
        ms(wall),
        mib(rss),
        wall.as_secs_f64() * 1e6 / history.commits as f64
    );
    let (warm, rss) = measure_warm(dir.path(), &["audit", "--format", "json"], 3, 0);
    println!(
        "| the same audit, warm (verdict, commit-facts and walk caches) | {} | {} | {:.2}× the cold run |",
        ms(warm),
        mib(rss),
        warm.as_secs_f64() / wall.as_secs_f64()
    );
    // The bare cost: read each commit's signature and verify it, nothing else.
    let repo = git2::Repository::open(dir.path()).unwrap();
    let mut walk = repo.revwalk().unwrap();
    walk.push_head().unwrap();
    let ids: Vec<git2::Oid> = walk.map(Result::unwrap).collect();
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        for id in &ids {
            let (sig, payload) = repo.extract_signature(id, None).unwrap();
            let sig = ssh_key::SshSig::from_pem(&*sig).unwrap();
            let key = ssh_key::PublicKey::from(sig.public_key().clone());
            key.verify("git", &payload, &sig).unwrap();
        }
        best = best.min(start.elapsed());
    }
    println!(
        "| bare signature verification of the same commits (extract + ssh-key verify, one core) | {} | — | {:.0} µs per commit; audit is {:.2}× |",
        ms(best),
        best.as_secs_f64() * 1e6 / ids.len() as f64,
        wall.as_secs_f64() / best.as_secs_f64()
    );
    // git verify-commit, one process per commit as a shell loop does, over a
    // sample, with an allowed-signers file of the history's keys.
    let config = std::fs::read_to_string(dir.path().join("isms.toml")).unwrap();
    let allowed: String = config
        .lines()
        .filter_map(|l| l.strip_prefix("keys = [\"").and_then(|l| l.strip_suffix("\"]")))
        .map(|k| format!("* {k}\n"))
        .collect();
    let allowed_path = dir.path().join(".git/allowed_signers");
    std::fs::write(&allowed_path, allowed).unwrap();
    let sample = 200;
    let start = Instant::now();
    for id in ids.iter().take(sample) {
        let ok = Command::new("git")
            .current_dir(dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .arg("-c")
            .arg(format!("gpg.ssh.allowedSignersFile={}", allowed_path.display()))
            .args(["verify-commit", &id.to_string()])
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git verify-commit {id}");
    }
    let per = start.elapsed().as_secs_f64() / sample as f64;
    println!(
        "| `git verify-commit` loop ({sample} commits, extrapolated to {}) | {:.0} s | — | {:.1} ms per commit; isms audit is {:.0}× faster |",
        ids.len(),
        per * ids.len() as f64,
        per * 1e3,
        per * ids.len() as f64 / wall.as_secs_f64()
    );
}

/// `gpg` with its home in `home`, `stdin` fed, its stdout returned.
fn gpg(home: &Path, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = Command::new("gpg")
        .env("GNUPGHOME", home)
        .args([
            "--batch",
            "--quiet",
            "--no-tty",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
        ])
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("gpg is needed for the OpenPGP case (apt-get install gnupg)");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "gpg {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The synthetic history of `commits` commits (edits by an engineer, each
/// followed by the CISO's approval), signed with OpenPGP keys made by
/// `gpg` instead of SSH keys: every commit re-signed by `gpg
/// --detach-sign`, as `git commit -S` with `gpg.format=openpgp` signs; the
/// people's keys in `isms.toml` their armoured OpenPGP certificates; and
/// an `openpgp-policy.toml` (sequoia-git's policy) authorising the same
/// certificates in every commit. Returns the root commit, the trust root.
fn openpgp_history(dir: &Path, commits: usize) -> String {
    let spec = Spec {
        commits,
        ..Spec::scaled(1_000)
    };
    synth::history(dir, &spec).unwrap();
    let home = dir.join(".git/gnupg");
    std::fs::create_dir_all(&home).unwrap();
    let config = std::fs::read_to_string(dir.join("isms.toml")).unwrap();
    // One key per person with an SSH key, made for their first e-mail.
    let mut fingerprints = std::collections::HashMap::new();
    let mut email = String::new();
    let mut out = String::new();
    let certs = dir.join(".git/certs");
    std::fs::create_dir_all(&certs).unwrap();
    for line in config.lines() {
        if let Some(rest) = line.strip_prefix("emails = [\"") {
            email = rest.split('"').next().unwrap().to_string();
        }
        if line.starts_with("keys = [\"ssh-") {
            gpg(
                &home,
                &["--quick-gen-key", &format!("<{email}>"), "ed25519", "sign", "never"],
                b"",
            );
            let listing = String::from_utf8(gpg(&home, &["--with-colons", "--list-keys", &email], b"")).unwrap();
            let fpr = listing
                .lines()
                .find_map(|l| l.strip_prefix("fpr:::::::::"))
                .unwrap()
                .trim_end_matches(':')
                .to_string();
            let armoured = String::from_utf8(gpg(&home, &["--armor", "--export", &fpr], b"")).unwrap();
            std::fs::write(certs.join(format!("{fpr}.asc")), &armoured).unwrap();
            out.push_str(&format!("keys = ['''\n{armoured}''']\n"));
            fingerprints.insert(email.clone(), fpr);
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    // sequoia-git's policy: every certificate may sign commits.
    let policy = dir.join(".git/openpgp-policy.toml");
    if sq_git() {
        for (email, fpr) in &fingerprints {
            let ok = Command::new("sq-git")
                .current_dir(dir)
                .args(["policy", "authorize", "--policy-file"])
                .arg(&policy)
                .args(["--sign-commit", "--cert-file"])
                .arg(certs.join(format!("{fpr}.asc")))
                .arg(email)
                .output()
                .unwrap();
            assert!(
                ok.status.success(),
                "sq-git policy authorize: {}",
                String::from_utf8_lossy(&ok.stderr)
            );
        }
    }
    let repo = git2::Repository::open(dir).unwrap();
    let config_blob = repo.blob(out.as_bytes()).unwrap();
    let policy_blob = std::fs::read(&policy).ok().map(|p| repo.blob(&p).unwrap());
    let mut walk = repo.revwalk().unwrap();
    walk.push_head().unwrap();
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE).unwrap();
    let mut rewritten: std::collections::HashMap<git2::Oid, git2::Oid> = std::collections::HashMap::new();
    let mut head = None;
    for id in walk {
        let old = repo.find_commit(id.unwrap()).unwrap();
        let mut tree = repo.treebuilder(Some(&old.tree().unwrap())).unwrap();
        tree.insert("isms.toml", config_blob, 0o100644).unwrap();
        if let Some(blob) = policy_blob {
            tree.insert("openpgp-policy.toml", blob, 0o100644).unwrap();
        }
        let tree = repo.find_tree(tree.write().unwrap()).unwrap();
        let parents: Vec<git2::Commit<'_>> = old
            .parent_ids()
            .map(|p| repo.find_commit(rewritten[&p]).unwrap())
            .collect();
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let buffer = repo
            .commit_create_buffer(&old.author(), &old.committer(), old.message().unwrap(), &tree, &parents)
            .unwrap();
        let signer = &fingerprints[old.author().email().unwrap()];
        let signature = gpg(&home, &["--local-user", signer, "--armor", "--detach-sign"], &buffer);
        let new = repo
            .commit_signed(
                std::str::from_utf8(&buffer).unwrap(),
                std::str::from_utf8(&signature).unwrap(),
                None,
            )
            .unwrap();
        rewritten.insert(old.id(), new);
        head = Some(new);
    }
    let head = head.unwrap();
    repo.reference("refs/heads/main", head, true, "signed with OpenPGP")
        .unwrap();
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
    let mut walk = repo.revwalk().unwrap();
    walk.push_head().unwrap();
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE).unwrap();
    let root = walk.next().unwrap().unwrap().to_string();
    repack(dir);
    root
}

/// Whether `sq-git` is on the PATH (`cargo install sequoia-git`).
fn sq_git() -> bool {
    Command::new("sq-git")
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The median wall time of `runs` runs of `sq-git log --trust-root ROOT`,
/// each with its cache under `cache` (emptied before each run when `cold`).
fn sq_git_log(dir: &Path, root: &str, cache: &Path, runs: usize, cold: bool) -> Duration {
    let mut times = Vec::new();
    for _ in 0..runs {
        if cold {
            let _ = std::fs::remove_dir_all(cache);
        }
        // sq-git keeps its cache in the user's cache folder, which must exist.
        std::fs::create_dir_all(cache).unwrap();
        let start = Instant::now();
        let out = Command::new("sq-git")
            .current_dir(dir)
            .env("XDG_CACHE_HOME", cache)
            .args(["log", "--trust-root", root])
            .output()
            .unwrap();
        times.push(start.elapsed());
        assert!(
            out.status.success(),
            "sq-git log: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    times.sort();
    times[runs / 2]
}

/// 2,003 OpenPGP-signed commits: `isms audit` cold and warm, beside
/// `sq-git log` cold and warm on the same repository when sq-git is
/// installed, and `git log --format=%G?`.
fn openpgp() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let root = openpgp_history(dir.path(), 2_003);
    eprintln!(
        "signed 2,003 commits with gpg in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let args = ["audit", "--format", "json"];
    let (cold, rss) = measure(dir.path(), &args, 5, 0);
    let (warm, warm_rss) = measure_warm(dir.path(), &args, 5, 0);
    println!(
        "| `isms audit` of 2,003 OpenPGP-signed commits, cold | {} | {} | |",
        ms(cold),
        mib(rss)
    );
    println!(
        "| the same audit, warm | {} | {} | {:.2}× the cold run |",
        ms(warm),
        mib(warm_rss),
        warm.as_secs_f64() / cold.as_secs_f64()
    );
    if sq_git() {
        let cache = dir.path().join(".git/sq-git-cache");
        let sq_cold = sq_git_log(dir.path(), &root, &cache, 5, true);
        let sq_warm = sq_git_log(dir.path(), &root, &cache, 5, false);
        println!(
            "| `sq-git log --trust-root` of the same commits, cold | {} | — | isms cold is {:.2}× this (target ≤ 0.25×) |",
            ms(sq_cold),
            cold.as_secs_f64() / sq_cold.as_secs_f64()
        );
        println!(
            "| `sq-git log`, warm (its cache filled) | {} | — | isms warm is {:.2}× this (target ≤ 1×) |",
            ms(sq_warm),
            warm.as_secs_f64() / sq_warm.as_secs_f64()
        );
    } else {
        println!("| `sq-git log` | not installed | — | `cargo install sequoia-git` (benches/README.md) |");
    }
    let start = Instant::now();
    let out = Command::new("git")
        .current_dir(dir.path())
        .env("GNUPGHOME", dir.path().join(".git/gnupg"))
        .args(["log", "--format=%G?"])
        .output()
        .unwrap();
    let git_log = start.elapsed();
    let good = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| *l == "G")
        .count();
    assert_eq!(good, 2_003, "git log --format=%G? finds every signature good");
    println!(
        "| `git log --format=%G?` of the same commits | {} | — | isms cold is {:.0}× faster |",
        ms(git_log),
        git_log.as_secs_f64() / cold.as_secs_f64()
    );
}

/// The bundled example, checked in a repository of its own (one commit):
/// the ≤ 30 ms target.
fn example() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lumen");
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("lumen");
    let copy = Command::new("cp").arg("-r").arg(&example).arg(&repo).status().unwrap();
    assert!(copy.success());
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.org",
            "commit",
            "-qm",
            "example",
        ],
    ] {
        assert!(
            Command::new("git")
                .args(args)
                .current_dir(&repo)
                .status()
                .unwrap()
                .success()
        );
    }
    let (wall, rss) = measure(&repo, &check_args(), 11, 0);
    println!(
        "| `isms check` of the bundled example (17 documents, 13 registers), cold | {} | {} | ≤ 30 ms |",
        ms(wall),
        mib(rss)
    );
    // A re-run (the pre-commit hook on the next commit): the rules compiled
    // for the VM are taken from `.git/isms/rules`.
    let (wall, rss) = measure_warm(&repo, &check_args(), 11, 0);
    println!(
        "| `isms check` of the bundled example, warm (compiled rules kept) | {} | {} | ≤ 30 ms |",
        ms(wall),
        mib(rss)
    );
}

/// `isms report` of the bundled example: the evidence pack's size and time.
fn report() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lumen");
    let dir = tempfile::tempdir().unwrap();
    for (format, file) in [("html", "evidence.html"), ("markdown", "evidence.md")] {
        let out = dir.path().join(file);
        let args = [
            "report",
            "--now",
            NOW,
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ];
        let (wall, rss) = measure(&example, &args, 7, 0);
        let size = std::fs::metadata(&out).unwrap().len();
        println!(
            "| `isms report --format {format}` of the example ISMS | {} | {} | {:.0} KB; < 1 s, < 1 MB |",
            ms(wall),
            mib(rss),
            size as f64 / 1024.0
        );
    }
    // The organisation: 10,000 risks, history walked once.
    let org = tempfile::tempdir().unwrap();
    let spec = Spec {
        commits: 3,
        ..Spec::ORGANISATION
    };
    synth::history(org.path(), &spec).unwrap();
    let out = dir.path().join("organisation.html");
    let args = ["report", "--now", NOW, "--out", out.to_str().unwrap()];
    let (wall, rss) = measure(org.path(), &args, 5, 0);
    println!(
        "| `isms report` of the organisation (10k risks) | {} | {} | {:.0} KB; ≤ 3 s |",
        ms(wall),
        mib(rss),
        std::fs::metadata(&out).unwrap().len() as f64 / 1024.0
    );
}

fn main() {
    // `generate DIR [RISKS] [COMMITS]`: write a repository to look at.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    if let [cmd, dir, rest @ ..] = &args[..] {
        if cmd == "generate-openpgp" {
            let commits = rest.first().and_then(|s| s.parse().ok()).unwrap_or(2_003);
            let root = openpgp_history(Path::new(dir), commits);
            println!("{commits} OpenPGP-signed commits in {dir}, trust root {root}");
            return;
        }
        if cmd == "generate-adopt" {
            // The adoption case's folder, to profile `isms adopt` on.
            std::fs::create_dir_all(dir).unwrap();
            adoption_folder(Path::new(dir));
            println!("500 documents and ten 5,000-row registers in {dir}: isms adopt --organisation \"Bench Ltd\"");
            return;
        }
        if cmd == "generate-pr" {
            // The pull-request case: the organisation on 20,000 commits and
            // a branch changing three governed files.
            let spec = Spec {
                commits: 20_000,
                ..Spec::ORGANISATION
            };
            let history = synth::history(Path::new(dir), &spec).unwrap();
            let pr = synth::pull_request(Path::new(dir), &history).unwrap();
            repack(Path::new(dir));
            println!(
                "{} commits and a pull request changing {} files in {dir}: isms check --base main",
                history.commits,
                pr.files.len()
            );
            return;
        }
        if cmd == "generate" {
            let n = |i: usize, d: usize| rest.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
            let spec = Spec {
                commits: n(1, 3),
                ..if rest.is_empty() {
                    Spec::ORGANISATION
                } else {
                    Spec::scaled(n(0, 10_000))
                }
            };
            let history = synth::history(Path::new(dir), &spec).unwrap();
            println!("{spec:?}: {} commits in {dir}", history.commits);
            return;
        }
    }
    let cases: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let run = |name: &str| cases.is_empty() || cases.iter().any(|c| c == name);
    println!("| case | wall (median) | peak memory | target / note |");
    println!("|---|---:|---:|---|");
    if run("example") {
        example();
    }
    if run("check") {
        organisation();
    }
    if run("scale") {
        scale();
    }
    if run("pr") {
        pull_request();
    }
    if run("audit") {
        audit();
    }
    if run("openpgp") {
        openpgp();
    }
    if run("report") {
        report();
    }
    if run("adopt") {
        adopt();
    }
}

/// A folder as an organisation keeps its ISMS, without isms.toml: 500
/// Markdown documents in the shapes adopt reads (YAML front matter, a
/// Word-style control table, a control sentence, none at all; some with
/// a table) and ten CSV registers of 5,000 rows each, in spreadsheet
/// words (ISO 27005 risk columns, role titles as owners, `dd/mm/yyyy`
/// dates, levels as words).
fn adoption_folder(dir: &Path) {
    use std::fmt::Write as _;
    let roles = [
        "Head of IT",
        "Practice manager",
        "CISO",
        "Operations Director",
        "HR Manager",
        "Finance Director",
        "Compliance Manager",
        "Head of Engineering",
    ];
    let levels = ["Low", "Medium", "High", "Very High"];
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    for i in 0..500 {
        let role = roles[i % roles.len()];
        let (rel, text) = match i % 5 {
            0 => (
                format!("docs/policies/policy-{i:03}.md"),
                format!(
                    "---\ntitle: Topic policy {i}\nowner: {role}\nstatus: approved\napproved_by: Managing Director\neffective_date: 2026-0{}-1{}\nnext_review: 2027-0{}-01\n---\n# Topic policy {i}\n\n## Purpose\n\nWhy this policy exists and what it protects.\n\n## Policy\n\nStaff must lock screens, use the password manager and report incidents.\n",
                    1 + i % 9,
                    i % 10,
                    1 + i % 9
                ),
            ),
            1 => (
                format!("procedures/HF-PRO-{i:03} Procedure {i}.md"),
                format!(
                    "# Procedure {i}\n\n| Document ID | HF-PRO-{i:03} |\n|---|---|\n| Version | 1.{} |\n| Owner | {role} |\n| Approved by | Managing Director |\n| Date approved | {:02}/0{}/2026 |\n| Next review | {:02}/0{}/2027 |\n\n## 1. Purpose\n\nHow the team does step {i}.\n\n## 2. Steps\n\n1. Do this.\n2. Then that.\n",
                    i % 7,
                    1 + i % 28,
                    1 + i % 9,
                    1 + i % 28,
                    1 + i % 9
                ),
            ),
            2 => (
                format!("records/record-{i:03}.md"),
                format!(
                    "# Record {i}\n\nVersion 2.0, approved by the Board on {} March 2026. Next review March 2027.\n\nWhat happened, who attended, what was decided.\n",
                    1 + i % 28
                ),
            ),
            3 => {
                let mut t = format!("# Guide {i}\n\nA guide for staff.\n\n| Step | Who | When |\n|---|---|---|\n");
                for r in 0..8 {
                    writeln!(t, "| Step {r} | {role} | Week {r} |").unwrap();
                }
                (format!("guides/guide-{i:03}.md"), t)
            }
            _ => (
                format!("notes/note-{i:03}.md"),
                format!(
                    "# Note {i}\n\nPlain notes without any metadata. See [the guide](../guides/guide-{:03}.md).\n",
                    i - 1
                ),
            ),
        };
        write(&rel, &text);
    }
    let date = |i: usize| format!("{:02}/{:02}/2026", 1 + i % 28, 1 + i % 12);
    // Path, header, the row of record i.
    type Register<'a> = (&'a str, String, Box<dyn Fn(usize) -> String>);
    let mut registers: Vec<Register> = Vec::new();
    registers.push((
        "registers/risk_register.csv",
        "risk_id,asset,threat,vulnerability,existing_controls,risk_owner,likelihood,impact,risk_score,risk_level,treatment_option,control_reference,residual_likelihood,residual_impact,residual_score,reviewed_on,status,notes".into(),
        Box::new(move |i| {
            let (l, im) = (1 + i % 5, 1 + (i / 5) % 5);
            format!(
                "R-{i:05},System {},Threat {},Weakness {},\"Screen lock, backups\",{},{l},{im},{},{},Treat,A.8.{},1,{im},{im},{},Open,",
                i % 300,
                i % 40,
                i % 70,
                roles[i % roles.len()],
                l * im,
                levels[(l * im / 7).min(3)],
                1 + i % 34,
                date(i)
            )
        }),
    ));
    registers.push((
        "registers/asset_register.csv",
        "asset_id,asset_name,asset_type,owner,classification,location,notes".into(),
        Box::new(move |i| {
            format!(
                "AS-{i:05},Asset {i},Hardware,{},Internal,Site {},",
                roles[i % roles.len()],
                i % 9
            )
        }),
    ));
    registers.push((
        "registers/training_log.csv",
        "employee_no,course,date_completed,next_due,score,status".into(),
        Box::new(move |i| {
            format!(
                "E{:04},Security awareness,{},{},9{},Passed",
                i % 900,
                date(i),
                date(i + 3),
                i % 10
            )
        }),
    ));
    registers.push((
        "registers/incident_log.csv",
        "incident_id,date_reported,summary,severity,reported_by,closed_on".into(),
        Box::new(move |i| {
            format!(
                "INC-{i:05},{},Incident {i},{},{},{}",
                date(i),
                levels[i % 3],
                roles[i % roles.len()],
                date(i + 1)
            )
        }),
    ));
    registers.push((
        "registers/change_log.csv",
        "Change ref,Description,Requested by,Approved by,Date,Outcome".into(),
        Box::new(move |i| {
            format!(
                "CHG-{i:05},Change {i},{},{},{},Done",
                roles[i % roles.len()],
                roles[(i + 1) % roles.len()],
                date(i)
            )
        }),
    ));
    registers.push((
        "registers/supplier_list.csv",
        "Supplier ref,Supplier name,Service,Criticality,Contract end,Last security review".into(),
        Box::new(move |i| {
            format!(
                "SUP-{i:05},Supplier {i},Service {},{},{},{}",
                i % 50,
                levels[i % 3],
                date(i),
                date(i + 5)
            )
        }),
    ));
    registers.push((
        "registers/users.csv",
        "Username,Full name,Job title,Department,Active".into(),
        Box::new(move |i| {
            format!(
                "user{i},Person {i},{},Dept {},{}",
                roles[i % roles.len()],
                i % 12,
                if i % 9 == 0 { "No" } else { "Yes" }
            )
        }),
    ));
    registers.push((
        "registers/audit_findings.csv",
        "Finding No.,Finding,Grade,Action agreed,Owner,Due,Status".into(),
        Box::new(move |i| {
            format!(
                "F-{i:05},Finding {i},Minor,Fix it,{},{},Open",
                roles[i % roles.len()],
                date(i)
            )
        }),
    ));
    registers.push((
        "registers/access_reviews.csv",
        "Review ID,System,Reviewer,Date,Accounts reviewed,Accounts removed".into(),
        Box::new(move |i| {
            format!(
                "AR-{i:05},System {},{},{},{},{}",
                i % 30,
                roles[i % roles.len()],
                date(i),
                10 + i % 90,
                i % 4
            )
        }),
    ));
    registers.push((
        "registers/vulnerability_log.csv",
        "Vuln ID,Asset,CVE,Severity,Found,Fixed".into(),
        Box::new(move |i| {
            format!(
                "V-{i:05},AS-{:05},CVE-2026-{:05},{},{},{}",
                i % 5000,
                i,
                levels[i % 4],
                date(i),
                date(i + 2)
            )
        }),
    ));
    for (rel, header, row) in registers {
        let mut text = header + "\n";
        for i in 0..5_000 {
            text.push_str(&row(i));
            text.push('\n');
        }
        write(rel, &text);
    }
}

/// `isms adopt` of the adoption folder: the ≤ 1 s target. Each run starts
/// without isms.toml (adopt never overwrites one).
fn adopt() {
    let dir = tempfile::tempdir().unwrap();
    adoption_folder(dir.path());
    let args = ["adopt", "--organisation", "Bench Ltd"];
    let config = dir.path().join("isms.toml");
    let mut times = Vec::new();
    for run in 0..=7 {
        let _ = std::fs::remove_file(&config);
        let start = Instant::now();
        let out = Command::new(binary())
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        if run > 0 {
            times.push(start.elapsed());
        }
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    }
    times.sort();
    let _ = std::fs::remove_file(&config);
    let rss = peak(dir.path(), &args, false);
    println!(
        "| `isms adopt` of 500 documents and ten 5,000-row registers | {} | {} | ≤ 1 s |",
        ms(times[times.len() / 2]),
        mib(rss)
    );
    // What it read, and the check of what it wrote (not timed against a
    // target: the folder's findings are many by design).
    let text = std::fs::read_to_string(&config).unwrap_or_default();
    let registers = text.matches("[[register]]").count();
    let (wall, rss) = measure(
        dir.path(),
        &["check", "--no-history", "--now", NOW, "--format", "json"],
        3,
        1,
    );
    println!(
        "| `isms check` of that folder as adopted ({registers} registers mapped) | {} | {} | — |",
        ms(wall),
        mib(rss)
    );
}
