//! The bounded fuzz smoke that `cargo test` (and so CI) runs: every fuzz
//! target of `fuzz/` replays its committed seeds and its regressions (the
//! inputs that once crashed it), then a few thousand deterministic
//! mutations of them (bit flips, byte insertions and deletions, splices,
//! truncations, repeated chunks). The coverage-guided runs with `cargo fuzz`
//! are for longer sessions (see `fuzz/README.md`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Rng;
use isms::config::Format;
use std::path::Path;

/// Mutations per target: enough to reach the error paths of each parser in
/// well under a second.
const MUTATIONS: usize = 3_000;

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.below(seeds.len())].clone();
    for _ in 0..=rng.below(4) {
        let len = data.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                let b = b"\0\n\r\"',:;[]{}<>-+=#|\\\t *&!%@`~\xef\xbb\xbf\xff"[rng.below(33)];
                data.insert(i, b);
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below(16).min(len - i);
                data.drain(i..i + n);
            }
            3 => {
                // Splice a chunk of another seed in.
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + rng.below(64)).min(other.len());
                    let at = rng.below(len + 1);
                    data.splice(at..at, other[a..b].iter().copied());
                }
            }
            4 if len > 0 => data.truncate(rng.below(len)),
            5 if len > 0 => {
                // Repeat a chunk: nesting, long lines, many records.
                let a = rng.below(len);
                let b = (a + rng.below(32)).min(len);
                let chunk = data[a..b].to_vec();
                for _ in 0..rng.below(50) {
                    data.splice(a..a, chunk.iter().copied());
                }
            }
            _ if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.next() as u8;
            }
            _ => data.push(rng.next() as u8),
        }
    }
    data
}

fn files(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn smoke(target: &str, run: impl Fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let seeds = files(&fuzz.join("seeds").join(target));
    assert!(!seeds.is_empty(), "no seeds for {target}");
    for input in seeds.iter().chain(&files(&fuzz.join("regressions").join(target))) {
        run(input);
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ target.len() as u64);
    for n in 0..MUTATIONS {
        let input = mutate(&mut rng, &seeds);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&input)));
        if outcome.is_err() {
            let out = std::env::temp_dir().join(format!("isms-fuzz-{target}-{n}"));
            std::fs::write(&out, &input).unwrap();
            panic!("{target} panicked on mutation {n}; the input is in {}", out.display());
        }
    }
}

#[test]
fn front_matter() {
    smoke("front_matter", isms::testing::fuzzing::front_matter);
}

#[test]
fn register_csv() {
    smoke("register_csv", |d| isms::testing::fuzzing::register(Format::Csv, d));
}

#[test]
fn register_yaml() {
    smoke("register_yaml", |d| isms::testing::fuzzing::register(Format::Yaml, d));
}

#[test]
fn register_json() {
    smoke("register_json", |d| isms::testing::fuzzing::register(Format::Json, d));
}

#[test]
fn register_markdown() {
    smoke("register_markdown", |d| {
        isms::testing::fuzzing::register(Format::Markdown, d)
    });
}

#[test]
fn register_toml() {
    smoke("register_toml", |d| isms::testing::fuzzing::register(Format::Toml, d));
}

#[test]
fn config() {
    smoke("config", isms::testing::fuzzing::config);
}

#[test]
fn signature() {
    smoke("signature", isms::testing::fuzzing::signature);
}

#[test]
fn public_keys() {
    smoke("public_keys", isms::testing::fuzzing::public_keys);
}
