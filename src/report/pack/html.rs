//! The HTML rendering of the pack: one self-contained page (inline CSS and
//! SVG; no script, font or network) that prints cleanly on A4.

use super::doc::{Block, Cell, Doc, Event, HeatMap, Inline, Table};
use std::fmt::Write as _;

/// Tables longer than this scroll inside their own box on screen (and
/// print in full), so the page stays readable at organisation size.
const LONG_TABLE: usize = 60;

const CSS: &str = "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1a1a1a;max-width:1100px;margin:2rem auto;padding:0 1rem}\
h1{font-size:1.7rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #ddd;padding-bottom:.2rem}\
table{border-collapse:collapse;width:100%;margin:.6rem 0}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#f4f4f4}td.n,th.n{text-align:right}code{font-size:.9em;overflow-wrap:anywhere}.muted{color:#666}\
.pass{color:#2e7d32;font-weight:bold}.fail{color:#c62828;font-weight:bold}.warn{color:#ef6c00;font-weight:bold}.waived{color:#666;font-weight:bold}\
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:8rem}.card b{font-size:1.5rem;display:block}\
.maps{display:flex;gap:2rem;flex-wrap:wrap}figure{margin:0}figcaption{font-weight:bold;margin-bottom:.3rem}\
.legend{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap;font-size:12px}.legend span{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}\
.long{max-height:32rem;overflow:auto;border:1px solid #eee}.long thead th{position:sticky;top:0}\
@page{size:A4;margin:15mm 12mm}\
@media print{.screen{display:none}body{max-width:none;margin:0;font-size:10px}section{break-before:page}section:first-of-type{break-before:auto}\
h2,h3{break-after:avoid}tr,figure,svg,.card{break-inside:avoid}thead{display:table-header-group}\
.long{max-height:none;overflow:visible;border:0}.long thead th{position:static}table{font-size:9px}th,td{padding:.15rem .3rem}}";

/// HTML-escapes text for element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn inline(parts: &[Inline]) -> String {
    let mut o = String::new();
    for p in parts {
        match p {
            Inline::Text(s) => o.push_str(&esc(s)),
            Inline::Code(s) => {
                let _ = write!(o, "<code>{}</code>", esc(s));
            }
            Inline::Strong(s) => {
                let _ = write!(o, "<b>{}</b>", esc(s));
            }
            Inline::Break => o.push_str("<br>"),
        }
    }
    o
}

fn cell(tag: &str, c: &Cell, numeric: bool) -> String {
    let mut classes = Vec::new();
    if numeric {
        classes.push("n");
    }
    classes.extend(c.mark);
    let class = if classes.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", classes.join(" "))
    };
    format!("<{tag}{class}>{}</{tag}>", inline(&c.parts))
}

fn table(o: &mut String, t: &Table) {
    if t.rows.is_empty() && !t.empty.is_empty() {
        let _ = write!(o, "<p id=\"{}\">{}</p>", t.id, esc(t.empty));
        return;
    }
    let long = t.rows.len() > LONG_TABLE;
    if long {
        let _ = write!(
            o,
            "<p class=\"muted screen\">{} rows (scroll inside the table; all of them print).</p><div class=\"long\">",
            t.rows.len()
        );
    }
    let _ = write!(o, "<table id=\"{}\"><thead><tr>", t.id);
    for c in &t.columns {
        let _ = write!(
            o,
            "<th{}>{}</th>",
            if c.numeric { " class=\"n\"" } else { "" },
            esc(c.title)
        );
    }
    o.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        o.push_str("<tr>");
        for (k, c) in row.iter().enumerate() {
            o.push_str(&cell("td", c, t.columns.get(k).is_some_and(|c| c.numeric)));
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table>");
    if long {
        o.push_str("</div>");
    }
}

/// A scale × scale heat map as inline SVG (impact up, likelihood across),
/// each cell titled with its risks, and the legend of level bands.
fn heat(o: &mut String, m: &HeatMap) {
    let n = m.scale.max(1);
    let (size, left, top) = (56u32, 56u32, 12u32);
    let (w, h) = (left + n * size + 12, top + n * size + 48);
    let label = if m.which == "residual" { "Residual" } else { "Inherent" };
    let colour = |score: u32| {
        m.legend
            .iter()
            .rev()
            .find(|(_, lowest, _)| *lowest <= score)
            .or(m.legend.first())
            .map_or("#888", |(_, _, c)| *c)
    };
    let _ = write!(
        o,
        "<figure><figcaption>{label}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" id=\"heatmap-{}\" role=\"img\" aria-label=\"{label} risk heat map\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
        m.which
    );
    for i in 1..=n {
        for l in 1..=n {
            let (x, y) = (left + (l - 1) * size, top + (n - i) * size);
            let ids = m.cells.get(&(l, i)).map_or(&[][..], |v| v.as_slice());
            let count = ids.len();
            let _ = write!(
                o,
                "<g><title>likelihood {l} × impact {i} = {}: {count} risk(s){}{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{size}\" height=\"{size}\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"#fff\" stroke-width=\"2\"/>",
                l * i,
                if ids.is_empty() { "" } else { ": " },
                esc(&ids.join(", ")),
                colour(l * i),
                if count > 0 { "0.9" } else { "0.25" }
            );
            if count > 0 {
                let _ = write!(
                    o,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"central\" fill=\"#fff\" font-weight=\"bold\">{count}</text>",
                    x + size / 2,
                    y + size / 2
                );
            }
            o.push_str("</g>");
        }
    }
    for k in 1..=n {
        let _ = write!(
            o,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{k}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"central\" font-size=\"12\">{k}</text>",
            left + (k - 1) * size + size / 2,
            top + n * size + 16,
            left - 8,
            top + (n - k) * size + size / 2
        );
    }
    let _ = write!(
        o,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">likelihood →</text><text x=\"14\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 14 {})\">impact →</text></svg>",
        left + n * size / 2,
        top + n * size + 36,
        top + n * size / 2,
        top + n * size / 2
    );
    let _ = write!(o, "<ul class=\"legend\" id=\"legend-{}\">", m.which);
    for (k, (name, lowest, colour)) in m.legend.iter().enumerate() {
        let upto = m
            .legend
            .get(k + 1)
            .map(|(_, next, _)| format!("–{}", next - 1))
            .unwrap_or_else(|| "+".into());
        let _ = write!(
            o,
            "<li><span style=\"background:{colour}\"></span>{} (score {lowest}{upto})</li>",
            esc(name)
        );
    }
    o.push_str("</ul>");
    // Which risks sit in each occupied cell, readable without hovering.
    o.push_str("<p class=\"muted\">");
    let mut first = true;
    for i in (1..=n).rev() {
        for l in 1..=n {
            if let Some(ids) = m.cells.get(&(l, i)) {
                let _ = write!(
                    o,
                    "{}<b>{l}×{i}</b>: {}",
                    if first { "" } else { "; " },
                    esc(&ids.join(", "))
                );
                first = false;
            }
        }
    }
    o.push_str("</p></figure>");
}

/// Reviews and audits on a line of time, with today marked.
fn timeline(o: &mut String, points: &[Event], today: &str) {
    use chrono::Datelike as _;
    let days = |d: &str| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| d.num_days_from_ce())
            .ok()
    };
    let placed: Vec<(i32, &Event)> = points.iter().filter_map(|p| Some((days(&p.date)?, p))).collect();
    let now = days(today);
    let all: Vec<i32> = placed.iter().map(|(d, _)| *d).chain(now).collect();
    let (Some(&min), Some(&max)) = (all.iter().min(), all.iter().max()) else {
        return;
    };
    let span = f64::from((max - min).max(1));
    let (w, left, right) = (760.0, 40.0, 40.0);
    let x = |d: i32| left + f64::from(d - min) / span * (w - left - right);
    let h = 60 + 18 * placed.len();
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline\" role=\"img\" aria-label=\"Management reviews and internal audits over time\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><line x1=\"{left}\" y1=\"30\" x2=\"{}\" y2=\"30\" stroke=\"#555\" stroke-width=\"2\"/>",
        w - right
    );
    for (k, (d, p)) in placed.iter().enumerate() {
        let colour = if p.kind == "review" { "#1565c0" } else { "#6a1b9a" };
        let cx = x(*d);
        let fill = if p.planned { "#fff" } else { colour };
        let title = esc(&format!("{} {}: {}", p.date, p.id, p.title));
        if p.kind == "review" {
            let _ = write!(
                o,
                "<circle cx=\"{cx:.1}\" cy=\"30\" r=\"7\" fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"2\"><title>{title}</title></circle>"
            );
        } else {
            let _ = write!(
                o,
                "<rect x=\"{:.1}\" y=\"23\" width=\"14\" height=\"14\" fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"2\"><title>{title}</title></rect>",
                cx - 7.0
            );
        }
        let y = 58 + 18 * k;
        let anchor = if cx > w / 2.0 { "end" } else { "start" };
        let _ = write!(
            o,
            "<line x1=\"{cx:.1}\" y1=\"37\" x2=\"{cx:.1}\" y2=\"{}\" stroke=\"{colour}\" stroke-dasharray=\"2 2\"/><text x=\"{cx:.1}\" y=\"{y}\" text-anchor=\"{anchor}\" font-size=\"12\">{} {}{}</text>",
            y - 10,
            esc(&p.date),
            esc(&p.id),
            if p.planned { " (planned)" } else { "" }
        );
    }
    if let Some(now) = now {
        let _ = write!(
            o,
            "<line x1=\"{0:.1}\" y1=\"14\" x2=\"{0:.1}\" y2=\"46\" stroke=\"#c62828\" stroke-width=\"2\"/><text x=\"{0:.1}\" y=\"10\" text-anchor=\"middle\" font-size=\"11\" fill=\"#c62828\">{1}</text>",
            x(now),
            esc(today)
        );
    }
    o.push_str("</svg>");
}

fn block(o: &mut String, b: &Block) {
    match b {
        Block::Para(parts) => {
            let _ = write!(o, "<p>{}</p>", inline(parts));
        }
        Block::Heading(h) => {
            let _ = write!(o, "<h3>{}</h3>", esc(h));
        }
        Block::Figures(figures) => {
            o.push_str("<div class=\"cards\">");
            for (label, value, mark) in figures {
                let _ = write!(
                    o,
                    "<div class=\"card\"><b{}>{}</b>{}</div>",
                    mark.map(|m| format!(" class=\"{m}\"")).unwrap_or_default(),
                    esc(value),
                    esc(label)
                );
            }
            o.push_str("</div>");
        }
        Block::Table(t) => table(o, t),
        Block::Heat(m) => {
            // The two maps of a register sit side by side.
            if m.which == "inherent" {
                o.push_str("<div class=\"maps\">");
            }
            heat(o, m);
            if m.which == "residual" {
                o.push_str("</div>");
            }
        }
        Block::Timeline { points, now } => timeline(o, points, now),
    }
}

/// The pack as one HTML page.
pub fn render(d: &Doc) -> String {
    let mut o = String::with_capacity(128 * 1024);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"generator\" content=\"{}\"><title>{}</title><style>{CSS}</style></head><body>\n<header><h1>{}</h1>",
        esc(&d.generator),
        esc(&d.title),
        esc(&d.title)
    );
    for (k, b) in d.lead.iter().enumerate() {
        // The last lead paragraph says where the pack comes from.
        if k + 1 == d.lead.len() {
            if let Block::Para(parts) = b {
                let _ = write!(o, "<p id=\"provenance\" class=\"muted\">{}</p>", inline(parts));
                continue;
            }
        }
        block(&mut o, b);
    }
    o.push_str("</header>\n");
    for s in &d.sections {
        let _ = write!(o, "<section id=\"{}\"><h2>{}</h2>", s.id, esc(s.title));
        for b in &s.blocks {
            block(&mut o, b);
        }
        o.push_str("</section>\n");
    }
    let _ = writeln!(
        o,
        "<footer class=\"muted\"><p>{}</p></footer></body></html>",
        esc(&d.footer)
    );
    o
}
