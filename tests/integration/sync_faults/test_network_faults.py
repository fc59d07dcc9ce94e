"""Sync through a faulty network hop: whatever the line does to one round trip, nothing is lost, nothing is
applied twice, and a clean sync afterwards leaves every replica and the server with the same data.

Every fault hits either the first round trip of a sync (the one carrying the batch) or a later one (a page
of a paged pull), and is met either by a client that gives up at once (``retries=0``: the sync fails, and
the next one resumes) or by one that retries within the same sync.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from coachdesk.sync.errors import ServerUnavailable
from coachdesk.sync.session_state import CURSOR, read_one
from tests.integration.sync.helpers import Requests
from tests.integration.sync_faults.harness import (
    FrozenScenes,
    Ledger,
    Replica,
    Rig,
    applied_batches,
    batch_in_flight,
    create_participant,
    delete_participant,
    edit_participant,
    outbox_size,
    server_conflicts,
    store_snapshot,
    stored_batches,
    write_journal,
)
from tests.integration.sync_faults.proxy import FORWARD, Action, Fault, Link

FAULTS = {
    "dropped-request": Fault(Action.DROP_REQUEST),
    "dropped-response": Fault(Action.DROP_RESPONSE),
    "duplicated": Fault(Action.DUPLICATE),
    "duplicated-at-once": Fault(Action.DUPLICATE, concurrent=True, answer_first=True),
    "truncated": Fault(Action.TRUNCATE, keep=0.5),
    "truncated-short-length": Fault(Action.TRUNCATE, keep=0.7, fix_length=True),
    "truncated-to-nothing": Fault(Action.TRUNCATE, keep=0.0, fix_length=True),
    "corrupt": Fault(Action.CORRUPT),
    "500": Fault(Action.ERROR, status=500),
    "503": Fault(Action.ERROR, status=503),
}
#: Faults after which the request reached the server (and its batch was applied) although the client
#: never got an answer.
COMMITTED_UNANSWERED = {"dropped-response", "truncated", "truncated-short-length", "truncated-to-nothing",
                        "corrupt"}
#: Faults the client never notices.
HARMLESS = {"duplicated", "duplicated-at-once"}


@dataclass
class Scene:
    laptop: Replica
    desktop: Replica
    ledger: Ledger
    people: list[str]


def _build(rig: Rig) -> tuple[Ledger, list[str]]:
    laptop, desktop = rig.replica(), rig.replica()
    ledger = Ledger()
    people = [create_participant(laptop, ledger, f"P{n}", "Lind") for n in range(6)]
    laptop.sync()
    desktop.sync()
    edit_participant(desktop, ledger, people[0], dreams="Carpenter")
    create_participant(desktop, ledger, "Omar", "Ali", city="Umeå")
    write_journal(desktop, ledger, people[1], "Phoned about the placement.")
    desktop.sync()
    edit_participant(laptop, ledger, people[0], city="Krokom")
    edit_participant(laptop, ledger, people[2], city="Östersund", dreams="Nurse")
    write_journal(laptop, ledger, people[1], "Met at the office.")
    write_journal(laptop, ledger, people[3], "Started the course.")
    create_participant(laptop, ledger, "Sara", "Nilsson", city="Krokom")
    delete_participant(laptop, ledger, people[5])
    return ledger, people


def scene(rig: Rig, frozen_scenes: FrozenScenes, tmp_path: Path) -> Scene:
    """Anna's laptop and desktop share six participants, then both work offline; the desktop has synced
    its work, the laptop (with edits, a new participant, journal entries and a delete) has not.

    Set up once, then copied for every test."""
    frozen = frozen_scenes.get("network", lambda folder: rig.freeze(folder, _build(rig)))
    laptop, desktop = rig.thaw(frozen, tmp_path / "scene")
    ledger, people = copy.deepcopy(frozen.extra)
    return Scene(laptop, desktop, ledger, people)


def _cursor(replica: Replica) -> str | None:
    with replica.store.engine.connect() as conn:
        return read_one(conn, CURSOR)


@pytest.mark.parametrize("at", [1, 3], ids=["batch-round-trip", "later-page"])
@pytest.mark.parametrize("name", list(FAULTS))
def test_a_sync_that_fails_on_a_fault_resumes_without_loss_or_double_apply(
        rig: Rig, frozen_scenes: FrozenScenes, tmp_path: Path, name: str, at: int) -> None:
    s = scene(rig, frozen_scenes, tmp_path)
    device = s.laptop.store.device_id
    before = store_snapshot(s.laptop.store), outbox_size(s.laptop.store)
    pushed_before = applied_batches(rig.engine, device)
    requests = Requests()
    rig.proxy.plan(*[FORWARD] * (at - 1), FAULTS[name])
    client = s.laptop.client(retries=0, event_hooks=requests.hooks, max_ops=3, page_limit=3)
    cursor_before = _cursor(s.laptop)
    if name in HARMLESS:
        client.sync()
    else:
        with pytest.raises(ServerUnavailable):
            client.sync()
        if at == 1:
            # Nothing of the failed round trip was stored: the outbox, the rows and the cursor are as they
            # were, and the batch waits to be sent again as it is.
            assert (store_snapshot(s.laptop.store), outbox_size(s.laptop.store)) == before
            assert _cursor(s.laptop) == cursor_before and batch_in_flight(s.laptop.store)
    assert rig.proxy.unplayed == 0
    [faulted] = [e for e in rig.proxy.synced() if e.action is FAULTS[name].action]
    if name in COMMITTED_UNANSWERED and at == 1:
        assert faulted.status == 200 and applied_batches(rig.engine, device) == pushed_before + 1

    s.laptop.sync(event_hooks=requests.hooks, max_ops=3, page_limit=3)
    # The batch in flight went again with the same id and ops; what the server had applied already was
    # answered from storage, not applied again.
    sent = [(body["batch_id"], body["ops"]) for body in requests.bodies if body["ops"]]
    batches = {batch_id for batch_id, _ops in sent}
    assert all(ops == next(o for b, o in sent if b == batch_id) for batch_id, ops in sent)
    assert applied_batches(rig.engine, device) == pushed_before + len(batches)
    assert stored_batches(rig.engine, device) == applied_batches(rig.engine, device)
    if name in COMMITTED_UNANSWERED and at == 1:
        assert len(sent) > len(batches)  # a batch was resent
    conflicts = server_conflicts(rig.engine, rig.world.office_a)
    assert [c[2] for c in conflicts.values()] == []  # no field was written concurrently in the scene
    rig.converge(ledger=s.ledger)


@pytest.mark.parametrize("at", [1], ids=["batch-round-trip"])
@pytest.mark.parametrize("name", list(FAULTS))
def test_a_fault_is_retried_within_the_same_sync(rig: Rig, frozen_scenes: FrozenScenes, tmp_path: Path,
                                                 name: str, at: int) -> None:
    s = scene(rig, frozen_scenes, tmp_path)
    rig.proxy.plan(*[FORWARD] * (at - 1), FAULTS[name])
    summary = s.laptop.sync(max_ops=3, page_limit=3)
    assert summary.pending == 0 and summary.rejected == 0
    assert rig.proxy.unplayed == 0
    retried = [e for e in rig.proxy.synced() if e.action is not Action.FORWARD]
    assert len(retried) == 1
    rig.converge(ledger=s.ledger)


def test_a_resent_batch_is_not_applied_again_even_after_a_newer_write(
        rig: Rig, frozen_scenes: FrozenScenes, tmp_path: Path) -> None:
    """The laptop's answer is lost after the server committed; before the laptop resends, the desktop
    overwrites the same field. Applied a second time, the stale batch would record a conflict (its base
    is older than the desktop's write and the values differ); answered from storage, it changes nothing."""
    s = scene(rig, frozen_scenes, tmp_path)
    rig.proxy.plan(Fault(Action.DROP_RESPONSE))
    with pytest.raises(ServerUnavailable):
        s.laptop.sync(retries=0)
    assert batch_in_flight(s.laptop.store)
    s.desktop.sync()
    edit_participant(s.desktop, s.ledger, s.people[2], city="Umeå")  # after the laptop's Östersund
    s.desktop.sync()
    pushed = applied_batches(rig.engine, s.laptop.store.device_id)
    summary = s.laptop.sync()
    assert summary.conflicted_ops == 0 and summary.rejected == 0
    assert applied_batches(rig.engine, s.laptop.store.device_id) == pushed  # answered, not applied
    assert server_conflicts(rig.engine, rig.world.office_a) == {}
    rig.converge(ledger=s.ledger)


def test_a_slow_link_completes_within_the_timeout(rig: Rig, frozen_scenes: FrozenScenes,
                                                  tmp_path: Path) -> None:
    """A thin line with latency: every read is answered within a short timeout, though the whole sync
    takes several times longer than it."""
    s = scene(rig, frozen_scenes, tmp_path)
    ledger = s.ledger
    for n in range(15):
        create_participant(s.laptop, ledger, f"Q{n}", "Berg", dreams=" ".join(["Welder"] * 40))
    rig.proxy.link = Link(bytes_per_s=40_000, latency_s=0.03)
    started = time.monotonic()
    summary = s.laptop.sync(timeout=0.4, max_ops=10, page_limit=3)
    took = time.monotonic() - started
    assert summary.pending == 0 and summary.round_trips >= 3
    assert took > 0.4  # longer than the timeout in total: the timeout is per read, and none expired
    assert rig.proxy.bytes_up + rig.proxy.bytes_down > 20_000
    rig.proxy.link = Link()
    rig.converge(ledger=ledger)


@pytest.mark.parametrize("at", [1, 3], ids=["batch-round-trip", "later-page"])
def test_a_timeout_mid_transfer_is_recoverable(rig: Rig, frozen_scenes: FrozenScenes, tmp_path: Path,
                                               at: int) -> None:
    """Half an answer arrives, then the line stalls longer than the (short) timeout."""
    s = scene(rig, frozen_scenes, tmp_path)
    stall = Fault(Action.STALL, stall_s=0.6)
    rig.proxy.plan(*[FORWARD] * (at - 1), stall)
    with pytest.raises(ServerUnavailable):
        s.laptop.sync(timeout=0.25, retries=0, max_ops=3, page_limit=3)
    [stalled] = [e for e in rig.proxy.synced() if e.action is Action.STALL]
    assert stalled.status == 200 and stalled.response_bytes > 0  # the transfer had begun
    if at == 1:
        assert batch_in_flight(s.laptop.store)
    rig.proxy.plan(*[FORWARD] * (at - 1), stall)  # and once more, now retried within one sync
    summary = s.laptop.sync(timeout=0.25, max_ops=3, page_limit=3)
    assert summary.pending == 0
    rig.converge(ledger=s.ledger)
