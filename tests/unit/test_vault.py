from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachdesk.errors import (
    VaultDamagedError,
    VaultExistsError,
    VaultNotFoundError,
    WeakPassphraseError,
    WrongPassphraseError,
)
from coachdesk.vault import MIN_MEMORY_KIB, KdfParams, Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.helpers import snapshot


def test_create_then_unlock_returns_the_same_random_key(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    key = vault.create(PASSPHRASE, kdf=FAST_KDF)
    unlocked, timings = vault.unlock(PASSPHRASE)
    assert unlocked == key and len(key) == 32
    assert timings.derive_ms > 0
    assert key != Vault(tmp_path / "other").create(PASSPHRASE, kdf=FAST_KDF)


def test_key_file_holds_no_key_and_no_passphrase(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    key = vault.create(PASSPHRASE, kdf=FAST_KDF)
    raw = vault.key_path.read_bytes()
    assert PASSPHRASE.encode() not in raw
    assert key not in raw and key.hex().encode() not in raw
    assert json.loads(raw)["kdf"]["name"] == "argon2id"


def test_wrong_passphrase_raises_and_leaves_files_byte_identical(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    vault.create(PASSPHRASE, kdf=FAST_KDF)
    before = snapshot(tmp_path)
    with pytest.raises(WrongPassphraseError, match="Wrong passphrase"):
        vault.unlock("not the passphrase")
    assert snapshot(tmp_path) == before


def test_change_passphrase_rewraps_the_same_key(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    key = vault.create(PASSPHRASE, kdf=FAST_KDF)
    vault.db_path.write_bytes(b"stand-in for the encrypted database")
    db_before = vault.db_path.read_bytes()
    vault.change_passphrase(PASSPHRASE, "a brand new passphrase", kdf=FAST_KDF)
    assert vault.unlock("a brand new passphrase")[0] == key
    with pytest.raises(WrongPassphraseError):
        vault.unlock(PASSPHRASE)
    assert vault.db_path.read_bytes() == db_before


def test_change_passphrase_with_wrong_old_one_changes_nothing(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    vault.create(PASSPHRASE, kdf=FAST_KDF)
    before = snapshot(tmp_path)
    with pytest.raises(WrongPassphraseError):
        vault.change_passphrase("wrong", "new passphrase here", kdf=FAST_KDF)
    assert snapshot(tmp_path) == before


def test_tampered_kdf_parameters_do_not_unlock(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    vault.create(PASSPHRASE, kdf=FAST_KDF)
    record = json.loads(vault.key_path.read_text())
    record["kdf"]["time_cost"] += 1  # a downgrade attack edits the header; the AEAD binds it
    vault.key_path.write_text(json.dumps(record))
    with pytest.raises(WrongPassphraseError):
        vault.unlock(PASSPHRASE)


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"format": "other"}', b"\xff\xfe"])
def test_damaged_key_file_is_reported_clearly(tmp_path: Path, content: bytes) -> None:
    vault = Vault(tmp_path)
    vault.create(PASSPHRASE, kdf=FAST_KDF)
    vault.key_path.write_bytes(content)
    with pytest.raises(VaultDamagedError, match="key file is damaged"):
        vault.unlock(PASSPHRASE)


def test_key_file_missing_fields_is_damaged(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    vault.create(PASSPHRASE, kdf=FAST_KDF)
    record = json.loads(vault.key_path.read_text())
    del record["wrapped_key"]
    vault.key_path.write_text(json.dumps(record))
    with pytest.raises(VaultDamagedError):
        vault.unlock(PASSPHRASE)


def test_refuses_to_overwrite_an_existing_vault(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    vault.create(PASSPHRASE, kdf=FAST_KDF)
    before = snapshot(tmp_path)
    with pytest.raises(VaultExistsError):
        vault.create("another passphrase", kdf=FAST_KDF)
    assert snapshot(tmp_path) == before


def test_unlocking_an_empty_folder_says_there_is_no_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFoundError):
        Vault(tmp_path).unlock(PASSPHRASE)


def test_production_kdf_uses_at_least_64_mib_and_two_passes() -> None:
    params = KdfParams.calibrate(target_seconds=0.05)
    assert params.memory_kib >= MIN_MEMORY_KIB
    assert params.time_cost >= 2


@pytest.mark.parametrize("weak", ["", "short", "123456789"])
def test_the_vault_itself_refuses_a_short_passphrase_and_writes_nothing(
    tmp_path: Path, weak: str
) -> None:
    with pytest.raises(WeakPassphraseError, match="at least 10 characters"):
        Vault(tmp_path / "new").create(weak, kdf=FAST_KDF)
    assert not (tmp_path / "new").exists()
    vault = Vault(tmp_path / "old")
    vault.create(PASSPHRASE, kdf=FAST_KDF)
    before = snapshot(vault.data_dir)
    with pytest.raises(WeakPassphraseError):
        vault.change_passphrase(PASSPHRASE, weak, kdf=FAST_KDF)
    assert snapshot(vault.data_dir) == before
