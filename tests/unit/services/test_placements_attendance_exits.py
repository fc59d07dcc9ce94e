"""Placements and workplace follow-ups, attendance and participant hours, goals, exit, day-90 follow-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from coachdesk.errors import NotFoundError, ValidationError
from coachdesk.models import Activity, FollowUp, Goal, Participant, Placement
from coachdesk.models.enums import (
    ActivityKind,
    ActivityStatus,
    Destination,
    FollowUpKind,
    GoalOrigin,
    GoalStatus,
    ParticipantStatus,
    Programme,
)
from coachdesk.models.store import Store
from coachdesk.services.calendar import is_working_day
from tests.unit.services.programme_fixtures import Programmes


@pytest.fixture
def p(store: Store) -> Programmes:
    return Programmes.over(store)


def _employer(p: Programmes) -> tuple[str, str]:
    employer = p.employers.create({"name": "Byggfirman i Krokom AB", "org_number": "556036-0793"})
    supervisor = p.employers.add_contact(employer.id, {"name": "Eva Handledare", "is_supervisor": True})
    return employer.id, supervisor.id


def test_a_placement_brings_weekly_hours_and_workplace_follow_ups_on_a_cadence(p: Programmes) -> None:
    pid = p.person()
    employer_id, supervisor_id = _employer(p)
    placement = p.placements.create(
        pid,
        employer_id=employer_id,
        supervisor_id=supervisor_id,
        kind="language_internship",
        start="2026-03-02",
        end="2026-04-24",
        hours_per_week=20,
        follow_up_every_weeks=3,
    )
    weeks = p.rows(Activity, placement_id=placement.id)
    assert len(weeks) == 8 and {a.kind for a in weeks} == {ActivityKind.LANGUAGE_INTERNSHIP}
    assert {a.planned_minutes for a in weeks} == {20 * 60}
    visits = sorted(f.due_date for f in p.rows(FollowUp, placement_id=placement.id))
    # Weeks 1, 4 and 7 of the placement, and its last week; Thursdays, or another day when Thursday is off.
    assert visits == [dt.date(2026, 3, 5), dt.date(2026, 3, 26), dt.date(2026, 4, 16), dt.date(2026, 4, 23)]
    assert all(is_working_day(v) for v in visits)
    week = min(weeks, key=lambda a: a.scheduled_at or dt.datetime.max)
    assert p.attendance.record(week.id, 20 * 60).attended_minutes == 1200  # a full internship week
    first = min(p.rows(FollowUp, placement_id=placement.id), key=lambda f: f.due_date)
    done = p.placements.record_follow_up(first.id, done_on="2026-03-05", note="Going well")
    assert done.done_on == dt.date(2026, 3, 5)


def test_ending_a_placement_early_drops_later_weeks_and_visits(p: Programmes) -> None:
    pid = p.person()
    employer_id, _ = _employer(p)
    placement = p.placements.create(
        pid,
        employer_id=employer_id,
        kind="internship",
        start="2026-03-02",
        end="2026-04-24",
        hours_per_week=30,
    )
    p.placements.end(placement.id, on="2026-03-20")
    later = [
        a
        for a in p.rows(Activity, placement_id=placement.id)
        if a.scheduled_at and a.scheduled_at.date() > dt.date(2026, 3, 20)
    ]
    assert later and {a.status for a in later} == {ActivityStatus.CANCELLED}
    assert all(
        f.cancelled for f in p.rows(FollowUp, placement_id=placement.id) if f.due_date > dt.date(2026, 3, 20)
    )


def test_attendance_and_participant_hours(p: Programmes) -> None:
    pid = p.person()
    plan = p.plans.enrol(pid, Programme.INTRODUCTION, "2026-11-02")
    activities = sorted(
        p.rows(Activity, enrollment_id=plan.id), key=lambda a: a.scheduled_at or dt.datetime.max
    )
    p.attendance.record(activities[0].id, 120)  # the two-hour mapping
    p.attendance.record(activities[1].id, 0)  # missed
    assert p.rows(Activity, id=activities[1].id)[0].status is ActivityStatus.MISSED
    assert p.attendance.hours("2026-11-01", "2026-11-30") == {pid: 2.0}
    assert p.attendance.hours("2026-11-03", "2026-11-30") == {}  # the mapping was on 2 November
    assert p.attendance.hours("2026-11-01", "2026-11-30", participant_id="someone else") == {}


def test_a_group_session_takes_attendance_for_everyone_at_once(p: Programmes) -> None:
    people = [p.person("A", "One"), p.person("B", "Two"), p.person("C", "Three")]
    group = p.attendance.create_group_session(
        people, day="2026-11-25", time=dt.time(13), minutes=120, title="CV workshop"
    )
    rows = p.attendance.record_group(group, {people[0]: 120, people[1]: 60, people[2]: 0})
    assert sorted(r.attended_minutes or 0 for r in rows) == [0, 60, 120]
    assert p.attendance.hours("2026-11-25", "2026-11-25") == {people[0]: 2.0, people[1]: 1.0}


def test_goals_and_sub_goals_with_linked_activities(p: Programmes) -> None:
    pid = p.person()
    goal = p.goals.add(pid, title="Work as an assistant nurse", origin=GoalOrigin.PARTICIPANT_WISH)
    sub = p.goals.add(
        pid, title="Pass SFI course C", origin="employability", parent_id=goal.id, target_date="2027-03-01"
    )
    activity = p.goals.add_activity(
        pid, kind="sfi", day="2026-11-24", time=dt.time(9), minutes=180, goal_id=sub.id
    )
    assert [g.id for g in p.goals.goals(pid)] == [goal.id, sub.id]
    assert p.rows(Activity, id=activity.id)[0].goal_id == sub.id
    p.goals.set_status(sub.id, GoalStatus.ACHIEVED, on="2027-02-20")
    assert p.rows(Goal, id=sub.id)[0].achieved_on == dt.date(2027, 2, 20)
    with pytest.raises(ValidationError, match="sub-goal"):
        p.goals.add(pid, title="Deeper", origin="employability", parent_id=sub.id)


def test_exit_closes_open_work_and_schedules_the_90_day_follow_up(p: Programmes) -> None:
    pid = p.person()
    p.plans.enrol(pid, Programme.INTENSIVE, "2026-01-05")
    employer_id, _ = _employer(p)
    placement = p.placements.create(
        pid,
        employer_id=employer_id,
        kind="internship",
        start="2026-03-02",
        end="2026-06-26",
        hours_per_week=30,
    )
    p.exits.exit(pid, exit_date="2026-04-30", destination=Destination.WORK, chances_improved=True)
    assert p.rows(Participant, id=pid)[0].status is ParticipantStatus.EXITED
    assert p.rows(Placement, id=placement.id)[0].end_date == dt.date(2026, 4, 30)
    (day_90,) = [f for f in p.rows(FollowUp, participant_id=pid) if f.kind is FollowUpKind.DAY_90]
    assert day_90.due_date == dt.date(2026, 7, 29)
    p.exits.record_day_90(day_90.id, done_on="2026-07-29", outcome="work", chances_improved=True)
    stored = p.rows(FollowUp, id=day_90.id)[0]
    assert stored.outcome is Destination.WORK and stored.chances_improved is True
    with pytest.raises(ValidationError, match="already exited"):
        p.exits.exit(pid, exit_date="2026-05-30", destination="studies")


def test_a_placement_that_would_start_after_the_exit_is_removed_not_shortened(p: Programmes) -> None:
    pid = p.person()
    p.plans.enrol(pid, Programme.INTENSIVE, "2026-01-05")
    employer_id, _ = _employer(p)
    later = p.placements.create(pid, employer_id=employer_id, kind="internship", start="2026-05-04",
                                end="2026-06-26", hours_per_week=30)
    p.exits.exit(pid, exit_date="2026-04-30", destination="work")
    assert p.rows(Placement, id=later.id)[0].deleted
    assert {a.status for a in p.rows(Activity, placement_id=later.id)} == {ActivityStatus.CANCELLED}
    assert all(f.cancelled for f in p.rows(FollowUp, placement_id=later.id))


def test_the_90_day_follow_up_due_on_a_holiday_moves_to_the_next_working_day(p: Programmes) -> None:
    pid = p.person()
    p.plans.enrol(pid, Programme.INTENSIVE, "2026-03-02")
    p.exits.exit(pid, exit_date="2026-09-25", destination="studies")  # + 90 days = 24 December
    (day_90,) = p.rows(FollowUp, participant_id=pid)
    assert day_90.due_date == dt.date(2026, 12, 28)


Attempt = Callable[[Programmes, str, str], object]


@pytest.mark.parametrize(
    ("attempt", "field"),
    [
        (
            lambda p, pid, emp: p.placements.create(
                pid,
                employer_id=None,
                kind="internship",
                start="2026-03-02",
                end="2026-04-24",
                hours_per_week=20,
            ),
            "employer_id",
        ),
        (
            lambda p, pid, emp: p.placements.create(
                pid,
                employer_id="gone",
                kind="internship",
                start="2026-03-02",
                end="2026-04-24",
                hours_per_week=20,
            ),
            "employer_id",
        ),
        (
            lambda p, pid, emp: p.placements.create(
                pid,
                employer_id=emp,
                kind="internship",
                start="2026-03-02",
                end="2026-02-24",
                hours_per_week=20,
            ),
            "end_date",
        ),
        (
            lambda p, pid, emp: p.placements.create(
                pid,
                employer_id=emp,
                kind="internship",
                start="2026-03-02",
                end="2026-04-24",
                hours_per_week=60,
            ),
            "hours_per_week",
        ),
        (
            lambda p, pid, emp: p.placements.create(
                pid,
                employer_id=emp,
                kind="internship",
                start="2026-03-02",
                end="2026-04-24",
                hours_per_week=20,
                supervisor_id="x",
            ),
            "supervisor_id",
        ),
        (lambda p, pid, emp: p.attendance.record(_first_activity(p, pid), 9999), "attended_minutes"),
        (lambda p, pid, emp: p.attendance.record(_first_activity(p, pid), 121), "attended_minutes"),
        (
            lambda p, pid, emp: p.goals.add_activity(
                pid, kind="coaching", day="2026-12-25", time=None, minutes=60
            ),
            "day",
        ),
        (
            lambda p, pid, emp: p.goals.add_activity(
                pid, kind="coaching", day="2026-11-28", time=None, minutes=60
            ),
            "day",
        ),
        (
            lambda p, pid, emp: p.exits.record_day_90(
                _day_90(p, pid), done_on="2026-12-01", outcome="moved", chances_improved=False
            ),
            "outcome",
        ),
    ],
)
def test_bad_input_gets_a_clear_error_and_saves_nothing(p: Programmes, attempt: Attempt, field: str) -> None:
    pid = p.person()
    p.plans.enrol(pid, Programme.INTRODUCTION, "2026-11-02")
    employer_id, _ = _employer(p)
    other = p.person("Jonas", "Berg")
    p.plans.enrol(other, Programme.INTENSIVE, "2026-01-05")
    p.exits.exit(other, exit_date="2026-06-01", destination="work")
    before = p.row_counts()
    with pytest.raises(ValidationError) as caught:
        attempt(p, pid if field != "outcome" else other, employer_id)
    assert field in caught.value.errors
    assert p.row_counts() == before


def test_group_attendance_with_one_wrong_row_saves_none(p: Programmes) -> None:
    people = [p.person("A", "One"), p.person("B", "Two")]
    group = p.attendance.create_group_session(people, day="2026-11-25", time=dt.time(13), minutes=60)
    before = p.row_counts()
    with pytest.raises(ValidationError) as caught:
        p.attendance.record_group(group, {people[0]: 60, people[1]: 90, "stranger": 10})
    assert set(caught.value.errors) == {people[1], "stranger"}
    assert p.row_counts() == before
    assert {a.status for a in p.rows(Activity, group_id=group)} == {ActivityStatus.PLANNED}
    with pytest.raises(NotFoundError):
        p.attendance.record_group("no-such-group", {})


def _first_activity(p: Programmes, pid: str) -> str:
    return min(p.rows(Activity, participant_id=pid), key=lambda a: a.scheduled_at or dt.datetime.max).id


def _day_90(p: Programmes, pid: str) -> str:
    return next(f.id for f in p.rows(FollowUp, participant_id=pid) if f.kind is FollowUpKind.DAY_90)
