"""Paged, scoped pulls: the rows a device may see that changed after its cursor, and its evictions.

The feed is ordered by ``(seq, src, table, row_id)`` where ``src`` puts exits (evictions, erasures)
before rows of the same sequence number. The cursor is that key of the last item sent, plus a
fingerprint of the user's scope: when the role or office changed, or the cursor is ahead of the
server (restored from an older backup), the pull starts again from nothing with ``reset``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, or_, select

from coachdesk.server import rowstore, scope
from coachdesk.server.audit import record as audit
from coachdesk.server.context import ServerContext
from coachdesk.server.db import is_sqlite, reading, writing
from coachdesk.server.errors import ApiError
from coachdesk.server.scope import Principal
from coachdesk.server.tables import sync_exits, sync_rows
from coachdesk.sync.protocol import Change, ChangeKind, ErrorCode

_VERSION = 1
_EXIT, _ROW = 0, 1


@dataclass(frozen=True, order=True)
class Position:
    seq: int = 0
    src: int = -1
    table: str = ""
    row_id: str = ""


@dataclass(frozen=True)
class Cursor:
    position: Position
    fingerprint: str


def encode_cursor(cursor: Cursor) -> str:
    p = cursor.position
    raw = json.dumps([_VERSION, p.seq, p.src, p.table, p.row_id, cursor.fingerprint], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(text: str) -> Cursor:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        version, seq, src, table, row_id, fingerprint = json.loads(raw)
        valid = (version == _VERSION and type(seq) is int and seq >= 0 and src in (-1, _EXIT, _ROW)
                 and isinstance(table, str) and isinstance(row_id, str) and isinstance(fingerprint, str))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        valid = False
    if not valid:
        raise ApiError(400, ErrorCode.INVALID_CURSOR, "The cursor is not one this server gave out; "
                                                      "sync again without a cursor.")
    return Cursor(Position(seq, src, table, row_id), fingerprint)


@dataclass
class Page:
    changes: list[Change]
    next_cursor: str
    has_more: bool
    reset: bool
    participant_ids: set[str]
    counts: Counter[str]


def _after(position: Position, src: int, seq_col: Any, table_col: Any, row_col: Any) -> ColumnElement[bool]:
    """Keyset condition: items of source ``src`` that come after ``position`` in feed order."""
    if src < position.src:
        return seq_col > position.seq  # type: ignore[no-any-return]
    if src > position.src:
        return seq_col >= position.seq  # type: ignore[no-any-return]
    return or_(seq_col > position.seq, and_(seq_col == position.seq, or_(
        table_col > position.table, and_(table_col == position.table, row_col > position.row_id))))


def _rows(conn: Connection, principal: Principal, position: Position,
          limit: int) -> list[tuple[Position, Any]]:
    query = (select(sync_rows.c.table_name, sync_rows.c.row_id, sync_rows.c.office_id,
                    sync_rows.c.participant_id, sync_rows.c.deleted, sync_rows.c.data, sync_rows.c.field_hlc,
                    sync_rows.c.server_seq)
             .where(scope.row_filter(principal),
                    _after(position, _ROW, sync_rows.c.server_seq, sync_rows.c.table_name,
                           sync_rows.c.row_id))
             .order_by(sync_rows.c.server_seq, sync_rows.c.table_name, sync_rows.c.row_id)
             .limit(limit))
    return [(Position(r.server_seq, _ROW, r.table_name, r.row_id), r) for r in conn.execute(query)]


def _exits(conn: Connection, principal: Principal, position: Position,
           limit: int) -> list[tuple[Position, Any]]:
    query = (select(sync_exits.c.table_name, sync_exits.c.row_id, sync_exits.c.office_id, sync_exits.c.kind,
                    sync_exits.c.seq)
             .where(scope.exit_filter(principal),
                    _after(position, _EXIT, sync_exits.c.seq, sync_exits.c.table_name, sync_exits.c.row_id))
             .order_by(sync_exits.c.seq, sync_exits.c.table_name, sync_exits.c.row_id)
             .limit(limit))
    return [(Position(r.seq, _EXIT, r.table_name, r.row_id), r) for r in conn.execute(query)]


def _change(principal: Principal, position: Position, record: Any) -> Change:
    if position.src == _EXIT:
        return Change(table=record.table_name, row_id=record.row_id, kind=ChangeKind(record.kind),
                      office_id=record.office_id)
    values, hlcs = scope.project(principal, record.table_name, json.loads(record.data),
                                 json.loads(record.field_hlc))
    deleted = bool(record.deleted)
    return Change(table=record.table_name, row_id=record.row_id,
                  kind=ChangeKind.DELETE if deleted else ChangeKind.UPSERT, office_id=record.office_id,
                  fields=values, field_hlc=hlcs, deleted=deleted)


def pull(ctx: ServerContext, principal: Principal, *, start: Cursor | None, limit: int) -> Page:
    """One page after ``start`` (decoded by the caller first, so a bad cursor fails before any push).

    Every pull is audited: which participants' data went to which device, and how much.
    """
    limit = max(1, min(limit, ctx.settings.max_pull_limit))
    fingerprint = scope.fingerprint(principal)
    with reading(ctx.engine) as conn:
        position = start.position if start else Position()
        reset = start is not None and (start.fingerprint != fingerprint
                                       or start.position.seq > rowstore.current_seq(conn))
        if reset:
            position = Position()
        # Each source gives at most limit + 1, so the first limit + 1 of both are among them.
        items = sorted(_exits(conn, principal, position, limit + 1)
                       + _rows(conn, principal, position, limit + 1), key=lambda item: item[0])
        page = _page(principal, items, limit=limit, position=position, fingerprint=fingerprint, reset=reset)
        if not is_sqlite(ctx.engine):
            _audit(conn, principal, page, ctx.now())  # in the same transaction: one round trip less
    if is_sqlite(ctx.engine):
        # A SQLite read transaction cannot become a writer safely: the entry gets its own.
        with writing(ctx.engine) as conn:
            _audit(conn, principal, page, ctx.now())
    return page


def _page(principal: Principal, items: list[tuple[Position, Any]], *, limit: int, position: Position,
          fingerprint: str, reset: bool) -> Page:
    has_more = len(items) > limit
    items = items[:limit]
    changes = [_change(principal, pos, record) for pos, record in items]
    last = items[-1][0] if items else position
    counts: Counter[str] = Counter(change.kind.value for change in changes)
    people = {r.participant_id for pos, r in items if pos.src == _ROW and r.participant_id}
    return Page(changes, encode_cursor(Cursor(last, fingerprint)), has_more, reset, people, counts)


def _audit(conn: Connection, principal: Principal, page: Page, at: dt.datetime) -> None:
    audit(conn, principal, "pull", at=at, participant_ids=page.participant_ids,
          counts={"changes": len(page.changes), **page.counts})
