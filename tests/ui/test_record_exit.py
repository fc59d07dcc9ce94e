from __future__ import annotations

from pytestqt.qtbot import QtBot

from coachdesk.formatting import iso_date
from coachdesk.models.enums import Destination, ParticipantStatus, Programme
from coachdesk.ui import dialogs
from tests.ui.test_record_support import START, OpenRecord, Services, open_record, participant_id, services

__all__ = ["open_record", "participant_id", "services"]  # fixtures


def test_an_exit_is_recorded_after_a_question_and_the_90_day_follow_up_appears(
    qtbot: QtBot, open_record: OpenRecord, participant_id: str, services: Services
) -> None:
    services.plans.enrol(participant_id, Programme.INTRODUCTION, START)
    record = open_record(participant_id)
    view = record.exit
    assert view.exit_text == "The participant has not exited."
    view.exit_date_field.setText("2026-11-20")
    view.destination_field.setCurrentIndex(view.destination_field.findData(Destination.WORK.value))

    with dialogs.answered(False):
        view.record_exit_button.click()
    assert services.participants.get(participant_id).status is ParticipantStatus.INTRODUCTION

    with dialogs.answered(True), qtbot.waitSignal(record.loaded, timeout=10_000):
        view.record_exit_button.click()
    assert view.exit_text == f"Exited on {iso_date(START.replace(day=20))} to: Work."
    assert view.follow_up_text.startswith("Due on ")
    assert "not yet done" in view.follow_up_text
    assert record.overview.value_text("status") == "Exited"
    assert services.participants.get(participant_id).status is ParticipantStatus.EXITED


def test_an_exit_date_in_the_wrong_form_is_refused_beside_the_field(
    qtbot: QtBot, open_record: OpenRecord, participant_id: str, services: Services
) -> None:
    record = open_record(participant_id)
    view = record.exit
    view.exit_date_field.setText("20 november")
    with dialogs.answered(True):
        view.record_exit_button.click()
    qtbot.waitUntil(lambda: view.exit_date_field.accessibleDescription() != "", timeout=10_000)
    assert view.exit_date_field.accessibleDescription() == "Write the date as YYYY-MM-DD."
    assert services.participants.get(participant_id).status is ParticipantStatus.REFERRED
