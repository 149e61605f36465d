//! `isms test`: the `test_*` rules of the loaded test files run as `opa
//! test` runs them, and the line coverage of the rule files.

use super::{RuleSet, is_test_file};

/// The outcome of one `test_*` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// `data.`-rooted path of the test rule.
    pub name: String,
    pub file: String,
    pub passed: bool,
    /// An evaluation error, when there was one.
    pub error: Option<String>,
}

/// Line coverage of one rule file after running the tests.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    pub file: String,
    pub covered: usize,
    pub lines: usize,
    /// Lines that can run but did not.
    pub not_covered: Vec<u32>,
}

impl Coverage {
    pub fn percent(&self) -> f64 {
        if self.lines == 0 {
            100.0
        } else {
            self.covered as f64 * 100.0 / self.lines as f64
        }
    }
}

/// Runs every `test_*` rule of the loaded test files, as `opa test` does: a
/// test passes when it evaluates to `true`. regorus leaves a failed test
/// undefined, so test names are read from the source. `filter` keeps the
/// tests whose `data.`-path it matches.
pub fn run_tests(rules: &mut RuleSet, filter: Option<&regex::Regex>) -> Vec<TestResult> {
    let mut results = Vec::new();
    let tests: Vec<(String, String, Vec<String>)> = rules
        .sources
        .iter()
        .filter(|f| is_test_file(&f.name))
        .filter_map(|f| {
            let package = f
                .text
                .lines()
                .find_map(|l| l.trim().strip_prefix("package ").map(|p| p.trim().to_string()))?;
            let mut names: Vec<String> = f
                .text
                .lines()
                .filter_map(|l| {
                    let name: String = l
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    name.starts_with("test_").then_some(name)
                })
                .collect();
            names.dedup();
            Some((f.name.clone(), package, names))
        })
        .collect();
    for (file, package, names) in tests {
        for name in names {
            let path = format!("data.{package}.{name}");
            if filter.is_some_and(|f| !f.is_match(&path)) {
                continue;
            }
            let (passed, error) = match rules.engine.eval_rule(path.clone()) {
                Ok(regorus::Value::Bool(true)) => (true, None),
                Ok(_) => (false, None),
                Err(e) => (false, Some(e.to_string())),
            };
            results.push(TestResult {
                name: path,
                file: file.clone(),
                passed,
                error,
            });
        }
    }
    results
}

impl RuleSet {
    /// Records which lines of the rules run from now on.
    pub fn enable_coverage(&mut self) {
        self.engine.set_enable_coverage(true);
    }

    /// Line coverage of the rule files (test files left out), by file.
    pub fn coverage(&self) -> Vec<Coverage> {
        let Ok(report) = self.engine.get_coverage_report() else {
            return Vec::new();
        };
        let mut out: Vec<Coverage> = report
            .files
            .iter()
            .filter(|f| !is_test_file(&f.path))
            .map(|f| Coverage {
                file: f.path.clone(),
                covered: f.covered.len(),
                lines: f.covered.len() + f.not_covered.len(),
                not_covered: f.not_covered.iter().copied().collect(),
            })
            .collect();
        out.sort_by(|a, b| a.file.cmp(&b.file));
        out
    }
}
