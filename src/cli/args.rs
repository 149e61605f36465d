//! The command line as clap reads it: every command, its arguments and
//! their help, and the value enums they take.

use super::*;
use clap::{Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "isms",
    version,
    about = "A compliance gate for an ISO/IEC 27001:2022 ISMS kept as code"
)]
pub struct Cli {
    /// When to use colour: auto (a terminal without NO_COLOR), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The format of a listing (`isms rules`, `isms test`): for people or
/// for programs. A check's result has [`crate::report::Format`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

impl ListFormat {
    /// The format of the problems that stop the listing.
    pub fn problems(self) -> crate::report::Format {
        match self {
            ListFormat::Human => crate::report::Format::Human,
            ListFormat::Json => crate::report::Format::Json,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Write the pre-commit hook (where `core.hooksPath` says, else .git/hooks).
    Install {
        /// The ISMS folder, or any folder inside it.
        path: Option<PathBuf>,
        /// Replace a pre-commit hook that isms did not write.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page (inline CSS and SVG; no scripts, fonts or network).
    Html,
    /// GitHub-flavoured Markdown: headings and tables, no raw HTML.
    Markdown,
    /// OSCAL 1.2.3 assessment results (JSON): a finding per clause and Annex A control.
    Oscal,
    /// OSCAL catalog of the ISO/IEC 27001:2022 clause and Annex A ids (our own short titles).
    OscalCatalog,
    /// OSCAL profile: the clauses and the Annex A controls the SoA declares applicable.
    OscalProfile,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

impl FailOn {
    /// The lowest severity that fails the gate.
    pub fn severity(self) -> crate::findings::Severity {
        match self {
            FailOn::Error => crate::findings::Severity::Error,
            FailOn::Warning => crate::findings::Severity::Warning,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the ISMS: configuration, documents, registers and rules.
    #[command(
        after_help = "Examples:\n  isms check\n  isms check examples/lumen --no-history --format json\n  isms check --base origin/main\n  isms check --now 2026-06-30 --fail-on warning"
    )]
    #[command(display_order = 2)]
    Check(check_command::CheckArgs),
    /// Print the Rego input document the rules see (see docs/input.md).
    #[command(after_help = "Example:\n  isms input examples/lumen --now 2026-06-30 > input.json")]
    #[command(display_order = 9)]
    Input {
        /// The ISMS folder, or any folder inside it.
        path: Option<PathBuf>,
        /// Evaluation date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        now: Option<crate::check::Date>,
    },
    /// Print the JSON Schema of isms.toml (for editor completion and validation).
    #[command(
        after_help = "Example:\n  isms schema > isms.schema.json   # then point your editor's TOML schema setting at it"
    )]
    #[command(display_order = 10)]
    Schema,
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  isms completions bash > ~/.local/share/bash-completion/completions/isms\n  isms completions zsh > ~/.zfunc/_isms\n  isms completions fish > ~/.config/fish/completions/isms.fish"
    )]
    #[command(display_order = 11)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// List the rules: built-in and, inside an ISMS, the organisation's own.
    #[command(after_help = "Examples:\n  isms rules\n  isms rules --format json")]
    #[command(display_order = 6)]
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Print the whole documentation of one rule, or the meaning of a problem code.
    #[command(after_help = "Examples:\n  isms explain ISMS-RISK-002\n  isms explain config::unknown-key")]
    #[command(display_order = 7)]
    Explain {
        /// The rule id, e.g. ISMS-POL-002.
        id: String,
    },
    /// Run the `test_*` rules of the built-in pack and of the organisation's own rules, as `opa test` does.
    #[command(after_help = "Examples:\n  isms test\n  isms test --filter risk --coverage\n  isms test --threshold 90")]
    #[command(display_order = 8)]
    Test(rules::TestArgs),
    /// Audit the whole git history: every version of every governed file, who approved it, with which verified key.
    #[command(
        after_help = "Each version is judged by the configuration in force before it (the latest approved one).\nBy default the audit starts at the trust root in force, or at the first commit.\n\nExamples:\n  isms audit\n  isms audit --since v1.0 --format markdown > evidence.md\n  isms audit --format json"
    )]
    #[command(display_order = 3)]
    Audit {
        /// The ISMS folder, or any folder inside it.
        path: Option<PathBuf>,
        /// Start after this commit instead of the trust root.
        #[arg(long, value_name = "REV")]
        since: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = AuditFormat::Human)]
        format: AuditFormat,
        /// The evaluation date (YYYY-MM-DD), for the deadlines of emergency changes (default: now).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        now: Option<crate::check::Date>,
    },
    /// Build the evidence pack for an auditor: status by clause, the approval trail, the risk register with heat maps, the SoA, reviews and audits, open nonconformities, training coverage.
    #[command(
        after_help = "The report states the evaluation date, the commit it was built from and the tool version, so it\ncan be cited. It is evidence, not a gate: the exit code is 0 whenever the report is written,\nwhatever it finds (2 when the ISMS cannot be read).\n\nExamples:\n  isms report --out evidence.html\n  isms report --format markdown --out EVIDENCE.md\n  isms report --format oscal --out results.json\n  isms report examples/lumen --now 2026-11-27 > lumen.html"
    )]
    #[command(display_order = 4)]
    Report {
        /// The ISMS folder, or any folder inside it (default: the current one).
        path: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
        /// Write the report to this file instead of standard output.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Sign the written pack with this SSH key (a private key file, or a
        /// public key whose private half is in ssh-agent) using ssh-keygen:
        /// the signature goes to PATH.sig, namespace `isms-report`.
        #[arg(long, value_name = "KEY", requires = "out")]
        sign: Option<PathBuf>,
        /// Evaluation date (YYYY-MM-DD; default: today, UTC).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        now: Option<crate::check::Date>,
    },
    /// See everything isms does, offline, in one command: the example ISMS in a throwaway repository with a signed history and a pull request that lacks its approval.
    #[command(after_help = "Examples:\n  isms demo\n  isms demo /tmp/lumen")]
    #[command(display_order = 1)]
    Demo {
        /// An empty or new folder for the repository (default: a new temporary folder, kept for you to explore).
        dir: Option<PathBuf>,
    },
    /// Scaffold a new ISMS repository: isms.toml, the policy and scope to write, empty registers, a pre-commit configuration, the GitHub workflow.
    #[command(
        after_help = "Then run `isms check` in it: every finding is something to fill in.\n\nExamples:\n  isms init acme-isms --organisation \"Acme Ltd\"\n  isms init ."
    )]
    #[command(display_order = 4)]
    Init {
        /// The folder to create or fill (default: the current one).
        dir: Option<PathBuf>,
        /// The organisation's name (default: the folder's name).
        #[arg(long)]
        organisation: Option<String>,
    },
    /// Adopt an existing ISMS as it is: write an isms.toml mapping its documents' metadata and its spreadsheet registers onto isms's fields (never overwrites).
    #[command(
        after_help = "Reads what the files mean, not what they are called: each register (CSV, YAML, JSON, TOML or a\nMarkdown table) is chosen by how its columns and values fit a kind; each column is mapped by its\nheader and its values; documents without metadata are read by their title, name and folder, their\ncontrol from front matter, a control table or a sentence; the roles, people and risk scale are\ntaken from the material. It lists what it did not read, and why. Then run `isms check`: the files\nare read unchanged. docs/adopting.md shows it on five shapes of ISMS.\n\nExamples:\n  isms adopt\n  isms adopt path/to/isms --organisation \"Acme Ltd\""
    )]
    #[command(display_order = 4)]
    Adopt {
        /// The folder of the existing ISMS (default: the current one).
        dir: Option<PathBuf>,
        /// The organisation's name (default: the folder's name).
        #[arg(long)]
        organisation: Option<String>,
    },
    /// Git hooks: `isms hook install` writes a pre-commit hook running `isms check --staged`.
    #[command(after_help = "Examples:\n  isms hook install\n  isms hook install path/to/isms --force")]
    #[command(display_order = 5)]
    Hook {
        #[command(subcommand)]
        action: HookAction,
    },
    /// Approve what the current branch changes in governed files: a statement bound to the exact content, signed with your git signing key.
    #[command(
        after_help = "Shows each governed change on the branch you may approve (the rule, the approvals it has, the\nlines changed as a diff), asks before signing (or --yes), then signs a statement of exactly that\ncontent with the key git signs your commits with (gpg.format, user.signingkey, read by `git\nconfig`: ssh-keygen or gpg; isms never uses a private key itself), writes it under\n.isms/approvals/ and commits it. Push the branch: the approval then survives merge, squash and\nrebase. Refuses before signing (exit 1, nothing committed) when the base's isms.toml does not\nmake you an approver of the change (approve::not-eligible), you made it (approve::maker), or\nthe key is not yours there (approve::not-your-key).\n\nExamples:\n  isms approve\n  isms approve --base origin/main --yes"
    )]
    #[command(display_order = 5)]
    Approve {
        /// The ISMS folder, or any folder inside it.
        path: Option<PathBuf>,
        /// What the branch is compared with (default: main, else origin/main, master, origin/master).
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        /// Sign without asking.
        #[arg(long)]
        yes: bool,
        /// The commit message of the approval.
        #[arg(long, value_name = "TEXT")]
        message: Option<String>,
    },
    /// What `isms check --base` says about this branch's approvals, each with its fix; with --me, what waits for you on every branch.
    #[command(
        after_help = "Judges the branch with the check itself, so it lists exactly the approval findings `isms check\n--base` reports (missing approvals and who may still give them, self-approvals, forged\ntrailers, unsigned authors), and exits 1 exactly when the check fails for them.\n\nExamples:\n  isms status\n  isms status --me --base origin/main"
    )]
    #[command(display_order = 5)]
    Status {
        /// The ISMS folder, or any folder inside it.
        path: Option<PathBuf>,
        /// What the branches are compared with (default: main, else origin/main, master, origin/master).
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        /// Only what waits for you (git's user.email), on every local and fetched branch.
        #[arg(long)]
        me: bool,
    },
    /// Declare an emergency change: let what the branch changes through now, to be approved within the deadline.
    #[command(
        after_help = "Signs a declaration of exactly the governed content the branch changes under the rules the\nbase's [emergency] names (path, content before, content after), with the reason and the time,\nwith the key git signs your commits with (as `isms approve` does), writes it under\n.isms/approvals/ and commits it. The check then passes that content with a warning\n(ISMS-APPROVAL-010) naming you, the reason and the deadline, and fails once the deadline passes\nwithout approvals by the rule's approvers (never yours). Refuses before signing (exit 1, nothing\ncommitted) when the base has no [emergency] (emergency::not-configured), you hold no declarer\nrole there (emergency::not-eligible), or nothing on the branch may be let through\n(emergency::nothing).\n\nExample:\n  isms emergency --reason \"block the attacker's range (INC-123)\" --yes"
    )]
    #[command(display_order = 5)]
    Emergency {
        /// The ISMS folder, or any folder inside it.
        path: Option<PathBuf>,
        /// Why the change cannot wait for its approvers (one line).
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// What the branch is compared with (default: main, else origin/main, master, origin/master).
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        /// Sign without asking.
        #[arg(long)]
        yes: bool,
        /// The time the declaration states, RFC 3339 in UTC (default: now; for demos and reproducible tests). A time after the check's, or after the commit that merges it, lets nothing through; an earlier one only brings the deadline closer.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Pull request mode in GitHub Actions: annotations, job summary, one sticky comment, reviews as approvals.
    #[command(
        after_help = "Reads GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_TOKEN,\nGITHUB_STEP_SUMMARY and GITHUB_OUTPUT. The range is the pull request's base..head (merge_group:\nbase_sha..head_sha; push: before..after), judged by the base's configuration; the head's content\nis read from git objects, so check out with `fetch-depth: 0`. API failures are warnings: the\nverdict never depends on them.\n\nExample (a workflow step):\n  - run: isms github\n    env:\n      GITHUB_TOKEN: ${{ github.token }}"
    )]
    #[command(display_order = 6)]
    Github(github_command::GithubArgs),
    /// Print a generated reference page (Markdown).
    #[command(hide = true)]
    Reference {
        #[arg(value_enum)]
        page: Page,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Page {
    Registers,
    Rules,
    Codes,
}
