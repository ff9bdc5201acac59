//! canon's integration tests: one binary (as ripgrep does), helpers in `util`.

mod apply;
mod baseline;
mod cases;
mod cli;
mod demo;
mod differential;
mod formats;
mod fuzz_regressions;
mod git;
mod h5_imports;
mod h5_patch;
mod h5_scope;
mod hostile;
mod hostile_fs;
mod hostile_scale;
mod hostile_text;
mod json_schema;
mod kill;
mod mutants;
mod names;
mod props;
mod regressions;
mod review;
mod scan;
mod tui;
mod util;
