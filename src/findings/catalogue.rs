//! The catalogue of the rules built into `isms` itself rather than written
//! in Rego — the approval findings verified from git history, the expired
//! waiver, and the values that do not fit their fields: their ids, their
//! documentation, and which of them no configuration may switch off. `check`
//! raises them; `rules` and `explain` list and explain them with the Rego
//! pack's.

use crate::rego::RuleSet;
use crate::rego::metadata::RuleMeta;

/// A waiver whose `expires` date has passed.
pub const WAIVER_EXPIRED: &str = "ISMS-WAIVER-001";

/// Ids of the approval findings and the ones no configuration may switch
/// off or waive: defined beside the `[[approval]]` settings, which refuse
/// such a setting.
pub use crate::config::approvals::{
    AUTHOR_MISMATCH, EMERGENCY, FORGED_TRAILER, GOVERNS_NOTHING, MISSING, NO_HISTORY, SECOND_APPROVER, SELF_APPROVAL,
    SIGNATURE, STALE, UNWAIVABLE,
};

/// The documentation of the approval rules: id, title, description, fix.
pub const APPROVAL_RULES: &[(&str, &str, &str, &str)] = &[
    (
        MISSING,
        "Every change to a governed file is approved by its designated signers",
        "Approvals are bound to content. For each [[approval]] rule, a governed file whose content (blob, mode, link, presence) differs from the base's needs at least `min` distinct people holding one of the rule's roles to have approved exactly that content: each by a commit in the range, signed with their key listed in the configuration in force, whose tree holds that content (a signed, possibly empty, approval commit, or a signed merge), by an approval statement (`isms approve`: a signed file naming exactly this change, which survives squash and rebase merges), or by an approving GitHub review of a head that holds it; an eligible approver's \"changes requested\" review blocks it. Nobody who made the content (authored, committed or signed a commit that produced it) counts. Content equal to the base's needs nothing, however it got there. People, roles, keys and rules are those of the base (or, without --base, of the latest approved configuration), never of the change under review.",
        "Ask one of the people who may still approve to run `isms approve` on the branch, to approve the pull request on GitHub, or to add a signed approval commit on top of the change (`git commit -S --allow-empty -m \"Approve …\"`).",
    ),
    (
        SELF_APPROVAL,
        "Nobody approves their own change",
        "The signature of someone who made a change to a governed file (authored, committed or signed a commit that produced its content) does not count as an approval of that content (segregation of duties, A.5.3). One finding per version names everyone who tried.",
        "Have someone else who holds one of the rule's roles approve the change.",
    ),
    (
        SIGNATURE,
        "Commit signatures verify against the designated signers' keys",
        "A signature that does not verify (a tampered commit, a wrong namespace) is an error. A signature by a key nobody in isms.toml holds, by an expired or revoked OpenPGP key, or in a format isms does not verify (X.509) is a warning: such a commit cannot approve anything.",
        "Re-sign the commit with a key listed for you in isms.toml, or add your public key to your [[person]] entry (which is itself an approved change).",
    ),
    (
        AUTHOR_MISMATCH,
        "The author of a signed commit is its signer",
        "When a commit's author e-mail belongs to one person in isms.toml and the commit is signed by another, the author field is a claim the signature does not back (git itself does not bind author to signer).",
        "Commit under your own identity, or have the claimed author sign their own work.",
    ),
    (
        STALE,
        "Approvals of an earlier content are stale",
        "An approval counts only for the exact content it saw: an approval of a content the file no longer has (it changed after the approval, or a merge kept another side's content) approves nothing, and the content at head needs its own approval.",
        "Ask the approver to approve again, on top of the latest change.",
    ),
    (
        FORGED_TRAILER,
        "Approved-by trailers are backed by the approver's signature",
        "An `Approved-by:` trailer counts only inside a commit signed by that same person; anyone can type a trailer.",
        "Rewrite the branch without the trailer (`git rebase -i`, `reword`, or a squash), as the commit's author rather than as an approver of the change: whoever commits or signs a change to a governed file becomes one of its makers and can no longer approve it. Approval statements (`isms approve`) name content, not commits, and survive the rewrite; approval commits do not.",
    ),
    (
        NO_HISTORY,
        "Approvals can be verified from git history",
        "When approval rules are configured, isms needs the git history of the ISMS to verify them; without it (not a git repository, a shallow clone missing the commits) approvals are not verified, and this is said rather than skipped silently.",
        "Run isms inside the git repository with full history (`fetch-depth: 0` in GitHub Actions), or pin `[history] trust_root` to where the ISMS's history starts.",
    ),
    (
        GOVERNS_NOTHING,
        "Approval rules govern files that exist",
        "A path glob of an [[approval]] rule that matches no file of the ISMS governs nothing: usually a typo, a moved file, or a name that differs only in letter case (git and isms compare paths exactly, whatever the file system does).",
        "Correct the glob to the file's exact path, or remove it.",
    ),
    (
        SECOND_APPROVER,
        "Someone other than the maker can approve every change",
        "Nobody approves their own change, so a change to a governed file needs someone who did not make it. In a one-person ISMS no approval of that person's changes can ever come: the changes are listed in one error, in place of one ISMS-APPROVAL-001 each, saying that a second approver is needed (with more people, a file whose every possible approver made the change keeps its own ISMS-APPROVAL-001). While no such change waits, an ISMS whose every active person may approve under a rule, and who are no more than its `min`, gets the same finding as a warning: the first change any of them makes could not be approved.",
        "Name a second person with one of the roles that may approve, and their signing key, in isms.toml. That change needs an approval too: let the new person make the commit that adds them (as author and committer) and approve it yourself (`isms approve`), or name them before the first commit, which is the accepted baseline.",
    ),
    (
        EMERGENCY,
        "An emergency change is approved within its deadline",
        "An emergency change is a change to a governed file merged before its approvers could approve it, on a signed emergency declaration (`isms emergency --reason …`) naming exactly that change (path, content before, content after) and why. It counts only when the judging configuration (the base's, or the one in force) has `[emergency]`, the rule is one `[emergency] rules` names (never a rule over isms.toml, key files or the organisation's own rules), and the declaration is signed by an active holder of a declarer role with their key. Until the deadline (`[emergency] deadline` after the declaration's signed time) the change passes with this warning, naming the declarer, the reason and the deadline; once the deadline has passed without `min` approvals of that content by the rule's eligible approvers (signed commits or approval statements arriving after the merge; never the declarer's), it is an error. A declaration whose deadline has passed before the merge lets nothing through.",
        "Ask one of the people the finding names (not the declarer) to approve the change on `main`: `isms approve` on a branch that brings nothing else, or a signed approval commit (`git commit -S --allow-empty -m \"Approve the emergency change\"`) merged into `main`.",
    ),
];

/// A value that does not fit its field (a date that is not a date, an
/// unknown enum value, an unknown control id).
pub const BAD_VALUE: &str = "ISMS-VALUE-001";
/// A placeholder (`[TBD]`, `TODO`, `<Role/Name>`, `[______]`) where a value
/// belongs.
pub const PLACEHOLDER: &str = "ISMS-VALUE-002";
/// A required field that is absent.
pub const VALUE_MISSING: &str = "ISMS-VALUE-003";

/// A register or document that cannot be read whole (a syntax error, an
/// unterminated quote, a row wider than its header, text that is not
/// UTF-8).
pub const MALFORMED: &str = "ISMS-VALUE-004";

/// The documentation of these findings: id, title, clauses, description, fix.
pub const VALUE_RULES: &[(&str, &str, &[&str], &str, &str)] = &[
    (
        BAD_VALUE,
        "Values fit their fields",
        &["7.5.2"],
        "A value of a register or of a document's metadata must fit its field: a date is a date (YYYY-MM-DD), an enumeration takes one of its values, a control id names an Annex A control of ISO/IEC 27001:2022. A value that does not fit is reported where it is; the record is read without it, so every other rule still runs. A rule's finding at exactly that place (a field now missing) is the same defect: it is folded into this finding and named in its help, unless this rule is set to a lower severity or either finding is waived.",
        "Correct the value; the help names what the field expects.",
    ),
    (
        PLACEHOLDER,
        "Fields are filled in, not placeholders",
        &["7.5.2"],
        "Template placeholders such as `[TBD]`, `TBD`, `TODO`, `<Role/Name>`, `[______]`, `[ORG NAME]` or `XXX` in a field mean the information was never filled in: an owner, a date or an approver that an auditor will ask for. The field is read as absent; a rule's finding at exactly that place (\"has no owner\") is folded into this one and named in its help, unless this rule is set to a lower severity or either finding is waived.",
        "Fill in the field, or remove it if it does not apply.",
    ),
    (
        VALUE_MISSING,
        "Required fields are present",
        &["7.5.2"],
        "A record or document lacks a field every entry of its kind needs (such as a risk's title). The record is still read when it has an id.",
        "Add the field; the help says what it holds.",
    ),
    (
        MALFORMED,
        "Registers and documents can be read whole",
        &["7.5.2", "7.5.3"],
        "A register or document that is not well-formed — a CSV quote never closed, a row with more cells than the header has columns, a Markdown table row wider than its header, a front matter or register that is not valid TOML, YAML or JSON, text that is not UTF-8 — is reported where it breaks. What could not be read is left out and said so; the rest of the ISMS is still checked, and this finding keeps the check from passing.",
        "Correct the file where the finding points; a spreadsheet export: save it again as CSV UTF-8.",
    ),
];

/// The rules built into `isms` itself rather than written in Rego: expired
/// waivers, and approvals verified from git history. They are listed,
/// explained, waived and turned off like the others.
pub fn native_rules() -> Vec<RuleMeta> {
    let native = |id: &str, title: &str, clauses: &[&str], controls: &[&str], description: &str, fix: &str| RuleMeta {
        id: id.into(),
        title: title.into(),
        description: description.into(),
        remediation: fix.into(),
        clauses: clauses.iter().map(|c| c.to_string()).collect(),
        controls: controls.iter().map(|c| c.to_string()).collect(),
        package: String::new(),
        file: "built into isms".into(),
        builtin: true,
        defines: [false, false],
    };
    let mut out = vec![native(
        WAIVER_EXPIRED,
        "Waiver expired",
        &["6.1.3", "10.2"],
        &[],
        "A waiver in `isms.toml` whose `expires` date has passed no longer waives anything and is itself an error, so exceptions cannot outlive their approval.",
        "Fix what the waiver covered and remove it, or have it re-approved with a new expiry date.",
    )];
    out.extend(APPROVAL_RULES.iter().map(|(id, title, description, fix)| {
        native(id, title, &["5.1", "7.5.3"], &["A.5.3", "A.8.32"], description, fix)
    }));
    out.extend(
        VALUE_RULES
            .iter()
            .map(|(id, title, clauses, description, fix)| native(id, title, clauses, &[], description, fix)),
    );
    out
}

/// The rule a loading problem about one value becomes.
pub fn value_rule_of(problem: &crate::diag::Problem) -> Option<&'static str> {
    match problem.code {
        "register::bad-value" | "document::bad-value" => Some(BAD_VALUE),
        "register::placeholder" | "document::placeholder" => Some(PLACEHOLDER),
        "register::missing-field" | "document::missing-field" => Some(VALUE_MISSING),
        "register::malformed" | "document::malformed" => Some(MALFORMED),
        _ => None,
    }
}

/// The rules in force: the Rego rules of `RuleSet::load` with the native
/// rules beside them, in id order, as `check`, `rules` and `explain` list
/// them.
pub fn load_rules(root: &std::path::Path, custom: Option<&str>, tests: bool) -> Result<RuleSet, crate::diag::Problems> {
    let mut set = RuleSet::load(root, custom, tests)?;
    set.rules.extend(native_rules());
    set.rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unwaivable_findings_are_the_approval_findings() {
        assert_eq!(
            UNWAIVABLE,
            [
                MISSING,
                SELF_APPROVAL,
                SIGNATURE,
                AUTHOR_MISMATCH,
                STALE,
                FORGED_TRAILER,
                SECOND_APPROVER,
                EMERGENCY
            ]
        );
        // Each native rule is documented once.
        let ids: Vec<String> = native_rules().into_iter().map(|r| r.id).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
    }
}
