//! How a rule's severity setting (`[rules.severity]`) applies to its
//! findings: `off`, `warning` or `error`, or the rule's own.

use super::Severity;
use crate::config::SeveritySetting;

/// The severity a finding gets under its rule's setting; `None` when the
/// rule is switched off. Without a setting, the rule's own (a warning when
/// `warn`).
pub fn severity(setting: Option<&SeveritySetting>, warn: bool) -> Option<Severity> {
    match setting {
        Some(SeveritySetting::Off) => None,
        Some(SeveritySetting::Error) => Some(Severity::Error),
        Some(SeveritySetting::Warning) => Some(Severity::Warning),
        None if warn => Some(Severity::Warning),
        None => Some(Severity::Error),
    }
}
