//! The verdict on emergency changes, by the clock: a version that lacks
//! its approvals but is covered by a valid emergency declaration
//! (`history::emergency` attaches it to the judgement) passes with a
//! warning (ISMS-APPROVAL-010) until the declaration's deadline, and is an
//! error once the deadline has passed; a declaration dated after the
//! evaluation time lets nothing through. The missing-approval finding of
//! such a version (ISMS-APPROVAL-001) becomes that finding.

use crate::findings::catalogue::{EMERGENCY, MISSING};
use crate::history::Report;

/// The evaluation instant, seconds since the epoch, of `now` as `isms
/// check` takes it: today's date (no `--now`, or `--now` naming today) is
/// the current time; another date is the last second of that day (so a
/// deadline falling on it has passed: fail closed); an RFC 3339 time is
/// that instant. `None` when `now` is none of these.
pub fn instant(now: &str) -> Option<i64> {
    let clock = chrono::Utc::now();
    if now == clock.date_naive().format("%Y-%m-%d").to_string() {
        return Some(clock.timestamp());
    }
    if let Ok(day) = chrono::NaiveDate::parse_from_str(now, "%Y-%m-%d") {
        return day.and_hms_opt(23, 59, 59).map(|t| t.and_utc().timestamp());
    }
    chrono::DateTime::parse_from_rfc3339(now).ok().map(|t| t.timestamp())
}

/// Turns the missing-approval issues of versions covered by an emergency
/// declaration into the emergency's verdict as of `now`.
pub fn judge(report: &mut Report, now: &str) {
    // Fail closed: an evaluation time that cannot be read is past every
    // deadline.
    let now_at = instant(now).unwrap_or(i64::MAX);
    for j in report.judgements.iter().filter(|j| !j.approved) {
        let Some(d) = &j.emergency else { continue };
        let have = j.approvers.len();
        let needs = format!(
            "{} approval{} from {} under the rule `{}` (not {}), it has {have}",
            j.min,
            if j.min == 1 { "" } else { "s" },
            j.roles.join(" or "),
            j.rule,
            d.declarer_name
        );
        for issue in report.issues.iter_mut().filter(|i| {
            i.rule == MISSING
                && !i.warning
                && i.path.as_deref() == Some(j.path.as_str())
                && i.rule_index == j.rule_index
                && i.commit.as_deref() == Some(j.change.as_str())
        }) {
            let declared = format!(
                "an emergency declared by {} at {} (\"{}\", {})",
                d.declarer_name, d.declared, d.reason, d.file
            );
            if d.declared_at > now_at {
                issue.message.push_str(&format!(
                    "; {declared} is dated after the time of this check ({now}) and lets nothing through"
                ));
                continue;
            }
            issue.rule = EMERGENCY;
            if now_at < d.due_at {
                issue.warning = true;
                issue.message = format!(
                    "{} is let through by {declared}: it needs {needs}, by the deadline {} ({} after the declaration)",
                    j.path, d.due, d.deadline
                );
            } else {
                issue.message = format!(
                    "{} was let through by {declared}, and its deadline {} ({} after the declaration) has passed: it needs {needs}",
                    j.path, d.due, d.deadline
                );
            }
        }
    }
}

/// How an emergency change stands as of `now`, for the audit and the
/// evidence pack: `approved by NAME in COMMIT (DATE)…`, `waiting for
/// approval until DUE`, or `overdue since DUE`. `time_of` gives a
/// commit's (committer) time; `name_of` a person's `Name (id)`. `None`
/// when no emergency covers the version.
pub fn standing(
    j: &crate::history::Judgement,
    time_of: &dyn Fn(&str) -> Option<i64>,
    name_of: &dyn Fn(&str) -> String,
    now: &str,
) -> Option<String> {
    let d = j.emergency.as_ref()?;
    if j.approved {
        let by: Vec<String> = j
            .approvers
            .iter()
            .map(|a| {
                let when = time_of(&a.commit)
                    .map(crate::history::emergency::time_text)
                    .unwrap_or_default();
                format!(
                    "{} in {} ({when}{})",
                    name_of(&a.person),
                    crate::history::short_id(&a.commit),
                    match time_of(&a.commit) {
                        Some(t) if t > d.due_at => ", after the deadline",
                        _ => "",
                    }
                )
            })
            .collect();
        return Some(format!("approved by {}", by.join(", ")));
    }
    let now_at = instant(now).unwrap_or(i64::MAX);
    Some(if now_at < d.due_at {
        format!("waiting for approval until {}", d.due)
    } else {
        format!("overdue since {}", d.due)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_evaluation_instant_fails_closed() {
        // Another day: its last second.
        assert_eq!(instant("1970-01-02"), Some(86_400 + 86_399));
        assert_eq!(instant("1970-01-02T00:00:00Z"), Some(86_400));
        assert_eq!(instant("yesterday"), None);
        let today = chrono::Utc::now();
        let at = instant(&today.date_naive().format("%Y-%m-%d").to_string()).unwrap();
        assert!((at - today.timestamp()).abs() < 60);
    }
}
