"""Accounts and devices: login, tokens stored hashed, expiry and refresh, revocation, disabled users,
and failed logins slowed then locked — alike for known and unknown usernames."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Engine, select

from coachdesk.models.ids import uuid7
from coachdesk.server import accounts
from coachdesk.server.context import ServerContext
from coachdesk.server.tables import accounts as accounts_table
from coachdesk.server.tables import devices as devices_table
from coachdesk.sync.protocol import LOGIN_PATH, LOGOUT_PATH, ME_PATH, REFRESH_PATH
from tests.integration.server.helpers import PASSWORD, Device, MovableClock, Sleeps, TestClient, World, login


def attempt(client: TestClient, username: str, password: str) -> tuple[int, str, dict[str, str]]:
    response = client.post(LOGIN_PATH, json={"username": username, "password": password})
    return response.status_code, response.text, dict(response.headers)


def code(response: object) -> str:
    return str(json.loads(response.content)["error"]["code"])  # type: ignore[attr-defined]


def test_login_registers_a_device_and_stores_only_digests_of_its_tokens(
        client: TestClient, world: World, engine: Engine) -> None:
    device = login(client, "Anna", device_name="Anna's laptop")  # usernames ignore case

    assert device.tokens.user.id == world.users["anna"] and device.tokens.user.role == "coach"
    assert device.tokens.user.office_id == world.office_a
    me = client.get(ME_PATH, headers=device.headers).json()
    assert me["device_id"] == device.device_id and me["user"]["username"] == "anna"
    with engine.connect() as conn:
        stored = conn.execute(select(devices_table)).one()
        hashes = conn.execute(select(accounts_table.c.password_hash)).scalars().all()
    assert stored.name == "Anna's laptop"
    row_text = " ".join(str(v) for v in stored)
    assert device.tokens.token not in row_text and device.tokens.refresh_token not in row_text
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client: TestClient, world: World) -> None:
    wrong = attempt(client, "anna", "not her password")
    unknown = attempt(client, "nobody-here", "not her password")
    assert wrong[:2] == unknown[:2]
    assert wrong[0] == 401 and json.loads(wrong[1])["error"]["code"] == "invalid_credentials"


@pytest.mark.parametrize("username", ["anna", "nobody-here"])
def test_failed_logins_are_slowed_then_locked_for_known_and_unknown_names(
        client: TestClient, world: World, sleeps: Sleeps, clock: MovableClock, username: str) -> None:
    answers = [attempt(client, username, "guess") for _ in range(10)]

    assert [a[0] for a in answers] == [401] * 9 + [429]
    assert sleeps.calls == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0]  # from the 4th try, doubling to a cap
    locked = attempt(client, username, PASSWORD)
    assert locked[0] == 429 and json.loads(locked[1])["error"]["code"] == "login_locked"
    assert int(locked[2]["retry-after"]) > 0
    clock.advance(dt.timedelta(minutes=16))
    if username == "anna":
        assert attempt(client, username, PASSWORD)[0] == 200
        assert attempt(client, username, "guess")[0] == 401  # counting starts again after a success


def test_a_locked_known_name_and_a_locked_unknown_name_look_alike(client: TestClient, world: World) -> None:
    known = [attempt(client, "anna", "guess") for _ in range(11)][-1]
    unknown = [attempt(client, "nobody-here", "guess") for _ in range(11)][-1]
    assert (known[0], json.loads(known[1])) == (unknown[0], json.loads(unknown[1]))


def test_a_token_expires_and_a_refresh_token_gives_a_new_pair_once(
        client: TestClient, devices: dict[str, Device], clock: MovableClock) -> None:
    anna = devices["anna"]
    clock.advance(dt.timedelta(hours=25))

    expired = anna.post(anna.body())
    refreshed = client.post(REFRESH_PATH, json={"refresh_token": anna.tokens.refresh_token})
    reused = client.post(REFRESH_PATH, json={"refresh_token": anna.tokens.refresh_token})

    assert expired.status_code == 401 and code(expired) == "token_expired"
    assert refreshed.status_code == 200
    new = refreshed.json()
    assert new["device_id"] == anna.device_id and new["token"] != anna.tokens.token
    assert client.get(ME_PATH, headers={"Authorization": f"Bearer {new['token']}"}).status_code == 200
    assert reused.status_code == 401 and code(reused) == "invalid_token"
    clock.advance(dt.timedelta(days=31))
    late = client.post(REFRESH_PATH, json={"refresh_token": new["refresh_token"]})
    assert late.status_code == 401 and code(late) == "token_expired"


def test_a_revoked_device_is_refused_at_once_and_cannot_log_in_again_under_its_id(
        client: TestClient, ctx: ServerContext, devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    accounts.revoke_device(ctx, anna.device_id)

    refused = anna.post(anna.body())
    refresh = client.post(REFRESH_PATH, json={"refresh_token": anna.tokens.refresh_token})
    again = client.post(LOGIN_PATH, json={"username": "anna", "password": PASSWORD,
                                          "device_id": anna.device_id})

    assert (refused.status_code, code(refused)) == (401, "device_revoked")
    assert (refresh.status_code, code(refresh)) == (401, "device_revoked")
    assert (again.status_code, code(again)) == (401, "device_revoked")
    assert login(client, "anna").device_id != anna.device_id  # a new device id is fine


def test_a_disabled_user_is_refused_at_once_on_every_device(
        client: TestClient, ctx: ServerContext, devices: dict[str, Device]) -> None:
    laptop, desktop = devices["anna"], login(client, "anna")
    accounts.set_disabled(ctx, "anna", True)

    for device in (laptop, desktop):
        refused = device.post(device.body())
        assert (refused.status_code, code(refused)) == (401, "account_disabled")
    status, text, _ = attempt(client, "anna", PASSWORD)
    assert (status, json.loads(text)["error"]["code"]) == (403, "account_disabled")

    accounts.set_disabled(ctx, "anna", False)
    assert laptop.post(laptop.body()).status_code == 200


def test_logging_out_signs_the_device_out(client: TestClient, devices: dict[str, Device]) -> None:
    anna = devices["anna"]
    assert client.post(LOGOUT_PATH, headers=anna.headers).status_code == 204
    assert code(anna.post(anna.body())) == "device_revoked"


def test_a_device_logs_in_again_under_its_own_id_and_the_old_token_stops(client: TestClient,
                                                                         world: World) -> None:
    device_id = uuid7()
    first = login(client, "anna", device_id=device_id)
    second = login(client, "anna", device_id=device_id)

    assert first.device_id == second.device_id == device_id
    assert code(first.post(first.body())) == "invalid_token"
    assert second.post(second.body()).status_code == 200
    taken = client.post(LOGIN_PATH, json={"username": "bert", "password": PASSWORD, "device_id": device_id})
    assert (taken.status_code, code(taken)) == (409, "device_taken")


def test_a_role_change_applies_to_the_next_request(client: TestClient, ctx: ServerContext,
                                                   devices: dict[str, Device]) -> None:
    bert = devices["bert"]
    accounts.set_role(ctx, "bert", "admin")
    refused = bert.post(bert.body())
    assert (refused.status_code, code(refused)) == (403, "forbidden")
    assert client.get("/api/v1/admin/users", headers=bert.headers).status_code == 200


def test_malformed_logins_are_refused_without_echoing_the_password(client: TestClient, world: World) -> None:
    secret = "hunter2-very-secret"
    for body in ({"username": "anna"}, {"username": "anna", "password": secret, "extra": secret},
                 {"username": ["anna"], "password": secret}, {"username": "", "password": secret}):
        response = client.post(LOGIN_PATH, json=body)
        assert response.status_code == 422 and secret not in response.text
    assert client.post(LOGIN_PATH, content=b"{").status_code == 400
