"""Pulling: paged by cursor, scoped, with tombstones, evictions when a row leaves a device's scope,
erasure, and a fresh start when the user's scope changes or the server went back in time."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, func, select, update

from coachdesk.server import accounts
from coachdesk.server.context import ServerContext
from coachdesk.server.tables import (
    audit_log,
    erasure_receipts,
    sync_counter,
    sync_exits,
    sync_quarantine,
    sync_rows,
)
from coachdesk.sync.protocol import CONFLICTS_TABLE, Change
from tests.integration.server.helpers import (
    PASSWORD,
    Device,
    TestClient,
    World,
    everything,
    login,
    new_employer,
    new_goal,
    new_journal,
    new_participant,
    new_session,
    statuses,
)


def keyed(changes: list[Change]) -> list[tuple[str, str, str]]:
    return [(c.kind.value, c.table, c.row_id) for c in changes]


def rows_in_store(engine: Engine, **where: Any) -> int:
    query = select(func.count()).select_from(sync_rows)
    for column, value in where.items():
        query = query.where(sync_rows.c[column] == value)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def test_paging_by_cursor_delivers_every_row_exactly_once(client: TestClient,
                                                          devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    ops = [new_employer(anna, name=f"Employer {n}") for n in range(23)]
    anna.sync(ops, keep_cursor=False)
    reader = login(client, "anna")

    pages = []
    while True:
        answer = reader.sync(limit=5)
        pages.append(answer)
        if not answer.has_more:
            break

    assert [len(p.changes) for p in pages[:-1]] == [5] * (len(pages) - 1) and len(pages[-1].changes) <= 5
    got = [c.row_id for p in pages for c in p.changes if c.table == "employers"]
    assert sorted(got) == sorted(op["row_id"] for op in ops) and len(got) == len(set(got))
    assert reader.sync().changes == []  # nothing new since the last cursor


def test_a_cursor_this_server_did_not_give_out_is_refused(devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    for cursor in ("not-a-cursor", "W10", "eyJ4IjoxfQ", "WzEsLTEsMSwiIiwiIiwieCJd" + "!"):
        response = anna.post({**anna.body(), "cursor": cursor})
        assert response.status_code == 400, cursor
        assert response.json()["error"]["code"] == "invalid_cursor"


def test_a_tombstone_reaches_the_other_devices_with_its_scope(client: TestClient,
                                                             devices: dict[str, Device]) -> None:
    anna, sara = devices["anna"], devices["sara"]
    participant = new_participant(anna)
    goal = new_goal(anna, participant["row_id"])
    anna.sync([participant, goal])
    sara.pull_all()

    anna.sync([anna.op("goals", goal["row_id"], "delete")])

    [tombstone] = [c for c in sara.pull_all() if c.table == "goals"]  # sara only pulls
    assert (tombstone.kind.value, tombstone.deleted) == ("delete", True)
    assert tombstone.fields["participant_id"] == participant["row_id"]
    assert ("delete", "goals", goal["row_id"]) in keyed(everything(client, "anna"))


def test_a_participant_handed_to_another_coach_leaves_the_first_and_arrives_whole_at_the_second(
        client: TestClient, devices: dict[str, Device], world: World) -> None:
    anna, bert = devices["anna"], devices["bert"]
    participant = new_participant(anna)
    pid = participant["row_id"]
    goal, entry = new_goal(anna, pid), new_journal(anna, pid)
    anna.sync([participant, goal, entry])
    bert.pull_all()  # bert's cursor is now past the participant's rows
    anna.pull_all()

    answer = anna.sync([anna.op("participants", pid, coach_id=world.users["bert"])])

    assert statuses(answer) == [("applied", None)]
    anna.pull_all()
    assert ("evict", "participants", pid) in keyed(anna.received)
    arrived = keyed(bert.pull_all())
    for table, row_id in (("participants", pid), ("goals", goal["row_id"]),
                          ("journal_entries", entry["row_id"])):
        assert ("upsert", table, row_id) in arrived
    assert ("upsert", "participants", pid) not in keyed(everything(client, "anna"))
    # Anna can no longer change what is not hers: it looks as if it does not exist.
    assert statuses(anna.sync([anna.op("goals", goal["row_id"], title="x")])) == [("rejected", "not_found")]


def test_handing_back_and_forth_ends_with_the_rows_where_they_belong(
        client: TestClient, devices: dict[str, Device], world: World) -> None:
    anna, bert = devices["anna"], devices["bert"]
    participant = new_participant(anna)
    pid = participant["row_id"]
    anna.sync([participant, new_goal(anna, pid)])
    anna.pull_all()

    anna.sync([anna.op("participants", pid, coach_id=world.users["bert"])])
    bert.pull_all()
    bert.sync([bert.op("participants", pid, coach_id=world.users["anna"])])
    anna.pull_all()

    pulled = keyed(anna.received)
    evicted_at = pulled.index(("evict", "participants", pid))
    assert ("upsert", "participants", pid) in pulled[evicted_at:]  # back again, after the eviction
    assert ("evict", "participants", pid) in keyed(bert.received)


def test_an_interpreter_sees_their_sessions_and_three_fields_of_the_participant(
        client: TestClient, devices: dict[str, Device], world: World) -> None:
    anna, tove = devices["anna"], devices["tove"]
    participant = new_participant(anna, personnummer="19900101-1234", primary_language="ti",
                                  interpreter_language="ti", social_situation="Financial assistance")
    other = new_participant(anna, given_name="Not booked")
    session = new_session(anna, participant["row_id"], world.users["tove"])
    anna.sync([participant, other, new_goal(anna, participant["row_id"]), session])

    pulled = tove.pull_all()

    assert sorted((c.table, c.row_id) for c in pulled) == sorted([
        ("participants", participant["row_id"]), ("interpreter_sessions", session["row_id"])])
    person = next(c for c in pulled if c.table == "participants")
    assert person.fields == {"given_name": "Ada", "primary_language": "ti", "interpreter_language": "ti"}
    assert set(person.field_hlc) <= {"given_name", "primary_language", "interpreter_language", "deleted"}


def test_a_session_booked_later_brings_the_participant_along(
        client: TestClient, devices: dict[str, Device], world: World) -> None:
    anna, tove = devices["anna"], devices["tove"]
    participant = new_participant(anna, primary_language="so")
    anna.sync([participant])
    assert tove.pull_all() == []

    anna.sync([new_session(anna, participant["row_id"], world.users["tove"])])

    assert ("upsert", "participants", participant["row_id"]) in keyed(tove.pull_all())


def test_a_session_given_to_another_interpreter_is_evicted_with_the_participant(
        client: TestClient, ctx: ServerContext, devices: dict[str, Device], world: World) -> None:
    accounts.add_user(ctx, username="ines", password=PASSWORD, role="interpreter", office="Krokom")
    anna, tove = devices["anna"], devices["tove"]
    ines = login(client, "ines")
    participant = new_participant(anna)
    pid = participant["row_id"]
    kept, moved = (new_session(anna, pid, world.users["tove"]) for _ in range(2))
    anna.sync([participant, kept, moved])
    tove.pull_all()
    anna.pull_all()

    anna.sync([anna.op("interpreter_sessions", moved["row_id"], interpreter_id=ines.user_id)])
    first = keyed(tove.pull_all())
    anna.sync([anna.op("interpreter_sessions", kept["row_id"], "delete")])
    second = keyed(tove.pull_all())  # tove only pulls, so what she pulls is all she gets

    assert ("evict", "interpreter_sessions", moved["row_id"]) in first
    assert ("evict", "participants", pid) not in first  # another live session still needs them
    assert ("delete", "interpreter_sessions", kept["row_id"]) in second
    assert ("evict", "participants", pid) in second
    assert {("interpreter_sessions", moved["row_id"]), ("participants", pid)} <= {
        (c.table, c.row_id) for c in ines.pull_all()}


def test_erasure_removes_the_participant_everywhere_and_leaves_a_receipt(
        client: TestClient, devices: dict[str, Device], engine: Engine, world: World) -> None:
    anna, laptop2, sara, tove, cleo = (devices["anna"], login(client, "anna"), devices["sara"],
                                       devices["tove"], devices["cleo"])
    participant = new_participant(anna, given_name="Erasable")
    pid = participant["row_id"]
    goal = new_goal(anna, pid)
    rating_parent = anna.op("assessments", participant_id=pid, assessed_on="2026-02-01")
    rating = anna.op("assessment_ratings", assessment_id=rating_parent["row_id"], dimension="swedish")
    anna.sync([participant, goal, rating_parent, rating, new_session(anna, pid, world.users["tove"])])
    laptop2.pull_all()
    laptop2.sync([laptop2.op("participants", pid, city="Krokom")])
    anna.sync([anna.op("participants", pid, city="Östersund", base={})])  # a conflict record
    future = anna.op("participants", pid, city="Later", hlc="999999999999999-00000-" + anna.device_id)
    anna.sync([future])  # quarantined, held aside
    for device in (sara, tove, cleo):
        device.pull_all()
    assert rows_in_store(engine, participant_id=pid) >= 6

    answer = anna.sync([anna.op("participants", pid, "erase")])

    assert statuses(answer) == [("applied", None)]
    assert rows_in_store(engine, participant_id=pid) == 0
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(sync_quarantine)).scalar_one() == 0
        receipt = conn.execute(select(erasure_receipts)).one()
        store_text = json.dumps([list(r) for r in conn.execute(select(sync_rows))], default=str)
    assert (receipt.participant_id, receipt.erased_by, receipt.device_id) == (
        pid, anna.user_id, anna.device_id)
    assert json.loads(receipt.tables)["participants"] == 1 and receipt.rows_erased >= 6
    assert "Erasable" not in store_text and "Östersund" not in store_text
    for device in (sara, tove, laptop2):
        device.pull_all()
        assert ("erase", "participants", pid) in keyed(device.received)
    cleo.pull_all()
    assert all(c.row_id != pid for c in cleo.received)  # another office hears nothing
    assert [c.kind.value for c in everything(client, "sara") if c.row_id == pid] == ["erase"]
    # Nothing about the person is accepted again, from any device.
    again = laptop2.sync([laptop2.op("participants", pid, city="Krokom"), new_goal(laptop2, pid),
                          laptop2.op("goals", goal["row_id"], title="x")])
    assert statuses(again) == [("rejected", "erased"), ("rejected", "erased"), ("rejected", "not_found")]


def test_only_the_coach_of_the_participant_or_a_supervisor_may_erase(
        client: TestClient, devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    first, second = new_participant(anna), new_participant(anna)
    anna.sync([first, second])

    refused = [devices[name].sync([devices[name].op("participants", first["row_id"], "erase")])
               for name in ("bert", "tove", "cleo", "saga")]
    by_supervisor = devices["sara"].sync([devices["sara"].op("participants", second["row_id"], "erase")])

    assert [statuses(a) for a in refused] == [[("rejected", "not_found")], [("rejected", "forbidden")],
                                              [("rejected", "not_found")], [("rejected", "not_found")]]
    assert statuses(by_supervisor) == [("applied", None)]


def test_a_role_change_makes_the_next_pull_start_again(client: TestClient, ctx: ServerContext,
                                                       devices: dict[str, Device]) -> None:
    anna, bert = devices["anna"], devices["bert"]
    anna.sync([new_participant(anna)])
    bert.pull_all()

    accounts.set_role(ctx, "bert", "supervisor")
    answer = bert.sync()

    assert answer.reset
    assert "participants" in {c.table for c in answer.changes}  # all of the office, from the start
    assert not bert.sync().reset


def test_a_cursor_ahead_of_the_server_starts_again(devices: dict[str, Device], engine: Engine) -> None:
    anna = devices["anna"]
    anna.sync([new_employer(anna)])
    anna.pull_all()
    with engine.begin() as conn:  # as after restoring an older backup
        conn.execute(update(sync_counter).values(value=1))

    answer = anna.sync()

    assert answer.reset and "employers" in {c.table for c in answer.changes}


def test_conflict_records_reach_only_those_who_see_the_row_and_can_be_dismissed(
        client: TestClient, devices: dict[str, Device], engine: Engine) -> None:
    anna, sara, bert, tove = devices["anna"], devices["sara"], devices["bert"], devices["tove"]
    laptop2 = login(client, "anna")
    participant = new_participant(anna)
    pid = participant["row_id"]
    anna.sync([participant])
    laptop2.pull_all()
    anna.sync([anna.op("participants", pid, phone="1")])
    laptop2.sync([laptop2.op("participants", pid, phone="2")])

    anna.pull_all()
    [record] = [c for c in anna.received if c.table == CONFLICTS_TABLE]
    assert record.row_id in {c.row_id for c in sara.pull_all()}
    assert all(c.table != CONFLICTS_TABLE for c in bert.pull_all() + tove.pull_all())

    answer = anna.sync([anna.op(CONFLICTS_TABLE, record.row_id, "delete")])

    assert statuses(answer) == [("applied", None)]
    laptop2.pull_all()
    assert ("delete", CONFLICTS_TABLE, record.row_id) in keyed(laptop2.received)
    assert statuses(bert.sync([bert.op(CONFLICTS_TABLE, record.row_id, "delete")])) == [
        ("rejected", "not_found")]


def test_every_sync_is_audited_with_ids_and_counts_only(devices: dict[str, Device], engine: Engine) -> None:
    anna = devices["anna"]
    participant = new_participant(anna, given_name="Zebulon", personnummer="19900101-1234")

    anna.sync([participant, new_goal(anna, participant["row_id"])])

    with engine.connect() as conn:
        entries = conn.execute(select(audit_log).where(audit_log.c.device_id == anna.device_id)
                               .order_by(audit_log.c.id)).all()
    push, pull = [e for e in entries if e.action in ("push", "pull")][-2:]
    assert (push.action, pull.action) == ("push", "pull")
    assert push.account_id == anna.user_id and json.loads(push.counts)["applied"] == 2
    assert participant["row_id"] in json.loads(push.row_ids)
    assert json.loads(pull.participant_ids) == [participant["row_id"]]
    text = json.dumps([list(e) for e in entries], default=str)
    assert "Zebulon" not in text and "19900101" not in text


def test_exits_hold_ids_only(devices: dict[str, Device], engine: Engine, world: World) -> None:
    anna = devices["anna"]
    participant = new_participant(anna, given_name="Quillon")
    anna.sync([participant])
    anna.sync([anna.op("participants", participant["row_id"], coach_id=world.users["bert"])])
    with engine.connect() as conn:
        exits = conn.execute(select(sync_exits)).all()
    assert [(e.user_id, e.table_name, e.row_id, e.kind) for e in exits] == [
        (anna.user_id, "participants", participant["row_id"], "evict")]
