"""What the participant record shows, read in one go (the desktop calls it on its database thread).

The plan, exit and follow-up rows have no read method in the services yet, so this module reads them
itself, audited as a view like every other read of a record. It returns frozen copies, never live rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from coachdesk.models import Activity, Checkpoint, Enrollment, Exit, FollowUp, Goal, Participant, Pause, User
from coachdesk.models.enums import (
    ActivityKind,
    ActivityStatus,
    AuditAction,
    CheckpointKind,
    CheckpointStatus,
    Destination,
    EnrollmentStatus,
    FollowUpKind,
    PauseReason,
    Programme,
)
from coachdesk.models.store import Store
from coachdesk.services import audit
from coachdesk.services.goals import GoalService
from coachdesk.services.participants import ParticipantService


@dataclass(frozen=True)
class EnrollmentRow:
    id: str
    programme: Programme
    start_date: dt.date
    planned_end_date: dt.date
    length_weeks: int
    status: EnrollmentStatus
    ended_on: dt.date | None


@dataclass(frozen=True)
class ActivityRow:
    id: str
    kind: ActivityKind
    title: str | None
    iso_year: int
    iso_week: int
    scheduled_at: dt.datetime | None
    status: ActivityStatus


@dataclass(frozen=True)
class CheckpointRow:
    kind: CheckpointKind
    due_date: dt.date
    status: CheckpointStatus
    done_on: dt.date | None


@dataclass(frozen=True)
class PauseRow:
    start_date: dt.date
    weeks: int
    reason: PauseReason
    enrollment_id: str = ""


@dataclass(frozen=True)
class ExitRow:
    exit_date: dt.date
    destination: Destination
    chances_improved: bool | None


@dataclass(frozen=True)
class FollowUpRow:
    id: str
    due_date: dt.date
    done_on: dt.date | None
    outcome: Destination | None
    chances_improved: bool | None


@dataclass(frozen=True)
class PlanData:
    enrollments: tuple[EnrollmentRow, ...] = ()
    activities: tuple[ActivityRow, ...] = ()
    checkpoints: tuple[CheckpointRow, ...] = ()
    pauses: tuple[PauseRow, ...] = ()
    exits: tuple[ExitRow, ...] = ()
    day_90: tuple[FollowUpRow, ...] = ()
    coach_name: str | None = None

    def upcoming(self, now: dt.datetime, limit: int = 5) -> list[ActivityRow]:
        """Planned activities from ``now`` on, soonest first."""
        later = [a for a in self.activities if a.status is ActivityStatus.PLANNED
                 and a.scheduled_at is not None and a.scheduled_at >= now]
        return sorted(later, key=lambda a: (a.scheduled_at or now, a.id))[:limit]


@dataclass(frozen=True)
class Snapshot:
    participant: Participant  # detached: the store's sessions do not expire on commit
    plan: PlanData
    goals: tuple[Goal, ...]


def read_plan(store: Store, participant_id: str) -> PlanData:
    """The participant's enrolments, activities, checkpoints, pauses, exits and 90-day follow-ups."""
    with store.session() as session, session.begin():
        enrollments = session.scalars(
            select(Enrollment).where(Enrollment.participant_id == participant_id,
                                     Enrollment.deleted.is_(False)).order_by(Enrollment.start_date)).all()
        activities = session.scalars(
            select(Activity).where(Activity.participant_id == participant_id, Activity.deleted.is_(False))
            .order_by(Activity.iso_year, Activity.iso_week, Activity.scheduled_at)).all()
        checkpoints = session.scalars(
            select(Checkpoint).where(Checkpoint.participant_id == participant_id,
                                     Checkpoint.deleted.is_(False)).order_by(Checkpoint.due_date)).all()
        pauses = session.scalars(
            select(Pause).where(Pause.participant_id == participant_id, Pause.deleted.is_(False))
            .order_by(Pause.start_date)).all()
        exits = session.scalars(
            select(Exit).where(Exit.participant_id == participant_id, Exit.deleted.is_(False))
            .order_by(Exit.exit_date)).all()
        follow_ups = session.scalars(
            select(FollowUp).where(FollowUp.participant_id == participant_id, FollowUp.deleted.is_(False),
                                   FollowUp.kind == FollowUpKind.DAY_90).order_by(FollowUp.due_date)).all()
        participant = session.get(Participant, participant_id)
        coach = session.get(User, participant.coach_id) if participant and participant.coach_id else None
        audit.record(session, actor_id=store.user_id, action=AuditAction.VIEW, entity="plan",
                     entity_id=None, participant_id=participant_id)
        return PlanData(
            enrollments=tuple(EnrollmentRow(e.id, e.programme, e.start_date, e.planned_end_date,
                                            e.length_weeks, e.status, e.ended_on) for e in enrollments),
            activities=tuple(ActivityRow(a.id, a.kind, a.title, a.iso_year, a.iso_week, a.scheduled_at,
                                         a.status) for a in activities),
            checkpoints=tuple(CheckpointRow(c.kind, c.due_date, c.status, c.done_on) for c in checkpoints),
            pauses=tuple(PauseRow(p.start_date, p.weeks, p.reason, p.enrollment_id) for p in pauses),
            exits=tuple(ExitRow(x.exit_date, x.destination, x.chances_improved) for x in exits),
            day_90=tuple(FollowUpRow(f.id, f.due_date, f.done_on, f.outcome, f.chances_improved)
                         for f in follow_ups if not f.cancelled),
            coach_name=coach.display_name if coach is not None else None,
        )


def read_snapshot(store: Store, participants: ParticipantService, goals: GoalService,
                  participant_id: str) -> Snapshot:
    """Everything but the journal, which is its own audited view. Runs on the database thread."""
    participant = participants.get(participant_id)
    return Snapshot(participant, read_plan(store, participant_id), tuple(goals.goals(participant_id)))
