//! Where a file reads its own namespace by a name's string: `globals()["f"]`,
//! `vars()["f"]` and `locals()["f"]` (in the scope that binds `f`), `"f" in globals()`,
//! `globals().get("f")`, `eval("f(1)")`. Renamed, the module-level `f`
//! would no longer be found there at runtime. Which strings reach such a
//! lookup canon cannot always tell (`ns = globals(); ns[key]`), so a file
//! that takes its namespace and spells the name as a whole string counts
//! as reading it. No I/O.

use tree_sitter::Node;

use super::{ScopeId, Semantic};

impl Semantic<'_> {
    /// Why the name `name` bound in `scope` must keep its name because the
    /// file looks it up by its string, if it does ("this file looks it up
    /// by name (`globals()` and the string `"f"`)").
    pub fn namespace_lookup(&self, name: &str, scope: ScopeId) -> Option<String> {
        let mut namespace = None;
        for r in &self.references {
            let Some((callee, args)) = self.builtin_call(r.node, r.scope) else {
                continue;
            };
            match callee {
                // `globals()` is the module's wherever it is called; `vars()`
                // and `locals()` are the namespace of the scope calling them.
                "globals" if args.is_empty() && scope == 0 => {
                    namespace.get_or_insert(callee);
                }
                "vars" | "locals" if args.is_empty() && r.scope == scope => {
                    namespace.get_or_insert(callee);
                }
                // The code `eval` and `exec` run sees the module's names
                // and those of the scope calling them.
                "eval" | "exec" if scope == 0 || r.scope == scope => {
                    let code = args
                        .first()
                        .and_then(|a| crate::python::string_value(self.source, *a));
                    if code.is_some_and(|(_, v)| crate::python::contains_word(&v, name)) {
                        return Some(format!("this file runs it by name (`{callee}(\"…\")`)"));
                    }
                }
                _ => {}
            }
        }
        let namespace = namespace?;
        let spelled = self.strings.iter().any(|s| {
            !s.docstring
                && crate::python::string_value(self.source, s.node).is_some_and(|(_, v)| v == name)
        });
        spelled.then(|| {
            format!("this file looks it up by name (`{namespace}()` and the string `\"{name}\"`)")
        })
    }

    /// For the callee `node` of a call of an unshadowed builtin: its name
    /// and the call's arguments (comments left out).
    fn builtin_call<'n>(&self, node: Node<'n>, scope: ScopeId) -> Option<(&str, Vec<Node<'n>>)> {
        if node.kind() != "identifier" {
            return None;
        }
        let name = self.text(node);
        if !matches!(name, "globals" | "vars" | "locals" | "eval" | "exec") {
            return None;
        }
        let call = node.parent().filter(|c| c.kind() == "call")?;
        if call.child_by_field_name("function") != Some(node)
            || !self.lookup_all(name, scope, node.start_byte()).is_empty()
        {
            return None;
        }
        let args = call.child_by_field_name("arguments")?;
        let mut cursor = args.walk();
        let args = args
            .named_children(&mut cursor)
            .filter(|c| c.kind() != "comment")
            .collect();
        Some((name, args))
    }
}
