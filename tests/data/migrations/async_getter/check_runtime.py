"""Behaviour the migration must keep (runs before and after it)."""

import asyncio

from handlers import admin, orders, reports


async def main():
    assert await orders.place_order(1, ["apple", "pear"]) == 1
    assert await orders.place_order(2, ["fig"]) == 2
    assert await orders.order_items(1) == ["apple", "pear"]
    assert await orders.order_items(3) == []

    assert await reports.order_count() == 2
    assert reports.order_count_sync() == 2
    assert await reports.counts(["order:", "order:1", "nothing"]) == 3

    assert await admin.set_priority("b", 5) == 5
    assert await admin.set_priority("c", 9) == 9
    assert await reports.by_priority(["a", "b", "c"]) == ["c", "b", "a"]
    assert await reports.nested(["priority:b", "order:2"]) == [5, ["fig"]]
    assert await admin.reset(["b", "c"]) == 2
    assert await reports.by_priority(["a", "b", "c"]) == ["a", "b", "c"]
    return "done"


assert asyncio.run(main()) == "done"
print("ok")
