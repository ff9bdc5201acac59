from ui import Widget, default_theme


class Field(Widget):
    kind = "field"


def login_form():
    form = Widget("login", theme=default_theme())
    form.add(Field("user"))
    form.add(Field("password"))
    return form
