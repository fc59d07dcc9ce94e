"""Transactions of the sync engine on the local store.

Each begins with a write so it holds SQLite's write lock from its first statement: a transaction that read
first and wrote later could fail when the user saved something in between (a stale WAL snapshot cannot be
upgraded to a writer). A user's save waits for it instead (``busy_timeout``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text

from coachdesk.models.capture import capture_off


def _lock(conn: Connection) -> None:
    conn.execute(text("UPDATE local_meta SET value = value WHERE key = 'device_id'"))


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction with change capture on (local edits made by the sync client itself)."""
    with engine.connect() as conn:
        _lock(conn)
        yield conn
        conn.commit()


@contextmanager
def applying(engine: Engine) -> Iterator[Connection]:
    """One write transaction for pulled changes: capture off and foreign keys off on this connection.

    Foreign keys are off because the server's order is not the models' (a goal may arrive before its
    participant, a page boundary may fall between them); the pull sequence brings both.
    """
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction: set before it
        try:
            with capture_off(conn):
                _lock(conn)
                yield conn
                conn.commit()
        finally:
            conn.rollback()
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
