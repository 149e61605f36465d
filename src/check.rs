//! `isms check` as a plain function: load the workspace, build the input,
//! evaluate the rules, resolve every finding to its place, apply severity
//! settings and waivers. No terminal or process concerns here.

use crate::config::{PathSeg, SeveritySetting};
use crate::diag::{Problem, Problems, did_you_mean};
use crate::findings::{Finding, Severity, Waived, locate, target_matches};
use crate::rego::RuleSet;
use crate::rego::metadata::RuleMeta;
use crate::workspace::{self, Workspace};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// The id of the built-in rule that reports expired waivers.
pub const WAIVER_EXPIRED: &str = "ISMS-WAIVER-001";

/// What a check produced.
pub struct Outcome {
    pub workspace: Workspace,
    pub findings: Vec<Finding>,
    pub rules: Vec<RuleMeta>,
    pub now: String,
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

/// Runs the check of the ISMS at `root` as of `now` (`YYYY-MM-DD`).
pub fn run(root: &Path, now: &str) -> Result<Outcome, Problems> {
    let ws = workspace::load(root)?;
    let mut rules = RuleSet::load(root, ws.config.raw.rules.custom.as_deref(), false)?;
    check_rule_references(&ws, &rules.rules)?;
    let input = crate::input::build(&ws, now);
    let settings = &ws.config.raw.rules.severity;
    // A rule turned off is not evaluated at all: it costs nothing and its
    // runtime errors cannot stop the check.
    let raws = rules.evaluate(input, |meta| {
        matches!(settings.get(&meta.id), Some(SeveritySetting::Off))
    })?;

    let mut findings = Vec::with_capacity(raws.len());
    for raw in raws {
        let Some(meta) = rules.rules.get(raw.rule) else {
            continue;
        };
        let severity = match settings.get(&meta.id) {
            Some(SeveritySetting::Off) => continue,
            Some(SeveritySetting::Error) => Severity::Error,
            Some(SeveritySetting::Warning) => Severity::Warning,
            None if raw.warn => Severity::Warning,
            None => Severity::Error,
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
        });
    }

    apply_waivers(&ws, now, &mut findings);
    findings.sort_by_cached_key(|f| {
        (
            f.file.as_ref().map(|f| f.name.clone()),
            f.span.map(|s| s.start),
            f.rule.clone(),
            f.message.clone(),
        )
    });
    findings.dedup_by(|a, b| a.rule == b.rule && a.message == b.message && a.span == b.span && a.target == b.target);
    Ok(Outcome {
        workspace: ws,
        findings,
        rules: rules.rules,
        now: now.to_string(),
    })
}

/// Severity settings and waivers must name rules that exist: a typo would
/// otherwise silently switch nothing off, or waive nothing.
fn check_rule_references(ws: &Workspace, rules: &[RuleMeta]) -> Result<(), Problems> {
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).chain([WAIVER_EXPIRED]).collect();
    let config = &ws.config;
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
            let span = config
                .tree
                .get("rules")
                .and_then(|r| r.get("severity"))
                .and_then(|s| s.entry(id))
                .map(|(k, _)| k.span)
                .unwrap_or_default();
            problems.push(unknown(id, span));
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

fn apply_waivers(ws: &Workspace, now: &str, findings: &mut Vec<Finding>) {
    let config = &ws.config;
    for finding in findings.iter_mut() {
        let waiver = config.raw.waivers.iter().find(|w| {
            w.rule == finding.rule && w.expires.as_str() >= now && target_matches(&w.target, finding.target.as_deref())
        });
        if let Some(w) = waiver {
            finding.waived = Some(Waived {
                reason: w.reason.clone(),
                approved_by: w.approved_by.clone(),
                expires: w.expires.clone(),
            });
        }
    }
    for (i, w) in config.raw.waivers.iter().enumerate() {
        if w.expires.as_str() < now {
            findings.push(Finding {
                rule: WAIVER_EXPIRED.into(),
                title: "Waiver expired".into(),
                severity: Severity::Error,
                message: format!("the waiver of {} for `{}` expired on {}", w.rule, w.target, w.expires),
                file: Some(Arc::clone(&config.file)),
                span: config.span_of(&[PathSeg::Key("waiver"), PathSeg::Index(i), PathSeg::Key("expires")]),
                target: Some(format!("config/waiver.{i}")),
                clauses: vec!["6.1.3".into(), "10.2".into()],
                controls: Vec::new(),
                help: Some(
                    "fix what the waiver covered and remove it, or have it re-approved with a new expiry date".into(),
                ),
                waived: None,
            });
        }
    }
}
