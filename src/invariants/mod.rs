//! The invariants canon's proposals keep on any input, as functions the
//! fuzz targets (`fuzz/`), the regression tests of what they found
//! (`tests/it/fuzz_regressions.rs`), the property tests and the rewrite
//! tests share: one statement of what "a sound proposal" means.
//!
//! [`check`] proposes for a file the way the pipeline does (the base's
//! whole tree handed in, on a stack deep enough for it) and judges the
//! result:
//!
//! - always: the edits are sorted, disjoint, on character boundaries and
//!   change something; the review built on them gives the proposal when
//!   every hunk is accepted and the base when every one is rejected (bytes
//!   outside the edits are the base's); no text a reviewer can accept
//!   (every edit, what `apply` takes, each edit with what it requires) has
//!   more syntax errors or more compile errors of any [`symtable`] kind
//!   than the base; a file of CRLF lines gets no bare LF, and a file
//!   without CR gets none;
//! - when the input is valid (no ERROR or MISSING node, no [`symtable`]
//!   error), also: those texts have no syntax or compile error at all and
//!   leave no name unbound that was bound; canon on the proposal proposes
//!   nothing more (on what `apply` takes, nothing `apply` would take); and the binding-level self-check
//!   ([`crate::rewrite::verify::recheck`]) holds for the composed edits;
//!   and proposing on a view of the file (`analyze::proposal_view`, at
//!   any size) gives the same proposal.
//!
//! On invalid input canon must not make things worse, but need not reach
//! a fixed point or keep meanings the resolver cannot see through the
//! error, so only the first group applies. No I/O here.

pub use crate::python::symtable;

use std::collections::{BTreeMap, BTreeSet};

use tree_sitter::{Parser, Tree};

use crate::python::modules::Modules;
use crate::python::{self, ModuleName, Semantic};
use crate::review::{FileReview, consistent};
use crate::rewrite::{self, Facts, FileProposal, Proposal, verify};
use crate::rules::Rule;

/// A proposal and what is wrong with it.
#[derive(Debug, Default)]
pub struct Checked {
    pub proposal: Proposal,
    /// The input is valid Python as far as canon can tell: every invariant applied.
    pub valid: bool,
    /// Deeper than canon proposes for (the scan skips it): nothing was checked.
    pub too_deep: bool,
    /// Each broken invariant, said in a sentence.
    pub violations: Vec<String>,
}

impl Checked {
    /// The text `apply` would write.
    pub fn applied(&self) -> String {
        self.proposal.file.applied()
    }

    /// Panic with the input, the proposal and every violation, if any.
    #[track_caller]
    pub fn assert_sound(&self) {
        if self.violations.is_empty() {
            return;
        }
        panic!(
            "{} invariant(s) broken on {} (valid input: {}):\n- {}\n--- input ---\n{}\n--- applied ---\n{}\n--- edits ---\n{:#?}",
            self.violations.len(),
            self.proposal.file.path,
            self.valid,
            self.violations.join("\n- "),
            self.proposal.file.base,
            self.applied(),
            self.proposal.file.edits
        );
    }
}

/// Propose for `base` at `path` under `rules` (in order, no project facts)
/// and judge the proposal (see the module docs).
pub fn check(path: &str, base: &str, rules: &[&Rule]) -> Checked {
    check_with(path, base, rules, &Modules::default())
}

/// [`check`], knowing which dotted names are modules.
pub fn check_with(path: &str, base: &str, rules: &[&Rule], modules: &Modules) -> Checked {
    let mut parser = python::parser();
    let tree = python::parse(&mut parser, base);
    let (depth, _) = python::nesting(&tree);
    if depth > python::DEEPEST {
        return Checked {
            too_deep: true,
            ..Checked::default()
        };
    }
    // A fix nests a level or two deeper than what it replaces.
    python::on_stack_for(depth + 8, move || checked(path, base, tree, rules, modules))
}

fn checked(path: &str, base: &str, tree: Tree, rules: &[&Rule], modules: &Modules) -> Checked {
    let mut parser = python::parser();
    let (name, is_init) = python::module_name(path);
    let module = ModuleName { name, is_init };
    let modules = modules.with(rules.iter().flat_map(|r| r.module_marks().iter().cloned()));
    let facts = Facts {
        modules: &modules,
        referrers: &verify::NoReferrers,
        stars: &crate::python::Unseen,
        project: &rewrite::no_project,
    };
    let input = Input::of(&tree, base);
    let proposal =
        rewrite::propose_parsed(path, &module, base, Some(tree), rules, &mut parser, &facts);
    let mut violations = violations(&proposal.file, &module, rules, &facts, &input, &mut parser);
    // A view of the file (what no fix can touch left out; the pipeline's
    // way with big files, here at any size) proposes the same.
    if input.valid()
        && let Some(view) = crate::analyze::proposal_view(&mut parser, base, &module, rules, 0)
    {
        let viewed = rewrite::propose_viewed(path, &module, base, view, rules, &mut parser, &facts);
        if viewed != proposal {
            violations.push(format!(
                "a view of the file proposes otherwise: {:?} {:?}, not {:?} {:?}",
                viewed.file.edits, viewed.skipped, proposal.file.edits, proposal.skipped
            ));
        }
    }
    Checked {
        proposal,
        valid: input.valid(),
        too_deep: false,
        violations,
    }
}

/// No edit goes into the statement around a syntax error of the base (an
/// edit there is judged by a tree that misreads it: `*cfg["d"], = [5]`
/// became `*get_cfg("d"), = [5]`, and the syntax error count stayed the same).
fn untouched_unparsed(file: &FileProposal, parser: &mut Parser, out: &mut Vec<String>) {
    let tree = python::parse(parser, &file.base);
    let unparsed = python::unparsed_regions(&tree, &file.base);
    for (i, e) in file.edits.iter().enumerate() {
        let r = &e.range;
        let hit = unparsed.iter().find(|u| match r.is_empty() {
            true => u.start < r.start && r.start < u.end,
            false => u.start < r.end && r.start < u.end,
        });
        if let Some(u) = hit {
            out.push(format!(
                "edit {i} ({r:?}) goes into code canon cannot parse ({u:?}: {:?})",
                python::excerpt(&file.base[u.clone()])
            ));
        }
    }
}

/// What the input had: syntax errors and compile errors by kind.
struct Input {
    errors: usize,
    compile: BTreeMap<symtable::ErrorKind, usize>,
}

impl Input {
    fn of(tree: &Tree, base: &str) -> Self {
        Input {
            errors: python::syntax_errors(tree).len(),
            compile: symtable::counts(&symtable::compile_errors(tree, base)),
        }
    }

    fn valid(&self) -> bool {
        self.errors == 0 && self.compile.is_empty()
    }
}

/// Every invariant `file` (proposed for its base under `rules`) breaks.
fn violations(
    file: &FileProposal,
    module: &ModuleName,
    rules: &[&Rule],
    facts: &Facts,
    input: &Input,
    parser: &mut Parser,
) -> Vec<String> {
    let mut v = Vec::new();
    well_formed(file, &mut v);
    if !v.is_empty() || file.edits.is_empty() {
        return v;
    }
    review(file, &mut v);
    line_endings(file, &mut v);
    if input.errors > 0 {
        untouched_unparsed(file, parser, &mut v);
    }
    let valid = input.valid();
    let before = Before {
        errors: input.errors,
        compile: &input.compile,
        unbound: valid.then(|| unbound(parser, &file.base, module)),
    };
    for (what, text) in acceptable(file) {
        judge(parser, &what, &text, module, &before, &mut v);
    }
    if !valid {
        return v;
    }
    // Every edit taken, canon proposes nothing more; what `apply` takes,
    // nothing more that `apply` would take.
    let path = &file.path;
    let proposed = file.proposed();
    let again = rewrite::propose_with(path, module, &proposed, rules, parser, facts);
    if !again.file.edits.is_empty() {
        v.push(format!(
            "canon on its own output proposes more: {:?}",
            again.file.edits
        ));
    }
    let applied = file.applied();
    if applied != proposed {
        let again = rewrite::propose_with(path, module, &applied, rules, parser, facts);
        if again.file.has_applicable() {
            v.push(format!(
                "canon on what apply takes proposes more: {:?}",
                again.file.applicable().edits
            ));
        }
    }
    for problem in verify::recheck(file, module, rules, facts.modules, parser) {
        v.push(format!(
            "the self-check refuses the composed edits: {problem}"
        ));
    }
    v
}

/// Edits sorted by range, disjoint, inside the base on character
/// boundaries, each changing something; links between existing edits.
pub fn well_formed(file: &FileProposal, out: &mut Vec<String>) {
    let base = &file.base;
    let mut end = 0;
    for (i, e) in file.edits.iter().enumerate() {
        let r = &e.range;
        if r.start > r.end || r.end > base.len() {
            out.push(format!(
                "edit {i} has range {r:?} on a base of {} bytes",
                base.len()
            ));
            return;
        }
        if !base.is_char_boundary(r.start) || !base.is_char_boundary(r.end) {
            out.push(format!("edit {i} ({r:?}) splits a character"));
            return;
        }
        if r.start < end {
            out.push(format!(
                "edit {i} ({r:?}) overlaps or precedes the one before it"
            ));
        }
        end = end.max(r.end);
        if base[r.clone()] == e.replacement {
            out.push(format!("edit {i} ({r:?}) changes nothing"));
        }
    }
    let n = file.edits.len();
    for &(a, b) in &file.requires {
        if a >= n || b >= n || a == b {
            out.push(format!("link ({a}, {b}) among {n} edits"));
        }
    }
}

/// The review of the proposal: all accepted is the proposal, all rejected
/// the base, and accepting keeps what is required.
fn review(file: &FileProposal, out: &mut Vec<String>) {
    let mut r = FileReview::new(file.clone());
    r.accept_all();
    if r.accepted_text() != file.proposed() {
        out.push("every hunk accepted is not the proposal".into());
    }
    if let Err(e) = consistent(&r) {
        out.push(e);
    }
    r.reject_all();
    if r.accepted_text() != file.base {
        out.push("every hunk rejected is not the base".into());
    }
}

/// CRLF files stay CRLF; files without CR get none.
fn line_endings(file: &FileProposal, out: &mut Vec<String>) {
    let base = file.base.as_bytes();
    let lf = base.iter().filter(|&&b| b == b'\n').count();
    let crlf = base.windows(2).filter(|w| w == b"\r\n").count();
    for (i, e) in file.edits.iter().enumerate() {
        let r = e.replacement.as_bytes();
        let bare = r
            .iter()
            .enumerate()
            .filter(|&(j, &b)| b == b'\n' && (j == 0 || r[j - 1] != b'\r'))
            .count();
        if lf > 0 && crlf == lf && bare > 0 {
            out.push(format!(
                "edit {i} puts a bare LF in a CRLF file: {:?}",
                e.replacement
            ));
        }
        if !base.contains(&b'\r') && r.contains(&b'\r') {
            out.push(format!(
                "edit {i} puts a CR in a file without any: {:?}",
                e.replacement
            ));
        }
    }
}

/// The texts a reviewer can end up with: every edit, what `apply` takes,
/// and each edit (of the first 16) with everything it requires.
pub fn acceptable(file: &FileProposal) -> Vec<(String, String)> {
    let mut out = vec![("the proposal".to_string(), file.proposed())];
    let applied = file.applied();
    if applied != out[0].1 {
        out.push(("what apply takes".into(), applied));
    }
    if file.edits.len() > 1 {
        for i in 0..file.edits.len().min(16) {
            let keep = closure(file, i);
            if keep.iter().all(|k| *k) {
                continue;
            }
            out.push((
                format!("edit {i} with what it requires"),
                file.apply_where(|j| keep[j]),
            ));
        }
    }
    out
}

/// Edit `i` and every edit it requires, transitively.
fn closure(file: &FileProposal, i: usize) -> Vec<bool> {
    let mut keep = vec![false; file.edits.len()];
    keep[i] = true;
    let mut changed = true;
    while changed {
        changed = false;
        for &(a, b) in &file.requires {
            if keep[a] && !keep[b] {
                keep[b] = true;
                changed = true;
            }
        }
    }
    keep
}

/// What the base had: syntax errors, compile errors by kind, and (valid
/// input only) its unbound names.
struct Before<'a> {
    errors: usize,
    compile: &'a BTreeMap<symtable::ErrorKind, usize>,
    unbound: Option<BTreeSet<String>>,
}

/// What `text` (a reviewer's edit of `base`, the file at `path`) breaks
/// that `base` did not: the same judgement as the fuzz targets make of a
/// proposal — more syntax errors (error and missing nodes), more compile
/// errors of a kind (CPython's symbol table and parser checks), and, when
/// the base has neither, names used that nothing binds (an edit that keeps
/// a name its linked import hunk removes). Empty when it breaks nothing.
pub fn new_problems(path: &str, base: &str, text: &str) -> Vec<String> {
    let mut parser = python::parser();
    let tree = python::parse(&mut parser, base);
    let input = Input::of(&tree, base);
    let (name, is_init) = python::module_name(path);
    let module = ModuleName { name, is_init };
    let before = Before {
        errors: input.errors,
        compile: &input.compile,
        unbound: input.valid().then(|| unbound(&mut parser, base, &module)),
    };
    let mut out = Vec::new();
    judge(&mut parser, "the edit", text, &module, &before, &mut out);
    out
}

fn judge(
    parser: &mut Parser,
    what: &str,
    text: &str,
    module: &ModuleName,
    before: &Before,
    out: &mut Vec<String>,
) {
    let tree = python::parse(parser, text);
    let errors = python::syntax_errors(&tree);
    if errors.len() > before.errors {
        let first = &errors[0];
        out.push(format!(
            "{what} has {} syntax error(s), the base {} (first at {first:?}: {:?})",
            errors.len(),
            before.errors,
            python::excerpt(text.get(first.clone()).unwrap_or(""))
        ));
    }
    let compile = symtable::compile_errors(&tree, text);
    for (kind, n, was) in symtable::added(before.compile, &symtable::counts(&compile)) {
        let e = compile
            .iter()
            .find(|e| e.kind == kind)
            .map(|e| e.to_string());
        out.push(format!(
            "{what} has {n} compile error(s) of kind {kind:?}, the base {was} ({})",
            e.unwrap_or_default()
        ));
    }
    if let Some(was) = &before.unbound {
        let now = unbound(parser, text, module);
        let new: Vec<&String> = now
            .difference(was)
            .filter(|n| !python::BUILTINS.contains(&n.as_str()))
            .collect();
        if !new.is_empty() {
            out.push(format!("{what} leaves {new:?} unbound"));
        }
    }
}

/// The names `text` uses that nothing binds (builtins, typos, and a name
/// whose import a fix forgot or removed).
pub fn unbound(parser: &mut Parser, text: &str, module: &ModuleName) -> BTreeSet<String> {
    let tree = python::parse(parser, text);
    let sem = Semantic::build(&tree, text, &module.name, module.is_init);
    sem.references
        .iter()
        .filter(|r| r.node.kind() == "identifier")
        .filter(|r| {
            sem.lookup_all(sem.text(r.node), r.scope, r.node.start_byte())
                .is_empty()
        })
        .map(|r| sem.text(r.node).to_string())
        .collect()
}

/// The findings of `source` at `path` under `rules`, judged: each one's
/// range lies in the file on character boundaries and its positions are
/// that range's; and on a file without syntax errors, the scan's partial
/// parse (only the statements that can matter) finds exactly what a whole
/// parse finds, and refers to the same names of other modules. All of it
/// is asked again under the rules' moves alone: with only moves, bare uses
/// are no findings and `check` may read chains with its lexer instead.
pub fn check_findings(path: &str, source: &str, rules: &[&Rule]) -> Vec<String> {
    let mut out = findings_judged(path, source, rules);
    let moves: Vec<&Rule> = rules
        .iter()
        .copied()
        .filter(|r| matches!(r.kind, crate::rules::RuleKind::Move { .. }))
        .collect();
    if moves.len() < rules.len() {
        let judged = findings_judged(path, source, &moves);
        out.extend(judged.into_iter().map(|p| format!("(moves only) {p}")));
    }
    out
}

fn findings_judged(path: &str, source: &str, rules: &[&Rule]) -> Vec<String> {
    let mut parser = python::parser();
    let tree = python::parse(&mut parser, source);
    let (depth, _) = python::nesting(&tree);
    if depth > python::DEEPEST {
        return Vec::new();
    }
    python::on_stack_for(depth, move || {
        let (name, is_init) = python::module_name(path);
        let module = ModuleName { name, is_init };
        let mut parser = python::parser();
        let partial = crate::analyze::analyze_source(path, &module, source, &mut parser, rules);
        let mut out = Vec::new();
        let index = python::LineIndex::new(source);
        for f in &partial.findings {
            let r = &f.range;
            if r.start > r.end
                || r.end > source.len()
                || !source.is_char_boundary(r.start)
                || !source.is_char_boundary(r.end)
            {
                out.push(format!("finding {} {:?} has range {r:?}", f.rule, f.site));
                continue;
            }
            if f.start != index.position(r.start) || f.end != index.position(r.end) {
                out.push(format!(
                    "finding {} {:?} at {r:?} says {:?}..{:?}",
                    f.rule, f.site, f.start, f.end
                ));
            }
        }
        if python::syntax_errors(&tree).is_empty() {
            let whole = crate::analyze::analyze_python(path, &module, source, &tree, rules);
            if whole.findings != partial.findings {
                let only = |a: &[crate::analyze::Finding], b: &[crate::analyze::Finding]| {
                    a.iter()
                        .filter(|f| !b.contains(f))
                        .map(|f| format!("{} {:?} {:?} {:?}", f.rule, f.site, f.start, f.message))
                        .collect::<Vec<_>>()
                };
                out.push(format!(
                    "the partial parse finds {:?} that the whole parse does not, and misses {:?}",
                    only(&partial.findings, &whole.findings),
                    only(&whole.findings, &partial.findings)
                ));
            }
            if whole.referrals != partial.referrals {
                out.push(format!(
                    "the partial parse refers to {:?}, the whole parse to {:?}",
                    partial.referrals, whole.referrals
                ));
            }
            if whole.patches != partial.patches {
                out.push(format!(
                    "the partial parse patches {:?}, the whole parse {:?}",
                    partial.patches, whole.patches
                ));
            }
        }
        out
    })
}

#[cfg(test)]
mod tests;
