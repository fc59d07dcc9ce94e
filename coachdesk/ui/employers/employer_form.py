"""Register or edit an employer (företagskontakt): the register's fields, its competence needs and notes."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from coachdesk.errors import ValidationError
from coachdesk.i18n import N_, _
from coachdesk.models import Employer
from coachdesk.services.employers import EmployerService
from coachdesk.ui import dialogs
from coachdesk.ui.announce import announce
from coachdesk.ui.employers.fields import Field, FieldSet, Kind, Raw, plain_label
from coachdesk.ui.tasks import TaskRunner

FIELDS: tuple[Field, ...] = (
    Field("name", N_("&Name:"), Kind.LINE),
    Field("org_number", N_("&Organisation number:"), Kind.LTR, hint=N_("NNNNNN-NNNN")),
    Field("sector", N_("Sec&tor:"), Kind.LINE),
    Field("municipality", N_("Municipa&lity:"), Kind.LINE),
    Field("address", N_("&Address:"), Kind.LINE),
    Field("phone", N_("Phone num&ber:"), Kind.LTR),
    Field("email", N_("E-ma&il:"), Kind.LTR),
    Field("competence_needs", N_("Co&mpetence needs:"), Kind.TEXT),
    Field("notes", N_("Not&es:"), Kind.TEXT),
)


class EmployerForm(QWidget):
    """The employer's fields with Save and Discard; empty (a new employer) until one is loaded.

    Signals:
        saved(str): the employer with this id was registered or its changes saved.
        save_failed(): a save was refused (the messages are shown beside the fields).
    """

    saved = Signal(str)
    save_failed = Signal()

    def __init__(self, *, employers: EmployerService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._employers = employers
        self._runner = runner
        self._employer_id: str | None = None
        self._shown = 0  # bumped whenever another employer is shown: older replies are ignored
        self._fields = FieldSet(FIELDS)
        page = QWidget()
        page.setLayout(self._fields.layout)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(page)
        self._status = plain_label()
        self._save = QPushButton()
        self._save.clicked.connect(self.save)
        self._discard = QPushButton()
        self._discard.clicked.connect(self._on_discard)
        buttons = QHBoxLayout()
        buttons.addWidget(self._status, 1)
        buttons.addWidget(self._discard)
        buttons.addWidget(self._save)
        layout = QVBoxLayout(self)
        layout.addWidget(self._scroll, 1)
        layout.addLayout(buttons)
        self.retranslate()

    # -- what tests and the view read -----------------------------------------------------------------

    @property
    def employer_id(self) -> str | None:
        return self._employer_id

    def editor(self, name: str) -> QWidget:
        return self._fields.editor(name)

    def error_text(self, name: str) -> str:
        return self._fields.error_text(name, self)

    def values(self) -> dict[str, Raw]:
        return self._fields.values()

    @property
    def status_text(self) -> str:
        return self._status.text()

    @property
    def save_button(self) -> QPushButton:
        return self._save

    @property
    def is_dirty(self) -> bool:
        return self._fields.is_dirty

    # -- loading and saving ---------------------------------------------------------------------------

    def set_employer(self, employer: Employer | None) -> None:
        """Show ``employer`` (None: empty fields for a new one) and take it as the unchanged state."""
        self._employer_id = employer.id if employer is not None else None
        self._shown += 1
        self._fields.load(employer)
        self._status.clear()
        self.retranslate()  # the Save button says "Register" or "Save changes"

    def discard(self) -> None:
        """Put back the values last loaded or saved."""
        self._fields.reset()
        self._status.clear()

    def save(self) -> None:
        self._fields.clear_errors()
        new = self._employer_id is None
        values = self._fields.values() if new else self._fields.changes()
        if not new and not values:
            self._status.setText(_("There are no changes to save."))
            return
        fields = self._fields.for_service(values)
        service, employer_id, shown = self._employers, self._employer_id, self._shown
        self._save.setEnabled(False)
        self._status.setText(_("Saving…"))
        job = (partial(service.create, fields) if employer_id is None
               else partial(service.update, employer_id, fields))
        self._runner.run_db(job, on_done=partial(self._on_saved, shown),
                            on_error=partial(self._on_save_error, shown), context=self)

    def _on_saved(self, shown: int, employer: Employer) -> None:
        self._save.setEnabled(True)
        if shown != self._shown:
            return  # saved, but another employer is shown by now: the list shows it when next read
        self.set_employer(employer)
        self._status.setText(_("Saved."))
        announce(self._status, self._status.text())
        self.saved.emit(employer.id)

    def _on_save_error(self, shown: int, exc: Exception) -> None:
        self._save.setEnabled(True)
        if shown != self._shown:
            return
        if isinstance(exc, ValidationError):
            others = self._fields.show_errors(exc.errors)
            self._status.setText(" ".join([_("Nothing was saved: correct the marked fields."), *others]))
        else:
            self._status.setText(dialogs.error_text(exc))
        announce(self._status, self._status.text(), assertive=True)
        self.save_failed.emit()

    def _on_discard(self) -> None:
        if self.is_dirty and dialogs.confirm(self, _("Discard changes"),
                                             _("Put back the saved values and lose your changes?")):
            self.discard()

    def retranslate(self) -> None:
        self._fields.retranslate()
        self._scroll.setAccessibleName(_("Employer details"))
        self._save.setText(_("&Save the new employer") if self._employer_id is None else _("&Save changes"))
        self._discard.setText(_("&Undo changes"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

