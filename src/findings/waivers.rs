//! Waivers: which findings a `[[waiver]]` of `isms.toml` covers (its rule
//! and target, until it expires), and the error an expired waiver is
//! itself. The approval findings are never waived.

use super::catalogue::{UNWAIVABLE, WAIVER_EXPIRED};
use super::{Finding, Severity, Waived};
use crate::config::{Config, PathSeg};
use std::sync::Arc;

/// Marks each finding an unexpired waiver covers as waived, and adds an
/// error for each waiver that has expired.
pub fn apply_waivers(config: &Config, now: &str, findings: &mut Vec<Finding>) {
    for finding in findings.iter_mut() {
        if UNWAIVABLE.contains(&finding.rule.as_str()) {
            continue;
        }
        let waiver = config.raw.waivers.iter().find(|w| {
            w.rule == finding.rule && w.expires.as_str() >= now && target_matches(&w.target, finding.target.as_deref())
        });
        if let Some(w) = waiver {
            finding.waived = Some(Waived {
                reason: w.reason.clone(),
                approved_by: w.approved_by.clone(),
                expires: w.expires.clone(),
            });
        }
    }
    for (i, w) in config.raw.waivers.iter().enumerate() {
        if w.expires.as_str() < now {
            findings.push(Finding {
                rule: WAIVER_EXPIRED.into(),
                title: "Waiver expired".into(),
                severity: Severity::Error,
                message: format!("the waiver of {} for `{}` expired on {}", w.rule, w.target, w.expires),
                file: Some(Arc::clone(&config.file)),
                span: config.span_of(&[PathSeg::Key("waiver"), PathSeg::Index(i), PathSeg::Key("expires")]),
                target: Some(format!("config/waiver.{i}")),
                clauses: vec!["6.1.3".into(), "10.2".into()],
                controls: Vec::new(),
                help: Some(
                    "fix what the waiver covered and remove it, or have it re-approved with a new expiry date".into(),
                ),
                waived: None,
                related: Vec::new(),
                todo: false,
            });
        }
    }
}

/// Whether a waiver target covers a finding target: `*`, equal, or a
/// prefix ending at a `/`.
pub fn target_matches(waiver: &str, target: Option<&str>) -> bool {
    let waiver = waiver.trim_end_matches('/');
    if waiver == "*" {
        return true;
    }
    let Some(target) = target else { return false };
    target == waiver || target.strip_prefix(waiver).is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::target_matches;

    #[test]
    fn waiver_targets() {
        assert!(target_matches("*", None));
        assert!(target_matches("risks/R-1", Some("risks/R-1/owner")));
        assert!(target_matches("risks/R-1", Some("risks/R-1")));
        assert!(!target_matches("risks/R-1", Some("risks/R-10")));
        assert!(!target_matches("risks/R-1", None));
    }
}
