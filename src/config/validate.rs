//! Validation of a parsed `isms.toml`, section by section — roles, people,
//! approval rules, registers, documents, waivers — each problem located at
//! its key, with a did-you-mean where one helps. The settings the gate
//! itself rests on are checked in `gate`.

use super::*;

/// Cross-reference checks, each located at the offending value.
pub(super) fn validate(config: &mut Config, problems: &mut Problems) {
    let file = Arc::clone(&config.file);
    let raw = &config.raw;
    let span = |path: &[PathSeg<'_>]| config.span_of(path).unwrap_or_default();
    let first_on_line = |path: &[PathSeg<'_>]| format!("the first is on line {}", file.line_col(span(path).start).line);
    let role_ids: Vec<&str> = raw.roles.keys().map(String::as_str).collect();

    let unknown_role = |role: &str, at: Span| {
        let mut p = Problem::new("config::unknown-role", format!("unknown role `{role}`"))
            .at(&file, at)
            .label("not declared under [roles]");
        p = match did_you_mean(role, role_ids.iter().copied()) {
            Some(s) => p.help(format!("did you mean `{s}`?")),
            None if role_ids.is_empty() => p.help(format!("declare it: [roles.{role}] name = \"…\"")),
            None => p.help(format!("declared roles: {}", role_ids.join(", "))),
        };
        p
    };

    // Roles: ids are plain identifiers.
    for id in raw.roles.keys() {
        if !is_identifier(id) {
            problems.push(
                Problem::new("config::bad-id", format!("role id `{id}` is not a plain identifier"))
                    .at(&file, span(&[PathSeg::Key("roles"), PathSeg::Key(id)]))
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
                .at(&file, at("id"))
                .help("use letters, digits, `-` and `_` only, e.g. `alice`"),
            );
        }
        if let Some(first) = ids.insert(&person.id, i) {
            problems.push(
                Problem::new(
                    "config::duplicate-id",
                    format!("person id `{}` is used twice", person.id),
                )
                .at(&file, at("id"))
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
                    Problem::new("config::bad-value", format!("`{email}` is not an e-mail address")).at(&file, e_at),
                );
            }
            if let Some(other) = emails.insert(email.to_lowercase(), i) {
                if other != i {
                    problems.push(
                        Problem::new(
                            "config::duplicate-id",
                            format!("e-mail `{email}` is listed for two people"),
                        )
                        .at(&file, e_at)
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
                    .at(&file, at("github"))
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

    // Approval rules: globs compile, roles exist, min can be met.
    for (i, rule) in raw.approvals.iter().enumerate() {
        let at = |key: &str| span(&[PathSeg::Key("approval"), PathSeg::Index(i), PathSeg::Key(key)]);
        if rule.paths.is_empty() {
            problems.push(
                Problem::new("config::bad-value", "an approval rule needs at least one path glob")
                    .at(&file, at("paths")),
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
                    Problem::new("config::bad-glob", format!("invalid glob `{glob}`: {}", e.kind())).at(&file, g_at),
                );
            } else if !is_contained(glob.trim_start_matches("**/")) {
                problems.push(
                    Problem::new("config::path-escapes", format!("glob `{glob}` leaves the repository"))
                        .at(&file, g_at)
                        .help("write globs relative to the directory of isms.toml"),
                );
            }
        }
        if rule.roles.is_empty() {
            problems.push(
                Problem::new("config::bad-value", "an approval rule needs at least one role").at(&file, at("roles")),
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
                    .at(&file, at("min"))
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
                        "`min = {}` can never be met: only {} active people hold {}",
                        rule.min,
                        eligible.len(),
                        rule.roles.join(" or ")
                    ),
                )
                .at(&file, at("min"))
                .help("lower `min`, or give the role to more people"),
            );
        }
    }

    // Registers: paths stay inside the repository, formats are known,
    // column maps name built-in fields.
    let mut paths: HashMap<&str, usize> = HashMap::new();
    for (i, reg) in raw.registers.iter().enumerate() {
        let at = |key: &str| span(&[PathSeg::Key("register"), PathSeg::Index(i), PathSeg::Key(key)]);
        if !is_contained(&reg.path) {
            problems.push(
                Problem::new(
                    "config::path-escapes",
                    format!("register path `{}` leaves the repository", reg.path),
                )
                .at(&file, at("path"))
                .help("registers must live inside the ISMS repository; write a path relative to isms.toml"),
            );
        } else if reg.format.is_none() && Format::from_path(&reg.path).is_none() {
            problems.push(
                Problem::new(
                    "config::unknown-format",
                    format!("cannot tell the format of `{}` from its extension", reg.path),
                )
                .at(&file, at("path"))
                .help("use .toml, .csv, .yaml, .yml or .json, or set `format`"),
            );
        }
        if let Some(first) = paths.insert(&reg.path, i) {
            problems.push(
                Problem::new(
                    "config::duplicate-id",
                    format!("register `{}` is listed twice", reg.path),
                )
                .at(&file, at("path"))
                .help(first_on_line(&[
                    PathSeg::Key("register"),
                    PathSeg::Index(first),
                    PathSeg::Key("path"),
                ])),
            );
        }
        for (column, field) in &reg.columns {
            if reg.kind.field(field).is_none() {
                let names: Vec<&str> = reg.kind.fields().iter().map(|f| f.name).collect();
                let c_at = span(&[
                    PathSeg::Key("register"),
                    PathSeg::Index(i),
                    PathSeg::Key("columns"),
                    PathSeg::Key(column),
                ]);
                let mut p = Problem::new(
                    "config::unknown-field",
                    format!("`{field}` is not a field of the {} register", reg.kind.name()),
                )
                .at(&file, c_at);
                p = match did_you_mean(field, names.iter().copied()) {
                    Some(s) => p.help(format!("did you mean `{s}`?")),
                    None => p.help(format!("fields: {}", names.join(", "))),
                };
                problems.push(p);
            }
        }
    }

    // Documents: mapped and defaulted fields are built-in document fields.
    let doc_fields: Vec<&str> = crate::config::kinds::DOCUMENT_FIELDS.iter().map(|f| f.name).collect();
    let unknown_doc_field = |field: &str, at: Span| {
        let p = Problem::new(
            "config::unknown-field",
            format!("`{field}` is not a field of documents"),
        )
        .at(&file, at);
        match did_you_mean(field, doc_fields.iter().copied()) {
            Some(s) => p.help(format!("did you mean `{s}`?")),
            None => p.help(format!("fields: {}", doc_fields.join(", "))),
        }
    };
    for (key, field) in &raw.documents.fields {
        if !doc_fields.contains(&field.as_str()) {
            let at = span(&[PathSeg::Key("documents"), PathSeg::Key("fields"), PathSeg::Key(key)]);
            problems.push(unknown_doc_field(field, at));
        }
    }
    for (i, d) in raw.documents.defaults.iter().enumerate() {
        for field in d.values.keys() {
            if !doc_fields.contains(&field.as_str()) {
                let at = span(&[
                    PathSeg::Key("documents"),
                    PathSeg::Key("defaults"),
                    PathSeg::Index(i),
                    PathSeg::Key("values"),
                    PathSeg::Key(field),
                ]);
                problems.push(unknown_doc_field(field, at));
            }
        }
        for (j, glob) in d.paths.iter().enumerate() {
            if let Err(e) = globset::Glob::new(glob) {
                let at = span(&[
                    PathSeg::Key("documents"),
                    PathSeg::Key("defaults"),
                    PathSeg::Index(i),
                    PathSeg::Key("paths"),
                    PathSeg::Index(j),
                ]);
                problems.push(
                    Problem::new("config::bad-glob", format!("invalid glob `{glob}`: {}", e.kind())).at(&file, at),
                );
            }
        }
    }

    for (i, glob) in raw
        .documents
        .paths
        .iter()
        .chain(raw.documents.exclude.iter())
        .enumerate()
    {
        let (key, index) = if i < raw.documents.paths.len() {
            ("paths", i)
        } else {
            ("exclude", i - raw.documents.paths.len())
        };
        let g_at = span(&[PathSeg::Key("documents"), PathSeg::Key(key), PathSeg::Index(index)]);
        if let Err(e) = globset::Glob::new(glob) {
            problems
                .push(Problem::new("config::bad-glob", format!("invalid glob `{glob}`: {}", e.kind())).at(&file, g_at));
        } else if !is_contained(glob.trim_start_matches("**/")) {
            problems.push(
                Problem::new("config::path-escapes", format!("glob `{glob}` leaves the repository")).at(&file, g_at),
            );
        }
    }

    let rules = &raw.rules;
    if rules.risk.scale < 2 || rules.risk.scale > 10 {
        problems.push(
            Problem::new(
                "config::bad-value",
                format!("a risk scale of {} points is not supported", rules.risk.scale),
            )
            .at(
                &file,
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
                &file,
                span(&[
                    PathSeg::Key("rules"),
                    PathSeg::Key("risk"),
                    PathSeg::Key("acceptance_threshold"),
                ]),
            ),
        );
    }
    let mut previous: Option<(&str, u32)> = None;
    for level in RISK_LEVELS {
        let Some(&min) = rules.risk.levels.get(level) else {
            continue;
        };
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
                .at(&file, at),
            );
        } else if let Some((below, below_min)) = previous.filter(|(_, m)| *m >= min) {
            problems.push(
                Problem::new(
                    "config::bad-value",
                    format!("level `{level}` starts at {min}, not above `{below}` ({below_min})"),
                )
                .at(&file, at)
                .help("bands go up: low < medium < high < very-high"),
            );
        }
        previous = Some((level, min));
    }
    for name in rules.risk.levels.keys().filter(|k| !RISK_LEVELS.contains(&k.as_str())) {
        let mut p = Problem::new("config::unknown-level", format!("`{name}` is not a risk level")).at(
            &file,
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
    ] {
        if months == 0 || months > 60 {
            problems.push(
                Problem::new(
                    "config::bad-value",
                    format!("an interval of {months} months is not sensible"),
                )
                .at(&file, span(&[PathSeg::Key("rules"), PathSeg::Key(key)]))
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
                .at(&file, span(&[PathSeg::Key("rules"), PathSeg::Key("custom")])),
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
                    &file,
                    span(&[PathSeg::Key("rules"), PathSeg::Key("placeholders"), PathSeg::Index(i)]),
                ),
            );
        }
    }

    config.role_holders = holders;

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
                    .at(&file, at("expires"))
                    .help("write dates as YYYY-MM-DD; every waiver must expire"),
            );
        }
        if config.resolve(&waiver.approved_by) == Resolved::Unknown {
            problems.push(
                Problem::new(
                    "config::unknown-person",
                    format!("`{}` is neither a person nor a role", waiver.approved_by),
                )
                .at(&file, at("approved_by"))
                .help("use a person id or a role id from isms.toml"),
            );
        }
        if waiver.reason.trim().is_empty() {
            problems.push(Problem::new("config::bad-value", "a waiver needs a reason").at(&file, at("reason")));
        }
    }
}
