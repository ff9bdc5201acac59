//! Pairing the old text's references with the new text's: by position
//! outside the edits, as a multiset inside each cluster of edits, and piece
//! by piece inside a rewrite's fix.

use std::collections::BTreeMap;
use std::ops::Range;

use super::chains::{Chain, Meaning, chains, relies_anew};
use super::{Applied, Check, owner};
use crate::python::{self, BindingKind, ScopeKind, Semantic};

impl Check<'_, '_> {
    /// Every old reference must keep its meaning (old → new applied) in the new text.
    pub(super) fn references(&self, new: &Semantic, applied: &Applied, out: &mut Vec<String>) {
        let back = |p: usize| applied.back(p);
        let carries = |old: &str, new: &str| {
            let to = self.mapping.apply(old);
            to != old && to == new
        };
        let new_chains = chains(new, self.modules, &|s| s.to_string(), &back);
        let old_lines = python::LineIndex::new(self.old.source);
        let line = |pos: usize| old_lines.position(pos).line;
        // Old chains: untouched (by new position), in a cluster, or consumed by a fix.
        let old_chains = self.old_chains(applied);
        let by_start = ByStart::new(&old_chains);
        let mut untouched: Vec<(usize, &Chain)> = Vec::new();
        let mut clusters: BTreeMap<usize, (Vec<&Chain>, Vec<&Chain>)> = BTreeMap::new();
        for c in old_chains.iter().map(|c| &**c) {
            match owner(&applied.old, &c.range).map(|i| (i, applied.fix[i].is_some())) {
                None => untouched.push((applied.forward(c.range.start), c)),
                Some((_, true)) => {} // consumed by a fix: checked piece by piece below
                Some((i, false)) => clusters.entry(i).or_default().0.push(c),
            }
        }
        let mut untouched = Untouched::new(untouched);
        for c in &new_chains {
            match owner(&applied.new, &c.range) {
                None => match untouched.take(c.range.start) {
                    Some(o) if o.text == c.text => same_place(o, c, &line, &carries, out),
                    _ => out.push(format!("`{}` would become a reference it was not", c.text)),
                },
                Some(i) if applied.fix[i].is_some() => {
                    self.fix_piece(new, c, i, &by_start, applied, out);
                }
                Some(i) => clusters.entry(i).or_default().1.push(c),
            }
        }
        for o in untouched.left() {
            out.push(format!(
                "line {}: `{}` would no longer be the same reference",
                line(o.range.start),
                o.text
            ));
        }
        for (old, new) in clusters.values_mut() {
            cluster(old, new, &line, &carries, out);
        }
    }

    /// The old text's chains for this candidate set. Local bindings inside
    /// an edit cannot be paired by position; the others are borrowed.
    fn old_chains(&self, applied: &Applied) -> Vec<OldChain<'_>> {
        // Chains that share their bindings share them mapped too.
        let mut mapped: std::collections::HashMap<*const usize, std::sync::Arc<[usize]>> =
            std::collections::HashMap::new();
        self.chains
            .iter()
            .map(|c| match &c.meaning {
                Meaning::Local { at, path, scope } => {
                    let at = (mapped.entry(at.as_ptr()))
                        .or_insert_with(|| {
                            let mut at: Vec<usize> =
                                at.iter().map(|&p| applied.inside_old(p)).collect();
                            at.sort_unstable();
                            at.dedup();
                            at.into()
                        })
                        .clone();
                    let meaning = Meaning::Local {
                        at,
                        path: path.clone(),
                        scope: scope.clone(),
                    };
                    // (`unloaded` is kept from the old chain)
                    OldChain::Moved(Box::new(Chain {
                        changed_from: None,
                        meaning,
                        ..c.clone()
                    }))
                }
                _ => OldChain::Same(c),
            })
            .collect()
    }

    /// A reference inside a rewrite's fix: a symbol piece, a copied hole, or
    /// a name of the template (which must be a builtin).
    fn fix_piece(
        &self,
        new: &Semantic,
        c: &Chain,
        i: usize,
        old_chains: &ByStart,
        applied: &Applied,
        out: &mut Vec<String>,
    ) {
        let Some(fix) = applied.fix[i] else { return };
        let base = applied.new[i].start;
        let rel = c.range.start - base;
        if let Some((r, symbol)) = fix.symbols.iter().find(|(r, _)| r.start == rel) {
            fix_symbol(new, c, r, symbol, out);
            return;
        }
        if let Some((h, from)) = fix
            .holes
            .iter()
            .find(|(h, _)| h.start <= rel && rel < h.end)
        {
            fix_hole(c, base, h, from, old_chains, out);
            return;
        }
        if own_local(new, c, &applied.new[i]) {
            // `x` of `[g(x) for x in $A]`, a lambda's parameter: the fix
            // binds it in a scope of its own, so it means only that.
        } else if !matches!(c.meaning, Meaning::Unbound(_)) {
            out.push(format!(
                "the fix's own name `{}` would mean {} here, not the builtin",
                c.text,
                c.meaning.describe()
            ));
        } else if !crate::python::BUILTINS.contains(&c.text.as_str()) {
            // `undefined_thing()` written without `{module.…}`: a NameError.
            out.push(format!(
                "the fix names `{}`, which is no builtin and bound nowhere here (spell a symbol as `{{module.{}}}` to import it)",
                c.text, c.text
            ));
        }
    }
}

/// Whether every binding of the head of the fix's own name `c` is one the
/// fix makes in a scope of its own (a comprehension's or a lambda's that
/// lies inside the fix, `fix`): a `:=` there binds in the scope around,
/// and is no such binding.
fn own_local(new: &Semantic, c: &Chain, fix: &Range<usize>) -> bool {
    let head = c.text.split('.').next().unwrap_or(&c.text);
    let pos = c.range.start;
    let bindings = new.lookup_all(head, new.scope_at(pos), pos);
    !bindings.is_empty()
        && bindings.iter().all(|b| {
            new.scopes.iter().any(|s| {
                matches!(s.kind, ScopeKind::Comprehension | ScopeKind::Lambda)
                    && fix.start <= s.range.start
                    && s.range.end <= fix.end
                    && (s.bindings.get(head)).is_some_and(|bs| bs.iter().any(|x| x.pos == b.pos))
            })
        })
}

/// An old reference no edit touched, `o`, and the new one at its place, `c`.
fn same_place(
    o: &Chain,
    c: &Chain,
    line: &dyn Fn(usize) -> usize,
    carries: &dyn Fn(&str, &str) -> bool,
    out: &mut Vec<String>,
) {
    if !o.later && c.later {
        out.push(format!(
            "line {}: `{}` would be used before it is bound",
            line(o.range.start),
            c.text
        ));
    } else if !o.unsure && c.unsure {
        out.push(format!(
            "line {}: `{}` may be unbound here: no binding of it would run on every path to it",
            line(o.range.start),
            c.text
        ));
    }
    if relies_anew(o, c, carries) {
        out.push(format!(
            "line {}: `{}` would rely on a module no import loads",
            line(o.range.start),
            c.text
        ));
    }
    if o.meaning != c.meaning && *o.original() != c.meaning {
        out.push(format!(
            "line {}: {}",
            line(o.range.start),
            super::rebound(&o.text, &o.meaning.describe(), &c.meaning.describe())
        ));
    }
}

/// The references of one cluster of edits, old and new: the same meanings,
/// as a multiset.
fn cluster(
    old: &mut [&Chain],
    new: &mut [&Chain],
    line: &dyn Fn(usize) -> usize,
    carries: &dyn Fn(&str, &str) -> bool,
    out: &mut Vec<String>,
) {
    old.sort_by(|a, b| a.meaning.cmp(&b.meaning));
    new.sort_by(|a, b| a.meaning.cmp(&b.meaning));
    let same = old.len() == new.len()
        && old
            .iter()
            .zip(new.iter())
            .all(|(a, b)| a.meaning == b.meaning);
    if same {
        if let Some(c) = new.iter().find(|c| c.later)
            && old.iter().filter(|c| c.later).count() < new.iter().filter(|c| c.later).count()
        {
            out.push(format!("`{}` would be used before it is bound", c.text));
        }
        // Each new chain that relies on an unloaded module, as one of the
        // old ones did (or was loaded by an import, as none was).
        let lost = new
            .iter()
            .find(|c| old.iter().all(|o| relies_anew(o, c, carries)));
        if let Some(c) = lost {
            out.push(format!(
                "`{}` would rely on a module no import loads",
                c.text
            ));
        }
        return;
    }
    let wrong = old
        .iter()
        .find(|a| !new.iter().any(|b| b.meaning == a.meaning));
    match wrong {
        Some(a) => {
            let now = new
                .iter()
                .find(|b| b.text == a.text || b.range.start == a.range.start);
            out.push(format!(
                "line {}: `{}` must mean {}, but the fix gives {}",
                line(a.range.start),
                a.text,
                a.meaning.describe(),
                now.map_or("no such reference".to_string(), |b| format!(
                    "`{}`, meaning {}",
                    b.text,
                    b.meaning.describe()
                ))
            ));
        }
        None => out.push(format!(
            "the fix changes how many references there are ({} before, {} after)",
            old.len(),
            new.len()
        )),
    }
}

/// A `{symbol}` piece of a fix, written `c`: it must denote its symbol, at runtime.
fn fix_symbol(new: &Semantic, c: &Chain, r: &Range<usize>, symbol: &str, out: &mut Vec<String>) {
    let emitted = c.text.get(..r.len()).unwrap_or("");
    let rest = &c.text[emitted.len()..];
    let want = Meaning::Symbols(vec![format!("{symbol}{rest}")]);
    if c.meaning != want {
        out.push(format!(
            "the fix's `{{{symbol}}}` is written `{}`, which here means {}",
            c.text,
            c.meaning.describe()
        ));
    } else if c.later {
        out.push(format!(
            "the fix's `{}` would be used before its import runs",
            c.text
        ));
    } else if c.unsure {
        out.push(format!(
            "the fix's `{}` may be unbound here: no import of it runs on every path to this line",
            c.text
        ));
    } else if only_type_checking(new, c) {
        out.push(format!(
            "the fix's `{}` is imported only under `if TYPE_CHECKING:`, so it is unbound at runtime",
            c.text
        ));
    }
}

/// A reference `c` in hole `h` of a fix at `base`, copied from `from` of
/// the old text: it must mean what the matched text meant.
fn fix_hole(
    c: &Chain,
    base: usize,
    h: &Range<usize>,
    from: &Range<usize>,
    old_chains: &ByStart,
    out: &mut Vec<String>,
) {
    let rel = c.range.start - base;
    let old_start = from.start + (rel - h.start);
    let inside = c.range.end - base <= h.end;
    let want = old_chains.starting_at(old_start).find(|o| {
        if inside {
            o.range.len() == c.range.len()
        } else {
            o.range.end == from.end
        }
    });
    let want = match want {
        Some(o) if inside => o.meaning.clone(),
        Some(o) => match c.text.strip_prefix(o.text.as_str()) {
            Some(rest) => o.meaning.extend(rest),
            None => o.meaning.clone(),
        },
        None => {
            out.push(format!(
                "`{}` in the fix is not a reference the matched code had",
                c.text
            ));
            return;
        }
    };
    if c.meaning != want {
        out.push(format!(
            "`{}` copied into the fix would mean {} instead of {}",
            c.text,
            c.meaning.describe(),
            want.describe()
        ));
    }
}

/// Whether every binding that reaches the head of chain `c` is an import
/// under `if TYPE_CHECKING:` (none exists at runtime).
fn only_type_checking(sem: &Semantic, c: &Chain) -> bool {
    let head = c.text.split('.').next().unwrap_or(&c.text);
    let pos = c.range.start;
    let bindings = sem.lookup_all(head, sem.scope_at(pos), pos);
    !bindings.is_empty()
        && bindings.iter().all(|b| {
            matches!(b.kind, BindingKind::Import { import, .. } if sem.imports[import].type_checking)
        })
}

/// The old chains by where they start, first to last as listed: a fix's
/// holes find the chains they copied without a search of every chain.
struct ByStart<'c> {
    chains: Vec<&'c Chain>,
}

impl<'c> ByStart<'c> {
    fn new(chains: &'c [OldChain<'_>]) -> Self {
        let mut chains: Vec<&Chain> = chains.iter().map(|c| &**c).collect();
        chains.sort_by_key(|c| c.range.start);
        ByStart { chains }
    }

    fn starting_at(&self, start: usize) -> impl Iterator<Item = &'c Chain> + '_ {
        let first = self.chains.partition_point(|c| c.range.start < start);
        self.chains[first..]
            .iter()
            .take_while(move |c| c.range.start == start)
            .copied()
    }
}

/// An old chain as this candidate set sees it: the check's own, or one
/// whose local bindings moved into an edit (a box: the vector holds one
/// per reference of the file).
enum OldChain<'c> {
    Same(&'c Chain),
    Moved(Box<Chain>),
}

impl std::ops::Deref for OldChain<'_> {
    type Target = Chain;

    fn deref(&self) -> &Chain {
        match self {
            OldChain::Same(c) => c,
            OldChain::Moved(c) => c,
        }
    }
}

/// The old chains no edit touched, by their new start (the last one listed
/// for a start), each to be paired with the new chain there once.
struct Untouched<'c> {
    chains: Vec<(usize, &'c Chain)>,
    taken: Vec<bool>,
}

impl<'c> Untouched<'c> {
    fn new(mut chains: Vec<(usize, &'c Chain)>) -> Self {
        chains.sort_by_key(|&(at, _)| at);
        // Of chains at one start, the last listed stands.
        let mut last: Vec<(usize, &Chain)> = Vec::with_capacity(chains.len());
        for c in chains {
            match last.last_mut() {
                Some(l) if l.0 == c.0 => *l = c,
                _ => last.push(c),
            }
        }
        let taken = vec![false; last.len()];
        Untouched {
            chains: last,
            taken,
        }
    }

    /// The chain at `start`, unless taken before.
    fn take(&mut self, start: usize) -> Option<&'c Chain> {
        let i = self
            .chains
            .binary_search_by_key(&start, |&(at, _)| at)
            .ok()?;
        if std::mem::replace(&mut self.taken[i], true) {
            return None;
        }
        Some(self.chains[i].1)
    }

    /// The chains never taken, in order of start.
    fn left(&self) -> impl Iterator<Item = &'c Chain> + '_ {
        self.chains
            .iter()
            .zip(&self.taken)
            .filter(|(_, taken)| !**taken)
            .map(|(&(_, c), _)| c)
    }
}
