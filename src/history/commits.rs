//! Findings about single commits: signatures that do not verify, author
//! claims a signature contradicts, and `Approved-by` trailers no signature
//! of the person named backs.

use super::judge::Judge;
use super::model::{CommitFacts, Issue, Report};
use super::objects::{brief, short_id};
use super::signature::Verdict;
use crate::config::Resolved;
use crate::findings::catalogue::{AUTHOR_MISMATCH, FORGED_TRAILER, SIGNATURE};

/// Findings about single commits: signatures, author claims, trailers.
pub(crate) fn commit_issues(judge: &Judge, commits: &[CommitFacts], report: &mut Report) {
    for c in commits {
        let short = short_id(&c.id);
        let at = |rule, warning, message: String, help: Option<String>| Issue {
            rule,
            warning,
            message,
            path: c.changed.first().cloned(),
            rule_index: None,
            commit: Some(c.id.clone()),
            help,
            lines: None,
        };
        match &c.signature {
            Verdict::Unsigned | Verdict::Good { .. } => {}
            Verdict::Bad { .. } => report.issues.push(at(
                SIGNATURE,
                false,
                format!("commit {short} (\"{}\"): {}", brief(&c.summary), c.signature.explain()),
                None,
            )),
            other => report.issues.push(at(
                SIGNATURE,
                true,
                format!(
                    "commit {short} (\"{}\"): {}; it approves nothing",
                    brief(&c.summary),
                    other.explain()
                ),
                None,
            )),
        }
        if let (Some(claimed), Some(signer)) = (&c.author.person, c.signature.signer()) {
            if claimed != signer {
                report.issues.push(at(
                    AUTHOR_MISMATCH,
                    false,
                    format!(
                        "commit {short} claims {} as its author <{}> but is signed by {}",
                        judge.name_of(claimed),
                        c.author.email,
                        judge.name_of(signer)
                    ),
                    None,
                ));
            }
        }
        for (key, value) in &c.trailers {
            if !key.eq_ignore_ascii_case("approved-by") {
                continue;
            }
            let named = match judge.config.resolve(value) {
                Resolved::Person { id } => Some(id),
                _ => judge.person_by_email(value.rsplit('<').next().unwrap_or("").trim_end_matches('>')),
            };
            let backed = named.as_deref().is_some_and(|n| c.signature.signer() == Some(n));
            if !backed {
                report.issues.push(at(
                    FORGED_TRAILER,
                    false,
                    format!(
                        "commit {short} carries `Approved-by: {value}` but is {}",
                        match c.signature.signer() {
                            Some(s) => format!("signed by {}", judge.name_of(s)),
                            None => c.signature.explain(),
                        }
                    ),
                    Some(format!(
                        "a trailer counts only inside a commit signed by the person it names: rewrite the branch without it (`git rebase -i {short}~1`, `reword` {short}), as its author rather than as an approver of the change (whoever commits a change to a governed file becomes one of its makers); approval statements (`isms approve`) survive the rewrite, approval commits do not"
                    )),
                ));
            }
        }
    }
}
