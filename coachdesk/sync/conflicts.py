"""What a person does about sync: resolve conflicts, read refused changes, erase a participant.

Conflict records come from the server (``sync_conflicts``); values are in their wire form (JSON: text,
numbers, booleans, ISO dates, base64 for binary), exactly as the record carries them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update

from coachdesk.errors import NotFoundError
from coachdesk.i18n import _
from coachdesk.models import Base
from coachdesk.models.store import Store
from coachdesk.models.sync_state import ERASE_FIELD, ConflictRecord, FieldClock, OutboxEntry, SyncRejection
from coachdesk.sync.apply import Applier
from coachdesk.sync.protocol import CONFLICTS_TABLE, DELETED_FIELD
from coachdesk.sync.schema import PARTICIPANTS, synced_tables
from coachdesk.sync.txn import applying, writing
from coachdesk.sync.values import DELETED_SPEC, BadValue, from_wire, to_wire


@dataclass(frozen=True)
class Conflict:
    """Both sides of a concurrent change; the winner is already applied everywhere.

    ``field == "deleted"`` is a delete racing an edit: ``fields`` names the edited fields, the winner's
    value says whether the row stayed deleted (``True``) or the edit won (``False``).
    """

    id: str
    table: str
    row_id: str
    field: str
    fields: tuple[str, ...]
    winner_value: Any
    winner_hlc: str | None
    winner_user_id: str | None
    winner_device_id: str | None
    loser_value: Any
    loser_hlc: str | None
    loser_user_id: str | None
    loser_device_id: str | None
    detected_at: str | None
    resolved: bool


@dataclass(frozen=True)
class Rejection:
    id: int
    table: str
    row_id: str
    kind: str  # upsert / delete / erase
    fields: tuple[str, ...]
    reason: str  # ``coachdesk.sync.protocol.Reason`` value
    at: str


def _conflict(record: ConflictRecord) -> Conflict:
    return Conflict(
        id=record.id, table=record.tbl, row_id=record.row_id, field=record.field,
        fields=tuple(json.loads(record.fields or "[]")),
        winner_value=json.loads(record.winner_value) if record.winner_value is not None else None,
        winner_hlc=record.winner_hlc, winner_user_id=record.winner_user_id,
        winner_device_id=record.winner_device_id,
        loser_value=json.loads(record.loser_value) if record.loser_value is not None else None,
        loser_hlc=record.loser_hlc, loser_user_id=record.loser_user_id,
        loser_device_id=record.loser_device_id,
        detected_at=record.detected_at, resolved=record.resolved)


def conflicts(store: Store, *, include_resolved: bool = False) -> list[Conflict]:
    """Conflicts waiting for a person, oldest first."""
    query = select(ConflictRecord).order_by(ConflictRecord.detected_at, ConflictRecord.id)
    if not include_resolved:
        query = query.where(ConflictRecord.resolved.is_(False))
    with store.session() as session:
        return [_conflict(record) for record in session.scalars(query)]


def resolve_conflict(store: Store, conflict_id: str, value: Any) -> None:
    """Keep ``value`` (the winner's, the loser's or an edited one, in wire form) and dismiss the record.

    A value other than the one the row holds is written as a normal edit (captured, so it syncs with a
    new stamp); choosing the loser's value is sent even if this device happens to hold it. The dismissal
    travels as a ``delete`` of the ``sync_conflicts`` record and removes it from the user's other devices.
    """
    with store.session() as session:
        record = session.get(ConflictRecord, conflict_id)
        if record is None:
            raise NotFoundError(_("This conflict was already resolved."))
        found = _conflict(record)
    spec = synced_tables().get(found.table)
    field_spec = DELETED_SPEC if found.field == DELETED_FIELD else (
        spec.fields.get(found.field) if spec else None)
    if spec is None or field_spec is None:
        dismiss_conflict(store, conflict_id)
        return
    try:
        chosen = from_wire(field_spec, value)
    except BadValue as exc:
        raise NotFoundError(_("This value cannot be stored in this field.")) from exc
    model = Base.metadata.tables[found.table]
    column = model.c[found.field]
    with writing(store.engine) as conn:
        row = conn.execute(select(column, model.c.updated_hlc).where(model.c.id == found.row_id)).first()
        if row is not None:
            if to_wire(row[0]) != to_wire(chosen):
                conn.execute(update(model).where(model.c.id == found.row_id).values(
                    {found.field: chosen, "updated_hlc": store.clock.now()}))
            elif to_wire(chosen) != found.winner_value:
                # This device holds the value the server did not keep: send it again, newer.
                base = conn.execute(select(FieldClock.base).where(
                    FieldClock.tbl == found.table, FieldClock.row_id == found.row_id)).scalar()
                conn.execute(insert(OutboxEntry).values(
                    tbl=found.table, row_id=found.row_id, field=found.field, hlc=store.clock.now(),
                    base=json.loads(base).get(found.field) if base else None))
        _dismiss(conn, store, conflict_id)


def dismiss_conflict(store: Store, conflict_id: str) -> None:
    """Keep what won and dismiss the record (on every device of the user)."""
    with writing(store.engine) as conn:
        _dismiss(conn, store, conflict_id)


def _dismiss(conn: Any, store: Store, conflict_id: str) -> None:
    conn.execute(update(ConflictRecord).where(ConflictRecord.id == conflict_id).values(resolved=True))
    conn.execute(insert(OutboxEntry).values(tbl=CONFLICTS_TABLE, row_id=conflict_id, field=DELETED_FIELD,
                                            hlc=store.clock.now(), base=None))


def rejections(store: Store) -> list[Rejection]:
    """Changes the server refused for good, newest first."""
    with store.session() as session:
        return [Rejection(id=r.id, table=r.tbl, row_id=r.row_id, kind=r.kind,
                          fields=tuple(json.loads(r.fields or "[]")), reason=r.reason, at=r.at)
                for r in session.scalars(select(SyncRejection).order_by(SyncRejection.id.desc()))]


def clear_rejections(store: Store, ids: list[int] | None = None) -> None:
    """Forget refused changes the user has seen (all of them by default)."""
    with writing(store.engine) as conn:
        query = delete(SyncRejection)
        conn.execute(query if ids is None else query.where(SyncRejection.id.in_(ids)))


def erase_participant(store: Store, participant_id: str) -> int:
    """GDPR erasure on this device: the participant and every row bound to it are deleted at once (with
    ``secure_delete``), and an ``erase`` op is queued so the server erases them everywhere.

    Returns how many rows were deleted here.
    """
    with applying(store.engine) as conn:
        exists = conn.execute(select(Base.metadata.tables[PARTICIPANTS].c.id).where(
            Base.metadata.tables[PARTICIPANTS].c.id == participant_id)).first()
        if exists is None:
            raise NotFoundError(_("This participant no longer exists."))
        removed = Applier(conn, store.clock, track_seen=False).remove(PARTICIPANTS, [participant_id])
        conn.execute(insert(OutboxEntry).values(tbl=PARTICIPANTS, row_id=participant_id, field=ERASE_FIELD,
                                                hlc=store.clock.now(), base=None))
    return removed
