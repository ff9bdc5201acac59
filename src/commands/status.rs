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
use crate::pipeline::{self, Mode, Origin, Progress, Target};
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

/// A move rule with nothing left to fix whose old symbol is still used
/// where canon leaves the code alone (a `# canon: ignore`, a file the rule
/// excludes, an entry point or another config file naming its dotted
/// path): not ready to delete, and `status` says where.
struct StillUsed {
    rule: String,
    symbol: String,
    uses: Vec<Use>,
}

/// One use canon leaves alone: where, and why it is left.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Use {
    path: String,
    line: usize,
    why: &'static str,
}

/// A mention that may load the old symbol by its path when the program
/// runs: a config or text file naming it (an entry point `old.mod:make`
/// in `pyproject.toml` or `setup.cfg`, a dotted path in YAML or INI), or a
/// Python string that is data (a registry key, a `setup.py` entry point);
/// or one in code that runs (a doctest, a notebook cell, `python -c`).
/// Comments, docstrings and prose documents otherwise only talk about it.
fn referral(f: &crate::analyze::Finding) -> Option<&'static str> {
    const PROSE: [&str; 5] = ["md", "markdown", "rst", "txt", "adoc"];
    match f.site {
        Site::Text => {
            let ext = f.path.rsplit_once('.').map_or("", |(_, e)| e);
            (!PROSE.iter().any(|p| ext.eq_ignore_ascii_case(p))).then_some("named in a text file")
        }
        Site::StringMention => Some("named in a string"),
        Site::Runnable => Some("used by code that runs, which canon does not rewrite"),
        _ => None,
    }
}

/// Violations per rule (definitions, re-exports and mentions are not users).
fn users(scan: &ScanOutput) -> BTreeMap<&str, (usize, usize)> {
    let mut out: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for file in &scan.files {
        let mut seen: Vec<&str> = Vec::new();
        for f in file.findings.iter().filter(|f| f.is_violation()) {
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

/// What `status` reports, whatever the format.
struct Report {
    base: String,
    branch: String,
    branch_exists: bool,
    rules: Vec<RuleStatus>,
    deletable: Vec<Deletable>,
    still_used: Vec<StillUsed>,
    /// Violations canon will not fix, and why: they need a human (see
    /// [`pipeline::FileOutcome::needs_human`]).
    refused: Vec<(String, pipeline::Manual)>,
    /// Python files the scan could not analyse (path, why): they need a
    /// human, and while there are any no definition is known to be unused.
    unread: Vec<(String, String)>,
    /// Definitions with no users in the files read, held back by `unread`.
    held: usize,
}

pub fn run(global: &Global, path: &Path, format: StatusFormat, io: &mut Io) -> anyhow::Result<i32> {
    let repo = Repo::open(path)?;
    let config = crate::rules::load(path, global.config.as_deref())?;
    let target = Target::resolve(
        &repo,
        &config,
        global.branch.as_deref(),
        global.base.as_deref(),
    )?;
    let progress = super::progress::Progress::start(io.err_is_tty && !global.quiet, "scanning");
    let report = gather(&repo, &config, &target, progress.counters())?;
    drop(progress);
    match format {
        StatusFormat::Markdown => write_markdown(io, &report, &config)?,
        StatusFormat::Json => write_json(io, &report)?,
        _ => write_text(io, &report)?,
    }
    Ok(EXIT_OK)
}

/// Scan the base (with proposals, for what needs a human) and, when the
/// branch exists, its fork point and tip (findings only).
fn gather(
    repo: &Repo,
    config: &Config,
    target: &Target,
    progress: &Progress,
) -> anyhow::Result<Report> {
    let project = pipeline::collect(
        config,
        Origin::Commit(repo, &target.base),
        Mode::Proposals,
        progress,
    )?;
    let refused: Vec<(String, pipeline::Manual)> = (project.files.iter())
        .flat_map(|f| {
            let manual = f.needs_human(config).into_iter();
            manual
                .filter(|m| m.violation)
                .map(move |m| (f.path.clone(), m))
        })
        .collect();
    // Sites a rule fixes only on an earlier rule's output (a rewrite of
    // the call a move re-spelled): it matches them, and they are left.
    let chained_on_base = chained(&project.files);
    let on_base = project.scan;
    let mut left = users(&on_base);
    add(&mut left, &chained_on_base);
    let (fixed, at_fork) = match fixed_on_branch(repo, config, target, &left, progress)? {
        Some((fixed, fork, chained_at_fork)) => (Some(fixed), Some((fork, chained_at_fork))),
        None => (None, None),
    };
    let chained_at_fork = at_fork.as_ref().map(|(_, c)| c);
    let at_fork = at_fork.as_ref().map(|(f, _)| f);
    let reference = at_fork.unwrap_or(&on_base);
    let rules: Vec<RuleStatus> = config
        .rules
        .iter()
        .map(|r| {
            let (n, files) = left.get(r.id.as_str()).copied().unwrap_or((0, 0));
            let any = reference.findings().any(|f| f.rule == r.id)
                || on_base.findings().any(|f| f.rule == r.id)
                || chained_on_base.contains_key(r.id.as_str())
                || chained_at_fork.is_some_and(|c| c.contains_key(r.id.as_str()));
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
    let unread: Vec<(String, String)> = on_base
        .unread()
        .map(|d| (d.path.clone(), d.message.clone()))
        .collect();
    let (mut deletable, still_used) = ready_to_delete(config, &on_base, &left);
    let held = if unread.is_empty() {
        0
    } else {
        deletable.len()
    };
    if !unread.is_empty() {
        deletable.clear();
    }
    Ok(Report {
        base: target.base.describe.clone(),
        branch: target.branch.clone(),
        branch_exists: fixed.is_some(),
        rules,
        deletable,
        still_used,
        refused,
        unread,
        held,
    })
}

/// Per rule id: sites, and in how many files.
type Counts = BTreeMap<String, (usize, usize)>;

/// Per rule, the sites it fixes only on an earlier rule's output, and in
/// how many files: edits of the proposals that carry the rule after
/// another (`ctor` rewriting the `Manager(c)` that the move `mv` made of
/// `create_manager(c)`) at no finding of its own.
fn chained(files: &[pipeline::FileOutcome]) -> Counts {
    let mut out: Counts = BTreeMap::new();
    for f in files {
        let mut seen: Vec<&str> = Vec::new();
        for e in f.proposal.file.edits.iter().filter(|e| !e.kind.opt_in()) {
            for rule in e.rules.iter().skip(1) {
                let own = (f.findings.iter()).any(|x| {
                    &x.rule == rule
                        && x.range.start < e.range.end.max(e.range.start + 1)
                        && e.range.start < x.range.end.max(x.range.start + 1)
                });
                if own || e.rules[0] == *rule {
                    continue;
                }
                let c = out.entry(rule.clone()).or_default();
                c.0 += 1;
                // A file with a violation of the rule is counted already.
                let counted = (f.findings.iter()).any(|x| &x.rule == rule && x.is_violation());
                if !counted && !seen.contains(&rule.as_str()) {
                    c.1 += 1;
                    seen.push(rule);
                }
            }
        }
    }
    out
}

/// `counts` with `more` added, rule by rule.
fn add<'a>(counts: &mut BTreeMap<&'a str, (usize, usize)>, more: &'a Counts) {
    for (rule, (n, files)) in more {
        let c = counts.entry(rule.as_str()).or_default();
        c.0 += n;
        c.1 += files;
    }
}

/// What [`fixed_on_branch`] finds: fixed per rule, the scan at the fork
/// point and its chained sites.
type Fork = (BTreeMap<String, usize>, ScanOutput, Counts);

/// Fixed on the branch, per rule: what the fork point had that the tip no
/// longer has (`on_tip`: the tip's users, when it is the base, with the
/// sites rules fix on other rules' output); the scan at the fork point,
/// and its chained sites (see [`chained`]). None without a branch.
fn fixed_on_branch(
    repo: &Repo,
    config: &Config,
    target: &Target,
    on_tip: &BTreeMap<&str, (usize, usize)>,
    progress: &Progress,
) -> anyhow::Result<Option<Fork>> {
    let branch = target.branch.as_str();
    let (Some(tip), Some(fork)) = (repo.branch_tip(branch)?, repo.fork_point(branch)?) else {
        return Ok(None);
    };
    // A rule fixes sites on an earlier rule's output only when there is an
    // earlier rule: only then do the fixes the fork point had matter.
    let mode = if config.rules.len() > 1 {
        Mode::Proposals
    } else {
        Mode::Findings
    };
    let scan = |rev: git2::Oid| -> anyhow::Result<(ScanOutput, Counts)> {
        let base = repo.base(Some(&rev.to_string()), branch)?;
        let origin = Origin::Commit(repo, &base);
        let project = pipeline::collect(config, origin, mode, progress)?;
        let chained = chained(&project.files);
        Ok((project.scan, chained))
    };
    let (before, chained_before) = scan(fork)?;
    let mut b = users(&before);
    add(&mut b, &chained_before);
    // The base is the branch's tip unless `--base` says otherwise: then
    // the tip's users are the base's, already counted.
    let fixed = if target.base.commit == tip {
        fixed_counts(config, &b, on_tip)
    } else {
        let (after, chained_after) = scan(tip)?;
        let mut a = users(&after);
        add(&mut a, &chained_after);
        fixed_counts(config, &b, &a)
    };
    Ok(Some((fixed, before, chained_before)))
}

/// Per rule: the users `before` had that `after` no longer has.
fn fixed_counts(
    config: &Config,
    before: &BTreeMap<&str, (usize, usize)>,
    after: &BTreeMap<&str, (usize, usize)>,
) -> BTreeMap<String, usize> {
    (config.rules.iter())
        .map(|r| {
            let was = before.get(r.id.as_str()).map_or(0, |x| x.0);
            let now = after.get(r.id.as_str()).map_or(0, |x| x.0);
            (r.id.clone(), was.saturating_sub(now))
        })
        .collect()
}

fn write_json(io: &mut Io, r: &Report) -> anyhow::Result<()> {
    let value = json!({
        "base": r.base,
        "branch": r.branch,
        "branch_exists": r.branch_exists,
        "rules": r.rules.iter().map(|r| json!({
            "rule": r.id, "kind": r.kind, "left": r.left, "files_left": r.files_left,
            "fixed": r.fixed, "matched_nothing": r.matched_nothing,
        })).collect::<Vec<_>>(),
        "ready_to_delete": r.deletable.iter().map(|d| json!({
            "rule": d.rule, "symbol": d.symbol, "path": d.path, "line": d.line,
        })).collect::<Vec<_>>(),
        "still_used": r.still_used.iter().map(|s| json!({
            "rule": s.rule, "symbol": s.symbol,
            "uses": s.uses.iter().map(|u| json!({
                "path": u.path, "line": (u.line > 0).then_some(u.line), "why": u.why,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "needs_human": r.refused.iter().map(|(path, m)| json!({
            "rule": m.rule, "path": path, "line": m.line, "reason": m.reason,
        })).chain(r.unread.iter().map(|(path, why)| json!({
            "rule": null, "path": path, "line": null, "reason": format!("not analysed: {why}"),
        }))).collect::<Vec<_>>(),
        "held_back_by_unread_files": r.held,
    });
    serde_json::to_writer_pretty(&mut *io.out, &value)?;
    writeln!(io.out)?;
    Ok(())
}

fn write_text(io: &mut Io, report: &Report) -> std::io::Result<()> {
    writeln!(
        io.out,
        "base {}, branch {}{}",
        report.base,
        report.branch,
        if report.branch_exists {
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
    for r in &report.rules {
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
    if !report.refused.is_empty() || !report.unread.is_empty() {
        writeln!(io.out, "\nneeds a human (no fix proposed):")?;
        for (path, m) in once_each(&report.refused) {
            let line = m.line.unwrap_or(1);
            writeln!(io.out, "  {path}:{line} {}: {}", m.rule, m.reason)?;
        }
        for (path, why) in &report.unread {
            writeln!(io.out, "  {path}: not analysed: {why}")?;
        }
    }
    if report.held > 0 {
        writeln!(io.out, "\n{}", held_note(report))?;
    }
    if !report.deletable.is_empty() {
        writeln!(io.out, "\nready to delete (no users left):")?;
        for d in &report.deletable {
            writeln!(
                io.out,
                "  {} ({}:{}, rule {})",
                d.symbol, d.path, d.line, d.rule
            )?;
        }
    }
    if !report.still_used.is_empty() {
        writeln!(
            io.out,
            "\nnothing left to migrate, but still in use (keep the definition):"
        )?;
        for s in &report.still_used {
            writeln!(io.out, "  {} (rule {}): {}", s.symbol, s.rule, uses_list(s))?;
        }
    }
    Ok(())
}

/// `b.py:1 (canon: ignore), migrations/x.py:3 (excluded from the rule)`,
/// the first few, then how many more.
fn uses_list(s: &StillUsed) -> String {
    const SHOWN: usize = 5;
    let mut parts: Vec<String> = s
        .uses
        .iter()
        .take(SHOWN)
        .map(|u| match u.line {
            0 => format!("{} ({})", u.path, u.why),
            line => format!("{}:{line} ({})", u.path, u.why),
        })
        .collect();
    if s.uses.len() > SHOWN {
        parts.push(format!("and {} more", s.uses.len() - SHOWN));
    }
    parts.join(", ")
}

/// Why no definition is called ready to delete while files are unread.
fn held_note(report: &Report) -> String {
    let n = report.unread.len();
    format!(
        "definitions with no users left: not known while {n} Python file{} could not be analysed ({} {} no users in the files read)",
        if n == 1 { "" } else { "s" },
        report.held,
        if report.held == 1 { "has" } else { "have" }
    )
}

/// Old definitions of move rules whose users are all gone; and the move
/// rules with nothing left to fix whose symbol a suppressed line, an
/// excluded file or a [`referral`] still uses (those users are real:
/// deleting the definition would break them).
fn ready_to_delete(
    config: &Config,
    scan: &ScanOutput,
    left: &BTreeMap<&str, (usize, usize)>,
) -> (Vec<Deletable>, Vec<StillUsed>) {
    let mut out = Vec::new();
    let mut still_used = Vec::new();
    for rule in &config.rules {
        let RuleKind::Move { old, .. } = &rule.kind else {
            continue;
        };
        if left.get(rule.id.as_str()).is_some_and(|x| x.0 > 0) {
            continue;
        }
        let kept = scan.kept.iter().filter(|u| u.rule == rule.id).map(|u| Use {
            path: u.path.clone(),
            line: u.line,
            why: u.why.describe(),
        });
        let named = scan
            .findings()
            .filter(|f| f.rule == rule.id && !f.is_violation())
            .filter_map(|f| {
                referral(f).map(|why| Use {
                    path: f.path.clone(),
                    line: f.start.line,
                    why,
                })
            });
        // `from pkg import C` where `pkg` does `from OLD_MOD import *`.
        let starred = scan.referrals.star_users(old).into_iter().map(|p| Use {
            path: p.to_string(),
            line: 0,
            why: "imports it from a module that re-exports it by a star import",
        });
        let mut uses: Vec<Use> = kept.chain(named).chain(starred).collect();
        uses.sort();
        uses.dedup();
        if !uses.is_empty() {
            still_used.push(StillUsed {
                rule: rule.id.clone(),
                symbol: old.clone(),
                uses,
            });
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
    (out, still_used)
}

/// A checklist to paste into an issue or PR.
fn write_markdown(io: &mut Io, report: &Report, config: &Config) -> std::io::Result<()> {
    let Report {
        base,
        branch,
        rules,
        deletable,
        refused,
        unread,
        ..
    } = report;
    let done = rules
        .iter()
        .filter(|r| r.left == 0 && !r.matched_nothing)
        .count();
    writeln!(io.out, "## Migration status\n")?;
    writeln!(
        io.out,
        "Base {}, branch {}: {done} of {} rules done.\n",
        code(&base.to_string()),
        code(branch),
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
    if !refused.is_empty() || !unread.is_empty() {
        writeln!(io.out, "\n### Needs a human\n")?;
        for (path, m) in once_each(refused) {
            writeln!(
                io.out,
                "- [ ] {} ({}): {}",
                code(&format!("{path}:{}", m.line.unwrap_or(1))),
                m.rule,
                m.reason
            )?;
        }
        for (path, why) in unread {
            writeln!(io.out, "- [ ] {}: not analysed: {why}", code(path))?;
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
                "- [ ] delete `{old}` ({}): no users left",
                code(&format!("{}:{}", d.path, d.line))
            )?;
            any = true;
        }
    }
    for s in &report.still_used {
        writeln!(
            io.out,
            "- `{}`: nothing left to migrate, but still used: {}",
            s.symbol,
            uses_list(s)
        )?;
    }
    if report.held > 0 {
        writeln!(io.out, "\n{}", held_note(report))?;
    } else if !any {
        writeln!(io.out, "\nNone ready to delete yet.")?;
    }
    Ok(())
}

/// The refusals as text and Markdown show them (without the code each
/// concerns): each line, rule and reason once, though two edits of the
/// line were refused for it (an import's two names).
fn once_each(refused: &[(String, pipeline::Manual)]) -> Vec<(&String, &pipeline::Manual)> {
    let mut out: Vec<(&String, &pipeline::Manual)> = refused.iter().map(|(p, m)| (p, m)).collect();
    out.dedup_by(|a, b| {
        a.0 == b.0 && a.1.line == b.1.line && a.1.rule == b.1.rule && a.1.reason == b.1.reason
    });
    out
}

/// `text` as Markdown inline code that shows it exactly: fenced by one
/// backtick more than its longest run of them, padded with a space where
/// it starts or ends with one (CommonMark 6.1). A file name may hold
/// backticks; a single-backtick span would end at the first.
fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_code_shows_backticks_in_a_name() {
        assert_eq!(code("app/a.py:3"), "`app/a.py:3`");
        assert_eq!(code("we`ird.py"), "``we`ird.py``");
        assert_eq!(code("a``b"), "```a``b```");
        assert_eq!(code("`x.py"), "`` `x.py ``");
    }
}
