from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from coachdesk import i18n
from coachdesk.models.store import Store
from coachdesk.services.participants import ParticipantService
from coachdesk.ui.caseload import CaseloadView, Column
from coachdesk.ui.main_window import LockedPage, MainWindow
from coachdesk.ui.preferences import Key, Preferences, View
from coachdesk.ui.shell import Shell
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.unlock_dialog import UnlockDialog
from coachdesk.ui.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.ui.conftest import add_participant


@pytest.fixture
def window(qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner,
           opened_stores: list[Store], preferences: Preferences) -> MainWindow:
    add_participant(ParticipantService(store), "Öberg", "Märta")
    preferences.view = View.CASELOAD
    main = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                      preferences=preferences, workspace=Workspace.open(store, data_dir))
    qtbot.add_widget(main)
    main.show()
    return main


def _workspace(main: MainWindow) -> Workspace | None:
    return main.workspace  # read afresh: mypy would keep an earlier narrowing of the property


def _central(main: MainWindow) -> QWidget | None:
    return main.centralWidget()


def _caseload(main: MainWindow) -> CaseloadView | None:
    return main.caseload


def _view(shell: Shell) -> View:
    return shell.current_view


def _dialog(main: MainWindow) -> UnlockDialog | None:
    return main.unlock_dialog


def _unlock(qtbot: QtBot, main: MainWindow, opened_stores: list[Store]) -> None:
    dialog = main.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    field = dialog.findChild(QLineEdit, "passphrase")
    button = dialog.findChild(QPushButton, "submit")
    assert field is not None and button is not None
    QTest.keyClicks(field, PASSPHRASE)
    with qtbot.waitSignal(main.unlocked, timeout=10_000):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert main.workspace is not None
    opened_stores.append(main.workspace.store)


def test_the_window_shows_the_caseload(qtbot: QtBot, window: MainWindow) -> None:
    assert window.windowTitle() == "CoachDesk"
    caseload = window.caseload
    assert isinstance(caseload, CaseloadView)
    assert isinstance(window.centralWidget(), Shell) and caseload.isVisible()
    qtbot.waitUntil(lambda: caseload.model.rowCount() == 1, timeout=10_000)
    assert window.lock_action.shortcut() == QKeySequence("Ctrl+L")
    assert window.lock_action.text() == "&Lock"


def test_lock_closes_the_store_hides_the_data_and_asks_again(
    qtbot: QtBot, window: MainWindow, store: Store, opened_stores: list[Store],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caseload = window.caseload
    assert caseload is not None
    qtbot.waitUntil(lambda: caseload.model.rowCount() == 1, timeout=10_000)
    closed_on: list[str] = []
    close = store.close

    def recording_close() -> None:
        closed_on.append(threading.current_thread().name)
        close()

    monkeypatch.setattr(store, "close", recording_close)

    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock_action.trigger()
        assert _workspace(window) is None
        assert caseload.model.rowCount() == 0
        assert isinstance(window.centralWidget(), LockedPage)
        assert not window.lock_action.isEnabled()
    assert closed_on and closed_on[0].startswith("coachdesk-db")
    assert window.caseload is None

    _unlock(qtbot, window, opened_stores)
    reopened_workspace = _workspace(window)
    assert reopened_workspace is not None and reopened_workspace.store is not store
    reopened = _caseload(window)
    assert reopened is not None
    qtbot.waitUntil(reopened.isVisible)  # the last view shown, again
    qtbot.waitUntil(lambda: reopened.model.rowCount() == 1, timeout=10_000)
    assert window.lock_action.isEnabled()
    qtbot.waitUntil(lambda: window.unlock_dialog is None)


def test_a_window_started_locked_offers_to_unlock(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, opened_stores: list[Store],
    preferences: Preferences,
) -> None:
    store.close()
    main = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                      preferences=preferences)
    qtbot.add_widget(main)
    main.show()
    page = main.centralWidget()
    assert isinstance(page, LockedPage)
    assert main.unlock_dialog is None
    QTest.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(main)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.reject()  # cancelling leaves the window locked, with the button to try again
    qtbot.waitUntil(lambda: main.unlock_dialog is None)
    assert isinstance(_central(main), LockedPage)
    main.show_unlock()
    _unlock(qtbot, main, opened_stores)
    assert isinstance(_central(main), Shell)


def _swedish_catalog(folder: Path) -> Path:
    """A small stand-in Swedish catalog, so the test does not depend on the real one's progress."""
    catalog = Catalog(locale="sv", domain="coachdesk")
    for source, swedish in {"&Lock": "&Lås", "Search participants": "Sök deltagare",
                            "Family name": "Efternamn", "Referred": "Anvisad"}.items():
        catalog.add(source, swedish)
    catalog.add(("{count} participant", "{count} participants"), ("{count} deltagare", "{count} deltagare"))
    target = folder / "sv" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "coachdesk.po").open("wb") as fh:
        write_po(fh, catalog)
    return folder


def test_widgets_retranslate_on_language_change(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    caseload = window.caseload
    assert caseload is not None
    # The first page arrives before the count: wait for both, so the switch retranslates a settled view.
    qtbot.waitUntil(lambda: caseload.model.rowCount() == 1 and caseload.status_text == "1 participant",
                    timeout=10_000)
    catalogs = _swedish_catalog(tmp_path / "translations")
    monkeypatch.setattr(i18n, "translations_dir", lambda: catalogs)
    i18n.set_language("sv")
    QCoreApplication.sendEvent(window, QEvent(QEvent.Type.LanguageChange))
    assert window.lock_action.text() == "&Lås"
    assert caseload.search_field.accessibleName() == "Sök deltagare"
    assert caseload.model.headerData(0, Qt.Orientation.Horizontal) == "Efternamn"
    assert caseload.model.index(0, Column.STATUS).data() == "Anvisad"
    assert caseload.status_text == "1 deltagare"


def _open_window(qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner,
                 preferences: Preferences) -> MainWindow:
    main = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                      preferences=preferences, workspace=Workspace.open(store, data_dir))
    qtbot.add_widget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_today_is_the_first_view_and_each_view_has_a_shortcut_in_the_menu(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences
) -> None:
    main = _open_window(qtbot, data_dir, store, runner, preferences)
    shell = main.shell
    assert shell is not None and shell.current_view is View.TODAY
    assert main.view_action(View.TODAY).isChecked()
    names = [shell.navigation.item(row).text() for row in range(shell.navigation.count())
             if not shell.navigation.isRowHidden(row)]
    assert names == ["Today", "Caseload", "Employers", "Settings", "Conflicts"]  # a coach: test_review
    keys = {view: main.view_action(view).shortcut().toString() for view in View}
    assert keys == {View.TODAY: "Ctrl+1", View.CASELOAD: "Ctrl+2", View.EMPLOYERS: "Ctrl+3",
                    View.SETTINGS: "Ctrl+4", View.CONFLICTS: "Ctrl+5", View.REVIEW: "Ctrl+6",
                    View.DASHBOARD: "Ctrl+7"}
    handle = main.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    for key, view in [(Qt.Key.Key_2, View.CASELOAD), (Qt.Key.Key_4, View.SETTINGS),
                      (Qt.Key.Key_3, View.EMPLOYERS), (Qt.Key.Key_1, View.TODAY)]:
        QTest.keyClick(QApplication.focusWidget() or main, key, Qt.KeyboardModifier.ControlModifier)
        assert _view(shell) is view
        assert main.view_action(view).isChecked()
        assert shell.page(view).isVisibleTo(main)
    shell.navigation.setCurrentRow(1)  # the list works as well as the keys
    assert _view(shell) is View.CASELOAD and main.view_action(View.CASELOAD).isChecked()
    main.show_view(View.EMPLOYERS)
    assert shell.employers.search_field.hasFocus()  # the register opens ready to search


def test_the_window_remembers_its_size_and_last_view_but_no_personal_data(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences,
    settings_file: Path,
) -> None:
    pid = add_participant(ParticipantService(store), "Öberg", "Märta", dt.date(1990, 1, 1), 123)
    main = _open_window(qtbot, data_dir, store, runner, preferences)
    # Within the offscreen screen's 800 × 600, and no smaller than the window can be with this
    # machine's fonts.
    size = (700, max(560, main.minimumSizeHint().height()))
    main.resize(*size)
    main.show_view(View.CASELOAD)
    caseload = main.caseload
    assert caseload is not None
    QTest.keyClicks(caseload.search_field, "Oberg")
    qtbot.waitUntil(lambda: caseload.model.query == "Oberg" and caseload.model.rowCount() == 1,
                    timeout=10_000)
    main.show_view(View.SETTINGS)
    main.close()

    again = _open_window(qtbot, data_dir, store, runner, preferences)
    assert again.shell is not None and again.shell.current_view is View.SETTINGS
    assert again.size().toTuple() == size
    again.close()

    stored = settings_file.read_bytes()
    assert set(preferences.settings.allKeys()) <= {key.value for key in Key}
    personnummer = ParticipantService(store).get(pid).personnummer
    for secret in ("Öberg", "Oberg", "Märta", pid, personnummer or "19900101", PASSPHRASE,
                   str(data_dir), store.user_id):
        assert secret.encode() not in stored, secret


def test_an_office_template_that_cannot_be_read_is_explained_and_the_vault_closes_again(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, opened_stores: list[Store],
    preferences: Preferences,
) -> None:
    store.close()
    (data_dir / "programmes").mkdir()
    (data_dir / "programmes" / "ours.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    main = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                      preferences=preferences)
    qtbot.add_widget(main)
    main.show()
    main.show_unlock()
    dialog = _dialog(main)
    assert dialog is not None
    field = dialog.findChild(QLineEdit, "passphrase")
    button = dialog.findChild(QPushButton, "submit")
    assert field is not None and button is not None
    QTest.keyClicks(field, PASSPHRASE)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.store is not None, timeout=10_000)
    opened = dialog.store
    assert opened is not None
    opened_stores.append(opened)
    qtbot.waitUntil(lambda: "Programme template ours.yaml" in getattr(_central(main), "message", ""),
                    timeout=10_000)
    assert isinstance(_central(main), LockedPage)
    assert main.workspace is None and not main.lock_action.isEnabled()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)  # the store was closed again


def test_a_caseload_row_opens_the_record_and_locking_closes_it_without_asking(
    qtbot: QtBot, window: MainWindow
) -> None:
    shell = window.centralWidget()
    assert isinstance(shell, Shell)
    caseload = shell.caseload
    shell.show_view(View.CASELOAD)
    qtbot.waitUntil(lambda: caseload.model.rowCount() == 1, timeout=10_000)
    caseload.table.setCurrentIndex(caseload.model.index(0, 0))
    QTest.keyClick(caseload.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(shell.open_records) == 1, timeout=10_000)
    (record,) = shell.open_records.values()
    qtbot.waitUntil(lambda: record.isVisible() and record.intake.isEnabled(), timeout=10_000)
    assert shell.open_record(record.participant_id) is record  # one window per participant
    given = record.intake.editor("given_name")
    assert isinstance(given, QLineEdit)
    given.setText("Changed")  # an unsaved edit must not hold the lock up
    assert record.has_unsaved_changes
    with qtbot.waitSignals([window.locked, record.destroyed], timeout=10_000):
        window.lock_action.trigger()
    assert shell.open_records == {}
