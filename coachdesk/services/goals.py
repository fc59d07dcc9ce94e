"""The action plan's goals and sub-goals (mål och delmål) and the activities that serve them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.errors import ValidationError
from coachdesk.i18n import _
from coachdesk.models import Activity, Goal
from coachdesk.models.enums import ActivityKind, ActivityStatus, AuditAction, GoalOrigin, GoalStatus
from coachdesk.models.store import Store
from coachdesk.services import audit, lookup
from coachdesk.services.access import records_only
from coachdesk.services.attendance import check_meeting_day
from coachdesk.services.calendar import IsoWeek
from coachdesk.services.validation import choice, clean_date, clean_one, integer, text


@records_only
class GoalService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def add(
        self,
        participant_id: str,
        *,
        title: str,
        origin: object,
        parent_id: str | None = None,
        description: str | None = None,
        target_date: object = None,
        enrollment_id: str | None = None,
    ) -> Goal:
        """A goal from the participant's own wishes (K2's dreams) or from what raises employability."""
        name = clean_one("title", text(300, required=True), title)
        source = clean_one("origin", choice(GoalOrigin), origin)
        target = clean_one("target_date", clean_date, target_date) if target_date else None
        with self._store.session() as session, session.begin():
            lookup.participant(session, participant_id)
            if parent_id is not None:
                parent = lookup.live(session, Goal, parent_id)
                if parent is None or parent.participant_id != participant_id:
                    raise ValidationError({"parent_id": _("The goal above this one no longer exists.")})
                if parent.parent_id is not None:
                    raise ValidationError({"parent_id": _("A sub-goal cannot have sub-goals of its own.")})
            goal = Goal(
                participant_id=participant_id,
                parent_id=parent_id,
                title=name,
                origin=source,
                description=clean_one("description", text(10_000), description) if description else None,
                target_date=target,
                enrollment_id=enrollment_id,
                status=GoalStatus.OPEN,
            )
            session.add(goal)
            session.flush()
            audit.record(
                session,
                actor_id=self._store.user_id,
                action=AuditAction.CREATE,
                entity="goal",
                entity_id=goal.id,
                participant_id=participant_id,
                fields=("title", "origin"),
            )
            return goal

    def set_status(self, goal_id: str, status: object, *, on: object = None) -> Goal:
        new = clean_one("status", choice(GoalStatus), status)
        with self._store.session() as session, session.begin():
            goal = lookup.require(session, Goal, goal_id, _("The goal no longer exists."))
            goal.status = new
            goal.achieved_on = (
                (clean_one("achieved_on", clean_date, on) if on else dt.date.today())
                if new is GoalStatus.ACHIEVED
                else None
            )
            audit.record(
                session,
                actor_id=self._store.user_id,
                action=AuditAction.UPDATE,
                entity="goal",
                entity_id=goal.id,
                participant_id=goal.participant_id,
                fields=("status", "achieved_on"),
            )
            return goal

    def goals(self, participant_id: str) -> list[Goal]:
        """Goals first, each followed by its sub-goals."""
        with self._store.session() as session:
            rows = session.scalars(
                select(Goal).where(Goal.participant_id == participant_id, Goal.deleted.is_(False))
            ).all()
        tops = sorted((g for g in rows if g.parent_id is None), key=lambda g: g.id)
        ordered: list[Goal] = []
        for top in tops:
            ordered.append(top)
            ordered.extend(sorted((g for g in rows if g.parent_id == top.id), key=lambda g: g.id))
        return ordered

    def add_activity(
        self,
        participant_id: str,
        *,
        kind: object,
        day: object,
        time: dt.time | None,
        minutes: object,
        title: str | None = None,
        goal_id: str | None = None,
        enrollment_id: str | None = None,
    ) -> Activity:
        """An activity added by hand, optionally serving a goal; on a working day only."""
        what = clean_one("kind", choice(ActivityKind), kind)
        when = clean_one("day", clean_date, day)
        length = clean_one("minutes", integer(5, 12 * 60), minutes)
        check_meeting_day(when)
        week = IsoWeek.of(when)
        with self._store.session() as session, session.begin():
            lookup.participant(session, participant_id)
            if goal_id is not None:
                self._check_goal(session, goal_id, participant_id)
            activity = Activity(
                participant_id=participant_id,
                enrollment_id=enrollment_id,
                goal_id=goal_id,
                kind=what,
                title=clean_one("title", text(300), title) if title else None,
                iso_year=week.year,
                iso_week=week.week,
                scheduled_at=dt.datetime.combine(when, time or dt.time(9, 0)),
                planned_minutes=length,
                status=ActivityStatus.PLANNED,
            )
            session.add(activity)
            session.flush()
            audit.record(
                session,
                actor_id=self._store.user_id,
                action=AuditAction.CREATE,
                entity="activity",
                entity_id=activity.id,
                participant_id=participant_id,
                fields=("kind", "scheduled_at"),
            )
            return activity

    def link_activity(self, activity_id: str, goal_id: str | None) -> Activity:
        with self._store.session() as session, session.begin():
            activity = lookup.require(session, Activity, activity_id, _("The activity no longer exists."))
            if goal_id is not None:
                self._check_goal(session, goal_id, activity.participant_id)
            activity.goal_id = goal_id
            audit.record(
                session,
                actor_id=self._store.user_id,
                action=AuditAction.UPDATE,
                entity="activity",
                entity_id=activity.id,
                participant_id=activity.participant_id,
                fields=("goal_id",),
            )
            return activity

    @staticmethod
    def _check_goal(session: Session, goal_id: str, participant_id: str) -> None:
        goal = lookup.live(session, Goal, goal_id)
        if goal is None or goal.participant_id != participant_id:
            raise ValidationError(
                {"goal_id": _("The goal belongs to another participant or no longer exists.")}
            )
