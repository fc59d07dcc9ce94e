"""One screen-reader session, run inside ``dbus-run-session``: Xvfb, the AT-SPI bus, the app, the reader.

``python -m tests.integration.atspi.session --data-dir VAULT --home DIR`` prints the reader's JSON on
stdout (the passphrase comes from ``COACHDESK_PASSPHRASE`` so it is never on a command line) and exits
with the reader's status. Everything it starts is stopped again, by process id, whatever happens.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

READER = Path(__file__).with_name("reader.py")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, where python3-pyatspi lives
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
APP_NAME = "CoachDesk"
UNLOCK_BUTTON = "Unlock"  # the unlock dialog's button in English, without its mnemonic
READER_TIMEOUT_S = 90


@contextmanager
def running(args: Sequence[str], *, log: Path, env: dict[str, str] | None = None,
            pass_fds: Sequence[int] = ()) -> Iterator[subprocess.Popen[bytes]]:
    """A background process, stopped (SIGTERM, then SIGKILL) on the way out."""
    with log.open("ab") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, pass_fds=pass_fds)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def start_xvfb(stack: ExitStack, logs: Path) -> str:
    """A virtual screen the size of a small laptop's, on a display number Xvfb picks itself."""
    read_fd, write_fd = os.pipe()
    stack.enter_context(running(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x768x24",
                                 "-nolisten", "tcp"], log=logs / "xvfb.log", pass_fds=[write_fd]))
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        raise SystemExit(f"Xvfb did not start; see {logs / 'xvfb.log'}")
    return f":{number}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--home", type=Path, required=True, help="HOME for the app (its settings file)")
    args = parser.parse_args(argv)
    if "DBUS_SESSION_BUS_ADDRESS" not in os.environ:
        raise SystemExit("run me inside dbus-run-session")
    passphrase = os.environ["COACHDESK_PASSPHRASE"]
    logs: Path = args.home
    with ExitStack() as stack:
        display = start_xvfb(stack, logs)
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
               "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "HOME": str(args.home),
               "XDG_CONFIG_HOME": str(args.home / ".config"), "XDG_DATA_HOME": str(args.home / ".local"),
               "COACHDESK_LANGUAGE": "en"}
        env.pop("COACHDESK_PASSPHRASE")  # the app must be unlocked through its dialog, not the environment
        stack.enter_context(running([BUS_LAUNCHER, "--launch-immediately"], log=logs / "bus.log", env=env))
        app_args = [sys.executable, "-m", "coachdesk", "--data-dir", str(args.data_dir)]
        app = stack.enter_context(running(app_args, log=logs / "app.log", env=env))
        reader = subprocess.run([SYSTEM_PYTHON, str(READER), APP_NAME, passphrase, UNLOCK_BUTTON], env=env,
                                capture_output=True, text=True, timeout=READER_TIMEOUT_S, check=False)
        sys.stdout.write(reader.stdout)
        sys.stderr.write(reader.stderr)
        if reader.returncode == 0:  # the reader chose File › Quit: the app should now close by itself
            deadline = time.monotonic() + 10
            while app.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
        return reader.returncode


if __name__ == "__main__":
    sys.exit(main())
