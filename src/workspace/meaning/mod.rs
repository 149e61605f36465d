//! What a document is and what it says, read from its words rather than
//! from metadata it may not have: its kind from its title, file name and
//! folder; the policy topics of clause 5.2 its headings or sentences state;
//! the template prompts still left in it; whether a file is a template or
//! a site's partial rather than a document.

mod doc_type;
mod mentions;
mod objectives;
mod prompts;
mod topics;

pub use doc_type::*;
pub use mentions::*;
pub use objectives::*;
pub use prompts::*;
pub use topics::*;

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
    // (Hugo's `_index.md` is a section's own page, published: no partial.)
    (file.starts_with('_') && file != "_index.md") || file.contains("template")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_and_reports_are_dated_by_their_own_line() {
        let date = |text: &str| mentions::meeting_date(text, None).and_then(|(_, d, _, _)| d);
        assert_eq!(
            date(
                "# Internal Audit Report 2025\n\nAuditor: Northbeam Advisory (R. Oduya). Fieldwork: 2025-09-15 to 2025-09-16. Report approved on 2025-09-24.\n"
            ),
            // (A span of days is dated by its last, as `14-17 Apr 2025` is.)
            Some("2025-09-16".to_string())
        );
        assert_eq!(
            date("# Managementbewertung 2025\n\nDatum: 14.10.2025. Teilnehmer: GF, ISB.\n"),
            Some("2025-10-14".to_string())
        );
        assert_eq!(date("# Notes\n\nDatum: 14.10.2025\n"), None);
    }

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
            // A README titled for a programme introduces its folder.
            ("Quillstack security program", "README.md", "other"),
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
                "Leitlinie zur Informationssicherheit",
                "Informationssicherheitsleitlinie.md",
                "information-security-policy",
            ),
            (
                "Richtlinie für mobiles Arbeiten",
                "Richtlinien/Mobiles_Arbeiten.md",
                "topic-specific-policy",
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
