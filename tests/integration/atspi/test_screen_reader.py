"""The screen reader's view of the real app, through the real accessibility bus.

Under ``dbus-run-session``: Xvfb, the AT-SPI bus launcher and ``coachdesk --data-dir`` on a synthetic vault,
with Qt's accessibility bridge on. A reader run by Debian's Python with python3-pyatspi (``reader.py``)
unlocks the app through its dialog using AT-SPI alone (EditableText into the passphrase field, the Unlock
button's Action), opens every view from the View menu, a participant's record (every tab), the shortcuts
overview and the new-participant dialog, and reports every interactive node's role and name and every
table's column headers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coachdesk.services.synthetic import generate
from coachdesk.unlock import create_vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.integration.atspi import judge
from tests.integration.atspi.session import BUS_LAUNCHER, SYSTEM_PYTHON

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
# The views every coach has (a supervisor's Review and Dashboard are hidden from this vault's user).
VIEWS = ("Today", "Caseload", "Employers", "Settings", "Conflicts")


def missing_tools() -> list[str]:
    """The system packages the check needs that are not installed (scripts/system-deps.sh installs them)."""
    missing = [f"{tool} ({package})" for tool, package in (("dbus-run-session", "dbus"), ("Xvfb", "xvfb"))
               if shutil.which(tool) is None]
    if not Path(BUS_LAUNCHER).exists():
        missing.append(f"{BUS_LAUNCHER} (at-spi2-core)")
    if not Path(SYSTEM_PYTHON).exists() or subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False).returncode != 0:
        missing.append(f"pyatspi for {SYSTEM_PYTHON} (python3-pyatspi)")
    return missing


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    missing = missing_tools()
    if missing:
        pytest.skip(f"the screen-reader check needs {', '.join(missing)}: run scripts/system-deps.sh as root")
    folder = tmp_path_factory.mktemp("atspi")
    data_dir, home = folder / "vault", folder / "home"
    home.mkdir()
    store = create_vault(data_dir, PASSPHRASE, kdf=FAST_KDF)
    try:
        generate(store, participants=20, seed=7)
    finally:
        store.close()
    env = {**os.environ, "COACHDESK_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(["dbus-run-session", "--", sys.executable, "-m", "tests.integration.atspi.session",
                           "--data-dir", str(data_dir), "--home", str(home)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=150, check=False)
    app_log = (home / "app.log").read_text(errors="replace") if (home / "app.log").exists() else ""
    assert done.returncode == 0, f"reader failed:\n{done.stderr[-3000:]}\napp log:\n{app_log[-3000:]}"
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_unlock_dialog_and_every_view_are_read(report: dict[str, Any]) -> None:
    screens = judge.screens(report)
    assert screens[0] == "dialog: Unlock CoachDesk"
    for view in VIEWS:
        assert f"view: {view}" in screens
    assert any(screen.startswith("window: Participant record") for screen in screens)
    assert any(screen.startswith("dialog: Keyboard shortcuts") for screen in screens)
    assert any(screen.startswith("dialog: New participant") for screen in screens)


def test_every_interactive_node_is_named(report: dict[str, Any]) -> None:
    assert judge.unnamed(report) == []
    # Not vacuous: the walk saw the controls a coach uses.
    nodes = [(n["role"], n["name"]) for screen in report["screens"] for n in screen["nodes"]]
    assert ("password text", "Passphrase") in nodes
    assert ("table", "Caseload") in nodes
    assert {role for role, _name in nodes} >= {"push button", "text", "combo box", "check box",
                                               "spin button", "page tab", "menu item", "list"}


def test_tables_expose_their_column_headers(report: dict[str, Any]) -> None:
    assert judge.headerless(report) == []
    caseload = next(t for s in report["screens"] if s["screen"] == "view: Caseload" for t in s["tables"]
                    if t["name"] == "Caseload")
    assert caseload["rows"] > 0
    assert caseload["headers"][:2] == ["Family name", "Given name"]
    assert judge.tables_with_headers(report) >= 3  # the agenda, the caseload, the employers
