from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from coachdesk.formatting import LRI, PDI
from coachdesk.models.enums import EducationLevel
from coachdesk.services.record_snapshot import read_snapshot
from coachdesk.ui import dialogs
from coachdesk.ui.record.intake_fields import FIELD_NAMES
from tests.ui.conftest import personnummer
from tests.ui.test_record_support import BORN, OpenRecord, Services, open_record, participant_id, services

__all__ = ["open_record", "participant_id", "services"]  # fixtures


def _line(record_form: object, name: str) -> QLineEdit:
    editor = record_form.editor(name)  # type: ignore[attr-defined]
    assert isinstance(editor, QLineEdit)
    return editor


def test_the_record_shows_the_participant_on_overview_and_intake(
    open_record: OpenRecord, participant_id: str
) -> None:
    record = open_record(participant_id)
    assert record.overview.value_text("name") == "Hodan Warsame"
    assert record.overview.value_text("personnummer") == f"{LRI}{personnummer(BORN, 123)}{PDI}"
    assert record.overview.value_text("status") == "Referred"
    assert record.overview.value_text("programme") == "Not enrolled"
    form = record.intake
    assert _line(form, "city").text() == "Krokom"
    assert _line(form, "phone").text() == "+46701234567"
    assert _line(form, "birth_date").text() == "1990-05-17"
    interpreter = form.editor("interpreter_needed")
    assert isinstance(interpreter, QCheckBox) and interpreter.isChecked()
    dreams = form.editor("dreams")
    assert isinstance(dreams, QPlainTextEdit) and dreams.toPlainText() == "Att arbeta som undersköterska."
    assert not form.is_dirty


def test_the_intake_form_has_an_editor_for_every_participant_field(
    open_record: OpenRecord, participant_id: str
) -> None:
    record = open_record(participant_id)
    managed_elsewhere = {"status", "coach_id"}  # enrolment, exit and reassignment change these
    from coachdesk.services.participants import FIELDS

    assert set(FIELD_NAMES) == set(FIELDS) - managed_elsewhere
    assert all(record.intake.editor(name).accessibleName() for name in FIELD_NAMES)


def test_a_bad_field_shows_its_message_beside_it_and_nothing_is_saved(
    qtbot: QtBot, open_record: OpenRecord, participant_id: str, services: Services,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    record = open_record(participant_id)
    form = record.intake
    _line(form, "city").setText("Östersund")
    _line(form, "email").setText("hodan@")
    _line(form, "postal_code").setText("12")
    with qtbot.waitSignal(form.save_failed, timeout=10_000):
        form.save_button.click()

    assert form.error_text("email") == "Error: The e-mail address is not valid."
    assert "five digits" in form.error_text("postal_code")
    assert form.error_text("city") == ""
    assert form.editor("email").accessibleDescription() == "The e-mail address is not valid."
    assert form.status_text.startswith("Nothing was saved")
    assert form.is_dirty  # the coach's edits stay, to be corrected
    stored = services.participants.get(participant_id)
    assert (stored.city, stored.email, stored.postal_code) == ("Krokom", None, None)
    assert "Hodan" not in caplog.text and "hodan@" not in caplog.text and "Krokom" not in caplog.text


def test_a_personnummer_that_disagrees_with_the_birth_date_is_refused_beside_the_date(
    qtbot: QtBot, open_record: OpenRecord, participant_id: str, services: Services
) -> None:
    record = open_record(participant_id)
    _line(record.intake, "birth_date").setText("1991-01-01")
    with qtbot.waitSignal(record.intake.save_failed, timeout=10_000):
        record.intake.save_button.click()
    assert "does not match" in record.intake.error_text("birth_date")
    assert services.participants.get(participant_id).birth_date == BORN


def test_a_valid_edit_is_saved_and_the_overview_follows(
    qtbot: QtBot, open_record: OpenRecord, participant_id: str, services: Services
) -> None:
    record = open_record(participant_id)
    form = record.intake
    _line(form, "given_name").setText("Hodan Ali")
    education = form.editor("education_level")
    assert isinstance(education, QComboBox)
    education.setCurrentIndex(education.findData(EducationLevel.UPPER_SECONDARY.value))
    interpreter = form.editor("interpreter_needed")
    assert isinstance(interpreter, QCheckBox)
    interpreter.setChecked(False)
    with qtbot.waitSignals([record.participant_saved, record.loaded], timeout=10_000):
        form.save_button.click()

    stored = services.participants.get(participant_id)
    assert stored.given_name == "Hodan Ali"
    assert stored.education_level is EducationLevel.UPPER_SECONDARY
    assert stored.interpreter_needed is False
    assert stored.city == "Krokom"  # untouched fields are not sent
    assert not form.is_dirty
    assert form.status_text == "Saved."
    assert record.overview.value_text("name") == "Hodan Ali Warsame"


def test_leaving_with_unsaved_edits_asks_first(open_record: OpenRecord, participant_id: str) -> None:
    record = open_record(participant_id)
    assert record.confirm_leave()  # nothing edited: no prompt (an unexpected one would fail the test)
    _line(record.intake, "city").setText("Östersund")
    record.tabs.setCurrentWidget(record.journal)

    with dialogs.answered(False) as prompts:
        assert not record.confirm_leave()
    assert [p.title for p in prompts] == ["Unsaved changes"]
    assert record.tabs.currentWidget() is record.intake  # back to the edits
    assert _line(record.intake, "city").text() == "Östersund"

    with dialogs.answered(True):
        assert record.confirm_leave()
    assert _line(record.intake, "city").text() == "Krokom"
    assert not record.has_unsaved_changes


def test_closing_the_record_with_edits_can_be_refused(open_record: OpenRecord, participant_id: str) -> None:
    record = open_record(participant_id)
    _line(record.intake, "city").setText("Östersund")
    with dialogs.answered(False):
        assert not record.close()
    assert record.isVisible()


def test_the_snapshot_reads_on_the_database_thread_only_what_the_record_shows(
    services: Services, participant_id: str
) -> None:
    snapshot = read_snapshot(services.store, services.participants, services.goals, participant_id)
    assert snapshot.participant.id == participant_id
    assert snapshot.plan.enrollments == () and snapshot.goals == ()
