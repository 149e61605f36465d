//! `isms emergency`: the declaration of an emergency change on the current
//! branch (see `crate::emergency`), signed and committed like an approval
//! statement, refused before signing when it would let nothing through.

use super::*;
use crate::approve;

/// A refusal: said as a problem is, exit 1 (nothing signed or committed).
fn refuse(p: Problem, style: Style) -> ExitCode {
    super::approve::refused("emergency", p, style)
}

pub(super) fn emergency(
    path: Option<PathBuf>,
    (base, reason, at): (Option<String>, String, Option<String>),
    yes: bool,
    style: Style,
) -> ExitCode {
    let (root, base, plan, me) =
        match super::approve::signer(path, base, ("emergency", "emergency::who", &today()), style) {
            Ok(s) => s,
            Err(exit) => return exit,
        };
    let base = base.as_str();
    let declared = match at {
        None => crate::history::emergency::time_text(chrono::Utc::now().timestamp()),
        Some(at) if crate::history::emergency::seconds_of(&at).is_some() => at,
        Some(at) => {
            let p = Problem::new(
                "args::bad-time",
                format!("`{at}` is not a time in UTC written YYYY-MM-DDTHH:MM:SSZ"),
            );
            return fail(&[p], Format::Human, style);
        }
    };
    let draft = match crate::emergency::draft(&root, &plan, &me, &reason, &declared) {
        Ok(d) => d,
        Err(p) if p.code.starts_with("emergency::") => return refuse(*p, style),
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    let signing = match approve::signing(&root) {
        Ok(s) => s,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    if let Some(key) = approve::signing_key(&signing) {
        if let Err(p) = approve::check_key(&plan, &me, &key) {
            return refuse(*p, style);
        }
    }
    let d = &draft.declaration;
    let mut out = format!(
        "{} declares an emergency against {base}; approval is due within {} by the rules' approvers (not {}):\n",
        plan.name(&me),
        draft.deadline,
        plan.name(&me)
    );
    for (path, from, to) in &d.changes {
        out.push_str(&approve::diff(&root, path, *from, *to, style.color));
    }
    for (path, why) in &draft.left {
        out.push_str(&format!("  (not {}: {why})\n", approve::shown(path)));
    }
    out.push_str("The declaration to sign:\n");
    for line in d.payload().lines() {
        out.push_str(&approve::shown(line));
        out.push('\n');
    }
    print(&out);
    if !yes {
        eprint!("Sign it? [y/N] ");
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer).is_err() || !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("isms: not signed");
            return ExitCode::from(1);
        }
    }
    let signature = match crate::emergency::sign(&signing, d) {
        Ok(s) => s,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    if let Err(p) = crate::emergency::check_signature(&plan, &me, d, &signature) {
        return refuse(*p, style);
    }
    let paths: Vec<&str> = d.changes.iter().map(|(p, _, _)| p.as_str()).collect();
    let message = format!("Emergency: {} ({})", d.reason, paths.join(", "));
    let file = match crate::emergency::record(&root, d, &signature, &message) {
        Ok(f) => f,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    print(&format!(
        "Signed and committed {}.\nThe check lets it through with a warning until the deadline; push the branch and merge.\n",
        file.display()
    ));
    ExitCode::SUCCESS
}
