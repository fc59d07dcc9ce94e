"""The sync status, always in sight in the main window's status bar: online or not, changes waiting to
be sent, the last sync, conflicts waiting, and a sync under way with its counts and a Cancel button.

A change of state (not every count) is announced to screen readers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from coachdesk.i18n import _, ngettext
from coachdesk.sync.client import SyncProgress
from coachdesk.sync.session_state import SyncStatus
from coachdesk.ui.announce import announce
from coachdesk.ui.sync import texts
from coachdesk.ui.sync.outcome import SyncOutcome, SyncResult


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class SyncStatusBar(QWidget):
    """Signals:
        sign_in_requested(): the user wants to sign in.
        conflicts_requested(): the user wants to see the conflicts.
        cancel_requested(): the user wants the running sync stopped.
    """

    sign_in_requested = Signal()
    conflicts_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, *, now: Callable[[], dt.datetime] = _utc_now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now
        self._status: SyncStatus | None = None
        self._online = True
        self._running = False
        self._progress_seen: SyncProgress | None = None
        self._result: SyncResult | None = None
        self._retry_at: dt.datetime | None = None
        self._announced = ""
        self._announced_key: object = None
        self.state = QLabel()
        self.state.setObjectName("sync_state")
        self.state.setWordWrap(True)  # a long state in some languages at large text: two lines, not wider
        self.pending = QLabel()
        self.pending.setObjectName("sync_pending")
        self.last_sync = QLabel()
        self.last_sync.setObjectName("sync_last")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # the amount to come is unknown: a busy indicator
        self.progress.setTextVisible(False)
        self.cancel = QPushButton()
        self.cancel.setObjectName("sync_cancel")
        self.sign_in = QPushButton()
        self.sign_in.setObjectName("sync_sign_in")
        self.conflicts = QPushButton()
        self.conflicts.setObjectName("sync_conflicts")
        self.conflicts.setFlat(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state, 1)
        for widget in (self.progress, self.cancel, self.sign_in, self.pending, self.last_sync,
                       self.conflicts):
            layout.addWidget(widget)
        self.sign_in.clicked.connect(self.sign_in_requested)
        self.conflicts.clicked.connect(self.conflicts_requested)
        self.cancel.clicked.connect(self.cancel_requested)
        self.retranslate()

    @property
    def announcement(self) -> str:
        """The last state announced to screen readers."""
        return self._announced

    # --- inputs -----------------------------------------------------------------------------------------

    def show_status(self, status: SyncStatus) -> None:
        self._status = status
        self._render()

    def set_online(self, online: bool) -> None:
        self._online = online
        self._render()

    def show_started(self) -> None:
        self._running, self._progress_seen = True, None
        self._render()

    def show_progress(self, progress: SyncProgress) -> None:
        self._progress_seen = progress
        self._render()

    def show_result(self, result: SyncResult, retry_in_ms: int | None) -> None:
        self._running, self._result = False, result
        self._retry_at = (self._now() + dt.timedelta(milliseconds=retry_in_ms)
                          if retry_in_ms is not None and result.outcome.retried else None)
        self._render()

    # --- output -----------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setAccessibleName(_("Sync status"))
        self.progress.setAccessibleName(_("Sync in progress"))
        self.cancel.setText(_("Cancel sync"))
        self.sign_in.setText(_("Sign in…"))
        self.sign_in.setToolTip(_("Sign in to the sync server"))
        self.conflicts.setToolTip(_("Show the conflicts and refused changes"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _state_text(self) -> str:
        status = self._status
        if status is None:
            return ""
        outcome = self._result.outcome if self._result is not None else None
        if not status.signed_in:
            if outcome is SyncOutcome.AUTH_REQUIRED and status.server_url:
                return _("Signed out of the sync server — sign in again")
            return _("Not signed in — changes stay on this computer")
        if self._running:
            seen = self._progress_seen
            return _("Syncing… {sent} sent, {received} received").format(
                sent=seen.pushed, received=seen.pulled) if seen is not None else _("Syncing…")
        return self._idle_text()

    def _idle_text(self) -> str:
        result = self._result
        outcome = result.outcome if result is not None else None
        if outcome is SyncOutcome.UPGRADE_REQUIRED:
            return _("Update CoachDesk to sync")
        if not self._online:
            return _("Offline — changes are kept and sent later")
        if outcome is None or not outcome.retried:
            return _("Online")
        at = texts.clock_time(self._retry_at) if self._retry_at is not None else None
        if outcome is SyncOutcome.OFFLINE:
            return (_("Sync server not reachable — next try at {time}").format(time=at) if at
                    else _("Sync server not reachable"))
        return _("Sync failed — next try at {time}").format(time=at) if at else _("Sync failed")

    def _render(self) -> None:
        status = self._status
        state = self._state_text()
        self.state.setText(state)
        self.state.setToolTip(self._result.message if self._result is not None else "")
        self.progress.setVisible(self._running)
        self.cancel.setVisible(self._running)
        self.sign_in.setVisible(status is not None and not status.signed_in)
        for widget in (self.pending, self.last_sync, self.conflicts):
            widget.setVisible(status is not None)
        if status is None:
            return
        count = status.pending_changes
        if status.pending_more:
            self.pending.setText(_("More than {count} changes to send").format(count=count))
        else:
            self.pending.setText(ngettext("{count} change to send", "{count} changes to send", count)
                                 .format(count=count) if count else _("Nothing to send"))
        last = status.last_sync_at
        self.last_sync.setText(_("Last sync: {when}").format(when=texts.since(last, self._now()))
                               if last is not None else _("Never synced"))
        waiting, refused = status.conflicts_waiting, status.rejections
        if waiting:
            label = ngettext("{count} conflict to resolve", "{count} conflicts to resolve", waiting)
            self.conflicts.setText(label.format(count=waiting))
        elif refused:
            self.conflicts.setText(ngettext("{count} change refused", "{count} changes refused", refused)
                                   .format(count=refused))
        else:
            self.conflicts.setText(_("No conflicts"))
        summary = " · ".join(w.text() for w in (self.state, self.pending, self.last_sync, self.conflicts)
                             if w.text())
        self.setAccessibleDescription(summary)
        self._announce(state)

    def _announce(self, state: str) -> None:
        # Once per state: a sync's counts change every round trip, far too often to be read out.
        key = ("running", None) if self._running else (state, None)
        if key == self._announced_key or not state:
            return
        self._announced_key, self._announced = key, state
        announce(self.state, state)  # polite; nothing for a window not shown (tests, locking)
