//! The stages of `isms check` in-process, with criterion, on the
//! organisation of the speed targets ([`Spec::ORGANISATION`]: 10,000 risks,
//! 5,000 assets, 1,000 people, 2,000 training records, 200 documents):
//! loading, building the input, turning it into a regorus value, evaluating
//! the rules as `isms` does (all cores, results collected), the same rules
//! evaluated by bare regorus on one core with nothing around them, and the
//! whole check.
//!
//! `cargo bench --bench stages` (add a criterion filter to run some:
//! `cargo bench --bench stages -- evaluate`); with `ISMS_BENCH_RULES=1` it
//! first prints the time of each rule package, slowest first.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use isms::rego::RuleSet;
use isms::testing::synth::{self, Spec};
use std::hint::black_box;
use std::time::Duration;

const NOW: &str = "2026-11-27";

/// The allocator of the `isms` binary, so the stages cost what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn stages(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        commits: 3,
        ..Spec::ORGANISATION
    };
    synth::history(dir.path(), &spec).unwrap();
    let root = dir.path();
    let ws = isms::workspace::load(root).unwrap();
    let input = isms::input::for_rules(isms::input::document(&ws, NOW), &ws);
    let mut rules = RuleSet::load(root, None, false).unwrap();
    let packages: Vec<String> = rules
        .rules
        .iter()
        .filter(|r| r.defines[0])
        .map(|r| format!("{}.deny", r.package))
        .collect();

    if std::env::var_os("ISMS_BENCH_RULES").is_some() {
        // One pass, time per rule package: where to look after a rule change.
        let engine = rules.engine_mut();
        engine.set_input(input.clone());
        let mut times: Vec<(Duration, &String)> = packages
            .iter()
            .map(|p| {
                let start = std::time::Instant::now();
                engine.eval_rule(p.clone()).unwrap();
                (start.elapsed(), p)
            })
            .collect();
        times.sort_by_key(|t| std::cmp::Reverse(t.0));
        for (t, p) in times {
            eprintln!("{:>8.1} ms  {p}", t.as_secs_f64() * 1000.0);
        }
    }

    let mut group = c.benchmark_group("organisation");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_secs(2));
    group.bench_function("load", |b| b.iter(|| isms::workspace::load(black_box(root)).unwrap()));
    group.bench_function("input (JSON, as isms input prints it)", |b| {
        b.iter(|| isms::input::build(black_box(&ws), NOW))
    });
    group.bench_function("input (regorus value, as the rules read it)", |b| {
        b.iter(|| isms::input::for_rules(isms::input::document(black_box(&ws), NOW), &ws))
    });
    group.bench_function("compile rules", |b| {
        b.iter(|| RuleSet::load(black_box(root), None, false).unwrap())
    });
    group.bench_function("evaluate (isms: compiled VM, all cores, results)", |b| {
        b.iter(|| rules.evaluate(black_box(input.clone()), |_| false).unwrap())
    });
    // Bare regorus interpreter: the same rules on the same input, one core,
    // results left as regorus values.
    let engine = rules.engine_mut();
    engine.set_input(input.clone());
    group.bench_function("evaluate (bare regorus, one core)", |b| {
        b.iter(|| {
            for p in &packages {
                black_box(engine.eval_rule(p.clone()).unwrap());
            }
        })
    });
    let now = isms::check::Date::parse(NOW).unwrap();
    group.bench_function("whole check", |b| {
        b.iter(|| isms::check::run(black_box(root), &now, &isms::check::Range::default()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
