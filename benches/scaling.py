#!/usr/bin/env python3
"""Does canon's cost grow linearly? For each dimension (file size,
references in one function, uses of one module alias, bindings of one
local, patches in one test file, functions declaring a global, loads
under a star import, terms of one expression, names in one `__all__`,
path strings as statements or joined by `+`, unrelated imports, number
of rules), time
`canon check` and `canon diff` at a base size and at 4x, interleaved, and print the median
times and their ratio. Target (issue #12): 4x the work costs at most 5x.
Also prints each command's peak memory (max RSS, median) at 4x: issue #13
asks under 200 MB for 40,000 edits on separate lines (`edits on separate
lines` at 4x).

    cargo build --release
    python3 benches/scaling.py [--runs 5] [--canon target/release/canon] [--only NAME]

Generates its trees in a temporary folder; exits 0 whatever the numbers.
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time

MOVE = """[[move]]
id = "ws{i}"
old = "app.ws.factory{i}.create_manager"
new = "app.ws.manager{i}.Manager"
"""


def one_file_tree(root, name, text):
    """A tree of one move rule and one file `name` holding `text`."""
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "canon.toml"), "w") as f:
        f.write(MOVE.format(i=0))
    with open(os.path.join(root, name), "w") as f:
        f.write(text)


def size_tree(root, n):
    """One file of n functions, every other one calling the moved name."""
    out = ["from app.ws.factory0 import create_manager\n\n"]
    for i in range(n):
        if i % 2 == 0:
            out.append(f"def f{i}(ctx):\n    x = {i}\n    return create_manager(ctx)\n\n\n")
        else:
            out.append(f"def f{i}(ctx):\n    y = {i} + 1\n    return ctx\n\n\n")
    one_file_tree(root, "m.py", "".join(out))


def refs_tree(root, n):
    """One function with n references to the moved name."""
    body = "".join(f"    m{i} = create_manager(ctx + {i})\n" for i in range(n))
    one_file_tree(root, "m.py", f"from app.ws.factory0 import create_manager\n\n\ndef build(ctx):\n{body}    return ctx\n")


def rebound_tree(root, n):
    """One function that rebinds one local on each of n lines, then passes
    it to the moved name once: one edit, n bindings each load may see."""
    body = "    x += 1\n" * n
    one_file_tree(root, "m.py", f"from app.ws.factory0 import create_manager\n\n\ndef build(ctx):\n    x = 0\n{body}    return create_manager(x)\n")


def alias_tree(root, n):
    """One module alias (`import app.ws.factory0 as F`) used in n functions
    (`F.create_manager`): one binding, n chains through it."""
    body = "".join(f"def f{i}(ctx):\n    return F.create_manager(ctx)\n\n\n" for i in range(n))
    one_file_tree(root, "m.py", f"import app.ws.factory0 as F\n\n\n{body}")


def one_line_tree(root, n):
    """n uses of the moved name on one line (a list of calls)."""
    items = ", ".join(["create_manager(1)"] * n)
    one_file_tree(root, "m.py", f"from app.ws.factory0 import create_manager; x = [{items}]\n")


def rules_tree(root, n):
    """n move rules, 200 files each importing and calling 5 of the names."""
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "canon.toml"), "w") as f:
        f.write("\n".join(MOVE.format(i=i) for i in range(n)))
    for k in range(200):
        names = [(k * 7 + j) % n for j in range(5)]
        text = "".join(f"from app.ws.factory{i} import create_manager as c{i}\n" for i in names)
        text += "\n\ndef run(ctx):\n" + "".join(f"    c{i}(ctx)\n" for i in names)
        text += "".join(f"\n\ndef other{j}(x):\n    return x + {j}\n" for j in range(20))
        with open(os.path.join(root, f"f{k}.py"), "w") as f:
            f.write(text)


def patch_tree(root, n):
    """One test file of n tests, each patching the moved name by its
    dotted path and calling it: n patch strings and n uses in one file."""
    body = "".join(
        f"@mock.patch(\"app.ws.factory0.create_manager\")\ndef test_{i}(m):\n    assert create_manager({i})\n\n\n"
        for i in range(n)
    )
    one_file_tree(root, "test_ws.py", f"from unittest import mock\n\nfrom app.ws.factory0 import create_manager\n\n\n{body}")


def global_tree(root, n):
    """n functions, each declaring one module global and rebinding it from
    the moved name: n scopes that each bind the module's one name."""
    body = "".join(f"def f{i}():\n    global x\n    x = create_manager(x)\n\n\n" for i in range(n))
    one_file_tree(root, "m.py", f"from app.ws.factory0 import create_manager\n\nx = 0\n\n\n{body}")


def star_tree(root, n):
    """A module under a star import that rebinds one name on each of n
    lines: every load may come from the star import's module."""
    body = "x += 1\n" * n
    one_file_tree(root, "m.py", f"from os.path import *\nfrom app.ws.factory0 import create_manager\n\nx = create_manager(0)\n{body}")


def chain_tree(root, n):
    """One expression of n calls of the moved name joined by `+`: a tree
    n deep, each use's parent a walk down from the root in tree-sitter."""
    terms = " + ".join(f"create_manager({i})" for i in range(n))
    one_file_tree(root, "m.py", f"from app.ws.factory0 import create_manager\n\n\ndef build(ctx):\n    return ({terms})\n")


def reexport_tree(root, n):
    """A package `__init__` re-exporting n names, the moved one among
    them, all listed in one `__all__`: n strings of one list."""
    body = "".join(f"from app.pkg.m{i} import n{i}\n" for i in range(n))
    names = ", ".join([f'"n{i}"' for i in range(n)] + ['"create_manager"'])
    one_file_tree(root, "__init__.py", f"{body}from app.ws.factory0 import create_manager\n__all__ = [{names}]\n")


def mention_tree(root, n):
    """A settings module of n statements, each a string spelling the
    moved path: n mentions, each a child of one wide module."""
    body = "".join(f"X{i} = 'app.ws.factory0.create_manager'\n" for i in range(n))
    one_file_tree(root, "settings.py", body)


def string_chain_tree(root, n):
    """One expression of n strings spelling the moved path joined by `+`:
    n mentions, each n deep in a left-nested tree."""
    terms = " + ".join("'app.ws.factory0.create_manager'" for _ in range(n))
    one_file_tree(root, "settings.py", f"X = {terms}\n")


def imports_tree(root, n):
    """A module of n unrelated imports of one package, then the moved
    name's import and a call: each import binds the same top name."""
    body = "".join(f"import app.other.m{i}\n" for i in range(n))
    one_file_tree(root, "m.py", f"{body}from app.ws.factory0 import create_manager\n\ncreate_manager(1)\n")


def timed(cmd, cwd):
    """Wall seconds and peak memory (max RSS, MB) of one run."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--canon", default="target/release/canon")
    ap.add_argument("--only", help="run only the dimensions whose name contains this")
    args = ap.parse_args()
    canon = os.path.abspath(args.canon)
    dims = [
        ("file size (functions)", size_tree, 4000),
        ("references in one function", refs_tree, 2000),
        ("edits on separate lines", refs_tree, 10000),
        ("edits on one line", one_line_tree, 50000),
        ("uses of one module alias", alias_tree, 1500),
        ("bindings of one local", rebound_tree, 10000),
        ("patches in one test file", patch_tree, 1000),
        ("functions with a global", global_tree, 2500),
        ("loads under a star import", star_tree, 5000),
        ("terms of one expression", chain_tree, 2000),
        ("names in one __all__", reexport_tree, 2000),
        ("module-level path strings", mention_tree, 10000),
        ("path strings joined by +", string_chain_tree, 1000),
        ("unrelated imports", imports_tree, 4000),
        ("rules", rules_tree, 25),
        ("many rules", rules_tree, 250),
    ]
    dims = [d for d in dims if args.only is None or args.only in d[0]]
    print(f"{'dimension':28} {'cmd':6} {'1x':>9} {'4x':>9} {'ratio':>6} {'4x peak':>9}")
    with tempfile.TemporaryDirectory(prefix="canon-scaling-") as tmp:
        for name, make, base in dims:
            small, big = os.path.join(tmp, f"{make.__name__}-{base}"), os.path.join(tmp, f"{make.__name__}-{4 * base}")
            make(small, base)
            make(big, base * 4)
            for cmd in (["check", ".", "--format", "json"], ["diff", "."]):
                t = {small: [], big: []}
                rss = []
                for _ in range(args.runs):
                    for d in (small, big):
                        secs, peak = timed([canon] + cmd, d)
                        t[d].append(secs)
                        if d == big:
                            rss.append(peak)
                a, b = statistics.median(t[small]), statistics.median(t[big])
                verdict = "ok" if b <= 5 * a else "SUPERLINEAR"
                peak = statistics.median(rss)
                print(f"{name:28} {cmd[0]:6} {a:8.3f}s {b:8.3f}s {b / a:6.2f} {peak:7.0f}MB {verdict}")


if __name__ == "__main__":
    main()
