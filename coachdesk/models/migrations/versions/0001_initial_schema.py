"""initial schema

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.String(length=36), nullable=True),
    sa.Column('action', sa.Enum('view', 'create', 'update', 'delete', 'correct', 'export', 'generate', name='auditaction', native_enum=False, length=32), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=True),
    sa.Column('participant_id', sa.String(length=36), nullable=True),
    sa.Column('fields', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('employers',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('org_number', sa.String(length=11), nullable=True),
    sa.Column('sector', sa.String(length=100), nullable=True),
    sa.Column('municipality', sa.String(length=100), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('competence_needs', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employers'))
    )
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employers_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_employers_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_employers_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('local_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_local_meta'))
    )
    op.create_table('offices',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('municipality', sa.String(length=100), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offices'))
    )
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offices_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offices_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('users',
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('coach', 'interpreter', 'supervisor', 'admin', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_updated_hlc'), ['updated_hlc'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_username'), ['username'], unique=False)

    op.create_table('agreements',
    sa.Column('employer_id', sa.String(length=36), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_agreements_employer_id_employers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements'))
    )
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreements_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreements_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreements_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('employer_contacts',
    sa.Column('employer_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('is_supervisor', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_employer_contacts_employer_id_employers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_contacts'))
    )
    with op.batch_alter_table('employer_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_contacts_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_employer_contacts_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_employer_contacts_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('participants',
    sa.Column('given_name', sa.String(length=200), nullable=False),
    sa.Column('family_name', sa.String(length=200), nullable=False),
    sa.Column('personnummer', sa.String(length=13), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('gender', sa.Enum('woman', 'man', 'other', 'not_stated', name='gender', native_enum=False, length=32), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('postal_code', sa.String(length=10), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('target_group', sa.Enum('youth_16_24_assistance', 'adult_25_64_assistance', 'foreign_background', name='targetgroup', native_enum=False, length=32), nullable=True),
    sa.Column('referral_source', sa.Enum('social_services', 'integration_unit', 'employment_service', 'other', name='referralsource', native_enum=False, length=32), nullable=True),
    sa.Column('referral_date', sa.Date(), nullable=True),
    sa.Column('receives_financial_assistance', sa.Boolean(), nullable=True),
    sa.Column('receives_introduction_benefit', sa.Boolean(), nullable=True),
    sa.Column('foreign_born', sa.Boolean(), nullable=True),
    sa.Column('country_of_birth', sa.String(length=2), nullable=True),
    sa.Column('arrival_year', sa.Integer(), nullable=True),
    sa.Column('primary_language', sa.String(length=16), nullable=True),
    sa.Column('other_languages', sa.String(length=200), nullable=True),
    sa.Column('interpreter_needed', sa.Boolean(), nullable=False),
    sa.Column('interpreter_language', sa.String(length=16), nullable=True),
    sa.Column('education_level', sa.Enum('none', 'primary_incomplete', 'primary', 'upper_secondary', 'post_secondary', 'university', 'unknown', name='educationlevel', native_enum=False, length=32), nullable=True),
    sa.Column('complete_upper_secondary', sa.Boolean(), nullable=True),
    sa.Column('disability_affects_work', sa.Boolean(), nullable=True),
    sa.Column('accessibility_needs', sa.Text(), nullable=True),
    sa.Column('communication_needs', sa.Text(), nullable=True),
    sa.Column('social_situation', sa.Text(), nullable=True),
    sa.Column('work_experience', sa.Text(), nullable=True),
    sa.Column('informal_competences', sa.Text(), nullable=True),
    sa.Column('dreams', sa.Text(), nullable=True),
    sa.Column('goals_summary', sa.Text(), nullable=True),
    sa.Column('consent_given_on', sa.Date(), nullable=True),
    sa.Column('consent_language', sa.String(length=16), nullable=True),
    sa.Column('status', sa.Enum('referred', 'introduction', 'intensive', 'exited', name='participantstatus', native_enum=False, length=32), nullable=False),
    sa.Column('coach_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['coach_id'], ['users.id'], name=op.f('fk_participants_coach_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants'))
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participants_coach_id'), ['coach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participants_office_id'), ['office_id'], unique=False)
        batch_op.create_index('ix_participants_personnummer', ['personnummer'], unique=False)
        batch_op.create_index(batch_op.f('ix_participants_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_participants_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('attachments',
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_attachments_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('enrollments',
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('programme', sa.Enum('introduction', 'intensive', name='programme', native_enum=False, length=32), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('length_weeks', sa.Integer(), nullable=False),
    sa.Column('planned_end_date', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'active', 'paused', 'completed', 'discontinued', name='enrollmentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_enrollments_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrollments'))
    )
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrollments_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrollments_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrollments_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('exits',
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('exit_date', sa.Date(), nullable=False),
    sa.Column('destination', sa.Enum('work', 'studies', 'other_programme', 'own_business', 'sick_leave', 'moved', 'other', 'none', name='destination', native_enum=False, length=32), nullable=False),
    sa.Column('chances_improved', sa.Boolean(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_exits_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exits'))
    )
    with op.batch_alter_table('exits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exits_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exits_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exits_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('goals',
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('parent_id', sa.String(length=36), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('origin', sa.Enum('participant_wish', 'employability', name='goalorigin', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('open', 'achieved', 'dropped', name='goalstatus', native_enum=False, length=32), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('achieved_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['goals.id'], name=op.f('fk_goals_parent_id_goals')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_goals_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goals'))
    )
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goals_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goals_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goals_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('journal_entries',
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('author_id', sa.String(length=36), nullable=True),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('corrects_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['corrects_id'], ['journal_entries.id'], name=op.f('fk_journal_entries_corrects_id_journal_entries')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_journal_entries_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entries'))
    )
    with op.batch_alter_table('journal_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_entries_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_entries_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_entries_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('placements',
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('employer_id', sa.String(length=36), nullable=False),
    sa.Column('agreement_id', sa.String(length=36), nullable=True),
    sa.Column('supervisor_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.Enum('internship', 'language_internship', name='placementkind', native_enum=False, length=32), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('hours_per_week', sa.Integer(), nullable=True),
    sa.Column('follow_up_every_weeks', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_placements_agreement_id_agreements')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_placements_employer_id_employers')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_placements_participant_id_participants')),
    sa.ForeignKeyConstraint(['supervisor_id'], ['employer_contacts.id'], name=op.f('fk_placements_supervisor_id_employer_contacts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('activities',
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('enrollment_id', sa.String(length=36), nullable=True),
    sa.Column('goal_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.Enum('mapping', 'group_session', 'job_styling', 'coaching', 'internship', 'language_internship', 'sfi', 'validation', 'study_visit', 'other', name='activitykind', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=True),
    sa.Column('iso_year', sa.Integer(), nullable=False),
    sa.Column('iso_week', sa.Integer(), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(), nullable=True),
    sa.Column('planned_minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'done', 'missed', 'cancelled', name='activitystatus', native_enum=False, length=32), nullable=False),
    sa.Column('attended_minutes', sa.Integer(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_activities_enrollment_id_enrollments')),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_activities_goal_id_goals')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_activities_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities'))
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activities_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('assessments',
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('enrollment_id', sa.String(length=36), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('decision', sa.Enum('exit_work', 'exit_studies', 'exit_other', 'continue_intensive', name='assessmentdecision', native_enum=False, length=32), nullable=True),
    sa.Column('intensive_weeks', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_assessments_enrollment_id_enrollments')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_assessments_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments'))
    )
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessments_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessments_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessments_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('follow_ups',
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('placement_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.Enum('workplace_visit', 'day_90', name='followupkind', native_enum=False, length=32), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Enum('work', 'studies', 'other_programme', 'own_business', 'sick_leave', 'moved', 'other', 'none', name='destination', native_enum=False, length=32), nullable=True),
    sa.Column('chances_improved', sa.Boolean(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_follow_ups_participant_id_participants')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_follow_ups_placement_id_placements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_ups'))
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_ups_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_ups_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_ups_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_ups_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('reviews',
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('enrollment_id', sa.String(length=36), nullable=True),
    sa.Column('status', sa.Enum('submitted', 'approved', 'returned', name='reviewstatus', native_enum=False, length=32), nullable=False),
    sa.Column('reviewer_id', sa.String(length=36), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_reviews_enrollment_id_enrollments')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_reviews_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_updated_hlc'), ['updated_hlc'], unique=False)

    op.create_table('assessment_ratings',
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('dimension', sa.String(length=64), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_assessment_ratings_assessment_id_assessments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_ratings'))
    )
    with op.batch_alter_table('assessment_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_ratings_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_ratings_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_ratings_updated_hlc'), ['updated_hlc'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('assessment_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_ratings_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_assessment_ratings_office_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_ratings_assessment_id'))

    op.drop_table('assessment_ratings')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_reviews_participant_id'))
        batch_op.drop_index(batch_op.f('ix_reviews_office_id'))

    op.drop_table('reviews')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_ups_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_follow_ups_participant_id'))
        batch_op.drop_index(batch_op.f('ix_follow_ups_office_id'))
        batch_op.drop_index(batch_op.f('ix_follow_ups_due_date'))

    op.drop_table('follow_ups')
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessments_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_assessments_participant_id'))
        batch_op.drop_index(batch_op.f('ix_assessments_office_id'))

    op.drop_table('assessments')
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activities_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_activities_participant_id'))
        batch_op.drop_index(batch_op.f('ix_activities_office_id'))
        batch_op.drop_index(batch_op.f('ix_activities_enrollment_id'))

    op.drop_table('activities')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placements_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_placements_participant_id'))
        batch_op.drop_index(batch_op.f('ix_placements_office_id'))
        batch_op.drop_index(batch_op.f('ix_placements_employer_id'))

    op.drop_table('placements')
    with op.batch_alter_table('journal_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journal_entries_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_journal_entries_participant_id'))
        batch_op.drop_index(batch_op.f('ix_journal_entries_office_id'))

    op.drop_table('journal_entries')
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goals_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_goals_participant_id'))
        batch_op.drop_index(batch_op.f('ix_goals_office_id'))

    op.drop_table('goals')
    with op.batch_alter_table('exits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exits_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_exits_participant_id'))
        batch_op.drop_index(batch_op.f('ix_exits_office_id'))

    op.drop_table('exits')
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrollments_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_enrollments_participant_id'))
        batch_op.drop_index(batch_op.f('ix_enrollments_office_id'))

    op.drop_table('enrollments')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_attachments_participant_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_office_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participants_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_participants_status'))
        batch_op.drop_index('ix_participants_personnummer')
        batch_op.drop_index(batch_op.f('ix_participants_office_id'))
        batch_op.drop_index(batch_op.f('ix_participants_coach_id'))

    op.drop_table('participants')
    with op.batch_alter_table('employer_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_contacts_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_employer_contacts_office_id'))
        batch_op.drop_index(batch_op.f('ix_employer_contacts_employer_id'))

    op.drop_table('employer_contacts')
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreements_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_agreements_office_id'))
        batch_op.drop_index(batch_op.f('ix_agreements_employer_id'))

    op.drop_table('agreements')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_username'))
        batch_op.drop_index(batch_op.f('ix_users_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_users_office_id'))

    op.drop_table('users')
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offices_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_offices_office_id'))

    op.drop_table('offices')
    op.drop_table('local_meta')
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employers_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_employers_office_id'))
        batch_op.drop_index(batch_op.f('ix_employers_name'))

    op.drop_table('employers')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_updated_hlc'))
        batch_op.drop_index(batch_op.f('ix_audit_events_participant_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_office_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')
