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
