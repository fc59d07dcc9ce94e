"""ISO weeks, Swedish working days and schedules built from the bundled templates (pure, no database)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk.errors import ValidationError
from coachdesk.models.enums import CheckpointKind
from coachdesk.services.calendar import IsoWeek, is_working_day, next_working_day, working_day_in_week
from coachdesk.services.schedule import PauseSpan, build_schedule, plan_weeks
from coachdesk.services.templates import ProgrammeTemplate, TemplateLibrary

LIBRARY = TemplateLibrary.load()
INTRO = LIBRARY.get("introduction")
INTENSIVE = LIBRARY.get("intensive")
starts = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
lengths = st.integers(min_value=26, max_value=30)
PROPERTY = settings(max_examples=150, deadline=None)


def test_weeks_are_right_across_year_ends() -> None:
    assert IsoWeek.of(dt.date(2026, 12, 28)) == IsoWeek(2026, 53)
    assert IsoWeek.of(dt.date(2027, 1, 3)) == IsoWeek(2026, 53)
    assert IsoWeek.of(dt.date(2027, 1, 4)) == IsoWeek(2027, 1)
    assert IsoWeek(2026, 53).plus(1) == IsoWeek(2027, 1)
    assert str(IsoWeek.parse("2026-W48")) == "2026-W48" and IsoWeek.parse("2026w5") == IsoWeek(2026, 5)


@pytest.mark.parametrize("text", ["2027-W53", "2026-W00", "48", "", "2026-48"])
def test_a_week_that_does_not_exist_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="2026-W48"):
        IsoWeek.parse(text)


def test_swedish_holidays_and_weekends_are_not_working_days() -> None:
    for holiday in (
        "2026-01-06",
        "2026-04-03",
        "2026-04-06",
        "2026-05-01",
        "2026-05-14",
        "2026-06-19",
        "2026-12-24",
        "2026-12-25",
        "2026-12-31",
        "2027-01-01",
    ):
        assert not is_working_day(dt.date.fromisoformat(holiday)), holiday
    assert not is_working_day(dt.date(2026, 11, 21))  # a Saturday
    assert is_working_day(dt.date(2026, 11, 23))
    assert next_working_day(dt.date(2026, 12, 24)) == dt.date(2026, 12, 28)
    # A Thursday that is Christmas Eve, with Christmas Day after it: the meeting moves back to Wednesday.
    assert working_day_in_week(IsoWeek(2026, 52), 4) == dt.date(2026, 12, 23)


def test_an_introduction_over_new_year_spans_four_iso_weeks_and_skips_the_holidays() -> None:
    schedule = build_schedule(INTRO, start=dt.date(2026, 12, 21), length_weeks=4)
    assert [str(w) for w in schedule.weeks] == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]
    days = {a.day for a in schedule.activities}
    assert dt.date(2027, 1, 6) not in days and dt.date(2027, 1, 7) in days  # Epiphany moves to Thursday
    assessment = schedule.checkpoints[0]
    assert assessment.kind is CheckpointKind.ASSESSMENT and assessment.due == dt.date(2027, 1, 15)
    assert schedule.end_date == dt.date(2027, 1, 15)


def test_nothing_is_planned_before_the_start_date() -> None:
    schedule = build_schedule(INTRO, start=dt.date(2026, 11, 25), length_weeks=4)  # a Wednesday
    assert min(a.day for a in schedule.activities) == dt.date(2026, 11, 25)
    assert {a.slot for a in schedule.activities if a.plan_week == 1} >= {"mapping/mapping/1/1"}


@PROPERTY
@given(start=starts, length=lengths)
def test_a_plan_spans_exactly_its_length_in_consecutive_iso_weeks(start: dt.date, length: int) -> None:
    schedule = build_schedule(INTENSIVE, start=start, length_weeks=length)
    assert len(set(schedule.weeks)) == length
    assert schedule.weeks[0] == IsoWeek.of(next_working_day(start))
    assert all(b == a.plus(1) for a, b in zip(schedule.weeks, schedule.weeks[1:], strict=False))
    assert IsoWeek.of(schedule.end_date) == schedule.weeks[-1]


@PROPERTY
@given(start=starts, length=lengths, template=st.sampled_from([INTRO, INTENSIVE]))
def test_no_meeting_or_review_falls_on_a_weekend_or_a_public_holiday(
    start: dt.date, length: int, template: ProgrammeTemplate
) -> None:
    weeks = length if template is INTENSIVE else 4
    schedule = build_schedule(template, start=start, length_weeks=weeks)
    for activity in schedule.activities:
        assert is_working_day(activity.day), activity
        assert activity.day >= next_working_day(start)
        assert IsoWeek.of(activity.day) == schedule.weeks[activity.plan_week - 1]  # holidays never move weeks
    for checkpoint in schedule.checkpoints:
        assert is_working_day(checkpoint.due)


@PROPERTY
@given(start=starts, length=lengths, offset_days=st.integers(0, 200), pause_weeks=st.integers(1, 12))
def test_a_pause_shifts_everything_after_it_by_its_length(
    start: dt.date, length: int, offset_days: int, pause_weeks: int
) -> None:
    base = build_schedule(INTENSIVE, start=start, length_weeks=length)
    pause_start = base.weeks[0].monday + dt.timedelta(days=offset_days % (7 * length))
    paused = build_schedule(
        INTENSIVE, start=start, length_weeks=length, pauses=[PauseSpan(pause_start, pause_weeks)]
    )
    pause_week = IsoWeek.of(pause_start)
    for before, after in zip(base.weeks, paused.weeks, strict=True):
        assert after == (before if before < pause_week else before.plus(pause_weeks))
    moved = {a.slot: a for a in paused.activities}
    for activity in base.activities:
        if activity.slot in moved:
            shift = 0 if base.weeks[activity.plan_week - 1] < pause_week else pause_weeks
            assert IsoWeek.of(moved[activity.slot].day) == IsoWeek.of(activity.day).plus(shift)
    assert IsoWeek.of(paused.end_date) == IsoWeek.of(base.end_date).plus(pause_weeks)


def test_two_pauses_add_up() -> None:
    weeks = plan_weeks(
        dt.date(2026, 1, 5), 26, [PauseSpan(dt.date(2026, 2, 2), 2), PauseSpan(dt.date(2026, 4, 6), 3)]
    )
    assert len(weeks) == 26 and weeks[-1] == IsoWeek.of(dt.date(2026, 1, 5)).plus(25 + 5)


def test_the_intensive_plan_has_mid_point_and_final_reviews() -> None:
    for length, mid in ((26, 13), (27, 14), (30, 15)):
        schedule = build_schedule(INTENSIVE, start=dt.date(2026, 1, 5), length_weeks=length)
        by_kind = {c.kind: c for c in schedule.checkpoints}
        assert by_kind[CheckpointKind.MIDPOINT_REVIEW].plan_week == mid
        assert by_kind[CheckpointKind.FINAL_REVIEW].plan_week == length
        assert sum(a.kind.value == "coaching" for a in schedule.activities) == length  # weekly coaching
