//! `--format junit`: JUnit XML for CI test-report views. One testsuite
//! named `canon`, one testcase per configured rule; a rule with violations
//! fails, its failure listing every location. Mentions do not fail.

use std::io::{self, Write};

use super::RuleInfo;
use crate::analyze::Finding;

pub fn write_junit(
    out: &mut dyn Write,
    rules: &[RuleInfo],
    findings: &[&Finding],
) -> io::Result<()> {
    let violations = |id: &str| -> Vec<&Finding> {
        findings
            .iter()
            .copied()
            .filter(|f| f.is_violation() && f.rule == id)
            .collect()
    };
    let failures = rules
        .iter()
        .filter(|r| !violations(&r.id).is_empty())
        .count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuite name="canon" tests="{}" failures="{failures}" errors="0" skipped="0">"#,
        rules.len()
    )?;
    for rule in rules {
        let id = escape(&rule.id);
        let found = violations(&rule.id);
        if found.is_empty() {
            writeln!(out, r#"  <testcase classname="canon" name="{id}"/>"#)?;
            continue;
        }
        let n = found.len();
        let summary = format!(
            "{n} violation{} of {}: {}",
            if n == 1 { "" } else { "s" },
            rule.id,
            rule.description
        );
        writeln!(out, r#"  <testcase classname="canon" name="{id}">"#)?;
        write!(
            out,
            r#"    <failure message="{}" type="{id}">"#,
            escape(&summary)
        )?;
        for f in found {
            let line = format!(
                "{}:{}:{} {}\n",
                f.path,
                f.start.line,
                f.start.column,
                super::message_with_note(f, super::plain)
            );
            write!(out, "{}", escape_text(&line))?;
        }
        writeln!(out, "</failure>")?;
        writeln!(out, "  </testcase>")?;
    }
    writeln!(out, "</testsuite>")
}

/// An attribute value: markup characters and quotes escaped; line breaks
/// and tabs as character references so parsers keep them.
fn escape(s: &str) -> String {
    escape_with(s, true)
}

/// Element content: line breaks and tabs stay as they are (but `\r` is
/// escaped, or parsers would turn `\r\n` into `\n`).
fn escape_text(s: &str) -> String {
    escape_with(s, false)
}

/// Characters XML 1.0 forbids become U+FFFD.
fn escape_with(s: &str, attribute: bool) -> String {
    let mut x = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => x.push_str("&amp;"),
            '<' => x.push_str("&lt;"),
            '>' => x.push_str("&gt;"),
            '"' => x.push_str("&quot;"),
            '\'' => x.push_str("&apos;"),
            '\r' => x.push_str("&#13;"),
            '\n' if attribute => x.push_str("&#10;"),
            '\t' if attribute => x.push_str("&#9;"),
            '\n' | '\t' => x.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => x.push('\u{FFFD}'),
            c => x.push(c),
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_finding;

    fn rules() -> Vec<RuleInfo> {
        ["a", "b"]
            .iter()
            .map(|id| RuleInfo {
                id: id.to_string(),
                description: format!("`{id}` is banned"),
                note: None,
            })
            .collect()
    }

    fn junit(findings: &[&Finding]) -> String {
        let mut out = Vec::new();
        write_junit(&mut out, &rules(), findings).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_testcase_per_rule_and_a_failure_per_violating_rule() {
        let v1 = test_finding("b", true, "x.py", (1, 2), (1, 3), "`b` <is> banned");
        let v2 = test_finding("b", true, "y & z.py", (4, 1), (4, 3), "again");
        let m = test_finding("a", false, "README.md", (1, 1), (1, 2), "mention");
        let want = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
            <testsuite name=\"canon\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\">\n  \
            <testcase classname=\"canon\" name=\"a\"/>\n  \
            <testcase classname=\"canon\" name=\"b\">\n    \
            <failure message=\"2 violations of b: `b` is banned\" type=\"b\">\
            x.py:1:2 `b` &lt;is&gt; banned\ny &amp; z.py:4:1 again\n</failure>\n  \
            </testcase>\n\
            </testsuite>\n";
        assert_eq!(junit(&[&v1, &v2, &m]), want);
    }

    #[test]
    fn each_failure_line_carries_the_rules_note() {
        let mut v = test_finding("a", true, "x.py", (1, 2), (1, 3), "`a` moved");
        v.note = Some("Use <b> instead.".into());
        let got = junit(&[&v]);
        assert!(
            got.contains("x.py:1:2 `a` moved (Use &lt;b&gt; instead.)\n</failure>"),
            "got:\n{got}"
        );
    }

    #[test]
    fn escaping_covers_quotes_and_forbidden_characters() {
        assert_eq!(
            escape("a\"b'c\u{1}d\te\n"),
            "a&quot;b&apos;c\u{FFFD}d&#9;e&#10;"
        );
        assert_eq!(escape_text("a\r\nb\t<"), "a&#13;\nb\t&lt;");
    }
}
