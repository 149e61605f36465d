//! Entry points for fuzzing every parser of untrusted input: document front
//! matter, each register format, `isms.toml`, and commit signatures (SSH
//! and OpenPGP armour) with public keys. The `cargo fuzz` targets in
//! `fuzz/` and the bounded smoke test in `tests/fuzz_smoke.rs` call these.
//!
//! Besides "never panics", each checks what a user relies on when the input
//! is bad: every problem reported points inside the file it names, on
//! character boundaries, so the terminal can show it.

use crate::config::kinds::RegisterKind;
use crate::config::{self, Format, RegisterEntry};
use crate::diag::{Problem, Problems};
use crate::history::{keys, signature};
use crate::source::SourceFile;
use crate::workspace::{document, register};
use std::sync::Arc;

/// Panics when a problem's location does not lie inside its file's text.
fn located(problems: &[Problem]) {
    for p in problems {
        if let (Some(file), Some(span)) = (&p.file, p.span) {
            assert!(
                span.start <= span.end && span.end <= file.text.len(),
                "{}: span {span:?} outside {} ({} bytes)",
                p.code,
                file.name,
                file.text.len()
            );
            assert!(
                file.text.is_char_boundary(span.start) && file.text.is_char_boundary(span.end),
                "{}: span {span:?} splits a character in {}",
                p.code,
                file.name
            );
            // Rendering the location must work too.
            let _ = p.location();
        }
    }
}

fn text(data: &[u8]) -> Option<String> {
    String::from_utf8(data.to_vec()).ok()
}

/// A Markdown document with front matter.
pub fn front_matter(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let mut problems = Problems::default();
    let doc = document::load(
        SourceFile::new("docs/fuzz.md", text),
        &document::Reading::default(),
        &mut problems,
    );
    located(&problems.0);
    if let Some(doc) = doc {
        for h in &doc.headings {
            assert!(!h.text.contains('\n'), "a heading spans lines: {:?}", h.text);
        }
    }
}

/// A register in `format`; the first byte picks the register kind.
pub fn register(format: Format, data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Some(text) = text(rest) else { return };
    let kind = RegisterKind::ALL[usize::from(pick) % RegisterKind::ALL.len()];
    let ext = match format {
        Format::Toml => "toml",
        Format::Csv => "csv",
        Format::Yaml => "yaml",
        Format::Json => "json",
        Format::Markdown => "md",
    };
    let path = format!("registers/fuzz.{ext}");
    let entry = RegisterEntry {
        kind,
        path: path.clone(),
        format: Some(format),
        columns: Default::default(),
        extra: Vec::new(),
        delimiter: None,
        encoding: None,
        table: None,
        records: None,
        courses: Default::default(),
    };
    let mut problems = Problems::default();
    let file: Arc<SourceFile> = SourceFile::new(path, text);
    let reg = register::load(&entry, file, &Default::default(), &mut problems);
    located(&problems.0);
    for rec in &reg.records {
        assert!(rec.span.end <= reg.file.text.len());
        for (_, span) in &rec.spans {
            assert!(span.end <= reg.file.text.len() && reg.file.text.is_char_boundary(span.start));
        }
    }
}

/// `isms.toml`.
pub fn config(data: &[u8]) {
    let Some(text) = text(data) else { return };
    match config::parse(SourceFile::new(config::FILE_NAME, text)) {
        Ok(cfg) => {
            // References resolve and keys build without panicking.
            for p in &cfg.raw.people {
                let _ = cfg.resolve(&p.name);
            }
            let _ = keys::KeyRing::build(&cfg.raw, |_| None);
        }
        Err(problems) => located(&problems.0),
    }
}

/// A commit signature (the `gpgsig` header) over a payload, verified
/// against no keys: parsing the armour and the signature packets is what
/// runs. The first byte splits signature from payload.
pub fn signature(data: &[u8]) {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let at = usize::from(split).min(rest.len());
    let (sig, payload) = rest.split_at(rest.len() - at);
    let verdict = signature::verify(sig, payload, &keys::KeyRing::default());
    // Nothing verifies against an empty key ring.
    assert!(verdict.signer().is_none(), "{verdict:?}");
}

/// Public keys as `isms.toml` holds them: OpenSSH lines or armoured
/// OpenPGP keys.
pub fn public_keys(data: &[u8]) {
    let Some(text) = text(data) else { return };
    if let Ok(keys) = keys::parse_keys(&text) {
        for k in keys {
            let _ = k.fingerprint();
        }
    }
}
