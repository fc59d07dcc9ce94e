"""Exit, journal, attachments, supervisor reviews and the audit trail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coachdesk.models.base import Base, Synced, enum_column
from coachdesk.models.enums import AuditAction, Destination, ReviewStatus


class Exit(Synced, Base):
    """Avslut: the exit date and destination."""

    __tablename__ = "exits"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    exit_date: Mapped[dt.date] = mapped_column(Date)
    destination: Mapped[Destination] = mapped_column(enum_column(Destination))
    chances_improved: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)


class JournalEntry(Synced, Base):
    """Append-only journal: a correction is a new entry pointing at the one it corrects."""

    __tablename__ = "journal_entries"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    author_id: Mapped[str | None] = mapped_column(String(36))
    written_at: Mapped[dt.datetime] = mapped_column(DateTime)
    body: Mapped[str] = mapped_column(Text)
    corrects_id: Mapped[str | None] = mapped_column(ForeignKey("journal_entries.id"))


class Attachment(Synced, Base):
    """A document, stored inside the encrypted database, never as a loose file."""

    __tablename__ = "attachments"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Review(Synced, Base):
    """A supervisor's review of an action plan: approved, or returned with a comment."""

    __tablename__ = "reviews"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    enrollment_id: Mapped[str | None] = mapped_column(ForeignKey("enrollments.id"))
    status: Mapped[ReviewStatus] = mapped_column(enum_column(ReviewStatus))
    reviewer_id: Mapped[str | None] = mapped_column(String(36))
    comment: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditEvent(Synced, Base):
    """Who viewed or changed what. ``fields`` names changed fields, never their values."""

    __tablename__ = "audit_events"

    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    actor_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(36))
    participant_id: Mapped[str | None] = mapped_column(String(36), index=True)
    fields: Mapped[str | None] = mapped_column(Text)
