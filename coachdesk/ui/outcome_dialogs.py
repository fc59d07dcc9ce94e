"""Small dialogs that record an outcome from the Today list: attendance, a review, a follow-up.

Each saves through the task runner and closes only once the service accepted; a refusal shows the service's
own messages under the fields and saves nothing. Opened with ``open()`` (window-modal, no nested loop).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from coachdesk.i18n import N_, _
from coachdesk.services import labels
from coachdesk.services.agenda import AgendaEntry
from coachdesk.services.attendance import MAX_MINUTES, AttendanceService
from coachdesk.services.exits import DAY_90_OUTCOMES, ExitService
from coachdesk.services.placements import PlacementService
from coachdesk.services.plans import PlanService
from coachdesk.ui.form_dialog import FormDialog, SaveCall, date_edit, day_of, note_edit
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.today_model import what_text, when_text

__all__ = ["AttendanceDialog", "Day90Dialog", "OutcomeDialog", "ReviewDialog", "SaveCall",
           "WorkplaceFollowUpDialog"]


class OutcomeDialog(FormDialog):
    """An outcome for one entry of the Today list; the entry is summarised above the fields."""

    def __init__(self, *, runner: TaskRunner, entry: AgendaEntry, parent: QWidget | None = None) -> None:
        self._entry = entry
        super().__init__(runner=runner, parent=parent)

    @property
    def entry(self) -> AgendaEntry:
        return self._entry

    def summary_text(self) -> str:
        entry = self._entry
        return _("{participant}: {what}, {when}").format(
            participant=entry.participant_name, what=what_text(entry), when=when_text(entry, with_date=True))


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
        self._done_on = date_edit(today)
        self._note = note_edit()
        self.add_field("done_on", self.DATE_CAPTION, self._done_on)
        self.add_field("note", N_("&Note (optional):"), self._note)
        self.retranslate()

    def _values(self) -> tuple[dt.date, str | None]:
        return day_of(self._done_on), self._note.toPlainText().strip() or None


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
        self._done_on = date_edit(today)
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
        return partial(self._exits.record_day_90, self.entry.entity_id, done_on=day_of(self._done_on),
                       outcome=self._outcome.currentData(), chances_improved=self._improved.currentData())
