"""The caseload's filters, both sort directions and filtered search, checked against plain Python.

Every answer the service gives is compared with the same question asked of a list of the participants
in memory: which match, in which order (Swedish, A to Ö or Ö to A, ties by id), and that paging through
the matches visits each exactly once.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import pytest
from sqlalchemy import event, text

from coachdesk.models import User
from coachdesk.models.enums import ParticipantStatus, Role, TargetGroup
from coachdesk.models.store import Store
from coachdesk.models.textfold import fold, sort_key
from coachdesk.services.participants import (
    ACTIVE_STATUSES,
    CaseloadFilter,
    CaseloadRow,
    ParticipantService,
)

FAMILIES = ["Öberg", "Andersson", "Zetterberg", "Åberg", "Ärlig", "Berg", "Émile", "Lind", "Mohammed",
            "Yilmaz", "Bergström", "Haile"]
GIVEN = ["Anna", "Ahmed", "Märta", "Fatima", "Karl", "Sara", "Yonas", "Bertil"]
PEOPLE = 96
PAGE = 7  # small, so every filter spans several pages


@dataclass(frozen=True)
class Person:
    id: str
    family: str
    given: str
    status: ParticipantStatus
    target_group: TargetGroup | None
    coach_id: str

    @property
    def key(self) -> tuple[str, str]:
        return sort_key(self.family, self.given), self.id


@dataclass(frozen=True)
class Office:
    store: Store
    service: ParticipantService
    people: list[Person]
    coaches: list[str]  # the vault owner first, then two colleagues


def _add_coach(store: Store, name: str) -> str:
    with store.session() as session, session.begin():
        user = User(username=name.lower(), display_name=name, role=Role.COACH)
        session.add(user)
        session.flush()
        return user.id


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """One vault for the module: filling it is the slow part, and every test only reads it."""
    from coachdesk.unlock import create_vault
    from tests.conftest import FAST_KDF, PASSPHRASE

    store = create_vault(tmp_path_factory.mktemp("caseload") / "vault", PASSPHRASE, kdf=FAST_KDF)
    try:
        coaches = [store.user_id, _add_coach(store, "Jonas Coach"), _add_coach(store, "Leila Coach")]
        service = ParticipantService(store)
        rng = random.Random(4)
        people = []
        for n in range(PEOPLE):
            fields: dict[str, Any] = {
                "family_name": FAMILIES[n % len(FAMILIES)],
                "given_name": f"{GIVEN[n % len(GIVEN)]} {n:02d}",
                "status": rng.choice(list(ParticipantStatus)),
                "target_group": rng.choice([*TargetGroup, None]),
                "coach_id": rng.choice(coaches),
            }
            created = service.create(fields)
            people.append(Person(created.id, created.family_name, created.given_name, created.status,
                                 created.target_group, created.coach_id or ""))
        # A tombstone is never listed, whatever the filter.
        service.delete(service.create({"family_name": "Berg", "given_name": "Gone"}).id)
        yield Office(store, service, people, coaches)
    finally:
        store.close()


def _matches(person: Person, filters: CaseloadFilter) -> bool:
    """The filter's meaning, written out independently of the service's SQL."""
    if filters.status is not None and person.status != filters.status:
        return False
    if filters.active is not None and (person.status != ParticipantStatus.EXITED) != filters.active:
        return False
    if filters.target_group is not None and person.target_group != filters.target_group:
        return False
    return filters.coach_id is None or person.coach_id == filters.coach_id


def _expected(office: Office, filters: CaseloadFilter, *, descending: bool = False) -> list[str]:
    chosen = [p for p in office.people if _matches(p, filters)]
    return [p.id for p in sorted(chosen, key=lambda p: p.key, reverse=descending)]


def _walk(service: ParticipantService, filters: CaseloadFilter, *, descending: bool,
          limit: int = PAGE) -> list[str]:
    seen: list[str] = []
    cursor: tuple[str, str] | None = None
    for _ in range(PEOPLE + 2):  # a cursor that never ends would fail here, not hang
        page = service.page(after=cursor, limit=limit, filters=filters, descending=descending)
        assert len(page.rows) <= limit
        seen += [row.id for row in page.rows]
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor
    raise AssertionError("paging did not end")


def _every_filter(office: Office) -> list[CaseloadFilter]:
    return [CaseloadFilter(status=s, active=a, target_group=t, coach_id=c)
            for s, a, t, c in itertools.product([None, *ParticipantStatus], [None, True, False],
                                                [None, *TargetGroup],
                                                [None, *office.coaches, "no-such-coach"])]


def test_the_data_spreads_over_every_filter_value(office: Office) -> None:
    # Otherwise a filter that matched nothing would pass the comparisons below trivially.
    assert {p.status for p in office.people} == set(ParticipantStatus)
    assert {p.target_group for p in office.people} == {*TargetGroup, None}
    assert {p.coach_id for p in office.people} == set(office.coaches)


@pytest.mark.parametrize("descending", [False, True], ids=["a_to_ö", "ö_to_a"])
def test_every_combination_of_filters_pages_like_python_in_both_directions(
    office: Office, descending: bool
) -> None:
    nonempty = 0
    for filters in _every_filter(office):
        expected = _expected(office, filters, descending=descending)
        seen = _walk(office.service, filters, descending=descending)
        assert seen == expected, filters  # same rows, same order: no gap, no duplicate
        assert office.service.count(filters) == len(expected), filters
        nonempty += bool(expected)
    assert nonempty > 100


def test_descending_is_the_ascending_order_reversed_page_by_page(office: Office) -> None:
    ascending = _walk(office.service, CaseloadFilter(), descending=False, limit=10)
    descending = _walk(office.service, CaseloadFilter(), descending=True, limit=10)
    assert descending == ascending[::-1] and len(ascending) == PEOPLE
    first = office.service.page(limit=3, descending=True).rows
    families = {row.family_name for row in first}
    assert families == {"Öberg"}, "Ö is the last letter of the Swedish alphabet"


def test_a_page_goes_on_exactly_after_the_cursor_in_its_direction(office: Office) -> None:
    everyone = _expected(office, CaseloadFilter())
    middle = next(p for p in office.people if p.id == everyone[40])
    after = office.service.page(after=middle.key, limit=5).rows
    before = office.service.page(after=middle.key, limit=5, descending=True).rows
    assert [r.id for r in after] == everyone[41:46]
    assert [r.id for r in before] == everyone[35:40][::-1]


def test_active_means_every_phase_but_the_exit(office: Office) -> None:
    active = CaseloadFilter(active=True)
    assert set(ParticipantStatus) - ACTIVE_STATUSES == {ParticipantStatus.EXITED}
    assert active.statuses() == ACTIVE_STATUSES
    rows = office.service.page(limit=PEOPLE, filters=active).rows
    assert rows and all(r.status != ParticipantStatus.EXITED for r in rows)
    assert CaseloadFilter(active=False).statuses() == frozenset({ParticipantStatus.EXITED})


def test_a_phase_that_contradicts_active_matches_nobody_without_asking_the_database(
    office: Office,
) -> None:
    contradiction = CaseloadFilter(status=ParticipantStatus.EXITED, active=True)
    assert contradiction.empty and not CaseloadFilter(status=ParticipantStatus.EXITED).empty
    assert office.service.count(contradiction) == 0
    assert office.service.page(filters=contradiction).rows == []
    assert office.service.search("berg", filters=contradiction) == []


def _found(service: ParticipantService, query: str, **kwargs: Any) -> list[CaseloadRow]:
    return service.search(query, limit=PEOPLE, **kwargs)


def _named(office: Office, prefix: str) -> list[Person]:
    """Who a name search for ``prefix`` should find: any name word starting with it."""
    words = fold(prefix)
    return [p for p in office.people
            if any(word.startswith(words) for word in fold(f"{p.given} {p.family}").split())]


@pytest.mark.parametrize("query", ["be", "ma", "an"])
def test_filtered_search_finds_what_python_finds_in_name_order_for_short_queries(
    office: Office, query: str
) -> None:
    for filters in _every_filter(office)[::7]:  # a spread of combinations, to keep it quick
        expected = sorted((p for p in _named(office, query) if _matches(p, filters)), key=lambda p: p.key)
        found = _found(office.service, query, filters=filters)
        # Short queries are listed alphabetically (relevance is not computed for them).
        assert [r.id for r in found] == [p.id for p in expected], (query, filters)


def test_filtered_search_with_relevance_finds_the_same_people_as_python(office: Office) -> None:
    for filters in _every_filter(office)[::5]:
        expected = {p.id for p in _named(office, "berg") if _matches(p, filters)}
        assert {r.id for r in _found(office.service, "berg", filters=filters)} == expected, filters


def test_a_narrow_filter_finds_a_match_however_many_others_match_first(office: Office) -> None:
    # Everyone named Berg or Bergström matches "berg"; one coach's exited ones are few, and the
    # limit counts only those, not the matches the filter leaves out.
    narrow = CaseloadFilter(active=False, coach_id=office.coaches[2])
    expected = {p.id for p in _named(office, "berg") if _matches(p, narrow)}
    assert 0 < len(expected) < len(_named(office, "berg")) // 3
    found = office.service.search("berg", limit=len(expected), filters=narrow)
    assert {r.id for r in found} == expected


def test_a_limit_caps_search_results(office: Office) -> None:
    assert len(office.service.search("be", limit=3)) == 3


def test_the_office_coaches_are_offered_by_name(office: Office) -> None:
    choices = office.service.coaches()
    assert [c.name for c in choices] == sorted(c.name for c in choices)
    assert {c.id for c in choices} == set(office.coaches)
    assert office.service.user_id == office.coaches[0]


def _plans(store: Store, run: Callable[[], object]) -> list[str]:
    """The query plan of every statement ``run`` sends, one line per step."""
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if "FROM local_meta" not in statement:  # the role check every record service makes first
            statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        run()
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    plans = []
    with store.engine.connect() as conn:
        for statement, parameters in statements:
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            plans.append(" | ".join(row[-1] for row in rows))
    return plans


@pytest.mark.parametrize("descending", [False, True], ids=["a_to_ö", "ö_to_a"])
@pytest.mark.parametrize("filters", [
    CaseloadFilter(),
    CaseloadFilter(active=True),
    CaseloadFilter(active=False),
    CaseloadFilter(status=ParticipantStatus.INTENSIVE),
    CaseloadFilter(target_group=TargetGroup.FOREIGN_BACKGROUND, active=True),
    CaseloadFilter(coach_id="x", status=ParticipantStatus.REFERRED,
                   target_group=TargetGroup.YOUTH_ASSISTANCE),
], ids=["all", "active", "exited", "phase", "group_active", "coach_phase_group"])
def test_a_later_page_is_an_index_range_in_either_direction(
    office: Office, filters: CaseloadFilter, descending: bool
) -> None:
    service = office.service
    cursor = ("m", "0")  # somewhere in the middle of the alphabet
    plans = _plans(office.store, lambda: service.page(after=cursor, limit=PAGE, filters=filters,
                                                      descending=descending))
    assert len(plans) == 1
    plan = plans[0]
    assert "TEMP B-TREE" not in plan, plan  # read in order from an index, never sorted
    assert "OFFSET" not in plan.upper()
    assert "participant_index USING " in plan and "INDEX" in plan, plan
    assert "(sort_key,participant_id)" in plan.replace(" ", ""), plan  # the cursor bounds the range
    probes = [step for step in plan.split(" | ") if "by_" in step]
    assert len(probes) >= len(_criteria_count(filters)) - 1
    assert all("COVERING INDEX" in step for step in probes), plan  # the other criteria: index only


def _criteria_count(filters: CaseloadFilter) -> list[str]:
    names = ["coach_id", "target_group"]
    return [n for n in names if getattr(filters, n) is not None] + (
        ["status"] if filters.statuses() is not None else [])


def test_counts_read_only_indexes(office: Office) -> None:
    service = office.service
    for filters in (CaseloadFilter(active=True), CaseloadFilter(coach_id="x", active=False),
                    CaseloadFilter(target_group=TargetGroup.YOUTH_ASSISTANCE, active=False),
                    CaseloadFilter(status=ParticipantStatus.REFERRED,
                                   target_group=TargetGroup.YOUTH_ASSISTANCE)):
        [plan] = _plans(office.store, partial(service.count, filters))
        steps = plan.split(" | ")
        assert len(steps) == len(_criteria_count(filters)), plan
        assert all("COVERING INDEX" in step for step in steps), plan


def test_a_removed_participant_is_in_no_filter(office: Office) -> None:
    assert office.service.count() == PEOPLE
    with office.store.session() as session:
        assert session.execute(text("SELECT count(*) FROM participant_index")).scalar() == PEOPLE


@pytest.mark.parametrize("query", ["berg", "anna", "mohammed", "ahmed", "bertil", "bergström"])
def test_a_shorter_list_of_best_matches_is_the_start_of_a_longer_one(office: Office, query: str) -> None:
    # Without filters, a ranked search first bounds the rank by the limit-th best; the list must be
    # exactly what ranking every match would give, ties at the cut-off in name order included.
    everything = [r.id for r in office.service.search(query, limit=PEOPLE)]
    assert len(everything) >= 4, query
    for limit in (1, 2, 3, len(everything) - 1):
        assert [r.id for r in office.service.search(query, limit=limit)] == everything[:limit]
