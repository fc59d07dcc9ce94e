"""Right of access (GDPR art. 15, registerutdrag): everything this vault holds on one participant.

Every column of every row that belongs to the participant, removed rows (tombstones) included since the
vault still holds them, each section in a stable order with stable keys: the table's column names, dates
and times in ISO 8601, codes as their stored values. Documents are listed (name, type, size, date) without
their content; the files themselves are exported one by one from the record's Documents tab. Assessment
ratings sit under their assessment. ``names`` resolves the ids of coaches, employers and supervisors the
rows point at. ``tests/unit/reports/test_subject_access.py`` fails when a synced table with a
``participant_id`` column is missing from ``SECTIONS``.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from coachdesk.errors import NotFoundError
from coachdesk.i18n import _
from coachdesk.models import (
    Activity,
    Assessment,
    AssessmentRating,
    Attachment,
    AuditEvent,
    Checkpoint,
    Employer,
    EmployerContact,
    Enrollment,
    Exit,
    FollowUp,
    Goal,
    InterpreterSession,
    JournalEntry,
    Participant,
    Pause,
    Placement,
    Review,
    Synced,
    User,
)
from coachdesk.models.enums import AuditAction
from coachdesk.models.store import Store
from coachdesk.services import access, audit

FORMAT = "coachdesk.subject_access"
VERSION = 1
#: Columns never exported: the document's bytes (listed, not embedded).
_LEFT_OUT: dict[type[Synced], frozenset[str]] = {Attachment: frozenset({"content"})}
_USER_COLUMNS = ("coach_id", "author_id", "actor_id", "reviewer_id", "interpreter_id")


@dataclass(frozen=True)
class Section:
    """One list of rows in the export: its key, its table and the columns that order it."""

    key: str
    model: type[Synced]
    order: tuple[InstrumentedAttribute[Any], ...]


SECTIONS: tuple[Section, ...] = (
    Section("enrollments", Enrollment, (Enrollment.start_date, Enrollment.id)),
    Section("pauses", Pause, (Pause.start_date, Pause.id)),
    Section("checkpoints", Checkpoint, (Checkpoint.due_date, Checkpoint.id)),
    Section("assessments", Assessment, (Assessment.assessed_on, Assessment.id)),
    Section("goals", Goal, (Goal.id,)),
    Section("activities", Activity,
            (Activity.iso_year, Activity.iso_week, Activity.scheduled_at, Activity.id)),
    Section("placements", Placement, (Placement.start_date, Placement.id)),
    Section("follow_ups", FollowUp, (FollowUp.due_date, FollowUp.id)),
    Section("journal_entries", JournalEntry, (JournalEntry.written_at, JournalEntry.id)),
    Section("exits", Exit, (Exit.exit_date, Exit.id)),
    Section("documents", Attachment, (Attachment.added_at, Attachment.id)),
    Section("interpreter_sessions", InterpreterSession,
            (InterpreterSession.starts_at, InterpreterSession.id)),
    Section("reviews", Review, (Review.decided_at, Review.id)),
    Section("audit_trail", AuditEvent, (AuditEvent.at, AuditEvent.id)),
)


def json_value(value: object) -> object:
    """A column value as JSON: ISO dates and times, enum codes, everything else as it is."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return len(value)
    return value


def _columns(model: type[Synced]) -> list[str]:
    left_out = _LEFT_OUT.get(model, frozenset())
    return [c.key for c in inspect(model).column_attrs if c.key not in left_out]


def _row(row: Synced, columns: list[str]) -> dict[str, object]:
    return {name: json_value(getattr(row, name)) for name in columns}


def _rows(session: Session, section: Section, participant_id: str) -> list[dict[str, object]]:
    columns = _columns(section.model)
    participant_column = inspect(section.model).columns["participant_id"]
    stmt = select(*(getattr(section.model, name) for name in columns)).where(
        participant_column == participant_id).order_by(*section.order)
    return [{name: json_value(value) for name, value in zip(columns, found, strict=True)}
            for found in session.execute(stmt)]


def _names(session: Session, held: dict[str, Any]) -> dict[str, dict[str, str]]:
    rows = [held["participant"], *(r for s in SECTIONS for r in held[s.key])]
    user_ids = {r[c] for r in rows for c in _USER_COLUMNS if isinstance(r.get(c), str) and r[c]}
    employer_ids = {r["employer_id"] for r in held["placements"]}
    contact_ids = {r["supervisor_id"] for r in held["placements"] if r["supervisor_id"]}

    def named(model: type[Synced], ids: set[str], attribute: str) -> dict[str, str]:
        if not ids:
            return {}
        key = inspect(model).columns["id"]
        found = session.execute(select(key, inspect(model).columns[attribute]).where(key.in_(ids)))
        return {str(row_id): str(value) for row_id, value in sorted(tuple(row) for row in found)}

    return {"users": named(User, user_ids, "display_name"),
            "employers": named(Employer, employer_ids, "name"),
            "employer_contacts": named(EmployerContact, contact_ids, "name")}


def gather(store: Store, participant_id: str, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything held on the participant, JSON-ready. ``NotFoundError`` when the vault has no such id."""
    access.require_records(store)
    with store.session() as session:
        participant = session.get(Participant, participant_id)
        if participant is None:
            raise NotFoundError(_("No participant in this vault has that id."))
        held: dict[str, Any] = {
            "format": FORMAT, "version": VERSION,
            "generated_at": json_value((now or audit.utcnow()).replace(microsecond=0)),
            "participant_id": participant_id,
            "participant": _row(participant, _columns(Participant)),
        }
        for section in SECTIONS:
            held[section.key] = _rows(session, section, participant_id)
        rating_columns = _columns(AssessmentRating)
        for assessment in held["assessments"]:
            ratings = session.scalars(select(AssessmentRating).where(
                AssessmentRating.assessment_id == assessment["id"]).order_by(
                AssessmentRating.dimension, AssessmentRating.id)).all()
            assessment["ratings"] = [_row(r, rating_columns) for r in ratings]
        held["names"] = _names(session, held)
    return held


def to_json(held: dict[str, Any]) -> bytes:
    """UTF-8 JSON, keys sorted, indented: the same data gives the same bytes."""
    return (json.dumps(held, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def record_exported(store: Store, participant_id: str, kind: str) -> None:
    """The audit trail's note that the participant's data left the vault: whose, how and when, no value."""
    with store.session() as session, session.begin():
        audit.record(session, actor_id=store.user_id, action=AuditAction.EXPORT,
                     entity=f"subject_access_{kind}", entity_id=None, participant_id=participant_id)
