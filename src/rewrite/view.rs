//! Proposing on a [`View`]: a big file with its irrelevant statements
//! blanked, so that one hit in a 600 KB test file costs a parse of the
//! statements around it, not of the file.
//!
//! The view is built to keep everything a fix can touch or depend on
//! (`analyze::proposal_view`); this module checks, after the fact, that
//! the fix did not reach what was blanked. An edit that overlaps a blanked
//! statement, or binds, unbinds or refers to a name that a blanked
//! statement spells (as more than an attribute), sends the file to a whole
//! parse, and the whole parse's proposal is the answer. So a view can make
//! canon faster, never different in what it writes.

use crate::python::words;
use tree_sitter::Parser;

use super::{EditKind, Facts, Proposal, propose_parsed};
use crate::analyze::View;
use crate::python::{self, ModuleName};
use crate::rules::Rule;

/// [`propose_parsed`] on `view`, a view of `base`, with the edits moved to
/// `base`'s offsets; the whole file's proposal when the view's does not
/// stay inside the view.
pub fn propose_viewed(
    path: &str,
    module: &ModuleName,
    base: &str,
    view: View,
    rules: &[&Rule],
    parser: &mut Parser,
    facts: &Facts,
) -> Proposal {
    let tree = view.tree.clone();
    let mut proposal = propose_parsed(path, module, &view.text, Some(tree), rules, parser, facts);
    if stays_in_view(&proposal, base, &view) {
        for e in &mut proposal.file.edits {
            e.range = view.to_source(e.range.start)..view.to_source(e.range.end);
        }
        // A line a blank shares with kept code reads differently in the
        // view (`pass; …`): its excerpts come from the source.
        let shares = |r: &std::ops::Range<usize>| {
            !(r.start == 0 || base[..r.start].ends_with(['\n', '\r']))
                || !(r.end == base.len() || base[..r.end].ends_with(['\n', '\r']))
        };
        let shared = view.blanks.iter().any(|b| shares(&b.source));
        for s in proposal.skipped.iter_mut().filter(|_| shared) {
            let line = |t: &'_ str| t.lines().nth(s.line.saturating_sub(1)).map(python::excerpt);
            if line(&view.text).is_some_and(|v| v == s.excerpt) && line(&view.text) != line(base) {
                s.excerpt = line(base).unwrap_or_default();
            }
        }
        proposal.file.base = base.to_string();
        return proposal;
    }
    // The whole file may nest deeper than the view: walk it on a stack
    // for its depth, as the scan does.
    let tree = python::parse(parser, base);
    let (depth, row) = python::nesting(&tree);
    if depth > python::DEEPEST {
        let reason = format!(
            "too deeply nested to propose fixes ({depth} levels; the limit is {})",
            python::DEEPEST
        );
        return Proposal {
            file: super::FileProposal {
                path: path.to_string(),
                base: base.to_string(),
                ..Default::default()
            },
            skipped: rules
                .iter()
                .map(|r| super::Skipped {
                    rule: r.id.clone(),
                    excerpt: python::excerpt(base.lines().nth(row).unwrap_or("")),
                    reason: reason.clone(),
                    line: row + 1,
                })
                .collect(),
        };
    }
    python::on_stack_for(depth, move || {
        propose_parsed(path, module, base, Some(tree), rules, parser, facts)
    })
}

/// Whether no edit of `proposal` (on the view's text) reaches into what
/// the view left out of `base`, or names what was left out spells.
fn stays_in_view(proposal: &Proposal, base: &str, view: &View) -> bool {
    let blanks = &view.blanks;
    let mut names: Vec<&str> = Vec::new();
    for e in &proposal.file.edits {
        let (start, end) = (e.range.start, e.range.end);
        // The first blank ending at or after `start`.
        let i = blanks.partition_point(|b| b.at + b.len < start);
        let hits = blanks[i..].iter().take(2).any(|b| match start == end {
            // An insertion goes at either end of a blank's lines.
            true => b.at < start && start < b.at + b.len,
            // A replacement may end where a blank starts, or start where
            // one ends; not start at one's start (it would cover it).
            false => start < b.at + b.len.max(1) && b.at < end,
        });
        if hits {
            return false;
        }
        // A string's content binds and refers to nothing.
        if matches!(e.kind, EditKind::DottedString | EditKind::DataString) {
            continue;
        }
        let old = &view.text[e.range.clone()];
        if e.kind == EditKind::Import && is_module_path_of_a_from(&view.text, e) {
            continue;
        }
        edit_names(old, &mut names);
        edit_names(&e.replacement, &mut names);
    }
    if names.is_empty() {
        return true;
    }
    !blanks
        .iter()
        .any(|b| words(&base[b.source.clone()]).any(|(_, w)| names.contains(&w)))
}

/// An edit of the module path in `from PATH import …` (both sides dotted
/// names): what it names is a module, not a name of this file's scopes.
fn is_module_path_of_a_from(text: &str, e: &super::Edit) -> bool {
    let dotted = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b == b'.' || b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80)
    };
    let before = text[..e.range.start].trim_end_matches([' ', '\t']);
    let after_from = before
        .strip_suffix("from")
        .is_some_and(|b| b.is_empty() || b.ends_with(|c: char| !(c == '_' || c.is_alphanumeric())));
    after_from && dotted(&text[e.range.clone()]) && dotted(&e.replacement)
}

/// The names `text` (an edit's old or new text) may bind or refer to:
/// identifiers that are not keywords, attributes (after a `.`) or the
/// module path of a `from … import`. Over-approximate: words in strings
/// and comments count.
fn edit_names<'a>(text: &'a str, out: &mut Vec<&'a str>) {
    // Up to where the module path of the current `from … import` runs.
    let mut path_until = 0;
    for (at, w) in words(text) {
        if w == "from" {
            let rest = &text[at + w.len()..];
            let path_len = rest
                .find(|c: char| {
                    !(c == '_' || c == '.' || c.is_alphanumeric() || " \t\\\r\n".contains(c))
                })
                .unwrap_or(rest.len());
            let path = &rest[..path_len];
            // The path ends where the word `import` starts.
            if let Some((i, _)) = words(path).find(|(_, w)| *w == "import") {
                path_until = at + w.len() + i;
            }
            continue;
        }
        if at < path_until || crate::python::is_keyword(w) {
            continue;
        }
        if !out.contains(&w) {
            out.push(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_leave_out_attributes_keywords_and_from_paths() {
        let mut names = Vec::new();
        edit_names(
            "from app.ws.manager import Manager as M\nx = wsf . create(1e5) or y.z\n",
            &mut names,
        );
        assert_eq!(names, ["Manager", "M", "x", "wsf", "y"]);
        let mut names = Vec::new();
        edit_names("raise E from err", &mut names);
        assert_eq!(names, ["E", "err"]);
        let mut names = Vec::new();
        edit_names("import app.ws.manager", &mut names);
        assert_eq!(names, ["app"]);
    }
}
