//! Reading a real ISMS as it is: documents with their own front-matter keys
//! mapped onto the built-in fields, defaults by path, ids from file names,
//! placeholders and bad values reported at their place as findings (never a
//! reason to stop), control ids in the spellings people use.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{Scratch, findings, t};

/// A Docusaurus-style site: YAML front matter with `title`, `status`,
/// `owner`, `next_review`, `effective_date`, `controls`, no `id`, no `type`.
const CONFIG: &str = r#"[organisation]
name = "Docs Ltd"

[roles.ceo]
name = "Chief Executive"
top_management = true

[roles.ciso]
name = "CISO"

[[person]]
id = "ana"
name = "Ana Silva"
emails = ["ana@docs.example"]
roles = ["ceo"]

[[person]]
id = "ivo"
name = "Ivo Petrov"
roles = ["ciso"]

[documents]
paths = ["docs/**/*.md"]
id_from_file = true
fields = { effective_date = "approved_on", "Approved By" = "approved_by" }

[[documents.defaults]]
paths = ["docs/policies/**"]
values = { type = "topic-specific-policy", owner = "ciso" }

[[documents.defaults]]
paths = ["docs/policies/information-security-policy.md"]
values = { type = "information-security-policy" }
"#;

fn site() -> Scratch {
    let s = Scratch::empty();
    s.write("isms.toml", CONFIG);
    s.write(
        "docs/policies/information-security-policy.md",
        "---\ntitle: Information Security Policy\nstatus: approved\nApproved By: ana\neffective_date: 2026-02-01\nnext_review: 2027-02-01\ncontrols: [iso27001:A.05.01]\n---\n# Information Security Policy\n",
    );
    s.write(
        "docs/policies/access-control.md",
        "---\ntitle: Access Control Policy\nstatus: draft\nowner: [TBD]\nnext_review: \"[TBD]\"\ncontrols: [\"ISO 27001 A.5.15\", A.9.2.3, A.5.99]\n---\n# Access Control\n",
    );
    s
}

#[test]
fn documents_are_read_as_they_are_through_mapping() {
    let s = site();
    let (code, input, err) = common::run(Some(s.path()), &["input", "--now", common::NOW]);
    assert_eq!(code, 0, "{err}");
    let input: serde_json::Value = serde_json::from_str(&input).unwrap();
    let docs = input["documents"].as_array().unwrap();
    let by_path = |p: &str| docs.iter().find(|d| d["path"] == p).unwrap();
    let policy = by_path("docs/policies/information-security-policy.md");
    // id from the file name, type and owner from the path defaults (the
    // more specific entry lists its own type), mapped keys.
    assert_eq!(policy["id"], "information-security-policy");
    assert_eq!(policy["owner"], "ciso");
    assert_eq!(policy["approved_by"], "ana");
    assert_eq!(policy["approved_on"], "2026-02-01");
    assert_eq!(policy["controls"], serde_json::json!(["A.5.1"]));
    let access = by_path("docs/policies/access-control.md");
    assert_eq!(access["id"], "access-control");
    assert_eq!(access["type"], "topic-specific-policy");
    assert_eq!(access["status"], "draft");
}

#[test]
fn placeholders_and_bad_values_are_findings_at_their_place() {
    let s = site();
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1, "{json:#}");
    let values: Vec<_> = findings(&json)
        .into_iter()
        .filter(|f| f.0.starts_with("ISMS-VALUE"))
        .collect();
    let file = "docs/policies/access-control.md";
    assert_eq!(
        values,
        [
            t("ISMS-VALUE-002", file, 4, 8),
            t("ISMS-VALUE-002", file, 5, 14),
            t("ISMS-VALUE-001", file, 6, 11),
        ],
        "{json:#}"
    );
    let messages: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("ISMS-VALUE"))
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages[0],
        "front matter `owner` is not filled in: `[\"TBD\"]` is a placeholder"
    );
    // Named with its 2022 successor, from the correspondence of the editions.
    assert_eq!(
        messages[2],
        "front matter `controls`: `A.9.2.3` is an ISO/IEC 27001:2013 control id: the 2022 edition renumbered Annex A, and A.8.2 succeeds it"
    );
    // The placeholder owner is absent, so the policy's own rule sees it;
    // at the same place, it is folded into the placeholder's finding.
    let at_owner = |json: &serde_json::Value| -> Vec<(String, String)> {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["file"] == file && f["line"] == 4)
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().into(),
                    f["severity"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(at_owner(&json), [("ISMS-VALUE-002".into(), "error".into())]);
    // A placeholder rule turned down to a warning never carries the
    // policy's error away with it.
    s.append("isms.toml", "\n[rules.severity]\nISMS-VALUE-002 = \"warning\"\n");
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(
        at_owner(&json),
        [
            ("ISMS-DOC-001".into(), "error".into()),
            ("ISMS-VALUE-002".into(), "warning".into())
        ]
    );
    // Nor does a waiver of the placeholder rule waive the policy's error.
    s.replace("isms.toml", "ISMS-VALUE-002 = \"warning\"\n", "");
    s.append(
        "isms.toml",
        "\n[[waiver]]\nrule = \"ISMS-VALUE-002\"\ntarget = \"*\"\nreason = \"templates being filled in\"\napproved_by = \"ana\"\nexpires = \"2027-12-31\"\n",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 1, "{json:#}");
    let open: Vec<_> = findings(&json)
        .into_iter()
        .filter(|f| f.1 == file && f.2 == 4)
        .collect();
    assert_eq!(open, [t("ISMS-DOC-001", file, 4, 8)], "{json:#}");
}

#[test]
fn a_mapping_onto_a_field_that_does_not_exist_is_located() {
    let s = site();
    s.replace(
        "isms.toml",
        "\"Approved By\" = \"approved_by\"",
        "\"Approved By\" = \"aproved_by\"",
    );
    let (code, json) = s.check(&[]);
    assert_eq!(code, 2, "{json:#}");
    let p = &json["problems"][0];
    assert_eq!(p["code"], "config::unknown-field");
    assert_eq!(p["help"], "did you mean `approved_by`?");
}

/// A template set converted from Word: the metadata in a document-control
/// table under the title, blanks as `[______]`.
#[test]
fn a_document_control_table_is_read_as_metadata() {
    let s = Scratch::empty();
    s.write(
        "isms.toml",
        CONFIG.replace(
            "fields = { effective_date = \"approved_on\", \"Approved By\" = \"approved_by\" }",
            "fields = { \"Document ID\" = \"id\", \"Effective date\" = \"approved_on\", \"Next review date\" = \"next_review\" }",
        ),
    );
    let doc = "# Access Control Policy\n\n| Document ID | POL-005 |\n|---|---|\n| Version | 1.0 |\n| Owner | [______] |\n| Approved by | ana |\n| Effective date | 2026-01-15 |\n| Next review date | [______] |\n| Classification | Internal |\n\n## Purpose\n\nText.\n";
    s.write("docs/policies/access-control.md", doc);
    let (code, out, err) = common::run(Some(s.path()), &["input", "--now", common::NOW]);
    assert_eq!(code, 0, "{err}");
    let input: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = &input["documents"][0];
    assert_eq!(d["id"], "POL-005");
    assert_eq!(d["title"], "Access Control Policy");
    assert_eq!(d["version"], "1.0");
    assert_eq!(d["approved_by"], "ana");
    assert_eq!(d["approved_on"], "2026-01-15");
    assert_eq!(d["classification"], "internal");
    assert_eq!(d["owner"], serde_json::Value::Null);
    // Both blanks are reported at their cell.
    let (_, json) = s.check(&[]);
    let values: Vec<_> = findings(&json)
        .into_iter()
        .filter(|f| f.0.starts_with("ISMS-VALUE"))
        .collect();
    let file = "docs/policies/access-control.md";
    assert_eq!(
        values,
        [t("ISMS-VALUE-002", file, 6, 11), t("ISMS-VALUE-002", file, 9, 22)],
        "{json:#}"
    );
}

/// What a fixture leaves out on purpose, and so what `isms check` rightly
/// reports about every one of them: it is a slice of an ISMS, not a whole
/// one (see tests/fixtures/README.md).
const NOT_IN_ANY_FIXTURE: &[(&str, &str, u64, u64)] = &[
    ("ISMS-AUD-001", "", 0, 0),
    ("ISMS-INC-001", "", 0, 0),
    ("ISMS-RES-001", "", 0, 0),
];

/// `isms adopt` on a fixture (a copy of `tests/fixtures/NAME`), then `isms
/// check`: exit 1, no problem, and exactly the expected findings — every
/// one, in the order reported — so a finding nobody planted fails the test
/// (precision), as does a planted one that goes missing (recall).
fn adopt_then_check(name: &str, expected: &[(&str, &str, u64, u64)]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    common::copy_dir(&from, dir.path());
    let (code, out, err) = common::run(Some(dir.path()), &["adopt", "--organisation", "Fixture Ltd"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("wrote "), "{out}");
    // Never overwrites.
    let (code, _, err) = common::run(Some(dir.path()), &["adopt"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already exists"), "{err}");
    let (code, json) = common::check_at(dir.path(), &[]);
    assert_eq!(code, 1, "{json:#}");
    assert!(json["problems"].as_array().is_none_or(|p| p.is_empty()), "{json:#}");
    let want: Vec<_> = NOT_IN_ANY_FIXTURE
        .iter()
        .chain(expected)
        .map(|(r, f, l, c)| t(r, f, *l, *c))
        .collect();
    assert_eq!(findings(&json), want, "{json:#}");
    json
}

#[test]
fn adopt_a_docusaurus_site() {
    let access = "docs/policies/access-control.md";
    let crypto = "docs/policies/cryptography.md";
    let isp = "docs/policies/information-security-policy.md";
    let incident = "docs/procedures/incident-response.md";
    let json = adopt_then_check(
        "docusaurus",
        &[
            // Planted: a draft policy nobody approved, its owner and review
            // date left as [TBD], a 2013 control id.
            ("ISMS-DOC-001", access, 1, 1),
            ("ISMS-VALUE-002", access, 4, 8),
            ("ISMS-VALUE-002", access, 5, 14),
            ("ISMS-VALUE-001", access, 7, 11),
            // The roles the documents name, held by nobody in a fixture
            // without people.
            ("ISMS-ROLE-002", crypto, 4, 8),
            ("ISMS-ROLE-002", crypto, 5, 14),
            // Planted: a control id that does not exist.
            ("ISMS-VALUE-001", crypto, 8, 11),
            // The policy as written: no approval rule of top management
            // enforces the approval it records, three required sections
            // missing, its approver holds no active role, never communicated.
            ("ISMS-POL-006", isp, 1, 1),
            ("ISMS-POL-004", isp, 2, 8),
            ("ISMS-POL-004", isp, 2, 8),
            ("ISMS-POL-004", isp, 2, 8),
            ("ISMS-ROLE-002", isp, 4, 8),
            ("ISMS-POL-002", isp, 5, 14),
            ("ISMS-POL-005", isp, 6, 17),
            ("ISMS-ROLE-002", incident, 4, 8),
            // Planted: a date that is not one.
            ("ISMS-VALUE-001", incident, 6, 14),
            // Left out of the fixture: scope, reviews, SoA, people.
            ("ISMS-DOC-001", "isms.toml", 5, 1),
            ("ISMS-MR-001", "isms.toml", 5, 1),
            ("ISMS-SOA-001", "isms.toml", 5, 1),
            ("ISMS-ROLE-001", "isms.toml", 10, 1),
            ("ISMS-ROLE-001", "isms.toml", 14, 1),
        ],
    );
    // One defect, one finding: the owner left as [TBD] is not also
    // reported as a missing owner; the help says what it causes.
    let owner = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ISMS-VALUE-002" && f["line"] == 4)
        .unwrap();
    assert!(
        owner["help"]
            .as_str()
            .unwrap()
            .ends_with("so also ISMS-DOC-001: topic-specific policy access-control has no owner"),
        "{owner:#}"
    );
}

#[test]
fn adopt_word_templates_with_document_control_tables() {
    let asset = "templates/policies/asset-management-policy.md";
    let supplier = "templates/policies/supplier-policy.md";
    let backup = "templates/procedures/backup-procedure.md";
    adopt_then_check(
        "word",
        &[
            // Left out of the fixture: scope, reviews, the information
            // security policy, SoA, people.
            ("ISMS-DOC-001", "isms.toml", 5, 1),
            ("ISMS-MR-001", "isms.toml", 5, 1),
            ("ISMS-POL-001", "isms.toml", 5, 1),
            ("ISMS-SOA-001", "isms.toml", 5, 1),
            ("ISMS-ROLE-001", "isms.toml", 10, 1),
            ("ISMS-ROLE-001", "isms.toml", 14, 1),
            ("ISMS-ROLE-002", asset, 6, 11),
            ("ISMS-ROLE-002", asset, 7, 17),
            // Planted: a template never filled in, a date in another format.
            ("ISMS-VALUE-002", supplier, 5, 13),
            ("ISMS-VALUE-002", supplier, 6, 11),
            ("ISMS-VALUE-002", supplier, 7, 17),
            ("ISMS-VALUE-002", supplier, 8, 20),
            ("ISMS-VALUE-001", supplier, 9, 22),
            ("ISMS-ROLE-002", backup, 6, 11),
            ("ISMS-ROLE-002", backup, 7, 17),
            // Planted: a classification the scheme does not have.
            ("ISMS-VALUE-001", backup, 10, 20),
        ],
    );
}

#[test]
fn adopt_spreadsheet_registers() {
    let risks = "registers/risk-register.csv";
    let soa = "registers/statement-of-applicability.csv";
    let json = adopt_then_check(
        "spreadsheet",
        &[
            // Left out of the fixture: scope, reviews, the policy, people.
            ("ISMS-DOC-001", "isms.toml", 5, 1),
            ("ISMS-MR-001", "isms.toml", 5, 1),
            ("ISMS-POL-001", "isms.toml", 5, 1),
            ("ISMS-ROLE-001", "isms.toml", 10, 1),
            ("ISMS-ROLE-001", "isms.toml", 14, 1),
            // The register as kept: no review dates, R-001's residual risk
            // above the threshold and not accepted, controls the two-line
            // SoA does not list.
            ("ISMS-RISK-003", risks, 2, 1),
            ("ISMS-RISK-005", risks, 2, 1),
            ("ISMS-RISK-001", risks, 2, 39),
            ("ISMS-RISK-004", risks, 2, 59),
            ("ISMS-RISK-005", risks, 3, 1),
            ("ISMS-RISK-001", risks, 3, 30),
            ("ISMS-RISK-004", risks, 3, 48),
            ("ISMS-RISK-005", risks, 4, 1),
            // Planted: an owner left as TBD.
            ("ISMS-VALUE-002", risks, 4, 36),
            ("ISMS-RISK-004", risks, 4, 55),
            ("ISMS-RISK-005", risks, 5, 1),
            ("ISMS-RISK-001", risks, 5, 42),
            // Planted: a likelihood in words, a 2013 control id.
            ("ISMS-VALUE-001", risks, 5, 47),
            ("ISMS-VALUE-001", risks, 5, 65),
            ("ISMS-SOA-001", soa, 1, 1),
            ("ISMS-SOA-003", soa, 1, 1),
            // The SoA as kept: no implementation status column, owners held
            // by nobody. (Before the rules ran on regorus's compiled VM, the
            // interpreter dropped these four: the last row's id is unreadable,
            // and one undefined finding emptied the rule's whole set.)
            ("ISMS-SOA-002", soa, 2, 1),
            ("ISMS-ROLE-002", soa, 2, 29),
            ("ISMS-SOA-002", soa, 3, 1),
            ("ISMS-ROLE-002", soa, 3, 26),
            // Planted: a control that does not exist.
            ("ISMS-VALUE-001", soa, 4, 1),
        ],
    );
    // ISO 27005 words and `5.1` control ids are read as they are: R-001's
    // controls reach the rules as A.5.1 and A.8.13.
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["message"] == "risk R-001 relies on A.8.13, which is not in the Statement of Applicability"),
        "{json:#}"
    );
}

#[test]
fn the_organisation_adds_its_own_placeholder_patterns() {
    let s = site();
    s.append(
        "isms.toml",
        "\n[rules]\nplaceholders = [\"to be (decided|confirmed)\", \"-+\"]\n",
    );
    s.write(
        "docs/policies/cryptography.md",
        "---\ntitle: Cryptography Policy\nstatus: approved\nowner: ivo\nApproved By: To be confirmed\nnext_review: 2027-01-01\n---\n# Cryptography\n",
    );
    let (_, json) = s.check(&[]);
    let crypto = "docs/policies/cryptography.md";
    let found: Vec<_> = findings(&json)
        .into_iter()
        .filter(|f| f.0 == "ISMS-VALUE-002" && f.1 == crypto)
        .collect();
    assert_eq!(found, [t("ISMS-VALUE-002", crypto, 5, 14)], "{json:#}");
    // A pattern that is not a regular expression is located.
    s.replace("isms.toml", "\"-+\"", "\"(unclosed\"");
    let (code, json) = s.check(&[]);
    assert_eq!(code, 2, "{json:#}");
    assert_eq!(json["problems"][0]["code"], "config::bad-value");
}

/// Registers kept as YAML or JSON are read by their record keys: `isms
/// adopt` maps them like CSV headers, and the check reads every record.
#[test]
fn adopt_maps_the_record_keys_of_yaml_and_json_registers() {
    let s = Scratch::empty();
    s.write(
        "registers/asset-inventory.yaml",
        "assets:\n  - Asset ID: AS-001\n    Asset: Customer database\n    Asset Owner: ciso\n    Classification: confidential\n    Hosting: AWS eu-west-2\n  - Asset ID: AS-002\n    Asset: Laptop fleet\n    Asset Owner: ciso\n    Classification: secret\n",
    );
    s.write(
        "registers/risks.json",
        r#"{"risks": [{"Risk ID": "R-001", "Risk": "Stolen laptop", "Risk Owner": "ciso", "Likelihood": 2, "Impact": 3, "Score": 6, "Treatment": "mitigate", "Status": "treated"}]}"#,
    );
    let (code, out, err) = common::run(Some(s.path()), &["adopt", "--organisation", "Yaml Ltd"]);
    assert_eq!(code, 0, "{out}{err}");
    let config = s.read("isms.toml");
    assert!(
        config.contains(
            "[[register]]\nkind = \"assets\"\npath = \"registers/asset-inventory.yaml\"\ncolumns = { \"Asset\" = \"name\", \"Asset ID\" = \"id\", \"Asset Owner\" = \"owner\" }\nextra = [\"Hosting\"]\n"
        ),
        "{config}"
    );
    assert!(config.contains("path = \"registers/risks.json\""), "{config}");
    let (_, json) = common::check_at(s.path(), &[]);
    assert!(json["problems"].as_array().is_none_or(|p| p.is_empty()), "{json:#}");
    // Every record read: the bad classification is a finding at its value.
    let bad: Vec<_> = findings(&json)
        .into_iter()
        .filter(|f| f.0.starts_with("ISMS-VALUE"))
        .collect();
    assert_eq!(
        bad,
        [t("ISMS-VALUE-001", "registers/asset-inventory.yaml", 10, 21)],
        "{json:#}"
    );
    let input = common::run(Some(s.path()), &["input"]).1;
    let input: serde_json::Value = serde_json::from_str(&input).unwrap();
    assert_eq!(input["registers"]["assets"].as_array().unwrap().len(), 2);
    assert_eq!(input["registers"]["risks"][0]["owner"], "ciso");
}

/// What editors and spreadsheets write: a byte-order mark and CRLF line
/// ends before front matter, a `;`-separated CSV export, a file that is not
/// UTF-8 at all. Adopted as they are: the document is read, the delimiter
/// configured, the unreadable file left out by name — zero problems, and
/// findings at their place in each.
#[test]
fn adopt_reads_what_editors_and_spreadsheets_write() {
    let s = Scratch::empty();
    s.write(
        "docs/policies/password-policy.md",
        "\u{feff}---\r\ntitle: Password Policy\r\nowner:\r\n  - IT Manager\r\n  - CISO\r\nversion: 1.2\r\n---\r\n# Password Policy\r\n",
    );
    s.write("docs/policies/scan.md", [0xff_u8, 0xfe, 0x00, b'x']);
    s.write(
        "registers/risk-register.csv",
        "ID;Risk;Owner;Likelihood;Impact\nR1;Laptop theft;CISO;3;4\nR2;Phishing;;5;5\n",
    );
    let (code, out, err) = common::run(Some(s.path()), &["adopt", "--organisation", "Messy Ltd"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("`docs/policies/scan.md`: file is not valid UTF-8"),
        "{out}"
    );
    let config = s.read("isms.toml");
    assert!(config.contains("exclude = [\"docs/policies/scan.md\"]"), "{config}");
    assert!(
        config.contains("path = \"registers/risk-register.csv\"\ndelimiter = \";\"\n"),
        "{config}"
    );
    let (_, json) = common::check_at(s.path(), &["--no-history"]);
    assert!(json["problems"].as_array().is_none_or(|p| p.is_empty()), "{json:#}");
    let found = findings(&json);
    // The owner given as a list, at its place in the CRLF front matter.
    assert!(
        found.contains(&t("ISMS-VALUE-001", "docs/policies/password-policy.md", 4, 3)),
        "{json:#}"
    );
    // Cells of the `;` export located by column; a missing owner is one
    // finding, not two.
    assert!(
        found.contains(&t("ISMS-RISK-001", "registers/risk-register.csv", 2, 17)),
        "{json:#}"
    );
    let r2: Vec<_> = found
        .iter()
        .filter(|f| {
            f.1 == "registers/risk-register.csv" && f.2 == 3 && (f.0 == "ISMS-RISK-001" || f.0 == "ISMS-VALUE-003")
        })
        .collect();
    assert_eq!(
        r2,
        [&t("ISMS-VALUE-003", "registers/risk-register.csv", 3, 1)],
        "{json:#}"
    );
}
