//! `[settings] verify`: run a command over the accepted files, written into
//! a temporary folder laid out like the repository, before committing.

use std::path::Path;
use std::process::Command;

use anyhow::Context;

/// Write `files` (path, contents) under a temp dir and run `command` there,
/// `{files}` replaced by the paths. A failure returns its output as the error.
pub fn run(command: &str, files: &[(String, String)]) -> anyhow::Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("canon-verify-")
        .tempdir()
        .context("cannot create a temporary folder for verify")?;
    for (path, text) in files {
        let dest = dir.path().join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&dest, text).with_context(|| format!("cannot write {}", dest.display()))?;
    }
    let list = files
        .iter()
        .map(|(p, _)| shell_quote(p))
        .collect::<Vec<_>>()
        .join(" ");
    let line = command.replace("{files}", &list);
    let out = shell(&line, dir.path())?;
    if !out.status.success() {
        let mut text = String::from_utf8_lossy(&out.stdout).to_string();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        anyhow::bail!(
            "verify command `{line}` failed ({}); nothing was committed:\n{}",
            out.status,
            text.trim_end()
        );
    }
    Ok(())
}

fn shell(line: &str, cwd: &Path) -> anyhow::Result<std::process::Output> {
    Command::new("sh")
        .arg("-c")
        .arg(line)
        .current_dir(cwd)
        .output()
        .with_context(|| format!("cannot run verify command `{line}`"))
}

fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
