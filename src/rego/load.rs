//! Loading a rule set: the files it is made of (the built-in pack and the
//! organisation's own `.rego` files), each compiled into the engine, and a
//! problem pointed at the rule file it is about.

use super::metadata::RuleMeta;
use super::{EVAL_LIMIT, RuleSet, builtin_files, metadata, recursion, timer};
use crate::diag::{Problem, Problems};
use crate::source::{SourceFile, Span, read_in_root};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

impl RuleSet {
    /// Loads the built-in pack and, when given, the `.rego` files below
    /// `custom` (relative to `root`). Test files (`*_test.rego`) are loaded
    /// only with `tests`.
    pub fn load(root: &Path, custom: Option<&str>, tests: bool) -> Result<RuleSet, Problems> {
        let (files, mut problems) = source_files(root, custom, tests);
        let mut engine = regorus::Engine::new();
        engine.set_execution_timer_config(timer(EVAL_LIMIT));
        // The tool's vocabulary (which statuses finish a record), from the
        // table the evidence pack reads too.
        let data = regorus::Value::from(crate::config::kinds::vocabulary());
        if let Err(e) = engine.add_data(data.clone()) {
            problems.push(Problem::new("rego::data", format!("cannot load the vocabulary: {e}")));
        }
        let mut rules: Vec<RuleMeta> = Vec::new();
        for (file, builtin) in &files {
            // Checked before regorus sees it: a recursive function would
            // exhaust the evaluator's stack and abort the process.
            if let Some(cycle) = recursion::find(&file.text) {
                problems.push(
                    Problem::new(
                        "rego::recursion",
                        format!(
                            "function `{}` is recursive ({}): Rego does not allow recursion",
                            cycle.names[0],
                            cycle.names.join(" → ")
                        ),
                    )
                    .at(file, file.line_span(cycle.line))
                    .help("rewrite it without calling itself, e.g. with a comprehension or `walk`"),
                );
                continue;
            }
            if let Err(e) = engine.add_policy(file.name.clone(), file.text.clone()) {
                let sources: Vec<Arc<SourceFile>> = files.iter().map(|(f, _)| Arc::clone(f)).collect();
                problems.push(rego_problem("rego::syntax", &e.to_string(), &sources));
                continue;
            }
            if is_test_file(&file.name) {
                continue;
            }
            match metadata::read(&file.name, &file.text, *builtin) {
                Ok(Some(meta)) => {
                    if let Some(other) = rules.iter().find(|r| r.id == meta.id && r.package != meta.package) {
                        problems.push(
                            Problem::new(
                                "rego::duplicate-id",
                                format!("rule id `{}` is used by {} and {}", meta.id, other.file, meta.file),
                            )
                            .in_path(meta.file.clone())
                            .help("give each rule package its own `custom.id`"),
                        );
                    } else if !rules.iter().any(|r| r.package == meta.package) {
                        rules.push(meta);
                    }
                }
                Ok(None) => {}
                Err((line, message)) => {
                    problems.push(Problem::new("rego::metadata", message).at(file, file.line_span(line)));
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let own_every = files
            .iter()
            .any(|(f, builtin)| !builtin && recursion::uses_every(&f.text));
        Ok(RuleSet {
            own_every,
            engine,
            rules,
            sources: files.into_iter().map(|(f, _)| f).collect(),
            data,
            limit: EVAL_LIMIT,
            compiled: HashMap::new(),
            programs_at: None,
        })
    }

    /// Whether this set was loaded from exactly the files [`RuleSet::load`]
    /// would read from `root` and `custom` now (same names, same text, no
    /// problem reading them): then it is the set that load would compile.
    pub fn has_sources_of(&self, root: &Path, custom: Option<&str>) -> bool {
        let (files, problems) = source_files(root, custom, false);
        problems.is_empty()
            && files.len() == self.sources.len()
            && files
                .iter()
                .zip(&self.sources)
                .all(|((a, _), b)| a.name == b.name && a.text == b.text)
    }
}

pub(super) fn is_test_file(name: &str) -> bool {
    name.ends_with("_test.rego")
}

/// The files a rule set is made of: the built-in pack and, when given, the
/// `.rego` files below `custom` (test files only with `tests`), each marked
/// built-in or not; problems reading them are collected.
pub(super) fn source_files(root: &Path, custom: Option<&str>, tests: bool) -> (Vec<(Arc<SourceFile>, bool)>, Problems) {
    let mut files: Vec<(Arc<SourceFile>, bool)> = builtin_files()
        .iter()
        .filter(|(name, _)| tests || !is_test_file(name))
        .map(|(name, text)| (SourceFile::new(*name, *text), true))
        .collect();
    let mut problems = Problems::default();
    if let Some(folder) = custom {
        match custom_files(root, folder) {
            Ok(names) => {
                for name in names.into_iter().filter(|n| tests || !is_test_file(n)) {
                    match read_in_root(root, &name) {
                        Ok(text) => files.push((SourceFile::new(name, text), false)),
                        Err(e) => problems
                            .push(Problem::new("rego::unreadable", format!("cannot read `{name}`: {e}")).in_path(name)),
                    }
                }
            }
            Err(p) => problems.push(*p),
        }
    }
    (files, problems)
}

/// The `.rego` files below a folder of the repository, sorted.
pub(super) fn custom_files(root: &Path, folder: &str) -> Result<Vec<String>, Box<Problem>> {
    let dir = root.join(folder);
    if !dir.is_dir() {
        return Err(Box::new(
            Problem::new("rego::no-folder", format!("the rules folder `{folder}` does not exist"))
                .in_path(crate::config::FILE_NAME)
                .help("create it, or remove `rules.custom` from isms.toml"),
        ));
    }
    let mut names = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Box::new(Problem::new("io::unreadable", format!("cannot walk `{folder}`: {e}"))))?;
        let is_rego = entry.path().extension().is_some_and(|e| e == "rego");
        if let (true, false, Ok(rel)) = (is_rego, entry.file_type().is_dir(), entry.path().strip_prefix(root)) {
            names.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(names)
}

/// Turns a regorus error (text with `--> file:line:col`) into a located
/// problem.
pub(super) fn rego_problem(code: &'static str, text: &str, files: &[Arc<SourceFile>]) -> Problem {
    // regorus renders `--> file:line:col`, the source line, then `error: …`.
    let message = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .or_else(|| text.lines().map(str::trim).rfind(|l| !l.is_empty()))
        .unwrap_or("rule error")
        .to_string();
    let located = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .and_then(|loc| {
            let mut parts = loc.rsplitn(3, ':');
            let col: usize = parts.next()?.trim().parse().ok()?;
            let line: usize = parts.next()?.trim().parse().ok()?;
            let path = parts.next()?.trim().to_string();
            Some((path, line, col))
        });
    let detail = text.trim().to_string();
    let mut p = Problem::new(code, message);
    if let Some((path, line, col)) = located {
        match files.iter().find(|f| f.name == path) {
            Some(file) => {
                let ls = file.line_span(line);
                let start = (ls.start + col.saturating_sub(1)).min(ls.end);
                p = p.at(file, Span::new(start, ls.end.max(start + 1).min(file.text.len())));
            }
            None => p = p.in_path(format!("{path}:{line}:{col}")),
        }
    } else if !detail.is_empty() {
        p = p.help(detail);
    }
    p
}
