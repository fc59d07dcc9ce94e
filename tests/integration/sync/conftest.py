"""A real ``coachdesk-server`` (SQLite) on 127.0.0.1 and quick vaults for the devices that sync with it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from coachdesk.models.store import Store
from coachdesk.server import db
from coachdesk.server.app import create_app
from coachdesk.server.context import ServerContext
from coachdesk.server.passwords import Passwords
from coachdesk.server.settings import Settings
from tests.integration.server.helpers import FAST_PASSWORDS, MovableClock, World, live_server, seed
from tests.integration.sync.helpers import VaultTemplate


@pytest.fixture(scope="session")
def server_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sync-server-template") / "server.db"
    engine = db.make_engine(Settings(database_url=f"sqlite:///{path}"))
    db.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def vault_template(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplate:
    return VaultTemplate.make(tmp_path_factory.mktemp("sync-vault-template") / "vault")


@pytest.fixture
def server_clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def server_settings(server_template: Path, tmp_path: Path) -> Settings:
    target = tmp_path / "server.db"
    shutil.copyfile(server_template, target)
    return Settings(database_url=f"sqlite:///{target}", password=FAST_PASSWORDS)


@pytest.fixture
def server_engine(server_settings: Settings) -> Iterator[Engine]:
    engine = db.make_engine(server_settings)
    yield engine
    engine.dispose()


@pytest.fixture
def server_ctx(server_settings: Settings, server_engine: Engine, server_clock: MovableClock) -> ServerContext:
    """What ``coachdesk-server`` commands work on: for changing accounts while devices sync."""
    return ServerContext(settings=server_settings, engine=server_engine,
                         passwords=Passwords(server_settings.password), now=server_clock.now,
                         sleep=lambda _s: None)


@pytest.fixture
def world(server_ctx: ServerContext) -> World:
    return seed(server_ctx)


@pytest.fixture
def server_url(server_settings: Settings, server_engine: Engine, server_clock: MovableClock,
               world: World) -> Iterator[str]:
    app = create_app(server_settings, engine=server_engine, now=server_clock.now, sleep=lambda _s: None)
    with live_server(app) as url:
        yield url


@pytest.fixture
def new_store(vault_template: VaultTemplate, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    opened: list[Store] = []

    def make() -> Store:
        store = vault_template.store(tmp_path)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()
