"""``coachdesk login``, ``coachdesk sync`` and ``coachdesk sync-status``, headless, as a script runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachdesk.cli import main
from coachdesk.models.store import open_store
from coachdesk.services.participants import ParticipantService
from coachdesk.vault import Vault
from tests.conftest import PASSPHRASE
from tests.integration.server.helpers import PASSWORD, free_port
from tests.integration.sync.helpers import VaultTemplate, count


@pytest.fixture
def vault_dir(vault_template: VaultTemplate, tmp_path: Path) -> Path:
    folder = vault_template.copy(tmp_path / "cli-vault")
    vault = Vault(folder)
    store = open_store(vault.db_path, vault_template.key, backup_dir=vault.backup_dir)
    ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    store.close()
    return folder


@pytest.fixture(autouse=True)
def _scripted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACHDESK_LANGUAGE", "en")
    monkeypatch.setenv("COACHDESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("COACHDESK_PASSWORD", PASSWORD)


def test_login_then_sync_then_status(vault_dir: Path, vault_template: VaultTemplate, server_url: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(vault_dir)
    assert main(["sync-status", "--data-dir", folder]) == 0
    assert "Not signed in" in capsys.readouterr().out
    assert main(["login", "--data-dir", folder, "--server", server_url, "--user", "anna"]) == 0
    assert "Signed in to" in capsys.readouterr().out

    assert main(["sync", "--data-dir", folder]) == 0
    out = capsys.readouterr().out
    assert "Sent 2 changes" in out and "Still to send: 0." in out

    assert main(["sync-status", "--data-dir", folder]) == 0
    out = capsys.readouterr().out
    assert "user: anna, signed in: yes" in out and "Changes to send: 0." in out
    vault = Vault(vault_dir)
    store = open_store(vault.db_path, vault_template.key, backup_dir=vault.backup_dir)
    try:
        assert count(store, "SELECT count(*) FROM outbox") == 0
    finally:
        store.close()


def test_failures_are_one_sentence_and_a_non_zero_status(vault_dir: Path, server_url: str,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = str(vault_dir)
    assert main(["sync", "--data-dir", folder]) == 1
    assert capsys.readouterr().err.strip() == "Sign in to the sync server to sync."

    monkeypatch.setenv("COACHDESK_PASSWORD", "not the password")
    assert main(["login", "--data-dir", folder, "--server", server_url, "--user", "anna"]) == 1
    assert capsys.readouterr().err.strip() == "Wrong user name or password."

    unreachable = f"http://127.0.0.1:{free_port()}"
    assert main(["login", "--data-dir", folder, "--server", unreachable, "--user", "anna"]) == 1
    captured = capsys.readouterr()
    assert "cannot be reached" in captured.err and "Traceback" not in captured.err
