"""Signing a vault in and its first syncs, against a real server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable

from coachdesk.models.store import Store
from coachdesk.services.journal import JournalService
from coachdesk.services.participants import ParticipantService
from coachdesk.sync.client import SyncClient
from coachdesk.sync.login import login
from coachdesk.sync.session_state import status
from tests.integration.server.helpers import PASSWORD, World
from tests.integration.sync.helpers import Requests, count, scalar, signed_in


def test_first_login_replaces_the_placeholder_office_and_owner(
        new_store: Callable[[], Store], server_url: str, world: World) -> None:
    store = new_store()
    placeholder_office, placeholder_owner = store.office_id, store.user_id
    created = ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    assert scalar(store, "SELECT coach_id FROM participants") == placeholder_owner

    result = login(store, server_url, "anna", PASSWORD)

    anna = world.users["anna"]
    assert (result.user_id, result.office_id, result.remapped) == (anna, world.office_a, True)
    assert (store.user_id, store.office_id) == (anna, world.office_a)
    assert scalar(store, "SELECT coach_id FROM participants WHERE id = :i", i=created.id) == anna
    assert count(store, "SELECT count(*) FROM participants WHERE office_id = :o", o=placeholder_office) == 0
    assert count(store, "SELECT count(*) FROM users WHERE id = :u", u=placeholder_owner) == 0
    assert count(store, "SELECT count(*) FROM offices WHERE id = :o", o=placeholder_office) == 0
    assert status(store).signed_in and status(store).username == "anna"

    summary = SyncClient(store).sync()
    assert summary.rejected == 0 and summary.pending == 0
    # The server's users and offices came down; the participant went up and is anna's there too.
    assert count(store, "SELECT count(*) FROM users WHERE id = :u AND username = 'anna'", u=anna) == 1
    other = new_store()
    signed_in(other, server_url, "anna").sync()
    assert scalar(other, "SELECT given_name FROM participants WHERE id = :i", i=created.id) == "Nadia"
    assert scalar(other, "SELECT coach_id FROM participants WHERE id = :i", i=created.id) == anna


def test_a_hundred_changes_go_in_one_round_trip(new_store: Callable[[], Store], server_url: str) -> None:
    store = new_store()
    requests = Requests()
    client = signed_in(store, server_url, "anna", event_hooks=requests.hooks)
    client.sync()
    service = ParticipantService(store)
    people = [service.create({"given_name": f"P{n}", "family_name": "Lind"}) for n in range(50)]
    for person in people:
        JournalService(store).write(person.id, "Met today.")
    before = len(requests)
    summary = client.sync()
    assert len(requests) - before == 1
    assert summary.pushed >= 100 and summary.rejected == 0 and summary.pending == 0
    assert status(store).pending_changes == 0
