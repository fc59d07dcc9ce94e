"""Auto-lock after idle time: an app-wide event filter restarts one single-shot timer on any user input."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_INPUT = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress,
    QEvent.Type.InputMethod,
})


class AutoLock(QObject):
    """Emits ``idle`` once the user has done nothing for the interval, while armed.

    Signals:
        idle(): no input for the whole interval; the owner locks.
    """

    idle = Signal()

    def __init__(self, *, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self.set_minutes(minutes)
        self._filtering = False

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(minutes * 60_000)

    def set_interval_ms(self, interval: int) -> None:
        """Change the idle time; a running countdown starts over with the new length."""
        self._timer.setInterval(interval)
        if self._timer.isActive():
            self._timer.start()

    def arm(self) -> None:
        """Start watching for idleness (after unlocking)."""
        app = QCoreApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        self._timer.start()

    def disarm(self) -> None:
        """Stop watching (while locked): no input is inspected, nothing fires."""
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._filtering:
            app.removeEventFilter(self)
        self._filtering = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self._timer.isActive():
            self._timer.start()  # restarts the countdown
        return False  # only watching: every event goes on to its receiver

    def _on_timeout(self) -> None:
        self.disarm()
        self.idle.emit()
