"""Supervisor review (granskning): action plans submitted for approval, and records with gaps.

A review is a row of its own at each step, never an edit of an earlier one: the coach's submission
(status ``submitted``) and the supervisor's decision (``approved``, or ``returned`` with a comment) are
separate ``reviews`` rows for the same enrolment. The newest row (by its HLC stamp, which orders a decision
after the submission its maker had seen) is the plan's state: pending while it is a submission. No row
ever conflicts, and the history (returned, submitted again, approved) stays readable.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, literal, select
from sqlalchemy.orm import Session, aliased

from coachdesk.errors import ValidationError
from coachdesk.i18n import _
from coachdesk.models import Activity, Enrollment, FollowUp, Participant, Review, User
from coachdesk.models.enums import (
    ActivityStatus,
    AuditAction,
    FollowUpKind,
    Gender,
    Programme,
    ReviewStatus,
    Role,
)
from coachdesk.models.store import Store
from coachdesk.services import access, audit, lookup
from coachdesk.services.closing import OPEN
from coachdesk.services.validation import clean_fields, text

_COMMENT = {"comment": text(5_000)}
DECISIONS = (ReviewStatus.APPROVED, ReviewStatus.RETURNED)


class GapKind(enum.StrEnum):
    GENDER = "gender"  # not stated
    TARGET_GROUP = "target_group"
    BIRTH_DATE = "birth_date"
    FOLLOW_UP_OVERDUE = "follow_up_overdue"  # the 90-day follow-up after exit
    ATTENDANCE_MISSING = "attendance_missing"  # past activities with no attendance recorded


@dataclass(frozen=True)
class ReviewRow:
    id: str
    participant_id: str
    enrollment_id: str | None
    status: ReviewStatus
    reviewer_id: str | None
    comment: str | None
    decided_at: dt.datetime | None
    #: When the row was made (its HLC's wall clock, naive UTC): a submission's time.
    made_at: dt.datetime


@dataclass(frozen=True)
class PendingPlan:
    """A submitted action plan waiting for a decision."""

    review_id: str
    participant_id: str
    participant_name: str
    coach_name: str
    enrollment_id: str | None
    programme: Programme | None
    submitted_at: dt.datetime


@dataclass(frozen=True)
class Gap:
    """Something missing from one participant's record; ``count`` of them, the oldest ``since``."""

    participant_id: str
    participant_name: str
    coach_name: str
    kind: GapKind
    count: int = 1
    since: dt.date | None = None


@dataclass(frozen=True)
class ReviewQueue:
    pending: list[PendingPlan]
    gaps: list[Gap]


def made_at(hlc: str) -> dt.datetime:
    """The wall-clock time of an HLC stamp (``000…ms-counter-node``), naive UTC."""
    millis = int(hlc[:15]) if hlc[:15].isdigit() else 0
    return dt.datetime.fromtimestamp(millis / 1000, dt.UTC).replace(tzinfo=None)


def _row(review: Review) -> ReviewRow:
    return ReviewRow(review.id, review.participant_id, review.enrollment_id, review.status,
                     review.reviewer_id, review.comment, review.decided_at, made_at(review.updated_hlc))


def _same_plan(a: type[Review], b: type[Review]) -> ColumnElement[bool]:
    """Rows about the same plan: the participant and the enrolment (none matching none)."""
    return and_(a.participant_id == b.participant_id,
                func.coalesce(a.enrollment_id, "") == func.coalesce(b.enrollment_id, ""))


def _name(given: str, family: str) -> str:
    return f"{given} {family}"


@access.records_only
class ReviewService:
    def __init__(self, store: Store) -> None:
        self._store = store

    # --- who is signed in ---------------------------------------------------------------------------

    def role(self) -> Role:
        """The role the sync server gave the signed-in account (a vault never signed in: its coach's)."""
        return access.role(self._store)

    def is_supervisor(self) -> bool:
        return self.role() is Role.SUPERVISOR

    # --- the coach ------------------------------------------------------------------------------------

    def latest(self, participant_id: str, enrollment_id: str | None = None) -> ReviewRow | None:
        """The newest review row of the participant's plan (of ``enrollment_id``, or of any enrolment)."""
        stmt = select(Review).where(Review.participant_id == participant_id, Review.deleted.is_(False))
        if enrollment_id is not None:
            stmt = stmt.where(Review.enrollment_id == enrollment_id)
        with self._store.session() as session:
            review = session.scalars(stmt.order_by(Review.updated_hlc.desc(), Review.id.desc())
                                     .limit(1)).first()
            return _row(review) if review is not None else None

    def latest_decision(self, participant_id: str, enrollment_id: str | None = None) -> ReviewRow | None:
        stmt = select(Review).where(Review.participant_id == participant_id, Review.deleted.is_(False),
                                    Review.status.in_(DECISIONS))
        if enrollment_id is not None:
            stmt = stmt.where(Review.enrollment_id == enrollment_id)
        with self._store.session() as session:
            review = session.scalars(stmt.order_by(Review.updated_hlc.desc(), Review.id.desc())
                                     .limit(1)).first()
            return _row(review) if review is not None else None

    def submit(self, participant_id: str, enrollment_id: str) -> ReviewRow:
        """Submit the plan of an open enrolment for approval (once: not again while it waits)."""
        with self._store.session() as session, session.begin():
            lookup.participant(session, participant_id)
            enrollment = lookup.require(session, Enrollment, enrollment_id,
                                        _("The programme no longer exists."))
            if enrollment.participant_id != participant_id or enrollment.status not in OPEN:
                raise ValidationError({"enrollment_id": _(
                    "Only the plan of an open programme can be submitted for approval.")})
            newest = self._newest(session, participant_id, enrollment_id)
            if newest is not None and newest.status is ReviewStatus.SUBMITTED:
                raise ValidationError({"enrollment_id": _(
                    "This plan is already waiting for the supervisor's decision.")})
            review = Review(participant_id=participant_id, enrollment_id=enrollment_id,
                            status=ReviewStatus.SUBMITTED)
            session.add(review)
            session.flush()
            audit.record(session, actor_id=self._store.user_id, action=AuditAction.CREATE,
                         entity="review", entity_id=review.id, participant_id=participant_id,
                         fields=("status",))
            return _row(review)

    # --- the supervisor -------------------------------------------------------------------------------

    def approve(self, review_id: str) -> ReviewRow:
        return self._decide(review_id, ReviewStatus.APPROVED, None)

    def return_plan(self, review_id: str, comment: object) -> ReviewRow:
        """Send the plan back to the coach; the comment (what to change) is required."""
        cleaned = clean_fields({"comment": comment}, _COMMENT)
        if not cleaned.get("comment"):
            raise ValidationError({"comment": _(
                "Write what the coach should change before returning the plan.")})
        return self._decide(review_id, ReviewStatus.RETURNED, cleaned["comment"])

    def _decide(self, review_id: str, status: ReviewStatus, comment: str | None) -> ReviewRow:
        with self._store.session() as session, session.begin():
            submitted = lookup.require(session, Review, review_id, _("The submitted plan no longer exists."))
            newest = self._newest(session, submitted.participant_id, submitted.enrollment_id)
            if submitted.status is not ReviewStatus.SUBMITTED or newest is None or newest.id != submitted.id:
                raise ValidationError({"review": _("This plan has already been decided; reload the queue.")})
            decision = Review(participant_id=submitted.participant_id, enrollment_id=submitted.enrollment_id,
                              status=status, reviewer_id=self._store.user_id, comment=comment,
                              decided_at=audit.utcnow())
            session.add(decision)
            session.flush()
            audit.record(session, actor_id=self._store.user_id, action=AuditAction.CREATE,
                         entity="review", entity_id=decision.id, participant_id=submitted.participant_id,
                         fields=("status", "comment") if comment else ("status",))
            return _row(decision)

    @staticmethod
    def _newest(session: Session, participant_id: str, enrollment_id: str | None) -> Review | None:
        stmt = (select(Review).where(Review.participant_id == participant_id, Review.deleted.is_(False),
                                     func.coalesce(Review.enrollment_id, "") == (enrollment_id or ""))
                .order_by(Review.updated_hlc.desc(), Review.id.desc()).limit(1))
        return session.scalars(stmt).first()

    def queue(self, today: dt.date) -> ReviewQueue:
        """Plans waiting for a decision (oldest first) and the office's records with gaps as of ``today``."""
        with self._store.session() as session:
            return ReviewQueue(self._pending(session), self._gaps(session, today))

    @staticmethod
    def _pending(session: Session) -> list[PendingPlan]:
        later = aliased(Review)
        newer = (select(literal(1)).where(_same_plan(later, Review), later.deleted.is_(False),
                                          later.updated_hlc > Review.updated_hlc).exists())
        coach = aliased(User)
        stmt = (select(Review, Participant.given_name, Participant.family_name, coach.display_name,
                       Enrollment.programme)
                .join(Participant, Participant.id == Review.participant_id)
                .outerjoin(coach, coach.id == Participant.coach_id)
                .outerjoin(Enrollment, Enrollment.id == Review.enrollment_id)
                .where(Review.status == ReviewStatus.SUBMITTED, Review.deleted.is_(False),
                       Participant.deleted.is_(False), ~newer)
                .order_by(Review.updated_hlc, Review.id))
        return [PendingPlan(review.id, review.participant_id, _name(given, family), coach_name or "",
                            review.enrollment_id, programme, made_at(review.updated_hlc))
                for review, given, family, coach_name, programme in session.execute(stmt)]

    @staticmethod
    def _gaps(session: Session, today: dt.date) -> list[Gap]:
        coach = aliased(User)
        people = (select(Participant.id, Participant.given_name, Participant.family_name,
                         coach.display_name)
                  .outerjoin(coach, coach.id == Participant.coach_id)
                  .where(Participant.deleted.is_(False)))
        gaps: list[Gap] = []
        missing = ((GapKind.GENDER, Participant.gender == Gender.NOT_STATED),
                   (GapKind.TARGET_GROUP, Participant.target_group.is_(None)),
                   (GapKind.BIRTH_DATE, Participant.birth_date.is_(None)))
        for kind, condition in missing:
            gaps += [Gap(pid, _name(given, family), coach_name or "", kind)
                     for pid, given, family, coach_name in session.execute(people.where(condition))]
        follow_ups = (people.add_columns(func.count(FollowUp.id), func.min(FollowUp.due_date))
                      .join(FollowUp, FollowUp.participant_id == Participant.id)
                      .where(FollowUp.kind == FollowUpKind.DAY_90, FollowUp.done_on.is_(None),
                             FollowUp.cancelled.is_(False), FollowUp.deleted.is_(False),
                             FollowUp.due_date < today)
                      .group_by(Participant.id, Participant.given_name, Participant.family_name,
                                coach.display_name))
        gaps += [Gap(pid, _name(given, family), coach_name or "", GapKind.FOLLOW_UP_OVERDUE, n, since)
                 for pid, given, family, coach_name, n, since in session.execute(follow_ups)]
        # Past: scheduled before today, or (unscheduled) in a week that has ended.
        year, week, _day = today.isocalendar()
        ended_week = (Activity.iso_year < year) | ((Activity.iso_year == year) & (Activity.iso_week < week))
        past = ((Activity.scheduled_at < dt.datetime.combine(today, dt.time()))
                | (Activity.scheduled_at.is_(None) & ended_week))
        activities = (people.add_columns(func.count(Activity.id), func.min(Activity.scheduled_at))
                      .join(Activity, Activity.participant_id == Participant.id)
                      .where(Activity.status == ActivityStatus.PLANNED, Activity.deleted.is_(False), past)
                      .group_by(Participant.id, Participant.given_name, Participant.family_name,
                                coach.display_name))
        gaps += [Gap(pid, _name(given, family), coach_name or "", GapKind.ATTENDANCE_MISSING, n,
                     first.date() if first is not None else None)
                 for pid, given, family, coach_name, n, first in session.execute(activities)]
        order = list(GapKind)
        return sorted(gaps, key=lambda g: (order.index(g.kind), g.participant_name, g.participant_id))

