//! How often a `rewrite` fix evaluates what the pattern captured. The fix
//! pastes a capture's text once per `$NAME` it spells, so a capture it uses
//! twice is evaluated twice (`fetch($K) if $K is not None else None` on
//! `get(next(it))` advances the iterator twice) and one it leaves out is not
//! evaluated at all. That is only the same program when the captured code
//! has no effects: a name, an attribute chain of names, a literal. Binding
//! it once (`(k := next(it))`) would need the fix's evaluation order and a
//! free name in a scope that allows `:=`, so such a match is refused with
//! the reason instead. Reads the tree; no edits.

use std::ops::Range;

use tree_sitter::Node;

use crate::python::Match;
use crate::rules::{Template, TemplatePart};

/// Why `fix` cannot replace `m`: it uses a capture other than once, and
/// the captured code may do something each time it runs; or it evaluates
/// two such captures in the other order (`g($B, $A)` for `f($A, $B)` on
/// `f(next(it), next(it))`).
pub fn evaluation_count_refusal(src: &str, m: &Match, fix: &Template) -> Option<String> {
    let mut names: Vec<&String> = m.bindings.keys().collect();
    names.sort();
    let effects = |name: &String| {
        let range = &m.bindings[name];
        !range.is_empty() && !captured_nodes(m.node, range).all(side_effect_free)
    };
    count_refusal(src, m, fix, &names, effects)
        .or_else(|| order_refusal(src, m, fix, &names, effects))
}

/// Two captures that may have effects, evaluated by the fix (in its text
/// order, as a call's arguments are) in the other order than the code it
/// replaces evaluates them.
fn order_refusal(
    src: &str,
    m: &Match,
    fix: &Template,
    names: &[&String],
    effects: impl Fn(&String) -> bool,
) -> Option<String> {
    let first_use = |name: &String| {
        fix.parts
            .iter()
            .position(|p| matches!(p, TemplatePart::Hole(h) if h == name))
    };
    let mut effectful: Vec<(&String, usize)> = names
        .iter()
        .filter(|n| effects(n))
        .filter_map(|n| Some((*n, first_use(n)?)))
        .collect();
    effectful.sort_by_key(|(n, _)| m.bindings[*n].start);
    let swapped = effectful
        .windows(2)
        .find(|w| w[1].1 < w[0].1)
        .map(|w| (w[0].0, w[1].0))?;
    let (a, b) = swapped;
    let code = |n: &String| crate::python::excerpt(&src[m.bindings[n].clone()]);
    Some(format!(
        "the fix evaluates `${b}` (`{}`) before `${a}` (`{}`), the other way round from the code it replaces, and both may have side effects (a call, an operator, a subscript): their effects would run in the other order (bind them to names first, or rewrite it by hand)",
        code(b),
        code(a)
    ))
}

/// A capture the fix uses other than once, which may have effects.
fn count_refusal(
    src: &str,
    m: &Match,
    fix: &Template,
    names: &[&String],
    effects: impl Fn(&String) -> bool,
) -> Option<String> {
    names.iter().copied().find_map(|name| {
        let range = &m.bindings[name];
        let uses = fix
            .parts
            .iter()
            .filter(|p| matches!(p, TemplatePart::Hole(h) if h == name))
            .count();
        if uses == 1 || !effects(name) {
            return None;
        }
        let code = crate::python::excerpt(&src[range.clone()]);
        Some(match uses {
            0 => format!(
                "the fix leaves out `${name}`, and `{code}` may have side effects (a call, an operator, a subscript): the rewritten code would no longer evaluate it (rewrite it by hand)"
            ),
            n => {
                let times = if n == 2 { "twice".to_string() } else { format!("{n} times") };
                format!(
                    "the fix uses `${name}` {times}, and `{code}` may have side effects (a call, an operator, a subscript): pasting it {times} would evaluate it {times} (bind it to a name first, or rewrite it by hand)"
                )
            }
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
fn side_effect_free(node: Node) -> bool {
    match node.kind() {
        "identifier" | "integer" | "float" | "true" | "false" | "none" | "ellipsis" | "comment" => {
            true
        }
        "string" => named(node).iter().all(|c| c.kind() != "interpolation"),
        "concatenated_string" => named(node).into_iter().all(side_effect_free),
        "attribute" => node
            .child_by_field_name("object")
            .is_some_and(side_effect_free),
        "parenthesized_expression" => named(node).into_iter().all(side_effect_free),
        "unary_operator" => node
            .child_by_field_name("argument")
            .is_some_and(|a| matches!(a.kind(), "integer" | "float")),
        "keyword_argument" => node
            .child_by_field_name("value")
            .is_some_and(side_effect_free),
        _ => false,
    }
}
