//! `[[register]]` and `[documents]`: where the registers and documents are,
//! in which format, and how their columns and front matter map to fields.

use super::validate::Checker;
use super::*;

/// A file format of a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Toml,
    Csv,
    Yaml,
    Json,
    /// A pipe table in a Markdown file (the one under `table`, or its only
    /// table).
    Markdown,
}

impl Format {
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = path.rsplit('.').next()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(Format::Toml),
            "csv" => Some(Format::Csv),
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterEntry {
    /// Which built-in register this is.
    pub kind: RegisterKind,
    /// Path of the file, relative to the ISMS root; a path ending in `/`
    /// is a folder of notes, one record per Markdown file, read from its
    /// front matter (`incidents/`, a note per incident), or per YAML, JSON
    /// or TOML file (`risks/`, a `R-007.yaml` per risk).
    pub path: String,
    /// Format; by default taken from the file extension.
    #[serde(default)]
    pub format: Option<Format>,
    /// Maps the file's own column or key names onto built-in field names,
    /// e.g. `{ "Risk ID" = "id", "Risk Owner" = "owner" }`. A column whose
    /// cells hold two values maps onto both fields, each read from its part
    /// of the cell: `{ "Score" = ["score", "level"] }` reads `12 Medium`,
    /// `{ "Accepted by" = ["accepted_by", "accepted_on"] }` reads
    /// `Head of IT, 2026-07-14`; a list of one field reads its part only:
    /// `{ "Status" = ["status"] }` reads `Closed (verified 3 May)`.
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnFields>,
    /// Further columns to keep (passed to rules under `extra`) instead of
    /// rejecting them as unknown.
    #[serde(default)]
    pub extra: Vec<String>,
    /// The field delimiter of a CSV register: `,` (the default), `;` (as
    /// spreadsheets in many European locales export) or a tab (`"\t"`).
    #[serde(default)]
    pub delimiter: Option<Delimiter>,
    /// The text encoding of the file: UTF-8 (the default), or
    /// `windows-1252`, as spreadsheets in Western Europe save "CSV" when
    /// not asked for "CSV UTF-8".
    #[serde(default)]
    pub encoding: Option<Encoding>,
    /// For a register kept as a Markdown table: the heading the table sits
    /// under (matched ignoring case), when the file holds more than one
    /// table.
    #[serde(default)]
    pub table: Option<String>,
    /// For a YAML, JSON or TOML register: the top-level key holding the
    /// records, when it is not the kind's name (`risks`) or item (`risk`),
    /// as exports from other tools name it (`data`, `items`).
    #[serde(default)]
    pub records: Option<String>,
    /// For a training register kept as a matrix (a row per person, a
    /// group of columns per course): each course and its columns, e.g.
    /// `{ "Security Awareness" = ["Awareness completed", "Awareness
    /// expires"] }`. A row gives one record per course it fills, the
    /// course named by the key; the columns are mapped by `columns` as any
    /// other (`"Awareness completed" = "completed_on"`).
    #[serde(default)]
    pub courses: BTreeMap<String, Vec<String>>,
}

impl RegisterEntry {
    /// A folder of notes (`incidents/`): one record per Markdown file.
    pub fn is_folder(&self) -> bool {
        self.path.ends_with('/')
    }
}

/// The built-in field (or fields) a column maps onto.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ColumnFields {
    One(String),
    Many(Vec<String>),
}

impl ColumnFields {
    /// The fields, the first being the one the whole cell is read into
    /// when there is only one.
    pub fn fields(&self) -> Vec<&str> {
        match self {
            ColumnFields::One(f) => vec![f.as_str()],
            ColumnFields::Many(fs) => fs.iter().map(String::as_str).collect(),
        }
    }
}

impl From<&str> for ColumnFields {
    fn from(f: &str) -> Self {
        ColumnFields::One(f.to_string())
    }
}

/// The text encoding of a register file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum Encoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "windows-1252")]
    Windows1252,
}

/// A CSV field delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum Delimiter {
    #[serde(rename = ",")]
    Comma,
    #[serde(rename = ";")]
    Semicolon,
    #[serde(rename = "\t")]
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    /// Globs of Markdown files to read. A file is an ISMS document when it
    /// starts with front matter (`+++` TOML or `---` YAML).
    #[serde(default = "default_document_paths")]
    pub paths: Vec<String>,
    /// Globs to skip.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Front-matter keys of your documents mapped onto the built-in fields,
    /// as `columns` does for registers: `{ "effective_date" = "approved_on",
    /// "next_review_date" = "next_review" }`. Keys are matched ignoring case,
    /// spaces, `-` and `_`. Keys not mapped and not built in are kept for your
    /// own rules (`front_matter` in the input).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Values for documents that do not state them, by path glob: the first
    /// matching entry that gives a field wins. E.g. everything under
    /// `policies/` is a topic-specific policy owned by the CISO.
    #[serde(default)]
    pub defaults: Vec<DocumentDefaults>,
    /// A document with no `id` takes its file name without `.md`
    /// (`access-control-policy.md` → `access-control-policy`), or its path
    /// where two documents share a file name (`index.md`). This is what
    /// every document without an id does; the key is kept for the files
    /// that set it.
    #[serde(default)]
    pub id_from_file: bool,
    /// Markdown files with neither front matter nor a document-control
    /// table are documents too (a plain Markdown ISMS): titled by their
    /// first heading, their kind read from the title, file name and folder,
    /// their missing document control reported once per document.
    #[serde(default)]
    pub plain: bool,
    /// Read templates and partials as documents too: files named
    /// `…template…`, files whose name starts with `_` (partials a
    /// Docusaurus or MkDocs site does not publish) and documents whose title
    /// is still a blank (`<Policy Name>`). By default they are skipped.
    #[serde(default)]
    pub templates: bool,
}

/// Default field values for the documents under some paths.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentDefaults {
    /// Globs of the documents these values apply to.
    pub paths: Vec<String>,
    /// Built-in field → value, e.g. `{ type = "topic-specific-policy", owner = "ciso" }`.
    pub values: BTreeMap<String, String>,
}

impl Default for Documents {
    fn default() -> Self {
        Documents {
            paths: default_document_paths(),
            exclude: Vec::new(),
            fields: BTreeMap::new(),
            defaults: Vec::new(),
            id_from_file: false,
            plain: false,
            templates: false,
        }
    }
}

fn default_document_paths() -> Vec<String> {
    vec!["**/*.md".to_string()]
}

/// Register paths stay inside the repository and are listed once, column
/// maps name built-in fields; document globs compile and mapped or
/// defaulted document fields exist.
pub(super) fn validate(c: &Checker<'_>, problems: &mut Problems) {
    let (raw, file) = (&c.config.raw, c.file);
    let span = |path: &[PathSeg<'_>]| c.span(path);
    let first_on_line = |path: &[PathSeg<'_>]| c.first_on_line(path);

    // Registers: paths stay inside the repository, formats are known,
    // column maps name built-in fields.
    // A file may hold several registers, each its own table (a risk
    // register and a SoA under two headings of one page); the same table
    // twice is a mistake.
    let mut paths: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for (i, reg) in raw.registers.iter().enumerate() {
        let at = |key: &str| span(&[PathSeg::Key("register"), PathSeg::Index(i), PathSeg::Key(key)]);
        if !is_contained(&reg.path) {
            problems.push(
                Problem::new(
                    "config::path-escapes",
                    format!("register path `{}` leaves the repository", reg.path),
                )
                .at(file, at("path"))
                .help("registers must live inside the ISMS repository; write a path relative to isms.toml"),
            );
        } else if reg.format.is_none() && !reg.is_folder() && Format::from_path(&reg.path).is_none() {
            problems.push(
                Problem::new(
                    "config::unknown-format",
                    format!("cannot tell the format of `{}` from its extension", reg.path),
                )
                .at(file, at("path"))
                .help("use .toml, .csv, .yaml, .yml, .json or .md, or set `format`; a folder of notes ends in `/`"),
            );
        }
        if let Some(first) = paths.insert((&reg.path, reg.table.as_deref()), i) {
            problems.push(
                Problem::new(
                    "config::duplicate-id",
                    match &reg.table {
                        Some(t) => format!("register `{}` table `{t}` is listed twice", reg.path),
                        None => format!("register `{}` is listed twice", reg.path),
                    },
                )
                .at(file, at("path"))
                .help(first_on_line(&[
                    PathSeg::Key("register"),
                    PathSeg::Index(first),
                    PathSeg::Key("path"),
                ])),
            );
        }
        if !reg.courses.is_empty() && reg.kind != RegisterKind::Training {
            problems.push(
                Problem::new(
                    "config::courses",
                    format!(
                        "`courses` is for a training matrix; the {} register has no courses",
                        reg.kind.name()
                    ),
                )
                .at(file, at("courses"))
                .help("remove `courses`, or set `kind = \"training\"` if the file is a training matrix"),
            );
        }
        for (column, field) in reg
            .columns
            .iter()
            .flat_map(|(c, f)| f.fields().into_iter().map(move |f| (c, f)))
        {
            if reg.kind.field(field).is_none() {
                let names: Vec<&str> = reg.kind.fields().iter().map(|f| f.name).collect();
                let c_at = span(&[
                    PathSeg::Key("register"),
                    PathSeg::Index(i),
                    PathSeg::Key("columns"),
                    PathSeg::Key(column),
                ]);
                let mut p = Problem::new(
                    "config::unknown-field",
                    format!("`{field}` is not a field of the {} register", reg.kind.name()),
                )
                .at(file, c_at);
                p = match did_you_mean(field, names.iter().copied()) {
                    Some(s) => p.help(format!("did you mean `{s}`?")),
                    None => p.help(format!("fields: {}", names.join(", "))),
                };
                problems.push(p);
            }
        }
    }

    // Documents: mapped and defaulted fields are built-in document fields.
    let doc_fields: Vec<&str> = crate::config::kinds::DOCUMENT_FIELDS.iter().map(|f| f.name).collect();
    let unknown_doc_field = |field: &str, at: Span| {
        let p = Problem::new(
            "config::unknown-field",
            format!("`{field}` is not a field of documents"),
        )
        .at(file, at);
        match did_you_mean(field, doc_fields.iter().copied()) {
            Some(s) => p.help(format!("did you mean `{s}`?")),
            None => p.help(format!("fields: {}", doc_fields.join(", "))),
        }
    };
    for (key, field) in &raw.documents.fields {
        if !doc_fields.contains(&field.as_str()) {
            let at = span(&[PathSeg::Key("documents"), PathSeg::Key("fields"), PathSeg::Key(key)]);
            problems.push(unknown_doc_field(field, at));
        }
    }
    for (i, d) in raw.documents.defaults.iter().enumerate() {
        for field in d.values.keys() {
            if !doc_fields.contains(&field.as_str()) {
                let at = span(&[
                    PathSeg::Key("documents"),
                    PathSeg::Key("defaults"),
                    PathSeg::Index(i),
                    PathSeg::Key("values"),
                    PathSeg::Key(field),
                ]);
                problems.push(unknown_doc_field(field, at));
            }
        }
        for (j, glob) in d.paths.iter().enumerate() {
            if let Err(e) = globset::Glob::new(glob) {
                let at = span(&[
                    PathSeg::Key("documents"),
                    PathSeg::Key("defaults"),
                    PathSeg::Index(i),
                    PathSeg::Key("paths"),
                    PathSeg::Index(j),
                ]);
                problems.push(
                    Problem::new("config::bad-glob", format!("invalid glob `{glob}`: {}", e.kind())).at(file, at),
                );
            }
        }
    }

    for (i, glob) in raw
        .documents
        .paths
        .iter()
        .chain(raw.documents.exclude.iter())
        .enumerate()
    {
        let (key, index) = if i < raw.documents.paths.len() {
            ("paths", i)
        } else {
            ("exclude", i - raw.documents.paths.len())
        };
        let g_at = span(&[PathSeg::Key("documents"), PathSeg::Key(key), PathSeg::Index(index)]);
        if let Err(e) = globset::Glob::new(glob) {
            problems
                .push(Problem::new("config::bad-glob", format!("invalid glob `{glob}`: {}", e.kind())).at(file, g_at));
        } else if !is_contained(glob.trim_start_matches("**/")) {
            problems.push(
                Problem::new("config::path-escapes", format!("glob `{glob}` leaves the repository")).at(file, g_at),
            );
        }
    }
}
