"""Pulled changes: per-field last writer wins, unsent local edits kept, nothing captured, and rows
leaving scope or erased taken out with everything bound to them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text, update

from coachdesk.models import Participant
from coachdesk.models.ids import uuid7
from coachdesk.models.store import Store
from coachdesk.services.participants import ParticipantService
from coachdesk.sync.client import SyncClient
from coachdesk.sync.conflicts import conflicts, dismiss_conflict
from tests.integration.sync.helpers import FakeServer, VaultTemplate, change, pretend_signed_in

OLD, NEW, NEWER = "000000000000100-00000-other", "009999999999999-00000-other", "009999999999999-00009-other"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplate:
    return VaultTemplate.make(tmp_path_factory.mktemp("apply-template") / "vault")


@pytest.fixture
def store(template: VaultTemplate, tmp_path: Path) -> Iterator[Store]:
    opened = template.store(tmp_path)
    pretend_signed_in(opened)
    yield opened
    opened.close()


def pull(store: Store, *pages: list[dict[str, Any]], reset: bool = False) -> FakeServer:
    server = FakeServer(pages=list(pages), reset=reset)
    SyncClient(store, transport=server.transport).sync()
    return server


def value(store: Store, sql: str, **params: Any) -> Any:
    with store.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def participant(store: Store, row_id: str, stamp: str, **fields: Any) -> dict[str, Any]:
    values = {"given_name": "Nadia", "family_name": "Warsame", "created_at": "2026-01-05T09:00:00",
              "gender": "woman", "status": "referred", "interpreter_needed": False, "coach_id": store.user_id,
              **fields}
    return change("participants", row_id, values, stamp, office_id=store.office_id)


def test_a_newer_stamp_wins_an_older_one_is_ignored_and_nothing_is_captured(store: Store) -> None:
    row_id = uuid7()
    pull(store, [participant(store, row_id, OLD, city="Krokom", birth_date="1990-04-01")])
    assert value(store, "SELECT city FROM participants WHERE id = :i", i=row_id) == "Krokom"
    assert ParticipantService(store).search("nadia")[0].id == row_id
    assert value(store, "SELECT count(*) FROM outbox WHERE row_id = :i", i=row_id) == 0

    pull(store, [participant(store, row_id, NEW, city="Östersund")])
    pull(store, [participant(store, row_id, OLD, city="Krokom")])  # late and old: ignored
    assert value(store, "SELECT city FROM participants WHERE id = :i", i=row_id) == "Östersund"
    base = value(store, "SELECT json_extract(base, '$.city') FROM field_clock WHERE row_id = :i", i=row_id)
    assert base == NEW
    assert value(store, "SELECT count(*) FROM outbox") == 0


def test_an_unsent_local_edit_keeps_its_value_until_the_server_answers(store: Store) -> None:
    row_id = uuid7()
    pull(store, [participant(store, row_id, OLD, city="Krokom")])
    with store.engine.begin() as conn:
        conn.execute(update(Participant).where(Participant.id == row_id).values(city="Kiruna"))
    # Someone else's newer edit arrives while this one is held up on the way.
    server = FakeServer(pages=[[participant(store, row_id, NEWER, city="Östersund", phone="1")]],
                        statuses={row_id: ("quarantined", "clock_skew")})
    SyncClient(store, transport=server.transport).sync()
    assert value(store, "SELECT city FROM participants WHERE id = :i", i=row_id) == "Kiruna"
    assert value(store, "SELECT phone FROM participants WHERE id = :i", i=row_id) == "1"  # not pending: taken
    [op] = server.bodies[0]["ops"]
    assert op["base"] == {"city": OLD}  # what the edit was made against, not the newer stamp


def test_a_projected_row_is_stored_with_neutral_values_for_what_was_not_sent(store: Store) -> None:
    row_id = uuid7()
    pull(store, [change("participants", row_id, {"given_name": "Nadia", "primary_language": "so"}, OLD,
                        office_id=store.office_id)])
    assert value(store, "SELECT family_name FROM participants WHERE id = :i", i=row_id) == ""
    assert value(store, "SELECT primary_language FROM participants WHERE id = :i", i=row_id) == "so"


def test_evicted_and_erased_rows_go_with_everything_bound_to_them(store: Store) -> None:
    service = ParticipantService(store)
    evicted, erased, kept = (service.create({"given_name": n, "family_name": "X"}) for n in ("A", "B", "C"))
    SyncClient(store, transport=FakeServer().transport).sync()
    with store.engine.begin() as conn:  # an unsent edit of the one about to be erased
        conn.execute(update(Participant).where(Participant.id == erased.id).values(city="Krokom"))
    pull(store, [change("participants", evicted.id, {}, OLD, office_id=store.office_id, kind="evict"),
                 change("participants", erased.id, {}, OLD, office_id=store.office_id, kind="erase")])
    for gone in (evicted.id, erased.id):
        assert value(store, "SELECT count(*) FROM participants WHERE id = :i", i=gone) == 0
        assert value(store, "SELECT count(*) FROM audit_events WHERE participant_id = :i", i=gone) == 0
        assert value(store, "SELECT count(*) FROM outbox WHERE row_id = :i", i=gone) == 0
        assert value(store, "SELECT count(*) FROM field_clock WHERE row_id = :i", i=gone) == 0
    assert value(store, "SELECT count(*) FROM participants WHERE id = :i", i=kept.id) == 1
    assert [r.id for r in service.search("c")] == [kept.id]


def conflict_record(store: Store, record_id: str, row_id: str, *, kind: str = "upsert") -> dict[str, Any]:
    fields: dict[str, Any] = {"table": "participants", "row_id": row_id, "field": "city", "fields": [],
              "winner_value": "Östersund", "winner_hlc": NEW, "winner_user_id": None, "winner_device_id": "x",
              "loser_value": "Krokom", "loser_hlc": OLD, "loser_user_id": None, "loser_device_id": "y",
              "detected_at": "2026-01-05T10:00:00"}
    return change("sync_conflicts", record_id, fields, NEW, office_id=store.office_id, kind=kind,
                  deleted=kind == "delete")


def test_conflict_records_arrive_and_their_tombstones_remove_them(store: Store) -> None:
    first, second, row_id = uuid7(), uuid7(), uuid7()
    pull(store, [conflict_record(store, first, row_id), conflict_record(store, second, row_id)])
    assert [(c.id, c.winner_value, c.loser_value) for c in conflicts(store)] == [
        (first, "Östersund", "Krokom"), (second, "Östersund", "Krokom")]
    dismiss_conflict(store, second)
    assert [c.id for c in conflicts(store)] == [first]
    # The dismissal is held up on the way; a copy of the record arriving meanwhile does not revive it.
    server = FakeServer(pages=[[conflict_record(store, first, row_id, kind="delete"),
                                conflict_record(store, second, row_id)]],
                        statuses={second: ("quarantined", "clock_skew")})
    SyncClient(store, transport=server.transport).sync()
    [dismissal] = server.bodies[0]["ops"]
    assert (dismissal["table"], dismissal["row_id"]) == ("sync_conflicts", second)
    assert dismissal["kind"] == "delete"
    assert conflicts(store) == []
    pull(store, [])  # the dismissal goes through
    assert value(store, "SELECT count(*) FROM conflict_records") == 0


def test_a_reset_drops_what_was_not_received_again_but_keeps_unsent_rows(store: Store) -> None:
    again, dropped = uuid7(), uuid7()
    pull(store, [participant(store, again, OLD), participant(store, dropped, OLD)])
    unsent = ParticipantService(store).create({"given_name": "Omar", "family_name": "Ali"})
    server = FakeServer(pages=[[participant(store, again, OLD)], []], reset=True,
                        statuses={unsent.id: ("quarantined", "clock_skew")})
    SyncClient(store, transport=server.transport).sync()
    assert server.bodies[1]["cursor"] == "c1"
    assert value(store, "SELECT count(*) FROM participants WHERE id = :i", i=again) == 1
    assert value(store, "SELECT count(*) FROM participants WHERE id = :i", i=dropped) == 0
    assert value(store, "SELECT count(*) FROM participants WHERE id = :i", i=unsent.id) == 1
    assert value(store, "SELECT count(*) FROM pull_seen") == 0
