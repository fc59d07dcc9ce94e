"""The record's first page: who, where in the programme, with which coach, what comes next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from coachdesk.formatting import iso_date, ltr
from coachdesk.i18n import _, ngettext
from coachdesk.models.enums import GoalStatus
from coachdesk.services import labels as domain_labels
from coachdesk.services.record_snapshot import Snapshot
from coachdesk.ui.labels import status_label
from coachdesk.ui.record.record_exports import RecordExports


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles are data, never markup
    return label


class OverviewView(QWidget):
    """Read-only facts; each value has its caption beside it."""

    _ROWS = ("name", "personnummer", "status", "programme", "coach", "meetings", "goals")

    def __init__(self, *, now: Callable[[], dt.datetime] = dt.datetime.now,
                 exports: RecordExports | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now
        self._snapshot: Snapshot | None = None
        self._captions = {key: QLabel() for key in self._ROWS}
        self._values = {key: _value_label() for key in self._ROWS}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key in self._ROWS:
            form.addRow(self._captions[key], self._values[key])
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        # The documents a coach prints or hands over: the plan to sign, and everything held (GDPR art. 15).
        self.plan_button, self.access_button, self.export_status = QPushButton(), QPushButton(), QLabel()
        self.export_status.setWordWrap(True)
        for widget in (self.plan_button, self.access_button, self.export_status):
            layout.addWidget(widget)
            widget.setVisible(exports is not None)
        if exports is not None:
            exports.bind(status=self.export_status, parent=self)
            self.plan_button.clicked.connect(exports.save_plan)
            self.access_button.clicked.connect(exports.save_access)
        layout.addStretch(1)
        scroll = QScrollArea()  # at large text the facts and buttons scroll instead of squeezing
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.retranslate()

    def value_text(self, key: str) -> str:
        return self._values[key].text()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._render()

    def _render(self) -> None:
        if self._snapshot is None:
            return
        person, plan, goals = self._snapshot.participant, self._snapshot.plan, self._snapshot.goals
        values = self._values
        values["name"].setText(f"{person.given_name} {person.family_name}")
        values["personnummer"].setText(ltr(person.personnummer) or _("None recorded"))
        values["status"].setText(status_label(person.status))
        programmes = [
            _("{programme}: {start} to {end} ({status})").format(
                programme=domain_labels.programme(e.programme), start=iso_date(e.start_date),
                end=iso_date(e.ended_on or e.planned_end_date),
                status=_(domain_labels.ENROLLMENT_STATUS[e.status]))
            for e in plan.enrollments]
        values["programme"].setText("\n".join(programmes) or _("Not enrolled"))
        values["coach"].setText(plan.coach_name or _("No coach assigned"))
        meetings = [
            _("{when}: {kind}").format(when=ltr(f"{a.scheduled_at:%Y-%m-%d %H:%M}"),
                                       kind=domain_labels.activity_kind(a.kind))
            for a in plan.upcoming(self._now()) if a.scheduled_at is not None]
        values["meetings"].setText("\n".join(meetings) or _("Nothing planned"))
        tops = [g for g in goals if g.parent_id is None]
        achieved = sum(1 for g in goals if g.status is GoalStatus.ACHIEVED)
        summary = ngettext("{count} goal", "{count} goals", len(tops)).format(count=len(tops))
        summary += ", " + ngettext("{count} sub-goal", "{count} sub-goals", len(goals) - len(tops)).format(
            count=len(goals) - len(tops))
        summary += ", " + ngettext("{count} achieved", "{count} achieved", achieved).format(count=achieved)
        values["goals"].setText("\n".join([summary, *(f"• {g.title}" for g in tops)]))

    def retranslate(self) -> None:
        captions = {"name": _("Name:"), "personnummer": _("Personal identity number:"),
                    "status": _("Status:"), "programme": _("Programme:"), "coach": _("Coach:"),
                    "meetings": _("Next meetings:"), "goals": _("Goals:")}
        for key, text in captions.items():
            self._captions[key].setText(text)
        self.plan_button.setText(_("Action plan as PDF (to sign)…"))
        self.access_button.setText(_("Everything we hold on the participant (right of access)…"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
