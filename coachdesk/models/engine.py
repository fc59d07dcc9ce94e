"""SQLAlchemy engines on SQLCipher 4. The only place that opens the local database file."""

from __future__ import annotations

import logging
import weakref
from pathlib import Path
from types import ModuleType
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import QueuePool

from coachdesk.errors import NotSQLCipherError, VaultDamagedError, VaultLockedError
from coachdesk.i18n import _
from coachdesk.models.textfold import fold, identifier_terms, sort_key

# SQLAlchemy logs result rows at DEBUG, and rows hold personal data; hide_parameters does not cover them.
logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)

# Set only after the file has been shown to decrypt, so a damaged or foreign file is never written to.
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA secure_delete = ON",
    "PRAGMA busy_timeout = 5000",
    # 32 MiB of page cache per connection (the default is 2 MiB): at 100,000 participants a search reads
    # the index and full-text pages again and again; decrypting them anew each time is what is slow.
    "PRAGMA cache_size = -32768",
)


def register_functions(conn: Any) -> None:
    """SQL functions the search triggers call; every connection needs them."""
    conn.create_function("cd_fold", 1, fold, deterministic=True)
    conn.create_function("cd_ident", 2, identifier_terms, deterministic=True)
    conn.create_function("cd_sortkey", 2, sort_key, deterministic=True)


def connect(path: Path, key: bytes, *, driver: ModuleType = sqlcipher) -> Any:
    """Open one keyed DB-API connection, or raise; never leaves an unverified connection open."""
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    conn = driver.connect(str(path), check_same_thread=False)
    try:
        # The key must be the very first statement; a raw key skips SQLCipher's own PBKDF2
        # because the vault already derived it with Argon2id.
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        row = conn.execute("PRAGMA cipher_version").fetchone()
        if not row or not row[0]:
            # Plain sqlite3 accepts PRAGMA key silently and would write plaintext.
            raise NotSQLCipherError(_("The database driver does not encrypt. Refusing to open."))
        # SQLCipher writes its own diagnostics to stderr; CoachDesk reports errors itself.
        conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except driver.DatabaseError as exc:
            raise VaultDamagedError(
                _("The database cannot be read: it is damaged or belongs to another vault. "
                  "Restore it from a backup.")
            ) from exc
        for pragma in PRAGMAS:
            conn.execute(pragma).fetchall()
        register_functions(conn)
    except BaseException:
        conn.close()
        raise
    return conn


class _Key:
    """The database key an engine's new connections use, until the vault locks and it is forgotten."""

    def __init__(self, key: bytes) -> None:
        self._key: bytes | None = key

    def get(self) -> bytes:
        if self._key is None:
            raise VaultLockedError(_("CoachDesk is locked. Unlock it to go on."))
        return self._key

    def forget(self) -> None:
        self._key = None


# Per engine; weak, so a disposed and dropped engine takes its entry with it.
_KEYS: weakref.WeakKeyDictionary[Engine, _Key] = weakref.WeakKeyDictionary()


def make_engine(path: Path, key: bytes, *, driver: ModuleType = sqlcipher) -> Engine:
    """An engine whose every connection is keyed and verified; parameters never reach logs."""
    # Open once now so a wrong driver or a damaged file fails here, not at first use.
    connect(path, key, driver=driver).close()
    held = _Key(key)
    engine = create_engine(
        "sqlite://",
        creator=lambda: connect(path, held.get(), driver=driver),
        module=driver,
        # "sqlite://" alone would mean an in-memory database and a pool of one connection per thread.
        poolclass=QueuePool,
        hide_parameters=True,
    )
    _KEYS[engine] = held
    return engine


def forget_key(engine: Engine) -> None:
    """Lock: drop pooled connections and refuse new ones, so work queued after the lock cannot
    quietly reopen the database (the pool would otherwise reconnect with the remembered key)."""
    engine.dispose()
    held = _KEYS.pop(engine, None)
    if held is not None:
        held.forget()
