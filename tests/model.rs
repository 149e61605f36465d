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
}

impl World {
    fn new() -> World {
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
        tree.get_path(Path::new(path)).ok().map(|e| (e.id(), e.filemode()))
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
        match rng.below(10) {
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

/// The oracle: (paths lacking approval, paths with a self-approval).
fn oracle(world: &World, head: Oid) -> (BTreeSet<String>, BTreeSet<String>) {
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
        return (missing, own);
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
        if approvers.len() < min {
            missing.insert(path.to_string());
        }
    }
    (missing, own)
}

#[test]
fn the_gate_agrees_with_the_oracle_on_random_histories() {
    let cases: usize = std::env::var("ISMS_MODEL_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    let mut world = World::new();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut passing = 0;
    let mut shapes: BTreeMap<&str, usize> = BTreeMap::new();
    for case in 0..cases {
        let head = generate(&mut world, &mut rng);
        let (missing, own) = oracle(&world, head);
        let expected_exit = i32::from(!missing.is_empty() || !own.is_empty());
        let head_hex = head.to_string();
        let base_hex = world.base.to_string();
        let (code, json) = common::check_at(world.dir.path(), &["--base", &base_hex, "--head", &head_hex]);
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
        assert_eq!(found("ISMS-APPROVAL-001"), missing, "{}", context());
        assert_eq!(found("ISMS-APPROVAL-002"), own, "{}", context());
        assert_eq!(code, expected_exit, "{}", context());
        passing += usize::from(code == 0);
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
