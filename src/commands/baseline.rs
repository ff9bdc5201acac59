//! `canon baseline`: record today's violations in `.canon-baseline.json` at
//! the project root, for `canon check --baseline` to fail only on new ones.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{EXIT_OK, Io};
use crate::baseline::{self, Baseline};
use crate::cli::Global;
use crate::scan::ScanOutput;

/// `line_text(path, line)` over the files of a project, read once each.
pub fn line_reader(root: &Path) -> impl Fn(&str, usize) -> Option<String> + '_ {
    let cache: Mutex<HashMap<String, Option<String>>> = Mutex::new(HashMap::new());
    move |path: &str, line: usize| {
        let mut cache = cache.lock().ok()?;
        let text = cache
            .entry(path.to_string())
            .or_insert_with(|| read_text(&crate::paths::to_path(root, path)));
        // A lone carriage return ends a line too, as findings count lines.
        crate::python::lone_cr_as_lf(text.as_ref()?)
            .lines()
            .nth(line.checked_sub(1)?)
            .map(String::from)
    }
}

/// A file's text as the scan reads it: a Python file in the encoding it
/// declares (PEP 263), any other as UTF-8.
fn read_text(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    if path.extension().is_some_and(|e| e == "py" || e == "pyi") {
        crate::python::encoding::decode(bytes).ok()
    } else {
        String::from_utf8(bytes).ok()
    }
}

/// Keep the scan's mentions and only the violations `keep` lists.
pub fn retain_new(scan: &mut ScanOutput, new: &[(String, usize, usize, String)]) {
    for file in &mut scan.files {
        let path = file.path.clone();
        file.findings.retain(|f| {
            !f.is_violation()
                || new.contains(&(path.clone(), f.start.line, f.start.column, f.rule.clone()))
        });
    }
    scan.files.retain(|f| !f.findings.is_empty());
}

pub fn run(global: &Global, path: &Path, io: &mut Io) -> anyhow::Result<i32> {
    super::must_exist(path)?;
    let config = crate::rules::load(path, global.config.as_deref())?;
    let targets = [path.to_path_buf()];
    let scan = crate::pipeline::collect(
        &config,
        crate::pipeline::Origin::WorkTree(&targets),
        crate::pipeline::Mode::Findings,
        &crate::pipeline::Progress::default(),
    )?
    .scan;
    // Their violations are not known, so not recorded.
    super::write_diagnostics(global, &scan.diagnostics, io)?;
    let root: PathBuf = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let lines = line_reader(&root);
    let b = Baseline::from_findings(scan.findings(), &lines);
    let dest = root.join(baseline::FILE_NAME);
    crate::pipeline::commit::write_atomic(&dest, b.to_json().as_bytes())?;
    let violations: usize = b.entries.iter().map(|e| e.count).sum();
    writeln!(
        io.out,
        "Wrote {} ({violations} violation{} on {} line{}).",
        baseline::FILE_NAME,
        if violations == 1 { "" } else { "s" },
        b.entries.len(),
        if b.entries.len() == 1 { "" } else { "s" }
    )?;
    Ok(EXIT_OK)
}
