//! `[rules]` and `[[waiver]]`: the settings the rules read (risk scale and
//! levels, review intervals, required roles, placeholders), severities,
//! the organisation's own rules, and waivers of findings.

use super::validate::Checker;
use super::*;

/// A severity a rule can be set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SeveritySetting {
    Error,
    Warning,
    Off,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Per-rule severity: `{ "ISMS-RISK-002" = "warning" }`, or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, SeveritySetting>,
    /// How often documents and the ISMS must be reviewed, in months.
    #[serde(default = "twelve")]
    #[schemars(range(min = 1, max = 60))]
    pub review_interval_months: u32,
    /// How often everyone must repeat awareness training, in months.
    #[serde(default = "twelve")]
    #[schemars(range(min = 1, max = 60))]
    pub training_interval_months: u32,
    /// How often a supplier must be assessed when its register states no
    /// next assessment date, in months (A.5.22).
    #[serde(default = "twelve")]
    #[schemars(range(min = 1, max = 60))]
    pub supplier_review_interval_months: u32,
    /// Within how many hours of detection a high or critical incident must
    /// be escalated to management.
    #[serde(default = "twenty_four")]
    pub escalation_hours: u32,
    /// Headings the information security policy must have (clause 5.2);
    /// matched without regard to case.
    #[serde(default = "policy_sections")]
    pub policy_sections: Vec<String>,
    /// Roles that must be held by at least one active person; by default
    /// every declared role.
    #[serde(default)]
    pub required_roles: Option<Vec<String>>,
    /// Pairs of roles one person must not hold together (A.5.3), e.g.
    /// `[["ciso", "internal-auditor"]]`.
    #[serde(default)]
    pub conflicting_roles: Vec<[String; 2]>,
    /// The risk scale and acceptance threshold.
    #[serde(default)]
    pub risk: RiskSettings,
    /// The inputs every management review must cover (9.3.2), matched
    /// without regard to case, spaces or dashes against the review's
    /// `inputs` and the headings of its minutes.
    #[serde(default = "review_inputs")]
    pub review_inputs: Vec<String>,
    /// Folder of the organisation's own `.rego` rules.
    #[serde(default)]
    pub custom: Option<String>,
    /// Free-form settings for the organisation's own rules, passed to Rego
    /// as `input.settings.params`.
    #[serde(default)]
    pub params: BTreeMap<String, serde_json::Value>,
    /// How long one rule may run, in seconds, before it is stopped as an
    /// error (a rule that runs away must not hang the gate).
    #[serde(default = "sixty")]
    pub time_limit_seconds: u32,
    /// More placeholder patterns (regular expressions matching a whole
    /// value, case-insensitive) beside the built-in ones (`[TBD]`, `TBD`,
    /// `TODO`, `<Role/Name>`, `[______]`, `XXX`…): a value matching one is
    /// reported as not filled in (ISMS-VALUE-002).
    #[serde(default)]
    pub placeholders: Vec<String>,
}

fn sixty() -> u32 {
    60
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            severity: BTreeMap::new(),
            review_interval_months: 12,
            training_interval_months: 12,
            supplier_review_interval_months: 12,
            escalation_hours: 24,
            policy_sections: policy_sections(),
            required_roles: None,
            conflicting_roles: Vec::new(),
            risk: RiskSettings::default(),
            review_inputs: review_inputs(),
            custom: None,
            params: BTreeMap::new(),
            time_limit_seconds: 60,
            placeholders: Vec::new(),
        }
    }
}

fn twelve() -> u32 {
    12
}

fn twenty_four() -> u32 {
    24
}

fn policy_sections() -> Vec<String> {
    [
        "Information security objectives",
        "Commitment to requirements",
        "Commitment to continual improvement",
    ]
    .map(String::from)
    .to_vec()
}

fn review_inputs() -> Vec<String> {
    [
        "Status of actions",
        "Issues",
        "Interested parties",
        "Nonconformities",
        "Monitoring",
        "Audit results",
        "Objectives",
        "Feedback",
        "Risk",
        "Improvement",
    ]
    .map(String::from)
    .to_vec()
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskSettings {
    /// Points on the likelihood and impact scales (5 for a 5×5 matrix).
    #[serde(default = "five")]
    #[schemars(range(min = 2, max = 10))]
    pub scale: u32,
    /// Residual scores above this must be formally accepted.
    #[serde(default = "nine")]
    pub acceptance_threshold: u32,
    /// The level bands of the matrix: the lowest score of each level, e.g.
    /// `{ low = 1, medium = 5, high = 10, very-high = 17 }`. A risk's
    /// `level` must be the band its score falls in.
    #[serde(default = "levels")]
    #[schemars(extend(
        "propertyNames" = {"enum": RISK_LEVELS},
        "additionalProperties" = {"type": "integer", "minimum": 1},
    ))]
    pub levels: BTreeMap<String, u32>,
    /// Likelihood written as words, lowest first (`["Rare", "Unlikely",
    /// "Possible", "Likely", "Almost certain"]`): read as 1, 2, 3…, matched
    /// ignoring case. Scores are then not worked out as likelihood × impact
    /// unless a `matrix` says how.
    #[serde(default)]
    pub likelihood_words: Vec<String>,
    /// Impact written as words, lowest first, as `likelihood_words`.
    #[serde(default)]
    pub impact_words: Vec<String>,
    /// The organisation's risk matrix: for each likelihood (lowest first), the
    /// level of each impact (lowest first), e.g. `[["low", "low", "medium"],
    /// ["low", "medium", "high"], ["medium", "high", "very-high"]]`. When
    /// given, a risk's level must be the matrix's level of its likelihood and
    /// impact.
    #[serde(default)]
    pub matrix: Vec<Vec<String>>,
    /// Residual risk at a level above this one must be formally accepted
    /// (for registers that rate residual risk by level rather than score).
    #[serde(default = "medium")]
    pub acceptance_level: String,
}

fn medium() -> String {
    "medium".into()
}

impl Default for RiskSettings {
    fn default() -> Self {
        RiskSettings {
            scale: 5,
            acceptance_threshold: 9,
            levels: levels(),
            likelihood_words: Vec::new(),
            impact_words: Vec::new(),
            matrix: Vec::new(),
            acceptance_level: medium(),
        }
    }
}

/// The risk levels, lowest first, as the risks register spells them.
pub const RISK_LEVELS: [&str; 4] = ["low", "medium", "high", "very-high"];

fn levels() -> BTreeMap<String, u32> {
    RISK_LEVELS.iter().map(|l| l.to_string()).zip([1, 5, 10, 17]).collect()
}

fn five() -> u32 {
    5
}

fn nine() -> u32 {
    9
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The rule id waived.
    pub rule: String,
    /// What it applies to: a finding target such as `risks/R-007` or
    /// `documents/POL-003`; a prefix covers everything below it; `*` all.
    pub target: String,
    /// Why the exception is accepted.
    #[schemars(regex(pattern = r"\S"))]
    pub reason: String,
    /// Who accepted it: a person or a role.
    pub approved_by: String,
    /// Last day the waiver applies (YYYY-MM-DD); after it, it is an error.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), extend("format" = "date"))]
    pub expires: String,
}

/// The rule settings are usable: a supported scale, levels in order,
/// known roles, the own rules folder inside the repository, placeholder
/// patterns that compile.
pub(super) fn validate(c: &Checker<'_>, problems: &mut Problems) {
    let (raw, file) = (&c.config.raw, c.file);
    let span = |path: &[PathSeg<'_>]| c.span(path);
    let unknown_role = |role: &str, at: Span| c.unknown_role(role, at);

    let rules = &raw.rules;
    if rules.risk.scale < 2 || rules.risk.scale > 10 {
        problems.push(
            Problem::new(
                "config::bad-value",
                format!("a risk scale of {} points is not supported", rules.risk.scale),
            )
            .at(
                file,
                span(&[PathSeg::Key("rules"), PathSeg::Key("risk"), PathSeg::Key("scale")]),
            )
            .help("use 3, 4 or 5 (2 to 10 are accepted)"),
        );
    } else if rules.risk.acceptance_threshold > rules.risk.scale * rules.risk.scale {
        problems.push(
            Problem::new(
                "config::bad-value",
                format!(
                    "acceptance threshold {} is above the highest score {}",
                    rules.risk.acceptance_threshold,
                    rules.risk.scale * rules.risk.scale
                ),
            )
            .at(
                file,
                span(&[
                    PathSeg::Key("rules"),
                    PathSeg::Key("risk"),
                    PathSeg::Key("acceptance_threshold"),
                ]),
            ),
        );
    }
    // The default bands are for a 5×5 matrix; on another scale only bands
    // the organisation wrote are checked (a default band past the top score
    // is never reached).
    let explicit = c
        .config
        .span_of(&[PathSeg::Key("rules"), PathSeg::Key("risk"), PathSeg::Key("levels")])
        .is_some();
    let mut previous: Option<(&str, u32)> = None;
    for level in RISK_LEVELS {
        let Some(&min) = rules.risk.levels.get(level) else {
            continue;
        };
        if !explicit {
            continue;
        }
        let at = span(&[
            PathSeg::Key("rules"),
            PathSeg::Key("risk"),
            PathSeg::Key("levels"),
            PathSeg::Key(level),
        ]);
        let top = rules.risk.scale * rules.risk.scale;
        if min == 0 || min > top {
            problems.push(
                Problem::new(
                    "config::bad-value",
                    format!("level `{level}` starts at {min}, outside the scores 1–{top}"),
                )
                .at(file, at),
            );
        } else if let Some((below, below_min)) = previous.filter(|(_, m)| *m >= min) {
            problems.push(
                Problem::new(
                    "config::bad-value",
                    format!("level `{level}` starts at {min}, not above `{below}` ({below_min})"),
                )
                .at(file, at)
                .help("bands go up: low < medium < high < very-high"),
            );
        }
        previous = Some((level, min));
    }
    let risk_at = |key: &str| span(&[PathSeg::Key("rules"), PathSeg::Key("risk"), PathSeg::Key(key)]);
    for (key, words) in [
        ("likelihood_words", &rules.risk.likelihood_words),
        ("impact_words", &rules.risk.impact_words),
    ] {
        if !words.is_empty() && words.len() as u32 > rules.risk.scale {
            problems.push(
                Problem::new(
                    "config::bad-value",
                    format!("{} words for a scale of {} points", words.len(), rules.risk.scale),
                )
                .at(file, risk_at(key))
                .help("set `scale` to the number of words"),
            );
        }
    }
    let unknown_level = |name: &str, at: Span| {
        let p = Problem::new("config::unknown-level", format!("`{name}` is not a risk level")).at(file, at);
        match did_you_mean(name, RISK_LEVELS.iter().copied()) {
            Some(s) => p.help(format!("did you mean `{s}`?")),
            None => p.help(format!("levels: {}", RISK_LEVELS.join(", "))),
        }
    };
    if !RISK_LEVELS.contains(&rules.risk.acceptance_level.as_str()) {
        problems.push(unknown_level(&rules.risk.acceptance_level, risk_at("acceptance_level")));
    }
    if !rules.risk.matrix.is_empty() {
        let n = rules.risk.scale as usize;
        if rules.risk.matrix.len() != n || rules.risk.matrix.iter().any(|row| row.len() != n) {
            problems.push(
                Problem::new(
                    "config::bad-value",
                    format!("the risk matrix must have {n} rows of {n} levels (one per likelihood, then impact)"),
                )
                .at(file, risk_at("matrix")),
            );
        }
        for (i, row) in rules.risk.matrix.iter().enumerate() {
            for (j, level) in row.iter().enumerate() {
                if !RISK_LEVELS.contains(&level.as_str()) {
                    let at = span(&[
                        PathSeg::Key("rules"),
                        PathSeg::Key("risk"),
                        PathSeg::Key("matrix"),
                        PathSeg::Index(i),
                        PathSeg::Index(j),
                    ]);
                    problems.push(unknown_level(level, at));
                }
            }
        }
    }
    for name in rules.risk.levels.keys().filter(|k| !RISK_LEVELS.contains(&k.as_str())) {
        let mut p = Problem::new("config::unknown-level", format!("`{name}` is not a risk level")).at(
            file,
            span(&[
                PathSeg::Key("rules"),
                PathSeg::Key("risk"),
                PathSeg::Key("levels"),
                PathSeg::Key(name),
            ]),
        );
        p = match did_you_mean(name, RISK_LEVELS.iter().copied()) {
            Some(s) => p.help(format!("did you mean `{s}`?")),
            None => p.help(format!("levels: {}", RISK_LEVELS.join(", "))),
        };
        problems.push(p);
    }
    for (key, months) in [
        ("review_interval_months", rules.review_interval_months),
        ("training_interval_months", rules.training_interval_months),
        ("supplier_review_interval_months", rules.supplier_review_interval_months),
    ] {
        if months == 0 || months > 60 {
            problems.push(
                Problem::new(
                    "config::bad-value",
                    format!("an interval of {months} months is not sensible"),
                )
                .at(file, span(&[PathSeg::Key("rules"), PathSeg::Key(key)]))
                .help("ISO 27001 expects planned intervals; 12 is usual"),
            );
        }
    }
    let required = rules
        .required_roles
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, r)| (r, ["required_roles".to_string(), i.to_string()]));
    let conflicting = rules.conflicting_roles.iter().enumerate().flat_map(|(i, pair)| {
        pair.iter()
            .enumerate()
            .map(move |(j, r)| (r, [format!("conflicting_roles.{i}"), j.to_string()]))
    });
    for (role, [key, index]) in required.chain(conflicting) {
        if !raw.roles.contains_key(role) {
            let mut path = vec![PathSeg::Key("rules")];
            for part in key.split('.').chain([index.as_str()]) {
                path.push(part.parse::<usize>().map_or(PathSeg::Key(part), PathSeg::Index));
            }
            problems.push(unknown_role(role, span(&path)));
        }
    }
    if let Some(custom) = &rules.custom {
        if !is_contained(custom) {
            problems.push(
                Problem::new(
                    "config::path-escapes",
                    format!("rules folder `{custom}` leaves the repository"),
                )
                .at(file, span(&[PathSeg::Key("rules"), PathSeg::Key("custom")])),
            );
        }
    }

    for (i, pattern) in rules.placeholders.iter().enumerate() {
        if let Err(e) = regex::Regex::new(pattern) {
            problems.push(
                Problem::new(
                    "config::bad-value",
                    format!("placeholder pattern `{pattern}` is not a regular expression: {e}"),
                )
                .at(
                    file,
                    span(&[PathSeg::Key("rules"), PathSeg::Key("placeholders"), PathSeg::Index(i)]),
                ),
            );
        }
    }
}

/// Each waiver expires on a date, is approved by a known person or role
/// and gives a reason (after the holders of roles are known).
pub(super) fn validate_waivers(c: &Checker<'_>, problems: &mut Problems) {
    let (config, file) = (c.config, c.file);

    // Waivers: approver resolves, expiry is a date.
    for (i, waiver) in config.raw.waivers.iter().enumerate() {
        let at = |key: &str| {
            config
                .span_of(&[PathSeg::Key("waiver"), PathSeg::Index(i), PathSeg::Key(key)])
                .unwrap_or_default()
        };
        if !is_date(&waiver.expires) {
            problems.push(
                Problem::new("config::bad-date", format!("`{}` is not a date", waiver.expires))
                    .at(file, at("expires"))
                    .help("write dates as YYYY-MM-DD; every waiver must expire"),
            );
        }
        if config.resolve(&waiver.approved_by) == Resolved::Unknown {
            problems.push(
                Problem::new(
                    "config::unknown-person",
                    format!("`{}` is neither a person nor a role", waiver.approved_by),
                )
                .at(file, at("approved_by"))
                .help("use a person id or a role id from isms.toml"),
            );
        }
        if waiver.reason.trim().is_empty() {
            problems.push(Problem::new("config::bad-value", "a waiver needs a reason").at(file, at("reason")));
        }
    }
}
