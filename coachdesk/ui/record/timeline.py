"""The plan as a timeline in ISO weeks: one row per week, its activities and checkpoints beneath it.

Everything is said in text (kind, status, "this week", "paused"), never by colour alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from coachdesk.formatting import iso_date, ltr
from coachdesk.i18n import _
from coachdesk.services import labels as domain_labels
from coachdesk.services import schedule
from coachdesk.services.calendar import IsoWeek, next_working_day
from coachdesk.services.record_snapshot import PlanData
from coachdesk.ui.record import texts


def plan_weeks(plan: PlanData, today: dt.date) -> list[IsoWeek]:
    """Every week from the first start to the last planned end, plus any week with an activity."""
    weeks: set[IsoWeek] = {IsoWeek(a.iso_year, a.iso_week) for a in plan.activities}
    weeks.update(IsoWeek.of(c.due_date) for c in plan.checkpoints)
    for enrollment in plan.enrollments:
        week, last = IsoWeek.of(enrollment.start_date), IsoWeek.of(enrollment.ended_on or
                                                                    enrollment.planned_end_date)
        while week <= last:
            weeks.add(week)
            week = week.plus(1)
    return sorted(weeks)


class TimelineView(QWidget):
    """Weeks with their activities (kind and status as text) and checkpoints; the current week named."""

    def __init__(self, *, today: Callable[[], dt.date] = dt.date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._plan = PlanData()
        self._summary = QLabel()
        self._summary.setWordWrap(True)
        self._tree = QTreeWidget()
        self._tree.setColumnCount(3)
        self._tree.setWordWrap(True)
        self._tree.setUniformRowHeights(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self._summary)
        layout.addWidget(self._tree, 1)
        self.retranslate()

    @property
    def tree(self) -> QTreeWidget:
        return self._tree

    def show_plan(self, plan: PlanData) -> None:
        self._plan = plan
        self._render()

    def _render(self) -> None:
        plan, today = self._plan, self._today()
        current = IsoWeek.of(today)
        self._tree.clear()
        weeks = plan_weeks(plan, today)
        if not weeks:
            self._summary.setText(_("No plan yet: the participant is not enrolled in a programme."))
            return
        self._summary.setText(_("{count} weeks, from week {first} to week {last}.").format(
            count=len(weeks), first=weeks[0].week, last=weeks[-1].week))
        by_week: dict[IsoWeek, list[QTreeWidgetItem]] = defaultdict(list)
        for activity in plan.activities:
            name = domain_labels.activity_kind(activity.kind)
            when = ltr(f"{activity.scheduled_at:%Y-%m-%d %H:%M}") if activity.scheduled_at else ""
            by_week[IsoWeek(activity.iso_year, activity.iso_week)].append(QTreeWidgetItem(
                [name, when, domain_labels.activity_status(activity.status)]))
        for checkpoint in plan.checkpoints:
            by_week[IsoWeek.of(checkpoint.due_date)].append(QTreeWidgetItem(
                [_("Checkpoint: {kind}").format(kind=domain_labels.checkpoint_kind(checkpoint.kind)),
                 iso_date(checkpoint.due_date), _(texts.CHECKPOINT_STATUS[checkpoint.status])]))
        current_item: QTreeWidgetItem | None = None
        for week in weeks:
            notes = [*self._week_notes(week)]
            if week == current:
                notes.insert(0, _("This week"))
            item = QTreeWidgetItem([
                _("Week {week}, {year}").format(week=week.week, year=week.year),
                _("{monday} to {sunday}").format(monday=iso_date(week.monday), sunday=iso_date(week.sunday)),
                "; ".join(notes)])
            item.addChildren(by_week.get(week, []))
            self._tree.addTopLevelItem(item)
            if week == current:
                current_item = item
        self._tree.expandAll()
        for column in range(self._tree.columnCount() - 1):
            self._tree.resizeColumnToContents(column)
        if current_item is not None:
            self._tree.setCurrentItem(current_item)
            self._tree.scrollToItem(current_item)

    def _week_notes(self, week: IsoWeek) -> list[str]:
        notes = [_("Paused ({reason})").format(reason=_(domain_labels.PAUSE_REASON[pause.reason]))
                 for pause in self._plan.pauses
                 if IsoWeek.of(pause.start_date) <= week < IsoWeek.of(pause.start_date).plus(pause.weeks)]
        if notes:
            return notes  # a paused week is no week of the plan
        for enrollment in self._plan.enrollments:
            # The plan's own weeks (pauses moved out of the way), not the span of its dates: a plan
            # started mid-week ends mid-week, and the week after it is not a fifth week of four.
            weeks = schedule.plan_weeks(next_working_day(enrollment.start_date), enrollment.length_weeks,
                               [schedule.PauseSpan(p.start_date, p.weeks) for p in self._plan.pauses
                                if p.enrollment_id == enrollment.id])
            if enrollment.ended_on is not None and week > IsoWeek.of(enrollment.ended_on):
                continue
            if week in weeks:
                notes.append(_("{programme}, plan week {n} of {total}").format(
                    programme=domain_labels.programme(enrollment.programme),
                    n=weeks.index(week) + 1, total=enrollment.length_weeks))
        return notes

    def current_week_item(self) -> QTreeWidgetItem | None:
        """The row of this week, if the plan covers it."""
        label = _("This week")
        for index in range(self._tree.topLevelItemCount()):
            item = self._tree.topLevelItem(index)
            if item is not None and label in item.text(2):
                return item
        return None

    def retranslate(self) -> None:
        self._tree.setHeaderLabels([_("Week or activity"), _("Dates"), _("Status")])
        self._tree.setAccessibleName(_("Plan by week"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
