"""The Today view: the week by day, what is due, and outcomes recorded straight from the list."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialogButtonBox, QPlainTextEdit, QSpinBox
from pytestqt.qtbot import QtBot

from coachdesk.formatting import LRI, PDI
from coachdesk.models import Activity, Checkpoint, FollowUp
from coachdesk.models.enums import ActivityStatus, CheckpointStatus, Destination, Programme
from coachdesk.models.store import Store
from coachdesk.services.agenda import Agenda, AgendaEntry, EntryKind
from coachdesk.services.calendar import IsoWeek
from coachdesk.ui.outcome_dialogs import (
    AttendanceDialog,
    Day90Dialog,
    OutcomeDialog,
    ReviewDialog,
    WorkplaceFollowUpDialog,
)
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.today import TodayView
from coachdesk.ui.today_model import Column
from coachdesk.ui.workspace import Workspace
from tests.unit.services.programme_fixtures import Programmes

TODAY = dt.date(2026, 11, 24)  # Tuesday of ISO week 48


def _plain(text: str) -> str:
    return text.replace(LRI, "").replace(PDI, "")


@pytest.fixture
def workspace(store: Store, data_dir: Path) -> Workspace:
    """A coach's caseload: Amina starts the introduction this week, Omar is in intensive work with an
    internship, Eva left in August and her 90-day follow-up is today."""
    ws = Workspace.open(store, data_dir)
    amina = ws.participants.create({"given_name": "Amina", "family_name": "Ali"}).id
    ws.plans.enrol(amina, Programme.INTRODUCTION, "2026-11-16")
    omar = ws.participants.create({"given_name": "Omar", "family_name": "Farah"}).id
    ws.plans.enrol(omar, Programme.INTENSIVE, "2026-09-07")
    employer = ws.employers.create({"name": "Byggfirman i Krokom AB"})
    ws.placements.create(omar, employer_id=employer.id, kind="internship", start="2026-11-02",
                         end="2026-12-18", hours_per_week=20)
    eva = ws.participants.create({"given_name": "Eva", "family_name": "Berg"}).id
    ws.plans.enrol(eva, Programme.INTENSIVE, "2026-03-02")
    ws.exits.exit(eva, exit_date="2026-08-26", destination="studies")
    return ws


@pytest.fixture
def programmes(store: Store) -> Programmes:
    return Programmes.over(store)


@pytest.fixture
def view(qtbot: QtBot, workspace: Workspace, runner: TaskRunner) -> TodayView:
    today = TodayView(agenda=workspace.agenda, attendance=workspace.attendance, plans=workspace.plans,
                      placements=workspace.placements, exits=workspace.exits, runner=runner,
                      coach_id=workspace.coach_id, today=lambda: TODAY)
    qtbot.add_widget(today)
    today.show()
    qtbot.waitUntil(lambda: today.model.agenda is not None, timeout=10_000)
    return today


def _sections(view: TodayView) -> list[str]:
    return [_plain(view.model.index(row, 0).data()) for row in range(view.model.rowCount())]


def _rows(view: TodayView, section: int) -> list[list[str]]:
    parent = view.model.index(section, 0)
    return [[_plain(view.model.index(row, column, parent).data() or "") for column in Column]
            for row in range(view.model.rowCount(parent))]


def _pick(view: TodayView, wanted: Callable[[AgendaEntry], bool]) -> AgendaEntry:
    entry = next(e for e in view.model.entries if wanted(e))
    view.select_entry(entry)
    return entry


def _open(view: TodayView, wanted: Callable[[AgendaEntry], bool]) -> tuple[AgendaEntry, OutcomeDialog]:
    entry = _pick(view, wanted)
    assert view.record_button.isEnabled()
    QTest.mouseClick(view.record_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    return entry, dialog


def _save(dialog: OutcomeDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    save = box.button(QDialogButtonBox.StandardButton.Save)
    QTest.mouseClick(save, Qt.MouseButton.LeftButton)


def _set_date(dialog: OutcomeDialog, day: dt.date) -> None:
    edit = dialog.field("done_on")
    assert isinstance(edit, QDateEdit)
    edit.setDate(QDate(day.year, day.month, day.day))


def test_the_week_shows_meetings_by_day_monday_first_then_what_is_due(view: TodayView) -> None:
    assert _plain(view.heading_text) == "Week 48, 2026-11-23 – 2026-11-29 (this week)"
    assert _sections(view)[:5] == ["Monday 2026-11-23 (1)", "Tuesday 2026-11-24 (today) (2)",
                                   "Wednesday 2026-11-25 (1)", "Thursday 2026-11-26", "Friday 2026-11-27"]
    assert [s.split(" (")[0] for s in _sections(view)[5:]] == [
        "Overdue", "Assessments and reviews due", "Follow-ups due", "Ending soon"]
    # Kinds are words, not colours; the time and planned minutes come first.
    assert _rows(view, 0) == [["09:00 (120 min)", "Amina Ali", "Mapping", "planned"]]
    assert [r[1:3] for r in _rows(view, 1)] == [["Amina Ali", "Coaching meeting"],
                                               ["Omar Farah", "Coaching meeting"]]
    assert _rows(view, 3) == [["No meetings", "", "", ""]]
    overdue = _rows(view, 5)
    assert ["2026-11-05", "Omar Farah", "Workplace follow-up", ""] in overdue
    assert _rows(view, 6) == [["No assessments or reviews this week", "", "", ""]]
    assert _rows(view, 7) == [["2026-11-24", "Eva Berg", "90-day follow-up", ""]]
    assert _rows(view, 8) == [["2026-12-11", "Amina Ali", "Introduction period ends", ""]]
    assert view.status_text == "4 meetings this week"


def test_previous_next_and_this_week(qtbot: QtBot, view: TodayView) -> None:
    previous, this_week, following = view.week_buttons
    assert not this_week.isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        QTest.mouseClick(following, Qt.MouseButton.LeftButton)
    assert view.week == IsoWeek(2026, 49)
    assert _plain(view.heading_text) == "Week 49, 2026-11-30 – 2026-12-06"
    assert this_week.isEnabled()
    for _ in range(2):
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            QTest.mouseClick(previous, Qt.MouseButton.LeftButton)
    assert view.week == IsoWeek(2026, 47)
    assert _sections(view)[0].startswith("Monday 2026-11-16")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        QTest.mouseClick(this_week, Qt.MouseButton.LeftButton)
    assert view.week == IsoWeek(2026, 48)


def test_the_event_loop_keeps_turning_while_the_week_loads(
    qtbot: QtBot, view: TodayView, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    started = threading.Event()
    week = workspace.agenda.week

    def slow_week(*args: object, **kwargs: object) -> Agenda:
        started.set()
        release.wait(10)
        return week(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workspace.agenda, "week", slow_week)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    try:
        QTest.mouseClick(view.week_buttons[2], Qt.MouseButton.LeftButton)
        assert started.wait(5)
        qtbot.wait(300)  # the query is still blocked, the UI thread is not
        assert len(ticks) >= 5, f"the UI thread stalled: only {len(ticks)} ticks in 0.3 s"
        assert view.status_text == "Loading…"
        assert view.week == IsoWeek(2026, 49)
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            release.set()
    finally:
        release.set()
        timer.stop()
    assert _sections(view)[0].startswith("Monday 2026-11-30")


def test_attendance_is_recorded_from_the_list_and_the_week_refreshes(
    qtbot: QtBot, view: TodayView, programmes: Programmes
) -> None:
    entry, dialog = _open(view, lambda e: e.kind is EntryKind.ACTIVITY and e.what == "mapping"
                          and e.day == dt.date(2026, 11, 23) and e.participant_name == "Amina Ali")
    assert isinstance(dialog, AttendanceDialog)
    minutes = dialog.field("attended_minutes")
    assert isinstance(minutes, QSpinBox) and minutes.value() == 120
    minutes.setValue(0)  # did not come
    with qtbot.waitSignals([dialog.saved, view.loaded], timeout=10_000):
        _save(dialog)
    stored = programmes.rows(Activity, id=entry.entity_id)[0]
    assert stored.status is ActivityStatus.MISSED and stored.attended_minutes == 0
    assert _rows(view, 0) == [["09:00 (120 min)", "Amina Ali", "Mapping", "missed"]]
    assert view.model.entry(view.tree.currentIndex()) is not None  # the same row stays selected
    qtbot.waitUntil(lambda: view.dialog is None)


def test_attendance_the_service_refuses_is_explained_inline_and_nothing_is_saved(
    qtbot: QtBot, view: TodayView, programmes: Programmes
) -> None:
    before = programmes.row_counts()
    entry, dialog = _open(view, lambda e: e.kind is EntryKind.ACTIVITY and e.minutes == 120)
    minutes = dialog.field("attended_minutes")
    assert isinstance(minutes, QSpinBox)
    minutes.setValue(121)
    with qtbot.waitSignal(dialog.finished, timeout=1000, raising=False) as closed:
        _save(dialog)
        qtbot.waitUntil(lambda: dialog.error_for("attended_minutes") != "", timeout=10_000)
    assert not closed.signal_triggered and dialog.isVisible()
    assert dialog.error_for("attended_minutes") == "Attendance cannot be more than the planned 120 minutes."
    assert minutes.accessibleDescription() == dialog.error_for("attended_minutes")
    assert minutes.isEnabled() and minutes.hasFocus()
    assert programmes.row_counts() == before
    assert programmes.rows(Activity, id=entry.entity_id)[0].status is ActivityStatus.PLANNED
    dialog.reject()


def test_enter_on_a_row_opens_its_dialog(qtbot: QtBot, view: TodayView) -> None:
    _pick(view, lambda e: e.kind is EntryKind.ACTIVITY)
    view.tree.setFocus()
    QTest.keyClick(view.tree, Qt.Key.Key_Return)
    dialog = view.dialog
    assert isinstance(dialog, AttendanceDialog)
    dialog.reject()
    qtbot.waitUntil(lambda: view.dialog is None)


def test_a_review_is_recorded_and_a_date_before_the_plan_is_refused(
    qtbot: QtBot, view: TodayView, programmes: Programmes
) -> None:
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show_week(IsoWeek(2026, 50))
    entry, dialog = _open(view, lambda e: e.what == "midpoint_review")
    assert isinstance(dialog, ReviewDialog)
    _set_date(dialog, dt.date(2026, 9, 1))  # before Omar's plan started
    _save(dialog)
    qtbot.waitUntil(lambda: dialog.error_for("done_on") != "", timeout=10_000)
    assert dialog.error_for("done_on") == "A review cannot be held before the plan starts."
    assert programmes.rows(Checkpoint, id=entry.entity_id)[0].status is CheckpointStatus.DUE
    _set_date(dialog, TODAY)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        _save(dialog)
    stored = programmes.rows(Checkpoint, id=entry.entity_id)[0]
    assert stored.status is CheckpointStatus.DONE and stored.done_on == TODAY
    assert "midpoint_review" not in {e.what for e in view.model.entries}


def test_the_assessment_is_not_recorded_from_today(qtbot: QtBot, view: TodayView) -> None:
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show_week(IsoWeek(2026, 50))
    _pick(view, lambda e: e.what == "assessment")
    assert not view.record_button.isEnabled()
    assert "participant's plan" in view.record_button.toolTip()


def test_a_workplace_follow_up_is_recorded_with_a_note(
    qtbot: QtBot, view: TodayView, programmes: Programmes
) -> None:
    entry, dialog = _open(view, lambda e: e.what == "workplace_visit" and e.day == dt.date(2026, 11, 5))
    assert isinstance(dialog, WorkplaceFollowUpDialog)
    done_on = dialog.field("done_on")
    assert isinstance(done_on, QDateEdit) and done_on.date() == QDate(2026, 11, 24)  # today by default
    note = dialog.field("note")
    assert isinstance(note, QPlainTextEdit)
    note.setPlainText("  Trivs bra, handledaren nöjd\n")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        _save(dialog)
    stored = programmes.rows(FollowUp, id=entry.entity_id)[0]
    assert stored.done_on == TODAY and stored.note == "Trivs bra, handledaren nöjd"


def test_the_90_day_outcome_needs_an_answer_and_is_recorded_with_chances_improved(
    qtbot: QtBot, view: TodayView, programmes: Programmes
) -> None:
    before = programmes.row_counts()
    entry, dialog = _open(view, lambda e: e.what == "day_90")
    assert isinstance(dialog, Day90Dialog)
    _save(dialog)  # nothing chosen yet
    qtbot.waitUntil(lambda: dialog.error_for("outcome") != "", timeout=10_000)
    assert dialog.error_for("outcome") == "Choose one of the listed options."
    assert programmes.row_counts() == before
    outcome, improved = dialog.field("outcome"), dialog.field("chances_improved")
    assert isinstance(outcome, QComboBox) and isinstance(improved, QComboBox)
    assert [outcome.itemText(i) for i in range(outcome.count())] == [
        "Choose…", "Work", "Studies", "Another labour-market programme", "None of these"]
    outcome.setCurrentIndex(outcome.findData(Destination.WORK.value))
    improved.setCurrentIndex(improved.findText("Yes"))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        _save(dialog)
    stored = programmes.rows(FollowUp, id=entry.entity_id)[0]
    assert (stored.done_on, stored.outcome, stored.chances_improved) == (TODAY, Destination.WORK, True)
    assert _rows(view, 7) == [["No follow-ups this week", "", "", ""]]


def test_dispose_closes_the_dialog_and_forgets_the_week(qtbot: QtBot, view: TodayView) -> None:
    _entry, dialog = _open(view, lambda e: e.kind is EntryKind.ACTIVITY)
    view.dispose()
    assert not dialog.isVisible()
    assert view.model.rowCount() == 0 and view.model.entries == []
    qtbot.waitUntil(lambda: view.dialog is None)
