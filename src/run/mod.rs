//! The top driver: parse the arguments, dispatch to a command (`commands`
//! for the non-interactive ones, `tui` for the review, `demo` for both),
//! and turn errors into exit codes (0 ok, 1 findings, 2 error). The one
//! module that knows both `commands` and `tui`.

mod demo;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};

use clap::{CommandFactory, Parser};

use crate::cli::{Cli, Command, EXIT_ERROR, EXIT_OK, Io, is_broken_pipe, one_line, use_color};
use crate::commands::{apply, baseline, check, diff, doctor, init, status};
use crate::report::Style;
use crate::tui::review;

/// Run canon with `args` (program name first) against the process's stdio.
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> i32 {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let out_is_tty = stdout.is_terminal();
    let err_is_tty = stderr.is_terminal();
    let mut out = Stdout(stdout.lock());
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

/// The process's stdout, whose write errors say what was written to (a
/// full disk said only "No space left on device"). A closed pipe stays
/// itself: it ends the run quietly.
struct Stdout<W>(W);

impl<W: Write> Stdout<W> {
    fn named(e: io::Error) -> io::Error {
        match e.kind() {
            io::ErrorKind::BrokenPipe => e,
            kind => io::Error::new(kind, format!("cannot write to standard output: {e}")),
        }
    }
}

impl<W: Write> Write for Stdout<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(Self::named)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(Self::named)
    }
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
    let result = match base_ignored_by(&cli) {
        Some(command) => Err(anyhow::anyhow!(
            "`--base` is for review, apply and status; `canon {command}` reads the files on disk, not a revision"
        )),
        None => dispatch(&cli, io),
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

/// The command a `--base` was given to that reads no revision: silently
/// checking the working tree instead would look like a check of REV.
fn base_ignored_by(cli: &Cli) -> Option<&'static str> {
    cli.global.base.as_ref()?;
    match &cli.command {
        Some(Command::Check { .. }) => Some("check"),
        Some(Command::Diff { .. }) => Some("diff"),
        Some(Command::Apply { write: true, .. }) => Some("apply --write"),
        Some(Command::Baseline { .. }) => Some("baseline"),
        Some(Command::Doctor { .. }) => Some("doctor"),
        Some(Command::Init { .. }) => Some("init"),
        _ => None,
    }
}

fn dispatch(cli: &Cli, io: &mut Io) -> anyhow::Result<i32> {
    match &cli.command {
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
        Some(Command::Doctor { path, format }) => doctor::run(&cli.global, path, *format, io),
        Some(Command::Init { path }) => init::run(&cli.global, path, io),
        Some(Command::Completions { shell }) => completions(*shell, io),
    }
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
