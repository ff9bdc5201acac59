from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence


@dataclass
class Item:
    sku: str
    quantity: int
    tags: Sequence[str] = field(default_factory=tuple)


def total_quantity(items: Sequence[Item]) -> int:
    return sum(item.quantity for item in items)


def find(items: Sequence[Item], sku: str) -> Optional[Item]:
    for item in items:
        if item.sku == sku:
            return item
    return None


def from_rows(rows) -> list:
    """Accept either a mapping of sku -> quantity or a sequence of pairs."""
    if isinstance(rows, Mapping):
        rows = rows.items()
    elif not isinstance(rows, Sequence):
        raise TypeError(f"cannot read stock from {type(rows).__name__}")
    return [Item(sku, int(qty)) for sku, qty in rows]


def as_mapping(items: Sequence[Item]) -> Mapping[str, int]:
    return {item.sku: item.quantity for item in items}
