"""Sync in the main window: the File menu, rows that arrive reaching the views, a revoked device asked to
sign in again, an outdated app told so once, and locking in the middle of a sync."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coachdesk.models.store import Store
from coachdesk.server import accounts
from coachdesk.server.app import create_app
from coachdesk.server.context import ServerContext
from coachdesk.server.settings import Settings
from coachdesk.sync.login import login
from coachdesk.sync.protocol import schema_version
from coachdesk.sync.session_state import status
from coachdesk.ui import dialogs
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.sync.controller import SyncController
from coachdesk.ui.sync.outcome import SyncOutcome
from coachdesk.ui.sync.worker import THREAD_NAME
from tests.integration.server.helpers import PASSWORD, MovableClock, World, live_server
from tests.ui.sync.support import WAIT, add_people, quick_client, slow_client


def _controller(window: MainWindow) -> SyncController:
    controller = window.sync.controller
    assert controller is not None
    return controller


def _actions(window: MainWindow) -> dict[str, QAction]:
    return {action.text(): action for action in window.findChildren(QAction)}


def _sync_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(THREAD_NAME)]


def test_the_file_menu_signs_in_and_syncs_and_rows_that_arrive_reach_the_caseload(
    qtbot: QtBot, device: Callable[[str], Store], open_window: Callable[..., MainWindow]
) -> None:
    laptop, desktop = device("anna"), device("anna")
    window = open_window(desktop)
    texts = _actions(window)
    sync_now, stop = texts["S&ync now"], texts["S&top syncing"]
    assert "S&ign in to the sync server…" in texts
    assert sync_now.shortcut() == QKeySequence("F5") and not stop.isEnabled()
    caseload = window.caseload
    assert caseload is not None
    qtbot.waitUntil(lambda: not caseload.model.fetching, timeout=WAIT)
    assert caseload.model.rowCount() == 0
    add_people(laptop, 3)
    quick_client(laptop).sync()
    controller = _controller(window)
    with qtbot.waitSignal(controller.finished, timeout=WAIT) as blocker:
        sync_now.trigger()
    assert blocker.args[0].summary.pulled >= 3
    qtbot.waitUntil(lambda: caseload.model.rowCount() == 3, timeout=WAIT)


def test_a_revoked_device_is_asked_to_sign_in_again_and_can(
    qtbot: QtBot, device: Callable[[str], Store], open_window: Callable[..., MainWindow],
    server_ctx: ServerContext
) -> None:
    store = device("anna")
    add_people(store, 1)
    window = open_window(store)
    controller = _controller(window)
    qtbot.waitUntil(lambda: controller.status is not None, timeout=WAIT)
    accounts.revoke_device(server_ctx, store.device_id)
    with qtbot.waitSignal(controller.finished, timeout=WAIT) as blocker:
        controller.sync_now()
    assert blocker.args[0].outcome is SyncOutcome.AUTH_REQUIRED
    dialog = window.sync.sign_in_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.intro_text.startswith("This computer's access to the sync server was withdrawn. "
                                        "Sign in again.")
    assert dialog.username.text() == "anna" and dialog.server.text() == status(store).server_url
    assert not status(store).signed_in and status(store).pending_changes > 0  # tokens gone, changes kept
    assert controller.blocked is SyncOutcome.AUTH_REQUIRED and controller.next_delay_ms is None
    bar = window.sync.status_bar
    qtbot.waitUntil(lambda: bar.state.text() == "Signed out of the sync server — sign in again", timeout=WAIT)

    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(controller.finished, timeout=WAIT) as blocker:
        dialog.submit.click()
    assert blocker.args[0].outcome is SyncOutcome.SYNCED
    assert status(store).signed_in and status(store).pending_changes == 0


def test_an_outdated_app_is_told_once_and_does_not_retry(
    qtbot: QtBot, new_vault: Callable[[], Store], open_window: Callable[..., MainWindow],
    server_settings: Settings, server_engine: Engine, server_clock: MovableClock, world: World
) -> None:
    newer = dataclasses.replace(server_settings, min_schema_version=schema_version() + 1,
                                max_schema_version=schema_version() + 1)
    app = create_app(newer, engine=server_engine, now=server_clock.now, sleep=lambda _s: None)
    store = new_vault()
    with live_server(app) as url:
        login(store, url, "anna", PASSWORD)
        window = open_window(store)
        controller = _controller(window)
        qtbot.waitUntil(lambda: controller.status is not None, timeout=WAIT)
        with dialogs.answered() as prompts, qtbot.waitSignal(controller.finished, timeout=WAIT) as blocker:
            controller.sync_now()
        assert blocker.args[0].outcome is SyncOutcome.UPGRADE_REQUIRED
        assert [p.text for p in prompts] == ["The sync server needs a newer version of CoachDesk. Update "
                                             "CoachDesk to sync; your changes are kept."]
        assert controller.blocked is SyncOutcome.UPGRADE_REQUIRED and controller.next_delay_ms is None
        assert window.sync.status_bar.state.text() == "Update CoachDesk to sync"
        controller.request_soon()  # a save, say: no automatic sync while blocked
        assert controller.next_delay_ms is None


def test_locking_during_a_sync_stops_it_before_the_store_closes(
    qtbot: QtBot, device: Callable[[str], Store], open_window: Callable[..., MainWindow]
) -> None:
    laptop = device("anna")
    add_people(laptop, 15)
    quick_client(laptop).sync()
    desktop = device("anna")
    window = open_window(desktop, client_factory=slow_client(0.2, page_limit=3))
    controller = _controller(window)
    qtbot.waitUntil(lambda: controller.status is not None, timeout=WAIT)
    with qtbot.waitSignal(controller.progressed, timeout=WAIT):
        controller.sync_now()
    assert _sync_threads() != []
    with qtbot.waitSignal(window.locked, timeout=WAIT):
        window.lock()
    assert _sync_threads() == []  # the store closed only after the sync thread ended
    assert window.sync.controller is None and not window.sync.status_bar.isVisible()
    assert window.sync.first_sync_dialog is None or not window.sync.first_sync_dialog.isVisible()
    texts = _actions(window)
    assert not texts["S&ync now"].isEnabled() and not texts["S&top syncing"].isEnabled()
    window.sync.sync_now()  # nothing to sync while locked: no thread, no error
    assert _sync_threads() == []
