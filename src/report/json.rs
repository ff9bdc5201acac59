//! `--format json`: an array with one object per finding (SPEC §7), stable
//! field names documented in the README.

use std::io::{self, Write};

use serde::Serialize;

use crate::analyze::Finding;
use crate::python::AsyncContext;
use crate::scan::ScanOutput;

/// One finding as `--format json` writes it. The fields are in
/// alphabetical order: the order the output has always had.
#[derive(Serialize)]
pub struct FindingJson<'a> {
    column: usize,
    context: Option<ContextJson<'a>>,
    end_column: usize,
    end_line: usize,
    fix: Option<FixJson<'a>>,
    kind: &'static str,
    line: usize,
    message: &'a str,
    note: Option<&'a str>,
    /// The file's name as it is where it is UTF-8 (see [`crate::paths::as_text`]).
    path: std::borrow::Cow<'a, str>,
    /// The name's bytes, only where they are not UTF-8: `path` then holds
    /// canon's escaped spelling, which a UTF-8 name could also spell
    /// (a file literally named `\xff.py`).
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<Vec<u8>>,
    rule: &'a str,
    severity: &'static str,
}

/// The edits that fix a finding (SPEC §7), in the base text's positions.
#[derive(Serialize)]
struct FixJson<'a> {
    /// `safe`: `canon apply` takes it; `unsafe`: only a reviewer may.
    applicability: &'static str,
    edits: Vec<EditJson<'a>>,
    /// Fixes of one file with the same group need each other: apply all.
    group: Option<usize>,
}

#[derive(Serialize)]
struct EditJson<'a> {
    column: usize,
    content: &'a str,
    end_column: usize,
    end_line: usize,
    line: usize,
}

impl<'a> FixJson<'a> {
    /// The proposal's edits when they were worked out (`--fixes`), else the
    /// new path of a dotted-path string, which analysis alone knows.
    fn of(f: &'a Finding) -> Option<Self> {
        if let Some(fix) = &f.fixed_by {
            return Some(FixJson {
                applicability: if fix.safe { "safe" } else { "unsafe" },
                group: Some(fix.group),
                edits: (fix.edits.iter())
                    .map(|e| EditJson {
                        column: e.start.column,
                        content: &e.content,
                        end_column: e.end.column,
                        end_line: e.end.line,
                        line: e.start.line,
                    })
                    .collect(),
            });
        }
        f.fix.as_deref().map(|content| FixJson {
            applicability: "safe",
            group: None,
            edits: vec![EditJson {
                column: f.start.column,
                content,
                end_column: f.end.column,
                end_line: f.end.line,
                line: f.start.line,
            }],
        })
    }
}

#[derive(Serialize)]
struct ContextJson<'a> {
    await_allowed: bool,
    function: Option<&'a str>,
    scope: &'static str,
}

impl<'a> From<&'a Finding> for FindingJson<'a> {
    fn from(f: &'a Finding) -> Self {
        let context = f.context.as_ref().map(|c| {
            let (scope, function) = match c {
                AsyncContext::AsyncFunction(n) => ("async_function", Some(n.as_str())),
                AsyncContext::SyncFunction(n) => ("function", Some(n.as_str())),
                AsyncContext::Lambda => ("lambda", None),
                AsyncContext::Generator => ("generator", None),
                AsyncContext::Module => ("module", None),
                AsyncContext::ClassBody => ("class", None),
                AsyncContext::Annotation => ("annotation", None),
            };
            ContextJson {
                await_allowed: c.allows_await(),
                function,
                scope,
            }
        });
        FindingJson {
            column: f.start.column,
            context,
            end_column: f.end.column,
            end_line: f.end.line,
            fix: FixJson::of(f),
            kind: f.kind.as_str(),
            line: f.start.line,
            message: &f.message,
            note: f.note.as_deref(),
            path: crate::paths::as_text(&f.path),
            path_bytes: crate::paths::non_utf8_bytes(&f.path),
            rule: &f.rule,
            severity: if f.is_violation() { "error" } else { "info" },
        }
    }
}

/// Serialized straight from the findings (no `Value` tree in between),
/// through a buffer: tens of thousands of findings are common.
pub fn write_json(out: &mut dyn Write, scan: &ScanOutput) -> io::Result<()> {
    let all: Vec<FindingJson> = scan.findings().map(FindingJson::from).collect();
    let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer_pretty(&mut buffered, &all)?;
    writeln!(buffered)?;
    buffered.flush()
}
