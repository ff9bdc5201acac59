//! Where a dotted path stops being a module: `datetime.timezone.utc` is
//! the class `timezone` of module `datetime`, so a fix naming it imports
//! `timezone` from `datetime`, never `from datetime.timezone import utc`
//! (which parses, and fails at import time).
//!
//! The answer comes from the Python on `PATH` (`python3`, or
//! `$CANON_PYTHON`), asked once per name per run with
//! `importlib.util.find_spec`, in an empty folder and isolated mode so no
//! project code runs. Names Python cannot place (project modules, packages
//! not installed) are unknown: the caller then takes the last dot, the
//! way a rule's `new = "pkg.mod.Name"` is written.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Whether `name` is a module: `Some(true)`, `Some(false)` (its parent is
/// a module that has no such submodule), or `None` (Python cannot tell).
pub fn is_module(name: &str) -> Option<bool> {
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Ok(c) = cache.lock()
        && let Some(v) = c.get(name)
    {
        return *v;
    }
    // Ask for every prefix at once: one process per symbol.
    let parts: Vec<&str> = name.split('.').collect();
    let names: Vec<String> = (1..=parts.len()).map(|i| parts[..i].join(".")).collect();
    let answers = ask(&names);
    let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
    for (n, a) in names.iter().zip(&answers) {
        c.insert(n.clone(), *a);
    }
    answers.last().copied().flatten()
}

/// Split `symbol` into the module to import from and the attribute path
/// inside it: `datetime.timezone.utc` → (`datetime`, `timezone.utc`). The
/// longest prefix Python knows to be a module wins, when every longer one
/// is known not to be; otherwise the last dot.
pub fn split(symbol: &str) -> Option<(String, String)> {
    let (last_module, _) = symbol.rsplit_once('.')?;
    let parts: Vec<&str> = symbol.split('.').collect();
    for i in (1..parts.len()).rev() {
        let prefix = parts[..i].join(".");
        match is_module(&prefix) {
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

static CACHE: OnceLock<Mutex<HashMap<String, Option<bool>>>> = OnceLock::new();

const SCRIPT: &str = r#"
import importlib.util, sys
def q(n):
    try:
        if importlib.util.find_spec(n) is not None:
            return "1"
    except Exception:
        pass
    if "." not in n:
        return "?"
    p = q(n.rsplit(".", 1)[0])
    return "0" if p in ("1", "0") else "?"
for n in sys.argv[1:]:
    print(q(n))
"#;

fn ask(names: &[String]) -> Vec<Option<bool>> {
    let unknown = vec![None; names.len()];
    let python = std::env::var("CANON_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let dir = std::env::temp_dir();
    let out = std::process::Command::new(python)
        .arg("-I")
        .arg("-c")
        .arg(SCRIPT)
        .args(names)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    let Ok(out) = out else { return unknown };
    if !out.status.success() {
        return unknown;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let answers: Vec<Option<bool>> = text
        .lines()
        .map(|l| match l.trim() {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        })
        .collect();
    if answers.len() == names.len() {
        answers
    } else {
        unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stdlib_knows_where_modules_end() {
        assert_eq!(is_module("datetime"), Some(true));
        assert_eq!(is_module("datetime.timezone"), Some(false));
        assert_eq!(is_module("os.path"), Some(true));
        assert_eq!(
            split("datetime.timezone.utc"),
            Some(("datetime".into(), "timezone.utc".into()))
        );
        assert_eq!(
            split("unittest.mock.patch"),
            Some(("unittest.mock".into(), "patch".into()))
        );
        // Not installed anywhere: the last dot, as a rule spells it.
        assert_eq!(
            split("no_such_pkg_canon.sub.Name"),
            Some(("no_such_pkg_canon.sub".into(), "Name".into()))
        );
    }
}
