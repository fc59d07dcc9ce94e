"""Remembers whether the clipboard holds text copied from CoachDesk, so locking can clear it.

Text a coach copies from a record may be personal data; it must not outlive the unlocked session.
Text copied from other programs is left alone. ``QClipboard.ownsClipboard()`` answers this on X11
only, so the guard also notes who was active when the clipboard last changed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QClipboard, QGuiApplication


class ClipboardGuard(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ours = False
        self._clipboard: QClipboard = QGuiApplication.clipboard()
        self._clipboard.dataChanged.connect(self._on_changed)

    @property
    def ours(self) -> bool:
        return self._ours or self._clipboard.ownsClipboard()

    def clear_if_ours(self) -> None:
        if self.ours:
            self._clipboard.clear()
        self._ours = False

    def _on_changed(self) -> None:
        # A change while CoachDesk is the active application was made by CoachDesk (copy or cut).
        self._ours = QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
