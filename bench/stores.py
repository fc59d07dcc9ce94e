"""The two stores the encryption-overhead workload compares: SQLCipher, and the same without a key.

The plain baseline is built the way ``coachdesk.models.engine`` builds its engine (same PRAGMAs,
same SQL functions) and goes through ``store_from_engine``, so the only difference is encryption;
no plaintext path is added to the application.

It uses the sqlcipher3 module without ``PRAGMA key`` rather than Python's ``sqlite3``: the
bundled SQLite may be too old for migration 0002 (``contentless_delete`` needs SQLite 3.43), and the
same SQLite build on both sides keeps version differences out of the ratio. Without a key, SQLCipher
attaches no codec and reads and writes plain SQLite pages; ``is_plaintext`` proves it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import create_engine

from coachdesk.models.engine import PRAGMAS, register_functions
from coachdesk.models.store import Store, open_store, store_from_engine

_SQLITE_HEADER = b"SQLite format 3\x00"


def open_encrypted(folder: Path) -> Store:
    folder.mkdir(parents=True, exist_ok=True)
    return open_store(folder / "coachdesk.db", os.urandom(32), backup_dir=folder / "backups")


def _connect_plain(path: Path) -> Any:
    conn = sqlcipher.connect(str(path), check_same_thread=False)
    for pragma in PRAGMAS:
        conn.execute(pragma).fetchall()
    register_functions(conn)
    return conn


def open_plain(folder: Path) -> Store:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "coachdesk.db"
    engine = create_engine("sqlite://", creator=lambda: _connect_plain(path), module=sqlcipher,
                           hide_parameters=True)
    return store_from_engine(engine, path, backup_dir=folder / "backups")


def is_plaintext(folder: Path) -> bool:
    with (folder / "coachdesk.db").open("rb") as fh:
        return fh.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
