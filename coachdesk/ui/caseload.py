"""The caseload (deltagarlista): a lazily paged table of participants with search-as-you-type."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.i18n import _, ngettext
from coachdesk.services.participants import ParticipantService
from coachdesk.ui.caseload_model import CaseloadModel, Column
from coachdesk.ui.tasks import TaskRunner

__all__ = ["SEARCH_DELAY_MS", "CaseloadModel", "CaseloadView", "Column"]

SEARCH_DELAY_MS = 200


class CaseloadView(QWidget):
    """Search field, caseload table and a count.

    Signals:
        participant_activated(str): the id of the participant chosen with Enter or a double click.
    """

    participant_activated = Signal(str)

    def __init__(self, *, participants: ParticipantService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = CaseloadModel(participants=participants, runner=runner, parent=self)
        self._search = QLineEdit()
        self._search.setClearButtonEnabled(True)
        self._search_label = QLabel()
        self._search_label.setBuddy(self._search)
        self._table = QTableView()
        self._table.setModel(self._model)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setSortingEnabled(False)  # the service's order is Swedish alphabetical
        self._table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self._table.setWordWrap(False)
        self._table.verticalHeader().hide()
        self._table.horizontalHeader().setStretchLastSection(True)
        self._status = QLabel()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)

        search_row = QHBoxLayout()
        search_row.addWidget(self._search_label)
        search_row.addWidget(self._search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._status)

        self._search.textChanged.connect(self._on_text_changed)
        self._debounce.timeout.connect(self._on_search)
        self._table.activated.connect(self._on_activated)
        self._model.total_changed.connect(self._on_total)
        self._model.failed.connect(self._status.setText)
        self._model.loaded.connect(self._size_columns)
        self._total: int | None = None
        self._columns_sized = False
        self.retranslate()
        self._model.refresh()

    @property
    def model(self) -> CaseloadModel:
        return self._model

    @property
    def search_field(self) -> QLineEdit:
        return self._search

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def status_text(self) -> str:
        return self._status.text()

    def dispose(self) -> None:
        """Drop every row and stop searching; the view is about to go (the app is locking)."""
        self._search.clear()
        self._debounce.stop()
        self._model.dispose()

    def retranslate(self) -> None:
        self._search_label.setText(_("&Search:"))
        self._search.setPlaceholderText(_("Name or personal identity number"))
        self._search.setAccessibleName(_("Search participants"))
        self._table.setAccessibleName(_("Caseload"))
        self._model.retranslate()
        self._show_total()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _size_columns(self) -> None:
        # Once, from the first rows: later the user's own column widths are kept.
        if not self._columns_sized and self._model.rowCount() > 0:
            for column in range(self._model.columnCount() - 1):  # the last one stretches
                self._table.resizeColumnToContents(column)
            self._columns_sized = True

    def _on_text_changed(self, _text: str) -> None:
        self._debounce.start()  # restarts: one search once typing pauses

    def _on_search(self) -> None:
        self._model.set_query(self._search.text())

    def _on_total(self, count: int) -> None:
        self._total = count
        self._show_total()

    def _show_total(self) -> None:
        if self._total is None:
            self._status.setText(_("Loading…"))
        elif self._model.query:
            self._status.setText(ngettext("{count} participant matches", "{count} participants match",
                                          self._total).format(count=self._total))
        else:
            self._status.setText(ngettext("{count} participant", "{count} participants",
                                          self._total).format(count=self._total))

    def _on_activated(self, index: QModelIndex) -> None:
        participant_id = self._model.data(index, Qt.ItemDataRole.UserRole)
        if participant_id:
            self.participant_activated.emit(participant_id)
