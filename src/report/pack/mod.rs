//! `isms report`: the evidence pack an auditor reads without git.
//!
//! - `evidence`: gathering — one [`Evidence`] from a check's outcome and an
//!   audit of the history.
//! - `sections`: what the pack says — its sections, paragraphs and tables,
//!   built once as a [`doc::Doc`].
//! - `html` and `markdown`: the two renderings of that one document, so
//!   both carry the same rows.
//! - [`seal`]: the pack's own SHA-256 written into it; `isms report --sign`
//!   adds an SSH signature beside it (see `cli`).

mod derived;
pub mod doc;
mod evidence;
mod html;
mod markdown;
mod performance;
mod rows;
mod sections;

pub use derived::{CLAUSES, cites, named};
pub use evidence::gather;
pub use rows::{Evidence, FindingRow, Provenance, TrailRow};

/// Stands where the pack's own digest goes until [`seal`] fills it in.
const DIGEST_SLOT: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

/// The pack as one self-contained HTML page, sealed.
pub fn html(e: &Evidence) -> String {
    seal(&html::render(&with_digest(sections::document(e), "html")))
}

/// The pack as GitHub-flavoured Markdown, sealed.
pub fn markdown(e: &Evidence) -> String {
    seal(&markdown::render(&with_digest(sections::document(e), "md")))
}

/// Adds the paragraph that states the pack's digest and how to check it.
fn with_digest(mut d: doc::Doc, ext: &str) -> doc::Doc {
    use doc::{Block, code, text};
    if let Some(last) = d.sections.last_mut() {
        last.blocks.push(Block::Para(vec![
            text("This pack's own SHA-256, computed with the value here replaced by 64 zeros: "),
            code(DIGEST_SLOT),
            text(". To check it: "),
            code(format!(
                "sed 's/sha256:[0-9a-f]\\{{64\\}}/{DIGEST_SLOT}/' pack.{ext} | sha256sum"
            )),
            text(". A pack made with "),
            code("isms report --sign KEY"),
            text(format!(" has its SSH signature beside it, pack.{ext}.sig: ")),
            code(format!(
                "ssh-keygen -Y verify -f allowed_signers -I SIGNER -n {NAMESPACE} -s pack.{ext}.sig < pack.{ext}"
            )),
            text("."),
        ]));
    }
    d
}

/// Fills the digest slot with the SHA-256 of the text as it stands with
/// the slot's zeros in place: anyone can recompute it.
pub fn seal(text: &str) -> String {
    use sha2::Digest as _;
    let digest = hex::encode(sha2::Sha256::digest(text.as_bytes()));
    text.replacen(DIGEST_SLOT, &format!("sha256:{digest}"), 1)
}

/// Whether a sealed pack is unchanged: its stated digest is the SHA-256 of
/// the text with that digest put back to zeros.
pub fn verify_seal(text: &str) -> bool {
    let hex = |s: &str| s.len() == 64 && s.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'));
    let Some(at) = text
        .match_indices("sha256:")
        .map(|(at, _)| at)
        .find(|&at| text.get(at + 7..at + 71).is_some_and(hex))
    else {
        return false;
    };
    let zeroed = format!("{}{DIGEST_SLOT}{}", &text[..at], &text[at + 71..]);
    seal(&zeroed) == text
}

/// The SSH signature namespace of a signed pack.
pub const NAMESPACE: &str = "isms-report";
