//! The per-rule detectors: imports, references, dotted-path strings,
//! definitions, `__all__` re-exports, pattern matches and mentions.

use std::ops::Range;

use tree_sitter::{Node, Tree};

use super::{Finding, Kind, Reach, Site};
use crate::python::semantic::is_at_or_under;
use crate::python::{
    ImportKind, LineIndex, Resolution, Resolved, Semantic, dotted_path_in, excerpt, is_path_string,
    relative_import_target, string_content, string_value, top_package_import,
};
use crate::rules::{Rule, RuleKind};

pub struct Collector<'a, 't> {
    path: &'a str,
    sem: &'a Semantic<'t>,
    index: &'a LineIndex<'t>,
    findings: Vec<Finding>,
    /// What each of `sem.references` may denote (empty when it cannot
    /// denote an imported name): resolved once for all rules.
    resolved: std::cell::OnceCell<Vec<Vec<Resolved>>>,
    /// The references that may denote an imported name, by index.
    live: std::cell::OnceCell<Vec<usize>>,
    /// Of `live`, those that are no attribute's object: a chain as a
    /// whole (`om.Thing` of `om.Thing().f()`, not `om`).
    wholes: std::cell::OnceCell<Vec<usize>>,
    /// Each string a rule may take as a dotted path (not a docstring, not a
    /// part of a concatenation), with its value.
    values: std::cell::OnceCell<Vec<(Node<'t>, Range<usize>, String)>>,
    /// See [`Collector::name_lookups`].
    name_lookups: std::cell::OnceCell<Vec<NameLookup>>,
    /// See [`crate::python::patched_targets`].
    patched: std::cell::OnceCell<Vec<crate::python::Patched>>,
    /// The comments and plain strings a mention can be in.
    texts: std::cell::OnceCell<Vec<(Node<'t>, Site)>>,
    /// See [`Collector::concatenation_of`].
    concatenations: std::cell::OnceCell<std::collections::HashMap<usize, Node<'t>>>,
    /// See [`super::FileAnalysis::reaches`].
    reaches: Vec<(String, Reach)>,
}

/// A string naming an attribute (its range and value) of an object that
/// may be any of the dotted paths: see [`Collector::name_lookups`].
type NameLookup = (Range<usize>, String, Vec<String>);

/// What a detector matched, before it becomes a finding.
struct Hit {
    range: Range<usize>,
    site: Site,
    message: String,
}

impl<'a, 't> Collector<'a, 't> {
    pub fn new(path: &'a str, sem: &'a Semantic<'t>, index: &'a LineIndex<'t>) -> Self {
        Collector {
            path,
            sem,
            index,
            findings: Vec::new(),
            resolved: std::cell::OnceCell::new(),
            live: std::cell::OnceCell::new(),
            values: std::cell::OnceCell::new(),
            name_lookups: std::cell::OnceCell::new(),
            patched: std::cell::OnceCell::new(),
            wholes: std::cell::OnceCell::new(),
            texts: std::cell::OnceCell::new(),
            concatenations: std::cell::OnceCell::new(),
            reaches: Vec::new(),
        }
    }

    /// See [`Collector::live`].
    fn live(&self) -> &[usize] {
        self.live.get_or_init(|| {
            let resolved = self.resolved();
            (0..resolved.len())
                .filter(|&i| !resolved[i].is_empty())
                .collect()
        })
    }

    /// See [`Collector::wholes`], found once for every rule (a parent
    /// asked of each reference per rule was most of a check with many).
    fn wholes(&self) -> &[usize] {
        self.wholes.get_or_init(|| {
            let sem = self.sem;
            let live = self.live();
            let parents = crate::python::Parents::around(
                sem.root,
                &live
                    .iter()
                    .map(|&i| sem.references[i].node)
                    .collect::<Vec<_>>(),
            );
            (live.iter().copied())
                .filter(|&i| {
                    let node = sem.references[i].node;
                    !parents.of(node).is_some_and(|p| {
                        p.kind() == "attribute" && p.child_by_field_name("object") == Some(node)
                    })
                })
                .collect()
        })
    }

    /// See [`Collector::values`].
    fn values(&self) -> &[(Node<'t>, Range<usize>, String)] {
        self.values.get_or_init(|| {
            let sem = self.sem;
            sem.strings
                .iter()
                .filter(|s| !s.docstring && self.concatenation_of(s.node).is_none())
                .filter_map(|s| {
                    let (range, value) = string_value(sem.source, s.node)?;
                    Some((s.node, range, value))
                })
                .collect()
        })
    }

    /// The implicit concatenation (`"a" "b"`) string `node` is a part of,
    /// if any, from a map made on the first ask: `Node::parent` walks down
    /// from the root past every earlier sibling, and asked of each of
    /// 40,000 comments or strings of a module it was quadratic.
    fn concatenation_of(&self, node: Node<'t>) -> Option<Node<'t>> {
        let map = self.concatenations.get_or_init(|| {
            let mut map = std::collections::HashMap::new();
            for s in &self.sem.strings {
                if s.node.kind() != "concatenated_string" {
                    continue;
                }
                let mut cursor = s.node.walk();
                for part in s.node.named_children(&mut cursor) {
                    map.insert(part.id(), s.node);
                }
            }
            map
        });
        map.get(&node.id()).copied()
    }

    /// See [`Collector::texts`].
    fn texts(&self) -> &[(Node<'t>, Site)] {
        self.texts.get_or_init(|| {
            let sem = self.sem;
            let mut texts: Vec<(Node, Site)> =
                sem.comments.iter().map(|c| (*c, Site::Comment)).collect();
            for s in sem.strings.iter().filter(|s| s.node.kind() == "string") {
                let site = if s.docstring {
                    Site::Docstring
                } else {
                    Site::StringMention
                };
                texts.push((s.node, site));
            }
            texts
        })
    }

    /// See [`Collector::resolved`].
    fn resolved(&self) -> &[Vec<Resolved>] {
        self.resolved.get_or_init(|| {
            let sem = self.sem;
            sem.references
                .iter()
                .map(|r| match sem.may_resolve(r.node) {
                    true => sem.resolve_all(r.node, r.scope),
                    false => Vec::new(),
                })
                .collect()
        })
    }

    /// The findings, and what the code reaches under the moves' old
    /// paths (see [`super::FileAnalysis::reaches`]), sorted.
    pub fn finish(self) -> (Vec<Finding>, Vec<(String, Reach)>) {
        let mut reaches = self.reaches;
        reaches.sort();
        reaches.dedup();
        // Kept with the file's result (and copied into its outcome) for
        // the rest of the run: one per match, not the room pushes left.
        let mut findings = self.findings;
        findings.shrink_to_fit();
        (findings, reaches)
    }

    /// Note what the code reaches at or under a move's `old` path: what
    /// each chain denotes as a whole (`om.Thing` of `om.Thing().f()`, not
    /// its part `om`), and each name a `from` import takes.
    fn reach(&mut self, old: &str) {
        let mut found: Vec<(String, Reach)> = Vec::new();
        let resolved = self.resolved();
        for &i in self.wholes() {
            let node = self.sem.references[i].node;
            for c in resolved[i]
                .iter()
                .filter(|c| is_at_or_under(&c.symbol, old))
            {
                // A bare name a `from` import binds is reached as the
                // import takes it (below); a star import's, when the
                // module loads (the only place Python allows one).
                let by = match node.kind() == "identifier" {
                    true if c.via_star => Reach::Loaded,
                    true if self.bound_by_from(self.sem.text(node), &c.symbol) => continue,
                    _ => Reach::Code,
                };
                found.push((c.symbol.clone(), by));
            }
        }
        for import in self.sem.imports.iter() {
            if import.kind != ImportKind::From {
                continue;
            }
            let by = match self.sem.runs_at_load(import.scope) {
                true => Reach::Loaded,
                false => Reach::Import,
            };
            for e in &import.entries {
                if let Some(symbol) = e.symbol.as_ref().filter(|s| is_at_or_under(s, old)) {
                    found.push((symbol.clone(), by));
                }
            }
        }
        if self.own_code_calls(old) || self.reads_by_unread_name(old) {
            found.push((old.to_string(), Reach::Code));
        }
        self.reaches.extend(found);
    }

    /// Whether the file reads an attribute of `old`'s module by a name
    /// canon cannot read (`getattr(mod, NAME)()`, `NAME` not a literal):
    /// it may be `old`, and it is looked up at call time, where a patch of
    /// `old` intercepts it.
    fn reads_by_unread_name(&self, old: &str) -> bool {
        let sem = self.sem;
        let Some((module, _)) = old.rsplit_once('.') else {
            return false;
        };
        let resolved = self.resolved();
        sem.calls().iter().any(|&(callee, call)| {
            if callee.kind() != "identifier" || sem.text(callee) != "getattr" {
                return false;
            }
            let scope = sem.scope_at(callee.start_byte());
            if !sem
                .lookup_all("getattr", scope, callee.start_byte())
                .is_empty()
            {
                return false;
            }
            let Some(args) = call.child_by_field_name("arguments") else {
                return false;
            };
            let mut cursor = args.walk();
            let args: Vec<Node> = (args.named_children(&mut cursor))
                .filter(|c| c.kind() != "comment")
                .collect();
            let [object, name, ..] = args.as_slice() else {
                return false;
            };
            if crate::python::string_value(sem.source, *name).is_some() {
                return false;
            }
            let start = object.start_byte();
            let first = sem
                .references
                .partition_point(|r| r.node.start_byte() < start);
            (first..sem.references.len())
                .take_while(|&i| sem.references[i].node.start_byte() == start)
                .filter(|&i| sem.references[i].node == *object)
                .any(|i| resolved[i].iter().any(|c| c.symbol == module))
        })
    }

    /// Whether `old` is a module-level name of this very module that its
    /// own code loads (`def helper(): …` / `def other(): return
    /// helper()`, or a shim's `from new.mod import assist as helper`):
    /// canon never rewrites what a module calls its own names, so that
    /// code stays on the old path, and a patch of `old` intercepts it.
    fn own_code_calls(&self, old: &str) -> bool {
        let sem = self.sem;
        let Some((module, name)) = old.rsplit_once('.') else {
            return false;
        };
        let Some(defs) = sem.scopes[0]
            .bindings
            .get(name)
            .filter(|_| module == sem.module)
        else {
            return false;
        };
        let defs: Vec<usize> = defs.iter().map(|b| b.pos).collect();
        sem.references.iter().any(|r| {
            r.node.kind() == "identifier"
                && sem.text(r.node) == name
                && (sem.lookup_all(name, r.scope, r.node.start_byte()).iter())
                    .any(|b| defs.contains(&b.pos))
        })
    }

    /// Whether a `from` import of the file binds `name` to `symbol`.
    fn bound_by_from(&self, name: &str, symbol: &str) -> bool {
        (self.sem.imports.iter())
            .filter(|i| i.kind == ImportKind::From)
            .flat_map(|i| &i.entries)
            .any(|e| e.bound == name && e.symbol.as_deref() == Some(symbol))
    }

    pub fn rule(&mut self, rule: &Rule, tree: &Tree) {
        match &rule.kind {
            RuleKind::Move { old, new } => {
                let moved = |sym: &str| format!("{new}{}", &sym[old.len()..]);
                let mut hits =
                    self.imports(old, |sym| format!("`{sym}` moved to `{}`", moved(sym)));
                hits.extend(self.references(old, false, |sym| {
                    format!("`{sym}` moved to `{}`", moved(sym))
                }));
                hits.extend(self.dotted_strings(old, rule.all_strings, |sym| {
                    format!("string names `{sym}`, which moved to `{}`", moved(sym))
                }));
                let computed: Vec<(Range<usize>, String)> = (self.sem.computed_paths().iter())
                    .filter(|(_, v)| is_at_or_under(v, old))
                    .cloned()
                    .collect();
                hits.extend(computed.iter().map(|(range, value)| Hit {
                    range: range.clone(),
                    site: Site::DottedString,
                    message: format!(
                        "import path built from constants (`{}`) names `{value}`, which moved to `{}`: the fix spells the new path as one string",
                        excerpt(&self.sem.source[range.clone()]),
                        moved(value)
                    ),
                }));
                hits.extend(self.patched_attributes(old, |sym| {
                    format!(
                        "patches `{sym}`, which moved to `{}`: the moved code no longer reads it there",
                        moved(sym)
                    )
                }));
                // Uses canon does not rewrite reach the old path too: a
                // patch of it intercepts them (see `pipeline::links`).
                let mut reached = Vec::new();
                hits.extend(self.aliased_uses(old, new, &mut reached));
                let dynamic = self.lookups_by_name(old, &hits, &mut reached, |sym, by| match by {
                    Lookup::ByName => format!(
                        "looks up `{sym}` by name, and it moved to `{}`: canon does not rewrite a lookup by name; change it by hand",
                        moved(sym)
                    ),
                    Lookup::OffCall => format!(
                        "`{sym}` (an attribute of the module the call returns) moved to `{}`",
                        moved(sym)
                    ),
                    Lookup::TopPackage => format!(
                        "`{sym}` (reached through the top package `__import__` returns without a `fromlist`) moved to `{}`: canon does not rewrite the call and the attributes after it; change both by hand (or call `importlib.import_module`)",
                        moved(sym)
                    ),
                    Lookup::Held(name) => format!(
                        "`{sym}` (an attribute of the module `{name}` holds, assigned it by its path) moved to `{}`: canon does not rewrite it there; change it by hand",
                        moved(sym)
                    ),
                });
                hits.extend(dynamic);
                self.reaches.extend(reached);
                hits.extend(self.definition(old, new));
                hits.extend(self.dunder_all(old, new));
                self.reach(old);
                let start = self.findings.len();
                self.push(rule, Kind::Move, hits);
                // A plain dotted-path string's fix is known without a rewrite pass.
                let mut findings = std::mem::take(&mut self.findings);
                let (sem, values) = (self.sem, self.values());
                let (earlier, findings_here) = findings.split_at_mut(start);
                for f in findings_here {
                    // An earlier rule moves the string first (rules apply
                    // in order): its fix is the one `apply` writes.
                    if earlier
                        .iter()
                        .any(|e| e.range == f.range && e.fix.is_some())
                    {
                        continue;
                    }
                    let text = &sem.source[f.range.clone()];
                    // A concatenation's range holds quotes: its fix is a rewrite's job.
                    let plain = !text.contains(['"', '\'']);
                    let Some((node, _, value)) = values.iter().find(|v| v.1 == f.range) else {
                        continue;
                    };
                    if f.site == Site::DottedString
                        && crate::python::has_inner_comment(*node)
                        && is_at_or_under(value, old)
                        && crate::python::rewrite_parts(sem.source, *node, old, &moved(value))
                            .is_none()
                    {
                        f.message.push_str(
                            "; a comment sits between the string's parts, and the new path does not split where the old one does, so joining it would drop the comment: change it by hand",
                        );
                    }
                    if f.site != Site::DottedString
                        || !plain
                        || !(rule.all_strings || is_path_string(sem, *node))
                    {
                        continue;
                    }
                    if is_at_or_under(text, old) {
                        f.fix = Some(moved(text));
                    } else if let Some((dotted, colon)) =
                        crate::python::colon_path(sem, *node, text)
                        && is_at_or_under(&dotted, old)
                    {
                        // Which prefixes are modules the proposal knows.
                        f.fix = crate::python::colon_moved(&dotted, colon, (old, new), &|_| None);
                        if f.fix.is_none() {
                            f.message.push_str(
                                "; the colon splits the old path before its last name, and where the new path's module ends is not known: change it by hand",
                            );
                        }
                    } else if text.starts_with('.')
                        && let Some(absolute) = relative_import_target(sem, *node, old)
                        && is_at_or_under(&absolute, old)
                    {
                        f.fix = Some(moved(&absolute));
                    }
                }
                for f in &mut findings[start..] {
                    if let Some((_, value)) = computed.iter().find(|c| c.0 == f.range)
                        && f.site == Site::DottedString
                    {
                        f.fix = Some(format!("\"{}\"", moved(value)));
                    }
                }
                self.findings = findings;
                self.mentions(rule, old);
                self.annotation_mentions(rule, old, new);
            }
            RuleKind::Ban { symbol } => {
                let mut hits = self.imports(symbol, |sym| format!("import of banned `{sym}`"));
                hits.extend(self.references(symbol, true, |sym| format!("use of banned `{sym}`")));
                hits.extend(
                    self.dotted_strings(symbol, false, |sym| {
                        format!("string names banned `{sym}`")
                    }),
                );
                self.push(rule, Kind::Ban, hits);
                self.mentions(rule, symbol);
            }
            RuleKind::Rewrite { pattern, .. } => {
                let mut hits = Vec::new();
                let mut contexts = Vec::new();
                for m in pattern.find(self.sem, tree.root_node()) {
                    let context = self.sem.async_context(m.scope);
                    let message = format!(
                        "`{}` matches the rule's pattern ({})",
                        excerpt(self.sem.text(m.node)),
                        context.describe()
                    );
                    hits.push(Hit {
                        range: m.node.byte_range(),
                        site: Site::PatternMatch,
                        message,
                    });
                    contexts.push(context);
                }
                let start = self.findings.len();
                self.push(rule, Kind::Rewrite, hits);
                for (f, c) in self.findings[start..].iter_mut().zip(contexts) {
                    f.context = Some(c);
                }
                // The replaced function passed on as a value: still used,
                // and no fix of the rule's reaches it.
                if let Some(callee) = rule.replaced_callee() {
                    let hits = crate::python::passed_as_value(self.sem, callee)
                        .into_iter()
                        .map(|n| Hit {
                            range: n.byte_range(),
                            site: Site::Reference,
                            message: passed_as_value_message(self.sem.text(n), callee),
                        })
                        .collect();
                    self.push(rule, Kind::Rewrite, hits);
                }
            }
        }
    }

    /// A move's findings in chains the lexer read (see
    /// [`super::partial::lexed`]): each chain is reported at its shortest
    /// part that reaches the old path, as [`Collector::references`] reports
    /// a parsed one; the head alone is not a finding.
    pub fn lexed_chains(&mut self, rule: &Rule, chains: &[super::partial::lexed::Chain]) {
        let RuleKind::Move { old, new } = &rule.kind else {
            return;
        };
        let mut hits = Vec::new();
        for chain in chains {
            let Some(j) = chain.parts.iter().position(|(s, _)| is_at_or_under(s, old)) else {
                continue;
            };
            if let Some((whole, _)) = chain.parts.last() {
                self.reaches.push((whole.clone(), Reach::Code));
            }
            if j == 0 {
                continue;
            }
            let (symbol, end) = &chain.parts[j];
            hits.push(Hit {
                range: chain.start..*end,
                site: Site::Reference,
                message: format!("`{symbol}` moved to `{new}{}`", &symbol[old.len()..]),
            });
        }
        self.push(rule, Kind::Move, hits);
    }

    fn push(&mut self, rule: &Rule, kind: Kind, hits: Vec<Hit>) {
        for hit in hits {
            self.findings.push(Finding {
                rule: rule.id.clone(),
                kind,
                site: hit.site,
                path: self.path.to_string(),
                start: self.index.position(hit.range.start),
                end: self.index.position(hit.range.end),
                range: hit.range,
                message: hit.message,
                note: rule.note.clone(),
                fix: None,
                context: None,
                fixed_by: None,
            });
        }
    }

    /// Import statements that import `path` or something under it.
    fn imports(&self, path: &str, msg: impl Fn(&str) -> String) -> Vec<Hit> {
        let mut hits = Vec::new();
        // Inside a moved package, relative imports move with it: not users.
        let inside = is_at_or_under(&self.sem.module, path);
        for import in &self.sem.imports {
            if inside && import.level > 0 {
                continue;
            }
            if import.kind == ImportKind::From
                && let (Some(module), Some(range)) = (&import.module, &import.module_range)
            {
                // `from OLD import x` / `from OLD.sub import y`: one finding on the module.
                if is_at_or_under(module, path) {
                    hits.push(Hit {
                        range: range.clone(),
                        site: Site::Import,
                        message: msg(module),
                    });
                    continue;
                }
                // `from PARENT import *` brings OLD in, when the file uses it.
                if import.star && parent(path) == Some(module.as_str()) && self.uses_via_star(path)
                {
                    hits.push(Hit {
                        range: import.range.clone(),
                        site: Site::StarImport,
                        message: format!("star import from `{module}` may bring in `{path}`; import names explicitly"),
                    });
                }
            }
            for entry in &import.entries {
                if entry
                    .symbol
                    .as_deref()
                    .is_some_and(|s| is_at_or_under(s, path))
                {
                    hits.push(Hit {
                        range: entry.name_range.clone(),
                        site: Site::Import,
                        message: msg(entry.symbol.as_deref().unwrap_or_default()),
                    });
                }
            }
        }
        hits
    }

    fn uses_via_star(&self, path: &str) -> bool {
        let resolved = self.resolved();
        self.sem
            .references
            .iter()
            .zip(resolved)
            .any(|(r, candidates)| {
                r.node.kind() == "identifier"
                    && candidates
                        .iter()
                        .any(|c| c.via_star && is_at_or_under(&c.symbol, path))
            })
    }

    /// Loads that may denote `path` or something under it. Attribute chains
    /// are reported once, at the innermost chain that gets there. Bare names
    /// are reported when `bare_names` (bans), or when found through a star
    /// import (no import statement spells them out).
    fn references(&self, path: &str, bare_names: bool, msg: impl Fn(&str) -> String) -> Vec<Hit> {
        let mut hits = Vec::new();
        let resolved = self.resolved();
        for &i in self.live() {
            let (r, candidates) = (&self.sem.references[i], &resolved[i]);
            let Some(hit) = candidates.iter().find(|c| is_at_or_under(&c.symbol, path)) else {
                continue;
            };
            let report = match r.node.kind() {
                "attribute" => r.node.child_by_field_name("object").is_none_or(|o| {
                    !self
                        .sem
                        .resolve_all(o, r.scope)
                        .iter()
                        .any(|c| is_at_or_under(&c.symbol, path))
                }),
                // A dotted value in a `case` pattern: one load, reported
                // whole, unless its head is the finding (`case mod.VALUE:`
                // after `from old import mod`), as for an attribute.
                "dotted_name" => {
                    r.node.named_child_count() < 2
                        || r.node.named_child(0).is_none_or(|h| {
                            !self
                                .sem
                                .resolve_all(h, r.scope)
                                .iter()
                                .any(|c| is_at_or_under(&c.symbol, path))
                        })
                }
                _ => bare_names || hit.via_star,
            };
            if report {
                hits.push(Hit {
                    range: r.node.byte_range(),
                    site: Site::Reference,
                    message: msg(&hit.symbol),
                });
            }
        }
        // A string annotation's names are loads too. For a ban, every one
        // that denotes the banned symbol is a finding. For a move it is
        // data (SPEC §3.8: a type checker's string is a mention), and the
        // move keeps what the string needs bound.
        let annotations = if bare_names {
            &self.sem.annotation_refs[..]
        } else {
            &[]
        };
        for a in annotations {
            let (head, _) = a.head();
            let rest = &a.text[head.len()..];
            let resolved = self.sem.resolve_name_all(head, a.scope, a.range.start);
            let Some(hit) = resolved
                .iter()
                .find(|c| is_at_or_under(&format!("{}{rest}", c.symbol), path))
            else {
                continue;
            };
            let head_under = resolved.iter().any(|c| is_at_or_under(&c.symbol, path));
            if bare_names || hit.via_star || (!rest.is_empty() && !head_under) {
                hits.push(Hit {
                    range: a.range.clone(),
                    site: Site::Reference,
                    message: msg(&format!("{}{rest}", hit.symbol)),
                });
            }
        }
        hits
    }

    /// Loads that reach `path` through a name bound to a module above it
    /// otherwise than by an import: `m = old.mod` then `m.C`, or a
    /// parameter defaulting to the module (`def make(mod=mod): mod.C()`).
    /// Resolution does not follow such bindings, so the move leaves them;
    /// they are findings with no fix, for a human. Reported at the innermost
    /// chain that gets there.
    /// Each one's symbol goes to `reached`.
    fn aliased_uses(&self, path: &str, new: &str, reached: &mut Vec<(String, Reach)>) -> Vec<Hit> {
        let sem = self.sem;
        let mut hits = Vec::new();
        for r in &sem.references {
            if r.node.kind() != "attribute" {
                continue;
            }
            let Some((head, names)) = chain(sem, r.node) else {
                continue;
            };
            // The chain spells the old path's last name (cheap, before lookups).
            let last = path.rsplit('.').next().unwrap_or(path);
            if !names.contains(&last) {
                continue;
            }
            let Some((module, line, how)) = module_alias(sem, head, self.index, 0) else {
                continue;
            };
            let symbol = format!("{module}.{}", names.join("."));
            let object = format!("{module}.{}", names[..names.len() - 1].join("."));
            let object = object.trim_end_matches('.');
            if !is_at_or_under(&symbol, path) || is_at_or_under(object, path) {
                continue;
            }
            reached.push((symbol.clone(), Reach::Code));
            hits.push(Hit {
                range: r.node.byte_range(),
                site: Site::Reference,
                message: format!(
                    "`{}` is `{symbol}`, which moved to `{new}{}`: `{}` is bound to `{module}` by {how} (line {line}), not by an import, and canon does not follow such a binding; change it by hand",
                    excerpt(sem.text(r.node)),
                    &symbol[path.len()..],
                    sem.text(head),
                ),
            });
        }
        hits
    }

    /// String literals whose whole value is `path` or under it (implicitly
    /// concatenated ones too: long paths get split to fit the line).
    /// `all`: the rule says every such string is an import path.
    fn dotted_strings(&self, path: &str, all: bool, msg: impl Fn(&str) -> String) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (node, range, value) in self.values() {
            // Only where an API takes an import path; elsewhere it is data (a mention).
            if is_at_or_under(value, path) && (all || is_path_string(self.sem, *node)) {
                hits.push(Hit {
                    range: range.clone(),
                    site: Site::DottedString,
                    message: msg(value),
                });
            } else if let Some((dotted, _)) = crate::python::colon_path(self.sem, *node, value)
                && is_at_or_under(&dotted, path)
            {
                // `pkgutil.resolve_name("a.b:f")` loads `a.b.f`.
                hits.push(Hit {
                    range: range.clone(),
                    site: Site::DottedString,
                    message: format!("{} (spelled `{value}`)", msg(&dotted)),
                });
            } else if value.starts_with('.')
                && let Some(absolute) = relative_import_target(self.sem, *node, path)
                && is_at_or_under(&absolute, path)
            {
                // `import_module(".b", "a")` loads `a.b`.
                hits.push(Hit {
                    range: range.clone(),
                    site: Site::DottedString,
                    message: format!("{} (relative `{value}`)", msg(&absolute)),
                });
            } else if is_at_or_under(value, path) && top_package_import(self.sem, *node) {
                hits.push(Hit {
                    range: range.clone(),
                    site: Site::DottedString,
                    message: format!(
                        "{}; `__import__` without a `fromlist` returns the top package and the code after it spells the rest of the path: change both by hand (or call `importlib.import_module`)",
                        msg(value)
                    ),
                });
            }
        }
        hits
    }

    /// `patch.object(obj, "name", ...)` and `setattr(obj, "name", ...)`
    /// where `obj` denotes a module or class and `obj.name` is `path` or
    /// under it: the patch must follow the move, which no fix can do.
    fn patched_attributes(&self, path: &str, msg: impl Fn(&str) -> String) -> Vec<Hit> {
        let patched = self
            .patched
            .get_or_init(|| crate::python::patched_targets(self.sem));
        crate::python::patched_under(patched, path)
            .into_iter()
            .map(|(range, t)| Hit {
                range,
                site: Site::DottedString,
                message: msg(&t),
            })
            .collect()
    }

    /// Reads of `path` (or under it) that spell the module and the name
    /// apart, so no reference resolves to it: `getattr(old.mod, "make")`,
    /// `vars(old.mod)["make"]`, `importlib.import_module("old.mod").make`,
    /// `getattr(import_module("old.mod"), "make")`, `sys.modules["old.mod"].make`
    /// (a lookup by name: the module need not be loaded under its new
    /// name). `msg` is told whether
    /// the name is a string (a lookup by name, for a human) or an attribute
    /// of the call (which the move rewrites where the call is plain
    /// `import_module("old.mod")`). A lookup on a module that itself moves is not one: the
    /// module reference is rewritten and the name goes with it. `found`:
    /// the hits so far (a patch's `setattr(m, "name", …)` is one already).
    /// Each one's symbol goes to `reached`.
    fn lookups_by_name(
        &self,
        path: &str,
        found: &[Hit],
        reached: &mut Vec<(String, Reach)>,
        msg: impl Fn(&str, Lookup) -> String,
    ) -> Vec<Hit> {
        let sem = self.sem;
        let mut hits = Vec::new();
        let mut reach = |range: Range<usize>, objects: &[String], name: &str, by: Lookup| {
            let hit = objects.iter().find_map(|m| {
                let symbol = format!("{m}.{name}");
                (is_at_or_under(&symbol, path) && !is_at_or_under(m, path)).then_some(symbol)
            });
            if let Some(symbol) = hit
                && !found
                    .iter()
                    .any(|h| h.range.start < range.end && range.start < h.range.end)
            {
                reached.push((symbol.clone(), Reach::Code));
                hits.push(Hit {
                    range,
                    site: Site::Reference,
                    message: msg(&symbol, by),
                });
            }
        };
        // `import_module("old.mod").make`
        for r in &sem.references {
            let Some((object, attr)) = crate::python::attribute_off_module(sem, r.node) else {
                continue;
            };
            // `sys.modules["old.mod"].make`: a lookup by name.
            let by = match object.kind() {
                "subscript" => Lookup::ByName,
                "identifier" => Lookup::Held(sem.text(object)),
                _ if crate::python::top_package_chain(sem, object).is_some() => Lookup::TopPackage,
                _ => Lookup::OffCall,
            };
            let objects = crate::python::object_paths(sem, object);
            reach(r.node.byte_range(), &objects, attr, by);
        }
        // `getattr(old.mod, "make")`, `vars(old.mod)["make"]`
        for (range, value, objects) in self.name_lookups() {
            reach(range.clone(), objects, value, Lookup::ByName);
        }
        hits
    }

    /// Each string that names an attribute of an object the file spells
    /// (`getattr(m, "make")`, `vars(m)["make"]`), its value, and what the
    /// object may be: found once for all rules (a module of a thousand
    /// moved definitions has a thousand strings and a thousand rules).
    fn name_lookups(&self) -> &[NameLookup] {
        self.name_lookups.get_or_init(|| {
            self.values()
                .iter()
                .filter(|(_, _, v)| crate::python::is_dotted_path(v) && !v.contains('.'))
                .filter_map(|(node, range, value)| {
                    let object = super::attribute_object(self.sem, *node)?;
                    let objects = crate::python::object_paths(self.sem, object);
                    Some((range.clone(), value.clone(), objects))
                })
                .collect()
        })
    }

    /// The old symbol's own definition, when this file is its module.
    fn definition(&self, old: &str, new: &str) -> Option<Hit> {
        if self.sem.module == old {
            let first_line = self.index.line_text(0);
            return Some(Hit {
                range: 0..first_line.len(),
                site: Site::Definition,
                message: format!(
                    "deprecated module `{old}` (moved to `{new}`); delete it once nothing imports it"
                ),
            });
        }
        let (module, name) = old.rsplit_once('.')?;
        if self.sem.module != module {
            return None;
        }
        let binding = self.sem.module_binding(name)?;
        let pos = binding.pos;
        let end = pos + name.len().min(self.sem.source.len() - pos);
        let what = match binding.kind {
            crate::python::BindingKind::Import { .. } => "re-export",
            _ => "definition",
        };
        Some(Hit {
            range: pos..end,
            site: Site::Definition,
            message: format!(
                "{what} of deprecated `{old}` (moved to `{new}`); delete it once it has no users"
            ),
        })
    }

    /// `__all__` entries that re-export the old symbol.
    fn dunder_all(&self, old: &str, new: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for node in &self.sem.dunder_all {
            let Some(content) = string_content(*node) else {
                continue;
            };
            let name = &self.sem.source[content.clone()];
            let end = self.sem.source.len();
            if let Resolution::Symbol { symbol, .. } = self.sem.resolve_name(name, 0, end)
                && is_at_or_under(&symbol, old)
            {
                hits.push(Hit {
                    range: content,
                    site: Site::DunderAll,
                    message: format!(
                        "`__all__` re-exports deprecated `{symbol}` (moved to `{new}`)"
                    ),
                });
            }
        }
        hits
    }

    /// Comments, docstrings and other strings that mention `path` as text.
    fn mentions(&mut self, rule: &Rule, path: &str) {
        let sem = self.sem;
        let mut found = Vec::new();
        // Where a detector above reported the rule already (a string
        // annotation's name, `__import__("a.b")`): found by a binary search.
        let covered = Covered::of(
            (self.findings.iter())
                .filter(|f| {
                    f.rule == rule.id && matches!(f.site, Site::Reference | Site::DottedString)
                })
                .map(|f| f.range.clone()),
        );
        // Per string a mention is in (the whole of an implicit concatenation
        // for each of its parts): whether it is a dotted-path string, and
        // what it holds in words, worked out once, not once per part (10,000
        // adjacent literals took 54 s to check).
        let mut outers: std::collections::HashMap<usize, Option<std::rc::Rc<(bool, String)>>> =
            std::collections::HashMap::new();
        for &(node, site) in self.texts() {
            let text = sem.text(node);
            let Some(at) = dotted_path_in(text, path) else {
                continue;
            };
            let outer = match site {
                Site::StringMention => {
                    let n = self.concatenation_of(node).unwrap_or(node);
                    (outers.entry(n.id()))
                        .or_insert_with(|| {
                            let (_, value) = string_value(sem.source, n)?;
                            if !is_at_or_under(&value, path) {
                                return None;
                            }
                            let is_path = rule.all_strings || is_path_string(sem, n);
                            // Quote what the string holds: `"old.mod"` under a move of `old`.
                            let what = match value == path {
                                true => format!("string equals `{path}`"),
                                false => format!(
                                    "string `{}` names a path under `{path}`",
                                    shortened(&value)
                                ),
                            };
                            Some(std::rc::Rc::new((is_path, what)))
                        })
                        .clone()
                }
                _ => None,
            };
            if outer.as_ref().is_some_and(|o| o.0) {
                continue; // a dotted-path string: already a violation
            }
            let start = node.start_byte() + at;
            if site == Site::StringMention && covered.holds(start) {
                continue;
            }
            let mut finding = mention(
                rule,
                self.path,
                self.index,
                start..start + path.len(),
                path,
                site,
            );
            if let Some(o) = outer {
                finding.message = format!(
                    "{}, but it is data here, not an import path: review it (not rewritten by `apply`)",
                    o.1
                );
            }
            found.push(finding);
        }
        self.findings.extend(found);
    }

    /// String annotations that reach the move's `old` path through a
    /// module the file binds (`"om.Helper"` after `import old.mod as om`,
    /// `"mod.Helper"` after `from old import mod`): a type checker and
    /// `typing.get_type_hints` load the old symbol there, though the text
    /// never spells its path, so [`Collector::mentions`] misses them. A
    /// move does not rewrite a string annotation (SPEC §3.8): each is a
    /// mention, and the old definition is still in use (`status`). One
    /// whose head is itself the moved symbol (`"Helper"` after
    /// `from old.mod import Helper`) follows the import's rename instead.
    fn annotation_mentions(&mut self, rule: &Rule, old: &str, new: &str) {
        let sem = self.sem;
        let mut found = Vec::new();
        for a in &sem.annotation_refs {
            let (head, _) = a.head();
            let rest = &a.text[head.len()..];
            if rest.is_empty() {
                continue;
            }
            let resolved = sem.resolve_name_all(head, a.scope, a.range.start);
            if resolved.iter().any(|c| is_at_or_under(&c.symbol, old)) {
                continue;
            }
            let Some(symbol) = resolved
                .iter()
                .map(|c| format!("{}{rest}", c.symbol))
                .find(|s| is_at_or_under(s, old))
            else {
                continue;
            };
            let covered = |f: &Finding| {
                f.rule == rule.id && f.range.start < a.range.end && a.range.start < f.range.end
            };
            if self.findings.iter().any(covered) {
                continue;
            }
            let mut finding = mention(
                rule,
                self.path,
                self.index,
                a.range.clone(),
                &symbol,
                Site::StringMention,
            );
            finding.message = format!(
                "string annotation `{}` names deprecated `{symbol}` (moved to `{new}{}`): a type checker and `typing.get_type_hints` load it, and canon does not rewrite it; change it by hand",
                excerpt(&a.text),
                &symbol[old.len()..]
            );
            found.push(finding);
        }
        self.findings.extend(found);
    }
}

/// What a rewrite says of its replaced function passed on as a value
/// (`written` as the code spells it): the finding's message, and the reason
/// the rewrite gives for proposing no fix there.
pub fn passed_as_value_message(written: &str, symbol: &str) -> String {
    let last = symbol.rsplit('.').next().unwrap_or(symbol);
    // An alias says what it stands for.
    let name = match written.rsplit('.').next() == Some(last) {
        true => format!("`{}`", excerpt(written)),
        false => format!("`{}` (`{symbol}`)", excerpt(written)),
    };
    format!(
        "{name} is used as a value, not called: the rewrite cannot apply to it; migrate it by hand"
    )
}

pub fn mention(
    rule: &Rule,
    path: &str,
    index: &LineIndex,
    range: Range<usize>,
    old: &str,
    site: Site,
) -> Finding {
    let what = match site {
        Site::Comment => "comment",
        Site::Docstring => "docstring",
        Site::StringMention => "string",
        Site::Runnable => "code",
        _ => "text",
    };
    let verb = match &rule.kind {
        RuleKind::Ban { .. } => "banned",
        _ => "deprecated",
    };
    Finding {
        rule: rule.id.clone(),
        kind: Kind::Mention,
        site,
        path: path.to_string(),
        start: index.position(range.start),
        end: index.position(range.end),
        range,
        message: format!("{what} mentions {verb} `{old}`"),
        note: rule.note.clone(),
        fix: None,
        context: None,
        fixed_by: None,
    }
}

fn parent(path: &str) -> Option<&str> {
    path.rsplit_once('.').map(|(p, _)| p)
}

/// Byte ranges, for whether one holds a position, each ask a binary
/// search: sorted by start, with the furthest end so far.
struct Covered {
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl Covered {
    fn of(ranges: impl Iterator<Item = Range<usize>>) -> Covered {
        let mut ranges: Vec<Range<usize>> = ranges.collect();
        ranges.sort_by_key(|r| r.start);
        let mut furthest = 0;
        let ends = (ranges.iter())
            .map(|r| {
                furthest = furthest.max(r.end);
                furthest
            })
            .collect();
        Covered {
            starts: ranges.iter().map(|r| r.start).collect(),
            ends,
        }
    }

    /// Whether one of the ranges holds `at` (`start <= at < end`).
    fn holds(&self, at: usize) -> bool {
        let n = self.starts.partition_point(|&s| s <= at);
        n > 0 && self.ends[n - 1] > at
    }
}

/// A string's value as a message quotes it: past 100 characters, cut
/// with `…` (the value of 10,000 adjacent literals, quoted in each of
/// their findings, was quadratic in size).
fn shortened(value: &str) -> String {
    match value.char_indices().nth(100) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_string(),
    }
}

/// An attribute chain's head identifier and the names after it
/// (`m.C.tag` → `m`, [C, tag]).
fn chain<'t>(sem: &Semantic<'t>, node: Node<'t>) -> Option<(Node<'t>, Vec<&'t str>)> {
    let mut names = Vec::new();
    let mut head = node;
    while head.kind() == "attribute" {
        names.push(sem.text(head.child_by_field_name("attribute")?));
        head = head.child_by_field_name("object")?;
    }
    names.reverse();
    (head.kind() == "identifier" && !names.is_empty()).then_some((head, names))
}

/// For a name every binding of which reaching `head` is local: the module
/// one of them binds it to by an assignment (`m = old.mod`) or a
/// parameter's default (`def f(mod=mod)`), with its line and how.
fn module_alias(
    sem: &Semantic,
    head: Node,
    index: &LineIndex,
    depth: usize,
) -> Option<(String, usize, &'static str)> {
    if depth > 4 {
        return None;
    }
    let (name, pos) = (sem.text(head), head.start_byte());
    let bindings = sem.lookup_all(name, sem.scope_at(pos), pos);
    if bindings.is_empty()
        || bindings
            .iter()
            .any(|b| matches!(b.kind, crate::python::BindingKind::Import { .. }))
    {
        return None;
    }
    let root = sem.root;
    bindings.iter().find_map(|b| {
        let target = root.descendant_for_byte_range(b.pos, b.pos + name.len())?;
        if target.kind() != "identifier" || sem.text(target) != name {
            return None;
        }
        let parent = target.parent()?;
        let (value, how) = match parent.kind() {
            "assignment" if parent.child_by_field_name("left") == Some(target) => {
                (parent.child_by_field_name("right")?, "an assignment")
            }
            "default_parameter" | "typed_default_parameter"
                if parent.child_by_field_name("name") == Some(target) =>
            {
                (
                    parent.child_by_field_name("value")?,
                    "a parameter's default",
                )
            }
            _ => return None,
        };
        let scope = sem.scope_at(value.start_byte());
        let module = match sem.resolve_all(value, scope).into_iter().next() {
            Some(r) => r.symbol,
            // An alias of an alias (`n = m`, `def f(x=n)`).
            None if value.kind() == "identifier" => module_alias(sem, value, index, depth + 1)?.0,
            None => {
                let (inner, names) = chain(sem, value)?;
                let (module, ..) = module_alias(sem, inner, index, depth + 1)?;
                format!("{module}.{}", names.join("."))
            }
        };
        Some((module, index.position(b.pos).line, how))
    })
}

/// How a lookup of a moved name off its module spells the module (see
/// `lookups_by_name`).
#[derive(Clone, Copy)]
enum Lookup<'a> {
    /// `getattr(old.mod, "make")`, `sys.modules["old.mod"].make`.
    ByName,
    /// `import_module("old.mod").make`.
    OffCall,
    /// `__import__("old.mod").mod.make`: the top package's chain.
    TopPackage,
    /// `m.make` after `m = import_module("old.mod")`: the name.
    Held(&'a str),
}
