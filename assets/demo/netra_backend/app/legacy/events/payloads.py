"""Legacy chat payloads (deprecated, #506)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ChatPayload:
    thread_id: str
    user_id: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"thread_id": self.thread_id, "user_id": self.user_id, "text": self.text}
