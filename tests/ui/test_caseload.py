from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLabel
from pytestqt.qtbot import QtBot

from coachdesk import i18n
from coachdesk.formatting import LRI, PDI
from coachdesk.models import User
from coachdesk.models.enums import ParticipantStatus, Role, TargetGroup
from coachdesk.models.store import Store
from coachdesk.models.textfold import sort_key
from coachdesk.services.participants import CaseloadFilter, CaseloadRow, ParticipantService
from coachdesk.ui.caseload import CaseloadModel, CaseloadView, Column
from coachdesk.ui.caseload_filters import ACTIVE, ALL, EXITED
from coachdesk.ui.tasks import TaskRunner
from tests.ui.conftest import add_participant, personnummer

FAMILIES = ["Öberg", "Andersson", "Zetterberg", "Åberg", "Ärlig", "Berg", "Émile", "Lind", "Nilsson",
            "Yilmaz"]
GIVEN = ["Anna", "Ahmed", "Märta", "Fatima", "Karl", "Sara", "Yonas"]
ROOT = QModelIndex()


def _names(model: CaseloadModel) -> list[tuple[str, str]]:
    return [(model.participant(i).family_name, model.participant(i).given_name)
            for i in range(model.rowCount())]


@pytest.fixture
def many(participants: ParticipantService) -> list[tuple[str, str]]:
    """250 participants; returns their names in the expected (Swedish) order."""
    names = [(FAMILIES[i % len(FAMILIES)], f"{GIVEN[i % len(GIVEN)]} {i:03d}") for i in range(250)]
    for family, given in names:
        add_participant(participants, family, given)
    return sorted(names, key=lambda name: sort_key(*name))


@pytest.fixture
def few(participants: ParticipantService) -> dict[str, str]:
    """Five participants, four with a personnummer; maps family name to personnummer."""
    people = {"Öberg": (dt.date(1985, 3, 14), 123), "Andersson": (dt.date(1990, 1, 1), 234),
              "Lind": (dt.date(1979, 12, 31), 345), "Nilsson": (dt.date(2001, 6, 6), 456)}
    for family, (born, serial) in people.items():
        add_participant(participants, family, "Märta" if family == "Öberg" else "Anna", born, serial)
    add_participant(participants, "Haile", "Yonas")
    return {family: personnummer(born, serial) for family, (born, serial) in people.items()}


@pytest.fixture
def model(participants: ParticipantService, runner: TaskRunner) -> CaseloadModel:
    return CaseloadModel(participants=participants, runner=runner)


@pytest.fixture
def view(qtbot: QtBot, participants: ParticipantService, runner: TaskRunner) -> CaseloadView:
    """The view loads at once: tests request their data fixtures before this one."""
    widget = CaseloadView(participants=participants, runner=runner)
    qtbot.add_widget(widget)
    widget.show()
    return widget


def test_the_caseload_pages_lazily_in_swedish_order(
    qtbot: QtBot, model: CaseloadModel, many: list[tuple[str, str]]
) -> None:
    totals: list[int] = []
    model.total_changed.connect(totals.append)
    with qtbot.waitSignals([model.loaded, model.total_changed], timeout=10_000):
        model.refresh()
    assert model.rowCount() == 100
    assert totals == [250]
    assert model.canFetchMore(ROOT)

    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.fetchMore(ROOT)
        assert model.fetching and not model.canFetchMore(ROOT)
        model.fetchMore(ROOT)  # ignored: never two fetches at once
    assert model.rowCount() == 200

    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.fetchMore(ROOT)
    assert model.rowCount() == 250
    assert not model.canFetchMore(ROOT)
    assert _names(model) == many
    families = [family for family, _given in _names(model)]
    order = ["Nilsson", "Yilmaz", "Zetterberg", "Åberg", "Ärlig", "Öberg"]
    assert [families.index(f) for f in order] == sorted(families.index(f) for f in order)
    assert families.index("Émile") < families.index("Lind")  # accents sort with their base letter


def test_cells_show_translated_codes_and_isolated_personnummer(
    qtbot: QtBot, model: CaseloadModel, few: dict[str, str]
) -> None:
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.refresh()
    row = next(i for i in range(model.rowCount()) if model.participant(i).family_name == "Andersson")
    cell = model.index(row, Column.PERSONNUMMER).data()
    assert cell == f"{LRI}{few['Andersson']}{PDI}"
    assert model.index(row, Column.BIRTH_DATE).data() == f"{LRI}1990-01-01{PDI}"
    assert model.index(row, Column.STATUS).data() == "Referred"
    assert model.index(row, Column.TARGET_GROUP).data() == ""
    assert model.index(row, 0).data(Qt.ItemDataRole.UserRole) == model.participant(row).id
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == ["Family name", "Given name", "Personal identity number", "Birth date",
                       "Phase", "Target group"]


def test_target_group_and_status_labels(participants: ParticipantService) -> None:
    from coachdesk.ui.labels import status_label, target_group_label

    assert {status_label(s) for s in ParticipantStatus} >= {"Referred", "Exited"}
    assert all(target_group_label(t) for t in TargetGroup)


def test_search_as_you_type_narrows_by_name_and_by_personnummer(
    qtbot: QtBot, few: dict[str, str], view: CaseloadView, participants: ParticipantService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = view.model
    qtbot.waitUntil(lambda: model.rowCount() == 5 and view.status_text == "5 participants",
                    timeout=10_000)
    searches: list[str] = []
    original = participants.search

    def counting(query: str, **kwargs: object) -> list[CaseloadRow]:
        searches.append(threading.current_thread().name)
        return original(query, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(participants, "search", counting)

    QTest.keyClicks(view.search_field, "Öberg")
    qtbot.waitUntil(lambda: model.query == "Öberg" and not model.fetching, timeout=10_000)
    assert _names(model) == [("Öberg", "Märta")]
    assert len(searches) == 1, "typing a word should search once, after the pause"
    assert searches[0].startswith("coachdesk-db")
    assert view.status_text == "1 participant matches"

    view.search_field.clear()
    QTest.keyClicks(view.search_field, few["Lind"].replace("-", ""))
    qtbot.waitUntil(lambda: model.query.isdigit() and not model.fetching, timeout=10_000)
    assert _names(model) == [("Lind", "Anna")]

    view.search_field.clear()
    qtbot.waitUntil(lambda: model.query == "" and model.rowCount() == 5, timeout=10_000)


def test_results_of_an_older_query_are_dropped(
    qtbot: QtBot, model: CaseloadModel, few: dict[str, str]
) -> None:
    shown: list[list[tuple[str, str]]] = []
    model.modelReset.connect(lambda: shown.append(_names(model)))
    model.set_query("Andersson")
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_query("Lind")
    assert _names(model) == [("Lind", "Anna")]
    assert all(("Andersson", "Anna") not in names for names in shown)


def test_dispose_forgets_rows_and_ignores_late_results(
    qtbot: QtBot, model: CaseloadModel, few: dict[str, str], runner: TaskRunner
) -> None:
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.refresh()
    model.set_query("Lind")
    model.dispose()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
    assert model.rowCount() == 0
    assert not model.canFetchMore(ROOT)


def test_activating_a_row_names_the_participant(
    qtbot: QtBot, few: dict[str, str], view: CaseloadView
) -> None:
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=10_000)
    index = view.model.index(0, 0)
    with qtbot.waitSignal(view.participant_activated) as blocker:
        view.table.activated.emit(index)
    assert blocker.args == [view.model.participant(0).id]


# --- Filters and order -------------------------------------------------------------------------------

WAIT = 10_000


@dataclass(frozen=True)
class Office:
    """Participants of every phase, target group and coach; ``people`` maps family name to them."""

    me: str
    colleague: str
    people: dict[str, CaseloadRow]


def _add_coach(store: Store, name: str) -> str:
    with store.session() as session, session.begin():
        user = User(username=name.lower().replace(" ", "."), display_name=name, role=Role.COACH)
        session.add(user)
        session.flush()
        return user.id


@pytest.fixture
def office(store: Store, participants: ParticipantService) -> Office:
    colleague = _add_coach(store, "Jonas Lund")
    specs = [  # family, given, phase, target group, coach
        ("Ahmadi", "Sara", ParticipantStatus.REFERRED, TargetGroup.FOREIGN_BACKGROUND, None),
        ("Berg", "Anna", ParticipantStatus.INTRODUCTION, TargetGroup.YOUTH_ASSISTANCE, None),
        ("Bergström", "Karl", ParticipantStatus.INTENSIVE, TargetGroup.ADULT_ASSISTANCE, colleague),
        ("Haile", "Yonas", ParticipantStatus.EXITED, TargetGroup.FOREIGN_BACKGROUND, colleague),
        ("Lind", "Märta", ParticipantStatus.INTENSIVE, TargetGroup.YOUTH_ASSISTANCE, None),
        ("Nilsson", "Fatima", ParticipantStatus.EXITED, TargetGroup.ADULT_ASSISTANCE, None),
        ("Åberg", "Ahmed", ParticipantStatus.INTRODUCTION, None, colleague),
        ("Öberg", "Bertil", ParticipantStatus.REFERRED, TargetGroup.YOUTH_ASSISTANCE, colleague),
    ]
    people = {}
    for family, given, phase, group, coach in specs:
        fields: dict[str, object] = {"family_name": family, "given_name": given, "status": phase.value}
        if group is not None:
            fields["target_group"] = group.value
        if coach is not None:
            fields["coach_id"] = coach
        created = participants.create(fields)
        people[family] = CaseloadRow(created.id, given, family, None, None, created.gender, phase, group,
                                     created.coach_id)
    return Office(store.user_id, colleague, people)


def _families(view: CaseloadView) -> list[str]:
    return [family for family, _given in _names(view.model)]


def _expected(office: Office, keep: Callable[[CaseloadRow], bool], *, descending: bool = False) -> list[str]:
    rows = sorted((r for r in office.people.values() if keep(r)),
                  key=lambda r: sort_key(r.family_name, r.given_name), reverse=descending)
    return [r.family_name for r in rows]


def _settled(qtbot: QtBot, view: CaseloadView, runner: TaskRunner) -> None:
    """Wait until every request the view made has been answered and shown."""
    qtbot.waitUntil(lambda: runner.pending == 0 and not view.model.fetching, timeout=WAIT)


def _choose(qtbot: QtBot, view: CaseloadView, runner: TaskRunner, combo: QComboBox, value: str) -> None:
    assert view.filter_bar.select(combo, value), value
    _settled(qtbot, view, runner)


@pytest.fixture
def shown(qtbot: QtBot, office: Office, view: CaseloadView, runner: TaskRunner) -> CaseloadView:
    """The view with the office loaded, the coach list included."""
    qtbot.waitUntil(lambda: view.filter_bar.coach.count() == 3, timeout=WAIT)
    _settled(qtbot, view, runner)
    assert _families(view) == _expected(office, lambda _r: True)
    return view


@pytest.mark.parametrize(("combo_name", "value", "keep"), [
    ("phase", "intensive", lambda r: r.status == ParticipantStatus.INTENSIVE),
    ("phase", "referred", lambda r: r.status == ParticipantStatus.REFERRED),
    ("status", ACTIVE, lambda r: r.status != ParticipantStatus.EXITED),
    ("status", EXITED, lambda r: r.status == ParticipantStatus.EXITED),
    ("target_group", "youth_16_24_assistance", lambda r: r.target_group == TargetGroup.YOUTH_ASSISTANCE),
    ("target_group", "foreign_background", lambda r: r.target_group == TargetGroup.FOREIGN_BACKGROUND),
], ids=["phase_intensive", "phase_referred", "active", "exited", "youth", "foreign"])
def test_each_filter_narrows_the_rows_and_the_count(
    qtbot: QtBot, office: Office, shown: CaseloadView, runner: TaskRunner,
    combo_name: str, value: str, keep: Callable[[CaseloadRow], bool],
) -> None:
    expected = _expected(office, keep)
    assert 0 < len(expected) < len(office.people)
    _choose(qtbot, shown, runner, getattr(shown.filter_bar, combo_name), value)
    assert _families(shown) == expected
    assert shown.status_text == f"{len(expected)} participants match the filters"
    _choose(qtbot, shown, runner, getattr(shown.filter_bar, combo_name), ALL)
    assert _families(shown) == _expected(office, lambda _r: True)
    assert shown.status_text == f"{len(office.people)} participants"


def test_the_coach_filter_offers_mine_and_each_colleague(
    qtbot: QtBot, office: Office, shown: CaseloadView, runner: TaskRunner
) -> None:
    coach = shown.filter_bar.coach
    assert [coach.itemText(i) for i in range(coach.count())] == ["All coaches", "My caseload", "Jonas Lund"]
    assert coach.currentIndex() == 0
    _choose(qtbot, shown, runner, coach, office.me)
    assert _families(shown) == _expected(office, lambda r: r.coach_id == office.me)
    _choose(qtbot, shown, runner, coach, office.colleague)
    assert _families(shown) == _expected(office, lambda r: r.coach_id == office.colleague)


def test_filters_combine_with_each_other_and_with_the_search(
    qtbot: QtBot, office: Office, shown: CaseloadView, runner: TaskRunner
) -> None:
    bar = shown.filter_bar
    _choose(qtbot, shown, runner, bar.status, ACTIVE)
    _choose(qtbot, shown, runner, bar.coach, office.colleague)
    assert _families(shown) == ["Bergström", "Åberg", "Öberg"]
    _choose(qtbot, shown, runner, bar.target_group, "youth_16_24_assistance")
    assert _families(shown) == ["Öberg"]
    _choose(qtbot, shown, runner, bar.target_group, ALL)

    QTest.keyClicks(shown.search_field, "ber")  # Berg Anna too, but she is mine and not active
    qtbot.waitUntil(lambda: shown.model.query == "ber", timeout=WAIT)
    _settled(qtbot, shown, runner)
    assert sorted(_families(shown)) == ["Bergström", "Öberg"]  # Bergström, and Bertil Öberg
    assert shown.status_text == "2 participants match, best matches first"
    _choose(qtbot, shown, runner, bar.phase, "intensive")  # a filter changed while searching
    assert _families(shown) == ["Bergström"] and shown.status_text == "1 participant matches"
    shown.search_field.clear()
    qtbot.waitUntil(lambda: shown.model.query == "", timeout=WAIT)
    _settled(qtbot, shown, runner)
    assert _families(shown) == ["Bergström"]  # the filters stay when the search goes


def test_a_filter_change_loads_on_the_database_thread(
    qtbot: QtBot, office: Office, shown: CaseloadView, runner: TaskRunner,
    participants: ParticipantService, monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[str] = []
    for name in ("page", "count"):
        original = getattr(participants, name)

        def recording(*args: object, _original: Callable[..., object] = original, **kwargs: object) -> object:
            threads.append(threading.current_thread().name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(participants, name, recording)
    with qtbot.waitSignal(shown.model.loaded, timeout=WAIT):
        shown.filter_bar.select(shown.filter_bar.phase, "exited")
    _settled(qtbot, shown, runner)
    assert len(threads) == 2 and all(t.startswith("coachdesk-db") for t in threads)


def _descending(view: CaseloadView) -> bool:
    return view.model.descending


def _click_header(qtbot: QtBot, view: CaseloadView, column: Column) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_clicking_the_name_header_reverses_the_order_and_other_headers_do_not_sort(
    qtbot: QtBot, office: Office, shown: CaseloadView, runner: TaskRunner
) -> None:
    header = shown.table.horizontalHeader()
    everyone = _expected(office, lambda _r: True)
    _click_header(qtbot, shown, Column.FAMILY_NAME)
    _settled(qtbot, shown, runner)
    assert _descending(shown) and _families(shown) == everyone[::-1]
    assert header.sortIndicatorSection() == Column.FAMILY_NAME
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert shown.order.currentIndex() == 1  # the Order box says the same
    assert shown.status_text == f"{len(everyone)} participants"

    tooltip = shown.model.headerData(Column.BIRTH_DATE, Qt.Orientation.Horizontal,
                                     Qt.ItemDataRole.ToolTipRole)
    assert "does not sort" in tooltip
    _click_header(qtbot, shown, Column.BIRTH_DATE)
    _settled(qtbot, shown, runner)
    assert header.sortIndicatorSection() == Column.FAMILY_NAME, "only names sort"
    assert _descending(shown) and _families(shown) == everyone[::-1]

    _click_header(qtbot, shown, Column.FAMILY_NAME)
    _settled(qtbot, shown, runner)
    assert not _descending(shown) and _families(shown) == everyone
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_the_order_box_sorts_from_the_keyboard_within_the_filters(
    qtbot: QtBot, office: Office, shown: CaseloadView, runner: TaskRunner
) -> None:
    _choose(qtbot, shown, runner, shown.filter_bar.status, ACTIVE)
    shown.order.setFocus()
    QTest.keyClick(shown.order, Qt.Key.Key_Down)
    _settled(qtbot, shown, runner)
    active = _expected(office, lambda r: r.status != ParticipantStatus.EXITED, descending=True)
    assert _families(shown) == active
    assert shown.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_a_search_keeps_relevance_order_and_says_so(
    qtbot: QtBot, office: Office, shown: CaseloadView, runner: TaskRunner
) -> None:
    header = shown.table.horizontalHeader()
    QTest.keyClicks(shown.search_field, "berg")
    qtbot.waitUntil(lambda: shown.model.query == "berg", timeout=WAIT)
    _settled(qtbot, shown, runner)
    assert not header.isSortIndicatorShown() and not shown.order.isEnabled()
    assert "best matches first" in shown.status_text
    assert "best match" in shown.model.headerData(Column.FAMILY_NAME, Qt.Orientation.Horizontal,
                                                  Qt.ItemDataRole.ToolTipRole)
    before = _families(shown)
    _click_header(qtbot, shown, Column.FAMILY_NAME)
    _settled(qtbot, shown, runner)
    assert _families(shown) == before and not shown.model.descending
    assert not header.isSortIndicatorShown()
    shown.search_field.clear()
    qtbot.waitUntil(lambda: shown.model.query == "", timeout=WAIT)
    _settled(qtbot, shown, runner)
    assert header.isSortIndicatorShown() and shown.order.isEnabled()


def test_paging_goes_on_within_the_filter_in_either_order(
    qtbot: QtBot, many: list[tuple[str, str]], store: Store, participants: ParticipantService,
    runner: TaskRunner,
) -> None:
    model = CaseloadModel(participants=participants, runner=runner, page_size=40)
    with qtbot.waitSignal(model.loaded, timeout=WAIT):
        model.refresh()
    model.set_filters(CaseloadFilter(active=True))
    model.sort(Column.FAMILY_NAME, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not model.fetching and model.rowCount() == 40, timeout=WAIT)
    while model.canFetchMore(ROOT):
        with qtbot.waitSignal(model.loaded, timeout=WAIT):
            model.fetchMore(ROOT)
    assert _names(model) == many[::-1]  # everyone is active (referred); no gap, no repeat


def test_contradicting_filters_show_nobody_and_say_why(
    qtbot: QtBot, office: Office, shown: CaseloadView, runner: TaskRunner
) -> None:
    _choose(qtbot, shown, runner, shown.filter_bar.phase, "intensive")
    _choose(qtbot, shown, runner, shown.filter_bar.status, EXITED)
    assert shown.model.rowCount() == 0
    assert "change the phase or the status" in shown.status_text
    _choose(qtbot, shown, runner, shown.filter_bar.status, ACTIVE)
    assert _families(shown) == ["Bergström", "Lind"]


def test_a_failed_load_shows_a_sentence_and_no_stale_rows(
    qtbot: QtBot, office: Office, shown: CaseloadView, runner: TaskRunner,
    participants: ParticipantService, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object, **_kwargs: object) -> object:
        raise OSError("disk gone")

    monkeypatch.setattr(participants, "page", broken)
    with qtbot.waitSignal(shown.model.failed, timeout=WAIT):
        shown.filter_bar.select(shown.filter_bar.phase, "exited")
    _settled(qtbot, shown, runner)
    assert shown.model.rowCount() == 0 and not shown.model.canFetchMore(ROOT)
    assert shown.status_text and "Traceback" not in shown.status_text
    monkeypatch.undo()
    _choose(qtbot, shown, runner, shown.filter_bar.phase, ALL)
    assert _families(shown) == _expected(office, lambda _r: True)


def test_without_the_coach_list_all_and_mine_still_work(
    qtbot: QtBot, office: Office, participants: ParticipantService, runner: TaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> list[object]:
        raise OSError("no users table")

    monkeypatch.setattr(participants, "coaches", broken)
    view = CaseloadView(participants=participants, runner=runner)
    qtbot.add_widget(view)
    _settled(qtbot, view, runner)
    assert view.filter_bar.coach.count() == 2
    _choose(qtbot, view, runner, view.filter_bar.coach, office.me)
    assert _families(view) == _expected(office, lambda r: r.coach_id == office.me)


def test_changes_after_dispose_load_nothing(
    qtbot: QtBot, office: Office, shown: CaseloadView, runner: TaskRunner
) -> None:
    shown.dispose()
    assert shown.model.rowCount() == 0 and shown.filter_bar.coach.count() == 2
    shown.filter_bar.select(shown.filter_bar.phase, "intensive")
    _click_header(qtbot, shown, Column.FAMILY_NAME)
    shown.model.set_query("berg")
    _settled(qtbot, shown, runner)
    assert shown.model.rowCount() == 0 and runner.pending == 0


def test_rapid_filter_changes_show_only_the_last(
    qtbot: QtBot, office: Office, shown: CaseloadView, runner: TaskRunner
) -> None:
    bar = shown.filter_bar
    for value in ("intensive", "referred", "exited", "introduction"):
        bar.select(bar.phase, value)
    _settled(qtbot, shown, runner)
    assert _families(shown) == ["Berg", "Åberg"]
    assert shown.status_text == "2 participants match the filters"


def test_the_filters_retranslate_and_keep_their_choice(
    qtbot: QtBot, office: Office, shown: CaseloadView, runner: TaskRunner, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _choose(qtbot, shown, runner, shown.filter_bar.phase, "intensive")
    catalog = Catalog(locale="sv", domain="coachdesk")
    for source, swedish in {"Intensive work": "Fördjupat arbete", "All coaches": "Alla coacher",
                            "&Phase:": "&Fas:", "Family name": "Efternamn"}.items():
        catalog.add(source, swedish)
    target = tmp_path / "translations" / "sv" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "coachdesk.po").open("wb") as fh:
        write_po(fh, catalog)
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path / "translations")
    i18n.set_language("sv")
    QCoreApplication.sendEvent(shown, QEvent(QEvent.Type.LanguageChange))
    bar = shown.filter_bar
    assert bar.phase.currentText() == "Fördjupat arbete" and bar.coach.itemText(0) == "Alla coacher"
    assert bar.coach.itemText(2) == "Jonas Lund"
    labels = {label.text() for label in bar.findChildren(QLabel)}
    assert "&Fas:" in labels
    assert shown.model.headerData(Column.FAMILY_NAME, Qt.Orientation.Horizontal) == "Efternamn"
    assert _families(shown) == ["Bergström", "Lind"] and runner.pending == 0  # no reload


def test_every_filter_control_is_labelled_with_its_own_mnemonic(shown: CaseloadView) -> None:
    labels = [label for label in shown.findChildren(QLabel) if label.buddy() is not None]
    assert {label.buddy() for label in labels} >= {*shown.filter_bar.combos, shown.order, shown.search_field}
    keys = [label.text()[label.text().index("&") + 1].lower() for label in labels]
    assert len(keys) == len(set(keys)) == 6
