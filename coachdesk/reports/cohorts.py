"""Who the indicators count, in SQL: a participant's first start, age at start and age group.

The rules (docs/indicators.md): a participant starts on the first start date of their enrolments that
were really begun — not deleted, on or before the as-of day, and not ended before they started (an
enrolment cancelled by an earlier exit never began). Age is in whole years on that day; a birthday counts
from the day whose month and day are not before the birth's (29 February: 1 March in common years).

A report works out who is counted, and as what, once: ``cohort`` fills a TEMP table with every live
participant's start and attributes, and each indicator's query joins that instead of reading participants
and enrolments again.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Subquery,
    Table,
    and_,
    case,
    cast,
    func,
    insert,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from coachdesk.models import Enrollment, Participant
from coachdesk.models.enums import Gender


class AgeGroup(enum.StrEnum):
    """The funder's age groups at start, and those outside them (shown, never dropped)."""

    YOUTH = "16-24"
    CORE = "25-54"
    SENIOR = "55-64"
    UNDER_16 = "under-16"
    OVER_64 = "65+"
    UNKNOWN = "unknown"  # no birth date, or no start


def first_starts(as_of: dt.date) -> Subquery:
    """``(participant_id, started)``: each participant's first real start on or before ``as_of``."""
    begun = and_(
        Enrollment.deleted.is_(False),
        Enrollment.start_date <= as_of,
        or_(Enrollment.ended_on.is_(None), Enrollment.ended_on >= Enrollment.start_date),
    )
    # Grouped by an expression, not the indexed column: SQLite then reads the table in order and sorts,
    # instead of fetching every row at random through the participant index (3x slower at 100,000).
    return (
        select(Enrollment.participant_id.label("participant_id"),
               func.min(Enrollment.start_date).label("started"))
        .where(begun)
        .group_by(Enrollment.participant_id.concat(""))
        .subquery("starts")
    )


def _year(day: Any) -> ColumnElement[int]:
    # Dates are stored as ISO text (YYYY-MM-DD): the year and the month-day are substrings.
    return cast(func.substr(day, 1, 4), Integer)


def age_at(birth: Any, day: Any) -> ColumnElement[int]:
    """Whole years from ``birth`` to ``day``, in SQL."""
    before_birthday = case((func.substr(day, 6, 5) < func.substr(birth, 6, 5), 1), else_=0)
    return _year(day) - _year(birth) - before_birthday


def age_group(birth: Any, started: Any) -> ColumnElement[str]:
    age = age_at(birth, started)
    return case(
        (or_(birth.is_(None), started.is_(None)), AgeGroup.UNKNOWN.value),
        (age < 16, AgeGroup.UNDER_16.value),
        (age <= 24, AgeGroup.YOUTH.value),
        (age <= 54, AgeGroup.CORE.value),
        (age <= 64, AgeGroup.SENIOR.value),
        else_=AgeGroup.OVER_64.value,
    )


def code(column: Any) -> ColumnElement[str]:
    """An enum column as its stored code, so an unexpected value is still counted, never a crash."""
    return type_coerce(column, String)


def gender_of(value: object) -> Gender:
    """A stored gender code; anything else (none recorded) counts as not stated rather than vanishing."""
    try:
        return Gender(str(value))
    except ValueError:
        return Gender.NOT_STATED


# Not in the models' metadata: a per-connection scratch table, never part of the vault's schema.
_SCRATCH = MetaData()
COHORT = Table(
    "report_cohort", _SCRATCH,
    Column("id", String(36), primary_key=True),
    Column("gender", String(32)),  # the stored code (``code``), read back through ``gender_of``
    Column("age_group", String(16)),  # an AgeGroup value: at the start, UNKNOWN without one
    Column("target_group", String(32)),
    Column("foreign_born", Boolean),
    Column("disability", Boolean),  # participants.disability_affects_work
    Column("started", Date),  # ``first_starts``; NULL if not started by the as-of day
    prefixes=["TEMP"],
    sqlite_with_rowid=False,  # stored in id order: a scan meets each participant's activities in turn
)


@contextmanager
def cohort(session: Session, as_of: dt.date) -> Iterator[Table]:
    """Every live participant once, with their start on ``as_of`` and what the indicators split by.

    The TEMP table lives in memory (``PRAGMA temp_store = MEMORY``: no personal data in a plain temp file)
    and only inside a savepoint that is always rolled back, so nothing of it outlives the block, whatever
    happens in it. Its queries also read one snapshot of the vault, so the report's figures agree.
    """
    connection = session.connection()
    savepoint = connection.begin_nested()
    try:
        COHORT.create(connection)
        starts = first_starts(as_of)
        people = (
            select(Participant.id, code(Participant.gender),
                   age_group(Participant.birth_date, starts.c.started), code(Participant.target_group),
                   Participant.foreign_born, Participant.disability_affects_work, starts.c.started)
            .outerjoin_from(Participant, starts, starts.c.participant_id == Participant.id)
            .where(Participant.deleted.is_(False))
        )
        connection.execute(insert(COHORT).from_select([c.name for c in COHORT.columns], people))
        yield COHORT
    finally:
        savepoint.rollback()
