"""What the Conflicts view shows, read on the database thread: conflicts with both sides described in
words (whose record, which field, who changed it when and where), and refused changes grouped by why.

Refused changes are grouped by table and reason: a vault signed in for the first time may hold thousands
that another account's rights refuse, and a person reads one line per kind, not one per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, select, text

from coachdesk.i18n import _
from coachdesk.models import Base
from coachdesk.models.store import Store
from coachdesk.models.sync_state import SyncRejection
from coachdesk.sync.conflicts import Conflict, conflicts
from coachdesk.sync.protocol import DELETED_FIELD
from coachdesk.sync.schema import PARTICIPANTS, FieldKind, synced_tables
from coachdesk.sync.txn import writing
from coachdesk.ui.sync import texts

_NAMED = {"employers": "name", "employer_contacts": "name", "offices": "name", "users": "display_name"}


@dataclass(frozen=True)
class Side:
    """One side of a conflict."""

    value: Any  # wire form, as ``resolve_conflict`` takes it
    text: str
    who: str
    when: str
    device: str


@dataclass(frozen=True)
class ConflictItem:
    id: str
    record: str  # e.g. "Participant: Ada Lind"
    field: str  # the field's label (for a delete racing an edit: the edited fields)
    #: A text field: the person may type a value of their own.
    editable: bool
    winner: Side
    loser: Side


@dataclass(frozen=True)
class RejectionGroup:
    table: str
    reason: str
    count: int
    last_at: str
    what: str  # the table's label
    why: str  # the reason in plain words


@dataclass(frozen=True)
class ConflictsPage:
    conflicts: list[ConflictItem]
    rejections: list[RejectionGroup]


def load(store: Store) -> ConflictsPage:
    waiting = conflicts(store)
    with store.engine.connect() as conn:
        describe = _Describer(conn, store)
        items = [describe.conflict(conflict) for conflict in waiting]
        groups = conn.execute(
            select(SyncRejection.tbl, SyncRejection.reason, func.count(), func.max(SyncRejection.at))
            .group_by(SyncRejection.tbl, SyncRejection.reason)
            .order_by(func.max(SyncRejection.at).desc())).all()
    rejections = [RejectionGroup(table=table, reason=reason, count=count, last_at=last or "",
                                 what=texts.table_label(table), why=texts.reason_text(reason))
                  for table, reason, count, last in groups]
    return ConflictsPage(items, rejections)


def dismiss_rejections(store: Store, groups: list[tuple[str, str]]) -> None:
    """Forget the refused changes of these (table, reason) groups: the user has read them."""
    with writing(store.engine) as conn:
        for table, reason in groups:
            conn.execute(delete(SyncRejection).where(SyncRejection.tbl == table,
                                                     SyncRejection.reason == reason))


class _Describer:
    """Names for the rows and people of conflicts, one query each, remembered within one load."""

    def __init__(self, conn: Connection, store: Store) -> None:
        self._conn, self._store = conn, store
        self._users: dict[str, str] = {}

    def conflict(self, conflict: Conflict) -> ConflictItem:
        spec = synced_tables().get(conflict.table)
        field_spec = spec.fields.get(conflict.field) if spec else None
        editable = field_spec is not None and field_spec.kind in (FieldKind.STRING, FieldKind.TEXT)
        if conflict.field == DELETED_FIELD and conflict.fields:
            field = ", ".join(texts.field_label(name) for name in conflict.fields)
            field = _("Deleted, or changed: {fields}").format(fields=field)
        else:
            field = texts.field_label(conflict.field)
        return ConflictItem(
            id=conflict.id, record=self.record(conflict.table, conflict.row_id), field=field,
            editable=editable,
            winner=self._side(conflict.field, conflict.winner_value, conflict.winner_user_id,
                              conflict.winner_hlc, conflict.winner_device_id),
            loser=self._side(conflict.field, conflict.loser_value, conflict.loser_user_id,
                             conflict.loser_hlc, conflict.loser_device_id))

    def record(self, table: str, row_id: str) -> str:
        what = texts.table_label(table)
        name = self._name(table, row_id)
        return _("{what}: {name}").format(what=what, name=name) if name else what

    def _name(self, table: str, row_id: str) -> str | None:
        if table == PARTICIPANTS:
            row = self._conn.execute(text("SELECT given_name, family_name FROM participants WHERE id = :id"),
                                     {"id": row_id}).first()
            return f"{row[0]} {row[1]}".strip() if row else None
        if table in _NAMED:
            value = self._conn.execute(text(f'SELECT "{_NAMED[table]}" FROM "{table}" '  # noqa: S608
                                            "WHERE id = :id"), {"id": row_id}).scalar()
            return str(value) if value else None
        model = Base.metadata.tables.get(table)
        if model is not None and "participant_id" in model.columns:
            owner = self._conn.execute(select(model.c.participant_id).where(model.c.id == row_id)).scalar()
            return self._name(PARTICIPANTS, owner) if owner else None
        return None

    def _side(self, field: str, value: Any, user_id: str | None, stamp: str | None,
              device_id: str | None) -> Side:
        return Side(value=value, text=texts.value_text(field, value), who=self._who(user_id),
                    when=texts.hlc_time(stamp), device=self._device(device_id))

    def _who(self, user_id: str | None) -> str:
        if user_id is None:
            return _("someone")
        if user_id == self._store.user_id:
            return _("you")
        if user_id not in self._users:
            name = self._conn.execute(text("SELECT display_name FROM users WHERE id = :id"),
                                      {"id": user_id}).scalar()
            self._users[user_id] = str(name) if name else _("another user")
        return self._users[user_id]

    def _device(self, device_id: str | None) -> str:
        if device_id is None:
            return _("an unknown device")
        if device_id == self._store.device_id:
            return _("this computer")
        return _("another device ({device})").format(device=device_id[:8])
