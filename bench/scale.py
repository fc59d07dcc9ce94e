"""At 100,000 participants in a real vault: generation, unlock, caseload pages, searches and agendas."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

from bench.agenda import run_agenda
from bench.caseload import page_times, search_times
from bench.diagnostics import run_diagnostics
from bench.queries import sample_queries
from bench.timing import percentile, stopwatch
from coachdesk.services.participants import ParticipantService
from coachdesk.services.synthetic import generate
from coachdesk.unlock import create_vault, unlock_vault
from coachdesk.vault import KdfParams, Vault

PASSPHRASE = "bench vault, synthetic data only"
UNLOCKS = 3


class _Progress:
    """Prints at every tenth of the way; 100,000 people take long enough to want a sign of life."""

    def __init__(self) -> None:
        self._shown = 0

    def __call__(self, done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if tenth > self._shown:
            self._shown = tenth
            print(f"  generated {done:,} of {total:,}", flush=True)


def _ms(value: float) -> float:
    return round(value, 2)


def run_scale(folder: Path, *, participants: int, searches: int, kdf: KdfParams | None,
              seed: int = 1, verbose: bool = True) -> dict[str, Any]:
    """``kdf=None`` calibrates production Argon2id cost, as a new vault on this machine would."""
    store = create_vault(folder, PASSPHRASE, kdf=kdf)
    try:
        with stopwatch() as generating:
            generate(store, participants=participants, seed=seed,
                     progress=_Progress() if verbose else None)
        queries = sample_queries(store, searches, seed=seed)
    finally:
        store.close()

    derive, open_, total = [], [], []
    for _ in range(UNLOCKS):
        with stopwatch() as unlocking:
            store, timings = unlock_vault(folder, PASSPHRASE)
        derive.append(timings.derive_ms)
        open_.append(timings.open_ms)
        total.append(unlocking.seconds * 1000)
        store.close()

    # On a freshly unlocked store: the first pages pay for a cold page cache, as in the app.
    store, _timings = unlock_vault(folder, PASSPHRASE)
    try:
        service = ParticipantService(store)
        pages = page_times(service)
        found = search_times(service, queries)
        extras = run_diagnostics(store, short_searches=max(searches // 5, 10), seed=seed)
        extras |= run_agenda(store, samples=searches, seed=seed)  # as many coach weeks as searches
    finally:
        store.close()
    by_kind: dict[str, list[float]] = {}
    for (kind, _query), ms in zip(queries, found, strict=True):
        by_kind.setdefault(kind, []).append(ms)

    return {
        "scale_participants": participants,
        "generate_100k_s": round(generating.seconds, 2),
        "unlock_ms": _ms(statistics.median(total)),
        "unlock_derive_ms": _ms(statistics.median(derive)),
        "unlock_open_ms": _ms(statistics.median(open_)),
        "unlock_kdf": _kdf_of(folder),
        "caseload_pages_timed": len(pages),
        "caseload_page_ms_p50_100k": _ms(percentile(pages, 50)),
        "caseload_page_ms_p95_100k": _ms(percentile(pages, 95)),
        "searches_timed": len(found),
        "search_ms_p50_100k": _ms(percentile(found, 50)),
        "search_ms_p95_100k": _ms(percentile(found, 95)),
        "search_ms_p95_by_kind_100k": {k: _ms(percentile(v, 95))
                                       for k, v in sorted(by_kind.items())},
        **extras,
    }


def _kdf_of(folder: Path) -> dict[str, int]:
    """The Argon2id cost the vault was made with (the key file holds no secret in these fields)."""
    kdf = json.loads(Vault(folder).key_path.read_text(encoding="utf-8"))["kdf"]
    return {k: int(kdf[k]) for k in ("memory_kib", "time_cost", "parallelism")}
