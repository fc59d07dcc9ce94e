"""The server's own schema (SQLAlchemy Core). Alembic owns it: ``coachdesk/server/migrations``.

Synced rows live in one generic store (``sync_rows``) keyed by office, table and row id, with the
scope keys the server derives (participant, coach, assignee) beside the JSON data and per-field stamps;
the server never mirrors the client's tables, so a new client model syncs without a server migration.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

# SQLite autoincrements only an INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")
Id = String(36)

offices = Table(
    "server_offices", metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("municipality", String(100)),
    Column("created_at", DateTime, nullable=False),
)

accounts = Table(
    "accounts", metadata,
    Column("id", Id, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(32), nullable=False),
    # Admins work across offices and may have none; every other role belongs to exactly one.
    Column("office_id", Id, ForeignKey("server_offices.id")),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

devices = Table(
    "devices", metadata,
    Column("id", Id, primary_key=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False, default=""),
    # SHA-256 of the random tokens; the tokens themselves are never stored.
    Column("token_hash", String(64), unique=True),
    Column("token_expires_at", DateTime),
    Column("refresh_hash", String(64), unique=True),
    Column("refresh_expires_at", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime),
    Column("revoked_at", DateTime),
)

# Failed logins by username (hashed), for known and unknown names alike so a lock reveals nothing.
login_throttle = Table(
    "login_throttle", metadata,
    Column("key", String(64), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("locked_until", DateTime),
    Column("last_failure_at", DateTime),
)

# One row (id 1). Writers take its row lock first, so sequence numbers are handed out in commit order.
sync_counter = Table(
    "sync_counter", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("value", BigInteger, nullable=False),
)

sync_rows = Table(
    "sync_rows", metadata,
    Column("office_id", Id, nullable=False),
    Column("table_name", String(64), nullable=False),
    Column("row_id", Id, nullable=False),
    Column("participant_id", Id),  # the person the row belongs to (its own id for a participant)
    Column("coach_id", Id),  # whose caseload it is in (the writer, for personal rows bound to no one)
    Column("assignee_id", Id),  # the interpreter of an interpreter session
    Column("owner_id", Id),  # the user who created it
    Column("deleted", Boolean, nullable=False, default=False),
    Column("data", Text, nullable=False),  # JSON {field: value}
    Column("field_hlc", Text, nullable=False),  # JSON {field: HLC stamp}, "deleted" included
    Column("server_seq", BigInteger, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    PrimaryKeyConstraint("office_id", "table_name", "row_id"),
    Index("ix_sync_rows_feed", "office_id", "server_seq", "table_name", "row_id"),
    Index("ix_sync_rows_participant", "office_id", "participant_id"),
    Index("ix_sync_rows_coach", "office_id", "coach_id", "server_seq"),
    Index("ix_sync_rows_assignee", "office_id", "assignee_id"),
)

# Rows that left a user's scope (evict) or were erased (erase, to everyone in the office): ids only.
sync_exits = Table(
    "sync_exits", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("office_id", Id, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("user_id", Id),  # None: everyone in the office
    Column("table_name", String(64), nullable=False),
    Column("row_id", Id, nullable=False),
    Column("kind", String(16), nullable=False),
    Index("ix_sync_exits_feed", "office_id", "seq", "table_name", "row_id"),
)

# The stored answer to each pushed batch, so a resent batch is answered without being applied again.
sync_batches = Table(
    "sync_batches", metadata,
    Column("device_id", Id, nullable=False),
    Column("batch_id", Id, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("results", Text, nullable=False),  # JSON [OpResult]: op ids and codes, no values
    Column("created_at", DateTime, nullable=False),
    PrimaryKeyConstraint("device_id", "batch_id"),
)

# Ops stamped too far ahead of the server's clock: kept aside, never applied.
sync_quarantine = Table(
    "sync_quarantine", metadata,
    Column("id", Id, primary_key=True),
    Column("office_id", Id, nullable=False),
    Column("account_id", Id, nullable=False),
    Column("device_id", Id, nullable=False),
    Column("participant_id", Id, index=True),
    Column("table_name", String(64), nullable=False),
    Column("row_id", Id, nullable=False),
    Column("op", Text, nullable=False),
    Column("reason", String(32), nullable=False),
    Column("received_at", DateTime, nullable=False),
)

# What is left of an erased participant: who erased it and when, and how many rows went. No data.
erasure_receipts = Table(
    "erasure_receipts", metadata,
    Column("id", Id, primary_key=True),
    Column("office_id", Id, nullable=False),
    Column("participant_id", Id, nullable=False),
    Column("erased_by", Id, nullable=False),
    Column("device_id", Id, nullable=False),
    Column("erased_at", DateTime, nullable=False),
    Column("rows_erased", Integer, nullable=False),
    Column("tables", Text, nullable=False),  # JSON {table: count}
    UniqueConstraint("office_id", "participant_id"),
)

# Who synced, read or changed what, and when: ids, counts and codes, never values.
audit_log = Table(
    "audit_log", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("account_id", Id, index=True),
    Column("device_id", Id),
    Column("office_id", Id),
    Column("action", String(32), nullable=False),
    Column("table_name", String(64)),
    Column("row_ids", Text),  # JSON list
    Column("participant_ids", Text),  # JSON list
    Column("counts", Text),  # JSON {name: int}
    Column("outcome", String(32)),
)
