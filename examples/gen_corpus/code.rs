//! Statement and expression bodies: the filler code of functions and methods
//! (assignments, calls, logging, `if`/`for`/`try`/`with`/`while` blocks).
//!
//! None of it mentions the migrated names; violations are written only by
//! the `services`, `test_files` and `near_miss` templates.

use crate::emit::Gen;
use crate::vocab::{EXCEPTIONS, pad};

impl Gen<'_> {
    pub(crate) fn expr(&mut self, is_async: bool, is_method: bool) -> String {
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

    pub(crate) fn block(
        &mut self,
        ind: usize,
        n: usize,
        is_async: bool,
        is_method: bool,
        depth: usize,
    ) {
        for _ in 0..n {
            self.stmt(ind, is_async, is_method, depth);
        }
    }

    pub(crate) fn block_r(
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

    /// One statement. Below depth 2 the compound kinds (11..=17) are in the
    /// draw too; the kind numbers are part of the corpus, keep them.
    fn stmt(&mut self, ind: usize, is_async: bool, is_method: bool, depth: usize) {
        let k = self.rng.below(if depth < 2 { 18 } else { 11 });
        match k {
            0 | 1 | 3 | 4 | 5 | 9 | 10 | 16 => self.assignment(k, ind, is_async, is_method),
            11..=15 => self.compound(k, ind, is_async, is_method, depth),
            _ => self.effect(k, ind, is_async, is_method),
        }
    }

    /// Statement kinds that bind a name.
    fn assignment(&mut self, k: usize, ind: usize, is_async: bool, is_method: bool) {
        match k {
            0 | 1 => {
                let v = self.var();
                let e = self.expr(is_async, is_method);
                wl!(self, ind, "{v} = {e}");
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
            _ => {
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
        }
    }

    /// Statement kinds run for their effect: logging, calls, guards, asserts.
    fn effect(&mut self, k: usize, ind: usize, is_async: bool, is_method: bool) {
        match k {
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

    /// Statement kinds with a nested block (`if`, `for`, `try`, `with`, `while`).
    fn compound(&mut self, k: usize, ind: usize, is_async: bool, is_method: bool, depth: usize) {
        match k {
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
            _ => {
                let v = self.var();
                self.w(ind, "attempt = 0");
                wl!(self, ind, "while {v} and attempt < MAX_RETRIES:");
                self.w(ind + 1, "attempt += 1");
                self.block_r(ind + 1, 1, 2, is_async, is_method, depth + 1);
                if is_async {
                    self.w(ind + 1, "await asyncio.sleep(backoff * attempt)");
                }
            }
        }
    }
}
