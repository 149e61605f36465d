//! The two evaluators of the rules agree: regorus's compiled VM (the
//! default) and its interpreter (`ISMS_EVALUATOR=interpreter`) give the
//! same findings, byte for byte, on the example, on copies of it whose
//! registers are scrambled at random (so that most rules fire), and on a
//! generated organisation with planted defects.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Rng, Scratch};
use std::collections::BTreeSet;
use std::path::Path;

/// `isms check --format json` of `dir` with one evaluator: (exit code,
/// stdout).
fn check(dir: &Path, evaluator: &str, now: &str) -> (i32, String) {
    let out = assert_cmd::Command::cargo_bin("isms")
        .unwrap()
        .args(["check", "--no-history", "--format", "json", "--now", now])
        .arg(dir)
        .env("ISMS_EVALUATOR", evaluator)
        .output()
        .unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

/// Both evaluators on `dir`: the same exit code and output; the rules
/// that found something.
fn agree(dir: &Path, now: &str, case: &str) -> BTreeSet<String> {
    let compiled = check(dir, "compiled", now);
    let interpreted = check(dir, "interpreter", now);
    assert_eq!(
        compiled.0, interpreted.0,
        "{case}: exit codes differ\ncompiled: {}\ninterpreted: {}",
        compiled.1, interpreted.1
    );
    assert_eq!(compiled.1, interpreted.1, "{case}: outputs differ");
    let json: serde_json::Value = serde_json::from_str(&compiled.1).unwrap();
    json["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{case}: no findings: {json:#}"))
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// Replaces cells of a CSV file at random, ids (the first column) aside:
/// with another cell of the file, or with nothing. (Ids are kept: with blank
/// ids, one scramble made regorus's interpreter stop `roles.accountability`
/// with "not an object" — reduced to two SoA records, one without an id,
/// both with an unknown owner, evaluated alone — where the VM answered.)
fn scramble_csv(path: &Path, rng: &mut Rng) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap();
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let cells: Vec<String> = rows.iter().skip(1).flatten().cloned().collect();
    for row in rows.iter_mut().skip(1) {
        for cell in row.iter_mut().skip(1) {
            if rng.chance(12) {
                *cell = if rng.chance(30) {
                    String::new()
                } else {
                    rng.pick(&cells).clone()
                };
            }
        }
    }
    let mut writer = csv::Writer::from_path(path).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
}

#[test]
fn compiled_and_interpreted_rules_agree_on_scrambled_registers() {
    let mut fired = BTreeSet::new();
    for seed in 1..=10u64 {
        let s = Scratch::example();
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        for register in ["risks.csv", "assets.csv", "soa.csv", "training.csv"] {
            scramble_csv(&s.path().join("registers").join(register), &mut rng);
        }
        fired.extend(agree(s.path(), common::NOW, &format!("seed {seed}")));
    }
    // Something was compared: most of the register rules fired somewhere.
    assert!(fired.len() >= 12, "rules that fired: {fired:?}");
}

#[test]
fn compiled_and_interpreted_rules_agree_on_the_example_over_time() {
    // Dates move findings in and out (reviews due, waivers expired).
    let mut fired = BTreeSet::new();
    for now in ["2026-06-30", "2027-06-30", "2029-01-01"] {
        fired.extend(agree(&common::example(), now, now));
    }
    assert!(fired.len() >= 5, "rules that fired: {fired:?}");
}

/// Real shapes, adopted as they are (tests/fixtures/adopt): the free
/// text, the words and the references the other cases never hold (a
/// minute's reference as an acceptance made the VM and the interpreter
/// part ways once).
#[test]
fn compiled_and_interpreted_rules_agree_on_every_adopted_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adopt");
    let mut fired = BTreeSet::new();
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&root.join(name), dir.path());
        let (code, out, err) = common::run(Some(dir.path()), &["adopt", "--organisation", "Fixture Ltd"]);
        assert_eq!(code, 0, "{name}: {out}{err}");
        fired.extend(agree(dir.path(), "2026-12-06", name));
    }
    assert!(
        names.len() >= 13 && fired.len() >= 25,
        "{names:?}: rules that fired: {fired:?}"
    );
}

/// Treatments written in words (no option column), dated plans, accepted
/// in the treatment's words, an acceptance by a minuted decision: the
/// shapes whose rules once read differently in the VM (an `else` chain).
#[test]
fn compiled_and_interpreted_rules_agree_on_treatments_in_words() {
    let s = Scratch::empty();
    s.write(
        "Risk Register.csv",
        "ID,Risk,Owner,L,I,Treatment / decision,Target,Acceptance\n\
         R-01,Phishing,Ana Silva,4,4,YubiKeys for all staff,Q1 2027,\n\
         R-02,Ransomware,Ana Silva,3,5,Reduce – offline backups,Q2 2026,\n\
         R-03,Home networks,Ana Silva,3,4,Accepted – cost not justified,,ORC 2026-09 min 4.2\n\
         R-04,Supplier breach,Ana Silva,4,4,TBD,,\n\
         R-05,Old server,Ana Silva,4,5,Accept: replaced next year,,Ben Okafor\n\
         R-06,Lost phone,Ana Silva,1,2,MDM wipe,,\n",
    );
    let (code, out, err) = common::run(Some(s.path()), &["adopt", "--organisation", "Words Ltd"]);
    assert_eq!(code, 0, "{out}{err}");
    let fired = agree(s.path(), "2026-12-06", "treatments in words");
    assert!(fired.contains("ISMS-RISK-003"), "{fired:?}");
}

#[test]
fn compiled_and_interpreted_rules_agree_on_an_organisation_with_defects() {
    use isms::testing::synth::{self, Spec};
    let dir = tempfile::tempdir().unwrap();
    synth::write(
        dir.path(),
        &Spec {
            commits: 0,
            ..Spec::scaled(2_000)
        },
    )
    .unwrap();
    let mut rng = Rng(7);
    for register in ["risks.csv", "assets.csv"] {
        scramble_csv(&dir.path().join("registers").join(register), &mut rng);
    }
    let fired = agree(dir.path(), common::NOW, "organisation");
    assert!(fired.len() >= 8, "rules that fired: {fired:?}");
}

/// A.5.1 without an implementation status; nor the SoA's last row, whose
/// control id is unreadable (so its own finding has no id to name).
fn without_status_and_last_id(s: &Scratch) {
    s.replace(
        "registers/soa.csv",
        "A.5.1,Yes,Legal requirement (UK GDPR),planned,",
        "A.5.1,Yes,Legal requirement (UK GDPR),,",
    );
    s.replace(
        "registers/soa.csv",
        "\nA.8.34,Yes,Contractual requirement (NHS DSPT),implemented,",
        "\nA.8.99,Yes,Contractual requirement (NHS DSPT),,",
    );
}

/// One record whose id cannot be read (its finding's message is
/// undefined) does not silence the rule's findings about other records:
/// regorus 0.14's interpreter emptied the whole `deny` set there (a
/// fail-open the adoption fixture `spreadsheet` met); the compiled VM,
/// which the check uses, keeps them.
#[test]
fn a_record_without_a_readable_id_does_not_silence_the_findings_about_others() {
    let s = Scratch::example();
    without_status_and_last_id(&s);
    let (code, json) = common::check_at(s.path(), &["--no-history"]);
    assert_eq!(code, 1, "{json:#}");
    let found = common::findings(&json);
    assert!(
        found.contains(&common::t("ISMS-SOA-002", "registers/soa.csv", 2, 1)),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == "ISMS-VALUE-001" && f.1 == "registers/soa.csv"),
        "{found:?}"
    );
}

/// The organisation's own rules get the same: their findings are what the
/// VM and the interpreter found together (the VM's one undefined finding
/// does not empty the set), and the interpreter's errors still stop the
/// check (see tests/bad_input.rs).
#[test]
fn an_organisation_rule_keeps_its_findings_beside_a_record_without_a_readable_id() {
    let s = Scratch::example();
    s.replace("isms.toml", "[rules]\n", "[rules]\ncustom = \"rules\"\n");
    s.write(
        "rules/status.rego",
        "# METADATA\n# title: Applicable controls have a status\n# custom:\n#   id: ACME-001\n\
         package acme.status\n\n\
         deny contains {\"msg\": sprintf(\"%s has no status\", [c.id]), \"register\": \"soa\", \"record\": c.id, \"field\": \"status\"} if {\n\
         \tsome c in input.registers.soa\n\tc.applicable\n\tnot c.status\n}\n",
    );
    without_status_and_last_id(&s);
    let (code, json) = common::check_at(s.path(), &["--no-history"]);
    assert_eq!(code, 1, "{json:#}");
    let found = common::findings(&json);
    assert!(
        found.contains(&common::t("ACME-001", "registers/soa.csv", 2, 1)),
        "{found:?}"
    );
}

/// The findings of `json` whose rule id starts with `prefix`, the prefix
/// taken off: (rule, severity, message, file, line, column).
fn findings_of(json: &serde_json::Value, prefix: &str) -> BTreeSet<(String, String, String, String, u64, u64)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| {
            let rule = f["rule"].as_str()?.strip_prefix(prefix)?;
            Some((
                rule.to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
                f["file"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
            ))
        })
        .collect()
}

/// The built-in rules made fast (each distinct value judged once, only
/// what is found wanting traced back to its records) find exactly what
/// their reference formulations find: the same rules as they were written
/// before, one record at a time, kept under
/// `tests/fixtures/reference-rules/` and run beside the pack as the
/// organisation's own rules (`REF-…`), on registers scrambled at random.
#[test]
fn the_built_in_rules_find_exactly_what_their_reference_formulations_find() {
    use isms::testing::synth::{self, Spec};
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference-rules");
    let compared: BTreeSet<String> = std::fs::read_dir(&reference)
        .unwrap()
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            let id = text.split("id: REF-").nth(1)?;
            Some(id.lines().next()?.trim().to_string())
        })
        .collect();
    assert_eq!(compared.len(), 11, "{compared:?}");
    let mut fired = BTreeSet::new();
    for seed in 1..=6u64 {
        let dir = tempfile::tempdir().unwrap();
        if seed % 2 == 0 {
            common::copy_dir(&common::example(), dir.path());
        } else {
            synth::write(
                dir.path(),
                &Spec {
                    commits: 0,
                    ..Spec::scaled(300)
                },
            )
            .unwrap();
        }
        common::copy_dir(&reference, &dir.path().join("reference"));
        let config = dir.path().join("isms.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(
            &config,
            text.replacen("[rules]\n", "[rules]\ncustom = \"reference\"\n", 1),
        )
        .unwrap();
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        for register in ["risks.csv", "assets.csv", "soa.csv", "training.csv"] {
            let path = dir.path().join("registers").join(register);
            if path.exists() {
                scramble_csv(&path, &mut rng);
            }
        }
        for now in ["2026-06-30", "2028-01-01"] {
            let (code, out) = check(dir.path(), "compiled", now);
            assert!(code == 0 || code == 1, "seed {seed}: exit {code}: {out}");
            let json: serde_json::Value = serde_json::from_str(&out).unwrap();
            let built_in: BTreeSet<_> = findings_of(&json, "ISMS-")
                .into_iter()
                .filter(|f| compared.contains(&f.0))
                .collect();
            let by_reference = findings_of(&json, "REF-");
            assert_eq!(built_in, by_reference, "seed {seed}, {now}");
            fired.extend(built_in.into_iter().map(|f| f.0));
        }
    }
    // Something was compared: most of the rewritten rules fired somewhere.
    assert!(fired.len() >= 9, "rules that fired: {fired:?}");
}

/// regorus 0.14's compiled VM reads `x[v]` in the body of `every v in …`
/// as a new iteration over `x`: with one person anywhere holding no role,
/// `people.roleless` (written with `every`) held for everyone, and the
/// rules judging approvers and acceptances said nothing (a German ISMS of
/// held-out audit 19: a policy approved by its ISB passed). The built-in
/// pack is written without `every`; a policy approved by someone outside
/// top management is found beside a person without a role, by both
/// evaluators.
#[test]
fn a_person_without_a_role_does_not_silence_the_approver_rules() {
    let s = Scratch::example();
    s.write(
        "isms.toml",
        format!(
            "{}\n[[person]]\nid = \"zoe\"\nname = \"Zoe Newcomer\"\nroles = []\n",
            s.read("isms.toml")
        ),
    );
    s.replace(
        "docs/policies/information-security-policy.md",
        "approved_by = \"maya\"",
        "approved_by = \"priya\"",
    );
    let fired = agree(s.path(), "2026-11-27", "a person without a role");
    assert!(fired.contains("ISMS-POL-002"), "{fired:?}");
    // No `every` in the built-in pack (outside its tests).
    let mut offenders = Vec::new();
    for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")) {
        let entry = entry.unwrap();
        let name = entry.path().to_string_lossy().into_owned();
        if !name.ends_with(".rego") || name.ends_with("_test.rego") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        if text.lines().map(|l| l.split('#').next().unwrap_or("")).any(|l| {
            l.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == "every")
        }) {
            offenders.push(name);
        }
    }
    assert!(offenders.is_empty(), "`every` in the built-in pack: {offenders:?}");
}

/// The organisation's own rules written with `every` are answered by the
/// interpreter alone: the VM's reading of `x[v]` in an `every` body as an
/// iteration would make `every` hold where it does not (a finding that is
/// false) or fail where it holds.
#[test]
fn an_organisation_rule_with_every_is_answered_right() {
    let s = Scratch::example();
    s.replace("isms.toml", "[rules]\n", "[rules]\ncustom = \"rules\"\n");
    s.write(
        "rules/probe.rego",
        "# METADATA\n# title: Named approvers are all top management\n# custom:\n#   id: ACME-002\n\
         package acme.probe\n\n\
         deny contains {\"msg\": \"priya is top management\"} if {\n\
         \tevery p in [\"priya\"] {\n\t\tinput.people[p].top_management\n\t}\n}\n",
    );
    for evaluator in ["compiled", "interpreter"] {
        let (_, out) = check(s.path(), evaluator, "2026-11-27");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        let probes: Vec<&serde_json::Value> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "ACME-002")
            .collect();
        assert!(probes.is_empty(), "{evaluator}: {probes:?}");
    }
}
