"""``make run``'s sync server: a local ``coachdesk-server`` with demo accounts, for as long as the app runs.

    python scripts/demo_server.py [--server-dir .demo-server] [--port 8765] [--vault .demo] -- COMMAND...

1. Sets up a SQLite server database in ``--server-dir`` (once): the office "Demo office", the coach
   ``demo-coach`` and the supervisor ``demo-supervisor``, both with the password ``demo-password``.
2. Starts ``coachdesk-server serve`` on 127.0.0.1 only (plain HTTP is accepted for this computer only).
3. Signs the demo vault in as ``demo-coach`` if it is not signed in to this server yet (its passphrase from
   ``COACHDESK_PASSPHRASE``, else ``demo-passphrase``).
4. Runs COMMAND (the app) and stops the server when it exits.

Demo accounts and passwords only: never point this at real data.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from coachdesk.errors import CoachDeskError
from coachdesk.server import accounts, db
from coachdesk.server.context import ServerContext
from coachdesk.server.passwords import Passwords
from coachdesk.server.settings import resolve

OFFICE = "Demo office"
PASSWORD = "demo-password"  # noqa: S105 - the demo's published password
ACCOUNTS = (("demo-coach", "coach", "Demo Coach"), ("demo-supervisor", "supervisor", "Demo Supervisor"))
VAULT_PASSPHRASE = "demo-passphrase"  # noqa: S105 - the demo vault's published passphrase (Makefile)


def say(text: str) -> None:
    print(f"demo server: {text}", flush=True)  # noqa: T201 - a command-line tool prints


def prepare(server_dir: Path) -> bool:
    """Create or upgrade the database and add the demo accounts that are missing; True if it was new."""
    server_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    settings = resolve(data_dir=server_dir)
    engine = db.make_engine(settings)
    try:
        new = db.current_revision(engine) is None
        db.upgrade(engine)
        ctx = ServerContext(settings=settings, engine=engine, passwords=Passwords(settings.password))
        if OFFICE not in {office.name for office in accounts.list_offices(ctx)}:
            accounts.add_office(ctx, OFFICE)
        existing = {user.username for user in accounts.list_users(ctx)}
        for username, role, display_name in ACCOUNTS:
            if username not in existing:
                accounts.add_user(ctx, username=username, password=PASSWORD, role=role, office=OFFICE,
                                  display_name=display_name)
        return new
    finally:
        engine.dispose()


def healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


def start(server_dir: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "coachdesk.server.cli", "serve", "--data-dir", str(server_dir),
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    return subprocess.Popen(command)  # noqa: S603 - our own interpreter and module


def wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not healthy(url):
        if server.poll() is not None:
            raise SystemExit(f"the sync server stopped at once (exit status {server.returncode})")
        if time.monotonic() > deadline:
            raise SystemExit("the sync server did not start in time")
        time.sleep(0.1)


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def sign_in_vault(vault_dir: Path, url: str) -> None:
    """Sign the demo vault in as demo-coach unless it already is, to this server."""
    from coachdesk.sync.login import login
    from coachdesk.sync.session_state import status
    from coachdesk.unlock import unlock_vault
    from coachdesk.vault import Vault

    if not Vault(vault_dir).exists():
        say(f"no vault in {vault_dir}: sign in from the app (File > Sign in to the sync server…)")
        return
    passphrase = os.environ.get("COACHDESK_PASSPHRASE", VAULT_PASSPHRASE)
    try:
        store, _timings = unlock_vault(vault_dir, passphrase)
    except CoachDeskError as exc:
        say(f"could not open the vault ({exc}); sign in from the app instead")
        return
    try:
        current = status(store)
        if current.signed_in and current.server_url == url:
            return
        result = login(store, url, ACCOUNTS[0][0], PASSWORD)
        say(f"signed {vault_dir} in as {result.username}; the app syncs it in the background")
    except CoachDeskError as exc:
        say(f"could not sign the vault in ({exc}); remove {vault_dir} and the server folder to start over")
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-dir", type=Path, default=Path(".demo-server"))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--vault", type=Path, default=None, help="a vault to sign in as demo-coach")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command to run")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    url = f"http://127.0.0.1:{args.port}"
    server: subprocess.Popen[bytes] | None = None
    if healthy(url):
        say(f"a sync server already answers on {url}: using it")
    else:
        if prepare(args.server_dir):
            say(f"created {args.server_dir} with the accounts demo-coach and demo-supervisor")
        server = start(args.server_dir, args.port)
    try:
        if server is not None:
            wait_until_up(url, server)
        say(f"{url} (demo-coach or demo-supervisor, password {PASSWORD})")
        if args.vault is not None:
            sign_in_vault(args.vault, url)
        if not command:
            return server.wait() if server is not None else 0
        return subprocess.call(command)  # noqa: S603 - the command make gives
    except KeyboardInterrupt:
        return 130
    finally:
        if server is not None:
            stop(server)
            say("stopped")


if __name__ == "__main__":
    sys.exit(main())
