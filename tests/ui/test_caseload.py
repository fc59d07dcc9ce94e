from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from coachdesk.models.enums import ParticipantStatus, TargetGroup
from coachdesk.models.textfold import sort_key
from coachdesk.services.participants import CaseloadRow, ParticipantService
from coachdesk.ui.caseload import CaseloadModel, CaseloadView, Column
from coachdesk.ui.labels import LRI, PDI
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
                       "Status", "Target group"]


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
