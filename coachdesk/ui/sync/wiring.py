"""Sync in the main window: the status bar, the File menu's sync actions, signing in, a new device's first
sync, and a controller per unlocked vault that stops before the vault closes.

The window calls ``attach`` when a vault opens and ``detach`` when it locks; ``detach`` hands back the
work for the database thread: wait for the sync thread, then close the store, so a sync never runs on a
closed store and the UI thread never waits for the network.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from coachdesk.i18n import _
from coachdesk.sync.client import SyncProgress
from coachdesk.sync.login import LoginResult
from coachdesk.sync.session_state import SyncStatus
from coachdesk.ui import dialogs
from coachdesk.ui.main_menus import MainMenus
from coachdesk.ui.preferences import Preferences, View
from coachdesk.ui.sync.controller import SyncController
from coachdesk.ui.sync.first_sync import FirstSyncDialog
from coachdesk.ui.sync.options import SyncOptions
from coachdesk.ui.sync.outcome import SyncOutcome, SyncResult
from coachdesk.ui.sync.sign_in import SignInDialog, open_sign_in
from coachdesk.ui.sync.status_bar import SyncStatusBar
from coachdesk.ui.sync.worker import SyncWorker
from coachdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from coachdesk.ui.main_window import MainWindow
    from coachdesk.ui.shell import Shell
    from coachdesk.ui.workspace import Workspace


class SyncWiring(QObject):
    """Everything sync adds to the main window; lives as long as the window."""

    def __init__(self, *, window: MainWindow, runner: TaskRunner, menus: MainMenus, preferences: Preferences,
                 options: SyncOptions | None = None) -> None:
        super().__init__(window)
        self._window, self._runner, self._menus = window, runner, menus
        self._preferences, self._options = preferences, options or SyncOptions()
        self._worker = SyncWorker(self)
        self._controller: SyncController | None = None
        self._shell: Shell | None = None
        self._counts: tuple[int, int] | None = None
        self._first_sync_shown = self._upgrade_told = False
        self.sign_in_dialog: SignInDialog | None = None
        self.first_sync_dialog: FirstSyncDialog | None = None
        self.status_bar = SyncStatusBar()
        window.statusBar().addPermanentWidget(self.status_bar)
        self.status_bar.hide()
        self.status_bar.sign_in_requested.connect(self.sign_in)
        self.status_bar.conflicts_requested.connect(lambda: window.show_view(View.CONFLICTS))
        self.status_bar.cancel_requested.connect(self.cancel)
        menus.sign_in.triggered.connect(lambda _checked=False: self.sign_in())
        menus.sync_now.triggered.connect(self.sync_now)
        menus.cancel_sync.triggered.connect(self.cancel)

    @property
    def controller(self) -> SyncController | None:
        return self._controller

    # --- a vault opens and closes -----------------------------------------------------------------------

    def attach(self, workspace: Workspace, shell: Shell) -> None:
        controller = SyncController(store=workspace.store, runner=self._runner, worker=self._worker,
                                    options=self._options, parent=self)
        controller.set_interval_minutes(self._preferences.sync_interval_minutes)
        controller.status_changed.connect(self._on_status)
        controller.online_changed.connect(self.status_bar.set_online)
        controller.started.connect(self._on_started)
        controller.progressed.connect(self._on_progress)
        controller.finished.connect(self._on_finished)
        shell.conflicts.resolved.connect(controller.request_soon)
        self._controller, self._shell, self._counts = controller, shell, None
        self._first_sync_shown = self._upgrade_told = False
        self.status_bar.set_online(controller.online)
        self.status_bar.show()
        controller.start()
        shell.conflicts.refresh()

    def detach(self, then: Callable[[], None]) -> Callable[[], None]:
        """Stop syncing now; returns ``then`` preceded by waiting for the sync thread (for the database
        thread to run: the store must not close under a running sync)."""
        controller, self._controller, self._shell = self._controller, None, None
        if controller is not None:
            controller.stop()
            controller.deleteLater()
        wait = self._worker.stop()
        self.status_bar.hide()
        self.status_bar.show_result(SyncResult(SyncOutcome.CANCELLED), None)
        self._menus.cancel_sync.setEnabled(False)

        def wait_then() -> None:
            wait()
            then()

        return wait_then

    def shutdown(self) -> None:
        """Quitting: stop and wait here (the event loop has ended)."""
        self.detach(lambda: None)()

    # --- what the user does -----------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self._controller is not None:
            self._controller.sync_now()

    def cancel(self) -> None:
        if self._controller is not None:
            self._controller.cancel()

    def sign_in(self, message: str = "") -> SignInDialog | None:
        controller = self._controller
        if controller is None:
            return None
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.raise_()
            self.sign_in_dialog.activateWindow()
            return self.sign_in_dialog
        status = controller.status
        dialog = open_sign_in(self._window, sign_in=controller.sign_in,
                              server_url=status.server_url or "" if status else "",
                              username=status.username or "" if status else "", message=message,
                              on_signed_in=self._on_signed_in)
        dialog.destroyed.connect(lambda *_args: setattr(self, "sign_in_dialog", None))
        self.sign_in_dialog = dialog
        return dialog

    def _on_signed_in(self, result: object) -> None:
        self._first_sync_shown = False  # the sync that follows may be this computer's first
        if isinstance(result, LoginResult) and result.remapped and self._shell is not None:
            self._shell.owner_changed()

    # --- what the controller reports --------------------------------------------------------------------

    def _on_status(self, status: SyncStatus) -> None:
        self.status_bar.show_status(status)
        counts = (status.conflicts_waiting, status.rejections)
        if self._counts is not None and counts != self._counts and self._shell is not None:
            self._shell.conflicts.refresh()
        self._counts = counts

    def _on_started(self, manual: bool) -> None:
        self.status_bar.show_started()
        self._menus.cancel_sync.setEnabled(True)
        status = self._controller.status if self._controller is not None else None
        first = status is not None and status.signed_in and not status.initial_download_done
        if first and (manual or not self._first_sync_shown) and self.first_sync_dialog is None:
            self._first_sync_shown = True
            dialog = FirstSyncDialog(self._window)
            dialog.cancel_requested.connect(self.cancel)
            dialog.finished.connect(lambda _code: self._forget_first_sync(dialog))
            self.first_sync_dialog = dialog
            dialog.show()

    def _forget_first_sync(self, dialog: FirstSyncDialog) -> None:
        if self.first_sync_dialog is dialog:
            self.first_sync_dialog = None
        dialog.deleteLater()

    def _on_progress(self, progress: SyncProgress) -> None:
        self.status_bar.show_progress(progress)
        if self.first_sync_dialog is not None:
            self.first_sync_dialog.show_progress(progress)

    def _on_finished(self, result: SyncResult) -> None:
        controller = self._controller
        self.status_bar.show_result(result, controller.next_delay_ms if controller else None)
        self._menus.cancel_sync.setEnabled(False)
        if self.first_sync_dialog is not None:
            self.first_sync_dialog.show_result(result)
        summary = result.summary
        if summary is not None and (summary.pulled or summary.reset) and self._shell is not None:
            self._shell.reload()
        if result.outcome is SyncOutcome.AUTH_REQUIRED:
            self.sign_in(result.message)
        elif result.outcome is SyncOutcome.UPGRADE_REQUIRED and (result.manual or not self._upgrade_told):
            self._upgrade_told = True
            dialogs.warn(self._window, _("Update CoachDesk"), result.message)
        elif result.message and result.manual and result.outcome is not SyncOutcome.CANCELLED:
            self._window.statusBar().showMessage(result.message, 15_000)
