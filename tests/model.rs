//! Model-based test of the approval gate: random histories of edits,
//! approvals, reverts, deletions, configuration edits and merges of any
//! shape (built like `git commit-tree`, octopus included) on a small signed
//! repository, each judged by `isms check --base` and by an oracle written
//! here from the rule alone:
//!
//! > a governed path whose content at head differs from the base's (and,
//! > for a head behind the base, from the content at a merge base of the
//! > two: the change the merge would make; the files are one line, so where
//! > both sides changed a path git's merge conflicts there and the head's
//! > content is what is judged) passes
//! > when at least `min` eligible people, none of whom made that content
//! > (authored, committed or signed a commit in the range whose entry differs
//! > from every parent's), signed a commit in the range whose tree holds
//! > exactly the head's content, on a line that left the base's history
//! > where the path held the base's content (at every merge base of that
//! > commit and the base, and it has one); a maker's signature on another
//! > commit that holds it is a self-approval.
//!
//! Some cases start one side from a commit of the main line before the base
//! (a branch that forked earlier, when the risks held older content: a
//! branch behind the base), and some merges join a new parentless commit
//! (first or second parent).
//!
//! The classes of issue 33 are generated too: approval statements (`isms
//! approve`'s signed files) new in the range or the one the main line
//! already used, each in some encoding of its armour (LF, CRLF, no final
//! newline) — a statement counts when it is new by what was signed, its
//! signer eligible and no maker, naming the base's content and the head's;
//! trees git would not write (a name twice, a mode git does not write, a
//! `..` entry, a name that is not UTF-8) — any commit of the range holding
//! one makes the run refuse (exit 2, `git::irregular-tree` or
//! `git::non-utf8-path`); and half the cases put the ISMS in a folder whose
//! name holds glob characters (`is[m]s*?`), read by its literal name.
//!
//! 500 cases run in `cargo test`; `ISMS_MODEL_CASES=20000 cargo test --release
//! --test model` is the longer run (docs/security.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Rng;
use git2::{Oid, Repository, Signature};
use ssh_key::{HashAlg, LineEnding, PrivateKey};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

/// Who signs: id, e-mail, role.
const PEOPLE: &[(&str, &str)] = &[
    ("omar", "engineer"),
    ("lena", "cto"),
    ("priya", "ciso"),
    ("sam", "ciso"),
    ("maya", "ceo"),
];

const RISKS: &str = "data/risks.txt";
const POLICY: &str = "data/policy.txt";
const CONFIG: &str = "isms.toml";
const NOTES: &str = "notes.txt";

/// Governed paths with the roles that may approve them and how many.
fn rules() -> Vec<(&'static str, Vec<&'static str>, usize)> {
    vec![
        (RISKS, vec!["ciso", "cto"], 1),
        (POLICY, vec!["ceo", "ciso"], 2),
        // isms.toml: the built-in rule, one member of top management.
        (CONFIG, vec!["ceo"], 1),
    ]
}

fn email(id: &str) -> String {
    format!("{id}@model.example")
}

struct World {
    dir: tempfile::TempDir,
    repo: Repository,
    keys: HashMap<&'static str, PrivateKey>,
    /// Who signed each commit made here.
    signer: HashMap<Oid, &'static str>,
    base: Oid,
    /// Commits made, for distinct timestamps.
    count: i64,
    /// Commits of the main line before the base (merge sources for
    /// rollbacks).
    history: Vec<Oid>,
    base_config: String,
    /// The ISMS's folder in the repository: `""` or ending in `/`.
    prefix: String,
    /// Every statement payload signed here: (signer, path, from, to).
    statements: HashMap<String, Statement>,
    /// The statement the main line used before the base, and its payload.
    used_text: String,
    used: String,
}

/// What a statement says: its signer, and the change it names.
#[derive(Clone)]
struct Statement {
    signer: &'static str,
    path: &'static str,
    from: Option<(Oid, i32)>,
    to: Option<(Oid, i32)>,
}

impl World {
    fn new(prefix: &str) -> World {
        let dir = tempfile::tempdir().unwrap();
        let keys_dir = tempfile::tempdir().unwrap();
        let mut keys = HashMap::new();
        let mut config = String::from("[organisation]\nname = \"Model Ltd\"\n\n");
        for role in ["engineer", "cto", "ciso", "ceo"] {
            config.push_str(&format!(
                "[roles.{role}]\nname = \"{role}\"\ntop_management = {}\n\n",
                role == "ceo"
            ));
        }
        for (id, role) in PEOPLE {
            let path = keys_dir.path().join(id);
            common::sh(
                keys_dir.path(),
                "ssh-keygen",
                &["-q", "-t", "ed25519", "-N", "", "-C", id, "-f", path.to_str().unwrap()],
                &[],
            );
            let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
            keys.insert(*id, PrivateKey::read_openssh_file(&path).unwrap());
            config.push_str(&format!(
                "[[person]]\nid = \"{id}\"\nname = \"{id}\"\nemails = [\"{}\"]\nroles = [\"{role}\"]\nkeys = [\"{}\"]\n\n",
                email(id),
                public.trim()
            ));
        }
        config.push_str(&format!(
            "[[approval]]\nname = \"risks\"\npaths = [\"{RISKS}\"]\nroles = [\"ciso\", \"cto\"]\n\n\
             [[approval]]\nname = \"policy\"\npaths = [\"{POLICY}\"]\nroles = [\"ceo\", \"ciso\"]\nmin = 2\n\n\
             [documents]\npaths = []\n\n[rules.severity]\n"
        ));
        // Only the approval findings decide the exit code here.
        let (_, out, _) = common::run(None, &["rules", "--format", "json"]);
        let listed: serde_json::Value = serde_json::from_str(&out).unwrap();
        for rule in listed["rules"].as_array().unwrap() {
            let id = rule["id"].as_str().unwrap();
            if !id.starts_with("ISMS-APPROVAL") {
                config.push_str(&format!("\"{id}\" = \"off\"\n"));
            }
        }
        let repo = Repository::init(dir.path()).unwrap();
        let mut world = World {
            dir,
            repo,
            keys,
            signer: HashMap::new(),
            base: Oid::ZERO_SHA1,
            count: 0,
            history: Vec::new(),
            base_config: config.clone(),
            prefix: prefix.to_string(),
            statements: HashMap::new(),
            used_text: String::new(),
            used: String::new(),
        };
        // The main line: a root, then two approved versions of each file.
        let mut files = BTreeMap::new();
        files.insert(CONFIG.to_string(), Some(config));
        files.insert(RISKS.to_string(), Some("r0\n".to_string()));
        files.insert(POLICY.to_string(), Some("p0\n".to_string()));
        files.insert(NOTES.to_string(), Some("n0\n".to_string()));
        let tree = world.tree(None, &files);
        let mut tip = world.commit(tree, &[], "maya", false, "Root");
        for v in ["1", "2"] {
            let mut next = BTreeMap::new();
            next.insert(RISKS.to_string(), Some(format!("r-main{v}\n")));
            let t = world.tree(Some(tip), &next);
            tip = world.commit(t, &[tip], "lena", true, "Risks");
            world.history.push(tip);
            let t = world.tree(Some(tip), &BTreeMap::new());
            tip = world.commit(t, &[tip], "priya", true, "Approve");
            world.history.push(tip);
        }
        // An approval statement the main line used (it came and went):
        // replayed in any encoding it approves nothing again.
        let risks = world.entry(tip, RISKS);
        let target = world.repo.blob(b"data/r1\n").unwrap();
        let used = world.statement("priya", RISKS, risks, Some((target, 0o100644)), "2026-01-01");
        world.used = used.split("-----BEGIN ").next().unwrap().to_string();
        world.used_text = used.clone();
        let mut kept = BTreeMap::new();
        kept.insert(".isms/approvals/used.approval".to_string(), Some(used));
        let t = world.tree(Some(tip), &kept);
        tip = world.commit(t, &[tip], "maya", false, "Keep a statement");
        kept.insert(".isms/approvals/used.approval".to_string(), None);
        let t = world.tree(Some(tip), &kept);
        tip = world.commit(t, &[tip], "maya", false, "Tidy the statements");
        world.base = tip;
        world.repo.reference("refs/heads/main", tip, true, "main").unwrap();
        world.repo.set_head("refs/heads/main").unwrap();
        world
            .repo
            .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
            .unwrap();
        world
    }

    /// The tree of `parent` with `changes` applied (`None` deletes).
    fn tree(&self, parent: Option<Oid>, changes: &BTreeMap<String, Option<String>>) -> Oid {
        let base = match parent {
            Some(p) => self.repo.find_commit(p).unwrap().tree().unwrap(),
            None => self
                .repo
                .find_tree(self.repo.treebuilder(None).unwrap().write().unwrap())
                .unwrap(),
        };
        let mut update = git2::build::TreeUpdateBuilder::new();
        for (path, content) in changes {
            let path = &format!("{}{path}", self.prefix);
            match content {
                Some(text) => {
                    let blob = self.repo.blob(text.as_bytes()).unwrap();
                    update.upsert(path, blob, git2::FileMode::Blob);
                }
                None => {
                    if base.get_path(Path::new(path)).is_ok() {
                        update.remove(path);
                    }
                }
            }
        }
        update.create_updated(&self.repo, &base).unwrap()
    }

    /// A commit by `who` (author and committer), SSH-signed by them when
    /// `signed`, of any tree and parents.
    #[allow(clippy::too_many_arguments)] // a test helper; the five-argument limit is for src/
    fn commit(&mut self, tree: Oid, parents: &[Oid], who: &'static str, signed: bool, message: &str) -> Oid {
        self.count += 1;
        let time = git2::Time::new(1_700_000_000 + self.count, 0);
        let sig = Signature::new(who, &email(who), &time).unwrap();
        let tree = self.repo.find_tree(tree).unwrap();
        let parents: Vec<git2::Commit<'_>> = parents.iter().map(|p| self.repo.find_commit(*p).unwrap()).collect();
        let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let buffer = self
            .repo
            .commit_create_buffer(&sig, &sig, message, &tree, &refs)
            .unwrap();
        let id = if signed {
            let armour = self.keys[who]
                .sign("git", HashAlg::Sha512, &buffer)
                .unwrap()
                .to_pem(LineEnding::LF)
                .unwrap();
            let text = std::str::from_utf8(&buffer).unwrap();
            self.repo.commit_signed(text, &armour, None).unwrap()
        } else {
            self.repo
                .odb()
                .unwrap()
                .write(git2::ObjectType::Commit, &buffer)
                .unwrap()
        };
        if signed {
            self.signer.insert(id, who);
        }
        id
    }

    fn entry(&self, commit: Oid, path: &str) -> Option<(Oid, i32)> {
        let tree = self.repo.find_commit(commit).unwrap().tree().unwrap();
        tree.get_path(Path::new(&format!("{}{path}", self.prefix)))
            .ok()
            .map(|e| (e.id(), e.filemode()))
    }

    /// A statement signed by `who` (SSH, namespace `isms-approval`) that
    /// `path` changes from `from` to `to`, as `isms approve` writes it.
    #[allow(clippy::too_many_arguments)] // a test helper; the five-argument limit is for src/
    fn statement(
        &mut self,
        who: &'static str,
        path: &'static str,
        from: Option<(Oid, i32)>,
        to: Option<(Oid, i32)>,
        date: &str,
    ) -> String {
        let entry = |e: Option<(Oid, i32)>| e.map_or("-".to_string(), |(oid, mode)| format!("{mode:o}:{oid}"));
        let payload = format!(
            "isms-approval v1\napprover: {who}\nrule: {path}\ndate: {date}\nfile {} {} {path}\n",
            entry(from),
            entry(to)
        );
        let armour = self.keys[who]
            .sign("isms-approval", HashAlg::Sha512, payload.as_bytes())
            .unwrap()
            .to_pem(LineEnding::LF)
            .unwrap();
        self.statements.insert(
            payload.clone(),
            Statement {
                signer: who,
                path,
                from,
                to,
            },
        );
        format!("{payload}{armour}")
    }

    /// The tree of commit `tip` with the `data/` folder's entries made
    /// irregular by `how`, written as git itself never would.
    fn flawed_tree(&self, tip: Oid, how: usize) -> Oid {
        let data = format!("{}data", self.prefix);
        let tree = self.repo.find_commit(tip).unwrap().tree().unwrap();
        let folder = self
            .repo
            .find_tree(tree.get_path(Path::new(&data)).unwrap().id())
            .unwrap();
        let mut entries: Vec<(u32, Vec<u8>, Oid)> = folder
            .iter()
            .map(|e| (e.filemode_raw() as u32, e.name_bytes().to_vec(), e.id()))
            .collect();
        let other = self.repo.blob(b"data/r-unapproved\n").unwrap();
        let risks = entries.iter().position(|e| e.1 == b"risks.txt");
        match (how, risks) {
            // The head's risks first, another after it: `git checkout`
            // writes the second.
            (0, Some(i)) => entries.insert(i + 1, (0o100644, b"risks.txt".to_vec(), other)),
            (1, Some(i)) => entries[i] = (0o100664, b"risks.txt".to_vec(), other),
            (2, _) => entries.insert(0, (0o100644, b"..".to_vec(), other)),
            _ => {
                entries.push((0o100644, b"r\xe9.txt".to_vec(), other));
                entries.sort_by(|a, b| a.1.cmp(&b.1));
            }
        }
        let mut raw = Vec::new();
        for (mode, name, oid) in &entries {
            raw.extend_from_slice(format!("{mode:o} ").as_bytes());
            raw.extend_from_slice(name);
            raw.push(0);
            raw.extend_from_slice(oid.as_bytes());
        }
        let odb = self.repo.odb().unwrap();
        let folder = odb.write(git2::ObjectType::Tree, &raw).unwrap();
        let mut update = git2::build::TreeUpdateBuilder::new();
        update.upsert(&data, folder, git2::FileMode::Tree);
        update.create_updated(&self.repo, &tree).unwrap()
    }

    fn content(&self, commit: Oid, path: &str) -> Option<String> {
        let (id, _) = self.entry(commit, path)?;
        Some(String::from_utf8(self.repo.find_blob(id).unwrap().content().to_vec()).unwrap())
    }
}

/// A random case on top of the base: returns the head.
fn generate(world: &mut World, rng: &mut Rng) -> Oid {
    let ids: Vec<&'static str> = PEOPLE.iter().map(|p| p.0).collect();
    let mut tips = [world.base, world.base];
    if rng.chance(25) {
        tips[1] = *rng.pick(&world.history);
    }
    let ops = 1 + rng.below(8);
    for _ in 0..ops {
        let side = rng.below(2);
        let tip = tips[side];
        let who = *rng.pick(&ids);
        match rng.below(13) {
            // An edit of one file to one of a few contents (so that reverts
            // and equal contents on two sides happen), or a deletion.
            0..=3 => {
                let path = *rng.pick(&[RISKS, POLICY, CONFIG, NOTES]);
                let content = if path == CONFIG {
                    let note = ["", "\n# note a\n", "\n# note b\n"][rng.below(3)];
                    Some(format!("{}{note}", world.base_config))
                } else if rng.chance(8) {
                    None
                } else {
                    Some(format!("{}{}\n", &path[..6], rng.below(3)))
                };
                let mut changes = BTreeMap::new();
                changes.insert(path.to_string(), content);
                let tree = world.tree(Some(tip), &changes);
                let signed = rng.chance(50);
                tips[side] = world.commit(tree, &[tip], who, signed, "Edit");
            }
            // An approval: an empty commit signed by someone.
            4..=6 => {
                let tree = world.tree(Some(tip), &BTreeMap::new());
                tips[side] = world.commit(tree, &[tip], who, true, "Approve");
            }
            // A revert of one file to the base's content.
            7 => {
                let path = *rng.pick(&[RISKS, POLICY, CONFIG]);
                let mut changes = BTreeMap::new();
                changes.insert(path.to_string(), world.content(world.base, path));
                let tree = world.tree(Some(tip), &changes);
                let signed = rng.chance(50);
                tips[side] = world.commit(tree, &[tip], who, signed, "Revert");
            }
            // An approval statement in some encoding: a new one (by anyone,
            // naming the base's content and one the generator makes, or a
            // deletion), or the one the main line used.
            10 => {
                let text = if rng.chance(30) {
                    world.used_text.clone()
                } else {
                    let (path, stem) = *rng.pick(&[(RISKS, "data/r"), (POLICY, "data/p")]);
                    let from = world.entry(world.base, path);
                    let to = if rng.chance(8) {
                        None
                    } else {
                        let blob = world.repo.blob(format!("{stem}{}\n", rng.below(3)).as_bytes()).unwrap();
                        Some((blob, 0o100644))
                    };
                    let date = *rng.pick(&["2026-01-01", "2026-01-02"]);
                    world.statement(who, path, from, to, date)
                };
                let text = match rng.below(3) {
                    0 => text,
                    1 => {
                        let at = text.find("-----BEGIN ").unwrap();
                        format!("{}{}", &text[..at], text[at..].replace('\n', "\r\n"))
                    }
                    _ => text.trim_end_matches('\n').to_string(),
                };
                let mut changes = BTreeMap::new();
                changes.insert(format!(".isms/approvals/{}.approval", rng.below(3)), Some(text));
                let tree = world.tree(Some(tip), &changes);
                let signed = rng.chance(50);
                tips[side] = world.commit(tree, &[tip], who, signed, "Approval statement");
            }
            // A tree git would not write, now and then.
            11 if rng.chance(40) => {
                let tree = world.flawed_tree(tip, rng.below(4));
                let signed = rng.chance(50);
                tips[side] = world.commit(tree, &[tip], who, signed, "Tidy");
            }
            11 => {
                let tree = world.tree(Some(tip), &BTreeMap::new());
                tips[side] = world.commit(tree, &[tip], who, true, "Approve");
            }
            // A merge of any shape: the other tip, and sometimes an old
            // commit of the main line; each file taken from any parent or
            // new; parents in any order; signed or not.
            _ => {
                let mut parents = vec![tips[side], tips[1 - side]];
                if rng.chance(30) {
                    parents.push(*rng.pick(&world.history));
                }
                if rng.chance(10) {
                    // A new parentless commit: another history joined in
                    // (first, when the parents are swapped next).
                    let mut files = BTreeMap::new();
                    for path in [RISKS, POLICY, NOTES] {
                        files.insert(path.to_string(), Some(format!("{}{}\n", &path[..6], rng.below(3))));
                    }
                    files.insert(CONFIG.to_string(), Some(world.base_config.clone()));
                    let tree = world.tree(None, &files);
                    let signed = rng.chance(50);
                    let root = world.commit(tree, &[], who, signed, "Root");
                    parents.insert(1, root);
                }
                if rng.chance(30) {
                    parents.swap(0, 1);
                }
                let mut seen = HashSet::new();
                parents.retain(|p| seen.insert(*p));
                let mut changes = BTreeMap::new();
                for path in [RISKS, POLICY, CONFIG, NOTES] {
                    let from = *rng.pick(&parents);
                    let content = if path != CONFIG && rng.chance(15) {
                        Some(format!("{}merged{}\n", &path[..6], rng.below(2)))
                    } else {
                        world.content(from, path)
                    };
                    changes.insert(path.to_string(), content);
                }
                let tree = world.tree(Some(parents[0]), &changes);
                let signed = rng.chance(50);
                let merge = world.commit(tree, &parents, who, signed, "Merge");
                tips[side] = merge;
                if rng.chance(50) {
                    tips[1 - side] = merge;
                }
            }
        }
    }
    tips[rng.below(2)]
}

/// What the oracle expects: the run refused with one of these codes, or
/// (paths lacking approval, paths with a self-approval).
type Expected = Result<(BTreeSet<String>, BTreeSet<String>), BTreeSet<&'static str>>;

/// The codes of the entries of tree `id` (and the trees in it) that git
/// would not write: a name that is not UTF-8; a name twice, a mode git does
/// not write, `.`, `..` or `.git`, entries out of git's order.
fn flaws(repo: &Repository, id: Oid, out: &mut BTreeSet<&'static str>) {
    let tree = repo.find_tree(id).unwrap();
    let mut seen = HashSet::new();
    let mut previous: Option<Vec<u8>> = None;
    for e in tree.iter() {
        let name = e.name_bytes().to_vec();
        let mode = e.filemode_raw();
        let key = [name.clone(), if mode == 0o040000 { b"/".to_vec() } else { Vec::new() }].concat();
        if std::str::from_utf8(&name).is_err() {
            out.insert("git::non-utf8-path");
        } else if ["", ".", ".."].contains(&std::str::from_utf8(&name).unwrap())
            || name.eq_ignore_ascii_case(b".git")
            || ![0o040000, 0o100644, 0o100755, 0o120000, 0o160000].contains(&mode)
            || !seen.insert(name.clone())
            || previous.as_ref().is_some_and(|p| *p >= key)
        {
            out.insert("git::irregular-tree");
        }
        previous = Some(key);
        if mode == 0o040000 {
            flaws(repo, e.id(), out);
        }
    }
}

/// The oracle: see [`Expected`].
fn oracle(world: &World, head: Oid) -> Expected {
    let reach = |from: Oid| {
        let mut seen = HashSet::new();
        let mut todo = vec![from];
        while let Some(c) = todo.pop() {
            if seen.insert(c) {
                todo.extend(world.repo.find_commit(c).unwrap().parent_ids());
            }
        }
        seen
    };
    let below_base = reach(world.base);
    let range: Vec<Oid> = reach(head).into_iter().filter(|c| !below_base.contains(c)).collect();
    let role = |person: &str| PEOPLE.iter().find(|p| p.0 == person).map(|p| p.1).unwrap_or("");
    let mut missing = BTreeSet::new();
    let mut own = BTreeSet::new();
    if range.is_empty() {
        // A head the base already holds (an older commit of the main line):
        // merging it brings nothing.
        return Ok((missing, own));
    }
    // A commit of the range holding, in the ISMS, a tree git would not
    // write: the range is refused.
    let mut refused = BTreeSet::new();
    for &c in &range {
        let tree = world.repo.find_commit(c).unwrap().tree().unwrap();
        let isms = if world.prefix.is_empty() {
            tree.id()
        } else {
            tree.get_path(Path::new(world.prefix.trim_end_matches('/')))
                .unwrap()
                .id()
        };
        flaws(&world.repo, isms, &mut refused);
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    // The statements at head that are new by what was signed (never the
    // one the main line used, in whatever encoding).
    let mut stated: Vec<Statement> = Vec::new();
    let folder = format!("{}.isms/approvals", world.prefix);
    if let Ok(e) = world
        .repo
        .find_commit(head)
        .unwrap()
        .tree()
        .unwrap()
        .get_path(Path::new(&folder))
    {
        for f in world.repo.find_tree(e.id()).unwrap().iter() {
            let blob = world.repo.find_blob(f.id()).unwrap();
            let text = std::str::from_utf8(blob.content()).unwrap();
            let payload = text.split("-----BEGIN ").next().unwrap();
            if payload != world.used {
                stated.push(world.statements[payload].clone());
            }
        }
    }
    for (path, roles, min) in rules() {
        let at_head = world.entry(head, path);
        if at_head == world.entry(world.base, path) {
            continue;
        }
        // A head behind the base that holds what it held at every merge
        // base changed nothing there: only the base did, and its merge
        // keeps the base's content.
        let forks = world
            .repo
            .merge_bases(head, world.base)
            .map(|b| b.to_vec())
            .unwrap_or_default();
        if !forks.is_empty() && forks.iter().all(|f| world.entry(*f, path) == at_head) {
            continue;
        }
        let made = |c: Oid| {
            let commit = world.repo.find_commit(c).unwrap();
            let mine = world.entry(c, path);
            commit.parent_ids().all(|p| world.entry(p, path) != mine)
        };
        let mut makers = BTreeSet::new();
        for &c in &range {
            if made(c) {
                let commit = world.repo.find_commit(c).unwrap();
                makers.insert(commit.author().name().unwrap().to_string());
                makers.insert(commit.committer().name().unwrap().to_string());
                if let Some(s) = world.signer.get(&c) {
                    makers.insert(s.to_string());
                }
            }
        }
        let at_base = world.entry(world.base, path);
        let left_from_base = |c: Oid| {
            let bases = world
                .repo
                .merge_bases(c, world.base)
                .map(|b| b.to_vec())
                .unwrap_or_default();
            !bases.is_empty() && bases.iter().all(|b| world.entry(*b, path) == at_base)
        };
        let mut approvers = BTreeSet::new();
        for &c in &range {
            let Some(signer) = world.signer.get(&c) else { continue };
            if !roles.contains(&role(signer)) || world.entry(c, path) != at_head {
                continue;
            }
            if makers.contains(*signer) {
                if !made(c) {
                    own.insert(path.to_string());
                }
            } else if left_from_base(c) {
                approvers.insert(*signer);
            }
        }
        for st in &stated {
            if st.path != path || st.from != at_base || st.to != at_head || !roles.contains(&role(st.signer)) {
                continue;
            }
            if makers.contains(st.signer) {
                own.insert(path.to_string());
            } else {
                approvers.insert(st.signer);
            }
        }
        if approvers.len() < min {
            missing.insert(path.to_string());
        }
    }
    Ok((missing, own))
}

#[test]
fn the_gate_agrees_with_the_oracle_on_random_histories() {
    let cases: usize = std::env::var("ISMS_MODEL_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    // Half the cases with the ISMS at the repository's root, half in a
    // folder whose name git would read as a pattern.
    let mut worlds = [World::new(""), World::new("is[m]s*?/")];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut passing = 0;
    let mut shapes: BTreeMap<&str, usize> = BTreeMap::new();
    for case in 0..cases {
        let world = &mut worlds[case % 2];
        let head = generate(world, &mut rng);
        let expected = oracle(world, head);
        let head_hex = head.to_string();
        let base_hex = world.base.to_string();
        let root = world.dir.path().join(world.prefix.trim_end_matches('/'));
        let (code, json) = common::check_at(&root, &["--base", &base_hex, "--head", &head_hex]);
        let found = |rule: &str| -> BTreeSet<String> {
            json["findings"]
                .as_array()
                .unwrap_or(&Vec::new())
                .iter()
                .filter(|f| f["rule"] == rule)
                .map(|f| f["file"].as_str().unwrap_or("").to_string())
                .collect()
        };
        let context = || {
            let log = common::sh(
                world.dir.path(),
                "git",
                &[
                    "log",
                    "--graph",
                    "--format=%h %an %s",
                    &head_hex,
                    &format!("^{base_hex}"),
                ],
                &[],
            );
            format!("case {case}: head {head_hex}\n{log}\n{json:#}")
        };
        let (missing, own) = match expected {
            Ok(found) => found,
            Err(codes) => {
                // Refused: exit 2, naming a flaw the range holds.
                assert_eq!(code, 2, "{}", context());
                let said = json["problems"][0]["code"].as_str().unwrap_or("");
                assert!(codes.contains(said), "{codes:?}: {}", context());
                *shapes.entry("refused").or_default() += 1;
                continue;
            }
        };
        let expected_exit = i32::from(!missing.is_empty() || !own.is_empty());
        assert_eq!(found("ISMS-APPROVAL-001"), missing, "{}", context());
        assert_eq!(found("ISMS-APPROVAL-002"), own, "{}", context());
        assert_eq!(code, expected_exit, "{}", context());
        passing += usize::from(code == 0);
        let tree = world.repo.find_commit(head).unwrap().tree().unwrap();
        let statements = format!("{}.isms/approvals", world.prefix);
        if let Ok(e) = tree.get_path(Path::new(&statements)) {
            *shapes.entry("statements at head").or_default() += 1;
            let replayed = world.repo.find_tree(e.id()).unwrap().iter().any(|f| {
                let text = world.repo.find_blob(f.id()).unwrap().content().to_vec();
                text.starts_with(world.used.as_bytes()) && text != world.used_text.as_bytes()
            });
            if replayed {
                *shapes.entry("used statement re-encoded at head").or_default() += 1;
            }
        }
        let parents = world.repo.find_commit(head).unwrap().parent_count();
        *shapes
            .entry(if parents > 2 {
                "octopus head"
            } else if parents == 2 {
                "merge head"
            } else {
                "linear head"
            })
            .or_default() += 1;
    }
    // Both verdicts occur often enough for the agreement to mean something.
    assert!(passing * 10 >= cases, "only {passing} of {cases} cases pass");
    assert!(
        (cases - passing) * 10 >= cases,
        "only {} of {cases} cases fail",
        cases - passing
    );
    eprintln!("{cases} cases, {passing} passing; {shapes:?}");
}
