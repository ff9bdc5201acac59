//! The commit dialog: what it shows, the fields the reviewer edits, the
//! plan it hands to the main loop, and what a commit's result does to the
//! list.

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::msg::{CommitPlan, Committed};
use super::{App, Effect, Level, Mode, plural};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Branch,
    Message,
    PerFile,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitForm {
    pub branch: String,
    pub template: String,
    pub per_file: bool,
    pub field: Field,
    pub files: usize,
    pub hunks: usize,
    /// Files with accepted hunks that still have pending ones.
    pub partial: usize,
    pub error: Option<String>,
    /// Waiting for the main loop.
    pub busy: bool,
    /// Where typing goes in the focused text field, in characters.
    pub cursor: usize,
    /// The files the dialog showed: files streaming in meanwhile (with
    /// accepts restored from the session) wait for the next commit.
    pub paths: Vec<String>,
}

impl CommitForm {
    /// The focused text field, if the focus is on one.
    pub fn text(&self) -> Option<&str> {
        match self.field {
            Field::Branch => Some(&self.branch),
            Field::Message => Some(&self.template),
            Field::PerFile => None,
        }
    }

    pub(super) fn text_mut(&mut self) -> Option<&mut String> {
        match self.field {
            Field::Branch => Some(&mut self.branch),
            Field::Message => Some(&mut self.template),
            Field::PerFile => None,
        }
    }

    pub(super) fn focus(&mut self, field: Field) {
        self.field = field;
        self.cursor = self.text().map_or(0, |t| t.chars().count());
    }

    /// Insert `c` at the cursor.
    pub(super) fn insert(&mut self, c: char) {
        let at = self.cursor;
        if let Some(t) = self.text_mut() {
            let byte = t.char_indices().nth(at).map_or(t.len(), |(i, _)| i);
            t.insert(byte, c);
            self.cursor += 1;
        }
    }

    /// Delete the character before the cursor.
    pub(super) fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let at = self.cursor - 1;
        if let Some(t) = self.text_mut()
            && let Some((byte, _)) = t.char_indices().nth(at)
        {
            t.remove(byte);
            self.cursor = at;
        }
    }

    pub(super) fn move_cursor(&mut self, to: usize) {
        let len = self.text().map_or(0, |t| t.chars().count());
        self.cursor = to.min(len);
    }
}

impl App {
    // ---- commit --------------------------------------------------------

    /// What the commit would contain, for the dialog and the plan.
    pub fn commit_changes(&self) -> (CommitPlan, usize, usize) {
        let mut changes = Vec::new();
        let mut rules = BTreeMap::new();
        let (mut hunks, mut partial) = (0, 0);
        for e in self.entries.iter().filter(|e| !e.committed) {
            let c = e.review.counts();
            let accepted = c.accepted + c.edited;
            if accepted == 0 {
                continue;
            }
            hunks += accepted;
            if c.pending > 0 {
                partial += 1;
            }
            let mut ids: Vec<String> = Vec::new();
            for h in e.review.hunks() {
                if e.review.decision(h.id).is_accepted() {
                    for r in &h.rules {
                        if !ids.contains(r) {
                            ids.push(r.clone());
                        }
                    }
                }
            }
            rules.insert(e.path.clone(), ids);
            changes.push((e.path.clone(), e.review.accepted_text()));
        }
        let plan = CommitPlan {
            branch: self.target.branch.clone(),
            template: self.target.template.clone(),
            per_file: false,
            changes,
            rules,
        };
        (plan, hunks, partial)
    }

    pub(super) fn open_commit(&mut self) {
        let (plan, hunks, partial) = self.commit_changes();
        if plan.changes.is_empty() {
            self.say(
                Level::Info,
                "Nothing to commit yet: accept some hunks first (y, a, A).",
            );
            return;
        }
        self.mode = Mode::Commit(CommitForm {
            branch: plan.branch,
            template: plan.template,
            per_file: false,
            field: Field::Branch,
            files: plan.changes.len(),
            hunks,
            partial,
            error: None,
            busy: false,
            cursor: 0,
            paths: plan.changes.iter().map(|(p, _)| p.clone()).collect(),
        });
        if let Mode::Commit(form) = &mut self.mode {
            form.focus(Field::Branch);
        }
    }

    pub(super) fn submit_commit(&mut self) -> Vec<Effect> {
        let Mode::Commit(form) = &mut self.mode else {
            return vec![];
        };
        if let Err(e) = crate::git::Repo::check_branch_name(&form.branch) {
            form.error = Some(e.to_string());
            return vec![];
        }
        if form.template.trim().is_empty() {
            form.error = Some("the message is empty".into());
            return vec![];
        }
        form.busy = true;
        form.error = None;
        let (branch, template, per_file) =
            (form.branch.clone(), form.template.clone(), form.per_file);
        let shown = form.paths.clone();
        let (mut plan, _, _) = self.commit_changes();
        plan.changes.retain(|(p, _)| shown.contains(p));
        plan.rules.retain(|p, _| shown.contains(p));
        plan.branch = branch;
        plan.template = template;
        plan.per_file = per_file;
        vec![Effect::Commit(plan)]
    }

    pub(super) fn committed(&mut self, result: Result<Committed, String>) -> Vec<Effect> {
        match result {
            Ok(done) => {
                let keep = self.current().map(|e| e.path.clone());
                let mut kept = 0;
                for e in self.entries.iter_mut() {
                    if done.paths.contains(&e.path) {
                        // Pending hunks stay in review, on the committed text.
                        if e.review.counts().pending > 0
                            && let Some(next) = e.review.remaining()
                        {
                            e.review = next;
                            kept += 1;
                            continue;
                        }
                        e.committed = true;
                        // The rejections, with their ids on the committed
                        // text (where the next review will find them).
                        if let Some(next) = e.review.remaining()
                            && !next.decisions().is_empty()
                        {
                            self.carried
                                .insert(e.path.clone(), next.decisions().clone());
                        }
                    }
                }
                *self.committed_on.entry(done.branch.clone()).or_default() += done.paths.len();
                // A committed file's review is gone: its part of each undo
                // step goes too, the other files' parts stay.
                for step in &mut self.undo {
                    step.0.retain(|p| !done.paths.contains(p));
                }
                self.undo.retain(|step| !step.0.is_empty());
                self.target.branch = done.branch.clone();
                self.mode = Mode::Normal;
                self.cache.retain(|path, _| !done.paths.contains(path));
                let short: Vec<&str> = done.commits.iter().map(|c| &c[..c.len().min(7)]).collect();
                let n = done.paths.len();
                let mut text = format!(
                    "Committed {n} file{} on {} in {} commit{}: {}",
                    plural(n),
                    done.branch,
                    done.commits.len(),
                    plural(done.commits.len()),
                    short.join(" ")
                );
                if kept > 0 {
                    text.push_str(&format!(
                        "; {kept} file{} with pending hunks stay{}, on the committed text",
                        plural(kept),
                        if kept == 1 { "s" } else { "" }
                    ));
                }
                match &done.warning {
                    Some(w) => self.say(Level::Warn, format!("{text}; but {w}")),
                    None => self.say(Level::Info, text),
                }
                self.refilter(keep.as_deref());
                self.clamp_hunk();
                self.refresh();
                vec![Effect::Save]
            }
            Err(e) => {
                if let Mode::Commit(form) = &mut self.mode {
                    form.busy = false;
                    form.error = Some(e);
                } else {
                    self.say(Level::Warn, e);
                }
                vec![]
            }
        }
    }

    pub(super) fn commit_key(&mut self, key: KeyEvent, mut form: CommitForm) -> Vec<Effect> {
        if form.busy {
            self.mode = Mode::Commit(form);
            return vec![];
        }
        match key.code {
            KeyCode::Esc => {
                self.say(Level::Info, "Commit cancelled.");
                return vec![];
            }
            // Alt-Enter or Ctrl-J: a new line in the message.
            KeyCode::Enter
                if form.field == Field::Message && key.modifiers.contains(KeyModifiers::ALT) =>
            {
                form.insert('\n');
            }
            KeyCode::Char('j')
                if form.field == Field::Message
                    && key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                form.insert('\n');
            }
            KeyCode::Enter => {
                self.mode = Mode::Commit(form);
                return self.submit_commit();
            }
            KeyCode::Tab | KeyCode::Down => form.focus(match form.field {
                Field::Branch => Field::Message,
                Field::Message => Field::PerFile,
                Field::PerFile => Field::Branch,
            }),
            KeyCode::BackTab | KeyCode::Up => form.focus(match form.field {
                Field::Branch => Field::PerFile,
                Field::Message => Field::Branch,
                Field::PerFile => Field::Message,
            }),
            KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right if form.field == Field::PerFile => {
                form.per_file = !form.per_file;
            }
            KeyCode::Left => form.move_cursor(form.cursor.saturating_sub(1)),
            KeyCode::Right => form.move_cursor(form.cursor + 1),
            KeyCode::Home => form.move_cursor(0),
            KeyCode::End => form.move_cursor(usize::MAX),
            KeyCode::Char('a') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                form.move_cursor(0)
            }
            KeyCode::Char('e') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                form.move_cursor(usize::MAX)
            }
            KeyCode::Backspace => form.backspace(),
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                if let Some(t) = form.text_mut() {
                    t.clear();
                }
                form.cursor = 0;
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => form.insert(c),
            _ => {}
        }
        form.error = None;
        self.mode = Mode::Commit(form);
        vec![]
    }
}
