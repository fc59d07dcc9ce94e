"""The Employers view: register and edit employers, their contacts, agreements and placements."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from coachdesk import i18n
from coachdesk.formatting import LRI, PDI
from coachdesk.models import Employer
from coachdesk.models.store import Store
from coachdesk.services.employers import EmployerService
from coachdesk.services.participants import ParticipantService
from coachdesk.services.placements import PlacementService
from coachdesk.services.templates import TemplateLibrary
from coachdesk.ui import dialogs
from coachdesk.ui.employers import EmployersView
from coachdesk.ui.employers.editable_list import EditableList
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import Preferences, View
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.workspace import Workspace
from tests.ui.test_accessibility import _buddy_labels_have_mnemonics, _unnamed_controls

WAIT = 10_000
MENU_MNEMONICS = {"f", "v"}  # the main window's &File and &View menus


@pytest.fixture
def employers(store: Store) -> EmployerService:
    return EmployerService(store)


@pytest.fixture
def view(qtbot: QtBot, employers: EmployerService, runner: TaskRunner) -> EmployersView:
    page = EmployersView(employers=employers, runner=runner)
    qtbot.add_widget(page)
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT):
        page.show()
    return page


def _plain(text: str) -> str:
    return text.replace(LRI, "").replace(PDI, "")


def _type(widget: QWidget, value: str | bool) -> None:
    if isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(str(value))
    else:
        assert isinstance(widget, QLineEdit)
        widget.setText(str(value))


def _place_hodan(store: Store, employer_id: str, kind: str = "internship",
                 supervisor_id: str | None = None) -> str:
    """Hodan Warsame on a placement at the employer, weeks 45–51 of 2026; returns her id."""
    hodan = ParticipantService(store).create({"given_name": "Hodan", "family_name": "Warsame"}).id
    PlacementService(store, TemplateLibrary.load()).create(
        hodan, employer_id=employer_id, kind=kind, start="2026-11-02", end="2026-12-18", hours_per_week=20,
        supervisor_id=supervisor_id)
    return hodan


def _employer_count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(Employer)) or 0)


def _rows(view: EmployersView) -> list[str]:
    tree = view.employer_list
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]  # type: ignore[union-attr]


def _current(view: EmployersView) -> str | None:
    return view.current_employer_id  # read afresh: mypy would keep an earlier narrowing of the property


def _open(qtbot: QtBot, view: EmployersView, employer_id: str) -> None:
    with qtbot.waitSignal(view.detail_loaded, timeout=WAIT):
        assert view.select_employer(employer_id)


def test_registering_an_employer_saves_it_and_opens_its_page(
    qtbot: QtBot, view: EmployersView, employers: EmployerService
) -> None:
    assert view.current_employer_id is None and view.heading_text == "New employer"
    assert not view.tabs.isTabEnabled(view.tabs.indexOf(view.contacts))
    for name, value in {"name": "Krokoms Bygg AB", "org_number": "5560360793", "sector": "Construction",
                        "municipality": "Krokom", "phone": "063-12 34 56", "email": "info@krokomsbygg.se",
                        "competence_needs": "Carpenters and concrete workers, 2026–2028"}.items():
        _type(view.form.editor(name), value)
    with qtbot.waitSignals([view.detail_loaded, view.list_loaded], timeout=WAIT):
        view.form.save_button.click()

    [stored] = employers.search()
    assert (stored.name, stored.org_number) == ("Krokoms Bygg AB", "556036-0793")
    assert employers.get(stored.id).competence_needs == "Carpenters and concrete workers, 2026–2028"
    assert _current(view) == stored.id and view.heading_text == "Krokoms Bygg AB"
    assert _rows(view) == ["Krokoms Bygg AB"] and view.list_status_text == "1 employer"
    assert view.employer_list.currentItem() is view.employer_list.topLevelItem(0)
    assert view.tabs.isTabEnabled(view.tabs.indexOf(view.contacts))
    assert view.form.values()["phone"] == "+4663123456" and not view.form.is_dirty
    assert view.form.save_button.text() == "&Save changes"

    _type(view.form.editor("notes"), "Prefers morning visits.")
    with qtbot.waitSignal(view.detail_loaded, timeout=WAIT):
        view.form.save_button.click()
    assert employers.get(stored.id).notes == "Prefers morning visits."


def test_a_bad_organisation_number_is_refused_beside_the_field_and_nothing_is_saved(
    qtbot: QtBot, view: EmployersView, store: Store
) -> None:
    handle = view.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=WAIT)
    _type(view.form.editor("name"), "Felaktiga AB")
    _type(view.form.editor("org_number"), "123")
    _type(view.form.editor("email"), "not an address")
    with qtbot.waitSignal(view.form.save_failed, timeout=WAIT):
        view.form.save_button.click()
    assert view.form.error_text("org_number") == "Error: The organisation number is not valid (NNNNNN-NNNN)."
    assert view.form.error_text("email") == "Error: The e-mail address is not valid."
    assert view.form.error_text("name") == ""
    assert view.form.status_text == "Nothing was saved: correct the marked fields."
    assert view.form.editor("org_number").hasFocus()  # the first marked field, to correct it
    assert view.form.editor("org_number").accessibleDescription() == (
        "The organisation number is not valid (NNNNNN-NNNN).")
    assert _employer_count(store) == 0 and view.current_employer_id is None
    assert view.form.values()["name"] == "Felaktiga AB"  # what was typed stays, to be corrected

    _type(view.form.editor("org_number"), "")
    _type(view.form.editor("email"), "")
    _type(view.form.editor("name"), "")
    with qtbot.waitSignal(view.form.save_failed, timeout=WAIT):
        view.form.save_button.click()
    assert view.form.error_text("name") == "Error: This field is required."
    assert _employer_count(store) == 0


def test_contacts_are_added_with_the_supervisor_marked_and_edited(
    qtbot: QtBot, view: EmployersView, employers: EmployerService
) -> None:
    shop = employers.create({"name": "Järpens Vård"})
    _open(qtbot, view, shop.id)
    contacts = view.contacts
    view.tabs.setCurrentWidget(contacts)

    _type(contacts.editor("name"), "Per Persson")
    _type(contacts.editor("email"), "per@")
    with qtbot.waitSignal(contacts.save_failed, timeout=WAIT):
        contacts.add_button.click()
    assert contacts.error_text("email") == "Error: The e-mail address is not valid."
    assert employers.contacts(shop.id) == []

    _type(contacts.editor("email"), "per.persson@jarpensvard.se")
    _type(contacts.editor("title"), "Unit manager")
    _type(contacts.editor("is_supervisor"), True)
    with qtbot.waitSignal(view.detail_loaded, timeout=WAIT):
        contacts.add_button.click()
    assert contacts.status_text == "The contact was added."
    assert contacts.values()["name"] == "" and contacts.editor("is_supervisor").property("checked") is False
    item = contacts.tree.topLevelItem(0)
    assert item is not None
    assert [_plain(item.text(c)) for c in range(5)] == [
        "Per Persson", "Unit manager", "", "per.persson@jarpensvard.se", "Yes"]
    [stored] = employers.contacts(shop.id)
    assert stored.is_supervisor and stored.email == "per.persson@jarpensvard.se"

    contacts.tree.setCurrentItem(item)  # choosing a contact puts it in the form to edit
    assert contacts.editing_id == stored.id and contacts.values()["title"] == "Unit manager"
    assert contacts.save_button.isEnabled()
    _type(contacts.editor("title"), "Supervisor, day ward")
    with qtbot.waitSignal(view.detail_loaded, timeout=WAIT):
        contacts.save_button.click()
    assert [c.title for c in employers.contacts(shop.id)] == ["Supervisor, day ward"]
    assert contacts.tree.topLevelItem(0).text(1) == "Supervisor, day ward"  # type: ignore[union-attr]


def test_agreements_are_added_and_an_end_before_the_start_is_refused(
    qtbot: QtBot, view: EmployersView, employers: EmployerService
) -> None:
    shop = employers.create({"name": "Krokoms Bygg AB"})
    _open(qtbot, view, shop.id)
    agreements = view.agreements
    view.tabs.setCurrentWidget(agreements)
    _type(agreements.editor("summary"), "Two language internships a term\nSupervisor training in May")
    _type(agreements.editor("signed_on"), "2026-01-15")
    _type(agreements.editor("valid_from"), "2026-02-01")
    _type(agreements.editor("valid_to"), "2026-01-31")
    with qtbot.waitSignal(agreements.save_failed, timeout=WAIT):
        agreements.add_button.click()
    assert agreements.error_text("valid_to") == "Error: The end date is before the start date."
    assert employers.agreements(shop.id) == []

    _type(agreements.editor("valid_to"), "2026-12-31")
    with qtbot.waitSignal(view.detail_loaded, timeout=WAIT):
        agreements.add_button.click()
    item = agreements.tree.topLevelItem(0)
    assert item is not None
    assert [_plain(item.text(c)) for c in range(4)] == [
        "2026-01-15", "2026-02-01", "2026-12-31", "Two language internships a term"]
    [stored] = employers.agreements(shop.id)
    assert str(stored.valid_to) == "2026-12-31"


def test_placements_made_at_the_employer_are_listed_and_open_the_participant(
    qtbot: QtBot, view: EmployersView, employers: EmployerService, store: Store
) -> None:
    shop = employers.create({"name": "Krokoms Bygg AB"})
    supervisor = employers.add_contact(shop.id, {"name": "Per Persson", "is_supervisor": True})
    hodan = _place_hodan(store, shop.id, "language_internship", supervisor.id)
    _open(qtbot, view, shop.id)
    placements = view.placements
    view.tabs.setCurrentWidget(placements)
    item = placements.tree.topLevelItem(0)
    assert placements.tree.topLevelItemCount() == 1 and item is not None
    assert [_plain(item.text(c)) for c in range(5)] == [
        "Hodan Warsame", "Language internship", "2026-11-02 – 2026-12-18", "20", "Per Persson"]
    assert placements.count_text == "1 placement"

    placements.tree.setCurrentItem(item)
    placements.tree.setFocus()
    with qtbot.waitSignal(view.participant_activated, timeout=WAIT) as activated:
        QTest.keyClick(placements.tree, Qt.Key.Key_Return)
    assert activated.args == [hodan]


def test_searching_narrows_the_list_as_you_type(
    qtbot: QtBot, view: EmployersView, employers: EmployerService
) -> None:
    for name, number in [("Krokoms Bygg AB", "556036-0793"), ("Östersunds Vård AB", None),
                         ("Järpens Café", None)]:
        employers.create({"name": name, "org_number": number})
    with qtbot.waitSignal(view.list_loaded, timeout=WAIT):
        view.refresh()
    assert _rows(view) == ["Järpens Café", "Krokoms Bygg AB", "Östersunds Vård AB"]  # Ö after Z
    assert view.list_status_text == "3 employers"

    QTest.keyClicks(view.search_field, "ost")  # accents and case are folded
    qtbot.waitUntil(lambda: _rows(view) == ["Östersunds Vård AB"], timeout=WAIT)
    assert view.list_status_text == "1 employer matches"
    view.search_field.clear()
    QTest.keyClicks(view.search_field, "5560360")  # the organisation number, without its dash
    qtbot.waitUntil(lambda: _rows(view) == ["Krokoms Bygg AB"], timeout=WAIT)
    view.search_field.clear()
    qtbot.waitUntil(lambda: len(_rows(view)) == 3, timeout=WAIT)


def test_leaving_an_employer_with_unsaved_changes_asks_first(
    qtbot: QtBot, view: EmployersView, employers: EmployerService
) -> None:
    first = employers.create({"name": "Krokoms Bygg AB"})
    second = employers.create({"name": "Järpens Café"})
    with qtbot.waitSignal(view.list_loaded, timeout=WAIT):
        view.refresh()
    _open(qtbot, view, first.id)
    _type(view.form.editor("sector"), "Construction")
    assert view.has_unsaved_changes
    second_item = view.employer_list.topLevelItem(0)  # Järpens Café sorts first
    assert second_item is not None

    with dialogs.answered(False) as prompts:
        view.employer_list.setCurrentItem(second_item)
    assert [p.title for p in prompts] == ["Unsaved changes"]
    assert view.current_employer_id == first.id and view.form.values()["sector"] == "Construction"
    assert view.employer_list.currentItem().text(0) == "Krokoms Bygg AB"  # type: ignore[union-attr]

    with dialogs.answered(True), qtbot.waitSignal(view.detail_loaded, timeout=WAIT):
        view.employer_list.setCurrentItem(second_item)
    assert view.current_employer_id == second.id and view.heading_text == "Järpens Café"
    assert employers.get(first.id).sector is None and not view.has_unsaved_changes


def test_dispose_drops_every_row_and_everything_typed(
    qtbot: QtBot, view: EmployersView, employers: EmployerService, store: Store
) -> None:
    shop = employers.create({"name": "Krokoms Bygg AB"})
    employers.add_contact(shop.id, {"name": "Per Persson"})
    employers.add_agreement(shop.id, {"summary": "Internships"})
    _place_hodan(store, shop.id)
    with qtbot.waitSignal(view.list_loaded, timeout=WAIT):
        view.refresh()
    _open(qtbot, view, shop.id)
    _type(view.contacts.editor("name"), "Anna Andersson")
    QTest.keyClicks(view.search_field, "Krok")
    view.dispose()

    trees = [view.employer_list, view.contacts.tree, view.agreements.tree, view.placements.tree]
    assert [tree.topLevelItemCount() for tree in trees] == [0, 0, 0, 0]
    assert view.search_field.text() == "" and view.current_employer_id is None
    assert not any(view.form.values().values()) and view.contacts.values()["name"] == ""
    assert view.placements.rows == () and view.heading_text == ""
    with qtbot.assertNotEmitted(view.list_loaded, wait=400):  # a search still queued is dropped
        view.refresh()


def _mnemonics(top: QWidget) -> list[str]:
    texts = [w.text() for w in top.findChildren(QLabel) if w.buddy() is not None and w.isVisibleTo(top)]
    texts += [w.text() for w in top.findChildren(QAbstractButton) if w.isVisibleTo(top)]
    view = top if isinstance(top, EmployersView) else None
    if view is not None:
        texts += [view.tabs.tabText(i) for i in range(view.tabs.count())]
    return [m.group(1).lower() for text in texts if (m := re.search(r"&(\w)", text))]


def test_every_control_on_every_tab_is_named_and_mnemonics_do_not_clash(
    qtbot: QtBot, view: EmployersView, employers: EmployerService, store: Store
) -> None:
    shop = employers.create({"name": "Krokoms Bygg AB"})
    employers.add_contact(shop.id, {"name": "Per Persson"})
    with qtbot.waitSignal(view.list_loaded, timeout=WAIT):
        view.refresh()
    _open(qtbot, view, shop.id)
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        assert _unnamed_controls(view) == [], view.tabs.tabText(index)
        assert _buddy_labels_have_mnemonics(view) == [], view.tabs.tabText(index)
        letters = _mnemonics(view)
        assert len(letters) == len(set(letters)), (view.tabs.tabText(index), sorted(letters))
        assert not MENU_MNEMONICS & set(letters)
    assert all(isinstance(page, EditableList) for page in (view.contacts, view.agreements))


def test_the_view_retranslates_and_keeps_its_rows(
    qtbot: QtBot, view: EmployersView, employers: EmployerService, store: Store, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shop = employers.create({"name": "Krokoms Bygg AB"})
    _place_hodan(store, shop.id)
    with qtbot.waitSignal(view.list_loaded, timeout=WAIT):
        view.refresh()
    _open(qtbot, view, shop.id)
    catalog = Catalog(locale="sv", domain="coachdesk")
    for source, swedish in {"Internship": "Praktik", "Search employers": "Sök arbetsgivare",
                            "&Placements": "&Praktikplatser", "Name": "Namn"}.items():
        catalog.add(source, swedish)
    target = tmp_path / "translations" / "sv" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "coachdesk.po").open("wb") as fh:
        write_po(fh, catalog)
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path / "translations")
    i18n.set_language("sv")
    QCoreApplication.sendEvent(view, QEvent(QEvent.Type.LanguageChange))
    assert view.search_field.accessibleName() == "Sök arbetsgivare"
    assert view.tabs.tabText(view.tabs.indexOf(view.placements)) == "&Praktikplatser"
    assert view.employer_list.headerItem().text(0) == "Namn"
    assert _rows(view) == ["Krokoms Bygg AB"]
    assert view.placements.tree.topLevelItem(0).text(1) == "Praktik"  # type: ignore[union-attr]


def test_the_main_window_opens_the_record_of_a_placement_chosen_in_the_register(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, preferences: Preferences
) -> None:
    workspace = Workspace.open(store, data_dir)
    shop = workspace.employers.create({"name": "Krokoms Bygg AB"})
    hodan = _place_hodan(store, shop.id)
    main = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                      preferences=preferences, workspace=workspace)
    qtbot.add_widget(main)
    main.show()
    main.show_view(View.EMPLOYERS)
    shell = main.shell
    assert shell is not None and shell.current_view is View.EMPLOYERS
    view = shell.employers
    qtbot.waitUntil(lambda: _rows(view) == ["Krokoms Bygg AB"], timeout=WAIT)
    _open(qtbot, view, shop.id)
    view.tabs.setCurrentWidget(view.placements)
    item = view.placements.tree.topLevelItem(0)
    assert item is not None
    view.placements.tree.setCurrentItem(item)
    QTest.keyClick(view.placements.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: hodan in shell.open_records, timeout=WAIT)

    shell.dispose()  # what locking does first
    assert view.employer_list.topLevelItemCount() == 0 and view.placements.rows == ()
    assert shell.open_records == {}
