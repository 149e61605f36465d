//! The words of an ISMS written in another language, as the English words
//! isms reads: column headers and document-control labels (`Risikoeigentümer`,
//! `Propietario del riesgo`, `Date de revue`), and the values of its
//! vocabularies (`freigegeben`, `reducir`, `sehr hoch`, `(Approved)`).
//! German compounds are read by their parts (`Restrisikoklasse` is the
//! residual risk level); in the Romance languages a head noun before `de`
//! is put last (`fecha de aprobación`, the approval date).

/// Phrases, before words: a phrase is replaced where it stands as whole
/// words.
const PHRASES: &[(&str, &str)] = &[
    // The records of 9.2 and 9.3, by their names elsewhere.
    ("revue de direction", "management review"),
    ("revue de la direction", "management review"),
    ("audit interne", "internal audit"),
    ("revisión por la dirección", "management review"),
    ("revision por la direccion", "management review"),
    ("auditoría interna", "internal audit"),
    ("auditoria interna", "internal audit"),
    ("managementbewertung", "management review"),
    ("management-review", "management review"),
    ("internes audit", "internal audit"),
    ("riesame della direzione", "management review"),
    ("directiebeoordeling", "management review"),
    ("revisão pela direção", "management review"),
    ("lecciones aprendidas", "lessons learned"),
    ("prossima revisione", "next review"),
    ("data pianificata", "planned date"),
    ("data prevista", "planned date"),
    ("approvato da", "approved by"),
    ("redatto da", "author"),
    ("nombre y apellidos", "name"),
    // French
    ("date de revue", "last reviewed"),
    ("date revue", "last reviewed"),
    ("date de dernière revue", "last reviewed"),
    ("prochaine revue", "next review"),
    ("prochaine révision", "next review"),
    ("prob résiduelle", "residual likelihood"),
    ("grav résiduelle", "residual impact"),
    ("mise en œuvre", "implementation"),
    ("mise en oeuvre", "implementation"),
    ("approuvé par", "approved by"),
    ("cause racine", "root cause"),
    ("cause première", "root cause"),
    ("données traitées", "data processed"),
    ("retour d expérience", "lessons learned"),
    ("actions correctives", "corrective actions"),
    // Spanish
    ("fecha prevista", "due date"),
    ("fecha límite", "due date"),
    ("fecha objetivo", "due date"),
    ("causa raíz", "root cause"),
    ("acción correctiva", "corrective action"),
    ("acciones correctivas", "corrective action"),
    ("fecha de cierre", "closed on"),
    ("aceptado por", "accepted by"),
    ("accepté par", "accepted by"),
    ("accepté le", "accepted on"),
    ("approuvé le", "approved on"),
    ("campo di applicazione", "scope"),
    ("ambito di applicazione", "scope"),
    (
        "politica per la sicurezza delle informazioni",
        "information security policy",
    ),
    (
        "politica di sicurezza delle informazioni",
        "information security policy",
    ),
    ("sicurezza delle informazioni", "information security"),
    ("audit interno", "internal audit"),
    ("data accettazione", "accepted on"),
    ("data di accettazione", "accepted on"),
    ("accettato da", "accepted by"),
    ("data apertura", "raised on"),
    ("data chiusura", "closed on"),
    ("data di chiusura", "closed on"),
    ("azione correttiva", "corrective action"),
    ("azioni correttive", "corrective action"),
    ("scadenza azione", "due on"),
    ("data svolgimento", "completed on"),
    ("data completamento", "completed on"),
    ("valido fino al", "valid until"),
    ("lezioni apprese", "lessons learned"),
    ("segnalato da", "reported by"),
    ("ultimo riesame", "last reviewed"),
    ("probabilità residua", "residual likelihood"),
    ("impatto residuo", "residual impact"),
    ("riesgo inherente", "inherent risk"),
    ("riesgo residual", "residual risk"),
    ("risque inhérent", "inherent risk"),
    ("risque résiduel", "residual risk"),
    ("rischio inerente", "inherent risk"),
    ("rischio residuo", "residual risk"),
    ("fecha cierre", "closed on"),
    ("fecha detección", "detected on"),
    ("fecha deteccion", "detected on"),
    ("fecha de detección", "detected on"),
    // German
    ("akzeptiert von", "accepted by"),
    ("akzeptiert durch", "accepted by"),
    ("akzeptiert am", "accepted on"),
    ("genehmigt von", "approved by"),
    ("genehmigt durch", "approved by"),
    ("genehmigt am", "approved on"),
    ("freigegeben von", "approved by"),
    ("freigegeben durch", "approved by"),
    ("freigegeben am", "approved on"),
    ("freigabe durch", "approved by"),
    ("freigabe am", "approved on"),
    ("abgeschlossen am", "completed on"),
    ("durchgeführt am", "completed on"),
    ("teilgenommen am", "completed on"),
    ("gültig bis", "valid until"),
    ("fällig am", "due on"),
    ("erledigt am", "closed on"),
    ("realizado el", "completed on"),
    ("válido hasta", "valid until"),
    ("réalisé le", "completed on"),
    ("valable jusqu au", "valid until"),
    ("ew rest", "residual likelihood"),
    ("sa rest", "residual impact"),
    ("ew", "likelihood"),
    ("sa", "impact"),
    // Spanish, Italian, Portuguese, Dutch
    ("aprobado por", "approved by"),
    ("aceptado por", "accepted by"),
    ("aprobado el", "approved on"),
    ("aceptado el", "accepted on"),
    ("approvato da", "approved by"),
    ("accettato da", "accepted by"),
    ("aprovado por", "approved by"),
    ("aceito por", "accepted by"),
    ("aceite por", "accepted by"),
    ("goedgekeurd door", "approved by"),
    ("correctieve maatregel", "corrective action"),
    ("corrigerende maatregel", "corrective action"),
    ("datum melding", "date reported"),
    ("afgesloten op", "closed on"),
    ("gesloten op", "closed on"),
    ("geldig tot", "valid until"),
    ("datum goedkeuring", "approval date"),
    ("volgende review", "next review"),
    ("laatste review", "last reviewed"),
    ("geaccepteerd door", "accepted by"),
    ("niet van toepassing", "not applicable"),
    ("geaccepteerd door", "accepted by"),
    ("van toepassing", "applicable"),
];

/// Single words of German, French, Spanish, Italian, Dutch and Portuguese
/// ISMS registers and documents, as English.
const WORDS: &[(&str, &str)] = &[
    // French
    ("formation", "course"),
    ("formations", "course"),
    ("collaborateur", "employee"),
    ("collaboratrice", "employee"),
    ("salarié", "employee"),
    ("fournisseur", "supplier"),
    ("fournisseurs", "supplier"),
    ("prestataire", "supplier"),
    ("évaluation", "assessment"),
    ("réalisation", "completion"),
    ("expiration", "expiry"),
    ("détection", "detection"),
    ("clôture", "closure"),
    ("ouverture", "opening"),
    ("enseignements", "lessons learned"),
    ("gravité", "severity"),
    ("rapport", "report"),
    ("informe", "report"),
    ("bericht", "report"),
    ("verslag", "report"),
    ("rapporto", "report"),
    ("relatório", "report"),
    ("fonction", "job title"),
    ("nom", "name"),
    ("risque", "risk"),
    ("risques", "risk"),
    ("actif", "asset"),
    ("actifs", "assets"),
    ("menace", "threat"),
    ("vulnérabilité", "vulnerability"),
    ("propriétaire", "owner"),
    ("responsable", "owner"),
    ("probabilité", "likelihood"),
    ("vraisemblance", "likelihood"),
    ("criticité", "score"),
    ("niveau", "level"),
    ("traitement", "treatment"),
    ("mesures", "controls"),
    ("mesure", "control"),
    ("contrôle", "control"),
    ("contrôles", "controls"),
    ("intitulé", "title"),
    ("libellé", "title"),
    ("titre", "title"),
    ("acceptation", "acceptance"),
    ("statut", "status"),
    ("état", "status"),
    ("échéance", "due"),
    ("objectif", "objective"),
    ("objectifs", "objectives"),
    ("cible", "target"),
    ("indicateur", "measure"),
    ("constat", "finding"),
    ("auditeur", "auditor"),
    ("résiduel", "residual"),
    ("résiduelle", "residual"),
    ("approbation", "approval"),
    ("révision", "review"),
    ("revue", "review"),
    ("prochaine", "next"),
    ("dernière", "last"),
    ("classification", "classification"),
    ("emplacement", "location"),
    ("localisation", "location"),
    ("preuve", "evidence"),
    ("preuves", "evidence"),
    ("périmètre", "scope"),
    ("politique", "policy"),
    ("procédure", "procedure"),
    // German
    ("risikoeigentümer", "owner"),
    ("risikoverantwortlicher", "owner"),
    ("verantwortlich", "owner"),
    ("verantwortlicher", "owner"),
    ("verantwortliche", "owner"),
    ("zuständig", "owner"),
    ("eigentümer", "owner"),
    ("inhaber", "owner"),
    ("eintrittswahrscheinlichkeit", "likelihood"),
    ("wahrscheinlichkeit", "likelihood"),
    ("schadensausmaß", "impact"),
    ("schadensausmass", "impact"),
    ("schadenshöhe", "impact"),
    ("auswirkung", "impact"),
    ("auswirkungen", "impact"),
    ("risikowert", "score"),
    ("risikostufe", "level"),
    ("risikoklasse", "level"),
    ("restrisiko", "residual risk"),
    ("risiko", "risk"),
    ("risiken", "risk"),
    ("bedrohung", "threat"),
    ("gefährdung", "threat"),
    ("schwachstelle", "vulnerability"),
    ("maßnahmen", "controls"),
    ("massnahmen", "controls"),
    ("maßnahme", "control"),
    ("massnahme", "control"),
    ("behandlung", "treatment"),
    ("behandlungsoption", "treatment option"),
    ("anwendbar", "applicable"),
    ("anwendbarkeit", "applicable"),
    ("begründung", "justification"),
    ("umsetzung", "implementation"),
    ("umsetzungsstatus", "implementation"),
    ("bezeichnung", "title"),
    ("beschreibung", "description"),
    ("feststellung", "finding"),
    ("feststellungen", "findings"),
    ("abweichung", "nonconformity"),
    ("schwere", "severity"),
    ("schweregrad", "severity"),
    ("kategorie", "category"),
    ("quelle", "source"),
    ("titel", "title"),
    ("fällig", "due"),
    ("fälligkeit", "due"),
    ("termin", "due"),
    ("frist", "due"),
    ("ziel", "objective"),
    ("ziele", "objectives"),
    ("kennzahl", "measure"),
    ("zielwert", "target"),
    ("wert", "asset"),
    ("standort", "location"),
    ("nachweis", "evidence"),
    ("freigabe", "approval"),
    ("freigabedatum", "approval date"),
    ("genehmigung", "approval"),
    ("überprüfung", "review"),
    ("prüfung", "review"),
    ("nächste", "next"),
    ("letzte", "last"),
    ("klassifizierung", "classification"),
    ("klassifikation", "classification"),
    ("vertraulichkeit", "confidentiality"),
    ("schutzbedarf", "criticality"),
    ("kritikalität", "criticality"),
    ("art", "type"),
    ("typ", "type"),
    ("stand", "version"),
    ("akzeptiert", "accepted"),
    ("akzeptanz", "acceptance"),
    ("schulung", "training"),
    ("schulungen", "training"),
    ("personalnr", "employee no"),
    ("personalnummer", "employee no"),
    ("nachname", "surname"),
    ("vorname", "first name"),
    ("abteilung", "department"),
    ("mitarbeiter", "employee"),
    ("mitarbeiterin", "employee"),
    ("abgeschlossen", "completed"),
    ("durchgeführt", "completed"),
    ("gegenstand", "subject"),
    ("caducidad", "expires"),
    ("ambito", "scope"),
    ("ámbito", "scope"),
    // A GRC tool's keys (`current_proba`, `eta`: the date a record is
    // expected to be done by).
    ("proba", "likelihood"),
    ("eta", "due date"),
    ("geplant", "planned"),
    ("normkapitel", "clauses"),
    ("auditgegenstand", "audit subject"),
    ("auditorin", "auditor"),
    ("prüfer", "auditor"),
    ("prüferin", "auditor"),
    ("messgröße", "measure"),
    ("ursache", "root cause"),
    ("korrekturmaßnahme", "corrective action"),
    ("korrekturmaßnahmen", "corrective actions"),
    ("erkannt", "detected"),
    ("festgestellt", "detected"),
    ("gemeldet", "reported"),
    ("datum", "date"),
    ("dokument", "document"),
    ("dokumentnummer", "document number"),
    ("gültig", "valid"),
    ("normativa", "standard"),
    ("normativas", "standards"),
    ("leitlinien", "policies"),
    ("richtlinien", "policies"),
    ("politiques", "policies"),
    ("políticas", "policies"),
    ("leitlinie", "policy"),
    ("richtlinie", "policy"),
    ("geltungsbereich", "scope"),
    ("anwendungsbereich", "scope"),
    ("verfahren", "procedure"),
    ("prozess", "procedure"),
    ("vorfall", "incident"),
    ("sicherheitsvorfall", "incident"),
    ("lieferant", "supplier"),
    ("rolle", "role"),
    ("rollen", "roles"),
    ("funktion", "role"),
    ("aufgaben", "responsibilities"),
    ("aufgabe", "responsibility"),
    ("zuständigkeiten", "responsibilities"),
    ("verantwortlichkeiten", "responsibilities"),
    ("befugnisse", "responsibilities"),
    ("rôle", "role"),
    ("rôles", "roles"),
    ("responsabilités", "responsibilities"),
    ("personne", "person"),
    ("titulaire", "holder"),
    ("rol", "role"),
    ("roles", "roles"),
    ("funciones", "responsibilities"),
    ("responsabilidades", "responsibilities"),
    ("persona", "person"),
    ("ruolo", "role"),
    ("responsabilità", "responsibilities"),
    ("taken", "responsibilities"),
    ("verantwoordelijkheden", "responsibilities"),
    // Spanish
    ("riesgo", "risk"),
    ("riesgos", "risk"),
    ("propietario", "owner"),
    ("probabilidad", "likelihood"),
    ("impacto", "impact"),
    ("nivel", "level"),
    ("tratamiento", "treatment"),
    ("controles", "controls"),
    ("aceptado", "accepted"),
    ("aceptación", "acceptance"),
    ("amenaza", "threat"),
    ("vulnerabilidad", "vulnerability"),
    ("activo", "asset"),
    ("activos", "assets"),
    ("estado", "status"),
    ("formación", "course"),
    ("curso", "course"),
    ("revisión", "review"),
    ("próxima", "next"),
    ("próximo", "next"),
    ("última", "last"),
    ("último", "last"),
    ("aplicable", "applicable"),
    ("aplica", "applies"),
    ("denominación", "name"),
    ("denominacion", "name"),
    ("referencia", "reference"),
    ("gravedad", "severity"),
    ("severidad", "severity"),
    ("categoría", "category"),
    ("empleado", "person"),
    ("empleada", "person"),
    ("realización", "completed"),
    ("realizacion", "completed"),
    ("incidente", "incident"),
    ("acciones", "actions"),
    ("notificado", "notified"),
    ("justificación", "justification"),
    ("motivo", "reason"),
    ("implementación", "implementation"),
    ("implantación", "implementation"),
    ("implementado", "implemented"),
    ("implementada", "implemented"),
    ("implantado", "implemented"),
    ("evidencia", "evidence"),
    ("título", "title"),
    ("descripción", "description"),
    ("nombre", "name"),
    ("objetivo", "objective"),
    ("objetivos", "objectives"),
    ("meta", "target"),
    ("indicador", "measure"),
    ("plazo", "due"),
    ("vencimiento", "due"),
    ("versión", "version"),
    ("aprobado", "approved"),
    ("aprobación", "approval"),
    ("clasificación", "classification"),
    ("tipo", "type"),
    ("ubicación", "location"),
    ("puntuación", "score"),
    ("valoración", "score"),
    ("residual", "residual"),
    ("fecha", "date"),
    ("política", "policy"),
    ("procedimiento", "procedure"),
    ("alcance", "scope"),
    ("seguridad", "security"),
    ("información", "information"),
    ("sécurité", "security"),
    ("sicurezza", "security"),
    ("informazioni", "information"),
    ("informatiebeveiliging", "information security"),
    ("segurança", "security"),
    ("informação", "information"),
    ("sicherheit", "security"),
    ("informationssicherheit", "information security"),
    // Italian
    ("rischio", "risk"),
    ("rischi", "risk"),
    ("proprietario", "owner"),
    ("responsabile", "owner"),
    ("probabilità", "likelihood"),
    ("impatto", "impact"),
    ("livello", "level"),
    ("trattamento", "treatment"),
    ("controlli", "controls"),
    ("controllo", "control"),
    ("accettato", "accepted"),
    ("minaccia", "threat"),
    ("vulnerabilità", "vulnerability"),
    ("stato", "status"),
    ("revisione", "review"),
    ("prossima", "next"),
    ("ultima", "last"),
    ("applicabile", "applicable"),
    ("giustificazione", "justification"),
    ("motivazione", "justification"),
    ("attuazione", "implementation"),
    ("implementazione", "implementation"),
    ("titolo", "title"),
    ("descrizione", "description"),
    ("obiettivo", "objective"),
    ("scadenza", "due"),
    ("versione", "version"),
    ("approvato", "approved"),
    ("approvazione", "approval"),
    ("classificazione", "classification"),
    ("politica", "policy"),
    ("procedura", "procedure"),
    ("politiche", "policies"),
    ("procedure", "procedure"),
    ("punteggio", "score"),
    ("dipendente", "person"),
    ("corso", "course"),
    ("formazione", "training"),
    ("gravità", "severity"),
    ("codice", "id"),
    ("numero", "number"),
    ("causa", "cause"),
    ("origine", "source"),
    ("esito", "result"),
    ("chi", "who"),
    ("ruoli", "roles"),
    ("responsabilità", "responsibilities"),
    ("verbali", "records"),
    ("verbale", "minutes"),
    ("incidenti", "incidents"),
    ("incidente", "incident"),
    ("obiettivi", "objectives"),
    ("indicatore", "measure"),
    ("traguardo", "target"),
    ("metodologia", "method"),
    // Dutch
    ("risico", "risk"),
    ("risico's", "risk"),
    ("eigenaar", "owner"),
    ("kans", "likelihood"),
    ("informatiebeveiligingsbeleid", "information security policy"),
    ("beleid", "policy"),
    ("toepassingsgebied", "scope"),
    ("rollen", "roles"),
    ("verantwoordelijkheden", "responsibilities"),
    ("reden", "reason"),
    ("maatregel", "control"),
    ("maatregelen", "controls"),
    ("naam", "name"),
    ("bron", "source"),
    ("omschrijving", "description"),
    ("oorzaak", "cause"),
    ("bewijs", "evidence"),
    ("doelstelling", "objective"),
    ("doelstellingen", "objectives"),
    ("meetwijze", "measure"),
    ("streefwaarde", "target"),
    ("risico", "risk"),
    ("bedrijfsmiddel", "asset"),
    ("behandeling", "treatment"),
    ("restkans", "residual likelihood"),
    ("restimpact", "residual impact"),
    ("restscore", "residual score"),
    ("restrisico", "residual risk"),
    ("ernst", "severity"),
    ("lessen", "lessons learned"),
    ("medewerker", "person"),
    ("wie", "who"),
    ("verslagen", "records"),
    ("afwijking", "nonconformity"),
    ("afwijkingen", "nonconformities"),
    ("trainingen", "training"),
    ("waarschijnlijkheid", "likelihood"),
    ("gevolg", "impact"),
    ("niveau", "level"),
    ("behandeling", "treatment"),
    ("maatregelen", "controls"),
    ("maatregel", "control"),
    ("restrisico", "residual risk"),
    ("geaccepteerd", "accepted"),
    ("dreiging", "threat"),
    ("kwetsbaarheid", "vulnerability"),
    ("beoordeling", "review"),
    ("volgende", "next"),
    ("laatste", "last"),
    ("toepasselijk", "applicable"),
    ("rechtvaardiging", "justification"),
    ("motivatie", "justification"),
    ("implementatie", "implementation"),
    ("omschrijving", "description"),
    ("beschrijving", "description"),
    ("doelstelling", "objective"),
    ("versie", "version"),
    ("goedgekeurd", "approved"),
    ("goedkeuring", "approval"),
    ("classificatie", "classification"),
    ("beleid", "policy"),
    ("reikwijdte", "scope"),
    // Portuguese
    ("risco", "risk"),
    ("riscos", "risk"),
    ("proprietário", "owner"),
    ("responsável", "owner"),
    ("probabilidade", "likelihood"),
    ("nível", "level"),
    ("tratamento", "treatment"),
    ("controlos", "controls"),
    ("ameaça", "threat"),
    ("vulnerabilidade", "vulnerability"),
    ("situação", "status"),
    ("revisão", "review"),
    ("aplicável", "applicable"),
    ("justificativa", "justification"),
    ("justificação", "justification"),
    ("implementação", "implementation"),
    ("descrição", "description"),
    ("versão", "version"),
    ("aprovado", "approved"),
    ("aprovação", "approval"),
    ("classificação", "classification"),
    ("política", "policy"),
    ("âmbito", "scope"),
    ("escopo", "scope"),
];

/// The parts German compounds are made of (`Rest|risiko|klasse`,
/// `Behandlungs|option`), as English, longest first when two start alike.
const STEMS: &[(&str, &str)] = &[
    ("eintrittswahrscheinlichkeit", "likelihood"),
    ("wahrscheinlichkeit", "likelihood"),
    ("schadensausmaß", "impact"),
    ("schadensausmass", "impact"),
    ("auswirkung", "impact"),
    ("verantwortlicher", "owner"),
    ("verantwortlich", "owner"),
    ("verantwortung", "responsibility"),
    ("eigentümer", "owner"),
    ("behandlung", "treatment"),
    ("überprüfung", "review"),
    ("bewertung", "assessment"),
    ("klassifizierung", "classification"),
    ("vertraulichkeit", "confidentiality"),
    ("akzeptiert", "accepted"),
    ("akzeptanz", "acceptance"),
    ("genehmigung", "approval"),
    ("freigabe", "approval"),
    ("prüfung", "review"),
    ("maßnahme", "control"),
    ("massnahme", "control"),
    ("kontrolle", "control"),
    ("bedrohung", "threat"),
    ("schwachstelle", "vulnerability"),
    ("informationssicherheit", "information security"),
    ("sicherheit", "security"),
    ("risiko", "risk"),
    ("klasse", "level"),
    ("stufe", "level"),
    ("wert", "score"),
    ("option", "option"),
    ("datum", "date"),
    ("status", "status"),
    ("nächste", "next"),
    ("letzte", "last"),
    ("ziel", "objective"),
    ("rest", "residual"),
    ("brutto", "inherent"),
    ("netto", "residual"),
    ("dokument", "document"),
    ("nummer", "number"),
    ("termin", "due"),
    ("leitlinie", "policy"),
    ("richtlinie", "policy"),
    ("politik", "policy"),
    ("verfahren", "procedure"),
    ("anweisung", "procedure"),
    ("prozess", "procedure"),
    ("geltungsbereich", "scope"),
    ("anwendungsbereich", "scope"),
    ("erklärung", "statement"),
    ("anwendbarkeit", "applicability"),
    ("ziele", "objectives"),
    ("bericht", "report"),
    ("schulung", "training"),
    ("unterweisung", "training"),
    ("sensibilisierung", "awareness"),
    ("inventar", "inventory"),
    ("vorfälle", "incidents"),
    ("vorfall", "incident"),
    ("änderung", "change"),
    ("lieferanten", "suppliers"),
    ("protokoll", "record"),
    ("handbuch", "manual"),
    ("konzept", "plan"),
    ("notfall", "emergency"),
    ("plan", "plan"),
    ("liste", "list"),
    ("register", "register"),
    ("verzeichnis", "register"),
    ("schulung", "training"),
    ("nachweis", "record"),
    ("nachweise", "records"),
    ("management", "management"),
];

/// A German compound as its parts in English, when every part is known
/// (a linking `s`, `es` or `n` between parts allowed): `restrisikoklasse`
/// is `residual risk level`.
fn compound(word: &str) -> Option<String> {
    if word.chars().count() < 7 || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    fn split(rest: &str, depth: usize) -> Option<Vec<&'static str>> {
        if rest.is_empty() {
            return Some(Vec::new());
        }
        if depth > 5 {
            return None;
        }
        for (stem, english) in STEMS {
            let Some(after) = rest.strip_prefix(stem) else { continue };
            for link in ["", "s", "es", "n"] {
                let Some(after) = after.strip_prefix(link) else {
                    continue;
                };
                if let Some(mut tail) = split(after, depth + 1) {
                    tail.insert(0, english);
                    return Some(tail);
                }
            }
        }
        None
    }
    let parts = split(word, 0)?;
    (parts.len() >= 2).then(|| parts.join(" "))
}

/// Connectors of a Romance phrase whose head noun comes first (`fecha de
/// aprobación`, `propriétaire du risque`, `livello di rischio`).
const CONNECTORS: &[&str] = &[
    "de", "del", "de la", "des", "du", "de l", "d", "di", "della", "dello", "dei", "do", "da", "dos", "das", "van",
    "van de", "zur", "zum", "der", "für",
];

/// A header, label or phrase (already lower-case words) as English words.
/// Each distinct text is translated once per thread: adoption asks it of
/// every header of every table for every register kind, and of every
/// document's title.
pub fn translated(words: &str) -> String {
    thread_local! {
        static DONE: std::cell::RefCell<std::collections::HashMap<String, String>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if let Some(t) = DONE.with(|d| d.borrow().get(words).cloned()) {
        return t;
    }
    let t = translated_once(words);
    DONE.with(|d| {
        let mut d = d.borrow_mut();
        // (Bounded: a long-lived process reads many titles.)
        if d.len() >= 50_000 {
            d.clear();
        }
        d.insert(words.to_string(), t.clone());
    });
    t
}

fn translated_once(words: &str) -> String {
    // Phrases first, whole (`revue de direction` before its `de` splits it).
    let phrased = phrases(words);
    let words = phrased.trim();
    // `A de B` → `B A`, at the first connector, each side translated (the
    // tail again: `política de seguridad de la información`).
    let tokens: Vec<&str> = words.split_whitespace().collect();
    for i in 1..tokens.len().saturating_sub(1) {
        let two = tokens.get(i..i + 2).map(|t| t.join(" "));
        let width = if two.as_deref().is_some_and(|t| CONNECTORS.contains(&t)) {
            2
        } else if CONNECTORS.contains(&tokens[i]) {
            1
        } else {
            continue;
        };
        let (head, tail) = (tokens[..i].join(" "), tokens[(i + width).min(tokens.len())..].join(" "));
        if tail.is_empty() {
            break;
        }
        let h = translated_words(&head);
        let t = translated(&tail);
        if h != head || t != tail {
            return order(&format!("{t} {h}"));
        }
        break;
    }
    order(&translated_words(words))
}

/// The text with its phrases in English, padded with spaces.
fn phrases(words: &str) -> String {
    let mut out = format!(" {words} ");
    for (foreign, english) in PHRASES {
        // Only where its first word is a word of the text (as it must be
        // for ` {foreign} ` to be in it): most texts hold no phrase.
        let first = foreign.split(' ').next().unwrap_or(foreign);
        if !out.split(' ').any(|w| w == first) {
            continue;
        }
        out = out.replace(&format!(" {foreign} "), &format!(" {english} "));
    }
    out
}

fn translated_words(words: &str) -> String {
    let out = phrases(words);
    out.split_whitespace()
        .map(|w| {
            WORDS
                .iter()
                .find(|(f, _)| *f == w)
                .map(|(_, e)| e.to_string())
                .or_else(|| compound(w))
                .unwrap_or_else(|| w.to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `likelihood residual` (a language that puts it after) → `residual
/// likelihood`; a leading `date` before what it dates → after it.
fn order(words: &str) -> String {
    let mut parts: Vec<&str> = words.split_whitespace().collect();
    for lead in ["residual", "inherent", "next", "last"] {
        if let Some(at) = parts.iter().position(|p| *p == lead)
            && at > 0
            && parts.len() == at + 1
        {
            let w = parts.remove(at);
            parts.insert(0, w);
        }
    }
    if parts.len() > 1 && parts[0] == "date" {
        let d = parts.remove(0);
        parts.push(d);
    }
    parts.join(" ")
}

/// Values of the vocabularies (statuses, levels, treatments, yes/no) in
/// other languages, as the English word the vocabularies know.
const VALUES: &[(&str, &str)] = &[
    // yes / no
    ("ja", "yes"),
    ("nein", "no"),
    ("oui", "yes"),
    ("non", "no"),
    ("sí", "yes"),
    ("si", "yes"),
    ("sì", "yes"),
    ("sim", "yes"),
    ("não", "no"),
    ("nao", "no"),
    ("nee", "no"),
    ("wahr", "yes"),
    ("falsch", "no"),
    ("vrai", "yes"),
    ("faux", "no"),
    // document statuses
    ("freigegeben", "approved"),
    ("genehmigt", "approved"),
    ("gültig", "approved"),
    ("in kraft", "approved"),
    ("verabschiedet", "approved"),
    ("entwurf", "draft"),
    ("in bearbeitung", "draft"),
    ("in bearbeitung", "in progress"),
    ("in arbeit", "in progress"),
    ("en cours", "in progress"),
    ("in corso", "in progress"),
    ("in überarbeitung", "draft"),
    ("zurückgezogen", "retired"),
    ("ungültig", "retired"),
    ("ersetzt", "superseded"),
    ("approuvé", "approved"),
    ("approuvée", "approved"),
    ("validé", "approved"),
    ("validée", "approved"),
    ("en vigueur", "approved"),
    ("brouillon", "draft"),
    ("projet", "draft"),
    ("aprobado", "approved"),
    ("aprobada", "approved"),
    ("vigente", "approved"),
    ("en vigor", "approved"),
    ("borrador", "draft"),
    ("obsoleto", "retired"),
    ("approvato", "approved"),
    ("approvata", "approved"),
    ("in vigore", "approved"),
    ("bozza", "draft"),
    ("goedgekeurd", "approved"),
    ("vastgesteld", "approved"),
    ("concept", "draft"),
    ("aprovado", "approved"),
    ("aprovada", "approved"),
    ("rascunho", "draft"),
    ("published", "approved"),
    ("final", "approved"),
    ("signed off", "approved"),
    // levels
    ("niedrig", "low"),
    ("gering", "low"),
    ("mittel", "medium"),
    ("hoch", "high"),
    ("sehr hoch", "very high"),
    ("kritisch", "critical"),
    ("faible", "low"),
    ("moyen", "medium"),
    ("moyenne", "medium"),
    ("élevé", "high"),
    ("élevée", "high"),
    ("très élevé", "very high"),
    ("critique", "critical"),
    ("bajo", "low"),
    ("baja", "low"),
    ("medio", "medium"),
    ("media", "medium"),
    ("alto", "high"),
    ("alta", "high"),
    ("muy alto", "very high"),
    ("muy alta", "very high"),
    ("crítico", "critical"),
    ("basso", "low"),
    ("molto alto", "very high"),
    ("critico", "critical"),
    ("laag", "low"),
    ("middel", "medium"),
    ("gemiddeld", "medium"),
    ("hoog", "high"),
    ("zeer hoog", "very high"),
    ("kritiek", "critical"),
    ("baixo", "low"),
    ("médio", "medium"),
    ("muito alto", "very high"),
    // treatments
    ("reduzieren", "mitigate"),
    ("mindern", "mitigate"),
    ("behandeln", "mitigate"),
    ("akzeptieren", "accept"),
    ("tragen", "accept"),
    ("übertragen", "transfer"),
    ("transferieren", "transfer"),
    ("vermeiden", "avoid"),
    ("réduire", "mitigate"),
    ("atténuer", "mitigate"),
    ("accepter", "accept"),
    ("transférer", "transfer"),
    ("partager", "transfer"),
    ("éviter", "avoid"),
    ("mitigar", "mitigate"),
    ("reducir", "mitigate"),
    ("tratar", "mitigate"),
    ("aceptar", "accept"),
    ("asumir", "accept"),
    ("retener", "accept"),
    ("transferir", "transfer"),
    ("compartir", "transfer"),
    ("evitar", "avoid"),
    ("mitigare", "mitigate"),
    ("ridurre", "mitigate"),
    ("accettare", "accept"),
    ("trasferire", "transfer"),
    ("condividere", "transfer"),
    ("evitare", "avoid"),
    ("verminderen", "mitigate"),
    ("beperken", "mitigate"),
    ("overdragen", "transfer"),
    ("n.v.t.", "not applicable"),
    ("nvt", "not applicable"),
    ("in behandeling", "in progress"),
    ("op koers", "on track"),
    ("achter op schema", "behind"),
    ("gepland", "planned"),
    ("accepteren", "accept"),
    ("vermijden", "avoid"),
    ("reduzir", "mitigate"),
    ("aceitar", "accept"),
    ("compartilhar", "transfer"),
    // implementation statuses
    ("umgesetzt", "implemented"),
    ("implementiert", "implemented"),
    ("in umsetzung", "in progress"),
    ("teilweise", "partial"),
    ("teilweise umgesetzt", "partial"),
    ("geplant", "planned"),
    ("nicht umgesetzt", "not implemented"),
    ("nicht anwendbar", "not applicable"),
    ("implanté", "implemented"),
    ("implementado", "implemented"),
    ("implantado", "implemented"),
    ("parcial", "partial"),
    ("parcialmente", "partial"),
    ("planificado", "planned"),
    ("previsto", "planned"),
    ("planejado", "planned"),
    ("no aplica", "not applicable"),
    ("implementato", "implemented"),
    ("attuato", "implemented"),
    ("parziale", "partial"),
    ("pianificato", "planned"),
    ("geïmplementeerd", "implemented"),
    ("gedeeltelijk", "partial"),
    // open / closed
    ("offen", "open"),
    ("entfällt", "not applicable"),
    ("molto alta", "very high"),
    ("molto bassa", "very low"),
    ("crítica", "critical"),
    ("critica", "critical"),
    ("crítico", "critical"),
    ("en investigación", "in-progress"),
    ("en investigacion", "in-progress"),
    ("realizada", "completed"),
    ("realizado", "completed"),
    ("entfaellt", "not applicable"),
    ("nicht zutreffend", "not applicable"),
    ("durchgeführt", "completed"),
    ("erreicht", "achieved"),
    ("nicht erreicht", "missed"),
    ("im plan", "on track"),
    ("verzögert", "at risk"),
    ("sehr gering", "very low"),
    ("geschlossen", "closed"),
    ("erledigt", "closed"),
    ("abgeschlossen", "closed"),
    ("ouvert", "open"),
    ("clos", "closed"),
    ("fermé", "closed"),
    ("fermée", "closed"),
    ("close", "closed"),
    ("clôturée", "closed"),
    ("résolu", "closed"),
    ("terminé", "closed"),
    ("terminée", "closed"),
    ("réalisé", "completed"),
    ("réalisée", "completed"),
    ("effectué", "completed"),
    ("effectuée", "completed"),
    ("atteint", "achieved"),
    ("atteinte", "achieved"),
    ("non atteint", "missed"),
    ("non atteinte", "missed"),
    ("en bonne voie", "on track"),
    ("en retard", "at risk"),
    ("sans objet", "not applicable"),
    ("non applicable", "not applicable"),
    ("partiel", "partial"),
    ("partielle", "partial"),
    ("partiellement", "partial"),
    ("planifié", "planned"),
    ("planifiée", "planned"),
    ("prévu", "planned"),
    ("prévue", "planned"),
    ("mis en œuvre", "implemented"),
    ("mise en œuvre", "implemented"),
    ("déployé", "implemented"),
    ("modéré", "medium"),
    ("modérée", "medium"),
    ("modere", "medium"),
    ("mineur", "low"),
    ("mineure", "low"),
    ("majeur", "high"),
    ("majeure", "high"),
    ("grave", "high"),
    ("abierto", "open"),
    ("abierta", "open"),
    ("cerrado", "closed"),
    ("cerrada", "closed"),
    ("en curso", "in-progress"),
    ("en proceso", "in-progress"),
    ("aperto", "open"),
    ("chiuso", "closed"),
    ("chiusa", "closed"),
    ("raggiunto", "achieved"),
    ("raggiunta", "achieved"),
    ("non raggiunto", "missed"),
    ("in linea", "on track"),
    ("in ritardo", "at risk"),
    ("aperta", "open"),
    ("bassa", "low"),
    ("attuata", "implemented"),
    ("parzialmente attuato", "partial"),
    ("non applicabile", "not applicable"),
    ("open", "open"),
    ("gesloten", "closed"),
    ("aberto", "open"),
    ("fechado", "closed"),
    ("in progress", "in-progress"),
    ("to do", "open"),
    ("todo", "open"),
    ("done", "closed"),
];

/// A value as written, its decoration taken off: a Confluence status
/// lozenge `(Approved)`, `[DRAFT]`, `✅ Approved`, `**Final**`.
pub fn undecorated(s: &str) -> &str {
    let t = s.trim();
    let t = t.trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '(' | '[' | '<' | '{'));
    let t = t.trim_matches(['*', '_', '`', ' ']);
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close))
            && !inner.contains([open, close])
            && inner.chars().any(char::is_alphabetic)
        {
            return inner.trim();
        }
    }
    t
}

/// A vocabulary's value written in another language (or decorated), as
/// the English word: `freigegeben` → `approved`, `(Approved)` →
/// `approved`, `sehr hoch` → `very high`. `None` when it is not known.
pub fn value_in_english(s: &str) -> Option<String> {
    values_in_english(s).into_iter().next()
}

/// Every English word a value may stand for, the likeliest first: `in
/// Bearbeitung` is a document's draft and a record's work in progress.
pub fn values_in_english(s: &str) -> Vec<String> {
    let t = undecorated(s).to_lowercase();
    let t = t.trim();
    let found: Vec<String> = VALUES
        .iter()
        .filter(|(f, _)| *f == t)
        .map(|(_, e)| e.to_string())
        .collect();
    if !found.is_empty() {
        return found;
    }
    if t != s.trim().to_lowercase() {
        vec![t.to_string()]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_other_languages() {
        for (header, english) in [
            ("restrisikoklasse", "residual risk level"),
            ("behandlungsoption", "treatment option"),
            ("risikoklasse", "level"),
            ("abgeschlossen am", "completed on"),
            ("durchgeführt am", "completed on"),
            ("teilgenommen am", "completed on"),
            ("gültig bis", "valid until"),
            ("fällig am", "due on"),
            ("erledigt am", "closed on"),
            ("realizado el", "completed on"),
            ("válido hasta", "valid until"),
            ("réalisé le", "completed on"),
            ("valable jusqu au", "valid until"),
            ("ew rest", "residual likelihood"),
            ("akzeptiert durch", "accepted by"),
            ("letzte überprüfung", "last review"),
            ("nächste überprüfung", "next review"),
            ("freigabedatum", "approval date"),
            ("propietario del riesgo", "risk owner"),
            ("fecha de aprobación", "approval date"),
            ("próxima revisión", "next review"),
            ("probabilidad residual", "residual likelihood"),
            ("niveau de risque", "risk level"),
            ("livello di rischio", "risk level"),
            ("eigenaar", "owner"),
            ("data owner", "data owner"),
            ("informationssicherheitsleitlinie", "information security policy"),
            ("isms geltungsbereich", "isms scope"),
            ("informationssicherheitsziele", "information security objectives"),
            ("política de seguridad de la información", "information security policy"),
        ] {
            assert_eq!(translated(header), english, "{header}");
        }
    }

    #[test]
    fn values_in_other_languages_and_decorated() {
        for (value, english) in [
            ("freigegeben", Some("approved")),
            ("(Approved)", Some("approved")),
            ("[DRAFT]", Some("draft")),
            ("✅ Approved", Some("approved")),
            ("Sehr hoch", Some("very high")),
            ("reducir", Some("mitigate")),
            ("Approved", None),
        ] {
            assert_eq!(value_in_english(value).as_deref(), english, "{value}");
        }
    }
}
