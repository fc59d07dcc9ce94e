"""Engines for the server database (SQLite file or PostgreSQL) and its Alembic migrations."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, make_url

from coachdesk.server.settings import Settings

_SCRIPTS = Path(__file__).resolve().parent / "migrations"
_WRITE = "coachdesk_write"

# Result rows hold personal data; SQLAlchemy logs them at DEBUG whatever hide_parameters says.
logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)


def make_engine(settings: Settings) -> Engine:
    """An engine whose SQL parameters never reach logs or error messages."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(settings)
    # No pre-ping: it costs a round trip per transaction. A connection broken by a database restart
    # fails one request with 503 ``server_busy`` and is replaced; recycling bounds their age anyway.
    return create_engine(
        url, hide_parameters=True, pool_size=settings.pool_size, max_overflow=settings.max_overflow,
        pool_timeout=settings.pool_timeout_s, pool_recycle=1800,
    )


def _sqlite_engine(settings: Settings) -> Engine:
    url = make_url(settings.database_url)
    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, hide_parameters=True, pool_timeout=settings.pool_timeout_s,
                           connect_args={"timeout": 60, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy emits BEGIN itself (below), so pysqlite must not start transactions on its own.
        dbapi_connection.isolation_level = None
        for pragma in ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
                       "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 60000"):
            dbapi_connection.execute(pragma).fetchall()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # A writer takes the write lock up front: upgrading a read transaction later can fail at once
        # with "database is locked" instead of waiting its turn.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A read-write transaction, committed when the block ends without an exception."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def reading(engine: Engine, *, snapshot: bool = True) -> Iterator[Connection]:
    """A read transaction; with ``snapshot`` its queries all see one snapshot (a pull's must agree).

    SQLite's read transactions are snapshots already. On PostgreSQL the level is set for this transaction
    only, as its first statement: one command, and nothing to reset when the connection goes back.
    """
    with engine.connect() as conn, conn.begin():
        if snapshot and not is_sqlite(engine):
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield conn


# --- migrations ---------------------------------------------------------------------------------------


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_SCRIPTS))
    cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    with writing(engine) as conn:
        command.upgrade(_config(conn), target)


def downgrade(engine: Engine, target: str) -> None:
    with writing(engine) as conn:
        command.downgrade(_config(conn), target)
