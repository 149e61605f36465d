//! The words that make a reference a role's title (`manager`, `officer`,
//! `… lead`), and those that name top management.

/// Words that make a reference a role's title.
pub(super) const ROLE_WORDS: &[&str] = &[
    "manager",
    "officer",
    "director",
    "head",
    "lead",
    "leader",
    "chief",
    "owner",
    "team",
    "department",
    "board",
    "committee",
    "administrator",
    "admin",
    "coordinator",
    "co-ordinator",
    "analyst",
    "engineer",
    "partner",
    "partners",
    "controller",
    "secretary",
    "president",
    "chair",
    "founder",
    "ceo",
    "cto",
    "cfo",
    "coo",
    "ciso",
    "cio",
    "dpo",
    "hr",
    "it",
    "ops",
    "operations",
    "security",
    "compliance",
    "legal",
    "finance",
    "support",
    "receptionist",
    "clerk",
    "counsel",
    "solicitor",
    "lawyer",
    "attorney",
    "vp",
    "dispatcher",
    "driver",
    "assistant",
    "accountant",
    "bookkeeper",
    "technician",
    "developer",
    "architect",
    "specialist",
    "advisor",
    "adviser",
    "planner",
    "buyer",
    "operator",
    "agent",
    "nurse",
    "paralegal",
    "warehouse",
    "auditor",
    "staff",
    "group",
    "service",
    "desk",
    "governance",
    "executive",
    "management",
    "steward",
    "custodian",
    "champion",
    "representative",
    "consultant",
    "supervisor",
    "practice",
    "clinical",
    "technical",
    "principal",
    "associate",
    "everyone",
    "all",
    "users",
    "employees",
    "contractor",
    "vendor",
    "provider",
    // German, French, Spanish, Italian, Dutch
    "leiter",
    "leiterin",
    "leitung",
    "beauftragter",
    "beauftragte",
    "geschäftsführung",
    "geschäftsführer",
    "geschäftsführerin",
    "vorstand",
    "koordination",
    "koordinator",
    "abteilung",
    "isb",
    "directeur",
    "directrice",
    "direction",
    "responsable",
    "délégué",
    "déléguée",
    "chef",
    "director",
    "directora",
    "dirección",
    "jefe",
    "jefa",
    "gerente",
    "coordinador",
    "coordinadora",
    "responsabile",
    "direttore",
    "direttrice",
    "direzione",
    "hoofd",
    "directie",
    "bestuur",
    "coördinator",
    "beheerder",
];

/// Endings of role words in German compounds (`Teamleiter`,
/// `Datenschutzbeauftragter`, `Geschäftsführung`).
pub(super) const ROLE_ENDINGS: &[&str] = &[
    "leiter",
    "leiterin",
    "leitung",
    "beauftragter",
    "beauftragte",
    "führung",
    "führer",
    "führerin",
    "verantwortlicher",
    "koordination",
];

/// Titles that make a role part of top management (clause 5).
pub(super) const TOP: &[&str] = &[
    "ceo",
    "chief executive",
    "managing director",
    "managing partner",
    "board",
    "directors",
    "partners",
    "president",
    "président",
    "présidente",
    "presidente",
    "präsident",
    "pdg",
    "gérant",
    "gérante",
    "founder",
    "owner-manager",
    "executive committee",
    "senior management team",
    "leadership team",
    "studio director",
    "general manager",
    "top management",
    "top-management",
    "senior leadership",
    "management team",
    "geschäftsführung",
    "geschäftsführer",
    "vorstand",
    "gesellschafter",
    "direction générale",
    "directeur général",
    "directrice générale",
    "comité de direction",
    "dirección general",
    "director general",
    "directora general",
    "gerente general",
    "consejo de administración",
    "comité de dirección",
    "amministratore delegato",
    "direzione generale",
    "consiglio di amministrazione",
    "algemeen directeur",
    "directie",
    "bestuur",
    "diretor geral",
];

/// Whether a lower-cased title is top management's: one of [`TOP`], or
/// the director alone (a small company's `Directeur`).
pub(super) fn is_top(lower: &str) -> bool {
    TOP.iter().any(|t| lower.contains(t))
        || matches!(
            lower.trim(),
            "directeur" | "director" | "directrice" | "directora" | "direktor" | "direttore" | "diretor"
        )
}

/// Whether words are a job or role title: a role's word (`Manager`,
/// `Leiter`), an acronym (`ISB`, `CISO`), or top management's words.
pub(super) fn is_title(text: &str) -> bool {
    let lower = text.to_lowercase();
    let acronym = text
        .split_whitespace()
        .any(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()));
    acronym
        || TOP.iter().any(|t| lower.contains(t))
        || lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .any(|w| ROLE_WORDS.contains(&w) || ROLE_ENDINGS.iter().any(|e| w.len() > e.len() + 2 && w.ends_with(e)))
}

/// Whether words say someone is from outside the organisation (`external`,
/// `contracted`, `outsourced`, `(externe)`…): a role's holder, or a remark
/// beside a name.
pub fn says_outside(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "external",
        "extern",
        "externe",
        "externo",
        "externa",
        "contractor",
        "contracted",
        "consultant",
        "outsourced",
        "third party",
        "third-party",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether a roles register's description of a role says it is top
/// management (`Top management. Accepts risks above appetite.`).
pub fn says_top_management(text: &str) -> bool {
    let lower = text.to_lowercase().replace('-', " ");
    [
        "top management",
        "senior management",
        "member of the board",
        "board member",
        "executive team",
        "leadership team",
        "(direction)",
        "direction générale",
        "comité de direction",
        "geschäftsleitung",
        "dirección general",
        "alta dirección",
        "alta direzione",
        "directie",
    ]
    .iter()
    .any(|t| lower.contains(t))
}
