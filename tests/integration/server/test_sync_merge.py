"""Pushing ops: per-field last writer wins, conflicts kept for a person, append-only tables, idempotent
batches, validation with reason codes, quarantine of clocks running ahead."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from coachdesk.models.hlc import Timestamp
from coachdesk.models.ids import uuid7
from coachdesk.server.tables import sync_quarantine, sync_rows
from coachdesk.sync.protocol import CONFLICTS_TABLE, Change
from tests.integration.server.helpers import (
    Device,
    TestClient,
    everything,
    login,
    new_employer,
    new_goal,
    new_journal,
    new_participant,
    statuses,
)


def stored(engine: Engine, table: str, row_id: str) -> Any:
    with engine.connect() as conn:
        return conn.execute(select(sync_rows).where(sync_rows.c.table_name == table,
                                                    sync_rows.c.row_id == row_id)).first()


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(sync_rows)
                                .where(sync_rows.c.table_name == table)).scalar_one())


def changes_of(changes: list[Change], table: str) -> list[Change]:
    return [c for c in changes if c.table == table]


def test_a_new_row_is_applied_and_reaches_another_device_of_the_same_coach(
        client: TestClient, devices: dict[str, Device]) -> None:
    laptop, desktop = devices["anna"], login(client, "anna")
    op = new_participant(laptop, given_name="Ayaan", dreams="Drive a bus")

    assert statuses(laptop.sync([op])) == [("applied", None)]

    got = changes_of(desktop.pull_all(), "participants")
    assert [(c.row_id, c.kind.value, c.fields["given_name"], c.fields["dreams"]) for c in got] == [
        (op["row_id"], "upsert", "Ayaan", "Drive a bus")]
    assert got[0].field_hlc["given_name"] == op["changes"]["given_name"]["hlc"]


def test_edits_of_different_fields_on_two_devices_both_survive_without_conflict(
        client: TestClient, devices: dict[str, Device]) -> None:
    laptop, desktop = devices["anna"], login(client, "anna")
    op = new_participant(laptop)
    laptop.sync([op])
    desktop.pull_all()
    pid = op["row_id"]

    first = laptop.sync([laptop.op("participants", pid, phone="070-111 22 33")])
    second = desktop.sync([desktop.op("participants", pid, city="Krokom")])

    assert statuses(first) == statuses(second) == [("applied", None)]
    pulled = everything(client, "anna")
    latest = changes_of(pulled, "participants")[-1]
    assert (latest.fields["phone"], latest.fields["city"]) == ("070-111 22 33", "Krokom")
    assert changes_of(pulled, CONFLICTS_TABLE) == []


def test_the_same_field_changed_on_both_sides_is_a_conflict_keeping_both_values(
        client: TestClient, devices: dict[str, Device]) -> None:
    laptop, desktop = devices["anna"], login(client, "anna", device_name="desktop")
    op = new_participant(laptop)
    laptop.sync([op])
    desktop.pull_all()
    pid = op["row_id"]
    first = laptop.op("participants", pid, phone="070-1")
    later = desktop.op("participants", pid, phone="070-2")
    assert later["changes"]["phone"]["hlc"] > first["changes"]["phone"]["hlc"]

    assert statuses(laptop.sync([first])) == [("applied", None)]
    assert statuses(desktop.sync([later])) == [("conflict", None)]

    pulled = everything(client, "anna")
    assert changes_of(pulled, "participants")[-1].fields["phone"] == "070-2"  # the later write won
    [record] = changes_of(pulled, CONFLICTS_TABLE)
    fields = record.fields
    assert (fields["table"], fields["row_id"], fields["field"]) == ("participants", pid, "phone")
    assert (fields["winner_value"], fields["loser_value"]) == ("070-2", "070-1")
    assert (fields["winner_device_id"], fields["loser_device_id"]) == (desktop.device_id, laptop.device_id)
    assert fields["winner_user_id"] == fields["loser_user_id"] == laptop.user_id
    assert (fields["winner_hlc"], fields["loser_hlc"]) == (later["changes"]["phone"]["hlc"],
                                                            first["changes"]["phone"]["hlc"])
    assert dt.datetime.fromisoformat(str(fields["detected_at"]))


def test_an_older_concurrent_write_loses_but_is_kept_in_the_conflict_record(
        client: TestClient, devices: dict[str, Device]) -> None:
    laptop, desktop = devices["anna"], login(client, "anna")
    op = new_participant(laptop)
    laptop.sync([op])
    desktop.pull_all()
    pid = op["row_id"]
    newer = laptop.op("participants", pid, city="Östersund")
    # The desktop's clock is behind: its edit, made offline, carries an older stamp.
    wall = Timestamp.decode(newer["changes"]["city"]["hlc"]).wall_ms - 60_000
    older = desktop.op("participants", pid, city="Krokom", hlc=Timestamp(wall, 0, desktop.device_id).encode())

    laptop.sync([newer])
    assert statuses(desktop.sync([older])) == [("conflict", None)]

    pulled = everything(client, "anna")
    assert changes_of(pulled, "participants")[-1].fields["city"] == "Östersund"
    [record] = changes_of(pulled, CONFLICTS_TABLE)
    assert (record.fields["winner_value"], record.fields["loser_value"]) == ("Östersund", "Krokom")


def test_the_same_value_written_on_both_sides_is_no_conflict(
        client: TestClient, devices: dict[str, Device]) -> None:
    laptop, desktop = devices["anna"], login(client, "anna")
    op = new_participant(laptop)
    laptop.sync([op])
    desktop.pull_all()
    pid = op["row_id"]

    laptop.sync([laptop.op("participants", pid, city="Krokom")])
    assert statuses(desktop.sync([desktop.op("participants", pid, city="Krokom")])) == [("applied", None)]


@pytest.mark.parametrize("delete_first", [True, False], ids=["delete-then-edit", "edit-then-delete"])
def test_a_delete_racing_an_edit_is_a_conflict_and_the_row_stays_deleted_with_the_edit(
        client: TestClient, devices: dict[str, Device], delete_first: bool) -> None:
    laptop, desktop = devices["anna"], login(client, "anna")
    participant = new_participant(laptop)
    goal = new_goal(laptop, participant["row_id"])
    laptop.sync([participant, goal])
    desktop.pull_all()
    deleting = laptop.op("goals", goal["row_id"], "delete")
    editing = desktop.op("goals", goal["row_id"], title="Truck licence")

    if delete_first:
        first, second = laptop.sync([deleting]), desktop.sync([editing])
    else:
        first, second = desktop.sync([editing]), laptop.sync([deleting])

    assert statuses(first) == [("applied", None)]
    assert statuses(second) == [("conflict", None)]
    pulled = everything(client, "anna")
    final = changes_of(pulled, "goals")[-1]
    assert final.deleted and final.kind.value == "delete"
    assert final.fields["title"] == "Truck licence"  # kept on the tombstone, so it can be restored
    [record] = changes_of(pulled, CONFLICTS_TABLE)
    assert (record.fields["field"], record.fields["winner_value"], record.fields["loser_value"]) == (
        "deleted", True, False)
    assert record.fields["fields"] == ["title"]


def test_a_deleted_row_can_be_restored(client: TestClient, devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    participant = new_participant(anna)
    anna.sync([participant])
    anna.sync([anna.op("participants", participant["row_id"], "delete")])
    anna.pull_all()

    answer = anna.sync([anna.op("participants", participant["row_id"], deleted=False)])

    assert statuses(answer) == [("applied", None)]
    assert not changes_of(everything(client, "anna"), "participants")[-1].deleted


def test_journal_entries_are_append_only_and_never_conflict(
        client: TestClient, devices: dict[str, Device], engine: Engine) -> None:
    laptop, desktop = devices["anna"], login(client, "anna")
    participant = new_participant(laptop)
    entry = new_journal(laptop, participant["row_id"], "First meeting.")
    laptop.sync([participant, entry])
    desktop.pull_all()

    resent = laptop.sync([entry])  # the same op again (its batch was lost): nothing new
    changed = desktop.sync([desktop.op("journal_entries", entry["row_id"], body="Rewritten.")])
    deleted = desktop.sync([desktop.op("journal_entries", entry["row_id"], "delete")])

    assert statuses(resent) == [("applied", None)]
    assert statuses(changed) == statuses(deleted) == [("rejected", "append_only")]
    assert '"First meeting."' in stored(engine, "journal_entries", entry["row_id"]).data
    assert count(engine, CONFLICTS_TABLE) == 0


def test_activities_merge_by_last_writer_without_conflict_records(
        client: TestClient, devices: dict[str, Device], engine: Engine) -> None:
    laptop, desktop = devices["anna"], login(client, "anna")
    participant = new_participant(laptop)
    activity = laptop.op("activities", participant_id=participant["row_id"], kind="coaching",
                         iso_year=2026, iso_week=6)
    laptop.sync([participant, activity])
    desktop.pull_all()

    laptop.sync([laptop.op("activities", activity["row_id"], status="done")])
    answer = desktop.sync([desktop.op("activities", activity["row_id"], status="missed")])

    assert statuses(answer) == [("applied", None)]
    assert count(engine, CONFLICTS_TABLE) == 0
    assert changes_of(everything(client, "anna"), "activities")[-1].fields["status"] == "missed"


def test_a_resent_batch_gets_the_stored_answer_and_is_not_applied_again(
        client: TestClient, devices: dict[str, Device], engine: Engine) -> None:
    laptop, desktop = devices["anna"], login(client, "anna")
    participant = new_participant(laptop)
    laptop.sync([participant])
    desktop.pull_all()
    pid = participant["row_id"]
    desktop.sync([desktop.op("participants", pid, phone="070-2")])
    batch = str(uuid.uuid4())
    conflicting = [laptop.op("participants", pid, phone="070-1")]
    first = laptop.sync(conflicting, batch_id=batch)
    desktop.sync([desktop.op("participants", pid, phone="070-3")])  # would conflict again if re-applied
    seq_before = stored(engine, "participants", pid).server_seq
    conflicts_before = count(engine, CONFLICTS_TABLE)

    again = laptop.sync(conflicting, batch_id=batch)

    assert again.results == first.results and statuses(again) == [("conflict", None)]
    assert count(engine, CONFLICTS_TABLE) == conflicts_before
    assert stored(engine, "participants", pid).server_seq == seq_before
    assert '"070-3"' in stored(engine, "participants", pid).data


def test_a_batch_id_reused_for_other_ops_is_refused(client: TestClient, devices: dict[str, Device],
                                                     engine: Engine) -> None:
    anna = devices["anna"]
    batch = str(uuid.uuid4())
    anna.sync([new_employer(anna)], batch_id=batch)

    other = new_employer(anna, name="Another AB")
    response = anna.post(anna.body([other], batch_id=batch))

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "batch_mismatch"
    assert stored(engine, "employers", other["row_id"]) is None


def _bad_ops(anna: Device, pid: str) -> list[tuple[dict[str, Any], str]]:
    op = anna.op
    return [
        (op("no_such_table", name="x"), "unknown_table"),
        (op("participants", pid, favourite_colour="blue"), "unknown_field"),
        (op("participants", pid, office_id=str(uuid.uuid4())), "read_only_field"),
        (op("participants", pid, updated_hlc="x"), "read_only_field"),
        (op("participants", pid, arrival_year="2015"), "bad_type"),
        (op("participants", pid, arrival_year=True), "bad_type"),
        (op("participants", pid, arrival_year=2**70), "bad_value"),
        (op("participants", pid, interpreter_needed="yes"), "bad_type"),
        (op("participants", pid, given_name="x" * 201), "too_long"),
        (op("participants", pid, given_name="A\x00B"), "bad_value"),
        (op("participants", pid, birth_date="1990-02-30"), "bad_value"),
        (op("participants", pid, birth_date="19900101"), "bad_value"),
        (op("participants", pid, created_at="yesterday"), "bad_value"),
        (op("participants", pid, gender="female"), "bad_value"),
        (op("participants", pid, gender=None), "not_null"),
        (op("participants", pid, given_name=["Ada"]), "bad_type"),
        (op("employers", name=None), "not_null"),
        (op("employers", sector="Construction"), "missing_field"),
        (op("attachments", participant_id=pid, filename="cv.pdf", mime_type="application/pdf", size=3,
            content="not base64!", added_at="2026-01-01T00:00:00"), "bad_value"),
        (op("participants", pid, deleted=True), "bad_op"),
        (op("participants", pid), "bad_op"),
        ({**op("participants", pid, "delete"), "changes": {}}, "bad_op"),
        (op("employers", str(uuid.uuid4()), "erase"), "bad_op"),
        (op("participants", pid, base={"favourite_colour": None}, city="Krokom"), "unknown_field"),
        (op(CONFLICTS_TABLE, str(uuid.uuid4()), resolved=True), "bad_op"),
    ]


def test_bad_ops_are_rejected_with_a_reason_and_the_rest_of_the_batch_applies(
        devices: dict[str, Device], engine: Engine) -> None:
    anna = devices["anna"]
    participant = new_participant(anna)
    anna.sync([participant])
    pid = participant["row_id"]
    before = stored(engine, "participants", pid)
    bad = _bad_ops(anna, pid)
    good = new_employer(anna)

    answer = anna.sync([op for op, _reason in bad] + [good])

    assert statuses(answer) == [("rejected", reason) for _op, reason in bad] + [("applied", None)]
    after = stored(engine, "participants", pid)
    assert (after.data, after.field_hlc, after.server_seq) == (
        before.data, before.field_hlc, before.server_seq)
    assert count(engine, "employers") == 1 and count(engine, "attachments") == 0


def test_values_are_normalised_dates_times_and_binary(client: TestClient, devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    participant = new_participant(anna, created_at="2026-01-05T10:00:00+01:00", arrival_year=2015)
    attachment = anna.op("attachments", participant_id=participant["row_id"], filename="cv.pdf",
                         mime_type="application/pdf", size=3, content="YWJj", added_at="2026-01-05T09:00:00Z")

    assert statuses(anna.sync([participant, attachment])) == [("applied", None)] * 2

    pulled = {c.table: c for c in everything(client, "anna")}
    assert pulled["participants"].fields["created_at"] == "2026-01-05T09:00:00"  # naive UTC
    assert pulled["participants"].fields["arrival_year"] == 2015
    assert pulled["attachments"].fields["content"] == "YWJj"
    assert pulled["attachments"].fields["added_at"] == "2026-01-05T09:00:00"


def test_binding_to_a_participant_cannot_be_changed(client: TestClient, devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    first, second = new_participant(anna), new_participant(anna)
    goal = new_goal(anna, first["row_id"])
    anna.sync([first, second, goal])

    answer = anna.sync([anna.op("goals", goal["row_id"], participant_id=second["row_id"])])

    assert statuses(answer) == [("rejected", "immutable_field")]


def test_server_managed_rows_are_read_only(devices: dict[str, Device], world: Any) -> None:
    anna = devices["anna"]
    answer = anna.sync([
        anna.op("users", world.users["anna"], display_name="Queen Anna"),
        anna.op("offices", world.office_a, name="Mine"),
        anna.op("users", username="ghost", display_name="Ghost", role="coach"),
    ])
    assert statuses(answer) == [("rejected", "read_only_table")] * 3


def test_a_reference_to_a_row_that_does_not_exist_is_rejected(devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    participant = new_participant(anna)
    anna.sync([participant])

    answer = anna.sync([
        anna.op("placements", participant_id=participant["row_id"], employer_id=uuid7(),
                kind="internship", start_date="2026-03-01"),
        new_goal(anna, uuid7()),
        anna.op("participants", participant["row_id"], coach_id=uuid7()),
    ])

    assert statuses(answer) == [("rejected", "not_found")] * 3


def test_a_participant_can_only_be_handed_to_a_coach(devices: dict[str, Device], world: Any) -> None:
    anna = devices["anna"]
    participant = new_participant(anna)
    anna.sync([participant])

    answer = anna.sync([anna.op("participants", participant["row_id"], coach_id=world.users["tove"])])

    assert statuses(answer) == [("rejected", "bad_value")]


def test_a_coach_registers_participants_into_their_own_caseload(devices: dict[str, Device],
                                                                world: Any) -> None:
    anna = devices["anna"]
    answer = anna.sync([new_participant(anna, coach_id=world.users["bert"])])
    assert statuses(answer) == [("rejected", "forbidden")]


def test_changes_stamped_too_far_ahead_are_quarantined_not_applied(
        devices: dict[str, Device], engine: Engine) -> None:
    anna = devices["anna"]
    now_ms = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
    ahead = Timestamp(now_ms + 7 * 3600 * 1000, 0, anna.device_id).encode()
    within = Timestamp(now_ms + 5 * 3600 * 1000, 0, anna.device_id).encode()
    skewed = new_employer(anna, name="From the future AB")
    skewed["changes"]["name"]["hlc"] = ahead
    tolerated = anna.op("employers", name="Slightly ahead AB", hlc=within)

    answer = anna.sync([skewed, tolerated])

    assert statuses(answer) == [("quarantined", "clock_skew"), ("applied", None)]
    assert stored(engine, "employers", skewed["row_id"]) is None
    assert stored(engine, "employers", tolerated["row_id"]) is not None
    with engine.connect() as conn:
        held = conn.execute(select(sync_quarantine)).one()
    assert (held.row_id, held.device_id, held.reason) == (skewed["row_id"], anna.device_id, "clock_skew")
