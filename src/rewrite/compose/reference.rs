//! The composing of a layer edit by edit, as it was before composing
//! became one merge pass: kept verbatim (names suffixed `_ref`) as the
//! reference the randomized differential test checks the fast path against.

use std::ops::Range;

use super::super::layer::{Layer, LayerEdit};
use super::super::{Edit, EditKind};
use super::{Composite, before_deletions, overlaps};

impl Composite {
    /// The reference for [`Composite::add_layer`]: the old edit-by-edit path.
    pub(in crate::rewrite) fn add_layer_reference(
        &mut self,
        current: &str,
        layer: &Layer,
        rule: &str,
    ) {
        if self.edits.is_empty() {
            self.first_layer(layer, rule);
        } else {
            self.edit_by_edit_ref(current, layer, rule);
        }
    }

    /// A current-text position outside every edit, mapped to the base.
    /// Edits the layer being composed already made (`fresh`) all lie at or
    /// after `pos`. A deletion that left nothing at `pos` has two sides in
    /// the base; `pos` maps after it, unless `before_deletions` (see
    /// [`Self::insertion_point`]).
    fn to_base_ref(
        &self,
        cur: &[Range<usize>],
        fresh: &[bool],
        pos: usize,
        before_deletions: bool,
    ) -> usize {
        let mut delta: isize = 0;
        for ((e, c), fresh) in self.edits.iter().zip(cur).zip(fresh) {
            let deleted_here = c.start == pos && c.end == pos;
            if c.end <= pos && !fresh && !(before_deletions && deleted_here) {
                delta += e.replacement.len() as isize - e.range.len() as isize;
            }
        }
        (pos as isize - delta) as usize
    }

    /// Where layer edit `e`, which hits no edit, starts in the base. A
    /// whole line inserted at a line start where an earlier edit deleted
    /// text goes before the deleted text, at the base's line start too:
    /// after it, the line would start mid-line whenever the deletion is
    /// not accepted with it (`import a  # c` losing `import a` puts the
    /// new line between `import a` and its comment).
    fn insertion_point_ref(
        &self,
        current: &str,
        (cur, fresh): (&[Range<usize>], &[bool]),
        e: &LayerEdit,
    ) -> usize {
        self.to_base_ref(cur, fresh, e.range.start, before_deletions(current, e))
    }

    /// Compose `layer`'s edits one by one, last first, each merged with the
    /// edits its range hits.
    pub(in crate::rewrite) fn edit_by_edit_ref(
        &mut self,
        current: &str,
        layer: &Layer,
        rule: &str,
    ) {
        // Layer edit index -> composite edit index, filled as edits land.
        let mut landed: Vec<usize> = vec![usize::MAX; layer.edits.len()];
        let mut order: Vec<usize> = (0..layer.edits.len()).collect();
        // Last first: composing an edit never moves positions before it.
        order.sort_by_key(|&i| {
            std::cmp::Reverse((layer.edits[i].range.start, layer.edits[i].range.end, i))
        });
        // Where each composite edit lies in `current` (the layer's input),
        // kept as edits merge: an edit this layer already merged into
        // holds, as its replacement, what `current` there becomes.
        let mut cur = self.current_ranges();
        let mut fresh = vec![false; cur.len()];
        for i in order {
            let e = &layer.edits[i];
            let hits: Vec<usize> = cur
                .iter()
                .enumerate()
                .filter(|(_, c)| overlaps(c, &e.range))
                .map(|(j, _)| j)
                .collect();
            let span = match (hits.first(), hits.last()) {
                (Some(&f), Some(&l)) => {
                    e.range.start.min(cur[f].start)..e.range.end.max(cur[l].end)
                }
                _ => e.range.clone(),
            };
            let merged = self.composed_ref(current, (&cur, &fresh), &hits, e, rule);
            let at = match hits.first() {
                Some(&first) => first,
                None => self.place_ref(current, (&cur, &fresh), e, &merged.range),
            };
            // Earlier deletions `e` touches and does not hit: it requires them.
            let touched: Vec<usize> = (0..cur.len())
                .filter(|&j| !fresh[j] && cur[j].is_empty() && !overlaps(&cur[j], &e.range))
                .filter(|&j| cur[j].start == e.range.start || cur[j].start == e.range.end)
                .collect();
            let at = self.replace_ref(&hits, at, merged, &mut landed);
            let moved = |j: usize| match hits.is_empty() {
                true if j >= at => j + 1,
                false if j >= at + hits.len() => j + 1 - hits.len(),
                _ => j,
            };
            self.requires
                .extend(touched.into_iter().map(|j| (at, moved(j))));
            self.requires.sort_unstable();
            self.requires.dedup();
            cur.splice(at..at + hits.len(), [span]);
            fresh.splice(at..at + hits.len(), [true]);
            landed[i] = at;
        }
        self.link(layer, &landed);
    }

    /// The base-text edit for layer edit `e`, merged with the edits it
    /// `hits` (by index; `cur` are their ranges in `current`, `fresh` says
    /// which this layer made).
    fn composed_ref(
        &self,
        current: &str,
        (cur, fresh): (&[Range<usize>], &[bool]),
        hits: &[usize],
        e: &LayerEdit,
        rule: &str,
    ) -> Edit {
        let mut notes: Vec<String> = hits
            .iter()
            .filter_map(|&j| self.edits[j].note.clone())
            .collect();
        notes.extend(e.note.clone());
        let (base_range, text, mut rules, kind) = if hits.is_empty() {
            let start = self.insertion_point_ref(current, (cur, fresh), e);
            let end = start + e.range.len();
            (
                start..end,
                e.replacement.clone(),
                vec![rule.to_string()],
                e.kind,
            )
        } else {
            self.merged_ref(current, (cur, fresh), hits, e, rule)
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

    /// Range, text, rules and kind of `e` merged with the edits it hits:
    /// one edit of the base spanning them all.
    fn merged_ref(
        &self,
        current: &str,
        (cur, fresh): (&[Range<usize>], &[bool]),
        hits: &[usize],
        e: &LayerEdit,
        rule: &str,
    ) -> (Range<usize>, String, Vec<String>, EditKind) {
        let first = hits[0];
        let last = *hits.last().unwrap_or(&first);
        let u_start = e.range.start.min(cur[first].start);
        let u_end = e.range.end.max(cur[last].end);
        let b_start = if u_start == cur[first].start {
            self.edits[first].range.start
        } else {
            self.to_base_ref(cur, fresh, u_start, false)
        };
        let b_end = if u_end == cur[last].end {
            self.edits[last].range.end
        } else {
            self.edits[last].range.end + (u_end - cur[last].end)
        };
        // After `e`, the last edit's text: this layer's later edits may
        // have merged into it already (they all lie after `e`, so its text
        // up to `e`'s end is still `current`'s).
        let after = if e.range.end < cur[last].end {
            &self.edits[last].replacement[e.range.end - cur[last].start..]
        } else {
            &current[e.range.end..u_end]
        };
        let text = format!(
            "{}{}{}",
            &current[u_start..e.range.start],
            e.replacement,
            after
        );
        let mut rules: Vec<String> = hits
            .iter()
            .flat_map(|&j| self.edits[j].rules.clone())
            .collect();
        rules.push(rule.to_string());
        let kind = if e.kind == EditKind::Rewrite {
            e.kind
        } else {
            self.edits[first].kind
        };
        (b_start..b_end, text, rules, kind)
    }

    /// Where layer edit `e`, which hits no edit and lands on `base` of the
    /// base text, goes among the edits: after those that lie before it in
    /// `current`. By base positions alone, two insertions at one point
    /// would be ordered by which rule came first, not as `current` has
    /// them (`from m import a as x` inserted above an earlier rule's `from
    /// n import b as x`, and the later binding, which wins, swapped).
    /// This layer's own insertions at one point go later first.
    fn place_ref(
        &self,
        current: &str,
        (cur, fresh): (&[Range<usize>], &[bool]),
        e: &LayerEdit,
        base: &Range<usize>,
    ) -> usize {
        let before_deletions = before_deletions(current, e);
        self.edits
            .iter()
            .zip(cur)
            .zip(fresh)
            .take_while(|((x, c), fresh)| {
                if **fresh {
                    (x.range.start, x.range.end) <= (base.start, base.end)
                } else if c.is_empty() && c.start == e.range.start {
                    // A deletion where `e` goes: see `insertion_point`.
                    !before_deletions
                } else {
                    c.end <= e.range.start
                }
            })
            .count()
    }

    /// Replace the `hits` edits by `merged` (or insert it in order when it
    /// hits none), remapping the links and the `landed` indices; returns
    /// where it went.
    fn replace_ref(
        &mut self,
        hits: &[usize],
        at: usize,
        merged: Edit,
        landed: &mut [usize],
    ) -> usize {
        let removed = hits.len();
        let remap = |x: usize| -> usize {
            if hits.contains(&x) {
                at
            } else if x >= at + removed {
                x + 1 - removed
            } else {
                x
            }
        };
        // An insertion shifts indices at or after `at` by one.
        let remap_insert = |x: usize| if x >= at { x + 1 } else { x };
        self.requires = self
            .requires
            .iter()
            .map(|&(a, b)| {
                if removed == 0 {
                    (remap_insert(a), remap_insert(b))
                } else {
                    (remap(a), remap(b))
                }
            })
            .filter(|(a, b)| a != b)
            .collect();
        for l in landed.iter_mut().filter(|l| **l != usize::MAX) {
            *l = if removed == 0 {
                remap_insert(*l)
            } else {
                remap(*l)
            };
        }
        self.edits.splice(at..at + removed, [merged]);
        at
    }
}
