//! One configuration as a judge: who may sign what (the approval rules, the
//! configuration's own files, the key ring). Reading it from a commit is
//! the gate's (`gate`); this only holds it.

use super::keys::{self, KeyRing};
use super::model::Attested;
use super::statement;
use crate::config::{self, Config};
use std::collections::BTreeSet;
use std::sync::Arc;

/// An approval rule in force at some commit.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) index: Option<usize>,
    pub(crate) name: String,
    pub(crate) roles: Vec<String>,
    pub(crate) min: u32,
    pub(crate) set: globset::GlobSet,
    /// The active people holding one of `roles`.
    pub(crate) eligible: BTreeSet<String>,
}

/// The configuration in force at one commit: who may sign what.
pub struct Judge {
    pub config: Arc<Config>,
    pub ring: KeyRing,
    pub(crate) rules: Vec<Rule>,
    /// The configuration's own files (isms.toml, key files, own rules).
    pub(crate) own: globset::GlobSet,
    /// Each e-mail address in lower case → the first person listing it.
    by_email: foldhash::HashMap<String, String>,
    /// Per path, as worked out so far: the rules covering it.
    covering: std::sync::Mutex<foldhash::HashMap<String, Covering>>,
}

/// The rules covering one path, and the active people holding a role one
/// of them names.
pub(crate) struct Covering {
    pub(crate) rules: Vec<usize>,
    pub(crate) eligible: BTreeSet<String>,
}

/// The paths that make up a configuration: isms.toml, the key files its
/// people name, and the organisation's own rules folder.
pub fn own_paths(raw: &config::RawConfig) -> Vec<String> {
    let mut own = vec![config::FILE_NAME.to_string()];
    for key in raw.people.iter().flat_map(|p| p.keys.iter()) {
        let glob = globset::escape(key);
        if !keys::looks_inline(key) && !own.contains(&glob) {
            own.push(glob);
        }
    }
    if let Some(custom) = &raw.rules.custom {
        own.push(format!("{}/**", custom.trim_end_matches('/')));
    }
    own
}

/// The active people holding one of `roles`.
fn eligible(raw: &config::RawConfig, roles: &[String]) -> BTreeSet<String> {
    raw.people
        .iter()
        .filter(|p| p.active && p.roles.iter().any(|r| roles.contains(r)))
        .map(|p| p.id.clone())
        .collect()
}

impl Judge {
    pub(crate) fn new(config: Arc<Config>, ring: KeyRing) -> Judge {
        let raw = &config.raw;
        let mut rules: Vec<Rule> = raw
            .approvals
            .iter()
            .enumerate()
            .map(|(i, a)| Rule {
                index: Some(i),
                name: a.name.clone().unwrap_or_else(|| a.paths.join(", ")),
                roles: a.roles.clone(),
                min: a.min,
                set: crate::workspace::glob_set(&a.paths),
                eligible: eligible(raw, &a.roles),
            })
            .collect();
        // isms.toml, the key files it names and the organisation's own rules
        // decide who may sign what: they are governed even when no rule
        // names them.
        let own = own_paths(raw);
        let uncovered: Vec<String> = own
            .iter()
            .filter(|p| {
                let probe = p.trim_end_matches("/**").to_string() + if p.ends_with("/**") { "/x.rego" } else { "" };
                !rules.iter().any(|r| r.set.is_match(&probe))
            })
            .cloned()
            .collect();
        if !uncovered.is_empty() {
            let roles: Vec<String> = raw
                .roles
                .iter()
                .filter(|(_, r)| r.top_management)
                .map(|(id, _)| id.clone())
                .collect();
            rules.push(Rule {
                index: None,
                name: "ISMS configuration (built in)".into(),
                eligible: eligible(raw, &roles),
                roles,
                min: 1,
                set: crate::workspace::glob_set(&uncovered),
            });
        }
        let own = crate::workspace::glob_set(&own);
        let mut by_email = foldhash::HashMap::default();
        for p in &raw.people {
            for e in &p.emails {
                by_email.entry(e.to_lowercase()).or_insert_with(|| p.id.clone());
            }
        }
        Judge {
            config,
            ring,
            rules,
            own,
            by_email,
            covering: Default::default(),
        }
    }

    /// Whether `path` is part of the configuration itself: isms.toml, a key
    /// file it names, or the organisation's own rules.
    pub(crate) fn is_config(&self, path: &str) -> bool {
        self.own.is_match(path)
    }

    /// Whether this configuration holds the key a good signature names for
    /// `person` (an SSH `SHA256:` fingerprint or `OpenPGP key …`).
    pub(crate) fn vouches(&self, person: &str, key: &str) -> bool {
        self.ring.entries.iter().any(|e| {
            e.person == person && {
                let fp = e.fingerprint.as_str();
                key == fp || key.strip_prefix("OpenPGP key ") == Some(fp)
            }
        })
    }

    /// Whether a path needs approval. Approval statements and emergency
    /// declarations never do: they count only by their own signature.
    pub(crate) fn governed(&self, path: &str) -> bool {
        !statement::is_statement(path)
            && !statement::is_declaration(path)
            && self.covering(path, |c| !c.rules.is_empty())
    }

    /// `with` of the rules covering `path` (worked out once per path).
    pub(crate) fn covering<T>(&self, path: &str, with: impl FnOnce(&Covering) -> T) -> T {
        let Ok(mut known) = self.covering.lock() else {
            return with(&self.cover(path));
        };
        if let Some(c) = known.get(path) {
            return with(c);
        }
        let c = known.entry(path.to_string()).or_insert_with(|| self.cover(path));
        with(c)
    }

    fn cover(&self, path: &str) -> Covering {
        let rules: Vec<usize> = (0..self.rules.len())
            .filter(|&i| self.rules[i].set.is_match(path))
            .collect();
        let eligible = rules
            .iter()
            .flat_map(|&i| self.rules[i].eligible.iter().cloned())
            .collect();
        Covering { rules, eligible }
    }

    pub(crate) fn person_by_email(&self, email: &str) -> Option<String> {
        self.by_email.get(&email.to_lowercase()).cloned()
    }

    pub(crate) fn name_of(&self, id: &str) -> String {
        self.config
            .raw
            .people
            .iter()
            .find(|p| p.id == id)
            .map(|p| format!("{} ({id})", p.name))
            .unwrap_or_else(|| id.to_string())
    }
}

pub(crate) fn intersect(base: &KeyRing, now: &KeyRing) -> KeyRing {
    KeyRing {
        entries: base
            .entries
            .iter()
            .filter(|e| now.holds(&e.person, &e.fingerprint))
            .cloned()
            .collect(),
    }
}

/// An attested approval by a person: (person, evidence, approved commit).
pub(crate) type Attestation = (String, String, Option<String>);

/// Attested approvals with their logins mapped to people by `judge`'s
/// configuration; logins nobody has are dropped.
pub(crate) fn people_of(judge: &Judge, attested: &[Attested]) -> Vec<Attestation> {
    attested
        .iter()
        .filter_map(|a| {
            let login = a.login.to_lowercase();
            judge
                .config
                .raw
                .people
                .iter()
                .find(|p| p.github.as_deref().is_some_and(|g| g.to_lowercase() == login))
                .map(|p| (p.id.clone(), a.evidence.clone(), a.commit.clone()))
        })
        .collect()
}
