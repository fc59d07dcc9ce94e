from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, update

from coachdesk.models import Participant
from coachdesk.models.ids import uuid7
from coachdesk.models.store import Store
from coachdesk.services.participants import ParticipantService
from coachdesk.services.search import match_expression


@pytest.fixture
def people(store: Store) -> ParticipantService:
    service = ParticipantService(store)
    for given, family, pnr, phone in [
        ("Åsa", "Öberg", "19850312-1231", None),
        ("Ali", "Ahmed", None, "070-123 45 67"),
        ("Muhammad", "Al-Hassan", None, None),
        ("مُحَمَّد", "أحمد", None, None),
        ("Yohannes", "Tesfay", None, None),
        ("José", "Müller", None, None),
    ]:
        service.create({"given_name": given, "family_name": family, "personnummer": pnr,
                        "phone": phone})
    return service


def _names(rows: list[object]) -> list[str]:
    return sorted(getattr(r, "given_name") for r in rows)  # noqa: B009


@pytest.mark.parametrize("query, expected", [
    ("asa", ["Åsa"]), ("Åsa öberg", ["Åsa"]), ("ÖBER", ["Åsa"]), ("oberg asa", ["Åsa"]),
    ("jose muller", ["José"]), ("müll", ["José"]),
    ("al-hassan", ["Muhammad"]), ("hassan", ["Muhammad"]),
    ("محمد", ["مُحَمَّد"]), ("احمد", ["مُحَمَّد"]),
    ("19850312-1231", ["Åsa"]), ("8503121231", ["Åsa"]), ("850312", ["Åsa"]),
    ("0701234567", ["Ali"]), ("070-123 45 67", ["Ali"]), ("+46 70 123", ["Ali"]),
    ("te", ["Yohannes"]), ("nobody", []), ("", []), ('"', []), ("*", []), ("AND OR NOT", []),
])
def test_search_by_name_personnummer_and_phone(
    people: ParticipantService, query: str, expected: list[str]
) -> None:
    assert _names(people.search(query)) == expected  # type: ignore[arg-type]


def test_fts_syntax_in_queries_is_quoted() -> None:
    assert match_expression('a" OR "b') == 'names : "a"""* AND names : "or"* AND names : """b"*'


def test_core_writes_keep_the_index_right(store: Store) -> None:
    service = ParticipantService(store)
    pid = uuid7()
    with store.session() as session, session.begin():
        session.execute(insert(Participant), [{
            "id": pid, "updated_hlc": store.clock.now(), "deleted": False,
            "office_id": store.office_id, "given_name": "Bulk", "family_name": "Inserted",
            "gender": "man", "interpreter_needed": False, "status": "referred",
            "created_at": dt.datetime(2026, 1, 1)}])
    assert _names(service.search("bulk")) == ["Bulk"]  # type: ignore[arg-type]
    with store.session() as session, session.begin():
        session.execute(update(Participant).where(Participant.id == pid).values(given_name="Renamed"))
    assert service.search("bulk") == []
    assert _names(service.search("renamed inserted")) == ["Renamed"]  # type: ignore[arg-type]
    with store.session() as session, session.begin():
        session.execute(update(Participant).where(Participant.id == pid).values(deleted=True))
    assert service.search("renamed") == []


def test_short_and_numeric_queries_list_alphabetically(store: Store) -> None:
    service = ParticipantService(store)
    for family in ("Mård", "Berg", "Malm"):
        service.create({"given_name": "Maria", "family_name": family})
    assert [r.family_name for r in service.search("ma")] == ["Berg", "Malm", "Mård"]


def test_sql_logging_at_debug_is_pinned_off() -> None:
    import logging

    import coachdesk.models.engine  # noqa: F401 - importing it pins the logger

    assert logging.getLogger("sqlalchemy.engine").getEffectiveLevel() >= logging.WARNING
