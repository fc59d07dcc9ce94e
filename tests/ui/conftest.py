"""Fixtures for the widget tests: a task runner that always stops, stores that always close."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from stdnum import luhn

from coachdesk.models.store import Store
from coachdesk.services.participants import ParticipantService
from coachdesk.ui import dialogs
from coachdesk.ui.preferences import Preferences
from coachdesk.ui.tasks import TaskRunner


@pytest.fixture
def opened_stores() -> Iterator[list[Store]]:
    """Stores a test opened through the UI; closed after the runner has stopped."""
    stores: list[Store] = []
    yield stores
    for opened in stores:
        opened.close()


@pytest.fixture
def runner(qapp: QApplication, opened_stores: list[Store]) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def store(store: Store, runner: TaskRunner) -> Store:
    """The shared vault fixture, set up before the runner so it closes only after the runner stops."""
    return store


@pytest.fixture
def participants(store: Store) -> ParticipantService:
    return ParticipantService(store)


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "CoachDesk.ini"


@pytest.fixture
def preferences(settings_file: Path) -> Preferences:
    """The desktop's settings in a file of the test's own, never the developer's."""
    return Preferences(QSettings(str(settings_file), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def _no_leftover_threads() -> Iterator[None]:
    """Every task runner a test starts is shut down by the end of that test."""
    yield
    left = [t.name for t in threading.enumerate() if t.name.startswith("coachdesk-")]
    assert left == [], f"worker threads outlived the test: {left}"


@pytest.fixture(autouse=True)
def _no_unexpected_prompts() -> Iterator[None]:
    """A message box nobody answers would hang the run; fail instead."""

    def refuse(prompt: dialogs.Prompt) -> bool:
        raise dialogs.UnexpectedPromptError(f"unexpected prompt: {prompt.title!r}")

    previous = dialogs.set_answerer(refuse)
    yield
    dialogs.set_answerer(previous)


def personnummer(born: dt.date, serial: int) -> str:
    """A valid personnummer (check digit included) for ``born``."""
    base = f"{born:%y%m%d}{serial:03d}"
    return f"{born:%Y%m%d}-{serial:03d}{luhn.calc_check_digit(base)}"


def add_participant(service: ParticipantService, family: str, given: str,
                    born: dt.date | None = None, serial: int = 0) -> str:
    fields: dict[str, object] = {"family_name": family, "given_name": given}
    if born is not None:
        fields["personnummer"] = personnummer(born, serial)
    return service.create(fields).id
