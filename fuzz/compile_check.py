#!/usr/bin/env python3
"""Ask CPython (and pyflakes) about canon's proposals on the fuzz corpora.

The fuzz targets check in Rust what CPython's symbol table would refuse
(`canon::invariants::symtable`); this is the slower, independent check:
every corpus input of the proposing targets is run once with
CANON_FUZZ_CASES set, so each valid input canon changes is written out as
a case, and `tests/data/oracle.py` (the oracle the mutation tests use)
compiles "after" wherever "before" compiles and compares pyflakes'
undefined names and unused imports.

    python3 fuzz/compile_check.py                      # both proposing targets
    python3 fuzz/compile_check.py propose_structured   # one

Needs the nightly toolchain, cargo-fuzz and pyflakes. Exit 1 if any case
is broken.
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

FUZZ = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(FUZZ.parent / "tests" / "data"))
import oracle  # noqa: E402


def cases_of(target, out):
    corpus = FUZZ / "corpus" / target
    if not corpus.is_dir():
        print(f"{target}: no corpus at {corpus}, skipped")
        return []
    env = dict(os.environ, CANON_FUZZ_CASES=str(out))
    # -runs=0: run every corpus input once, mutate nothing.
    subprocess.run(
        ["cargo", "+nightly", "fuzz", "run", target, str(corpus), "--", "-runs=0"],
        cwd=FUZZ,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return [json.loads(f.read_text(encoding="utf-8")) for f in sorted(out.glob("*.json"))]


def main(targets):
    broken = 0
    for target in targets or ["propose_bytes", "propose_structured"]:
        with tempfile.TemporaryDirectory() as tmp:
            cases = cases_of(target, pathlib.Path(tmp))
        bad = oracle.judge(cases)
        compiled = sum(oracle.compile_error(c["before"], c["name"]) is None for c in cases)
        for b in bad:
            print(f"{target}: {b['name']}: {b['new']}")
        print(f"{target}: {len(cases)} proposals ({compiled} on input CPython compiles), {len(bad)} broken")
        broken += len(bad)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
