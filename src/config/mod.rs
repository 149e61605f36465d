//! `isms.toml`: the organisation, its people and roles, approval rules,
//! registers, documents, rule settings and waivers. Owns reading the file
//! into typed values with every error collected and located, and the
//! cross-reference checks (unknown roles and people, duplicate ids, paths
//! that leave the repository).

pub mod de;
mod gate;

pub mod kinds;
mod validate;
pub use gate::{UNWAIVABLE, looks_inline_key, normal_spelling};
use validate::validate;

use crate::config::kinds::RegisterKind;
use crate::diag::{Problem, Problems, did_you_mean};
use crate::source::{SourceFile, Span, is_contained};
use crate::tree::{Kind, Node, parse_toml};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// The configuration file's name.
pub const FILE_NAME: &str = "isms.toml";

/// `isms.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "isms.toml",
    description = "Configuration of an ISMS repository checked by isms."
)]
pub struct RawConfig {
    /// The organisation whose ISMS this is.
    pub organisation: Organisation,
    /// Roles, keyed by role id (`[roles.ceo]`).
    #[serde(default)]
    pub roles: BTreeMap<String, Role>,
    /// The people of the ISMS: owners, approvers, designated signers.
    #[serde(default, rename = "person")]
    pub people: Vec<Person>,
    /// Which changes need whose approval.
    #[serde(default, rename = "approval")]
    pub approvals: Vec<ApprovalRule>,
    /// The registers and where they are.
    #[serde(default, rename = "register")]
    pub registers: Vec<RegisterEntry>,
    /// Where the Markdown documents are.
    #[serde(default)]
    pub documents: Documents,
    /// Rule settings.
    #[serde(default)]
    pub rules: Rules,
    /// Accepted exceptions to rules, each approved and time-limited.
    #[serde(default, rename = "waiver")]
    pub waivers: Vec<Waiver>,
    /// Where the ISMS's git history starts.
    #[serde(default)]
    pub history: History,
}

/// Where the history that approvals are verified from starts.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// The pinned trust-root commit: the versions of the governed files at
    /// this commit are the accepted baseline, and the history before it is
    /// not judged (`isms check` without `--base`, `isms audit`). A commit id,
    /// or `HEAD` to take everything committed so far as the baseline (only
    /// for demos and for the day of adoption: ranges given with `--base` are
    /// always judged).
    #[serde(default)]
    pub trust_root: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Legal or trading name.
    pub name: String,
    /// One-line summary of the ISMS scope (the scope document holds the detail).
    #[serde(default)]
    pub scope: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Human-readable role name, e.g. "Chief Information Security Officer".
    pub name: String,
    /// Whether the role is part of top management (clause 5).
    #[serde(default)]
    pub top_management: bool,
    /// Whether the role is management-level: its holders may own risks
    /// (6.1.2 c). Top-management roles are management-level too.
    #[serde(default)]
    pub management: bool,
    /// Whether the role is privileged (administrators, security staff): its
    /// holders need role-specific training (7.2, A.6.3).
    #[serde(default)]
    pub privileged: bool,
    /// What the role is for.
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Short, unique id, e.g. `alice`.
    pub id: String,
    /// Full name.
    pub name: String,
    /// E-mail addresses the person commits with.
    #[serde(default)]
    pub emails: Vec<String>,
    /// GitHub login.
    #[serde(default)]
    pub github: Option<String>,
    /// Role ids held (keys of `[roles]`).
    #[serde(default)]
    pub roles: Vec<String>,
    /// The team the person belongs to, for training coverage in `isms
    /// report` (by default, their first role).
    #[serde(default)]
    pub team: Option<String>,
    /// Whether the person is currently active (leavers stay listed for history).
    #[serde(default = "yes")]
    pub active: bool,
    /// Public keys used to sign commits: OpenSSH lines (`ssh-ed25519 AAAA…`),
    /// ASCII-armoured OpenPGP keys, or paths of key files inside the repository.
    #[serde(default)]
    pub keys: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalRule {
    /// Optional name for messages.
    #[serde(default)]
    pub name: Option<String>,
    /// Path globs (relative to the ISMS root) this rule governs.
    pub paths: Vec<String>,
    /// Roles whose holders may approve.
    pub roles: Vec<String>,
    /// How many distinct people holding one of the roles must approve.
    #[serde(default = "one")]
    pub min: u32,
}

fn one() -> u32 {
    1
}

/// A file format of a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Toml,
    Csv,
    Yaml,
    Json,
}

impl Format {
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = path.rsplit('.').next()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(Format::Toml),
            "csv" => Some(Format::Csv),
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterEntry {
    /// Which built-in register this is.
    pub kind: RegisterKind,
    /// Path of the file, relative to the ISMS root.
    pub path: String,
    /// Format; by default taken from the file extension.
    #[serde(default)]
    pub format: Option<Format>,
    /// Maps the file's own column or key names onto built-in field names,
    /// e.g. `{ "Risk ID" = "id", "Risk Owner" = "owner" }`.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Further columns to keep (passed to rules under `extra`) instead of
    /// rejecting them as unknown.
    #[serde(default)]
    pub extra: Vec<String>,
    /// The field delimiter of a CSV register: `,` (the default), `;` (as
    /// spreadsheets in many European locales export) or a tab (`"\t"`).
    #[serde(default)]
    pub delimiter: Option<Delimiter>,
}

/// A CSV field delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum Delimiter {
    #[serde(rename = ",")]
    Comma,
    #[serde(rename = ";")]
    Semicolon,
    #[serde(rename = "\t")]
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    /// Globs of Markdown files to read. A file is an ISMS document when it
    /// starts with front matter (`+++` TOML or `---` YAML).
    #[serde(default = "default_document_paths")]
    pub paths: Vec<String>,
    /// Globs to skip.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Front-matter keys of your documents mapped onto the built-in fields,
    /// as `columns` does for registers: `{ "effective_date" = "approved_on",
    /// "next_review_date" = "next_review" }`. Keys are matched ignoring case,
    /// spaces, `-` and `_`. Keys not mapped and not built in are kept for your
    /// own rules (`front_matter` in the input).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Values for documents that do not state them, by path glob: the first
    /// matching entry that gives a field wins. E.g. everything under
    /// `policies/` is a topic-specific policy owned by the CISO.
    #[serde(default)]
    pub defaults: Vec<DocumentDefaults>,
    /// A document with no `id` takes its file name without `.md`
    /// (`access-control-policy.md` → `access-control-policy`).
    #[serde(default)]
    pub id_from_file: bool,
}

/// Default field values for the documents under some paths.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentDefaults {
    /// Globs of the documents these values apply to.
    pub paths: Vec<String>,
    /// Built-in field → value, e.g. `{ type = "topic-specific-policy", owner = "ciso" }`.
    pub values: BTreeMap<String, String>,
}

impl Default for Documents {
    fn default() -> Self {
        Documents {
            paths: default_document_paths(),
            exclude: Vec::new(),
            fields: BTreeMap::new(),
            defaults: Vec::new(),
            id_from_file: false,
        }
    }
}

fn default_document_paths() -> Vec<String> {
    vec!["**/*.md".to_string()]
}

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
    pub review_interval_months: u32,
    /// How often everyone must repeat awareness training, in months.
    #[serde(default = "twelve")]
    pub training_interval_months: u32,
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
    pub scale: u32,
    /// Residual scores above this must be formally accepted.
    #[serde(default = "nine")]
    pub acceptance_threshold: u32,
    /// The level bands of the matrix: the lowest score of each level, e.g.
    /// `{ low = 1, medium = 5, high = 10, very-high = 17 }`. A risk's
    /// `level` must be the band its score falls in.
    #[serde(default = "levels")]
    pub levels: BTreeMap<String, u32>,
}

impl Default for RiskSettings {
    fn default() -> Self {
        RiskSettings {
            scale: 5,
            acceptance_threshold: 9,
            levels: levels(),
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
    pub reason: String,
    /// Who accepted it: a person or a role.
    pub approved_by: String,
    /// Last day the waiver applies (YYYY-MM-DD); after it, it is an error.
    pub expires: String,
}

/// A validated configuration, with the parsed tree kept for locating values.
#[derive(Debug)]
pub struct Config {
    pub raw: RawConfig,
    pub file: Arc<SourceFile>,
    pub tree: Node,
    /// Role id → ids of the active and inactive people holding it, in order.
    pub role_holders: BTreeMap<String, Vec<String>>,
    /// The index [`Config::resolve`] looks references up in, built on first
    /// use (the configuration does not change once parsed).
    resolver: std::sync::OnceLock<Resolver>,
}

/// Every way a reference can name a person or a role, each mapped to the
/// first person (by position in `isms.toml`) or role (by id) it names.
#[derive(Debug, Default)]
struct Resolver {
    /// Exact person id → position.
    ids: HashMap<String, usize>,
    /// Lower-cased name or e-mail → position.
    names: HashMap<String, usize>,
    /// Lower-cased GitHub login → position.
    logins: HashMap<String, usize>,
    /// Lower-cased role id or name → role id.
    roles: HashMap<String, String>,
}

impl Resolver {
    fn new(raw: &RawConfig) -> Resolver {
        let mut r = Resolver::default();
        for (i, p) in raw.people.iter().enumerate() {
            r.ids.entry(p.id.clone()).or_insert(i);
            r.names.entry(p.name.to_lowercase()).or_insert(i);
            for e in &p.emails {
                r.names.entry(e.to_lowercase()).or_insert(i);
            }
            if let Some(g) = &p.github {
                r.logins.entry(g.to_lowercase()).or_insert(i);
            }
        }
        for (id, role) in &raw.roles {
            r.roles.entry(id.to_lowercase()).or_insert_with(|| id.clone());
            r.roles.entry(role.name.to_lowercase()).or_insert_with(|| id.clone());
        }
        r
    }
}

/// What a person-or-role reference resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Resolved {
    Person { id: String },
    Role { id: String, people: Vec<String> },
    Unknown,
}

impl Config {
    /// Resolves a reference written in a register or document: a person id,
    /// name, e-mail or GitHub login, or a role id or name (case-insensitive).
    pub fn resolve(&self, reference: &str) -> Resolved {
        let index = self.resolver.get_or_init(|| Resolver::new(&self.raw));
        let r = reference.trim();
        let lower = r.to_lowercase();
        // The first person any of the three ways names, as a scan of the
        // people in order would find.
        let person = [
            index.ids.get(r),
            index.names.get(&lower),
            index.logins.get(lower.trim_start_matches('@')),
        ]
        .into_iter()
        .flatten()
        .min();
        if let Some(p) = person.and_then(|&i| self.raw.people.get(i)) {
            return Resolved::Person { id: p.id.clone() };
        }
        match index.roles.get(&lower) {
            Some(id) => Resolved::Role {
                id: id.clone(),
                people: self.role_holders.get(id).cloned().unwrap_or_default(),
            },
            None => Resolved::Unknown,
        }
    }

    /// The span of a rule id's key in `[rules] severity` (the default span
    /// when it is not there).
    pub fn severity_key_span(&self, id: &str) -> Span {
        self.tree
            .get("rules")
            .and_then(|r| r.get("severity"))
            .and_then(|s| s.entry(id))
            .map(|(k, _)| k.span)
            .unwrap_or_default()
    }

    /// The span of a value in `isms.toml` by key path; `None` when absent.
    pub fn span_of(&self, path: &[PathSeg<'_>]) -> Option<Span> {
        let mut node = &self.tree;
        for seg in path {
            node = match seg {
                PathSeg::Key(k) => node.get(k)?,
                PathSeg::Index(i) => node.as_array()?.get(*i)?,
            };
        }
        Some(node.span)
    }
}

/// A step in a path into `isms.toml`.
#[derive(Debug, Clone, Copy)]
pub enum PathSeg<'a> {
    Key(&'a str),
    Index(usize),
}

/// The top-level keys of `isms.toml`, for unknown-key hints.
const TOP_LEVEL: &[&str] = &[
    "organisation",
    "roles",
    "person",
    "approval",
    "register",
    "documents",
    "rules",
    "waiver",
    "history",
];

/// Reads and validates `isms.toml` text. Every problem is collected.
pub fn parse(file: Arc<SourceFile>) -> Result<Config, Problems> {
    let mut problems = Problems::default();
    let tree = match parse_toml(&file.text) {
        Ok(tree) => tree,
        Err(e) => {
            problems.push(
                Problem::new("config::syntax", format!("isms.toml is not valid TOML: {}", e.message))
                    .at(&file, e.span)
                    .help("see https://toml.io for the syntax"),
            );
            return Err(problems);
        }
    };
    let raw = decode(&file, &tree, &mut problems);
    let mut config = Config {
        raw,
        file,
        tree,
        role_holders: BTreeMap::new(),
        resolver: std::sync::OnceLock::new(),
    };
    if problems.is_empty() {
        validate(&mut config, &mut problems);
        gate::validate(&config, &mut problems);
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems.sorted())
    }
}

fn located(file: &Arc<SourceFile>, e: de::DeError, fallback: Span) -> Problem {
    let span = e.span.unwrap_or(fallback);
    let (code, help) = if e.message.starts_with("unknown field") {
        (
            "config::unknown-key",
            Some(
                e.message
                    .split("expected ")
                    .nth(1)
                    .map_or_else(String::new, |rest| format!("expected {rest}")),
            ),
        )
    } else if e.message.starts_with("missing field") {
        ("config::missing-key", None)
    } else if e.message.starts_with("invalid type") {
        ("config::wrong-type", None)
    } else if e.message.starts_with("unknown variant") {
        (
            "config::bad-value",
            Some(
                e.message
                    .split("expected ")
                    .nth(1)
                    .map_or_else(String::new, |rest| format!("expected {rest}")),
            ),
        )
    } else {
        ("config::invalid", None)
    };
    let message = match e.message.find(", expected") {
        Some(i) if help.is_some() => e.message.get(..i).unwrap_or(&e.message).to_string(),
        _ => e
            .message
            .replace("expected u32", "expected a whole number")
            .replace("expected a sequence", "expected an array"),
    };
    let mut p = Problem::new(code, message).at(file, span);
    if let Some(h) = help.filter(|h| !h.is_empty()) {
        p = p.help(h);
    }
    p
}

/// Decodes each section (and each element of the array sections) on its
/// own, so that one mistake does not hide the next.
fn decode(file: &Arc<SourceFile>, tree: &Node, problems: &mut Problems) -> RawConfig {
    let mut raw = RawConfig::default();
    let Some(entries) = tree.as_table() else {
        return raw;
    };
    let mut seen_organisation = false;
    fn one_of<'a, T: Deserialize<'a>>(file: &Arc<SourceFile>, node: &'a Node, problems: &mut Problems) -> Option<T> {
        match de::from_node::<T>(node) {
            Ok(v) => Some(v),
            Err(e) => {
                problems.push(located(file, e, node.span));
                None
            }
        }
    }
    fn each<'a, T: Deserialize<'a>>(file: &Arc<SourceFile>, node: &'a Node, problems: &mut Problems) -> Vec<T> {
        match &node.kind {
            Kind::Array(items) => items.iter().filter_map(|item| one_of(file, item, problems)).collect(),
            _ => {
                problems.push(
                    Problem::new(
                        "config::wrong-type",
                        format!("expected an array of tables, found {}", node.type_name()),
                    )
                    .at(file, node.span)
                    .help("write each entry as [[…]]"),
                );
                Vec::new()
            }
        }
    }
    for (key, node) in entries {
        match key.name.as_str() {
            "organisation" => {
                seen_organisation = true;
                if let Some(v) = one_of(file, node, problems) {
                    raw.organisation = v;
                }
            }
            "roles" => match node.as_table() {
                Some(roles) => {
                    for (id, role) in roles {
                        if let Some(v) = one_of::<Role>(file, role, problems) {
                            raw.roles.insert(id.name.clone(), v);
                        }
                    }
                }
                None => problems.push(
                    Problem::new(
                        "config::wrong-type",
                        format!("expected a table of roles, found {}", node.type_name()),
                    )
                    .at(file, node.span)
                    .help("write each role as [roles.<id>]"),
                ),
            },
            "person" => raw.people = each(file, node, problems),
            "approval" => raw.approvals = each(file, node, problems),
            "register" => raw.registers = each(file, node, problems),
            "waiver" => raw.waivers = each(file, node, problems),
            "documents" => {
                if let Some(v) = one_of(file, node, problems) {
                    raw.documents = v;
                }
            }
            "rules" => {
                if let Some(v) = one_of(file, node, problems) {
                    raw.rules = v;
                }
            }
            "history" => {
                if let Some(v) = one_of(file, node, problems) {
                    raw.history = v;
                }
            }
            other => {
                let mut p = Problem::new("config::unknown-key", format!("unknown key `{other}`"))
                    .at(file, key.span)
                    .label("not a key of isms.toml");
                p = match did_you_mean(other, TOP_LEVEL.iter().copied()) {
                    Some(s) => p.help(format!("did you mean `{s}`?")),
                    None => p.help(format!("the top-level keys are: {}", TOP_LEVEL.join(", "))),
                };
                problems.push(p);
            }
        }
    }
    if !seen_organisation {
        problems.push(
            Problem::new("config::missing-key", "isms.toml has no [organisation] table")
                .at(file, Span::new(0, 0))
                .help("add:\n[organisation]\nname = \"Example Ltd\""),
        );
    }
    raw
}

fn is_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// The JSON Schema of `isms.toml`, generated from the types above.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(RawConfig);
    serde_json::to_value(schema).unwrap_or_default()
}
