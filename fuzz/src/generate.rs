//! A structured generator of real-looking Python, built by `arbitrary`
//! from the fuzzer's bytes: imports of the rules' old and new modules and
//! names (aliased, relative, parenthesised, star, function-local, under
//! `try` or `TYPE_CHECKING`), functions (async, nested, decorated,
//! one-line), classes, `global`/`nonlocal`, calls of the rules' patterns
//! with every kind of argument (walrus, generators, keywords, splats,
//! nested calls, lambdas), `patch("old.path")` strings, f-strings,
//! comments (`# canon: ignore` too), backslash continuations, and LF or
//! CRLF line endings. Mostly valid Python, so the fuzzer spends its time
//! where canon rewrites; what is not valid still has to leave canon
//! standing.

use arbitrary::Arbitrary;

/// One generated file.
#[derive(Debug, Arbitrary)]
pub struct File {
    path: PathChoice,
    crlf: bool,
    bom: bool,
    no_final_newline: bool,
    tabs: bool,
    docstring: bool,
    future: bool,
    /// The module's imports, first (most files start so).
    imports: Vec<(Import, Option<Comment>)>,
    body: Vec<Stmt>,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum PathChoice {
    Client,
    PackageInit,
    Factory,
    Manager,
    LegacyEvents,
    Test,
    TopLevel,
}

/// Names from the rules fixture and around it, plus ordinary locals.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum Name {
    CreateManager,
    Manager,
    Helper,
    GetFactory,
    GetManager,
    ManagerFactory,
    Factory,
    ManagerMod,
    Wsf,
    Events,
    Legacy,
    App,
    Ws,
    UserContext,
    Fire,
    X,
    Y,
    Z,
    Item,
    SelfName,
    Patch,
    Mock,
    Print,
    Len,
    TypeChecking,
    Underscore,
}

impl Name {
    fn as_str(self) -> &'static str {
        match self {
            Name::CreateManager => "create_manager",
            Name::Manager => "Manager",
            Name::Helper => "helper",
            Name::GetFactory => "get_factory",
            Name::GetManager => "get_manager",
            Name::ManagerFactory => "ManagerFactory",
            Name::Factory => "factory",
            Name::ManagerMod => "manager",
            Name::Wsf => "wsf",
            Name::Events => "events",
            Name::Legacy => "legacy",
            Name::App => "app",
            Name::Ws => "ws",
            Name::UserContext => "user_context",
            Name::Fire => "fire",
            Name::X => "x",
            Name::Y => "y",
            Name::Z => "z",
            Name::Item => "item",
            Name::SelfName => "self",
            Name::Patch => "patch",
            Name::Mock => "mock",
            Name::Print => "print",
            Name::Len => "len",
            Name::TypeChecking => "TYPE_CHECKING",
            Name::Underscore => "_",
        }
    }
}

/// Modules an import can name.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum Module {
    WsFactory,
    WsManager,
    WsHelpers,
    Ws,
    App,
    LegacyEvents,
    Legacy,
    Events,
    Typing,
    UnittestMock,
    Mock,
    Os,
    /// `.factory`, `..ws.factory`, `.`, `..legacy`, `...app.ws.factory`
    Relative(u8),
}

impl Module {
    fn as_str(self) -> &'static str {
        match self {
            Module::WsFactory => "app.ws.factory",
            Module::WsManager => "app.ws.manager",
            Module::WsHelpers => "app.ws.helpers",
            Module::Ws => "app.ws",
            Module::App => "app",
            Module::LegacyEvents => "app.legacy.events",
            Module::Legacy => "app.legacy",
            Module::Events => "app.events",
            Module::Typing => "typing",
            Module::UnittestMock => "unittest.mock",
            Module::Mock => "mock",
            Module::Os => "os",
            Module::Relative(n) => match n % 8 {
                0 => ".factory",
                1 => "..ws.factory",
                2 => ".",
                3 => "..legacy",
                4 => "..legacy.events",
                5 => ".manager",
                6 => "..",
                _ => "...app.ws.factory",
            },
        }
    }

    fn relative(self) -> bool {
        matches!(self, Module::Relative(_))
    }
}

/// Strings, mostly dotted paths the rules name.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum Str {
    CreatePath,
    HelperPath,
    FactoryPath,
    EventsPath,
    EventsAttrPath,
    EntryPoint,
    NewPath,
    Prose,
    Name(Name),
    Empty,
}

impl Str {
    fn value(self) -> String {
        match self {
            Str::CreatePath => "app.ws.factory.create_manager".into(),
            Str::HelperPath => "app.ws.factory.helper".into(),
            Str::FactoryPath => "app.ws.factory".into(),
            Str::EventsPath => "app.legacy.events".into(),
            Str::EventsAttrPath => "app.legacy.events.registry".into(),
            Str::EntryPoint => "app.ws.factory:create_manager".into(),
            Str::NewPath => "app.ws.manager.Manager".into(),
            Str::Prose => "see app.ws.factory.create_manager for details".into(),
            Str::Name(n) => n.as_str().into(),
            Str::Empty => String::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum Quote {
    Double,
    Single,
    Triple,
    Raw,
    Bytes,
}

/// What the rules' patterns and moves match, called.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum Callee {
    CreateManager,
    Manager,
    GetFactory,
    Helper,
    FactoryChain,
    FullChain,
    WsfGetter,
    ManagerChain,
    EventsFire,
    LegacyChain,
    ManagerFactory,
    SelfFactory,
}

impl Callee {
    fn as_str(self) -> &'static str {
        match self {
            Callee::CreateManager => "create_manager",
            Callee::Manager => "Manager",
            Callee::GetFactory => "get_factory",
            Callee::Helper => "helper",
            Callee::FactoryChain => "factory.create_manager",
            Callee::FullChain => "app.ws.factory.create_manager",
            Callee::WsfGetter => "wsf.get_factory",
            Callee::ManagerChain => "manager.Manager",
            Callee::EventsFire => "events.fire",
            Callee::LegacyChain => "app.legacy.events.fire",
            Callee::ManagerFactory => "ManagerFactory",
            Callee::SelfFactory => "self.factory.create_manager",
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Expr {
    /// A call the rules care about: `create_manager(…)`, `Manager(…)`, `get_factory()`, …
    RuleCall(Callee, Vec<Arg>),
    Name(Name),
    Attr(Box<Expr>, Name),
    /// `a.b.c` spelled from names (`app.ws.factory.create_manager`).
    Dotted(Module, Option<Name>),
    Call(Box<Expr>, Vec<Arg>),
    /// `f(x for x in y)`: a bare generator as the only argument.
    CallGenerator(Box<Expr>, Box<Expr>, Name, Box<Expr>),
    /// `patch("…")`, `mock.patch.dict(…)`, `monkeypatch.setattr(…)`, …
    PathCall(PathApi, Str),
    Str(Str, Quote),
    FString(Box<Expr>),
    Int(u8),
    None_,
    Await(Box<Expr>),
    Walrus(Name, Box<Expr>),
    Lambda(Vec<Name>, Box<Expr>),
    ListComp(Box<Expr>, Name, Box<Expr>),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Dict(Vec<(Str, Expr)>),
    Subscript(Box<Expr>, Box<Expr>),
    BinOp(Box<Expr>, Op, Box<Expr>),
    Not(Box<Expr>),
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
    Paren(Box<Expr>),
    /// A parenthesised expression broken over lines.
    Multiline(Box<Expr>),
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum PathApi {
    Patch,
    MockPatch,
    PatchDict,
    PatchObject,
    Mocker,
    Monkeypatch,
    ImportModule,
    ImportString,
    Dunder,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum Op {
    Add,
    Or,
    And,
    Eq,
    Dot,
}

#[derive(Debug, Arbitrary)]
enum Arg {
    Pos(Expr),
    Kw(Name, Expr),
    Star(Expr),
    DoubleStar(Expr),
}

#[derive(Debug, Clone, Arbitrary)]
struct Alias {
    name: Name,
    alias: Option<Name>,
}

#[derive(Debug, Clone, Arbitrary)]
enum Import {
    From {
        module: Module,
        names: Vec<Alias>,
        parens: bool,
        trailing_comma: bool,
        comment: bool,
        backslash: bool,
    },
    Plain(Vec<(Module, Option<Name>)>),
    Star(Module),
}

#[derive(Debug, Clone, Arbitrary)]
enum Comment {
    Ignore,
    IgnoreRule,
    IgnoreOther,
    Prose,
    Path,
}

impl Comment {
    fn text(&self) -> &'static str {
        match self {
            Comment::Ignore => "# canon: ignore",
            Comment::IgnoreRule => "# canon: ignore[ws-create, ws-ctor]",
            Comment::IgnoreOther => "# canon: ignore[legacy-events]",
            Comment::Prose => "# a comment",
            Comment::Path => "# moved from app.ws.factory.create_manager",
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Param {
    Plain(Name),
    Default(Name, Expr),
    Typed(Name, Expr),
    Star(Name),
    DoubleStar(Name),
    KeywordOnly,
}

#[derive(Debug, Arbitrary)]
enum Stmt {
    Import(Import, Option<Comment>),
    Expr(Expr, Option<Comment>),
    Assign(Vec<Target>, Expr, bool),
    AugAssign(Name, Expr),
    Annotated(Name, Expr, Option<Expr>),
    Return(Option<Expr>),
    Global(Vec<Name>),
    Nonlocal(Vec<Name>),
    Del(Name),
    Pass,
    Comment(Comment),
    Def {
        name: Name,
        is_async: bool,
        params: Vec<Param>,
        decorators: Vec<Expr>,
        returns: Option<Expr>,
        body: Vec<Stmt>,
        one_line: bool,
    },
    Class {
        name: Name,
        bases: Vec<Arg>,
        decorators: Vec<Expr>,
        body: Vec<Stmt>,
    },
    If {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Option<Vec<Stmt>>,
        one_line: bool,
    },
    TypeChecking(Vec<Stmt>),
    Try {
        body: Vec<Stmt>,
        handlers: Vec<(Option<Expr>, Option<Name>, Vec<Stmt>)>,
        finally: Option<Vec<Stmt>>,
    },
    With {
        is_async: bool,
        items: Vec<(Expr, Option<Name>)>,
        body: Vec<Stmt>,
    },
    For {
        is_async: bool,
        target: Target,
        iter: Expr,
        body: Vec<Stmt>,
    },
    While(Expr, Vec<Stmt>),
    /// `a; b; c` on one line.
    Semicolons(Vec<Stmt>),
    DunderAll(Vec<Str>),
}

#[derive(Debug, Arbitrary)]
enum Target {
    Name(Name),
    Attr(Name, Name),
    Tuple(Vec<Name>),
}

/// Where code is rendered: what `await`, `return`, `nonlocal` need.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    depth: usize,
    /// In an `async def`'s body.
    in_async: bool,
    /// In any function's body.
    in_function: bool,
    /// In a function inside a function (`nonlocal` has somewhere to go).
    nested: bool,
}

const MAX_DEPTH: usize = 6;

impl File {
    /// The path the file is checked at.
    pub fn path(&self) -> &'static str {
        match self.path {
            PathChoice::Client => "app/ws/client.py",
            PathChoice::PackageInit => "app/ws/__init__.py",
            PathChoice::Factory => "app/ws/factory.py",
            PathChoice::Manager => "app/ws/manager.py",
            PathChoice::LegacyEvents => "app/legacy/events.py",
            PathChoice::Test => "tests/test_client.py",
            PathChoice::TopLevel => "main.py",
        }
    }

    /// The file's text.
    pub fn render(&self) -> String {
        let mut r = Renderer {
            out: String::new(),
            indent_unit: if self.tabs { "\t" } else { "    " },
        };
        if self.docstring {
            r.out
                .push_str("\"\"\"A module that app.ws.factory.create_manager serves.\"\"\"\n");
        }
        if self.future {
            r.out.push_str("from __future__ import annotations\n");
        }
        let ctx = Ctx {
            depth: 0,
            in_async: false,
            in_function: false,
            nested: false,
        };
        for (import, comment) in self.imports.iter().take(6) {
            r.stmt(&Stmt::Import(import.clone(), comment.clone()), 0, ctx);
        }
        r.block(&self.body, 0, ctx, false);
        let mut text = r.out;
        if self.no_final_newline {
            while text.ends_with('\n') {
                text.pop();
            }
        }
        if self.crlf {
            text = text.replace('\n', "\r\n");
        }
        if self.bom {
            text.insert(0, '\u{feff}');
        }
        text
    }
}

struct Renderer {
    out: String,
    indent_unit: &'static str,
}

impl Renderer {
    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str(self.indent_unit);
        }
    }

    /// A suite: its statements at `level`, `pass` when empty.
    fn block(&mut self, body: &[Stmt], level: usize, ctx: Ctx, need_one: bool) {
        let before = self.out.len();
        for s in body {
            self.stmt(s, level, ctx);
        }
        if need_one && self.out.len() == before {
            self.indent(level);
            self.out.push_str("pass\n");
        }
    }

    fn line(&mut self, level: usize, text: &str, comment: Option<&Comment>) {
        self.indent(level);
        self.out.push_str(text);
        if let Some(c) = comment {
            self.out.push_str("  ");
            self.out.push_str(c.text());
        }
        self.out.push('\n');
    }

    fn stmt(&mut self, s: &Stmt, level: usize, ctx: Ctx) {
        if ctx.depth > MAX_DEPTH {
            return;
        }
        let inner = Ctx {
            depth: ctx.depth + 1,
            ..ctx
        };
        match s {
            Stmt::Def {
                name,
                is_async,
                params,
                decorators,
                returns,
                body,
                one_line,
            } => {
                for d in decorators.iter().take(2) {
                    let d = expr(d, inner);
                    self.line(level, &format!("@{d}"), None);
                }
                let kw = if *is_async { "async def" } else { "def" };
                let params = parameters(params, inner);
                let returns = returns
                    .as_ref()
                    .map(|r| format!(" -> {}", expr(r, inner)))
                    .unwrap_or_default();
                let head = format!("{kw} {}({params}){returns}:", name.as_str());
                let body_ctx = Ctx {
                    depth: ctx.depth + 1,
                    in_async: *is_async,
                    nested: ctx.in_function,
                    in_function: true,
                };
                if *one_line && let Some(simple) = simple_line(body, body_ctx) {
                    self.line(level, &format!("{head} {simple}"), None);
                } else {
                    self.line(level, &head, None);
                    self.block(body, level + 1, body_ctx, true);
                }
            }
            Stmt::Class {
                name,
                bases,
                decorators,
                body,
            } => {
                for d in decorators.iter().take(2) {
                    let d = expr(d, inner);
                    self.line(level, &format!("@{d}"), None);
                }
                let bases = if bases.is_empty() {
                    String::new()
                } else {
                    format!("({})", arguments(bases, inner))
                };
                self.line(level, &format!("class {}{bases}:", name.as_str()), None);
                let body_ctx = Ctx {
                    depth: ctx.depth + 1,
                    in_async: false,
                    in_function: false,
                    nested: false,
                };
                self.block(body, level + 1, body_ctx, true);
            }
            Stmt::If {
                test,
                body,
                orelse,
                one_line,
            } => {
                let head = format!("if {}:", expr(test, inner));
                if *one_line
                    && orelse.is_none()
                    && let Some(simple) = simple_line(body, inner)
                {
                    self.line(level, &format!("{head} {simple}"), None);
                    return;
                }
                self.line(level, &head, None);
                self.block(body, level + 1, inner, true);
                if let Some(e) = orelse {
                    self.line(level, "else:", None);
                    self.block(e, level + 1, inner, true);
                }
            }
            Stmt::TypeChecking(body) => {
                self.line(level, "if TYPE_CHECKING:", None);
                self.block(body, level + 1, inner, true);
            }
            Stmt::Try {
                body,
                handlers,
                finally,
            } => {
                self.line(level, "try:", None);
                self.block(body, level + 1, inner, true);
                for (ty, name, hbody) in handlers.iter().take(3) {
                    let mut head = String::from("except");
                    if let Some(t) = ty {
                        head.push(' ');
                        head.push_str(&expr(t, inner));
                        if let Some(n) = name {
                            head.push_str(" as ");
                            head.push_str(n.as_str());
                        }
                    }
                    head.push(':');
                    self.line(level, &head, None);
                    self.block(hbody, level + 1, inner, true);
                }
                if handlers.is_empty() || finally.is_some() {
                    self.line(level, "finally:", None);
                    self.block(finally.as_deref().unwrap_or(&[]), level + 1, inner, true);
                }
            }
            Stmt::With {
                is_async,
                items,
                body,
            } => {
                let mut parts = Vec::new();
                for (e, n) in items.iter().take(3) {
                    let mut p = expr(e, inner);
                    if let Some(n) = n {
                        p.push_str(" as ");
                        p.push_str(n.as_str());
                    }
                    parts.push(p);
                }
                if parts.is_empty() {
                    parts.push("x".into());
                }
                let kw = if *is_async && ctx.in_async {
                    "async with"
                } else {
                    "with"
                };
                self.line(level, &format!("{kw} {}:", parts.join(", ")), None);
                self.block(body, level + 1, inner, true);
            }
            Stmt::For {
                is_async,
                target,
                iter,
                body,
            } => {
                let kw = if *is_async && ctx.in_async {
                    "async for"
                } else {
                    "for"
                };
                let head = format!("{kw} {} in {}:", target_text(target), expr(iter, inner));
                self.line(level, &head, None);
                self.block(body, level + 1, inner, true);
            }
            Stmt::While(test, body) => {
                self.line(level, &format!("while {}:", expr(test, inner)), None);
                self.block(body, level + 1, inner, true);
            }
            Stmt::Import(
                Import::From {
                    module,
                    names,
                    parens,
                    trailing_comma,
                    comment,
                    backslash,
                },
                c,
            ) => {
                let names: Vec<String> = names
                    .iter()
                    .take(4)
                    .map(|a| match a.alias {
                        Some(al) => format!("{} as {}", a.name.as_str(), al.as_str()),
                        None => a.name.as_str().to_string(),
                    })
                    .collect();
                let names = if names.is_empty() {
                    vec!["create_manager".to_string()]
                } else {
                    names
                };
                let head = format!("from {} import ", module.as_str());
                if *parens {
                    self.indent(level);
                    self.out.push_str(&head);
                    self.out.push_str("(\n");
                    for (i, n) in names.iter().enumerate() {
                        self.indent(level + 1);
                        self.out.push_str(n);
                        if i + 1 < names.len() || *trailing_comma {
                            self.out.push(',');
                        }
                        if *comment && i == 0 {
                            self.out.push_str("  # first");
                        }
                        self.out.push('\n');
                    }
                    self.line(level, ")", c.as_ref());
                } else if *backslash {
                    self.line(level, &format!("{head}\\"), None);
                    self.line(level + 1, &names.join(", "), c.as_ref());
                } else {
                    self.line(level, &format!("{head}{}", names.join(", ")), c.as_ref());
                }
            }
            Stmt::Import(Import::Plain(mods), c) => {
                let mods: Vec<String> = mods
                    .iter()
                    .filter(|(m, _)| !m.relative())
                    .take(3)
                    .map(|(m, a)| match a {
                        Some(a) => format!("{} as {}", m.as_str(), a.as_str()),
                        None => m.as_str().to_string(),
                    })
                    .collect();
                if mods.is_empty() {
                    self.line(level, "import app.ws.factory", c.as_ref());
                } else {
                    self.line(level, &format!("import {}", mods.join(", ")), c.as_ref());
                }
            }
            Stmt::Import(Import::Star(m), c) => {
                // Only at module level (anywhere else it does not compile).
                if level == 0 {
                    self.line(level, &format!("from {} import *", m.as_str()), c.as_ref());
                }
            }
            Stmt::Semicolons(parts) => {
                if let Some(simple) = simple_line(parts, inner) {
                    self.line(level, &simple, None);
                }
            }
            Stmt::Comment(c) => self.line(level, c.text(), None),
            Stmt::Return(_) if !ctx.in_function => {}
            Stmt::Nonlocal(_) if !ctx.nested => {}
            other => {
                if let Some(text) = simple(other, inner) {
                    let comment = match other {
                        Stmt::Expr(_, c) => c.as_ref(),
                        _ => None,
                    };
                    self.line(level, &text, comment);
                }
            }
        }
    }
}

/// A suite of simple statements on one line (`a; b`), if it is one.
fn simple_line(body: &[Stmt], ctx: Ctx) -> Option<String> {
    let parts: Vec<String> = body.iter().take(3).filter_map(|s| simple(s, ctx)).collect();
    if parts.is_empty() || parts.len() != body.len().min(3) {
        return None;
    }
    Some(parts.join("; "))
}

/// A simple statement's text (no newline), or `None` for a compound one.
fn simple(s: &Stmt, ctx: Ctx) -> Option<String> {
    Some(match s {
        Stmt::Expr(e, _) => expr(e, ctx),
        Stmt::Assign(targets, value, backslash) => {
            let mut t: Vec<String> = targets.iter().take(2).map(target_text).collect();
            if t.is_empty() {
                t.push("x".into());
            }
            let sep = if *backslash { " = \\\n    " } else { " = " };
            format!("{}{sep}{}", t.join(" = "), expr(value, ctx))
        }
        Stmt::AugAssign(n, e) => format!("{} += {}", n.as_str(), expr(e, ctx)),
        Stmt::Annotated(n, ann, value) => match value {
            Some(v) => format!("{}: {} = {}", n.as_str(), expr(ann, ctx), expr(v, ctx)),
            None => format!("{}: {}", n.as_str(), expr(ann, ctx)),
        },
        Stmt::Return(e) if ctx.in_function => match e {
            Some(e) => format!("return {}", expr(e, ctx)),
            None => "return".into(),
        },
        Stmt::Global(names) => format!("global {}", names_or_x(names)),
        Stmt::Nonlocal(names) if ctx.nested => format!("nonlocal {}", names_or_x(names)),
        Stmt::Del(n) => format!("del {}", n.as_str()),
        Stmt::Pass => "pass".into(),
        Stmt::Import(Import::Plain(mods), _) => {
            let mods: Vec<&str> = mods
                .iter()
                .filter(|(m, _)| !m.relative())
                .take(2)
                .map(|(m, _)| m.as_str())
                .collect();
            if mods.is_empty() {
                return None;
            }
            format!("import {}", mods.join(", "))
        }
        Stmt::Import(Import::From { module, names, .. }, _) => {
            let names: Vec<String> = names
                .iter()
                .take(3)
                .map(|a| match a.alias {
                    Some(al) => format!("{} as {}", a.name.as_str(), al.as_str()),
                    None => a.name.as_str().to_string(),
                })
                .collect();
            if names.is_empty() {
                return None;
            }
            format!("from {} import {}", module.as_str(), names.join(", "))
        }
        Stmt::DunderAll(items) => {
            let items: Vec<String> = items
                .iter()
                .take(4)
                .map(|s| quoted(&s.value(), Quote::Double))
                .collect();
            format!("__all__ = [{}]", items.join(", "))
        }
        _ => return None,
    })
}

fn names_or_x(names: &[Name]) -> String {
    let mut v: Vec<&str> = names.iter().take(3).map(|n| n.as_str()).collect();
    v.dedup();
    if v.is_empty() {
        v.push("x");
    }
    v.join(", ")
}

fn target_text(t: &Target) -> String {
    match t {
        Target::Name(n) => n.as_str().into(),
        Target::Attr(a, b) => format!("{}.{}", a.as_str(), b.as_str()),
        Target::Tuple(ns) => {
            let v: Vec<&str> = ns.iter().take(3).map(|n| n.as_str()).collect();
            match v.len() {
                0 => "x".into(),
                1 => format!("{},", v[0]),
                _ => v.join(", "),
            }
        }
    }
}

fn parameters(params: &[Param], ctx: Ctx) -> String {
    let mut out: Vec<String> = Vec::new();
    let (mut star, mut dstar, mut default) = (false, false, false);
    for p in params.iter().take(5) {
        if dstar {
            break;
        }
        match p {
            Param::Plain(n) if !default || star => out.push(n.as_str().into()),
            Param::Default(n, e) => {
                default = true;
                out.push(format!("{}={}", n.as_str(), expr(e, ctx)));
            }
            Param::Typed(n, e) if !default || star => {
                out.push(format!("{}: {}", n.as_str(), expr(e, ctx)))
            }
            Param::Star(n) if !star => {
                star = true;
                out.push(format!("*{}", n.as_str()));
            }
            Param::KeywordOnly if !star => {
                // A bare `*` needs a keyword-only parameter after it.
                star = true;
                out.push("*".into());
                out.push("kw".into());
            }
            Param::DoubleStar(n) => {
                dstar = true;
                out.push(format!("**{}", n.as_str()));
            }
            _ => {}
        }
    }
    out.join(", ")
}

fn arguments(args: &[Arg], ctx: Ctx) -> String {
    let parts: Vec<String> = args
        .iter()
        .take(4)
        .map(|a| match a {
            Arg::Pos(e) => expr(e, ctx),
            Arg::Kw(n, e) => format!("{}={}", n.as_str(), expr(e, ctx)),
            Arg::Star(e) => format!("*{}", expr(e, ctx)),
            Arg::DoubleStar(e) => format!("**{}", expr(e, ctx)),
        })
        .collect();
    parts.join(", ")
}

fn quoted(value: &str, q: Quote) -> String {
    match q {
        Quote::Double => format!("\"{value}\""),
        Quote::Single => format!("'{value}'"),
        Quote::Triple => format!("\"\"\"{value}\"\"\""),
        Quote::Raw => format!("r\"{value}\""),
        Quote::Bytes => format!("b\"{value}\""),
    }
}

/// An expression's text; `await` only where it compiles.
fn expr(e: &Expr, ctx: Ctx) -> String {
    if ctx.depth > MAX_DEPTH + 4 {
        return "x".into();
    }
    let c = Ctx {
        depth: ctx.depth + 1,
        ..ctx
    };
    match e {
        Expr::RuleCall(f, args) => format!("{}({})", f.as_str(), arguments(args, c)),
        Expr::Name(n) => n.as_str().into(),
        Expr::Attr(o, n) => format!("{}.{}", atom(o, c), n.as_str()),
        Expr::Dotted(m, n) => {
            let m = if m.relative() {
                "app.ws.factory"
            } else {
                m.as_str()
            };
            match n {
                Some(n) => format!("{m}.{}", n.as_str()),
                None => m.into(),
            }
        }
        Expr::Call(f, args) => format!("{}({})", atom(f, c), arguments(args, c)),
        Expr::CallGenerator(f, elt, var, iter) => format!(
            "{}({} for {} in {})",
            atom(f, c),
            expr(elt, c),
            var.as_str(),
            atom(iter, c)
        ),
        Expr::PathCall(api, s) => {
            let s = quoted(&s.value(), Quote::Double);
            match api {
                PathApi::Patch => format!("patch({s})"),
                PathApi::MockPatch => format!("mock.patch({s})"),
                PathApi::PatchDict => format!("patch.dict({s}, {{}})"),
                PathApi::PatchObject => format!("patch.object(factory, {s})"),
                PathApi::Mocker => format!("mocker.patch(target={s})"),
                PathApi::Monkeypatch => format!("monkeypatch.setattr({s}, None)"),
                PathApi::ImportModule => format!("importlib.import_module({s})"),
                PathApi::ImportString => format!("import_string({s})"),
                PathApi::Dunder => format!("__import__({s})"),
            }
        }
        Expr::Str(s, q) => quoted(&s.value(), *q),
        Expr::FString(inner) => format!("f\"{{{}!r}}\"", expr(inner, c)),
        Expr::Int(n) => n.to_string(),
        Expr::None_ => "None".into(),
        Expr::Await(inner) if ctx.in_async => format!("await {}", atom(inner, c)),
        Expr::Await(inner) => expr(inner, c),
        Expr::Walrus(n, v) => format!("({} := {})", n.as_str(), expr(v, c)),
        Expr::Lambda(params, body) => {
            let mut ps: Vec<&str> = params.iter().take(2).map(|n| n.as_str()).collect();
            ps.sort_unstable();
            ps.dedup();
            let lc = Ctx {
                in_async: false,
                ..c
            };
            format!("(lambda {}: {})", ps.join(", "), expr(body, lc))
        }
        Expr::ListComp(elt, var, iter) => {
            // A list comprehension is no async scope of its own.
            format!(
                "[{} for {} in {}]",
                expr(elt, c),
                var.as_str(),
                expr(iter, c)
            )
        }
        Expr::Tuple(items) => {
            let v: Vec<String> = items.iter().take(3).map(|i| expr(i, c)).collect();
            match v.len() {
                0 => "()".into(),
                1 => format!("({},)", v[0]),
                _ => format!("({})", v.join(", ")),
            }
        }
        Expr::List(items) => {
            let v: Vec<String> = items.iter().take(3).map(|i| expr(i, c)).collect();
            format!("[{}]", v.join(", "))
        }
        Expr::Dict(items) => {
            let v: Vec<String> = items
                .iter()
                .take(3)
                .map(|(k, v)| format!("{}: {}", quoted(&k.value(), Quote::Single), expr(v, c)))
                .collect();
            format!("{{{}}}", v.join(", "))
        }
        Expr::Subscript(o, i) => format!("{}[{}]", atom(o, c), expr(i, c)),
        Expr::BinOp(a, op, b) => {
            let op = match op {
                Op::Add => " + ",
                Op::Or => " or ",
                Op::And => " and ",
                Op::Eq => " == ",
                Op::Dot => " @ ",
            };
            format!("{}{op}{}", atom(a, c), atom(b, c))
        }
        Expr::Not(a) => format!("not {}", atom(a, c)),
        Expr::Ternary(a, t, b) => format!("{} if {} else {}", atom(a, c), atom(t, c), atom(b, c)),
        Expr::Paren(a) => format!("({})", expr(a, c)),
        Expr::Multiline(a) => format!("(\n    {}\n)", expr(a, c)),
    }
}

/// An expression that can take `.x`, `(…)` or `[…]` after it.
fn atom(e: &Expr, ctx: Ctx) -> String {
    match e {
        Expr::RuleCall(..)
        | Expr::Name(_)
        | Expr::Attr(..)
        | Expr::Dotted(..)
        | Expr::Call(..)
        | Expr::CallGenerator(..)
        | Expr::PathCall(..)
        | Expr::Str(..)
        | Expr::FString(_)
        | Expr::None_
        | Expr::Walrus(..)
        | Expr::Lambda(..)
        | Expr::ListComp(..)
        | Expr::Tuple(_)
        | Expr::List(_)
        | Expr::Dict(_)
        | Expr::Subscript(..)
        | Expr::Paren(_)
        | Expr::Multiline(_) => expr(e, ctx),
        _ => format!("({})", expr(e, ctx)),
    }
}
