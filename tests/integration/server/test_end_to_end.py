"""A week at an office, over real HTTP on 127.0.0.1: a coach records a plan, the supervisor reviews it,
the participant moves to another coach — each device seeing exactly what it should."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from coachdesk.sync.transport import make_client
from tests.integration.server.helpers import (
    Device,
    World,
    live_server,
    login,
    new_goal,
    new_participant,
    statuses,
)


@pytest.fixture
def url(app: FastAPI, world: World) -> Iterator[str]:
    with live_server(app) as base:
        yield base


def test_plan_review_and_handover_between_devices(url: str, world: World) -> None:
    with make_client(url) as http_anna, make_client(url) as http_sara, make_client(url) as http_bert:
        anna, sara, bert = login(http_anna, "anna"), login(http_sara, "sara"), login(http_bert, "bert")
        participant = new_participant(anna, given_name="Hamid", primary_language="fa_AF")
        pid = participant["row_id"]
        enrollment = anna.op("enrollments", participant_id=pid, programme="introduction",
                             start_date="2026-01-05", length_weeks=4, planned_end_date="2026-02-01")
        plan = [participant, enrollment, new_goal(anna, pid, enrollment_id=enrollment["row_id"])] + [
            anna.op("activities", participant_id=pid, enrollment_id=enrollment["row_id"], kind="coaching",
                    iso_year=2026, iso_week=week, title=f"Week {week}") for week in range(2, 6)]
        # Sent gzip-compressed, as the client does for larger batches.
        response = anna.post(anna.body(plan), gzip_body=True)
        assert response.status_code == 200
        assert [r["status"] for r in response.json()["results"]] == ["applied"] * len(plan)

        reviewed = sara.pull_all()
        assert {c.table for c in reviewed} >= {"participants", "enrollments", "goals", "activities"}
        review = sara.op("reviews", participant_id=pid, enrollment_id=enrollment["row_id"], status="approved",
                         reviewer_id=sara.user_id, comment="Good plan", decided_at="2026-01-06T10:00:00")
        assert statuses(sara.sync([review])) == [("applied", None)]

        anna.pull_all()
        assert ("reviews", review["row_id"]) in {(c.table, c.row_id) for c in anna.received}

        anna.sync([anna.op("participants", pid, coach_id=world.users["bert"])])
        anna.pull_all()
        bert_sees = {(c.table, c.row_id) for c in bert.pull_all()}
        assert {("participants", pid), ("reviews", review["row_id"]),
                ("enrollments", enrollment["row_id"])} <= bert_sees
        assert ("evict", pid) in {(c.kind.value, c.row_id) for c in anna.received}


def test_two_devices_of_one_coach_converge(url: str) -> None:
    with make_client(url) as first_http, make_client(url) as second_http:
        first, second = login(first_http, "anna"), login(second_http, "anna")
        participant = new_participant(first)
        first.sync([participant])
        second.pull_all()
        first.sync([first.op("participants", participant["row_id"], city="Krokom", phone="1")])
        second.sync([second.op("participants", participant["row_id"], city="Östersund")])
        first.pull_all()
        second.pull_all()

        def final(device: Device) -> dict[str, object]:
            rows = [c for c in device.received if c.table == "participants"]
            return dict(rows[-1].fields)

        assert final(first) == final(second)
        assert final(first)["city"] == "Östersund" and final(first)["phone"] == "1"
