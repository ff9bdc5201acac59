use super::*;

fn model(code: &str, module: &str, is_init: bool, f: impl FnOnce(&Semantic, Node)) {
    let mut parser = crate::python::parser();
    let tree = crate::python::parse(&mut parser, code);
    let sem = Semantic::build(&tree, code, module, is_init);
    f(&sem, tree.root_node());
}

/// Resolve every reference whose text is `expr`, in source order.
fn resolve_all(code: &str, module: &str, expr: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    model(code, module, false, |sem, _| {
        for r in &sem.references {
            if sem.text(r.node) == expr {
                out.push(sem.resolve_expr(r.node, r.scope));
            }
        }
    });
    out
}

#[test]
fn import_forms_bind_symbols() {
    let code = "import a.b.c\nimport a.b as ab\nfrom a.b import (\n    c as cc,  # note\n    d,\n)\n\
                a.b.c.x\nab.c\ncc\nd\n";
    assert_eq!(resolve_all(code, "m", "a.b.c.x"), [Some("a.b.c.x".into())]);
    assert_eq!(resolve_all(code, "m", "ab.c"), [Some("a.b.c".into())]);
    assert_eq!(resolve_all(code, "m", "cc"), [Some("a.b.c".into())]);
    assert_eq!(resolve_all(code, "m", "d"), [Some("a.b.d".into())]);
}

#[test]
fn relative_imports_resolve_from_package() {
    let code = "from .f import g\nfrom ..h import i\nfrom . import j\ng\ni\nj\n";
    let mut got = Vec::new();
    model(code, "p.q.mod", false, |sem, _| {
        for r in &sem.references {
            got.push(sem.resolve_expr(r.node, r.scope).unwrap_or_default());
        }
    });
    assert_eq!(got, ["p.q.f.g", "p.h.i", "p.q.j"]);
    // In a package __init__, `.` is the package itself.
    model("from .f import g\ng\n", "p.q", true, |sem, _| {
        let r = sem.references[0];
        assert_eq!(
            sem.resolve_expr(r.node, r.scope).as_deref(),
            Some("p.q.f.g")
        );
    });
    // Climbing above the top package resolves to nothing.
    model("from ...x import y\ny\n", "p.mod", false, |sem, _| {
        let r = sem.references[0];
        assert_eq!(sem.resolve_expr(r.node, r.scope), None);
        assert_eq!(sem.imports[0].module, None);
    });
}

#[test]
fn locals_shadow_imports() {
    let code = "\
from a import f

def p(f):
    return f()

def q():
    f = 1
    return f

def r():
    for f in range(3):
        pass
    with open('x') as f:
        pass
    try:
        pass
    except E as f:
        pass
    return f

def s():
    return [f for f in []]

def t():
    return f()

lam = lambda f: f
";
    let got = resolve_all(code, "m", "f");
    // p, q, r (x4: loads after bindings), s: comprehension, t: import, lam: param.
    let imported: Vec<bool> = got.iter().map(|r| r.is_some()).collect();
    assert_eq!(imported, [false, false, false, false, true, false]);
}

#[test]
fn function_local_import_and_class_scope() {
    let code = "\
def g():
    from a import f
    return f()

class C:
    from b import f
    def m(self):
        return f()

f()
";
    // g's local import; class body import invisible to the method; module f unbound.
    assert_eq!(
        resolve_all(code, "m", "f"),
        [Some("a.f".into()), None, None]
    );
}

#[test]
fn global_declaration_reaches_module() {
    let code = "from a import f\ndef g():\n    global f\n    f = 2\n    return f\ndef h():\n    return f\n";
    // In g, `f = 2` rebinds the module's f before the load; h may see either.
    assert_eq!(resolve_all(code, "m", "f"), [None, Some("a.f".into())]);
}

#[test]
fn star_imports_resolve_free_names_to_every_candidate() {
    let code = "from a.b import *\nfrom os.path import *\nthing()\n";
    model(code, "m", false, |sem, _| {
        let r = sem.references[0];
        let got: Vec<(String, bool)> = sem
            .resolve_all(r.node, r.scope)
            .into_iter()
            .map(|c| (c.symbol, c.via_star))
            .collect();
        assert_eq!(
            got,
            [("os.path.thing".into(), true), ("a.b.thing".into(), true)]
        );
    });
}

#[test]
fn fallback_bindings_in_branches_keep_the_import_reachable() {
    let code = "\
try:
    from a import f
except ImportError:
    f = None

def run():
    return f()

if X:
    from b import g
else:
    g = None
g()
h = 1
from c import h
h()
";
    assert_eq!(resolve_all(code, "m", "f"), [Some("a.f".into())]);
    assert_eq!(resolve_all(code, "m", "g"), [Some("b.g".into())]);
    // A binding in the same block dominates: the later import is the only candidate.
    assert_eq!(resolve_all(code, "m", "h"), [Some("c.h".into())]);
    model("from a import f\nf = 1\nf()\n", "m", false, |sem, _| {
        let r = sem.references[0];
        assert!(
            sem.resolve_all(r.node, r.scope).is_empty(),
            "a straight-line rebinding shadows"
        );
    });
}

#[test]
fn defaults_annotations_and_first_iterable_run_in_the_enclosing_scope() {
    let code = "\
from a import f
async def outer(x=f()) -> f:
    pass
def shadow(f=f()):
    pass
def comp():
    return [y for f in [f()] for y in f]
";
    model(code, "m", false, |sem, _| {
        let calls: Vec<(usize, Option<String>, String)> = sem
            .references
            .iter()
            .filter(|r| sem.text(r.node) == "f")
            .map(|r| {
                let scope = sem.scope_at(r.node.start_byte());
                (
                    scope,
                    sem.resolve_expr(r.node, scope),
                    format!("{:?}", sem.async_context(scope)),
                )
            })
            .collect();
        // outer's default and return annotation, shadow's default, the
        // comprehension's first iterable: all module scope, all the import.
        assert_eq!(calls[0], (0, Some("a.f".into()), "Module".into()));
        assert_eq!(calls[1], (0, Some("a.f".into()), "Module".into()));
        assert_eq!(calls[2], (0, Some("a.f".into()), "Module".into()));
        assert_eq!(
            calls[3].1,
            Some("a.f".into()),
            "first iterable sees the import, not the parameter"
        );
        // `for y in f` reads the comprehension's own `f`.
        assert_eq!(calls[4].1, None);
    });
}

#[test]
fn dotted_names_are_normalised() {
    let code = "from a . b import c\nimport x . y \\\n    .z as w\nc\nw\n";
    model(code, "m", false, |sem, _| {
        let got: Vec<Option<String>> = sem
            .references
            .iter()
            .map(|r| sem.resolve_expr(r.node, r.scope))
            .collect();
        assert_eq!(got, [Some("a.b.c".into()), Some("x.y.z".into())]);
    });
}

#[test]
fn async_context_of_sites() {
    let code = "\
async def a():
    x()
    [x() for _ in y]
def s():
    x()
    lambda: x()
class K:
    x()
x()
";
    let mut got = Vec::new();
    model(code, "m", false, |sem, _| {
        for r in &sem.references {
            if sem.text(r.node) == "x" {
                got.push(sem.async_context(r.scope));
            }
        }
    });
    assert_eq!(
        got,
        [
            AsyncContext::AsyncFunction("a".into()),
            AsyncContext::AsyncFunction("a".into()),
            AsyncContext::SyncFunction("s".into()),
            AsyncContext::Lambda,
            AsyncContext::ClassBody,
            AsyncContext::Module,
        ]
    );
}

#[test]
fn docstrings_comments_and_dunder_all() {
    let code = "\"\"\"Doc.\"\"\"\n# c1\nfrom .x import y\n__all__ = [\"y\", 'z']\ndef f():\n    '''fdoc'''\n    return 's'\n";
    model(code, "p.m", false, |sem, _| {
        let docs: Vec<&str> = sem
            .strings
            .iter()
            .filter(|s| s.docstring)
            .map(|s| sem.text(s.node))
            .collect();
        assert_eq!(docs, ["\"\"\"Doc.\"\"\"", "'''fdoc'''"]);
        assert_eq!(sem.comments.len(), 1);
        let all: Vec<&str> = sem.dunder_all.iter().map(|n| sem.text(*n)).collect();
        assert_eq!(all, ["\"y\"", "'z'"]);
    });
}

#[test]
fn dunder_all_built_by_append_extend_insert_and_concatenation() {
    let code = "__all__ = [\"a\"] + ([\"b\"])\n__all__ += (\"c\",)\n__all__.append(\"d\")\n__all__.insert(0, \"e\")\n__all__.extend([\"f\", \"g\"])\nother.append(\"h\")\ndef f():\n    __all__.append(\"i\")\n";
    model(code, "p.m", false, |sem, _| {
        let all: Vec<&str> = sem.dunder_all.iter().map(|n| sem.text(*n)).collect();
        assert_eq!(
            all,
            [
                "\"a\"", "\"b\"", "\"c\"", "\"d\"", "\"e\"", "\"f\"", "\"g\""
            ]
        );
    });
}

#[test]
fn scope_at_finds_innermost() {
    let code = "def f():\n    def g():\n        pass\n    x = 1\n";
    model(code, "m", false, |sem, _| {
        // The `def` line itself belongs to the enclosing scope.
        assert_eq!(sem.scope_at(0), 0);
        assert_eq!(sem.scope_at(code.find("pass").unwrap()), 2);
        assert_eq!(sem.scope_at(code.find("x = 1").unwrap()), 1);
    });
}

#[test]
fn the_scope_index_answers_as_the_linear_search_at_every_position() {
    let code = "import os\n\nclass A:\n    x = [i for i in range(3)]\n\n    def m(self, f=lambda y: y):\n        def g():\n            return (lambda: 1)()\n        return g\n\n\nasync def h[T](a: T) -> T:\n    return [z async for z in a]\n\nk = {q: q for q in 'ab'}\n";
    model(code, "m", false, |sem, _| {
        assert!(!sem.scope_index.is_empty());
        assert!(sem.scopes.len() > 6, "{}", sem.scopes.len());
        for pos in 0..=code.len() {
            assert_eq!(sem.scope_at(pos), sem.scope_at_linear(pos), "at {pos}");
        }
    });
}

#[test]
fn is_at_or_under_requires_dot_boundary() {
    assert!(is_at_or_under("a.b", "a.b"));
    assert!(is_at_or_under("a.b.c", "a.b"));
    assert!(!is_at_or_under("a.bc", "a.b"));
    assert!(!is_at_or_under("a", "a.b"));
}

#[test]
fn global_and_nonlocal_bindings_land_in_the_outer_scope() {
    let code = "\
Factory = None
def init():
    global Factory
    from a import Factory
def use():
    return Factory()
def outer():
    g = None
    def inner():
        nonlocal g
        from b import g
    return g()
";
    assert_eq!(
        resolve_all(code, "m", "Factory"),
        [Some("a.Factory".into())]
    );
    assert_eq!(resolve_all(code, "m", "g"), [Some("b.g".into())]);
}

#[test]
fn a_string_after_code_is_not_a_module_docstring() {
    model("import os\n\"a.b.c\"\n", "m", false, |sem, _| {
        assert!(sem.strings.iter().all(|s| !s.docstring));
    });
    model(
        "#!/usr/bin/env python\n\n\"\"\"Doc.\"\"\"\n",
        "m",
        false,
        |sem, _| {
            assert!(sem.strings[0].docstring);
        },
    );
}

#[test]
fn a_star_import_wins_over_a_binding_made_only_later() {
    let code = "from a.b import *\nget()\nget = None\n";
    model(code, "m", false, |sem, _| {
        let r = sem.references[0];
        assert_eq!(
            sem.resolve_expr(r.node, r.scope).as_deref(),
            Some("a.b.get")
        );
    });
}

#[test]
fn del_unbinds_a_name_after_loading_it() {
    // `del m` is a load of the import (a rename reaches it); later loads,
    // at module level or in a function run later, find no import.
    let code = "from a import m\nm.x\ndel m, (n)\nm.y\n\n\ndef f():\n    return m.z\n";
    assert_eq!(resolve_all(code, "p", "m.x"), [Some("a.m.x".into())]);
    // Every `m` identifier: the head of `m.x`, the `del`, the heads of `m.y`, `m.z`.
    assert_eq!(
        resolve_all(code, "p", "m"),
        [Some("a.m".into()), Some("a.m".into()), None, None]
    );
    assert_eq!(resolve_all(code, "p", "m.y"), [None]);
    assert_eq!(resolve_all(code, "p", "m.z"), [None]);
}

#[test]
fn pep_695_type_parameters_shadow_imports_where_cpython_sees_them() {
    // Each `Old` after the import is marked with what CPython 3.12 binds it
    // to: the type parameter (local) or the import (`o.Old`).
    let code = "\
from o import Old, A

def f[Old](x: Old = Old, *a: Old) -> Old:
    return Old

class Box[Old](list[Old]):
    item: Old
    def m(self) -> Old:
        return Old

class K:
    A = int
    def m[T](self, x: A) -> T:
        return A

type Alias[Old] = list[Old]
type Plain = Old
";
    let got: Vec<String> = resolve_all(code, "m", "Old")
        .into_iter()
        .map(|r| r.unwrap_or_else(|| "local".into()))
        .collect();
    let want = [
        // f: annotations and body see the parameter; the default is outside.
        "local", "o.Old", "local", "local", "local",
        // Box: bases, class body and methods.
        "local", "local", "local", "local",
        // the alias's value; a plain alias's value is the import.
        "local", "o.Old",
    ];
    assert_eq!(got, want);
    // Directly in the annotation scope the class's names are visible; in
    // the method body they are not (class bodies do not enclose).
    assert_eq!(resolve_all(code, "m", "A"), [None, Some("o.A".into())]);
    // Pattern matching finds a site's scope by position: the same one.
    model(code, "m", false, |sem, _| {
        for r in &sem.references {
            let at = r.node.start_byte();
            assert_eq!(sem.scope_at(at), r.scope, "{}", &code[at..]);
        }
    });
}

/// Module code, and a class body in it, runs top to bottom: a name its
/// module binds only further down is unbound where it is used (canon's
/// check refuses a fix that uses its import before it runs). A function
/// body runs later, a builtin is bound, and a class's own binding is its.
#[test]
fn a_module_level_use_before_the_only_binding_is_bound_later() {
    let code = "print(g(1))\nclass K:\n    x = g(2)\n    len = 1\n    y = len\ndef h():\n    return g(3)\nfrom new.mod import g\nlen = g\nprint(g(4))\n";
    model(code, "m", false, |sem, _| {
        let later: Vec<(String, bool)> = sem
            .references
            .iter()
            .filter(|r| r.node.kind() == "identifier")
            .map(|r| {
                let (name, pos) = (sem.text(r.node), r.node.start_byte());
                let line = code[..pos].matches('\n').count() + 1;
                (
                    format!("{name}@{line}"),
                    sem.bound_later(name, r.scope, pos),
                )
            })
            .collect();
        let want = [
            ("print@1", false),
            ("g@1", true),
            ("g@3", true),
            ("len@5", false),
            ("g@7", false),
            ("g@9", false),
            ("print@10", false),
            ("g@10", false),
        ];
        for (name, bound_later) in want {
            assert!(
                later.contains(&(name.to_string(), bound_later)),
                "{name}: {later:?}"
            );
        }
    });
}

/// Each load of `name` in source order: how many bindings may reach it,
/// and the imports among them.
fn reaching(code: &str, name: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    model(code, "m", false, |sem, _| {
        for r in &sem.references {
            if sem.text(r.node) == name && !is_store_target(r.node) {
                let pos = r.node.start_byte();
                let n = sem.lookup_all(name, r.scope, pos).len();
                let symbols = sem.resolve_name_all(name, r.scope, pos);
                out.push((n, symbols.into_iter().map(|s| s.symbol).collect()));
            }
        }
    });
    out
}

/// A class body reads its namespace, then the globals (`LOAD_NAME`): a
/// load after a class binding that may not have run (an `if`, a `for`
/// over nothing, a `try`) may find the import, and after a `del` of the
/// name only the import; a binding that surely ran shadows it. A
/// function's binding anywhere makes the name local, whether it ran or not.
#[test]
fn class_bodies_fall_back_to_globals_past_bindings_that_may_not_have_run() {
    let import = || vec!["old.helper".to_string()];
    let code = "from old import helper\nclass A:\n    if c:\n        helper = 1\n    x = helper\n";
    assert_eq!(reaching(code, "helper"), [(2, import())]);
    let code =
        "from old import helper\nclass A:\n    for helper in ():\n        pass\n    x = helper\n";
    assert_eq!(reaching(code, "helper"), [(2, import())]);
    let code = "from old import helper\nclass A:\n    try:\n        helper = f()\n    except E:\n        pass\n    x = helper\n";
    assert_eq!(reaching(code, "helper"), [(2, import())]);
    let code = "from old import helper\nclass A:\n    helper = 1\n    y = helper\n    del helper\n    x = helper\n";
    assert_eq!(reaching(code, "helper"), [(1, vec![]), (1, import())]);
    let code = "from old import helper\nclass A:\n    helper = 1\n    if c:\n        del helper\n    x = helper\n";
    assert_eq!(reaching(code, "helper"), [(2, import())]);
    let code = "from old import helper\nclass A:\n    helper = 1\n    x = helper\n";
    assert_eq!(reaching(code, "helper"), [(1, vec![])]);
    let code =
        "from old import helper\ndef f():\n    if c:\n        helper = 1\n    return helper\n";
    assert_eq!(reaching(code, "helper"), [(1, vec![])]);
    let code = "from old import helper\ndef f():\n    for helper in ():\n        pass\n    return helper\n";
    assert_eq!(reaching(code, "helper"), [(1, vec![])]);
}

/// A proposal keeps a resolution per reference (and, in place, the
/// self-check's symbols): collected from a filter, each had room for four.
#[test]
fn resolutions_hold_no_spare_room() {
    let code = "from a import f\nf()\n";
    model(code, "m", false, |sem, _| {
        let r = sem
            .references
            .iter()
            .find(|r| sem.text(r.node) == "f")
            .unwrap();
        let got = sem.resolve_name_all("f", r.scope, r.node.start_byte());
        assert_eq!(got.len(), 1);
        assert_eq!(got.capacity(), 1);
        let cached = &sem.reference_resolutions()[0];
        assert_eq!((cached.len(), cached.capacity()), (1, 1));
    });
}

/// A name bound on each line of a long function: a load looks only at
/// the bindings in effect by then (a binary search), so each costs
/// little however many come after it. Scanning them all made a
/// 40,000-line function take 12 s to propose one edit (quadratic).
#[test]
fn a_load_reads_only_the_bindings_before_it() {
    let body: String = (0..1000).map(|_| "    x += 1\n").collect();
    let code = format!("def f():\n    x = 0\n{body}    return x\n");
    model(&code, "m", false, |sem, _| {
        let f = &sem.scopes[1];
        assert!(f.unordered.is_empty(), "{:?}", f.unordered);
        let bs = &f.bindings["x"];
        assert_eq!(bs.len(), 1001);
        // The load of `x` on the line of the 500th `x += 1`.
        let load = bs[500].pos;
        assert_eq!(f.may_reach("x", bs, load).len(), 500);
        let end = code.rfind("x\n").expect("the return");
        assert_eq!(sem.lookup("x", 1, end).map(|b| b.pos), Some(bs[1000].pos));
    });
    // Bindings out of the order they come into effect (`x = (x := 1)`:
    // the target, bound first, comes into effect at the statement's end,
    // after the walrus in it): every one is looked at, as before.
    model("x = (x := 1)\nx\n", "m", false, |sem, _| {
        let m = &sem.scopes[0];
        assert_eq!(m.unordered, ["x"]);
        let bs = &m.bindings["x"];
        assert_eq!(m.may_reach("x", bs, 0).len(), bs.len());
    });
}

/// `lookup_with_stars` as it was, merging every binding of the module
/// with the star imports' for each load: the walk back from the load over
/// only the bindings in effect by then must find the same bindings.
fn lookup_with_stars_merging_all<'s>(
    sem: &'s Semantic,
    name: &str,
    pos: usize,
    deferred: bool,
) -> (Vec<&'s Binding>, bool) {
    let stars: Vec<&Binding> = (sem.stars.iter())
        .filter(|s| s.may_bind(name))
        .map(|s| &s.binding)
        .collect();
    let mut all: Vec<&Binding> = sem.scopes[0]
        .bindings
        .get(name)
        .into_iter()
        .flatten()
        .collect();
    for b in stars.iter().copied() {
        let at = all.partition_point(|o| o.pos <= b.pos);
        all.insert(at, b);
    }
    let mut out: Vec<&Binding> = Vec::new();
    if deferred {
        out.extend(stars.iter().rev().filter(|b| b.visible > pos));
    }
    for b in all.iter().rev().filter(|b| b.in_effect(pos)) {
        out.push(b);
        if b.dominates(pos) {
            break;
        }
    }
    if out.is_empty() {
        out.extend(all.first());
        return (out, true);
    }
    (out, false)
}

#[test]
fn a_load_under_a_star_import_walks_back_only_over_the_bindings_in_effect() {
    let rebinds: String = (0..200).map(|i| format!("join = join + {i}\n")).collect();
    let programs = [
        format!("from os.path import *\njoin\n{rebinds}join()\n\n\ndef f():\n    return join()\n"),
        "join()\nfrom os.path import *\nif c:\n    join = 1\njoin()\nfrom a import *\njoin()\n".to_string(),
        "from a import join\nfrom os.path import *\ntry:\n    join = 2\nexcept E:\n    pass\njoin\ndel join\njoin\n".to_string(),
        "from os.path import *\nfor join in xs:\n    join()\njoin\nfrom b import *\n\n\ndef g():\n    return join\n".to_string(),
    ];
    for code in &programs {
        model(code, "m", false, |sem, _| {
            let mut loads = 0;
            for r in &sem.references {
                let (name, pos) = (sem.text(r.node), r.node.start_byte());
                if name != "join" {
                    continue;
                }
                for deferred in [false, true] {
                    let own = sem.scopes[0].bindings.get(name);
                    let (fast, fast_forward) = sem.lookup_with_stars(name, own, pos, deferred);
                    let (slow, slow_forward) =
                        lookup_with_stars_merging_all(sem, name, pos, deferred);
                    let at = |bs: &[&Binding]| bs.iter().map(|b| b.pos).collect::<Vec<_>>();
                    assert_eq!(
                        (at(&fast), fast_forward),
                        (at(&slow), slow_forward),
                        "`{name}` at {pos} (deferred: {deferred}) in:\n{code}"
                    );
                }
                loads += 1;
            }
            assert!(loads >= 3, "{code}");
        });
    }
}

#[test]
fn a_symbol_reached_through_many_bindings_is_one_candidate() {
    // No `try` import dominates the load after it, so the load sees all
    // of them: one symbol, once (and the star import's name once too).
    let blocks: String = (0..50)
        .map(|i| {
            format!(
                "try:\n    from old.mod import helper\nexcept ImportError:\n    helper = None\nv{i} = helper\n"
            )
        })
        .collect();
    let code = format!("from a.b import *\n{blocks}");
    let all = resolve_all(&code, "m", "helper");
    assert_eq!(all.len(), 50);
    model(&code, "m", false, |sem, _| {
        let last = (sem.references.iter().rev())
            .find(|r| sem.text(r.node) == "helper")
            .expect("a load");
        let got: Vec<(String, bool)> = (sem.resolve_all(last.node, last.scope).into_iter())
            .map(|r| (r.symbol, r.via_star))
            .collect();
        assert_eq!(
            got,
            [
                ("old.mod.helper".to_string(), false),
                ("a.b.helper".to_string(), true)
            ]
        );
        assert!(
            sem.lookup_all("helper", last.scope, last.node.start_byte())
                .len()
                > 50
        );
    });
}

/// `loaded_paths` is `loads` asked of every path at once.
#[test]
fn loaded_paths_are_what_loads_says() {
    let code = "import a.b.c\nimport d as e\nfrom f.g import h, i\nfrom .rel import j\nif TYPE_CHECKING:\n    import t.u\ndef k():\n    from m.n import o\n";
    model(code, "pkg.mod", false, |sem, _| {
        let loaded = sem.loaded_paths();
        let asked = [
            "a",
            "a.b",
            "a.b.c",
            "a.b.c.x",
            "b",
            "d",
            "e",
            "f",
            "f.g",
            "f.g.h",
            "f.g.i",
            "f.g.x",
            "pkg",
            "pkg.rel",
            "pkg.rel.j",
            "t",
            "t.u",
            "m",
            "m.n",
            "m.n.o",
        ];
        for path in asked {
            assert_eq!(loaded.contains(path), sem.loads(path), "{path}");
        }
        assert!(loaded.contains("a.b.c") && !loaded.contains("t.u"));
    });
}
