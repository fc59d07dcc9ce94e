"""Placements: internships (praktik) and language internships (språkpraktik) at an employer.

A placement brings its weekly internship hours into the participant's schedule (so attendance and
participant hours cover them) and workplace follow-ups with the supervisor (handledare) on a cadence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coachdesk.errors import NotFoundError, ValidationError
from coachdesk.i18n import _
from coachdesk.models import Activity, Agreement, Employer, EmployerContact, Enrollment, FollowUp, Placement
from coachdesk.models.enums import (
    ActivityKind,
    ActivityStatus,
    AuditAction,
    EnrollmentStatus,
    FollowUpKind,
    PlacementKind,
    Programme,
)
from coachdesk.models.store import Store
from coachdesk.services import audit, lookup
from coachdesk.services.access import records_only
from coachdesk.services.calendar import IsoWeek, working_day_in_week
from coachdesk.services.templates import TemplateLibrary
from coachdesk.services.validation import choice, clean_date, clean_one, integer, text

_KIND_ACTIVITY = {
    PlacementKind.INTERNSHIP: ActivityKind.INTERNSHIP,
    PlacementKind.LANGUAGE_INTERNSHIP: ActivityKind.LANGUAGE_INTERNSHIP,
}
_WORKDAY_START = dt.time(8, 0)
MAX_HOURS_PER_WEEK = 40
_ONGOING = (EnrollmentStatus.PLANNED, EnrollmentStatus.ACTIVE, EnrollmentStatus.PAUSED)


@dataclass(frozen=True)
class WorkplaceFollowUp:
    """A workplace follow-up (uppföljning på arbetsplatsen) with the supervisor, as the record lists it."""

    id: str
    due_date: dt.date
    done_on: dt.date | None
    cancelled: bool
    note: str | None


@dataclass(frozen=True)
class PlacementRow:
    """A placement with the names the record shows beside it; a frozen copy, never a live row."""

    id: str
    kind: PlacementKind
    employer_id: str
    employer_name: str
    start_date: dt.date
    end_date: dt.date | None
    hours_per_week: int | None
    supervisor_name: str | None
    agreement_summary: str | None
    follow_up_every_weeks: int
    follow_ups: tuple[WorkplaceFollowUp, ...]


@records_only
class PlacementService:
    def __init__(self, store: Store, templates: TemplateLibrary) -> None:
        self._store = store
        self._templates = templates

    def create(
        self,
        participant_id: str,
        *,
        employer_id: str | None,
        kind: object,
        start: object,
        end: object,
        hours_per_week: object,
        supervisor_id: str | None = None,
        agreement_id: str | None = None,
        follow_up_every_weeks: object = None,
    ) -> Placement:
        """Make a placement and its schedule; without an ``end`` it lasts as long as the programme."""
        placement_kind = clean_one("kind", choice(PlacementKind), kind)
        first = clean_one("start_date", clean_date, start)
        last = None if end is None or not str(end).strip() else clean_one("end_date", clean_date, end)
        hours = clean_one("hours_per_week", integer(1, MAX_HOURS_PER_WEEK), hours_per_week)
        default_cadence = self._templates.default_for(Programme.INTENSIVE).workplace_follow_up_every_weeks
        cadence = (
            clean_one("follow_up_every_weeks", integer(1, 12), follow_up_every_weeks)
            if follow_up_every_weeks is not None
            else default_cadence
        )
        with self._store.session() as session, session.begin():
            errors = self._check(session, participant_id, employer_id, supervisor_id, agreement_id)
            if last is None:
                last = self._programme_end(session, participant_id, first)
            if last is None:
                errors["end_date"] = _("Give an end date: the participant has no programme under way "
                                       "that the placement could end with.")
            elif last < first:
                errors["end_date"] = _("The placement cannot end before it starts.")
            if errors:
                raise ValidationError(errors)
            placement = Placement(
                participant_id=participant_id,
                employer_id=employer_id,
                agreement_id=agreement_id,
                supervisor_id=supervisor_id,
                kind=placement_kind,
                start_date=first,
                end_date=last,
                hours_per_week=hours,
                follow_up_every_weeks=cadence,
            )
            session.add(placement)
            session.flush()
            self._schedule(session, placement)
            audit.record(
                session,
                actor_id=self._store.user_id,
                action=AuditAction.CREATE,
                entity="placement",
                entity_id=placement.id,
                participant_id=participant_id,
                fields=("employer_id", "kind", "start_date", "end_date", "hours_per_week"),
            )
            return placement

    @staticmethod
    def _programme_end(session: Session, participant_id: str, first: dt.date) -> dt.date | None:
        """The planned end of the participant's programme under way on or after ``first``, if any."""
        return session.scalar(
            select(func.max(Enrollment.planned_end_date)).where(
                Enrollment.participant_id == participant_id,
                Enrollment.deleted.is_(False),
                Enrollment.status.in_(_ONGOING),
                Enrollment.planned_end_date >= first,
            )
        )

    def placements_of(self, participant_id: str) -> list[PlacementRow]:
        """The participant's placements, newest first, with their workplace follow-ups. Audited."""
        with self._store.session() as session, session.begin():
            placements = session.scalars(
                select(Placement)
                .where(Placement.participant_id == participant_id, Placement.deleted.is_(False))
                .order_by(Placement.start_date.desc(), Placement.id)
            ).all()
            ids = [p.id for p in placements]
            visits: dict[str, list[WorkplaceFollowUp]] = {pid: [] for pid in ids}
            for f in session.scalars(
                select(FollowUp)
                .where(FollowUp.placement_id.in_(ids), FollowUp.deleted.is_(False),
                       FollowUp.kind == FollowUpKind.WORKPLACE_VISIT)
                .order_by(FollowUp.due_date, FollowUp.id)
            ):
                if f.placement_id is not None:
                    visits[f.placement_id].append(WorkplaceFollowUp(f.id, f.due_date, f.done_on,
                                                                    f.cancelled, f.note))
            rows = []
            for p in placements:
                employer = session.get(Employer, p.employer_id)
                supervisor = session.get(EmployerContact, p.supervisor_id) if p.supervisor_id else None
                agreement = session.get(Agreement, p.agreement_id) if p.agreement_id else None
                rows.append(PlacementRow(
                    p.id, p.kind, p.employer_id, employer.name if employer is not None else "",
                    p.start_date, p.end_date, p.hours_per_week,
                    supervisor.name if supervisor is not None else None,
                    agreement.summary if agreement is not None else None,
                    p.follow_up_every_weeks, tuple(visits[p.id])))
            audit.record(session, actor_id=self._store.user_id, action=AuditAction.VIEW,
                         entity="placements", entity_id=None, participant_id=participant_id)
            return rows

    @staticmethod
    def _check(
        session: Session,
        participant_id: str,
        employer_id: str | None,
        supervisor_id: str | None,
        agreement_id: str | None,
    ) -> dict[str, str]:
        lookup.participant(session, participant_id)
        errors: dict[str, str] = {}
        employer = lookup.live(session, Employer, employer_id)
        if employer is None:
            errors["employer_id"] = _("A placement needs an employer from the register.")
            return errors
        if supervisor_id is not None:
            contact = lookup.live(session, EmployerContact, supervisor_id)
            if contact is None or contact.employer_id != employer.id:
                errors["supervisor_id"] = _("The supervisor must be a contact person at this employer.")
        if agreement_id is not None:
            agreement = lookup.live(session, Agreement, agreement_id)
            if agreement is None or agreement.employer_id != employer.id:
                errors["agreement_id"] = _("The agreement must be one made with this employer.")
        return errors

    @staticmethod
    def _schedule(session: Session, placement: Placement) -> None:
        """Weekly internship hours for attendance, and workplace follow-ups every few weeks."""
        assert placement.end_date is not None
        first_week, last_week = IsoWeek.of(placement.start_date), IsoWeek.of(placement.end_date)
        kind = _KIND_ACTIVITY[placement.kind]
        hours = placement.hours_per_week or 0
        for offset in range(first_week.weeks_until(last_week) + 1):
            week = first_week.plus(offset)
            day = working_day_in_week(week, 1, not_before=placement.start_date)
            if day is None or day > placement.end_date:
                continue
            session.add(
                Activity(
                    participant_id=placement.participant_id,
                    placement_id=placement.id,
                    kind=kind,
                    iso_year=week.year,
                    iso_week=week.week,
                    scheduled_at=dt.datetime.combine(day, _WORKDAY_START),
                    planned_minutes=hours * 60,
                    status=ActivityStatus.PLANNED,
                )
            )
            if offset % placement.follow_up_every_weeks == 0 or offset == first_week.weeks_until(last_week):
                # Close follow-up from the first week on, and one in the last week to round it off.
                visit = working_day_in_week(week, 4, not_before=placement.start_date)
                if visit is not None and visit <= placement.end_date:
                    session.add(
                        FollowUp(
                            participant_id=placement.participant_id,
                            placement_id=placement.id,
                            kind=FollowUpKind.WORKPLACE_VISIT,
                            due_date=visit,
                        )
                    )

    def record_follow_up(self, follow_up_id: str, *, done_on: object, note: str | None = None) -> FollowUp:
        day = clean_one("done_on", clean_date, done_on)
        with self._store.session() as session, session.begin():
            follow_up = session.get(FollowUp, follow_up_id)
            if follow_up is None or follow_up.deleted or follow_up.kind is not FollowUpKind.WORKPLACE_VISIT:
                raise NotFoundError(_("The follow-up no longer exists."))
            placement = session.get(Placement, follow_up.placement_id) if follow_up.placement_id else None
            if placement is not None and day < placement.start_date:
                raise ValidationError(
                    {"done_on": _("A workplace follow-up cannot be before the placement starts.")}
                )
            follow_up.done_on, follow_up.cancelled = day, False
            follow_up.note = clean_one("note", text(10_000), note) if note else None
            audit.record(
                session,
                actor_id=self._store.user_id,
                action=AuditAction.UPDATE,
                entity="follow_up",
                entity_id=follow_up.id,
                participant_id=follow_up.participant_id,
                fields=("done_on", "note"),
            )
            return follow_up

    def end(self, placement_id: str, *, on: object) -> Placement:
        """End a placement early: later internship weeks and follow-ups are dropped."""
        day = clean_one("end_date", clean_date, on)
        with self._store.session() as session, session.begin():
            placement = lookup.require(session, Placement, placement_id, _("The placement no longer exists."))
            if day < placement.start_date:
                raise ValidationError({"end_date": _("The placement cannot end before it starts.")})
            placement.end_date = day
            later = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
            for activity in session.scalars(
                select(Activity).where(
                    Activity.placement_id == placement.id,
                    Activity.status == ActivityStatus.PLANNED,
                    Activity.scheduled_at >= later,
                )
            ):
                activity.status = ActivityStatus.CANCELLED
            for follow_up in session.scalars(
                select(FollowUp).where(
                    FollowUp.placement_id == placement.id, FollowUp.done_on.is_(None), FollowUp.due_date > day
                )
            ):
                follow_up.cancelled = True
            audit.record(
                session,
                actor_id=self._store.user_id,
                action=AuditAction.UPDATE,
                entity="placement",
                entity_id=placement.id,
                participant_id=placement.participant_id,
                fields=("end_date",),
            )
            return placement
