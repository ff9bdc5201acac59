//! Property: on the demo's files, mutated in the shapes real code takes
//! (imports wrapped in `try`/`except` or put in one arm of an `if`, moved
//! into functions, aliased;
//! locals shadowing the new names; `global` rebinding), whatever canon
//! proposes keeps the program sound by an oracle canon does not share:
//! pyflakes reports no new undefined name or unused import,
//! the result compiles, and a second run proposes nothing.
//!
//! The mutants come from a seeded generator (not proptest) so that one
//! Python process can judge all of them at once; a failure prints the seed
//! and the mutant.

use std::collections::BTreeMap;
use std::path::Path;

use canon::python::{self, ModuleName};
use canon::rewrite;

/// A xorshift generator: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Single-line top-level imports: (line index, the names they bind).
fn top_imports(lines: &[String]) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.contains('(')
            || l.contains('\\')
            || l.contains('#')
            || l.contains('*')
            || l.contains("__future__")
        {
            continue;
        }
        let bound: Vec<String> = if let Some(rest) = l.strip_prefix("from ") {
            let Some((_, names)) = rest.split_once(" import ") else {
                continue;
            };
            names
                .split(',')
                .map(|n| n.split(" as ").last().unwrap_or(n).trim().to_string())
                .collect()
        } else if let Some(rest) = l.strip_prefix("import ") {
            rest.split(',')
                .map(|n| {
                    let n = n.trim();
                    match n.split_once(" as ") {
                        Some((_, a)) => a.trim().to_string(),
                        None => n.split('.').next().unwrap_or(n).to_string(),
                    }
                })
                .collect()
        } else {
            continue;
        };
        out.push((i, bound));
    }
    out
}

/// Lines opening a function body: (index of the first body line, its indent).
fn bodies(lines: &[String]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        if (t.starts_with("def ") || t.starts_with("async def ")) && l.trim_end().ends_with(':') {
            if let Some(next) = lines.get(i + 1) {
                let indent: String = next.chars().take_while(|c| *c == ' ').collect();
                if indent.len() > l.len() - t.len() && !next.trim().is_empty() {
                    out.push((i + 1, indent));
                }
            }
        }
    }
    out
}

/// One mutation of `text`; `names` are the names the rules' new symbols bind.
fn mutate(text: &str, names: &[&str], rng: &mut Rng) -> Option<String> {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let imports = top_imports(&lines);
    let funcs = bodies(&lines);
    match rng.below(6) {
        // try: <import> / except ImportError: <names> = None
        0 if !imports.is_empty() => {
            let (i, bound) = &imports[rng.below(imports.len())];
            let fallback = format!("    {} = None", bound.join(" = "));
            let line = format!("    {}", lines[*i]);
            lines.splice(
                *i..=*i,
                [
                    "try:".to_string(),
                    line,
                    "except ImportError:".into(),
                    fallback,
                ],
            );
        }
        // The import moves into a function (and stays at the top too, for
        // the rest of the module).
        1 if !imports.is_empty() && !funcs.is_empty() => {
            let (i, _) = &imports[rng.below(imports.len())];
            let (at, indent) = &funcs[rng.below(funcs.len())];
            let line = format!("{indent}{}", lines[*i]);
            lines.insert(*at, line);
        }
        // A local that shadows a new name, at the top of a function.
        2 if !funcs.is_empty() && !names.is_empty() => {
            let (at, indent) = &funcs[rng.below(funcs.len())];
            let name = names[rng.below(names.len())];
            lines.insert(*at, format!("{indent}{name} = None"));
            lines.insert(*at + 1, format!("{indent}_ = {name}"));
        }
        // Another function rebinds an imported name through `global`.
        3 if !imports.is_empty() => {
            let (_, bound) = &imports[rng.below(imports.len())];
            let name = &bound[0];
            lines.push(String::new());
            lines.push(String::new());
            lines.push(format!(
                "def _rebind_for_tests_{}(value):",
                rng.below(1 << 20)
            ));
            lines.push(format!("    global {name}"));
            lines.push(format!("    {name} = value"));
        }
        // An import made aliased to its own name.
        4 if !imports.is_empty() => {
            let (i, bound) = &imports[rng.below(imports.len())];
            if !lines[*i].starts_with("from ") || bound.len() != 1 || lines[*i].contains(" as ") {
                return None;
            }
            let name = bound[0].clone();
            lines[*i] = format!("{} as {name}", lines[*i]);
        }
        // The import in one arm of a conditional, a fallback in the other.
        5 if !imports.is_empty() => {
            let (i, bound) = &imports[rng.below(imports.len())];
            if !lines[*i].starts_with("from ") || lines[*i].contains(" as ") {
                return None;
            }
            let names = bound.join(", ");
            let line = format!("    {}", lines[*i]);
            lines.splice(
                *i..=*i,
                [
                    "if __debug__:".to_string(),
                    line,
                    "else:".into(),
                    format!("    from compat.fallback import {names}"),
                ],
            );
        }
        _ => return None,
    }
    let mut out = lines.join("\n");
    out.push('\n');
    Some(out)
}

/// The oracle (CPython and pyflakes) the fuzz targets' cases go through too.
const ORACLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/oracle.py");

#[test]
fn proposals_on_mutated_demo_files_never_break_them() {
    crate::differential::require_pyflakes();
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo"));
    let config = canon::rules::load(root, None).unwrap();
    let scan = canon::scan::scan(&config, &[root.to_path_buf()]).unwrap();
    let names: Vec<&str> = config
        .rules
        .iter()
        .flat_map(|r| r.dotted_paths())
        .filter_map(|p| p.rsplit('.').next())
        .collect();
    let mut parser = python::parser();
    let mut cases = Vec::new();
    let mut texts: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut changed = 0;
    for seed in 1..=240u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let files: Vec<_> = scan.files.iter().filter(|f| f.module.is_some()).collect();
        let f = files[rng.below(files.len())];
        let module: &ModuleName = f.module.as_ref().unwrap();
        let base = std::fs::read_to_string(root.join(&f.path)).unwrap();
        // One to three mutations on top of each other.
        let mut text = base.clone();
        for _ in 0..=rng.below(3) {
            if let Some(t) = mutate(&text, &names, &mut rng) {
                text = t;
            }
        }
        let rules: Vec<_> = config
            .rules
            .iter()
            .filter(|r| r.applies_to(&f.path))
            .collect();
        let p = rewrite::propose(&f.path, module, &text, &rules, &mut parser);
        let after = p.file.applied();
        if after != text {
            changed += 1;
        }
        let again = rewrite::propose(&f.path, module, &after, &rules, &mut parser);
        assert!(
            !again.file.has_applicable(),
            "seed {seed}, {}: a second run proposes more on:\n{after}",
            f.path
        );
        let name = format!("seed {seed} {}", f.path);
        texts.insert(name.clone(), (text.clone(), after.clone()));
        cases.push(serde_json::json!({"name": name, "before": text, "after": after}));
    }
    assert!(changed >= 100, "only {changed} mutants got a proposal");
    let mut child = std::process::Command::new("python3")
        .arg(ORACLE)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    serde_json::to_writer(child.stdin.take().unwrap(), &cases).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the pyflakes oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    if let Some(first) = bad.first() {
        let name = first["name"].as_str().unwrap();
        let (before, after) = &texts[name];
        panic!(
            "{} of {} mutants broken; first: {name}: {}\n--- mutant ---\n{before}\n--- canon's proposal ---\n{after}",
            bad.len(),
            cases.len(),
            first["new"]
        );
    }
}
