"""The participant's journal: append-only, as social-services documentation must be.

A correction is a new entry that points at the entry it corrects; the original stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.i18n import _
from coachdesk.models import JournalEntry
from coachdesk.models.enums import AuditAction
from coachdesk.models.store import Store
from coachdesk.services import audit, lookup
from coachdesk.services.access import records_only
from coachdesk.services.validation import clean_fields, text

_BODY = {"body": text(50_000, required=True)}


@dataclass(frozen=True)
class JournalLine:
    entry: JournalEntry
    corrected_by: str | None  # id of the newest entry that corrects this one


@records_only
class JournalService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _add(self, session: Session, participant_id: str, body: str,
             corrects_id: str | None) -> JournalEntry:
        entry = JournalEntry(participant_id=participant_id, author_id=self._store.user_id,
                             written_at=audit.utcnow(), body=body, corrects_id=corrects_id)
        session.add(entry)
        session.flush()
        audit.record(session, actor_id=self._store.user_id,
                     action=AuditAction.CORRECT if corrects_id else AuditAction.CREATE,
                     entity="journal_entry", entity_id=entry.id, participant_id=participant_id)
        return entry

    def write(self, participant_id: str, body: str) -> JournalEntry:
        cleaned = clean_fields({"body": body}, _BODY, required=("body",))
        with self._store.session() as session, session.begin():
            lookup.participant(session, participant_id)
            return self._add(session, participant_id, cleaned["body"], None)

    def correct(self, entry_id: str, body: str) -> JournalEntry:
        cleaned = clean_fields({"body": body}, _BODY, required=("body",))
        with self._store.session() as session, session.begin():
            original = lookup.require(session, JournalEntry, entry_id,
                                      _("The journal entry no longer exists."))
            return self._add(session, original.participant_id, cleaned["body"], original.id)

    def entries(self, participant_id: str) -> list[JournalLine]:
        """All entries, oldest first, each with the entry that corrects it (if any). Audited as a view."""
        stmt = (select(JournalEntry)
                .where(JournalEntry.participant_id == participant_id, ~JournalEntry.deleted)
                .order_by(JournalEntry.written_at, JournalEntry.id))
        with self._store.session() as session, session.begin():
            entries = list(session.scalars(stmt))
            audit.record(session, actor_id=self._store.user_id, action=AuditAction.VIEW,
                         entity="journal", entity_id=None, participant_id=participant_id)
        corrected_by = {e.corrects_id: e.id for e in entries if e.corrects_id}
        return [JournalLine(e, corrected_by.get(e.id)) for e in entries]
