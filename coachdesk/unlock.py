"""Create or unlock a vault and open its store: the one path the CLI and the desktop app share."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from coachdesk.i18n import _
from coachdesk.models.store import Store, open_store
from coachdesk.vault import KdfParams, UnlockTimings, Vault


@dataclass(frozen=True)
class OpenTimings:
    derive_ms: float
    unwrap_ms: float
    open_ms: float


def create_vault(data_dir: Path, passphrase: str, *, kdf: KdfParams | None = None) -> Store:
    """Make a new vault in ``data_dir`` and return its open, empty store."""
    vault = Vault(data_dir)
    key = vault.create(passphrase, kdf=kdf)
    try:
        return open_store(vault.db_path, key, backup_dir=vault.backup_dir,
                          office_name=_("My office"), owner_name=_("Coach"))
    except BaseException:
        # A half-made vault would refuse the next attempt with "already exists".
        vault.key_path.unlink(missing_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(vault.db_path) + suffix).unlink(missing_ok=True)
        raise


def unlock_vault(data_dir: Path, passphrase: str) -> tuple[Store, OpenTimings]:
    """Unlock the vault in ``data_dir``; a wrong passphrase raises before any file is opened."""
    vault = Vault(data_dir)
    key, timings = vault.unlock(passphrase)
    start = time.perf_counter()
    store = open_store(vault.db_path, key, backup_dir=vault.backup_dir)
    return store, _timings(timings, (time.perf_counter() - start) * 1000)


def _timings(unlock: UnlockTimings, open_ms: float) -> OpenTimings:
    return OpenTimings(unlock.derive_ms, unlock.unwrap_ms, open_ms)
