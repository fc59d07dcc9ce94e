"""Storing pulled changes: per-field last writer wins against the local stamps, without capture.

Runs on a connection with capture off (``coachdesk.models.capture.capture_off``) and foreign keys off
(a page may bring a goal before its participant; the participant follows in the same pull).

* A field with an unsent local write keeps its local value: the write goes to the server, where it wins
  or becomes a conflict, and the merged row comes back.
* Otherwise a pulled stamp newer than the local one wins; an older one is ignored.
* ``evict`` drops the row and every row bound to it, ``erase`` too and purges their outbox entries and
  stamps (the database has ``secure_delete`` on).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from coachdesk.models import Base
from coachdesk.models.hlc import HybridLogicalClock
from coachdesk.models.sync_state import (
    ROW_FIELD,
    ConflictRecord,
    FieldClock,
    OutboxEntry,
    PullSeen,
    SyncRejection,
)
from coachdesk.sync.protocol import CONFLICTS_TABLE, DELETED_FIELD, Change, ChangeKind
from coachdesk.sync.schema import CONFLICT_FIELDS, PARTICIPANTS, TableSpec, bound_tables, synced_tables
from coachdesk.sync.values import DELETED_SPEC, BadValue, from_wire, placeholder, to_wire

_CHUNK = 500


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


@dataclass
class PageOutcome:
    pulled: int = 0
    new_conflicts: int = 0
    removed: int = 0


@dataclass
class _Cache:
    """One table's rows, stamps and unsent fields for the ids of a page, fetched at once."""

    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    hlc: dict[str, dict[str, str]] = field(default_factory=dict)
    base: dict[str, dict[str, str]] = field(default_factory=dict)
    pending: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


class Applier:
    def __init__(self, conn: Connection, clock: HybridLogicalClock, *, track_seen: bool) -> None:
        self.conn, self.clock, self.track_seen = conn, clock, track_seen
        self.specs = synced_tables()

    # --- a page ---------------------------------------------------------------------------------------

    def apply(self, changes: Sequence[Change]) -> PageOutcome:
        outcome = PageOutcome(pulled=len(changes))
        caches = self._prefetch(changes)
        for change in changes:
            if change.table == CONFLICTS_TABLE:
                outcome.new_conflicts += self._conflict(change)
            elif change.table not in self.specs:
                continue  # a table this version does not know (the server checks versions first)
            elif change.kind in (ChangeKind.EVICT, ChangeKind.ERASE):
                outcome.removed += self.remove(change.table, [change.row_id])
            else:
                self._row(self.specs[change.table], change, caches[change.table])
        if self.track_seen:
            seen = {(c.table, c.row_id) for c in changes if c.kind in (ChangeKind.UPSERT, ChangeKind.DELETE)}
            for table, row_id in seen:
                self.conn.execute(insert(PullSeen).prefix_with("OR IGNORE").values(
                    tbl=table, row_id=row_id))
        return outcome

    def _prefetch(self, changes: Sequence[Change]) -> dict[str, _Cache]:
        ids: dict[str, list[str]] = defaultdict(list)
        for change in changes:
            if change.table in self.specs and change.kind in (ChangeKind.UPSERT, ChangeKind.DELETE):
                ids[change.table].append(change.row_id)
        caches: dict[str, _Cache] = defaultdict(_Cache)
        for table, row_ids in ids.items():
            cache, model = caches[table], Base.metadata.tables[table]
            for chunk in _chunks(sorted(set(row_ids))):
                for row in self.conn.execute(select(model).where(model.c.id.in_(chunk))):
                    cache.rows[row.id] = dict(row._mapping)
                for row_id, hlc, base in self.conn.execute(select(
                        FieldClock.row_id, FieldClock.hlc, FieldClock.base).where(
                        FieldClock.tbl == table, FieldClock.row_id.in_(chunk))):
                    cache.hlc[row_id], cache.base[row_id] = json.loads(hlc), json.loads(base)
                for row_id, name in self.conn.execute(select(OutboxEntry.row_id, OutboxEntry.field).where(
                        OutboxEntry.tbl == table, OutboxEntry.row_id.in_(chunk))):
                    cache.pending[row_id].add(name)
        return caches

    # --- one row --------------------------------------------------------------------------------------

    def _row(self, spec: TableSpec, change: Change, cache: _Cache) -> None:
        model = Base.metadata.tables[spec.name]
        row_id = change.row_id
        local = cache.rows.get(row_id)
        pending = cache.pending.get(row_id, set())
        if local is None and pending:
            return  # erased here, the erase is on its way
        hlc = cache.hlc.setdefault(row_id, {})
        base = cache.base.setdefault(row_id, {})
        incoming = {**change.fields, DELETED_FIELD: change.deleted}
        values: dict[str, Any] = {}
        for name, value in incoming.items():
            stamp = change.field_hlc.get(name, "")
            if stamp:
                self.clock.observe(stamp)
                base[name] = max(base.get(name, ""), stamp)
            if name in pending or ROW_FIELD in pending:
                continue  # an unsent local write: it wins or conflicts on the server
            if local is not None and stamp <= hlc.get(name, "") and name in local:
                continue  # older than what this device holds
            spec_of = DELETED_SPEC if name == DELETED_FIELD else spec.fields.get(name)
            if spec_of is None:
                continue
            try:
                values[name] = from_wire(spec_of, value)
            except BadValue:
                continue
            if stamp:
                hlc[name] = stamp
        newest = max([local["updated_hlc"] if local else "", *change.field_hlc.values()])
        if local is None:
            row = {c.name: values[c.name] if c.name in values else (
                None if c.nullable else placeholder(c)) for c in model.columns}
            row.update(id=row_id, office_id=change.office_id, updated_hlc=newest)
            self.conn.execute(model.insert().values(**row))
            cache.rows[row_id] = row
        else:
            changed = {name: value for name, value in values.items()
                       if to_wire(local.get(name)) != to_wire(value)}
            if local["office_id"] != change.office_id:
                changed["office_id"] = change.office_id
            if changed:
                changed["updated_hlc"] = newest
                self.conn.execute(update(model).where(model.c.id == row_id).values(**changed))
                local.update(changed)
        self._save_stamps(spec.name, row_id, hlc, base)

    def _save_stamps(self, table: str, row_id: str, hlc: Mapping[str, str], base: Mapping[str, str]) -> None:
        self.conn.execute(insert(FieldClock).prefix_with("OR REPLACE").values(
            tbl=table, row_id=row_id, hlc=_dumps(hlc), base=_dumps(base)))

    # --- conflict records -----------------------------------------------------------------------------

    def _conflict(self, change: Change) -> int:
        record_id = change.row_id
        if change.kind is not ChangeKind.UPSERT:
            self.conn.execute(delete(ConflictRecord).where(ConflictRecord.id == record_id))
            return 0
        if self.conn.execute(select(OutboxEntry.seq).where(
                OutboxEntry.tbl == CONFLICTS_TABLE, OutboxEntry.row_id == record_id).limit(1)).first():
            return 0  # dismissed here; the dismissal is on its way
        data = {name: change.fields.get(name) for name in CONFLICT_FIELDS}
        exists = self.conn.execute(select(ConflictRecord.id).where(ConflictRecord.id == record_id)).first()
        values = {
            "tbl": str(data["table"]), "row_id": str(data["row_id"]), "field": str(data["field"]),
            "fields": _dumps(data["fields"] or []), "winner_value": _dumps(data["winner_value"]),
            "winner_hlc": data["winner_hlc"], "winner_user_id": data["winner_user_id"],
            "winner_device_id": data["winner_device_id"], "loser_value": _dumps(data["loser_value"]),
            "loser_hlc": data["loser_hlc"], "loser_user_id": data["loser_user_id"],
            "loser_device_id": data["loser_device_id"], "detected_at": data["detected_at"],
        }
        if exists:
            self.conn.execute(update(ConflictRecord).where(ConflictRecord.id == record_id).values(**values))
            return 0
        self.conn.execute(insert(ConflictRecord).values(id=record_id, resolved=False, **values))
        return 1

    # --- removing rows --------------------------------------------------------------------------------

    def remove(self, table: str, row_ids: Sequence[str]) -> int:
        """Drop rows and every row bound to them, with their outbox entries, stamps and conflicts."""
        if table == CONFLICTS_TABLE:
            self.conn.execute(delete(ConflictRecord).where(ConflictRecord.id.in_(row_ids)))
            return 0
        doomed = dependents(self.conn, table, row_ids)
        removed = 0
        for name in reversed(list(doomed)):  # children first
            ids = sorted(doomed[name])
            model: Table = Base.metadata.tables[name]
            for chunk in _chunks(ids):
                removed += self.conn.execute(delete(model).where(model.c.id.in_(chunk))).rowcount
                purge(self.conn, name, chunk)
        return removed


def dependents(conn: Connection, table: str, row_ids: Sequence[str]) -> dict[str, set[str]]:
    """``{table: ids}``: the rows and, recursively, the rows bound to them (parents first)."""
    order = list(synced_tables())
    found: dict[str, set[str]] = defaultdict(set)
    todo: list[tuple[str, list[str]]] = [(table, list(row_ids))]
    bindings = bound_tables()
    while todo:
        name, ids = todo.pop()
        fresh = [i for i in ids if i not in found[name]]
        if not fresh:
            continue
        found[name].update(fresh)
        for child, binding in bindings.items():
            parent = binding.via or (PARTICIPANTS if binding.field else None)
            if parent != name or binding.field is None:
                continue
            model = Base.metadata.tables[child]
            column = model.c[binding.field]
            for chunk in _chunks(fresh):
                children = list(conn.execute(select(model.c.id).where(column.in_(chunk))).scalars())
                if children:
                    todo.append((child, children))
    return {name: found[name] for name in sorted(found, key=order.index) if found[name]}


def purge(conn: Connection, table: str, row_ids: Sequence[str]) -> None:
    """Forget every sync trace of rows that are gone: outbox entries, stamps, conflicts, reset marks and
    refusals (a change to an erased participant was refused because it is gone)."""
    conn.execute(delete(OutboxEntry).where(OutboxEntry.tbl == table, OutboxEntry.row_id.in_(row_ids)))
    conn.execute(delete(FieldClock).where(FieldClock.tbl == table, FieldClock.row_id.in_(row_ids)))
    conn.execute(delete(ConflictRecord).where(ConflictRecord.tbl == table,
                                              ConflictRecord.row_id.in_(row_ids)))
    conn.execute(delete(PullSeen).where(PullSeen.tbl == table, PullSeen.row_id.in_(row_ids)))
    conn.execute(delete(SyncRejection).where(SyncRejection.tbl == table, SyncRejection.row_id.in_(row_ids)))


def finish_reset(conn: Connection) -> int:
    """End of a reset pull sequence: drop synced rows not received again (unsent local rows stay)."""
    removed = 0
    for name in reversed(list(synced_tables())):
        model = Base.metadata.tables[name]
        seen = select(PullSeen.row_id).where(PullSeen.tbl == name)
        unsent = select(OutboxEntry.row_id).where(OutboxEntry.tbl == name)
        gone = list(conn.execute(select(model.c.id).where(model.c.id.not_in(seen), model.c.id.not_in(unsent)))
                    .scalars())
        for chunk in _chunks(gone):
            removed += conn.execute(delete(model).where(model.c.id.in_(chunk))).rowcount
            purge(conn, name, chunk)
    seen_records = select(PullSeen.row_id).where(PullSeen.tbl == CONFLICTS_TABLE)
    conn.execute(delete(ConflictRecord).where(ConflictRecord.id.not_in(seen_records)))
    conn.execute(delete(PullSeen))
    return removed
