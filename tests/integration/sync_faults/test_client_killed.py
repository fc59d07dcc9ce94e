"""The sync client's process killed with SIGKILL at random points of a sync, again and again.

One server, three vaults of one coach. Each trial adds a few edits to one vault, starts a sync of it in
another process (through the proxy, on a slow line so that the kill lands mid-sync: while a request or an
answer is on the wire, while an answer is being stored, between round trips), kills that process after a
random delay, then runs a clean sync of the vault and checks that it converged with the server and that
nothing written so far is lost or there twice.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.integration.sync_faults.harness import (
    Ledger,
    Replica,
    Rig,
    assert_converged,
    checksum,
    create_participant,
    diff,
    edit_participant,
    outbox_size,
    store_snapshot,
    write_journal,
)
from tests.integration.sync_faults.proxy import Link

TRIALS = 50
KILLED_STARTING = "killed before its first request"
KILLED_FIRST = "killed with the first request out, no answer stored"
KILLED_LATER = "killed after one or more round trips were stored"
FINISHED = "finished before the kill"
SEED = 20261122
REPO = Path(__file__).resolve().parents[3]
#: The line the killed syncs run over: a round trip costs ~30 ms plus the bytes.
SLOW = Link(bytes_per_s=200_000, latency_s=0.01)


@dataclass
class ForkServer:
    """``child.py`` in its own process; ``sync`` forks a child that syncs one vault."""

    process: subprocess.Popen[bytes]
    lines: queue.Queue[dict[str, Any]] = field(default_factory=queue.Queue)

    def __post_init__(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.lines.put(json.loads(raw))

    def next(self, key: str) -> dict[str, Any]:
        while True:
            line = self.lines.get(timeout=60)
            if key in line:
                return line
            self.seen.append(line)

    seen: list[dict[str, Any]] = field(default_factory=list)

    def start(self, replica: Replica) -> int:
        job = {"folder": str(replica.folder), "key": replica.key.hex(), "page_limit": 2, "max_ops": 2,
               "timeout": 30.0}
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(job) + "\n").encode())
        self.process.stdin.flush()
        return int(self.next("started")["started"])


@pytest.fixture
def fork_server() -> Iterator[ForkServer]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COACHDESK_LANGUAGE": "en"}
    process = subprocess.Popen([sys.executable, "-m", "tests.integration.sync_faults.child"], cwd=REPO,
                               env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    server = ForkServer(process)
    try:
        yield server
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        assert process.stdout is not None
        process.stdout.close()


def _trial_edits(rng: random.Random, replica: Replica, ledger: Ledger, known: list[str], trial: int) -> None:
    """A few edits as a coach makes them: a new participant, a changed field, a journal entry."""
    city = rng.choice(["Krokom", "Umeå"])
    known.append(create_participant(replica, ledger, f"T{trial}", "Kill", city=city))
    edit_participant(replica, ledger, rng.choice(known), dreams=f"Dream {trial}",
                     city=rng.choice(["Östersund", "Luleå", "Kiruna"]))
    write_journal(replica, ledger, rng.choice(known), f"Trial {trial}: noted.")


def test_a_sync_killed_at_random_points_recovers_every_time(rig: Rig, fork_server: ForkServer) -> None:
    rng = random.Random(SEED)
    vaults = [rig.replica() for _ in range(3)]
    ledger = Ledger()
    people = [create_participant(vaults[0], ledger, f"P{n}", "Lind") for n in range(4)]
    rig.converge(ledger=ledger)
    known = [list(people) for _ in vaults]  # the participants each vault had at its last sync
    outcomes: Counter[str] = Counter()
    for replica in vaults:
        replica.store.close()

    for trial in range(TRIALS):
        index = trial % len(vaults)
        replica = vaults[index]
        replica.reopen()
        _trial_edits(rng, replica, ledger, known[index], trial)
        pending = outbox_size(replica.store)
        replica.store.close()

        rig.proxy.link = SLOW
        pid = fork_server.start(replica)
        time.sleep(rng.uniform(0.05, 0.6))
        with contextlib.suppress(ProcessLookupError):  # it finished first
            os.kill(pid, signal.SIGKILL)
        status = int(fork_server.next("exited")["status"])
        said = [line for line in fork_server.seen if line.get("pid") == pid]
        requests = sum(1 for line in said if "request" in line)
        trips = sum(1 for line in said if "round_trip" in line)
        finished = any("done" in line for line in said)
        assert not any("error" in line for line in said), said
        if status == -signal.SIGKILL and not finished:
            outcomes[KILLED_STARTING if requests == 0 else KILLED_FIRST if trips == 0
                     else KILLED_LATER] += 1
        else:
            assert status == 0 and finished
            outcomes[FINISHED] += 1

        # A clean sync of the same vault afterwards, as the next start of the app would run it.
        rig.proxy.link = Link()
        replica.reopen()
        assert outbox_size(replica.store) <= pending  # the killed sync queued nothing again
        summary = replica.sync()
        assert summary.rejected == 0 and summary.quarantined == 0 and summary.pending == 0, summary
        assert outbox_size(replica.store) == 0
        local, on_server = store_snapshot(replica.store), rig.server_snapshot()
        assert checksum(local) == checksum(on_server), (trial, diff(local, on_server))
        ledger.check(on_server)
        known[index] = sorted(pid_ for (table, pid_) in on_server if table == "participants")
        replica.store.close()

    for replica in vaults:
        replica.reopen()
    rig.converge(ledger=ledger)
    assert_converged(rig.engine, rig.world.office_a, [r.store for r in vaults], ledger)
    print(f"\nkill trials: {dict(outcomes)}")
    # The kills landed all over the sync, not only before or after it. How many land in each phase
    # depends on the machine's speed and load (a CI run under load saw 3 with the first request out),
    # so this asks for every phase, not for a share of them.
    assert outcomes[KILLED_FIRST] >= 1 and outcomes[KILLED_LATER] >= 10, outcomes
    assert sum(outcomes.values()) == TRIALS
