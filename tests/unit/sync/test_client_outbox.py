"""Batches: coalesced per row, parents first, stored before they are sent, and acknowledged exactly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, text, update

from coachdesk.models import AuditEvent, Participant
from coachdesk.models.ids import uuid7
from coachdesk.models.store import Store
from coachdesk.services.participants import ParticipantService
from coachdesk.sync import session_state
from coachdesk.sync.client import SyncClient
from coachdesk.sync.conflicts import rejections
from tests.integration.sync.helpers import FakeServer, VaultTemplate, pretend_signed_in


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplate:
    return VaultTemplate.make(tmp_path_factory.mktemp("client-template") / "vault")


@pytest.fixture
def store(template: VaultTemplate, tmp_path: Path) -> Iterator[Store]:
    opened = template.store(tmp_path)
    pretend_signed_in(opened)
    yield opened
    opened.close()


def client(store: Store, server: FakeServer, **options: Any) -> SyncClient:
    return SyncClient(store, transport=server.transport, sleep=lambda _s: None, **options)


def ops_of(server: FakeServer, n: int = 0) -> list[dict[str, Any]]:
    ops: list[dict[str, Any]] = server.bodies[n]["ops"]
    return ops


def pending(store: Store) -> list[tuple[str, str, str]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT tbl, row_id, field FROM outbox ORDER BY seq"))]


def test_a_new_row_goes_whole_and_later_edits_coalesce_into_it(store: Store) -> None:
    made = ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    with store.engine.begin() as conn:
        conn.execute(update(Participant).where(Participant.id == made.id).values(city="Krokom"))
        conn.execute(update(Participant).where(Participant.id == made.id).values(city="Östersund"))
        stamps: dict[str, str] = dict(conn.execute(text(
            "SELECT field, max(hlc) FROM outbox WHERE row_id = :i GROUP BY field"), {"i": made.id}).all())
    server = FakeServer()
    summary = client(store, server).sync()
    [op] = [op for op in ops_of(server) if op["table"] == "participants"]
    assert op["kind"] == "upsert" and op["base"] == {}
    assert op["changes"]["city"] == {"value": "Östersund", "hlc": stamps["city"]}
    assert op["changes"]["given_name"]["hlc"] == stamps["*"] < stamps["city"]
    assert op["changes"]["deleted"]["value"] is False
    assert op["changes"]["created_at"]["value"].startswith("20")
    assert "id" not in op["changes"] and "office_id" not in op["changes"]
    assert summary.pushed == 2 and summary.round_trips == 1 and pending(store) == []


def test_an_edit_carries_the_base_it_was_made_against(store: Store) -> None:
    made = ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    client(store, FakeServer()).sync()
    seen = "000000000000100-00000-server"
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE field_clock SET base = :b WHERE row_id = :i"),
                     {"b": f'{{"city": "{seen}"}}', "i": made.id})
        conn.execute(update(Participant).where(Participant.id == made.id).values(city="Krokom"))
        conn.execute(text("UPDATE field_clock SET base = :b WHERE row_id = :i"),  # a pull in between
                     {"b": '{"city": "000000000000200-00000-server"}', "i": made.id})
        conn.execute(update(Participant).where(Participant.id == made.id).values(city="Östersund"))
    server = FakeServer()
    client(store, server).sync()
    [op] = ops_of(server)
    assert op["changes"].keys() == {"city"} and op["base"] == {"city": seen}


def test_parents_go_first_even_without_a_foreign_key(store: Store) -> None:
    person = uuid7()
    with store.engine.begin() as conn:  # the audit event is written (and queued) before its participant
        conn.execute(insert(AuditEvent), [{
            "id": uuid7(), "updated_hlc": "", "deleted": False, "office_id": store.office_id,
            "at": dt.datetime(2026, 1, 5), "action": "create", "entity": "participant",
            "participant_id": person}])
        conn.execute(insert(Participant), [{
            "id": person, "updated_hlc": "", "deleted": False, "office_id": store.office_id,
            "given_name": "A", "family_name": "B", "gender": "woman", "interpreter_needed": False,
            "status": "referred", "created_at": dt.datetime(2026, 1, 5)}])
    server = FakeServer()
    client(store, server).sync()
    assert [op["table"] for op in ops_of(server)] == ["participants", "audit_events"]


def test_tombstones_are_delete_ops_and_a_row_made_and_deleted_offline_sends_both(store: Store) -> None:
    service = ParticipantService(store)
    known = service.create({"given_name": "Nadia", "family_name": "Warsame"})
    client(store, FakeServer()).sync()
    offline = service.create({"given_name": "Omar", "family_name": "Ali"})
    service.delete(known.id)
    service.delete(offline.id)
    server = FakeServer()
    client(store, server).sync()
    by_row = [(op["row_id"], op["kind"]) for op in ops_of(server) if op["table"] == "participants"]
    assert [kind for row, kind in by_row if row == known.id] == ["delete"]
    assert [kind for row, kind in by_row if row == offline.id] == ["upsert", "delete"]
    [deleting] = [op for op in ops_of(server) if op["row_id"] == known.id]
    assert deleting["changes"].keys() == {"deleted"} and deleting["changes"]["deleted"]["value"] is True
    assert "given_name" in deleting["base"]  # every field this device knew, as the protocol asks
    upsert = next(op for op in ops_of(server) if op["row_id"] == offline.id)
    assert "deleted" not in upsert["changes"] and upsert["changes"]["given_name"]["value"] == "Omar"


def test_the_batch_is_stored_before_it_is_sent(store: Store) -> None:
    ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    stored: list[str | None] = []

    def check(body: dict[str, Any]) -> None:
        with store.engine.connect() as conn:
            stored.append(session_state.read_one(conn, session_state.BATCH))

    server = FakeServer(during=check)
    client(store, server).sync()
    assert stored[0] is not None and server.bodies[0]["batch_id"] in stored[0]
    with store.engine.connect() as conn:
        assert session_state.read_one(conn, session_state.BATCH) is None


def test_writes_made_while_a_batch_is_on_the_wire_stay_for_the_next(store: Store) -> None:
    made = ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})

    def edit(body: dict[str, Any]) -> None:
        if len(server.bodies) == 1:
            with store.engine.begin() as conn:
                conn.execute(update(Participant).where(Participant.id == made.id).values(city="Krokom"))

    server = FakeServer(during=edit)
    summary = client(store, server).sync()
    assert summary.round_trips == 2 and pending(store) == []
    [later] = ops_of(server, 1)
    assert later["row_id"] == made.id and later["changes"].keys() == {"city"}


def test_a_batch_holds_at_most_max_ops(store: Store) -> None:
    service = ParticipantService(store)
    for n in range(5):
        service.create({"given_name": f"P{n}", "family_name": "Lind"})
    server = FakeServer()
    summary = client(store, server, max_ops=4).sync()
    assert [len(body["ops"]) for body in server.bodies] == [4, 4, 2]
    assert summary.pushed == 10 and pending(store) == []


def test_refused_ops_are_kept_for_the_user_and_held_ones_stay_queued(store: Store) -> None:
    service = ParticipantService(store)
    refused = service.create({"given_name": "Nadia", "family_name": "Warsame"})
    server = FakeServer(statuses={refused.id: ("rejected", "forbidden")})
    summary = client(store, server).sync()
    assert summary.rejected == 1 and summary.pending == 0
    [rejection] = rejections(store)
    assert (rejection.table, rejection.row_id, rejection.reason) == ("participants", refused.id, "forbidden")

    held = service.create({"given_name": "Omar", "family_name": "Ali"})
    with store.engine.connect() as conn:
        event = conn.execute(text("SELECT id FROM audit_events WHERE participant_id = :p"),
                             {"p": held.id}).scalar_one()
    server = FakeServer(statuses={held.id: ("quarantined", "clock_skew"), event: ("rejected", "not_found")})
    summary = client(store, server).sync()
    # Its audit event (not found: its participant was held aside) waits with it; nothing is lost.
    assert summary.quarantined == 2 and summary.rejected == 0 and len(server.bodies) == 1
    assert {row for _t, row, _f in pending(store)} == {held.id, event}
    assert len(rejections(store)) == 1
