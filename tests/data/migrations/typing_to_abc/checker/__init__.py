"""A miniature type checker's semantic analyser (after mypy's semanal)."""
