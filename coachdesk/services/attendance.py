"""Attendance and participant hours (deltagartimmar): planned against attended time, one by one or for a
whole group session at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coachdesk.errors import NotFoundError, ValidationError
from coachdesk.i18n import _
from coachdesk.models import Activity, Participant
from coachdesk.models.enums import ActivityKind, ActivityStatus, AuditAction
from coachdesk.models.ids import uuid7
from coachdesk.models.store import Store
from coachdesk.services import audit, lookup
from coachdesk.services.access import records_only
from coachdesk.services.calendar import IsoWeek, is_working_day
from coachdesk.services.validation import clean_date, clean_one, integer, text

MAX_MINUTES = 12 * 60  # one session
# A placement's week is one activity carrying its weekly hours (at most 40), attended as a whole.
MAX_ATTENDED_MINUTES = 40 * 60


def _attendance_error(activity: Activity, minutes: int) -> str | None:
    if minutes < 0:
        return _("Attendance cannot be negative.")
    if minutes > activity.planned_minutes:
        return _("Attendance cannot be more than the planned {minutes} minutes.").format(
            minutes=activity.planned_minutes
        )
    return None


def _apply(activity: Activity, minutes: int) -> None:
    activity.attended_minutes = minutes
    activity.status = ActivityStatus.DONE if minutes > 0 else ActivityStatus.MISSED


def check_meeting_day(day: dt.date) -> None:
    if not is_working_day(day):
        raise ValidationError(
            {
                "day": _("{date} is a weekend day or a public holiday; choose a working day.").format(
                    date=day.isoformat()
                )
            }
        )


@records_only
class AttendanceService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _audit(
        self, session: Session, activity: Activity, action: AuditAction, fields: tuple[str, ...]
    ) -> None:
        audit.record(
            session,
            actor_id=self._store.user_id,
            action=action,
            entity="activity",
            entity_id=activity.id,
            participant_id=activity.participant_id,
            fields=fields,
        )

    def record(self, activity_id: str, attended_minutes: object) -> Activity:
        """Minutes attended (0 = missed); never more than planned."""
        minutes = clean_one("attended_minutes", integer(0, MAX_ATTENDED_MINUTES), attended_minutes)
        with self._store.session() as session, session.begin():
            activity = lookup.require(session, Activity, activity_id, _("The activity no longer exists."))
            problem = _attendance_error(activity, minutes)
            if problem:
                raise ValidationError({"attended_minutes": problem})
            _apply(activity, minutes)
            self._audit(session, activity, AuditAction.UPDATE, ("attended_minutes", "status"))
            return activity

    def cancel(self, activity_id: str) -> Activity:
        with self._store.session() as session, session.begin():
            activity = lookup.require(session, Activity, activity_id, _("The activity no longer exists."))
            activity.status, activity.attended_minutes = ActivityStatus.CANCELLED, None
            self._audit(session, activity, AuditAction.UPDATE, ("status",))
            return activity

    def create_group_session(
        self,
        participant_ids: Sequence[str],
        *,
        day: object,
        time: dt.time,
        minutes: object,
        title: str | None = None,
        kind: ActivityKind = ActivityKind.GROUP_SESSION,
    ) -> str:
        """One session for many participants; returns the group id that ties their rows together."""
        when = clean_one("day", clean_date, day)
        length = clean_one("minutes", integer(5, MAX_MINUTES), minutes)
        check_meeting_day(when)
        if not participant_ids:
            raise ValidationError({"participants": _("Choose at least one participant.")})
        group_id = uuid7()
        week = IsoWeek.of(when)
        with self._store.session() as session, session.begin():
            found = set(
                session.scalars(
                    select(Participant.id).where(
                        Participant.id.in_(participant_ids), Participant.deleted.is_(False)
                    )
                )
            )
            if missing := set(participant_ids) - found:
                raise ValidationError(
                    {"participants": _("{n} of the participants no longer exist.").format(n=len(missing))}
                )
            for participant_id in dict.fromkeys(participant_ids):
                activity = Activity(
                    participant_id=participant_id,
                    kind=kind,
                    group_id=group_id,
                    title=clean_one("title", text(300), title) if title else None,
                    iso_year=week.year,
                    iso_week=week.week,
                    scheduled_at=dt.datetime.combine(when, time),
                    planned_minutes=length,
                    status=ActivityStatus.PLANNED,
                )
                session.add(activity)
                session.flush()
                self._audit(session, activity, AuditAction.CREATE, ("group_id", "scheduled_at"))
        return group_id

    def record_group(self, group_id: str, attended: Mapping[str, object]) -> list[Activity]:
        """Attendance for a group session at once: every row checked first, so one mistake saves nothing."""
        with self._store.session() as session, session.begin():
            rows = {
                a.participant_id: a
                for a in session.scalars(
                    select(Activity).where(Activity.group_id == group_id, Activity.deleted.is_(False))
                )
            }
            if not rows:
                raise NotFoundError(_("The group session no longer exists."))
            errors: dict[str, str] = {}
            cleaned: dict[str, int] = {}
            for participant_id, value in attended.items():
                if participant_id not in rows:
                    errors[participant_id] = _("This participant is not in the group session.")
                    continue
                try:
                    limit = integer(0, MAX_ATTENDED_MINUTES)
                    cleaned[participant_id] = clean_one(participant_id, limit, value)
                except ValidationError as exc:
                    errors.update(exc.errors)
                    continue
                if problem := _attendance_error(rows[participant_id], cleaned[participant_id]):
                    errors[participant_id] = problem
            if errors:
                raise ValidationError(errors)
            for participant_id, minutes in cleaned.items():
                _apply(rows[participant_id], minutes)
                self._audit(session, rows[participant_id], AuditAction.UPDATE, ("attended_minutes", "status"))
            return list(rows.values())

    def hours(self, start: object, end: object, participant_id: str | None = None) -> dict[str, float]:
        """Participant hours per participant from ``start`` to ``end`` inclusive (by the activity's day)."""
        first = clean_one("start", clean_date, start)
        last = clean_one("end", clean_date, end)
        if last < first:
            raise ValidationError({"end": _("The period ends before it starts.")})
        query = (
            select(Activity.participant_id, func.sum(Activity.attended_minutes))
            .where(
                Activity.deleted.is_(False),
                Activity.attended_minutes > 0,
                Activity.scheduled_at >= dt.datetime.combine(first, dt.time()),
                Activity.scheduled_at < dt.datetime.combine(last + dt.timedelta(days=1), dt.time()),
            )
            .group_by(Activity.participant_id)
        )
        if participant_id is not None:
            query = query.where(Activity.participant_id == participant_id)
        with self._store.session() as session:
            return {pid: round((minutes or 0) / 60, 2) for pid, minutes in session.execute(query)}
