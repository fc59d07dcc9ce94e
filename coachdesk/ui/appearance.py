"""Text size and contrast for the whole app: one application font and one palette, never per widget."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# White on black with yellow selection: 21:1 for text, and disabled text still above 7:1 (WCAG AAA).
_HIGH_CONTRAST: dict[Role, str] = {
    Role.Window: "#000000",
    Role.WindowText: "#ffffff",
    Role.Base: "#000000",
    Role.AlternateBase: "#1c1c1c",
    Role.Text: "#ffffff",
    Role.Button: "#000000",
    Role.ButtonText: "#ffffff",
    Role.BrightText: "#ffff00",
    Role.Highlight: "#ffff00",
    Role.HighlightedText: "#000000",
    Role.ToolTipBase: "#000000",
    Role.ToolTipText: "#ffffff",
    Role.PlaceholderText: "#c8c8c8",
    Role.Link: "#66ccff",
    Role.LinkVisited: "#ff99ff",
    Role.Light: "#ffffff",
    Role.Midlight: "#d0d0d0",
    Role.Mid: "#a0a0a0",
    Role.Dark: "#ffffff",
    Role.Shadow: "#ffffff",
}
_HIGH_CONTRAST_DISABLED = "#a8a8a8"


def high_contrast_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _HIGH_CONTRAST.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor(_HIGH_CONTRAST_DISABLED))
    return palette


class Appearance:
    """Remembers the platform's own font and palette, so every change scales from them and can undo."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._base_font = QFont(app.font())
        self._base_palette = QPalette(app.palette())

    @property
    def base_point_size(self) -> float:
        # A platform font given in pixels has no point size; 10 pt is the common desktop default.
        size = self._base_font.pointSizeF()
        return size if size > 0 else 10.0

    def apply(self, *, text_size_percent: int, high_contrast: bool) -> None:
        font = QFont(self._base_font)
        font.setPointSizeF(self.base_point_size * text_size_percent / 100)
        QApplication.setFont(font)  # the one app-wide font: every widget inherits it
        QApplication.setPalette(high_contrast_palette() if high_contrast else self._base_palette)

    def restore(self) -> None:
        QApplication.setFont(self._base_font)
        QApplication.setPalette(self._base_palette)


def presentation_font(factor: float) -> QFont:
    """The application font scaled by ``factor``, for a window read from a distance (the interpreter's
    second screen). Derived from the app-wide font each time, so the text-size setting still scales it."""
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    return font
