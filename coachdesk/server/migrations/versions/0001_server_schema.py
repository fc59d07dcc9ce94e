"""Server schema: offices, accounts, devices, login throttle; the generic row store with its sequence
counter, exits, stored batch answers and quarantine; erasure receipts and the audit log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = sa.String(length=36)
_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "server_offices",
        sa.Column("id", _ID, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("municipality", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_offices")),
        sa.UniqueConstraint("name", name=op.f("uq_server_offices_name")),
    )
    op.create_table(
        "accounts",
        sa.Column("id", _ID, nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("office_id", _ID, nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["server_offices.id"],
                                name=op.f("fk_accounts_office_id_server_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("username", name=op.f("uq_accounts_username")),
    )
    op.create_table(
        "devices",
        sa.Column("id", _ID, nullable=False),
        sa.Column("account_id", _ID, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("refresh_hash", sa.String(length=64), nullable=True),
        sa.Column("refresh_expires_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_devices_account_id_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_devices")),
        sa.UniqueConstraint("refresh_hash", name=op.f("uq_devices_refresh_hash")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_devices_token_hash")),
    )
    op.create_index(op.f("ix_devices_account_id"), "devices", ["account_id"])
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    counter = op.create_table(
        "sync_counter",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_counter")),
    )
    op.bulk_insert(counter, [{"id": 1, "value": 0}])
    op.create_table(
        "sync_rows",
        sa.Column("office_id", _ID, nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", _ID, nullable=False),
        sa.Column("participant_id", _ID, nullable=True),
        sa.Column("coach_id", _ID, nullable=True),
        sa.Column("assignee_id", _ID, nullable=True),
        sa.Column("owner_id", _ID, nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("field_hlc", sa.Text(), nullable=False),
        sa.Column("server_seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("office_id", "table_name", "row_id", name=op.f("pk_sync_rows")),
    )
    op.create_index("ix_sync_rows_feed", "sync_rows", ["office_id", "server_seq", "table_name", "row_id"])
    op.create_index("ix_sync_rows_participant", "sync_rows", ["office_id", "participant_id"])
    op.create_index("ix_sync_rows_coach", "sync_rows", ["office_id", "coach_id", "server_seq"])
    op.create_index("ix_sync_rows_assignee", "sync_rows", ["office_id", "assignee_id"])
    op.create_table(
        "sync_exits",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("office_id", _ID, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("user_id", _ID, nullable=True),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", _ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_exits")),
    )
    op.create_index("ix_sync_exits_feed", "sync_exits", ["office_id", "seq", "table_name", "row_id"])
    op.create_table(
        "sync_batches",
        sa.Column("device_id", _ID, nullable=False),
        sa.Column("batch_id", _ID, nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "batch_id", name=op.f("pk_sync_batches")),
    )
    op.create_table(
        "sync_quarantine",
        sa.Column("id", _ID, nullable=False),
        sa.Column("office_id", _ID, nullable=False),
        sa.Column("account_id", _ID, nullable=False),
        sa.Column("device_id", _ID, nullable=False),
        sa.Column("participant_id", _ID, nullable=True),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", _ID, nullable=False),
        sa.Column("op", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_quarantine")),
    )
    op.create_index(op.f("ix_sync_quarantine_participant_id"), "sync_quarantine", ["participant_id"])
    op.create_table(
        "erasure_receipts",
        sa.Column("id", _ID, nullable=False),
        sa.Column("office_id", _ID, nullable=False),
        sa.Column("participant_id", _ID, nullable=False),
        sa.Column("erased_by", _ID, nullable=False),
        sa.Column("device_id", _ID, nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.Column("rows_erased", sa.Integer(), nullable=False),
        sa.Column("tables", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure_receipts")),
        sa.UniqueConstraint("office_id", "participant_id",
                            name=op.f("uq_erasure_receipts_office_id_participant_id")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("account_id", _ID, nullable=True),
        sa.Column("device_id", _ID, nullable=True),
        sa.Column("office_id", _ID, nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=True),
        sa.Column("row_ids", sa.Text(), nullable=True),
        sa.Column("participant_ids", sa.Text(), nullable=True),
        sa.Column("counts", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    op.create_index(op.f("ix_audit_log_account_id"), "audit_log", ["account_id"])


def downgrade() -> None:
    for table in ("audit_log", "erasure_receipts", "sync_quarantine", "sync_batches", "sync_exits",
                  "sync_rows", "sync_counter", "login_throttle", "devices", "accounts", "server_offices"):
        op.drop_table(table)
