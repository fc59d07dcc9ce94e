"""Switching language live: no text of the previous language is left, and Arabic and Dari mirror the layout.

Every UI language in turn, on the main window with every view built and a participant record open:
any visible string that is the previous language's translation of a message (and not also the new
language's) is a widget that did not retranslate.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from coachdesk import i18n
from coachdesk.models import User
from coachdesk.models.store import Store
from coachdesk.resources import translations_dir
from coachdesk.services.exits import ExitService
from coachdesk.services.goals import GoalService
from coachdesk.services.journal import JournalService
from coachdesk.services.participants import ParticipantService
from coachdesk.services.templates import TemplateLibrary
from coachdesk.ui.application import apply_language, layout_direction
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import Preferences, View
from coachdesk.ui.record.record import ParticipantRecord
from coachdesk.ui.tasks import TaskRunner
from tests.ui.conftest import add_participant
from tests.ui.test_main_window import _open_window

LANGUAGES = ["sv", "en", "ar", "fa_AF", "so", "ti"]


def _catalog(language: str) -> dict[str, str]:
    """Every translation in ``language`` (each plural form too) -> its msgid, mnemonics kept."""
    path = translations_dir() / language / "LC_MESSAGES" / "coachdesk.po"
    with path.open("rb") as fh:
        catalog = read_po(fh)
    table: dict[str, str] = {}
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if text:
                table.setdefault(str(text), str(ids[0]))
    return table


def _texts(top: QWidget) -> set[str]:
    found: set[str] = {top.windowTitle()}
    for widget in top.findChildren(QWidget):
        found |= {widget.accessibleName(), widget.toolTip()}
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.add(widget.text())
        if isinstance(widget, QLineEdit):
            found.add(widget.placeholderText())
        if isinstance(widget, QGroupBox):
            found.add(widget.title())
        if isinstance(widget, QTabWidget):
            found |= {widget.tabText(i) for i in range(widget.count())}
        if isinstance(widget, QMenu):
            found |= {widget.title(), *(action.text() for action in widget.actions())}
        if isinstance(widget, QHeaderView) and widget.model() is not None:
            found |= {str(widget.model().headerData(c, widget.orientation()) or "")
                      for c in range(widget.count())}
    return {text for text in found if text and text.strip()}


@pytest.fixture
def main(qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner,
         preferences: Preferences) -> MainWindow:
    return _open_window(qtbot, data_dir, store, runner, preferences)


@pytest.fixture
def record(qtbot: QtBot, store: Store, runner: TaskRunner) -> ParticipantRecord:
    templates = TemplateLibrary.load()
    participants = ParticipantService(store)
    pid = add_participant(participants, "Warsame", "Hodan")
    window = ParticipantRecord(store=store, participants=participants, goals=GoalService(store),
                               journal=JournalService(store), exits=ExitService(store, templates),
                               runner=runner, participant_id=pid)
    qtbot.add_widget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    return window


def test_every_language_switch_leaves_nothing_of_the_previous_language(
    qtbot: QtBot, main: MainWindow, record: ParticipantRecord, store: Store
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for view in View:  # build every view (a coach's device: the supervisor's views stay hidden)
        main.show_view(view)
    catalogs = {language: _catalog(language) for language in LANGUAGES}
    with store.session() as session:  # data, not UI text: the vault's owner was named "Coach" at creation
        data = set(session.scalars(select(User.display_name)))
    previous = "en"
    try:
        for language in [*LANGUAGES, "sv"]:
            apply_language(app, language)
            qtbot.wait(50)  # the posted LanguageChange reaches every widget
            old, new = catalogs[previous], catalogs[language]
            # A string only the previous language has: a widget that kept its old text.
            stale = sorted(text for text in _texts(main) | _texts(record) if text in old and text not in new
                           and text not in data)
            assert stale == [], f"{previous} -> {language}"
            expected = layout_direction(language)
            assert main.layoutDirection() == expected, language
            assert record.layoutDirection() == expected, language
            assert app.layoutDirection() == expected, language
            if expected == Qt.LayoutDirection.RightToLeft:
                bar = main.menuBar()
                first, second = (bar.actionGeometry(a) for a in bar.actions()[:2])
                assert first.x() > second.x(), "the menu bar is mirrored: File is on the right"
            previous = language
    finally:
        apply_language(app, "en")
        i18n.set_language("en")
