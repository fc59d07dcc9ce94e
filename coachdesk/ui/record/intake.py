"""The intake and mapping form (inskrivning och kartläggning): every field, grouped, saved together."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coachdesk.errors import ValidationError
from coachdesk.i18n import _
from coachdesk.models import Participant
from coachdesk.services.interpreting import InterpreterService
from coachdesk.services.participants import ParticipantService
from coachdesk.ui import dialogs
from coachdesk.ui.announce import announce
from coachdesk.ui.record.field_row import FieldRow
from coachdesk.ui.record.intake_fields import FIELD_NAMES, GROUPS, Raw, to_raw
from coachdesk.ui.record.participant_documents import DocumentExporter
from coachdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from coachdesk.ui.intake_wizard.wizard import IntakeWizard


class IntakeForm(QWidget):
    """Every intake field in groups inside a scrolling page, with Save and Discard below.

    Signals:
        saved(object): the participant as stored after a save.
        save_failed(): a save was refused (the messages are shown beside the fields).
    """

    saved = Signal(object)
    save_failed = Signal()

    def __init__(self, *, participants: ParticipantService, runner: TaskRunner, participant_id: str,
                 interpreting: InterpreterService | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._participants = participants
        self._interpreting = interpreting
        self._runner = runner
        self._participant_id = participant_id
        self._baseline: dict[str, Raw] = {}
        self._rows: dict[str, FieldRow] = {}
        self._groups: list[tuple[QGroupBox, str]] = []

        page = QWidget()
        page_layout = QVBoxLayout(page)
        for group in GROUPS:
            box = QGroupBox()
            form = QFormLayout(box)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for spec in group.fields:
                row = FieldRow(spec)
                self._rows[spec.name] = row
                form.addRow(row.label, row.box)
            self._groups.append((box, group.title))
            page_layout.addWidget(box)
        page_layout.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(page)

        self._status = QLabel()
        self._status.setWordWrap(True)
        self._save = QPushButton()
        self._save.clicked.connect(self.save)
        self._discard = QPushButton()
        self._discard.clicked.connect(self._on_discard)
        self._wizard = QPushButton()
        self._wizard.clicked.connect(self.open_wizard)
        self._wizard.setVisible(interpreting is not None)
        self.documents = DocumentExporter(participants=participants, runner=runner,
                                          participant_id=participant_id, status=self._status, parent=self)
        self._consent_pdf = QPushButton()
        self._consent_pdf.clicked.connect(self.documents.save_consent)
        self._summary_pdf = QPushButton()
        self._summary_pdf.clicked.connect(self.documents.save_summary)
        layout = QVBoxLayout(self)
        layout.addWidget(self._scroll, 1)
        self._add_button_rows(layout)
        self.setEnabled(False)  # until the participant is loaded
        self.retranslate()

    def _add_button_rows(self, layout: QVBoxLayout) -> None:
        # Rows, not one: in one, these buttons' Somali at 200 % text is wider than a 1366 px screen.
        rows = ((self._wizard, None), (self._consent_pdf, self._summary_pdf), (self._status, self._discard,
                                                                                 self._save))
        for widgets in rows:
            row = QHBoxLayout()
            for widget in widgets:
                if widget is not None:
                    row.addWidget(widget, 1 if widget is self._status else 0)
            if self._status not in widgets:
                row.addStretch(1)
            layout.addLayout(row)

    # -- what tests and the record read ---------------------------------------------------------------

    def editor(self, name: str) -> QWidget:
        return self._rows[name].editor

    def error_text(self, name: str) -> str:
        row = self._rows[name]
        return row.error.text() if row.error.isVisibleTo(self) else ""

    @property
    def status_text(self) -> str:
        return self._status.text()

    @property
    def save_button(self) -> QPushButton:
        return self._save

    def values(self) -> dict[str, Raw]:
        return {name: row.value() for name, row in self._rows.items()}

    def changes(self) -> dict[str, Raw]:
        """The fields edited since the participant was loaded or saved."""
        return {name: value for name, value in self.values().items() if value != self._baseline.get(name)}

    @property
    def is_dirty(self) -> bool:
        return bool(self._baseline) and bool(self.changes())

    # -- loading and saving ---------------------------------------------------------------------------

    def set_participant(self, participant: Participant) -> None:
        """Fill the form from ``participant`` and take it as the unchanged state."""
        for name in FIELD_NAMES:
            row = self._rows[name]
            row.set_value(to_raw(row.spec.kind, getattr(participant, name)))
            row.set_error(None)
        self._baseline = self.values()
        self.setEnabled(True)

    def discard(self) -> None:
        """Put back the values last loaded or saved."""
        for name, value in self._baseline.items():
            self._rows[name].set_value(value)
            self._rows[name].set_error(None)
        self._status.clear()

    def save(self) -> None:
        changes = self.changes()
        for row in self._rows.values():
            row.set_error(None)
        if not changes:
            self._status.setText(_("There are no changes to save."))
            return
        fields = {name: (None if value == "" else value) for name, value in changes.items()}
        service, participant_id = self._participants, self._participant_id
        self._save.setEnabled(False)
        self._status.setText(_("Saving…"))
        self._runner.run_db(lambda: service.update(participant_id, fields),
                            on_done=self._on_saved, on_error=self._on_save_error, context=self)

    def _on_saved(self, participant: Participant) -> None:
        self._save.setEnabled(True)
        self.set_participant(participant)
        self._status.setText(_("Saved."))
        announce(self._status, self._status.text())
        self.saved.emit(participant)

    def _on_save_error(self, exc: Exception) -> None:
        self._save.setEnabled(True)
        if isinstance(exc, ValidationError):
            shown = [name for name in exc.errors if name in self._rows]
            for name in shown:
                self._rows[name].set_error(exc.errors[name])
            others = [message for name, message in exc.errors.items() if name not in self._rows]
            self._status.setText(" ".join([_("Nothing was saved: correct the marked fields."), *others]))
            if shown:
                first = min(shown, key=FIELD_NAMES.index)
                self._rows[first].editor.setFocus()
                self._scroll.ensureWidgetVisible(self._rows[first].editor)
        else:
            self._status.setText(dialogs.error_text(exc))
        announce(self._status, self._status.text(), assertive=True)
        self.save_failed.emit()

    @property
    def wizard_button(self) -> QPushButton:
        return self._wizard

    def open_wizard(self) -> IntakeWizard | None:
        """The intake wizard over this participant; unsaved edits here must be saved or discarded first."""
        if self._interpreting is None:
            return None
        if self.is_dirty:
            self._status.setText(_("Save or discard your changes before starting the wizard."))
            return None
        # Imported here: the wizard reuses the record package's field rows, and that package imports us.
        from coachdesk.ui.intake_wizard.wizard import IntakeWizard

        wizard = IntakeWizard(participants=self._participants, interpreting=self._interpreting,
                              runner=self._runner, participant_id=self._participant_id, parent=self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.saved.connect(self._on_saved)
        wizard.show()
        return wizard

    def _on_discard(self) -> None:
        if self.is_dirty and dialogs.confirm(self, _("Discard changes"),
                                             _("Put back the saved values and lose your changes?")):
            self.discard()

    # -- language -------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        for box, title in self._groups:
            box.setTitle(_(title))
        for row in self._rows.values():
            row.retranslate()
        self._scroll.setAccessibleName(_("Intake and mapping form"))
        self._save.setText(_("&Save changes"))
        self._discard.setText(_("Dis&card changes"))
        self._wizard.setText(_("Intake wi&zard with the participant…"))
        self._consent_pdf.setText(_("Consent as PDF…"))
        self._consent_pdf.setToolTip(_("The consent text in the participant's language, to sign"))
        self._summary_pdf.setText(_("Intake summary as PDF…"))
        self._summary_pdf.setToolTip(_("The answers with the questions in the participant's language"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
