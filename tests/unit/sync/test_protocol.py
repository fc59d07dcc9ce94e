"""The wire types reject what they do not know instead of dropping it, and coerce nothing."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from coachdesk.models.hlc import HybridLogicalClock
from coachdesk.models.ids import uuid7
from coachdesk.models.migrate import head_revision, synced_revision
from coachdesk.sync.protocol import (
    Change,
    ChangeKind,
    ErrorCode,
    LoginRequest,
    Op,
    SyncRequest,
    SyncResponse,
    error_body,
    hlc_node,
    hlc_wall_ms,
    schema_version,
)

DEVICE = "01a20377-3f9b-71e8-bfc9-00566693e425"


def request(**changes: object) -> str:
    clock = HybridLogicalClock(DEVICE)
    body = {"device_id": DEVICE, "schema_version": schema_version(), "batch_id": uuid7(), "cursor": None,
            "limit": 100, "ops": [{"op_id": "1", "table": "participants", "row_id": uuid7(), "kind": "upsert",
                                   "changes": {"city": {"value": "Krokom", "hlc": clock.now()}},
                                   "base": {"city": None}}]}
    body.update(changes)
    return json.dumps(body)


def test_a_well_formed_request_parses() -> None:
    parsed = SyncRequest.model_validate_json(request())
    assert parsed.ops[0].changes["city"].value == "Krokom" and parsed.ops[0].base == {"city": None}


@pytest.mark.parametrize("changes", [
    {"extra": 1},
    {"schema_version": "3"},
    {"limit": 0},
    {"limit": 10_001},
    {"batch_id": "ABC"},
    {"device_id": DEVICE.upper()},
    {"ops": [{"op_id": "1", "table": "participants", "row_id": DEVICE, "kind": "upsert", "changes": {},
              "base": {}, "extra": True}]},
    {"ops": [{"op_id": "1", "table": "Participants", "row_id": DEVICE, "kind": "upsert"}]},
    {"ops": [{"op_id": "1", "table": "participants", "row_id": DEVICE, "kind": "upsert",
              "changes": {"city": {"value": "x", "hlc": "2026-01-01"}}}]},
    {"ops": [{"op_id": "", "table": "participants", "row_id": DEVICE, "kind": "upsert"}]},
])
def test_unknown_fields_wrong_types_and_bad_shapes_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SyncRequest.model_validate_json(request(**changes))


def test_hlc_stamps_from_the_models_clock_are_valid_wire_stamps() -> None:
    stamp = HybridLogicalClock(DEVICE, wall=lambda: 1_700_000_000_000).now()
    op = Op.model_validate_json(json.dumps({
        "op_id": "a", "table": "goals", "row_id": DEVICE, "kind": "delete",
        "changes": {"deleted": {"value": True, "hlc": stamp}}}))
    assert op.changes["deleted"].hlc == stamp
    assert hlc_wall_ms(stamp) == 1_700_000_000_000 and hlc_node(stamp) == DEVICE


def test_the_schema_version_is_the_client_databases_newest_migration_of_the_synced_schema() -> None:
    # Local-only migrations (an index) are not counted: clients with and without one sync alike.
    assert schema_version() == int(synced_revision()) >= 1
    assert schema_version() <= int(head_revision())


def test_responses_round_trip_strictly() -> None:
    response = SyncResponse(results=[], changes=[Change(table="goals", row_id=DEVICE, kind=ChangeKind.EVICT,
                                                        office_id=DEVICE)],
                            next_cursor="c", has_more=False, server_time="2026-01-01T00:00:00Z",
                            schema_version=1)
    assert SyncResponse.model_validate_json(response.model_dump_json()) == response


def test_login_and_errors() -> None:
    with pytest.raises(ValidationError):
        LoginRequest.model_validate_json('{"username": "a", "password": "b", "remember": true}')
    assert error_body(ErrorCode.NOT_FOUND, "No such record.") == {
        "error": {"code": "not_found", "message": "No such record.", "details": []}}
