import ui


def build():
    panel = ui.Widget("sidebar", theme=ui.default_theme())
    panel.add(ui.Widget("links"))
    return panel
