"""The legacy event bus and its replacement must behave alike until #506 lands."""
from __future__ import annotations

import netra_backend.app.events as events
import netra_backend.app.legacy.events
from netra_backend.app.events.payloads import ChatPayload as NewChatPayload
from netra_backend.app.legacy.events.payloads import ChatPayload


def test_publish_reaches_subscribers():
    seen = []
    netra_backend.app.legacy.events.subscribe("t.legacy", seen.append)
    events.subscribe("t.new", seen.append)
    assert netra_backend.app.legacy.events.publish_event("t.legacy", {"n": 1}) == 1
    assert events.publish_event("t.new", {"n": 2}) == 1
    assert seen == [{"n": 1}, {"n": 2}]


def test_payload_shapes_match():
    old = ChatPayload(thread_id="t", user_id="u", text="x").to_dict()
    new = NewChatPayload(thread_id="t", user_id="u", text="x").to_dict()
    assert set(old) <= set(new)
