"""Handlers annotated through module heads: `typing.X` everywhere."""
import logging
import typing

import app.ws.factory
from app.ws import factory as wsf

log = logging.getLogger(__name__)


def handle(request: typing.List[str], limit: int = 0) -> typing.Any:
    """Handle a List of requests."""
    result: typing.Any = app.ws.factory.create_manager(request)
    for item in range(limit):
        result = wsf.helper(result, item)
    return result


class Store(typing.Generic[typing.Any]):
    items: typing.List[typing.Any] = []

    def put(self, value: typing.Any) -> None:
        self.items.append(value)

    def first(self) -> typing.Any:
        return self.items[0] if self.items else None


def batch(values: typing.List[int]) -> typing.List[str]:
    # Each value as text: a List of str.
    return [str(v) for v in values if v is not ...]


def nested(x=(lambda v=typing.Any: v)):
    return f"{len(x.__name__)} items", typing.List.__name__


async def fetch(urls: typing.List[str]) -> typing.List[typing.Any]:
    out = []
    for u in urls:
        out.append(await app.ws.factory.create_manager(u))
    return out
