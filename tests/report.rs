//! `isms report`: the evidence pack. The numbers it shows are the
//! registers' and the audit's own (counted here independently), the
//! Markdown is GitHub-flavoured with tables and no raw HTML, the HTML is
//! self-contained, and the report says what it was built from.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Scratch;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::collections::BTreeMap;

/// (likelihood, impact) → risks, inherent and residual, read from the
/// example's risk register with the csv crate.
/// Risks per (likelihood, impact) cell.
type Cells = BTreeMap<(u32, u32), usize>;

fn example_cells() -> (Cells, Cells) {
    let mut reader = csv::Reader::from_path(common::example().join("registers/risks.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (l, i, rl, ri) = (
        col("Inherent Likelihood"),
        col("Inherent Impact"),
        col("Residual Likelihood"),
        col("Residual Impact"),
    );
    let (mut inherent, mut residual) = (BTreeMap::new(), BTreeMap::new());
    for row in reader.records() {
        let row = row.unwrap();
        let n = |k: usize| row[k].parse::<u32>().ok();
        *inherent.entry((n(l).unwrap(), n(i).unwrap())).or_insert(0) += 1;
        let res = match (n(rl), n(ri)) {
            (Some(a), Some(b)) => (a, b),
            _ => (n(l).unwrap(), n(i).unwrap()),
        };
        *residual.entry(res).or_insert(0) += 1;
    }
    (inherent, residual)
}

fn report(dir: &std::path::Path, args: &[&str]) -> String {
    let mut all = vec!["report", "--now", common::NOW];
    all.extend(args);
    let (code, out, err) = common::run(Some(dir), &all);
    assert_eq!(code, 0, "{out}{err}");
    out
}

/// The Markdown heat map table that follows `heading`: (likelihood, impact) → count.
fn markdown_cells(md: &str, heading: &str) -> Cells {
    let start = md.find(heading).unwrap_or_else(|| panic!("no `{heading}` in\n{md}"));
    let mut cells = BTreeMap::new();
    for line in md[start..].lines().skip(4).take_while(|l| l.starts_with("| **")) {
        let parts: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let impact: u32 = parts[0].trim_matches('*').parse().unwrap();
        // A cell is `count (ids)`, or `·` when empty.
        for (k, cell) in parts[1..].iter().enumerate() {
            if let Some((n, ids)) = cell.split_once(" (") {
                let n: usize = n.parse().unwrap();
                assert_eq!(ids.trim_end_matches(')').split(", ").count(), n, "{cell}");
                cells.insert((k as u32 + 1, impact), n);
            }
        }
    }
    cells
}

#[test]
fn the_heat_maps_count_the_risks_of_the_register() {
    let scratch = Scratch::example();
    let md = report(scratch.path(), &["--format", "markdown"]);
    let (inherent, residual) = example_cells();
    assert_eq!(inherent.values().sum::<usize>(), 30);
    assert_eq!(markdown_cells(&md, "### Inherent heat map"), inherent);
    assert_eq!(markdown_cells(&md, "### Residual heat map"), residual);

    // The HTML draws the same counts in its SVG cells.
    let html = report(scratch.path(), &[]);
    for ((l, i), n) in &inherent {
        let title = format!("<title>likelihood {l} × impact {i} = {}: {n} risk(s): R-", l * i);
        let svg = &html[html.find("id=\"heatmap-inherent\"").unwrap()..html.find("id=\"heatmap-residual\"").unwrap()];
        assert!(svg.contains(&title), "{title}");
    }
    assert_eq!(html.matches("<rect ").count() - html.matches("<rect x=\"").count(), 0);
    // 25 cells in each map.
    let inherent_svg = &html[html.find("id=\"heatmap-inherent\"").unwrap()..];
    let inherent_svg = &inherent_svg[..inherent_svg.find("</svg>").unwrap()];
    assert_eq!(inherent_svg.matches("<rect ").count(), 25);
}

#[test]
fn the_markdown_is_gfm_tables_without_raw_html() {
    let scratch = Scratch::example();
    let md = report(scratch.path(), &["--format", "markdown"]);
    let mut tables = 0;
    let mut html = Vec::new();
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Table(_)) => tables += 1,
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            _ => {}
        }
    }
    assert_eq!(html, Vec::<String>::new());
    // Clauses, duties, findings, documents, two heat maps, acceptances,
    // risks, SoA, objectives, reviews, audits, nonconformities, open items,
    // training (the trail is a sentence: nothing changed since the root).
    assert_eq!(tables, 15, "{md}");
    // Every table row has as many cells as its header.
    for block in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let widths: Vec<usize> = block
            .lines()
            .map(|l| l.replace("\\|", "").matches('|').count())
            .collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{block}");
    }
}

#[test]
fn the_report_lists_the_soa_open_items_and_training_of_the_registers() {
    let scratch = Scratch::example();
    // A nonconformity still open and overdue, and an engineer's lapsed training.
    scratch.append(
        "registers/nonconformities.toml",
        "\n[[finding]]\nid = \"NC-2026-09\"\ntitle = \"Backups not restored in test\"\nsource = \"internal-audit\"\ntype = \"minor\"\nowner = \"Head of Operations\"\nraised_on = 2026-09-01\ndue_on = 2026-10-31\nstatus = \"open\"\n",
    );
    let md = report(scratch.path(), &["--format", "markdown"]);
    assert!(
        md.contains("| findings | NC-2026-09 | Backups not restored in test | Sam Whitfield (Head of Operations) | **2026-10-31 (overdue)** | open |"),
        "{md}"
    );
    let soa_rows = md.lines().filter(|l| l.starts_with("| A.")).count();
    let soa_lines = common::example().join("registers/soa.csv");
    assert_eq!(
        soa_rows,
        std::fs::read_to_string(soa_lines).unwrap().lines().count() - 1
    );
    assert!(
        md.contains("| A.5.1 | yes | Legal requirement (UK GDPR) | planned | Tom Eriksen (ISMS Manager) |"),
        "{md}"
    );
    // 12 people, 11 active, all trained in the example: full coverage.
    let training = &md[md.find("## Training coverage").unwrap()..];
    let people: usize = training
        .lines()
        .skip(4)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('|').nth(2).unwrap().trim().parse::<usize>().unwrap())
        .sum();
    assert_eq!(people, 11, "{training}");
    assert!(!training.contains("(9"), "{training}");
    assert!(
        training.contains("| Engineer | 2 | 2 (100%) | 2 | 2 (100%) |"),
        "{training}"
    );

    // One engineer's awareness record removed: the check finds it and the
    // report's coverage agrees.
    let csv = scratch.read("registers/training.csv");
    let line = csv
        .lines()
        .find(|l| l.contains(",omar,") && l.contains(",awareness,"))
        .unwrap();
    scratch.write("registers/training.csv", csv.replace(&format!("{line}\n"), ""));
    let md = report(scratch.path(), &["--format", "markdown"]);
    assert!(md.contains("| Engineer | 2 | 1 (50%) | 2 | 2 (100%) |"), "{md}");
    assert!(md.contains("| `ISMS-TRAIN-001` |"), "{md}");
}

#[test]
fn the_approval_trail_is_the_audit_with_verified_keys() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("demo");
    let (code, _, err) = common::run(None, &["demo", dir.to_str().unwrap(), "--color", "never"]);
    assert_eq!(code, 0, "{err}");
    common::sh(&dir, "git", &["checkout", "-q", "main"], &[]);
    let (_, audit, _) = common::run(Some(&dir), &["audit", "--format", "json"]);
    let audit: serde_json::Value = serde_json::from_str(&audit).unwrap();
    let md = report(&dir, &["--format", "markdown"]);
    let trail: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("| Document |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    let versions = audit["versions"].as_array().unwrap();
    assert_eq!(trail.len(), versions.len(), "{md}");
    for (row, v) in trail.iter().zip(versions) {
        assert!(
            row.starts_with(&format!("| `{}` |", v["path"].as_str().unwrap())),
            "{row}"
        );
        for a in v["approvers"].as_array().unwrap() {
            assert!(row.contains(a["key"].as_str().unwrap()), "{row}");
            assert!(row.contains(&a["commit"].as_str().unwrap()[..7]), "{row}");
        }
        assert!(row.ends_with(if v["approved"] == true {
            "| approved |"
        } else {
            "| **not approved** |"
        }));
    }
    // Who approved, with the role the rule asked for.
    assert!(
        md.contains("Priya Raman (ciso)") && md.contains("Maya Okafor (ceo)"),
        "{md}"
    );
    // It cites the commit, clean.
    let head = common::sh(&dir, "git", &["rev-parse", "HEAD"], &[]);
    assert!(
        md.contains(&format!(
            "Evaluated as of {} from commit {} by isms {}.",
            common::NOW,
            head.trim(),
            env!("CARGO_PKG_VERSION")
        )),
        "{md}"
    );

    // An uncommitted edit is said so.
    std::fs::write(dir.join("docs/isms-scope.md"), "changed\n").unwrap();
    let (code, out, _) = common::run(Some(&dir), &["report", "--now", common::NOW, "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(&format!("from commit {} with uncommitted changes", head.trim())),
        "{out}"
    );
}

#[test]
fn outside_git_the_report_says_there_is_no_trail_and_writes_the_file() {
    let scratch = Scratch::empty();
    for (rel, text) in walk(&common::example()) {
        scratch.write(&rel, text);
    }
    let out = scratch.path().join("evidence.html");
    let (code, stdout, stderr) = common::run(
        Some(scratch.path()),
        &["report", "--now", common::NOW, "--out", out.to_str().unwrap()],
    );
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(stderr.contains("wrote the evidence pack to"), "{stderr}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("not in a git repository: there is no history of approvals to show"));
    assert!(html.contains("from a folder outside git (no commit)"));
    // Self-contained: nothing fetched from anywhere.
    for needle in ["http://", "https://", "<script", "<link", "src=", "@import", "url("] {
        let hits: Vec<_> = html
            .match_indices(needle)
            .map(|(i, _)| &html[i.saturating_sub(40)..(i + 60).min(html.len())])
            .collect();
        let allowed = hits.iter().all(|h| h.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(allowed, "{needle}: {hits:?}");
    }
    assert!(html.len() < 1_000_000);
}

#[test]
fn a_broken_isms_gets_located_problems_and_exit_code_2() {
    let scratch = Scratch::example();
    scratch.replace("isms.toml", "scale = 5", "scale = \"five\"");
    let (code, out, err) = common::run(Some(scratch.path()), &["report", "--now", common::NOW]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("isms.toml"), "{err}");
}

fn walk(root: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The rows of the first Markdown table after `heading`.
fn rows_after(md: &str, heading: &str) -> Vec<String> {
    let start = md.find(heading).unwrap_or_else(|| panic!("no `{heading}` in\n{md}"));
    md[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(String::from)
        .collect()
}

/// Three defects planted where an auditor looks: an overdue action from
/// the management review, an SoA changed without its approval, and a
/// review input left out. Each shows in its section, and every finding of
/// the check is in the findings section.
#[test]
fn planted_defects_show_where_an_auditor_would_look() {
    let lab = common::lab::Lab::new();
    lab.s.append(
        "registers/improvements.yaml",
        "  - id: IMP-099\n    title: Rotate the backup encryption keys\n    owner: cto\n    raised_on: 2026-03-20\n    due_on: 2026-06-30\n    status: open\n    measure: Keys rotated\n",
    );
    lab.s.replace(
        "registers/reviews.toml",
        "actions = [\"IMP-001\"]",
        "actions = [\"IMP-001\", \"IMP-099\"]",
    );
    lab.s.replace("registers/reviews.toml", "\"audit results\", ", "");
    let soa = lab.s.read("registers/soa.csv");
    let line = soa.lines().find(|l| l.starts_with("A.5.1,")).unwrap().to_string();
    lab.s
        .replace("registers/soa.csv", &line, &line.replace("planned", "implemented"));
    lab.commit("omar", Some("omar"), "Update the SoA and the review");
    let md = report(lab.path(), &["--format", "markdown"]);

    // The overdue action: in the review's actions and in the open items.
    let review = &rows_after(&md, "## Management reviews")[0];
    assert!(review.contains("IMP-099: open, due 2026-06-30 (overdue)"), "{review}");
    assert!(
        rows_after(&md, "## Open nonconformities and overdue actions")
            .iter()
            .any(|r| r.contains("| IMP-099 |") && r.contains("**2026-06-30 (overdue)**")),
        "{md}"
    );
    // The missing input, in the review's row.
    assert!(review.contains("| **Audit results** |"), "{review}");
    // The unapproved SoA: said beside the SoA, and a finding.
    let soa = &md[md.find("## Statement of Applicability").unwrap()..];
    let approval = soa
        .lines()
        .find(|l| l.starts_with("**Approval of the current version**"))
        .unwrap();
    assert!(
        approval.contains("`registers/soa.csv`") && approval.contains("not approved"),
        "{approval}"
    );

    // Every finding of the check is in the pack, with its rule and message.
    let (code, json) = lab.s.check(&[]);
    assert_eq!(code, 1);
    let listed = rows_after(&md, "\n## Findings\n");
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(listed.len(), findings.len(), "{listed:#?}");
    for f in findings {
        let rule = format!("`{}`", f["rule"].as_str().unwrap());
        let message: String = f["message"].as_str().unwrap().chars().take(40).collect();
        assert!(
            listed
                .iter()
                .any(|r| r.contains(&rule) && r.replace('\\', "").contains(&message)),
            "{rule} {message} not in {listed:#?}"
        );
    }
    for rule in ["ISMS-APPROVAL-001", "ISMS-MR-002", "ISMS-IMP-001"] {
        assert!(listed.iter().any(|r| r.contains(rule)), "{rule}: {listed:#?}");
    }
}

/// `isms report --sign KEY`: `ssh-keygen -Y verify` accepts the signature
/// of the written pack and rejects the pack changed by one byte; the pack's
/// stated SHA-256 is what `sed … | sha256sum` recomputes.
#[test]
fn a_signed_pack_verifies_with_ssh_keygen_and_a_changed_byte_does_not() {
    let scratch = Scratch::example();
    let keys = tempfile::tempdir().unwrap();
    let (key, public) = common::lab::keygen(keys.path(), "ceo");
    let pack = scratch.path().join("pack.html");
    let (code, _, err) = common::run(
        Some(scratch.path()),
        &[
            "report",
            "--now",
            common::NOW,
            "--out",
            pack.to_str().unwrap(),
            "--sign",
            key.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("signed it:"), "{err}");
    let signers = keys.path().join("allowed_signers");
    std::fs::write(&signers, format!("ceo@lumen {public}\n")).unwrap();
    let verify = |file: &std::path::Path| {
        std::process::Command::new("ssh-keygen")
            .args([
                "-Y",
                "verify",
                "-f",
                signers.to_str().unwrap(),
                "-I",
                "ceo@lumen",
                "-n",
                "isms-report",
                "-s",
            ])
            .arg(pack.with_extension("html.sig"))
            .stdin(std::fs::File::open(file).unwrap())
            .output()
            .unwrap()
    };
    let good = verify(&pack);
    assert!(good.status.success(), "{}", String::from_utf8_lossy(&good.stderr));
    assert!(String::from_utf8_lossy(&good.stdout).contains("Good \"isms-report\" signature for ceo@lumen"));

    // The pack's own digest, recomputed as the pack says.
    let stated = std::fs::read_to_string(&pack).unwrap();
    let at = stated.find("<code>sha256:").unwrap() + "<code>sha256:".len();
    let digest = &stated[at..at + 64];
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "sed 's/sha256:[0-9a-f]\\{{64\\}}/sha256:{}/' '{}' | sha256sum",
            "0".repeat(64),
            pack.display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).split_whitespace().next(),
        Some(digest)
    );

    // One byte changed: the signature no longer verifies.
    let mut bytes = std::fs::read(&pack).unwrap();
    let k = bytes.len() / 2;
    bytes[k] ^= 1;
    let changed = scratch.path().join("changed.html");
    std::fs::write(&changed, bytes).unwrap();
    let bad = verify(&changed);
    assert!(!bad.status.success());

    // Without --out there is nothing to sign beside: a usage error.
    let (code, _, err) = common::run(Some(scratch.path()), &["report", "--sign", key.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
}

/// The pack and the rules share one vocabulary of finished statuses: a
/// missed objective past its date is finished for both (no overdue action,
/// no ISMS-IMP-001 warning); an at-risk one is overdue for both.
#[test]
fn the_pack_and_the_rules_agree_on_what_is_finished() {
    let scratch = Scratch::example();
    scratch.append(
        "registers/objectives.toml",
        "\n[[objective]]\nid = \"OBJ-2026-8\"\ntitle = \"Phishing click rate below 5%\"\nowner = \"ciso\"\nmeasure = \"Click rate\"\ntarget = \"< 5%\"\ndue_on = 2026-06-30\nstatus = \"missed\"\n\n[[objective]]\nid = \"OBJ-2026-9\"\ntitle = \"MFA on every admin account\"\nowner = \"ciso\"\nmeasure = \"Share of admin accounts with MFA\"\ntarget = \"100%\"\ndue_on = 2026-06-30\nstatus = \"at-risk\"\n",
    );
    let md = report(scratch.path(), &["--format", "markdown"]);
    let open = rows_after(&md, "## Open nonconformities and overdue actions");
    assert!(!open.iter().any(|r| r.contains("OBJ-2026-8")), "{open:#?}");
    assert!(
        open.iter().any(|r| r.contains("OBJ-2026-9") && r.contains("(overdue)")),
        "{open:#?}"
    );
    let (_, json) = scratch.check(&[]);
    let overdue: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "ISMS-IMP-001")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        overdue,
        ["objective OBJ-2026-9 is overdue: due on 2026-06-30, still at-risk"]
    );
}

/// A scope that is still a template's instruction is never printed as if
/// it were the scope: the pack says it is not written, and the finding
/// that says so is among the findings.
#[test]
fn the_pack_never_prints_a_prompt_as_the_scope() {
    let scratch = Scratch::example();
    let md = report(scratch.path(), &["--format", "markdown"]);
    assert!(
        md.contains("**Scope:** Design, development and operation of the Lumen clinical analytics SaaS platform"),
        "{md}"
    );
    scratch.replace(
        "isms.toml",
        "scope = \"Design, development and operation of the Lumen clinical analytics SaaS platform, from the Leeds office and AWS eu-west-2\"",
        "scope = \"Describe in one line what the ISMS covers\"",
    );
    let md = report(scratch.path(), &["--format", "markdown"]);
    let scope = md.lines().find(|l| l.starts_with("**Scope:**")).unwrap();
    assert!(!scope.contains("Describe in one line"), "{md}");
    assert!(
        md.contains(
            "**Scope:** not written yet: the scope in isms.toml is still a template's instruction (ISMS-DOC-003)"
        ),
        "{md}"
    );
    assert!(md.contains("ISMS-DOC-003"), "{md}");
}
