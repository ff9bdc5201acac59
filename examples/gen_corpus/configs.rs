//! The non-Python files of the corpus: `canon.toml` (the two rules),
//! `pyproject.toml` (ruff's equivalent `banned-api` config) and the hidden
//! `.corpus-manifest.json` that lists which files hold which violation forms
//! and near misses, for the benchmarks to check results against.
//!
//! Text only; `write` puts it on disk.

use std::fmt::Write as _;

use crate::plan::{Form, Kind, Near, Plan};
use crate::{NEW_MOD, OLD_MOD, SEED};

/// `canon.toml`: a `[[move]]` of `create_websocket_manager` and a
/// `[[rewrite]]` of `get_websocket_manager_factory()`.
pub(crate) fn canon_toml() -> String {
    format!(
        r#"[[move]]
id = "ws-factory-create"
old = "{OLD_MOD}.create_websocket_manager"
new = "{NEW_MOD}.create_websocket_manager"

[[rewrite]]
id = "ws-factory-getter"
pattern = "{{{OLD_MOD}.get_websocket_manager_factory}}()"
fix = "await {{{NEW_MOD}.get_websocket_manager}}(user_context=None)"
"#
    )
}

/// `pyproject.toml`: ruff's TID251 bans on the same two names.
pub(crate) fn pyproject_toml() -> String {
    format!(
        r#"[tool.ruff.lint.flake8-tidy-imports.banned-api]
"{OLD_MOD}.create_websocket_manager".msg = "moved"
"{OLD_MOD}.get_websocket_manager_factory".msg = "moved"
"#
    )
}

/// The manifest JSON and the counts the summary prints.
pub(crate) struct Manifest {
    pub(crate) violation_files: usize,
    pub(crate) import_form_files: usize,
    pub(crate) near_miss_files: usize,
    pub(crate) json: String,
}

/// JSON lines of the violation and near-miss files, and how many violation
/// files import a banned name (the rest use string paths only).
struct Entries {
    viol: Vec<String>,
    near: Vec<String>,
    n_import: usize,
}

fn entries(plan: &Plan) -> Entries {
    let mut viol = Vec::new();
    let mut near = Vec::new();
    let mut n_import = 0;
    for f in &plan.files {
        let mut forms: Vec<&str> = f.forms.iter().map(|x| x.name()).collect();
        let mut import = f.forms.iter().any(|x| x.is_import());
        if f.kind == Kind::Fixed(3) {
            forms.push(Form::Relative.name());
            import = true;
        }
        if !forms.is_empty() {
            if import {
                n_import += 1;
            }
            let fl: Vec<String> = forms.iter().map(|s| format!("\"{s}\"")).collect();
            viol.push(format!(
                "    {{\"path\": \"{}\", \"forms\": [{}], \"import_form\": {import}}}",
                f.path,
                fl.join(", ")
            ));
        }
        let nm = match (f.near, f.kind) {
            (Some(x), _) => Some(x.name()),
            (None, Kind::Fixed(4)) => Some(Near::CanonicalImport.name()),
            _ => None,
        };
        if let Some(x) = nm {
            near.push(format!(
                "    {{\"path\": \"{}\", \"form\": \"{x}\"}}",
                f.path
            ));
        }
    }
    Entries {
        viol,
        near,
        n_import,
    }
}

/// The manifest of a corpus of `n` requested files holding `bytes` of Python.
pub(crate) fn manifest(plan: &Plan, n: usize, bytes: u64) -> Manifest {
    let Entries {
        viol,
        near,
        n_import,
    } = entries(plan);
    let defs = [
        "netra_backend/app/websocket_core/__init__.py",
        "netra_backend/app/websocket_core/websocket_manager.py",
        "netra_backend/app/websocket_core/websocket_manager_factory.py",
    ];
    let mut s = String::new();
    let _ = writeln!(s, "{{");
    // Kept as the single-file path it was: the manifest is part of the
    // byte-for-byte output the split into modules had to preserve.
    let _ = writeln!(s, "  \"generator\": \"examples/gen_corpus.rs\",");
    let _ = writeln!(s, "  \"seed\": {SEED},");
    let _ = writeln!(s, "  \"requested_files\": {n},");
    let _ = writeln!(s, "  \"py_files\": {},", plan.files.len());
    let _ = writeln!(s, "  \"py_bytes\": {bytes},");
    let _ = writeln!(s, "  \"violation_files_count\": {},", viol.len());
    let _ = writeln!(s, "  \"import_form_files_count\": {n_import},");
    let _ = writeln!(
        s,
        "  \"string_only_files_count\": {},",
        viol.len() - n_import
    );
    let _ = writeln!(s, "  \"near_miss_files_count\": {},", near.len());
    let _ = writeln!(
        s,
        "  \"definition_files\": [{}],",
        defs.iter()
            .map(|d| format!("\"{d}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        s,
        "  \"config_files\": [\"canon.toml\", \"pyproject.toml\"],"
    );
    let _ = writeln!(s, "  \"violation_files\": [\n{}\n  ],", viol.join(",\n"));
    let _ = writeln!(s, "  \"near_miss_files\": [\n{}\n  ]", near.join(",\n"));
    let _ = writeln!(s, "}}");
    Manifest {
        violation_files: viol.len(),
        import_form_files: n_import,
        near_miss_files: near.len(),
        json: s,
    }
}
