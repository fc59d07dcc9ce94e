"""Enrolment, the employability assessment, the intensive action plan and its changes, on a real vault."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from coachdesk.errors import ValidationError
from coachdesk.models import Activity, Checkpoint, Enrollment, Exit, FollowUp, Participant
from coachdesk.models.enums import (
    ActivityStatus,
    AssessmentDecision,
    CheckpointKind,
    CheckpointStatus,
    Destination,
    EnrollmentStatus,
    FollowUpKind,
    ParticipantStatus,
    PauseReason,
    Programme,
)
from coachdesk.models.store import Store
from coachdesk.services import office_settings
from coachdesk.services.calendar import IsoWeek, is_working_day
from coachdesk.services.plans import DIMENSIONS
from tests.unit.services.programme_fixtures import Programmes

START = dt.date(2026, 11, 2)
RATINGS = {dimension: (3, None) for dimension in DIMENSIONS}


@pytest.fixture
def p(store: Store) -> Programmes:
    return Programmes.over(store)


def test_enrolling_in_the_introduction_makes_a_four_week_schedule_with_the_assessment(p: Programmes) -> None:
    pid = p.person()
    enrollment = p.plans.enrol(pid, Programme.INTRODUCTION, START)
    assert enrollment.planned_end_date == dt.date(2026, 11, 27)
    activities = p.rows(Activity, enrollment_id=enrollment.id)
    weeks = {(a.iso_year, a.iso_week) for a in activities}
    assert weeks == {(2026, w) for w in (45, 46, 47, 48)}
    assert all(a.scheduled_at is not None and is_working_day(a.scheduled_at.date()) for a in activities)
    (assessment,) = p.rows(Checkpoint, enrollment_id=enrollment.id)
    assert assessment.kind is CheckpointKind.ASSESSMENT and assessment.due_date == dt.date(2026, 11, 27)
    assert p.rows(Participant, id=pid)[0].status is ParticipantStatus.INTRODUCTION


def test_assessment_continuing_to_the_intensive_plan(p: Programmes) -> None:
    pid = p.person()
    intro = p.plans.enrol(pid, Programme.INTRODUCTION, START)
    p.plans.record_assessment(
        intro.id,
        assessed_on="2026-11-27",
        ratings=RATINGS,
        decision=AssessmentDecision.CONTINUE_INTENSIVE,
        intensive_weeks=27,
    )
    enrollments = {e.programme: e for e in p.rows(Enrollment, participant_id=pid)}
    assert enrollments[Programme.INTRODUCTION].status is EnrollmentStatus.COMPLETED
    intensive = enrollments[Programme.INTENSIVE]
    assert intensive.start_date == dt.date(2026, 11, 30) and intensive.length_weeks == 27
    assert IsoWeek.of(intensive.start_date).weeks_until(IsoWeek.of(intensive.planned_end_date)) == 26
    kinds = {c.kind: c.status for c in p.rows(Checkpoint, participant_id=pid)}
    assert kinds == {
        CheckpointKind.ASSESSMENT: CheckpointStatus.DONE,
        CheckpointKind.MIDPOINT_REVIEW: CheckpointStatus.DUE,
        CheckpointKind.FINAL_REVIEW: CheckpointStatus.DUE,
    }
    assert p.rows(Participant, id=pid)[0].status is ParticipantStatus.INTENSIVE


def test_assessment_deciding_exit_to_work_schedules_the_90_day_follow_up(p: Programmes) -> None:
    pid = p.person()
    intro = p.plans.enrol(pid, Programme.INTRODUCTION, START)
    p.plans.record_assessment(
        intro.id, assessed_on="2026-11-20", ratings=RATINGS, decision=AssessmentDecision.EXIT_WORK
    )
    (exit_row,) = p.rows(Exit, participant_id=pid)
    assert exit_row.destination is Destination.WORK and exit_row.exit_date == dt.date(2026, 11, 20)
    (follow_up,) = p.rows(FollowUp, participant_id=pid)
    assert follow_up.kind is FollowUpKind.DAY_90 and follow_up.due_date == dt.date(2027, 2, 18)
    later = [
        a
        for a in p.rows(Activity, participant_id=pid)
        if a.scheduled_at and a.scheduled_at.date() > dt.date(2026, 11, 20)
    ]
    assert later and all(a.status is ActivityStatus.CANCELLED for a in later)


def test_extending_and_shortening_moves_the_final_review_and_keeps_held_activities(p: Programmes) -> None:
    pid = p.person()
    plan = p.plans.enrol(pid, Programme.INTENSIVE, "2026-01-05", length_weeks=26)
    first = min(p.rows(Activity, enrollment_id=plan.id), key=lambda a: a.scheduled_at or dt.datetime.max)
    p.attendance.record(first.id, first.planned_minutes)
    p.plans.change_length(plan.id, 30)
    final = next(
        c for c in p.rows(Checkpoint, enrollment_id=plan.id) if c.kind is CheckpointKind.FINAL_REVIEW
    )
    assert IsoWeek.of(final.due_date) == IsoWeek(2026, 2).plus(29)
    p.plans.change_length(plan.id, 26)
    live = [a for a in p.rows(Activity, enrollment_id=plan.id) if not a.deleted]
    assert max(IsoWeek(a.iso_year, a.iso_week) for a in live) == IsoWeek(2026, 2).plus(25)
    held = p.rows(Activity, id=first.id)[0]
    assert held.status is ActivityStatus.DONE and held.scheduled_at == first.scheduled_at


def test_a_pause_moves_the_rest_of_the_plan_by_its_length(p: Programmes) -> None:
    pid = p.person()
    plan = p.plans.enrol(pid, Programme.INTENSIVE, "2026-01-05", length_weeks=26)
    before = {a.plan_slot: IsoWeek(a.iso_year, a.iso_week) for a in p.rows(Activity, enrollment_id=plan.id)}
    p.plans.pause(plan.id, start="2026-03-02", weeks=4, reason=PauseReason.SICK_LEAVE)
    after = {
        a.plan_slot: IsoWeek(a.iso_year, a.iso_week)
        for a in p.rows(Activity, enrollment_id=plan.id)
        if not a.deleted
    }
    pause_week = IsoWeek(2026, 10)
    assert after.keys() == before.keys()
    for slot, week in before.items():
        assert after[slot] == (week if week < pause_week else week.plus(4))
    assert p.rows(Enrollment, id=plan.id)[0].planned_end_date == dt.date(2026, 7, 31)


def test_discontinuing_cancels_what_was_still_planned(p: Programmes) -> None:
    pid = p.person()
    plan = p.plans.enrol(pid, Programme.INTENSIVE, "2026-01-05")
    p.plans.discontinue(plan.id, on="2026-02-13", reason="Moved to another municipality")
    stored = p.rows(Enrollment, id=plan.id)[0]
    assert stored.status is EnrollmentStatus.DISCONTINUED and stored.end_reason
    later = [
        a
        for a in p.rows(Activity, enrollment_id=plan.id)
        if a.scheduled_at and a.scheduled_at.date() > dt.date(2026, 2, 13)
    ]
    assert later and {a.status for a in later} == {ActivityStatus.CANCELLED}
    assert {c.status for c in p.rows(Checkpoint, enrollment_id=plan.id)} == {CheckpointStatus.CANCELLED}
    with pytest.raises(ValidationError, match="ended"):
        p.plans.change_length(plan.id, 28)


def test_a_review_is_recorded_once(p: Programmes) -> None:
    plan = p.plans.enrol(p.person(), Programme.INTENSIVE, "2026-01-05")
    mid = next(
        c for c in p.rows(Checkpoint, enrollment_id=plan.id) if c.kind is CheckpointKind.MIDPOINT_REVIEW
    )
    p.plans.complete_checkpoint(mid.id, done_on=mid.due_date, note="On track")
    with pytest.raises(ValidationError):
        p.plans.complete_checkpoint(mid.id, done_on=mid.due_date)


def test_cohort_intake_names_the_next_intake_week(p: Programmes) -> None:
    office_settings.update(
        p.store, {"continuous_intake": False, "intake_anchor": "2026-01-05", "intake_every_weeks": 4}
    )
    with pytest.raises(ValidationError, match="week 50"):
        p.plans.enrol(p.person(), Programme.INTRODUCTION, "2026-11-16")  # week 47; intakes in 46, 50, ...
    assert p.plans.enrol(p.person("Jonas", "Berg"), Programme.INTRODUCTION, "2026-12-07")


BadInput = Callable[[Programmes, str, str], object]


@pytest.mark.parametrize(
    ("attempt", "field"),
    [
        (lambda p, pid, other: p.plans.enrol(pid, Programme.INTRODUCTION, START), "programme"),
        (lambda p, pid, other: p.plans.enrol(pid, Programme.INTENSIVE, START, length_weeks=28), "programme"),
        (
            lambda p, pid, other: p.plans.enrol(other, Programme.INTENSIVE, START, length_weeks=25),
            "length_weeks",
        ),
        (
            lambda p, pid, other: p.plans.enrol(other, Programme.INTENSIVE, START, length_weeks=31),
            "length_weeks",
        ),
        (lambda p, pid, other: p.plans.enrol(other, Programme.INTENSIVE, "not a date"), "start_date"),
        (
            lambda p, pid, other: p.plans.enrol(other, Programme.INTRODUCTION, START, meeting_weekday=6),
            "meeting_weekday",
        ),
        (lambda p, pid, other: p.exits.exit(pid, exit_date="2026-10-30", destination="work"), "exit_date"),
        (
            lambda p, pid, other: p.exits.exit(pid, exit_date="2026-12-01", destination="nowhere"),
            "destination",
        ),
        (
            lambda p, pid, other: p.plans.record_assessment(
                _intro(p, pid),
                assessed_on="2026-11-27",
                ratings={"motivation": (3, None)},
                decision=AssessmentDecision.EXIT_WORK,
            ),
            "education",
        ),
        (
            lambda p, pid, other: p.plans.record_assessment(
                _intro(p, pid),
                assessed_on="2026-11-27",
                ratings={**RATINGS, "motivation": (9, None)},
                decision=AssessmentDecision.EXIT_WORK,
            ),
            "motivation",
        ),
        (
            lambda p, pid, other: p.plans.record_assessment(
                _intro(p, pid),
                assessed_on="2026-11-27",
                ratings=RATINGS,
                decision=AssessmentDecision.CONTINUE_INTENSIVE,
                intensive_weeks=40,
            ),
            "length_weeks",
        ),
        (
            lambda p, pid, other: p.plans.record_assessment(
                _intro(p, pid),
                assessed_on="2026-10-01",
                ratings=RATINGS,
                decision=AssessmentDecision.EXIT_WORK,
            ),
            "assessed_on",
        ),
        (
            lambda p, pid, other: p.plans.pause(
                _intro(p, pid), start="2027-06-01", weeks=2, reason=PauseReason.SICK_LEAVE
            ),
            "start_date",
        ),
        (
            lambda p, pid, other: p.plans.discontinue(_intro(p, pid), on="2026-12-01", reason="  "),
            "end_reason",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_saves_nothing(
    p: Programmes, attempt: BadInput, field: str
) -> None:
    pid, other = p.person(), p.person("Jonas", "Berg")
    p.plans.enrol(pid, Programme.INTRODUCTION, START)
    before = p.row_counts()
    with pytest.raises(ValidationError) as caught:
        attempt(p, pid, other)
    assert field in caught.value.errors and all(caught.value.errors.values())
    assert p.row_counts() == before


def _intro(p: Programmes, pid: str) -> str:
    return next(e.id for e in p.rows(Enrollment, participant_id=pid) if e.programme is Programme.INTRODUCTION)
