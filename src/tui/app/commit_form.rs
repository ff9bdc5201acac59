//! The commit dialog: what it shows, the fields the reviewer edits, the
//! plan it hands to the main loop, and what a commit's result does to the
//! list.

use std::collections::BTreeMap;

use ratatui::crossterm::event::KeyEvent;

use super::entries::Entry;
use super::msg::{CommitPlan, Committed};
use super::{App, Effect, Level, Mode, plural};
use crate::tui::keymap::{FormKey, typed};
use crate::tui::text_field::TextField;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Branch,
    Message,
    PerFile,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitForm {
    pub branch: TextField,
    pub template: TextField,
    pub per_file: bool,
    pub field: Field,
    pub files: usize,
    pub hunks: usize,
    /// Files with accepted hunks that still have pending ones.
    pub partial: usize,
    pub error: Option<String>,
    /// Waiting for the main loop.
    pub busy: bool,
    /// The files the dialog showed: files streaming in meanwhile (with
    /// accepts restored from the session) wait for the next commit.
    pub paths: Vec<String>,
    /// The message as the (first) commit will read, kept up to date as the
    /// fields change so that drawing a frame does not fill it in.
    pub preview: String,
}

impl CommitForm {
    /// The focused text field, if the focus is on one.
    pub fn text(&self) -> Option<&TextField> {
        match self.field {
            Field::Branch => Some(&self.branch),
            Field::Message => Some(&self.template),
            Field::PerFile => None,
        }
    }

    fn text_mut(&mut self) -> Option<&mut TextField> {
        match self.field {
            Field::Branch => Some(&mut self.branch),
            Field::Message => Some(&mut self.template),
            Field::PerFile => None,
        }
    }

    /// Focus `field`, typing going to the end of its text.
    fn focus(&mut self, field: Field) {
        self.field = field;
        if let Some(t) = self.text_mut() {
            t.end();
        }
    }

    fn insert(&mut self, c: char) {
        if let Some(t) = self.text_mut() {
            t.insert(c);
        }
    }

    /// What a key other than submit and cancel does to the form.
    fn edit(&mut self, key: FormKey) {
        match key {
            FormKey::Submit | FormKey::Cancel => {}
            FormKey::NewLine => self.insert('\n'),
            FormKey::NextField => self.focus(match self.field {
                Field::Branch => Field::Message,
                Field::Message => Field::PerFile,
                Field::PerFile => Field::Branch,
            }),
            FormKey::PrevField => self.focus(match self.field {
                Field::Branch => Field::PerFile,
                Field::Message => Field::Branch,
                Field::PerFile => Field::Message,
            }),
            FormKey::Toggle => self.per_file = !self.per_file,
            FormKey::Left | FormKey::Right | FormKey::Home | FormKey::End => {
                if let Some(t) = self.text_mut() {
                    match key {
                        FormKey::Left => t.left(),
                        FormKey::Right => t.right(),
                        FormKey::Home => t.home(),
                        _ => t.end(),
                    }
                }
            }
            FormKey::Backspace => {
                if let Some(t) = self.text_mut() {
                    t.backspace();
                }
            }
            FormKey::Clear => {
                if let Some(t) = self.text_mut() {
                    t.clear();
                }
            }
        }
    }
}

impl App {
    /// What the commit would contain, for the dialog and the plan: the
    /// core's one accept path, over the files not committed yet.
    fn commit_changes(&self) -> (CommitPlan, usize, usize) {
        let accepted = crate::pipeline::accept::Accepted::of(
            self.entries
                .iter()
                .filter(|e| !e.committed)
                .map(|e| &e.review),
        );
        let (hunks, partial) = (accepted.hunks, accepted.partial);
        let plan = accepted.plan(&self.target.branch, &self.target.template, false);
        (plan, hunks, partial)
    }

    /// Why the accepted hunks of the files `counts` takes cannot be
    /// committed: one is linked to a hunk of another file that is not
    /// accepted, or not among them.
    fn split_links(&self, counts: &dyn Fn(&str) -> bool) -> Option<String> {
        let open: Vec<&crate::review::FileReview> = (self.entries.iter())
            .filter(|e| !e.committed)
            .map(|e| &e.review)
            .collect();
        let b = crate::review::across::broken(&open, counts)?;
        let number = |path: &str, id| {
            (self.entries.iter())
                .find(|e| e.path == path && !e.committed)
                .and_then(|e| e.review.position(id))
                .map_or(String::new(), |p| format!(" hunk #{}", p + 1))
        };
        let other = match &b.other {
            Some((id, d)) if counts(&b.link.path) => format!(
                "{}{}, which is {}",
                b.link.path,
                number(&b.link.path, *id),
                d.as_str()
            ),
            Some((id, _)) => format!(
                "{}{}, which this commit leaves out (files loaded since the dialog opened: open it again)",
                b.link.path,
                number(&b.link.path, *id)
            ),
            None => format!("{}, which this review does not show", b.link.path),
        };
        let what = match b.link.patch {
            true => "this patch must land with the code it intercepts",
            false => "the patch must land with the code it intercepts",
        };
        Some(format!(
            "Not committed: {}{} goes with {other}; {what} (patch(\"{}\")), so decide them together (y or n on either decides both).",
            b.path,
            number(&b.path, b.hunk),
            b.link.patched
        ))
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
        if let Some(why) = self.split_links(&|_| true) {
            self.say(Level::Warn, why);
            return;
        }
        self.mode = Mode::Commit(CommitForm {
            branch: TextField::new(plan.branch),
            template: TextField::new(plan.template),
            per_file: false,
            field: Field::Branch,
            files: plan.changes.len(),
            hunks,
            partial,
            error: None,
            busy: false,
            paths: plan.changes.iter().map(|(p, _)| p.clone()).collect(),
            preview: String::new(),
        });
        self.refresh_preview();
    }

    /// Fill in the commit dialog's message preview again: after the fields
    /// changed, or decisions did (a file streaming in with restored accepts).
    pub(super) fn refresh_preview(&mut self) {
        let Mode::Commit(form) = &self.mode else {
            return;
        };
        // The rules of every accepted hunk, not only the shown files'.
        let by_path: BTreeMap<String, Vec<String>> = self
            .entries
            .iter()
            .filter(|e| !e.committed)
            .map(|e| (e.path.clone(), accepted_rules(e)))
            .collect();
        let (template, branch) = (form.template.as_str(), form.branch.as_str());
        let preview = match (form.per_file, form.paths.first()) {
            (true, Some(first)) => {
                // The first commit: the first file, with the files its
                // hunks are linked to.
                let open: Vec<&crate::review::FileReview> = (self.entries.iter())
                    .filter(|e| !e.committed)
                    .map(|e| &e.review)
                    .collect();
                let groups = crate::review::across::groups(&open);
                let paths: Vec<String> = match groups.iter().find(|g| g.contains(first)) {
                    Some(g) => g
                        .iter()
                        .filter(|p| form.paths.contains(p))
                        .cloned()
                        .collect(),
                    None => vec![first.clone()],
                };
                let mut rules: Vec<String> = Vec::new();
                for r in paths
                    .iter()
                    .flat_map(|p| by_path.get(p).into_iter().flatten())
                {
                    if !rules.contains(r) {
                        rules.push(r.clone());
                    }
                }
                crate::git::fill_message(template, &rules, &paths, branch)
            }
            _ => {
                let mut rules: Vec<String> = Vec::new();
                for r in by_path.values().flatten() {
                    if !rules.contains(r) {
                        rules.push(r.clone());
                    }
                }
                crate::git::fill_message(template, &rules, &form.paths, branch)
            }
        };
        if let Mode::Commit(form) = &mut self.mode {
            form.preview = preview;
        }
    }

    pub(super) fn submit_commit(&mut self) -> Vec<Effect> {
        let Mode::Commit(form) = &mut self.mode else {
            return vec![];
        };
        if let Err(e) = crate::git::Repo::check_branch_name(form.branch.as_str()) {
            form.error = Some(e.to_string());
            return vec![];
        }
        // The same rule as the config's `message`: not blank, no typo'd `{…}`.
        if let Err(why) = crate::rules::check_message(form.template.as_str()) {
            form.error = Some(why.replace("`message`", "the message"));
            return vec![];
        }
        let shown = form.paths.clone();
        if let Some(why) = self.split_links(&|p| shown.iter().any(|s| s == p)) {
            if let Mode::Commit(form) = &mut self.mode {
                form.error = Some(why);
            }
            return vec![];
        }
        let Mode::Commit(form) = &mut self.mode else {
            return vec![];
        };
        form.busy = true;
        form.error = None;
        let (branch, template, per_file) = (
            form.branch.as_str().to_string(),
            form.template.as_str().to_string(),
            form.per_file,
        );
        let shown = form.paths.clone();
        let (mut plan, _, _) = self.commit_changes();
        plan.changes.retain(|(p, _)| shown.contains(p));
        plan.rules.retain(|p, _| shown.contains(p));
        for group in &mut plan.together {
            group.retain(|p| shown.contains(p));
        }
        plan.together.retain(|g| g.len() > 1);
        plan.branch = branch;
        plan.template = template;
        plan.per_file = per_file;
        vec![Effect::Commit(plan)]
    }

    pub(super) fn committed(
        &mut self,
        result: Result<Committed, std::sync::Arc<super::msg::CommitError>>,
    ) -> Vec<Effect> {
        match result {
            Ok(done) => {
                let keep = self.current().map(|e| e.path.clone());
                let kept = self.take_committed(&done);
                self.target.branch = done.branch.clone();
                self.mode = Mode::Normal;
                let text = committed_text(&done, kept);
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
                let mut text = e.to_string();
                if e.is_moved_branch() {
                    // Nothing is lost: the decisions are saved; another
                    // name commits now, a new review rebases on the tip.
                    text.push_str(
                        "; type another branch name to commit there, or quit and run `canon review` again",
                    );
                }
                if let Mode::Commit(form) = &mut self.mode {
                    form.busy = false;
                    form.error = Some(text);
                } else {
                    self.say(Level::Warn, text);
                }
                vec![]
            }
        }
    }

    /// Mark the committed files done (those with pending hunks stay, on
    /// the committed text); how many stayed.
    fn take_committed(&mut self, done: &Committed) -> usize {
        let mut kept = 0;
        // Where each committed file's edits went: links to them follow.
        let mut moved: Vec<(String, Vec<usize>)> = Vec::new();
        for e in self.entries.iter_mut() {
            if done.paths.contains(&e.path) {
                // Pending hunks stay in review, on the committed text.
                if e.review.counts().pending > 0
                    && let (Some(next), index) = e.review.remaining_indexed()
                {
                    e.review = next;
                    moved.push((e.path.clone(), index));
                    kept += 1;
                    continue;
                }
                moved.push((e.path.clone(), Vec::new()));
                e.committed = true;
                // The rejections, with their ids on the committed
                // text (where the next review will find them).
                if let Some(next) = e.review.remaining()
                    && !next.saved().is_empty()
                {
                    self.carried.insert(e.path.clone(), next.saved());
                }
            }
        }
        for e in self.entries.iter_mut().filter(|e| e.review.has_across()) {
            for (path, index) in &moved {
                e.review.renumber_across(path, index);
            }
        }
        *self.committed_on.entry(done.branch.clone()).or_default() += done.paths.len();
        // A committed file's review is gone: its part of each undo
        // step goes too, the other files' parts stay.
        for step in &mut self.undo {
            step.0.retain(|p| !done.paths.contains(p));
        }
        self.undo.retain(|step| !step.0.is_empty());
        self.cache.retain(|path, _| !done.paths.contains(path));
        kept
    }

    pub(super) fn commit_key(&mut self, key: KeyEvent, mut form: CommitForm) -> Vec<Effect> {
        if form.busy {
            self.mode = Mode::Commit(form);
            return vec![];
        }
        let field = form.field;
        let action = self.keymap.commit.action_where(&key, |a| match a {
            FormKey::NewLine => field == Field::Message,
            FormKey::Toggle => field == Field::PerFile,
            _ => true,
        });
        match action {
            Some(FormKey::Cancel) => {
                self.say(Level::Info, "Commit cancelled.");
                return vec![];
            }
            Some(FormKey::Submit) => {
                self.mode = Mode::Commit(form);
                return self.submit_commit();
            }
            Some(a) => form.edit(a),
            None => {
                if let Some(c) = typed(&key) {
                    form.insert(c);
                }
            }
        }
        form.error = None;
        self.mode = Mode::Commit(form);
        self.refresh_preview();
        vec![]
    }
}

/// The rules of `e`'s accepted hunks, in order, each once.
fn accepted_rules(e: &Entry) -> Vec<String> {
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
    ids
}

/// "Committed 2 files on canon/migrate in 1 commit: abc1234".
fn committed_text(done: &Committed, kept: usize) -> String {
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
    text
}
