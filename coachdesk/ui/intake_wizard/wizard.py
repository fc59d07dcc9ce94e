"""The intake wizard (K2's Resursbank, Navigator's mapping): every intake question, page by page.

Each question shows in the coach's language beside the participant's; the interpreter view on a second
screen follows the question the coach is on. Answers are saved together at the end through the same
participant service as the intake form, so the same rules refuse bad input and nothing half-saves.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coachdesk.errors import ValidationError
from coachdesk.formatting import language_name
from coachdesk.i18n import _, current_language
from coachdesk.models import Participant
from coachdesk.services import intake_catalog
from coachdesk.services.interpreting import InterpreterService
from coachdesk.services.participants import ParticipantService
from coachdesk.ui import dialogs
from coachdesk.ui.announce import announce
from coachdesk.ui.intake_wizard.answers import changed_fields
from coachdesk.ui.intake_wizard.interpreter_link import InterpreterLink
from coachdesk.ui.intake_wizard.interpreter_view import InterpreterView
from coachdesk.ui.intake_wizard.page import SectionPage
from coachdesk.ui.intake_wizard.question import CONSENT, QuestionRow
from coachdesk.ui.record.intake_fields import Raw, to_raw
from coachdesk.ui.tasks import TaskRunner


class IntakeWizard(QDialog):
    """Signals:
        current_question(str): the key of the question the coach is on ("" between questions).
        participant_language_changed(str): the language shown to the participant.
        saved(object): the participant as stored after Finish.
    """

    current_question = Signal(str)
    participant_language_changed = Signal(str)
    saved = Signal(object)

    def __init__(self, *, participants: ParticipantService, interpreting: InterpreterService,
                 runner: TaskRunner, participant_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._participants, self._interpreting, self._runner = participants, interpreting, runner
        self._participant_id = participant_id
        self._baseline: dict[str, Raw] = {}
        self._question = ""

        self._language = QComboBox()
        for code in intake_catalog.catalog_languages():
            self._language.addItem(code, code)
        self._language_label = QLabel()
        self._language_label.setBuddy(self._language)
        self._language.currentIndexChanged.connect(self._on_language_chosen)
        self._interpreter = QPushButton()
        self._interpreter.clicked.connect(self.open_interpreter_view)
        top = QHBoxLayout()
        top.addWidget(self._language_label)
        top.addWidget(self._language, 1)
        top.addWidget(self._interpreter)

        self._pages = QStackedWidget()
        self.pages = [SectionPage(section) for section in intake_catalog.sections()]
        for page in self.pages:
            self._pages.addWidget(page)
        self.rows: dict[str, QuestionRow] = {
            row.question.field: row for page in self.pages for row in page.rows}

        self._step = QLabel()
        self._status = QLabel()
        self._status.setWordWrap(True)
        self._status.setTextFormat(Qt.TextFormat.PlainText)
        self._link = InterpreterLink(interpreting=interpreting, runner=runner, participant_id=participant_id,
                                     question=lambda: self._question,
                                     say=self._status.setText, parent=self)
        self.current_question.connect(self._link.show_question)
        self.participant_language_changed.connect(self._link.language_changed)
        self.finished.connect(self._link.close)
        self._back, self._next, self._finish, self._cancel = (QPushButton() for _i in range(4))
        self._back.clicked.connect(lambda: self.go_to(self._pages.currentIndex() - 1))
        self._next.clicked.connect(lambda: self.go_to(self._pages.currentIndex() + 1))
        self._finish.clicked.connect(self.finish)
        self._cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self._step)
        buttons.addWidget(self._status, 1)
        for button in (self._back, self._next, self._finish, self._cancel):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._pages, 1)
        layout.addLayout(buttons)

        QApplication.instance().focusChanged.connect(self._on_focus)  # type: ignore[union-attr]
        self.setEnabled(False)  # until the participant is loaded
        self.retranslate()
        self.go_to(0)
        runner.run_db(lambda: participants.get(participant_id), on_done=self._on_loaded,
                      on_error=self._on_load_error, context=self)

    # -- what tests and the interpreter view read -----------------------------------------------------

    @property
    def participant_language(self) -> str:
        return str(self._language.currentData())

    def set_participant_language(self, code: str) -> None:
        index = self._language.findData(code)
        if index < 0:  # a language without its own questions: Dari's fallback, or English
            index = self._language.findData(code.split("_", maxsplit=1)[0])
        self._language.setCurrentIndex(index if index >= 0 else self._language.findData("en"))

    @property
    def page_index(self) -> int:
        return self._pages.currentIndex()

    @property
    def status_text(self) -> str:
        return self._status.text()

    def button(self, name: str) -> QPushButton:
        return {"back": self._back, "next": self._next, "finish": self._finish, "cancel": self._cancel,
                "interpreter": self._interpreter}[name]

    @property
    def interpreter_window(self) -> InterpreterView | None:
        return self._link.window

    # -- navigation -----------------------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        index = max(0, min(index, len(self.pages) - 1))
        self._pages.setCurrentIndex(index)
        last = index == len(self.pages) - 1
        self._back.setEnabled(index > 0)
        self._next.setVisible(not last)
        self._finish.setVisible(last)
        self._step.setText(_("Page {page} of {pages}").format(page=index + 1, pages=len(self.pages)))
        first = next((row for row in self.pages[index].rows), None)
        if first is not None and self.isEnabled():
            first.editor.setFocus()

    def _on_focus(self, _old: QWidget | None, now: QWidget | None) -> None:
        for row in self.rows.values():
            if now is not None and (now is row.editor or row.isAncestorOf(now)):
                self._set_question(row.question.key)
                return

    def _set_question(self, key: str) -> None:
        if key != self._question:
            self._question = key
            self.current_question.emit(key)

    @property
    def question(self) -> str:
        return self._question

    # -- the interpreter view -------------------------------------------------------------------------

    def open_interpreter_view(self) -> None:
        self._link.open(self.participant_language)

    # -- loading and saving ---------------------------------------------------------------------------

    def _on_loaded(self, participant: Participant) -> None:
        for name, row in self.rows.items():
            if name == CONSENT.name:
                row.field.set_value(participant.consent_given_on is not None)
            else:
                row.field.set_value(to_raw(row.field.spec.kind, getattr(participant, name)))
        self._baseline = self.values()
        self.set_participant_language(
            participant.interpreter_language or participant.primary_language or "sv")
        self._on_language_chosen()
        self.setEnabled(True)
        self.go_to(self._pages.currentIndex())

    def _on_load_error(self, exc: Exception) -> None:
        self._status.setText(dialogs.error_text(exc))

    def values(self) -> dict[str, Raw]:
        return {name: row.field.value() for name, row in self.rows.items()}

    def changes(self) -> dict[str, object]:
        return changed_fields(self.values(), self._baseline, language=self.participant_language,
                              today=dt.date.today())

    def finish(self) -> None:
        for row in self.rows.values():
            row.field.set_error(None)
        fields = self.changes()
        if not fields:
            self.accept()
            return
        service, participant_id = self._participants, self._participant_id
        self._finish.setEnabled(False)
        self._status.setText(_("Saving…"))
        self._runner.run_db(lambda: service.update(participant_id, fields), on_done=self._on_saved,
                            on_error=self._on_save_error, context=self)

    def _on_saved(self, participant: Participant) -> None:
        self._finish.setEnabled(True)
        self._status.setText(_("Saved."))
        announce(self._status, self._status.text())  # before the wizard closes and the label is gone
        self.saved.emit(participant)
        self.accept()

    def _on_save_error(self, exc: Exception) -> None:
        self._finish.setEnabled(True)
        if not isinstance(exc, ValidationError):
            self._status.setText(dialogs.error_text(exc))
            return
        aliases = {"consent_given_on": CONSENT.name, "consent_language": CONSENT.name}
        marked = []
        for name, message in exc.errors.items():
            row = self.rows.get(aliases.get(name, name))
            if row is not None:
                row.field.set_error(message)
                marked.append(row)
        self._status.setText(_("Nothing was saved: correct the marked fields."))
        announce(self._status, self._status.text(), assertive=True)
        if marked:
            page = next(i for i, p in enumerate(self.pages) if any(r in p.rows for r in marked))
            self.go_to(page)
            first = next(r for r in self.pages[page].rows if r in marked)
            first.editor.setFocus()
            self.pages[page].ensureWidgetVisible(first.editor)

    # -- language -------------------------------------------------------------------------------------

    def _on_language_chosen(self) -> None:
        code = self.participant_language
        for page in self.pages:
            page.set_participant_language(code)
        self.participant_language_changed.emit(code)

    def retranslate(self) -> None:
        ui = current_language()
        self.setWindowTitle(_("Intake with the participant"))
        self._language_label.setText(_("Lang&uage shown to the participant:"))
        for index in range(self._language.count()):
            code = str(self._language.itemData(index))
            self._language.setItemText(index, language_name(code, ui))
        self._interpreter.setText(_("Open interpreter &view"))
        self._back.setText(_("Go bac&k"))
        self._next.setText(_("Ne&xt"))
        self._finish.setText(_("&Finish"))
        self._cancel.setText(_("Cancel"))
        for page in self.pages:
            page.retranslate(ui)
        self.go_to(self._pages.currentIndex())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
