//! `isms report --format oscal | oscal-catalog | oscal-profile`: the check
//! as NIST OSCAL documents (JSON, OSCAL 1.2.3) that GRC tools read.
//!
//! - [`catalog`]: the ISO/IEC 27001:2022 clause numbers and Annex A ids with
//!   our own short titles (never ISO's text), as an OSCAL catalog, and the
//!   profile selecting the clauses and the controls the SoA declares
//!   applicable.
//! - [`results`]: the assessment results: one result for the check, a
//!   finding per clause and control, an observation per rule finding and per
//!   approved version of a governed file, and a risk per waiver.
//!
//! Every UUID is a version 5 UUID of the organisation and the item, and
//! every timestamp is the evaluation date or the commit's time, so two runs
//! on one commit with one `--now` give the same bytes.

pub mod catalog;
pub mod results;

pub use catalog::{catalog, profile};
pub use results::assessment_results;

use serde_json::{Value, json};

/// The OSCAL version the documents are written against (and validated
/// against in the tests, with NIST's published schemas).
pub const OSCAL_VERSION: &str = "1.2.3";

/// The namespace of the properties isms defines (`ns` of a `prop`).
pub const NS: &str = "urn:isms:oscal";

/// The file names the documents refer to each other by: write the catalog
/// and the profile beside the results under these names.
pub const CATALOG_FILE: &str = "isms-iso27001-2022-catalog.json";
pub const PROFILE_FILE: &str = "isms-iso27001-2022-profile.json";

/// The identity every UUID of a document derives from: the organisation
/// the ISMS belongs to.
#[derive(Debug, Clone)]
pub struct Ids {
    namespace: uuid::Uuid,
}

impl Ids {
    pub fn new(organisation: &str) -> Self {
        Ids {
            namespace: uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("{NS}:{organisation}").as_bytes()),
        }
    }

    /// The UUID of one item: its kind and what identifies it.
    pub fn of(&self, kind: &str, key: &str) -> String {
        uuid::Uuid::new_v5(&self.namespace, format!("{kind}\u{0}{key}").as_bytes()).to_string()
    }
}

/// A property of isms's namespace.
fn prop(name: &str, value: impl AsRef<str>) -> Value {
    json!({ "name": name, "ns": NS, "value": value.as_ref() })
}

/// A timestamp of a date: its midnight, UTC.
fn midnight(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

/// Every timestamp of the documents: the evaluation date's midnight, UTC
/// (`--now`, or today), never the clock.
fn timestamp(e: &crate::report::pack::Evidence) -> String {
    midnight(&e.now)
}

/// The documents' version: the commit they describe.
fn version(e: &crate::report::pack::Evidence) -> String {
    match &e.provenance.commit {
        Some(c) if e.provenance.dirty => format!("{c}+uncommitted-changes"),
        Some(c) => c.clone(),
        None => "not-in-git".into(),
    }
}

/// OSCAL strings may not be empty nor start or end with white space.
fn nonempty(s: &str, fallback: &str) -> String {
    let t = s.trim();
    if t.is_empty() {
        fallback.to_string()
    } else {
        t.to_string()
    }
}

/// The document as pretty JSON with a final newline.
fn render(v: &Value) -> String {
    format!("{v:#}\n")
}
