//! A column's name against a field's: the words of a header and the names
//! practitioners give each field of each register kind.

use crate::config::kinds::RegisterKind;

/// A header as words: lower-case, punctuation and `(…)` remarks dropped.
pub fn header_words(h: &str) -> String {
    // `N°`, `Nº`, `Nr.`: the number a record is known by.
    if matches!(
        h.trim().to_lowercase().as_str(),
        "n°" | "nº" | "n.º" | "nr." | "nr" | "no." | "numéro" | "número"
    ) {
        return "id".into();
    }
    let mut out = String::new();
    let mut remark = String::new();
    let mut depth = 0;
    for c in h.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth = usize::saturating_sub(depth, 1);
                // A remark that says which value the column holds —
                // `Score (residual)`, `Likelihood (inherent)` — is kept.
                if depth == 0 {
                    let r = remark.trim().to_lowercase();
                    if matches!(
                        r.as_str(),
                        "residual" | "inherent" | "current" | "target" | "rest" | "résiduel" | "residual risk"
                    ) {
                        out.push(' ');
                        out.push_str(&r);
                        out.push(' ');
                    }
                    remark.clear();
                }
            }
            c if depth > 0 => remark.push(c),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            '#' => out.push_str(" no "),
            _ => out.push(' '),
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    // `Inherent L`, `Res. I`, `Residual P`: the letters of a risk's factors
    // beside the word that says which.
    let expanded: Vec<&str> = if words.len() >= 2 {
        words
            .iter()
            .map(|w| match *w {
                "l" | "p" => "likelihood",
                "i" => "impact",
                "res" => "residual",
                "inh" => "inherent",
                w => w,
            })
            .collect()
    } else {
        words
    };
    crate::workspace::words::translated(&expanded.join(" "))
}

/// Names practitioners give a field, as [`header_words`] makes them.
pub(super) fn synonyms(kind: RegisterKind, field: &str) -> &'static [&'static str] {
    match kind {
        RegisterKind::Soa | RegisterKind::Risks | RegisterKind::Assets => super::risk_names::synonyms(kind, field),
        _ => super::record_names::synonyms(kind, field),
    }
}

/// How well a header names a field: 1 for one of the names practitioners
/// give it (or the field's own), less for a name that holds one of them,
/// 0 for none. The header is given as words ([`header_words`]), read once
/// per table.
pub(super) fn name_score(kind: RegisterKind, field: &str, h: &str) -> f64 {
    // When a record was closed is never when it was opened (`Date closed`
    // is no detection date).
    if matches!(
        field,
        "detected_at" | "reported_at" | "raised_on" | "escalated_at" | "notified_at"
    ) && h
        .split(' ')
        .any(|w| matches!(w, "closed" | "closure" | "resolved" | "completed"))
    {
        return 0.0;
    }
    // Nor is a date something was due, planned or expected by the date
    // it was done (`due_date`, `eta` of an audit programme).
    if matches!(field, "performed_on" | "completed_on" | "closed_on" | "implemented_on")
        && h.split(' ')
            .any(|w| matches!(w, "due" | "planned" | "target" | "deadline" | "expected"))
    {
        return 0.0;
    }
    // An audit programme's `Area` is what was audited (its scope), not
    // who owns it (`Area owner`, `Auditee`).
    if kind == RegisterKind::Audits && field == "area" && matches!(h, "area" | "areas") {
        return 0.0;
    }
    let own = field.replace('_', " ");
    if h == own {
        return 1.0;
    }
    let names = synonyms(kind, field);
    if names.contains(&h) {
        return 0.95;
    }
    // A header that holds a name as whole words (`Likelihood score (1-5)`,
    // `Inherent risk rating`), the longer the name the surer.
    let words: Vec<&str> = h.split(' ').collect();
    let holds = |name: &str| {
        let n: Vec<&str> = name.split(' ').collect();
        n.len() <= words.len() && words.windows(n.len()).any(|w| w == n.as_slice())
    };
    names
        .iter()
        .chain(std::iter::once(&own.as_str()))
        .filter(|n| n.len() > 2 && holds(n))
        .map(|n| 0.5 + 0.3 * (n.len() as f64 / h.len().max(1) as f64))
        .fold(0.0, f64::max)
}
