"""ui: widgets and themes."""

from ui.theme import Theme, default_theme
from ui.widgets.core import Widget  # deprecated re-export, removed in ui 2.0

__all__ = ["Theme", "Widget", "default_theme"]
