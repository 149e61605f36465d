//! The trust root: the commit from which history is judged, as the
//! configuration of a commit names it (`[history] trust_root`), `HEAD`
//! meaning the day of adoption.

use super::gate::Gate;
use super::objects::short;
use crate::diag::{Problem, Problems};
use git2::Oid;

impl Gate {
    /// The first parent of `id`, refusing to step past a shallow clone's cut.
    pub(crate) fn first_parent_checked(&self, id: Oid) -> Result<Option<Oid>, Problems> {
        if self.repo.shallow_roots().contains(&id) {
            return Err(Problems(vec![
                Problem::new(
                    "git::shallow",
                    format!("the history is cut at commit {} by a shallow clone", short(&id)),
                )
                .help("fetch the full history: `git fetch --unshallow` (or `fetch-depth: 0` in actions/checkout)"),
            ]));
        }
        Ok(self.repo.commit_parent(id))
    }

    /// The trust root that the configuration of commit `at` names: `None`
    /// when it names none (the whole history is judged). A commit id must be
    /// `at` or one of its ancestors. `HEAD` is the day of adoption: the
    /// oldest commit, along first parents, of the run of configurations that
    /// all say `HEAD`, when that run began with the configuration itself;
    /// a configuration changed to say `HEAD` keeps the trust root it had
    /// before (the change is judged like any other), so `HEAD` never moves.
    pub(crate) fn trust_root_of(&mut self, at: Oid) -> Result<Option<Oid>, Problems> {
        let mut at = at;
        let mut hops = 0;
        loop {
            let Some(config) = self.config_at(at)? else {
                return Ok(None);
            };
            let rev = match config.raw.history.trust_root.as_deref() {
                None => return Ok(None),
                Some("HEAD") => None,
                Some(rev) => Some(rev.to_string()),
            };
            if let Some(rev) = rev {
                return self.named_root(at, &rev).map(Some);
            }
            let (first, run) = match self.head_run(at)? {
                Ok(run) => run,
                Err(parent) => {
                    at = parent;
                    continue;
                }
            };
            // The run began at `first`: it adopted the configuration only
            // if no merge of the run brought in a configuration from a line
            // that does not descend from it. A merge whose first parent had
            // none and that brought in one configured line (adopting
            // through a merged branch, or a commit without isms.toml made
            // the first parent of a merge with main) takes that line's
            // trust root. Two lines that each adopted isms.toml (a new
            // parentless commit merged with main, either parent first)
            // leave the trust root in doubt: refused.
            hops += 1;
            let others = self.configured_elsewhere(&run, first)?;
            match others.as_slice() {
                [] => return Ok(Some(first)),
                [(c, p)] if *c == first && hops <= 16 => at = *p,
                _ => return Err(in_doubt(first, &others)),
            }
        }
    }

    /// The first-parent run of configurations saying `HEAD` that `at`
    /// ends: (its first commit, the run newest first) when it began with
    /// the configuration itself; else the parent whose configuration says
    /// otherwise (the trust root it had before, which `HEAD` keeps).
    fn head_run(&mut self, at: Oid) -> Result<Result<(Oid, Vec<Oid>), Oid>, Problems> {
        let mut first = at;
        let mut run = vec![at];
        loop {
            let Some(parent) = self.first_parent_checked(first)? else {
                return Ok(Ok((first, run)));
            };
            match self.config_at(parent)? {
                None => return Ok(Ok((first, run))),
                Some(c) if c.raw.history.trust_root.as_deref() == Some("HEAD") => {
                    first = parent;
                    run.push(parent);
                }
                Some(_) => return Ok(Err(parent)),
            }
        }
    }

    /// The commit `rev` that the configuration at `at` names: in this clone
    /// and `at` or one of its ancestors.
    fn named_root(&mut self, at: Oid, rev: &str) -> Result<Oid, Problems> {
        let root = self.repo.resolve(rev).map_err(|p| {
            Problems(vec![p.help(
                "`[history] trust_root` in isms.toml names a commit that is not in this clone: fetch the full history (`fetch-depth: 0`) or correct the id",
            )])
        })?;
        if root != at && !self.repo.descends(at, root) {
            return Err(Problems(vec![
                Problem::new(
                    "git::bad-trust-root",
                    format!(
                        "the trust root {} named by isms.toml at {} is not in that commit's history",
                        short(&root),
                        short(&at)
                    ),
                )
                .help("pin `[history] trust_root` to a commit on the history of the branch judged"),
            ]));
        }
        Ok(root)
    }

    /// The parents, other than the first, of the commits of `run` (a
    /// first-parent run of configurations saying `HEAD` that began at
    /// `first`) that hold a configuration and do not descend from `first`,
    /// each with the commit of the run that merged it.
    fn configured_elsewhere(&mut self, run: &[Oid], first: Oid) -> Result<Vec<(Oid, Oid)>, Problems> {
        let on_run: std::collections::HashSet<Oid> = run.iter().copied().collect();
        let mut out = Vec::new();
        for &c in run.iter().rev() {
            let parents: Vec<Oid> = self.repo.other_parents(c)?;
            for p in parents {
                if self.config_at(p)?.is_none() {
                    continue;
                }
                if c == first || !self.descends_from(p, first, &on_run) {
                    out.push((c, p));
                }
            }
        }
        Ok(out)
    }

    /// Whether `p` descends from `first`: its first-parent line reaches a
    /// commit of the run (all of which do), else git's answer.
    fn descends_from(&mut self, p: Oid, first: Oid, on_run: &std::collections::HashSet<Oid>) -> bool {
        let mut at = p;
        for _ in 0..10_000 {
            if on_run.contains(&at) {
                return true;
            }
            match self.repo.first_parent(at) {
                Some(parent) => at = parent,
                None => break,
            }
        }
        self.repo.descends(p, first)
    }
}

/// The trust root in doubt: the run that began at `first` merged in
/// configured lines (`others`: merge, parent) that hold another.
fn in_doubt(first: Oid, others: &[(Oid, Oid)]) -> Problems {
    let (c, p) = others.first().copied().unwrap_or((first, first));
    Problems(vec![
        Problem::new(
            "git::bad-trust-root",
            format!(
                "`trust_root = \"HEAD\"` names no single commit that adopted isms.toml: {} began one line of configurations, and merge {} brought in {}, whose line holds another",
                short(&first),
                short(&c),
                short(&p)
            ),
        )
        .help("a commit that came later never becomes the trust root; pin `[history] trust_root` to the commit that adopted isms.toml, in an approved change"),
    ])
}
