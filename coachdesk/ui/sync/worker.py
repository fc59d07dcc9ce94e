"""The sync thread: signing in and syncing run here, one job at a time, never on the UI or database thread.

Why a thread of its own: a sync holds a network round trip (a new device's first download holds many), so
on the database thread it would stall every read and save of the views, and on the task runner's long-work
thread it would stall unlocking and passphrase changes (Argon2id) behind it. The sync client opens its own
connections on the store's engine; SQLite's WAL and busy timeout let them share the file with the database
thread, and the client writes one short transaction per page.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

THREAD_NAME = "coachdesk-sync"
Report = Callable[[object], None]
Job = Callable[[Report], Any]


@dataclass(frozen=True)
class _Callbacks:
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None]
    on_report: Callable[[object], None] | None
    context: QObject


class SyncWorker(QObject):
    """Runs jobs on the sync thread in order and calls back on the UI thread.

    A job gets a ``report`` function for progress; like ``TaskRunner`` jobs it must hold no Qt object.
    ``stop()`` forgets every callback (a late answer is dropped) and hands back a function that waits for
    the running job; the next ``submit`` starts a new thread.

    Signals:
        _delivered(object): internal; a job's answer or report, emitted from the sync thread.
    """

    _delivered = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor: ThreadPoolExecutor | None = None
        self._callbacks: dict[int, _Callbacks] = {}
        self._tokens = itertools.count()
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """A job was submitted whose callback has not run yet."""
        return bool(self._callbacks)

    def submit(self, job: Job, *, on_done: Callable[[Any], None], on_error: Callable[[Exception], None],
               context: QObject, on_report: Callable[[object], None] | None = None) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAME)
        token = next(self._tokens)
        self._callbacks[token] = _Callbacks(on_done, on_error, on_report, context)
        self._executor.submit(self._execute, token, job)

    def _execute(self, token: int, job: Job) -> None:
        # The sync thread: only the job and the (thread-safe) signal.
        def report(progress: object) -> None:
            self._delivered.emit((token, "report", progress))

        try:
            self._delivered.emit((token, "done", job(report)))
        except Exception as exc:
            self._delivered.emit((token, "error", exc))

    @Slot(object)
    def _on_delivered(self, message: tuple[int, str, Any]) -> None:
        token, kind, value = message
        callbacks = self._callbacks.get(token)
        if callbacks is None or not shiboken6.isValid(callbacks.context):
            self._callbacks.pop(token, None)
            return
        if kind == "report":
            if callbacks.on_report is not None:
                callbacks.on_report(value)
            return
        del self._callbacks[token]
        if kind == "error":
            callbacks.on_error(value)
        else:
            callbacks.on_done(value)

    def stop(self) -> Callable[[], None]:
        """Drop queued jobs and every callback; returns a function that waits for the running job."""
        executor, self._executor = self._executor, None
        self._callbacks.clear()
        if executor is None:
            return lambda: None
        executor.shutdown(wait=False, cancel_futures=True)
        return lambda: executor.shutdown(wait=True)
