"""The participant record, tab by tab, through the matrix's checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from coachdesk.ui.record import ParticipantRecord
from tests.ui.a11y_matrix.conftest import TODAY, Setting, Subject, Vault, show, wait_until
from tests.ui.a11y_matrix.suite import (
    test_every_control_is_named_and_labels_have_mnemonics,
    test_focus_visibly_changes_pixels,
    test_mnemonics_are_unique,
    test_nothing_is_cut_off,
    test_tab_reaches_every_control_in_reading_order,
    test_targets_are_at_least_24_px,
)

__all__ = [
    "test_every_control_is_named_and_labels_have_mnemonics", "test_focus_visibly_changes_pixels",
    "test_mnemonics_are_unique", "test_nothing_is_cut_off", "test_tab_reaches_every_control_in_reading_order",
    "test_targets_are_at_least_24_px",
]

TABS = ["overview", "intake", "plan", "goals", "placements", "journal", "documents", "exit"]
INTAKE = TABS.index("intake")


@pytest.fixture(scope="module")
def record(setting: Setting, vault: Vault) -> Iterator[ParticipantRecord]:
    space = vault.workspace
    loaded: list[bool] = []
    built = ParticipantRecord(
        store=space.store, participants=space.participants, goals=space.goals, journal=space.journal,
        exits=space.exits, placements=space.placements, employers=space.employers,
        attachments=space.attachments, plans=space.plans, templates=space.templates, runner=vault.runner,
        participant_id=vault.participant_id, now=lambda: dt.datetime.combine(TODAY, dt.time(9)))
    built.loaded.connect(lambda: loaded.append(True))
    show(built)
    wait_until(lambda: bool(loaded) and vault.runner.pending == 0)
    yield built
    built.hide()
    built.deleteLater()


@pytest.fixture(params=range(len(TABS)), ids=TABS)
def subject(request: pytest.FixtureRequest, record: ParticipantRecord, setting: Setting) -> Subject:
    index: int = request.param
    record.tabs.setCurrentIndex(index)
    show(record)
    # The intake form has ~35 fields: more than there are letters, so mnemonics are unique per group box.
    return Subject(f"record/{TABS[index]}", record, setting, start=record.tabs.tabBar(),
                   per_group=index == INTAKE)
