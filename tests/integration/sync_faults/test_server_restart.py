"""The server stopped and started again (same port, same database) in the middle of a sync: between two
round trips, or while a round trip is on the server. Nothing is lost, nothing is applied twice."""

from __future__ import annotations

import pytest

from coachdesk.sync.client import SyncProgress
from coachdesk.sync.errors import ServerUnavailable
from tests.integration.sync.helpers import Requests
from tests.integration.sync_faults.harness import (
    Ledger,
    Replica,
    RestartableServer,
    Rig,
    applied_batches,
    create_participant,
    edit_participant,
    new_replica,
    write_journal,
)
from tests.integration.sync_faults.proxy import FORWARD, Fault

Restartable = tuple[Rig, RestartableServer]


def _workload(laptop: Replica, desktop: Replica, ledger: Ledger) -> None:
    people = [create_participant(laptop, ledger, f"P{n}", "Lind") for n in range(4)]
    laptop.sync()
    desktop.sync()
    for n, person in enumerate(people):
        edit_participant(laptop, ledger, person, city=f"City {n}")
        write_journal(desktop, ledger, person, f"Entry {n}")
    for n in range(4):
        create_participant(laptop, ledger, f"New {n}", "Berg")


def test_restarts_between_round_trips_go_unnoticed(restartable_rig: Restartable) -> None:
    rig, server = restartable_rig
    laptop, desktop = rig.replica(), rig.replica()
    ledger = Ledger()
    _workload(laptop, desktop, ledger)
    desktop.sync()
    rig.proxy.plan(FORWARD, Fault(before=server.restart), FORWARD, Fault(before=server.restart))
    summary = laptop.sync(max_ops=3, page_limit=3)
    assert summary.pending == 0 and summary.round_trips >= 4
    assert server.starts == 3 and rig.proxy.unplayed == 0
    rig.converge(ledger=ledger)


def test_a_restart_between_round_trips_of_a_direct_connection(restartable_rig: Restartable) -> None:
    """No proxy: the client's kept-alive connection to the old server is gone when the next round trip
    goes out."""
    rig, server = restartable_rig
    laptop = new_replica(rig.template, rig.folder, "direct-laptop", server.url)
    desktop = new_replica(rig.template, rig.folder, "direct-desktop", server.url)
    rig.replicas += [laptop, desktop]
    ledger = Ledger()
    _workload(laptop, desktop, ledger)
    desktop.sync()

    def restart_after_second(progress: SyncProgress) -> None:
        if progress.round_trips in (2, 4):
            server.restart()

    summary = laptop.client(max_ops=3, page_limit=3).sync(progress=restart_after_second)
    assert summary.pending == 0 and server.starts == 3
    rig.converge(ledger=ledger)


@pytest.mark.parametrize("retries", [0, 2])
def test_a_restart_while_a_round_trip_is_on_the_server(restartable_rig: Restartable, retries: int) -> None:
    """The request reaches the server, which is then shut down and started again: its answer may come
    back or be lost; either way the batch is applied once."""
    rig, server = restartable_rig
    laptop, desktop = rig.replica(), rig.replica()
    ledger = Ledger()
    _workload(laptop, desktop, ledger)
    desktop.sync()
    requests = Requests()
    device = laptop.store.device_id
    pushed = applied_batches(rig.engine, device)
    rig.proxy.plan(Fault(during=server.restart), FORWARD, Fault(during=server.restart))
    for _attempt in range(5):
        try:
            laptop.sync(max_ops=3, page_limit=3, retries=retries, event_hooks=requests.hooks)
            break
        except ServerUnavailable:
            assert retries == 0
    assert server.starts == 3 and rig.proxy.unplayed == 0
    batches = {body["batch_id"] for body in requests.bodies if body["ops"]}
    assert applied_batches(rig.engine, device) == pushed + len(batches)
    rig.converge(ledger=ledger)
