"""The supervisor's dashboard (översikt): participants per phase and per coach, progress against the
project's quantified goals, and starts and exits per month. SQL aggregates over the whole office's rows.

Definitions (the same ones the tests recompute in Python):

* a participant **started** when their first enrolment (not removed) starts on or before ``as_of``;
  the start month and the age at start are taken from that first enrolment;
* **aged 16–24**: 16 or older and not yet 25 on the first start day (no birth date: not counted);
* the share **to work or studies** is over every exit up to ``as_of``; the share **in work at 90 days**
  over every 90-day follow-up recorded (done) up to ``as_of``;
* **company contacts** are the office's employers (not removed).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from coachdesk.models import Employer, Enrollment, Exit, FollowUp, Participant, User
from coachdesk.models.enums import Destination, FollowUpKind, Gender, ParticipantStatus
from coachdesk.models.store import Store
from coachdesk.services import access, office_settings
from coachdesk.services.office_settings import OfficeSettings

TREND_MONTHS = 12
WORK_OR_STUDIES = (Destination.WORK, Destination.STUDIES)


class GoalKey(enum.StrEnum):
    STARTED = "started"
    WOMEN = "women"
    MEN = "men"
    YOUTH = "youth_16_24"
    FOREIGN_BORN = "foreign_born"
    WORK_OR_STUDIES = "work_or_studies_at_exit"
    WORK_DAY_90 = "work_at_day_90"
    COMPANY_CONTACTS = "company_contacts"


@dataclass(frozen=True)
class GoalProgress:
    """``count`` of ``base`` (the share's denominator; None for a plain count) against ``target``
    (a count, or a percentage when ``percent``)."""

    key: GoalKey
    count: int
    target: int
    percent: bool = False
    base: int | None = None

    @property
    def value(self) -> float:
        """The figure compared with the target: a count, or a percentage (0 with nothing to count)."""
        if not self.percent:
            return float(self.count)
        return 100.0 * self.count / self.base if self.base else 0.0


@dataclass(frozen=True)
class CoachLoad:
    coach_id: str | None
    coach_name: str  # empty: no coach
    by_phase: dict[ParticipantStatus, int]

    @property
    def total(self) -> int:
        return sum(self.by_phase.values())


@dataclass(frozen=True)
class MonthTrend:
    month: dt.date  # the first day of the month
    starts: int
    exits: int


@dataclass(frozen=True)
class Dashboard:
    as_of: dt.date
    phases: dict[ParticipantStatus, int]
    coaches: list[CoachLoad]
    goals: list[GoalProgress]
    months: list[MonthTrend]
    #: Started participants by gender (not stated included: counted and shown, never dropped).
    started_by_gender: dict[Gender, int] = field(default_factory=dict)


def month_starts(as_of: dt.date, months: int = TREND_MONTHS) -> list[dt.date]:
    """The first days of the ``months`` months ending with ``as_of``'s, oldest first."""
    year, month = as_of.year, as_of.month
    firsts = []
    for _index in range(months):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


@access.records_only
class DashboardService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def read(self, as_of: dt.date) -> Dashboard:
        with self._store.session() as session:
            settings = office_settings.load(session)
            started_by_gender, youth, foreign_born = self._started(session, as_of)
            return Dashboard(
                as_of=as_of, phases=self._phases(session), coaches=self._coaches(session),
                goals=self._goals(session, settings, as_of, by_gender=started_by_gender, youth=youth,
                                  foreign_born=foreign_born),
                months=self._months(session, as_of), started_by_gender=started_by_gender)

    @staticmethod
    def _phases(session: Session) -> dict[ParticipantStatus, int]:
        counts = dict.fromkeys(ParticipantStatus, 0)
        stmt = (select(Participant.status, func.count()).where(Participant.deleted.is_(False))
                .group_by(Participant.status))
        counts.update({status: n for status, n in session.execute(stmt)})
        return counts

    @staticmethod
    def _coaches(session: Session) -> list[CoachLoad]:
        coach = aliased(User)
        stmt = (select(Participant.coach_id, coach.display_name, Participant.status, func.count())
                .outerjoin(coach, coach.id == Participant.coach_id)
                .where(Participant.deleted.is_(False))
                .group_by(Participant.coach_id, coach.display_name, Participant.status))
        loads: dict[str | None, CoachLoad] = {}
        for coach_id, name, status, n in session.execute(stmt):
            load = loads.setdefault(coach_id, CoachLoad(coach_id, name or "",
                                                        dict.fromkeys(ParticipantStatus, 0)))
            load.by_phase[status] = n
        return sorted(loads.values(), key=lambda c: (c.coach_name == "", c.coach_name.casefold(),
                                                     c.coach_id or ""))

    @staticmethod
    def _first_starts(as_of: dt.date) -> Select[str, dt.date]:
        return (select(Enrollment.participant_id.label("pid"), func.min(Enrollment.start_date).label("first"))
                .join(Participant, Participant.id == Enrollment.participant_id)
                .where(Enrollment.deleted.is_(False), Participant.deleted.is_(False))
                .group_by(Enrollment.participant_id)
                .having(func.min(Enrollment.start_date) <= as_of))

    def _started(self, session: Session, as_of: dt.date) -> tuple[dict[Gender, int], int, int]:
        first = self._first_starts(as_of).subquery()
        by_gender = dict.fromkeys(Gender, 0)
        stmt = (select(Participant.gender, func.count()).join(first, first.c.pid == Participant.id)
                .group_by(Participant.gender))
        by_gender.update({gender: n for gender, n in session.execute(stmt)})
        # Age at the first start, in whole years, by date arithmetic on the encrypted SQLite store.
        youth = session.execute(
            select(func.count()).select_from(Participant).join(first, first.c.pid == Participant.id)
            .where(Participant.birth_date.is_not(None),
                   func.date(Participant.birth_date, "+16 years") <= first.c.first,
                   func.date(Participant.birth_date, "+25 years") > first.c.first)).scalar_one()
        foreign = session.execute(
            select(func.count()).select_from(Participant).join(first, first.c.pid == Participant.id)
            .where(Participant.foreign_born.is_(True))).scalar_one()
        return by_gender, int(youth), int(foreign)

    @staticmethod
    def _goals(session: Session, settings: OfficeSettings, as_of: dt.date, *, by_gender: dict[Gender, int],
               youth: int, foreign_born: int) -> list[GoalProgress]:
        started = sum(by_gender.values())
        exits = (select(func.count(), func.count().filter(Exit.destination.in_(WORK_OR_STUDIES)))
                 .select_from(Exit).join(Participant, Participant.id == Exit.participant_id)
                 .where(Exit.deleted.is_(False), Participant.deleted.is_(False), Exit.exit_date <= as_of))
        exited, to_work_or_studies = session.execute(exits).one()
        day_90 = (select(func.count(), func.count().filter(FollowUp.outcome == Destination.WORK))
                  .select_from(FollowUp).join(Participant, Participant.id == FollowUp.participant_id)
                  .where(FollowUp.kind == FollowUpKind.DAY_90, FollowUp.deleted.is_(False),
                         FollowUp.cancelled.is_(False), FollowUp.done_on.is_not(None),
                         FollowUp.done_on <= as_of, Participant.deleted.is_(False)))
        followed, in_work = session.execute(day_90).one()
        employers = session.execute(select(func.count()).select_from(Employer)
                                    .where(Employer.deleted.is_(False))).scalar_one()
        women_target = settings.goal_women_percent
        return [
            GoalProgress(GoalKey.STARTED, started, settings.goal_participants),
            GoalProgress(GoalKey.WOMEN, by_gender[Gender.WOMAN], women_target, True, started),
            GoalProgress(GoalKey.MEN, by_gender[Gender.MAN], 100 - women_target, True, started),
            GoalProgress(GoalKey.YOUTH, youth, settings.goal_youth),
            GoalProgress(GoalKey.FOREIGN_BORN, foreign_born, settings.goal_foreign_born),
            GoalProgress(GoalKey.WORK_OR_STUDIES, int(to_work_or_studies),
                         settings.goal_work_or_studies_percent, True, int(exited)),
            GoalProgress(GoalKey.WORK_DAY_90, int(in_work), settings.goal_work_day_90_percent, True,
                         int(followed)),
            GoalProgress(GoalKey.COMPANY_CONTACTS, int(employers), settings.goal_company_contacts),
        ]

    def _months(self, session: Session, as_of: dt.date) -> list[MonthTrend]:
        firsts = month_starts(as_of)
        start = firsts[0]
        first = self._first_starts(as_of).subquery()
        month = func.strftime("%Y-%m", first.c.first)
        starts: dict[str, int] = dict(session.execute(
            select(month, func.count()).where(first.c.first >= start).group_by(month)).all())
        exit_month = func.strftime("%Y-%m", Exit.exit_date)
        exits: dict[str, int] = dict(session.execute(
            select(exit_month, func.count()).select_from(Exit)
            .join(Participant, Participant.id == Exit.participant_id)
            .where(Exit.deleted.is_(False), Participant.deleted.is_(False), Exit.exit_date >= start,
                   Exit.exit_date <= as_of)
            .group_by(exit_month)).all())
        return [MonthTrend(day, int(starts.get(f"{day:%Y-%m}", 0)), int(exits.get(f"{day:%Y-%m}", 0)))
                for day in firsts]
