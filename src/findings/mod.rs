//! Findings: the one model every reporter renders — rule, severity,
//! message, the resolved place (file and span) and the logical target
//! (`risks/R-001/owner`), clauses, help, and whether a waiver covers it —
//! with the catalogue of the rules built into `isms` (`catalogue`), how
//! waivers cover findings (`waivers`) and how severity settings apply
//! (`severity`).

pub mod catalogue;
pub mod severity;
pub mod waivers;

pub use severity::severity;
pub use waivers::{apply_waivers, target_matches};

use crate::config::kinds::RegisterKind;
use crate::source::{SourceFile, Span};
use crate::workspace::Workspace;
use crate::workspace::fields::normalise_name;
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The waiver that covers a finding.
#[derive(Debug, Clone, Serialize)]
pub struct Waived {
    pub reason: String,
    pub approved_by: String,
    pub expires: String,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: String,
    pub title: String,
    pub severity: Severity,
    pub message: String,
    pub file: Option<Arc<SourceFile>>,
    pub span: Option<Span>,
    /// What the finding is about: `risks/R-001/owner`, `documents/POL-001`.
    pub target: Option<String>,
    pub clauses: Vec<String>,
    pub controls: Vec<String>,
    pub help: Option<String>,
    pub waived: Option<Waived>,
    /// Other places the finding involves, e.g. the approval rule in
    /// isms.toml behind a missing approval.
    pub related: Vec<Related>,
    /// A to-do of the configuration rather than a defect of the ISMS (a
    /// role the material names that isms.toml gives nobody, a register no
    /// approval rule governs): listed apart, after the findings.
    pub todo: bool,
}

/// A second place a finding points at, with what it is.
#[derive(Debug, Clone)]
pub struct Related {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub label: String,
}

/// Where a rule's `deny`/`warn` object points, resolved against the
/// workspace. Unknown references leave the finding unlocated rather than
/// dropping it.
pub fn locate(
    ws: &Workspace,
    obj: &serde_json::Map<String, Value>,
) -> (Option<Arc<SourceFile>>, Option<Span>, Option<String>) {
    let s = |key: &str| obj.get(key).and_then(Value::as_str);
    if let Some(register) = s("register") {
        let kind = RegisterKind::ALL
            .into_iter()
            .find(|k| k.name() == register || k.item() == register);
        let field = s("field");
        // A record by its position in `input.registers.<kind>` (for
        // duplicates, which share an id) or by its id.
        let found = kind.and_then(|kind| match obj.get("index").and_then(Value::as_u64) {
            Some(index) => ws
                .registers
                .iter()
                .filter(|r| r.kind == kind)
                .flat_map(|r| r.records.iter().map(move |rec| (r, rec)))
                .nth(usize::try_from(index).ok()?),
            None => {
                let id = match obj.get("record")? {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let &(ri, i) = ws.record_index.get(&(kind, id))?;
                let reg = ws.registers.get(ri)?;
                Some((reg, reg.records.get(i)?))
            }
        });
        let record_id = found
            .map(|(_, rec)| rec.id.clone())
            .or_else(|| match obj.get("record") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Null) | None => None,
                Some(other) => Some(other.to_string()),
            });
        let target = [Some(register.to_string()), record_id, field.map(String::from)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("/");
        if let Some((reg, rec)) = found {
            let span = field.and_then(|f| rec.span_of(&normalise_name(f))).unwrap_or(rec.span);
            return (Some(Arc::clone(&reg.file)), Some(span), Some(target));
        }
        // About the register as a whole (or a record it lacks): its first line.
        if let Some(reg) = kind.and_then(|k| ws.registers.iter().find(|r| r.kind == k)) {
            return (Some(Arc::clone(&reg.file)), Some(Span::new(0, 0)), Some(target));
        }
        return (None, None, Some(target));
    }
    if let Some(document) = s("document") {
        let index = ws
            .document_index
            .get(document)
            .copied()
            .or_else(|| ws.documents.iter().position(|d| d.file.name == document));
        let key = s("key");
        let heading = s("heading");
        let id = index
            .and_then(|i| ws.documents.get(i))
            .map_or(document, |d| d.id.as_str());
        let target = [Some(format!("documents/{id}")), key.map(String::from)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("/");
        if let Some(doc) = index.and_then(|i| ws.documents.get(i)) {
            let line = obj
                .get("line")
                .and_then(Value::as_u64)
                .and_then(|l| usize::try_from(l).ok());
            let span = if let Some(k) = key {
                doc.spans.get(&normalise_name(k)).copied().unwrap_or(Span::new(0, 3))
            } else if let Some(line) = line.filter(|l| *l >= 1) {
                let s = doc.file.line_span(line);
                let text = doc.file.text.get(s.start..s.end).unwrap_or("");
                let lead = text.len() - text.trim_start().len();
                Span::new(s.start + lead, s.start + text.trim_end().len())
            } else if let Some(h) = heading {
                doc.headings
                    .iter()
                    .find(|x| x.text.eq_ignore_ascii_case(h))
                    .map_or(Span::new(0, 3), |x| x.span)
            } else {
                Span::new(0, 3)
            };
            return (Some(Arc::clone(&doc.file)), Some(span), Some(target));
        }
        return (None, None, Some(target));
    }
    if let Some(path) = s("config") {
        let segments: Vec<&str> = path.split('.').collect();
        let segs: Vec<crate::config::PathSeg<'_>> = segments
            .iter()
            .map(|seg| match seg.parse::<usize>() {
                Ok(i) => crate::config::PathSeg::Index(i),
                Err(_) => crate::config::PathSeg::Key(seg),
            })
            .collect();
        let span = ws.config.span_of(&segs);
        return (Some(Arc::clone(&ws.config.file)), span, Some(format!("config/{path}")));
    }
    (None, None, None)
}
