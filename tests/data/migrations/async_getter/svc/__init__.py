"""Service layer: the shared key-value store."""
