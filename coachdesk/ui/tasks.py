"""Background work for the desktop app: blocking calls off the UI thread, results back on it by signal.

Database work runs on one worker thread, in submission order, so the store is only ever used by one
thread at a time and a later job (closing the store on lock) waits for earlier ones. Other long work
(Argon2id key derivation) runs on a second thread so it never queues behind, or blocks, the database.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

T = TypeVar("T")


@dataclass(frozen=True)
class _Callbacks:
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None]
    context: QObject | None


@dataclass(frozen=True)
class _Outcome:
    token: int
    result: Any = None
    error: Exception | None = None


class TaskRunner(QObject):
    """Runs blocking callables on worker threads and calls back on the UI thread.

    Create it on the UI thread: the queued connection delivers to the thread this object lives in.
    Callbacks never run after ``shutdown()``, nor after their ``context`` object has been deleted.

    The callbacks (often bound methods of widgets) stay on the UI thread; a worker only ever holds
    ``fn``, so it can never drop the last reference to a widget and destroy it on the wrong thread.
    ``fn`` itself must therefore hold no Qt object: it may call services, never widgets.

    Signals:
        _finished(object): internal; emitted from a worker thread with an ``_Outcome``.
    """

    _finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coachdesk-db")
        self._long = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coachdesk-long")
        self._closed = False
        self._callbacks: dict[int, _Callbacks] = {}
        self._tokens = itertools.count()
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

    @property
    def pending(self) -> int:
        """Jobs submitted whose callback has not run yet."""
        return len(self._callbacks)

    def run_db(
        self,
        fn: Callable[[], T],
        *,
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None],
        context: QObject | None = None,
    ) -> Future[None]:
        """Run ``fn`` on the database thread, after every database job submitted before it."""
        return self._submit(self._db, fn, on_done, on_error, context)

    def run_long(
        self,
        fn: Callable[[], T],
        *,
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None],
        context: QObject | None = None,
    ) -> Future[None]:
        """Run ``fn`` (key derivation and other slow non-database work) on the long-work thread."""
        return self._submit(self._long, fn, on_done, on_error, context)

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        context: QObject | None,
    ) -> Future[None]:
        if self._closed:
            raise RuntimeError("the task runner has been shut down")
        token = next(self._tokens)
        self._callbacks[token] = _Callbacks(on_done, on_error, context)
        return executor.submit(self._execute, token, fn)

    def _execute(self, token: int, fn: Callable[[], Any]) -> None:
        # Worker thread: touch no widget here, only ``fn`` and the (thread-safe) signal.
        try:
            outcome = _Outcome(token, result=fn())
        except Exception as exc:
            outcome = _Outcome(token, error=exc)
        self._finished.emit(outcome)

    @Slot(object)
    def _on_finished(self, outcome: _Outcome) -> None:
        callbacks = self._callbacks.pop(outcome.token, None)
        if callbacks is None or self._closed:
            return
        if callbacks.context is not None and not shiboken6.isValid(callbacks.context):
            return
        if outcome.error is not None:
            callbacks.on_error(outcome.error)
        else:
            callbacks.on_done(outcome.result)

    def shutdown(self) -> None:
        """Drop queued jobs, wait for the running ones, and deliver no further callbacks."""
        if self._closed:
            return
        self._closed = True
        self._long.shutdown(wait=True, cancel_futures=True)
        self._db.shutdown(wait=True, cancel_futures=True)
        self._callbacks.clear()  # released here, on the UI thread
