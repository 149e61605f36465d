//! What history judging produces: the facts of a commit (identities,
//! trailers, verified signature, changed governed paths), approvals and
//! platform attestations, the judgement of each version, the issues found,
//! and the report of one run.

use serde::{Deserialize, Serialize};

/// One identity as a commit states it.
#[derive(Debug, Clone, Serialize)]
pub struct Identity {
    pub name: String,
    pub email: String,
    /// The person in isms.toml with this e-mail, if any.
    pub person: Option<String>,
}

/// The facts of one commit.
#[derive(Debug, Clone, Serialize)]
pub struct CommitFacts {
    pub id: String,
    pub parents: Vec<String>,
    pub author: Identity,
    pub committer: Identity,
    /// Committer time, seconds since the epoch (chosen by the committer:
    /// informative only).
    pub time: i64,
    pub summary: String,
    pub trailers: Vec<(String, String)>,
    pub signature: Verdict,
    /// Governed paths (relative to the ISMS root) this commit changed.
    pub changed: Vec<String>,
}

/// A person's approval of a version.
#[derive(Debug, Clone, Serialize)]
pub struct Approver {
    pub person: String,
    pub commit: String,
    pub key: String,
}

/// An approval attested by a platform rather than proven by a signature: a
/// GitHub review "approved" on the head commit of a pull request, by a login
/// mapped to a person.
#[derive(Debug, Clone, Serialize)]
pub struct Attested {
    /// The GitHub login; mapped to a person by the configuration of the base.
    pub login: String,
    /// What attests it, e.g. `GitHub review 123 (attested by GitHub)`.
    pub evidence: String,
    /// The commit the review approved (a pull request's head). It counts
    /// for a file only where that commit holds exactly the content judged;
    /// `None` means the head being judged itself.
    pub commit: Option<String>,
}

/// The judgement of one version of one governed file under one rule.
#[derive(Debug, Clone, Serialize)]
pub struct Judgement {
    pub rule: String,
    /// Index of the `[[approval]]` rule; `None` for the built-in rule that
    /// governs isms.toml when no rule does.
    pub rule_index: Option<usize>,
    pub path: String,
    /// The commit that made this version.
    pub change: String,
    pub roles: Vec<String>,
    pub min: u32,
    pub approvers: Vec<Approver>,
    pub approved: bool,
    /// The content judged: in range mode, what the merge would bring (the
    /// head's, or the merge's result where both sides changed the path).
    #[serde(skip)]
    pub(crate) content: super::Entry,
    /// Who made this content (authored, committed or signed a commit that
    /// produced it): they may not approve it. Not part of the input
    /// document.
    #[serde(skip)]
    pub makers: Vec<String>,
    /// The active people holding one of the rule's roles, by the judging
    /// configuration. Not part of the input document.
    #[serde(skip)]
    pub eligible: Vec<String>,
    /// The emergency declaration that covers this version, when one does
    /// (its declarer is then not among `eligible`): `check::emergency`
    /// decides by the clock whether it still lets the version through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emergency: Option<Declared>,
}

/// Something wrong, before it becomes a finding.
#[derive(Debug, Clone)]
pub struct Issue {
    pub rule: &'static str,
    pub warning: bool,
    pub message: String,
    /// The governed file it is about, relative to the ISMS root.
    pub path: Option<String>,
    /// The `[[approval]]` rule it is about.
    pub rule_index: Option<usize>,
    pub commit: Option<String>,
    pub help: Option<String>,
    /// The lines of the file's head content the change touched (first and
    /// last of its first hunk, 1-based), where it is known.
    pub lines: Option<(usize, usize)>,
}

/// Everything one run found out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub mode: String,
    pub base: Option<String>,
    pub head: Option<String>,
    pub trust_root: Option<String>,
    pub commits: Vec<CommitFacts>,
    pub judgements: Vec<Judgement>,
    /// Governed files whose current version is the baseline at the trust
    /// root (no change since).
    pub baseline: Vec<String>,
    /// The commit whose configuration is in force (state and audit): the
    /// trust root, or the latest approved change of the configuration.
    pub in_force: Option<String>,
    /// How many `[[approval]]` rules the configuration in force has.
    #[serde(skip)]
    pub rules_in_force: usize,
    #[serde(skip)]
    pub issues: Vec<Issue>,
    /// Every version judged along the walk, not only the ones in force: in
    /// state mode, the audit trail the same walk saw (so the evidence pack
    /// walks history once).
    #[serde(skip)]
    pub trail: Vec<Judgement>,
}

/// Finds platform attestations (approving reviews of the pull request that
/// brought a commit in) for a version that signatures leave unapproved.
pub type Attest<'a> = &'a mut dyn FnMut(&str) -> Vec<Attested>;

/// What the signature of one commit proves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Verdict {
    /// The commit carries no signature.
    Unsigned,
    /// Made by this person's key, listed in the configuration.
    Good { person: String, key: String },
    /// A signature that does not verify (tampered commit, wrong namespace,
    /// malformed signature).
    Bad { reason: String },
    /// A valid-looking signature by a key nobody in the configuration has.
    UnknownKey { key: String },
    /// By a person's OpenPGP key that had expired when it signed.
    Expired { person: String, key: String },
    /// By a person's OpenPGP key (or subkey) that has been revoked.
    Revoked { person: String, key: String },
    /// A signature format `isms` does not verify (X.509 / gpgsm).
    Unsupported { format: String },
}

impl Verdict {
    /// The person proven to have signed, if any.
    pub fn signer(&self) -> Option<&str> {
        match self {
            Verdict::Good { person, .. } => Some(person),
            _ => None,
        }
    }

    /// One word, as `git log --format=%G?` would put it: `good`, `bad`,
    /// `unknown-key`, `unsigned`, `expired`, `revoked`, `unsupported`.
    pub fn word(&self) -> &'static str {
        match self {
            Verdict::Unsigned => "unsigned",
            Verdict::Good { .. } => "good",
            Verdict::Bad { .. } => "bad",
            Verdict::UnknownKey { .. } => "unknown-key",
            Verdict::Expired { .. } => "expired",
            Verdict::Revoked { .. } => "revoked",
            Verdict::Unsupported { .. } => "unsupported",
        }
    }

    /// A sentence for messages.
    pub fn explain(&self) -> String {
        match self {
            Verdict::Unsigned => "the commit is not signed".into(),
            Verdict::Good { person, key } => format!("signed by {person} with {key}"),
            Verdict::Bad { reason } => format!("the signature does not verify: {reason}"),
            Verdict::UnknownKey { key } => format!("signed with {key}, which is not the key of anyone in isms.toml"),
            Verdict::Expired { person, key } => format!("signed by {person} with {key} after that key expired"),
            Verdict::Revoked { person, key } => format!("signed by {person} with {key}, which has been revoked"),
            Verdict::Unsupported { format } => format!("signed in a format isms does not verify ({format})"),
        }
    }
}

/// An emergency declaration that covers a version (`emergency` reads and
/// verifies them): what the verdict and the evidence need.
#[derive(Debug, Clone, Serialize)]
pub struct Declared {
    /// The person who declared it (its verified signer).
    pub declarer: String,
    /// `Name (id)` of the declarer, by the judging configuration.
    pub declarer_name: String,
    pub reason: String,
    /// When, as signed (RFC 3339, UTC).
    pub declared: String,
    #[serde(skip)]
    pub declared_at: i64,
    /// The deadline of the judging configuration (`72h`).
    pub deadline: String,
    /// When the retroactive approval is due (RFC 3339, UTC).
    pub due: String,
    #[serde(skip)]
    pub due_at: i64,
    /// The declaration file, relative to the ISMS root.
    pub file: String,
    /// The verified key (`SHA256:…`, `OpenPGP key …`).
    pub key: String,
    /// The change it names: the content before and after.
    #[serde(skip)]
    pub change: (super::Entry, super::Entry),
}
