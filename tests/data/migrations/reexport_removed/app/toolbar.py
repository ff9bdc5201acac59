from ui import (
    Theme,
    Widget as BaseWidget,  # toolbar buttons are widgets
)

DARK = Theme("dark", "#ffaa00")


class Button(BaseWidget):
    kind = "button"


def build():
    bar = BaseWidget("toolbar", theme=DARK)
    bar.add(Button("save"))
    return bar
