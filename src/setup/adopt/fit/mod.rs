//! What a table is, read from its header and its values together: each
//! column's profile (how many of its cells are numbers, dates, level
//! words, control ids, yes/no…), how well a column fits a field of a
//! register kind (its name among the names practitioners give that field,
//! and values of the field's type), and how well a whole table fits a kind
//! (the fields that make a register of that kind, and a word for its
//! subject in its name, heading or columns). A name alone never decides.

mod kinds;
mod mapping;
pub mod matrix;
mod profile;
mod record_names;
mod risk_names;
mod synonyms;
mod values;

use std::collections::BTreeMap;

pub use kinds::*;
pub use mapping::*;
pub use profile::*;
pub use synonyms::*;

/// How a table's columns map onto one kind's fields.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// Column index → the fields it maps onto (two for a compound column).
    pub columns: BTreeMap<usize, Vec<&'static str>>,
    /// Columns whose cells are read for their field's part (`Close (…)`).
    pub parts: std::collections::BTreeSet<usize>,
    /// How well the table fits the kind.
    pub score: f64,
}

impl Mapping {
    pub fn field_column(&self, field: &str) -> Option<usize> {
        self.columns.iter().find(|(_, fs)| fs.contains(&field)).map(|(c, _)| *c)
    }

    pub fn has(&self, field: &str) -> bool {
        self.field_column(field).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::kinds::RegisterKind;
    use crate::setup::adopt::tables::Table;

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            path: "r.csv".into(),
            format: crate::config::Format::Csv,
            delimiter: b',',
            heading: None,
            index: (0, 1),
            records_key: None,
            header: header.iter().map(|h| h.to_string()).collect(),
            columns: (0..header.len())
                .map(|i| rows.iter().map(|r| r[i].to_string()).collect())
                .collect(),
            rows: rows.len(),
            malformed: None,
            windows_1252: false,
        }
    }

    #[test]
    fn an_iso_27005_register_is_read_by_its_values() {
        let t = table(
            &[
                "risk_id",
                "asset",
                "threat",
                "existing_controls",
                "risk_owner",
                "likelihood",
                "impact",
                "risk_score",
                "risk_level",
                "control_reference",
                "reviewed_on",
            ],
            &[
                &[
                    "R-1",
                    "PMS",
                    "Outage",
                    "Screen lock after ten minutes",
                    "Practice manager",
                    "3",
                    "4",
                    "12",
                    "High",
                    "A.8.14; A.5.30",
                    "2026-05-12",
                ],
                &[
                    "R-2",
                    "Records",
                    "Leaver",
                    "Leaver checklist",
                    "Group IT lead",
                    "2",
                    "2",
                    "4",
                    "Low",
                    "A.8",
                    "2026-05-12",
                ],
            ],
        );
        let ctx = crate::workspace::values::Context::default();
        let m = map_kind(RegisterKind::Risks, &t, &ctx).unwrap();
        let field = |c: &str| {
            let ci = t.header.iter().position(|h| h == c).unwrap();
            m.columns.get(&ci).cloned().unwrap_or_default()
        };
        assert_eq!(field("control_reference"), ["controls"]);
        assert!(field("existing_controls").is_empty(), "free text is not control ids");
        assert_eq!(field("reviewed_on"), ["last_reviewed"]);
        assert_eq!(field("risk_owner"), ["owner"]);
        assert_eq!(field("risk_score"), ["score"]);
        assert_eq!(field("risk_level"), ["level"]);
        assert_eq!(field("asset"), ["assets"]);
        assert!(map_kind(RegisterKind::Soa, &t, &ctx).is_none());
    }

    #[test]
    fn a_catalogue_named_risk_is_not_a_risk_register() {
        let t = table(
            &["id", "threat", "vulnerability", "source"],
            &[&["T-1", "Phishing", "Untrained staff", "ENISA"]],
        );
        assert!(map_kind(RegisterKind::Risks, &t, &Default::default()).is_none());
    }

    #[test]
    fn compound_cells_map_onto_two_fields() {
        let t = table(
            &["ID", "Risk", "Owner", "L", "I", "Score", "Accepted by"],
            &[&[
                "R-01",
                "Laptop",
                "IT Manager",
                "3",
                "4",
                "12 Medium",
                "IT Manager, 2026-07-14",
            ]],
        );
        let m = map_kind(RegisterKind::Risks, &t, &Default::default()).unwrap();
        assert_eq!(m.columns.get(&5).unwrap(), &["score", "level"]);
        assert_eq!(m.columns.get(&6).unwrap(), &["accepted_by", "accepted_on"]);
        assert_eq!(m.columns.get(&3).unwrap(), &["likelihood"]);
    }

    #[test]
    fn a_soa_by_its_control_column_and_yes_no() {
        let t = table(
            &[
                "control_id",
                "control_name",
                "applicable",
                "reason",
                "implementation",
                "owner",
            ],
            &[
                &[
                    "A.5.1",
                    "Policies",
                    "Y",
                    "Good practice",
                    "Implemented",
                    "Operations director",
                ],
                &["A.5.2", "Roles", "N", "", "Partial", "Operations director"],
            ],
        );
        let m = map_kind(RegisterKind::Soa, &t, &Default::default()).unwrap();
        let names: Vec<&str> = (0..6).map(|i| m.columns.get(&i).map_or("", |f| f[0])).collect();
        assert_eq!(names, ["id", "title", "applicable", "justification", "status", "owner"]);
    }
}

#[cfg(test)]
mod foreign_tests {
    use super::*;

    #[test]
    fn french_and_german_headers() {
        assert_eq!(header_words("Propriétaire"), "owner");
        assert_eq!(header_words("Prob. résiduelle"), "residual likelihood");
        assert_eq!(header_words("Mesures (Annexe A)"), "controls");
        assert_eq!(header_words("Eintrittswahrscheinlichkeit"), "likelihood");
        assert_eq!(header_words("Risk ID"), "risk id");
    }
}
