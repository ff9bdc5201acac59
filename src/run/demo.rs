//! `canon demo`: a fresh copy of the bundled demo repository (embedded in the
//! binary, so it works from anywhere) in a temp dir, made a git repository
//! with one commit and a demo identity, then the review TUI there (or, when
//! stdout is not a terminal, `check`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use include_dir::{Dir, include_dir};

use crate::cli::Io;
use crate::cli::{CheckFormat, Global};

static DEMO: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets/demo");

/// Write the embedded demo into `dest` (which must not exist or be empty).
pub fn materialize(dest: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dest).with_context(|| format!("cannot create {}", dest.display()))?;
    DEMO.extract(dest)
        .with_context(|| format!("cannot write the demo into {}", dest.display()))
}

/// `git init` + one commit with a fixed demo identity, leaving the user's config alone.
fn git_init(dir: &Path) -> anyhow::Result<()> {
    let git = |args: &[&str]| -> anyhow::Result<()> {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "canon demo")
            .env("GIT_AUTHOR_EMAIL", "demo@canon.invalid")
            .env("GIT_COMMITTER_NAME", "canon demo")
            .env("GIT_COMMITTER_EMAIL", "demo@canon.invalid")
            .output()
            .context("cannot run git (is it installed?)")?;
        if !out.status.success() {
            bail!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(())
    };
    git(&["init", "-q", "-b", "main"])?;
    // A local identity, so that commits made from the review work anywhere.
    git(&["config", "user.name", "canon demo"])?;
    git(&["config", "user.email", "demo@canon.invalid"])?;
    git(&["add", "-A"])?;
    git(&[
        "-c",
        "commit.gpgsign=false",
        "commit",
        "-q",
        "-m",
        "Demo: a chat backend before the websocket SSOT migration",
    ])?;
    Ok(())
}

pub fn run(global: &Global, io: &mut Io) -> anyhow::Result<i32> {
    let dest: PathBuf = tempfile::Builder::new()
        .prefix("canon-demo-")
        .tempdir()
        .context("cannot create a temporary directory")?
        .keep();
    materialize(&dest)?;
    git_init(&dest)?;
    if io.out_is_tty {
        let code = crate::tui::review::run(global, &dest, io)?;
        writeln_io(io, &format!("The demo repository is at {}", dest.display()))?;
        writeln_io(
            io,
            &format!("Try: cd {} && git log --stat --all", dest.display()),
        )?;
        return Ok(code);
    }
    writeln_io(io, &format!("The demo repository is at {}", dest.display()))?;
    writeln_io(
        io,
        "Not a terminal, so no review TUI; here is what `canon check` finds there:\n",
    )?;
    let options = crate::commands::check::Options {
        format: CheckFormat::Text,
        baseline: None,
        fixes: false,
    };
    crate::commands::check::run(global, std::slice::from_ref(&dest), options, io)?;
    writeln_io(
        io,
        &format!("\nTry: cd {} && canon check --format json", dest.display()),
    )?;
    Ok(crate::cli::EXIT_OK)
}

fn writeln_io(io: &mut Io, line: &str) -> std::io::Result<()> {
    writeln!(io.out, "{line}")
}
