//! Whether a project definition that refers to a move's `new` is only a
//! shim of it, so that moving its users to `new` keeps what they do: a
//! function that warns and returns a call of `new` with its parameters
//! passed unchanged; a class that warns and adds nothing to its one base;
//! a module that warns and re-exports `new` and defines nothing of its own.
//!
//! It reads the old definition's own file (the code, never run); it says
//! nothing about an `old` that does not refer to `new` (a copy, a rewrite):
//! that is not a shim, and its body is not canon's to judge.

use tree_sitter::Node;

use super::{Found, Index, Kind, Models, NameKind, Params};
use crate::python::{self, BindingKind, Semantic};

/// Why moving `old` to `new` would change behaviour, when `old` is a
/// project function, class or module that refers to `new` but is more
/// than a forward to it. `None`: a plain forward, or not a shim of `new`.
pub fn verdict(models: &Models, old: &str, new: &str) -> Option<String> {
    let index = models.index;
    let Found::Here { path, line, kind } = index.find(old) else {
        return None;
    };
    if matches!(kind, Kind::Module) {
        return module(index, old, new);
    }
    with_definition(models, &path, line, |def, decorators, sem| {
        let cx = Cx { models, sem };
        match def.kind() {
            "function_definition" => cx.function(def, decorators, new),
            _ => cx.class(def, decorators, new),
        }
    })?
}

/// Run `f` on the module-level definition named on `line` of project
/// file `path`, with its decorators and the file's model.
fn with_definition<R>(
    models: &Models,
    path: &str,
    line: usize,
    f: impl FnOnce(Node, &[Node], &Semantic) -> R,
) -> Option<R> {
    let model = models.model(path)?;
    let (def, decorators) = model.definition(line)?;
    Some(f(def, decorators, &model.sem))
}

/// The defaults of the function at `path:line`, or of its `__init__` for
/// a class.
fn defaults_at(models: &Models, path: &str, line: usize) -> Vec<(String, String)> {
    with_definition(models, path, line, |def, _, sem| {
        let def = match def.kind() {
            "class_definition" => def.child_by_field_name("body").and_then(|b| {
                let mut c = b.walk();
                b.named_children(&mut c)
                    .map(|s| match s.kind() {
                        "decorated_definition" => s.child_by_field_name("definition").unwrap_or(s),
                        _ => s,
                    })
                    .filter(|s| {
                        s.kind() == "function_definition"
                            && s.child_by_field_name("name")
                                .is_some_and(|n| sem.text(n) == "__init__")
                    })
                    .last()
            }),
            _ => Some(def),
        };
        def.map(|d| defaults(d, sem.source)).unwrap_or_default()
    })
    .unwrap_or_default()
}

/// The members a project class's body defines, and whether it has bases
/// (that may define more).
fn class_members(models: &Models, class: &str) -> Option<(Vec<String>, bool)> {
    models
        .with_class(class, |def, sem| {
            let body = def.child_by_field_name("body");
            let has_bases = def
                .child_by_field_name("superclasses")
                .is_some_and(|s| s.named_child_count() > 0);
            body.map(|b| (members(b, sem.source), has_bases))
        })
        .flatten()
}

struct Cx<'a, 'm, 't> {
    models: &'a Models<'m>,
    sem: &'a Semantic<'t>,
}

/// The statements of a block, a leading docstring left out.
fn statements(body: Node) -> Vec<Node> {
    let mut cursor = body.walk();
    let mut v: Vec<Node> = body
        .named_children(&mut cursor)
        .filter(|s| s.kind() != "comment")
        .collect();
    if v.first().is_some_and(|s| {
        s.kind() == "expression_statement" && s.named_child(0).is_some_and(|e| e.kind() == "string")
    }) {
        v.remove(0);
    }
    v
}

impl<'t> Cx<'_, '_, 't> {
    fn text(&self, node: Node) -> &'t str {
        self.sem.text(node)
    }

    /// The dotted symbol a name or attribute chain denotes here.
    fn symbol(&self, node: Node) -> Option<String> {
        let scope = self.sem.scope_at(node.start_byte());
        if let Some(s) = self.sem.resolve_expr(node, scope) {
            return Some(s);
        }
        let name = self.text(node);
        let b = self.sem.module_binding(name)?;
        matches!(b.kind, BindingKind::Definition { .. })
            .then(|| format!("{}.{name}", self.sem.module))
    }

    /// A `warnings.warn(…)` statement (or `pass`, `...`): no effect on
    /// what the shim returns.
    fn inert(&self, stmt: Node) -> bool {
        match stmt.kind() {
            "pass_statement" => true,
            "expression_statement" => stmt.named_child(0).is_some_and(|e| match e.kind() {
                "ellipsis" => true,
                "call" => e.child_by_field_name("function").is_some_and(|f| {
                    let scope = self.sem.scope_at(f.start_byte());
                    self.sem.resolve_expr(f, scope).as_deref() == Some("warnings.warn")
                }),
                _ => false,
            }),
            _ => false,
        }
    }

    /// A decorator other than a deprecation marker, by its text.
    fn other_decorator(&self, decorators: &[Node]) -> Option<String> {
        decorators.iter().find_map(|d| {
            let expr = d.named_child(0)?;
            let callee = match expr.kind() {
                "call" => expr.child_by_field_name("function")?,
                _ => expr,
            };
            let name = self
                .symbol(callee)
                .unwrap_or_else(|| self.text(callee).to_string());
            let last = name.rsplit('.').next().unwrap_or(&name);
            (!last.to_ascii_lowercase().starts_with("deprecat"))
                .then(|| format!("it is decorated with @{}", self.text(callee)))
        })
    }

    /// A function that returns a call of `new`: it must pass its
    /// parameters unchanged and do nothing else but warn.
    fn function(&self, def: Node, decorators: &[Node], new: &str) -> Option<String> {
        let body = def.child_by_field_name("body")?;
        let stmts = statements(body);
        let ret = stmts.iter().find(|s| s.kind() == "return_statement")?;
        let value = ret.named_child(0)?;
        let (awaited, call) = match value.kind() {
            "await" => (true, value.named_child(0)?),
            _ => (false, value),
        };
        if call.kind() != "call" {
            return None;
        }
        let callee = self.symbol(call.child_by_field_name("function")?)?;
        if !self.models.index.same(&callee, new) {
            return None;
        }
        let why = (|| {
            if let Some(d) = self.other_decorator(decorators) {
                return Some(d);
            }
            if let Some(s) = stmts
                .iter()
                .find(|s| s.id() != ret.id() && !self.inert(**s))
            {
                return Some(format!(
                    "its body does more than warn and return the call (`{}`)",
                    python::excerpt(self.text(*s))
                ));
            }
            let is_async = def.child(0).is_some_and(|c| c.kind() == "async");
            if is_async && !awaited {
                return Some("it is async but returns the call without awaiting it".to_string());
            }
            if super::yields(def) {
                return Some("it yields".to_string());
            }
            self.forwards(def, call, new, false)
        })()?;
        Some(format!(
            "it is a shim that does not pass its arguments on unchanged: {why}"
        ))
    }

    /// Whether `call` passes `def`'s parameters (after `self` for a
    /// method) unchanged to `new`, whose signature is looked up: same
    /// names in the same order, the same literal defaults, nothing added.
    fn forwards(&self, def: Node, call: Node, new: &str, method: bool) -> Option<String> {
        let mut params = Params::of(def, self.sem.source);
        if method {
            params = params.without_first();
        }
        let names = splat_names(def, self.sem.source);
        let args = call.child_by_field_name("arguments")?;
        let mut cursor = args.walk();
        let mut positional: Vec<String> = Vec::new();
        let mut keywords: Vec<(String, String)> = Vec::new();
        let (mut star, mut dstar) = (None, None);
        for a in args.named_children(&mut cursor) {
            match a.kind() {
                "comment" => {}
                "keyword_argument" => {
                    let (Some(k), Some(v)) = (
                        a.child_by_field_name("name"),
                        a.child_by_field_name("value"),
                    ) else {
                        return Some("it passes an argument canon cannot read".to_string());
                    };
                    keywords.push((self.text(k).to_string(), self.text(v).to_string()));
                }
                "list_splat" => {
                    star = Some(self.text(a).trim_start_matches('*').trim().to_string())
                }
                "dictionary_splat" => {
                    dstar = Some(self.text(a).trim_start_matches('*').trim().to_string())
                }
                _ if star.is_some() || !keywords.is_empty() => {
                    return Some(format!("it passes `{}` out of order", self.text(a)));
                }
                _ => positional.push(self.text(a).to_string()),
            }
        }
        let own: Vec<&super::signature::Param> = params
            .positional_only
            .iter()
            .chain(&params.positional)
            .collect();
        let passed: Vec<&str> = own.iter().map(|p| p.name.as_str()).collect();
        let takes = |k: &str| {
            passed[positional.len().min(passed.len())..].contains(&k)
                || params.keyword_only.iter().any(|p| p.name == k)
        };
        for (k, v) in &keywords {
            if k != v || !takes(k) {
                return Some(format!("it passes `{k}={v}`"));
            }
        }
        if !passed.starts_with(&positional.iter().map(String::as_str).collect::<Vec<_>>()) {
            return Some(format!(
                "it passes ({}) where it takes ({})",
                positional.join(", "),
                passed.join(", ")
            ));
        }
        if star != names.0 || dstar != names.1 {
            return Some("it does not pass `*args`/`**kwargs` on as it takes them".to_string());
        }
        let keyworded = |n: &str| keywords.iter().any(|(k, _)| k == n);
        if let Some(p) = passed[positional.len()..]
            .iter()
            .copied()
            .chain(params.keyword_only.iter().map(|p| p.name.as_str()))
            .find(|p| !keyworded(p))
        {
            return Some(format!("it does not pass `{p}` on"));
        }
        // The defaults: a caller that leaves one out must get the same value.
        let defaults = defaults(def, self.sem.source);
        let theirs = match self.models.index.find(new) {
            Found::Here {
                kind: Kind::Function { params, .. },
                path,
                line,
            } => Some((params, path, line)),
            Found::Here {
                kind:
                    Kind::Class {
                        init: Some(params),
                        own: true,
                        ..
                    },
                path,
                line,
            } => Some((params, path, line)),
            _ => None,
        };
        let Some((np, npath, nline)) = theirs else {
            return defaults.first().map(|(n, _)| {
                format!(
                    "canon cannot read {}'s default for `{n}` to compare",
                    last(new)
                )
            });
        };
        let their_defaults = defaults_at(self.models, &npath, nline);
        let npos: Vec<&super::signature::Param> =
            np.positional_only.iter().chain(&np.positional).collect();
        for (i, p) in own.iter().enumerate() {
            let Some(q) = npos.get(i) else {
                if np.var_args {
                    continue;
                }
                return Some(format!(
                    "{} takes no parameter in `{}`'s place",
                    last(new),
                    p.name
                ));
            };
            if q.name != p.name && i >= params.positional_only.len() {
                return Some(format!(
                    "{} calls its parameter `{}` `{}`",
                    last(new),
                    p.name,
                    q.name
                ));
            }
        }
        for (n, d) in &defaults {
            let theirs = their_defaults.iter().find(|(m, _)| m == n).map(|(_, d)| d);
            match theirs {
                Some(t) if t == d && literal(d) => {}
                Some(t) => {
                    return Some(format!(
                        "its default `{n}={d}` is not {}'s `{n}={t}`",
                        last(new)
                    ));
                }
                None => {
                    return Some(format!(
                        "its default `{n}={d}` is not one {} has",
                        last(new)
                    ));
                }
            }
        }
        None
    }

    /// A class whose base is `new`: nothing but a warning in an
    /// `__init__` that hands its parameters to `super().__init__`.
    fn class(&self, def: Node, decorators: &[Node], new: &str) -> Option<String> {
        let supers = def.child_by_field_name("superclasses");
        let bases: Vec<Node> = supers
            .map(|s| {
                let mut c = s.walk();
                s.named_children(&mut c)
                    .filter(|a| a.kind() != "comment")
                    .collect()
            })
            .unwrap_or_default();
        let subclass = bases.iter().any(|b| {
            b.kind() != "keyword_argument"
                && self
                    .symbol(*b)
                    .is_some_and(|s| self.models.index.same(&s, new))
        });
        let body = def.child_by_field_name("body")?;
        let members = members(body, self.sem.source);
        if !subclass {
            return self.lacks(&members, new);
        }
        let mut why: Vec<String> = Vec::new();
        if bases.len() > 1 {
            why.push(format!("it has more than `{}` in its bases", last(new)));
        }
        why.extend(self.other_decorator(decorators));
        for s in statements(body) {
            if self.inert(s) {
                continue;
            }
            let init = Some(s).filter(|d| {
                d.kind() == "function_definition"
                    && d.child_by_field_name("name")
                        .is_some_and(|n| self.text(n) == "__init__")
            });
            if let Some(init) = init {
                why.extend(self.init(init, new));
                continue;
            }
            let names = member_names(s, self.sem.source);
            let (over, added): (Vec<String>, Vec<String>) =
                names.into_iter().partition(|m| self.defines(new, m));
            if over.is_empty() && added.is_empty() {
                why.push(format!("its body runs `{}`", python::excerpt(self.text(s))));
            }
            if !over.is_empty() {
                why.push(format!("it overrides `{}`", over.join("`, `")));
            }
            if !added.is_empty() {
                why.push(format!(
                    "it adds `{}`, which {} lacks",
                    added.join("`, `"),
                    last(new)
                ));
            }
        }
        (!why.is_empty()).then(|| {
            format!(
                "it is not only an alias of {}: {}",
                last(new),
                why.join("; ")
            )
        })
    }

    /// An `__init__` that warns and forwards to `super().__init__`.
    fn init(&self, init: Node, new: &str) -> Option<String> {
        let body = init.child_by_field_name("body")?;
        let mut sup = None;
        for s in statements(body) {
            if self.inert(s) {
                continue;
            }
            let call = (s.kind() == "expression_statement")
                .then(|| s.named_child(0))
                .flatten()
                .filter(|c| c.kind() == "call" && sup.is_none())
                .filter(|c| {
                    c.child_by_field_name("function").is_some_and(|f| {
                        f.kind() == "attribute"
                            && f.child_by_field_name("attribute")
                                .is_some_and(|a| self.text(a) == "__init__")
                            && f.child_by_field_name("object").is_some_and(|o| {
                                o.kind() == "call" && self.text(o).starts_with("super(")
                            })
                    })
                });
            match call {
                Some(c) => sup = Some(c),
                None => {
                    return Some(format!(
                        "its `__init__` does more than warn and call `super().__init__` (`{}`)",
                        python::excerpt(self.text(s))
                    ));
                }
            }
        }
        let Some(call) = sup else {
            return Some(format!(
                "its `__init__` does not call `super().__init__`, so {}'s is not run",
                last(new)
            ));
        };
        self.forwards(init, call, new, true)
            .map(|why| format!("its `__init__` does not forward unchanged: {why}"))
    }

    /// Whether `new` (a class in the project) defines `member` in its body.
    fn defines(&self, new: &str, member: &str) -> bool {
        class_members(self.models, new).is_some_and(|(m, _)| m.iter().any(|n| n == member))
    }

    /// An independent class: the members it defines that `new`, a project
    /// class with no bases of its own, lacks.
    fn lacks(&self, members: &[String], new: &str) -> Option<String> {
        let (theirs, has_bases) = class_members(self.models, new)?;
        if has_bases {
            return None;
        }
        let missing: Vec<&str> = members
            .iter()
            .filter(|m| !theirs.contains(m) && !m.starts_with("__"))
            .map(String::as_str)
            .collect();
        (!missing.is_empty()).then(|| {
            format!(
                "it defines `{}`, which {} lacks",
                missing.join("`, `"),
                last(new)
            )
        })
    }
}

/// A module moved to `new`: every name it binds must be `new`'s.
fn module(index: &Index, old: &str, new: &str) -> Option<String> {
    let m = index.module(old)?;
    if !matches!(
        index.find(new),
        Found::Here {
            kind: Kind::Module,
            ..
        }
    ) {
        return None;
    }
    let mut own = Vec::new();
    let mut missing = Vec::new();
    if m.dynamic {
        return Some(format!(
            "{old} defines `__getattr__`: it may supply names {new} has not"
        ));
    }
    for (name, binding) in &m.names {
        if name.starts_with("__") && name.ends_with("__") {
            continue;
        }
        let theirs = index.find(&format!("{new}.{name}"));
        match &binding.kind {
            NameKind::Import(symbol) => {
                if matches!(index.find(symbol), Found::Outside)
                    && !matches!(theirs, Found::Missing { .. })
                {
                    continue;
                }
                if matches!(index.find(symbol), Found::Outside) {
                    // `import warnings` and the like: nobody imports them
                    // from the shim.
                    if matches!(symbol.as_str(), "warnings" | "sys" | "os" | "typing") {
                        continue;
                    }
                }
                let same = match (index.find(&format!("{old}.{name}")), &theirs) {
                    (
                        Found::Here {
                            path: a, line: la, ..
                        },
                        Found::Here {
                            path: b, line: lb, ..
                        },
                    ) => a == *b && la == *lb,
                    _ => false,
                };
                if !same {
                    if matches!(theirs, Found::Missing { .. }) {
                        missing.push(name.clone());
                    } else {
                        own.push(name.clone());
                    }
                }
            }
            _ => {
                if matches!(theirs, Found::Missing { .. }) {
                    missing.push(name.clone());
                } else {
                    own.push(name.clone());
                }
            }
        }
    }
    let mut parts = Vec::new();
    if !own.is_empty() {
        parts.push(format!(
            "it defines its own `{}`, not {new}'s",
            own.join("`, `")
        ));
    }
    if !missing.is_empty() {
        parts.push(format!("{new} has no `{}`", missing.join("`, `")));
    }
    (!parts.is_empty())
        .then(|| format!("it is not only a re-export of {new}: {}", parts.join("; ")))
}

/// The names a `*args` and a `**kwargs` parameter bind, if any.
fn splat_names(def: Node, source: &str) -> (Option<String>, Option<String>) {
    let mut out = (None, None);
    let Some(params) = def.child_by_field_name("parameters") else {
        return out;
    };
    let mut cursor = params.walk();
    for p in params.named_children(&mut cursor) {
        let inner = match p.kind() {
            "typed_parameter" => p.named_child(0),
            _ => Some(p),
        };
        let Some(inner) = inner else { continue };
        let name = || {
            inner
                .named_child(0)
                .map(|n| source[n.byte_range()].to_string())
        };
        match inner.kind() {
            "list_splat_pattern" => out.0 = name(),
            "dictionary_splat_pattern" => out.1 = name(),
            _ => {}
        }
    }
    out
}

/// Each parameter with a default, and the default's text.
pub fn defaults(def: Node, source: &str) -> Vec<(String, String)> {
    let Some(params) = def.child_by_field_name("parameters") else {
        return Vec::new();
    };
    let mut cursor = params.walk();
    params
        .named_children(&mut cursor)
        .filter(|p| matches!(p.kind(), "default_parameter" | "typed_default_parameter"))
        .filter_map(|p| {
            let n = p.child_by_field_name("name")?;
            let v = p.child_by_field_name("value")?;
            Some((
                source[n.byte_range()].to_string(),
                source[v.byte_range()].to_string(),
            ))
        })
        .collect()
}

/// A default whose value its text tells, wherever it is written.
fn literal(text: &str) -> bool {
    let t = text.trim();
    matches!(t, "None" | "True" | "False" | "()" | "...")
        || t.parse::<f64>().is_ok()
        || t.strip_prefix('-')
            .is_some_and(|n| n.parse::<f64>().is_ok())
        || ((t.starts_with('"') || t.starts_with('\''))
            && (t.ends_with('"') || t.ends_with('\''))
            && !t.contains('{'))
}

/// The names a class body's statements define.
pub fn members(body: Node, source: &str) -> Vec<String> {
    statements(body)
        .into_iter()
        .flat_map(|s| member_names(s, source))
        .collect()
}

/// The names one class-body statement defines.
fn member_names(stmt: Node, source: &str) -> Vec<String> {
    let def = match stmt.kind() {
        "decorated_definition" => stmt.child_by_field_name("definition"),
        "function_definition" | "class_definition" => Some(stmt),
        _ => None,
    };
    if let Some(name) = def.and_then(|d| d.child_by_field_name("name")) {
        return vec![source[name.byte_range()].to_string()];
    }
    if stmt.kind() == "expression_statement"
        && let Some(a) = stmt.named_child(0)
        && a.kind() == "assignment"
        && let Some(left) = a.child_by_field_name("left")
    {
        let mut out = Vec::new();
        let mut stack = vec![left];
        while let Some(n) = stack.pop() {
            if n.kind() == "identifier" {
                out.push(source[n.byte_range()].to_string());
            } else {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
        }
        return out;
    }
    Vec::new()
}

fn last(dotted: &str) -> &str {
    dotted.rsplit('.').next().unwrap_or(dotted)
}
