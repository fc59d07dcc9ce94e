"""``coachdesk-server``: init, offices, users, devices and serve, on a SQLite file and on PostgreSQL.
Bad input gets one clear sentence and a non-zero exit, never a traceback."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url

from coachdesk.server import cli
from coachdesk.server.cli import main
from coachdesk.server.settings import resolve
from tests.integration.server.conftest import BACKENDS
from tests.integration.server.helpers import FAST_PASSWORDS, free_port
from tests.pgcluster import create_database

_names = itertools.count()
ADMIN_PASSWORD = "admin-password-1"
USER_PASSWORD = "user-password-12"


@pytest.fixture(params=BACKENDS)
def where(request: pytest.FixtureRequest, tmp_path: Path) -> list[str]:
    """``--data-dir``/``--database-url`` of an empty database (nothing migrated yet)."""
    if request.param == "sqlite":
        return ["--data-dir", str(tmp_path / "server")]
    url = create_database(request.getfixturevalue("pg_url"), f"cli_{os.getpid()}_{next(_names)}")
    return ["--database-url", url]


@pytest.fixture(autouse=True)
def _passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    # In-process commands hash with the test cost; the served subprocess keeps the production cost.
    # The command speaks Swedish by default: these tests read its English.
    monkeypatch.setenv("COACHDESK_LANGUAGE", "en")
    monkeypatch.setattr(cli, "resolve", lambda **kw: replace(resolve(**kw), password=FAST_PASSWORDS))
    monkeypatch.setenv("COACHDESK_ADMIN_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("COACHDESK_USER_PASSWORD", USER_PASSWORD)
    monkeypatch.delenv("COACHDESK_DATABASE_URL", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def test_init_creates_the_schema_and_the_first_admin_and_can_run_again(
        where: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init", *where)[:2] == (0, "Server database at schema 0001 (created).\n"
                                                  "Created the administrator 'admin'.\n")
    code, out, _ = run(capsys, "init", *where)
    assert code == 0 and "An administrator exists already" in out
    code, out, _ = run(capsys, "user", "list", *where)
    assert code == 0 and "admin" in out


def test_init_without_a_password_says_how_to_give_one(where: list[str], capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACHDESK_ADMIN_PASSWORD")
    code, _out, err = run(capsys, "init", *where)
    assert code == 1 and "COACHDESK_ADMIN_PASSWORD" in err


def test_offices_users_and_roles(where: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "init", *where)
    assert run(capsys, "office", "add", "Krokom", *where)[0] == 0
    assert run(capsys, "user", "add", "Anna", "--role", "coach", "--office", "Krokom",
               "--display-name", "Anna Berg", *where)[0] == 0

    code, out, _ = run(capsys, "user", "list", "--office", "Krokom", *where)
    assert code == 0 and out.split()[:3] == ["anna", "coach", "Krokom"]
    assert run(capsys, "user", "role", "anna", "supervisor", *where)[0] == 0
    assert run(capsys, "user", "disable", "anna", *where)[0] == 0
    code, out, _ = run(capsys, "user", "list", *where)
    assert "supervisor" in out and "(disabled)" in out
    assert run(capsys, "user", "enable", "anna", *where)[0] == 0
    assert run(capsys, "user", "password", "anna", *where)[0] == 0
    code, out, _ = run(capsys, "office", "list", *where)
    assert code == 0 and "Krokom  (1 user)" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["office", "add", "Krokom"], "already exists"),
    (["office", "add", "  "], "name of 1 to 200"),
    (["user", "add", "anna", "--role", "coach", "--office", "Krokom"], "is taken"),
    (["user", "add", "bo", "--role", "wizard", "--office", "Krokom"], "Unknown role 'wizard'"),
    (["user", "add", "bo", "--role", "coach", "--office", "Nowhere"], "no office named 'Nowhere'"),
    (["user", "add", "bo", "--role", "coach"], "give --office"),
    (["user", "add", "b o", "--role", "coach", "--office", "Krokom"], "A username is"),
    (["user", "role", "nobody", "coach"], "no user 'nobody'"),
    (["user", "disable", "nobody"], "no user 'nobody'"),
    (["device", "revoke", "not-a-device"], "no device"),
])
def test_bad_input_gets_one_sentence_and_status_1(where: list[str], capsys: pytest.CaptureFixture[str],
                                                  argv: list[str], message: str) -> None:
    run(capsys, "init", *where)
    run(capsys, "office", "add", "Krokom", *where)
    run(capsys, "user", "add", "anna", "--role", "coach", "--office", "Krokom", *where)
    code, _out, err = run(capsys, *argv, *where)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1


def test_the_command_speaks_swedish_by_default_and_when_asked(
        where: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "init", *where)
    monkeypatch.delenv("COACHDESK_LANGUAGE")
    code, _out, err = run(capsys, "user", "add", "bo", "--role", "coach", "--office", "Nowhere", *where)
    assert code == 1 and err.strip() == ("Det finns inget kontor som heter 'Nowhere': lägg till det med "
                                         "`coachdesk-server office add`.")
    monkeypatch.setenv("COACHDESK_LANGUAGE", "sv")
    assert run(capsys, "office", "add", "Krokom", *where)[1].startswith("Kontoret 'Krokom' (")
    code, out, _err = run(capsys, "office", "list", *where)
    assert code == 0 and "Krokom  (0 användare)" in out
    with pytest.raises(SystemExit):
        main(["user", "add", "--help"])
    assert "lägg till en användare" in capsys.readouterr().out


def test_a_short_password_is_refused(where: list[str], capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "init", *where)
    run(capsys, "office", "add", "Krokom", *where)
    monkeypatch.setenv("COACHDESK_USER_PASSWORD", "short")
    code, _out, err = run(capsys, "user", "add", "bo", "--role", "coach", "--office", "Krokom", *where)
    assert code == 1 and "at least 12 characters" in err


def test_commands_on_a_database_that_is_not_set_up_say_to_run_init(
        where: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(capsys, "user", "list", *where)
    assert code == 1 and "coachdesk-server init" in err
    assert not (tmp_path / "server").exists()  # a mistyped folder leaves no empty database behind


def test_an_unreachable_or_invalid_database_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "user", "list", "--database-url",
                          f"postgresql+psycopg://coachdesk:s3cret@127.0.0.1:{free_port()}/x")
    assert code == 1 and "cannot be used" in err and "s3cret" not in err
    code, _out, err = run(capsys, "user", "list", "--database-url", "not a url")
    assert code == 1 and "not valid" in err


def test_devices_are_listed_and_revoked(where: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from coachdesk.server import accounts
    from coachdesk.server.auth import login
    from coachdesk.server.cli import _context, _settings, build_parser
    from coachdesk.sync.protocol import LoginRequest

    run(capsys, "init", *where)
    run(capsys, "office", "add", "Krokom", *where)
    run(capsys, "user", "add", "anna", "--role", "coach", "--office", "Krokom", *where)
    ctx = _context(_settings(build_parser().parse_args(["user", "list", *where])))
    try:
        device = login(ctx, LoginRequest(username="anna", password=USER_PASSWORD, device_name="laptop"))
        code, out, _ = run(capsys, "device", "list", "--user", "anna", *where)
        assert code == 0 and device.device_id in out and "active" in out and "laptop" in out
        assert run(capsys, "device", "revoke", device.device_id, *where)[0] == 0
        assert "revoked" in run(capsys, "device", "list", *where)[1]
        assert accounts.list_devices(ctx)[0].revoked_at is not None
    finally:
        ctx.engine.dispose()


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["init", "--help"], ["user", "add", "--help"], ["device", "revoke", "--help"],
                 ["serve", "--help"]):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 0
    assert "--database-url" in capsys.readouterr().out


@pytest.fixture
def served(where: list[str],
           capsys: pytest.CaptureFixture[str]) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    run(capsys, "init", *where)
    port = free_port()
    script = Path(sys.executable).parent / "coachdesk-server"
    process = subprocess.Popen([str(script), "serve", "--port", str(port), *where], stderr=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stderr:
            process.stderr.close()


def test_serve_answers_health_and_logs_json_lines(served: tuple[str, subprocess.Popen[str]]) -> None:
    base, process = served
    health = httpx.get(f"{base}/healthz").json()
    refused = httpx.post(f"{base}/api/v1/auth/login",
                         json={"username": "admin", "password": "wrong-password"})
    process.terminate()
    process.wait(timeout=20)
    assert process.stderr is not None
    lines = [json.loads(line) for line in process.stderr.read().splitlines() if line.startswith("{")]
    assert health == {"status": "ok", "schema": "0001"} and refused.status_code == 401
    assert {"event": "request", "path": "/api/v1/auth/login", "status": 401} .items() <= next(
        entry for entry in lines if entry.get("path") == "/api/v1/auth/login").items()
    assert "wrong-password" not in json.dumps(lines)


def test_serve_refuses_a_database_that_is_not_set_up(where: list[str],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "serve", "--port", str(free_port()), *where)
    assert code == 1 and "coachdesk-server init" in err


def test_urls_are_shown_without_their_password() -> None:
    from coachdesk.server.cli import _redacted

    assert "secret" not in _redacted("postgresql+psycopg://u:secret@h/db")
    assert make_url(_redacted("postgresql+psycopg://u:secret@h/db")).host == "h"
