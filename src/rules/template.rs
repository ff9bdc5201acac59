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
}

impl Template {
    /// Compile `text`; `holes` are the names the pattern binds.
    pub fn compile(text: &str, holes: &[String]) -> Result<Template, String> {
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
        Ok(Template {
            source: text.to_string(),
            parts,
        })
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
