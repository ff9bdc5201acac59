//! Where a file reads its own namespace by a name's string: `globals()["f"]`,
//! `"f" in globals()`, `globals().get("f")`, `vars()["f"]` and
//! `locals()["f"]` in the scope that binds `f`, the same through a name
//! given the namespace (`ns = globals()`; `ns["f"]`), `patch.dict(globals(),
//! {"f": fake})`, and `eval("f(1)")`. Renamed, `f` would no longer be found
//! there at runtime. No I/O.

use tree_sitter::Node;

use super::super::sys_modules::{dict_target, mapping_keyed};
use super::exports::{arguments, outside_parens};
use super::{ScopeId, Semantic, is_store_target};

impl Semantic<'_> {
    /// The examples of the file's doctests (docstrings, comments), one a
    /// line: code that runs with the module's names.
    pub fn doctest_code(&self) -> &str {
        self.doctest_code
            .get_or_init(|| crate::python::doctest::examples(self.source).join("\n"))
    }

    /// Why the name `name` bound in `scope` must keep its name because the
    /// file looks it up by its string, if it does ("this file looks it up
    /// by name (`globals()["f"]`)").
    pub fn namespace_lookup(&self, name: &str, scope: ScopeId) -> Option<String> {
        self.spelled_lookup(name, scope).or_else(|| {
            let how = self.dynamic_lookup().filter(|_| scope == 0)?;
            Some(format!(
                "this file may look any of its names up by a string canon cannot read ({how})"
            ))
        })
    }

    /// [`Semantic::namespace_lookup`] by what the file spells: a literal
    /// key, a doctest, code run by name, a namespace handed to a format.
    fn spelled_lookup(&self, name: &str, scope: ScopeId) -> Option<String> {
        // A doctest runs with the module's names, and canon never rewrites
        // docstrings: `>>> helper(1)` needs `helper` as it is.
        let head = name.split('.').next().unwrap_or(name);
        if scope == 0 && crate::python::contains_word(self.doctest_code(), head) {
            let why =
                "a doctest in this file uses it (`>>> …`), and canon does not rewrite docstrings";
            return Some(why.to_string());
        }
        if scope == 0
            && let Some((_, lookup)) = self.own_lookups().iter().find(|(n, _)| n == name)
        {
            return Some(format!("this file looks it up by name ({lookup})"));
        }
        // The names the namespace is given (`ns = globals()`).
        let mut aliases: Vec<&str> = Vec::new();
        let mut any = false;
        let calls = self.namespace_calls.get_or_init(|| {
            (0..self.references.len())
                .filter(|&i| {
                    let r = &self.references[i];
                    self.builtin_call(r.node, r.scope).is_some()
                })
                .collect()
        });
        for r in calls.iter().map(|&i| &self.references[i]) {
            let Some((callee, args)) = self.builtin_call(r.node, r.scope) else {
                continue;
            };
            if matches!(callee, "eval" | "exec") {
                // The code `eval` and `exec` run sees the module's names
                // and those of the scope calling them.
                let code = args
                    .first()
                    .and_then(|a| crate::python::string_value(self.source, *a));
                if (scope == 0 || r.scope == scope)
                    && code.is_some_and(|(_, v)| crate::python::contains_word(&v, name))
                {
                    return Some(format!("this file runs it by name (`{callee}(\"…\")`)"));
                }
                continue;
            }
            if !self.reaches(callee, &args, r.scope, scope) {
                continue;
            }
            any = true;
            let call = r.node.parent();
            if let Some(assignment) = call
                .and_then(|c| c.parent())
                .filter(|a| a.kind() == "assignment" && a.child_by_field_name("right") == call)
                && let Some(left) = assignment
                    .child_by_field_name("left")
                    .filter(|l| l.kind() == "identifier")
            {
                aliases.push(self.text(left));
            }
        }
        if !any {
            return None;
        }

        // The namespace handed on whole (`"{helper}".format(**locals())`,
        // `"%(helper)s" % globals()`, `tmpl.format_map(ns)`, `render(ns)`):
        // the code given it may look up any of its names.
        let escaped = calls
            .iter()
            .map(|&i| &self.references[i])
            .filter(|r| {
                self.builtin_call(r.node, r.scope)
                    .is_some_and(|(callee, args)| self.reaches(callee, &args, r.scope, scope))
            })
            .filter_map(|r| r.node.parent())
            .chain(
                (self.references.iter())
                    .filter(|r| {
                        r.node.kind() == "identifier" && aliases.contains(&self.text(r.node))
                    })
                    .map(|r| r.node),
            )
            .find(|&n| handed_on(self, n));
        if let Some(n) = escaped {
            let whole = crate::python::excerpt(self.text(n.parent().unwrap_or(n)));
            return Some(format!(
                "this file hands its names on to code that may look any of them up by name (`{whole}`)"
            ));
        }
        let is_namespace = |m: Node| {
            let m = match m.kind() {
                "parenthesized_expression" => m.named_child(0).unwrap_or(m),
                _ => m,
            };
            match m.kind() {
                "identifier" => aliases.contains(&self.text(m)),
                "call" => m.child_by_field_name("function").is_some_and(|f| {
                    let at = self.scope_at(f.start_byte());
                    self.builtin_call(f, at)
                        .is_some_and(|(callee, args)| self.reaches(callee, &args, at, scope))
                }),
                _ => false,
            }
        };
        let keyed = self.strings.iter().find_map(|s| {
            if s.docstring
                || crate::python::string_value(self.source, s.node).is_none_or(|(_, v)| v != name)
            {
                return None;
            }
            let keyed = mapping_keyed(self, s.node).or_else(|| {
                let pair = self.parent(s.node).filter(|p| {
                    p.kind() == "pair" && p.child_by_field_name("key") == Some(s.node)
                })?;
                dict_target(
                    self,
                    self.parent(pair).filter(|d| d.kind() == "dictionary")?,
                )
            })?;
            is_namespace(keyed).then(|| {
                let lookup = self.source[keyed.byte_range()].trim();
                format!("this file looks it up by name (`{lookup}` and the string `\"{name}\"`)")
            })
        });
        // A function's (or class body's) namespace read whole is a dict of
        // its names (`return locals()`, `sorted(vars())`, `dir()`): any
        // key of it may be read, so none may change.
        keyed.or_else(|| {
            let call = self.namespace_read(scope)?;
            Some(format!(
                "this {} reads its own namespace (`{call}`), where the name is a key",
                self.scope_word(scope)
            ))
        })
    }

    /// Where the module may look up any of its module-level names by a
    /// string canon does not read, as spelled: a module-level
    /// `__getattr__` or `__dir__` (PEP 562: `app.name` of a name the
    /// module lacks asks it, and it may answer with
    /// `globals()["hel" + "per"]`); `globals()` (`vars()`, `locals()` at
    /// module level) read by a key canon cannot read (see
    /// [`Self::computed_key`]); the module's own object (`sys.modules[__name__]`) used
    /// otherwise than through an attribute or `getattr`/`hasattr` with a
    /// literal name. Found on the first ask.
    pub fn dynamic_lookup(&self) -> Option<&str> {
        self.dynamic_lookup
            .get_or_init(|| self.find_dynamic_lookup())
            .as_deref()
    }

    fn find_dynamic_lookup(&self) -> Option<String> {
        let spelled = |n: Node| format!("`{}`", crate::python::excerpt(self.text(n)));
        let hook = self.scopes.iter().find(|s| {
            matches!(s.kind, super::ScopeKind::Function { .. })
                && s.parent == Some(0)
                && matches!(s.name.as_deref(), Some("__getattr__" | "__dir__"))
        });
        if let Some(s) = hook {
            return Some(format!(
                "a module-level `{}`",
                s.name.as_deref().unwrap_or_default()
            ));
        }
        for r in &self.references {
            let Some((callee, args)) = self.builtin_call(r.node, r.scope) else {
                continue;
            };
            if !matches!(callee, "globals" | "vars" | "locals")
                || !self.reaches(callee, &args, r.scope, 0)
            {
                continue;
            }
            let Some(call) = r.node.parent() else {
                continue;
            };
            if let Some(how) = self.computed_key(call, true) {
                return Some(how);
            }
        }
        self.own_module_entries().find_map(|(at, parent)| {
            let read = match parent.kind() {
                "attribute" => parent
                    .child_by_field_name("attribute")
                    .is_some_and(|a| self.text(a) != "__dict__"),
                "argument_list" => {
                    let call = parent.parent().filter(|c| c.kind() == "call");
                    let function = call.and_then(|c| c.child_by_field_name("function"));
                    let args = call.map(arguments).unwrap_or_default();
                    function.is_some_and(|f| {
                        f.kind() == "identifier"
                            && matches!(self.text(f), "getattr" | "hasattr" | "setattr" | "delattr")
                            && args.first() == Some(&at)
                            && args.get(1).is_some_and(|n| self.is_literal(*n))
                    })
                }
                _ => false,
            };
            (!read).then(|| spelled(parent))
        })
    }

    /// Whether `node` is a plain string literal.
    fn is_literal(&self, node: Node) -> bool {
        matches!(node.kind(), "string" | "concatenated_string")
            && crate::python::string_value(self.source, node).is_some()
    }

    /// Where the namespace `node` (`globals()`, or a name given it when
    /// `follow`) may be read by a key canon cannot read, as the code
    /// around it: `ns[key]`, `ns.get(key)`, `key in ns` with a key that is
    /// no literal; its keys read whole (`ns.items()`, `for k in ns`,
    /// `sorted(ns)`); handed to a call other than `eval`, `exec` (whose
    /// code is read where it is a literal) or a builtin that only prints or
    /// measures it; handed on otherwise (`return ns`). Written (`ns[k] =
    /// v`, `ns.update(…)`) or handed to a format (read by
    /// `namespace_lookup`), it is not read by a computed key.
    fn computed_key(&self, node: Node, follow: bool) -> Option<String> {
        let (at, parent) = outside_parens(node);
        let parent = parent?;
        let computed = match parent.kind() {
            "subscript" if parent.child_by_field_name("value") == Some(at) => {
                !is_store_target(parent)
                    && parent
                        .child_by_field_name("subscript")
                        .is_none_or(|k| !self.is_literal(k))
            }
            "attribute" if parent.child_by_field_name("object") == Some(at) => {
                let method = parent
                    .child_by_field_name("attribute")
                    .map(|a| self.text(a));
                match method {
                    Some("get" | "pop" | "setdefault" | "__getitem__" | "__contains__") => {
                        let call = parent.parent().filter(|c| c.kind() == "call");
                        call.map(arguments)
                            .is_none_or(|a| a.first().is_none_or(|k| !self.is_literal(*k)))
                    }
                    Some("items" | "keys" | "values" | "copy" | "__iter__") => true,
                    _ => false,
                }
            }
            "comparison_operator" => {
                let mut cursor = parent.walk();
                let operands: Vec<Node> = parent.named_children(&mut cursor).collect();
                operands.len() == 2 && operands[1] == at && !self.is_literal(operands[0])
            }
            "for_statement" | "for_in_clause" => parent.child_by_field_name("right") == Some(at),
            "argument_list" => {
                let function = parent
                    .parent()
                    .filter(|c| c.kind() == "call")
                    .and_then(|c| c.child_by_field_name("function"));
                !function.is_some_and(|f| {
                    f.kind() == "identifier"
                        && matches!(
                            self.text(f),
                            "eval" | "exec" | "len" | "print" | "repr" | "str" | "bool" | "id"
                        )
                        || f.kind() == "attribute"
                            && f.child_by_field_name("attribute").is_some_and(|a| {
                                matches!(
                                    self.text(a),
                                    "format_map" | "substitute" | "safe_substitute"
                                )
                            })
                })
            }
            "assignment" if parent.child_by_field_name("right") == Some(at) => {
                let left = parent.child_by_field_name("left");
                match left.filter(|l| l.kind() == "identifier" && follow) {
                    Some(alias) => {
                        let name = self.text(alias);
                        return self.references.iter().find_map(|r| {
                            (r.node.kind() == "identifier" && self.text(r.node) == name)
                                .then(|| self.computed_key(r.node, false))
                                .flatten()
                        });
                    }
                    None => true,
                }
            }
            "expression_statement" | "dictionary_splat" | "binary_operator" => false,
            "return_statement" | "yield" | "list" | "tuple" | "dictionary" | "pair" => true,
            _ => false,
        };
        computed.then(|| format!("`{}`", crate::python::excerpt(self.text(parent))))
    }

    /// The attributes the file takes off its own module object, as the
    /// code of another file would (`sys.modules[__name__].f`,
    /// `getattr(sys.modules[__name__], "f")`, `sys.modules["this.mod"]`,
    /// `import_module("this.mod")`): each name and how it is spelled.
    fn own_lookups(&self) -> &[(String, String)] {
        self.own_lookups.get_or_init(|| {
            let own =
                |object: Node| crate::python::object_paths(self, object).contains(&self.module);
            let mut out = Vec::new();
            for r in &self.references {
                if let Some((object, attr)) = crate::python::attribute_off_module(self, r.node)
                    && own(object)
                {
                    out.push((attr.to_string(), format!("`{}`", self.text(r.node))));
                }
            }
            for s in self.strings.iter().filter(|s| !s.docstring) {
                let Some((_, value)) = crate::python::string_value(self.source, s.node) else {
                    continue;
                };
                if let Some(object) = crate::python::attribute_object(self, s.node)
                    && own(object)
                {
                    let object = self.text(object);
                    let spelled = format!("`{object}` and the string `\"{value}\"`");
                    out.push((value, spelled));
                }
            }
            out
        })
    }

    /// A call in function (or class body) `scope` that reads its
    /// namespace whole (`locals()`, `vars()`, `dir()`, no argument), as
    /// spelled: a binding added there, or one renamed, changes what it
    /// gives (a new key, another key).
    pub fn namespace_read(&self, scope: ScopeId) -> Option<String> {
        if scope == 0 {
            return None;
        }
        self.references.iter().find_map(|r| {
            let (callee, args) = self.builtin_call(r.node, r.scope)?;
            (callee != "globals" && self.reaches(callee, &args, r.scope, scope))
                .then(|| format!("{callee}()"))
        })
    }

    /// "function", "class body": what `scope` is, for a note.
    fn scope_word(&self, scope: ScopeId) -> &'static str {
        match self.scopes[scope].kind {
            super::ScopeKind::Class => "class body",
            _ => "function",
        }
    }

    /// Whether a call of the builtin `callee` with `args`, made in scope
    /// `at`, returns the namespace of `scope`: `globals()` the module's,
    /// `vars()`, `locals()` and `dir()` (its names) their own scope's,
    /// from a comprehension in it too (inlined since Python 3.12, where
    /// they read the enclosing function's names).
    fn reaches(&self, callee: &str, args: &[Node], at: ScopeId, scope: ScopeId) -> bool {
        let mut own = at;
        while own != scope && self.scopes[own].kind == super::ScopeKind::Comprehension {
            match self.scopes[own].parent {
                Some(p) => own = p,
                None => break,
            }
        }
        args.is_empty()
            && match callee {
                "globals" => scope == 0,
                "vars" | "locals" | "dir" => own == scope,
                _ => false,
            }
    }

    /// For the callee `node` of a call of an unshadowed builtin: its name
    /// and the call's arguments (comments left out).
    fn builtin_call<'n>(&self, node: Node<'n>, scope: ScopeId) -> Option<(&str, Vec<Node<'n>>)> {
        if node.kind() != "identifier" {
            return None;
        }
        let name = self.text(node);
        if !matches!(
            name,
            "globals" | "vars" | "locals" | "dir" | "eval" | "exec"
        ) {
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

/// Whether the value of `node` (a namespace) is handed on whole to code
/// that reads it by the names in a text: spread as keywords (`f(**ns)`:
/// `"{helper}".format(**locals())`), the mapping of a `%` format
/// (`"%(helper)s" % ns`), or the argument of `format_map`, `substitute`
/// or `safe_substitute`. (Other calls given it, `len(globals())`,
/// `eval(code, globals())`, are as before: their lookups are read
/// elsewhere or there are none.)
fn handed_on(sem: &Semantic, node: Node) -> bool {
    let mut n = node;
    while let Some(p) = n
        .parent()
        .filter(|p| p.kind() == "parenthesized_expression")
    {
        n = p;
    }
    let Some(p) = n.parent() else { return false };
    match p.kind() {
        "dictionary_splat" => p.parent().is_some_and(|a| a.kind() == "argument_list"),
        "argument_list" => p
            .parent()
            .and_then(|call| call.child_by_field_name("function"))
            .filter(|f| f.kind() == "attribute")
            .and_then(|f| f.child_by_field_name("attribute"))
            .is_some_and(|a| {
                matches!(sem.text(a), "format_map" | "substitute" | "safe_substitute")
            }),
        "binary_operator" => {
            p.child_by_field_name("right") == Some(n)
                && p.child_by_field_name("operator")
                    .is_some_and(|o| o.kind() == "%")
        }
        _ => false,
    }
}
