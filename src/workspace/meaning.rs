//! What a document is and what it says, read from its words rather than
//! from metadata it may not have: its kind from its title, file name and
//! folder; the policy topics of clause 5.2 its headings or sentences state;
//! the template prompts still left in it; whether a file is a template or
//! a site's partial rather than a document.

use crate::source::Span;

/// The kind of a document its title, file name and folder say, as a value
/// of the document `type` field; `other` when they say none.
pub fn infer_type(title: &str, path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let title_words = words(title);
    let stem_words = words(stem);
    // The information security policy: the title or file name is that and
    // nothing more (an organisation's name or a number aside). A policy
    // "for travelling" is a topic-specific one.
    if is_top_policy(&title_words) || (title_words.is_empty() && is_top_policy(&stem_words)) {
        return "information-security-policy";
    }
    // The organisation's name before it (`Northgate IT Services –
    // Information Security Policy`): the part after the dash says it.
    if [" – ", " — ", " - ", ": ", " | "].iter().any(|sep| {
        title.split_once(sep).is_some_and(|(_, after)| {
            let w = words(after);
            w.iter().any(|x| x == "policy") && is_top_policy(&w)
        })
    }) {
        return "information-security-policy";
    }
    // A title in two languages (`Informationssicherheitsleitlinie
    // (Information Security Policy)`): either name alone says it.
    if let Some((before, rest)) = title.split_once('(')
        && let Some((inside, _)) = rest.split_once(')')
        && (is_top_policy(&words(before)) || is_top_policy(&words(inside)))
    {
        return "information-security-policy";
    }
    for w in [&title_words, &stem_words] {
        if let Some(kind) = kind_of_words(w) {
            return kind;
        }
    }
    // A folder's landing page (`index.md`, `README.md`) is not what the
    // folder holds.
    if matches!(
        stem.to_lowercase().as_str(),
        "index" | "readme" | "_index" | "intro" | "overview"
    ) {
        return "other";
    }
    for folder in path.split('/').rev().skip(1).take(2) {
        let w: Vec<String> = words(folder).into_iter().map(|x| singular(&x)).collect();
        if let Some(kind) = kind_of_words(&w) {
            return match kind {
                "scope" | "information-security-policy" => "other",
                k => k,
            };
        }
    }
    "other"
}

/// A folder's plural as the singular a title would use.
fn singular(word: &str) -> String {
    match word {
        "policies" => "policy".into(),
        "procedures" | "standards" | "plans" | "records" | "logs" | "reports" | "guidelines" | "runbooks"
        | "playbooks" => word.trim_end_matches('s').into(),
        w => w.into(),
    }
}

/// The kind a label of an index names (`Policies:`, `## Procedures`).
pub fn kind_of_label(label: &str) -> Option<&'static str> {
    let w: Vec<String> = words(label).into_iter().map(|x| singular(&x)).collect();
    match kind_of_words(&w)? {
        "scope" | "information-security-policy" => None,
        k => Some(k),
    }
}

/// Lower-case words of a title or file name: separators, numbering
/// (`1.`, `POL-001`, `v1.2`) and punctuation dropped.
fn words(text: &str) -> Vec<String> {
    // A document's code (`ISP-001`, `HF-ISMS-02`, `POL01`) names no kind.
    let text: String = text
        .split_whitespace()
        .filter(|t| {
            let digit = t.chars().any(|c| c.is_ascii_digit());
            !(digit
                && (t.contains(['-', '_']) || !t.chars().any(char::is_lowercase))
                && t.chars().any(char::is_alphabetic))
        })
        .collect::<Vec<_>>()
        .join(" ");
    let raw: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !(w.starts_with('v') && w.len() > 1 && w[1..].chars().all(|c| c.is_ascii_digit())))
        .collect();
    // In English: `Informationssicherheitsleitlinie` is the information
    // security policy, `Política de seguridad de la información` too.
    super::words::translated(&raw.join(" "))
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// Whether a title names the organisation's objectives, in any of the
/// languages read (`Security objectives 2026`, `Informationssicherheitsziele`).
pub fn names_objectives(title: &str) -> bool {
    words(title).iter().any(|w| w == "objective" || w == "objectives")
}

/// Whether these words name the top-level information security policy.
fn is_top_policy(w: &[String]) -> bool {
    // The organisation's name, known by its legal form (`Acme Ltd`,
    // `Tulpnet BV`): up to three words before the form, and the form.
    let mut w: Vec<String> = w.to_vec();
    if let Some(at) = w.iter().position(|x| LEGAL_FORMS.contains(&x.as_str())) {
        let keep = |x: &String| matches!(x.as_str(), "information" | "security" | "policy" | "isms" | "statement");
        let from = (0..at).rev().take(3).take_while(|&i| !keep(&w[i])).last().unwrap_or(at);
        w.drain(from..=at);
    }
    let w: Vec<&str> = w
        .iter()
        .map(String::as_str)
        .filter(|x| {
            !matches!(
                *x,
                "the" | "our" | "isms" | "iso" | "27001" | "pol" | "doc" | "policy" | "statement"
            )
        })
        .collect();
    // What remains must be exactly "information security" or "infosec"
    // (with "management" allowed), once the policy words are dropped.
    matches!(
        w.as_slice(),
        ["information", "security"] | ["information", "security", "management"] | ["infosec"] | ["security"]
    )
}

/// Legal forms that end a company's name, lower-case.
const LEGAL_FORMS: &[&str] = &[
    "ltd", "limited", "llc", "llp", "inc", "plc", "gmbh", "ag", "bv", "nv", "sarl", "sas", "srl", "sl", "oy", "ab",
    "aps", "corp",
];

/// The kind named by the words of a title or file name.
fn kind_of_words(w: &[String]) -> Option<&'static str> {
    let has = |x: &str| w.iter().any(|y| y == x);
    if w.is_empty() {
        return None;
    }
    if has("template") {
        return None;
    }
    if has("scope") && !has("policy") && !has("procedure") {
        return Some("scope");
    }
    if has("policy") {
        return Some("topic-specific-policy");
    }
    if has("procedure") || has("sop") || has("runbook") || has("playbook") || has("process") {
        return Some("procedure");
    }
    if has("standard") || has("guideline") || has("baseline") {
        return Some("standard");
    }
    if has("plan") || has("programme") || has("program") {
        return Some("plan");
    }
    if has("minutes") || (has("management") && has("review") && !has("procedure")) {
        return Some("minutes");
    }
    if has("record") || has("log") || has("report") {
        return Some("record");
    }
    None
}

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

/// The paragraphs of a document body that are still a template's
/// instructions or blanks, with their spans: text an author was asked to
/// replace ("State the purpose … in your own words", "Describe in one line
/// what the ISMS covers", `<Policy Name>`, `[ORG NAME]`, `YYYY-MM-DD`,
/// `_____`). Code blocks, tables and headings are not paragraphs.
pub fn prompts(text: &str, body_start: usize) -> Vec<(String, Span)> {
    prompts_in(text, body_start, false)
}

/// [`prompts`] of a record (minutes, a log): there a field left empty
/// (`Status of actions: [ ]`, `Decision: ____`) is a record never filled
/// in, not a form for its reader.
pub fn prompts_in(text: &str, body_start: usize, record: bool) -> Vec<(String, Span)> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let body = text.get(body_start..).unwrap_or("");
    let mut out = Vec::new();
    let mut current: Option<(String, usize, usize)> = None;
    let mut depth_skip = 0usize;
    let mut paragraph = false;
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Table(_) | Tag::Heading { .. }) => depth_skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Table | TagEnd::Heading(_)) => {
                depth_skip = depth_skip.saturating_sub(1)
            }
            Event::Start(Tag::Paragraph) if depth_skip == 0 => {
                paragraph = true;
                current = Some((String::new(), range.start, range.end));
            }
            // The item of a tight list is a unit of text of its own.
            Event::Start(Tag::Item) if depth_skip == 0 && !paragraph => {
                current = Some((String::new(), range.start, range.end));
            }
            Event::End(TagEnd::Item) if !paragraph => {
                if let Some((s, start, end)) = current.take()
                    && (is_prompt(&s) || (record && is_empty_field(&s)))
                {
                    let raw = body.get(start..end).unwrap_or("");
                    let first = raw.lines().next().unwrap_or("").trim_end();
                    out.push((
                        s.trim().to_string(),
                        Span::new(body_start + start, body_start + start + first.len()),
                    ));
                }
            }
            Event::Text(t) => {
                if let Some((s, _, _)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            // Code is quoted, not written: `#inc-YYYYMMDD` is a name.
            Event::Code(_) => {
                if let Some((s, _, _)) = current.as_mut() {
                    s.push_str("code");
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((s, _, _)) = current.as_mut() {
                    s.push(' ');
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                if let Some((s, _, _)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Paragraph) => {
                paragraph = false;
                if let Some((s, start, end)) = current.take()
                    && (is_prompt(&s) || (record && is_empty_field(&s)))
                {
                    let raw = body.get(start..end).unwrap_or("");
                    let len = raw.trim_end().len();
                    out.push((
                        s.trim().to_string(),
                        Span::new(body_start + start, body_start + start + len),
                    ));
                }
            }
            _ => {}
        }
    }
    out
}

/// A field of a record left empty: `Label: [ ]`, `Label: ____`. (A bare
/// `Findings:` introduces the list under it: not a blank.)
fn is_empty_field(t: &str) -> bool {
    let t = t.trim();
    let Some((label, value)) = t.rsplit_once(':') else {
        return false;
    };
    let v = value.trim();
    !label.trim().is_empty()
        && label.len() <= 120
        && !v.is_empty()
        && (v == "[ ]" || v == "[]" || v.chars().all(|c| c == '_' || c == '.'))
}

/// Verbs a template uses to tell its reader what to write.
const INSTRUCTIONS: &[&str] = &[
    "state",
    "describe",
    "set out",
    "list",
    "insert",
    "enter",
    "add",
    "define",
    "explain",
    "outline",
    "specify",
    "provide",
    "summarise",
    "summarize",
    "write",
    "fill in",
    "replace",
    "document",
    "identify",
    "include",
    "record",
    // French, Spanish, German, Italian: the polite imperatives.
    "décrivez",
    "indiquez",
    "précisez",
    "listez",
    "insérez",
    "renseignez",
    "complétez",
    "expliquez",
    "describa",
    "indique",
    "especifique",
    "beschreiben sie",
    "geben sie",
    "tragen sie",
    "descrivere",
    "indicare",
];

/// Whether a paragraph (or a one-line value) is a template's instruction or
/// blank rather than the organisation's own text.
pub fn is_prompt(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return false;
    }
    let lower = t.to_lowercase();
    if is_form(t) {
        return false;
    }
    if has_blank(t) {
        return true;
    }
    if lower.contains("in your own words")
        || lower.contains("lorem ipsum")
        || lower.contains("delete this")
        || lower.contains("replace this")
        || lower.contains("this template")
    {
        return true;
    }
    let starts_with_instruction = INSTRUCTIONS
        .iter()
        .any(|v| lower.starts_with(v) && lower[v.len()..].starts_with([' ', ':']));
    if !starts_with_instruction {
        return false;
    }
    // An instruction to the template's reader: it points at the standard
    // ("(clause 5.2 a)", "(4.3)"), at the text to write ("in one line",
    // "here", "this section"), or at the organisation as "your".
    let cites_clause = {
        let mut found = false;
        for (i, _) in lower.match_indices('(') {
            let inner = &lower[i + 1..];
            let inner = inner.strip_prefix("clause ").unwrap_or(inner);
            let mut chars = inner.chars();
            if chars.next().is_some_and(|c| c.is_ascii_digit())
                && chars.next() == Some('.')
                && chars.next().is_some_and(|c| c.is_ascii_digit())
            {
                found = true;
                break;
            }
        }
        found
    };
    // `Explain how…`, `Describe what…`: what the document should say, not
    // what its reader should do.
    let verb_len = INSTRUCTIONS
        .iter()
        .find(|v| lower.starts_with(*v) && lower[v.len()..].starts_with([' ', ':']))
        .map_or(0, |v| v.len());
    let after_verb = lower[verb_len..].trim_start();
    let meta = ["how ", "what ", "why ", "when ", "who ", "which ", "where ", "whether "]
        .iter()
        .any(|w| after_verb.starts_with(w));
    cites_clause
        || meta
        || lower.contains(" your ")
        || lower.contains("this procedure")
        || lower.contains("this plan")
        || lower.contains("in one line")
        || lower.contains(" here")
        || lower.contains(" ici")
        || lower.contains(" aquí")
        || lower.contains(" hier ")
        || lower.contains(" qui ")
        || lower.contains("votre ")
        || lower.contains(" su empresa")
        || lower.contains(" ihre ")
        || lower.contains("this section")
        || lower.contains("this policy")
        || lower.contains("this document")
        || lower.contains("your organisation")
        || lower.contains("your organization")
        || lower.contains("your company")
}

/// A form for its reader to fill in — nothing but `Label: ______` pairs
/// (`Name: ____ Signature: ____ Date: ____`) — is not a blank of the
/// document's author.
fn is_form(t: &str) -> bool {
    let mut rest = t.trim();
    let mut pairs = 0;
    while !rest.is_empty() {
        let Some(colon) = rest.find(':') else { return false };
        let label = rest[..colon].trim();
        if label.is_empty() || label.len() > 40 || label.contains('_') {
            return false;
        }
        let after = rest[colon + 1..].trim_start();
        let blank = after.len() - after.trim_start_matches(['_', '.', ' ', '\\']).len();
        if blank < 3 {
            return false;
        }
        rest = after[blank..].trim_start();
        pairs += 1;
    }
    pairs >= 1
}

/// Template blanks inside a text: `<Policy Name>`, `[ORG NAME]`,
/// `[Insert …]`, `{{name}}`, `YYYY-MM-DD`, `DD/MM/YYYY`, `_____`.
pub fn has_blank(t: &str) -> bool {
    if t.contains("YYYY") || t.contains("DD/MM") || t.contains("MM/DD") || t.contains("____") {
        return true;
    }
    // `{{Company Name}}` is a blank; `{{ r.id }}`, `{% for %}`, `{{< ref >}}`
    // are a site generator's template code.
    let mut rest = t;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        let inner = after[..close].trim();
        let code = inner.is_empty()
            || inner.contains(['.', '(', '|', '%', '<', '>', '"', '\''])
            || inner.starts_with(['#', '/', '-'])
            || inner.split_whitespace().next().is_some_and(|w| {
                matches!(
                    w,
                    "if" | "for" | "end" | "else" | "range" | "with" | "define" | "block" | "include"
                )
            });
        if !code {
            return true;
        }
        rest = &after[close + 2..];
    }
    // <Words In Angle Brackets>, not HTML tags, links or e-mail addresses.
    let mut rest = t;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else { break };
        let inner = &after[..close];
        let looks_like_tag = inner.starts_with('/')
            || inner.contains('=')
            || inner.contains("://")
            || inner.contains('@')
            || inner
                .split_whitespace()
                .next()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        if !inner.is_empty() && !looks_like_tag && inner.chars().any(char::is_alphabetic) {
            return true;
        }
        rest = &after[close + 1..];
    }
    // [ORG NAME], [Company Name], [Insert date]: brackets not followed by
    // a link target.
    let mut rest = t;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        let inner = after[..close].trim();
        let linked = after[close + 1..].starts_with('(') || after[close + 1..].starts_with('[');
        // Two or more words in capitals: [ORG NAME], [COMPANY NAME].
        let shouty_words = inner
            .split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase))
            .count();
        let shouty = shouty_words >= 2 && inner.chars().all(|c| !c.is_lowercase());
        let lower = inner.to_lowercase();
        let asks = [
            "insert",
            "enter",
            "add ",
            "name of",
            "company name",
            "organisation name",
            "organization name",
        ]
        .iter()
        .any(|w| lower.starts_with(w))
            || INSTRUCTIONS
                .iter()
                .any(|v| lower.starts_with(v) && lower[v.len()..].starts_with(' '));
        if !linked && (shouty || asks || matches!(lower.as_str(), "tbd" | "tbc" | "todo")) {
            return true;
        }
        rest = &after[close + 1..];
    }
    false
}

/// What a text says of the ISMS's management reviews and internal audits
/// outside their own records: each sentence naming one, the date it gives
/// (`Agreed at management review, 27/01/2026`, `Internal audit (March
/// 2026, Northgate)`), and whether it says the records are kept elsewhere
/// (`minutes … stay in the SharePoint library`).
pub fn mentions(
    text: &str,
    dates: Option<crate::config::DateOrder>,
) -> Vec<(&'static str, Option<String>, bool, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    let flat = text.replace('\n', " ");
    for sentence in flat.split_inclusive(['.', ';', '!', '?']) {
        let at = pos;
        pos += sentence.len();
        let lower = sentence.to_lowercase();
        for (topic, words) in [
            (
                "management_review",
                &[
                    "management review",
                    "revue de direction",
                    "managementbewertung",
                    "directiebeoordeling",
                    "revisión por la dirección",
                    "riesame della direzione",
                ][..],
            ),
            (
                "internal_audit",
                &["internal audit", "audit interne", "internes audit", "interne audit"][..],
            ),
            (
                "asset_inventory",
                &[
                    "asset inventory",
                    "asset register",
                    "inventory of assets",
                    "inventory of information",
                    "asset list",
                    "cmdb",
                    "inventar",
                    "inventaire",
                    "inventario",
                ][..],
            ),
        ] {
            if !words.iter().any(|w| lower.contains(w)) {
                continue;
            }
            // The next one planned (`Nächste Managementbewertung: Oktober
            // 2026`) was not held then.
            let planned = [
                "next ",
                "nächste",
                "prochaine",
                "próxima",
                "proxima",
                "prossim",
                "volgende",
                "planned",
                "scheduled",
                "geplant",
                "prévue",
                "prevista",
            ]
            .iter()
            .any(|w| lower.contains(w));
            let date = super::dates::find(sentence, dates)
                .filter(|_| !planned)
                .and_then(|(s, e)| {
                    super::dates::read(sentence.get(s..e)?, dates.or(Some(crate::config::DateOrder::DayFirst)))
                        .ok()
                        .flatten()
                });
            let elsewhere = [
                "kept in",
                "stay in",
                "stays in",
                "held in",
                "stored in",
                "are kept",
                "is kept",
                "sharepoint",
                "not exported",
                "outside this",
                "held outside",
                "kept outside",
                "in the grc",
                "in the cmdb",
                "cmdb",
                "service desk",
                "asset management tool",
                "in intune",
                "in jira",
                "in snipe",
                "geführt in",
                "gepflegt in",
                "tenu dans",
                "se mantiene en",
            ]
            .iter()
            .any(|w| lower.contains(w));
            out.push((topic, date, elsewhere, at));
        }
    }
    out.extend(meeting_date(text, dates));
    out
}

/// Minutes say when the meeting was held on a line of their own (`Datum:
/// 14.10.2025`, `**Date of meeting:** 3 March 2026`): a mention, on that
/// date, of the review or audit their title names.
fn meeting_date(
    text: &str,
    dates: Option<crate::config::DateOrder>,
) -> Option<(&'static str, Option<String>, bool, usize)> {
    // The title: the first heading (a letterhead may stand above it),
    // else the first line.
    let mut lines = text.lines().filter(|l| !l.trim().is_empty() && l.trim() != "---");
    let first = lines.next()?;
    let title = text
        .lines()
        .take(12)
        .find(|l| l.trim_start().starts_with('#'))
        .unwrap_or(first)
        .to_lowercase();
    let topic = if [
        "management review",
        "revue de direction",
        "managementbewertung",
        "revisión por la dirección",
        "directiebeoordeling",
        "riesame della direzione",
    ]
    .iter()
    .any(|w| title.contains(w))
    {
        "management_review"
    } else if [
        "internal audit",
        "audit interne",
        "internes audit",
        "auditoría interna",
        "interne audit",
        "audit interno",
    ]
    .iter()
    .any(|w| title.contains(w))
    {
        "internal_audit"
    } else {
        return None;
    };
    let mut at = 0;
    for line in text.lines().take(40) {
        let here = at;
        at += line.len() + 1;
        let t = line.trim().trim_start_matches(['-', '*', ' ', '|']);
        let Some((label, value)) = t.split_once([':', '|']) else {
            continue;
        };
        let label = label.trim().trim_matches(['*', '_', ' ']).to_lowercase();
        if !matches!(
            label.as_str(),
            "date"
                | "datum"
                | "fecha"
                | "data"
                | "date of meeting"
                | "meeting date"
                | "held on"
                | "sitzungsdatum"
                | "date de la réunion"
                | "fecha de la reunión"
                | "date held"
                | "held"
                | "audit date"
                | "date of audit"
                | "dates"
                | "audit dates"
                | "fecha de la auditoría"
                | "fecha de auditoría"
                | "date de l'audit"
                | "datum des audits"
                | "auditdatum"
                | "performed on"
        ) {
            continue;
        }
        let value = value.trim_start_matches(['*', '_', ' ']);
        // (Of a span of days, `20/05/2025 – 22/05/2025`, the first.)
        let order = dates.or(Some(crate::config::DateOrder::DayFirst));
        let date = super::dates::find(value, dates).and_then(|(s, e)| {
            let found = value.get(s..e)?;
            super::dates::read(found, order).ok().flatten().or_else(|| {
                let first = found.split(['–', '—']).next()?.split(" - ").next()?.trim();
                super::dates::read(first, order).ok().flatten()
            })
        });
        if date.is_some() {
            return Some((topic, date, false, here));
        }
    }
    None
}

/// The links of a text that point at files of the repository
/// (no scheme, no page anchor alone, not a site's absolute path), with the
/// span of each target as written.
pub fn relative_links(text: &str, body_start: usize) -> Vec<(String, Span)> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let body = text.get(body_start..).unwrap_or("");
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        let target = match &event {
            // (An image is no documented information: a logo left behind
            // by a Word conversion, `media/image1.png`, breaks nothing.)
            Event::Start(Tag::Link { dest_url, .. }) => dest_url.to_string(),
            _ => continue,
        };
        let t = target.trim();
        if t.is_empty()
            || t.starts_with('#')
            || t.starts_with('/')
            || t.contains("://")
            || t.contains(':')
            || t.starts_with('{')
        {
            continue;
        }
        let raw = body.get(range.clone()).unwrap_or("");
        let span = match raw.rfind(t) {
            Some(at) => Span::new(body_start + range.start + at, body_start + range.start + at + t.len()),
            None => Span::new(body_start + range.start, body_start + range.end),
        };
        out.push((t.to_string(), span));
    }
    out
}

/// The objectives a document lists (the items of its top-level numbered
/// or bulleted list), each with whether it states a measure or target,
/// who owns it and when it is due: for a document about objectives.
pub fn listed_objectives(text: &str, body_start: usize) -> Vec<(String, Span, [bool; 3])> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let body = text.get(body_start..).unwrap_or("");
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<(String, usize, usize)> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) if depth == 1 => current = Some((String::new(), range.start, range.end)),
            Event::Text(t) | Event::Code(t) => {
                if let Some((s, _, _)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((s, _, _)) = current.as_mut() {
                    s.push(' ');
                }
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                if let Some((s, start, end)) = current.take() {
                    let lower = s.to_lowercase();
                    let measure = lower.contains("measur")
                        || lower.contains("target")
                        || lower.contains("kpi")
                        || lower.contains('%')
                        || lower.chars().any(|c| c.is_ascii_digit());
                    let owner = lower.contains("owner") || lower.contains("responsib") || lower.contains("lead:");
                    let when = super::dates::find(&s, None).is_some()
                        || ["by ", "due", "quarter", "month", "year", "ongoing", "annual"]
                            .iter()
                            .any(|w| lower.contains(w));
                    let raw = body.get(start..end).unwrap_or("");
                    let first = raw.lines().next().unwrap_or("").trim_end();
                    out.push((
                        s.trim().to_string(),
                        Span::new(body_start + start, body_start + start + first.len()),
                        [measure, owner, when],
                    ));
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether a file is a template or a site's partial rather than a
/// document of the ISMS: `template` in its name or a folder's, or a name
/// starting with `_` (Docusaurus and MkDocs do not publish those).
pub fn is_template_path(path: &str) -> bool {
    let lower = path.to_lowercase();
    is_template_file(path) || lower.split('/').any(|part| part.contains("template"))
}

/// [`is_template_path`] by the file's own name only (a folder called
/// `templates` may hold an organisation's filled-in documents): `template`
/// in the name, or a name starting with `_`.
pub fn is_template_file(path: &str) -> bool {
    let lower = path.to_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    file.starts_with('_') || file.contains("template")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_titles_names_and_folders() {
        let cases = [
            (
                "Information Security Policy",
                "docs/policies/information-security-policy.md",
                "information-security-policy",
            ),
            // The organisation's name, by its legal form, is no topic; a
            // word before the title may be (`Supplier …`).
            (
                "Acme Ltd Information Security Policy",
                "x.md",
                "information-security-policy",
            ),
            (
                "Informatiebeveiligingsbeleid Tulpnet BV",
                "x.md",
                "information-security-policy",
            ),
            ("Supplier Information Security Policy", "x.md", "topic-specific-policy"),
            ("", "docs/information-security-policy.md", "information-security-policy"),
            (
                "ISP-001 Information Security Policy",
                "Policies/ISP-001 Information Security Policy.md",
                "information-security-policy",
            ),
            ("HF-ISMS-08 Access Control Policy", "x.md", "topic-specific-policy"),
            (
                "POL-001 Information Security Policy v1.2",
                "a.md",
                "information-security-policy",
            ),
            (
                "Information Security Policy for Travelling",
                "docs/information-security-policy-for-travelling.md",
                "topic-specific-policy",
            ),
            ("ISMS Scope", "docs/scope.md", "scope"),
            ("Backup Procedure", "x.md", "procedure"),
            ("Incident Response Playbook", "x.md", "procedure"),
            ("Secure Configuration Standard", "x.md", "standard"),
            ("Business Continuity Plan", "x.md", "plan"),
            ("Management Review Minutes 2026", "x.md", "minutes"),
            ("Compte rendu – Revue de direction du 10/03/2025", "x.md", "minutes"),
            ("Rapport d'audit interne – novembre 2025", "x.md", "record"),
            ("Welcome", "docs/policies/index.md", "other"),
            ("Policies", "docs/policies/index.md", "other"),
            ("Clean Desk", "docs/policies/clean-desk.md", "topic-specific-policy"),
            (
                "Informationssicherheitsleitlinie (Information Security Policy)",
                "ISMS-LL-01 Informationssicherheitsleitlinie.md",
                "information-security-policy",
            ),
            (
                "OT-Sicherheit Produktion",
                "01_Leitlinien und Richtlinien/ISMS-RL-07 OT-Sicherheit Produktion.md",
                "topic-specific-policy",
            ),
            (
                "Northgate IT Services – Information Security Policy",
                "Policies/Information Security Policy.md",
                "information-security-policy",
            ),
            ("Lumière Robotics - security & ISMS", "README.md", "other"),
            (
                "Information Security Policy – Travelling",
                "x.md",
                "topic-specific-policy",
            ),
            (
                "Access Control Policy (Zugriffskontrolle)",
                "x.md",
                "topic-specific-policy",
            ),
            ("Welcome", "docs/index.md", "other"),
            ("Policy Template", "templates/policy-template.md", "other"),
        ];
        for (title, path, want) in cases {
            assert_eq!(infer_type(title, path), want, "{title} / {path}");
        }
    }

    #[test]
    fn topics_by_heading_or_sentence() {
        let text = "# 1. Purpose and objectives\n\nWe protect data.\n\nWe comply with legal, regulatory and contractual obligations.\n\nThe ISMS is continually improved.\n";
        let found: Vec<&str> = policy_topics(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(found, ["objectives", "requirements", "improvement"]);
        let plain = "# Policy\n\nWe set ourselves objectives every year.\n\nWe keep to the law and to the security terms in our client appointments.\n\nWe look for ways to do better.\n";
        let found: Vec<&str> = policy_topics(plain).into_iter().map(|(t, _)| t).collect();
        assert_eq!(found, ["objectives", "requirements", "improvement"]);
        assert!(policy_topics("# Purpose\n\nWe protect data.\n").is_empty());
    }

    #[test]
    fn prompts_and_prose() {
        for p in [
            "State the purpose of information security for Acme Ltd, in your own words, and how it supports the organisation's direction (clause 5.2 a).",
            "Describe in one line what the ISMS covers",
            "Describe the boundaries and applicability of the ISMS (clause 4.3): the units.",
            "This policy applies to <Organisation Name>.",
            "Approved on YYYY-MM-DD by ________.",
            "[ORG NAME] is committed to security.",
            "Set out the objectives, or the framework for setting them (5.2 b, 6.2).",
            "Explain how often risks are assessed and what triggers a new assessment.",
            "[Describe your likelihood scale]",
            "Describe what this procedure achieves.",
        ] {
            assert!(is_prompt(p), "{p}");
        }
        for p in [
            "Describe the incident in the ticket, with the time it was seen.",
            "Report incidents to the service desk at <security@acme.example>.",
            "List of approved suppliers is kept in the supplier register.",
            "Acme Ltd is committed to protecting the information of its customers.",
            "See [the access policy](access.md) and [RFC 2119].",
            "Use <br> for line breaks.",
            "{{ r.id }}: {{ r.notes }} {% endfor %}",
            "Name: ____________________ Signature: ____________________ Date: __________",
        ] {
            assert!(!is_prompt(p), "{p}");
        }
    }

    #[test]
    fn templates_and_partials() {
        assert!(is_template_path("templates/policy.md"));
        assert!(is_template_path("docs/Policy Template.md"));
        assert!(is_template_path("docs/_disclaimer.md"));
        assert!(!is_template_path("docs/policies/access.md"));
    }
}
