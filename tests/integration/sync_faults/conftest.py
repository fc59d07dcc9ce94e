"""Fixtures of the fault suite: a real server on 127.0.0.1 behind a fault proxy.

One uvicorn and one proxy serve the whole session; each test gets its own copy of a migrated, seeded
database, swapped into the running server. Tests that restart the server get a server of their own.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coachdesk.server import db
from coachdesk.server.context import ServerContext
from coachdesk.server.passwords import Passwords
from coachdesk.server.settings import Settings
from tests.integration.server.helpers import FAST_PASSWORDS, MovableClock, World, seed
from tests.integration.sync.conftest import server_template, vault_template
from tests.integration.sync.helpers import VaultTemplate
from tests.integration.sync_faults.harness import FrozenScenes, RestartableServer, Rig, SharedServer
from tests.integration.sync_faults.proxy import FaultProxy

__all__ = ["frozen_scenes", "restartable_rig", "rig", "seeded_server", "server_template", "shared",
           "vault_template"]


@dataclass(frozen=True)
class Seeded:
    path: Path
    world: World


@dataclass(frozen=True)
class Shared:
    server: SharedServer
    proxy: FaultProxy


def _settings(path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{path}", password=FAST_PASSWORDS)


@pytest.fixture(scope="session")
def seeded_server(server_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """A migrated server database with the test world's offices and accounts."""
    path = tmp_path_factory.mktemp("faults-seeded") / "server.db"
    shutil.copyfile(server_template, path)
    settings = _settings(path)
    engine = db.make_engine(settings)
    world = seed(ServerContext(settings=settings, engine=engine, passwords=Passwords(settings.password),
                               now=MovableClock().now, sleep=lambda _s: None))
    engine.dispose()
    return Seeded(path, world)


@pytest.fixture(scope="session")
def frozen_scenes(tmp_path_factory: pytest.TempPathFactory) -> FrozenScenes:
    return FrozenScenes(tmp_path_factory.mktemp("faults-scenes"))


@pytest.fixture(scope="session")
def shared(seeded_server: Seeded, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shared]:
    first = tmp_path_factory.mktemp("faults-shared") / "server.db"
    shutil.copyfile(seeded_server.path, first)
    server = SharedServer(_settings(first), MovableClock())
    proxy = FaultProxy(server.port)
    yield Shared(server, proxy)
    proxy.close()
    server.stop()


def _database(seeded: Seeded, folder: Path) -> tuple[Settings, MovableClock]:
    target = folder / "server.db"
    shutil.copyfile(seeded.path, target)
    return _settings(target), MovableClock()


@pytest.fixture
def rig(shared: Shared, seeded_server: Seeded, vault_template: VaultTemplate, tmp_path: Path,
        ) -> Iterator[Rig]:
    shared.proxy.reset()
    settings, clock = _database(seeded_server, tmp_path)
    made = Rig(server_url=shared.server.url, proxy=shared.proxy, engine=db.make_engine(settings),
               settings=settings, world=seeded_server.world, clock=clock, template=vault_template,
               folder=tmp_path, swap=shared.server.use)
    shared.server.use(settings, clock)
    try:
        yield made
    finally:
        for replica in made.replicas:
            replica.close()
        made.engine.dispose()
        shared.proxy.reset()


@pytest.fixture
def restartable_rig(seeded_server: Seeded, vault_template: VaultTemplate, tmp_path: Path,
                    ) -> Iterator[tuple[Rig, RestartableServer]]:
    """A rig whose server is its own, to stop and start again on the same port and database."""
    settings, clock = _database(seeded_server, tmp_path)
    server = RestartableServer(settings, clock)
    server.start()
    proxy = FaultProxy(server.port)
    made = Rig(server_url=server.url, proxy=proxy, engine=db.make_engine(settings), settings=settings,
               world=seeded_server.world, clock=clock, template=vault_template, folder=tmp_path)
    try:
        yield made, server
    finally:
        for replica in made.replicas:
            replica.close()
        proxy.close()
        server.stop()
        made.engine.dispose()
