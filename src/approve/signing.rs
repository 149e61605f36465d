//! The approver's own git signing set-up: git's configuration read
//! (`user.signingkey`, `gpg.format`), the public key it names, and a
//! payload signed with `ssh-keygen` or `gpg` as `git commit -S` does (isms
//! never reads a private key).

use super::statement;
use crate::diag::Problem;
use crate::history::keys::Key;
use std::path::{Path, PathBuf};

/// A value of git's configuration, read by `git config` itself, so that
/// everything git reads is read: the system, global and local files,
/// `include` and `includeIf`, `GIT_CONFIG_COUNT`/`GIT_CONFIG_PARAMETERS`
/// (`git -c`), `GIT_CONFIG_GLOBAL`. `None` when it is not set.
pub fn git_config(root: &Path, key: &str) -> Result<Option<String>, Box<Problem>> {
    let out = std::process::Command::new("git")
        .current_dir(root)
        .args(["config", "--get", key])
        .output()
        .map_err(|e| Box::new(Problem::new("git::run", format!("cannot run git: {e}"))))?;
    match out.status.code() {
        Some(0) => Ok(Some(
            String::from_utf8_lossy(&out.stdout)
                .trim_end_matches(['\n', '\r'])
                .to_string(),
        )),
        // 1: the key is not set.
        Some(1) => Ok(None),
        _ => Err(Box::new(Problem::new(
            "git::config",
            format!(
                "cannot read git's configuration ({key}): {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ))),
    }
}

/// The e-mail git would write as the author of a commit made now
/// (`git var GIT_AUTHOR_IDENT`: `GIT_AUTHOR_EMAIL`, `user.email`,
/// `EMAIL`…), `None` when git has none.
pub fn author_email(root: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .current_dir(root)
        .args(["var", "GIT_AUTHOR_IDENT"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let ident = String::from_utf8_lossy(&out.stdout);
    let (_, rest) = ident.rsplit_once('<')?;
    let (email, _) = rest.split_once('>')?;
    (!email.is_empty()).then(|| email.to_string())
}

/// How git signs commits here: `gpg.format`, `user.signingkey` and the
/// program, read as git reads them.
#[derive(Debug, Clone)]
pub struct Signing {
    /// `ssh` or `openpgp` (or what `gpg.format` says otherwise).
    pub format: String,
    pub key: Option<String>,
    pub program: String,
}

/// Reads the signing set-up from git's configuration.
pub fn signing(root: &Path) -> Result<Signing, Box<Problem>> {
    let format = git_config(root, "gpg.format")?.unwrap_or_else(|| "openpgp".into());
    let key = git_config(root, "user.signingkey")?;
    let program = match format.as_str() {
        "ssh" => git_config(root, "gpg.ssh.program")?.unwrap_or_else(|| "ssh-keygen".into()),
        _ => match git_config(root, "gpg.openpgp.program")? {
            Some(p) => p,
            None => git_config(root, "gpg.program")?.unwrap_or_else(|| "gpg".into()),
        },
    };
    Ok(Signing { format, key, program })
}

/// The public key the set-up signs with, when it can be told before
/// signing: an SSH `key::` literal, a public key file, the public half of
/// an OpenSSH private key file (readable without its passphrase) or the
/// `.pub` beside it; the key gpg exports for `user.signingkey`. `None`
/// when it cannot be told (the signature is then checked after signing,
/// before anything is written).
pub fn signing_key(signing: &Signing) -> Option<Key> {
    let key = signing.key.as_deref()?;
    match signing.format.as_str() {
        "ssh" => {
            if let Some(literal) = key.strip_prefix("key::") {
                return ssh_key::PublicKey::from_openssh(literal.trim())
                    .ok()
                    .map(|k| Key::Ssh(Box::new(k)));
            }
            // As `sign` gives it to ssh-keygen.
            let path = PathBuf::from(shellexpand_home(key));
            let text = std::fs::read_to_string(&path).ok()?;
            if let Ok(k) = ssh_key::PublicKey::from_openssh(text.trim()) {
                return Some(Key::Ssh(Box::new(k)));
            }
            if let Ok(private) = ssh_key::PrivateKey::from_openssh(&text) {
                return Some(Key::Ssh(Box::new(private.public_key().clone())));
            }
            let mut beside = path.into_os_string();
            beside.push(".pub");
            let text = std::fs::read_to_string(beside).ok()?;
            ssh_key::PublicKey::from_openssh(text.trim())
                .ok()
                .map(|k| Key::Ssh(Box::new(k)))
        }
        "openpgp" => {
            let out = std::process::Command::new(&signing.program)
                .args(["--batch", "--armor", "--export", key])
                .output()
                .ok()?;
            let text = String::from_utf8_lossy(&out.stdout);
            if !out.status.success() || text.trim().is_empty() {
                return None;
            }
            crate::history::keys::parse_keys(&text).ok()?.into_iter().next()
        }
        _ => None,
    }
}

/// Signs `payload` as `git commit -S` would sign a commit: `gpg.format`
/// `ssh` runs `ssh-keygen -Y sign` with `user.signingkey` (a key file, or
/// `key::…` for a key held by ssh-agent); otherwise `gpg --detach-sign`
/// (with `user.signingkey` as the local user when set). Returns the
/// armoured signature.
pub fn sign(signing: &Signing, payload: &str) -> Result<String, Box<Problem>> {
    sign_in(signing, statement::NAMESPACE, payload)
}

/// [`sign`] in the SSH signature namespace `namespace` (an emergency
/// declaration is signed in its own, so that no statement signature can
/// pass for one).
pub fn sign_in(signing: &Signing, namespace: &str, payload: &str) -> Result<String, Box<Problem>> {
    let Signing { format, key, program } = signing;
    let key = key.clone();
    let dir = tempfile::tempdir().map_err(|e| {
        Box::new(Problem::new(
            "io::unwritable",
            format!("cannot make a temporary folder: {e}"),
        ))
    })?;
    let message = dir.path().join("statement");
    std::fs::write(&message, payload).map_err(|e| Box::new(Problem::new("io::unwritable", e.to_string())))?;
    let failed = |what: &str, out: &std::process::Output| {
        Box::new(
            Problem::new(
                "approve::sign",
                format!("{what} could not sign: {}", String::from_utf8_lossy(&out.stderr).trim()),
            )
            .help("set up signing as for `git commit -S`: `git config gpg.format ssh` and `git config user.signingkey ~/.ssh/id_ed25519.pub`, or a gpg key"),
        )
    };
    let run = |cmd: &mut std::process::Command, what: &str| {
        cmd.output().map_err(|e| {
            Box::new(
                Problem::new("approve::sign", format!("cannot run {what}: {e}"))
                    .help("install it, as git needs it to sign commits"),
            )
        })
    };
    match format.as_str() {
        "ssh" => {
            let Some(key) = key else {
                return Err(Box::new(
                    Problem::new("approve::sign", "gpg.format is ssh but user.signingkey is not set")
                        .help("git config user.signingkey ~/.ssh/id_ed25519.pub"),
                ));
            };
            let key_file: PathBuf = match key.strip_prefix("key::") {
                Some(literal) => {
                    let f = dir.path().join("key.pub");
                    std::fs::write(&f, literal).map_err(|e| Box::new(Problem::new("io::unwritable", e.to_string())))?;
                    f
                }
                None => PathBuf::from(shellexpand_home(&key)),
            };
            let out = run(
                std::process::Command::new(program)
                    .args(["-q", "-Y", "sign", "-n", namespace, "-f"])
                    .arg(&key_file)
                    .arg(&message),
                program,
            )?;
            let sig = dir.path().join("statement.sig");
            if !out.status.success() || !sig.exists() {
                return Err(failed(program, &out));
            }
            std::fs::read_to_string(sig).map_err(|e| Box::new(Problem::new("io::read", e.to_string())))
        }
        "openpgp" => {
            let mut cmd = std::process::Command::new(program);
            cmd.args(["--batch", "--yes", "--armor", "--detach-sign"]);
            if let Some(key) = &key {
                cmd.args(["--local-user", key]);
            }
            cmd.args(["--output", "-"]).arg(&message);
            let out = run(&mut cmd, program)?;
            if !out.status.success() {
                return Err(failed(program, &out));
            }
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        other => Err(Box::new(Problem::new(
            "approve::sign",
            format!("gpg.format `{other}` is not one isms verifies (ssh or openpgp)"),
        ))),
    }
}

/// `~/…` as the shell reads it.
pub(super) fn shellexpand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => path.to_string(),
    }
}
