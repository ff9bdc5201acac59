//! The CLI driver: one function per subcommand over the core, and the one
//! place where errors become exit codes (0 ok, 1 findings, 2 error).

mod apply;
mod baseline;
mod check;
mod demo;
mod diff;
mod progress;
pub mod review;
mod status;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};

use clap::{CommandFactory, Parser};

use crate::cli::{Cli, ColorChoice, Command};
use crate::report::Style;

/// Exit codes, as SPEC §1 defines them.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// Where a command writes, and whether stdout is a terminal.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub out_is_tty: bool,
    pub err_is_tty: bool,
}

/// Run canon with `args` (program name first) against the process's stdio.
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> i32 {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let out_is_tty = stdout.is_terminal();
    let err_is_tty = stderr.is_terminal();
    let mut out = stdout.lock();
    // Not locked for the whole run: the progress spinner writes to stderr too.
    let mut err = stderr;
    run_with(
        args,
        &mut Io {
            out: &mut out,
            err: &mut err,
            out_is_tty,
            err_is_tty,
        },
    )
}

/// Run canon writing to the given streams; tests call this in-process.
pub fn run_with(args: impl IntoIterator<Item = impl Into<OsString> + Clone>, io: &mut Io) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let text = if io.err_is_tty || io.out_is_tty {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            let stream: &mut dyn Write = if e.use_stderr() {
                &mut *io.err
            } else {
                &mut *io.out
            };
            let _ = stream.write_all(text.as_bytes());
            return code;
        }
    };
    let result = match &cli.command {
        Some(Command::Check {
            paths,
            format,
            baseline,
            fixes,
        }) => check::run(
            &cli.global,
            paths,
            check::Options {
                format: *format,
                baseline: baseline.as_deref(),
                fixes: *fixes,
            },
            io,
        ),
        Some(Command::Review { path }) => review::run(&cli.global, path, io),
        None => review::run(&cli.global, std::path::Path::new("."), io),
        Some(Command::Diff { path }) => diff::run(&cli.global, path, io),
        Some(Command::Apply {
            path,
            rules,
            path_globs,
            write,
            per_file,
        }) => apply::run(
            &cli.global,
            path,
            apply::Select { rules, path_globs },
            *write,
            *per_file,
            io,
        ),
        Some(Command::Status { path, format }) => status::run(&cli.global, path, *format, io),
        Some(Command::Baseline { path }) => baseline::run(&cli.global, path, io),
        Some(Command::Demo) => demo::run(&cli.global, io),
        Some(Command::Completions { shell }) => completions(*shell, io),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return EXIT_OK;
            }
            let style = Style {
                color: use_color(cli.global.color, io.err_is_tty),
            };
            let _ = writeln!(io.err, "{} {}", paint_error(style), one_line(&e));
            EXIT_ERROR
        }
    }
}

/// Load the configuration for `path` (a folder, or a file's folder) and
/// run the pipeline over it in the working tree, proposing fixes.
fn working_tree_project(
    global: &crate::cli::Global,
    path: &std::path::Path,
    progress: &crate::pipeline::Progress,
) -> anyhow::Result<crate::pipeline::Project> {
    use std::path::Path;
    if !path.exists() {
        anyhow::bail!("{} does not exist", path.display());
    }
    let start = if path.is_file() {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    } else {
        path
    };
    let config = crate::rules::load(start, global.config.as_deref())?;
    let targets = [path.to_path_buf()];
    crate::pipeline::collect(
        &config,
        crate::pipeline::Origin::WorkTree(&targets),
        crate::pipeline::Mode::Proposals,
        progress,
    )
}

/// Write the completion script for `shell` to stdout.
fn completions(shell: clap_complete::Shell, io: &mut Io) -> anyhow::Result<i32> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "canon", &mut *io.out);
    io.out.flush()?;
    Ok(EXIT_OK)
}

fn paint_error(style: Style) -> &'static str {
    if style.color {
        "\x1b[1;31merror:\x1b[0m"
    } else {
        "error:"
    }
}

/// The error and its causes as one sentence.
fn one_line(e: &anyhow::Error) -> String {
    e.chain()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(": ")
}

pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// `auto` means: a terminal, and `NO_COLOR` unset or empty.
pub fn use_color(choice: ColorChoice, is_tty: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}
