"""Fixtures shared by every suite: real SQLCipher vaults in temporary folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coachdesk import i18n
from coachdesk.models.store import Store
from coachdesk.unlock import create_vault
from coachdesk.vault import KdfParams

PASSPHRASE = "correct horse battery staple"
# Real Argon2id, but cheap: the production cost (>= 64 MiB, ~0.6 s) is tested in test_vault.py.
FAST_KDF = KdfParams(memory_kib=8 * 1024, time_cost=1, parallelism=1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Tests read English messages unless they switch language themselves."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = create_vault(data_dir, PASSPHRASE, kdf=FAST_KDF)
    yield opened
    opened.close()
