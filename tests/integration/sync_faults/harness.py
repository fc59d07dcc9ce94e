"""The fault suite's rig: a restartable uvicorn server, replicas that sync through the fault proxy, and the
one checksum every test compares replicas and the server with."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import itertools
import json
import shutil
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import Engine, select, text

from coachdesk.models import Base
from coachdesk.models.store import Store, open_store
from coachdesk.models.sync_state import ConflictRecord
from coachdesk.server.app import create_app
from coachdesk.server.settings import Settings
from coachdesk.server.tables import sync_rows
from coachdesk.sync.client import PAGE_LIMIT, SyncClient, SyncSummary
from coachdesk.sync.login import login
from coachdesk.sync.outbox import MAX_OPS
from coachdesk.sync.protocol import CONFLICTS_TABLE, DELETED_FIELD
from coachdesk.sync.schema import synced_tables
from coachdesk.sync.values import to_wire
from coachdesk.vault import Vault
from tests.integration.server.helpers import PASSWORD, MovableClock, World, free_port
from tests.integration.sync.helpers import VaultTemplate
from tests.integration.sync_faults.proxy import FaultProxy, Link

#: ``{(table, row_id): {field: wire value}}`` with ``deleted`` among the fields; a null field is left out
#: (the server keeps only what was sent, a replica has a column for every field).
Snapshot = dict[tuple[str, str], dict[str, Any]]
#: Conflict records as ``{record id: (table, row_id, field, fields, winner value, loser value)}``.
Conflicts = dict[str, tuple[str, str, str, tuple[str, ...], Any, Any]]


# --- the one checksum -----------------------------------------------------------------------------------


def _canonical(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


def store_snapshot(store: Store) -> Snapshot:
    """Every synced row of a replica, per field, in wire form."""
    found: Snapshot = {}
    with store.engine.connect() as conn:
        for name, spec in synced_tables().items():
            model = Base.metadata.tables[name]
            for row in conn.execute(select(model)):
                mapping = row._mapping
                values = {f: to_wire(mapping[f]) for f in spec.fields}
                values[DELETED_FIELD] = bool(mapping[DELETED_FIELD])
                found[(name, str(mapping["id"]))] = _canonical(values)
    return found


def server_snapshot(engine: Engine, office_id: str) -> Snapshot:
    """Every synced row the server holds for an office (conflict records aside), per field."""
    found: Snapshot = {}
    query = (select(sync_rows.c.table_name, sync_rows.c.row_id, sync_rows.c.deleted, sync_rows.c.data)
             .where(sync_rows.c.office_id == office_id, sync_rows.c.table_name != CONFLICTS_TABLE))
    with engine.connect() as conn:
        for table, row_id, deleted, data in conn.execute(query):
            values = json.loads(data)
            values[DELETED_FIELD] = bool(deleted)
            found[(table, row_id)] = _canonical(values)
    return found


def checksum(snapshot: Snapshot) -> str:
    """SHA-256 over every row's id and per-field values (order-independent)."""
    canonical = json.dumps(sorted([list(key), values] for key, values in snapshot.items()),
                           sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def row_counts(snapshot: Snapshot) -> Counter[str]:
    return Counter(table for table, _row_id in snapshot)


def server_conflicts(engine: Engine, office_id: str) -> Conflicts:
    query = (select(sync_rows.c.row_id, sync_rows.c.data)
             .where(sync_rows.c.office_id == office_id, sync_rows.c.table_name == CONFLICTS_TABLE,
                    sync_rows.c.deleted.is_(False)))
    with engine.connect() as conn:
        rows = list(conn.execute(query))
    found: Conflicts = {}
    for row_id, data in rows:
        values = json.loads(data)
        found[row_id] = (values["table"], values["row_id"], values["field"], tuple(values["fields"] or ()),
                         values["winner_value"], values["loser_value"])
    return found


def store_conflicts(store: Store) -> Conflicts:
    with store.session() as session:
        return {r.id: (r.tbl, r.row_id, r.field, tuple(json.loads(r.fields or "[]")),
                       json.loads(r.winner_value) if r.winner_value is not None else None,
                       json.loads(r.loser_value) if r.loser_value is not None else None)
                for r in session.scalars(select(ConflictRecord))}


def outbox_size(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM outbox")).scalar_one())


def batch_in_flight(store: Store) -> bool:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT 1 FROM local_meta WHERE key = 'sync.batch'")).first() is not None


def diff(left: Snapshot, right: Snapshot, limit: int = 5) -> list[str]:
    """The first differences between two snapshots, for assertion messages."""
    problems = [f"only left: {key}" for key in left.keys() - right.keys()]
    problems += [f"only right: {key}" for key in right.keys() - left.keys()]
    for key in left.keys() & right.keys():
        if left[key] != right[key]:
            names = left[key].keys() | right[key].keys()
            fields = {n for n in names if left[key].get(n) != right[key].get(n)}
            problems.append(f"{key}: " + ", ".join(
                f"{n}={left[key].get(n)!r}/{right[key].get(n)!r}" for n in sorted(fields)))
    return sorted(problems)[:limit]


# --- what the tests expect -------------------------------------------------------------------------------


@dataclass
class Ledger:
    """Every local write a test made, to prove none was lost or applied twice."""

    #: The value each written field must end with (the last write wins: one real clock for every device).
    fields: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    created: Counter[str] = field(default_factory=Counter)

    def create(self, table: str, row_id: str, **values: Any) -> None:
        assert (table, row_id) not in self.fields
        self.created[table] += 1
        self.fields[(table, row_id)] = dict(values)

    def write(self, table: str, row_id: str, **values: Any) -> None:
        self.fields.setdefault((table, row_id), {}).update(values)

    def check(self, snapshot: Snapshot, *, where: str = "server") -> None:
        """Every write reached ``snapshot`` with its last value; no created row is there twice."""
        lost = [(key, name, value, snapshot.get(key, {}).get(name))
                for key, values in self.fields.items() for name, value in values.items()
                if snapshot.get(key, {}).get(name) != value]
        assert not lost, f"writes lost on the {where}: {lost[:5]}"
        counts = row_counts(snapshot)
        for table, made in self.created.items():
            assert counts[table] >= made, f"{table}: {counts[table]} rows on the {where}, {made} created"


# --- the server -------------------------------------------------------------------------------------------


class RestartableServer:
    """``coachdesk-server``'s app on uvicorn on 127.0.0.1, stopped and started again on the same port and
    database (each start builds a new app and engine, as a new process would)."""

    def __init__(self, settings: Settings, clock: MovableClock) -> None:
        self.settings, self.clock = settings, clock
        self.port = free_port()
        self.starts = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        for _attempt in range(50):  # the port may linger a moment after a stop
            app = create_app(self.settings, now=self.clock.now, sleep=lambda _s: None)
            config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_config=None, access_log=False,
                                    ws="none", lifespan="on", timeout_graceful_shutdown=2)
            server = uvicorn.Server(config)
            thread = threading.Thread(target=server.run, name=f"uvicorn-{self.port}", daemon=True)
            thread.start()
            deadline = time.monotonic() + 20
            while not server.started and thread.is_alive() and time.monotonic() < deadline:
                time.sleep(0.005)
            if server.started:
                self._server, self._thread = server, thread
                self.starts += 1
                return
            server.should_exit = True
            thread.join(timeout=5)
            time.sleep(0.05)
        raise RuntimeError(f"uvicorn did not start on port {self.port}")

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=20)
        assert not self._thread.is_alive(), "uvicorn did not stop"
        self._server = self._thread = None
        collect_stopped_server()

    def restart(self) -> None:
        self.stop()
        self.start()


def collect_stopped_server() -> None:
    """A uvicorn stopped with a keep-alive connection open can leave that connection's transport to the
    garbage collector, whose ResourceWarning then fails whichever later test it happens to run in (once,
    in the PostgreSQL cluster test). Collect it here, where the server was stopped on purpose."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


# --- replicas -------------------------------------------------------------------------------------------


class KeptTransport(httpx.HTTPTransport):
    """The transport httpx would make, kept open from one sync to the next: making a client loads the
    trust store (~40 ms), which hundreds of syncs would pay again and again. Still a real connection to
    127.0.0.1, through the proxy."""

    def close(self) -> None:
        pass

    def really_close(self) -> None:
        super().close()


@dataclass
class Replica:
    """One device's vault, signed in through the proxy."""

    name: str
    folder: Path
    key: bytes
    store: Store
    client_options: dict[str, Any] = field(default_factory=dict)
    transport: KeptTransport = field(default_factory=KeptTransport)

    def client(self, **overrides: Any) -> SyncClient:
        options = {"sleep": lambda _s: None, "transport": self.transport, **self.client_options, **overrides}
        return SyncClient(self.store, **options)

    def sync(self, **overrides: Any) -> SyncSummary:
        return self.client(**overrides).sync()

    def reopen(self) -> None:
        """Close and open the vault again (as a new process would, e.g. after one was killed)."""
        self.store.close()
        vault = Vault(self.folder)
        self.store = open_store(vault.db_path, self.key, backup_dir=vault.backup_dir)

    def close(self) -> None:
        self.store.close()
        self.transport.really_close()


def new_replica(template: VaultTemplate, parent: Path, name: str, url: str, username: str = "anna",
                **client_options: Any) -> Replica:
    folder = template.copy(parent / name)
    vault = Vault(folder)
    store = open_store(vault.db_path, template.key, backup_dir=vault.backup_dir)
    login(store, url, username, PASSWORD)
    return Replica(name, folder, template.key, store, client_options)


class SharedServer:
    """One uvicorn on 127.0.0.1 for the whole session; each test swaps in its own database (a new
    ``ServerContext``: settings, engine, clock), which costs milliseconds instead of a server start."""

    def __init__(self, settings: Settings, clock: MovableClock) -> None:
        self.app = create_app(settings, now=clock.now, sleep=lambda _s: None)
        self.port = free_port()
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_config=None,
                                access_log=False, ws="none", lifespan="on", timeout_graceful_shutdown=2)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name=f"uvicorn-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.005)
        self._swapped: list[Engine] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def use(self, settings: Settings, clock: MovableClock) -> None:
        from coachdesk.server import db
        from coachdesk.server.context import ServerContext
        from coachdesk.server.passwords import Passwords

        engine = db.make_engine(settings)
        self.app.state.ctx = ServerContext(settings=settings, engine=engine,
                                           passwords=Passwords(settings.password), now=clock.now,
                                           sleep=lambda _s: None)
        for old in self._swapped:
            old.dispose()
        self._swapped = [engine]

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=20)
        for old in self._swapped:
            old.dispose()
        collect_stopped_server()


@dataclass(frozen=True)
class Frozen:
    """A scene set up once and copied for every test: the server's database and the replicas' vaults."""

    server_db: Path
    vaults: tuple[tuple[str, Path, tuple[tuple[str, Any], ...]], ...]  # name, folder, client options
    key: bytes
    extra: Any = None


_rewinds = itertools.count()


class FrozenScenes:
    """Scenes frozen once per session, by name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: dict[str, Frozen] = {}

    def get(self, name: str, make: Callable[[Path], Frozen]) -> Frozen:
        if name not in self._made:
            self._made[name] = make(self.folder / name)
        return self._made[name]


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database in use (WAL included), by SQLite's backup API."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(source)) as src, \
            contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@dataclass
class Rig:
    """A real server on 127.0.0.1 behind the fault proxy, and the replicas of a test."""

    server_url: str
    proxy: FaultProxy
    engine: Engine  # the server's database, read by the checks
    settings: Settings
    world: World
    clock: MovableClock
    template: VaultTemplate
    folder: Path
    replicas: list[Replica] = field(default_factory=list)
    #: Swaps another database in (``SharedServer.use``), or None when the server is the test's own.
    swap: Callable[[Settings, MovableClock], None] | None = None

    def replica(self, username: str = "anna", *, direct: bool = False, **client_options: Any) -> Replica:
        """A new vault signed in through the proxy (``direct``: to the server itself)."""
        made = new_replica(self.template, self.folder, f"{username}-{len(self.replicas)}",
                           self.server_url if direct else self.proxy.url, username, **client_options)
        self.replicas.append(made)
        return made

    def server_snapshot(self) -> Snapshot:
        return server_snapshot(self.engine, self.world.office_a)

    @property
    def db_path(self) -> Path:
        return Path(self.settings.database_url.removeprefix("sqlite:///"))

    def freeze(self, folder: Path, extra: Any = None) -> Frozen:
        """Keep this rig's server database and vaults (the replicas are reopened afterwards)."""
        folder.mkdir(parents=True, exist_ok=True)
        copy_sqlite(self.db_path, folder / "server.db")
        vaults = []
        for replica in self.replicas:
            replica.store.close()
            target = folder / replica.name
            shutil.copytree(replica.folder, target)
            replica.reopen()
            vaults.append((replica.name, target, tuple(replica.client_options.items())))
        return Frozen(folder / "server.db", tuple(vaults), self.template.key, extra)

    def thaw(self, frozen: Frozen, into: Path) -> list[Replica]:
        """Make this rig's server database and replicas copies of a frozen scene."""
        assert self.swap is not None, "only a shared server takes another database"
        for replica in self.replicas:
            replica.close()
        self.replicas.clear()
        self.engine.dispose()
        into.mkdir(parents=True, exist_ok=True)
        target = into / "server.db"
        shutil.copyfile(frozen.server_db, target)
        self.settings = dataclasses.replace(self.settings, database_url=f"sqlite:///{target}")
        self.engine = make_server_engine(self.settings)
        self.swap(self.settings, self.clock)
        for name, folder, options in frozen.vaults:
            copied = into / name
            shutil.copytree(folder, copied)
            vault = Vault(copied)
            store = open_store(vault.db_path, frozen.key, backup_dir=vault.backup_dir)
            self.replicas.append(Replica(name, copied, frozen.key, store, dict(options)))
        return list(self.replicas)

    def rewind(self, frozen: Frozen, into: Path) -> list[Replica]:
        """Like ``thaw``, for replicas thawed from the same scene before: their stores stay open (each
        engine drops its connections, the database file is copied over, the next connection opens the
        copy), which spares a store's opening and migration check. Their clocks go on from where they
        were, later than any stamp in the copies."""
        assert self.swap is not None and [r.name for r in self.replicas] == [v[0] for v in frozen.vaults]
        self.engine.dispose()
        into.mkdir(parents=True, exist_ok=True)
        target = into / f"server-{next(_rewinds)}.db"  # a new file: the old engine may linger on the last
        shutil.copyfile(frozen.server_db, target)
        self.settings = dataclasses.replace(self.settings, database_url=f"sqlite:///{target}")
        self.engine = make_server_engine(self.settings)
        self.swap(self.settings, self.clock)
        for replica, (_name, folder, _options) in zip(self.replicas, frozen.vaults, strict=True):
            replica.store.engine.dispose()
            live = Vault(replica.folder).db_path
            for extra in (live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
                extra.unlink(missing_ok=True)
            shutil.copyfile(Vault(folder).db_path, live)
        return list(self.replicas)

    def converge(self, replicas: Iterable[Replica] | None = None, ledger: Ledger | None = None,
                 **client: Any) -> Snapshot:
        """A final clean sync (no faults, no slow line) of every replica, twice round, then the checks
        every test ends with: all replicas and the server hold the same rows and values (one checksum),
        nothing written was lost, nothing is there twice, every outbox is empty."""
        everyone = list(self.replicas if replicas is None else replicas)
        self.proxy.clear()
        self.proxy.link = Link()
        for _round in range(2):
            for replica in everyone:
                summary = replica.sync(**{"page_limit": PAGE_LIMIT, "max_ops": MAX_OPS, **client})
                assert summary.rejected == 0 and summary.quarantined == 0, (replica.name, summary)
        return assert_converged(self.engine, self.world.office_a, [r.store for r in everyone], ledger)


def make_server_engine(settings: Settings) -> Engine:
    from coachdesk.server import db

    return db.make_engine(settings)


def assert_converged(engine: Engine, office_id: str, stores: list[Store], ledger: Ledger | None = None,
                     ) -> Snapshot:
    on_server = server_snapshot(engine, office_id)
    for store in stores:
        assert outbox_size(store) == 0, "the outbox is not empty after a clean sync"
        assert not batch_in_flight(store)
        local = store_snapshot(store)
        assert checksum(local) == checksum(on_server), diff(local, on_server)
        assert row_counts(local) == row_counts(on_server)
    if ledger is not None:
        ledger.check(on_server)
        counts = row_counts(on_server)
        for table, made in ledger.created.items():  # nothing duplicated: exactly the rows made
            assert counts[table] == made, f"{table}: {counts[table]} rows on the server, {made} created"
    conflicts = server_conflicts(engine, office_id)
    for store in stores:
        assert store_conflicts(store) == conflicts
    return on_server


def wall_offset(store: Store, seconds: Callable[[], float]) -> None:
    """Run this replica's hybrid logical clock on a wall clock ``seconds()`` off the real one."""
    store.clock._wall = lambda: time.time_ns() // 1_000_000 + int(seconds() * 1000)


def applied_batches(engine: Engine, device_id: str) -> int:
    """Batches the server applied for a device (a resent batch is answered from storage, not applied)."""
    from coachdesk.server.tables import audit_log

    with engine.connect() as conn:
        return len(conn.execute(select(audit_log.c.id).where(audit_log.c.device_id == device_id,
                                                            audit_log.c.action == "push")).all())


def stored_batches(engine: Engine, device_id: str) -> int:
    from coachdesk.server.tables import sync_batches

    with engine.connect() as conn:
        return len(conn.execute(select(sync_batches.c.batch_id)
                                .where(sync_batches.c.device_id == device_id)).all())


# --- writes as the app makes them, recorded in a ledger ---------------------------------------------------


def create_participant(replica: Replica, ledger: Ledger, given_name: str = "Nadia",
                       family_name: str = "Warsame", **fields: Any) -> str:
    from coachdesk.services.participants import ParticipantService

    made = ParticipantService(replica.store).create({"given_name": given_name, "family_name": family_name,
                                                     **fields})
    ledger.create("participants", made.id, given_name=given_name, family_name=family_name, **fields)
    return made.id


def edit_participant(replica: Replica, ledger: Ledger, participant_id: str, **fields: Any) -> None:
    from coachdesk.services.participants import ParticipantService

    ParticipantService(replica.store).update(participant_id, fields)
    ledger.write("participants", participant_id, **fields)


def delete_participant(replica: Replica, ledger: Ledger, participant_id: str) -> None:
    from coachdesk.services.participants import ParticipantService

    ParticipantService(replica.store).delete(participant_id)
    ledger.write("participants", participant_id, deleted=True)


def write_journal(replica: Replica, ledger: Ledger, participant_id: str, body: str) -> str:
    from coachdesk.services.journal import JournalService

    entry = JournalService(replica.store).write(participant_id, body)
    ledger.create("journal_entries", entry.id, participant_id=participant_id, body=body)
    return entry.id
