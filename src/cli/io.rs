//! What every driver shares: the streams a command writes to, the exit
//! codes (SPEC §1) and how an error reads on one line.

use std::io::{self, Write};

use super::ColorChoice;

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

/// The error and its causes as one sentence; a cause the message already
/// says (an error that prints its source) is not said twice.
pub fn one_line(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain().map(|c| c.to_string()) {
        if out.contains(&cause) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&cause);
    }
    out
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_cause_the_message_already_says_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let e = anyhow::Error::new(io).context("cannot read /x: no such file");
        assert_eq!(super::one_line(&e), "cannot read /x: no such file");
        let io = std::io::Error::other("denied");
        let e = anyhow::Error::new(io).context("cannot write /y");
        assert_eq!(super::one_line(&e), "cannot write /y: denied");
    }

    #[test]
    fn libgit2s_error_class_does_not_leak_into_the_message() {
        let raw = git2::Error::new(
            git2::ErrorCode::GenericError,
            git2::ErrorClass::Os,
            "could not open '/x/.git/config': Permission denied",
        );
        let e = anyhow::Error::new(crate::git::GitError::git("read the config")(raw));
        let line = super::one_line(&e);
        assert_eq!(
            line,
            "git failed to read the config: could not open '/x/.git/config': Permission denied"
        );
    }
}
