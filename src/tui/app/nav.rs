//! Moving around: the selected file and hunk, and the diff pane's scroll,
//! which always keeps the current hunk in view.

use std::hash::{DefaultHasher, Hash, Hasher};

use super::entries::Entry;
use super::{App, Layout, Part};
use crate::review::{Decision, FileReview};
use crate::tui::diff::{self, Rendered};
use crate::tui::layout::{self, HunkStarts};

impl App {
    /// Render the selected file's diff if the cache is stale.
    pub fn refresh(&mut self) {
        let Some(e) = self.current() else { return };
        let key = diff::key(&e.review);
        if self.cache.get(&e.path).is_some_and(|r| r.key == key) {
            return;
        }
        let rendered = diff::render(&e.review);
        let path = e.path.clone();
        self.cache.insert(path, rendered);
    }

    pub(super) fn select_file(&mut self, pos: usize) {
        if self.visible.is_empty() {
            return;
        }
        let pos = pos.min(self.visible.len() - 1);
        if pos != self.selected {
            self.selected = pos;
            self.hunk = 0;
            self.scroll = 0;
        }
        self.resume = None;
        self.moved = true;
        self.refresh();
    }

    /// Hunk `x`'s header: number, decision, rules, links, the rule's note.
    pub fn header(&self, e: &Entry, x: usize, current: bool) -> Vec<(Part, String)> {
        let review = &e.review;
        let hunk = &review.hunks()[x];
        let d = review.decision(hunk.id).clone();
        let label = match &d {
            Decision::Pending => "pending",
            Decision::Accepted => "✓ accepted",
            Decision::Rejected => "✗ rejected",
            Decision::Edited(_) => "✎ edited",
        };
        let mut parts = vec![
            (
                Part::Marker,
                format!("{}#{} ", if current { "▶" } else { " " }, x + 1),
            ),
            (Part::Decision(d), format!("{label} ")),
            (Part::Rules, format!("[{}] ", hunk.rules.join(", "))),
        ];
        // A copy a saved rejection may be for: said until it is decided.
        if let Some(hold) = review
            .held()
            .into_iter()
            .find(|h| h.hunks.contains(&hunk.id))
        {
            parts.push((
                Part::Links,
                format!(
                    "⚠ held: {} saved for one of {} copies could not be placed; decide this one ",
                    hold.what(),
                    hold.was
                ),
            ));
        }
        let number = |id| review.position(id).map(|p| p + 1);
        let needs: Vec<usize> = (review.requires(hunk.id).into_iter())
            .filter_map(number)
            .collect();
        let needed: Vec<usize> = (review.required_by(hunk.id).into_iter())
            .filter_map(number)
            .collect();
        if !needs.is_empty() {
            parts.push((Part::Links, format!("⛓ needs {} ", hunk_numbers(needs))));
        }
        if !needed.is_empty() {
            parts.push((
                Part::Links,
                format!("⛓ needed by {} ", hunk_numbers(needed)),
            ));
        }
        if let Some(goes) = self.goes_with(e, x) {
            parts.push((Part::Links, goes));
        }
        if let Some(note) = hunk.rules.iter().find_map(|r| self.target.notes.get(r)) {
            parts.push((Part::Note, format!("— {note}")));
        }
        // Why an edit reads as it does (an alias kept, and why).
        for note in &hunk.notes {
            parts.push((Part::Note, format!(" ({note})")));
        }
        parts
    }

    /// "⛓ goes with tests/test_app.py hunk #1 ": the hunks of other files
    /// hunk `x` of `e` is linked to (a patch and the code it intercepts).
    fn goes_with(&self, e: &Entry, x: usize) -> Option<String> {
        let links = e.review.across(e.review.hunks()[x].id);
        if links.is_empty() {
            return None;
        }
        let mut by_file: Vec<(&str, Vec<usize>)> = Vec::new();
        for a in links {
            let number = (self.entries.iter())
                .find(|o| o.path == a.path && !o.committed)
                .and_then(|o| o.review.position(o.review.hunk_of(a.other)?))
                .map(|p| p + 1);
            let at = match by_file.iter().position(|(p, _)| *p == a.path) {
                Some(at) => at,
                None => {
                    by_file.push((&a.path, Vec::new()));
                    by_file.len() - 1
                }
            };
            if let Some(n) = number.filter(|n| !by_file[at].1.contains(n)) {
                by_file[at].1.push(n);
            }
        }
        let files: Vec<String> = by_file
            .into_iter()
            .map(|(path, mut numbers)| {
                numbers.sort_unstable();
                let shown = path;
                match numbers.len() {
                    0 => format!("{shown} (not in this review)"),
                    1 => format!("{shown} hunk #{}", numbers[0]),
                    _ => format!("{shown} hunks {}", hunk_numbers(numbers)),
                }
            })
            .collect();
        Some(format!("⛓ goes with {} ", files.join(", ")))
    }

    /// The first row of each hunk in the diff pane, and the total rows.
    pub fn hunk_rows(&self) -> (Vec<usize>, usize) {
        let rows = self.hunk_starts_at(self.diff_width());
        (rows.starts, rows.total)
    }

    /// Where the selected file's hunks start in a diff pane `width` wide.
    /// The scrolling and every frame ask for it: kept for the file, width,
    /// layout and decisions it was counted for (a header's length changes
    /// with its decision).
    pub fn hunk_starts_at(&self, width: usize) -> HunkStarts {
        let (Some(r), Some(e)) = (self.rendered(), self.current()) else {
            return HunkStarts::default();
        };
        let mut review = fingerprint(e, r);
        if e.review.has_across() {
            // The other files' hunk numbers, which a split there changes.
            let mut h = DefaultHasher::new();
            review.hash(&mut h);
            (0..e.review.hunks().len()).for_each(|x| self.goes_with(e, x).hash(&mut h));
            review = h.finish();
        }
        let key = RowsKey {
            path: e.path.clone(),
            width,
            layout: self.layout,
            review,
        };
        if let Some((k, rows)) = &*self.rows.borrow()
            && *k == key
        {
            return rows.clone();
        }
        let rows = layout::hunk_starts(e, r, self.layout, width, |x| self.header(e, x, false));
        *self.rows.borrow_mut() = Some((key, rows.clone()));
        rows
    }

    pub(super) fn scroll_to_hunk(&mut self) {
        self.refresh();
        let (starts, total) = self.hunk_rows();
        if let Some(&start) = starts.get(self.hunk) {
            let end = starts.get(self.hunk + 1).copied().unwrap_or(total);
            let height = self.diff_height();
            if start < self.scroll || end > self.scroll + height {
                // The hunk's header at the top, unless that would leave
                // the bottom of the pane empty.
                self.scroll = start
                    .min(total.saturating_sub(height))
                    .max(if end - start > height { start } else { 0 });
            }
        }
    }

    /// Scroll the diff and make current the first hunk whose header shows
    /// (else the one the view is inside), so `y` never decides a hunk the
    /// reviewer cannot see.
    pub(super) fn scroll_and_follow(&mut self, delta: isize) {
        self.scroll_by(delta);
        let (starts, _) = self.hunk_rows();
        let height = self.diff_height();
        let visible = starts
            .iter()
            .position(|&s| s >= self.scroll && s < self.scroll + height);
        let inside = starts.iter().rposition(|&s| s <= self.scroll);
        if let Some(x) = visible.or(inside) {
            self.hunk = x;
        }
    }

    pub(super) fn scroll_by(&mut self, delta: isize) {
        let (_, total) = self.hunk_rows();
        let max = total.saturating_sub(self.diff_height().min(total).max(1));
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    pub(super) fn move_hunk(&mut self, forward: bool) {
        let Some(e) = self.current() else { return };
        let n = e.review.hunks().len();
        self.resume = None;
        self.moved = true;
        if forward {
            if self.hunk + 1 < n {
                self.hunk += 1;
            } else if self.selected + 1 < self.visible.len() {
                self.select_file(self.selected + 1);
            }
        } else if self.hunk > 0 {
            self.hunk -= 1;
        } else if self.selected > 0 {
            self.select_file(self.selected - 1);
            let n = self.current().map_or(0, |e| e.review.hunks().len());
            self.hunk = n.saturating_sub(1);
        }
        self.scroll_to_hunk();
    }

    /// After a decision: the next pending hunk in this file, else the first
    /// pending one in the files after it.
    pub(super) fn advance(&mut self) {
        let Some(e) = self.current() else { return };
        let hunks = e.review.hunks();
        let pending = |r: &FileReview, x: usize| *r.decision(r.hunks()[x].id) == Decision::Pending;
        if let Some(x) = (self.hunk + 1..hunks.len())
            .chain(0..self.hunk)
            .find(|&x| pending(&e.review, x))
        {
            self.hunk = x;
            self.scroll_to_hunk();
            return;
        }
        let next = (self.selected + 1..self.visible.len()).find(|&p| {
            let r = &self.entries[self.visible[p]].review;
            (0..r.hunks().len()).any(|x| pending(r, x))
        });
        if let Some(p) = next {
            self.select_file(p);
            let r = &self.entries[self.visible[p]].review;
            self.hunk = (0..r.hunks().len()).find(|&x| pending(r, x)).unwrap_or(0);
            self.scroll_to_hunk();
        }
    }
}

/// What a file's hunk rows were counted for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RowsKey {
    path: String,
    width: usize,
    layout: Layout,
    /// The rendered rows' key and each hunk's kind of decision.
    review: u64,
}

/// Hunk numbers as a header shows them: in order, a run of four or more
/// as `#4–#9`, and past the first few runs a count of the rest, so that a
/// hunk linked to 8,000 others (the patches of a big test file) still
/// leaves room for its diff: `#2 #5–#9 #12`, `#1 #3 … #15 and 42 more`.
pub(super) fn hunk_numbers(mut numbers: Vec<usize>) -> String {
    const SHOWN: usize = 8;
    numbers.sort_unstable();
    numbers.dedup();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for n in numbers {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => runs.push((n, n)),
        }
    }
    let mut out: Vec<String> = Vec::new();
    for &(start, end) in runs.iter().take(SHOWN) {
        match end - start {
            0..=2 => out.extend((start..=end).map(|n| format!("#{n}"))),
            _ => out.push(format!("#{start}–#{end}")),
        }
    }
    let rest: usize = (runs.iter().skip(SHOWN)).map(|(s, e)| e - s + 1).sum();
    if rest > 0 {
        out.push(format!("and {rest} more"));
    }
    out.join(" ")
}

fn fingerprint(e: &Entry, r: &Rendered) -> u64 {
    let mut h = DefaultHasher::new();
    r.key.hash(&mut h);
    for hunk in e.review.hunks() {
        std::mem::discriminant(e.review.decision(hunk.id)).hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::hunk_numbers;

    #[test]
    fn hunk_numbers_shorten_runs_and_count_the_rest() {
        assert_eq!(hunk_numbers(vec![3]), "#3");
        assert_eq!(hunk_numbers(vec![2, 1]), "#1 #2");
        assert_eq!(hunk_numbers(vec![1, 2, 3]), "#1 #2 #3");
        assert_eq!(hunk_numbers(vec![9, 2, 5, 6, 7, 8, 12]), "#2 #5–#9 #12");
        assert_eq!(hunk_numbers((2..=8001).collect()), "#2–#8001");
        let odd: Vec<usize> = (0..50).map(|i| 2 * i + 1).collect();
        assert_eq!(hunk_numbers(odd), "#1 #3 #5 #7 #9 #11 #13 #15 and 42 more");
    }
}
