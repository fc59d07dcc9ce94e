"""The Plan tab's approval line: where the plan stands with the supervisor (submitted, approved, returned
with a comment) and the coach's button to submit it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from coachdesk.formatting import iso_date
from coachdesk.i18n import _
from coachdesk.models.enums import ReviewStatus
from coachdesk.services.review import ReviewRow, ReviewService
from coachdesk.ui import dialogs
from coachdesk.ui.tasks import TaskRunner


@dataclass(frozen=True)
class _State:
    latest: ReviewRow | None
    decision: ReviewRow | None
    supervisor: bool


class ReviewBanner(QWidget):
    """Signals:
        submitted(): the plan was submitted for approval.
    """

    submitted = Signal()

    def __init__(self, *, reviews: ReviewService, runner: TaskRunner, participant_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reviews, self._runner, self._participant_id = reviews, runner, participant_id
        self._enrollment_id: str | None = None
        self._state = _State(None, None, False)
        self.status = QLabel()
        self.comment = QLabel()
        self.error = QLabel()
        for label in (self.status, self.comment, self.error):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)  # a comment is never read as rich text
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.submit_button = QPushButton()
        self.submit_button.clicked.connect(self.submit)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status, 1)
        row.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.comment)
        layout.addWidget(self.error)
        self.retranslate()

    def show_enrollment(self, enrollment_id: str | None) -> None:
        """The open programme whose plan is reviewed (None: nothing to submit)."""
        self._enrollment_id = enrollment_id
        self.reload()

    def reload(self) -> None:
        reviews, pid, eid = self._reviews, self._participant_id, self._enrollment_id

        def read() -> _State:
            return _State(reviews.latest(pid, eid), reviews.latest_decision(pid, eid),
                          reviews.is_supervisor())

        self._runner.run_db(read, on_done=self._on_loaded, on_error=self._on_error, context=self)

    def submit(self) -> None:
        if self._enrollment_id is None:
            return
        reviews, pid, eid = self._reviews, self._participant_id, self._enrollment_id
        self.submit_button.setEnabled(False)
        self._runner.run_db(lambda: reviews.submit(pid, eid), on_done=self._on_submitted,
                            on_error=self._on_error, context=self)

    def _on_submitted(self, _row: ReviewRow) -> None:
        self.error.clear()
        self.submitted.emit()
        self.reload()

    def _on_loaded(self, state: _State) -> None:
        self._state = state
        self.error.clear()
        self._render()

    def _on_error(self, exc: Exception) -> None:
        self.error.setText(dialogs.error_text(exc))
        self._render()

    def _render(self) -> None:
        latest, decision = self._state.latest, self._state.decision
        waiting = latest is not None and latest.status is ReviewStatus.SUBMITTED
        if self._enrollment_id is None:
            text = _("Enrol the participant to submit the plan for approval.")
        elif latest is None:
            text = _("Not yet submitted for the supervisor's approval.")
        elif waiting:
            text = _("Submitted for approval on {date}; waiting for the supervisor's decision.").format(
                date=iso_date(latest.made_at.date()))
        elif latest.status is ReviewStatus.APPROVED:
            text = _("Approved by the supervisor on {date}.").format(date=iso_date(_day(latest)))
        else:
            text = _("Returned by the supervisor on {date}. Change the plan and submit it again.").format(
                date=iso_date(_day(latest)))
        self.status.setText(text)
        note = decision.comment if decision is not None and decision.comment else ""
        self.comment.setText(_("Supervisor's comment: {comment}").format(comment=note) if note else "")
        self.comment.setVisible(bool(note))
        self.error.setVisible(bool(self.error.text()))
        self.submit_button.setVisible(not self._state.supervisor)
        self.submit_button.setEnabled(self._enrollment_id is not None and not waiting)

    def retranslate(self) -> None:
        self.submit_button.setText(_("Sub&mit for approval"))
        self.submit_button.setToolTip(
            _("Send the plan to the supervisor to approve or return with a comment"))
        self.status.setAccessibleName(_("Approval of the plan"))
        self.comment.setAccessibleName(_("Supervisor's comment"))
        self.error.setAccessibleName(_("Problem"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _day(row: ReviewRow) -> dt.date:
    return (row.decided_at or row.made_at).date()
