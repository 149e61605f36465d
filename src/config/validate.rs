//! Validation of a parsed `isms.toml`: each section validates itself
//! (`people`, `approvals`, `registers`, `rules` with the waivers) and every
//! problem is collected, located at its key, with a did-you-mean where one
//! helps. The settings the gate itself rests on are checked in `gate`.

use super::*;

/// What every section's validation reads: the configuration and where each
/// of its keys is.
pub(super) struct Checker<'a> {
    pub config: &'a Config,
    pub file: &'a Arc<SourceFile>,
}

impl Checker<'_> {
    /// Where the value at `path` is; when it is left out, the nearest
    /// enclosing table or value that is written (the whole file at worst).
    pub fn span(&self, path: &[PathSeg<'_>]) -> Span {
        (1..=path.len())
            .rev()
            .find_map(|n| self.config.span_of(&path[..n]))
            .unwrap_or_default()
    }

    /// "the first is on line N", for a duplicate whose first is at `path`.
    pub fn first_on_line(&self, path: &[PathSeg<'_>]) -> String {
        format!(
            "the first is on line {}",
            self.file.line_col(self.span(path).start).line
        )
    }

    /// A role named at `at` that `[roles]` does not declare.
    pub fn unknown_role(&self, role: &str, at: Span) -> Problem {
        let role_ids: Vec<&str> = self.config.raw.roles.keys().map(String::as_str).collect();
        let p = Problem::new("config::unknown-role", format!("unknown role `{role}`"))
            .at(self.file, at)
            .label("not declared under [roles]");
        match did_you_mean(role, role_ids.iter().copied()) {
            Some(s) => p.help(format!("did you mean `{s}`?")),
            None if role_ids.is_empty() => p.help(format!("declare it: [roles.{role}] name = \"…\"")),
            None => p.help(format!("declared roles: {}", role_ids.join(", "))),
        }
    }
}

/// Cross-reference checks of every section, each located at the offending
/// value; the holders of each role are worked out on the way.
pub(super) fn validate(config: &mut Config, problems: &mut Problems) {
    let file = Arc::clone(&config.file);
    let holders = {
        let c = Checker { config, file: &file };
        let holders = people::validate(&c, problems);
        approvals::validate(&c, problems);
        registers::validate(&c, problems);
        rules::validate(&c, problems);
        emergency::validate(&c, problems);
        holders
    };
    config.role_holders = holders;
    // Waivers name people or roles: resolved once the holders are known.
    rules::validate_waivers(&Checker { config, file: &file }, problems);
}
