"""The throwaway PostgreSQL harness itself: it starts, serves, isolates and cleans up after itself."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from tests import pgcluster
from tests.pgcluster import (
    OWNER_FILE,
    PgStartError,
    PgUnavailable,
    create_database,
    running_cluster,
)


@contextmanager
def engine(url: str) -> Iterator[Engine]:
    eng = sa.create_engine(url)
    try:
        yield eng
    finally:
        eng.dispose()


def accepts_connections(url: str) -> bool:
    parsed = make_url(url)
    try:
        with psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username,
                             dbname=parsed.database, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def test_session_cluster_serves_reads_and_writes(pg_url: str) -> None:
    parsed = make_url(pg_url)
    assert (parsed.drivername, parsed.username, parsed.host, parsed.database) == (
        "postgresql+psycopg", "coachdesk", "127.0.0.1", "postgres")
    with engine(pg_url) as eng:
        with eng.begin() as conn:
            conn.execute(sa.text("CREATE TABLE harness_probe (id int PRIMARY KEY, note text NOT NULL)"))
            conn.execute(sa.text("INSERT INTO harness_probe VALUES (1, 'hej'), (2, 'ሰላም')"))
        with eng.connect() as conn:
            rows = conn.execute(sa.text("SELECT id, note FROM harness_probe ORDER BY id")).all()
            settings = {name: conn.execute(sa.text(f"SHOW {name}")).scalar_one()
                        for name in ("fsync", "synchronous_commit", "full_page_writes", "max_connections",
                                     "listen_addresses", "server_encoding")}
        with eng.begin() as conn:
            conn.execute(sa.text("DROP TABLE harness_probe"))
    assert [tuple(row) for row in rows] == [(1, "hej"), (2, "ሰላም")]
    assert settings["fsync"] == settings["synchronous_commit"] == settings["full_page_writes"] == "off"
    assert int(settings["max_connections"]) >= 250  # 200 benchmark devices plus headroom
    assert settings["listen_addresses"] == "127.0.0.1"
    assert settings["server_encoding"] == "UTF8"


def test_second_cluster_beside_the_first_is_separate_and_removed_even_on_error(pg_url: str) -> None:
    port = pgcluster._free_port()
    directory: Path | None = None
    with pytest.raises(RuntimeError, match="body failed"), running_cluster(port=port) as second:
        directory = second.directory
        assert second.port == port != make_url(pg_url).port
        assert directory.is_dir() and (directory / "data" / "postmaster.pid").exists()
        with engine(pg_url) as first_eng, engine(second.url) as second_eng:
            with second_eng.begin() as conn:
                conn.execute(sa.text("CREATE TABLE only_in_second (x int)"))
            with first_eng.connect() as conn:  # both serve at once, and they are different clusters
                assert conn.execute(sa.text("SELECT to_regclass('only_in_second')")).scalar() is None
        # A fresh database per test, for suites that want isolation.
        fresh = create_database(second.url, "isolated_db")
        assert make_url(fresh).database == "isolated_db" and accepts_connections(fresh)
        raise RuntimeError("body failed")
    assert directory is not None and not directory.exists()
    assert not accepts_connections(f"postgresql+psycopg://coachdesk@127.0.0.1:{port}/postgres")
    assert accepts_connections(pg_url)  # the first one is untouched


def test_cluster_left_by_a_killed_run_is_stopped_and_removed() -> None:
    with running_cluster() as orphan:
        # Pretend the process that started it died without cleaning up (SIGKILL).
        (orphan.directory / OWNER_FILE).write_text("999999999 0")
        assert accepts_connections(orphan.url)
        pgcluster._sweep_leftovers(orphan.directory.parent, pgcluster._require_bindir())
        assert not orphan.directory.exists()
        assert not accepts_connections(orphan.url)
    # Leaving the block after the sweep is harmless.


def test_live_owner_is_left_alone(tmp_path: Path) -> None:
    mine = tmp_path / f"{pgcluster.DIR_PREFIX}mine"
    dead = tmp_path / f"{pgcluster.DIR_PREFIX}dead"
    for folder, owner in ((mine, pgcluster._process_token(os.getpid())), (dead, "999999999 0")):
        folder.mkdir()
        (folder / OWNER_FILE).write_text(str(owner))
    pgcluster._sweep_leftovers(tmp_path, Path("/nonexistent"))  # nothing to stop: no postmaster.pid
    assert mine.exists() and not dead.exists()


def test_start_failure_reports_the_server_log_and_cleans_up() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        before = set(pgcluster._base_dir().glob(f"{pgcluster.DIR_PREFIX}*"))
        with pytest.raises(PgStartError, match="Address already in use"), running_cluster(port=port):
            pytest.fail("started on a port that is taken")
    # Nothing of ours is left but the per-process initdb template (removed at exit).
    leftovers = set(pgcluster._base_dir().glob(f"{pgcluster.DIR_PREFIX}*")) - before
    assert not [p for p in leftovers if "template-" not in p.name
                and (p / OWNER_FILE).read_text(errors="replace").startswith(f"{os.getpid()} ")]


def test_missing_binaries_without_root_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pgcluster, "find_pg_bindir", lambda: None)
    monkeypatch.setattr(pgcluster, "_is_root", lambda: False)
    assert not pgcluster.pg_available()
    with pytest.raises(PgUnavailable, match="apt-get install postgresql"), running_cluster():
        pytest.fail("started without binaries")


def test_a_wrong_bindir_override_is_reported_not_installed(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    monkeypatch.setenv("COACHDESK_PG_BINDIR", str(tmp_path))
    assert pgcluster.find_pg_bindir() is None and not pgcluster.pg_available()
    with pytest.raises(PgUnavailable, match="COACHDESK_PG_BINDIR"), running_cluster():
        pytest.fail("started without binaries")


def test_binaries_are_found_here() -> None:
    bindir = pgcluster.find_pg_bindir()
    assert bindir is not None and (bindir / "pg_ctl").exists()
    assert pgcluster.pg_available()
