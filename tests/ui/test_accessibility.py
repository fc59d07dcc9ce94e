"""Every focusable control can be named by assistive technology, and reached by a mnemonic."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from coachdesk.models.store import Store
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import Preferences, View
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.unlock_dialog import UnlockDialog
from coachdesk.ui.workspace import Workspace
from tests.conftest import FAST_KDF


def _unnamed_controls(top: QWidget) -> list[str]:
    buddies = [label.buddy() for label in top.findChildren(QLabel) if label.buddy() is not None]
    unnamed = []
    for widget in top.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(top):
            continue
        if widget.accessibleName().strip() or any(b is widget for b in buddies):
            continue
        if isinstance(widget.parent(), QAbstractSpinBox):
            continue  # a spin box's (or date edit's) own editor: the spin box carries the name
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue  # a button's text is its accessible name
        unnamed.append(f"{type(widget).__name__}({widget.objectName()!r})")
    return unnamed


def _buddy_labels_have_mnemonics(top: QWidget) -> list[str]:
    return [label.text() for label in top.findChildren(QLabel)
            if label.buddy() is not None and label.isVisibleTo(top) and "&" not in label.text()]


def test_the_create_dialog_names_every_control(
    qtbot: QtBot, data_dir: Path, runner: TaskRunner
) -> None:
    dialog = UnlockDialog(data_dir=data_dir, runner=runner, kdf=FAST_KDF)
    qtbot.add_widget(dialog)
    dialog.show()
    assert dialog.creating
    assert _unnamed_controls(dialog) == []
    assert _buddy_labels_have_mnemonics(dialog) == []


def test_the_unlock_dialog_names_every_control(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner
) -> None:
    dialog = UnlockDialog(data_dir=data_dir, runner=runner)
    qtbot.add_widget(dialog)
    dialog.show()
    assert not dialog.creating
    assert _unnamed_controls(dialog) == []
    assert _buddy_labels_have_mnemonics(dialog) == []


def test_the_main_window_names_every_control_locked_and_unlocked(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences
) -> None:
    window = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                        preferences=preferences, workspace=Workspace.open(store, data_dir))
    qtbot.add_widget(window)
    window.show()
    assert window.caseload is not None
    for view in View:  # each view in turn: hidden pages are not checked
        window.show_view(view)
        assert _unnamed_controls(window) == [], view
        assert _buddy_labels_have_mnemonics(window) == [], view
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock()
    assert _unnamed_controls(window) == []
    dialog = window.unlock_dialog
    assert dialog is not None
    assert _unnamed_controls(dialog) == []


def test_a_supervisors_window_names_every_control_in_review_and_dashboard(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences
) -> None:
    from coachdesk.models import LocalMeta
    from coachdesk.services.access import ROLE_KEY

    with store.session() as session, session.begin():
        session.merge(LocalMeta(key=ROLE_KEY, value="supervisor"))
    window = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                        preferences=preferences, workspace=Workspace.open(store, data_dir))
    qtbot.add_widget(window)
    window.show()
    shell = window.shell
    assert shell is not None
    qtbot.waitUntil(lambda: shell.is_supervisor, timeout=10_000)
    for view in (View.REVIEW, View.DASHBOARD):
        window.show_view(view)
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20_000)
        assert shell.current_view is view
        assert _unnamed_controls(window) == [], view
        assert _buddy_labels_have_mnemonics(window) == [], view
