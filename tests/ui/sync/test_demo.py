"""``make run``'s sync server (scripts/demo_server.py): demo accounts, the demo vault signed in once, the
server up while the app runs and stopped after it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from coachdesk.sync.session_state import status
from coachdesk.unlock import unlock_vault
from tests.conftest import PASSPHRASE
from tests.integration.server.helpers import free_port
from tests.integration.sync.helpers import VaultTemplate

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "demo_server.py"
# Stands in for the app: succeeds only if the server answers while it runs.
CHECK_SERVER = ("import httpx, sys; "
                "sys.exit(0 if httpx.get(sys.argv[1] + '/healthz').status_code == 200 else 3)")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_server", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _signed_in(vault: Path) -> tuple[str | None, str | None, bool]:
    store, _timings = unlock_vault(vault, PASSPHRASE)
    try:
        current = status(store)
        with store.engine.connect() as conn:
            token = conn.exec_driver_sql("SELECT value FROM local_meta WHERE key = 'sync.token'").scalar()
        return current.username, token, current.signed_in
    finally:
        store.close()


def test_the_demo_server_signs_the_vault_in_once_and_stops_with_the_app(
    tmp_path: Path, vault_template: VaultTemplate, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = _script()
    vault = vault_template.copy(tmp_path / "vault")
    server_dir = tmp_path / "server"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("COACHDESK_PASSPHRASE", PASSPHRASE)
    argv = ["--server-dir", str(server_dir), "--port", str(port), "--vault", str(vault), "--",
            sys.executable, "-c", CHECK_SERVER, url]

    assert demo.main(argv) == 0  # the app's stand-in reached the server
    assert not demo.healthy(url)  # stopped with it
    username, token, signed_in = _signed_in(vault)
    assert (username, signed_in) == ("demo-coach", True)
    assert (server_dir / "coachdesk-server.db").is_file()

    assert demo.main(argv) == 0  # again: the same accounts, and no second sign-in
    assert _signed_in(vault)[1] == token
    assert not demo.healthy(url)
