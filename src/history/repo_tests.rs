//! Tests of the plumbing: entries and differing trees as git finds them.

/// The repository at `path` with the ISMS at `prefix`, no cache.
fn opened(path: &std::path::Path, prefix: impl Into<String>) -> super::Repo {
    super::Repo {
        repo: git2::Repository::open(path).unwrap(),
        prefix: prefix.into(),
        facts: None,
        trees: Default::default(),
    }
}

/// `Repo::entry` reads trees once and walks them itself; what it finds
/// at a path is what `git rev-parse COMMIT:PATH` (and `git ls-tree`'s
/// mode) finds, for files, folders, executables, symbolic links, a
/// trailing `/`, paths through a file, absent paths and odd spellings,
/// from the repository's root and from an ISMS in a subfolder.
#[test]
fn an_entry_is_what_git_finds_at_the_path() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(root)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        )
    };
    assert!(git(&["init", "-q"]).0);
    for (path, text) in [
        ("isms/isms.toml", "x"),
        ("isms/docs/policy.md", "p"),
        ("isms/docs/deep/er/note.md", "n"),
        ("isms/run.sh", "#!/bin/sh"),
        ("top.txt", "t"),
    ] {
        std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        std::fs::write(root.join(path), text).unwrap();
    }
    std::os::unix::fs::symlink("docs/policy.md", root.join("isms/link.md")).unwrap();
    assert!(git(&["add", "-A"]).0);
    assert!(git(&["update-index", "--chmod=+x", "isms/run.sh"]).0);
    assert!(git(&["commit", "-qm", "one"]).0);
    let head = git(&["rev-parse", "HEAD"]).1;
    let id = git2::Oid::from_str(&head).unwrap();
    for prefix in ["", "isms/"] {
        let repo = opened(root, prefix.to_string());
        for rel in [
            "isms.toml",
            "docs/policy.md",
            "docs/deep/er/note.md",
            "docs",
            "docs/",
            "docs/deep/",
            "docs/policy.md/",
            "docs/policy.md/x",
            "run.sh",
            "link.md",
            "missing.md",
            "docs/missing/x.md",
            "isms/isms.toml",
            "top.txt",
            "",
            "Docs/policy.md",
        ] {
            let full = format!("{prefix}{rel}");
            let (found, object) = git(&["rev-parse", "--verify", "-q", &format!("{head}:{full}")]);
            // `HEAD:` is the root tree to git; no entry names it.
            let expected = (found && !full.is_empty()).then(|| {
                let listed = git(&["ls-tree", &head, full.trim_end_matches('/')]).1;
                let mode = i32::from_str_radix(listed.split(' ').next().unwrap(), 8).unwrap();
                (git2::Oid::from_str(&object).unwrap(), super::norm_mode(mode))
            });
            assert_eq!(repo.entry(id, rel), expected, "{full:?}");
            // Asked again: the same, from the trees already read.
            assert_eq!(repo.entry(id, rel), expected, "{full:?} again");
        }
    }
}

/// A tree naming one entry twice (written with `git hash-object
/// --literally`; git itself refuses to) is looked up as libgit2's
/// own path lookup does, as it was before trees were read once.
#[test]
fn a_tree_naming_an_entry_twice_is_looked_up_as_libgit2_does() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(dir.path()).unwrap();
    let a = repo.blob(b"approved").unwrap();
    let b = repo.blob(b"changed").unwrap();
    let mut raw = Vec::new();
    for blob in [a, b] {
        raw.extend_from_slice(b"100644 policy.md\0");
        raw.extend_from_slice(blob.as_bytes());
    }
    let mut child = Command::new("git")
        .args(["hash-object", "-t", "tree", "--literally", "-w", "--stdin"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&raw).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let tree = git2::Oid::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap();
    let signature = git2::Signature::now("t", "t@example.com").unwrap();
    let tree_object = repo.find_tree(tree).unwrap();
    assert_eq!(tree_object.len(), 2);
    let commit = repo
        .commit(None, &signature, &signature, "twice", &tree_object, &[])
        .unwrap();
    let expected = tree_object
        .get_path(std::path::Path::new("policy.md"))
        .map(|e| (e.id(), super::norm_mode(e.filemode())))
        .ok();
    assert!(expected.is_some());
    let repo = opened(dir.path(), String::new());
    assert_eq!(repo.entry(commit, "policy.md"), expected);
    assert_eq!(repo.entry(commit, "policy.md"), expected, "again");
}

/// An entry of a tree as written: mode, name, object.
type Literal<'a> = (&'a str, &'a [u8], git2::Oid);

/// A tree of exactly `entries` (mode, name, object), in this order,
/// written with `git hash-object --literally` (git itself refuses to).
fn literal_tree(dir: &std::path::Path, entries: &[Literal<'_>]) -> git2::Oid {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut raw = Vec::new();
    for (mode, name, oid) in entries {
        raw.extend_from_slice(mode.as_bytes());
        raw.push(b' ');
        raw.extend_from_slice(name);
        raw.push(0);
        raw.extend_from_slice(oid.as_bytes());
    }
    let mut child = Command::new("git")
        .args(["hash-object", "-t", "tree", "--literally", "-w", "--stdin"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&raw).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    git2::Oid::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap()
}

/// A tree git would not write is a flaw where it is the new side of a
/// difference (located at the entry, with its code), and differs from
/// everything where it is the old side; inside the ISMS's folder and on
/// the way to it.
#[test]
fn an_irregular_tree_is_a_flaw_on_the_new_side_and_differs_on_the_old() {
    let dir = tempfile::tempdir().unwrap();
    let git = git2::Repository::init(dir.path()).unwrap();
    let a = git.blob(b"approved").unwrap();
    let b = git.blob(b"changed").unwrap();
    let regular = literal_tree(dir.path(), &[("100644", b"a.md", a), ("100644", b"p.md", a)]);
    let cases: Vec<(&str, Vec<Literal<'_>>, &str, &str)> = vec![
        (
            "twice",
            vec![("100644", b"a.md", a), ("100644", b"p.md", a), ("100644", b"p.md", b)],
            super::super::trees::IRREGULAR,
            "p.md",
        ),
        (
            "mode",
            vec![("100644", b"a.md", a), ("100664", b"p.md", a)],
            super::super::trees::IRREGULAR,
            "p.md",
        ),
        (
            "dot dot",
            vec![("100644", b"..", b), ("100644", b"a.md", a), ("100644", b"p.md", a)],
            super::super::trees::IRREGULAR,
            "..",
        ),
        (
            "dot git",
            vec![("100644", b".Git", b), ("100644", b"a.md", a), ("100644", b"p.md", a)],
            super::super::trees::IRREGULAR,
            ".Git",
        ),
        (
            "slash",
            vec![("100644", b"a.md", a), ("100644", b"p.md", a), ("100644", b"p.md/x", b)],
            super::super::trees::IRREGULAR,
            "p.md/x",
        ),
        (
            "order",
            vec![("100644", b"p.md", b), ("100644", b"a.md", a)],
            super::super::trees::IRREGULAR,
            "a.md",
        ),
        (
            "utf-8",
            vec![
                ("100644", b"a.md", a),
                ("100644", b"p.md", a),
                ("100644", b"q\xe9.md", b),
            ],
            super::NON_UTF8,
            "q\\xe9.md",
        ),
    ];
    for (what, entries, code, name) in cases {
        let flawed = literal_tree(dir.path(), &entries);
        for prefix in ["", "isms/"] {
            let (old, new) = if prefix.is_empty() {
                (regular, flawed)
            } else {
                (
                    literal_tree(dir.path(), &[("40000", b"isms", regular)]),
                    literal_tree(dir.path(), &[("40000", b"isms", flawed)]),
                )
            };
            let repo = opened(dir.path(), prefix);
            let flaw = repo.differing_read(Some(old), new).unwrap_err();
            assert_eq!(
                (flaw.code, flaw.path.as_str()),
                (code, format!("{prefix}{name}").as_str()),
                "{what}"
            );
            // As the old side: whatever has a flaw differs.
            let back = repo.differing_read(Some(new), old).unwrap();
            if code == super::NON_UTF8 {
                // A name that is not UTF-8, gone: nothing can name it.
                assert!(back.is_empty(), "{what}: {back:?}");
            } else {
                assert!(back.contains_key(name), "{what}: {back:?}");
            }
        }
    }
    // On the way to the ISMS's folder: its name twice.
    let twice = literal_tree(dir.path(), &[("40000", b"isms", regular), ("40000", b"isms", regular)]);
    let repo = opened(dir.path(), "isms/");
    let flaw = repo.differing_read(None, twice).unwrap_err();
    assert_eq!(
        (flaw.code, flaw.path.as_str()),
        (super::super::trees::IRREGULAR, "isms")
    );
}

/// The differences between two commits' trees read from the trees kept
/// once per id are libgit2's diff's, path for path and entry for entry:
/// on random histories of nested folders, executables, links and
/// submodules, files turned into folders and back, from the root and
/// from an ISMS in a subfolder (which may itself turn into a file).
#[test]
fn differences_read_from_kept_trees_are_libgit2s() {
    let dir = tempfile::tempdir().unwrap();
    let git = git2::Repository::init(dir.path()).unwrap();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    // A random tree: up to `depth` levels of folders.
    fn build(git: &git2::Repository, next: &mut dyn FnMut(u64) -> u64, depth: u32) -> git2::Oid {
        let mut builder = git.treebuilder(None).unwrap();
        for _ in 0..next(5) + 1 {
            let name = ["a", "b", "c", "sub", "d.md", "e", "s[u]b", "s?b", "*"][next(9) as usize];
            match next(8) {
                0 if depth > 0 => {
                    let tree = build(git, next, depth - 1);
                    builder.insert(name, tree, 0o040000).unwrap();
                }
                1 => {
                    let blob = git.blob(format!("{}", next(3)).as_bytes()).unwrap();
                    builder.insert(name, blob, 0o100755).unwrap();
                }
                2 => {
                    let blob = git.blob(b"target").unwrap();
                    builder.insert(name, blob, 0o120000).unwrap();
                }
                3 => {
                    let commit = git2::Oid::from_str(&format!("{:040x}", next(3) + 1)).unwrap();
                    builder.insert(name, commit, 0o160000).unwrap();
                }
                _ => {
                    let blob = git.blob(format!("{}", next(3)).as_bytes()).unwrap();
                    builder.insert(name, blob, 0o100644).unwrap();
                }
            }
        }
        builder.write().unwrap()
    }
    let trees: Vec<git2::Oid> = (0..40).map(|_| build(&git, &mut next, 3)).collect();
    let mut compared = 0;
    // Folder names git would read as patterns are read literally: `s[u]b`
    // is not `sub`, nor `*` everything.
    for prefix in ["", "sub/", "sub/sub/", "s[u]b/", "s?b/", "*/", "sub/s[u]b/"] {
        let repo = opened(dir.path(), prefix.to_string());
        for (i, &new) in trees.iter().enumerate() {
            for old in [
                None,
                Some(trees[(i + 1) % trees.len()]),
                Some(trees[(i * 7 + 3) % trees.len()]),
            ] {
                let old_tree = old.map(|o| repo.repo.find_tree(o).unwrap());
                let new_tree = repo.repo.find_tree(new).unwrap();
                let expected = repo
                    .trees()
                    .differing_trees(old_tree.as_ref(), Some(&new_tree))
                    .unwrap();
                let read = repo.differing_read(old, new).expect("regular trees are read");
                assert_eq!(read, expected, "prefix {prefix:?}, {old:?} -> {new}");
                compared += expected.len();
            }
        }
    }
    assert!(compared > 500, "{compared} differences compared");
}

#[test]
fn hex_writes_an_id_as_git_does() {
    for text in [
        "0000000000000000000000000000000000000000",
        "ff00a1b2c3d4e5f60718293a4b5c6d7e8f90abcd",
    ] {
        let id = git2::Oid::from_str(text).unwrap();
        assert_eq!(super::super::objects::hex(&id), text);
        assert_eq!(super::super::objects::hex(&id), id.to_string());
    }
}
