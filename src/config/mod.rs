//! `isms.toml`: the organisation, its people and roles, approval rules,
//! registers, documents, rule settings and waivers. Owns reading the file
//! into typed values with every error collected and located, and the
//! cross-reference checks (unknown roles and people, duplicate ids, paths
//! that leave the repository).

pub mod approvals;
pub mod de;
pub mod emergency;
mod gate;
mod history;
pub mod kinds;
mod people;
pub use people::without_links;
mod registers;
mod rules;
mod validate;
pub use approvals::ApprovalRule;
pub use emergency::Emergency;
pub use gate::{UNWAIVABLE, looks_inline_key, normal_spelling};
pub use history::History;
pub use people::{Person, Role};
pub use registers::{ColumnFields, Delimiter, DocumentDefaults, Documents, Encoding, Format, RegisterEntry};
pub use rules::{RISK_LEVELS, RiskSettings, Rules, SeveritySetting, Waiver};
use validate::validate;

use crate::config::kinds::RegisterKind;
use crate::diag::{Problem, Problems, did_you_mean};
use crate::source::{SourceFile, Span, is_contained};
use crate::tree::{Kind, Node, parse_toml};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
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
    #[schemars(extend("propertyNames" = {"pattern": IDENTIFIER}))]
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
    /// Emergency changes: merged now on a signed declaration, approved
    /// within a deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency: Option<Emergency>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Legal or trading name.
    pub name: String,
    /// One-line summary of the ISMS scope (the scope document holds the detail).
    #[serde(default)]
    pub scope: Option<String>,
    /// How the organisation writes dates with slashes or dots: `day-first`
    /// (`31/01/2027`, as in the UK and most of Europe) or `month-first`
    /// (`01/31/2027`). Without it such a date is not read, and the finding
    /// says which date it would be either way. `YYYY-MM-DD` and dates with
    /// the month's name (`14 March 2026`) are always read.
    #[serde(default)]
    pub dates: Option<DateOrder>,
}

/// The order of day and month in dates written with slashes or dots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
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
            // `Fiona Laird (partner)`: the name before a remark in brackets;
            // `Depot Manager, Harlow`: the title before a place or remark.
            // `@Neil Burrows`: a mention, by name.
            None if r.starts_with('@') && r.len() > 1 => self.resolve(&r[1..]),
            // `[Hannah Reid](https://…/people/712020) (CEO)`: a wiki's
            // mention, by the name it shows.
            None if r.contains("](") && without_links(r) != r => self.resolve(&without_links(r)),
            // A deactivated account as a wiki shows it: `Unknown User
            // (pmorgan)`, by its login.
            None if lower.starts_with("unknown user (") && r.ends_with(')') => {
                self.resolve(r["unknown user (".len()..r.len() - 1].trim())
            }
            None => match r.strip_suffix(')').and_then(|rest| rest.rsplit_once('(')) {
                Some((name, _)) if !name.trim().is_empty() => self.resolve(name),
                _ => match r.split_once(", ") {
                    Some((name, _)) if !name.trim().is_empty() => self.resolve(name),
                    _ => Resolved::Unknown,
                },
            },
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
    "emergency",
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
    fn one_of<T: DeserializeOwned>(file: &Arc<SourceFile>, node: &Node, problems: &mut Problems) -> Option<T> {
        match de::from_node::<T>(node) {
            Ok(v) => Some(v),
            Err(e) => {
                every_error::<T>(file, node, e, problems);
                None
            }
        }
    }
    fn each<T: DeserializeOwned>(file: &Arc<SourceFile>, node: &Node, problems: &mut Problems) -> Vec<T> {
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
            "emergency" => {
                if let Some(v) = one_of(file, node, problems) {
                    raw.emergency = Some(v);
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

/// Reports `first`, the error decoding `node` as a `T` stopped at, and every
/// further one: serde stops at the first mistake of a table, so the value
/// it is about is taken out of a copy (an unknown key, a value that fits
/// nothing) or stood in for by a value of another type that fits (a wrong
/// type), and the copy is decoded again, until it decodes or nothing more
/// can be taken out. A required key taken out is not reported as missing.
fn every_error<T: DeserializeOwned>(file: &Arc<SourceFile>, node: &Node, first: de::DeError, problems: &mut Problems) {
    let mut copy = node.clone();
    let mut error = first;
    let mut taken: Vec<String> = Vec::new();
    for _ in 0..256 {
        let missing_taken = error
            .message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        if missing_taken.is_some_and(|k| taken.iter().any(|t| t == k)) {
            return;
        }
        problems.push(located(file, error.clone(), node.span));
        let Some(at) = error.span else { return };
        let unknown_key = error.message.starts_with("unknown field");
        // A value that is not one of a set of words: the first word stands in.
        let word = error
            .message
            .split_once("expected one of `")
            .or_else(|| error.message.split_once("expected `"))
            .and_then(|(_, rest)| rest.split('`').next())
            .map(String::from);
        let Some(key) = stand_in::<T>(&mut copy, at, unknown_key, word) else {
            return;
        };
        taken.extend(key);
        match de::from_node::<T>(&copy) {
            Ok(_) => return,
            Err(e) if e.span == error.span && e.message == error.message => return,
            Err(e) => error = e,
        }
    }
}

/// Takes the value at `at` out of `root` (the innermost table entry or
/// array item holding it), or, unless it is an unknown key, stands in for
/// it with a value that decodes: `word` (the first of the words expected),
/// else an empty value of some type. Returns the key taken out
/// (`Some(None)` for an array item, `None` when nothing holds `at`).
fn stand_in<T: DeserializeOwned>(
    root: &mut Node,
    at: Span,
    unknown_key: bool,
    word: Option<String>,
) -> Option<Option<String>> {
    // The path to the innermost entry or item holding `at`.
    fn path_to(node: &Node, at: Span, path: &mut Vec<usize>) -> bool {
        let holds = |s: Span| s.start <= at.start && at.end <= s.end;
        match &node.kind {
            Kind::Table(entries) => {
                for (i, (key, value)) in entries.iter().enumerate() {
                    if holds(key.span) || holds(value.span) {
                        path.push(i);
                        path_to(value, at, path);
                        return true;
                    }
                }
                false
            }
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if holds(item.span) {
                        path.push(i);
                        path_to(item, at, path);
                        return true;
                    }
                }
                false
            }
            _ => false,
        }
    }
    fn parent_of<'n>(node: &'n mut Node, path: &[usize]) -> Option<&'n mut Node> {
        let Some((&i, rest)) = path.split_first() else {
            return Some(node);
        };
        let child = match &mut node.kind {
            Kind::Table(entries) => entries.get_mut(i).map(|(_, v)| v),
            Kind::Array(items) => items.get_mut(i),
            _ => None,
        }?;
        parent_of(child, rest)
    }
    let mut path = Vec::new();
    if !path_to(root, at, &mut path) {
        return None;
    }
    let (&last, up) = path.split_last()?;
    if !unknown_key {
        let span = parent_of(root, &path)?.span;
        let word = word.map(Kind::Str);
        for kind in word.into_iter().chain([
            Kind::Str(String::new()),
            Kind::Array(Vec::new()),
            Kind::Int(1),
            Kind::Bool(false),
            Kind::Table(Vec::new()),
        ]) {
            parent_of(root, &path)?.kind = kind;
            let moved = match de::from_node::<T>(root) {
                Ok(_) => true,
                Err(e) => e.span.is_none_or(|s| s.end <= span.start || span.end <= s.start),
            };
            if moved {
                return Some(None);
            }
        }
    }
    let parent = parent_of(root, up)?;
    match &mut parent.kind {
        Kind::Table(entries) if last < entries.len() => Some(Some(entries.remove(last).0.name)),
        Kind::Array(items) if last < items.len() => {
            items.remove(last);
            Some(None)
        }
        _ => None,
    }
}

fn is_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10
}

/// A plain identifier (role and person ids) as the JSON Schema states it:
/// what [`is_identifier`] accepts.
pub(crate) const IDENTIFIER: &str = "^[A-Za-z0-9._-]+$";

pub(crate) fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// The JSON Schema of `isms.toml`, generated from the types above.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(RawConfig);
    serde_json::to_value(schema).unwrap_or_default()
}
