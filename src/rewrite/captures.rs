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
//! the reason instead. Where a hole stands counts too: the right of `or`,
//! a branch of `… if … else …`, a comprehension's element or a lambda's
//! body runs it only sometimes, once per item or later ([`Place`]), so a
//! capture with effects there (in the fix or in the pattern) is refused
//! unless both put it in the same construct. Reads the tree; no edits.

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
    places: &Places,
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
    // The order CPython evaluates the captures in, where they stand in the
    // code and in the fix (not their text order: `f(k=$A, *$B)` runs `$B`
    // first).
    let ranges: Vec<Range<usize>> = names.iter().map(|n| m.bindings[*n].clone()).collect();
    let ranks: std::collections::HashMap<&String, usize> = (names.iter().copied())
        .zip(evaluation_ranks(m.node, &ranges))
        .collect();
    let fixed = places.fix_order(fix);
    let code_order = places.code_order(code_uses);
    count_refusal(src, m, code_uses, fix, &names, effects)
        .or_else(|| place_refusal(src, m, &names, places, effects, constant))
        .or_else(|| order_refusal(src, m, &fixed, &names, &ranks, effects, constant))
        .or_else(|| sequence_refusal(src, m, &code_order, &fixed, &ranks, effects))
}

/// With a repeated hole, the order of every evaluation, not only the first
/// of each capture: `f($A, $B, $A)` -> `g($A, $A, $B)` runs `$B` before the
/// second `$A` where the code ran it after. Counts already agree here.
fn sequence_refusal(
    src: &str,
    m: &Match,
    code_uses: &[&str],
    fix: &[&str],
    ranks: &std::collections::HashMap<&String, usize>,
    effects: impl Fn(&String) -> bool,
) -> Option<String> {
    let effectful = |n: &str| m.bindings.get_key_value(n).is_some_and(|(k, _)| effects(k));
    let mut code: Vec<&str> = code_uses.iter().copied().filter(|n| effectful(n)).collect();
    // Each hole once: the code evaluates them where they stand, which is
    // not the pattern's order when keywords matched in another order
    // (`f(verify=$V, timeout=$T)` on `f(timeout=t(4), verify=t(3))`).
    let once = code.iter().enumerate().all(|(i, n)| !code[..i].contains(n));
    if once {
        code.sort_by_key(|n| m.bindings.get_key_value(*n).map(|(k, _)| ranks[k]));
    }
    let fixed: Vec<&str> = fix.iter().copied().filter(|h| effectful(h)).collect();
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
    fix: &[&str],
    names: &[&String],
    ranks: &std::collections::HashMap<&String, usize>,
    effects: impl Fn(&String) -> bool,
    constant: impl Fn(&String) -> bool,
) -> Option<String> {
    let first_use = |name: &String| fix.iter().position(|h| *h == name.as_str());
    let mut used: Vec<(&String, usize)> = names
        .iter()
        .filter_map(|n| Some((*n, first_use(n)?)))
        .collect();
    used.sort_by_key(|(n, _)| ranks[*n]);
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

/// Where a hole stands in a fix or a pattern when that is not "evaluated
/// exactly once, whenever the expression is": the right of `and`/`or`, a
/// branch of `… if … else …`, a later link of a chained comparison (each
/// only sometimes), a comprehension's element, condition or later `for`
/// (once per item: zero or many times), a lambda's body or a generator's
/// element (later, when it is called or consumed). A lambda's defaults, a
/// comprehension's first iterable and a conditional's condition are
/// evaluated once where they stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// How often and when, for the note (`only when the left of `or` is
    /// false`), the outermost construct first.
    why: Vec<&'static str>,
    /// Whether it runs later than the expression does (a lambda's body, a
    /// generator's element): a name is then read after code in between
    /// may have rebound it (a loop variable).
    later: bool,
    /// The outermost such construct, by shape with its holes and symbols
    /// spelled as written: the fix and the pattern place a hole alike when
    /// both put it in the same construct.
    key: String,
    /// That construct as written (for the note).
    text: String,
}

/// The places of every hole of the pattern (the code a match covers) and
/// of the fix, in the order CPython evaluates them ([`in_evaluation_order`]), a repeated hole once per place; `None` for
/// a hole evaluated once where the expression is.
pub struct Places {
    code: Vec<(String, Option<Place>)>,
    fix: Vec<(String, Option<Place>)>,
}

impl Places {
    pub fn new(pattern: &crate::python::Pattern, fix: &Template) -> Places {
        Places {
            code: hole_places(&pattern.source),
            fix: hole_places(&fix.source),
        }
    }

    /// The fix's holes in the order CPython evaluates them, a repeated
    /// one once per use (its text order if it did not parse).
    fn fix_order<'a>(&'a self, fix: &'a Template) -> Vec<&'a str> {
        let text: Vec<&str> = (fix.parts.iter())
            .filter_map(|p| match p {
                TemplatePart::Hole(h) => Some(h.as_str()),
                _ => None,
            })
            .collect();
        let evaluated: Vec<&str> = self.fix.iter().map(|(n, _)| n.as_str()).collect();
        same_holes(text, evaluated)
    }

    /// The pattern's holes in the order CPython evaluates them, a
    /// repeated one once per place (`code_uses`, their text order, if it
    /// did not parse).
    fn code_order<'a>(&'a self, code_uses: &[&'a str]) -> Vec<&'a str> {
        let evaluated: Vec<&str> = self.code.iter().map(|(n, _)| n.as_str()).collect();
        same_holes(code_uses.to_vec(), evaluated)
    }
}

/// `evaluated` when it holds the same holes as `text` (in another order),
/// else `text`.
fn same_holes<'a>(text: Vec<&'a str>, evaluated: Vec<&'a str>) -> Vec<&'a str> {
    let (mut a, mut b) = (text.clone(), evaluated.clone());
    a.sort();
    b.sort();
    if a == b { evaluated } else { text }
}

/// Each `$NAME` / `$$$NAME` of `text` (a pattern or a fix) with its place.
/// Text that does not parse once filled gives none (both were checked to
/// parse when the rule was read).
fn hole_places(text: &str) -> Vec<(String, Option<Place>)> {
    let Ok(pieces) = crate::python::split_holes(text) else {
        return Vec::new();
    };
    let mut probe = String::new();
    // What each placeholder `__canon_p{k}_` stands for, and which are holes.
    let mut table: Vec<(String, Option<String>)> = Vec::new();
    for piece in pieces {
        match piece {
            crate::python::Piece::Text(t) => probe.push_str(&t),
            crate::python::Piece::Hole { name, multi } => {
                probe.push_str(&format!("__canon_p{}_", table.len()));
                let spelled = format!("{}{name}", if multi { "$$$" } else { "$" });
                table.push((spelled, Some(name)));
            }
            crate::python::Piece::Symbol(s) => {
                probe.push_str(&format!("__canon_p{}_", table.len()));
                table.push((format!("{{{s}}}"), None));
            }
        }
    }
    let mut parser = crate::python::parser();
    let tree = crate::python::parse(&mut parser, &probe);
    if tree.root_node().has_error() {
        return Vec::new();
    }
    let placeholder = |node: Node| -> Option<usize> {
        let t = node.utf8_text(probe.as_bytes()).ok()?;
        t.strip_prefix("__canon_p")?.strip_suffix('_')?.parse().ok()
    };
    let mut out = Vec::new();
    let mut walk = Walk {
        probe: &probe,
        table: &table,
        placeholder: &placeholder,
        out: &mut out,
    };
    walk.node(tree.root_node(), None);
    out
}

struct Walk<'a> {
    probe: &'a str,
    table: &'a [(String, Option<String>)],
    placeholder: &'a dyn Fn(Node) -> Option<usize>,
    out: &'a mut Vec<(String, Option<Place>)>,
}

impl Walk<'_> {
    fn node(&mut self, node: Node, place: Option<&Place>) {
        if node.kind() == "identifier"
            && let Some(k) = (self.placeholder)(node)
        {
            if let Some((_, Some(name))) = self.table.get(k) {
                self.out.push((name.clone(), place.cloned()));
            }
            return;
        }
        // Each child with its field name.
        let mut children: Vec<(Node, Option<&'static str>)> = Vec::new();
        let mut cursor = node.walk();
        if cursor.goto_first_child() {
            loop {
                children.push((cursor.node(), cursor.field_name()));
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        let named: Vec<Node> = (children.iter())
            .map(|(c, _)| *c)
            .filter(|c| c.is_named() && c.kind() != "comment")
            .collect();
        for (child, field) in in_evaluation_order(node, children.clone()) {
            let child = &child;
            let index = named.iter().position(|n| n == child);
            let here = match how_often(node, *child, field, index) {
                None => place.cloned(),
                Some((why, later)) => Some(match place {
                    Some(p) => Place {
                        why: [p.why.clone(), vec![why]].concat(),
                        later: p.later || later,
                        ..p.clone()
                    },
                    None => Place {
                        why: vec![why],
                        later,
                        key: self.shape(node),
                        text: self.spelled(node),
                    },
                }),
            };
            self.node(*child, here.as_ref());
        }
    }

    /// `node` by kind and leaf text, placeholders spelled as written.
    fn shape(&self, node: Node) -> String {
        if node.child_count() == 0 {
            return match (self.placeholder)(node) {
                Some(k) if node.kind() == "identifier" => self.table[k].0.clone(),
                _ => node
                    .utf8_text(self.probe.as_bytes())
                    .unwrap_or("")
                    .to_string(),
            };
        }
        let mut cursor = node.walk();
        let kids: Vec<String> = (node.children(&mut cursor))
            .filter(|c| c.kind() != "comment")
            .map(|c| self.shape(c))
            .collect();
        format!("({} {})", node.kind(), kids.join(" "))
    }

    /// The text of `node` with its placeholders spelled as written.
    fn spelled(&self, node: Node) -> String {
        let mut text = self.probe[node.byte_range()].to_string();
        for (k, (spelled, _)) in self.table.iter().enumerate().rev() {
            text = text.replace(&format!("__canon_p{k}_"), spelled);
        }
        text
    }
}

/// `children` (of `parent`, each with its field name) in the order
/// CPython evaluates them, where that is not their text order: a call's
/// positional arguments and `*` splats before its keyword arguments and
/// `**` splats (`f(k=a(), *b())` runs `b()` first), a conditional's
/// condition before its branches, a comprehension's element after its
/// clauses, an assignment's value before its target.
fn in_evaluation_order<'t>(
    parent: Node<'t>,
    mut children: Vec<(Node<'t>, Option<&'static str>)>,
) -> Vec<(Node<'t>, Option<&'static str>)> {
    match parent.kind() {
        "argument_list" => {
            children
                .sort_by_key(|(c, _)| matches!(c.kind(), "keyword_argument" | "dictionary_splat"));
        }
        "conditional_expression" => {
            // Named children: body, condition, alternative.
            let mut k = 0;
            let mut key = Vec::new();
            for (c, _) in &children {
                key.push(if c.is_named() && c.kind() != "comment" {
                    k += 1;
                    match k {
                        2 => 0,
                        1 => 1,
                        _ => 2,
                    }
                } else {
                    1
                });
            }
            let mut keyed: Vec<_> = key.into_iter().zip(children).collect();
            keyed.sort_by_key(|(k, _)| *k);
            children = keyed.into_iter().map(|(_, c)| c).collect();
        }
        "list_comprehension"
        | "set_comprehension"
        | "dictionary_comprehension"
        | "generator_expression" => {
            children.sort_by_key(|(_, f)| *f == Some("body"));
        }
        "assignment" => {
            children.sort_by_key(|(_, f)| *f != Some("right"));
        }
        _ => {}
    }
    children
}

/// The holes of `src`'s captures in the order CPython evaluates them:
/// for each of `ranges`, its rank among the nodes under `root` walked in
/// evaluation order (the first node inside it).
pub fn evaluation_ranks(root: Node, ranges: &[Range<usize>]) -> Vec<usize> {
    fn walk(node: Node, ranges: &[Range<usize>], rank: &mut usize, out: &mut [Option<usize>]) {
        let r = node.byte_range();
        for (k, range) in ranges.iter().enumerate() {
            if out[k].is_none() && range.start <= r.start && r.end <= range.end {
                out[k] = Some(*rank);
            }
        }
        *rank += 1;
        let mut cursor = node.walk();
        let children: Vec<(Node, Option<&'static str>)> = if cursor.goto_first_child() {
            let mut v = Vec::new();
            loop {
                v.push((cursor.node(), cursor.field_name()));
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
            v
        } else {
            Vec::new()
        };
        for (child, _) in in_evaluation_order(node, children) {
            walk(child, ranges, rank, out);
        }
    }
    let mut out = vec![None; ranges.len()];
    let mut rank = 0;
    walk(root, ranges, &mut rank, &mut out);
    (out.into_iter().zip(ranges))
        .map(|(k, r)| k.unwrap_or(usize::MAX / 2 + r.start))
        .collect()
}

/// How often `child` of `parent` runs each time `parent` does, when not
/// exactly once: why (for the note), and whether later than `parent`.
/// `field` is the child's field name, `index` its place among the named
/// children (comments left out).
fn how_often(
    parent: Node,
    child: Node,
    field: Option<&str>,
    index: Option<usize>,
) -> Option<(&'static str, bool)> {
    fn first_for(comprehension: Node) -> Option<Node> {
        (0..comprehension.named_child_count())
            .filter_map(|i| comprehension.named_child(i))
            .find(|c| c.kind() == "for_in_clause")
    }
    match parent.kind() {
        "boolean_operator" if field == Some("right") => {
            let op = parent.child_by_field_name("operator").map(|o| o.kind());
            Some(if op == Some("and") {
                ("only when what is left of `and` is true", false)
            } else {
                ("only when what is left of `or` is false", false)
            })
        }
        "conditional_expression" => match index {
            Some(0) => Some(("only when the condition of `… if … else …` holds", false)),
            Some(2) => Some((
                "only when the condition of `… if … else …` does not hold",
                false,
            )),
            _ => None,
        },
        "comparison_operator" if index.is_some_and(|i| i >= 2) => Some((
            "only when the comparison before it in the chain holds",
            false,
        )),
        "lambda" if field == Some("body") => Some((
            "only when the lambda is called: not where the expression stands, and then as many times as it is called",
            true,
        )),
        "list_comprehension" | "set_comprehension" | "dictionary_comprehension"
            if child.is_named() && child.kind() != "for_in_clause" =>
        {
            Some((
                "once per item of the comprehension (zero or many times)",
                false,
            ))
        }
        "generator_expression" if child.is_named() && child.kind() != "for_in_clause" => Some((
            "once per item, when the generator is consumed (later, zero or many times)",
            true,
        )),
        "for_in_clause" => {
            let comprehension = parent.parent()?;
            let later = comprehension.kind() == "generator_expression";
            let first = first_for(comprehension) == Some(parent);
            if first && field == Some("right") || !child.is_named() {
                return None;
            }
            Some(if later {
                (
                    "once per item, when the generator is consumed (later, zero or many times)",
                    true,
                )
            } else {
                (
                    "once per item of the comprehension (zero or many times)",
                    false,
                )
            })
        }
        _ => None,
    }
}

/// A capture the fix evaluates in another place than the code did (see
/// [`Place`]) that may matter: it may have effects, which would run
/// another number of times or at another time, or it is read later on
/// one side only and is no constant (a name a loop rebinds before the
/// lambda runs). Places agree when both put the hole in the same
/// construct (`{old.pick}($A or $B)` → `{new.pick}($A or $B)`).
fn place_refusal(
    src: &str,
    m: &Match,
    names: &[&String],
    places: &Places,
    effects: impl Fn(&String) -> bool,
    constant: impl Fn(&String) -> bool,
) -> Option<String> {
    let of = |list: &'_ [(String, Option<Place>)], name: &str| -> Vec<Option<Place>> {
        (list.iter())
            .filter(|(n, _)| n == name)
            .map(|(_, p)| p.clone())
            .collect()
    };
    fn keys(ps: &[Option<Place>], only_later: bool) -> Vec<Option<&str>> {
        let mut k: Vec<Option<&str>> = (ps.iter())
            .filter(|p| !only_later || p.as_ref().is_some_and(|p| p.later))
            .map(|p| p.as_ref().map(|p| p.key.as_str()))
            .collect();
        k.sort();
        k
    }
    names.iter().copied().find_map(|name| {
        let (code, fix) = (of(&places.code, name), of(&places.fix, name));
        if code.iter().chain(&fix).all(Option::is_none) {
            return None;
        }
        let effects = effects(name);
        // Without effects, a capture one side leaves out is no matter.
        if !effects && (constant(name) || code.is_empty() || fix.is_empty()) {
            return None;
        }
        // Without effects only a later read can see another value.
        let only_later = !effects;
        if keys(&code, only_later) == keys(&fix, only_later) {
            return None;
        }
        let text = crate::python::excerpt(&src[m.bindings[name].clone()]);
        let relevant = |p: &&Place| !only_later || p.later;
        // The first place on one side that the other side lacks.
        let unmatched = |ps: &[Option<Place>], other: &[Option<Place>]| {
            let theirs = keys(other, only_later);
            (ps.iter().flatten())
                .find(|p| relevant(p) && !theirs.contains(&Some(p.key.as_str())))
                .cloned()
        };
        let elsewhere = |ps: &[Option<Place>]| match ps.iter().flatten().find(relevant) {
            Some(p) => format!("{} (in `{}`)", p.why.join(", and there "), p.text),
            None if ps.is_empty() => "nowhere".to_string(),
            None => "every time it runs".to_string(),
        };
        let consequence = if effects {
            format!(
                "`{text}` may have side effects (a call, an operator, a subscript): they would run another number of times, or at another time"
            )
        } else {
            format!(
                "`{text}` would be read at another time: a name or attribute rebound in between (a loop variable) would give another value"
            )
        };
        let (a, b) = (
            unmatched(&fix, &code).map(|p| (p, "the fix", "the code it replaces", &code)),
            unmatched(&code, &fix).map(|p| (p, "the code it replaces", "the fix", &fix)),
        );
        let (p, this, that, theirs) = a.or(b)?;
        Some(format!(
            "{this} evaluates `${name}` (`{text}`) {} (in `{}`); {that} evaluates it {}, and {consequence} (rewrite it by hand)",
            p.why.join(", and there "),
            p.text,
            elsewhere(theirs)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each hole of `text` with whether it is evaluated once where the
    /// expression is, and whether later.
    fn places(text: &str) -> Vec<(String, Option<bool>)> {
        (hole_places(text).into_iter())
            .map(|(n, p)| (n, p.map(|p| p.later)))
            .collect()
    }

    fn once(names: &[&str]) -> Vec<(String, Option<bool>)> {
        names.iter().map(|n| (n.to_string(), None)).collect()
    }

    #[test]
    fn holes_evaluated_once_where_the_expression_is() {
        // A splat, a slice, an f-string, a lambda's defaults, the first
        // iterable of a comprehension, a condition, the left of `or`, the
        // first two of a comparison, `await` and `:=`.
        for text in [
            "{a.f}($A, *$B, **$C, k=$D)",
            "$A[$B:$C].x",
            "f'{$A}' + $B",
            "(lambda x=$A, *, y=$B: x)",
            "[x for x in $A]",
            "{a.f}() if $A else None",
            "$A or None",
            "$A < $B",
            "await {a.f}($A, $$$B)",
            "(n := $A)",
        ] {
            let got = places(text);
            assert!(!got.is_empty(), "{text}");
            assert!(got.iter().all(|(_, p)| p.is_none()), "{text}: {got:?}");
        }
        assert_eq!(places("{a.f}($A, $B)"), once(&["A", "B"]));
    }

    #[test]
    fn holes_in_the_order_cpython_evaluates_them() {
        let order =
            |text: &str| -> Vec<String> { hole_places(text).into_iter().map(|(n, _)| n).collect() };
        // Positional arguments and `*` splats before keywords and `**`.
        assert_eq!(order("{a.f}(k=$A, *$B)"), ["B", "A"]);
        assert_eq!(
            order("{a.f}($A, k=$B, *$C, j=$D, **$E)"),
            ["A", "C", "B", "D", "E"]
        );
        assert_eq!(order("{a.f}(k=$A, **$B)"), ["A", "B"]);
        assert_eq!(order("$A if $B else $C"), ["B", "A", "C"]);
        assert_eq!(order("[$A for x in $B]"), ["B", "A"]);
    }

    #[test]
    fn holes_evaluated_per_item_later_or_only_sometimes() {
        assert_eq!(
            places("$A if $B else $C"),
            [
                ("B".into(), None),
                ("A".into(), Some(false)),
                ("C".into(), Some(false))
            ]
        );
        assert_eq!(
            places("[$B for x in $A if $C]"),
            [
                ("A".into(), None),
                ("C".into(), Some(false)),
                ("B".into(), Some(false))
            ]
        );
        assert_eq!(
            places("[x for x in $A for y in $B]"),
            [("A".into(), None), ("B".into(), Some(false))]
        );
        assert_eq!(
            places("{a.f}(g(x, $B) for x in $A)"),
            [("A".into(), None), ("B".into(), Some(true))]
        );
        assert_eq!(
            places("(lambda: $A or $B)"),
            [("A".into(), Some(true)), ("B".into(), Some(true))]
        );
        assert_eq!(
            places("$A < $B < $C"),
            [
                ("A".into(), None),
                ("B".into(), None),
                ("C".into(), Some(false))
            ]
        );
        assert_eq!(
            places("{k: $B for k in $A}"),
            [("A".into(), None), ("B".into(), Some(false))]
        );
        // The outermost construct keys a place: alike in both, the same key.
        let a = hole_places("{old.f}($A or $B)");
        let b = hole_places("{new.g}(1, $A  or  $B)");
        assert_eq!(
            a[1].1.as_ref().map(|p| &p.key),
            b[1].1.as_ref().map(|p| &p.key)
        );
        assert_eq!(b[1].1.as_ref().map(|p| p.text.as_str()), Some("$A  or  $B"));
    }
}
