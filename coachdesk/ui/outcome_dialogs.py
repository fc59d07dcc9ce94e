"""Small dialogs that record an outcome from the Today list: attendance, a review, a follow-up.

Each saves through the task runner and closes only once the service accepted; a refusal shows the service's
own messages under the fields and saves nothing. Opened with ``open()`` (window-modal, no nested loop).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coachdesk.errors import ValidationError
from coachdesk.i18n import N_, _
from coachdesk.services import labels
from coachdesk.services.agenda import AgendaEntry
from coachdesk.services.attendance import MAX_MINUTES, AttendanceService
from coachdesk.services.exits import DAY_90_OUTCOMES, ExitService
from coachdesk.services.placements import PlacementService
from coachdesk.services.plans import PlanService
from coachdesk.ui import dialogs
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.today_model import what_text, when_text

SaveCall = Callable[[], object]


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")  # ISO in every language, like every date in CoachDesk
    return edit


def _day(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def _note_edit() -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    return edit


class OutcomeDialog(QDialog):
    """The frame every outcome dialog shares: a summary, labelled fields with inline errors, Save/Cancel.

    Signals:
        saved(): the service stored the outcome; the dialog closes.
    """

    saved = Signal()
    TITLE = N_("Record")

    def __init__(self, *, runner: TaskRunner, entry: AgendaEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._entry = entry
        self._captions: list[tuple[QLabel, str]] = []
        self._errors: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}
        self._summary = QLabel()
        self._summary.setWordWrap(True)
        self._form = QFormLayout()
        self._problem = QLabel()
        self._problem.setObjectName("problem")
        self._problem.setWordWrap(True)
        self._problem.hide()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                         | QDialogButtonBox.StandardButton.Cancel)
        self._buttons.accepted.connect(self._submit)
        self._buttons.rejected.connect(self.reject)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self._summary)
        self._layout.addLayout(self._form)
        self._layout.addWidget(self._problem)
        self._layout.addWidget(self._buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # Room for a sentence at any text size: measured in characters of the current font, not pixels.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)

    @property
    def entry(self) -> AgendaEntry:
        return self._entry

    def field(self, name: str) -> QWidget:
        return self._inputs[name]

    def error_for(self, name: str) -> str:
        """The message shown beside a field ('' when none)."""
        label = self._errors[name]
        return label.text() if label.isVisibleTo(self) else ""

    @property
    def problem_text(self) -> str:
        return self._problem.text() if self._problem.isVisibleTo(self) else ""

    def add_field(self, name: str, caption: str, widget: QWidget) -> None:
        """A row: ``caption`` (a source string, with a mnemonic) buddied to ``widget``, an error below."""
        label = QLabel()
        label.setBuddy(widget)
        error = QLabel()
        error.setObjectName(f"{name}_error")
        error.setWordWrap(True)
        error.hide()
        self._form.addRow(label, widget)
        self._form.addRow(error)  # the whole width: a message is longer than a field
        self._captions.append((label, caption))
        self._errors[name], self._inputs[name] = error, widget

    def retranslate(self) -> None:
        self.setWindowTitle(_(self.TITLE))
        entry = self._entry
        when = when_text(entry, with_date=True)
        self._summary.setText(_("{participant}: {what}, {when}").format(
            participant=entry.participant_name, what=what_text(entry), when=when))
        for label, caption in self._captions:
            label.setText(_(caption))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def save_call(self) -> SaveCall:
        """The service call for the inputs as they are now; plain values only, no widgets."""
        raise NotImplementedError

    def _submit(self) -> None:
        self._clear_errors()
        self._set_busy(True)
        self._runner.run_db(self.save_call(), on_done=self._on_saved, on_error=self._on_failed,
                            context=self)

    def _set_busy(self, busy: bool) -> None:
        self._buttons.setEnabled(not busy)
        for widget in self._inputs.values():
            widget.setEnabled(not busy)

    def _clear_errors(self) -> None:
        for label in (*self._errors.values(), self._problem):
            label.clear()
            label.hide()
        for widget in self._inputs.values():
            widget.setAccessibleDescription("")

    def _on_saved(self, _result: object) -> None:
        self._set_busy(False)
        self.saved.emit()
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if not isinstance(exc, ValidationError):
            self._problem.setText(dialogs.error_text(exc))
            self._problem.show()
            self._fit_height()
            return
        first: QWidget | None = None
        for name, message in exc.errors.items():
            if name in self._errors:
                self._errors[name].setText(message)
                self._errors[name].show()
                self._inputs[name].setAccessibleDescription(message)
                first = first or self._inputs[name]
            else:  # about the record as a whole, e.g. already recorded elsewhere
                self._problem.setText(message)
                self._problem.show()
        self._fit_height()
        if first is not None:
            first.setFocus()

    def _fit_height(self) -> None:
        # A top-level window does not grow by itself for wrapped text that appears later.
        self._layout.activate()
        needed = self._layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)


class AttendanceDialog(OutcomeDialog):
    TITLE = N_("Record attendance")

    def __init__(self, *, attendance: AttendanceService, runner: TaskRunner, entry: AgendaEntry,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, entry=entry, parent=parent)
        self._attendance = attendance
        self._minutes = QSpinBox()
        self._minutes.setRange(0, MAX_MINUTES)  # the service checks against the planned time
        self._minutes.setValue(entry.minutes or 0)
        self.add_field("attended_minutes", N_("Minutes &attended (0 = did not come):"), self._minutes)
        self.retranslate()

    def save_call(self) -> SaveCall:
        return partial(self._attendance.record, self.entry.entity_id, self._minutes.value())


class _DatedNoteDialog(OutcomeDialog):
    """A date (today by default) and an optional note: a review held, a workplace visit made."""

    DATE_CAPTION = N_("&Done on:")

    def __init__(self, *, runner: TaskRunner, entry: AgendaEntry, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, entry=entry, parent=parent)
        self._done_on = _date_edit(today)
        self._note = _note_edit()
        self.add_field("done_on", self.DATE_CAPTION, self._done_on)
        self.add_field("note", N_("&Note (optional):"), self._note)
        self.retranslate()

    def _values(self) -> tuple[dt.date, str | None]:
        return _day(self._done_on), self._note.toPlainText().strip() or None


class ReviewDialog(_DatedNoteDialog):
    TITLE = N_("Record review")
    DATE_CAPTION = N_("&Held on:")

    def __init__(self, *, plans: PlanService, runner: TaskRunner, entry: AgendaEntry, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, entry=entry, today=today, parent=parent)
        self._plans = plans

    def save_call(self) -> SaveCall:
        day, note = self._values()
        return partial(self._plans.complete_checkpoint, self.entry.entity_id, done_on=day, note=note)


class WorkplaceFollowUpDialog(_DatedNoteDialog):
    TITLE = N_("Record workplace follow-up")

    def __init__(self, *, placements: PlacementService, runner: TaskRunner, entry: AgendaEntry,
                 today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, entry=entry, today=today, parent=parent)
        self._placements = placements

    def save_call(self) -> SaveCall:
        day, note = self._values()
        return partial(self._placements.record_follow_up, self.entry.entity_id, done_on=day, note=note)


class Day90Dialog(OutcomeDialog):
    """The 90-day follow-up: where the participant is now, and whether their chances improved."""

    TITLE = N_("Record 90-day follow-up")

    def __init__(self, *, exits: ExitService, runner: TaskRunner, entry: AgendaEntry, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, entry=entry, parent=parent)
        self._exits = exits
        self._done_on = _date_edit(today)
        self._outcome = QComboBox()
        self._improved = QComboBox()
        self.add_field("done_on", N_("&Done on:"), self._done_on)
        self.add_field("outcome", N_("&Where is the participant now?"), self._outcome)
        self.add_field("chances_improved",
                       N_("Does the participant feel their &chances of work have improved?"), self._improved)
        self.retranslate()

    @property
    def outcome(self) -> QComboBox:
        return self._outcome

    @property
    def improved(self) -> QComboBox:
        return self._improved

    def retranslate(self) -> None:
        super().retranslate()
        outcome, improved = self._outcome.currentIndex(), self._improved.currentIndex()
        self._outcome.clear()
        self._outcome.addItem(_("Choose…"), None)  # no answer until the coach gives one
        for destination in DAY_90_OUTCOMES:
            self._outcome.addItem(labels.destination(destination), destination.value)
        self._improved.clear()
        self._improved.addItem(_("Choose…"), None)
        self._improved.addItem(_("Yes"), True)
        self._improved.addItem(_("No"), False)
        self._outcome.setCurrentIndex(max(outcome, 0))
        self._improved.setCurrentIndex(max(improved, 0))

    def save_call(self) -> SaveCall:
        return partial(self._exits.record_day_90, self.entry.entity_id, done_on=_day(self._done_on),
                       outcome=self._outcome.currentData(), chances_improved=self._improved.currentData())
