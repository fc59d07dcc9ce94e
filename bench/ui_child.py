"""The app process ``bench.ui`` launches: CoachDesk started as ``python -m coachdesk --data-dir X`` would
start it, driven like a coach would drive it, reporting one ``MARK`` line of JSON on stdout.

A benchmark, not the app: it waits in nested event loops, which the app itself never does.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, Qt, QTimer, SignalInstance
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget

from bench.ui import ENV_PASSPHRASE, MARK
from coachdesk.services.participants import CaseloadFilter
from coachdesk.ui.application import application
from coachdesk.ui.caseload import SEARCH_DELAY_MS, CaseloadModel, CaseloadView, Column
from coachdesk.ui.caseload_filters import ACTIVE, ALL, EXITED
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import View
from coachdesk.ui.unlock_dialog import UnlockDialog

WAIT_S = 300.0


class BenchTimeoutError(RuntimeError):
    pass


def wait_for(predicate: Callable[[], bool], signals: Sequence[SignalInstance] = (),
             timeout_s: float = WAIT_S) -> None:
    """Run the event loop until ``predicate`` holds; checked when one of ``signals`` fires (and now and
    then), so the UI thread sleeps meanwhile instead of competing with the database thread."""
    if predicate():
        return
    loop = QEventLoop()

    def check(*_args: object) -> None:
        if predicate():
            loop.quit()

    for signal in signals:
        signal.connect(check)
    poll = QTimer()
    poll.setInterval(50)
    poll.timeout.connect(check)
    poll.start()
    expired: list[bool] = []

    def expire() -> None:
        expired.append(True)
        loop.quit()

    QTimer.singleShot(int(timeout_s * 1000), expire)
    loop.exec()
    poll.stop()
    for signal in signals:
        signal.disconnect(check)
    if expired and not predicate():
        raise BenchTimeoutError("the app did not get there in time")


def _proc_status_mb(field: str) -> float | None:
    """A ``Vm…`` line of /proc/self/status in MB (Linux), or None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_mb() -> float:
    """This program's peak resident memory.

    ``ru_maxrss`` is not enough on Linux: the kernel carries the parent's peak over fork and exec, so
    a child of a benchmark that has just generated 100,000 participants would report the parent's
    gigabyte. ``VmHWM`` is the high-water mark of this program's own address space.
    """
    hwm = _proc_status_mb("VmHWM")
    if hwm is not None:
        return hwm
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def resident_mb() -> float | None:
    return _proc_status_mb("VmRSS")


def press(widget: QWidget, key: Qt.Key, text: str = "") -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def type_text(widget: QWidget, text: str) -> None:
    """Press and release a key for each character, as a keyboard would (any script, unlike QTest's;
    and QtTest stays unloaded, so the app's memory and startup are its own)."""
    for char in text:
        press(widget, Qt.Key.Key_unknown, char)


def main_window() -> MainWindow:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))


def unlock(dialog: UnlockDialog) -> tuple[MainWindow, float, float]:
    """Type the passphrase, press Unlock; returns the window and ms to the workspace and to Today."""
    window = main_window()
    marks: dict[str, float] = {}

    def on_unlocked() -> None:
        marks["workspace"] = time.perf_counter()
        today = window.today
        assert today is not None
        today.loaded.connect(lambda: marks.setdefault("today", time.perf_counter()))

    window.unlocked.connect(on_unlocked)
    field = dialog.findChild(QLineEdit, "passphrase")
    button = dialog.findChild(QPushButton, "submit")
    assert field is not None and button is not None
    field.setText(os.environ[ENV_PASSPHRASE])
    start = time.perf_counter()
    button.click()
    wait_for(lambda: "today" in marks, [window.unlocked])
    return window, (marks["workspace"] - start) * 1000, (marks["today"] - start) * 1000


def open_caseload(window: MainWindow) -> CaseloadView:
    window.show_view(View.CASELOAD)
    caseload = window.caseload
    assert caseload is not None
    model = caseload.model
    wait_for(lambda: model.rowCount() > 0 and not model.fetching and caseload.status_text[:1].isdigit(),
             [model.loaded, model.total_changed])
    return caseload


class CaseloadDriver:
    """Changes filters, order and search the way a coach does, timing each change to the rows shown."""

    def __init__(self, view: CaseloadView) -> None:
        self.view = view
        self.model = view.model
        self.events: list[dict[str, Any]] = []
        self._loaded: list[float] = []
        self._counted: list[float] = []
        self._fired: list[float] = []
        self.model.loaded.connect(lambda: self._loaded.append(time.perf_counter()))
        self.total = 0
        self.model.total_changed.connect(self._on_total)
        original = self.model.set_query

        def fired(text: str) -> None:  # the search debounce has fired
            self._fired.append(time.perf_counter())
            original(text)

        self.model.set_query = fired  # type: ignore[method-assign]
        # How long the service itself took, on the database thread: the rest is the app's own overhead.
        self._service_ms: list[float] = []
        service = self.model._participants
        for name in ("page", "search"):
            setattr(service, name, self._timed(getattr(service, name)))
        self._beat = time.perf_counter()
        self.stall_ms = 0.0
        self._heart = QTimer()
        self._heart.setInterval(10)
        self._heart.timeout.connect(self._on_beat)

    def _timed(self, call: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                self._service_ms.append((time.perf_counter() - start) * 1000)  # list.append: thread-safe

        return timed

    def _on_total(self, total: int) -> None:
        self._counted.append(time.perf_counter())
        self.total = total

    def _on_beat(self) -> None:
        now = time.perf_counter()
        self.stall_ms = max(self.stall_ms, (now - self._beat) * 1000 - 10)
        self._beat = now

    def start(self) -> None:
        self._beat = time.perf_counter()
        self._heart.start()

    def stop(self) -> None:
        self._heart.stop()

    def _settle(self, loaded: int, counted: int | None) -> None:
        """Wait for the rows (and, for a listing, the count) asked for after ``loaded``/``counted``."""
        model = self.model
        wait_for(lambda: len(self._loaded) > loaded and not model.fetching
                 and (counted is None or len(self._counted) > counted),
                 [model.loaded, model.total_changed])

    def _record(self, kind: str, start: float, loaded_before: int, counted_before: int | None,
                keystroke: float | None = None) -> None:
        loaded = self._loaded[loaded_before]
        event: dict[str, Any] = {"kind": kind, "loaded_ms": (loaded - start) * 1000,
                                 "service_ms": self._service_ms[-1] if self._service_ms else None}
        if keystroke is not None:
            event["keystroke_ms"] = (loaded - keystroke) * 1000
        if counted_before is not None:
            event["count_ms"] = (self._counted[counted_before] - start) * 1000
        self.events.append(event)

    def type_search(self, query: str, kind: str = "search") -> None:
        field = self.view.search_field
        if query.strip() == self.model.query or not query.strip():
            return  # the same search again: nothing to load
        field.setFocus()
        field.selectAll()
        loaded, fired = len(self._loaded), len(self._fired)
        type_text(field, query)
        keystroke = time.perf_counter()  # the last key has been handled: the debounce runs from here
        self._settle(loaded, None)
        self._record(kind, self._fired[fired], loaded, None, keystroke)
        self.events[-1]["filtered"] = self.model.filters != CaseloadFilter()

    def clear_search(self) -> None:
        if not self.model.query:
            return
        field = self.view.search_field
        field.setFocus()
        loaded, counted, fired = len(self._loaded), len(self._counted), len(self._fired)
        field.selectAll()
        press(field, Qt.Key.Key_Delete)
        self._settle(loaded, counted)
        self._record("clear", self._fired[fired], loaded, counted)

    def choose(self, combo_name: str, value: str) -> None:
        bar = self.view.filter_bar
        combo = getattr(bar, combo_name)
        index = combo.findData(value)
        if index < 0 or index == combo.currentIndex():
            return
        loaded, counted = len(self._loaded), len(self._counted)
        listing = not self.model.query
        start = time.perf_counter()
        combo.setCurrentIndex(index)
        self._settle(loaded, counted if listing else None)
        self._record("filter", start, loaded, counted if listing else None)

    def reverse_order(self) -> None:
        header = self.view.table.horizontalHeader()
        x = header.sectionViewportPosition(Column.FAMILY_NAME) + header.sectionSize(Column.FAMILY_NAME) // 2
        loaded, counted = len(self._loaded), len(self._counted)
        start = time.perf_counter()
        from PySide6.QtTest import QTest  # only here: the other figures run without QtTest loaded

        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
        self._settle(loaded, counted)
        self._record("order", start, loaded, counted)


def _filter_tour(driver: CaseloadDriver) -> None:
    colleague = driver.view.filter_bar.coach.itemData(2) if driver.view.filter_bar.coach.count() > 2 else None
    steps: list[tuple[str, str]] = [
        ("phase", "intensive"), ("phase", "introduction"), ("phase", "referred"), ("phase", "exited"),
        ("phase", ALL), ("status", ACTIVE), ("status", EXITED), ("status", ALL),
        ("target_group", "youth_16_24_assistance"), ("target_group", "adult_25_64_assistance"),
        ("target_group", "foreign_background"), ("target_group", ALL),
        ("coach", driver.view.filter_bar.coach.itemData(1)),
    ]
    if colleague:
        steps.append(("coach", colleague))
    steps += [("coach", ALL), ("status", ACTIVE), ("target_group", "foreign_background")]
    for combo, value in steps:
        driver.choose(combo, value)
    driver.reverse_order()
    driver.choose("phase", "intensive")
    driver.reverse_order()
    driver.choose("coach", driver.view.filter_bar.coach.itemData(1))
    for combo in ("phase", "coach", "target_group"):
        driver.choose(combo, ALL)


def caseload(dialog: UnlockDialog, options: dict[str, Any]) -> dict[str, Any]:
    window, _workspace_ms, _today_ms = unlock(dialog)
    view = open_caseload(window)
    driver = CaseloadDriver(view)
    queries: list[str] = options["queries"]
    half = len(queries) // 2
    driver.start()
    for n, query in enumerate(queries[:half], start=1):
        driver.type_search(query)
        if n % 6 == 0:
            driver.clear_search()
    driver.clear_search()
    _filter_tour(driver)  # ends with "active" still chosen: the searches below are filtered
    for n, query in enumerate(queries[half:], start=1):
        driver.type_search(query)
        if n % 6 == 0:
            driver.clear_search()
    driver.clear_search()
    driver.choose("status", ALL)
    everyone = driver.total
    for query in options["short"]:
        driver.type_search(query, kind="short")
    driver.stop()
    return {"events": driver.events, "stall_ms_max": driver.stall_ms, "search_delay_ms": SEARCH_DELAY_MS,
            "participants": everyone}


def _grew(model: CaseloadModel, rows: int) -> bool:
    return model.rowCount() > rows and not model.fetching


def memory(dialog: UnlockDialog, options: dict[str, Any]) -> dict[str, Any]:
    before = peak_mb()
    window, _workspace_ms, _today_ms = unlock(dialog)
    view = open_caseload(window)
    model, table = view.model, view.table
    for _page in range(options["pages"] - 1):
        if not model.canFetchMore(table.rootIndex()):
            break
        rows = model.rowCount()
        table.scrollToBottom()  # as a coach scrolls: the table asks the model for more
        if model.canFetchMore(table.rootIndex()):
            model.fetchMore(table.rootIndex())
        wait_for(partial(_grew, model, rows), [model.loaded])
    rows_seen = model.rowCount()
    driver = CaseloadDriver(view)
    for query in options["queries"]:
        driver.type_search(query)
    driver.clear_search()
    return {"peak_mb": peak_mb(), "peak_before_unlock_mb": before, "now_mb": resident_mb(),
            "rows": rows_seen}


def today(dialog: UnlockDialog, _options: dict[str, Any]) -> dict[str, Any]:
    _window, workspace_ms, today_ms = unlock(dialog)
    return {"workspace_ms": workspace_ms, "today_ms": today_ms}


def startup(_dialog: UnlockDialog, _options: dict[str, Any]) -> dict[str, Any]:
    return {}


SCRIPTS: dict[str, Callable[[UnlockDialog, dict[str, Any]], dict[str, Any]]] = {
    "startup": startup, "today": today, "caseload": caseload, "memory": memory,
}


class _Harness(QObject):
    """Waits for the unlock dialog to be ready for typing, then runs the figure's script."""

    def __init__(self, figure: str, options: dict[str, Any]) -> None:
        super().__init__()
        self._script = SCRIPTS[figure]
        self._options = options
        self._started = False
        self.failed = False

    def on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._started or new is None or new.objectName() != "passphrase":
            return
        dialog = new.window()
        if isinstance(dialog, UnlockDialog) and dialog.isVisible():
            self._started = True
            QTimer.singleShot(0, partial(self._ready, dialog))  # after what the focus change queued

    def _ready(self, dialog: UnlockDialog) -> None:
        ready_at = time.time()
        try:
            report = {"ready_at": ready_at, **self._script(dialog, self._options)}
            print(MARK + json.dumps(report), flush=True)
        except Exception:
            traceback.print_exc()
            self.failed = True
        QApplication.quit()


def child(argv: Sequence[str]) -> int:
    figure, data_dir, options = argv[0], Path(argv[1]), json.loads(argv[2])
    # The app's own QApplication (coachdesk.app.run reuses it), made first so the harness can listen.
    app = application(sys.argv[:1])
    harness = _Harness(figure, options)
    app.focusChanged.connect(harness.on_focus)
    from coachdesk import cli

    status = cli.main(["--data-dir", str(data_dir)])
    return 1 if harness.failed else status
