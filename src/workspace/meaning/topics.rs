//! The policy topics of clause 5.2 a document's headings or sentences
//! state.

/// The 5.2 topics a text states, each with where it first does: the
/// information security objectives (or their framework), the commitment to
/// satisfy applicable requirements, the commitment to continual
/// improvement. Found in headings or in sentences, whatever the headings
/// are called.
pub fn policy_topics(text: &str) -> Vec<(&'static str, usize)> {
    let lower = text.to_lowercase();
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
