"""A truncated or tampered database gives a clear error, never a crash, and is never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachdesk.errors import VaultDamagedError
from coachdesk.models.store import Store
from coachdesk.services.integrity import check
from coachdesk.services.participants import ParticipantService
from coachdesk.unlock import unlock_vault
from coachdesk.vault import Vault
from tests.conftest import PASSPHRASE
from tests.helpers import snapshot


def _filled(store: Store, data_dir: Path) -> Path:
    service = ParticipantService(store)
    for n in range(300):
        service.create({"given_name": f"Name{n}", "family_name": "Family", "dreams": "x" * 500})
    store.close()
    return Vault(data_dir).db_path


def _open_and_check(data_dir: Path) -> bool:
    store, _timings = unlock_vault(data_dir, PASSPHRASE)
    try:
        return check(store).ok
    finally:
        store.close()


def test_intact_vault_checks_ok(store: Store, data_dir: Path) -> None:
    _filled(store, data_dir)
    assert _open_and_check(data_dir)


def test_tampered_first_page_is_refused_and_left_alone(store: Store, data_dir: Path) -> None:
    db = _filled(store, data_dir)
    raw = bytearray(db.read_bytes())
    raw[100] ^= 0xFF
    db.write_bytes(bytes(raw))
    before = snapshot(data_dir)
    with pytest.raises(VaultDamagedError, match="damaged"):
        unlock_vault(data_dir, PASSPHRASE)
    assert snapshot(data_dir) == before


def test_tampered_later_page_is_found_by_check(store: Store, data_dir: Path) -> None:
    db = _filled(store, data_dir)
    raw = bytearray(db.read_bytes())
    middle = len(raw) // 2
    raw[middle:middle + 16] = bytes(16)
    db.write_bytes(bytes(raw))
    before = db.read_bytes()
    assert _open_and_check(data_dir) is False
    assert db.read_bytes() == before


@pytest.mark.parametrize("keep", [0.5, 0.1])
def test_truncated_database_is_reported_and_left_alone(
    store: Store, data_dir: Path, keep: float
) -> None:
    db = _filled(store, data_dir)
    raw = db.read_bytes()
    db.write_bytes(raw[: int(len(raw) * keep)])
    before = db.read_bytes()
    try:
        intact = _open_and_check(data_dir)
    except VaultDamagedError:
        intact = False
    assert intact is False
    assert db.read_bytes() == before


def test_truncated_to_a_few_bytes_is_refused(store: Store, data_dir: Path) -> None:
    db = _filled(store, data_dir)
    db.write_bytes(db.read_bytes()[:10])
    with pytest.raises(VaultDamagedError):
        unlock_vault(data_dir, PASSPHRASE)
    assert db.stat().st_size == 10
