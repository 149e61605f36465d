//! ISO/IEC 27001:2022 Annex A control identifiers: the 93 ids, and the
//! normalisation of the spellings registers use (`A.5.1`, `5.1`, `A.05.01`,
//! `iso27001:A.5.1`) to the canonical `A.5.1`.

/// The number of controls in each Annex A theme (5 organisational,
/// 6 people, 7 physical, 8 technological).
const THEMES: [(u8, u8); 4] = [(5, 37), (6, 8), (7, 14), (8, 34)];

/// Every Annex A control id, in order.
pub fn all() -> impl Iterator<Item = String> {
    THEMES
        .iter()
        .flat_map(|&(theme, count)| (1..=count).map(move |n| format!("A.{theme}.{n}")))
}

/// ISO/IEC 27001:2013 Annex A ids and the ISO/IEC 27001:2022 controls that
/// succeed them (the public correspondence between the editions, numbers
/// only): 114 ids, each with one successor or more.
const SUCCESSORS_2013: [(&str, &[&str]); 114] = [
    ("A.5.1.1", &["A.5.1"]),
    ("A.5.1.2", &["A.5.1"]),
    ("A.6.1.1", &["A.5.2"]),
    ("A.6.1.2", &["A.5.3"]),
    ("A.6.1.3", &["A.5.5"]),
    ("A.6.1.4", &["A.5.6"]),
    ("A.6.1.5", &["A.5.8"]),
    ("A.6.2.1", &["A.8.1"]),
    ("A.6.2.2", &["A.6.7"]),
    ("A.7.1.1", &["A.6.1"]),
    ("A.7.1.2", &["A.6.2"]),
    ("A.7.2.1", &["A.5.4"]),
    ("A.7.2.2", &["A.6.3"]),
    ("A.7.2.3", &["A.6.4"]),
    ("A.7.3.1", &["A.6.5"]),
    ("A.8.1.1", &["A.5.9"]),
    ("A.8.1.2", &["A.5.9"]),
    ("A.8.1.3", &["A.5.10"]),
    ("A.8.1.4", &["A.5.11"]),
    ("A.8.2.1", &["A.5.12"]),
    ("A.8.2.2", &["A.5.13"]),
    ("A.8.2.3", &["A.5.10"]),
    ("A.8.3.1", &["A.7.10"]),
    ("A.8.3.2", &["A.7.10"]),
    ("A.8.3.3", &["A.7.10"]),
    ("A.9.1.1", &["A.5.15"]),
    ("A.9.1.2", &["A.5.15"]),
    ("A.9.2.1", &["A.5.16"]),
    ("A.9.2.2", &["A.5.18"]),
    ("A.9.2.3", &["A.8.2"]),
    ("A.9.2.4", &["A.5.17"]),
    ("A.9.2.5", &["A.5.18"]),
    ("A.9.2.6", &["A.5.18"]),
    ("A.9.3.1", &["A.5.17"]),
    ("A.9.4.1", &["A.8.3"]),
    ("A.9.4.2", &["A.8.5"]),
    ("A.9.4.3", &["A.5.17"]),
    ("A.9.4.4", &["A.8.18"]),
    ("A.9.4.5", &["A.8.4"]),
    ("A.10.1.1", &["A.8.24"]),
    ("A.10.1.2", &["A.8.24"]),
    ("A.11.1.1", &["A.7.1"]),
    ("A.11.1.2", &["A.7.2"]),
    ("A.11.1.3", &["A.7.3"]),
    ("A.11.1.4", &["A.7.5"]),
    ("A.11.1.5", &["A.7.6"]),
    ("A.11.1.6", &["A.7.2"]),
    ("A.11.2.1", &["A.7.8"]),
    ("A.11.2.2", &["A.7.11"]),
    ("A.11.2.3", &["A.7.12"]),
    ("A.11.2.4", &["A.7.13"]),
    ("A.11.2.5", &["A.7.10"]),
    ("A.11.2.6", &["A.7.9"]),
    ("A.11.2.7", &["A.7.14"]),
    ("A.11.2.8", &["A.8.1"]),
    ("A.11.2.9", &["A.7.7"]),
    ("A.12.1.1", &["A.5.37"]),
    ("A.12.1.2", &["A.8.32"]),
    ("A.12.1.3", &["A.8.6"]),
    ("A.12.1.4", &["A.8.31"]),
    ("A.12.2.1", &["A.8.7"]),
    ("A.12.3.1", &["A.8.13"]),
    ("A.12.4.1", &["A.8.15"]),
    ("A.12.4.2", &["A.8.15"]),
    ("A.12.4.3", &["A.8.15"]),
    ("A.12.4.4", &["A.8.17"]),
    ("A.12.5.1", &["A.8.19"]),
    ("A.12.6.1", &["A.8.8"]),
    ("A.12.6.2", &["A.8.19"]),
    ("A.12.7.1", &["A.8.34"]),
    ("A.13.1.1", &["A.8.20"]),
    ("A.13.1.2", &["A.8.21"]),
    ("A.13.1.3", &["A.8.22"]),
    ("A.13.2.1", &["A.5.14"]),
    ("A.13.2.2", &["A.5.14"]),
    ("A.13.2.3", &["A.5.14"]),
    ("A.13.2.4", &["A.6.6"]),
    ("A.14.1.1", &["A.5.8"]),
    ("A.14.1.2", &["A.8.26"]),
    ("A.14.1.3", &["A.8.26"]),
    ("A.14.2.1", &["A.8.25"]),
    ("A.14.2.2", &["A.8.32"]),
    ("A.14.2.3", &["A.8.32"]),
    ("A.14.2.4", &["A.8.32"]),
    ("A.14.2.5", &["A.8.27"]),
    ("A.14.2.6", &["A.8.31"]),
    ("A.14.2.7", &["A.8.30"]),
    ("A.14.2.8", &["A.8.29"]),
    ("A.14.2.9", &["A.8.29"]),
    ("A.14.3.1", &["A.8.33"]),
    ("A.15.1.1", &["A.5.19"]),
    ("A.15.1.2", &["A.5.20"]),
    ("A.15.1.3", &["A.5.21"]),
    ("A.15.2.1", &["A.5.22"]),
    ("A.15.2.2", &["A.5.22"]),
    ("A.16.1.1", &["A.5.24"]),
    ("A.16.1.2", &["A.6.8"]),
    ("A.16.1.3", &["A.6.8"]),
    ("A.16.1.4", &["A.5.25"]),
    ("A.16.1.5", &["A.5.26"]),
    ("A.16.1.6", &["A.5.27"]),
    ("A.16.1.7", &["A.5.28"]),
    ("A.17.1.1", &["A.5.29"]),
    ("A.17.1.2", &["A.5.29"]),
    ("A.17.1.3", &["A.5.29"]),
    ("A.17.2.1", &["A.8.14"]),
    ("A.18.1.1", &["A.5.31"]),
    ("A.18.1.2", &["A.5.32"]),
    ("A.18.1.3", &["A.5.33"]),
    ("A.18.1.4", &["A.5.34"]),
    ("A.18.1.5", &["A.5.31"]),
    ("A.18.2.1", &["A.5.35"]),
    ("A.18.2.2", &["A.5.36"]),
    ("A.18.2.3", &["A.5.36", "A.8.8"]),
];

/// The ISO/IEC 27001:2022 controls that succeed a 2013 Annex A id
/// (`A.9.2.3` → `A.8.2`); `None` for an id the 2013 edition did not have.
pub fn successors_2013(id: &str) -> Option<&'static [&'static str]> {
    SUCCESSORS_2013.iter().find(|(old, _)| *old == id).map(|(_, new)| *new)
}

/// Why a control reference could not be normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ControlError {
    /// Not shaped like a control id at all.
    Malformed,
    /// Shaped like one, but ISO/IEC 27001:2022 Annex A has no such control
    /// (for example a 2013 id such as `A.12.1`).
    Unknown(String),
    /// An ISO/IEC 27001:2013 Annex A id (`A.9.2.3`): the 2022 edition
    /// renumbered its controls.
    Edition2013(String),
}

/// Normalises a control reference to `A.<theme>.<number>`.
pub fn normalise(raw: &str) -> Result<String, ControlError> {
    let mut s = raw.trim();
    // `ISO 27001`, `ISO/IEC 27001:2022`, `iso27001:` and the like before the id.
    let lower = s.to_ascii_lowercase();
    if let Some(at) = lower.find("27001") {
        if lower[..at]
            .trim_end()
            .trim_end_matches(['/', ' '])
            .trim_end_matches("iec")
            .trim_end_matches(['/', ' '])
            == "iso"
        {
            let mut rest = &s[at + 5..];
            for year in [":2022", ":2013"] {
                if rest.starts_with(year) {
                    rest = &rest[year.len()..];
                }
            }
            s = rest.trim_start_matches([':', ' ', '-']);
        }
    }
    if let Some(rest) = s.strip_prefix(['A', 'a']) {
        s = rest.trim_start_matches(['.', ' ', '-']);
    }
    let parts: Vec<&str> = s.split('.').collect();
    let (theme, number) = match parts[..] {
        [theme, number] => (theme, number),
        // Three numbers: the 2013 edition (A.5 to A.18, e.g. A.9.2.3).
        [a, b, c]
            if [a, b, c]
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|x| x.is_ascii_digit())) =>
        {
            let theme: u8 = a.parse().unwrap_or(0);
            return Err(if (5..=18).contains(&theme) {
                ControlError::Edition2013(format!(
                    "A.{}.{}.{}",
                    theme,
                    b.trim_start_matches('0'),
                    c.trim_start_matches('0')
                ))
            } else {
                ControlError::Malformed
            });
        }
        _ => return Err(ControlError::Malformed),
    };
    let parse = |p: &str| -> Option<u8> {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let (Some(theme), Some(number)) = (parse(theme), parse(number)) else {
        return Err(ControlError::Malformed);
    };
    let id = format!("A.{theme}.{number}");
    match THEMES.iter().find(|(t, _)| *t == theme) {
        Some(&(_, count)) if (1..=count).contains(&number) => Ok(id),
        _ => Err(ControlError::Unknown(id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_2013_control_has_a_2022_successor_and_only_the_new_ones_have_none() {
        let ids: Vec<String> = all().collect();
        let mut old: Vec<&str> = SUCCESSORS_2013.iter().map(|(o, _)| *o).collect();
        old.dedup();
        assert_eq!(old.len(), 114, "each 2013 id once, in order");
        for (o, new) in SUCCESSORS_2013 {
            assert_eq!(normalise(o), Err(ControlError::Edition2013(o.to_string())));
            assert!(!new.is_empty());
            assert!(new.iter().all(|n| ids.iter().any(|i| i == n)), "{o} → {new:?}");
        }
        // The controls ISO/IEC 27001:2022 added have no predecessor.
        let succeeded: Vec<&str> = SUCCESSORS_2013.iter().flat_map(|(_, n)| n.iter().copied()).collect();
        let added: Vec<&String> = ids.iter().filter(|i| !succeeded.contains(&i.as_str())).collect();
        assert_eq!(
            added,
            [
                "A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10", "A.8.11", "A.8.12", "A.8.16", "A.8.23",
                "A.8.28"
            ]
        );
        assert_eq!(successors_2013("A.9.2.3"), Some(&["A.8.2"][..]));
        assert_eq!(successors_2013("A.18.2.3"), Some(&["A.5.36", "A.8.8"][..]));
        assert_eq!(successors_2013("A.9.9.9"), None);
    }

    #[test]
    fn ninety_three_controls() {
        let ids: Vec<String> = all().collect();
        assert_eq!(ids.len(), 93);
        assert_eq!(ids[0], "A.5.1");
        assert_eq!(ids[92], "A.8.34");
    }

    #[test]
    fn spellings() {
        for raw in [
            "A.5.1",
            "5.1",
            "A.05.01",
            "iso27001:A.5.1",
            "a.5.1",
            " A 5.1 ",
            "ISO27001:2022:A.5.1",
            "iso27001:A.05.01",
            "ISO 27001 A.5.1",
            "ISO/IEC 27001:2022 A.5.1",
            "A5.1",
        ] {
            assert_eq!(normalise(raw), Ok("A.5.1".to_string()), "{raw}");
        }
        assert_eq!(normalise("A.12.1"), Err(ControlError::Unknown("A.12.1".into())));
        assert_eq!(normalise("A.5.38"), Err(ControlError::Unknown("A.5.38".into())));
        assert_eq!(normalise("A.8.0"), Err(ControlError::Unknown("A.8.0".into())));
        assert_eq!(normalise("policy"), Err(ControlError::Malformed));
        assert_eq!(normalise("A.5.1.2"), Err(ControlError::Edition2013("A.5.1.2".into())));
        assert_eq!(normalise("A.9.2.3"), Err(ControlError::Edition2013("A.9.2.3".into())));
        assert_eq!(normalise("A.1.2.3"), Err(ControlError::Malformed));
    }
}
