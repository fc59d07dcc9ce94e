"""What each role may write to ``reviews`` and ``audit_events``: coaches submit their caseload's plans,
supervisors add decisions signed with their own id, nobody changes a review once written, and every
syncing role appends audit events about itself and nobody else."""

from __future__ import annotations

from typing import Any

from coachdesk.models.ids import uuid7
from tests.integration.server.helpers import Device, World, new_participant, new_session, statuses

DECIDED = "2026-01-06T10:00:00"


def _submit(device: Device, pid: str, **fields: Any) -> dict[str, Any]:
    return device.op("reviews", participant_id=pid, status="submitted", **fields)


def _decide(device: Device, pid: str, status: str = "approved", **fields: Any) -> dict[str, Any]:
    values = {"reviewer_id": device.user_id, "decided_at": DECIDED, **fields}
    return device.op("reviews", participant_id=pid, status=status, **values)


def _audit(device: Device, actor: str | None, pid: str | None = None) -> dict[str, Any]:
    return device.op("audit_events", at="2026-01-06T10:00:00", actor_id=actor, action="view",
                     entity="participant", entity_id=pid, participant_id=pid)


def _annas_participant(devices: dict[str, Device]) -> str:
    anna = devices["anna"]
    participant = new_participant(anna)
    assert statuses(anna.sync([participant])) == [("applied", None)]
    return str(participant["row_id"])


def test_a_coach_submits_only_plain_submissions(devices: dict[str, Device]) -> None:
    anna, pid = devices["anna"], _annas_participant(devices)
    answer = anna.sync([_submit(anna, pid), _decide(anna, pid), _submit(anna, pid, comment="Approve me"),
                        _submit(anna, pid, reviewer_id=anna.user_id), _submit(anna, pid, decided_at=DECIDED)])
    assert statuses(answer) == [("applied", None)] + [("rejected", "forbidden")] * 4


def test_a_supervisor_decides_with_their_own_name_and_a_comment_when_returning(
        devices: dict[str, Device], world: World) -> None:
    sara, pid = devices["sara"], _annas_participant(devices)
    answer = sara.sync([
        _decide(sara, pid), _decide(sara, pid, "returned", comment="Add a goal for Swedish"),
        _decide(sara, pid, "returned"), _decide(sara, pid, "returned", comment="   "),
        _decide(sara, pid, reviewer_id=world.users["bert"]), _decide(sara, pid, decided_at=None),
        _submit(sara, pid),
    ])
    assert statuses(answer) == [("applied", None)] * 2 + [("rejected", "forbidden")] * 5


def test_nobody_changes_or_deletes_a_review_once_written(devices: dict[str, Device]) -> None:
    anna, sara, pid = devices["anna"], devices["sara"], _annas_participant(devices)
    submitted = _submit(anna, pid)
    anna.sync([submitted])
    sara.pull_all()
    decided = _decide(sara, pid, "returned", comment="Add a goal")
    sara.sync([decided])
    anna.pull_all()

    changes = [
        (anna, anna.op("reviews", submitted["row_id"], status="approved")),
        (anna, anna.op("reviews", submitted["row_id"], op_kind="delete")),
        (sara, sara.op("reviews", submitted["row_id"], status="approved", reviewer_id=sara.user_id,
                       decided_at=DECIDED)),
        (sara, sara.op("reviews", decided["row_id"], comment="Changed my mind")),
        (sara, sara.op("reviews", decided["row_id"], op_kind="delete")),
    ]
    assert [statuses(device.sync([op]))[0] for device, op in changes] == [("rejected", "forbidden")] * 5
    # The same values sent again (a resend) change nothing and are no refusal.
    assert statuses(sara.sync([sara.op("reviews", decided["row_id"], comment="Add a goal")])) == [
        ("applied", None)]


def test_every_role_appends_audit_events_about_itself_only(devices: dict[str, Device], world: World) -> None:
    anna, sara, tove = devices["anna"], devices["sara"], devices["tove"]
    pid = _annas_participant(devices)
    assert statuses(anna.sync([new_session(anna, pid, tove.user_id)])) == [("applied", None)]
    other = new_participant(anna, given_name="Bo")
    anna.sync([other])

    mine = [_audit(who, who.user_id, pid) for who in (anna, sara, tove)]
    assert [statuses(who.sync([op]))[0] for who, op in zip((anna, sara, tove), mine, strict=True)] == [
        ("applied", None)] * 3
    # About no participant (a search, the caseload list): the writer's own row.
    assert [statuses(who.sync([_audit(who, who.user_id)]))[0] for who in (anna, sara, tove)] == [
        ("applied", None)] * 3
    # Someone else's name, or no name: refused, whoever sends it.
    assert [statuses(who.sync([_audit(who, world.users["bert"], pid)]))[0] for who in (anna, sara, tove)] == [
        ("rejected", "forbidden")] * 3
    assert statuses(sara.sync([_audit(sara, None, pid)])) == [("rejected", "forbidden")]
    # An interpreter's audit events are about the participants of their own sessions only.
    assert statuses(tove.sync([_audit(tove, tove.user_id, str(other["row_id"]))])) == [
        ("rejected", "not_found")]
    assert statuses(tove.sync([_audit(tove, tove.user_id, uuid7())])) == [("rejected", "not_found")]
    # Append-only: never changed, never deleted, even by their writer.
    event = mine[1]
    assert statuses(sara.sync([sara.op("audit_events", event["row_id"], action="update")])) == [
        ("rejected", "append_only")]
    assert statuses(sara.sync([sara.op("audit_events", event["row_id"], op_kind="delete")])) == [
        ("rejected", "append_only")]
    # The interpreter still writes nothing else.
    assert statuses(tove.sync([tove.op("participants", pid, city="Krokom")])) == [("rejected", "forbidden")]


def test_the_coach_sees_the_supervisors_audit_events_about_their_participant(
        devices: dict[str, Device]) -> None:
    anna, sara = devices["anna"], devices["sara"]
    pid = _annas_participant(devices)
    viewed = _audit(sara, sara.user_id, pid)
    sara.sync([viewed])
    assert ("audit_events", viewed["row_id"]) in {(c.table, c.row_id) for c in anna.pull_all()}
