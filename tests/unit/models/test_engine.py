from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from coachdesk.errors import NotSQLCipherError, VaultDamagedError, VaultLockedError
from coachdesk.models.engine import make_engine
from coachdesk.models.store import Store
from coachdesk.unlock import create_vault
from coachdesk.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE


def test_plain_sqlite_cannot_read_the_database(store: Store, data_dir: Path) -> None:
    conn = sqlite3.connect(Vault(data_dir).db_path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_engine_factory_refuses_a_driver_that_does_not_encrypt(tmp_path: Path) -> None:
    target = tmp_path / "plain.db"
    with pytest.raises(NotSQLCipherError):
        make_engine(target, bytes(32), driver=sqlite3)
    assert not target.exists() or b"SQLite format 3" not in target.read_bytes()


def test_connections_are_hardened(store: Store) -> None:
    with store.engine.connect() as conn:
        def pragma(name: str) -> object:
            return conn.execute(text(f"PRAGMA {name}")).scalar()

        assert pragma("cipher_version")
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("temp_store") == 2  # MEMORY
        assert pragma("secure_delete") == 1


def test_parameters_never_appear_in_errors(store: Store) -> None:
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from coachdesk.models import Enrollment

    marker = "Personal-Marker-Zq81"
    with pytest.raises(IntegrityError) as caught, store.session() as session, session.begin():
        session.execute(insert(Enrollment).values(
            id="x", office_id="o", updated_hlc="", deleted=False, participant_id=marker,
            programme="introduction", start_date=None, length_weeks=4, planned_end_date=None))
    assert marker not in str(caught.value)


def test_a_wrong_key_is_refused_before_anything_is_written(store: Store, data_dir: Path) -> None:
    store.close()
    db = Vault(data_dir).db_path
    before = db.read_bytes()
    with pytest.raises(VaultDamagedError):
        make_engine(db, b"\x01" * 32)
    assert db.read_bytes() == before


def test_a_closed_store_cannot_reopen_the_database(data_dir: Path) -> None:
    """Work queued before a lock and run after it must not quietly reconnect with the old key."""
    store = create_vault(data_dir, PASSPHRASE, kdf=FAST_KDF)
    with store.session() as session:
        assert session.scalar(text("SELECT count(*) FROM participants")) == 0
    store.close()
    with pytest.raises(VaultLockedError), store.session() as session:
        session.scalar(text("SELECT count(*) FROM participants"))
