"""Employers (företagskontakter), their contacts and agreements, placements and workplace follow-ups."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coachdesk.models.base import Base, Synced, enum_column
from coachdesk.models.enums import Destination, FollowUpKind, PlacementKind


class Employer(Synced, Base):
    __tablename__ = "employers"

    name: Mapped[str] = mapped_column(String(300), index=True)
    org_number: Mapped[str | None] = mapped_column(String(11))  # organisationsnummer NNNNNN-NNNN
    sector: Mapped[str | None] = mapped_column(String(100))
    municipality: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    competence_needs: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class EmployerContact(Synced, Base):
    """A contact person; ``is_supervisor`` marks a workplace supervisor (handledare)."""

    __tablename__ = "employer_contacts"

    employer_id: Mapped[str] = mapped_column(ForeignKey("employers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    is_supervisor: Mapped[bool] = mapped_column(Boolean, default=False)


class Agreement(Synced, Base):
    """A written agreement (skriftlig överenskommelse) on internships or language internships."""

    __tablename__ = "agreements"

    employer_id: Mapped[str] = mapped_column(ForeignKey("employers.id"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)


class Placement(Synced, Base):
    """An internship (praktik) or language internship (språkpraktik) at an employer."""

    __tablename__ = "placements"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    employer_id: Mapped[str] = mapped_column(ForeignKey("employers.id"), index=True)
    agreement_id: Mapped[str | None] = mapped_column(ForeignKey("agreements.id"))
    supervisor_id: Mapped[str | None] = mapped_column(ForeignKey("employer_contacts.id"))
    kind: Mapped[PlacementKind] = mapped_column(enum_column(PlacementKind))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    hours_per_week: Mapped[int | None] = mapped_column(Integer)
    follow_up_every_weeks: Mapped[int] = mapped_column(Integer, default=2)


class FollowUp(Synced, Base):
    """A workplace follow-up visit, or the 90-day follow-up after exit."""

    __tablename__ = "follow_ups"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    placement_id: Mapped[str | None] = mapped_column(ForeignKey("placements.id"))
    kind: Mapped[FollowUpKind] = mapped_column(enum_column(FollowUpKind))
    due_date: Mapped[dt.date] = mapped_column(Date, index=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    # A visit no longer needed (the placement or the programme ended first); kept for the record.
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[Destination | None] = mapped_column(enum_column(Destination))
    chances_improved: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
