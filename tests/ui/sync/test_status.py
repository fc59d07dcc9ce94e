"""The status bar tells how sync stands, and the controller syncs when it should: on demand, after a save,
with back-off after failures, never twice at once, and stops when asked. Against a real server."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coachdesk.models.store import Store
from coachdesk.server.app import create_app
from coachdesk.server.settings import Settings
from coachdesk.sync.login import login
from coachdesk.sync.session_state import status
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.sync.controller import SyncController
from coachdesk.ui.sync.outcome import SyncOutcome, SyncResult
from tests.integration.server.helpers import PASSWORD, MovableClock, World, live_server
from tests.integration.sync.helpers import count, pretend_signed_in
from tests.ui.sync.support import TIMING, WAIT, add_people, quick_client, slow_client

FIVE_MINUTES = 5 * 60_000


class Cable(httpx.HTTPTransport):
    """The real connection, which a test can pull out (every request then fails to connect)."""

    plugged = True

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.plugged:
            raise httpx.ConnectError("the cable is out", request=request)
        return super().handle_request(request)


def _sync(qtbot: QtBot, controller: SyncController) -> SyncResult:
    with qtbot.waitSignal(controller.finished, timeout=WAIT) as blocker:
        controller.sync_now()
    result = blocker.args[0]
    assert isinstance(result, SyncResult)
    return result


def _poll(qtbot: QtBot, controller: SyncController) -> None:
    with qtbot.waitSignal(controller.status_changed, timeout=WAIT):
        controller.poll()


def _next(controller: SyncController) -> int | None:
    """The delay of the next automatic sync (read afresh: mypy would keep an earlier narrowing)."""
    return controller.next_delay_ms


def _controller(window: MainWindow) -> SyncController:
    controller = window.sync.controller
    assert controller is not None
    return controller


def test_changes_waiting_then_sync_now_from_the_keyboard_sends_them_and_shows_the_time(
    qtbot: QtBot, device: Callable[[str], Store], open_window: Callable[..., MainWindow]
) -> None:
    store = device("anna")
    window = open_window(store)
    controller, bar = _controller(window), window.sync.status_bar
    qtbot.waitUntil(lambda: controller.status is not None, timeout=WAIT)
    add_people(store, 2)
    _poll(qtbot, controller)
    assert re.fullmatch(r"\d+ changes to send", bar.pending.text())
    assert bar.last_sync.text() == "Never synced" and bar.state.text() == "Online"
    assert _next(controller) == TIMING.after_save_ms  # a save: a sync soon

    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(controller.finished, timeout=WAIT) as blocker:
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F5)  # File > Sync now
    assert blocker.args[0].outcome is SyncOutcome.SYNCED
    qtbot.waitUntil(lambda: bar.pending.text() == "Nothing to send", timeout=WAIT)
    assert bar.last_sync.text() == "Last sync: just now"
    assert bar.state.text() == "Online" and bar.announcement == "Online"
    assert status(store).pending_changes == 0
    assert controller.failures == 0 and _next(controller) == FIVE_MINUTES  # the setting's default


def test_saves_in_a_row_push_the_sync_back_until_they_stop(
    qtbot: QtBot, device: Callable[[str], Store], make_controller: Callable[..., SyncController]
) -> None:
    store = device("anna")
    controller = make_controller(store)
    controller.start()
    qtbot.waitUntil(lambda: controller.status is not None, timeout=WAIT)
    assert _next(controller) == TIMING.after_start_ms  # signed in: a first sync shortly
    add_people(store, 1)
    _poll(qtbot, controller)
    assert _next(controller) == TIMING.after_save_ms
    qtbot.wait(300)
    earlier = controller.remaining_ms
    assert earlier is not None and earlier <= TIMING.after_save_ms - 250
    add_people(store, 1)
    _poll(qtbot, controller)
    later = controller.remaining_ms
    assert later is not None and later > earlier  # restarted: ten quiet seconds after the last save
    _poll(qtbot, controller)  # nothing new: the countdown goes on
    again = controller.remaining_ms
    assert again is not None and again <= later


def test_an_unreachable_server_backs_off_doubling_and_a_success_resets_it(
    qtbot: QtBot, device: Callable[[str], Store], open_window: Callable[..., MainWindow]
) -> None:
    cable = Cable()
    store = device("anna")
    window = open_window(store, client_factory=lambda s: quick_client(s, transport=cable))
    controller, bar = _controller(window), window.sync.status_bar
    qtbot.waitUntil(lambda: controller.status is not None, timeout=WAIT)
    cable.plugged = False
    delays = []
    for _attempt in range(4):
        result = _sync(qtbot, controller)
        assert result.outcome is SyncOutcome.OFFLINE
        delays.append(_next(controller))
    assert delays == [30_000, 60_000, 120_000, 240_000]  # no jitter drawn (random() == 0.5)
    assert bar.state.text().startswith("Sync server not reachable — next try at ")
    assert bar.state.toolTip() == "The sync server cannot be reached. Your changes are kept and sent later."
    assert controller.backoff_ms(30) == 15 * 60_000  # capped

    cable.plugged = True
    assert _sync(qtbot, controller).outcome is SyncOutcome.SYNCED
    assert controller.failures == 0 and _next(controller) == FIVE_MINUTES
    assert bar.state.text() == "Online"


def test_back_off_has_jitter_within_a_fifth_either_way(
    new_vault: Callable[[], Store], make_controller: Callable[..., SyncController]
) -> None:
    store = new_vault()
    assert make_controller(store, random=lambda: 0.0).backoff_ms(1) == 24_000
    assert make_controller(store, random=lambda: 1.0).backoff_ms(2) == 72_000


def test_a_stopped_server_and_a_lost_network_show_offline_and_nothing_is_tried_until_it_returns(
    qtbot: QtBot, new_vault: Callable[[], Store], open_window: Callable[..., MainWindow],
    server_settings: Settings, server_engine: Engine, server_clock: MovableClock, world: World
) -> None:
    store = new_vault()
    app = create_app(server_settings, engine=server_engine, now=server_clock.now, sleep=lambda _s: None)
    with live_server(app) as url:
        login(store, url, "anna", PASSWORD)
    add_people(store, 1)
    window = open_window(store)
    controller, bar = _controller(window), window.sync.status_bar
    qtbot.waitUntil(lambda: controller.status is not None, timeout=WAIT)
    result = _sync(qtbot, controller)  # the server is gone
    assert result.outcome is SyncOutcome.OFFLINE and _next(controller) == 30_000
    assert status(store).pending_changes > 0  # nothing lost

    controller.set_online(False)  # what QNetworkInformation reports, without it
    assert controller.online is True  # ... but this server is on this computer: it still counts
    assert "Offline" not in bar.state.text()


def test_going_offline_stops_the_timer_and_coming_back_syncs_soon(
    qtbot: QtBot, new_vault: Callable[[], Store], open_window: Callable[..., MainWindow]
) -> None:
    store = new_vault()
    pretend_signed_in(store)  # to a server elsewhere (https://sync.example): the network counts
    window = open_window(store)
    controller, bar = _controller(window), window.sync.status_bar
    qtbot.waitUntil(lambda: controller.status is not None, timeout=WAIT)
    assert _next(controller) == TIMING.after_start_ms
    with qtbot.waitSignal(controller.online_changed, timeout=WAIT):
        controller.set_online(False)
    assert bar.state.text() == "Offline — changes are kept and sent later"
    assert bar.announcement == bar.state.text()
    assert _next(controller) is None
    add_people(store, 1)
    _poll(qtbot, controller)
    assert _next(controller) is None  # a save while offline waits for the network
    controller.set_online(True)
    assert _next(controller) == TIMING.after_start_ms and bar.state.text() == "Online"


def test_cancel_stops_a_running_sync_and_the_next_one_carries_on(
    qtbot: QtBot, device: Callable[[str], Store], open_window: Callable[..., MainWindow]
) -> None:
    laptop = device("anna")
    add_people(laptop, 15)
    quick_client(laptop).sync()
    desktop = device("anna")
    window = open_window(desktop, client_factory=slow_client(0.1, page_limit=3))
    controller, bar = _controller(window), window.sync.status_bar
    qtbot.waitUntil(lambda: controller.status is not None, timeout=WAIT)
    with qtbot.waitSignal(controller.progressed, timeout=WAIT):
        controller.sync_now()
    assert controller.running and bar.cancel.isVisible() and bar.progress.isVisible()
    assert bar.state.text().startswith("Syncing… ") and bar.announcement == "Syncing…"
    with qtbot.assertNotEmitted(controller.started):
        controller.sync_now()  # never two at once
    with qtbot.waitSignal(controller.finished, timeout=WAIT) as blocker:
        QTest.mouseClick(bar.cancel, Qt.MouseButton.LeftButton)
    assert blocker.args[0].outcome is SyncOutcome.CANCELLED
    assert not bar.cancel.isVisible() and controller.failures == 0
    assert _next(controller) == FIVE_MINUTES  # a cancel is no failure: no back-off
    received = count(desktop, "SELECT count(*) FROM participants")
    assert received < 15

    assert _sync(qtbot, controller).outcome is SyncOutcome.SYNCED  # resumes from the stored cursor
    assert count(desktop, "SELECT count(*) FROM participants") == 15
