"""The OS screen lock reaches CoachDesk through a real (private) D-Bus daemon."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtDBus import QDBusConnection, QDBusMessage
from pytestqt.qtbot import QtBot

from coachdesk.ui.screen_lock import ScreenLockWatcher, logind_session_path

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")


@pytest.fixture
def bus_address() -> Iterator[str]:
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert daemon.stdout is not None
    with daemon.stdout:
        address = daemon.stdout.readline().strip()
    try:
        yield address
    finally:
        for name in _names:
            QDBusConnection.disconnectFromBus(name)
        _names.clear()
        daemon.terminate()
        daemon.wait(timeout=10)


_names: list[str] = []


def _bus(address: str, name: str) -> QDBusConnection:
    bus = QDBusConnection.connectToBus(address, name)
    _names.append(name)
    assert bus.isConnected()
    return bus


def _signal(bus: QDBusConnection, path: str, interface: str, name: str, *args: object) -> None:
    message = QDBusMessage.createSignal(path, interface, name)
    message.setArguments(list(args))
    assert bus.send(message)


@pytest.mark.parametrize(("path", "interface"), [
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
])
def test_screen_saver_activation_locks(qtbot: QtBot, bus_address: str, path: str, interface: str) -> None:
    watcher = ScreenLockWatcher(session_bus=_bus(bus_address, f"watch-{interface}"),
                                system_bus=QDBusConnection(""), session_id="")
    assert interface in watcher.watching
    sender = _bus(bus_address, f"send-{interface}")
    with qtbot.assert_not_emitted(watcher.screen_locked, wait=300):
        _signal(sender, path, interface, "ActiveChanged", False)  # unlocking the screen is not a lock
    with qtbot.wait_signal(watcher.screen_locked, timeout=5000):
        _signal(sender, path, interface, "ActiveChanged", True)


def test_logind_lock_of_this_session_locks(qtbot: QtBot, bus_address: str) -> None:
    watcher = ScreenLockWatcher(session_bus=QDBusConnection(""),
                                system_bus=_bus(bus_address, "watch-logind"), session_id="c2")
    sender = _bus(bus_address, "send-logind")
    assert sender.registerService("org.freedesktop.login1")  # logind's signals come from its bus name
    with qtbot.assert_not_emitted(watcher.screen_locked, wait=300):
        # Another user's session locking is none of our business.
        _signal(sender, logind_session_path("c3"), "org.freedesktop.login1.Session", "Lock")
    with qtbot.wait_signal(watcher.screen_locked, timeout=5000):
        _signal(sender, logind_session_path("c2"), "org.freedesktop.login1.Session", "Lock")


def test_no_bus_means_no_watching() -> None:
    watcher = ScreenLockWatcher(session_bus=QDBusConnection(""), system_bus=QDBusConnection(""),
                                session_id="")
    assert watcher.watching == ()


def test_session_paths_are_escaped_like_systemd() -> None:
    assert logind_session_path("c2") == "/org/freedesktop/login1/session/c2"
    assert logind_session_path("2") == "/org/freedesktop/login1/session/_32"
    assert logind_session_path("a-b") == "/org/freedesktop/login1/session/a_2db"
