//! `[roles.*]` and `[[person]]`: who is who, which roles they hold, the
//! e-mails and logins that identify them, and the keys they sign with.

use super::validate::Checker;
use super::*;

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
    #[schemars(regex(pattern = crate::config::IDENTIFIER))]
    pub id: String,
    /// Full name.
    pub name: String,
    /// E-mail addresses the person commits with.
    #[serde(default)]
    #[schemars(inner(regex(pattern = "@")))]
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
    /// Works for another organisation (an external auditor, a consultant):
    /// named by the ISMS, but not one of the people whose awareness
    /// training it keeps (ISMS-TRAIN-001 asks nothing of them).
    #[serde(default)]
    pub external: bool,
    /// Public keys used to sign commits: OpenSSH lines (`ssh-ed25519 AAAA…`),
    /// ASCII-armoured OpenPGP keys, or paths of key files inside the repository.
    #[serde(default)]
    pub keys: Vec<String>,
}

fn yes() -> bool {
    true
}

/// Role ids are plain identifiers; people have unique ids, e-mails and
/// logins and hold declared roles. Returns the holders of each role.
pub(super) fn validate(c: &Checker<'_>, problems: &mut Problems) -> BTreeMap<String, Vec<String>> {
    let (raw, file) = (&c.config.raw, c.file);
    let span = |path: &[PathSeg<'_>]| c.span(path);
    let first_on_line = |path: &[PathSeg<'_>]| c.first_on_line(path);
    let unknown_role = |role: &str, at: Span| c.unknown_role(role, at);

    // Roles: ids are plain identifiers.
    for id in raw.roles.keys() {
        if !is_identifier(id) {
            problems.push(
                Problem::new("config::bad-id", format!("role id `{id}` is not a plain identifier"))
                    .at(file, span(&[PathSeg::Key("roles"), PathSeg::Key(id)]))
                    .help("use letters, digits, `-` and `_` only"),
            );
        }
    }

    // People: unique ids, e-mails and logins; roles exist.
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut emails: HashMap<String, usize> = HashMap::new();
    let mut logins: HashMap<String, usize> = HashMap::new();
    let mut holders: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, person) in raw.people.iter().enumerate() {
        let at = |key: &str| span(&[PathSeg::Key("person"), PathSeg::Index(i), PathSeg::Key(key)]);
        if !is_identifier(&person.id) {
            problems.push(
                Problem::new(
                    "config::bad-id",
                    format!("person id `{}` is not a plain identifier", person.id),
                )
                .at(file, at("id"))
                .help("use letters, digits, `-` and `_` only, e.g. `alice`"),
            );
        }
        if let Some(first) = ids.insert(&person.id, i) {
            problems.push(
                Problem::new(
                    "config::duplicate-id",
                    format!("person id `{}` is used twice", person.id),
                )
                .at(file, at("id"))
                .help(first_on_line(&[
                    PathSeg::Key("person"),
                    PathSeg::Index(first),
                    PathSeg::Key("id"),
                ])),
            );
        }
        for (j, email) in person.emails.iter().enumerate() {
            let e_at = span(&[
                PathSeg::Key("person"),
                PathSeg::Index(i),
                PathSeg::Key("emails"),
                PathSeg::Index(j),
            ]);
            if !email.contains('@') {
                problems.push(
                    Problem::new("config::bad-value", format!("`{email}` is not an e-mail address")).at(file, e_at),
                );
            }
            if let Some(other) = emails.insert(email.to_lowercase(), i) {
                if other != i {
                    problems.push(
                        Problem::new(
                            "config::duplicate-id",
                            format!("e-mail `{email}` is listed for two people"),
                        )
                        .at(file, e_at)
                        .help(format!(
                            "it is also listed for `{}`",
                            raw.people.get(other).map_or("", |p| p.id.as_str())
                        )),
                    );
                }
            }
        }
        if let Some(login) = &person.github {
            if let Some(other) = logins.insert(login.to_lowercase(), i) {
                problems.push(
                    Problem::new(
                        "config::duplicate-id",
                        format!("GitHub login `{login}` is listed for two people"),
                    )
                    .at(file, at("github"))
                    .help(format!(
                        "it is also listed for `{}`",
                        raw.people.get(other).map_or("", |p| p.id.as_str())
                    )),
                );
            }
        }
        for (j, role) in person.roles.iter().enumerate() {
            if raw.roles.contains_key(role) {
                holders.entry(role.clone()).or_default().push(person.id.clone());
            } else {
                problems.push(unknown_role(
                    role,
                    span(&[
                        PathSeg::Key("person"),
                        PathSeg::Index(i),
                        PathSeg::Key("roles"),
                        PathSeg::Index(j),
                    ]),
                ));
            }
        }
    }
    holders
}

/// A value with its Markdown links written as their text: `[Hannah
/// Reid](https://…/people/712020) (CEO)` is `Hannah Reid (CEO)`, as a
/// reader sees it (a wiki writes a person as a link to their profile).
/// Vault links (`[[name]]`) are left as they are.
pub fn without_links(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains("](") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = (!after.starts_with('['))
            .then(|| after.find("](").map(|close| (close, &after[close + 2..])))
            .flatten()
            .and_then(|(close, target)| {
                let end = target.find(')')?;
                // (The text holds no bracket of its own.)
                (!after[..close].contains(['[', ']'])).then_some((close, close + 2 + end + 1))
            });
        match link {
            Some((close, len)) => {
                out.push_str(&rest[..open]);
                out.push_str(&after[..close]);
                rest = &after[len..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod link_tests {
    use super::without_links;

    #[test]
    fn links_are_read_as_their_text() {
        assert_eq!(
            without_links(
                "[Hannah Reid](https://kestrel.atlassian.net/wiki/people/712020:0f3d9a11?ref=confluence) (CEO)"
            ),
            "Hannah Reid (CEO)"
        );
        assert_eq!(without_links("[[Risk Acceptance R-05]]"), "[[Risk Acceptance R-05]]");
        assert_eq!(without_links("see [a](x) and [b](y)"), "see a and b");
        assert_eq!(without_links("[TBD]"), "[TBD]");
    }
}
