//! `path:line:col: rule-id message`, one finding per line, like ruff.

use std::io::{self, Write};

use crate::analyze::Finding;
use crate::scan::{Diagnostic, ScanOutput};

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    fn red(&self, t: &str) -> String {
        self.paint("1;31", t)
    }
    fn blue(&self, t: &str) -> String {
        self.paint("1;34", t)
    }
    fn yellow(&self, t: &str) -> String {
        self.paint("1;33", t)
    }
}

pub fn write_finding(out: &mut dyn Write, f: &Finding, style: Style) -> io::Result<()> {
    let id = if f.is_violation() {
        style.red(&f.rule)
    } else {
        style.blue(&f.rule)
    };
    writeln!(
        out,
        "{}{} {id} {}",
        style.bold(&shown(&f.path)),
        style.dim(&format!(":{}:{}:", f.start.line, f.start.column)),
        super::message_with_note(f, |n| style.dim(n))
    )
}

/// Every finding (mentions too unless `quiet`), then a summary line unless `quiet`.
pub fn write_text(
    out: &mut dyn Write,
    scan: &ScanOutput,
    style: Style,
    quiet: bool,
) -> io::Result<()> {
    let mut violations = 0;
    let mut mentions = 0;
    let mut files = 0;
    for file in &scan.files {
        let mut file_has_violation = false;
        for f in &file.findings {
            if f.is_violation() {
                violations += 1;
                file_has_violation = true;
            } else {
                mentions += 1;
                if quiet {
                    continue;
                }
            }
            write_finding(out, f, style)?;
        }
        files += usize::from(file_has_violation);
    }
    if quiet {
        return Ok(());
    }
    let s = &scan.stats;
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let head = if violations == 0 {
        style.bold("No violations")
    } else {
        style.bold(&format!(
            "Found {} in {}",
            plural(violations, "violation"),
            plural(files, "file")
        ))
    };
    let mentions = if mentions > 0 {
        format!(", {}", plural(mentions, "mention"))
    } else {
        String::new()
    };
    writeln!(
        out,
        "{head}{mentions} {}",
        style.dim(&format!(
            "(checked {}, parsed {}, in {} ms)",
            plural(s.files, "file"),
            s.parsed,
            s.elapsed.as_millis()
        ))
    )
}

/// A path as a one-line message shows it: quoted, with escapes, when it
/// holds a control character (a newline or a tab in a file name), as is
/// otherwise.
pub fn shown(path: &str) -> std::borrow::Cow<'_, str> {
    if path.chars().any(char::is_control) {
        std::borrow::Cow::Owned(format!("{path:?}"))
    } else {
        std::borrow::Cow::Borrowed(path)
    }
}

pub fn write_diagnostics(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    style: Style,
) -> io::Result<()> {
    for d in diagnostics {
        let at = match d.position {
            Some(p) => format!("{}:{}:{}", shown(&d.path), p.line, p.column),
            None if d.path.is_empty() => String::new(),
            None => shown(&d.path).into_owned(),
        };
        let sep = if at.is_empty() { "" } else { ": " };
        writeln!(out, "{} {at}{sep}{}", style.yellow("warning:"), d.message)?;
    }
    Ok(())
}
