"""The vault: a random database key, wrapped by a key derived from the passphrase (Argon2id + AES-GCM).

Files in the data directory: ``coachdesk.db`` (SQLCipher) and ``coachdesk.key`` (JSON, no personal data).
Changing the passphrase re-wraps the same database key; the database is never re-encrypted.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from coachdesk.errors import (
    VaultDamagedError,
    VaultExistsError,
    VaultNotFoundError,
    WeakPassphraseError,
    WrongPassphraseError,
)
from coachdesk.i18n import _

DB_NAME = "coachdesk.db"
KEY_NAME = "coachdesk.key"
BACKUP_DIR = "backups"
_FORMAT = "coachdesk-vault"
_VERSION = 1
MIN_MEMORY_KIB = 64 * 1024
MIN_PASSPHRASE_LENGTH = 10


def check_passphrase(passphrase: str) -> None:
    """The one rule for a new passphrase, whichever front end asks; raises ``WeakPassphraseError``."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphraseError(_("The passphrase must be at least {count} characters long.").format(
            count=MIN_PASSPHRASE_LENGTH))


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost; stored in the key file so each vault keeps the cost it was made with."""

    memory_kib: int = 128 * 1024
    time_cost: int = 3
    parallelism: int = 4

    @classmethod
    def calibrate(cls, target_seconds: float = 0.6) -> KdfParams:
        """Choose a time cost that takes about ``target_seconds`` on this machine (at least 2 passes)."""
        probe = cls(time_cost=2)
        timings = []
        for _attempt in range(3):  # the fastest of three: one probe on a busy machine overestimates badly
            start = time.perf_counter()
            _derive(b"calibration", os.urandom(16), probe)
            timings.append(time.perf_counter() - start)
        per_pass = min(timings) / probe.time_cost
        passes = round(target_seconds / max(per_pass, 1e-3))
        return cls(memory_kib=probe.memory_kib, time_cost=min(max(passes, 2), 24),
                   parallelism=probe.parallelism)


@dataclass(frozen=True)
class UnlockTimings:
    derive_ms: float
    unwrap_ms: float


def _derive(passphrase: bytes, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        passphrase, salt, params.time_cost, params.memory_kib, params.parallelism, 32, Type.ID
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _aad(header: dict[str, Any]) -> bytes:
    # Binding the header (format, KDF parameters, salt) to the ciphertext makes any edit to it fail to unwrap.
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _wrap(db_key: bytes, passphrase: str, params: KdfParams) -> dict[str, Any]:
    salt = os.urandom(16)
    header = {"format": _FORMAT, "version": _VERSION, "kdf": {"name": "argon2id", **asdict(params),
              "salt": _b64(salt)}, "cipher": "AES-256-GCM"}
    wrapping_key = _derive(passphrase.encode("utf-8"), salt, params)
    nonce = os.urandom(12)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, db_key, _aad(header))
    return {**header, "nonce": _b64(nonce), "wrapped_key": _b64(wrapped)}


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Vault:
    """The key file and database paths of one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def key_path(self) -> Path:
        return self.data_dir / KEY_NAME

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / BACKUP_DIR

    def exists(self) -> bool:
        return self.key_path.is_file()

    def create(self, passphrase: str, *, kdf: KdfParams | None = None) -> bytes:
        """Make a new random database key, wrap it, and return it. Refuses to replace a vault."""
        if self.exists() or self.db_path.exists():
            raise VaultExistsError(_("A vault already exists in this folder."))
        check_passphrase(passphrase)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.data_dir, 0o700)
        db_key = secrets.token_bytes(32)
        record = _wrap(db_key, passphrase, kdf or KdfParams.calibrate())
        _write_atomically(self.key_path, json.dumps(record, indent=2).encode("utf-8"))
        return db_key

    def _read(self) -> dict[str, Any]:
        if not self.exists():
            raise VaultNotFoundError(_("There is no vault in this folder yet. Create one first."))
        try:
            record = json.loads(self.key_path.read_bytes())
            if record.get("format") != _FORMAT or record.get("version") != _VERSION:
                raise ValueError("format")
            return dict(record)
        except (ValueError, UnicodeDecodeError) as exc:
            raise VaultDamagedError(
                _("The vault's key file is damaged. Restore it from a backup.")
            ) from exc

    def unlock(self, passphrase: str) -> tuple[bytes, UnlockTimings]:
        """Return the database key, or raise ``WrongPassphraseError``; never writes anything."""
        record = self._read()
        try:
            kdf = record["kdf"]
            params = KdfParams(int(kdf["memory_kib"]), int(kdf["time_cost"]), int(kdf["parallelism"]))
            salt = base64.b64decode(kdf["salt"], validate=True)
            nonce = base64.b64decode(record["nonce"], validate=True)
            wrapped = base64.b64decode(record["wrapped_key"], validate=True)
            header = {k: v for k, v in record.items() if k not in ("nonce", "wrapped_key")}
        except (KeyError, TypeError, ValueError) as exc:
            raise VaultDamagedError(
                _("The vault's key file is damaged. Restore it from a backup.")
            ) from exc
        start = time.perf_counter()
        wrapping_key = _derive(passphrase.encode("utf-8"), salt, params)
        derived = time.perf_counter()
        try:
            db_key = AESGCM(wrapping_key).decrypt(nonce, wrapped, _aad(header))
        except InvalidTag:
            raise WrongPassphraseError(_("Wrong passphrase. Check it and try again.")) from None
        done = time.perf_counter()
        return db_key, UnlockTimings((derived - start) * 1000, (done - derived) * 1000)

    def change_passphrase(self, old: str, new: str, *, kdf: KdfParams | None = None) -> None:
        """Re-wrap the same database key under a new passphrase."""
        check_passphrase(new)
        db_key, _timings = self.unlock(old)
        record = _wrap(db_key, new, kdf or KdfParams.calibrate())
        _write_atomically(self.key_path, json.dumps(record, indent=2).encode("utf-8"))
