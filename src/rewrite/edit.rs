//! Byte-range edits on a file's base text, and the proposal that holds them.

use std::ops::Range;

/// What an edit does, for notes in the UI and for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EditKind {
    /// An import statement or entry rewritten in place.
    Import,
    /// An import added for a new name.
    AddImport,
    /// An import entry removed (merged elsewhere, or left unused by a rewrite).
    RemoveImport,
    /// A reference renamed or re-spelled (`create_manager` -> `Manager`, `wsf.x` -> `wsm.y`).
    Reference,
    /// A dotted-path string where an API takes an import path (`patch("old.path")`).
    DottedString,
    /// A string equal to an old path that is data as far as canon can tell
    /// (`fullname == "typing.Mapping"`): offered in review, never taken by
    /// `apply` or shown by `diff`.
    DataString,
    /// A `rewrite` rule's fix at a pattern match.
    Rewrite,
}

impl EditKind {
    /// Offered for review only: `apply` and `diff` leave it out.
    pub fn opt_in(self) -> bool {
        self == EditKind::DataString
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::Import => "import",
            EditKind::AddImport => "add import",
            EditKind::RemoveImport => "remove import",
            EditKind::Reference => "reference",
            EditKind::DottedString => "dotted-path string",
            EditKind::DataString => "string that is data",
            EditKind::Rewrite => "rewrite",
        }
    }
}

/// Replace `range` of the base text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
    /// The ids of the rules that produced it (several when a later rule's
    /// edit landed on an earlier rule's output).
    pub rules: Vec<String>,
    pub kind: EditKind,
    /// Why the edit reads as it does, when that is not obvious (an alias
    /// kept because the new name is taken here): shown with its hunk.
    pub note: Option<String>,
}

/// All proposed edits for one file, sorted by range and non-overlapping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileProposal {
    /// `/`-separated, relative to the project root.
    pub path: String,
    pub base: String,
    pub edits: Vec<Edit>,
    /// `(a, b)`: edit `a` may only be applied together with edit `b` (an
    /// import it needs, or a use that must go before an import can).
    /// Indices into `edits`.
    pub requires: Vec<(usize, usize)>,
    /// The edits of other files that edits here may only be applied
    /// with, as `requires` links edits within the file: filled in by the
    /// pipeline once every file is proposed (see `pipeline::links`).
    pub across: Vec<Across>,
}

/// A link from an edit of this file to an edit of another: a patch
/// string (`mock.patch("old.mod.C.f")`) re-pointed by a move, and the
/// move's edits of the code the patch intercepts. Either both land or
/// neither: the patch alone stops intercepting the code that still uses
/// the old path, the code alone leaves the patch on what it no longer
/// calls. Each side lists the link, so it is mutual.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Across {
    /// The edit here (an index into `edits`).
    pub edit: usize,
    /// The other file (`/`-separated, relative to the project root).
    pub path: String,
    /// Its edit (an index into its proposal's `edits`).
    pub other: usize,
    /// The move rule both edits are of.
    pub rule: String,
    /// The dotted path the patch names, as its string reads
    /// (`oldpkg.models.Thing.method`).
    pub patched: String,
    /// Whether the edit here is the patch (else it is the code).
    pub patch: bool,
}

impl FileProposal {
    /// The base text with the edits whose index `keep` accepts applied.
    pub fn apply_where(&self, keep: impl Fn(usize) -> bool) -> String {
        let kept = (self.edits.iter().enumerate())
            .filter(|(i, _)| keep(*i))
            .map(|(_, e)| (e.range.clone(), e.replacement.as_str()));
        applied(&self.base, kept)
    }

    /// The base text with every edit applied.
    pub fn proposed(&self) -> String {
        self.apply_where(|_| true)
    }

    /// The base text with every edit `apply` takes ([`applicable`](Self::applicable)).
    pub fn applied(&self) -> String {
        self.applicable().proposed()
    }

    /// The proposal with only the edits `apply` takes (opt-in ones left
    /// out, and whatever requires them).
    pub fn applicable(&self) -> FileProposal {
        let mut keep: Vec<bool> = self.edits.iter().map(|e| !e.kind.opt_in()).collect();
        let mut changed = true;
        while changed {
            changed = false;
            for &(a, b) in &self.requires {
                if keep[a] && !keep[b] {
                    keep[a] = false;
                    changed = true;
                }
            }
        }
        self.keeping(&keep)
    }

    /// The proposal with only the edits `keep` says, links between them
    /// renumbered.
    pub fn keeping(&self, keep: &[bool]) -> FileProposal {
        let mut index = vec![usize::MAX; self.edits.len()];
        let mut edits = Vec::new();
        for (i, e) in self.edits.iter().enumerate() {
            if keep[i] {
                index[i] = edits.len();
                edits.push(e.clone());
            }
        }
        let requires = self
            .requires
            .iter()
            .filter(|&&(a, b)| keep[a] && keep[b])
            .map(|&(a, b)| (index[a], index[b]))
            .collect();
        FileProposal {
            path: self.path.clone(),
            base: self.base.clone(),
            edits,
            requires,
            across: renumbered(&self.across, &index),
        }
    }

    /// For each edit, the number of its group: edits linked by `requires`,
    /// directly or through others, share one; numbered in order.
    pub fn groups(&self) -> Vec<usize> {
        let mut joined = UnionFind::new(self.edits.len());
        for &(a, b) in &self.requires {
            joined.join(a, b);
        }
        let mut number = vec![usize::MAX; self.edits.len()];
        let mut next = 0;
        (0..self.edits.len())
            .map(|i| {
                let r = joined.find(i);
                if number[r] == usize::MAX {
                    number[r] = next;
                    next += 1;
                }
                number[r]
            })
            .collect()
    }

    /// The edits that overlap `range` (or insert inside it), in order.
    pub fn over(&self, range: Range<usize>) -> Range<usize> {
        // Sorted and apart: their ends are sorted too.
        let first = self.edits.partition_point(|e| e.range.end <= range.start);
        let end = first
            + self.edits[first..]
                .iter()
                .take_while(|e| e.range.start < range.end.max(range.start + 1))
                .count();
        first..end
    }

    /// Whether `apply` would change anything.
    pub fn has_applicable(&self) -> bool {
        self.edits.iter().any(|e| !e.kind.opt_in())
    }
}

/// `across` with each edit here renumbered by `index` (old index -> new,
/// `usize::MAX` for one left out, whose links go).
pub fn renumbered(across: &[Across], index: &[usize]) -> Vec<Across> {
    across
        .iter()
        .filter_map(|a| {
            let edit = *index.get(a.edit)?;
            (edit != usize::MAX).then(|| Across { edit, ..a.clone() })
        })
        .collect()
}

/// `base` with `edits` (range, replacement: sorted, not overlapping)
/// applied.
pub fn applied<'e>(base: &str, edits: impl IntoIterator<Item = (Range<usize>, &'e str)>) -> String {
    let mut out = String::with_capacity(base.len() + 64);
    let mut at = 0;
    for (range, replacement) in edits {
        out.push_str(&base[at..range.start]);
        out.push_str(replacement);
        at = range.end;
    }
    out.push_str(&base[at..]);
    out
}

/// Which of a set of things (numbered from 0) are joined, directly or
/// through others: a union-find, the smallest number the root.
#[derive(Debug, Default)]
pub struct UnionFind {
    root: Vec<usize>,
}

impl UnionFind {
    pub fn new(n: usize) -> Self {
        UnionFind {
            root: (0..n).collect(),
        }
    }

    /// One more thing, joined to nothing: its number.
    pub fn add(&mut self) -> usize {
        self.root.push(self.root.len());
        self.root.len() - 1
    }

    pub fn find(&mut self, mut i: usize) -> usize {
        while self.root[i] != i {
            self.root[i] = self.root[self.root[i]];
            i = self.root[i];
        }
        i
    }

    /// Joins `a` and `b`; false if they were joined already.
    pub fn join(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        self.root[ra.max(rb)] = ra.min(rb);
        true
    }
}
