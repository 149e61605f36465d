//! The gate's decision on a completed check: it passes, it fails on its
//! findings, or a pass is withheld because something the verdict depends
//! on could not be read (reviews of a pull request, among which a
//! "changes requested" review would block the change). Every command that
//! gates (`isms check`, `isms github`) asks here.

use super::Outcome;
use crate::diag::Problem;
use crate::findings::Severity;

/// What the gate says of a check.
#[derive(Debug)]
pub enum Gate {
    /// No finding at or above the failing severity, and nothing unread.
    Pass,
    /// Findings at or above the failing severity (exit 1).
    Fail,
    /// No finding fails it, but what could not be read might have: no
    /// verdict (exit 2), the problem says what was not read.
    Withheld(Box<Problem>),
}

impl Gate {
    /// The gate of `outcome` when findings of `fail_on` or above fail it,
    /// and `unread` is what could not be read that might have blocked it.
    pub fn of(outcome: &Outcome, fail_on: Severity, unread: Option<Problem>) -> Gate {
        decide(
            outcome.count(Severity::Error),
            outcome.count(Severity::Warning),
            fail_on,
            unread,
        )
    }

    /// Whether the check fails on its findings.
    pub fn is_fail(&self) -> bool {
        matches!(self, Gate::Fail)
    }
}

/// The decision on counts of unwaived findings (to-dos left out): a
/// failure stands whatever was unread (more could only block more); a pass
/// needs everything read.
fn decide(errors: usize, warnings: usize, fail_on: Severity, unread: Option<Problem>) -> Gate {
    let failing = errors > 0 || fail_on == Severity::Warning && warnings > 0;
    match unread {
        _ if failing => Gate::Fail,
        Some(p) => Gate::Withheld(Box::new(p)),
        None => Gate::Pass,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unread() -> Option<Problem> {
        Some(Problem::new("github::reviews-unread", "the reviews could not be read"))
    }

    #[test]
    fn errors_fail_and_warnings_fail_only_when_asked() {
        assert!(matches!(decide(1, 0, Severity::Error, None), Gate::Fail));
        assert!(matches!(decide(0, 3, Severity::Error, None), Gate::Pass));
        assert!(matches!(decide(0, 3, Severity::Warning, None), Gate::Fail));
        assert!(matches!(decide(0, 0, Severity::Warning, None), Gate::Pass));
    }

    /// Reviews that could not be read withhold a pass (a veto may be among
    /// them), but never turn a failure into "could not run".
    #[test]
    fn unread_reviews_withhold_a_pass_but_a_failure_stands() {
        match decide(0, 0, Severity::Error, unread()) {
            Gate::Withheld(p) => assert_eq!(p.code, "github::reviews-unread"),
            other => panic!("{other:?}"),
        }
        match decide(0, 2, Severity::Error, unread()) {
            Gate::Withheld(p) => assert_eq!(p.code, "github::reviews-unread"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(decide(2, 0, Severity::Error, unread()), Gate::Fail));
        assert!(matches!(decide(0, 2, Severity::Warning, unread()), Gate::Fail));
    }
}
