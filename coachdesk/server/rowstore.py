"""The generic row store: every synced row as JSON with per-field HLC stamps, scope keys and a sequence.

``server_seq`` orders the change feed. Each writing transaction first increments the one counter row
(:func:`next_seq`); on PostgreSQL that row lock is held until commit, on SQLite the writer holds the
database's write lock from ``BEGIN IMMEDIATE``. Either way writers are serialised, every row a transaction
writes gets that transaction's number, and numbers become visible in order — so a reader's cursor can
never pass a number whose rows commit later.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, false, func, insert, select, tuple_, update

from coachdesk.server.scope import SESSIONS, Keys
from coachdesk.server.tables import erasure_receipts, sync_counter, sync_exits, sync_rows
from coachdesk.sync.protocol import DELETED_FIELD


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


@dataclass
class StoredRow:
    office_id: str
    table_name: str
    row_id: str
    values: dict[str, Any]  # the data fields and ``deleted``
    hlcs: dict[str, str]
    participant_id: str | None = None
    coach_id: str | None = None
    assignee_id: str | None = None
    owner_id: str | None = None
    server_seq: int = 0
    created_at: dt.datetime | None = None
    is_new: bool = field(default=False, repr=False)

    @property
    def keys(self) -> Keys:
        return Keys(self.participant_id, self.coach_id, self.assignee_id)

    @property
    def deleted(self) -> bool:
        return self.values.get(DELETED_FIELD) is True

    def set_keys(self, keys: Keys) -> None:
        self.participant_id, self.coach_id, self.assignee_id = (
            keys.participant_id, keys.coach_id, keys.assignee_id)

    def data(self) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if k != DELETED_FIELD}


_COLUMNS = (sync_rows.c.office_id, sync_rows.c.table_name, sync_rows.c.row_id, sync_rows.c.participant_id,
            sync_rows.c.coach_id, sync_rows.c.assignee_id, sync_rows.c.owner_id, sync_rows.c.deleted,
            sync_rows.c.data, sync_rows.c.field_hlc, sync_rows.c.server_seq, sync_rows.c.created_at)


def from_db(record: Any) -> StoredRow:
    values = json.loads(record.data)
    values[DELETED_FIELD] = bool(record.deleted)
    return StoredRow(
        office_id=record.office_id, table_name=record.table_name, row_id=record.row_id,
        values=values, hlcs=json.loads(record.field_hlc), participant_id=record.participant_id,
        coach_id=record.coach_id, assignee_id=record.assignee_id, owner_id=record.owner_id,
        server_seq=record.server_seq, created_at=record.created_at,
    )


def next_seq(conn: Connection) -> int:
    """Take the writers' lock and this transaction's sequence number. Call first in a write."""
    value = conn.execute(
        update(sync_counter).where(sync_counter.c.id == 1).values(value=sync_counter.c.value + 1)
        .returning(sync_counter.c.value)
    ).scalar_one()
    return int(value)


def current_seq(conn: Connection) -> int:
    return int(conn.execute(select(sync_counter.c.value).where(sync_counter.c.id == 1)).scalar_one())


def load(conn: Connection, office_id: str, table: str, row_id: str) -> StoredRow | None:
    record = conn.execute(select(*_COLUMNS).where(
        sync_rows.c.office_id == office_id, sync_rows.c.table_name == table, sync_rows.c.row_id == row_id,
    )).first()
    return from_db(record) if record is not None else None


def load_many(conn: Connection, office_id: str, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str],
                                                                                      StoredRow]:
    wanted = sorted(set(keys))
    found: dict[tuple[str, str], StoredRow] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        rows = conn.execute(select(*_COLUMNS).where(
            sync_rows.c.office_id == office_id,
            tuple_(sync_rows.c.table_name, sync_rows.c.row_id).in_(chunk),
        ))
        for record in rows:
            found[(record.table_name, record.row_id)] = from_db(record)
    return found


def _params(row: StoredRow, seq: int, now: dt.datetime) -> dict[str, Any]:
    return {
        "office_id": row.office_id, "table_name": row.table_name, "row_id": row.row_id,
        "participant_id": row.participant_id, "coach_id": row.coach_id, "assignee_id": row.assignee_id,
        "owner_id": row.owner_id, "deleted": row.deleted, "data": dumps(row.data()),
        "field_hlc": dumps(row.hlcs), "server_seq": seq, "created_at": row.created_at or now,
        "updated_at": now,
    }


_UPDATE = update(sync_rows).where(
    sync_rows.c.office_id == bindparam("b_office_id"),
    sync_rows.c.table_name == bindparam("b_table_name"),
    sync_rows.c.row_id == bindparam("b_row_id"),
).values(participant_id=bindparam("participant_id"), coach_id=bindparam("coach_id"),
         assignee_id=bindparam("assignee_id"), deleted=bindparam("deleted"), data=bindparam("data"),
         field_hlc=bindparam("field_hlc"), server_seq=bindparam("server_seq"),
         updated_at=bindparam("updated_at"))


_UPDATED = frozenset({"participant_id", "coach_id", "assignee_id", "deleted", "data", "field_hlc",
                      "server_seq", "updated_at"})


def write(conn: Connection, rows: Sequence[StoredRow], seq: int, now: dt.datetime) -> None:
    """Insert the new rows and update the others, all with sequence number ``seq``."""
    new = [_params(r, seq, now) for r in rows if r.is_new]
    old = [{"b_office_id": r.office_id, "b_table_name": r.table_name, "b_row_id": r.row_id,
            **{k: v for k, v in _params(r, seq, now).items() if k in _UPDATED}}
           for r in rows if not r.is_new]
    if new:
        conn.execute(insert(sync_rows), new)
    if old:
        conn.execute(_UPDATE, old)
    for row in rows:
        row.is_new = False
        row.server_seq = seq


def move_bound_rows(conn: Connection, *, office_id: str, participant_id: str, coach_id: str | None,
                    seq: int, now: dt.datetime) -> int:
    """A participant changed caseload: every row bound to them follows, sequenced anew for the new coach."""
    done = conn.execute(update(sync_rows).where(
        sync_rows.c.office_id == office_id, sync_rows.c.participant_id == participant_id,
    ).values(coach_id=coach_id, server_seq=seq, updated_at=now))
    return int(done.rowcount or 0)


def resequence(conn: Connection, office_id: str, table: str, row_id: str, seq: int) -> None:
    """Send a row again (unchanged) to everyone who may see it now."""
    conn.execute(update(sync_rows).where(
        sync_rows.c.office_id == office_id, sync_rows.c.table_name == table, sync_rows.c.row_id == row_id,
    ).values(server_seq=seq))


def add_exit(conn: Connection, *, office_id: str, seq: int, user_id: str | None, table: str,
             row_id: str, kind: str) -> None:
    conn.execute(insert(sync_exits).values(office_id=office_id, seq=seq, user_id=user_id, table_name=table,
                                           row_id=row_id, kind=kind))


def has_live_session(conn: Connection, office_id: str, participant_id: str, interpreter_id: str,
                     *, other_than: str) -> bool:
    found = conn.execute(select(func.count()).select_from(sync_rows).where(
        sync_rows.c.office_id == office_id, sync_rows.c.table_name == SESSIONS,
        sync_rows.c.participant_id == participant_id, sync_rows.c.assignee_id == interpreter_id,
        sync_rows.c.deleted == false(), sync_rows.c.row_id != other_than,
    )).scalar_one()
    return bool(found)


def is_erased(conn: Connection, office_id: str, participant_id: str) -> bool:
    found = conn.execute(select(erasure_receipts.c.id).where(
        and_(erasure_receipts.c.office_id == office_id, erasure_receipts.c.participant_id == participant_id),
    )).first()
    return found is not None


def erased_among(conn: Connection, office_id: str, participant_ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(participant_ids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        found.update(conn.execute(select(erasure_receipts.c.participant_id).where(
            erasure_receipts.c.office_id == office_id,
            erasure_receipts.c.participant_id.in_(wanted[start:start + 500]))).scalars())
    return found


def rows_of_participant(conn: Connection, office_id: str, participant_id: str) -> list[tuple[str, str]]:
    query = select(sync_rows.c.table_name, sync_rows.c.row_id).where(
        sync_rows.c.office_id == office_id, sync_rows.c.participant_id == participant_id)
    return [(r.table_name, r.row_id) for r in conn.execute(query)]


def delete_rows_of_participant(conn: Connection, office_id: str, participant_id: str) -> None:
    conn.execute(delete(sync_rows).where(sync_rows.c.office_id == office_id,
                                         sync_rows.c.participant_id == participant_id))
