"""The dashboard's four sections, each as (title, table headers, table rows, chart) from a ``Dashboard``.

Every figure a chart draws is also a cell of its table; charts say nothing by colour alone (each series is
named in the legend and each category on its axis).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt

from coachdesk.formatting import number
from coachdesk.i18n import N_, _
from coachdesk.models.enums import ParticipantStatus
from coachdesk.services.dashboard import Dashboard, GoalKey, GoalProgress
from coachdesk.ui.labels import status_label

GOAL_NAMES: dict[GoalKey, str] = {
    GoalKey.STARTED: N_("Participants started"),
    GoalKey.WOMEN: N_("Women among those started"),
    GoalKey.MEN: N_("Men among those started"),
    GoalKey.YOUTH: N_("Aged 16–24 at the start"),
    GoalKey.FOREIGN_BORN: N_("Foreign-born"),
    GoalKey.WORK_OR_STUDIES: N_("To work or studies at exit"),
    GoalKey.WORK_DAY_90: N_("In work 90 days after exit"),
    GoalKey.COMPANY_CONTACTS: N_("Company contacts"),
}


@dataclass(frozen=True)
class Section:
    title: str
    headers: list[str]
    rows: list[list[str]]
    chart: QChart


def _chart(series: QBarSeries | QStackedBarSeries | QHorizontalBarSeries, categories: list[str],
           top: float, horizontal: bool = False) -> QChart:
    """A bar chart of ``series``; ``top`` is its largest bar (the value axis starts at 0)."""
    chart = QChart()
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append(categories)
    values = QValueAxis()
    values.setLabelFormat("%d")
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(names)
    series.attachAxis(values)
    values.setRange(0, max(top, 1.0))  # an office with nothing yet: an empty chart, not an invalid range
    values.applyNiceNumbers()
    return chart


def _bars(name: str, values: Sequence[float]) -> QBarSet:
    bars = QBarSet(name)
    bars.append([float(v) for v in values])
    return bars


def phases(board: Dashboard) -> Section:
    title = _("Participants per phase")
    names = [status_label(status) for status in ParticipantStatus]
    counts = [board.phases.get(status, 0) for status in ParticipantStatus]
    series = QBarSeries()
    series.append(_bars(_("Participants"), counts))
    rows = [[name, str(n)] for name, n in zip(names, counts, strict=True)]
    rows.append([_("Total"), str(sum(counts))])
    return Section(title, [_("Phase"), _("Participants")], rows, _chart(series, names, max(counts)))


def coaches(board: Dashboard) -> Section:
    title = _("Participants per coach and phase")
    names = [load.coach_name or _("No coach") for load in board.coaches]
    series = QStackedBarSeries()
    for status in ParticipantStatus:
        series.append(_bars(status_label(status), [load.by_phase.get(status, 0) for load in board.coaches]))
    headers = [_("Coach"), *(status_label(s) for s in ParticipantStatus), _("Total")]
    rows = [[name, *(str(load.by_phase.get(s, 0)) for s in ParticipantStatus), str(load.total)]
            for name, load in zip(names, board.coaches, strict=True)]
    top = max((load.total for load in board.coaches), default=0)
    return Section(title, headers, rows, _chart(series, names, top))


def _figure(goal: GoalProgress) -> str:
    if not goal.percent:
        return str(goal.count)
    return _("{percent} % ({count} of {base})").format(percent=number(round(goal.value, 1)),
                                                       count=goal.count, base=goal.base or 0)


def _reached(goal: GoalProgress) -> float:
    """How far towards the target, in per cent of it (a target of 0 counts as reached)."""
    return 100.0 * goal.value / goal.target if goal.target else 100.0


def goals(board: Dashboard) -> Section:
    title = _("Progress against the project's goals")
    names = [_(GOAL_NAMES[goal.key]) for goal in board.goals]
    series = QHorizontalBarSeries()
    reached = [round(_reached(g)) for g in board.goals]
    series.append(_bars(_("Share of the target reached (%)"), reached))
    rows = [[name, _figure(goal), _("{n} %").format(n=goal.target) if goal.percent else str(goal.target),
             _("{n} %").format(n=round(_reached(goal)))]
            for name, goal in zip(names, board.goals, strict=True)]
    headers = [_("Goal"), _("Now"), _("Target"), _("Share of the target reached")]
    return Section(title, headers, rows, _chart(series, names, max(reached, default=0), horizontal=True))


def trends(board: Dashboard) -> Section:
    title = _("Starts and exits per month")
    months = [f"{m.month:%Y-%m}" for m in board.months]
    series = QBarSeries()
    series.append(_bars(_("Starts"), [m.starts for m in board.months]))
    series.append(_bars(_("Exits"), [m.exits for m in board.months]))
    rows = [[month, str(m.starts), str(m.exits)] for month, m in zip(months, board.months, strict=True)]
    top = max((max(m.starts, m.exits) for m in board.months), default=0)
    return Section(title, [_("Month"), _("Starts"), _("Exits")], rows, _chart(series, months, top))


SECTIONS = (phases, coaches, goals, trends)
