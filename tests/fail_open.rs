//! The fail-open classes of the content model (issue 33, part A), each on a
//! real repository with keys made by `ssh-keygen` and `gpg`, in every mode:
//! a pull request (`isms check --base main`), the state of `main` (`isms
//! check`) and the audit (`isms audit`).
//!
//! 1. A used approval statement replayed under another encoding (CRLF line
//!    ends, no final newline, an OpenPGP armour with a `Comment:` header or
//!    without its CRC line) approves nothing again: a statement is known by
//!    what was signed.
//! 2. A file whose name is not UTF-8 is never dropped: the commit is refused
//!    (`git::non-utf8-path`, exit 2), located at the escaped name.
//! 3. An ISMS folder whose name holds a glob character (`[`, `]`, `*`, `?`,
//!    `\`, `!`) is read by its literal name: its governed changes are seen.
//! 4. A tree git would not write (a name twice, a mode git does not write,
//!    `.`, `..`, `.git`, entries out of order), or one a case-insensitive
//!    checkout would not (names differing only in case), is refused where it changed
//!    (`git::irregular-tree`, exit 2), located at the entry.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::lab::{Lab, RISKS};
use common::sh;
use serde_json::Value;
use std::path::Path;

fn git(dir: &Path, args: &[&str]) -> String {
    sh(dir, "git", args, &[]).trim().to_string()
}

const OMAR: [(&str, &str); 4] = [
    ("GIT_AUTHOR_NAME", "Omar"),
    ("GIT_AUTHOR_EMAIL", "omar.haddad@lumen-health.example"),
    ("GIT_COMMITTER_NAME", "Omar"),
    ("GIT_COMMITTER_EMAIL", "omar.haddad@lumen-health.example"),
];

/// `isms audit --format json` of the ISMS at `dir`: exit code and report.
fn audit(dir: &Path) -> (i32, Value) {
    let (code, out, err) = common::run(Some(dir), &["audit", "--format", "json"]);
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (code, json)
}

/// The (rule, file) of every finding of a report (check or audit).
fn found(json: &Value) -> Vec<(String, String)> {
    json["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        f["rule"].as_str().unwrap_or("").to_string(),
                        f["file"].as_str().or(f["path"].as_str()).unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn has(json: &Value, rule: &str, file: &str) -> bool {
    found(json).iter().any(|(r, f)| r == rule && f == file)
}

/// The (code, file) of the problems of a run that could not judge.
fn problems(json: &Value) -> Vec<(String, String)> {
    json["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems in {json:#}"))
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_string(),
                p["file"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

// 1. Replay of a used statement, re-encoded.

/// The statement's text with its armour re-encoded (the signed payload
/// before it left as it is, as a signature must).
fn reencode(text: &str, how: &str) -> String {
    let at = text.find("-----BEGIN ").unwrap();
    let (payload, armour) = text.split_at(at);
    let armour = match how {
        "crlf" => armour.replace('\n', "\r\n"),
        "no final newline" => armour.trim_end_matches('\n').to_string(),
        "comment header" => armour.replacen(
            "-----BEGIN PGP SIGNATURE-----\n",
            "-----BEGIN PGP SIGNATURE-----\nComment: re-armoured\n",
            1,
        ),
        "no crc line" => {
            let lines: Vec<&str> = armour.lines().collect();
            assert!(
                lines.iter().any(|l| l.starts_with('=') && l.len() == 5),
                "a CRC line: {armour}"
            );
            lines
                .into_iter()
                .filter(|l| !(l.starts_with('=') && l.len() == 5))
                .map(|l| format!("{l}\n"))
                .collect()
        }
        other => panic!("{other}"),
    };
    let out = format!("{payload}{armour}");
    assert_ne!(out, text, "{how} changes the file");
    out
}

/// A lab whose `main` holds Priya's (or, with `gpg`, Lena's OpenPGP)
/// statement approving Omar's retitling of R-001 — the approval was given
/// and used — without the change itself (it was reverted, or never
/// merged). Returns the lab, the statement's file and its text, and the
/// environment `isms approve` ran in.
fn used_statement(openpgp: bool) -> (Lab, String, String) {
    let lab = Lab::new();
    let mut env: Vec<(String, String)> = Vec::new();
    let approver = if openpgp {
        let home = lab.keys_dir.path().join("gnupg-lena");
        std::fs::create_dir_all(&home).unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        let home_s = home.to_str().unwrap().to_string();
        let genv = [("GNUPGHOME", home_s.as_str())];
        let uid = "Lena Vogel <lena.vogel@lumen-health.example>";
        let (fpr, armoured) = common::gpg_key(lab.path(), uid, "ed25519", &genv);
        lab.s.write("keys/lena.asc", armoured);
        let ssh = lab.keys["lena"].1.clone();
        lab.s.replace(
            "isms.toml",
            &format!("keys = [\"{ssh}\"]"),
            &format!("keys = [\"{ssh}\", \"keys/lena.asc\"]"),
        );
        lab.amend_baseline();
        git(lab.path(), &["config", "user.email", "lena.vogel@lumen-health.example"]);
        git(lab.path(), &["config", "gpg.format", "openpgp"]);
        git(lab.path(), &["config", "user.signingkey", &fpr]);
        env.push(("GNUPGHOME".into(), home_s));
        "lena"
    } else {
        let key = lab.keys["priya"].0.to_str().unwrap().to_string();
        git(lab.path(), &["config", "user.email", &Lab::email("priya")]);
        git(lab.path(), &["config", "gpg.format", "ssh"]);
        git(lab.path(), &["config", "user.signingkey", &key]);
        "priya"
    };
    git(lab.path(), &["config", "user.name", approver]);
    git(lab.path(), &["branch", "-M", "main"]);
    git(lab.path(), &["checkout", "-q", "-b", "change"]);
    lab.edit_risks(1);
    lab.commit("omar", None, "Reword R-001");
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("isms"))
        .args(["approve", "--base", "main", "--yes"])
        .current_dir(lab.path())
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let file = git(lab.path(), &["ls-files", ".isms/approvals"]);
    let text = lab.s.read(&file);
    git(lab.path(), &["checkout", "-q", "main"]);
    git(lab.path(), &["checkout", "change", "--", ".isms"]);
    lab.commit("maya", None, "Keep the approval statement");
    (lab, file, text)
}

/// Omar makes the approved change again, with the used statement
/// re-encoded under a new name in place of the original.
fn replay(lab: &Lab, file: &str, text: &str, how: &str) {
    git(lab.path(), &["rm", "-q", file]);
    lab.edit_risks(1);
    lab.s
        .write(&file.replace(".approval", "-again.approval"), reencode(text, how));
    lab.commit("omar", None, "Reword R-001 again");
}

fn a_used_statement_re_encoded_approves_nothing_again(openpgp: bool, encodings: &[&str]) {
    for how in encodings {
        // A pull request.
        let (lab, file, text) = used_statement(openpgp);
        git(lab.path(), &["checkout", "-q", "-b", "again", "main"]);
        replay(&lab, &file, &text, how);
        let (code, json) = lab.s.check(&["--base", "main"]);
        assert_eq!(code, 1, "{how}: {json:#}");
        assert!(has(&json, "ISMS-APPROVAL-001", RISKS), "{how}: {json:#}");
        // The re-encoded statement is a valid one: against a base that
        // never held it, it approves.
        let (code, json) = lab.s.check(&["--base", "main~1"]);
        assert_eq!(code, 0, "{how}: the re-encoded statement verifies: {json:#}");

        // Pushed to `main`: the state and the audit.
        git(lab.path(), &["checkout", "-q", "main"]);
        git(lab.path(), &["merge", "-q", "--ff-only", "again"]);
        let (code, json) = lab.s.check(&[]);
        assert_eq!(code, 1, "{how}: {json:#}");
        assert!(has(&json, "ISMS-APPROVAL-001", RISKS), "{how}: {json:#}");
        let (code, json) = audit(lab.path());
        assert_eq!(code, 1, "{how}: {json:#}");
        assert!(has(&json, "ISMS-APPROVAL-001", RISKS), "{how}: {json:#}");
    }
}

#[test]
fn a_used_ssh_statement_re_encoded_approves_nothing_again() {
    a_used_statement_re_encoded_approves_nothing_again(false, &["crlf", "no final newline"]);
}

#[test]
fn a_used_openpgp_statement_re_armoured_approves_nothing_again() {
    a_used_statement_re_encoded_approves_nothing_again(true, &["comment header", "no crc line", "crlf"]);
}

// 2. Names that are not UTF-8.

/// Writes `bytes` to the file named by raw bytes `name` under `dir`.
fn write_raw(dir: &Path, name: &[u8], bytes: &[u8]) {
    use std::os::unix::ffi::OsStrExt;
    let path = dir.join(std::ffi::OsStr::from_bytes(name));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_name_that_is_not_utf8_is_refused_never_dropped() {
    // A file beside a governed one, a file in a governed folder of its own
    // (`docs/policies/\xe9vil.md` is no document of the example's), and a
    // folder named so.
    for name in [
        &b"registers/risks\xff.csv"[..],
        &b"docs/policies/\xe9vil.md"[..],
        &b"registers/\xc3(/risks.csv"[..],
    ] {
        let lab = Lab::new();
        git(lab.path(), &["branch", "-M", "main"]);
        git(lab.path(), &["checkout", "-q", "-b", "attack"]);
        write_raw(lab.path(), name, b"R-001,anything\n");
        lab.commit("omar", None, "Add a file");
        let listed = git(
            lab.path(),
            &["-c", "core.quotePath=true", "ls-files", "--", "registers", "docs"],
        );
        assert!(listed.contains('\\'), "git holds the raw name: {listed}");
        let (code, json) = lab.s.check(&["--base", "main"]);
        assert_eq!(code, 2, "{name:?}: {json:#}");
        let p = problems(&json);
        assert_eq!(p[0].0, "git::non-utf8-path", "{name:?}: {json:#}");
        assert!(p[0].1.contains("\\x"), "escaped: {json:#}");
        assert!(
            p[0].1.starts_with(if name.starts_with(b"docs") {
                "docs/policies/"
            } else {
                "registers/"
            }),
            "{json:#}"
        );
        // Pushed to `main`: the state and the audit refuse it too.
        git(lab.path(), &["checkout", "-q", "main"]);
        git(lab.path(), &["merge", "-q", "--ff-only", "attack"]);
        let (code, json) = lab.s.check(&[]);
        assert_eq!(code, 2, "{name:?}: {json:#}");
        assert_eq!(problems(&json)[0].0, "git::non-utf8-path", "{json:#}");
        let (code, json) = audit(lab.path());
        assert_eq!(code, 2, "{name:?}: {json:#}");
        assert_eq!(problems(&json)[0].0, "git::non-utf8-path", "{json:#}");
    }
}

// 3. An ISMS folder whose name holds glob characters.

/// The example ISMS moved into folder `folder` of its repository (the
/// baseline amended), on `main`.
fn lab_in(folder: &str) -> Lab {
    let lab = Lab::new();
    let inner = lab.path().join(folder);
    std::fs::create_dir_all(&inner).unwrap();
    for entry in std::fs::read_dir(lab.path()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == ".git" || entry.path() == inner || inner.starts_with(entry.path()) {
            continue;
        }
        std::fs::rename(entry.path(), inner.join(&name)).unwrap();
    }
    lab.amend_baseline();
    git(lab.path(), &["branch", "-M", "main"]);
    lab
}

/// Retitles R-001 in the ISMS at `folder`.
fn edit_risks_in(lab: &Lab, folder: &str, n: u32) {
    let rel = format!("{folder}/{RISKS}");
    let text = lab.s.read(&rel);
    let text = text.replacen("R-001,", &format!("R-001,({n}) "), 1);
    lab.s.write(&rel, text);
}

#[test]
fn an_isms_folder_named_with_glob_characters_is_read_literally() {
    for folder in [
        "isms[1]",
        "is*ms",
        "is?ms",
        "[a-z]sms",
        "is\\ms",
        "!isms",
        "isms]",
        "a/is[ms]/b",
    ] {
        let lab = lab_in(folder);
        let root = lab.path().join(folder);
        // Clean to begin with, in every mode.
        let (code, json) = common::check_at(&root, &[]);
        assert_eq!(code, 0, "{folder}: {json:#}");
        git(lab.path(), &["checkout", "-q", "-b", "attack"]);
        edit_risks_in(&lab, folder, 1);
        lab.commit("omar", None, "Reword R-001");
        let (code, json) = common::check_at(&root, &["--base", "main"]);
        assert_eq!(code, 1, "{folder}: {json:#}");
        assert!(has(&json, "ISMS-APPROVAL-001", RISKS), "{folder}: {json:#}");
        // `isms status` and `isms approve` see the change there too, and
        // the statement approve writes approves it.
        // (status exits 1 while the check would fail on approvals.)
        let (code, out, err) = common::run(Some(&root), &["status", "--base", "main"]);
        assert_eq!(code, 1, "{folder}: {out}{err}");
        assert!(out.contains(RISKS), "{folder}: {out}{err}");
        let key = lab.keys["priya"].0.to_str().unwrap().to_string();
        git(lab.path(), &["config", "user.email", &Lab::email("priya")]);
        git(lab.path(), &["config", "user.name", "priya"]);
        git(lab.path(), &["config", "gpg.format", "ssh"]);
        git(lab.path(), &["config", "user.signingkey", &key]);
        let (code, out, err) = common::run(Some(&root), &["approve", "--base", "main", "--yes"]);
        assert_eq!(code, 0, "{folder}: {out}{err}");
        assert!(out.contains(&format!("{RISKS}: approved")), "{folder}: {out}");
        let (code, json) = common::check_at(&root, &["--base", "main"]);
        assert_eq!(code, 0, "{folder}: {json:#}");
        git(lab.path(), &["reset", "-q", "--hard", "HEAD~1"]);
        git(lab.path(), &["checkout", "-q", "main"]);
        git(lab.path(), &["merge", "-q", "--ff-only", "attack"]);
        let (code, json) = common::check_at(&root, &[]);
        assert_eq!(code, 1, "{folder}: {json:#}");
        assert!(has(&json, "ISMS-APPROVAL-001", RISKS), "{folder}: {json:#}");
        let (code, json) = audit(&root);
        assert_eq!(code, 1, "{folder}: {json:#}");
        assert!(has(&json, "ISMS-APPROVAL-001", RISKS), "{folder}: {json:#}");
        // And an approved change passes: the folder is really read.
        edit_risks_in(&lab, folder, 2);
        lab.commit("omar", None, "Reword R-001 again");
        lab.commit("priya", Some("priya"), "Approve");
        let (code, json) = common::check_at(&root, &["--base", "main~2"]);
        assert_eq!(code, 0, "{folder}: {json:#}");
    }
}

// 4. Irregular trees.

/// A tree's entries: (mode, name, object), as `git ls-tree` lists them.
type Entries = Vec<(String, Vec<u8>, String)>;

/// Writes a tree object of exactly these entries (mode, name, object), in
/// this order, as git itself never would.
fn raw_tree(dir: &Path, entries: &Entries) -> String {
    use std::io::Write;
    let mut raw = Vec::new();
    for (mode, name, oid) in entries {
        raw.extend_from_slice(mode.as_bytes());
        raw.push(b' ');
        raw.extend_from_slice(name);
        raw.push(0);
        raw.extend_from_slice(&hex(oid));
    }
    let mut child = std::process::Command::new("git")
        .args(["hash-object", "-t", "tree", "--literally", "-w", "--stdin"])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&raw).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn hex(oid: &str) -> Vec<u8> {
    (0..oid.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&oid[i..i + 2], 16).unwrap())
        .collect()
}

/// The entries of tree `rev` as `git ls-tree` lists them.
fn entries(dir: &Path, rev: &str) -> Entries {
    git(dir, &["ls-tree", "-z", rev])
        .split('\0')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (meta, name) = l.split_once('\t').unwrap();
            let mut parts = meta.split(' ');
            let mode = parts.next().unwrap().to_string();
            let oid = parts.nth(1).unwrap().to_string();
            (mode, name.as_bytes().to_vec(), oid)
        })
        .collect()
}

/// A commit on `main`'s head whose `registers/` tree's entries are
/// `shape(entries, attacker's blob)`, made by Omar with `git commit-tree`.
fn irregular_commit(lab: &Lab, shape: &dyn Fn(&mut Entries, &str)) -> String {
    let dir = lab.path();
    let text = lab.s.read(RISKS).replacen("R-001,", "R-001,(unapproved) ", 1);
    std::fs::write(dir.join("attack.tmp"), text).unwrap();
    let blob = git(dir, &["hash-object", "-w", "attack.tmp"]);
    std::fs::remove_file(dir.join("attack.tmp")).unwrap();
    let mut registers = entries(dir, "HEAD:registers");
    shape(&mut registers, &blob);
    let registers = raw_tree(dir, &registers);
    let mut root = entries(dir, "HEAD^{tree}");
    for e in &mut root {
        if e.1 == b"registers" {
            e.2 = registers.clone();
        }
    }
    let root = raw_tree(dir, &root);
    sh(
        dir,
        "git",
        &["commit-tree", &root, "-p", "HEAD", "-m", "Tidy the registers"],
        &OMAR,
    )
    .trim()
    .to_string()
}

#[test]
fn an_irregular_tree_is_refused_in_every_mode() {
    type Shape = Box<dyn Fn(&mut Entries, &str)>;
    let at = |v: &Entries, name: &str| v.iter().position(|e| e.1 == name.as_bytes()).unwrap();
    let shapes: Vec<(&str, Shape, &str)> = vec![
        (
            // The approved blob first, the attacker's second: `git checkout`
            // writes the second.
            "a name twice",
            Box::new(move |v, blob| {
                let i = at(v, "risks.csv");
                v.insert(i + 1, ("100644".into(), b"risks.csv".to_vec(), blob.to_string()));
            }),
            "registers/risks.csv",
        ),
        (
            "a name twice, the attacker's first",
            Box::new(move |v, blob| {
                let i = at(v, "risks.csv");
                v.insert(i, ("100644".into(), b"risks.csv".to_vec(), blob.to_string()));
            }),
            "registers/risks.csv",
        ),
        (
            "a mode git does not write",
            Box::new(move |v, blob| {
                let i = at(v, "risks.csv");
                v[i] = ("100664".into(), b"risks.csv".to_vec(), blob.to_string());
            }),
            "registers/risks.csv",
        ),
        (
            "a `..` entry",
            Box::new(move |v, blob| {
                v.insert(0, ("100644".into(), b"..".to_vec(), blob.to_string()));
            }),
            "registers/..",
        ),
        (
            "a `.` entry",
            Box::new(move |v, blob| {
                v.insert(0, ("100644".into(), b".".to_vec(), blob.to_string()));
            }),
            "registers/.",
        ),
        (
            "a `.git` entry",
            Box::new(move |v, blob| {
                v.insert(0, ("100644".into(), b".GIT".to_vec(), blob.to_string()));
            }),
            "registers/.GIT",
        ),
        (
            // `Risks.csv` beside `risks.csv`: a case-insensitive checkout
            // (macOS, Windows) writes one over the other.
            "a name differing from another only in case",
            Box::new(move |v, blob| {
                v.insert(0, ("100644".into(), b"Risks.csv".to_vec(), blob.to_string()));
            }),
            "registers/risks.csv",
        ),
        (
            "entries out of order",
            Box::new(move |v, blob| {
                let i = at(v, "risks.csv");
                v[i].2 = blob.to_string();
                let moved = v.remove(i);
                v.insert(0, moved);
            }),
            "registers/",
        ),
    ];
    for (what, shape, path) in &shapes {
        let lab = Lab::new();
        git(lab.path(), &["branch", "-M", "main"]);
        let base = lab.head();
        let attack = irregular_commit(&lab, shape.as_ref());
        git(lab.path(), &["branch", "attack", &attack]);
        // A pull request.
        let (code, json) = lab.s.check(&["--base", "main", "--head", "attack"]);
        assert_eq!(code, 2, "{what}: {json:#}");
        let p = problems(&json);
        assert_eq!(p[0].0, "git::irregular-tree", "{what}: {json:#}");
        assert!(p[0].1.starts_with(path.trim_end_matches('/')), "{what}: {json:#}");
        // Pushed to `main` (the work tree left as it was: git cannot check
        // such a tree out faithfully).
        git(lab.path(), &["update-ref", "refs/heads/main", &attack, &base]);
        let (code, json) = lab.s.check(&[]);
        assert_eq!(code, 2, "{what}: {json:#}");
        assert_eq!(problems(&json)[0].0, "git::irregular-tree", "{what}: {json:#}");
        let (code, json) = audit(lab.path());
        assert_eq!(code, 2, "{what}: {json:#}");
        assert_eq!(problems(&json)[0].0, "git::irregular-tree", "{what}: {json:#}");
    }
}

/// A flawed commit that reached `main` (a direct push) keeps state mode
/// refusing until the approvers pin a trust root after it, as the refusal
/// advises; from there, the line is judged again.
#[test]
fn an_irregular_commit_on_main_is_passed_only_by_an_approved_trust_root_after_it() {
    let lab = Lab::new();
    git(lab.path(), &["branch", "-M", "main"]);
    let base = lab.head();
    let attack = irregular_commit(&lab, &|v, blob| {
        let i = v.iter().position(|e| e.1 == b"risks.csv").unwrap();
        v.insert(i + 1, ("100644".into(), b"risks.csv".to_vec(), blob.to_string()));
    });
    git(lab.path(), &["update-ref", "refs/heads/main", &attack, &base]);
    git(lab.path(), &["reset", "-q", "--mixed", "HEAD"]);
    let (code, json) = lab.s.check(&[]);
    assert_eq!(code, 2, "{json:#}");
    assert!(
        json["problems"][0]["help"].as_str().unwrap().contains("trust_root"),
        "{json:#}"
    );
    // An unapproved move of the trust root changes nothing.
    lab.s.replace(
        "isms.toml",
        "trust_root = \"HEAD\"",
        &format!("trust_root = \"{attack}\""),
    );
    lab.commit("omar", Some("omar"), "Move the trust root");
    let (code, json) = lab.s.check(&[]);
    assert_eq!(code, 2, "{json:#}");
    // Approved, it takes the flawed commit out of what is judged.
    lab.commit("maya", Some("maya"), "Approve");
    lab.commit("priya", Some("priya"), "Approve");
    let (code, json) = lab.s.check(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert!(json["problems"].as_array().is_none_or(Vec::is_empty), "{json:#}");
}

/// A used statement kept on `main` only inside a folder whose name is not
/// UTF-8, then deleted (which ended libgit2's walk of the statements folder
/// through git2, so the statement looked never used), is still used:
/// brought back under a plain name with the change it names, it approves
/// nothing.
#[test]
fn a_statement_used_inside_a_folder_named_otherwise_than_utf8_approves_nothing_again() {
    let lab = Lab::new();
    git(lab.path(), &["branch", "-M", "main"]);
    let key = lab.keys["priya"].0.to_str().unwrap().to_string();
    git(lab.path(), &["config", "user.email", &Lab::email("priya")]);
    git(lab.path(), &["config", "user.name", "priya"]);
    git(lab.path(), &["config", "gpg.format", "ssh"]);
    git(lab.path(), &["config", "user.signingkey", &key]);
    git(lab.path(), &["checkout", "-q", "-b", "change"]);
    lab.edit_risks(1);
    lab.commit("omar", None, "Reword R-001");
    let (code, out, err) = common::run(Some(lab.path()), &["approve", "--base", "main", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    let file = git(lab.path(), &["ls-files", ".isms/approvals"]);
    let text = lab.s.read(&file);
    git(lab.path(), &["checkout", "-q", "main"]);
    write_raw(lab.path(), b".isms/approvals/\xff/kept.approval", text.as_bytes());
    lab.commit("maya", None, "Keep the approval statement");
    std::fs::remove_dir_all(lab.path().join(".isms")).unwrap();
    lab.commit("maya", None, "Tidy the approvals folder");
    git(lab.path(), &["checkout", "-q", "-b", "again"]);
    lab.edit_risks(1);
    lab.s.write(&file, &text);
    lab.commit("omar", None, "Reword R-001, with the statement");
    let (code, json) = lab.s.check(&["--base", "main"]);
    assert_eq!(code, 1, "{json:#}");
    assert!(has(&json, "ISMS-APPROVAL-001", RISKS), "{json:#}");
    // Judged from before it, the range brings the folder that is not
    // UTF-8, and is refused for it.
    let (code, json) = lab.s.check(&["--base", "main~2"]);
    assert_eq!(code, 2, "{json:#}");
    assert_eq!(problems(&json)[0].0, "git::non-utf8-path", "{json:#}");
}
