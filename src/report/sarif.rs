//! SARIF 2.1.0 for code-scanning upload (GitHub and others): every rule
//! with its documentation, every open finding with its region, and
//! fingerprints that stay the same across runs as long as the finding is
//! about the same thing (not when its value changes). Waived findings are
//! kept out of `results` — GitHub code scanning ignores SARIF suppressions
//! and would show them as open alerts — and listed with their waiver under
//! the run's `properties.waived`. A check that cannot run is still a valid
//! SARIF log: `executionSuccessful: false`, its problems as notifications,
//! and the built-in rules still described.
//!
//! Every result has a place, as GitHub code scanning requires of a result
//! it ingests (sarif-multitool's `Gh` rules, run in tests/sarif.rs): a
//! finding about the organisation as a whole, or about a register that is
//! not there, is shown at the register it concerns, else at `isms.toml`.

use crate::check::Outcome;
use crate::config::kinds::RegisterKind;
use crate::findings::{Finding, Severity};
use crate::rego::metadata::RuleMeta;
use crate::source::{SourceFile, Span};
use crate::workspace::Workspace;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The SARIF rendering of a check, its paths from the repository's root
/// (where code scanning resolves them): a run with its findings, or a run
/// whose invocation failed with the problems that stopped it.
pub fn render(checked: &super::Checked<'_>, at: &super::At<'_>) -> String {
    let prefix = at.prefix();
    let value = match checked {
        super::Checked::Findings(outcome) => report(outcome, &prefix),
        super::Checked::Problems(list) => problems(list, &prefix),
    };
    format!("{value:#}\n")
}

/// The SARIF document of a check. `prefix` is the ISMS root relative to the
/// repository root (`""` or ending in `/`), so that paths resolve where code
/// scanning looks for them.
fn report(outcome: &Outcome, prefix: &str) -> Value {
    let rules: Vec<Value> = outcome.rules.iter().map(descriptor).collect();
    let results: Vec<Value> = outcome
        .findings
        .iter()
        .filter(|f| f.waived.is_none())
        .map(|f| {
            result(
                f,
                outcome.rules.iter().position(|r| r.id == f.rule),
                prefix,
                &outcome.workspace,
            )
        })
        .collect();
    let waived: Vec<Value> = outcome
        .findings
        .iter()
        .filter(|f| f.waived.is_some())
        .map(|f| {
            result(
                f,
                outcome.rules.iter().position(|r| r.id == f.rule),
                prefix,
                &outcome.workspace,
            )
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver(Some(rules))},
            "automationDetails": {"id": "isms/check"},
            "invocations": [{"executionSuccessful": true}],
            "results": results,
            "properties": {"waived": waived},
        }],
    })
}

/// The SARIF log of a check that could not run: no results, the problems
/// as tool execution notifications, `executionSuccessful: false` (so an
/// upload step has a valid file and says why).
fn problems(problems: &[crate::diag::Problem], prefix: &str) -> Value {
    let notifications: Vec<Value> = problems
        .iter()
        .map(|p| {
            let mut n = json!({
                "level": "error",
                "descriptor": {"id": p.code},
                "message": {"text": match &p.help {
                    Some(h) => format!("{}\n{h}", p.message),
                    None => p.message.clone(),
                }},
            });
            match (&p.file, p.span) {
                (Some(file), Some(span)) => n["locations"] = json!([location(file, span, prefix, None)]),
                (Some(file), None) => n["locations"] = json!([location(file, Span::new(0, 0), prefix, None)]),
                (None, _) => {
                    if let Some(path) = &p.path {
                        n["locations"] = json!([{"physicalLocation": {
                            "artifactLocation": {"uri": format!("{prefix}{path}")},
                            "region": {"startLine": 1},
                        }}]);
                    }
                }
            }
            n
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver(Some(built_in_rules()))},
            "automationDetails": {"id": "isms/check"},
            "invocations": [{
                "executionSuccessful": false,
                "toolExecutionNotifications": notifications,
            }],
            "results": [],
        }],
    })
}

/// The built-in rules (code scanning wants a `rules` array in every log,
/// also one of a check that could not run, and the pack is in the binary).
fn built_in_rules() -> Vec<Value> {
    let set = crate::findings::catalogue::load_rules(std::path::Path::new("."), None, false);
    set.map(|s| s.rules.iter().filter(|r| r.builtin).map(descriptor).collect())
        .unwrap_or_default()
}

/// A rule's reporting descriptor. Code scanning needs a short and a full
/// description and a help text for every rule: an organisation's own rule
/// that documents none of them still gets its id or title there.
fn descriptor(r: &RuleMeta) -> Value {
    let tags: Vec<String> = r
        .clauses
        .iter()
        .chain(&r.controls)
        .map(|c| format!("ISO27001:{c}"))
        .collect();
    let or = |text: &str, other: &str| {
        if text.trim().is_empty() {
            other.to_string()
        } else {
            text.to_string()
        }
    };
    let title = or(&r.title, &r.id);
    let description = or(&r.description, &title);
    let remediation = or(&r.remediation, &description);
    let mut d = json!({
        "id": r.id,
        "shortDescription": {"text": title},
        "fullDescription": {"text": description},
        "help": {
            "text": remediation,
            "markdown": format!("**{title}**\n\n{description}\n\n**Fix:** {remediation}"),
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": tags},
    });
    // SARIF wants a name that differs from the id, or none.
    let name = r.id.replace('-', "");
    if name != r.id {
        d["name"] = json!(name);
    }
    d
}

/// Where this build of isms comes from: the release workflow builds with
/// `ISMS_REPOSITORY_URL` set to its repository's address. A local build
/// does not know where it will be published, and says nothing rather than
/// guess.
const INFORMATION_URI: Option<&str> = option_env!("ISMS_REPOSITORY_URL");

/// The tool's description, with its rules when there are any to describe.
fn driver(rules: Option<Vec<Value>>) -> Value {
    described(rules, INFORMATION_URI.filter(|u| !u.is_empty()))
}

fn described(rules: Option<Vec<Value>>, information_uri: Option<&str>) -> Value {
    let mut driver = json!({
        "name": "isms",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
    });
    if let Some(uri) = information_uri {
        driver["informationUri"] = json!(uri);
    }
    if let Some(rules) = rules {
        driver["rules"] = Value::from(rules);
    }
    driver
}

fn location(file: &SourceFile, span: Span, prefix: &str, message: Option<&str>) -> Value {
    let start = file.line_col(span.start);
    let end = file.line_col(span.end.max(span.start));
    let mut region = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column.max(if end.line == start.line { start.column + 1 } else { 1 }),
    });
    if span.start == span.end {
        region = json!({"startLine": start.line, "startColumn": start.column});
    }
    let mut loc = json!({"physicalLocation": {
        "artifactLocation": {"uri": format!("{prefix}{}", file.name)},
        "region": region,
    }});
    if let Some(m) = message {
        loc["message"] = json!({"text": m});
    }
    loc
}

/// Where a finding with no place of its own is shown: the file it names
/// (its first line), else the register its target names (`audits`), else
/// the line of isms.toml that names the organisation.
fn fallback(f: &Finding, ws: &Workspace) -> (Arc<SourceFile>, Span) {
    if let Some(file) = &f.file {
        return (Arc::clone(file), Span::new(0, 0));
    }
    let first = f.target.as_deref().and_then(|t| t.split('/').next()).unwrap_or("");
    let register = RegisterKind::ALL
        .into_iter()
        .find(|k| k.name() == first || k.item() == first)
        .and_then(|k| ws.registers.iter().find(|r| r.kind == k));
    if let Some(r) = register {
        return (Arc::clone(&r.file), Span::new(0, 0));
    }
    let config = &ws.config;
    let span = config
        .span_of(&[crate::config::PathSeg::Key("organisation")])
        .unwrap_or(Span::new(0, 0));
    (Arc::clone(&config.file), span)
}

fn result(f: &Finding, rule_index: Option<usize>, prefix: &str, ws: &Workspace) -> Value {
    let level = match f.severity {
        // A to-do of the configuration is a note: it never fails the check.
        _ if f.todo => "note",
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut r = json!({
        "ruleId": f.rule,
        "level": level,
        "message": {"text": match &f.help {
            Some(h) => format!("{}\n{}", f.message, h),
            None => f.message.clone(),
        }},
        "partialFingerprints": {"isms/v1": fingerprint(f)},
    });
    if let Some(i) = rule_index {
        r["ruleIndex"] = json!(i);
    }
    r["locations"] = match (&f.file, f.span) {
        (Some(file), Some(span)) => json!([location(file, span, prefix, None)]),
        _ => {
            let (file, span) = fallback(f, ws);
            json!([location(&file, span, prefix, None)])
        }
    };
    if !f.related.is_empty() {
        r["relatedLocations"] = f
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                let mut l = location(&rel.file, rel.span, prefix, Some(&rel.label));
                l["id"] = json!(i);
                l
            })
            .collect();
    }
    if let Some(w) = &f.waived {
        r["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": format!("{} (approved by {}, until {})", w.reason, w.approved_by, w.expires),
        }]);
    }
    r
}

/// Stable across runs: the rule and the logical place the finding is about
/// (`risks/R-007/score`), not line numbers, which move when a file is
/// edited elsewhere, nor the message, which names the value (a score fixed
/// from 21 to 22 is the same alert). Without a logical place, the file and
/// the message.
pub fn fingerprint(f: &Finding) -> String {
    let (place, message) = match (&f.target, &f.file) {
        (Some(t), _) => (t.as_str(), ""),
        (None, Some(file)) => (file.name.as_str(), f.message.as_str()),
        (None, None) => ("", f.message.as_str()),
    };
    let mut h = Sha256::new();
    for part in [f.rule.as_str(), place, message] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex::encode(&h.finalize()[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_release_build_names_where_it_comes_from() {
        let d = described(None, Some("https://github.com/acme/isms"));
        assert_eq!(d["informationUri"], "https://github.com/acme/isms");
        assert!(described(None, None).get("informationUri").is_none());
    }
}
