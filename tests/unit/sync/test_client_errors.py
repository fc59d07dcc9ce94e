"""Every failure is a typed error with a sentence for the user, and leaves the outbox as it was."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from coachdesk.models.store import Store
from coachdesk.services.participants import ParticipantService
from coachdesk.sync import session_state
from coachdesk.sync.client import SyncClient
from coachdesk.sync.errors import AuthRequired, ServerUnavailable, SyncCancelled, SyncRefused, UpgradeRequired
from coachdesk.sync.session_state import status
from tests.integration.sync.helpers import FakeServer, VaultTemplate, error, pretend_signed_in


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplate:
    return VaultTemplate.make(tmp_path_factory.mktemp("errors-template") / "vault")


@pytest.fixture
def store(template: VaultTemplate, tmp_path: Path) -> Iterator[Store]:
    opened = template.store(tmp_path)
    pretend_signed_in(opened)
    ParticipantService(opened).create({"given_name": "Nadia", "family_name": "Warsame"})
    yield opened
    opened.close()


def outbox(store: Store) -> list[tuple[int, str]]:
    with store.engine.connect() as conn:
        return [(seq, hlc) for seq, hlc in conn.execute(text("SELECT seq, hlc FROM outbox ORDER BY seq"))]


def sync(store: Store, server: FakeServer | httpx.MockTransport) -> None:
    transport = server.transport if isinstance(server, FakeServer) else server
    SyncClient(store, transport=transport, sleep=lambda _s: None, retries=1).sync()


@pytest.mark.parametrize("answer", [
    httpx.Response(500, json={"error": {"code": "internal_error", "message": "", "details": []}}),
    httpx.Response(503, text="<html>maintenance</html>"),
    httpx.Response(200, content=b'{"results": [], "chan'),  # cut short
    httpx.Response(200, content=gzip.compress(b'{"results": []}')[:-6], headers={"Content-Encoding": "gzip"}),
    httpx.Response(200, json={"results": "not a list"}),
    httpx.Response(407, text="proxy says no"),
], ids=["500", "503-html", "truncated", "damaged-gzip", "wrong-shape", "proxy"])
def test_a_broken_answer_is_server_unavailable_and_nothing_is_lost(store: Store,
                                                                   answer: httpx.Response) -> None:
    before = outbox(store)
    server = FakeServer(errors=[answer, answer])
    with pytest.raises(ServerUnavailable) as raised:
        sync(store, server)
    assert "kept" in str(raised.value)
    assert outbox(store) == before and status(store).batch_in_flight
    first, retried = server.bodies
    sync(store, FakeServer())
    assert outbox(store) == [] and retried["batch_id"] == first["batch_id"]


def test_a_server_that_cannot_be_reached_is_offline(store: Store) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    before = outbox(store)
    with pytest.raises(ServerUnavailable) as raised:
        sync(store, httpx.MockTransport(refuse))
    assert type(raised.value).__name__ == "Offline" and outbox(store) == before


def test_an_old_client_must_upgrade(store: Store) -> None:
    before = outbox(store)
    with pytest.raises(UpgradeRequired):
        sync(store, FakeServer(errors=[error(426, "upgrade_required")]))
    assert outbox(store) == before


@pytest.mark.parametrize("code", ["invalid_token", "device_revoked", "account_disabled"])
def test_a_token_the_server_no_longer_takes_is_forgotten(store: Store, code: str) -> None:
    before = outbox(store)
    with pytest.raises(AuthRequired) as raised:
        sync(store, FakeServer(errors=[error(401, code)]))
    assert raised.value.code == code and not status(store).signed_in and outbox(store) == before
    with pytest.raises(AuthRequired):
        sync(store, FakeServer())  # no request without a token


def test_an_expired_token_is_refreshed_and_the_request_sent_again(store: Store) -> None:
    server = FakeServer(errors=[error(401, "token_expired")])
    sync(store, server)
    assert outbox(store) == [] and len(server.bodies) == 2
    with store.engine.connect() as conn:
        assert session_state.read_one(conn, session_state.TOKEN) == "refreshed"


def test_an_unknown_cursor_starts_the_pull_again_from_nothing(store: Store) -> None:
    with store.engine.begin() as conn:
        session_state.write(conn, {session_state.CURSOR: "from-another-server"})
    server = FakeServer(errors=[error(400, "invalid_cursor")])
    sync(store, server)
    assert [body["cursor"] for body in server.bodies] == ["from-another-server", None]
    assert server.bodies[0]["batch_id"] == server.bodies[1]["batch_id"] and outbox(store) == []


def test_other_refusals_are_reported_and_keep_the_outbox(store: Store) -> None:
    before = outbox(store)
    with pytest.raises(SyncRefused) as raised:
        sync(store, FakeServer(errors=[error(403, "forbidden")]))
    assert raised.value.code == "forbidden" and outbox(store) == before


def test_a_cancelled_sync_sends_nothing(store: Store) -> None:
    cancel = threading.Event()
    cancel.set()
    server = FakeServer()
    with pytest.raises(SyncCancelled):
        SyncClient(store, transport=server.transport).sync(cancel=cancel)
    assert server.bodies == [] and outbox(store)


def test_status_is_what_the_status_bar_shows(store: Store) -> None:
    current = status(store)
    assert current.signed_in and current.username == "anna" and current.server_url == "https://sync.example"
    assert current.pending_changes == 2 and current.last_sync_at is None and not current.initial_download_done
    sync(store, FakeServer())
    current = status(store)
    assert current.pending_changes == 0 and current.last_sync_at is not None
    assert current.initial_download_done and current.conflicts_waiting == current.rejections == 0
