//! The Markdown rendering of the pack: GitHub-flavoured, headings,
//! paragraphs and tables only (no raw HTML); the heat maps as grids of
//! risk ids.

use super::doc::{Block, Cell, Doc, HeatMap, Inline, Table};
use std::fmt::Write as _;

/// Escapes text for a GFM table cell (or running text): no HTML, no pipes,
/// no line breaks.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A code span; in a table cell a pipe must still be escaped (GFM splits
/// cells first), elsewhere it is kept as it is so the code can be copied.
fn code_span(s: &str, in_table: bool) -> String {
    let s = s.replace('`', "'");
    format!("`{}`", if in_table { s.replace('|', "\\|") } else { s })
}

fn inline(parts: &[Inline], in_table: bool) -> String {
    let mut o = String::new();
    for p in parts {
        match p {
            Inline::Text(s) => o.push_str(&md(s)),
            Inline::Code(s) => o.push_str(&code_span(s, in_table)),
            Inline::Strong(s) => {
                let _ = write!(o, "**{}**", md(s));
            }
            Inline::Break => o.push_str("; "),
        }
    }
    o
}

fn cell(c: &Cell) -> String {
    let text = inline(&c.parts, true);
    match c.mark {
        Some("fail" | "warn") => format!("**{text}**"),
        _ => text,
    }
}

fn table(o: &mut String, t: &Table) {
    if t.rows.is_empty() && !t.empty.is_empty() {
        let _ = writeln!(o, "{}\n", md(t.empty));
        return;
    }
    let heads: Vec<String> = t.columns.iter().map(|c| md(c.title)).collect();
    let rule: Vec<&str> = t
        .columns
        .iter()
        .map(|c| if c.numeric { "---:" } else { "---" })
        .collect();
    let _ = writeln!(o, "| {} |\n|{}|", heads.join(" | "), rule.join("|"));
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(cell).collect();
        let _ = writeln!(o, "| {} |", cells.join(" | "));
    }
    o.push('\n');
}

/// A heat map as a grid: impact down the side, likelihood across, each
/// cell the number of risks and their ids; then the legend.
fn heat(o: &mut String, m: &HeatMap) {
    let _ = writeln!(
        o,
        "### {} heat map (risks per cell; impact down the side, likelihood across)\n",
        if m.which == "residual" { "Residual" } else { "Inherent" }
    );
    let mut header = String::from("| impact ↓ likelihood → |");
    let mut rule = String::from("|---|");
    for l in 1..=m.scale {
        let _ = write!(header, " {l} |");
        rule.push_str("---:|");
    }
    let _ = writeln!(o, "{header}\n{rule}");
    for i in (1..=m.scale).rev() {
        let _ = write!(o, "| **{i}** |");
        for l in 1..=m.scale {
            match m.cells.get(&(l, i)) {
                Some(ids) => {
                    let _ = write!(o, " {} ({}) |", ids.len(), md(&ids.join(", ")));
                }
                None => o.push_str(" · |"),
            }
        }
        o.push('\n');
    }
    let bands: Vec<String> = m
        .legend
        .iter()
        .enumerate()
        .map(|(k, (name, lowest, _))| {
            let upto = m
                .legend
                .get(k + 1)
                .map(|(_, next, _)| format!("–{}", next - 1))
                .unwrap_or_else(|| "+".into());
            format!("{} (score {lowest}{upto})", md(name))
        })
        .collect();
    let _ = writeln!(o, "\nLevels: {}.\n", bands.join(", "));
}

/// The pack as Markdown.
pub fn render(d: &Doc) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let _ = writeln!(o, "# {}\n", md(&d.title));
    for b in &d.lead {
        block(&mut o, b);
    }
    for s in &d.sections {
        let _ = writeln!(o, "## {}\n", md(s.title));
        for b in &s.blocks {
            block(&mut o, b);
        }
    }
    o
}

fn block(o: &mut String, b: &Block) {
    match b {
        Block::Para(parts) => {
            let _ = writeln!(o, "{}\n", inline(parts, false));
        }
        Block::Heading(h) => {
            let _ = writeln!(o, "### {}\n", md(h));
        }
        Block::Figures(figures) => {
            let said: Vec<String> = figures
                .iter()
                .map(|(label, value, mark)| match mark {
                    Some(_) => format!("{}: **{}**", md(label), md(value)),
                    None => format!("{}: {}", md(label), md(value)),
                })
                .collect();
            let _ = writeln!(o, "{}.\n", said.join(", "));
        }
        Block::Table(t) => table(o, t),
        Block::Heat(m) => heat(o, m),
        Block::Timeline { points, .. } => {
            // The table that follows lists the reviews; the timeline adds
            // the audits in date order.
            let items: Vec<String> = points
                .iter()
                .map(|p| {
                    format!(
                        "{} {} {}{}",
                        md(&p.date),
                        if p.kind == "review" {
                            "management review"
                        } else {
                            "internal audit"
                        },
                        md(&p.id),
                        if p.planned { " (planned)" } else { "" }
                    )
                })
                .collect();
            if !items.is_empty() {
                let _ = writeln!(o, "Timeline: {}.\n", items.join("; "));
            }
        }
    }
}
