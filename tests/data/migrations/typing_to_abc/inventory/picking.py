import typing

from inventory.models import Item


def pick_list(
    stock: typing.Mapping[str, int],
    order: typing.Iterable[typing.Tuple[str, int]],
    on_short: typing.Optional[typing.Callable[[str, int], None]] = None,
) -> typing.List[typing.Tuple[str, int]]:
    picks = []
    for sku, wanted in order:
        available = stock.get(sku, 0)
        if available < wanted and on_short is not None:
            on_short(sku, wanted - available)
        picks.append((sku, min(wanted, available)))
    return picks


def restock(stock: typing.MutableMapping[str, int], items: typing.Iterable[Item]) -> int:
    added = 0
    for item in items:
        stock[item.sku] = stock.get(item.sku, 0) + item.quantity
        added += item.quantity
    return added


def is_iterable_order(value) -> bool:
    return isinstance(value, typing.Iterable) and not isinstance(value, str)
