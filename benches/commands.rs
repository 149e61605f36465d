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
//! bare signature verifications), `report` (the example's evidence pack,
//! and the organisation's).
//! `-- generate DIR [RISKS] [COMMITS]`
//! writes one repository to look at instead.
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

/// Cold: every run without the verified-commit cache (`ISMS_NO_CACHE`).
fn measure(dir: &Path, args: &[&str], runs: usize, expect: i32) -> (Duration, Option<f64>) {
    measure_with(dir, args, runs, expect, true)
}

/// Warm: one run fills the verified-commit cache, then the runs measured
/// use it.
fn measure_warm(dir: &Path, args: &[&str], runs: usize, expect: i32) -> (Duration, Option<f64>) {
    let _ = Command::new(binary())
        .args(args)
        .current_dir(dir)
        .env_remove("ISMS_NO_CACHE")
        .output();
    measure_with(dir, args, runs, expect, false)
}

fn measure_with(dir: &Path, args: &[&str], runs: usize, expect: i32, cold: bool) -> (Duration, Option<f64>) {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let mut cmd = Command::new(binary());
        cmd.args(args).current_dir(dir);
        if cold {
            cmd.env("ISMS_NO_CACHE", "1");
        } else {
            cmd.env_remove("ISMS_NO_CACHE");
        }
        let out = cmd.output().unwrap();
        times.push(start.elapsed());
        assert_eq!(
            out.status.code(),
            Some(expect),
            "isms {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    times.sort();
    (times[runs / 2], peak(dir, args, cold))
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
        "| full check of the organisation (10k risks, 5k assets, 1k people, 2k training, 200 documents) | {} | {} | ≤ 1 s, ≤ 300 MB |",
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
    eprintln!(
        "built {} commits and the pull request in {:.1} s",
        history.commits,
        started.elapsed().as_secs_f64()
    );
    let mut args = check_args();
    args.extend(["--base", "main"]);
    let (wall, rss) = measure(dir.path(), &args, 7, 0);
    println!(
        "| pull-request check (`--base main`, {} files changed) on {} commits, organisation size | {} | {} | ≤ 200 ms |",
        pr.files.len(),
        history.commits,
        ms(wall),
        mib(rss)
    );
}

fn audit() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        commits: 20_000,
        ..Spec::scaled(1_000)
    };
    let history = synth::history(dir.path(), &spec).unwrap();
    // Packed, as a clone is: the generator writes loose objects.
    let packed = Command::new("git")
        .args(["repack", "-adq"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(packed.success());
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
    if run("report") {
        report();
    }
}
