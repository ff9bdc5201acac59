"""Typed payloads carried by chat events."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone


@dataclass
class ChatPayload:
    thread_id: str
    user_id: str
    text: str
    sent_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def to_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["sent_at"] = self.sent_at.isoformat()
        return data


@dataclass
class AgentStatusPayload:
    run_id: str
    status: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)
