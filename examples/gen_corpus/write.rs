//! Putting the corpus on disk: removing a previous corpus (only one with our
//! manifest), creating the directories, rendering and writing the `.py`
//! files on a few threads, and writing the config files and the manifest.
//!
//! Every I/O error is fatal: it is reported with the path and the process
//! exits with status 2, leaving a partial corpus that the next run replaces.

use std::path::Path;
use std::time::Instant;
use std::{fs, process, thread};

use crate::MANIFEST;
use crate::configs::{canon_toml, pyproject_toml};
use crate::emit::render;
use crate::plan::Plan;

/// Removes `out` when it holds a corpus we generated, refuses to touch any
/// other non-empty directory; returns the seconds the removal took.
pub(crate) fn clear_old_corpus(out: &Path) -> f64 {
    let mut removal_secs = 0.0;
    if out.exists() {
        let is_ours = out.join(MANIFEST).is_file();
        let empty = fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if is_ours {
            let t = Instant::now();
            let res = fs::remove_dir_all(out);
            removal_secs = t.elapsed().as_secs_f64();
            if let Err(e) = res {
                eprintln!(
                    "gen_corpus: cannot remove old corpus {}: {e}",
                    out.display()
                );
                process::exit(2);
            }
        } else if !empty {
            eprintln!(
                "gen_corpus: {} exists and is not a generated corpus (no {MANIFEST}); refusing to overwrite it",
                out.display()
            );
            process::exit(2);
        }
    }
    removal_secs
}

/// Creates every planned directory (sequentially, before the writers start).
pub(crate) fn create_dirs(plan: &Plan, out: &Path) {
    for d in &plan.dirs {
        if let Err(e) = fs::create_dir_all(out.join(&d.path)) {
            eprintln!(
                "gen_corpus: cannot create {}: {e}",
                out.join(&d.path).display()
            );
            process::exit(2);
        }
    }
}

/// Renders and writes every planned file, file `i` on thread `i % threads`;
/// returns the bytes written. A file's text depends only on its index.
pub(crate) fn write_files(plan: &Plan, out: &Path) -> u64 {
    let threads = thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(16);
    thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let mut bytes = 0u64;
                    for i in (t..plan.files.len()).step_by(threads) {
                        let text = render(plan, i);
                        bytes += text.len() as u64;
                        let p = out.join(&plan.files[i].path);
                        if let Err(e) = fs::write(&p, text) {
                            eprintln!("gen_corpus: cannot write {}: {e}", p.display());
                            process::exit(2);
                        }
                    }
                    bytes
                })
            })
            .collect();
        hs.into_iter()
            .map(|h| h.join().expect("writer thread panicked"))
            .sum()
    })
}

/// Writes `canon.toml` and `pyproject.toml`.
pub(crate) fn write_configs(out: &Path) {
    for (name, text) in [
        ("canon.toml", canon_toml()),
        ("pyproject.toml", pyproject_toml()),
    ] {
        if let Err(e) = fs::write(out.join(name), text) {
            eprintln!("gen_corpus: cannot write {name}: {e}");
            process::exit(2);
        }
    }
}

pub(crate) fn write_manifest(out: &Path, json: &str) {
    if let Err(e) = fs::write(out.join(MANIFEST), json) {
        eprintln!("gen_corpus: cannot write manifest: {e}");
        process::exit(2);
    }
}
