"""Every role × endpoint × scope: what each user may read and change, and that rows of another office
(or of another coach's caseload) are answered exactly like ids that exist nowhere.

One world per backend for the whole module: office A (Krokom) with coaches anna and bert, interpreter
tove and supervisor sara; office B (Södertälje) with coach cleo; and the admin root.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from coachdesk.models.ids import uuid7
from coachdesk.server import db, scope
from coachdesk.server.app import create_app
from coachdesk.server.auth import authenticate
from coachdesk.server.context import ServerContext
from coachdesk.server.passwords import Passwords
from coachdesk.server.rowstore import from_db
from coachdesk.server.settings import Settings
from coachdesk.server.tables import sync_rows
from coachdesk.sync.protocol import RECORDS_PATH, SYNC_PATH
from tests.integration.server.conftest import BACKENDS, _fresh_database
from tests.integration.server.helpers import (
    FAST_PASSWORDS,
    Device,
    TestClient,
    World,
    login,
    new_employer,
    new_goal,
    new_participant,
    new_session,
    seed,
    statuses,
)

ROLES = ("anna", "bert", "tove", "sara", "cleo", "root")
TARGETS = ("own", "own_goal", "colleague", "colleague_goal", "employer", "session",
           "other_office", "other_office_goal", "other_office_employer", "nowhere")
# Which targets each user sees (the interpreter sees "own" as a three-field projection).
READS: dict[str, set[str]] = {
    "anna": {"own", "own_goal", "employer", "session"},
    "bert": {"colleague", "colleague_goal", "employer"},
    "tove": {"own", "session"},
    "sara": {"own", "own_goal", "colleague", "colleague_goal", "employer", "session"},
    "cleo": {"other_office", "other_office_goal", "other_office_employer"},
    "root": set(),
}
TABLES = {"own": "participants", "own_goal": "goals", "colleague": "participants",
          "colleague_goal": "goals", "employer": "employers", "session": "interpreter_sessions",
          "other_office": "participants", "other_office_goal": "goals", "other_office_employer": "employers",
          "nowhere": "participants"}
# A harmless edit per table, that every role may try.
EDITS: dict[str, dict[str, Any]] = {"participants": {"city": "Krokom"}, "goals": {"description": "More"},
         "employers": {"sector": "Care"}, "interpreter_sessions": {"language": "ar"}}


@dataclass
class Matrix:
    client: TestClient
    ctx: ServerContext
    world: World
    devices: dict[str, Device]
    ids: dict[str, str]


@pytest.fixture(scope="module", params=BACKENDS)
def matrix(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    folder: Path = tmp_path_factory.mktemp("matrix")
    databases = _fresh_database(request, request.param, folder)
    url = next(databases)
    settings = Settings(database_url=url, password=FAST_PASSWORDS)
    engine = db.make_engine(settings)
    ctx = ServerContext(settings=settings, engine=engine, passwords=Passwords(settings.password))
    try:
        world = seed(ctx)
        with TestClient(create_app(settings, engine=engine)) as client:
            devices = {name: login(client, name) for name in ROLES}
            anna, bert, cleo = devices["anna"], devices["bert"], devices["cleo"]
            own, colleague, other = new_participant(anna), new_participant(bert), new_participant(cleo)
            own_goal, colleague_goal = new_goal(anna, own["row_id"]), new_goal(bert, colleague["row_id"])
            other_goal = new_goal(cleo, other["row_id"])
            employer, other_employer = new_employer(anna), new_employer(cleo)
            session = new_session(anna, own["row_id"], world.users["tove"])
            anna.sync([own, own_goal, employer, session])
            bert.sync([colleague, colleague_goal])
            cleo.sync([other, other_goal, other_employer])
            ids = {"own": own["row_id"], "own_goal": own_goal["row_id"], "colleague": colleague["row_id"],
                   "colleague_goal": colleague_goal["row_id"], "employer": employer["row_id"],
                   "session": session["row_id"], "other_office": other["row_id"],
                   "other_office_goal": other_goal["row_id"],
                   "other_office_employer": other_employer["row_id"],
                   "nowhere": uuid7()}
            yield Matrix(client, ctx, world, devices, ids)
    finally:
        engine.dispose()
        for _ in databases:
            pass


def _get(m: Matrix, who: str, target: str, row_id: str | None = None) -> Any:
    return m.client.get(f"{RECORDS_PATH}/{TABLES[target]}/{row_id or m.ids[target]}",
                        headers=m.devices[who].headers)


# --- reading -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_reading_one_record(matrix: Matrix, who: str, target: str) -> None:
    response = _get(matrix, who, target)
    if who == "root":
        assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
        return
    if target in READS[who]:
        assert response.status_code == 200, response.text
        change = response.json()["change"]
        assert change["row_id"] == matrix.ids[target]
        if who == "tove" and target == "own":
            assert set(change["fields"]) == {"given_name"}  # no language was recorded
        return
    unknown = _get(matrix, who, target, uuid7())
    assert (response.status_code, response.content) == (unknown.status_code, unknown.content) == (
        404, b'{"error":{"code":"not_found","message":"No such record.","details":[]}}')


@pytest.mark.parametrize("who", ROLES)
def test_pulling_gives_exactly_the_rows_in_scope(matrix: Matrix, who: str) -> None:
    device = login(matrix.client, who)
    if who == "root":
        response = device.post(device.body())
        assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
        return
    pulled = {c.row_id for c in device.pull_all()}
    assert {t for t, row_id in matrix.ids.items() if row_id in pulled} == READS[who]


@pytest.mark.parametrize("who", ["anna", "tove", "sara", "cleo"])
def test_the_python_and_sql_scope_rules_agree(matrix: Matrix, who: str) -> None:
    principal = authenticate(matrix.ctx, matrix.devices[who].tokens.token)
    with matrix.ctx.engine.connect() as conn:
        every = [from_db(r) for r in conn.execute(select(sync_rows))]
        by_sql = {(r.table_name, r.row_id) for r in conn.execute(select(sync_rows)
                                                                  .where(scope.row_filter(principal)))}
        assigned = {r[0] for r in conn.execute(scope.assigned_participants(principal)) if r[0]}
    by_python = {(r.table_name, r.row_id) for r in every if scope.can_read(principal, r, assigned=assigned)}
    assert by_python == by_sql and by_sql


# --- writing -----------------------------------------------------------------------------------------

# What an edit of each target gives each role (rows out of scope give what an id from nowhere gives).
WRITES: dict[str, dict[str, str]] = {
    "anna": {"own": "applied", "own_goal": "applied", "employer": "applied", "session": "applied"},
    "bert": {"colleague": "applied", "colleague_goal": "applied", "employer": "applied"},
    "tove": {t: "forbidden" for t in TARGETS},
    "sara": {t: "forbidden" for t in READS["sara"]},
    "cleo": {"other_office": "applied", "other_office_goal": "applied", "other_office_employer": "applied"},
}


def _edit(m: Matrix, who: str, target: str, row_id: str | None = None, kind: str = "upsert") -> Any:
    device = m.devices[who]
    table = TABLES[target]
    # The base is what the device last saw: nothing at all of rows outside its scope.
    op = (device.op(table, row_id or m.ids[target], "delete") if kind == "delete"
          else device.op(table, row_id or m.ids[target], **EDITS[table]))
    return device.sync([op], keep_cursor=False)


@pytest.mark.parametrize("who", [r for r in ROLES if r != "root"])
@pytest.mark.parametrize("target", TARGETS)
def test_editing_a_record(matrix: Matrix, who: str, target: str) -> None:
    answer = _edit(matrix, who, target)
    expected = WRITES[who].get(target)
    [(status, reason)] = statuses(answer)
    if expected == "applied":
        assert (status, reason) == ("applied", None)
        return
    if expected == "forbidden":
        assert (status, reason) == ("rejected", "forbidden")
        return
    nowhere = statuses(_edit(matrix, who, target, uuid7()))
    assert [(status, reason)] == nowhere == [("rejected", "missing_field")]  # a partial row, as if new


OUT_OF_REACH = [(who, target) for who in ("anna", "bert", "sara", "cleo") for target in TARGETS
                if target != "nowhere" and target not in READS[who]]


@pytest.mark.parametrize(("who", "target"), OUT_OF_REACH)
def test_deleting_what_is_not_yours_looks_like_deleting_nothing(matrix: Matrix, who: str,
                                                                target: str) -> None:
    answer = statuses(_edit(matrix, who, target, kind="delete"))
    nowhere = statuses(_edit(matrix, who, target, uuid7(), kind="delete"))
    assert answer == nowhere == [("rejected", "not_found")]


def test_a_supervisor_deletes_nothing(matrix: Matrix) -> None:
    assert [statuses(_edit(matrix, "sara", target, kind="delete")) for target in sorted(READS["sara"])] == [
        [("rejected", "forbidden")]] * len(READS["sara"])


# The participants whose records each coach adds to.
CASELOAD = {"anna": "own", "cleo": "other_office"}


@pytest.mark.parametrize("who", ["anna", "tove", "sara", "cleo"])
@pytest.mark.parametrize("parent", ["own", "colleague", "other_office", "nowhere"])
def test_adding_a_row_to_a_participant(matrix: Matrix, who: str, parent: str) -> None:
    device = matrix.devices[who]
    pid = matrix.ids[parent]
    goal = statuses(device.sync([new_goal(device, pid)], keep_cursor=False))
    # A coach submits a plan for approval; a supervisor decides (a row of their own, signed by them).
    submission = statuses(device.sync([device.op("reviews", participant_id=pid, status="submitted")],
                                      keep_cursor=False))
    decision = statuses(device.sync([device.op(
        "reviews", participant_id=pid, status="approved", reviewer_id=device.user_id,
        decided_at="2026-01-06T10:00:00")], keep_cursor=False))
    nowhere_goal = statuses(device.sync([new_goal(device, uuid7())], keep_cursor=False))
    if who == "tove":
        assert goal == submission == decision == [("rejected", "forbidden")]
    elif CASELOAD.get(who) == parent:
        assert (goal, submission, decision) == ([("applied", None)], [("applied", None)],
                                                [("rejected", "forbidden")])
    elif who == "sara" and parent in READS["sara"]:
        assert (goal, submission, decision) == ([("rejected", "forbidden")], [("rejected", "forbidden")],
                                                [("applied", None)])
    else:
        assert goal == submission == decision == nowhere_goal == [("rejected", "not_found")]


ERASERS = [(who, target) for who in ("anna", "bert", "tove", "sara", "cleo")
           for target in ("colleague", "other_office", "nowhere")
           if target not in READS[who]]  # erasing what is theirs: test_sync_feed


@pytest.mark.parametrize(("who", "target"), ERASERS)
def test_erasing_what_is_not_yours_is_refused(matrix: Matrix, who: str, target: str) -> None:
    device = matrix.devices[who]
    erase = device.op("participants", matrix.ids[target], "erase")
    answer = statuses(device.sync([erase], keep_cursor=False))
    assert answer == [("rejected", "forbidden" if who == "tove" else "not_found")]


def test_a_new_row_with_the_id_of_another_offices_row_is_a_row_of_its_own(matrix: Matrix) -> None:
    anna = matrix.devices["anna"]
    taken = matrix.ids["other_office_employer"]

    answer = anna.sync([anna.op("employers", taken, name="Same id, other office AB")], keep_cursor=False)

    assert statuses(answer) == [("applied", None)]
    theirs = _get(matrix, "cleo", "other_office_employer").json()["change"]
    assert theirs["fields"]["name"] == "Krokoms Bygg AB" and theirs["office_id"] == matrix.world.office_b
    mine = _get(matrix, "anna", "other_office_employer").json()["change"]
    assert mine["office_id"] == matrix.world.office_a


# --- administration and accounts ---------------------------------------------------------------------

ADMIN_CALLS = [("GET", "/api/v1/admin/offices"), ("GET", "/api/v1/admin/users"),
               ("GET", "/api/v1/admin/devices")]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("method", "path"), ADMIN_CALLS)
def test_only_the_admin_administers(matrix: Matrix, who: str, method: str, path: str) -> None:
    response = matrix.client.request(method, path, headers=matrix.devices[who].headers)
    if who == "root":
        assert response.status_code == 200 and isinstance(response.json(), list)
        text = response.text
        assert "password" not in text and "hash" not in text and "token\"" not in text
    else:
        assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("who", ROLES)
def test_changing_accounts_is_for_the_admin(matrix: Matrix, who: str) -> None:
    victim = login(matrix.client, "bert")
    calls = [f"/api/v1/admin/devices/{victim.device_id}/revoke",
             f"/api/v1/admin/users/{matrix.world.users['bert']}/disable",
             f"/api/v1/admin/users/{matrix.world.users['bert']}/enable"]
    answers = [matrix.client.post(path, headers=matrix.devices[who].headers) for path in calls]
    if who != "root":
        assert [a.status_code for a in answers] == [403] * 3
        assert victim.post(victim.body()).status_code == 200
        return
    assert [a.status_code for a in answers] == [200] * 3
    assert victim.post(victim.body()).json()["error"]["code"] == "device_revoked"
    unknown = matrix.client.post(f"/api/v1/admin/users/{uuid7()}/disable",
                                 headers=matrix.devices[who].headers)
    assert unknown.status_code == 404


@pytest.mark.parametrize("who", ROLES)
def test_everyone_can_ask_who_they_are(matrix: Matrix, who: str) -> None:
    response = matrix.client.get("/api/v1/me", headers=matrix.devices[who].headers)
    assert response.status_code == 200
    assert response.json()["user"]["id"] == matrix.world.users[who]


@pytest.mark.parametrize(("method", "path"), [("POST", SYNC_PATH), ("GET", "/api/v1/me"),
                                              ("GET", f"{RECORDS_PATH}/participants/x"), *ADMIN_CALLS])
def test_nothing_but_health_and_login_answers_without_a_token(matrix: Matrix, method: str, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic YWJjOmRlZg=="}):
        response = matrix.client.request(method, path, headers=headers, json={})
        assert response.status_code == 401, (path, headers)
        assert response.json()["error"]["code"] in ("not_authenticated", "invalid_token")
