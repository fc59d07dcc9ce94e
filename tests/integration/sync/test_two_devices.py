"""Two devices of one coach sync through a real server: they converge, and concurrent edits become
conflicts that either device can resolve for both."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from coachdesk.models.store import Store
from coachdesk.services.journal import JournalService
from coachdesk.services.participants import ParticipantService
from coachdesk.sync.client import SyncClient
from coachdesk.sync.conflicts import conflicts, erase_participant, resolve_conflict
from coachdesk.sync.session_state import status
from tests.integration.sync.helpers import count, scalar, signed_in

Pair = tuple[Store, SyncClient, Store, SyncClient]


@pytest.fixture
def pair(new_store: Callable[[], Store], server_url: str) -> Pair:
    """Anna's laptop and desktop, both signed in and synced."""
    laptop, desktop = new_store(), new_store()
    laptop_sync, desktop_sync = signed_in(laptop, server_url, "anna"), signed_in(desktop, server_url, "anna")
    laptop_sync.sync()
    desktop_sync.sync()
    return laptop, laptop_sync, desktop, desktop_sync


def phone(store: Store, participant_id: str) -> str | None:
    value = scalar(store, "SELECT phone FROM participants WHERE id = :i", i=participant_id)
    return str(value) if value is not None else None


def city(store: Store, participant_id: str) -> str | None:
    value = scalar(store, "SELECT city FROM participants WHERE id = :i", i=participant_id)
    return str(value) if value is not None else None


def test_changes_made_on_either_device_reach_the_other(pair: Pair) -> None:
    laptop, laptop_sync, desktop, desktop_sync = pair
    made = ParticipantService(laptop).create({"given_name": "Nadia", "family_name": "Warsame",
                                             "birth_date": "1990-04-01", "interpreter_needed": True,
                                              "interpreter_language": "so"})
    laptop_sync.sync()
    desktop_sync.sync()
    assert ParticipantService(desktop).get(made.id).birth_date == made.birth_date
    assert ParticipantService(desktop).get(made.id).interpreter_needed is True
    assert [r.given_name for r in ParticipantService(desktop).search("nadia")] == ["Nadia"]

    ParticipantService(desktop).update(made.id, {"phone": "070-123 45 67", "city": "Krokom"})
    desktop_sync.sync()
    laptop_sync.sync()
    assert phone(laptop, made.id) == phone(desktop, made.id) == "+46701234567"
    assert city(laptop, made.id) == "Krokom"
    # Nothing that came down is sent back up; every change is accounted for on both sides.
    assert status(laptop).pending_changes == status(desktop).pending_changes == 0
    assert laptop_sync.sync().pushed == 0 and desktop_sync.sync().pulled == 0


def test_the_same_field_changed_on_both_is_a_conflict_resolved_once_for_both(pair: Pair) -> None:
    laptop, laptop_sync, desktop, desktop_sync = pair
    made = ParticipantService(laptop).create({"given_name": "Nadia", "family_name": "Warsame"})
    laptop_sync.sync()
    desktop_sync.sync()
    ParticipantService(laptop).update(made.id, {"city": "Krokom"})
    ParticipantService(desktop).update(made.id, {"city": "Östersund"})
    laptop_sync.sync()
    summary = desktop_sync.sync()  # the later write wins, and both sides are kept for a person
    laptop_sync.sync()

    assert summary.conflicted_ops == 1
    assert city(laptop, made.id) == city(desktop, made.id) == "Östersund"
    [on_laptop], [on_desktop] = conflicts(laptop), conflicts(desktop)
    assert on_laptop.id == on_desktop.id and on_laptop.field == "city"
    assert (on_laptop.winner_value, on_laptop.loser_value) == ("Östersund", "Krokom")

    resolve_conflict(laptop, on_laptop.id, on_laptop.loser_value)  # the laptop's number was right
    assert conflicts(laptop) == [] and status(laptop).conflicts_waiting == 0
    laptop_sync.sync()
    desktop_sync.sync()
    assert conflicts(desktop) == []
    assert city(laptop, made.id) == city(desktop, made.id) == "Krokom"
    assert count(laptop, "SELECT count(*) FROM conflict_records") == 0


def test_a_delete_racing_an_edit_is_a_conflict(pair: Pair) -> None:
    laptop, laptop_sync, desktop, desktop_sync = pair
    made = ParticipantService(laptop).create({"given_name": "Nadia", "family_name": "Warsame"})
    laptop_sync.sync()
    desktop_sync.sync()
    ParticipantService(laptop).delete(made.id)
    ParticipantService(desktop).update(made.id, {"city": "Krokom"})
    laptop_sync.sync()
    assert desktop_sync.sync().conflicted_ops == 1
    laptop_sync.sync()

    [record] = conflicts(desktop)
    assert record.field == "deleted" and "city" in record.fields
    assert [c.id for c in conflicts(laptop)] == [record.id]
    # The delete stands on both, with the edit kept on the tombstone so a restore brings it back.
    for store in (laptop, desktop):
        assert scalar(store, "SELECT deleted FROM participants WHERE id = :i", i=made.id) == 1
        assert city(store, made.id) == "Krokom"

    resolve_conflict(desktop, record.id, False)  # restore it
    desktop_sync.sync()
    laptop_sync.sync()
    assert scalar(laptop, "SELECT deleted FROM participants WHERE id = :i", i=made.id) == 0
    assert conflicts(laptop) == conflicts(desktop) == []


def test_journal_entries_written_on_both_never_conflict(pair: Pair) -> None:
    laptop, laptop_sync, desktop, desktop_sync = pair
    made = ParticipantService(laptop).create({"given_name": "Nadia", "family_name": "Warsame"})
    laptop_sync.sync()
    desktop_sync.sync()
    JournalService(laptop).write(made.id, "Met at the office.")
    JournalService(desktop).write(made.id, "Phoned about the placement.")
    laptop_sync.sync()
    assert desktop_sync.sync().conflicted_ops == 0
    laptop_sync.sync()
    for store in (laptop, desktop):
        assert sorted(line.entry.body for line in JournalService(store).entries(made.id)) == [
            "Met at the office.", "Phoned about the placement."]
        assert conflicts(store) == []


def test_an_erasure_on_one_device_removes_everything_on_the_other(pair: Pair) -> None:
    laptop, laptop_sync, desktop, desktop_sync = pair
    made = ParticipantService(laptop).create({"given_name": "Nadia", "family_name": "Warsame"})
    kept = ParticipantService(laptop).create({"given_name": "Omar", "family_name": "Ali"})
    JournalService(laptop).write(made.id, "Met at the office.")
    laptop_sync.sync()
    desktop_sync.sync()
    ParticipantService(desktop).update(made.id, {"city": "Krokom"})  # unsent when the erase arrives

    erase_participant(laptop, made.id)
    assert count(laptop, "SELECT count(*) FROM participants WHERE id = :i", i=made.id) == 0
    laptop_sync.sync()
    desktop_sync.sync()

    for store in (laptop, desktop):
        assert count(store, "SELECT count(*) FROM participants WHERE id = :i", i=made.id) == 0
        assert count(store, "SELECT count(*) FROM journal_entries WHERE participant_id = :i", i=made.id) == 0
        assert count(store, "SELECT count(*) FROM audit_events WHERE participant_id = :i", i=made.id) == 0
        assert count(store, "SELECT count(*) FROM outbox WHERE row_id = :i", i=made.id) == 0
        assert count(store, "SELECT count(*) FROM field_clock WHERE row_id = :i", i=made.id) == 0
        assert ParticipantService(store).get(kept.id).given_name == "Omar"
        assert status(store).rejections == 0
    assert ParticipantService(desktop).search("nadia") == []


def test_writes_made_while_syncing_in_the_background_all_arrive(pair: Pair) -> None:
    """The sync runs off the UI thread while the coach keeps typing: nothing is lost or refused."""
    import threading

    laptop, laptop_sync, desktop, desktop_sync = pair
    service = ParticipantService(laptop)
    made: list[str] = []
    failures: list[BaseException] = []

    def type_away() -> None:
        try:
            for n in range(40):
                made.append(service.create({"given_name": f"P{n}", "family_name": "Lind"}).id)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    writer = threading.Thread(target=type_away)
    writer.start()
    while writer.is_alive():
        laptop_sync.sync()
    writer.join()
    assert failures == []
    laptop_sync.sync()
    desktop_sync.sync()
    assert status(laptop).pending_changes == 0 and status(laptop).rejections == 0
    assert count(desktop, "SELECT count(*) FROM participants") == len(made) == 40
