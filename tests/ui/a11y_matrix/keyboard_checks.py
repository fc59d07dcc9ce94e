"""What a keyboard user needs from a window: unique mnemonics, a Tab order that reaches every control in
reading order and never sticks, and focus that visibly changes the screen."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QScrollArea,
    QTabBar,
    QTextEdit,
    QWidget,
)

from tests.ui.a11y_matrix.layout_checks import describe, shown


def settle() -> None:
    """Let posted layout, paint and language events run (as ``qtbot.wait`` does, for module fixtures)."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` (``&&`` is a literal ampersand), case-folded."""
    index = 0
    while index < len(text) - 1:
        if text[index] == "&":
            if text[index + 1] != "&":
                return text[index + 1].casefold()
            index += 1
        index += 1
    return None


def _mnemonic_texts(top: QWidget) -> list[tuple[QWidget, str]]:
    """Every visible text in ``top`` whose mnemonic moves focus or acts: buddied labels, buttons, group
    box titles, tabs and (for a main window) the menu bar's menus."""
    found: list[tuple[QWidget, str]] = []
    for widget in shown(top):
        if (isinstance(widget, QLabel) and widget.buddy() is not None) or isinstance(widget, QAbstractButton):
            found.append((widget, widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append((widget, widget.title()))
        elif isinstance(widget, QTabBar):
            found += [(widget, widget.tabText(i)) for i in range(widget.count()) if widget.isTabVisible(i)]
    if isinstance(top, QMainWindow):
        found += [(top.menuBar(), action.text()) for action in top.menuBar().actions() if action.isVisible()]
    return found


def _scope(widget: QWidget, top: QWidget, per_group: bool) -> str:
    parent: QWidget | None = widget.parentWidget()
    while per_group and parent is not None and parent is not top:
        if isinstance(parent, QGroupBox):
            return parent.title()
        parent = parent.parentWidget()
    return "window"


def mnemonic_clashes(top: QWidget, *, per_group: bool = False) -> list[str]:
    """Mnemonics used twice within the window (or, ``per_group``, within one group box: a form with more
    fields than the alphabet has letters cannot do better), as "scope: letter: 'text' / 'text'"."""
    by_letter: dict[tuple[str, str], list[str]] = defaultdict(list)
    used: dict[str, set[str]] = defaultdict(set)
    for widget, text in _mnemonic_texts(top):
        letter = mnemonic(text)
        if letter is not None:
            scope = _scope(widget, top, per_group)
            by_letter[(scope, letter)].append(text)
            used[scope].add(letter)
    return [f"{scope}: {letter}: {' / '.join(repr(t) for t in texts)} "
            f"(free in {texts[-1]!r}: {_free_letter(texts[-1], used[scope])})"
            for (scope, letter), texts in sorted(by_letter.items()) if len(texts) > 1]


def _free_letter(text: str, used: set[str]) -> str:
    """The first letter of ``text`` no other mnemonic in its scope uses: a suggestion for translators."""
    plain = text.replace("&&", "").replace("&", "")
    return next((c for c in plain if c.isalpha() and c.casefold() not in used), "none")


def focusable(top: QWidget) -> list[QWidget]:
    """The controls Tab should reach: visible, enabled, taking Tab focus, not standing in for another."""
    tab = Qt.FocusPolicy.TabFocus.value
    return [w for w in shown(top) if w is not top and w.isEnabled() and w.focusPolicy().value & tab == tab
            and w.focusProxy() is None and not isinstance(w.parent(), QAbstractSpinBox)
            and w.window() is top and not _scrolls_controls(w)]


def _scrolls_controls(widget: QWidget) -> bool:
    """A scroll area around controls: Tab goes to the controls (and scrolls to them), not to the area."""
    content = widget.widget() if isinstance(widget, QScrollArea) else None
    if content is None:
        return False
    tab = Qt.FocusPolicy.TabFocus.value
    return any(w.focusPolicy().value & tab == tab for w in content.findChildren(QWidget))


def first_in_reading_order(top: QWidget) -> QWidget | None:
    """Where a reader starts: the top-most control, the first in the reading direction on that line. Tab
    goes round in a circle; from here it must go down the window and back here at the end."""
    controls = focusable(top)
    rtl = top.layoutDirection() == Qt.LayoutDirection.RightToLeft

    def place(widget: QWidget) -> tuple[int, int]:
        corner = widget.mapTo(top, widget.rect().topLeft())
        return corner.y(), -(corner.x() + widget.width()) if rtl else corner.x()

    return min(controls, key=place, default=None)


def _presses_inside(widget: QWidget) -> int:
    """Tab presses a control may keep for itself: a date edit steps through its sections first."""
    return widget.sectionCount() - 1 if isinstance(widget, QDateTimeEdit) else 0


def tab_sequence(top: QWidget, start: QWidget) -> tuple[list[QWidget], list[str]]:
    """Press Tab from ``start`` until focus comes back to it; the widgets it visited and any place where
    it stuck (focus stayed put, e.g. a table moving between its cells or a text box taking the Tab)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    settle()
    sequence: list[QWidget] = [start]
    problems: list[str] = []
    controls = focusable(top)
    if len(controls) < 2:
        return sequence, problems  # Tab has nowhere else to go
    kept = 0
    for _press in range(4 * len(controls) + 5):
        current = QApplication.focusWidget()
        if current is None:
            problems.append(f"focus left the window after {describe(sequence[-1])}")
            break
        QTest.keyClick(current, Qt.Key.Key_Tab)
        following = QApplication.focusWidget()
        if following is current:
            kept += 1
            if kept > _presses_inside(current):
                problems.append(f"Tab stays in {describe(current)}")
                break
            continue
        if following is start:
            return sequence, problems
        kept = 0
        if following is not None:
            sequence.append(following)
    else:
        problems.append("Tab never came back to where it started")
    return sequence, problems


def tab_to(widget: QWidget, before_it: QWidget) -> None:
    """Press Tab on ``before_it`` (more than once through a date edit's sections) until ``widget``."""
    before_it.setFocus(Qt.FocusReason.TabFocusReason)
    for _press in range(_presses_inside(before_it) + 1):
        focused = QApplication.focusWidget()
        if focused is widget or focused is None:
            break
        QTest.keyClick(focused, Qt.Key.Key_Tab)
    settle()


def _branch_rects(a: QWidget, b: QWidget) -> tuple[QRect, QRect, QWidget] | None:
    """Where ``a`` and ``b`` lie within their closest common ancestor: the geometry of the ancestor's
    children that hold them. Comparing those, a form inside a scroll area is one block, wherever it is
    scrolled to, and a side panel is one column."""
    chain_a: list[QWidget] = []
    widget: QWidget | None = a
    while widget is not None:
        chain_a.append(widget)
        widget = widget.parentWidget()
    previous, widget = b, b
    while widget is not None and widget not in chain_a:
        previous, widget = widget, widget.parentWidget()
    if widget is None or widget is a or widget is b:
        return None
    branch_a = chain_a[chain_a.index(widget) - 1]
    return branch_a.geometry(), previous.geometry(), widget


def _goes_back(before: QRect, after: QRect, width: int, rtl: bool) -> bool:
    if rtl:  # read right to left: mirror
        before = QRect(width - before.right() - 1, before.top(), before.width(), before.height())
        after = QRect(width - after.right() - 1, after.top(), after.width(), after.height())
    side_by_side = after.top() <= before.bottom() and before.top() <= after.bottom()
    if side_by_side:
        return after.right() < before.left()  # wholly before it on the same line
    above = after.bottom() < before.top()
    return above and after.left() < before.right()  # up, and not into a next column


def order_problems(sequence: list[QWidget]) -> list[str]:
    """Steps of the Tab order that go back against the layout (up, or against the reading direction)."""
    found = []
    for before, after in pairwise(sequence):
        branches = _branch_rects(before, after)
        if branches is None:
            continue
        rect_before, rect_after, common = branches
        rtl = common.layoutDirection() == Qt.LayoutDirection.RightToLeft
        if _goes_back(rect_before, rect_after, common.width(), rtl):
            found.append(f"{describe(before)} → {describe(after)}")
    return found


_KINDS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTabBar,
          QAbstractButton)


def samples(sequence: list[QWidget]) -> list[QWidget]:
    """The first control of each kind (and each button class) in a Tab sequence."""
    seen: set[object] = set()
    chosen = []
    for widget in sequence:
        kind = next((k for k in _KINDS if isinstance(widget, k)), None)
        key: object = type(widget) if kind is QAbstractButton else kind
        if kind is not None and key not in seen:
            seen.add(key)
            chosen.append(widget)
    return chosen


def focus_unseen(top: QWidget, sequence: list[QWidget], chosen: list[QWidget]) -> list[str]:
    """Controls whose look does not change at all when Tab brings the focus to them (by key: styles show
    the focus only when it came from the keyboard). Each is drawn on its own, wherever it is scrolled."""
    found = []
    for widget in chosen:
        before_it = sequence[sequence.index(widget) - 1]
        before_it.setFocus(Qt.FocusReason.TabFocusReason)
        settle()
        unfocused = widget.grab().toImage()
        tab_to(widget, before_it)
        if not widget.hasFocus():
            found.append(f"{describe(widget)} does not take the focus")
        elif widget.grab().toImage() == unfocused:
            found.append(f"{describe(widget)} looks the same with and without focus")
    return found
