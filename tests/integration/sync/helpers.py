"""Helpers for the sync-client suite: quick vaults from a migrated template, request counting."""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from coachdesk.models.engine import make_engine
from coachdesk.models.migrate import upgrade
from coachdesk.models.store import Store, open_store
from coachdesk.sync.client import SyncClient
from coachdesk.sync.login import login
from coachdesk.sync.protocol import SYNC_PATH
from coachdesk.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.integration.server.helpers import PASSWORD

_names = itertools.count()


@dataclass(frozen=True)
class VaultTemplate:
    """A vault migrated once; copies open in milliseconds instead of migrating again (~1 s each)."""

    folder: Path
    key: bytes

    @classmethod
    def make(cls, folder: Path) -> VaultTemplate:
        vault = Vault(folder)
        key = vault.create(PASSPHRASE, kdf=FAST_KDF)
        engine = make_engine(vault.db_path, key)
        upgrade(engine, vault.db_path, vault.backup_dir)
        engine.dispose()
        return cls(folder, key)

    def copy(self, target: Path) -> Path:
        shutil.copytree(self.folder, target)
        return target

    def store(self, parent: Path) -> Store:
        """A new vault (its own device id, office and owner) in a new folder under ``parent``."""
        folder = self.copy(parent / f"vault-{next(_names)}")
        vault = Vault(folder)
        return open_store(vault.db_path, self.key, backup_dir=vault.backup_dir)


@dataclass
class Requests:
    """Sync round trips seen by an httpx event hook (with their decoded bodies)."""

    bodies: list[dict[str, Any]] = field(default_factory=list)

    def hook(self, request: httpx.Request) -> None:
        if request.url.path == SYNC_PATH:
            raw = request.content
            if request.headers.get("Content-Encoding") == "gzip":
                import gzip

                raw = gzip.decompress(raw)
            self.bodies.append(json.loads(raw))

    @property
    def hooks(self) -> dict[str, list[Callable[..., Any]]]:
        return {"request": [self.hook]}

    def __len__(self) -> int:
        return len(self.bodies)


def signed_in(store: Store, url: str, username: str, **client: Any) -> SyncClient:
    login(store, url, username, PASSWORD)
    return SyncClient(store, sleep=lambda _s: None, **client)


def count(store: Store, sql: str, **params: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


def scalar(store: Store, sql: str, **params: Any) -> Any:
    with store.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


# --- a scripted server, for the client's unit tests ---------------------------------------------------


@dataclass
class FakeServer:
    """An ``httpx.MockTransport`` handler that answers ``/sync`` as scripted: every op applied unless
    ``statuses`` says otherwise, ``pages`` of changes handed out in turn, ``errors`` answered first."""

    pages: list[list[dict[str, Any]]] = field(default_factory=list)
    statuses: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # row_id -> (status, reason)
    errors: list[httpx.Response] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    reset: bool = False
    during: Callable[[dict[str, Any]], None] | None = None  # runs while a request is "on the wire"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        raw = request.content
        if request.headers.get("Content-Encoding") == "gzip":
            import gzip

            raw = gzip.decompress(raw)
        if request.url.path.endswith("/auth/refresh"):
            return httpx.Response(200, json=token_answer("refreshed"))
        body = json.loads(raw)
        self.bodies.append(body)
        if self.errors:
            return self.errors.pop(0)
        if self.during is not None:
            self.during(body)
        results = []
        for op in body["ops"]:
            status, reason = self.statuses.get(op["row_id"], ("applied", None))
            results.append({"op_id": op["op_id"], "status": status, "reason": reason})
        changes = self.pages.pop(0) if self.pages else []
        answer = {"results": results, "changes": changes, "next_cursor": f"c{len(self.bodies)}",
                  "has_more": bool(self.pages), "reset": self.reset, "server_time": "2026-01-05T10:00:00Z",
                  "schema_version": body["schema_version"]}
        self.reset = False
        return httpx.Response(200, json=answer)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def token_answer(token: str) -> dict[str, Any]:
    return {"device_id": "d", "token": token, "token_expires_at": "2099-01-01T00:00:00Z",
            "refresh_token": f"r-{token}", "refresh_expires_at": "2099-01-01T00:00:00Z",
            "user": {"id": "u", "username": "anna", "display_name": "Anna", "role": "coach",
                     "office_id": "o"}}


def error(status: int, code: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": code, "details": []}})


def pretend_signed_in(store: Store, *, token: str = "t0") -> None:
    """What a login leaves behind, without a server (the ids stay the vault's own)."""
    from coachdesk.sync import session_state
    from coachdesk.sync.txn import writing

    with writing(store.engine) as conn:
        session_state.write(conn, {
            session_state.SERVER_URL: "https://sync.example", session_state.TOKEN: token,
            session_state.REFRESH_TOKEN: "r0", session_state.USER_ID: store.user_id,
            session_state.USERNAME: "anna"})


def change(table: str, row_id: str, fields: dict[str, Any], stamp: str, *, office_id: str,
           kind: str = "upsert", deleted: bool = False) -> dict[str, Any]:
    return {"table": table, "row_id": row_id, "kind": kind, "office_id": office_id, "fields": fields,
            "field_hlc": {name: stamp for name in [*fields, "deleted"]}, "deleted": deleted}
