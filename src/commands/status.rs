//! `canon status`: per rule, violations left on the base, fixed on the
//! branch (since it forked from HEAD), rules that match nothing, and the
//! deprecated definitions that no user is left for.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;

use super::{EXIT_OK, Io};
use crate::analyze::Site;
use crate::cli::{Global, StatusFormat};
use crate::git::Repo;
use crate::pipeline::{self, Mode, Origin, Progress};
use crate::rules::{Config, RuleKind};
use crate::scan::ScanOutput;

struct RuleStatus {
    id: String,
    kind: &'static str,
    left: usize,
    files_left: usize,
    fixed: Option<usize>,
    matched_nothing: bool,
}

struct Deletable {
    rule: String,
    symbol: String,
    path: String,
    line: usize,
}

/// Violations per rule (definitions, re-exports and mentions are not users).
fn users(scan: &ScanOutput) -> BTreeMap<&str, (usize, usize)> {
    let mut out: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for file in &scan.files {
        let mut seen: Vec<&str> = Vec::new();
        for f in file.findings.iter().filter(|f| {
            f.kind.is_violation() && !matches!(f.site, Site::Definition | Site::DunderAll)
        }) {
            let e = out.entry(f.rule.as_str()).or_default();
            e.0 += 1;
            if !seen.contains(&f.rule.as_str()) {
                e.1 += 1;
                seen.push(&f.rule);
            }
        }
    }
    out
}

pub fn run(global: &Global, path: &Path, format: StatusFormat, io: &mut Io) -> anyhow::Result<i32> {
    let repo = Repo::open(path)?;
    let config = crate::rules::load(path, global.config.as_deref())?;
    let branch = global
        .branch
        .clone()
        .unwrap_or_else(|| config.settings.branch.clone());
    Repo::check_branch_name(&branch)?;
    let base = repo.base(global.base.as_deref(), &branch)?;
    let progress = super::progress::Progress::start(io.err_is_tty && !global.quiet, "scanning");
    let counters = progress.counters();
    let project = pipeline::collect(
        &config,
        Origin::Commit(&repo, &base),
        Mode::Proposals,
        counters,
    )?;
    // Violations canon will not fix, and why: they need a human.
    let refused: Vec<(String, crate::rewrite::Skipped)> = project
        .files
        .into_iter()
        .flat_map(|f| {
            let path = f.path;
            f.proposal
                .skipped
                .into_iter()
                .map(move |s| (path.clone(), s))
        })
        .collect();
    let on_base = project.scan;
    let left = users(&on_base);
    let findings = |base: &crate::git::Base, progress: &Progress| {
        pipeline::collect(
            &config,
            Origin::Commit(&repo, base),
            Mode::Findings,
            progress,
        )
        .map(|p| p.scan)
    };

    // Fixed on the branch: what the fork point had that the tip no longer has.
    let mut fixed: Option<BTreeMap<String, usize>> = None;
    let mut at_fork: Option<ScanOutput> = None;
    if let (Some(tip), Some(fork)) = (repo.branch_tip(&branch)?, repo.fork_point(&branch)?) {
        let fork_base = repo.base(Some(&fork.to_string()), &branch)?;
        let tip_base = repo.base(Some(&tip.to_string()), &branch)?;
        let before = findings(&fork_base, counters)?;
        let after = findings(&tip_base, counters)?;
        let (b, a) = (users(&before), users(&after));
        fixed = Some(
            config
                .rules
                .iter()
                .map(|r| {
                    let was = b.get(r.id.as_str()).map_or(0, |x| x.0);
                    let now = a.get(r.id.as_str()).map_or(0, |x| x.0);
                    (r.id.clone(), was.saturating_sub(now))
                })
                .collect(),
        );
        at_fork = Some(before);
    }
    let reference = at_fork.as_ref().unwrap_or(&on_base);
    let rules: Vec<RuleStatus> = config
        .rules
        .iter()
        .map(|r| {
            let (n, files) = left.get(r.id.as_str()).copied().unwrap_or((0, 0));
            let any = reference.findings().any(|f| f.rule == r.id)
                || on_base.findings().any(|f| f.rule == r.id);
            RuleStatus {
                id: r.id.clone(),
                kind: r.kind.name(),
                left: n,
                files_left: files,
                fixed: fixed.as_ref().map(|m| m.get(&r.id).copied().unwrap_or(0)),
                matched_nothing: !any,
            }
        })
        .collect();
    let deletable = ready_to_delete(&config, &on_base, &left);
    drop(progress);

    match format {
        StatusFormat::Markdown => write_markdown(
            io,
            &base.describe,
            &branch,
            &rules,
            &deletable,
            &refused,
            &config,
        )?,
        StatusFormat::Json => {
            let value = json!({
                "base": base.describe,
                "branch": branch,
                "branch_exists": fixed.is_some(),
                "rules": rules.iter().map(|r| json!({
                    "rule": r.id, "kind": r.kind, "left": r.left, "files_left": r.files_left,
                    "fixed": r.fixed, "matched_nothing": r.matched_nothing,
                })).collect::<Vec<_>>(),
                "ready_to_delete": deletable.iter().map(|d| json!({
                    "rule": d.rule, "symbol": d.symbol, "path": d.path, "line": d.line,
                })).collect::<Vec<_>>(),
                "needs_human": refused.iter().map(|(path, s)| json!({
                    "rule": s.rule, "path": path, "line": s.line, "reason": s.reason,
                })).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut *io.out, &value)?;
            writeln!(io.out)?;
        }
        _ => {
            writeln!(
                io.out,
                "base {}, branch {branch}{}",
                base.describe,
                if fixed.is_some() {
                    ""
                } else {
                    " (not created yet)"
                }
            )?;
            writeln!(
                io.out,
                "{:<28} {:>8} {:>6} {:>6}",
                "rule", "kind", "left", "fixed"
            )?;
            for r in &rules {
                let fixed = r.fixed.map_or("-".to_string(), |n| n.to_string());
                let files = if r.left > 0 {
                    format!(
                        " in {} file{}",
                        r.files_left,
                        if r.files_left == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                };
                let typo = if r.matched_nothing {
                    "  (matches nothing: a typo?)"
                } else {
                    ""
                };
                writeln!(
                    io.out,
                    "{:<28} {:>8} {:>6} {:>6}{files}{typo}",
                    r.id, r.kind, r.left, fixed
                )?;
            }
            if !refused.is_empty() {
                writeln!(io.out, "\nneeds a human (no fix proposed):")?;
                for (path, s) in &refused {
                    writeln!(io.out, "  {path}:{} {}: {}", s.line, s.rule, s.reason)?;
                }
            }
            if !deletable.is_empty() {
                writeln!(io.out, "\nready to delete (no users left):")?;
                for d in &deletable {
                    writeln!(
                        io.out,
                        "  {} ({}:{}, rule {})",
                        d.symbol, d.path, d.line, d.rule
                    )?;
                }
            }
        }
    }
    Ok(EXIT_OK)
}

/// Old definitions of move rules whose users are all gone.
fn ready_to_delete(
    config: &Config,
    scan: &ScanOutput,
    left: &BTreeMap<&str, (usize, usize)>,
) -> Vec<Deletable> {
    let mut out = Vec::new();
    for rule in &config.rules {
        let RuleKind::Move { old, .. } = &rule.kind else {
            continue;
        };
        if left.get(rule.id.as_str()).is_some_and(|x| x.0 > 0) {
            continue;
        }
        for f in scan
            .findings()
            .filter(|f| f.rule == rule.id && f.site == Site::Definition)
        {
            out.push(Deletable {
                rule: rule.id.clone(),
                symbol: old.clone(),
                path: f.path.clone(),
                line: f.start.line,
            });
        }
    }
    out
}

/// A checklist to paste into an issue or PR.
fn write_markdown(
    io: &mut Io,
    base: &str,
    branch: &str,
    rules: &[RuleStatus],
    deletable: &[Deletable],
    refused: &[(String, crate::rewrite::Skipped)],
    config: &Config,
) -> std::io::Result<()> {
    let done = rules
        .iter()
        .filter(|r| r.left == 0 && !r.matched_nothing)
        .count();
    writeln!(io.out, "## Migration status\n")?;
    writeln!(
        io.out,
        "Base `{base}`, branch `{branch}`: {done} of {} rules done.\n",
        rules.len()
    )?;
    writeln!(io.out, "| | rule | kind | left | files | fixed on branch |")?;
    writeln!(io.out, "|---|---|---|---|---|---|")?;
    for r in rules {
        let mark = if r.matched_nothing {
            "⚠️"
        } else if r.left == 0 {
            "✅"
        } else {
            "⬜"
        };
        let fixed = r.fixed.map_or("–".to_string(), |n| n.to_string());
        writeln!(
            io.out,
            "| {mark} | `{}` | {} | {} | {} | {fixed} |",
            r.id, r.kind, r.left, r.files_left
        )?;
    }
    if rules.iter().any(|r| r.matched_nothing) {
        writeln!(io.out, "\n⚠️ matches nothing: check the rule for a typo.")?;
    }
    if !refused.is_empty() {
        writeln!(io.out, "\n### Needs a human\n")?;
        for (path, s) in refused {
            writeln!(
                io.out,
                "- [ ] `{path}:{}` ({}): {}",
                s.line, s.rule, s.reason
            )?;
        }
    }
    writeln!(io.out, "\n### Deprecated definitions")?;
    let mut any = false;
    for rule in &config.rules {
        let RuleKind::Move { old, .. } = &rule.kind else {
            continue;
        };
        let ready: Vec<&Deletable> = deletable.iter().filter(|d| d.rule == rule.id).collect();
        for d in &ready {
            writeln!(
                io.out,
                "- [ ] delete `{old}` (`{}:{}`): no users left",
                d.path, d.line
            )?;
            any = true;
        }
    }
    if !any {
        writeln!(io.out, "\nNone ready to delete yet.")?;
    }
    Ok(())
}
