//! The shape of each fix where it lands: it groups as one expression (and
//! so does every hole in it), it does not reuse the quote of an f-string it
//! sits in nor bring a backslash into one, and any `await` it adds is
//! inside an `async def`.

use std::ops::Range;

use tree_sitter::{Node, Tree};

use super::Applied;
use crate::python::{self, Semantic};

/// Every fix, and every hole in it, must stay one expression where it lands.
/// `old` is the text before the edits (`applied.old` ranges index it).
pub(super) fn structure(
    tree: &Tree,
    old: &str,
    text: &str,
    applied: &Applied,
    out: &mut Vec<String>,
) {
    let root = tree.root_node();
    let fields = Fields::new(root);
    // Each fix and each hole in it (but a list of them), as they land.
    let asked = applied.fix.iter().enumerate().flat_map(|(i, fix)| {
        let n = applied.new[i].clone();
        let holes = fix
            .iter()
            .flat_map(|f| &f.holes)
            .map(move |(h, _)| n.start + h.start..n.start + h.end);
        fix.as_ref()
            .map(|_| applied.new[i].clone())
            .into_iter()
            .chain(holes.filter(|r| !text[r.clone()].contains(',')))
            .map(|r| trim(text, &r))
            .filter(|r| !r.is_empty())
    });
    let exact = python::exact_nodes(root, asked);
    let whole = |r: &Range<usize>| {
        let r = trim(text, r);
        r.is_empty() || exact.contains(&(r.start, r.end))
    };
    for (i, fix) in applied.fix.iter().enumerate() {
        let Some(fix) = fix else { continue };
        let n = &applied.new[i];
        if let Some(quote) = fields.quote(root, text, n)
            && text[n.clone()].contains(quote)
        {
            out.push(format!(
                "the fix `{}` uses the quote `{quote}` of the f-string it lands in, which ends it before Python 3.12",
                python::excerpt(&text[n.clone()])
            ));
            continue;
        }
        // Before Python 3.12 no backslash may appear anywhere in an f-string's
        // `{…}` field, not even inside a string there: a fix that brings one
        // in (its own text, or a hole's text taken from outside the field)
        // would not compile. A field that already held one is 3.12-only code.
        if text[n.clone()].contains('\\')
            && !old[applied.old[i].clone()].contains('\\')
            && fields.quote(root, text, n).is_some()
        {
            out.push(format!(
                "the fix `{}` puts a backslash inside the f-string field it lands in, which does not compile before Python 3.12",
                python::excerpt(&text[n.clone()])
            ));
            continue;
        }
        // A multi-line fix in a field of a single-quoted f-string: the line
        // break ends the string before Python 3.12.
        if text[n.clone()].contains(['\n', '\r'])
            && !old[applied.old[i].clone()].contains(['\n', '\r'])
            && fields.single_quoted(root, text, n)
        {
            out.push(format!(
                "the fix `{}` puts a line break inside the field of a single-quoted f-string it lands in, which does not compile before Python 3.12",
                python::excerpt(&text[n.clone()])
            ));
            continue;
        }
        if let Some(why) = fields.pasted_into_field(root, text, n, &fix.holes) {
            out.push(why);
            continue;
        }
        if !whole(n) {
            out.push(format!(
                "the fix `{}` would not group as one expression where it lands (it needs parentheses)",
                python::excerpt(&text[n.clone()])
            ));
            continue;
        }
        for (h, _) in &fix.holes {
            let r = n.start + h.start..n.start + h.end;
            if !text[r.clone()].contains(',') && !whole(&r) {
                out.push(format!(
                    "`{}` would not group as one expression inside the fix (it needs parentheses)",
                    python::excerpt(&text[r])
                ));
            }
        }
    }
}

/// The f-string fields (`interpolation` nodes) of a tree, found in one
/// walk: climbing from each fix to the root costs the depth each time
/// (each `parent()` call walks down from the root again), which a
/// 1,000-term `+` chain makes cubic.
struct Fields<'t> {
    /// In document order (preorder), with the index of the field each one
    /// sits in, if any.
    all: Vec<(Node<'t>, Option<usize>)>,
}

impl<'t> Fields<'t> {
    fn new(root: Node<'t>) -> Self {
        let mut all: Vec<(Node<'t>, Option<usize>)> = Vec::new();
        // The fields the walk is inside, innermost last.
        let mut open: Vec<usize> = Vec::new();
        let mut cursor = root.walk();
        'walk: loop {
            let node = cursor.node();
            if node.kind() == "interpolation" {
                // An enclosing field's range holds it (fields are never
                // empty: they have their braces); one that ended is done.
                while let Some(&k) = open.last()
                    && !is_ancestor(all[k].0, node)
                {
                    open.pop();
                }
                all.push((node, open.last().copied()));
                open.push(all.len() - 1);
            }
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        Fields { all }
    }

    /// The quote of the f-string whose `{…}` field holds `r`, if any.
    fn quote(&self, root: Node, text: &str, r: &Range<usize>) -> Option<char> {
        self.string_start(root, text, r)?.chars().last()
    }

    /// Whether `r` lands in a field of an f-string whose quote is not
    /// tripled, where a line break ends the string before Python 3.12.
    fn single_quoted(&self, root: Node, text: &str, r: &Range<usize>) -> bool {
        self.string_start(root, text, r).is_some_and(|start| {
            let quote = start.chars().last();
            !start.ends_with(&quote.map_or(String::new(), |q| q.to_string().repeat(3)))
        })
    }

    /// The opening (prefix and quote) of the f-string whose field holds `r`.
    fn string_start<'s>(&self, root: Node, text: &'s str, r: &Range<usize>) -> Option<&'s str> {
        if self.all.is_empty() {
            return None;
        }
        let field = match r.is_empty() {
            // The node a zero-width range finds may sit at a field's edge:
            // climb from it, as few fixes are empty.
            true => {
                let mut node = root.descendant_for_byte_range(r.start, r.end)?;
                while node.kind() != "interpolation" {
                    node = node.parent()?;
                }
                node
            }
            // The innermost field whose range holds `r` is the first
            // field among the ancestors of the node `r` finds.
            false => {
                let last = self.all.partition_point(|(n, _)| n.start_byte() <= r.start);
                let mut k = last.checked_sub(1)?;
                loop {
                    let (n, up) = self.all[k];
                    if n.start_byte() <= r.start && r.end <= n.end_byte() {
                        break n;
                    }
                    k = up?;
                }
            }
        };
        let string = field.parent()?;
        let start = string.child(0).filter(|c| c.kind() == "string_start")?;
        Some(&text[start.byte_range()])
    }
}

impl Fields<'_> {
    /// Why a capture pasted into an f-string field of the fix's own (at
    /// `n`, its holes at `holes` from there) would not compile before
    /// Python 3.12: it holds that f-string's quote (`f"{"disk full"}"`),
    /// a backslash, a comment, or (in a single-quoted one) a line break.
    /// Fields inside the capture came with it, as they were.
    fn pasted_into_field(
        &self,
        root: Node,
        text: &str,
        n: &Range<usize>,
        holes: &[(Range<usize>, Range<usize>)],
    ) -> Option<String> {
        let first = self.all.partition_point(|(f, _)| f.start_byte() < n.start);
        let fields = (self.all[first..].iter().map(|(f, _)| *f))
            .take_while(|f| f.start_byte() < n.end)
            .filter(|f| f.end_byte() <= n.end);
        for field in fields {
            let (fs, fe) = (field.start_byte(), field.end_byte());
            let Some(start) = field.parent().and_then(|s| s.child(0)) else {
                continue;
            };
            if start.kind() != "string_start" {
                continue;
            }
            let opening = &text[start.byte_range()];
            let Some(quote) = opening.chars().last() else {
                continue;
            };
            let triple = opening.ends_with(&quote.to_string().repeat(3));
            for (h, _) in holes {
                let r = n.start + h.start..n.start + h.end;
                if !(fs < r.start && r.end < fe) {
                    continue;
                }
                let pasted = &text[r.clone()];
                let why = if pasted.contains('\\') {
                    Some("a backslash".to_string())
                } else if triple && pasted.contains(&opening[opening.len() - 3..]) {
                    Some(format!(
                        "the quotes `{}` that end it",
                        &opening[opening.len() - 3..]
                    ))
                } else if !triple && pasted.contains(quote) {
                    Some(format!("its quote `{quote}`, which ends it"))
                } else if !triple && pasted.contains('\n') {
                    Some("a line break".to_string())
                } else if has_comment(root, &r) {
                    Some("a comment".to_string())
                } else {
                    None
                };
                if let Some(why) = why {
                    return Some(format!(
                        "the fix pastes `{}` into its own f-string field `{}`, and it holds {why}: that does not compile before Python 3.12 (rewrite it by hand)",
                        python::excerpt(pasted),
                        python::excerpt(&text[fs..fe])
                    ));
                }
            }
        }
        None
    }
}

/// Whether a comment lies inside `r`.
fn has_comment(root: Node, r: &Range<usize>) -> bool {
    let Some(node) = root.descendant_for_byte_range(r.start, r.end) else {
        return false;
    };
    let mut found = false;
    python::preorder(node, |n| {
        if found || n.end_byte() <= r.start || n.start_byte() >= r.end {
            return false;
        }
        found = n.kind() == "comment";
        !found
    });
    found
}

/// Whether `a`'s range holds `b`'s (as an ancestor's does).
fn is_ancestor(a: Node, b: Node) -> bool {
    a.start_byte() <= b.start_byte() && b.end_byte() <= a.end_byte()
}

fn trim(text: &str, r: &Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// An `await` inside a replacement must sit directly in an `async def`.
/// The tree's `await`s are found in one walk, not one per replacement: a
/// body of thousands of rewritten calls would cost its size each time.
pub(super) fn awaits(tree: &Tree, new: &Semantic, applied: &Applied, out: &mut Vec<String>) {
    let wanted = |n: &Range<usize>| !n.is_empty() && new.source[n.clone()].contains("await");
    if !applied.new.iter().any(wanted) {
        return;
    }
    // In document order: a preorder walk meets starts in order.
    let mut found: Vec<usize> = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.kind() == "await" {
            found.push(node.start_byte());
        }
        let mut cursor = node.walk();
        let children: Vec<_> = node.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    debug_assert!(found.is_sorted());
    for n in applied.new.iter().filter(|n| wanted(n)) {
        let first = found.partition_point(|&at| at < n.start);
        for &at in found[first..].iter().take_while(|&&at| at < n.end) {
            let context = new.async_context(new.scope_at(at));
            if !context.allows_await() {
                out.push(format!(
                    "the fix adds `await`, which is not allowed {}",
                    context.describe()
                ));
            }
        }
    }
}
