#!/usr/bin/env python3
"""canon against `rg -l` and `ruff check --select TID251` on trees shaped
like the real ones of issue #12, in one interleaved run, with ratios.

    cargo build --release
    python3 benches/shapes.py [--runs 7] [--canon target/release/canon] [--scale 1]

Shapes (generated in a temporary folder, fixed seed):

- `names-everywhere`: 25 `typing` names moved (25 rules), used in 2/3 of
  the files, mostly through `from typing import ...`, some through
  `import typing` and `typing.X` chains (every use is then a finding).
- `monorepo`: many files, few candidates; big test files (~400 KB) of many
  test classes whose hit sits deep in one method; 3 rules like SPEC §2.
- `references`: one module with thousands of uses of a moved name.
- `shim-module`: thousands of move rules over the module defining them.
- `nested-rewrites`: rewrite matches nested hundreds deep in one statement.

Every tool is told the same banned paths (canon's rules, ruff's
`banned-api`, rg's literals). Each round runs every tool once, in a rotated
order; the table shows medians and each tool's median over canon's.
Exits 0 whatever the numbers: a report, not a test. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TYPING = (
    "List Dict Optional Any Union Tuple Set FrozenSet Callable Iterable Iterator "
    "Sequence Mapping MutableMapping Type TypeVar Generic Protocol cast overload "
    "NamedTuple DefaultDict Deque Awaitable Coroutine"
).split()

OLD = "netra_backend.app.websocket_core.websocket_manager_factory"
NEW = "netra_backend.app.websocket_core.websocket_manager"
WS_RULES = f'''[[move]]
id = "ws-create"
old = "{OLD}.create_websocket_manager"
new = "{NEW}.WebSocketManager"

[[rewrite]]
id = "ws-getter"
pattern = "{{{OLD}.get_websocket_manager_factory}}()"
fix = "await {{{NEW}.get_websocket_manager}}(user_context=None)"

[[ban]]
id = "ws-factory-class"
symbol = "{OLD}.WebSocketManagerFactory"
'''
WS_NAMES = ("create_websocket_manager", "get_websocket_manager_factory", "WebSocketManagerFactory")


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def ruff_config(root: str, paths: list[str]) -> None:
    lines = ["[tool.ruff.lint.flake8-tidy-imports.banned-api]"]
    lines += [f'"{p}".msg = "moved"' for p in paths]
    write(os.path.join(root, "pyproject.toml"), "\n".join(lines) + "\n")


def names_everywhere(root: str, scale: int, rng: random.Random) -> list[str]:
    rules = "".join(
        f'[[move]]\nid = "typing-{n.lower()}"\nold = "typing.{n}"\nnew = "typing_extensions.{n}"\n\n'
        for n in TYPING
    )
    write(os.path.join(root, "canon.toml"), rules)
    ruff_config(root, [f"typing.{n}" for n in TYPING])
    for d in range(310 * scale):
        chains = d % 7 == 0  # `import typing`, then typing.X everywhere
        used = sorted(rng.sample(TYPING[:18], rng.randint(3, 9)))
        out = []
        if d % 3 == 2:
            used = []
        elif chains:
            out.append("import typing\n")
        else:
            out.append(f"from typing import {', '.join(used)}\n")
        out.append("import logging\n\nlog = logging.getLogger(__name__)\n\n\n")
        pre = "typing." if chains else ""
        for i in range(rng.randint(20, 80)):
            a = f"{pre}{rng.choice(used)}" if used else "int"
            out.append(
                f"def handle_{i}(request: {a}, limit: int = {i}) -> {a}:\n"
                f'    """Handle case {i}."""\n'
                f"    result: {a} = lookup(request, key='k{i}')\n"
                f"    for item in range(limit):\n"
                f"        result = merge(result, item)\n"
                f"    return result\n\n\n"
            )
        write(os.path.join(root, f"pkg{d % 12}", f"mod{d}.py"), "".join(out))
    return list(TYPING)


def test_class(c: int, hit: bool, rng: random.Random) -> str:
    out = [f"class TestArea{c}(BaseCase):\n    \"\"\"Area {c}.\"\"\"\n\n"]
    deep = rng.randint(5, 25) if hit else -1
    for m in range(30):
        out.append(
            f"    @pytest.mark.parametrize('n', [1, 2, 3])\n"
            f"    def test_case_{m}(self, client, n):\n"
            f"        response = client.get(f'/area/{c}/{m}?n={{n}}')\n"
            f"        assert response.status_code == 200\n"
            f"        payload = response.json()\n"
            f"        assert payload['items'][n]['id'] == {m}\n"
        )
        if m == deep:
            out.append("        manager = factory.create_websocket_manager(payload)\n")
        out.append("\n")
    return "".join(out)


def monorepo(root: str, scale: int, rng: random.Random) -> list[str]:
    write(os.path.join(root, "canon.toml"), WS_RULES)
    ruff_config(root, [f"{OLD}.{n}" for n in WS_NAMES])
    mod = f"netra_backend/app/websocket_core/websocket_manager_factory.py"
    write(os.path.join(root, mod), "def create_websocket_manager(x):\n    return x\n")
    for f in range(2000 * scale):
        svc = f"services/svc{f % 40}"
        if f % 250 == 0:
            # A big test file: ~400 KB of test classes, one hit deep in one method.
            head = f"import pytest\nfrom {OLD.rsplit('.', 1)[0]} import websocket_manager_factory as factory\n\n\n"
            body = "".join(test_class(c, c == 37, rng) for c in range(80))
            write(os.path.join(root, svc, "tests", f"test_big_{f}.py"), head + body)
            continue
        body = "".join(
            f"def step_{i}(ctx, value={i}):\n    total = ctx.compute(value) * {i}\n    return total\n\n\n"
            for i in range(rng.randint(10, 60))
        )
        write(os.path.join(root, svc, "app", f"area{f % 17}", f"mod{f}.py"), "import os\n\n\n" + body)
    return list(WS_NAMES)


def one_module(root: str, path: str, head: str, line, count: int) -> list[str]:
    """The WS rules, and one module at `path`: `head`, then `line(i)` for
    each of `count` uses."""
    write(os.path.join(root, "canon.toml"), WS_RULES)
    ruff_config(root, [f"{OLD}.{n}" for n in WS_NAMES])
    write(os.path.join(root, *path.split("/")), head + "".join(line(i) for i in range(count)))
    return list(WS_NAMES)


def references(root: str, scale: int, rng: random.Random) -> list[str]:
    return one_module(
        root,
        "app/users.py",
        f"from {OLD} import create_websocket_manager\n\n\n",
        lambda i: f"def use_{i}(ctx):\n    return create_websocket_manager(ctx, {i})\n\n\n",
        4000 * scale,
    )


def qualified_uses(root: str, scale: int, rng: random.Random) -> list[str]:
    """One big module spelling the old path in full 20,000 times (`import
    old; old.mod.f`): every use is an edit, and each asks the same
    questions of the file (a quadratic pass here took 100 s to diff)."""
    return one_module(
        root,
        "tests/test_everything.py",
        f"import {OLD}\n\nNS = globals()\n\n\n",
        lambda i: f"x{i} = {OLD}.create_websocket_manager\n",
        20000 * scale,
    )


def rewrite_sites(root: str, scale: int, rng: random.Random) -> list[str]:
    """One async module calling the rewritten getter 16,000 times: every
    fix asks whether its new name is free (a scan of every load once took
    15 s to diff here, and the await check 100 s)."""
    return one_module(
        root,
        "app/startup.py",
        f"from {OLD} import get_websocket_manager_factory\n\n\nasync def main():\n",
        lambda i: f"    m{i} = get_websocket_manager_factory()\n",
        16000 * scale,
    )


def comment_runs(root: str, scale: int, rng: random.Random) -> list[str]:
    """One module with a 50,000-line block of commented-out code between
    its imports and its uses: tree-sitter-python's scanner once rescanned
    the rest of a comment run at each of its line ends (O(n^2); 200,000
    lines took `canon check` 8 minutes), see vendor/tree-sitter-python."""
    return one_module(
        root,
        "app/legacy.py",
        f"from {OLD} import get_websocket_manager_factory\n"
        + "".join(f"# old_{i} = get_websocket_manager_factory({i})\n" for i in range(50000 * scale))
        + "\n\ndef main():\n",
        lambda i: f"    m{i} = get_websocket_manager_factory()\n",
        100,
    )


def shim_module(root: str, scale: int, rng: random.Random) -> list[str]:
    """2,000 move rules for the 2,000 shims one deprecated module defines
    (what `canon init` writes for a big compatibility module): nothing to
    propose there, yet a parse and a model of the file per rule once made
    `diff` cost rules x definitions (5,000: over 2 minutes)."""
    n = 2000 * scale
    write(
        os.path.join(root, "canon.toml"),
        "".join(f'[[move]]\nid = "m{i}"\nold = "old.mod.h{i}"\nnew = "new.mod.a{i}"\n\n' for i in range(n)),
    )
    ruff_config(root, [f"old.mod.h{i}" for i in range(n)])
    for d in ("old", "new"):
        write(os.path.join(root, d, "__init__.py"), "")
    write(os.path.join(root, "old", "mod.py"), "".join(f"def h{i}(x):\n    return x\n\n\n" for i in range(n)))
    write(os.path.join(root, "new", "mod.py"), "".join(f"def a{i}(x):\n    return x\n\n\n" for i in range(n)))
    return [f"h{i}" for i in range(n)]


def nested_rewrites(root: str, scale: int, rng: random.Random) -> list[str]:
    """One statement of 300 rewrite matches nested in each other
    (`helper(helper(...helper(1)...))`): each level is a round of the rule
    on its own output, and each round once walked up the tree from every
    match (`diff` quadratic in the depth)."""
    n = 300 * scale
    write(
        os.path.join(root, "canon.toml"),
        '[[rewrite]]\nid = "r"\npattern = "{old.mod.helper}($A)"\nfix = "{new.mod.assist}(x=$A)"\n',
    )
    ruff_config(root, ["old.mod.helper"])
    for d in ("old", "new"):
        write(os.path.join(root, d, "__init__.py"), "")
    write(os.path.join(root, "old", "mod.py"), "def helper(x):\n    return x\n")
    write(os.path.join(root, "new", "mod.py"), "def assist(x):\n    return x\n")
    write(os.path.join(root, "app", "deep.py"), "from old.mod import helper\n\nx = " + "helper(" * n + "1" + ")" * n + "\n")
    return ["helper"]


SHAPES = {
    "names-everywhere": names_everywhere,
    "rewrite-sites": rewrite_sites,
    "monorepo": monorepo,
    "references": references,
    "qualified-uses": qualified_uses,
    "comment-runs": comment_runs,
    "shim-module": shim_module,
    "nested-rewrites": nested_rewrites,
}


def commands(canon: str, root: str, names: list[str]) -> dict[str, list[str]]:
    rg = ["rg", "-l", "-F"] + [a for n in names for a in ("-e", n)] + ["."]
    ruff = ["ruff", "check", "--no-cache", "--select", "TID251", "--output-format", "concise", "."]
    return {
        "canon": [canon, "check", ".", "--format", "json"],
        "canon diff": [canon, "diff", "."],
        "rg": rg,
        "ruff": ruff,
    }


def time_shape(name: str, root: str, cmds: dict[str, list[str]], runs: int) -> None:
    tools = [t for t in cmds if shutil.which(cmds[t][0]) or os.path.exists(cmds[t][0])]
    times: dict[str, list[float]] = {t: [] for t in tools}
    for t in tools:  # warm-up (page cache)
        subprocess.run(cmds[t], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for r in range(runs):
        order = tools[r % len(tools):] + tools[: r % len(tools)]
        for t in order:
            start = time.perf_counter()
            subprocess.run(cmds[t], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[t].append(time.perf_counter() - start)
    base = statistics.median(times["canon"])
    for t in tools:
        med = statistics.median(times[t])
        print(f"| {name} | {t} | {med:.3f} | {min(times[t]):.3f} | {max(times[t]):.3f} | {med / base:.2f} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--canon", default="target/release/canon")
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--shape", action="append", choices=list(SHAPES))
    ap.add_argument("--keep", help="generate the trees here and keep them")
    args = ap.parse_args()
    canon = os.path.abspath(args.canon)
    if not os.path.exists(canon):
        print(f"shapes.py: error: {canon} missing (cargo build --release)", file=sys.stderr)
        return 2
    top = args.keep or tempfile.mkdtemp(prefix="canon-shapes-")
    print(f"{os.cpu_count()} cores, {args.runs} runs; trees in {top}\n")
    print("| shape | tool | median s | min | max | tool/canon |")
    print("|---|---|---|---|---|---|")
    try:
        for name in args.shape or list(SHAPES):
            root = os.path.join(top, name)
            shutil.rmtree(root, ignore_errors=True)
            names = SHAPES[name](root, args.scale, random.Random(12))
            time_shape(name, root, commands(canon, root, names), args.runs)
    finally:
        if not args.keep:
            shutil.rmtree(top, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
