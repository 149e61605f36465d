//! How `isms check` grows with register size: generates ISMS repositories
//! with 1,000, 10,000 and 100,000 risks (and half as many assets) and times
//! each stage in-process. Run with `cargo bench --bench scale`; pass sizes
//! as arguments to choose others (`cargo bench --bench scale -- 5000`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use isms::rego::RuleSet;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

fn generate(dir: &Path, risks: usize) {
    let assets = risks / 2;
    let mut toml = String::from(
        "[organisation]\nname = \"Scale Ltd\"\n\n[roles.ceo]\nname = \"CEO\"\ntop_management = true\n\n[roles.ciso]\nname = \"CISO\"\n\n",
    );
    for i in 0..50 {
        let role = if i == 0 { "ceo" } else { "ciso" };
        writeln!(
            toml,
            "[[person]]\nid = \"p{i}\"\nname = \"Person {i}\"\nroles = [\"{role}\"]\n"
        )
        .unwrap();
    }
    toml.push_str("[[register]]\nkind = \"risks\"\npath = \"risks.csv\"\n\n[[register]]\nkind = \"assets\"\npath = \"assets.csv\"\n\n[documents]\npaths = [\"docs/*.md\"]\n");
    std::fs::write(dir.join("isms.toml"), toml).unwrap();
    let mut csv = String::from("id,title,owner,assets,likelihood,impact,score,treatment,controls,last_reviewed\n");
    for i in 0..risks {
        let (l, m) = (i % 5 + 1, (i / 5) % 5 + 1);
        writeln!(
            csv,
            "R-{i:06},Risk number {i},p{},AS-{:06},{l},{m},{},mitigate,\"A.5.{}, A.8.{}\",2026-06-01",
            i % 50,
            i % assets.max(1),
            l * m,
            i % 37 + 1,
            i % 34 + 1
        )
        .unwrap();
    }
    std::fs::write(dir.join("risks.csv"), csv).unwrap();
    let mut csv = String::from("id,name,type,owner,classification,criticality\n");
    for i in 0..assets {
        writeln!(csv, "AS-{i:06},Asset {i},information,CISO,internal,medium").unwrap();
    }
    std::fs::write(dir.join("assets.csv"), csv).unwrap();
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(
        dir.join("docs/policy.md"),
        "+++\nid = \"POL-1\"\ntitle = \"Policy\"\ntype = \"information-security-policy\"\nstatus = \"approved\"\napproved_by = \"p0\"\napproved_on = 2026-06-01\n+++\n# Policy\n",
    )
    .unwrap();
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.unwrap())
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 100_000]
    } else {
        sizes
    };
    println!(
        "| risks | assets | load | input | input to Rego value | evaluate | whole check | findings | per 1k risks |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), n);
        let runs = if n >= 100_000 { 2 } else { 5 };
        let (load, ws) = best_of(runs, || {
            isms::workspace::load(dir.path()).expect("generated ISMS loads")
        });
        let (input_t, input) = best_of(runs, || isms::input::build(&ws, "2026-11-27"));
        let (convert, _) = best_of(runs, || regorus::Value::from(input.clone()));
        let mut rules = RuleSet::load(dir.path(), None, false).unwrap();
        let (eval, raws) = best_of(runs, || rules.evaluate(input.clone(), |_| false).unwrap());
        let (whole, outcome) = best_of(runs, || {
            isms::check::run(dir.path(), "2026-11-27", &isms::check::Range::default()).unwrap()
        });
        assert_eq!(raws.len(), outcome.findings.len());
        if std::env::var_os("ISMS_BENCH_RULES").is_some() {
            let packages: Vec<String> = rules.rules.iter().map(|r| r.package.clone()).collect();
            let engine = rules.engine_mut();
            engine.set_input(regorus::Value::from(input.clone()));
            for p in packages {
                let start = Instant::now();
                let _ = engine.eval_rule(format!("{p}.deny"));
                eprintln!("  {p}.deny: {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
            }
        }
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
        println!(
            "| {n} | {} | {} | {} | {} | {} | {} | {} | {:.2} ms |",
            n / 2,
            ms(load),
            ms(input_t),
            ms(convert),
            ms(eval),
            ms(whole),
            outcome.findings.len(),
            whole.as_secs_f64() * 1000.0 / (n as f64 / 1000.0)
        );
    }
}
