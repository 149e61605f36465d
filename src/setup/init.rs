//! `isms init`: scaffolds a new ISMS repository from the templates in
//! `templates/init/` (embedded in the binary): a commented `isms.toml`, the
//! policy and scope to write, empty registers with their columns, a
//! pre-commit configuration and the GitHub workflow. Never overwrites a file.

use crate::diag::Problem;
use std::path::{Path, PathBuf};

/// The files written, relative to the target folder, and their templates.
const FILES: &[(&str, &str)] = &[
    ("isms.toml", include_str!("../../templates/init/isms.toml")),
    (
        "docs/information-security-policy.md",
        include_str!("../../templates/init/docs/information-security-policy.md"),
    ),
    (
        "docs/isms-scope.md",
        include_str!("../../templates/init/docs/isms-scope.md"),
    ),
    (
        "registers/risks.csv",
        include_str!("../../templates/init/registers/risks.csv"),
    ),
    (
        "registers/assets.csv",
        include_str!("../../templates/init/registers/assets.csv"),
    ),
    (
        "registers/soa.csv",
        include_str!("../../templates/init/registers/soa.csv"),
    ),
    (
        "registers/training.csv",
        include_str!("../../templates/init/registers/training.csv"),
    ),
    (
        "registers/reviews.toml",
        include_str!("../../templates/init/registers/reviews.toml"),
    ),
    (
        "registers/audits.toml",
        include_str!("../../templates/init/registers/audits.toml"),
    ),
    (
        "registers/nonconformities.toml",
        include_str!("../../templates/init/registers/nonconformities.toml"),
    ),
    (
        "registers/incidents.toml",
        include_str!("../../templates/init/registers/incidents.toml"),
    ),
    (
        "registers/changes.toml",
        include_str!("../../templates/init/registers/changes.toml"),
    ),
    (
        "registers/budget.toml",
        include_str!("../../templates/init/registers/budget.toml"),
    ),
    (
        "registers/objectives.toml",
        include_str!("../../templates/init/registers/objectives.toml"),
    ),
    (
        "registers/improvements.toml",
        include_str!("../../templates/init/registers/improvements.toml"),
    ),
    (
        ".pre-commit-config.yaml",
        include_str!("../../templates/init/.pre-commit-config.yaml"),
    ),
    // The same workflow the README shows (and the tests lint).
    (
        ".github/workflows/isms.yml",
        include_str!("../../docs/github-workflow.yml"),
    ),
];

/// Who and what the new ISMS is for.
#[derive(Debug, Clone)]
pub struct Answers {
    pub organisation: String,
    pub person_id: String,
    pub person_name: String,
    pub email: Option<String>,
}

impl Answers {
    /// The organisation from the folder name; the first person from git's
    /// `user.name` and `user.email` when set.
    pub fn guess(dir: &Path) -> Answers {
        let config = git2::Config::open_default().ok();
        let get = |key: &str| {
            config
                .as_ref()
                .and_then(|c| c.get_string(key).ok())
                .filter(|v| !v.trim().is_empty())
        };
        let folder = dir
            .canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Our organisation".into());
        let (person_id, person_name) = match get("user.name") {
            Some(name) => (person_id(&name), name),
            None => ("manager".into(), "Information Security Manager".into()),
        };
        Answers {
            organisation: folder,
            person_id,
            person_name,
            email: get("user.email"),
        }
    }
}

/// A short person id from a name: lower-case letters of the first word.
fn person_id(name: &str) -> String {
    let id: String = name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if id.is_empty() { "owner".into() } else { id }
}

fn toml_string(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Writes the scaffold into `dir` (created if needed) and makes it a git
/// repository when it is not inside one. Returns the files written.
pub fn init(dir: &Path, answers: &Answers) -> Result<Vec<PathBuf>, Box<Problem>> {
    let existing: Vec<&str> = FILES
        .iter()
        .map(|(rel, _)| *rel)
        .filter(|rel| dir.join(rel).exists())
        .collect();
    if !existing.is_empty() {
        return Err(Box::new(
            Problem::new(
                "init::exists",
                format!("{} already has {}", dir.display(), existing.join(", ")),
            )
            .help("isms init never overwrites a file: choose an empty folder, or move these away"),
        ));
    }
    let emails = match &answers.email {
        Some(e) => format!("emails = [\"{}\"]\n", toml_string(e)),
        None => "# emails = [\"the address you commit with\"]\n".into(),
    };
    let mut written = Vec::new();
    for (rel, template) in FILES {
        let text = template
            .replace("{{organisation}}", &toml_string(&answers.organisation))
            .replace("{{person_id}}", &toml_string(&answers.person_id))
            .replace("{{person_name}}", &toml_string(&answers.person_name))
            .replace("{{emails}}", &emails);
        let path = dir.join(rel);
        let io = |e: std::io::Error| {
            Box::new(Problem::new(
                "io::unwritable",
                format!("cannot write {}: {e}", path.display()),
            ))
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&path, text).map_err(io)?;
        written.push(path.clone());
    }
    if git2::Repository::discover(dir).is_err() {
        git2::Repository::init(dir).map_err(|e| {
            Box::new(Problem::new(
                "git::error",
                format!("cannot create a git repository: {}", e.message()),
            ))
        })?;
    }
    Ok(written)
}
