//! How often a `rewrite` fix evaluates what the pattern captured. The fix
//! pastes a capture's text once per `$NAME` it spells, so a capture it uses
//! twice is evaluated twice (`fetch($K) if $K is not None else None` on
//! `get(next(it))` advances the iterator twice) and one it leaves out is not
//! evaluated at all; the code it replaces evaluated it once per place the
//! hole appears in the pattern (`f($X, $X)` on `f(next(it), next(it))` ran
//! `next` twice, so `g($X)` would run it once). Another count is only the
//! same program when the captured code has no effects: a name, an attribute
//! of a module, a literal. Binding
//! it once (`(k := next(it))`) would need the fix's evaluation order and a
//! free name in a scope that allows `:=`, so such a match is refused with
//! the reason instead. Reads the tree; no edits.

use std::ops::Range;

use tree_sitter::Node;

use crate::python::Match;
use crate::rules::{Template, TemplatePart};

/// Why `fix` cannot replace `m`: it evaluates a capture another number of
/// times than the code it replaces did (`code_uses`, the pattern's holes in
/// source order: a repeated hole was evaluated once per place), and the
/// captured code may do something each time it runs; or it evaluates two
/// such captures in another order (`g($B, $A)` for `f($A, $B)` on
/// `f(next(it), next(it))`).
///
/// `module(name)` says whether a name is surely a module here: an
/// attribute of one is read as it is (`settings.TIMEOUT`), while one of
/// any other object may run a property each time (`conn.host`).
pub fn evaluation_count_refusal(
    src: &str,
    m: &Match,
    code_uses: &[&str],
    fix: &Template,
    module: &dyn Fn(Node) -> bool,
) -> Option<String> {
    let mut names: Vec<&String> = m.bindings.keys().collect();
    names.sort();
    // Each capture's nodes found once: the checks ask of every pair.
    let nodes: std::collections::HashMap<&String, Vec<Node>> = (names.iter())
        .map(|n| (*n, captured_nodes(m.node, &m.bindings[*n]).collect()))
        .collect();
    let free: std::collections::HashMap<&String, (bool, bool)> = (nodes.iter())
        .map(|(n, ns)| {
            let effects = !ns.is_empty() && !ns.iter().all(|x| side_effect_free(*x, module));
            (*n, (effects, ns.iter().all(|x| is_constant(*x))))
        })
        .collect();
    let effects = |name: &String| free.get(name).is_some_and(|f| f.0);
    let constant = |name: &String| free.get(name).is_none_or(|f| f.1);
    count_refusal(src, m, code_uses, fix, &names, effects)
        .or_else(|| order_refusal(src, m, fix, &names, effects, constant))
        .or_else(|| sequence_refusal(src, m, code_uses, fix, effects))
}

/// With a repeated hole, the order of every evaluation, not only the first
/// of each capture: `f($A, $B, $A)` -> `g($A, $A, $B)` runs `$B` before the
/// second `$A` where the code ran it after. Counts already agree here.
fn sequence_refusal(
    src: &str,
    m: &Match,
    code_uses: &[&str],
    fix: &Template,
    effects: impl Fn(&String) -> bool,
) -> Option<String> {
    let effectful = |n: &str| m.bindings.get_key_value(n).is_some_and(|(k, _)| effects(k));
    let mut code: Vec<&str> = code_uses.iter().copied().filter(|n| effectful(n)).collect();
    // Each hole once: the code evaluates them where they stand, which is
    // not the pattern's order when keywords matched in another order
    // (`f(verify=$V, timeout=$T)` on `f(timeout=t(4), verify=t(3))`).
    let once = code.iter().enumerate().all(|(i, n)| !code[..i].contains(n));
    if once {
        code.sort_by_key(|n| m.bindings[*n].start);
    }
    let fixed: Vec<&str> = (fix.parts.iter())
        .filter_map(|p| match p {
            TemplatePart::Hole(h) if effectful(h) => Some(h.as_str()),
            _ => None,
        })
        .collect();
    if code == fixed {
        return None;
    }
    let at = code.iter().zip(&fixed).position(|(a, b)| a != b)?;
    let (a, b) = (code[at], fixed[at]);
    let text = |n: &str| crate::python::excerpt(&src[m.bindings[n].clone()]);
    Some(format!(
        "the fix evaluates `${b}` (`{}`) where the code it replaces evaluates `${a}` (`{}`) (the pattern repeats a hole), and both may have side effects (a call, an operator, a subscript): their effects would run in another order (rewrite it by hand)",
        text(b),
        text(a)
    ))
}

/// Two captures evaluated by the fix (in its text order, as a call's
/// arguments are) in the other order than the code it replaces evaluates
/// them, where that may matter: both may have side effects, or one may
/// and the other reads what it may change (a name a call or `:=` may
/// rebind, an attribute it may set). Only a constant moves freely.
fn order_refusal(
    src: &str,
    m: &Match,
    fix: &Template,
    names: &[&String],
    effects: impl Fn(&String) -> bool,
    constant: impl Fn(&String) -> bool,
) -> Option<String> {
    let first_use = |name: &String| {
        fix.parts
            .iter()
            .position(|p| matches!(p, TemplatePart::Hole(h) if h == name))
    };
    let mut used: Vec<(&String, usize)> = names
        .iter()
        .filter_map(|n| Some((*n, first_use(n)?)))
        .collect();
    used.sort_by_key(|(n, _)| m.bindings[*n].start);
    let code = |n: &String| crate::python::excerpt(&src[m.bindings[n].clone()]);
    for (i, &(a, at_a)) in used.iter().enumerate() {
        for &(b, at_b) in &used[i + 1..] {
            if at_b > at_a {
                continue;
            }
            let (ea, eb) = (effects(a), effects(b));
            if ea && eb {
                return Some(format!(
                    "the fix evaluates `${b}` (`{}`) before `${a}` (`{}`), the other way round from the code it replaces, and both may have side effects (a call, an operator, a subscript, a property): their effects would run in the other order (bind them to names first, or rewrite it by hand)",
                    code(b),
                    code(a)
                ));
            }
            if (ea && !constant(b)) || (eb && !constant(a)) {
                let (writer, reader) = if ea { (a, b) } else { (b, a) };
                return Some(format!(
                    "the fix evaluates `${b}` (`{}`) before `${a}` (`{}`), the other way round from the code it replaces, and `${writer}` may have side effects that change what `${reader}` reads (a call or `:=` rebinding it): the values would differ (bind them to names first, or rewrite it by hand)",
                    code(b),
                    code(a)
                ));
            }
        }
    }
    None
}

/// A capture the fix evaluates another number of times than the code did
/// (once, or once per place a repeated hole appears in the pattern), which
/// may have effects.
fn count_refusal(
    src: &str,
    m: &Match,
    code_uses: &[&str],
    fix: &Template,
    names: &[&String],
    effects: impl Fn(&String) -> bool,
) -> Option<String> {
    let times = |n: usize| match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    };
    names.iter().copied().find_map(|name| {
        let range = &m.bindings[name];
        let uses = fix
            .parts
            .iter()
            .filter(|p| matches!(p, TemplatePart::Hole(h) if h == name))
            .count();
        let was = code_uses.iter().filter(|h| **h == name.as_str()).count().max(1);
        if uses == was || !effects(name) {
            return None;
        }
        let code = crate::python::excerpt(&src[range.clone()]);
        Some(match (uses, was) {
            (0, 1) => format!(
                "the fix leaves out `${name}`, and `{code}` may have side effects (a call, an operator, a subscript): the rewritten code would no longer evaluate it (rewrite it by hand)"
            ),
            (n, 1) => {
                let t = times(n);
                format!(
                    "the fix uses `${name}` {t}, and `{code}` may have side effects (a call, an operator, a subscript): pasting it {t} would evaluate it {t} (bind it to a name first, or rewrite it by hand)"
                )
            }
            (n, was) => format!(
                "the pattern has `${name}` in {was} places, so the code it replaces evaluates `{code}` {}, and the fix uses it {}; it may have side effects (a call, an operator, a subscript), so they would run {} instead of {} (rewrite it by hand)",
                times(was),
                if n == 0 { "nowhere".to_string() } else { times(n) },
                if n == 0 { "never".to_string() } else { times(n) },
                times(was)
            ),
        })
    })
}

/// The outermost named nodes of `root` that lie inside `range` (one for a
/// `$NAME` capture, the arguments of a `$$$NAME` one).
fn captured_nodes<'t>(root: Node<'t>, range: &Range<usize>) -> impl Iterator<Item = Node<'t>> {
    let mut out = Vec::new();
    crate::python::preorder(root, |node| {
        let r = node.byte_range();
        if r.end <= range.start || r.start >= range.end {
            return false;
        }
        if range.start <= r.start && r.end <= range.end {
            if node.is_named() {
                out.push(node);
            }
            return false;
        }
        true
    });
    out.into_iter()
}

fn named(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// Whether evaluating `node` again (or not at all) cannot change what the
/// program does: names, attribute chains of names, literals without
/// interpolation, and those as keyword arguments. A call, an operator, a
/// subscript, a splat (it iterates), a comprehension or a container
/// display (a new object each time) may.
fn side_effect_free(node: Node, module: &dyn Fn(Node) -> bool) -> bool {
    let free = |n: Node| side_effect_free(n, module);
    match node.kind() {
        "identifier" | "integer" | "float" | "true" | "false" | "none" | "ellipsis" | "comment" => {
            true
        }
        "string" => named(node).iter().all(|c| c.kind() != "interpolation"),
        "concatenated_string" => named(node).into_iter().all(free),
        // An attribute of a module is read as it is; of anything else it
        // may be a property, run each time (`conn.host`).
        "attribute" => node.child_by_field_name("object").is_some_and(module),
        "parenthesized_expression" => named(node).into_iter().all(free),
        "unary_operator" => node
            .child_by_field_name("argument")
            .is_some_and(|a| matches!(a.kind(), "integer" | "float")),
        "keyword_argument" => node.child_by_field_name("value").is_some_and(free),
        _ => false,
    }
}

/// Whether `node` is a constant: a literal without interpolation (signed,
/// parenthesised, concatenated), a keyword argument of one. Evaluated
/// earlier or later, it is the same value.
fn is_constant(node: Node) -> bool {
    match node.kind() {
        "integer" | "float" | "true" | "false" | "none" | "ellipsis" | "comment" => true,
        "string" => named(node).iter().all(|c| c.kind() != "interpolation"),
        "concatenated_string" | "parenthesized_expression" => {
            named(node).into_iter().all(is_constant)
        }
        "unary_operator" => node
            .child_by_field_name("argument")
            .is_some_and(is_constant),
        "keyword_argument" => node.child_by_field_name("value").is_some_and(is_constant),
        _ => false,
    }
}
