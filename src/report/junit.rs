//! JUnit XML, for CI systems that show test reports: one test case per rule
//! and target. A rule with no finding is one passing case; each finding is a
//! failing case (its type the severity) whose text names the place
//! (`file:line:column`) and the help; a waived finding is a skipped case
//! carrying its waiver. A check that cannot run is still a JUnit report:
//! one failing case per problem, named by its code and place.

use crate::check::Outcome;
use crate::findings::{Finding, Severity};
use std::fmt::Write as _;

/// The JUnit rendering of a check: a test case per rule and target, or
/// one failed test case per problem that stopped it.
pub fn render(checked: &super::Checked<'_>, at: &super::At<'_>) -> String {
    match checked {
        super::Checked::Findings(outcome) => report(outcome),
        super::Checked::Problems(list) => problems(list, at.now.as_str()),
    }
}

/// The JUnit XML report of a check.
fn report(outcome: &Outcome) -> String {
    let mut cases = String::new();
    let (mut failures, mut skipped, mut tests) = (0, 0, 0);
    for rule in &outcome.rules {
        let found: Vec<&Finding> = outcome.findings.iter().filter(|f| f.rule == rule.id).collect();
        if found.is_empty() {
            tests += 1;
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\"/>",
                xml(&rule.id),
                xml(&format!("{}: {}", rule.id, rule.title))
            );
            continue;
        }
        for f in found {
            tests += 1;
            let place = place(f);
            let target = f.target.clone().unwrap_or_else(|| place.clone());
            let mut attrs = format!("classname=\"{}\" name=\"{}\"", xml(&f.rule), xml(&target));
            if let (Some(file), Some(span)) = (&f.file, f.span) {
                let _ = write!(
                    attrs,
                    " file=\"{}\" line=\"{}\"",
                    xml(&file.name),
                    file.line_col(span.start).line
                );
            }
            if let Some(w) = &f.waived {
                skipped += 1;
                let _ = writeln!(
                    cases,
                    "    <testcase {attrs}>\n      <skipped message=\"{}\"/>\n    </testcase>",
                    xml(&format!(
                        "waived: {} (approved by {}, until {})",
                        w.reason, w.approved_by, w.expires
                    ))
                );
                continue;
            }
            if f.todo {
                // A to-do of the configuration never fails the check.
                skipped += 1;
                let _ = writeln!(
                    cases,
                    "    <testcase {attrs}>\n      <skipped message=\"{}\"/>\n    </testcase>",
                    xml(&format!("to do in isms.toml: {}", f.message))
                );
                continue;
            }
            failures += 1;
            let kind = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut text = format!("{place}: {}", f.message);
            if let Some(h) = &f.help {
                let _ = write!(text, "\nhelp: {h}");
            }
            let _ = writeln!(
                cases,
                "    <testcase {attrs}>\n      <failure message=\"{}\" type=\"{kind}\">{}</failure>\n    </testcase>",
                xml(&f.message),
                xml(&text)
            );
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"isms\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n  <testsuite name=\"isms check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" timestamp=\"{}T00:00:00\">\n{cases}  </testsuite>\n</testsuites>\n",
        xml(outcome.now.as_str())
    )
}

/// The JUnit XML report of a check that could not run: each problem a
/// failing case (classname its code, name its place), so a CI test report
/// says why instead of finding an empty file.
fn problems(problems: &[crate::diag::Problem], now: &str) -> String {
    let mut cases = String::new();
    for p in problems {
        let place = match (&p.file, p.span, &p.path) {
            (Some(file), Some(span), _) => {
                let lc = file.line_col(span.start);
                format!("{}:{}:{}", file.name, lc.line, lc.column)
            }
            (Some(file), None, _) => file.name.clone(),
            (None, _, Some(path)) => path.clone(),
            (None, _, None) => "isms".into(),
        };
        let mut attrs = format!("classname=\"{}\" name=\"{}\"", xml(p.code), xml(&place));
        if let (Some(file), Some(span)) = (&p.file, p.span) {
            let _ = write!(
                attrs,
                " file=\"{}\" line=\"{}\"",
                xml(&file.name),
                file.line_col(span.start).line
            );
        }
        let mut text = format!("{place}: {}", p.message);
        if let Some(h) = &p.help {
            let _ = write!(text, "\nhelp: {h}");
        }
        let _ = writeln!(
            cases,
            "    <testcase {attrs}>\n      <failure message=\"{}\" type=\"problem\">{}</failure>\n    </testcase>",
            xml(&p.message),
            xml(&text)
        );
    }
    let n = problems.len();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"isms\" tests=\"{n}\" failures=\"{n}\" errors=\"0\" skipped=\"0\">\n  <testsuite name=\"isms check\" tests=\"{n}\" failures=\"{n}\" errors=\"0\" skipped=\"0\" timestamp=\"{}T00:00:00\">\n{cases}  </testsuite>\n</testsuites>\n",
        xml(now)
    )
}

/// `file:line:column`, or what there is of it.
fn place(f: &Finding) -> String {
    match (&f.file, f.span) {
        (Some(file), Some(span)) => {
            let lc = file.line_col(span.start);
            format!("{}:{}:{}", file.name, lc.line, lc.column)
        }
        (Some(file), None) => file.name.clone(),
        _ => "the ISMS".into(),
    }
}

/// Text escaped for XML 1.0 (characters it cannot hold are dropped).
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_escapes_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            super::xml("a<b & \"c\" 'd'\u{1}>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }
}
