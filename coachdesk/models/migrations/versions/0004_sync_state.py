"""Local sync bookkeeping: the outbox, per-row field stamps, conflict records, rejected changes and the
rows seen during a reset pull.

Revision ID: 0004
Revises: 0003

The change-capture triggers that fill the outbox are not made here: ``coachdesk.models.capture`` derives
them from the models and (re)installs them whenever a store opens and their definition changed, so a
column added by a later migration is captured without a migration of its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conflict_records',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tbl', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('winner_value', sa.Text(), nullable=True),
    sa.Column('winner_hlc', sa.String(length=64), nullable=True),
    sa.Column('winner_user_id', sa.String(length=36), nullable=True),
    sa.Column('winner_device_id', sa.String(length=64), nullable=True),
    sa.Column('loser_value', sa.Text(), nullable=True),
    sa.Column('loser_hlc', sa.String(length=64), nullable=True),
    sa.Column('loser_user_id', sa.String(length=36), nullable=True),
    sa.Column('loser_device_id', sa.String(length=64), nullable=True),
    sa.Column('detected_at', sa.String(length=40), nullable=True),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict_records'))
    )
    with op.batch_alter_table('conflict_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_records_row_id'), ['row_id'], unique=False)

    op.create_table('field_clock',
    sa.Column('tbl', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('hlc', sa.Text(), nullable=False),
    sa.Column('base', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('tbl', 'row_id', name=op.f('pk_field_clock'))
    )
    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('tbl', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('hlc', sa.String(length=64), nullable=False),
    sa.Column('base', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_outbox')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_tbl_row_id', ['tbl', 'row_id'], unique=False)

    op.create_table('pull_seen',
    sa.Column('tbl', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('tbl', 'row_id', name=op.f('pk_pull_seen'))
    )
    op.create_table('sync_rejections',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('tbl', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_rejections'))
    )


def downgrade() -> None:
    op.execute("DELETE FROM local_meta WHERE key = 'capture_triggers'")
    rows = op.get_bind().execute(sa.text(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'cd_capture_%'")).all()
    for (name,) in rows:
        op.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    for table in ("pull_seen", "sync_rejections", "outbox", "field_clock", "conflict_records"):
        op.drop_table(table)
