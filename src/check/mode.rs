//! How a check judged approvals from git history, as a type: the `mode`
//! the history's report names (`range`, `state`, `audit`, `unborn`,
//! `none`), read once here for the renderers and commands that branch on
//! it. The string stays in the JSON report and the rules' input, which are
//! contracts.

use super::Outcome;

/// How approvals were judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `base..head`, by the base's configuration (`--base`, pull requests).
    Range,
    /// The state checked out: each governed file's version in force since
    /// the trust root.
    State,
    /// Every version of the history (`isms audit`).
    Audit,
    /// Nothing committed yet: approvals are judged from the first commit on.
    Unborn,
    /// No git repository: approvals not verified.
    NoRepository,
}

impl Mode {
    const ALL: [Mode; 5] = [Mode::Range, Mode::State, Mode::Audit, Mode::Unborn, Mode::NoRepository];

    /// The name the history's report and the JSON report give it.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Range => "range",
            Mode::State => "state",
            Mode::Audit => "audit",
            Mode::Unborn => "unborn",
            Mode::NoRepository => "none",
        }
    }

    /// The mode of a history's report; `None` for a name it does not know.
    pub fn of(report: &crate::history::Report) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == report.mode)
    }
}

impl Outcome {
    /// How approvals were judged; `None` when they were not
    /// (`--no-history`, `--staged`).
    pub fn mode(&self) -> Option<Mode> {
        self.history.as_ref().and_then(Mode::of)
    }
}

#[cfg(test)]
mod tests {
    use super::Mode;

    /// Each mode's name is the one history writes (history/range.rs,
    /// history/state.rs) and reads back as the same mode.
    #[test]
    fn each_mode_reads_back_from_its_name() {
        for mode in Mode::ALL {
            let report = crate::history::Report {
                mode: mode.as_str().into(),
                ..crate::history::Report::default()
            };
            assert_eq!(Mode::of(&report), Some(mode));
        }
        let names: Vec<&str> = Mode::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(names, ["range", "state", "audit", "unborn", "none"]);
        let odd = crate::history::Report {
            mode: "sideways".into(),
            ..crate::history::Report::default()
        };
        assert_eq!(Mode::of(&odd), None);
    }
}
