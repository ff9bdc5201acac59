"""Behaviour the migration must keep (runs before and after it)."""

import collections.abc

from checker import semanal
from inventory import hooks, models, picking

# Annotations and isinstance checks against the abc classes.
items = models.from_rows({"A-1": 3, "B-2": "4"})
assert [(i.sku, i.quantity) for i in items] == [("A-1", 3), ("B-2", 4)]
assert models.from_rows([("C-3", 1)])[0].sku == "C-3"
try:
    models.from_rows(42)
except TypeError as exc:
    assert str(exc) == "cannot read stock from int"
else:
    raise AssertionError("from_rows(42) did not raise")
assert models.total_quantity(items) == 7
assert models.find(items, "B-2").quantity == 4
assert models.find(items, "Z-9") is None
assert models.as_mapping(items) == {"A-1": 3, "B-2": 4}

shorts = []
picks = picking.pick_list({"A-1": 3}, [("A-1", 5), ("B-2", 1)], lambda s, n: shorts.append((s, n)))
assert picks == [("A-1", 3), ("B-2", 0)]
assert shorts == [("A-1", 2), ("B-2", 1)]
stock = {"A-1": 1}
assert picking.restock(stock, items) == 7
assert stock == {"A-1": 4, "B-2": 4}
assert picking.is_iterable_order([("A-1", 1)]) is True
assert picking.is_iterable_order("A-1") is False

seen = []
hooks.on("restocked", lambda event, payload: seen.append((event, payload)))
assert hooks.fire("restocked", {"A-1": 4}) == 1
assert seen == [("restocked", {"A-1": 4})]
assert hooks.callable_hooks("restocked") is True

# The alias names held as data behave exactly as before.
assert semanal.classify("typing.Mapping") == "mapping"
assert semanal.classify("collections.abc.Mapping") is None
assert semanal.classify("typing.Sequence") == "sequence"
assert semanal.classify("typing.Callable") == "callable"
assert semanal.named_type("typing.Sequence").fullname == "typing.Sequence"
assert semanal.sequence_of("builtins.int").fullname == "typing.Sequence"
assert semanal.canonical("typing.Iterable") == "collections.abc.Iterable"
assert semanal.canonical("collections.abc.Iterable") == "collections.abc.Iterable"
assert sorted(semanal.ALIASES) == [
    "typing.Callable",
    "typing.Iterable",
    "typing.Mapping",
    "typing.Sequence",
]
assert semanal.analyse(["typing.Mapping", "builtins.int"]) == {
    "typing.Mapping": "mapping",
    "builtins.int": None,
}

# The abc classes are what the annotations name, before and after.
assert models.Mapping[str, int].__origin__ is collections.abc.Mapping
assert hooks.Callable[[str], None].__origin__ is collections.abc.Callable

print("ok")
