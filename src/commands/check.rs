//! `canon check`: scan and report; exit 1 when there are violations.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{EXIT_FINDINGS, EXIT_OK, Io, use_color};
use crate::cli::{CheckFormat, Global};
use crate::report::{self, RuleInfo, Style};
use crate::{rules, scan};

pub fn run(
    global: &Global,
    paths: &[PathBuf],
    format: CheckFormat,
    baseline: Option<&Path>,
    io: &mut Io,
) -> anyhow::Result<i32> {
    if baseline.is_some() {
        anyhow::bail!("`--baseline` is not built yet (it arrives with issue #6)");
    }
    // The project is found from the first target (a folder, or a file's folder).
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
    if !start.exists() {
        anyhow::bail!("{} does not exist", start.display());
    }
    let config = rules::load(&start, global.config.as_deref())?;
    // No path means the current folder, as with ruff.
    let targets = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let output = scan::scan(&config, &targets).context("scan failed")?;

    let style = Style {
        color: use_color(global.color, io.out_is_tty),
    };
    let err_style = Style {
        color: use_color(global.color, io.err_is_tty),
    };
    if !global.quiet {
        report::write_diagnostics(io.err, &output.diagnostics, err_style)?;
    }
    match format {
        CheckFormat::Text => report::write_text(io.out, &output, style, global.quiet)?,
        CheckFormat::Json => report::write_json(io.out, &output)?,
        CheckFormat::Github => report::write_github(io.out, &output, global.quiet)?,
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
    io.out.flush()?;
    let violations = output.findings().any(|f| f.kind.is_violation());
    Ok(if violations { EXIT_FINDINGS } else { EXIT_OK })
}
