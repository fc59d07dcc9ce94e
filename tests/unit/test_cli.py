from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.cli import main
from coachdesk.models.store import Store
from coachdesk.services.participants import ParticipantService
from tests.conftest import PASSPHRASE
from tests.helpers import snapshot


@pytest.fixture(autouse=True)
def _scripted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACHDESK_LANGUAGE", "en")
    monkeypatch.setenv("COACHDESK_PASSPHRASE", PASSPHRASE)


def test_check_prints_counts_as_json(store: Store, data_dir: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    store.close()
    assert main(["check", "--data-dir", str(data_dir), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["counts"]["participants"] == 1
    assert report["counts"]["audit_events"] == 1 and report["cipher_version"]


def test_wrong_passphrase_exits_non_zero_with_one_sentence(
    store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store.close()
    before = snapshot(data_dir)
    monkeypatch.setenv("COACHDESK_PASSPHRASE", "wrong passphrase")
    assert main(["check", "--data-dir", str(data_dir)]) != 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip() == "Wrong passphrase. Check it and try again."
    assert snapshot(data_dir) == before


def test_check_of_a_damaged_vault_fails_clearly(store: Store, data_dir: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    service = ParticipantService(store)
    for n in range(200):
        service.create({"given_name": f"N{n}", "family_name": "F", "dreams": "d" * 400})
    store.close()
    db = data_dir / "coachdesk.db"
    raw = bytearray(db.read_bytes())
    raw[len(raw) // 2: len(raw) // 2 + 32] = bytes(32)
    db.write_bytes(bytes(raw))
    assert main(["check", "--data-dir", str(data_dir)]) == 1
    captured = capsys.readouterr()  # found by the check, or already when the unlock reads the bad page
    assert "damaged" in captured.out + captured.err


def test_init_refuses_short_passphrase_and_existing_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    store: Store, data_dir: Path,
) -> None:
    monkeypatch.setenv("COACHDESK_PASSPHRASE", "short")
    assert main(["init", "--data-dir", str(tmp_path / "new")]) == 1
    assert "at least 10" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()
    assert main(["init", "--data-dir", str(data_dir)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_missing_passphrase_without_a_terminal_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("COACHDESK_PASSPHRASE")
    assert main(["check", "--data-dir", str(tmp_path)]) == 1
    assert "COACHDESK_PASSPHRASE" in capsys.readouterr().err


def test_the_installed_command_creates_fills_and_checks_a_vault(tmp_path: Path) -> None:
    """End to end through the real console entry point, with production Argon2id cost."""
    env = {**os.environ, "COACHDESK_PASSPHRASE": PASSPHRASE, "COACHDESK_LANGUAGE": "en"}
    vault = str(tmp_path / "vault")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "coachdesk", *args], env=env, text=True,
                              capture_output=True, timeout=120, check=False)

    assert run("init", "--data-dir", vault).returncode == 0
    filled = run("demo-data", "--data-dir", vault, "--participants", "30", "--seed", "7")
    assert filled.returncode == 0, filled.stderr
    checked = run("check", "--data-dir", vault, "--json")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["counts"]["participants"] == 30
    env["COACHDESK_NEW_PASSPHRASE"] = "another long passphrase"
    assert run("passwd", "--data-dir", vault).returncode == 0
    env["COACHDESK_PASSPHRASE"] = "another long passphrase"
    assert run("check", "--data-dir", vault).returncode == 0


def test_templates_lists_bundled_and_office_templates_and_names_a_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["templates", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "intensive: Intensive coaching, 26-30 weeks" in out and "introduction:" in out
    (tmp_path / "programmes").mkdir()
    (tmp_path / "programmes" / "ours.yaml").write_text("id: ours\n", encoding="utf-8")
    assert main(["templates", "--data-dir", str(tmp_path)]) == 1
    assert "ours.yaml" in capsys.readouterr().err


def test_office_settings_are_shown_changed_and_validated(
    store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    assert main(["office-settings", "--data-dir", str(data_dir), "--continuous-intake", "no",
                 "--target-weeks", "30"]) == 0
    assert "continuous_intake: False" in capsys.readouterr().out
    assert main(["office-settings", "--data-dir", str(data_dir), "--target-weeks", "300"]) == 1
    assert capsys.readouterr().err.strip()
    assert main(["office-settings", "--data-dir", str(data_dir)]) == 0
    assert "target_weeks: 30" in capsys.readouterr().out
