//! `fix` templates of `rewrite` rules: literal text with `$NAME`, `$$$NAME`
//! and `{a.b.c}` pieces, checked against the pattern's holes and for syntax.

use crate::python::{self, Piece};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    Text(String),
    /// The source text a pattern hole matched.
    Hole(String),
    /// The file's local name for a dotted symbol (an import is added if needed).
    Symbol(String),
}

#[derive(Debug, Clone)]
pub struct Template {
    pub source: String,
    pub parts: Vec<TemplatePart>,
    /// Where the author marked a symbol's module boundary
    /// (`{datetime:timezone.utc}`, as `pkgutil.resolve_name` spells it):
    /// (dotted name, whether it is a module).
    pub marks: Vec<(String, bool)>,
}

/// `{a.b:c.d}` → `{a.b.c.d}`, noting that `a.b` is a module and `a.b.c`
/// is not. A `:` with spaces, non-dotted sides or no dot at all is left
/// alone (a dict).
fn unmark(text: &str) -> (String, Vec<(String, bool)>) {
    let mut out = String::with_capacity(text.len());
    let mut marks = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let Some(close) = rest.find('}') else { break };
        let inner = &rest[1..close];
        match inner.split_once(':') {
            // A dot somewhere, so that `{k:v}` stays a dict.
            Some((module, attrs))
                if python::is_dotted_path(module)
                    && python::is_dotted_path(attrs)
                    && (module.contains('.') || attrs.contains('.')) =>
            {
                let first = attrs.split('.').next().unwrap_or(attrs);
                marks.push((module.to_string(), true));
                marks.push((format!("{module}.{first}"), false));
                out.push('{');
                out.push_str(&format!("{module}.{attrs}"));
                out.push('}');
            }
            _ => out.push_str(&rest[..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    (out, marks)
}

/// Whether a comment sits strictly inside a node other than the module
/// and its statement: inside brackets, where Python goes on after a line
/// break.
fn bracketed(comment: tree_sitter::Node) -> bool {
    let mut up = comment.parent();
    while let Some(n) = up {
        if !matches!(n.kind(), "module" | "expression_statement")
            && n.start_byte() < comment.start_byte()
            && comment.end_byte() < n.end_byte()
        {
            return true;
        }
        up = n.parent();
    }
    false
}

impl Template {
    /// Compile `text`; `holes` are the names the pattern binds.
    pub fn compile(text: &str, holes: &[String]) -> Result<Template, String> {
        let (text, marks) = unmark(text);
        let text = text.as_str();
        let pieces = python::split_holes(text).map_err(|e| e.to_string())?;
        let mut parts = Vec::new();
        let mut probe = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => {
                    probe.push_str(&t);
                    parts.push(TemplatePart::Text(t));
                }
                Piece::Hole { name, .. } => {
                    if !holes.contains(&name) {
                        return Err(format!(
                            "`${name}` is used in `fix` but the pattern binds no such hole{}",
                            if holes.is_empty() {
                                String::new()
                            } else {
                                format!(
                                    " (it binds {})",
                                    holes
                                        .iter()
                                        .map(|h| format!("${h}"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )
                            }
                        ));
                    }
                    probe.push_str("__canon_hole");
                    parts.push(TemplatePart::Hole(name));
                }
                Piece::Symbol(s) => {
                    probe.push_str("__canon_symbol");
                    parts.push(TemplatePart::Symbol(s));
                }
            }
        }
        let mut parser = python::parser();
        let tree = python::parse(&mut parser, &probe);
        if tree.root_node().has_error() {
            return Err(format!(
                "`{text}` is not a valid Python expression once its holes are filled"
            ));
        }
        // It replaces an expression, so it must be one: a statement or an
        // assignment parses, but `print(get())` would become `print(x = 1)`.
        if python::single_expression(tree.root_node()).is_none() {
            return Err(format!(
                "`{text}` is not a single Python expression (a statement, an assignment or several expressions); a fix replaces the expression the pattern matched"
            ));
        }
        // A comment is the fix's own only inside its brackets, where the
        // line break after it is too; else it would take in the rest of
        // the line the fix lands on (`g(f(1)  # moved, 2)`).
        let mut loose = None;
        python::preorder(tree.root_node(), |n| {
            if n.kind() == "comment" && loose.is_none() && !bracketed(n) {
                loose = Some(n.utf8_text(probe.as_bytes()).unwrap_or("#").to_string());
            }
            loose.is_none()
        });
        // A `yield` makes the function it lands in a generator (and is a
        // SyntaxError outside one); in a lambda it is the lambda's own.
        let mut yields = false;
        python::preorder(tree.root_node(), |n| {
            yields |= n.kind() == "yield" && n.is_named();
            !yields && n.kind() != "lambda"
        });
        if yields {
            return Err(format!(
                "`{text}` yields, which would turn the function it lands in into a generator (and does not compile outside one); a fix cannot"
            ));
        }
        if let Some(comment) = loose {
            return Err(format!(
                "`{text}` has a comment (`{comment}`) outside its brackets, which would take in the rest of the line where the fix lands; put it in `note`, or inside the call's parentheses with a line break after it"
            ));
        }
        Ok(Template {
            source: text.to_string(),
            parts,
            marks,
        })
    }

    /// Whether the fix, filled in, is code `pattern` matches (anywhere in
    /// it): then every run would rewrite its own output again
    /// (`{m.get}($$$A)` → `{m.get}($$$A, 1)` grows an argument a run).
    /// Holes stand for code no pattern piece names; each `{symbol}`, and
    /// each of the pattern's symbols by its own name (a fix may spell the
    /// name the file imported), is bound by an import.
    pub fn matches(&self, pattern: &python::Pattern) -> bool {
        let mut symbols: Vec<&str> = Vec::new();
        let mut code = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Text(t) => code.push_str(t),
                TemplatePart::Hole(h) => code.push_str(&format!("__canon_hole_{h}")),
                TemplatePart::Symbol(s) => {
                    let k = symbols.iter().position(|x| x == s).unwrap_or_else(|| {
                        symbols.push(s);
                        symbols.len() - 1
                    });
                    code.push_str(&format!("__canon_symbol{k}"));
                }
            }
        }
        let mut text = String::new();
        for s in &pattern.symbols {
            if let Some((module, name)) = s.rsplit_once('.') {
                text.push_str(&format!("from {module} import {name}\n"));
            }
        }
        for (k, s) in symbols.iter().enumerate() {
            match s.rsplit_once('.') {
                Some((module, name)) => text.push_str(&format!(
                    "from {module} import {name} as __canon_symbol{k}\n"
                )),
                None => text.push_str(&format!("import {s} as __canon_symbol{k}\n")),
            }
        }
        text.push_str(code.trim());
        text.push('\n');
        let mut parser = python::parser();
        let tree = python::parse(&mut parser, &text);
        if tree.root_node().has_error() {
            return false;
        }
        let sem = python::Semantic::build(&tree, &text, "__canon_probe", false);
        !pattern.find(&sem, tree.root_node()).is_empty()
    }

    pub fn symbols(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            TemplatePart::Symbol(s) => Some(s.as_str()),
            _ => None,
        })
    }

    /// Whether the template starts with `await` (a fix that needs an async site).
    pub fn awaits(&self) -> bool {
        matches!(self.parts.first(), Some(TemplatePart::Text(t)) if t.trim_start().starts_with("await ") || t.trim_start() == "await")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colon_marks_the_module_boundary_but_a_dict_stays_a_dict() {
        let t = Template::compile("{datetime.datetime.now}({datetime:timezone.utc})", &[]).unwrap();
        let symbols: Vec<&str> = t.symbols().collect();
        assert_eq!(symbols, ["datetime.datetime.now", "datetime.timezone.utc"]);
        assert_eq!(
            t.marks,
            [
                ("datetime".to_string(), true),
                ("datetime.timezone".to_string(), false)
            ]
        );
        let d = Template::compile("f({x: y}, {'a':1}, {k:v})", &[]).unwrap();
        assert!(d.marks.is_empty());
        assert_eq!(d.symbols().count(), 0);
    }
}
