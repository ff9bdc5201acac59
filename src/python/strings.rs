//! The values of Python string literals.

use std::ops::Range;

use tree_sitter::Node;

use super::{BindingKind, Semantic};

/// The byte range between a plain string's quotes; `None` for f-strings
/// with interpolations and for strings without content.
pub fn string_content(node: Node) -> Option<Range<usize>> {
    let mut cursor = node.walk();
    let mut start = None;
    let mut end = None;
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_start" => start = Some(child.end_byte()),
            "string_end" => end = Some(child.start_byte()),
            "interpolation" => return None,
            _ => {}
        }
    }
    let (s, e) = (start?, end?);
    (s < e).then_some(s..e)
}

/// A text string literal's value and the range to replace it: the content
/// of a plain string, or the whole node of an implicit concatenation.
/// Bytes literals and f-strings with interpolations have no value here.
pub fn string_value(source: &str, node: Node) -> Option<(Range<usize>, String)> {
    match node.kind() {
        "string" => {
            let prefix = node.child(0).map(|s| &source[s.byte_range()])?;
            if prefix.contains(['b', 'B']) {
                return None;
            }
            let content = string_content(node)?;
            Some((content.clone(), source[content].to_string()))
        }
        "concatenated_string" => {
            let mut value = String::new();
            let mut cursor = node.walk();
            for part in node.named_children(&mut cursor) {
                if part.kind() == "comment" {
                    continue;
                }
                let (_, v) = string_value(source, part)?;
                value.push_str(&v);
            }
            Some((node.byte_range(), value))
        }
        _ => None,
    }
}

/// Whether an implicit concatenation has a comment between its parts
/// (`"a.b."  # why` + `"c"`): joining it into one literal would drop it.
pub fn has_inner_comment(node: Node) -> bool {
    let mut cursor = node.walk();
    node.kind() == "concatenated_string"
        && node
            .named_children(&mut cursor)
            .any(|c| c.kind() == "comment")
}

/// An implicit concatenation whose value `old_path` starts rewritten to
/// `new_value` in place, part by part, so what sits between the parts
/// (comments, layout) stays: each boundary inside the old path moves to
/// the same dot of the new one (`"old.mod."` `"make"` → `"new.mod."`
/// `"create"`), one past it keeps its distance from the end. `None` when
/// a boundary has no such place (it splits a name, or the new path has
/// fewer dots), or a part is not a plain string with content.
pub fn rewrite_parts(source: &str, node: Node, old_path: &str, new_value: &str) -> Option<String> {
    let (_, old_value) = string_value(source, node)?;
    let suffix = old_value.strip_prefix(old_path)?;
    let new_prefix = new_value.strip_suffix(suffix)?;
    let mut cursor = node.walk();
    let parts: Vec<Range<usize>> = node
        .named_children(&mut cursor)
        .filter(|p| p.kind() != "comment")
        .map(string_content)
        .collect::<Option<_>>()?;
    // The dot ends of each path: `a.b.c` → [2, 4] (after each dot).
    let after_dots = |p: &str| -> Vec<usize> { p.match_indices('.').map(|(i, _)| i + 1).collect() };
    let (old_dots, new_dots) = (after_dots(old_path), after_dots(new_prefix));
    let mut bounds = vec![0];
    let mut at = 0;
    for part in &parts[..parts.len() - 1] {
        at += part.len();
        let mapped = if at >= old_path.len() {
            at - old_path.len() + new_prefix.len()
        } else if let Some(k) = old_dots.iter().position(|&d| d == at) {
            *new_dots.get(k)?
        } else if let Some(k) = old_dots.iter().position(|&d| d == at + 1) {
            new_dots.get(k)? - 1
        } else {
            return None;
        };
        if mapped <= *bounds.last()? {
            return None;
        }
        bounds.push(mapped);
    }
    bounds.push(new_value.len());
    if bounds[bounds.len() - 2] >= new_value.len() {
        return None;
    }
    let base = node.start_byte();
    let mut out = String::new();
    let mut copied = base;
    for (i, part) in parts.iter().enumerate() {
        out.push_str(&source[copied..part.start]);
        out.push_str(&new_value[bounds[i]..bounds[i + 1]]);
        copied = part.end;
    }
    out.push_str(&source[copied..node.end_byte()]);
    Some(out)
}

/// Callees (by their last one or two names) whose first argument is a
/// dotted import path: mocking, monkeypatching, importlib and the loaders
/// of common frameworks. Listed in the README.
const PATH_CALLEES: &[&str] = &[
    // unittest.mock, mock, pytest-mock (`mocker.patch`)
    "patch",
    "patch.dict",
    "patch.multiple",
    // pytest's monkeypatch, string form: `monkeypatch.setattr("a.b.c", value)`
    "monkeypatch.setattr",
    "monkeypatch.delattr",
    "mp.setattr",
    "mp.delattr",
    // the standard library
    // Not `__import__`: it returns the top-level package, so the code after
    // the call spells the rest of the path (`__import__("a.b").b.X`), and
    // a new path needs that rewritten too. Offered in review, never applied.
    "import_module",
    "resolve_name",
    "locate",
    // Django, Werkzeug, Tornado, Kombu/Celery, Scrapy, Hydra
    "import_string",
    "import_object",
    "symbol_by_name",
    "load_object",
    "utils.get_class",
    "utils.get_method",
];

/// Of [`PATH_CALLEES`], those that also take `module:attr`, the
/// module's path and the attributes under it split by a colon
/// (`pkgutil.resolve_name("a.b:C.f")`, Werkzeug's `import_string`,
/// Kombu's `symbol_by_name`, and `mock.patch.dict`, which hands its
/// target to `pkgutil.resolve_name`). Django's `import_string` takes only
/// the dotted form, and pytest's `monkeypatch.setattr` imports what comes
/// before the last dot name by name: a colon there fails before and after
/// a move alike.
const COLON_CALLEES: &[&str] = &[
    "resolve_name",
    "import_string",
    "symbol_by_name",
    "patch.dict",
];

fn is_colon_callee(names: &[String]) -> bool {
    ends_in(names, COLON_CALLEES)
}

/// [`is_colon_callee`], or `mock.patch`: it splits its target at the last
/// dot and hands what comes before to `pkgutil.resolve_name`, so it takes
/// a colon before the last dot (`patch("a.b:C.f")`), not after it
/// (`patch("a.b:f")` patches the attribute `b:f` of `a`).
fn is_colon_patch_callee(names: &[String]) -> bool {
    is_colon_callee(names) || names.last().is_some_and(|l| l == "patch")
}

/// For a string `value` spelled `module:attr` (`"a.b:C.f"`, or `"a.b:"`
/// for the module) where an API that takes that form takes an import
/// path (see [`COLON_CALLEES`], [`is_colon_patch_callee`]), directly or
/// through a name bound to it (`TARGET = "a.b:C"`, `resolve_name(TARGET)`):
/// the dotted path it names (`a.b.C.f`) and where the colon is in it (the
/// dot it stands for, or the end for `"a.b:"`).
pub fn colon_path(sem: &Semantic, node: Node, value: &str) -> Option<(String, usize)> {
    let (module, attr) = value.split_once(':')?;
    if !super::is_dotted_path(module) || !(attr.is_empty() || super::is_dotted_path(attr)) {
        return None;
    }
    let callee: fn(&[String]) -> bool = match attr.contains('.') {
        true => is_colon_patch_callee,
        false => is_colon_callee,
    };
    let passed = first_arg_of(sem, node, callee)
        || assigned_name(sem, node).is_some_and(|name| {
            sem.references.iter().any(|r| {
                r.node.kind() == "identifier"
                    && sem.text(r.node) == name
                    && first_arg_of(sem, r.node, callee)
            })
        });
    let dotted = match attr {
        "" => module.to_string(),
        _ => format!("{module}.{attr}"),
    };
    passed.then_some((dotted, module.len()))
}

/// The `module:attr` spelling of a path [`colon_path`] read (`dotted`,
/// its colon at `colon`) after the move of `old` to `new`: a colon after
/// the old path stays after the new one (a module moved: `"old.mod:f"` →
/// `"new.mod:f"`); one before its last name goes before the new path's
/// (a symbol moved: `"old.mod:helper"` → `"new.mod:assist"`). `None`
/// where the old path's colon is further in (`"a:b.C"` under a move of
/// `a.b.C`): where the new path's module ends is not known. A new path
/// into a class (`new.mod.Tools.assist`, `is_module` saying
/// `new.mod.Tools` is none) gets its colon after the longest prefix known
/// to be a module (`"new.mod:Tools.assist"`), or `None` when none is.
pub fn colon_moved(
    dotted: &str,
    colon: usize,
    (old, new): (&str, &str),
    is_module: &dyn Fn(&str) -> Option<bool>,
) -> Option<String> {
    let moved = format!("{new}{}", dotted.get(old.len()..)?);
    let at = if colon >= old.len() {
        colon - old.len() + new.len()
    } else if old[colon..].matches('.').count() == 1 {
        let last = new.rfind('.')?;
        match is_module(&new[..last]) {
            Some(false) => (0..last)
                .rev()
                .filter(|&i| new.as_bytes()[i] == b'.')
                .find(|&i| is_module(&new[..i]) == Some(true))?,
            _ => last,
        }
    } else {
        return None;
    };
    if at == moved.len() {
        return Some(format!("{moved}:"));
    }
    (moved.as_bytes().get(at) == Some(&b'.'))
        .then(|| format!("{}:{}", &moved[..at], &moved[at + 1..]))
}

/// Whether a string literal is where an API takes a dotted import path:
/// the first positional argument (or `target=`) of a call to one of
/// [`PATH_CALLEES`], `@patch("a.b")` decorators included, however the
/// callee is imported (`patch as P`), and of `__import__("a.b",
/// fromlist=[…])`, which returns `a.b` itself; and a key of `sys.modules`
/// (see [`super::is_sys_modules_key`]). Any other string equal to a path
/// is data as far as canon can tell.
pub fn is_import_path_arg(sem: &Semantic, node: Node) -> bool {
    if super::is_sys_modules_key(sem, node) {
        return true;
    }
    let Some(call) = first_arg_call(sem, node) else {
        return false;
    };
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let spellings = callee_spellings(sem, function);
    if spellings.iter().any(|names| is_path_callee(names)) {
        return true;
    }
    sem.text(function) == "__import__" && imports_leaf(sem.source, call)
}

/// Whether `node` is the first argument (or `target=`/`name=`) of a call
/// whose callee's names `callee` accepts, however the callee is imported.
fn first_arg_of(sem: &Semantic, node: Node, callee: fn(&[String]) -> bool) -> bool {
    first_arg_call(sem, node)
        .and_then(|call| call.child_by_field_name("function"))
        .is_some_and(|function| {
            callee_spellings(sem, function)
                .iter()
                .any(|names| callee(names))
        })
}

/// Callees (by their last one or two names) that replace the attribute a
/// dotted path names for as long as the patch lasts: a call that looks the
/// attribute up there meanwhile gets the replacement.
const PATCH_CALLEES: &[&str] = &[
    "patch",
    "monkeypatch.setattr",
    "monkeypatch.delattr",
    "mp.setattr",
    "mp.delattr",
];

pub(super) fn is_patch_callee(names: &[String]) -> bool {
    ends_in(names, PATCH_CALLEES)
}

/// Whether a string literal is the dotted path a patch replaces the
/// attribute of (`patch("a.b.f")`, `@patch("a.b.f")`,
/// `monkeypatch.setattr("a.b.f", v)`), directly or through a name bound
/// to it that the file passes there (`TARGET = "a.b.f"`, `patch(TARGET)`,
/// as [`is_path_string`] reads it).
pub fn is_patch_path_string(sem: &Semantic, node: Node) -> bool {
    if first_arg_of(sem, node, is_patch_callee) {
        return true;
    }
    assigned_name(sem, node).is_some_and(|name| {
        sem.references.iter().any(|r| {
            r.node.kind() == "identifier"
                && sem.text(r.node) == name
                && first_arg_of(sem, r.node, is_patch_callee)
        })
    })
}

/// Whether a callee's names (`mock.patch.dict` → mock, patch, dict) end
/// in one of [`PATH_CALLEES`].
pub(super) fn is_path_callee(names: &[String]) -> bool {
    ends_in(names, PATH_CALLEES)
}

/// Whether a callee's names end in one of `callees` (by their last one
/// or two names).
pub(super) fn ends_in(names: &[String], callees: &[&str]) -> bool {
    let last = names.last().map(String::as_str);
    let two = (names.len() >= 2)
        .then(|| format!("{}.{}", names[names.len() - 2], names[names.len() - 1]));
    callees
        .iter()
        .any(|c| (Some(*c) == last && !c.contains('.')) || two.as_deref() == Some(*c))
}

/// The call whose first positional argument (or `target=`/`name=`) is
/// `node`.
fn first_arg_call<'t>(sem: &Semantic<'t>, node: Node<'t>) -> Option<Node<'t>> {
    let source = sem.source;
    let node = parenthesized_up(sem, node);
    let mut arg = node;
    let mut parent = sem.parent(node)?;
    if parent.kind() == "keyword_argument" {
        let name = parent
            .child_by_field_name("name")
            .map(|n| &source[n.byte_range()]);
        if !matches!(name, Some("target" | "name")) {
            return None;
        }
        arg = parent;
        parent = sem.parent(parent)?;
    } else {
        // Only the first positional argument.
        let mut cursor = parent.walk();
        let first = parent
            .named_children(&mut cursor)
            .find(|c| c.kind() != "comment");
        if first != Some(node) {
            return None;
        }
    }
    if parent.kind() != "argument_list" || sem.parent(arg) != Some(parent) {
        return None;
    }
    sem.parent(parent).filter(|c| c.kind() == "call")
}

/// The outermost parenthesised expression around `node` (`(("a.b"))`,
/// and what black leaves around a wrapped implicit concatenation), else
/// `node`: the parentheses change nothing about which argument it is.
pub fn parenthesized_up<'t>(sem: &Semantic<'t>, node: Node<'t>) -> Node<'t> {
    let mut node = node;
    while let Some(p) = sem
        .parent(node)
        .filter(|p| p.kind() == "parenthesized_expression" && p.named_child_count() == 1)
    {
        node = p;
    }
    node
}

/// An argument of a call: the `index`th positional one, else the keyword
/// one named `keyword`.
pub(super) fn argument<'t>(
    source: &str,
    call: Node<'t>,
    index: usize,
    keyword: &str,
) -> Option<Node<'t>> {
    let args = call.child_by_field_name("arguments")?;
    let mut cursor = args.walk();
    let all: Vec<Node<'t>> = args
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect();
    let keyword_value = all.iter().find_map(|a| {
        (a.kind() == "keyword_argument"
            && a.child_by_field_name("name")
                .is_some_and(|n| &source[n.byte_range()] == keyword))
        .then(|| a.child_by_field_name("value"))
        .flatten()
    });
    let positional = all
        .iter()
        .take_while(|a| !matches!(a.kind(), "keyword_argument" | "dictionary_splat"))
        .collect::<Vec<_>>();
    if positional.iter().any(|a| a.kind() == "list_splat") {
        return None;
    }
    positional.get(index).map(|a| **a).or(keyword_value)
}

/// Whether `__import__(name, globals, locals, fromlist, level)` returns
/// the module `name` itself: a `fromlist` written as a non-empty list or
/// tuple, and no relative `level`. Without one it returns the top package,
/// and the code after the call spells the rest of the path
/// (`__import__("a.b").b.X`).
fn imports_leaf(source: &str, call: Node) -> bool {
    let leaf = argument(source, call, 3, "fromlist")
        .is_some_and(|f| matches!(f.kind(), "list" | "tuple") && f.named_child_count() > 0);
    let absolute = argument(source, call, 4, "level")
        .is_none_or(|l| l.kind() == "integer" && &source[l.byte_range()] == "0");
    leaf && absolute
}

/// The module a call returns when it is `importlib.import_module("a.b")`
/// (an absolute name, or a relative one with a literal package) or
/// `__import__("a.b", fromlist=[…])`: `a.b`, so `import_module("a.b").x`
/// is `a.b.x`. `None` for any other call, or a name that is not a literal.
pub fn module_returned_by(sem: &Semantic, call: Node) -> Option<String> {
    let function = call.child_by_field_name("function")?;
    let name = argument(sem.source, call, 0, "name")?;
    let (_, value) = string_value(sem.source, name)?;
    let import_module = callee_spellings(sem, function)
        .iter()
        .any(|n| n.last().is_some_and(|l| l == "import_module"));
    if import_module {
        if super::is_dotted_path(&value) {
            return Some(value);
        }
        return relative_import_target(sem, name, "");
    }
    (sem.text(function) == "__import__"
        && imports_leaf(sem.source, call)
        && super::is_dotted_path(&value))
    .then_some(value)
}

/// The top package `__import__("a.b")` returns (no `fromlist`, see
/// [`imports_leaf`], and an absolute name): `a`, so the code after the call
/// spells the rest of the path (`__import__("a.b").b.x` is `a.b.x`).
pub fn top_package_returned_by(sem: &Semantic, call: Node) -> Option<String> {
    let function = call.child_by_field_name("function")?;
    if sem.text(function) != "__import__" || imports_leaf(sem.source, call) {
        return None;
    }
    let absolute = argument(sem.source, call, 4, "level")
        .is_none_or(|l| l.kind() == "integer" && &sem.source[l.byte_range()] == "0");
    let name = argument(sem.source, call, 0, "name")?;
    let (_, value) = string_value(sem.source, name)?;
    (absolute && super::is_dotted_path(&value))
        .then(|| value.split('.').next().unwrap_or_default().to_string())
}

/// Whether a string is the name of `__import__("a.b", …)` that returns
/// the top package `a` (no `fromlist`, see [`imports_leaf`]): the module
/// it loads is a path, but no rewrite of the string alone keeps the code
/// after the call right.
pub fn top_package_import(sem: &Semantic, node: Node) -> bool {
    first_arg_call(sem, node).is_some_and(|call| {
        call.child_by_field_name("function")
            .is_some_and(|f| sem.text(f) == "__import__")
            && !imports_leaf(sem.source, call)
    })
}

/// For the relative name of `import_module(".b", "a")` (or `package=`,
/// `__package__`, `__name__`): the absolute module it names, which a move
/// of that module rewrites to the absolute new name (`import_module`
/// ignores its package for an absolute name). `None` when the package is
/// the file's own (`__package__`, `__name__`) and `moved` holds the file:
/// like a relative import statement, the name moves with the package.
pub fn relative_import_target(sem: &Semantic, node: Node, moved: &str) -> Option<String> {
    let (_, name) = string_value(sem.source, node)?;
    let level = name.bytes().take_while(|&b| b == b'.').count();
    let rest = &name[level..];
    if level == 0 || !(rest.is_empty() || super::is_dotted_path(rest)) {
        return None;
    }
    let call = first_arg_call(sem, node)?;
    let function = call.child_by_field_name("function")?;
    let spellings = callee_spellings(sem, function);
    if !spellings
        .iter()
        .any(|n| n.last().is_some_and(|l| l == "import_module"))
    {
        return None;
    }
    let package = argument(sem.source, call, 1, "package")?;
    let own = || !super::semantic::is_at_or_under(&sem.module, moved);
    let package = match package.kind() {
        "identifier" if sem.text(package) == "__package__" && own() => sem.package.clone(),
        "identifier" if sem.text(package) == "__name__" && own() => sem.module.clone(),
        _ => string_value(sem.source, package)?.1,
    };
    // As importlib resolves it: each dot past the first climbs a package.
    let parts: Vec<&str> = package.split('.').filter(|p| !p.is_empty()).collect();
    let base = parts.get(..parts.len().checked_sub(level - 1)?)?.join(".");
    if base.is_empty() {
        return None;
    }
    Some(match rest {
        "" => base,
        _ => format!("{base}.{rest}"),
    })
}

/// The names a callee may stand for: as spelled (`mock.patch.dict` →
/// mock, patch, dict), and as each dotted symbol it resolves to through an
/// import (`P` after `from unittest.mock import patch as P` → unittest,
/// mock, patch).
pub fn callee_spellings(sem: &Semantic, function: Node) -> Vec<Vec<String>> {
    spellings_within(sem, function, 0)
}

/// The objects pytest hands a test as fixtures, and the names they are
/// usually given: a parameter so named is the fixture.
const FIXTURE_ROOTS: &[&str] = &["monkeypatch", "mp", "mocker"];

/// [`callee_spellings`], `depth` assignments deep.
fn spellings_within(sem: &Semantic, function: Node, depth: usize) -> Vec<Vec<String>> {
    let spelled = callee_names(sem.source, function);
    let mut out = Vec::new();
    match local_root(sem, function) {
        None => out.push(spelled),
        Some((root, bindings)) => {
            // The chain's head is a `def`, a class, a parameter or another
            // local, not an import: `patch("a.b")` calls the file's own
            // `patch`, which may take anything. Only an assignment says
            // what it stands for (`patch = mock.patch`).
            for value in assigned_values(sem, root, &bindings) {
                if depth >= 4 {
                    break;
                }
                for names in spellings_within(sem, value, depth + 1) {
                    let names: Vec<String> = names
                        .into_iter()
                        .chain(spelled[1..].iter().cloned())
                        .collect();
                    if !out.contains(&names) {
                        out.push(names);
                    }
                }
            }
            // The head's own name says nothing, what is called on it may
            // (`mocker.patch`, `self.patch`), as may a fixture's name.
            if FIXTURE_ROOTS.contains(&spelled[0].as_str()) {
                out.push(spelled);
            } else if spelled.len() >= 2 {
                let mut names = spelled;
                names[0] = String::new();
                out.push(names);
            }
        }
    }
    if sem.may_resolve(function) {
        let scope = sem.scope_at(function.start_byte());
        for r in sem.resolve_all(function, scope) {
            let names: Vec<String> = r.symbol.split('.').map(str::to_string).collect();
            if !out.contains(&names) {
                out.push(names);
            }
        }
    }
    out
}

/// The head of a callee chain when it is an identifier that every
/// binding reaching it binds otherwise than by an import (a `def`, a
/// parameter, an assignment, a loop or comprehension variable), with those
/// bindings' positions.
fn local_root<'t>(sem: &Semantic, function: Node<'t>) -> Option<(Node<'t>, Vec<usize>)> {
    let mut head = function;
    while head.kind() == "attribute" {
        head = head.child_by_field_name("object")?;
    }
    if head.kind() != "identifier" {
        return None;
    }
    let (name, pos) = (sem.text(head), head.start_byte());
    let scope = sem.scope_at(pos);
    let bindings = sem.lookup_all(name, scope, pos);
    let local = !bindings.is_empty()
        && bindings
            .iter()
            .all(|b| !matches!(b.kind, BindingKind::Import { .. }))
        && sem.resolve_name_all(name, scope, pos).is_empty();
    local.then(|| (head, bindings.iter().map(|b| b.pos).collect()))
}

/// The values of the plain assignments (`name = value`) among the
/// bindings at `positions` of the identifier `head`.
fn assigned_values<'t>(sem: &Semantic<'t>, head: Node<'t>, positions: &[usize]) -> Vec<Node<'t>> {
    let root = sem.root;
    let len = head.byte_range().len();
    positions
        .iter()
        .filter_map(|&pos| {
            let target = root.descendant_for_byte_range(pos, pos + len)?;
            let assignment = target.parent().filter(|a| a.kind() == "assignment")?;
            (target.kind() == "identifier"
                && sem.text(target) == sem.text(head)
                && assignment.child_by_field_name("left") == Some(target))
            .then(|| assignment.child_by_field_name("right"))
            .flatten()
        })
        .collect()
}

/// The names of a callee chain (`mock.patch.dict` → mock, patch, dict).
fn callee_names(source: &str, mut node: Node) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        match node.kind() {
            "identifier" => {
                out.push(source[node.byte_range()].to_string());
                break;
            }
            "attribute" => {
                if let Some(a) = node.child_by_field_name("attribute") {
                    out.push(source[a.byte_range()].to_string());
                }
                match node.child_by_field_name("object") {
                    Some(o) => node = o,
                    None => break,
                }
            }
            _ => break,
        }
    }
    out.reverse();
    out
}

/// [`is_import_path_arg`], or a string assigned to a name (`TARGET =
/// "a.b.c"`) that the file passes where an import path goes
/// (`patch(TARGET)`).
pub fn is_path_string(sem: &Semantic, node: Node) -> bool {
    if is_import_path_arg(sem, node) {
        return true;
    }
    assigned_name(sem, node).is_some_and(|name| {
        sem.references.iter().any(|r| {
            r.node.kind() == "identifier"
                && sem.text(r.node) == name
                && is_import_path_arg(sem, r.node)
        })
    })
}

/// The name a string is assigned to (`TARGET = "a.b.c"`), if it is the
/// whole right side of an assignment to one name.
fn assigned_name<'s>(sem: &Semantic<'s>, node: Node<'s>) -> Option<&'s str> {
    let assignment = sem.parent(node).filter(|p| p.kind() == "assignment")?;
    if assignment.child_by_field_name("right") != Some(node) {
        return None;
    }
    let left = assignment
        .child_by_field_name("left")
        .filter(|l| l.kind() == "identifier")?;
    Some(&sem.source[left.byte_range()])
}

/// The modules a module-level `pytest_plugins = ["app.fixtures", …]` (a
/// string, list or tuple of strings, `+=` too) names: pytest imports each
/// and looks fixtures up in it by name.
pub fn pytest_plugins(sem: &Semantic) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor = sem.root.walk();
    for statement in sem.root.named_children(&mut cursor) {
        let Some(assign) = statement
            .named_child(0)
            .filter(|_| statement.kind() == "expression_statement")
            .filter(|a| matches!(a.kind(), "assignment" | "augmented_assignment"))
        else {
            continue;
        };
        let (Some(left), Some(right)) = (
            assign.child_by_field_name("left"),
            assign.child_by_field_name("right"),
        ) else {
            continue;
        };
        if left.kind() != "identifier" || sem.text(left) != "pytest_plugins" {
            continue;
        }
        let mut c = right.walk();
        let items: Vec<Node> = match right.kind() {
            "list" | "tuple" | "parenthesized_expression" => right.named_children(&mut c).collect(),
            _ => vec![right],
        };
        out.extend(
            (items.into_iter())
                .filter_map(|n| string_value(sem.source, n))
                .map(|(_, v)| v),
        );
    }
    out
}

/// Whether `bytes` may set `pytest_plugins` (see [`pytest_plugins`]).
pub fn spells_pytest_plugins(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"pytest_plugins").is_some()
}
