//! SARIF 2.1.0 for code-scanning upload (GitHub and others): every rule
//! with its documentation, every open finding with its region, and
//! fingerprints that stay the same across runs as long as the finding is
//! about the same thing (not when its value changes). Waived findings are
//! kept out of `results` — GitHub code scanning ignores SARIF suppressions
//! and would show them as open alerts — and listed with their waiver under
//! the run's `properties.waived`. A check that cannot run is still a valid
//! SARIF log: `executionSuccessful: false`, its problems as notifications.

use crate::check::Outcome;
use crate::findings::{Finding, Severity};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The SARIF document of a check. `prefix` is the ISMS root relative to the
/// repository root (`""` or ending in `/`), so that paths resolve where code
/// scanning looks for them.
pub fn report(outcome: &Outcome, prefix: &str) -> Value {
    let rules: Vec<Value> = outcome
        .rules
        .iter()
        .map(|r| {
            let mut tags: Vec<String> = r.clauses.iter().map(|c| format!("ISO27001:{c}")).collect();
            tags.extend(r.controls.iter().map(|c| format!("ISO27001:{c}")));
            json!({
                "id": r.id,
                "name": r.id.replace('-', ""),
                "shortDescription": {"text": r.title},
                "fullDescription": {"text": if r.description.is_empty() { r.title.clone() } else { r.description.clone() }},
                "help": {
                    "text": r.remediation,
                    "markdown": format!("**{}**\n\n{}\n\n**Fix:** {}", r.title, r.description, r.remediation),
                },
                "defaultConfiguration": {"level": "error"},
                "properties": {"tags": tags},
            })
        })
        .collect();
    let results: Vec<Value> = outcome
        .findings
        .iter()
        .filter(|f| f.waived.is_none())
        .map(|f| result(f, outcome.rules.iter().position(|r| r.id == f.rule), prefix))
        .collect();
    let waived: Vec<Value> = outcome
        .findings
        .iter()
        .filter(|f| f.waived.is_some())
        .map(|f| result(f, outcome.rules.iter().position(|r| r.id == f.rule), prefix))
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
pub fn problems(problems: &[crate::diag::Problem], prefix: &str) -> Value {
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
                _ => {
                    if let Some(path) = &p.path {
                        n["locations"] =
                            json!([{"physicalLocation": {"artifactLocation": {"uri": format!("{prefix}{path}")}}}]);
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
            "tool": {"driver": driver(None)},
            "automationDetails": {"id": "isms/check"},
            "invocations": [{
                "executionSuccessful": false,
                "toolExecutionNotifications": notifications,
            }],
            "results": [],
        }],
    })
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

fn location(file: &crate::source::SourceFile, span: crate::source::Span, prefix: &str, message: Option<&str>) -> Value {
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

fn result(f: &Finding, rule_index: Option<usize>, prefix: &str) -> Value {
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
    if let (Some(file), Some(span)) = (&f.file, f.span) {
        r["locations"] = json!([location(file, span, prefix, None)]);
    }
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
