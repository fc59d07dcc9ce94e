"""Locking closes every dialog and forgets copied text; the OS screen lock locks; changing the passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from coachdesk.models.store import Store
from coachdesk.ui import dialogs
from coachdesk.ui.locked_page import LockedPage
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.passphrase_dialog import ChangePassphraseDialog
from coachdesk.ui.preferences import Preferences, View
from coachdesk.ui.screen_lock import ScreenLockWatcher
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.workspace import Workspace
from coachdesk.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE


def _window(qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences,
            screen_lock: ScreenLockWatcher | None = None) -> MainWindow:
    window = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                        preferences=preferences, workspace=Workspace.open(store, data_dir), kdf=FAST_KDF,
                        screen_lock=screen_lock)
    qtbot.add_widget(window)
    window.show()
    return window


def _wait_locked(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: isinstance(window.centralWidget(), LockedPage))
    qtbot.waitUntil(lambda: window.unlock_dialog is not None)
    assert window.workspace is None


def test_the_operating_systems_screen_lock_locks_the_vault(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences,
) -> None:
    watcher = ScreenLockWatcher(session_bus=QDBusConnection(""), system_bus=QDBusConnection(""),
                                session_id="")
    window = _window(qtbot, data_dir, store, runner, preferences, watcher)
    with qtbot.wait_signal(window.locked, timeout=5000):
        watcher.screen_locked.emit()
    _wait_locked(qtbot, window)


def test_locking_closes_a_question_that_is_waiting_for_an_answer(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences,
) -> None:
    window = _window(qtbot, data_dir, store, runner, preferences)
    dialogs.set_answerer(None)  # a real message box, in its own event loop
    seen: list[bool] = []
    QTimer.singleShot(200, window.lock)
    seen.append(dialogs.confirm(window, "Remove?", "Remove the document?"))
    assert seen == [False]  # closed by the lock: nothing is done with the answer
    _wait_locked(qtbot, window)
    open_dialogs = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QDialog) and w.isVisible() and w is not window.unlock_dialog]
    assert open_dialogs == []
    assert not any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_locking_closes_the_change_passphrase_dialog_too(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences,
) -> None:
    window = _window(qtbot, data_dir, store, runner, preferences)
    dialog = window.change_passphrase()
    dialog.current.setText("half typed")
    window.lock()
    assert not dialog.isVisible()


def test_locking_clears_text_copied_from_coachdesk_only(
    qtbot: QtBot, qapp: QApplication, data_dir: Path, store: Store, runner: TaskRunner,
    preferences: Preferences, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = _window(qtbot, data_dir, store, runner, preferences)
    clipboard = qapp.clipboard()
    # Another program is active when the clipboard changes.
    monkeypatch.setattr(QGuiApplication, "applicationState",
                        staticmethod(lambda: Qt.ApplicationState.ApplicationInactive))
    clipboard.setText("copied in another program")
    window.lock()
    _wait_locked(qtbot, window)
    assert clipboard.text() == "copied in another program"


def test_locking_clears_what_the_coach_copied(
    qtbot: QtBot, qapp: QApplication, data_dir: Path, store: Store, runner: TaskRunner,
    preferences: Preferences, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = _window(qtbot, data_dir, store, runner, preferences)
    # The state while the coach works in CoachDesk and copies a name with Ctrl+C.
    monkeypatch.setattr(QGuiApplication, "applicationState",
                        staticmethod(lambda: Qt.ApplicationState.ApplicationActive))
    qapp.clipboard().setText("Amina Yusuf 19900101-1234")
    window.lock()
    _wait_locked(qtbot, window)
    assert qapp.clipboard().text() == ""


def _open_passphrase_dialog(qtbot: QtBot, window: MainWindow) -> ChangePassphraseDialog:
    assert window.shell is not None
    window.show_view(View.SETTINGS)
    window.shell.settings.passphrase_button.click()
    found = [d for d in window.findChildren(ChangePassphraseDialog) if d.isVisible()]
    assert len(found) == 1
    return found[0]


def test_change_passphrase_from_settings(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences,
) -> None:
    window = _window(qtbot, data_dir, store, runner, preferences)
    dialog = _open_passphrase_dialog(qtbot, window)
    for field in (dialog.current, dialog.new, dialog.repeat):
        assert field.echoMode() is field.EchoMode.Password and field.accessibleName()
    new = "a brand new passphrase for the vault"
    dialog.current.setText("not the passphrase at all")
    dialog.new.setText(new)
    dialog.repeat.setText(new)
    dialog.submit_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.busy, timeout=10_000)
    assert dialog.current.hasFocus() or dialog.focusWidget() is dialog.current
    assert dialog.current.text() == ""
    Vault(data_dir).unlock(PASSPHRASE)  # unchanged

    dialog.current.setText(PASSPHRASE)
    dialog.new.setText(new)
    dialog.repeat.setText(new)
    with qtbot.wait_signal(dialog.accepted, timeout=20_000):
        dialog.submit_button.click()
    Vault(data_dir).unlock(new)
    assert window.statusBar().currentMessage()


@pytest.mark.parametrize(("current", "new", "repeat"), [
    ("", "a brand new passphrase", "a brand new passphrase"),
    (PASSPHRASE, "short", "short"),
    (PASSPHRASE, PASSPHRASE, PASSPHRASE),
    (PASSPHRASE, "a brand new passphrase", "a brand new passphrasf"),
])
def test_bad_new_passphrases_are_refused_inline_and_change_nothing(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences,
    current: str, new: str, repeat: str,
) -> None:
    window = _window(qtbot, data_dir, store, runner, preferences)
    before = (data_dir / "coachdesk.key").read_bytes()
    dialog = _open_passphrase_dialog(qtbot, window)
    dialog.current.setText(current)
    dialog.new.setText(new)
    dialog.repeat.setText(repeat)
    dialog.submit_button.click()
    assert dialog.error.isVisible() and dialog.error.text()
    assert not dialog.busy and dialog.isVisible()
    assert (data_dir / "coachdesk.key").read_bytes() == before
    dialog.reject()
