//! What a module-level `class` says about calling it: its own `__init__`,
//! the `__init__` a `@dataclass` writes from its fields, its bases (to
//! inherit one from, followed by [`super::Index`]), or why its code does
//! not tell (a metaclass, `__new__`, a decorator that may write one).

use tree_sitter::Node;

use super::signature::Param;
use super::{Base, ClassDef, Kind, Method, Params};
use crate::python::{BindingKind, Semantic};

/// Bases with no `__init__` that matters to a call.
const OBJECTS: &[&str] = &[
    "builtins.object",
    "abc.ABC",
    "typing.Generic",
    "typing.Protocol",
    "typing_extensions.Protocol",
];

/// Metaclasses that leave calling the class alone.
const PLAIN_METACLASSES: &[&str] = &["abc.ABCMeta", "builtins.type"];

/// Read a `class_definition` node at module level.
pub fn read(sem: &Semantic, class: Node) -> ClassDef {
    let source = sem.source;
    let name = class
        .child_by_field_name("name")
        .map_or(String::new(), |n| source[n.byte_range()].to_string());
    let init = super::class_init(class, source);
    let mut out = ClassDef {
        name,
        own: init.is_some(),
        init,
        bases: Vec::new(),
        opaque: None,
        methods: class
            .child_by_field_name("body")
            .map(|b| methods(sem, b))
            .unwrap_or_default(),
    };
    let opaque = |why: String, out: &mut ClassDef| {
        out.opaque.get_or_insert(why);
    };
    if let Some(supers) = class.child_by_field_name("superclasses") {
        let mut c = supers.walk();
        for a in supers.named_children(&mut c) {
            match a.kind() {
                "comment" => {}
                "keyword_argument" => {
                    let key = a.child_by_field_name("name").map(|n| sem.text(n));
                    let value = a.child_by_field_name("value");
                    if key == Some("metaclass")
                        && let Some(v) = value
                        && !resolve(sem, v).is_some_and(|m| PLAIN_METACLASSES.contains(&m.as_str()))
                    {
                        let why = format!(
                            "`{}`'s metaclass `{}` may change what calling it takes",
                            out.name,
                            sem.text(v)
                        );
                        opaque(why, &mut out);
                    }
                }
                "list_splat" | "dictionary_splat" => {
                    let why = format!("`{}`'s bases are computed (`{}`)", out.name, sem.text(a));
                    opaque(why, &mut out);
                }
                _ => out.bases.push(base(sem, a)),
            }
        }
    }
    let members = class
        .child_by_field_name("body")
        .map(|b| super::forward::members(b, source))
        .unwrap_or_default();
    if members.iter().any(|m| m == "__new__") {
        let why = format!("`{}` defines `__new__`", out.name);
        opaque(why, &mut out);
    }
    let decorators: Vec<Node> = class
        .parent()
        .filter(|p| p.kind() == "decorated_definition")
        .map(|p| {
            let mut c = p.walk();
            p.named_children(&mut c)
                .filter(|d| d.kind() == "decorator")
                .collect()
        })
        .unwrap_or_default();
    for d in decorators {
        let Some(expr) = d.named_child(0) else {
            continue;
        };
        let (callee, args) = match expr.kind() {
            "call" => (
                expr.child_by_field_name("function"),
                expr.child_by_field_name("arguments"),
            ),
            _ => (Some(expr), None),
        };
        let symbol = callee.and_then(|c| resolve(sem, c));
        if symbol.as_deref() != Some("dataclasses.dataclass") {
            if !out.own {
                let why = format!(
                    "`{}`'s decorator `@{}` may write its `__init__`",
                    out.name,
                    sem.text(expr)
                );
                opaque(why, &mut out);
            }
            continue;
        }
        if out.own {
            continue;
        }
        let flag = |key: &str| keyword(sem, args, key).map(|v| sem.text(v));
        if flag("init") == Some("False") {
            let why = format!("`{}` is a dataclass with `init=False`", out.name);
            opaque(why, &mut out);
        } else if out.bases.iter().any(|b| !matches!(b, Base::Object)) {
            let why = format!(
                "`{}` is a dataclass with bases, whose fields come before its own",
                out.name
            );
            opaque(why, &mut out);
        } else if let Some(body) = class.child_by_field_name("body") {
            out.init = Some(fields(sem, body, flag("kw_only") == Some("True")));
        }
    }
    out
}

/// Decorators that leave what a method is alone.
const PLAIN_DECORATORS: &[&str] = &[
    "abc.abstractmethod",
    "typing.override",
    "typing_extensions.override",
    "typing.final",
    "typing_extensions.final",
];

/// The `def`s of a class body by name (the last of each), with what
/// looking each up on the class gives.
fn methods(sem: &Semantic, body: Node) -> std::collections::BTreeMap<String, Method> {
    let mut out = std::collections::BTreeMap::new();
    let mut c = body.walk();
    for stmt in body.named_children(&mut c) {
        let (def, decorators): (Node, Vec<Node>) = match stmt.kind() {
            "decorated_definition" => {
                let Some(def) = stmt.child_by_field_name("definition") else {
                    continue;
                };
                let mut d = stmt.walk();
                let decs = stmt
                    .named_children(&mut d)
                    .filter(|d| d.kind() == "decorator")
                    .filter_map(|d| d.named_child(0))
                    .collect();
                (def, decs)
            }
            _ => (stmt, Vec::new()),
        };
        if def.kind() != "function_definition" {
            continue;
        }
        let Some(name) = def.child_by_field_name("name") else {
            continue;
        };
        let is_async = def.child(0).is_some_and(|c| c.kind() == "async");
        let generator = super::yields(def);
        let params = Params::of(def, sem.source);
        let mut kind = Kind::InstanceMethod {
            is_async,
            generator,
            params: params.clone(),
        };
        for d in &decorators {
            let symbol = resolve(sem, *d).unwrap_or_default();
            let text = sem.text(*d);
            kind = match symbol.as_str() {
                "builtins.staticmethod" => Kind::Function {
                    is_async,
                    generator,
                    params: params.clone(),
                },
                "builtins.classmethod" => Kind::Function {
                    is_async,
                    generator,
                    params: params.clone().without_first(),
                },
                "builtins.property" | "functools.cached_property" => Kind::Property,
                s if PLAIN_DECORATORS.contains(&s) => continue,
                // `@p.setter` and the like: the property `p` again.
                _ if d.kind() == "attribute"
                    && [".setter", ".getter", ".deleter"]
                        .iter()
                        .any(|s| text.ends_with(s)) =>
                {
                    Kind::Property
                }
                _ => Kind::Unknown,
            };
            if matches!(kind, Kind::Unknown) {
                break;
            }
        }
        let at = name.start_byte();
        let line = sem.source.as_bytes()[..at]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        out.insert(sem.text(name).to_string(), Method { line, kind });
    }
    out
}

/// The dotted symbol an expression names: an import's, a module-level
/// class's, a builtin's (`builtins.object`).
fn resolve(sem: &Semantic, node: Node) -> Option<String> {
    let node = match node.kind() {
        "subscript" => node.child_by_field_name("value")?,
        _ => node,
    };
    if let Some(s) = sem.resolve_expr(node, 0) {
        return Some(s);
    }
    if node.kind() != "identifier" {
        return None;
    }
    let name = sem.text(node);
    match sem.module_binding(name) {
        Some(b) if matches!(b.kind, BindingKind::Definition { .. }) => {
            Some(format!("{}.{name}", sem.module))
        }
        Some(_) => None,
        None => Some(format!("builtins.{name}")),
    }
}

fn base(sem: &Semantic, node: Node) -> Base {
    match resolve(sem, node) {
        Some(s) if OBJECTS.contains(&s.as_str()) => Base::Object,
        Some(s) => Base::Symbol(s),
        None => Base::Unresolved(sem.text(node).to_string()),
    }
}

/// The value of keyword argument `key` in an argument list.
fn keyword<'t>(sem: &Semantic, args: Option<Node<'t>>, key: &str) -> Option<Node<'t>> {
    let args = args?;
    let mut c = args.walk();
    args.named_children(&mut c)
        .filter(|a| a.kind() == "keyword_argument")
        .find(|a| {
            a.child_by_field_name("name")
                .is_some_and(|n| sem.text(n) == key)
        })
        .and_then(|a| a.child_by_field_name("value"))
}

/// The `__init__` a dataclass's annotated fields make: in order, a field
/// with a value (or `field(default=…)`, `field(default_factory=…)`)
/// defaulted; `ClassVar`s and `field(init=False)` left out; after
/// `_: KW_ONLY`, or with `kw_only`, keyword-only.
fn fields(sem: &Semantic, body: Node, kw_only: bool) -> Params {
    let mut out = Params::default();
    let mut kw_only = kw_only;
    let mut c = body.walk();
    for stmt in body.named_children(&mut c) {
        let Some(a) = (stmt.kind() == "expression_statement")
            .then(|| stmt.named_child(0))
            .flatten()
            .filter(|a| a.kind() == "assignment")
        else {
            continue;
        };
        let (Some(left), Some(ty)) = (a.child_by_field_name("left"), a.child_by_field_name("type"))
        else {
            continue;
        };
        if left.kind() != "identifier" {
            continue;
        }
        let ty_symbol = ty.named_child(0).and_then(|t| resolve(sem, t));
        let ty_text = sem.text(ty);
        let is = |what: &str| {
            ty_symbol
                .as_deref()
                .is_some_and(|s| s.rsplit('.').next() == Some(what))
                || ty_text == what
                || ty_text.starts_with(&format!("{what}["))
        };
        if is("ClassVar") {
            continue;
        }
        if is("KW_ONLY") {
            kw_only = true;
            continue;
        }
        let value = a.child_by_field_name("right");
        let mut default = value.is_some();
        let mut this_kw = kw_only;
        if let Some(v) = value.filter(|v| v.kind() == "call")
            && v.child_by_field_name("function")
                .and_then(|f| resolve(sem, f))
                .as_deref()
                == Some("dataclasses.field")
        {
            let args = v.child_by_field_name("arguments");
            if keyword(sem, args, "init").is_some_and(|i| sem.text(i) == "False") {
                continue;
            }
            default = keyword(sem, args, "default").is_some()
                || keyword(sem, args, "default_factory").is_some();
            if let Some(k) = keyword(sem, args, "kw_only") {
                this_kw = sem.text(k) == "True";
            }
        }
        let param = Param {
            name: sem.text(left).to_string(),
            default,
            value: (value.filter(|_| default)).map(|v| super::signature::Value::of(v, sem.source)),
        };
        if this_kw {
            out.keyword_only.push(param);
        } else {
            out.positional.push(param);
        }
    }
    out
}
