"""A coach's whole journey with one participant, through the real widgets of the real main window.

Create the vault → a participant who needs an interpreter → the introduction → attendance from the Today
list → the assessment → a 28-week intensive plan → a goal and a sub-goal → a placement and its workplace
follow-up → the exit → the 90-day follow-up → lock → unlock → find the participant by search.

The dates lie in the past, relative to the real today, so every service rule about "not in the future"
holds and the 90-day follow-up is due now.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from coachdesk.models import Activity, Enrollment, FollowUp, Goal, Participant, Placement
from coachdesk.models.enums import (
    ActivityStatus,
    AssessmentDecision,
    Destination,
    EnrollmentStatus,
    FollowUpKind,
    ParticipantStatus,
    PlacementKind,
    Programme,
)
from coachdesk.models.store import Store
from coachdesk.services.agenda import EntryKind
from coachdesk.services.calendar import IsoWeek
from coachdesk.services.employers import EmployerService
from coachdesk.services.participants import ParticipantService
from coachdesk.ui import dialogs
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.new_participant import NewParticipantDialog
from coachdesk.ui.outcome_dialogs import AttendanceDialog
from coachdesk.ui.preferences import Preferences, View
from coachdesk.ui.record import ParticipantRecord
from coachdesk.ui.record.plan_dialogs import AssessmentDialog, EnrolDialog
from coachdesk.ui.shell import Shell
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.workspace import Workspace
from tests.conftest import FAST_KDF, PASSPHRASE

TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=TODAY.weekday(), weeks=45)  # a Monday, 45 weeks ago
INTENSIVE_START = START + dt.timedelta(weeks=4)
PLACEMENT_START = INTENSIVE_START + dt.timedelta(weeks=6)
EXIT = INTENSIVE_START + dt.timedelta(weeks=28)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _first(tree: QTreeWidget) -> QTreeWidgetItem:
    item = tree.topLevelItem(0)
    assert item is not None
    return item


def _shell(window: MainWindow) -> Shell | None:
    return window.shell  # read afresh: mypy would keep an earlier narrowing of the property


def _submit_passphrase(qtbot: QtBot, window: MainWindow, *, twice: bool) -> Store:
    dialog = window.unlock_dialog
    assert dialog is not None
    passphrase, repeat = dialog.findChild(QLineEdit, "passphrase"), dialog.findChild(QLineEdit, "repeat")
    submit = dialog.findChild(QPushButton, "submit")
    assert passphrase is not None and repeat is not None and submit is not None
    QTest.keyClicks(passphrase, PASSPHRASE)
    if twice:
        QTest.keyClicks(repeat, PASSPHRASE)
    with qtbot.waitSignal(window.unlocked, timeout=20_000):
        QTest.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert window.workspace is not None
    return window.workspace.store


def _new_participant(qtbot: QtBot, window: MainWindow) -> ParticipantRecord:
    dialog = window.new_participant()
    assert isinstance(dialog, NewParticipantDialog)
    dialog.given_name.setText("Saba")
    dialog.family_name.setText("Gebremedhin")
    dialog.primary_language.setText("ti")
    dialog.interpreter_needed.setChecked(True)
    dialog.interpreter_language.setText("ti")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    assert window.shell is not None
    shell = window.shell
    qtbot.waitUntil(lambda: len(shell.open_records) == 1, timeout=10_000)
    record = next(iter(shell.open_records.values()))
    qtbot.waitUntil(record.plan_actions.enrol_button.isEnabled, timeout=10_000)
    return record


def _save(qtbot: QtBot, dialog: object, record: ParticipantRecord) -> None:
    with qtbot.waitSignal(record.loaded, timeout=10_000):
        dialog.save_button.click()  # type: ignore[attr-defined]


def _attendance_from_today(qtbot: QtBot, window: MainWindow) -> None:
    assert window.shell is not None
    window.show_view(View.TODAY)
    today = window.shell.today
    with qtbot.waitSignal(today.loaded, timeout=10_000):
        today.show_week(IsoWeek.of(START + dt.timedelta(weeks=1)))
    meetings = [e for e in today.model.entries if e.participant_name.endswith("Gebremedhin")
                and e.kind is EntryKind.ACTIVITY and e.minutes]
    assert meetings, "the participant's meetings of plan week 2 are on the Today list"
    today.select_entry(meetings[0])
    today.record_current()
    dialog = today.dialog
    assert isinstance(dialog, AttendanceDialog)
    dialog.field("attended_minutes").setValue(meetings[0].minutes)  # type: ignore[attr-defined]
    with qtbot.waitSignal(today.recorded, timeout=10_000):
        dialog.save_button.click()


def _plan(qtbot: QtBot, record: ParticipantRecord) -> None:
    enrol = record.plan_actions.enrol()
    assert isinstance(enrol, EnrolDialog)
    enrol.start.setDate(_qdate(START))
    _save(qtbot, enrol, record)
    qtbot.waitUntil(record.plan_actions.assess_button.isEnabled, timeout=10_000)


def _assessment(qtbot: QtBot, record: ParticipantRecord) -> None:
    dialog = record.plan_actions.assess()
    assert isinstance(dialog, AssessmentDialog)
    dialog.assessed_on.setDate(_qdate(START + dt.timedelta(weeks=3, days=4)))
    for combo in dialog.ratings.values():
        combo.setCurrentIndex(combo.findData(3))
    dialog.decision.setCurrentIndex(dialog.decision.findData(AssessmentDecision.CONTINUE_INTENSIVE.value))
    dialog.intensive_start.setDate(_qdate(INTENSIVE_START))
    assert dialog.intensive_weeks.value() == 28
    _save(qtbot, dialog, record)


def _goals(qtbot: QtBot, record: ParticipantRecord) -> None:
    goals = record.goals
    record.tabs.setCurrentWidget(goals)
    goals.title_field.setText("Arbete inom vården")
    with qtbot.waitSignal(record.loaded, timeout=10_000):
        goals.add_button.click()
    goals.tree.setCurrentItem(_first(goals.tree))
    goals.title_field.setText("Körkort B")
    with qtbot.waitSignal(record.loaded, timeout=10_000):
        goals.add_sub_goal_button.click()


def _placement(qtbot: QtBot, record: ParticipantRecord, store: Store) -> None:
    employers = EmployerService(store)
    shop = employers.create({"name": "Vårdcentralen i Krokom", "org_number": "556036-0793"})
    supervisor = employers.add_contact(shop.id, {"name": "Eva Handledare", "is_supervisor": True})
    view = record.placements
    record.tabs.setCurrentWidget(view)
    form = view.form
    form.search.editor.setText("vård")
    qtbot.waitUntil(lambda: form.employer.editor.currentData() == shop.id, timeout=10_000)
    form.kind.editor.setCurrentIndex(form.kind.editor.findData(PlacementKind.INTERNSHIP.value))
    form.start.editor.setText(PLACEMENT_START.isoformat())
    form.end.editor.setText((PLACEMENT_START + dt.timedelta(weeks=7, days=4)).isoformat())
    form.hours.editor.setText("20")
    qtbot.waitUntil(lambda: form.supervisor.editor.findData(supervisor.id) >= 0, timeout=10_000)
    form.supervisor.editor.setCurrentIndex(form.supervisor.editor.findData(supervisor.id))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        form.add_button.click()
    assert view.placements.topLevelItemCount() == 1
    view.placements.setCurrentItem(_first(view.placements))
    qtbot.waitUntil(lambda: view.follow_ups.topLevelItemCount() > 0, timeout=10_000)
    view.follow_ups.setCurrentItem(_first(view.follow_ups))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.record_button.click()


def _exit_and_day_90(qtbot: QtBot, record: ParticipantRecord) -> None:
    view = record.exit
    record.tabs.setCurrentWidget(view)
    view.exit_date_field.setText(EXIT.isoformat())
    view.destination_field.setCurrentIndex(view.destination_field.findData(Destination.WORK.value))
    with dialogs.answered(True), qtbot.waitSignal(record.loaded, timeout=10_000):
        view.record_exit_button.click()
    done_on, outcome, improved = view.follow_up_fields
    done_on.setText(TODAY.isoformat())
    outcome.setCurrentIndex(outcome.findData(Destination.WORK.value))
    improved.setCurrentIndex(improved.findData("yes"))
    with qtbot.waitSignal(record.loaded, timeout=10_000):
        view.record_follow_up_button.click()


def _check_stored(store: Store) -> None:
    with store.session() as session:
        person = session.scalars(select(Participant)).one()
        assert (person.interpreter_needed, person.interpreter_language) == (True, "ti")
        assert person.status is ParticipantStatus.EXITED
        enrolments = {e.programme: e for e in session.scalars(select(Enrollment))}
        assert enrolments[Programme.INTRODUCTION].status is EnrollmentStatus.COMPLETED
        assert enrolments[Programme.INTENSIVE].length_weeks == 28
        attended = session.scalars(select(Activity).where(Activity.status == ActivityStatus.DONE)).all()
        assert len(attended) == 1
        goals = session.scalars(select(Goal)).all()
        assert len(goals) == 2 and sum(g.parent_id is not None for g in goals) == 1
        assert session.scalars(select(Placement)).one().hours_per_week == 20
        visits = session.scalars(select(FollowUp).where(FollowUp.kind == FollowUpKind.WORKPLACE_VISIT,
                                                        FollowUp.done_on.is_not(None))).all()
        assert len(visits) == 1
        day_90 = session.scalars(select(FollowUp).where(FollowUp.kind == FollowUpKind.DAY_90)).one()
        assert (day_90.done_on, day_90.outcome, day_90.chances_improved) == (TODAY, Destination.WORK, True)


def test_a_participants_whole_journey(qtbot: QtBot, data_dir: Path, runner: TaskRunner,
                                      preferences: Preferences, opened_stores: list[Store]) -> None:
    window = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                        preferences=preferences, kdf=FAST_KDF)
    qtbot.add_widget(window)
    window.show()
    window.show_unlock()
    assert window.unlock_dialog is not None and window.unlock_dialog.creating
    store = _submit_passphrase(qtbot, window, twice=True)

    record = _new_participant(qtbot, window)
    _plan(qtbot, record)
    _attendance_from_today(qtbot, window)
    _assessment(qtbot, record)
    _goals(qtbot, record)
    _placement(qtbot, record, store)
    _exit_and_day_90(qtbot, record)
    _check_stored(store)
    ParticipantService(store).create({"given_name": "Anna", "family_name": "Berg"})  # the search must narrow

    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock()
    # The record window and every decrypted view went with the lock.
    assert window.shell is None and window.workspace is None
    qtbot.waitUntil(lambda: not any(isinstance(w, ParticipantRecord) for w in QApplication.topLevelWidgets()))
    qtbot.waitUntil(lambda: window.unlock_dialog is not None and window.unlock_dialog.isVisible())
    opened_stores.append(_submit_passphrase(qtbot, window, twice=False))

    shell = _shell(window)
    assert shell is not None
    window.show_view(View.CASELOAD)
    caseload = shell.caseload
    QTest.keyClicks(caseload.search_field, "gebremed")
    # The first page of the whole list may arrive first: wait for the search's own answer.
    qtbot.waitUntil(lambda: caseload.model.query == "gebremed" and not caseload.model.fetching
                    and caseload.model.rowCount() == 1, timeout=10_000)
    assert caseload.model.participant(0).family_name == "Gebremedhin"
    caseload.search_field.clear()
    qtbot.waitUntil(lambda: caseload.model.query == "" and caseload.model.rowCount() == 2, timeout=10_000)
