"""The Plan tab's dialogs through real widgets: enrol, assessment, length, pause, discontinue."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from coachdesk.models import Assessment, Enrollment, Pause
from coachdesk.models.enums import AssessmentDecision, EnrollmentStatus, Programme
from coachdesk.services.record_snapshot import read_plan
from coachdesk.services.templates import TemplateLibrary
from coachdesk.ui.form_dialog import FormDialog
from coachdesk.ui.record.plan_actions import PlanActions
from coachdesk.ui.record.plan_dialogs import AssessmentDialog, EnrolDialog
from coachdesk.ui.tasks import TaskRunner
from tests.ui.test_accessibility import _buddy_labels_have_mnemonics, _unnamed_controls
from tests.ui.test_record_support import START, Services, participant_id, services

__all__ = ["participant_id", "services"]  # fixtures

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def actions(qtbot: QtBot, services: Services, runner: TaskRunner, participant_id: str) -> PlanActions:
    widget = PlanActions(plans=services.plans, templates=TemplateLibrary.load(), runner=runner,
                         participant_id=participant_id, today=lambda: TODAY)
    qtbot.add_widget(widget)
    widget.show()
    widget.changed.connect(lambda: widget.show_plan(read_plan(services.store, participant_id)))
    return widget


def _save(qtbot: QtBot, dialog: FormDialog, *, ok: bool = True) -> None:
    button = dialog.save_button
    if ok:
        with qtbot.wait_signal(dialog.saved, timeout=10_000):
            button.click()
    else:
        button.click()
        qtbot.waitUntil(button.isEnabled, timeout=10_000)


def _count(services: Services, model: type) -> int:
    with services.store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _set(edit: object, day: dt.date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))  # type: ignore[attr-defined]


def test_enrol_assess_and_continue_to_a_28_week_plan(qtbot: QtBot, actions: PlanActions,
                                                     services: Services, participant_id: str) -> None:
    assert actions.enrol_button.isEnabled() and not actions.assess_button.isEnabled()
    dialog = actions.enrol()
    assert isinstance(dialog, EnrolDialog)
    assert dialog.length.value() == 4
    _set(dialog.start, START)
    _save(qtbot, dialog)
    qtbot.waitUntil(actions.assess_button.isEnabled)
    assert not actions.enrol_button.isEnabled()

    assessment = actions.assess()
    assert isinstance(assessment, AssessmentDialog)
    _set(assessment.assessed_on, dt.date(2026, 11, 26))
    for combo in list(assessment.ratings.values())[:-1]:
        combo.setCurrentIndex(3)
    _save(qtbot, assessment, ok=False)  # one dimension left unrated
    assert assessment.error_for("motivation")
    assert _count(services, Assessment) == 0

    list(assessment.ratings.values())[-1].setCurrentIndex(4)
    assessment.notes["motivation"].setText("Vill börja arbeta")
    assessment.decision.setCurrentIndex(
        assessment.decision.findData(AssessmentDecision.CONTINUE_INTENSIVE.value))
    assert assessment.intensive_weeks.value() == 28
    _save(qtbot, assessment)
    with services.store.session() as session:
        programmes = {e.programme: e for e in session.scalars(select(Enrollment))}
    assert programmes[Programme.INTENSIVE].length_weeks == 28
    assert programmes[Programme.INTRODUCTION].status is EnrollmentStatus.COMPLETED
    qtbot.waitUntil(lambda: not actions.assess_button.isEnabled())
    assert actions.open_enrollment is not None and actions.open_enrollment.programme is Programme.INTENSIVE


def test_length_pause_and_discontinue(qtbot: QtBot, actions: PlanActions, services: Services,
                                      participant_id: str) -> None:
    services.plans.enrol(participant_id, Programme.INTENSIVE, START)
    actions.show_plan(read_plan(services.store, participant_id))
    length = actions.change_length()
    assert length is not None
    length.weeks.setValue(30)  # type: ignore[attr-defined]
    _save(qtbot, length)
    pause = actions.pause()
    assert pause is not None
    _set(pause.start, START - dt.timedelta(days=30))  # type: ignore[attr-defined]
    _save(qtbot, pause, ok=False)  # before the plan began
    assert pause.error_for("start_date")
    assert _count(services, Pause) == 0
    _set(pause.start, TODAY)  # type: ignore[attr-defined]
    _save(qtbot, pause)
    assert _count(services, Pause) == 1
    qtbot.waitUntil(lambda: actions.dialog is None)
    discontinue = actions.discontinue()
    assert discontinue is not None
    _save(qtbot, discontinue, ok=False)  # no reason given
    assert discontinue.error_for("end_reason")
    discontinue.reason.setPlainText("Flyttade till annan kommun")  # type: ignore[attr-defined]
    _save(qtbot, discontinue)
    with services.store.session() as session:
        enrollment = session.scalars(select(Enrollment)).one()
    assert (enrollment.length_weeks, enrollment.status) == (30, EnrollmentStatus.DISCONTINUED)
    qtbot.waitUntil(actions.enrol_button.isEnabled)


def test_every_field_is_labelled_with_a_mnemonic(qtbot: QtBot, actions: PlanActions, services: Services,
                                                 participant_id: str) -> None:
    services.plans.enrol(participant_id, Programme.INTRODUCTION, START)
    actions.show_plan(read_plan(services.store, participant_id))
    for open_dialog in (actions.assess, actions.change_length, actions.pause, actions.discontinue):
        dialog = open_dialog()
        assert dialog is not None
        assert _unnamed_controls(dialog) == [], type(dialog).__name__
        assert _buddy_labels_have_mnemonics(dialog) == [], type(dialog).__name__
        mnemonics = [label.text().lower().split("&")[1][0] for label in dialog.findChildren(QLabel)
                     if label.buddy() is not None and "&" in label.text()]
        assert len(mnemonics) == len(set(mnemonics)), type(dialog).__name__
        dialog.reject()
