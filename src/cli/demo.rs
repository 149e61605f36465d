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
    match check::run(&built.dir, crate::setup::demo::EXAMPLE_DATE, &range) {
        Ok(outcome) => {
            print(&report::human::report(&outcome, style));
            print(&format!(
                "\nExplore it: cd {} && isms audit --format markdown   (who approved what, with which key)\n",
                built.dir.display()
            ));
            // The demo succeeds when the gate stopped its pull request for
            // exactly what it planted: the missing approval and the forged
            // trailer. A demo is not a gate: that is exit 0.
            let caught = |rule: &str| outcome.findings.iter().any(|f| f.rule == rule && f.waived.is_none());
            if caught(crate::history::MISSING) && caught(crate::history::FORGED_TRAILER) {
                print("The gate held: this pull request cannot merge until the CISO or CTO approves it.\n");
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
