"""The form that adds a placement (praktik or språkpraktik) at an employer from the register."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from coachdesk.errors import ValidationError
from coachdesk.i18n import _, ngettext
from coachdesk.models import Agreement, Employer, EmployerContact, Placement
from coachdesk.services import labels as domain_labels
from coachdesk.services.employers import EmployerService
from coachdesk.services.placements import PlacementService
from coachdesk.ui import dialogs
from coachdesk.ui.record.form_field import FormField
from coachdesk.ui.tasks import TaskRunner

_SEARCH_DELAY_MS = 300

def fill(combo: QComboBox, options: Sequence[tuple[str, object]]) -> None:
    """Replace a combo box's items, keeping the chosen one when it is still offered."""
    current = combo.currentData()
    with QSignalBlocker(combo):  # one change signal for the whole refill, not one per item
        combo.clear()
        for text, data in options:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(current), 0))


class PlacementForm(QWidget):
    """Employer (searched by name), kind, dates, hours, supervisor, agreement and follow-up frequency.

    Signals:
        added(): a placement was saved with its weekly hours and workplace follow-ups.
    """

    added = Signal()

    def __init__(self, *, placements: PlacementService, employers: EmployerService, runner: TaskRunner,
                 participant_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placements, self._employers, self._runner = placements, employers, runner
        self._participant_id = participant_id
        self._contacts: tuple[EmployerContact, ...] = ()
        self._agreements: tuple[Agreement, ...] = ()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.search = FormField(form, QLineEdit())
        self.employer = FormField(form, QComboBox())
        self.kind = FormField(form, QComboBox())
        self.start = FormField(form, QLineEdit(), ltr=True)
        self.end = FormField(form, QLineEdit(), ltr=True)
        self.hours = FormField(form, QLineEdit(), ltr=True)
        self.supervisor = FormField(form, QComboBox())
        self.agreement = FormField(form, QComboBox())
        self.cadence = FormField(form, QComboBox())
        self._fields: dict[str, FormField[QLineEdit] | FormField[QComboBox]] = {
            "employer_id": self.employer, "kind": self.kind, "start_date": self.start, "end_date": self.end,
            "hours_per_week": self.hours, "supervisor_id": self.supervisor, "agreement_id": self.agreement,
            "follow_up_every_weeks": self.cadence}
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self._on_add)
        self._status = QLabel()
        self._status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addWidget(self._status)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(_SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload_employers)
        self.search.editor.textChanged.connect(self._search_timer.start)
        self.employer.editor.currentIndexChanged.connect(self._on_employer_changed)
        self.retranslate()

    @property
    def status_text(self) -> str:
        return self._status.text()

    @property
    def has_draft(self) -> bool:
        return any(f.editor.text().strip() for f in (self.start, self.end, self.hours))

    def discard(self) -> None:
        for line in (self.start, self.end, self.hours):
            line.editor.clear()
        for field in self._fields.values():
            field.set_error(None)

    def reload_employers(self) -> None:
        """Read the employers whose name starts with the search text."""
        employers, prefix = self._employers, self.search.editor.text().strip()
        self._runner.run_db(lambda: employers.find(prefix), on_done=self._show_employers,
                            on_error=self._on_error, context=self)

    def _show_employers(self, found: Sequence[Employer]) -> None:
        fill(self.employer.editor, [(e.name, e.id) for e in found])
        self._on_employer_changed()

    def _on_employer_changed(self) -> None:
        employer_id = self.employer.editor.currentData()
        if employer_id is None:
            self._show_people(None, ([], []))
            return
        employers = self._employers
        self._runner.run_db(lambda: (employers.contacts(employer_id), employers.agreements(employer_id)),
                            on_done=lambda people: self._show_people(employer_id, people),
                            on_error=self._on_error, context=self)

    def _show_people(self, employer_id: str | None,
                     people: tuple[Sequence[EmployerContact], Sequence[Agreement]]) -> None:
        if employer_id != self.employer.editor.currentData():
            return  # the coach chose another employer meanwhile
        contacts, agreements = people
        self._contacts = tuple(sorted(contacts, key=lambda c: (not c.is_supervisor, c.name.casefold())))
        self._agreements = tuple(agreements)
        self._fill_people()

    def _fill_people(self) -> None:
        fill(self.supervisor.editor, [(_("No supervisor named yet"), None)]
             + [(_("{name}, {title}").format(name=c.name, title=c.title) if c.title else c.name, c.id)
                for c in self._contacts])
        fill(self.agreement.editor, [(_("No written agreement"), None)]
             + [(a.summary.splitlines()[0][:80] if a.summary else "", a.id) for a in self._agreements])

    def _on_add(self) -> None:
        employer_id, kind = self.employer.editor.currentData(), self.kind.editor.currentData()
        start, end, hours = self.start.editor.text(), self.end.editor.text(), self.hours.editor.text()
        supervisor_id = self.supervisor.editor.currentData()
        agreement_id = self.agreement.editor.currentData()
        every = self.cadence.editor.currentData()
        for field in self._fields.values():
            field.set_error(None)
        service, participant_id = self._placements, self._participant_id
        self._runner.run_db(
            lambda: service.create(participant_id, employer_id=employer_id, kind=kind, start=start, end=end,
                                   hours_per_week=hours, supervisor_id=supervisor_id,
                                   agreement_id=agreement_id, follow_up_every_weeks=every),
            on_done=self._on_added, on_error=self._on_error, context=self)

    def _on_added(self, _placement: Placement) -> None:
        self.discard()
        self._status.setText(_("The placement was added with its weekly hours and workplace follow-ups."))
        self.added.emit()

    def _on_error(self, exc: Exception) -> None:
        if not isinstance(exc, ValidationError):
            self._status.setText(dialogs.error_text(exc))
            return
        for name, message in exc.errors.items():
            if name in self._fields:
                self._fields[name].set_error(message)
        first = next((self._fields[n] for n in exc.errors if n in self._fields), None)
        if first is not None:
            first.editor.setFocus()
        others = [m for n, m in exc.errors.items() if n not in self._fields]
        self._status.setText(" ".join([_("Nothing was saved: correct the marked fields."), *others]))

    def retranslate(self) -> None:
        for field, caption in (
                (self.search, _("Find &employer by name:")), (self.employer, _("E&mployer:")),
                (self.kind, _("&Kind:")), (self.start, _("&Starts on:")),
                (self.end, _("Ends &by (optional):")), (self.hours, _("&Hours per week (1–40):")),
                (self.supervisor, _("Super&visor at the workplace:")), (self.agreement, _("Agreemen&t:")),
                (self.cadence, _("Workplace follow-up &frequency:"))):
            field.label.setText(caption)
        self.start.editor.setPlaceholderText(_("YYYY-MM-DD"))
        self.end.editor.setPlaceholderText(_("Leave empty to end with the programme"))
        self.add_button.setText(_("&Add placement"))
        fill(self.kind.editor, [(_(text), kind.value) for kind, text in domain_labels.PLACEMENT_KIND.items()])
        fill(self.cadence.editor, [(_("As the programme suggests"), None)] + [
            (ngettext("Every week", "Every {n} weeks", n).format(n=n), n) for n in range(1, 13)])
        self._fill_people()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
