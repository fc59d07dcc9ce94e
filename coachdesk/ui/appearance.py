"""Text size and contrast for the whole app: one application font and one palette, never per widget.

Both palettes are our own, so their contrast is known: every text colour against its background is at least
4.5:1 in the normal palette and 7:1 in the high-contrast one (WCAG 1.4.3 / 1.4.6), borders and the focus
indicator at least 3:1 (1.4.11, 2.4.7). ``tests/ui/test_contrast.py`` measures every pair.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionFocusRect,
    QWidget,
)

from coachdesk.ui.access_style import AccessStyle, use_access_style
from coachdesk.ui.preferences import Contrast, Preferences

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# Close to Fusion's light look, with the colours Fusion gets wrong darkened: white on its selection blue is
# 3.7:1 and its half-transparent placeholder 4.0:1. Disabled text is exempt in WCAG; it stays at 3:1 here.
_NORMAL: dict[Role, str] = {
    Role.Window: "#efefef",
    Role.WindowText: "#000000",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f7f7f7",
    Role.Text: "#000000",
    Role.Button: "#efefef",
    Role.ButtonText: "#000000",
    Role.BrightText: "#ffffff",  # on Dark, as Qt documents it: 5.1:1
    Role.Highlight: "#2470ab",  # white on it 5.3:1; against Base 5.3:1, Window 4.6:1
    Role.HighlightedText: "#ffffff",
    Role.Accent: "#2470ab",
    Role.ToolTipBase: "#ffffdc",
    Role.ToolTipText: "#000000",
    Role.PlaceholderText: "#6e6e6e",  # 5.1:1 on Base, and still clearly not typed text
    Role.Link: "#0000ff",
    Role.LinkVisited: "#800080",
    Role.Light: "#ffffff",
    Role.Midlight: "#cacaca",
    Role.Mid: "#808080",  # borders: 3.4:1 against Window and Button, 4.0:1 against Base
    Role.Dark: "#6e6e6e",
    Role.Shadow: "#4d4d4d",
}
_NORMAL_DISABLED: dict[Role, str] = {
    Role.WindowText: "#808080",  # 3.4:1 on Window
    Role.Text: "#808080",
    Role.ButtonText: "#808080",
    Role.PlaceholderText: "#808080",
    Role.Base: "#efefef",
    Role.Highlight: "#808080",  # white on it 4.0:1
    Role.Accent: "#808080",
}

# White on black with yellow selection: 21:1 for text, and disabled text still above 7:1 (WCAG AAA).
_HIGH_CONTRAST: dict[Role, str] = {
    Role.Window: "#000000",
    Role.WindowText: "#ffffff",
    Role.Base: "#000000",
    Role.AlternateBase: "#1c1c1c",
    Role.Text: "#ffffff",
    Role.Button: "#000000",
    Role.ButtonText: "#ffffff",
    Role.BrightText: "#000000",  # on Dark (white): the opposite of WindowText, as Qt documents it
    Role.Highlight: "#ffff00",
    Role.HighlightedText: "#000000",
    Role.Accent: "#ffff00",
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
_HIGH_CONTRAST_DISABLED: dict[Role, str] = {
    Role.WindowText: "#a8a8a8",
    Role.Text: "#a8a8a8",
    Role.ButtonText: "#a8a8a8",
}

# WCAG 2.4.13 asks for a focus indicator at least two CSS pixels thick.
_FOCUS_WIDTH = 2
_NON_TEXT_MINIMUM = 3.0


def _palette(colours: dict[Role, str], disabled: dict[Role, str]) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))  # every group
    for role, colour in disabled.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    return palette


def normal_palette() -> QPalette:
    return _palette(_NORMAL, _NORMAL_DISABLED)


def high_contrast_palette() -> QPalette:
    return _palette(_HIGH_CONTRAST, _HIGH_CONTRAST_DISABLED)


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio of two opaque colours, 1 to 21."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_colour(palette: QPalette, group: QPalette.ColorGroup, background: QColor) -> QColor:
    """The focus indicator's colour: Fusion's own (the selection colour, darker), or, on a background it does
    not stand out from (a selected row), the text colour that does."""
    candidates = (palette.color(group, Role.Highlight).darker(125), palette.color(group, Role.Text),
                  palette.color(group, Role.HighlightedText))
    for colour in candidates:
        if contrast_ratio(colour, background) >= _NON_TEXT_MINIMUM:
            return colour
    return max(candidates, key=lambda colour: contrast_ratio(colour, background))


def _group(option: QStyleOption) -> QPalette.ColorGroup:
    if not option.state & QStyle.StateFlag.State_Enabled:
        return Group.Disabled
    return Group.Active if option.state & QStyle.StateFlag.State_Active else Group.Inactive


class FocusStyle(QProxyStyle):
    """The platform's style with a focus indicator that stands out 3:1 in either palette.

    Fusion's focus rectangle (check boxes, tabs, the current cell of a table) is a faint tint, and text areas
    and tables show no focus on their frame at all; line edits, spin boxes, combo boxes and buttons already
    outline themselves in the selection colour, which both palettes keep at 3:1 or more.
    """

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            # Like Fusion, only after keyboard navigation: a click needs no ring to show where focus went.
            if option.state & QStyle.StateFlag.State_KeyboardFocusChange:
                background = (option.backgroundColor if isinstance(option, QStyleOptionFocusRect)
                              and option.backgroundColor.isValid() else option.palette.color(Role.Window))
                self._outline(painter, option.rect, focus_colour(option.palette, _group(option), background),
                              _FOCUS_WIDTH)
            return
        super().drawPrimitive(element, option, painter, widget)
        if (element == QStyle.PrimitiveElement.PE_Frame and isinstance(widget, QAbstractScrollArea)
                and option.state & QStyle.StateFlag.State_HasFocus):
            # A text area or table: its frame in the colour a focused line edit's frame has.
            colour = focus_colour(option.palette, _group(option), option.palette.color(Role.Base))
            self._outline(painter, option.rect, colour, 1)  # Fusion's frame is one pixel wide

    def drawControl(self, element: QStyle.ControlElement, option: QStyleOption, painter: QPainter,
                    widget: QWidget | None = None) -> None:
        super().drawControl(element, option, painter, widget)
        # Fusion marks the focused tab only with a faint tint: ring its label.
        if (element == QStyle.ControlElement.CE_TabBarTabLabel and widget is not None
                and option.state & QStyle.StateFlag.State_HasFocus
                and option.state & QStyle.StateFlag.State_KeyboardFocusChange):
            text = self.subElementRect(QStyle.SubElement.SE_TabBarTabText, option, widget)
            ring = text.adjusted(-_FOCUS_WIDTH, -_FOCUS_WIDTH, _FOCUS_WIDTH, _FOCUS_WIDTH) & option.rect
            colour = focus_colour(option.palette, _group(option), option.palette.color(Role.Window))
            self._outline(painter, ring, colour, _FOCUS_WIDTH)

    @staticmethod
    def _outline(painter: QPainter, rect: QRect, colour: QColor, width: int) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(colour, width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = width / 2
        painter.drawRect(QRectF(rect).adjusted(inset, inset, -inset, -inset))
        painter.restore()


class Appearance(QObject):
    """Remembers the platform's own font, palette and style, so every change scales from them and can undo.

    With ``Contrast.SYSTEM`` it follows the operating system's contrast preference, live.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app
        self._base_font = QFont(app.font())
        self._base_palette = QPalette(app.palette())
        style = app.style()
        self._base_style = (style.baseStyle() if isinstance(style, QProxyStyle) else style).name()
        # Both wrappers are kept: the accessibility hints' wrapper dies with the style hints' one.
        self._style_hints = QGuiApplication.styleHints()
        self._accessibility = self._style_hints.accessibility()
        self._system_preference = self._accessibility.contrastPreference()
        self._accessibility.contrastPreferenceChanged.connect(self._on_contrast_preference_changed)
        self._contrast: Contrast | None = None  # None until applied
        self._style: AccessStyle | None = None
        self._focus_style: FocusStyle | None = None  # kept: the Python overrides live as long as this

    @property
    def base_point_size(self) -> float:
        # A platform font given in pixels has no point size; 10 pt is the common desktop default.
        size = self._base_font.pointSizeF()
        return size if size > 0 else 10.0

    @property
    def high_contrast(self) -> bool:
        """Whether the high-contrast palette is the one applied (chosen, or the system's preference)."""
        if self._contrast is Contrast.SYSTEM:
            return self._system_preference == Qt.ContrastPreference.HighContrast
        return self._contrast is Contrast.HIGH

    def apply(self, *, text_size_percent: int, contrast: Contrast = Contrast.NORMAL,
              high_contrast: bool | None = None) -> None:
        """Set the app-wide font and palette; ``high_contrast`` is the older spelling of a contrast choice."""
        if high_contrast is not None:
            contrast = Contrast.HIGH if high_contrast else Contrast.NORMAL
        font = QFont(self._base_font)
        font.setPointSizeF(self.base_point_size * text_size_percent / 100)
        QApplication.setFont(font)  # the one app-wide font: every widget inherits it
        self._contrast = contrast
        if self._style is None:
            # Targets outside, focus inside: the platform style calls back into its innermost proxy (the
            # focus drawing), and widgets ask the outermost for their sizes.
            self._focus_style = FocusStyle(self._base_style)
            self._style = AccessStyle(self._focus_style)
            QApplication.setStyle(self._style)  # the application owns it from here
        self._apply_palette()

    def apply_preferences(self, preferences: Preferences) -> None:
        self.apply(text_size_percent=preferences.text_size_percent, contrast=preferences.contrast)

    def restore(self) -> None:
        self._contrast = None
        QApplication.setFont(self._base_font)
        if self._style is not None:
            self._style = self._focus_style = None
            QApplication.setStyle(self._base_style)  # a new instance of the platform's own
            use_access_style(self._app)  # with the targets every window has from the start
        QApplication.setPalette(self._base_palette)

    def _apply_palette(self) -> None:
        QApplication.setPalette(high_contrast_palette() if self.high_contrast else normal_palette())

    def _on_contrast_preference_changed(self, preference: Qt.ContrastPreference) -> None:
        self._system_preference = preference
        if self._contrast is Contrast.SYSTEM:
            self._apply_palette()


def presentation_font(factor: float) -> QFont:
    """The application font scaled by ``factor``, for a window read from a distance (the interpreter's
    second screen). Derived from the app-wide font each time, so the text-size setting still scales it."""
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    return font
