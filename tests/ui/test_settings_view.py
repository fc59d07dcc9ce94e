"""Settings: text size and contrast for the whole app, auto-lock minutes, the data folder; large text fits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from coachdesk.models.enums import Programme
from coachdesk.models.store import Store
from coachdesk.ui.appearance import Appearance
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import Contrast, Key, Preferences, View
from coachdesk.ui.settings_view import SettingsView
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.today import TodayView
from coachdesk.ui.workspace import Workspace
from tests.ui.a11y_matrix.layout_checks import squeezed
from tests.ui.test_contrast import _ratio

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def appearance(qapp: QApplication) -> Iterator[Appearance]:
    """Text size and palette are app-wide: every test gets the platform's own back."""
    own = Appearance(qapp)
    yield own
    own.restore()


@pytest.fixture
def view(qtbot: QtBot, preferences: Preferences, data_dir: Path) -> SettingsView:
    settings = SettingsView(preferences=preferences, data_dir=data_dir)
    qtbot.add_widget(settings)
    settings.show()
    return settings


def test_it_shows_the_stored_settings_and_the_data_folder_read_only(
    view: SettingsView, data_dir: Path
) -> None:
    assert view.text_size.currentText() == "100 %"
    assert view.text_size.count() == 11 and view.text_size.itemText(10) == "200 %"
    assert view.contrast.currentData() == Contrast.NORMAL.value
    assert view.auto_lock.value() == 10 and view.auto_lock.minimum() >= 1
    assert view.data_dir_field.text() == str(data_dir) and view.data_dir_field.isReadOnly()


def test_changes_are_stored_at_once(
    qtbot: QtBot, view: SettingsView, preferences: Preferences, settings_file: Path
) -> None:
    with qtbot.waitSignal(view.changed):
        view.text_size.setCurrentIndex(view.text_size.findData(150))
    with qtbot.waitSignal(view.changed):
        view.contrast.setCurrentIndex(view.contrast.findData(Contrast.HIGH.value))
    with qtbot.waitSignal(view.changed):
        view.auto_lock.setValue(3)
    preferences.sync()
    assert (preferences.text_size_percent, preferences.contrast, preferences.auto_lock_minutes) == (
        150, Contrast.HIGH, 3)
    reread = Preferences(type(preferences.settings)(str(settings_file), preferences.settings.format()))
    assert (reread.text_size_percent, reread.contrast, reread.auto_lock_minutes) == (150, Contrast.HIGH, 3)


def test_out_of_range_or_damaged_values_fall_back(preferences: Preferences) -> None:
    preferences.settings.setValue(Key.TEXT_SIZE, 900)
    preferences.settings.setValue(Key.AUTO_LOCK, "soon")
    preferences.settings.setValue(Key.VIEW, "somewhere")
    assert preferences.text_size_percent == 200
    assert preferences.auto_lock_minutes == 10
    assert preferences.view is View.TODAY


def test_the_main_window_applies_text_size_contrast_and_auto_lock_app_wide(
    qtbot: QtBot, qapp: QApplication, data_dir: Path, store: Store, runner: TaskRunner,
    preferences: Preferences, appearance: Appearance,
) -> None:
    preferences.view = View.SETTINGS
    window = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                        preferences=preferences, appearance=appearance,
                        workspace=Workspace.open(store, data_dir))
    qtbot.add_widget(window)
    window.show()
    assert window.shell is not None
    settings = window.shell.settings
    base = appearance.base_point_size
    settings.text_size.setCurrentIndex(settings.text_size.findData(200))
    assert qapp.font().pointSizeF() == pytest.approx(base * 2)
    # One app-wide font: every widget inherits it, none sets its own.
    def sizes() -> set[float]:
        return {w.font().pointSizeF() for w in window.findChildren(QWidget) if w.isVisibleTo(window)}

    qtbot.waitUntil(lambda: sizes() == {base * 2})
    navigation = window.shell.navigation  # still shows each view's whole name
    qtbot.waitUntil(lambda: navigation.viewport().width() >= navigation.sizeHintForColumn(0))
    settings.contrast.setCurrentIndex(settings.contrast.findData(Contrast.HIGH.value))
    palette = qapp.palette()
    assert palette.color(QPalette.ColorRole.Window) == QColor("black")
    for text, background in [(QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
                             (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
                             (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
                             (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button)]:
        assert _ratio(palette.color(text), palette.color(background)) >= 7, text
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert _ratio(disabled, palette.color(QPalette.ColorRole.Base)) >= 7
    settings.contrast.setCurrentIndex(settings.contrast.findData(Contrast.NORMAL.value))
    assert qapp.palette().color(QPalette.ColorRole.Window) != QColor("black")
    settings.auto_lock.setValue(25)
    assert window.auto_lock.interval_ms == 25 * 60_000


def test_large_text_fits_in_today_and_settings(
    qtbot: QtBot, store: Store, data_dir: Path, runner: TaskRunner, preferences: Preferences,
    appearance: Appearance,
) -> None:
    appearance.apply(text_size_percent=200, contrast=Contrast.NORMAL)
    workspace = Workspace.open(store, data_dir)
    amina = workspace.participants.create({"given_name": "Amina", "family_name": "Ali"}).id
    workspace.plans.enrol(amina, Programme.INTRODUCTION, "2026-11-02")
    today = TodayView(agenda=workspace.agenda, attendance=workspace.attendance, plans=workspace.plans,
                      placements=workspace.placements, exits=workspace.exits, runner=runner,
                      coach_id=workspace.coach_id, today=lambda: TODAY)
    settings = SettingsView(preferences=preferences, data_dir=data_dir)
    for widget in (today, settings):
        qtbot.add_widget(widget)
        widget.resize(900, 600)  # two thirds of a small laptop screen
        widget.show()
        qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: today.model.agenda is not None, timeout=10_000)
    qtbot.wait(50)  # let the layouts settle after the rows arrived
    assert today.model.entries
    assert squeezed(today) == []
    assert squeezed(settings) == []
    # The heading and every button show their whole text.
    for label_or_button in (*today.week_buttons, today.record_button):
        assert label_or_button.width() >= label_or_button.sizeHint().width()


def test_choosing_a_language_switches_the_app_live_and_is_remembered(
    qtbot: QtBot, view: SettingsView, preferences: Preferences, qapp: QApplication
) -> None:
    from coachdesk import i18n
    from coachdesk.ui.application import apply_language

    names = [view.language.itemText(i) for i in range(view.language.count())]
    assert {"Svenska", "English", "العربية", "دری", "Soomaali", "ትግርኛ"} <= set(names)
    try:
        with qtbot.waitSignal(view.changed):
            view.language.setCurrentIndex(view.language.findData("ar"))
        assert i18n.current_language() == "ar" and preferences.language == "ar"
        assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
        arabic = i18n.translations_for("ar").gettext("&Language:")
        assert arabic != "&Language:"
        # The posted LanguageChange retranslates the view itself.
        qtbot.waitUntil(lambda: arabic in {label.text() for label in view.findChildren(QLabel)},
                        timeout=5_000)
    finally:
        apply_language(qapp, "en")
        qtbot.waitUntil(lambda: qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight)
