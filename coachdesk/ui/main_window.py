"""The main window: the caseload while unlocked, a locked page (and the unlock dialog) otherwise."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from coachdesk.i18n import _
from coachdesk.models.store import Store
from coachdesk.ui.application import APP_NAME
from coachdesk.ui.caseload import CaseloadView
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.unlock_dialog import UnlockDialog
from coachdesk.ui.workspace import Workspace
from coachdesk.vault import KdfParams

logger = logging.getLogger(__name__)


class LockedPage(QWidget):
    """What the window shows while locked: no data, a way back in.

    Signals:
        unlock_requested(): the user asked to unlock.
    """

    unlock_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._message = QLabel()
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._button = QPushButton()
        self._button.clicked.connect(self.unlock_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._message)
        layout.addWidget(self._button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self.retranslate()

    @property
    def unlock_button(self) -> QPushButton:
        return self._button

    def retranslate(self) -> None:
        self._message.setText(_("CoachDesk is locked."))
        self._button.setText(_("&Unlock…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MainWindow(QMainWindow):
    """Shows the caseload of the unlocked vault; locking drops the data and asks for the passphrase.

    Signals:
        locked(): the store has been closed and its data dropped from the window.
        unlocked(): a vault was opened and its caseload is shown.
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(self, *, data_dir: Path, runner: TaskRunner,
                 open_workspace: Callable[[Store], Workspace], workspace: Workspace | None = None,
                 kdf: KdfParams | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._runner = runner
        self._open_workspace = open_workspace
        self._kdf = kdf
        self._workspace: Workspace | None = None
        self._caseload: CaseloadView | None = None
        self._unlock_dialog: UnlockDialog | None = None
        self.setWindowTitle(APP_NAME)
        self._file_menu = self.menuBar().addMenu("")
        self._lock_action = QAction(self)
        self._lock_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L))
        self._lock_action.triggered.connect(self.lock)
        self._quit_action = QAction(self)
        self._quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self._quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self._quit_action.triggered.connect(self.close)
        self._file_menu.addAction(self._lock_action)
        self._file_menu.addSeparator()
        self._file_menu.addAction(self._quit_action)
        self.retranslate()
        if workspace is not None:
            self._show_workspace(workspace)
        else:
            self._show_locked()

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    @property
    def caseload(self) -> CaseloadView | None:
        return self._caseload

    @property
    def unlock_dialog(self) -> UnlockDialog | None:
        return self._unlock_dialog

    @property
    def lock_action(self) -> QAction:
        return self._lock_action

    @property
    def quit_action(self) -> QAction:
        return self._quit_action

    def retranslate(self) -> None:
        self._file_menu.setTitle(_("&File"))
        self._lock_action.setText(_("&Lock"))
        self._lock_action.setToolTip(_("Lock CoachDesk: hide all data until the passphrase is entered"))
        self._quit_action.setText(_("&Quit"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def lock(self) -> None:
        """Drop the data from the window, close the store after pending database work, then ask again."""
        workspace, self._workspace = self._workspace, None
        if workspace is None:
            return
        if self._caseload is not None:
            self._caseload.dispose()
        self._show_locked()
        # On the database thread, so the store closes only after the jobs already queued for it.
        self._runner.run_db(workspace.close, on_done=self._on_store_closed,
                            on_error=self._on_close_failed, context=self)

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
        if self._caseload is not None:
            self._caseload.dispose()
            self._caseload = None
        return workspace

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unlock_dialog is not None:
            self._unlock_dialog.hide()
        super().closeEvent(event)

    def _show_workspace(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._caseload = CaseloadView(participants=workspace.participants, runner=self._runner)
        self.setCentralWidget(self._caseload)  # deletes the locked page
        self._lock_action.setEnabled(True)
        self._caseload.search_field.setFocus()

    def _show_locked(self) -> None:
        page = LockedPage()
        page.unlock_requested.connect(self.show_unlock)
        self._caseload = None
        self.setCentralWidget(page)  # deletes the caseload view, and its rows with it
        self._lock_action.setEnabled(False)

    def _on_store_closed(self, _result: None) -> None:
        self.locked.emit()
        self.show_unlock()

    def _on_close_failed(self, exc: Exception) -> None:
        # The data is already gone from the window; the connections die with the process at worst.
        logger.error("closing the store failed: %s", type(exc).__name__)
        self.locked.emit()
        self.show_unlock()

    def _on_unlocked(self, store: Store) -> None:
        self._show_workspace(self._open_workspace(store))
        self.unlocked.emit()

    def _on_unlock_finished(self, _result: int) -> None:
        dialog, self._unlock_dialog = self._unlock_dialog, None
        if dialog is not None:
            dialog.deleteLater()
