"""Help › Keyboard shortcuts: every shortcut of the main window and of the open record windows, read from
their actions when the dialog opens (so the list cannot go stale), and the keys Qt itself provides."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.i18n import N_, _

# Keys every window understands without an action of ours: (keys, what they do), both translated when shown.
STANDARD_KEYS: tuple[tuple[str, str], ...] = (
    (N_("Tab / Shift+Tab"), N_("Move to the next / previous field or button")),
    (N_("Alt+underlined letter"), N_("Go to the field, button or menu whose label has that letter "
                                     "underlined")),
    (N_("Space"), N_("Press the button or tick the box that has the focus")),
    (N_("Enter"), N_("Press the highlighted button; open the participant chosen in a list")),
    (N_("Arrow keys"), N_("Move within a list, a table, a menu or a row of tabs")),
    (N_("Ctrl+Tab / Ctrl+Shift+Tab"), N_("Next / previous tab (participant record, employer)")),
    (N_("Esc"), N_("Close the menu or dialog without saving")),
)


class Shortcut(NamedTuple):
    where: str
    what: str
    keys: str


def plain_text(action: QAction) -> str:
    """An action's menu text without its mnemonic marker (``&&`` stays a literal ``&``)."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def owner_window(action: QAction) -> QWidget | None:
    """The window an action belongs to: that of the nearest widget among its parents."""
    parent: QObject | None = action.parent()
    while parent is not None and not isinstance(parent, QWidget):
        parent = parent.parent()
    return parent.window() if parent is not None else None


def action_shortcuts(where: str, window: QWidget) -> list[Shortcut]:
    """The shortcuts of ``window``'s own visible actions (a supervisor's hidden views are not offered;
    the actions of a record window, a child window of the main one, are listed under that window)."""
    found: list[Shortcut] = []
    for action in dict.fromkeys([*window.actions(), *window.findChildren(QAction)]):
        if not action.isVisible() or action.isSeparator() or owner_window(action) is not window:
            continue
        keys = [key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()]
        if any(keys):
            found.append(Shortcut(where, plain_text(action), ", ".join(key for key in keys if key)))
    return found


def standard_shortcuts() -> list[Shortcut]:
    everywhere = _("Every window")
    return [Shortcut(everywhere, _(what), _(keys)) for keys, what in STANDARD_KEYS]


class ShortcutsDialog(QDialog):
    """A table of shortcuts (where, what, keys) with headers a screen reader announces; Esc closes it."""

    def __init__(self, *, windows: Sequence[tuple[str, QWidget]], parent: QWidget | None = None) -> None:
        """``windows``: each window whose actions to list, with the name of the kind of window it is."""
        super().__init__(parent)
        self._windows = list(windows)
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("shortcuts")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._buttons)
        # Wide enough for a description; in characters, so it grows with the text size.
        chars = self.fontMetrics().averageCharWidth()
        self.resize(chars * 100, self.fontMetrics().height() * 30)
        self.retranslate()
        self.table.setFocus()

    @property
    def shortcuts(self) -> list[Shortcut]:
        found = [shortcut for where, window in self._windows for shortcut in action_shortcuts(where, window)]
        return list(dict.fromkeys(found + standard_shortcuts()))  # two record windows list theirs once

    def retranslate(self) -> None:
        self.setWindowTitle(_("Keyboard shortcuts"))
        self._intro.setText(_("Everything in CoachDesk works from the keyboard. These keys do the most "
                              "common things; menus show each command's keys beside it."))
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("Where"), _("What it does"), _("Keys")])
        rows = self.shortcuts
        self.table.setRowCount(len(rows))
        for row, shortcut in enumerate(rows):
            for column, text in enumerate(shortcut):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
