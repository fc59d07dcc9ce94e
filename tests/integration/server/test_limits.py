"""Bad input gets a 4xx with a code and stores nothing; no request makes the server answer 5xx.
Size limits before and after gzip (no gzip bombs), ops per batch, schema versions, encodings."""

from __future__ import annotations

import gzip
import json
import tracemalloc
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from coachdesk.server.body import gunzip
from coachdesk.server.errors import ApiError
from coachdesk.server.settings import Settings
from coachdesk.server.tables import sync_batches, sync_quarantine, sync_rows
from coachdesk.sync.protocol import SYNC_PATH, SyncResponse, schema_version
from coachdesk.sync.schema import synced_tables
from tests.integration.server.helpers import FAST_PASSWORDS, Device, TestClient, new_employer, statuses

MAX_BODY = 64 * 1024
MAX_INFLATED = 256 * 1024
MAX_OPS = 50
FUZZ = hypothesis_settings(max_examples=60, deadline=None, derandomize=True,
                           suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def settings(server_db_url: str) -> Settings:
    return Settings(database_url=server_db_url, password=FAST_PASSWORDS, max_body_bytes=MAX_BODY,
                    max_decompressed_bytes=MAX_INFLATED, max_ops=MAX_OPS)


def stored_counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        return tuple(int(conn.execute(select(func.count()).select_from(t)).scalar_one())  # type: ignore[return-value]
                     for t in (sync_rows, sync_batches, sync_quarantine))


def error_code(response: Any) -> str:
    return str(response.json()["error"]["code"])


def _malformed(anna: Device) -> list[tuple[bytes, int, str]]:
    valid = anna.body([new_employer(anna)])

    def variant(**changes: Any) -> bytes:
        return json.dumps({**valid, **changes}).encode()

    op = valid["ops"][0]
    return [
        (b"", 400, "malformed_json"),
        (b"{", 400, "malformed_json"),
        (b"\xff\xfe\x00garbage", 400, "malformed_json"),
        (b"null", 422, "invalid_request"),
        (b"[]", 422, "invalid_request"),
        (b'"sync please"', 422, "invalid_request"),
        (b"[" * 5000 + b"]" * 5000, 400, "malformed_json"),
        (variant(schema_version="3"), 422, "invalid_request"),
        (variant(schema_version=None), 422, "invalid_request"),
        (variant(limit=0), 422, "invalid_request"),
        (variant(limit=10**30), 422, "invalid_request"),
        (variant(limit=-1), 422, "invalid_request"),
        (variant(batch_id="batch-1"), 422, "invalid_request"),
        (variant(device_id=None), 422, "invalid_request"),
        (variant(ops={"0": op}), 422, "invalid_request"),
        (variant(ops=[{**op, "kind": "merge"}]), 422, "invalid_request"),
        (variant(ops=[{**op, "table": "Participants; DROP TABLE x"}]), 422, "invalid_request"),
        (variant(ops=[{**op, "row_id": "not-a-uuid"}]), 422, "invalid_request"),
        (variant(ops=[{**op, "changes": {"name": "no hlc"}}]), 422, "invalid_request"),
        (variant(ops=[{**op, "changes": {"name": {"value": "x", "hlc": "yesterday"}}}]), 422,
         "invalid_request"),
        (variant(ops=[{**op, "base": {"name": 5}}]), 422, "invalid_request"),
        (variant(ops=[{**op, "priority": "high"}]), 422, "invalid_request"),
        (variant(ops=[{k: v for k, v in op.items() if k != "op_id"}]), 422, "invalid_request"),
        (variant(filter={"office_id": "everything"}), 422, "invalid_request"),
        (variant(cursor=["a"]), 422, "invalid_request"),
        (variant(cursor="x" * 600), 422, "invalid_request"),
        (variant(device_id=str(uuid.uuid4())), 403, "device_mismatch"),
        (variant(schema_version=schema_version() + 1), 426, "upgrade_required"),
        (variant(schema_version=0), 426, "upgrade_required"),
        (variant(cursor="bm90IGEgY3Vyc29y"), 400, "invalid_cursor"),
    ]


def test_malformed_requests_get_a_4xx_with_a_code_and_store_nothing(
        devices: dict[str, Device], engine: Engine) -> None:
    anna = devices["anna"]
    before = stored_counts(engine)
    for body, status, code in _malformed(anna):
        response = anna.post(raw=body)
        assert (response.status_code, error_code(response)) == (status, code), body[:80]
        assert response.json()["error"]["message"]
    assert stored_counts(engine) == before


def test_errors_name_the_field_but_never_echo_the_value(devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    body = anna.body([new_employer(anna)])
    body["ops"][0]["secret_note"] = "19900101-1234 Zlatan"
    response = anna.post(body)
    assert response.status_code == 422
    assert any("secret_note" in d for d in response.json()["error"]["details"])
    assert "Zlatan" not in response.text and "19900101" not in response.text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)


@FUZZ
@given(body=json_values)
def test_any_json_that_is_not_a_request_gets_a_4xx(devices: dict[str, Device], body: Any) -> None:
    anna = devices["anna"]
    response = anna.post(raw=json.dumps(body).encode())
    assert 400 <= response.status_code < 500 and error_code(response)


@FUZZ
@given(data=st.data())
def test_any_value_in_any_field_is_applied_or_rejected_never_a_crash(
        devices: dict[str, Device], data: st.DataObject) -> None:
    anna = devices["anna"]
    tables = synced_tables()
    table = data.draw(st.sampled_from(sorted(tables)))
    fields = data.draw(st.lists(st.sampled_from(sorted(tables[table].fields)), min_size=1, max_size=4,
                                unique=True))
    values: dict[str, Any] = {name: data.draw(json_values) for name in fields}
    kind = data.draw(st.sampled_from(["upsert", "delete", "erase"]))
    op = anna.op(table, op_kind=kind, **values)

    response = anna.post(anna.body([op]))

    assert response.status_code == 200, response.text
    [result] = SyncResponse.model_validate_json(response.content).results
    assert result.status.value in ("applied", "rejected") and (result.reason is None) == (
        result.status.value == "applied")


def test_a_body_over_the_limit_is_refused(devices: dict[str, Device], engine: Engine) -> None:
    anna = devices["anna"]
    before = stored_counts(engine)
    big = anna.body([new_employer(anna, notes="x" * (MAX_BODY + 1))])
    response = anna.post(big)
    assert (response.status_code, error_code(response)) == (413, "payload_too_large")
    assert stored_counts(engine) == before


def test_a_gzip_bomb_is_refused_without_inflating_it(devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    bomb = gzip.compress(b'{"ops": "' + b"0" * (64 * 1024 * 1024) + b'"}', compresslevel=9)
    assert len(bomb) < MAX_BODY
    response = anna.client.post(SYNC_PATH, content=bomb, headers={
        **anna.headers, "Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert (response.status_code, error_code(response)) == (413, "payload_too_large")

    tracemalloc.start()
    try:
        with pytest.raises(ApiError):
            gunzip(bomb, MAX_INFLATED)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * MAX_INFLATED  # inflated step by step, never the whole 64 MiB


def test_a_damaged_or_truncated_gzip_body_is_refused(devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    packed = gzip.compress(json.dumps(anna.body()).encode())
    for raw in (packed[:-8], b"\x1f\x8b" + b"junk" * 10, packed + b"trailing"):
        response = anna.client.post(SYNC_PATH, content=raw, headers={
            **anna.headers, "Content-Type": "application/json", "Content-Encoding": "gzip"})
        assert (response.status_code, error_code(response)) == (400, "malformed_json")


def test_a_gzip_body_is_accepted_and_a_large_answer_is_gzipped(devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    ops = [new_employer(anna, name=f"Employer {n}", notes="n" * 200) for n in range(30)]

    response = anna.post(anna.body(ops), gzip_body=True, headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"  # httpx has already inflated it
    assert statuses(SyncResponse.model_validate_json(response.content)) == [("applied", None)] * 30


def test_too_many_ops_in_one_batch_are_refused(devices: dict[str, Device], engine: Engine) -> None:
    anna = devices["anna"]
    before = stored_counts(engine)
    response = anna.post(anna.body([new_employer(anna, name=str(n)) for n in range(MAX_OPS + 1)]))
    assert (response.status_code, error_code(response)) == (413, "too_many_ops")
    assert stored_counts(engine) == before


def test_other_encodings_and_media_types_are_refused(devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    body = json.dumps(anna.body()).encode()
    for headers, code in (({"Content-Encoding": "br"}, "unsupported_encoding"),
                          ({"Content-Type": "text/plain"}, "unsupported_media_type")):
        response = anna.client.post(SYNC_PATH, content=body,
                                    headers={**anna.headers, "Content-Type": "application/json", **headers})
        assert (response.status_code, error_code(response)) == (415, code)


def test_unknown_addresses_and_methods_get_json_errors(client: TestClient) -> None:
    missing = client.get("/api/v2/sync")
    wrong_method = client.get(SYNC_PATH)
    assert (missing.status_code, error_code(missing)) == (404, "not_found")
    assert (wrong_method.status_code, error_code(wrong_method)) == (405, "method_not_allowed")
