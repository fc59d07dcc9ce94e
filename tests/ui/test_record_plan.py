from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from coachdesk.formatting import LRI
from coachdesk.models import Enrollment
from coachdesk.models.enums import PauseReason, Programme
from coachdesk.ui.record.timeline import TimelineView
from tests.ui.test_record_support import START, OpenRecord, Services, open_record, participant_id, services

__all__ = ["open_record", "participant_id", "services"]  # fixtures


def _children(item: object) -> list[tuple[str, str, str]]:
    return [(item.child(i).text(0), item.child(i).text(1), item.child(i).text(2))  # type: ignore[attr-defined]
            for i in range(item.childCount())]  # type: ignore[attr-defined]


def test_the_timeline_marks_the_current_week_in_text_and_lists_its_activities(
    open_record: OpenRecord, participant_id: str, services: Services
) -> None:
    services.plans.enrol(participant_id, Programme.INTRODUCTION, START)
    record = open_record(participant_id)
    tree = record.timeline.tree
    weeks = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]  # type: ignore[union-attr]
    assert weeks == ["Week 45, 2026", "Week 46, 2026", "Week 47, 2026", "Week 48, 2026"]

    current = record.timeline.current_week_item()
    assert current is not None and current.text(0) == "Week 46, 2026"
    assert current.text(2).startswith("This week")
    assert "Introduction period, plan week 2 of 4" in current.text(2)
    assert tree.currentItem() is current
    others = [tree.topLevelItem(i) for i in (0, 2, 3)]
    assert all("This week" not in item.text(2) for item in others if item is not None)

    activities = _children(current)
    assert ("Mapping", f"{LRI}2026-11-09 09:00\u2069", "planned") in activities
    assert {kind for kind, _when, _status in activities} == {"Mapping", "Group session", "Coaching meeting"}
    last = tree.topLevelItem(3)
    assert last is not None
    assert ("Checkpoint: Employability assessment", f"{LRI}2026-11-27\u2069", "due") in _children(last)


def test_a_pause_is_shown_on_its_weeks(qtbot: QtBot, open_record: OpenRecord, participant_id: str,
                                       services: Services) -> None:
    enrollment = services.plans.enrol(participant_id, Programme.INTRODUCTION, START)
    services.plans.pause(enrollment.id, start="2026-11-16", weeks=1, reason=PauseReason.SICK_LEAVE)
    record = open_record(participant_id)
    tree = record.timeline.tree
    paused = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    texts = {item.text(0): item.text(2) for item in paused if item is not None}
    assert texts["Week 47, 2026"] == "Paused (sick leave)"
    assert "Paused" not in texts["Week 46, 2026"]
    assert "plan week 3 of 4" in texts["Week 48, 2026"]  # the pause week does not count


def test_the_overview_shows_programme_dates_and_next_meetings(
    open_record: OpenRecord, participant_id: str, services: Services
) -> None:
    services.plans.enrol(participant_id, Programme.INTRODUCTION, START)
    record = open_record(participant_id)
    overview = record.overview
    assert overview.value_text("status") == "Introduction period"
    assert overview.value_text("programme").startswith(
        f"Introduction period: {LRI}2026-11-02\u2069 to {LRI}2026-11-27\u2069")
    meetings = overview.value_text("meetings").splitlines()
    assert len(meetings) == 5
    assert meetings[0] == f"{LRI}2026-11-11 13:00\u2069: Group session"  # after the record's "today"


def test_without_a_plan_the_timeline_says_so(qtbot: QtBot) -> None:
    view = TimelineView()
    qtbot.add_widget(view)
    assert view.tree.topLevelItemCount() == 0
    assert view.current_week_item() is None


def test_a_plan_started_mid_week_has_no_extra_week(open_record: OpenRecord, participant_id: str,
                                                   services: Services) -> None:
    # Started on a Wednesday, four plan weeks are weeks 45-48. An end date counted as four calendar
    # weeks from the start (as synthetic and older data have it) lies in week 49, which must not
    # appear as "plan week 5 of 4".
    enrollment = services.plans.enrol(participant_id, Programme.INTRODUCTION, "2026-11-04")
    with services.store.session() as session, session.begin():
        session.get_one(Enrollment, enrollment.id).planned_end_date = dt.date(2026, 12, 2)
    record = open_record(participant_id)
    tree = record.timeline.tree
    notes = {item.text(0): item.text(2) for item in (tree.topLevelItem(i)
                                                     for i in range(tree.topLevelItemCount())) if item}
    assert "plan week 4 of 4" in notes["Week 48, 2026"]
    assert all("5 of 4" not in text for text in notes.values())
