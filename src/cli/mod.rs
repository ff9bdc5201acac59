//! Command-line types (clap derive), and in `io` the streams, exit codes
//! and one-line errors every driver shares.

mod io;

pub use io::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Io, is_broken_pipe, one_line, use_color};

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "canon",
    version,
    about = "Migrate a Python codebase off deprecated imports and APIs",
    long_about = "canon finds every use of deprecated Python imports and APIs described by \
                  migration rules (canon.toml or [tool.canon] in pyproject.toml), proposes \
                  rewrites, lets you review them hunk by hunk, and commits them on a branch.",
    after_help = "Run `canon check` in a project with a canon.toml to list violations."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub global: Global,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Rules file (default: canon.toml, else [tool.canon] in pyproject.toml, found upwards)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Base revision to read files from (review, apply, status)
    #[arg(long, global = true, value_name = "REV")]
    pub base: Option<String>,
    /// Branch that receives the migration commits
    #[arg(long, global = true, value_name = "NAME")]
    pub branch: Option<String>,
    /// When to use colour (NO_COLOR is honoured with `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print less: findings only, no summary or mentions
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more (repeat for more)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Sarif,
    Github,
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DoctorFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the review TUI on the repository at PATH
    Review {
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Report violations (exit 0 clean, 1 violations, 2 error)
    Check {
        /// Files or folders to check (default: the project root)
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Fail only on findings absent from this baseline file
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Also work out every fix, and mark the violations canon will not
        /// fix ("needs a human") with the reason. Costs about what `canon
        /// diff` does, so it is not the default
        #[arg(long)]
        fixes: bool,
    },
    /// Print every proposed rewrite as a unified diff
    Diff {
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Accept all proposals and commit them on the branch
    Apply {
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Only proposals of this rule (repeatable)
        #[arg(long = "rule", value_name = "ID")]
        rules: Vec<String>,
        /// Only files matching this glob (repeatable)
        #[arg(long = "path", value_name = "GLOB")]
        path_globs: Vec<String>,
        /// One commit per file
        #[arg(long)]
        per_file: bool,
        /// Write to the working tree instead of committing
        #[arg(long)]
        write: bool,
    },
    /// Per rule: violations left, migrated on the branch, definitions ready to delete
    Status {
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
        format: StatusFormat,
    },
    /// Write the baseline file of today's violations
    Baseline {
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Open the TUI on a copy of the bundled demo repository
    Demo,
    /// Check the rules against the code: targets exist, kinds match, calls
    /// fit the new signature (exit 0 ok, 1 problems, 2 error)
    Doctor {
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = DoctorFormat::Text)]
        format: DoctorFormat,
    },
    /// Write a starter canon.toml from the deprecation shims found in the code
    Init {
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Print a shell completion script to stdout
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}
