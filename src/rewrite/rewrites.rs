//! Fixes for `rewrite` rules: each pattern match replaced by the filled-in
//! template; `{a.b.c}` becomes the file's local name for the symbol, with an
//! import added where the file has none (beside the import the match used,
//! in its block, when that binds first; else at module level after the
//! imports); an import the
//! rewrites leave unused is removed (that name only). A fix that would put
//! `await` where it is not allowed is not proposed.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tree_sitter::Node;

use super::layer::{Ctx, FixPieces, Layer, LayerEdit, bound_symbol, import_statement};
use super::{EditKind, captures, precedence};
use crate::python::semantic::is_at_or_under;
use crate::python::{BindingKind, Import, Match, Pattern, ScopeKind, string_content};
use crate::rules::{Template, TemplatePart};

/// A rewritten match: its range, its holes' ranges (kept text), its edit.
struct Done {
    range: Range<usize>,
    holes: Vec<Range<usize>>,
    edit: usize,
}

/// The fix proposed for every match of `pattern` in the file, with the
/// imports its symbols need and the removal of imports it leaves unused.
pub fn rewrite_layer(
    cx: &Ctx,
    root: Node,
    pattern: &Pattern,
    fix: &Template,
    around: (&super::moves::Downstream, &[Range<usize>]),
    parser: &mut tree_sitter::Parser,
) -> Layer {
    let mut layer = Layer::default();
    let mut done: Vec<Done> = Vec::new();
    // Names the replacements themselves use: their imports must stay.
    let mut still_used: HashSet<String> = HashSet::new();
    // The file's comments by position, for the check that none is dropped.
    let mut comments: Vec<Range<usize>> = cx.sem.comments.iter().map(|c| c.byte_range()).collect();
    comments.sort_by_key(|r| (r.start, r.end));
    // In document order, outer before inner: a match starting before the
    // end of one already rewritten is nested in it, and waits for the next
    // round (which sees the outer one's output).
    let mut matches = pattern.find(cx.sem, root);
    matches.sort_by_key(|m| (m.node.start_byte(), std::cmp::Reverse(m.node.end_byte())));
    // The first use any import this rule adds serves: a module-level one
    // binds before it (and so before them all, one import for every match).
    let first_use = matches.first().map_or(0, |m| m.node.start_byte());
    // The file's annotations, found once if a fix that awaits asks.
    let annotations: std::cell::OnceCell<Vec<Range<usize>>> = std::cell::OnceCell::new();
    let annotations = |pos: usize| {
        let all = annotations.get_or_init(|| annotation_ranges(root));
        let k = all.partition_point(|r| r.start <= pos);
        k > 0 && pos < all[k - 1].end
    };
    // Where each import the matches go through first serves one: an import
    // added beside it must bind before that.
    let mut first_through: HashMap<usize, usize> = HashMap::new();
    for m in &matches {
        for i in imports_through(cx, m.node, m.scope) {
            let at = first_through.entry(i).or_insert(usize::MAX);
            *at = (*at).min(m.node.start_byte());
        }
    }
    let code_uses = pattern.hole_uses();
    let places = captures::Places::new(pattern, fix);
    let mut rewritten_to = 0;
    for m in matches {
        let range = m.node.byte_range();
        if range.start < rewritten_to {
            layer.nested.get_or_insert(range);
            continue;
        }
        // `del CONFIG["k"]`, `with cm as CONFIG["k"]:`: a fix (a call,
        // say) cannot be stored into or deleted.
        if crate::python::is_store_target_in(m.node, m.parent) {
            layer.skipped.push((
                range,
                "the match is a target (assigned to, deleted, a `for` or `with … as` target), which a fix cannot take the place of".to_string(),
            ));
            continue;
        }
        // `await (get_mgr(1))` awaits it too.
        let awaited = match m.parent {
            Some(p) if p.kind() == "parenthesized_expression" => {
                let mut up = p.parent();
                while let Some(q) = up.filter(|q| q.kind() == "parenthesized_expression") {
                    up = q.parent();
                }
                up.is_some_and(|q| q.kind() == "await")
            }
            Some(p) => p.kind() == "await",
            None => false,
        };
        if let Some(why) = await_refusal(cx, &m, pattern, fix, awaited, &annotations) {
            layer.skipped.push((range, why));
            continue;
        }
        if let Some(why) = dropped_comment(cx.src, &comments, &m) {
            layer.skipped.push((range, why));
            continue;
        }
        if let Some(why) = maybe_another_binding(cx, &m, pattern) {
            layer.skipped.push((range, why));
            continue;
        }
        let module = |n: Node| cx.is_module_expr(n, m.scope);
        if let Some(why) =
            captures::evaluation_count_refusal(cx.src, &m, &code_uses, fix, &places, &module)
        {
            layer.skipped.push((range, why));
            continue;
        }
        if let Some(why) = patched_symbol(cx, &m, pattern, fix) {
            layer.skipped.push((range, why));
            continue;
        }
        if let Some(why) = moved_stand_in(cx, &m, pattern, fix, around) {
            layer.skipped.push((range, why));
            continue;
        }
        // A refusal from here on takes back the imports the fix added.
        let planned = layer.edits.len();
        let mut fill = Fill {
            cx,
            root,
            pattern,
            m: &m,
            layer: &mut layer,
            still_used: &mut still_used,
            // Where a new import would go: beside the import(s) the match
            // resolved through, else at module level.
            beside: beside_imports(cx, m.node, m.scope, &first_through),
            first_use,
            filled: Filled::default(),
        };
        if let Err(why) = fill.template(fix, awaited) {
            layer.truncate(planned);
            layer.skipped.push((range, why));
            continue;
        }
        let mut filled = fill.filled;
        let spelled: Vec<&str> = (filled.pieces.symbols.iter())
            .map(|(r, _)| &filled.replacement[r.clone()])
            .collect();
        let parsed = precedence::parse_fix(parser, &filled.replacement);
        let refused = patched_global(cx, &m, pattern, &spelled)
            .or_else(|| precedence::call_argument_error(&parsed, &filled.replacement));
        if let Some(why) = refused {
            layer.truncate(planned);
            layer.skipped.push((range, why));
            continue;
        }
        // The fix keeps its meaning where it lands: parenthesised where the
        // code around it binds tighter (`(await aget()).x`, `(1).real`).
        if precedence::replacement_needs_parens(&parsed, m.node, m.parent) {
            filled.parenthesize();
        }
        let edit = layer.push_edit(LayerEdit {
            range: range.clone(),
            replacement: filled.replacement,
            kind: EditKind::Rewrite,
            fix: Some(filled.pieces),
            note: None,
        });
        for a in filled.adds {
            layer.require(edit, a);
        }
        let holes: Vec<Range<usize>> = m.bindings.values().cloned().collect();
        rewritten_to = rewritten_to.max(range.end);
        done.push(Done { range, holes, edit });
    }
    remove_unused(cx, &mut layer, pattern, &done, &still_used);
    layer
}

/// Why the fix cannot replace `m`: it adds `await` where none is allowed.
fn await_refusal(
    cx: &Ctx,
    m: &Match,
    pattern: &Pattern,
    fix: &Template,
    awaited: bool,
    in_annotation: &dyn Fn(usize) -> bool,
) -> Option<String> {
    if !fix.awaits() || awaited {
        return None;
    }
    // The old function is async already: a call of it not awaited where
    // it stands hands its coroutine on (`gather(fetch(2))`,
    // `create_task(…)`, a list of tasks); awaited there, the result would
    // be handed on instead.
    if let Some(s) = pattern.symbols.first()
        && cx.defs.is_async(s) == Some(true)
    {
        return Some(format!(
            "`{s}` is async, and this call of it is not awaited where it stands (its coroutine is handed on: returned, stored, or given to `gather(…)`, `create_task(…)`); the fix's `await` would await it here and hand on the result"
        ));
    }
    let context = cx.sem.async_context(m.scope);
    if !context.allows_await() {
        return Some(format!(
            "the fix adds `await`, which is not allowed {}",
            context.describe()
        ));
    }
    // `await` in an annotation is a SyntaxError under `from __future__
    // import annotations` (and with annotations deferred, as from 3.14).
    in_annotation(m.node.start_byte())
        .then(|| "the fix adds `await`, which is not allowed in an annotation".to_string())
}

/// The annotations of a tree (a parameter's, a return's, an annotated
/// assignment's), sorted, found in one walk. None holds another.
fn annotation_ranges(root: Node) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    crate::python::preorder(root, |node| {
        let field = match node.kind() {
            "typed_parameter" | "typed_default_parameter" | "assignment" => "type",
            "function_definition" => "return_type",
            _ => return true,
        };
        if let Some(t) = node.child_by_field_name(field) {
            out.push(t.byte_range());
        }
        true
    });
    out.sort_by_key(|r| r.start);
    out
}

/// Why the match may not be what the pattern names, if so: a name in it
/// that denotes one of the pattern's symbols through an import, and that
/// another binding also reaches (a `global` assignment, an `if`/`try` arm
/// binding something else). Finding it is right; rewriting it would change
/// what the other binding's call does.
fn maybe_another_binding(cx: &Ctx, m: &Match, pattern: &Pattern) -> Option<String> {
    let sem = cx.sem;
    let mut found = None;
    crate::python::preorder(m.node, |node| {
        if found.is_some() {
            return false;
        }
        if node.kind() != "identifier" {
            return true;
        }
        let (name, pos) = (sem.text(node), node.start_byte());
        let scope = sem.scope_at(pos);
        let resolved = sem.resolve_name_all(name, scope, pos);
        let denotes_one = |symbol: &str| pattern.symbols.iter().any(|s| is_at_or_under(s, symbol));
        let denotes = resolved.iter().any(|r| denotes_one(&r.symbol));
        if !denotes {
            return false;
        }
        let others = sem
            .lookup_all(name, scope, pos)
            .iter()
            .any(|b| match &b.kind {
                BindingKind::Import { symbol, .. } => !resolved.iter().all(|r| r.symbol == *symbol),
                _ => true,
            });
        let symbols: HashSet<&str> = resolved.iter().map(|r| r.symbol.as_str()).collect();
        let star = resolved
            .iter()
            .find(|r| r.via_star && !denotes_one(&r.symbol));
        if let Some(star) = star.filter(|_| symbols.len() > 1) {
            let module = star.symbol.rsplit_once('.').map_or("", |(m, _)| m);
            found = Some(format!(
                "`{name}` may also be what `from {module} import *` binds here, so this may not be what the pattern names"
            ));
        } else if others || symbols.len() > 1 {
            found = Some(format!(
                "`{name}` may also be another binding here (a `global`, an `if`/`try` arm, one further down that a call may come after), so this may not be what the pattern names"
            ));
        }
        false
    });
    found
}

/// Why the fix may not replace `m`: a file (this one too) patches the
/// pattern symbol the match calls (`patch("old.mod.f")`,
/// `patch.object(old.mod, "f", …)`, `old.mod.f = fake`). The fix calls
/// something else, and no patch string can follow it as a move's does
/// (the signature differs): the patch would stop intercepting the call.
/// As for a move, a use bound by name (`from old.mod import f`) counts:
/// the import may run under the patch.
fn patched_symbol(cx: &Ctx, m: &Match, pattern: &Pattern, fix: &Template) -> Option<String> {
    let sem = cx.sem;
    let mut reached: Vec<&str> = Vec::new();
    crate::python::preorder(m.node, |node| {
        let pos = node.start_byte();
        if m.bindings.values().any(|b| b.contains(&pos)) {
            return false;
        }
        if node.kind() != "identifier" {
            return true;
        }
        let scope = sem.scope_at(pos);
        for r in sem.resolve_name_all(sem.text(node), scope, pos) {
            for s in pattern
                .symbols
                .iter()
                .filter(|s| is_at_or_under(s, &r.symbol))
            {
                if !reached.contains(&s.as_str()) {
                    reached.push(s);
                }
            }
        }
        false
    });
    reached.iter().find_map(|s| {
        let (_, who) = cx.referrers.pins(s, None, None).into_iter().next()?;
        if fix.symbols().any(|f| is_at_or_under(s, f)) {
            return Some(stand_in(&who, "goes through"));
        }
        Some(format!(
            "{who}, which this call goes through: rewritten, the call would no longer be intercepted (the patch cannot follow a changed call); change the call and the patch together, by hand"
        ))
    })
}

/// Why the fix may not replace `m`, a call an earlier move re-pointed to a
/// pattern symbol (`wsf.create(ctx)` -> `manager.Manager(ctx)`) with the
/// patches of the old path (`patch("wsf.create")` -> `patch("manager.Manager")`),
/// when the fix keeps the symbol and a test that checks how its stand-in is
/// called patches that old path: the call looks the symbol up when it runs
/// (through a module, or a name imported in the function), so the
/// re-pointed patch intercepts it, and rewritten it would hand the
/// stand-in the new form (`fake.assert_called_once_with(ctx)` fails).
/// A name a module-level `from` import binds is bound before any patch.
/// `around`: the rules around this one, and where the current text is
/// earlier moves' output (a call already of the symbol was not the
/// patch's to intercept before the migration).
fn moved_stand_in(
    cx: &Ctx,
    m: &Match,
    pattern: &Pattern,
    fix: &Template,
    around: (&super::moves::Downstream, &[Range<usize>]),
) -> Option<String> {
    let (around, moved) = around;
    let sem = cx.sem;
    let mut found = None;
    crate::python::preorder(m.node, |node| {
        let pos = node.start_byte();
        if found.is_some() || m.bindings.values().any(|b| b.contains(&pos)) {
            return false;
        }
        if node.kind() != "identifier" {
            return true;
        }
        if !moved.iter().any(|r| r.contains(&pos)) {
            return false;
        }
        let (name, scope) = (sem.text(node), sem.scope_at(pos));
        // Bound when the module loads: `from m import Manager`.
        let at_load = || {
            sem.lookup_all(name, scope, pos)
                .iter()
                .all(|b| match &b.kind {
                    crate::python::BindingKind::Import { import, .. } => {
                        let i = &sem.imports[*import];
                        i.kind == crate::python::ImportKind::From
                            && matches!(
                                sem.scopes[i.scope].kind,
                                crate::python::ScopeKind::Module | crate::python::ScopeKind::Class
                            )
                    }
                    _ => false,
                })
        };
        for r in sem.resolve_name_all(name, scope, pos) {
            for s in (pattern.symbols.iter())
                .filter(|s| is_at_or_under(s, &r.symbol))
                .filter(|s| fix.symbols().any(|f| f == s.as_str()))
            {
                if *s == r.symbol && at_load() {
                    continue;
                }
                found = (around.moved_onto(s).iter())
                    .find_map(|old| cx.referrers.checks_pinned(old))
                    .map(|who| stand_in(&who, "goes through, once moved"));
                if found.is_some() {
                    return false;
                }
            }
        }
        false
    });
    found
}

/// Why a call a patch intercepts stays when the fix keeps its callee: the
/// patch may put a stand-in there that the test checks the old call
/// against (`fake.assert_called_once_with(ctx)`, `lambda ctx: manager`).
fn stand_in(who: &str, how: &str) -> String {
    format!(
        "{who}, which this call {how}, maybe with a stand-in for the old calls (a mock the test asserts on, a function of the old signature): rewritten, the call would reach the stand-in in its new form; change the call and the test together, by hand"
    )
}

/// Why the fix may not replace `m`: the match reaches a pattern symbol
/// through a name of this module's (`get_factory` after a top-level `from
/// old.mod import get_factory`), and another file patches it there
/// (`patch("app3.get_factory")`, `patch.object(app3, "get_factory")`).
/// Unless the replacement still looks the patched name up (`kept`: the
/// names it spells for its symbols, `create(user_context=ctx)` for
/// `create(ctx)`), the patch would stop intercepting the call: the test
/// would run the real code.
fn patched_global(cx: &Ctx, m: &Match, pattern: &Pattern, kept: &[&str]) -> Option<String> {
    let sem = cx.sem;
    let globals = &sem.scopes[0].bindings;
    let mut found = None;
    // The names of the attributes being walked, innermost last: an
    // attribute's name is no name it looks up, and is seen right after
    // its object's nodes (`Node::parent` would walk down from the root
    // again for each name, quadratic in a deep tree).
    let mut attributes: Vec<tree_sitter::Node> = Vec::new();
    crate::python::preorder(m.node, |node| {
        if attributes.last() == Some(&node) {
            attributes.pop();
            return false;
        }
        if found.is_some() {
            return false;
        }
        // A capture's text is kept, and with it what its names look up.
        let pos = node.start_byte();
        if m.bindings.values().any(|b| b.contains(&pos)) {
            return false;
        }
        if node.kind() == "attribute"
            && let Some(name) = node.child_by_field_name("attribute")
        {
            attributes.push(name);
        }
        if node.kind() != "identifier" {
            return true;
        }
        let (name, scope) = (sem.text(node), sem.scope_at(pos));
        // The name, and the chain through it that reaches the symbol
        // (`mod.get_factory` after `from old import mod`).
        let mut spelled: Vec<String> = Vec::new();
        for r in sem.resolve_name_all(name, scope, pos) {
            for s in pattern
                .symbols
                .iter()
                .filter(|s| is_at_or_under(s, &r.symbol))
            {
                spelled.push(format!("{name}{}", &s[r.symbol.len()..]));
            }
        }
        if spelled.is_empty() {
            return false;
        }
        spelled.insert(0, name.to_string());
        let global = sem.lookup_all(name, scope, pos).iter().any(|b| {
            globals
                .get(name)
                .is_some_and(|gs| gs.iter().any(|g| std::ptr::eq(*b, g)))
        });
        if !global {
            return false;
        }
        let module = &sem.module;
        // A name the fix keeps still reaches the patch, in the new form.
        // A name the fix keeps still reaches the patch, in the new form:
        // a test that checks how its stand-in was called would fail.
        found = spelled.iter().find_map(|n| {
            if kept.iter().any(|k| is_at_or_under(k, n)) {
                let who = cx.referrers.checks_patched(module, n, module)?;
                return Some(stand_in(&who, "looks up"));
            }
            let who = cx.referrers.patches(module, n, module)?;
            Some(format!(
                "{who}, which this call looks up: the fix would call the new symbol instead, and the patch would no longer intercept it (change the call and the patch together, by hand)"
            ))
        });
        false
    });
    found
}

/// Why the fix cannot replace `m`: a comment inside the match but outside
/// every capture would be lost with the text the fix replaces.
fn dropped_comment(src: &str, comments: &[Range<usize>], m: &Match) -> Option<String> {
    let range = m.node.byte_range();
    let first = comments.partition_point(|c| c.start < range.start);
    comments[first..]
        .iter()
        .take_while(|c| c.start < range.end)
        .filter(|c| c.end <= range.end)
        .find(|c| {
            !m.bindings
                .values()
                .any(|b| b.start <= c.start && c.end <= b.end)
        })
        .map(|c| {
            format!(
                "the code has a comment the fix would drop (`{}`)",
                crate::python::excerpt(&src[c.clone()])
            )
        })
}

/// A match's replacement as the template fills it in.
#[derive(Default)]
struct Filled {
    replacement: String,
    pieces: FixPieces,
    /// The import insertions the replacement needs.
    adds: Vec<usize>,
}

impl Filled {
    /// Wrap the replacement in parentheses, moving its pieces along.
    fn parenthesize(&mut self) {
        self.replacement = format!("({})", self.replacement);
        for (r, _) in &mut self.pieces.symbols {
            *r = r.start + 1..r.end + 1;
        }
        for (r, _) in &mut self.pieces.holes {
            *r = r.start + 1..r.end + 1;
        }
    }
}

/// What filling the template in for one match works with.
struct Fill<'c, 'a, 't, 'm> {
    cx: &'c Ctx<'a, 't>,
    root: Node<'m>,
    pattern: &'c Pattern,
    m: &'c Match<'m>,
    layer: &'c mut Layer,
    still_used: &'c mut HashSet<String>,
    /// The imports the match resolved through that a new import goes beside
    /// (see [`beside_imports`]); none: at module level.
    beside: Vec<usize>,
    /// Where the first match of the rule in the file starts.
    first_use: usize,
    filled: Filled,
}

impl Fill<'_, '_, '_, '_> {
    /// Fill in every part of `fix`; an error says why the match is skipped.
    fn template(&mut self, fix: &Template, awaited: bool) -> Result<(), String> {
        // An empty `$$$ARGS` takes its separating comma with it
        // (`f($$$ARGS, sep="-")` on `f()` is `g(sep="-")`, not `g(, sep="-")`).
        let mut drop_comma = false;
        let nl = self.cx.nl;
        let indent = super::text::indent_of(self.cx.src, self.m.node.start_byte());
        let mut layout = super::text::FixLayout::default();
        for (i, part) in fix.parts.iter().enumerate() {
            // The template's lines laid out under the match's line, their
            // breaks in the file's style: a CRLF file gets no bare LF (a
            // string's value is the same: Python reads either as `\n`).
            let in_style;
            let part = match part {
                TemplatePart::Text(t) => {
                    let laid = layout.text(&t.replace("\r\n", "\n"), indent);
                    in_style = TemplatePart::Text(match laid.contains('\n') {
                        true => laid.replace('\n', nl),
                        false => laid,
                    });
                    &in_style
                }
                _ => part,
            };
            let replacement = &mut self.filled.replacement;
            match part {
                TemplatePart::Text(t) if i == 0 && awaited && fix.awaits() => {
                    replacement.push_str(t.trim_start().trim_start_matches("await").trim_start());
                }
                TemplatePart::Text(t) if drop_comma => {
                    drop_comma = false;
                    let rest = t.trim_start();
                    replacement
                        .push_str(rest.strip_prefix(',').map_or(t.as_str(), str::trim_start));
                }
                TemplatePart::Text(t) => replacement.push_str(t),
                TemplatePart::Hole(name)
                    if self.m.bindings.get(name).is_some_and(|r| r.is_empty()) =>
                {
                    let kept = replacement.trim_end();
                    if let Some(before) = kept.strip_suffix(',') {
                        replacement.truncate(before.trim_end().len());
                    } else {
                        drop_comma = true;
                    }
                }
                TemplatePart::Hole(name) => {
                    if let Some(r) = self.m.bindings.get(name) {
                        let before = if i == 0 {
                            ""
                        } else {
                            text_of(fix.parts.get(i - 1))
                        };
                        self.hole(r.clone(), before, text_of(fix.parts.get(i + 1)));
                    }
                }
                TemplatePart::Symbol(symbol) => self.symbol(symbol)?,
            }
        }
        Ok(())
    }

    /// Copy the matched text `r` in, parenthesised when the template text
    /// around it (`before`, `after`) binds tighter than it does.
    fn hole(&mut self, r: Range<usize>, before: &str, after: &str) {
        // Looked for from the match, which holds it: from the root, each
        // look walks the depth of the tree down again.
        let captured = self.m.node.descendant_for_byte_range(r.start, r.end);
        let kind = captured
            .filter(|n| n.byte_range() == r)
            .map_or("identifier", |n| n.kind());
        let wrap = precedence::hole_needs_parens(kind, before, after);
        let replacement = &mut self.filled.replacement;
        if wrap {
            replacement.push('(');
        }
        let at = replacement.len();
        replacement.push_str(&self.cx.src[r.clone()]);
        self.filled.pieces.holes.push((at..replacement.len(), r));
        if wrap {
            replacement.push(')');
        }
    }

    /// Spell `symbol` as the file already can, else import it.
    fn symbol(&mut self, symbol: &str) -> Result<(), String> {
        let at = self.filled.replacement.len();
        let start = self.m.node.start_byte();
        match self.cx.existing_expr(symbol, self.m.scope, start) {
            Some(expr) => {
                self.still_used
                    .insert(expr.split('.').next().unwrap_or(&expr).to_string());
                self.filled.replacement.push_str(&expr);
            }
            None => {
                if let Some(line) = self.later_import(symbol) {
                    return Err(format!(
                        "the file imports `{symbol}` only further down (line {line}), after code that may run this: an import of it here would be imported twice, and that one binds too late; for a human to move the later import up"
                    ));
                }
                self.import(symbol)?
            }
        }
        let end = self.filled.replacement.len();
        self.filled
            .pieces
            .symbols
            .push((at..end, symbol.to_string()));
        Ok(())
    }

    /// The line of an import of `symbol` under its own name that the
    /// match would find, were it not bound only further down the file (a
    /// late import that breaks a cycle).
    fn later_import(&self, symbol: &str) -> Option<usize> {
        let (sem, m) = (self.cx.sem, self.m);
        let name = symbol.rsplit('.').next()?;
        let start = m.node.start_byte();
        let b = sem.lookup(name, m.scope, start)?;
        let imported = matches!(&b.kind, BindingKind::Import { symbol: s, .. } if s == symbol);
        (imported && b.pos > start && !sem.surely_bound(name, m.scope, start)).then(|| {
            crate::python::LineIndex::new(self.cx.src)
                .position(b.pos)
                .line
        })
    }

    /// Import the first name inside `symbol`'s module (`timezone` of
    /// `datetime`) under a name free here, and spell the rest.
    fn import(&mut self, symbol: &str) -> Result<(), String> {
        let cx = self.cx;
        let (import_symbol, rest) = match cx.modules.split(symbol) {
            Some((module, attrs)) => {
                let (first, rest) = match attrs.split_once('.') {
                    Some((f, r)) => (f.to_string(), format!(".{r}")),
                    None => (attrs.clone(), String::new()),
                };
                (format!("{module}.{first}"), rest)
            }
            None => (symbol.to_string(), String::new()),
        };
        // One import beside each of several that may bind the name (a `try`
        // import and its `except` twin) would be imported twice; one
        // hoisted above them would bind where they may not.
        if self.beside.len() > 1 {
            return Err(format!(
                "the name the match uses is bound by {} imports here (a `try` import and its `except` twin?): an import of `{import_symbol}` would have to go beside each; add it by hand",
                self.beside.len()
            ));
        }
        let name = self.uncaptured_name(&import_symbol)?;
        let (name, places) = match self.import_places(&name, &import_symbol) {
            Some(places) => (name, places),
            // Taken by another import (`from oldp.factory import make`
            // beside a fix that needs `newp.core.make`): the alias that
            // reads as what it is, as for a local (`core_make`).
            None => {
                let alias = qualified_alias(&import_symbol)
                    .filter(|a| *a != name)
                    .filter(|a| {
                        self.cx
                            .sem
                            .lookup_all(a, self.m.scope, self.m.node.start_byte())
                            .is_empty()
                    });
                match alias.and_then(|a| Some((self.import_places(&a, &import_symbol)?, a))) {
                    Some((places, a)) => (a, places),
                    None => {
                        let alias = qualified_alias(&import_symbol).unwrap_or_default();
                        return Err(star_taken(self.cx.sem, &name, &alias)
                            .unwrap_or_else(|| format!("`{name}` is already taken here")));
                    }
                }
            }
        };
        if let Some((place, call)) = (places.iter())
            .filter(|p| p.scope != 0)
            .find_map(|p| Some((p, cx.sem.namespace_read(p.scope)?)))
        {
            let whose = cx.sem.scopes[place.scope].name.as_deref().unwrap_or("?");
            return Err(format!(
                "the fix needs an import of `{import_symbol}` in `{whose}`, beside the import the match goes through, and `{whose}` reads its own namespace (`{call}`): the import would be one more name there; add it by hand"
            ));
        }
        let (name, places, note) = self.unexported(name, places, &import_symbol)?;
        // Imported after the match, the name would be unbound where it is used.
        if places.iter().any(|p| p.at > self.m.node.start_byte()) {
            return Err(format!(
                "no place to import `{name}` before its use here (the import the match goes through comes later): add it by hand"
            ));
        }
        if let Some(why) = self.cycle(&places, &import_symbol) {
            return Err(why);
        }
        for place in places {
            let statement = import_statement(&import_symbol, &name);
            let line = match place.slot {
                // On the line of the statement before it, ahead of what follows.
                Slot::JoinBefore => format!("{statement}; "),
                Slot::JoinAfter => format!("; {statement}"),
                Slot::Line => {
                    // At the end of a file without a final line break, the line needs one first.
                    let at = place.at;
                    let lead =
                        match at == cx.src.len() && !cx.src.is_empty() && !cx.src.ends_with('\n') {
                            true => cx.nl,
                            false => "",
                        };
                    format!(
                        "{lead}{}",
                        cx.import_line(&import_symbol, &name, &place.indent)
                    )
                }
            };
            let add = self.layer.insert_once(place.at, line, EditKind::AddImport);
            if let Some(n) = &note {
                self.layer.note(add, n.clone());
            }
            self.filled.adds.push(add);
            self.drop_hint_twins(place.scope, &import_symbol, &name, add);
        }
        self.filled.replacement.push_str(&name);
        self.filled.replacement.push_str(&rest);
        Ok(())
    }

    /// The imports under `if TYPE_CHECKING:` in `scope` that bind `name`
    /// to `symbol` as the import `add` writes does (pyflakes: redefinition
    /// of unused `name`): they go with it, the runtime import serving the
    /// type checker as well; a block they empty keeps a `pass`.
    fn drop_hint_twins(&mut self, scope: usize, symbol: &str, name: &str, add: usize) {
        let twin =
            |e: &crate::python::ImportEntry| e.bound == name && e.symbol.as_deref() == Some(symbol);
        let kind = crate::python::ImportKind::From;
        for r in self.cx.hint_twin_removals(scope, kind, twin) {
            if !self.layer.overlaps(&r) {
                let removal = self.layer.push(r, "", EditKind::RemoveImport);
                self.layer.link(add, removal);
            }
        }
    }

    /// Why an import of `import_symbol` at `places` would not do: one
    /// that runs while this module loads would load a module that loads
    /// this one back (`app.services` does `from app.models import
    /// DEFAULT_URL`), a cycle the imports the match goes through do not
    /// already make. Refused as a move there is; a function-local import
    /// runs only when called.
    fn cycle(&self, places: &[Place], import_symbol: &str) -> Option<String> {
        let (cx, m) = (self.cx, self.m);
        let through = imports_through(cx, m.node, m.scope);
        let old: Vec<&str> = (through.iter().map(|&i| &cx.sem.imports[i]))
            .filter(|imp| !imp.type_checking && super::cycles::runs_at_import(cx.sem, imp.scope))
            .flat_map(|imp| imp.entries.iter().filter_map(|e| e.symbol.as_deref()))
            .collect();
        let cycle =
            |p: &Place| super::cycles::new_cycle(cx.sem, cx.defs, p.scope, import_symbol, &old);
        let path = places.iter().find_map(cycle)?;
        Some(format!(
            "the fix needs an import of `{import_symbol}`, and here, where it runs as the module loads, it {}, which the code did not have; for a human to import it inside the functions that use it",
            super::cycles::describe(cx.sem, &path)
        ))
    }

    /// A module-level import of `name` into a module that another file
    /// star-imports, and whose `__all__` does not say what it exports,
    /// would export `name` too: into that file, where it would replace
    /// its own `name` (an import, a def, a builtin such as `open`)
    /// without a word. Then the import is private (`_name`), which `from
    /// m import *` leaves out; with the note saying why.
    fn unexported(
        &self,
        name: String,
        places: Vec<Place>,
        import_symbol: &str,
    ) -> Result<(String, Vec<Place>, Option<String>), String> {
        let (cx, sem) = (self.cx, self.cx.sem);
        let listed = sem.module_binding("__all__").is_some()
            && !sem.dunder_all_unread
            && sem.dunder_all_written().is_none();
        if name.starts_with('_') || listed || places.iter().all(|p| p.scope != 0) {
            return Ok((name, places, None));
        }
        let Some(who) = cx.referrers.refers(&sem.module, &name, &sem.module) else {
            return Ok((name, places, None));
        };
        let private = format!("_{name}");
        match self.import_places(&private, import_symbol) {
            Some(places) => Ok((
                private.clone(),
                places,
                Some(format!(
                    "imported as `{private}`: {who} (a star import of this module, which has no `__all__`), and `{name}` would go there too, in place of what that file calls `{name}`"
                )),
            )),
            None => Err(format!(
                "an import of `{name}` here would go on to {}, which star-imports this module (it has no `__all__`), and `{private}` is taken: add it by hand",
                who.trim_end_matches(" refers to it")
            )),
        }
    }

    /// The name to import `import_symbol` as where the match is.
    ///
    /// A local or parameter of that name where the fix lands would capture
    /// it: an alias that reads as what it is (`get as m_get`). (Imports of
    /// the name are `name_free`'s business.)
    fn uncaptured_name(&self, import_symbol: &str) -> Result<String, String> {
        let (sem, m) = (self.cx.sem, self.m);
        let start = m.node.start_byte();
        let mut name = import_symbol
            .rsplit('.')
            .next()
            .unwrap_or(import_symbol)
            .to_string();
        let captured = |n: &str| {
            sem.lookup_all(n, m.scope, start)
                .iter()
                .any(|b| !matches!(&b.kind, BindingKind::Import { .. }))
        };
        if captured(&name)
            && let Some((module, _)) = import_symbol.rsplit_once('.')
        {
            let last = module.rsplit('.').next().unwrap_or(module);
            let alias = format!("{last}_{name}");
            let first = std::mem::replace(&mut name, alias);
            if captured(&name) {
                return Err(star_taken(sem, &first, &name)
                    .unwrap_or_else(|| format!("`{name}` is already taken here")));
            }
        }
        Ok(name)
    }

    /// Where the import of `import_symbol` as `name` goes (one line beside
    /// each import the match resolved through, or one at module level), or
    /// `None` when `name` is taken everywhere it could go.
    fn import_places(&self, name: &str, import_symbol: &str) -> Option<Vec<Place>> {
        let cx = self.cx;
        let places: Vec<Place> = match self.beside.is_empty() {
            false => (self.beside.iter())
                .map(|&i| beside_import(cx, &cx.sem.imports[i]))
                .collect(),
            true => {
                let (at, inline) = cx.module_import_point(self.root, self.first_use);
                vec![Place {
                    at,
                    indent: String::new(),
                    scope: 0,
                    slot: Slot::from_inline(inline),
                }]
            }
        };
        let pattern = &self.pattern.symbols;
        if (places.iter()).all(|p| cx.name_free_but(name, import_symbol, p.scope, pattern)) {
            return Some(places);
        }
        // Taken at module level: a function whose body never uses the other
        // binding may import it locally, as a human would.
        local_place(cx, self.m.scope, name, import_symbol).map(|p| vec![p])
    }
}

/// Why neither `name` nor its `alias` may be imported, when a star import
/// may bind both (one canon cannot see into binds any name).
fn star_taken(sem: &crate::python::Semantic, name: &str, alias: &str) -> Option<String> {
    let star = sem.stars_binding(name).find(|s| s.may_bind(alias))?;
    Some(format!(
        "`{name}` and `{alias}` may be what `from {} import *` binds here: import `{name}` under a name it does not bind by hand",
        star.module
    ))
}

/// Where an added import goes.
struct Place {
    at: usize,
    indent: String,
    scope: usize,
    slot: Slot,
}

/// How an added import sits among the lines around it.
enum Slot {
    /// A line of its own.
    Line,
    /// Ahead of the statement at `at`, on its line (`from m import n; `),
    /// see [`Ctx::statement_slot`].
    JoinBefore,
    /// After the statement ending at `at`, on its line (`; from m import n`).
    JoinAfter,
}

impl Slot {
    fn from_inline(inline: bool) -> Slot {
        match inline {
            true => Slot::JoinBefore,
            false => Slot::Line,
        }
    }
}

/// Where an import goes beside `imp`, in its block: on the next line,
/// indented like it, or on its line when it shares one (`if x: from m
/// import f`, `from m import f; f()`).
fn beside_import(cx: &Ctx, imp: &Import) -> Place {
    let start = super::text::line_start(cx.src, imp.range.start);
    // On its line, in its suite, and still there if it goes: ahead of it
    // (`if x: from m import f`), or after the statement before it when the
    // `;` between them goes with it (`a; from m import f`).
    if !cx.src[start..imp.range.start].trim().is_empty() {
        let removed = cx.statement_lines(&imp.range);
        let (at, slot) = match removed.start < imp.range.start {
            true => (removed.start, Slot::JoinAfter),
            false => (imp.range.start, Slot::JoinBefore),
        };
        return Place {
            at,
            indent: String::new(),
            scope: imp.scope,
            slot,
        };
    }
    let (at, inline) = cx.statement_slot(imp.range.end);
    Place {
        at,
        indent: cx.indent_at(imp.range.start).to_string(),
        scope: imp.scope,
        slot: Slot::from_inline(inline),
    }
}

/// Where a function-local import of `name` can go for a match in `scope`:
/// the top of the innermost enclosing function's body, when nothing in that
/// function refers to another binding of `name` or binds it.
fn local_place(cx: &Ctx, scope: usize, name: &str, symbol: &str) -> Option<Place> {
    let sem = cx.sem;
    let mut f = scope;
    while !matches!(sem.scopes[f].kind, ScopeKind::Function { .. }) {
        f = sem.scopes[f].parent?;
    }
    let sc = &sem.scopes[f];
    let body = sc.body.first()?.clone();
    if sc.bindings.contains_key(name) || sc.globals.iter().any(|g| g == name) {
        return None;
    }
    // A function that reads its namespace whole (`return locals()`) would
    // hand the import on as one more name.
    if sem.namespace_read(f).is_some() {
        return None;
    }
    let used_otherwise = cx.loads_of(name, &body).any(|i| {
        let r = &sem.references[i];
        !sem.resolve_all(r.node, r.scope)
            .iter()
            .all(|c| c.symbol == symbol)
    });
    if used_otherwise {
        return None;
    }
    // The body must start on a line of its own (not `def f(): return x`).
    let line = super::text::line_start(cx.src, body.start);
    if !cx.src[line..body.start].trim().is_empty() {
        return None;
    }
    // After a docstring, which must stay the first statement.
    let doc = sem
        .strings
        .iter()
        .find(|s| s.docstring && s.scope == f && s.node.start_byte() == body.start);
    let at = match doc {
        Some(d) => super::text::line_end(cx.src, d.node.end_byte()),
        None => line,
    };
    Some(Place {
        at,
        indent: cx.indent_at(body.start).to_string(),
        scope: f,
        slot: Slot::Line,
    })
}

/// `core_make` for `newp.core.make`: the name an import of a symbol takes
/// when its own is taken.
fn qualified_alias(import_symbol: &str) -> Option<String> {
    let (module, name) = import_symbol.rsplit_once('.')?;
    let last = module.rsplit('.').next().unwrap_or(module);
    Some(format!("{last}_{name}"))
}

/// The text of a template part, or nothing when it is not text.
fn text_of(p: Option<&TemplatePart>) -> &str {
    match p {
        Some(TemplatePart::Text(t)) => t.as_str(),
        _ => "",
    }
}

/// The imports through which the match's head name may resolve (every
/// one of a `try` import and its `except` twin), or none when another kind
/// of binding may reach it.
fn imports_through(cx: &Ctx, node: Node, scope: usize) -> Vec<usize> {
    let mut head = node;
    while let Some(first) = head.named_child(0) {
        if head.kind() == "identifier" {
            break;
        }
        head = first;
    }
    if head.kind() != "identifier" {
        return Vec::new();
    }
    let bindings = cx
        .sem
        .lookup_all(cx.sem.text(head), scope, head.start_byte());
    let imports: Vec<usize> = (bindings.iter())
        .filter_map(|b| match b.kind {
            BindingKind::Import { import, .. } => Some(import),
            _ => None,
        })
        .collect();
    match imports.len() == bindings.len() {
        true => imports,
        false => Vec::new(),
    }
}

/// The imports an import the match needs goes beside, so that it binds
/// where, when and after what the import it replaces did (inside a `try:`
/// or `if` guard, after a `sys.path.insert` or `django.setup()`): those the
/// match resolves through when one is function-local (an import there is
/// usually breaking a cycle and must stay there), or when each binds
/// before every match going through it. None: at module level, by
/// [`Ctx::module_import_point`]'s rules.
fn beside_imports(
    cx: &Ctx,
    node: Node,
    scope: usize,
    first_through: &HashMap<usize, usize>,
) -> Vec<usize> {
    let imports = imports_through(cx, node, scope);
    let sem = cx.sem;
    // In a class body an import is a class attribute: a new one there
    // could shadow a base class's attribute of that name.
    if (imports.iter()).any(|&i| cx.sem.scopes[cx.sem.imports[i].scope].kind == ScopeKind::Class) {
        return Vec::new();
    }
    let local = (imports.iter()).any(|&i| {
        matches!(
            sem.scopes[sem.imports[i].scope].kind,
            ScopeKind::Function { .. }
        )
    });
    let binds_first = (imports.iter()).all(|&i| {
        let first = first_through.get(&i).copied().unwrap_or(usize::MAX);
        sem.imports[i].range.end <= first
    });
    match local || binds_first {
        true => imports,
        false => Vec::new(),
    }
}

/// Remove import entries of the pattern's symbols that no use outlives.
fn remove_unused(
    cx: &Ctx,
    layer: &mut Layer,
    pattern: &Pattern,
    done: &[Done],
    still_used: &HashSet<String>,
) {
    if done.is_empty() {
        return;
    }
    let reexported: HashSet<String> = cx
        .sem
        .dunder_all
        .iter()
        .filter_map(|n| string_content(*n).map(|c| cx.src[c].to_string()))
        .collect();
    for (ii, import) in cx.sem.imports.iter().enumerate() {
        let mut gone = Vec::new();
        let mut needed_by = Vec::new();
        for (k, entry) in import.entries.iter().enumerate() {
            let Some(bound) = bound_symbol(import, entry) else {
                continue;
            };
            // Kept when `__all__` or another file imports it from here, or
            // when it is in a class body: there it is a class attribute
            // (`self.get()`, `K.get`), used where no name reference shows.
            if reexported.contains(&entry.bound)
                || cx.sem.scopes[import.scope].kind == ScopeKind::Class
                || still_used.contains(&entry.bound)
                || !pattern.symbols.iter().any(|s| is_at_or_under(s, &bound))
            {
                continue;
            }
            // Kept for another file or a doctest here, or in a function
            // that reads its namespace (`return locals()`): said on the
            // rewrites that would have left it unused.
            let kept_for = match import.scope {
                0 => cx.referrer(&entry.bound),
                s => cx.sem.namespace_lookup(&entry.bound, s),
            };
            let uses = cx.uses_of(ii, k);
            let mut by = Vec::new();
            // A string annotation's use is never rewritten: it keeps the import.
            let all_rewritten = !uses.is_empty()
                && cx.annotation_uses_of(ii, k).is_empty()
                && uses.iter().all(|u| {
                    // `done` is in source order and disjoint (a match
                    // nested in one rewritten waits for the next round).
                    let p = u.node.start_byte();
                    let k = done.partition_point(|d| d.range.start <= p);
                    let Some(d) = k.checked_sub(1).map(|k| &done[k]) else {
                        return false;
                    };
                    let inside = d.range.contains(&p) && !d.holes.iter().any(|h| h.contains(&p));
                    if inside {
                        by.push(d.edit);
                    }
                    inside
                });
            if let Some(who) = kept_for {
                if all_rewritten {
                    let why = format!(
                        "`{}` kept: this module's `{}` must stay, {who}",
                        entry.bound, entry.bound
                    );
                    for e in by {
                        if layer.edits[e].note.is_none() {
                            layer.note(e, why.clone());
                        }
                    }
                }
            } else if all_rewritten {
                gone.push(k);
                needed_by.extend(by);
            }
        }
        if gone.is_empty() {
            continue;
        }
        let ranges = if gone.len() == import.entries.len() {
            vec![cx.statement_removal(&import.range, &[])]
        } else {
            (cx.entry_removals(ii, &gone).into_iter())
                .map(|r| (r, String::new()))
                .collect()
        };
        for (r, kept) in ranges {
            if layer.overlaps(&r) {
                continue;
            }
            let removal = layer.push(r, kept, EditKind::RemoveImport);
            // The import may only go once every use of it has been rewritten.
            for &e in &needed_by {
                layer.require(removal, e);
            }
        }
    }
}
