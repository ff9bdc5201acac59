//! `--format json`: an array with one object per finding (SPEC §7), stable
//! field names documented in the README.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::analyze::Finding;
use crate::python::AsyncContext;
use crate::scan::ScanOutput;

pub fn finding_json(f: &Finding) -> Value {
    let context = f.context.as_ref().map(|c| {
        let (kind, function) = match c {
            AsyncContext::AsyncFunction(n) => ("async_function", Some(n)),
            AsyncContext::SyncFunction(n) => ("function", Some(n)),
            AsyncContext::Lambda => ("lambda", None),
            AsyncContext::Generator => ("generator", None),
            AsyncContext::Module => ("module", None),
            AsyncContext::ClassBody => ("class", None),
        };
        json!({ "scope": kind, "function": function, "await_allowed": c.allows_await() })
    });
    json!({
        "rule": f.rule,
        "kind": f.kind.as_str(),
        "severity": if f.kind.is_violation() { "error" } else { "info" },
        "path": f.path,
        "line": f.start.line,
        "column": f.start.column,
        "end_line": f.end.line,
        "end_column": f.end.column,
        "message": f.message,
        "note": f.note,
        "fix": f.fix,
        "context": context,
    })
}

pub fn write_json(out: &mut dyn Write, scan: &ScanOutput) -> io::Result<()> {
    let all: Vec<Value> = scan.findings().map(finding_json).collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}
