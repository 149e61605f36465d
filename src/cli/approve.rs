//! `isms approve` and `isms status`: what waits for whose approval, and
//! the signed statement of an approval (see `crate::approve`).

use super::*;

pub(super) fn approve(
    path: Option<PathBuf>,
    base: Option<String>,
    yes: bool,
    message: Option<String>,
    style: Style,
) -> ExitCode {
    use crate::approve;
    let root = match root_of(path) {
        Ok(r) => r,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    let base = approve::base_or_default(&root, base);
    let base = base.as_str();
    let plan = match approve::plan(&root, base, "HEAD") {
        Ok(p) => p,
        Err(problems) => return fail(&problems.0, Format::Human, style),
    };
    let Some(me) = plan.me.clone() else {
        let p = Problem::new(
            "approve::who",
            "git's user.email is not the e-mail of any person in the base's isms.toml",
        )
        .help("git config user.email you@example.com (the address isms.toml lists for you)");
        return fail(&[p], Format::Human, style);
    };
    let name = |id: &str| plan.names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let Some(st) = approve::statement(&plan, &me, &today()) else {
        if plan.pending.is_empty() {
            print(&format!("Nothing on this branch needs approval against {base}.\n"));
        } else {
            let mut out = format!("Nothing here waits for {}'s approval:\n", name(&me));
            for p in &plan.pending {
                out.push_str(&format!(
                    "  {} needs {} of {} ({}); could approve: {}\n",
                    p.path,
                    p.min,
                    p.roles.join(", "),
                    p.rule,
                    p.could.iter().map(|c| name(c)).collect::<Vec<_>>().join(", ")
                ));
            }
            print(&out);
        }
        return ExitCode::SUCCESS;
    };
    let mut out = format!("{} may approve, against {base}:\n", name(&me));
    for (path, _, _) in &st.changes {
        if let Some(p) = plan.pending.iter().find(|p| &p.path == path) {
            out.push_str(&format!(
                "  {path}  rule `{}`: needs {} of {}; approved so far by {}\n",
                p.rule,
                p.min,
                p.roles.join(", "),
                if p.have.is_empty() {
                    "nobody".to_string()
                } else {
                    p.have.iter().map(|h| name(h)).collect::<Vec<_>>().join(", ")
                }
            ));
        }
    }
    out.push_str(&format!("The statement to sign:\n{}", st.payload()));
    print(&out);
    if !yes {
        eprint!("Sign it? [y/N] ");
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer).is_err() || !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("isms: not signed");
            return ExitCode::from(1);
        }
    }
    let signature = match approve::sign(&root, &st.payload()) {
        Ok(s) => s,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    let paths: Vec<&str> = st.changes.iter().map(|(p, _, _)| p.as_str()).collect();
    let message = message.unwrap_or_else(|| format!("Approve {}", paths.join(", ")));
    let file = match approve::record(&root, &st, &signature, &message) {
        Ok(f) => f,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    // Judged again, as the gate will judge it.
    let after = match approve::plan(&root, base, "HEAD") {
        Ok(p) => p,
        Err(problems) => return fail(&problems.0, Format::Human, style),
    };
    let mut out = format!("Signed and committed {}.\n", file.display());
    for path in &paths {
        match after.pending.iter().find(|p| p.path == *path) {
            Some(p) if p.have.contains(&me) => out.push_str(&format!(
                "  {path}: your approval counts; it still needs {} more\n",
                (p.min as usize).saturating_sub(p.have.len())
            )),
            Some(_) => out.push_str(&format!(
                "  {path}: your approval does not count (you made this change, or your key is not in the base's isms.toml)\n"
            )),
            None => out.push_str(&format!("  {path}: approved\n")),
        }
    }
    out.push_str("Push the branch so the pull request's check sees it.\n");
    print(&out);
    ExitCode::SUCCESS
}

pub(super) fn status(path: Option<PathBuf>, base: Option<String>, me: bool, style: Style) -> ExitCode {
    use crate::approve;
    let root = match root_of(path) {
        Ok(r) => r,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    let base = approve::base_or_default(&root, base);
    let base = base.as_str();
    let heads: Vec<String> = if me {
        approve::branches(&root, base)
    } else {
        vec!["HEAD".to_string()]
    };
    let mut out = String::new();
    let mut who: Option<String> = None;
    for head in &heads {
        let plan = match approve::plan(&root, base, head) {
            Ok(p) => p,
            Err(problems) => return fail(&problems.0, Format::Human, style),
        };
        let name = |id: &str| plan.names.get(id).cloned().unwrap_or_else(|| id.to_string());
        if me && plan.me.is_none() {
            let p = Problem::new(
                "approve::who",
                "git's user.email is not the e-mail of any person in the base's isms.toml",
            );
            return fail(&[p], Format::Human, style);
        }
        who = plan.me.clone().or(who);
        for p in &plan.pending {
            if me && !plan.me.as_ref().is_some_and(|m| p.could.contains(m)) {
                continue;
            }
            out.push_str(&format!(
                "{}{}: needs {} of {} (rule `{}`), has {}; could approve: {}\n",
                if me { format!("{head}: ") } else { String::new() },
                p.path,
                p.min,
                p.roles.join(", "),
                p.rule,
                p.have.len(),
                p.could.iter().map(|c| name(c)).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if out.is_empty() {
        out = if me {
            format!("Nothing waits for {}'s approval.\n", who.unwrap_or_default())
        } else {
            format!("Nothing on this branch needs approval against {base}.\n")
        };
    }
    print(&out);
    ExitCode::SUCCESS
}
