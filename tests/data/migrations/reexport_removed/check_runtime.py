"""Behaviour the migration must keep (runs before and after it)."""

from app import dashboard, forms, sidebar, toolbar
from ui.widgets.core import Widget

assert dashboard.build().render() == (
    "<widget label='dashboard' accent=none><widget label='chart' accent=none></widget></widget>"
)
assert sidebar.build().render() == (
    "<widget label='sidebar' accent=#0055ff><widget label='links' accent=none></widget></widget>"
)
form = forms.login_form()
assert isinstance(form, Widget)
assert [type(c).__name__ for c in form.children] == ["Field", "Field"]
assert issubclass(forms.Field, Widget)
assert toolbar.build().render() == (
    "<widget label='toolbar' accent=#ffaa00><button label='save' accent=none></button></widget>"
)
assert issubclass(toolbar.Button, Widget)

print("ok")
