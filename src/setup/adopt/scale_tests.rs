//! Unit tests of `scale`: scales read from values and headers.

use super::*;

#[test]
fn scales_from_values() {
    let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(factor(&cells(&["3", "4", "2"]), &[]), Factor::Numbers { max: 4 });
    assert_eq!(
        factor(&cells(&["Medium", "Very High", "Low", "High"]), &[]),
        Factor::Words(vec!["Low".into(), "Medium".into(), "High".into(), "Very High".into()])
    );
    assert_eq!(
        factor(&cells(&["Rare", "likely"]), &[]),
        Factor::Words(vec![
            "Rare".into(),
            "Unlikely".into(),
            "Possible".into(),
            "likely".into(),
            "Almost Certain".into()
        ])
    );
    assert_eq!(points(4, &["Likelihood (1-5)"], ""), 5);
    assert_eq!(points(4, &["L"], "Ratings use the 4x4 matrix"), 4);
    assert_eq!(points(3, &["L"], "no method"), 5);
    // A French method states its ratings in a sentence, not a matrix.
    let method = "Le score est le produit (de 1 à 16). La vraisemblance et l'impact sont cotés de 1 à 4.";
    assert_eq!(points(4, &["Vraisemblance"], method), 4);
    assert_eq!(points(3, &["L"], "Likelihood is rated 1 to 3. Impact too."), 3);
    // A value beyond the stated scale is the register's error, not its scale.
    assert_eq!(points(7, &["Likelihood"], "Likelihood and impact are rated 1–5."), 5);
}

#[test]
fn bands_and_appetite_of_a_french_method() {
    let table = "| Niveau | Scores |\n|---|---|\n| Faible | 1 à 3 |\n| Modéré | 4 à 6 |\n| Élevé | 8 à 9 |\n| Critique | 12 à 16 |\n";
    assert_eq!(
        bands_in_text(table),
        Some(vec![
            ("low".into(), 1),
            ("medium".into(), 4),
            ("high".into(), 8),
            ("very-high".into(), 12)
        ])
    );
    assert_eq!(
        appetite("La direction accepte les risques dont le score résiduel est inférieur ou égal à 6 (niveau Modéré)."),
        (Some(6), None)
    );
}

#[test]
fn bands_from_a_method() {
    let table = "| Score | Level |\n|---|---|\n| 1 - 3  | Low |\n| 4 - 6 | Medium |\n| 8 - 9 | High |\n| 12 - 16 | Critical |\n";
    assert_eq!(
        bands_in_text(table),
        Some(vec![
            ("low".into(), 1),
            ("medium".into(), 4),
            ("high".into(), 8),
            ("very-high".into(), 12)
        ])
    );
    assert_eq!(
        bands_in_text("Scores: Low 1-5, Medium 6-12, High 15-25."),
        Some(vec![("low".into(), 1), ("medium".into(), 6), ("high".into(), 15)])
    );
    assert_eq!(bands_in_text("Likelihood 1-5 and impact 1-5."), None);
}

#[test]
fn appetite_from_a_method() {
    assert_eq!(
        appetite("Residual scores of **10 or less** are within appetite and can be accepted."),
        (Some(10), None)
    );
    assert_eq!(
        appetite("Un risque dont la criticité résiduelle est **inférieure ou égale à 6** peut être accepté."),
        (Some(6), None)
    );
    assert_eq!(
        appetite("Our appetite is for residual risk of **Medium or below** (score 12 or less)."),
        (Some(12), Some("medium"))
    );
    assert_eq!(
        appetite(
            "5.1 Residual risks rated **Low or Medium** are within the company's risk appetite and may be accepted."
        ),
        (None, Some("medium"))
    );
    assert_eq!(
        appetite("We accept residual risks scored **9 or below**."),
        (Some(9), None)
    );
    assert_eq!(appetite("Risks are reviewed yearly."), (None, None));
    // As organisations write it where no method page is.
    assert_eq!(
        appetite("Scores of 12 or less are fine as they are. Anything over 12 must either get more controls."),
        (Some(12), None)
    );
    assert_eq!(
        appetite("**Appetite:** residual score ≤ 10. Any residual score above 10 needs treatment."),
        (Some(10), None)
    );
    assert_eq!(appetite("meta:\n  appetite: 10\n"), (Some(10), None));
    assert_eq!(
        appetite("3.4 Residual risk scoring above **12** is outside appetite and must be treated further."),
        (Some(12), None)
    );
    assert_eq!(
        appetite("Risk appetite: residual score of 12 or less (L x I on 5x5),,,,"),
        (Some(12), None)
    );
    assert_eq!(
        appetite(
            "Risikoakzeptanz: Restrisiken mit einem Risikowert bis 6 gelten als akzeptabel. Restrisiken über 6 erfordern Maßnahmen."
        ),
        (Some(6), None)
    );
    assert_eq!(
        appetite("The partners accept residual risks of 10 or less. Residual risks above 10 must be treated."),
        (Some(10), None)
    );
    // `bis` as a word only: `bisher` is no bound.
    assert_eq!(appetite("Akzeptanz: bisher 3 Risiken akzeptiert."), (None, None));
    // Not a threshold: a number of days or a count.
    assert_eq!(appetite("Over 12 people attended the training."), (None, None));
    assert_eq!(
        appetite_in_bands(
            "| Score | Rating | What happens |\n|---|---|---|\n| 1–5 | Low | Accept |\n| 6–11 | Medium | Owner decides |\n| 12–25 | High | Must be treated, or accepted in writing by the CEO |\n"
        ),
        Some(11)
    );
    assert_eq!(
        appetite_in_bands("| 1–6 | Bajo | Se puede aceptar |\n| 15–25 | Alto | Mitigar obligatoriamente |\n"),
        Some(14)
    );
    assert_eq!(appetite_in_bands("| 1–6 | Low | Fine |\n"), None);
}

#[test]
fn bands_from_scores_and_levels() {
    let p = |v: &[(i64, &str)]| v.iter().map(|(s, l)| (*s, l.to_string())).collect::<Vec<_>>();
    assert_eq!(
        bands(
            &p(&[
                (8, "High"),
                (12, "Critical"),
                (6, "Medium"),
                (4, "Medium"),
                (2, "Low"),
                (9, "High")
            ]),
            4
        ),
        Some(vec![
            ("low".into(), 1),
            ("medium".into(), 4),
            ("high".into(), 8),
            ("very-high".into(), 12)
        ])
    );
    // The defaults fit: nothing to say.
    assert_eq!(
        bands(&p(&[(6, "Medium"), (9, "Medium"), (10, "High"), (16, "High")]), 5),
        None
    );
    // Low 1-5, Medium 6-12, High 15-25: no very-high seen, none above.
    assert_eq!(
        bands(
            &p(&[(4, "Low"), (12, "Medium"), (15, "High"), (25, "High"), (6, "Medium")]),
            5
        ),
        Some(vec![("low".into(), 1), ("medium".into(), 6), ("high".into(), 15)])
    );
    assert_eq!(bands(&p(&[(8, "High"), (9, "Medium")]), 5), None);
}

#[test]
fn the_ladder_a_method_states_wins() {
    let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let method = "Eintrittswahrscheinlichkeit und Schadensausmaß werden in vier Stufen bewertet:\n\n\
| Stufe | Wert |\n|---|---|\n| gering | 1 |\n| mittel | 2 |\n| hoch | 3 |\n| sehr hoch | 4 |\n\n\
| Risikowert | Risikoklasse |\n|---|---|\n| 1 bis 3 | gering |\n| 4 bis 6 | mittel |\n| 8 bis 9 | hoch |\n";
    let ladders = ladders_in_text(method);
    // The band table states no ladder.
    assert_eq!(ladders, vec![vec!["gering", "mittel", "hoch", "sehr hoch"]]);
    assert_eq!(
        factor(&cells(&["hoch", "mittel", "gering", "Sehr hoch"]), &ladders),
        Factor::Words(vec![
            "gering".into(),
            "mittel".into(),
            "hoch".into(),
            "Sehr hoch".into()
        ])
    );
    // Levels numbered first, with a description beside them.
    let likert = "| Level | Likelihood | Meaning |\n|---|---|---|\n| 1 | Seldom | once in ten years or less |\n\
| 2 | Occasional | once in a few years |\n| 3 | Frequent | every year |\n";
    let ladders = ladders_in_text(likert);
    assert_eq!(ladders, vec![vec!["seldom", "occasional", "frequent"]]);
    assert_eq!(
        factor(&cells(&["Frequent", "Seldom"]), &ladders),
        Factor::Words(vec!["Seldom".into(), "Occasional".into(), "Frequent".into()])
    );
    // Without a stated ladder, a known one.
    assert!(matches!(factor(&cells(&["gering", "sehr hoch"]), &[]), Factor::Words(w) if w.len() == 4));
}

#[test]
fn an_appetite_under_its_heading_not_in_the_band_table_above() {
    let method = "| Risikowert | Risikoklasse |\n|---|---|\n| 1 bis 3 | gering |\n| 4 bis 6 | mittel |\n\n\
## Risikoakzeptanz\n\nRestrisiken mit einem Risikowert bis einschließlich 4 gelten als tragbar und werden vom \
Risikoeigentümer akzeptiert. Restrisiken mit einem Risikowert über 4 müssen von der Geschäftsführung akzeptiert werden.";
    assert_eq!(appetite(method).0, Some(4));
    // A heading naming the appetite labels the paragraph under it.
    assert_eq!(
        appetite("## Risk appetite\n\nScores of 6 or less need no further action.").0,
        Some(6)
    );
}

#[test]
fn a_ladder_listed_in_a_sentence() {
    let method = "Risks are assessed with the 4×4 matrix: probability Rare, Unlikely, Likely, Very likely; impact Low, Moderate, High or Critical.";
    let ladders = ladders_in_text(method);
    assert!(
        ladders.contains(&vec![
            "rare".into(),
            "unlikely".into(),
            "likely".into(),
            "very likely".into()
        ]),
        "{ladders:?}"
    );
    assert!(
        ladders.contains(&vec!["low".into(), "moderate".into(), "high".into(), "critical".into()]),
        "{ladders:?}"
    );
}
