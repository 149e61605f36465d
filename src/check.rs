//! `isms check` as a plain function: load the workspace, build the input,
//! evaluate the rules, resolve every finding to its place, apply severity
//! settings and waivers. No terminal or process concerns here.

use crate::config::{Config, PathSeg, SeveritySetting};
use crate::diag::{Problem, Problems, did_you_mean};
use crate::findings::{Finding, Severity, apply_waivers, locate, severity};
use crate::rego::metadata::RuleMeta;
use crate::workspace::{self, Workspace};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// The id of the built-in rule that reports expired waivers.
pub use crate::findings::catalogue::WAIVER_EXPIRED;

/// What a check produced.
pub struct Outcome {
    pub workspace: Workspace,
    pub findings: Vec<Finding>,
    pub rules: Vec<RuleMeta>,
    pub now: String,
    /// What git history said about approvals, when they were judged.
    pub history: Option<crate::history::Report>,
}

impl Outcome {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity && f.waived.is_none())
            .count()
    }

    pub fn waived(&self) -> usize {
        self.findings.iter().filter(|f| f.waived.is_some()).count()
    }

    /// Files read: `isms.toml`, the registers and the documents.
    pub fn files(&self) -> usize {
        1 + self.workspace.registers.len() + self.workspace.documents.len()
    }
}

/// Stage timings on stderr when `ISMS_TIMINGS` is set: where a slow check
/// spends its time, without a profiler.
struct Stopwatch(Option<std::time::Instant>);

impl Stopwatch {
    fn new() -> Stopwatch {
        Stopwatch(std::env::var_os("ISMS_TIMINGS").map(|_| std::time::Instant::now()))
    }

    fn lap(&mut self, stage: &str) {
        if let Some(start) = self.0 {
            eprintln!("isms: {stage}: {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
            self.0 = Some(std::time::Instant::now());
        }
    }
}

/// Which history to judge approvals from.
#[derive(Debug, Clone, Default)]
pub struct Range {
    /// `--base`: judge `base..head` by the configuration of `base`.
    pub base: Option<String>,
    /// `--head` (default `HEAD`).
    pub head: Option<String>,
    /// Judge no approvals (`--staged`: the content about to be committed has
    /// no history yet).
    pub skip_history: bool,
    /// Where the git repository is, when the content checked is a copy of
    /// one of its commits elsewhere (default: the ISMS folder).
    pub git_root: Option<std::path::PathBuf>,
    /// Approvals of the head attested by a platform (GitHub reviews).
    pub attested: Vec<crate::history::Attested>,
    /// "Changes requested" reviews by people who could approve: each blocks
    /// the changes its author is eligible to approve.
    pub vetoes: Vec<crate::history::Attested>,
}

/// The configuration that decides the verdict: severity settings, waivers,
/// rule settings and the organisation's own rules. With `--base` it is the
/// base's; otherwise the one in force (the latest approved), unless the
/// working copy's configuration has uncommitted edits (a what-if on a
/// developer's machine, where nothing is being merged).
struct Verdict {
    /// `None`: the working copy's.
    config: Option<Config>,
    /// The folder the organisation's own rules are read from (`None`: the
    /// working copy).
    dir: Option<std::path::PathBuf>,
    /// The copy of the commit it was read from, removed when dropped.
    _copy: Option<tempfile::TempDir>,
}

/// Runs the check of the ISMS at `root` as of `now` (`YYYY-MM-DD`).
pub fn run(root: &Path, now: &str, range: &Range) -> Result<Outcome, Problems> {
    let mut clock = Stopwatch::new();
    let ws = workspace::load(root)?;
    clock.lap("load");
    check_keys(&ws)?;
    let (history, knobs_from) = approvals(&ws, range)?;
    clock.lap("approvals");
    let verdict = match knobs_from {
        Some(commit) => {
            let git_root = range.git_root.as_deref().unwrap_or(&ws.root);
            // The configuration and the Rego files, not the registers.
            let keep = |rel: &str| rel == crate::config::FILE_NAME || rel.ends_with(".rego");
            let copy = crate::history::staged::materialize_commit_only(git_root, &commit, &keep)?;
            let config = workspace::load_config(copy.path()).map_err(|mut p| {
                p.0.insert(
                    0,
                    Problem::new(
                        "git::bad-config",
                        format!(
                            "isms.toml at commit {} is not valid; it is the configuration the verdict is judged by",
                            crate::history::short_id(&commit)
                        ),
                    ),
                );
                p
            })?;
            // A rules folder with no Rego file in it is still a folder.
            if let Some(custom) = &config.raw.rules.custom {
                let _ = std::fs::create_dir_all(copy.path().join(custom));
            }
            Verdict {
                config: Some(config),
                dir: Some(copy.path().to_path_buf()),
                _copy: Some(copy),
            }
        }
        None => Verdict {
            config: None,
            dir: None,
            _copy: None,
        },
    };
    let knobs = verdict.config.as_ref().unwrap_or(&ws.config);
    let mut rules = crate::findings::catalogue::load_rules(
        verdict.dir.as_deref().unwrap_or(&ws.root),
        knobs.raw.rules.custom.as_deref(),
        false,
    )?;
    check_rule_references(knobs, &rules.rules)?;
    rules.set_time_limit(std::time::Duration::from_secs(u64::from(
        knobs.raw.rules.time_limit_seconds.max(1),
    )));
    clock.lap("compile rules");
    let mut input = crate::input::build(&ws, now);
    input["settings"] = crate::input::settings(&knobs.raw);
    clock.lap("input");
    if let Some(report) = &history {
        input["history"] = serde_json::json!({
            "mode": report.mode,
            "base": report.base,
            "head": report.head,
            "trust_root": report.trust_root,
            "commits": report.commits,
            "approvals": report.judgements,
            "baseline": report.baseline,
        });
    }
    let settings = &knobs.raw.rules.severity;
    // A rule turned off is not evaluated at all: it costs nothing and its
    // runtime errors cannot stop the check.
    let raws = rules.evaluate(input, |meta| {
        matches!(settings.get(&meta.id), Some(SeveritySetting::Off))
    })?;
    clock.lap("evaluate");

    let mut findings = Vec::with_capacity(raws.len());
    for raw in raws {
        let Some(meta) = rules.rules.get(raw.rule) else {
            continue;
        };
        let Some(severity) = severity(settings.get(&meta.id), raw.warn) else {
            continue;
        };
        let (file, span, target) = locate(&ws, &raw.object);
        let message = match raw.object.get("msg") {
            Some(Value::String(m)) => m.clone(),
            _ => format!("{} (the rule gave no `msg`)", meta.title),
        };
        let help = raw
            .object
            .get("help")
            .and_then(Value::as_str)
            .map(String::from)
            .or_else(|| (!meta.remediation.is_empty()).then(|| meta.remediation.clone()));
        findings.push(Finding {
            rule: meta.id.clone(),
            title: meta.title.clone(),
            severity,
            message,
            file,
            span,
            target,
            clauses: meta.clauses.clone(),
            controls: meta.controls.clone(),
            help,
            waived: None,
            related: Vec::new(),
        });
    }

    if let Some(report) = &history {
        findings.extend(approval_findings(&ws, report, settings));
    }
    findings.extend(globs_governing_nothing(&ws));
    findings.extend(value_findings(&ws, settings));
    apply_waivers(knobs, now, &mut findings);
    // After the waivers: a waiver of a value rule never carries another
    // rule's finding away with it, and a waived finding stays listed.
    fold_into_value_findings(&mut findings);
    findings.sort_by_cached_key(|f| {
        (
            f.file.as_ref().map(|f| f.name.clone()),
            f.span.map(|s| s.start),
            f.rule.clone(),
            f.message.clone(),
        )
    });
    findings.dedup_by(|a, b| a.rule == b.rule && a.message == b.message && a.span == b.span && a.target == b.target);
    clock.lap("findings");
    Ok(Outcome {
        workspace: ws,
        findings,
        rules: rules.rules,
        now: now.to_string(),
        history,
    })
}

/// The keys listed in the working copy's isms.toml must all be readable:
/// a typo in a key would otherwise silently stop a person from approving.
fn check_keys(ws: &Workspace) -> Result<(), Problems> {
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
fn approvals(ws: &Workspace, range: &Range) -> Result<(Option<crate::history::Report>, Option<String>), Problems> {
    use crate::history;
    let raw = &ws.config.raw;
    if range.skip_history {
        return Ok((None, None));
    }
    let git_root = range.git_root.as_deref().unwrap_or(&ws.root);
    let repo = history::Repo::discover(git_root)?;
    let Some(mut repo) = repo else {
        if raw.approvals.is_empty() && range.base.is_none() {
            return Ok((None, None));
        }
        if range.base.is_some() {
            return Err(Problems(vec![
                Problem::new(
                    "git::not-a-repository",
                    format!(
                        "{} is not inside a git repository, so --base cannot be judged",
                        ws.root.display()
                    ),
                )
                .help("run isms inside the clone of the ISMS repository"),
            ]));
        }
        let mut report = history::Report {
            mode: "none".into(),
            ..history::Report::default()
        };
        report.issues.push(history::Issue {
            rule: history::NO_HISTORY,
            warning: true,
            message: format!(
                "{} is not inside a git repository: the {} approval rule(s) of isms.toml were not verified",
                ws.root.display(),
                raw.approvals.len()
            ),
            path: Some(crate::config::FILE_NAME.into()),
            rule_index: None,
            commit: None,
            help: None,
            lines: None,
        });
        return Ok((Some(report), None));
    };
    match &range.base {
        Some(base) => {
            let report = history::range_attested(
                &mut repo,
                base,
                range.head.as_deref().unwrap_or("HEAD"),
                &range.attested,
                &range.vetoes,
            )?;
            let knobs = report.base.clone();
            Ok((Some(report), knobs))
        }
        None => {
            let report = history::state(&mut repo)?;
            // Nothing governed, in the working copy nor in force: no
            // approvals to speak of. (A working copy whose rules were
            // deleted is judged by the rules in force.)
            if raw.approvals.is_empty() && report.rules_in_force == 0 {
                return Ok((None, None));
            }
            // The configuration in force decides, unless the working copy's
            // configuration has uncommitted edits (a what-if).
            let own = history::own_paths(raw);
            let knobs = match (&report.in_force, &report.head) {
                (Some(f), Some(head)) if f != head && !repo.is_dirty_at(&own) => {
                    repo.config_differs(f, head).then(|| f.clone())
                }
                _ => None,
            };
            Ok((Some(report), knobs))
        }
    }
}

/// Turns approval issues into findings at the governed file (or the
/// approval rule in isms.toml), with the rule's place in the help.
fn approval_findings(
    ws: &Workspace,
    report: &crate::history::Report,
    settings: &std::collections::BTreeMap<String, SeveritySetting>,
) -> Vec<Finding> {
    let config = &ws.config;
    let file_of = |name: &str| -> Option<Arc<crate::source::SourceFile>> {
        if name == crate::config::FILE_NAME {
            return Some(Arc::clone(&config.file));
        }
        let loaded = ws
            .registers
            .iter()
            .map(|r| &r.file)
            .chain(ws.documents.iter().map(|d| &d.file))
            .find(|f| f.name == name)
            .cloned();
        // Any other governed file (a key file, an own rule, a deleted file)
        // is still named, at its first line.
        loaded.or_else(|| {
            Some(workspace::read(&ws.root, name, None).unwrap_or_else(|_| crate::source::SourceFile::new(name, "")))
        })
    };
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
        let rule_span = issue
            .rule_index
            .and_then(|i| config.span_of(&[PathSeg::Key("approval"), PathSeg::Index(i)]));
        let rule_at = rule_span.map(|s| format!("isms.toml:{}", config.file.line_col(s.start).line));
        let (file, span) = match issue.path.as_deref().and_then(file_of) {
            Some(f) => {
                // At the lines the change touched where they are known (a
                // pull request's diff shows the finding there), else line 1.
                let span = match issue.lines {
                    Some((first, last)) => crate::source::Span::new(f.line_span(first).start, f.line_span(last).end),
                    None => crate::source::Span::new(0, 0),
                };
                (Some(f), Some(span))
            }
            None => match rule_span {
                Some(s) => (Some(Arc::clone(&config.file)), Some(s)),
                None => (None, None),
            },
        };
        let at_rule = span.is_some() && span == rule_span;
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
            related: issue
                .rule_index
                .and_then(|i| {
                    let roles =
                        config.span_of(&[PathSeg::Key("approval"), PathSeg::Index(i), PathSeg::Key("roles")])?;
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
                })
                // Not when the finding itself already points at the rule.
                .filter(|_| !at_rule)
                .into_iter()
                .collect(),
        });
    }
    out
}

/// One defect, one finding: a rule's finding at exactly the place of a
/// value that was not read (a placeholder, a bad value) is that value's
/// consequence — "no owner" where the owner says `[TBD]` — so it is folded
/// into the value's finding, named in its help. Only into a finding at
/// least as severe: a value rule turned down never carries an error away.
fn fold_into_value_findings(findings: &mut Vec<Finding>) {
    use crate::findings::catalogue::{BAD_VALUE, PLACEHOLDER, VALUE_MISSING as MISSING};
    let is_value = |f: &Finding| [BAD_VALUE, PLACEHOLDER, MISSING].contains(&f.rule.as_str());
    let place = |f: &Finding| Some((f.file.as_ref()?.name.clone(), f.span.filter(|s| s.end > s.start)?));
    // A missing field is reported at its record: the rule findings about
    // that field of that record (`…/owner`) are the same defect.
    let line = |f: &Finding| {
        Some((
            f.file.as_ref()?.name.clone(),
            f.file.as_ref()?.line_col(f.span?.start).line,
        ))
    };
    let missing_field = |f: &Finding| -> Option<String> {
        let (_, rest) = f.message.split_once('`')?;
        Some(format!("/{}", rest.split_once('`')?.0))
    };
    let values: Vec<(usize, Severity)> = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| is_value(f) && f.waived.is_none())
        .map(|(i, f)| (i, f.severity))
        .collect();
    if values.is_empty() {
        return;
    }
    let same = |v: &Finding, f: &Finding| -> bool {
        if place(f).is_some() && place(v) == place(f) {
            return true;
        }
        v.rule == MISSING
            && line(v).is_some()
            && line(v) == line(f)
            && missing_field(v).is_some_and(|field| f.target.as_deref().is_some_and(|t| t.ends_with(&field)))
    };
    let mut folded: Vec<(usize, String)> = Vec::new();
    let mut keep = vec![true; findings.len()];
    for (j, f) in findings.iter().enumerate() {
        if is_value(f) || f.waived.is_some() {
            continue;
        }
        let into = values.iter().find(|(i, sev)| {
            (*sev == Severity::Error || f.severity == Severity::Warning) && findings.get(*i).is_some_and(|v| same(v, f))
        });
        if let Some((i, _)) = into {
            folded.push((*i, format!("{}: {}", f.rule, f.message)));
            keep[j] = false;
        }
    }
    for (i, text) in folded {
        if let Some(v) = findings.get_mut(i) {
            let help = v.help.take().unwrap_or_default();
            let sep = if help.is_empty() { "" } else { "; " };
            v.help = Some(format!("{help}{sep}so also {text}"));
        }
    }
    let mut n = 0;
    findings.retain(|_| {
        n += 1;
        keep[n - 1]
    });
}

/// Values that did not fit their field, placeholders and missing fields,
/// as findings at the value (the record was read without it).
fn value_findings(ws: &Workspace, settings: &std::collections::BTreeMap<String, SeveritySetting>) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &ws.value_problems {
        let Some(rule) = crate::findings::catalogue::value_rule_of(p) else {
            continue;
        };
        let Some(severity) = severity(settings.get(rule), false) else {
            continue;
        };
        let (title, clauses) = crate::findings::catalogue::VALUE_RULES
            .iter()
            .find(|r| r.0 == rule)
            .map(|r| (r.1, r.2))
            .unwrap_or_default();
        let target = p.file.as_ref().map(|f| {
            let line = p.span.map_or(1, |s| f.line_col(s.start).line);
            format!("values/{}:{line}", f.name)
        });
        out.push(Finding {
            rule: rule.into(),
            title: title.into(),
            severity,
            message: p.message.clone(),
            file: p.file.clone(),
            span: p.span,
            target,
            clauses: clauses.iter().map(|c| (*c).to_string()).collect(),
            controls: Vec::new(),
            help: p.help.clone(),
            waived: None,
            related: Vec::new(),
        });
    }
    out
}

/// Approval globs that match no file of the ISMS (warnings at the glob),
/// naming the file that differs only in letter case when there is one.
fn globs_governing_nothing(ws: &Workspace) -> Vec<Finding> {
    let config = &ws.config;
    if config.raw.approvals.is_empty() {
        return Vec::new();
    }
    let files: Vec<String> = walkdir::WalkDir::new(&ws.root)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            e.path()
                .strip_prefix(&ws.root)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    let mut out = Vec::new();
    for (i, rule) in config.raw.approvals.iter().enumerate() {
        for (j, glob) in rule.paths.iter().enumerate() {
            let exact = crate::workspace::glob_set(std::slice::from_ref(glob));
            if files.iter().any(|f| exact.is_match(f)) {
                continue;
            }
            let folded = globset::GlobBuilder::new(glob)
                .literal_separator(true)
                .case_insensitive(true)
                .build()
                .map(|g| g.compile_matcher());
            let near = folded
                .ok()
                .and_then(|m| files.iter().find(|f| m.is_match(f.as_str())).cloned());
            let message = match &near {
                Some(f) => format!("approval path `{glob}` matches no file: `{f}` differs from it only in letter case"),
                None => format!("approval path `{glob}` matches no file of the ISMS: it governs nothing"),
            };
            let (title, _, _, fix) = crate::findings::catalogue::APPROVAL_RULES
                .iter()
                .find(|r| r.0 == crate::history::GOVERNS_NOTHING)
                .copied()
                .unwrap_or_default();
            out.push(Finding {
                rule: crate::history::GOVERNS_NOTHING.into(),
                title: title.into(),
                severity: Severity::Warning,
                message,
                file: Some(Arc::clone(&config.file)),
                span: config.span_of(&[
                    PathSeg::Key("approval"),
                    PathSeg::Index(i),
                    PathSeg::Key("paths"),
                    PathSeg::Index(j),
                ]),
                target: Some(format!("config/approval.{i}.paths.{j}")),
                clauses: vec!["7.5.3".into()],
                controls: vec!["A.8.32".into()],
                help: Some(match near {
                    Some(f) => format!("did you mean `{f}`?"),
                    None => fix.into(),
                }),
                waived: None,
                related: Vec::new(),
            });
        }
    }
    out
}

/// Severity settings and waivers must name rules that exist: a typo would
/// otherwise silently switch nothing off, or waive nothing.
fn check_rule_references(config: &Config, rules: &[RuleMeta]) -> Result<(), Problems> {
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    let mut problems = Problems::default();
    let unknown = |id: &str, span| {
        let p = Problem::new("config::unknown-rule", format!("no rule has the id `{id}`")).at(&config.file, span);
        match did_you_mean(id, ids.iter().copied()) {
            Some(s) => p.help(format!("did you mean `{s}`? `isms rules` lists every rule")),
            None => p.help("`isms rules` lists every rule"),
        }
    };
    for id in config.raw.rules.severity.keys() {
        if !ids.contains(&id.as_str()) {
            problems.push(unknown(id, config.severity_key_span(id)));
        }
    }
    for (i, w) in config.raw.waivers.iter().enumerate() {
        if !ids.contains(&w.rule.as_str()) {
            problems.push(unknown(
                &w.rule,
                config
                    .span_of(&[PathSeg::Key("waiver"), PathSeg::Index(i), PathSeg::Key("rule")])
                    .unwrap_or_default(),
            ));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}
