"""Auto-lock: idle time locks the window; any input starts the countdown over."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from coachdesk.models.store import Store
from coachdesk.ui.autolock import AutoLock
from coachdesk.ui.locked_page import LockedPage
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import Preferences
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.workspace import Workspace


def _type_a_key(target: QLineEdit) -> None:
    QCoreApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                                 Qt.KeyboardModifier.NoModifier, "a"))


def _armed(lock: AutoLock) -> bool:
    return lock.armed  # read afresh: mypy would keep an earlier narrowing of the property


def test_the_default_is_ten_minutes(preferences: Preferences) -> None:
    assert preferences.auto_lock_minutes == 10
    lock = AutoLock(minutes=preferences.auto_lock_minutes)
    assert lock.interval_ms == 10 * 60_000
    assert not lock.armed


def test_idle_time_emits_idle_once_and_disarms(qtbot: QtBot) -> None:
    lock = AutoLock(minutes=10)
    lock.set_interval_ms(100)
    with qtbot.waitSignal(lock.idle, timeout=2000):
        lock.arm()
    assert not lock.armed
    with qtbot.assertNotEmitted(lock.idle, wait=300):
        pass


def test_input_anywhere_restarts_the_countdown(qtbot: QtBot) -> None:
    field = QLineEdit()
    field.setAccessibleName("anything")
    qtbot.add_widget(field)
    field.show()
    lock = AutoLock(minutes=10)
    lock.set_interval_ms(400)
    lock.arm()
    with qtbot.assertNotEmitted(lock.idle):
        for _ in range(8):  # 8 × 150 ms = 1.2 s of typing, three intervals' worth
            qtbot.wait(150)
            _type_a_key(field)
    assert lock.armed and field.text() == "a" * 8  # the filter only watches: input still arrives
    QCoreApplication.sendEvent(field, QMouseEvent(QEvent.Type.MouseMove, QPointF(2, 2), QPointF(2, 2),
                                                  Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                                  Qt.KeyboardModifier.NoModifier))
    with qtbot.waitSignal(lock.idle, timeout=2000):
        pass


def test_a_disarmed_lock_never_fires(qtbot: QtBot) -> None:
    lock = AutoLock(minutes=10)
    lock.set_interval_ms(50)
    lock.arm()
    lock.disarm()
    with qtbot.assertNotEmitted(lock.idle, wait=200):
        pass


def test_an_idle_main_window_locks_itself(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences
) -> None:
    window = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                        preferences=preferences, workspace=Workspace.open(store, data_dir))
    qtbot.add_widget(window)
    window.show()
    assert window.auto_lock.armed and window.auto_lock.interval_ms == 10 * 60_000
    window.auto_lock.set_interval_ms(200)
    with qtbot.waitSignal(window.locked, timeout=5000):
        pass
    assert window.workspace is None and isinstance(window.centralWidget(), LockedPage)
    assert not _armed(window.auto_lock)  # nothing to lock while locked
    dialog = window.unlock_dialog
    assert dialog is not None
    dialog.reject()
    qtbot.waitUntil(lambda: window.unlock_dialog is None)
