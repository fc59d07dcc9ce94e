"""Enrolments and their schedules: the 4-week introduction, the assessment, the intensive action plan.

Every change to an enrolment (start, length, pause) re-plans it from its template and reconciles the stored
rows: activities and checkpoints already held keep their dates; planned ones move; slots the new plan no
longer has are removed. Held history is never rewritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.errors import ValidationError
from coachdesk.i18n import N_, _
from coachdesk.models import (
    Activity,
    Assessment,
    AssessmentRating,
    Checkpoint,
    Enrollment,
    Participant,
    Pause,
)
from coachdesk.models.enums import (
    ActivityStatus,
    AssessmentDecision,
    AuditAction,
    CheckpointKind,
    CheckpointStatus,
    Destination,
    EnrollmentStatus,
    ParticipantStatus,
    PauseReason,
    Programme,
)
from coachdesk.models.store import Store
from coachdesk.services import audit, lookup, office_settings
from coachdesk.services.access import records_only
from coachdesk.services.calendar import IsoWeek, next_working_day
from coachdesk.services.closing import OPEN, close_open_work, exit_in_session
from coachdesk.services.schedule import PauseSpan, build_schedule
from coachdesk.services.templates import ProgrammeTemplate, TemplateLibrary
from coachdesk.services.validation import clean_date, clean_one, integer, text

# The employability assessment's dimensions (bedömning av anställningsbarhet), each rated 1-5 with a note.
DIMENSIONS: dict[str, str] = {
    "social_situation": N_("Social situation"),
    "education": N_("Education"),
    "informal_competence": N_("Informal competence"),
    "labour_market": N_("Labour-market possibilities"),
    "swedish_level": N_("Swedish level"),
    "motivation": N_("Motivation"),
}
RATING_LOW, RATING_HIGH = 1, 5
_EXIT_DESTINATION = {
    AssessmentDecision.EXIT_WORK: Destination.WORK,
    AssessmentDecision.EXIT_STUDIES: Destination.STUDIES,
    AssessmentDecision.EXIT_OTHER: Destination.OTHER,
}


def today() -> dt.date:
    return dt.date.today()


@records_only
class PlanService:
    def __init__(self, store: Store, templates: TemplateLibrary) -> None:
        self._store = store
        self._templates = templates

    # -- lookups ---------------------------------------------------------------------------------------

    @staticmethod
    def participant(session: Session, participant_id: str) -> Participant:
        found = lookup.participant(session, participant_id)
        return found

    @staticmethod
    def enrollment(session: Session, enrollment_id: str) -> Enrollment:
        found = lookup.require(session, Enrollment, enrollment_id, _("The enrolment no longer exists."))
        return found

    def template_of(self, enrollment: Enrollment) -> ProgrammeTemplate:
        if enrollment.template_id:
            return self._templates.get(enrollment.template_id)
        return self._templates.default_for(enrollment.programme)

    def _audit(
        self,
        session: Session,
        action: AuditAction,
        entity: str,
        entity_id: str,
        *,
        participant_id: str,
        fields: tuple[str, ...] = (),
    ) -> None:
        audit.record(
            session,
            actor_id=self._store.user_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            participant_id=participant_id,
            fields=fields,
        )

    # -- enrolment -------------------------------------------------------------------------------------

    def enrol(
        self,
        participant_id: str,
        programme: Programme,
        start: object,
        *,
        length_weeks: int | None = None,
        meeting_weekday: int | None = None,
        meeting_time: dt.time | None = None,
        template_id: str | None = None,
    ) -> Enrollment:
        with self._store.session() as session, session.begin():
            return self._enrol(
                session,
                participant_id,
                programme,
                start,
                length_weeks=length_weeks,
                meeting_weekday=meeting_weekday,
                meeting_time=meeting_time,
                template_id=template_id,
            )

    def _enrol(
        self,
        session: Session,
        participant_id: str,
        programme: Programme,
        start: object,
        *,
        length_weeks: int | None,
        meeting_weekday: int | None,
        meeting_time: dt.time | None,
        template_id: str | None,
    ) -> Enrollment:
        participant = self.participant(session, participant_id)
        template = self._templates.get(template_id) if template_id else self._templates.default_for(programme)
        if template.programme is not programme:
            raise ValidationError({"template_id": _("That template is for another programme.")})
        first_day = clean_one("start_date", clean_date, start)
        weeks = length_weeks if length_weeks is not None else template.length_weeks.default
        errors: dict[str, str] = {}
        low, high = template.length_weeks.min, template.length_weeks.max
        if not low <= weeks <= high:
            errors["length_weeks"] = (
                _("The plan must last {low} to {high} weeks.").format(low=low, high=high)
                if low != high
                else _("The plan lasts {weeks} weeks.").format(weeks=low)
            )
        if meeting_weekday is not None and not 1 <= meeting_weekday <= 5:
            errors["meeting_weekday"] = _("Meetings are held Monday to Friday.")
        open_rows = session.scalars(
            select(Enrollment).where(
                Enrollment.participant_id == participant_id,
                Enrollment.deleted.is_(False),
                Enrollment.status.in_(OPEN),
            )
        ).all()
        if any(e.programme is programme for e in open_rows):
            errors["programme"] = _("The participant is already enrolled in this programme.")
        elif programme is Programme.INTENSIVE and any(
            e.programme is Programme.INTRODUCTION for e in open_rows
        ):
            errors["programme"] = _("Finish the introduction with its assessment first.")
        if errors:
            raise ValidationError(errors)
        if programme is Programme.INTRODUCTION:
            office_settings.load(session).check_start(first_day)
        enrollment = Enrollment(
            participant_id=participant_id,
            programme=programme,
            start_date=next_working_day(first_day),
            length_weeks=weeks,
            planned_end_date=first_day,
            template_id=template.id,
            meeting_weekday=meeting_weekday,
            meeting_time=meeting_time,
            status=EnrollmentStatus.ACTIVE if first_day <= today() else EnrollmentStatus.PLANNED,
        )
        session.add(enrollment)
        session.flush()
        participant.status = (
            ParticipantStatus.INTRODUCTION
            if programme is Programme.INTRODUCTION
            else ParticipantStatus.INTENSIVE
        )
        self.replan(session, enrollment)
        self._audit(
            session,
            AuditAction.CREATE,
            "enrollment",
            enrollment.id,
            participant_id=participant_id,
            fields=("programme", "start_date", "length_weeks"),
        )
        return enrollment

    def replan(self, session: Session, enrollment: Enrollment) -> None:
        """Rebuild the schedule from the template and reconcile the stored activities and checkpoints."""
        pauses = session.scalars(
            select(Pause).where(Pause.enrollment_id == enrollment.id, Pause.deleted.is_(False))
        ).all()
        schedule = build_schedule(
            self.template_of(enrollment),
            start=enrollment.start_date,
            length_weeks=enrollment.length_weeks,
            meeting_weekday=enrollment.meeting_weekday,
            meeting_time=enrollment.meeting_time,
            pauses=[PauseSpan(p.start_date, p.weeks) for p in pauses],
        )
        enrollment.planned_end_date = schedule.end_date
        stored = {
            a.plan_slot: a
            for a in session.scalars(
                select(Activity).where(
                    Activity.enrollment_id == enrollment.id,
                    Activity.plan_slot.is_not(None),
                    Activity.deleted.is_(False),
                )
            )
        }
        for planned in schedule.activities:
            row = stored.pop(planned.slot, None)
            if row is None:
                row = Activity(
                    participant_id=enrollment.participant_id,
                    enrollment_id=enrollment.id,
                    kind=planned.kind,
                    plan_slot=planned.slot,
                    title=planned.title.sv if planned.title else None,
                )
                session.add(row)
            elif row.status is not ActivityStatus.PLANNED:
                continue  # held, missed or cancelled: history stays where it happened
            week = IsoWeek.of(planned.day)
            row.iso_year, row.iso_week = week.year, week.week
            row.scheduled_at, row.planned_minutes = planned.starts_at, planned.minutes
        for leftover in stored.values():
            if leftover.status is ActivityStatus.PLANNED:
                leftover.deleted = True  # the plan no longer has this slot: it never happened
        checkpoints = {
            c.kind: c
            for c in session.scalars(
                select(Checkpoint).where(
                    Checkpoint.enrollment_id == enrollment.id, Checkpoint.deleted.is_(False)
                )
            )
        }
        for planned_checkpoint in schedule.checkpoints:
            checkpoint = checkpoints.pop(planned_checkpoint.kind, None)
            if checkpoint is None:
                checkpoint = Checkpoint(
                    participant_id=enrollment.participant_id,
                    enrollment_id=enrollment.id,
                    kind=planned_checkpoint.kind,
                    status=CheckpointStatus.DUE,
                )
                session.add(checkpoint)
            if checkpoint.status is CheckpointStatus.DUE:
                checkpoint.due_date = planned_checkpoint.due
        for extra in checkpoints.values():
            if extra.status is CheckpointStatus.DUE:
                extra.deleted = True

    def _open_enrollment(self, session: Session, enrollment_id: str) -> Enrollment:
        enrollment = self.enrollment(session, enrollment_id)
        if enrollment.status not in OPEN:
            raise ValidationError({"enrollment": _("This enrolment has ended and can no longer change.")})
        return enrollment

    # -- changing a plan -------------------------------------------------------------------------------

    def change_length(self, enrollment_id: str, weeks: int) -> Enrollment:
        """Extend or shorten a plan within the template's range (26-30 weeks for the intensive plan)."""
        with self._store.session() as session, session.begin():
            enrollment = self._open_enrollment(session, enrollment_id)
            length = self.template_of(enrollment).length_weeks
            if not length.min <= weeks <= length.max:
                raise ValidationError(
                    {
                        "length_weeks": _("The plan must last {low} to {high} weeks.").format(
                            low=length.min, high=length.max
                        )
                    }
                )
            enrollment.length_weeks = weeks
            self.replan(session, enrollment)
            self._audit(
                session,
                AuditAction.UPDATE,
                "enrollment",
                enrollment.id,
                participant_id=enrollment.participant_id,
                fields=("length_weeks", "planned_end_date"),
            )
            return enrollment

    def pause(
        self,
        enrollment_id: str,
        *,
        start: object,
        weeks: object,
        reason: PauseReason,
        note: str | None = None,
    ) -> Pause:
        """A pause (sick or parental leave) moves everything from its week onwards by its length."""
        with self._store.session() as session, session.begin():
            enrollment = self._open_enrollment(session, enrollment_id)
            first_day = clean_one("start_date", clean_date, start)
            length = clean_one("weeks", integer(1, 52), weeks)
            if not enrollment.start_date <= first_day <= enrollment.planned_end_date:
                raise ValidationError(
                    {
                        "start_date": _("A pause must start within the plan ({start} to {end}).").format(
                            start=enrollment.start_date.isoformat(),
                            end=enrollment.planned_end_date.isoformat(),
                        )
                    }
                )
            pause = Pause(
                participant_id=enrollment.participant_id,
                enrollment_id=enrollment.id,
                start_date=first_day,
                weeks=length,
                reason=PauseReason(reason),
                note=clean_one("note", text(2000), note) if note else None,
            )
            session.add(pause)
            session.flush()
            self.replan(session, enrollment)
            self._audit(
                session,
                AuditAction.CREATE,
                "pause",
                pause.id,
                participant_id=enrollment.participant_id,
                fields=("start_date", "weeks", "reason"),
            )
            return pause

    def discontinue(self, enrollment_id: str, *, on: object, reason: str) -> Enrollment:
        with self._store.session() as session, session.begin():
            enrollment = self._open_enrollment(session, enrollment_id)
            day = clean_one("ended_on", clean_date, on)
            why = clean_one("end_reason", text(2000, required=True), reason)
            if day < enrollment.start_date:
                raise ValidationError({"ended_on": _("The programme cannot end before it started.")})
            enrollment.status, enrollment.ended_on, enrollment.end_reason = (
                EnrollmentStatus.DISCONTINUED,
                day,
                why,
            )
            close_open_work(session, enrollment.participant_id, after=day, enrollment_id=enrollment.id)
            self._audit(
                session,
                AuditAction.UPDATE,
                "enrollment",
                enrollment.id,
                participant_id=enrollment.participant_id,
                fields=("status", "ended_on", "end_reason"),
            )
            return enrollment

    def complete_checkpoint(
        self, checkpoint_id: str, *, done_on: object, note: str | None = None
    ) -> Checkpoint:
        """Mark a mid-point or final review held (the assessment is recorded with record_assessment)."""
        with self._store.session() as session, session.begin():
            checkpoint = lookup.require(session, Checkpoint, checkpoint_id, _("The review no longer exists."))
            if checkpoint.status is not CheckpointStatus.DUE:
                raise ValidationError({"status": _("This review is already recorded.")})
            enrollment = self.enrollment(session, checkpoint.enrollment_id)
            day = clean_one("done_on", clean_date, done_on)
            if day < enrollment.start_date:
                raise ValidationError({"done_on": _("A review cannot be held before the plan starts.")})
            checkpoint.status, checkpoint.done_on = CheckpointStatus.DONE, day
            checkpoint.note = clean_one("note", text(10_000), note) if note else None
            self._audit(
                session,
                AuditAction.UPDATE,
                "checkpoint",
                checkpoint.id,
                participant_id=checkpoint.participant_id,
                fields=("status", "done_on", "note"),
            )
            return checkpoint

    # -- the employability assessment ------------------------------------------------------------------

    def record_assessment(
        self,
        enrollment_id: str,
        *,
        assessed_on: object,
        ratings: Mapping[str, tuple[int | None, str | None]],
        decision: AssessmentDecision,
        intensive_weeks: int | None = None,
        intensive_start: object = None,
        note: str | None = None,
    ) -> Assessment:
        """The end-of-introduction assessment and its decision: exit, or continue to the intensive plan."""
        with self._store.session() as session, session.begin():
            intro = self._open_enrollment(session, enrollment_id)
            if intro.programme is not Programme.INTRODUCTION:
                raise ValidationError({"enrollment": _("The assessment belongs to the introduction.")})
            day = clean_one("assessed_on", clean_date, assessed_on)
            errors = _rating_errors(ratings)
            if day < intro.start_date:
                errors["assessed_on"] = _("The assessment cannot be before the introduction starts.")
            if decision is AssessmentDecision.CONTINUE_INTENSIVE and intensive_weeks is None:
                errors["intensive_weeks"] = _("Choose how many weeks the intensive plan lasts.")
            if errors:
                raise ValidationError(errors)
            assessment = Assessment(
                participant_id=intro.participant_id,
                enrollment_id=intro.id,
                assessed_on=day,
                decision=decision,
                intensive_weeks=intensive_weeks,
                note=clean_one("note", text(10_000), note) if note else None,
            )
            session.add(assessment)
            session.flush()
            for dimension, (rating, rating_note) in ratings.items():
                session.add(
                    AssessmentRating(
                        assessment_id=assessment.id,
                        dimension=dimension,
                        rating=rating,
                        note=clean_one(dimension, text(10_000), rating_note) if rating_note else None,
                    )
                )
            intro.status, intro.ended_on = EnrollmentStatus.COMPLETED, day
            for checkpoint in session.scalars(
                select(Checkpoint).where(
                    Checkpoint.enrollment_id == intro.id,
                    Checkpoint.kind == CheckpointKind.ASSESSMENT,
                    Checkpoint.status == CheckpointStatus.DUE,
                )
            ):
                checkpoint.status, checkpoint.done_on = CheckpointStatus.DONE, day
            close_open_work(session, intro.participant_id, after=day, enrollment_id=intro.id)
            if decision is AssessmentDecision.CONTINUE_INTENSIVE:
                start = (
                    clean_one("intensive_start", clean_date, intensive_start)
                    if intensive_start
                    else IsoWeek.of(max(day, intro.planned_end_date)).plus(1).monday
                )
                self._enrol(
                    session,
                    intro.participant_id,
                    Programme.INTENSIVE,
                    start,
                    length_weeks=intensive_weeks,
                    meeting_weekday=intro.meeting_weekday,
                    meeting_time=intro.meeting_time,
                    template_id=None,
                )
            else:
                exit_in_session(
                    session,
                    self.participant(session, intro.participant_id),
                    exit_date=day,
                    destination=_EXIT_DESTINATION[decision],
                    note=None,
                    follow_up_days=self.template_of(intro).follow_up_after_exit_days,
                )
            self._audit(
                session,
                AuditAction.CREATE,
                "assessment",
                assessment.id,
                participant_id=intro.participant_id,
                fields=("assessed_on", "decision", "ratings"),
            )
            return assessment


def _rating_errors(ratings: Mapping[str, tuple[int | None, str | None]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for dimension in ratings:
        if dimension not in DIMENSIONS:
            errors[dimension] = _("This is not one of the assessment's dimensions.")
    for dimension in DIMENSIONS:
        rating = ratings.get(dimension, (None, None))[0]
        if rating is None:
            errors[dimension] = _("Rate every dimension of the assessment.")
        elif not RATING_LOW <= rating <= RATING_HIGH:
            errors[dimension] = _("A rating is from {low} to {high}.").format(
                low=RATING_LOW, high=RATING_HIGH
            )
    return errors
