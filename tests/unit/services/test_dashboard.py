"""The supervisor's dashboard: every SQL aggregate equals a plain Python count over the same rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from coachdesk.models import Employer, Enrollment, Exit, FollowUp, Participant, User
from coachdesk.models.enums import Destination, FollowUpKind, Gender, ParticipantStatus, Programme
from coachdesk.models.store import Store
from coachdesk.services import office_settings
from coachdesk.services.dashboard import (
    WORK_OR_STUDIES,
    Dashboard,
    DashboardService,
    GoalKey,
    month_starts,
)
from coachdesk.services.synthetic import generate

TODAY = dt.date(2026, 6, 15)


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _expected(store: Store, as_of: dt.date) -> dict[str, object]:
    """The dashboard's figures computed in Python, row by row, without SQL aggregates."""
    with store.session() as session:
        people = {p.id: p for p in session.scalars(select(Participant)) if not p.deleted}
        users = {u.id: u.display_name for u in session.scalars(select(User))}
        enrollments = [e for e in session.scalars(select(Enrollment)) if not e.deleted
                       and e.participant_id in people]
        exits = [x for x in session.scalars(select(Exit)) if not x.deleted and x.participant_id in people
                 and x.exit_date <= as_of]
        follow_ups = [f for f in session.scalars(select(FollowUp)) if not f.deleted and not f.cancelled
                      and f.kind is FollowUpKind.DAY_90 and f.done_on is not None and f.done_on <= as_of
                      and f.participant_id in people]
        employers = [e for e in session.scalars(select(Employer)) if not e.deleted]
        first: dict[str, dt.date] = {}
        for enrollment in enrollments:
            current = first.get(enrollment.participant_id)
            first[enrollment.participant_id] = min(enrollment.start_date, current or enrollment.start_date)
        started = {pid: day for pid, day in first.items() if day <= as_of}
        months = month_starts(as_of)
        return {
            "phases": Counter(p.status for p in people.values()),
            "coaches": Counter((users.get(p.coach_id, "") if p.coach_id else "", p.status)
                               for p in people.values()),
            "genders": Counter(people[pid].gender for pid in started),
            "youth": sum(1 for pid, day in started.items()
                         if (born := people[pid].birth_date) is not None and 16 <= _age(born, day) <= 24),
            "foreign": sum(1 for pid in started if people[pid].foreign_born is True),
            "exits": (len(exits), sum(1 for x in exits if x.destination in WORK_OR_STUDIES)),
            "day_90": (len(follow_ups), sum(1 for f in follow_ups if f.outcome is Destination.WORK)),
            "employers": len(employers),
            "starts": [sum(1 for day in started.values() if (day.year, day.month) == (m.year, m.month))
                       for m in months],
            "exit_months": [sum(1 for x in exits
                                if (x.exit_date.year, x.exit_date.month) == (m.year, m.month))
                            for m in months],
        }


def _check(board: Dashboard, expected: dict[str, object]) -> None:
    assert board.phases == {s: expected["phases"][s] for s in ParticipantStatus}  # type: ignore[index]
    coaches = Counter({(c.coach_name, s): n for c in board.coaches for s, n in c.by_phase.items() if n})
    assert coaches == expected["coaches"]
    assert {g: n for g, n in board.started_by_gender.items() if n} == expected["genders"]
    goals = {g.key: g for g in board.goals}
    assert goals[GoalKey.STARTED].count == sum(board.started_by_gender.values())
    assert goals[GoalKey.WOMEN].count == board.started_by_gender[Gender.WOMAN]
    assert goals[GoalKey.MEN].count == board.started_by_gender[Gender.MAN]
    assert goals[GoalKey.YOUTH].count == expected["youth"]
    assert goals[GoalKey.FOREIGN_BORN].count == expected["foreign"]
    exits = goals[GoalKey.WORK_OR_STUDIES]
    assert (exits.base, exits.count) == expected["exits"]
    day_90 = goals[GoalKey.WORK_DAY_90]
    assert (day_90.base, day_90.count) == expected["day_90"]
    assert goals[GoalKey.COMPANY_CONTACTS].count == expected["employers"]
    assert [m.starts for m in board.months] == expected["starts"]
    assert [m.exits for m in board.months] == expected["exit_months"]


def test_every_figure_matches_an_independent_count_over_synthetic_data(store: Store) -> None:
    generate(store, participants=400, seed=7, participants_per_coach=90, today=TODAY)
    board = DashboardService(store).read(TODAY)
    expected = _expected(store, TODAY)
    _check(board, expected)
    # The synthetic office exercises every figure, so the comparison above means something.
    assert len(board.coaches) >= 4 and sum(board.phases.values()) == 400
    goals = {g.key: g for g in board.goals}
    assert all(goals[k].count > 0 for k in (GoalKey.STARTED, GoalKey.WOMEN, GoalKey.MEN, GoalKey.YOUTH,
                                            GoalKey.FOREIGN_BORN, GoalKey.COMPANY_CONTACTS))
    assert goals[GoalKey.WORK_OR_STUDIES].base and goals[GoalKey.WORK_DAY_90].base
    assert sum(m.starts for m in board.months) > 0 and sum(m.exits for m in board.months) > 0


@pytest.mark.parametrize("as_of", [dt.date(2026, 1, 1), dt.date(2026, 3, 31), dt.date(2025, 12, 31)])
def test_figures_at_earlier_days_match_too(store: Store, as_of: dt.date) -> None:
    generate(store, participants=150, seed=3, today=TODAY)
    _check(DashboardService(store).read(as_of), _expected(store, as_of))


def test_targets_are_the_office_settings_with_domain_defaults(store: Store) -> None:
    goals = {g.key: g for g in DashboardService(store).read(TODAY).goals}
    assert [goals[k].target for k in GoalKey] == [135, 50, 50, 60, 50, 70, 28, 60]
    assert goals[GoalKey.WOMEN].value == 0.0  # nobody started: a share of nothing is 0, not an error

    office_settings.update(store, {"goal_participants": 40, "goal_women_percent": 60})
    goals = {g.key: g for g in DashboardService(store).read(TODAY).goals}
    targets = (goals[GoalKey.STARTED].target, goals[GoalKey.WOMEN].target, goals[GoalKey.MEN].target)
    assert targets == (40, 60, 40)


def test_a_start_on_the_last_day_counts_and_the_day_after_does_not(store: Store) -> None:
    from coachdesk.services.participants import ParticipantService
    from coachdesk.services.plans import PlanService
    from coachdesk.services.templates import TemplateLibrary

    people = ParticipantService(store)
    plans = PlanService(store, TemplateLibrary.load())
    edge = people.create({"given_name": "Ada", "family_name": "Lind", "gender": "woman",
                          "birth_date": "2001-06-15"})  # 25 on the start day: not 16-24
    # 16 on the start day: counted.
    young = people.create({"given_name": "Bo", "family_name": "Ek", "birth_date": "2010-06-15"})
    plans.enrol(edge.id, Programme.INTRODUCTION, "2026-06-15")
    plans.enrol(young.id, Programme.INTRODUCTION, "2026-06-15")

    on_day = DashboardService(store).read(TODAY)
    goals = {g.key: g for g in on_day.goals}
    assert goals[GoalKey.STARTED].count == 2 and goals[GoalKey.YOUTH].count == 1
    assert on_day.started_by_gender[Gender.NOT_STATED] == 1  # counted and shown, not dropped
    assert on_day.months[-1].starts == 2
    before = {g.key: g for g in DashboardService(store).read(TODAY - dt.timedelta(days=1)).goals}
    assert before[GoalKey.STARTED].count == 0
