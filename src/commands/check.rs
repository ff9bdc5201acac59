//! `canon check`: scan and report; exit 1 when there are violations.

use std::path::{Path, PathBuf};

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Io, use_color};
use crate::analyze::{Fix, FixEdit};
use crate::cli::{CheckFormat, Global};
use crate::pipeline::{self, FileOutcome, Mode, Origin};
use crate::report::{self, RuleInfo, Style};
use crate::{rules, scan};

pub struct Options<'a> {
    pub format: CheckFormat,
    pub baseline: Option<&'a Path>,
    /// Work out the fixes and mark the violations canon refuses to fix.
    pub fixes: bool,
}

pub fn run(
    global: &Global,
    paths: &[PathBuf],
    options: Options,
    io: &mut Io,
) -> anyhow::Result<i32> {
    let Options {
        format,
        baseline,
        fixes,
    } = options;
    let start = project_start(paths)?;
    let config = rules::load(&start, global.config.as_deref())?;
    // No path means the project root, as `--help` says: the project is
    // found from the current folder, and all of it is checked.
    let targets = paths.to_vec();
    let progress = super::progress::Progress::start(io.err_is_tty && !global.quiet, "checking");
    // With `--fixes`, violations whose fix canon refuses (the self-check,
    // `await` where it cannot go...) say so: a human has to do those.
    let mode = if fixes {
        Mode::Proposals
    } else {
        Mode::Findings
    };
    let project = pipeline::collect(
        &config,
        Origin::WorkTree(&targets),
        mode,
        progress.counters(),
    )?;
    drop(progress);
    let mut output = project.scan;
    if fixes {
        mark_refused(&config, &mut output, &project.files);
        attach_fixes(&mut output, &project.files);
    }
    if let Some(file) = baseline {
        let checked = pipeline::target_paths(&config, &targets)?;
        let checked = |path: &str| pipeline::in_targets(&checked, path);
        apply_baseline(&config, &mut output, file, &checked, global, io)?;
    }
    if let Some(seen) = super::seen_here(&config) {
        seen_from(&mut output, &seen, format);
    }
    if matches!(format, CheckFormat::Sarif | CheckFormat::Github) {
        from_repository_root(&config, &mut output);
    }

    write_report(global, &config, &output, format, io)?;
    io.out.flush()?;
    let violations = output.findings().any(|f| f.is_violation());
    // A Python file canon could not read may hold any violation: the check
    // is incomplete, and says so in its exit code, whatever it found.
    let unread: Vec<&str> = output
        .diagnostics
        .iter()
        .filter(|d| d.unread)
        .map(|d| d.path.as_str())
        .collect();
    if !unread.is_empty() {
        let n = unread.len();
        let files = if n == 1 { "file" } else { "files" };
        // `-q` kept the warnings quiet: the names go here.
        let which = match global.quiet {
            true if n > 10 => format!(": {} and {} more", unread[..10].join(", "), n - 10),
            true => format!(": {}", unread.join(", ")),
            false => " (see the warnings above)".to_string(),
        };
        writeln!(
            io.err,
            "error: {n} Python {files} could not be checked{which}"
        )?;
        return Ok(EXIT_ERROR);
    }
    Ok(if violations { EXIT_FINDINGS } else { EXIT_OK })
}

/// The folder the project is found from: the first target (a folder, or
/// a file's folder), else the current one.
fn project_start(paths: &[PathBuf]) -> anyhow::Result<PathBuf> {
    let start = match paths.first() {
        Some(p) if p.is_file() => p.parent().map(Path::to_path_buf).unwrap_or_default(),
        Some(p) => p.clone(),
        None => PathBuf::from("."),
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    super::must_exist(&start)?;
    Ok(start)
}

/// Print paths as they read from the current folder (SPEC §7), but in
/// SARIF and GitHub output, which name files from the repository's root.
fn seen_from(output: &mut scan::ScanOutput, seen: &crate::paths::Seen, format: CheckFormat) {
    let from_here = |p: &mut String| {
        if !p.is_empty() {
            *p = seen.path(p);
        }
    };
    for d in &mut output.diagnostics {
        from_here(&mut d.path);
    }
    for (p, _) in &mut output.unused_suppressions {
        from_here(p);
    }
    for p in &mut output.links {
        from_here(p);
    }
    if matches!(format, CheckFormat::Sarif | CheckFormat::Github) {
        return;
    }
    for file in &mut output.files {
        from_here(&mut file.path);
        for f in &mut file.findings {
            from_here(&mut f.path);
        }
    }
}

/// Name the findings' files from the repository's root, wherever the
/// project sits in it (SPEC §7: SARIF and GitHub annotations are read
/// against the repository); outside git, from the project's root.
fn from_repository_root(config: &rules::Config, output: &mut scan::ScanOutput) {
    let folder = crate::git::Repo::open(&config.root)
        .ok()
        .map(|repo| pipeline::project_folder(&repo, config));
    let Some(folder) = folder.filter(|f| !f.is_empty()) else {
        return;
    };
    for file in &mut output.files {
        file.path = pipeline::in_repository(&folder, &file.path).into_owned();
        for f in &mut file.findings {
            f.path = pipeline::in_repository(&folder, &f.path).into_owned();
        }
    }
}

/// Diagnostics on stderr, then the findings in `format` on stdout.
fn write_report(
    global: &Global,
    config: &rules::Config,
    output: &scan::ScanOutput,
    format: CheckFormat,
    io: &mut Io,
) -> anyhow::Result<()> {
    let style = Style {
        color: use_color(global.color, io.out_is_tty),
    };
    let err_style = Style {
        color: use_color(global.color, io.err_is_tty),
    };
    if !global.quiet {
        report::write_diagnostics(io.err, &output.diagnostics, err_style)?;
    }
    if global.verbose > 0 {
        for (path, line) in &output.unused_suppressions {
            writeln!(
                io.err,
                "note: {path}:{line}: unused suppression (`# canon: ignore` matched no finding)"
            )?;
        }
        for path in &output.links {
            writeln!(
                io.err,
                "note: {path}: a symbolic link, not followed (name it on the command line to check it)"
            )?;
        }
    }
    match format {
        CheckFormat::Text => report::write_text(io.out, output, style, global.quiet)?,
        CheckFormat::Json => report::write_json(io.out, output)?,
        CheckFormat::Github => report::write_github(io.out, output, global.quiet)?,
        CheckFormat::Sarif | CheckFormat::Junit => {
            let rules = RuleInfo::all(&config.rules);
            let findings: Vec<_> = output.findings().collect();
            if format == CheckFormat::Sarif {
                report::write_sarif(io.out, &rules, &findings)?;
            } else {
                report::write_junit(io.out, &rules, &findings)?;
            }
        }
    }
    Ok(())
}

/// Drop the violations the baseline knows; say how many entries went
/// stale. Only an entry of a `checked` file can be stale: one outside the
/// paths checked was not looked for, so not found fixed either.
fn apply_baseline(
    config: &rules::Config,
    output: &mut scan::ScanOutput,
    file: &Path,
    checked: &dyn Fn(&str) -> bool,
    global: &Global,
    io: &mut Io,
) -> anyhow::Result<()> {
    let known = crate::baseline::Baseline::load(file)?;
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let lines = super::baseline::line_reader(&root);
    let (new, mut stale) = known.filter(output.findings(), &lines);
    stale.retain(|e| checked(&e.path));
    let keep: Vec<(String, usize, usize, String)> = new
        .iter()
        .map(|f| (f.path.clone(), f.start.line, f.start.column, f.rule.clone()))
        .collect();
    super::baseline::retain_new(output, &keep);
    if !stale.is_empty() && !global.quiet {
        let n: usize = stale.iter().map(|e| e.count).sum();
        writeln!(
            io.err,
            "note: {n} baseline entr{} no longer found (fixed since the baseline; `canon baseline` refreshes it)",
            if n == 1 { "y is" } else { "ies are" }
        )?;
        if global.verbose > 0 {
            for e in &stale {
                writeln!(io.err, "  stale: {} {}: {}", e.rule, e.path, e.line)?;
            }
        }
    }
    Ok(())
}

/// Each scanned file's index in `scan.files`, by path: one lookup per
/// outcome, not a search of every file.
fn file_index(scan: &scan::ScanOutput) -> std::collections::HashMap<String, usize> {
    (scan.files.iter().enumerate())
        .map(|(i, f)| (f.path.clone(), i))
        .collect()
}

/// Give violations the edits of the proposal that fix them (SPEC §7:
/// `fix` in JSON, `fixes` in SARIF). Each edit goes to one finding: the
/// first it overlaps, else (an import a use needs, a use the import's
/// rename needs) the first finding of its group. Linked edits share a
/// group number, and the group is the unit a reviewer accepts: so a rename
/// used 20,000 times gives 20,000 small fixes, not 20,000 copies of all.
fn attach_fixes(scan: &mut scan::ScanOutput, outcomes: &[FileOutcome]) {
    let at = file_index(scan);
    for o in outcomes {
        let p = &o.proposal.file;
        let Some(&i) = at.get(&o.path) else {
            continue;
        };
        let findings = &mut scan.files[i].findings;
        let group = p.groups();
        let mut owner: Vec<Option<usize>> = vec![None; p.edits.len()];
        let mut leader: Vec<Option<usize>> = vec![None; p.edits.len()];
        let mut order: Vec<usize> = (0..findings.len())
            .filter(|&k| findings[k].is_violation())
            .collect();
        order.sort_by_key(|&k| (findings[k].range.start, findings[k].range.end));
        for &k in &order {
            for e in p.over(findings[k].range.clone()) {
                if owner[e].is_none() {
                    owner[e] = Some(k);
                    leader[group[e]].get_or_insert(k);
                }
            }
        }
        let mut edits: Vec<Vec<usize>> = vec![Vec::new(); findings.len()];
        for e in 0..p.edits.len() {
            // A group over no finding (`old.mod` in `from old.mod import
            // Thing`, the finding being `Thing`) goes to the nearest
            // finding of a rule that wrote it.
            if owner[e].is_none() && leader[group[e]].is_none() {
                let edit = &p.edits[e];
                let at = order.partition_point(|&k| findings[k].range.start < edit.range.start);
                let distance = |k: usize| findings[k].range.start.abs_diff(edit.range.start);
                let nearest = |of_rule: bool| {
                    (order.iter().copied())
                        .filter(|&k| !of_rule || edit.rules.contains(&findings[k].rule))
                        .min_by_key(|&k| distance(k))
                };
                // Most often a neighbour; the scan is for the odd case.
                let neighbour = [at.checked_sub(1), Some(at)]
                    .into_iter()
                    .flatten()
                    .filter_map(|i| order.get(i).copied())
                    .filter(|&k| edit.rules.contains(&findings[k].rule))
                    .min_by_key(|&k| distance(k));
                leader[group[e]] = neighbour
                    .or_else(|| nearest(true))
                    .or_else(|| nearest(false));
            }
            if let Some(k) = owner[e].or(leader[group[e]]) {
                edits[k].push(e);
            }
        }
        let index = crate::python::LineIndex::new(&p.base);
        for (k, edits) in edits.into_iter().enumerate() {
            let Some(&first) = edits.first() else {
                // The proposal knows better than analysis: no edit of it
                // (an earlier rule's, or refused) is this finding's.
                findings[k].fix = None;
                continue;
            };
            findings[k].fixed_by = Some(Fix {
                group: group[first],
                safe: edits.iter().all(|&e| !p.edits[e].kind.opt_in()),
                edits: (edits.iter().map(|&e| &p.edits[e]))
                    .map(|e| FixEdit {
                        start: index.position(e.range.start),
                        end: index.position(e.range.end),
                        content: e.replacement.clone(),
                    })
                    .collect(),
            });
        }
    }
}

/// Mark every violation that needs a human (see
/// [`FileOutcome::needs_human`]) with the reason, so `check --fixes` says
/// which violations canon will not fix and why: a finding with no fix is
/// marked itself; for a fix canon refused, the nearest finding of the
/// rule to the refusal's line wins.
fn mark_refused(
    config: &rules::Config,
    scan: &mut scan::ScanOutput,
    outcomes: &[FileOutcome],
) -> usize {
    let mut marked = 0;
    let at = file_index(scan);
    for o in outcomes {
        let Some(&i) = at.get(&o.path) else {
            continue;
        };
        let file = &mut scan.files[i];
        for m in o.needs_human(config).iter().filter(|m| m.violation) {
            let Some(line) = m.line else {
                continue;
            };
            let unmarked = |f: &&mut crate::analyze::Finding| {
                f.rule == m.rule && f.is_violation() && !f.message.contains("needs a human")
            };
            if m.excerpt.is_none() {
                // No fix: the findings on its line say so themselves.
                for f in file.findings.iter_mut().filter(unmarked) {
                    if f.start.line == line {
                        mark(f, &m.reason);
                        marked += 1;
                    }
                }
                continue;
            }
            // A finding that says it already (a rewrite's function passed
            // on as a value) needs no second telling.
            let told = file
                .findings
                .iter()
                .any(|f| f.rule == m.rule && f.start.line == line && f.message == m.reason);
            if told {
                continue;
            }
            let nearest = (file.findings.iter_mut())
                .filter(unmarked)
                .min_by_key(|f| f.start.line.abs_diff(line));
            if let Some(f) = nearest
                && f.start.line.abs_diff(line) <= 2
            {
                mark(f, &m.reason);
                marked += 1;
            }
        }
    }
    marked
}

/// Add to a finding's message that it needs a human, and why when the
/// message does not say it.
fn mark(f: &mut crate::analyze::Finding, reason: &str) {
    if f.message == reason {
        f.message.push_str("; needs a human, no fix proposed");
    } else {
        (f.message).push_str(&format!("; needs a human, no fix proposed: {reason}"));
    }
}
