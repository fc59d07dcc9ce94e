"""A coach's and a supervisor's vault through a real server: a plan submitted, returned with a comment,
submitted again and approved; the supervisor's device (which audits every record it opens) syncs with no
refused change."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from sqlalchemy import Engine, select

from coachdesk.models.enums import Programme, ReviewStatus, Role
from coachdesk.models.store import Store
from coachdesk.server.tables import sync_rows
from coachdesk.services.journal import JournalService
from coachdesk.services.participants import ParticipantService
from coachdesk.services.plans import PlanService
from coachdesk.services.review import ReviewService
from coachdesk.services.templates import TemplateLibrary
from coachdesk.sync.session_state import status
from tests.integration.server.helpers import World
from tests.integration.sync.helpers import signed_in


def _server_rows(engine: Engine, table: str) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [json.loads(data) for (data,) in conn.execute(
            select(sync_rows.c.data).where(sync_rows.c.table_name == table))]


def test_a_plan_goes_back_and_forth_until_approved(new_store: Callable[[], Store], server_url: str,
                                                   world: World, server_engine: Engine) -> None:
    annas, saras = new_store(), new_store()
    anna, sara = signed_in(annas, server_url, "anna"), signed_in(saras, server_url, "sara")
    person = ParticipantService(annas).create({"given_name": "Hamid", "family_name": "Nazari"})
    enrollment = PlanService(annas, TemplateLibrary.load()).enrol(person.id, Programme.INTRODUCTION,
                                                                   dt.date(2026, 1, 5))
    coach, supervisor = ReviewService(annas), ReviewService(saras)
    assert coach.role() is Role.COACH
    coach.submit(person.id, enrollment.id)
    anna.sync()
    sara.sync()

    assert supervisor.is_supervisor()
    [pending] = supervisor.queue(dt.date(2026, 1, 7)).pending
    assert (pending.participant_id, pending.enrollment_id, pending.coach_name) == (
        person.id, enrollment.id, "anna")
    supervisor.return_plan(pending.review_id, "Add a goal for Swedish.")
    assert supervisor.queue(dt.date(2026, 1, 7)).pending == []
    sara.sync()
    anna.sync()

    returned = coach.latest(person.id, enrollment.id)
    assert returned is not None and returned.status is ReviewStatus.RETURNED
    assert returned.comment == "Add a goal for Swedish." and returned.reviewer_id == world.users["sara"]

    coach.submit(person.id, enrollment.id)
    anna.sync()
    sara.sync()
    [again] = supervisor.queue(dt.date(2026, 1, 8)).pending
    supervisor.approve(again.review_id)
    sara.sync()
    anna.sync()
    approved = coach.latest(person.id, enrollment.id)
    assert approved is not None and approved.status is ReviewStatus.APPROVED

    assert status(annas).rejections == status(saras).rejections == 0
    assert status(annas).pending_changes == status(saras).pending_changes == 0
    assert [r["status"] for r in _server_rows(server_engine, "reviews")] == [
        "submitted", "returned", "submitted", "approved"]


def test_a_supervisors_device_syncs_its_audit_trail_with_no_refusals(
        new_store: Callable[[], Store], server_url: str, world: World, server_engine: Engine) -> None:
    annas, saras = new_store(), new_store()
    anna, sara = signed_in(annas, server_url, "anna"), signed_in(saras, server_url, "sara")
    person = ParticipantService(annas).create({"given_name": "Hamid", "family_name": "Nazari"})
    JournalService(annas).write(person.id, "First meeting.")
    anna.sync()
    sara.sync()

    # The supervisor opens the record and reads the journal: each leaves an audit event on her device.
    ParticipantService(saras).get(person.id)
    JournalService(saras).entries(person.id)
    ParticipantService(saras).search("hamid")
    assert status(saras).pending_changes >= 2
    summary = sara.sync()

    assert summary.rejected == 0 and status(saras).rejections == 0
    assert status(saras).pending_changes == 0
    saras_events = [e for e in _server_rows(server_engine, "audit_events")
                    if e["actor_id"] == world.users["sara"]]
    assert {(e["action"], e["participant_id"]) for e in saras_events} >= {("view", person.id)}
