"""Semantic analysis of annotations.

The fully qualified names below are *data*: they are what the checker sees in
the code it analyses (which may still spell `typing.Mapping`), not imports of
this module. They must never be rewritten.
"""

from typing import Callable, Optional

# Deprecated alias -> the class it stands for.
ALIASES = {
    "typing.Iterable": "collections.abc.Iterable",
    "typing.Mapping": "collections.abc.Mapping",
    "typing.Sequence": "collections.abc.Sequence",
    "typing.Callable": "collections.abc.Callable",
}


class Instance:
    def __init__(self, fullname: str, args=()):
        self.fullname = fullname
        self.args = tuple(args)

    def __repr__(self):
        return f"Instance({self.fullname!r})"


def named_type(fullname: str, args=()) -> Instance:
    return Instance(fullname, args)


def classify(fullname: str) -> Optional[str]:
    if fullname == "typing.Mapping":
        return "mapping"
    if fullname in ("typing.Sequence", "builtins.list"):
        return "sequence"
    if fullname == "typing.Callable":
        return "callable"
    return None


def canonical(fullname: str) -> str:
    return ALIASES.get(fullname, fullname)


def sequence_of(item: str) -> Instance:
    return named_type("typing.Sequence", [named_type(item)])


def analyse(names, visit: Callable[[str], Optional[str]] = classify):
    return {name: visit(name) for name in names}
