//! Emergency changes on real signed repositories: a declaration signed by
//! an eligible declarer (`isms emergency`, with `ssh-keygen`) lets exactly
//! the content it names through with a warning; once merged, the change
//! is an error after the deadline unless the rule's approvers (never the
//! declarer) approved it; the audit and the evidence pack show it. Each
//! abuse — a declarer not eligible, other content, a passed deadline, a
//! declaration re-used, the configuration, an `[emergency]` the branch
//! adds — lets nothing through.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::lab::{Lab, RISKS};
use common::{sh, t};
use serde_json::Value;

const EMERGENCY: &str = "ISMS-APPROVAL-010";
const MISSING: &str = "ISMS-APPROVAL-001";
const SETTING: &str = "\n[emergency]\ndeclarers = [\"ciso\"]\ndeadline = \"72h\"\nrules = [\"risk register\"]\n";
const REASON: &str = "ransomware outbreak: R-001 rescored for the incident INC-7";

fn git(lab: &Lab, args: &[&str]) -> String {
    sh(lab.path(), "git", args, &[]).trim().to_string()
}

/// When the tests' declarations are made: early on the day the example
/// ISMS is checked on (`common::NOW`), so that its other rules find
/// nothing whatever the real date.
const DECLARED: &str = "2026-11-27T03:00:00Z";

/// `days` after the declaration's day, as `--now` takes it: day 1 is
/// within its 72 hours, day 4 after them.
fn day(days: i64) -> String {
    (chrono::NaiveDate::parse_from_str(common::NOW, "%Y-%m-%d").unwrap() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// Sets up git as `person` would have it: e-mail, SSH signing with their key.
fn as_person(lab: &Lab, person: &str) {
    let key = lab.keys[person].0.to_str().unwrap().to_string();
    git(lab, &["config", "user.email", &Lab::email(person)]);
    git(lab, &["config", "user.name", person]);
    git(lab, &["config", "gpg.format", "ssh"]);
    git(lab, &["config", "user.signingkey", &key]);
}

/// A lab whose `main` (the baseline) has `[emergency]` when `configured`,
/// and whose branch `change` has Omar's edit of the risk register.
fn change(configured: bool) -> Lab {
    let lab = Lab::new();
    if configured {
        lab.s.append("isms.toml", SETTING);
        lab.amend_baseline();
    }
    git(&lab, &["branch", "-M", "main"]);
    git(&lab, &["checkout", "-q", "-b", "change"]);
    lab.edit_risks(1);
    lab.commit("omar", None, "Rescore R-001 for the incident");
    lab
}

fn declare(lab: &Lab, person: &str) -> (i32, String, String) {
    as_person(lab, person);
    common::run(
        Some(lab.path()),
        &[
            "emergency",
            "--base",
            "main",
            "--reason",
            REASON,
            "--yes",
            "--at",
            DECLARED,
        ],
    )
}

/// Omar merges `change` into `main` with a merge commit (unsigned).
fn merge(lab: &Lab, branch: &str) {
    git(lab, &["checkout", "-q", "main"]);
    let who = [
        ("GIT_AUTHOR_NAME", "Omar"),
        ("GIT_AUTHOR_EMAIL", "omar.haddad@lumen-health.example"),
        ("GIT_COMMITTER_NAME", "Omar"),
        ("GIT_COMMITTER_EMAIL", "omar.haddad@lumen-health.example"),
    ];
    sh(
        lab.path(),
        "git",
        &["merge", "-q", "--no-ff", branch, "-m", &format!("Merge {branch}")],
        &who,
    );
}

fn approval_findings(json: &Value) -> Vec<(String, String, u64, u64)> {
    common::findings(json)
        .into_iter()
        .filter(|f| f.0.starts_with("ISMS-APPROVAL"))
        .collect()
}

fn one(json: &Value, rule: &str) -> (String, String) {
    let f = common::finding(json, rule);
    (
        f["severity"].as_str().unwrap().to_string(),
        f["message"].as_str().unwrap().to_string(),
    )
}

/// The entry `100644:<blob>` of `path` at `rev`, as declarations write it.
fn entry(lab: &Lab, rev: &str, path: &str) -> String {
    format!("100644:{}", git(lab, &["rev-parse", &format!("{rev}:{path}")]))
}

/// A declaration made by hand (not through `isms emergency`, which
/// refuses what would let nothing through), signed by `signer`'s key in
/// the declarations' namespace, committed on the current branch.
fn declare_by_hand(lab: &Lab, signer: &str, declarer: &str, declared: &str, file: &str) {
    let payload = format!("isms-emergency v1\ndeclarer: {declarer}\ndeclared: {declared}\nreason: {REASON}\n{file}");
    let dir = tempfile::tempdir().unwrap();
    let message = dir.path().join("declaration");
    std::fs::write(&message, &payload).unwrap();
    sh(
        dir.path(),
        "ssh-keygen",
        &[
            "-q",
            "-Y",
            "sign",
            "-n",
            "isms-emergency",
            "-f",
            lab.keys[signer].0.to_str().unwrap(),
            message.to_str().unwrap(),
        ],
        &[],
    );
    let signature = std::fs::read_to_string(dir.path().join("declaration.sig")).unwrap();
    let name = format!(
        ".isms/approvals/{declarer}-by-hand-{}.emergency",
        declared.replace(':', "")
    );
    lab.s.write(&name, format!("{payload}{signature}"));
    lab.commit(declarer, None, "Declare an emergency by hand");
}

fn now_text() -> String {
    DECLARED.to_string()
}

fn risks_declaration(lab: &Lab) -> String {
    format!(
        "file {} {} {RISKS}\n",
        entry(lab, "main", RISKS),
        entry(lab, "HEAD", RISKS)
    )
}

#[test]
fn an_emergency_passes_with_a_warning_then_fails_after_its_deadline_unless_approved() {
    let lab = change(true);
    let (code, out, err) = declare(&lab, "priya");
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Signed and committed") && out.contains(".emergency"),
        "{out}"
    );

    // The pull request: passes, with one warning naming the declarer, the
    // reason and the deadline.
    let (code, json) = lab.s.check(&["--base", "main", "--now", &day(1)]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(approval_findings(&json), vec![t(EMERGENCY, RISKS, 2, 1)]);
    let (severity, message) = one(&json, EMERGENCY);
    assert_eq!(severity, "warning");
    assert!(
        message.contains("declared by Priya Raman (priya)")
            && message.contains(REASON)
            && message.contains("(72h after the declaration)")
            && message.contains("(not Priya Raman (priya))"),
        "{message}"
    );

    merge(&lab, "change");
    // On main: still a warning within the deadline.
    let (code, json) = lab.s.check(&["--now", &day(1)]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(one(&json, EMERGENCY).0, "warning");
    // The deadline passes without an approval: an error.
    let (code, json) = lab.s.check(&["--now", &day(4)]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(approval_findings(&json), vec![t(EMERGENCY, RISKS, 1, 1)]);
    let (severity, message) = one(&json, EMERGENCY);
    assert_eq!(severity, "error");
    assert!(message.contains("has passed"), "{message}");
    let (code, out, _) = common::run(Some(lab.path()), &["audit", "--format", "json", "--now", &day(4)]);
    assert_eq!(code, 1, "{out}");

    // Lena (CTO, an approver of the risk register) approves on main.
    lab.commit("lena", Some("lena"), "Approve the emergency change of R-001");
    let (code, json) = lab.s.check(&["--now", &day(4)]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(approval_findings(&json), vec![]);

    // The audit shows the emergency and who approved it.
    let (code, out, err) = common::run(Some(lab.path()), &["audit", "--format", "json", "--now", &day(4)]);
    assert_eq!(code, 0, "{out}{err}");
    let audit: Value = serde_json::from_str(&out).unwrap();
    let version = audit["versions"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|v| v["path"] == RISKS)
        .unwrap();
    assert_eq!(version["approved"], true, "{version:#}");
    assert_eq!(version["approvers"][0]["person"], "lena", "{version:#}");
    assert_eq!(version["emergency"]["declarer"], "priya", "{version:#}");
    assert_eq!(version["emergency"]["reason"], REASON, "{version:#}");
    let (_, text, _) = common::run(Some(lab.path()), &["audit", "--format", "markdown", "--now", &day(4)]);
    assert!(text.contains("## Emergency changes"), "{text}");
    assert!(text.contains(REASON) && text.contains("approved by lena"), "{text}");

    // The evidence pack has the section too.
    let (code, pack, err) = common::run(Some(lab.path()), &["report", "--format", "markdown", "--now", &day(4)]);
    assert_eq!(code, 0, "{err}");
    let section = pack
        .split("Emergency changes")
        .nth(1)
        .unwrap_or_else(|| panic!("{pack}"));
    assert!(
        section.contains("Priya Raman (priya)") && section.contains(REASON) && section.contains("lena"),
        "{section}"
    );
}

#[test]
fn an_overdue_emergency_is_in_the_evidence_pack_and_the_audit_as_overdue() {
    let lab = change(true);
    assert_eq!(declare(&lab, "priya").0, 0);
    merge(&lab, "change");
    let (_, pack, err) = common::run(Some(lab.path()), &["report", "--format", "markdown", "--now", &day(4)]);
    let section = pack
        .split("Emergency changes")
        .nth(1)
        .unwrap_or_else(|| panic!("{pack}{err}"));
    assert!(section.contains("overdue"), "{section}");
    let (code, text, _) = common::run(Some(lab.path()), &["audit", "--now", &day(4)]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("emergency") && text.contains("overdue"), "{text}");
}

#[test]
fn a_declaration_by_someone_not_eligible_lets_nothing_through() {
    let lab = change(true);
    // Lena (CTO) may approve the register but not declare.
    let (code, _, err) = declare(&lab, "lena");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("emergency::not-eligible"), "{err}");
    // Made by hand anyway: nothing.
    declare_by_hand(&lab, "lena", "lena", &now_text(), &risks_declaration(&lab));
    let (code, json) = lab.s.check(&["--base", "main", "--now", &day(1)]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(approval_findings(&json), vec![t(MISSING, RISKS, 2, 1)]);
    // Signed by a stranger's key in Priya's name: nothing.
    declare_by_hand(&lab, "stranger", "priya", &now_text(), &risks_declaration(&lab));
    let (code, json) = lab.s.check(&["--base", "main", "--now", &day(1)]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(approval_findings(&json), vec![t(MISSING, RISKS, 2, 1)]);
}

#[test]
fn a_declaration_for_other_content_lets_nothing_through() {
    let lab = change(true);
    assert_eq!(declare(&lab, "priya").0, 0);
    // Omar changes the register again after the declaration.
    lab.edit_risks(2);
    lab.commit("omar", None, "Rescore again");
    let (code, json) = lab.s.check(&["--base", "main", "--now", &day(1)]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(approval_findings(&json), vec![t(MISSING, RISKS, 2, 1)]);
}

#[test]
fn a_declaration_after_its_deadline_lets_nothing_through() {
    let lab = change(true);
    assert_eq!(declare(&lab, "priya").0, 0);
    let (code, json) = lab.s.check(&["--base", "main", "--now", &day(4)]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(approval_findings(&json), vec![t(EMERGENCY, RISKS, 2, 1)]);
    assert_eq!(one(&json, EMERGENCY).0, "error");
    // Dated in the future (to stretch its deadline): nothing.
    let lab = change(true);
    declare_by_hand(&lab, "priya", "priya", "2099-01-01T00:00:00Z", &risks_declaration(&lab));
    let (code, json) = lab.s.check(&["--base", "main", "--now", &day(0)]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(approval_findings(&json), vec![t(MISSING, RISKS, 2, 1)]);
    assert!(one(&json, MISSING).1.contains("is dated after the time of this check"));
}

#[test]
fn a_declaration_reused_for_a_second_change_lets_nothing_through() {
    let lab = change(true);
    assert_eq!(declare(&lab, "priya").0, 0);
    let used = git(&lab, &["ls-files", ".isms/approvals"]);
    let text = lab.s.read(&used);
    merge(&lab, "change");
    lab.commit("lena", Some("lena"), "Approve the emergency change");
    // The register goes back (approved), then a branch makes the very same
    // change again and brings the old declaration under a new name.
    let before = git(&lab, &["rev-parse", "main~2"]);
    git(&lab, &["checkout", "-q", &before, "--", RISKS]);
    lab.commit("omar", None, "Back to the old scores");
    lab.commit("lena", Some("lena"), "Approve going back");
    git(&lab, &["checkout", "-q", "-b", "again"]);
    lab.edit_risks(1);
    lab.s.write(".isms/approvals/priya-again.emergency", &text);
    lab.commit("omar", None, "The same change again");
    let (code, json) = lab.s.check(&["--base", "main", "--now", &day(1)]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(approval_findings(&json), vec![t(MISSING, RISKS, 2, 1)]);
}

#[test]
fn the_declarer_cannot_also_be_the_retroactive_approver() {
    let lab = change(true);
    assert_eq!(declare(&lab, "priya").0, 0);
    merge(&lab, "change");
    // Priya (CISO: an approver of the register too) approves her own
    // emergency afterwards: it does not count.
    lab.commit("priya", Some("priya"), "Approve my emergency");
    let (code, json) = lab.s.check(&["--now", &day(4)]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(approval_findings(&json), vec![t(EMERGENCY, RISKS, 1, 1)]);
    assert!(one(&json, EMERGENCY).1.contains("it has 0"), "{json:#}");
}

#[test]
fn a_declaration_never_covers_the_configuration() {
    // A configuration naming the rule over isms.toml is refused, located.
    let lab = Lab::new();
    lab.s.append(
        "isms.toml",
        "\n[emergency]\ndeclarers = [\"ciso\"]\ndeadline = \"72 hours\"\nrules = [\"risk register\", \"ISMS configuration\"]\n",
    );
    let (code, json) = lab.s.check(&["--no-history"]);
    assert_eq!(code, 2, "{json:#}");
    let text = lab.s.read("isms.toml");
    let line = text.lines().count() as u64;
    assert_eq!(
        common::problems(&json),
        vec![
            t("config::bad-value", "isms.toml", line - 1, 12),
            t("config::emergency-config", "isms.toml", line, 27),
        ]
    );

    // A declaration covering isms.toml, under a configuration whose
    // [emergency] is valid: nothing.
    let lab = change(true);
    git(&lab, &["reset", "-q", "--hard", "main"]);
    lab.s
        .replace("isms.toml", "name = \"Lumen Health", "name = \"Lumen Health Ltd");
    lab.commit("omar", None, "Rename the organisation");
    let (code, _, err) = declare(&lab, "priya");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("emergency::nothing"), "{err}");
    let file = format!(
        "file {} {} isms.toml\n",
        entry(&lab, "main", "isms.toml"),
        entry(&lab, "HEAD", "isms.toml")
    );
    declare_by_hand(&lab, "priya", "priya", &now_text(), &file);
    let (code, json) = lab.s.check(&["--base", "main", "--now", &day(1)]);
    assert_eq!(code, 1, "{json:#}");
    assert!(
        approval_findings(&json).iter().all(|f| f.0 == MISSING) && !approval_findings(&json).is_empty(),
        "{json:#}"
    );
}

#[test]
fn an_emergency_setting_added_by_the_branch_does_nothing() {
    let lab = change(false);
    lab.s.append("isms.toml", SETTING);
    lab.commit("omar", None, "Allow emergencies");
    let (code, _, err) = declare(&lab, "priya");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("emergency::not-configured"), "{err}");
    declare_by_hand(&lab, "priya", "priya", &now_text(), &risks_declaration(&lab));
    let (code, json) = lab.s.check(&["--base", "main", "--now", &day(1)]);
    assert_eq!(code, 1, "{json:#}");
    let found = approval_findings(&json);
    assert!(found.contains(&t(MISSING, RISKS, 2, 1)), "{found:?}");
    assert!(found.iter().all(|f| f.0 == MISSING), "{found:?}");
}

#[test]
fn status_me_lists_the_emergencies_waiting_for_me() {
    let lab = change(true);
    assert_eq!(declare(&lab, "priya").0, 0);
    merge(&lab, "change");
    as_person(&lab, "lena");
    let (code, out, err) = common::run(Some(lab.path()), &["status", "--me", "--base", "main"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!("main: {RISKS}: emergency declared by Priya Raman (priya)")) && out.contains(REASON),
        "{out}"
    );
    // Not for the declarer.
    as_person(&lab, "priya");
    let (_, out, _) = common::run(Some(lab.path()), &["status", "--me", "--base", "main"]);
    assert!(!out.contains("emergency declared"), "{out}");
}

#[test]
fn an_approval_statement_made_after_the_merge_approves_the_emergency() {
    let lab = change(true);
    assert_eq!(declare(&lab, "priya").0, 0);
    merge(&lab, "change");
    // Lena approves on a branch of main that brings nothing else.
    git(&lab, &["checkout", "-q", "-b", "approve-emergency"]);
    as_person(&lab, "lena");
    let (code, out, err) = common::run(Some(lab.path()), &["approve", "--base", "main", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("emergency declared by Priya Raman (priya)"), "{out}");
    assert!(
        out.contains("approves the emergency change once this branch is merged"),
        "{out}"
    );
    // The branch itself passes (a statement is not governed).
    let (code, json) = lab.s.check(&["--base", "main", "--now", &day(1)]);
    assert_eq!(code, 0, "{json:#}");
    merge(&lab, "approve-emergency");
    let (code, json) = lab.s.check(&["--now", &day(4)]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(approval_findings(&json), vec![]);
    let (code, text, _) = common::run(Some(lab.path()), &["audit", "--now", &day(4)]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("approved by lena") && text.contains("approval statement"),
        "{text}"
    );
    // Nothing waits for Lena any more.
    let (_, out, _) = common::run(Some(lab.path()), &["status", "--me", "--base", "main"]);
    assert!(!out.contains("emergency declared"), "{out}");
}

#[test]
fn a_postdated_declaration_lets_nothing_through_on_main() {
    let lab = change(true);
    // Dated far ahead (after any commit this test makes), to start its
    // deadline late.
    declare_by_hand(&lab, "priya", "priya", "2099-01-01T00:00:00Z", &risks_declaration(&lab));
    // Judged then, the pull request would take it.
    // (Other rules have much to say in 2099: only the approval findings
    // are compared.)
    let (_, json) = lab.s.check(&["--base", "main", "--now", "2099-01-02"]);
    assert_eq!(approval_findings(&json), vec![t(EMERGENCY, RISKS, 2, 1)]);
    assert_eq!(one(&json, EMERGENCY).0, "warning");
    // Merged today, it is dated after the commit that brought it: nothing.
    merge(&lab, "change");
    let (code, json) = lab.s.check(&["--now", "2099-01-02"]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(approval_findings(&json), vec![t(MISSING, RISKS, 1, 1)]);
}

#[test]
fn emergency_settings_are_checked_and_located() {
    let lab = Lab::new();
    lab.s.append(
        "isms.toml",
        "\n[emergency]\ndeclarers = [\"on-call\"]\ndeadline = \"0h\"\nrules = [\"risk registr\"]\n",
    );
    let (code, json) = lab.s.check(&["--no-history"]);
    assert_eq!(code, 2, "{json:#}");
    let line = lab.s.read("isms.toml").lines().count() as u64;
    assert_eq!(
        common::problems(&json),
        vec![
            t("config::unknown-role", "isms.toml", line - 2, 14),
            t("config::bad-value", "isms.toml", line - 1, 12),
            t("config::unknown-rule", "isms.toml", line, 10),
        ]
    );
    let rendered = json["problems"][2]["help"].as_str().unwrap_or_default();
    assert!(rendered.contains("did you mean `risk register`?"), "{json:#}");
}

#[test]
fn the_audit_judges_each_version_alone() {
    // An unapproved change pushed to main, then an emergency merged over it:
    // the first stays a missing approval, the second is the emergency.
    let lab = Lab::new();
    lab.s.append("isms.toml", SETTING);
    lab.amend_baseline();
    git(&lab, &["branch", "-M", "main"]);
    lab.edit_risks(7);
    lab.commit("omar", None, "Pushed straight to main");
    git(&lab, &["checkout", "-q", "-b", "change"]);
    lab.edit_risks(1);
    lab.commit("omar", None, "Rescore R-001 for the incident");
    // On main the change judged is from the last approved content (the
    // baseline), which is what this declaration names.
    let file = format!(
        "file {} {} {RISKS}\n",
        entry(&lab, "main~1", RISKS),
        entry(&lab, "HEAD", RISKS)
    );
    declare_by_hand(&lab, "priya", "priya", DECLARED, &file);
    merge(&lab, "change");
    let (code, out, err) = common::run(Some(lab.path()), &["audit", "--format", "json", "--now", &day(1)]);
    assert_eq!(code, 1, "{out}{err}");
    let audit: Value = serde_json::from_str(&out).unwrap();
    let found: Vec<(String, String, String)> = audit["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().chars().take(38).collect(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                MISSING.to_string(),
                "error".to_string(),
                format!("{RISKS} changed in {}", &git(&lab, &["rev-parse", "main^1"])[..7])
            ),
            (
                EMERGENCY.to_string(),
                "warning".to_string(),
                format!("{RISKS} is let through by ")
            ),
        ]
    );
}
