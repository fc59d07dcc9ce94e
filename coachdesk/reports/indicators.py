"""The indicators' SQL: GROUP BY queries whose small result cubes the layout folds into tables.

At 100,000 participants the vault holds millions of activities; every query aggregates inside SQLite and
returns at most a few thousand cells, so nothing per participant crosses into Python. Who is counted, with
their start and age group, is worked out once per report (``cohorts.cohort``) and joined by every query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, Table, and_, case, func, literal_column, select
from sqlalchemy.orm import Session

from coachdesk.models import Activity, Exit, FollowUp
from coachdesk.models.enums import Destination, FollowUpKind, Gender, TargetGroup
from coachdesk.reports.cohorts import AgeGroup, code, cohort, gender_of
from coachdesk.reports.period import Period


class FollowUpState:
    """Where the 90-day follow-up of an exit stands on the as-of day."""

    RECORDED = "recorded"
    NOT_DUE = "not_due"  # due after the as-of day
    OVERDUE = "overdue"  # due, not recorded
    MISSING = "missing"  # none booked (or cancelled)


@dataclass(frozen=True)
class StartCell:
    gender: Gender
    age_group: AgeGroup
    target_group: TargetGroup | None
    foreign_born: bool | None
    disability: bool | None
    year: int
    participants: int


@dataclass(frozen=True)
class HourCell:
    gender: Gender
    age_group: AgeGroup
    foreign_born: bool | None
    year: int
    minutes: int


@dataclass(frozen=True)
class ExitCell:
    gender: Gender
    age_group: AgeGroup
    foreign_born: bool | None
    destination: Destination | None
    chances_at_exit: bool | None
    follow_up: str  # a FollowUpState
    outcome: Destination | None
    chances_at_90: bool | None
    participants: int


@dataclass(frozen=True)
class Cubes:
    period: Period
    as_of: dt.date
    starts: tuple[StartCell, ...]
    hours: tuple[HourCell, ...]
    exits: tuple[ExitCell, ...]


def _enum(kind: type[Any], value: object) -> Any:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        return None


def _flag(value: object) -> bool | None:
    return None if value is None else bool(value)


def _starts(session: Session, period: Period, people: Table) -> tuple[StartCell, ...]:
    year = func.substr(people.c.started, 1, 4)
    columns = (people.c.gender, people.c.age_group, people.c.target_group, people.c.foreign_born,
               people.c.disability, year)
    query = (
        select(*columns, func.count())
        .where(people.c.started.between(period.first, period.last))
        .group_by(*columns)
    )
    return tuple(
        StartCell(gender_of(gender), AgeGroup(group_code), _enum(TargetGroup, target), _flag(born),
                  _flag(disability), int(year_text), n)
        for gender, group_code, target, born, disability, year_text, n in session.execute(query)
    )


def _year_parts(period: Period) -> list[tuple[int, dt.datetime, dt.datetime]]:
    """``(year, from, before)``: the period cut at each new year, as timestamps (``from <= t < before``)."""
    parts = []
    for year in period.years():
        first = max(period.first, dt.date(year, 1, 1))
        after = min(period.after, dt.date(year + 1, 1, 1))
        parts.append((year, dt.datetime.combine(first, dt.time()), dt.datetime.combine(after, dt.time())))
    return parts


def hours_query(people: Table, first: dt.datetime, before: dt.datetime) -> Select[Any]:
    """``(gender, age group, foreign-born, minutes)``: attended minutes from ``first`` until ``before``.

    The cohort is read in id order and each participant's minutes are summed from one range of
    ix_activities_attended (participant, time, minutes; attended, live rows only): no activity row is read
    and nothing is sorted but one small row per participant. The LEFT JOIN keeps that order (as an inner
    join SQLite reads the whole index and looks up each row's participant); the ON clause states the
    index's two conditions, with a literal 0, or SQLite could not use it.
    """
    per_person = (
        select(people.c.gender, people.c.age_group, people.c.foreign_born,
               func.sum(Activity.attended_minutes).label("minutes"))
        .outerjoin_from(people, Activity, and_(
            Activity.participant_id == people.c.id,
            Activity.attended_minutes > literal_column("0"), Activity.deleted.is_(False),
            Activity.scheduled_at >= first, Activity.scheduled_at < before))
        .group_by(people.c.id)
        .subquery("attended")
    )
    columns = (per_person.c.gender, per_person.c.age_group, per_person.c.foreign_born)
    return (
        select(*columns, func.sum(per_person.c.minutes))
        .where(per_person.c.minutes.is_not(None))
        .group_by(*columns)
    )


def _hours(session: Session, period: Period, people: Table) -> tuple[HourCell, ...]:
    # One query per calendar year the period touches: the year is then known without grouping by it.
    return tuple(
        HourCell(gender_of(gender), AgeGroup(group_code), _flag(born), year, int(minutes))
        for year, first, before in _year_parts(period)
        for gender, group_code, born, minutes in session.execute(hours_query(people, first, before))
    )


def _exits(session: Session, period: Period, as_of: dt.date, people: Table) -> tuple[ExitCell, ...]:
    # A participant who exited twice in the period counts once, with the later exit. (Partitioned by an
    # expression so SQLite reads the table in order rather than row by row through the index.)
    latest = func.row_number().over(partition_by=Exit.participant_id.concat(""),
                                    order_by=(Exit.exit_date.desc(), Exit.id.desc()))
    exits = (
        select(Exit.participant_id, Exit.exit_date, code(Exit.destination).label("destination"),
               Exit.chances_improved, latest.label("n"))
        .where(Exit.deleted.is_(False), Exit.exit_date.between(period.first, period.last))
        .cte("exits_in_period").prefix_with("MATERIALIZED")
    )
    # Every booked 90-day follow-up, read once in table order (not fetched one by one by participant).
    booked = (
        select(FollowUp.participant_id, FollowUp.id, FollowUp.due_date,
               code(FollowUp.outcome).label("outcome"), FollowUp.chances_improved)
        .where(FollowUp.kind == FollowUpKind.DAY_90, FollowUp.deleted.is_(False),
               FollowUp.cancelled.is_(False))
        .cte("booked").prefix_with("MATERIALIZED")
    )
    # The exit's 90-day follow-up: the first one due after that exit.
    first_due = func.row_number().over(partition_by=exits.c.participant_id,
                                       order_by=(booked.c.due_date, booked.c.id))
    follow_ups = (
        select(exits.c.participant_id, booked.c.due_date, booked.c.outcome, booked.c.chances_improved,
               first_due.label("n"))
        .join_from(exits, booked, and_(booked.c.participant_id == exits.c.participant_id,
                                       booked.c.due_date > exits.c.exit_date))
        .where(exits.c.n == 1)
        .cte("day_90").prefix_with("MATERIALIZED")
    )
    state = case(
        (follow_ups.c.participant_id.is_(None), FollowUpState.MISSING),
        (follow_ups.c.outcome.is_not(None), FollowUpState.RECORDED),
        (follow_ups.c.due_date > as_of, FollowUpState.NOT_DUE),
        else_=FollowUpState.OVERDUE,
    )
    columns = (people.c.gender, people.c.age_group, people.c.foreign_born, exits.c.destination,
               exits.c.chances_improved, state, follow_ups.c.outcome, follow_ups.c.chances_improved)
    query = (
        select(*columns, func.count())
        .join_from(exits, people, people.c.id == exits.c.participant_id)
        .outerjoin(follow_ups, and_(follow_ups.c.participant_id == exits.c.participant_id,
                                    follow_ups.c.n == 1))
        .where(exits.c.n == 1)
        .group_by(*columns)
    )
    return tuple(
        ExitCell(gender_of(gender), AgeGroup(group_code), _flag(born), _enum(Destination, destination),
                 _flag(at_exit), str(follow_up), _enum(Destination, outcome), _flag(at_90), n)
        for gender, group_code, born, destination, at_exit, follow_up, outcome, at_90, n
        in session.execute(query)
    )


def compute(session: Session, period: Period, *, as_of: dt.date) -> Cubes:
    """Every indicator's cube for ``period``, as the vault stood on ``as_of`` (normally today)."""
    with cohort(session, as_of) as people:
        return Cubes(period, as_of, _starts(session, period, people), _hours(session, period, people),
                     _exits(session, period, as_of, people))
