"""From outbox entries to a batch of ops, and from the server's answer back to a smaller outbox.

A batch coalesces every entry of a row into one op (the row's values as they are now, each field with the
newest stamp it was written with and the base of its first unsent write). Rows go parents first (the
models' foreign-key order), so a participant reaches the server before its goals. The batch is stored in
``local_meta`` before it is sent and sent again, unchanged, until the server answers it: the server knows
a batch by its id and applies it once.
"""

from __future__ import annotations

import functools
import graphlib
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from coachdesk.models import Base
from coachdesk.models.hlc import HybridLogicalClock
from coachdesk.models.sync_state import (
    ERASE_FIELD,
    ROW_FIELD,
    ConflictRecord,
    FieldClock,
    OutboxEntry,
    SyncRejection,
)
from coachdesk.sync import session_state
from coachdesk.sync.protocol import CONFLICTS_TABLE, DELETED_FIELD, OpKind, OpResult, OpStatus, Reason
from coachdesk.sync.schema import PARTICIPANTS, synced_tables
from coachdesk.sync.values import to_wire

MAX_OPS = 1000
#: Stop adding rows once the ops reach this size (attachments are large; the server takes 32 MiB).
MAX_BATCH_BYTES = 8 * 1024 * 1024
_CHUNK = 500

RowKey = tuple[str, str]


@dataclass
class Batch:
    batch_id: str
    ops: list[dict[str, Any]]
    #: Entries up to this outbox seq (of the rows below) are what the batch sends.
    max_seq: int
    #: ``(table, row_id, [op_id, ...])``: every row the batch covers, with its ops (none if it is gone).
    rows: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def dumps(self) -> str:
        return json.dumps({"batch_id": self.batch_id, "ops": self.ops, "max_seq": self.max_seq,
                           "rows": self.rows}, separators=(",", ":"))

    @classmethod
    def loads(cls, text: str) -> Batch:
        data = json.loads(text)
        return cls(batch_id=data["batch_id"], ops=data["ops"], max_seq=int(data["max_seq"]),
                   rows=[(t, r, list(ids)) for t, r, ids in data["rows"]])


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


@functools.cache
def table_order() -> tuple[str, ...]:
    """Tables parents first (foreign keys and participant bindings: an audit event names its participant
    without a foreign key); conflict dismissals last."""
    specs = synced_tables()
    graph: dict[str, set[str]] = {}
    for name, spec in specs.items():
        parents = {f.references for f in spec.fields.values() if f.references}
        if spec.binding is not None and spec.binding.field is not None:
            parents.add(spec.binding.via or PARTICIPANTS)
        graph[name] = {parent for parent in parents if parent and parent != name}
    sorter = graphlib.TopologicalSorter(graph)
    sorter.prepare()
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order += ready
        sorter.done(*ready)
    return (*order, CONFLICTS_TABLE)


def pending_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(OutboxEntry)).scalar_one())


def build(conn: Connection, *, hold: set[RowKey], max_ops: int = MAX_OPS,
          max_bytes: int = MAX_BATCH_BYTES) -> Batch | None:
    """The next batch from the outbox (rows in ``hold`` left out), or None when nothing is to be sent."""
    max_seq = conn.execute(select(func.max(OutboxEntry.seq))).scalar()
    if max_seq is None:
        return None
    batch = Batch(batch_id=str(uuid.uuid4()), ops=[], max_seq=int(max_seq))
    size = 0
    for table in table_order():
        first_seq = func.min(OutboxEntry.seq)
        wanted = max_ops - len(batch.ops) + len(hold)
        picked = [row_id for row_id, _seq in conn.execute(
            select(OutboxEntry.row_id, first_seq).where(OutboxEntry.tbl == table, OutboxEntry.seq <= max_seq)
            .group_by(OutboxEntry.row_id).order_by(first_seq).limit(wanted))
            if (table, row_id) not in hold]
        for chunk in _chunks(picked):
            for row_id, ops in _ops_for(conn, table, chunk, max_seq):
                if len(batch.ops) + len(ops) > max_ops or (size >= max_bytes and batch.rows):
                    return batch
                batch.rows.append((table, row_id, [op["op_id"] for op in ops]))
                batch.ops += ops
                size += sum(len(json.dumps(op)) for op in ops)
    return batch if batch.rows else None


def _entries(conn: Connection, table: str, row_ids: Sequence[str],
             max_seq: int) -> dict[str, list[tuple[int, str, str, str | None]]]:
    found: dict[str, list[tuple[int, str, str, str | None]]] = {row_id: [] for row_id in row_ids}
    query = (select(OutboxEntry.row_id, OutboxEntry.seq, OutboxEntry.field, OutboxEntry.hlc, OutboxEntry.base)
             .where(OutboxEntry.tbl == table, OutboxEntry.row_id.in_(row_ids), OutboxEntry.seq <= max_seq)
             .order_by(OutboxEntry.seq))
    for row_id, seq, name, hlc, base in conn.execute(query):
        found[row_id].append((seq, name, hlc, base))
    return found


def _ops_for(conn: Connection, table: str, row_ids: Sequence[str],
             max_seq: int) -> list[tuple[str, list[dict[str, Any]]]]:
    entries = _entries(conn, table, row_ids, max_seq)
    if table == CONFLICTS_TABLE:
        return [(row_id, [_dismissal(row_id, found)]) for row_id, found in entries.items() if found]
    spec = synced_tables()[table]
    model: Table = Base.metadata.tables[table]
    rows = {row.id: row._mapping for row in conn.execute(select(model).where(model.c.id.in_(row_ids)))}
    known = {row_id: json.loads(base) for row_id, base in conn.execute(select(
        FieldClock.row_id, FieldClock.base).where(FieldClock.tbl == table, FieldClock.row_id.in_(row_ids)))}
    every_field = [*spec.fields, DELETED_FIELD]
    out: list[tuple[str, list[dict[str, Any]]]] = []
    for row_id in row_ids:
        found = entries[row_id]
        if not found:
            continue
        op_id = str(found[0][0])
        if table == PARTICIPANTS and any(name == ERASE_FIELD for _s, name, _h, _b in found):
            out.append((row_id, [{"op_id": f"{op_id}.e", "table": table, "row_id": row_id,
                                  "kind": OpKind.ERASE.value, "changes": {}, "base": {}}]))
            continue
        row = rows.get(row_id)
        if row is None:  # gone (evicted) since it was written: nothing to send, the entries are dropped
            out.append((row_id, []))
            continue
        stamps: dict[str, str] = {}
        bases: dict[str, str | None] = {}
        for _seq, name, hlc, base in found:  # in seq order: the first write's base is what the user knew
            for covered in every_field if name == ROW_FIELD else [name]:
                if covered not in every_field:
                    continue
                stamps[covered] = max(stamps.get(covered, ""), hlc)
                bases.setdefault(covered, base)
        out.append((row_id, _row_ops(table, row_id, op_id, dict(row), stamps=stamps, bases=bases,
                                     known=known.get(row_id, {}))))
    return out


def _row_ops(table: str, row_id: str, op_id: str, row: Mapping[str, Any], *, stamps: dict[str, str],
             bases: dict[str, str | None], known: dict[str, str]) -> list[dict[str, Any]]:
    deleted = bool(row[DELETED_FIELD])
    ops: list[dict[str, Any]] = []
    fields = [name for name in stamps if not (deleted and name == DELETED_FIELD)]
    if fields:
        ops.append({"op_id": op_id, "table": table, "row_id": row_id, "kind": OpKind.UPSERT.value,
                    "changes": {name: {"value": to_wire(row[name]), "hlc": stamps[name]} for name in fields},
                    "base": {name: bases[name] for name in fields if bases.get(name)}})
    if deleted and DELETED_FIELD in stamps:
        # "Send the bases of all fields you know": what this device had seen when it deleted the row,
        # its own writes included: the upsert just before this op carries them, and the server must not
        # take them for someone else's edit racing the delete (a row edited, or made, and deleted offline).
        seen: dict[str, str] = {**known, **{name: base for name, base in bases.items() if base},
                                **{name: stamps[name] for name in fields}}
        seen.pop(DELETED_FIELD, None)
        deleted_base = bases.get(DELETED_FIELD)
        if deleted_base:
            seen[DELETED_FIELD] = deleted_base
        ops.append({"op_id": f"{op_id}.d", "table": table, "row_id": row_id, "kind": OpKind.DELETE.value,
                    "changes": {DELETED_FIELD: {"value": True, "hlc": stamps[DELETED_FIELD]}},
                    "base": {name: stamp for name, stamp in seen.items() if stamp}})
    return ops


def _dismissal(row_id: str, found: list[tuple[int, str, str, str | None]]) -> dict[str, Any]:
    stamp = max(hlc for _seq, _name, hlc, _base in found)
    return {"op_id": f"{found[0][0]}.c", "table": CONFLICTS_TABLE, "row_id": row_id, "base": {},
            "kind": OpKind.DELETE.value, "changes": {DELETED_FIELD: {"value": True, "hlc": stamp}}}


# --- the answer -------------------------------------------------------------------------------------------


@dataclass
class Acknowledged:
    pushed: int = 0
    conflicts: int = 0
    rejected: int = 0
    #: Rows the server held aside for clock skew: kept in the outbox.
    quarantined: list[RowKey] = field(default_factory=list)


def _merge_stamps(conn: Connection, table: str, row_id: str, stamps: Mapping[str, str]) -> None:
    """After the server took these writes: the local values carry these stamps, and it has seen them."""
    current = conn.execute(select(FieldClock.hlc, FieldClock.base).where(
        FieldClock.tbl == table, FieldClock.row_id == row_id)).first()
    hlc, base = (json.loads(current[0]), json.loads(current[1])) if current else ({}, {})
    for name, stamp in stamps.items():
        hlc[name] = max(hlc.get(name, ""), stamp)
        base[name] = max(base.get(name, ""), stamp)
    values = {"hlc": json.dumps(hlc, separators=(",", ":")), "base": json.dumps(base, separators=(",", ":"))}
    if current:
        conn.execute(update(FieldClock).where(FieldClock.tbl == table, FieldClock.row_id == row_id)
                     .values(**values))
    else:
        conn.execute(insert(FieldClock).values(tbl=table, row_id=row_id, **values))


def acknowledge(conn: Connection, batch: Batch, results: Sequence[OpResult]) -> Acknowledged:
    """Apply the server's answer to the outbox: only the entries this batch sent are dropped."""
    by_id = {result.op_id: result for result in results}
    ops = {op["op_id"]: op for op in batch.ops}
    done = Acknowledged()
    # A row whose parent was held aside is "not found" only for now: hold it too, it goes after its parent.
    held = {OpStatus.QUARANTINED}
    if any(result.status is OpStatus.QUARANTINED for result in results):
        held.add(OpStatus.REJECTED)

    def waits(result: OpResult | None) -> bool:
        return result is None or (result.status in held and (
            result.status is OpStatus.QUARANTINED or result.reason is Reason.NOT_FOUND))

    for table, row_id, op_ids in batch.rows:
        answered = [(ops[op_id], by_id.get(op_id)) for op_id in op_ids]
        if any(waits(result) for _op, result in answered):
            done.quarantined.append((table, row_id))
            continue
        for op, result in answered:
            assert result is not None
            _settle(conn, op, result, done)
        conn.execute(delete(OutboxEntry).where(OutboxEntry.tbl == table, OutboxEntry.row_id == row_id,
                                               OutboxEntry.seq <= batch.max_seq))
    return done


def _settle(conn: Connection, op: Mapping[str, Any], result: OpResult, done: Acknowledged) -> None:
    table, row_id, kind = op["table"], op["row_id"], op["kind"]
    if result.status is OpStatus.REJECTED:
        # Nothing left to erase or dismiss on the server; a change to an erased person is moot.
        harmless = result.reason is Reason.ERASED or (
            (kind == OpKind.ERASE.value or table == CONFLICTS_TABLE) and result.reason is Reason.NOT_FOUND)
        if table == CONFLICTS_TABLE:
            conn.execute(delete(ConflictRecord).where(ConflictRecord.id == row_id))
        if not harmless:
            done.rejected += 1
            conn.execute(insert(SyncRejection).values(
                tbl=table, row_id=row_id, kind=kind, fields=json.dumps(sorted(op["changes"])),
                reason=(result.reason or Reason.BAD_OP).value, at=session_state.now_iso()))
        return
    done.pushed += 1
    done.conflicts += result.status is OpStatus.CONFLICT
    if table == CONFLICTS_TABLE:
        conn.execute(delete(ConflictRecord).where(ConflictRecord.id == row_id))
    elif kind != OpKind.ERASE.value:
        _merge_stamps(conn, table, row_id, {name: change["hlc"] for name, change in op["changes"].items()})


def restamp(conn: Connection, rows: Iterable[RowKey], max_seq: int, clock: HybridLogicalClock) -> None:
    """Give held-aside (quarantined) entries fresh stamps from a clock that is right again.

    Never below what this device has seen of the row: the rewound clock may be behind a stamp another
    device wrote (its clock ahead, within the server's limit), and an edit stamped before the value it
    replaced would lose to it without a conflict."""
    for table, row_id in rows:
        seen = conn.execute(select(FieldClock.base).where(FieldClock.tbl == table,
                                                          FieldClock.row_id == row_id)).scalar()
        newest = max(json.loads(seen).values(), default=None) if seen else None
        if newest:
            clock.observe(newest)
        seqs = conn.execute(select(OutboxEntry.seq).where(
            OutboxEntry.tbl == table, OutboxEntry.row_id == row_id,
            OutboxEntry.seq <= max_seq)).scalars().all()
        for seq in seqs:
            conn.execute(update(OutboxEntry).where(OutboxEntry.seq == seq).values(hlc=clock.now()))
