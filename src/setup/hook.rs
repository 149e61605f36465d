//! `isms hook install`: a native git pre-commit hook that runs
//! `isms check --staged`, written where git looks for hooks
//! (`core.hooksPath` when set), never over somebody else's hook unless asked.

use crate::diag::Problem;
use crate::history::{Located, locate};
use std::path::{Path, PathBuf};

/// The line that marks a hook as written by `isms hook install`.
pub const MARKER: &str = "# installed by `isms hook install`";

/// Installs the pre-commit hook for the ISMS at `root`; returns its path.
pub fn install(root: &Path, force: bool) -> Result<PathBuf, Box<Problem>> {
    let Located { repo, workdir, prefix } = locate(root)?.ok_or_else(|| {
        Box::new(Problem::new(
            "git::not-a-repository",
            format!("{} is not inside a git repository", root.display()),
        ))
    })?;
    let hooks = match repo.config().and_then(|c| c.get_path("core.hooksPath")) {
        Ok(p) if p.is_absolute() => p,
        Ok(p) => workdir.join(p),
        Err(_) => repo.commondir().join("hooks"),
    };
    let hook = hooks.join("pre-commit");
    if let Ok(existing) = std::fs::read_to_string(&hook) {
        if !existing.contains(MARKER) && !force {
            return Err(Box::new(
                Problem::new(
                    "hook::exists",
                    format!("{} exists and was not written by isms", hook.display()),
                )
                .help("call isms from that hook yourself, or pass --force to replace it"),
            ));
        }
    }
    let rel = match prefix.trim_end_matches('/') {
        "" => ".".to_string(),
        rel => rel.to_string(),
    };
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "isms".into());
    let script = format!(
        "#!/bin/sh\n{MARKER}: it refuses a commit whose staged ISMS\n\
         # content has error findings. Set ISMS to use another binary.\n\
         ISMS=\"${{ISMS:-{exe}}}\"\n\
         command -v \"$ISMS\" >/dev/null 2>&1 || ISMS=isms\n\
         exec \"$ISMS\" check --staged {}\n",
        shell_quote(&rel)
    );
    std::fs::create_dir_all(&hooks).map_err(|e| Box::new(Problem::new("io::unwritable", e.to_string())))?;
    std::fs::write(&hook, script).map_err(|e| Box::new(Problem::new("io::unwritable", e.to_string())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Box::new(Problem::new("io::unwritable", e.to_string())))?;
    }
    Ok(hook)
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}
