from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer, QTranslator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from coachdesk import app as desktop
from coachdesk import i18n
from coachdesk.models.store import Store
from coachdesk.ui import application
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import Preferences
from tests.conftest import PASSPHRASE


@pytest.fixture
def restore_app(qapp: QApplication) -> Iterator[QApplication]:
    """``apply_language`` changes app-wide state; put it back for the other tests."""
    locale = QLocale()
    yield qapp
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    QLocale.setDefault(locale)


def test_swedish_is_the_default_language_and_the_environment_can_override_it() -> None:
    assert i18n.language_from_env({}) == "sv"
    assert i18n.language_from_env({i18n.ENV_LANGUAGE: "ti"}) == "ti"
    assert i18n.language_from_env({i18n.ENV_LANGUAGE: "  "}) == "sv"


@pytest.mark.parametrize("language", ["ar", "fa", "fa_AF", "ckb"])
def test_right_to_left_languages(language: str) -> None:
    assert application.layout_direction(language) == Qt.LayoutDirection.RightToLeft


@pytest.mark.parametrize("language", ["sv", "en", "so", "ti", "uk"])
def test_left_to_right_languages(language: str) -> None:
    assert application.layout_direction(language) == Qt.LayoutDirection.LeftToRight


def test_apply_language_sets_direction_and_installs_qts_own_translations(
    restore_app: QApplication,
) -> None:
    application.apply_language(restore_app, "ar")
    assert restore_app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert i18n.current_language() == "ar"
    assert len(restore_app.findChildren(QTranslator, "coachdesk-qtbase-translator")) == 1
    application.apply_language(restore_app, "sv")
    assert restore_app.layoutDirection() == Qt.LayoutDirection.LeftToRight
    installed = restore_app.findChildren(QTranslator, "coachdesk-qtbase-translator")
    assert len(installed) == 1
    assert installed[0].language().startswith("sv")


def test_run_unlocks_shows_today_and_returns_when_the_window_closes(
    qtbot: QtBot, data_dir: Path, store: Store, restore_app: QApplication,
    monkeypatch: pytest.MonkeyPatch, preferences: Preferences, settings_file: Path,
) -> None:
    store.close()
    monkeypatch.setenv(i18n.ENV_LANGUAGE, "en")
    seen: list[str] = []

    def drive() -> None:
        window = next(w for w in restore_app.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        dialog = window.unlock_dialog
        assert dialog is not None
        field = dialog.findChild(QLineEdit, "passphrase")
        button = dialog.findChild(QPushButton, "submit")
        assert field is not None and button is not None

        def unlocked() -> None:
            shell = window.shell
            assert shell is not None
            seen.append(shell.current_view.value)
            window.close()

        window.unlocked.connect(unlocked)
        QTest.keyClicks(field, PASSPHRASE)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def give_up() -> None:
        seen.append("timed out")
        restore_app.quit()

    QTimer.singleShot(0, drive)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(give_up)
    guard.start(20_000)
    try:
        assert desktop.run(data_dir, ["coachdesk"], preferences=preferences) == 0
    finally:
        guard.stop()
    assert seen == ["today"]
    assert settings_file.is_file()  # the window's size was kept, in the file it was given
