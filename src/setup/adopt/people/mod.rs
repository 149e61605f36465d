//! Roles and people from the material: the owners, approvers and
//! acceptors an ISMS names become roles (a title: "Practice manager",
//! "CISO / Operations Director") or people (a name or an e-mail), so that
//! `isms check` reads them as the organisation wrote them and asks once per
//! role who holds it.

use std::collections::BTreeMap;

mod classify;
mod titles;

pub use classify::*;
pub use titles::*;

/// What the material calls someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    Role {
        id: String,
        title: String,
        top: bool,
        management: bool,
    },
    Person {
        id: String,
        name: String,
        email: Option<String>,
        roles: Vec<String>,
    },
}

/// Where each person and role is in a map of names ([`from_references`]'s),
/// kept up to date by changing the map through it: the keys naming each
/// person's id (in the map's order) and how many entries are each role.
pub struct Index {
    persons: std::collections::HashMap<String, std::collections::BTreeSet<String>>,
    roles: std::collections::HashMap<String, usize>,
}

impl Index {
    pub fn of(named: &BTreeMap<String, Named>) -> Self {
        let mut index = Index {
            persons: std::collections::HashMap::new(),
            roles: std::collections::HashMap::new(),
        };
        for (key, n) in named {
            index.add(key, n);
        }
        index
    }

    fn add(&mut self, key: &str, n: &Named) {
        match n {
            Named::Role { id, .. } => *self.roles.entry(id.clone()).or_default() += 1,
            Named::Person { id, .. } => {
                self.persons.entry(id.clone()).or_default().insert(key.to_string());
            }
        }
    }

    fn forget(&mut self, key: &str, n: &Named) {
        match n {
            Named::Role { id, .. } => {
                if let Some(count) = self.roles.get_mut(id) {
                    *count = count.saturating_sub(1);
                }
            }
            Named::Person { id, .. } => {
                if let Some(keys) = self.persons.get_mut(id) {
                    keys.remove(key);
                }
            }
        }
    }

    /// Whether some entry is the role of this id.
    pub fn has_role(&self, id: &str) -> bool {
        self.roles.get(id).is_some_and(|n| *n > 0)
    }

    /// The keys of the entries that are the person of this id, in order.
    pub fn keys_of(&self, person: &str) -> Vec<String> {
        self.persons
            .get(person)
            .map(|keys| keys.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub fn insert(&mut self, named: &mut BTreeMap<String, Named>, key: String, n: Named) {
        if let Some(old) = named.get(&key) {
            self.forget(&key, old);
        }
        self.add(&key, &n);
        named.insert(key, n);
    }

    pub fn remove(&mut self, named: &mut BTreeMap<String, Named>, key: &str) -> Option<Named> {
        let old = named.remove(key)?;
        self.forget(key, &old);
        Some(old)
    }
}

/// The roles and people a set of references names, by reference as
/// written (several spellings may name one role). A reference naming
/// people with their title — `Stefan Albrecht (ISB)`, `Dr. Katrin Vogt,
/// Michael Brandt (Geschäftsführung)` — gives each of them that role.
pub fn from_references<'a>(refs: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, Named> {
    let mut out: BTreeMap<String, Named> = BTreeMap::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new(); // id → its key in `out`
    for r in refs {
        let r = r.trim();
        if r.is_empty() || out.contains_key(r) {
            continue;
        }
        for (key, named) in expand(r) {
            let id = match &named {
                Named::Role { id, .. } | Named::Person { id, .. } => id.clone(),
            };
            // One role or person per id: other spellings resolve to it (ids
            // and names are matched ignoring case); a person named again
            // with another title holds that role too.
            if let Some(at) = ids.get(&id) {
                match (out.get_mut(at), &named) {
                    (Some(Named::Person { roles, .. }), Named::Person { roles: more, .. }) => {
                        for role in more {
                            if !roles.contains(role) {
                                roles.push(role.clone());
                            }
                        }
                    }
                    // `CEO` and `Chief Executive Officer`: one role, named
                    // written out (its short form is its id).
                    (
                        Some(Named::Role {
                            title, top, management, ..
                        }),
                        Named::Role {
                            title: other,
                            top: t,
                            management: m,
                            ..
                        },
                    ) => {
                        if other.len() > title.len() {
                            *title = other.clone();
                        }
                        *top |= *t;
                        *management |= *m;
                    }
                    _ => {}
                }
                continue;
            }
            if out.contains_key(&key) {
                continue;
            }
            ids.insert(id, key.clone());
            out.insert(key, named);
        }
    }
    out
}

/// The people a reference names as having left: a collaboration tool's
/// `Unknown User (pmorgan)` (a deactivated account), by id.
pub fn left(r: &str) -> Option<String> {
    let rest = r.trim().strip_prefix("Unknown User")?.trim();
    let user = rest.strip_prefix('(')?.strip_suffix(')')?.trim();
    (!user.is_empty()).then(|| slug(user))
}

/// What one reference names, each under the key it is known by.
fn expand(r: &str) -> Vec<(String, Named)> {
    if let Some(id) = left(r) {
        let user = r.split_once('(').map_or(r, |(_, u)| u).trim_end_matches(')').trim();
        return vec![(
            r.to_string(),
            Named::Person {
                id,
                name: user.to_string(),
                email: None,
                roles: Vec::new(),
            },
        )];
    }
    let r = r.trim().trim_start_matches('@');
    let (base, title) = match r.split_once('(') {
        Some((b, rest)) if rest.trim_end().ends_with(')') => (b.trim(), rest.trim_end().trim_end_matches(')').trim()),
        _ => (r, ""),
    };
    let names: Vec<&str> = split_names(base);
    // `Daniel Okafor, CTO`: a person, and the title they hold.
    if let [name, job] = names.as_slice()
        && title.is_empty()
        && is_title(job)
        && let Named::Person {
            id, name, email: None, ..
        } = classify(name)
        && let role @ Named::Role { .. } = classify(job)
    {
        let role_id = match &role {
            Named::Role { id, .. } | Named::Person { id, .. } => id.clone(),
        };
        return vec![
            (
                r.to_string(),
                Named::Person {
                    id,
                    name,
                    email: None,
                    roles: vec![role_id],
                },
            ),
            ((*job).to_string(), role),
        ];
    }
    let all_people = !names.is_empty()
        && names
            .iter()
            .all(|n| matches!(classify(n), Named::Person { email: None, .. }));
    if !all_people || (names.len() == 1 && title.is_empty()) {
        let named = classify(r);
        // `Clinical Director (Dr Aisha Bello)`: the role, and its holder
        // named beside it.
        if let Named::Role { id: role_id, .. } = &named
            && !title.is_empty()
            && let Named::Person { id, name, email, .. } = classify(title)
        {
            let holder = Named::Person {
                id,
                name,
                email,
                roles: vec![role_id.clone()],
            };
            return vec![(r.to_string(), named), (title.to_string(), holder)];
        }
        return vec![(r.to_string(), named)];
    }
    let mut out = Vec::new();
    // `(ISB)`, `(Geschäftsführung)`: a title; `(external, Lo Assurance)`:
    // a remark about them.
    let role = (!title.is_empty() && is_title(title))
        .then(|| classify(title))
        .filter(|n| matches!(n, Named::Role { .. }));
    let role_id = role.as_ref().map(|n| match n {
        Named::Role { id, .. } | Named::Person { id, .. } => id.clone(),
    });
    for (i, n) in names.iter().enumerate() {
        let Named::Person { id, name, email, .. } = classify(n) else {
            continue;
        };
        let key = if i == 0 { r.to_string() } else { (*n).to_string() };
        out.push((
            key,
            Named::Person {
                id,
                name,
                email,
                roles: role_id.iter().cloned().collect(),
            },
        ));
    }
    if let Some(role) = role {
        out.push((title.to_string(), role));
    }
    out
}

/// The names a reference lists: `Dr. Katrin Vogt, Michael Brandt`, `Ana
/// and Ivo`, `A & B`, `X y Y`, `X und Y`.
fn split_names(base: &str) -> Vec<&str> {
    let mut parts = vec![base];
    for sep in [", ", "; ", " und ", " and ", " & ", " y ", " et ", " en ", " e "] {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// The holders a cell lists (`Ana, Ivo / Ben`), a remark in brackets kept
/// with its name (`Gemma Lowe (external, Lowe Assurance)`).
pub fn split_outside_brackets(cell: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut from) = (0i32, 0);
    for (i, c) in cell.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' | ';' | '/' if depth <= 0 => {
                out.push(cell[from..i].trim());
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(cell[from..].trim());
    out
}

/// The titles a roles register lists are roles (a `Caldicott Guardian`
/// reads like a name), top management where its row says so.
pub fn as_roles(named: &mut BTreeMap<String, Named>, titles: &[(String, bool)]) {
    for (title, top_here) in titles {
        // (By its spelling, or by its id: `Chief Executive Officer` is the
        // role `CEO` named first.)
        let key = if named.contains_key(title) {
            Some(title.clone())
        } else {
            let id = role_id(title);
            named
                .iter()
                .find(|(_, n)| matches!(n, Named::Role { id: r, .. } if *r == id))
                .map(|(k, _)| k.clone())
        };
        let Some(n) = key.and_then(|k| named.get_mut(&k)) else {
            continue;
        };
        if matches!(n, Named::Person { .. }) {
            *n = role(title);
        }
        if *top_here && let Named::Role { top, management, .. } = n {
            *top = true;
            *management = true;
        }
    }
}

/// Gives each person the roles a roles register says they hold (holder,
/// role title as written).
pub fn assign(named: &mut BTreeMap<String, Named>, holders: &[(String, String)]) {
    let role_id = |named: &BTreeMap<String, Named>, title: &str| {
        let wanted = role_id(title.split_once('(').map_or(title, |(b, _)| b).trim());
        named.values().find_map(|n| match n {
            Named::Role { id, .. } if *id == wanted => Some(id.clone()),
            _ => None,
        })
    };
    for (holder, title) in holders {
        let Some(role) = role_id(named, title) else { continue };
        let key = slug(holder.split_once('(').map_or(holder.as_str(), |(b, _)| b).trim());
        for n in named.values_mut() {
            if let Named::Person { id, roles, .. } = n
                && *id == key
                && !roles.contains(&role)
            {
                roles.push(role.clone());
            }
        }
    }
}

/// An id from a title or name: lower-case letters and digits joined by
/// dashes.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        // Ids are plain ASCII (a TOML key, a name people type): accented
        // letters lose their accent.
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ß' => 's',
            c => c,
        };
        if plain.is_ascii_alphanumeric() {
            out.push(plain);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "someone".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_roles_and_names_are_people() {
        let role = |r: &str| matches!(classify(r), Named::Role { .. });
        for r in [
            "Practice manager",
            "CISO / Operations Director",
            "Internal Audit Manager",
            "Head of IT",
            "IT Manager",
            "Partner (Finance)",
            "Depot Manager, Harlow",
            "Group IT lead",
            "Managing Director",
        ] {
            assert!(role(r), "{r}");
        }
        for r in ["Fiona Laird (partner)", "Ana Silva", "j.okafor@example.com"] {
            assert!(!role(r), "{r}");
        }
        assert_eq!(
            classify("Managing Director"),
            Named::Role {
                id: "managing-director".into(),
                title: "Managing Director".into(),
                top: true,
                management: true
            }
        );
        assert_eq!(slug("CISO / Operations Director"), "ciso-operations-director");
    }
}

/// A person a table of people lists (a users export, a staff list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub title: Option<String>,
    /// The ISMS roles a `roles` column gives them.
    pub roles: Vec<String>,
    pub active: bool,
}

/// Whether a table of people is only that (a staff list, a users export,
/// `people.yaml`), not a roles register naming their holders: it says who
/// left or joined, their e-mails, or the roles each holds.
pub fn only_people(table: &super::tables::Table) -> bool {
    if listed(table).is_none() {
        return false;
    }
    table.header.iter().any(|h| {
        matches!(
            super::fit::header_words(h).as_str(),
            "roles"
                | "isms roles"
                | "left"
                | "left on"
                | "leaving date"
                | "end date"
                | "joined"
                | "start date"
                | "email"
                | "e mail"
                | "active"
        )
    })
}

/// Whether a folder of notes is named for the people it holds
/// (`people/`, `team/`, `staff/`): a note per person.
pub fn is_people_folder(path: &str) -> bool {
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        last.as_str(),
        "people"
            | "team"
            | "staff"
            | "personnel"
            | "employees"
            | "members"
            | "users"
            | "mitarbeiter"
            | "personnes"
            | "équipe"
    )
}

/// The people a table lists, when it is a table of people: a name column,
/// and an e-mail or a job title; its ids (`u-004`) are how the other
/// registers name them.
pub fn listed(table: &super::tables::Table) -> Option<Vec<Listed>> {
    let words: Vec<String> = table.header.iter().map(|h| super::fit::header_words(h)).collect();
    let find = |names: &[&str]| words.iter().position(|w| names.contains(&w.as_str()));
    // The name in one column, or in two (`first_name`, `last_name`: a
    // user export of a GRC tool or a directory).
    let name = find(&[
        "name",
        "display name",
        "full name",
        "person",
        "employee",
        "user name",
        "staff name",
    ]);
    let first = || find(&["first name", "given name", "firstname", "forename"]);
    let split = if name.is_some() {
        None
    } else {
        Some((first()?, find(&["last name", "surname", "family name"])?))
    };
    let email = find(&["email", "e mail", "mail", "email address", "work email"]);
    let title = find(&["job title", "title", "role", "position", "job", "job role", "function"]);
    if email.is_none() && title.is_none() {
        return None;
    }
    let id = find(&[
        "id",
        "user id",
        "employee id",
        "employee no",
        "staff id",
        "person id",
        "uid",
        "handle",
        "username",
        "user",
        "login",
        "alias",
    ]);
    let active = find(&["active", "is active", "status", "employment status"]);
    let left = find(&["deactivated on", "left on", "leaving date", "end date", "left"]);
    let isms_roles = find(&["roles", "isms roles"]);
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    let cell = |ci: Option<usize>, row: usize| -> Option<String> {
        let v = table.columns.get(ci?)?.get(row)?.trim().to_string();
        (!crate::workspace::fields::is_blank(&v) && v != "null").then_some(v)
    };
    let mut out = Vec::new();
    for row in 0..table.rows {
        let name = split.map_or_else(
            || cell(name, row),
            |(f, l)| Some(format!("{} {}", cell(Some(f), row)?, cell(Some(l), row)?)),
        );
        let Some(name) = name else { continue };
        let is_active = match cell(active, row).map(|v| v.to_lowercase()) {
            Some(v) => !matches!(
                v.as_str(),
                "false" | "no" | "inactive" | "left" | "deactivated" | "leaver" | "disabled"
            ),
            None => true,
        } && cell(left, row).is_none_or(|d| {
            // A leaving date still to come: not left yet.
            crate::workspace::dates::read(&d, None)
                .ok()
                .flatten()
                .is_some_and(|d| d > today)
        });
        out.push(Listed {
            id: cell(id, row).unwrap_or_else(|| slug(&name)),
            email: cell(email, row).filter(|e| e.contains('@')),
            title: cell(title, row),
            roles: cell(isms_roles, row)
                .map(|r| {
                    r.split([';', ','])
                        .map(str::trim)
                        .filter(|r| !r.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
            name,
            active: is_active,
        });
    }
    (out.len() >= 2).then_some(out)
}
#[cfg(test)]
mod handbook_titles {
    use super::*;

    /// A rank named by its function (`Director, Security Compliance`) is
    /// one title, not the company's director; counsel is a role.
    #[test]
    fn a_rank_and_its_function_are_one_title() {
        let named = from_references(["Director, Security Compliance (Laura Chen)", "General Counsel"]);
        assert!(matches!(
            named.get("Director, Security Compliance (Laura Chen)"),
            Some(Named::Role { id, top: false, .. }) if id == "director-security-compliance"
        ));
        assert!(matches!(named.get("General Counsel"), Some(Named::Role { .. })));
        // A title and its short form are one role, named written out.
        let short = from_references(["CEO", "Chief Executive Officer", "Data Protection Officer", "DPO"]);
        let roles: Vec<(&str, &str)> = short
            .values()
            .filter_map(|n| match n {
                Named::Role { id, title, .. } => Some((id.as_str(), title.as_str())),
                Named::Person { .. } => None,
            })
            .collect();
        assert_eq!(
            roles,
            [("ceo", "Chief Executive Officer"), ("dpo", "Data Protection Officer")]
        );
        assert!(matches!(
            named.get("Laura Chen"),
            Some(Named::Person { roles, .. }) if roles == &["director-security-compliance".to_string()]
        ));
    }
}
