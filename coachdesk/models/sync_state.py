"""Local-only sync bookkeeping: the outbox, per-field stamps, conflict records and rejected changes.

None of these tables syncs. The outbox is filled by the change-capture triggers (``coachdesk.models.capture``)
in the same transaction as the write; the sync engine (``coachdesk.sync.client``) drains it.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coachdesk.models.base import Base

#: Tables that stay on the device even if they ever gain the synced columns.
LOCAL_TABLES = frozenset({
    "local_meta", "participant_index", "participant_fts", "outbox", "field_clock", "conflict_records",
    "sync_rejections", "pull_seen",
})
#: Rows the server writes from its accounts (``coachdesk-server user/office``); clients only read them.
SERVER_MANAGED_TABLES = frozenset({"users", "offices"})

#: ``outbox.field`` of an insert: every field of the row, as it is when the batch is built.
ROW_FIELD = "*"
#: ``outbox.field`` of a participant erased on this device: send an ``erase`` op.
ERASE_FIELD = "!erase"


class OutboxEntry(Base):
    """One captured local write of one field (or of a whole new row, ``field == "*"``).

    ``seq`` is AUTOINCREMENT so a number is never reused: a batch acknowledges exactly the entries it
    included (``seq <= max_seq``), never a later write. ``base`` is the server stamp this device had seen
    for the field when the write was made (``field_clock.base`` at that moment).
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_tbl_row_id", "tbl", "row_id"), {"sqlite_autoincrement": True})

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tbl: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(64))
    base: Mapped[str | None] = mapped_column(String(64))


class FieldClock(Base):
    """Per-field stamps of one synced row, as JSON objects ``{field: stamp}``.

    ``hlc``: the stamp of the value held locally (acknowledged or pulled); ``base``: the newest stamp seen
    from the server. One row per synced row rather than per field: a pulled office is hundreds of thousands
    of rows, and a row per field would multiply that by the number of columns.
    """

    __tablename__ = "field_clock"

    tbl: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    hlc: Mapped[str] = mapped_column(Text, default="{}")
    base: Mapped[str] = mapped_column(Text, default="{}")


class ConflictRecord(Base):
    """A conflict the server recorded (the ``sync_conflicts`` pseudo-table): both sides, for a person.

    Values are kept as the wire sends them (JSON text). ``resolved`` is set when this device's user chose;
    the record is removed when the server's tombstone for it arrives.
    """

    __tablename__ = "conflict_records"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tbl: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(64))
    fields: Mapped[str] = mapped_column(Text, default="[]")
    winner_value: Mapped[str | None] = mapped_column(Text)
    winner_hlc: Mapped[str | None] = mapped_column(String(64))
    winner_user_id: Mapped[str | None] = mapped_column(String(36))
    winner_device_id: Mapped[str | None] = mapped_column(String(64))
    loser_value: Mapped[str | None] = mapped_column(Text)
    loser_hlc: Mapped[str | None] = mapped_column(String(64))
    loser_user_id: Mapped[str | None] = mapped_column(String(36))
    loser_device_id: Mapped[str | None] = mapped_column(String(64))
    detected_at: Mapped[str | None] = mapped_column(String(40))
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncRejection(Base):
    """A change the server refused for good (``rejected`` with a reason), for the user to see."""

    __tablename__ = "sync_rejections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tbl: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))
    fields: Mapped[str] = mapped_column(Text, default="[]")
    reason: Mapped[str] = mapped_column(String(32))
    at: Mapped[str] = mapped_column(String(40))


class PullSeen(Base):
    """Rows received during a reset pull sequence; the rest are dropped when it completes."""

    __tablename__ = "pull_seen"

    tbl: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
