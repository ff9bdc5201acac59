//! Python 2 syntax that tree-sitter-python accepts but Python 3 rejects.
//!
//! The grammar keeps Python 2's `print` and `exec` statements, `except E, e:`,
//! backticks, `<>`, `0777` and `10L` without an ERROR node, so a Python 2
//! file looks clean to [`super::syntax_errors`]. The scan names the first
//! such construct (the file cannot run under Python 3, whatever canon does
//! to it); this module only finds it. No I/O, no rules.

use memchr::memmem;
use tree_sitter::{Node, Tree};

/// The first Python-2-only construct in `tree` (of `source`): its byte
/// offset and what it is, for a message ("a print statement").
pub fn python2_syntax(tree: &Tree, source: &str) -> Option<(usize, &'static str)> {
    // A partial parse's tree is walked faster than its file is searched.
    let small = tree.root_node().descendant_count() * 16 < source.len();
    if !small && !worth_a_walk(source.as_bytes()) {
        return None;
    }
    let mut cursor = tree.root_node().walk();
    loop {
        let node = cursor.node();
        if let Some(what) = python2_node(node, source) {
            return Some((node.start_byte(), what));
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return None;
            }
        }
    }
}

/// Whether a line of `source` starts like Python 2's commonest statements
/// (`print x`, `exec code`, `except E, e:`): a scan may then parse whole a
/// file it parsed in part, to name them.
pub fn python2_lines(source: &str) -> bool {
    let bytes = source.as_bytes();
    // The rest of the line from `at`, if only layout precedes `at` on it.
    let line_from = |at: usize| {
        let starts = bytes[..at]
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n' && b != b'\r')
            .all(|b| matches!(b, b' ' | b'\t' | b'\x0c'));
        let end = memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |e| at + e);
        starts.then(|| &source[at..end])
    };
    let after = |t: &'_ str, kw: &str| {
        t.strip_prefix(kw)
            .filter(|r| r.starts_with([' ', '\t', '>', '"', '\'']))
            .map(|r| r.trim_start_matches([' ', '\t']))
            .is_some_and(|r| !r.is_empty() && !r.starts_with(['(', '=', ')', ',', ';', '#', '.']))
    };
    for kw in ["print", "exec"] {
        let found = memmem::find_iter(bytes, kw.as_bytes())
            .any(|at| line_from(at).is_some_and(|t| after(t, kw)));
        if found {
            return true;
        }
    }
    memmem::find_iter(bytes, b"except").any(|at| {
        line_from(at).is_some_and(|t| {
            t.strip_prefix("except")
                .filter(|r| r.starts_with([' ', '\t']))
                .and_then(|r| r.split(':').next())
                .is_some_and(|head| head.contains(',') && !head.contains('('))
        })
    })
}

/// Every construct found has one of these in its text; most files have
/// none, and are not walked. (`except` is in most files: only a line with
/// `except` and then a comma before the colon counts.)
fn worth_a_walk(src: &[u8]) -> bool {
    ["print", "exec", "<>", "`", "((", "lambda ("]
        .iter()
        .any(|n| memmem::find(src, n.as_bytes()).is_some())
        || memmem::find_iter(src, b"except").any(|at| {
            let line = &src[at..];
            let end = memchr::memchr2(b'\n', b'\r', line).unwrap_or(line.len());
            let line = &line[..end];
            let colon = memchr::memchr(b':', line).unwrap_or(line.len());
            memchr::memchr(b',', &line[..colon]).is_some()
        })
        || has_py2_literal(src)
}

/// `0777`, `10L` or `ur'` somewhere (cheap, may say yes for a string's
/// content). Each looks only at the bytes memchr stops at: a byte loop
/// over a big file cost a tenth of `check`.
fn has_py2_literal(src: &[u8]) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'.';
    let ur = memchr::memchr2_iter(b'r', b'R', src).any(|i| {
        i > 0
            && src[i - 1].eq_ignore_ascii_case(&b'u')
            && matches!(src.get(i + 1), Some(b'\'' | b'"'))
    });
    let octal = || {
        memchr::memchr_iter(b'0', src).any(|i| {
            src.get(i + 1).is_some_and(u8::is_ascii_digit) && (i == 0 || !ident(src[i - 1]))
        })
    };
    let long =
        || memchr::memchr2_iter(b'L', b'l', src).any(|i| i > 0 && src[i - 1].is_ascii_digit());
    ur || octal() || long()
}

fn python2_node(node: Node, source: &str) -> Option<&'static str> {
    let text = || node.utf8_text(source.as_bytes()).unwrap_or("");
    match node.kind() {
        "print_statement" => Some("a print statement"),
        "exec_statement" => Some("an exec statement"),
        "except_clause" => has_child(node, ",").then_some("`except E, name:`"),
        "comparison_operator" => has_child(node, "<>").then_some("the `<>` operator"),
        "string_start" => {
            let t = text();
            if t.starts_with('`') {
                Some("backticks")
            } else if t.len() > 1 && t[..2].eq_ignore_ascii_case("ur") {
                Some("a `ur` string prefix")
            } else {
                None
            }
        }
        "integer" => {
            let t = text();
            let octal = t.len() > 1
                && t.starts_with('0')
                && t.bytes().all(|b| b.is_ascii_digit() || b == b'_')
                && t.bytes().any(|b| (b'1'..=b'9').contains(&b));
            if octal {
                Some("an octal literal without `0o`")
            } else if t.ends_with(['l', 'L']) {
                Some("a long integer literal (`L`)")
            } else {
                None
            }
        }
        "parameters" | "lambda_parameters" => {
            has_child(node, "tuple_pattern").then_some("a tuple parameter")
        }
        _ => None,
    }
}

fn has_child(node: Node, kind: &str) -> bool {
    let mut c = node.walk();
    node.children(&mut c).any(|ch| ch.kind() == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(src: &str) -> Option<(usize, &'static str)> {
        let mut p = super::super::parser();
        python2_syntax(&super::super::parse(&mut p, src), src)
    }

    #[test]
    fn python2_constructs_are_found() {
        for (src, what) in [
            ("x = 1\nprint \"hi\"\n", "a print statement"),
            ("print >>f, x\n", "a print statement"),
            ("exec code in ns\n", "an exec statement"),
            (
                "try:\n    pass\nexcept E, e:\n    pass\n",
                "`except E, name:`",
            ),
            ("if 1 <> 2:\n    pass\n", "the `<>` operator"),
            ("x = `y`\n", "backticks"),
            ("x = ur'a'\n", "a `ur` string prefix"),
            ("x = 0777\n", "an octal literal without `0o`"),
            ("x = 10L\n", "a long integer literal (`L`)"),
            ("def f((a, b)):\n    pass\n", "a tuple parameter"),
        ] {
            assert_eq!(found(src).map(|f| f.1), Some(what), "{src:?}");
        }
        assert_eq!(found("x = 1\nprint \"hi\"\n").map(|f| f.0), Some(6));
    }

    #[test]
    fn python2_lines_are_told_from_python3_ones() {
        for src in [
            "print \"hi\"\n",
            "  print x, y\n",
            "print >>sys.stderr, x\n",
            "exec code in ns\n",
            "try:\n    pass\nexcept E, e:\n    pass\n",
        ] {
            assert!(python2_lines(src), "{src:?}");
        }
        for src in [
            "print(x)\nprint (x)\nprint\nprint = log\n",
            "exec(code)\n",
            "except (A, B) as e:\n",
            "# print the value\nx = 1  # exec later\n",
            "printer = 1\nexecute(x)\n",
        ] {
            assert!(!python2_lines(src), "{src:?}");
        }
    }

    #[test]
    fn python3_is_not_python2() {
        for src in [
            "print(x)\nprint (x, y)\nprint\nexec(code)\n",
            "try:\n    pass\nexcept (A, B) as e:\n    pass\n",
            "x = 0\ny = 00\nz = 0o777\nw = 0x1F\nv = 1_000\nu = 0.5\nt = 10j\n",
            "s = 'print \"x\" <> `y` 0777 10L'\n",
            "def f(a, b=(1, 2), *c, **d):\n    return lambda x, y=(1,): x\n",
            "x = u'a' + r'b' + rb'c' + f'{x!r}'\n",
            "# except A, B: print 0777\n",
        ] {
            assert_eq!(found(src), None, "{src:?}");
        }
    }
}
