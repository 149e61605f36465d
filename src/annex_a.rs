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
}

/// Normalises a control reference to `A.<theme>.<number>`.
pub fn normalise(raw: &str) -> Result<String, ControlError> {
    let mut s = raw.trim();
    for prefix in ["iso27001:2022:", "iso/iec 27001:2022:", "iso27001:", "iso 27001:"] {
        if s.len() >= prefix.len() && s.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix)) {
            s = s.get(prefix.len()..).unwrap_or("").trim();
        }
    }
    if let Some(rest) = s.strip_prefix(['A', 'a']) {
        s = rest.trim_start_matches(['.', ' ', '-']);
    }
    let mut parts = s.split('.');
    let (Some(theme), Some(number), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ControlError::Malformed);
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
        ] {
            assert_eq!(normalise(raw), Ok("A.5.1".to_string()), "{raw}");
        }
        assert_eq!(normalise("A.12.1"), Err(ControlError::Unknown("A.12.1".into())));
        assert_eq!(normalise("A.5.38"), Err(ControlError::Unknown("A.5.38".into())));
        assert_eq!(normalise("A.8.0"), Err(ControlError::Unknown("A.8.0".into())));
        assert_eq!(normalise("policy"), Err(ControlError::Malformed));
        assert_eq!(normalise("A.5.1.2"), Err(ControlError::Malformed));
    }
}
