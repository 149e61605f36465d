//! The ISMS repository as loaded: the validated configuration, every
//! document and register with spans, and the index from (register, record
//! id) to its place. Owns finding `isms.toml` and walking the tree.

pub mod annex_a;
pub mod dates;
pub mod document;
pub mod fields;
pub mod links;
pub mod meaning;
pub mod note_body;
pub mod note_head;
pub mod register;
pub mod shared;
pub mod values;
pub mod words;

use crate::config::kinds::RegisterKind;
use crate::config::{self, Config};
use crate::diag::{Problem, Problems};
use crate::source::{ReadError, SourceFile, Span};
use document::Document;
use register::Register;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A loaded ISMS repository.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub config: Config,
    pub documents: Vec<Document>,
    pub registers: Vec<Register>,
    /// (kind, record id) → (register index, record index); first wins.
    pub record_index: HashMap<(RegisterKind, String), (usize, usize)>,
    /// Document id → document index; first wins.
    pub document_index: HashMap<String, usize>,
    /// Values that did not fit their field, placeholders, missing fields:
    /// findings (see [`values`]), not reasons to stop.
    pub value_problems: Vec<crate::diag::Problem>,
}

/// Finds the ISMS root: the nearest folder at or above `start` holding
/// `isms.toml`, as cargo finds `Cargo.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .find(|dir| dir.join(config::FILE_NAME).is_file())
        .map(Path::to_path_buf)
}

/// Reads a file of the repository, turning read errors into a located
/// problem (`code`, and the place in `isms.toml` that named it, if any).
pub fn read(
    root: &Path,
    rel: &str,
    named_at: Option<(&Arc<SourceFile>, crate::source::Span)>,
) -> Result<Arc<SourceFile>, Box<Problem>> {
    read_as(root, rel, named_at, false)
}

/// [`read`], the text taken as Windows-1252 when `windows_1252` says so
/// (a register's `encoding`).
pub fn read_as(
    root: &Path,
    rel: &str,
    named_at: Option<(&Arc<SourceFile>, crate::source::Span)>,
    windows_1252: bool,
) -> Result<Arc<SourceFile>, Box<Problem>> {
    match crate::source::read_in_root_as(root, rel, windows_1252) {
        Ok(text) => Ok(SourceFile::new(rel, text)),
        Err(e) => {
            let code = match e {
                ReadError::NotFound => "io::not-found",
                ReadError::Escapes => "io::escapes",
                ReadError::TooLarge(_) => "io::too-large",
                ReadError::NotUtf8 { .. } | ReadError::NotWindows1252 => "io::not-utf8",
                ReadError::NotAFile | ReadError::Io(_) => "io::unreadable",
            };
            let help = match e {
                ReadError::NotFound => "check the path in isms.toml (paths are relative to the folder of isms.toml)",
                ReadError::Escapes => {
                    "a symlink or path that leads outside the repository is refused: copy the file into the repository"
                }
                ReadError::TooLarge(_) => "split the register into several files",
                ReadError::NotUtf8 { .. } => {
                    "save the file as UTF-8 (spreadsheet exports: choose \"CSV UTF-8\"), or say its encoding in its [[register]] entry (encoding = \"windows-1252\")"
                }
                ReadError::NotWindows1252 => "save the file as UTF-8 and take `encoding` out of its [[register]] entry",
                _ => "check the file's permissions",
            };
            let p = Problem::new(code, format!("cannot read `{rel}`: {e}")).help(help);
            // Text that is not UTF-8 is shown where it stops being text.
            if let ReadError::NotUtf8 { valid_up_to } = e
                && let Ok(bytes) = std::fs::read(root.join(rel))
            {
                let text = String::from_utf8_lossy(bytes.get(..valid_up_to).unwrap_or_default()).into_owned();
                let file = SourceFile::new(rel, text);
                return Err(Box::new(
                    p.at(&file, Span::new(valid_up_to, valid_up_to))
                        .label("not UTF-8 from here"),
                ));
            }
            Err(Box::new(match named_at {
                Some((file, span)) => p.at(file, span).label("named here"),
                None => p.in_path(rel),
            }))
        }
    }
}

/// Loads `isms.toml` from `root`.
pub fn load_config(root: &Path) -> Result<Config, Problems> {
    let file = read(root, config::FILE_NAME, None)?;
    config::parse(file)
}

/// Loads the whole repository: configuration, documents, registers. Every
/// problem of every file is collected before returning.
pub fn load(root: &Path) -> Result<Workspace, Problems> {
    load_beside(root, |_| ()).map(|(ws, ())| ws)
}

/// [`load`], running `beside` with the configuration on a thread of its
/// own while the documents and registers are read (work that needs only
/// `isms.toml`, such as judging approvals from git history, fills the time
/// a core would otherwise wait for the largest register). Its answer comes
/// back with the workspace; when the files fail to load it is dropped.
pub fn load_beside<T: Send>(root: &Path, beside: impl FnOnce(&Config) -> T + Send) -> Result<(Workspace, T), Problems> {
    let config = load_config(root)?;
    let (loaded, answer) = std::thread::scope(|scope| {
        let config = &config;
        let answer = scope.spawn(move || beside(config));
        let loaded = load_files(root, config);
        (loaded, join(answer))
    });
    let (mut documents, registers, value_problems) = loaded?;
    documents.extend(registered_documents(&registers, &documents));
    let mut record_index = HashMap::new();
    for (ri, reg) in registers.iter().enumerate() {
        for (i, rec) in reg.records.iter().enumerate() {
            record_index.entry((reg.kind, rec.id.clone())).or_insert((ri, i));
        }
    }
    let mut document_index = HashMap::new();
    for (i, doc) in documents.iter().enumerate() {
        document_index.entry(doc.id.clone()).or_insert(i);
    }
    let ws = Workspace {
        root: root.to_path_buf(),
        config,
        documents,
        registers,
        record_index,
        document_index,
        value_problems,
    };
    Ok((ws, answer))
}

/// The documents a documents register lists that the repository holds no
/// Markdown file of (a policy kept as a PDF, in a GRC tool): read from the
/// register, located at its cells. A record naming a Markdown document
/// (by its path, id or title) leaves that document as it is.
fn registered_documents(registers: &[Register], documents: &[Document]) -> Vec<Document> {
    let mut out = Vec::new();
    for reg in registers.iter().filter(|r| r.kind == RegisterKind::Documents) {
        let folder = reg.file.name.rsplit_once('/').map_or("", |(f, _)| f);
        for rec in &reg.records {
            let text = |f: &str| rec.get(f).and_then(|v| v.as_string().ok()).map(|s| s.to_string());
            let path = text("path").map(|p| normalise_path(folder, &p));
            let title = text("title").unwrap_or_default().to_lowercase();
            let known = documents.iter().any(|d| {
                path.as_deref() == Some(d.file.name.as_str())
                    || (!rec.id.is_empty() && d.id == rec.id)
                    || (!title.is_empty()
                        && d.values
                            .get("title")
                            .and_then(serde_json::Value::as_str)
                            .map(str::to_lowercase)
                            == Some(title.clone()))
            });
            if known {
                continue;
            }
            out.push(document::from_record(&reg.file, rec));
        }
    }
    out
}

/// A path written in a file of `folder` (`../documents/x.md`), as a path
/// of the repository.
fn normalise_path(folder: &str, path: &str) -> String {
    let mut parts: Vec<&str> = if folder.is_empty() {
        Vec::new()
    } else {
        folder.split('/').collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The documents and registers `config` names, read and parsed, with the
/// problems of values that did not fit their field (the others stop).
type Files = (Vec<Document>, Vec<Register>, Vec<Problem>);

fn load_files(root: &Path, config: &Config) -> Result<Files, Problems> {
    // Files are independent: the documents and the registers are read and
    // parsed by as many workers as the machine has cores, each taking the
    // next file not yet taken, the documents and the largest registers
    // first (a thread per file made a small ISMS pay for a dozen threads).
    let entries = &config.raw.registers;
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| {
        std::cmp::Reverse(std::fs::symlink_metadata(root.join(&entries[i].path)).map_or(0, |m| m.len()))
    });
    let load_register = |i: usize| -> (Vec<Register>, Problems) {
        let started = crate::diag::timings_wanted().then(std::time::Instant::now);
        let entry = &entries[i];
        let mut problems = Problems::default();
        let at = config
            .span_of(&[
                config::PathSeg::Key("register"),
                config::PathSeg::Index(i),
                config::PathSeg::Key("path"),
            ])
            .unwrap_or_default();
        let windows_1252 = entry.encoding == Some(config::Encoding::Windows1252);
        let register = if entry.is_folder() {
            notes(root, entry, config, at, &mut problems)
        } else {
            match read_as(root, &entry.path, Some((&config.file, at)), windows_1252) {
                Ok(file) => vec![register::load(
                    entry,
                    file,
                    &values::Context::new(&config.raw),
                    &mut problems,
                )],
                Err(p) => {
                    problems.push(unreadable_is_malformed(*p, "register::malformed"));
                    Vec::new()
                }
            }
        };
        if let Some(started) = started {
            crate::diag::timing(&format!("  read {}", entry.path), started.elapsed());
        }
        (register, problems)
    };
    let load_documents = || -> (Vec<Document>, Problems) {
        let started = crate::diag::timings_wanted().then(std::time::Instant::now);
        let mut problems = Problems::default();
        let documents = load_documents(root, config, &mut problems);
        if let Some(started) = started {
            crate::diag::timing(&format!("  read {} documents", documents.len()), started.elapsed());
        }
        (documents, problems)
    };
    // Job 0: the documents; job k: the k-th register in `order`.
    let jobs = entries.len() + 1;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done: Vec<(usize, Loaded)> = Vec::new();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if k >= jobs {
                return done;
            }
            done.push(match k.checked_sub(1).and_then(|j| order.get(j)) {
                None => (0, Loaded::Documents(load_documents())),
                Some(&i) => (i + 1, Loaded::Register(load_register(i))),
            });
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, jobs);
    let mut loaded: Vec<(usize, Loaded)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for handle in handles {
            all.extend(join(handle));
        }
        all
    });
    // Back in the order of isms.toml, whatever order they finished in.
    loaded.sort_by_key(|(k, _)| *k);
    let mut documents = (Vec::new(), Problems::default());
    let mut registers: Vec<(Vec<Register>, Problems)> = Vec::with_capacity(entries.len());
    for (_, item) in loaded {
        match item {
            Loaded::Documents(d) => documents = d,
            Loaded::Register(r) => registers.push(r),
        }
    }
    let mut problems = Problems::default();
    let registers: Vec<register::Register> = registers
        .into_iter()
        .flat_map(|(register, p)| {
            problems.0.extend(p.0);
            register
        })
        .collect();
    let (documents, p) = documents;
    problems.0.extend(p.0);
    let (value_problems, stopping): (Vec<_>, Vec<_>) = problems.0.into_iter().partition(values::is_value_problem);
    let problems = Problems(stopping);

    if !problems.is_empty() {
        return Err(problems.sorted());
    }
    Ok((documents, registers, value_problems))
}

/// What one loading job produced.
enum Loaded {
    Documents((Vec<Document>, Problems)),
    Register((Vec<Register>, Problems)),
}

/// The notes of a folder kept as a register (`incidents/`): each Markdown
/// file with front matter one record, each YAML, JSON or TOML file one
/// record (`risks/R-007.yaml`), in the order of their names; a
/// folder that is not there is named where isms.toml names it.
fn notes(
    root: &Path,
    entry: &config::RegisterEntry,
    config: &Config,
    at: crate::source::Span,
    problems: &mut Problems,
) -> Vec<Register> {
    let folder = entry.path.trim_end_matches('/');
    let listing = match crate::source::contained(root, folder).and_then(|dir| std::fs::read_dir(dir).ok()) {
        Some(listing) => listing,
        None => {
            problems.push(
                Problem::new("io::not-found", format!("cannot read the folder `{folder}`"))
                    .at(&config.file, at)
                    .label("named here")
                    .help("check the path in isms.toml (a folder of notes ends in `/`, relative to isms.toml)"),
            );
            return Vec::new();
        }
    };
    // Files and links to files (a link leading outside is refused when
    // read).
    let mut names: Vec<String> = Vec::new();
    for e in listing.filter_map(Result::ok) {
        if !e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()) {
            continue;
        }
        // (A name that is not UTF-8 is refused by the walk of the whole
        // repository, `git::non-utf8-path`: said once, there.)
        let Some(name) = e.file_name().to_str().map(String::from) else {
            continue;
        };
        let data = matches!(
            config::Format::from_path(&name),
            Some(config::Format::Yaml | config::Format::Json | config::Format::Toml)
        );
        if (name.ends_with(".md") || name.ends_with(".markdown") || data) && !name.starts_with(['.', '_']) {
            names.push(name);
        }
    }
    names.sort();
    let ctx = values::Context::new(&config.raw);
    let mut out = Vec::new();
    for name in names {
        let rel = format!("{folder}/{name}");
        match read(root, &rel, Some((&config.file, at))) {
            Ok(file) if name.ends_with(".md") || name.ends_with(".markdown") => {
                out.extend(register::load_note(entry, file, &ctx, problems))
            }
            // A record kept as a data file of its own (`risks/R-007.yaml`).
            Ok(file) => out.extend(register::load_record_file(entry, file, &ctx, problems)),
            Err(p) => problems.push(unreadable_is_malformed(*p, "register::malformed")),
        }
    }
    out
}

/// The result of a scoped thread; a panic there is passed on as is.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The set of repository path globs (`*` stays within one folder, `**`
/// crosses folders), as `[documents]` and `[[approval]]` use them. Invalid
/// globs are left out: they are reported when the configuration is loaded.
pub fn glob_set(globs: &[String]) -> globset::GlobSet {
    let mut set = globset::GlobSetBuilder::new();
    for g in globs {
        if let Ok(glob) = globset::GlobBuilder::new(g).literal_separator(true).build() {
            set.add(glob);
        }
    }
    set.build().unwrap_or_else(|_| globset::GlobSet::empty())
}

fn load_documents(root: &Path, config: &Config, problems: &mut Problems) -> Vec<Document> {
    let build = glob_set;
    let include = build(&config.raw.documents.paths);
    let exclude = build(&config.raw.documents.exclude);
    // A register kept as a Markdown table is a page of the ISMS too (its
    // other tables, its approval, its review); the others are not documents.
    let register_paths: Vec<&str> = config
        .raw
        .registers
        .iter()
        .filter(|r| r.format.or_else(|| config::Format::from_path(&r.path)) != Some(config::Format::Markdown))
        .map(|r| r.path.as_str())
        .collect();

    let mut rels = Vec::new();
    // Every file's path and the ends of it, lower-cased: what a vault's
    // `[[name]]` finds.
    let mut notes: std::collections::HashSet<String> = std::collections::HashSet::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    for entry in walker.filter_entry(|e| e.depth() == 0 || !is_skipped_dir(e)) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(Problem::new(
                    "io::unreadable",
                    format!("cannot walk the repository: {e}"),
                ));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        // (Its path and each end of it: `a/b/c.md`, `b/c.md`, `c.md`.)
        if let Some(name) = rel.to_str() {
            let name = name.replace('\\', "/").to_lowercase();
            let mut rest = name.as_str();
            loop {
                notes.insert(rest.to_string());
                match rest.split_once('/') {
                    Some((_, tail)) => rest = tail,
                    None => break,
                }
            }
        }
        // Never read loosely: a name that is not UTF-8 could stand for
        // another file's, and no glob can be told to match it or not.
        let Some(rel) = rel.to_str() else {
            let shown = crate::source::escaped(rel.as_os_str().as_encoded_bytes());
            problems.push(
                Problem::new(
                    "git::non-utf8-path",
                    format!("`{shown}` is a name that is not UTF-8: no rule can be told to govern it or not"),
                )
                .in_path(shown)
                .help("rename it to a UTF-8 name"),
            );
            continue;
        };
        let rel = rel.replace('\\', "/");
        if !rel.to_ascii_lowercase().ends_with(".md")
            || !include.is_match(&rel)
            || exclude.is_match(&rel)
            || register_paths.contains(&rel.as_str())
            || (!config.raw.documents.templates && meaning::is_template_file(&rel))
        {
            continue;
        }
        rels.push(rel);
    }
    let reading = document::Reading::new(&config.raw.documents).context(values::Context::new(&config.raw));
    let mut docs = Vec::new();
    for rel in rels {
        match read(root, &rel, None) {
            Ok(file) => {
                let mut found = Problems::default();
                let Some(doc) = document::load(file, &reading, &mut found) else {
                    problems.0.extend(found.0);
                    continue;
                };
                // A title that is still a blank (`<Policy Name>`): a
                // template, not a document.
                let blank_title = doc
                    .values
                    .get("title")
                    .and_then(serde_json::Value::as_str)
                    .is_some_and(meaning::has_blank);
                // Unless it says it is in force (`Statut : en vigueur`): a
                // policy published with its blanks, for the check to name.
                let in_force = doc.values.get("status").and_then(serde_json::Value::as_str) == Some("approved");
                if blank_title && !in_force && !config.raw.documents.templates {
                    continue;
                }
                problems.0.extend(found.0);
                docs.push(doc);
            }
            Err(p) => problems.push(unreadable_is_malformed(*p, "document::malformed")),
        }
    }
    unique_derived_ids(&mut docs);
    for d in &mut docs {
        d.broken_links = links::broken(root, &d.file.name, std::mem::take(&mut d.links), &notes);
    }
    docs
}

/// Documents known by their file name where two share one (`index.md` in
/// several folders of a site) are known by their path instead.
fn unique_derived_ids(docs: &mut [Document]) {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for d in docs.iter() {
        *count.entry(d.id.as_str()).or_default() += 1;
    }
    let repeated: std::collections::HashSet<String> = docs
        .iter()
        .filter(|d| d.id_derived && count.get(d.id.as_str()).is_some_and(|n| *n > 1))
        .map(|d| d.id.clone())
        .collect();
    for d in docs.iter_mut().filter(|d| d.id_derived && repeated.contains(&d.id)) {
        let path = d.file.name.as_str();
        let id = path.rsplit_once('.').map_or(path, |(p, _)| p).to_string();
        d.values.insert("id".into(), serde_json::Value::from(id.clone()));
        d.id = id;
    }
}

/// A file that is there but is not text (not UTF-8) is a finding about
/// that file (ISMS-VALUE-004), not a reason to stop: the rest is checked.
fn unreadable_is_malformed(mut p: Problem, code: &'static str) -> Problem {
    if p.code == "io::not-utf8" {
        p.code = code;
    }
    p
}

fn is_skipped_dir(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() && {
        let name = entry.file_name().to_string_lossy();
        name.starts_with('.') || name == "target" || name == "node_modules"
    }
}
