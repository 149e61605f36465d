//! `isms adopt`, `isms init` and `isms hook install`: setting a repository
//! up, said in a few lines (see `crate::setup`).

use super::*;

pub(super) fn adopt(dir: Option<PathBuf>, organisation: Option<String>, style: Style) -> ExitCode {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let organisation = organisation.unwrap_or_else(|| crate::setup::init::Answers::guess(&dir).organisation);
    match crate::setup::adopt::adopt(&dir, &organisation) {
        Ok((path, proposal)) => {
            let mut out = format!(
                "wrote {}: {} documents and {} registers mapped as they are\n",
                path.display(),
                proposal.documents,
                proposal.registers
            );
            for u in &proposal.unmapped {
                out.push_str(&format!("  not mapped: {u}\n"));
            }
            // What adopt wrote must be what `isms check` reads: a
            // configuration the check would refuse is said here, not left
            // for the first check to find.
            if let Err(crate::diag::Problems(problems)) = crate::workspace::load(&dir) {
                print(&out);
                eprintln!(
                    "isms adopt wrote a configuration `isms check` refuses ({} problem{}): a fault of adopt; \
                     fix them in {} (or report them), then run `isms check`",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" },
                    path.display()
                );
                return fail(&problems, Format::Human, style);
            }
            out.push_str(
                "next: review it, then `isms check` — every finding is something an auditor would ask about\n",
            );
            print(&out);
            ExitCode::SUCCESS
        }
        Err(p) => fail(&[*p], Format::Human, style),
    }
}

pub(super) fn init(dir: Option<PathBuf>, organisation: Option<String>, style: Style) -> ExitCode {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        let p = Problem::new("io::unwritable", format!("cannot create {}: {e}", dir.display()));
        return fail(&[p], Format::Human, style);
    }
    let mut answers = crate::setup::init::Answers::guess(&dir);
    if let Some(o) = organisation {
        answers.organisation = o;
    }
    match crate::setup::init::init(&dir, &answers) {
        Ok(files) => {
            // `isms init` in the folder itself: no `cd .` to type.
            let here = dir == std::path::Path::new(".") || dir.as_os_str().is_empty();
            let next = if here {
                "isms check".to_string()
            } else {
                format!("cd {} && isms check", dir.display())
            };
            print(&format!(
                "created the ISMS of {} in {} ({} files)\nnext: {next} — every finding is something to fill in\n\
                 commit this scaffold before installing the pre-commit hook: the hook refuses commits with error findings\n\
                 that first commit is the trust root (`trust_root = \"HEAD\"` in isms.toml): its content is the accepted baseline\n",
                answers.organisation,
                dir.display(),
                files.len(),
            ));
            ExitCode::SUCCESS
        }
        Err(p) => fail(&[*p], Format::Human, style),
    }
}

pub(super) fn hook_install(path: Option<PathBuf>, force: bool, style: Style) -> ExitCode {
    let root = match root_of(path) {
        Ok(r) => r,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    match crate::setup::hook::install(&root, force) {
        Ok(hook) => {
            print(&format!(
                "installed {}: commits now run `isms check --staged`\n",
                hook.display()
            ));
            ExitCode::SUCCESS
        }
        Err(p) => fail(&[*p], Format::Human, style),
    }
}
