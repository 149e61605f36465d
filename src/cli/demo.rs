//! `isms demo`: the bundled example with a signed history and the check
//! of its pull request.

use super::*;

pub(super) fn demo(dir: Option<PathBuf>, style: Style) -> ExitCode {
    let dir = match dir {
        Some(d) => d,
        None => match tempfile::Builder::new().prefix("isms-demo-").tempdir() {
            Ok(t) => t.keep(),
            Err(e) => {
                let p = Problem::new("io::unwritable", format!("cannot make a temporary folder: {e}"));
                return fail(&[p], Format::Human, style);
            }
        },
    };
    let built = match crate::setup::demo::build(&dir) {
        Ok(d) => d,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    // Absolute paths, so that the commands printed work from anywhere.
    let built = crate::setup::demo::Demo {
        dir: std::fs::canonicalize(&built.dir).unwrap_or(built.dir),
        keys: std::fs::canonicalize(&built.keys).unwrap_or(built.keys),
        ..built
    };
    print(&format!(
        "isms demo: the ISMS of Lumen Health Analytics Ltd (the bundled example) in a new git repository,\n\
         {dir}\n\n\
         main: {n} commits signed with SSH keys made just now, for Tom Eriksen (ISMS manager),\n\
         Maya Okafor (CEO), Priya Raman (CISO) and Sam Whitfield (Head of Operations, a risk owner):\n\
         the ISMS adopted and approved, then a risk review approved by the CISO.\n\
         {branch}: Sam lowers the residual score of R-016, a risk he owns; Tom records the review date\n\
         in a commit saying \"Approved-by: Priya Raman\" that Tom signed, not Priya.\n\n\
         The check a pull request from {branch} into main gets, as of {date} (the example's date):\n\
         isms check --base main --head {branch} --now {date}\n\n",
        dir = built.dir.display(),
        n = built.main_commits,
        branch = crate::setup::demo::BRANCH,
        date = crate::setup::demo::EXAMPLE_DATE,
    ));
    let range = check::Range {
        base: Some("main".into()),
        head: Some(crate::setup::demo::BRANCH.into()),
        ..check::Range::default()
    };
    let now = match check::Date::parse(crate::setup::demo::EXAMPLE_DATE) {
        Ok(d) => d,
        Err(e) => return fail(&[Problem::new("demo::error", e)], Format::Human, style),
    };
    match check::run(&built.dir, &now, &range) {
        Ok(outcome) => {
            let at = report::At {
                root: None,
                now: &outcome.now,
                style,
            };
            render(Format::Human, &Checked::Findings(&outcome), &at);
            // The demo succeeds when the gate stopped its pull request for
            // exactly what it planted: the missing approval and the forged
            // trailer. A demo is not a gate: that is exit 0.
            let caught = |rule: &str| outcome.findings.iter().any(|f| f.rule == rule && f.waived.is_none());
            if caught(crate::history::MISSING) && caught(crate::history::FORGED_TRAILER) {
                print("The gate held: this pull request cannot merge until the CISO or CTO approves it.\n");
                print(&approver_steps(&built));
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "isms: the demo's pull request was not stopped as planted (ISMS-APPROVAL-001 and ISMS-APPROVAL-006)"
                );
                ExitCode::from(1)
            }
        }
        Err(problems) => fail(&problems.0, Format::Human, style),
    }
}

/// A word as the shell reads it: as it is when it holds nothing the shell
/// treats specially, else in single quotes.
fn quoted(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./:=@+-,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The commands that approve the demo's pull request as the CISO, with
/// the key the demo left for her, and then remove the trailer Tom typed.
fn approver_steps(built: &crate::setup::demo::Demo) -> String {
    let isms = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::canonicalize(p).ok())
        .map_or_else(|| "isms".to_string(), |p| quoted(&p.display().to_string()));
    let dir = quoted(&built.dir.display().to_string());
    let key = |id: &str| quoted(&built.keys.join(id).display().to_string());
    let date = crate::setup::demo::EXAMPLE_DATE;
    format!(
        "\nThe approvers' keys are in {keys}/ (kept out of git by .git/info/exclude; never commit them).\n\
         Approve the pull request as the CISO, Priya Raman, with her key:\n\
         \x20 cd {dir}\n\
         \x20 git config user.name 'Priya Raman'\n\
         \x20 git config user.email priya.raman@lumen-health.example\n\
         \x20 git config gpg.format ssh\n\
         \x20 git config user.signingkey {priya}\n\
         \x20 {isms} approve --base main\n\
         \x20 {isms} check --base main --now {date}\n\
         The check then fails for one thing only: the `Approved-by: Priya Raman` trailer Tom typed into his\n\
         commit (ISMS-APPROVAL-006); `{isms} status` says the same. Only a rewrite of the branch removes it.\n\
         Tom, who made the commit, folds it and Priya's approval into one commit without the trailer (her\n\
         approval statement names the content, not commits, so it survives; Priya must not do this: whoever\n\
         commits a change to the risk register becomes one of its makers, and makers cannot approve):\n\
         \x20 git reset -q --soft HEAD~2\n\
         \x20 git -c user.name='Tom Eriksen' -c user.email=tom.eriksen@lumen-health.example -c user.signingkey={tom} commit -q -S -m 'R-016: record the review date'\n\
         \x20 {isms} check --base main --now {date}\n\
         and the pull request passes.\n\
         Explore it: cd {dir} && {isms} audit --format markdown   (who approved what, with which key)\n",
        keys = quoted(&built.keys.display().to_string()),
        priya = key("priya"),
        tom = key("tom"),
    )
}
