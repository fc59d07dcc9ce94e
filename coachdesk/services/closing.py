"""What happens to open work when a programme ends early or a participant exits (avslut).

Shared by the plan service (assessment decisions, discontinuing) and the exit service, inside the caller's
transaction. Nothing held is touched: only what was still planned after the last day is cancelled.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.errors import ValidationError
from coachdesk.i18n import _
from coachdesk.models import Activity, Checkpoint, Enrollment, Exit, FollowUp, Participant, Placement
from coachdesk.models.enums import (
    ActivityStatus,
    CheckpointStatus,
    Destination,
    EnrollmentStatus,
    FollowUpKind,
    ParticipantStatus,
)
from coachdesk.services.calendar import next_working_day

OPEN = (EnrollmentStatus.PLANNED, EnrollmentStatus.ACTIVE, EnrollmentStatus.PAUSED)


def close_open_work(
    session: Session, participant_id: str, *, after: dt.date, enrollment_id: str | None = None
) -> None:
    """Cancel what was planned after ``after``: activities, due checkpoints; on exit, placements too."""
    later = dt.datetime.combine(after + dt.timedelta(days=1), dt.time())
    activities = select(Activity).where(
        Activity.participant_id == participant_id,
        Activity.deleted.is_(False),
        Activity.status == ActivityStatus.PLANNED,
        Activity.scheduled_at >= later,
    )
    checkpoints = select(Checkpoint).where(
        Checkpoint.participant_id == participant_id,
        Checkpoint.deleted.is_(False),
        Checkpoint.status == CheckpointStatus.DUE,
    )
    if enrollment_id is not None:
        activities = activities.where(Activity.enrollment_id == enrollment_id)
        checkpoints = checkpoints.where(Checkpoint.enrollment_id == enrollment_id)
    for activity in session.scalars(activities):
        activity.status = ActivityStatus.CANCELLED
    for checkpoint in session.scalars(checkpoints):
        checkpoint.status = CheckpointStatus.CANCELLED
    if enrollment_id is not None:
        return
    for placement in session.scalars(
        select(Placement).where(Placement.participant_id == participant_id, Placement.deleted.is_(False))
    ):
        if placement.start_date > after:
            placement.deleted = True  # it would have started after the exit: it never happened
        elif placement.end_date is None or placement.end_date > after:
            placement.end_date = after
    for follow_up in session.scalars(
        select(FollowUp).where(
            FollowUp.participant_id == participant_id,
            FollowUp.deleted.is_(False),
            FollowUp.kind == FollowUpKind.WORKPLACE_VISIT,
            FollowUp.done_on.is_(None),
            FollowUp.due_date > after,
        )
    ):
        follow_up.cancelled = True


def exit_in_session(
    session: Session,
    participant: Participant,
    *,
    exit_date: dt.date,
    destination: Destination,
    note: str | None,
    follow_up_days: int,
    chances_improved: bool | None = None,
) -> Exit:
    """Record the exit, close everything open and schedule the follow-up ``follow_up_days`` later."""
    enrollments = session.scalars(
        select(Enrollment).where(Enrollment.participant_id == participant.id, Enrollment.deleted.is_(False))
    ).all()
    if participant.status is ParticipantStatus.EXITED and not any(e.status in OPEN for e in enrollments):
        raise ValidationError({"exit_date": _("The participant has already exited.")})
    starts = [e.start_date for e in enrollments if e.status in OPEN] or [e.start_date for e in enrollments]
    if starts and exit_date < min(starts):
        raise ValidationError(
            {
                "exit_date": _("The exit date is before the programme started ({date}).").format(
                    date=min(starts).isoformat()
                )
            }
        )
    for enrollment in enrollments:
        if enrollment.status in OPEN:
            # A programme that had not started yet never will; one under way ends with the exit.
            enrollment.status = (
                EnrollmentStatus.DISCONTINUED
                if enrollment.start_date > exit_date
                else EnrollmentStatus.COMPLETED
            )
            enrollment.ended_on = exit_date
    close_open_work(session, participant.id, after=exit_date)
    record = Exit(
        participant_id=participant.id,
        exit_date=exit_date,
        destination=destination,
        chances_improved=chances_improved,
        note=note,
    )
    session.add(record)
    session.add(
        FollowUp(
            participant_id=participant.id,
            kind=FollowUpKind.DAY_90,
            due_date=next_working_day(exit_date + dt.timedelta(days=follow_up_days)),
        )
    )
    participant.status = ParticipantStatus.EXITED
    return record
