//! `isms approve` and `isms status`: what waits for whose approval, and
//! the signed statement of an approval (see `crate::approve`). Both judge
//! the branch with the check itself (`crate::check::change`), so they say
//! what `isms check --base` says.

use super::*;
use crate::approve::{self, Plan};
use crate::findings::Finding;

/// A refusal of `isms approve`: said as a problem is, exit 1 (nothing was
/// signed or committed).
fn refuse(p: Problem, style: Style) -> ExitCode {
    refused("approve", p, style)
}

/// A refusal of `isms <command>` that signs: said as a problem is, exit 1
/// (nothing signed or committed).
pub(super) fn refused(command: &str, p: Problem, style: Style) -> ExitCode {
    eprint!("{}", report::human::problem(&p, style));
    eprintln!("\n✗ isms {command} refused: nothing signed, nothing committed");
    ExitCode::from(1)
}

/// What a signing command (`isms approve`, `isms emergency`) starts from:
/// the repository's root, the base, the plan of what the branch changes,
/// and the signer (git's author e-mail as a person of the base's
/// isms.toml); else the exit of its failure or refusal (`who`: the code
/// of that refusal).
pub(super) fn signer(
    path: Option<PathBuf>,
    base: Option<String>,
    (command, who, now): (&str, &'static str, &check::Date),
    style: Style,
) -> Result<(PathBuf, String, approve::Plan, String), ExitCode> {
    let root = root_of(path).map_err(|p| fail(&[*p], Format::Human, style))?;
    let base = approve::base_or_default(&root, base);
    let plan = approve::plan(&root, &base, None, now).map_err(|problems| fail(&problems.0, Format::Human, style))?;
    let Some(me) = plan.me.clone() else {
        let p = Problem::new(
            who,
            format!(
                "git's author e-mail ({}) is not the e-mail of any person in the base's isms.toml",
                plan.email.as_deref().unwrap_or("none set")
            ),
        )
        .help("git config user.email you@example.com (the address isms.toml lists for you)");
        return Err(refused(command, p, style));
    };
    Ok((root, base, plan, me))
}

fn paint(style: Style, code: &str, text: &str) -> String {
    if style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// The approval findings of the check, each with its fix; and how many
/// are errors.
fn findings_text(findings: &[Finding], style: Style) -> (String, usize) {
    let mut out = String::new();
    let mut errors = 0;
    for f in findings {
        let (mark, code) = match f.severity {
            Severity::Error => {
                errors += 1;
                ("✗ error", "31")
            }
            _ => ("! warning", "33"),
        };
        let place = match (&f.file, f.span) {
            (Some(file), Some(span)) => format!("{}:{}", file.name, file.line_col(span.start).line),
            (Some(file), None) => file.name.clone(),
            _ => String::new(),
        };
        // Messages quote commit summaries and paths: anyone's text.
        out.push_str(&format!(
            "{} {} {}\n  {}\n",
            paint(style, code, mark),
            paint(style, "1", &f.rule),
            approve::shown(&place),
            approve::shown(&f.message)
        ));
        if let Some(help) = &f.help {
            out.push_str(&format!("  help: {}\n", approve::shown(help)));
        }
        if let Some(fix) = crate::findings::catalogue::APPROVAL_RULES
            .iter()
            .find(|r| r.0 == f.rule)
            .map(|r| r.3)
            .filter(|fix| f.help.as_deref() != Some(*fix))
        {
            out.push_str(&format!("  fix: {fix}\n"));
        }
    }
    (out, errors)
}

/// Each line of `text` as [`approve::shown`] shows it.
fn lines_shown(text: &str) -> String {
    text.lines().map(|l| approve::shown(l) + "\n").collect()
}

/// What the check says about the branch's approvals, as `isms status`
/// prints it.
fn verdict_text(plan: &Plan, base: &str, style: Style) -> (String, usize) {
    if plan.findings.is_empty() {
        return (
            format!(
                "Nothing on this branch needs approval against {base}: `isms check --base {base}` finds no approval missing.\n"
            ),
            0,
        );
    }
    let (list, errors) = findings_text(&plan.findings, style);
    let mut out = format!("Against {base}, as `isms check --base {base}` judges this branch:\n{list}");
    let pending: Vec<String> = plan
        .pending
        .iter()
        .map(|p| {
            format!(
                "{}: needs {} of {} (rule `{}`), has {}; could approve: {}\n",
                approve::shown(&p.path),
                p.min,
                p.roles.join(", "),
                p.rule,
                p.have.len(),
                if p.could.is_empty() {
                    "nobody".to_string()
                } else {
                    p.could.iter().map(|c| plan.name(c)).collect::<Vec<_>>().join(", ")
                }
            )
        })
        .collect();
    if !pending.is_empty() {
        out.push_str("Waiting for approval:\n");
        for p in pending {
            out.push_str(&format!("  {p}"));
        }
    }
    if errors > 0 {
        out.push_str(&format!(
            "{errors} approval error{}: the check fails until {} fixed.\n",
            if errors == 1 { "" } else { "s" },
            if errors == 1 { "it is" } else { "they are" }
        ));
    }
    (out, errors)
}

pub(super) fn approve(
    path: Option<PathBuf>,
    base: Option<String>,
    yes: bool,
    message: Option<String>,
    style: Style,
) -> ExitCode {
    let now = today();
    let (root, base, plan, me) = match signer(path, base, ("approve", "approve::who", &now), style) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let base = base.as_str();
    // Nothing on the branch: the emergency changes merged into the base
    // that wait for this approver (a branch bringing the statement only).
    let emergencies = if plan.pending.is_empty() {
        match crate::emergency::waiting(&root, base, &me, now.as_str()) {
            Ok(list) => list,
            Err(problems) => return fail(&problems.0, Format::Human, style),
        }
    } else {
        Vec::new()
    };
    let found = match crate::emergency::statement(&emergencies, &me, now.as_str()) {
        Some(st) => Ok(Some(st)),
        None => approve::statement(&plan, &me, now.as_str()),
    };
    let st = match found {
        Ok(Some(st)) => st,
        Ok(None) => {
            let (text, _) = verdict_text(&plan, base, style);
            print(&format!(
                "Nothing here waits for {}'s approval.\n{text}",
                plan.name(&me)
            ));
            return ExitCode::SUCCESS;
        }
        Err(p) => return refuse(*p, style),
    };
    // The key must be the approver's in the base's configuration: refused
    // before signing when it can be told, else checked on the signature
    // before anything is written.
    let signing = match approve::signing(&root) {
        Ok(s) => s,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    if let Some(key) = approve::signing_key(&signing) {
        if let Err(p) = approve::check_key(&plan, &me, &key) {
            return refuse(*p, style);
        }
    }
    let mut out = format!("{} may approve, against {base}:\n", plan.name(&me));
    for w in &emergencies {
        out.push_str(&format!("  {}: {}\n", approve::shown(base), w.line));
    }
    for (path, from, to) in &st.changes {
        for p in plan.pending.iter().filter(|p| &p.path == path) {
            out.push_str(&format!(
                "  {}  rule `{}`: needs {} of {}; approved so far by {}\n",
                approve::shown(path),
                p.rule,
                p.min,
                p.roles.join(", "),
                if p.have.is_empty() {
                    "nobody".to_string()
                } else {
                    p.have.iter().map(|h| plan.name(h)).collect::<Vec<_>>().join(", ")
                }
            ));
        }
        out.push_str(&approve::diff(&root, path, *from, *to, style.color));
    }
    // Changes the approver may not approve, said rather than left out.
    for p in &plan.pending {
        if st.changes.iter().any(|(path, _, _)| *path == p.path) {
            continue;
        }
        let why = if p.makers.contains(&me) {
            "you made it"
        } else if p.have.contains(&me) {
            "you approved it already"
        } else {
            "you hold none of its roles in the base's isms.toml"
        };
        out.push_str(&format!("  (not {}: {why})\n", approve::shown(&p.path)));
    }
    out.push_str(&format!("The statement to sign:\n{}", lines_shown(&st.payload())));
    print(&out);
    if !yes {
        eprint!("Sign it? [y/N] ");
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer).is_err() || !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("isms: not signed");
            return ExitCode::from(1);
        }
    }
    let signature = match approve::sign(&signing, &st.payload()) {
        Ok(s) => s,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    if let Err(p) = approve::check_signature(&plan, &me, &st, &signature) {
        return refuse(*p, style);
    }
    let paths: Vec<&str> = st.changes.iter().map(|(p, _, _)| p.as_str()).collect();
    let message = message.unwrap_or_else(|| format!("Approve {}", paths.join(", ")));
    let file = match approve::record(&root, &st, &signature, &message) {
        Ok(f) => f,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    // Judged again, as the gate will judge it.
    let after = match approve::plan(&root, base, None, &now) {
        Ok(p) => p,
        Err(problems) => return fail(&problems.0, Format::Human, style),
    };
    let mut out = format!("Signed and committed {}.\n", file.display());
    if !emergencies.is_empty() {
        out.push_str(&format!(
            "It approves the emergency change{} once this branch is merged into {base}.\n",
            if emergencies.len() == 1 { "" } else { "s" }
        ));
        print(&out);
        return ExitCode::SUCCESS;
    }
    for path in &paths {
        match after.pending.iter().find(|p| p.path == *path) {
            Some(p) if p.have.contains(&me) => out.push_str(&format!(
                "  {path}: your approval counts; it still needs {} more\n",
                (p.min as usize).saturating_sub(p.have.len())
            )),
            Some(_) => out.push_str(&format!(
                "  {path}: your approval does not count; `isms status` says why\n"
            )),
            None => out.push_str(&format!("  {path}: approved\n")),
        }
    }
    let (text, _) = verdict_text(&after, base, style);
    out.push_str(&text);
    out.push_str("Push the branch so the pull request's check sees it.\n");
    print(&out);
    ExitCode::SUCCESS
}

pub(super) fn status(path: Option<PathBuf>, base: Option<String>, me: bool, style: Style) -> ExitCode {
    let root = match root_of(path) {
        Ok(r) => r,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    let base = approve::base_or_default(&root, base);
    let base = base.as_str();
    let now = today();
    if !me {
        // The branch as `isms check --base BASE` judges it: HEAD's history
        // and the working tree's content.
        let plan = match approve::plan(&root, base, None, &now) {
            Ok(p) => p,
            Err(problems) => return fail(&problems.0, Format::Human, style),
        };
        let (text, errors) = verdict_text(&plan, base, style);
        print(&text);
        return ExitCode::from(u8::from(errors > 0));
    }
    let mut out = String::new();
    let mut who: Option<String> = None;
    for head in approve::branches(&root, base) {
        let plan = match approve::plan(&root, base, Some(&head), &now) {
            Ok(p) => p,
            Err(problems) => return fail(&problems.0, Format::Human, style),
        };
        let Some(mine) = plan.me.clone() else {
            let p = Problem::new(
                "approve::who",
                "git's author e-mail is not the e-mail of any person in the base's isms.toml",
            );
            return fail(&[p], Format::Human, style);
        };
        for p in plan.pending.iter().filter(|p| p.could.contains(&mine)) {
            out.push_str(&format!(
                "{}: {}: needs {} of {} (rule `{}`), has {}; could approve: {}\n",
                approve::shown(&head),
                approve::shown(&p.path),
                p.min,
                p.roles.join(", "),
                p.rule,
                p.have.len(),
                p.could.iter().map(|c| plan.name(c)).collect::<Vec<_>>().join(", ")
            ));
        }
        who = Some(plan.name(&mine));
    }
    // Emergency changes merged into the base, waiting for a retroactive
    // approval.
    if let Some(mine) = crate::emergency::person_at(&root, base) {
        match crate::emergency::waiting(&root, base, &mine, now.as_str()) {
            Ok(list) => {
                for w in list {
                    out.push_str(&format!("{}: {}\n", approve::shown(base), w.line));
                }
            }
            Err(problems) => return fail(&problems.0, Format::Human, style),
        }
    }
    if out.is_empty() {
        out = format!("Nothing waits for {}'s approval.\n", who.unwrap_or_default());
    }
    print(&out);
    ExitCode::SUCCESS
}
