//! The ISO/IEC 27001:2022 catalogue of ids as OSCAL: the clause numbers
//! (4.1–10.2, as the evidence pack lists them) and the Annex A ids
//! (A.5.1–A.8.34), each with a short description in our own words. ISO's
//! titles and text are copyright and are not reproduced: a reader needs the
//! standard itself for the requirement; the numbers are what lets tools
//! line results up.
//!
//! Also the profile: every clause (none may be excluded) and the Annex A
//! controls the Statement of Applicability declares applicable.

use super::{CATALOG_FILE, Ids, OSCAL_VERSION, midnight, prop, render};
use crate::report::pack::Evidence;
use crate::workspace::annex_a;
use serde_json::{Value, json};

/// When the catalogue's descriptions were last changed (the catalog's
/// `last-modified`: fixed, so the document is the same on every run).
const CATALOG_DATE: &str = "2026-12-07";

/// Our description of each clause, in the order of [`CLAUSES`].
const CLAUSE_TITLES: [(&str, &str); 30] = [
    ("4.1", "Internal and external issues that shape the ISMS"),
    ("4.2", "Interested parties and what they require"),
    ("4.3", "Boundaries and applicability of the ISMS"),
    ("4.4", "The ISMS set up, run, kept and improved"),
    ("5.1", "Top management leads and backs the ISMS"),
    ("5.2", "A security policy set by top management"),
    ("5.3", "Roles, responsibilities and authorities assigned"),
    ("6.1.1", "Risks and opportunities planned for"),
    ("6.1.2", "How security risks are identified and assessed"),
    (
        "6.1.3",
        "How security risks are treated; the Statement of Applicability",
    ),
    ("6.2", "Security objectives and the plans to reach them"),
    ("6.3", "Changes to the ISMS made in a planned way"),
    ("7.1", "Resources for the ISMS provided"),
    ("7.2", "People competent for their security work"),
    ("7.3", "People aware of the policy and their part in it"),
    ("7.4", "What is communicated, when, by whom and to whom"),
    ("7.5.1", "The documented information the ISMS needs"),
    ("7.5.2", "Documents identified, formatted, reviewed and approved"),
    ("7.5.3", "Documented information available, protected and controlled"),
    ("8.1", "Operations planned and controlled"),
    ("8.2", "Risk assessments carried out at planned intervals"),
    ("8.3", "The risk treatment plan carried out"),
    ("9.1", "Security performance measured and evaluated"),
    ("9.2.1", "Internal audits held at planned intervals"),
    ("9.2.2", "An internal audit programme planned and kept"),
    ("9.3.1", "Top management reviews the ISMS at planned intervals"),
    ("9.3.2", "What a management review takes into account"),
    ("9.3.3", "What a management review decides"),
    ("10.1", "The ISMS keeps being made more suitable and effective"),
    ("10.2", "Nonconformities corrected and their causes removed"),
];

/// Our description of each clause group (the first number of a clause).
const CLAUSE_GROUPS: [(&str, &str); 7] = [
    ("4", "The organisation and its ISMS"),
    ("5", "Management commitment and roles"),
    ("6", "Planning for risks, objectives and changes"),
    ("7", "Resources, people and documents"),
    ("8", "Running the ISMS"),
    ("9", "Measuring, auditing and reviewing"),
    ("10", "Correcting and improving"),
];

/// The four themes of Annex A, with our description.
const THEMES: [(&str, &str); 4] = [
    ("5", "Organisational controls"),
    ("6", "Controls about people"),
    ("7", "Physical controls"),
    ("8", "Technological controls"),
];

/// Our description of each Annex A control (A.5.1–A.8.34), in order.
pub const CONTROLS: [(&str, &str); 93] = [
    ("A.5.1", "Security policies set, approved, published and reviewed"),
    ("A.5.2", "Security roles and responsibilities defined and assigned"),
    ("A.5.3", "Conflicting duties and areas of responsibility kept apart"),
    ("A.5.4", "Management requires everyone to apply security"),
    ("A.5.5", "Contact kept with the relevant authorities"),
    ("A.5.6", "Contact kept with specialist security groups"),
    ("A.5.7", "Information about threats gathered and analysed"),
    ("A.5.8", "Security built into the management of projects"),
    (
        "A.5.9",
        "An inventory of information and associated assets, with owners",
    ),
    ("A.5.10", "Rules for the acceptable use of information and assets"),
    ("A.5.11", "Assets handed back when employment or a contract ends"),
    ("A.5.12", "Information classified by its protection needs"),
    ("A.5.13", "Information labelled according to its classification"),
    ("A.5.14", "Rules and agreements for moving information"),
    ("A.5.15", "Access control policy and rules"),
    ("A.5.16", "Identities managed over their whole life"),
    (
        "A.5.17",
        "Passwords and other authentication secrets allocated and handled",
    ),
    ("A.5.18", "Access rights granted, reviewed, changed and removed"),
    ("A.5.19", "Security risks of suppliers managed"),
    ("A.5.20", "Security requirements agreed in supplier contracts"),
    ("A.5.21", "Security risks of the ICT supply chain managed"),
    ("A.5.22", "Supplier services monitored and their changes reviewed"),
    ("A.5.23", "Security of the cloud services the organisation uses"),
    ("A.5.24", "Incident handling planned, with roles and procedures"),
    ("A.5.25", "Security events assessed and classified as incidents or not"),
    ("A.5.26", "Incidents responded to by documented procedures"),
    ("A.5.27", "Lessons from incidents used to strengthen controls"),
    ("A.5.28", "Evidence about events identified, gathered and kept"),
    ("A.5.29", "Security kept at the right level during disruption"),
    ("A.5.30", "ICT ready to support business continuity"),
    (
        "A.5.31",
        "Legal, regulatory and contractual requirements identified and met",
    ),
    ("A.5.32", "Intellectual property rights respected"),
    (
        "A.5.33",
        "Records kept safe from loss, tampering and unauthorised access",
    ),
    ("A.5.34", "Privacy and personal data protected as the law requires"),
    ("A.5.35", "Security management reviewed independently"),
    ("A.5.36", "Adherence to policies, rules and standards checked"),
    ("A.5.37", "Operating procedures documented and available"),
    ("A.6.1", "Background checks on candidates before they join"),
    ("A.6.2", "Security duties written into employment terms"),
    ("A.6.3", "Staff made aware and trained in security"),
    ("A.6.4", "A disciplinary process for breaches of policy"),
    ("A.6.5", "Security duties that continue after leaving or changing role"),
    ("A.6.6", "Non-disclosure agreements in place and reviewed"),
    ("A.6.7", "Work done away from the premises kept secure"),
    ("A.6.8", "Staff report security events they notice"),
    ("A.7.1", "Secure areas bounded by defined perimeters"),
    ("A.7.2", "Entry to secure areas controlled"),
    ("A.7.3", "Offices, rooms and facilities made secure"),
    ("A.7.4", "Premises watched for unauthorised entry"),
    ("A.7.5", "Protection from physical and environmental threats"),
    ("A.7.6", "Rules for working inside secure areas"),
    ("A.7.7", "Desks and screens left clear of information"),
    ("A.7.8", "Equipment placed and protected sensibly"),
    ("A.7.9", "Assets kept secure when taken off site"),
    ("A.7.10", "Storage media handled from acquisition to disposal"),
    ("A.7.11", "Power and other utilities protected from failure"),
    ("A.7.12", "Power and data cables protected"),
    ("A.7.13", "Equipment kept in working order"),
    ("A.7.14", "Equipment wiped or destroyed before disposal or reuse"),
    ("A.8.1", "Information on users' devices protected"),
    ("A.8.2", "Privileged access restricted and managed"),
    ("A.8.3", "Access to information and systems limited by the access rules"),
    ("A.8.4", "Read and write access to source code controlled"),
    ("A.8.5", "Authentication that resists misuse"),
    ("A.8.6", "Resource use monitored and capacity planned"),
    ("A.8.7", "Malware prevented, detected and removed"),
    ("A.8.8", "Technical weaknesses found, assessed and fixed"),
    ("A.8.9", "Configurations set, recorded and monitored"),
    ("A.8.10", "Information deleted once it is no longer needed"),
    ("A.8.11", "Sensitive data masked where policy requires"),
    ("A.8.12", "Leaks of data prevented and detected"),
    ("A.8.13", "Information backed up and restores tested"),
    ("A.8.14", "Processing facilities with enough redundancy"),
    ("A.8.15", "Logs of activity produced, kept and protected"),
    ("A.8.16", "Systems watched for unusual behaviour"),
    ("A.8.17", "Clocks set from an agreed time source"),
    ("A.8.18", "Powerful system utilities restricted"),
    ("A.8.19", "Installing software on live systems controlled"),
    ("A.8.20", "Networks and their devices secured"),
    ("A.8.21", "Security of network services agreed and monitored"),
    ("A.8.22", "Groups of services, users and systems separated on networks"),
    ("A.8.23", "Access to external websites filtered"),
    ("A.8.24", "Cryptography used by rule, keys managed"),
    ("A.8.25", "Security built into the development life cycle"),
    ("A.8.26", "Security requirements set for applications"),
    ("A.8.27", "Systems designed and built on secure principles"),
    ("A.8.28", "Code written so as to avoid vulnerabilities"),
    ("A.8.29", "Security tested during development and acceptance"),
    ("A.8.30", "Outsourced development directed and checked"),
    ("A.8.31", "Development, test and production kept apart"),
    ("A.8.32", "Changes to systems made under change control"),
    ("A.8.33", "Information used for testing chosen and protected"),
    ("A.8.34", "Live systems protected while they are audited"),
];

/// The OSCAL control id of a clause (`4.1` → `clause-4.1`) or an Annex A
/// control (`A.5.1` → `a-5.1`): OSCAL ids are tokens, which may not start
/// with a digit.
pub fn control_id(label: &str) -> String {
    match label.strip_prefix("A.") {
        Some(rest) => format!("a-{rest}"),
        None => format!("clause-{label}"),
    }
}

/// Every clause and control of the catalogue: (label, our title).
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    CLAUSE_TITLES.iter().chain(CONTROLS.iter()).copied()
}

/// Whether the ids of the tables above are those the evidence pack and the
/// rules use (kept in step by a unit test).
fn clause_labels() -> impl Iterator<Item = &'static str> {
    CLAUSE_TITLES.iter().map(|(c, _)| *c)
}

fn control(label: &str, title: &str, sort: usize) -> Value {
    json!({
        "id": control_id(label),
        "title": title,
        "props": [
            { "name": "label", "value": label },
            { "name": "sort-id", "value": format!("{sort:03}") },
        ],
    })
}

/// The catalog's UUID: one subject whoever writes it.
fn catalog_uuid() -> String {
    Ids::new("iso27001-2022-catalog").of("catalog", "ISO/IEC 27001:2022")
}

/// The catalogue as an OSCAL catalog.
pub fn catalog() -> String {
    let mut sort = 0;
    let mut next = || {
        sort += 1;
        sort
    };
    let clause_groups: Vec<Value> = CLAUSE_GROUPS
        .iter()
        .map(|(n, title)| {
            let controls: Vec<Value> = CLAUSE_TITLES
                .iter()
                .filter(|(c, _)| c.split('.').next() == Some(n))
                .map(|(c, t)| control(c, t, next()))
                .collect();
            json!({ "id": format!("clause-{n}"), "class": "clause", "title": title, "props": [{ "name": "label", "value": n }], "controls": controls })
        })
        .collect();
    let themes: Vec<Value> = THEMES
        .iter()
        .map(|(n, title)| {
            let controls: Vec<Value> = CONTROLS
                .iter()
                .filter(|(c, _)| c.strip_prefix("A.").and_then(|r| r.split('.').next()) == Some(n))
                .map(|(c, t)| control(c, t, next()))
                .collect();
            json!({ "id": format!("a-{n}"), "class": "annex-a-theme", "title": title, "props": [{ "name": "label", "value": format!("A.{n}") }], "controls": controls })
        })
        .collect();
    let doc = json!({
        "catalog": {
            "uuid": catalog_uuid(),
            "metadata": {
                "title": "ISO/IEC 27001:2022 clause and Annex A identifiers (isms)",
                "last-modified": midnight(CATALOG_DATE),
                "version": env!("CARGO_PKG_VERSION"),
                "oscal-version": OSCAL_VERSION,
                "props": [prop("tool", format!("isms {}", env!("CARGO_PKG_VERSION")))],
                "remarks": "The clause numbers and Annex A identifiers of ISO/IEC 27001:2022 with short descriptions written for isms. They are not ISO's titles or text, which are copyright: read the standard for the requirements.",
            },
            "groups": [
                { "id": "clauses", "class": "requirements", "title": "Requirements of the management system (clauses 4 to 10)", "groups": clause_groups },
                { "id": "annex-a", "class": "annex", "title": "Reference controls (Annex A)", "groups": themes },
            ],
        }
    });
    render(&doc)
}

/// The profile: every clause, and the Annex A controls the SoA declares
/// applicable (a control the SoA leaves out or leaves undecided is not
/// selected).
pub fn profile(e: &Evidence) -> String {
    let ids = Ids::new(&e.organisation);
    let applicable = applicable(e);
    let with_ids: Vec<String> = clause_labels()
        .map(control_id)
        .chain(applicable.iter().map(|c| control_id(c)))
        .collect();
    let doc = json!({
        "profile": {
            "uuid": ids.of("profile", &e.organisation),
            "metadata": {
                "title": format!("ISO/IEC 27001:2022 as applicable to {}", e.organisation),
                "last-modified": super::timestamp(e),
                "version": super::version(e),
                "oscal-version": OSCAL_VERSION,
                "props": [
                    prop("tool", format!("isms {}", env!("CARGO_PKG_VERSION"))),
                    prop("applicable-controls", applicable.len().to_string()),
                ],
                "remarks": "Every clause of the standard, and the Annex A controls that the Statement of Applicability declares applicable.",
            },
            "imports": [{ "href": format!("#{}", catalog_uuid()), "include-controls": [{ "with-ids": with_ids }] }],
            "merge": { "as-is": true },
            "back-matter": { "resources": [catalog_resource()] },
        }
    });
    render(&doc)
}

/// The back-matter resource that points at the catalog file.
pub(super) fn catalog_resource() -> Value {
    json!({
        "uuid": catalog_uuid(),
        "title": "ISO/IEC 27001:2022 clause and Annex A identifiers (isms)",
        "description": "Written by `isms report --format oscal-catalog`.",
        "rlinks": [{ "href": CATALOG_FILE, "media-type": "application/oscal.catalog+json" }],
    })
}

/// The Annex A ids the SoA declares applicable, in catalogue order (ids
/// are matched as the SoA writes them, `A.5.1` or `5.1`).
pub fn applicable(e: &Evidence) -> Vec<&'static str> {
    CONTROLS
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| {
            e.soa
                .iter()
                .any(|row| row.applicable == Some(true) && same_control(&row.control, c))
        })
        .collect()
}

/// Whether a control id as the SoA, a rule or a finding writes it (`A.5.1`,
/// `5.1`, `A.05.01`, …) names Annex A control `label`; a whole theme
/// (`A.8`) names each control of it.
pub fn same_control(written: &str, label: &str) -> bool {
    if let Ok(id) = annex_a::normalise(written) {
        return id == label;
    }
    let theme = written
        .trim()
        .strip_prefix(['A', 'a'])
        .map(|t| t.trim_start_matches('.'))
        .and_then(|t| t.parse::<u8>().ok())
        .filter(|t| (5..=8).contains(t));
    theme.is_some_and(|t| label.starts_with(&format!("A.{t}.")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::pack::CLAUSES;

    #[test]
    fn the_clauses_are_the_packs_and_annex_a_has_93_controls_in_order() {
        assert!(clause_labels().eq(CLAUSES.iter().copied()));
        let ids: Vec<String> = CONTROLS.iter().map(|(c, _)| (*c).to_string()).collect();
        assert_eq!(ids, annex_a::all().collect::<Vec<_>>());
        assert_eq!(all().count(), 123);
    }

    #[test]
    fn control_ids_are_tokens() {
        assert_eq!(control_id("4.1"), "clause-4.1");
        assert_eq!(control_id("A.8.34"), "a-8.34");
        assert!(same_control("5.15", "A.5.15"));
        assert!(same_control("A.5.15", "A.5.15"));
        assert!(same_control("A.05.15", "A.5.15"));
        assert!(!same_control("A.5.1", "A.5.15"));
        assert!(same_control("A.8", "A.8.34"));
        assert!(!same_control("A.8", "A.7.1"));
        assert!(!same_control("8.3", "A.8.34"));
    }

    #[test]
    fn the_catalog_is_the_same_on_every_run() {
        assert_eq!(catalog(), catalog());
        let v: Value = serde_json::from_str(&catalog()).unwrap_or_default();
        assert_eq!(v["catalog"]["groups"][1]["groups"][0]["controls"][14]["id"], "a-5.15");
        assert_eq!(
            v["catalog"]["groups"][1]["groups"][0]["controls"][14]["title"],
            "Access control policy and rules"
        );
        assert!(
            v["catalog"]["metadata"]["remarks"]
                .as_str()
                .is_some_and(|r| r.contains("not ISO's"))
        );
    }
}
