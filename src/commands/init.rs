//! `canon init`: write a starter `canon.toml` from the deprecation shims
//! found in the code ([`crate::inspect::shims`]), each rule under a
//! comment giving its evidence. It never replaces a configuration: with a
//! `canon.toml` or a `[tool.canon]` already there it writes nothing.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context, bail};

use super::{EXIT_OK, Io};
use crate::cli::Global;
use crate::inspect::Index;
use crate::inspect::shims::{self, Shim};

pub fn run(global: &Global, path: &Path, io: &mut Io) -> anyhow::Result<i32> {
    super::must_exist(path)?;
    if !path.is_dir() {
        bail!(
            "{} is not a folder: canon init writes canon.toml into the project's root folder",
            path.display()
        );
    }
    let target = path.join("canon.toml");
    if target.exists() {
        bail!(
            "{} already exists: canon init writes a new configuration only, and nothing was written (move it away to start over)",
            target.display()
        );
    }
    let pyproject = path.join("pyproject.toml");
    if let Ok(text) = std::fs::read_to_string(&pyproject)
        && crate::rules::has_canon_table(&text)
    {
        bail!(
            "{} already has a [tool.canon] table: canon init writes a new configuration only, and nothing was written",
            pyproject.display()
        );
    }
    let index = Index::new(path, &[]);
    let found = shims::find(&index);
    if found.is_empty() {
        bail!(
            "found no deprecation shims under {} (functions, classes or modules that call warnings.warn(..., DeprecationWarning) or are @deprecated): no canon.toml written",
            path.display()
        );
    }
    let text = render(&found);
    let active = found.iter().filter(|s| live(s)).count();
    if active > 0 {
        crate::rules::compile(&target, &text, path).map_err(|e| {
            anyhow::anyhow!(
                "the rules found do not make a valid configuration ({e}): no canon.toml written"
            )
        })?;
    }
    write_new(&target, text.as_bytes())?;
    if !global.quiet {
        for s in &found {
            match (&s.new, &s.held) {
                _ if s.what == "method" => writeln!(
                    io.out,
                    "{}:{}: {} (no rule: {})",
                    s.path,
                    s.line,
                    s.old,
                    s.unknown.as_deref().unwrap_or("no rule can migrate it")
                )?,
                (Some(new), None) => writeln!(io.out, "{}:{}: {} -> {new}", s.path, s.line, s.old)?,
                (Some(new), Some(why)) => writeln!(
                    io.out,
                    "{}:{}: {} -> {new} (commented out: {why})",
                    s.path, s.line, s.old
                )?,
                (None, _) => writeln!(
                    io.out,
                    "{}:{}: {} -> ? (commented out: {})",
                    s.path,
                    s.line,
                    s.old,
                    s.unknown.as_deref().unwrap_or("no replacement found")
                )?,
            }
        }
        // Deprecated methods are said above, with no rule written.
        let rules = found.iter().filter(|s| s.what != "method").count();
        let left = rules - active;
        let todo = if rules == 0 {
            String::new()
        } else if active == 0 {
            " (fill in `new` and uncomment a rule before canon can load it)".to_string()
        } else if left > 0 {
            format!(" ({left} commented out: check or fill in `new`)")
        } else {
            String::new()
        };
        writeln!(
            io.out,
            "wrote {}: {} rule{}{todo}; run `canon doctor` to check them",
            target.display(),
            rules,
            if rules == 1 { "" } else { "s" }
        )?;
    }
    Ok(EXIT_OK)
}

/// Whether a shim's rule is written live: its `new` is known and
/// doctor finds nothing wrong with the move.
fn live(s: &Shim) -> bool {
    s.new.is_some() && s.held.is_none()
}

/// Write `text` to a new file at `path` atomically (a temporary file
/// renamed into place), failing if one appeared there meanwhile.
fn write_new(path: &Path, text: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(text)
        .with_context(|| format!("cannot write {}", path.display()))?;
    crate::pipeline::commit::as_a_new_file(tmp.path());
    tmp.persist_noclobber(path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
    Ok(())
}

/// The configuration text: a header, then one `[[move]]` per shim under
/// its evidence, commented out where the replacement is not known.
pub fn render(found: &[Shim]) -> String {
    let mut out = String::from(
        "# Written by `canon init` from the deprecation shims found in the code.\n\
         # Check each rule (`canon doctor`), then run `canon check`.\n",
    );
    let mut ids: Vec<String> = Vec::new();
    for s in found {
        let base = s.old.replace('.', "-");
        let mut id = base.clone();
        let mut n = 2;
        while ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        ids.push(id.clone());
        let quote = |v: &str| toml::Value::String(v.to_string()).to_string();
        out.push('\n');
        out.push_str(&format!(
            "# {}:{}: {} `{}` {}",
            s.path, s.line, s.what, s.old, s.evidence
        ));
        match (&s.new, &s.held) {
            // Found, but no rule form reaches it: said, no rule written.
            _ if s.what == "method" => {
                out.push_str(&format!(
                    ", but {}.\n",
                    s.unknown.as_deref().unwrap_or("no rule can migrate it")
                ));
            }
            (Some(new), Some(why)) => {
                out.push_str(&format!(
                    ", but moving its users to `{new}` would change what they do: {why}.\n# Check, then uncomment:\n"
                ));
                out.push_str(&format!(
                    "# [[move]]\n# id = {}\n# old = {}\n# new = {}\n",
                    quote(&id),
                    quote(&s.old),
                    quote(new)
                ));
            }
            (Some(new), None) => {
                out.push('\n');
                out.push_str(&format!(
                    "[[move]]\nid = {}\nold = {}\nnew = {}\n",
                    quote(&id),
                    quote(&s.old),
                    quote(new)
                ));
            }
            (None, _) => {
                out.push_str(&format!(
                    ", but canon cannot tell what replaces it: {}.\n# Fill in `new` and uncomment:\n",
                    s.unknown.as_deref().unwrap_or("no replacement found")
                ));
                out.push_str(&format!(
                    "# [[move]]\n# id = {}\n# old = {}\n# new = \"\"\n",
                    quote(&id),
                    quote(&s.old)
                ));
            }
        }
    }
    out
}
