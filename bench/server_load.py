"""The sync server under load: simulated devices syncing at once against a throwaway PostgreSQL.

A real ``coachdesk-server serve`` (uvicorn, in its own process) on 127.0.0.1 and a PostgreSQL cluster
started for the run. Each device pushes batches of new and changed rows (participants with goals and
activities in its caseload, employers shared with its office) and pulls until it has everything.

Figures: ``server_sync_rps`` (sync requests answered per second), ``server_sync_p99_ms`` (their 99th
percentile latency as the devices saw it) and ``server_changes_per_s`` (rows through the server per second:
ops applied plus changes delivered by pulls). Skips, saying why, when PostgreSQL cannot be started.

    python -m bench.server_load [--devices 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from contextlib import AsyncExitStack, ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.results import DEFAULT_PATH, merge_into
from bench.timing import percentile
from coachdesk.models.hlc import HybridLogicalClock
from coachdesk.models.ids import uuid7
from coachdesk.server import accounts, db, tokens
from coachdesk.server.context import ServerContext
from coachdesk.server.passwords import Passwords
from coachdesk.server.settings import PasswordParams, Settings
from coachdesk.server.tables import devices as devices_table
from coachdesk.sync.protocol import SYNC_PATH, schema_version

OFFICES = 10
OPS_PER_BATCH = 10
# Accounts are made for the run only; their cost is not what is measured.
CHEAP_PASSWORDS = PasswordParams(time_cost=1, memory_kib=8, parallelism=1)
START_TIMEOUT_S = 60


@dataclass
class SimDevice:
    device_id: str
    user_id: str
    token: str
    clock: HybridLogicalClock = field(init=False)
    cursor: str | None = None
    participants: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.clock = HybridLogicalClock(self.device_id)

    def change(self, value: Any) -> dict[str, Any]:
        return {"value": value, "hlc": self.clock.now()}

    def batch(self, rng: random.Random) -> list[dict[str, Any]]:
        """A coach's afternoon: a new participant with a plan, an edit, an employer for the office."""
        pid = uuid7()
        person = {"given_name": f"Given{rng.randrange(10**6)}", "family_name": "Bench",
                  "coach_id": self.user_id, "created_at": "2026-01-05T09:00:00",
                  "primary_language": rng.choice(["ar", "so", "ti", "sv"])}
        ops: list[dict[str, Any]] = [self._op("participants", pid, person)]
        ops += [self._op("goals", uuid7(), {"participant_id": pid, "title": f"Goal {n}",
                                            "origin": "participant_wish"}) for n in range(3)]
        ops += [self._op("activities", uuid7(), {"participant_id": pid, "kind": "coaching",
                                                 "iso_year": 2026, "iso_week": week, "status": "planned"})
                for week in range(2, 6)]
        ops.append(self._op("employers", uuid7(), {"name": f"Employer {rng.randrange(10**6)} AB"}))
        if self.participants:
            ops.append(self._op("participants", rng.choice(self.participants), {"city": "Krokom"}))
        self.participants.append(pid)
        return ops[:OPS_PER_BATCH]

    def _op(self, table: str, row_id: str, values: dict[str, Any]) -> dict[str, Any]:
        return {"op_id": uuid7(), "table": table, "row_id": row_id, "kind": "upsert",
                "changes": {name: self.change(value) for name, value in values.items()}, "base": {}}


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    applied: int = 0
    pulled: int = 0
    errors: int = 0


def _seed(url: str, devices: int) -> list[SimDevice]:
    """Offices, one coach per device and a token for each (straight into the database: no logins)."""
    settings = Settings(database_url=url, password=CHEAP_PASSWORDS)
    engine = db.make_engine(settings)
    try:
        db.upgrade(engine)
        ctx = ServerContext(settings=settings, engine=engine, passwords=Passwords(CHEAP_PASSWORDS))
        names = [f"Office {n}" for n in range(OFFICES)]
        for name in names:
            accounts.add_office(ctx, name)
        made: list[SimDevice] = []
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        for n in range(devices):
            user = accounts.add_user(ctx, username=f"coach{n}", password="bench-password-1", role="coach",
                                     office=names[n % OFFICES])
            token = tokens.new_token(tokens.ACCESS_PREFIX)
            device_id = uuid7()
            with engine.begin() as conn:
                conn.execute(devices_table.insert().values(
                    id=device_id, account_id=user.id, name="bench", token_hash=tokens.digest(token),
                    token_expires_at=now + dt.timedelta(hours=2), created_at=now, last_seen_at=now))
            made.append(SimDevice(device_id, user.id, token))
        return made
    finally:
        engine.dispose()


def _serve(url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "COACHDESK_DATABASE_URL": url}
    with log.open("wb") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "coachdesk.server.cli", "serve", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(workers), "--log-level", "warning"],
            env=env, stdout=sink, stderr=sink, stdin=subprocess.DEVNULL)


def _wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited at start")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not start in time")


async def _sync(client: httpx.AsyncClient, device: SimDevice, ops: list[dict[str, Any]],
                tally: Tally) -> bool:
    body = {"device_id": device.device_id, "schema_version": schema_version(), "batch_id": str(uuid.uuid4()),
            "ops": ops, "cursor": device.cursor, "limit": 500}
    raw = gzip.compress(json.dumps(body).encode(), compresslevel=5)
    started = time.perf_counter()
    response = await client.post(SYNC_PATH, content=raw, headers={
        "Authorization": f"Bearer {device.token}", "Content-Type": "application/json",
        "Content-Encoding": "gzip", "Accept-Encoding": "gzip"})
    tally.latencies_ms.append((time.perf_counter() - started) * 1000)
    if response.status_code != 200:
        tally.errors += 1
        return False
    answer = response.json()
    tally.applied += sum(1 for r in answer["results"] if r["status"] in ("applied", "conflict"))
    tally.pulled += len(answer["changes"])
    device.cursor = answer["next_cursor"]
    return bool(answer["has_more"])


async def _device_loop(client: httpx.AsyncClient, device: SimDevice, rounds: int, tally: Tally,
                       seed: int) -> None:
    rng = random.Random(seed)
    for _round in range(rounds):
        more = await _sync(client, device, device.batch(rng), tally)
        while more:  # pull until it has everything
            more = await _sync(client, device, [], tally)


async def _load(base: str, sims: list[SimDevice], rounds: int) -> tuple[Tally, float]:
    tally = Tally()
    async with AsyncExitStack() as stack:
        # One client (one connection) per device, as on real laptops; one shared pool of 200
        # connections would spend the load generator's time scanning that pool.
        clients = [await stack.enter_async_context(httpx.AsyncClient(base_url=base, timeout=120))
                   for _ in sims]
        # Every device first pulls what is already there (its office and colleagues), unmeasured.
        await asyncio.gather(*(_sync(c, d, [], Tally()) for c, d in zip(clients, sims, strict=True)))
        started = time.perf_counter()
        await asyncio.gather(*(_device_loop(c, d, rounds, tally, n)
                               for n, (c, d) in enumerate(zip(clients, sims, strict=True))))
        return tally, time.perf_counter() - started


def run_server_load(*, devices: int = 200, rounds: int = 5, workers: int = 1,
                    verbose: bool = True) -> dict[str, Any]:
    """The figures, or ``{}`` (after saying why) when PostgreSQL is not available here."""
    try:
        from tests.pgcluster import PgStartError, PgUnavailable, create_database, throwaway_cluster
    except ImportError:
        print("server load: skipped (tests/pgcluster.py, which starts PostgreSQL, is not here)")
        return {}
    with ExitStack() as stack:
        try:
            cluster = stack.enter_context(throwaway_cluster())
        except (PgUnavailable, PgStartError, OSError) as exc:
            print(f"server load: skipped, PostgreSQL cannot be started here ({type(exc).__name__}: "
                  f"{str(exc).splitlines()[0] if str(exc) else ''})")
            return {}
        url = create_database(cluster, "bench_server")
        if verbose:
            print(f"server load: {devices} devices x {rounds} batches of {OPS_PER_BATCH} ops, "
                  f"PostgreSQL on 127.0.0.1, {workers} server process(es)", flush=True)
        sims = _seed(url, devices)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="coachdesk-bench-"))) / "server.log"
        server = _serve(url, port, workers, log)
        stack.callback(_stop, server)
        _wait_ready(base, server)
        try:
            tally, elapsed = asyncio.run(_load(base, sims, rounds))
        except httpx.HTTPError:
            lines = log.read_text(errors="replace").splitlines()
            print("server load: the server stopped answering; its first log lines:\n" + "\n".join(lines[:15]))
            raise
    requests = len(tally.latencies_ms)
    figures: dict[str, Any] = {
        "server_sync_rps": round(requests / elapsed, 1),
        "server_sync_p99_ms": round(percentile(tally.latencies_ms, 99), 1),
        "server_sync_p50_ms": round(percentile(tally.latencies_ms, 50), 1),
        "server_changes_per_s": round((tally.applied + tally.pulled) / elapsed, 1),
        "server_load": {"devices": devices, "rounds": rounds, "ops_per_batch": OPS_PER_BATCH,
                        "offices": OFFICES, "server_processes": workers, "requests": requests,
                        "ops_applied": tally.applied, "changes_pulled": tally.pulled,
                        "errors": tally.errors, "seconds": round(elapsed, 2)},
    }
    if tally.errors:
        print(f"server load: {tally.errors} of {requests} requests failed (see the figures)")
    return figures


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.server_load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--results", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    figures = run_server_load(devices=args.devices, rounds=args.rounds, workers=args.workers)
    if figures:
        merge_into(args.results, figures)
        for key in ("server_sync_rps", "server_sync_p99_ms", "server_changes_per_s"):
            print(f"  {key:<36} {figures[key]:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
