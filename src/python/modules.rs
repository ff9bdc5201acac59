//! Where a dotted path stops being a module: `datetime.timezone.utc` is
//! the class `timezone` of module `datetime`, so a fix naming it imports
//! `timezone` from `datetime`, never `from datetime.timezone import utc`
//! (which parses, and fails at import time).
//!
//! This is a table of answers; the driver fills it once per run (it asks
//! the project's Python, see `pipeline::python_env`). Names it has no
//! answer for are unknown, and the caller then takes the last dot, the
//! way a rule's `new = "pkg.mod.Name"` is written.

use std::collections::HashMap;

/// The name a file's referral to `pkg.sub` is also indexed under (as
/// `pkg.{through_package("sub")}`) when the file reaches it as an attribute
/// of the package and no import of its own loads it (`import pkg;
/// pkg.sub.f()`): it relies on `pkg/__init__.py` loading `pkg.sub`. Never a
/// Python name, so it meets no other referral.
pub fn through_package(sub: &str) -> String {
    format!("{sub}#through-package")
}

/// What is known about which dotted names are modules.
#[derive(Debug, Default, Clone)]
pub struct Modules {
    known: HashMap<String, bool>,
}

impl Modules {
    /// A table from `(name, answer)` pairs; `None` answers are left out.
    pub fn new(answers: impl IntoIterator<Item = (String, Option<bool>)>) -> Self {
        Modules {
            known: answers
                .into_iter()
                .filter_map(|(n, a)| a.map(|a| (n, a)))
                .collect(),
        }
    }

    /// This table with `answers` added (they win over what it had).
    pub fn with(&self, answers: impl IntoIterator<Item = (String, bool)>) -> Self {
        let mut known = self.known.clone();
        known.extend(answers);
        Modules { known }
    }

    /// Every prefix of every symbol, the names worth asking about.
    pub fn questions<'a>(symbols: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for s in symbols {
            let parts: Vec<&str> = s.split('.').collect();
            for i in 1..=parts.len() {
                let p = parts[..i].join(".");
                if seen.insert(p.clone()) {
                    out.push(p);
                }
            }
        }
        out
    }

    /// Whether `name` is a module: `Some(true)`, `Some(false)` (its parent
    /// is a module without such a submodule), or `None` (not known).
    pub fn is_module(&self, name: &str) -> Option<bool> {
        self.known.get(name).copied()
    }

    /// The submodule an `import provided` leaves unloaded on the way to
    /// `symbol` under it: `import ui` reaches `ui.Widget`, but
    /// `ui.widgets.core.Widget` only if something imports `ui.widgets.core`.
    /// Names known not to be modules (`datetime.datetime`) are attributes
    /// of what is loaded, so `datetime.datetime.now` needs nothing more.
    pub fn submodule_needed(&self, provided: &str, symbol: &str) -> Option<String> {
        let rest = symbol.strip_prefix(provided)?.strip_prefix('.')?;
        let parts: Vec<&str> = rest.split('.').collect();
        let mut needed = None;
        let mut prefix = provided.to_string();
        for part in &parts[..parts.len() - 1] {
            prefix.push('.');
            prefix.push_str(part);
            if self.is_module(&prefix) == Some(false) {
                break;
            }
            needed = Some(prefix.clone());
        }
        needed
    }

    /// Split `symbol` into the module to import from and the attribute path
    /// inside it: `datetime.timezone.utc` → (`datetime`, `timezone.utc`).
    /// The longest prefix known to be a module wins when every longer one
    /// is known not to be; otherwise the last dot.
    pub fn split(&self, symbol: &str) -> Option<(String, String)> {
        let (last_module, _) = symbol.rsplit_once('.')?;
        let parts: Vec<&str> = symbol.split('.').collect();
        for i in (1..parts.len()).rev() {
            let prefix = parts[..i].join(".");
            match self.is_module(&prefix) {
                Some(true) => return Some((prefix, parts[i..].join("."))),
                Some(false) => continue,
                None => break,
            }
        }
        Some((
            last_module.to_string(),
            symbol[last_module.len() + 1..].to_string(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_known_module_prefix_wins() {
        let m = Modules::new([
            ("datetime".to_string(), Some(true)),
            ("datetime.timezone".to_string(), Some(false)),
            ("datetime.timezone.utc".to_string(), Some(false)),
            ("unittest.mock".to_string(), Some(true)),
            ("unittest.mock.patch".to_string(), Some(false)),
            ("no_such".to_string(), None),
        ]);
        assert_eq!(
            m.split("datetime.timezone.utc"),
            Some(("datetime".into(), "timezone.utc".into()))
        );
        assert_eq!(
            m.split("unittest.mock.patch"),
            Some(("unittest.mock".into(), "patch".into()))
        );
        // Unknown: the last dot, as a rule spells it.
        assert_eq!(
            m.split("no_such.sub.Name"),
            Some(("no_such.sub".into(), "Name".into()))
        );
        assert_eq!(Modules::questions(["a.b.c"]), ["a", "a.b", "a.b.c"]);
        assert_eq!(
            m.submodule_needed("datetime", "datetime.timezone.utc"),
            None
        );
        assert_eq!(m.submodule_needed("ui", "ui.Widget"), None);
        assert_eq!(
            m.submodule_needed("ui", "ui.widgets.core.Widget"),
            Some("ui.widgets.core".into())
        );
    }
}
