"""Local schema migrations (Alembic), with an encrypted backup before an older vault is upgraded."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy import Connection, Engine, text

_SCRIPTS = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_SCRIPTS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def synced_revision() -> str:
    """The newest migration that changes the synced schema: the sync protocol's schema version.

    A migration that changes only this device's database (an index) says so with ``SYNCED_SCHEMA = False``
    and is skipped, so clients with and without it still sync with the same server.
    """
    for script in scripts():
        if changes_synced_schema(script):
            return script.revision
    raise AssertionError("no migration defines the synced schema")


def scripts() -> list[Script]:
    """Every migration, newest first."""
    return list(ScriptDirectory.from_config(_config()).walk_revisions())


def changes_synced_schema(script: Script) -> bool:
    return bool(getattr(script.module, "SYNCED_SCHEMA", True))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, db_path: Path, backup_dir: Path, target: str = "head") -> Path | None:
    """Bring the schema to ``target``. Returns the backup made first, if the vault was older."""
    current = current_revision(engine)
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        return None
    backup = _backup(engine, db_path, backup_dir, current) if current is not None else None
    with engine.begin() as conn:
        command.upgrade(_config(conn), target)
    return backup


def _backup(engine: Engine, db_path: Path, backup_dir: Path, revision: str) -> Path:
    # A byte copy of the SQLCipher file stays encrypted under the same key, so the vault's passphrase
    # opens it; checkpointing first puts everything from the WAL into the main file.
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).fetchall()
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"coachdesk-{revision}-{stamp}.db"
    shutil.copyfile(db_path, target)
    return target
