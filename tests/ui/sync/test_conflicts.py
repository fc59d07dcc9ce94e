"""The Conflicts view: a field changed on two devices shows both sides, and settling it on one device
settles it on both; changes the server refused are said in plain words and can be dismissed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from coachdesk.models.store import Store
from coachdesk.services.participants import ParticipantService
from coachdesk.sync.conflicts import conflicts
from coachdesk.sync.session_state import status
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import View
from coachdesk.ui.sync.conflicts_view import ConflictsView
from tests.integration.sync.helpers import scalar
from tests.ui.sync.support import WAIT, quick_client
from tests.ui.test_accessibility import _buddy_labels_have_mnemonics, _unnamed_controls


def _city(store: Store, participant_id: str) -> object:
    return scalar(store, "SELECT city FROM participants WHERE id = :i", i=participant_id)


def _conflict_between(laptop: Store, desktop: Store) -> str:
    """Nadia's city changed on both devices before they synced: the desktop's later change wins."""
    made = ParticipantService(laptop).create({"given_name": "Nadia", "family_name": "Warsame"})
    quick_client(laptop).sync()
    quick_client(desktop).sync()
    ParticipantService(laptop).update(made.id, {"city": "Krokom"})
    ParticipantService(desktop).update(made.id, {"city": "Östersund"})
    quick_client(laptop).sync()
    quick_client(desktop).sync()
    quick_client(laptop).sync()
    return made.id


def _conflicts_view(qtbot: QtBot, window: MainWindow) -> ConflictsView:
    bar = window.sync.status_bar
    qtbot.waitUntil(lambda: bar.conflicts.text() == "1 conflict to resolve", timeout=WAIT)
    QTest.mouseClick(bar.conflicts, Qt.MouseButton.LeftButton)  # the status bar leads to the view
    shell = window.shell
    assert shell is not None and shell.current_view is View.CONFLICTS
    view = shell.conflicts
    qtbot.waitUntil(lambda: view.list.count() == 1, timeout=WAIT)
    return view


def test_a_conflict_shows_both_sides_and_keeping_the_other_settles_it_on_every_device(
    qtbot: QtBot, device: Callable[[str], Store], open_window: Callable[..., MainWindow]
) -> None:
    laptop, desktop = device("anna"), device("anna")
    participant = _conflict_between(laptop, desktop)
    assert _city(laptop, participant) == _city(desktop, participant) == "Östersund"
    window = open_window(laptop)
    view = _conflicts_view(qtbot, window)
    assert _unnamed_controls(window) == [] and _buddy_labels_have_mnemonics(window) == []
    assert view.list.item(0).text() == "Participant: Nadia Warsame — City"
    detail = view.detail
    assert detail.winner.title() == "Kept everywhere (the later change)"
    assert detail.winner.value.text() == "Östersund" and detail.loser.value.text() == "Krokom"
    assert detail.winner.origin.text().startswith("Changed by you on another device (")
    assert detail.loser.origin.text().startswith("Changed by you on this computer, ")
    assert detail.keep_edited.isVisible()  # a text field: a value of one's own may be typed

    controller = window.sync.controller
    assert controller is not None
    with qtbot.waitSignal(view.resolved, timeout=WAIT):
        QTest.mouseClick(detail.loser.keep, Qt.MouseButton.LeftButton)  # the laptop's city was right
    qtbot.waitUntil(lambda: view.list.count() == 0, timeout=WAIT)
    assert controller.next_delay_ms is not None  # the others should know soon
    assert _city(laptop, participant) == "Krokom"

    with qtbot.waitSignal(controller.finished, timeout=WAIT):
        controller.sync_now()
    quick_client(desktop).sync()
    assert conflicts(laptop) == [] and conflicts(desktop) == []
    assert _city(laptop, participant) == _city(desktop, participant) == "Krokom"
    assert status(desktop).conflicts_waiting == 0
    qtbot.waitUntil(lambda: window.sync.status_bar.conflicts.text() == "No conflicts", timeout=WAIT)


def test_an_edited_value_can_be_kept_instead_of_either_side(
    qtbot: QtBot, device: Callable[[str], Store], open_window: Callable[..., MainWindow]
) -> None:
    laptop, desktop = device("anna"), device("anna")
    participant = _conflict_between(laptop, desktop)
    window = open_window(desktop)
    view = _conflicts_view(qtbot, window)
    assert view.detail.loser.origin.text().startswith("Changed by you on another device")
    view.detail.edit.setPlainText("Krokom kommun")
    with qtbot.waitSignal(view.resolved, timeout=WAIT):
        QTest.mouseClick(view.detail.keep_edited, Qt.MouseButton.LeftButton)
    quick_client(desktop).sync()
    quick_client(laptop).sync()
    assert _city(laptop, participant) == _city(desktop, participant) == "Krokom kommun"
    assert conflicts(laptop) == [] and conflicts(desktop) == []


def test_refused_changes_are_said_in_plain_words_and_can_be_dismissed(
    qtbot: QtBot, device: Callable[[str], Store], open_window: Callable[..., MainWindow]
) -> None:
    supervisor = device("sara")  # a supervisor reviews; registering participants is a coach's work
    ParticipantService(supervisor).create({"given_name": "Ali", "family_name": "Hassan"})
    summary = quick_client(supervisor).sync()
    assert summary.rejected > 0
    window = open_window(supervisor)
    bar = window.sync.status_bar
    qtbot.waitUntil(lambda: bar.conflicts.text().endswith("refused"), timeout=WAIT)
    window.show_view(View.CONFLICTS)
    shell = window.shell
    assert shell is not None
    view = shell.conflicts
    qtbot.waitUntil(lambda: view.refused.topLevelItemCount() > 0, timeout=WAIT)
    rows = [view.refused.topLevelItem(i) for i in range(view.refused.topLevelItemCount())]
    whats = {row.text(0): row.text(1) for row in rows if row is not None}
    assert whats["Participant"] == "Your role may not make this change."
    assert _unnamed_controls(window) == []
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        QTest.mouseClick(view.dismiss_all, Qt.MouseButton.LeftButton)
    assert view.refused.topLevelItemCount() == 0
    assert view.list.count() == 0 and not view.dismiss.isEnabled()
    assert status(supervisor).rejections == 0
