"""Encryption overhead: the same app workload on SQLCipher and on plain SQLite, in one run.

The workload is what a busy office does to its vault: insert participants with activities,
page through the whole caseload, and search.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.caseload import page_times, search_times
from bench.queries import sample_queries
from bench.stores import is_plaintext, open_encrypted, open_plain
from bench.timing import stopwatch
from coachdesk.models.store import Store
from coachdesk.services.participants import ParticipantService
from coachdesk.services.synthetic import generate


@dataclass(frozen=True)
class WorkloadTimes:
    generate_s: float
    page_s: float
    search_s: float
    cpu_s: float  # this process's CPU time: steadier than wall time on a busy machine

    @property
    def total_s(self) -> float:
        return self.generate_s + self.page_s + self.search_s


def run_workload(store: Store, *, participants: int, searches: int, seed: int) -> WorkloadTimes:
    cpu_start = time.process_time()
    with stopwatch() as generating:
        generate(store, participants=participants, seed=seed)
    service = ParticipantService(store)
    with stopwatch() as paging:
        page_times(service)
    # Picked outside the timing; the same data (same seed) gives the same queries on both stores.
    cpu_before_queries = time.process_time()
    queries = sample_queries(store, searches, seed=seed)
    cpu_start += time.process_time() - cpu_before_queries
    with stopwatch() as searching:
        search_times(service, queries)
    return WorkloadTimes(generating.seconds, paging.seconds, searching.seconds,
                         time.process_time() - cpu_start)


def _once(opener: Callable[[Path], Store], folder: Path, **workload: int) -> WorkloadTimes:
    store = opener(folder)
    try:
        return run_workload(store, **workload)
    finally:
        store.close()


def compare_encryption(folder: Path, *, participants: int, searches: int, rounds: int,
                       seed: int = 1) -> dict[str, Any]:
    """Run the workload ``rounds`` times on each store, alternating, and keep each side's best.

    The best of several runs filters out other processes' interference; alternating (and swapping
    which side goes first) spreads any slow spell of the machine over both sides.
    """
    # Warm imports, compiled statements and the allocator so neither side pays for them.
    _once(open_plain, folder / "warmup", participants=50, searches=5, seed=seed)
    best: dict[str, WorkloadTimes] = {}
    best_cpu: dict[str, float] = {}
    every: dict[str, list[float]] = {"sqlcipher": [], "plain": []}
    for round_ in range(rounds):
        sides = [("sqlcipher", open_encrypted), ("plain", open_plain)]
        for name, opener in sides if round_ % 2 == 0 else sides[::-1]:
            where = folder / f"{name}-{round_}"
            times = _once(opener, where, participants=participants, searches=searches, seed=seed)
            if name == "plain" and not is_plaintext(where):
                raise RuntimeError("the plain baseline wrote an encrypted file")
            if name == "sqlcipher" and is_plaintext(where):
                raise RuntimeError("the SQLCipher store wrote a plaintext file")
            if name not in best or times.total_s < best[name].total_s:
                best[name] = times
            best_cpu[name] = min(best_cpu.get(name, times.cpu_s), times.cpu_s)
            every[name].append(round(times.total_s, 3))
    cipher, plain = best["sqlcipher"], best["plain"]
    return {
        "encryption_overhead_ratio": round(cipher.total_s / plain.total_s, 3),
        "workload_sqlcipher_s": round(cipher.total_s, 3),
        "workload_plain_s": round(plain.total_s, 3),
        "encryption_overhead_ratio_cpu": round(best_cpu["sqlcipher"] / best_cpu["plain"], 3),
        "workload_participants": participants,
        "workload_rounds": rounds,
        "workload_every_round_s": every,  # the spread shows how noisy this machine was
        "workload_phases_s": {
            name: {"generate": round(t.generate_s, 3), "page": round(t.page_s, 3),
                   "search": round(t.search_s, 3)}
            for name, t in best.items()},
    }
