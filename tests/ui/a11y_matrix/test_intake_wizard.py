"""The intake wizard, page by page, and the interpreter view through the matrix's checks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coachdesk.services import intake_catalog
from coachdesk.services.interpreting import InterpreterService
from coachdesk.ui.intake_wizard.wizard import IntakeWizard
from tests.ui.a11y_matrix.conftest import Setting, Subject, Vault, show, wait_until
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

PAGES = [section.id for section in intake_catalog.sections()]


@pytest.fixture(scope="module")
def wizard(setting: Setting, vault: Vault) -> Iterator[IntakeWizard]:
    built = IntakeWizard(participants=vault.workspace.participants,
                         interpreting=InterpreterService(vault.store), runner=vault.runner,
                         participant_id=vault.participant_id)
    show(built)
    wait_until(built.isEnabled)
    yield built
    if built.interpreter_window is not None:
        built.interpreter_window.hide()
        built.interpreter_window.deleteLater()
    built.hide()
    built.deleteLater()


@pytest.fixture(params=[*range(len(PAGES)), "interpreter"], ids=[*PAGES, "interpreter-view"])
def subject(request: pytest.FixtureRequest, wizard: IntakeWizard, setting: Setting) -> Subject:
    if request.param == "interpreter":
        wizard.open_interpreter_view()  # the session is booked on the database thread first
        wait_until(lambda: wizard.interpreter_window is not None)
        view = wizard.interpreter_window
        assert view is not None
        show(view)
        return Subject("interpreter-view", view, setting)
    if wizard.interpreter_window is not None:
        wizard.interpreter_window.hide()
    wizard.go_to(request.param)
    show(wizard)
    return Subject(f"wizard/{PAGES[request.param]}", wizard, setting)
