//! Synthetic Python monorepo for benchmarks (see benches/README.md).
//!
//! ```text
//! cargo run --release --example gen_corpus -- N [OUT_DIR]     # OUT_DIR defaults to bench-corpus
//! ```
//!
//! Writes N `.py` files shaped like a real service monorepo
//! (`services/<svc>/app/<area>/...`, `services/<svc>/tests/...`, package
//! `__init__.py`s), averaging ~18 KB per file (mixed small and large files), with
//! ~2% of the files violating the two rules of the generated `canon.toml`
//! (`[[move]]` of `create_websocket_manager`, `[[rewrite]]` of
//! `get_websocket_manager_factory()`) in varied forms, and ~1% near misses that
//! mention the names without being violations. Also writes the deprecated and
//! canonical modules, `canon.toml`, a `pyproject.toml` with ruff's equivalent
//! `banned-api` config, and `.corpus-manifest.json` (hidden, so rg/ruff/canon
//! ignore it) listing which files hold which violation forms.
//!
//! Std only. A fixed-seed xorshift PRNG makes the output byte-for-byte
//! deterministic for a given N (file contents do not depend on thread count).
//!
//! Layout of this example: `plan` is the corpus as data, filled by `layout`
//! (paths) and `assign` (violations, near misses) from the seeded `rng`;
//! `emit` renders one file with the templates in `services`, `test_files`,
//! `near_miss`, `imports`, `defs`, `code` and `fixed`; `configs` holds the
//! TOML and manifest text; `write` does all the I/O. This file parses the
//! arguments, runs those steps in order and prints the summary.

// `wl!` is defined in `emit` and used by the template modules after it.
#[macro_use]
mod emit;
mod assign;
mod code;
mod configs;
mod defs;
mod fixed;
mod imports;
mod layout;
mod near_miss;
mod plan;
mod rng;
mod services;
mod test_files;
mod vocab;
mod write;

use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{env, process};

use crate::configs::{Manifest, manifest};
use crate::rng::Rng;

const SEED: u64 = 0x9E37_79B9_7F4A_7C15;
const OLD_MOD: &str = "netra_backend.app.websocket_core.websocket_manager_factory";
const NEW_MOD: &str = "netra_backend.app.websocket_core.websocket_manager";
const MANIFEST: &str = ".corpus-manifest.json";

fn main() {
    let (n, out) = parse_args();
    let t0 = Instant::now();
    let removal_secs = write::clear_old_corpus(&out);

    let mut rng = Rng::new(SEED);
    let mut plan = layout::make_plan(n, &mut rng);
    assign::assign_violations(&mut plan, n, &mut rng);

    // Create directories first (sequentially), then render+write in parallel.
    write::create_dirs(&plan, &out);
    let total_bytes = write::write_files(&plan, &out);
    write::write_configs(&out);
    let m = manifest(&plan, n, total_bytes);
    write::write_manifest(&out, &m.json);

    let secs = t0.elapsed().as_secs_f64();
    print_summary(&out, plan.files.len(), total_bytes, &m);
    if removal_secs > 0.0 {
        println!(
            "  took:              {secs:.2} s ({:.2} s generating, {removal_secs:.2} s removing the previous corpus)",
            secs - removal_secs
        );
    } else {
        println!("  took:              {secs:.2} s");
    }
}

/// `N [OUT_DIR]`; anything else prints the usage and exits with status 2.
fn parse_args() -> (usize, PathBuf) {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.is_empty() || args.len() > 2 || args[0] == "-h" || args[0] == "--help" {
        eprintln!("usage: gen_corpus N [OUT_DIR]   (OUT_DIR defaults to bench-corpus)");
        process::exit(2);
    }
    let n: usize = match args[0].parse() {
        Ok(n) if n > 0 => n,
        _ => {
            eprintln!(
                "gen_corpus: N must be a positive integer, got {:?}",
                args[0]
            );
            process::exit(2);
        }
    };
    let out = PathBuf::from(args.get(1).map(String::as_str).unwrap_or("bench-corpus"));
    (n, out)
}

fn print_summary(out: &Path, files: usize, total_bytes: u64, m: &Manifest) {
    println!("gen_corpus: wrote {files} .py files to {}", out.display());
    println!(
        "  total size:        {:.1} MB ({:.1} KB per file on average)",
        total_bytes as f64 / 1e6,
        total_bytes as f64 / 1e3 / files as f64
    );
    println!(
        "  violation files:   {} ({} with an import of a banned name, {} with string paths only)",
        m.violation_files,
        m.import_form_files,
        m.violation_files - m.import_form_files
    );
    println!("  near-miss files:   {}", m.near_miss_files);
    println!(
        "  definition files:  the deprecated and canonical modules under netra_backend/app/websocket_core/"
    );
    println!("  configs:           canon.toml, pyproject.toml (ruff banned-api), {MANIFEST}");
}
