"""The week's agenda: meetings by day, what is overdue, reviews and follow-ups due, periods ending soon.

For one coach (their caseload) or, with no coach, the whole office as a supervisor sees it. Everything comes
from the stored schedules, so the agenda works offline. "Overdue" is always as of today: due before today and
not yet recorded, for participants still in the programme (90-day follow-ups also after the exit).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, func, literal_column, select
from sqlalchemy.orm import Session

from coachdesk.errors import NotFoundError
from coachdesk.i18n import _
from coachdesk.models import Activity, Checkpoint, Enrollment, FollowUp, Participant, User
from coachdesk.models.enums import (
    ActivityStatus,
    CheckpointStatus,
    ParticipantStatus,
    Role,
)
from coachdesk.models.store import Store
from coachdesk.services import office_settings
from coachdesk.services.access import records_only
from coachdesk.services.calendar import IsoWeek
from coachdesk.services.closing import OPEN

Caseload = str | None  # the coach whose caseload the agenda covers; None for the whole office
_Row = TypeVarTuple("_Row")  # the coach's participant ids as a subquery; None for the whole office


class EntryKind(enum.StrEnum):
    ACTIVITY = "activity"
    CHECKPOINT = "checkpoint"
    FOLLOW_UP = "follow_up"
    PERIOD_END = "period_end"  # a programme's planned end
    TARGET_TIME = "target_time"  # the office's target time in the programme is reached


@dataclass(frozen=True)
class AgendaEntry:
    kind: EntryKind
    entity_id: str
    participant_id: str
    participant_name: str
    day: dt.date | None
    what: str  # the activity kind, checkpoint kind, follow-up kind or programme, by value
    time: dt.time | None = None
    minutes: int | None = None
    title: str | None = None
    status: str | None = None

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, str, str]:
        return (self.day or dt.date.max, self.time or dt.time.min, self.participant_name, self.entity_id)


@dataclass
class Agenda:
    week: IsoWeek
    coach_id: str | None
    as_of: dt.date
    meetings: dict[dt.date, list[AgendaEntry]] = field(default_factory=dict)
    overdue: list[AgendaEntry] = field(default_factory=list)
    checkpoints_due: list[AgendaEntry] = field(default_factory=list)
    follow_ups_due: list[AgendaEntry] = field(default_factory=list)
    ending_soon: list[AgendaEntry] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            any(self.meetings.values())
            or self.overdue
            or self.checkpoints_due
            or self.follow_ups_due
            or self.ending_soon
        )


def _name(given: str, family: str) -> str:
    return f"{given} {family}"


@records_only
class AgendaService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def find_coach(self, name: str) -> User:
        """A coach by user name or display name, case-insensitively."""
        wanted = name.strip().casefold()
        with self._store.session() as session:
            for user in session.scalars(select(User).where(User.deleted.is_(False))):
                if wanted in (user.username.casefold(), user.display_name.casefold()):
                    return user
        raise NotFoundError(_("There is no coach called {name}.").format(name=name.strip()))

    def week(self, week: IsoWeek, *, coach_id: str | None, today: dt.date | None = None) -> Agenda:
        as_of = today or dt.date.today()
        agenda = Agenda(week=week, coach_id=coach_id, as_of=as_of)
        with self._store.session() as session:
            caseload = self._caseload(coach_id)
            agenda.meetings = self._meetings(session, week, caseload)
            agenda.overdue = sorted(self._overdue(session, as_of, caseload), key=lambda e: e.sort_key)
            agenda.checkpoints_due = self._checkpoints(session, week, caseload)
            agenda.follow_ups_due = self._follow_ups(session, week, caseload)
            agenda.ending_soon = sorted(self._ending(session, week, caseload), key=lambda e: e.sort_key)
        return agenda

    @staticmethod
    def _caseload(coach_id: str | None) -> Caseload:
        return coach_id

    @staticmethod
    def _scoped(query: Select[*_Row], caseload: Caseload) -> Select[*_Row]:
        # Every agenda query joins the participant: a coach's agenda goes in through their caseload.
        return query if caseload is None else query.where(Participant.coach_id == caseload)

    @staticmethod
    def _office_term(column: str, caseload: Caseload) -> ColumnElement[Any]:
        """``column``, hidden from SQLite's index choice when the agenda is one coach's.

        A fresh vault has no ANALYZE statistics, so SQLite rates an office-wide index (the week, a status)
        as selective as the coach's caseload and may read a whole office's rows; a unary ``+`` leaves it the
        caseload as the way in. The whole office's agenda keeps those indexes.
        """
        return literal_column(column if caseload is None else f"+{column}")

    def _status_in(
        self, column: str, values: tuple[enum.StrEnum, ...], caseload: Caseload
    ) -> ColumnElement[bool]:
        return self._office_term(column, caseload).in_([value.value for value in values])

    def _meetings(
        self, session: Session, week: IsoWeek, caseload: Caseload
    ) -> dict[dt.date, list[AgendaEntry]]:
        query = (
            select(Activity, Participant.given_name, Participant.family_name)
            .join(Participant, Participant.id == Activity.participant_id)
            .where(
                self._office_term("activities.iso_year", caseload) == week.year,
                self._office_term("activities.iso_week", caseload) == week.week,
                Activity.deleted.is_(False),
                Activity.status != ActivityStatus.CANCELLED,
                self._office_term("activities.placement_id", caseload).is_(None),
                Participant.deleted.is_(False),
            )
        )
        days: dict[dt.date, list[AgendaEntry]] = {week.day(d): [] for d in range(1, 6)}
        for activity, given, family in session.execute(self._scoped(query, caseload)):
            day = activity.scheduled_at.date() if activity.scheduled_at else week.monday
            days.setdefault(day, []).append(
                AgendaEntry(
                    EntryKind.ACTIVITY,
                    activity.id,
                    activity.participant_id,
                    _name(given, family),
                    day,
                    activity.kind.value,
                    time=activity.scheduled_at.time() if activity.scheduled_at else None,
                    minutes=activity.planned_minutes,
                    title=activity.title,
                    status=activity.status.value,
                )
            )
        for entries in days.values():
            entries.sort(key=lambda e: e.sort_key)
        return dict(sorted(days.items()))

    def _overdue(self, session: Session, as_of: dt.date, caseload: Caseload) -> list[AgendaEntry]:
        entries: list[AgendaEntry] = []
        in_programme = Participant.status != ParticipantStatus.EXITED
        activities = (
            select(Activity, Participant.given_name, Participant.family_name)
            .join(Participant, Participant.id == Activity.participant_id)
            .where(
                self._status_in("activities.status", (ActivityStatus.PLANNED,), caseload),
                Activity.scheduled_at < dt.datetime.combine(as_of, dt.time()),
                Activity.deleted.is_(False),
                Participant.deleted.is_(False),
                in_programme,
            )
        )
        for activity, given, family in session.execute(self._scoped(activities, caseload)):
            entries.append(
                AgendaEntry(
                    EntryKind.ACTIVITY,
                    activity.id,
                    activity.participant_id,
                    _name(given, family),
                    activity.scheduled_at.date() if activity.scheduled_at else None,
                    activity.kind.value,
                    time=activity.scheduled_at.time() if activity.scheduled_at else None,
                    minutes=activity.planned_minutes,
                    title=activity.title,
                    status=activity.status.value,
                )
            )
        checkpoints = (
            select(Checkpoint, Participant.given_name, Participant.family_name)
            .join(Participant, Participant.id == Checkpoint.participant_id)
            .where(
                Checkpoint.status == CheckpointStatus.DUE,
                Checkpoint.due_date < as_of,
                Checkpoint.deleted.is_(False),
                Participant.deleted.is_(False),
                in_programme,
            )
        )
        for checkpoint, given, family in session.execute(self._scoped(checkpoints, caseload)):
            entries.append(
                AgendaEntry(
                    EntryKind.CHECKPOINT,
                    checkpoint.id,
                    checkpoint.participant_id,
                    _name(given, family),
                    checkpoint.due_date,
                    checkpoint.kind.value,
                )
            )
        follow_ups = (
            select(FollowUp, Participant.given_name, Participant.family_name)
            .join(Participant, Participant.id == FollowUp.participant_id)
            .where(
                FollowUp.done_on.is_(None),
                FollowUp.cancelled.is_(False),
                FollowUp.due_date < as_of,
                FollowUp.deleted.is_(False),
                Participant.deleted.is_(False),
            )
        )
        for follow_up, given, family in session.execute(self._scoped(follow_ups, caseload)):
            entries.append(
                AgendaEntry(
                    EntryKind.FOLLOW_UP,
                    follow_up.id,
                    follow_up.participant_id,
                    _name(given, family),
                    follow_up.due_date,
                    follow_up.kind.value,
                )
            )
        return entries

    def _checkpoints(self, session: Session, week: IsoWeek, caseload: Caseload) -> list[AgendaEntry]:
        query = (
            select(Checkpoint, Participant.given_name, Participant.family_name)
            .join(Participant, Participant.id == Checkpoint.participant_id)
            .where(
                Checkpoint.due_date.between(week.monday, week.sunday),
                Checkpoint.status == CheckpointStatus.DUE,
                Checkpoint.deleted.is_(False),
                Participant.deleted.is_(False),
            )
        )
        entries = [
            AgendaEntry(
                EntryKind.CHECKPOINT, c.id, c.participant_id, _name(given, family), c.due_date, c.kind.value
            )
            for c, given, family in session.execute(self._scoped(query, caseload))
        ]
        return sorted(entries, key=lambda e: e.sort_key)

    def _follow_ups(self, session: Session, week: IsoWeek, caseload: Caseload) -> list[AgendaEntry]:
        query = (
            select(FollowUp, Participant.given_name, Participant.family_name)
            .join(Participant, Participant.id == FollowUp.participant_id)
            .where(
                FollowUp.due_date.between(week.monday, week.sunday),
                FollowUp.done_on.is_(None),
                FollowUp.cancelled.is_(False),
                FollowUp.deleted.is_(False),
                Participant.deleted.is_(False),
            )
        )
        entries = [
            AgendaEntry(
                EntryKind.FOLLOW_UP, f.id, f.participant_id, _name(given, family), f.due_date, f.kind.value
            )
            for f, given, family in session.execute(self._scoped(query, caseload))
        ]
        return sorted(entries, key=lambda e: e.sort_key)

    def _ending(self, session: Session, week: IsoWeek, caseload: Caseload) -> list[AgendaEntry]:
        """Programmes whose planned end, or whose participants' target time, falls in the warning window."""
        settings = office_settings.load(session)
        window_end = week.sunday + dt.timedelta(weeks=settings.ending_soon_weeks)
        entries: list[AgendaEntry] = []
        ending = (
            select(Enrollment, Participant.given_name, Participant.family_name)
            .join(Participant, Participant.id == Enrollment.participant_id)
            .where(
                Enrollment.status.in_(OPEN),
                Enrollment.deleted.is_(False),
                Enrollment.planned_end_date.between(week.monday, window_end),
                Participant.deleted.is_(False),
            )
        )
        for enrollment, given, family in session.execute(self._scoped(ending, caseload)):
            entries.append(
                AgendaEntry(
                    EntryKind.PERIOD_END,
                    enrollment.id,
                    enrollment.participant_id,
                    _name(given, family),
                    enrollment.planned_end_date,
                    enrollment.programme.value,
                )
            )
        # Target time counts from the first day of the participant's first programme.
        first_start = func.min(Enrollment.start_date)
        target = (
            select(Enrollment.participant_id, first_start, Participant.given_name, Participant.family_name)
            .join(Participant, Participant.id == Enrollment.participant_id)
            .where(
                Enrollment.deleted.is_(False),
                Participant.deleted.is_(False),
                self._status_in(
                    "participants.status",
                    (ParticipantStatus.INTRODUCTION, ParticipantStatus.INTENSIVE),
                    caseload,
                ),
            )
            .group_by(Enrollment.participant_id, Participant.given_name, Participant.family_name)
        )
        reach = dt.timedelta(weeks=settings.target_weeks)
        for participant_id, started, given, family in session.execute(self._scoped(target, caseload)):
            deadline = started + reach
            if week.monday <= deadline <= window_end:
                entries.append(
                    AgendaEntry(
                        EntryKind.TARGET_TIME,
                        participant_id,
                        participant_id,
                        _name(given, family),
                        deadline,
                        str(settings.target_weeks),
                    )
                )
        return entries


def coaches(store: Store) -> list[User]:
    with store.session() as session:
        return list(
            session.scalars(
                select(User)
                .where(User.role == Role.COACH, User.deleted.is_(False))
                .order_by(User.display_name)
            )
        )
