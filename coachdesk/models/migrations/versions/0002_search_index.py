"""Participant search index (FTS5) and caseload index with Swedish sort keys, kept by triggers.

Revision ID: 0002
Revises: 0001

Triggers call ``cd_fold``/``cd_ident``/``cd_sortkey`` (registered on every connection by
``coachdesk.models.engine``), so every write path keeps the index right, bulk Core inserts included.
``participant_index`` gives each participant a stable integer rowid for the contentless FTS table
(participants have a text key, and SQLite may renumber implicit rowids on VACUUM), and carries the
caseload's filter columns beside the sort key so a filtered page is an index range, not a sort.
The journal is made append-only in the database itself.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_NAMES = "cd_fold(new.given_name || ' ' || new.family_name)"
_IDENT = "cd_ident(new.personnummer, new.phone)"
# Index the row ``new`` (a participant that is not a tombstone); shared by the insert and update triggers.
_INDEX_NEW = f"""
        INSERT INTO participant_index (participant_id, sort_key, status, target_group, coach_id)
            VALUES (new.id, cd_sortkey(new.family_name, new.given_name), new.status,
                    new.target_group, new.coach_id);
        INSERT INTO participant_fts (rowid, names, ident)
            SELECT rowid, {_NAMES}, {_IDENT} FROM participant_index WHERE participant_id = new.id;"""
# Take the row ``old`` out of both indexes; shared by the update and delete triggers.
_UNINDEX_OLD = """
        DELETE FROM participant_fts WHERE rowid =
            (SELECT rowid FROM participant_index WHERE participant_id = old.id);
        DELETE FROM participant_index WHERE participant_id = old.id;"""

_STATEMENTS = [
    """CREATE TABLE participant_index (
        rowid INTEGER PRIMARY KEY,
        participant_id VARCHAR(36) NOT NULL UNIQUE REFERENCES participants(id) ON DELETE CASCADE,
        sort_key TEXT NOT NULL,
        status VARCHAR(32),
        target_group VARCHAR(32),
        coach_id VARCHAR(36)
    )""",
    "CREATE INDEX ix_participant_index_sort_key ON participant_index (sort_key, participant_id)",
    "CREATE INDEX ix_participant_index_status ON participant_index (status, sort_key, participant_id)",
    """CREATE INDEX ix_participant_index_target_group
        ON participant_index (target_group, sort_key, participant_id)""",
    "CREATE INDEX ix_participant_index_coach ON participant_index (coach_id, sort_key, participant_id)",
    """CREATE VIRTUAL TABLE participant_fts USING fts5(
        names, ident, content='', contentless_delete=1,
        tokenize="unicode61 remove_diacritics 2", prefix='1 2 3'
    )""",
    f"""CREATE TRIGGER participants_search_ai AFTER INSERT ON participants WHEN new.deleted = 0 BEGIN
{_INDEX_NEW}
    END""",
    f"""CREATE TRIGGER participants_search_bu BEFORE UPDATE OF given_name, family_name, personnummer, phone,
        deleted, status, target_group, coach_id ON participants BEGIN
{_UNINDEX_OLD}
    END""",
    f"""CREATE TRIGGER participants_search_au AFTER UPDATE OF given_name, family_name, personnummer, phone,
        deleted, status, target_group, coach_id ON participants WHEN new.deleted = 0 BEGIN
{_INDEX_NEW}
    END""",
    f"""CREATE TRIGGER participants_search_bd BEFORE DELETE ON participants BEGIN
{_UNINDEX_OLD}
    END""",
    # Fill the index for participants recorded before this revision.
    """INSERT INTO participant_index (participant_id, sort_key, status, target_group, coach_id)
        SELECT id, cd_sortkey(family_name, given_name), status, target_group, coach_id
        FROM participants WHERE deleted = 0""",
    """INSERT INTO participant_fts (rowid, names, ident)
        SELECT i.rowid, cd_fold(p.given_name || ' ' || p.family_name), cd_ident(p.personnummer, p.phone)
        FROM participant_index i JOIN participants p ON p.id = i.participant_id""",
    # Social-services documentation is append-only: a correction is a new entry, never an edit.
    """CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OF participant_id, author_id, written_at,
        body, corrects_id ON journal_entries BEGIN
        SELECT RAISE(ABORT, 'journal entries are append-only');
    END""",
]


def upgrade() -> None:
    for statement in _STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for name in ("journal_entries_append_only", "participants_search_ai", "participants_search_bu",
                 "participants_search_au", "participants_search_bd"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS participant_fts")
    op.execute("DROP TABLE IF EXISTS participant_index")
