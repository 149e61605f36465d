//! Every kind of bad input gets a clear, located problem and exit code 2,
//! never a panic: malformed files in each format, wrong types, unknown keys,
//! missing and empty files, non-UTF-8, oversized files, escaping paths.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{Scratch, problems, t};

/// Runs the check and expects exit 2 with exactly these problems.
fn expect(s: &Scratch, want: &[(String, String, u64, u64)]) -> serde_json::Value {
    let (code, json) = s.check(&[]);
    assert_eq!(code, 2, "{json:#}");
    assert_eq!(problems(&json), want, "{json:#}");
    json
}

/// Runs the check and expects exit 1 with exactly these value findings
/// (ISMS-VALUE-*): a bad value is located and the check goes on.
fn expect_values(s: &Scratch, want: &[(String, String, u64, u64)]) -> serde_json::Value {
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1, "{json:#}");
    let found: Vec<_> = common::findings(&json)
        .into_iter()
        .filter(|f| f.0.starts_with("ISMS-VALUE"))
        .collect();
    assert_eq!(found, want, "{json:#}");
    json
}

/// Runs the check and expects exit 1, no problem, and exactly these
/// findings of malformed files (ISMS-VALUE-004): a file that cannot be
/// read whole is named at its place, and everything else is still checked.
fn expect_malformed(s: &Scratch, want: &[(String, String, u64, u64)]) -> serde_json::Value {
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1, "{json:#}");
    assert!(json["problems"].as_array().is_none_or(|p| p.is_empty()), "{json:#}");
    let found: Vec<_> = common::findings(&json)
        .into_iter()
        .filter(|f| f.0 == "ISMS-VALUE-004")
        .collect();
    assert_eq!(found, want, "{json:#}");
    json
}

/// The message of the `i`-th finding of rule `rule`.
fn rule_message(json: &serde_json::Value, rule: &str, i: usize) -> String {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .nth(i)
        .map(|f| f["message"].as_str().unwrap().to_string())
        .unwrap()
}

/// The message of the `i`-th value finding.
fn value_message(json: &serde_json::Value, i: usize) -> String {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("ISMS-VALUE"))
        .nth(i)
        .map(|f| f["message"].as_str().unwrap().to_string())
        .unwrap()
}

fn message(json: &serde_json::Value, i: usize) -> String {
    json["problems"][i]["message"].as_str().unwrap().to_string()
}

fn help(json: &serde_json::Value, i: usize) -> String {
    json["problems"][i]["help"].as_str().unwrap_or("").to_string()
}

#[test]
fn no_isms_toml() {
    let s = Scratch::empty();
    let json = expect(&s, &[t("config::not-found", "", 0, 0)]);
    assert!(message(&json, 0).starts_with("no isms.toml in"));
}

#[test]
fn malformed_isms_toml() {
    let s = Scratch::example();
    s.replace(
        "isms.toml",
        "name = \"Lumen Health Analytics Ltd\"",
        "name = \"Lumen Health Analytics Ltd",
    );
    let json = expect(&s, &[t("config::syntax", "isms.toml", 5, 35)]);
    assert!(
        message(&json, 0).starts_with("isms.toml is not valid TOML"),
        "{}",
        message(&json, 0)
    );
}

#[test]
fn empty_isms_toml() {
    let s = Scratch::example();
    s.write("isms.toml", "");
    let json = expect(&s, &[t("config::missing-key", "isms.toml", 1, 1)]);
    assert_eq!(message(&json, 0), "isms.toml has no [organisation] table");
}

#[test]
fn config_errors_are_all_reported_at_once() {
    let s = Scratch::example();
    s.replace("isms.toml", "[documents]", "[document]");
    s.replace(
        "isms.toml",
        "github = \"mokafor\"",
        "github = \"mokafor\"\nphone = \"0113 496 0000\"\nactive = \"yes\"\nfax = 1",
    );
    // Three mistakes in one approval rule: a wrong type in a required
    // key, one more, an unknown key after them.
    s.replace(
        "isms.toml",
        "name = \"risk register\"\npaths = [\"registers/risks.csv\"]\nroles = [\"ciso\", \"cto\"]\nmin = 1",
        "name = \"risk register\"\npaths = \"registers/risks.csv\"\nroles = [\"ciso\", \"cto\"]\nmin = \"one\"\nmax = 2",
    );
    s.replace("isms.toml", "kind = \"assets\"", "kind = \"asset\"\nsheet = 2");
    s.replace("isms.toml", "roles = [\"cfo\"]", "roles = [\"cf0\"]");
    s.replace("isms.toml", "id = \"sam\"", "id = \"tom\"");
    let json = expect(
        &s,
        &[
            // Every mistake of the same table, not only its first.
            t("config::unknown-key", "isms.toml", 63, 1),
            t("config::wrong-type", "isms.toml", 64, 10),
            t("config::unknown-key", "isms.toml", 65, 1),
            t("config::wrong-type", "isms.toml", 151, 9),
            t("config::wrong-type", "isms.toml", 153, 7),
            t("config::unknown-key", "isms.toml", 154, 1),
            t("config::unknown-key", "isms.toml", 167, 2),
            t("config::bad-value", "isms.toml", 179, 8),
            t("config::unknown-key", "isms.toml", 180, 1),
        ],
    );
    assert_eq!(message(&json, 0), "unknown field `phone`");
    assert!(help(&json, 0).contains("`emails`"), "{}", help(&json, 0));
    assert_eq!(message(&json, 1), "invalid type: string \"yes\", expected a boolean");
    assert_eq!(message(&json, 2), "unknown field `fax`");
    assert_eq!(
        message(&json, 3),
        "invalid type: string \"registers/risks.csv\", expected an array"
    );
    assert_eq!(
        message(&json, 4),
        "invalid type: string \"one\", expected a whole number"
    );
    assert_eq!(message(&json, 5), "unknown field `max`");
    assert_eq!(message(&json, 6), "unknown key `document`");
    assert_eq!(help(&json, 6), "did you mean `documents`?");
    assert_eq!(message(&json, 7), "unknown variant `asset`");
    assert_eq!(message(&json, 8), "unknown field `sheet`");

    // With the form right, the cross-reference errors show, together.
    s.replace(
        "isms.toml",
        "phone = \"0113 496 0000\"\nactive = \"yes\"\nfax = 1\n",
        "",
    );
    s.replace(
        "isms.toml",
        "paths = \"registers/risks.csv\"",
        "paths = [\"registers/risks.csv\"]",
    );
    s.replace("isms.toml", "min = \"one\"\nmax = 2", "min = 1");
    s.replace("isms.toml", "kind = \"asset\"\nsheet = 2", "kind = \"assets\"");
    s.replace("isms.toml", "[document]", "[documents]");
    let json = expect(
        &s,
        &[
            t("config::unknown-role", "isms.toml", 70, 10),
            t("config::duplicate-id", "isms.toml", 94, 6),
        ],
    );
    assert_eq!(message(&json, 0), "unknown role `cf0`");
    assert_eq!(help(&json, 0), "did you mean `cfo`?");
    assert_eq!(message(&json, 1), "person id `tom` is used twice");
}

#[test]
fn register_path_escaping_the_repository() {
    let s = Scratch::example();
    s.replace(
        "isms.toml",
        "path = \"registers/assets.csv\"",
        "path = \"../assets.csv\"",
    );
    s.replace(
        "isms.toml",
        "path = \"registers/budget.toml\"",
        "path = \"/etc/passwd.toml\"",
    );
    expect(
        &s,
        &[
            t("config::path-escapes", "isms.toml", 176, 8),
            t("config::path-escapes", "isms.toml", 213, 8),
        ],
    );
}

#[cfg(unix)]
#[test]
fn symlink_pointing_outside_the_repository() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("assets.csv"), "id,name,owner\nAS-1,Laptop,cto\n").unwrap();
    let s = Scratch::example();
    std::fs::remove_file(s.path().join("registers/assets.csv")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("assets.csv"), s.path().join("registers/assets.csv")).unwrap();
    let json = expect(&s, &[t("io::escapes", "isms.toml", 176, 8)]);
    assert_eq!(
        message(&json, 0),
        "cannot read `registers/assets.csv`: path leaves the ISMS repository"
    );
}

#[test]
fn missing_register_file() {
    let s = Scratch::example();
    std::fs::remove_file(s.path().join("registers/training.csv")).unwrap();
    let json = expect(&s, &[t("io::not-found", "isms.toml", 189, 8)]);
    assert_eq!(
        message(&json, 0),
        "cannot read `registers/training.csv`: file not found"
    );
}

#[test]
fn empty_register_files() {
    let s = Scratch::example();
    s.write("registers/training.csv", "");
    s.write("registers/incidents.json", "");
    s.write("registers/changes.yaml", "");
    // An empty YAML or TOML file is an empty register; CSV needs a header
    // row and JSON a value: named, and the rest checked.
    let json = expect_malformed(
        &s,
        &[
            t("ISMS-VALUE-004", "registers/incidents.json", 1, 1),
            t("ISMS-VALUE-004", "registers/training.csv", 1, 1),
        ],
    );
    let csv = rule_message(&json, "ISMS-VALUE-004", 1);
    assert!(csv.contains("a CSV register needs a header row"), "{csv}");
}

#[test]
fn malformed_csv() {
    let s = Scratch::example();
    s.replace(
        "registers/assets.csv",
        "AS-005,Payroll records,information,",
        "AS-005,Payroll records,extra cell,information,",
    );
    let json = expect_malformed(&s, &[t("ISMS-VALUE-004", "registers/assets.csv", 6, 95)]);
    let wide = rule_message(&json, "ISMS-VALUE-004", 0);
    assert!(
        wide.contains("this row has 9 cells but the header has 8 columns"),
        "{wide}"
    );
}

/// A row wider than its header is left out and named; the rows around it
/// are read and checked as usual, their bad values and unknown columns
/// included.
#[test]
fn a_wide_row_is_named_and_the_other_rows_are_checked() {
    let s = Scratch::example();
    s.replace(
        "registers/assets.csv",
        "AS-001,Patient analytics database (PostgreSQL),information,cto,restricted,critical,AWS eu-west-2,active",
        "AS-001,Patient analytics database (PostgreSQL),information,TBD,restricted,critical,AWS eu-west-2,lost",
    );
    s.replace(
        "registers/assets.csv",
        "AS-005,Payroll records,information,",
        "AS-005,Payroll records,extra cell,information,",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1, "{json:#}");
    let found: Vec<_> = common::findings(&json)
        .into_iter()
        .filter(|f| f.1 == "registers/assets.csv")
        .collect();
    assert_eq!(
        found,
        [
            t("ISMS-VALUE-002", "registers/assets.csv", 2, 60),
            t("ISMS-VALUE-001", "registers/assets.csv", 2, 98),
            t("ISMS-VALUE-004", "registers/assets.csv", 6, 95),
        ],
        "{json:#}"
    );
}

/// Cells that repeat are checked once per register and shared, but a bad
/// cell or a placeholder is reported in every row that holds it, also
/// long after the first (and in a column too varied to be remembered).
#[test]
fn repeated_bad_cells_are_each_reported() {
    let s = Scratch::example();
    let mut csv = String::from("id,name,type,owner,classification,criticality,location,status\n");
    let mut want = Vec::new();
    for i in 0..600u64 {
        let owner = if i % 3 == 0 { "TBD" } else { "cto" };
        // Asset criticality and classification are the organisation's own
        // words; the life-cycle status is a closed vocabulary.
        let status = if i % 2 == 0 { "lost" } else { "active" };
        // The location differs in every row: its column stops being
        // remembered after the sample; `[TBD]` in it is still reported.
        let location = if i == 500 {
            "[TBD]".to_string()
        } else {
            format!("Rack {i}")
        };
        csv.push_str(&format!(
            "AS-{i:03},Asset {i},information,{owner},restricted,high,{location},{status}\n"
        ));
        let line = i + 2;
        let name = format!("Asset {i}");
        let at = |cells: &[&str]| 1 + cells.iter().map(|c| c.len() as u64 + 1).sum::<u64>();
        let id = format!("AS-{i:03}");
        let before_owner = at(&[&id, &name, "information"]);
        let before_location = at(&[&id, &name, "information", owner, "restricted", "high"]);
        let before_status = at(&[&id, &name, "information", owner, "restricted", "high", &location]);
        if i % 3 == 0 {
            want.push(t("ISMS-VALUE-002", "registers/assets.csv", line, before_owner));
        }
        if i % 2 == 0 {
            want.push(t("ISMS-VALUE-001", "registers/assets.csv", line, before_status));
        }
        if i == 500 {
            want.push(t("ISMS-VALUE-002", "registers/assets.csv", line, before_location));
        }
    }
    s.write("registers/assets.csv", csv);
    let (_, json) = s.check(&[]);
    let mut found: Vec<_> = common::findings(&json)
        .into_iter()
        .filter(|f| f.0.starts_with("ISMS-VALUE") && f.1 == "registers/assets.csv")
        .collect();
    found.sort_by_key(|f| (f.2, f.3));
    want.sort_by_key(|f| (f.2, f.3));
    assert_eq!(found.len(), 600 / 3 + 600 / 2 + 1);
    assert_eq!(found, want);
}

#[test]
fn malformed_yaml_json_and_toml_registers() {
    let s = Scratch::example();
    s.replace(
        "registers/changes.yaml",
        "    category: normal\n",
        "    category: [normal\n",
    );
    s.replace(
        "registers/incidents.json",
        "\"severity\": \"low\",",
        "\"severity\": \"low\",,",
    );
    s.replace("registers/audits.toml", "status = \"planned\"", "status = planned");
    expect_malformed(
        &s,
        &[
            t("ISMS-VALUE-004", "registers/audits.toml", 31, 10),
            t("ISMS-VALUE-004", "registers/changes.yaml", 6, 16),
            t("ISMS-VALUE-004", "registers/incidents.json", 6, 25),
        ],
    );
}

#[test]
fn wrong_types_bad_dates_and_enumerations() {
    let s = Scratch::example();
    s.replace(
        "registers/audits.toml",
        "performed_on = 2026-03-12",
        "performed_on = \"12/03/2026\"",
    );
    s.replace(
        "registers/incidents.json",
        "\"severity\": \"low\"",
        "\"severity\": \"trivial\"",
    );
    s.replace("registers/objectives.toml", "owner = \"cto\"", "owner = 42");
    s.replace(
        "registers/risks.csv",
        "Untested restores,4,5,20,",
        "Untested restores,four,5,20,",
    );
    let json = expect_values(
        &s,
        &[
            t("ISMS-VALUE-001", "registers/audits.toml", 10, 16),
            t("ISMS-VALUE-001", "registers/incidents.json", 6, 19),
            t("ISMS-VALUE-001", "registers/objectives.toml", 6, 9),
            t("ISMS-VALUE-001", "registers/risks.csv", 8, 108),
        ],
    );
    assert_eq!(
        value_message(&json, 0),
        "audit `performed_on`: `12/03/2026` is not written YYYY-MM-DD: day first it is 2026-03-12, month first 2026-12-03 (write it as YYYY-MM-DD, or set `[organisation] dates = \"day-first\"`)"
    );
    assert_eq!(
        value_message(&json, 1),
        "incident `severity`: `trivial` is not one of: low, medium, high, critical"
    );
    assert_eq!(
        value_message(&json, 2),
        "objective `owner`: expected person or role, found an integer"
    );
    assert_eq!(
        value_message(&json, 3),
        "risk `likelihood`: `four` is not a whole number"
    );
}

#[test]
fn unknown_columns_missing_fields_and_unknown_controls() {
    let s = Scratch::example();
    s.replace("registers/assets.csv", "id,name,type,owner,", "id,name,kind,owner,");
    s.replace(
        "registers/objectives.toml",
        "title = \"Restore tests pass every quarter\"\n",
        "",
    );
    s.replace("registers/soa.csv", "A.5.7,", "A.12.1,");
    // An unknown column stops the check (what would it hold?)…
    let json = expect(&s, &[t("register::unknown-field", "registers/assets.csv", 1, 9)]);
    assert_eq!(message(&json, 0), "`kind` is not a field of the assets register");
    assert!(help(&json, 0).contains("extra = [\"kind\"]"), "{}", help(&json, 0));
    // …a missing field and an unknown control are findings at their place.
    s.replace("registers/assets.csv", "id,name,kind,owner,", "id,name,type,owner,");
    let json = expect_values(
        &s,
        &[
            t("ISMS-VALUE-003", "registers/objectives.toml", 12, 1),
            t("ISMS-VALUE-001", "registers/soa.csv", 8, 1),
        ],
    );
    assert_eq!(value_message(&json, 0), "objective OBJ-2026-2 is missing `title`");
    assert!(
        value_message(&json, 1).contains("`A.12.1` is not a control of ISO/IEC 27001:2022 Annex A"),
        "{}",
        value_message(&json, 1)
    );
}

#[test]
fn mapped_column_names_appear_in_messages() {
    let s = Scratch::example();
    s.replace(
        "registers/risks.csv",
        "Untested restores,4,5,20,",
        "Untested restores,,,20,",
    );
    let json = expect_values(&s, &[t("ISMS-VALUE-003", "registers/risks.csv", 8, 1)]);
    assert_eq!(
        value_message(&json, 0),
        "risk R-007 is missing `likelihood` (column `Inherent Likelihood`) and `impact` (column `Inherent Impact`)"
    );
}

#[test]
fn malformed_front_matter() {
    let s = Scratch::example();
    s.replace(
        "docs/policies/backup.md",
        "title = \"Backup Policy\"",
        "title = Backup Policy",
    );
    s.replace(
        "docs/procedures/incident-response.md",
        "title: Incident Response Procedure",
        "title: [Incident Response Procedure",
    );
    s.write("docs/policies/unterminated.md", "+++\nid = \"POL-009\"\n\n# Body\n");
    s.replace(
        "docs/policies/cryptography.md",
        "approved_on = 2026-04-15",
        "approved_on = \"last spring\"",
    );
    let json = expect_malformed(
        &s,
        &[
            t("ISMS-VALUE-004", "docs/policies/backup.md", 3, 9),
            t("ISMS-VALUE-004", "docs/policies/unterminated.md", 1, 1),
            t("ISMS-VALUE-004", "docs/procedures/incident-response.md", 4, 5),
        ],
    );
    assert_eq!(
        rule_message(&json, "ISMS-VALUE-004", 1),
        "front matter opened with `+++` is never closed"
    );
    // Front matter that parses but holds a value that is not a date: a
    // finding at the value, once the syntax is fixed.
    s.replace(
        "docs/policies/backup.md",
        "title = Backup Policy",
        "title = \"Backup Policy\"",
    );
    s.replace(
        "docs/procedures/incident-response.md",
        "title: [Incident Response Procedure",
        "title: Incident Response Procedure",
    );
    std::fs::remove_file(s.path().join("docs/policies/unterminated.md")).unwrap();
    expect_values(&s, &[t("ISMS-VALUE-001", "docs/policies/cryptography.md", 9, 15)]);
}

#[test]
fn non_utf8_register() {
    let s = Scratch::example();
    let mut bytes = s.read("registers/assets.csv").into_bytes();
    bytes.extend_from_slice(b"AS-041,Caf\xe9 Wi-Fi,hardware,cto,internal,low,Leeds,active\n");
    s.write("registers/assets.csv", bytes);
    let json = expect_malformed(&s, &[t("ISMS-VALUE-004", "registers/assets.csv", 42, 11)]);
    let why = rule_message(&json, "ISMS-VALUE-004", 0);
    assert!(why.contains("UTF-8"), "{why}");
}

#[test]
fn very_large_register_is_refused_with_its_size() {
    let s = Scratch::example();
    let file = std::fs::File::create(s.path().join("registers/training.csv")).unwrap();
    file.set_len(17 * 1024 * 1024).unwrap();
    let json = expect(&s, &[t("io::too-large", "isms.toml", 189, 8)]);
    assert_eq!(
        message(&json, 0),
        "cannot read `registers/training.csv`: file is 17825792 bytes, larger than the 16777216-byte limit"
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let s = Scratch::example();
    let text = s.read("registers/assets.csv").replace('\n', "\r\n");
    s.write("registers/assets.csv", format!("\u{feff}{text}"));
    let (code, json) = s.check(&[]);
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn broken_organisation_rule_reports_file_and_line() {
    let s = Scratch::example();
    s.replace("isms.toml", "[rules]\n", "[rules]\ncustom = \"rules\"\n");
    s.write(
        "rules/broken.rego",
        "package lumen.broken\n\ndeny contains msg if {\n\tmsg := \"x\" +\n}\n",
    );
    let json = expect(&s, &[t("rego::syntax", "rules/broken.rego", 4, 9)]);
    assert!(!message(&json, 0).is_empty());

    s.write(
        "rules/broken.rego",
        "package lumen.broken\n\ndeny contains {\"msg\": \"x\"} if {\n\tto_number(\"not a number\") > 1\n}\n",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 2, "{json:#}");
    let p = &json["problems"][0];
    assert_eq!(p["code"], "rego::runtime");
    assert_eq!(
        (p["file"].as_str(), p["line"].as_u64()),
        (Some("rules/broken.rego"), Some(4))
    );
}

#[test]
fn unlocated_rule_error_names_the_rule_and_a_rule_turned_off_is_not_run() {
    let s = Scratch::example();
    s.replace("isms.toml", "[rules]\n", "[rules]\ncustom = \"rules\"\n");
    // regorus reports an undefined call in a rule head without a position.
    s.write(
        "rules/head.rego",
        "# METADATA\n# title: Probe\n# custom:\n#   id: LUMEN-001\npackage lumen.head\n\n\
         f(x) := \"big\" if x > 1\n\ndeny contains sprintf(\"%s\", [f(r)]) if {\n\tsome r in [1, 2]\n}\n",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 2, "{json:#}");
    let p = &json["problems"][0];
    assert_eq!(p["code"], "rego::runtime");
    assert_eq!(p["file"], "rules/head.rego");
    assert_eq!(p["help"], "in rules/head.rego, while evaluating data.lumen.head.deny");

    s.replace(
        "isms.toml",
        "[rules]\n",
        "[rules]\nseverity = { \"LUMEN-001\" = \"off\" }\n",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn unknown_rule_ids_in_settings_and_waivers() {
    let s = Scratch::example();
    s.replace(
        "isms.toml",
        "[rules]\n",
        "[rules]\nseverity = { \"ISMS-RISK-02\" = \"off\" }\n",
    );
    let json = expect(&s, &[t("config::unknown-rule", "isms.toml", 224, 14)]);
    assert_eq!(
        help(&json, 0),
        "did you mean `ISMS-RISK-002`? `isms rules` lists every rule"
    );
}

/// The only CISO leaves: two approval rules can no longer be met. The one
/// that leaves `min` at its default is shown at its `[[approval]]` table,
/// the other at its `min`.
#[test]
fn approval_rules_nobody_active_can_meet_are_located() {
    let s = Scratch::example();
    s.replace(
        "isms.toml",
        "roles = [\"ciso\", \"dpo\"]\n",
        "roles = [\"ciso\", \"dpo\"]\nactive = false\n",
    );
    let json = expect(
        &s,
        &[
            t("config::unsatisfiable", "isms.toml", 153, 1),
            t("config::unsatisfiable", "isms.toml", 162, 7),
        ],
    );
    assert_eq!(
        message(&json, 0),
        "`min = 1` can never be met: only 0 active people hold ciso"
    );
    assert_eq!(
        message(&json, 1),
        "`min = 2` can never be met: only 1 active person holds ceo or ciso"
    );
}

#[test]
fn bad_arguments_exit_2() {
    let (code, _, err) = common::run(None, &["check", "--now", "27/11/2026"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a date"));
    let (code, _, _) = common::run(None, &["check", "--format", "xml"]);
    assert_eq!(code, 2);
}

#[test]
fn problems_in_human_form_name_the_place() {
    let s = Scratch::example();
    s.append(
        "registers/audits.toml",
        "\n[[audti]]\nid = \"IA-2027-02\"\ntitle = \"Physical security\"\n",
    );
    let (code, _, err) = common::run(None, &["check", "--now", common::NOW, s.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("register::unknown-key"), "{err}");
    assert!(err.contains("[registers/audits.toml:33:3]"), "{err}");
    assert!(err.contains("unexpected top-level key `audti`"), "{err}");
    assert!(err.contains("1 problem to fix first"), "{err}");
}

#[test]
fn a_bad_value_in_human_form_is_a_finding_at_its_place() {
    let s = Scratch::example();
    s.replace(
        "registers/risks.csv",
        "Untested restores,4,5,20,",
        "Untested restores,four,5,20,",
    );
    let (code, out, err) = common::run(None, &["check", "--now", common::NOW, s.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("ISMS-VALUE-001"), "{out}");
    assert!(out.contains("[registers/risks.csv:8:108]"), "{out}");
    assert!(out.contains("`four` is not a whole number"), "{out}");
}

#[test]
fn records_under_a_misspelt_key_are_not_lost() {
    let s = Scratch::example();
    s.append(
        "registers/audits.toml",
        "\n[[audti]]\nid = \"IA-2027-02\"\ntitle = \"Physical security\"\nauditor = \"rita\"\n",
    );
    let json = expect(&s, &[t("register::unknown-key", "registers/audits.toml", 33, 3)]);
    assert_eq!(
        message(&json, 0),
        "unexpected top-level key `audti` in the audits register"
    );
}

#[test]
fn two_columns_for_one_field_are_reported_once_at_the_header() {
    let s = Scratch::example();
    s.replace(
        "isms.toml",
        "\"Risk ID\" = \"id\", \"Risk\" = \"title\"",
        "\"Risk ID\" = \"id\", \"Risk\" = \"title\", \"Threat\" = \"title\"",
    );
    let json = expect(&s, &[t("register::duplicate-field", "registers/risks.csv", 1, 41)]);
    assert_eq!(message(&json, 0), "field `title` is given twice");
}

#[test]
fn rule_settings_name_declared_roles() {
    let s = Scratch::example();
    s.replace(
        "isms.toml",
        "[\"isms-manager\", \"internal-auditor\"]",
        "[\"isms-manager\", \"internal-audit\"]",
    );
    let json = expect(&s, &[t("config::unknown-role", "isms.toml", 226, 69)]);
    assert_eq!(help(&json, 0), "did you mean `internal-auditor`?");
}

#[test]
fn risk_level_bands_must_be_known_and_rise() {
    let s = Scratch::example();
    s.replace(
        "isms.toml",
        "acceptance_threshold = 9\n",
        "acceptance_threshold = 9\nlevels = { low = 1, medium = 10, high = 8, very_high = 17 }\n",
    );
    let json = expect(
        &s,
        &[
            t("config::bad-value", "isms.toml", 231, 41),
            t("config::unknown-level", "isms.toml", 231, 56),
        ],
    );
    assert_eq!(
        json["problems"][0]["message"],
        "level `high` starts at 8, not above `medium` (10)"
    );
    assert_eq!(help(&json, 1), "did you mean `very-high`?");
}

#[test]
fn unreadable_signing_keys_are_located() {
    let s = Scratch::example();
    s.replace(
        "isms.toml",
        "roles = [\"cto\"]",
        "roles = [\"cto\"]\nkeys = [\"ssh-ed25519 AAAA-not-base64 lena\", \"keys/lena.pub\", \"../outside.pub\"]",
    );
    let json = expect(
        &s,
        &[
            t("config::bad-key", "isms.toml", 78, 9),
            t("config::bad-key", "isms.toml", 78, 45),
            t("config::bad-key", "isms.toml", 78, 62),
        ],
    );
    assert!(message(&json, 0).starts_with("not an OpenSSH public key (`ssh-ed25519 AAAA-not-base64 lena…`)"));
    assert_eq!(message(&json, 1), "key file `keys/lena.pub` does not exist");
    assert_eq!(message(&json, 2), "key file `../outside.pub` is outside the repository");
}

/// A folder of notes kept as a register: a folder that is not there is
/// named where isms.toml names it; a note whose front matter is not closed
/// or not YAML is located in the note.
#[test]
fn a_folder_of_notes_that_cannot_be_read() {
    let s = Scratch::example();
    s.append(
        "isms.toml",
        "\n[[register]]\nkind = \"incidents\"\npath = \"incidents/\"\ncolumns = { \"declared\" = \"detected_at\" }\n",
    );
    let line = s.read("isms.toml").lines().count() as u64 - 1;
    let json = expect(&s, &[t("io::not-found", "isms.toml", line, 8)]);
    assert_eq!(message(&json, 0), "cannot read the folder `incidents`");
    s.write(
        "incidents/a.md",
        "---\ntitle: Lost laptop\nseverity: low\ndeclared: 2026-11-01\n# no closing fence\n",
    );
    s.write("incidents/b.md", "---\ntitle: [unclosed\n---\n# B\n");
    // Each a finding at its note (the rest is checked): the open fence,
    // and where the YAML stops making sense.
    let json = expect_malformed(
        &s,
        &[
            t("ISMS-VALUE-004", "incidents/a.md", 1, 1),
            t("ISMS-VALUE-004", "incidents/b.md", 3, 1),
        ],
    );
    assert_eq!(
        rule_message(&json, "ISMS-VALUE-004", 0),
        "incidents/a.md: the front matter is not closed"
    );
    // A note linked from outside the repository, and a note whose name is
    // not UTF-8: refused, never dropped (exit 2, each named).
    std::fs::remove_file(s.path().join("incidents/a.md")).unwrap();
    std::fs::remove_file(s.path().join("incidents/b.md")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("c.md"),
        "---\ntitle: Elsewhere\nseverity: low\ndeclared: 2026-11-01\n---\n# C\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path().join("c.md"), s.path().join("incidents/c.md")).unwrap();
    use std::os::unix::ffi::OsStrExt;
    std::fs::write(
        s.path()
            .join("incidents")
            .join(std::ffi::OsStr::from_bytes(b"\xe9vil.md")),
        "---\ntitle: Evil\n---\n",
    )
    .unwrap();
    let (code, json) = s.check(&[]);
    assert_eq!(code, 2, "{json:#}");
    let found: Vec<(&str, &str)> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["code"].as_str().unwrap(), p["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "git::non-utf8-path",
                "`incidents/\\xe9vil.md` is a name that is not UTF-8: no rule can be told to govern it or not"
            ),
            (
                "io::escapes",
                "cannot read `incidents/c.md`: path leaves the ISMS repository"
            ),
        ],
        "{json:#}"
    );
}

/// An SoA row wider than its header (a justification written with a
/// comma and no quotes) is said once, at the row: its control is not also
/// said missing from the SoA.
#[test]
fn a_wide_soa_row_is_said_once() {
    let s = Scratch::example();
    s.replace(
        "registers/soa.csv",
        "A.7.5,No,Single office; no data centre of our own (AWS hosts all systems),",
        "A.7.5,No,Single office, no data centre of our own (AWS hosts all systems),",
    );
    let json = expect_malformed(&s, &[t("ISMS-VALUE-004", "registers/soa.csv", 51, 96)]);
    assert!(
        !common::findings(&json).iter().any(|f| f.0 == "ISMS-SOA-001"),
        "{json:#}"
    );
}
