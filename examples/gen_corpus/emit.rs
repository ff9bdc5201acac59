//! `Gen`, the writer one file is rendered with: its output buffer, its own
//! RNG, the `wl!` line macro and the word-level helpers (names, types,
//! sentences) every template uses; and `render`, which picks the template for
//! a planned file.
//!
//! Each file gets an RNG seeded from its index alone, so the text of a file
//! does not depend on which thread renders it or in which order.

use crate::SEED;
use crate::fixed::fixed_file;
use crate::plan::{Kind, Plan};
use crate::rng::Rng;
use crate::vocab::{NOUNS, QUALS, SUFFIXES, TYPES, VERBS, WORDS, camel, pad};

/// `wl!(gen, indent, "fmt", args...)`: format first (the arguments may use the
/// generator's RNG), then write the line.
macro_rules! wl {
    ($g:expr, $ind:expr, $($arg:tt)*) => {{
        let line = format!($($arg)*);
        $g.w($ind, &line);
    }};
}

pub(crate) struct Gen<'a> {
    pub(crate) rng: Rng,
    pub(crate) o: String,
    pub(crate) plan: &'a Plan,
    /// Dotted package of the file being written.
    pub(crate) pkg: String,
    pub(crate) classes: Vec<String>,
}

impl Gen<'_> {
    pub(crate) fn w(&mut self, ind: usize, line: &str) {
        self.o.push_str(pad(ind));
        self.o.push_str(line);
        self.o.push('\n');
    }
    pub(crate) fn noun(&mut self) -> &'static str {
        NOUNS[self.rng.below(NOUNS.len())]
    }
    pub(crate) fn verb(&mut self) -> &'static str {
        VERBS[self.rng.below(VERBS.len())]
    }
    pub(crate) fn qual(&mut self) -> &'static str {
        QUALS[self.rng.below(QUALS.len())]
    }
    pub(crate) fn var(&mut self) -> String {
        match self.rng.below(4) {
            0 => format!("{}_{}", self.qual(), self.noun()),
            1 => format!("{}s", self.noun()),
            _ => self.noun().to_string(),
        }
    }
    pub(crate) fn ty(&mut self) -> String {
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
    pub(crate) fn sentence(&mut self, lo: usize, hi: usize) -> String {
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
    pub(crate) fn class_name(&mut self) -> String {
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

pub(crate) fn render(plan: &Plan, i: usize) -> String {
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
