"""What a window must show at any text size: nothing squeezed or cut off, targets of at least 24 px, and
windows that fit a 1366×768 screen. Each check returns the problems it found, as readable strings."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)

# WCAG 2.2 SC 2.5.8 (Target Size, Minimum), in device-independent pixels.
MIN_TARGET = 24
# A 1366×768 screen less a 40 px panel and a 28 px title bar: what a window's contents may take.
SCREEN = QSize(1366, 768 - 40 - 28)


def describe(widget: QWidget) -> str:
    text = ""
    for attribute in ("text", "title"):
        value = getattr(widget, attribute, None)
        if callable(value) and isinstance(value(), str) and value():
            text = f" {value()[:30]!r}"
            break
    return f"{type(widget).__name__}({widget.objectName()!r}{text})"


def shown(top: QWidget) -> list[QWidget]:
    """``top`` and every descendant that would be on screen with it (hidden pages and tabs are not)."""
    return [w for w in [top, *top.findChildren(QWidget)] if w is top or w.isVisibleTo(top)]


def _editor_of_spin_box(widget: QWidget) -> bool:
    return isinstance(widget.parent(), QAbstractSpinBox)


def squeezed(top: QWidget) -> list[str]:
    """Visible widgets smaller than the least they need to show their content."""
    found = []
    for widget in shown(top):
        # A header's minimum hint is its scroll area's; what it needs is its size hint's height.
        hint = (QSize(0, widget.sizeHint().height()) if isinstance(widget, QHeaderView)
                else widget.minimumSizeHint())
        if not hint.isValid() or _editor_of_spin_box(widget):
            continue  # a spin box's own editor is laid out by the spin box, which is checked
        if widget.width() < hint.width() or widget.height() < hint.height():
            found.append(f"{describe(widget)} {widget.size().toTuple()} < {hint.toTuple()}")
    return found


def _combo_text_fits(combo: QComboBox) -> bool:
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.editable = combo.isEditable()
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    return combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width()


def cut_text(top: QWidget) -> list[str]:
    """Text that does not fit where it is shown: wrapped labels too short for their lines, a label or a
    combo box's current choice narrower than its text, tabs narrower than their title (elided)."""
    found = []
    for widget in shown(top):
        if isinstance(widget, QLabel) and widget.text() and not widget.pixmap():
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                if widget.height() < needed:
                    found.append(f"{describe(widget)} is {widget.height()} px high, its lines need {needed}")
            elif widget.width() < widget.sizeHint().width():
                found.append(f"{describe(widget)} is {widget.width()} px wide, its text needs "
                             f"{widget.sizeHint().width()}")
        elif isinstance(widget, QComboBox) and not _combo_text_fits(widget):
            found.append(f"{type(widget).__name__}({widget.currentText()[:30]!r}) shows its choice cut")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.tabRect(index).width() < widget.tabSizeHint(index).width():
                    found.append(f"tab {widget.tabText(index)!r} is elided")
    return found


def _targets(widget: QWidget) -> list[tuple[str, QSize]]:
    """The click targets ``widget`` offers, each with its size."""
    if isinstance(widget, QTabBar):
        return [(f"tab {widget.tabText(i)!r}", widget.tabRect(i).size()) for i in range(widget.count())
                if widget.isTabVisible(i)]
    if isinstance(widget, QHeaderView):
        if not widget.sectionsClickable():
            return []
        breadth = widget.height() if widget.orientation().name == "Horizontal" else widget.width()
        return [(f"{describe(widget)} sections", QSize(breadth, breadth))]
    if isinstance(widget, QAbstractItemView):
        model = widget.model()
        if model is None or model.rowCount(widget.rootIndex()) == 0:
            return []
        first = model.index(0, 0, widget.rootIndex())
        rect = widget.visualRect(first)
        if rect.isEmpty():
            return []
        return [(f"{describe(widget)} rows", QSize(max(rect.width(), MIN_TARGET), rect.height()))]
    if isinstance(widget, QAbstractButton | QComboBox | QLineEdit | QAbstractSpinBox):
        return [(describe(widget), widget.size())]
    return []


def small_targets(top: QWidget) -> list[str]:
    """Click targets smaller than 24×24 px: buttons (a check box with its label), combo boxes, fields,
    tabs, clickable headers and the rows of item views."""
    found = []
    for widget in shown(top):
        if isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
            continue  # the line edit inside a spin box or an editable combo box: its owner is checked
        for name, size in _targets(widget):
            if size.width() < MIN_TARGET or size.height() < MIN_TARGET:
                found.append(f"{name} {size.toTuple()}")
    return found


def too_big_for_the_screen(top: QWidget) -> list[str]:
    """A window whose least size exceeds 1366×768 (less panel and title bar): a long form must scroll."""
    hint = top.minimumSizeHint().expandedTo(top.minimumSize())
    if hint.width() > SCREEN.width() or hint.height() > SCREEN.height():
        return [f"{describe(top)} needs at least {hint.toTuple()}, more than {SCREEN.toTuple()}"]
    return []
