"""Registering a participant from the File menu: inline errors, then the record opens at intake."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from coachdesk.models import Participant
from coachdesk.models.store import Store
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.new_participant import NewParticipantDialog
from coachdesk.ui.preferences import Preferences
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.workspace import Workspace
from tests.ui.test_accessibility import _buddy_labels_have_mnemonics, _unnamed_controls


def _count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(Participant)) or 0)


def _click_save(qtbot: QtBot, dialog: NewParticipantDialog) -> None:
    button = dialog.save_button
    button.click()
    qtbot.waitUntil(lambda: button.isEnabled() or not dialog.isVisible(), timeout=10_000)


def test_new_participant_with_an_interpreter(qtbot: QtBot, data_dir: Path, store: Store,
                                             runner: TaskRunner, preferences: Preferences) -> None:
    window = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                        preferences=preferences, workspace=Workspace.open(store, data_dir))
    qtbot.add_widget(window)
    window.show()
    assert window.new_participant_action.isEnabled()
    window.new_participant_action.trigger()
    dialogs = [d for d in window.findChildren(NewParticipantDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert _unnamed_controls(dialog) == [] and _buddy_labels_have_mnemonics(dialog) == []

    _click_save(qtbot, dialog)  # no names
    assert dialog.error_for("given_name") and dialog.error_for("family_name")
    dialog.given_name.setText("Yonas")
    dialog.family_name.setText("Tesfay")
    dialog.personnummer.setText("19900101-0000")  # wrong check digit
    dialog.interpreter_needed.setChecked(True)
    _click_save(qtbot, dialog)
    assert dialog.error_for("personnummer")
    dialog.personnummer.clear()
    _click_save(qtbot, dialog)
    assert dialog.error_for("interpreter_language")  # an interpreter in which language?
    assert _count(store) == 0 and dialog.isVisible()

    dialog.interpreter_language.setText("ti")
    dialog.primary_language.setText("ti")
    with qtbot.wait_signal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    assert window.shell is not None
    qtbot.waitUntil(lambda: len(window.shell.open_records) == 1 if window.shell else False)
    record = next(iter(window.shell.open_records.values()))
    assert record.tabs.currentWidget() is record.intake
    with store.session() as session:
        person = session.scalars(select(Participant)).one()
    assert (person.given_name, person.interpreter_needed, person.interpreter_language) == (
        "Yonas", True, "ti")
    assert person.coach_id == store.user_id


def test_locked_there_is_no_new_participant(qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner,
                                            preferences: Preferences) -> None:
    window = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                        preferences=preferences, workspace=Workspace.open(store, data_dir))
    qtbot.add_widget(window)
    window.lock()
    assert not window.new_participant_action.isEnabled()
    assert window.new_participant() is None
