//! `isms explain` and `isms test`: a rule's documentation, and the
//! `test_*` rules of the built-in pack and of the organisation's own.

use super::*;

/// The rules in force where `isms` runs: the built-in pack, plus the
/// organisation's own when inside an ISMS.
pub(super) fn rule_set(path: Option<&std::path::Path>, tests: bool) -> Result<crate::rego::RuleSet, Vec<Problem>> {
    let root = workspace::find_root(path.unwrap_or(std::path::Path::new(".")));
    let custom = match &root {
        Some(r) => workspace::load_config(r).map_err(|p| p.0)?.raw.rules.custom,
        None => None,
    };
    crate::findings::catalogue::load_rules(
        root.as_deref().unwrap_or(std::path::Path::new(".")),
        custom.as_deref(),
        tests,
    )
    .map_err(|p| p.0)
}

pub(super) fn explain(id: &str, style: Style) -> ExitCode {
    // A problem code (`config::unknown-key`) is explained as a rule is.
    if let Some((code, meaning)) = crate::diag::CODES.iter().find(|(c, _)| c.eq_ignore_ascii_case(id)) {
        print(&format!(
            "{code}: a problem that stops the check (exit code 2)\n\n{meaning}\n\nEvery problem is located where it can be; docs/codes.md lists them all.\n"
        ));
        return ExitCode::SUCCESS;
    }
    let rules = match rule_set(None, false) {
        Ok(r) => r.rules,
        Err(problems) => return fail(&problems, Format::Human, style),
    };
    let Some(rule) = rules.iter().find(|r| r.id.eq_ignore_ascii_case(id)) else {
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        let mut p = Problem::new("rules::unknown", format!("no rule has the id `{id}`"));
        p = match crate::diag::did_you_mean(id, ids.iter().copied()) {
            Some(s) => p.help(format!("did you mean `{s}`? `isms rules` lists every rule")),
            None => p.help("`isms rules` lists every rule"),
        };
        return fail(&[p], Format::Human, style);
    };
    let mut out = format!("{}: {}\n\n", rule.id, rule.title);
    if !rule.clauses.is_empty() {
        out.push_str(&format!("Clauses:  {}\n", rule.clauses.join(", ")));
    }
    if !rule.controls.is_empty() {
        out.push_str(&format!("Controls: {}\n", rule.controls.join(", ")));
    }
    let place = if rule.package.is_empty() {
        "built into isms".to_string()
    } else {
        format!(
            "{} ({}{})",
            rule.package,
            rule.file,
            if rule.builtin { ", built in" } else { "" }
        )
    };
    out.push_str(&format!(
        "Rule:     {place}\n\n{}\n\nFix: {}\n",
        rule.description, rule.remediation
    ));
    print(&out);
    ExitCode::SUCCESS
}

/// The arguments of `isms test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// The ISMS folder whose own rules (`rules.custom`) are tested too.
    pub path: Option<PathBuf>,
    /// Run only the tests whose `data.` path matches this regular expression.
    #[arg(long, value_name = "REGEX")]
    pub filter: Option<String>,
    /// Report line coverage of the rule files.
    #[arg(long)]
    pub coverage: bool,
    /// Fail (exit 1) when total line coverage is below this percentage; implies --coverage.
    #[arg(long, value_name = "PERCENT")]
    pub threshold: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

pub(super) fn test(args: TestArgs, style: Style) -> ExitCode {
    let TestArgs {
        path,
        filter,
        coverage,
        threshold,
        format,
    } = args;
    let coverage = coverage || threshold.is_some();
    let filter = filter.as_deref();
    let filter = match filter.map(regex::Regex::new).transpose() {
        Ok(f) => f,
        Err(e) => {
            return fail(
                &[Problem::new(
                    "args::bad-filter",
                    format!("--filter is not a regular expression: {e}"),
                )],
                format.problems(),
                style,
            );
        }
    };
    let mut rules = match rule_set(path.as_deref(), true) {
        Ok(r) => r,
        Err(problems) => return fail(&problems, format.problems(), style),
    };
    if coverage {
        rules.enable_coverage();
    }
    let results = crate::rego::run_tests(&mut rules, filter.as_ref());
    let files = if coverage { rules.coverage() } else { Vec::new() };
    let (covered, lines) = files.iter().fold((0, 0), |(c, l), f| (c + f.covered, l + f.lines));
    let total = if lines == 0 {
        100.0
    } else {
        covered as f64 * 100.0 / lines as f64
    };
    let passed = results.iter().filter(|r| r.passed).count();
    let failed = results.len() - passed;
    match format {
        ListFormat::Json => print(&format!(
            "{:#}\n",
            serde_json::json!({
                "version": 1,
                "passed": passed,
                "failed": failed,
                "tests": results.iter().map(|r| serde_json::json!({"name": r.name, "file": r.file, "passed": r.passed, "error": r.error})).collect::<Vec<_>>(),
                "coverage": coverage.then(|| serde_json::json!({"percent": total, "files": files})),
            })
        )),
        ListFormat::Human => {
            let mut out = String::new();
            for r in &results {
                out.push_str(&format!("{} {}\n", if r.passed { "PASS" } else { "FAIL" }, r.name));
                if !r.passed {
                    out.push_str(&format!(
                        "     in {}: {}\n",
                        r.file,
                        r.error.as_deref().unwrap_or("the test's body was not true")
                    ));
                }
            }
            if coverage {
                out.push_str("\ncoverage:\n");
                for f in &files {
                    out.push_str(&format!(
                        "  {:6.1}%  {} ({} of {} lines)\n",
                        f.percent(),
                        f.file,
                        f.covered,
                        f.lines
                    ));
                }
                out.push_str(&format!("  {total:6.1}%  total\n"));
            }
            out.push_str(&format!("\n{passed} passed, {failed} failed\n"));
            print(&out);
        }
    }
    if results.is_empty() {
        eprintln!(
            "no test_ rules found{}",
            if filter.is_some() { " that match --filter" } else { "" }
        );
    }
    let below = threshold.is_some_and(|t| total < t);
    if below && format == ListFormat::Human {
        eprintln!(
            "coverage {total:.1}% is below the threshold of {:.1}%",
            threshold.unwrap_or_default()
        );
    }
    ExitCode::from(u8::from(failed > 0 || below || results.is_empty()))
}
