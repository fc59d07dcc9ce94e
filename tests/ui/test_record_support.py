"""Shared set-up for the participant-record tests: real services on a real vault, real widgets.

No tests here; the ``test_record_*`` modules import the fixtures they need.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from coachdesk.models.store import Store
from coachdesk.services.exits import ExitService
from coachdesk.services.goals import GoalService
from coachdesk.services.journal import JournalService
from coachdesk.services.participants import ParticipantService
from coachdesk.services.plans import PlanService
from coachdesk.services.templates import TemplateLibrary
from coachdesk.ui.record import ParticipantRecord
from coachdesk.ui.tasks import TaskRunner
from tests.ui.conftest import personnummer

BORN = dt.date(1990, 5, 17)
START = dt.date(2026, 11, 2)  # a Monday: ISO week 45
NOW = dt.datetime(2026, 11, 11, 8, 0)  # the Wednesday morning of week 46, as the record is told


@dataclass(frozen=True)
class Services:
    store: Store
    participants: ParticipantService
    goals: GoalService
    journal: JournalService
    exits: ExitService
    plans: PlanService


@pytest.fixture
def services(store: Store) -> Services:
    templates = TemplateLibrary.load()
    return Services(store, ParticipantService(store), GoalService(store), JournalService(store),
                    ExitService(store, templates), PlanService(store, templates))


@pytest.fixture
def participant_id(services: Services) -> str:
    return services.participants.create({
        "given_name": "Hodan", "family_name": "Warsame", "personnummer": personnummer(BORN, 123),
        "phone": "070-123 45 67", "city": "Krokom", "interpreter_needed": True,
        "interpreter_language": "so", "dreams": "Att arbeta som undersköterska."}).id


OpenRecord = Callable[[str], ParticipantRecord]


@pytest.fixture
def open_record(qtbot: QtBot, services: Services, runner: TaskRunner) -> OpenRecord:
    """Builds, shows and waits for a record; its journal is read too."""

    def build(pid: str) -> ParticipantRecord:
        record = ParticipantRecord(store=services.store, participants=services.participants,
                                   goals=services.goals, journal=services.journal, exits=services.exits,
                                   runner=runner, participant_id=pid, now=lambda: NOW)
        qtbot.add_widget(record)
        with qtbot.waitSignals([record.loaded, record.journal.loaded], timeout=10_000):
            record.show()
        return record

    return build
