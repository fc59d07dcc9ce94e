"""Contrast: every palette colour against its background, the contrast choice in Settings, a visible focus.

WCAG 2.2 AA as applied to software: text 4.5:1 (normal) or 7:1 (high contrast), borders and the focus
indicator 3:1. Disabled text is exempt in WCAG; ours stays at 3:1 all the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import SIGNAL, QDate, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyleFactory,
    QTabBar,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from coachdesk.models.store import Store
from coachdesk.ui.appearance import Appearance, high_contrast_palette, normal_palette
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import Contrast, Key, Preferences, View
from coachdesk.ui.settings_view import SettingsView
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.workspace import Workspace

Role = QPalette.ColorRole
Group = QPalette.ColorGroup
GROUPS = [Group.Active, Group.Inactive, Group.Disabled]

# Each text colour and the background it is drawn on. Qt documents BrightText as contrasting with Dark.
TEXT_PAIRS = [
    (Role.WindowText, Role.Window), (Role.Text, Role.Base), (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button), (Role.HighlightedText, Role.Highlight), (Role.PlaceholderText, Role.Base),
    (Role.Link, Role.Base), (Role.LinkVisited, Role.Base), (Role.ToolTipText, Role.ToolTipBase),
    (Role.BrightText, Role.Dark),
]
# Borders and the selection against what they are drawn on.
NON_TEXT_PAIRS = [
    *[(border, background) for border in (Role.Mid, Role.Dark, Role.Shadow)
      for background in (Role.Window, Role.Base, Role.Button)],
    (Role.Highlight, Role.Base), (Role.Highlight, Role.Window),
    (Role.Accent, Role.Base), (Role.Accent, Role.Window),
]
# (palette, text in the active and inactive groups, disabled text)
PALETTES: dict[str, tuple[Callable[[], QPalette], float, float]] = {
    "normal": (normal_palette, 4.5, 3.0),
    "high contrast": (high_contrast_palette, 7.0, 7.0),
}


def _over(colour: QColor, background: QColor) -> QColor:
    """``colour`` composited over an opaque ``background`` (how a translucent colour is seen)."""
    alpha = colour.alphaF()
    return QColor.fromRgbF(*(alpha * top + (1 - alpha) * bottom for top, bottom in
                             ((colour.redF(), background.redF()), (colour.greenF(), background.greenF()),
                              (colour.blueF(), background.blueF()))))


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.redF(), colour.greenF(), colour.blueF()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def _ratio(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _measured(palette: QPalette, group: QPalette.ColorGroup, foreground: Role, background: Role) -> float:
    """The contrast as seen: the background over the window (over white), the foreground over that."""
    window = _over(palette.color(group, Role.Window), QColor("white"))
    behind = _over(palette.color(group, background), window)
    return _ratio(_over(palette.color(group, foreground), behind), behind)


def _failures(palette: QPalette, text: float, disabled: float) -> list[str]:
    failed = []
    for group in GROUPS:
        for pairs, minimum in ((TEXT_PAIRS, disabled if group == Group.Disabled else text),
                               (NON_TEXT_PAIRS, 3.0)):
            for foreground, background in pairs:
                ratio = _measured(palette, group, foreground, background)
                if ratio < minimum:
                    failed.append(f"{group.name} {foreground.name} on {background.name}: "
                                  f"{ratio:.2f} < {minimum}")
    return failed


@pytest.fixture
def appearance(qapp: QApplication) -> Iterator[Appearance]:
    """Style, font and palette are app-wide: every test gets the platform's own back."""
    own = Appearance(qapp)
    yield own
    own.restore()


@pytest.mark.parametrize("name", PALETTES)
def test_every_colour_pair_meets_its_threshold_in_every_group(name: str) -> None:
    make, text, disabled = PALETTES[name]
    assert _failures(make(), text, disabled) == []


def test_the_check_catches_fusions_own_defaults() -> None:
    # Why the app has its own palette: Fusion's selection and placeholder text fail AA.
    fusion = QStyleFactory.create("Fusion")
    failed = _failures(fusion.standardPalette(), 4.5, 3.0)
    assert any("Active HighlightedText on Highlight" in line for line in failed)
    assert any("Active PlaceholderText on Base" in line for line in failed)  # black at half alpha


def test_an_old_check_box_value_still_reads_and_damage_falls_back(preferences: Preferences) -> None:
    for stored, expected in [("true", Contrast.HIGH), ("false", Contrast.NORMAL), (True, Contrast.HIGH),
                             ("system", Contrast.SYSTEM), ("purple", Contrast.NORMAL)]:
        preferences.settings.setValue(Key.CONTRAST, stored)
        assert preferences.contrast is expected, stored
    preferences.contrast = Contrast.SYSTEM
    assert preferences.settings.value(Key.CONTRAST) == "system"


def test_settings_offer_three_contrast_choices_under_a_unique_mnemonic(
    qtbot: QtBot, preferences: Preferences, data_dir: Path
) -> None:
    preferences.contrast = Contrast.HIGH
    view = SettingsView(preferences=preferences, data_dir=data_dir)
    qtbot.add_widget(view)
    choice = view.contrast
    assert [choice.itemText(i) for i in range(choice.count())] == ["Normal", "High", "Follow the system"]
    assert choice.currentData() == Contrast.HIGH.value
    label = next(label for label in view.findChildren(QLabel) if label.buddy() is choice)
    assert label.text() == "&Contrast:"
    mnemonics = [label.text().lower().split("&")[1][0] for label in view.findChildren(QLabel)
                 if "&" in label.text()] + [view.passphrase_button.text().lower().split("&")[1][0]]
    assert len(mnemonics) == len(set(mnemonics)), mnemonics
    with qtbot.waitSignal(view.changed):
        choice.setCurrentIndex(choice.findData(Contrast.SYSTEM.value))
    assert preferences.contrast is Contrast.SYSTEM


def test_following_the_system_switches_live_and_only_when_chosen(
    qapp: QApplication, appearance: Appearance
) -> None:
    hints = QGuiApplication.styleHints()  # kept: the accessibility hints' wrapper dies with it
    assert hints.accessibility().receivers(SIGNAL("contrastPreferenceChanged(Qt::ContrastPreference)")) >= 1
    black = QColor("black")
    appearance.apply(text_size_percent=100, contrast=Contrast.SYSTEM)
    # The platform's signal cannot be raised in a test: call its handler as the signal would.
    appearance._on_contrast_preference_changed(Qt.ContrastPreference.HighContrast)
    assert qapp.palette().color(Role.Window) == black
    assert appearance.high_contrast
    appearance._on_contrast_preference_changed(Qt.ContrastPreference.NoPreference)
    assert qapp.palette().color(Role.Window) != black
    assert qapp.palette().color(Role.Highlight) == normal_palette().color(Role.Highlight)
    appearance.apply(text_size_percent=100, contrast=Contrast.NORMAL)
    appearance._on_contrast_preference_changed(Qt.ContrastPreference.HighContrast)
    assert qapp.palette().color(Role.Window) != black  # a chosen palette stays


def test_the_main_window_applies_the_choice_live(
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
    choice = window.shell.settings.contrast
    highlight = normal_palette().color(Role.Highlight)
    choice.setCurrentIndex(choice.findData(Contrast.HIGH.value))
    assert qapp.palette().color(Role.Window) == QColor("black")
    choice.setCurrentIndex(choice.findData(Contrast.NORMAL.value))
    assert qapp.palette().color(Role.Highlight) == highlight
    choice.setCurrentIndex(choice.findData(Contrast.SYSTEM.value))
    appearance._on_contrast_preference_changed(Qt.ContrastPreference.HighContrast)
    assert qapp.palette().color(Role.Window) == QColor("black")
    appearance._on_contrast_preference_changed(Qt.ContrastPreference.NoPreference)
    assert qapp.palette().color(Role.Highlight) == highlight


def _model(parent: QWidget) -> QStandardItemModel:
    model = QStandardItemModel(3, 2, parent)
    for row in range(3):
        for column in range(2):
            model.setItem(row, column, QStandardItem(f"Row {row} {column}"))
    return model


def _table() -> QWidget:
    view = QTableView()
    view.setModel(_model(view))
    return view


def _tree() -> QWidget:
    view = QTreeView()
    view.setModel(_model(view))
    return view


def _list() -> QWidget:
    view = QListWidget()
    view.addItems(["Amina", "Hodan", "Yonas"])
    return view


def _tabs() -> QWidget:
    bar = QTabBar()
    for name in ("Plan", "Journal"):
        bar.addTab(name)
    return bar


def _combo() -> QWidget:
    combo = QComboBox()
    combo.addItems(["Normal", "High"])
    return combo


# Each focusable kind of widget the app uses, and the palette role it is drawn on.
WIDGETS: dict[str, tuple[Callable[[], QWidget], Role]] = {
    "QLineEdit": (lambda: QLineEdit("Amina"), Role.Base),
    "QPlainTextEdit": (lambda: QPlainTextEdit("Met the employer."), Role.Base),
    "QComboBox": (_combo, Role.Window),
    "QPushButton": (lambda: QPushButton("Save"), Role.Window),
    "QCheckBox": (lambda: QCheckBox("Interpreter"), Role.Window),
    "QSpinBox": (QSpinBox, Role.Base),
    "QDateEdit": (lambda: QDateEdit(QDate(2026, 11, 24)), Role.Base),
    "QTableView": (_table, Role.Base),
    "QTreeView": (_tree, Role.Base),
    "QListWidget": (_list, Role.Base),
    "QTabBar": (_tabs, Role.Window),
}


def _tab_into(qtbot: QtBot, top: QWidget, make: Callable[[], QWidget]) -> tuple[QWidget, QImage, QImage]:
    """The widget unfocused, then reached with Tab (keyboard focus, as a keyboard user gets it) in ``top``."""
    qtbot.add_widget(top)
    before_it = QLineEdit()
    widget = make()
    layout = QVBoxLayout(top)
    layout.addWidget(before_it)
    layout.addWidget(widget)
    top.show()
    qtbot.waitExposed(top)
    before_it.setFocus()
    qtbot.waitUntil(before_it.hasFocus)
    unfocused = widget.grab().toImage()
    QTest.keyClick(before_it, Qt.Key.Key_Tab)
    qtbot.waitUntil(widget.hasFocus)
    QApplication.processEvents()
    return widget, unfocused, widget.grab().toImage()


def _indicator(unfocused: QImage, focused: QImage, background: QColor) -> int:
    """Pixels that focus turned into a colour standing out 3:1 from the background and from what they were
    (text that merely shifts tint, or a tinted fill, does not count)."""
    count = 0
    for y in range(focused.height()):
        for x in range(focused.width()):
            if focused.pixel(x, y) == unfocused.pixel(x, y):
                continue
            after, before = focused.pixelColor(x, y), unfocused.pixelColor(x, y)
            if _ratio(after, background) >= 3 and _ratio(after, before) >= 3:
                count += 1
    return count


@pytest.mark.parametrize("contrast", [Contrast.NORMAL, Contrast.HIGH])
@pytest.mark.parametrize("kind", WIDGETS)
def test_focus_visibly_changes_pixels_at_three_to_one(
    qtbot: QtBot, qapp: QApplication, appearance: Appearance, kind: str, contrast: Contrast
) -> None:
    appearance.apply(text_size_percent=100, contrast=contrast)
    make, role = WIDGETS[kind]
    top = QWidget()  # held here: the widget dies with it
    widget, unfocused, focused = _tab_into(qtbot, top, make)
    assert focused != unfocused
    # At least a line as long as the widget's short side: a ring or frame, not a text cursor.
    shortest = min(widget.width(), widget.height())
    assert _indicator(unfocused, focused, qapp.palette().color(role)) >= shortest


@pytest.mark.parametrize("contrast", [Contrast.NORMAL, Contrast.HIGH])
def test_the_focused_row_stands_out_from_the_selection_too(
    qtbot: QtBot, qapp: QApplication, appearance: Appearance, contrast: Contrast
) -> None:
    appearance.apply(text_size_percent=100, contrast=contrast)

    def selected() -> QWidget:
        view = QListWidget()
        view.addItems(["Amina", "Hodan", "Yonas"])
        view.setCurrentRow(0)  # current and selected, as after a click
        return view

    top = QWidget()  # held here: the widget dies with it
    widget, unfocused, focused = _tab_into(qtbot, top, selected)
    assert isinstance(widget, QListWidget)
    row = widget.visualItemRect(widget.item(0)).translated(widget.viewport().pos())
    highlight = qapp.palette().color(Role.Highlight)
    assert _indicator(unfocused.copy(row), focused.copy(row), highlight) >= row.height()


def test_the_focus_style_keeps_every_widgets_size(qapp: QApplication, appearance: Appearance) -> None:
    def hints() -> dict[str, tuple[int, int]]:
        sizes = {}
        for kind, (make, _role) in WIDGETS.items():
            widget = make()
            sizes[kind] = widget.sizeHint().toTuple()
            widget.deleteLater()
        return sizes

    platform = hints()
    appearance.apply(text_size_percent=100, contrast=Contrast.HIGH)
    assert hints() == platform
