//! The project's Python, asked once per run where the rules' dotted paths
//! stop being modules (`importlib.util.find_spec`), in an empty folder and
//! isolated mode so no project code runs. `python3`, or `$CANON_PYTHON`.
//! No Python, or an answer it cannot give: unknown, never an error.

use crate::python::modules::Modules;
use crate::rules::Config;

/// "1": a module; "0": not one, its parent is (or is an attribute of
/// one); "?": not known. A name is only looked up when its parent is a
/// module (otherwise importing the parent fails anyway), and each once:
/// thousands of rules under one missing package cost one lookup.
const SCRIPT: &str = r#"
import importlib.util, sys
memo = {}
def q(n):
    if n in memo:
        return memo[n]
    if "." in n:
        p = q(n.rsplit(".", 1)[0])
        if p != "1":
            memo[n] = p
            return p
    try:
        found = importlib.util.find_spec(n) is not None
    except Exception:
        found = False
    r = "1" if found else ("0" if "." in n else "?")
    memo[n] = r
    return r
for n in sys.argv[1:]:
    print(q(n))
"#;

/// What Python knows about every prefix of the rules' dotted paths,
/// except those in the project's own packages (`in_project` says which top
/// names those are): Python would have to import project code to answer,
/// and the rule's own dots say it. No question, no Python started.
pub fn modules(config: &Config, in_project: &dyn Fn(&str) -> bool) -> Modules {
    // What the rules' authors marked (`{datetime:timezone.utc}`) is not asked.
    let marks: Vec<(String, bool)> = config
        .rules
        .iter()
        .flat_map(|r| r.module_marks().iter().cloned())
        .collect();
    let names: Vec<String> = Modules::questions(config.rules.iter().flat_map(|r| r.dotted_paths()))
        .into_iter()
        .filter(|n| !in_project(n.split('.').next().unwrap_or(n)))
        .filter(|n| !marks.iter().any(|(m, _)| m == n))
        .collect();
    let answers = ask(&names);
    Modules::new(names.into_iter().zip(answers)).with(marks)
}

fn ask(names: &[String]) -> Vec<Option<bool>> {
    let unknown = vec![None; names.len()];
    if names.is_empty() {
        return unknown;
    }
    let python = std::env::var("CANON_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let out = std::process::Command::new(python)
        .arg("-I")
        .arg("-c")
        .arg(SCRIPT)
        .args(names)
        .current_dir(std::env::temp_dir())
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    let Ok(out) = out else { return unknown };
    if !out.status.success() {
        return unknown;
    }
    let answers: Vec<Option<bool>> = String::from_utf8_lossy(&out.stdout)
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
    fn python_knows_where_stdlib_modules_end() {
        let names: Vec<String> = [
            "datetime",
            "datetime.timezone",
            "os.path",
            "no_such_pkg_canon",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            ask(&names),
            [Some(true), Some(false), Some(true), None],
            "needs python3 on PATH"
        );
    }
}
