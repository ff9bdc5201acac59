//! The project's Python, asked once per run where the rules' dotted paths
//! stop being modules (`importlib.util.find_spec`), in an empty folder and
//! isolated mode so no project code runs. `python3`, or `$CANON_PYTHON`.
//! No Python, or an answer it cannot give: unknown, never an error.

use crate::python::modules::Modules;
use crate::rules::Config;

/// The names come on stdin, one a line: as arguments, thousands of them
/// hit the system's limit on a command line, and a `python3` that is a
/// shell script (pyenv's shim) took time quadratic in their number.
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
for n in sys.stdin.read().split("\n"):
    if n:
        print(q(n))
"#;

/// Whether the dotted `name` is a module of the project, answered from its
/// files (`module_at("a/b")`: `Some(true)` a folder `a/b/`, `Some(false)`
/// a file `a/b.py`, None neither): a module is; a name under a plain
/// `.py` module is not (`a.b.C` when `a/b.py` is a file). Anything else is
/// unknown, as is a name whose top is not the project's: a package folder
/// may get its submodule later in the migration.
pub fn project_module(name: &str, module_at: &dyn Fn(&str) -> Option<bool>) -> Option<bool> {
    let path = name.replace('.', "/");
    if module_at(&path).is_some() {
        return Some(true);
    }
    let (parent, _) = name.rsplit_once('.')?;
    match project_module(parent, module_at)? {
        true => (module_at(&parent.replace('.', "/")) == Some(false)).then_some(false),
        false => Some(false),
    }
}

/// What Python knows about every prefix of the rules' dotted paths; for
/// those in the project's own packages the project's files answer
/// (`project` is [`project_module`] on them): Python would have to import
/// project code to answer. No question, no Python started.
pub fn modules(config: &Config, project: &dyn Fn(&str) -> Option<bool>) -> Modules {
    // What the rules' authors marked (`{datetime:timezone.utc}`) is not asked.
    let marks: Vec<(String, bool)> = config
        .rules
        .iter()
        .flat_map(|r| r.module_marks().iter().cloned())
        .collect();
    let (ours, names): (Vec<String>, Vec<String>) =
        Modules::questions(config.rules.iter().flat_map(|r| r.dotted_paths()))
            .into_iter()
            .filter(|n| !marks.iter().any(|(m, _)| m == n))
            .partition(|n| project(n.split('.').next().unwrap_or(n)).is_some());
    let answers = ask(&names);
    let ours: Vec<(String, Option<bool>)> = ours
        .into_iter()
        .map(|n| {
            let answer = project(&n);
            (n, answer)
        })
        .collect();
    Modules::new(names.into_iter().zip(answers).chain(ours)).with(marks)
}

fn ask(names: &[String]) -> Vec<Option<bool>> {
    let unknown = vec![None; names.len()];
    if names.is_empty() {
        return unknown;
    }
    let python = std::env::var("CANON_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let child = std::process::Command::new(python)
        .arg("-I")
        .arg("-c")
        .arg(SCRIPT)
        .current_dir(std::env::temp_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn();
    let Ok(mut child) = child else { return unknown };
    let mut lines = names.join("\n");
    lines.push('\n');
    // Written from another thread: the answers fill stdout's pipe while
    // the questions are still going in.
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.is_some_and(|mut i| i.write_all(lines.as_bytes()).is_ok())
    });
    let out = child.wait_with_output();
    let wrote = writer.join().unwrap_or(false);
    let Ok(out) = out else { return unknown };
    if !wrote {
        return unknown;
    }
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

    /// 60,000 questions, 2.4 MB of them: on the command line they passed
    /// the system's limit (2 MB on Linux), so every answer was unknown, and
    /// fewer cost a shell-script `python3` (pyenv's shim) time quadratic
    /// in their number.
    #[test]
    fn python_answers_many_questions_in_order() {
        let mut names = Vec::new();
        let long = "a_name_long_enough_to_fill_a_command_line";
        for i in 0..20_000 {
            names.push("json".to_string());
            names.push(format!("json.{long}{i}"));
            names.push(format!("canon_no_such_top_{long}{i}"));
        }
        assert!(names.iter().map(|n| n.len() + 1).sum::<usize>() > 2_200_000);
        let answers = ask(&names);
        assert_eq!(answers.len(), names.len());
        for (i, chunk) in answers.chunks(3).enumerate() {
            assert_eq!(chunk, [Some(true), Some(false), None], "question {}", 3 * i);
        }
    }

    /// Hostile pass 9, defect 02: with nothing known of the project's own
    /// names, `new.mod.D.tag` after `import new.mod` looked like it needed
    /// a module `new.mod.D` no import loads, and the move was refused.
    #[test]
    fn the_projects_files_say_where_its_modules_end() {
        let folders = ["new", "app", "app/pkg"];
        let files = ["new/mod", "app/pkg/sub"];
        let at = |p: &str| match (folders.contains(&p), files.contains(&p)) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        };
        assert_eq!(project_module("new", &at), Some(true));
        assert_eq!(project_module("new.mod", &at), Some(true));
        assert_eq!(project_module("new.mod.D", &at), Some(false));
        assert_eq!(project_module("new.mod.D.tag", &at), Some(false));
        assert_eq!(project_module("app.pkg.sub", &at), Some(true));
        // A package may get the submodule later: not known.
        assert_eq!(project_module("new.other", &at), None);
        assert_eq!(project_module("app.pkg.later.f", &at), None);
        assert_eq!(project_module("requests", &at), None);
        assert_eq!(project_module("requests.api", &at), None);
    }

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
