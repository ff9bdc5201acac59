//! Function and class definitions: decorators, signatures, docstrings and
//! the dataclass / enum / service-class shapes of the generated modules.
//!
//! Bodies come from `code`; this file only writes the `def`/`class` frame.

use crate::emit::Gen;
use crate::vocab::pad;

impl Gen<'_> {
    /// Parameter list items (`self`, `*`, `name: T`, `name: T = d`).
    pub(crate) fn params(&mut self, is_method: bool, kind: u8) -> Vec<String> {
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

    /// A function (`ind == 0`) or a method of the class being written.
    pub(crate) fn function(&mut self, ind: usize, is_method: bool) {
        let is_async = self.rng.chance(0.45);
        // 0 plain, 1 classmethod, 2 staticmethod
        let kind = if is_method {
            match self.method_decorator(ind) {
                Some(kind) => kind,
                None => return, // a @property, already written whole
            }
        } else {
            self.function_decorator(ind);
            0
        };
        self.signature(ind, is_method, kind, is_async);
        if self.rng.chance(0.6) {
            self.docstring(ind);
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

    /// The decorator of a method, and its kind (0 plain, 1 classmethod, 2
    /// staticmethod); `None` when it wrote a complete `@property` instead.
    fn method_decorator(&mut self, ind: usize) -> Option<u8> {
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
                None
            }
            1 => {
                self.w(ind, "@classmethod");
                Some(1)
            }
            2 => {
                self.w(ind, "@staticmethod");
                Some(2)
            }
            _ => Some(0),
        }
    }

    /// The decorator of a module-level function, if it gets one.
    fn function_decorator(&mut self, ind: usize) {
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

    /// The `def` line, wrapped one parameter a line when it passes 88 columns.
    fn signature(&mut self, ind: usize, is_method: bool, kind: u8, is_async: bool) {
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
    }

    /// A one-line docstring, or a Google-style one with Args and Returns.
    fn docstring(&mut self, ind: usize) {
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

    /// A top-level class: a dataclass, a str enum or a service class.
    pub(crate) fn class(&mut self) {
        let name = self.class_name();
        self.classes.push(name.clone());
        match self.rng.below(5) {
            0 => self.dataclass(&name),
            1 => {
                wl!(self, 0, "class {name}Status(str, Enum):");
                for _ in 0..self.rng.range(3, 7) {
                    let q = self.qual();
                    wl!(self, 1, "{} = \"{q}\"", q.to_uppercase());
                }
                self.o.push('\n');
            }
            _ => self.service_class(&name),
        }
        self.o.push('\n');
    }

    fn dataclass(&mut self, name: &str) {
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

    /// A class with a docstring, a constant, `__init__` state and methods;
    /// sometimes a pydantic model or a subclass of the previous class.
    fn service_class(&mut self, name: &str) {
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
