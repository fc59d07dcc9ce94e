"""The indicators computed again in plain Python from the ORM rows, by the rules of docs/indicators.md,
without the report's SQL: the cross-check the issue asks for."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from coachdesk.models import Activity, Enrollment, Exit, FollowUp, Participant
from coachdesk.models.enums import Destination, FollowUpKind, Gender
from coachdesk.models.store import Store
from coachdesk.reports.period import Period

Expected = dict[str, dict[str, dict[Gender, int]]]  # table key -> row key -> gender -> value
DAY_90 = ("work", "studies", "other_programme", "none")


def age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_group(birth: dt.date | None, started: dt.date | None) -> str:
    if birth is None or started is None:
        return "unknown"
    years = age(birth, started)
    if years < 16:
        return "under-16"
    for top, name in ((24, "16-24"), (54, "25-54"), (64, "55-64")):
        if years <= top:
            return name
    return "65+"


def yes_no(value: bool | None) -> str:
    return "not_recorded" if value is None else ("yes" if value else "no")


@dataclass
class Person:
    row: Participant
    started: dt.date | None

    @property
    def group(self) -> str:
        return age_group(self.row.birth_date, self.started)

    def member(self, population: str) -> bool:
        return {"all": True, "youth": self.group == "16-24", "foreign": self.row.foreign_born is True}[
            population]


class Tally:
    def __init__(self) -> None:
        self.tables: Expected = defaultdict(lambda: defaultdict(lambda: dict.fromkeys(Gender, 0)))

    def add(self, table: str, row: str, person: Person, value: int = 1) -> None:
        self.tables[table][row][person.row.gender] += value
        if not table.endswith(("summary", "population")):
            self.tables[table]["total"][person.row.gender] += value


def compute(store: Store, period: Period, as_of: dt.date) -> Expected:
    with store.session() as session:
        participants = [p for p in session.scalars(select(Participant)) if not p.deleted]
        enrollments = list(session.scalars(select(Enrollment)))
        exits = [e for e in session.scalars(select(Exit)) if not e.deleted]
        follow_ups = [f for f in session.scalars(select(FollowUp))
                      if f.kind is FollowUpKind.DAY_90 and not f.deleted and not f.cancelled]
        activities = [a for a in session.scalars(select(Activity))
                      if not a.deleted and (a.attended_minutes or 0) > 0 and a.scheduled_at is not None]
    starts: dict[str, list[dt.date]] = defaultdict(list)
    for enrolment in enrollments:
        if (not enrolment.deleted and enrolment.start_date <= as_of
                and (enrolment.ended_on is None or enrolment.ended_on >= enrolment.start_date)):
            starts[enrolment.participant_id].append(enrolment.start_date)
    people = {p.id: Person(p, min(starts[p.id]) if starts[p.id] else None) for p in participants}
    tally = Tally()
    inside: Callable[[dt.date], bool] = lambda day: period.first <= day <= period.last  # noqa: E731

    for person in people.values():
        if person.started is None or not inside(person.started):
            continue
        row = person.row
        tally.add("started.summary", "started", person)
        if person.group == "16-24":
            tally.add("started.summary", "youth", person)
        if row.foreign_born:
            tally.add("started.summary", "foreign", person)
        if row.disability_affects_work:
            tally.add("started.summary", "disability", person)
        tally.add("started.target_group", row.target_group.value if row.target_group else "not_recorded",
                  person)
        tally.add("started.age_group", person.group, person)
        tally.add("started.year", str(person.started.year), person)
        tally.add(f"started.age_group.{person.started.year}", person.group, person)
        tally.add("started.foreign_born", yes_no(row.foreign_born), person)
        tally.add("started.disability", yes_no(row.disability_affects_work), person)

    for activity in activities:
        person_or_none = people.get(activity.participant_id)
        assert activity.scheduled_at is not None
        if person_or_none is None or not inside(activity.scheduled_at.date()):
            continue
        minutes = activity.attended_minutes or 0
        for population in ("all", "youth", "foreign"):
            if person_or_none.member(population):
                tally.add("hours.population", population, person_or_none, minutes)
        tally.add("hours.year", str(activity.scheduled_at.year), person_or_none, minutes)
        tally.add("hours.age_group", person_or_none.group, person_or_none, minutes)

    latest: dict[str, Exit] = {}
    for e in sorted(exits, key=lambda e: (e.exit_date, e.id)):
        if inside(e.exit_date) and e.participant_id in people:
            latest[e.participant_id] = e  # the later exit wins
    for participant_id, e in latest.items():
        person = people[participant_id]
        after = sorted((f for f in follow_ups
                        if f.participant_id == participant_id and f.due_date > e.exit_date),
                       key=lambda f: (f.due_date, f.id))
        if not after:
            state = "missing"
        elif after[0].outcome is not None:
            state = after[0].outcome.value if after[0].outcome.value in DAY_90 else "other_outcome"
        else:
            state = "not_due" if after[0].due_date > as_of else "overdue"
        for population in ("all", "youth", "foreign"):
            if not person.member(population):
                continue
            tally.add(f"exit.destination.{population}", e.destination.value, person)
            tally.add(f"exit.chances.{population}", yes_no(e.chances_improved), person)
            tally.add(f"day90.outcome.{population}", state, person)
            tally.add(f"day90.chances.{population}",
                      yes_no(after[0].chances_improved if after else None), person)
    return {table: dict(rows) for table, rows in tally.tables.items()}


__all__ = ["DAY_90", "Destination", "Expected", "compute"]
