"""Help › Keyboard shortcuts lists every shortcut the windows really have, in a table with headers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from coachdesk.models import Participant
from coachdesk.models.store import Store
from coachdesk.ui.main_menus import MainMenus
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import View
from coachdesk.ui.shortcuts_dialog import STANDARD_KEYS, ShortcutsDialog
from tests.ui.test_main_window import window

__all__ = ["window"]  # fixtures


def _rows(table: QTableWidget) -> list[tuple[str, str, str]]:
    def cell(row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text() if item is not None else ""

    return [(cell(row, 0), cell(row, 1), cell(row, 2)) for row in range(table.rowCount())]


def _open(qtbot: QtBot, window: MainWindow) -> ShortcutsDialog:
    menus = window.findChild(MainMenus)
    assert menus is not None
    dialog = menus.show_shortcuts()
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_every_action_with_a_shortcut_is_listed_with_its_keys(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window)
    rows = _rows(dialog.table)
    listed = {(what, keys) for where, what, keys in rows if where == "Main window"}
    expected = {(action.text().replace("&", "").rstrip("…"),
                 action.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
                for action in window.findChildren(QAction) if not action.shortcut().isEmpty()
                and action.isVisible()}
    assert len(expected) >= 9  # new participant, sync, lock, quit, five views, the shortcuts themselves
    assert listed == expected
    assert ("Keyboard shortcuts", "F1") in listed
    assert ("Sync now", "F5") in listed
    # A coach's menu has no Review: its Ctrl+6 is not offered either.
    assert not window.view_action(View.REVIEW).isVisible()
    assert all(what != "Review" for _where, what, _keys in rows)
    assert len([row for row in rows if row[0] == "Every window"]) == len(STANDARD_KEYS)


def test_a_record_windows_own_actions_are_listed_under_it(qtbot: QtBot, window: MainWindow,
                                                         store: Store) -> None:
    shell = window.shell
    assert shell is not None
    with store.session() as session:
        participant_id = session.scalar(select(Participant.id).limit(1))
    assert participant_id is not None
    record = shell.open_record(participant_id)
    extra = QAction("&Print the record", record)
    extra.setShortcut(QKeySequence("Ctrl+Shift+P"))
    record.addAction(extra)
    rows = _rows(_open(qtbot, window).table)
    assert ("Participant record", "Print the record", "Ctrl+Shift+P") in rows
    assert all(what != "Print the record" for where, what, _keys in rows if where == "Main window")


def test_the_table_is_named_has_headers_and_esc_closes_it(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window)
    assert dialog.windowTitle() == "Keyboard shortcuts"
    assert dialog.table.accessibleName() == "Keyboard shortcuts"
    headers = [dialog.table.horizontalHeaderItem(column) for column in range(dialog.table.columnCount())]
    assert [item.text() for item in headers if item is not None] == ["Where", "What it does", "Keys"]
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_f1_opens_the_overview(qtbot: QtBot, window: MainWindow) -> None:
    menus = window.findChild(MainMenus)
    assert menus is not None
    assert menus.shortcuts.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert menus.shortcuts.isEnabled()
    menus.shortcuts.trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, ShortcutsDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
