//! The review workbench (SPEC §6), in Elm style: [`app`] holds the state and
//! `update()`, [`view`] draws it with no side effects, [`keymap`] is the
//! bindings of every mode as data, [`layout`] the geometry both of them
//! count with, [`runner`] the effect runner and the main loop (generic over
//! backend and event source: the terminal and the tests run it, the bench
//! times its steps), and [`run`] runs that loop on the terminal: it reads terminal
//! events and loader messages, runs the effects `update` returns (save,
//! `$EDITOR`, commit) through a [`Driver`], and always restores the terminal.

pub mod app;
pub mod keymap;
pub mod layout;
pub mod review;
pub mod runner;
pub mod text_field;
pub mod view;

use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

/// The diff pane's rows: the core's one renderer, which `canon diff` writes too.
pub use crate::review::rows as diff;
pub use app::{App, CommitPlan, Committed, Effect, LoadMsg, Msg, update};
pub use runner::{Effects, Events, main_loop};

use crate::review::Session;

/// The effects that leave the app: the CLI implements them over the git
/// layer and the session file.
pub trait Driver {
    fn save(&mut self, session: &Session) -> Result<(), crate::review::Error>;
    fn commit(
        &mut self,
        plan: &CommitPlan,
    ) -> Result<Committed, crate::pipeline::commit::CommitError>;
}

/// Puts the terminal back however the loop ends (return, `?`, panic).
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        leave();
    }
}

fn leave() {
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    let _ = execute!(io::stdout(), cursor::Show);
}

/// Run the review until the reviewer quits. The terminal is restored on
/// every way out; on a panic the session is saved before the panic goes on.
pub fn run(
    app: &mut App,
    loads: Receiver<LoadMsg>,
    driver: &mut dyn Driver,
    progress: &crate::pipeline::Progress,
) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    // ratatui's hook restores raw mode and the screen; mouse capture too.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    execute!(io::stdout(), EnableMouseCapture)?;
    let size = terminal.size()?;
    app.size = (size.width, size.height);
    let mut effects = runner::Effects::new(driver);
    let result = catch_unwind(AssertUnwindSafe(|| {
        runner::main_loop(
            &mut terminal,
            app,
            &loads,
            &mut effects,
            progress,
            &mut Crossterm,
        )
    }));
    match result {
        Ok(r) => r,
        Err(panic) => {
            effects.save_anyway(app);
            leave();
            resume_unwind(panic)
        }
    }
}

/// The terminal as an event source: crossterm's events, and `$EDITOR`
/// with the screen handed back to the shell.
struct Crossterm;

impl runner::Events<ratatui::backend::CrosstermBackend<io::Stdout>> for Crossterm {
    fn next(&mut self, _app: &App, timeout: Duration) -> io::Result<Option<Msg>> {
        if !event::poll(timeout)? {
            return Ok(None);
        }
        Ok(match event::read()? {
            Event::Key(k) => Some(Msg::Key(k)),
            Event::Mouse(m) => Some(Msg::Mouse(m)),
            Event::Resize(w, h) => Some(Msg::Resize(w, h)),
            _ => None,
        })
    }

    fn edit(
        &mut self,
        terminal: &mut DefaultTerminal,
        path: &str,
        text: &str,
    ) -> Result<String, String> {
        edit_in_editor(terminal, path, text)
    }
}

/// Open `text` in `$VISUAL`/`$EDITOR` (else `vi`) with the terminal given
/// back to the shell, then take the screen again. The file ends in `.py`
/// so that editors highlight it.
fn edit_in_editor(
    terminal: &mut DefaultTerminal,
    path: &str,
    text: &str,
) -> Result<String, String> {
    let mut file = tempfile::Builder::new()
        .prefix("canon-hunk-")
        .suffix(".py")
        .tempfile()
        .map_err(|e| format!("cannot create a temporary file: {e}"))?;
    file.write_all(text.as_bytes())
        .and_then(|_| file.flush())
        .map_err(|e| format!("cannot write a temporary file: {e}"))?;
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    println!("canon: editing a hunk of {path} in {editor}; save and quit to come back.");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("canon-editor")
        .arg(file.path())
        .status();
    let _ = enable_raw_mode();
    let _ = execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture);
    let _ = terminal.clear();
    match status {
        Ok(s) if s.success() => std::fs::read_to_string(file.path())
            .map_err(|e| format!("cannot read the edited text back: {e}")),
        Ok(s) => Err(format!("{editor} exited with {s}; nothing changed")),
        Err(e) => Err(format!("cannot run {editor}: {e}")),
    }
}

#[cfg(test)]
mod tests;
