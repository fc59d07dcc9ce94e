"""Helpers for the server suite: a test client, a simulated device, a live uvicorn server."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import socket
import threading
import time
import uuid
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from coachdesk.models.hlc import HybridLogicalClock
from coachdesk.models.ids import uuid7
from coachdesk.server import accounts
from coachdesk.server.context import ServerContext
from coachdesk.server.settings import PasswordParams
from coachdesk.sync.protocol import (
    LOGIN_PATH,
    SYNC_PATH,
    Change,
    SyncResponse,
    TokenResponse,
    schema_version,
)

with warnings.catch_warnings():
    # Starlette would have the httpx2 fork installed; the stock httpx works the same for these tests.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PASSWORD = "correct-horse-battery"
# Real Argon2id, at the smallest cost: the production cost is tested in test_passwords.py.
FAST_PASSWORDS = PasswordParams(time_cost=1, memory_kib=8, parallelism=1)

__all__ = ["TestClient"]


# The test client (a subclass) or a real client against uvicorn on 127.0.0.1.
HttpClient = httpx.Client


class MovableClock:
    """The server's clock in tests: real time plus an offset that a test can move."""

    def __init__(self) -> None:
        self.offset = dt.timedelta()

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None) + self.offset

    def advance(self, delta: dt.timedelta) -> None:
        self.offset += delta


@dataclass
class Device:
    """A logged-in device: stamps its changes with its own HLC and syncs through ``client``."""

    client: HttpClient
    tokens: TokenResponse
    clock: HybridLogicalClock = field(init=False)
    cursor: str | None = None
    seen: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    #: Every change this device received, in order (by pulls and by the pull half of pushes).
    received: list[Change] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.clock = HybridLogicalClock(self.tokens.device_id)

    @property
    def user_id(self) -> str:
        return self.tokens.user.id

    @property
    def device_id(self) -> str:
        return self.tokens.device_id

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens.token}"}

    def op(self, table: str, row_id: str | None = None, op_kind: str = "upsert", *,
           base: Mapping[str, str | None] | None = None, hlc: str | None = None,
           **fields: Any) -> dict[str, Any]:
        """One op; ``base`` defaults to what this device last saw of the row (its per-field stamps)."""
        row_id = row_id or uuid7()
        seen = self.seen.get((table, row_id), {})
        if op_kind == "delete":
            changes = {"deleted": {"value": True, "hlc": hlc or self.clock.now()}}
        elif op_kind == "erase":
            changes = {}
        else:
            changes = {name: {"value": value, "hlc": hlc or self.clock.now()}
                       for name, value in fields.items()}
        return {"op_id": uuid7(), "table": table, "row_id": row_id, "kind": op_kind, "changes": changes,
                "base": dict(base) if base is not None else dict(seen)}

    def body(self, ops: list[dict[str, Any]] | tuple[()] = (), *, cursor: str | None = None, limit: int = 500,
             batch_id: str | None = None) -> dict[str, Any]:
        return {"device_id": self.device_id, "schema_version": schema_version(),
                "batch_id": batch_id or str(uuid.uuid4()), "ops": list(ops), "cursor": cursor, "limit": limit}

    def post(self, body: Any = None, *, raw: bytes | None = None, gzip_body: bool = False,
             headers: Mapping[str, str] | None = None) -> httpx.Response:
        content = raw if raw is not None else json.dumps(body).encode()
        sent = {**self.headers, "Content-Type": "application/json", **(headers or {})}
        if gzip_body:
            content = gzip.compress(content)
            sent["Content-Encoding"] = "gzip"
        return self.client.post(SYNC_PATH, content=content, headers=sent)

    def sync(self, ops: list[dict[str, Any]] | tuple[()] = (), *, limit: int = 500,
             batch_id: str | None = None, keep_cursor: bool = True) -> SyncResponse:
        """Push ``ops`` and pull one page from this device's cursor (a strictly valid answer)."""
        response = self.post(self.body(ops, cursor=self.cursor, limit=limit, batch_id=batch_id))
        assert response.status_code == 200, response.text
        answer = SyncResponse.model_validate_json(response.content)
        if keep_cursor:
            self.cursor = answer.next_cursor
        self._remember(answer.changes)
        return answer

    def pull_all(self, limit: int = 500) -> list[Change]:
        """Pull until ``has_more`` is false; every change, in order."""
        changes: list[Change] = []
        while True:
            answer = self.sync(limit=limit)
            changes += answer.changes
            if not answer.has_more:
                return changes

    def _remember(self, changes: list[Change]) -> None:
        self.received += changes
        for change in changes:
            if change.kind.value in ("upsert", "delete"):
                self.seen[(change.table, change.row_id)] = dict(change.field_hlc)
                for stamp in change.field_hlc.values():
                    self.clock.observe(stamp)
            else:
                self.seen.pop((change.table, change.row_id), None)


def login(client: HttpClient, username: str, password: str = PASSWORD, **extra: Any) -> Device:
    response = client.post(LOGIN_PATH, json={"username": username, "password": password, **extra})
    assert response.status_code == 200, response.text
    return Device(client, TokenResponse.model_validate_json(response.content))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(app: FastAPI, *, ssl_certfile: str | None = None, ssl_keyfile: str | None = None,
                ) -> Iterator[str]:
    """Run ``app`` on uvicorn on 127.0.0.1 in a thread; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False, ws="none",
                            lifespan="on", ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile,
                            timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    scheme = "https" if ssl_certfile else "http"
    try:
        yield f"{scheme}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@dataclass
class Sleeps:
    """The login throttle's pauses, recorded instead of slept."""

    calls: list[float]

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@dataclass
class World:
    """Two offices. A: coaches anna and bert, interpreter tove, supervisor sara. B: coach cleo,
    supervisor saga. And an admin, who belongs to no office."""

    office_a: str
    office_b: str
    users: dict[str, str]  # username -> id


def seed(ctx: ServerContext) -> World:
    office_a = accounts.add_office(ctx, "Krokom")
    office_b = accounts.add_office(ctx, "Södertälje")
    people = {"anna": ("coach", "Krokom"), "bert": ("coach", "Krokom"), "tove": ("interpreter", "Krokom"),
              "sara": ("supervisor", "Krokom"), "cleo": ("coach", "Södertälje"),
              "saga": ("supervisor", "Södertälje"), "root": ("admin", None)}
    users = {name: accounts.add_user(ctx, username=name, password=PASSWORD, role=role, office=office).id
             for name, (role, office) in people.items()}
    return World(office_a, office_b, users)


# --- rows a device typically writes --------------------------------------------------------------------


def new_participant(device: Device, *, coach_id: str | None = None, row_id: str | None = None,
                    **fields: Any) -> dict[str, Any]:
    values = {"given_name": "Ada", "family_name": "Lind", "created_at": "2026-01-05T09:00:00",
              "coach_id": coach_id or device.user_id, **fields}
    return device.op("participants", row_id, **values)


def new_goal(device: Device, participant_id: str, **fields: Any) -> dict[str, Any]:
    values = {"participant_id": participant_id, "title": "Forklift licence", "origin": "participant_wish",
              **fields}
    return device.op("goals", **values)


def new_employer(device: Device, **fields: Any) -> dict[str, Any]:
    return device.op("employers", **{"name": "Krokoms Bygg AB", **fields})


def new_session(device: Device, participant_id: str, interpreter_id: str, **fields: Any) -> dict[str, Any]:
    values = {"participant_id": participant_id, "interpreter_id": interpreter_id, "purpose": "intake",
              "language": "ti", "starts_at": "2026-02-02T10:00:00", "ends_at": "2026-02-02T11:00:00",
              **fields}
    return device.op("interpreter_sessions", **values)


def new_journal(device: Device, participant_id: str, body: str = "Met today.") -> dict[str, Any]:
    return device.op("journal_entries", participant_id=participant_id, author_id=device.user_id,
                     written_at="2026-01-06T10:00:00", body=body)


def statuses(answer: SyncResponse) -> list[tuple[str, str | None]]:
    return [(r.status.value, r.reason.value if r.reason else None) for r in answer.results]


def everything(client: HttpClient, username: str) -> list[Change]:
    """All a user may see now, as a newly logged-in device of theirs pulls it."""
    return login(client, username).pull_all()
