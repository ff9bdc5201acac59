//! `canon diff`: every fix `apply` would make, as the review's own hunks in
//! a patch `git apply` takes; exit 1 when there is any, 0 when none. Fixes
//! canon could not propose are listed on stderr.

use std::path::Path;

use super::{EXIT_FINDINGS, EXIT_OK, Io, use_color};
use crate::cli::Global;
use crate::report::{self, Style};

pub fn run(global: &Global, path: &Path, io: &mut Io) -> anyhow::Result<i32> {
    let progress = super::progress::Progress::start(io.err_is_tty && !global.quiet, "scanning");
    let (config, project) = super::working_tree_project(global, path, progress.counters())?;
    drop(progress);
    // Files canon could not read or parse, as `check` names them.
    super::write_diagnostics(global, &project.scan.diagnostics, io)?;
    let proposals: Vec<&crate::rewrite::Proposal> = project.proposals().collect();
    let style = Style {
        color: use_color(global.color, io.out_is_tty),
    };
    let mut files = 0;
    for p in &proposals {
        // What `apply` would write: strings that are data are left to review.
        if p.file.has_applicable() {
            // The hunks the review shows, as `apply` would take them.
            let review = crate::review::FileReview::new(p.file.applicable());
            report::write_diff(io.out, &review, style)?;
            files += 1;
        }
    }
    if !global.quiet {
        for p in &proposals {
            for e in p.file.edits.iter().filter(|e| !e.kind.opt_in()) {
                if let Some(note) = &e.note {
                    writeln!(
                        io.err,
                        "note: {}: {}: {note}",
                        p.file.path,
                        e.rules.join(", ")
                    )?;
                }
            }
        }
        super::write_not_proposed(global, &config, &project.files, |_, _| true, io)?;
        let edits: usize = proposals
            .iter()
            .flat_map(|p| &p.file.edits)
            .filter(|e| !e.kind.opt_in())
            .count();
        writeln!(
            io.err,
            "{edits} edit{} in {files} file{}",
            if edits == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" }
        )?;
    }
    io.out.flush()?;
    Ok(if files > 0 { EXIT_FINDINGS } else { EXIT_OK })
}
