"""Review: plans submitted, decided once, returned only with a comment; records with gaps found."""

from __future__ import annotations

import datetime as dt

import pytest

from coachdesk.errors import ValidationError
from coachdesk.models import Activity, FollowUp, LocalMeta
from coachdesk.models.enums import ActivityStatus, FollowUpKind, Programme, ReviewStatus, Role
from coachdesk.models.store import Store
from coachdesk.services.access import ROLE_KEY
from coachdesk.services.review import GapKind, ReviewService
from tests.unit.services.programme_fixtures import Programmes

MONDAY = dt.date(2026, 1, 5)


@pytest.fixture
def p(store: Store) -> Programmes:
    return Programmes.over(store)


def _enrolled(p: Programmes, **fields: object) -> tuple[str, str]:
    pid = p.participants.create({"given_name": "Amina", "family_name": "Ali", **fields}).id
    return pid, p.plans.enrol(pid, Programme.INTRODUCTION, MONDAY).id


def test_the_role_is_the_servers_and_the_coachs_before_signing_in(store: Store) -> None:
    service = ReviewService(store)
    assert service.role() is Role.COACH and not service.is_supervisor()
    with store.session() as session, session.begin():
        session.merge(LocalMeta(key=ROLE_KEY, value="supervisor"))
    assert service.role() is Role.SUPERVISOR and service.is_supervisor()


def test_a_submitted_plan_waits_once_and_leaves_the_queue_when_decided(p: Programmes) -> None:
    pid, eid = _enrolled(p)
    review = ReviewService(p.store)
    submitted = review.submit(pid, eid)
    with pytest.raises(ValidationError) as twice:
        review.submit(pid, eid)
    assert "already waiting" in twice.value.errors["enrollment_id"]
    [pending] = review.queue(MONDAY).pending
    assert (pending.review_id, pending.programme, pending.participant_name) == (
        submitted.id, Programme.INTRODUCTION, "Amina Ali")

    decision = review.approve(submitted.id)
    assert decision.status is ReviewStatus.APPROVED and decision.reviewer_id == p.store.user_id
    assert review.queue(MONDAY).pending == []
    with pytest.raises(ValidationError):
        review.approve(submitted.id)  # decided already
    assert review.latest(pid, eid) == decision == review.latest_decision(pid)


@pytest.mark.parametrize("comment", ["", "   ", None])
def test_returning_without_a_comment_is_refused_and_changes_nothing(p: Programmes,
                                                                    comment: str | None) -> None:
    pid, eid = _enrolled(p)
    review = ReviewService(p.store)
    submitted = review.submit(pid, eid)
    before = p.row_counts()
    with pytest.raises(ValidationError) as refused:
        review.return_plan(submitted.id, comment)
    assert "comment" in refused.value.errors
    assert p.row_counts() == before
    returned = review.return_plan(submitted.id, "  Add a goal for Swedish. ")
    assert (returned.status, returned.comment) == (ReviewStatus.RETURNED, "Add a goal for Swedish.")
    assert review.submit(pid, eid).status is ReviewStatus.SUBMITTED  # again, after the return


def test_only_an_open_programmes_plan_can_be_submitted(p: Programmes) -> None:
    pid, eid = _enrolled(p)
    p.plans.discontinue(eid, on=MONDAY, reason="Moved away")
    with pytest.raises(ValidationError):
        ReviewService(p.store).submit(pid, eid)


def test_records_with_gaps(p: Programmes) -> None:
    complete = p.participants.create({"given_name": "Bo", "family_name": "Ek", "gender": "man",
                                      "birth_date": "1990-01-01",
                                      "target_group": "adult_25_64_assistance"}).id
    bare, eid = _enrolled(p)
    today = MONDAY + dt.timedelta(days=15)
    with p.store.session() as session, session.begin():
        activities = [a for a in session.query(Activity).filter_by(enrollment_id=eid)
                      if a.scheduled_at is not None and a.scheduled_at.date() < today]
        activities[0].status, activities[0].attended_minutes = ActivityStatus.DONE, 60
        session.add(FollowUp(participant_id=complete, kind=FollowUpKind.DAY_90, due_date=today
                             - dt.timedelta(days=1)))
        session.add(FollowUp(participant_id=complete, kind=FollowUpKind.DAY_90, due_date=today))  # not yet
    gaps = {(g.participant_id, g.kind): g for g in ReviewService(p.store).queue(today).gaps}
    assert set(gaps) == {(bare, GapKind.GENDER), (bare, GapKind.TARGET_GROUP), (bare, GapKind.BIRTH_DATE),
                         (complete, GapKind.FOLLOW_UP_OVERDUE), (bare, GapKind.ATTENDANCE_MISSING)}
    assert gaps[bare, GapKind.ATTENDANCE_MISSING].count == len(activities) - 1 > 0
    assert gaps[complete, GapKind.FOLLOW_UP_OVERDUE].since == today - dt.timedelta(days=1)
