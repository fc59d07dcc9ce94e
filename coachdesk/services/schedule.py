"""Turn a programme template and a start date into a schedule in ISO weeks (pure: no database).

Plan week 1 is the ISO week of the start date. Each plan week maps to a calendar week; a pause of N weeks
pushes every plan week from the paused one onwards N calendar weeks later. Activities land on working days
inside their week (a holiday moves a meeting to another day of the same week, never to another week), so
week numbers stay what the coach and participant agreed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from coachdesk.models.enums import ActivityKind, CheckpointKind
from coachdesk.services.calendar import IsoWeek, last_working_day, next_working_day, working_day_in_week
from coachdesk.services.templates import LocalText, ProgrammeTemplate, resolve_week


@dataclass(frozen=True)
class PauseSpan:
    start: dt.date
    weeks: int


@dataclass(frozen=True)
class PlannedActivity:
    slot: str  # stable across re-planning: "phase/kind/plan week/weekday"
    kind: ActivityKind
    plan_week: int
    day: dt.date
    time: dt.time
    minutes: int
    title: LocalText | None

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.time)


@dataclass(frozen=True)
class PlannedCheckpoint:
    kind: CheckpointKind
    plan_week: int
    due: dt.date


@dataclass(frozen=True)
class Schedule:
    start: dt.date
    length_weeks: int
    weeks: tuple[IsoWeek, ...]  # the calendar week of each plan week, in order
    activities: tuple[PlannedActivity, ...]
    checkpoints: tuple[PlannedCheckpoint, ...]

    @property
    def end_date(self) -> dt.date:
        """The last working day of the last plan week."""
        last = last_working_day(self.weeks[-1])
        return last if last is not None else self.weeks[-1].sunday


def plan_weeks(start: dt.date, length_weeks: int, pauses: Sequence[PauseSpan] = ()) -> tuple[IsoWeek, ...]:
    """The calendar week of each plan week, with every pause inserted before the week it starts in."""
    pending = sorted((IsoWeek.of(p.start), p.weeks) for p in pauses if p.weeks > 0)
    weeks: list[IsoWeek] = []
    week = IsoWeek.of(start)
    for _index in range(length_weeks):
        while pending and pending[0][0] <= week:
            week = week.plus(pending.pop(0)[1])
        weeks.append(week)
        week = week.plus(1)
    return tuple(weeks)


def build_schedule(
    template: ProgrammeTemplate,
    *,
    start: dt.date,
    length_weeks: int,
    meeting_weekday: int | None = None,
    meeting_time: dt.time | None = None,
    pauses: Sequence[PauseSpan] = (),
) -> Schedule:
    start = next_working_day(start)
    weeks = plan_weeks(start, length_weeks, pauses)
    weekday = meeting_weekday or template.meeting.weekday
    clock = meeting_time or template.meeting.time
    activities: list[PlannedActivity] = []
    for phase in template.phases:
        first = resolve_week(phase.from_week, length_weeks)
        last = resolve_week(phase.to_week, length_weeks)
        for item in phase.activities:
            for plan_week in range(first, last + 1, item.every_weeks):
                calendar_week = weeks[plan_week - 1]
                for wanted in item.weekdays or (weekday,):
                    # Nothing before the start date: in week 1 a Monday item moves to the start day.
                    day = working_day_in_week(calendar_week, wanted, not_before=start)
                    if day is None:
                        continue  # the whole rest of the week is holidays or before the start
                    activities.append(
                        PlannedActivity(
                            slot=f"{phase.id}/{item.kind.value}/{plan_week}/{wanted}",
                            kind=item.kind,
                            plan_week=plan_week,
                            day=day,
                            time=item.time or clock,
                            minutes=item.minutes,
                            title=item.title,
                        )
                    )
    checkpoints = []
    for checkpoint in template.checkpoints:
        plan_week = resolve_week(checkpoint.week, length_weeks)
        due = last_working_day(weeks[plan_week - 1]) or weeks[plan_week - 1].sunday
        checkpoints.append(PlannedCheckpoint(checkpoint.kind, plan_week, due))
    activities.sort(key=lambda a: (a.day, a.time, a.slot))
    return Schedule(start, length_weeks, weeks, tuple(activities), tuple(checkpoints))
