"""Fixtures for the integration suite: one real PostgreSQL cluster per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pgcluster import throwaway_cluster


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """SQLAlchemy URL of a throwaway PostgreSQL cluster on 127.0.0.1, shared by the whole session.

    ``postgresql+psycopg://coachdesk@127.0.0.1:PORT/postgres`` (trust auth). Started only when a test asks
    for it (~1 s), stopped and deleted at the end of the session. Missing binaries are installed with
    apt-get when running as root; otherwise the tests error with ``PgUnavailable`` saying what to install.
    Tests that need isolation can make their own database with ``tests.pgcluster.create_database``.
    """
    with throwaway_cluster() as url:
        yield url
