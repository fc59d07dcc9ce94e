"""The indicators' SQL: three GROUP BY queries whose small result cubes the layout folds into tables.

At 100,000 participants the vault holds millions of activities; every query aggregates inside SQLite and
returns at most a few thousand cells, so nothing per participant crosses into Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from coachdesk.models import Activity, Exit, FollowUp, Participant
from coachdesk.models.enums import Destination, FollowUpKind, Gender, TargetGroup
from coachdesk.reports.cohorts import AgeGroup, age_group, code, first_starts, gender_of, present
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


def _starts(session: Session, period: Period, as_of: dt.date) -> tuple[StartCell, ...]:
    starts = first_starts(as_of)
    group = age_group(Participant.birth_date, starts.c.started)
    year = func.substr(starts.c.started, 1, 4)
    columns = (code(Participant.gender), group, code(Participant.target_group), Participant.foreign_born,
               Participant.disability_affects_work, year)
    query = (
        select(*columns, func.count())
        .outerjoin_from(Participant, starts, starts.c.participant_id == Participant.id)
        .where(Participant.deleted.is_(False),
               present(starts.c.started).between(period.first.isoformat(), period.last.isoformat()))
        .group_by(*columns)
    )
    return tuple(
        StartCell(gender_of(gender), AgeGroup(group_code), _enum(TargetGroup, target), _flag(born),
                  _flag(disability), int(year_text), n)
        for gender, group_code, target, born, disability, year_text, n in session.execute(query)
    )


def _hours(session: Session, period: Period, as_of: dt.date) -> tuple[HourCell, ...]:
    # Summed per participant and year inside SQLite first; then participants are read once, in order, and
    # meet those sums through an automatic index (a plain join would look each one up at random by id).
    scheduled = Activity.scheduled_at
    year = func.substr(scheduled, 1, 4)
    per_person = (
        select(Activity.participant_id.label("participant_id"), year.label("year"),
               func.sum(Activity.attended_minutes).label("minutes"))
        .where(Activity.deleted.is_(False), Activity.attended_minutes > 0,
               scheduled >= dt.datetime.combine(period.first, dt.time()),
               scheduled < dt.datetime.combine(period.after, dt.time()))
        .group_by(Activity.participant_id, year)
        .subquery("attended")
    )
    starts = first_starts(as_of)
    group = age_group(Participant.birth_date, starts.c.started)
    columns = (code(Participant.gender), group, Participant.foreign_born, per_person.c.year)
    query = (
        select(*columns, func.sum(per_person.c.minutes))
        .outerjoin_from(Participant, per_person, per_person.c.participant_id == Participant.id)
        .outerjoin(starts, starts.c.participant_id == Participant.id)
        .where(Participant.deleted.is_(False), present(per_person.c.year) != "")
        .group_by(*columns)
    )
    return tuple(
        HourCell(gender_of(gender), AgeGroup(group_code), _flag(born), int(year_text), int(minutes))
        for gender, group_code, born, year_text, minutes in session.execute(query)
    )


def _exits(session: Session, period: Period, as_of: dt.date) -> tuple[ExitCell, ...]:
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
    starts = first_starts(as_of)
    group = age_group(Participant.birth_date, starts.c.started)
    columns = (code(Participant.gender), group, Participant.foreign_born, exits.c.destination,
               exits.c.chances_improved, state, follow_ups.c.outcome, follow_ups.c.chances_improved)
    query = (
        select(*columns, func.count())
        .outerjoin_from(Participant, exits, and_(exits.c.participant_id == Participant.id, exits.c.n == 1))
        .outerjoin(starts, starts.c.participant_id == Participant.id)
        .outerjoin(follow_ups, and_(follow_ups.c.participant_id == Participant.id, follow_ups.c.n == 1))
        .where(Participant.deleted.is_(False), present(exits.c.n) == 1)
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
    return Cubes(period, as_of, _starts(session, period, as_of), _hours(session, period, as_of),
                 _exits(session, period, as_of))
