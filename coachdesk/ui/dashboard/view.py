"""Dashboard (översikt), for supervisors: participants per phase and per coach, progress against the
project's goals, starts and exits per month — read on the database thread, never blocking the window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from coachdesk.formatting import iso_date
from coachdesk.i18n import _
from coachdesk.services.dashboard import Dashboard, DashboardService
from coachdesk.ui import dialogs
from coachdesk.ui.dashboard.chart_table import ChartTable
from coachdesk.ui.dashboard.sections import SECTIONS
from coachdesk.ui.tasks import TaskRunner


class DashboardView(QWidget):
    """Signals:
        loaded(): the figures were (re)read and shown.
    """

    loaded = Signal()

    def __init__(self, *, dashboard: DashboardService, runner: TaskRunner,
                 today: Callable[[], dt.date] = dt.date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner, self._today = dashboard, runner, today
        self._board: Dashboard | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.reload_button = QPushButton()
        self.reload_button.clicked.connect(self.refresh)
        self.sections = [ChartTable() for _section in SECTIONS]
        content = QWidget()
        column = QVBoxLayout(content)
        for section in self.sections:
            column.addWidget(section)
        column.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidget(content)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._scroll, 1)
        self.retranslate()

    @property
    def dashboard(self) -> Dashboard | None:
        return self._board

    def refresh(self) -> None:
        service, today = self._service, self._today()
        self.reload_button.setEnabled(False)
        self._runner.run_db(lambda: service.read(today), on_done=self._on_loaded, on_error=self._on_error,
                            context=self)

    def dispose(self) -> None:
        """Forget the figures: the app is locking (they name coaches)."""
        self._board = None
        for section in self.sections:
            section.model.clear()
            section.chart_view.chart().removeAllSeries()

    def _on_loaded(self, board: Dashboard) -> None:
        self._board = board
        self.reload_button.setEnabled(True)
        self._render()
        self.loaded.emit()

    def _on_error(self, exc: Exception) -> None:
        self.reload_button.setEnabled(True)
        self.summary.setText(dialogs.error_text(exc))

    def _render(self) -> None:
        board = self._board
        if board is None:
            self.summary.setText(_("The figures are being read…"))
            return
        self.summary.setText(_("The whole office's synced records as of {date}. Each chart's figures are "
                               "also in the table beside it.").format(date=iso_date(board.as_of)))
        for widget, make in zip(self.sections, SECTIONS, strict=True):
            section = make(board)
            widget.show_section(section.title, section.headers, section.rows, section.chart,
                                _("A chart of the figures in the table beside it."))

    def retranslate(self) -> None:
        self.reload_button.setText(_("Re&load figures"))
        self.summary.setAccessibleName(_("Dashboard summary"))
        self._scroll.setAccessibleName(_("Dashboard"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
