//! The policy topics of clause 5.2 a document's headings or sentences
//! state, and the inputs of clause 9.3.2 a management review's minutes
//! cover.

/// The 5.2 topics a text states, each with where it first does: the
/// information security objectives (or their framework), the commitment to
/// satisfy applicable requirements, the commitment to continual
/// improvement. Found in headings or in sentences, whatever the headings
/// are called.
pub fn policy_topics(text: &str) -> Vec<(&'static str, usize)> {
    let lower = joined_lines(&text.to_lowercase());
    let mut out = Vec::new();
    let find = |patterns: &[&dyn Fn(&str) -> bool]| -> Option<usize> {
        let mut pos = 0;
        for sentence in lower.split_inclusive(['.', '\n', ';', '!', '?']) {
            if patterns.iter().any(|p| p(sentence)) {
                return Some(pos);
            }
            pos += sentence.len();
        }
        None
    };
    let objectives = |s: &str| {
        ["objective", "ziel", "objectif", "objetivo", "obiettiv", "doelstelling"]
            .iter()
            .any(|w| s.contains(w))
    };
    let requirements = |s: &str| {
        let law = [
            "legal",
            "legislat",
            "statutory",
            "regulatory",
            "regulation",
            "contractual",
            "contract",
            " law",
            "gdpr",
            " act ",
            "customer terms",
            "client terms",
            "gesetz",
            "rechtlich",
            "vertraglich",
            "behördlich",
            "regulator",
            "légal",
            "contractuel",
            "réglementaire",
            "contractual",
            "normativ",
            "legale",
            "contrattual",
            "wettelijk",
            "contractueel",
        ];
        let duty = [
            "requirement",
            "obligation",
            "comply",
            "compliance",
            "complies",
            "meet",
            "satisfy",
            "fulfil",
            "keep to",
            "abide",
            "observe",
            "respect",
            "adhere",
            "terms",
            "anforderung",
            "einhalt",
            "erfüll",
            "exigence",
            "respect",
            "requisito",
            "cumpl",
            "requisit",
            "eis",
            "naleven",
        ];
        (law.iter().any(|l| s.contains(l)) && duty.iter().any(|d| s.contains(d)))
            || s.contains("applicable requirements")
            || s.contains("requisiti applicabili")
            || s.contains("requisitos aplicables")
            || s.contains("exigences applicables")
            || s.contains("anwendbaren anforderungen")
            || s.contains("toepasselijke eisen")
            || s.contains("requirements of interested parties")
    };
    let improvement = |s: &str| {
        s.contains("continual improv")
            || s.contains("continuous improv")
            || s.contains("continually improv")
            || s.contains("continuously improv")
            || (s.contains("improv") && (s.contains("isms") || s.contains("management system")))
            || s.contains("improvement of the isms")
            || s.contains("do better")
            || s.contains("get better")
            || s.contains("getting better")
            || s.contains("better every")
            || s.contains("keep improving")
            || (s.contains("verbesser")
                && (s.contains("kontinuierlich")
                    || s.contains("fortlaufend")
                    || s.contains("ständig")
                    || s.contains("stetig")))
            || s.contains("amélioration continue")
            || s.contains("améliorer en continu")
            || s.contains("mejora continua")
            || s.contains("mejorar continuamente")
            || s.contains("miglioramento continuo")
            || s.contains("continue verbetering")
            || s.contains("melhoria contínua")
    };
    if let Some(at) = find(&[&objectives]) {
        out.push(("objectives", at));
    }
    if let Some(at) = find(&[&requirements]) {
        out.push(("requirements", at));
    }
    if let Some(at) = find(&[&improvement]) {
        out.push(("improvement", at));
    }
    out
}

/// The topic a configured policy section asks for, by its words.
pub fn topic_of_section(section: &str) -> Option<&'static str> {
    let s = section.to_lowercase();
    if s.contains("objective") {
        Some("objectives")
    } else if s.contains("improv") {
        Some("improvement")
    } else if s.contains("requirement") || s.contains("legal") || s.contains("complian") {
        Some("requirements")
    } else {
        None
    }
}

/// The inputs of 9.3.2 a text's headings or sentences cover, by the names
/// of `rules.review_inputs`' defaults (`status of actions`, `issues`,
/// `interested parties`, `nonconformities`, `monitoring`, `audit
/// results`, `objectives`, `feedback`, `risk`, `improvement`), in the
/// languages read: what ISMS-MR-002 asks of minutes kept without a
/// reviews register.
pub fn review_inputs(text: &str) -> Vec<&'static str> {
    let text = &joined_lines(text);
    type Input<'a> = (&'static str, &'a dyn Fn(&str) -> bool);
    let lower = text.to_lowercase();
    let any = |s: &str, words: &[&str]| words.iter().any(|w| s.contains(w));
    let inputs: [Input; 10] = [
        ("status of actions", &|s| {
            (any(
                s,
                &[
                    "action",
                    "acción",
                    "acciones",
                    "acties",
                    "maßnahme",
                    "massnahme",
                    "aufgabe",
                ],
            ) && any(
                s,
                &[
                    "previous",
                    "last",
                    "open",
                    "status",
                    "follow",
                    "outstanding",
                    "carried",
                    "prior",
                    "vorherig",
                    "letzt",
                    "offen",
                    "stand",
                    "précédent",
                    "suivi",
                    "anterior",
                    "seguimiento",
                    "pendiente",
                    "estado",
                    "état",
                    "vorige",
                    "openstaand",
                    "completed",
                    "closed",
                    "done",
                    "erledigt",
                    "abgeschlossen",
                    "cerrad",
                    "clôtur",
                    "afgerond",
                ],
            )) || s.contains("action log")
                || s.contains("action items")
        }),
        ("issues", &|s| {
            any(
                s,
                &[
                    "issue",
                    "context",
                    "kontext",
                    "themen",
                    "enjeux",
                    "contexto",
                    "cuestiones",
                    "pestle",
                    "swot",
                    "changed",
                    "changes",
                    "änderung",
                    "veränder",
                    "changement",
                    "cambio",
                    "wijziging",
                ],
            )
        }),
        ("interested parties", &|s| {
            any(
                s,
                &[
                    "interested part",
                    "stakeholder",
                    "needs and expectations",
                    "interessierte",
                    "parties intéressées",
                    "partes interesadas",
                    "belanghebbend",
                    "parti interessate",
                    "customer",
                    "client",
                    "insurer",
                    "regulator",
                    "kunde",
                    "cliente",
                    "klant",
                    "aufsicht",
                    "régulateur",
                ],
            )
        }),
        ("nonconformities", &|s| {
            any(
                s,
                &[
                    "nonconform",
                    "non-conform",
                    "non conform",
                    "corrective",
                    "abweichung",
                    "nichtkonform",
                    "korrektur",
                    "no conformidad",
                    "correctiva",
                    "afwijking",
                    "correctie",
                    "correttiv",
                    " ncs",
                    " nc ",
                    "minor nc",
                    "major nc",
                    "non-conformité",
                ],
            )
        }),
        ("monitoring", &|s| {
            any(
                s,
                &[
                    "monitor",
                    "measurement",
                    "kpi",
                    "metric",
                    "indicator",
                    "überwachung",
                    "messung",
                    "kennzahl",
                    "surveillance",
                    "indicateur",
                    "medición",
                    "indicador",
                    "meting",
                    "misurazion",
                    "performance",
                    "incidents",
                    "leistung",
                    "desempeño",
                    "rendimiento",
                    "prestazion",
                    "prestaties",
                ],
            )
        }),
        ("audit results", &|s| s.contains("audit")),
        ("objectives", &|s| {
            any(
                s,
                &["objective", "ziel", "objectif", "objetivo", "doelstelling", "obiettiv"],
            )
        }),
        ("feedback", &|s| {
            any(
                s,
                &[
                    "feedback",
                    "rückmeld",
                    "complaint",
                    "beschwerde",
                    "retour",
                    "réclamation",
                    "retroaliment",
                    "queja",
                    "comentarios",
                    "terugkoppel",
                    "klacht",
                    "questionnaire",
                    "survey",
                    "customer",
                    "umfrage",
                    "kunde",
                    "client",
                    "cliente",
                    "klant",
                    "enquête",
                    "encuesta",
                    "request",
                    "asks",
                    "asked",
                ],
            )
        }),
        ("risk", &|s| {
            any(s, &["risk", "risik", "risque", "riesgo", "risico", "rischi"])
        }),
        ("improvement", &|s| {
            any(
                s,
                &[
                    "improv",
                    "verbesser",
                    "amélior",
                    "mejora",
                    "verbeter",
                    "miglior",
                    "opportunit",
                    "further measure",
                    "lessons",
                    "better",
                ],
            )
        }),
    ];
    inputs
        .iter()
        .filter(|(_, covers)| lower.split_inclusive(['.', '\n', ';', '!', '?']).any(covers))
        .map(|(name, _)| *name)
        .collect()
}

/// A paragraph's lines as one: a line break before a word that goes on
/// in lower case (`… meeting applicable\nrequirements …`) is a space. Each
/// byte keeps its place (a break and a space are one byte each).
fn joined_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let goes_on = c == '\n' && chars.peek().is_some_and(|n| n.is_lowercase());
        out.push(if goes_on { ' ' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commitment_written_over_two_lines_is_read() {
        let text = "This policy commits leadership to meeting applicable\nrequirements and to continual improvement of the ISMS.\n";
        let found: Vec<&str> = policy_topics(text).into_iter().map(|(t, _)| t).collect();
        assert!(
            found.contains(&"requirements") && found.contains(&"improvement"),
            "{found:?}"
        );
    }
}
