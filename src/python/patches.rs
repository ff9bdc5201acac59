//! The attributes a file names on an object it holds rather than by a
//! dotted path: `patch.object(obj, "name")`, `setattr(obj, "name", v)`,
//! `getattr(obj, "name")`, `vars(obj)["name"]`, `patch.dict(obj.__dict__,
//! name=v)`, `patch.multiple(obj, name=v)`, each however its arguments are
//! passed (`patch.object(target=obj, attribute="name")`), and `obj` a name
//! the file imports or `importlib.import_module("a.b")`. A fix must not
//! take such a name away from `obj`, nor move the uses a patch reaches out
//! from under it. This only reads the arguments; what to do about them is
//! the analysis' and the rewrite's business.

use std::ops::Range;

use tree_sitter::Node;

use super::Semantic;
use super::strings::{
    argument, callee_spellings, module_returned_by, parenthesized_up, string_value,
    top_package_returned_by,
};

/// Where an argument sits in the call it is passed to.
struct Slot<'t> {
    call: Node<'t>,
    /// Its place among the positional arguments (`None` for a keyword, or
    /// after a `*args` that hides the place).
    index: Option<usize>,
    keyword: Option<String>,
}

impl Slot<'_> {
    /// Whether the argument is the parameter at `index` named `keyword`.
    fn is(&self, index: usize, keyword: &str) -> bool {
        self.index == Some(index) || self.keyword.as_deref() == Some(keyword)
    }
}

/// The slot of `node`, a call's argument or a keyword argument's value.
fn slot<'t>(sem: &Semantic<'t>, node: Node<'t>) -> Option<Slot<'t>> {
    let source = sem.source;
    let node = parenthesized_up(sem, node);
    let parent = sem.parent(node)?;
    let (arg, keyword) = if parent.kind() == "keyword_argument" {
        if parent.child_by_field_name("value") != Some(node) {
            return None;
        }
        let name = parent.child_by_field_name("name")?;
        (parent, Some(source[name.byte_range()].to_string()))
    } else {
        (node, None)
    };
    let args = sem.parent(arg).filter(|a| a.kind() == "argument_list")?;
    let call = sem.parent(args).filter(|c| c.kind() == "call")?;
    let index = match keyword {
        Some(_) => None,
        None => {
            let mut cursor = args.walk();
            let before: Vec<Node> = args
                .named_children(&mut cursor)
                .filter(|c| c.kind() != "comment")
                .take_while(|c| *c != arg)
                .collect();
            let known = !before.iter().any(|c| {
                matches!(
                    c.kind(),
                    "list_splat" | "keyword_argument" | "dictionary_splat"
                )
            });
            known.then_some(before.len())
        }
    };
    Some(Slot {
        call,
        index,
        keyword,
    })
}

/// The calls that take an object and one of its attributes' names.
#[derive(Clone, Copy, PartialEq)]
enum Callee {
    /// `patch.object(target, attribute, …)` (`mock.`, `mocker.`, an aliased `patch`).
    PatchObject,
    /// `patch.dict(in_dict, values, clear, **names)`.
    PatchDict,
    /// `patch.multiple(target, **names)`.
    PatchMultiple,
    /// `setattr(obj, name, value)`, `monkeypatch.setattr(target, name, value)`.
    SetAttr,
    /// `delattr(obj, name)`, `monkeypatch.delattr(target, name)`.
    DelAttr,
    /// The builtins `getattr(obj, name)` and `hasattr(obj, name)`.
    GetAttr,
}

fn callee(sem: &Semantic, call: Node) -> Option<Callee> {
    let function = call.child_by_field_name("function")?;
    let callee = sem.text(function);
    let spellings = callee_spellings(sem, function);
    let patch = |what: &str| {
        spellings.iter().any(|names| {
            let n = names.len();
            n >= 2 && names[n - 1] == what && names[n - 2] == "patch"
        })
    };
    let last = |what: &str| {
        spellings
            .iter()
            .any(|n| n.last().is_some_and(|l| l == what))
    };
    if patch("object") {
        Some(Callee::PatchObject)
    } else if patch("dict") {
        Some(Callee::PatchDict)
    } else if patch("multiple") {
        Some(Callee::PatchMultiple)
    } else if last("setattr") {
        Some(Callee::SetAttr)
    } else if last("delattr") {
        Some(Callee::DelAttr)
    } else if matches!(callee, "getattr" | "hasattr") {
        Some(Callee::GetAttr)
    } else {
        None
    }
}

/// The keywords of `patch.multiple` that are options, not attributes.
const MULTIPLE_OPTIONS: &[&str] = &[
    "target",
    "spec",
    "create",
    "spec_set",
    "autospec",
    "new_callable",
];

/// The keywords of `patch.dict` that are its parameters, not names.
const DICT_OPTIONS: &[&str] = &["in_dict", "values", "clear"];

/// For a string that names an attribute of an object: the expression of
/// that object. `patch.object(obj, "name")`, `setattr`/`delattr` (pytest's
/// `monkeypatch` too; positional or `target=`/`name=`), the builtins
/// `getattr`/`hasattr`, `vars(obj)["name"]`, `obj.__dict__["name"]`, and a
/// key of `patch.dict(vars(obj), {"name": …})`.
pub fn attribute_object<'t>(sem: &Semantic<'t>, string: Node<'t>) -> Option<Node<'t>> {
    object_of(sem, string, false)
}

/// [`attribute_object`] for the calls that replace the attribute:
/// `patch.object`, `setattr` and `patch.dict`'s keys. The patched path
/// is what the object denotes, then `.name`.
pub fn patched_object<'t>(sem: &Semantic<'t>, string: Node<'t>) -> Option<Node<'t>> {
    object_of(sem, string, true)
}

fn object_of<'t>(sem: &Semantic<'t>, string: Node<'t>, patches: bool) -> Option<Node<'t>> {
    let string = parenthesized_up(sem, string);
    let parent = sem.parent(string)?;
    // `vars(module)["name"]`, `module.__dict__["name"]`.
    if parent.kind() == "subscript" {
        let value = parent.child_by_field_name("value")?;
        if patches || parent.child_by_field_name("subscript") != Some(string) {
            return None;
        }
        return namespace_of(sem, value);
    }
    // `patch.dict(vars(module), {"name": …})`, or `values={…}`.
    if parent.kind() == "pair" {
        if parent.child_by_field_name("key") != Some(string) {
            return None;
        }
        let dict = sem.parent(parent).filter(|d| d.kind() == "dictionary")?;
        let slot = slot(sem, dict)?;
        if !slot.is(1, "values") || callee(sem, slot.call)? != Callee::PatchDict {
            return None;
        }
        return namespace_of(sem, argument(sem.source, slot.call, 0, "in_dict")?);
    }
    let slot = slot(sem, string)?;
    let names = match callee(sem, slot.call)? {
        Callee::PatchObject => slot.is(1, "attribute"),
        Callee::SetAttr => slot.is(1, "name"),
        Callee::DelAttr => !patches && slot.is(1, "name"),
        Callee::GetAttr => !patches && slot.index == Some(1),
        Callee::PatchDict | Callee::PatchMultiple => false,
    };
    if !names {
        return None;
    }
    argument(sem.source, slot.call, 0, "target").filter(|o| *o != string)
}

/// The calls that replace an attribute under a name that is no string
/// literal (`patch.object(m, NAME, …)`, `setattr(m, key, v)`,
/// `monkeypatch.setattr(m, name, v)`, `delattr(m, name)`), each with the
/// paths its object may denote: any attribute of it may be the one
/// replaced. An object that denotes no path (`setattr(self, k, v)`) is
/// none of them.
pub fn patched_by_unread_name<'t>(sem: &Semantic<'t>) -> Vec<(Node<'t>, Vec<String>)> {
    if !["setattr", "delattr", "object"]
        .iter()
        .any(|w| sem.source.contains(w))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for &(_, call) in sem.calls() {
        let keyword = match callee(sem, call) {
            Some(Callee::PatchObject) => "attribute",
            Some(Callee::SetAttr | Callee::DelAttr) => "name",
            _ => continue,
        };
        let Some(name) = argument(sem.source, call, 1, keyword) else {
            continue;
        };
        if string_value(sem.source, name).is_some() {
            continue;
        }
        let Some(object) = argument(sem.source, call, 0, "target") else {
            continue;
        };
        let paths = object_paths(sem, object);
        if !paths.is_empty() {
            out.push((call, paths));
        }
    }
    out
}

/// The module expression whose namespace `node` is: `m` of `vars(m)` or
/// `m.__dict__`.
pub fn namespace_of<'t>(sem: &Semantic, node: Node<'t>) -> Option<Node<'t>> {
    match node.kind() {
        "call" if sem.text(node.child_by_field_name("function")?) == "vars" => {
            let args = node.child_by_field_name("arguments")?;
            let mut cursor = args.walk();
            let only: Vec<_> = args
                .named_children(&mut cursor)
                .filter(|c| c.kind() != "comment")
                .collect();
            match only.as_slice() {
                [m] if m.kind() != "keyword_argument" => Some(*m),
                _ => None,
            }
        }
        "attribute" if sem.text(node.child_by_field_name("attribute")?) == "__dict__" => {
            node.child_by_field_name("object")
        }
        "parenthesized_expression" => namespace_of(sem, node.named_child(0)?),
        _ => None,
    }
}

/// The dotted paths an object expression may denote: what it resolves to
/// through the file's imports, or the module `import_module("a.b")` (or
/// `__import__("a.b", fromlist=[…])`) returns.
pub fn object_paths(sem: &Semantic, node: Node) -> Vec<String> {
    let node = match node.kind() {
        "parenthesized_expression" => match node.named_child(0) {
            Some(inner) => return object_paths(sem, inner),
            None => return Vec::new(),
        },
        _ => node,
    };
    match node.kind() {
        "call" => module_returned_by(sem, node)
            .or_else(|| top_package_returned_by(sem, node))
            .into_iter()
            .collect(),
        // `__import__("a.b").b`: `a.b`
        "attribute" if top_package_chain(sem, node).is_some() => {
            top_package_chain(sem, node).into_iter().collect()
        }
        // `sys.modules["a.b"]`
        "subscript" => super::sys_modules_entry(sem, node).into_iter().collect(),
        // `m` after `m = importlib.import_module("a.b")`
        "identifier" if held_module(sem, node).is_some() => {
            held_module(sem, node).into_iter().collect()
        }
        _ if sem.may_resolve(node) => {
            let scope = sem.scope_at(node.start_byte());
            let resolved = sem.resolve_all(node, scope).into_iter();
            resolved.map(|r| r.symbol).collect()
        }
        _ => Vec::new(),
    }
}

/// For an attribute taken straight off a module object the file holds by
/// its path, not by a name it binds (`import_module("a.b").x`,
/// `sys.modules["a.b"].x`, `sys.modules[__name__].x`): that object, whose
/// [`object_paths`] say which module, and the attribute's name.
pub fn attribute_off_module<'t>(sem: &Semantic<'t>, node: Node<'t>) -> Option<(Node<'t>, &'t str)> {
    if node.kind() != "attribute" {
        return None;
    }
    let object = node.child_by_field_name("object")?;
    let attr = node.child_by_field_name("attribute")?;
    let off = match object.kind() {
        "call" | "subscript" => true,
        "identifier" => held_module(sem, object).is_some(),
        "attribute" => top_package_chain(sem, object).is_some(),
        _ => false,
    };
    off.then(|| (object, sem.text(attr)))
}

/// The path an attribute chain off `__import__("a.b")` (no `fromlist`:
/// it returns the top package `a`) spells: `a.b` for
/// `__import__("a.b").b`, `a.b.c` for `__import__("a.b").b.c`. `None` for
/// any other expression.
pub fn top_package_chain(sem: &Semantic, node: Node) -> Option<String> {
    let mut attrs = Vec::new();
    let mut at = node;
    while at.kind() == "attribute" {
        attrs.push(sem.text(at.child_by_field_name("attribute")?));
        at = at.child_by_field_name("object")?;
        while at.kind() == "parenthesized_expression" {
            at = at.named_child(0)?;
        }
    }
    if at.kind() != "call" {
        return None;
    }
    let mut path = top_package_returned_by(sem, at)?;
    for a in attrs.iter().rev() {
        path.push('.');
        path.push_str(a);
    }
    Some(path)
}

/// The module a name holds when every binding of it that may reach
/// `name` (an identifier load) is an assignment of one module by its path
/// (`m = importlib.import_module("a.b")`, `m = __import__("a.b",
/// fromlist=[…])`, `m = sys.modules["a.b"]`): `a.b`, as if `import a.b
/// as m` had bound it.
pub fn held_module(sem: &Semantic, name: Node) -> Option<String> {
    let holders = sem.module_holders.get_or_init(|| {
        let mut out = Vec::new();
        for &(callee, call) in sem.calls() {
            let _ = callee;
            let Some(module) = module_returned_by(sem, call) else {
                continue;
            };
            if let Some(left) = assigned_whole(sem, call) {
                out.push((left.start_byte(), module));
            }
        }
        for (node, _, module) in super::sys_modules_keys(sem) {
            let Some(subscript) = sem.parent(node).filter(|p| p.kind() == "subscript") else {
                continue;
            };
            if let Some(left) = assigned_whole(sem, subscript) {
                out.push((left.start_byte(), module));
            }
        }
        out.sort();
        out
    });
    if holders.is_empty() {
        return None;
    }
    let scope = sem.scope_at(name.start_byte());
    let bindings = sem.lookup_all(sem.text(name), scope, name.start_byte());
    let mut modules = bindings.iter().map(|b| {
        let i = holders.partition_point(|(pos, _)| *pos < b.pos);
        holders
            .get(i)
            .filter(|(pos, _)| *pos == b.pos)
            .map(|(_, m)| m)
    });
    let first = modules.next()??;
    modules.all(|m| m == Some(first)).then(|| first.clone())
}

/// The name `value` is assigned to whole (`m = value`), if it is.
fn assigned_whole<'t>(sem: &Semantic<'t>, value: Node<'t>) -> Option<Node<'t>> {
    let assignment = sem
        .parent(value)
        .filter(|a| a.kind() == "assignment" && a.child_by_field_name("right") == Some(value))?;
    assignment
        .child_by_field_name("left")
        .filter(|l| l.kind() == "identifier")
}

/// One attribute a file patches on an object it names.
#[derive(Debug, Clone)]
pub struct Patched {
    /// The attribute's name as the patch spells it (a string's content,
    /// a keyword's name).
    pub range: Range<usize>,
    /// Every dotted path `obj.name` may denote.
    pub targets: Vec<String>,
    /// The dotted-path string that names `obj` (`patch.multiple("a.b",
    /// X=…)`), when it is one: a move of `a.b` rewrites that string, and
    /// the patch moves along with the uses.
    pub via_string: Option<String>,
}

/// The attributes the file patches on an object: the strings of
/// [`patched_object`], and the keywords of `patch.multiple(obj_or_path,
/// name=…)` and `patch.dict(vars(obj), name=…)`: read once for all rules.
pub fn patched_targets(sem: &Semantic) -> Vec<Patched> {
    let mut out = Vec::new();
    for s in &sem.strings {
        let Some(obj) = patched_object(sem, s.node) else {
            continue;
        };
        let Some((range, value)) = string_value(sem.source, s.node) else {
            continue;
        };
        let targets = object_paths(sem, obj)
            .into_iter()
            .map(|o| format!("{o}.{value}"))
            .collect();
        out.push(Patched {
            range,
            targets,
            via_string: None,
        });
    }
    for r in &sem.references {
        // `multiple` and `dict` are attributes of `patch`, however `patch` is named.
        let attr = r.node.child_by_field_name("attribute");
        if attr.is_none_or(|a| !matches!(sem.text(a), "multiple" | "dict")) {
            continue;
        }
        let Some(call) = sem.call_of(r.node) else {
            continue;
        };
        match callee(sem, call) {
            Some(Callee::PatchMultiple) => out.extend(patched_multiple(sem, call)),
            Some(Callee::PatchDict) => out.extend(patched_dict(sem, call)),
            _ => {}
        }
    }
    out
}

/// The attributes of one `patch.multiple(target, name=…, …)` call.
fn patched_multiple(sem: &Semantic, call: Node) -> Vec<Patched> {
    let Some(target) = argument(sem.source, call, 0, "target") else {
        return Vec::new();
    };
    match string_value(sem.source, target) {
        Some((_, path)) => keywords(
            sem,
            call,
            MULTIPLE_OPTIONS,
            std::slice::from_ref(&path),
            Some(path.clone()),
        ),
        None => keywords(
            sem,
            call,
            MULTIPLE_OPTIONS,
            &object_paths(sem, target),
            None,
        ),
    }
}

/// The names `patch.dict(vars(obj), name=…)` (or `obj.__dict__`) sets.
fn patched_dict(sem: &Semantic, call: Node) -> Vec<Patched> {
    let Some(namespace) = argument(sem.source, call, 0, "in_dict") else {
        return Vec::new();
    };
    let Some(obj) = namespace_of(sem, namespace) else {
        return Vec::new();
    };
    keywords(sem, call, DICT_OPTIONS, &object_paths(sem, obj), None)
}

/// The keyword arguments of `call` outside `options`, each an attribute
/// of every one of `objects`.
fn keywords(
    sem: &Semantic,
    call: Node,
    options: &[&str],
    objects: &[String],
    via_string: Option<String>,
) -> Vec<Patched> {
    let Some(args) = call.child_by_field_name("arguments") else {
        return Vec::new();
    };
    let mut cursor = args.walk();
    let mut out = Vec::new();
    for arg in args.named_children(&mut cursor) {
        let Some(name) = arg
            .child_by_field_name("name")
            .filter(|_| arg.kind() == "keyword_argument")
        else {
            continue;
        };
        let attr = sem.text(name);
        if options.contains(&attr) {
            continue;
        }
        out.push(Patched {
            range: name.byte_range(),
            targets: objects.iter().map(|o| format!("{o}.{attr}")).collect(),
            via_string: via_string.clone(),
        });
    }
    out
}

/// Of [`patched_targets`], those whose `obj.name` is `path` or under it,
/// with that dotted path; not those that name `obj` by a dotted-path
/// string a move of `path` rewrites too.
pub fn patched_under(patched: &[Patched], path: &str) -> Vec<(Range<usize>, String)> {
    use super::semantic::is_at_or_under;
    patched
        .iter()
        .filter(|p| {
            !p.via_string
                .as_deref()
                .is_some_and(|s| is_at_or_under(s, path))
        })
        .filter_map(|p| {
            let t = p.targets.iter().find(|t| is_at_or_under(t, path))?;
            Some((p.range.clone(), t.clone()))
        })
        .collect()
}

/// [`patched_under`] for one path, reading the file's patches.
pub fn patched_paths(sem: &Semantic, path: &str) -> Vec<(Range<usize>, String)> {
    patched_under(&patched_targets(sem), path)
}
