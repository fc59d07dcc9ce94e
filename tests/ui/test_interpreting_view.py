"""An interpreter's device: the main window shows their sessions and questions, nothing of any record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from coachdesk.models import LocalMeta
from coachdesk.models.enums import Role
from coachdesk.models.store import Store
from coachdesk.services import access, intake_catalog
from coachdesk.services.interpreting import InterpreterService
from coachdesk.services.participants import ParticipantService
from coachdesk.ui.preferences import Preferences
from coachdesk.ui.tasks import TaskRunner
from tests.ui.test_accessibility import _buddy_labels_have_mnemonics, _unnamed_controls
from tests.ui.test_main_window import _open_window


def test_an_interpreter_sees_only_their_sessions_questions(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences
) -> None:
    participants = ParticipantService(store)
    mine = participants.create({"given_name": "Selam", "family_name": "Tesfay"}).id
    other = participants.create({"given_name": "Amina", "family_name": "Farah"}).id
    start = dt.datetime(2026, 11, 23, 9)
    service = InterpreterService(store)
    service.book(mine, language="ti", starts_at=start, ends_at=start + dt.timedelta(hours=2),
                 interpreter_id=store.user_id)
    service.book(other, language="ar", starts_at=start, ends_at=start + dt.timedelta(hours=2),
                 interpreter_id="someone-else")
    with store.session() as session, session.begin():
        session.merge(LocalMeta(key=access.ROLE_KEY, value=Role.INTERPRETER.value))

    main = _open_window(qtbot, data_dir, store, runner, preferences)
    shell = main.shell
    assert shell is not None
    qtbot.waitUntil(lambda: not shell.navigation.isVisible(), timeout=10_000)
    sessions = shell._interpreting  # the view under test
    assert sessions is not None
    qtbot.waitUntil(lambda: sessions.questions.count() > 0, timeout=10_000)
    assert sessions.sessions.count() == 1 and "Selam" in sessions.sessions.item(0).text()
    first = intake_catalog.texts("ti")["identity.given_name.ask"]
    assert first in sessions.questions.item(0).text()
    shown = " ".join(label.text() for label in main.findChildren(QLabel) if label.isVisible())
    assert "Tesfay" not in shown and "Amina" not in shown and "Farah" not in shown
    assert _unnamed_controls(sessions) == [] and _buddy_labels_have_mnemonics(sessions) == []
    sessions.open_view()
    sessions.questions.setCurrentRow(2)
    window = sessions._window
    assert window is not None and window.isVisible()
    qtbot.add_widget(window)
    assert window.ask.text() == intake_catalog.texts("ti")["identity.personnummer.ask"]
