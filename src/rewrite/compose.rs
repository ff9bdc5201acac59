//! Composing layers: each rule's edits are made on the previous rules'
//! output; composing maps them back onto the base text. An edit that lands
//! on (or inside) an earlier edit's output merges with it into one edit of
//! the base, carrying both rules and both edits' links.

use std::ops::Range;

use super::layer::{Layer, LayerEdit};
use super::{Edit, EditKind};

#[cfg(test)]
mod reference;

/// Edits on the base text, kept sorted and non-overlapping.
#[derive(Debug, Default, Clone)]
pub struct Composite {
    pub edits: Vec<Edit>,
    /// Links between edits, by position in `edits`.
    pub requires: Vec<(usize, usize)>,
}

impl Composite {
    /// The base text with all edits applied (the current text).
    pub fn apply(&self, base: &str) -> String {
        let mut out = String::with_capacity(base.len() + 64);
        let mut at = 0;
        for e in &self.edits {
            out.push_str(&base[at..e.range.start]);
            out.push_str(&e.replacement);
            at = e.range.end;
        }
        out.push_str(&base[at..]);
        out
    }

    /// Ranges of the edits' replacements in the current text.
    pub fn current_ranges(&self) -> Vec<Range<usize>> {
        let mut delta: isize = 0;
        self.edits
            .iter()
            .map(|e| {
                let start = (e.range.start as isize + delta) as usize;
                delta += e.replacement.len() as isize - e.range.len() as isize;
                start..start + e.replacement.len()
            })
            .collect()
    }

    /// A position in the current text, mapped to the base: one inside an
    /// edit's output goes to where that edit starts.
    pub fn base_pos(&self, pos: usize) -> usize {
        let mut delta: isize = 0;
        for (e, c) in self.edits.iter().zip(self.current_ranges()) {
            if pos < c.start {
                break;
            }
            if pos < c.end {
                return e.range.start;
            }
            delta += e.replacement.len() as isize - e.range.len() as isize;
        }
        (pos as isize - delta).max(0) as usize
    }

    /// A range of the base text, mapped to the current text: an end inside
    /// an edit's input goes to that edit's output (start to its start, end
    /// to its end).
    pub fn current_range(&self, base: &Range<usize>) -> Range<usize> {
        let mut delta: isize = 0;
        let (mut start, mut end) = (None, None);
        for (e, c) in self.edits.iter().zip(self.current_ranges()) {
            if start.is_none() && base.start < e.range.end {
                start = Some(match base.start < e.range.start {
                    true => (base.start as isize + delta) as usize,
                    false => c.start,
                });
            }
            if base.end <= e.range.start {
                end = Some((base.end as isize + delta) as usize);
                break;
            }
            if base.end < e.range.end {
                end = Some(c.end);
                break;
            }
            delta += e.replacement.len() as isize - e.range.len() as isize;
        }
        let shift = |p: usize| (p as isize + delta).max(0) as usize;
        let start = start.unwrap_or_else(|| shift(base.start));
        let end = end.unwrap_or_else(|| shift(base.end));
        start..end.max(start)
    }

    /// Add one rule's layer, made on the current text `current`.
    pub fn add_layer(&mut self, current: &str, layer: &Layer, rule: &str) {
        if self.edits.is_empty() {
            self.first_layer(layer, rule);
        } else {
            self.later_layer(current, layer, rule);
        }
    }

    /// Compose `layer`'s edits one by one, last first, each merged with the
    /// edits its range hits. Composing an edit never moves positions before
    /// it, so the composite's edits before the one being composed stay as
    /// they were (`left`, a prefix of `self.edits`), and all the work is at
    /// the frontier: the edits from there on (`right`, a stack) whose
    /// current ranges reach the layer edit. Links and landing places are by
    /// node id, resolved to indices once at the end: linear in edits and
    /// links, where splicing and remapping every index per edit cost
    /// edits².
    fn later_layer(&mut self, current: &str, layer: &Layer, rule: &str) {
        let cur = self.current_ranges();
        let n0 = self.edits.len();
        let mut left_delta: isize = self.edits.iter().map(delta).sum();
        // The edits from the frontier on, the leftmost last.
        let mut right: Vec<Node> = Vec::new();
        // Node id -> the node it merged into (itself while it stands).
        let mut forward: Vec<usize> = (0..n0).collect();
        // Layer edit index -> node id it landed as.
        let mut landed: Vec<usize> = vec![usize::MAX; layer.edits.len()];
        let mut order: Vec<usize> = (0..layer.edits.len()).collect();
        // Last first: composing an edit never moves positions before it.
        order.sort_by_key(|&i| {
            std::cmp::Reverse((layer.edits[i].range.start, layer.edits[i].range.end, i))
        });
        for &i in &order {
            let e = &layer.edits[i];
            // Every edit that may touch `e` or count in its position goes
            // to `right`; those left end before `e` (their deltas all
            // count, none is hit, `e` goes after them all).
            while let Some(j) = self.edits.len().checked_sub(1) {
                if cur[j].end < e.range.start {
                    break;
                }
                let edit = self.edits.pop().expect("j < len");
                left_delta -= delta(&edit);
                right.push(Node {
                    edit,
                    cur: cur[j].clone(),
                    fresh: false,
                    id: j,
                });
            }
            // The nodes that start by `e`'s end (the composite's edits lie
            // in order in `current`): the hits, and all that count in
            // mapping `e`'s start to the base.
            let near = right
                .iter()
                .rev()
                .take_while(|n| n.cur.start <= e.range.end)
                .count();
            let window = || right.iter().rev().take(near);
            let hits: Vec<usize> = window()
                .enumerate()
                .filter(|(_, n)| overlaps(&n.cur, &e.range))
                .map(|(k, _)| k)
                .collect();
            let to_base = |pos: usize, before_deletions: bool| -> usize {
                let mut d = left_delta;
                for n in window() {
                    let deleted_here = n.cur.start == pos && n.cur.end == pos;
                    if n.cur.end <= pos && !n.fresh && !(before_deletions && deleted_here) {
                        d += delta(&n.edit);
                    }
                }
                (pos as isize - d) as usize
            };
            let hit = |k: usize| &right[right.len() - 1 - k];
            let span = match (hits.first(), hits.last()) {
                (Some(&f), Some(&l)) => {
                    e.range.start.min(hit(f).cur.start)..e.range.end.max(hit(l).cur.end)
                }
                _ => e.range.clone(),
            };
            let hit_nodes: Vec<&Node> = hits.iter().map(|&k| hit(k)).collect();
            let merged = composed(current, &hit_nodes, e, rule, to_base);
            let id = forward.len();
            // An earlier deletion `e` ends or starts at (not hit: it left
            // nothing here) was in the text `e` was made on: `e` without it
            // may not parse (`from m import \` / `a, b` losing `, b`, then
            // the rest of the statement: the statement's head alone goes).
            let touched: Vec<usize> = window()
                .filter(|n| !n.fresh && n.cur.is_empty() && !overlaps(&n.cur, &e.range))
                .filter(|n| n.cur.start == e.range.start || n.cur.start == e.range.end)
                .map(|n| n.id)
                .collect();
            self.requires
                .extend(touched.into_iter().map(|old| (id, old)));
            let at = match hits.first() {
                Some(&first) => first,
                None => place(current, &right, e, &merged.range),
            };
            debug_assert!(hits.iter().enumerate().all(|(x, &k)| k == at + x));
            forward.push(id);
            let above: Vec<Node> = (0..at).map(|_| right.pop().expect("at <= len")).collect();
            for _ in 0..hits.len() {
                let gone = right.pop().expect("hits lie in right");
                forward[gone.id] = id;
            }
            right.push(Node {
                edit: merged,
                cur: span,
                fresh: true,
                id,
            });
            right.extend(above.into_iter().rev());
            landed[i] = id;
        }
        // Node ids -> final indices.
        let mut index = vec![usize::MAX; forward.len()];
        let kept = self.edits.len();
        for (j, at) in index.iter_mut().enumerate().take(kept) {
            *at = j;
        }
        for (k, n) in right.iter().rev().enumerate() {
            index[n.id] = kept + k;
        }
        let mut to_index = |id: usize| index[resolve(&mut forward, id)];
        if !order.is_empty() {
            let requires = std::mem::take(&mut self.requires);
            self.requires = requires
                .into_iter()
                .map(|(a, b)| (to_index(a), to_index(b)))
                .filter(|(a, b)| a != b)
                .collect();
        }
        let landed: Vec<usize> = landed.into_iter().map(&mut to_index).collect();
        self.edits.extend(right.into_iter().rev().map(|n| n.edit));
        self.link(layer, &landed);
    }

    /// The first layer that changes the file: its text is the base, its
    /// edits (sorted, apart) are the composite's as they are, in the order
    /// the general path puts them (inserts at one point: the later first).
    /// Linear, where composing edit by edit costs edits².
    fn first_layer(&mut self, layer: &Layer, rule: &str) {
        let mut order: Vec<usize> = (0..layer.edits.len()).collect();
        order.sort_by_key(|&i| {
            let r = &layer.edits[i].range;
            (r.start, r.end, std::cmp::Reverse(i))
        });
        let mut landed = vec![usize::MAX; layer.edits.len()];
        for (at, &i) in order.iter().enumerate() {
            let e = &layer.edits[i];
            landed[i] = at;
            self.edits.push(Edit {
                range: e.range.clone(),
                replacement: e.replacement.clone(),
                rules: vec![rule.to_string()],
                kind: e.kind,
                note: e.note.clone(),
            });
        }
        self.link(layer, &landed);
    }

    /// Carry the layer's links over to where its edits landed.
    fn link(&mut self, layer: &Layer, landed: &[usize]) {
        for &(a, b) in &layer.requires {
            let (a, b) = (landed[a], landed[b]);
            if a != b && a != usize::MAX && b != usize::MAX {
                self.requires.push((a, b));
            }
        }
        self.requires.sort_unstable();
        self.requires.dedup();
    }
}

/// One of the composite's edits from the frontier on, while a layer is
/// composed: `cur` is where it lies in `current` (the layer's input);
/// `fresh`, that this layer made it (its replacement is then what
/// `current` there becomes); `id`, for links and landing places.
struct Node {
    edit: Edit,
    cur: Range<usize>,
    fresh: bool,
    id: usize,
}

/// How much an edit lengthens the text.
fn delta(e: &Edit) -> isize {
    e.replacement.len() as isize - e.range.len() as isize
}

/// The node `id` merged into, in the end (shortening the way there).
fn resolve(forward: &mut [usize], id: usize) -> usize {
    let mut root = id;
    while forward[root] != root {
        root = forward[root];
    }
    let mut at = id;
    while forward[at] != root {
        let next = forward[at];
        forward[at] = root;
        at = next;
    }
    root
}

/// The base-text edit for layer edit `e`, merged with the nodes it `hits`
/// (in order). `to_base(pos, before_deletions)` maps a current-text
/// position outside every edit to the base: edits the layer being composed
/// already made (`fresh`) all lie at or after `pos`. A deletion that left
/// nothing at `pos` has two sides in the base; `pos` maps after it, unless
/// `before_deletions`: a whole line inserted at a line start where an
/// earlier edit deleted text goes before the deleted text, at the base's
/// line start too: after it, the line would start mid-line whenever the
/// deletion is not accepted with it (`import a  # c` losing `import a`
/// puts the new line between `import a` and its comment).
fn composed(
    current: &str,
    hits: &[&Node],
    e: &LayerEdit,
    rule: &str,
    to_base: impl Fn(usize, bool) -> usize,
) -> Edit {
    let mut notes: Vec<String> = hits.iter().filter_map(|n| n.edit.note.clone()).collect();
    notes.extend(e.note.clone());
    let (base_range, text, mut rules, kind) = if hits.is_empty() {
        let start = to_base(e.range.start, before_deletions(current, e));
        let end = start + e.range.len();
        (
            start..end,
            e.replacement.clone(),
            vec![rule.to_string()],
            e.kind,
        )
    } else {
        merged(current, hits, e, rule, to_base)
    };
    rules.dedup();
    Edit {
        range: base_range,
        replacement: text,
        rules,
        kind,
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    }
}

/// Range, text, rules and kind of `e` merged with the nodes it hits: one
/// edit of the base spanning them all.
fn merged(
    current: &str,
    hits: &[&Node],
    e: &LayerEdit,
    rule: &str,
    to_base: impl Fn(usize, bool) -> usize,
) -> (Range<usize>, String, Vec<String>, EditKind) {
    let first = hits[0];
    let last = *hits.last().unwrap_or(&first);
    let u_start = e.range.start.min(first.cur.start);
    let u_end = e.range.end.max(last.cur.end);
    let b_start = if u_start == first.cur.start {
        first.edit.range.start
    } else {
        to_base(u_start, false)
    };
    let b_end = if u_end == last.cur.end {
        last.edit.range.end
    } else {
        last.edit.range.end + (u_end - last.cur.end)
    };
    // After `e`, the last edit's text: this layer's later edits may have
    // merged into it already (they all lie after `e`, so its text up to
    // `e`'s end is still `current`'s).
    let after = if e.range.end < last.cur.end {
        &last.edit.replacement[e.range.end - last.cur.start..]
    } else {
        &current[e.range.end..u_end]
    };
    let text = format!(
        "{}{}{}",
        &current[u_start..e.range.start],
        e.replacement,
        after
    );
    let mut rules: Vec<String> = hits.iter().flat_map(|n| n.edit.rules.clone()).collect();
    rules.push(rule.to_string());
    let kind = if e.kind == EditKind::Rewrite {
        e.kind
    } else {
        first.edit.kind
    };
    (b_start..b_end, text, rules, kind)
}

/// Where layer edit `e`, which hits no edit and lands on `base` of the
/// base text, goes among the nodes in `right` (the leftmost last; every
/// edit before them lies before `e`): after those that lie before it in
/// `current`. By base positions alone, two insertions at one point would
/// be ordered by which rule came first, not as `current` has them (`from m
/// import a as x` inserted above an earlier rule's `from n import b as x`,
/// and the later binding, which wins, swapped). This layer's own
/// insertions at one point go later first.
fn place(current: &str, right: &[Node], e: &LayerEdit, base: &Range<usize>) -> usize {
    let before_deletions = before_deletions(current, e);
    right
        .iter()
        .rev()
        .take_while(|n| {
            let (x, c) = (&n.edit, &n.cur);
            if n.fresh {
                (x.range.start, x.range.end) <= (base.start, base.end)
            } else if c.is_empty() && c.start == e.range.start {
                // A deletion where `e` goes: see `composed`.
                !before_deletions
            } else {
                c.end <= e.range.start
            }
        })
        .count()
}

/// Whether `e` is a whole line inserted at a line start of `current`,
/// which goes before a deletion that left nothing there.
fn before_deletions(current: &str, e: &LayerEdit) -> bool {
    let pos = e.range.start;
    let at_line_start = pos == 0 || current.as_bytes().get(pos - 1) == Some(&b'\n');
    e.range.is_empty() && at_line_start && e.replacement.ends_with('\n')
}

/// Whether a new edit `e` (current text) touches an existing replacement `c`.
fn overlaps(c: &Range<usize>, e: &Range<usize>) -> bool {
    if c.is_empty() && e.is_empty() {
        return false;
    }
    if e.is_empty() {
        return c.start < e.start && e.start < c.end;
    }
    if c.is_empty() {
        return e.start < c.start && c.start < e.end;
    }
    e.start < c.end && c.start < e.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::layer::Layer;

    fn layer(edits: &[(Range<usize>, &str)]) -> Layer {
        let mut l = Layer::default();
        for (r, t) in edits {
            l.push(r.clone(), *t, EditKind::Reference);
        }
        l
    }

    #[test]
    fn current_positions_map_to_the_base() {
        let base = "import os\nf(x)\ng(y)\n";
        let mut c = Composite::default();
        // An import line inserted before `f(x)`, and `g` renamed to `gg`.
        c.add_layer(base, &layer(&[(10..10, "import b\n"), (15..16, "gg")]), "r");
        let cur = c.apply(base);
        assert_eq!(cur, "import os\nimport b\nf(x)\ngg(y)\n");
        let at = |s: &str| cur.find(s).unwrap();
        assert_eq!(c.base_pos(at("os")), base.find("os").unwrap());
        assert_eq!(c.base_pos(at("f(x)")), base.find("f(x)").unwrap());
        assert_eq!(c.base_pos(at("(y)")), base.find("(y)").unwrap());
        // Inside an edit's output: where the edit starts.
        assert_eq!(c.base_pos(at("b\n")), 10);
        assert_eq!(c.base_pos(at("gg") + 1), 15);
        // A deletion: the text after it.
        let mut d = Composite::default();
        d.add_layer(base, &layer(&[(10..15, "")]), "r");
        assert_eq!(d.base_pos(10), 15);
    }

    #[test]
    fn later_edits_map_back_to_the_base() {
        let base = "from a import f\nf(x)\ng(y)\n";
        let mut c = Composite::default();
        // Rule 1 renames f -> Manager (import and use).
        c.add_layer(
            base,
            &layer(&[(14..15, "Manager"), (16..17, "Manager")]),
            "move",
        );
        let cur = c.apply(base);
        assert_eq!(cur, "from a import Manager\nManager(x)\ng(y)\n");
        // Rule 2 rewrites the call (covering rule 1's edit) and g(y) (untouched).
        let call = cur.find("Manager(x)").unwrap();
        let g = cur.find("g(y)").unwrap();
        c.add_layer(
            &cur,
            &layer(&[
                (call..call + 10, "Manager(user_context=x)"),
                (g..g + 4, "h(y)"),
            ]),
            "rewrite",
        );
        assert_eq!(
            c.apply(base),
            "from a import Manager\nManager(user_context=x)\nh(y)\n"
        );
        let ranges: Vec<(Range<usize>, &str, Vec<String>)> = c
            .edits
            .iter()
            .map(|e| (e.range.clone(), e.replacement.as_str(), e.rules.clone()))
            .collect();
        assert_eq!(
            ranges,
            [
                (14..15, "Manager", vec!["move".to_string()]),
                (
                    16..20,
                    "Manager(user_context=x)",
                    vec!["move".to_string(), "rewrite".to_string()]
                ),
                (21..25, "h(y)", vec!["rewrite".to_string()]),
            ]
        );
    }

    #[test]
    fn links_survive_merging_and_insertion() {
        let base = "import a\nx = a.f()\n";
        let mut c = Composite::default();
        let mut l = layer(&[(7..8, "b"), (13..16, "b.g")]);
        l.link(0, 1);
        c.add_layer(base, &l, "move");
        assert_eq!(c.requires, [(0, 1), (1, 0)]);
        let cur = c.apply(base);
        assert_eq!(cur, "import b\nx = b.g()\n");
        // An insertion before everything shifts the links.
        let mut l2 = Layer::default();
        l2.push(0..0, "import c\n", EditKind::AddImport);
        c.add_layer(&cur, &l2, "other");
        assert_eq!(c.requires, [(1, 2), (2, 1)]);
        assert_eq!(c.apply(base), "import c\nimport b\nx = b.g()\n");
    }

    #[test]
    fn a_line_inserted_where_an_earlier_rule_deleted_text_stands_alone() {
        // Rule 1 removes `import a` and keeps its comment; rule 2 adds a
        // line where that line now starts. Alone, the new line must still
        // be a line of its own, before `import a`, not between it and the
        // comment.
        let base = "import x\nimport a  # keep\ny = 1\n";
        let mut c = Composite::default();
        c.add_layer(base, &layer(&[(9..17, "")]), "drop");
        let cur = c.apply(base);
        assert_eq!(cur, "import x\n  # keep\ny = 1\n");
        let mut add = Layer::default();
        add.push(9..9, "import b\n", EditKind::AddImport);
        c.add_layer(&cur, &add, "add");
        assert_eq!(c.apply(base), "import x\nimport b\n  # keep\ny = 1\n");
        let alone = Composite {
            edits: vec![c.edits[0].clone()],
            requires: Vec::new(),
        };
        assert_eq!(c.edits[0].replacement, "import b\n");
        assert_eq!(
            alone.apply(base),
            "import x\nimport b\nimport a  # keep\ny = 1\n"
        );
        // Text that is not a whole line, and a replacement of text after
        // the deletion, still go after it.
        let mut c2 = Composite::default();
        c2.add_layer(base, &layer(&[(9..17, "")]), "drop");
        c2.add_layer(&cur, &layer(&[(9..9, "; z = 2")]), "tail");
        assert_eq!(c2.edits[1].range, 17..17);
    }

    #[test]
    fn a_later_rules_line_inserted_above_an_earlier_rules_line_stays_above() {
        // Rule 1 adds `from n import b as x` after the import; rule 2 adds
        // `from m import a as x` at the same line start of its input,
        // above rule 1's line. The later binding wins in Python, so the
        // composed text must keep rule 2's line above, as rule 2 wrote it.
        let base = "import os\nx()\n";
        let mut c = Composite::default();
        c.add_layer(base, &layer(&[(10..10, "from n import b as x\n")]), "one");
        let cur = c.apply(base);
        let mut two = Layer::default();
        two.push(10..10, "from m import a as x\n", EditKind::AddImport);
        let want = format!("{}{}{}", &cur[..10], "from m import a as x\n", &cur[10..]);
        c.add_layer(&cur, &two, "two");
        assert_eq!(c.apply(base), want);
        // And after rule 1's line, where rule 2 asked for that.
        let mut c = Composite::default();
        c.add_layer(base, &layer(&[(10..10, "from n import b as x\n")]), "one");
        let at = cur.find("x()").unwrap();
        let mut two = Layer::default();
        two.push(at..at, "from m import a as x\n", EditKind::AddImport);
        let want = format!("{}{}{}", &cur[..at], "from m import a as x\n", &cur[at..]);
        c.add_layer(&cur, &two, "two");
        assert_eq!(c.apply(base), want);
    }

    #[test]
    fn two_edits_of_a_layer_inside_one_earlier_edit_both_land() {
        // Rule 1 rewrites the outer call; rule 2 (a later round) rewrites
        // both calls nested in it.
        let base = "f((g(), g()))\n";
        let mut c = Composite::default();
        c.add_layer(base, &layer(&[(0..13, "F(x=(g(), g()))")]), "outer");
        let cur = c.apply(base);
        assert_eq!(cur, "F(x=(g(), g()))\n");
        let first = cur.find("g()").unwrap();
        let second = cur.rfind("g()").unwrap();
        c.add_layer(
            &cur,
            &layer(&[(first..first + 3, "G(1)"), (second..second + 3, "G(2)")]),
            "inner",
        );
        assert_eq!(c.apply(base), "F(x=(G(1), G(2)))\n");
        assert_eq!(c.edits.len(), 1);
    }

    #[test]
    fn the_first_layer_composes_as_edit_by_edit_would() {
        let base = "import a\nx = a.f(1)\ny = a.f(2)\n";
        let mut layer = Layer::default();
        let i = layer.push(0..8, "import b", EditKind::Import);
        let j = layer.push(13..14, "g", EditKind::Reference);
        let k = layer.push(20..20, "# one\n", EditKind::AddImport);
        let l = layer.push(20..20, "# two\n", EditKind::AddImport);
        layer.push(24..25, "g", EditKind::Reference);
        layer.link(i, j);
        layer.require(k, l);
        let mut fast = Composite::default();
        fast.first_layer(&layer, "r");
        let mut slow = Composite::default();
        slow.edit_by_edit_ref(base, &layer, "r");
        assert_eq!(fast.edits, slow.edits);
        assert_eq!(fast.requires, slow.requires);
        assert_eq!(fast.apply(base), slow.apply(base));
        let mut later = Composite::default();
        later.later_layer(base, &layer, "r");
        assert_eq!(later.edits, slow.edits);
        assert_eq!(later.requires, slow.requires);
    }

    /// A small deterministic PRNG (xorshift64*), for the differential test.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn chance(&mut self, percent: usize) -> bool {
            self.below(100) < percent
        }

        fn text(&mut self, max: usize, alphabet: &[u8]) -> String {
            let n = self.below(max + 1);
            (0..n)
                .map(|_| alphabet[self.below(alphabet.len())] as char)
                .collect()
        }
    }

    /// A random layer on `text`, as `normalize` leaves one: edits sorted by
    /// (start, end), apart (insertions may share a point, and sit at either
    /// end of a replacement), with random links.
    fn random_layer(rng: &mut Rng, text: &str) -> Layer {
        let kinds = [
            EditKind::Reference,
            EditKind::Import,
            EditKind::AddImport,
            EditKind::RemoveImport,
            EditKind::Rewrite,
        ];
        let mut l = Layer::default();
        let mut at = 0;
        let dense = rng.below(4) + 1;
        while at <= text.len() {
            if rng.below(dense + 1) == 0 {
                let inserts = [0, 0, 1, 1, 2, 3][rng.below(6)];
                for _ in 0..inserts {
                    let line_start = at == 0 || text.as_bytes()[at - 1] == b'\n';
                    let t = if line_start && rng.chance(50) {
                        format!("{}\n", rng.text(3, b"ij"))
                    } else {
                        rng.text(3, b"ij\n")
                    };
                    let i = l.push(at..at, t, kinds[rng.below(kinds.len())]);
                    if rng.chance(20) {
                        l.note(i, format!("n{}", rng.below(3)));
                    }
                }
                if at < text.len() && rng.chance(60) {
                    let end = (at + 1 + rng.below(4)).min(text.len());
                    let t = if rng.chance(30) {
                        String::new()
                    } else {
                        rng.text(4, b"uv\n")
                    };
                    let i = l.push(at..end, t, kinds[rng.below(kinds.len())]);
                    if rng.chance(20) {
                        l.note(i, format!("m{}", rng.below(3)));
                    }
                    at = end;
                    continue;
                }
            }
            at += 1;
        }
        let n = l.edits.len();
        if n > 1 {
            for _ in 0..rng.below(2 * n) {
                let (a, b) = (rng.below(n), rng.below(n));
                if rng.chance(50) {
                    l.link(a, b);
                } else {
                    l.require(a, b);
                }
            }
        }
        l
    }

    #[test]
    fn composing_a_layer_matches_the_edit_by_edit_reference() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut compared, mut merged, mut links) = (0, 0, 0);
        for case in 0..6000 {
            let len = 1 + rng.below(40);
            let base = rng.text(len, b"ab\n");
            let mut c = Composite::default();
            let layers = 2 + rng.below(3);
            for k in 0..layers {
                let current = c.apply(base.as_str());
                let layer = random_layer(&mut rng, &current);
                if layer.edits.is_empty() {
                    continue;
                }
                // Links another pass made (across layers), between edits.
                let n = c.edits.len();
                if n > 1 && rng.chance(30) {
                    for _ in 0..rng.below(n) {
                        let (a, b) = (rng.below(n), rng.below(n));
                        if a != b {
                            c.requires.push((a, b));
                        }
                    }
                    c.requires.sort_unstable();
                    c.requires.dedup();
                }
                let rule = format!("r{}", k % 3);
                let mut want = c.clone();
                want.add_layer_reference(&current, &layer, &rule);
                c.add_layer(&current, &layer, &rule);
                assert_eq!(
                    (&c.edits, &c.requires),
                    (&want.edits, &want.requires),
                    "case {case}, layer {k}: base {base:?}, current {current:?}, layer {layer:?}"
                );
                compared += 1;
                merged += want.edits.iter().filter(|e| e.rules.len() > 1).count();
                links += want.requires.len();
            }
        }
        // Enough cases, with merges and links among them.
        assert!(compared > 10_000, "{compared}");
        assert!(merged > 10_000 && links > 10_000, "{merged} {links}");
    }
}
