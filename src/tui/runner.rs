//! The effect runner and the main loop, generic over the backend and the
//! event source (as gitui's loop is). The terminal and the tests run this
//! loop; the bench drives the same [`Loader`] and [`Effects`] step by step
//! to time each step: messages go through `update`, a commit runs
//! right after the frame that shows the dialog busy (verify may run the
//! project's tests), an edit goes to the event source's editor, and a save
//! waits until the frame is drawn (an fsync can take tens of milliseconds)
//! but always happens before the next input is read.

use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;

use super::app::{App, Effect, LoadMsg, Msg, update};
use super::{Driver, view};
use crate::pipeline::Progress;

/// How long the loop waits for input before looking at the loader again.
pub const POLL: Duration = Duration::from_millis(40);

/// Where input comes from: a terminal, or a script.
pub trait Events<B: Backend> {
    /// The next input, waiting up to `timeout`; `app` is the state drawn.
    fn next(&mut self, app: &App, timeout: Duration) -> io::Result<Option<Msg>>;
    /// Let the reviewer edit a hunk's `text` (the screen is theirs meanwhile).
    fn edit(
        &mut self,
        terminal: &mut Terminal<B>,
        path: &str,
        text: &str,
    ) -> Result<String, String>;
}

/// Runs messages and their effects through a [`Driver`].
pub struct Effects<'d> {
    driver: &'d mut dyn Driver,
    queue: VecDeque<Msg>,
    save_due: bool,
    /// A commit asked for, run at the next drain: the frame drawn between
    /// shows the dialog busy (verify may run the project's tests).
    commit_due: Option<super::CommitPlan>,
}

/// What a [`Effects::drain`] did.
#[derive(Debug, Default)]
pub struct Turn {
    /// Every effect `update` returned, in order.
    pub effects: Vec<Effect>,
    /// Some message was handled (the screen needs drawing).
    pub changed: bool,
    pub quit: bool,
}

impl<'d> Effects<'d> {
    pub fn new(driver: &'d mut dyn Driver) -> Self {
        Effects {
            driver,
            queue: VecDeque::new(),
            save_due: false,
            commit_due: None,
        }
    }

    pub fn send(&mut self, msg: Msg) {
        self.queue.push_back(msg);
    }

    /// Handle every queued message and the messages their effects bring
    /// (a commit's result, an edit's text). Saves are only marked due.
    pub fn drain(
        &mut self,
        app: &mut App,
        edit: &mut dyn FnMut(&str, &str) -> Result<String, String>,
    ) -> Turn {
        let mut turn = Turn::default();
        if let Some(plan) = self.commit_due.take() {
            let result = self.driver.commit(&plan).map_err(Arc::new);
            self.queue.push_front(Msg::Committed(result));
        }
        while let Some(msg) = self.queue.pop_front() {
            turn.changed = true;
            for effect in update(app, msg) {
                match &effect {
                    Effect::Save => self.save_due = true,
                    Effect::Commit(plan) => self.commit_due = Some(plan.clone()),
                    Effect::Edit { path, hunk, text } => {
                        // The editor may take minutes: what was decided is saved first.
                        self.flush(app);
                        let result = edit(path, text);
                        self.queue.push_back(Msg::Edited {
                            path: path.clone(),
                            hunk: *hunk,
                            result,
                        });
                    }
                    Effect::Quit => turn.quit = true,
                }
                turn.effects.push(effect);
            }
            if turn.quit || self.commit_due.is_some() {
                break;
            }
        }
        turn
    }

    /// Drain until no commit is due (the caller draws nothing between).
    pub fn drain_all(
        &mut self,
        app: &mut App,
        edit: &mut dyn FnMut(&str, &str) -> Result<String, String>,
    ) -> Turn {
        let mut all = self.drain(app, edit);
        while self.commit_due.is_some() && !all.quit {
            let next = self.drain(app, edit);
            all.effects.extend(next.effects);
            all.changed |= next.changed;
            all.quit |= next.quit;
        }
        all
    }

    /// A commit waits for the next drain.
    pub fn commit_due(&self) -> bool {
        self.commit_due.is_some()
    }

    /// A save is due.
    pub fn save_due(&self) -> bool {
        self.save_due
    }

    /// Save now if a decision asked for it; a failure becomes a message.
    pub fn flush(&mut self, app: &App) {
        if let Err(e) = self.save(app) {
            self.queue.push_back(Msg::Error(e.to_string()));
        }
    }

    /// Save now if a decision asked for it.
    pub fn save(&mut self, app: &App) -> Result<(), crate::review::Error> {
        if std::mem::take(&mut self.save_due) {
            self.driver.save(&app.session())?;
        }
        Ok(())
    }

    /// Save whatever the app holds (on a panic, say).
    pub fn save_anyway(&mut self, app: &App) {
        let _ = self.driver.save(&app.session());
    }
}

/// The loader's messages, and what it means when it goes away early.
pub struct Loader<'a> {
    loads: &'a Receiver<LoadMsg>,
    progress: &'a Progress,
    alive: bool,
    finished: bool,
}

impl<'a> Loader<'a> {
    pub fn new(loads: &'a Receiver<LoadMsg>, progress: &'a Progress) -> Self {
        Loader {
            loads,
            progress,
            alive: true,
            finished: false,
        }
    }

    /// Queue what the loader sent since the last turn, and the scan's
    /// progress while it runs.
    pub fn poll(&mut self, app: &App, effects: &mut Effects) {
        if !self.alive {
            return;
        }
        loop {
            match self.loads.try_recv() {
                Ok(m) => {
                    self.finished |= matches!(m, LoadMsg::Done | LoadMsg::Failed(_));
                    effects.send(Msg::Load(m));
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.alive = false;
                    if !self.finished {
                        effects.send(Msg::Load(LoadMsg::Failed(
                            "the scan stopped before it finished".into(),
                        )));
                    }
                    break;
                }
            }
        }
        if app.loading.expected.is_none() && !app.loading.done {
            let n = self.progress.visited.load(Ordering::Relaxed);
            effects.send(Msg::Load(LoadMsg::Scanning(n)));
        }
    }
}

/// Run the review until it quits: loader messages and input through
/// `update`, effects through `driver`, a frame drawn after every change.
pub fn main_loop<B: Backend, E: Events<B>>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    loads: &Receiver<LoadMsg>,
    effects: &mut Effects,
    progress: &Progress,
    events: &mut E,
) -> io::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let mut loader = Loader::new(loads, progress);
    let mut dirty = true;
    // SIGTERM (or SIGINT from outside the terminal) ends the review as `q`
    // does: the session saved, the terminal restored, a verify stopped;
    // `canon review` then says it was interrupted and exits 2.
    crate::pipeline::interrupt::catch();
    loop {
        if crate::pipeline::interrupt::requested() {
            return effects
                .save(app)
                .map_err(|e| io::Error::other(format!("the session was not saved: {e}")));
        }
        loader.poll(app, effects);
        let turn = effects.drain(app, &mut |path, text| events.edit(terminal, path, text));
        if turn.quit {
            // The last save's error must not be lost with the screen.
            return effects
                .save(app)
                .map_err(|e| io::Error::other(format!("the session was not saved: {e}")));
        }
        dirty |= turn.changed;
        if dirty {
            terminal
                .draw(|f| view::view(app, f))
                .map_err(io::Error::other)?;
            dirty = false;
        }
        if effects.save_due() {
            effects.flush(app);
            continue;
        }
        if effects.commit_due() {
            continue;
        }
        if let Some(msg) = events.next(app, POLL)? {
            effects.send(msg);
        }
    }
}
