//! One worker's visit of one file: which rules apply, read, prefilter,
//! binary and encoding checks, Python or text analysis, and the hook. Each
//! worker keeps its own buffers (merged into the shared ones when it
//! drops); this module walks nothing and sorts nothing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::Ordering;

use super::{Diagnostic, FileResult, Kept, KeptUse, PARSER, Parsed, Pinned, Shared, Stats};
use crate::analyze::{self, Finding};
use crate::python::{ModuleName, Position};
use crate::rules::Rule;

mod left_out;

/// One walker thread's buffers, merged into the shared ones when the walker
/// drops the thread's visitor (so the hot path takes no lock).
pub(super) struct Local<'s, 'a> {
    shared: &'s Shared<'a>,
    init_cache: RefCell<HashMap<String, bool>>,
    stats: Stats,
    results: Vec<FileResult>,
    diagnostics: Vec<Diagnostic>,
    unused: Vec<(String, usize)>,
    kept: Vec<KeptUse>,
    referrals: Vec<(String, String, String, bool)>,
    /// The files that patch a name and check how stand-ins were called.
    checking: Vec<String>,
    pins: Vec<Pinned>,
    /// (symbol, path, by import) of what each file's code reaches.
    reaches: Vec<(String, String, crate::analyze::Reach)>,
}

impl Drop for Local<'_, '_> {
    fn drop(&mut self) {
        let s = self.shared;
        if let Ok(mut r) = s.referrals.lock() {
            r.append(&mut self.referrals);
        }
        if let Ok(mut c) = s.checking.lock() {
            c.append(&mut self.checking);
        }
        if let Ok(mut p) = s.pins.lock() {
            p.append(&mut self.pins);
        }
        if let Ok(mut r) = s.reaches.lock() {
            r.append(&mut self.reaches);
        }
        if let Ok(mut u) = s.unused.lock() {
            u.append(&mut self.unused);
        }
        if let Ok(mut k) = s.kept.lock() {
            k.append(&mut self.kept);
        }
        if let Ok(mut r) = s.results.lock() {
            r.append(&mut self.results);
        }
        if let Ok(mut d) = s.diagnostics.lock() {
            d.append(&mut self.diagnostics);
        }
        if let Ok(mut st) = s.stats.lock() {
            st.files += self.stats.files;
            st.candidates += self.stats.candidates;
            st.parsed += self.stats.parsed;
            st.bytes += self.stats.bytes;
        }
    }
}

#[derive(Clone, Copy)]
pub(super) enum FileKind {
    Python,
    Text,
}

/// A file that passed the prefilter and the binary and UTF-8 checks.
struct Candidate<'a> {
    text: String,
    /// The rules the prefilter kept, plus those whose moved module this file is.
    rules: Vec<&'a Rule>,
    /// The module name, when finding the file's own rules needed it.
    module: Option<ModuleName>,
}

impl<'s, 'a> Local<'s, 'a> {
    pub(super) fn new(shared: &'s Shared<'a>) -> Self {
        Local {
            shared,
            init_cache: RefCell::new(HashMap::new()),
            stats: Stats::default(),
            results: Vec::new(),
            diagnostics: Vec::new(),
            unused: Vec::new(),
            kept: Vec::new(),
            referrals: Vec::new(),
            checking: Vec::new(),
            pins: Vec::new(),
            reaches: Vec::new(),
        }
    }

    /// The file's module name, from the `__init__.py` files around it
    /// (looked up once per folder per thread).
    fn module_name(&mut self, rel: &str) -> ModuleName {
        let root = &self.shared.root;
        let source = self.shared.source;
        let cache = &mut self.init_cache;
        let has_init = |dir: &str| {
            *cache
                .borrow_mut()
                .entry(dir.to_string())
                .or_insert_with(|| match source {
                    Some(src) => src.has_init(dir),
                    None => crate::paths::to_path(root, dir)
                        .join("__init__.py")
                        .is_file(),
                })
        };
        let tops: Vec<&str> = self.shared.tops.iter().map(String::as_str).collect();
        crate::python::module_name_with(rel, has_init, &tops, &self.shared.root_package)
    }

    pub(super) fn diag(&mut self, path: &str, position: Option<Position>, message: String) {
        self.diagnostics.push(Diagnostic {
            path: path.to_string(),
            position,
            message,
            unread: false,
        });
    }

    /// A Python file left unanalysed: what it holds is unknown.
    fn unread(&mut self, path: &str, position: Option<Position>, message: String) {
        self.diagnostics.push(Diagnostic {
            path: path.to_string(),
            position,
            message,
            unread: true,
        });
    }

    /// Visit the file at `rel` (read by `read`): analyse it if the settings
    /// and rules say so, and keep its findings, diagnostics and referrals.
    /// `head` gives its first bytes, asked only of a file whose name has
    /// no extension: one whose first line is a Python shebang
    /// (`bin/tool`: `#!/usr/bin/env python3`) is Python source (see
    /// [`is_python_script`]).
    pub(super) fn visit(
        &mut self,
        rel: String,
        head: impl FnOnce() -> Option<Vec<u8>>,
        read: impl FnOnce() -> std::io::Result<Vec<u8>>,
    ) {
        // A `.pyw` file is a script by its name (what Windows runs with
        // `pythonw`): Python source, though no glob of `.py` takes it.
        let script = rel.ends_with(".pyw")
            || (is_extensionless(&rel)
                && !matches!(self.applicable(&rel, false), Some((FileKind::Python, _)))
                && head().is_some_and(|h| is_python_script(&h)));
        let Some((kind, rules)) = self.applicable(&rel, script) else {
            // Excluded, or no rule's paths take it: still a referrer.
            let left_out = self.left_out_rules(&rel, script, &[]);
            if !left_out.is_empty()
                && let Ok(bytes) = read()
            {
                self.referrals_only(&rel, None, &bytes, &left_out);
            }
            return;
        };
        self.stats.files += 1;
        if let Some(n) = self.shared.options.visited {
            n.fetch_add(1, Ordering::Relaxed);
        }
        let Some(Candidate {
            text,
            rules,
            module,
        }) = self.read_candidate(&rel, kind, rules, read)
        else {
            return;
        };
        // A panic in one file's analysis is that file's diagnostic; the
        // scan goes on.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match kind {
            FileKind::Python => {
                // The rules its `exclude` or `paths` keep off this file
                // still rename names it may import.
                let left_out = self.left_out_rules(&rel, script, &rules);
                if !left_out.is_empty() {
                    self.referrals_only(&rel, module.clone(), text.as_bytes(), &left_out);
                }
                self.python_file(&rel, module, &text, &rules)
            }
            FileKind::Text => {
                let seen = crate::python::lone_cr_as_lf(&text);
                // A doctest, a notebook cell, a `python -c` runs its imports.
                let runnable = crate::python::doctest::runnable_pieces(&rel, &seen);
                let findings = text_findings(&rel, &seen, &rules, &runnable);
                // No module: a text file is a referrer of every module.
                let mut referrals = analyze::text_referrals(&seen, &rules);
                if !runnable.is_empty() {
                    let code = crate::python::doctest::joined(&runnable);
                    referrals.extend(analyze::runnable_referrals(&code, &rules, &|_| None));
                    referrals.sort();
                    referrals.dedup();
                }
                self.refers(&rel, "", false, referrals, &[]);
                self.keep(&rel, None, findings, &text, &[]);
            }
        }));
        if let Err(panic) = outcome {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            self.unread(
                &rel,
                None,
                format!("internal error, the file was not analysed (please report it): {what}"),
            );
        }
    }

    /// Analyse a Python file and keep what it finds. Walks over its tree
    /// recurse, so a file nesting deeper than this thread's stack allows is
    /// analysed on a thread with a stack for it, and one deeper than any
    /// real code is a diagnostic.
    fn python_file(&mut self, rel: &str, module: Option<ModuleName>, text: &str, rules: &[&Rule]) {
        let shallow = crate::python::SHALLOW;
        match self.analyze_python(rel, module.clone(), text, rules, shallow) {
            Ok((findings, module)) => self.keep(rel, Some(module), findings, text, rules),
            Err(deep) if deep.depth > crate::python::DEEPEST => self.unread(
                rel,
                Some(Position {
                    line: deep.line,
                    column: 1,
                }),
                format!(
                    "too deeply nested to analyse ({} levels; the limit is {}), skipped",
                    deep.depth,
                    crate::python::DEEPEST
                ),
            ),
            Err(deep) => crate::python::on_stack_for(deep.depth, || {
                if let Ok((findings, module)) =
                    self.analyze_python(rel, module, text, rules, usize::MAX)
                {
                    self.keep(rel, Some(module), findings, text, rules);
                }
            }),
        }
    }

    /// How the settings treat `rel` and the rules that apply to it; `None`
    /// when it is excluded, not included or mentioned, or no rule applies.
    /// A Python `script` is taken as the `.py` file it would be named
    /// (see [`script_globbed`]).
    pub(super) fn applicable(&self, rel: &str, script: bool) -> Option<(FileKind, Vec<&'a Rule>)> {
        let shared = self.shared;
        let settings = &shared.config.settings;
        if script_globbed(rel, script, |r| settings.exclude.is_match(r)) {
            return None;
        }
        let kind = if script_globbed(rel, script, |r| settings.include.is_match(r)) {
            FileKind::Python
        } else if settings.mentions.is_match(rel)
            && shared.config_rel.as_deref() != Some(rel)
            && !is_baseline(rel)
        {
            FileKind::Text
        } else {
            return None;
        };
        let rules: Vec<&Rule> = shared
            .config
            .rules
            .iter()
            .filter(|r| r.applies_to(rel))
            .collect();
        (!rules.is_empty()).then_some((kind, rules))
    }

    /// Note uses of rules' names in `rel` that are not findings (see [`KeptUse`]).
    fn keep_uses(&mut self, rel: &str, uses: impl IntoIterator<Item = (String, usize)>, why: Kept) {
        self.kept
            .extend(uses.into_iter().map(|(rule, line)| KeptUse {
                path: rel.to_string(),
                line,
                rule,
                why,
            }));
    }

    /// Note what file `rel` (module `module`) refers to in other files, and
    /// which of those it may patch (`patches`: sorted, among `referrals`).
    /// What Python file `rel` (module `module`, text `text`) refers to, as
    /// its analysis says (see [`Local::refers`]); its referrals are taken.
    fn refers_of(
        &mut self,
        rel: &str,
        module: &str,
        text: &str,
        analysis: &mut analyze::FileAnalysis,
    ) {
        let checks = analysis.checks_calls(rel, text);
        let referrals = std::mem::take(&mut analysis.referrals);
        self.refers(rel, module, checks, referrals, &analysis.patches);
    }

    /// `checks`: the file patches and checks how its stand-ins were
    /// called (see [`crate::analyze::FileAnalysis::checks_calls`]).
    fn refers(
        &mut self,
        rel: &str,
        module: &str,
        checks: bool,
        referrals: Vec<String>,
        patches: &[String],
    ) {
        if checks {
            self.checking.push(rel.to_string());
        }
        for symbol in referrals {
            let patch = patches.binary_search(&symbol).is_ok();
            self.referrals
                .push((symbol, rel.to_string(), module.to_string(), patch));
        }
    }

    /// Note what file `rel` (module `module`) patches, on which line, and
    /// which moves rewrite the patch (see [`analyze::FileAnalysis::pins`]).
    fn pins(&mut self, rel: &str, module: &str, pins: Vec<analyze::Pin>) {
        for pin in pins {
            self.pins.push((
                pin.symbol,
                rel.to_string(),
                module.to_string(),
                pin.line,
                pin.moved_by,
            ));
        }
    }

    /// Read the file, keep the rules the prefilter (or the file's own moved
    /// module) calls for, and refuse binary and non-UTF-8 text.
    fn read_candidate(
        &mut self,
        rel: &str,
        kind: FileKind,
        rules: Vec<&'a Rule>,
        read: impl FnOnce() -> std::io::Result<Vec<u8>>,
    ) -> Option<Candidate<'a>> {
        let bytes = match read() {
            Ok(b) => b,
            // Gone since it was listed: nothing left to check.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.diag(rel, None, format!("cannot read: {e}"));
                return None;
            }
            Err(e) => {
                self.skip(rel, kind, format!("cannot read: {e}"));
                return None;
            }
        };
        self.stats.bytes += bytes.len() as u64;
        let (module, own) = match kind {
            FileKind::Python => self.own_rules(rel, &rules),
            FileKind::Text => (None, Vec::new()),
        };
        // UTF-16 (or UTF-32) and binary files spell no rule's name in bytes
        // the prefilter reads: a Python file that is one is named, not
        // reported clean.
        if matches!(kind, FileKind::Python) {
            let why = if utf16_bom(&bytes) {
                Some(
                    "UTF-16 text (it starts with a UTF-16 byte order mark), which Python does not read as source: skipped",
                )
            } else if memchr::memchr(0, &bytes).is_some() {
                Some("binary file (contains NUL bytes), skipped")
            } else {
                None
            };
            if let Some(why) = why {
                self.skip(rel, kind, why.to_string());
                return None;
            }
        }
        let rules = match self.prefiltered(kind, &bytes, &rules) {
            Some(mut found) => {
                for r in own {
                    if !found.iter().any(|f| std::ptr::eq(*f, r)) {
                        found.push(r);
                    }
                }
                found
            }
            None if !own.is_empty() => own,
            // `from .svc import *` in a package's `__init__.py` re-exports
            // svc's public names, which other files then import from the
            // package without svc.py or this file spelling them: the star
            // import is a referral (`svc.*`) even here, so svc keeps them.
            // So is a `pytest_plugins` list: pytest asks its modules for
            // fixtures by name.
            None if matches!(kind, FileKind::Python)
                && (crate::python::spells_star_import(&bytes)
                    || crate::python::spells_pytest_plugins(&bytes)) =>
            {
                Vec::new()
            }
            None => return None,
        };
        self.stats.candidates += 1;
        let text = self.decode(rel, kind, bytes)?;
        Some(Candidate {
            text,
            rules,
            module,
        })
    }

    /// The rules whose names `bytes` spell, `None` when none does.
    /// Python reads `ｃreate` as `create` (NFKC): the literals are
    /// looked for in the text as it reads; all rules are candidates where
    /// canon cannot say how it reads.
    fn prefiltered(
        &self,
        kind: FileKind,
        bytes: &[u8],
        rules: &[&'a Rule],
    ) -> Option<Vec<&'a Rule>> {
        let folded = match kind {
            FileKind::Python if crate::python::nfkc::suspect_bytes(bytes) => {
                std::str::from_utf8(bytes)
                    .ok()
                    .map(crate::python::nfkc::fold_text)
            }
            _ => None,
        };
        match &folded {
            Some(Some(text)) => self
                .shared
                .prefilter
                .candidate_rules(text.as_bytes(), rules),
            Some(None) => Some(rules.to_vec()),
            None => self.shared.prefilter.candidate_rules(bytes, rules),
        }
    }

    /// The rules whose moved module is this Python file, with its module
    /// name when it had to be found.
    ///
    /// A moved module's own file is reported whatever it contains; only
    /// files named like one need their module name to know.
    fn own_rules(&mut self, rel: &str, rules: &[&'a Rule]) -> (Option<ModuleName>, Vec<&'a Rule>) {
        let stem = file_stem(rel);
        let named_like = |r: &&Rule| {
            r.mentionable()
                .is_some_and(|p| p.rsplit('.').next() == Some(stem))
        };
        if !rules.iter().any(named_like) {
            return (None, Vec::new());
        }
        let m = self.module_name(rel);
        let own = rules
            .iter()
            .copied()
            .filter(|r| r.mentionable() == Some(m.name.as_str()))
            .collect();
        (Some(m), own)
    }

    /// The file's text, or a diagnostic when it is binary or not text: a
    /// Python file is decoded as it declares (PEP 263), others as UTF-8.
    fn decode(&mut self, rel: &str, kind: FileKind, bytes: Vec<u8>) -> Option<String> {
        if memchr::memchr(0, &bytes).is_some() {
            let why = "binary file (contains NUL bytes), skipped";
            self.skip(rel, kind, why.to_string());
            return None;
        }
        let text = match kind {
            FileKind::Python => crate::python::encoding::decode(bytes),
            FileKind::Text => {
                String::from_utf8(bytes).map_err(|e| crate::python::encoding::DecodeError::Utf8 {
                    at: e.utf8_error().valid_up_to(),
                })
            }
        };
        text.map_err(|e| self.skip(rel, kind, e.to_string())).ok()
    }

    /// A file left out: unread when it is Python (it may use any rule's
    /// names), a plain warning for a text file (mentions only).
    fn skip(&mut self, rel: &str, kind: FileKind, message: String) {
        match kind {
            FileKind::Python => self.unread(rel, None, message),
            FileKind::Text => self.diag(rel, None, message),
        }
    }

    /// Parse and analyse a Python file: its findings and module name; its
    /// referrals, unused suppressions and syntax error go to the buffers.
    fn analyze_python(
        &mut self,
        rel: &str,
        module: Option<ModuleName>,
        text: &str,
        rules: &[&Rule],
        max_depth: usize,
    ) -> Result<(Vec<Finding>, ModuleName), analyze::TooDeep> {
        let module = module.unwrap_or_else(|| self.module_name(rel));
        // Lone carriage returns end lines, for positions and the partial parse.
        let seen = crate::python::lone_cr_as_lf(text);
        let mut analysis = PARSER.with_borrow_mut(|p| {
            analyze::analyze_source_within(rel, &module, &seen, p, rules, max_depth)
        })?;
        self.stats.parsed += 1;
        self.refers_of(rel, &module.name, &seen, &mut analysis);
        self.pins(rel, &module.name, analysis.pins);
        // Only proposals are linked across files (see `pipeline::links`).
        if self.shared.options.hook.is_some() {
            let reaches = analysis.reaches.into_iter();
            (self.reaches).extend(reaches.map(|(s, by_import)| (s, rel.to_string(), by_import)));
        }
        self.keep_uses(rel, analysis.suppressed, Kept::Suppressed);
        self.keep_uses(rel, analysis.own_uses, Kept::OwnModule);
        self.unused.extend(
            analysis
                .unused_suppressions
                .iter()
                .map(|&l| (rel.to_string(), l)),
        );
        if let Some(pos) = analysis.syntax_error {
            self.diag(
                rel,
                Some(pos),
                "syntax error; code inside the error is not checked".to_string(),
            );
        }
        if let Some((pos, what)) = analysis.python2 {
            self.diag(
                rel,
                Some(pos),
                format!("Python 2 syntax ({what}), which Python 3 cannot run"),
            );
        }
        Ok((analysis.findings, module))
    }

    /// Show a file with findings to the hook (with its whole tree when
    /// asked for) and keep it.
    fn keep(
        &mut self,
        rel: &str,
        module: Option<ModuleName>,
        findings: Vec<Finding>,
        text: &str,
        rules: &[&Rule],
    ) {
        if findings.is_empty() {
            return;
        }
        let result = FileResult {
            path: rel.to_string(),
            module,
            findings,
        };
        if let Some(hook) = self.shared.options.hook {
            let parsed = match &result.module {
                Some(module) if hook.wants_tree(&result) => Some(PARSER.with_borrow_mut(|p| {
                    match analyze::proposal_view(p, text, module, rules, analyze::VIEW_MIN) {
                        Some(view) => Parsed::View(view),
                        None => Parsed::Whole(crate::python::parse(p, text)),
                    }
                })),
                _ => None,
            };
            // That tree may nest deeper than the parts the findings needed:
            // the hook walks it on a stack for its depth.
            let depth = parsed
                .as_ref()
                .map_or(0, |t| crate::python::nesting(t.tree()).0);
            if depth > crate::python::DEEPEST {
                self.diag(
                    rel,
                    None,
                    format!(
                        "too deeply nested to propose fixes ({depth} levels; the limit is {})",
                        crate::python::DEEPEST
                    ),
                );
                hook.file(&result, None);
            } else {
                let result = &result;
                crate::python::on_stack_for(depth, move || {
                    hook.file(result, parsed.map(|t| (text, t)))
                });
            }
        }
        self.results.push(result);
    }
}

/// Whether `bytes` start with a UTF-16 byte order mark (little or big
/// endian, UTF-32's little-endian one included).
fn utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// Mentions in a text file, less the rules' own config tables in a pyproject.toml.
/// `runnable` is the code the file runs: the old paths its imports spell
/// are mentions too.
fn text_findings(
    rel: &str,
    text: &str,
    rules: &[&Rule],
    runnable: &[Vec<crate::python::doctest::CodeLine>],
) -> Vec<Finding> {
    let mut f = analyze::analyze_text(rel, text, rules);
    if !runnable.is_empty() {
        let message = |path: &str| {
            format!(
                "code this file runs (a doctest, a notebook cell, a Python code block, `python -c`) uses `{path}`: canon does not rewrite it; change it by hand"
            )
        };
        analyze::runnable_mentions(rel, text, runnable, rules, &mut f, &message);
        analyze::sort_findings(&mut f, rules);
    }
    if !f.is_empty() && rel.rsplit('/').next() == Some("pyproject.toml") {
        let own = crate::rules::canon_table_ranges(text);
        f.retain(|f| !own.iter().any(|r| r.contains(&f.range.start)));
    }
    f
}

/// Whether `glob` matches `rel`, or, for a Python `script` with no
/// extension, the `.py` file it would be (`bin/tool` as `bin/tool.py`):
/// `include = ["**/*.py"]` takes it, `exclude = ["bin/**"]` leaves it out.
pub(super) fn script_globbed(rel: &str, script: bool, glob: impl Fn(&str) -> bool) -> bool {
    glob(rel) || (script && glob(&format!("{rel}.py")))
}

/// Whether the file name of `rel` has no extension (`bin/tool`,
/// `Makefile`; not `run.sh`): the only files whose first bytes are read
/// for a shebang.
pub(super) fn is_extensionless(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    !name.trim_start_matches('.').contains('.')
}

/// How many first bytes of an extensionless file are read for a shebang.
pub(super) const SHEBANG_HEAD: usize = 256;

/// Whether `head` (a file's first bytes) starts with a shebang that runs
/// Python: `#!/usr/bin/env python3`, `#!/usr/bin/python3.11`,
/// `#!/usr/bin/env -S python3 -u`, `#! /opt/py/bin/python`, `pypy3`.
pub(super) fn is_python_script(head: &[u8]) -> bool {
    let Some(rest) = head.strip_prefix(b"#!") else {
        return false;
    };
    let line = rest
        .split(|&b| b == b'\n' || b == b'\r')
        .next()
        .unwrap_or(rest);
    let Ok(line) = std::str::from_utf8(line) else {
        return false;
    };
    let mut words = line.split_ascii_whitespace();
    let base = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
    let Some(mut program) = words.next().map(base) else {
        return false;
    };
    if program == "env" {
        // `env -S python3 -u`, `env PYTHONUNBUFFERED=1 python3`.
        match words.find(|w| !w.starts_with('-') && !w.contains('=')) {
            Some(w) => program = base(w),
            None => return false,
        }
    }
    ["python", "pypy"].iter().any(|p| {
        program
            .strip_prefix(p)
            .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
    })
}

/// A path's file name without `.py`/`.pyi`; a package `__init__` is named after its folder.
fn file_stem(rel: &str) -> &str {
    let mut parts = rel.rsplit('/');
    let name = parts.next().unwrap_or(rel);
    let stem = name.split('.').next().unwrap_or(name);
    if stem == "__init__" {
        parts.next().unwrap_or(stem)
    } else {
        stem
    }
}

/// canon's own baseline file (`.canon-baseline.json`, in any folder): it
/// records the violations by their text, and those are not mentions.
fn is_baseline(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name == crate::baseline::FILE_NAME
}
