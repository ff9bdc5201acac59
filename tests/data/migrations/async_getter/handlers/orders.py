from svc.registry import get_store


async def place_order(order_id, items):
    store = get_store()
    store.set(f"order:{order_id}", list(items))
    return order_id


async def order_items(order_id):
    return get_store().get(f"order:{order_id}", [])
