//! Import blocks: the stdlib and third-party header, imports of other
//! modules of the corpus (so files reference each other like a real repo),
//! and the re-exports of package `__init__.py` files.
//!
//! Never imports the migrated names; those lines belong to the violation
//! templates in `services` and `test_files`.

use crate::emit::Gen;
use crate::plan::File;
use crate::vocab::camel;

impl Gen<'_> {
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

    pub(crate) fn repo_import_line(&mut self) -> Option<String> {
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

    pub(crate) fn repo_imports(&mut self, dir: usize) {
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

    pub(crate) fn stdlib_imports(&mut self, test: bool) {
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

    pub(crate) fn init_file(&mut self, f: &File) {
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
