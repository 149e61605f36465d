//! Approvals in `isms check`: the keys of the working copy readable, the
//! history judged (range, or the state back to the trust root) and which
//! commit's configuration decides the verdict, and approval issues turned
//! into findings at the governed file.

use super::Range;
use crate::config::{PathSeg, SeveritySetting};
use crate::diag::{Problem, Problems};
use crate::findings::{Finding, severity};
use crate::workspace::{self, Workspace};
use std::sync::Arc;

/// The keys listed in the working copy's isms.toml must all be readable:
/// a typo in a key would otherwise silently stop a person from approving.
pub(super) fn check_keys(ws: &Workspace) -> Result<(), Problems> {
    let config = &ws.config;
    let (_, errors) = crate::history::keys::KeyRing::build(&config.raw, |rel| {
        workspace::read(&ws.root, rel, None).ok().map(|f| f.text.clone())
    });
    if errors.is_empty() {
        return Ok(());
    }
    Err(Problems(
        errors
            .into_iter()
            .map(|e| {
                let span = config
                    .span_of(&[
                        PathSeg::Key("person"),
                        PathSeg::Index(e.at.0),
                        PathSeg::Key("keys"),
                        PathSeg::Index(e.at.1),
                    ])
                    .unwrap_or_default();
                Problem::new("config::bad-key", e.message)
                    .at(&config.file, span)
                    .help("a key is an OpenSSH public key line, an armoured OpenPGP public key, or the path of a file holding one")
            })
            .collect(),
    ))
}

/// Judges approvals from git history: the range when `--base` is given,
/// else the current state back to the trust root. `None` when nothing is
/// governed and no range was asked for. Also says which commit's
/// configuration decides the verdict (`None`: the working copy's).
/// It needs only the configuration, so it runs beside the loading of the
/// registers (`workspace::load_beside`).
pub(super) fn approvals(
    config: &crate::config::Config,
    root: &std::path::Path,
    range: &Range,
) -> Result<(Option<crate::history::Report>, Option<String>), Problems> {
    use crate::history;
    let raw = &config.raw;
    if range.skip_history {
        return Ok((None, None));
    }
    let git_root = range.git_root.as_deref().unwrap_or(root);
    let gate = history::Gate::discover(git_root)?;
    let Some(mut gate) = gate else {
        return outside_a_repository(raw, root, range);
    };
    match &range.base {
        Some(base) => {
            let report = history::range_attested(
                &mut gate,
                base,
                range.head.as_deref().unwrap_or("HEAD"),
                &range.attested,
                &range.vetoes,
            )?;
            let knobs = report.base.clone();
            Ok((Some(report), knobs))
        }
        None => state_approvals(&mut gate, raw),
    }
}

/// Approvals with no git repository: nothing to judge when nothing is
/// governed; `--base` cannot be judged; otherwise a warning that the
/// approval rules were not verified.
fn outside_a_repository(
    raw: &crate::config::RawConfig,
    root: &std::path::Path,
    range: &Range,
) -> Result<(Option<crate::history::Report>, Option<String>), Problems> {
    use crate::history;
    if raw.approvals.is_empty() && range.base.is_none() {
        return Ok((None, None));
    }
    if range.base.is_some() {
        return Err(Problems(vec![
            Problem::new(
                "git::not-a-repository",
                format!(
                    "{} is not inside a git repository, so --base cannot be judged",
                    root.display()
                ),
            )
            .help("run isms inside the clone of the ISMS repository"),
        ]));
    }
    let mut report = history::Report {
        mode: super::Mode::NoRepository.as_str().into(),
        ..history::Report::default()
    };
    report.issues.push(history::Issue {
        rule: history::NO_HISTORY,
        warning: true,
        message: format!(
            "{} is not inside a git repository: the {} approval rule(s) of isms.toml were not verified",
            root.display(),
            raw.approvals.len()
        ),
        path: Some(crate::config::FILE_NAME.into()),
        rule_index: None,
        commit: None,
        help: None,
        lines: None,
    });
    Ok((Some(report), None))
}

/// The current state's approvals, back to the trust root, and which
/// commit's configuration decides the verdict.
fn state_approvals(
    gate: &mut crate::history::Gate,
    raw: &crate::config::RawConfig,
) -> Result<(Option<crate::history::Report>, Option<String>), Problems> {
    use crate::history;
    let report = history::state(gate)?;
    // No configuration committed yet: nothing is governed. Once one is, its
    // built-in rule governs isms.toml, the key files and the organisation's
    // own rules even with no `[[approval]]` rule, so the report is kept
    // (and the configuration in force decides).
    if raw.approvals.is_empty() && report.in_force.is_none() && report.judgements.is_empty() && report.issues.is_empty()
    {
        return Ok((None, None));
    }
    // The configuration in force decides, unless the working copy's
    // configuration has uncommitted edits (a what-if).
    let own = history::own_paths(raw);
    let knobs = match (&report.in_force, &report.head) {
        (Some(f), Some(head)) if f != head && !gate.repo.is_dirty_at(&own) => {
            gate.config_differs(f, head).then(|| f.clone())
        }
        _ => None,
    };
    Ok((Some(report), knobs))
}

/// Turns approval issues into findings at the governed file (or the
/// approval rule in isms.toml), with the rule's place in the help.
pub(super) fn approval_findings(
    ws: &Workspace,
    report: &crate::history::Report,
    settings: &std::collections::BTreeMap<String, SeveritySetting>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for issue in &report.issues {
        let (title, _, _) = crate::findings::catalogue::APPROVAL_RULES
            .iter()
            .find(|r| r.0 == issue.rule)
            .map(|r| (r.1, r.2, r.3))
            .unwrap_or(("Approval", "", ""));
        // The approval findings cannot be switched off or turned down.
        let setting = if crate::history::UNWAIVABLE.contains(&issue.rule) {
            None
        } else {
            settings.get(issue.rule)
        };
        let Some(severity) = severity(setting, issue.warning) else {
            continue;
        };
        let config = &ws.config;
        let rule_span = issue
            .rule_index
            .and_then(|i| config.span_of(&[PathSeg::Key("approval"), PathSeg::Index(i)]));
        let (file, span) = issue_place(ws, issue, rule_span);
        let at_rule = span.is_some() && span == rule_span;
        let help = issue_help(config, issue, rule_span);
        out.push(Finding {
            rule: issue.rule.to_string(),
            title: title.to_string(),
            severity,
            message: issue.message.clone(),
            file,
            span,
            target: issue.path.as_ref().map(|p| format!("approvals/{p}")),
            clauses: vec!["5.1".into(), "7.5.3".into()],
            controls: vec!["A.5.3".into(), "A.8.32".into()],
            help: (!help.is_empty()).then(|| help.join("; ")),
            waived: None,
            // Not when the finding itself already points at the rule.
            related: related_rule(config, issue).filter(|_| !at_rule).into_iter().collect(),
            todo: false,
        });
    }
    out
}

/// A governed file by its name: isms.toml, a register or document loaded,
/// or any other (a key file, an own rule, a deleted file), still named, at
/// its first line.
fn governed_file(ws: &Workspace, name: &str) -> Option<Arc<crate::source::SourceFile>> {
    if name == crate::config::FILE_NAME {
        return Some(Arc::clone(&ws.config.file));
    }
    let loaded = ws
        .registers
        .iter()
        .map(|r| &r.file)
        .chain(ws.documents.iter().map(|d| &d.file))
        .find(|f| f.name == name)
        .cloned();
    loaded.or_else(|| {
        Some(workspace::read(&ws.root, name, None).unwrap_or_else(|_| crate::source::SourceFile::new(name, "")))
    })
}

/// Where an approval issue is shown: at the lines the change touched in the
/// governed file where they are known (a pull request's diff shows the
/// finding there), else its line 1; without a file, at the approval rule.
fn issue_place(
    ws: &Workspace,
    issue: &crate::history::Issue,
    rule_span: Option<crate::source::Span>,
) -> (Option<Arc<crate::source::SourceFile>>, Option<crate::source::Span>) {
    match issue.path.as_deref().and_then(|p| governed_file(ws, p)) {
        Some(f) => {
            let span = match issue.lines {
                Some((first, last)) => crate::source::Span::new(f.line_span(first).start, f.line_span(last).end),
                None => crate::source::Span::new(0, 0),
            };
            (Some(f), Some(span))
        }
        None => match rule_span {
            Some(s) => (Some(Arc::clone(&ws.config.file)), Some(s)),
            None => (None, None),
        },
    }
}

/// An approval issue's help, then the approval rule's place and the
/// commit.
fn issue_help(
    config: &crate::config::Config,
    issue: &crate::history::Issue,
    rule_span: Option<crate::source::Span>,
) -> Vec<String> {
    let rule_at = rule_span.map(|s| format!("isms.toml:{}", config.file.line_col(s.start).line));
    let mut help: Vec<String> = issue.help.iter().cloned().collect();
    if let (Some(at), Some(i)) = (&rule_at, issue.rule_index) {
        let name = config
            .raw
            .approvals
            .get(i)
            .and_then(|a| a.name.clone())
            .unwrap_or_default();
        help.push(format!("approval rule `{name}` at {at}"));
    }
    if let Some(c) = &issue.commit {
        help.push(format!("commit {c}"));
    }
    help
}

/// The roles of the approval rule an issue is under, as a related place.
fn related_rule(config: &crate::config::Config, issue: &crate::history::Issue) -> Option<crate::findings::Related> {
    let i = issue.rule_index?;
    let roles = config.span_of(&[PathSeg::Key("approval"), PathSeg::Index(i), PathSeg::Key("roles")])?;
    let rule = config.raw.approvals.get(i)?;
    Some(crate::findings::Related {
        file: Arc::clone(&config.file),
        span: roles,
        label: format!(
            "approval rule `{}`: {} of these roles",
            rule.name.as_deref().unwrap_or("unnamed"),
            rule.min
        ),
    })
}

/// A second approver is needed. In a one-person ISMS the changes that
/// nobody but their maker may approve (ISMS-APPROVAL-001 with nobody left)
/// are one error saying so, in place of one error per governed file (with
/// more people, each such file keeps its own finding). While none waits, an
/// ISMS whose every active person may approve under a rule, and who are no
/// more than its `min` (a one-person ISMS), gets the same finding as a
/// warning. It sits at the sole person's roles in isms.toml (else at the
/// approval rule), and it cannot be waived.
pub(super) fn second_approver(ws: &Workspace, findings: &mut Vec<Finding>) {
    use crate::config::approvals::NOBODY_LEFT;
    use crate::findings::catalogue::{MISSING, SECOND_APPROVER};
    let config = &ws.config;
    let raw = &config.raw;
    let Some(&(_, title, _, help)) = crate::findings::catalogue::APPROVAL_RULES
        .iter()
        .find(|r| r.0 == SECOND_APPROVER)
    else {
        return;
    };
    let active: Vec<&crate::config::Person> = raw.people.iter().filter(|p| p.active).collect();
    // Folded only in a one-person ISMS: with more people, each file nobody
    // is left to approve keeps its own finding at the file.
    let sole = match active.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    let stuck = |f: &Finding| {
        sole.is_some() && f.rule == MISSING && f.help.as_deref().is_some_and(|h| h.starts_with(NOBODY_LEFT))
    };
    let files: Vec<String> = findings
        .iter()
        .filter(|f| stuck(f))
        .filter_map(|f| f.target.as_deref()?.strip_prefix("approvals/").map(String::from))
        .collect();
    let holders = |roles: &[String]| -> Vec<&crate::config::Person> {
        active
            .iter()
            .copied()
            .filter(|p| p.roles.iter().any(|r| roles.contains(r)))
            .collect()
    };
    let rules = approval_rules(raw);
    let alone: Vec<&RuleRoles> = rules
        .iter()
        .filter(|(_, roles, min)| {
            let h = holders(roles);
            !h.is_empty() && h.len() == active.len() && h.len() <= *min as usize
        })
        .collect();
    if files.is_empty() && alone.is_empty() {
        return;
    }
    let span = second_approver_place(config, sole, &alone);
    let (severity, message) = second_approver_message(raw, sole, &files, &alone);
    findings.retain(|f| !stuck(f));
    findings.push(Finding {
        rule: SECOND_APPROVER.to_string(),
        title: title.to_string(),
        severity,
        message,
        file: Some(Arc::clone(&config.file)),
        span: Some(span),
        target: Some("approvals".into()),
        clauses: vec!["5.1".into(), "7.5.3".into()],
        controls: vec!["A.5.3".into(), "A.8.32".into()],
        help: Some(help.to_string()),
        waived: None,
        related: Vec::new(),
        todo: false,
    });
}

/// An approval rule as the second-approver check reads it: (its index, `None`
/// for the built-in one), roles, min).
type RuleRoles = (Option<usize>, Vec<String>, u32);

/// The approval rules, and the built-in one governing isms.toml (top
/// management, one approval) when no rule names it.
fn approval_rules(raw: &crate::config::RawConfig) -> Vec<RuleRoles> {
    let mut rules: Vec<RuleRoles> = raw
        .approvals
        .iter()
        .enumerate()
        .map(|(i, a)| (Some(i), a.roles.clone(), a.min))
        .collect();
    let toml_governed = raw
        .approvals
        .iter()
        .any(|a| crate::workspace::glob_set(&a.paths).is_match(crate::config::FILE_NAME));
    if !toml_governed {
        let top: Vec<String> = raw
            .roles
            .iter()
            .filter(|(_, r)| r.top_management)
            .map(|(id, _)| id.clone())
            .collect();
        rules.push((None, top, 1));
    }
    rules
}

/// Where the second-approver finding sits in isms.toml: the sole person's
/// roles, else the first rule nobody else can meet.
fn second_approver_place(
    config: &crate::config::Config,
    sole: Option<&crate::config::Person>,
    alone: &[&RuleRoles],
) -> crate::source::Span {
    let at = match sole {
        Some(person) => {
            let i = config.raw.people.iter().position(|p| p.id == person.id).unwrap_or(0);
            config.span_of(&[PathSeg::Key("person"), PathSeg::Index(i), PathSeg::Key("roles")])
        }
        None => alone
            .iter()
            .find_map(|(i, _, _)| *i)
            .and_then(|i| config.span_of(&[PathSeg::Key("approval"), PathSeg::Index(i)])),
    };
    at.unwrap_or_default()
}

/// The second-approver finding's severity and message: an error naming
/// the changes nobody may approve (a one-person ISMS, `files`), else a
/// warning naming the rules only their makers could meet (`alone`).
fn second_approver_message(
    raw: &crate::config::RawConfig,
    sole: Option<&crate::config::Person>,
    files: &[String],
    alone: &[&RuleRoles],
) -> (crate::findings::Severity, String) {
    use crate::findings::Severity;
    if files.is_empty() {
        let governed: Vec<String> = alone
            .iter()
            .map(|(i, _, _)| match i.and_then(|i| raw.approvals.get(i)) {
                Some(a) => format!("the rule `{}`", a.name.clone().unwrap_or_else(|| a.paths.join(", "))),
                None => "the built-in rule for isms.toml".into(),
            })
            .collect();
        let (may, whom) = match sole {
            Some(p) => (format!("{} is the only person who may approve", p.name), "them"),
            None => (
                "the approvals each rule asks for take every active person".to_string(),
                "any of them",
            ),
        };
        return (
            Severity::Warning,
            format!(
                "a second approver is needed: {may} under {}, so no change made by {whom} can ever be approved",
                governed.join(", "),
            ),
        );
    }
    // Only a one-person ISMS folds its changes (`stuck`).
    let name = sole.map_or("", |p| p.name.as_str());
    (
        Severity::Error,
        format!(
            "a second approver is needed: {} change{} to governed files ({}) cannot be approved: {name} is the only person who may approve, and made them",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            files.join(", "),
        ),
    )
}
