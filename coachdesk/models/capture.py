"""Change capture: SQLite triggers put every write to a synced row into the outbox, in the same transaction.

Triggers see every write path alike (ORM, Core, ``executemany`` bulk inserts, raw SQL). They are derived
from the models, not frozen in a migration: ``ensure_triggers`` (re)installs them whenever their SQL
differs from what the database holds, so a column added later is captured without further work.

* ``AFTER INSERT``: one outbox entry ``field = "*"`` (the whole new row, read when the batch is built).
* ``AFTER UPDATE``: one entry per changed field (``OLD.c IS NOT NEW.c``); the envelope columns ``id``,
  ``updated_hlc`` and ``office_id`` are not fields, the tombstone ``deleted`` is. Each entry keeps the
  server stamp the device had seen for the field (``field_clock.base``) when the write was made.
* ``BEFORE DELETE``: refused. Synced rows are deleted by tombstone (``deleted = 1``); only eviction and
  erasure remove rows, and they run with capture off.

The triggers call two SQL functions registered on every connection of the store's engine: ``cd_hlc()``
(a fresh stamp from the store's hybrid logical clock) and ``cd_capturing()`` (0 while the sync engine
applies pulled changes on that connection, or before the store is open, so those writes are not captured).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, event, text

from coachdesk.models.hlc import HybridLogicalClock
from coachdesk.models.sync_state import LOCAL_TABLES, ROW_FIELD, SERVER_MANAGED_TABLES

#: Columns every synced row carries; a table with all of them syncs (``coachdesk.sync.schema.is_synced``).
SYNCED_COLUMNS = frozenset({"id", "updated_hlc", "deleted", "office_id"})
#: Not fields: the row id, the office scope, and the row stamp derived from its field stamps.
ENVELOPE_COLUMNS = frozenset({"id", "updated_hlc", "office_id"})
TRIGGER_PREFIX = "cd_capture_"
HASH_KEY = "capture_triggers"  # local_meta key of the installed triggers' SHA-256
_STATE_KEY = "cd_capture"  # connection-record info key of a connection's CaptureSwitch
DELETE_REFUSED = "synced rows are deleted by tombstone, not by DELETE"


def captured_tables(metadata: MetaData) -> list[Table]:
    """Synced tables the device writes (server-managed users and offices are only pulled)."""
    return [t for t in metadata.sorted_tables
            if t.name not in LOCAL_TABLES and t.name not in SERVER_MANAGED_TABLES
            and set(t.columns.keys()) >= SYNCED_COLUMNS]


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unexpected identifier {name!r}")
    return f'"{name}"'


def trigger_statements(metadata: MetaData) -> dict[str, str]:
    """``{trigger name: CREATE TRIGGER ...}`` for every captured table.

    Names come from the models (checked by ``_quote``), never from data.
    """
    statements: dict[str, str] = {}
    for table in captured_tables(metadata):
        name, quoted = table.name, _quote(table.name)
        fields = [c.name for c in table.columns if c.name not in ENVELOPE_COLUMNS]
        statements[f"{TRIGGER_PREFIX}{name}_ai"] = (
            f"CREATE TRIGGER {TRIGGER_PREFIX}{name}_ai "  # noqa: S608 - names from the models, not data
            f"AFTER INSERT ON {quoted} WHEN cd_capturing() BEGIN\n"
            f"  INSERT INTO outbox (tbl, row_id, field, hlc, base) "
            f"VALUES ('{name}', NEW.id, '{ROW_FIELD}', cd_hlc(), NULL);\nEND")
        per_field = "".join(
            f"  INSERT INTO outbox (tbl, row_id, field, hlc, base) "  # noqa: S608 - as above
            f"SELECT '{name}', NEW.id, '{field}',"
            f" cd_hlc(), (SELECT json_extract(base, '$.{field}') FROM field_clock WHERE tbl = '{name}'"
            f" AND row_id = NEW.id) WHERE OLD.{_quote(field)} IS NOT NEW.{_quote(field)};\n"
            for field in fields)
        statements[f"{TRIGGER_PREFIX}{name}_au"] = (
            f"CREATE TRIGGER {TRIGGER_PREFIX}{name}_au AFTER UPDATE ON {quoted} WHEN cd_capturing() BEGIN\n"
            f"{per_field}END")
        statements[f"{TRIGGER_PREFIX}{name}_bd"] = (
            f"CREATE TRIGGER {TRIGGER_PREFIX}{name}_bd BEFORE DELETE ON {quoted} WHEN cd_capturing() BEGIN\n"
            f"  SELECT RAISE(ABORT, '{DELETE_REFUSED}');\nEND")
    return statements


def triggers_hash(statements: dict[str, str]) -> str:
    return hashlib.sha256("\n;\n".join(statements[k] for k in sorted(statements)).encode()).hexdigest()


def ensure_triggers(conn: Connection, metadata: MetaData) -> bool:
    """Install the capture triggers if the database lacks them or holds another version; True if it did.

    Cheap when nothing changed: one local_meta row and the list of trigger names are compared.
    """
    statements = trigger_statements(metadata)
    wanted = triggers_hash(statements)
    stored = conn.execute(text("SELECT value FROM local_meta WHERE key = :k"), {"k": HASH_KEY}).scalar()
    present = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                    "AND name LIKE :p"), {"p": f"{TRIGGER_PREFIX}%"}).scalars())
    if stored == wanted and present == set(statements):
        return False
    for name in present:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {_quote(name)}"))
    for sql in statements.values():
        conn.execute(text(sql))
    conn.execute(text("INSERT INTO local_meta (key, value) VALUES (:k, :v) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value"), {"k": HASH_KEY, "v": wanted})
    return True


# --- the SQL functions ---------------------------------------------------------------------------------


class Stamper:
    """Hands ``cd_hlc()`` the store's clock; until the store is open there is none and capture is off."""

    def __init__(self) -> None:
        self.clock: HybridLogicalClock | None = None

    def now(self) -> str:
        if self.clock is None:
            raise RuntimeError("change capture used before the store is open")
        return self.clock.now()


@dataclass
class CaptureSwitch:
    """One connection's capture state (``cd_capturing()``)."""

    stamper: Stamper
    enabled: bool = True

    def value(self) -> int:
        return 1 if self.enabled and self.stamper.clock is not None else 0


def register(engine: Engine, stamper: Stamper) -> None:
    """Give every new connection of ``engine`` the capture functions (call before its first connection)."""

    def on_connect(dbapi_connection: Any, record: Any) -> None:
        switch = CaptureSwitch(stamper)
        record.info[_STATE_KEY] = switch
        dbapi_connection.create_function("cd_capturing", 0, switch.value, deterministic=False)
        dbapi_connection.create_function("cd_hlc", 0, stamper.now, deterministic=False)

    event.listen(engine, "connect", on_connect)


@contextmanager
def capture_off(conn: Connection) -> Iterator[None]:
    """Writes on ``conn`` inside this block are not captured (applying pulled changes, eviction, erasure).

    Per connection, so a user's write on another connection at the same moment is still captured.
    """
    switch: CaptureSwitch = conn.connection.info[_STATE_KEY]
    before = switch.enabled
    switch.enabled = False
    try:
        yield
    finally:
        switch.enabled = before
