"""The page the main window shows while locked: no data, a way back in."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from coachdesk.i18n import _


class LockedPage(QWidget):
    """What the window shows while locked: no data, a way back in.

    Signals:
        unlock_requested(): the user asked to unlock.
    """

    unlock_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._message = QLabel()
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._button = QPushButton()
        self._button.clicked.connect(self.unlock_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._message)
        layout.addWidget(self._button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self._problem = ""
        self.retranslate()

    @property
    def unlock_button(self) -> QPushButton:
        return self._button

    @property
    def message(self) -> str:
        return self._message.text()

    def show_problem(self, problem: str) -> None:
        """Say why the vault could not be opened (already translated), above the button to try again."""
        self._problem = problem
        self.retranslate()

    def retranslate(self) -> None:
        locked = _("CoachDesk is locked.")
        self._message.setText(f"{locked}\n{self._problem}" if self._problem else locked)
        self._button.setText(_("&Unlock…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
