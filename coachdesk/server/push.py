"""Applying a pushed batch of ops: validation, scope, quarantine, merge, conflicts, evictions, erasure.

Each op gets one result. Ops are applied in order inside one transaction, each on its own: a rejected
op stores nothing and does not stop the others. The answer is kept by ``(device_id, batch_id)`` so a
resent batch is answered again without being applied twice.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Connection, insert, select

from coachdesk.models.enums import Role
from coachdesk.models.ids import uuid7
from coachdesk.server import erase, rowstore, scope
from coachdesk.server.audit import record as audit
from coachdesk.server.context import ServerContext, wall_ms
from coachdesk.server.db import writing
from coachdesk.server.errors import ApiError
from coachdesk.server.rowstore import StoredRow
from coachdesk.server.scope import Keys, Principal
from coachdesk.server.tables import devices, sync_batches, sync_quarantine
from coachdesk.sync.merge import FieldConflict, Write, merge_row
from coachdesk.sync.protocol import (
    CONFLICTS_TABLE,
    DELETED_FIELD,
    ChangeKind,
    ErrorCode,
    FieldChange,
    Op,
    OpKind,
    OpResult,
    OpStatus,
    Reason,
    hlc_node,
    hlc_wall_ms,
)
from coachdesk.sync.schema import ENVELOPE_COLUMNS, PARTICIPANTS, TableSpec, check_value, synced_tables

USERS = "users"
_RESULTS = TypeAdapter(list[OpResult])


@dataclass(frozen=True)
class Prepared:
    """An op checked against the schema, before any database work."""

    op: Op
    spec: TableSpec | None
    writes: dict[str, Write] = field(default_factory=dict)
    reject: Reason | None = None


class Rejected(Exception):
    """An op's outcome (not an error): nothing of it is stored."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.value)
        self.reason = reason


def prepare(op: Op, specs: Mapping[str, TableSpec]) -> Prepared:
    try:
        spec, writes = _checked(op, specs)
    except Rejected as rejected:
        return Prepared(op, specs.get(op.table), reject=rejected.reason)
    return Prepared(op, spec, writes)


def _checked(op: Op, specs: Mapping[str, TableSpec]) -> tuple[TableSpec | None, dict[str, Write]]:
    if op.table == CONFLICTS_TABLE:  # a conflict record can only be dismissed
        _require(op.kind is OpKind.DELETE and _only_deleted(op, True))
        return None, _writes(op)
    spec = specs.get(op.table)
    if spec is None:
        raise Rejected(Reason.UNKNOWN_TABLE)
    if any(name != DELETED_FIELD and name not in spec.fields for name in op.base):
        raise Rejected(Reason.UNKNOWN_FIELD)
    if op.kind is OpKind.ERASE:
        _require(op.table == PARTICIPANTS and not op.changes)
        return spec, {}
    if op.kind is OpKind.DELETE:
        _require(_only_deleted(op, True))
        return spec, _writes(op)
    _require(bool(op.changes))
    return spec, {name: _write(spec, name, change) for name, change in op.changes.items()}


def _require(shape_ok: bool) -> None:
    if not shape_ok:
        raise Rejected(Reason.BAD_OP)


def _write(spec: TableSpec, name: str, change: FieldChange) -> Write:
    if name == DELETED_FIELD:
        _require(change.value is False)  # a tombstone is a ``delete`` op; an upsert may only restore
        return Write(False, change.hlc)
    field_spec = spec.fields.get(name)
    if field_spec is None:
        raise Rejected(Reason.READ_ONLY_FIELD if name in ENVELOPE_COLUMNS else Reason.UNKNOWN_FIELD)
    value, problem = check_value(field_spec, change.value)
    if problem is not None:
        raise Rejected(problem)
    return Write(value, change.hlc)


def _only_deleted(op: Op, value: bool) -> bool:
    change = op.changes.get(DELETED_FIELD)
    return set(op.changes) == {DELETED_FIELD} and change is not None and change.value is value


def _writes(op: Op) -> dict[str, Write]:
    return {name: Write(change.value, change.hlc) for name, change in op.changes.items()}


def digest(ops: Iterable[Op]) -> str:
    text = json.dumps([op.model_dump(mode="json") for op in ops], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Outcome:
    results: list[OpResult]
    row_ids: list[str]
    participant_ids: set[str]
    counts: Counter[str]


class BatchWriter:
    """One transaction's working set: rows read once, changed in memory, written together at the end."""

    def __init__(self, ctx: ServerContext, conn: Connection, principal: Principal, seq: int) -> None:
        assert principal.office_id is not None
        self.ctx, self.conn, self.principal, self.seq = ctx, conn, principal, seq
        self.office_id: str = principal.office_id
        self.now = ctx.now()
        self.specs = synced_tables()
        self.cache: dict[tuple[str, str], StoredRow | None] = {}
        self.dirty: dict[tuple[str, str], StoredRow] = {}
        self.participant_ids: set[str] = set()
        self.counts: Counter[str] = Counter()
        self._device_users: dict[str, str | None] = {}
        self._erased: dict[str, bool] = {}

    # --- the working set --------------------------------------------------------------------------

    def prefetch(self, prepared: list[Prepared]) -> None:
        wanted: set[tuple[str, str]] = set()
        for item in prepared:
            if item.reject is not None:
                continue
            wanted.add((item.op.table, item.op.row_id))
            for name, write in item.writes.items():
                target = self._reference(item.spec, name)
                if target and isinstance(write.value, str):
                    wanted.add((target, write.value))
        wanted -= set(self.cache)
        found = rowstore.load_many(self.conn, self.office_id, wanted)
        for key in wanted:
            self.cache[key] = found.get(key)
        # Every participant these ops touch, checked against erasure receipts in one query.
        people = {row_id for table, row_id in wanted if table == PARTICIPANTS}
        people |= {row.participant_id for row in found.values() if row.participant_id}
        people -= set(self._erased)
        erased = rowstore.erased_among(self.conn, self.office_id, people)
        self._erased.update({pid: pid in erased for pid in people})

    def get(self, table: str, row_id: str) -> StoredRow | None:
        key = (table, row_id)
        if key not in self.cache:
            self.cache[key] = rowstore.load(self.conn, self.office_id, table, row_id)
        return self.cache[key]

    def put(self, row: StoredRow) -> None:
        key = (row.table_name, row.row_id)
        self.cache[key] = row
        self.dirty[key] = row

    def flush(self) -> None:
        if self.dirty:
            rowstore.write(self.conn, list(self.dirty.values()), self.seq, self.now)
            self.dirty.clear()

    def erased(self, participant_id: str) -> bool:
        if participant_id not in self._erased:
            self._erased[participant_id] = rowstore.is_erased(self.conn, self.office_id, participant_id)
        return self._erased[participant_id]

    def user_of_device(self, device_id: str) -> str | None:
        if device_id not in self._device_users:
            self._device_users[device_id] = self.conn.execute(
                select(devices.c.account_id).where(devices.c.id == device_id)).scalar_one_or_none()
        return self._device_users[device_id]

    @staticmethod
    def _reference(spec: TableSpec | None, name: str) -> str | None:
        """The table a field points at: a foreign key, or a user named by a user field."""
        if spec is None:
            return None
        if (spec.name, name) in scope.USER_FIELDS:
            return USERS
        target = spec.fields[name].references if name in spec.fields else None
        return target

    # --- one op -------------------------------------------------------------------------------------

    def apply(self, item: Prepared) -> OpResult:
        op = item.op
        if item.reject is not None:
            return self._result(op, OpStatus.REJECTED, item.reject)
        if self.principal.role is Role.INTERPRETER and op.table not in scope.EVERYONE_WRITES:
            return self._result(op, OpStatus.REJECTED, Reason.FORBIDDEN)  # reads only (and audits itself)
        try:
            if op.table == CONFLICTS_TABLE:
                status = self._resolve(item)
            elif op.kind is OpKind.ERASE:
                status = self._erase(item)
            else:
                status = self._change(item)
        except Rejected as rejected:
            return self._result(op, OpStatus.REJECTED, rejected.reason)
        reason = Reason.CLOCK_SKEW if status is OpStatus.QUARANTINED else None
        return self._result(op, status, reason)

    def _result(self, op: Op, status: OpStatus, reason: Reason | None) -> OpResult:
        self.counts[status.value] += 1
        return OpResult(op_id=op.op_id, status=status, reason=reason)

    def _change(self, item: Prepared) -> OpStatus:
        spec, op = item.spec, item.op
        assert spec is not None
        if spec.name == PARTICIPANTS and self.erased(op.row_id):
            raise Rejected(Reason.ERASED)
        existing = self.get(op.table, op.row_id)
        if existing is not None and not scope.can_read(self.principal, existing):
            return self._unseen(spec, item)
        if existing is None:
            return self._create(spec, item)
        problem = scope.check_write(self.principal, spec, existing, existing.keys) or scope.check_values(
            self.principal, spec, existing.values,
            {**existing.values, **{name: write.value for name, write in item.writes.items()}})
        if problem is not None:
            raise Rejected(problem)
        for name, write in item.writes.items():
            if name in spec.immutable and write.value != existing.values.get(name):
                raise Rejected(Reason.IMMUTABLE_FIELD)
        if spec.append_only and (op.kind is OpKind.DELETE or any(
                name != DELETED_FIELD and write.value != existing.values.get(name)
                for name, write in item.writes.items())):
            raise Rejected(Reason.APPEND_ONLY)
        self._check_references(spec, item.writes, changed_from=existing.values)
        if self._too_far_ahead(item):
            self._quarantine(item, existing.keys)
            return OpStatus.QUARANTINED
        merged = merge_row(existing.values, existing.hlcs, item.writes, op.base,
                           record_conflicts=not spec.conflict_free)
        self._note(existing.keys)
        if not merged.changed and not merged.conflicts:
            return OpStatus.APPLIED  # every write was already here, or older than what is
        before, deleted_before = existing.keys, existing.deleted
        existing.values, existing.hlcs = merged.values, merged.hlcs
        after = self._keys_after(spec, existing)
        existing.set_keys(after)
        self.put(existing)
        self._follow_scope(spec, existing, before, after, deleted_before)
        for conflict in merged.conflicts:
            self._record_conflict(existing, conflict)
        return OpStatus.CONFLICT if merged.conflicts else OpStatus.APPLIED

    def _unseen(self, spec: TableSpec, item: Prepared) -> OpStatus:
        """A row that exists but is not this user's to see: answered as if it did not exist."""
        self._check_new(spec, item)
        raise Rejected(Reason.NOT_FOUND)  # a complete new row whose id is taken

    @staticmethod
    def _check_new(spec: TableSpec, item: Prepared) -> dict[str, Any]:
        op = item.op
        if op.kind is OpKind.DELETE or any(op.base.values()):
            # Changing a row the client saw, which is gone (erased, or never its to see).
            raise Rejected(Reason.NOT_FOUND)
        values: dict[str, Any] = {name: write.value for name, write in item.writes.items()}
        if any(f.required and name not in values for name, f in spec.fields.items()):
            raise Rejected(Reason.MISSING_FIELD)
        return values

    def _create(self, spec: TableSpec, item: Prepared) -> OpStatus:
        op = item.op
        values = self._check_new(spec, item)
        parent = self._parent_keys(spec, values)
        keys = scope.keys_for_new(spec, op.row_id, values, self.principal, parent)
        problem = scope.check_write(self.principal, spec, None, keys) or scope.check_values(
            self.principal, spec, None, values)
        if problem is not None:
            raise Rejected(problem)
        self._check_references(spec, item.writes, changed_from=None)
        if self._too_far_ahead(item):
            self._quarantine(item, keys)
            return OpStatus.QUARANTINED
        values.setdefault(DELETED_FIELD, False)
        row = StoredRow(office_id=self.office_id, table_name=spec.name, row_id=op.row_id, values=values,
                        hlcs={name: write.hlc for name, write in item.writes.items()},
                        owner_id=self.principal.user_id, created_at=self.now, is_new=True)
        row.set_keys(keys)
        self.put(row)
        self._note(keys)
        self._follow_scope(spec, row, Keys(), keys, deleted_before=False)
        return OpStatus.APPLIED

    def _parent_keys(self, spec: TableSpec, values: Mapping[str, Any]) -> Keys | None:
        """The keys of the row a new row is bound to (the participant, or a bound parent)."""
        binding = spec.binding
        if binding is None or binding.field is None:
            return None
        target_id = values.get(binding.field)
        if target_id is None:
            return None
        parent_table = binding.via or PARTICIPANTS
        if parent_table == PARTICIPANTS and self.erased(str(target_id)):
            raise Rejected(Reason.ERASED)
        parent = self.get(parent_table, str(target_id))
        if parent is None or not self._sees(parent):
            raise Rejected(Reason.NOT_FOUND)
        return parent.keys

    def _sees(self, row: StoredRow) -> bool:
        """``can_read``, with an interpreter's live sessions (they see their sessions' participants)."""
        assigned: set[str] = set()
        if self.principal.role is Role.INTERPRETER and row.table_name == PARTICIPANTS and \
                rowstore.has_live_session(self.conn, self.office_id, row.row_id, self.principal.user_id,
                                          other_than=""):
            assigned.add(row.row_id)
        return scope.can_read(self.principal, row, assigned=assigned)

    def _check_references(self, spec: TableSpec, writes: Mapping[str, Write],
                          changed_from: Mapping[str, Any] | None) -> None:
        """Every row a written field points at exists in the office and is visible to the writer."""
        for name, write in writes.items():
            target = self._reference(spec, name)
            if target is None or write.value is None:
                continue
            if changed_from is not None and changed_from.get(name) == write.value:
                continue
            row = self.get(target, str(write.value))
            if row is None or not scope.can_read(self.principal, row):
                raise Rejected(Reason.NOT_FOUND)
            if target == USERS:
                role = row.values.get("role")
                problem = scope.check_user_field(spec.name, name, role if isinstance(role, str) else None)
                if problem is not None:
                    raise Rejected(problem)

    def _keys_after(self, spec: TableSpec, row: StoredRow) -> Keys:
        keys = row.keys
        if spec.name == PARTICIPANTS:
            coach = row.values.get("coach_id")
            return Keys(keys.participant_id, coach if isinstance(coach, str) else None, keys.assignee_id)
        if spec.name == scope.SESSIONS:
            assignee = row.values.get(scope.ASSIGNEE_FIELD)
            return Keys(keys.participant_id, keys.coach_id, assignee if isinstance(assignee, str) else None)
        return keys

    def _follow_scope(self, spec: TableSpec, row: StoredRow, before: Keys, after: Keys,
                      deleted_before: bool) -> None:
        """Evict the row from whoever lost it; carry bound rows along when a participant moves."""
        still = False
        if spec.name == scope.SESSIONS and before.assignee_id and before.participant_id:
            still = rowstore.has_live_session(self.conn, self.office_id, before.participant_id,
                                              before.assignee_id, other_than=row.row_id)
        exits, gained = scope.exits_on_change(spec.name, row.row_id, before, after,
                                              deleted_before=deleted_before, deleted_after=row.deleted,
                                              still_assigned=still)
        for item in exits:
            rowstore.add_exit(self.conn, office_id=self.office_id, seq=self.seq, user_id=item.user_id,
                              table=item.table, row_id=item.row_id, kind=ChangeKind.EVICT.value)
            self.counts["evicted"] += 1
        if spec.name == PARTICIPANTS and before.participant_id and before.coach_id != after.coach_id:
            self.flush()
            rowstore.move_bound_rows(self.conn, office_id=self.office_id, participant_id=row.row_id,
                                     coach_id=after.coach_id, seq=self.seq, now=self.now)
            for cached in self.cache.values():
                if cached is not None and cached.participant_id == row.row_id:
                    cached.coach_id = after.coach_id
        if gained and after.participant_id:
            participant = self.get(PARTICIPANTS, after.participant_id)
            if participant is not None:
                self.put(participant)  # sent again, so the interpreter's next pull carries it

    def _too_far_ahead(self, item: Prepared) -> bool:
        limit = wall_ms(self.now) + int(self.ctx.settings.max_clock_drift.total_seconds() * 1000)
        return any(hlc_wall_ms(write.hlc) > limit for write in item.writes.values())

    def _quarantine(self, item: Prepared, keys: Keys) -> None:
        self.conn.execute(insert(sync_quarantine).values(
            id=uuid7(), office_id=self.office_id, account_id=self.principal.user_id,
            device_id=self.principal.device_id, participant_id=keys.participant_id,
            table_name=item.op.table, row_id=item.op.row_id, op=item.op.model_dump_json(),
            reason=Reason.CLOCK_SKEW.value, received_at=self.now,
        ))
        self._note(keys)

    def _note(self, keys: Keys) -> None:
        if keys.participant_id:
            self.participant_ids.add(keys.participant_id)

    # --- conflicts ----------------------------------------------------------------------------------

    def _record_conflict(self, row: StoredRow, conflict: FieldConflict) -> None:
        mine = (self.principal.user_id, self.principal.device_id)

        def side(write: Write, incoming: bool) -> tuple[str | None, str | None]:
            if incoming:
                return mine
            device = hlc_node(write.hlc)
            return self.user_of_device(device), device

        winner_user, winner_device = side(conflict.winner, conflict.incoming_won)
        loser_user, loser_device = side(conflict.loser, not conflict.incoming_won)
        values: dict[str, Any] = {
            "table": row.table_name, "row_id": row.row_id, "field": conflict.field,
            "fields": list(conflict.fields), "winner_value": conflict.winner.value,
            "winner_hlc": conflict.winner.hlc, "winner_user_id": winner_user,
            "winner_device_id": winner_device, "loser_value": conflict.loser.value,
            "loser_hlc": conflict.loser.hlc, "loser_user_id": loser_user, "loser_device_id": loser_device,
            "detected_at": self.now.isoformat(), DELETED_FIELD: False,
        }
        stamp = self.ctx.hlc.now()
        record = StoredRow(office_id=self.office_id, table_name=CONFLICTS_TABLE, row_id=uuid7(),
                           values=values, hlcs=dict.fromkeys(values, stamp),
                           owner_id=self.principal.user_id, created_at=self.now, is_new=True)
        record.set_keys(Keys(row.participant_id, row.coach_id, None))
        self.put(record)
        self.counts["conflict_records"] += 1

    def _resolve(self, item: Prepared) -> OpStatus:
        record = self.get(CONFLICTS_TABLE, item.op.row_id)
        if record is None:
            raise Rejected(Reason.NOT_FOUND)
        target = self.specs.get(str(record.values.get("table")))
        problem = scope.check_resolve(self.principal, record, target)
        if problem is not None:
            raise Rejected(problem)
        merged = merge_row(record.values, record.hlcs, item.writes, item.op.base, record_conflicts=False)
        if merged.changed:
            record.values, record.hlcs = merged.values, merged.hlcs
            self.put(record)
        self._note(record.keys)
        return OpStatus.APPLIED

    # --- erasure ------------------------------------------------------------------------------------

    def _erase(self, item: Prepared) -> OpStatus:
        participant_id = item.op.row_id
        if self.erased(participant_id):
            raise Rejected(Reason.ERASED)
        participant = self.get(PARTICIPANTS, participant_id)
        problem = scope.check_erase(self.principal, participant)
        if problem is not None:
            raise Rejected(problem)
        self.flush()
        erase.erase_participant(self.conn, self.principal, participant_id, seq=self.seq, now=self.now)
        for key, cached in list(self.cache.items()):
            if cached is not None and cached.participant_id == participant_id:
                self.cache[key] = None
        self._erased[participant_id] = True
        self.participant_ids.add(participant_id)
        self.counts["erased"] += 1
        return OpStatus.APPLIED


def push(ctx: ServerContext, principal: Principal, *, batch_id: str, ops: list[Op]) -> Outcome:
    """Apply ``ops`` as one batch, or answer a batch already applied with its stored results."""
    specs = synced_tables()
    prepared = [prepare(op, specs) for op in ops]
    fingerprint = digest(ops)
    with writing(ctx.engine) as conn:
        seq = rowstore.next_seq(conn)  # the writers' lock, held until commit
        stored = conn.execute(select(sync_batches.c.digest, sync_batches.c.results).where(
            sync_batches.c.device_id == principal.device_id, sync_batches.c.batch_id == batch_id)).first()
        if stored is not None:
            if stored.digest != fingerprint:
                raise ApiError(422, ErrorCode.BATCH_MISMATCH,
                               "This batch id was already used for different ops; use a new batch id.")
            results = _RESULTS.validate_json(stored.results)
            return Outcome(results, [op.row_id for op in ops], set(), Counter(replayed=len(results)))
        writer = BatchWriter(ctx, conn, principal, seq)
        writer.prefetch(prepared)
        results = [writer.apply(item) for item in prepared]
        writer.flush()
        conn.execute(insert(sync_batches).values(
            device_id=principal.device_id, batch_id=batch_id, digest=fingerprint,
            results=_RESULTS.dump_json(results).decode(), created_at=writer.now))
        row_ids = [op.row_id for op in ops]
        audit(conn, principal, "push", at=writer.now, row_ids=row_ids,
              participant_ids=sorted(writer.participant_ids),
              counts={"ops": len(ops), **writer.counts})
    return Outcome(results, row_ids, writer.participant_ids, writer.counts)
