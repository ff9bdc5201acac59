//! The review workbench (SPEC §6), in Elm style: [`app`] holds the state and
//! `update()`, [`view`] draws it with no side effects, [`keymap`] is the
//! bindings of every mode as data, [`layout`] the geometry both of them
//! count with, and [`run`] is the main loop: it reads terminal events
//! and loader messages, runs the effects `update` returns (save, `$EDITOR`,
//! commit) through a [`Driver`], and always restores the terminal.

pub mod app;
pub mod diff;
pub mod keymap;
pub mod layout;
pub mod text_field;
pub mod view;

use std::collections::VecDeque;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

pub use app::{App, CommitPlan, Committed, Effect, LoadMsg, Msg, update};

use crate::review::Session;

/// The effects that leave the app: the CLI implements them over the git
/// layer and the session file.
pub trait Driver {
    fn save(&mut self, session: &Session) -> Result<(), String>;
    fn commit(&mut self, plan: &CommitPlan) -> Result<Committed, String>;
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
pub fn run(app: &mut App, loads: Receiver<LoadMsg>, driver: &mut dyn Driver) -> io::Result<()> {
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
    let result = catch_unwind(AssertUnwindSafe(|| {
        main_loop(&mut terminal, app, &loads, driver)
    }));
    match result {
        Ok(r) => r,
        Err(panic) => {
            let _ = driver.save(&app.session());
            leave();
            resume_unwind(panic)
        }
    }
}

fn main_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    loads: &Receiver<LoadMsg>,
    driver: &mut dyn Driver,
) -> io::Result<()> {
    let visited_at_start = crate::scan::FILES_VISITED.load(std::sync::atomic::Ordering::Relaxed);
    let mut loader_alive = true;
    let mut loader_finished = false;
    let mut dirty = true;
    // A save waits until the frame is drawn (an fsync can take tens of
    // milliseconds), and always happens before the next key is read.
    let mut save_due = false;
    let mut queue: VecDeque<Msg> = VecDeque::new();
    loop {
        if loader_alive {
            loop {
                match loads.try_recv() {
                    Ok(m) => {
                        loader_finished |= matches!(m, LoadMsg::Done | LoadMsg::Failed(_));
                        queue.push_back(Msg::Load(m));
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        loader_alive = false;
                        if !loader_finished {
                            queue.push_back(Msg::Load(LoadMsg::Failed(
                                "the scan stopped before it finished".into(),
                            )));
                        }
                        break;
                    }
                }
            }
            if app.loading.expected.is_none() && !app.loading.done {
                let n = crate::scan::FILES_VISITED.load(std::sync::atomic::Ordering::Relaxed);
                queue.push_back(Msg::Load(LoadMsg::Scanning(
                    n.saturating_sub(visited_at_start),
                )));
            }
        }
        while let Some(msg) = queue.pop_front() {
            dirty = true;
            for effect in update(app, msg) {
                match effect {
                    Effect::Save => save_due = true,
                    Effect::Commit(plan) => queue.push_back(Msg::Committed(driver.commit(&plan))),
                    Effect::Edit { path, hunk, text } => {
                        flush(&mut save_due, app, driver, &mut queue);
                        let result = edit_in_editor(terminal, &path, &text);
                        queue.push_back(Msg::Edited { path, hunk, result });
                    }
                    Effect::Quit => {
                        // The last save's error must not be lost with the screen.
                        if std::mem::take(&mut save_due) {
                            driver.save(&app.session()).map_err(|e| {
                                io::Error::other(format!("the session was not saved: {e}"))
                            })?;
                        }
                        return Ok(());
                    }
                }
            }
        }
        if dirty {
            terminal.draw(|f| view::view(app, f))?;
            dirty = false;
        }
        if save_due {
            flush(&mut save_due, app, driver, &mut queue);
            continue;
        }
        if event::poll(Duration::from_millis(40))? {
            match event::read()? {
                Event::Key(k) => queue.push_back(Msg::Key(k)),
                Event::Mouse(m) => queue.push_back(Msg::Mouse(m)),
                Event::Resize(w, h) => queue.push_back(Msg::Resize(w, h)),
                _ => {}
            }
        }
    }
}

/// Save the session now if a decision asked for it.
fn flush(due: &mut bool, app: &App, driver: &mut dyn Driver, queue: &mut VecDeque<Msg>) {
    if std::mem::take(due)
        && let Err(e) = driver.save(&app.session())
    {
        queue.push_back(Msg::Error(e));
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
