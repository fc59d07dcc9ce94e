"""The caseload (deltagarlista): a lazily paged table of participants with filters, a name order either way
and search-as-you-type."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.i18n import _, ngettext
from coachdesk.services.participants import CaseloadFilter, ParticipantService
from coachdesk.ui.caseload_filters import CaseloadFilterBar
from coachdesk.ui.caseload_model import SORT_COLUMN, CaseloadModel, Column
from coachdesk.ui.tasks import TaskRunner

__all__ = ["SEARCH_DELAY_MS", "CaseloadModel", "CaseloadView", "Column"]

SEARCH_DELAY_MS = 200


class CaseloadView(QWidget):
    """Search field, filters, the caseload table and a count.

    The table lists by name, A to Ö or Ö to A (the Family name header, or the Order box, which keyboard
    users reach); the other columns do not sort. Search results are listed best match first.

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
        self._filter_bar = CaseloadFilterBar(participants=participants, runner=runner)
        self._order = QComboBox()
        self._order.addItems(["", ""])  # A to Ö, Ö to A
        self._order_label = QLabel()
        self._order_label.setBuddy(self._order)
        self._table = self._build_table()
        self._status = QLabel()
        self._status.setWordWrap(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)

        search_row = QHBoxLayout()
        search_row.addWidget(self._search_label)
        search_row.addWidget(self._search, 1)
        search_row.addWidget(self._order_label)
        search_row.addWidget(self._order)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self._filter_bar)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._status)

        self._search.textChanged.connect(self._on_text_changed)
        self._debounce.timeout.connect(self._on_search)
        self._filter_bar.changed.connect(self._on_filters_changed)
        self._order.currentIndexChanged.connect(self._on_order_chosen)
        self._table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_indicator)
        self._table.activated.connect(self._on_activated)
        self._model.total_changed.connect(self._on_total)
        self._model.failed.connect(self._status.setText)
        self._model.loaded.connect(self._on_loaded)
        chain = (self._search, self._order, *self._filter_bar.combos, self._table)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._total: int | None = None
        self._columns_sized = False
        self.retranslate()
        self._model.refresh()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self._model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSortingEnabled(False)  # only the names sort: the header is handled here
        table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(SORT_COLUMN, Qt.SortOrder.AscendingOrder)
        return table

    @property
    def model(self) -> CaseloadModel:
        return self._model

    @property
    def search_field(self) -> QLineEdit:
        return self._search

    @property
    def filter_bar(self) -> CaseloadFilterBar:
        return self._filter_bar

    @property
    def order(self) -> QComboBox:
        return self._order

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
        self._filter_bar.clear_coaches()

    def retranslate(self) -> None:
        self._search_label.setText(_("&Search:"))
        self._search.setPlaceholderText(_("Name or personal identity number"))
        self._search.setAccessibleName(_("Search participants"))
        self._order_label.setText(_("&Order:"))
        self._order.setAccessibleName(_("Order of names"))
        self._order.setItemText(0, _("A to Ö"))
        self._order.setItemText(1, _("Ö to A"))
        self._table.setAccessibleName(_("Caseload"))
        self._model.retranslate()
        self._show_total()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_loaded(self) -> None:
        self._filter_bar.load_coaches()  # after the first rows: those are what the coach waits for
        # Once, from the first rows: later the user's own column widths are kept.
        if not self._columns_sized and self._model.rowCount() > 0:
            for column in range(self._model.columnCount() - 1):  # the last one stretches
                self._table.resizeColumnToContents(column)
            self._columns_sized = True

    def _on_text_changed(self, _text: str) -> None:
        self._debounce.start()  # restarts: one search once typing pauses

    def _on_search(self) -> None:
        self._model.set_query(self._search.text())
        self._show_order()

    def _on_filters_changed(self, filters: CaseloadFilter) -> None:
        self._model.set_filters(filters)

    def _on_order_chosen(self, row: int) -> None:
        self._sort(Qt.SortOrder.DescendingOrder if row == 1 else Qt.SortOrder.AscendingOrder)

    def _on_sort_indicator(self, section: int, order: Qt.SortOrder) -> None:
        if section == SORT_COLUMN and not self._model.query:
            self._sort(order)
        else:
            self._show_order()  # another column, or search results: the indicator goes back

    def _sort(self, order: Qt.SortOrder) -> None:
        self._model.sort(SORT_COLUMN, order)
        self._show_order()

    def _show_order(self) -> None:
        """Header indicator and Order box say the model's order; while searching, relevance rules."""
        descending = self._model.descending
        searching = bool(self._model.query)
        header = self._table.horizontalHeader()
        header.blockSignals(True)
        self._order.blockSignals(True)
        try:
            header.setSortIndicator(SORT_COLUMN, Qt.SortOrder.DescendingOrder if descending
                                    else Qt.SortOrder.AscendingOrder)
            header.setSortIndicatorShown(not searching)
            self._order.setCurrentIndex(1 if descending else 0)
        finally:
            header.blockSignals(False)
            self._order.blockSignals(False)
        self._order.setEnabled(not searching)

    def _on_total(self, count: int) -> None:
        self._total = count
        self._show_total()

    def _show_total(self) -> None:
        model, total = self._model, self._total
        if model.filters.empty:
            self._status.setText(_("No participant is in that phase with that status: change the "
                                   "phase or the status."))
        elif total is None:
            self._status.setText(_("Loading…"))
        elif model.query and total >= model.search_limit:
            self._status.setText(_("The first {count} matches are shown, best first. Type more to narrow "
                                   "the search.").format(count=total))
        elif model.query and total > 1:
            self._status.setText(ngettext("{count} participant matches, best matches first",
                                          "{count} participants match, best matches first",
                                          total).format(count=total))
        elif model.query:
            self._status.setText(ngettext("{count} participant matches", "{count} participants match",
                                          total).format(count=total))
        elif model.filters != CaseloadFilter():
            self._status.setText(ngettext("{count} participant matches the filters",
                                          "{count} participants match the filters",
                                          total).format(count=total))
        else:
            self._status.setText(ngettext("{count} participant", "{count} participants",
                                          total).format(count=total))

    def _on_activated(self, index: QModelIndex) -> None:
        participant_id = self._model.data(index, Qt.ItemDataRole.UserRole)
        if participant_id:
            self.participant_activated.emit(participant_id)
