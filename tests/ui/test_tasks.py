from __future__ import annotations

import threading
import time
from functools import partial

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from pytestqt.qtbot import QtBot

from coachdesk.ui.tasks import TaskRunner


def _unexpected(exc: Exception) -> None:
    raise AssertionError(f"unexpected error: {exc!r}")


def test_event_loop_keeps_turning_while_a_slow_task_runs(qtbot: QtBot, runner: TaskRunner) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    window: dict[str, float] = {}
    done: list[tuple[str, bool]] = []

    def slow() -> str:
        window["start"] = time.monotonic()
        time.sleep(0.5)
        window["end"] = time.monotonic()
        return threading.current_thread().name

    runner.run_db(slow, on_done=lambda name: done.append(
        (name, threading.current_thread() is threading.main_thread())), on_error=_unexpected)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    timer.stop()

    worker_name, callback_on_ui_thread = done[0]
    assert worker_name.startswith("coachdesk-db")
    assert callback_on_ui_thread
    during = [t for t in ticks if window["start"] <= t <= window["end"]]
    assert len(during) >= 5, f"the UI thread stalled: only {len(during)} ticks in 0.5 s"


def test_errors_reach_on_error_on_the_ui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    errors: list[tuple[Exception, bool]] = []

    def fail() -> None:
        raise ValueError("boom")

    runner.run_long(fail, on_done=lambda _result: pytest.fail("no result expected"),
                    on_error=lambda exc: errors.append(
                        (exc, threading.current_thread() is threading.main_thread())))
    qtbot.waitUntil(lambda: bool(errors))
    exc, on_ui_thread = errors[0]
    assert isinstance(exc, ValueError)
    assert on_ui_thread


def test_database_jobs_run_in_order_on_one_thread_and_long_work_on_another(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    results: list[tuple[int, str]] = []
    def job(n: int) -> tuple[int, str]:
        return n, threading.current_thread().name

    for n in range(5):
        runner.run_db(partial(job, n), on_done=results.append, on_error=_unexpected)
    long_thread: list[str] = []
    runner.run_long(lambda: threading.current_thread().name, on_done=long_thread.append,
                    on_error=_unexpected)
    qtbot.waitUntil(lambda: len(results) == 5 and bool(long_thread))
    assert [n for n, _name in results] == [0, 1, 2, 3, 4]
    assert len({name for _n, name in results}) == 1
    assert long_thread[0] != results[0][1]
    assert runner.pending == 0


def test_no_callback_runs_after_shutdown(qtbot: QtBot) -> None:
    runner = TaskRunner()
    called: list[object] = []
    runner.run_db(lambda: time.sleep(0.05), on_done=called.append, on_error=called.append)
    runner.shutdown()  # waits for the job, whose delivery is then already queued: it must be dropped
    QCoreApplication.sendPostedEvents(runner, QEvent.Type.MetaCall.value)
    assert called == []
    with pytest.raises(RuntimeError):
        runner.run_db(lambda: None, on_done=called.append, on_error=called.append)


def test_no_callback_runs_for_a_deleted_context(qtbot: QtBot, runner: TaskRunner) -> None:
    context = QObject()
    release = threading.Event()
    called: list[object] = []
    destroyed: list[bool] = []
    context.destroyed.connect(lambda: destroyed.append(True))
    runner.run_db(lambda: release.wait(5), on_done=called.append, on_error=called.append, context=context)
    context.deleteLater()
    qtbot.waitUntil(lambda: bool(destroyed))
    after: list[object] = []
    runner.run_db(lambda: None, on_done=after.append, on_error=_unexpected)
    release.set()
    qtbot.waitUntil(lambda: bool(after))
    assert called == []


def test_callbacks_are_released_on_the_ui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    """A widget whose last reference dropped on a worker would be destroyed on the wrong thread."""
    log: list[object] = []

    class Probe:
        def done(self, _result: object) -> None:
            log.append("done")

        def __del__(self) -> None:
            log.append(threading.current_thread() is threading.main_thread())

    runner.run_db(lambda: time.sleep(0.05), on_done=Probe().done, on_error=_unexpected)
    qtbot.waitUntil(lambda: len(log) == 2)
    assert log == ["done", True]
