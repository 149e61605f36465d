//! Rule evaluation with regorus: the built-in pack embedded from
//! `policies/`, the organisation's own `.rego` files, metadata per rule
//! package, and the `deny`/`warn` objects each package yields.
//!
//! Rules are answered by regorus's compiled virtual machine (RVM), up to
//! five times faster than its interpreter on large registers, and right
//! where the interpreter is not: regorus 0.14's interpreter empties a
//! `deny` set when one of its entries is undefined (a record whose id could
//! not be read), silently dropping that rule's other findings. The
//! organisation's own rules are run on the interpreter too, whose builtin
//! errors are errors (the VM's compiler folds a failing builtin with
//! constant arguments into "undefined": a broken rule would pass as one
//! that found nothing), and their findings are what either evaluator
//! found. A rule the compiler cannot take is evaluated by
//! the interpreter; one that fails in the VM is reported with the
//! interpreter's located message when the interpreter fails too, and as not
//! evaluated otherwise (never with the interpreter's answer).
//! `ISMS_EVALUATOR=interpreter` evaluates everything with the interpreter
//! (the differential tests compare both).

mod load;
pub mod metadata;
mod program_cache;
pub mod reads;
pub mod recursion;
mod result_cache;
mod testing;

pub use testing::{Coverage, TestResult, run_tests};

use load::*;

use crate::diag::{Problem, Problems};
use crate::source::SourceFile;
use metadata::RuleMeta;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/policies.rs"));
}

/// The built-in policy files, test files included.
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    embedded::POLICIES
}

/// How long one evaluation may run before it is stopped (a looping or
/// exploding rule must not hang the gate).
pub const EVAL_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Work units between two reads of the clock for [`EVAL_LIMIT`].
const CHECK_INTERVAL: std::num::NonZeroU32 = match std::num::NonZeroU32::new(1_000) {
    Some(n) => n,
    None => std::num::NonZeroU32::MIN,
};

/// The evaluation timer: stop after `limit`, reading the clock once per
/// [`CHECK_INTERVAL`] work units (often enough to stop within milliseconds,
/// rare enough not to cost: one read per unit was 8% of a large check).
fn timer(limit: std::time::Duration) -> regorus::utils::limits::ExecutionTimerConfig {
    regorus::utils::limits::ExecutionTimerConfig {
        limit,
        check_interval: CHECK_INTERVAL,
    }
}

/// A compiled rule set.
pub struct RuleSet {
    engine: regorus::Engine,
    pub rules: Vec<RuleMeta>,
    sources: Vec<Arc<SourceFile>>,
    /// The data document the rules read (`data.isms.vocabulary`).
    data: regorus::Value,
    /// How long one evaluation may run.
    limit: std::time::Duration,
    /// Entry point → its VM program, compiled ahead ([`RuleSet::precompile`]).
    compiled: HashMap<String, Option<Arc<regorus::rvm::program::Program>>>,
    /// Whether the organisation's own Rego uses `every`: regorus 0.14's
    /// VM reads `x[v]` in the body of `every v in …` as a new iteration over
    /// `x` (one element that fits makes the `every` hold), so their rules
    /// are answered by the interpreter alone.
    own_every: bool,
    /// Where compiled programs are kept between runs
    /// ([`RuleSet::keep_programs_in`]); `None`: compiled every time.
    programs_at: Option<std::path::PathBuf>,
}

/// Which evaluator runs the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evaluator {
    /// regorus's compiled VM, the interpreter where it cannot (the default).
    Compiled,
    /// The interpreter only (`ISMS_EVALUATOR=interpreter`).
    Interpreter,
}

impl Evaluator {
    /// The evaluator `ISMS_EVALUATOR` asks for (default: compiled).
    pub fn from_env() -> Evaluator {
        match std::env::var("ISMS_EVALUATOR").as_deref() {
            Ok("interpreter") => Evaluator::Interpreter,
            _ => Evaluator::Compiled,
        }
    }
}

/// A `deny` or `warn` entry as the rule produced it.
#[derive(Debug, Clone)]
pub struct Raw {
    pub rule: usize,
    pub warn: bool,
    pub object: Map<String, Value>,
}

impl RuleSet {
    /// The `deny` and `warn` entry points of the rules not skipped: (rule
    /// index, entry name, whether it warns), and the full Rego path of each.
    fn entry_points(&self, skip: impl Fn(&RuleMeta) -> bool) -> (Vec<(usize, &'static str, bool)>, Vec<String>) {
        let jobs: Vec<(usize, &'static str, bool)> = self
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| !skip(r))
            .flat_map(|(i, rule)| {
                [("deny", false), ("warn", true)]
                    .into_iter()
                    .filter(move |(_, warn)| rule.defines[usize::from(*warn)])
                    .map(move |(name, warn)| (i, name, warn))
            })
            .collect();
        let entries = jobs
            .iter()
            .map(|(i, name, _)| format!("{}.{name}", self.rules[*i].package))
            .collect();
        (jobs, entries)
    }

    /// Compiles every rule's entry points for the VM ahead of
    /// [`RuleSet::evaluate`] (e.g. on a thread beside the loading of the
    /// workspace); evaluation then takes the programs from here.
    pub fn precompile(&mut self) {
        let (_, entries) = self.entry_points(|_| false);
        let programs = self.compile(&entries);
        self.compiled = entries.into_iter().zip(programs).collect();
    }

    /// Evaluates every rule package's `deny` and `warn` over the input.
    ///
    /// Rule packages are independent, so they are shared out over the
    /// machine's cores: each worker evaluates the next package not yet
    /// taken on its own copy of the compiled engine, over the same input
    /// (regorus values are shared, not copied). The results come back in
    /// rule order, whatever order the workers finished in.
    pub fn evaluate(&mut self, input: regorus::Value, skip: impl Fn(&RuleMeta) -> bool) -> Result<Vec<Raw>, Problems> {
        self.evaluate_with(Evaluator::from_env(), input, skip)
    }

    /// [`RuleSet::evaluate`] with the evaluator named.
    pub fn evaluate_with(
        &mut self,
        evaluator: Evaluator,
        input: regorus::Value,
        skip: impl Fn(&RuleMeta) -> bool,
    ) -> Result<Vec<Raw>, Problems> {
        let (jobs, entries) = self.entry_points(skip);
        let compiling = crate::diag::timings_wanted().then(std::time::Instant::now);
        let programs = match evaluator {
            Evaluator::Compiled if entries.iter().all(|e| self.compiled.contains_key(e)) => entries
                .iter()
                .map(|e| self.compiled.get(e).cloned().flatten())
                .collect(),
            Evaluator::Compiled => self.compile(&entries),
            Evaluator::Interpreter => vec![None; entries.len()],
        };
        if let Some(started) = compiling {
            crate::diag::timing("  compile for the VM", started.elapsed());
        }
        // Answers kept by an earlier run for exactly these rules over
        // exactly the parts of the input they read (`result_cache`).
        let (mut cache, keys, cached) = self.answers_kept(evaluator, &jobs, &entries, &input);
        let workers = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(jobs.len() - cached.iter().filter(|c| c.is_some()).count())
            .max(1);
        let next = std::sync::atomic::AtomicUsize::new(0);
        let rules = &self.rules;
        let (data, limit) = (&self.data, self.limit);
        let self_own_every = self.own_every;
        let timings = crate::diag::timings_wanted();
        let work = |engine: &mut regorus::Engine| {
            engine.set_input(input.clone());
            let mut vm = regorus::rvm::vm::RegoVM::new();
            vm.set_max_instructions(usize::MAX);
            // A builtin's error is an error, as in the interpreter: a broken
            // rule must not pass as one that found nothing.
            vm.set_strict_builtin_errors(true);
            vm.set_execution_timer_config(Some(timer(limit)));
            let mut loaded: Option<&Arc<regorus::rvm::program::Program>> = None;
            let mut done = Vec::new();
            loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&(i, name, _)) = jobs.get(k) else {
                    break;
                };
                if cached[k].is_some() {
                    continue;
                }
                let started = timings.then(std::time::Instant::now);
                let mut result = None;
                let vm_trusted = rules[i].builtin || !self_own_every;
                if let Some(program) = programs[k].as_ref().filter(|_| vm_trusted) {
                    if !loaded.is_some_and(|l| Arc::ptr_eq(l, program)) {
                        vm.load_program(Arc::clone(program));
                        vm.set_input(input.clone());
                        loaded = vm.set_data(data.clone()).is_ok().then_some(program);
                    }
                    if loaded.is_some() {
                        // The organisation's own rules run on the interpreter
                        // first, whose builtin errors are errors (the VM's
                        // compiler folds a failing builtin with constant
                        // arguments into "undefined": a broken rule would pass
                        // as one that found nothing); the answer is both's:
                        // what the VM found and what the interpreter found.
                        let checked = if rules[i].builtin {
                            Ok(None)
                        } else {
                            engine
                                .eval_rule(entries[k].clone())
                                .map(Some)
                                .map_err(|e| e.to_string())
                        };
                        result = Some(checked.and_then(
                            |interpreted| match vm.execute_entry_point_by_name(&entries[k]) {
                                // Both answered: every finding either found
                                // counts (a disagreement must not hide one).
                                Ok(value) => Ok(match interpreted {
                                    Some(other) => union(value, other),
                                    None => value,
                                }),
                                // Stopped by the clock: the interpreter would only
                                // run out of time again.
                                Err(regorus::rvm::vm::VmError::TimeLimitExceeded { limit, .. }) => Err(format!(
                                    "{} ran longer than the time limit of {} s and was stopped",
                                    entries[k],
                                    limit.as_secs()
                                )),
                                // Any other failure: the interpreter's located
                                // message when it fails too. Its answer is not
                                // taken where the VM failed (it drops a rule's
                                // findings when one of them is undefined): the
                                // rule is named as not evaluated.
                                Err(vm_error) => match engine.eval_rule(entries[k].clone()) {
                                    Err(e) => Err(e.to_string()),
                                    Ok(_) => Err(format!(
                                        "{} could not be evaluated by the compiled evaluator: {vm_error} \
                                     (ISMS_EVALUATOR=interpreter evaluates it with the interpreter)",
                                        entries[k]
                                    )),
                                },
                            },
                        ));
                    }
                }
                let result = result.unwrap_or_else(|| engine.eval_rule(entries[k].clone()).map_err(|e| e.to_string()));
                if let Some(started) = started {
                    crate::diag::timing(&format!("  {} {name}", rules[i].id), started.elapsed());
                }
                let failed = result.is_err();
                done.push((k, result));
                if failed {
                    // Stop taking work; the first error in rule order wins.
                    next.store(jobs.len(), std::sync::atomic::Ordering::Relaxed);
                    break;
                }
            }
            done
        };
        let mut results = if workers == 1 {
            work(&mut self.engine)
        } else {
            let engines: Vec<regorus::Engine> = (1..workers).map(|_| self.engine.clone()).collect();
            let own = &mut self.engine;
            std::thread::scope(|scope| {
                let handles: Vec<_> = engines
                    .into_iter()
                    .map(|mut engine| scope.spawn(move || work(&mut engine)))
                    .collect();
                let mut all = work(own);
                for handle in handles {
                    // A worker panicking is a bug in regorus: pass it on.
                    match handle.join() {
                        Ok(done) => all.extend(done),
                        Err(panic) => std::panic::resume_unwind(panic),
                    }
                }
                all
            })
        };
        results.sort_by_key(|(k, _)| *k);
        let mut results = results.into_iter().peekable();
        let mut out = Vec::new();
        for (k, cached) in cached.into_iter().enumerate() {
            let (i, name, warn) = jobs[k];
            let rule = &self.rules[i];
            let answer = match cached {
                Some(answer) => Ok(answer),
                None => match results.next_if(|(done, _)| *done == k) {
                    Some((_, result)) => self.answer(result, k, &jobs)?,
                    // Not evaluated: an earlier job failed (and was reported).
                    None => continue,
                },
            };
            if let (Some(cache), Some(Some(key)), Ok(answer)) = (cache.as_mut(), keys.get(k), &answer) {
                cache.keep(*key, answer);
            }
            let entries = match answer {
                Ok(Value::Array(items)) => items,
                Ok(Value::Null) | Ok(Value::String(_)) => Vec::new(),
                Ok(other) => {
                    return Err(Problems(vec![
                        Problem::new(
                            "rego::bad-result",
                            format!("{}.{name} must be a set of objects, found {other}", rule.package),
                        )
                        .in_path(rule.file.clone()),
                    ]));
                }
                Err(e) => {
                    return Err(Problems(vec![
                        Problem::new("rego::bad-result", e.to_string()).in_path(rule.file.clone()),
                    ]));
                }
            };
            for entry in entries {
                let object = match entry {
                    Value::Object(o) => o,
                    Value::String(msg) => {
                        let mut o = Map::new();
                        o.insert("msg".into(), Value::String(msg));
                        o
                    }
                    other => {
                        return Err(Problems(vec![
                            Problem::new(
                                "rego::bad-result",
                                format!("{}.{name} yielded {other}, expected an object with `msg`", rule.package),
                            )
                            .in_path(rule.file.clone()),
                        ]));
                    }
                };
                out.push(Raw { rule: i, warn, object });
            }
        }
        if let Some(cache) = cache {
            cache.write();
        }
        Ok(out)
    }

    /// One evaluated answer as JSON (an error when the rule failed; the
    /// inner error when its answer has no JSON form).
    fn answer(
        &self,
        result: Result<regorus::Value, String>,
        k: usize,
        jobs: &[(usize, &'static str, bool)],
    ) -> Result<Result<Value, String>, Problems> {
        let (i, name, _) = jobs[k];
        let rule = &self.rules[i];
        let value = result.map_err(|e| {
            let mut p = rego_problem("rego::runtime", &e.to_string(), &self.sources);
            if p.location().is_none() {
                // regorus gave no position: at least name the rule that failed.
                p = p
                    .in_path(rule.file.clone())
                    .help(format!("in {}, while evaluating {}.{name}", rule.file, rule.package));
            }
            Problems(vec![p])
        })?;
        Ok(serde_json::to_value(&value).map_err(|e| e.to_string()))
    }

    /// The result cache of this evaluation, when rules are kept between
    /// runs; the key of each job's answer (`None`: not cached); and the
    /// answers kept for them.
    #[allow(clippy::type_complexity)]
    fn answers_kept(
        &self,
        evaluator: Evaluator,
        jobs: &[(usize, &'static str, bool)],
        entries: &[String],
        input: &regorus::Value,
    ) -> (
        Option<result_cache::ResultCache>,
        Vec<Option<[u8; 32]>>,
        Vec<Option<Value>>,
    ) {
        let (Some(mut cache), Some(build)) = (
            self.programs_at.as_deref().and_then(result_cache::ResultCache::open),
            program_cache::build(),
        ) else {
            return (None, vec![None; jobs.len()], vec![None; jobs.len()]);
        };
        let started = crate::diag::timings_wanted().then(std::time::Instant::now);
        let packages: Vec<String> = self.rules.iter().map(|r| r.package.clone()).collect();
        let reads = reads::reads(self.sources.iter().map(|f| f.text.as_str()), &packages);
        let what = format!("{evaluator:?} limit {} ms build {build}", self.limit.as_millis());
        let mut keys = result_cache::Keys::new(
            &what,
            self.sources.iter().map(|f| (f.name.as_str(), f.text.as_str())),
            &self.data,
            input,
        );
        let keys: Vec<Option<[u8; 32]>> = jobs
            .iter()
            .zip(entries)
            .map(|(&(i, _, _), entry)| keys.key(entry, &reads[i]))
            .collect();
        let cached: Vec<Option<Value>> = keys.iter().map(|k| k.as_ref().and_then(|k| cache.get(k))).collect();
        if let Some(started) = started {
            let hits = cached.iter().filter(|c| c.is_some()).count();
            crate::diag::timing(
                &format!("  answers kept ({hits} of {} entry points)", jobs.len()),
                started.elapsed(),
            );
        }
        (Some(cache), keys, cached)
    }

    /// Stops any one rule evaluation after `limit` (default [`EVAL_LIMIT`]).
    pub fn set_time_limit(&mut self, limit: std::time::Duration) {
        self.limit = limit;
        self.engine.set_execution_timer_config(timer(limit));
    }

    /// Compiles the rule entry points (`data.<package>.deny`/`warn`) for
    /// the VM: one program for all of them, or, when the compiler cannot
    /// take one of them, one program for each it can. `None` where an entry
    /// is left to the interpreter.
    fn compile(&mut self, entries: &[String]) -> Vec<Option<Arc<regorus::rvm::program::Program>>> {
        use regorus::languages::rego::compiler::Compiler;
        let none = vec![None; entries.len()];
        let Some(first) = entries.first() else {
            return none;
        };
        // A program kept by an earlier run from these very sources and
        // entry points is the program compiling them gives.
        let kept = self
            .programs_at
            .as_deref()
            .and_then(program_cache::file)
            .and_then(|file| {
                let key = program_cache::key(entries, self.sources.iter().map(|f| (f.name.as_str(), f.text.as_str())))?;
                Some((file, key))
            });
        if let Some((file, key)) = &kept
            && let Some(program) = program_cache::read(file, key)
        {
            return vec![Some(program); entries.len()];
        }
        let Ok(policy) = self.engine.compile_with_entrypoint(&regorus::Rc::from(first.as_str())) else {
            return none;
        };
        let all: Vec<&str> = entries.iter().map(String::as_str).collect();
        if let Ok(program) = Compiler::compile_from_policy(&policy, &all) {
            if let Some((file, key)) = &kept {
                program_cache::write(file, key, &program);
            }
            return vec![Some(program); entries.len()];
        }
        entries
            .iter()
            .map(|e| Compiler::compile_from_policy(&policy, &[e.as_str()]).ok())
            .collect()
    }

    /// Keeps the programs compiled for the VM in the repository whose git
    /// directory is `git_dir`, and takes them from there when the same
    /// rules are compiled again (`.git/isms/rules`, see `program_cache`).
    pub fn keep_programs_in(&mut self, git_dir: &Path) {
        self.programs_at = Some(git_dir.to_path_buf());
    }

    pub fn engine_mut(&mut self) -> &mut regorus::Engine {
        &mut self.engine
    }
}

/// What two evaluators answered for the same `deny` or `warn`, together:
/// the union of two sets, an array with the other's entries it lacks
/// appended, one answer when the other is undefined, else the first.
fn union(first: regorus::Value, second: regorus::Value) -> regorus::Value {
    match (first, second) {
        (regorus::Value::Undefined, other) | (other, regorus::Value::Undefined) => other,
        (mut a @ regorus::Value::Set(_), regorus::Value::Set(b)) => {
            if let Ok(set) = a.as_set_mut() {
                for v in b.iter() {
                    set.insert(v.clone());
                }
            }
            a
        }
        (mut a @ regorus::Value::Array(_), regorus::Value::Array(b)) => {
            if let Ok(items) = a.as_array_mut() {
                for v in b.iter() {
                    if !items.contains(v) {
                        items.push(v.clone());
                    }
                }
            }
            a
        }
        (first, _) => first,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn two_answers_together_lose_no_finding() {
        let v = |s: &str| regorus::Value::from_json_str(s).unwrap();
        let set = |items: &[&str]| {
            let mut set = regorus::Value::new_set();
            for i in items {
                set.as_set_mut().unwrap().insert(v(i));
            }
            set
        };
        let (a, b, c) = (r#"{"msg":"a"}"#, r#"{"msg":"b"}"#, r#"{"msg":"c"}"#);
        assert_eq!(union(set(&[a, b]), set(&[b, c])), set(&[a, b, c]));
        assert_eq!(union(set(&[a]), regorus::Value::Undefined), set(&[a]));
        assert_eq!(union(regorus::Value::Undefined, set(&[c])), set(&[c]));
        let arrays = union(v(&format!("[{a},{b}]")), v(&format!("[{b},{c}]")));
        assert_eq!(arrays, v(&format!("[{a},{b},{c}]")));
        // Shapes that cannot be joined: the first answer.
        assert_eq!(union(set(&[a]), v("[]")), set(&[a]));
    }

    use super::*;

    #[test]
    fn builtin_pack_unit_tests_pass() {
        let mut rules = RuleSet::load(Path::new("."), None, true).unwrap_or_else(|p| panic!("{:?}", p.0));
        let results = run_tests(&mut rules, None);
        assert!(results.len() >= 20, "only {} tests found", results.len());
        let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
        assert!(failed.is_empty(), "failed: {failed:#?}");
    }

    #[test]
    fn builtin_rules_have_ids_and_metadata() {
        let rules = RuleSet::load(Path::new("."), None, false).unwrap_or_else(|p| panic!("{:?}", p.0));
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        for id in [
            "ISMS-POL-001",
            "ISMS-POL-002",
            "ISMS-POL-003",
            "ISMS-RISK-001",
            "ISMS-RISK-002",
        ] {
            assert!(ids.contains(&id), "{id} missing from {ids:?}");
        }
        for r in &rules.rules {
            assert!(
                !r.description.is_empty() && !r.remediation.is_empty() && !r.clauses.is_empty(),
                "{} lacks metadata",
                r.id
            );
        }
    }
}
