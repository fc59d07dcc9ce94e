"""The sync client and server end to end: a first download, small incremental syncs, a rural line.

A real ``coachdesk-server serve`` (uvicorn, its own process, SQLite) on 127.0.0.1 and, in front of it, the
fault suite's proxy (``tests/integration/sync_faults/proxy.py``), which counts every byte on the wire and
can emulate a slow line. Vaults are made with a cheap KDF: unlocking is not what is measured.

1. One device's vault gets ``participants`` synthetic participants with their full programmes
   (``coachdesk.services.synthetic``), all in its coach's caseload, and pushes them.
2. ``initial_sync_rows_per_s`` / ``initial_sync_bytes``: a new device of the same coach downloads it all
   (rows stored per second of the whole sync; request and answer bytes, headers included, gzip as sent).
3. ``incremental_round_trips``: the first device changes ``changes`` fields (as the app does: each edit
   also writes its audit event) and syncs: round trips taken (the goal is 1).
   ``incremental_bytes_ratio``: bytes on the wire for those changes to reach the other device (its push
   and the other's pull) divided by the gzip-compressed size of the changed values alone.
4. ``rural_link_time_ratio``: the same through a 2 Mbit/s line with 300 ms round trips: the sync time
   divided by its floor, bytes / bandwidth + round trip time x round trips.

    python -m bench.sync [--participants 10000] [--changes 100]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from bench.results import DEFAULT_PATH, merge_into
from coachdesk.models.store import Store
from coachdesk.server import accounts, db
from coachdesk.server.context import ServerContext
from coachdesk.server.passwords import Passwords
from coachdesk.server.settings import PasswordParams, Settings
from coachdesk.services.participants import ParticipantService
from coachdesk.services.synthetic import generate
from coachdesk.sync.client import SyncClient
from coachdesk.sync.login import login
from coachdesk.unlock import create_vault
from coachdesk.vault import KdfParams
from tests.integration.sync_faults.proxy import FaultProxy, Link

PASSPHRASE = "bench sync passphrase"
PASSWORD = "bench-sync-password"
CHEAP_KDF = KdfParams(memory_kib=8 * 1024, time_cost=1, parallelism=1)
CHEAP_PASSWORDS = PasswordParams(time_cost=1, memory_kib=8, parallelism=1)
RURAL = Link(bytes_per_s=2_000_000 / 8, latency_s=0.150)  # 2 Mbit/s, 300 ms round trip
START_TIMEOUT_S = 60


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def _server(folder: Path) -> Iterator[int]:
    """``coachdesk-server serve`` on a new SQLite database with one office and one coach; its port."""
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'server.db'}"
    settings = Settings(database_url=url, password=CHEAP_PASSWORDS)
    engine = db.make_engine(settings)
    db.upgrade(engine)
    ctx = ServerContext(settings=settings, engine=engine, passwords=Passwords(settings.password))
    accounts.add_office(ctx, "Krokom")
    accounts.add_user(ctx, username="coach", password=PASSWORD, role="coach", office="Krokom")
    engine.dispose()
    port = _free_port()
    env = {**os.environ, "COACHDESK_LANGUAGE": "en"}
    process = subprocess.Popen(
        [sys.executable, "-m", "coachdesk.server.cli", "--database-url", url, "serve", "--port", str(port),
         "--log-level", "warning"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("coachdesk-server did not start")
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _device(folder: Path, url: str) -> Store:
    store = create_vault(folder, PASSPHRASE, kdf=CHEAP_KDF)
    login(store, url, "coach", PASSWORD)
    return store


def _edit(store: Store, people: Sequence[str], changes: int, round_: int) -> list[Any]:
    """``changes`` field edits, as a coach makes them; the values written."""
    service = ParticipantService(store)
    values: list[Any] = []
    for n in range(changes):
        person = people[n % len(people)]
        if n % 3 == 0:
            change = {"city": ("Krokom", "Östersund", "Åre", "Strömsund")[(n + round_) % 4]}
        elif n % 3 == 1:
            change = {"phone": f"070-{round_ % 10}{n:02d} {n % 100:02d} {(n * 7) % 100:02d}"}
        else:
            change = {"dreams": f"Work in {('care', 'building', 'transport')[n % 3]} (round {round_})"}
        updated = service.update(person, change)
        values += [getattr(updated, name) for name in change]
    return values


def run_sync_bench(folder: Path, *, participants: int = 10_000, changes: int = 100,
                   verbose: bool = True) -> dict[str, Any]:
    def say(text: str) -> None:
        if verbose:
            print(f"  {text}", flush=True)

    figures: dict[str, Any] = {"sync_participants": participants, "incremental_changes": changes}
    with _server(folder / "server") as port, FaultProxy(port, upstream_timeout_s=600) as proxy:
        source = _device(folder / "source", proxy.url)
        target = _device(folder / "target", proxy.url)
        try:
            started = time.perf_counter()
            generate(source, participants=participants, participants_per_coach=participants, seed=7)
            say(f"generated {participants:,} participants in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            pushed = SyncClient(source, timeout=600).sync()
            figures["initial_push_s"] = time.perf_counter() - started
            figures["initial_push_rows"] = pushed.pushed
            say(f"pushed {pushed.pushed:,} rows in {figures['initial_push_s']:.1f} s "
                f"({pushed.round_trips} round trips)")

            proxy.reset_counters()
            started = time.perf_counter()
            pulled = SyncClient(target, timeout=600).sync()
            took = time.perf_counter() - started
            figures["initial_sync_s"] = took
            figures["initial_sync_rows"] = pulled.pulled
            figures["initial_sync_round_trips"] = pulled.round_trips
            figures["initial_sync_rows_per_s"] = pulled.pulled / took
            figures["initial_sync_bytes"] = proxy.bytes_up + proxy.bytes_down
            say(f"a new device downloaded {pulled.pulled:,} rows in {took:.1f} s, "
                f"{figures['initial_sync_bytes'] / 1e6:.1f} MB on the wire")

            with source.engine.connect() as conn:
                people = list(conn.execute(text("SELECT id FROM participants ORDER BY id")).scalars())
            figures |= _incremental(source, target, proxy, people, changes)
            figures |= _rural(source, target, proxy, people, changes)
        finally:
            source.close()
            target.close()
    return figures


def _propagate(source: Store, target: Store, proxy: FaultProxy) -> tuple[float, int, int, int]:
    """Sync the source, then the target: seconds, bytes, requests, the source's round trips."""
    proxy.reset_counters()
    started = time.perf_counter()
    pushed = SyncClient(source).sync()
    SyncClient(target).sync()
    took = time.perf_counter() - started
    assert pushed.pending == 0 and pushed.rejected == 0, pushed
    return took, proxy.bytes_up + proxy.bytes_down, len(proxy.exchanges), pushed.round_trips


def _incremental(source: Store, target: Store, proxy: FaultProxy, people: Sequence[str],
                 changes: int) -> dict[str, Any]:
    values = _edit(source, people, changes, 1)
    _took, wire, _requests, round_trips = _propagate(source, target, proxy)
    compressed = len(gzip.compress(json.dumps(values, ensure_ascii=False).encode()))
    return {"incremental_round_trips": round_trips, "incremental_bytes": wire,
            "incremental_values_gzip_bytes": compressed, "incremental_bytes_ratio": wire / compressed}


def _rural(source: Store, target: Store, proxy: FaultProxy, people: Sequence[str],
           changes: int) -> dict[str, Any]:
    _edit(source, people, changes, 2)
    proxy.link = RURAL
    try:
        took, wire, requests, _round_trips = _propagate(source, target, proxy)
    finally:
        proxy.link = Link()
    assert RURAL.bytes_per_s is not None
    floor = wire / RURAL.bytes_per_s + 2 * RURAL.latency_s * requests
    return {"rural_link_s": took, "rural_link_floor_s": floor, "rural_link_requests": requests,
            "rural_link_bytes": wire, "rural_link_time_ratio": took / floor}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__)
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--results", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-sync-") as tmp:
        figures = run_sync_bench(Path(tmp), participants=args.participants, changes=args.changes)
    merge_into(args.results, figures)
    for key, value in figures.items():
        print(f"  {key:<32} {value:>14.3f}" if isinstance(value, float) else f"  {key:<32} {value:>14}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
