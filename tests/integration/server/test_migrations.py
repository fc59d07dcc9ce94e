"""Alembic owns the server schema: the migrations build exactly the tables the code declares, and go
down and up again, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select

from coachdesk.server import db
from coachdesk.server.tables import metadata, sync_counter
from tests.integration.server.conftest import BACKENDS, _fresh_database


@pytest.fixture(params=BACKENDS)
def server_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own (not the shared one): these tests take the schema down."""
    yield from _fresh_database(request, request.param, tmp_path, shared=False)


def test_the_migrated_schema_is_the_declared_schema(engine: Engine) -> None:
    assert db.current_revision(engine) == db.head_revision()
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        assert conn.execute(select(sync_counter.c.id, sync_counter.c.value)).all() == [(1, 0)]


def test_downgrade_to_nothing_and_up_again(engine: Engine) -> None:
    db.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    assert {t.name for t in metadata.sorted_tables} <= set(inspect(engine).get_table_names())
