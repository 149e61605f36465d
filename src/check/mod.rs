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

mod approvals;
mod date;
pub mod emergency;
mod gate;
mod mode;
mod native;
use approvals::{approval_findings, approvals, check_keys, second_approver};
pub use date::Date;
pub use gate::Gate;
pub use mode::Mode;
use native::{fold_into_value_findings, globs_governing_nothing, value_findings};

/// The id of the built-in rule that reports expired waivers.
pub use crate::findings::catalogue::WAIVER_EXPIRED;

/// What a check produced.
pub struct Outcome {
    pub workspace: Workspace,
    pub findings: Vec<Finding>,
    pub rules: Vec<RuleMeta>,
    /// The evaluation date.
    pub now: Date,
    /// What git history said about approvals, when they were judged.
    pub history: Option<crate::history::Report>,
}

impl Outcome {
    /// Findings of a severity that count toward the verdict: not waived,
    /// not a to-do of the configuration.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity && f.waived.is_none() && !f.todo)
            .count()
    }

    /// To-dos of the configuration (reported apart; they never fail the
    /// check).
    pub fn todos(&self) -> usize {
        self.findings.iter().filter(|f| f.todo && f.waived.is_none()).count()
    }

    pub fn waived(&self) -> usize {
        self.findings.iter().filter(|f| f.waived.is_some()).count()
    }

    /// Files read: `isms.toml`, the registers and the documents.
    pub fn files(&self) -> usize {
        1 + self.workspace.registers.len() + self.workspace.documents.len()
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
struct VerdictConfig {
    /// `None`: the working copy's.
    config: Option<Config>,
    /// The folder the organisation's own rules are read from (`None`: the
    /// working copy).
    dir: Option<std::path::PathBuf>,
    /// The copy of the commit it was read from, removed when dropped.
    _copy: Option<tempfile::TempDir>,
}

/// `isms check --base BASE [--head HEAD]`: the change judged by the base's
/// configuration, its head's content read from git objects when a head is
/// named (else the working tree's). `isms status` and `isms approve` judge a
/// branch with this very function, so what they say about its approvals is
/// what the check says ([`approval_findings_of`]).
pub fn change(root: &Path, now: &Date, range: Range) -> Result<Outcome, Problems> {
    let head_copy = match &range.head {
        Some(rev) => Some(crate::history::staged::materialize_commit(root, rev)?),
        None => None,
    };
    let checked = head_copy.as_ref().map_or(root, |d| d.path());
    let range = Range {
        // A copy is checked; the repository is still where it was.
        git_root: head_copy.as_ref().map(|_| root.to_path_buf()),
        ..range
    };
    run(checked, now, &range)
}

/// Whether a finding is about approvals (ISMS-APPROVAL-…).
pub fn is_approval_finding(f: &Finding) -> bool {
    crate::findings::catalogue::APPROVAL_RULES.iter().any(|r| r.0 == f.rule)
}

/// The approval findings of a check that count (not waived), as it
/// reports them: what `isms status` shows.
pub fn approval_findings_of(outcome: &Outcome) -> Vec<Finding> {
    outcome
        .findings
        .iter()
        .filter(|f| is_approval_finding(f) && f.waived.is_none())
        .cloned()
        .collect()
}

/// Runs the check of the ISMS at `root` as of `now`.
pub fn run(root: &Path, now: &Date, range: &Range) -> Result<Outcome, Problems> {
    let mut clock = crate::diag::Stopwatch::new();
    // The repository: where the ISMS is, or where the copy checked came from.
    let git_root = range.git_root.as_deref().unwrap_or(root);
    // The history is judged beside the loading of the files (it needs only
    // isms.toml); the settings and the history's report are added to the
    // rules' input once both are done.
    let (ws, (judged, ahead)) = workspace::load_beside(root, |config| {
        let ahead = compile_ahead(config, root, git_root);
        (approvals(config, root, range), ahead)
    })?;
    clock.lap("load (and approvals beside it)");
    check_keys(&ws)?;
    let (mut history, knobs_from) = judged?;
    // Emergency changes: judged by the clock, which history does not read.
    if let Some(report) = history.as_mut() {
        emergency::judge(report, now.as_str());
    }
    let mut input = crate::input::document(&ws, now.as_str());
    clock.lap("input document");
    let verdict = verdict_of(git_root, knobs_from.as_deref())?;
    let knobs = verdict.config.as_ref().unwrap_or(&ws.config);
    let mut rules = verdict_rules(&verdict, (&ws, knobs), git_root, ahead)?;
    clock.lap("compile rules");
    input["settings"] = crate::input::settings(&knobs.raw);
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
    let input = crate::input::for_rules(input, &ws);
    clock.lap("input for the rules");
    let settings = &knobs.raw.rules.severity;
    // A rule turned off is not evaluated at all: it costs nothing and its
    // runtime errors cannot stop the check.
    let raws = rules.evaluate(input, |meta| {
        matches!(settings.get(&meta.id), Some(SeveritySetting::Off))
    })?;
    clock.lap("evaluate");
    let mut findings = rule_findings(&ws, &rules.rules, raws, settings);
    if let Some(report) = &history {
        findings.extend(approval_findings(&ws, report, settings));
    }
    second_approver(&ws, &mut findings);
    findings.extend(globs_governing_nothing(&ws));
    findings.extend(value_findings(&ws, settings));
    apply_waivers(knobs, now.as_str(), &mut findings);
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
        now: now.clone(),
        history,
    })
}

/// The configuration that decides the verdict: the working copy's
/// (`knobs_from` `None`), or that of commit `knobs_from`, read with its
/// Rego files from a copy of the commit.
fn verdict_of(git_root: &Path, knobs_from: Option<&str>) -> Result<VerdictConfig, Problems> {
    let Some(commit) = knobs_from else {
        return Ok(VerdictConfig {
            config: None,
            dir: None,
            _copy: None,
        });
    };
    // The configuration and the Rego files, not the registers.
    let keep = |rel: &str| rel == crate::config::FILE_NAME || rel.ends_with(".rego");
    let copy = crate::history::staged::materialize_commit_only(git_root, commit, &keep)?;
    let config = workspace::load_config(copy.path()).map_err(|mut p| {
        p.0.insert(
            0,
            Problem::new(
                "git::bad-config",
                format!(
                    "isms.toml at commit {} is not valid; it is the configuration the verdict is judged by",
                    crate::history::short_id(commit)
                ),
            ),
        );
        p
    })?;
    // A rules folder with no Rego file in it is still a folder.
    if let Some(custom) = &config.raw.rules.custom {
        let _ = std::fs::create_dir_all(copy.path().join(custom));
    }
    Ok(VerdictConfig {
        config: Some(config),
        dir: Some(copy.path().to_path_buf()),
        _copy: Some(copy),
    })
}

/// The rules of the verdict's configuration, compiled, with its settings
/// (references checked, time limit set). The built-in pack compiled beside
/// the load (`ahead`) serves when it is all the verdict's rules are (no
/// rules of the organisation's own in force); otherwise they are compiled
/// now.
fn verdict_rules(
    verdict: &VerdictConfig,
    (ws, knobs): (&Workspace, &Config),
    git_root: &Path,
    ahead: Option<std::thread::JoinHandle<Option<crate::rego::RuleSet>>>,
) -> Result<crate::rego::RuleSet, Problems> {
    let (rules_dir, custom) = (
        verdict.dir.as_deref().unwrap_or(&ws.root),
        knobs.raw.rules.custom.as_deref(),
    );
    let mut rules = match ahead.map(std::thread::JoinHandle::join) {
        Some(Ok(Some(set))) if set.has_sources_of(rules_dir, custom) => set,
        _ => {
            let mut set = crate::findings::catalogue::load_rules(rules_dir, custom, false)?;
            if let Some(git_dir) = git_dir(git_root) {
                set.keep_programs_in(&git_dir);
            }
            set
        }
    };
    check_rule_references(knobs, &rules.rules)?;
    rules.set_time_limit(std::time::Duration::from_secs(u64::from(
        knobs.raw.rules.time_limit_seconds.max(1),
    )));
    Ok(rules)
}

/// The findings of the rules' raw results, each resolved to its place, its
/// severity by the settings (a rule set to `off` gives none).
fn rule_findings(
    ws: &Workspace,
    metas: &[RuleMeta],
    raws: Vec<crate::rego::Raw>,
    settings: &std::collections::BTreeMap<String, SeveritySetting>,
) -> Vec<Finding> {
    let mut findings = Vec::with_capacity(raws.len());
    for raw in raws {
        let Some(meta) = metas.get(raw.rule) else {
            continue;
        };
        let Some(severity) = severity(settings.get(&meta.id), raw.warn) else {
            continue;
        };
        let (file, span, target) = locate(ws, &raw.object);
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
        let todo = raw.object.get("todo").and_then(Value::as_bool).unwrap_or(false);
        findings.push(Finding {
            rule: meta.id.clone(),
            title: meta.title.clone(),
            // A to-do of the configuration is shown as a warning: it says
            // what isms.toml lacks, not what the ISMS does.
            severity: if todo { Severity::Warning } else { severity },
            message,
            file,
            span,
            target,
            clauses: meta.clauses.clone(),
            controls: meta.controls.clone(),
            help,
            waived: None,
            related: Vec::new(),
            todo,
        });
    }
    findings
}

/// Loads and compiles the built-in pack, for the VM too, on a thread of
/// its own: work that does not depend on the registers, done while they
/// load. Only when the working copy's `isms.toml` names no rules of the
/// organisation's own: a branch's Rego is never parsed unless it is the
/// verdict's. `None` when the working copy names rules of its own; the
/// thread's answer is `None` when anything about it fails (the check then
/// compiles the rules itself and reports what is wrong in its own order).
/// The compiled pack is kept in the git directory of `git_root` (the
/// repository, also when `root` is a copy of its index or of a commit).
fn compile_ahead(
    config: &Config,
    root: &Path,
    git_root: &Path,
) -> Option<std::thread::JoinHandle<Option<crate::rego::RuleSet>>> {
    if config.raw.rules.custom.is_some() {
        return None;
    }
    let (root, git_root) = (root.to_path_buf(), git_root.to_path_buf());
    Some(std::thread::spawn(move || {
        let mut clock = crate::diag::Stopwatch::new();
        let mut set = crate::findings::catalogue::load_rules(&root, None, false).ok()?;
        if let Some(git_dir) = git_dir(&git_root) {
            set.keep_programs_in(&git_dir);
        }
        clock.lap("  (ahead) parse the rules");
        if crate::rego::Evaluator::from_env() == crate::rego::Evaluator::Compiled {
            set.precompile();
            clock.lap("  (ahead) compile the rules for the VM");
        }
        Some(set)
    }))
}

/// The git directory of the repository `root` is in, where compiled rules
/// are kept between runs; `None` outside a repository.
fn git_dir(root: &Path) -> Option<std::path::PathBuf> {
    git2::Repository::discover(root).ok().map(|r| r.path().to_path_buf())
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
