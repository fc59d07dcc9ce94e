"""Signing in from the window: errors stay in the form, success syncs at once, and a new device's first
sync shows its progress. Plain http:// only for a server on this computer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from coachdesk.models.store import Store
from coachdesk.sync.errors import SyncError
from coachdesk.sync.login import normalise_url
from coachdesk.sync.session_state import status
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.sync.controller import SyncController
from coachdesk.ui.sync.outcome import SyncOutcome
from coachdesk.ui.sync.sign_in import SignInDialog
from tests.integration.server.helpers import PASSWORD
from tests.integration.sync.helpers import count
from tests.ui.sync.support import WAIT, add_people, quick_client, slow_client
from tests.ui.test_accessibility import _buddy_labels_have_mnemonics, _unnamed_controls


def _open_dialog(qtbot: QtBot, window: MainWindow) -> SignInDialog:
    bar = window.sync.status_bar
    controller = window.sync.controller
    assert controller is not None
    qtbot.waitUntil(lambda: controller.status is not None, timeout=WAIT)
    assert bar.state.text() == "Not signed in — changes stay on this computer"
    assert bar.sign_in.isVisible()
    QTest.mouseClick(bar.sign_in, Qt.MouseButton.LeftButton)
    dialog = window.sync.sign_in_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _fill(dialog: SignInDialog, server: str, user: str, password: str) -> None:
    for field, text in ((dialog.server, server), (dialog.username, user), (dialog.password, password)):
        field.clear()
        QTest.keyClicks(field, text)


def _controller(window: MainWindow) -> SyncController:
    controller = window.sync.controller
    assert controller is not None
    return controller


def test_a_wrong_password_is_said_in_the_form_and_nothing_is_stored(
    qtbot: QtBot, new_vault: Callable[[], Store], open_window: Callable[..., MainWindow], server_url: str
) -> None:
    store = new_vault()
    window = open_window(store)
    dialog = _open_dialog(qtbot, window)
    assert _unnamed_controls(dialog) == [] and _buddy_labels_have_mnemonics(dialog) == []
    _fill(dialog, server_url, "anna", "not the password")
    QTest.mouseClick(dialog.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.problem_text == "Wrong user name or password."
    assert dialog.password.text() == "" and dialog.focusWidget() is dialog.password
    assert dialog.password.accessibleDescription() == "Wrong user name or password."
    assert dialog.isVisible() and not status(store).signed_in


def test_plain_http_to_another_computer_is_refused_in_the_form(
    qtbot: QtBot, new_vault: Callable[[], Store], open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(new_vault())
    dialog = _open_dialog(qtbot, window)
    _fill(dialog, "http://sync.example.se", "anna", PASSWORD)
    QTest.mouseClick(dialog.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problem_text != "", timeout=WAIT)
    assert "Plain http:// is only for a server on this computer" in dialog.problem_text
    assert dialog.focusWidget() is dialog.server


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/", "http://localhost:8765", "http://[::1]:8765",
                                 "https://sync.example.se"])
def test_http_is_accepted_for_this_computer_only(url: str) -> None:
    assert normalise_url(url) == url.rstrip("/")


@pytest.mark.parametrize("url", ["http://sync.example.se", "http://127.0.0.1.example.se", "http://10.0.0.2",
                                 "ftp://127.0.0.1"])
def test_http_elsewhere_is_refused(url: str) -> None:
    with pytest.raises(SyncError):
        normalise_url(url)


def test_signing_in_a_new_device_downloads_everything_with_its_progress_shown(
    qtbot: QtBot, device: Callable[[str], Store], new_vault: Callable[[], Store],
    open_window: Callable[..., MainWindow], server_url: str
) -> None:
    laptop = device("anna")
    add_people(laptop, 12)
    quick_client(laptop).sync()
    fresh = new_vault()
    window = open_window(fresh, client_factory=slow_client(0.05, page_limit=4))
    controller, bar = _controller(window), window.sync.status_bar
    dialog = _open_dialog(qtbot, window)
    _fill(dialog, server_url, "anna", PASSWORD)
    with qtbot.waitSignal(controller.started, timeout=WAIT):
        QTest.mouseClick(dialog.submit, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    first = window.sync.first_sync_dialog
    assert first is not None and first.isVisible()
    assert _unnamed_controls(first) == []
    with qtbot.waitSignal(controller.finished, timeout=WAIT) as blocker:
        pass
    assert blocker.args[0].outcome is SyncOutcome.SYNCED
    assert first.counts.text().startswith("Done. Received: ")
    assert "Round trips: " in first.counts.text() and first.hide_button.text() == "&Close"
    assert count(fresh, "SELECT count(*) FROM participants") == 12
    qtbot.waitUntil(lambda: bar.state.text() == "Online", timeout=WAIT)
    assert not bar.sign_in.isVisible() and status(fresh).initial_download_done


def test_stopping_the_first_download_keeps_what_arrived_and_the_next_sync_goes_on(
    qtbot: QtBot, device: Callable[[str], Store], open_window: Callable[..., MainWindow]
) -> None:
    laptop = device("anna")
    add_people(laptop, 15)
    quick_client(laptop).sync()
    fresh = device("anna")  # signed in, never synced: its first sync is the download
    window = open_window(fresh, client_factory=slow_client(0.1, page_limit=3))
    controller = _controller(window)
    qtbot.waitUntil(lambda: controller.status is not None, timeout=WAIT)
    with qtbot.waitSignal(controller.progressed, timeout=WAIT):
        window.sync.sync_now()
    first = window.sync.first_sync_dialog
    assert first is not None and first.counts.text().startswith("Received: ")
    with qtbot.waitSignal(controller.finished, timeout=WAIT) as blocker:
        QTest.mouseClick(first.stop, Qt.MouseButton.LeftButton)
    assert blocker.args[0].outcome is SyncOutcome.CANCELLED
    assert first.counts.text().startswith("Stopped. Received: ")
    kept = count(fresh, "SELECT count(*) FROM participants")
    assert kept < 15 and not status(fresh).initial_download_done
    QTest.mouseClick(first.hide_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync.first_sync_dialog is None, timeout=WAIT)

    with qtbot.waitSignal(controller.finished, timeout=WAIT) as blocker:
        window.sync.sync_now()  # asked for again: the download resumes where it stopped
    assert blocker.args[0].outcome is SyncOutcome.SYNCED
    assert count(fresh, "SELECT count(*) FROM participants") == 15
    assert status(fresh).initial_download_done
