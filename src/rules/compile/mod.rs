//! Raw configuration → validated rules, with file:line:column errors.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::Spanned;

use super::raw::{RawConfig, RawPyproject};
use super::*;
use crate::python::{self, LineIndex};

/// Reports errors at byte spans of one config file.
struct Ctx<'a> {
    path: &'a Path,
    index: LineIndex<'a>,
}

impl Ctx<'_> {
    fn err(&self, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        let pos = self.index.position(span.start);
        ConfigError::Invalid {
            path: self.path.to_path_buf(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
        }
    }

    fn toml_err(&self, e: toml::de::Error) -> ConfigError {
        let span = e.span().unwrap_or(0..0);
        // toml's message is multi-line with a source excerpt; keep the gist.
        self.err(span, e.message().trim().to_string())
    }

    fn globs(&self, globs: &[Spanned<String>], what: &str) -> Result<GlobSet, ConfigError> {
        let mut builder = GlobSetBuilder::new();
        for g in globs {
            let glob = GlobBuilder::new(g.get_ref())
                .literal_separator(true)
                .build()
                .map_err(|e| self.err(g.span(), format!("bad glob in `{what}`: {e}")))?;
            builder.add(glob);
        }
        builder
            .build()
            .map_err(|e| self.err(0..0, format!("bad globs in `{what}`: {e}")))
    }

    fn opt_globs(
        &self,
        globs: &Option<Vec<Spanned<String>>>,
        what: &str,
    ) -> Result<Option<GlobSet>, ConfigError> {
        globs.as_ref().map(|g| self.globs(g, what)).transpose()
    }

    /// Globs that must match something: an empty list (`paths = []`,
    /// `include = []`) takes no file, so the rule or the whole check would
    /// pass in silence.
    fn some_globs(
        &self,
        globs: &Spanned<Vec<Spanned<String>>>,
        what: &str,
        instead: &str,
    ) -> Result<GlobSet, ConfigError> {
        if globs.get_ref().is_empty() {
            return Err(self.err(
                globs.span(),
                format!("`{what}` is empty, so it takes no file; {instead}"),
            ));
        }
        self.globs(globs.get_ref(), what)
    }

    fn dotted(&self, value: &Spanned<String>, key: &str) -> Result<String, ConfigError> {
        let v = value.get_ref().trim();
        if !python::is_dotted_path(v) {
            let why = match v.split('.').find(|p| python::is_keyword(p)) {
                Some(k) => format!(" (`{k}` is a Python keyword, so no import can name it)"),
                None => String::new(),
            };
            return Err(self.err(
                value.span(),
                format!(
                    "`{key}` must be a dotted Python path like `pkg.module.name`, got `{v}`{why}"
                ),
            ));
        }
        if let Some(read) = python::nfkc::unnormalised_path(v) {
            return Err(self.err(value.span(), unnormalised_message(key, v, &read)));
        }
        Ok(v.to_string())
    }
}

/// Why a dotted path that Python reads in another form is refused.
fn unnormalised_message(key: &str, written: &str, read: &str) -> String {
    let why = match read.split('.').find(|p| python::is_keyword(p)) {
        Some(k) => format!(", and `{k}` is a Python keyword, so no import can name it"),
        None => format!("; write `{read}`"),
    };
    format!(
        "`{key}` spells `{written}`, which Python reads as `{read}` (NFKC, PEP 3131): canon compares and writes names as written{why}"
    )
}

fn default_globs(defaults: &[&str]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for g in defaults {
        b.add(
            GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .expect("built-in globs are valid"),
        );
    }
    b.build().expect("built-in globs are valid")
}

/// Compile a `canon.toml` (or `--config`) file.
pub fn compile(path: &Path, text: &str, root: &Path) -> Result<Config, ConfigError> {
    let ctx = Ctx {
        path,
        index: LineIndex::new(text),
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| ctx.toml_err(e))?;
    compile_raw(&ctx, raw, root)
}

/// Compile `[tool.canon]` of a `pyproject.toml`; `Ok(None)` when it has none.
pub fn compile_pyproject(
    path: &Path,
    text: &str,
    root: &Path,
) -> Result<Option<Config>, ConfigError> {
    let ctx = Ctx {
        path,
        index: LineIndex::new(text),
    };
    let raw: RawPyproject = toml::from_str(text).map_err(|e| ctx.toml_err(e))?;
    match raw.tool.and_then(|t| t.canon) {
        Some(raw) => compile_raw(&ctx, raw, root).map(Some),
        None => Ok(None),
    }
}

enum AnyRule {
    Move(raw::RawMove),
    Rewrite(raw::RawRewrite),
    Ban(raw::RawBan),
}

/// Compile settings and rules (in document order), checking ids, moves and cycles.
fn compile_raw(ctx: &Ctx, raw: RawConfig, root: &Path) -> Result<Config, ConfigError> {
    let settings = compile_settings(ctx, raw.settings)?;
    let mut rules = Vec::new();
    let mut seen = Seen::default();
    let mut spans: Vec<Range<usize>> = Vec::new();
    for (_, any) in in_document_order(raw.moves, raw.rewrites, raw.bans) {
        let (rule, span) = compile_rule(ctx, any, &mut seen)?;
        spans.push(span);
        rules.push(rule);
    }
    if rules.is_empty() {
        return Err(ctx.err(
            0..0,
            "no rules: add at least one [[move]], [[rewrite]] or [[ban]] table",
        ));
    }
    check_cycles(ctx, &rules, &spans)?;
    check_moves_into_bans(ctx, &rules, &spans)?;
    check_fixes_into_moves(ctx, &rules, &spans)?;
    Ok(Config {
        path: ctx.path.to_path_buf(),
        root: root.to_path_buf(),
        settings,
        rules,
    })
}

/// The three kinds of tables merged in document order, each with its offset.
fn in_document_order(
    moves: Vec<Spanned<raw::RawMove>>,
    rewrites: Vec<Spanned<raw::RawRewrite>>,
    bans: Vec<Spanned<raw::RawBan>>,
) -> Vec<(usize, AnyRule)> {
    let mut ordered: Vec<(usize, AnyRule)> = Vec::new();
    ordered.extend(
        moves
            .into_iter()
            .map(|s| (s.span().start, AnyRule::Move(s.into_inner()))),
    );
    ordered.extend(
        rewrites
            .into_iter()
            .map(|s| (s.span().start, AnyRule::Rewrite(s.into_inner()))),
    );
    ordered.extend(
        bans.into_iter()
            .map(|s| (s.span().start, AnyRule::Ban(s.into_inner()))),
    );
    ordered.sort_by_key(|(start, _)| *start);
    ordered
}

/// What the rules before claimed: ids (at their offsets) and moved `old`s
/// (by rule id and line).
#[derive(Default)]
struct Seen {
    ids: HashMap<String, usize>,
    olds: HashMap<String, (String, usize)>,
}

/// Compile one rule table; the span is its id's, for later errors.
fn compile_rule(
    ctx: &Ctx,
    any: AnyRule,
    seen: &mut Seen,
) -> Result<(Rule, Range<usize>), ConfigError> {
    let (id, note, paths, exclude) = match &any {
        AnyRule::Move(r) => (&r.id, &r.note, &r.paths, &r.exclude),
        AnyRule::Rewrite(r) => (&r.id, &r.note, &r.paths, &r.exclude),
        AnyRule::Ban(r) => (&r.id, &r.note, &r.paths, &r.exclude),
    };
    let id_text = rule_id(ctx, id, &mut seen.ids)?;
    let kind = match any {
        AnyRule::Move(ref m) => compile_move(ctx, m, &id_text, &mut seen.olds)?,
        AnyRule::Rewrite(ref r) => compile_rewrite(ctx, r, &id_text)?,
        AnyRule::Ban(ref b) => RuleKind::Ban {
            symbol: ctx.dotted(&b.symbol, "symbol")?,
        },
    };
    let all_strings = match &any {
        AnyRule::Move(m) => all_strings(ctx, m, &id_text)?,
        _ => false,
    };
    let rule = Rule {
        all_strings,
        id: id_text,
        line: ctx.index.position(id.span().start).line,
        note: note.as_deref().map(printable),
        paths: (paths.as_ref())
            .map(|g| ctx.some_globs(g, "paths", "leave it out to apply the rule everywhere"))
            .transpose()?,
        exclude: ctx.opt_globs(exclude, "exclude")?,
        kind,
        literals: Default::default(),
    };
    Ok((rule, id.span()))
}

/// Config text canon prints as it is (a rule's `note`, shown with each
/// finding, hunk and notice): each control character (an ESC or a BEL
/// that would drive the terminal, a line break that would split a
/// one-line finding) and bidirectional override escaped as Rust spells it
/// (`\u{1b}`, `\n`), as a file name with one is shown quoted
/// (`report::text::shown`). Once, here, for every output.
fn printable(text: &str) -> String {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unsafe_char) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match unsafe_char(c) {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect()
}

/// The rule's id, trimmed: refused when empty, oddly spelled or taken.
fn rule_id(
    ctx: &Ctx,
    id: &Spanned<String>,
    ids: &mut HashMap<String, usize>,
) -> Result<String, ConfigError> {
    let id_text = id.get_ref().trim().to_string();
    if id_text.is_empty()
        || !id_text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(ctx.err(
            id.span(),
            format!("rule id `{id_text}` must be non-empty and use only letters, digits, `-`, `_` and `.`"),
        ));
    }
    if let Some(first) = ids.get(&id_text) {
        return Err(ctx.err(
            id.span(),
            format!(
                "duplicate rule id `{id_text}` (first defined on line {})",
                ctx.index.position(*first).line
            ),
        ));
    }
    ids.insert(id_text.clone(), id.span().start);
    Ok(id_text)
}

/// A `[[move]]`: `old` and `new` dotted, apart, and `old` moved by no other rule.
fn compile_move(
    ctx: &Ctx,
    m: &raw::RawMove,
    id_text: &str,
    olds: &mut HashMap<String, (String, usize)>,
) -> Result<RuleKind, ConfigError> {
    let old = ctx.dotted(&m.old, "old")?;
    let new = ctx.dotted(&m.new, "new")?;
    if old == new {
        return Err(ctx.err(
            m.new.span(),
            format!("rule `{id_text}`: `new` is the same as `old` (`{old}`)"),
        ));
    }
    if crate::python::semantic::is_at_or_under(&new, &old) {
        return Err(ctx.err(
            m.new.span(),
            format!("rule `{id_text}`: `new` (`{new}`) is inside `old` (`{old}`), so the rule would apply to its own output"),
        ));
    }
    if let Some((other, line)) = olds.get(&old) {
        return Err(ctx.err(
            m.old.span(),
            format!("rule `{id_text}`: `{old}` is already moved by rule `{other}` on line {line}"),
        ));
    }
    olds.insert(
        old.clone(),
        (
            id_text.to_string(),
            ctx.index.position(m.old.span().start).line,
        ),
    );
    Ok(RuleKind::Move { old, new })
}

/// A `[[rewrite]]`: its pattern, and its fix compiled against the pattern's holes.
fn compile_rewrite(ctx: &Ctx, r: &raw::RawRewrite, id_text: &str) -> Result<RuleKind, ConfigError> {
    let pattern = crate::python::Pattern::compile(r.pattern.get_ref()).map_err(|e| {
        ctx.err(
            r.pattern.span(),
            format!("rule `{id_text}`: bad `pattern`: {e}"),
        )
    })?;
    let fix = match &r.fix {
        Some(f) => {
            let bad = |e: String| ctx.err(f.span(), format!("rule `{id_text}`: bad `fix`: {e}"));
            let fix = Template::compile(f.get_ref(), &pattern.vars).map_err(bad)?;
            if fix.matches(&pattern) {
                return Err(bad(format!(
                    "`{}` matches the rule's own pattern `{}`, so the fixed code would still be a finding (and each run would rewrite it again)",
                    fix.source, pattern.source
                )));
            }
            Some(Box::new(fix))
        }
        None => None,
    };
    Ok(RuleKind::Rewrite { pattern, fix })
}

/// A move's `strings`: whether every string equal to `old` is an import
/// path (`"all"`), or only those where an API takes one (`"paths"`, the default).
fn all_strings(ctx: &Ctx, m: &raw::RawMove, id_text: &str) -> Result<bool, ConfigError> {
    match m.strings.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
        None | Some(("paths", _)) => Ok(false),
        Some(("all", _)) => Ok(true),
        Some((other, span)) => Err(ctx.err(
            span,
            format!("rule `{id_text}`: `strings` is \"paths\" or \"all\", not \"{other}\""),
        )),
    }
}

/// A move whose `new` is another move's `old` and back would undo itself.
fn check_cycles(ctx: &Ctx, rules: &[Rule], spans: &[Range<usize>]) -> Result<(), ConfigError> {
    let moves: Vec<(usize, &str, &str)> = rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match &r.kind {
            RuleKind::Move { old, new } => Some((i, old.as_str(), new.as_str())),
            _ => None,
        })
        .collect();
    // Each `old` is one rule's (duplicates were refused before): the rule
    // that moves `new` back is found by its `old`, not by a scan (a
    // config may hold thousands of rules).
    let from: std::collections::HashMap<&str, usize> =
        moves.iter().enumerate().map(|(k, m)| (m.1, k)).collect();
    for &(i, old, new) in &moves {
        if let Some(&k) = from.get(new)
            && let (j, old2, new2) = moves[k]
            && i < j
            && old == new2
        {
            return Err(ctx.err(
                spans[j].clone(),
                format!(
                    "rule `{}` moves `{old2}` back to `{new2}`, undoing rule `{}`",
                    rules[j].id, rules[i].id
                ),
            ));
        }
    }
    // Longer cycles (a → b → c → a): each rule would undo the one before.
    for (start, &(_, old, new)) in moves.iter().enumerate() {
        let mut path = vec![start];
        let mut at = new;
        while let Some(&k) = from.get(at) {
            if k == start {
                let last = path.iter().map(|&k| moves[k].0).max().unwrap_or(0);
                let ids: Vec<String> = path
                    .iter()
                    .map(|&k| format!("`{}`", rules[moves[k].0].id))
                    .collect();
                let mut names: Vec<&str> = path.iter().map(|&k| moves[k].1).collect();
                names.push(old);
                return Err(ctx.err(
                    spans[last].clone(),
                    format!(
                        "rules {} move {} in a cycle: each would undo the one before",
                        ids.join(" → "),
                        names.join(" → ")
                    ),
                ));
            }
            if path.contains(&k) {
                break;
            }
            path.push(k);
            at = moves[k].2;
        }
    }
    prefix_cycles(ctx, rules, spans, &moves, &from)
}

/// Cycles and endless chains through moves of a prefix: a path is taken by
/// the move of the deepest `old` it is at or under, so `old` → `old2` with
/// `old2.mod.f` → `old.mod.f` sends `old2.mod.f` round and back, and `a` →
/// `b.x` with `b` → `a.y` grows a path on every run. Followed from each
/// `old` for at most one step per move.
fn prefix_cycles(
    ctx: &Ctx,
    rules: &[Rule],
    spans: &[Range<usize>],
    moves: &[(usize, &str, &str)],
    from: &std::collections::HashMap<&str, usize>,
) -> Result<(), ConfigError> {
    let takes = |p: &str| {
        let mut at = p;
        loop {
            if let Some(&k) = from.get(at) {
                return Some(k);
            }
            at = at.rsplit_once('.')?.0;
        }
    };
    for &(_, start, _) in moves {
        let mut seen = vec![start.to_string()];
        let mut via: Vec<usize> = Vec::new();
        let mut ended = false;
        let mut round = false;
        for _ in 0..=moves.len() {
            let at = seen.last().expect("a path");
            let Some(k) = takes(at) else {
                ended = true;
                break;
            };
            let (_, old, new) = moves[k];
            let next = format!("{new}{}", &at[old.len()..]);
            via.push(k);
            round = seen.contains(&next);
            seen.push(next);
            if round {
                break;
            }
        }
        if ended {
            continue;
        }
        let last = via.iter().map(|&k| moves[k].0).max().unwrap_or(0);
        let mut ids: Vec<String> = Vec::new();
        for &k in &via {
            let id = format!("`{}`", rules[moves[k].0].id);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let mut names: Vec<String> = seen.iter().map(|n| format!("`{n}`")).collect();
        let how = match round {
            true => "in a cycle: each would undo the one before",
            false => {
                names.truncate(4);
                names.push("…".to_string());
                "without end: each applies to the other's output"
            }
        };
        return Err(ctx.err(
            spans[last].clone(),
            format!(
                "rules {} move {} {how}",
                ids.join(" and "),
                names.join(" → ")
            ),
        ));
    }
    Ok(())
}

/// A move whose `new` is at or under what a ban of the same config forbids
/// (everywhere: a ban scoped by `paths`/`exclude` may not meet the move)
/// would write a violation at every use it migrates.
fn check_moves_into_bans(
    ctx: &Ctx,
    rules: &[Rule],
    spans: &[Range<usize>],
) -> Result<(), ConfigError> {
    let bans: Vec<(usize, &str)> = rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match &r.kind {
            RuleKind::Ban { symbol } if r.paths.is_none() && r.exclude.is_none() => {
                Some((i, symbol.as_str()))
            }
            _ => None,
        })
        .collect();
    if bans.is_empty() {
        return Ok(());
    }
    let by_symbol: HashMap<&str, usize> = bans.iter().rev().map(|&(i, s)| (s, i)).collect();
    for (i, rule) in rules.iter().enumerate() {
        let RuleKind::Move { old, new } = &rule.kind else {
            continue;
        };
        let ends = new.match_indices('.').map(|(e, _)| e).chain([new.len()]);
        let Some((k, banned)) = ends
            .filter_map(|e| by_symbol.get(&new[..e]).map(|&k| (k, &new[..e])))
            .next()
        else {
            continue;
        };
        let line = ctx.index.position(spans[k].start).line;
        let under = match banned == new {
            true => String::new(),
            false => format!(" (under `{banned}`)"),
        };
        return Err(ctx.err(
            spans[i].clone(),
            format!(
                "rule `{}` moves `{old}` to `{new}`, which rule `{}` on line {line} bans{under}: every use it migrates would be a violation",
                rule.id, rules[k].id
            ),
        ));
    }
    Ok(())
}

/// A rewrite whose fix writes a symbol at or under what a move of the same
/// config (everywhere: one scoped by `paths`/`exclude` may not meet the
/// rewrite) moves away would write a violation at every match it fixes,
/// which the move then proposes to migrate, run after run. A fix naming
/// the symbol its pattern matched (`{a.f}($X)` → `{a.f}(x=$X)`, a
/// signature change) is left alone: the move re-points that use as well.
fn check_fixes_into_moves(
    ctx: &Ctx,
    rules: &[Rule],
    spans: &[Range<usize>],
) -> Result<(), ConfigError> {
    let by_old: HashMap<&str, usize> = (rules.iter().enumerate())
        .filter_map(|(i, r)| match &r.kind {
            RuleKind::Move { old, .. } if r.paths.is_none() && r.exclude.is_none() => {
                Some((old.as_str(), i))
            }
            _ => None,
        })
        .collect();
    if by_old.is_empty() {
        return Ok(());
    }
    for (i, rule) in rules.iter().enumerate() {
        let RuleKind::Rewrite {
            pattern,
            fix: Some(fix),
        } = &rule.kind
        else {
            continue;
        };
        let matched = matched_symbols(&pattern.source);
        for written in written_symbols(fix) {
            if matched.contains(&written) {
                continue;
            }
            let ends = written
                .match_indices('.')
                .map(|(e, _)| e)
                .chain([written.len()]);
            let Some((k, moved)) = ends
                .filter_map(|e| by_old.get(&written[..e]).map(|&k| (k, &written[..e])))
                .next()
            else {
                continue;
            };
            let RuleKind::Move { new, .. } = &rules[k].kind else {
                continue;
            };
            let line = ctx.index.position(spans[k].start).line;
            let under = match moved == written {
                true => String::new(),
                false => format!(" (under `{moved}`)"),
            };
            return Err(ctx.err(
                spans[i].clone(),
                format!(
                    "rule `{}`'s fix writes `{written}`, which rule `{}` on line {line} moves to `{new}`{under}: every match it fixes would be a violation again, which the move would migrate, run after run",
                    rule.id, rules[k].id
                ),
            ));
        }
    }
    Ok(())
}

/// The dotted names a fix writes: each `{a.b}` with the attributes spelled
/// right after it (`{a.b}.c(…)` writes `a.b.c`).
fn written_symbols(fix: &Template) -> Vec<String> {
    let mut out = Vec::new();
    for (n, part) in fix.parts.iter().enumerate() {
        if let TemplatePart::Symbol(s) = part {
            let after = match fix.parts.get(n + 1) {
                Some(TemplatePart::Text(t)) => t.as_str(),
                _ => "",
            };
            out.push(with_attributes(s, after));
        }
    }
    out
}

/// [`written_symbols`] of a pattern's text: what its `{a.b}`s match.
fn matched_symbols(pattern: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('}') else { break };
        let inner = &rest[..close];
        rest = &rest[close + 1..];
        if python::is_dotted_path(inner) {
            out.push(with_attributes(inner, rest));
        }
    }
    out
}

/// `symbol` and the `.attr`s `after` starts with.
fn with_attributes(symbol: &str, after: &str) -> String {
    let mut written = symbol.to_string();
    let mut rest = after;
    while let Some(tail) = rest.strip_prefix('.') {
        let len = tail
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        if len == 0 {
            break;
        }
        written.push('.');
        written.push_str(&tail[..len]);
        rest = &tail[len..];
    }
    written
}

/// A commit message template: not blank, and every `{…}` one canon fills
/// in (a typo would be committed as it is).
pub fn check_message(text: &str) -> Result<(), String> {
    const KNOWN: [&str; 4] = ["{rules}", "{count}", "{files}", "{branch}"];
    if text.trim().is_empty() {
        return Err("`message` is empty; a commit needs a message (the default is used when `message` is left out)".into());
    }
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let Some(close) = after.find('}') else {
            return Err(format!(
                "`message` has a `{{` with no `}}`: {}",
                after.lines().next().unwrap_or(after)
            ));
        };
        let field = &after[..=close];
        if !KNOWN.contains(&field) {
            return Err(format!(
                "`message` has `{field}`, which canon does not fill in; it knows {}",
                KNOWN.join(", ")
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

fn compile_settings(
    ctx: &Ctx,
    raw: Option<Spanned<raw::RawSettings>>,
) -> Result<Settings, ConfigError> {
    let raw = raw.map(|s| s.into_inner()).unwrap_or_default();
    let string = |v: Option<Spanned<String>>| v.map(|s| s.into_inner());
    let branch = match raw.branch {
        Some(b) => {
            let name = b.get_ref().trim();
            if !valid_branch_name(name) {
                return Err(ctx.err(
                    b.span(),
                    format!("`branch` `{name}` is not a valid git branch name"),
                ));
            }
            name.to_string()
        }
        None => DEFAULT_BRANCH.to_string(),
    };
    let message = match raw.message {
        Some(m) => {
            let span = m.span();
            let text = m.into_inner();
            check_message(&text).map_err(|why| ctx.err(span, why))?;
            text
        }
        None => DEFAULT_MESSAGE.to_string(),
    };
    Ok(Settings {
        branch,
        message,
        verify: string(raw.verify),
        include: match &raw.include {
            Some(g) => ctx.some_globs(g, "include", "leave it out for the Python files")?,
            None => default_globs(DEFAULT_INCLUDE),
        },
        exclude: match &raw.exclude {
            Some(g) => ctx.globs(g, "exclude")?,
            None => GlobSet::empty(),
        },
        mentions: match &raw.mentions {
            Some(g) => ctx.globs(g, "mentions")?,
            None => default_globs(DEFAULT_MENTIONS),
        },
        blame_ignore: raw.blame_ignore.unwrap_or(false),
        max_file_size: match raw.max_file_size {
            Some(v) => {
                let span = v.span();
                size(v.get_ref()).map_err(|why| ctx.err(span, why))?
            }
            None => crate::rules::DEFAULT_MAX_FILE_SIZE,
        },
    })
}

/// `max_file_size`: a byte count, or a number with a unit (`KB`/`KiB`,
/// `MB`/`MiB`, `GB`/`GiB`, all powers of 1024 as file sizes are shown).
fn size(value: &toml::Value) -> Result<u64, String> {
    let bad = || {
        format!(
            "`max_file_size` must be a positive byte count or a size like \"16MiB\", not {value}"
        )
    };
    let n = match value {
        toml::Value::Integer(n) => u64::try_from(*n).map_err(|_| bad())?,
        toml::Value::String(s) => {
            let s = s.trim();
            let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            let n: u64 = s[..digits].parse().map_err(|_| bad())?;
            let shift = match s[digits..].trim().to_ascii_lowercase().as_str() {
                "" | "b" => 0,
                "k" | "kb" | "kib" => 10,
                "m" | "mb" | "mib" => 20,
                "g" | "gb" | "gib" => 30,
                _ => return Err(bad()),
            };
            n.checked_shl(shift)
                .filter(|v| v >> shift == n)
                .ok_or_else(bad)?
        }
        _ => return Err(bad()),
    };
    if n == 0 {
        return Err(bad());
    }
    Ok(n)
}

/// The subset of `git check-ref-format --branch` rules that matter for names people type.
fn valid_branch_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(['-', '/', '.'])
        && !name.ends_with(['/', '.'])
        && !name.ends_with(".lock")
        && !name.contains("..")
        && !name.contains("//")
        && !name.contains("@{")
        && !name
            .chars()
            .any(|c| c.is_control() || " ~^:?*[\\".contains(c))
}

#[cfg(test)]
mod tests;
