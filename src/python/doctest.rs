//! Doctests and notebook cells: code canon never rewrites that still runs.
//!
//! `python -m doctest` (and pytest's `--doctest-modules`, `--doctest-glob`)
//! runs the examples of a module's docstrings with the module's names, and
//! those of a text file (`README.md`, `docs/*.rst`) on their own; Jupyter
//! runs a notebook's code cells. Each may import a name from a module or
//! use one of the module's names: a fix that takes the name away breaks it.

/// The example lines of `text`: each `>>>` line (after blanks, or a
/// docstring's opening quotes) and the `...` lines that continue it, the
/// prompts taken off, one line each.
pub fn examples(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out: Vec<&str> = Vec::new();
    let mut after = 0;
    for at in memchr::memmem::find_iter(bytes, b">>>") {
        if at < after {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
        let lead = text[start..at].trim_start_matches([' ', '\t', '"', '\'', 'r', 'u', 'R', 'U']);
        if !lead.is_empty() {
            continue;
        }
        let mut lines = text[at + 3..].split_inclusive('\n');
        let first = lines.next().unwrap_or_default();
        after = at + 3 + first.len();
        out.push(prompted(first));
        for line in lines {
            let Some(rest) = line.trim_start().strip_prefix("...") else {
                break;
            };
            after += line.len();
            out.push(prompted(rest));
        }
    }
    out
}

/// An example line after its prompt: one blank after it taken off, and the
/// line break.
fn prompted(line: &str) -> &str {
    let line = line.trim_end_matches(['\n', '\r']);
    line.strip_prefix(' ').unwrap_or(line)
}

/// Whether an example of `text` (see [`examples`]) spells `name` as a word.
pub fn in_a_doctest(text: &str, name: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b">>>").is_some()
        && examples(text).iter().any(|l| super::contains_word(l, name))
}

/// The code a text file runs: for a Jupyter notebook (JSON with `cells`),
/// its code cells and the examples of its other cells; for any other
/// file, its examples and the code of its Sphinx doctest blocks. `None`
/// when it has none.
pub fn runnable_code(rel: &str, text: &str) -> Option<String> {
    if rel.ends_with(".ipynb")
        && let Ok(notebook) = serde_json::from_str::<serde_json::Value>(text)
        && let Some(cells) = notebook.get("cells").and_then(|c| c.as_array())
    {
        let mut code = String::new();
        for cell in cells {
            let source = match cell.get("source") {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Array(lines)) => {
                    lines.iter().filter_map(|l| l.as_str()).collect::<String>()
                }
                _ => continue,
            };
            if cell.get("cell_type").and_then(|t| t.as_str()) == Some("code") {
                code.push_str(&source);
            } else {
                code.push_str(&examples(&source).join("\n"));
            }
            code.push('\n');
        }
        return Some(code);
    }
    let mut lines: Vec<&str> = match memchr::memmem::find(text.as_bytes(), b">>>") {
        Some(_) => examples(text),
        None => Vec::new(),
    };
    if memchr::memmem::find(text.as_bytes(), b".. test").is_some() {
        lines.extend(sphinx_test_code(text));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The lines of Sphinx's doctest blocks without prompts (`.. testsetup::`,
/// `.. testcode::`, `.. testcleanup::`): the indented block under each.
fn sphinx_test_code(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut inside: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let directive = line.trim_start();
        if ["testsetup::", "testcode::", "testcleanup::"]
            .iter()
            .any(|d| {
                directive
                    .strip_prefix(".. ")
                    .is_some_and(|r| r.starts_with(d))
            })
        {
            inside = Some(indent);
            continue;
        }
        match inside {
            Some(_) if line.trim().is_empty() => {}
            // The block's options (`:hide:`) and code, indented under it.
            Some(at) if indent > at => {
                if !directive.starts_with(':') {
                    out.push(line.trim_start());
                }
            }
            _ => inside = None,
        }
    }
    out
}

/// The statements of `code`, crudely: lines joined where a bracket is open
/// or a backslash continues them, then split at `;`, each trimmed. Enough
/// for the imports a doctest or a notebook cell spells.
pub fn statements(code: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut depth: i32 = 0;
    for line in code.lines() {
        let line = line.split('#').next().unwrap_or_default();
        let (line, continued) = match line.trim_end().strip_suffix('\\') {
            Some(l) => (l, true),
            None => (line, false),
        };
        for c in line.chars() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        current.push_str(line);
        current.push(' ');
        if depth == 0 && !continued {
            out.extend(
                current
                    .split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            );
            current.clear();
        }
    }
    out.extend(
        current
            .split(';')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_the_prompted_lines_and_their_continuations() {
        let doc = "\"\"\">>> a = 1\nText >>> not one\n    >>> f(\n    ...     2)\n    3\n... stray\n\"\"\"\n";
        assert_eq!(examples(doc), vec!["a = 1", "f(", "    2)"]);
        assert!(in_a_doctest(doc, "f"));
        assert!(!in_a_doctest(doc, "stray"));
        assert!(!in_a_doctest(doc, "one"));
    }

    #[test]
    fn a_notebook_runs_its_code_cells() {
        let nb = r##"{"cells": [{"cell_type": "code", "source": ["from pkg.api import helper\n", "helper(3)"]}, {"cell_type": "markdown", "source": "from x import y\n>>> import z"}]}"##;
        let code = runnable_code("nb.ipynb", nb).unwrap();
        assert_eq!(code, "from pkg.api import helper\nhelper(3)\nimport z\n");
        assert_eq!(runnable_code("a.md", "from x import y\n"), None);
        let rst = "Intro.\n\n.. testsetup::\n   :hide:\n\n   from pkg.api import helper\n   import os\n\nfrom not.code import x\n";
        assert_eq!(
            runnable_code("a.rst", rst).unwrap(),
            "from pkg.api import helper\nimport os"
        );
    }

    #[test]
    fn statements_join_brackets_and_split_semicolons() {
        let code = "from a import (\n    b,\n    c)\nimport d; d.e()\nx = \\\n  1\n";
        assert_eq!(
            statements(code),
            vec![
                "from a import (     b,     c)",
                "import d",
                "d.e()",
                "x =    1"
            ]
        );
    }
}
