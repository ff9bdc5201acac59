//! Rules applied to one file: the findings.
//!
//! Input is a parsed Python file (or a plain text file for mentions) and the
//! rules that apply to its path; output is a sorted list of findings with
//! byte ranges and positions. No I/O here: the scan layer reads files and
//! calls in, tests call in with inline sources.

pub(crate) mod findings;
mod partial;
mod suppress;

use std::ops::Range;

use tree_sitter::Tree;

use crate::python::nfkc::{self, Names};
use crate::python::semantic::is_at_or_under;
use crate::python::{AsyncContext, LineIndex, ModuleName, Position, Semantic};
use crate::rules::{Rule, RuleKind};

pub use partial::{Blank, VIEW_MIN, View, proposal_view};
pub use suppress::Suppressions;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Move,
    Rewrite,
    Ban,
    Mention,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Move => "move",
            Kind::Rewrite => "rewrite",
            Kind::Ban => "ban",
            Kind::Mention => "mention",
        }
    }

    /// Mentions are informational; everything else is a violation.
    pub fn is_violation(self) -> bool {
        self != Kind::Mention
    }
}

/// What kind of code a finding sits on; later stages decide fixability from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Site {
    /// An import statement's name (or module, for module moves).
    Import,
    /// A `from m import *` that may bring the symbol in.
    StarImport,
    /// A name or attribute chain in code.
    Reference,
    /// A string literal that is exactly the dotted path (`patch("a.b.c")`).
    DottedString,
    /// The definition of the old symbol in its own module.
    Definition,
    /// An `__all__` entry re-exporting the old symbol.
    DunderAll,
    /// A structural pattern match (rewrite rules).
    PatternMatch,
    Comment,
    Docstring,
    /// A string literal that mentions the path among other text.
    StringMention,
    /// A non-Python text file.
    Text,
    /// Code canon never rewrites that runs: a doctest example, a notebook
    /// cell, a Markdown or Sphinx code block, `python -c`, a string `exec`
    /// runs (see [`runnable_mentions`]).
    Runnable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub kind: Kind,
    pub site: Site,
    pub path: String,
    pub range: Range<usize>,
    pub start: Position,
    pub end: Position,
    pub message: String,
    pub note: Option<String>,
    /// The replacement text for `range`, when a fix is known.
    pub fix: Option<String>,
    /// For pattern matches: whether `await` is allowed at the site.
    pub context: Option<AsyncContext>,
    /// The edits of the proposal that fix it, when the proposals were
    /// worked out (`check --fixes`): `--format json` and SARIF carry them.
    pub fixed_by: Option<Fix>,
}

/// The edits of a proposal that fix one finding: those over it, and for the
/// first finding of a group the group's edits over no finding (the import a
/// renamed use relies on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Findings of one file with the same group are fixed together: their
    /// edits need each other.
    pub group: usize,
    /// Whether `apply` takes it; an opt-in edit is the reviewer's call.
    pub safe: bool,
    pub edits: Vec<FixEdit>,
}

/// Replace the text from `start` to `end` with `content`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixEdit {
    pub start: Position,
    pub end: Position,
    pub content: String,
}

impl Finding {
    /// Whether it fails `check`: not a mention, nor (SPEC §3.10) the old
    /// symbol's own definition or an `__all__` re-export of it, which are
    /// reported at info level and never rewritten.
    pub fn is_violation(&self) -> bool {
        self.kind.is_violation() && !matches!(self.site, Site::Definition | Site::DunderAll)
    }
}

/// The result of analysing one Python file.
#[derive(Debug, Default)]
pub struct FileAnalysis {
    pub findings: Vec<Finding>,
    /// Where the first syntax error is, when the file does not parse cleanly.
    pub syntax_error: Option<Position>,
    /// Where the first Python-2-only construct is, and what it is.
    pub python2: Option<(Position, &'static str)>,
    /// 1-based lines of `# canon: ignore` comments that suppressed nothing.
    pub unused_suppressions: Vec<usize>,
    /// (rule id, 1-based line) of each violation a `# canon: ignore` kept
    /// out of `findings`: the code still uses what the rule is about, so
    /// its definition is not free to delete (`canon status`).
    pub suppressed: Vec<(String, usize)>,
    /// (rule id, 1-based line) of each load, in the old symbol's own
    /// module, of the definition a rule moves (`other()` calling `helper()`
    /// beside it): deleting the definition would break it (`canon status`).
    pub own_uses: Vec<(String, usize)>,
    /// Dotted symbols of other modules this file refers to (imports them,
    /// spells them as a chain or a dotted-path string) whose last name is
    /// one a rule mentions: the names a fix elsewhere could make disappear.
    /// `a.*` for `from a import *`: every public name of `a`. Its
    /// doctests' imports and chains count (see [`runnable_referrals`]).
    pub referrals: Vec<String>,
    /// Of the referrals, those the file may patch rather than use: named by
    /// a string (`patch("a.get")`, `patch.object(a, "get")`, `setattr`)
    /// or a `patch.multiple` keyword. A call rewritten off the patched
    /// name in `a` would no longer go through the patch.
    pub patches: Vec<String>,
    /// The patches the file makes of a symbol a rule is about, each with
    /// its line and the moves that rewrite it along with the uses (see
    /// [`Pin`]): a use elsewhere that a fix takes off the patched symbol
    /// must stay with every other one.
    pub pins: Vec<Pin>,
    /// What the file's code reaches at or under a move's old path, each
    /// with whether a `from` import takes it by name (`from a.m import
    /// C`: `a.m.C`, which may be a module) or code uses it (a chain as a
    /// whole: `m.C` of `m.C().f()`, not its part `m`). A patch of what it
    /// reaches, or of a name under it (`a.m.C.f`), must move with the
    /// move's edits here (see `pipeline::links`).
    pub reaches: Vec<(String, Reach)>,
}

/// How a file's code reaches a path (see [`FileAnalysis::reaches`]), and
/// so whether a patch of that path, or of a name under it, intercepts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reach {
    /// Code spells it (a chain as a whole), looked up each time it runs.
    Code,
    /// A `from` import inside a function takes it by name, each time the
    /// function runs.
    Import,
    /// A `from` import takes it by name where the module loads (at module
    /// or class level), once.
    Loaded,
}

impl Reach {
    /// Whether a patch of `patched` intercepts code that reaches `reached`
    /// (at or above `patched`) this way. A module taken by name is no
    /// reach of what the patch names in it: the chains through it are.
    /// A name bound once, when the module loads, is bound before a test
    /// patches it (tests import the code they test first): a patch that
    /// rebinds that very name does not reach the binding, though a patch
    /// under it (`C.f` of a class `C` imported) changes the object it
    /// holds.
    pub fn intercepted(self, reached: &str, patched: &str, is_module: bool) -> bool {
        match self {
            Reach::Code => true,
            Reach::Import => !is_module,
            Reach::Loaded => !is_module && reached != patched,
        }
    }
}

/// A patch of `symbol` on line `line`: through the module object
/// (`patch.object(a, "get")`, `setattr(a, "get", …)`, `patch.multiple(a,
/// get=…)`, `a.get = fake`) or by a dotted-path string (`patch("a.get")`,
/// `monkeypatch.setattr("a.get", …)`, `patch(PREFIX + ".get")`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pin {
    pub symbol: String,
    pub line: usize,
    /// The ids of the move rules that rewrite the patch's string (the
    /// path, or the module `patch.multiple("a", get=…)` names) in this
    /// file, `# canon: ignore` on its line aside: the patch follows their
    /// moved uses. A move leaves a patch through the module object alone
    /// (see `rewrite::moves`), a rewrite every patch: the uses it reaches
    /// stay with it.
    pub moved_by: Vec<String>,
}

/// Analyse a parsed Python file at `rel_path` (relative to the project root,
/// `/`-separated), importable as `module`, with the rules that apply to it.
pub fn analyze_python(
    rel_path: &str,
    module: &ModuleName,
    source: &str,
    tree: &Tree,
    rules: &[&Rule],
) -> FileAnalysis {
    if let Names::Folded(f) = nfkc::names(tree, source) {
        let tree = crate::python::parse(&mut crate::python::parser(), &f.text);
        return unfold(
            analyze_python(rel_path, module, &f.text, &tree, rules),
            &f,
            source,
        );
    }
    let sem = Semantic::build(tree, source, &module.name, module.is_init);
    analyze_model(rel_path, &sem, tree, rules, &[])
}

/// The findings of a file's text with its identifiers normalised
/// ([`nfkc::Folded`]), on the file's own text: a use spelled `ｈelper` is
/// one of `helper`, as Python reads it.
fn unfold(mut analysis: FileAnalysis, folded: &nfkc::Folded, source: &str) -> FileAnalysis {
    let index = LineIndex::new(source);
    for f in &mut analysis.findings {
        f.range = folded.back(f.range.start)..folded.back(f.range.end);
        f.start = index.position(f.range.start);
        f.end = index.position(f.range.end);
    }
    analysis
}

/// Parse (only the parts that matter of) a Python file and analyse it.
pub fn analyze_source(
    rel_path: &str,
    module: &ModuleName,
    source: &str,
    parser: &mut tree_sitter::Parser,
    rules: &[&Rule],
) -> FileAnalysis {
    analyze_source_within(rel_path, module, source, parser, rules, usize::MAX).unwrap_or_default()
}

/// A file nested deeper than the caller's stack allows walking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    pub depth: usize,
    /// 1-based line of the deepest node.
    pub line: usize,
}

/// [`analyze_source`], refusing (before any recursive walk) a tree that
/// nests deeper than `max_depth`.
pub fn analyze_source_within(
    rel_path: &str,
    module: &ModuleName,
    source: &str,
    parser: &mut tree_sitter::Parser,
    rules: &[&Rule],
    max_depth: usize,
) -> Result<FileAnalysis, TooDeep> {
    let check = |tree: &Tree| {
        let (depth, row) = crate::python::nesting(tree);
        match depth > max_depth {
            true => Err(TooDeep {
                depth,
                line: row + 1,
            }),
            false => Ok(()),
        }
    };
    if nfkc::suspect(source)
        && let Names::Folded(f) = nfkc::names(&crate::python::parse(parser, source), source)
    {
        let analysis = analyze_source_within(rel_path, module, &f.text, parser, rules, max_depth)?;
        return Ok(unfold(analysis, &f, source));
    }
    // Names everywhere: the imports parsed, the chains through them lexed.
    let chunked = match partial::lexed::first_pass(parser, source, &module.name, rules) {
        Ok(imports) => {
            check(&imports.tree)?;
            let sem = Semantic::build(&imports.tree, source, &module.name, module.is_init);
            if let Some(chains) = imports.chains(&sem, rules) {
                return Ok(analyze_model(rel_path, &sem, &imports.tree, rules, &chains));
            }
            drop(sem);
            Some(imports.into_chunks())
        }
        Err(chunked) => chunked,
    };
    let (tree, plan) = partial::first_pass_chunked(parser, source, &module.name, rules, chunked);
    check(&tree)?;
    let partial = plan.is_some();
    let sem = Semantic::build(&tree, source, &module.name, module.is_init);
    let mut analysis = if let Some(mut plan) = plan
        && plan.widen(&sem, source, rules)
    {
        let tree = plan
            .parse(parser, source)
            .unwrap_or_else(|| crate::python::parse(parser, source));
        check(&tree)?;
        let sem = Semantic::build(&tree, source, &module.name, module.is_init);
        analyze_model(rel_path, &sem, &tree, rules, &[])
    } else {
        analyze_model(rel_path, &sem, &tree, rules, &[])
    };
    // Python 2 outside the statements parsed: worth a whole parse to say
    // so (the walk that looks is iterative, whatever the nesting).
    if partial && analysis.python2.is_none() && crate::python::python2_lines(source) {
        let whole = crate::python::parse(parser, source);
        analysis.python2 = crate::python::python2_syntax(&whole, source)
            .map(|(off, what)| (LineIndex::new(source).position(off), what));
    }
    Ok(analysis)
}

/// The findings of `rules` in a file's model, and in the `lexed` chains
/// of the statements the model leaves out (see [`partial::lexed`]).
fn analyze_model(
    rel_path: &str,
    sem: &Semantic,
    tree: &Tree,
    rules: &[&Rule],
    lexed: &[partial::lexed::Chain],
) -> FileAnalysis {
    let index = LineIndex::new(sem.source);
    let mut out = findings::Collector::new(rel_path, sem, &index);
    for rule in rules {
        out.rule(rule, tree);
        out.lexed_chains(rule, lexed);
    }
    let (mut findings, reaches) = out.finish();
    // `exec("from old.mod import f")`, `[sys.executable, "-c", "…"]`: code
    // that runs, which canon never rewrites.
    let code_strings = crate::python::doctest::code_strings(sem);
    if !code_strings.is_empty() {
        let pieces: Vec<_> = code_strings.iter().map(|(p, _)| p.clone()).collect();
        let message = |path: &str| {
            format!(
                "code in a string that Python runs (`exec`, `eval`, `python -c`) uses `{path}`: canon does not rewrite code in strings; change it by hand"
            )
        };
        runnable_mentions(
            rel_path,
            sem.source,
            &pieces,
            rules,
            &mut findings,
            &message,
        );
    }
    // `>>> from old.mod import helper` in a docstring: the doctest runs it.
    if memchr::memmem::find(sem.source.as_bytes(), b">>>").is_some() {
        let examples = crate::python::doctest::example_lines(sem.source);
        let message = |path: &str| {
            format!(
                "a doctest example uses `{path}`: canon does not rewrite docstrings; change it by hand"
            )
        };
        runnable_mentions(
            rel_path,
            sem.source,
            &[examples],
            rules,
            &mut findings,
            &message,
        );
    }

    let syntax_error = crate::python::first_syntax_error(tree).map(|off| index.position(off));
    if syntax_error.is_some() {
        let errors = crate::python::syntax_errors(tree);
        findings.retain(|f| {
            !errors
                .iter()
                .any(|e| e.start <= f.range.start && f.range.end <= e.end)
        });
    }
    let suppressions = Suppressions::from_comments(sem, &index);
    let mut suppressed = Vec::new();
    findings.retain(|f| {
        let keep = !suppressions.suppresses(f.start.line, &f.rule);
        if !keep && f.is_violation() {
            suppressed.push((f.rule.clone(), f.start.line));
        }
        keep
    });
    let unused_suppressions = suppressions.unused();
    let own_uses = own_uses(sem, tree, &findings, &index);
    sort(&mut findings, rules);
    let python2 = crate::python::python2_syntax(tree, sem.source)
        .map(|(off, what)| (index.position(off), what));
    let (referrals, patches, pins) = referrals(sem, rules, lexed, &suppressions, &code_strings);
    FileAnalysis {
        findings,
        syntax_error,
        python2,
        unused_suppressions,
        suppressed,
        own_uses,
        referrals,
        patches,
        pins,
        reaches,
    }
}

/// The loads of each definition `findings` name (a moved symbol's, in its
/// own module) by the module's other code, as (rule id, 1-based line):
/// its own body (a recursive call) and decorators aside.
fn own_uses(
    sem: &Semantic,
    tree: &Tree,
    findings: &[Finding],
    index: &LineIndex,
) -> Vec<(String, usize)> {
    // Each moved definition: its rule, name, binding site and statement.
    let mut defined: Vec<(&str, &str, usize, std::ops::Range<usize>)> = Vec::new();
    for f in findings.iter().filter(|f| f.site == Site::Definition) {
        let name = &sem.source[f.range.clone()];
        let Some(binding) = sem.module_binding(name).filter(|b| b.pos == f.range.start) else {
            continue;
        };
        // The statement that defines it, with its decorators.
        let own = tree
            .root_node()
            .descendant_for_byte_range(f.range.start, f.range.end)
            .and_then(|n| n.parent())
            .filter(|d| matches!(d.kind(), "function_definition" | "class_definition"))
            .map(|d| {
                d.parent()
                    .filter(|p| p.kind() == "decorated_definition")
                    .unwrap_or(d)
                    .byte_range()
            })
            .unwrap_or(f.range.clone());
        defined.push((f.rule.as_str(), name, binding.pos, own));
    }
    let mut out = Vec::new();
    if defined.is_empty() {
        return out;
    }
    // One walk of the references for them all (a module of a thousand
    // moved definitions has a thousand).
    let mut by_name: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (k, (_, name, _, _)) in defined.iter().enumerate() {
        by_name.entry(name).or_default().push(k);
    }
    for r in &sem.references {
        if r.node.kind() != "identifier" {
            continue;
        }
        let Some(ks) = by_name.get(sem.text(r.node)) else {
            continue;
        };
        let at = r.node.start_byte();
        for &k in ks {
            let (rule, name, pos, own) = &defined[k];
            if !own.contains(&at)
                && sem
                    .lookup_all(name, r.scope, at)
                    .iter()
                    .any(|b| b.pos == *pos)
            {
                out.push((rule.to_string(), index.position(at).line));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The module a string names an attribute of: the symbols the object of
/// [`attribute_object`] denotes.
fn attribute_named<'a>(
    sem: &'a Semantic,
    string: tree_sitter::Node,
) -> impl Iterator<Item = String> + 'a {
    attribute_object(sem, string)
        .map(|m| crate::python::object_paths(sem, m))
        .into_iter()
        .flatten()
}

/// Whether an attribute chain is assigned to (`m.name = v`, `m.name += v`,
/// `a, m.name = …`, `(m.name, b) = …`) or deleted: it replaces (or
/// removes) the binding that code reading `m.name` sees.
pub(crate) fn is_assigned(node: tree_sitter::Node) -> bool {
    let mut node = node;
    while let Some(p) = node.parent() {
        match p.kind() {
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "parenthesized_expression"
            | "list_splat_pattern"
            | "expression_list" => node = p,
            "assignment" | "augmented_assignment" => {
                return p.child_by_field_name("left") == Some(node);
            }
            "delete_statement" => return true,
            _ => return false,
        }
    }
    false
}

pub(crate) use crate::python::attribute_object;

/// See [`FileAnalysis::referrals`] and [`FileAnalysis::patches`]. Only
/// names the rules spell are kept: a name a fix removes from a module (a
/// renamed or unused import) is always one of them, and those are what the
/// prefilter finds.
fn referrals(
    sem: &Semantic,
    rules: &[&Rule],
    lexed: &[partial::lexed::Chain],
    suppressions: &Suppressions,
    code_strings: &[(Vec<crate::python::doctest::CodeLine>, bool)],
) -> (Vec<String>, Vec<String>, Vec<Pin>) {
    let needles: Vec<String> = rules
        .iter()
        .filter_map(|r| r.literals())
        .flatten()
        .cloned()
        .collect();
    let named = |s: &str| {
        let last = s.rsplit('.').next().unwrap_or(s);
        needles.iter().any(|n| n == last)
    };
    let mut out: Vec<String> = Vec::new();
    for import in &sem.imports {
        // `from a import *` takes every public name of `a` (which the
        // file need not spell): `a.*` stands for them all, see
        // [`crate::scan::Referrals::referrer`].
        if import.star
            && let Some(module) = &import.module
        {
            out.push(format!("{module}.*"));
        }
        for e in &import.entries {
            if let Some(symbol) = &e.symbol
                && import.kind == crate::python::ImportKind::From
                && named(symbol)
            {
                out.push(symbol.clone());
            }
        }
    }
    // `pytest_plugins = ["app.fixtures"]`: pytest loads the module and
    // asks it for fixtures by name, as a star import would take them.
    out.extend(
        crate::python::pytest_plugins(sem)
            .into_iter()
            .map(|m| format!("{m}.*")),
    );
    let mut patches: Vec<String> = Vec::new();
    let mut pins: Vec<Pin> = Vec::new();
    // Counted once: a test file of 5,000 patches asks for 5,000 lines.
    let lines = crate::python::LfLines::new(sem.source);
    let line = |at: usize| lines.line(at);
    let pin = |symbol: &str, line: usize, via: Option<&str>| {
        pin_of(rules, suppressions, symbol, line, via)
    };
    for r in &sem.references {
        let Some(attr) = r.node.child_by_field_name("attribute") else {
            continue;
        };
        if r.node.kind() != "attribute" {
            continue;
        }
        // `pkg.mod.name = fake`: the hand-rolled monkeypatch, as `setattr`,
        // of any name under a moved module (not only the names rules spell).
        let assigned = is_assigned(r.node);
        let named = named(sem.text(attr));
        if !(named || assigned) {
            continue;
        }
        let mut symbols: Vec<String> = Vec::new();
        if let Some((object, name)) = crate::python::attribute_off_module(sem, r.node) {
            // `importlib.import_module("pkg.e").make`, `sys.modules["pkg.e"].make`:
            // the module's `make`.
            let objects = crate::python::object_paths(sem, object);
            symbols.extend(objects.into_iter().map(|m| format!("{m}.{name}")));
        } else if sem.may_resolve(r.node) {
            let resolved = sem.resolve_all(r.node, r.scope).into_iter();
            symbols.extend(resolved.map(|c| c.symbol));
        }
        if assigned {
            let at = line(r.node.start_byte());
            pins.extend(symbols.iter().filter_map(|s| pin(s, at, None)));
        }
        if named {
            if assigned {
                patches.extend(symbols.iter().cloned());
            }
            let through = through_package(sem, &symbols);
            out.extend(symbols);
            out.extend(through);
        }
    }
    for st in &sem.strings {
        // `pkg.mod.name`, or `pkg.mod:name` as entry points spell it.
        let Some((_, v)) = crate::python::string_value(sem.source, st.node) else {
            continue;
        };
        // `patch("pkg.mod.name")`, `patch("pkg.mod:C.name")`: the patch a
        // move rewrites with the uses.
        let patched = match crate::python::is_dotted_path(&v) {
            true => Some(v.clone()),
            false => crate::python::colon_path(sem, st.node, &v).map(|(dotted, _)| dotted),
        };
        if let Some(p) = patched
            && p.contains('.')
            && (is_about(rules, &p) || is_moved_to(rules, &p))
            && crate::python::is_patch_path_string(sem, st.node)
        {
            let at = line(st.node.start_byte());
            pins.extend(pin(&p, at, Some(&p)));
        }
        let dotted = v.replacen(':', ".", 1);
        if dotted.contains('.') && crate::python::is_dotted_path(&dotted) && named(&dotted) {
            patches.push(dotted);
        } else if v.contains(':') && !crate::python::is_dotted_path(&dotted) {
            // An entry point in `setup()`: `"tool = app:helper"`, as a text
            // file spells it.
            out.extend(text_referrals(&v, rules));
        } else if named(&v) {
            // `patch.object(module, "name")`, `monkeypatch.setattr(module, "name", …)`,
            // `getattr(module, "name")`, `vars(module)["name"]`.
            patches.extend(attribute_named(sem, st.node).map(|m| format!("{m}.{v}")));
        }
    }
    // `patch.multiple(module, name=…)`, `patch.multiple("pkg.mod", name=…)`.
    for p in crate::python::patched_targets(sem) {
        let at = line(p.range.start);
        for t in p.targets {
            pins.extend(pin(&t, at, p.via_string.as_deref()));
            if named(&t) {
                patches.push(t);
            }
        }
    }
    // `patch(TARGET + ".C")`: the path the constants fold to.
    for (node, path) in crate::python::computed_paths(sem) {
        pins.extend(pin(&path, line(node.start_byte()), Some(&path)));
        if named(&path) {
            patches.push(path);
        }
    }
    // `patch(prefix + ".f")`, `prefix` unknown: it may be the path of any
    // symbol a rule is about that ends so, and the patch stays as it is.
    for (node, tail) in crate::python::unread_paths(sem) {
        let at = line(node.start_byte());
        for path in rules.iter().flat_map(|r| subjects(r)) {
            if path.len() > tail.len() && path.ends_with(&tail) {
                pins.extend(pin(path, at, None));
            }
        }
    }
    // `patch(TARGETS[0])` with `TARGETS = ["pkg.mod.f"]`,
    // `patch(".".join(["pkg", "mod", "f"]))`, `partial(mock.patch,
    // "pkg.mod.f")`: a patch canon cannot read, or a patch function handed
    // on, may take any old path a string of the file names, or builds from
    // the names it spells, and those stay where the patch would find them.
    // A path is held when a string of the file spells any one of its names
    // (not only the last: the patched name may come from elsewhere while
    // the module's is spelt here); a patch that names nothing of it in the
    // file is out of canon's sight, as one in another project would be.
    let unread = (crate::python::opaque_patches(sem).into_iter())
        .chain(crate::python::patches_as_values(sem))
        .min_by_key(|n| n.start_byte());
    if let Some(first) = unread {
        let at = line(first.start_byte());
        for path in rules.iter().flat_map(|r| subjects(r)) {
            if path
                .split('.')
                .any(|name| crate::python::spelled_in_strings(sem, name))
            {
                pins.extend(pin(path, at, None));
            }
        }
        for st in &sem.strings {
            if let Some((_, v)) = crate::python::string_value(sem.source, st.node)
                && !st.docstring
                && v.contains('.')
                && crate::python::is_dotted_path(&v)
                && is_about(rules, &v)
            {
                pins.extend(pin(&v, at, None));
            }
        }
    }
    // `patch.object(old.mod, NAME, …)`, `setattr(old.mod, key, fake)`: a
    // name canon cannot read may be any attribute of the module, and the
    // uses of each stay where the patch replaces it.
    for (call, objects) in crate::python::patched_by_unread_name(sem) {
        let at = line(call.start_byte());
        for path in rules.iter().flat_map(|r| subjects(r)) {
            if objects.iter().any(|m| path != m && is_at_or_under(path, m)) {
                pins.extend(pin(path, at, None));
            }
        }
    }
    patches.sort();
    patches.dedup();
    out.extend(patches.iter().cloned());
    // `>>> from pkg.api import helper` in a docstring: it runs, unrewritten.
    let examples = sem.doctest_code();
    // The module's own imports, which the examples run with.
    let outer = |name: &str| {
        let imports = sem.imports.iter().filter(|i| i.scope == 0);
        (imports.flat_map(|i| i.entries.iter().map(move |e| (i, e))))
            .filter(|(_, e)| e.bound == name)
            .map(|(i, e)| match (i.kind, &e.alias) {
                // `import a.b` binds `a`.
                (crate::python::ImportKind::Import, None) => Some(e.bound.clone()),
                _ => e.symbol.clone(),
            })
            .next_back()
            .flatten()
    };
    if !examples.is_empty() {
        out.extend(runnable_referrals(examples, rules, &outer));
    }
    // `exec(CODE)` runs with the module's names, `python -c CODE` without.
    for (piece, own) in code_strings {
        let code = crate::python::doctest::joined(std::slice::from_ref(piece));
        let none = |_: &str| None;
        let outer: &dyn Fn(&str) -> Option<String> = if *own { &outer } else { &none };
        out.extend(runnable_referrals(&code, rules, outer));
    }
    for chain in lexed {
        for ((symbol, _), named) in chain.parts.iter().zip(&chain.named) {
            if *named {
                out.push(symbol.clone());
                out.extend(through_package(sem, std::slice::from_ref(symbol)));
            }
        }
    }
    out.sort();
    out.dedup();
    pins.sort();
    pins.dedup();
    (out, patches, pins)
}

/// For the chains `symbols` the file spells: those no import of its own
/// loads, under [`crate::python::modules::through_package`]'s name
/// (`import pkg; pkg.sub.f()`: `pkg.sub` is there because the package's
/// `__init__` loads it, if it is a submodule).
fn through_package(sem: &Semantic, symbols: &[String]) -> Vec<String> {
    (symbols.iter())
        .filter(|s| !sem.loads(s))
        .filter_map(|s| s.rsplit_once('.'))
        .map(|(package, sub)| {
            let key = crate::python::modules::through_package(sub);
            format!("{package}.{key}")
        })
        .collect()
}

/// The paths a fix of `rule` takes uses off: a move's old path, the
/// symbols a rewrite's pattern names.
fn subjects(rule: &Rule) -> &[String] {
    match &rule.kind {
        RuleKind::Move { old, .. } => std::slice::from_ref(old),
        RuleKind::Rewrite { pattern, .. } => &pattern.symbols,
        RuleKind::Ban { .. } => &[],
    }
}

impl FileAnalysis {
    /// Whether the file at `rel`, whose text is `text`, patches something
    /// and may check how its stand-ins are called (see [`checks_calls`]).
    /// A `conftest.py` that patches always may: its fixtures hand the
    /// stand-ins to tests, which check them in files of their own.
    pub fn checks_calls(&self, rel: &str, text: &str) -> bool {
        (!self.patches.is_empty() || !self.pins.is_empty())
            && (rel == "conftest.py" || rel.ends_with("/conftest.py") || checks_calls(text))
    }
}

/// Whether a file that patches a name may check how its stand-in is
/// called: it asserts on a mock's calls (`assert_called_once_with`,
/// `call_args`, `mock_calls`…), or puts a function there (`lambda ctx:`,
/// `side_effect=`, `new=`), or a function or class it defines, handed on
/// as a value (`monkeypatch.setattr(app, "Manager", FakeManager)`), whose
/// parameters the old calls fit. A rewrite that keeps the patched name
/// changes how the stand-in is called.
pub fn checks_calls(text: &str) -> bool {
    const CHECKS: [&str; 13] = [
        "assert_called_with",
        "assert_called_once_with",
        "assert_any_call",
        "assert_has_calls",
        "call_args",
        "mock_calls",
        "method_calls",
        "assert_awaited_with",
        "assert_awaited_once_with",
        "assert_any_await",
        "await_args",
        "side_effect",
        "new=",
    ];
    CHECKS
        .iter()
        .any(|c| memchr::memmem::find(text.as_bytes(), c.as_bytes()).is_some())
        || crate::python::contains_word(text, "lambda")
        || hands_on_own_callable(text)
}

/// Whether `text` defines a function or class (not a test: `test_*`,
/// `Test*`) and spells its name where it is not called or defined: a
/// value handed on (`patch.object(app, "Manager", FakeManager)`, a fixture
/// a test asks for by name).
fn hands_on_own_callable(text: &str) -> bool {
    let ident = |b: u8| b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80;
    let defined: Vec<&str> = (text.lines())
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix("async ").unwrap_or(l);
            let rest = l
                .strip_prefix("def ")
                .or_else(|| l.strip_prefix("class "))?;
            let end = rest.bytes().position(|b| !ident(b)).unwrap_or(rest.len());
            Some(&rest[..end])
        })
        .filter(|n| !n.is_empty() && !n.starts_with("test") && !n.starts_with("Test"))
        .collect();
    if defined.is_empty() {
        return false;
    }
    let defined: std::collections::HashSet<&str> = defined.into_iter().collect();
    // One pass over the words of the text (not attributes), each looked up.
    let bytes = text.as_bytes();
    for (start, word) in crate::python::words(text) {
        if !defined.contains(word) {
            continue;
        }
        let i = start + word.len();
        let line = &text[text[..start].rfind('\n').map_or(0, |n| n + 1)..start];
        let after = bytes[i..].iter().find(|b| **b != b' ' && **b != b'\t');
        let defining = matches!(
            line.trim_start().trim_start_matches("async "),
            "def " | "class "
        );
        if !defining && after != Some(&b'(') {
            return true;
        }
    }
    false
}

/// Whether a move's new path is `symbol` or above it: a patch of it may
/// intercept code on the old path through a shim that looks the new one up
/// when called, which a move to an import by name would escape (see
/// `rewrite::moves`).
fn is_moved_to(rules: &[&Rule], symbol: &str) -> bool {
    rules
        .iter()
        .any(|r| matches!(&r.kind, RuleKind::Move { new, .. } if is_at_or_under(symbol, new)))
}

/// Whether a rule is about `symbol`: a move of it or of a module above
/// it, a rewrite of a call to it.
fn is_about(rules: &[&Rule], symbol: &str) -> bool {
    rules
        .iter()
        .any(|r| subjects(r).iter().any(|s| is_at_or_under(symbol, s)))
}

/// A patch of `symbol` on `line`, made by a string naming `via` (else
/// through the module object), when a rule is about the symbol: a move of
/// it or of a module above it, a rewrite of a call to it.
fn pin_of(
    rules: &[&Rule],
    suppressions: &Suppressions,
    symbol: &str,
    line: usize,
    via: Option<&str>,
) -> Option<Pin> {
    if !is_about(rules, symbol) && !is_moved_to(rules, symbol) {
        return None;
    }
    let moved_by = rules
        .iter()
        .filter(|r| match (&r.kind, via) {
            (RuleKind::Move { old, .. }, Some(via)) => {
                is_at_or_under(via, old) && !suppressions.suppresses(line, &r.id)
            }
            _ => false,
        })
        .map(|r| r.id.clone())
        .collect();
    Some(Pin {
        symbol: symbol.to_string(),
        line,
        moved_by,
    })
}

/// What a non-Python text file refers to: each dotted path it spells
/// (`pkg.d.make`, or `pkg.g:make` as entry points write it) cut after
/// each name a rule spells (`pkg.d.make.sub` refers to `pkg.d.make`). A
/// loader imports the module and takes the name off it, so a fix must not
/// take the name away (see [`FileAnalysis::referrals`]).
pub fn text_referrals(source: &str, rules: &[&Rule]) -> Vec<String> {
    let needles: Vec<String> = rules
        .iter()
        .filter_map(|r| r.literals())
        .flatten()
        .cloned()
        .collect();
    let mut out: Vec<String> = Vec::new();
    let word = |c: char| c == '_' || c == '.' || c == ':' || c.is_alphanumeric();
    // `pkg.mod : make` is the entry point `pkg.mod:make`.
    let source = crate::python::tight_colons(source);
    for token in source.split(|c: char| !word(c)) {
        let token = token.trim_matches(|c| c == '.' || c == ':');
        if !token.contains(['.', ':']) || !needles.iter().any(|n| token.contains(n.as_str())) {
            continue;
        }
        let dotted = token.replacen(':', ".", 1);
        if !crate::python::is_dotted_path(&dotted) {
            continue;
        }
        let parts: Vec<&str> = dotted.split('.').collect();
        for end in 2..=parts.len() {
            if needles.iter().any(|n| n == parts[end - 1]) {
                out.push(parts[..end].join("."));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// What code that canon never rewrites refers to, code that still runs: a
/// doctest's examples (in a docstring, or in a text file `python -m
/// doctest` or pytest's `--doctest-glob` runs), a notebook's code cells
/// (see [`crate::python::doctest`]). Each `from m import name` is a
/// referral of `m.name`, each `import m.sub` of the modules it names, and
/// each chain (`m.name`, `api.name` after `from pkg import api`) of what
/// it spells, its head bound by the code's own imports or else by `outer`
/// (the names of the module a docstring's examples run in). Only names a
/// rule spells, as [`FileAnalysis::referrals`].
pub fn runnable_referrals(
    code: &str,
    rules: &[&Rule],
    outer: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let needles: Vec<String> = rules
        .iter()
        .filter_map(|r| r.literals())
        .flatten()
        .cloned()
        .collect();
    let named = |s: &str| needles.iter().any(|n| n == s);
    let mut out: Vec<String> = Vec::new();
    let mut bound: std::collections::HashMap<String, String> = Default::default();
    for statement in crate::python::doctest::statements(code) {
        match text_import(&statement) {
            Some(TextImport::From(module, names)) => {
                for (name, alias) in names {
                    if name == "*" {
                        out.push(format!("{module}.*"));
                        continue;
                    }
                    let symbol = format!("{module}.{name}");
                    if named(&name) {
                        out.push(symbol.clone());
                    }
                    bound.insert(alias.unwrap_or(name), symbol);
                }
            }
            Some(TextImport::Import(names)) => {
                for (name, alias) in names {
                    let parts: Vec<&str> = name.split('.').collect();
                    for end in 2..=parts.len() {
                        if named(parts[end - 1]) {
                            out.push(parts[..end].join("."));
                        }
                    }
                    match alias {
                        Some(alias) => bound.insert(alias, name),
                        None => bound.insert(parts[0].to_string(), parts[0].to_string()),
                    };
                }
            }
            None => {}
        }
    }
    let word = |c: char| c == '_' || c == '.' || c.is_alphanumeric();
    for token in code.split(|c: char| !word(c)) {
        let token = token.trim_matches('.');
        let parts: Vec<&str> = token.split('.').collect();
        if parts.len() < 2 || !parts[1..].iter().any(|p| named(p)) {
            continue;
        }
        let head = (bound.get(parts[0]).cloned())
            .or_else(|| outer(parts[0]))
            .unwrap_or_else(|| parts[0].to_string());
        let mut path = head;
        for part in &parts[1..] {
            path.push('.');
            path.push_str(part);
            if named(part) && crate::python::is_dotted_path(&path) {
                out.push(path.clone());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// An import statement of code canon reads as text (see
/// [`runnable_referrals`]), each name with its alias.
enum TextImport {
    /// `from M import a as b, *`: `M`, then (`a`, `b`) and (`*`, none).
    From(String, Vec<(String, Option<String>)>),
    /// `import a.b as m, c`: the dotted paths and their aliases.
    Import(Vec<(String, Option<String>)>),
}

/// `statement` read as an import, if it is one of a dotted path.
fn text_import(statement: &str) -> Option<TextImport> {
    // `a as b`: (`a`, `b`).
    let split_alias = |part: &str| -> (String, Option<String>) {
        let words: Vec<&str> = part.split_whitespace().collect();
        match words.as_slice() {
            [name, "as", alias] => (name.to_string(), Some(alias.to_string())),
            _ => (words.concat(), None),
        }
    };
    if let Some(rest) = statement.strip_prefix("from ") {
        let (module, names) = rest.split_once(" import ")?;
        let module = module.trim();
        if !crate::python::is_dotted_path(module) {
            return None;
        }
        let names = names.trim().trim_start_matches('(').trim_end_matches(')');
        let names = (names.split(',').map(str::trim))
            .filter(|p| !p.is_empty())
            .map(split_alias)
            .collect();
        return Some(TextImport::From(module.to_string(), names));
    }
    let rest = statement.strip_prefix("import ")?;
    let names = (rest.split(',').map(str::trim))
        .map(split_alias)
        .filter(|(name, _)| crate::python::is_dotted_path(name))
        .collect();
    Some(TextImport::Import(names))
}

/// Mentions of old paths in code canon never rewrites that runs (a text
/// file's, see [`crate::python::doctest::runnable_pieces`]; a module's
/// doctests and code strings), added to `found`: those spelled through
/// its imports rather than as the dotted path (`from old.mod import
/// helper`, or `import old.mod as m` then `m.helper`, is a mention of
/// `old.mod.helper` on the line that spells it), and the mentions `found`
/// has on its lines already, each [`Site::Runnable`] with the message
/// `message` gives for the rule's path.
pub fn runnable_mentions(
    rel_path: &str,
    source: &str,
    pieces: &[Vec<crate::python::doctest::CodeLine>],
    rules: &[&Rule],
    found: &mut Vec<Finding>,
    message: &dyn Fn(&str) -> String,
) {
    let paths: Vec<(&Rule, &str)> = (rules.iter())
        .filter_map(|r| r.mentionable().map(|p| (*r, p)))
        .collect();
    if paths.is_empty() || pieces.is_empty() {
        return;
    }
    let index = LineIndex::new(source);
    let lines: std::collections::HashSet<usize> = (pieces.iter().flatten())
        .map(|l| index.line_of(l.at.min(source.len())))
        .collect();
    for f in found.iter_mut() {
        if f.kind == Kind::Mention
            && matches!(f.site, Site::Text | Site::Docstring | Site::StringMention)
            && lines.contains(&(f.start.line - 1))
            && let Some((_, path)) = paths.iter().find(|(r, _)| r.id == f.rule)
        {
            f.site = Site::Runnable;
            f.message = message(path);
        }
    }
    // (line in the file, rule id) of each mention so far.
    let mut seen: std::collections::HashSet<(usize, String)> = (found.iter())
        .map(|f| (f.start.line - 1, f.rule.clone()))
        .collect();
    let mut mention = |line: &crate::python::doctest::CodeLine, spelled: &str, symbol: &str| {
        for (rule, path) in &paths {
            if !is_at_or_under(symbol, path) {
                continue;
            }
            let at = line.at.min(source.len());
            let n = index.line_of(at);
            if !seen.insert((n, rule.id.clone())) {
                continue;
            }
            // Where the line spells what it names, else the line itself.
            let end = index.line_start(n) + index.line_text(n).len();
            let range = match source.get(at..end).and_then(|l| l.find(spelled)) {
                Some(i) => at + i..at + i + spelled.len(),
                None => at..end.max(at),
            };
            let mut f = findings::mention(rule, rel_path, &index, range, path, Site::Runnable);
            f.message = message(path);
            found.push(f);
        }
    };
    // What the code's imports bind (`m` to `old.mod`), across its pieces
    // (a notebook's cells share their names).
    let mut bound: std::collections::HashMap<String, String> = Default::default();
    for piece in pieces {
        let code = piece.iter().map(|l| l.code.as_ref());
        for (n, statement) in crate::python::doctest::statements_of(code) {
            let line = &piece[n];
            match text_import(&statement) {
                Some(TextImport::From(module, names)) => {
                    for (name, alias) in names {
                        if name == "*" {
                            mention(line, &module, &module);
                            continue;
                        }
                        let symbol = format!("{module}.{name}");
                        mention(line, &module, &symbol);
                        bound.insert(alias.unwrap_or(name), symbol);
                    }
                }
                Some(TextImport::Import(names)) => {
                    for (name, alias) in names {
                        mention(line, &name, &name);
                        if let Some(alias) = alias {
                            bound.insert(alias, name);
                        }
                    }
                }
                None => {}
            }
        }
    }
    // Chains whose head an import bound: `m.helper(1)`.
    if !bound.is_empty() {
        let word = |c: char| c == '_' || c == '.' || c.is_alphanumeric();
        for line in pieces.iter().flatten() {
            for token in line.code.split(|c: char| !word(c)) {
                let token = token.trim_matches('.');
                let Some((head, tail)) = token.split_once('.') else {
                    continue;
                };
                if let Some(symbol) = bound.get(head) {
                    mention(line, token, &format!("{symbol}.{tail}"));
                }
            }
        }
    }
}

/// Mentions of old dotted paths in a non-Python text file (entry points in
/// `pyproject.toml`, `setup.cfg`, `pytest.ini`, YAML, docs).
pub fn analyze_text(rel_path: &str, source: &str, rules: &[&Rule]) -> Vec<Finding> {
    let index = LineIndex::new(source);
    let mut findings = Vec::new();
    for rule in rules {
        let Some(path) = rule.mentionable() else {
            continue;
        };
        for (line_no, line) in source.split_inclusive('\n').enumerate() {
            if let Some(at) = crate::python::dotted_path_in(line, path) {
                let start = index.line_start(line_no) + at;
                findings.push(findings::mention(
                    rule,
                    rel_path,
                    &index,
                    start..start + path.len(),
                    path,
                    Site::Text,
                ));
            }
        }
    }
    sort(&mut findings, rules);
    findings
}

/// Findings in the order of where they start, then of their rules.
pub fn sort_findings(findings: &mut [Finding], rules: &[&Rule]) {
    sort(findings, rules)
}

fn sort(findings: &mut [Finding], rules: &[&Rule]) {
    let order = |id: &str| rules.iter().position(|r| r.id == id).unwrap_or(usize::MAX);
    findings.sort_by(|a, b| {
        (a.range.start, order(&a.rule), a.range.end).cmp(&(
            b.range.start,
            order(&b.rule),
            b.range.end,
        ))
    });
}

#[cfg(test)]
mod tests;
