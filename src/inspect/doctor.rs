//! `canon doctor`'s checks of the rules against the code: every target a
//! rule names exists (or is outside the project, and not checked), an old
//! and a new target are the same kind of thing, and the calls a rule
//! makes fit the new signature; and a `new` module that imports the old
//! one (see [`super::mutual`]).
//!
//! A missing `old` is a warning, not a problem: once a migration is done
//! and the old definition deleted, the rule stays to keep it from coming
//! back, and `canon check` still enforces it.

use super::signature::Param;
use super::{Found, Index, Kind, Models, Params};
use crate::python::{self, Piece};
use crate::rules::{Config, Rule, RuleKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// The rule is wrong: `doctor` exits 1.
    Problem,
    /// Worth a look; does not fail.
    Warning,
    /// Said for completeness (a target outside the project).
    Note,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Problem => "problem",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: String,
    /// The rule's line in the configuration file.
    pub line: usize,
    pub level: Level,
    pub message: String,
}

/// Check every rule of `config` against the project in `index`.
pub fn check(config: &Config, index: &Index) -> Vec<Finding> {
    let models = Models::new(index);
    let mut out = Vec::new();
    for rule in &config.rules {
        let mut say = |level: Level, message: String| {
            out.push(Finding {
                rule: rule.id.clone(),
                line: rule.line,
                level,
                message,
            })
        };
        check_rule(rule, &models, &mut say);
    }
    out
}

fn check_rule(rule: &Rule, models: &Models, say: &mut dyn FnMut(Level, String)) {
    let index = models.index;
    match &rule.kind {
        RuleKind::Move { old, new } => check_move(models, old, new, say),
        RuleKind::Ban { symbol } => {
            target(index, "symbol", symbol, Level::Warning, say);
        }
        RuleKind::Rewrite { pattern, fix } => {
            let mut async_old = Vec::new();
            for s in dedup(pattern.symbols.iter().map(String::as_str)) {
                if let Some(Kind::Function { is_async: true, .. }) =
                    target(index, "pattern symbol", s, Level::Warning, say)
                {
                    async_old.push(s);
                }
            }
            let Some(fix) = fix else { return };
            // Calls of an async function make coroutines, often passed on
            // (`gather(fetch(2))`, `create_task(…)`) rather than awaited:
            // a fix that awaits would hand on the result instead.
            if fix.awaits() {
                for s in async_old {
                    say(
                        Level::Problem,
                        format!(
                            "the fix adds `await`, but pattern symbol {s} is already async: a call of it that is passed on rather than awaited (`asyncio.gather(…)`, `create_task(…)`) would be awaited where it stands"
                        ),
                    );
                }
            }
            for s in dedup(fix.symbols()) {
                if let Some(kind) = target(index, "fix symbol", s, Level::Problem, say) {
                    for call in calls(&fix.source).into_iter().filter(|c| c.symbol == s) {
                        fits(s, &kind, &call, say);
                    }
                }
            }
        }
    }
}

/// A move's checks: both ends found, the same kind, the new one taking
/// what the old one took; and an old shim of `new` only forwarding to it
/// (a shim that changes the arguments, a class that overrides members, a
/// module that defines names of its own would behave differently).
pub fn check_move(models: &Models, old: &str, new: &str, say: &mut dyn FnMut(Level, String)) {
    let index = models.index;
    let o = target(index, "old", old, Level::Warning, say);
    let n = target(index, "new", new, Level::Problem, say);
    if let (Some(o), Some(n)) = (&o, &n) {
        compare(old, o, new, n, say);
    }
    if o.is_some()
        && let Some(why) = super::shim_verdict(models, old, new)
    {
        say(
            Level::Problem,
            format!("`old` {old} would not behave as `new` {new}: {why}"),
        );
    }
    // A `new` that loads `old` as it loads: deleting `old` breaks it, and
    // with `old` loading `new` back, moving the users reverses the cycle.
    if o.is_some()
        && let Some(why) = super::mutual::imports_old(models, old, new)
    {
        say(Level::Warning, why);
    }
    // What the module does to `old` after defining it, its users get, and
    // `new` lacks.
    if o.is_some()
        && let Some(why) = super::changed::changed(models, old, new)
    {
        say(Level::Problem, why);
    }
    // A function stored in a class body (or set on a class after it) is a
    // method: looked up on an instance it gets the instance first; a
    // class, a builtin or any callable object there does not.
    let plain = |k: &Kind| matches!(k, Kind::Function { .. } | Kind::InstanceMethod { .. });
    let other = match &n {
        Some(k) => !plain(k),
        None => matches!(index.find(new), Found::Outside),
    };
    if o.as_ref().is_some_and(plain)
        && other
        && let Some((path, line, code, how, more)) = super::bound::stored_on_class(models, old)
    {
        let more = match more {
            0 => String::new(),
            1 => " (and 1 more)".to_string(),
            n => format!(" (and {n} more)"),
        };
        let what = match &n {
            Some(k) => format!("is {}", k.describe()),
            None => "is outside the project, maybe not a plain function".to_string(),
        };
        say(
            Level::Problem,
            format!(
                "`old` {old} is a function but `new` {new} {what}: {path}:{line} stores it {} (`{code}`), where a function is a method: looked up on an instance it gets the instance as its first argument, and moved, {} would not (only a plain function binds){more}",
                how.place(),
                new.rsplit('.').next().unwrap_or(new)
            ),
        );
    }
    // A subclass that only warns forwards everything, but the code that
    // tests for it as a type would match more once re-pointed at its base.
    if matches!(o, Some(Kind::Class { .. }))
        && let Some(why) = super::widen::widened(models, old, new)
    {
        say(Level::Problem, why);
    }
}

fn dedup<'a>(symbols: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = Vec::new();
    for s in symbols {
        if !v.contains(&s) {
            v.push(s);
        }
    }
    v
}

/// Look `dotted` up; say what is wrong at `missing` level, or that it is
/// outside the project. The kind, when found.
fn target(
    index: &Index,
    key: &str,
    dotted: &str,
    missing: Level,
    say: &mut dyn FnMut(Level, String),
) -> Option<Kind> {
    match index.find(dotted) {
        Found::Here { kind, .. } => Some(kind),
        Found::Outside => {
            say(
                Level::Note,
                format!("`{key}` {dotted} is outside the project, not checked"),
            );
            None
        }
        Found::Missing {
            missing: what,
            detail,
            suggestion,
        } => {
            let mean = suggestion.map_or(String::new(), |s| format!("; did you mean {s}?"));
            let already = if missing == Level::Warning {
                " (already migrated and deleted? the rule then only keeps it from coming back)"
            } else {
                ""
            };
            let at = if what == dotted {
                String::new()
            } else {
                format!(": {what} does not exist")
            };
            say(
                missing,
                format!("`{key}` {dotted} not found in the project{at} ({detail}){already}{mean}"),
            );
            None
        }
    }
}

/// An old and a new target of one move: the same kind of thing, and the
/// new one takes what callers of the old one pass.
fn compare(old: &str, o: &Kind, new: &str, n: &Kind, say: &mut dyn FnMut(Level, String)) {
    if let Kind::Class {
        unknown: Some(why), ..
    } = n
        && matches!(o, Kind::Function { .. } | Kind::Class { unknown: None, .. })
    {
        say(
            Level::Note,
            format!(
                "what calling `new` {new} takes cannot be told, so calls were not checked against it: {why}"
            ),
        );
    }
    // An instance method looked up on its class is a function taking the
    // instance first: `Svc.run(obj, x)` moved to `run(obj, x)` fits when
    // the signatures do.
    let as_function = |k: &Kind| match k {
        Kind::InstanceMethod {
            is_async,
            generator,
            params,
        } => Some(Kind::Function {
            is_async: *is_async,
            generator: *generator,
            params: params.clone(),
        }),
        _ => None,
    };
    if let Some(of) = as_function(o) {
        let nf = as_function(n);
        return compare(old, &of, new, nf.as_ref().unwrap_or(n), say);
    }
    let mut problem = |m: String| say(Level::Problem, m);
    let (om, nm) = (o.describe(), n.describe());
    match (o, n) {
        (Kind::Unknown, _) | (_, Kind::Unknown) => {}
        (Kind::Module, Kind::Module) => {}
        (Kind::Module, _) | (_, Kind::Module) => {
            problem(format!(
                "`old` {old} is {om} but `new` {new} is {nm}: a module and a symbol are imported differently, so the moved imports would fail"
            ));
        }
        (Kind::Property, Kind::Property) => {}
        (_, Kind::Property) => {
            problem(format!(
                "`old` {old} is {om} but `new` {new} is a property: on its class it is a property object, not a callable or a value, so a moved call `{}()` would raise TypeError",
                short(new)
            ));
        }
        (Kind::Property, _) => {
            problem(format!(
                "`old` {old} is a property but `new` {new} is {nm}: moved uses of the property would get {nm} instead"
            ));
        }
        (_, Kind::InstanceMethod { params, .. }) => {
            let first = params
                .positional_only
                .iter()
                .chain(&params.positional)
                .next()
                .map_or("self", |p| p.name.as_str());
            problem(format!(
                "`old` {old} is {om} but `new` {new} is an instance method (neither @staticmethod nor @classmethod): a moved call `{}(…)` passes no instance, so its first argument would be bound to `{first}`",
                short(new)
            ));
        }
        (Kind::Class { .. }, Kind::Function { .. }) => {
            problem(format!(
                "`old` {old} is a class but `new` {new} is a function: isinstance checks, subclasses and annotations of the class would fail"
            ));
        }
        // A factory replaced by its class (the SPEC's own example): calls
        // keep working when the class takes what the factory took.
        (Kind::Function { params: op, .. }, Kind::Class { init, unknown, .. }) => {
            if unknown.is_none() {
                let np = init.clone().unwrap_or_default();
                signatures(old, op, new, &np, &mut problem);
            }
        }
        (
            Kind::Function {
                is_async: a,
                generator: ga,
                params: op,
            },
            Kind::Function {
                is_async: b,
                generator: gb,
                params: np,
            },
        ) => {
            if ga != gb {
                let why = if *ga {
                    "a generator's callers iterate what it returns"
                } else {
                    "callers of a function use what it returns, not an iterator of it"
                };
                problem(format!(
                    "`old` {old} is {} but `new` {new} is {}: {why}, so moved calls would get {} instead",
                    o.describe(),
                    n.describe(),
                    if *gb {
                        "an iterator"
                    } else if *b {
                        "a coroutine"
                    } else {
                        "one result"
                    }
                ));
            } else if a != b {
                let why = if *b {
                    "moved calls would return a coroutine where they returned a result"
                } else {
                    "moved `await` calls would await a plain result"
                };
                problem(format!(
                    "`old` {old} is {} but `new` {new} is {}: {why}",
                    o.describe(),
                    n.describe()
                ));
            }
            signatures(old, op, new, np, &mut problem);
        }
        (
            Kind::Class {
                init: op,
                unknown: None,
                ..
            },
            Kind::Class {
                init: np,
                unknown: None,
                ..
            },
        ) => {
            let (op, np) = (
                op.clone().unwrap_or_default(),
                np.clone().unwrap_or_default(),
            );
            signatures(old, &op, new, &np, &mut problem);
        }
        (Kind::Class { .. }, Kind::Class { .. }) => {}
        // An instance method old was made a function above.
        (Kind::InstanceMethod { .. }, _) => {}
    }
}

/// A dotted path's last two names (`Svc.run`): how a moved call is
/// spelled after `from pkg.core import Svc`.
fn short(dotted: &str) -> &str {
    match dotted.rmatch_indices('.').nth(1) {
        Some((i, _)) => &dotted[i + 1..],
        None => dotted,
    }
}

/// Calls of `old` that `new` would refuse: a keyword it has no parameter
/// for, more positional arguments than it takes, a parameter it needs
/// that old callers never passed.
fn signatures(old: &str, op: &Params, new: &str, np: &Params, problem: &mut dyn FnMut(String)) {
    let (oname, nname) = (last(old), last(new));
    let shown = || np.describe(nname);
    for k in op.keyword_names() {
        if !np.accepts_keyword(k) {
            problem(format!(
                "`new` {} takes no keyword `{k}`, which {} accepts: a call `{oname}({k}=…)` would fail",
                shown(),
                op.describe(oname)
            ));
        }
    }
    if let (Some(o), Some(n)) = (op.max_positional(), np.max_positional())
        && o > n
    {
        problem(format!(
            "`new` {} takes {n} positional argument{}, {} takes {o}: a call passing them all would fail",
            shown(),
            if n == 1 { "" } else { "s" },
            op.describe(oname)
        ));
    }
    for (at, p) in np.required() {
        let old_has = op.keyword_names().any(|k| k == p.name)
            || (at != usize::MAX && op.max_positional().is_none_or(|m| at < m));
        if !old_has && !op.var_kwargs {
            problem(format!(
                "`new` {} needs `{}`, which {} does not take: no old call passes it",
                shown(),
                p.name,
                op.describe(oname)
            ));
        } else if old_param(op, at, &p.name).is_some_and(|o| o.default) {
            problem(format!(
                "`new` {} needs `{}`, which {} has a default for: a call `{oname}(…)` leaving it out would fail",
                shown(),
                p.name,
                op.describe(oname)
            ));
        }
    }
    // A call that leaves a parameter out gets its default: a new one
    // changes it. Literal text tells the value; other text (a name, a
    // call) may be another value under the same spelling, but is only
    // known to be the same one where the text is.
    let positional = np.positional_only.iter().chain(&np.positional).enumerate();
    let keyword = np.keyword_only.iter().map(|p| (usize::MAX, p));
    for (at, p) in positional.chain(keyword).filter(|(_, p)| p.default) {
        let Some(o) = old_param(op, at, &p.name).filter(|o| o.default) else {
            continue;
        };
        let (ov, nv) = (o.value.as_ref(), p.value.as_ref());
        if ov.map(|v| &v.text) == nv.map(|v| &v.text) {
            continue;
        }
        let shown = |v: Option<&super::signature::Value>| {
            v.map_or("something canon cannot read".to_string(), |v| {
                format!("`{}`", v.text)
            })
        };
        let literal = ov.zip(nv).is_some_and(|(a, b)| a.literal && b.literal);
        problem(format!(
            "`{}` defaults to {} in {old} but {} in {new}: calls that leave it out {}",
            p.name,
            shown(ov),
            shown(nv),
            if literal {
                "change"
            } else {
                "may change (canon cannot tell the two are the same value)"
            }
        ));
    }
    // A positional argument binds by place: each place an old call may
    // pass one to a parameter it may also name must take the same name
    // (a positional-only one is only ever passed by place). A name `new`
    // does not take at all is said above.
    let olds = op.positional_only.iter().map(|p| (p, false));
    let olds = olds.chain(op.positional.iter().map(|p| (p, true)));
    let news: Vec<&Param> = np.positional_only.iter().chain(&np.positional).collect();
    let moved: Vec<(usize, &str, &str)> = (olds.enumerate())
        .filter(|(_, (_, named))| *named)
        .filter_map(|(at, (o, _))| {
            let n = news.get(at)?;
            let other = n.name != o.name && np.accepts_keyword(&o.name);
            other.then_some((at, o.name.as_str(), n.name.as_str()))
        })
        .collect();
    if !moved.is_empty() {
        let binds: Vec<String> = (moved.iter())
            .map(|(at, o, n)| format!("argument {} (`{o}`) to `{n}`", at + 1))
            .collect();
        problem(format!(
            "`new` {} takes its positional parameters in another order or under other names than {}: a call passing them by position would bind {}",
            shown(),
            op.describe(oname),
            binds.join(", ")
        ));
    }
}

/// The parameter of `op` a parameter `name` at place `at` of the new
/// signature stands for: the one of that name callers may name, else the
/// one at that place (`usize::MAX`: keyword only).
fn old_param<'a>(op: &'a Params, at: usize, name: &str) -> Option<&'a Param> {
    let mut named = op.positional.iter().chain(&op.keyword_only);
    if let Some(p) = named.find(|p| p.name == name) {
        return Some(p);
    }
    (at != usize::MAX)
        .then(|| op.positional_only.iter().chain(&op.positional).nth(at))
        .flatten()
}

fn last(dotted: &str) -> &str {
    dotted.rsplit('.').next().unwrap_or(dotted)
}

/// A call of a `{symbol}` written in a fix template.
#[derive(Debug)]
struct Call {
    symbol: String,
    keywords: Vec<String>,
    positional: usize,
    /// A `*x`, `**x` or `$$$X` argument: the count is not known.
    open: bool,
}

/// The calls of `{symbol}`s a fix template writes, with their arguments.
fn calls(source: &str) -> Vec<Call> {
    let Ok(pieces) = python::split_holes(source) else {
        return Vec::new();
    };
    let mut probe = String::new();
    let mut symbols: Vec<String> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => probe.push_str(&t),
            Piece::Hole { multi: false, .. } => probe.push_str("__canon_hole"),
            Piece::Hole { multi: true, .. } => probe.push_str("*__canon_holes"),
            Piece::Symbol(s) => {
                probe.push_str(&format!("__canon_symbol{}", symbols.len()));
                symbols.push(s);
            }
        }
    }
    let mut parser = python::parser();
    let tree = python::parse(&mut parser, &probe);
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
        if node.kind() != "call" {
            continue;
        }
        let (Some(f), Some(args)) = (
            node.child_by_field_name("function"),
            node.child_by_field_name("arguments"),
        ) else {
            continue;
        };
        let Some(k) = probe[f.byte_range()]
            .strip_prefix("__canon_symbol")
            .and_then(|k| k.parse::<usize>().ok())
        else {
            continue;
        };
        let mut call = Call {
            symbol: symbols[k].clone(),
            keywords: Vec::new(),
            positional: 0,
            open: false,
        };
        let mut c = args.walk();
        for a in args.named_children(&mut c) {
            match a.kind() {
                "keyword_argument" => {
                    if let Some(n) = a.child_by_field_name("name") {
                        call.keywords.push(probe[n.byte_range()].to_string());
                    }
                }
                "list_splat" | "dictionary_splat" => call.open = true,
                "comment" => {}
                _ => call.positional += 1,
            }
        }
        out.push(call);
    }
    out
}

/// Whether a fix's call of `symbol` fits what it is.
fn fits(symbol: &str, kind: &Kind, call: &Call, say: &mut dyn FnMut(Level, String)) {
    let object = Params::default();
    let (params, what) = match kind {
        Kind::Function { params, .. } => (params, "function"),
        Kind::Class {
            init,
            unknown: None,
            ..
        } => (init.as_ref().unwrap_or(&object), "class"),
        _ => return,
    };
    let name = last(symbol);
    let shown = params.describe(name);
    for k in &call.keywords {
        if !params.accepts_keyword(k) {
            let mean = super::nearest(k, params.keyword_names())
                .map_or(String::new(), |m| format!("; did you mean `{m}`?"));
            say(
                Level::Problem,
                format!(
                    "the fix calls {symbol} with keyword `{k}`, but the {what} is {shown}: it takes no `{k}`{mean}"
                ),
            );
        }
    }
    if call.open {
        return;
    }
    if let Some(max) = params.max_positional()
        && call.positional > max
    {
        say(
            Level::Problem,
            format!(
                "the fix calls {symbol} with {} positional arguments, but the {what} is {shown}: it takes {max}",
                call.positional
            ),
        );
    }
    for (at, p) in params.required() {
        let given = call.keywords.contains(&p.name) || (at != usize::MAX && at < call.positional);
        if !given {
            say(
                Level::Problem,
                format!(
                    "the fix calls {symbol} without `{}`, but the {what} is {shown}: it needs it",
                    p.name
                ),
            );
        }
    }
}
