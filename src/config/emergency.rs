//! `[emergency]`: who may declare an emergency change (merged now,
//! approved afterwards), how long the retroactive approval may take, and
//! which approval rules a declaration may stand in for. Never a rule that
//! governs the configuration itself (isms.toml, key files, the
//! organisation's own rules): such a setting is refused here, and judging
//! never lets a declaration pass those paths whatever the setting.

use super::validate::Checker;
use super::*;

/// Emergency changes: a signed declaration lets exactly the content it
/// names through now, with a warning, and the change must be approved by
/// the rule's eligible approvers within the deadline.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Emergency {
    /// Roles whose active holders may declare an emergency change
    /// (`isms emergency`).
    #[schemars(length(min = 1))]
    pub declarers: Vec<String>,
    /// How long after its declaration an emergency change must be approved
    /// by the rule's eligible approvers: hours or days, e.g. `72h` or `3d`.
    #[schemars(regex(pattern = r"^[1-9][0-9]{0,4}[hd]$"))]
    pub deadline: String,
    /// The names of the `[[approval]]` rules a declaration may stand in
    /// for. Never a rule governing isms.toml, a key file or the
    /// organisation's own rules.
    #[schemars(length(min = 1))]
    pub rules: Vec<String>,
}

impl Emergency {
    /// The deadline in seconds; `None` when it is not `N h` or `N d`.
    pub fn deadline_seconds(&self) -> Option<i64> {
        deadline_seconds(&self.deadline)
    }
}

/// `72h` → 259200; `3d` → 259200; anything else (zero, no unit, another
/// unit, more than 99999) `None`.
pub fn deadline_seconds(text: &str) -> Option<i64> {
    let (digits, unit) = text.split_at(text.len().checked_sub(1)?);
    if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    match unit {
        "h" => Some(n * 3600),
        "d" => Some(n * 86_400),
        _ => None,
    }
}

/// Paths that stand for the configuration's own files, to probe a rule's
/// globs with: isms.toml, each key file, a file in the own rules folder.
fn config_probes(raw: &RawConfig) -> Vec<String> {
    let mut probes = vec![FILE_NAME.to_string()];
    for key in raw.people.iter().flat_map(|p| p.keys.iter()) {
        if !super::gate::looks_inline_key(key) {
            probes.push(key.clone());
        }
    }
    if let Some(custom) = &raw.rules.custom {
        let dir = custom.trim_end_matches('/');
        probes.push(format!("{dir}/x.rego"));
        probes.push(format!("{dir}/x/x.rego"));
    }
    probes
}

/// Declarer roles exist, the deadline reads, every rule named exists and
/// governs none of the configuration's own files.
pub(super) fn validate(c: &Checker<'_>, problems: &mut Problems) {
    let (raw, file) = (&c.config.raw, c.file);
    let Some(e) = &raw.emergency else { return };
    let at = |path: &[PathSeg<'_>]| c.span(path);
    if e.declarers.is_empty() {
        problems.push(
            Problem::new("config::bad-value", "[emergency] needs at least one declarer role")
                .at(file, at(&[PathSeg::Key("emergency"), PathSeg::Key("declarers")])),
        );
    }
    for (i, role) in e.declarers.iter().enumerate() {
        if !raw.roles.contains_key(role) {
            problems.push(c.unknown_role(
                role,
                at(&[PathSeg::Key("emergency"), PathSeg::Key("declarers"), PathSeg::Index(i)]),
            ));
        }
    }
    if e.deadline_seconds().is_none() {
        problems.push(
            Problem::new(
                "config::bad-value",
                format!(
                    "`{}` is not a deadline: write hours or days, e.g. `72h` or `3d`",
                    e.deadline
                ),
            )
            .at(file, at(&[PathSeg::Key("emergency"), PathSeg::Key("deadline")])),
        );
    }
    if e.rules.is_empty() {
        problems.push(
            Problem::new(
                "config::bad-value",
                "[emergency] names no approval rule it may stand in for",
            )
            .at(file, at(&[PathSeg::Key("emergency"), PathSeg::Key("rules")])),
        );
    }
    let probes = config_probes(raw);
    let custom = raw.rules.custom.as_deref().map(|c| c.trim_end_matches('/'));
    for (i, name) in e.rules.iter().enumerate() {
        let here = at(&[PathSeg::Key("emergency"), PathSeg::Key("rules"), PathSeg::Index(i)]);
        let Some(rule) = raw.approvals.iter().find(|a| a.name.as_deref() == Some(name.as_str())) else {
            let names: Vec<&str> = raw.approvals.iter().filter_map(|a| a.name.as_deref()).collect();
            let p = Problem::new(
                "config::unknown-rule",
                format!("no [[approval]] rule is named `{name}`"),
            )
            .at(file, here);
            problems.push(match did_you_mean(name, names.iter().copied()) {
                Some(s) => p.help(format!("did you mean `{s}`?")),
                None => p.help(format!("the named approval rules: {}", names.join(", "))),
            });
            continue;
        };
        // As judging compiles the rule's globs.
        let mut builder = globset::GlobSetBuilder::new();
        for g in &rule.paths {
            if let Ok(glob) = globset::GlobBuilder::new(g).literal_separator(true).build() {
                builder.add(glob);
            }
        }
        let set = builder.build().unwrap_or_else(|_| globset::GlobSet::empty());
        let governs_config = probes.iter().any(|p| set.is_match(p))
            || custom.is_some_and(|dir| rule.paths.iter().any(|g| g.starts_with(dir)));
        if governs_config {
            problems.push(
                Problem::new(
                    "config::emergency-config",
                    format!(
                        "the approval rule `{name}` governs the ISMS's configuration (isms.toml, a key file or the organisation's own rules): no emergency may stand in for its approval"
                    ),
                )
                .at(file, here)
                .help("name only rules over ordinary ISMS content; split a rule that also governs the configuration into two"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_are_hours_or_days() {
        assert_eq!(deadline_seconds("72h"), Some(259_200));
        assert_eq!(deadline_seconds("3d"), Some(259_200));
        for bad in ["", "h", "0h", "072h", "72", "72m", "-1h", "1.5h", "999999h", "72 h"] {
            assert_eq!(deadline_seconds(bad), None, "{bad}");
        }
    }
}
