"""Two things every control needs and Qt's styles leave to chance, done once, in the style:

* click targets of at least 24×24 px (WCAG 2.2, 2.5.8). Qt sizes buttons, check boxes, list rows and
  header sections from the font, so with a small system font they come out at 15–22 px; at large text
  they are larger anyway. Widgets themselves keep no pixel sizes.
* a visible keyboard focus on push buttons (2.4.7). Fusion draws the focused and the default button
  alike, so Tab onto a dialog's default button changed nothing on screen; a focused button gets a ring.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

MIN_TARGET = 24  # CSS pixels in WCAG; device-independent pixels in Qt

Contents = QStyle.ContentsType
Metric = QStyle.PixelMetric
State = QStyle.StateFlag

# Controls that are clicked whole: at least MIN_TARGET each way.
_WHOLE = frozenset({Contents.CT_PushButton, Contents.CT_CheckBox, Contents.CT_RadioButton,
                    Contents.CT_ComboBox, Contents.CT_ToolButton, Contents.CT_LineEdit, Contents.CT_SpinBox,
                    Contents.CT_TabBarTab})
# Rows and header sections: at least MIN_TARGET high (their width is the column's).
_ROWS = frozenset({Contents.CT_ItemViewItem, Contents.CT_HeaderSection})
_METRICS = frozenset({Metric.PM_TabBarScrollButtonWidth, Metric.PM_HeaderDefaultSectionSizeVertical})


class AccessStyle(QProxyStyle):
    """The platform's style, with every click target at least 24×24 px and push buttons' focus shown."""

    def sizeFromContents(self, kind: Contents, option: QStyleOption, size: QSize,
                         widget: QWidget | None = None) -> QSize:
        result = super().sizeFromContents(kind, option, size, widget)  # type: ignore[arg-type]
        if kind in _WHOLE:
            return result.expandedTo(QSize(MIN_TARGET, MIN_TARGET))
        if kind in _ROWS:
            return result.expandedTo(QSize(0, MIN_TARGET))
        return result

    def pixelMetric(self, metric: Metric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        value = super().pixelMetric(metric, option, widget)
        return max(value, MIN_TARGET) if metric in _METRICS else value

    def drawControl(self, element: QStyle.ControlElement, option: QStyleOption, painter: QPainter,
                    widget: QWidget | None = None) -> None:
        super().drawControl(element, option, painter, widget)
        focused = State.State_HasFocus | State.State_KeyboardFocusChange
        if element is QStyle.ControlElement.CE_PushButton and option.state & focused == focused:
            # A ring inside the bevel, in the text colour: as visible as the label, in every palette.
            width = max(1, option.fontMetrics.lineWidth())
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.ButtonText), width,
                                Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = 3 * width
            painter.drawRoundedRect(option.rect.adjusted(inset, inset, -inset, -inset), 2, 2)
            painter.restore()


# The installed style's Python object: without a reference Python may drop it, and with it the overrides.
_installed: list[AccessStyle] = []


def use_access_style(app: QApplication) -> None:
    """Wrap the platform's style in ``AccessStyle``, once (``application()`` does; ``Appearance`` then puts
    it around its focus style, and back when it restores the platform's look)."""
    current = app.style()
    if _installed and current is _installed[0]:
        return
    style = AccessStyle(current)  # takes ``current`` over, so the application will not delete it
    _installed[:] = [style]
    app.setStyle(style)
