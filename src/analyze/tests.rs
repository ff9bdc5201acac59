use super::*;
use crate::rules;
use std::path::Path;

pub const RULES: &str = r#"
[[move]]
id = "ws-create"
old = "app.ws.factory.create_manager"
new = "app.ws.manager.Manager"
note = "factory is deprecated"

[[move]]
id = "legacy-events"
old = "app.legacy.events"
new = "app.events"

[[rewrite]]
id = "ws-getter"
pattern = "{app.ws.factory.get_factory}()"
fix = "await {app.ws.manager.get_manager}(user_context=None)"

[[ban]]
id = "ws-factory-class"
symbol = "app.ws.factory.ManagerFactory"
"#;

/// (line, rule, kind, site) of each finding for `code` at `path`.
pub fn check(path: &str, code: &str) -> Vec<(usize, String, Kind, Site)> {
    let config = rules::compile(Path::new("canon.toml"), RULES, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let mut parser = crate::python::parser();
    let tree = crate::python::parse(&mut parser, code);
    let (name, is_init) = crate::python::module_name(path);
    analyze_python(path, &ModuleName { name, is_init }, code, &tree, &rules)
        .findings
        .into_iter()
        .map(|f| (f.start.line, f.rule, f.kind, f.site))
        .collect()
}

fn lines(path: &str, code: &str) -> Vec<(usize, String)> {
    check(path, code)
        .into_iter()
        .map(|(l, r, _, _)| (l, r))
        .collect()
}

#[test]
fn suppression_comments_drop_findings() {
    let code = "\
from app.ws.factory import create_manager  # canon: ignore
from app.ws.factory import ManagerFactory  # canon: ignore[ws-create]
from app.ws.factory import get_factory, create_manager as cm  # canon: ignore[ws-create, other]
";
    assert_eq!(lines("x.py", code), [(2, "ws-factory-class".to_string())]);
}

#[test]
fn findings_inside_syntax_errors_are_dropped_but_the_rest_kept() {
    let code = "from app.ws.factory import create_manager\ndef broken(:\n    pass\n";
    let config = rules::compile(Path::new("canon.toml"), RULES, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let mut parser = crate::python::parser();
    let tree = crate::python::parse(&mut parser, code);
    let module = ModuleName {
        name: "x".into(),
        is_init: false,
    };
    let a = analyze_python("x.py", &module, code, &tree, &rules);
    assert_eq!(a.syntax_error.map(|p| p.line), Some(2));
    assert_eq!(a.findings.len(), 1);
}

#[test]
fn text_file_mentions_include_entry_point_form() {
    let config = rules::compile(Path::new("canon.toml"), RULES, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let text = "[project.scripts]\nws = \"app.ws.factory:create_manager\"\nother = \"app.ws.factory:create_manager_v2\"\n";
    let f = analyze_text("pyproject.toml", text, &rules);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].start.line, f[0].start.column, f[0].kind),
        (2, 7, Kind::Mention)
    );
}
