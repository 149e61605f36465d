//! Problems that stop `isms` from judging the repository (exit code 2):
//! a bad `isms.toml`, an unreadable or malformed register, a broken rule.
//! Each carries a stable code, the file and span it is about, and a hint.

use crate::source::{SourceFile, Span};
use miette::{Diagnostic, LabeledSpan, MietteSpanContents, SourceCode, SpanContents};
use std::fmt;
use std::sync::Arc;

/// One problem, located where possible.
#[derive(Debug, Clone)]
pub struct Problem {
    /// A stable code such as `config::unknown-key`.
    pub code: &'static str,
    pub message: String,
    pub file: Option<Arc<SourceFile>>,
    /// The path of the file when there is no text to show (unreadable files).
    pub path: Option<String>,
    pub span: Option<Span>,
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Problem {
            code,
            message: message.into(),
            file: None,
            path: None,
            span: None,
            label: None,
            help: None,
        }
    }

    /// Locates the problem at a span of a file.
    pub fn at(mut self, file: &Arc<SourceFile>, span: Span) -> Self {
        self.path = Some(file.name.clone());
        self.file = Some(Arc::clone(file));
        self.span = Some(span);
        self
    }

    /// Names the file when its text cannot be shown.
    pub fn in_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column` of the problem, as far as it is known.
    pub fn location(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        match (&self.file, self.span) {
            (Some(file), Some(span)) => {
                let lc = file.line_col(span.start);
                Some(format!("{path}:{}:{}", lc.line, lc.column))
            }
            _ => Some(path.clone()),
        }
    }

    /// The JSON form used by `--format json` when the tool cannot run.
    pub fn to_json(&self) -> serde_json::Value {
        let (line, column) = match (&self.file, self.span) {
            (Some(file), Some(span)) => {
                let lc = file.line_col(span.start);
                (Some(lc.line), Some(lc.column))
            }
            _ => (None, None),
        };
        serde_json::json!({
            "code": self.code,
            "message": self.message,
            "file": self.path,
            "line": line,
            "column": column,
            "help": self.help,
        })
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match (&self.help, &self.file, &self.path) {
            (Some(h), _, _) => Some(Box::new(h)),
            // Without source text, still say which file it is.
            (None, None, Some(p)) => Some(Box::new(format!("in {p}"))),
            _ => None,
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.file.as_ref().map(|f| f as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        self.file.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            self.label.clone(),
            span,
        ))))
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self
            .text
            .as_str()
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// All the problems found in one stage; the stage reports every one of them.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

/// One problem is a list of one: `?` turns a `Box<Problem>` into `Problems`.
impl From<Box<Problem>> for Problems {
    fn from(p: Box<Problem>) -> Problems {
        Problems(vec![*p])
    }
}

impl Problems {
    pub fn push(&mut self, p: Problem) {
        self.0.push(p);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Orders problems by file and position, so output reads top to bottom
    /// and is the same on every run.
    pub fn sorted(mut self) -> Self {
        self.0
            .sort_by(|a, b| (&a.path, a.span.map(|s| s.start)).cmp(&(&b.path, b.span.map(|s| s.start))));
        self
    }
}

/// Whether `ISMS_TIMINGS` asks for timings on stderr.
pub fn timings_wanted() -> bool {
    std::env::var_os("ISMS_TIMINGS").is_some()
}

/// Stage timings on stderr when `ISMS_TIMINGS` is set: where a slow run
/// spends its time, without a profiler.
pub struct Stopwatch(Option<std::time::Instant>);

impl Default for Stopwatch {
    fn default() -> Stopwatch {
        Stopwatch::new()
    }
}

impl Stopwatch {
    pub fn new() -> Stopwatch {
        Stopwatch(timings_wanted().then(std::time::Instant::now))
    }

    /// The time since the last lap (or the start), named `stage`.
    pub fn lap(&mut self, stage: &str) {
        if let Some(start) = self.0 {
            timing(stage, start.elapsed());
            self.0 = Some(std::time::Instant::now());
        }
    }
}

/// One timing line on stderr (`ISMS_TIMINGS`): where a slow run spends its
/// time, without a profiler. The one place outside the command line that
/// writes to the terminal.
#[allow(clippy::print_stderr)]
pub fn timing(what: &str, elapsed: std::time::Duration) {
    let ms = elapsed.as_secs_f64() * 1000.0;
    match resident_mib() {
        Some(mib) => eprintln!("isms: {what}: {ms:.1} ms (resident {mib:.0} MiB)"),
        None => eprintln!("isms: {what}: {ms:.1} ms"),
    }
}

/// The memory the process holds now (Linux: `/proc/self/statm`), for the
/// timing lines: on a fresh virtual machine every megabyte first touched
/// costs time too.
fn resident_mib() -> Option<f64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: f64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096.0 / (1024.0 * 1024.0))
}

/// The closest candidate to a misspelled name, for "did you mean" hints.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&name.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Every problem code `isms` uses, with what it means: the stable names a
/// script or a user can rely on (`isms check --format json` reports them).
pub const CODES: &[(&str, &str)] = &[
    (
        "adopt::exists",
        "`isms adopt` would overwrite an existing isms.toml: it never does.",
    ),
    (
        "approve::sign",
        "The approval statement could not be signed with git's signing set-up (ssh-keygen or gpg).",
    ),
    (
        "approve::maker",
        "`isms approve` refused before signing: the approver made the change (authored, committed or signed a commit that produced it); nobody approves their own change.",
    ),
    (
        "approve::not-eligible",
        "`isms approve` refused before signing: the approver holds none of the roles that may approve the branch's changes in the base's isms.toml (or is not active there).",
    ),
    (
        "approve::not-your-key",
        "`isms approve` refused before writing anything: git's signing key is not one the base's isms.toml lists for the approver, so the statement would approve nothing.",
    ),
    (
        "approve::who",
        "git's user.email is not the e-mail of any person in the base's isms.toml.",
    ),
    (
        "args::bad-filter",
        "The `--filter` of `isms test` is not a valid regular expression.",
    ),
    (
        "args::bad-time",
        "A time argument is not RFC 3339 in UTC (`YYYY-MM-DDTHH:MM:SSZ`).",
    ),
    ("config::bad-date", "A date in isms.toml is not YYYY-MM-DD."),
    ("config::bad-glob", "A path glob in isms.toml does not compile."),
    ("config::bad-id", "A role or person id is not a plain identifier."),
    ("config::bad-key", "A public key in isms.toml cannot be read."),
    (
        "config::bad-trust-root",
        "`[history] trust_root` names no commit id (nor `HEAD`).",
    ),
    ("config::bad-value", "A setting has a value it cannot take."),
    (
        "config::courses",
        "`courses` is set on a register that is not a training register: only a training matrix has courses.",
    ),
    ("config::duplicate-id", "Two entries share an id, e-mail or login."),
    (
        "config::emergency-config",
        "`[emergency] rules` names an approval rule that governs isms.toml, a key file or the organisation's own rules: no emergency may stand in for those.",
    ),
    ("config::invalid", "isms.toml does not match its schema."),
    ("config::missing-key", "A required key of isms.toml is missing."),
    (
        "config::not-found",
        "No isms.toml in the folder or any folder above it.",
    ),
    ("config::path-escapes", "A path in isms.toml leaves the repository."),
    (
        "config::path-spelling",
        "A repository path is not in its one normal spelling (`./`, `//`, `..`, a leading `/`…).",
    ),
    ("config::syntax", "isms.toml is not valid TOML."),
    (
        "config::unknown-field",
        "A mapping names a field the register or document does not have.",
    ),
    (
        "config::unknown-format",
        "A register's format is not csv, toml, yaml, json or markdown.",
    ),
    ("config::unknown-key", "A key isms.toml does not know."),
    (
        "config::unknown-level",
        "A risk level named in a setting is not one of the configured levels.",
    ),
    (
        "config::unknown-person",
        "A person or role named in isms.toml does not exist.",
    ),
    (
        "config::unknown-role",
        "A role named in isms.toml is not declared under [roles].",
    ),
    (
        "config::unknown-rule",
        "A severity setting, waiver or `[emergency] rules` names no rule.",
    ),
    (
        "config::unsatisfiable",
        "An approval rule's `min` is more than the active people who hold its roles.",
    ),
    (
        "config::unwaivable",
        "A severity setting or waiver names an approval finding, which cannot be switched off or waived.",
    ),
    ("config::wrong-type", "A setting has the wrong type."),
    ("demo::error", "`isms demo` could not build its repository."),
    ("demo::not-empty", "`isms demo` was given a folder that is not empty."),
    (
        "document::bad-value",
        "A document's metadata value does not fit its field (reported as ISMS-VALUE-001).",
    ),
    (
        "document::missing-field",
        "A document lacks a required field (reported as ISMS-VALUE-003).",
    ),
    (
        "document::placeholder",
        "A document's metadata is a template placeholder (reported as ISMS-VALUE-002).",
    ),
    (
        "document::malformed",
        "A document's front matter cannot be parsed, or the file is not UTF-8 (reported as ISMS-VALUE-004; the rest is checked).",
    ),
    (
        "emergency::not-configured",
        "`isms emergency` refused before signing: the base's isms.toml has no `[emergency]`, so no declaration would let anything through.",
    ),
    (
        "emergency::not-eligible",
        "`isms emergency` refused before signing: the declarer holds none of the `[emergency] declarers` roles in the base's isms.toml (or is not active there).",
    ),
    (
        "emergency::nothing",
        "`isms emergency` refused before signing: nothing on the branch waits for approval under a rule `[emergency] rules` names (the configuration's own files never do).",
    ),
    ("emergency::reason", "`isms emergency` needs its reason, on one line."),
    (
        "emergency::sign",
        "The emergency declaration just signed does not verify as the declarer's key in the base's isms.toml: nothing was written.",
    ),
    (
        "emergency::who",
        "git's user.email is not the e-mail of any person in the base's isms.toml.",
    ),
    (
        "git::bad-config",
        "The isms.toml of a commit in history cannot be read.",
    ),
    ("git::bad-key", "A key file of a commit in history cannot be read."),
    ("git::bad-trust-root", "The trust root is not a commit of this history."),
    ("git::bare", "The repository has no work tree."),
    ("git::config", "git's own configuration cannot be read."),
    ("git::error", "git (libgit2) reported an error."),
    (
        "git::irregular-tree",
        "A commit's tree holds, where it changed, an entry git would not write or check out as it is (a name twice, a mode git does not write, `.`, `..`, `.git` or a name holding `/`, entries out of order): which rule governs it and what `git checkout` writes there cannot be told, so the history is not judged.",
    ),
    (
        "git::no-config",
        "The base commit has no isms.toml to judge the change by.",
    ),
    (
        "git::non-utf8-path",
        "A file or folder name in the ISMS (in a commit's tree, the working tree, or the ISMS's own folder) is not UTF-8: which rule governs it cannot be told, so it is refused, never dropped.",
    ),
    (
        "git::not-a-repository",
        "The ISMS is not inside a git repository, so a range cannot be judged.",
    ),
    ("git::run", "Running the git program failed."),
    (
        "git::shallow",
        "The history is shallow: commits needed to judge it are missing (fetch the full history).",
    ),
    (
        "github::event",
        "The GitHub Actions event cannot be read or is not one isms handles.",
    ),
    (
        "github::reviews-unread",
        "The reviews of a pull request could not be read: a \"changes requested\" review among them would block the change, so no verdict is given.",
    ),
    ("hook::exists", "A git hook that isms did not write is in the way."),
    ("init::exists", "`isms init` would overwrite a file: it never does."),
    (
        "io::escapes",
        "A path leaves the ISMS root (through `..` or a symbolic link).",
    ),
    ("io::not-found", "A file is missing."),
    ("io::not-utf8", "A file is not valid UTF-8."),
    ("io::read", "A file cannot be read."),
    ("io::too-large", "A file is over the size limit (16 MiB)."),
    ("io::unreadable", "A file cannot be read (permissions, not a file)."),
    ("io::unwritable", "A file or folder cannot be written."),
    ("io::write", "A file cannot be written."),
    (
        "register::bad-value",
        "A register cell does not fit its field (reported as ISMS-VALUE-001).",
    ),
    ("register::duplicate-field", "Two columns map onto the same field."),
    (
        "register::missing-field",
        "A record lacks a required field (reported as ISMS-VALUE-003).",
    ),
    (
        "register::placeholder",
        "A register cell is a template placeholder (reported as ISMS-VALUE-002).",
    ),
    (
        "register::shape",
        "A register's records are not where they should be (a list, or a table of the kind's name).",
    ),
    (
        "register::malformed",
        "A register cannot be read whole: a syntax error (CSV, TOML, YAML, JSON), an unterminated quote, a row wider than its header, a missing Markdown table, text that is not UTF-8 (reported as ISMS-VALUE-004; the rest is checked).",
    ),
    (
        "register::unknown-field",
        "A column or key that is not a field of the register (map it with `columns`, or keep it with `extra`).",
    ),
    (
        "register::unknown-column",
        "A course of a training matrix names a column its file does not have.",
    ),
    ("register::unknown-key", "An unexpected top-level key in a register."),
    ("register::wrong-type", "A register value has the wrong type."),
    ("rego::bad-result", "A rule produced a result that is not a finding."),
    ("rego::data", "The tool's vocabulary could not be given to the rules."),
    ("rego::duplicate-id", "Two rules share an id."),
    ("rego::metadata", "A rule's METADATA block is missing or incomplete."),
    (
        "rego::no-folder",
        "The folder of the organisation's own rules does not exist.",
    ),
    ("rego::recursion", "A Rego function calls itself."),
    ("rego::runtime", "A rule failed or ran past the evaluation time limit."),
    ("rego::syntax", "A Rego file does not parse."),
    ("rego::unreadable", "A Rego file cannot be read."),
    ("report::sign", "`isms report --sign` could not sign the pack."),
    ("rules::unknown", "`isms explain` was given an id no rule has."),
    (
        "synth::error",
        "A synthetic repository could not be written (tests and benchmarks).",
    ),
];
