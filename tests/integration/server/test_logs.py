"""Structured JSON logs carry ids, counts and codes: never names, personnummer or other values."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from coachdesk.server.logs import LOGGER_NAME, JsonFormatter
from coachdesk.sync.protocol import LOGIN_PATH
from tests.integration.server.helpers import Device, TestClient, new_goal, new_participant

MARKER = "Zyxqmarker"


def test_a_day_of_syncing_logs_no_personal_data(client: TestClient, devices: dict[str, Device],
                                                caplog: pytest.LogCaptureFixture) -> None:
    anna, sara = devices["anna"], devices["sara"]
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    participant = new_participant(anna, given_name=MARKER, personnummer="19121212-1212",
                                  social_situation=f"{MARKER} receives assistance")
    anna.sync([participant, new_goal(anna, participant["row_id"], title=MARKER)])
    anna.sync([anna.op("participants", participant["row_id"], phone="+46701234567", base={})])
    sara.pull_all()
    client.get(f"/api/v1/records/participants/{participant['row_id']}", headers=sara.headers)
    client.post(LOGIN_PATH, json={"username": "anna", "password": f"{MARKER}-wrong"})
    anna.post(raw=json.dumps({"device_id": MARKER}).encode())

    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    events = [json.loads(line) for line in lines]
    assert {"request", "sync"} <= {e["event"] for e in events}
    sync = next(e for e in events if e["event"] == "sync")
    assert sync["user_id"] == anna.user_id and sync["ops"] == 2 and isinstance(sync["ms"], float)
    text = "\n".join(lines)
    for secret in (MARKER, "19121212", "701234567"):
        assert secret not in text


def test_an_exception_is_logged_by_type_only() -> None:
    try:
        raise ValueError(f"could not parse {MARKER}")
    except ValueError:
        record = logging.LogRecord(LOGGER_NAME, logging.ERROR, __file__, 1, "boom", None,
                                   exc_info=sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert line["exc_type"] == "ValueError" and MARKER not in json.dumps(line)
