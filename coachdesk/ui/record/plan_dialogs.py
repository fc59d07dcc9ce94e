"""Changing a participant's plan: enrol, the introduction's assessment, length, pause, discontinue.

Each dialog is a ``FormDialog``: the service checks the input and its messages appear under the fields.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from coachdesk.i18n import N_, _
from coachdesk.models.enums import AssessmentDecision, PauseReason, Programme
from coachdesk.services import labels as domain_labels
from coachdesk.services.plans import DIMENSIONS, RATING_HIGH, RATING_LOW, PlanService
from coachdesk.services.record_snapshot import EnrollmentRow
from coachdesk.services.templates import TemplateLibrary
from coachdesk.ui.form_dialog import FormDialog, SaveCall, date_edit, day_of, note_edit
from coachdesk.ui.tasks import TaskRunner

DECISIONS: dict[AssessmentDecision, str] = {
    AssessmentDecision.CONTINUE_INTENSIVE: N_("Continue to the intensive coaching plan"),
    AssessmentDecision.EXIT_WORK: N_("Exit: to work"),
    AssessmentDecision.EXIT_STUDIES: N_("Exit: to studies"),
    AssessmentDecision.EXIT_OTHER: N_("Exit: other"),
}


# The dimensions with a mnemonic each, unique within the assessment dialog (DIMENSIONS has none).
DIMENSION_CAPTIONS: dict[str, str] = {
    "social_situation": N_("S&ocial situation:"),
    "education": N_("&Education:"),
    "informal_competence": N_("&Informal competence:"),
    "labour_market": N_("&Labour-market possibilities:"),
    "swedish_level": N_("Swedish le&vel:"),
    "motivation": N_("&Motivation:"),
}


def _monday_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=7 - day.weekday())


def _weeks(low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


class EnrolDialog(FormDialog):
    """Enrol in a programme: which one, from when, for how many weeks (the template's range)."""

    TITLE = N_("Enrol in a programme")

    def __init__(self, *, plans: PlanService, templates: TemplateLibrary, runner: TaskRunner,
                 participant_id: str, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, parent=parent)
        self._plans, self._templates, self._participant_id = plans, templates, participant_id
        self.programme = QComboBox()
        for programme in Programme:
            self.programme.addItem("", programme.value)
        self.start = date_edit(today)
        self.length = QSpinBox()
        self.add_field("programme", N_("&Programme:"), self.programme)
        self.add_field("start_date", N_("&Starts on:"), self.start)
        self.add_field("length_weeks", N_("&Length in weeks:"), self.length)
        self.programme.currentIndexChanged.connect(self._on_programme)
        self._on_programme()
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        for index in range(self.programme.count()):
            programme = Programme(self.programme.itemData(index))
            self.programme.setItemText(index, domain_labels.programme(programme))

    def _on_programme(self) -> None:
        length = self._templates.default_for(Programme(self.programme.currentData())).length_weeks
        self.length.setRange(length.min, length.max)
        self.length.setValue(length.default)

    def save_call(self) -> SaveCall:
        return partial(self._plans.enrol, self._participant_id, Programme(self.programme.currentData()),
                       day_of(self.start), length_weeks=self.length.value())


class AssessmentDialog(FormDialog):
    """The introduction's employability assessment: six dimensions rated 1-5, and the decision."""

    TITLE = N_("Employability assessment")

    def __init__(self, *, plans: PlanService, runner: TaskRunner, enrollment: EnrollmentRow, today: dt.date,
                 intensive_weeks: tuple[int, int, int] = (26, 30, 28), parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, parent=parent)
        self._plans, self._enrollment_id = plans, enrollment.id
        self.assessed_on = date_edit(today)
        self.add_field("assessed_on", N_("&Assessed on:"), self.assessed_on)
        self.ratings: dict[str, QComboBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        for dimension in DIMENSIONS:
            caption = DIMENSION_CAPTIONS[dimension]
            rating = QComboBox()
            rating.addItem("", None)
            for value in range(RATING_LOW, RATING_HIGH + 1):
                rating.addItem(str(value), value)
            note = QLineEdit()
            row = QWidget()
            row.setFocusProxy(rating)  # the label's buddy and an error's focus go to the rating
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(rating)
            layout.addWidget(note, 1)
            self.ratings[dimension], self.notes[dimension] = rating, note
            self.add_field(dimension, caption, row)
        self.decision = QComboBox()
        for decision in DECISIONS:
            self.decision.addItem("", decision.value)
        low, high, default = intensive_weeks
        self.intensive_weeks = _weeks(low, high, default)
        self.intensive_start = date_edit(_monday_after(today))
        self.note = note_edit()
        self.add_field("decision", N_("&Decision:"), self.decision)
        self.add_field("intensive_weeks", N_("Intensive plan, &weeks:"), self.intensive_weeks)
        self.add_field("intensive_start", N_("Intensive plan &starts on:"), self.intensive_start)
        self.add_field("note", N_("&Note (optional):"), self.note)
        self.decision.currentIndexChanged.connect(self._on_decision)
        self.retranslate()
        self._on_decision()

    def retranslate(self) -> None:
        super().retranslate()
        for dimension, combo in self.ratings.items():
            combo.setItemText(0, _("Choose…"))
            name = _(DIMENSIONS[dimension])
            combo.setAccessibleName(_("{dimension}: rating from {low} to {high}").format(
                dimension=name, low=RATING_LOW, high=RATING_HIGH))
            self.notes[dimension].setAccessibleName(_("{dimension}: note").format(dimension=name))
            self.notes[dimension].setPlaceholderText(_("Note (optional)"))
        for index in range(self.decision.count()):
            self.decision.setItemText(index, _(DECISIONS[AssessmentDecision(self.decision.itemData(index))]))

    def _on_decision(self) -> None:
        continuing = self.decision.currentData() == AssessmentDecision.CONTINUE_INTENSIVE.value
        for widget in (self.intensive_weeks, self.intensive_start):
            widget.setEnabled(continuing)

    def save_call(self) -> SaveCall:
        decision = AssessmentDecision(self.decision.currentData())
        continuing = decision is AssessmentDecision.CONTINUE_INTENSIVE
        ratings = {dimension: (combo.currentData(), self.notes[dimension].text().strip() or None)
                   for dimension, combo in self.ratings.items()}
        return partial(self._plans.record_assessment, self._enrollment_id,
                       assessed_on=day_of(self.assessed_on), ratings=ratings, decision=decision,
                       intensive_weeks=self.intensive_weeks.value() if continuing else None,
                       intensive_start=day_of(self.intensive_start) if continuing else None,
                       note=self.note.toPlainText().strip() or None)


class LengthDialog(FormDialog):
    TITLE = N_("Change the plan's length")

    def __init__(self, *, plans: PlanService, runner: TaskRunner, enrollment: EnrollmentRow,
                 low: int, high: int, parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, parent=parent)
        self._plans, self._enrollment_id = plans, enrollment.id
        self.weeks = _weeks(low, high, enrollment.length_weeks)
        self.add_field("length_weeks", N_("&Length in weeks:"), self.weeks)
        self.retranslate()

    def save_call(self) -> SaveCall:
        return partial(self._plans.change_length, self._enrollment_id, self.weeks.value())


class PauseDialog(FormDialog):
    TITLE = N_("Pause the plan")

    def __init__(self, *, plans: PlanService, runner: TaskRunner, enrollment: EnrollmentRow, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, parent=parent)
        self._plans, self._enrollment_id = plans, enrollment.id
        self.start = date_edit(max(today, enrollment.start_date))
        self.weeks = _weeks(1, 52, 1)
        self.reason = QComboBox()
        for reason in PauseReason:
            self.reason.addItem("", reason.value)
        self.note = note_edit()
        self.add_field("start_date", N_("&From:"), self.start)
        self.add_field("weeks", N_("&Weeks:"), self.weeks)
        self.add_field("reason", N_("&Reason:"), self.reason)
        self.add_field("note", N_("&Note (optional):"), self.note)
        self.retranslate()

    def summary_text(self) -> str:
        return _("The plan moves on by the length of the pause: nothing planned is lost.")

    def retranslate(self) -> None:
        super().retranslate()
        for index in range(self.reason.count()):
            reason = PauseReason(self.reason.itemData(index))
            self.reason.setItemText(index, _(domain_labels.PAUSE_REASON[reason]))

    def save_call(self) -> SaveCall:
        return partial(self._plans.pause, self._enrollment_id, start=day_of(self.start),
                       weeks=self.weeks.value(), reason=PauseReason(self.reason.currentData()),
                       note=self.note.toPlainText().strip() or None)


class DiscontinueDialog(FormDialog):
    TITLE = N_("Discontinue the programme")

    def __init__(self, *, plans: PlanService, runner: TaskRunner, enrollment: EnrollmentRow, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, parent=parent)
        self._plans, self._enrollment_id = plans, enrollment.id
        self.ended_on = date_edit(today)
        self.reason = note_edit()
        self.add_field("ended_on", N_("&Ended on:"), self.ended_on)
        self.add_field("end_reason", N_("&Why:"), self.reason)
        self.retranslate()

    def summary_text(self) -> str:
        return _("What was planned after the end date is cancelled; what was held stays in the record.")

    def save_call(self) -> SaveCall:
        return partial(self._plans.discontinue, self._enrollment_id, on=day_of(self.ended_on),
                       reason=self.reason.toPlainText())
