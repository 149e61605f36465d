//! The findings the tool raises itself beside the rules: values that did
//! not fit their field, approval globs that govern nothing, and one defect
//! one finding (a rule's finding at a value's place folded into it).

use crate::config::{PathSeg, SeveritySetting};
use crate::findings::{Finding, Severity, severity};
use crate::workspace::Workspace;
use std::sync::Arc;

/// One defect, one finding: a rule's finding at exactly the place of a
/// value that was not read (a placeholder, a bad value) is that value's
/// consequence — "no owner" where the owner says `[TBD]` — so it is folded
/// into the value's finding, named in its help. Only into a finding at
/// least as severe: a value rule turned down never carries an error away.
pub(super) fn fold_into_value_findings(findings: &mut Vec<Finding>) {
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
    // Every field a missing-field finding names (`owner`, `title`…).
    let missing_fields = |f: &Finding| -> Vec<String> {
        f.message
            .split('`')
            .skip(1)
            .step_by(2)
            .map(|name| format!("/{name}"))
            .collect()
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
            && missing_fields(v)
                .iter()
                .any(|field| f.target.as_deref().is_some_and(|t| t.ends_with(field.as_str())))
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
pub(super) fn value_findings(
    ws: &Workspace,
    settings: &std::collections::BTreeMap<String, SeveritySetting>,
) -> Vec<Finding> {
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
            todo: false,
        });
    }
    out
}

/// Approval globs that match no file of the ISMS (warnings at the glob),
/// naming the file that differs only in letter case when there is one.
pub(super) fn globs_governing_nothing(ws: &Workspace) -> Vec<Finding> {
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
                todo: false,
            });
        }
    }
    out
}
