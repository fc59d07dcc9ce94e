"""The main window: Today, Caseload, Employers and Settings while unlocked; a locked page otherwise."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget

from coachdesk.i18n import _
from coachdesk.models import Participant
from coachdesk.models.store import Store
from coachdesk.ui import dialogs
from coachdesk.ui.appearance import Appearance
from coachdesk.ui.application import APP_NAME
from coachdesk.ui.autolock import AutoLock
from coachdesk.ui.caseload import CaseloadView
from coachdesk.ui.clipboard_guard import ClipboardGuard
from coachdesk.ui.locked_page import LockedPage
from coachdesk.ui.main_menus import MainMenus
from coachdesk.ui.new_participant import NewParticipantDialog
from coachdesk.ui.passphrase_dialog import ChangePassphraseDialog
from coachdesk.ui.preferences import Preferences, View
from coachdesk.ui.screen_lock import ScreenLockWatcher
from coachdesk.ui.shell import Shell
from coachdesk.ui.sync.options import SyncOptions
from coachdesk.ui.sync.wiring import SyncWiring
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.today import TodayView
from coachdesk.ui.unlock_dialog import UnlockDialog
from coachdesk.ui.workspace import Workspace
from coachdesk.vault import KdfParams

__all__ = ["LockedPage", "MainWindow"]

logger = logging.getLogger(__name__)

class MainWindow(QMainWindow):
    """The views of the unlocked vault; locking (by hand or when idle) drops the data and asks again.

    Signals:
        locked(): the store has been closed and its data dropped from the window.
        unlocked(): a vault was opened and its views are shown.
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(self, *, data_dir: Path, runner: TaskRunner,
                 open_workspace: Callable[[Store, Path], Workspace], preferences: Preferences,
                 appearance: Appearance | None = None, workspace: Workspace | None = None,
                 kdf: KdfParams | None = None, today: Callable[[], dt.date] = dt.date.today,
                 screen_lock: ScreenLockWatcher | None = None, sync: SyncOptions | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._runner = runner
        self._open_workspace = open_workspace
        self._preferences = preferences
        self._appearance = appearance
        self._kdf = kdf
        self._today = today
        self._workspace: Workspace | None = None
        self._shell: Shell | None = None
        self._unlock_dialog: UnlockDialog | None = None
        self._auto_lock = AutoLock(minutes=preferences.auto_lock_minutes, parent=self)
        self._auto_lock.idle.connect(self.lock)
        self._clipboard_guard = ClipboardGuard(self)
        if screen_lock is not None:
            screen_lock.screen_locked.connect(self.lock)
        self.setWindowTitle(APP_NAME)
        self._menus = MainMenus(self.menuBar(), parent=self)
        self._menus.new_participant.triggered.connect(self.new_participant)
        self._menus.lock.triggered.connect(self.lock)
        self._menus.quit.triggered.connect(self.close)
        for view, action in self._menus.views.items():
            action.triggered.connect(lambda _checked=False, v=view: self.show_view(v))
        self.sync = SyncWiring(window=self, runner=runner, menus=self._menus, preferences=preferences,
                               options=sync)
        self.retranslate()
        self._restore_geometry()
        if workspace is not None:
            self._show_workspace(workspace)
        else:
            self._show_locked()

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    @property
    def shell(self) -> Shell | None:
        return self._shell

    @property
    def today(self) -> TodayView | None:
        return self._shell.today if self._shell is not None else None

    @property
    def caseload(self) -> CaseloadView | None:
        return self._shell.caseload if self._shell is not None else None

    @property
    def unlock_dialog(self) -> UnlockDialog | None:
        return self._unlock_dialog

    @property
    def auto_lock(self) -> AutoLock:
        return self._auto_lock

    @property
    def lock_action(self) -> QAction:
        return self._menus.lock

    @property
    def quit_action(self) -> QAction:
        return self._menus.quit

    def view_action(self, view: View) -> QAction:
        return self._menus.views[view]

    def retranslate(self) -> None:
        self._menus.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_view(self, view: View) -> None:
        if self._shell is not None:
            self._shell.show_view(view)

    def lock(self) -> None:
        """Drop the data from the window, close the store after pending database work, then ask again."""
        workspace, self._workspace = self._workspace, None
        if workspace is None:
            return
        self._auto_lock.disarm()
        self._close_dialogs()
        self._clipboard_guard.clear_if_ours()
        if self._shell is not None:
            self._shell.dispose()  # closes its record windows, forgets every row
        self._show_locked()
        # On the database thread, so the store closes only after the jobs already queued for it (and sync).
        self._runner.run_db(self.sync.detach(workspace.close), on_done=self._on_store_closed,
                            on_error=self._on_close_failed, context=self)

    @property
    def new_participant_action(self) -> QAction:
        return self._menus.new_participant

    def new_participant(self) -> NewParticipantDialog | None:
        """Register someone new; once saved, their record opens at the intake form."""
        if self._workspace is None:
            return None
        dialog = NewParticipantDialog(participants=self._workspace.participants, runner=self._runner,
                                      parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda: self._on_participant_created(dialog.result_value))
        dialog.open()
        return dialog

    def _on_participant_created(self, participant: object) -> None:
        if self._shell is None or not isinstance(participant, Participant):
            return
        self._shell.caseload.model.refresh()
        record = self._shell.open_record(participant.id)
        record.tabs.setCurrentWidget(record.intake)

    def change_passphrase(self) -> ChangePassphraseDialog:
        """Open the change-passphrase dialog (window-modal; the vault stays unlocked meanwhile)."""
        dialog = ChangePassphraseDialog(data_dir=self._data_dir, runner=self._runner, kdf=self._kdf,
                                        parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(_("The passphrase was changed.")))
        dialog.open()
        return dialog

    def _close_dialogs(self) -> None:
        """Close every open dialog and message box before the data goes (a question answered after
        locking must not act on a closed vault). A box waiting in ``exec()`` returns "rejected"."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and widget is not self._unlock_dialog:
                widget.done(QDialog.DialogCode.Rejected.value)

    def show_unlock(self) -> None:
        """Open the unlock (or, on first run, create-vault) dialog over the locked window."""
        if self._workspace is not None:
            return
        if self._unlock_dialog is not None:
            self._unlock_dialog.raise_()
            self._unlock_dialog.activateWindow()
            return
        dialog = UnlockDialog(data_dir=self._data_dir, runner=self._runner, kdf=self._kdf, parent=self)
        dialog.unlocked.connect(self._on_unlocked)
        dialog.finished.connect(self._on_unlock_finished)
        self._unlock_dialog = dialog
        dialog.open()

    def take_workspace(self) -> Workspace | None:
        """Drop the data and hand the open workspace to the caller to close (at exit, runner stopped)."""
        workspace, self._workspace = self._workspace, None
        self._auto_lock.disarm()
        self.sync.shutdown()
        if self._shell is not None:
            self._shell.dispose()
            self._shell = None
        return workspace

    def closeEvent(self, event: QCloseEvent) -> None:
        self._preferences.geometry = self.saveGeometry()
        self._preferences.sync()
        if self._unlock_dialog is not None:
            self._unlock_dialog.hide()
        super().closeEvent(event)

    def _restore_geometry(self) -> None:
        geometry = self._preferences.geometry
        if geometry is not None and self.restoreGeometry(geometry):
            return
        screen = self.screen().availableGeometry()
        self.resize(screen.width() * 2 // 3, screen.height() * 2 // 3)

    def _show_workspace(self, workspace: Workspace) -> None:
        self._workspace = workspace
        shell = Shell(workspace=workspace, runner=self._runner, preferences=self._preferences,
                      today=self._today)
        shell.view_changed.connect(self._on_view_changed)
        shell.supervisor_changed.connect(self._menus.set_supervisor)
        shell.settings.changed.connect(self._apply_preferences)
        shell.settings.change_passphrase_requested.connect(self.change_passphrase)
        self._shell = shell
        self.setCentralWidget(shell)  # deletes the locked page
        self.sync.attach(workspace, shell)
        self._set_unlocked(True)
        shell.show_view(self._preferences.view)
        self._auto_lock.arm()

    def _show_locked(self, problem: str = "") -> None:
        page = LockedPage()
        if problem:
            page.show_problem(problem)
        page.unlock_requested.connect(self.show_unlock)
        self._shell = None
        self.setCentralWidget(page)  # deletes the views, and their rows with them
        self._set_unlocked(False)

    def _set_unlocked(self, unlocked: bool) -> None:
        self._menus.set_unlocked(unlocked)

    def _apply_preferences(self) -> None:
        self._auto_lock.set_minutes(self._preferences.auto_lock_minutes)
        if self._appearance is not None:
            self._appearance.apply_preferences(self._preferences)

    def _on_view_changed(self, value: str) -> None:
        view = View(value)
        self._menus.views[view].setChecked(True)
        self._preferences.view = view

    def _on_store_closed(self, _result: None) -> None:
        self.locked.emit()
        self.show_unlock()

    def _on_close_failed(self, exc: Exception) -> None:
        # The data is already gone from the window; the connections die with the process at worst.
        logger.error("closing the store failed: %s", type(exc).__name__)
        self.locked.emit()
        self.show_unlock()

    def _on_unlocked(self, store: Store) -> None:
        # Building the workspace reads the office's template files: the database thread does that work.
        self._runner.run_db(partial(self._open_workspace, store, self._data_dir),
                            on_done=self._on_workspace_opened,
                            on_error=partial(self._on_workspace_failed, store), context=self)

    def _on_workspace_opened(self, workspace: Workspace) -> None:
        self._show_workspace(workspace)
        self.unlocked.emit()

    def _on_workspace_failed(self, store: Store, exc: Exception) -> None:
        # An office's programme template that cannot be read: say which, and close the vault again.
        self._show_locked(dialogs.error_text(exc))
        self._runner.run_db(store.close, on_done=lambda _result: None,
                            on_error=self._on_close_failed, context=self)

    def _on_unlock_finished(self, _result: int) -> None:
        dialog, self._unlock_dialog = self._unlock_dialog, None
        if dialog is not None:
            dialog.deleteLater()

