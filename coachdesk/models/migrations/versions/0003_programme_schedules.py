"""Programme schedules: checkpoints (assessment, reviews), pauses, interpreter sessions; activities linked to
placements and group sessions and to the template slot that made them; enrolments remember their template and
weekly meeting slot; workplace follow-ups can be cancelled.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkpoints",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("enrollment_id", sa.String(length=36), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "assessment",
                "midpoint_review",
                "final_review",
                name="checkpointkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("due", "done", "cancelled", name="checkpointstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("updated_hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"], name=op.f("fk_checkpoints_enrollment_id_enrollments")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name=op.f("fk_checkpoints_participant_id_participants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkpoints")),
    )
    with op.batch_alter_table("checkpoints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkpoints_enrollment_id"), ["enrollment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkpoints_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkpoints_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkpoints_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkpoints_updated_hlc"), ["updated_hlc"], unique=False)

    op.create_table(
        "pauses",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("enrollment_id", sa.String(length=36), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "sick_leave", "parental_leave", "other", name="pausereason", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("updated_hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"], name=op.f("fk_pauses_enrollment_id_enrollments")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name=op.f("fk_pauses_participant_id_participants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pauses")),
    )
    with op.batch_alter_table("pauses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pauses_enrollment_id"), ["enrollment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pauses_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pauses_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pauses_updated_hlc"), ["updated_hlc"], unique=False)

    op.create_table(
        "interpreter_sessions",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("interpreter_id", sa.String(length=36), nullable=False),
        sa.Column("activity_id", sa.String(length=36), nullable=True),
        sa.Column(
            "purpose",
            sa.Enum("intake", "meeting", name="sessionpurpose", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("updated_hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_interpreter_sessions_activity_id_activities")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_interpreter_sessions_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interpreter_sessions")),
    )
    with op.batch_alter_table("interpreter_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interpreter_sessions_interpreter_id"), ["interpreter_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_interpreter_sessions_office_id"), ["office_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_interpreter_sessions_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interpreter_sessions_updated_hlc"), ["updated_hlc"], unique=False
        )

    # New columns with a foreign key are added in place (SQLite allows REFERENCES on ADD COLUMN when the
    # default is NULL): batch mode would copy and drop the table, which foreign keys from the existing
    # rows of other tables forbid.
    for statement in (
        "ALTER TABLE activities ADD COLUMN placement_id VARCHAR(36) REFERENCES placements (id)",
        "ALTER TABLE activities ADD COLUMN group_id VARCHAR(36)",
        "ALTER TABLE activities ADD COLUMN plan_slot VARCHAR(64)",
        "ALTER TABLE goals ADD COLUMN enrollment_id VARCHAR(36) REFERENCES enrollments (id)",
    ):
        op.execute(statement)
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activities_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            "ix_activities_participant_week", ["participant_id", "iso_year", "iso_week"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_activities_placement_id"), ["placement_id"], unique=False)
        batch_op.create_index("ix_activities_week", ["iso_year", "iso_week"], unique=False)
        batch_op.create_index("ix_activities_status_scheduled", ["status", "scheduled_at"], unique=False)

    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("template_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("meeting_weekday", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("meeting_time", sa.Time(), nullable=True))

    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancelled", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_column("enrollment_id")

    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_column("cancelled")

    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.drop_column("meeting_time")
        batch_op.drop_column("meeting_weekday")
        batch_op.drop_column("template_id")

    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index("ix_activities_status_scheduled")
        batch_op.drop_index("ix_activities_week")
        batch_op.drop_index(batch_op.f("ix_activities_placement_id"))
        batch_op.drop_index("ix_activities_participant_week")
        batch_op.drop_index(batch_op.f("ix_activities_group_id"))
        batch_op.drop_column("plan_slot")
        batch_op.drop_column("group_id")
        batch_op.drop_column("placement_id")

    with op.batch_alter_table("interpreter_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interpreter_sessions_updated_hlc"))
        batch_op.drop_index(batch_op.f("ix_interpreter_sessions_participant_id"))
        batch_op.drop_index(batch_op.f("ix_interpreter_sessions_office_id"))
        batch_op.drop_index(batch_op.f("ix_interpreter_sessions_interpreter_id"))

    op.drop_table("interpreter_sessions")
    with op.batch_alter_table("pauses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pauses_updated_hlc"))
        batch_op.drop_index(batch_op.f("ix_pauses_participant_id"))
        batch_op.drop_index(batch_op.f("ix_pauses_office_id"))
        batch_op.drop_index(batch_op.f("ix_pauses_enrollment_id"))

    op.drop_table("pauses")
    with op.batch_alter_table("checkpoints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkpoints_updated_hlc"))
        batch_op.drop_index(batch_op.f("ix_checkpoints_participant_id"))
        batch_op.drop_index(batch_op.f("ix_checkpoints_office_id"))
        batch_op.drop_index(batch_op.f("ix_checkpoints_enrollment_id"))

    op.drop_table("checkpoints")
