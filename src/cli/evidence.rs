//! `isms audit` and `isms report`: the approval history and the evidence
//! pack, written where asked and signed when asked.

use super::*;

pub(super) fn audit(
    path: Option<PathBuf>,
    (since, now): (Option<String>, String),
    format: AuditFormat,
    style: Style,
) -> ExitCode {
    let mut clock = crate::diag::Stopwatch::new();
    let as_format = if format == AuditFormat::Json {
        Format::Json
    } else {
        Format::Human
    };
    let root = match root_of(path) {
        Ok(r) => r,
        Err(p) => return fail(&[*p], as_format, style),
    };
    // The working copy's configuration must be valid, though the audit
    // judges by the configurations in force in history.
    if let Err(problems) = workspace::load_config(&root) {
        return fail(&problems.0, as_format, style);
    }
    let mut gate = match crate::history::Gate::discover(&root) {
        Ok(Some(r)) => r,
        Ok(None) => {
            let p = Problem::new(
                "git::not-a-repository",
                format!(
                    "{} is not inside a git repository: there is no history to audit",
                    root.display()
                ),
            );
            return fail(&[p], as_format, style);
        }
        Err(p) => return fail(&[*p], as_format, style),
    };
    // Without --since, the audit starts at the trust root of the
    // configuration in force (read from history, never the working copy).
    let show_progress = std::io::stderr().is_terminal() && format != AuditFormat::Json;
    let mut progress = |done: usize, total: usize| {
        if show_progress && (done % 64 == 0 || done == total) {
            eprint!("\r  verifying commits: {done}/{total}");
            if done == total {
                eprint!("\r\x1b[K");
            }
        }
    };
    // With a token, the approving reviews of the pull request that brought a
    // change in count too, as attested by GitHub.
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let api = match env("GITHUB_REPOSITORY").as_deref().and_then(|r| r.split_once('/')) {
        Some((owner, name)) => crate::github::api::Api::from_env(&env, owner, name).unwrap_or_else(|e| {
            eprintln!("isms: warning: {e}; reviews are not used as evidence");
            None
        }),
        None => None,
    };
    let mut api_warnings: Vec<String> = Vec::new();
    let mut cache: std::collections::HashMap<String, Vec<crate::history::Attested>> = Default::default();
    let mut attest = |sha: &str| -> Vec<crate::history::Attested> {
        let Some(api) = &api else { return Vec::new() };
        if let Some(found) = cache.get(sha) {
            return found.clone();
        }
        let found = api.approvals_for_commit(sha).unwrap_or_else(|e| {
            api_warnings.push(e);
            Vec::new()
        });
        cache.insert(sha.to_string(), found.clone());
        found
    };
    let attest_fn: Option<crate::history::Attest<'_>> = if api.is_some() { Some(&mut attest) } else { None };
    clock.lap("configuration and repository");
    let result = crate::history::audit(&mut gate, since.as_deref(), &mut progress, attest_fn);
    clock.lap("audit");
    for w in &api_warnings {
        eprintln!("isms: warning: GitHub API: {w}; those reviews are not used as evidence");
    }
    let mut report = match result {
        Ok(r) => r,
        Err(problems) => return fail(&problems.0, as_format, style),
    };
    // Emergency changes: judged by the clock as of `--now`.
    check::emergency::judge(&mut report, &now);
    match format {
        AuditFormat::Json => {
            // 1 MiB at a time: a 20,000-commit audit is ≈ 19 MB of JSON.
            let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
            // A closed pipe (`isms audit | head`) is not an error worth reporting.
            let _ = report::audit::write_json(&report, &mut out).and_then(|()| out.flush());
        }
        AuditFormat::Markdown => print(&report::audit::markdown(&report, &now)),
        AuditFormat::Human => print(&report::audit::human(&report, &now)),
    }
    clock.lap("written");
    ExitCode::from(u8::from(report.issues.iter().any(|i| !i.warning)))
}

/// `isms report`: the check and the audit, gathered into one evidence pack.
pub(super) fn evidence(
    path: Option<PathBuf>,
    format: ReportFormat,
    (out, sign): (Option<PathBuf>, Option<PathBuf>),
    now: check::Date,
    style: Style,
) -> ExitCode {
    let root = match root_of(path) {
        Ok(r) => r,
        Err(p) => return fail(&[*p], Format::Human, style),
    };
    let outcome = match check::run(&root, &now, &check::Range::default()) {
        Ok(o) => o,
        Err(problems) => return fail(&problems.0, Format::Human, style),
    };
    let mut provenance = report::pack::Provenance::default();
    // The trail is what the check's own walk of the history saw: every
    // version since the trust root in force (history is walked once).
    let audit = match crate::history::Repo::discover(&root) {
        Ok(Some(repo)) => {
            provenance.commit = repo.head_commit();
            provenance.dirty = repo.is_dirty();
            match &outcome.history {
                Some(state) if check::Mode::of(state) == Some(check::Mode::State) => Some(crate::history::Report {
                    judgements: state.trail.clone(),
                    ..state.clone()
                }),
                Some(state) if check::Mode::of(state) == Some(check::Mode::Unborn) => None,
                _ => {
                    provenance.no_trail =
                        Some("No approval rule governs any file, so there is no approval trail to show.".into());
                    None
                }
            }
        }
        Ok(None) => {
            provenance.no_trail =
                Some("This ISMS is not in a git repository: there is no history of approvals to show.".into());
            None
        }
        Err(p) => {
            provenance.no_trail = Some(format!("The repository could not be opened: {}", p.message));
            None
        }
    };
    let evidence = report::pack::gather(&outcome, audit.as_ref(), provenance);
    let text = match format {
        ReportFormat::Html => report::pack::html(&evidence),
        ReportFormat::Markdown => report::pack::markdown(&evidence),
        ReportFormat::Oscal => report::oscal::assessment_results(&outcome, &evidence),
        ReportFormat::OscalCatalog => report::oscal::catalog(),
        ReportFormat::OscalProfile => report::oscal::profile(&evidence),
    };
    match out {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, &text) {
                let p = Problem::new("io::write", format!("cannot write `{}`: {e}", path.display()));
                return fail(&[p], Format::Human, style);
            }
            eprintln!(
                "isms: wrote the evidence pack to {} ({} KB, {} errors, {} warnings as of {})",
                path.display(),
                text.len().div_ceil(1024),
                evidence.errors,
                evidence.warnings,
                evidence.now
            );
            if let Some(key) = &sign {
                if let Err(p) = sign_pack(&path, key) {
                    return fail(&[*p], Format::Human, style);
                }
                eprintln!(
                    "isms: signed it: {}.sig (verify: ssh-keygen -Y verify -f allowed_signers -I SIGNER -n {} -s {}.sig < {})",
                    path.display(),
                    report::pack::NAMESPACE,
                    path.display(),
                    path.display()
                );
            }
        }
        None => print(&text),
    }
    ExitCode::SUCCESS
}

/// Signs a written pack with `ssh-keygen -Y sign` (the user's own key and
/// agent; isms never reads the private key): `PATH.sig` beside it.
pub(super) fn sign_pack(path: &std::path::Path, key: &std::path::Path) -> Result<(), Box<Problem>> {
    let sig = PathBuf::from(format!("{}.sig", path.display()));
    // ssh-keygen refuses to overwrite a signature; an old one would lie.
    if sig.exists() {
        std::fs::remove_file(&sig).map_err(|e| {
            Box::new(Problem::new(
                "io::write",
                format!("cannot replace `{}`: {e}", sig.display()),
            ))
        })?;
    }
    let out = std::process::Command::new("ssh-keygen")
        .args(["-q", "-Y", "sign", "-n", report::pack::NAMESPACE, "-f"])
        .arg(key)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            Box::new(
                Problem::new("report::sign", format!("cannot run ssh-keygen: {e}"))
                    .help("install OpenSSH (ssh-keygen signs the pack)"),
            )
        })?;
    if !out.status.success() || !sig.exists() {
        return Err(Box::new(
            Problem::new(
                "report::sign",
                format!(
                    "ssh-keygen could not sign {} with {}: {}",
                    path.display(),
                    key.display(),
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
            )
            .help("give a private key file, or a public key whose private key is loaded in ssh-agent"),
        ));
    }
    Ok(())
}
