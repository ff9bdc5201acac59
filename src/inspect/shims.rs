//! Deprecation shims, for `canon init`: module-level functions and
//! classes that warn (`warnings.warn(…, DeprecationWarning)`, any alias;
//! `PendingDeprecationWarning`, `FutureWarning`, a `…DeprecationWarning`
//! subclass) or carry a `@deprecated`-like decorator, and modules that warn
//! when imported; each with what it delegates to or re-exports, when that
//! can be told from the code.

use tree_sitter::Node;

use super::{Index, Models};
use crate::python::{self, BindingKind, ImportKind, Semantic};

/// One shim found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shim {
    /// The shim's dotted path.
    pub old: String,
    /// What replaces it, when the code says.
    pub new: Option<String>,
    /// Where it is (relative path, 1-based line).
    pub path: String,
    pub line: usize,
    /// `function`, `class`, `method` or `module`. A method has no rule:
    /// `new` is `None` and `unknown` says why.
    pub what: &'static str,
    /// How it says it is deprecated: `warns "…" (DeprecationWarning)`.
    pub evidence: String,
    /// Why `new` could not be told, when it is `None`.
    pub unknown: Option<String>,
    /// Why the move to `new` is written commented out although `new` is
    /// known: `canon doctor` finds it would change behaviour.
    pub held: Option<String>,
}

const CATEGORIES: &[&str] = &[
    "DeprecationWarning",
    "PendingDeprecationWarning",
    "FutureWarning",
];

/// Every shim in the project, functions and classes first (a symbol's
/// move must come before its module's), each group in path order.
pub fn find(index: &Index) -> Vec<Shim> {
    let models = Models::new(index);
    let mut symbols = Vec::new();
    let mut modules = Vec::new();
    for (_, file) in index.modules() {
        let Some(source) = index.source(&file.path) else {
            continue;
        };
        let lower = source.text.to_ascii_lowercase();
        if !lower.contains("warn") && !lower.contains("deprecat") {
            continue;
        }
        let Some(model) = models.model(&file.path) else {
            continue;
        };
        let reader = Reader {
            sem: &model.sem,
            lines: &model.lines,
            path: &file.path,
        };
        let root = model.root;
        let mut cursor = root.walk();
        for stmt in root.named_children(&mut cursor) {
            let (def, decorators) = match stmt.kind() {
                "decorated_definition" => match stmt.child_by_field_name("definition") {
                    Some(d) => (d, decorators(stmt)),
                    None => continue,
                },
                "function_definition" | "class_definition" => (stmt, Vec::new()),
                _ => continue,
            };
            // PEP 562: `def __getattr__(name)` deprecates the names it
            // serves, not itself.
            if def.kind() == "function_definition"
                && def
                    .child_by_field_name("name")
                    .is_some_and(|n| reader.text(n) == "__getattr__")
            {
                symbols.extend(reader.getattr_names(def));
                continue;
            }
            if let Some(shim) = reader.definition(def, &decorators) {
                symbols.push(shim);
            }
            if def.kind() == "class_definition" {
                symbols.extend(reader.methods(def));
            }
        }
        if let Some(shim) = reader.module(root) {
            modules.push(shim);
        }
        modules.extend(reader.module_names(root));
    }
    symbols.extend(modules);
    for s in &mut symbols {
        let Some(new) = &s.new else { continue };
        let mut problems = Vec::new();
        super::doctor::check_move(&models, &s.old, new, &mut |level, m| {
            if level == super::doctor::Level::Problem {
                problems.push(m);
            }
        });
        if !problems.is_empty() {
            s.held = Some(problems.join("; "));
        }
    }
    symbols
}

/// What constructing or subclassing a class runs: a warning there
/// deprecates the class.
const CONSTRUCTORS: &[&str] = &["__init__", "__new__", "__init_subclass__", "__post_init__"];

/// The `def` or `class` a class-body statement is, decorated or not.
fn member_def(stmt: Node) -> Option<Node> {
    match stmt.kind() {
        "decorated_definition" => stmt.child_by_field_name("definition"),
        "function_definition" | "class_definition" => Some(stmt),
        _ => None,
    }
}

fn decorators(decorated: Node) -> Vec<Node> {
    let mut cursor = decorated.walk();
    decorated
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "decorator")
        .collect()
}

struct Reader<'a, 't> {
    sem: &'a Semantic<'t>,
    lines: &'a python::LineIndex<'t>,
    path: &'a str,
}

impl<'t> Reader<'_, 't> {
    fn text(&self, node: Node) -> &'t str {
        self.sem.text(node)
    }

    fn line(&self, node: Node) -> usize {
        self.lines.position(node.start_byte()).line
    }

    /// The dotted symbol `node` (a name or attribute chain) denotes: an
    /// import's, or this module's own definition.
    fn symbol(&self, node: Node) -> Option<String> {
        let scope = self.sem.scope_at(node.start_byte());
        if let Some(s) = self.sem.resolve_expr(node, scope) {
            return Some(s);
        }
        if node.kind() == "identifier" {
            let name = self.text(node);
            let b = self.sem.module_binding(name)?;
            if matches!(b.kind, BindingKind::Definition { .. }) {
                return Some(format!("{}.{name}", self.sem.module));
            }
        }
        None
    }

    /// `warns "msg" (DeprecationWarning)` when `call` is a deprecation
    /// warning.
    fn warning(&self, call: Node) -> Option<String> {
        let f = call.child_by_field_name("function")?;
        let scope = self.sem.scope_at(call.start_byte());
        let callee = self.sem.resolve_expr(f, scope)?;
        if callee != "warnings.warn" {
            return None;
        }
        let args = call.child_by_field_name("arguments")?;
        let mut cursor = args.walk();
        let all: Vec<Node> = args.named_children(&mut cursor).collect();
        let positional: Vec<Node> = all
            .iter()
            .copied()
            .filter(|a| !matches!(a.kind(), "keyword_argument" | "comment"))
            .collect();
        let keyword = |name: &str| {
            all.iter()
                .filter(|a| a.kind() == "keyword_argument")
                .find(|a| {
                    a.child_by_field_name("name")
                        .is_some_and(|n| self.text(n) == name)
                })
                .and_then(|a| a.child_by_field_name("value"))
        };
        let category = keyword("category").or_else(|| positional.get(1).copied())?;
        let cat = self.category(category)?;
        let message = keyword("message").or_else(|| positional.first().copied());
        Some(format!("warns {} ({cat})", self.quoted(message)))
    }

    /// The deprecation category `node` names, if it is one.
    fn category(&self, node: Node) -> Option<String> {
        let name = match self.symbol(node) {
            Some(s) => s.rsplit('.').next().unwrap_or(&s).to_string(),
            None if node.kind() == "identifier" => self.text(node).to_string(),
            None => return None,
        };
        (CATEGORIES.contains(&name.as_str()) || name.ends_with("DeprecationWarning"))
            .then_some(name)
    }

    /// A message argument for the evidence: a string's value, else its code.
    fn quoted(&self, node: Option<Node>) -> String {
        let Some(node) = node else {
            return "with no message".to_string();
        };
        let text = python::string_value(self.sem.source, node)
            .map(|(_, v)| v)
            .unwrap_or_else(|| self.text(node).to_string());
        let one: String = python::excerpt(&text)
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        format!("{:?}", one)
    }

    /// `decorated @deprecated("…")` for a deprecation decorator, and its line.
    fn decorated(&self, decorators: &[Node]) -> Option<(usize, String)> {
        for d in decorators {
            let Some(expr) = d.named_child(0) else {
                continue;
            };
            let (callee, call) = match expr.kind() {
                "call" => (expr.child_by_field_name("function"), Some(expr)),
                _ => (Some(expr), None),
            };
            let Some(callee) = callee else { continue };
            let symbol = self
                .symbol(callee)
                .unwrap_or_else(|| self.text(callee).to_string());
            let last = symbol.rsplit('.').next().unwrap_or(&symbol);
            if !last.to_ascii_lowercase().starts_with("deprecat") {
                continue;
            }
            let message = call
                .and_then(|c| c.child_by_field_name("arguments"))
                .and_then(|a| a.named_child(0))
                .filter(|a| a.kind() == "string");
            let said = match message {
                Some(m) => format!("({})", self.quoted(Some(m))),
                None => String::new(),
            };
            return Some((
                self.line(*d),
                format!("decorated @{}{said}", self.text(callee)),
            ));
        }
        None
    }

    /// The first deprecation warning among the calls under `node`.
    fn warns_in(&self, node: Node) -> Option<(usize, String)> {
        let mut stack = vec![node];
        let mut found: Option<(usize, usize, String)> = None;
        while let Some(n) = stack.pop() {
            let mut cursor = n.walk();
            stack.extend(n.named_children(&mut cursor));
            if n.kind() == "call"
                && let Some(w) = self.warning(n)
                && found.as_ref().is_none_or(|f| n.start_byte() < f.0)
            {
                found = Some((n.start_byte(), self.line(n), w));
            }
        }
        found.map(|(_, line, w)| (line, w))
    }

    /// A module-level `def` or `class` that is a shim.
    fn definition(&self, def: Node, decorators: &[Node]) -> Option<Shim> {
        let name = self.text(def.child_by_field_name("name")?);
        let body = def.child_by_field_name("body")?;
        let is_class = def.kind() == "class_definition";
        let (line, evidence) = match self.decorated(decorators) {
            Some(found) => found,
            None if is_class => self.class_warns(body)?,
            None => self.warns_in(body)?,
        };
        let old = format!("{}.{name}", self.sem.module);
        let (new, unknown) = if is_class {
            self.base(def)
        } else {
            self.delegate(body)
        };
        let new = new.filter(|n| n != &old && !crate::python::semantic::is_at_or_under(n, &old));
        let unknown = match (&new, unknown) {
            (None, None) => Some("it delegates to itself".to_string()),
            (_, u) => u,
        };
        Some(Shim {
            old,
            new,
            path: self.path.to_string(),
            line,
            what: if is_class { "class" } else { "function" },
            evidence,
            unknown,
            held: None,
        })
    }

    /// The first deprecation warning a class's own code gives: in its
    /// body's statements or in what constructing or subclassing it runs
    /// (`__init__`, `__new__`, …). A warning in another method deprecates
    /// that method, not the class ([`Reader::methods`]).
    fn class_warns(&self, body: Node) -> Option<(usize, String)> {
        let mut cursor = body.walk();
        for stmt in body.named_children(&mut cursor) {
            let found = match member_def(stmt) {
                Some(def) => {
                    let name = def.child_by_field_name("name").map(|n| self.text(n));
                    if def.kind() == "function_definition"
                        && name.is_some_and(|n| CONSTRUCTORS.contains(&n))
                    {
                        self.warns_in(def.child_by_field_name("body")?)
                    } else {
                        None
                    }
                }
                None => self.warns_in(stmt),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// The deprecated methods of a module-level class: each `def` in its
    /// body (but a constructor's) that warns or is `@deprecated`. No rule
    /// form migrates one: its callers reach it through instances
    /// (`client.fetch(…)`), which a `[[move]]` of a dotted path does not
    /// resolve, so each is reported with its evidence and no rule.
    fn methods(&self, class: Node) -> Vec<Shim> {
        let (Some(class_name), Some(body)) = (
            class.child_by_field_name("name"),
            class.child_by_field_name("body"),
        ) else {
            return Vec::new();
        };
        let class_name = self.text(class_name);
        let mut out = Vec::new();
        let mut cursor = body.walk();
        for stmt in body.named_children(&mut cursor) {
            let Some(def) = member_def(stmt).filter(|d| d.kind() == "function_definition") else {
                continue;
            };
            let (Some(name), Some(def_body)) = (
                def.child_by_field_name("name").map(|n| self.text(n)),
                def.child_by_field_name("body"),
            ) else {
                continue;
            };
            if CONSTRUCTORS.contains(&name) {
                continue;
            }
            let decorators = match stmt.kind() {
                "decorated_definition" => decorators(stmt),
                _ => Vec::new(),
            };
            let Some((line, evidence)) = self
                .decorated(&decorators)
                .or_else(|| self.warns_in(def_body))
            else {
                continue;
            };
            out.push(Shim {
                old: format!("{}.{class_name}.{name}", self.sem.module),
                new: None,
                path: self.path.to_string(),
                line,
                what: "method",
                evidence,
                unknown: Some(format!(
                    "a method is called on instances (`obj.{name}(…)`), which no rule canon has can follow, so its migration cannot be written as a rule"
                )),
                held: None,
            });
        }
        out
    }

    /// The names a module's `__getattr__(name)` serves with a warning
    /// (PEP 562): each `if name == "make":` branch that warns, and what it
    /// returns (`from pkg.new import create; return create`).
    fn getattr_names(&self, def: Node) -> Vec<Shim> {
        let param = def
            .child_by_field_name("parameters")
            .and_then(|p| p.named_child(0))
            .filter(|p| p.kind() == "identifier")
            .map(|p| self.text(p));
        let (Some(param), Some(body)) = (param, def.child_by_field_name("body")) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut branches: Vec<(Node, Node)> = Vec::new();
        let mut cursor = body.walk();
        for stmt in body.named_children(&mut cursor) {
            if stmt.kind() != "if_statement" {
                continue;
            }
            if let (Some(c), Some(b)) = (
                stmt.child_by_field_name("condition"),
                stmt.child_by_field_name("consequence"),
            ) {
                branches.push((c, b));
            }
            let mut inner = stmt.walk();
            for alt in stmt.children_by_field_name("alternative", &mut inner) {
                if alt.kind() == "elif_clause"
                    && let (Some(c), Some(b)) = (
                        alt.child_by_field_name("condition"),
                        alt.child_by_field_name("consequence"),
                    )
                {
                    branches.push((c, b));
                }
            }
        }
        for (condition, branch) in branches {
            let Some(name) = self.compared_name(condition, param) else {
                continue;
            };
            let Some((line, evidence)) = self.warns_in(branch) else {
                continue;
            };
            let old = format!("{}.{name}", self.sem.module);
            let mut cursor = branch.walk();
            let returned = (branch.named_children(&mut cursor))
                .filter(|s| s.kind() == "return_statement")
                .find_map(|r| r.named_child(0));
            let new = returned.and_then(|v| self.symbol(v)).filter(|n| n != &old);
            let unknown = new.is_none().then(|| match returned {
                Some(v) => format!(
                    "its `__getattr__` returns `{}`, which canon cannot resolve",
                    python::excerpt(self.text(v))
                ),
                None => "its `__getattr__` returns nothing canon can read".to_string(),
            });
            out.push(Shim {
                old,
                new,
                path: self.path.to_string(),
                line,
                what: "`__getattr__` name",
                evidence,
                unknown,
                held: None,
            });
        }
        out
    }

    /// `X` of a condition `param == "X"` (or `"X" == param`).
    fn compared_name(&self, condition: Node, param: &str) -> Option<String> {
        if condition.kind() != "comparison_operator" || condition.named_child_count() != 2 {
            return None;
        }
        let mut cursor = condition.walk();
        let op = condition.children(&mut cursor).find(|c| !c.is_named())?;
        if self.text(op) != "==" {
            return None;
        }
        let (a, b) = (condition.named_child(0)?, condition.named_child(1)?);
        let (string, other) = match a.kind() {
            "string" => (a, b),
            _ => (b, a),
        };
        if other.kind() != "identifier" || self.text(other) != param {
            return None;
        }
        let (_, value) = python::string_value(self.sem.source, string)?;
        python::is_identifier(&value).then_some(value)
    }

    /// What a function's body returns a call of (`return create(…)`,
    /// `return await create(…)`).
    fn delegate(&self, body: Node) -> (Option<String>, Option<String>) {
        let mut cursor = body.walk();
        let returns: Vec<Node> = body
            .named_children(&mut cursor)
            .filter(|s| s.kind() == "return_statement")
            .collect();
        let Some(value) = returns.first().and_then(|r| r.named_child(0)) else {
            return (
                None,
                Some("it returns no call of another function".to_string()),
            );
        };
        let value = match value.kind() {
            "await" => value.named_child(0).unwrap_or(value),
            _ => value,
        };
        let callee = match value.kind() {
            "call" => value.child_by_field_name("function"),
            _ => None,
        };
        match callee.and_then(|c| self.symbol(c)) {
            Some(s) => (Some(s), None),
            None => (
                None,
                Some(format!(
                    "it returns `{}`, which canon cannot resolve to a function",
                    python::excerpt(self.text(value))
                )),
            ),
        }
    }

    /// The one base class of a class shim (`class Old(New):`).
    fn base(&self, class: Node) -> (Option<String>, Option<String>) {
        let bases: Vec<Node> = class
            .child_by_field_name("superclasses")
            .map(|s| {
                let mut c = s.walk();
                s.named_children(&mut c)
                    .filter(|a| !matches!(a.kind(), "keyword_argument" | "comment"))
                    .collect()
            })
            .unwrap_or_default();
        match bases.as_slice() {
            [one] => match self.symbol(*one) {
                Some(s) => (Some(s), None),
                None => (
                    None,
                    Some(format!(
                        "its base `{}` does not resolve to an import or a class of the module",
                        self.text(*one)
                    )),
                ),
            },
            [] => (None, Some("it has no base class to point to".to_string())),
            _ => (
                None,
                Some("it has several base classes; which one replaces it?".to_string()),
            ),
        }
    }

    /// A module-level deprecation warning (the module warns on import).
    fn module_warning(&self, root: Node) -> Option<(usize, String)> {
        let mut cursor = root.walk();
        root.named_children(&mut cursor)
            .filter(|s| s.kind() == "expression_statement")
            .find_map(|s| {
                let call = s.named_child(0).filter(|c| c.kind() == "call")?;
                Some((self.line(call), self.warning(call)?))
            })
    }

    /// The module re-exports, as `from` imports at module scope: (module,
    /// name, bound) of each, and star-imported modules.
    fn reexports(&self) -> (Vec<(String, String, String)>, Vec<String>) {
        let mut names = Vec::new();
        let mut stars = Vec::new();
        for i in self.sem.imports.iter().filter(|i| {
            i.scope == 0
                && i.kind == ImportKind::From
                && !i.type_checking
                && i.module
                    .as_deref()
                    .is_some_and(|m| !matches!(m, "warnings" | "__future__"))
        }) {
            let module = i.module.clone().unwrap_or_default();
            if i.star {
                stars.push(module);
                continue;
            }
            for e in &i.entries {
                names.push((module.clone(), e.name.clone(), e.bound.clone()));
            }
        }
        (names, stars)
    }

    /// A module that warns on import and re-exports one module (by a star
    /// import, or names it keeps): a move of the module.
    fn module(&self, root: Node) -> Option<Shim> {
        let (line, evidence) = self.module_warning(root)?;
        let (names, stars) = self.reexports();
        let mut sources: Vec<&str> = stars
            .iter()
            .map(String::as_str)
            .chain(names.iter().map(|(m, _, _)| m.as_str()))
            .collect();
        sources.sort();
        sources.dedup();
        let renamed = names.iter().any(|(_, name, bound)| name != bound);
        let old = self.sem.module.clone();
        let (new, unknown) = match sources.as_slice() {
            [one] if !renamed => (Some(one.to_string()), None),
            // Re-exported names from several modules: one move each.
            _ if stars.is_empty() && !names.is_empty() => return None,
            [] => (None, Some("it re-exports nothing".to_string())),
            _ => (
                None,
                Some(format!(
                    "it re-exports from several modules ({})",
                    sources.join(", ")
                )),
            ),
        };
        Some(Shim {
            old,
            new,
            path: self.path.to_string(),
            line,
            what: "module",
            evidence,
            unknown,
            held: None,
        })
    }

    /// A module that warns on import and re-exports names from several
    /// modules, or renamed: one move per name.
    fn module_names(&self, root: Node) -> Vec<Shim> {
        let Some((line, evidence)) = self.module_warning(root) else {
            return Vec::new();
        };
        let (names, stars) = self.reexports();
        let mut sources: Vec<&str> = names.iter().map(|(m, _, _)| m.as_str()).collect();
        sources.sort();
        sources.dedup();
        let renamed = names.iter().any(|(_, name, bound)| name != bound);
        if !stars.is_empty() || names.is_empty() || (sources.len() == 1 && !renamed) {
            return Vec::new();
        }
        names
            .into_iter()
            .map(|(module, name, bound)| Shim {
                old: format!("{}.{bound}", self.sem.module),
                new: Some(format!("{module}.{name}")),
                path: self.path.to_string(),
                line,
                what: "re-exported name",
                evidence: evidence.clone(),
                unknown: None,
                held: None,
            })
            .collect()
    }
}
