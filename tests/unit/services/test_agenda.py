"""The week's agenda for a coach and for the office, and ``coachdesk agenda`` printing it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coachdesk.cli import main
from coachdesk.errors import NotFoundError
from coachdesk.models import Activity, User
from coachdesk.models.enums import AssessmentDecision, Programme, Role
from coachdesk.models.store import Store
from coachdesk.services import office_settings
from coachdesk.services.agenda import AgendaService, EntryKind
from coachdesk.services.calendar import IsoWeek
from coachdesk.services.plans import DIMENSIONS
from tests.conftest import PASSPHRASE
from tests.unit.services.programme_fixtures import Programmes

TODAY = dt.date(2026, 11, 24)  # Tuesday of week 48


@pytest.fixture
def p(store: Store) -> Programmes:
    return Programmes.over(store)


def _colleague(p: Programmes) -> str:
    with p.store.session() as session, session.begin():
        user = User(username="jonas", display_name="Jonas Coach", role=Role.COACH)
        session.add(user)
        session.flush()
        return user.id


def test_a_coachs_week_has_meetings_by_day_and_only_their_caseload(p: Programmes) -> None:
    mine = p.person("Amina", "Ali")
    p.plans.enrol(mine, Programme.INTRODUCTION, "2026-11-16")
    colleague = _colleague(p)
    theirs = p.participants.create({"given_name": "Omar", "family_name": "Farah", "coach_id": colleague}).id
    p.plans.enrol(theirs, Programme.INTRODUCTION, "2026-11-16")
    agenda = AgendaService(p.store).week(IsoWeek(2026, 48), coach_id=p.store.user_id, today=TODAY)
    assert list(agenda.meetings) == [dt.date(2026, 11, d) for d in range(23, 28)]
    names = {e.participant_name for day in agenda.meetings.values() for e in day}
    assert names == {"Amina Ali"}
    monday = [e.what for e in agenda.meetings[dt.date(2026, 11, 23)]]
    assert monday == ["mapping"]  # week 48 is the introduction's second week: still mapping
    office = AgendaService(p.store).week(IsoWeek(2026, 48), coach_id=None, today=TODAY)
    assert {e.participant_name for day in office.meetings.values() for e in day} == {
        "Amina Ali",
        "Omar Farah",
    }


def test_overdue_due_and_ending_soon(p: Programmes) -> None:
    pid = p.person()
    intro = p.plans.enrol(pid, Programme.INTRODUCTION, "2026-11-02")
    held = sorted(p.rows(Activity, enrollment_id=intro.id), key=lambda a: a.scheduled_at or dt.datetime.max)
    p.attendance.record(held[0].id, held[0].planned_minutes)
    agenda = AgendaService(p.store).week(IsoWeek(2026, 48), coach_id=p.store.user_id, today=TODAY)
    overdue = [e for e in agenda.overdue if e.kind is EntryKind.ACTIVITY]
    assert held[0].id not in {e.entity_id for e in overdue}
    assert overdue and all(e.day is not None and e.day < TODAY for e in overdue)
    assert [e.what for e in agenda.checkpoints_due] == ["assessment"]
    assert [(e.kind, e.day) for e in agenda.ending_soon] == [(EntryKind.PERIOD_END, dt.date(2026, 11, 27))]
    # After the assessment decides exit, the 90-day follow-up appears in its week.
    p.plans.record_assessment(
        intro.id,
        assessed_on="2026-11-27",
        decision=AssessmentDecision.EXIT_STUDIES,
        ratings={d: (4, None) for d in DIMENSIONS},
    )
    later = AgendaService(p.store).week(
        IsoWeek.of(dt.date(2027, 2, 25)), coach_id=p.store.user_id, today=TODAY
    )
    assert [e.what for e in later.follow_ups_due] == ["day_90"]
    assert AgendaService(p.store).week(IsoWeek(2026, 48), coach_id=p.store.user_id, today=TODAY).overdue == []


def test_the_offices_target_time_is_flagged_before_it_is_reached(p: Programmes) -> None:
    office_settings.update(p.store, {"target_weeks": 26, "ending_soon_weeks": 2})
    pid = p.person()
    p.plans.enrol(pid, Programme.INTENSIVE, "2026-06-01", length_weeks=30)
    week = IsoWeek.of(dt.date(2026, 6, 1) + dt.timedelta(weeks=25))
    agenda = AgendaService(p.store).week(week, coach_id=None, today=TODAY)
    assert [e.kind for e in agenda.ending_soon] == [EntryKind.TARGET_TIME]


def test_an_unknown_coach_is_a_clear_error(p: Programmes) -> None:
    with pytest.raises(NotFoundError, match="Nobody"):
        AgendaService(p.store).find_coach("Nobody")
    _colleague(p)
    assert AgendaService(p.store).find_coach("JONAS").display_name == "Jonas Coach"


def test_the_agenda_command_prints_the_week(
    store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    p = Programmes.over(store)
    p.plans.enrol(p.person(), Programme.INTRODUCTION, "2026-11-16")
    _colleague(p)
    store.close()
    monkeypatch.setenv("COACHDESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("COACHDESK_LANGUAGE", "en")
    assert main(["agenda", "--data-dir", str(data_dir), "--week", "2026-W48"]) == 0
    out = capsys.readouterr().out
    assert "Week 48 (2026-11-23 to 2026-11-29)" in out and "Amina Ali" in out and "Coaching meeting" in out
    assert main(["agenda", "--data-dir", str(data_dir), "--week", "2026-W48", "--coach", "jonas"]) == 0
    assert "Amina Ali" not in capsys.readouterr().out
    assert main(["agenda", "--data-dir", str(data_dir), "--week", "2026-W48", "--office"]) == 0
    assert "Amina Ali" in capsys.readouterr().out
    assert main(["agenda", "--data-dir", str(data_dir), "--week", "2027-W53"]) == 1
    assert "2026-W48" in capsys.readouterr().err
    assert main(["agenda", "--data-dir", str(data_dir), "--coach", "nobody"]) == 1
    monkeypatch.setenv("COACHDESK_LANGUAGE", "sv")
    assert main(["agenda", "--data-dir", str(data_dir), "--week", "2026-W48"]) == 0
    assert "Måndag" in capsys.readouterr().out
