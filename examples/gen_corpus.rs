//! Synthetic Python monorepo for benchmarks (see benches/README.md).
//!
//! ```text
//! cargo run --release --example gen_corpus -- N [OUT_DIR]     # OUT_DIR defaults to bench-corpus
//! ```
//!
//! Writes N `.py` files shaped like a real service monorepo
//! (`services/<svc>/app/<area>/...`, `services/<svc>/tests/...`, package
//! `__init__.py`s), averaging ~18 KB per file (mixed small and large files), with
//! ~2% of the files violating the two rules of the generated `canon.toml`
//! (`[[move]]` of `create_websocket_manager`, `[[rewrite]]` of
//! `get_websocket_manager_factory()`) in varied forms, and ~1% near misses that
//! mention the names without being violations. Also writes the deprecated and
//! canonical modules, `canon.toml`, a `pyproject.toml` with ruff's equivalent
//! `banned-api` config, and `.corpus-manifest.json` (hidden, so rg/ruff/canon
//! ignore it) listing which files hold which violation forms.
//!
//! Std only. A fixed-seed xorshift PRNG makes the output byte-for-byte
//! deterministic for a given N (file contents do not depend on thread count).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{env, fs, process, thread};

const SEED: u64 = 0x9E37_79B9_7F4A_7C15;
const OLD_MOD: &str = "netra_backend.app.websocket_core.websocket_manager_factory";
const NEW_MOD: &str = "netra_backend.app.websocket_core.websocket_manager";
const MANIFEST: &str = ".corpus-manifest.json";

// ---------------------------------------------------------------- PRNG

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // splitmix64 scramble so nearby seeds give unrelated streams; never 0.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 1 } else { z })
    }
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
    /// Inclusive range.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------- vocabulary
// No word here may combine into `create_websocket_manager` or
// `get_websocket_manager_factory` ("websocket" is deliberately absent).

const NOUNS: &[&str] = &[
    "user",
    "session",
    "account",
    "order",
    "invoice",
    "payment",
    "message",
    "thread",
    "agent",
    "tool",
    "event",
    "metric",
    "report",
    "token",
    "config",
    "request",
    "response",
    "workflow",
    "job",
    "task",
    "queue",
    "channel",
    "connection",
    "tenant",
    "quota",
    "audit",
    "record",
    "profile",
    "document",
    "embedding",
    "prompt",
    "run",
    "step",
    "trace",
    "span",
    "credential",
    "webhook",
    "subscription",
    "plan",
    "usage",
    "notification",
    "template",
    "asset",
    "bucket",
    "partition",
    "cursor",
    "batch",
    "snapshot",
    "checkpoint",
    "pipeline",
    "provider",
    "route",
    "policy",
    "role",
    "permission",
    "organization",
    "workspace",
    "project",
    "dataset",
    "query",
    "result",
    "thread",
    "corpus",
    "feedback",
    "alert",
    "incident",
    "deployment",
    "secret",
];
const VERBS: &[&str] = &[
    "get",
    "create",
    "update",
    "delete",
    "fetch",
    "load",
    "build",
    "process",
    "handle",
    "validate",
    "sync",
    "refresh",
    "resolve",
    "dispatch",
    "publish",
    "compute",
    "render",
    "parse",
    "normalize",
    "ensure",
    "register",
    "schedule",
    "cancel",
    "retry",
    "merge",
    "apply",
    "collect",
    "emit",
    "record",
    "flush",
    "prepare",
    "serialize",
    "decode",
    "encode",
    "index",
    "rank",
    "score",
    "filter",
    "enrich",
    "persist",
    "archive",
    "reconcile",
];
const QUALS: &[&str] = &[
    "active", "pending", "cached", "default", "batch", "remote", "internal", "scoped", "legacy",
    "primary", "stale", "expired", "partial", "raw", "bulk", "recent", "shared", "local",
    "current", "next", "last", "max", "min", "total",
];
const SUFFIXES: &[&str] = &[
    "service",
    "handler",
    "manager",
    "client",
    "repository",
    "schemas",
    "models",
    "utils",
    "router",
    "tasks",
    "validators",
    "serializers",
    "helpers",
    "registry",
    "adapter",
    "store",
    "policy",
    "provider",
    "builder",
    "dispatcher",
    "processor",
    "resolver",
    "gateway",
    "worker",
    "middleware",
    "events",
    "types",
    "constants",
    "exceptions",
    "dependencies",
    "state",
    "cache",
];
const AREAS: &[&str] = &[
    "api",
    "core",
    "models",
    "schemas",
    "services",
    "db",
    "repositories",
    "handlers",
    "routes",
    "middleware",
    "workers",
    "tasks",
    "clients",
    "utils",
    "agents",
    "auth",
    "billing",
    "events",
    "monitoring",
    "integrations",
    "realtime",
    "llm",
    "tools",
    "caching",
    "settings",
    "analytics",
    "notifications",
    "storage",
    "pipelines",
    "admin",
    "search",
    "jobs",
];
const SUBAREAS: &[&str] = &[
    "v1",
    "v2",
    "internal",
    "adapters",
    "providers",
    "handlers",
    "domain",
    "infra",
    "common",
    "contrib",
    "backends",
    "strategies",
    "executors",
    "policies",
    "legacy",
    "experimental",
];
const SERVICES: &[&str] = &[
    "auth_service",
    "billing",
    "analytics",
    "notifications",
    "gateway",
    "search",
    "inventory",
    "scheduler",
    "reporting",
    "ingest",
    "agents",
    "users",
    "payments",
    "catalog",
    "messaging",
    "audit",
    "workflows",
    "exports",
    "identity",
    "insights",
];
const TYPES: &[&str] = &[
    "str",
    "int",
    "float",
    "bool",
    "dict[str, Any]",
    "list[str]",
    "Optional[str]",
    "Optional[int]",
    "list[dict[str, Any]]",
    "UserContext",
    "Sequence[str]",
    "Mapping[str, Any]",
    "datetime",
    "uuid.UUID",
    "timedelta",
    "set[str]",
    "tuple[str, int]",
];
const EXCEPTIONS: &[&str] = &[
    "ValueError",
    "KeyError",
    "TimeoutError",
    "ConnectionError",
    "RuntimeError",
    "asyncio.TimeoutError",
    "json.JSONDecodeError",
    "PermissionError",
    "LookupError",
];
const WORDS: &[&str] = &[
    "the",
    "request",
    "is",
    "retried",
    "when",
    "upstream",
    "returns",
    "a",
    "transient",
    "error",
    "we",
    "keep",
    "this",
    "for",
    "backwards",
    "compatibility",
    "with",
    "older",
    "clients",
    "each",
    "tenant",
    "has",
    "its",
    "own",
    "quota",
    "and",
    "rate",
    "limit",
    "values",
    "are",
    "cached",
    "per",
    "process",
    "to",
    "avoid",
    "hitting",
    "database",
    "on",
    "every",
    "call",
    "note",
    "that",
    "ordering",
    "matters",
    "here",
    "because",
    "events",
    "may",
    "arrive",
    "late",
    "see",
    "runbook",
    "before",
    "changing",
    "timeouts",
    "payload",
    "must",
    "be",
    "serialisable",
    "handler",
    "runs",
    "inside",
    "event",
    "loop",
    "so",
    "never",
    "block",
    "it",
    "metrics",
    "emitted",
    "after",
    "commit",
    "only",
    "state",
    "transitions",
    "validated",
    "by",
    "schema",
];

fn camel(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for part in s.split('_') {
        let mut cs = part.chars();
        if let Some(c) = cs.next() {
            out.extend(c.to_uppercase());
            out.push_str(cs.as_str());
        }
    }
    out
}

fn pad(ind: usize) -> &'static str {
    const SP: &str = "                                                                ";
    &SP[..(ind * 4).min(SP.len())]
}

// ---------------------------------------------------------------- plan

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Init,
    Module,
    Test,
    Conftest,
    /// Hand-written files of the websocket_core package.
    Fixed(u8),
}

/// Violation forms. All but the three string forms are imports that ruff's
/// TID251 sees.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    Plain,
    Alias,
    Paren,
    InFunc,
    TryImport,
    ModuleAlias,
    ModuleDotted,
    GetterAsync,
    GetterSync,
    Relative,
    PatchCtx,
    PatchDecorator,
    MonkeypatchSetattr,
}

impl Form {
    fn name(self) -> &'static str {
        match self {
            Form::Plain => "plain",
            Form::Alias => "alias",
            Form::Paren => "paren",
            Form::InFunc => "in_func",
            Form::TryImport => "try_import",
            Form::ModuleAlias => "module_alias",
            Form::ModuleDotted => "module_dotted",
            Form::GetterAsync => "getter_async",
            Form::GetterSync => "getter_sync",
            Form::Relative => "relative",
            Form::PatchCtx => "patch_ctx",
            Form::PatchDecorator => "patch_decorator",
            Form::MonkeypatchSetattr => "monkeypatch_setattr",
        }
    }
    fn is_import(self) -> bool {
        !matches!(
            self,
            Form::PatchCtx | Form::PatchDecorator | Form::MonkeypatchSetattr
        )
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Near {
    LocalDef,
    Comment,
    CanonicalImport,
    MethodCall,
    LogString,
}

impl Near {
    fn name(self) -> &'static str {
        match self {
            Near::LocalDef => "local_def",
            Near::Comment => "comment",
            Near::CanonicalImport => "canonical_import",
            Near::MethodCall => "method_call",
            Near::LogString => "log_string",
        }
    }
}

struct File {
    path: String,
    kind: Kind,
    dir: usize,
    forms: Vec<Form>,
    near: Option<Near>,
}

struct Dir {
    path: String,
    /// Module stems in this directory (not `__init__`).
    stems: Vec<String>,
}

struct Plan {
    files: Vec<File>,
    dirs: Vec<Dir>,
    /// Indices of Module files (import targets for intra-repo imports).
    modules: Vec<usize>,
}

impl Plan {
    fn dir_of(&mut self, path: &str) -> usize {
        if let Some(i) = self.dirs.iter().rposition(|d| d.path == path) {
            return i;
        }
        self.dirs.push(Dir {
            path: path.to_string(),
            stems: Vec::new(),
        });
        self.dirs.len() - 1
    }
    fn push(&mut self, dir: &str, name: &str, kind: Kind) {
        let d = self.dir_of(dir);
        let path = if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        };
        if matches!(kind, Kind::Module) {
            self.modules.push(self.files.len());
        }
        if let Some(stem) = name.strip_suffix(".py") {
            if stem != "__init__" && stem != "conftest" {
                self.dirs[d].stems.push(stem.to_string());
            }
        }
        self.files.push(File {
            path,
            kind,
            dir: d,
            forms: Vec::new(),
            near: None,
        });
    }
    fn unique_stem(&self, dir: usize, base: String) -> String {
        let stems = &self.dirs[dir].stems;
        if !stems.contains(&base) {
            return base;
        }
        (2..)
            .map(|i| format!("{base}_{i}"))
            .find(|s| !stems.contains(s))
            .unwrap()
    }
}

fn make_plan(n: usize, rng: &mut Rng) -> Plan {
    let mut p = Plan {
        files: Vec::new(),
        dirs: Vec::new(),
        modules: Vec::new(),
    };
    let core = "netra_backend/app/websocket_core";
    p.push("netra_backend", "__init__.py", Kind::Init);
    p.push("netra_backend/app", "__init__.py", Kind::Init);
    p.push(core, "__init__.py", Kind::Fixed(0));
    p.push(core, "websocket_manager.py", Kind::Fixed(1));
    p.push(core, "websocket_manager_factory.py", Kind::Fixed(2));
    if n >= 1000 {
        // Sibling modules inside the package: a relative-import violation and
        // a relative import of the canonical module (not a violation).
        p.push(core, "connection_handler.py", Kind::Fixed(3));
        p.push(core, "event_router.py", Kind::Fixed(4));
    }
    if p.files.len() >= n {
        p.files.truncate(n.max(1));
        return p;
    }
    p.push("services", "__init__.py", Kind::Init);
    p.push("services/common", "__init__.py", Kind::Init);
    p.push("services/common", "context.py", Kind::Fixed(5));
    if p.files.len() >= n {
        p.files.truncate(n);
        return p;
    }

    let n_services = ((n - p.files.len()) / 700).max(1);
    let start = p.files.len();
    let per = (n - start) / n_services;
    for s in 0..n_services {
        let end = if s + 1 == n_services {
            n
        } else {
            start + per * (s + 1)
        };
        let svc = if s < SERVICES.len() {
            SERVICES[s].to_string()
        } else {
            format!("{}{}", SERVICES[s % SERVICES.len()], s / SERVICES.len() + 1)
        };
        let root = format!("services/{svc}");
        let skeleton: [(String, &str, Kind); 6] = [
            (root.clone(), "__init__.py", Kind::Init),
            (format!("{root}/app"), "__init__.py", Kind::Init),
            (format!("{root}/tests"), "__init__.py", Kind::Init),
            (format!("{root}/tests"), "conftest.py", Kind::Conftest),
            (format!("{root}/tests/unit"), "__init__.py", Kind::Init),
            (
                format!("{root}/tests/integration"),
                "__init__.py",
                Kind::Init,
            ),
        ];
        for (d, name, k) in skeleton {
            if p.files.len() < end {
                p.push(&d, name, k);
            }
        }
        let mut app_dirs: Vec<(String, usize)> = Vec::new(); // (path, depth)
        let mut test_dirs: Vec<String> = vec![
            format!("{root}/tests/unit"),
            format!("{root}/tests/integration"),
        ];
        while p.files.len() < end {
            let r = rng.below(100);
            if app_dirs.is_empty() || r < 4 {
                // new package under app/ (area) or under an existing one
                let (parent, depth) = if !app_dirs.is_empty() && rng.chance(0.45) {
                    let (d, depth) = rng.pick(&app_dirs).clone();
                    if depth >= 3 {
                        continue;
                    }
                    (d, depth)
                } else {
                    (format!("{root}/app"), 0)
                };
                let name = if depth == 0 {
                    *rng.pick(AREAS)
                } else {
                    *rng.pick(SUBAREAS)
                };
                let d = format!("{parent}/{name}");
                if app_dirs.iter().any(|(x, _)| *x == d) {
                    continue;
                }
                p.push(&d, "__init__.py", Kind::Init);
                app_dirs.push((d, depth + 1));
            } else if r < 6 {
                let name = *rng.pick(AREAS);
                let d = format!("{root}/tests/unit/{name}");
                if test_dirs.contains(&d) {
                    continue;
                }
                p.push(&d, "__init__.py", Kind::Init);
                test_dirs.push(d);
            } else if r < 72 {
                // favour recently created packages a little, as real trees grow
                let i = if rng.chance(0.3) {
                    app_dirs.len() - 1 - rng.below(app_dirs.len().min(3))
                } else {
                    rng.below(app_dirs.len())
                };
                let d = app_dirs[i].0.clone();
                let di = p.dir_of(&d);
                let base = match rng.below(3) {
                    0 => format!("{}_{}", rng.pick(NOUNS), rng.pick(SUFFIXES)),
                    1 => format!(
                        "{}_{}_{}",
                        rng.pick(QUALS),
                        rng.pick(NOUNS),
                        rng.pick(SUFFIXES)
                    ),
                    _ => format!("{}_{}", rng.pick(NOUNS), rng.pick(NOUNS)),
                };
                let stem = p.unique_stem(di, base);
                p.push(&d, &format!("{stem}.py"), Kind::Module);
            } else {
                let d = rng.pick(&test_dirs).clone();
                let di = p.dir_of(&d);
                let base = match rng.below(3) {
                    0 => format!("test_{}_{}", rng.pick(NOUNS), rng.pick(SUFFIXES)),
                    1 => format!("test_{}_{}", rng.pick(VERBS), rng.pick(NOUNS)),
                    _ => format!(
                        "test_{}_{}_{}",
                        rng.pick(QUALS),
                        rng.pick(NOUNS),
                        rng.pick(SUFFIXES)
                    ),
                };
                let stem = p.unique_stem(di, base);
                p.push(&d, &format!("{stem}.py"), Kind::Test);
            }
        }
    }
    p
}

fn assign_violations(p: &mut Plan, n: usize, rng: &mut Rng) {
    let mut cands: Vec<usize> = (0..p.files.len())
        .filter(|&i| matches!(p.files[i].kind, Kind::Module | Kind::Test))
        .collect();
    // partial Fisher-Yates
    let n_viol = ((n as f64 * 0.02).round() as usize).min(cands.len());
    let n_near = ((n as f64 * 0.01).round() as usize).min(cands.len() - n_viol);
    for i in 0..(n_viol + n_near) {
        let j = i + rng.below(cands.len() - i);
        cands.swap(i, j);
    }
    const MODULE_FORMS: &[Form] = &[
        Form::Plain,
        Form::Plain,
        Form::Plain,
        Form::Alias,
        Form::Alias,
        Form::Paren,
        Form::Paren,
        Form::InFunc,
        Form::InFunc,
        Form::TryImport,
        Form::ModuleAlias,
        Form::ModuleAlias,
        Form::ModuleDotted,
        Form::GetterAsync,
        Form::GetterAsync,
        Form::GetterAsync,
        Form::GetterSync,
    ];
    const TEST_STRING_FORMS: &[Form] = &[
        Form::PatchCtx,
        Form::PatchCtx,
        Form::PatchDecorator,
        Form::MonkeypatchSetattr,
    ];
    const TEST_IMPORT_FORMS: &[Form] = &[Form::Plain, Form::InFunc, Form::Alias, Form::GetterAsync];
    const NEARS: &[Near] = &[
        Near::LocalDef,
        Near::Comment,
        Near::CanonicalImport,
        Near::MethodCall,
        Near::LogString,
    ];
    for (k, &fi) in cands[..n_viol].iter().enumerate() {
        let f = &mut p.files[fi];
        let mut forms = Vec::new();
        if f.kind == Kind::Test {
            // every form appears at least once (k < 4 covers the first picks)
            let r = rng.below(10);
            if r < 6 || k < 2 {
                forms.push(*rng.pick(TEST_STRING_FORMS));
            } else if r < 8 {
                forms.push(*rng.pick(TEST_IMPORT_FORMS));
            } else {
                forms.push(*rng.pick(TEST_IMPORT_FORMS));
                forms.push(*rng.pick(TEST_STRING_FORMS));
            }
        } else {
            forms.push(if k < MODULE_FORMS.len() {
                MODULE_FORMS[k]
            } else {
                *rng.pick(MODULE_FORMS)
            });
            if rng.chance(0.25) {
                let g = *rng.pick(MODULE_FORMS);
                if !forms.contains(&g) {
                    forms.push(g);
                }
            }
        }
        f.forms = forms;
    }
    for (k, &fi) in cands[n_viol..n_viol + n_near].iter().enumerate() {
        p.files[fi].near = Some(if k < NEARS.len() {
            NEARS[k]
        } else {
            *rng.pick(NEARS)
        });
    }
}

// ---------------------------------------------------------------- content

/// `wl!(gen, indent, "fmt", args...)`: format first (the arguments may use the
/// generator's RNG), then write the line.
macro_rules! wl {
    ($g:expr, $ind:expr, $($arg:tt)*) => {{
        let line = format!($($arg)*);
        $g.w($ind, &line);
    }};
}

struct Gen<'a> {
    rng: Rng,
    o: String,
    plan: &'a Plan,
    /// Dotted package of the file being written.
    pkg: String,
    classes: Vec<String>,
}

impl<'a> Gen<'a> {
    fn w(&mut self, ind: usize, line: &str) {
        self.o.push_str(pad(ind));
        self.o.push_str(line);
        self.o.push('\n');
    }
    fn noun(&mut self) -> &'static str {
        NOUNS[self.rng.below(NOUNS.len())]
    }
    fn verb(&mut self) -> &'static str {
        VERBS[self.rng.below(VERBS.len())]
    }
    fn qual(&mut self) -> &'static str {
        QUALS[self.rng.below(QUALS.len())]
    }
    fn var(&mut self) -> String {
        match self.rng.below(4) {
            0 => format!("{}_{}", self.qual(), self.noun()),
            1 => format!("{}s", self.noun()),
            _ => self.noun().to_string(),
        }
    }
    fn ty(&mut self) -> String {
        if !self.classes.is_empty() && self.rng.chance(0.15) {
            let c = self.rng.pick(&self.classes).clone();
            return if self.rng.chance(0.5) {
                format!("Optional[{c}]")
            } else {
                c
            };
        }
        self.rng.pick(TYPES).to_string()
    }
    fn sentence(&mut self, lo: usize, hi: usize) -> String {
        let n = self.rng.range(lo, hi);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(WORDS[self.rng.below(WORDS.len())]);
        }
        if let Some(c) = s.get_mut(0..1) {
            c.make_ascii_uppercase();
        }
        s
    }
    fn class_name(&mut self) -> String {
        let s = match self.rng.below(3) {
            0 => format!("{}_{}", self.noun(), self.rng.pick(SUFFIXES)),
            1 => format!("{}_{}", self.qual(), self.noun()),
            _ => format!(
                "{}_{}_{}",
                self.noun(),
                self.noun(),
                self.rng.pick(SUFFIXES)
            ),
        };
        camel(&s)
    }

    fn expr(&mut self, is_async: bool, is_method: bool) -> String {
        let s = if is_method { "self." } else { "" };
        match self.rng.below(14) {
            0 => format!("{s}_{}s.get({})", self.noun(), self.var()),
            1 => format!("len({})", self.var()),
            2 if is_async => format!(
                "await {s}_{}.{}_{}({})",
                self.noun(),
                self.verb(),
                self.noun(),
                self.var()
            ),
            3 => format!("{} or {{}}", self.var()),
            4 => format!("[item for item in {} if item is not None]", self.var()),
            5 => format!(
                "int(os.environ.get(\"{}_{}\", \"{}\"))",
                self.noun().to_uppercase(),
                self.qual().to_uppercase(),
                self.rng.range(1, 5000)
            ),
            6 => "datetime.now(timezone.utc)".to_string(),
            7 => format!("json.dumps({}, default=str, sort_keys=True)", self.var()),
            8 => format!(
                "{{\"id\": str(uuid.uuid4()), \"{}\": {}, \"ts\": time.time()}}",
                self.noun(),
                self.var()
            ),
            9 => format!(
                "{}_{}({}, {}={})",
                self.verb(),
                self.noun(),
                self.var(),
                self.noun(),
                self.rng.range(0, 100)
            ),
            10 => format!(
                "{}.get(\"{}\", {})",
                self.var(),
                self.noun(),
                self.rng.range(0, 10)
            ),
            11 => format!("time.monotonic() - {}", self.var()),
            12 => format!("{}.{}_{}()", self.var(), self.verb(), self.noun()),
            _ => format!("{}", self.rng.range(0, 1000)),
        }
    }

    fn block(&mut self, ind: usize, n: usize, is_async: bool, is_method: bool, depth: usize) {
        for _ in 0..n {
            self.stmt(ind, is_async, is_method, depth);
        }
    }

    fn block_r(
        &mut self,
        ind: usize,
        lo: usize,
        hi: usize,
        is_async: bool,
        is_method: bool,
        depth: usize,
    ) {
        let n = self.rng.range(lo, hi);
        self.block(ind, n, is_async, is_method, depth);
    }

    fn stmt(&mut self, ind: usize, is_async: bool, is_method: bool, depth: usize) {
        let k = self.rng.below(if depth < 2 { 18 } else { 11 });
        match k {
            0 | 1 => {
                let v = self.var();
                let e = self.expr(is_async, is_method);
                wl!(self, ind, "{v} = {e}");
            }
            2 => {
                let (v, n) = (self.var(), self.noun());
                let lvl = *self.rng.pick(&["debug", "info", "info", "warning"]);
                let verb = self.verb();
                wl!(
                    self,
                    ind,
                    "logger.{lvl}(f\"{verb} {n} {{{v}!r}} in {{elapsed:.3f}}s (attempt {{attempt}})\")"
                );
            }
            3 => {
                let c = self.sentence(5, 14);
                wl!(self, ind, "# {c}.");
                let v = self.var();
                let e = self.expr(is_async, is_method);
                wl!(self, ind, "{v} = {e}");
            }
            4 => {
                let v = self.var();
                wl!(self, ind, "{v}: dict[str, Any] = {{");
                for _ in 0..self.rng.range(2, 6) {
                    let (key, val) = (self.noun(), self.expr(false, is_method));
                    wl!(self, ind + 1, "\"{key}\": {val},");
                }
                self.w(ind, "}");
            }
            5 => {
                let (v, a, src) = (self.var(), self.noun(), self.var());
                wl!(
                    self,
                    ind,
                    "{v} = [{a}.{} for {a} in {src} if {a}.{}]",
                    self.noun(),
                    self.qual()
                );
            }
            6 => {
                let (aw, s) = (
                    if is_async { "await " } else { "" },
                    if is_method { "self." } else { "" },
                );
                let (verb, n, v) = (self.verb(), self.noun(), self.var());
                wl!(
                    self,
                    ind,
                    "{aw}{s}_{verb}_{n}({v}, timeout=DEFAULT_TIMEOUT)"
                );
            }
            7 => {
                let v = self.var();
                let n = self.noun();
                wl!(self, ind, "if not {v}:");
                wl!(
                    self,
                    ind + 1,
                    "raise ValueError(f\"missing {n} for {{{v}!r}}\")"
                );
            }
            8 => {
                let v = self.var();
                wl!(
                    self,
                    ind,
                    "{v}.setdefault(\"{}\", []).append({})",
                    self.noun(),
                    self.var()
                );
            }
            9 => {
                let (a, b) = (self.var(), self.var());
                wl!(
                    self,
                    ind,
                    "{a} = (\n{p}    f\"{}: {{{b}}} \"\n{p}    f\"({} {{{a}}})\"\n{p})",
                    self.sentence(2, 5),
                    self.noun(),
                    p = pad(ind)
                );
            }
            10 => {
                let v = self.var();
                wl!(self, ind, "{v} += {}", self.rng.range(1, 9));
            }
            11 => {
                let v = self.var();
                let q = self.qual();
                wl!(self, ind, "if {v} is None or {v}.{q}:");
                self.block_r(ind + 1, 1, 3, is_async, is_method, depth + 1);
                if self.rng.chance(0.5) {
                    self.w(ind, "else:");
                    self.block_r(ind + 1, 1, 3, is_async, is_method, depth + 1);
                }
            }
            12 => {
                let it = self.noun();
                let src = self.var();
                let af = if is_async && self.rng.chance(0.2) {
                    "async "
                } else {
                    ""
                };
                wl!(self, ind, "{af}for {it} in {src}:");
                self.block_r(ind + 1, 1, 4, is_async, is_method, depth + 1);
            }
            13 => {
                self.w(ind, "try:");
                self.block_r(ind + 1, 1, 3, is_async, is_method, depth + 1);
                let ex = *self.rng.pick(EXCEPTIONS);
                wl!(self, ind, "except {ex} as exc:");
                let n = self.noun();
                wl!(
                    self,
                    ind + 1,
                    "logger.warning(f\"{n} failed: {{exc}}\", exc_info=True)"
                );
                if self.rng.chance(0.5) {
                    self.w(ind + 1, "raise");
                }
            }
            14 => {
                let (aw, s) = (
                    if is_async { "async " } else { "" },
                    if is_method { "self." } else { "" },
                );
                wl!(self, ind, "{aw}with {s}_lock:");
                self.block_r(ind + 1, 1, 3, is_async, is_method, depth + 1);
            }
            15 => {
                let v = self.var();
                self.w(ind, "attempt = 0");
                wl!(self, ind, "while {v} and attempt < MAX_RETRIES:");
                self.w(ind + 1, "attempt += 1");
                self.block_r(ind + 1, 1, 2, is_async, is_method, depth + 1);
                if is_async {
                    self.w(ind + 1, "await asyncio.sleep(backoff * attempt)");
                }
            }
            16 => {
                let v = self.var();
                wl!(self, ind, "{v} = {{");
                wl!(
                    self,
                    ind + 1,
                    "key: value for key, value in {}.items() if value is not None",
                    self.var()
                );
                self.w(ind, "}");
            }
            _ => {
                let v = self.var();
                wl!(
                    self,
                    ind,
                    "assert {v} is not None, \"{} must be set\"",
                    self.noun()
                );
            }
        }
    }

    /// Parameter list items (`self`, `*`, `name: T`, `name: T = d`).
    fn params(&mut self, is_method: bool, kind: u8) -> Vec<String> {
        let mut names: Vec<&'static str> = Vec::new();
        let mut s = Vec::new();
        if is_method {
            s.push(if kind == 1 { "cls" } else { "self" }.to_string());
        }
        let n_req = self.rng.range(0, 3);
        let n_opt = self.rng.range(0, 3);
        for i in 0..(n_req + n_opt) {
            let n = self.noun();
            if names.contains(&n) {
                continue;
            }
            names.push(n);
            let t = self.ty();
            if i < n_req {
                s.push(format!("{n}: {t}"));
            } else {
                if i == n_req && self.rng.chance(0.4) {
                    s.push("*".to_string());
                }
                let d = *self
                    .rng
                    .pick(&["None", "0", "False", "\"\"", "DEFAULT_TIMEOUT", "30.0"]);
                s.push(format!("{n}: {t} = {d}"));
            }
        }
        s
    }

    fn function(&mut self, ind: usize, is_method: bool) {
        let is_async = self.rng.chance(0.45);
        let mut kind = 0u8; // 0 plain, 1 classmethod, 2 staticmethod
        if is_method {
            match self.rng.below(12) {
                0 => {
                    self.w(ind, "@property");
                    let n = self.noun();
                    wl!(self, ind, "def {n}_count(self) -> int:");
                    wl!(
                        self,
                        ind + 1,
                        "\"\"\"Number of {n}s currently tracked.\"\"\""
                    );
                    wl!(self, ind + 1, "return len(self._{n}s)");
                    self.o.push('\n');
                    return;
                }
                1 => {
                    self.w(ind, "@classmethod");
                    kind = 1;
                }
                2 => {
                    self.w(ind, "@staticmethod");
                    kind = 2;
                }
                _ => {}
            }
        } else {
            match self.rng.below(8) {
                0 => wl!(
                    self,
                    ind,
                    "@lru_cache(maxsize={})",
                    self.rng.pick(&["None", "128", "1024"])
                ),
                1 => self.w(ind, "@log_calls"),
                2 => {
                    let (n, m) = (
                        self.noun(),
                        *self.rng.pick(&["get", "post", "put", "delete"]),
                    );
                    wl!(
                        self,
                        ind,
                        "@router.{m}(\"/{n}s/{{{n}_id}}\", status_code={})",
                        self.rng.pick(&["200", "201", "202"])
                    );
                }
                _ => {}
            }
        }
        let private = if self.rng.chance(0.3) { "_" } else { "" };
        let name = match self.rng.below(3) {
            0 => format!("{private}{}_{}", self.verb(), self.noun()),
            1 => format!("{private}{}_{}_{}", self.verb(), self.qual(), self.noun()),
            _ => format!("{private}{}_{}s", self.verb(), self.noun()),
        };
        let params = self.params(is_method && kind != 2, kind);
        let ret = self.ty();
        let a = if is_async { "async " } else { "" };
        let sig = format!("{a}def {name}({}) -> {ret}:", params.join(", "));
        if sig.len() + ind * 4 > 88 && params.len() > 1 {
            wl!(self, ind, "{a}def {name}(");
            for p in &params {
                wl!(self, ind + 1, "{p},");
            }
            wl!(self, ind, ") -> {ret}:");
        } else {
            self.w(ind, &sig);
        }
        if self.rng.chance(0.6) {
            let d = self.sentence(4, 12);
            if self.rng.chance(0.4) {
                wl!(self, ind + 1, "\"\"\"{d}.");
                self.o.push('\n');
                wl!(
                    self,
                    ind + 1,
                    "Args:\n{}    {}: {}.",
                    pad(ind + 1),
                    self.noun(),
                    self.sentence(3, 8)
                );
                wl!(
                    self,
                    ind + 1,
                    "\nReturns:\n{}    {}.",
                    pad(ind + 1),
                    self.sentence(2, 6)
                );
                self.w(ind + 1, "\"\"\"");
            } else {
                wl!(self, ind + 1, "\"\"\"{d}.\"\"\"");
            }
        }
        if self.rng.chance(0.05) {
            // function-local intra-repo import (cycle breaker)
            if let Some(imp) = self.repo_import_line() {
                self.w(
                    ind + 1,
                    "# imported here to avoid a circular import at startup",
                );
                self.w(ind + 1, &imp);
            }
        }
        let n = self.rng.range(2, 9);
        self.block(ind + 1, n, is_async, is_method && kind != 2, 0);
        let r = self.expr(is_async, is_method && kind != 2);
        wl!(self, ind + 1, "return {r}");
        self.o.push_str(if ind == 0 { "\n\n" } else { "\n" });
    }

    fn class(&mut self) {
        let name = self.class_name();
        self.classes.push(name.clone());
        match self.rng.below(5) {
            0 => {
                self.w(0, "@dataclass");
                wl!(self, 0, "class {name}:");
                wl!(self, 1, "\"\"\"{}.\"\"\"", self.sentence(3, 10));
                self.o.push('\n');
                let mut seen = Vec::new();
                let mut n_req = self.rng.range(1, 4);
                for _ in 0..self.rng.range(2, 8) {
                    let f = self.noun();
                    if seen.contains(&f) {
                        continue;
                    }
                    seen.push(f);
                    let t = self.ty();
                    if n_req > 0 {
                        n_req -= 1;
                        wl!(self, 1, "{f}: {t}");
                    } else {
                        wl!(self, 1, "{f}: {t} = None");
                    }
                }
                self.w(1, "tags: list[str] = field(default_factory=list)");
                self.w(1, "metadata: dict[str, Any] = field(default_factory=dict)");
                self.o.push('\n');
                if self.rng.chance(0.5) {
                    self.function(1, true);
                }
            }
            1 => {
                wl!(self, 0, "class {name}Status(str, Enum):");
                for _ in 0..self.rng.range(3, 7) {
                    let q = self.qual();
                    wl!(self, 1, "{} = \"{q}\"", q.to_uppercase());
                }
                self.o.push('\n');
            }
            _ => {
                let base = match self.rng.below(4) {
                    0 => "(BaseModel)".to_string(),
                    1 if self.classes.len() > 1 => {
                        format!("({})", self.classes[self.classes.len() - 2])
                    }
                    _ => String::new(),
                };
                wl!(self, 0, "class {name}{base}:");
                wl!(self, 1, "\"\"\"{}.", self.sentence(4, 12));
                self.o.push('\n');
                wl!(self, 1, "{}.", self.sentence(8, 20));
                self.w(1, "\"\"\"");
                self.o.push('\n');
                wl!(
                    self,
                    1,
                    "MAX_{}S = {}",
                    self.noun().to_uppercase(),
                    self.rng.range(8, 512)
                );
                self.o.push('\n');
                let p = self.params(true, 0).join(", ");
                wl!(self, 1, "def __init__({p}) -> None:");
                for _ in 0..self.rng.range(2, 5) {
                    let n = self.noun();
                    let e = self.expr(false, false);
                    wl!(self, 2, "self._{n}s: dict[str, Any] = {{}}");
                    wl!(self, 2, "self._{n} = {e}");
                }
                self.w(2, "self._lock = asyncio.Lock()");
                self.o.push('\n');
                for _ in 0..self.rng.range(1, 6) {
                    self.function(1, true);
                }
            }
        }
        self.o.push('\n');
    }

    fn dotted(&self, fi: usize) -> String {
        let p = &self.plan.files[fi].path;
        p.strip_suffix(".py").unwrap_or(p).replace('/', ".")
    }

    fn exported_names(&mut self, fi: usize, k: usize) -> Vec<String> {
        let path = &self.plan.files[fi].path;
        let stem = path
            .rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".py")
            .to_string();
        let mut names = Vec::new();
        for _ in 0..k {
            let n = match self.rng.below(5) {
                0 => camel(&stem),
                1 => format!("{}Config", camel(&stem)),
                2 => format!("{}_{}", self.verb(), stem),
                3 => format!(
                    "{}_{}",
                    stem.to_uppercase(),
                    *self.rng.pick(&["TIMEOUT", "LIMIT", "PREFIX", "TTL"])
                ),
                _ => format!("{}Error", camel(self.noun())),
            };
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }

    fn repo_import_line(&mut self) -> Option<String> {
        if self.plan.modules.is_empty() {
            return None;
        }
        let fi = *self.rng.pick(&self.plan.modules);
        let k = self.rng.range(1, 2);
        let names = self.exported_names(fi, k);
        Some(format!(
            "from {} import {}",
            self.dotted(fi),
            names.join(", ")
        ))
    }

    fn repo_imports(&mut self, dir: usize) {
        let n = self.rng.range(0, 6);
        for _ in 0..n {
            if self.plan.modules.is_empty() {
                break;
            }
            let fi = *self.rng.pick(&self.plan.modules);
            let k = self.rng.range(1, 6);
            let names = self.exported_names(fi, k);
            let m = self.dotted(fi);
            if names.len() >= 3 || format!("from {m} import {}", names.join(", ")).len() > 88 {
                wl!(self, 0, "from {m} import (");
                for nm in &names {
                    if self.rng.chance(0.1) {
                        wl!(self, 1, "{nm},  # re-exported for {}", self.noun());
                    } else {
                        wl!(self, 1, "{nm},");
                    }
                }
                self.w(0, ")");
            } else {
                wl!(self, 0, "from {m} import {}", names.join(", "));
            }
        }
        let stems = &self.plan.dirs[dir].stems;
        if !self.plan.dirs[dir].path.contains("/tests") && stems.len() > 1 && self.rng.chance(0.35)
        {
            let s = self.rng.pick(stems).clone();
            let names = self.exported_names_for_stem(&s);
            wl!(self, 0, "from .{s} import {names}");
        }
    }

    fn exported_names_for_stem(&mut self, stem: &str) -> String {
        if self.rng.chance(0.5) {
            camel(stem)
        } else {
            format!("{}, {}Error", camel(stem), camel(self.noun()))
        }
    }

    fn stdlib_imports(&mut self, test: bool) {
        const MODS: &[&str] = &[
            "import asyncio",
            "import json",
            "import os",
            "import re",
            "import time",
            "import uuid",
            "from collections import defaultdict",
            "from contextlib import asynccontextmanager",
            "from dataclasses import dataclass, field",
            "from datetime import datetime, timedelta, timezone",
            "from enum import Enum",
            "from functools import lru_cache, wraps",
            "from pathlib import Path",
            "from typing import Any, Mapping, Optional, Sequence",
        ];
        if !test && self.rng.chance(0.6) {
            self.w(0, "from __future__ import annotations");
            self.o.push('\n');
        }
        let mut picked: Vec<&str> = MODS
            .iter()
            .copied()
            .filter(|_| self.rng.chance(0.45))
            .collect();
        picked.push("import logging");
        picked.sort_by_key(|s| (s.starts_with("from"), s.to_string()));
        for l in picked {
            self.w(0, l);
        }
        self.o.push('\n');
        if test {
            self.w(0, "import pytest");
            self.w(0, "from unittest.mock import AsyncMock, MagicMock, patch");
        } else {
            match self.rng.below(4) {
                0 => self.w(0, "from pydantic import BaseModel, Field"),
                1 => self.w(0, "from fastapi import APIRouter, Depends, HTTPException, status"),
                2 => self.w(0, "import httpx"),
                _ => self.w(0, "from sqlalchemy import select\nfrom sqlalchemy.ext.asyncio import AsyncSession"),
            }
        }
        self.o.push('\n');
    }

    fn module_prelude(&mut self) {
        self.w(0, "logger = logging.getLogger(__name__)");
        self.o.push('\n');
        wl!(self, 0, "DEFAULT_TIMEOUT = {}", self.rng.range(5, 120));
        wl!(self, 0, "MAX_RETRIES = {}", self.rng.range(1, 8));
        if self.rng.chance(0.5) {
            let n = self.noun().to_uppercase();
            wl!(self, 0, "{n}_SETTINGS: dict[str, Any] = {{");
            for _ in 0..self.rng.range(2, 8) {
                let k = self.noun();
                let v = match self.rng.below(4) {
                    0 => format!("{}", self.rng.range(0, 10000)),
                    1 => format!("\"{}\"", self.qual()),
                    2 => format!("[\"{}\", \"{}\"]", self.noun(), self.noun()),
                    _ => "True".to_string(),
                };
                wl!(self, 1, "\"{k}\": {v},");
            }
            self.w(0, "}");
        }
        if self.rng.chance(0.3) {
            self.w(0, "router = APIRouter()");
        }
        self.o.push('\n');
        if self.rng.chance(0.2) {
            self.o.push_str(
                "\ndef log_calls(fn):\n    \"\"\"Log entry and exit of the wrapped callable.\"\"\"\n\n    @wraps(fn)\n    def wrapper(*args, **kwargs):\n        logger.debug(\"enter %s\", fn.__qualname__)\n        try:\n            return fn(*args, **kwargs)\n        finally:\n            logger.debug(\"exit %s\", fn.__qualname__)\n\n    return wrapper\n\n",
            );
        }
        self.o.push('\n');
    }

    // ------------------------------------------------ violations (module side)

    fn violation_imports(&mut self, forms: &[Form]) {
        let getter = forms
            .iter()
            .any(|f| matches!(f, Form::GetterAsync | Form::GetterSync));
        let mut getter_done = false;
        for &f in forms {
            match f {
                Form::Plain => wl!(self, 0, "from {OLD_MOD} import create_websocket_manager"),
                Form::Alias => wl!(
                    self,
                    0,
                    "from {OLD_MOD} import create_websocket_manager as make_ws_manager"
                ),
                Form::Paren => {
                    wl!(self, 0, "from {OLD_MOD} import (");
                    self.w(1, "WebSocketManagerFactory,");
                    self.w(
                        1,
                        "create_websocket_manager,  # TODO(#506): move to websocket_manager",
                    );
                    if getter || self.rng.chance(0.5) {
                        self.w(1, "get_websocket_manager_factory,");
                    }
                    self.w(0, ")");
                }
                Form::TryImport => {
                    self.w(0, "try:");
                    wl!(self, 1, "from {OLD_MOD} import create_websocket_manager");
                    self.w(
                        0,
                        "except ImportError:  # pragma: no cover - optional realtime support",
                    );
                    self.w(1, "create_websocket_manager = None");
                }
                Form::ModuleAlias => wl!(self, 0, "import {OLD_MOD} as wsf"),
                Form::ModuleDotted => wl!(self, 0, "import {OLD_MOD}"),
                Form::GetterAsync | Form::GetterSync => {
                    if !forms.contains(&Form::Paren) && !getter_done {
                        wl!(
                            self,
                            0,
                            "from {OLD_MOD} import get_websocket_manager_factory"
                        );
                        getter_done = true;
                    }
                }
                Form::InFunc
                | Form::Relative
                | Form::PatchCtx
                | Form::PatchDecorator
                | Form::MonkeypatchSetattr => {}
            }
        }
        if forms.iter().any(|f| f.is_import() && *f != Form::InFunc) {
            self.o.push('\n');
        }
    }

    fn violation_uses(&mut self, forms: &[Form]) {
        for &f in forms {
            let n = self.noun();
            match f {
                Form::Plain | Form::Paren | Form::TryImport => {
                    wl!(
                        self,
                        0,
                        "async def notify_{n}_listeners(user_context: UserContext, payload: dict[str, Any]) -> None:"
                    );
                    self.w(
                        1,
                        "\"\"\"Push an update to every socket the user has open.\"\"\"",
                    );
                    if f == Form::TryImport {
                        self.w(1, "if create_websocket_manager is None:");
                        self.w(2, "return");
                    }
                    self.w(1, "manager = create_websocket_manager(user_context)");
                    wl!(
                        self,
                        1,
                        "await manager.send_to_user(user_context.user_id, {{\"type\": \"{n}_updated\", **payload}})"
                    );
                    self.o.push('\n');
                }
                Form::Alias => {
                    wl!(self, 0, "class {}Notifier:", camel(n));
                    self.w(1, "def __init__(self, user_context: UserContext) -> None:");
                    self.w(2, "self._manager = make_ws_manager(user_context)");
                    self.o.push('\n');
                    self.w(
                        1,
                        "async def emit(self, event: str, data: dict[str, Any]) -> None:",
                    );
                    self.w(2, "await self._manager.send_to_user(self._manager.user_id, {\"type\": event, \"data\": data})");
                    self.o.push('\n');
                }
                Form::InFunc => {
                    wl!(
                        self,
                        0,
                        "def _{n}_socket_manager(user_context: UserContext):"
                    );
                    self.w(
                        1,
                        "# Local import: the realtime stack imports this module at startup.",
                    );
                    wl!(self, 1, "from {OLD_MOD} import create_websocket_manager");
                    self.o.push('\n');
                    self.w(1, "return create_websocket_manager(user_context)");
                    self.o.push('\n');
                }
                Form::ModuleAlias => {
                    wl!(
                        self,
                        0,
                        "async def broadcast_{n}(ctx: UserContext, message: str) -> int:"
                    );
                    self.w(1, "manager = wsf.create_websocket_manager(ctx)");
                    self.w(1, "sent = await manager.broadcast({\"message\": message})");
                    wl!(
                        self,
                        1,
                        "logger.info(f\"broadcast {n} to {{sent}} sockets\")"
                    );
                    self.w(1, "return sent");
                    self.o.push('\n');
                }
                Form::ModuleDotted => {
                    wl!(self, 0, "def {n}_channel(ctx: UserContext):");
                    wl!(self, 1, "return {OLD_MOD}.create_websocket_manager(ctx)");
                    self.o.push('\n');
                }
                Form::GetterAsync => {
                    wl!(
                        self,
                        0,
                        "async def stream_{n}_updates(user_id: str, updates: list[dict[str, Any]]) -> None:"
                    );
                    self.w(1, "factory = get_websocket_manager_factory()");
                    self.w(1, "manager = await factory.create_for_user(user_id)");
                    self.w(1, "for update in updates:");
                    self.w(2, "await manager.send_to_user(user_id, update)");
                    self.o.push('\n');
                }
                Form::GetterSync => {
                    wl!(self, 0, "def {n}_manager_stats() -> dict[str, int]:");
                    self.w(1, "stats = get_websocket_manager_factory().get_stats()");
                    self.w(
                        1,
                        "return {\"active\": stats.active, \"total\": stats.total}",
                    );
                    self.o.push('\n');
                }
                Form::Relative
                | Form::PatchCtx
                | Form::PatchDecorator
                | Form::MonkeypatchSetattr => {}
            }
        }
    }

    // ------------------------------------------------ violations (test side)

    fn test_violation_uses(&mut self, forms: &[Form]) {
        for &f in forms {
            let n = self.noun();
            match f {
                Form::PatchCtx => {
                    self.w(0, "@pytest.mark.asyncio");
                    wl!(
                        self,
                        0,
                        "async def test_{n}_update_is_pushed_to_socket(user_context):"
                    );
                    wl!(
                        self,
                        1,
                        "with patch(\"{OLD_MOD}.create_websocket_manager\") as mock_create:"
                    );
                    self.w(2, "mock_create.return_value = AsyncMock()");
                    wl!(
                        self,
                        2,
                        "await handle_{n}_update(user_context, {{\"id\": 1}})"
                    );
                    self.w(1, "mock_create.assert_called_once_with(user_context)");
                    self.o.push('\n');
                }
                Form::PatchDecorator => {
                    wl!(self, 0, "@patch(\"{OLD_MOD}.create_websocket_manager\")");
                    wl!(
                        self,
                        0,
                        "def test_{n}_notifier_builds_manager(mock_create, user_context):"
                    );
                    wl!(self, 1, "notifier = {}Notifier(user_context)", camel(n));
                    self.w(1, "assert notifier is not None");
                    self.w(1, "mock_create.assert_called_once()");
                    self.o.push('\n');
                }
                Form::MonkeypatchSetattr => {
                    wl!(
                        self,
                        0,
                        "def test_{n}_without_realtime(monkeypatch, user_context):"
                    );
                    wl!(
                        self,
                        1,
                        "monkeypatch.setattr(\"{OLD_MOD}.create_websocket_manager\", lambda ctx: None)"
                    );
                    wl!(self, 1, "assert process_{n}(user_context) is None");
                    self.o.push('\n');
                }
                Form::Plain | Form::InFunc | Form::Alias | Form::GetterAsync => {
                    // The import itself was written at the top (or is inline for InFunc).
                    self.w(0, "@pytest.fixture");
                    wl!(self, 0, "def {n}_ws_manager(user_context):");
                    match f {
                        Form::InFunc => {
                            wl!(self, 1, "from {OLD_MOD} import create_websocket_manager");
                            self.o.push('\n');
                            self.w(1, "manager = create_websocket_manager(user_context)");
                        }
                        Form::Alias => self.w(1, "manager = make_ws_manager(user_context)"),
                        Form::GetterAsync => self.w(1, "manager = MagicMock()"),
                        _ => self.w(1, "manager = create_websocket_manager(user_context)"),
                    }
                    self.w(1, "yield manager");
                    self.w(1, "manager.reset_state()");
                    self.o.push('\n');
                    if f == Form::GetterAsync {
                        self.w(0, "@pytest.mark.asyncio");
                        wl!(self, 0, "async def test_{n}_factory_is_singleton():");
                        self.w(1, "assert get_websocket_manager_factory() is get_websocket_manager_factory()");
                        self.o.push('\n');
                    }
                }
                _ => {}
            }
        }
    }

    // ------------------------------------------------ near misses

    fn near_miss(&mut self, near: Near) {
        match near {
            Near::LocalDef => {
                self.w(0, "def create_websocket_manager(config: dict[str, Any]):");
                self.w(
                    1,
                    "\"\"\"Local helper for the admin console; unrelated to websocket_core.\"\"\"",
                );
                self.w(1, "return {\"config\": config, \"created\": time.time()}");
                self.o.push('\n');
                self.w(0, "def open_console(config):");
                self.w(1, "return create_websocket_manager(config)");
                self.o.push('\n');
            }
            Near::Comment => {
                self.w(
                    0,
                    "# NOTE: this used to call create_websocket_manager directly; the",
                );
                self.w(0, "# canonical websocket module handles it now (see #506).");
                self.w(0, "REALTIME_ENABLED = True");
                self.o.push('\n');
            }
            Near::CanonicalImport => {
                self.w(0, "def realtime_manager(user_context):");
                wl!(self, 1, "from {NEW_MOD} import create_websocket_manager");
                self.o.push('\n');
                self.w(1, "return create_websocket_manager(user_context)");
                self.o.push('\n');
            }
            Near::MethodCall => {
                self.w(0, "def realtime_stats(registry) -> dict[str, Any]:");
                self.w(1, "factory = registry.get_websocket_manager_factory()");
                self.w(1, "return factory.stats()");
                self.o.push('\n');
            }
            Near::LogString => {
                self.w(0, "def warn_legacy_realtime() -> None:");
                self.w(1, "logger.warning(\"create_websocket_manager is deprecated; use get_websocket_manager\")");
                self.o.push('\n');
            }
        }
    }

    // ------------------------------------------------ files

    fn module_file(&mut self, f: &File, target: usize) {
        let svc = f.path.split('/').nth(1).unwrap_or("core");
        let d = self.sentence(5, 14);
        let stem = f
            .path
            .rsplit('/')
            .next()
            .unwrap_or("module")
            .trim_end_matches(".py");
        let mut title = stem.replace('_', " ");
        if let Some(c) = title.get_mut(0..1) {
            c.make_ascii_uppercase();
        }
        wl!(
            self,
            0,
            "\"\"\"{title} for the {svc} service ({}).",
            self.pkg
        );
        self.o.push('\n');
        wl!(self, 0, "{d}.");
        if self.rng.chance(0.5) {
            wl!(self, 0, "{}.", self.sentence(10, 30));
        }
        self.w(0, "\"\"\"");
        self.o.push('\n');
        self.stdlib_imports(false);
        self.repo_imports(f.dir);
        self.w(0, "from services.common.context import UserContext");
        if f.near == Some(Near::CanonicalImport) && self.rng.chance(0.5) {
            wl!(
                self,
                0,
                "from {NEW_MOD} import create_websocket_manager, get_websocket_manager"
            );
        }
        self.o.push('\n');
        self.violation_imports(&f.forms);
        self.module_prelude();
        let inject_at = self.rng.below(target.max(1));
        let mut injected = f.forms.is_empty() && f.near.is_none();
        while self.o.len() < target || !injected {
            if !injected && self.o.len() >= inject_at {
                injected = true;
                self.violation_uses(&f.forms);
                if let Some(nm) = f.near {
                    self.near_miss(nm);
                }
                continue;
            }
            if self.rng.chance(0.4) {
                self.class();
            } else {
                self.function(0, false);
            }
        }
        if self.rng.chance(0.05) {
            self.w(0, "if __name__ == \"__main__\":");
            self.w(1, "logging.basicConfig(level=logging.INFO)");
            self.w(1, "asyncio.run(main())");
        }
    }

    fn test_file(&mut self, f: &File, target: usize) {
        if self.rng.chance(0.5) {
            let d = self.sentence(4, 10);
            wl!(self, 0, "\"\"\"Tests: {d}.\"\"\"");
            self.o.push('\n');
        }
        self.stdlib_imports(true);
        self.repo_imports(f.dir);
        for &fm in &f.forms {
            match fm {
                Form::Plain => wl!(self, 0, "from {OLD_MOD} import create_websocket_manager"),
                Form::Alias => wl!(
                    self,
                    0,
                    "from {OLD_MOD} import create_websocket_manager as make_ws_manager"
                ),
                Form::GetterAsync => wl!(
                    self,
                    0,
                    "from {OLD_MOD} import get_websocket_manager_factory"
                ),
                _ => {}
            }
        }
        self.o.push('\n');
        self.w(0, "logger = logging.getLogger(__name__)");
        self.o.push('\n');
        let inject_at = self.rng.below(target.max(1));
        let mut injected = f.forms.is_empty() && f.near.is_none();
        let mut fixtures: Vec<String> = vec!["user_context".into()];
        while self.o.len() < target || !injected {
            if !injected && self.o.len() >= inject_at {
                injected = true;
                self.test_violation_uses(&f.forms);
                if let Some(nm) = f.near {
                    self.near_miss(nm);
                }
                continue;
            }
            match self.rng.below(10) {
                0 | 1 => {
                    let n = format!("{}_{}", self.qual(), self.noun());
                    if fixtures.contains(&n) {
                        continue;
                    }
                    self.w(0, "@pytest.fixture");
                    if self.rng.chance(0.4) {
                        wl!(self, 0, "async def {n}():");
                        wl!(self, 1, "client = AsyncMock(name=\"{n}\")");
                        wl!(
                            self,
                            1,
                            "client.{}_{}.return_value = {{\"ok\": True}}",
                            self.verb(),
                            self.noun()
                        );
                        self.w(1, "yield client");
                        self.w(1, "await client.close()");
                    } else {
                        wl!(self, 0, "def {n}():");
                        wl!(
                            self,
                            1,
                            "return {{\"id\": \"{}-{}\", \"{}\": {}}}",
                            self.noun(),
                            self.rng.range(1, 999),
                            self.noun(),
                            self.rng.range(0, 50)
                        );
                    }
                    self.o.push('\n');
                    fixtures.push(n);
                }
                2 => {
                    let n = self.noun();
                    wl!(
                        self,
                        0,
                        "@pytest.mark.parametrize(\n    (\"{n}\", \"expected\"),\n    ["
                    );
                    for _ in 0..self.rng.range(2, 6) {
                        wl!(self, 2, "(\"{}\", {}),", self.qual(), self.rng.range(0, 99));
                    }
                    self.w(1, "],\n)");
                    wl!(
                        self,
                        0,
                        "def test_{}_{n}_variants({n}, expected):",
                        self.verb()
                    );
                    wl!(self, 1, "assert {}_{n}({n}) == expected", self.verb());
                    self.o.push('\n');
                }
                3 => {
                    let cname = self.class_name();
                    wl!(self, 0, "class Test{cname}:");
                    for _ in 0..self.rng.range(2, 6) {
                        self.test_fn(1, &fixtures, true);
                    }
                }
                _ => self.test_fn(0, &fixtures, false),
            }
        }
    }

    fn test_fn(&mut self, ind: usize, fixtures: &[String], method: bool) {
        let is_async = self.rng.chance(0.5);
        if is_async {
            self.w(ind, "@pytest.mark.asyncio");
        }
        let fx = self.rng.pick(fixtures).clone();
        let name = format!("test_{}_{}_{}", self.verb(), self.qual(), self.noun());
        let a = if is_async { "async " } else { "" };
        let s = if method { "self, " } else { "" };
        wl!(self, ind, "{a}def {name}({s}{fx}):");
        if self.rng.chance(0.3) {
            let target = self.repo_import_line().map(|l| {
                let mut parts = l.trim_start_matches("from ").split(" import ");
                let m = parts.next().unwrap_or("").to_string();
                let n = parts
                    .next()
                    .unwrap_or("x")
                    .split(", ")
                    .next()
                    .unwrap_or("x")
                    .to_string();
                format!("{m}.{n}")
            });
            if let Some(t) = target {
                wl!(self, ind + 1, "with patch(\"{t}\") as mocked:");
                wl!(
                    self,
                    ind + 2,
                    "mocked.return_value = {}",
                    if is_async {
                        "AsyncMock()"
                    } else {
                        "MagicMock()"
                    }
                );
                self.block_r(ind + 2, 1, 3, is_async, false, 1);
            }
        }
        self.block_r(ind + 1, 1, 5, is_async, false, 1);
        let v = self.var();
        match self.rng.below(3) {
            0 => wl!(self, ind + 1, "assert {fx}[\"id\"] == {v}.id"),
            1 => wl!(
                self,
                ind + 1,
                "assert {v} == {{\"{}\": {}}}",
                self.noun(),
                self.rng.range(0, 9)
            ),
            _ => {
                let ex = *self.rng.pick(EXCEPTIONS);
                wl!(self, ind + 1, "with pytest.raises({ex}):");
                wl!(self, ind + 2, "{}_{}({fx})", self.verb(), self.noun());
            }
        }
        self.o.push_str(if ind == 0 { "\n\n" } else { "\n" });
    }

    fn conftest(&mut self) {
        self.w(0, "\"\"\"Shared fixtures.\"\"\"");
        self.o.push('\n');
        self.w(0, "import pytest");
        self.o.push('\n');
        self.w(0, "from services.common.context import UserContext");
        self.o.push('\n');
        self.o.push('\n');
        self.w(0, "@pytest.fixture");
        self.w(0, "def user_context():");
        self.w(
            1,
            "return UserContext(user_id=\"user-1\", thread_id=\"thread-1\", run_id=\"run-1\")",
        );
        self.o.push('\n');
        for _ in 0..self.rng.range(1, 5) {
            let n = format!("{}_{}", self.qual(), self.noun());
            self.o.push('\n');
            self.w(0, "@pytest.fixture(scope=\"session\")");
            wl!(self, 0, "def {n}_settings():");
            wl!(
                self,
                1,
                "return {{\"{}\": {}, \"{}\": \"{}\"}}",
                self.noun(),
                self.rng.range(1, 100),
                self.noun(),
                self.qual()
            );
        }
    }

    fn init_file(&mut self, f: &File) {
        // Most __init__.py files are empty or nearly so; some re-export.
        match self.rng.below(10) {
            0..=4 => {}
            5..=6 => {
                let d = self.sentence(3, 8);
                wl!(self, 0, "\"\"\"{d}.\"\"\"");
            }
            _ => {
                let stems = &self.plan.dirs[f.dir].stems;
                if stems.is_empty() || self.plan.dirs[f.dir].path.contains("/tests") {
                    return;
                }
                let mut all = Vec::new();
                for _ in 0..self.rng.range(1, 4) {
                    let s = self.rng.pick(stems).clone();
                    let c = camel(&s);
                    if all.contains(&c) {
                        continue;
                    }
                    wl!(self, 0, "from .{s} import {c}");
                    all.push(c);
                }
                self.o.push('\n');
                let quoted: Vec<String> = all.iter().map(|c| format!("    \"{c}\",")).collect();
                wl!(self, 0, "__all__ = [\n{}\n]", quoted.join("\n"));
            }
        }
    }
}

fn fixed_file(which: u8) -> &'static str {
    match which {
        0 => {
            r#""""Realtime websocket support.

The canonical entry points live in :mod:`.websocket_manager`.
"""

from netra_backend.app.websocket_core.websocket_manager import (
    WebSocketManager,
    get_websocket_manager,
)

__all__ = ["WebSocketManager", "get_websocket_manager"]
"#
        }
        1 => {
            r#""""Canonical websocket manager (single source of truth)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

logger = logging.getLogger(__name__)


class WebSocketManager:
    """Per-user websocket manager."""

    def __init__(self, user_context: Any = None) -> None:
        self.user_context = user_context
        self.user_id = getattr(user_context, "user_id", None)
        self._sockets: dict[str, list[Any]] = {}
        self._lock = asyncio.Lock()

    async def send_to_user(self, user_id: str, message: dict[str, Any]) -> int:
        async with self._lock:
            sockets = list(self._sockets.get(user_id, []))
        for ws in sockets:
            await ws.send_json(message)
        return len(sockets)

    async def broadcast(self, message: dict[str, Any]) -> int:
        total = 0
        for user_id in list(self._sockets):
            total += await self.send_to_user(user_id, message)
        return total

    def reset_state(self) -> None:
        self._sockets.clear()


def create_websocket_manager(user_context: Any = None) -> WebSocketManager:
    return WebSocketManager(user_context)


async def get_websocket_manager(user_context: Optional[Any] = None) -> WebSocketManager:
    return WebSocketManager(user_context)
"#
        }
        2 => {
            r#""""DEPRECATED websocket manager factory.

Use :mod:`netra_backend.app.websocket_core.websocket_manager` instead (#506).
"""

from __future__ import annotations

import warnings
from typing import Any, Optional

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


class WebSocketManagerFactory:
    """Creates per-user managers. Deprecated."""

    def __init__(self) -> None:
        self._managers: dict[str, WebSocketManager] = {}

    async def create_for_user(self, user_id: str) -> WebSocketManager:
        return self._managers.setdefault(user_id, WebSocketManager(None))

    def get_stats(self):
        return type("Stats", (), {"active": len(self._managers), "total": len(self._managers)})()


_factory: Optional[WebSocketManagerFactory] = None


def create_websocket_manager(user_context: Any = None) -> WebSocketManager:
    warnings.warn("use websocket_manager.create_websocket_manager", DeprecationWarning, stacklevel=2)
    return WebSocketManager(user_context)


def get_websocket_manager_factory() -> WebSocketManagerFactory:
    global _factory
    warnings.warn("use websocket_manager.get_websocket_manager", DeprecationWarning, stacklevel=2)
    if _factory is None:
        _factory = WebSocketManagerFactory()
    return _factory
"#
        }
        3 => {
            r#""""Accepts websocket connections and hands them to the per-user manager."""

import logging
from typing import Any

from .websocket_manager_factory import create_websocket_manager

logger = logging.getLogger(__name__)


async def handle_connection(websocket: Any, user_context: Any) -> None:
    manager = create_websocket_manager(user_context)
    await websocket.accept()
    logger.info("accepted connection for %s", user_context.user_id)
    await manager.send_to_user(user_context.user_id, {"type": "connected"})
"#
        }
        4 => {
            r#""""Routes inbound websocket events to handlers."""

import logging
from typing import Any, Awaitable, Callable

from .websocket_manager import create_websocket_manager

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], Awaitable[None]]
_HANDLERS: dict[str, Handler] = {}


def on(event_type: str):
    def register(fn: Handler) -> Handler:
        _HANDLERS[event_type] = fn
        return fn

    return register


async def route(user_context: Any, event: dict[str, Any]) -> None:
    handler = _HANDLERS.get(event.get("type", ""))
    if handler is None:
        manager = create_websocket_manager(user_context)
        await manager.send_to_user(user_context.user_id, {"type": "error", "reason": "unknown event"})
        return
    await handler(event)
"#
        }
        _ => {
            r#""""Request-scoped user context shared by all services."""

from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass(frozen=True)
class UserContext:
    user_id: str
    thread_id: Optional[str] = None
    run_id: Optional[str] = None
    request_id: Optional[str] = None
    metadata: dict[str, Any] = field(default_factory=dict)
"#
        }
    }
}

/// Setup size of a module/test file in bytes: mostly small and medium files
/// with a long tail of large ones (tuned so that, with the near-empty
/// `__init__.py`s, the corpus averages ≈ 18 KB per file).
fn sample_size(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..=27 => rng.range(500, 3_700),
        28..=66 => rng.range(3_700, 14_500),
        67..=91 => rng.range(14_500, 38_000),
        _ => rng.range(38_000, 120_000),
    }
}

fn render(plan: &Plan, i: usize) -> String {
    let f = &plan.files[i];
    let mut rng = Rng::new(SEED ^ (i as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
    let target = sample_size(&mut rng);
    let pkg = f
        .path
        .rsplit_once('/')
        .map(|(d, _)| d)
        .unwrap_or("")
        .replace('/', ".");
    let mut g = Gen {
        rng,
        o: String::with_capacity(target + 4096),
        plan,
        pkg,
        classes: Vec::new(),
    };
    match f.kind {
        Kind::Fixed(w) => return fixed_file(w).to_string(),
        Kind::Init => g.init_file(f),
        Kind::Conftest => g.conftest(),
        Kind::Module => g.module_file(f, target),
        Kind::Test => g.test_file(f, target),
    }
    g.o
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.is_empty() || args.len() > 2 || args[0] == "-h" || args[0] == "--help" {
        eprintln!("usage: gen_corpus N [OUT_DIR]   (OUT_DIR defaults to bench-corpus)");
        process::exit(2);
    }
    let n: usize = match args[0].parse() {
        Ok(n) if n > 0 => n,
        _ => {
            eprintln!(
                "gen_corpus: N must be a positive integer, got {:?}",
                args[0]
            );
            process::exit(2);
        }
    };
    let out = PathBuf::from(args.get(1).map(String::as_str).unwrap_or("bench-corpus"));
    let t0 = Instant::now();

    let mut removal_secs = 0.0;
    if out.exists() {
        let is_ours = out.join(MANIFEST).is_file();
        let empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if is_ours {
            let t = Instant::now();
            let res = fs::remove_dir_all(&out);
            removal_secs = t.elapsed().as_secs_f64();
            if let Err(e) = res {
                eprintln!(
                    "gen_corpus: cannot remove old corpus {}: {e}",
                    out.display()
                );
                process::exit(2);
            }
        } else if !empty {
            eprintln!(
                "gen_corpus: {} exists and is not a generated corpus (no {MANIFEST}); refusing to overwrite it",
                out.display()
            );
            process::exit(2);
        }
    }

    let mut rng = Rng::new(SEED);
    let mut plan = make_plan(n, &mut rng);
    assign_violations(&mut plan, n, &mut rng);

    // Create directories first (sequentially), then render+write in parallel.
    for d in &plan.dirs {
        if let Err(e) = fs::create_dir_all(out.join(&d.path)) {
            eprintln!(
                "gen_corpus: cannot create {}: {e}",
                out.join(&d.path).display()
            );
            process::exit(2);
        }
    }
    let threads = thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(16);
    let total_bytes: u64 = thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|t| {
                let plan = &plan;
                let out = &out;
                s.spawn(move || {
                    let mut bytes = 0u64;
                    for i in (t..plan.files.len()).step_by(threads) {
                        let text = render(plan, i);
                        bytes += text.len() as u64;
                        let p = out.join(&plan.files[i].path);
                        if let Err(e) = fs::write(&p, text) {
                            eprintln!("gen_corpus: cannot write {}: {e}", p.display());
                            process::exit(2);
                        }
                    }
                    bytes
                })
            })
            .collect();
        hs.into_iter()
            .map(|h| h.join().expect("writer thread panicked"))
            .sum()
    });

    write_configs(&out);
    let (n_viol, n_import, n_string_only, n_near, manifest) = manifest(&plan, n, total_bytes);
    if let Err(e) = fs::write(out.join(MANIFEST), manifest) {
        eprintln!("gen_corpus: cannot write manifest: {e}");
        process::exit(2);
    }

    let secs = t0.elapsed().as_secs_f64();
    println!(
        "gen_corpus: wrote {} .py files to {}",
        plan.files.len(),
        out.display()
    );
    println!(
        "  total size:        {:.1} MB ({:.1} KB per file on average)",
        total_bytes as f64 / 1e6,
        total_bytes as f64 / 1e3 / plan.files.len() as f64
    );
    println!(
        "  violation files:   {n_viol} ({n_import} with an import of a banned name, {n_string_only} with string paths only)"
    );
    println!("  near-miss files:   {n_near}");
    println!(
        "  definition files:  the deprecated and canonical modules under netra_backend/app/websocket_core/"
    );
    println!("  configs:           canon.toml, pyproject.toml (ruff banned-api), {MANIFEST}");
    if removal_secs > 0.0 {
        println!(
            "  took:              {secs:.2} s ({:.2} s generating, {removal_secs:.2} s removing the previous corpus)",
            secs - removal_secs
        );
    } else {
        println!("  took:              {secs:.2} s");
    }
}

fn write_configs(out: &Path) {
    let canon = format!(
        r#"[[move]]
id = "ws-factory-create"
old = "{OLD_MOD}.create_websocket_manager"
new = "{NEW_MOD}.create_websocket_manager"

[[rewrite]]
id = "ws-factory-getter"
pattern = "{{{OLD_MOD}.get_websocket_manager_factory}}()"
fix = "await {{{NEW_MOD}.get_websocket_manager}}(user_context=None)"
"#
    );
    let pyproject = format!(
        r#"[tool.ruff.lint.flake8-tidy-imports.banned-api]
"{OLD_MOD}.create_websocket_manager".msg = "moved"
"{OLD_MOD}.get_websocket_manager_factory".msg = "moved"
"#
    );
    for (name, text) in [("canon.toml", canon), ("pyproject.toml", pyproject)] {
        if let Err(e) = fs::write(out.join(name), text) {
            eprintln!("gen_corpus: cannot write {name}: {e}");
            process::exit(2);
        }
    }
}

/// Returns (violation files, with import form, string-only, near misses, JSON).
fn manifest(plan: &Plan, n: usize, bytes: u64) -> (usize, usize, usize, usize, String) {
    let mut viol = Vec::new();
    let mut near = Vec::new();
    let mut n_import = 0;
    for f in &plan.files {
        let mut forms: Vec<&str> = f.forms.iter().map(|x| x.name()).collect();
        let mut import = f.forms.iter().any(|x| x.is_import());
        if f.kind == Kind::Fixed(3) {
            forms.push(Form::Relative.name());
            import = true;
        }
        if !forms.is_empty() {
            if import {
                n_import += 1;
            }
            let fl: Vec<String> = forms.iter().map(|s| format!("\"{s}\"")).collect();
            viol.push(format!(
                "    {{\"path\": \"{}\", \"forms\": [{}], \"import_form\": {import}}}",
                f.path,
                fl.join(", ")
            ));
        }
        let nm = match (f.near, f.kind) {
            (Some(x), _) => Some(x.name()),
            (None, Kind::Fixed(4)) => Some(Near::CanonicalImport.name()),
            _ => None,
        };
        if let Some(x) = nm {
            near.push(format!(
                "    {{\"path\": \"{}\", \"form\": \"{x}\"}}",
                f.path
            ));
        }
    }
    let defs = [
        "netra_backend/app/websocket_core/__init__.py",
        "netra_backend/app/websocket_core/websocket_manager.py",
        "netra_backend/app/websocket_core/websocket_manager_factory.py",
    ];
    let mut s = String::new();
    let _ = writeln!(s, "{{");
    let _ = writeln!(s, "  \"generator\": \"examples/gen_corpus.rs\",");
    let _ = writeln!(s, "  \"seed\": {SEED},");
    let _ = writeln!(s, "  \"requested_files\": {n},");
    let _ = writeln!(s, "  \"py_files\": {},", plan.files.len());
    let _ = writeln!(s, "  \"py_bytes\": {bytes},");
    let _ = writeln!(s, "  \"violation_files_count\": {},", viol.len());
    let _ = writeln!(s, "  \"import_form_files_count\": {n_import},");
    let _ = writeln!(
        s,
        "  \"string_only_files_count\": {},",
        viol.len() - n_import
    );
    let _ = writeln!(s, "  \"near_miss_files_count\": {},", near.len());
    let _ = writeln!(
        s,
        "  \"definition_files\": [{}],",
        defs.iter()
            .map(|d| format!("\"{d}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        s,
        "  \"config_files\": [\"canon.toml\", \"pyproject.toml\"],"
    );
    let _ = writeln!(s, "  \"violation_files\": [\n{}\n  ],", viol.join(",\n"));
    let _ = writeln!(s, "  \"near_miss_files\": [\n{}\n  ]", near.join(",\n"));
    let _ = writeln!(s, "}}");
    (viol.len(), n_import, viol.len() - n_import, near.len(), s)
}
