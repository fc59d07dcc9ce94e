"""The dashboard through real widgets: read on the database thread, each chart paired with a table that
holds the same figures under column headers."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.models.enums import ParticipantStatus
from coachdesk.models.store import Store
from coachdesk.services.dashboard import DashboardService, GoalKey
from coachdesk.services.synthetic import generate
from coachdesk.ui.dashboard import DashboardView
from coachdesk.ui.tasks import TaskRunner
from tests.ui.test_accessibility import _unnamed_controls

TODAY = dt.date(2026, 6, 15)


def _cells(view: DashboardView, section: int) -> list[list[str]]:
    model = view.sections[section].model
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _headers(view: DashboardView, section: int) -> list[str]:
    model = view.sections[section].model
    return [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]


def test_every_chart_has_its_figures_in_a_table(qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    generate(store, participants=120, seed=5, participants_per_coach=50, today=TODAY)
    service = DashboardService(store)
    view = DashboardView(dashboard=service, runner=runner, today=lambda: TODAY)
    qtbot.add_widget(view)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    board = service.read(TODAY)

    assert _headers(view, 0) == ["Phase", "Participants"]
    assert [int(row[1]) for row in _cells(view, 0)] == [*(board.phases[s] for s in ParticipantStatus), 120]
    assert _headers(view, 1)[0] == "Coach" and _headers(view, 1)[-1] == "Total"
    assert [int(row[-1]) for row in _cells(view, 1)] == [c.total for c in board.coaches]
    goals = {row[0]: row for row in _cells(view, 2)}
    started = next(g for g in board.goals if g.key is GoalKey.STARTED)
    assert goals["Participants started"][1:3] == [str(started.count), "135"]
    last = board.months[-1]
    assert _cells(view, 3)[-1] == [f"{TODAY:%Y-%m}", str(last.starts), str(last.exits)]
    for section in view.sections:
        chart = section.chart_view.chart()
        assert chart.series() and chart.title() == section.table.accessibleName() == section.heading.text()
        assert section.chart_view.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert _unnamed_controls(view) == []

    view.dispose()
    assert all(section.model.rowCount() == 0 for section in view.sections) and view.dashboard is None


def test_an_empty_office_shows_zeros_and_no_warning(qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    view = DashboardView(dashboard=DashboardService(store), runner=runner, today=lambda: TODAY)
    qtbot.add_widget(view)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()
    assert _cells(view, 0)[-1] == ["Total", "0"]
    assert "0 % (0 of 0)" in {row[1] for row in _cells(view, 2)}
