//! `--format github`: GitHub Actions workflow commands, one line per finding
//! (`::error` for violations, `::notice` for mentions), so findings show up
//! as annotations on the pull request.

use std::io::{self, Write};

use crate::analyze::Finding;
use crate::scan::ScanOutput;

/// Every violation, and every mention unless `quiet`.
pub fn write_github(out: &mut dyn Write, scan: &ScanOutput, quiet: bool) -> io::Result<()> {
    for f in scan.findings() {
        if quiet && !f.is_violation() {
            continue;
        }
        write_github_finding(out, f)?;
    }
    Ok(())
}

pub fn write_github_finding(out: &mut dyn Write, f: &Finding) -> io::Result<()> {
    let command = if f.is_violation() { "error" } else { "notice" };
    writeln!(
        out,
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&f.path),
        f.start.line,
        f.start.column,
        f.end.line,
        f.end.column,
        escape_property(&f.rule),
        escape_data(&super::message_with_note(f, super::plain)),
    )
}

/// A command's message, escaped as `@actions/core` does (`escapeData`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command property's value (`escapeProperty`): also `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_finding;

    fn line(f: &Finding) -> String {
        let mut out = Vec::new();
        write_github_finding(&mut out, f).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_violation_is_an_error_with_its_whole_range() {
        let f = test_finding("ws-create", true, "app/a.py", (3, 5), (3, 19), "`x` moved");
        assert_eq!(
            line(&f),
            "::error file=app/a.py,line=3,col=5,endLine=3,endColumn=19,title=ws-create::`x` moved\n"
        );
    }

    #[test]
    fn the_rules_note_goes_with_the_annotation() {
        let mut f = test_finding("m", true, "a.py", (1, 1), (1, 2), "`x` moved");
        f.note = Some("Use y; see #506.".into());
        assert_eq!(
            line(&f),
            "::error file=a.py,line=1,col=1,endLine=1,endColumn=2,title=m::`x` moved (Use y; see #506.)\n"
        );
    }

    #[test]
    fn a_mention_is_a_notice() {
        let f = test_finding("r", false, "README.md", (1, 1), (1, 4), "m");
        assert_eq!(
            line(&f),
            "::notice file=README.md,line=1,col=1,endLine=1,endColumn=4,title=r::m\n"
        );
    }

    #[test]
    fn messages_and_properties_are_escaped() {
        let f = test_finding(
            "a:b,c",
            true,
            "we:ird,dir/100%.py",
            (1, 1),
            (2, 1),
            "50% of\r\nit: a, b",
        );
        assert_eq!(
            line(&f),
            "::error file=we%3Aird%2Cdir/100%25.py,line=1,col=1,endLine=2,endColumn=1,\
             title=a%3Ab%2Cc::50%25 of%0D%0Ait: a, b\n"
        );
    }
}
