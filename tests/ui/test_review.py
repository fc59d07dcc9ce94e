"""Supervisor mode through real widgets: the Review and Dashboard views shown only to a supervisor, the
approval flow (return needs a comment, said inline), the coach's Plan tab, and read-only records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from coachdesk.models import LocalMeta, Review
from coachdesk.models.enums import Programme, ReviewStatus
from coachdesk.models.store import Store
from coachdesk.services.access import ROLE_KEY
from coachdesk.services.review import ReviewService
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import Preferences, View
from coachdesk.ui.record.plan_actions import PlanActions
from coachdesk.ui.review import ReviewView
from coachdesk.ui.shell import SUPERVISOR_VIEWS
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.workspace import Workspace
from tests.ui.test_accessibility import _buddy_labels_have_mnemonics, _unnamed_controls
from tests.ui.test_record_support import START, Services, participant_id, services

__all__ = ["participant_id", "services"]  # fixtures

TODAY = START + dt.timedelta(days=9)


def sign_in_as(store: Store, role: str) -> None:
    with store.session() as session, session.begin():
        session.merge(LocalMeta(key=ROLE_KEY, value=role))


def _reviews(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(Review)) or 0)


@pytest.fixture
def enrolled(services: Services, participant_id: str) -> str:
    return services.plans.enrol(participant_id, Programme.INTRODUCTION, START).id


def _window(qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner,
            preferences: Preferences) -> MainWindow:
    window = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                        preferences=preferences, workspace=Workspace.open(store, data_dir))
    qtbot.add_widget(window)
    window.show()
    return window


@pytest.mark.parametrize("role", ["coach", "supervisor"])
def test_review_and_dashboard_are_a_supervisors_views(qtbot: QtBot, data_dir: Path, store: Store,
                                                      runner: TaskRunner, preferences: Preferences,
                                                      role: str) -> None:
    sign_in_as(store, role)
    preferences.view = View.REVIEW  # remembered from an earlier session
    window = _window(qtbot, data_dir, store, runner, preferences)
    shell = window.shell
    assert shell is not None
    supervisor = role == "supervisor"
    qtbot.waitUntil(lambda: shell.is_supervisor is supervisor and runner.pending == 0, timeout=10_000)
    shown = [shell.navigation.item(row).text() for row in range(shell.navigation.count())
             if not shell.navigation.isRowHidden(row)]
    extra = ["Review", "Dashboard"] if supervisor else []
    assert shown == ["Today", "Caseload", "Employers", "Settings", "Conflicts", *extra]
    assert [window.view_action(v).isVisible() for v in sorted(SUPERVISOR_VIEWS)] == [supervisor] * 2
    assert shell.current_view is (View.REVIEW if supervisor else View.TODAY)
    window.show_view(View.DASHBOARD)
    assert shell.current_view is (View.DASHBOARD if supervisor else View.TODAY)
    if supervisor:
        qtbot.waitUntil(lambda: shell.dashboard.dashboard is not None, timeout=10_000)
        assert window.view_action(View.DASHBOARD).shortcut().toString() == "Ctrl+7"


@pytest.fixture
def review_view(qtbot: QtBot, services: Services, runner: TaskRunner) -> ReviewView:
    view = ReviewView(reviews=ReviewService(services.store), runner=runner, today=lambda: TODAY)
    qtbot.add_widget(view)
    view.show()
    return view


def _reload(qtbot: QtBot, view: ReviewView) -> None:
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()


def test_a_plan_is_returned_only_with_a_comment_then_leaves_the_queue(
        qtbot: QtBot, review_view: ReviewView, services: Services, participant_id: str,
        enrolled: str) -> None:
    ReviewService(services.store).submit(participant_id, enrolled)
    _reload(qtbot, review_view)
    assert review_view.pending.model().rowCount() == 1
    assert "1 plan waits for your decision." in review_view.summary.text()
    gaps = review_view.gaps.model()
    gap_texts = {gaps.index(r, 2).data() for r in range(gaps.rowCount())}
    assert {"Gender not stated", "No target group"} <= gap_texts
    assert not review_view.approve_button.isEnabled()
    review_view.pending.setCurrentIndex(review_view.pending.model().index(0, 0))
    assert review_view.return_button.isEnabled()

    before = _reviews(services.store)
    review_view.return_button.click()  # no comment
    qtbot.waitUntil(review_view.error.isVisible, timeout=10_000)
    assert review_view.error.text() == "Write what the coach should change before returning the plan."
    assert _reviews(services.store) == before and review_view.comment.hasFocus()

    review_view.comment.setPlainText("Add a goal for Swedish.")
    with qtbot.waitSignals([review_view.decided, review_view.loaded], timeout=10_000):
        review_view.return_button.click()
    assert review_view.pending.model().rowCount() == 0 and not review_view.error.isVisible()
    latest = ReviewService(services.store).latest(participant_id, enrolled)
    assert latest is not None and (latest.status, latest.comment) == (ReviewStatus.RETURNED,
                                                                      "Add a goal for Swedish.")


def test_approving_and_opening_a_record_from_the_queue(qtbot: QtBot, review_view: ReviewView,
                                                        services: Services, participant_id: str,
                                                        enrolled: str) -> None:
    ReviewService(services.store).submit(participant_id, enrolled)
    _reload(qtbot, review_view)
    review_view.pending.setCurrentIndex(review_view.pending.model().index(0, 0))
    with qtbot.waitSignal(review_view.participant_activated) as opened:
        review_view.open_button.click()
    assert opened.args == [participant_id]
    with qtbot.waitSignals([review_view.decided, review_view.loaded], timeout=10_000):
        review_view.approve_button.click()
    latest = ReviewService(services.store).latest(participant_id, enrolled)
    assert latest is not None and latest.status is ReviewStatus.APPROVED


def test_the_coach_submits_from_the_plan_tab_and_reads_the_comment(
        qtbot: QtBot, services: Services, runner: TaskRunner, participant_id: str, enrolled: str) -> None:
    from coachdesk.services.record_snapshot import read_plan
    from coachdesk.services.templates import TemplateLibrary

    actions = PlanActions(plans=services.plans, templates=TemplateLibrary.load(), runner=runner,
                          participant_id=participant_id, today=lambda: TODAY,
                          reviews=ReviewService(services.store))
    qtbot.add_widget(actions)
    actions.show()
    banner = actions.review
    assert banner is not None
    actions.show_plan(read_plan(services.store, participant_id))
    qtbot.waitUntil(banner.submit_button.isEnabled, timeout=10_000)
    assert banner.status.text() == "Not yet submitted for the supervisor's approval."
    assert _unnamed_controls(actions) == [] and _buddy_labels_have_mnemonics(actions) == []

    banner.submit_button.click()
    qtbot.waitUntil(lambda: "waiting for the supervisor's decision" in banner.status.text(), timeout=10_000)
    assert not banner.submit_button.isEnabled()

    reviews = ReviewService(services.store)
    [pending] = reviews.queue(TODAY).pending
    reviews.return_plan(pending.review_id, "Add a goal for Swedish.")  # as if synced from the supervisor
    banner.reload()
    qtbot.waitUntil(lambda: banner.status.text().startswith("Returned by the supervisor"), timeout=10_000)
    assert banner.comment.text() == "Supervisor's comment: Add a goal for Swedish."
    assert banner.comment.isVisible() and banner.submit_button.isEnabled()


def test_a_supervisor_reads_records_but_cannot_edit_them(
        qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences,
        services: Services, participant_id: str, enrolled: str) -> None:
    sign_in_as(store, "supervisor")
    window = _window(qtbot, data_dir, store, runner, preferences)
    shell = window.shell
    assert shell is not None
    qtbot.waitUntil(lambda: shell.is_supervisor, timeout=10_000)
    record = shell.open_record(participant_id)
    qtbot.waitUntil(lambda: runner.pending == 0 and record.plan_actions.open_enrollment is not None,
                    timeout=10_000)
    edits = record.findChildren(QLineEdit)
    assert edits and all(edit.isReadOnly() for edit in edits)
    buttons = [b for b in record.findChildren(QPushButton) if b.text()]
    assert buttons and not any(button.isEnabled() for button in buttons)
    assert not record.plan_actions.length_button.isEnabled()  # stays off after the plan loaded
    assert record.plan_actions.review is not None and not record.plan_actions.review.submit_button.isVisible()
