//! `canon doctor`: check the rules against the code (see
//! [`crate::inspect::doctor`]) and print one line per finding, naming the
//! configuration file and the rule's line; exit 1 when a rule is wrong.

use std::path::Path;

use serde_json::json;

use super::{EXIT_FINDINGS, EXIT_OK, Io};
use crate::cli::{DoctorFormat, Global};
use crate::inspect::Index;
use crate::inspect::doctor::{self, Level};

pub fn run(global: &Global, path: &Path, format: DoctorFormat, io: &mut Io) -> anyhow::Result<i32> {
    let config = super::config_for(global, path)?;
    let tops: Vec<&str> = config
        .rules
        .iter()
        .flat_map(|r| r.dotted_paths())
        .filter_map(|p| p.split('.').next())
        .collect();
    let index = Index::new(&config.root, &tops);
    let mut findings = doctor::check(&config, &index);
    if global.quiet {
        findings.retain(|f| f.level == Level::Problem);
    }
    let file = shown(&config.path);
    match format {
        DoctorFormat::Json => {
            let value: Vec<_> = findings
                .iter()
                .map(|f| {
                    json!({
                        "path": file, "line": f.line, "rule": f.rule,
                        "level": f.level.name(), "message": f.message,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *io.out, &value)?;
            writeln!(io.out)?;
        }
        DoctorFormat::Text => {
            for f in &findings {
                let level = match f.level {
                    Level::Problem => "",
                    Level::Warning => "warning: ",
                    Level::Note => "note: ",
                };
                writeln!(
                    io.out,
                    "{file}:{}: rule {}: {level}{}",
                    f.line, f.rule, f.message
                )?;
            }
            if !global.quiet {
                let count = |l: Level| findings.iter().filter(|f| f.level == l).count();
                let (p, w) = (count(Level::Problem), count(Level::Warning));
                let n = config.rules.len();
                writeln!(
                    io.out,
                    "{n} rule{} checked: {p} problem{}, {w} warning{}",
                    plural(n),
                    plural(p),
                    plural(w)
                )?;
            }
        }
    }
    io.out.flush()?;
    if findings.iter().any(|f| f.level == Level::Problem) {
        Ok(EXIT_FINDINGS)
    } else {
        Ok(EXIT_OK)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The configuration file as the user would name it: relative to the
/// current folder when under it.
fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|here| here.canonicalize().ok())
        .zip(path.canonicalize().ok())
        .and_then(|(here, p)| crate::paths::relative(&here, &p))
        .unwrap_or_else(|| path.display().to_string())
}
