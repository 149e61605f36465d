//! A document's type read from its title, file name and folder (a policy,
//! a procedure, minutes, a plan…), and whether its title is the top-level
//! information security policy's.

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
    // A folder's landing page titled for a programme (`Quillstack security
    // program`, a README) introduces the folder; it is no plan.
    let landing = matches!(
        stem.to_lowercase().as_str(),
        "index" | "readme" | "_index" | "intro" | "overview"
    );
    for w in [&title_words, &stem_words] {
        // (Nor are a folder's minutes or reports its landing page: `ISMS
        // Management Review`, `_index.md` over the minutes it lists.)
        if let Some(kind) =
            kind_of_words(w).filter(|k| !(landing && matches!(*k, "plan" | "minutes" | "record" | "report")))
        {
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
pub(super) fn singular(word: &str) -> String {
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
pub(super) fn words(text: &str) -> Vec<String> {
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
    crate::workspace::words::translated(&raw.join(" "))
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// Whether these words name the top-level information security policy.
pub(super) fn is_top_policy(w: &[String]) -> bool {
    // The organisation's name, known by its legal form (`Acme Ltd`,
    // `Tulpnet BV`): up to three words before the form, and the form.
    let mut w: Vec<String> = w.to_vec();
    if let Some(at) = w.iter().position(|x| LEGAL_FORMS.contains(&x.as_str())) {
        let keep = |x: &String| matches!(x.as_str(), "information" | "security" | "policy" | "isms" | "statement");
        let from = (0..at).rev().take(3).take_while(|&i| !keep(&w[i])).last().unwrap_or(at);
        w.drain(from..=at);
    }
    // (It says it is a policy: a page titled `Security` or `Information
    // security` is a section's landing page.)
    if !w.iter().any(|x| matches!(x.as_str(), "policy" | "statement")) {
        return false;
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
pub(super) const LEGAL_FORMS: &[&str] = &[
    "ltd", "limited", "llc", "llp", "inc", "plc", "gmbh", "ag", "bv", "nv", "sarl", "sas", "srl", "sl", "oy", "ab",
    "aps", "corp",
];

/// The kind named by the words of a title or file name.
pub(super) fn kind_of_words(w: &[String]) -> Option<&'static str> {
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
