"""Fixtures for the desktop sync tests: a real ``coachdesk-server`` on 127.0.0.1 (the sync suite's), quick
vaults, controllers and main windows that always stop their sync thread."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from coachdesk.models.store import Store
from coachdesk.sync.login import login
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import Preferences
from coachdesk.ui.sync.controller import SyncController
from coachdesk.ui.sync.worker import SyncWorker
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.workspace import Workspace
from tests.integration.server.helpers import PASSWORD
from tests.integration.sync.conftest import (
    server_clock,
    server_ctx,
    server_engine,
    server_settings,
    server_template,
    server_url,
    vault_template,
    world,
)
from tests.integration.sync.helpers import VaultTemplate
from tests.ui.sync.support import options

__all__ = ["server_clock", "server_ctx", "server_engine", "server_settings", "server_template", "server_url",
           "vault_template", "world"]  # the sync suite's server fixtures, for every test here


@pytest.fixture
def new_vault(vault_template: VaultTemplate, tmp_path: Path,
              opened_stores: list[Store]) -> Callable[[], Store]:
    """A new vault (its own device); closed only after the task runner has stopped."""

    def make() -> Store:
        store = vault_template.store(tmp_path)
        opened_stores.append(store)
        return store

    return make


@pytest.fixture
def device(new_vault: Callable[[], Store], server_url: str) -> Callable[[str], Store]:
    """A new vault signed in to the server as ``username``."""

    def make(username: str) -> Store:
        store = new_vault()
        login(store, server_url, username, PASSWORD)
        return store

    return make


@pytest.fixture
def make_controller(runner: TaskRunner) -> Iterator[Callable[..., SyncController]]:
    made: list[tuple[SyncController, SyncWorker]] = []

    def make(store: Store, **changes: object) -> SyncController:
        worker = SyncWorker()
        controller = SyncController(store=store, runner=runner, worker=worker, options=options(**changes))
        made.append((controller, worker))
        return controller

    yield make
    for controller, worker in made:
        controller.stop()
        worker.stop()()


@pytest.fixture
def open_window(qtbot: QtBot, runner: TaskRunner, preferences: Preferences,
                tmp_path: Path) -> Iterator[Callable[..., MainWindow]]:
    windows: list[MainWindow] = []

    def make(store: Store, **changes: object) -> MainWindow:
        window = MainWindow(data_dir=tmp_path, runner=runner, open_workspace=Workspace.open,
                            preferences=preferences, workspace=Workspace.open(store, tmp_path),
                            sync=options(**changes))
        qtbot.add_widget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.sync.shutdown()
