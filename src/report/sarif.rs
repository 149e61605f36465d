//! SARIF 2.1.0 for code-scanning upload (GitHub and others): every rule
//! with its documentation, every finding with its region, waived findings
//! as accepted suppressions, and fingerprints that stay the same across runs
//! as long as the finding is about the same thing.

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
        .map(|f| result(f, outcome.rules.iter().position(|r| r.id == f.rule), prefix))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "isms",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "automationDetails": {"id": "isms/check"},
            "results": results,
        }],
    })
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
/// edited elsewhere. Without a logical place, the file and the message.
pub fn fingerprint(f: &Finding) -> String {
    let place = match (&f.target, &f.file) {
        (Some(t), _) => t.as_str(),
        (None, Some(file)) => file.name.as_str(),
        (None, None) => "",
    };
    let mut h = Sha256::new();
    for part in [f.rule.as_str(), place, f.message.as_str()] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}
