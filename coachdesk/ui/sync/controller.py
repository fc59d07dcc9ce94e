"""When to sync: every few minutes while online, on demand, shortly after a save; back-off after failures.

The controller decides on the UI thread and hands the work to the sync thread (``SyncWorker``); it reads
the cheap status (``coachdesk.sync.session_state.status``) on the database thread every few seconds, which
is also how it notices a save: the number of changes waiting to be sent grew.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import httpx
import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from coachdesk.models.store import Store
from coachdesk.sync import errors
from coachdesk.sync.client import SyncProgress, SyncSummary
from coachdesk.sync.login import LOOPBACK_HOSTS, LoginResult, login
from coachdesk.sync.session_state import SyncStatus, status
from coachdesk.ui.sync.options import SyncOptions
from coachdesk.ui.sync.outcome import SyncOutcome, SyncResult, result_of
from coachdesk.ui.sync.worker import Report, SyncWorker
from coachdesk.ui.tasks import TaskRunner


class SyncController(QObject):
    """Background sync of one unlocked store. Never two syncs at once; cancel is always possible.

    Signals:
        started(bool): a sync began (True: the user asked for it).
        progressed(object): a ``SyncProgress`` after each round trip.
        finished(object): a ``SyncResult``.
        status_changed(object): a fresh ``SyncStatus``.
        online_changed(bool): the network came or went.
        signed_in(object): a ``LoginResult``; the first sync follows at once.
    """

    started = Signal(bool)
    progressed = Signal(object)
    finished = Signal(object)
    status_changed = Signal(object)
    online_changed = Signal(bool)
    signed_in = Signal(object)

    def __init__(self, *, store: Store, runner: TaskRunner, worker: SyncWorker,
                 options: SyncOptions | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store, self._runner, self._worker = store, runner, worker
        self._options = options or SyncOptions()
        self._timing = self._options.timing
        self._interval_ms = self._timing.interval_ms
        self._status: SyncStatus | None = None
        self._polling = self._running = self._manual = self._closed = self._dirty = False
        self._network_online = True if self._options.network is None else self._options.network.online
        self._failures = 0
        self._blocked: SyncOutcome | None = None
        self._cancel = threading.Event()
        self._last: SyncResult | None = None
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setTimerType(Qt.TimerType.PreciseTimer)  # one timer; its delay is what the bar shows
        self._next.timeout.connect(lambda: self._begin(manual=False))
        self._poll_timer = QTimer(self)
        self._poll_timer.timeout.connect(self.poll)
        if self._options.network is not None:
            self._options.network.online_changed.connect(self.set_online)

    # --- state ------------------------------------------------------------------------------------------

    @property
    def status(self) -> SyncStatus | None:
        return self._status

    @property
    def running(self) -> bool:
        return self._running

    @property
    def online(self) -> bool:
        """The network is up, or the server is on this computer (the demo server)."""
        url = httpx.URL(self._status.server_url) if self._status and self._status.server_url else None
        return self._network_online or (url is not None and url.host in LOOPBACK_HOSTS)

    @property
    def failures(self) -> int:
        """Failed syncs in a row (the back-off grows with them)."""
        return self._failures

    @property
    def blocked(self) -> SyncOutcome | None:
        """AUTH_REQUIRED or UPGRADE_REQUIRED: no automatic sync until the user acts."""
        return self._blocked

    @property
    def last_result(self) -> SyncResult | None:
        return self._last

    @property
    def remaining_ms(self) -> int | None:
        """Milliseconds until the next automatic sync; None when none is scheduled."""
        return int(self._next.remainingTime()) if self._next.isActive() else None

    @property
    def next_delay_ms(self) -> int | None:
        """The delay the next automatic sync was scheduled with; None when none is scheduled."""
        return int(self._next.interval()) if self._next.isActive() else None

    def set_interval_minutes(self, minutes: int) -> None:
        self._interval_ms = max(1, minutes) * 60_000

    def backoff_ms(self, failures: int) -> int:
        """The wait after ``failures`` failed syncs in a row: doubling, capped, with jitter."""
        doublings = min(max(failures - 1, 0), 30)
        base = min(self._timing.backoff_first_ms << doublings, self._timing.backoff_max_ms)
        return round(base * (1 + self._timing.jitter * (2 * self._options.random() - 1)))

    # --- what starts a sync -----------------------------------------------------------------------------

    def start(self) -> None:
        """Read the status and sync shortly if signed in."""
        self._poll_timer.start(self._timing.poll_ms)
        self.poll(first=True)

    def sync_now(self) -> None:
        """The user asked: sync at once (even while offline or after a failure: the user decides)."""
        self._begin(manual=True)

    def request_soon(self) -> None:
        """Something was written that others should see (a conflict resolved): sync after the usual delay."""
        if self._may_schedule() and self._failures == 0:
            self._schedule(self._timing.after_save_ms)

    def set_online(self, online: bool) -> None:
        was = self.online
        self._network_online = online
        if self.online == was:
            return
        self.online_changed.emit(self.online)
        if not self.online:
            self._next.stop()  # a sync already running finishes or fails by itself
        elif self._may_schedule():
            self._failures = 0  # a new network deserves a fresh start
            self._schedule(self._timing.after_start_ms)

    def cancel(self) -> None:
        self._cancel.set()

    def sign_in(self, server_url: str, username: str, password: str, *,
                on_done: Callable[[LoginResult], None], on_error: Callable[[Exception], None],
                context: QObject) -> None:
        """Sign in on the sync thread (after a running sync); on success the first sync starts."""
        store = self._store

        def job(_report: Report) -> tuple[LoginResult, SyncStatus]:
            return login(store, server_url, username, password), status(store)

        def done(answer: tuple[LoginResult, SyncStatus]) -> None:
            result, self._status = answer
            self._blocked, self._failures = None, 0
            self.status_changed.emit(self._status)
            self.signed_in.emit(result)
            if shiboken6.isValid(context):  # the dialog may have been closed meanwhile
                on_done(result)
            self._begin(manual=True)

        def failed(exc: Exception) -> None:
            if shiboken6.isValid(context):
                on_error(exc)

        self._worker.submit(job, on_done=done, on_error=failed, context=self)

    def stop(self) -> None:
        """Locking or quitting: no new work, and a running sync stops at its next step."""
        self._closed = True
        self._cancel.set()
        self._next.stop()
        self._poll_timer.stop()

    # --- the status -------------------------------------------------------------------------------------

    def poll(self, *, first: bool = False) -> None:
        if self._polling or self._closed:
            return
        try:
            self._runner.run_db(partial(status, self._store), on_done=partial(self._on_status, first),
                                on_error=self._on_poll_failed, context=self)
        except RuntimeError:  # the runner was shut down: the app is quitting
            self.stop()
            return
        self._polling = True

    def _on_poll_failed(self, _exc: Exception) -> None:
        self._polling = False  # the database was busy or is closing: the next poll tries again

    def _on_status(self, first: bool, current: SyncStatus) -> None:
        self._polling = False
        if self._closed:
            return
        previous, self._status = self._status, current
        self.status_changed.emit(current)
        saved = previous is not None and current.pending_changes > previous.pending_changes
        if self._running:
            self._dirty = self._dirty or saved  # sent by a sync soon after this one
            return
        if not self._may_schedule():
            return
        if first or (previous is not None and not previous.signed_in):
            self._schedule(self._timing.after_start_ms)
        elif saved and self._failures == 0:
            self._schedule(self._timing.after_save_ms)  # a save: restart the quiet period

    # --- one sync ---------------------------------------------------------------------------------------

    def _may_schedule(self) -> bool:
        signed_in = self._status is not None and self._status.signed_in
        return not self._closed and signed_in and self.online and self._blocked is None

    def _schedule(self, delay_ms: int) -> None:
        self._next.start(max(0, delay_ms))

    def _begin(self, *, manual: bool) -> None:
        if self._running or self._closed or (not manual and not self._may_schedule()):
            return
        if self._status is not None and not self._status.signed_in:
            self._last = result_of(errors.auth_required(), manual=manual)
            self.finished.emit(self._last)
            return
        self._next.stop()
        self._running, self._manual, self._dirty = True, manual, False
        self._cancel = threading.Event()
        cancel, factory, store = self._cancel, self._options.client_factory, self._store

        def job(report: Report) -> SyncSummary:
            return factory(store).sync(cancel=cancel, progress=report)

        self.started.emit(manual)
        self._worker.submit(job, on_done=self._on_synced, on_error=self._on_failed, context=self,
                            on_report=self._on_progress)

    def _on_progress(self, progress: object) -> None:
        if isinstance(progress, SyncProgress):
            self.progressed.emit(progress)

    def _on_synced(self, summary: SyncSummary) -> None:
        self._failures, self._blocked = 0, None
        self._finish(SyncResult(SyncOutcome.SYNCED, summary=summary, manual=self._manual),
                     self._timing.after_save_ms if self._dirty else self._interval_ms)

    def _on_failed(self, exc: Exception) -> None:
        result = result_of(exc, manual=self._manual)
        delay: int | None = None
        if result.outcome in (SyncOutcome.AUTH_REQUIRED, SyncOutcome.UPGRADE_REQUIRED):
            self._blocked = result.outcome  # no retrying: the user acts first
        elif result.outcome is SyncOutcome.CANCELLED:
            delay = self._interval_ms  # no failure: no back-off either
        elif result.outcome.retried:
            self._failures += 1
            delay = self.backoff_ms(self._failures)
        self._finish(result, delay)

    def _finish(self, result: SyncResult, delay_ms: int | None) -> None:
        """Schedule the next sync, then tell (the status bar shows when the next one comes)."""
        self._running, self._last = False, result
        if delay_ms is not None and self._may_schedule():
            self._schedule(delay_ms)
        self.finished.emit(result)
        self.poll()
