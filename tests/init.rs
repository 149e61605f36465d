//! `isms init`: the scaffold is a valid ISMS whose check reports only what
//! the organisation must fill in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Runs isms with a HOME of its own, so git's user settings do not leak in.
fn isms(home: &Path, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(assert_cmd::cargo::cargo_bin("isms"))
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn init_scaffolds_an_isms_that_checks_to_a_to_do_list() {
    let home = tempfile::tempdir().unwrap();
    let parent = tempfile::tempdir().unwrap();
    let (code, out, err) = isms(
        home.path(),
        parent.path(),
        &["init", "acme", "--organisation", "Acme Ltd"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("created the ISMS of Acme Ltd in acme (17 files)\n"),
        "{out}"
    );
    let dir = parent.path().join("acme");
    assert!(dir.join(".git").is_dir(), "a git repository is created");
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/isms.yml")).unwrap();
    assert_eq!(
        workflow,
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/github-workflow.yml")).unwrap()
    );

    // isms.toml follows the published JSON Schema.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/isms.schema.json")).unwrap(),
    )
    .unwrap();
    let config: toml::Value = toml::from_str(&std::fs::read_to_string(dir.join("isms.toml")).unwrap()).unwrap();
    let config = serde_json::to_value(config).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&config).map(|e| e.to_string()).collect();
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(config["organisation"]["name"], "Acme Ltd");
    assert_eq!(config["person"][0]["id"], "manager");

    // The check runs (no problem stops it) and lists what to do.
    let (code, out, err) = isms(home.path(), &dir, &["check", "--format", "json", "--now", "2026-11-27"]);
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: BTreeSet<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        BTreeSet::from([
            "ISMS-APPROVAL-009",
            "ISMS-AUD-001",
            "ISMS-DOC-001",
            "ISMS-DOC-003",
            "ISMS-IMP-002",
            "ISMS-INC-001",
            "ISMS-MR-001",
            "ISMS-POL-002",
            "ISMS-RES-001",
            "ISMS-RISK-007",
            "ISMS-SOA-001",
            "ISMS-TRAIN-001",
            "ISMS-TRAIN-002",
        ])
    );
    // The scaffold's own prompts are reported as unwritten, with the
    // clause, until the organisation writes its own text; and the empty
    // risk register and objectives are gaps, not a pass.
    let at = |rule: &str| -> Vec<(String, u64)> {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| (f["file"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
            .collect()
    };
    assert_eq!(
        at("ISMS-DOC-003"),
        [
            ("docs/information-security-policy.md".to_string(), 12),
            ("docs/isms-scope.md".to_string(), 12),
            ("isms.toml".to_string(), 9)
        ]
    );
    assert_eq!(at("ISMS-RISK-007"), [("registers/risks.csv".to_string(), 1)]);
    assert_eq!(at("ISMS-IMP-002"), [("registers/objectives.toml".to_string(), 1)]);
    let scope = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ISMS-DOC-003" && f["file"] == "isms.toml")
        .unwrap();
    assert_eq!(
        scope["message"],
        "the ISMS scope in isms.toml is still a template's instruction: \"Describe in one line what the ISMS covers\""
    );
    assert_eq!(scope["clauses"], serde_json::json!(["4.3", "5.2", "7.5.2"]));
    assert_eq!(json["approvals"]["mode"], "unborn");

    // Running it again writes nothing.
    let (code, _, err) = isms(home.path(), parent.path(), &["init", "acme"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("already has isms.toml, docs/information-security-policy.md"),
        "{err}"
    );
}

#[test]
fn init_pre_commit_configuration_is_valid() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = isms(home.path(), dir.path(), &["init", "."]);
    assert_eq!(code, 0, "{err}");
    let out = Command::new("pre-commit")
        .args(["validate-config", ".pre-commit-config.yaml"])
        .current_dir(dir.path())
        .output()
        .expect("the pre-commit framework is not installed: `pip install pre-commit` (scripts/test does)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn git(home: &Path, dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn approval_findings(json: &serde_json::Value) -> Vec<(String, String, String, u64)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("ISMS-APPROVAL"))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// The first hour of an ISMS manager starting from nothing: `isms init`,
/// `git commit`, `isms check` — the adoption commit is the trust root
/// (`trust_root = "HEAD"` in the scaffold), so nothing in it needs an
/// approval; the one person the scaffold names gets one finding saying a
/// second approver is needed, a warning while nothing waits and one error
/// for every change they then make — not an error per governed file.
#[test]
fn the_first_commit_of_the_scaffold_is_checkable_and_one_person_gets_one_finding() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join(".gitconfig"),
        "[user]\n\tname = Alice Smith\n\temail = alice@acme.test\n[init]\n\tdefaultBranch = main\n",
    )
    .unwrap();
    let parent = tempfile::tempdir().unwrap();
    let (code, _, err) = isms(
        home.path(),
        parent.path(),
        &["init", "acme", "--organisation", "Acme Ltd"],
    );
    assert_eq!(code, 0, "{err}");
    let dir = parent.path().join("acme");
    let config = std::fs::read_to_string(dir.join("isms.toml")).unwrap();
    assert!(config.contains("\n[history]\ntrust_root = \"HEAD\"\n"), "{config}");
    let roles_line = config.lines().position(|l| l == "roles = [\"ceo\", \"ciso\"]").unwrap() as u64 + 1;
    git(home.path(), &dir, &["add", "-A"]);
    git(home.path(), &dir, &["commit", "-q", "-m", "Adopt isms"]);
    let first = git(home.path(), &dir, &["rev-parse", "HEAD"]).trim().to_string();

    let (code, out, err) = isms(home.path(), &dir, &["check", "--format", "json", "--now", "2026-11-27"]);
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["approvals"]["mode"], "state");
    assert_eq!(json["approvals"]["trust_root"], first.as_str());
    assert_eq!(
        json["approvals"]["baseline"].as_array().unwrap().len(),
        4,
        "{:#}",
        json["approvals"]
    );
    assert_eq!(
        approval_findings(&json),
        [(
            "ISMS-APPROVAL-009".into(),
            "warning".into(),
            "isms.toml".into(),
            roles_line
        )]
    );
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ISMS-APPROVAL-009")
        .unwrap();
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .starts_with("a second approver is needed: Alice Smith is the only person who may approve"),
        "{f:#}"
    );

    // Alice writes the policy and a risk: two governed files changed, one
    // error that says what is needed.
    let policy = dir.join("docs/information-security-policy.md");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, text + "\nWritten by Alice.\n").unwrap();
    let risks = dir.join("registers/risks.csv");
    let text = std::fs::read_to_string(&risks).unwrap();
    std::fs::write(&risks, text + "R-001,Laptop theft\n").unwrap();
    git(home.path(), &dir, &["commit", "-q", "-a", "-m", "Write the policy"]);
    let (code, out, err) = isms(home.path(), &dir, &["check", "--format", "json", "--now", "2026-11-27"]);
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        approval_findings(&json),
        [(
            "ISMS-APPROVAL-009".into(),
            "error".into(),
            "isms.toml".into(),
            roles_line
        )]
    );
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ISMS-APPROVAL-009")
        .unwrap();
    assert_eq!(
        f["message"],
        "a second approver is needed: 2 changes to governed files (docs/information-security-policy.md, registers/risks.csv) cannot be approved: Alice Smith is the only person who may approve, and made them"
    );
    // On a branch, `isms status` says the same one finding, and `isms
    // approve` refuses Alice before signing: a second approver is needed.
    git(home.path(), &dir, &["checkout", "-q", "-b", "more"]);
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, text + "\nMore by Alice.\n").unwrap();
    git(home.path(), &dir, &["commit", "-q", "-a", "-m", "More policy"]);
    let (code, out, err) = isms(home.path(), &dir, &["status", "--base", "main", "--color", "never"]);
    assert_eq!(code, 1, "{out}{err}");
    let listed: Vec<&str> = out.lines().filter(|l| l.starts_with("✗ error ")).collect();
    assert_eq!(
        listed,
        ["✗ error ISMS-APPROVAL-009 isms.toml:".to_string() + &roles_line.to_string()],
        "{out}"
    );
    let (code, out, err) = isms(
        home.path(),
        &dir,
        &["approve", "--base", "main", "--yes", "--color", "never"],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("approve::maker") && err.contains("a second approver is needed"),
        "{err}"
    );
    assert_eq!(git(home.path(), &dir, &["status", "--porcelain"]), "");
    git(home.path(), &dir, &["checkout", "-q", "main"]);

    // It cannot be waived or switched off: it stands for those approvals.
    std::fs::write(
        dir.join("isms.toml"),
        config.replace("[rules]\n", "[rules]\nseverity = { \"ISMS-APPROVAL-009\" = \"off\" }\n"),
    )
    .unwrap();
    let (code, out, _) = isms(home.path(), &dir, &["check", "--format", "json", "--now", "2026-11-27"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("config::unwaivable"), "{out}");
}

/// With a second person named before the first commit, nobody is alone:
/// no finding about a second approver.
#[test]
fn a_scaffold_with_two_approvers_needs_no_second_one() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join(".gitconfig"),
        "[user]\n\tname = Alice Smith\n\temail = alice@acme.test\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = isms(home.path(), dir.path(), &["init", "."]);
    assert_eq!(code, 0, "{err}");
    let config = std::fs::read_to_string(dir.path().join("isms.toml")).unwrap();
    let config = config.replace(
        "\n# Approval rules:",
        "\n[[person]]\nid = \"bob\"\nname = \"Bob Jones\"\nroles = [\"ceo\", \"ciso\"]\n\n# Approval rules:",
    );
    std::fs::write(dir.path().join("isms.toml"), config).unwrap();
    git(home.path(), dir.path(), &["add", "-A"]);
    git(home.path(), dir.path(), &["commit", "-q", "-m", "Adopt isms"]);
    let (_, out, err) = isms(
        home.path(),
        dir.path(),
        &["check", "--format", "json", "--now", "2026-11-27"],
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    assert_eq!(approval_findings(&json), Vec::<(String, String, String, u64)>::new());
}

/// A repository whose first branch is `main` (git's `init.defaultBranch`)
/// or `trunk`: before the first commit, the check lists what to fill in,
/// as it does on an unborn `master` (libgit2 calls only that one empty).
#[test]
fn the_scaffold_checks_before_the_first_commit_whatever_the_branch() {
    for branch in ["main", "trunk", "master"] {
        let home = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        git(home.path(), dir.path(), &["init", "-q", "-b", branch]);
        let (code, _, err) = isms(home.path(), dir.path(), &["init", "--organisation", "Acme Ltd"]);
        assert_eq!(code, 0, "{branch}: {err}");
        let (code, out, err) = isms(home.path(), dir.path(), &["check", "--format", "json"]);
        assert_eq!(code, 1, "{branch}: {out}{err}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(json["approvals"]["mode"], "unborn", "{branch}: {json:#}");
        assert!(
            json["problems"].as_array().is_none_or(|p| p.is_empty()),
            "{branch}: {json:#}"
        );
    }
}

/// An orphan branch checked out beside committed history is no new
/// repository: the check does not take it for one (which would judge no
/// approval at all) but fails closed, exit 2.
#[test]
fn an_orphan_branch_beside_history_is_not_taken_for_a_new_repository() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    git(home.path(), dir.path(), &["init", "-q", "-b", "main"]);
    let (code, _, err) = isms(home.path(), dir.path(), &["init", "--organisation", "Acme Ltd"]);
    assert_eq!(code, 0, "{err}");
    git(home.path(), dir.path(), &["add", "-A"]);
    git(
        home.path(),
        dir.path(),
        &[
            "-c",
            "user.name=A",
            "-c",
            "user.email=a@example.com",
            "commit",
            "-q",
            "-m",
            "scaffold",
        ],
    );
    git(home.path(), dir.path(), &["checkout", "-q", "--orphan", "evil"]);
    let (code, out, err) = isms(home.path(), dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 2, "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["problems"][0]["code"], "git::error", "{json:#}");
    assert_ne!(json["approvals"]["mode"], "unborn", "{json:#}");
}
