//! The git side of the CLI: scan a commit's tree (never the working tree or
//! the index), propose, and commit the accepted files on the branch.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Context;

use crate::analyze::Kind;
use crate::git::{Base, Repo, TreeFile};
use crate::rewrite::{self, Proposal};
use crate::rules::{Config, Rule};
use crate::scan::{self, Reader, ScanOutput, Source};

/// A commit's tree as a scan source; each worker opens its own repository.
pub struct TreeSource<'a> {
    pub root: &'a Path,
    pub files: &'a [TreeFile],
    dirs_with_init: BTreeSet<String>,
    by_path: BTreeMap<&'a str, git2::Oid>,
}

impl<'a> TreeSource<'a> {
    pub fn new(root: &'a Path, files: &'a [TreeFile]) -> Self {
        let dirs_with_init = files
            .iter()
            .filter_map(|f| f.path.strip_suffix("/__init__.py").map(String::from))
            .collect();
        let by_path = files.iter().map(|f| (f.path.as_str(), f.id)).collect();
        TreeSource {
            root,
            files,
            dirs_with_init,
            by_path,
        }
    }

    pub fn read(&self, repo: &Repo, path: &str) -> anyhow::Result<String> {
        let id = self
            .by_path
            .get(path)
            .with_context(|| format!("{path} is not in the base tree"))?;
        let bytes = repo.read_blob(*id)?;
        String::from_utf8(bytes).with_context(|| format!("{path} is not UTF-8"))
    }
}

impl Source for TreeSource<'_> {
    fn paths(&self) -> Vec<String> {
        // Submodules and symlinks are not files to analyse.
        self.files
            .iter()
            .filter(|f| f.mode == 0o100644 || f.mode == 0o100755)
            .map(|f| f.path.clone())
            .collect()
    }

    fn reader(&self) -> Reader<'_> {
        let repo = git2::Repository::open(self.root).ok();
        Box::new(move |path: &str| {
            let repo = repo
                .as_ref()
                .ok_or_else(|| std::io::Error::other("cannot open the repository"))?;
            let id = self
                .by_path
                .get(path)
                .ok_or_else(|| std::io::Error::other("not in the base tree"))?;
            let blob = repo.find_blob(*id).map_err(std::io::Error::other)?;
            Ok(blob.content().to_vec())
        })
    }

    fn has_init(&self, dir: &str) -> bool {
        self.dirs_with_init.contains(dir)
    }
}

/// Scan the tree of `base`.
pub fn scan_commit(
    repo: &Repo,
    config: &Config,
    base: &Base,
) -> anyhow::Result<(Vec<TreeFile>, ScanOutput)> {
    let files = repo.tree_files(base)?;
    let output = {
        let source = TreeSource::new(repo.root(), &files);
        scan::scan_source(config, &source)
    };
    Ok((files, output))
}

/// Proposals for every file of `scan` with a move or rewrite finding, read
/// from the tree.
pub fn propose_commit(
    repo: &Repo,
    config: &Config,
    files: &[TreeFile],
    scan: &ScanOutput,
) -> anyhow::Result<Vec<Proposal>> {
    let source = TreeSource::new(repo.root(), files);
    let todo = fixable(scan);
    let texts: Vec<String> = todo
        .iter()
        .map(|f| source.read(repo, &f.path))
        .collect::<anyhow::Result<_>>()?;
    let jobs: Vec<(&crate::scan::FileResult, &String)> = todo.into_iter().zip(&texts).collect();
    Ok(propose_all(config, &scan.referrals, &jobs))
}

/// Python files with a finding a fix could address.
pub fn fixable(scan: &ScanOutput) -> Vec<&crate::scan::FileResult> {
    scan.files
        .iter()
        .filter(|f| {
            f.module.is_some()
                && f.findings
                    .iter()
                    .any(|x| matches!(x.kind, Kind::Move | Kind::Rewrite))
        })
        .collect()
}

/// Propose for every (file, text), on all cores, in path order.
pub fn propose_all(
    config: &Config,
    referrals: &crate::scan::Referrals,
    jobs: &[(&crate::scan::FileResult, &String)],
) -> Vec<Proposal> {
    let results = std::sync::Mutex::new(Vec::new());
    let files: Vec<&crate::scan::FileResult> = jobs.iter().map(|(f, _)| *f).collect();
    let texts: BTreeMap<&str, &String> = jobs.iter().map(|(f, t)| (f.path.as_str(), *t)).collect();
    propose_each(
        config,
        referrals,
        &files,
        &|| {
            Box::new(|path: &str| {
                texts
                    .get(path)
                    .map(|t| t.to_string())
                    .ok_or_else(|| format!("{path}: no text"))
            })
        },
        &|_, p| {
            if let Ok(p) = p
                && (!p.file.edits.is_empty() || !p.skipped.is_empty())
                && let Ok(mut r) = results.lock()
            {
                r.push(p);
            }
        },
    );
    let mut out = results.into_inner().unwrap_or_else(|e| e.into_inner());
    out.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    out
}

/// Reads a file's text for a worker; an error is a message naming the file.
pub type TextReader<'a> = Box<dyn FnMut(&str) -> Result<String, String> + 'a>;

/// Propose for each of `files` on all cores, calling `done` as each one is
/// ready (in no particular order). `reader` makes one text reader per worker.
pub fn propose_each<'a>(
    config: &Config,
    referrals: &crate::scan::Referrals,
    files: &[&crate::scan::FileResult],
    reader: &(dyn Fn() -> TextReader<'a> + Sync),
    done: &(dyn Fn(&crate::scan::FileResult, Result<Proposal, String>) + Sync),
) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    // Once per run, before any worker: where the rules' paths stop being modules.
    let tops: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.module.as_ref())
        .filter_map(|m| m.name.split('.').next())
        .collect();
    let modules = if files.is_empty() {
        Default::default()
    } else {
        super::python_env::modules(config, &|top| tops.contains(top))
    };
    let facts = rewrite::Facts {
        modules: &modules,
        referrers: referrals,
    };
    let facts = &facts;
    std::thread::scope(|s| {
        for _ in 0..workers.min(files.len().max(1)) {
            s.spawn(|| {
                let mut parser = crate::python::parser();
                let mut read = reader();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(file) = files.get(i) else {
                        break;
                    };
                    let Some(module) = &file.module else { continue };
                    let text = match read(&file.path) {
                        Ok(t) => t,
                        Err(e) => {
                            done(file, Err(e));
                            continue;
                        }
                    };
                    let rules: Vec<&Rule> = config
                        .rules
                        .iter()
                        .filter(|r| r.applies_to(&file.path))
                        .collect();
                    let p = rewrite::propose_with(
                        &file.path,
                        module,
                        &text,
                        &rules,
                        &mut parser,
                        facts,
                    );
                    done(file, Ok(p));
                }
            });
        }
    });
}

/// Where commits go and what they start from: the branch (`--branch`, else
/// `[settings] branch`), its tip now (for the compare-and-swap at commit
/// time) and the base commit.
pub struct Target {
    pub branch: String,
    pub expected: Option<git2::Oid>,
    pub base: Base,
}

pub fn target(repo: &Repo, config: &Config, global: &crate::cli::Global) -> anyhow::Result<Target> {
    let branch = global
        .branch
        .clone()
        .unwrap_or_else(|| config.settings.branch.clone());
    Repo::check_branch_name(&branch)?;
    let expected = repo.branch_tip(&branch)?;
    let base = repo.base(global.base.as_deref(), &branch)?;
    Ok(Target {
        branch,
        expected,
        base,
    })
}
