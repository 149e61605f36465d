//! The caches under `.git/isms` (verified commits, commit facts, the last
//! walk, compiled rules, rule answers): a warm run judges exactly as a cold one, a
//! damaged or foreign cache is ignored and rebuilt, and `ISMS_NO_CACHE`
//! leaves them out.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Scratch;
use common::lab::Lab;

/// `isms ARGS` in `dir`, with or without the caches: (exit code, stdout).
fn isms(dir: &std::path::Path, args: &[&str], no_cache: bool) -> (Option<i32>, String) {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("isms"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1");
    if no_cache {
        cmd.env("ISMS_NO_CACHE", "1");
    } else {
        cmd.env_remove("ISMS_NO_CACHE");
    }
    let out = cmd.output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

fn audit(lab: &Lab, no_cache: bool) -> String {
    isms(lab.path(), &["audit", "--format", "json"], no_cache).1
}

#[test]
fn a_warm_run_judges_as_a_cold_one_and_a_damaged_cache_is_rebuilt() {
    let lab = Lab::new();
    for n in 1..=3 {
        lab.edit_risks(n);
        lab.commit("omar", Some("omar"), &format!("Edit {n}"));
        lab.commit("priya", Some("priya"), &format!("Approve {n}"));
    }
    // A commit signed with a key nobody holds, and a tampered one.
    lab.commit("omar", Some("stranger"), "Signed by a stranger");
    let cache = lab.path().join(".git/isms/verified");
    assert!(!cache.exists());

    let uncached = audit(&lab, true);
    assert!(!cache.exists(), "ISMS_NO_CACHE writes no cache");
    let cold = audit(&lab, false);
    assert_eq!(cold, uncached);
    let written = std::fs::read(&cache).unwrap();
    assert!(written.starts_with(b"isms-verified-cache v2 isms "));
    // Seven signed commits verified, each against its parent's ring; the
    // unsigned ones are not kept.
    let all = common::sh(lab.path(), "git", &["rev-list", "HEAD"], &[]);
    let (signed, unsigned): (Vec<&str>, Vec<&str>) = all
        .lines()
        .partition(|c| common::sh(lab.path(), "git", &["cat-file", "commit", c], &[]).contains("\ngpgsig "));
    assert_eq!(signed.len(), 7);
    for c in &signed {
        assert_eq!(occurrences(&written, &raw(c)), 1, "{c} kept once");
    }
    for c in &unsigned {
        assert_eq!(occurrences(&written, &raw(c)), 0, "{c} is unsigned");
    }
    for status in ["good", "unknown-key"] {
        assert!(cold.contains(&format!("\"status\": \"{status}\"")), "{cold}");
    }

    let warm = audit(&lab, false);
    assert_eq!(warm, cold, "a warm run judges as a cold one");
    assert_eq!(std::fs::read(&cache).unwrap(), written, "nothing new to write");

    // Damaged (cut short, or with bytes after its end): ignored, the
    // verdicts worked out again, the file rebuilt.
    let header_len = written.iter().position(|b| *b == b'\n').unwrap() + 1;
    for damaged in [
        written[..written.len() - 3].to_vec(),
        [&written[..], b"x"].concat(),
        [&written[..header_len], b"not postcard"].concat(),
    ] {
        std::fs::write(&cache, damaged).unwrap();
        assert_eq!(audit(&lab, false), cold);
        assert_eq!(std::fs::read(&cache).unwrap(), written);
    }
    // Another version's cache: ignored and replaced.
    std::fs::write(
        &cache,
        [
            b"isms-verified-cache v1 isms 0.1.0".as_slice(),
            &written[header_len - 1..],
        ]
        .concat(),
    )
    .unwrap();
    assert_eq!(audit(&lab, false), cold);
    assert_eq!(std::fs::read(&cache).unwrap(), written);
}

#[test]
fn commit_facts_are_read_from_git_once_and_a_damaged_or_foreign_facts_cache_is_rebuilt() {
    let lab = Lab::new();
    for n in 1..=2 {
        lab.edit_risks(n);
        lab.commit("omar", Some("omar"), &format!("Edit {n}"));
        lab.commit("priya", Some("priya"), &format!("Approve {n}"));
    }
    let facts = lab.path().join(".git/isms/facts");
    let uncached = audit(&lab, true);
    assert!(!facts.exists(), "ISMS_NO_CACHE writes no cache");
    let cold = audit(&lab, false);
    assert_eq!(cold, uncached);
    let written = std::fs::read(&facts).unwrap();
    let header_len = written.iter().position(|b| *b == b'\n').unwrap() + 1;
    let header = String::from_utf8(written[..header_len - 1].to_vec()).unwrap();
    // Every commit walked (after the trust root, the adoption commit) is
    // kept once, under a header naming the ISMS's place.
    assert!(header.starts_with("isms-facts-cache v3 isms "), "{header}");
    assert!(header.ends_with("prefix \"\""), "{header}");
    let all = common::sh(lab.path(), "git", &["rev-list", "--first-parent", "HEAD"], &[]);
    let all: Vec<&str> = all.lines().collect();
    let (root, walked) = all.split_last().unwrap();
    assert_eq!(walked.len(), 4);
    // Each commit is kept once and named once more as its child's parent;
    // the head has no child, the trust root only a child.
    for (n, c) in walked.iter().enumerate() {
        assert_eq!(occurrences(&written, &raw(c)), if n == 0 { 1 } else { 2 }, "{c}");
    }
    assert_eq!(occurrences(&written, &raw(root)), 1, "the trust root is not walked");
    assert_eq!(audit(&lab, false), cold, "a warm run judges as a cold one");
    assert_eq!(std::fs::read(&facts).unwrap(), written, "nothing new to write");

    // A damaged cache is read from git again and rebuilt whole.
    for damaged in [
        written[..written.len() - 1].to_vec(),
        [&written[..header_len], b"not postcard"].concat(),
    ] {
        std::fs::write(&facts, damaged).unwrap();
        assert_eq!(audit(&lab, false), cold);
        assert_eq!(std::fs::read(&facts).unwrap(), written);
    }
    // A cache for the ISMS at another place in the repository (its paths
    // would be other paths): ignored and replaced.
    let elsewhere = header.replacen("prefix \"\"", "prefix \"isms/\"", 1);
    std::fs::write(&facts, [elsewhere.as_bytes(), &written[header_len - 1..]].concat()).unwrap();
    assert_eq!(audit(&lab, false), cold);
    assert_eq!(std::fs::read(&facts).unwrap(), written);
}

/// The 20 bytes of a commit id written in hex.
fn raw(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

/// How often `needle` occurs in `bytes`.
fn occurrences(bytes: &[u8], needle: &[u8]) -> usize {
    bytes.windows(needle.len()).filter(|w| *w == needle).count()
}

/// The walk of the history is kept too, keyed by the head, the commits
/// hidden and what could make git see another history (the shallow cut,
/// grafts): a shallow clone is still refused, and after `git fetch
/// --unshallow` its audit is the whole history's; a new commit is a new
/// walk; a walk kept by another version is ignored.
#[test]
fn a_kept_walk_is_never_taken_for_another_history() {
    let lab = Lab::new();
    for n in 1..=3 {
        lab.edit_risks(n);
        lab.commit("omar", Some("omar"), &format!("Edit {n}"));
        lab.commit("priya", Some("priya"), &format!("Approve {n}"));
    }
    let full = audit(&lab, true);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", lab.path().display());
    common::sh(clone.path(), "git", &["clone", "-q", "--depth", "2", &url, "c"], &[]);
    let c = clone.path().join("c");
    let run = |dir: &std::path::Path| isms(dir, &["audit", "--format", "json"], false);
    let (code, cut) = run(&c);
    assert_eq!(code, Some(2), "a shallow clone cannot be audited: {cut}");
    assert!(cut.contains("git::shallow"), "{cut}");
    common::sh(&c, "git", &["fetch", "-q", "--unshallow"], &[]);
    let (code, whole) = run(&c);
    assert_eq!(code, Some(0), "{whole}");
    assert_eq!(whole, full, "after unshallowing, the whole history");

    // A new commit: a new walk, which has it.
    lab.edit_risks(9);
    lab.commit("omar", Some("omar"), "Edit 9");
    let warm = audit(&lab, false);
    assert_eq!(warm, audit(&lab, true));
    assert!(warm.contains("Edit 9"), "{warm}");
    let walk = lab.path().join(".git/isms/walk");
    let kept = std::fs::read(&walk).unwrap();
    let key = kept.split(|b| *b == b'\n').nth(1).unwrap();
    let key = String::from_utf8(key.to_vec()).unwrap();
    assert!(key.starts_with(&format!("walk {}", lab.head())), "{key}");
    // The walk's commits, 20 bytes each, head last.
    let ids = &kept[kept.len() - 20..];
    assert_eq!(ids, raw(&lab.head()).as_slice());
    let older = [b"isms-facts-cache v2".as_slice(), &kept["isms-facts-cache v3".len()..]].concat();
    std::fs::write(&walk, older).unwrap();
    assert_eq!(audit(&lab, false), warm);
    assert_eq!(std::fs::read(&walk).unwrap(), kept, "rewritten");
    // Cut short (by a byte, or by a whole commit) or run on: not a walk,
    // read from git again.
    for damaged in [
        kept[..kept.len() - 1].to_vec(),
        kept[..kept.len() - 20].to_vec(),
        [&kept[..], &raw(&lab.head())].concat(),
    ] {
        std::fs::write(&walk, damaged).unwrap();
        assert_eq!(audit(&lab, false), warm);
        assert_eq!(std::fs::read(&walk).unwrap(), kept, "rewritten");
    }
}

/// `isms check --format json` of a scratch ISMS: (exit code, stdout).
fn check(s: &Scratch, no_cache: bool) -> (Option<i32>, String) {
    check_with(s, no_cache, &[])
}

fn check_with(s: &Scratch, no_cache: bool, args: &[&str]) -> (Option<i32>, String) {
    let check = ["check", "--format", "json", "--now", common::NOW];
    isms(s.path(), &[&check[..], args].concat(), no_cache)
}

/// The check of `s` run uncached writes no `.git/isms/<name>`; run cold it
/// checks alike and writes that file, beginning with `header`; run warm it
/// checks alike again. The file's path, the cold check, and the file as
/// the cold run wrote it (read before the warm run).
fn kept_alike(s: &Scratch, name: &str, header: &[u8]) -> (std::path::PathBuf, (Option<i32>, String), Vec<u8>) {
    let kept = s.path().join(".git/isms").join(name);
    let uncached = check(s, true);
    assert!(!kept.exists(), "ISMS_NO_CACHE writes no cache");
    let cold = check(s, false);
    assert_eq!(cold, uncached);
    let written = std::fs::read(&kept).unwrap();
    assert!(written.starts_with(header));
    assert_eq!(check(s, false), cold, "a warm run checks as a cold one");
    (kept, cold, written)
}

/// The compiled rules (`.git/isms/rules`) are taken only for the very
/// sources they were compiled from: the built-in pack alone (checking the
/// working tree or, as the pre-commit hook does, the index), then with an
/// organisation rule, then with that rule edited, each checks as an
/// uncached run does; a damaged program or another version's file is
/// ignored and rewritten.
#[test]
fn kept_compiled_rules_serve_only_the_very_rules_they_were_compiled_from() {
    let s = Scratch::example();
    let (kept, _, pack) = kept_alike(&s, "rules", b"isms-rules-cache v1 isms ");
    assert_eq!(std::fs::read(&kept).unwrap(), pack, "nothing new to write");
    // The pre-commit hook checks a copy of the index, and keeps the rules
    // in the repository all the same.
    std::fs::remove_file(&kept).unwrap();
    let staged = check_with(&s, false, &["--staged"]);
    assert_eq!(staged, check_with(&s, true, &["--staged"]));
    assert_eq!(std::fs::read(&kept).unwrap(), pack);
    assert_eq!(check_with(&s, false, &["--staged"]), staged);

    // An organisation rule, then the same rule finding something else.
    s.replace("isms.toml", "[rules]\n", "[rules]\ncustom = \"rules\"\n");
    let rule = |level: &str| {
        format!(
            "# METADATA\n# title: Assets are classified\n# custom:\n#   id: LUMEN-009\n\
             package lumen.classified\n\n\
             warn contains {{\"msg\": sprintf(\"asset %s is {level}\", [a.id]), \"register\": \"assets\", \"record\": a.id, \"field\": \"criticality\"}} if {{\n\
             \tsome a in input.registers.assets\n\ta.criticality == \"{level}\"\n}}\n"
        )
    };
    s.write("rules/classified.rego", rule("critical"));
    let first = check(&s, false);
    assert_eq!(first, check(&s, true));
    assert!(first.1.contains("is critical"), "{}", first.1);
    let with_rule = std::fs::read(&kept).unwrap();
    assert_ne!(with_rule, pack, "another set of rules, another program");
    assert_eq!(check(&s, false), first);

    s.write("rules/classified.rego", rule("high"));
    let second = check(&s, false);
    assert_eq!(second, check(&s, true), "the edited rule, not the kept program");
    assert!(
        second.1.contains("is high") && !second.1.contains("is critical"),
        "{}",
        second.1
    );
    let edited = std::fs::read(&kept).unwrap();
    assert_ne!(edited, with_rule);

    // A damaged program: ignored, compiled again, the file rewritten.
    let mut damaged = edited.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 0x55;
    std::fs::write(&kept, &damaged).unwrap();
    assert_eq!(check(&s, false), second);
    assert_eq!(std::fs::read(&kept).unwrap(), edited);
    std::fs::write(&kept, b"isms-rules-cache v0\n").unwrap();
    assert_eq!(check(&s, false), second);
    assert_eq!(std::fs::read(&kept).unwrap(), edited);
}

/// The bytes of the kept rule answers.
fn answers(s: &Scratch) -> Vec<u8> {
    std::fs::read(s.path().join(".git/isms/results")).unwrap()
}

#[test]
fn kept_rule_answers_serve_only_the_very_rules_and_input_parts_they_were_worked_out_from() {
    let s = Scratch::example();
    let (kept, cold, first) = kept_alike(&s, "results", b"isms-results-cache v1 isms ");
    assert_eq!(answers(&s), first, "nothing new to write");

    // A risk off the scale: the risk rules answer afresh.
    s.replace(
        "registers/risks.csv",
        "Staff awareness gaps,5,4,20",
        "Staff awareness gaps,9,4,20",
    );
    let off_scale = check(&s, false);
    assert_eq!(off_scale, check(&s, true));
    assert!(
        off_scale.1.contains("likelihood 9 is outside the scale") && !cold.1.contains("likelihood 9"),
        "{}",
        off_scale.1
    );
    assert_ne!(answers(&s), first);
    // Back as it was: the same answers as the first time.
    s.replace(
        "registers/risks.csv",
        "Staff awareness gaps,9,4,20",
        "Staff awareness gaps,5,4,20",
    );
    assert_eq!(check(&s, false), cold);

    // A document edited: whatever reads the documents answers afresh, the
    // others from the cache, and the check is the uncached one.
    s.append("docs/isms-scope.md", "\nOne more paragraph.\n");
    let both = |s: &Scratch| {
        let warm = check(s, false);
        assert_eq!(warm, check(s, true));
        warm
    };
    both(&s);

    // An organisation rule reading the input by value (all of it is its key).
    s.replace("isms.toml", "[rules]\n", "[rules]\ncustom = \"rules\"\n");
    s.write(
        "rules/count.rego",
        "# METADATA\n# title: Assets counted\n# custom:\n#   id: LUMEN-010\n\
         package lumen.count\n\n\
         warn contains {\"msg\": sprintf(\"%d assets\", [count(object.get(input, [\"registers\", \"assets\"], []))])} if true\n",
    );
    let counted = both(&s);
    assert!(counted.1.contains(" assets\""), "{}", counted.1);
    s.append(
        "registers/assets.csv",
        "AS-099,Spare laptop,hardware,cto,internal,low,Leeds office,active\n",
    );
    let more = both(&s);
    assert_ne!(more, counted, "one asset more is counted");

    // A damaged file: ignored, answered afresh, rewritten.
    let whole = answers(&s);
    let mut damaged = whole.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 0x55;
    std::fs::write(&kept, &damaged).unwrap();
    assert_eq!(check(&s, false), more);
    assert_eq!(answers(&s), whole);
    std::fs::write(&kept, b"isms-results-cache v0\n").unwrap();
    assert_eq!(check(&s, false), more);
    assert_eq!(answers(&s), whole);
}
