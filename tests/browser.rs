//! The HTML evidence pack in a real browser: headless Chromium (Debian's
//! `chromium`; `scripts/test` installs it) loads the report with every network
//! request sent to a local proxy that counts them, and the test checks that
//! the page logs nothing to the console, fetches nothing, builds the heat
//! maps and tables, and can be screenshotted. A control page with a script
//! error and a remote image proves both detectors see what they look for.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Some(path) = std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
        {
            return path;
        }
    }
    panic!("Chromium is not installed: `apt-get install chromium` (scripts/test does), or set CHROMIUM");
}

/// What one headless run saw.
struct Run {
    dom: String,
    console: Vec<String>,
    /// Hosts the page asked for (Chromium's own service calls left out).
    requests: Vec<String>,
}

/// Chromium's own calls home (clock, updates, sign-in), made whatever the
/// page holds.
const CHROMIUM_SERVICES: [&str; 6] = [
    // Chromium 148 (Debian) connects here at start-up even for an empty
    // local page with background networking disabled.
    "www.google.com",
    "clients2.google.com",
    "update.googleapis.com",
    "accounts.google.com",
    "optimizationguide-pa.googleapis.com",
    "safebrowsingohttpgateway.googleapis.com",
];

/// The host a proxied request is for: `CONNECT host:443` or `GET http://host/…`.
fn host_of(request: &str) -> Option<String> {
    let target = request.split_whitespace().nth(1)?;
    let target = target.strip_prefix("http://").unwrap_or(target);
    let host = target.split(['/', ':']).next()?;
    Some(host.to_string())
}

/// Loads `page` in headless Chromium with `extra` arguments; every network
/// request goes to a local proxy that only counts connections.
fn load(page: &Path, extra: &[String]) -> Run {
    let proxy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = proxy.local_addr().unwrap().port();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&requests);
    let accepted = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&accepted);
    std::thread::spawn(move || {
        for mut stream in proxy.incoming().flatten() {
            counted.fetch_add(1, Ordering::SeqCst);
            // Read the request line and hang up: the fetch fails, as offline.
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_millis(500)));
            let mut buf = [0; 2048];
            let n = stream.read(&mut buf).unwrap_or(0);
            let line = String::from_utf8_lossy(&buf[..n])
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            let host = host_of(&line).unwrap_or(line);
            if let Ok(mut seen) = seen.lock() {
                seen.push(host);
            }
        }
    });
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--log-level=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--proxy-server=127.0.0.1:{port}"))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(String::from)
        .collect();
    // Every connection accepted before Chromium exited is read to the end.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    while requests.lock().unwrap().len() < accepted.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let requests = requests
        .lock()
        .unwrap()
        .iter()
        .filter(|h| !CHROMIUM_SERVICES.contains(&h.as_str()))
        .cloned()
        .collect();
    Run {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        console,
        requests,
    }
}

/// The text of the element that starts at `open` (an opening tag's prefix)
/// up to `close`.
fn element<'a>(dom: &'a str, open: &str, close: &str) -> &'a str {
    let start = dom.find(open).unwrap_or_else(|| panic!("no `{open}` in the page"));
    let end = dom[start..]
        .find(close)
        .unwrap_or_else(|| panic!("`{open}` is not closed"));
    &dom[start..start + end]
}

#[test]
fn the_detectors_see_a_script_error_and_a_remote_fetch() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><head><title>bad</title></head><body><img src=\"http://example.invalid/x.png\"><script>console.error('deliberate'); nosuchfunction();</script></body></html>",
    )
    .unwrap();
    let run = load(&page, &["--dump-dom".into()]);
    assert_eq!(run.console.len(), 2, "{:?}", run.console);
    assert!(run.console[0].contains("deliberate"));
    assert!(run.console[1].contains("nosuchfunction is not defined"));
    assert!(
        run.requests.iter().any(|h| h == "example.invalid"),
        "the remote image went through the proxy: {:?}",
        run.requests
    );
}

#[test]
fn the_report_loads_offline_without_console_errors_and_draws_its_evidence() {
    let scratch = common::Scratch::example();
    let page = scratch.path().join("evidence.html");
    let (code, _, err) = common::run(
        Some(scratch.path()),
        &["report", "--now", common::NOW, "--out", page.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let run = load(&page, &["--dump-dom".into()]);
    assert_eq!(run.console, Vec::<String>::new());
    assert_eq!(run.requests, Vec::<String>::new(), "the report fetched something");

    // The DOM Chromium built: both heat maps with 25 cells, and the tables.
    for id in ["heatmap-inherent", "heatmap-residual"] {
        let svg = element(
            &run.dom,
            &format!("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" id=\"{id}\""),
            "</svg>",
        );
        assert_eq!(svg.matches("<rect ").count(), 25, "{id}");
    }
    let rows = |id: &str| {
        element(&run.dom, &format!("<table id=\"{id}\""), "</table>")
            .matches("<tr>")
            .count()
    };
    // Header row plus one per record.
    assert_eq!(rows("risk-register"), 1 + 30);
    assert_eq!(rows("soa-table"), 1 + 93);
    assert_eq!(rows("duties"), 1 + 55);
    assert!(rows("clauses") > 1);
    assert!(rows("teams") > 1);
    assert!(rows("reviews-table") > 1);
    assert!(rows("audits-table") > 1);
    assert!(
        run.dom
            .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline\"")
    );

    // A screenshot of the whole pack, kept for a human to look at.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("evidence-pack.png");
    let _ = std::fs::remove_file(&shot);
    let run = load(
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,4000".into(),
        ],
    );
    assert_eq!(run.console, Vec::<String>::new());
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 4000));
    assert!(png.len() > 50_000, "a blank page would compress to almost nothing");
}

/// A table of the DOM Chromium built: header cells and rows of cell texts
/// (`<br>` read as `; `, as the Markdown writes a line break in a cell).
fn dom_table(dom: &str, id: &str) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let start = dom.find(&format!("<table id=\"{id}\""))?;
    let end = start + dom[start..].find("</table>")?;
    let text = |cell: &str| {
        let cell = cell.replace("<br>", "; ");
        let mut out = String::new();
        let mut in_tag = false;
        for c in cell.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
            .trim()
            .to_string()
    };
    let mut rows: Vec<Vec<String>> = dom[start..end]
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<t")
                .skip(1)
                .filter(|c| c.starts_with('d') || c.starts_with('h'))
                .map(|c| text(c.split_once('>').map_or("", |(_, rest)| rest)))
                .collect()
        })
        .collect();
    let header = rows.remove(0);
    Some((header, rows))
}

/// Every table of a Markdown document, read by a Markdown parser
/// (pulldown-cmark): header cells and rows of cell texts.
type Grid = (Vec<String>, Vec<Vec<String>>);
fn markdown_tables(md: &str) -> Vec<Grid> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut tables: Vec<Grid> = Vec::new();
    let (mut row, mut cell): (Vec<String>, String) = (Vec::new(), String::new());
    let (mut in_head, mut in_cell) = (false, false);
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableCell) => in_cell = true,
            Event::Start(Tag::Table(_)) => tables.push((Vec::new(), Vec::new())),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                if let Some(t) = tables.last_mut() {
                    t.0 = std::mem::take(&mut row);
                }
            }
            Event::End(TagEnd::TableCell) => {
                in_cell = false;
                row.push(std::mem::take(&mut cell).trim().to_string());
            }
            Event::End(TagEnd::TableRow) if !in_head => {
                if let Some(t) = tables.last_mut() {
                    t.1.push(std::mem::take(&mut row));
                }
            }
            Event::Text(t) | Event::Code(t) if in_cell => cell.push_str(&t),
            _ => {}
        }
    }
    tables
}

/// The auditor's checklist: for each piece of documented information
/// ISO/IEC 27001:2022 makes mandatory, the pack has a table listing the
/// example's records for it — read from the DOM Chromium built and from the
/// Markdown by a Markdown parser — and both renderings carry the same rows.
#[test]
fn an_auditor_finds_every_mandatory_record_in_both_renderings() {
    let scratch = common::Scratch::example();
    let page = scratch.path().join("pack.html");
    let (code, _, err) = common::run(
        Some(scratch.path()),
        &["report", "--now", common::NOW, "--out", page.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let (code, md, err) = common::run(
        Some(scratch.path()),
        &["report", "--now", common::NOW, "--format", "markdown"],
    );
    assert_eq!(code, 0, "{err}");
    let run = load(&page, &["--dump-dom".into()]);
    let markdown = markdown_tables(&md);
    let count = |file: &str, header: &str| {
        std::fs::read_to_string(common::example().join(file))
            .unwrap()
            .lines()
            .filter(|l| l.trim() == header)
            .count()
    };
    let both = |id: &str| -> Vec<Vec<String>> {
        let (header, rows) = dom_table(&run.dom, id).unwrap_or_else(|| panic!("no table {id} in the DOM"));
        let md_rows = markdown
            .iter()
            .find(|(h, _)| *h == header)
            .unwrap_or_else(|| {
                let heads: Vec<_> = markdown.iter().map(|t| &t.0).collect();
                panic!("no Markdown table with the columns of {id}: {header:?} in {heads:?}")
            })
            .1
            .clone();
        assert_eq!(rows, md_rows, "{id}: the HTML and the Markdown differ");
        rows
    };
    let column = |rows: &[Vec<String>], k: usize| rows.iter().map(|r| r[k].clone()).collect::<Vec<_>>();

    // 4.3 scope and 5.2 policy: in the register of documented information.
    let documents = both("document-register");
    assert_eq!(documents.len(), 17);
    let types = column(&documents, 2);
    assert!(types.iter().any(|t| t == "scope"), "{types:?}");
    assert!(types.iter().any(|t| t == "information-security-policy"), "{types:?}");
    // 6.1.2 the risk assessment's results; 6.1.3 the treatment and the SoA.
    assert_eq!(both("risk-register").len(), 30);
    assert!(!both("acceptances").is_empty());
    assert_eq!(both("soa-table").len(), 93);
    // 6.2 objectives, with the measures and targets 9.1 monitors.
    let objectives = both("objectives-table");
    assert_eq!(objectives.len(), count("registers/objectives.toml", "[[objective]]"));
    assert!(column(&objectives, 3).iter().all(|m| m != "—"), "{objectives:?}");
    // 7.2 competence: training coverage of every active person.
    let teams = both("teams");
    assert_eq!(
        column(&teams, 1)
            .iter()
            .map(|n| n.parse::<usize>().unwrap())
            .sum::<usize>(),
        11
    );
    // 9.2.2 the audit programme and results.
    let audits = both("audits-table");
    assert_eq!(audits.len(), count("registers/audits.toml", "[[audit]]"));
    assert_eq!(column(&audits, 0), ["IA-2026-01", "IA-2026-02", "IA-2027-01"]);
    assert!(audits[0][8].starts_with("NC-2026-01 (closed)"), "{:?}", audits[0]);
    // 9.3.3 the results of management reviews.
    let reviews = both("reviews-table");
    assert_eq!(reviews.len(), count("registers/reviews.toml", "[[review]]"));
    assert_eq!(reviews[0][5], "none", "every 9.3.2 input is covered: {:?}", reviews[0]);
    assert!(
        reviews[0][7].starts_with("IMP-001: in-progress, due 2026-12-31"),
        "{:?}",
        reviews[0]
    );
    // 10.2 nonconformities and corrective actions.
    assert_eq!(
        both("nonconformities-table").len(),
        count("registers/nonconformities.toml", "[[finding]]")
    );
    // The clause table lists every clause from 4.1 to 10.2.
    let clauses = column(&both("clauses"), 0);
    for c in [
        "4.1", "4.4", "5.3", "6.3", "7.4", "8.3", "9.2.2", "9.3.3", "10.1", "10.2",
    ] {
        assert!(clauses.contains(&c.to_string()), "{c} missing from {clauses:?}");
    }
    // Every finding, the waived one with its reason, approver and expiry.
    let findings = both("findings-table");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0][0], "waived");
    assert!(
        findings[0][5].contains("Supplier-assessed residual score pending re-assessment")
            && findings[0][5].contains("expires 2027-03-31"),
        "{:?}",
        findings[0]
    );
    both("duties");
    both("open-items");

    // The A4 print preview: Chromium prints it to PDF, kept for a human.
    let pdf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("evidence-pack.pdf");
    let _ = std::fs::remove_file(&pdf);
    load(
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let pages = String::from_utf8_lossy(&bytes).matches("/Type /Page\n").count()
        + String::from_utf8_lossy(&bytes).matches("/Type /Page ").count()
        + String::from_utf8_lossy(&bytes).matches("/Type/Page/").count();
    eprintln!("evidence-pack.pdf: {} bytes, about {pages} pages", bytes.len());
}
