//! What one reference is: a role, a person (a name or an e-mail), a
//! company, or nothing to keep.

use super::titles::{ROLE_ENDINGS, ROLE_WORDS, is_title, is_top};
use super::{Named, slug};

/// A role or a person, by the words of a reference.
pub fn classify(r: &str) -> Named {
    // `@Neil Burrows`: a mention, by name.
    let r = r.trim().trim_start_matches('@');
    let base = r.split_once('(').map_or(r, |(b, _)| b).trim();
    // `Depot Manager, Harlow`, `Managing Director, on behalf of the Board`:
    // the title before the comma is the role (isms.toml resolves the whole
    // reference to it).
    // (A bare rank before it, `Director, Security Compliance`, `VP,
    // Engineering`, is named by what follows: the whole is the title.)
    let base = match base.split_once(", ") {
        Some((title, rest))
            if title.split_whitespace().count() == 1
                && rest.chars().next().is_some_and(char::is_uppercase)
                && is_title(title) =>
        {
            base
        }
        Some((title, _))
            if ROLE_WORDS
                .iter()
                .any(|w| title.to_lowercase().split(' ').any(|x| x == *w)) =>
        {
            title.trim()
        }
        _ => base,
    };
    if let Some((local, _)) = base.split_once('@').filter(|_| !base.contains(' ')) {
        return Named::Person {
            id: slug(local),
            name: base.to_string(),
            email: Some(base.to_string()),
            roles: Vec::new(),
        };
    }
    let lower = base.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let acronym = base
        .split_whitespace()
        .any(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()));
    let role_word = words
        .iter()
        .any(|w| ROLE_WORDS.contains(w) || ROLE_ENDINGS.iter().any(|e| w.len() > e.len() + 2 && w.ends_with(e)));
    let looks_like_name = (2..=3).contains(&words.len())
        && base
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !role_word
        && !acronym
        // (`Amministratore Delegato`, `Managing Director`: a title.)
        && !is_top(&lower);
    if looks_like_name {
        return Named::Person {
            id: slug(base),
            name: base.to_string(),
            email: None,
            roles: Vec::new(),
        };
    }
    let top = is_top(&lower);
    let management = top
        || words.iter().any(|w| {
            matches!(
                *w,
                "manager"
                    | "director"
                    | "head"
                    | "lead"
                    | "chief"
                    | "officer"
                    | "partner"
                    | "ciso"
                    | "cio"
                    | "cto"
                    | "cfo"
                    | "coo"
                    | "dpo"
                    | "controller"
                    | "principal"
                    | "owner"
                    | "leiter"
                    | "leiterin"
                    | "leitung"
                    | "isb"
                    | "directeur"
                    | "directrice"
                    | "responsable"
                    | "directora"
                    | "jefe"
                    | "jefa"
                    | "gerente"
                    | "responsabile"
                    | "direttore"
                    | "hoofd"
            ) || ROLE_ENDINGS.iter().any(|e| w.len() > e.len() + 2 && w.ends_with(e))
        });
    Named::Role {
        id: role_id(base),
        title: base.to_string(),
        top,
        management,
    }
}

/// Whether a name is a company's (`Clearwater Privacy Ltd`, `Lowe
/// Assurance GmbH`): its last word a legal form.
pub fn is_company(name: &str) -> bool {
    let base = name.split_once('(').map_or(name, |(b, _)| b).trim();
    base.split_whitespace().count() >= 2
        && base.split_whitespace().last().is_some_and(|w| {
            matches!(
                w.trim_end_matches(['.', ',']).to_lowercase().as_str(),
                "ltd"
                    | "limited"
                    | "llc"
                    | "llp"
                    | "inc"
                    | "plc"
                    | "gmbh"
                    | "ag"
                    | "sa"
                    | "sas"
                    | "sarl"
                    | "bv"
                    | "nv"
                    | "sl"
                    | "s.l"
                    | "s.a"
                    | "srl"
                    | "s.r.l"
                    | "oy"
                    | "ab"
                    | "aps"
                    | "corp"
            )
        })
}

/// A name that is known to be a role's (a `roles` column's item): a role,
/// top management or management as its words say.
pub fn role(name: &str) -> Named {
    match classify(name) {
        role @ Named::Role { .. } => role,
        Named::Person { .. } => {
            let lower = name.to_lowercase().replace(['-', '_'], " ");
            let top = is_top(&lower);
            Named::Role {
                id: role_id(name),
                title: name.to_string(),
                top,
                management: top
                    || lower.split(' ').any(|w| {
                        matches!(
                            w,
                            "manager" | "director" | "head" | "lead" | "officer" | "acceptor" | "approver"
                        )
                    }),
            }
        }
    }
}

/// The titles written out and their usual short forms: one role, however
/// a document spells it (`CEO`, `Chief Executive Officer`).
const SHORT_FORMS: &[(&str, &str)] = &[
    ("chief executive officer", "ceo"),
    ("chief information security officer", "ciso"),
    ("chief technology officer", "cto"),
    ("chief technical officer", "cto"),
    ("chief financial officer", "cfo"),
    ("chief operating officer", "coo"),
    ("chief operations officer", "coo"),
    ("chief information officer", "cio"),
    ("data protection officer", "dpo"),
    ("information security manager", "ism"),
    ("information security officer", "iso"),
];

/// A role's id: its title's slug, or the short form of a title written
/// out (`Chief Executive Officer` is `ceo`, as `CEO` is).
pub fn role_id(title: &str) -> String {
    let lower = title.trim().to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    SHORT_FORMS
        .iter()
        .find(|(long, _)| *long == lower)
        .map_or_else(|| slug(title), |(_, short)| (*short).to_string())
}
