"""Handlers for inbound WebSocket frames."""
