"""Whatever fails, nothing local is lost: lost answers, no server, revoked devices, expired tokens,
clock skew, cancelled downloads, resets and a vault that belongs to someone else."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import httpx
import pytest

from coachdesk.models.store import Store
from coachdesk.server import accounts
from coachdesk.server.context import ServerContext
from coachdesk.services.participants import ParticipantService
from coachdesk.sync.client import SyncClient, SyncProgress
from coachdesk.sync.errors import AccountMismatch, AuthRequired, Offline, ServerUnavailable, SyncCancelled
from coachdesk.sync.login import login
from coachdesk.sync.protocol import SYNC_PATH
from coachdesk.sync.session_state import status
from tests.integration.server.helpers import PASSWORD, MovableClock, free_port
from tests.integration.sync.helpers import Requests, count, signed_in


class LoseAnswers(httpx.HTTPTransport):
    """Delivers sync requests to the server but loses the first ``n`` answers on the way back."""

    def __init__(self, n: int = 1) -> None:
        super().__init__()
        self.n = n

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path == SYNC_PATH and self.n > 0:
            self.n -= 1
            response.read()
            response.close()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


def test_a_batch_whose_answer_was_lost_is_sent_again_unchanged(
        new_store: Callable[[], Store], server_url: str) -> None:
    store = new_store()
    requests = Requests()
    signed_in(store, server_url, "anna").sync()
    made = ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    pending = status(store).pending_changes
    lossy = SyncClient(store, transport=LoseAnswers(), event_hooks=requests.hooks, retries=0)
    with pytest.raises(ServerUnavailable):
        lossy.sync()
    assert status(store).pending_changes == pending and status(store).batch_in_flight

    summary = SyncClient(store, event_hooks=requests.hooks).sync()
    first, again = requests.bodies
    assert again["batch_id"] == first["batch_id"] and again["ops"] == first["ops"]
    assert summary.pending == 0 and summary.rejected == 0 and not status(store).batch_in_flight
    other = new_store()
    signed_in(other, server_url, "anna").sync()
    assert count(other, "SELECT count(*) FROM participants WHERE id = :i", i=made.id) == 1
    assert count(other, "SELECT count(*) FROM audit_events WHERE participant_id = :i", i=made.id) == 1


def test_a_retry_within_one_sync_resends_the_same_batch(new_store: Callable[[], Store],
                                                        server_url: str) -> None:
    store = new_store()
    requests = Requests()
    signed_in(store, server_url, "anna").sync()
    ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    sleeps: list[float] = []
    client = SyncClient(store, transport=LoseAnswers(), event_hooks=requests.hooks, sleep=sleeps.append)
    assert client.sync().pending == 0
    assert len(requests) == 2 and requests.bodies[0]["batch_id"] == requests.bodies[1]["batch_id"]
    assert sleeps == [1.0]


def test_no_server_means_offline_and_the_outbox_stays(new_store: Callable[[], Store],
                                                      server_url: str) -> None:
    store = new_store()
    signed_in(store, server_url, "anna").sync()
    ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    before = status(store).pending_changes
    with store.engine.begin() as conn:  # the server moved away
        conn.exec_driver_sql("UPDATE local_meta SET value = ? WHERE key = 'sync.server_url'",
                             (f"http://127.0.0.1:{free_port()}",))
    with pytest.raises(Offline) as raised:
        SyncClient(store, sleep=lambda _s: None).sync()
    assert "cannot be reached" in str(raised.value)
    assert status(store).pending_changes == before > 0


def test_a_revoked_device_must_sign_in_again(new_store: Callable[[], Store], server_url: str,
                                             server_ctx: ServerContext) -> None:
    store = new_store()
    client = signed_in(store, server_url, "anna")
    client.sync()
    ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    accounts.revoke_device(server_ctx, store.device_id)
    with pytest.raises(AuthRequired) as raised:
        client.sync()
    assert raised.value.code == "device_revoked"
    assert not status(store).signed_in and status(store).pending_changes > 0
    with pytest.raises(AuthRequired):
        client.sync()
    revoked = store.device_id
    login(store, server_url, "anna", PASSWORD)  # a revoked id is never used again
    assert store.device_id != revoked
    assert client.sync().pending == 0


def test_an_expired_token_is_refreshed(new_store: Callable[[], Store], server_url: str,
                                       server_clock: MovableClock) -> None:
    store = new_store()
    client = signed_in(store, server_url, "anna")
    client.sync()
    server_clock.advance(dt.timedelta(hours=25))
    ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    assert client.sync().pending == 0
    assert status(store).signed_in


def test_changes_stamped_far_ahead_are_held_until_the_clocks_agree(
        new_store: Callable[[], Store], server_url: str, server_clock: MovableClock) -> None:
    store = new_store()
    client = signed_in(store, server_url, "anna")
    client.sync()
    server_clock.advance(dt.timedelta(hours=-7))  # seen from the server, this device runs 7 h ahead
    ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    held = client.sync()
    assert held.quarantined > 0 and held.pending > 0 and held.rejected == 0
    server_clock.advance(dt.timedelta(hours=7))
    assert client.sync().pending == 0


def test_a_first_download_is_paged_reported_cancellable_and_resumable(
        new_store: Callable[[], Store], server_url: str) -> None:
    first = new_store()
    service = ParticipantService(first)
    for n in range(30):
        service.create({"given_name": f"P{n}", "family_name": "Lind"})
    signed_in(first, server_url, "anna").sync()

    fresh = new_store()
    client = signed_in(fresh, server_url, "anna", page_limit=20)
    cancel = threading.Event()
    seen: list[SyncProgress] = []

    def report(progress: SyncProgress) -> None:
        seen.append(progress)
        cancel.set()  # the user pressed stop after the first page

    with pytest.raises(SyncCancelled):
        client.sync(cancel=cancel, progress=report)
    assert [(p.pulled, p.has_more, p.initial) for p in seen] == [(20, True, True)]
    assert not status(fresh).initial_download_done
    kept = count(fresh, "SELECT count(*) FROM participants")

    seen.clear()
    summary = client.sync(progress=seen.append)
    assert status(fresh).initial_download_done and not seen[-1].has_more
    assert count(fresh, "SELECT count(*) FROM participants") == 30 > kept
    assert summary.round_trips == len(seen) >= 2 and summary.pulled == seen[-1].pulled


def test_a_reset_drops_rows_no_longer_in_scope_but_keeps_unsent_ones(
        new_store: Callable[[], Store], server_url: str, server_ctx: ServerContext) -> None:
    annas = new_store()
    theirs = ParticipantService(annas).create({"given_name": "Nadia", "family_name": "Warsame"})
    signed_in(annas, server_url, "anna").sync()
    saras = new_store()
    client = signed_in(saras, server_url, "sara")  # a supervisor sees the whole office
    client.sync()
    assert count(saras, "SELECT count(*) FROM participants WHERE id = :i", i=theirs.id) == 1

    accounts.set_role(server_ctx, "sara", "coach")
    mine = ParticipantService(saras).create({"given_name": "Omar", "family_name": "Ali"})
    summary = client.sync()
    assert summary.reset and summary.rejected == 0
    assert count(saras, "SELECT count(*) FROM participants WHERE id = :i", i=theirs.id) == 0
    assert count(saras, "SELECT count(*) FROM participants WHERE id = :i", i=mine.id) == 1


def test_a_vault_with_unsent_changes_stays_with_its_account(
        new_store: Callable[[], Store], server_url: str) -> None:
    store = new_store()
    signed_in(store, server_url, "anna").sync()
    annas = ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    with pytest.raises(AccountMismatch) as raised:
        login(store, server_url, "bert", PASSWORD)
    assert "anna" in str(raised.value) and status(store).username == "anna"

    SyncClient(store).sync()
    switched = login(store, server_url, "bert", PASSWORD)
    assert switched.switched_account and store.user_id == switched.user_id
    SyncClient(store).sync()
    assert count(store, "SELECT count(*) FROM participants WHERE id = :i", i=annas.id) == 0
