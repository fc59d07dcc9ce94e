"""Register a new participant: the few facts needed to start; the record's intake form takes the rest.

The interpreter questions are here because the first meeting is booked with an interpreter or not.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from coachdesk.i18n import N_, _
from coachdesk.services.participants import ParticipantService
from coachdesk.ui.form_dialog import FormDialog, SaveCall
from coachdesk.ui.tasks import TaskRunner


def _line(ltr: bool = False) -> QLineEdit:
    edit = QLineEdit()
    if ltr:  # personnummer and language codes read left to right in every language
        edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return edit


class NewParticipantDialog(FormDialog):
    """``result_value`` is the new ``Participant`` once saved."""

    TITLE = N_("New participant")

    def __init__(self, *, participants: ParticipantService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, parent=parent)
        self._participants = participants
        self.given_name, self.family_name = _line(), _line()
        self.personnummer, self.primary_language = _line(ltr=True), _line(ltr=True)
        self.interpreter_needed = QCheckBox()
        self.interpreter_language = _line(ltr=True)
        self.add_field("given_name", N_("&Given name:"), self.given_name)
        self.add_field("family_name", N_("&Family name:"), self.family_name)
        self.add_field("personnummer", N_("&Personal identity number (optional):"), self.personnummer)
        self.add_field("primary_language", N_("First &language (optional):"), self.primary_language)
        self.add_field("interpreter_needed", N_("Needs an &interpreter"), self.interpreter_needed)
        self.add_field("interpreter_language", N_("Interpreter's l&anguage:"), self.interpreter_language)
        self.interpreter_needed.toggled.connect(self.interpreter_language.setEnabled)
        self.interpreter_language.setEnabled(False)
        self.retranslate()
        self.given_name.setFocus()

    def summary_text(self) -> str:
        return _("The participant joins your caseload. Everything else is asked in the record's intake "
                 "form, which opens next.")

    def retranslate(self) -> None:
        super().retranslate()
        hint = _("Language code, such as ar, so, ti or fa_AF")
        self.primary_language.setPlaceholderText(hint)
        self.interpreter_language.setPlaceholderText(hint)
        self.personnummer.setPlaceholderText(_("YYYYMMDD-NNNN"))

    def save_call(self) -> SaveCall:
        fields: dict[str, object] = {
            "given_name": self.given_name.text(), "family_name": self.family_name.text(),
            "interpreter_needed": self.interpreter_needed.isChecked(),
        }
        for name, edit in (("personnummer", self.personnummer), ("primary_language", self.primary_language)):
            if edit.text().strip():
                fields[name] = edit.text().strip()
        if self.interpreter_needed.isChecked():
            fields["interpreter_language"] = self.interpreter_language.text().strip()
        return partial(self._participants.create, fields)
