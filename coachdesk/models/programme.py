"""Enrolments in the introduction and intensive programmes, their activities, goals and assessments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, Time, text
from sqlalchemy.orm import Mapped, mapped_column

from coachdesk.models.base import Base, Synced, enum_column
from coachdesk.models.enums import (
    ActivityKind,
    ActivityStatus,
    AssessmentDecision,
    CheckpointKind,
    CheckpointStatus,
    EnrollmentStatus,
    GoalOrigin,
    GoalStatus,
    PauseReason,
    Programme,
    SessionPurpose,
)


class Enrollment(Synced, Base):
    """A participant's place in a programme: introduktionsperiod (4 w) or fördjupat arbete (26-30 w)."""

    __tablename__ = "enrollments"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    programme: Mapped[Programme] = mapped_column(enum_column(Programme))
    start_date: Mapped[dt.date] = mapped_column(Date)
    length_weeks: Mapped[int] = mapped_column(Integer)
    planned_end_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[EnrollmentStatus] = mapped_column(
        enum_column(EnrollmentStatus), default=EnrollmentStatus.ACTIVE
    )
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)
    # The programme template the schedule was made from, and the weekly meeting slot it used.
    template_id: Mapped[str | None] = mapped_column(String(64))
    meeting_weekday: Mapped[int | None] = mapped_column(Integer)  # ISO: 1 = Monday
    meeting_time: Mapped[dt.time | None] = mapped_column(Time)


class Goal(Synced, Base):
    """A goal or, with ``parent_id``, a sub-goal (mål och delmål) of the action plan."""

    __tablename__ = "goals"

    enrollment_id: Mapped[str | None] = mapped_column(ForeignKey("enrollments.id"))
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("goals.id"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[GoalOrigin] = mapped_column(enum_column(GoalOrigin))
    status: Mapped[GoalStatus] = mapped_column(enum_column(GoalStatus), default=GoalStatus.OPEN)
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    achieved_on: Mapped[dt.date | None] = mapped_column(Date)


class Activity(Synced, Base):
    """One planned or held activity; scheduled by ISO week, optionally at a time."""

    __tablename__ = "activities"
    # The agenda reads a caseload's activities week by week, an office's by week, and what is overdue.
    # The indicator report sums each participant's attended minutes in a period from the partial index
    # alone (migration 0005). SQLite uses it only for a query that states both its conditions, with a
    # literal 0 (coachdesk.reports.indicators._hours; tests/unit/reports/test_plans.py checks the plan).
    __table_args__ = (
        Index("ix_activities_participant_week", "participant_id", "iso_year", "iso_week"),
        Index("ix_activities_week", "iso_year", "iso_week"),
        Index("ix_activities_status_scheduled", "status", "scheduled_at"),
        Index("ix_activities_attended", "participant_id", "scheduled_at", "attended_minutes",
              sqlite_where=text("attended_minutes > 0 AND deleted IS 0")),
    )

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    enrollment_id: Mapped[str | None] = mapped_column(ForeignKey("enrollments.id"), index=True)
    goal_id: Mapped[str | None] = mapped_column(ForeignKey("goals.id"))
    placement_id: Mapped[str | None] = mapped_column(ForeignKey("placements.id"), index=True)
    # Shared by every participant's row of one group session, so attendance is taken together.
    group_id: Mapped[str | None] = mapped_column(String(36), index=True)
    # Which template item made this row ("phase/kind/week/n"); None for activities added by hand.
    plan_slot: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind))
    title: Mapped[str | None] = mapped_column(String(300))
    iso_year: Mapped[int] = mapped_column(Integer)
    iso_week: Mapped[int] = mapped_column(Integer)
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    planned_minutes: Mapped[int] = mapped_column(Integer, default=60)
    status: Mapped[ActivityStatus] = mapped_column(
        enum_column(ActivityStatus), default=ActivityStatus.PLANNED
    )
    attended_minutes: Mapped[int | None] = mapped_column(Integer)


class Assessment(Synced, Base):
    """The employability assessment (bedömning av anställningsbarhet) at the end of the introduction."""

    __tablename__ = "assessments"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    enrollment_id: Mapped[str | None] = mapped_column(ForeignKey("enrollments.id"))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    decision: Mapped[AssessmentDecision | None] = mapped_column(enum_column(AssessmentDecision))
    intensive_weeks: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class AssessmentRating(Synced, Base):
    """One dimension of an assessment (social situation, education, Swedish level, ...)."""

    __tablename__ = "assessment_ratings"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    dimension: Mapped[str] = mapped_column(String(64))
    rating: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class Checkpoint(Synced, Base):
    """A dated milestone of a plan: the employability assessment, the mid-point or the final review."""

    __tablename__ = "checkpoints"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    enrollment_id: Mapped[str] = mapped_column(ForeignKey("enrollments.id"), index=True)
    kind: Mapped[CheckpointKind] = mapped_column(enum_column(CheckpointKind))
    due_date: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[CheckpointStatus] = mapped_column(
        enum_column(CheckpointStatus), default=CheckpointStatus.DUE
    )
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class Pause(Synced, Base):
    """A break in a plan (sick or parental leave): the schedule after it moves on by its length."""

    __tablename__ = "pauses"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    enrollment_id: Mapped[str] = mapped_column(ForeignKey("enrollments.id"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer)
    reason: Mapped[PauseReason] = mapped_column(enum_column(PauseReason))
    note: Mapped[str | None] = mapped_column(Text)


class InterpreterSession(Synced, Base):
    """An intake or meeting an interpreter (tolk) is booked for; the interpreter's only window on a record."""

    __tablename__ = "interpreter_sessions"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    interpreter_id: Mapped[str] = mapped_column(String(36), index=True)
    activity_id: Mapped[str | None] = mapped_column(ForeignKey("activities.id"))
    purpose: Mapped[SessionPurpose] = mapped_column(enum_column(SessionPurpose))
    language: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime)
