//! A `def`'s parameters, as far as a call's fit goes: which names a
//! keyword may use, how many positional arguments it takes and needs.

use tree_sitter::Node;

/// One named parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub default: bool,
    /// The default, where the source spells one.
    pub value: Option<Value>,
}

/// A default's source text, as tokens (comments and layout left out, one
/// space between), and whether it is a literal: text naming nothing, so
/// that the same text is the same value wherever it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub text: String,
    pub literal: bool,
}

impl Value {
    pub fn of(node: Node, source: &str) -> Value {
        let mut tokens: Vec<String> = Vec::new();
        let mut literal = true;
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "comment" => continue,
                "identifier" => literal = false,
                // A string is one token (its escapes are children, the
                // text between them not); an f-string's fields name things.
                "string" => {
                    let mut c = n.walk();
                    if n.named_children(&mut c)
                        .any(|p| p.kind() == "interpolation")
                    {
                        literal = false;
                    }
                    tokens.push(quoted(&source[n.byte_range()]));
                    continue;
                }
                _ => {}
            }
            if n.child_count() == 0 {
                if trailing_comma(n) {
                    continue;
                }
                tokens.push(source[n.byte_range()].to_string());
                continue;
            }
            let mut c = n.walk();
            let children: Vec<Node> = n.children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        }
        Value {
            text: tokens.join(" "),
            literal,
        }
    }
}

/// A comma before a closing bracket that says nothing: `[1,]` is `[1]`,
/// but `(1,)` is a tuple where `(1)` is not.
fn trailing_comma(n: Node) -> bool {
    let mut next = n.next_sibling();
    while let Some(c) = next.filter(|c| c.kind() == "comment") {
        next = c.next_sibling();
    }
    let closing = next.map(|s| s.kind());
    if n.kind() != "," || !matches!(closing, Some(")" | "]" | "}")) {
        return false;
    }
    let one_tuple = n.parent().is_some_and(|p| {
        let mut c = p.walk();
        p.kind() == "tuple"
            && p.named_children(&mut c)
                .filter(|c| c.kind() != "comment")
                .count()
                == 1
    });
    !one_tuple
}

/// A plain one-line string in single quotes (`"x"` is `'x'`).
fn quoted(text: &str) -> String {
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) if !inner.is_empty() && !inner.contains(['"', '\'', '\\']) => {
            format!("'{inner}'")
        }
        _ => text.to_string(),
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    /// Before a `/`: positional only.
    pub positional_only: Vec<Param>,
    /// Positional or keyword.
    pub positional: Vec<Param>,
    /// After `*` or `*args`.
    pub keyword_only: Vec<Param>,
    pub var_args: bool,
    pub var_kwargs: bool,
}

impl Params {
    /// The parameters of a `function_definition` node.
    pub fn of(def: Node, source: &str) -> Params {
        let mut out = Params::default();
        let Some(params) = def.child_by_field_name("parameters") else {
            return out;
        };
        let text = |n: Node| source[n.byte_range()].to_string();
        let mut keyword_only = false;
        let mut cursor = params.walk();
        for p in params.named_children(&mut cursor) {
            let (name, default) = match p.kind() {
                "identifier" => (text(p), None),
                "default_parameter" | "typed_default_parameter" => {
                    match p.child_by_field_name("name") {
                        Some(n) => (text(n), Some(p.child_by_field_name("value"))),
                        None => continue,
                    }
                }
                "typed_parameter" => match p.named_child(0) {
                    Some(inner) if inner.kind() == "identifier" => (text(inner), None),
                    Some(inner) if inner.kind() == "list_splat_pattern" => {
                        out.var_args = true;
                        keyword_only = true;
                        continue;
                    }
                    Some(inner) if inner.kind() == "dictionary_splat_pattern" => {
                        out.var_kwargs = true;
                        continue;
                    }
                    _ => continue,
                },
                "list_splat_pattern" => {
                    out.var_args = true;
                    keyword_only = true;
                    continue;
                }
                "keyword_separator" => {
                    keyword_only = true;
                    continue;
                }
                "dictionary_splat_pattern" => {
                    out.var_kwargs = true;
                    continue;
                }
                "positional_separator" => {
                    out.positional_only.append(&mut out.positional);
                    continue;
                }
                _ => continue,
            };
            let param = Param {
                name,
                default: default.is_some(),
                value: default.flatten().map(|v| Value::of(v, source)),
            };
            if keyword_only {
                out.keyword_only.push(param);
            } else {
                out.positional.push(param);
            }
        }
        out
    }

    /// Without the first positional parameter (a method's `self`).
    pub fn without_first(mut self) -> Params {
        if !self.positional_only.is_empty() {
            self.positional_only.remove(0);
        } else if !self.positional.is_empty() {
            self.positional.remove(0);
        }
        self
    }

    /// Whether `name=…` may be passed.
    pub fn accepts_keyword(&self, name: &str) -> bool {
        self.var_kwargs
            || self
                .positional
                .iter()
                .chain(&self.keyword_only)
                .any(|p| p.name == name)
    }

    /// How many positional arguments it takes at most (`None`: any number).
    pub fn max_positional(&self) -> Option<usize> {
        (!self.var_args).then_some(self.positional_only.len() + self.positional.len())
    }

    /// The parameters that keywords may name, in order.
    pub fn keyword_names(&self) -> impl Iterator<Item = &str> {
        self.positional
            .iter()
            .chain(&self.keyword_only)
            .map(|p| p.name.as_str())
    }

    /// Parameters with no default, in order of position, then keyword-only.
    pub fn required(&self) -> impl Iterator<Item = (usize, &Param)> {
        let positional = self.positional_only.iter().chain(&self.positional);
        positional
            .enumerate()
            .chain(self.keyword_only.iter().map(|p| (usize::MAX, p)))
            .filter(|(_, p)| !p.default)
    }

    /// `f(a, b=1, *, c)`, for messages.
    pub fn describe(&self, name: &str) -> String {
        let mut parts: Vec<String> = Vec::new();
        let one = |p: &Param| {
            if p.default {
                format!("{}=…", p.name)
            } else {
                p.name.clone()
            }
        };
        parts.extend(self.positional_only.iter().map(one));
        if !self.positional_only.is_empty() {
            parts.push("/".to_string());
        }
        parts.extend(self.positional.iter().map(one));
        if self.var_args {
            parts.push("*args".to_string());
        } else if !self.keyword_only.is_empty() {
            parts.push("*".to_string());
        }
        parts.extend(self.keyword_only.iter().map(one));
        if self.var_kwargs {
            parts.push("**kwargs".to_string());
        }
        format!("{name}({})", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(src: &str) -> Params {
        let mut parser = crate::python::parser();
        let tree = crate::python::parse(&mut parser, src);
        let def = tree.root_node().named_child(0).unwrap();
        Params::of(def, src)
    }

    #[test]
    fn every_kind_of_parameter_is_read() {
        let p = params("def f(a, /, b, c: int = 1, *args, d, e=2, **kw): pass\n");
        assert_eq!(p.positional_only.len(), 1);
        assert_eq!(p.positional.len(), 2);
        assert_eq!(p.keyword_only.len(), 2);
        assert!(p.var_args && p.var_kwargs);
        assert!(!p.accepts_keyword("a") || p.var_kwargs);
        let q = params("def g(x, *, user): pass\n");
        assert!(q.accepts_keyword("user") && !q.accepts_keyword("name"));
        assert_eq!(q.max_positional(), Some(1));
        assert_eq!(q.describe("g"), "g(x, *, user)");
    }

    #[test]
    fn a_default_is_read_as_its_tokens() {
        let value = |src: &str| params(src).positional[0].value.clone().unwrap();
        let a = value("def f(h={\"a\": [1, 2,],  # c\n  }): pass\n");
        assert_eq!((a.text.as_str(), a.literal), ("{ 'a' : [ 1 , 2 ] }", true));
        assert_eq!(value("def f(t=(1,)): pass\n").text, "( 1 , )");
        assert!(!value("def f(t=DEFAULT): pass\n").literal);
        assert!(!value("def f(t=f\"{x}\"): pass\n").literal);
    }
}
