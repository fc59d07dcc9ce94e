"""A partial covering index for the indicator report's participant hours: attended activities by participant
and time, so a period's minutes are summed from the index alone instead of the whole activities table.

Revision ID: 0005
Revises: 0004

Local only: an index changes nothing that syncs, so ``SYNCED_SCHEMA = False`` keeps the sync protocol's
schema version at 0004 (``coachdesk.models.migrate.synced_revision``): clients with and without this
migration keep syncing with the same server. On a vault of 100,000 participants (3.4 million activities)
it takes about 10 s, once, when the vault is first opened after the update.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: Whether this migration changes the synced schema (tables, columns, types); see the docstring.
SYNCED_SCHEMA = False


def upgrade() -> None:
    op.create_index("ix_activities_attended", "activities",
                    ["participant_id", "scheduled_at", "attended_minutes"], unique=False,
                    sqlite_where=sa.text("attended_minutes > 0 AND deleted IS 0"))


def downgrade() -> None:
    op.drop_index("ix_activities_attended", table_name="activities")
