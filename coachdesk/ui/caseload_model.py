"""The caseload table model: keyset pages of participants, or search results, fetched off the UI thread."""

from __future__ import annotations

import enum
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from coachdesk.formatting import iso_date, ltr
from coachdesk.i18n import N_, _
from coachdesk.services.participants import CaseloadFilter, CaseloadPage, CaseloadRow, ParticipantService
from coachdesk.ui.dialogs import error_text
from coachdesk.ui.labels import status_label, target_group_label
from coachdesk.ui.tasks import TaskRunner

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
PAGE_SIZE = 100
SEARCH_LIMIT = 200


class Column(enum.IntEnum):
    FAMILY_NAME = 0
    GIVEN_NAME = 1
    PERSONNUMMER = 2
    BIRTH_DATE = 3
    STATUS = 4
    TARGET_GROUP = 5


_HEADERS = {
    Column.FAMILY_NAME: N_("Family name"),
    Column.GIVEN_NAME: N_("Given name"),
    Column.PERSONNUMMER: N_("Personal identity number"),
    Column.BIRTH_DATE: N_("Birth date"),
    Column.STATUS: N_("Phase"),  # the programme phase; the Status filter is active or exited
    Column.TARGET_GROUP: N_("Target group"),
}


def _cell(row: CaseloadRow, column: Column) -> str:
    match column:
        case Column.FAMILY_NAME:
            return row.family_name
        case Column.GIVEN_NAME:
            return row.given_name
        case Column.PERSONNUMMER:
            return ltr(row.personnummer)
        case Column.BIRTH_DATE:
            return iso_date(row.birth_date)
        case Column.STATUS:
            return status_label(row.status)
        case Column.TARGET_GROUP:
            return target_group_label(row.target_group)


# The one column the caseload sorts by: names in Swedish order, A to Ö or Ö to A (an index either way).
SORT_COLUMN = Column.FAMILY_NAME


class CaseloadModel(QAbstractTableModel):
    """Participants in Swedish alphabetical order (either way), fetched a keyset page at a time, within
    filters; or the results of a search within the same filters, best matches first.

    Whatever is shown stays until what replaces it arrives, so typing or changing a filter does not
    flicker; results of an older request are dropped.

    Signals:
        loaded(): rows arrived (the first page of a new listing, a later page, or search results).
        total_changed(int): how many participants the caseload, or the current search, has.
        failed(str): loading failed; the text is for the user.
    """

    loaded = Signal()
    total_changed = Signal(int)
    failed = Signal(str)

    def __init__(self, *, participants: ParticipantService, runner: TaskRunner,
                 page_size: int = PAGE_SIZE, search_limit: int = SEARCH_LIMIT,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._participants = participants
        self._runner = runner
        self._page_size = page_size
        self._search_limit = search_limit
        self._rows: list[CaseloadRow] = []
        self._cursor: tuple[str, str] | None = None
        self._has_more = False
        self._fetching = False
        self._replace = False  # the next page starts a new listing: it replaces the rows shown
        self._query = ""
        self._filters = CaseloadFilter()
        self._descending = False
        # Bumped whenever what the table shows changes, so results of an older request are dropped.
        self._generation = 0
        self._disposed = False

    @property
    def query(self) -> str:
        return self._query

    @property
    def filters(self) -> CaseloadFilter:
        return self._filters

    @property
    def descending(self) -> bool:
        return self._descending

    @property
    def search_limit(self) -> int:
        return self._search_limit

    @property
    def fetching(self) -> bool:
        return self._fetching

    def participant(self, row: int) -> CaseloadRow:
        return self._rows[row]

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(row, Column(index.column()))
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(_HEADERS[Column(section)])
            if role == Qt.ItemDataRole.ToolTipRole:
                if self._query:
                    return _("Search results are listed best match first")
                if section == SORT_COLUMN:
                    return _("Click to list the names from A to Ö or from Ö to A")
                return _("The list is in name order; this column does not sort it")
        return super().headerData(section, orientation, role)

    def canFetchMore(self, parent: Index) -> bool:
        return (not parent.isValid() and not self._disposed and not self._query
                and self._has_more and not self._fetching)

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetch_page()

    def refresh(self) -> None:
        """Show the caseload again from the first page (no search), within the current filters."""
        self._query = ""
        self._reload()

    def set_query(self, text: str) -> None:
        """Show the participants matching ``text`` (names, personnummer, phone); empty shows them all."""
        query = text.strip()
        if query != self._query:
            self._query = query
            self._reload()

    def set_filters(self, filters: CaseloadFilter) -> None:
        """Narrow the caseload, or the search, to ``filters``."""
        if filters != self._filters:
            self._filters = filters
            self._reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """List by name, A to Ö or Ö to A; the other columns do not sort, and search results keep
        their relevance order (the new order applies when the search is cleared)."""
        descending = order == Qt.SortOrder.DescendingOrder
        if column != SORT_COLUMN or descending == self._descending:
            return
        self._descending = descending
        if not self._query:
            self._reload()

    def dispose(self) -> None:
        """Forget every row (on lock) and ignore results still on their way."""
        self._disposed = True
        self._generation += 1
        self._fetching = self._has_more = False
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, Column.STATUS),
                                  self.index(len(self._rows) - 1, Column.TARGET_GROUP))

    def _reload(self) -> None:
        """Ask for what the query, filters and order now say; the rows shown stay until it arrives."""
        if self._disposed:
            return
        self._generation += 1
        self._cursor = None
        self._has_more = False
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)  # the tooltips
        if self._query:
            self._fetching = True
            job = partial(self._participants.search, self._query, limit=self._search_limit,
                          filters=self._filters)
            self._runner.run_db(job, on_done=partial(self._on_results, self._generation),
                                on_error=partial(self._on_error, self._generation), context=self)
            return
        self._replace = True
        self._fetch_page()  # the first page before the count: rows are what the coach waits for
        self._runner.run_db(partial(self._participants.count, self._filters),
                            on_done=partial(self._on_count, self._generation),
                            on_error=partial(self._on_error, self._generation), context=self)

    def _fetch_page(self) -> None:
        self._fetching = True
        job = partial(self._participants.page, after=self._cursor, limit=self._page_size,
                      filters=self._filters, descending=self._descending)
        self._runner.run_db(job, on_done=partial(self._on_page, self._generation),
                            on_error=partial(self._on_error, self._generation), context=self)

    def _current(self, generation: int) -> bool:
        return generation == self._generation and not self._disposed

    def _show(self, rows: list[CaseloadRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _on_page(self, generation: int, page: CaseloadPage) -> None:
        if not self._current(generation):
            return
        if self._replace:
            self._replace = False
            self._show(list(page.rows))
        elif page.rows:
            first = len(self._rows)
            self.beginInsertRows(_ROOT, first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._cursor = page.next_cursor
        self._has_more = page.next_cursor is not None
        self._fetching = False
        self.loaded.emit()

    def _on_results(self, generation: int, rows: list[CaseloadRow]) -> None:
        if not self._current(generation):
            return
        self._show(list(rows))
        self._fetching = False
        self.total_changed.emit(len(rows))
        self.loaded.emit()

    def _on_count(self, generation: int, count: int) -> None:
        if self._current(generation):
            self.total_changed.emit(count)

    def _on_error(self, generation: int, exc: Exception) -> None:
        if not self._current(generation):
            return
        if self._replace or self._query:
            self._show([])  # not the rows of the filters or search the coach has just left
        self._replace = False
        self._fetching = False
        self._has_more = False
        self.failed.emit(error_text(exc))
