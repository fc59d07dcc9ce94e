"""Lock CoachDesk when the operating system locks the screen, where the platform says so.

Linux desktops announce it on D-Bus: ``org.freedesktop.ScreenSaver.ActiveChanged(true)`` on the session
bus (KDE, Xfce, Cinnamon, MATE), ``org.gnome.ScreenSaver.ActiveChanged(true)`` (GNOME) and logind's
``Lock`` signal for this session on the system bus (``loginctl lock-session``). Windows and macOS
signal it through native APIs that this watcher does not use yet; there the idle auto-lock still applies.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

logger = logging.getLogger(__name__)

#: (path, interface) of the screen savers that send ``ActiveChanged(bool)``.
SCREEN_SAVERS = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)
LOGIND_SERVICE = "org.freedesktop.login1"
LOGIND_SESSION = "org.freedesktop.login1.Session"


def logind_session_path(session_id: str) -> str:
    """logind's object path for a session id (systemd escapes every byte outside ``[A-Za-z0-9]``)."""
    escaped = "".join(ch if ch.isascii() and ch.isalnum() else f"_{ord(ch):02x}" for ch in session_id)
    if escaped[:1].isdigit():
        escaped = f"_{ord(escaped[0]):02x}{escaped[1:]}"
    return f"/org/freedesktop/login1/session/{escaped}"


class ScreenLockWatcher(QObject):
    """Emits ``screen_locked`` when the desktop locks the screen.

    Signals:
        screen_locked(): the operating system locked the screen; the owner locks the vault.
    """

    screen_locked = Signal()

    def __init__(self, *, session_bus: QDBusConnection | None = None,
                 system_bus: QDBusConnection | None = None, session_id: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watching: list[str] = []
        session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        system = system_bus if system_bus is not None else QDBusConnection.systemBus()
        if session.isConnected():
            for path, interface in SCREEN_SAVERS:
                # Any sender: the bus name's owner changes when the screen saver restarts.
                # PySide6's stubs say ``bytes`` for the slot; at run time only ``str`` is accepted.
                if session.connect("", path, interface, "ActiveChanged", self,  # type: ignore[call-overload]
                                   SLOT("_on_active_changed(bool)")):
                    self._watching.append(interface)
        session_id = session_id if session_id is not None else os.environ.get("XDG_SESSION_ID", "")
        if session_id and system.isConnected() and system.connect(  # type: ignore[call-overload]
                LOGIND_SERVICE, logind_session_path(session_id), LOGIND_SESSION, "Lock", self,
                SLOT("_on_logind_lock()")):
            self._watching.append(LOGIND_SESSION)
        if not self._watching:
            logger.info("no screen-lock signal available; the idle auto-lock still applies")

    @property
    def watching(self) -> tuple[str, ...]:
        """The D-Bus interfaces listened to (empty where the platform offers none)."""
        return tuple(self._watching)

    @Slot(bool)
    def _on_active_changed(self, active: bool) -> None:
        if active:
            self.screen_locked.emit()

    @Slot()
    def _on_logind_lock(self) -> None:
        self.screen_locked.emit()
