"""The main window's views (a supervisor's: Review and Dashboard too) through the matrix's checks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import View
from coachdesk.ui.workspace import Workspace
from tests.ui.a11y_matrix.conftest import TODAY, Setting, Subject, Vault, show, wait_until
from tests.ui.a11y_matrix.layout_checks import SCREEN
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


@pytest.fixture(scope="module")
def window(setting: Setting, vault: Vault) -> Iterator[MainWindow]:
    built = MainWindow(data_dir=vault.data_dir, runner=vault.runner, open_workspace=Workspace.open,
                       preferences=vault.preferences, workspace=vault.workspace, today=lambda: TODAY)
    shell = built.shell
    assert shell is not None
    show(built)
    wait_until(lambda: shell.is_supervisor and vault.runner.pending == 0)
    # The screen a coach may have: the window as large as 1366×768 allows (its minimum permitting).
    built.resize(SCREEN.expandedTo(built.minimumSizeHint()))
    yield built
    built.take_workspace()  # the vault's workspace stays open for the next setting
    built.close()
    built.deleteLater()


@pytest.fixture(params=list(View), ids=lambda view: view.value)
def subject(request: pytest.FixtureRequest, window: MainWindow, setting: Setting, vault: Vault) -> Subject:
    view: View = request.param
    window.show_view(view)
    wait_until(lambda: vault.runner.pending == 0)
    show(window)
    shell = window.shell
    assert shell is not None and shell.current_view is view
    return Subject(f"main/{view.value}", window, setting, start=shell.navigation)
