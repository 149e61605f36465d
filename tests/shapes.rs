//! Shapes of history that used to fail open, and the legitimate flows that
//! used to be refused, each on a real repository whose commits are made and
//! signed by the real `git` with keys from `ssh-keygen`: a configuration
//! with no `[[approval]]` rule, a trust root `HEAD` reached through a new
//! parentless commit, merges pushed to `main` with their parents swapped
//! or with many parents, a branch behind `main`, and a rebased or
//! fast-forwarded approved change. Every test asserts the exit code and the
//! findings (rule, file) in every mode it concerns: pull request
//! (`--base`), state (`isms check`) and `isms audit`. docs/security.md
//! names these tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::lab::{Lab, RISKS};
use common::{findings, sh};
use serde_json::Value;

const POLICY: &str = "docs/policies/information-security-policy.md";

fn git(lab: &Lab, args: &[&str]) -> String {
    sh(lab.path(), "git", args, &[]).trim().to_string()
}

/// Environment making `author` the author and committer of a git command.
fn who(author: &str) -> [(&'static str, String); 4] {
    let email = Lab::email(author);
    [
        ("GIT_AUTHOR_NAME", author.to_string()),
        ("GIT_AUTHOR_EMAIL", email.clone()),
        ("GIT_COMMITTER_NAME", author.to_string()),
        ("GIT_COMMITTER_EMAIL", email),
    ]
}

/// `git commit-tree TREE -p P…` as `author` (unsigned): a commit of any
/// shape, whatever `git merge` would have made.
fn commit_tree(lab: &Lab, tree: &str, parents: &[&str], author: &str, message: &str) -> String {
    let mut args: Vec<String> = vec!["commit-tree".into(), tree.into(), "-m".into(), message.into()];
    for p in parents {
        args.extend(["-p".into(), (*p).to_string()]);
    }
    let env = who(author);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    sh(lab.path(), "git", &args, &env).trim().to_string()
}

/// The tree of a commit.
fn tree_of(lab: &Lab, commit: &str) -> String {
    git(lab, &["rev-parse", &format!("{commit}^{{tree}}")])
}

/// Approval findings of `isms check ARGS` as (rule, file).
fn approvals(lab: &Lab, args: &[&str]) -> (i32, Vec<(String, String)>, Value) {
    let (code, json) = lab.s.check(args);
    if json["findings"].is_null() {
        return (code, Vec::new(), json);
    }
    let found = findings(&json)
        .into_iter()
        .filter(|f| f.0.starts_with("ISMS-APPROVAL"))
        .map(|f| (f.0, f.1))
        .collect();
    (code, found, json)
}

/// `isms audit --format json`: exit code and the versions judged.
fn audit(lab: &Lab) -> (i32, Value) {
    let (code, out, err) = common::run(Some(lab.path()), &["audit", "--format", "json"]);
    let json: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (code, json)
}

/// The unapproved versions of the audit as (path, change commit).
fn unapproved(json: &Value) -> Vec<(String, String)> {
    json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["approved"] == false)
        .map(|v| {
            (
                v["path"].as_str().unwrap().to_string(),
                v["change"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn found(rule: &str, file: &str) -> (String, String) {
    (rule.to_string(), file.to_string())
}

/// `text` without its `[[approval]]` tables.
fn without_approval_rules(text: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with('[') {
            skipping = line == "[[approval]]";
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

// 1. No `[[approval]]` rule: the built-in rule still governs the
// configuration, its key files and the organisation's own rules.

/// A lab whose baseline (the trust root `HEAD`) has no approval rule and
/// rules of the organisation's own.
fn lab_without_approval_rules() -> Lab {
    let lab = Lab::new();
    let text = without_approval_rules(&lab.s.read("isms.toml"));
    assert!(!text.contains("[[approval]]"));
    lab.s.write("isms.toml", text);
    lab.s.replace("isms.toml", "[rules]\n", "[rules]\ncustom = \"rules\"\n");
    lab.s.write(
        "rules/escalation.rego",
        "# METADATA\n# title: Incidents name who they were escalated to\n# custom:\n#   id: ACME-001\npackage acme.escalation\n\ndeny contains {\"msg\": sprintf(\"incident %s names nobody\", [i.id])} if {\n\tsome i in input.registers.incidents\n\ti.escalated_at\n\tnot i.escalated_to\n}\n",
    );
    lab.amend_baseline();
    let (code, found, json) = approvals(&lab, &[]);
    assert_eq!((code, found), (0, vec![]), "{json:#}");
    lab
}

#[test]
fn zero_approval_rules_still_govern_the_configuration_in_every_mode() {
    // A waiver and a severity setting in isms.toml, committed by someone
    // without an approver's key, to hide a wrong risk score.
    let lab = lab_without_approval_rules();
    let base = lab.head();
    lab.misscore_first_risk();
    lab.s.append(
        "isms.toml",
        "\n[[waiver]]\nrule = \"ISMS-RISK-002\"\ntarget = \"*\"\nreason = \"trust me\"\napproved_by = \"ciso\"\nexpires = \"2027-06-30\"\n",
    );
    lab.commit("omar", Some("omar"), "Quiet ISMS-RISK-002");
    for args in [vec!["--base", base.as_str()], vec![]] {
        let (code, found, json) = approvals(&lab, &args);
        assert_eq!(code, 1, "{args:?}: {json:#}");
        assert_eq!(found, [self::found("ISMS-APPROVAL-001", "isms.toml")], "{args:?}");
        // The unapproved waiver waives nothing.
        let risk = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "ISMS-RISK-002")
            .unwrap_or_else(|| panic!("{args:?}: {json:#}"));
        assert_eq!(risk["waived"], false, "{args:?}");
        assert_eq!(risk["severity"], "error", "{args:?}");
    }
    let (code, json) = audit(&lab);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(unapproved(&json), [("isms.toml".to_string(), lab.head())]);

    // The organisation's own rule, emptied without approval.
    let lab = lab_without_approval_rules();
    let base = lab.head();
    let incidents = "registers/incidents.json";
    let text = lab.s.read(incidents);
    lab.s
        .write(incidents, text.replacen("\"escalated_to\": \"ceo\",", "", 1));
    lab.s.write(
        "rules/escalation.rego",
        "# METADATA\n# title: Incidents name who they were escalated to\n# custom:\n#   id: ACME-001\npackage acme.escalation\n\ndeny := set()\n",
    );
    lab.commit("omar", Some("omar"), "Nobody needs to be named");
    for args in [vec!["--base", base.as_str()], vec![]] {
        let (code, found, json) = approvals(&lab, &args);
        assert_eq!(code, 1, "{args:?}: {json:#}");
        assert_eq!(
            found,
            [self::found("ISMS-APPROVAL-001", "rules/escalation.rego")],
            "{args:?}"
        );
        // The approved rule still runs.
        assert!(findings(&json).iter().any(|f| f.0 == "ACME-001"), "{args:?}: {json:#}");
    }
    let (code, json) = audit(&lab);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(unapproved(&json), [("rules/escalation.rego".to_string(), lab.head())]);

    // A key file swapped for a stranger's key without approval.
    let lab = lab_without_approval_rules();
    let public = lab.keys["priya"].1.clone();
    lab.s.write("keys/priya.pub", format!("{public}\n"));
    lab.s.replace(
        "isms.toml",
        &format!("keys = [\"{public}\"]"),
        "keys = [\"keys/priya.pub\"]",
    );
    lab.amend_baseline();
    let base = lab.head();
    let stranger = lab.keys["stranger"].1.clone();
    lab.s.write("keys/priya.pub", format!("{stranger}\n"));
    lab.commit("omar", Some("omar"), "Rotate Priya's key");
    for args in [vec!["--base", base.as_str()], vec![]] {
        let (code, found, json) = approvals(&lab, &args);
        assert_eq!(code, 1, "{args:?}: {json:#}");
        assert_eq!(found, [self::found("ISMS-APPROVAL-001", "keys/priya.pub")], "{args:?}");
    }
    let (code, json) = audit(&lab);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(unapproved(&json), [("keys/priya.pub".to_string(), lab.head())]);
}

// 3. Merges pushed to `main` directly, their parents in any order.

/// `main` (the baseline) and a branch `feature` forked from it with an
/// ungoverned edit; `main` then gets an approved change of the risk
/// register. Returns (fork, feature's head, main's head).
fn main_moved_on_after_a_fork(lab: &Lab) -> (String, String, String) {
    git(lab, &["branch", "-M", "main"]);
    let fork = lab.head();
    git(lab, &["checkout", "-q", "-b", "feature"]);
    lab.s.append("docs/policies/acceptable-use.md", "\nReviewed.\n");
    let feature = lab.commit("omar", None, "Note a review");
    git(lab, &["checkout", "-q", "main"]);
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    let main = lab.commit("priya", Some("priya"), "Approve R-001");
    let (code, found, json) = approvals(lab, &[]);
    assert_eq!((code, found), (0, vec![]), "{json:#}");
    (fork, feature, main)
}

/// Moves `main` (checked out) to `commit`, as a direct push does.
fn push_to_main(lab: &Lab, commit: &str) {
    git(lab, &["checkout", "-q", "main"]);
    git(lab, &["reset", "-q", "--hard", commit]);
}

#[test]
fn a_merge_with_swapped_parents_that_drops_a_change_of_main_is_seen() {
    for shape in ["swapped", "octopus"] {
        let lab = Lab::new();
        let (fork, feature, main) = main_moved_on_after_a_fork(&lab);
        // The branch's tree (the risk register as it was at the fork), the
        // branch as the first parent: main's approved change is undone.
        let parents: Vec<&str> = match shape {
            "swapped" => vec![&feature, &main],
            _ => vec![&feature, &fork, &main],
        };
        let merge = commit_tree(&lab, &tree_of(&lab, &feature), &parents, "omar", "Merge main");
        // Through a pull request it is refused, as it always was.
        let (code, found, json) = approvals(&lab, &["--base", &main, "--head", &merge]);
        assert_eq!(
            (code, found),
            (1, vec![self::found("ISMS-APPROVAL-001", RISKS)]),
            "{shape}: {json:#}"
        );
        // Pushed to main directly: state mode and the audit see it.
        push_to_main(&lab, &merge);
        let (code, found, json) = approvals(&lab, &[]);
        // Priya's approval was of the content the merge dropped.
        assert_eq!(
            (code, found),
            (
                1,
                vec![
                    self::found("ISMS-APPROVAL-001", RISKS),
                    self::found("ISMS-APPROVAL-005", RISKS)
                ]
            ),
            "{shape}: {json:#}"
        );
        let message = &common::lab::messages(&json, "ISMS-APPROVAL-001")[0];
        assert!(message.contains(&merge[..7]), "{shape}: {message}");
        let (code, json) = audit(&lab);
        assert_eq!(code, 1, "{shape}: {json:#}");
        assert_eq!(unapproved(&json), [(RISKS.to_string(), merge.clone())], "{shape}");
    }
}

#[test]
fn a_merge_with_swapped_parents_that_keeps_main_s_approved_content_passes() {
    for shape in ["swapped", "octopus"] {
        let lab = Lab::new();
        let (fork, feature, main) = main_moved_on_after_a_fork(&lab);
        // The true merge: main's risk register, the branch's review note.
        git(&lab, &["checkout", "-q", &feature]);
        let env = who("omar");
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        sh(lab.path(), "git", &["merge", "-q", "--no-ff", "--no-edit", &main], &env);
        let tree = tree_of(&lab, "HEAD");
        let parents: Vec<&str> = match shape {
            "swapped" => vec![&feature, &main],
            _ => vec![&feature, &fork, &main],
        };
        let merge = commit_tree(&lab, &tree, &parents, "omar", "Merge main");
        push_to_main(&lab, &merge);
        let (code, found, json) = approvals(&lab, &[]);
        assert_eq!((code, found), (0, vec![]), "{shape}: {json:#}");
        let (code, json) = audit(&lab);
        assert_eq!((code, unapproved(&json)), (0, vec![]), "{shape}: {json:#}");
    }
}

// 2. `trust_root = "HEAD"` never moves to a commit that came later.

/// The tree of the working copy with the risk register edited, and the
/// working copy as it was.
fn tree_with_edited_risks(lab: &Lab) -> String {
    lab.edit_risks(9);
    git(lab, &["add", "-A"]);
    let tree = git(lab, &["write-tree"]);
    git(lab, &["reset", "-q", "--hard"]);
    tree
}

/// The problem codes of a report that could not be made (exit 2).
fn problem_codes(json: &Value) -> Vec<String> {
    json["problems"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|p| p["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_new_parentless_commit_merged_into_main_never_becomes_the_trust_root() {
    for shape in [
        "root without isms.toml, first parent",
        "root with isms.toml, first parent",
        "root with isms.toml, second parent",
        "adoption on a commit without isms.toml, first parent",
    ] {
        let lab = Lab::new();
        git(&lab, &["branch", "-M", "main"]);
        let baseline = lab.head();
        lab.s.append(POLICY, "\nA clarified sentence.\n");
        lab.commit("lena", Some("lena"), "Clarify the policy");
        let main = lab.commit("maya", Some("maya"), "Approve the policy");
        let tree = tree_with_edited_risks(&lab);
        // A parentless commit: the attacker's tree (whose isms.toml says
        // `trust_root = "HEAD"`), or an empty one.
        let root_tree = if shape.starts_with("root with isms.toml") {
            tree.clone()
        } else {
            git(&lab, &["hash-object", "-t", "tree", "-w", "/dev/null"])
        };
        let mut root = commit_tree(&lab, &root_tree, &[], "omar", "A new beginning");
        if shape.starts_with("adoption on a commit without isms.toml") {
            // Not parentless: a commit holding the attacker's configuration
            // on a new commit without any.
            let empty = git(&lab, &["hash-object", "-t", "tree", "-w", "/dev/null"]);
            let before = commit_tree(&lab, &empty, &[], "omar", "Before");
            root = commit_tree(&lab, &tree, &[&before], "omar", "Adopt again");
        }
        let parents: [&str; 2] = if shape.ends_with("second parent") {
            [&main, &root]
        } else {
            [&root, &main]
        };
        let merge = commit_tree(&lab, &tree, &parents, "omar", "Merge main");
        // Through a pull request: the change of the risk register.
        let (code, found, json) = approvals(&lab, &["--base", &main, "--head", &merge]);
        assert_eq!(
            (code, found),
            (1, vec![self::found("ISMS-APPROVAL-001", RISKS)]),
            "{shape}: {json:#}"
        );
        push_to_main(&lab, &merge);
        let (code, found, json) = approvals(&lab, &[]);
        let (audit_code, audit_json) = audit(&lab);
        if shape.starts_with("root without isms.toml") {
            // Main's line and trust root, and the merge's change on it.
            assert_eq!(
                (code, found),
                (1, vec![self::found("ISMS-APPROVAL-001", RISKS)]),
                "{shape}: {json:#}"
            );
            assert_eq!(json["approvals"]["trust_root"], baseline.as_str(), "{shape}");
            assert_eq!(audit_code, 1, "{shape}: {audit_json:#}");
            assert_eq!(unapproved(&audit_json), [(RISKS.to_string(), merge.clone())], "{shape}");
        } else {
            // Two lines that each adopted isms.toml: which one is main's
            // cannot be told from the parents' order, so neither is trusted.
            assert_eq!(code, 2, "{shape}: {json:#}");
            assert_eq!(problem_codes(&json), ["git::bad-trust-root"], "{shape}");
            assert_eq!(audit_code, 2, "{shape}: {audit_json:#}");
            assert_eq!(problem_codes(&audit_json), ["git::bad-trust-root"], "{shape}");
        }
    }
}

/// Adopting isms through a pull request merged with a merge commit: the
/// trust root is the commit that adopted it on the branch, and what `main`
/// held before is not judged.
#[test]
fn adopting_through_a_merged_branch_keeps_the_adoption_as_the_trust_root() {
    let lab = Lab::new();
    let adoption = lab.head();
    // `main` before the adoption: the same files without isms.toml.
    git(&lab, &["checkout", "-q", "--orphan", "main"]);
    std::fs::remove_file(lab.path().join("isms.toml")).unwrap();
    let before = lab.commit("omar", None, "The ISMS as it was");
    git(&lab, &["checkout", "-q", "-f", &adoption]);
    git(&lab, &["checkout", "-q", "-B", "adopt"]);
    lab.s.append("docs/policies/acceptable-use.md", "\nReviewed.\n");
    lab.commit("omar", None, "Note a review");
    git(&lab, &["checkout", "-q", "main"]);
    let env = who("omar");
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    sh(
        lab.path(),
        "git",
        &[
            "merge",
            "-q",
            "--no-ff",
            "--allow-unrelated-histories",
            "-X",
            "theirs",
            "-m",
            "Adopt isms",
            "adopt",
        ],
        &env,
    );
    assert_ne!(lab.head(), before);
    let (code, found, json) = approvals(&lab, &[]);
    assert_eq!((code, found), (0, vec![]), "{json:#}");
    assert_eq!(json["approvals"]["trust_root"], adoption.as_str());
    let (code, json) = audit(&lab);
    assert_eq!((code, unapproved(&json)), (0, vec![]), "{json:#}");
}

// 4. A branch behind `main` is judged by the change its merge would make.

/// `main` with an approved change of the policy made after `change` forked
/// from it; `change` holds Omar's edit of the risk register, approved by
/// Priya's signed commit. Returns the lab on `change`.
fn branch_behind_main() -> Lab {
    let lab = Lab::new();
    git(&lab, &["branch", "-M", "main"]);
    git(&lab, &["checkout", "-q", "-b", "change"]);
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    lab.commit("priya", Some("priya"), "Approve R-001");
    git(&lab, &["checkout", "-q", "main"]);
    lab.s.append(POLICY, "\nA clarified sentence.\n");
    lab.commit("lena", Some("lena"), "Clarify the policy");
    lab.commit("maya", Some("maya"), "Approve the policy");
    git(&lab, &["checkout", "-q", "change"]);
    lab
}

#[test]
fn a_branch_behind_main_is_judged_by_what_it_changed() {
    let lab = branch_behind_main();
    let (code, found, json) = approvals(&lab, &["--base", "main"]);
    assert_eq!((code, found), (0, vec![]), "{json:#}");
    let (code, out, err) = common::run(Some(lab.path()), &["status", "--base", "main"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Nothing on this branch needs approval against main"),
        "{out}"
    );
    // Maya may approve the policy: nothing of the branch waits for her,
    // and no statement reverting main's change is offered.
    git(&lab, &["config", "user.email", &Lab::email("maya")]);
    let (code, out, err) = common::run(Some(lab.path()), &["approve", "--base", "main", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Nothing on this branch needs approval against main"),
        "{out}"
    );

    // Without its approval, the branch's own change is what is reported,
    // at the commit that made it.
    let lab = branch_behind_main();
    git(&lab, &["reset", "-q", "--hard", "HEAD~1"]);
    lab.commit("lena", None, "An empty commit");
    let (code, found, json) = approvals(&lab, &["--base", "main"]);
    assert_eq!(
        (code, found),
        (1, vec![self::found("ISMS-APPROVAL-001", RISKS)]),
        "{json:#}"
    );
    let message = &common::lab::messages(&json, "ISMS-APPROVAL-001")[0];
    assert!(message.contains("(\"Reword R-001\")"), "{message}");
    // `isms status` lists the branch's change alone, never main's policy.
    let (code, out, err) = common::run(Some(lab.path()), &["status", "--base", "main"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains(RISKS), "{out}");
    assert!(!out.contains(POLICY), "{out}");
}

// 5. The audit after a rebase or fast-forward of a statement-approved change.

/// Sets up git as `person` signing with their SSH key, and runs `isms
/// approve --base main --yes`.
fn approve(lab: &Lab, person: &str) {
    git(lab, &["config", "user.email", &Lab::email(person)]);
    git(lab, &["config", "user.name", person]);
    git(lab, &["config", "gpg.format", "ssh"]);
    git(
        lab,
        &["config", "user.signingkey", lab.keys[person].0.to_str().unwrap()],
    );
    let (code, out, err) = common::run(Some(lab.path()), &["approve", "--base", "main", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(&format!("{RISKS}: approved")), "{out}");
}

/// The audit's findings as (rule, severity, commit).
fn audit_findings(json: &Value) -> Vec<(String, String, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["commit"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Lands `change` on `main` (which moved on meanwhile) by a rebase and a
/// fast-forward, as Omar.
fn rebase_onto_main(lab: &Lab) {
    let env = who("omar");
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    git(lab, &["checkout", "-q", "main"]);
    lab.s.append("docs/policies/acceptable-use.md", "\nReviewed.\n");
    lab.commit("maya", None, "Note a review");
    git(lab, &["checkout", "-q", "change"]);
    sh(lab.path(), "git", &["rebase", "-q", "main"], &env);
    git(lab, &["checkout", "-q", "main"]);
    git(lab, &["merge", "-q", "--ff-only", "change"]);
}

#[test]
fn a_rebased_approved_change_passes_the_audit_with_its_intermediate_versions() {
    for how in ["rebase", "fast-forward"] {
        let lab = Lab::new();
        git(&lab, &["branch", "-M", "main"]);
        git(&lab, &["checkout", "-q", "-b", "change"]);
        lab.edit_risks(1);
        lab.commit("omar", None, "Reword R-001");
        lab.edit_risks(2);
        lab.commit("omar", None, "Reword R-001 again");
        approve(&lab, "priya");
        if how == "rebase" {
            rebase_onto_main(&lab);
        } else {
            git(&lab, &["checkout", "-q", "main"]);
            git(&lab, &["merge", "-q", "--ff-only", "change"]);
        }
        let intermediate = git(&lab, &["rev-parse", "HEAD~2"]);
        let (code, found, json) = approvals(&lab, &[]);
        assert_eq!((code, found), (0, vec![]), "{how}: {json:#}");
        let (code, json) = audit(&lab);
        assert_eq!(code, 0, "{how}: {json:#}");
        // Still listed: the intermediate version, as a warning saying why.
        assert_eq!(
            audit_findings(&json),
            [(
                "ISMS-APPROVAL-001".to_string(),
                "warning".to_string(),
                intermediate.clone()
            )],
            "{how}: {json:#}"
        );
        assert!(
            json["findings"][0]["message"]
                .as_str()
                .unwrap()
                .contains("approves the whole change"),
            "{how}"
        );
    }
}

#[test]
fn an_intermediate_version_an_unapproved_party_could_publish_is_still_refused() {
    // Published and then reverted: no approval covers anything.
    let lab = Lab::new();
    lab.edit_risks(1);
    let published = lab.commit("omar", None, "Reword R-001");
    let env = who("omar");
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    sh(lab.path(), "git", &["revert", "--no-edit", "HEAD"], &env);
    let (code, found, json) = approvals(&lab, &[]);
    assert_eq!((code, found), (0, vec![]), "net zero in state mode: {json:#}");
    let (code, json) = audit(&lab);
    assert_eq!(code, 1, "{json:#}");
    assert!(
        unapproved(&json).contains(&(RISKS.to_string(), published.clone())),
        "{json:#}"
    );

    // Published on main alone, then approved: the approver's statement
    // approves the change from what main held then (the published
    // version), so it covers neither that version nor the change from the
    // content approved before it.
    let lab = Lab::new();
    git(&lab, &["branch", "-M", "main"]);
    lab.edit_risks(1);
    let published = lab.commit("omar", None, "Reword R-001");
    git(&lab, &["checkout", "-q", "-b", "change"]);
    lab.edit_risks(2);
    let next = lab.commit("omar", None, "Reword R-001 again");
    approve(&lab, "priya");
    git(&lab, &["checkout", "-q", "main"]);
    git(&lab, &["merge", "-q", "--ff-only", "change"]);
    let (code, found, json) = approvals(&lab, &[]);
    assert_eq!(
        (code, found),
        (1, vec![self::found("ISMS-APPROVAL-001", RISKS)]),
        "{json:#}"
    );
    let (code, json) = audit(&lab);
    assert_eq!(code, 1, "{json:#}");
    let error = |c: &str| ("ISMS-APPROVAL-001".to_string(), "error".to_string(), c.to_string());
    assert_eq!(audit_findings(&json), [error(&published), error(&next)], "{json:#}");
}

/// Where both sides changed a governed file, what lands is the merge's
/// result: an approval of the branch's content does not approve it, a
/// statement of the result does (`isms approve` signs it), and `main`
/// passes after the merge.
#[test]
fn a_branch_behind_main_that_changed_the_same_file_is_judged_by_the_merge_result() {
    let lab = Lab::new();
    git(&lab, &["branch", "-M", "main"]);
    git(&lab, &["checkout", "-q", "-b", "change"]);
    let text = lab.s.read(RISKS);
    lab.s.write(
        RISKS,
        text.replacen(
            "R-020,Email spoofing of the CEO,",
            "R-020,Email spoofing of the CEO or CFO,",
            1,
        ),
    );
    lab.commit("omar", Some("omar"), "Reword R-020");
    lab.commit("priya", Some("priya"), "Approve R-020");
    git(&lab, &["checkout", "-q", "main"]);
    lab.edit_risks(1);
    lab.commit("omar", Some("omar"), "Reword R-001");
    lab.commit("priya", Some("priya"), "Approve R-001");
    git(&lab, &["checkout", "-q", "change"]);
    // Priya approved the branch's content, not what its merge brings.
    let (code, found, json) = approvals(&lab, &["--base", "main"]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(found[0], self::found("ISMS-APPROVAL-001", RISKS), "{json:#}");
    // Lena (the CTO) approves the merge's result with a statement.
    approve(&lab, "lena");
    let (code, found, json) = approvals(&lab, &["--base", "main"]);
    // Priya's approval of the branch's content is named as stale.
    assert_eq!(
        (code, found),
        (0, vec![self::found("ISMS-APPROVAL-005", RISKS)]),
        "{json:#}"
    );
    // Merged into main as GitHub merges it: main passes, the merge's
    // result approved by Lena's statement.
    git(&lab, &["checkout", "-q", "main"]);
    let env = who("omar");
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    sh(
        lab.path(),
        "git",
        &["merge", "-q", "--no-ff", "--no-edit", "change"],
        &env,
    );
    assert!(lab.s.read(RISKS).contains("CEO or CFO") && lab.s.read(RISKS).contains("(1)"));
    let (code, found, json) = approvals(&lab, &[]);
    assert_eq!(
        (code, found),
        (0, vec![self::found("ISMS-APPROVAL-005", RISKS)]),
        "{json:#}"
    );
    let (code, json) = audit(&lab);
    assert_eq!((code, unapproved(&json)), (0, vec![]), "{json:#}");
}
