#!/usr/bin/env python3
"""Compare `canon check` with rg, ruff (TID251) and ast-grep on a synthetic corpus.

    python3 benches/compare.py [--files N] [--runs R] [--corpus DIR] [--no-build]
                               [--skip TOOL ...] [--json FILE]

Builds canon in release mode (unless --no-build), generates the corpus with
`cargo run --release --example gen_corpus` if DIR is missing (or was generated
with a different N), warms the page cache with one untimed run of each tool,
then times R runs of each tool round-robin and prints a table and the SPEC §8
targets as PASS/FAIL. It is a report, not a test: it exits 0 whatever the
timings are, and 2 only when it cannot run at all (canon binary missing, build
or corpus generation failed). See benches/README.md.

Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MANIFEST = ".corpus-manifest.json"
NAMES = ("create_websocket_manager", "get_websocket_manager_factory")
TOOLS = ("canon", "rg", "ruff", "ast-grep")

# SPEC §8: (tool, comparison, bound, description)
TARGETS = (
    ("rg", "canon/rg", "<=", 2.0, "canon within 2x of rg -l"),
    ("ruff", "ruff/canon", ">=", 10.0, "canon >= 10x faster than ruff TID251"),
    ("ast-grep", "ast-grep/canon", ">=", 50.0, "canon >= 50x faster than ast-grep"),
)


def die(msg: str) -> None:
    print(f"compare.py: error: {msg}", file=sys.stderr)
    sys.exit(2)


def target_dir() -> Path:
    t = os.environ.get("CARGO_TARGET_DIR")
    if not t:
        return REPO / "target"
    p = Path(t)
    return p if p.is_absolute() else REPO / p


def run_checked(cmd: list[str], what: str) -> None:
    print(f"$ {' '.join(cmd)}", flush=True)
    r = subprocess.run(cmd, cwd=REPO)
    if r.returncode != 0:
        die(f"{what} failed (exit {r.returncode}): {' '.join(cmd)}")


def read_manifest(corpus: Path) -> dict | None:
    try:
        return json.loads((corpus / MANIFEST).read_text())
    except (OSError, ValueError):
        return None


def ensure_corpus(corpus: Path, files: int, files_given: bool) -> dict | None:
    man = read_manifest(corpus)
    if corpus.exists():
        if man is None:
            print(f"note: {corpus} has no {MANIFEST}; using it as is (expected counts unknown)")
            return None
        if not files_given or man.get("requested_files") == files:
            return man
        print(f"note: {corpus} was generated with {man.get('requested_files')} files; regenerating with {files}")
    run_checked(
        ["cargo", "run", "--release", "--example", "gen_corpus", "--", str(files), str(corpus)],
        "corpus generation",
    )
    man = read_manifest(corpus)
    if man is None:
        die(f"the generator did not write {corpus / MANIFEST}")
    return man


def corpus_stats(corpus: Path) -> tuple[int, int]:
    n = b = 0
    for root, dirs, names in os.walk(corpus):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.endswith(".py"):
                n += 1
                b += os.path.getsize(os.path.join(root, name))
    return n, b


def tool_version(cmd: list[str]) -> str:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        out = (r.stdout or r.stderr).strip().splitlines()
        return out[0] if out else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


# ------------------------------------------------------------------ parsers
# Each returns {"files": set of corpus-relative paths, ...extra counts}.


def norm(corpus: Path, p: str) -> str:
    """A tool's path as a path relative to the corpus. Tools print paths
    relative to their cwd (the repo), or to the scanned directory (canon), or
    absolute."""
    q = Path(p)
    if not q.is_absolute():
        q = REPO / q if (REPO / q).exists() or not (corpus / q).exists() else corpus / q
    try:
        return os.path.relpath(os.path.normpath(q), corpus)
    except ValueError:
        return p


def parse_canon(out: str, corpus: Path) -> dict:
    text = out.strip()
    findings: list = []
    if text:
        try:
            data = json.loads(text)
            if isinstance(data, dict):
                data = data.get("findings", data.get("results", [data]))
            findings = data if isinstance(data, list) else [data]
        except ValueError:  # one JSON object per line
            for line in text.splitlines():
                line = line.strip()
                if line:
                    try:
                        findings.append(json.loads(line))
                    except ValueError:
                        pass
    files, mention_files, kinds = set(), set(), {}
    for f in findings:
        if not isinstance(f, dict) or "path" not in f:
            continue
        kind = f.get("kind", "?")
        kinds[kind] = kinds.get(kind, 0) + 1
        (mention_files if kind == "mention" else files).add(norm(corpus, f["path"]))
    return {"files": files, "mention_files": mention_files - files, "findings": len(findings), "kinds": kinds}


def parse_lines(out: str, corpus: Path) -> dict:
    files = {norm(corpus, line.strip()) for line in out.splitlines() if line.strip()}
    return {"files": files, "findings": len(files)}


RUFF_LINE = re.compile(r"^(.+?):\d+:\d+: (\S+)")


def parse_ruff(out: str, corpus: Path) -> dict:
    files, n = set(), 0
    for line in out.splitlines():
        m = RUFF_LINE.match(line)
        if m and m.group(2) == "TID251":
            files.add(norm(corpus, m.group(1)))
            n += 1
    return {"files": files, "findings": n}


SG_LINE = re.compile(r"^(.+?\.pyi?):\d+:")


def parse_ast_grep(out: str, corpus: Path) -> dict:
    files, n = set(), 0
    for line in out.splitlines():
        m = SG_LINE.match(line)
        if m:
            files.add(norm(corpus, m.group(1)))
            n += 1
    return {"files": files, "findings": n}


# ------------------------------------------------------------------ tools


def tool_specs(corpus_arg: str) -> dict:
    canon_bin = target_dir() / "release" / "canon"
    return {
        "canon": {
            "cmd": [str(canon_bin), "check", corpus_arg, "--format", "json"],
            "ok": {0, 1},
            "parse": parse_canon,
            "exe": canon_bin,
            "version": [str(canon_bin), "--version"],
        },
        "rg": {
            "cmd": ["rg", "-l", "-F", "-e", NAMES[0], "-e", NAMES[1], corpus_arg],
            "ok": {0, 1},
            "parse": parse_lines,
            "exe": "rg",
            "version": ["rg", "--version"],
            "install": "apt-get install -y ripgrep",
        },
        "ruff": {
            "cmd": ["ruff", "check", "--no-cache", "--select", "TID251", "--output-format", "concise", corpus_arg],
            "ok": {0, 1},
            "parse": parse_ruff,
            "exe": "ruff",
            "version": ["ruff", "--version"],
            "install": "pip install ruff",
        },
        "ast-grep": {
            "cmd": ["ast-grep", "run", "-p", f"{NAMES[1]}()", "-l", "python", corpus_arg],
            "ok": {0, 1},
            "parse": parse_ast_grep,
            "exe": "ast-grep",
            "version": ["ast-grep", "--version"],
            "install": "pip install ast-grep-cli",
        },
    }


def run_once(spec: dict) -> tuple[float, int, str, str]:
    t0 = time.perf_counter()
    r = subprocess.run(spec["cmd"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    return dt, r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=None, help="corpus size in .py files (default 10000)")
    ap.add_argument("--runs", type=int, default=7, help="timed runs per tool (default 7)")
    ap.add_argument("--corpus", default="bench-corpus", help="corpus directory (default bench-corpus at the repo root)")
    ap.add_argument("--no-build", action="store_true", help="do not run `cargo build --release`")
    ap.add_argument("--skip", action="append", default=[], choices=TOOLS, metavar="TOOL",
                    help=f"leave a tool out (repeatable; one of {', '.join(TOOLS)})")
    ap.add_argument("--slow-runs", type=int, default=3,
                    help="timed runs for a tool whose warm-up took over --slow-secs (default 3)")
    ap.add_argument("--slow-secs", type=float, default=20.0, help="see --slow-runs (default 20)")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    args = ap.parse_args()
    if args.runs < 1:
        die("--runs must be at least 1")

    files = args.files if args.files is not None else 10000
    corpus = Path(args.corpus)
    if not corpus.is_absolute():
        corpus = REPO / corpus
    corpus_arg = os.path.relpath(corpus, REPO) if corpus.is_relative_to(REPO) else str(corpus)

    specs = tool_specs(corpus_arg)
    skipped: dict[str, str] = {t: "--skip" for t in args.skip}

    # ---- build canon
    if "canon" not in skipped:
        if not args.no_build:
            run_checked(["cargo", "build", "--release"], "building canon")
        if not Path(specs["canon"]["exe"]).is_file():
            die(f"canon binary not found at {specs['canon']['exe']} "
                f"(build it with `cargo build --release`, or pass --skip canon)")

    # ---- other tools present?
    for t in ("rg", "ruff", "ast-grep"):
        if t in skipped:
            continue
        if shutil.which(specs[t]["exe"]) is None:
            skipped[t] = f"not installed ({specs[t]['install']})"
            print(f"note: skipping {t}: not installed; install with `{specs[t]['install']}`")

    # ---- corpus
    man = ensure_corpus(corpus, files, args.files is not None)
    n_py, n_bytes = corpus_stats(corpus)

    active = [t for t in TOOLS if t not in skipped]
    print()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}")
    print(f"corpus:  {corpus_arg}: {n_py} .py files, {n_bytes / 1e6:.1f} MB")
    for t in active:
        print(f"  {t:9s} {tool_version(specs[t]['version'])}")
    for t, why in skipped.items():
        print(f"  {t:9s} skipped: {why}")
    if not active:
        print("nothing to run")
        return 0

    # ---- warm-up (untimed; also the run whose output we analyse)
    results: dict[str, dict] = {}
    print("\nwarm-up (untimed):", flush=True)
    for t in active:
        dt, rc, out, err = run_once(specs[t])
        ok = rc in specs[t]["ok"]
        parsed = specs[t]["parse"](out, corpus)
        results[t] = {"times": [], "warm": dt, "rc": rc, "ok": ok, "parsed": parsed, "errors": 0}
        print(f"  {t:9s} {dt:7.3f} s  exit {rc}  {len(parsed['files'])} files flagged")
        if not ok:
            print(f"  warning: {t} exited {rc}; stderr:\n    " + "\n    ".join(err.strip().splitlines()[-10:]))
        elif t == "ruff" and "error" in err.lower():
            print("  note: ruff stderr: " + " | ".join(err.strip().splitlines()[:5]))

    # ---- timed runs, round-robin (rotating the start so no tool is always first)
    planned = {t: (args.slow_runs if results[t]["warm"] > args.slow_secs else args.runs) for t in active}
    for t in active:
        if planned[t] < args.runs:
            print(f"note: {t} took {results[t]['warm']:.1f} s to warm up; timing it {planned[t]} times, not {args.runs} (--slow-runs)")
    rounds = max(planned.values())
    print(f"\ntiming {rounds} round(s):", flush=True)
    for r in range(rounds):
        order = active[r % len(active):] + active[: r % len(active)]
        line = []
        for t in order:
            if len(results[t]["times"]) >= planned[t]:
                continue
            dt, rc, _, _ = run_once(specs[t])
            if rc not in specs[t]["ok"]:
                results[t]["errors"] += 1
            results[t]["times"].append(dt)
            line.append(f"{t} {fmt_s(dt)}")
        print(f"  round {r + 1}: " + ", ".join(line), flush=True)

    # ---- table
    med = {t: statistics.median(results[t]["times"]) for t in active}
    base = med.get("canon")
    print()
    hdr = f"{'tool':9s} {'runs':>4s} {'median s':>9s} {'min s':>8s} {'max s':>8s} {'x canon':>8s} {'files':>6s}"
    print(hdr)
    print("-" * len(hdr))
    for t in active:
        ts = results[t]["times"]
        ratio = f"{med[t] / base:.2f}" if base else "-"
        nfiles = len(results[t]["parsed"]["files"])
        err = f"  ({results[t]['errors']} runs exited abnormally)" if results[t]["errors"] else ""
        print(f"{t:9s} {len(ts):4d} {fmt_s(med[t]):>9s} {fmt_s(min(ts)):>8s} {fmt_s(max(ts)):>8s} {ratio:>8s} {nfiles:6d}{err}")
    if base is None and "rg" in med:
        print("(canon not run: ratios to rg instead: " +
              ", ".join(f"{t} {med[t] / med['rg']:.1f}x" for t in active if t != "rg") + ")")

    # ---- SPEC §8 targets
    print("\nSPEC §8 targets (medians, warm cache):")
    checks = []
    for other, label, op, bound, desc in TARGETS:
        if base is None or other not in med:
            why = "canon not run" if base is None else f"{other} not run"
            print(f"  SKIP  {desc:40s} ({why})")
            checks.append({"target": desc, "status": "SKIP"})
            continue
        ratio = base / med[other] if label == "canon/rg" else med[other] / base
        ok = ratio <= bound if op == "<=" else ratio >= bound
        status = "PASS" if ok else "FAIL"
        print(f"  {status}  {desc:40s} {label} = {ratio:.2f} (needs {op} {bound:g})")
        checks.append({"target": desc, "status": status, "ratio": ratio, "bound": bound, "op": op})

    # ---- what each tool flagged
    print("\nfiles flagged:")
    notes = {
        "canon": "findings of every rule (json)",
        "rg": "every file naming either literal: violations, near misses, definitions, configs",
        "ruff": "imports of the banned names only (not patch() strings, not calls)",
        "ast-grep": f"calls `{NAMES[1]}()` only",
    }
    for t in active:
        p = results[t]["parsed"]
        extra = ""
        if t == "canon":
            extra = f"; {len(p['mention_files'])} more files with mentions only; finding kinds {p['kinds']}"
        print(f"  {t:9s} {len(p['files']):6d}  {notes[t]}{extra}")
    if man:
        print(f"  expected  {man['violation_files_count']:6d}  violation files per {MANIFEST} "
              f"({man['import_form_files_count']} with imports, {man['string_only_files_count']} patch() strings only), "
              f"{man['near_miss_files_count']} near misses")

    # ---- coverage
    files_of = {t: results[t]["parsed"]["files"] for t in active}
    if man:
        viol = {v["path"] for v in man["violation_files"]}
        imp = {v["path"] for v in man["violation_files"] if v["import_form"]}
        near = {v["path"] for v in man["near_miss_files"]}
        print("\nagainst the generator's manifest:")
        for t in active:
            got = files_of[t]
            want = imp if t == "ruff" else viol
            label = "import-form violation files" if t == "ruff" else "violation files"
            if t == "ast-grep":
                want = {v["path"] for v in man["violation_files"]
                        if any(f.startswith("getter") for f in v["forms"])}
                label = "files calling the getter"
            missed = sorted(want - got)
            fp = sorted(got & near)
            others = sorted(got - viol - near) if t == "canon" else []
            print(f"  {t:9s} found {len(want & got)}/{len(want)} {label}; flagged {len(fp)} near-miss files"
                  + (f"; missed e.g. {missed[:3]}" if missed and t != "rg" else "")
                  + (f"; near misses flagged e.g. {fp[:3]}" if fp and t not in ("rg",) else "")
                  + (f"; also flagged {others[:5]}" if others else ""))
    if "canon" in files_of and "ruff" in files_of:
        missing = sorted(files_of["ruff"] - files_of["canon"] - results["canon"]["parsed"]["mention_files"])
        verdict = "OK" if not missing else "MISSING"
        print(f"\ncanon ⊇ ruff: {verdict} — canon flagged {len(files_of['ruff']) - len(missing)} of the "
              f"{len(files_of['ruff'])} files ruff flagged" + (f"; not flagged by canon: {missing[:10]}" if missing else ""))

    if args.json:
        out = {
            "corpus": {"path": corpus_arg, "py_files": n_py, "bytes": n_bytes},
            "machine": {"cores": os.cpu_count(), "arch": platform.machine()},
            "tools": {t: {"cmd": specs[t]["cmd"], "times": results[t]["times"], "median": med[t],
                          "files_flagged": len(files_of[t]), "exit": results[t]["rc"]} for t in active},
            "skipped": skipped,
            "targets": checks,
        }
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
