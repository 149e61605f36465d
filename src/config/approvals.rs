//! `[[approval]]`: which paths need whose approval, and how many; and the
//! ids of the findings approval judging raises, with the ones that no
//! setting or waiver may silence (they are the gate itself).

use super::validate::Checker;
use super::*;

/// Ids of the approval findings (built into `isms`, not Rego).
pub const MISSING: &str = "ISMS-APPROVAL-001";
pub const SELF_APPROVAL: &str = "ISMS-APPROVAL-002";
pub const SIGNATURE: &str = "ISMS-APPROVAL-003";
pub const AUTHOR_MISMATCH: &str = "ISMS-APPROVAL-004";
pub const STALE: &str = "ISMS-APPROVAL-005";
pub const FORGED_TRAILER: &str = "ISMS-APPROVAL-006";
pub const NO_HISTORY: &str = "ISMS-APPROVAL-007";
pub const GOVERNS_NOTHING: &str = "ISMS-APPROVAL-008";
/// Changes nobody but their makers may approve: a second approver is
/// needed (one finding for all of them, in place of one ISMS-APPROVAL-001
/// each; a warning while nothing waits, e.g. a one-person ISMS just set up).
pub const SECOND_APPROVER: &str = "ISMS-APPROVAL-009";
/// An emergency change (merged on a signed declaration) waiting for its
/// retroactive approval: a warning until its deadline, an error after it.
pub const EMERGENCY: &str = "ISMS-APPROVAL-010";

/// The help of an ISMS-APPROVAL-001 when no eligible person is left to
/// approve (every holder of the rule's roles made the change, or none is
/// active): such findings become one ISMS-APPROVAL-009.
pub const NOBODY_LEFT: &str =
    "nobody who holds the rule's roles can still approve: every holder made the change, or none is active";

/// The approval findings no configuration can switch off, turn down or
/// waive: they are the gate itself.
pub const UNWAIVABLE: &[&str] = &[
    MISSING,
    SELF_APPROVAL,
    SIGNATURE,
    AUTHOR_MISMATCH,
    STALE,
    FORGED_TRAILER,
    SECOND_APPROVER,
    EMERGENCY,
];

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalRule {
    /// Optional name for messages.
    #[serde(default)]
    pub name: Option<String>,
    /// Path globs (relative to the ISMS root) this rule governs.
    #[schemars(length(min = 1))]
    pub paths: Vec<String>,
    /// Roles whose holders may approve.
    #[schemars(length(min = 1))]
    pub roles: Vec<String>,
    /// How many distinct people holding one of the roles must approve.
    #[serde(default = "one")]
    #[schemars(range(min = 1))]
    pub min: u32,
}

fn one() -> u32 {
    1
}

/// Globs compile and stay inside the repository, roles exist, `min` can
/// be met by the active people holding them.
pub(super) fn validate(c: &Checker<'_>, problems: &mut Problems) {
    let (raw, file) = (&c.config.raw, c.file);
    let span = |path: &[PathSeg<'_>]| c.span(path);
    let unknown_role = |role: &str, at: Span| c.unknown_role(role, at);

    // Approval rules: globs compile, roles exist, min can be met.
    for (i, rule) in raw.approvals.iter().enumerate() {
        let at = |key: &str| span(&[PathSeg::Key("approval"), PathSeg::Index(i), PathSeg::Key(key)]);
        if rule.paths.is_empty() {
            problems.push(
                Problem::new("config::bad-value", "an approval rule needs at least one path glob")
                    .at(file, at("paths")),
            );
        }
        for (j, glob) in rule.paths.iter().enumerate() {
            let g_at = span(&[
                PathSeg::Key("approval"),
                PathSeg::Index(i),
                PathSeg::Key("paths"),
                PathSeg::Index(j),
            ]);
            if let Err(e) = globset::Glob::new(glob) {
                problems.push(
                    Problem::new("config::bad-glob", format!("invalid glob `{glob}`: {}", e.kind())).at(file, g_at),
                );
            } else if !is_contained(glob.trim_start_matches("**/")) {
                problems.push(
                    Problem::new("config::path-escapes", format!("glob `{glob}` leaves the repository"))
                        .at(file, g_at)
                        .help("write globs relative to the directory of isms.toml"),
                );
            }
        }
        if rule.roles.is_empty() {
            problems.push(
                Problem::new("config::bad-value", "an approval rule needs at least one role").at(file, at("roles")),
            );
        }
        let mut eligible: HashSet<&str> = HashSet::new();
        for (j, role) in rule.roles.iter().enumerate() {
            if raw.roles.contains_key(role) {
                for p in raw.people.iter().filter(|p| p.active && p.roles.contains(role)) {
                    eligible.insert(&p.id);
                }
            } else {
                problems.push(unknown_role(
                    role,
                    span(&[
                        PathSeg::Key("approval"),
                        PathSeg::Index(i),
                        PathSeg::Key("roles"),
                        PathSeg::Index(j),
                    ]),
                ));
            }
        }
        if rule.min == 0 {
            problems.push(
                Problem::new("config::bad-value", "`min = 0` would let any change through unapproved")
                    .at(file, at("min"))
                    .help("use 1 or more; remove the rule to stop governing these paths"),
            );
        } else if !rule.roles.is_empty()
            && (rule.min as usize) > eligible.len()
            && rule.roles.iter().all(|r| raw.roles.contains_key(r))
        {
            problems.push(
                Problem::new(
                    "config::unsatisfiable",
                    format!(
                        "`min = {}` can never be met: only {} active {} {} {}",
                        rule.min,
                        eligible.len(),
                        if eligible.len() == 1 { "person" } else { "people" },
                        if eligible.len() == 1 { "holds" } else { "hold" },
                        rule.roles.join(" or ")
                    ),
                )
                .at(file, at("min"))
                .help("lower `min`, or give the role to more people"),
            );
        }
    }
}
