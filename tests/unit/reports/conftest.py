"""A real SQLCipher vault for the report tests: synthetic people plus hand-made participants on every edge
of the period 2025-01-01 – 2025-12-31 (as of 2026-03-15)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachdesk.models import Activity, Enrollment, Exit, FollowUp, Participant
from coachdesk.models.enums import (
    ActivityKind,
    ActivityStatus,
    Destination,
    EnrollmentStatus,
    FollowUpKind,
    Gender,
    Programme,
    TargetGroup,
)
from coachdesk.models.store import Store
from coachdesk.reports.period import Period
from coachdesk.services.synthetic import generate
from coachdesk.unlock import create_vault, unlock_vault
from tests.conftest import FAST_KDF, PASSPHRASE

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
AS_OF = dt.date(2026, 3, 15)
EDGE = "Edge"  # family name of the hand-made participants
_THIRTY = dt.date.min  # "born 30 years before the start", the default of the hand-made participants


def _years_before(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year - years)


class Edges:
    """Adds hand-made participants, each with the rows that put them on one edge."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.count = 0

    def person(self, *, start: dt.date | None, gender: Gender = Gender.WOMAN,
               birth: dt.date | None = _THIRTY,
               exit_on: dt.date | None = None, foreign_born: bool | None = False,
               ended_before_start: bool = False, pnr: str | None = None) -> str:
        self.count += 1
        with self._store.session() as session, session.begin():
            person = Participant(given_name=f"E{self.count}", family_name=EDGE, gender=gender,
                                 birth_date=_years_before(start or AS_OF, 30) if birth is _THIRTY
                                 else birth,
                                 foreign_born=foreign_born, target_group=TargetGroup.ADULT_ASSISTANCE,
                                 disability_affects_work=None, personnummer=pnr,
                                 created_at=dt.datetime(2024, 1, 1))
            session.add(person)
            session.flush()
            if start is not None:
                session.add(Enrollment(
                    participant_id=person.id, programme=Programme.INTRODUCTION, start_date=start,
                    length_weeks=4, planned_end_date=start + dt.timedelta(weeks=4),
                    status=EnrollmentStatus.DISCONTINUED if ended_before_start else EnrollmentStatus.ACTIVE,
                    ended_on=start - dt.timedelta(days=3) if ended_before_start else None))
            if exit_on is not None:
                session.add(Exit(participant_id=person.id, exit_date=exit_on, destination=Destination.WORK,
                                 chances_improved=True))
                session.add(FollowUp(participant_id=person.id, kind=FollowUpKind.DAY_90,
                                     due_date=exit_on + dt.timedelta(days=90)))
            return person.id

    def activity(self, participant_id: str, at: dt.datetime, minutes: int) -> None:
        with self._store.session() as session, session.begin():
            week = at.isocalendar()
            session.add(Activity(participant_id=participant_id, kind=ActivityKind.COACHING,
                                 iso_year=week.year, iso_week=week.week, scheduled_at=at,
                                 planned_minutes=minutes, status=ActivityStatus.DONE,
                                 attended_minutes=minutes))


def add_edges(store: Store) -> dict[str, str]:
    edges = Edges(store)
    first, last = PERIOD.first, PERIOD.last
    ids = {
        "start_first_day": edges.person(start=first),
        "start_last_day": edges.person(start=last, gender=Gender.MAN),
        "start_day_before": edges.person(start=first - dt.timedelta(days=1)),
        "start_day_after": edges.person(start=last + dt.timedelta(days=1)),
        "no_gender": edges.person(start=dt.date(2025, 5, 5), gender=Gender.NOT_STATED),
        "no_birth_date": edges.person(start=dt.date(2025, 5, 6), birth=None),
        "cancelled_start": edges.person(start=dt.date(2025, 6, 2), ended_before_start=True),
        "exit_first_day": edges.person(start=dt.date(2024, 11, 4), exit_on=first, foreign_born=True),
        "exit_last_day": edges.person(start=dt.date(2025, 3, 3), exit_on=last, gender=Gender.OTHER),
        "exit_day_before": edges.person(start=dt.date(2024, 11, 4), exit_on=first - dt.timedelta(days=1)),
        "exit_day_after": edges.person(start=dt.date(2025, 3, 3), exit_on=last + dt.timedelta(days=1)),
        "no_identity": edges.person(start=dt.date(2025, 2, 3), pnr=None, birth=dt.date(1990, 4, 1)),
        "identity_no_birth": edges.person(start=dt.date(2025, 2, 4), pnr="19900101-0017", birth=None),
    }
    start = dt.date(2025, 8, 11)
    for years in (16, 24, 25, 54, 55, 64, 65):
        ids[f"age_{years}"] = edges.person(start=start, birth=_years_before(start, years))
        # One day short of the birthday: still a year younger on the day of the start.
        ids[f"age_{years}_minus"] = edges.person(
            start=start, birth=_years_before(start, years) + dt.timedelta(days=1))
    # Born on 29 February: in a common year the birthday falls on 1 March, so 24 on 28 February 2025.
    ids["feb_29"] = edges.person(start=dt.date(2025, 2, 28), birth=dt.date(2000, 2, 29))
    hours = ids["start_first_day"]
    edges.activity(hours, dt.datetime(2025, 1, 1, 0, 0), 60)  # first instant of the period
    edges.activity(hours, dt.datetime(2025, 12, 31, 23, 30), 30)  # last half hour
    edges.activity(hours, dt.datetime(2026, 1, 1, 0, 0), 45)  # the day after: outside
    edges.activity(hours, dt.datetime(2024, 12, 31, 23, 59), 15)  # the day before: outside
    edges.activity(ids["no_birth_date"], dt.datetime(2025, 6, 2, 9, 0), 90)
    return ids


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("reports") / "vault"
    store = create_vault(folder, PASSPHRASE, kdf=FAST_KDF)
    try:
        generate(store, participants=300, seed=11, today=AS_OF, participants_per_coach=300)
        ids = add_edges(store)
    finally:
        store.close()
    yield folder, ids


@pytest.fixture
def report_store(vault: tuple[Path, dict[str, str]]) -> Iterator[Store]:
    store, _timings = unlock_vault(vault[0], PASSPHRASE)
    yield store
    store.close()
