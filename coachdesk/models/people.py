"""Offices, users and participants (deltagare)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coachdesk.models.base import Base, Synced, enum_column
from coachdesk.models.enums import (
    EducationLevel,
    Gender,
    ParticipantStatus,
    ReferralSource,
    Role,
    TargetGroup,
)


class Office(Synced, Base):
    """A project office (kontor), the unit of sync scope."""

    __tablename__ = "offices"

    name: Mapped[str] = mapped_column(String(200))
    municipality: Mapped[str | None] = mapped_column(String(100))


class User(Synced, Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(100), index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role))


class Participant(Synced, Base):
    """A participant (deltagare): the subject of every record, never a user of the app.

    Holds GDPR special-category data (financial assistance, health, disability, origin).
    """

    __tablename__ = "participants"
    __table_args__ = (Index("ix_participants_personnummer", "personnummer"),)

    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    # Personnummer or samordningsnummer as YYYYMMDD-NNNN; many newcomers have neither. Never a key.
    personnummer: Mapped[str | None] = mapped_column(String(13))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    gender: Mapped[Gender] = mapped_column(enum_column(Gender), default=Gender.NOT_STATED)
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(String(300))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))

    target_group: Mapped[TargetGroup | None] = mapped_column(enum_column(TargetGroup))
    referral_source: Mapped[ReferralSource | None] = mapped_column(enum_column(ReferralSource))
    referral_date: Mapped[dt.date | None] = mapped_column(Date)
    receives_financial_assistance: Mapped[bool | None] = mapped_column(Boolean)
    receives_introduction_benefit: Mapped[bool | None] = mapped_column(Boolean)

    foreign_born: Mapped[bool | None] = mapped_column(Boolean)
    country_of_birth: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    arrival_year: Mapped[int | None]
    # Language codes (BCP 47 / gettext style: "ar", "fa_AF", "so", "ti").
    primary_language: Mapped[str | None] = mapped_column(String(16))
    other_languages: Mapped[str | None] = mapped_column(String(200))
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    interpreter_language: Mapped[str | None] = mapped_column(String(16))

    education_level: Mapped[EducationLevel | None] = mapped_column(enum_column(EducationLevel))
    complete_upper_secondary: Mapped[bool | None] = mapped_column(Boolean)
    disability_affects_work: Mapped[bool | None] = mapped_column(Boolean)
    accessibility_needs: Mapped[str | None] = mapped_column(Text)
    communication_needs: Mapped[str | None] = mapped_column(Text)
    social_situation: Mapped[str | None] = mapped_column(Text)
    work_experience: Mapped[str | None] = mapped_column(Text)
    informal_competences: Mapped[str | None] = mapped_column(Text)
    dreams: Mapped[str | None] = mapped_column(Text)  # drömmar om jobb och karriär (K2)
    goals_summary: Mapped[str | None] = mapped_column(Text)

    consent_given_on: Mapped[dt.date | None] = mapped_column(Date)
    consent_language: Mapped[str | None] = mapped_column(String(16))

    status: Mapped[ParticipantStatus] = mapped_column(
        enum_column(ParticipantStatus), default=ParticipantStatus.REFERRED, index=True
    )
    coach_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
