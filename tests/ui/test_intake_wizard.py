"""The intake wizard: questions in two languages, the interpreter view following, one save at the end."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from coachdesk import i18n
from coachdesk.models import InterpreterSession, Participant
from coachdesk.services import intake_catalog
from coachdesk.services.interpreting import InterpreterService
from coachdesk.services.participants import ParticipantService
from coachdesk.ui.intake_wizard.interpreter_view import InterpreterView
from coachdesk.ui.intake_wizard.wizard import IntakeWizard
from coachdesk.ui.tasks import TaskRunner
from tests.ui.test_accessibility import _buddy_labels_have_mnemonics, _unnamed_controls


def _wizard(qtbot: QtBot, participants: ParticipantService, runner: TaskRunner, pid: str) -> IntakeWizard:
    wizard = IntakeWizard(participants=participants, interpreting=InterpreterService(participants._store),
                          runner=runner, participant_id=pid)
    qtbot.add_widget(wizard)
    wizard.show()
    qtbot.waitUntil(wizard.isEnabled, timeout=10_000)
    return wizard


def _pid(participants: ParticipantService) -> str:
    return participants.create({"given_name": "Selam", "family_name": "Tesfay", "interpreter_needed": True,
                                "interpreter_language": "ti"}).id


def test_questions_show_in_the_coachs_and_the_participants_language(
    qtbot: QtBot, participants: ParticipantService, runner: TaskRunner
) -> None:
    wizard = _wizard(qtbot, participants, runner, _pid(participants))
    assert wizard.participant_language == "ti"  # from the interpreter language
    row = wizard.rows["given_name"]
    assert row.coach_text.text() == intake_catalog.texts("en")["identity.given_name.ask"]
    assert row.participant_text.text() == intake_catalog.texts("ti")["identity.given_name.ask"]
    assert row.participant_text.text() != row.coach_text.text()
    wizard.set_participant_language("ar")
    assert row.participant_text.text() == intake_catalog.texts("ar")["identity.given_name.ask"]
    assert row.participant_text.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert row.coach_text.layoutDirection() == Qt.LayoutDirection.LeftToRight
    # Every page: controls named, mnemonics unique within what is on screen.
    for index, page in enumerate(wizard.pages):
        wizard.go_to(index)
        assert _unnamed_controls(wizard) == [], page.section.id
        assert _buddy_labels_have_mnemonics(wizard) == [], page.section.id


def test_the_interpreter_view_follows_the_question_and_shows_nothing_else(
    qtbot: QtBot, participants: ParticipantService, runner: TaskRunner
) -> None:
    pid = _pid(participants)
    wizard = _wizard(qtbot, participants, runner, pid)
    wizard.open_interpreter_view()  # the session is booked on the database thread first
    qtbot.waitUntil(lambda: wizard.interpreter_window is not None, timeout=10_000)
    view = wizard.interpreter_window
    assert isinstance(view, InterpreterView)
    qtbot.add_widget(view)
    assert view.isWindow() and view.isVisible()
    wizard.activateWindow()  # the coach goes back to the wizard; the view stays on its screen
    qtbot.waitUntil(wizard.isActiveWindow)
    wizard.rows["phone"].editor.setFocus()
    qtbot.waitUntil(lambda: wizard.question == "identity.phone")
    ti = intake_catalog.texts("ti")
    assert view.ask.text() == ti["identity.phone.ask"]
    assert view.explain.text() == ti["identity.phone.explain"]
    # Larger than the app's text, derived from it.
    assert view.font().pointSizeF() > QApplication.font().pointSizeF() * 1.5
    # Nothing of the record: no name, no personnummer, no field values anywhere in the window.
    shown = " ".join(label.text() for label in view.findChildren(QLabel))
    assert "Selam" not in shown and "Tesfay" not in shown
    assert not view.findChildren(QLineEdit) and not view.findChildren(QPlainTextEdit)
    # The session is recorded, in the participant's language.
    with participants._store.session() as session:
        sessions = session.query(InterpreterSession).filter_by(participant_id=pid).all()
        assert [(s.language, s.purpose.value) for s in sessions] == [("ti", "intake")]
    wizard.set_participant_language("ar")  # another interpreter: a new session, booked on the database thread
    arabic = intake_catalog.texts("ar")["identity.phone.ask"]
    qtbot.waitUntil(lambda: view.ask.text() == arabic, timeout=10_000)
    assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    wizard.reject()
    assert not view.isVisible()


def test_finish_saves_every_answer_and_the_consent_in_the_participants_language(
    qtbot: QtBot, participants: ParticipantService, runner: TaskRunner
) -> None:
    pid = _pid(participants)
    wizard = _wizard(qtbot, participants, runner, pid)
    city = wizard.rows["city"].editor
    assert isinstance(city, QLineEdit)
    city.setText("Östersund")
    dreams = wizard.rows["dreams"].editor
    assert isinstance(dreams, QPlainTextEdit)
    dreams.setPlainText("Kock")
    consent = wizard.rows["consent_given"].editor
    assert isinstance(consent, QCheckBox)
    consent.setChecked(True)
    wizard.go_to(len(wizard.pages) - 1)
    assert wizard.button("finish").isVisible() and not wizard.button("next").isVisible()
    with qtbot.waitSignal(wizard.saved, timeout=10_000):
        wizard.button("finish").click()
    stored = participants.get(pid)
    assert (stored.city, stored.dreams) == ("Östersund", "Kock")
    assert stored.consent_given_on == dt.date.today() and stored.consent_language == "ti"


def test_bad_input_goes_back_to_its_page_and_saves_nothing(
    qtbot: QtBot, participants: ParticipantService, runner: TaskRunner
) -> None:
    pid = _pid(participants)
    wizard = _wizard(qtbot, participants, runner, pid)
    personnummer = wizard.rows["personnummer"].editor
    assert isinstance(personnummer, QLineEdit)
    personnummer.setText("19900101-0000")  # wrong check digit
    city = wizard.rows["city"].editor
    assert isinstance(city, QLineEdit)
    city.setText("Östersund")
    wizard.go_to(len(wizard.pages) - 1)
    wizard.button("finish").click()
    qtbot.waitUntil(wizard.rows["personnummer"].field.error.isVisible, timeout=10_000)
    assert wizard.page_index == 0 and wizard.isVisible()
    with participants._store.session() as session:
        stored = session.get(Participant, pid)
        assert stored is not None and stored.city is None


def test_the_wizard_retranslates_live(
    qtbot: QtBot, participants: ParticipantService, runner: TaskRunner
) -> None:
    wizard = _wizard(qtbot, participants, runner, _pid(participants))
    english = wizard.button("next").text()
    try:
        i18n.set_language("sv")
        wizard.retranslate()
        assert wizard.button("next").text() != english
        assert wizard.rows["given_name"].coach_text.text() == intake_catalog.texts("sv")[
            "identity.given_name.ask"]
    finally:
        i18n.set_language("en")




def test_the_consent_and_the_summary_print_in_the_participants_language(
    qtbot: QtBot, participants: ParticipantService, runner: TaskRunner, tmp_path: Path
) -> None:
    from coachdesk.ui.record.intake import IntakeForm
    from coachdesk.ui.record.participant_documents import _consent, _summary

    pid = participants.create({"given_name": "Selam", "family_name": "Tesfay",
                               "personnummer": "19900101-0017", "interpreter_needed": True,
                               "interpreter_language": "ar"}).id
    form = IntakeForm(participants=participants, runner=runner, participant_id=pid,
                      interpreting=InterpreterService(participants._store))
    qtbot.add_widget(form)
    for name, render in (("consent.pdf", _consent), ("summary.pdf", _summary)):
        target = tmp_path / name
        form.documents.save_to(target, render)
        qtbot.waitUntil(target.exists, timeout=20_000)
        qtbot.waitUntil(lambda: form.status_text == "The PDF was saved.", timeout=20_000)
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "19900101-0017" in text
        assert any("\u0600" <= ch <= "\u06ff" or "\ufe70" <= ch <= "\ufeff" for ch in text)  # Arabic
    bad = tmp_path / "missing-folder" / "x.pdf"
    form.documents.save_to(bad, _consent)
    qtbot.waitUntil(lambda: "could not be saved" in form.status_text, timeout=20_000)
    assert not bad.exists()
