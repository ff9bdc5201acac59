from __future__ import annotations
from app.legacy.events import \
    create_manager  # canon: ignore
try:
    from app.ws.factory import \
        create_manager
except create_manager:
    pass
