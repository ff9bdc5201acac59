from __future__ import annotations
import app.legacy.events, app.legacy.events
import app.events, app.legacy.events as create_manager
