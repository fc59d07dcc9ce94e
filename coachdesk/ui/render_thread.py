"""PDF rendering off the UI thread, on a QThread of its own.

Qt's text layout lays long documents out in timed steps, and a timer needs the thread's Qt event
dispatcher: the task runner's Python worker threads have none, a QThread does. Jobs still running when
the app quits are waited for (``wait_for_all``), so no thread outlives the application object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal


class RenderJob(QThread):
    """Runs ``work`` once; ``succeeded(result)`` or ``failed(exception)`` arrive on the UI thread."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # handed to the UI, which shows it in the user's language
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


_running: set[RenderJob] = set()


def start(work: Callable[[], Any], *, on_done: Callable[[Any], None],
          on_error: Callable[[Exception], None]) -> RenderJob:
    job = RenderJob(work)
    job.succeeded.connect(on_done)
    job.failed.connect(on_error)
    _running.add(job)
    job.finished.connect(lambda: _running.discard(job))
    job.finished.connect(job.deleteLater)
    job.start()
    return job


def wait_for_all() -> None:
    for job in list(_running):
        job.wait()
