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
mod hostile;
mod json_schema;
mod mutants;
mod props;
mod regressions;
mod review;
mod scan;
mod tui;
mod util;
