"""A new device's first sync: everything the account may see comes down, page by page.

Shown beside the window (not modal: the coach may work meanwhile). Cancel stops after the current page;
every page already received is kept, and the next sync carries on from there.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.i18n import _
from coachdesk.sync.client import SyncProgress
from coachdesk.ui.sync.outcome import SyncOutcome, SyncResult


class FirstSyncDialog(QDialog):
    """Signals:
        cancel_requested(): the user wants the download stopped (it resumes at the next sync).
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_sync_dialog")
        self._progress_seen: SyncProgress | None = None
        self._result: SyncResult | None = None
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # how much is to come, only the server knows
        self.bar.setTextVisible(False)
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setWordWrap(True)
        self._buttons = QDialogButtonBox()
        self.stop = self._buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.hide_button = self._buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        assert isinstance(self.stop, QPushButton) and isinstance(self.hide_button, QPushButton)
        self.stop.setObjectName("stop")
        self.stop.clicked.connect(self._on_stop)
        self.hide_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (self._intro, self.bar, self.counts, self._buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        self.retranslate()

    @property
    def finished_result(self) -> SyncResult | None:
        return self._result

    def show_progress(self, progress: SyncProgress) -> None:
        self._progress_seen = progress
        self._render()

    def show_result(self, result: SyncResult) -> None:
        """The sync ended: done, stopped or failed (say which; the window stays until closed)."""
        self._result = result
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if result.outcome is SyncOutcome.SYNCED else 0)
        self.stop.hide()
        self._render()
        self.hide_button.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("First sync of this computer"))
        self._intro.setText(_("CoachDesk is fetching the records your account may see. You can keep "
                              "working meanwhile; stopping keeps what arrived, and the next sync goes on "
                              "from there."))
        self.bar.setAccessibleName(_("First sync progress"))
        self.stop.setText(_("&Stop"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _render(self) -> None:
        seen = self._progress_seen
        received, trips = (seen.pulled, seen.round_trips) if seen else (0, 0)
        counts = _("Received: {received}. Sent: {sent}. Round trips: {trips}.").format(
            received=received, sent=seen.pushed if seen else 0, trips=trips)
        result = self._result
        if result is None:
            text = counts
        elif result.outcome is SyncOutcome.SYNCED:
            text = _("Done. {counts}").format(counts=counts)
        elif result.outcome is SyncOutcome.CANCELLED:
            text = _("Stopped. {counts} The next sync goes on from there.").format(counts=counts)
        else:
            text = f"{result.message} {counts}"
        self.counts.setText(text)
        self.counts.setAccessibleDescription(text)
        self.hide_button.setText(_("&Close") if result is not None else _("Continue in the &background"))

    def _on_stop(self) -> None:
        self.stop.setEnabled(False)
        self.cancel_requested.emit()
