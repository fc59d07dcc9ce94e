"""The Plan tab's buttons: enrol, record the assessment, change the length, pause, discontinue; and, with a
review service, the plan's approval by the supervisor (``review_banner``).

Which ones are enabled follows the plan as last read: enrol when nothing is open, the assessment while the
introduction is open, the rest while any programme is open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from coachdesk.i18n import _
from coachdesk.models.enums import Programme
from coachdesk.services.closing import OPEN
from coachdesk.services.plans import PlanService
from coachdesk.services.record_snapshot import EnrollmentRow, PlanData
from coachdesk.services.review import ReviewService
from coachdesk.services.templates import TemplateLibrary
from coachdesk.ui.form_dialog import FormDialog
from coachdesk.ui.record.plan_dialogs import (
    AssessmentDialog,
    DiscontinueDialog,
    EnrolDialog,
    LengthDialog,
    PauseDialog,
)
from coachdesk.ui.record.review_banner import ReviewBanner
from coachdesk.ui.tasks import TaskRunner


class PlanActions(QWidget):
    """Signals:
        changed(): a dialog saved a change to the plan; read the record again.
    """

    changed = Signal()

    def __init__(self, *, plans: PlanService, templates: TemplateLibrary, runner: TaskRunner,
                 participant_id: str, today: Callable[[], dt.date], reviews: ReviewService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plans, self._templates, self._runner = plans, templates, runner
        self._participant_id, self._today = participant_id, today
        self._open: EnrollmentRow | None = None
        self.enrol_button, self.assess_button, self.length_button, self.pause_button, \
            self.discontinue_button = (QPushButton() for _button in range(5))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button, handler in ((self.enrol_button, self.enrol), (self.assess_button, self.assess),
                                (self.length_button, self.change_length), (self.pause_button, self.pause),
                                (self.discontinue_button, self.discontinue)):
            button.clicked.connect(handler)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        self.review: ReviewBanner | None = None
        if reviews is not None:
            self.review = ReviewBanner(reviews=reviews, runner=runner, participant_id=participant_id)
            layout.addWidget(self.review)
        self.dialog: FormDialog | None = None
        self.retranslate()
        self.show_plan(PlanData())

    @property
    def open_enrollment(self) -> EnrollmentRow | None:
        return self._open

    def show_plan(self, plan: PlanData) -> None:
        open_ones = [e for e in plan.enrollments if e.status in OPEN]
        self._open = max(open_ones, key=lambda e: e.start_date) if open_ones else None
        enrollment = self._open
        self.enrol_button.setEnabled(enrollment is None)
        introduction = enrollment is not None and enrollment.programme is Programme.INTRODUCTION
        self.assess_button.setEnabled(introduction)
        for button in (self.length_button, self.pause_button, self.discontinue_button):
            button.setEnabled(enrollment is not None)
        if self.review is not None:
            self.review.show_enrollment(enrollment.id if enrollment is not None else None)

    def enrol(self) -> FormDialog:
        return self._open_dialog(EnrolDialog(
            plans=self._plans, templates=self._templates, runner=self._runner,
            participant_id=self._participant_id, today=self._today(), parent=self))

    def assess(self) -> FormDialog | None:
        if self._open is None:
            return None
        length = self._templates.default_for(Programme.INTENSIVE).length_weeks
        return self._open_dialog(AssessmentDialog(
            plans=self._plans, runner=self._runner, enrollment=self._open, today=self._today(),
            intensive_weeks=(length.min, length.max, length.default), parent=self))

    def change_length(self) -> FormDialog | None:
        if self._open is None:
            return None
        length = self._templates.default_for(self._open.programme).length_weeks
        return self._open_dialog(LengthDialog(plans=self._plans, runner=self._runner, enrollment=self._open,
                                              low=length.min, high=length.max, parent=self))

    def pause(self) -> FormDialog | None:
        if self._open is None:
            return None
        return self._open_dialog(PauseDialog(plans=self._plans, runner=self._runner, enrollment=self._open,
                                             today=self._today(), parent=self))

    def discontinue(self) -> FormDialog | None:
        if self._open is None:
            return None
        return self._open_dialog(DiscontinueDialog(plans=self._plans, runner=self._runner,
                                                   enrollment=self._open, today=self._today(), parent=self))

    def _open_dialog(self, dialog: FormDialog) -> FormDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.changed)
        dialog.destroyed.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    def retranslate(self) -> None:
        self.enrol_button.setText(_("E&nrol…"))
        self.assess_button.setText(_("&Assessment…"))
        self.length_button.setText(_("C&hange length…"))
        self.pause_button.setText(_("Pa&use…"))
        self.discontinue_button.setText(_("Dis&continue…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
