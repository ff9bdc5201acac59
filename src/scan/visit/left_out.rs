//! Python files a rule does not apply to (`[settings] exclude`, outside
//! `[settings] include`, the rule's own `exclude` or `paths`) are left
//! alone, not unseen: `from app import make` in an excluded
//! `migrations/0001.py` still needs `app.make` after
//! a move renamed `make` in `app.py`. Such a file is read for its
//! referrals only: no findings, no diagnostics, not counted as checked.

use super::{FileKind, Local, PARSER, script_globbed};
use crate::analyze;
use crate::python::ModuleName;
use crate::rules::Rule;

impl<'a> Local<'_, 'a> {
    /// The rules that do not apply to Python file `rel`, less `applied`
    /// (the ones it is checked with): every rule when the settings
    /// exclude it; none for a file that is not Python.
    /// A Python `script` (no extension, a Python shebang) is one too.
    pub(super) fn left_out_rules(
        &self,
        rel: &str,
        script: bool,
        applied: &[&'a Rule],
    ) -> Vec<&'a Rule> {
        let settings = &self.shared.config.settings;
        // A Python file `include` leaves out (`include = ["src/**/*.py"]`
        // and `tests/test_app.py`) still imports what it imports, as an
        // excluded one does.
        let included = script_globbed(rel, script, |r| settings.include.is_match(r));
        if !(included || script || rel.ends_with(".py") || rel.ends_with(".pyi")) {
            return Vec::new();
        }
        let excluded = !included || script_globbed(rel, script, |r| settings.exclude.is_match(r));
        self.shared
            .config
            .rules
            .iter()
            .filter(|r| excluded || !r.applies_to(rel))
            .filter(|r| !applied.iter().any(|a| std::ptr::eq(*a, *r)))
            .collect()
    }

    /// Analyse `bytes` with `rules` for what it imports and names, keeping
    /// only the referrals and, as kept uses, what would have been its
    /// violations. What cannot be read is passed over quietly: the file is
    /// not canon's to report on.
    pub(super) fn referrals_only(
        &mut self,
        rel: &str,
        module: Option<ModuleName>,
        bytes: &[u8],
        rules: &[&'a Rule],
    ) {
        let rules = match self.prefiltered(FileKind::Python, bytes, rules) {
            Some(found) => found,
            // `from a import *` refers to every public name of `a`.
            None if crate::python::spells_star_import(bytes)
                || crate::python::spells_pytest_plugins(bytes) =>
            {
                Vec::new()
            }
            None => return,
        };
        if memchr::memchr(0, bytes).is_some() {
            return;
        }
        let Ok(text) = crate::python::encoding::decode(bytes.to_vec()) else {
            return;
        };
        let module = module.unwrap_or_else(|| self.module_name(rel));
        let seen = crate::python::lone_cr_as_lf(&text);
        let analyse = |max_depth: usize| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                PARSER.with_borrow_mut(|p| {
                    analyze::analyze_source_within(rel, &module, &seen, p, &rules, max_depth)
                })
            }))
            .ok()
        };
        let analysis = match analyse(crate::python::SHALLOW) {
            Some(Err(deep)) if deep.depth <= crate::python::DEEPEST => {
                crate::python::on_stack_for(deep.depth, || analyse(usize::MAX))
            }
            other => other,
        };
        if let Some(Ok(mut analysis)) = analysis {
            self.refers_of(rel, &module.name, &seen, &mut analysis);
            // No rule that rewrites anything here: every patch stays.
            let mut pins = analysis.pins;
            pins.iter_mut().for_each(|p| p.moved_by.clear());
            self.pins(rel, &module.name, pins);
            // Its code stays on the old paths: a patch of them must too
            // (see `pipeline::holds`).
            if self.shared.options.hook.is_some() {
                let reaches = analysis.reaches.into_iter();
                (self.reaches).extend(reaches.map(|(s, by)| (s, rel.to_string(), by)));
            }
            let violations = analysis
                .findings
                .iter()
                .filter(|f| f.is_violation())
                .map(|f| (f.rule.clone(), f.start.line));
            self.keep_uses(rel, violations, super::Kept::Excluded);
            self.keep_uses(rel, analysis.suppressed, super::Kept::Suppressed);
            self.keep_uses(rel, analysis.own_uses, super::Kept::OwnModule);
        }
    }
}
