"""An oracle canon does not share code with: CPython and pyflakes.

Each case is {"name", "before", "after"}: a file and canon's proposal for
it. A case is broken when "after" has a pyflakes complaint of a kind
("UndefinedName", "UndefinedLocal", "UnusedImport") more often than
"before", or does not compile while "before" does.

    python3 oracle.py < cases.json      # a JSON array in, the broken ones out (JSON)
    python3 oracle.py --dir DIR         # every DIR/*.json case file; exit 1 if any is broken

The mutation tests (tests/it/mutants.rs) pipe their cases in; the fuzz
targets write theirs to a folder (fuzz/compile_check.py).
"""

import json
import pathlib
import sys

import pyflakes.api
import pyflakes.reporter


class Collect(pyflakes.reporter.Reporter):
    def __init__(self):
        self.messages = []

    def unexpectedError(self, filename, msg):
        self.messages.append("error: " + str(msg))

    def syntaxError(self, filename, msg, lineno, offset, text):
        self.messages.append("syntax: " + str(msg))

    def flake(self, message):
        kind = type(message).__name__
        if kind in ("UndefinedName", "UndefinedLocal", "UnusedImport"):
            # The names, not the line numbers (which edits move).
            self.messages.append(kind + " " + repr(message.message_args[0]))


def flakes(text):
    r = Collect()
    pyflakes.api.check(text, "f.py", r)
    return sorted(r.messages)


def compile_error(text, name):
    try:
        compile(text, name, "exec")
    except (SyntaxError, ValueError) as e:
        return str(e)
    return None


def judge(cases):
    bad = []
    for case in cases:
        if compile_error(case["before"], case["name"]) is not None:
            # Not Python to begin with: nothing to compare.
            continue
        before, after = flakes(case["before"]), flakes(case["after"])
        # By kind: a rename changes the names in the messages, not their number.
        kinds = lambda ms: [m.split(" ")[0] for m in ms]
        new = kinds(after)
        for k in kinds(before):
            if k in new:
                new.remove(k)
        if new:
            new = [m for m in after if m not in before] or new
        error = compile_error(case["after"], case["name"])
        if error is not None:
            new.append("does not compile: " + error)
        if new:
            bad.append({"name": case["name"], "new": new})
    return bad


def main(argv):
    if len(argv) == 3 and argv[1] == "--dir":
        files = sorted(pathlib.Path(argv[2]).glob("*.json"))
        cases = [json.loads(f.read_text(encoding="utf-8")) for f in files]
        valid = sum(compile_error(c["before"], c["name"]) is None for c in cases)
        bad = judge(cases)
        for b in bad:
            print(b["name"], b["new"])
        print(f"{len(cases)} cases ({valid} compile before), {len(bad)} broken")
        return 1 if bad else 0
    print(json.dumps(judge(json.load(sys.stdin))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
