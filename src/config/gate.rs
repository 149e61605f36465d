//! The settings of `isms.toml` that the gate itself rests on, validated so
//! that no spelling can quietly open it: approval findings that cannot be
//! switched off or waived, repository paths in their one normal spelling
//! (a path that could govern nothing is refused), and a trust root that
//! names a commit.

use super::{Config, PathSeg};
use crate::diag::{Problem, Problems};
use crate::source::Span;
use std::sync::Arc;

pub use super::approvals::UNWAIVABLE;

/// Whether a `keys` entry is a key itself rather than the path of a file.
pub fn looks_inline_key(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("ssh-")
        || t.starts_with("ecdsa-")
        || t.starts_with("sk-")
        || t.starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----")
}

/// The normal spelling of a repository path or glob when `path` is not in
/// it: no `./` or `.` segment, no `//`, no `..` that can be resolved, no
/// leading or trailing `/`, no surrounding spaces. `None` when it is
/// normal. A trailing `/` (a folder) is suggested as `folder/**`.
pub fn normal_spelling(path: &str) -> Option<String> {
    let trimmed = path.trim();
    let mut out: Vec<&str> = Vec::new();
    for seg in trimmed.split('/') {
        match seg {
            "" | "." => {}
            ".." if out.last().is_some_and(|l| *l != "..") => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let mut normal = out.join("/");
    if trimmed.ends_with('/') && !normal.is_empty() {
        normal.push_str("/**");
    }
    (normal != path).then_some(normal)
}

/// Checks the settings the gate rests on; every problem is collected.
pub(super) fn validate(config: &Config, problems: &mut Problems) {
    let file = Arc::clone(&config.file);
    let raw = &config.raw;
    let span = |path: &[PathSeg<'_>]| config.span_of(path).unwrap_or_default();
    let unwaivable = |id: &str, what: &str, at: Span| {
        Problem::new(
            "config::unwaivable",
            format!("{id} is an approval finding: it cannot be {what}"),
        )
        .at(&file, at)
        .help("approval findings are the gate itself; get the change approved instead")
    };
    for id in raw.rules.severity.keys().filter(|id| UNWAIVABLE.contains(&id.as_str())) {
        problems.push(unwaivable(
            id,
            "switched off or turned down",
            config.severity_key_span(id),
        ));
    }
    for (i, w) in raw.waivers.iter().enumerate() {
        if UNWAIVABLE.contains(&w.rule.as_str()) {
            let at = span(&[PathSeg::Key("waiver"), PathSeg::Index(i), PathSeg::Key("rule")]);
            problems.push(unwaivable(&w.rule, "waived", at));
        }
    }

    let misspelt = |what: &str, path: &str, normal: &str, at: Span| {
        Problem::new(
            "config::path-spelling",
            format!("{what} `{path}` is not a normal repository path, so it could govern nothing"),
        )
        .at(&file, at)
        .help(if normal.is_empty() {
            "write paths relative to the folder of isms.toml, without `./`, `//` or a leading `/`".to_string()
        } else {
            format!("did you mean `{normal}`?")
        })
    };
    for (i, rule) in raw.approvals.iter().enumerate() {
        for (j, glob) in rule.paths.iter().enumerate() {
            if let Some(normal) = normal_spelling(glob) {
                let at = span(&[
                    PathSeg::Key("approval"),
                    PathSeg::Index(i),
                    PathSeg::Key("paths"),
                    PathSeg::Index(j),
                ]);
                problems.push(misspelt("approval path", glob, &normal, at));
            }
        }
    }
    if let Some(custom) = &raw.rules.custom {
        if let Some(normal) = normal_spelling(custom) {
            let normal = normal.trim_end_matches("/**").to_string();
            let at = span(&[PathSeg::Key("rules"), PathSeg::Key("custom")]);
            problems.push(misspelt("rules folder", custom, &normal, at));
        }
    }
    for (i, person) in raw.people.iter().enumerate() {
        for (j, key) in person.keys.iter().enumerate() {
            if looks_inline_key(key) {
                continue;
            }
            if let Some(normal) = normal_spelling(key) {
                let at = span(&[
                    PathSeg::Key("person"),
                    PathSeg::Index(i),
                    PathSeg::Key("keys"),
                    PathSeg::Index(j),
                ]);
                problems.push(misspelt("key file", key, &normal, at));
            }
        }
    }

    if let Some(root) = &raw.history.trust_root {
        let hex = (7..=64).contains(&root.len()) && root.chars().all(|c| c.is_ascii_hexdigit());
        if root != "HEAD" && !hex {
            problems.push(
                Problem::new(
                    "config::bad-trust-root",
                    format!("trust root `{root}` is neither a commit id nor `HEAD`"),
                )
                .at(&file, span(&[PathSeg::Key("history"), PathSeg::Key("trust_root")]))
                .help("a trust root names a commit (`git rev-parse HEAD` on the day of adoption): a branch or tag name moves"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normal_spelling;

    #[test]
    fn path_spellings_that_could_govern_nothing() {
        for (path, normal) in [
            ("./registers/risks.csv", "registers/risks.csv"),
            ("registers/./risks.csv", "registers/risks.csv"),
            ("registers//risks.csv", "registers/risks.csv"),
            ("/registers/risks.csv", "registers/risks.csv"),
            ("registers/", "registers/**"),
            (" registers/risks.csv", "registers/risks.csv"),
            ("registers/risks.csv ", "registers/risks.csv"),
            ("registers/x/../risks.csv", "registers/risks.csv"),
            ("./rules", "rules"),
        ] {
            assert_eq!(normal_spelling(path).as_deref(), Some(normal), "{path}");
        }
        for path in ["registers/risks.csv", "**/*.md", "docs/policies/*.md", "isms.toml"] {
            assert_eq!(normal_spelling(path), None, "{path}");
        }
    }
}
