//! Which planned files carry violations (~2% of N) and near misses (~1%), and
//! in which forms. The first picks walk the form lists in order so that every
//! form appears at least once; the rest are random.
//!
//! Only marks the plan; the text of each form is written by `services`,
//! `test_files` and `near_miss`.

use crate::plan::{Form, Kind, Near, Plan};
use crate::rng::Rng;

const MODULE_FORMS: &[Form] = &[
    Form::Plain,
    Form::Plain,
    Form::Plain,
    Form::Alias,
    Form::Alias,
    Form::Paren,
    Form::Paren,
    Form::InFunc,
    Form::InFunc,
    Form::TryImport,
    Form::ModuleAlias,
    Form::ModuleAlias,
    Form::ModuleDotted,
    Form::GetterAsync,
    Form::GetterAsync,
    Form::GetterAsync,
    Form::GetterSync,
];
const TEST_STRING_FORMS: &[Form] = &[
    Form::PatchCtx,
    Form::PatchCtx,
    Form::PatchDecorator,
    Form::MonkeypatchSetattr,
];
const TEST_IMPORT_FORMS: &[Form] = &[Form::Plain, Form::InFunc, Form::Alias, Form::GetterAsync];
const NEARS: &[Near] = &[
    Near::LocalDef,
    Near::Comment,
    Near::CanonicalImport,
    Near::MethodCall,
    Near::LogString,
];

pub(crate) fn assign_violations(p: &mut Plan, n: usize, rng: &mut Rng) {
    let mut cands: Vec<usize> = (0..p.files.len())
        .filter(|&i| matches!(p.files[i].kind, Kind::Module | Kind::Test))
        .collect();
    // partial Fisher-Yates
    let n_viol = ((n as f64 * 0.02).round() as usize).min(cands.len());
    let n_near = ((n as f64 * 0.01).round() as usize).min(cands.len() - n_viol);
    for i in 0..(n_viol + n_near) {
        let j = i + rng.below(cands.len() - i);
        cands.swap(i, j);
    }
    for (k, &fi) in cands[..n_viol].iter().enumerate() {
        let f = &mut p.files[fi];
        f.forms = if f.kind == Kind::Test {
            test_forms(k, rng)
        } else {
            module_forms(k, rng)
        };
    }
    for (k, &fi) in cands[n_viol..n_viol + n_near].iter().enumerate() {
        p.files[fi].near = Some(if k < NEARS.len() {
            NEARS[k]
        } else {
            *rng.pick(NEARS)
        });
    }
}

/// Forms of the `k`-th violating file when it is a test.
fn test_forms(k: usize, rng: &mut Rng) -> Vec<Form> {
    let mut forms = Vec::new();
    // every form appears at least once (k < 4 covers the first picks)
    let r = rng.below(10);
    if r < 6 || k < 2 {
        forms.push(*rng.pick(TEST_STRING_FORMS));
    } else if r < 8 {
        forms.push(*rng.pick(TEST_IMPORT_FORMS));
    } else {
        forms.push(*rng.pick(TEST_IMPORT_FORMS));
        forms.push(*rng.pick(TEST_STRING_FORMS));
    }
    forms
}

/// Forms of the `k`-th violating file when it is a module.
fn module_forms(k: usize, rng: &mut Rng) -> Vec<Form> {
    let mut forms = vec![if k < MODULE_FORMS.len() {
        MODULE_FORMS[k]
    } else {
        *rng.pick(MODULE_FORMS)
    }];
    if rng.chance(0.25) {
        let g = *rng.pick(MODULE_FORMS);
        if !forms.contains(&g) {
            forms.push(g);
        }
    }
    forms
}
